"""The bot as a user's channel meets it: ``python -m bot serve`` in its own process, spoken to over HTTP.

- :class:`BotServer`: one server process on a free loopback port; ``kill()``
  is SIGKILL (a crash), ``start()`` again reuses the port and settings.
- ``bot_server``: a fixture that starts servers and kills every one at the end.
- :class:`TeamsChat`: one personal chat; it builds the activities Teams posts,
  with ``deliveryMode: expectReplies`` so the replies come back in the answer
  and no Bot Connector is needed.

Import the fixture into a test module (``from tests.support.server import
bot_server``). Every wait here is bounded: start-up is polled, not slept.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Iterator

import aiohttp
import pytest

from bot.cli.playground import free_port
from tests.conftest import OUR_VARIABLES

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 90.0  # a loaded 2-core machine takes a few seconds to import botbuilder
TURN_TIMEOUT = 30.0  # more than any store's own bound (SQLite's busy timeout, blob retries)
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
# Teams reaches the bot directly: the proxy variables a test run may set are for the bot's own outbound calls.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class BotServer:
    """One ``python -m bot serve`` process; it keeps its port, settings and log across restarts.

    Args:
        env: the bot's settings (``BOT_STORAGE`` and friends), on top of a clean environment.
        log_path: where its output goes (appended to across restarts).
    """

    def __init__(self, env: dict[str, str], log_path: Path, port: int | None = None):
        clean = {k: v for k, v in os.environ.items() if not k.startswith(OUR_VARIABLES)}
        self.env = {**clean, "HOST": "127.0.0.1", "PYTHONUNBUFFERED": "1", **env}
        self.log_path = Path(log_path)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, timeout: float = START_TIMEOUT) -> "BotServer":
        """Start it and wait until ``/healthz`` answers."""
        if self.running:
            return self
        with open(self.log_path, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", "--port", str(self.port)],
                cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise RuntimeError(f"the bot exited with {self.process.returncode}:\n{self.log_tail()}")
            if self.health()[0] is not None:
                return self
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"the bot did not answer /healthz in {timeout:.0f} s:\n{self.log_tail()}")

    def health(self) -> tuple[int | None, dict]:
        """``GET /healthz`` (liveness): the status and JSON body, or ``(None, {})`` when nothing answers."""
        return self.probe("/healthz")

    def ready(self) -> tuple[int | None, dict]:
        """``GET /readyz`` (readiness: the state store answers)."""
        return self.probe("/readyz")

    def probe(self, path: str) -> tuple[int | None, dict]:
        try:
            with DIRECT.open(f"{self.url}{path}", timeout=TURN_TIMEOUT) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as error:
            try:
                return error.code, json.load(error)
            except ValueError:
                return error.code, {}
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None, {}

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would: no cleanup runs."""
        if self.running:
            self.process.send_signal(signal.SIGKILL)
        if self.process is not None:
            self.process.wait(timeout=30)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no log)"


@pytest.fixture
def bot_server(tmp_path, request) -> Iterator:
    """``bot_server(BOT_STORAGE=..., ...)`` starts a server; all are killed when the test ends.

    In a test that takes the ``sdk`` fixture (tests/bot/conftest.py), the servers run on that host (``BOT_SDK``).
    """
    servers: list[BotServer] = []
    host = {"BOT_SDK": request.getfixturevalue("sdk")} if "sdk" in request.fixturenames else {}

    def start(**env: str) -> BotServer:
        server = BotServer({**host, **env}, tmp_path / f"bot-{len(servers) + 1}.log")
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.kill()


def wait_for_ready(server: BotServer, status: int, timeout: float = 60.0) -> dict:
    """Poll ``/readyz`` until it answers ``status``; return its body."""
    deadline = time.monotonic() + timeout
    seen = None
    while time.monotonic() < deadline:
        seen = server.ready()
        if seen[0] == status:
            return seen[1]
        time.sleep(0.2)
    raise AssertionError(f"/readyz never answered {status} in {timeout:.0f} s; last: {seen}")


class TeamsChat:
    """A personal chat with the bot, as Teams posts it; the replies come back in each answer."""

    def __init__(self, http: aiohttp.ClientSession):
        self.http = http
        self.id = f"a:1{uuid.uuid4().hex}"
        self.user = {"id": f"29:1{uuid.uuid4().hex[:16]}", "name": "Adele Vance"}

    def activity(self, type_: str = "message", **fields) -> dict:
        return {
            "type": type_, "id": f"1{uuid.uuid4().int % 10**12}", "channelId": "msteams",
            "serviceUrl": "https://smba.trafficmanager.net/amer/", "deliveryMode": "expectReplies",
            "from": self.user, "recipient": {"id": "28:recording-troubleshooter", "name": "Recording Troubleshooter"},
            "conversation": {"id": self.id, "conversationType": "personal"},
            "channelData": {"tenant": {"id": "72f988bf-0000-4000-8000-000000000011"}}, "locale": "en-US",
            **fields,
        }

    async def post(self, server: BotServer, activity: dict) -> list[dict]:
        """Post one activity; return the bot's replies. Anything but a 200 fails the test."""
        async with self.http.post(f"{server.url}/api/messages", json=activity,
                                  timeout=aiohttp.ClientTimeout(total=TURN_TIMEOUT)) as response:
            body = await response.text()
            assert response.status == 200, f"{response.status}: {body[:500]}"
        return json.loads(body)["activities"] if body else []

    async def added(self, server: BotServer) -> list[dict]:
        """The bot is added to the chat (Teams' conversationUpdate)."""
        bot = self.activity()["recipient"]
        return await self.post(server, self.activity("conversationUpdate", membersAdded=[bot]))

    async def say(self, server: BotServer, text: str) -> list[dict]:
        return await self.post(server, self.activity(text=text, textFormat="plain"))

    async def click(self, server: BotServer, data: dict) -> list[dict]:
        """A click on an Adaptive Card button: a message with empty text and the button's data."""
        return await self.post(server, self.activity(text="", value=data))


def buttons(replies: list[dict]) -> list[dict]:
    """The ``data`` of the buttons of the last card among these replies."""
    cards = [a["content"] for r in replies for a in r.get("attachments") or [] if a.get("contentType") == ADAPTIVE_CARD]
    return [action["data"] for action in cards[-1].get("actions", []) if action["type"] == "Action.Submit"] if cards else []


def button(replies: list[dict], state: str, answer: str) -> dict:
    """The button a user clicks: that answer on the card asking ``state``; fails when it is not offered."""
    offered = buttons(replies)
    wanted = [data for data in offered if data.get("state") == state and data.get("answer") == answer]
    assert wanted, f"no {state}/{answer} button on the last card; it offers {offered}"
    return wanted[0]


def pending(replies: list[dict]) -> str | None:
    """The question the last card asks (its buttons' ``state``)."""
    states = {data.get("state") for data in buttons(replies)} - {None}
    return states.pop() if len(states) == 1 else None


def text_of(replies: list[dict]) -> str:
    return "\n".join(r.get("text") or "" for r in replies)


def value_of(replies: list[dict]) -> dict | None:
    """The machine-readable outcome (``causes``, ``checks``, ``unverified``, ``state``) a reply carries."""
    values = [r["value"] for r in replies if isinstance(r.get("value"), dict)]
    return values[-1] if values else None


def loopback_activity(**fields) -> dict:
    """A Teams message for a bot without credentials: its replies come back in the answer (``expectReplies``)."""
    return {"type": "message", "id": "1", "channelId": "msteams", "serviceUrl": "http://127.0.0.1:9/",
            "deliveryMode": "expectReplies", "text": "I can't record my meeting", "from": {"id": "29:1adele"},
            "recipient": {"id": "28:bot"}, "conversation": {"id": f"a:1{uuid.uuid4().hex}"}, **fields}


def post_json(server: BotServer, body: dict | bytes, **headers: str) -> tuple[int, dict]:
    """``POST /api/messages`` with plain blocking HTTP: the status and the JSON answer (``{}`` when empty)."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(f"{server.url}/api/messages", data,
                                     {"Content-Type": "application/json", **headers})
    try:
        with DIRECT.open(request, timeout=TURN_TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")
