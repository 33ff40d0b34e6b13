"""Real Bot Framework tokens, end to end and offline: ``python -m bot serve`` validates tokens signed by a
stand-in identity provider on loopback, configured through the SDK's own settings."""
from __future__ import annotations

import concurrent.futures
import signal
import time

import pytest

from bot.settings import SDKS
from tests.support.identity import ACCESS_TOKEN, CLIENT_SECRET, MANAGED_IDENTITY_TOKEN, StandInIdentityProvider
from tests.support.server import DIRECT, BotServer, loopback_activity, post_json

APP_ID = "0c1d2e3f-0000-4000-8000-00000000a999"
TENANT = "72f988bf-0000-4000-8000-000000000011"
SERVICE_URL = "https://smba.trafficmanager.net/amer/"


@pytest.fixture(scope="module")
def identity(tmp_path_factory):
    provider = StandInIdentityProvider(tmp_path_factory.mktemp("identity")).start()
    yield provider
    provider.stop()


SECRET = {"MicrosoftAppPassword": CLIENT_SECRET}
_started: list[BotServer] = []  # a test's own servers, killed when it ends


@pytest.fixture(autouse=True)
def _kill_the_tests_own_servers():
    yield
    while _started:
        _started.pop().kill()


def authenticated_bot(identity, log_path, sdk: str, credential: dict | None = None, **env) -> BotServer:
    """A bot with an app id and a client secret (or the ``credential`` given), pointed at the stand-in endpoints."""
    server = BotServer({"MicrosoftAppId": APP_ID, "MicrosoftAppTenantId": TENANT, **(credential or SECRET),
                        "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": identity.metadata_url,
                        "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL": identity.emulator_metadata_url,
                        "BOT_STORAGE": "memory", "BOT_SDK": sdk, **env}, log_path)
    _started.append(server)
    return server


def secret_from_login(identity) -> dict:
    """A client secret, exchanged at the stand-in Entra ID (over HTTPS, as MSAL requires)."""
    return {**SECRET, "TO_CHANNEL_FROM_BOT_LOGIN_URL": identity.login_url, "VALIDATE_AUTHORITY": "false",
            "REQUESTS_CA_BUNDLE": str(identity.certificate)}


def managed_identity(identity) -> dict:
    """A user-assigned managed identity on App Service: MicrosoftAppId is its client id, no secret."""
    return {"MicrosoftAppType": "UserAssignedMSI", **identity.managed_identity_env}


@pytest.fixture(scope="module", params=SDKS)
def bot(identity, tmp_path_factory, request):
    """The server, once per host."""
    server = authenticated_bot(identity, tmp_path_factory.mktemp("tokens") / "bot.log", request.param).start()
    _started.remove(server)  # the module's, not one test's
    yield server
    server.kill()


def post(server: BotServer, token: str | None, **fields) -> tuple[int, dict]:
    """A message from Teams with this token; the status and the JSON answer."""
    activity = loopback_activity(**{"serviceUrl": SERVICE_URL, "recipient": {"id": f"28:{APP_ID}"}, **fields})
    return post_json(server, activity, **({"Authorization": f"Bearer {token}"} if token else {}))


def test_a_correctly_signed_teams_token_is_accepted(bot, identity):
    status, body = post(bot, identity.token(APP_ID, SERVICE_URL))
    assert status == 200, (body, bot.log_tail())
    assert body["activities"], "the bot answered nothing"


@pytest.mark.parametrize("version", ["1.0", "2.0"])
def test_a_bot_framework_emulator_token_for_this_app_is_accepted(bot, identity, version):
    """The Emulator, given the bot's app id and secret, signs in at the Bot Framework's tenant (v1 or v2 token)."""
    status, body = post(bot, identity.emulator_token(APP_ID, version), channelId="emulator",
                        serviceUrl="http://localhost:50123")
    assert status == 200, (body, bot.log_tail())
    assert body["activities"], "the bot answered nothing"


@pytest.mark.parametrize("why, token_of", [
    ("Emulator token for another app (v1)",
     lambda idp: idp.emulator_token(APP_ID, "1.0", appid="11111111-0000-4000-8000-000000000000")),
    ("Emulator token for another app (v2)",
     lambda idp: idp.emulator_token(APP_ID, "2.0", azp="11111111-0000-4000-8000-000000000000")),
    ("Emulator token without a version", lambda idp: idp.emulator_token(APP_ID, drop=("ver",))),
    ("Emulator token of an unknown version", lambda idp: idp.emulator_token(APP_ID, ver="3.0")),
    ("Emulator token expired", lambda idp: idp.emulator_token(APP_ID, exp=int(time.time()) - 3600,
                                                              nbf=int(time.time()) - 7200)),
    ("Emulator token signed with a channel's key", lambda idp: idp.emulator_token(APP_ID, key=idp.teams_key)),
    ("another tenant's issuer", lambda idp: idp.emulator_token(
        APP_ID, iss="https://sts.windows.net/11111111-0000-4000-8000-000000000000/")),
    ("wrong audience", lambda idp: idp.token("11111111-0000-4000-8000-000000000000", SERVICE_URL)),
    ("wrong issuer", lambda idp: idp.token(APP_ID, SERVICE_URL, iss="https://evil.example")),
    ("expired", lambda idp: idp.token(APP_ID, SERVICE_URL, exp=int(time.time()) - 3600, nbf=int(time.time()) - 7200)),
    ("not yet valid", lambda idp: idp.token(APP_ID, SERVICE_URL, nbf=int(time.time()) + 3600)),
    ("another serviceUrl", lambda idp: idp.token(APP_ID, "https://smba.evil.example/")),
    ("no serviceurl claim", lambda idp: idp.token(APP_ID, SERVICE_URL, drop=("serviceurl",))),
    ("key not endorsed for Teams", lambda idp: idp.token(APP_ID, SERVICE_URL, key=idp.other_channel_key)),
    ("no expiry", lambda idp: idp.token(APP_ID, SERVICE_URL, drop=("exp",))),
    ("no token", lambda idp: None),
])
def test_a_token_that_is_wrong_in_any_way_gets_401(bot, identity, why, token_of):
    status, body = post(bot, token_of(identity))
    assert status == 401, f"{why}: {status} {body}"
    assert body["error"] == "unauthorized" and body["reason"]
    assert "Traceback" not in bot.log_tail(20000)


def test_a_hung_identity_endpoint_costs_a_fast_503_and_recovers_without_restart(identity, tmp_path, sdk):
    """Keys not fetched yet and the endpoint hangs: other requests, probes and SIGTERM keep working."""
    bot = authenticated_bot(identity, tmp_path / "bot.log", sdk, BOT_IDENTITY_TIMEOUT_S="1").start()
    identity.hang.set()
    try:
        with concurrent.futures.ThreadPoolExecutor(12) as pool:
            started = time.monotonic()
            answers = list(pool.map(lambda _: post(bot, identity.token(APP_ID, SERVICE_URL)), range(12)))
            took = time.monotonic() - started
        assert {status for status, _ in answers} == {503}, answers
        assert answers[0][1]["error"] == "signing_keys_unavailable"
        assert took < 8, f"12 requests took {took:.1f} s while the endpoint hung"
        assert bot.health()[0] == 200
    finally:
        identity.hang.clear()
    deadline = time.monotonic() + 15
    while (status := post(bot, identity.token(APP_ID, SERVICE_URL))[0]) != 200 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert status == 200, "a valid token was still refused after the endpoint recovered"


def test_sigterm_stops_the_server_while_the_identity_endpoint_hangs(identity, tmp_path, sdk):
    bot = authenticated_bot(identity, tmp_path / "bot.log", sdk, BOT_IDENTITY_TIMEOUT_S="3").start()
    identity.hang.set()
    try:
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            pending = [pool.submit(post, bot, identity.token(APP_ID, SERVICE_URL)) for _ in range(8)]
            time.sleep(0.5)
            bot.process.send_signal(signal.SIGTERM)
            bot.process.wait(timeout=20)
            for answer in pending:
                answer.exception()
    finally:
        identity.hang.clear()
    assert bot.process.returncode == 0, bot.log_tail()


def test_a_managed_identity_bot_replies_with_the_token_its_identity_endpoint_issued(identity, tmp_path, sdk):
    """UserAssignedMSI: the bot asks App Service's identity endpoint for the Bot Connector's token, as itself."""
    bot = authenticated_bot(identity, tmp_path / "bot.log", sdk, managed_identity(identity)).start()
    connector = identity.url + "/"
    asked = len(identity.identity_requests)
    status, body = post(bot, identity.token(APP_ID, connector), serviceUrl=connector, deliveryMode=None)
    assert status == 200, (body, bot.log_tail())
    assert [r["_authorization"] for r in identity.replies][-1:] == [f"Bearer {MANAGED_IDENTITY_TOKEN}"]
    assert post(bot, identity.token(APP_ID, connector), serviceUrl=connector, deliveryMode=None, text="help")[0] == 200
    assert [r["_authorization"] for r in identity.replies][-1:] == [f"Bearer {MANAGED_IDENTITY_TOKEN}"]
    assert identity.identity_requests[asked:] == [
        {"api-version": "2019-08-01", "resource": "https://api.botframework.com", "client_id": APP_ID}], \
        "not asked once (then cached) for the Bot Connector's token as the bot's identity"


@pytest.mark.parametrize("credential, issued", [(secret_from_login, ACCESS_TOKEN),
                                                (managed_identity, MANAGED_IDENTITY_TOKEN)],
                         ids=["client secret", "managed identity"])
def test_a_hung_token_endpoint_costs_one_turn_a_503_and_never_the_server(identity, tmp_path, sdk, credential, issued):
    """Replies need the bot's own token: while the endpoint hangs the turn gets a 503, the probes still answer."""
    bot = authenticated_bot(identity, tmp_path / "bot.log", sdk, credential(identity),
                            BOT_IDENTITY_TIMEOUT_S="2").start()
    connector = identity.url + "/"
    token = identity.token(APP_ID, connector)
    identity.hang_tokens.set()
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            started = time.monotonic()
            turn = pool.submit(post, bot, token, serviceUrl=connector, deliveryMode=None)
            time.sleep(0.5)
            with DIRECT.open(f"{bot.url}/healthz", timeout=1.5) as live:
                assert live.status == 200, "the probe waited behind the hung token endpoint"
            status, body = turn.result(timeout=20)
            took = time.monotonic() - started
        assert (status, body["error"]) == (503, "token_service_timeout"), body
        assert took < 6, f"the user waited {took:.1f} s for the try-again answer"
    finally:
        identity.hang_tokens.clear()
    time.sleep(2)  # the thread still waiting ends on its own socket timeout
    assert post(bot, token, serviceUrl=connector, deliveryMode=None, text="help")[0] == 200
    assert [r["_authorization"] for r in identity.replies][-1:] == [f"Bearer {issued}"], bot.log_tail()
    assert "Traceback" not in bot.log_tail(10**6)


def test_a_secret_entra_id_refuses_costs_the_turn_a_503_that_says_so_on_both_hosts(identity, tmp_path, sdk):
    """An expired or mistyped MicrosoftAppPassword: no reply can be sent; the channel and the log are told why."""
    wrong = {**secret_from_login(identity), "MicrosoftAppPassword": "expired-secret"}
    bot = authenticated_bot(identity, tmp_path / "bot.log", sdk, wrong).start()
    connector = identity.url + "/"
    delivered = len(identity.replies)
    status, body = post(bot, identity.token(APP_ID, connector), serviceUrl=connector, deliveryMode=None)
    assert (status, body["error"]) == (503, "token_service_refused"), (body, bot.log_tail())
    assert len(identity.replies) == delivered, "a reply went out without a token"
    log = bot.log_tail(10**6)
    assert "no token for the Bot Connector: invalid_client" in log
    assert "Traceback" not in log and "expired-secret" not in log
