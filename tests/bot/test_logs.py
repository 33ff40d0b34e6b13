"""Logs an operator can ship: one line per turn or refusal, JSON on request, and no identifier or token in any
line, from our code or a library, even at DEBUG."""
from __future__ import annotations

import json
import logging

from tests.support.server import BotServer, loopback_activity, post_json

CONVERSATION = "19:1c0ffee5ecret7a1k@thread.v2"
USER = "29:1adeleVanceSecretId"
UPN = "adele.vance@contoso.com"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGVsZSJ9.c2lnbmF0dXJl"


def post(server: BotServer, body: dict, **headers: str) -> int:
    return post_json(server, body, **headers)[0]


def group_message(text: str, **fields) -> dict:
    return loopback_activity(**{"text": text, "from": {"id": USER, "name": UPN, "aadObjectId": UPN},
                                "conversation": {"id": CONVERSATION}, **fields})


def test_json_logs_are_one_object_per_line_with_the_turn_fields(tmp_path):
    bot = BotServer({"BOT_STORAGE": "memory", "LOG_FORMAT": "json"}, tmp_path / "bot.log").start()
    try:
        assert post(bot, group_message("I can't record my meeting")) == 200
        assert post(bot, {"type": "message"}) == 400
    finally:
        bot.kill()
    entries = [json.loads(line) for line in bot.log_path.read_text().splitlines()]  # every line is JSON
    turn = next(e for e in entries if e["event"] == "turn")
    assert {"time", "level", "conv", "state", "outcome", "ms"} <= set(turn) and turn["level"] == "INFO"
    assert turn["conv"] != CONVERSATION and len(turn["conv"]) == 12 and turn["state"] != "-"
    refused = next(e for e in entries if e["event"] == "rejected")
    assert refused["status"] == 400 and refused["error"] == "incomplete_activity"


def test_no_line_carries_an_id_a_token_or_an_address_even_at_debug(tmp_path):
    bot = BotServer({"BOT_STORAGE": "memory", "LOG_LEVEL": "DEBUG"}, tmp_path / "bot.log").start()
    try:
        assert post(bot, group_message(f"mail {UPN}", entities=[{"type": "mention", "text": UPN}])) == 200
        assert post(bot, group_message("hello", serviceUrl=f"https://{UPN}/"), Authorization=f"Bearer {TOKEN}") == 401
        assert post(bot, group_message(TOKEN, conversation={"id": CONVERSATION, "name": UPN})) == 200
        assert post(bot, {"type": "message", "text": UPN, "conversation": {"id": CONVERSATION}}) == 400
    finally:
        bot.kill()
    log = bot.log_path.read_text()
    assert "DEBUG" in log, "the bot did not log at DEBUG"
    for secret in (CONVERSATION, USER, UPN, TOKEN, TOKEN.split(".")[1]):
        assert secret not in log, f"{secret!r} reached the log"


async def test_a_reply_that_cannot_be_delivered_is_one_error_line_with_its_code(teams, connector, caplog):
    """The Bot Connector answers 503 to everything: one line with the reference and the cause, no traceback."""
    connector.fail_next = 1000
    with caplog.at_level(logging.DEBUG):
        response = await teams().client.post("/api/messages", json=teams().message("I can't record my meeting"))
    assert response.status < 500
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "reply not delivered ref=" in errors[0].getMessage(), \
        [r.getMessage() for r in errors]
    assert errors[0].exc_info is None and "HTTP 503" in errors[0].getMessage()
