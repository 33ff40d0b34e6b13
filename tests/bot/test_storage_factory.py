"""open_storage, purge and the in-memory store: what an admin and the host rely on."""
from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.settings import Settings, SettingsError
from bot.storage import AzureBlobStorage, InMemoryStorage, SqliteStorage, StateStore, open_storage, purge, purge_expired, purge_periodically
from bot.errors import StateConflictError
pytest_plugins = ["tests.support.azurite"]

KEY = "msteams/conversations/a:1xyz"
DAY = 86_400.0


def sqlite_settings(path, **changes) -> Settings:
    return Settings().with_(storage="sqlite", state_path=path, **changes)


async def test_sqlite_is_opened_in_a_folder_created_for_it(tmp_path):
    path = tmp_path / "nested" / "data" / "state.db"
    store = await open_storage(sqlite_settings(path))
    try:
        assert isinstance(store, SqliteStorage) and isinstance(store, StateStore)
        assert path.exists(), "the database should be created at start, not on the first turn"
        assert (await store.check()).ok
    finally:
        await store.close()


async def test_a_state_path_that_is_a_folder_is_refused_at_start(tmp_path):
    with pytest.raises(SettingsError, match=r"BOT_STATE_PATH=.* is a folder"):
        await open_storage(sqlite_settings(tmp_path))


async def test_a_state_path_under_a_regular_file_is_refused_at_start(tmp_path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(SettingsError, match=r"BOT_STATE_PATH=.*cannot create the folder"):
        await open_storage(sqlite_settings(blocker / "state.db"))


async def test_a_state_path_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, not a database\n" * 100)
    with pytest.raises(SettingsError, match=r"BOT_STATE_PATH=.*not a database"):
        await open_storage(sqlite_settings(notes))
    assert notes.read_text() == "my notes, not a database\n" * 100


async def test_a_database_locked_at_start_starts_degraded_then_recovers(tmp_path):
    path = tmp_path / "state.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    store = None
    try:
        store = await asyncio.wait_for(open_storage(sqlite_settings(path)), 30)
        holder.execute("ROLLBACK")
        assert (await store.check()).ok
        await store.write({KEY: {"n": 1}})
    finally:
        holder.close()
        if store:
            await store.close()


async def test_memory_is_opened_for_memory():
    store = await open_storage(Settings().with_(storage="memory"))
    assert isinstance(store, InMemoryStorage)
    assert await store.check() == (True, "memory: in this process only, lost on restart")


async def test_blob_is_opened_for_blob_and_works(azurite, blob_container):
    container = blob_container
    store = await open_storage(
        Settings().with_(storage="blob", blob_connection_string=azurite.connection_string, blob_container=container)
    )
    try:
        assert isinstance(store, AzureBlobStorage)
        await store.write({KEY: {"n": 1}})
        assert (await store.read([KEY]))[KEY]["n"] == 1
    finally:
        await store.close()


async def test_with_a_ca_bundle_set_blob_calls_do_not_load_it_again_each_time(azurite, blob_container,
                                                                                monkeypatch):
    """Machines whose image sets SSL_CERT_FILE (many do) had every Blob call parse the whole bundle again:
    a turn on Blob took 55 to 95 ms served, against 14 ms without it."""
    import ssl

    import certifi

    loads = []
    load_verify_locations = ssl.SSLContext.load_verify_locations

    def counted(context, *args, **kwargs):
        loads.append(args or kwargs)
        return load_verify_locations(context, *args, **kwargs)

    settings = Settings().with_(storage="blob", blob_connection_string=azurite.connection_string,
                                blob_container=blob_container, ca_bundles=(certifi.where(),))
    store = await open_storage(settings)
    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    try:
        for n in range(10):
            await store.write({KEY: {"n": n}})
            assert (await store.read([KEY]))[KEY]["n"] == n
    finally:
        await store.close()
    assert loads == [], f"the CA bundle was loaded {len(loads)} times for 20 calls"


async def test_a_blob_store_that_could_not_be_opened_leaves_no_session_open(monkeypatch):
    import aiohttp

    sessions = []
    real_init = aiohttp.ClientSession.__init__

    def kept(session, *args, **kwargs):
        sessions.append(session)
        real_init(session, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "__init__", kept)
    with pytest.raises(SettingsError, match="AZURE_STORAGE_CONNECTION_STRING"):
        await open_storage(Settings().with_(storage="blob", blob_connection_string="AccountKey=c2VjcmV0LWtleQ=="))
    assert sessions and all(session.closed for session in sessions)


@pytest.mark.parametrize("name", ["Bot_State", "ab", "-state", "bot--state", "x" * 64])
async def test_an_invalid_container_name_is_refused_at_start(name):
    settings = Settings().with_(storage="blob", blob_connection_string="UseDevelopmentStorage=true", blob_container=name)
    with pytest.raises(SettingsError, match="BOT_STATE_CONTAINER=.*not a valid container name"):
        await open_storage(settings)


async def test_a_malformed_connection_string_is_refused_without_echoing_it():
    secret = "AccountKey=c2VjcmV0LWtleQ=="
    settings = Settings().with_(storage="blob", blob_connection_string=secret)
    with pytest.raises(SettingsError, match="AZURE_STORAGE_CONNECTION_STRING") as refused:
        await open_storage(settings)
    assert "c2VjcmV0" not in str(refused.value)


def age_rows(path, days: float) -> None:
    """Make every stored session look untouched for ``days`` (as if the bot had been idle)."""
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE bot_state SET modified_at = modified_at - ?", (days * DAY,))


async def test_purge_deletes_sessions_older_than_the_ttl_and_says_how_many(tmp_path):
    path = tmp_path / "state.db"
    store = await open_storage(sqlite_settings(path))
    await store.write({"a": {"n": 1}, "b": {"n": 1}})
    await store.close()
    age_rows(path, 31)
    store = await open_storage(sqlite_settings(path))
    await store.write({"fresh": {"n": 1}})
    await store.close()

    assert await asyncio.to_thread(purge, sqlite_settings(path, state_ttl_days=30)) == 2
    assert await purge_expired(sqlite_settings(path, state_ttl_days=30)) == 0
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT key FROM bot_state").fetchall() == [("fresh",)]


async def test_the_ttl_comes_from_the_settings(tmp_path):
    path = tmp_path / "state.db"
    store = await open_storage(sqlite_settings(path))
    await store.write({"a": {"n": 1}})
    await store.close()
    age_rows(path, 8)

    assert await purge_expired(sqlite_settings(path, state_ttl_days=10)) == 0
    assert await purge_expired(sqlite_settings(path, state_ttl_days=7)) == 1


async def test_the_server_purges_on_its_own(tmp_path):
    store = SqliteStorage(tmp_path / "state.db")
    await store.write({"a": {"n": 1}})
    age_rows(store.path, 40)
    task = asyncio.create_task(purge_periodically(store, days=30, every=0.05))
    try:
        for _ in range(100):
            if not await store.read(["a"]):
                break
            await asyncio.sleep(0.05)
        assert await store.read(["a"]) == {}
    finally:
        task.cancel()
        await store.close()


class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self):
        return self.now


async def test_memory_purge_removes_only_old_sessions():
    clock = Clock()
    store = InMemoryStorage(clock=clock)
    await store.write({"old": {"n": 1}})
    clock.now += 31 * DAY
    await store.write({"fresh": {"n": 1}})
    assert await store.purge_older_than(30) == 1
    assert sorted(await store.read(["old", "fresh"])) == ["fresh"]


async def test_memory_refuses_a_stale_e_tag_even_for_conversation_state_items():
    """ConversationState writes items without an e_tag; MemoryStorage alone never protects them."""
    store = InMemoryStorage()
    await store.write({KEY: {"state": "triage"}})
    first = (await store.read([KEY]))[KEY]
    second = (await store.read([KEY]))[KEY]
    await store.write({KEY: dict(first, state="check_policy")})

    with pytest.raises(StateConflictError):
        await store.write({KEY: dict(second, state="check_organizer")})
    assert (await store.read([KEY]))[KEY]["state"] == "check_policy"


async def test_memory_reads_are_copies():
    store = InMemoryStorage()
    await store.write({KEY: {"answers": {}}})
    (await store.read([KEY]))[KEY]["answers"]["triage"] = "other"
    assert (await store.read([KEY]))[KEY]["answers"] == {}


async def test_another_applications_database_is_refused_at_start_and_left_byte_for_byte(tmp_path):
    """BOT_STATE_PATH pointing at some other app's SQLite file: refused before the switch to WAL writes its header."""
    path = tmp_path / "crm.db"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        other.execute("INSERT INTO customers (name) VALUES ('Contoso')")
    other.close()
    before = path.read_bytes()

    with pytest.raises(SettingsError, match=r"BOT_STATE_PATH=.*another application's database \(tables: customers\)"):
        await open_storage(sqlite_settings(path))
    assert path.read_bytes() == before
    assert not (tmp_path / "crm.db-wal").exists()
