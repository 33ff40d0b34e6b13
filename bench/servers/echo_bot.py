"""The stock Bot Framework stack: what a bot built from the SDK's samples costs per turn.

    python -m bench.servers.echo_bot --port P

botbuilder's ``CloudAdapter`` with ``ConfigurationBotFrameworkAuthentication``
over an empty configuration (no app id: anonymous local mode), ``MemoryStorage``
behind ``ConversationState``, and an ``ActivityHandler`` that echoes one reply
and counts the turns in conversation state, served by aiohttp the way the SDK's
samples serve it. Nothing here is tuned: it is the baseline.
"""
from __future__ import annotations

import logging
import sys

from aiohttp import web

from bench.servers import add_routes, run
from botbuilder.core import ActivityHandler, ConversationState, MemoryStorage, MessageFactory, TurnContext
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
    aiohttp_error_middleware,
)

log = logging.getLogger("echo_bot")
ADAPTER = web.AppKey("adapter", CloudAdapter)
BOT = web.AppKey("bot", ActivityHandler)


class EmptyConfig:
    """What the samples' DefaultConfig holds when no Azure Bot is registered."""

    APP_ID = ""
    APP_PASSWORD = ""
    APP_TYPE = "MultiTenant"
    APP_TENANTID = ""


class EchoBot(ActivityHandler):
    """Says back what it got, and keeps a turn count so every turn reads and writes state."""

    def __init__(self, conversation_state: ConversationState):
        self.conversation_state = conversation_state
        self.turns = conversation_state.create_property("ConversationData")

    async def on_turn(self, turn_context: TurnContext):
        await super().on_turn(turn_context)
        await self.conversation_state.save_changes(turn_context)

    async def on_message_activity(self, turn_context: TurnContext):
        seen = await self.turns.get(turn_context, lambda: {"count": 0})
        seen["count"] += 1
        await turn_context.send_activity(MessageFactory.text(f"Echo: {turn_context.activity.text or ''}"))


async def on_error(context: TurnContext, error: Exception) -> None:
    """The samples' handler: log it and tell the user, so a failed turn is visible."""
    log.error("unhandled error in a turn: %s", error, exc_info=error)
    await context.send_activity("The bot encountered an error or bug.")


async def messages(request: web.Request) -> web.Response:
    return await request.app[ADAPTER].process(request, request.app[BOT])



def create_app() -> web.Application:
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(EmptyConfig()))
    adapter.on_turn_error = on_error
    app = web.Application(middlewares=[aiohttp_error_middleware])
    app[ADAPTER] = adapter
    app[BOT] = EchoBot(ConversationState(MemoryStorage()))
    return add_routes(app, messages)


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    run(create_app, __doc__)
