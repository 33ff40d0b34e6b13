"""Conversation state in Azure Blob Storage, for several bot instances behind a load balancer.

botbuilder-azure's ``BlobStorage`` does the work: one JSON blob per key, and a
write with an e_tag is an ``If-Match`` upload, so a stale e_tag is refused with
HTTP 412 (checked against Azurite, including a write whose blob has gone).
This subclass fixes what that class gets wrong for a live bot (4.17.1):

- It builds its client with the Storage SDK's default retries: 15 s, 18 s and
  24 s back-offs, so a stopped store held a turn for about 85 s before failing.
  Here a few quick retries, then the user hears "please try again".
- ``read`` swallows every HTTP error, not just 404: a 500 or 403 would read as
  "no conversation", and the next write would silently replace the session.
  Here only a missing blob is "not found"; anything else raises.
- An item it has no e_tag for is uploaded with ``overwrite=True``; here an
  item marked ``CREATE_ONLY`` is uploaded with ``If-None-Match: *``, so of two
  instances starting one conversation at once, the second gets a conflict.
- Errors come back as the storage SDK's types; here a stale e_tag raises
  :class:`StateConflictError` (a ``KeyError``, as in ``MemoryStorage``) and an
  unreachable store :class:`StorageUnavailableError`, like the other stores.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List
from urllib.parse import unquote

from azure.core import MatchConditions
from azure.core.exceptions import (
    AzureError,
    HttpResponseError,
    ResourceExistsError,
    ResourceModifiedError,
    ResourceNotFoundError,
)
from azure.storage.blob.aio import BlobServiceClient, LinearRetry
from botbuilder.azure import BlobStorage, BlobStorageSettings

from .storage_base import (
    CREATE_ONLY,
    SECONDS_PER_DAY,
    StateConflictError,
    StateStore,
    StorageUnavailableError,
    StoreHealth,
    describe,
)

PRECONDITION_FAILED = 412


class AzureBlobStorage(BlobStorage, StateStore):
    """``BlobStorage`` with bounded retries, honest errors, a health probe and a TTL purge.

    Args:
        connection_string: the storage account's connection string.
        container: the container holding one blob per conversation; created if missing.
        retries: attempts after the first failure, ``retry_backoff`` seconds apart.
        connection_timeout, read_timeout: seconds, per attempt.
        clock: seconds since the epoch, for the purge cutoff.
    """

    kind = "blob"

    def __init__(
        self,
        connection_string: str,
        container: str,
        *,
        retries: int = 2,
        retry_backoff: float = 0.3,
        connection_timeout: float = 5.0,
        read_timeout: float = 10.0,
        clock: Callable[[], float] = time.time,
    ):
        super().__init__(
            BlobStorageSettings(container_name=container, connection_string=connection_string)
        )
        self.container_name = container
        self._clock = clock
        self._service = BlobServiceClient.from_connection_string(
            connection_string,
            retry_policy=LinearRetry(
                backoff=retry_backoff, retry_total=retries, random_jitter_range=retry_backoff / 3
            ),
            connection_timeout=connection_timeout,
            read_timeout=read_timeout,
        )
        self._container = self._service.get_container_client(container)
        # BlobStorage offers no way to pass client options, so swap in our client
        # under the name its methods use (name-mangled private attribute).
        self._BlobStorage__container_client = self._container

    # -- botbuilder Storage ---------------------------------------------------

    async def read(self, keys: List[str]) -> Dict[str, object]:
        try:
            return await super().read(keys)
        except AzureError as error:
            raise _unavailable(error) from error

    async def write(self, changes: Dict[str, object]):
        new = {key: item for key, item in (changes or {}).items() if _e_tag_of(item) == CREATE_ONLY}
        try:
            for key, item in new.items():
                await self._create(key, item)
            await super().write({k: v for k, v in changes.items() if k not in new} if new else changes)
        except (ResourceModifiedError, ResourceExistsError) as error:
            if error.status_code != PRECONDITION_FAILED:
                raise _unavailable(error) from error
            key, expected = _conditional_item(changes, error)
            raise StateConflictError(key, expected, None) from error
        except AzureError as error:
            raise _unavailable(error) from error

    async def delete(self, keys: List[str]):
        try:
            await super().delete(keys)
        except AzureError as error:
            raise _unavailable(error) from error

    async def _create(self, key: str, item: object) -> None:
        """Upload the blob only if it does not exist yet; one that does is a conflict."""
        await self._initialize()
        try:
            await self._container.upload_blob(key, self._store_item_to_str(item), overwrite=False)
        except ResourceExistsError as error:
            raise StateConflictError(key, CREATE_ONLY, None) from error

    async def _inner_read_blob(self, blob_client) -> Any:
        """Let only "blob not found" through to BlobStorage.read, which skips the key."""
        try:
            return await super()._inner_read_blob(blob_client)
        except ResourceNotFoundError:
            raise
        except HttpResponseError as error:
            raise _unavailable(error) from error

    # -- StateStore -------------------------------------------------------------

    async def check(self) -> StoreHealth:
        """Read the container's properties, creating the container when it is missing."""
        try:
            try:
                await self._container.get_container_properties()
            except ResourceNotFoundError:
                await self._container.create_container()
        except AzureError as error:
            return StoreHealth(False, f"blob: container {self.container_name!r}: {describe(error)}")
        return StoreHealth(True, f"blob: container {self.container_name!r}")

    async def purge_older_than(self, days: float) -> int:
        """Delete blobs last modified before the cutoff, unless rewritten meanwhile."""
        cutoff = datetime.fromtimestamp(self._clock() - days * SECONDS_PER_DAY, tz=timezone.utc)
        purged = 0
        try:
            await self._initialize()
            async for blob in self._container.list_blobs():
                if blob.last_modified < cutoff and await self._delete_unchanged(blob):
                    purged += 1
        except AzureError as error:
            raise _unavailable(error) from error
        return purged

    async def close(self) -> None:
        await self._service.close()
        await self._container.close()

    async def _delete_unchanged(self, blob) -> bool:
        try:
            await self._container.delete_blob(
                blob.name, etag=blob.etag, match_condition=MatchConditions.IfNotModified
            )
        except ResourceNotFoundError:
            return False
        except HttpResponseError as error:
            if error.status_code == PRECONDITION_FAILED:
                return False  # a turn wrote it after we listed it: not stale any more
            raise
        return True


def _unavailable(error: AzureError) -> StorageUnavailableError:
    return StorageUnavailableError(f"blob: {describe(error)}")


def _conditional_item(changes: Dict[str, object], error: HttpResponseError) -> tuple[str, Any]:
    """The key and e_tag of the refused write, for the conflict's message.

    BlobStorage writes items in order and stops at the first refusal; that item is
    the conditional one whose blob the failed request named.
    """
    url = unquote(getattr(getattr(error, "response", None), "url", "") or "").split("?")[0]
    conditional = [(key, _e_tag_of(item)) for key, item in changes.items()]
    conditional = [(key, e_tag) for key, e_tag in conditional if e_tag not in (None, "*")]
    named = [(key, e_tag) for key, e_tag in conditional if url.endswith("/" + key)]
    return (named or conditional or [(next(iter(changes)), None)])[0]


def _e_tag_of(item: Any) -> Any:
    return item.get("e_tag") if isinstance(item, dict) else getattr(item, "e_tag", None)
