"""Who may talk to the bot: a Bot Framework token when an app id is set, anyone in local anonymous mode."""
from __future__ import annotations

import logging
import subprocess
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.web.app import create_app
from tests.support.identity import StandInIdentityProvider
from bot.cli.playground import free_port

APP_ID = "0c1d2e3f-0000-4000-8000-00000000a999"
TENANT = "72f988bf-0000-4000-8000-000000000011"


async def unauthorized(response) -> dict:
    assert response.status == 401, await response.text()
    assert response.headers["WWW-Authenticate"] == "Bearer"
    body = await response.json()
    assert body["error"] == "unauthorized" and body["reason"]
    return body


@pytest.fixture(scope="module")
def identity():
    provider = StandInIdentityProvider().start()
    yield provider
    provider.stop()


def forged_token(service_url: str) -> str:
    """A well-formed Bot Framework token signed by a key the identity provider never published."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": service_url,
              "iat": now, "nbf": now, "exp": now + 3600}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "forged-key"})


async def test_without_a_token_an_authenticated_bot_answers_401(aiohttp_client, settings, engine, teams, connector):
    client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="secret", app_tenant_id=TENANT), engine=engine))
    await unauthorized(await client.post("/api/messages", json=teams().message("hello")))
    assert connector.posted == []


async def test_a_token_that_is_not_a_jwt_gets_401(aiohttp_client, settings, engine, teams):
    client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="secret", app_tenant_id=TENANT), engine=engine))
    for header in ("Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer"):
        response = await client.post("/api/messages", json=teams().message("hello"), headers={"Authorization": header})
        await unauthorized(response)


async def test_a_forged_token_gets_401(aiohttp_client, settings, engine, teams, connector, identity):
    endpoints = {"TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": identity.metadata_url}
    client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="secret", app_tenant_id=TENANT,
                                                            identity_endpoints=endpoints), engine=engine))
    body = teams().message("hello", serviceUrl="https://smba.example/")
    response = await client.post("/api/messages", json=body,
                                 headers={"Authorization": f"Bearer {forged_token('https://smba.example/')}"})
    await unauthorized(response)
    assert connector.posted == []


async def test_unreachable_signing_keys_are_a_503_to_retry_not_a_401(aiohttp_client, settings, engine, teams):
    """Nothing listens at the metadata URL: the bot cannot judge the token, so it says so and asks for a retry."""
    endpoints = {"TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": f"http://127.0.0.1:{free_port()}/metadata"}
    client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="secret", app_tenant_id=TENANT,
                                                            identity_endpoints=endpoints), engine=engine))
    body = teams().message("hello", serviceUrl="https://smba.example/")
    response = await client.post("/api/messages", json=body,
                                 headers={"Authorization": f"Bearer {forged_token('https://smba.example/')}"})
    assert response.status == 503 and response.headers["Retry-After"]
    assert (await response.json())["error"] == "signing_keys_unavailable"


async def test_local_anonymous_mode_is_said_once_at_start(aiohttp_client, settings, engine, caplog):
    with caplog.at_level(logging.INFO):
        client = await aiohttp_client(create_app(settings, engine=engine))
        await client.get("/healthz")
        await client.get("/healthz")
    assert len([r for r in caplog.records if "anonymous mode" in r.getMessage()]) == 1


async def test_an_authenticated_bot_does_not_claim_anonymous_mode(aiohttp_client, settings, engine, caplog):
    with caplog.at_level(logging.INFO):
        client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="s", app_tenant_id=TENANT), engine=engine))
        assert await (await client.get("/healthz")).json() == {"status": "ok"}  # no auth mode, paths or hosts
    assert not [r for r in caplog.records if "anonymous mode" in r.getMessage()]


def test_single_tenant_without_a_tenant_id_fails_at_start(python, cli_env):
    env = dict(cli_env, MicrosoftAppId=APP_ID, MicrosoftAppPassword="secret", MicrosoftAppType="SingleTenant",
               PORT=str(free_port()))
    done = subprocess.run([*python, "-m", "bot", "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "MicrosoftAppTenantId" in done.stderr and "Traceback" not in done.stderr


async def test_a_request_without_a_token_is_refused_before_its_activity_is_parsed(aiohttp_client, settings, engine,
                                                                               teams):
    """A body the schema would refuse (400) gets 401 first: an unauthenticated caller costs no model parsing."""
    client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="secret", app_tenant_id=TENANT),
                                             engine=engine))
    body = teams().message("hello", timestamp="not a date", membersAdded=[{"id": f"29:{i}"} for i in range(40_000)])
    await unauthorized(await client.post("/api/messages", json=body))
    anonymous = await aiohttp_client(create_app(settings, engine=engine))
    response = await anonymous.post("/api/messages", json=body)
    assert response.status == 400 and (await response.json())["error"] == "invalid_activity"
