"""A stand-in for the Bot Connector service, on loopback.

    python -m bench.servers.connector --port P

The stock echo bot runs in normal delivery mode (its adapter fails on
``expectReplies``), so each reply is POSTed to the ``serviceUrl`` of the
activity, as Teams' connector would receive it. This answers the two routes
the SDK uses for that with the ``ResourceResponse`` the real service returns,
and counts what arrived so the benchmark can check one reply per turn.
"""
from __future__ import annotations

import itertools
import json

from aiohttp import web

from bench.servers import run

RECEIVED = web.AppKey("received", dict)


async def post_activity(request: web.Request) -> web.Response:
    try:
        activity = json.loads(await request.read())
    except ValueError:
        return web.json_response({"error": {"code": "BadArgument", "message": "body is not JSON"}}, status=400)
    if not isinstance(activity, dict) or activity.get("type") is None:
        return web.json_response({"error": {"code": "BadArgument", "message": "not an activity"}}, status=400)
    received = request.app[RECEIVED]
    received["activities"] += 1
    return web.json_response({"id": f"1:{next(received['ids'])}"})


async def stats(request: web.Request) -> web.Response:
    """How many activities arrived: read by the benchmark after each run."""
    return web.json_response({"activities": request.app[RECEIVED]["activities"]})


def create_app() -> web.Application:
    app = web.Application()
    app[RECEIVED] = {"activities": 0, "ids": itertools.count(1)}
    app.router.add_post("/v3/conversations/{conversation_id}/activities/{activity_id}", post_activity)
    app.router.add_post("/v3/conversations/{conversation_id}/activities", post_activity)
    app.router.add_get("/stats", stats)
    app.router.add_get("/healthz", stats)
    return app


if __name__ == "__main__":
    run(create_app, __doc__)
