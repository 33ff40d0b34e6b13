"""Hypothesis throws bodies and headers at ``python -m bot serve``: never a 5xx, a JSON reason with every 4xx
the bot itself gives, and the bot still answers a normal turn afterwards. Bounded to well under a minute."""
from __future__ import annotations

import json
import socket

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.settings import SDKS
from tests.support.server import BotServer, loopback_activity

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])
ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=40)  # lone surrogates included
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=20)
DEEP = st.integers(min_value=1, max_value=3000).map(lambda depth: b"[" * depth + b"]" * depth)
LONG_NUMBER = st.integers(min_value=1000, max_value=6000).map(lambda digits: b'{"type": "message", "n": %s}'
                                                               % (b"7" * digits))
FIELDS = ("type", "id", "channelId", "serviceUrl", "text", "value", "from", "recipient", "conversation",
          "entities", "attachments", "membersAdded", "name", "timestamp", "channelData", "locale", "replyToId")


@pytest.fixture(scope="module", params=SDKS)
def bot(tmp_path_factory, request):
    """The server, once per host."""
    server = BotServer({"BOT_STORAGE": "sqlite", "BOT_SDK": request.param,
                        "BOT_STATE_PATH": str(tmp_path_factory.mktemp("fuzz") / "s.db")},
                       tmp_path_factory.mktemp("fuzz-log") / "bot.log").start()
    yield server
    server.kill()


def activity(**fields) -> dict:
    return loopback_activity(**{"conversation": {"id": "a:1fuzz"}, **fields})


def exchange(server: BotServer, head: bytes, body: bytes = b"") -> tuple[int, dict[str, str], bytes]:
    """One raw HTTP/1.1 request on its own connection: the status, headers and body of the answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(head + body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    top, _, content = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = top.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in header_lines)}
    return int(status_line.split(" ", 2)[1]), headers, content


def post(server: BotServer, body: bytes, *headers: bytes) -> tuple[int, dict[str, str], bytes]:
    head = (b"POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + b"".join(h + b"\r\n" for h in headers) + b"Content-Length: %d\r\n\r\n" % len(body))
    return exchange(server, head, body)


def assert_answered_well(status: int, headers: dict[str, str], content: bytes) -> None:
    assert status < 500, (status, content[:300])
    if status >= 400 and headers.get("content-type", "").startswith("application/json"):
        answer = json.loads(content)
        assert answer["error"] and answer["reason"], answer


@FUZZ
@given(field=st.sampled_from(FIELDS), value=JSON_VALUES)
def test_any_value_in_any_activity_field(bot, field, value):
    assert_answered_well(*post(bot, json.dumps(activity(**{field: value})).encode(),
                               b"Content-Type: application/json"))


@FUZZ
@given(body=st.binary(max_size=300) | DEEP | LONG_NUMBER | JSON_VALUES.map(lambda v: json.dumps(v).encode()))
def test_any_body(bot, body):
    assert_answered_well(*post(bot, body, b"Content-Type: application/json"))


HEADER_BYTES = st.binary(min_size=1, max_size=60).filter(lambda b: b"\r" not in b and b"\n" not in b)


@FUZZ
@given(content_type=HEADER_BYTES | st.sampled_from([b"application/json", b"text/plain", b""]),
       authorization=st.none() | HEADER_BYTES, extra=st.lists(st.tuples(HEADER_BYTES, HEADER_BYTES), max_size=3))
def test_any_headers(bot, content_type, authorization, extra):
    headers = [b"Content-Type: " + content_type]
    headers += [b"Authorization: " + authorization] if authorization is not None else []
    headers += [name + b": " + value for name, value in extra]
    assert_answered_well(*post(bot, json.dumps(activity()).encode(), *headers))


def test_after_the_fuzzing_a_normal_turn_is_answered(bot):
    status, _, content = post(bot, json.dumps(activity(conversation={"id": "a:1after"})).encode(),
                              b"Content-Type: application/json")
    assert status == 200 and json.loads(content)["activities"]
    assert "Traceback" not in bot.log_tail(10**7)
