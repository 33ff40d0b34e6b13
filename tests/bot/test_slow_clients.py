"""Slow clients against ``python -m bot serve``: half-sent requests are cut off after the read timeout,
and a thousand of them neither stop other users being served nor flood the log."""
from __future__ import annotations

import resource
import selectors
import socket
import time

from tests.support.server import BotServer, loopback_activity, post_json

READ_TIMEOUT_S = 1


def open_slow_connections(port: int, count: int) -> list[socket.socket]:
    """Half of them stop in the middle of the headers, half in the middle of the body."""
    heads = (b"POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty",
             b"POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
             b"Content-Length: 500\r\n\r\n{\"type\": \"mess")
    connections = []
    for i in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(heads[i % 2])
        connections.append(sock)
    return connections


def closed_by_server(connections: list[socket.socket], within: float) -> int:
    """How many of them the server closed (EOF, after any answer) within ``within`` seconds."""
    selector = selectors.DefaultSelector()
    for sock in connections:
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
    closed, deadline = 0, time.monotonic() + within
    while closed < len(connections) and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.2):
            try:
                data = key.fileobj.recv(65536)
            except ConnectionError:
                data = b""
            if not data:
                selector.unregister(key.fileobj)
                closed += 1
    selector.close()
    return closed


def message_turn(server: BotServer) -> int:
    return post_json(server, loopback_activity())[0]


def test_a_thousand_half_sent_requests_are_cut_off_and_others_are_served(tmp_path):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 4096)), hard))
    bot = BotServer({"BOT_STORAGE": "memory", "BOT_READ_TIMEOUT_S": str(READ_TIMEOUT_S)}, tmp_path / "bot.log").start()
    connections = open_slow_connections(bot.port, 1000)
    try:
        assert message_turn(bot) == 200, "a normal user waited behind the slow clients"
        assert bot.health()[0] == 200
        closed = closed_by_server(connections, within=READ_TIMEOUT_S + 20)
        assert closed == len(connections), f"only {closed} of {len(connections)} slow connections were closed"
        assert message_turn(bot) == 200
    finally:
        for sock in connections:
            sock.close()
        bot.kill()
    log = bot.log_path.read_text(errors="replace")
    assert "Traceback" not in log and len(log) < 100_000, log[-3000:]
