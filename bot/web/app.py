"""The aiohttp application factory: one engine, one state store and one SDK host per process. SDK-free."""
from __future__ import annotations

import asyncio
import contextlib
import errno
import gc
import logging
import sys
from pathlib import Path
import socket
from typing import AsyncIterator
from urllib.parse import urlsplit

from aiohttp import web

from dialogs.engine import Engine

from bot.hosts.turn import open_host, require_sdk
from bot.web.keys import ENGINE, HOST, SETTINGS, STORE
from bot.web.middlewares import activity_body, json_errors
from bot.outbound import share_ca_bundle
from bot.web.routes import setup_routes
from bot.logs import FIELDS, configure_logging
from bot.settings import Settings, SettingsError
from bot.storage import open_storage, purge_periodically
from bot.storage.base import StateStore

log = logging.getLogger(__name__)
REPLY_SHARE_OF_SHUTDOWN = 0.6  # of BOT_SHUTDOWN_TIMEOUT_S: the rest is for marking, answering and closing the store


def create_app(settings: Settings, *, engine: Engine | None = None, store: StateStore | None = None) -> web.Application:
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
    app.on_shutdown.append(_stop_replying)
    setup_routes(app)
    return app


async def _stop_replying(app: web.Application) -> None:
    """SIGTERM: replies still being tried give up within most of the shutdown time, so their turns end cleanly.

    aiohttp has stopped taking requests by now, and waits ``shutdown_timeout_s``
    for the turns in flight before it cancels them. A turn whose reply gives up
    here marks its conversation (the next turn repeats the question) and
    answers, with time left for the store to close (SQLite checkpoints on close).
    """
    if HOST in app:
        app[HOST].delivery.stop_by(app[SETTINGS].shutdown_timeout_s * REPLY_SHARE_OF_SHUTDOWN)


def _state_store(given: StateStore | None):
    async def state_store(app: web.Application) -> AsyncIterator[None]:
        """Open the store, purge expired sessions and watch its files in the background, close it last."""
        app[STORE] = given or await _open_store(app[SETTINGS])
        background = [asyncio.create_task(purge_periodically(app[STORE], app[SETTINGS].state_ttl_days)),
                      asyncio.create_task(app[STORE].watch())]
        yield
        for task in background:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if given is None:
            await app[STORE].close()
    return state_store


async def _open_store(settings: Settings) -> StateStore:
    """The one place the host chooses its state store."""
    return await open_storage(settings)


async def _bot(app: web.Application) -> AsyncIterator[None]:
    """The SDK host ``settings.sdk`` names, built once: its clients are reused between turns."""
    settings = app[SETTINGS]
    app[HOST] = await open_host(settings, app[ENGINE], app[STORE])
    if not settings.authenticated:  # once per process, never per turn
        log.warning("local anonymous mode: MicrosoftAppId is not set, so requests are not authenticated "
                    "(fine for the Emulator and tests; set it before exposing the bot)")
    yield
    await app[HOST].close()


def banner(settings: Settings) -> str:
    """What ``serve`` prints once it listens: how to talk to the bot, in commands that work as shown."""
    local = f"http://localhost:{settings.port}/api/messages"
    return (f"Recording Troubleshooter is listening on {settings.host}:{settings.port} "
            f"(state: {settings.storage}, SDK: {settings.sdk}).\n"
            f"  Talk to it:  {_command('chat')}   (in another terminal, the same bot in-process)\n"
            f"           or  the Bot Framework Emulator at {local}\n"
            f"           or  {_command('playground')}   (its own bot, in a local Teams client in your browser)\n"
            f"  Probes:      http://localhost:{settings.port}/healthz (live), /readyz (ready)\n"
            f"  Stop:        Ctrl-C")


def _command(subcommand: str) -> str:
    """``make chat`` in the project folder (the Makefile sets up the rest), else this very interpreter."""
    here = Path.cwd()
    if (here / "Makefile").is_file() and (here / "bot" / "__main__.py").is_file():
        return f"make {subcommand}"
    python = Path(sys.executable)
    shown = python.relative_to(here) if python.is_relative_to(here) else python
    return f"{shown} -m bot {subcommand}"


def serve(settings: Settings) -> None:
    """Run until SIGINT or SIGTERM; aiohttp finishes the requests in flight, then the cleanups close the store.

    On SIGTERM, new connections are refused at once; turns in flight get
    ``shutdown_timeout_s`` in all (their replies a share of it, see
    :func:`_stop_replying`), then the store closes and the process exits 0.

    No access log: the turn logger already writes one line per turn, without the paths and agents.
    An idle connection, or one whose request headers stop half-way, is closed
    after ``read_timeout_s`` (aiohttp's keep-alive timer also runs before the
    first request); a body that stops half-way gets 408 from the middleware.

    Raises:
        SettingsError: ``HOST`` does not resolve, or ``PORT`` is taken.
    """
    configure_logging(settings.log_level, settings.log_format)
    require_sdk(settings)
    check_listen_address(settings)
    raise_open_files_limit()
    share_ca_bundle(settings)
    announce_proxy(settings)
    web.run_app(create_app(settings), host=settings.host, port=settings.port, access_log=None,
                keepalive_timeout=settings.read_timeout_s, shutdown_timeout=settings.shutdown_timeout_s,
                print=lambda _aiohttp_banner: _started(settings), loop=new_event_loop())


def new_event_loop() -> asyncio.AbstractEventLoop:
    """uvloop's event loop where it is installed (not on Windows), else asyncio's.

    The loop is part of every turn's CPU: polling, the sockets, the callbacks
    aiohttp schedules. uvloop does that in C, 2 to 4% of a whole turn on this
    project's benchmark (README, "Speed").
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop()
    return uvloop.new_event_loop()


def announce_proxy(settings: Settings) -> None:
    """One line at start naming the proxy and CA bundle outbound calls use (never a proxy's password)."""
    proxy = settings.proxies.get("HTTPS_PROXY") or settings.proxies.get("HTTP_PROXY")
    if proxy or settings.ca_bundles:
        url = urlsplit(proxy or "")
        log.info("outbound calls: proxy %s%s, CA bundle %s",
                 f"{url.hostname}{f':{url.port}' if url.port else ''}" if proxy else "none",
                 f" (not for {settings.proxies['NO_PROXY']})" if proxy and "NO_PROXY" in settings.proxies else "",
                 " and ".join(settings.ca_bundles) or "the system's")


def freeze_startup_objects() -> None:
    """Leave what start-up built (the knowledge, the templates, the model, the SDKs) out of every later GC pass.

    Those objects live as long as the process; the collector would otherwise
    walk them again in each full collection, a pause at concurrency 32 (see
    ``gc.freeze`` in the Python docs).
    """
    gc.collect()
    gc.freeze()


def announce(settings: Settings) -> None:
    """The banner for people; with ``LOG_FORMAT=json`` one log line instead, so every output line is JSON."""
    if settings.log_format == "json":
        log.info("listening on %s:%d (state: %s)", settings.host, settings.port, settings.storage,
                 extra={FIELDS: {"event": "listening", "host": settings.host, "port": settings.port}})
    else:
        print(banner(settings), flush=True)


def check_listen_address(settings: Settings) -> None:
    """Bind once before starting, so a bad ``HOST`` or a taken ``PORT`` is one line naming the setting."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(settings.host, settings.port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise SettingsError(f"HOST={settings.host!r} does not resolve to an address; use an IP address such as "
                            "127.0.0.1 or 0.0.0.0, or a name this machine resolves") from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise SettingsError(f"port {settings.port} on {settings.host} is already in use; choose another "
                                    "with PORT or --port, or stop what listens there") from None
            raise SettingsError(f"HOST={settings.host!r} cannot be listened on: {error.strerror}") from None


def raise_open_files_limit() -> None:
    """Each connection is a file descriptor: use all the process may have, not the shell's soft 1,024."""
    try:
        import resource
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))
    except (ImportError, ValueError, OSError):  # not POSIX, or not allowed: keep the limit we have
        pass


def _started(settings: Settings) -> None:
    """What runs where aiohttp would print its banner: the start-up objects frozen, then our own line."""
    freeze_startup_objects()
    announce(settings)
