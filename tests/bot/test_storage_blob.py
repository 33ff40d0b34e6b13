"""AzureBlobStorage against a real Azurite: e_tags across instances, outages, purge, and the blobs
of botbuilder-azure's BlobStorage 4.17.1, which the store replaced."""
from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

import pytest
from azure.storage.blob import AccountSasPermissions, ResourceTypes, generate_account_sas
from azure.storage.blob.aio import BlobServiceClient
from botbuilder.azure import BlobStorage, BlobStorageSettings
from botbuilder.core import StoreItem

from bot.storage import CREATE_ONLY, AzureBlobStorage
from bot.errors import StateConflictError, StorageUnavailableError
pytest_plugins = ["tests.support.azurite"]

KEY = "msteams/conversations/19:meeting_abc@thread.v2;messageid=1"
SESSION = {
    "session": {"state": "check_organizer_policy", "answers": {"meeting": "channel", "licence": "E3"},
                "history": ["triage", "check_policy"], "note": "réunion \U0001F3A5"},
    "welcomed": True,
}
OTHER_KEYS = ['!@#$%^&*()_+??><":QASD~`', "msteams/conversations/a:1 with spaces/%2F"]
# A Teams turn must be answered well within Teams' 15 s limit, outage or not.
TURN_BUDGET = 15.0


@pytest.fixture
async def open_blob(azurite, blob_container):
    """Make stores on one container, as several bot instances would; all closed at the end."""
    stores = []

    def make(server=azurite, connection_string: str = "", **options) -> AzureBlobStorage:
        connection_string = connection_string or server.connection_string
        store = AzureBlobStorage(connection_string, blob_container, **options)
        stores.append(store)
        return store

    yield make
    for store in stores:
        await store.close()


@pytest.fixture
async def botbuilder_azure(azurite, blob_container):
    """botbuilder-azure's BlobStorage on the same container: the store an upgrading admin ran before."""
    sdk = BlobStorage(BlobStorageSettings(container_name=blob_container, connection_string=azurite.connection_string))
    yield sdk
    await sdk._BlobStorage__container_client.close()


async def test_a_stale_e_tag_from_another_instance_is_refused(open_blob):
    first, second = open_blob(), open_blob()
    await first.write({KEY: {"state": "triage"}})
    mine = (await first.read([KEY]))[KEY]
    theirs = (await second.read([KEY]))[KEY]
    await second.write({KEY: dict(theirs, state="check_policy")})

    with pytest.raises(KeyError) as refused:
        await first.write({KEY: dict(mine, state="check_organizer")})

    assert isinstance(refused.value, StateConflictError)
    assert refused.value.key == KEY
    assert (await first.read([KEY]))[KEY]["state"] == "check_policy"


async def test_an_e_tag_for_a_blob_that_is_gone_is_a_conflict(open_blob):
    store = open_blob()
    await store.write({KEY: {"n": 1}})
    held = (await store.read([KEY]))[KEY]
    await store.delete([KEY])
    with pytest.raises(StateConflictError):
        await store.write({KEY: held})


async def test_a_write_of_several_items_stops_at_the_first_refused_one(open_blob):
    first, second = open_blob(), open_blob()
    await first.write({"a": {"n": 1}, "c": {"n": 1}})
    held = await first.read(["a", "c"])
    await second.write({"c": dict(held["c"], n=2)})

    with pytest.raises(StateConflictError) as refused:
        await first.write({"a": dict(held["a"], n=10), "b": {"n": 10, "e_tag": CREATE_ONLY},
                           "c": dict(held["c"], n=10), "d": {"n": 10}})

    assert (refused.value.key, refused.value.expected) == ("c", held["c"]["e_tag"])
    stored = await first.read(["a", "b", "c", "d"])
    assert {key: item["n"] for key, item in stored.items()} == {"a": 10, "b": 10, "c": 2}


async def test_two_instances_incrementing_at_once_lose_no_update(open_blob):
    """Each retries on conflict with a fresh read, as the host does."""
    stores = [open_blob(), open_blob()]
    await stores[0].write({"counter": {"n": 0}})

    async def increment(store, times):
        for _ in range(times):
            while True:
                item = (await store.read(["counter"]))["counter"]
                item["n"] += 1
                try:
                    await store.write({"counter": item})
                    break
                except StateConflictError:
                    await asyncio.sleep(0)

    await asyncio.gather(*(increment(store, 25) for store in stores))
    assert (await stores[0].read(["counter"]))["counter"]["n"] == 50


async def test_the_container_is_created_when_missing(open_blob, azurite, blob_container):
    store = open_blob()
    assert await store.check() == (True, f"blob: container {blob_container!r}")
    async with BlobServiceClient.from_connection_string(azurite.connection_string) as service:
        names = [container.name async for container in service.list_containers()]
    assert blob_container in names


async def test_a_stopped_azurite_fails_fast_reports_degraded_and_recovers(private_azurite, open_blob):
    store = open_blob(private_azurite)
    await store.write({KEY: {"state": "check_policy"}})
    session = (await store.read([KEY]))[KEY]

    private_azurite.stop()
    ok, reason = await asyncio.wait_for(store.check(), TURN_BUDGET)
    assert not ok and "blob" in reason
    with pytest.raises(StorageUnavailableError):
        await asyncio.wait_for(store.read([KEY]), TURN_BUDGET)
    with pytest.raises(StorageUnavailableError):
        await asyncio.wait_for(store.write({KEY: dict(session, state="x")}), TURN_BUDGET)

    private_azurite.start()
    assert (await store.check()).ok
    await store.write({KEY: dict(session, state="check_organizer_policy")})
    assert (await store.read([KEY]))[KEY]["state"] == "check_organizer_policy"


async def test_a_refused_read_is_an_error_not_a_missing_conversation(azurite, open_blob, blob_container):
    """BlobStorage 4.17.1 swallows a 403 on read: the bot would start the user over."""
    await open_blob().write({KEY: {"state": "check_policy"}})
    no_read = sas_connection_string(azurite, AccountSasPermissions(write=True, create=True, list=True))

    sdk = BlobStorage(BlobStorageSettings(container_name=blob_container, connection_string=no_read))
    assert await sdk.read([KEY]) == {}  # one of the defects this store exists for
    await sdk._BlobStorage__container_client.close()

    with pytest.raises(StorageUnavailableError, match="(?i)authorization|permission"):
        await open_blob(connection_string=no_read).read([KEY])


SAVED_KEYS = [KEY, *OTHER_KEYS, "stored-object"]


def saved_items(session_e_tag: str) -> dict:
    """A session, items under awkward keys, and a StoreItem: what either class may find in a container."""
    return {KEY: dict(SESSION, e_tag=session_e_tag), **{key: {"n": 1} for key in OTHER_KEYS},
            "stored-object": StoreItem(id=7, tags=("a", "b"), e_tag="*")}


def assert_read_as_written(read: dict, written: dict) -> None:
    """One class's read of what the other wrote (and read back itself): the same items, with the same e_tags."""
    assert read[KEY] == written[KEY] == dict(SESSION, e_tag=written[KEY]["e_tag"])
    assert [read[key] for key in OTHER_KEYS] == [written[key] for key in OTHER_KEYS]
    stored = read["stored-object"]
    assert isinstance(stored, StoreItem)
    assert (stored.id, stored.tags, stored.e_tag) == (7, ("a", "b"), written["stored-object"].e_tag)


async def test_conversations_saved_by_botbuilder_azure_continue_after_the_upgrade(open_blob, botbuilder_azure):
    await botbuilder_azure.write(saved_items(session_e_tag="*"))
    before = await botbuilder_azure.read(SAVED_KEYS)

    store = open_blob()
    after = await store.read(SAVED_KEYS)

    assert_read_as_written(after, before)

    next_turn = dict(after[KEY], session=dict(SESSION["session"], state="diagnosis"))
    await store.write({KEY: next_turn})
    with pytest.raises(StateConflictError):
        await store.write({KEY: next_turn})  # its e_tag is the one before that write
    assert (await store.read([KEY]))[KEY]["session"]["state"] == "diagnosis"


async def test_conversations_saved_by_the_store_read_back_with_botbuilder_azure(open_blob, botbuilder_azure):
    """A rollback, or old and new instances side by side during a rolling upgrade."""
    store = open_blob()
    await store.write(saved_items(session_e_tag=CREATE_ONLY))
    ours = await store.read(SAVED_KEYS)

    theirs = await botbuilder_azure.read(SAVED_KEYS)

    assert_read_as_written(theirs, ours)

    await botbuilder_azure.write({KEY: dict(theirs[KEY], welcomed=False)})
    with pytest.raises(StateConflictError):
        await store.write({KEY: ours[KEY]})  # the old instance wrote since
    assert (await store.read([KEY]))[KEY]["welcomed"] is False


async def test_purge_removes_only_blobs_untouched_for_the_ttl(open_blob):
    now = {"t": time.time()}
    store = open_blob(clock=lambda: now["t"])
    await store.write({"old": {"n": 1}})
    await asyncio.sleep(2.2)  # Blob Storage dates have one-second resolution
    between = time.time() - 1.0
    await store.write({"kept": {"n": 1}})

    now["t"] = between + 30 * 86_400  # 30 days after a moment between the two writes
    assert await store.purge_older_than(30) == 1
    assert sorted(await store.read(["old", "kept"])) == ["kept"]


async def test_purge_on_a_stopped_azurite_is_an_error(private_azurite, open_blob):
    store = open_blob(private_azurite)
    private_azurite.stop()
    with pytest.raises(StorageUnavailableError):
        await asyncio.wait_for(store.purge_older_than(30), TURN_BUDGET)


def sas_connection_string(server, permission: AccountSasPermissions) -> str:
    sas = generate_account_sas(
        server.account,
        server.account_key,
        resource_types=ResourceTypes(service=True, container=True, object=True),
        permission=permission,
        expiry=datetime.now(timezone.utc) + timedelta(hours=1),
    )
    return f"BlobEndpoint={server.blob_endpoint};SharedAccessSignature={sas}"
