"""The aiohttp application factory: one engine, one state store and one adapter per process."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import AsyncIterator

from aiohttp import web
from botbuilder.core import ConversationState, Storage

from dialogs.engine import Engine

from .adapter import TeamsAdapter
from .auth import ReusingAuthentication, auth_config
from .keys import ADAPTER, BOT, CONVERSATION_STATE, ENGINE, SETTINGS, STORE
from .middlewares import activity_body, json_errors
from .routes import setup_routes
from .settings import Settings
from .storage import open_storage, purge_periodically
from .telemetry import start_telemetry
from .teams_bot import TroubleshooterBot

log = logging.getLogger(__name__)


def create_app(settings: Settings, *, engine: Engine | None = None, store: Storage | None = None) -> web.Application:
    """The bot as an aiohttp app.

    Args:
        settings: what to run with (``Settings.from_env()`` in production).
        engine: an engine to share (tests build one per session); a new one by default.
        store: a state store the caller opened and will close; by default the one
            ``settings.storage`` names is opened on startup and closed on cleanup.
    """
    app = web.Application(middlewares=[json_errors, activity_body],
                          client_max_size=settings.max_body_bytes)
    app[SETTINGS] = settings
    app[ENGINE] = engine or Engine()
    app.cleanup_ctx.append(_state_store(store))
    app.cleanup_ctx.append(_bot)
    setup_routes(app)
    return app


def _state_store(given: Storage | None):
    async def state_store(app: web.Application) -> AsyncIterator[None]:
        """Open the store, purge expired sessions in the background, close it last."""
        app[STORE] = given or await _open_store(app[SETTINGS])
        purger = asyncio.create_task(purge_periodically(app[STORE], app[SETTINGS].state_ttl_days))
        yield
        purger.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await purger
        if given is None:
            await app[STORE].close()
    return state_store


async def _open_store(settings: Settings) -> Storage:
    """The one place the host chooses its state store."""
    return await open_storage(settings)


async def _bot(app: web.Application) -> AsyncIterator[None]:
    """Authentication, adapter and bot, built once: the SDK's clients are reused between turns."""
    settings = app[SETTINGS]
    app[CONVERSATION_STATE] = ConversationState(app[STORE])
    app[ADAPTER] = TeamsAdapter(ReusingAuthentication(auth_config(settings)), app[ENGINE], start_telemetry(settings))
    app[BOT] = TroubleshooterBot(app[ENGINE], app[CONVERSATION_STATE])
    if not settings.authenticated:
        log.warning("local anonymous mode: MicrosoftAppId is not set, so requests are not authenticated "
                    "(fine for the Emulator and tests; set it before exposing the bot)")
    yield


def banner(settings: Settings) -> str:
    """What ``serve`` prints once it listens: how to talk to the bot."""
    local = f"http://localhost:{settings.port}/api/messages"
    return (f"Recording Troubleshooter is listening on {settings.host}:{settings.port} "
            f"(state: {settings.storage}).\n"
            f"  Talk to it:  python -m bot chat   (in another terminal, same bot in-process)\n"
            f"           or  the Bot Framework Emulator at {local}\n"
            f"  Health:      http://localhost:{settings.port}/healthz\n"
            f"  Stop:        Ctrl-C")


def serve(settings: Settings) -> None:
    """Run until SIGINT or SIGTERM; aiohttp finishes the requests in flight, then the cleanups close the store.

    No access log: the turn logger already writes one line per turn, without the paths and agents.
    """
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if settings.log_level != "DEBUG":  # INFO lines per turn otherwise: three, and forty with Blob Storage
        for noisy in ("transitions", "azure"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
    web.run_app(create_app(settings), host=settings.host, port=settings.port, access_log=None,
                print=lambda _aiohttp_banner: print(banner(settings), flush=True))
