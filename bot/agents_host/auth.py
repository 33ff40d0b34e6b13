"""Bot Framework tokens on the Agents SDK host: inbound verification and the bot's own token for replies.

The SDK's ``JwtTokenValidator`` fetches keys from URLs it hard-codes for the
Bot Framework issuer (no sovereign cloud, no stand-in for tests), in a thread
with urllib's 30 s timeout, and checks neither the key's channel endorsement
nor the ``serviceurl`` claim; its MSAL client is built on the event loop, with
a blocking authority look-up and no timeout, and not cached when that fails.
Here: keys from :mod:`bot.identity` (configurable, async, time-bound), the
botbuilder host's checks, and one MSAL client built off the loop and kept,
its calls on a bounded executor.
"""
from __future__ import annotations

import logging

import jwt
from microsoft_agents.hosting.core import ClaimsIdentity
from msal import ConfidentialClientApplication

from ..executors import BoundedExecutor, DependencyUnavailable
from ..identity import AuthenticationFailed, SigningKeys
from ..settings import Settings

log = logging.getLogger(__name__)

PUBLIC_CLOUD = {
    "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": "https://login.botframework.com/v1/.well-known/openidconfiguration",
    "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": "https://api.botframework.com",
    "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE": "https://api.botframework.com",
}
LOGIN = "https://login.microsoftonline.com/"
CLOCK_SKEW_S = 300  # as both SDKs allow
NOT_VALID = "the Bot Framework token could not be validated"


def endpoint(settings: Settings, name: str) -> str:
    return settings.identity_endpoints.get(name) or PUBLIC_CLOUD[name]


class TokenVerifier:
    """Checks a channel's token: signature by a published key endorsed for the channel, audience, issuer,
    validity period, and the ``serviceurl`` claim against the activity's."""

    def __init__(self, settings: Settings):
        self.app_id = settings.app_id
        self.issuer = endpoint(settings, "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER")
        self.keys = SigningKeys(endpoint(settings, "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL"),
                                settings.identity_timeout_s)

    async def verify(self, auth_header: str, service_url: str | None, channel_id: str | None) -> ClaimsIdentity:
        """The token's identity.

        Raises:
            AuthenticationFailed: no token, or one that is not valid (401).
            DependencyUnavailable: the signing keys cannot be fetched right now (503).
        """
        scheme, _, token = auth_header.partition(" ")
        if not auth_header:
            raise AuthenticationFailed("the request has no Authorization header; a Bot Framework token is required",
                                       "no_token")
        if scheme != "Bearer" or not token:
            raise AuthenticationFailed(NOT_VALID, "not_bearer")
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError:
            raise AuthenticationFailed(NOT_VALID, "not_a_jwt") from None
        key = await self.keys.find(kid)
        if key is None:
            raise AuthenticationFailed(NOT_VALID, "unknown_signing_key")
        if key.get("endorsements") and channel_id not in key["endorsements"]:
            raise AuthenticationFailed(NOT_VALID, "key_not_endorsed_for_channel")
        claims = self._decode(token, key)
        if not service_url or claims.get("serviceurl") != service_url:
            raise AuthenticationFailed(NOT_VALID, "service_url_mismatch")
        return ClaimsIdentity(claims, authentication_type="Bearer", security_token=token)

    def _decode(self, token: str, key: dict) -> dict:
        try:
            return jwt.decode(token, jwt.PyJWK(key).key, algorithms=["RS256"], audience=self.app_id,
                              issuer=self.issuer, leeway=CLOCK_SKEW_S, options={"require": ["exp", "aud", "iss"]})
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            log.debug("token validation failed", exc_info=error)
            raise AuthenticationFailed(NOT_VALID, type(error).__name__) from None


class BotToken:
    """The bot's own token for the Bot Connector: one MSAL client, built off the loop at start and kept.

    Every MSAL call runs on ``executor`` (its own threads, its time limit) with
    MSAL's own socket timeout, so a hung token endpoint costs one turn a 503
    and never the event loop. MSAL caches the token for its lifetime.
    """

    def __init__(self, settings: Settings, executor: BoundedExecutor):
        self.settings, self.executor = settings, executor
        self.scope = endpoint(settings, "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE").rstrip("/") + "/.default"
        self._client: ConfidentialClientApplication | None = None

    async def start(self) -> None:
        """Build the client now; if the authority cannot be reached yet, the first reply tries again."""
        try:
            await self._msal()
        except DependencyUnavailable as outage:
            log.warning("the bot's token client is not ready yet (%s); the first reply will try again", outage.code)

    async def get(self) -> str:
        """A valid access token.

        Raises:
            DependencyUnavailable: the token endpoint is slow, down or refused (503 / the try-again apology).
        """
        client = await self._msal()
        result = await self.executor.run(lambda: client.acquire_token_for_client(scopes=[self.scope]))
        if "access_token" not in result:
            log.error("no token for the Bot Connector: %s", result.get("error", "unknown error"))
            raise DependencyUnavailable("token_service_refused", "the token service refused the bot's credentials")
        return result["access_token"]

    async def _msal(self) -> ConfidentialClientApplication:
        if self._client is None:
            try:
                self._client = await self.executor.run(self._build)
            except DependencyUnavailable:
                raise
            except Exception as error:  # MSAL raises several kinds when the authority cannot be looked up
                log.warning("the bot's token client could not be built: %s", type(error).__name__)
                raise DependencyUnavailable("token_service_unavailable", "the token service cannot be reached") \
                    from None
        return self._client

    def _build(self) -> ConfidentialClientApplication:
        settings = self.settings
        validate = str(settings.identity_endpoints.get("VALIDATE_AUTHORITY", "true")).lower() \
            not in ("0", "false", "no")
        authority = settings.identity_endpoints.get("TO_CHANNEL_FROM_BOT_LOGIN_URL") or (
            LOGIN + (settings.app_tenant_id if settings.app_type == "SingleTenant" else "botframework.com"))
        return ConfidentialClientApplication(
            client_id=settings.app_id, client_credential=settings.app_password, authority=authority,
            validate_authority=validate, instance_discovery=validate, timeout=self.executor.timeout)
