"""The Bot Framework's token signing keys, fetched asynchronously with a time limit. SDK-free.

Both SDKs fetch these keys with a blocking HTTP call (botbuilder: ``requests``
with no timeout; the Agents SDK: ``urllib`` in a thread, 30 s): a hung identity
endpoint then holds every request. Here one aiohttp fetch per metadata URL runs
at a time, bounded by the timeout; keys already held keep being used when a
refresh fails; and after a failure with no keys at all, requests fail at once
(503) for another ``timeout`` seconds before the next attempt, so a recovered
endpoint is used again without a restart. The fetch goes through the proxy
and trusts the CA bundle the settings name (:mod:`bot.outbound`).
"""
from __future__ import annotations

import asyncio
import logging
import time
from urllib.parse import urlsplit

import aiohttp

from bot.outbound import outbound_session
from bot.settings import Settings
from bot.errors import DependencyUnavailable

log = logging.getLogger(__name__)

KEYS_UNAVAILABLE = ("signing_keys_unavailable", "the token signing keys could not be fetched")
FETCH_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, ValueError, KeyError, TypeError)


async def fetch_signing_keys(metadata_url: str, settings: Settings) -> list[dict]:
    """The JWKS that the OpenID metadata at ``metadata_url`` points to, within the identity timeout in all.

    Raises:
        one of ``FETCH_ERRORS``: unreachable, too slow, or not OpenID metadata and a JWKS.
    """
    async with outbound_session(settings, timeout=settings.identity_timeout_s) as http:
        async with http.get(metadata_url) as response:
            response.raise_for_status()
            jwks_uri = (await response.json(content_type=None))["jwks_uri"]
        async with http.get(jwks_uri) as response:
            response.raise_for_status()
            keys = (await response.json(content_type=None))["keys"]
    if not isinstance(keys, list):
        raise TypeError("the JWKS 'keys' is not a list")
    return keys


class SigningKeys:
    """The keys published at one metadata URL, refreshed at most every ``max_age`` seconds, or for an unknown kid."""

    def __init__(self, metadata_url: str, settings: Settings, max_age: float = 24 * 3600.0):
        self.url, self.settings, self.max_age = metadata_url, settings, max_age
        self.timeout = settings.identity_timeout_s
        self.keys: list[dict] = []
        self.fetched_at = self.failed_at = float("-inf")
        self._lock = asyncio.Lock()

    async def find(self, kid: str | None) -> dict | None:
        """The key with this id, or None when the publisher has no such key.

        Raises:
            DependencyUnavailable: no keys held and the metadata cannot be fetched right now (503).
        """
        key = self._held(kid)
        if key is None or time.monotonic() - self.fetched_at > self.max_age:
            await self.refresh()
            key = self._held(kid)
        return key

    async def refresh(self) -> None:
        async with self._lock:
            if time.monotonic() - self.fetched_at < 60:
                return  # another request refreshed them while this one waited
            if not self.keys and time.monotonic() - self.failed_at < self.timeout:
                raise DependencyUnavailable(*KEYS_UNAVAILABLE)
            try:
                self.keys = await fetch_signing_keys(self.url, self.settings)
                self.fetched_at = time.monotonic()
            except FETCH_ERRORS as error:
                self.failed_at = time.monotonic()
                log.warning("signing keys not refreshed from %s: %s", urlsplit(self.url).netloc,
                            f"{type(error).__name__}: {str(error)[:160]}")
                if not self.keys:
                    raise DependencyUnavailable(*KEYS_UNAVAILABLE) from None

    def _held(self, kid: str | None) -> dict | None:
        return next((k for k in self.keys if k.get("kid") == kid), None) if kid else None
