"""Logs an operator can ship: one line per turn or refusal, JSON on request, and no identifier or token in any
line, from our code or a library, even at DEBUG."""
from __future__ import annotations

import json
import logging

from hypothesis import example, given
from hypothesis import strategies as st

from bot.logs import FIELDS, configure_logging
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


def test_ids_percent_encoded_in_the_request_lines_libraries_log_at_debug_are_replaced_by_the_same_hash():
    """urllib3's line for a reply (botbuilder) and azure-core's for a blob carry the id URL-encoded."""
    from bot.logs import redact
    encoded = CONVERSATION.replace(":", "%3A").replace("@", "%40")
    lines = [f'http://127.0.0.1:45905 "POST /v3/conversations/{encoded}/activities/1945 HTTP/1.1" 200 13',
             f"Request URL: 'http://127.0.0.1:10000/devstoreaccount1/bot-state/msteams/conversations/{encoded}'",
             f"Request URL: 'https://x.blob.core.windows.net/c/msteams%2Fconversations%2F{encoded}?comp=x'",
             f"GET /v3/conversations/{encoded.replace('%', '%25')}/members HTTP/1.1",
             f"{USER.replace(':', '%3a')} replied in {CONVERSATION}"]
    redacted = [redact(line) for line in lines]
    for line in redacted:
        assert "1c0ffee5ecret7a1k" not in line and "1adeleVanceSecretId" not in line, line
    assert len({line[line.index("id#"):][:15] for line in redacted}) == 2  # one hash per id, whatever its encoding
    assert redact("at 19:15:00 in room 19%3A") == "at 19:15:00 in room 19%3A"


async def test_no_reply_request_logged_at_debug_carries_the_conversation_id_in_any_encoding(teams):
    """Both hosts, replies posted over HTTP to the Bot Connector, the root handler at DEBUG as ``LOG_LEVEL`` sets it."""
    import io
    from bot.logs import configure_logging
    root, output = logging.getLogger(), io.StringIO()
    saved = root.handlers[:], root.level
    configure_logging("DEBUG", "text", output)
    try:
        user = teams("channel")
        assert await user.say("I can't record my meeting", mention=True)
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    log = output.getvalue()
    secret = user.conversation_id.split(":", 1)[1].split("@")[0]
    assert "DEBUG" in log and secret not in log, [line for line in log.splitlines() if secret in line]


def _logged(log_format: str, tmp_path) -> str:
    """One record whose message and structured fields both carry an e-mail address, as the handler writes it."""
    path = tmp_path / f"{log_format}.log"
    with path.open("w") as stream:
        handler = configure_logging("INFO", log_format, stream)
        try:
            logging.getLogger("bot.test").info("sent to %s", "adele@contoso.com",
                                               extra={FIELDS: {"event": "sent", "to": "adele@contoso.com"}})
        finally:
            logging.getLogger().removeHandler(handler)
    return path.read_text()


def test_an_address_in_a_message_or_its_fields_never_reaches_either_format(tmp_path):
    for log_format in ("text", "json"):
        written = _logged(log_format, tmp_path)
        assert "sent to [email]" in written and "contoso" not in written, written
    assert json.loads(_logged("json", tmp_path))["to"] == "[email]"


# Letters whose other case is not ASCII (the long s, the Kelvin sign, the dotted I), and the marks' own letters.
MARKS_ALPHABET = st.sampled_from(list("BEARERbearerBASICbasicEYJeyj:@%253Aa ſKİı\u212ax"))


@given(st.text(MARKS_ALPHABET) | st.text())
@example("Authorization: Basic abc")
@example("baſic dXNlcg==")  # the long s is an s to the case-blind regex: the quick test must say so too
@example("turn conv=abcdef012345 type=message state=check_policy outcome=ok ms=1.2")
def test_the_quick_test_for_a_secret_is_the_case_blind_regex_exactly(text):
    """Every record passes the redaction's first test; a line it lets through is never searched again."""
    from bot.logs import _MAYBE_SECRET, may_hold_secret

    assert may_hold_secret(text) == (_MAYBE_SECRET.search(text) is not None)
