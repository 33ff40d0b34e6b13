"""Who may talk to the bot: a Bot Framework token when an app id is set, anyone in local anonymous mode."""
from __future__ import annotations

import logging
import socket
import subprocess
import time

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.app import create_app

APP_ID = "0c1d2e3f-0000-4000-8000-00000000a99"


async def unauthorized(response) -> dict:
    assert response.status == 401, await response.text()
    assert response.headers["WWW-Authenticate"] == "Bearer"
    body = await response.json()
    assert body["error"] == "unauthorized" and body["reason"]
    return body


def forged_token() -> str:
    """A well-formed Bot Framework token signed by a key the Bot Framework never published."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {"iss": "https://api.botframework.com", "aud": APP_ID, "serviceurl": "https://smba.example/",
              "iat": now, "nbf": now, "exp": now + 3600}
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "forged-key"})


async def test_without_a_token_an_authenticated_bot_answers_401(aiohttp_client, settings, engine, teams, connector):
    client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="secret"), engine=engine))
    await unauthorized(await client.post("/api/messages", json=teams().message("hello")))
    assert connector.posted == []


async def test_a_token_that_is_not_a_jwt_gets_401(aiohttp_client, settings, engine, teams):
    client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="secret"), engine=engine))
    for header in ("Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer"):
        response = await client.post("/api/messages", json=teams().message("hello"), headers={"Authorization": header})
        await unauthorized(response)


async def test_a_forged_token_gets_401_promptly(aiohttp_client, settings, engine, teams, connector):
    """The signing keys cannot be fetched here (no internet) or do not include the forger's: either way 401."""
    client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="secret"), engine=engine))
    body = teams().message("hello", serviceUrl="https://smba.example/")
    response = await client.post("/api/messages", json=body, headers={"Authorization": f"Bearer {forged_token()}"})
    await unauthorized(response)
    assert connector.posted == []


async def test_local_anonymous_mode_is_said_once_at_start(aiohttp_client, settings, engine, caplog):
    with caplog.at_level(logging.INFO):
        client = await aiohttp_client(create_app(settings, engine=engine))
        await client.get("/healthz")
        await client.get("/healthz")
    assert len([r for r in caplog.records if "anonymous mode" in r.getMessage()]) == 1


async def test_an_authenticated_bot_does_not_claim_anonymous_mode(aiohttp_client, settings, engine, caplog):
    with caplog.at_level(logging.INFO):
        client = await aiohttp_client(create_app(settings.with_(app_id=APP_ID, app_password="s"), engine=engine))
        body = await (await client.get("/healthz")).json()
    assert body["auth"] == "bot-framework"
    assert not [r for r in caplog.records if "anonymous mode" in r.getMessage()]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_single_tenant_without_a_tenant_id_fails_at_start(python, cli_env):
    env = dict(cli_env, MicrosoftAppId=APP_ID, MicrosoftAppPassword="secret", MicrosoftAppType="SingleTenant",
               PORT=str(free_port()))
    done = subprocess.run([*python, "-m", "bot", "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "MicrosoftAppTenantId" in done.stderr and "Traceback" not in done.stderr
