"""Stand-ins for Microsoft's side of the Bot Framework, on loopback, speaking the real protocols.

- the channel's token issuer: OpenID metadata, a JWKS, and tokens signed the way
  the channel service signs them (``hang`` makes it stop answering);
- the bot's own token endpoint (Entra ID's OIDC discovery and client-credentials
  grant, over HTTPS with a self-signed certificate, as MSAL insists on HTTPS;
  ``hang_tokens`` makes it stop answering, ``reset_tokens`` drop each connection);
- App Service's managed identity endpoint (``IDENTITY_ENDPOINT`` and
  ``IDENTITY_HEADER``, read by MSAL; ``hang_tokens`` stops it too);
- Entra ID as the Bot Framework Emulator's token issuer: OpenID metadata, a
  JWKS without endorsements, and v1 or v2 tokens issued in the Bot Framework's tenant;
- a Bot Connector that records the replies posted to it and the token they carried, and
  answers what a bot reads about meetings and members (``directory``, see
  :mod:`tests.support.teams_directory`); ``reply_faults`` makes it refuse the next
  replies as Teams does when it throttles or fails (``"throttle"``: 429 with
  ``Retry-After``, ``"unavailable"``: 503, ``"error"``: 500, ``"drop"``: the
  connection closed), ``hang_replies`` makes it stop answering.

Everything is served over HTTP on ``url`` and over HTTPS on ``tls_url`` (a
certificate for 127.0.0.1 and localhost); the metadata and login documents
point to the scheme and host they were asked on.

The bot is pointed at them through its settings (the SDK's own
``TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL`` and ``TO_CHANNEL_FROM_BOT_LOGIN_URL``;
``REQUESTS_CA_BUNDLE`` for the certificate), never by patching the SDK. They run
in a thread with their own event loop, so a test can drive a bot process with
plain blocking HTTP meanwhile.
"""
from __future__ import annotations

import asyncio
import datetime
import ipaddress
import json
import ssl
import threading
import time
import uuid
from pathlib import Path

import jwt
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm

from bot.cli.playground import free_port
from tests.support.teams_directory import TeamsDirectory

ISSUER = "https://api.botframework.com"
METADATA_PATH = "/v1/.well-known/openidconfiguration"
TENANT = "72f988bf-0000-4000-8000-000000000011"
ACCESS_TOKEN = "stand-in-access-token"
CLIENT_SECRET = "secret"  # the one secret the stand-in Entra ID accepts
MANAGED_IDENTITY_TOKEN = "stand-in-managed-identity-token"
MANAGED_IDENTITY_PATH = "/msi/token"
EMULATOR_METADATA_PATH = "/common/v2.0/.well-known/openid-configuration"
BOT_FRAMEWORK_TENANT = "d6d49420-f39b-4df7-a1dc-d59a935871db"  # botframework.com, where the Emulator gets its tokens
EMULATOR_ISSUERS = {"1.0": f"https://sts.windows.net/{BOT_FRAMEWORK_TENANT}/",
                    "2.0": f"https://login.microsoftonline.com/{BOT_FRAMEWORK_TENANT}/v2.0"}


class SigningKey:
    """An RSA key as the JWKS publishes it, with the channels it is endorsed for."""

    def __init__(self, kid: str, endorsements: list[str] | None):
        self.kid, self.endorsements = kid, endorsements
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict:
        """Entra ID's keys carry no ``endorsements``; the Bot Framework's do."""
        jwk = {**json.loads(RSAAlgorithm.to_jwk(self.private.public_key())), "kid": self.kid, "use": "sig"}
        return jwk if self.endorsements is None else {**jwk, "endorsements": self.endorsements}


class StandInIdentityProvider:
    """Serves ``METADATA_PATH`` and ``/keys``; signs tokens the way the channel service does."""

    def __init__(self, folder: Path | None = None):
        self.teams_key = SigningKey("teams-key", ["msteams"])
        self.other_channel_key = SigningKey("skype-key", ["skype"])
        self.entra_key = SigningKey("entra-key", None)
        self.hang, self.hang_tokens, self.reset_tokens = threading.Event(), threading.Event(), threading.Event()
        # Seconds the bot's tokens last; under MSAL's 5 minutes of margin, every reply asks for a new one.
        self.token_lifetime = 3600
        self.fetches = 0
        self.replies: list[dict] = []
        self.directory = TeamsDirectory()
        self.identity_header = uuid.uuid4().hex  # App Service's secret for its identity endpoint, per process
        self.identity_requests: list[dict] = []  # the query of each managed identity token request
        self.reply_faults: list[str] = []  # what the next reply POSTs get, one each (see the module docstring)
        self.reply_attempts = 0
        self.hang_replies = threading.Event()
        self.retry_after = "0.2"  # seconds, in the throttled answers
        self.port, self.tls_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.login_url = f"https://127.0.0.1:{self.tls_port}/{TENANT}"
        self.certificate = (folder / "stand-in.pem") if folder else None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def tls_url(self) -> str:
        """The same endpoints over HTTPS, by name (a TLS-inspecting proxy makes certificates for names)."""
        return f"https://localhost:{self.tls_port}"

    @property
    def metadata_url(self) -> str:
        return self.url + METADATA_PATH

    @property
    def emulator_metadata_url(self) -> str:
        return self.url + EMULATOR_METADATA_PATH

    @property
    def managed_identity_env(self) -> dict[str, str]:
        """What App Service sets in a process with a managed identity."""
        return {"IDENTITY_ENDPOINT": self.url + MANAGED_IDENTITY_PATH, "IDENTITY_HEADER": self.identity_header}

    def token(self, app_id: str, service_url: str, *, key: SigningKey | None = None, drop: tuple = (),
              **claims) -> str:
        """A channel token for ``app_id``; ``claims`` override, ``drop`` removes claims."""
        now = int(time.time())
        body = {"iss": ISSUER, "aud": app_id, "serviceurl": service_url, "iat": now, "nbf": now - 5,
                "exp": now + 3600, "jti": uuid.uuid4().hex, **claims}
        for claim in drop:
            body.pop(claim, None)
        key = key or self.teams_key
        return jwt.encode(body, key.private, algorithm="RS256", headers={"kid": key.kid})

    def emulator_token(self, app_id: str, version: str = "1.0", *, key: SigningKey | None = None, drop: tuple = (),
                       **claims) -> str:
        """What the Emulator sends for a bot with this app id: Entra ID's v1 (``appid``) or v2 (``azp``) token."""
        now = int(time.time())
        body = {"iss": EMULATOR_ISSUERS[version], "aud": app_id, "ver": version,
                ("appid" if version == "1.0" else "azp"): app_id, "tid": BOT_FRAMEWORK_TENANT,
                "iat": now, "nbf": now - 5, "exp": now + 3600, **claims}
        for claim in drop:
            body.pop(claim, None)
        key = key or self.entra_key
        return jwt.encode(body, key.private, algorithm="RS256", headers={"kid": key.kid})

    def start(self) -> "StandInIdentityProvider":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=30)
        return self

    def release_directory(self) -> None:
        """End the directory's ``hang`` from the test's thread (its routes run on this provider's loop)."""
        self._loop.call_soon_threadsafe(self.directory.released.set)

    def stop(self) -> None:
        self.release_directory()
        self.hang.clear()
        self.hang_tokens.clear()
        self.hang_replies.clear()
        self.reset_tokens.clear()
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get(METADATA_PATH, self._metadata)
        app.router.add_get("/keys", self._keys)
        app.router.add_get(EMULATOR_METADATA_PATH, self._emulator_metadata)
        app.router.add_get("/common/discovery/v2.0/keys", self._emulator_keys)
        app.router.add_get(MANAGED_IDENTITY_PATH, self._managed_identity_token)
        app.router.add_get(f"/{TENANT}/v2.0/.well-known/openid-configuration", self._login_metadata)
        app.router.add_post(f"/{TENANT}/oauth2/v2.0/token", self._access_token)
        app.router.add_post("/v3/conversations/{conversation}/activities", self._reply)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._reply)
        self.directory.install(app)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        if self.certificate:
            await web.TCPSite(self._runner, "127.0.0.1", self.tls_port, ssl_context=self._tls()).start()

    def _tls(self) -> ssl.SSLContext:
        """A self-signed certificate for 127.0.0.1, written where ``REQUESTS_CA_BUNDLE`` can point."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
        now = datetime.datetime.now(datetime.timezone.utc)
        certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                       .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(hours=1))
                       .not_valid_after(now + datetime.timedelta(days=1))
                       .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                                   x509.DNSName("localhost")]),
                                      critical=False)
                       .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                       .sign(key, hashes.SHA256()))
        key_path = self.certificate.with_suffix(".key")
        self.certificate.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certificate, key_path)
        return context

    async def _login_metadata(self, request: web.Request) -> web.Response:
        login = f"https://{request.host}/{TENANT}"
        return web.json_response({"issuer": f"{login}/v2.0", "token_endpoint": f"{login}/oauth2/v2.0/token",
                                  "authorization_endpoint": f"{login}/oauth2/v2.0/authorize"})

    async def _access_token(self, request: web.Request) -> web.Response:
        while self.hang_tokens.is_set():
            await asyncio.sleep(0.05)
        if self.reset_tokens.is_set():  # a load balancer or a proxy dropping the connection mid-request
            request.transport.abort()
            return web.Response(status=500)
        form = await request.post()
        assert form.get("grant_type") == "client_credentials", dict(form)
        if form.get("client_secret") != CLIENT_SECRET:  # what Entra ID answers a wrong or expired secret
            return web.json_response({"error": "invalid_client", "error_description":
                                      "AADSTS7000215: Invalid client secret provided.", "error_codes": [7000215]},
                                     status=401)
        return web.json_response({"access_token": ACCESS_TOKEN, "token_type": "Bearer",
                                  "expires_in": self.token_lifetime})

    async def _managed_identity_token(self, request: web.Request) -> web.Response:
        """App Service's identity endpoint, API version 2019-08-01: its secret header, then a token for the resource."""
        while self.hang_tokens.is_set():
            await asyncio.sleep(0.05)
        query = dict(request.query)
        if request.headers.get("X-IDENTITY-HEADER") != self.identity_header:
            return web.json_response({"statusCode": 401, "message": "Unauthorized"}, status=401)
        if query.get("api-version") != "2019-08-01" or not query.get("resource"):
            return web.json_response({"statusCode": 400, "message": "api-version and resource are required"},
                                     status=400)
        self.identity_requests.append(query)
        return web.json_response({"access_token": MANAGED_IDENTITY_TOKEN, "expires_on": str(int(time.time()) + 3600),
                                  "resource": query["resource"], "token_type": "Bearer",
                                  "client_id": query.get("client_id", "")})

    async def _emulator_metadata(self, request: web.Request) -> web.Response:
        await self._maybe_hang()
        return web.json_response({"issuer": "https://login.microsoftonline.com/{tenantid}/v2.0",
                                  "jwks_uri": f"{_here(request)}/common/discovery/v2.0/keys",
                                  "id_token_signing_alg_values_supported": ["RS256"]})

    async def _emulator_keys(self, request: web.Request) -> web.Response:
        await self._maybe_hang()
        return web.json_response({"keys": [self.entra_key.jwk()]})

    async def _reply(self, request: web.Request) -> web.StreamResponse:
        self.reply_attempts += 1
        while self.hang_replies.is_set():
            await asyncio.sleep(0.05)
        if self.reply_faults:
            return await _fault(request, self.reply_faults.pop(0), self.retry_after)
        activity = await request.json()
        activity["_authorization"] = request.headers.get("Authorization")
        self.replies.append(activity)
        return web.json_response({"id": f"1:{len(self.replies)}"})

    async def _metadata(self, request: web.Request) -> web.Response:
        await self._maybe_hang()
        return web.json_response({"issuer": ISSUER, "jwks_uri": f"{_here(request)}/keys",
                                  "id_token_signing_alg_values_supported": ["RS256"]})

    async def _keys(self, request: web.Request) -> web.Response:
        await self._maybe_hang()
        self.fetches += 1
        return web.json_response({"keys": [self.teams_key.jwk(), self.other_channel_key.jwk()]})

    async def _maybe_hang(self) -> None:
        while self.hang.is_set():
            await asyncio.sleep(0.05)


def _here(request: web.Request) -> str:
    """The scheme and host a request came to: documents point back where they were fetched from."""
    return f"{request.scheme}://{request.host}"


async def _fault(request: web.Request, fault: str, retry_after: str) -> web.StreamResponse:
    """How the Bot Connector refuses a reply: throttled (429, 503), failing (500), or the connection dropped."""
    await request.read()
    if fault == "drop":
        request.transport.close()
        return web.Response()  # never sent: the connection is gone
    status = {"throttle": 429, "unavailable": 503, "error": 500, "forbidden": 403}[fault]
    headers = {"Retry-After": retry_after} if status in (429, 503) and retry_after else {}
    return web.json_response({"error": {"code": "Throttled" if status == 429 else "ServiceError",
                                        "message": fault}}, status=status, headers=headers)
