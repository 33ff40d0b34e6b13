"""The two endpoints: ``POST /api/messages`` for the Bot Framework, ``GET /healthz`` for load balancers."""
from __future__ import annotations

import logging

from aiohttp import web
from botbuilder.schema import Activity

from .adapter import delivers_in_response
from .keys import ACTIVITY_BODY, ADAPTER, BOT, SETTINGS, STORE
from .middlewares import MESSAGES_PATH, BadRequest

log = logging.getLogger(__name__)


def setup_routes(app: web.Application) -> None:
    app.router.add_post(MESSAGES_PATH, messages)
    app.router.add_get("/healthz", healthz)


async def messages(request: web.Request) -> web.Response:
    """One activity from a channel; the middlewares have already checked and parsed the body."""
    activity = activity_from(request[ACTIVITY_BODY])
    auth_header = request.headers.get("Authorization", "")
    answer = await request.app[ADAPTER].handle(activity, auth_header, request.app[BOT])
    headers = {"WWW-Authenticate": "Bearer"} if answer.status == 401 else None
    if answer.body is None:
        return web.Response(status=answer.status, headers=headers)
    return web.json_response(answer.body, status=answer.status, headers=headers)


async def healthz(request: web.Request) -> web.Response:
    """200 while the state store answers, 503 with the reason when it does not (take me out of rotation)."""
    store, settings = request.app[STORE], request.app[SETTINGS]
    try:
        ok, reason = await store.check()
    except Exception as error:  # a health check reports failures, it does not raise them
        ok, reason = False, f"the state store check failed: {type(error).__name__}"
    if not ok:
        return web.json_response({"status": "degraded", "reason": reason, "storage": settings.storage}, status=503)
    mode = "bot-framework" if settings.authenticated else "anonymous"
    return web.json_response({"status": "ok", "storage": settings.storage, "detail": reason, "auth": mode})


def activity_from(body: dict) -> Activity:
    """The Activity a body describes, or a 400 naming what is missing for the bot to answer it."""
    try:
        activity = Activity().deserialize(body)
    except Exception as error:  # msrest raises several kinds for values of the wrong type
        raise BadRequest(400, "invalid_activity", f"the activity does not match the Bot Framework schema ({error})")
    for field, present in (("channelId", activity.channel_id),
                           ("conversation.id", activity.conversation and activity.conversation.id),
                           ("serviceUrl", activity.service_url or delivers_in_response(activity))):
        if not present:
            raise BadRequest(400, "incomplete_activity", f"the activity has no {field!r}; the bot needs it to answer")
    if activity.service_url and not activity.service_url.startswith(("https://", "http://")):
        raise BadRequest(400, "invalid_service_url", "the activity's 'serviceUrl' is not an http(s) URL")
    return activity
