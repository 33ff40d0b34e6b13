"""The botbuilder 4.17.1 host (the default): everything in the project that imports botbuilder is in this folder.

- ``adapter``: botbuilder's ``CloudAdapter``, with the HTTP answers it gets wrong done right;
- ``auth``: its Bot Framework authentication, with time-bound key fetches and clients reused between turns;
- ``wire``: engine replies as its msrest ``Activity`` models, and those models as JSON.
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
from bot.hosts.botbuilder.adapter import TeamsAdapter
from bot.hosts.botbuilder.auth import ReusingAuthentication, auth_config, use_time_bound_keys

log = logging.getLogger(__name__)


async def open_host(settings: Settings, engine: Engine, store: StateStore) -> TeamsAdapter:
    """Authentication, adapter and bot, built once: the SDK's clients are reused between turns."""
    use_time_bound_keys(settings)
    token_service = BoundedExecutor("token_service", TOKEN_THREADS, settings.identity_timeout_s)
    troubleshooter = Troubleshooter(engine, store, TeamsReader(settings.teams_read_timeout_s, settings))
    return TeamsAdapter(settings, ReusingAuthentication(auth_config(settings)), troubleshooter, token_service,
                        start_telemetry(settings))
