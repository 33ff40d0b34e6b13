"""SqliteStorage on real files: concurrency across processes, durability, purge, health."""
from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from botbuilder.core import StoreItem

from bot.storage import SqliteStorage
from bot.errors import StateConflictError, StorageUnavailableError

REPO = Path(__file__).resolve().parents[2]
KEY = "msteams/conversations/a:1xyz"
DAY = 86_400.0


class Clock:
    """A clock the test moves by hand, so "30 days later" takes no time."""

    def __init__(self, now: float = 1_700_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def db(tmp_path):
    store = SqliteStorage(tmp_path / "state.db", busy_timeout=0.2)
    yield store
    await store.close()


@pytest.fixture
async def two_stores(tmp_path):
    """Two stores on one file, as two bot processes sharing it would have."""
    stores = SqliteStorage(tmp_path / "s.db"), SqliteStorage(tmp_path / "s.db")
    yield stores
    for store in stores:
        await store.close()


async def test_a_stale_e_tag_from_another_store_on_the_same_file_is_refused(two_stores):
    first, second = two_stores
    await first.write({KEY: {"state": "triage"}})
    mine = (await first.read([KEY]))[KEY]
    theirs = (await second.read([KEY]))[KEY]
    theirs["state"] = "check_policy"
    await second.write({KEY: theirs})

    mine["state"] = "check_organizer"
    with pytest.raises(KeyError) as refused:  # what MemoryStorage raises, so SDK code copes
        await first.write({KEY: mine})

    assert isinstance(refused.value, StateConflictError)
    assert refused.value.key == KEY
    assert (await first.read([KEY]))[KEY]["state"] == "check_policy"


async def test_a_read_sees_every_write_another_store_makes_to_the_same_file(two_stores):
    """This process answers reads from what it last read or wrote; another process's commit must end that."""
    mine, theirs = two_stores
    assert await mine.read([KEY]) == {}  # known absent...
    await theirs.write({KEY: {"n": 0}})
    assert (await mine.read([KEY]))[KEY]["n"] == 0  # ...until the other store creates it
    for n in range(1, 30):  # same-sized documents, written faster than file times tick
        item = (await theirs.read([KEY]))[KEY]
        await theirs.write({KEY: dict(item, n=n)})
        assert (await mine.read([KEY]))[KEY]["n"] == n


async def test_a_write_of_ours_after_another_stores_write_does_not_hide_theirs(two_stores):
    """Our own commits keep what we hold valid, unless another store committed before them."""
    mine, theirs = two_stores
    await mine.write({"a": {"n": 1}, "b": {"n": 1}})
    assert (await mine.read(["a", "b"]))["a"]["n"] == 1
    await theirs.write({"a": dict((await theirs.read(["a"]))["a"], n=2)})
    await mine.write({"c": {"n": 1}})  # our commit comes after theirs

    assert (await mine.read(["a"]))["a"]["n"] == 2
    await mine.write({"b": dict((await mine.read(["b"]))["b"], n=3)})  # and ours alone keep b and c known
    assert {k: v["n"] for k, v in (await mine.read(["a", "b", "c"])).items()} == {"a": 2, "b": 3, "c": 1}


async def test_when_a_remembered_item_is_stale_the_write_is_refused_and_the_next_read_is_fresh(two_stores):
    """Were the journal check ever fooled, the e_tag check still refuses the write and the key is read afresh."""
    from bot.storage.sqlite import _journal_state
    mine, theirs = two_stores
    await mine.write({KEY: {"state": "triage"}})
    stale = (await mine.read([KEY]))[KEY]
    await theirs.write({KEY: dict((await theirs.read([KEY]))[KEY], state="check_policy")})
    # Fool it: remember the old row as if the journal had not moved.
    now = _journal_state(mine._journal)
    mine._recent.remember_write([(KEY, stale["e_tag"], '{"state":"triage"}')], mine._recent._journal, now)
    assert (await mine.read([KEY]))[KEY]["state"] == "triage"

    with pytest.raises(StateConflictError):
        await mine.write({KEY: dict(stale, state="check_organizer")})
    assert (await mine.read([KEY]))[KEY]["state"] == "check_policy"


async def test_changing_an_item_read_does_not_change_the_next_read(db):
    await db.write({KEY: {"session": {"state": "triage", "answers": {}}}})
    first = (await db.read([KEY]))[KEY]
    first["session"]["answers"]["role"] = "guest"
    assert (await db.read([KEY]))[KEY]["session"] == {"state": "triage", "answers": {}}


async def test_a_plain_item_is_stored_as_plain_json_and_anything_else_keeps_its_type(db, tmp_path):
    await db.write({"plain": {"text": "py/object is just words", "n": [1, 2.5, None, True]},
                    "tuple": {"pair": (1, 2)}})
    items = await db.read(["plain", "tuple"])
    assert items["plain"]["text"] == "py/object is just words"
    assert items["plain"]["n"] == [1, 2.5, None, True]
    assert items["tuple"]["pair"] == (1, 2)
    rows = dict(sqlite3.connect(tmp_path / "state.db").execute("SELECT key, document FROM bot_state"))
    assert rows["plain"] == '{"text":"py/object is just words","n":[1,2.5,null,true]}'


async def test_a_busy_bot_checkpoints_so_the_wal_stays_small_and_the_database_holds_every_turn(tmp_path):
    from bot.storage.sqlite import CHECKPOINT_EVERY, WAL_SIZE_LIMIT
    store = SqliteStorage(tmp_path / "state.db")
    try:
        for turn in range(3 * CHECKPOINT_EVERY + 1):
            key = f"msteams/conversations/a:{turn % 50}"
            item = (await store.read([key])).get(key, {})
            await store.write({key: dict(item, turn=turn, words="x" * 2000)})
        await asyncio.sleep(0.5)  # the last checkpoint runs on the worker
        assert (tmp_path / "state.db-wal").stat().st_size <= WAL_SIZE_LIMIT
        assert (tmp_path / "state.db").stat().st_size > 50 * 2000  # checkpointed into the database file
    finally:
        await store.close()
    # What a fresh process finds: every conversation's last turn.
    rows = sqlite3.connect(tmp_path / "state.db").execute("SELECT count(*) FROM bot_state").fetchone()
    assert rows == (50,)
    reopened = SqliteStorage(tmp_path / "state.db")
    try:
        last = await reopened.read(["msteams/conversations/a:0"])
        assert last["msteams/conversations/a:0"]["turn"] == max(range(0, 3 * CHECKPOINT_EVERY + 1, 50))
    finally:
        await reopened.close()


async def test_every_write_gets_a_new_e_tag_and_star_overwrites(db):
    await db.write({KEY: {"n": 1}})
    first = (await db.read([KEY]))[KEY]
    await db.write({KEY: dict(first, n=2)})
    second = (await db.read([KEY]))[KEY]
    assert second["e_tag"] != first["e_tag"]

    await db.write({KEY: {"n": 3, "e_tag": "*"}})
    assert (await db.read([KEY]))[KEY]["n"] == 3


async def test_an_e_tag_for_an_item_that_is_gone_is_a_conflict(db):
    await db.write({KEY: {"n": 1}})
    held = (await db.read([KEY]))[KEY]
    await db.delete([KEY])

    with pytest.raises(StateConflictError):
        await db.write({KEY: held})
    assert await db.read([KEY]) == {}


async def test_a_batch_with_one_stale_item_writes_nothing(db):
    await db.write({"a": {"n": 1}, "b": {"n": 1}})
    items = await db.read(["a", "b"])
    await db.write({"b": dict(items["b"], n=2)})

    with pytest.raises(StateConflictError):
        await db.write({"a": dict(items["a"], n=99), "b": dict(items["b"], n=99)})

    after = await db.read(["a", "b"])
    assert (after["a"]["n"], after["b"]["n"]) == (1, 2)


async def test_a_store_item_comes_back_as_the_same_class_with_its_e_tag(db):
    await db.write({KEY: StoreItem(counter=4, answers={"triage": "no_record_option"})})
    item = (await db.read([KEY]))[KEY]
    assert isinstance(item, StoreItem)
    assert (item.counter, item.answers) == (4, {"triage": "no_record_option"})
    assert item.e_tag


async def test_writing_does_not_change_the_callers_item(db):
    session = {"state": "triage", "e_tag": "*"}
    await db.write({KEY: session})
    assert session == {"state": "triage", "e_tag": "*"}


async def test_sessions_survive_closing_and_reopening_the_file(tmp_path):
    path = tmp_path / "state.db"
    store = SqliteStorage(path)
    await store.write({KEY: {"state": "check_policy", "answers": {"triage": "no_record_option"}}})
    await store.close()

    reopened = SqliteStorage(path)
    try:
        item = (await reopened.read([KEY]))[KEY]
        assert item["state"] == "check_policy"
        assert item["answers"] == {"triage": "no_record_option"}
    finally:
        await reopened.close()


def run_python(script: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs,
    )


async def test_a_write_acknowledged_before_sigkill_is_on_disk(tmp_path):
    path = tmp_path / "state.db"
    writer = run_python(
        """
        import asyncio, sys, time
        from bot.storage import SqliteStorage
        async def main():
            store = SqliteStorage(sys.argv[1])
            await store.write({"k": {"state": "check_policy"}})
            print("written", flush=True)
            time.sleep(60)
        asyncio.run(main())
        """,
        str(path),
    )
    try:
        assert writer.stdout.readline().strip() == "written", writer.stderr.read()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()

    store = SqliteStorage(path)
    try:
        assert (await store.read(["k"]))["k"]["state"] == "check_policy"
    finally:
        await store.close()


INCREMENTER = """
    import asyncio, sys
    from bot.storage import SqliteStorage, StateConflictError
    async def main(path, times):
        store = SqliteStorage(path)
        conflicts = 0
        for _ in range(times):
            while True:
                item = (await store.read(["counter"]))["counter"]
                item["n"] += 1
                try:
                    await store.write({"counter": item})
                    break
                except StateConflictError:
                    conflicts += 1
        await store.close()
        print(conflicts)
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
"""


async def test_two_processes_incrementing_one_item_lose_no_update(tmp_path):
    """Each process re-reads on conflict, as the host does: every increment must count."""
    path = tmp_path / "state.db"
    store = SqliteStorage(path)
    await store.write({"counter": {"n": 0}})
    times = 150
    workers = [run_python(INCREMENTER, str(path), str(times)) for _ in range(2)]
    outputs = [await asyncio.to_thread(worker.communicate, timeout=120) for worker in workers]
    try:
        assert [w.returncode for w in workers] == [0, 0], [err for _, err in outputs]
        assert (await store.read(["counter"]))["counter"]["n"] == 2 * times
    finally:
        await store.close()


async def test_purge_removes_only_sessions_untouched_for_the_ttl(tmp_path):
    clock = Clock()
    store = SqliteStorage(tmp_path / "state.db", clock=clock)
    try:
        await store.write({"old": {"n": 1}, "kept": {"n": 1}})
        clock.now += 20 * DAY
        await store.write({"kept": {"n": 2}})  # touched: its 30 days start again
        clock.now += 11 * DAY

        assert await store.purge_older_than(30) == 1
        assert sorted(await store.read(["old", "kept"])) == ["kept"]
        assert await store.purge_older_than(30) == 0
    finally:
        await store.close()


async def test_purge_never_deletes_a_conversation_before_its_ttl_and_at_most_an_hour_after(tmp_path):
    """A row's time moves at most once an hour (so most commits leave the purge's index alone)."""
    clock = Clock()
    store = SqliteStorage(tmp_path / "state.db", clock=clock)
    try:
        await store.write({"chat": {"turn": 1}})
        for turn in range(2, 5):  # a conversation over 45 minutes: its last turn is what the TTL counts from
            clock.now += 15 * 60
            item = (await store.read(["chat"]))["chat"]
            await store.write({"chat": dict(item, turn=turn)})
        last_turn = clock.now

        clock.now = last_turn + 30 * DAY - 1
        assert await store.purge_older_than(30) == 0, "a second before its 30 days are up"
        clock.now = last_turn + 30 * DAY + 3600
        assert await store.purge_older_than(30) == 1
        assert await store.read(["chat"]) == {}
    finally:
        await store.close()


async def test_a_stale_e_tag_is_refused_whether_or_not_the_row_time_moves(tmp_path):
    clock = Clock()
    store = SqliteStorage(tmp_path / "state.db", clock=clock)
    try:
        await store.write({"chat": {"turn": 1}})
        stale = (await store.read(["chat"]))["chat"]
        await store.write({"chat": dict(stale, turn=2)})
        with pytest.raises(StateConflictError):
            await store.write({"chat": dict(stale, turn=3)})  # within the hour: the time is left as it is
        clock.now += 2 * 3600
        with pytest.raises(StateConflictError):
            await store.write({"chat": dict(stale, turn=3)})  # hours later: the time would be set too
        assert (await store.read(["chat"]))["chat"]["turn"] == 2
    finally:
        await store.close()


async def test_a_locked_database_reports_degraded_refuses_writes_and_recovers(db, lock_database):
    await db.write({KEY: {"state": "check_policy"}})
    session = (await db.read([KEY]))[KEY]
    other = lock_database(db.path)

    ok, reason = await db.check()
    assert not ok and "locked" in reason
    with pytest.raises(StorageUnavailableError, match="locked"):
        await db.write({KEY: dict(session, state="check_organizer_policy")})

    other.execute("ROLLBACK")
    assert (await db.check()).ok
    await db.write({KEY: dict(session, state="check_organizer_policy")})  # e_tag still valid
    assert (await db.read([KEY]))[KEY]["state"] == "check_organizer_policy"


async def test_the_event_loop_keeps_running_while_a_write_waits_for_a_lock(tmp_path, lock_database):
    store = SqliteStorage(tmp_path / "state.db", busy_timeout=1.0)
    await store.write({KEY: {"n": 1}})
    other = lock_database(store.path)
    ticks = 0

    async def tick():
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0.01)

    ticker = asyncio.create_task(tick())
    try:
        with pytest.raises(StorageUnavailableError):
            await store.write({KEY: {"n": 2}})
        assert ticks >= 20, "the event loop was blocked while SQLite waited"
    finally:
        ticker.cancel()
        other.close()
        await store.close()


async def test_a_folder_that_vanishes_reports_degraded_and_recovers_when_it_is_back(tmp_path):
    folder = tmp_path / "volume"
    folder.mkdir()
    store = SqliteStorage(folder / "state.db", busy_timeout=0.2)
    try:
        await store.write({KEY: {"n": 1}})
        shutil.rmtree(folder)
        folder.write_text("not a folder")  # the path can no longer hold a database

        ok, reason = await store.check()
        assert not ok and "unable to open" in reason
        with pytest.raises(StorageUnavailableError):
            await store.write({KEY: {"n": 2}})

        folder.unlink()
        folder.mkdir()
        assert (await store.check()).ok
        await store.write({KEY: {"n": 3}})
        assert (folder / "state.db").exists()
        assert (await store.read([KEY]))[KEY]["n"] == 3
    finally:
        await store.close()


async def test_check_writes_to_the_file(db):
    assert await db.check() == (True, f"sqlite: {db.path}")
    with sqlite3.connect(db.path) as connection:
        assert connection.execute("SELECT count(*) FROM health_probe").fetchone() == (1,)


async def test_the_file_is_in_wal_mode(db):
    await db.write({KEY: {"n": 1}})
    with sqlite3.connect(db.path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_a_closed_store_says_so(tmp_path):
    store = SqliteStorage(tmp_path / "state.db")
    await store.close()
    with pytest.raises(StorageUnavailableError, match="closed"):
        await store.read([KEY])
    assert not (await store.check()).ok


async def test_reading_none_is_refused_like_the_sdk_stores(db):
    with pytest.raises(Exception, match="Keys are required when reading"):
        await db.read(None)
    assert await db.read([]) == {}


async def test_an_empty_e_tag_is_refused(db):
    await db.write({KEY: {"n": 1}})
    with pytest.raises(Exception, match="etag missing"):
        await db.write({KEY: {"n": 2, "e_tag": ""}})
    assert (await db.read([KEY]))[KEY]["n"] == 1


# --- the file changes under the running bot ------------------------------------------------------


def backup_of(path: Path, to: Path, *also: str) -> None:
    """What an admin's backup is: SQLite's online backup of the live file; ``also`` are keys added to it later."""
    with sqlite3.connect(path) as live, sqlite3.connect(to) as copy:
        live.backup(copy)
        copy.executemany("INSERT INTO bot_state VALUES (?, 'restored', '{\"restored\": true}', 0)",
                         [(key,) for key in also])
    copy.close()
    live.close()


def rows_in(path: Path) -> tuple[str, set[str]]:
    """What a fresh process finds in the file: SQLite's integrity verdict, and the keys."""
    with sqlite3.connect(path) as connection:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        keys = {key for key, in connection.execute("SELECT key FROM bot_state")}
    connection.close()
    return verdict, keys


async def test_a_backup_restored_over_the_running_store_is_served_and_never_overwritten(tmp_path):
    """Restore = a copy of the backup renamed over BOT_STATE_PATH while the bot runs, then the bot stops (SIGTERM).

    The store must read the restored file, write to it, and leave it whole: never the
    old conversations from its old WAL, in reads or written over the restored file on close.
    """
    path = tmp_path / "state.db"
    store = SqliteStorage(path)
    for n in range(20):
        await store.write({f"before/{n}": {"n": n, "words": "x" * 3000}})
    backup_of(path, tmp_path / "backup.db", "only/in/backup")
    for n in range(20):
        await store.write({f"after/{n}": {"n": n, "words": "x" * 3000}})

    shutil.copy(tmp_path / "backup.db", tmp_path / "restoring.db")
    os.replace(tmp_path / "restoring.db", path)
    seen = await store.read(["before/1", "after/1", "only/in/backup"])
    await store.write({"new": {"n": 1}})
    await store.close()  # what SIGTERM does

    assert sorted(seen) == ["before/1", "only/in/backup"]
    verdict, keys = rows_in(path)
    assert verdict == "ok"
    assert {"before/1", "only/in/backup", "new"} <= keys and not any(k.startswith("after/") for k in keys)


async def test_a_deleted_wal_loses_no_acknowledged_turn_when_the_bot_is_then_killed(tmp_path):
    """The WAL deleted under a running bot (a clean-up script), more turns, then SIGKILL: every turn is on disk."""
    path = tmp_path / "state.db"
    writer = run_python(
        """
        import asyncio, os, sys, time
        from bot.storage import SqliteStorage
        async def main(path):
            store = SqliteStorage(path)
            await store.write({"first": {"n": 1}})
            os.unlink(path + "-wal")
            item = (await store.read(["first"]))["first"]
            await store.write({"first": dict(item, n=2), "second": {"n": 1}})
            await store.write({"third": {"n": 1}})
            print("written", flush=True)
            time.sleep(60)
        asyncio.run(main(sys.argv[1]))
        """,
        str(path),
    )
    try:
        assert writer.stdout.readline().strip() == "written", writer.stderr.read()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()

    verdict, keys = rows_in(path)
    assert (verdict, keys) == ("ok", {"first", "second", "third"})
    store = SqliteStorage(path)
    try:
        assert (await store.read(["first"]))["first"]["n"] == 2
    finally:
        await store.close()


async def test_a_wal_deleted_while_nobody_talks_to_the_bot_loses_nothing_when_it_is_then_killed(tmp_path):
    """No turn between the deletion and the SIGKILL: the store's own watch saves what the WAL held."""
    path = tmp_path / "state.db"
    writer = run_python(
        """
        import asyncio, os, sys, time
        from bot.storage import SqliteStorage
        async def main(path):
            store = SqliteStorage(path)
            watching = asyncio.create_task(store.watch(every=0.1))  # as the server runs it
            await store.write({"first": {"n": 1}, "second": {"n": 1}})
            os.unlink(path + "-wal")
            await asyncio.sleep(0.5)
            print("deleted", flush=True)
            time.sleep(60)
        asyncio.run(main(sys.argv[1]))
        """,
        str(path),
    )
    try:
        assert writer.stdout.readline().strip() == "deleted", writer.stderr.read()
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()

    assert rows_in(path) == ("ok", {"first", "second"})


async def test_turns_that_arrive_during_a_checkpoint_wait_for_it_and_stay_on_the_event_loop(tmp_path):
    """32 conversations at once across checkpoints: a turn that arrives while the worker checkpoints waits for it,
    then commits on the event loop. Before, it went to the worker, held the write lock there, and the next turns'
    writes failed on the loop and followed it: one in ten, and a quarter more CPU per turn at concurrency 32."""
    from bot.storage.sqlite import CHECKPOINT_EVERY
    store = SqliteStorage(tmp_path / "state.db")
    await store.open()
    sent, in_worker = [], store._in_worker

    async def counting(operation, *args):
        if operation.__name__ in ("_store", "_select"):
            sent.append(operation.__name__)
        return await in_worker(operation, *args)

    store._in_worker = counting
    turns = CHECKPOINT_EVERY // 8  # 32 conversations of these: four checkpoints

    async def conversation(n: int) -> None:
        for turn in range(turns):
            await store.write({f"msteams/conversations/a:{n}": {"turn": turn, "words": "x" * 1500}})
            await asyncio.sleep(0)

    try:
        await asyncio.gather(*(conversation(n) for n in range(32)))
    finally:
        await store.close()
    assert len(sent) < 32 * turns // 100, f"{len(sent)} of {32 * turns} turns went through the worker thread"
    stored = sqlite3.connect(tmp_path / "state.db").execute("SELECT document FROM bot_state").fetchall()
    assert len(stored) == 32 and all(f'"turn":{turns - 1}' in document for (document,) in stored)


async def test_stopping_right_after_a_busy_spell_warns_of_nothing(tmp_path, caplog):
    """A checkpoint due as the bot stops is the close's own to do: no "checkpoint failed" line at every shutdown."""
    from bot.storage.sqlite import CHECKPOINT_EVERY
    store = SqliteStorage(tmp_path / "state.db")
    for turn in range(CHECKPOINT_EVERY):
        await store.write({f"k{turn % 10}": {"turn": turn}})
    await store.close()
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert rows_in(tmp_path / "state.db") == ("ok", {f"k{n}" for n in range(10)})


async def test_a_new_conversation_is_read_and_saved_while_the_worker_is_busy(db):
    """A purge or checkpoint on the worker thread holds up no turn: a key never seen is read on the event loop."""
    await db.write({KEY: {"state": "triage"}})  # the worker has opened the file in WAL mode
    release, loop = asyncio.Event(), asyncio.get_running_loop()
    busy = asyncio.ensure_future(db._in_worker(lambda: asyncio.run_coroutine_threadsafe(
        release.wait(), loop).result(timeout=5)))  # the worker thread waits until the test lets it go
    try:
        new_key = KEY + "-new"
        assert await asyncio.wait_for(db.read([new_key]), timeout=1) == {}
        await asyncio.wait_for(db.write({new_key: {"state": "welcome"}}), timeout=1)
        assert (await asyncio.wait_for(db.read([KEY]), timeout=1))[KEY]["state"] == "triage"
    finally:
        release.set()
        await busy
