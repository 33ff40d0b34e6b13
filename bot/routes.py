"""``POST /api/messages`` for the Bot Framework, and the probes (``/healthz``, ``/readyz``) from :mod:`bot.probes`."""
from __future__ import annotations

import logging

from aiohttp import web
from botbuilder.schema import Activity

from .adapter import delivers_in_response
from .keys import ACTIVITY_BODY, ADAPTER, BOT, SETTINGS
from .middlewares import MESSAGES_PATH, BadRequest, check_reply_target, check_structure
from .probes import setup_probes

log = logging.getLogger(__name__)


def setup_routes(app: web.Application) -> None:
    app.router.add_post(MESSAGES_PATH, messages)
    setup_probes(app)


async def messages(request: web.Request) -> web.Response:
    """One activity from a channel; the middlewares have already checked and parsed the body.

    The token is checked before the activity is parsed into models, which costs
    most of a large body's time.
    """
    body, adapter = request[ACTIVITY_BODY], request.app[ADAPTER]
    check_reply_target(body, request.app[SETTINGS].authenticated)
    auth = await adapter.authenticate(body, request.headers.get("Authorization", ""))
    check_structure(body)
    answer = await adapter.handle(activity_from(body), auth, request.app[BOT])
    if answer.body is None:
        return web.Response(status=answer.status)
    return web.json_response(answer.body, status=answer.status)


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
