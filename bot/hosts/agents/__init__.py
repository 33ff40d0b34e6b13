"""The Microsoft 365 Agents SDK host (``--sdk agents``): everything in the project that imports it is in this folder.

- ``adapter``: the SDK's ``ChannelServiceAdapter`` running our turns, with the
  HTTP answers, turn errors and connector reuse done as on the botbuilder host.

The SDK's quickstart shape (``CloudAdapter.process`` behind its JWT middleware,
an ``AgentApplication`` with ``MemoryStorage``) is not used: our request checks
run before the SDK sees a body, our stores hold the state, and its per-turn
connector sessions are kept instead.
"""
from __future__ import annotations

import logging

from dialogs.engine import Engine

from bot.hosts.conversation import Troubleshooter
from bot.identity.executors import BoundedExecutor
from bot.hosts.turn import TOKEN_THREADS
from bot.settings import Settings
from bot.storage.base import StateStore
from bot.hosts.teams_context import TeamsReader
from bot.telemetry import start_telemetry
from bot.hosts.agents.adapter import AgentsAdapter
from bot.hosts.agents.auth import BotToken, TokenVerifier

# Loggers that report, with a traceback or the raw conversation id, what the host already answers and logs once:
# a reply that failed (with its reference code) and an activity the schema refused (a 400 with its reason).
QUIET_LOGGERS = ("microsoft_agents.hosting.core.connector", "microsoft_agents.activity")


async def open_host(settings: Settings, engine: Engine, store: StateStore) -> AgentsAdapter:
    """The adapter, built once: its connector clients are reused between turns.

    The SDK logs an INFO line with the raw conversation id for every reply it
    sends; see ``QUIET_LOGGERS`` for its ERROR lines.
    """
    logging.getLogger("microsoft_agents").setLevel(logging.WARNING)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    verifier = bot_token = None
    if settings.authenticated:
        verifier = TokenVerifier(settings)
        bot_token = BotToken(settings, BoundedExecutor("token_service", TOKEN_THREADS, settings.identity_timeout_s))
        await bot_token.start()
    troubleshooter = Troubleshooter(engine, store, TeamsReader(settings.teams_read_timeout_s, settings))
    return AgentsAdapter(settings, troubleshooter, verifier, bot_token, start_telemetry(settings))
