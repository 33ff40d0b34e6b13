"""Where conversation state lives: choose and open the store, and purge old sessions.

``BOT_STORAGE`` picks the store: ``sqlite`` (default, a file that survives
restarts and crashes), ``memory`` (tests and demos: gone with the process) or
``blob`` (Azure Blob Storage, shared by several instances). All three are
:class:`StateStore` objects (the read/write/delete contract of a Bot Framework
``Storage``, which each SDK host adapts, plus ``check``, ``purge_older_than`` and
``close``) with the same two failures (:class:`StateConflictError`, :class:`StorageUnavailableError`).
"""
from __future__ import annotations

import asyncio
import copy
import logging
import re
import time
import uuid
from typing import Any, Callable, Dict, Iterable

import aiohttp

from bot.outbound import outbound_session
from bot.settings import Settings, SettingsError
from bot.storage.base import (CREATE_ONLY, SECONDS_PER_DAY, StateStore, StoreHealth, changes_to_write,
                              expected_e_tag, keys_to_read)
from bot.storage.blob import AzureBlobStorage
from bot.storage.sqlite import SqliteStorage, is_lock_error
from bot.errors import StateConflictError, StorageUnavailableError

__all__ = [
    "AzureBlobStorage",
    "CREATE_ONLY",
    "InMemoryStorage",
    "SqliteStorage",
    "StateConflictError",
    "StateStore",
    "StorageUnavailableError",
    "StoreHealth",
    "open_storage",
    "purge",
    "purge_expired",
    "purge_periodically",
]

log = logging.getLogger(__name__)

# Azure's rule for container names: 3-63 characters, lowercase letters, digits
# and single hyphens, starting and ending with a letter or digit.
CONTAINER_NAME = re.compile(r"^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")


class InMemoryStorage(StateStore):
    """Conversations in a dict, with the durable stores' rules: for tests, demos and benchmarks.

    Every stored item gets a fresh e_tag, a write with a stale one is refused before
    anything is written (as is ``CREATE_ONLY`` for a key that exists), and reads and
    writes are copies, so a caller editing what it read never edits the store. botbuilder's
    ``MemoryStorage`` does neither: it never stamps an item first written without an
    e_tag, which is how ``ConversationState`` writes, so overlapping turns overwrote
    each other. Nothing survives the process: ``check`` says so.
    """

    kind = "memory"

    def __init__(self, *, clock: Callable[[], float] = time.time):
        self.memory: Dict[str, Any] = {}
        self._clock = clock
        self._written_at: Dict[str, float] = {}

    async def read(self, keys: Iterable[str]) -> Dict[str, Any]:
        return {key: copy.deepcopy(self.memory[key]) for key in keys_to_read(keys) if key in self.memory}

    async def write(self, changes: Dict[str, Any]) -> None:
        if not changes_to_write(changes):
            return
        self._refuse_stale(changes)
        now = self._clock()
        for key, item in changes.items():
            stored = copy.deepcopy(item)
            _set_e_tag(stored, uuid.uuid4().hex)
            self.memory[key] = stored
            self._written_at[key] = now

    async def delete(self, keys: Iterable[str]) -> None:
        if keys is None:
            raise Exception("Keys are required when deleting")
        for key in list(keys):
            self.memory.pop(key, None)
            self._written_at.pop(key, None)

    async def check(self) -> StoreHealth:
        return StoreHealth(True, "memory: in this process only, lost on restart")

    async def purge_older_than(self, days: float) -> int:
        cutoff = self._clock() - days * SECONDS_PER_DAY
        stale = [key for key, written in self._written_at.items() if written < cutoff]
        await self.delete(stale)
        return len(stale)

    async def close(self) -> None:
        """Nothing to release; the items stay readable until the object goes."""

    def _refuse_stale(self, changes: Dict[str, Any]) -> None:
        for key, item in changes.items():
            expected = expected_e_tag(item, "memory_storage")
            if expected is None:
                continue
            exists = key in self.memory
            current = _e_tag_of(self.memory[key]) if exists else None
            refused = exists if expected == CREATE_ONLY else current != expected
            if refused:
                raise StateConflictError(key, expected, current)


async def open_storage(settings: Settings) -> StateStore:
    """Open the store ``settings.storage`` names; fail now, clearly, if it cannot work.

    Returns the store, to be closed with ``await store.close()``. Raises
    :class:`SettingsError` naming the variable to fix: an unknown kind, a state
    path that is a folder or cannot be created or opened, a malformed connection
    string, an invalid container name. A store that is only busy or unreachable
    does not stop the start: ``check()`` reports it until it recovers.
    """
    if settings.storage == "memory":
        return InMemoryStorage()
    if settings.storage == "sqlite":
        return await _open_sqlite(settings)
    if settings.storage == "blob":
        return await _open_blob(settings)
    raise SettingsError(f"BOT_STORAGE={settings.storage!r} is not supported; use sqlite, memory or blob")


async def _open_sqlite(settings: Settings) -> SqliteStorage:
    path = settings.state_path
    if path.is_dir():
        raise SettingsError(f"BOT_STATE_PATH={path} is a folder; give a file, such as {path / 'state.db'}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise SettingsError(
            f"BOT_STATE_PATH={path}: cannot create the folder {path.parent} ({error.strerror or error})"
        ) from None
    store = SqliteStorage(path)
    try:
        await store.open()
    except StorageUnavailableError as error:
        if is_lock_error(error.__cause__):
            log.warning("state database %s is locked by another process; will retry", path)
            return store
        await store.close()
        raise SettingsError(f"BOT_STATE_PATH={path}: cannot use it as the state database ({error})") from None
    return store


async def _open_blob(settings: Settings) -> AzureBlobStorage:
    container = settings.blob_container
    if not CONTAINER_NAME.match(container):
        raise SettingsError(
            f"BOT_STATE_CONTAINER={container!r} is not a valid container name: use 3-63 lowercase "
            "letters, digits and single hyphens, starting and ending with a letter or digit"
        )
    # As the Storage SDK's own session: it decompresses bodies itself and keeps no cookies.
    session = outbound_session(settings, auto_decompress=False, cookie_jar=aiohttp.DummyCookieJar())
    try:
        return AzureBlobStorage(settings.blob_connection_string, container, session=session)
    except ValueError as error:
        await session.close()
        # The connection string holds the account key: never echo it.
        raise SettingsError(
            f"AZURE_STORAGE_CONNECTION_STRING is not a usable connection string ({error})"
        ) from None


async def purge_expired(settings: Settings) -> int:
    """Delete the sessions untouched for ``settings.state_ttl_days``; return how many went."""
    store = await open_storage(settings)
    try:
        return await store.purge_older_than(settings.state_ttl_days)
    finally:
        await store.close()


def purge(settings: Settings) -> int:
    """``python -m bot purge``: :func:`purge_expired` for a caller with no event loop."""
    return asyncio.run(purge_expired(settings))


async def purge_periodically(store: StateStore, days: float, every: float = 3600.0) -> None:
    """Purge expired sessions now and then every ``every`` seconds, until cancelled.

    For the server, so privacy does not depend on someone running ``purge``;
    a store that is down is logged and tried again next time.
    """
    while True:
        try:
            purged = await store.purge_older_than(days)
        except StorageUnavailableError as error:
            log.warning("purge of expired sessions failed: %s", error)
        else:
            if purged:
                log.info("purged %d session(s) untouched for %g days", purged, days)
        await asyncio.sleep(every)


def _e_tag_of(item: Any) -> Any:
    return item.get("e_tag") if isinstance(item, dict) else getattr(item, "e_tag", None)


def _set_e_tag(item: Any, e_tag: str | None) -> None:
    if isinstance(item, dict):
        item["e_tag"] = e_tag
    else:
        item.e_tag = e_tag
