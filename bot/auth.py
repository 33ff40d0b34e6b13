"""Bot Framework authentication from our Settings, and reuse of the clients it builds.

botbuilder builds a new ``ConnectorClient`` and a new ``TokenApiClient`` on every
turn, and each of them builds an msrest ``ClientRetryPolicy`` whose status list
is computed with a quadratic loop (about 5 ms each on this machine): two thirds of
a turn's cost went there. The clients hold nothing specific to one turn (a base
URL, credentials that refresh their own token, an HTTP session), so we keep them
per (service URL, app id, audience) instead. Nothing in the SDK is patched.
"""
from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from dataclasses import dataclass
from typing import Awaitable, Callable, Hashable, TypeVar

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)

from .settings import Settings

log = logging.getLogger(__name__)

AUTH_TIMEOUT_S = 10.0  # fetching the signing keys must never hold a request for longer
MAX_CLIENTS = 64  # service URLs come from activities: bound what a caller can make us keep
T = TypeVar("T")


class AuthenticationFailed(Exception):
    """The request carries no token, or one we could not validate: the answer is 401."""


@dataclass(frozen=True)
class AuthConfig:
    """The attribute names ``ConfigurationBotFrameworkAuthentication`` reads."""

    APP_ID: str
    APP_PASSWORD: str
    APP_TYPE: str
    APP_TENANTID: str


def auth_config(settings: Settings) -> AuthConfig:
    """Settings in the SDK's vocabulary (it treats an empty string and None differently in places)."""
    return AuthConfig(settings.app_id or None, settings.app_password or None, settings.app_type,
                      settings.app_tenant_id or None)


class _Lru(OrderedDict):
    """The most recently used clients, at most MAX_CLIENTS of them."""

    async def get_or_create(self, key: Hashable, create: Callable[[], Awaitable[T]]) -> T:
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = await create()
        if len(self) > MAX_CLIENTS:
            self.popitem(last=False)
        return value


class ReusingAuthentication(ConfigurationBotFrameworkAuthentication):
    """The SDK's authentication, with clients kept between turns and failures made one exception."""

    def __init__(self, config: AuthConfig):
        super().__init__(config)
        self._connectors = _Lru()
        self._token_clients = _Lru()
        self.authenticated = bool(config.APP_ID)

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        """Validate the token off the event loop: the SDK fetches signing keys with blocking ``requests``."""
        if not auth_header and self.authenticated:
            raise AuthenticationFailed("the request has no Authorization header; a Bot Framework token is required")
        try:
            if auth_header:
                result = await asyncio.wait_for(asyncio.to_thread(self._validate, activity, auth_header),
                                                AUTH_TIMEOUT_S)
            else:
                result = await super().authenticate_request(activity, auth_header)
        except (Exception, asyncio.TimeoutError) as error:  # every way a token can fail is a 401
            log.warning("rejected a request: %s", _why(error))
            log.debug("token validation failed", exc_info=error)
            raise AuthenticationFailed("the Bot Framework token could not be validated") from None
        result.connector_factory = _ReusingConnectorFactory(
            result.connector_factory, _app_id(result.claims_identity), self._connectors)
        return result

    def _validate(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        return asyncio.run(super().authenticate_request(activity, auth_header))

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        inner = super().create_connector_factory(claims_identity)
        return _ReusingConnectorFactory(inner, _app_id(claims_identity), self._connectors)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        create = super().create_user_token_client
        return await self._token_clients.get_or_create(_app_id(claims_identity), lambda: create(claims_identity))


class _ReusingConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory, app_id: str | None, cache: _Lru):
        self._inner, self._app_id, self._cache = inner, app_id, cache

    async def create(self, service_url: str, audience: str = None) -> ConnectorClient:
        key = (service_url, self._app_id, audience)
        return await self._cache.get_or_create(key, lambda: self._inner.create(service_url, audience))


def _app_id(identity: ClaimsIdentity) -> str | None:
    """Whose credentials outbound calls use: the audience claim from channels, appid from the Emulator."""
    return (identity.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM)
            or identity.get_claim_value(AuthenticationConstants.APP_ID_CLAIM))


def _why(error: BaseException) -> str:
    if isinstance(error, asyncio.TimeoutError):
        return f"token validation took longer than {AUTH_TIMEOUT_S:g} s (signing keys unreachable?)"
    return f"{type(error).__name__}: {str(error)[:200]}"
