"""The stock Microsoft 365 Agents SDK stack: what an agent built as its quickstart shows costs per turn.

    python -m bench.servers.agents_echo --port P

An ``AgentApplication`` over ``MemoryStorage`` whose message handler echoes
one reply and counts the turns in conversation state, behind the SDK's
``CloudAdapter`` (``MsalConnectionManager`` with no connection configured) and
its JWT middleware with anonymous access allowed, as the quickstart serves
it when no app registration is set. Nothing here is tuned: it is the
Agents SDK's baseline, beside botbuilder's in ``echo_bot``.
"""
from __future__ import annotations

import logging
import sys

from aiohttp import web
from microsoft_agents.activity import load_configuration_from_env
from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.aiohttp import CloudAdapter, jwt_authorization_middleware, start_agent_process
from microsoft_agents.hosting.core import AgentApplication, MemoryStorage, TurnContext, TurnState

from bench.servers import add_routes, run

log = logging.getLogger("agents_echo")
# The quickstart's .env with no app registration: anonymous access must be switched on by name.
ENV = {"CONNECTIONS__SERVICE_CONNECTION__SETTINGS__ANONYMOUS_ALLOWED": "True"}


def create_agent() -> tuple[AgentApplication, CloudAdapter, MsalConnectionManager]:
    config = load_configuration_from_env(ENV)
    connections = MsalConnectionManager(**config)
    adapter = CloudAdapter(connection_manager=connections)
    agent = AgentApplication[TurnState](storage=MemoryStorage(), adapter=adapter, connection_manager=connections,
                                        **config)

    @agent.activity("message")
    async def on_message(context: TurnContext, state: TurnState) -> None:
        """Says back what it got, and keeps a turn count so every turn reads and writes state."""
        seen = state.conversation.get_value("count", lambda: 0)
        state.conversation.set_value("count", seen + 1)
        await context.send_activity(f"Echo: {context.activity.text or ''}")

    return agent, adapter, connections


async def messages(request: web.Request) -> web.Response:
    return await start_agent_process(request, request.app["agent_app"], request.app["adapter"])



def create_app() -> web.Application:
    agent, adapter, connections = create_agent()
    app = web.Application(middlewares=[jwt_authorization_middleware])
    app["agent_configuration"] = connections.get_default_connection_configuration()
    app["agent_app"], app["adapter"] = agent, adapter
    return add_routes(app, messages)


if __name__ == "__main__":
    logging.basicConfig(stream=sys.stderr, level=logging.WARNING)
    run(create_app, __doc__)
