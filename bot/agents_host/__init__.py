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

from ..conversation import Troubleshooter
from ..settings import Settings
from ..storage_base import StateStore
from ..telemetry import start_telemetry
from .adapter import AgentsAdapter

CONNECTOR_LOGGER = "microsoft_agents.hosting.core.connector"


async def open_host(settings: Settings, engine: Engine, store: StateStore) -> AgentsAdapter:
    """The adapter, built once: its connector clients are reused between turns.

    The SDK logs an INFO line with the raw conversation id for every reply it
    sends, and an ERROR line with it for every reply that fails, which the
    adapter already logs once with its reference code and cause.
    """
    logging.getLogger("microsoft_agents").setLevel(logging.WARNING)
    logging.getLogger(CONNECTOR_LOGGER).setLevel(logging.CRITICAL)
    return AgentsAdapter(Troubleshooter(engine, store), start_telemetry(settings))
