"""Conversation state in Azure Blob Storage, for several bot instances behind a load balancer.

Ours, on the Azure Storage SDK (``azure.storage.blob.aio``), not botbuilder-azure's
``BlobStorage``: the state stores are shared by both hosts, so they import no bot
SDK (only ``bot/hosts/botbuilder/`` imports botbuilder), and the Agents SDK host
uses this store unchanged.

The blobs are those ``BlobStorage`` 4.17.1 writes, so instances before and after
an upgrade read each other's conversations (tests/bot/test_storage_blob.py
checks both ways against that class):

- one blob per key, named by the key itself (the SDK percent-encodes it in the URL);
- the item as JSON, through jsonpickle unless it is plain JSON (:mod:`bot.storage.serialization`);
- the item's e_tag is the blob's ETag without its quotes, sent back as ``If-Match``,
  so a stale e_tag is refused with HTTP 412 (checked against Azurite, including a
  write whose blob has gone).

Where it differs from ``BlobStorage``, for a live bot:

- Bounded retries: the SDK's defaults back off 15 s, 18 s and 24 s, so a stopped
  store held a turn for about 85 s before failing. Here a few quick retries,
  then the user hears "please try again".
- ``BlobStorage.read`` swallows every HTTP error, not just 404: a 500 or 403
  would read as "no conversation", and the next write would silently replace the
  session. Here only a missing blob is "not found"; anything else raises.
- An item marked ``CREATE_ONLY`` is uploaded with ``If-None-Match: *``, so of two
  instances starting one conversation at once, the second gets a conflict
  (``BlobStorage`` overwrites).
- Errors are the stores' own: a stale e_tag raises :class:`StateConflictError`
  (a ``KeyError``, as in ``MemoryStorage``) and an unreachable store
  :class:`StorageUnavailableError`, never the storage SDK's types.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Iterable

import aiohttp
from azure.core import MatchConditions
from azure.core.exceptions import AzureError, HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.core.pipeline.transport import AioHttpTransport
from azure.storage.blob import StorageErrorCode
from azure.storage.blob.aio import BlobServiceClient, LinearRetry

from bot.storage.base import (CREATE_ONLY, SECONDS_PER_DAY, StateStore, StoreHealth, changes_to_write, describe,
                              expected_e_tag, keys_to_read)
from bot.storage.serialization import restore, serialize
from bot.errors import StateConflictError, StorageUnavailableError

NOT_FOUND = 404
PRECONDITION_FAILED = 412


class AzureBlobStorage(StateStore):
    """One blob per conversation, with e_tags, bounded retries, honest errors, a health probe and a TTL purge.

    Args:
        connection_string: the storage account's connection string.
        container: the container holding one blob per conversation; created if missing.
        retries: attempts after the first failure, ``retry_backoff`` seconds apart.
        connection_timeout, read_timeout: seconds, per attempt.
        clock: seconds since the epoch, for the purge cutoff.
        session: the aiohttp session to call the account through (:func:`bot.outbound.outbound_session`: the
            proxy, and the CA bundles as one TLS context built once); the store closes it. None: the Storage
            SDK's own, with the system's CAs and the proxy from ``HTTPS_PROXY``/``NO_PROXY``. The SDK given
            a CA bundle's path instead loads the whole bundle again for every request, 10 ms and more each.
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
        session: aiohttp.ClientSession | None = None,
    ):
        self.container_name = container
        self._clock = clock
        self._service = BlobServiceClient.from_connection_string(
            connection_string,
            retry_policy=LinearRetry(
                backoff=retry_backoff, retry_total=retries, random_jitter_range=retry_backoff / 3
            ),
            connection_timeout=connection_timeout,
            read_timeout=read_timeout,
            transport=AioHttpTransport(session=session, session_owner=False) if session is not None else None,
        )
        self._session = session
        self._container = self._service.get_container_client(container)
        self._container_ready = False

    # -- read, write, delete ------------------------------------------------------

    async def read(self, keys: Iterable[str]) -> Dict[str, Any]:
        """Items found, each with its blob's ETag as ``e_tag``; missing blobs are left out."""
        keys = keys_to_read(keys)
        items = {}
        try:
            if keys:
                await self._ensure_container()
            for key in keys:
                item = await self._read_one(key)
                if item is not None:
                    items[key] = item
        except AzureError as error:
            raise _unavailable(error) from error
        return items

    async def write(self, changes: Dict[str, Any]) -> None:
        """Upload the items in order, each under its own condition; stop at the first refused.

        An item's e_tag decides: absent, ``None`` or ``"*"`` overwrites;
        ``CREATE_ONLY`` creates the blob only if there is none; any other value
        must be the blob's current ETag. ``""`` is an error, as in the SDK's
        stores. Items before a refused one stay written: blobs have no
        transaction across keys, and the host writes one key per turn.
        """
        if not changes_to_write(changes):
            return
        uploads = [(key, expected_e_tag(item, "blob_storage"), serialize(item)) for key, item in changes.items()]
        try:
            await self._ensure_container()
            for key, expected, document in uploads:
                await self._upload(key, expected, document)
        except AzureError as error:
            raise _unavailable(error) from error

    async def delete(self, keys: Iterable[str]) -> None:
        """Delete the items' blobs; unknown keys are ignored."""
        if keys is None:
            raise Exception("Keys are required when deleting")
        keys = list(dict.fromkeys(keys))
        try:
            if keys:
                await self._ensure_container()
            for key in keys:
                try:
                    await self._container.delete_blob(key)
                except ResourceNotFoundError:
                    pass
        except AzureError as error:
            raise _unavailable(error) from error

    async def _read_one(self, key: str) -> Any:
        """The item, or None when only its blob is missing; any other HTTP error raises."""
        try:
            download = await self._container.download_blob(key)
            document = (await download.readall()).decode("utf-8")
        except HttpResponseError as error:
            if error.status_code == NOT_FOUND:
                return None
            raise
        return restore(document, _e_tag(download.properties.etag))

    async def _upload(self, key: str, expected: str | None, document: str) -> None:
        condition: dict[str, Any]
        if expected is None:
            condition = {"overwrite": True}
        elif expected == CREATE_ONLY:
            condition = {"match_condition": MatchConditions.IfMissing}
        else:
            condition = {"etag": expected, "match_condition": MatchConditions.IfNotModified}
        try:
            await self._container.upload_blob(key, document, **condition)
        except HttpResponseError as error:
            if expected is not None and _refused(error):
                raise StateConflictError(key, expected, None) from error
            raise

    async def _ensure_container(self) -> None:
        """Create the container on first use, as ``BlobStorage`` does; once per store."""
        if self._container_ready:
            return
        try:
            await self._container.create_container()
        except ResourceExistsError:
            pass
        self._container_ready = True

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
        self._container_ready = True
        return StoreHealth(True, f"blob: container {self.container_name!r}")

    async def purge_older_than(self, days: float) -> int:
        """Delete blobs last modified before the cutoff, unless rewritten meanwhile."""
        cutoff = datetime.fromtimestamp(self._clock() - days * SECONDS_PER_DAY, tz=timezone.utc)
        purged = 0
        try:
            await self._ensure_container()
            async for blob in self._container.list_blobs():
                if blob.last_modified < cutoff and await self._delete_unchanged(blob):
                    purged += 1
        except AzureError as error:
            raise _unavailable(error) from error
        return purged

    async def close(self) -> None:
        await self._container.close()
        await self._service.close()
        if self._session is not None:
            await self._session.close()

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


def _e_tag(etag: str) -> str:
    """The ETag as ``BlobStorage`` hands it out, without quotes, so e_tags pass between the two."""
    return etag.replace('"', "")


def _refused(error: HttpResponseError) -> bool:
    """The condition failed: a stale ``If-Match`` (412) or ``If-None-Match: *`` on an existing blob."""
    return error.status_code == PRECONDITION_FAILED or getattr(error, "error_code", None) == (
        StorageErrorCode.blob_already_exists
    )


def _unavailable(error: AzureError) -> StorageUnavailableError:
    return StorageUnavailableError(f"blob: {describe(error)}")
