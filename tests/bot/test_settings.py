"""Every setting is checked when the bot starts: one line naming the setting and the fix, exit status 2."""
from __future__ import annotations

import signal
import socket
import subprocess

import pytest

from bench.ingestion import IngestionSink
from bot.settings import Settings, SettingsError
from bot.telemetry import SPAN_NAME
from bot.cli.playground import free_port
from tests.support.server import BotServer, loopback_activity, post_json

APP_ID = "0c1d2e3f-0000-4000-8000-00000000a999"
TENANT = "72f988bf-0000-4000-8000-000000000011"


def serve(python, env: dict, *args: str) -> subprocess.CompletedProcess:
    """``python -m bot serve`` on a free port (should a setting be let through, it must not take someone's 3978)."""
    return subprocess.run([*python, "-m", "bot", "serve", *args], env={"PORT": str(free_port()), **env},
                          capture_output=True, text=True, timeout=60)


def assert_one_line_naming(done: subprocess.CompletedProcess, *words: str) -> None:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize("env, words", [
    ({"LOG_LEVEL": "LOUD"}, ("LOG_LEVEL", "DEBUG")),
    ({"LOG_FORMAT": "xml"}, ("LOG_FORMAT", "json")),
    ({"MicrosoftAppId": APP_ID, "MicrosoftAppType": "UserAssignedMSI"}, ("MicrosoftAppTenantId",)),
    ({"MicrosoftAppId": "my-bot", "MicrosoftAppPassword": "s", "MicrosoftAppTenantId": TENANT},
     ("MicrosoftAppId", "GUID")),
    ({"MicrosoftAppId": APP_ID, "MicrosoftAppTenantId": TENANT}, ("MicrosoftAppPassword",)),
    ({"MicrosoftAppId": APP_ID, "MicrosoftAppType": "MultiTenant"}, ("MicrosoftAppPassword",)),
    ({"MicrosoftAppPassword": "s3cret"}, ("MicrosoftAppId",)),
    ({"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "s"}, ("MicrosoftAppTenantId", "SingleTenant")),
    ({"BOT_MAX_BODY_BYTES": "100"}, ("BOT_MAX_BODY_BYTES", "4096")),
    ({"BOT_READ_TIMEOUT_S": "0"}, ("BOT_READ_TIMEOUT_S",)),
    ({"HOST": "no-such-host.invalid"}, ("HOST", "no-such-host.invalid")),
    ({"BOT_SDK": "bf5"}, ("BOT_SDK", "agents")),
    ({"BOT_REPLY_TIMEOUT_S": "-1"}, ("BOT_REPLY_TIMEOUT_S",)),
    ({"BOT_SHUTDOWN_TIMEOUT_S": "soon"}, ("BOT_SHUTDOWN_TIMEOUT_S",)),
    ({"SSL_CERT_FILE": "/no/such/ca.pem"}, ("/no/such/ca.pem", "PEM")),
    ({"HTTPS_PROXY": "proxy.contoso.com:8080"}, ("HTTPS_PROXY", "http://host:port")),
])
def test_a_wrong_setting_stops_the_server_with_one_line(python, cli_env, env, words):
    assert_one_line_naming(serve(python, {**cli_env, "BOT_STORAGE": "memory", **env}), *words)


def test_a_managed_identity_bot_starts_on_either_host(tmp_path, sdk):
    """No secret: MicrosoftAppId is the identity's client id (its turns: test_tokens)."""
    bot = BotServer({"MicrosoftAppId": APP_ID, "MicrosoftAppType": "UserAssignedMSI", "MicrosoftAppTenantId": TENANT,
                     "BOT_STORAGE": "memory", "BOT_SDK": sdk}, tmp_path / "bot.log")
    try:
        assert bot.start().health() == (200, {"status": "ok"}), bot.log_tail()
    finally:
        bot.kill()


def test_with_a_connection_string_either_host_serves_and_sends_its_turns_to_application_insights(tmp_path, sdk):
    """Served for real: a turn, then SIGTERM, and the turn has reached the (stand-in) ingestion endpoint."""
    sink = IngestionSink().start()
    bot = BotServer({"APPLICATIONINSIGHTS_CONNECTION_STRING": sink.connection_string, "BOT_STORAGE": "memory",
                     "BOT_SDK": sdk, "APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL": "true",
                     "APPLICATIONINSIGHTS_SDKSTATS_DISABLED": "true",
                     "OTEL_EXPERIMENTAL_RESOURCE_DETECTORS": "azure_app_service",  # not azure_vm: it would call IMDS
                     "OTEL_TRACES_SAMPLER": "always_on"},  # the distro's default sampler may skip a first turn
                    tmp_path / "bot.log")
    try:
        bot.start()
        status, body = post_json(bot, loopback_activity())
        assert status == 200 and body["activities"], bot.log_tail()
        bot.process.send_signal(signal.SIGTERM)
        assert bot.process.wait(timeout=30) == 0, bot.log_tail()
        turns = [e for e in sink.received("RequestData") if e["data"]["baseData"]["name"] == SPAN_NAME]
        # "I can't record my meeting": the meeting is understood, the role is asked next
        assert [t["data"]["baseData"]["properties"]["bot.state"] for t in turns] == ["check_meeting_role"]
    finally:
        bot.kill()
        sink.stop()


def test_a_port_in_use_is_named_with_the_way_out(python, cli_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        done = serve(python, {**cli_env, "BOT_STORAGE": "memory"}, "--port", port)
    assert_one_line_naming(done, port, "PORT", "--port")


def test_new_bots_are_single_tenant_by_default():
    """Microsoft no longer lets new multi-tenant bots be created."""
    settings = Settings.from_env({"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "s",
                                  "MicrosoftAppTenantId": TENANT})
    assert settings.app_type == "SingleTenant"


def test_without_credentials_the_bot_listens_on_loopback_only():
    assert Settings.from_env({}).host == "127.0.0.1"
    assert Settings.from_env({"HOST": "0.0.0.0"}).host == "0.0.0.0"
    credentials = {"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "s", "MicrosoftAppTenantId": TENANT}
    assert Settings.from_env(credentials).host == "0.0.0.0"


def test_the_sdk_endpoint_settings_are_read_under_the_sdks_names():
    settings = Settings.from_env({"TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": "http://127.0.0.1:1/openid"})
    assert dict(settings.identity_endpoints) == {"TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": "http://127.0.0.1:1/openid"}


def test_a_good_configuration_passes():
    Settings.from_env({"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "s", "MicrosoftAppTenantId": TENANT,
                       "LOG_LEVEL": "debug", "LOG_FORMAT": "JSON", "BOT_MAX_BODY_BYTES": "4096"})
    with pytest.raises(SettingsError):
        Settings.from_env({"MicrosoftAppType": "Personal"})


def test_the_agents_host_without_its_sdk_says_how_to_install_it(python, cli_env):
    """``--sdk agents`` where the ``[agents]`` extra is not installed (here: its import made to fail)."""
    code = ("import sys; sys.modules['microsoft_agents'] = None; from bot.__main__ import main; "
            "raise SystemExit(main(['serve', '--sdk', 'agents']))")
    done = subprocess.run([*python, "-c", code], env={**cli_env, "BOT_STORAGE": "memory", "PORT": str(free_port())},
                          capture_output=True, text=True, timeout=60)
    assert_one_line_naming(done, "BOT_SDK=agents", "recording-troubleshooter[agents]")
