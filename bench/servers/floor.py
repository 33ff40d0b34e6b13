"""The floor: a bare aiohttp handler that parses the activity and returns one reply.

    python -m bench.servers.floor --port P

No bot framework, no state: whatever a turn of ours costs above this is the
cost of being a bot. Answers like a bot asked for ``expectReplies``.
"""
from __future__ import annotations

import json

from aiohttp import web

from bench.servers import add_routes, run


def reply_to(activity: dict) -> dict:
    """The smallest reply a Bot Framework client accepts: addressed back, in the same conversation."""
    return {
        "type": "message",
        "from": activity.get("recipient"),
        "recipient": activity.get("from"),
        "conversation": activity.get("conversation"),
        "replyToId": activity.get("id"),
        "text": f"Echo: {activity.get('text') or ''}",
    }


async def messages(request: web.Request) -> web.Response:
    try:
        activity = json.loads(await request.read())
    except ValueError:
        return web.json_response({"error": "the body is not JSON"}, status=400)
    if not isinstance(activity, dict):
        return web.json_response({"error": "the body is not an activity"}, status=400)
    return web.json_response({"activities": [reply_to(activity)]})



def create_app() -> web.Application:
    app = web.Application()
    return add_routes(app, messages)


if __name__ == "__main__":
    run(create_app, __doc__)
