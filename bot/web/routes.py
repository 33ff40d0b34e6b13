"""``POST /api/messages`` for the Bot Framework, and the probes (``/healthz``, ``/readyz``) from :mod:`bot.web.probes`.

SDK-free: the host (:mod:`bot.hosts.turn`) the settings chose does the SDK's part.
"""
from __future__ import annotations

from aiohttp import web

from bot.web.answers import json_answer
from bot.web.keys import ACTIVITY_BODY, HOST, SETTINGS
from bot.web.middlewares import MESSAGES_PATH, check_reply_target, check_structure, drop_repeated_entities
from bot.web.probes import setup_probes


def setup_routes(app: web.Application) -> None:
    app.router.add_post(MESSAGES_PATH, messages)
    setup_probes(app)


async def messages(request: web.Request) -> web.Response:
    """One activity from a channel; the middlewares have already checked and parsed the body.

    The token is checked before the activity is parsed into models, which costs
    most of a large body's time.
    """
    body, host = request[ACTIVITY_BODY], request.app[HOST]
    check_reply_target(body, request.app[SETTINGS].authenticated)
    auth = await host.authenticate(body, request.headers.get("Authorization", ""))
    check_structure(body)
    drop_repeated_entities(body)
    answer = await host.handle(body, auth)
    if answer.body is None:
        return web.Response(status=answer.status)
    return json_answer(answer.body, answer.status)
