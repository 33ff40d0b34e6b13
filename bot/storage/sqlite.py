"""Conversation state in one SQLite file: the default, durable, embedded store.

Design, and why:
- One worker thread per store owns a connection for whatever may wait: lock
  waits, checkpoints (the only fsyncs), purge, probes. A single thread also
  makes those writes in this process serial.
- A turn's read of a key not kept (below) and its write are first tried on the
  event loop, on a second connection that never waits: ``busy_timeout`` 0, and
  no automatic checkpoint, so a commit only appends to the WAL, in the page
  cache. If the file is locked or anything else is wrong, the read or write
  goes to the worker as before. The hop to the worker and back cost a turn
  more CPU than the write itself.
- Checkpoints run on the worker every ``CHECKPOINT_EVERY`` commits, and the
  worker then makes the first write into the restarted WAL, which is the one
  that syncs its header; turns wait for the checkpoint meanwhile, then go on
  on the loop. A turn the loop could not serve goes to the worker, and the
  next turns wait for it rather than fail on the loop behind its lock.
- WAL journal: readers do not wait for the writer, and a process killed with
  SIGKILL loses no committed turn (``synchronous=NORMAL`` is durable against a
  process crash; only an OS crash could lose the last commits).
- Every write is a compare-and-set inside ``BEGIN IMMEDIATE``, so two bot
  processes on the same file respect each other's e_tags: the lock is taken
  before the e_tag is compared, not after.
- e_tags are random, not counters, so an item deleted and re-created never
  matches a stale e_tag from before the delete.
- The items this process last wrote or read are kept (:class:`_RecentItems`)
  and a read is answered from them, without the worker thread, while the
  journal file shows that no other connection has committed since: for the
  usual single bot process, that is every turn's read, and the thread hop it
  saves is a fifth of a turn's CPU. The e_tag check on write keeps this safe
  if the journal test is ever fooled: the write is refused as a conflict,
  the key is forgotten, and the turn is applied again on a fresh read.
- A corrupt file is found at start (``PRAGMA quick_check``) and whenever
  SQLite reports it, and then every operation is refused with a reason that
  says so (``/readyz``: ``storage_corrupt``) until the file is replaced: writing
  on would spread the damage, and a quarter of turns failing with no reason
  given is worse than all of them failing with one. Another application's
  database is refused at start, before anything (the switch to WAL) writes to it.
- If the file is removed or replaced under a running bot (a backup restored
  over it), or its WAL is deleted, the old connections would keep writing into
  unlinked files and lose everything at the next restart, and a connection
  opened on the new file would read and checkpoint the old WAL into it (a
  corrupt database). So every operation checks that the database and its WAL
  are still the files opened; when they are not, *both* connections are
  closed (the last close copies a deleted WAL into a database still in place,
  which saves the turns written to it) and a WAL left by a database that was
  replaced is removed, before the file at the path is opened afresh.
"""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import sqlite3
import threading
import time
import uuid
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Iterable

from bot.storage.base import (CREATE_ONLY, SECONDS_PER_DAY, StateStore, StoreHealth, changes_to_write, describe,
                              expected_e_tag, keys_to_read)
from bot.storage.serialization import restore, serialize
from bot.errors import CORRUPT, DISK_FULL, StateConflictError, StorageUnavailableError, UNAVAILABLE

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS bot_state (
    key         TEXT PRIMARY KEY,
    e_tag       TEXT NOT NULL,
    document    TEXT NOT NULL,
    modified_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS bot_state_modified_at ON bot_state (modified_at);
CREATE TABLE IF NOT EXISTS health_probe (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at REAL NOT NULL
);
"""
UPSERT = (
    "INSERT INTO bot_state (key, e_tag, document, modified_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET e_tag = excluded.e_tag, "
    "document = excluded.document, modified_at = excluded.modified_at"
)
INSERT_IF_ABSENT = (
    "INSERT INTO bot_state (key, e_tag, document, modified_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (key) DO NOTHING"
)
PROBE_BUSY_MS = 500  # load balancers' health probes time out after a few seconds
COMPARE_AND_SET = (
    "UPDATE bot_state SET e_tag = ?, document = ?, modified_at = ? WHERE key = ? AND e_tag = ?"
)
# The same, leaving a time set within the last MODIFIED_AT_STEP as it is; it changes no row that has an older one.
COMPARE_AND_SET_RECENT = (
    "UPDATE bot_state SET e_tag = ?, document = ? WHERE key = ? AND e_tag = ? AND modified_at >= ?"
)
# How stale a row's modified_at may be. A write that changes it also moves the row in the index the purge reads,
# which was half the cost of a commit; most turns follow the conversation's last one within minutes. The purge
# allows for it (see purge_older_than).
MODIFIED_AT_STEP = 3600.0
# Well under SQLite's limit on bound parameters per statement.
KEYS_PER_QUERY = 500
# Items kept for reads without the worker: a few hundred bytes each, and a
# conversation idle long enough to fall out costs one read through the thread.
RECENT_ITEMS = 2048
# About 1,000 WAL pages (SQLite's own default checkpoint interval) at one to two pages per turn.
CHECKPOINT_EVERY = 500
# How often the files are checked between turns (a stat of each), for a WAL deleted or a file replaced.
WATCH_EVERY = 1.0
# After a checkpoint the WAL is reused from its start; this caps what it keeps on disk.
WAL_SIZE_LIMIT = 4 * 1024 * 1024


class SqliteStorage(StateStore):
    """A :class:`StateStore` on an SQLite file, safe for several processes sharing it.

    Args:
        path: the database file; its folder must exist (``open_storage`` creates it).
        busy_timeout: seconds a statement waits for another process's lock
            before the operation fails with :class:`StorageUnavailableError`.
        clock: seconds since the epoch; recorded per write for the TTL purge.
    """

    kind = "sqlite"

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        busy_timeout: float = 5.0,
        clock: Callable[[], float] = time.time,
    ):
        self.path = Path(path)
        self._busy_timeout = busy_timeout
        self._clock = clock
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-state")
        # Touched only from the worker thread.
        self._connection: sqlite3.Connection | None = None
        self._file_id: tuple[int, int] | None = None
        self._journal_id: tuple[int, int] | None = None  # the WAL opened with it (or the database, not in WAL mode)
        self._closed = False
        self._corruption: str | None = None  # what quick_check or SQLite said about a damaged file
        self._recent = _RecentItems(RECENT_ITEMS)
        # The file every commit changes: the WAL beside the database, or the database itself if SQLite
        # refuses WAL (the worker then says so). Strings: these are stat()ed twice a turn.
        self._journal = f"{self.path}-wal"
        self._file = str(self.path)
        self._wal = True
        # Touched only on the event loop.
        self._loop_connection: sqlite3.Connection | None = None
        self._loop_file_id: tuple[int, int] | None = None
        self._commits = itertools.count(1)
        self._checkpoint: asyncio.Future | None = None
        self._sent_to_worker: asyncio.Future | None = None  # the last turn's read or write the loop could not do
        # Held by the worker while it checkpoints and restarts the WAL; loop writes then go to the worker.
        self._maintenance = threading.Lock()

    # -- read, write, delete (botbuilder's Storage contract) ----------------------

    async def read(self, keys: Iterable[str]) -> dict[str, Any]:
        """Items found, each with its current ``e_tag``; unknown keys are left out."""
        keys = keys_to_read(keys)
        if not keys:
            return {}
        journal = _journal_state(self._journal)
        rows = self._recent.rows(keys, journal) if self._still_open(journal) else None
        if rows is None:
            await self._after_worker()
            done = self._on_loop(self._select_rows, keys)
            journal, rows = done if done is not None else await self._sent_on(self._select, keys)
            self._recent.remember_read(rows, journal)
        return {key: restore(document, e_tag) for key, e_tag, document in rows
                if e_tag is not None and document is not None}

    async def write(self, changes: dict[str, Any]) -> None:
        """Store all changes or none; a stale e_tag raises :class:`StateConflictError`.

        An item's e_tag decides: absent, ``None`` or ``"*"`` overwrites;
        ``CREATE_ONLY`` creates it only if the key holds nothing; any other
        value must equal the stored one (and the item must exist); ``""`` is an
        error, as in the SDK's stores.
        """
        if not changes_to_write(changes):
            return
        rows = [(key, expected_e_tag(item, "sqlite_storage"), serialize(item)) for key, item in changes.items()]
        await self._after_worker()
        try:
            done = self._on_loop(self._store_rows, rows)
            journal, written = done if done is not None else await self._sent_on(self._store, rows)
        except BaseException:
            self._recent.forget(changes)  # a conflict means another writer: read it afresh next time
            raise
        if not self._still_open(journal[1]):
            await self._salvage(written)  # the WAL went during the commit: make it durable, or refuse the turn
        self._recent.remember_write(written, *journal)
        if next(self._commits) % CHECKPOINT_EVERY == 0:
            self._start_checkpoint()

    async def delete(self, keys: Iterable[str]) -> None:
        """Delete the items; unknown keys are ignored."""
        if keys is None:
            raise Exception("Keys are required when deleting")
        keys = list(dict.fromkeys(keys))
        if keys:
            self._recent.forget(keys)
            await self._in_worker(self._remove, keys)

    # -- StateStore -------------------------------------------------------------

    async def open(self) -> None:
        """Connect now, so that a bad path fails at start rather than on the first turn.

        A corrupt file does not stop the start: it is logged, and ``/readyz`` says so, until it is replaced.
        """
        try:
            await self._in_worker(self._connected)
        except StorageUnavailableError as error:
            if error.problem != CORRUPT or self._corruption is None:
                raise

    async def check(self) -> StoreHealth:
        """Commit a one-row write: proves the file is reachable, writable, not locked and not known corrupt."""
        try:
            await self._in_worker(self._probe)
        except StorageUnavailableError as error:
            return StoreHealth(False, str(error), error.problem)
        return StoreHealth(True, f"sqlite: {self.path}")

    async def purge_older_than(self, days: float) -> int:
        """Delete the items not written for ``days``. A row's time may be up to MODIFIED_AT_STEP older than its
        last write, so a row goes only once its time is that much older again: never early, at most that late."""
        cutoff = self._clock() - days * SECONDS_PER_DAY - MODIFIED_AT_STEP
        self._recent.clear()
        return await self._in_worker(self._purge, cutoff)

    async def watch(self, every: float = WATCH_EVERY) -> None:
        """Check the files every ``every`` seconds, also between turns, until cancelled.

        A WAL deleted while nobody talks to the bot would otherwise hold every turn
        since the last checkpoint until the next turn noticed; killed meanwhile,
        the process would take them with it.
        """
        while not self._closed:
            await asyncio.sleep(every)
            if self._closed or self._corruption or self._journal_id is None:
                continue
            if not self._still_open(_journal_state(self._journal)):
                try:
                    await self._start_afresh()
                except StorageUnavailableError as error:  # the next turn or probe says it again
                    log.warning("state database %s could not be reopened: %s", self.path, error)

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._close_loop_connection()
        try:
            if self._checkpoint is not None:
                await asyncio.gather(self._checkpoint, return_exceptions=True)
            await asyncio.get_running_loop().run_in_executor(self._worker, self._close_files)
        finally:
            self._worker.shutdown(wait=True)

    # -- event loop ---------------------------------------------------------------

    def _on_loop(self, operation: Callable, argument: list) -> tuple[Any, list] | None:
        """``operation(connection, argument)`` done here without waiting, or None when it must go to the worker.

        A WAL reader waits for nobody, and a write here never waits for a lock (no
        busy timeout): the rare wait (another process writing or recovering the
        WAL), a file replaced under us or any other SQLite error goes to the worker,
        whose own attempt reports and recovers.

        Raises:
            StateConflictError: a write's e_tag no longer matches (the transaction is rolled back).
        """
        connection = self._loop_ready()
        if connection is None or not self._maintenance.acquire(blocking=False):
            return None
        try:
            return operation(connection, argument)
        except _FilesChanged:
            self._close_loop_connection()  # the worker starts afresh, then writes
            return None
        except sqlite3.Error as error:
            if not is_lock_error(error):
                self._close_loop_connection()
            return None
        finally:
            self._maintenance.release()

    def _loop_ready(self) -> sqlite3.Connection | None:
        """The loop's connection, once the worker has opened the file in WAL mode; None if it has been replaced."""
        if not self._wal or self._file_id is None or self._corruption:
            return None  # not WAL (a commit there syncs), or the worker has not opened the file yet
        if self._loop_connection is not None and self._loop_file_id == _file_id(self._file):
            return self._loop_connection
        self._close_loop_connection()
        if self._file_id != _file_id(self._file) or self._journal_id != _file_id(self._journal):
            return None  # removed or replaced: the worker notices and starts afresh
        try:
            connection = sqlite3.connect(self.path, timeout=0, isolation_level=None, check_same_thread=True)
            _quiet_pragmas(connection)
        except sqlite3.Error:
            return None
        self._loop_connection, self._loop_file_id = connection, self._file_id
        return connection

    def _still_open(self, journal: tuple[int, int, int] | None) -> bool:
        """Whether the database and its journal (``journal``, just stat()ed) are still the files the worker opened."""
        return (journal is not None and self._journal_id is not None and journal[0] == self._journal_id[1]
                and not self._corruption and _file_id(self._file) == self._file_id)

    async def _start_afresh(self) -> None:
        """Close both connections, then let the worker open whatever file is at the path now.

        The loop's connection goes first, so that the worker's is the last one
        open: SQLite's last close copies the WAL into the database if that is
        still in place (a deleted WAL's turns are saved), and leaves it alone
        if the database was replaced (its stale WAL is then removed).
        """
        self._recent.clear()
        self._close_loop_connection()
        await self._in_worker(self._reopen_files)

    async def _salvage(self, written: list[tuple[str, str, str]]) -> None:
        """After a commit into a WAL that was deleted meanwhile: start afresh, then check the rows are on disk.

        Raises:
            StorageUnavailableError: they are not (the turn is not acknowledged).
        """
        await self._start_afresh()
        _, found = await self._in_worker(self._select, [key for key, _, _ in written])
        stored = {key: e_tag for key, e_tag, _ in found}
        if any(stored.get(key) != e_tag for key, e_tag, _ in written):
            raise StorageUnavailableError(f"sqlite: {self.path}: its WAL was deleted while this turn was saved; "
                                          "the turn was not kept")

    def _close_loop_connection(self) -> None:
        connection, self._loop_connection, self._loop_file_id = self._loop_connection, None, None
        _close_quietly(connection)

    async def _after_worker(self) -> None:
        """Wait for what the worker is doing with the files, if anything, before using the loop's connection.

        That is a checkpoint it is running, or the last turn it was sent (a write
        the loop could not make). Meanwhile it holds the files or the write lock,
        so the loop's next writes would fail too and follow it there, one after
        another: at concurrency 32, one write in ten went through the worker, and
        a turn cost a quarter more CPU. A checkpoint still queued behind other
        work (a purge) holds up nobody.
        """
        running = self._checkpoint if self._maintenance.locked() else None
        waiting = [f for f in (running, self._sent_to_worker) if f is not None and not f.done()]
        if waiting:
            await asyncio.wait(waiting)

    async def _sent_on(self, operation: Callable, argument: list):
        """``operation`` on the worker, for a turn the loop could not serve; the next turns wait for it."""
        sent = self._sent_to_worker = asyncio.ensure_future(self._in_worker(operation, argument))
        return await sent

    def _start_checkpoint(self) -> None:
        if self._checkpoint is None and not self._closed:
            self._checkpoint = asyncio.ensure_future(self._in_worker(self._checkpoint_and_restart))
            self._checkpoint.add_done_callback(self._checkpoint_done)

    def _checkpoint_done(self, future: asyncio.Future) -> None:
        self._checkpoint = None
        error = None if future.cancelled() else future.exception()
        if error is not None and not self._closed:  # close checkpoints
            log.warning("state database %s: checkpoint failed, retried later: %s", self.path, describe(error))

    # -- worker thread ----------------------------------------------------------

    async def _in_worker(self, operation: Callable, *args):
        """Run ``operation`` on the worker thread; SQLite errors become StorageUnavailableError."""
        if self._closed:
            raise StorageUnavailableError(f"sqlite: the store for {self.path} is closed")
        loop = asyncio.get_running_loop()
        try:
            try:
                return await loop.run_in_executor(self._worker, self._guarded, operation, args)
            except _FilesChanged:
                await self._start_afresh()
                return await loop.run_in_executor(self._worker, self._guarded, operation, args)
        except _FilesChanged:
            raise StorageUnavailableError(f"sqlite: {self.path}: the file keeps being replaced") from None
        except sqlite3.Error as error:
            raise StorageUnavailableError(f"sqlite: {self.path}: {describe(error)}", self._problem(error)) from error

    def _problem(self, error: sqlite3.Error) -> str:
        """The reason code for an SQLite error; a corrupt file is remembered until a fresh open finds it whole."""
        name = getattr(error, "sqlite_errorname", "") or ""
        if name.startswith("SQLITE_FULL"):
            return DISK_FULL
        if name.startswith("SQLITE_NOTADB"):
            return CORRUPT  # not a database at all: refused at start, and failing every operation later
        if name.startswith("SQLITE_CORRUPT"):
            if self._corruption is None:
                log.error("state database %s is corrupt (%s); turns are refused until it is replaced by a backup",
                          self.path, describe(error))
            self._corruption = describe(error)
            return CORRUPT
        return UNAVAILABLE

    def _guarded(self, operation: Callable, args: tuple):
        try:
            return operation(*args)
        except sqlite3.Error as error:
            if not is_lock_error(error):
                # Anything but a lock may mean the handle itself is bad: start afresh next time.
                self._disconnect()
            raise

    def _connected(self) -> sqlite3.Connection:
        """The worker's connection, opened if need be.

        Raises:
            _FilesChanged: the database or its WAL is no longer the file opened; the caller starts afresh.
        """
        if self._connection is not None and not self._files_unchanged():
            raise _FilesChanged()
        if self._connection is None:
            self._connection = self._connect()
            self._file_id, self._journal_id = _file_id(self._file), _file_id(self._journal)
        if self._corruption:
            raise StorageUnavailableError(f"sqlite: {self.path} is corrupt ({self._corruption}); restore a backup "
                                          "over it", CORRUPT)
        return self._connection

    def _files_unchanged(self) -> bool:
        return _file_id(self._file) == self._file_id and _file_id(self._journal) == self._journal_id

    def _reopen_files(self) -> None:
        """The worker's half of :meth:`_start_afresh` (the loop's connection is closed already)."""
        if self._connection is not None and self._files_unchanged():
            return  # another operation has done it already
        log.warning("state database %s: %s; opening the file now at that path", self.path, self._what_changed())
        self._close_files()
        self._connected()

    def _what_changed(self) -> str:
        if _file_id(self._file) != self._file_id:
            return "the database was removed or replaced (a restored backup?)"
        return "its WAL was deleted; the turns in it are copied into the database"

    def _close_files(self) -> None:
        """Close the worker's connection; if the database was replaced, remove the WAL and index it leaves behind.

        SQLite does not checkpoint a database that has moved, and keeps its WAL:
        opened with the new file, that WAL would be read, and checkpointed into
        it, as if it were the new file's.
        """
        replaced = self._file_id is not None and _file_id(self._file) != self._file_id
        old_journal = self._journal_id
        self._disconnect()
        if replaced and self._wal and old_journal is not None and _file_id(self._journal) == old_journal:
            for stale in (self._journal, f"{self.path}-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(stale)

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=True
        )
        try:
            _refuse_foreign(connection, self.path)
            mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode != "wal":
                log.warning("state database %s: journal mode is %s, not WAL", self.path, mode)
                self._journal, self._wal = self._file, False
            _quiet_pragmas(connection)
            connection.executescript(SCHEMA)
            self._corruption = self._quick_check(connection)
            if self._wal and not self._corruption:  # the schema in the database file, not only in the WAL
                connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except BaseException:
            connection.close()
            raise
        return connection

    def _quick_check(self, connection: sqlite3.Connection) -> str | None:
        """None for a whole file, else what SQLite found: a few milliseconds per megabyte, once per open."""
        try:
            verdict = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as error:
            if is_lock_error(error):
                raise
            verdict = describe(error)
        if verdict == "ok":
            return None
        verdict = "; ".join(line.strip("* ") for line in verdict.splitlines() if line.strip("* "))
        log.error("state database %s is corrupt (PRAGMA quick_check: %s); turns are refused and /readyz answers "
                  "503 storage_corrupt until a backup is restored over it", self.path, verdict)
        return verdict

    def _disconnect(self) -> None:
        connection, self._connection, self._file_id, self._journal_id = self._connection, None, None, None
        _close_quietly(connection)

    def _select(self, keys: list[str]) -> tuple[Any, list[tuple[str, str | None, str | None]]]:
        return self._select_rows(self._connected(), keys)

    def _select_rows(self, connection: sqlite3.Connection,
                     keys: list[str]) -> tuple[Any, list[tuple[str, str | None, str | None]]]:
        """The rows found, and a row with no e_tag for each key not found, with the journal as it was before."""
        journal = _journal_state(self._journal)
        rows = []
        for start in range(0, len(keys), KEYS_PER_QUERY):
            chunk = keys[start : start + KEYS_PER_QUERY]
            marks = ", ".join("?" * len(chunk))
            rows += connection.execute(
                f"SELECT key, e_tag, document FROM bot_state WHERE key IN ({marks})", chunk
            ).fetchall()
        found = {row[0] for row in rows}
        return journal, rows + [(key, None, None) for key in keys if key not in found]

    def _store(self, rows: list[tuple[str, str | None, str]]) -> tuple[Any, list[tuple[str, str, str]]]:
        return self._store_rows(self._connected(), rows)

    def _store_rows(self, connection: sqlite3.Connection,
                    rows: list[tuple[str, str | None, str]]) -> tuple[tuple[Any, Any], list[tuple[str, str, str]]]:
        """Write the rows; the journal before and after this commit, and each key's new e_tag and document.

        "Before" is read holding the write lock, so nobody else commits between it and this commit.
        """
        now = self._clock()
        written = []
        with _immediate_transaction(connection):
            before = _journal_state(self._journal)
            if before is None or self._journal_id is None or before[0] != self._journal_id[1]:
                raise _FilesChanged()  # a WAL deleted: this commit would go nowhere durable
            for key, expected, document in rows:
                e_tag = uuid.uuid4().hex
                written.append((key, e_tag, document))
                if expected is None:
                    connection.execute(UPSERT, (key, e_tag, document, now))
                    continue
                if expected == CREATE_ONLY:
                    changed = connection.execute(INSERT_IF_ABSENT, (key, e_tag, document, now))
                else:
                    changed = connection.execute(COMPARE_AND_SET_RECENT,
                                                 (e_tag, document, key, expected, now - MODIFIED_AT_STEP))
                    if changed.rowcount != 1:  # its time is older (or its e_tag another): set both
                        changed = connection.execute(COMPARE_AND_SET, (e_tag, document, now, key, expected))
                if changed.rowcount != 1:
                    raise StateConflictError(key, expected, _current_e_tag(connection, key))
        return (before, _journal_state(self._journal)), written

    def _checkpoint_and_restart(self) -> None:
        """Copy the WAL into the database, then make the write that restarts the WAL (and syncs its header) here."""
        connection = self._connected()
        with self._maintenance:
            busy, _, _ = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if not busy:
                with _immediate_transaction(connection):
                    connection.execute("INSERT OR REPLACE INTO health_probe (id, checked_at) VALUES (1, ?)",
                                       (self._clock(),))

    def _remove(self, keys: list[str]) -> None:
        with _immediate_transaction(self._connected()) as connection:
            connection.executemany("DELETE FROM bot_state WHERE key = ?", [(k,) for k in keys])

    def _purge(self, cutoff: float) -> int:
        with _immediate_transaction(self._connected()) as connection:
            return connection.execute("DELETE FROM bot_state WHERE modified_at < ?", (cutoff,)).rowcount

    def _probe(self) -> None:
        """A write that gives up on a lock within PROBE_BUSY_MS: a health check answers before its caller's timeout."""
        connection = self._connected()
        connection.execute(f"PRAGMA busy_timeout = {PROBE_BUSY_MS}")
        try:
            with _immediate_transaction(connection):
                connection.execute(
                    "INSERT OR REPLACE INTO health_probe (id, checked_at) VALUES (1, ?)", (self._clock(),)
                )
        finally:
            connection.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout * 1000)}")


def _refuse_foreign(connection: sqlite3.Connection, path: Path) -> None:
    """Another application's database is not ours to change (not even its journal mode, a write to its header).

    Raises:
        StorageUnavailableError: it has tables and none of them is the bot's.
    """
    tables = [name for name, in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if tables and "bot_state" not in tables:
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StorageUnavailableError(f"{path} is another application's database (tables: {shown}); "
                                      "give the bot a file of its own")


class _FilesChanged(Exception):
    """The database or its WAL at the path is not the file the connection opened."""


def _close_quietly(connection: sqlite3.Connection | None) -> None:
    """Close a connection that may already be broken: its error would hide the one that led here."""
    if connection is not None:
        try:
            connection.close()
        except sqlite3.Error:
            pass


def _quiet_pragmas(connection: sqlite3.Connection) -> None:
    """Commits that only append to the WAL: checkpoints (and their syncs) are the worker's, on a schedule."""
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA wal_autocheckpoint = 0")
    connection.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")


class _immediate_transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any exception.

    IMMEDIATE takes the write lock first, so the e_tag compared is the e_tag
    overwritten even when another process writes the same file.
    """

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, error, traceback) -> None:
        if kind is None:
            self.connection.execute("COMMIT")
        elif self.connection.in_transaction:
            try:
                self.connection.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # the original error says more


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def is_lock_error(error: BaseException | None) -> bool:
    """True when another connection holds the lock: worth waiting for, not a broken file."""
    if not isinstance(error, sqlite3.Error):
        return False
    name = getattr(error, "sqlite_errorname", "") or ""
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(error)


def _current_e_tag(connection: sqlite3.Connection, key: str) -> str | None:
    row = connection.execute("SELECT e_tag FROM bot_state WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def _journal_state(journal: str) -> tuple[int, int, int] | None:
    """What changes whenever any connection commits: the journal file's identity, size and modification time."""
    try:
        stat = os.stat(journal)
    except OSError:
        return None
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


class _RecentItems:
    """The rows this process last read or wrote, valid while the journal is as it was then.

    Touched only on the event loop. A row with no e_tag records a key known to
    be absent. A commit by another connection makes every row unknown again;
    this process's own commits keep them (see :meth:`remember_write`).
    """

    def __init__(self, size: int):
        self.size = size
        self._rows: OrderedDict[str, tuple[str, str | None, str | None]] = OrderedDict()
        self._journal: Any = None

    def rows(self, keys: list[str], journal: Any) -> list[tuple[str, str | None, str | None]] | None:
        """The rows of all these keys, or None when one is unknown or another connection has committed since."""
        if journal is None:
            return None
        if journal != self._journal:  # someone else committed: start again from here
            self._rows.clear()
            self._journal = journal
            return None
        try:
            rows = [self._rows[key] for key in keys]
        except KeyError:
            return None
        for key in keys:
            self._rows.move_to_end(key)
        return rows

    def remember_read(self, rows: list[tuple[str, str | None, str | None]], journal: Any) -> None:
        """Keep rows read when the journal was ``journal``, unless it has moved on since (they may be older)."""
        if journal is not None and journal == self._journal:
            self._keep(rows)

    def remember_write(self, rows: list[tuple[str, str, str]], before: Any, after: Any) -> None:
        """Keep the rows this process committed; ``before`` is the journal just before that commit.

        If it is the journal the kept rows were valid at, nobody else committed
        in between, and they stay valid alongside the new ones.
        """
        if before != self._journal:
            self._rows.clear()
        self._journal = after
        self._keep(rows)

    def _keep(self, rows) -> None:
        for row in rows:
            self._rows[row[0]] = row
            self._rows.move_to_end(row[0])
        while len(self._rows) > self.size:
            self._rows.popitem(last=False)

    def forget(self, keys: Iterable[str]) -> None:
        for key in keys:
            self._rows.pop(key, None)

    def clear(self) -> None:
        self._rows.clear()
        self._journal = None
