"""Bot Framework authentication from our Settings, and reuse of the clients it builds.

botbuilder builds a new ``ConnectorClient`` and a new ``TokenApiClient`` on every
turn, and each of them builds an msrest ``ClientRetryPolicy`` whose status list
is computed with a quadratic loop: most of a turn's cost went there (the README's speed
section has the figures). The clients hold nothing specific to one turn (a base
URL, credentials that refresh their own token, an HTTP session), so we keep them
per (service URL, app id, audience) instead. Nothing in the SDK is patched.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import datetime
from types import SimpleNamespace
from typing import Awaitable, Callable, Hashable, TypeVar

import jwt
from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity, CallerIdConstants
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor, _OpenIdMetadata

from bot.identity.signing_keys import SigningKeys
from bot.settings import Settings
from bot.errors import AuthenticationFailed, DependencyUnavailable

log = logging.getLogger(__name__)

MAX_CLIENTS = 64  # service URLs come from activities: bound what a caller can make us keep
T = TypeVar("T")


def auth_config(settings: Settings) -> SimpleNamespace:
    """Settings in the SDK's vocabulary: the attribute names ``ConfigurationBotFrameworkAuthentication`` reads.

    It treats an empty string and None differently in places, hence ``or None``.
    """
    endpoints = public_cloud_endpoints() | dict(settings.identity_endpoints) if settings.identity_endpoints else {}
    if "VALIDATE_AUTHORITY" in endpoints:
        endpoints["VALIDATE_AUTHORITY"] = str(endpoints["VALIDATE_AUTHORITY"]).lower() not in ("0", "false", "no")
    # Without an app id the SDK's anonymous mode exists only for its MultiTenant factory.
    app_type = settings.app_type if settings.app_id else "MultiTenant"
    return SimpleNamespace(APP_ID=settings.app_id or None, APP_PASSWORD=settings.app_password or None,
                           APP_TYPE=app_type, APP_TENANTID=settings.app_tenant_id or None, **endpoints)


def public_cloud_endpoints() -> dict:
    """The public cloud's values for the SDK's endpoint settings.

    Setting any one of them switches the SDK to its "parameterized" mode, which
    takes every other one as None unless given: so the rest keep these values.
    """
    return {"TO_CHANNEL_FROM_BOT_LOGIN_URL": AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX,
            "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE": AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
            "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER,
            "OAUTH_URL": AuthenticationConstants.OAUTH_URL,
            "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
            "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL":
                AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL,
            "CALLER_ID": CallerIdConstants.public_azure_channel,
            "VALIDATE_AUTHORITY": True}


class TimeBoundKeys(_OpenIdMetadata):
    """The SDK's OpenID metadata and signing-key cache for one URL, filled by
    :class:`bot.identity.signing_keys.SigningKeys`.

    The SDK fetches keys with ``requests.get`` and no timeout, blocking whatever
    thread runs the validation; ours are fetched asynchronously within a time
    limit (see :mod:`bot.identity.signing_keys`).
    """

    def __init__(self, url: str, settings: Settings):
        super().__init__(url)
        self.source = SigningKeys(url, settings)

    async def _refresh(self):
        await self.source.refresh()
        self.keys = self.source.keys
        self.last_updated = datetime.now()


def use_time_bound_keys(settings: Settings) -> None:
    """Put our key caches where the SDK's validators look them up, for every metadata URL it can use.

    ``JwtTokenExtractor.metadataCache`` is the SDK's own per-URL cache; filling it
    first is how its validators come to use :class:`TimeBoundKeys`. A new app
    (a new event loop) gets new caches.
    """
    urls = {settings.identity_endpoints.get("TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL")
            or AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
            settings.identity_endpoints.get("TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL")
            or AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL}
    for url in urls:
        JwtTokenExtractor.metadataCache[url] = TimeBoundKeys(url, settings)


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

    def __init__(self, config: SimpleNamespace):
        super().__init__(config)
        self._connectors = _Lru()
        self._token_clients = _Lru()
        self.authenticated = bool(config.APP_ID)

    async def authenticate(self, service_url: str | None, channel_id: str | None,
                           auth_header: str) -> AuthenticateRequestResult:
        """Check the token against the little of the activity it vouches for, before the rest is parsed.

        Raises:
            AuthenticationFailed: no token, or one that is not valid (401).
            DependencyUnavailable: the signing keys cannot be fetched right now (503).
        """
        if self.authenticated:
            _require_expiry(auth_header)
        skeleton = Activity(service_url=service_url, channel_id=channel_id)
        try:
            result = await super().authenticate_request(skeleton, auth_header)
        except DependencyUnavailable:
            raise
        except Exception as error:  # every way a token can fail is a 401
            log.debug("token validation failed", exc_info=error)
            raise AuthenticationFailed("the Bot Framework token could not be validated", _short(error)) from None
        result.connector_factory = _ReusingConnectorFactory(
            result.connector_factory, _app_id(result.claims_identity), self._connectors)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        inner = super().create_connector_factory(claims_identity)
        return _ReusingConnectorFactory(inner, _app_id(claims_identity), self._connectors)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        create = super().create_user_token_client
        return await self._token_clients.get_or_create(_app_id(claims_identity), lambda: create(claims_identity))


class _ReusingConnectorFactory(ConnectorFactory):
    def __init__(self, inner: ConnectorFactory, app_id: str | None, cache: _Lru):
        self._inner, self._app_id, self._cache = inner, app_id, cache

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        key = (service_url, self._app_id, audience)
        return await self._cache.get_or_create(key, lambda: self._inner.create(service_url, audience))


def _app_id(identity: ClaimsIdentity) -> str | None:
    """Whose credentials outbound calls use: the audience claim from channels, appid from the Emulator."""
    return (identity.get_claim_value(AuthenticationConstants.AUDIENCE_CLAIM)
            or identity.get_claim_value(AuthenticationConstants.APP_ID_CLAIM))


def _require_expiry(auth_header: str) -> None:
    """PyJWT checks ``exp`` only when present, and the SDK does not require it: a token must expire."""
    scheme, _, token = auth_header.partition(" ")
    if not auth_header:
        raise AuthenticationFailed("the request has no Authorization header; a Bot Framework token is required",
                                   "no_token")
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise AuthenticationFailed("the Bot Framework token could not be validated", "not_a_jwt") from None
    if scheme != "Bearer" or not isinstance(claims.get("exp"), (int, float)):
        raise AuthenticationFailed("the Bot Framework token could not be validated", "no_expiry_or_not_bearer")


def _short(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:160]}"
