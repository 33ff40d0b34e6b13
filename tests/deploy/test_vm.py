"""Running on your own VM: the systemd unit, its environment file, and Caddy in front of the real bot.

The unit is checked by systemd's own parser; Caddy runs for real on loopback with
deploy/Caddyfile, only its site address and upstream port changed for the test.
"""
from __future__ import annotations

import configparser
import json
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest

from bot.settings import Settings
from manifest.toolkit import read_env_file
from bot.cli.playground import free_port
from tests.support.server import REPO, TeamsChat, bot_server  # noqa: F401 (fixture)
from tests.support.settings_names import variables_read

DEPLOY = REPO / "deploy"
UNIT = DEPLOY / "recording-troubleshooter.service"
CADDYFILE = DEPLOY / "Caddyfile"
BOT_FRAMEWORK_WAIT_S = 15  # the Bot Framework waits about this long for a bot's answer


def unit_options() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(UNIT)
    return parser


def caddy_setting(name: str) -> str:
    match = re.search(rf"^\s*{name}\s+(\S+)\s*$", CADDYFILE.read_text(), re.MULTILINE)
    assert match, f"the Caddyfile sets no {name}"
    return match.group(1)


def test_the_unit_runs_the_bot_as_a_non_root_user_restarted_on_failure():
    service = unit_options()["Service"]
    assert service["User"] not in ("root", "0") and service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/recording-troubleshooter/env"
    assert service["ExecStart"].endswith("-m bot serve")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_unit_and_would_refuse_a_mistyped_one(tmp_path):
    def verify(text: str) -> str:
        copy = tmp_path / "recording-troubleshooter.service"
        copy.write_text(text.replace("/opt/recording-troubleshooter/.venv/bin/python", sys.executable)
                            .replace("/opt/recording-troubleshooter", str(REPO)))
        result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
        return (result.stdout + result.stderr).strip()

    assert verify(UNIT.read_text()) == ""
    assert "restart specifier" in verify(UNIT.read_text().replace("Restart=on-failure", "Restart=sometimes"))


def test_the_environment_file_sets_only_what_the_bot_reads_and_listens_on_loopback():
    env = read_env_file(DEPLOY / "recording-troubleshooter.env")
    assert set(env) <= set(variables_read())
    assert env["HOST"] == "127.0.0.1" and env["MicrosoftAppType"] == "SingleTenant"


def test_the_proxy_limits_match_the_bots_own():
    env = read_env_file(DEPLOY / "recording-troubleshooter.env")
    limits = {int(n) for n in re.findall(r"\b\d{6,}\b", CADDYFILE.read_text())}  # max_size, the 413 rule
    assert limits == {Settings().max_body_bytes} == {int(env["BOT_MAX_BODY_BYTES"])}
    assert int(caddy_setting("max_size")) == Settings().max_body_bytes
    assert caddy_setting("response_header_timeout") == f"{BOT_FRAMEWORK_WAIT_S}s"


@pytest.fixture
def proxied(bot_server, tmp_path):  # noqa: F811 (the fixture imported above)
    """The bot behind Caddy, both on loopback; returns the proxy's base URL."""
    caddy = shutil.which("caddy")
    if caddy is None:
        pytest.skip("Caddy is not installed here (apt-get install caddy)")
    bot = bot_server(BOT_STORAGE="memory")
    port = free_port()
    # the upstream first: a proxy port such as 39781 begins with 3978, and would be rewritten with it (CI's miss)
    config = CADDYFILE.read_text().replace("127.0.0.1:3978", f"127.0.0.1:{bot.port}")
    config = "{\n\tadmin off\n}\n" + config.replace("bot.contoso.com {", f"http://127.0.0.1:{port} {{")
    (tmp_path / "Caddyfile").write_text(config)
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    with open(tmp_path / "caddy.log", "wb") as log:
        process = subprocess.Popen([caddy, "run", "--adapter", "caddyfile", "--config", str(tmp_path / "Caddyfile")],
                                   env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(url + "/healthz", process, log=tmp_path / "caddy.log")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_until_answers(url: str, process: subprocess.Popen, timeout: float = 30.0, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"caddy exited: {log.read_text()[-800:] if log else ''}"
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer through the proxy in {timeout:.0f} s")


async def request(method: str, url: str, body: bytes | None = None) -> tuple[int, bytes]:
    """Like a well-behaved client (and the Bot Framework): an early answer is read, not lost in a reset."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    async with aiohttp.ClientSession() as session:
        async with session.request(method, url, data=body, headers=headers,
                                   timeout=aiohttp.ClientTimeout(total=30)) as answer:
            return answer.status, await answer.read()


def activity_of_size(size: int) -> bytes:
    """A Teams message whose JSON is exactly ``size`` bytes long (padded in a field the bot ignores)."""
    activity = TeamsChat(http=None).activity(text="I can't record my meeting", textFormat="plain")
    activity["channelData"]["padding"] = ""
    padding = size - len(json.dumps(activity).encode())
    activity["channelData"]["padding"] = "x" * padding
    return json.dumps(activity).encode()


async def test_a_turn_through_the_proxy_is_answered(proxied):
    status, body = await request("POST", proxied + "/api/messages", activity_of_size(2000))
    assert status == 200 and json.loads(body)["activities"]


async def test_a_body_at_the_limit_passes_and_one_byte_more_is_refused_in_the_bots_words(proxied):
    limit = Settings().max_body_bytes
    assert (await request("POST", proxied + "/api/messages", activity_of_size(limit)))[0] == 200
    for _attempt in range(5):  # refused before upload, so never a 502 from a connection the bot closed
        status, body = await request("POST", proxied + "/api/messages", activity_of_size(limit + 1))
        assert status == 413, body
        assert json.loads(body)["error"] == "body_too_large", body


async def test_the_proxy_serves_the_health_checks_and_nothing_else(proxied):
    status, body = await request("GET", proxied + "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    assert (await request("GET", proxied + "/admin"))[0] == 404
