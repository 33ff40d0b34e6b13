"""SIGTERM while the Bot Connector hangs, on both hosts: the bot stops in bounded time and loses nothing.

App Service and systemd send SIGTERM, then kill the process after their grace
period. With replies hanging at the Bot Connector, botbuilder's host took about
99 s to exit (its POSTs held asyncio's default threads) and the Agents host 22 s.
"""
from __future__ import annotations

import concurrent.futures
import signal
import time
import uuid
from pathlib import Path

import pytest

from tests.support.identity import StandInIdentityProvider
from tests.support.server import BotServer, loopback_activity, post_json

SHUTDOWN_S = 3
TURNS = 6
ORGANIZER = {"state": "check_meeting_role", "answer": "organizer"}


@pytest.fixture(scope="module")
def identity():
    provider = StandInIdentityProvider().start()
    yield provider
    provider.stop()


def say(bot: BotServer, conversation: str, connector: str | None, text: str = "", value: dict | None = None):
    """A message in ``conversation``: its replies go to ``connector``, or come back in the answer when None."""
    fields = {"serviceUrl": connector, "deliveryMode": None} if connector else {}
    activity = loopback_activity(conversation={"id": conversation}, text=text, **fields)
    if value is not None:
        activity["value"] = value
    return post_json(bot, activity)


def pending(answer: dict) -> str | None:
    """The question the last card of an ``expectReplies`` answer asks (a "Why? / Sources" card has no state)."""
    states = [action["data"].get("state") for reply in answer.get("activities", [])
              for attachment in reply.get("attachments") or [] for action in attachment["content"].get("actions", [])
              if action["type"] == "Action.Submit"]
    return states[-1] if states else None


def test_sigterm_with_a_hung_bot_connector_exits_0_in_bounded_time_and_keeps_every_answer(identity, tmp_path, sdk):
    state = tmp_path / "state.db"
    bot = BotServer({"BOT_SDK": sdk, "BOT_STORAGE": "sqlite", "BOT_STATE_PATH": str(state),
                     "BOT_SHUTDOWN_TIMEOUT_S": str(SHUTDOWN_S), "BOT_REPLY_TIMEOUT_S": "120",
                     "BOT_REPLY_BUDGET_S": "120"}, tmp_path / "bot.log").start()
    connector = identity.url + "/"
    chats = [f"a:1{uuid.uuid4().hex}" for _ in range(TURNS)]
    for chat in chats:
        assert say(bot, chat, connector, "I can't record my meeting")[0] == 200
    identity.hang_replies.set()
    try:
        attempts = identity.reply_attempts
        with concurrent.futures.ThreadPoolExecutor(TURNS) as pool:
            clicks = [pool.submit(say, bot, chat, connector, value=ORGANIZER) for chat in chats]
            deadline = time.monotonic() + 20
            while identity.reply_attempts < attempts + TURNS and time.monotonic() < deadline:
                time.sleep(0.05)
            assert identity.reply_attempts >= attempts + TURNS, bot.log_tail()
            started = time.monotonic()
            bot.process.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            assert bot.health() == (None, {}), "still taking requests after SIGTERM"
            bot.process.wait(timeout=60)
            took = time.monotonic() - started
            answers = [click.result(timeout=5) for click in clicks]
    finally:
        identity.hang_replies.clear()
    assert bot.process.returncode == 0, bot.log_tail()
    assert took < SHUTDOWN_S + 3, f"{took:.1f} s from SIGTERM to exit with BOT_SHUTDOWN_TIMEOUT_S={SHUTDOWN_S}"
    assert [status for status, _ in answers] == [200] * TURNS, answers
    assert not Path(f"{state}-wal").exists() or Path(f"{state}-wal").stat().st_size == 0, "SQLite not checkpointed"
    assert bot.log_tail(10**6).count("reply not delivered") == TURNS

    bot.start()
    for chat in chats:
        status, answer = say(bot, chat, None, value=ORGANIZER)  # they saw nothing, so they click again
        assert status == 200 and pending(answer) == "check_auth_type", answer
        status, summary = say(bot, chat, None, "summary")
        assert summary["activities"][0]["value"]["checks"] == {"check_meeting_type": "meeting", "check_meeting_role": "organizer"}
    bot.kill()
