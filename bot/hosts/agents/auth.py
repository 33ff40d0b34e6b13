"""Bot Framework tokens on the Agents SDK host: inbound verification and the bot's own token for replies.

The SDK's ``JwtTokenValidator`` fetches keys from URLs it hard-codes for the
Bot Framework issuer (no sovereign cloud, no stand-in for tests), in a thread
with urllib's 30 s timeout, and checks neither the key's channel endorsement
nor the ``serviceurl`` claim; its MSAL client is built on the event loop, with
a blocking authority look-up and no timeout, and not cached when that fails.
Here: keys from :mod:`bot.identity.signing_keys` (configurable, async, time-bound), the
botbuilder host's checks (for the Bot Framework Emulator's tokens too), and
one MSAL client (a client secret's, or a managed identity's) built off the
loop and kept, its calls on a bounded executor.
"""
from __future__ import annotations

import logging

import jwt
from microsoft_agents.hosting.core import ClaimsIdentity
from msal import ConfidentialClientApplication, ManagedIdentityClient

from bot.identity.executors import BoundedExecutor
from bot.identity.signing_keys import SigningKeys
from bot.identity.managed import managed_identity_client, managed_identity_token
from bot.outbound import outbound_requests_session
from bot.settings import Settings
from bot.errors import AuthenticationFailed, DependencyUnavailable

log = logging.getLogger(__name__)

PUBLIC_CLOUD = {
    "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": "https://login.botframework.com/v1/.well-known/openidconfiguration",
    "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": "https://api.botframework.com",
    "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL":
        "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
    "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE": "https://api.botframework.com",
}
# The Bot Framework Emulator's tokens are Entra ID's, issued in the Bot Framework's tenants (v1 and v2 issuers,
# the public cloud's and US Government's): the issuers botbuilder 4.17.1 both recognizes and accepts for them.
EMULATOR_ISSUERS = (
    "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
    "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
    "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
    "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
    "https://sts.windows.net/cab8a31a-1906-4287-a0d8-4eef66b95f6e/",
    "https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0",
)
EMULATOR_APP_ID_CLAIMS = {"1.0": "appid", "2.0": "azp"}  # by the token's "ver": where the Emulator's app id is
LOGIN = "https://login.microsoftonline.com/"
CLOCK_SKEW_S = 300  # as both SDKs allow
NOT_VALID = "the Bot Framework token could not be validated"


def endpoint(settings: Settings, name: str) -> str:
    return settings.identity_endpoints.get(name) or PUBLIC_CLOUD[name]


class TokenVerifier:
    """Checks a channel's token: signature by a published key endorsed for the channel, audience, issuer,
    validity period, and the ``serviceurl`` claim against the activity's; or, as botbuilder does, an
    Emulator's: signature by a key its metadata publishes, an Emulator issuer, validity period, and our app id
    as the app it was issued to (no audience or ``serviceurl`` to check)."""

    def __init__(self, settings: Settings):
        self.app_id = settings.app_id
        self.issuer = endpoint(settings, "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER")
        self.keys = SigningKeys(endpoint(settings, "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL"), settings)
        self.emulator_keys = SigningKeys(endpoint(settings, "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL"), settings)

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
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError:
            raise AuthenticationFailed(NOT_VALID, "not_a_jwt") from None
        if issuer in EMULATOR_ISSUERS:
            return await self._emulator_identity(token, kid, channel_id)
        key = await self._endorsed_key(self.keys, kid, channel_id)
        claims = self._decode(token, key, audience=self.app_id, issuer=self.issuer)
        if not service_url or claims.get("serviceurl") != service_url:
            raise AuthenticationFailed(NOT_VALID, "service_url_mismatch")
        return ClaimsIdentity(claims, authentication_type="Bearer", security_token=token)

    async def _emulator_identity(self, token: str, kid: str | None, channel_id: str | None) -> ClaimsIdentity:
        key = await self._endorsed_key(self.emulator_keys, kid, channel_id)
        claims = self._decode(token, key, audience=None, issuer=EMULATOR_ISSUERS)
        app_id_claim = EMULATOR_APP_ID_CLAIMS.get(str(claims.get("ver")))
        if app_id_claim is None or claims.get(app_id_claim) != self.app_id:
            raise AuthenticationFailed(NOT_VALID, "emulator_token_for_another_app")
        return ClaimsIdentity(claims, authentication_type="Bearer", security_token=token)

    @staticmethod
    async def _endorsed_key(keys: SigningKeys, kid: str | None, channel_id: str | None) -> dict:
        key = await keys.find(kid)
        if key is None:
            raise AuthenticationFailed(NOT_VALID, "unknown_signing_key")
        if key.get("endorsements") and channel_id not in key["endorsements"]:
            raise AuthenticationFailed(NOT_VALID, "key_not_endorsed_for_channel")
        return key

    @staticmethod
    def _decode(token: str, key: dict, audience: str | None, issuer: str | tuple[str, ...]) -> dict:
        required = ["exp", "iss"] + (["aud"] if audience else [])
        try:
            return jwt.decode(token, jwt.PyJWK(key).key, algorithms=["RS256"], audience=audience, issuer=issuer,
                              leeway=CLOCK_SKEW_S, options={"require": required, "verify_aud": audience is not None})
        except (jwt.PyJWTError, ValueError, TypeError) as error:
            log.debug("token validation failed", exc_info=error)
            raise AuthenticationFailed(NOT_VALID, type(error).__name__) from None


class BotToken:
    """The bot's own token for the Bot Connector: one MSAL client, built off the loop at start and kept.

    A client secret gets a ``ConfidentialClientApplication``; a managed identity
    (``UserAssignedMSI``) a ``ManagedIdentityClient`` asking for the same
    resource as botbuilder's ``ManagedIdentityAppCredentials``. Every MSAL call
    runs on ``executor`` (its own threads, its time limit) with its own socket
    timeout, so a hung token endpoint costs one turn a 503 and never the event
    loop. MSAL caches the token for its lifetime.
    """

    def __init__(self, settings: Settings, executor: BoundedExecutor):
        self.settings, self.executor = settings, executor
        self.managed_identity = settings.app_type == "UserAssignedMSI"
        self.resource = endpoint(settings, "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE")
        self.scope = self.resource.rstrip("/") + "/.default"
        self._client: ConfidentialClientApplication | ManagedIdentityClient | None = None

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
        if self.managed_identity:
            return await self.executor.run(lambda: managed_identity_token(client, self.resource))
        result = await self.executor.run(lambda: client.acquire_token_for_client(scopes=[self.scope]))
        if "access_token" not in result:
            log.error("no token for the Bot Connector: %s", result.get("error", "unknown error"))
            raise DependencyUnavailable("token_service_refused", "the token service refused the bot's credentials")
        return result["access_token"]

    async def _msal(self) -> ConfidentialClientApplication | ManagedIdentityClient:
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

    def _build(self) -> ConfidentialClientApplication | ManagedIdentityClient:
        settings = self.settings
        if self.managed_identity:
            return managed_identity_client(settings.app_id, settings, self.executor.timeout)
        validate = str(settings.identity_endpoints.get("VALIDATE_AUTHORITY", "true")).lower() \
            not in ("0", "false", "no")
        authority = settings.identity_endpoints.get("TO_CHANNEL_FROM_BOT_LOGIN_URL") or (
            LOGIN + (settings.app_tenant_id if settings.app_type == "SingleTenant" else "botframework.com"))
        return ConfidentialClientApplication(
            client_id=settings.app_id, client_credential=settings.app_password, authority=authority,
            validate_authority=validate, instance_discovery=validate, timeout=self.executor.timeout,
            http_client=outbound_requests_session(settings, self.executor.timeout))
