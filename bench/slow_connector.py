"""Replies through a slow or hung Bot Connector: turns per second, and the time from SIGTERM to exit.

    python -m bench.slow_connector [--sdk botbuilder|agents] [--delay 0.2] [--turns 300] [--concurrency 32]
    python -m bench.slow_connector --sigterm [--sdk ...] [--turns 8]
    python -m bench.slow_connector --repo /path/to/another/checkout ...   (the same figures for other code)

Starts ``python -m bot serve`` (memory store, anonymous, on loopback) and a stand-in
Bot Connector on loopback that takes ``--delay`` seconds to answer each reply POST
(Teams' own is often 100 to 300 ms). A turn is one Teams message whose reply goes to
that connector (normal delivery, not ``expectReplies``), so the bot's HTTP answer
waits for its reply POST. ``--sigterm``: the connector never answers; once
``--turns`` replies hang there, SIGTERM the bot and time its exit.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import aiohttp
from aiohttp import web
from bot.cli.playground import free_port

ROOT = Path(__file__).resolve().parents[1]


class Connector:
    """The Bot Connector's reply endpoints, answering after ``delay`` seconds (never, with ``hang``)."""

    def __init__(self, delay: float, hang: bool):
        self.delay, self.hang, self.posts = delay, hang, 0
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._reply)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._reply)
        runner = web.AppRunner(app, shutdown_timeout=0.1)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", self.port).start()

    async def _reply(self, request: web.Request) -> web.Response:
        await request.read()
        self.posts += 1
        await asyncio.sleep(3600 if self.hang else self.delay)
        return web.json_response({"id": "1:1"})


def start_bot(repo: Path, sdk: str, port: int, log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MicrosoftApp", "BOT_", "TO_BOT", "TO_CHANNEL"))}
    env.update(BOT_SDK=sdk, BOT_STORAGE="memory", HOST="127.0.0.1", PYTHONPATH=str(repo))
    process = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port)], cwd=repo, env=env,
                               stdout=open(log, "wb"), stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            import urllib.request
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"the bot exited: {log.read_text()[-2000:]}") from None
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the bot did not start")


def turn(connector_url: str) -> dict:
    return {"type": "message", "id": "1", "channelId": "msteams", "serviceUrl": connector_url,
            "text": "I can't record my meeting", "from": {"id": "29:1adele"}, "recipient": {"id": "28:bot"},
            "conversation": {"id": f"a:1{uuid.uuid4().hex}", "conversationType": "personal"}}


async def drive(bot_url: str, connector_url: str, turns: int, concurrency: int) -> tuple[float, int]:
    """Seconds for ``turns`` turns at ``concurrency``, and how many answered 200 (a dropped one counts as not)."""
    gate, ok = asyncio.Semaphore(concurrency), 0
    timeout = aiohttp.ClientTimeout(total=600)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        async def one() -> None:
            nonlocal ok
            async with gate, http.post(f"{bot_url}/api/messages", json=turn(connector_url)) as response:
                await response.read()
                ok += response.status == 200
        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(turns)), return_exceptions=True)
        return time.perf_counter() - started, ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sdk", default="botbuilder", choices=("botbuilder", "agents"))
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--turns", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--sigterm", action="store_true")
    parser.add_argument("--repo", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    connector = Connector(args.delay, hang=args.sigterm)
    port = free_port()
    log = Path(f"/tmp/slow-connector-{args.sdk}-{port}.log")
    bot = start_bot(args.repo.resolve(), args.sdk, port, log)
    bot_url = f"http://127.0.0.1:{port}"
    try:
        if not args.sigterm:
            asyncio.run(drive(bot_url, connector.url, 32, 32))  # warm-up
            took, ok = asyncio.run(drive(bot_url, connector.url, args.turns, args.concurrency))
            print(f"{args.sdk}: {args.turns} turns at concurrency {args.concurrency}, connector "
                  f"{args.delay * 1000:.0f} ms: {args.turns / took:.0f} turns/s, {ok} answered 200")
            return 0
        loader = threading.Thread(target=lambda: asyncio.run(drive(bot_url, connector.url, args.turns, args.turns)),
                                  daemon=True)
        loader.start()
        deadline = time.monotonic() + 30
        while connector.posts < args.turns and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        bot.send_signal(signal.SIGTERM)
        try:
            code = bot.wait(timeout=300)
            print(f"{args.sdk}: {connector.posts} replies hung; SIGTERM to exit {time.monotonic() - started:.1f} s, "
                  f"exit code {code}")
        except subprocess.TimeoutExpired:
            print(f"{args.sdk}: still running 300 s after SIGTERM")
        return 0
    finally:
        if bot.poll() is None:
            bot.kill()
            bot.wait()


if __name__ == "__main__":
    sys.exit(main())
