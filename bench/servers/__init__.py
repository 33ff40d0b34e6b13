"""The servers the benchmark compares ours with, each run as its own process.

- ``floor``: a bare aiohttp handler, the fastest a Python HTTP turn can be here;
- ``echo_bot``: the stock botbuilder stack (CloudAdapter, MemoryStorage), one reply per turn;
- ``connector``: a stand-in for the Bot Connector service, where the stock bot
  posts its replies when a turn is not sent with ``deliveryMode: expectReplies``.
"""

from __future__ import annotations

import argparse
from typing import Callable

from aiohttp import web


async def healthz(_: web.Request) -> web.Response:
    """Not in the stock samples; lets the benchmark time each server's start like it times ours."""
    return web.json_response({"status": "ok"})


def add_routes(app: web.Application, messages: Callable) -> web.Application:
    """``POST /api/messages`` to ``messages``, and ``GET /healthz``."""
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    return app


def run(create_app: Callable[[], web.Application], description: str) -> None:
    """Every server's whole ``main``: take ``--port`` and serve on loopback until killed, with no log per request."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    web.run_app(create_app(), host="127.0.0.1", port=args.port, access_log=None, print=None)
