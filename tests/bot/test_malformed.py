"""Malformed requests against ``python -m bot serve``: each gets a 4xx with a reason, never a 5xx or a traceback,
and the log says what was refused in one line, without the client's bytes."""
from __future__ import annotations

import json
import socket

import pytest

from bot.settings import SDKS
from tests.support.server import BotServer, loopback_activity, post_json

# What a client's bytes could carry that must never reach the log.
SECRET = "alice.secret@contoso.com"


@pytest.fixture(scope="module", params=SDKS)
def bot(tmp_path_factory, request):
    """The server, once per host."""
    server = BotServer({"BOT_STORAGE": "memory", "BOT_SDK": request.param},
                       tmp_path_factory.mktemp("malformed") / "bot.log").start()
    yield server
    server.kill()




def exchange(server: BotServer, raw: bytes) -> int:
    """Send raw bytes on a fresh connection; the status code of the answer."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(raw)
        answer = b""
        while b"\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def new_log(server: BotServer, since: int) -> str:
    return server.log_path.read_text(errors="replace")[since:]


def log_size(server: BotServer) -> int:
    return len(server.log_path.read_text(errors="replace"))


def assert_refused_quietly(server: BotServer, since: int) -> None:
    log = new_log(server, since)
    assert "Traceback" not in log and " ERROR " not in log, log
    assert SECRET not in log, log


MALFORMED_JSON = [
    ("1,000 levels deep", b"[" * 1000 + b"]" * 1000, "too_deeply_nested"),
    ("deep inside an activity", json.dumps(loopback_activity(value=json.loads("[" * 200 + "]" * 200))).encode(),
     "too_deeply_nested"),
    ("a lone surrogate in conversation.id", json.dumps(loopback_activity(conversation={"id": "a:1\ud800"})).encode(),
     "invalid_unicode"),
    ("a lone surrogate in the text", json.dumps(loopback_activity(text="hi \udc00")).encode(), "invalid_unicode"),
    ("a lone surrogate in a key", json.dumps(loopback_activity(value={"\ud800": 1})).encode(), "invalid_unicode"),
    ("a 5,000-digit number", json.dumps(loopback_activity()).encode()[:-1] + b', "n": ' + b"7" * 5000 + b"}",
     "malformed_json"),
    ("bytes that are not UTF-8", b'{"type": "message", "text": "\xff"}', "not_utf8"),
    ("an encoded surrogate", b'{"type": "message", "text": "\xed\xa0\x80"}', "not_utf8"),
]


@pytest.mark.parametrize("why, body, error", MALFORMED_JSON, ids=[case[0] for case in MALFORMED_JSON])
def test_malformed_json_gets_a_400_with_its_reason(bot, why, body, error):
    since = log_size(bot)
    status, answer = post_json(bot, body)
    assert (status, answer.get("error")) == (400, error), f"{why}: {status} {answer}"
    assert answer["reason"]
    assert_refused_quietly(bot, since)
    assert post_json(bot, json.dumps(loopback_activity()).encode())[0] == 200, "the server stopped answering"


def test_a_long_number_is_named_as_such_not_as_bad_utf8(bot):
    status, answer = post_json(bot, json.dumps(loopback_activity()).encode()[:-1] + b', "n": ' + b"7" * 5000 + b"}")
    assert status == 400 and "digits" in answer["reason"] and "UTF-8" not in answer["reason"]


def test_a_surrogate_pair_written_as_escapes_is_fine(bot):
    status, answer = post_json(bot, json.dumps(loopback_activity(text="recording \U0001F3A5 gone")).encode())
    assert status == 200 and answer["activities"]


def request_head(*headers: str, method: str = "POST", path: str = "/api/messages") -> bytes:
    return (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "".join(h + "\r\n" for h in headers)).encode()


PARSER_REJECTS = [
    ("a header over 8 KB", request_head(f"X-Token: {SECRET}" + "x" * 9000) + b"\r\n"),
    ("too many headers", request_head(*[f"X-H{i}: {SECRET}" for i in range(200)]) + b"\r\n"),
    ("a bad chunk size", request_head("Content-Type: application/json", "Transfer-Encoding: chunked")
     + b"\r\nzz\r\n" + SECRET.encode() + b"\r\n0\r\n\r\n"),
    ("Content-Encoding: br", request_head("Content-Type: application/json", "Content-Encoding: br",
                                          "Content-Length: 24") + b"\r\n" + SECRET.encode()),
    ("two Content-Lengths", request_head("Content-Type: application/json", "Content-Length: 24",
                                         "Content-Length: 25") + b"\r\n" + SECRET.encode()),
    ("a NUL in a header", request_head(f"X-Note: {SECRET}\x00x", "Content-Length: 0") + b"\r\n"),
    ("a method that is not a token", request_head(method="PO\x01ST") + b"\r\n"),
    ("an unknown method", request_head("Content-Length: 0", method="BREW") + b"\r\n"),
]


@pytest.mark.parametrize("why, raw", PARSER_REJECTS, ids=[case[0] for case in PARSER_REJECTS])
def test_what_the_http_parser_rejects_is_a_4xx_and_one_warning_line(bot, why, raw):
    since = log_size(bot)
    status = exchange(bot, raw)
    assert 400 <= status < 500, f"{why}: {status}"
    assert_refused_quietly(bot, since)
    lines = new_log(bot, since).strip().splitlines()
    assert len(lines) <= 1 and all("rejected" in line for line in lines), lines
    assert bot.health()[0] == 200
