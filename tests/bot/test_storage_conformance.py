"""botbuilder-testing's own storage conformance suite, run against each of our stores.

StorageBaseTests is what the SDK runs against MemoryStorage, BlobStorage and
Cosmos; passing it means ConversationState, dialogs and prompts behave on our
stores exactly as on the SDK's.
"""
from __future__ import annotations

import pytest
from botbuilder.testing import StorageBaseTests

from bot.storage import AzureBlobStorage, InMemoryStorage, SqliteStorage
pytest_plugins = ["tests.support.azurite"]

CONFORMANCE = [
    "return_empty_object_when_reading_unknown_key",
    "handle_null_keys_when_reading",
    "handle_null_keys_when_writing",
    "does_not_raise_when_writing_no_items",
    "create_object",
    "handle_crazy_keys",
    "update_object",
    "delete_object",
    "delete_unknown_object",
    "perform_batch_operations",
    "proceeds_through_waterfall",
]


@pytest.fixture(params=["sqlite", "memory", "blob"])
async def store(request, tmp_path):
    if request.param == "sqlite":
        store = SqliteStorage(tmp_path / "state.db")
    elif request.param == "memory":
        store = InMemoryStorage()
    else:
        server = request.getfixturevalue("azurite")
        store = AzureBlobStorage(server.connection_string, request.getfixturevalue("blob_container"))
    yield store
    await store.close()


@pytest.mark.parametrize("case", CONFORMANCE)
async def test_storage_base_tests(store, case):
    assert await getattr(StorageBaseTests, case)(store) is True
