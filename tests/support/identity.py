"""A stand-in for the Bot Framework's token issuer, on loopback: OpenID metadata, a JWKS and signed tokens.

The bot is pointed at it through its settings (the SDK's own
``TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL``), never by patching the SDK. It
runs in a thread with its own event loop, so a test can drive a bot process
with plain blocking HTTP while it serves keys; ``hang`` makes it accept
connections and never answer, as an identity endpoint in trouble does.
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.support.azurite import free_port

ISSUER = "https://api.botframework.com"
METADATA_PATH = "/v1/.well-known/openidconfiguration"


class SigningKey:
    """An RSA key as the JWKS publishes it, with the channels it is endorsed for."""

    def __init__(self, kid: str, endorsements: list[str]):
        self.kid, self.endorsements = kid, endorsements
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict:
        return {**json.loads(RSAAlgorithm.to_jwk(self.private.public_key())), "kid": self.kid, "use": "sig",
                "endorsements": self.endorsements}


class StandInIdentityProvider:
    """Serves ``METADATA_PATH`` and ``/keys``; signs tokens the way the channel service does."""

    def __init__(self):
        self.teams_key = SigningKey("teams-key", ["msteams"])
        self.other_channel_key = SigningKey("skype-key", ["skype"])
        self.hang = threading.Event()
        self.fetches = 0
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def metadata_url(self) -> str:
        return self.url + METADATA_PATH

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

    def start(self) -> "StandInIdentityProvider":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=30)
        return self

    def stop(self) -> None:
        self.hang.clear()
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(timeout=30)
        self._loop.call_soon_threadsafe(self._loop.stop)

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_get(METADATA_PATH, self._metadata)
        app.router.add_get("/keys", self._keys)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()

    async def _metadata(self, request: web.Request) -> web.Response:
        await self._maybe_hang()
        return web.json_response({"issuer": ISSUER, "jwks_uri": f"{self.url}/keys",
                                  "id_token_signing_alg_values_supported": ["RS256"]})

    async def _keys(self, request: web.Request) -> web.Response:
        await self._maybe_hang()
        self.fetches += 1
        return web.json_response({"keys": [self.teams_key.jwk(), self.other_channel_key.jwk()]})

    async def _maybe_hang(self) -> None:
        while self.hang.is_set():
            await asyncio.sleep(0.05)
