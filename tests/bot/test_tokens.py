"""Real Bot Framework tokens, end to end and offline: ``python -m bot serve`` validates tokens signed by a
stand-in identity provider on loopback, configured through the SDK's own settings."""
from __future__ import annotations

import concurrent.futures
import signal
import time
import uuid

import pytest

from bot.settings import SDKS
from tests.support.identity import ACCESS_TOKEN, CLIENT_SECRET, MANAGED_IDENTITY_TOKEN, StandInIdentityProvider
from tests.support.server import (ADAPTIVE_CARD, DIRECT, BotServer, buttons, loopback_activity, pending, post_json,
                                  value_of)
from tests.support.teams_directory import Meeting, Person

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


def test_what_teams_knows_is_read_with_the_bots_own_token_and_never_logged(identity, tmp_path, sdk):
    """Issue 22 with real credentials: the meeting, the participant and the member record are read with the
    token the replies carry; at DEBUG the log says what was read from, never what."""
    bot = authenticated_bot(identity, tmp_path / "bot.log", sdk, secret_from_login(identity), LOG_LEVEL="DEBUG").start()
    connector = identity.url + "/"
    chat = f"19:{uuid.uuid4().hex}@thread.v2"
    meeting_id = f"MCMxOTptZWV0aW5n{uuid.uuid4().hex[:12]}=="
    adele = Person(id="29:1adele", aad_object_id="a9a0c1e2-0000-4000-8000-0000000000ad", tenant_id=TENANT)
    alex = Person(id="29:1alexw", aad_object_id="b7c1d2e3-0000-4000-8000-0000000000a1", name="Alex Wilber",
                  tenant_id=TENANT)
    identity.directory.add_meeting(Meeting(meeting_id, "Scheduled", alex, TENANT, chat), (adele, "Attendee"))
    asked = len(identity.directory.requests)
    bot_account = {"id": f"28:{APP_ID}", "name": "Recording Troubleshooter"}
    status, body = post(bot, identity.token(APP_ID, connector), serviceUrl=connector, deliveryMode=None,
                        text="<at>Recording Troubleshooter</at> I can't record", recipient=bot_account,
                        **{"from": {"id": adele.id, "aadObjectId": adele.aad_object_id}},
                        conversation={"id": chat, "conversationType": "groupChat", "isGroup": True},
                        entities=[{"type": "mention", "text": "<at>Recording Troubleshooter</at>",
                                   "mentioned": bot_account}],
                        channelData={"tenant": {"id": TENANT}, "meeting": {"id": meeting_id}})
    assert status == 200, (body, bot.log_tail())
    requests = identity.directory.requests[asked:]
    assert len(requests) == 3, requests
    assert {r["authorization"] for r in requests} == {f"Bearer {ACCESS_TOKEN}"}
    assert [r["_authorization"] for r in identity.replies][-1:] == [f"Bearer {ACCESS_TOKEN}"]
    log = bot.log_tail(10**6)
    assert "read from Teams: meeting=ok participant=ok member=ok, 4 facts" in log, log[-3000:]
    assert [s for s in ("Alex Wilber", "Attendee", "alex@contoso.example", "Quarterly review", meeting_id,
                        alex.aad_object_id) if s in log] == []
    assert "Traceback" not in log


def choices(replies: list[dict]) -> list[tuple[str, dict]]:
    """The buttons of the last card: what a user reads on each, and what a click on it sends."""
    cards = [a["content"] for r in replies for a in r.get("attachments") or [] if a.get("contentType") == ADAPTIVE_CARD]
    return [(action["title"], action["data"]) for action in cards[-1].get("actions", []) if action["type"] == "Action.Submit"]


def test_a_turn_answered_503_for_want_of_a_token_changed_nothing_and_its_redelivery_counts_once(identity, tmp_path,
                                                                                                sdk):
    """A slow token endpoint: the turn is answered 503, Teams redelivers the same activity, which gets its reply.

    A click and a typed answer each: each is recorded once, for its own question, and answered
    (not saved on the first delivery and then applied again, or ignored, on the redelivery).
    """
    identity.token_lifetime = 60  # under MSAL's margin: every turn asks the token endpoint
    bot = authenticated_bot(identity, tmp_path / "bot.log", sdk, secret_from_login(identity),
                            BOT_IDENTITY_TIMEOUT_S="1").start()
    connector, conversation = identity.url + "/", {"id": f"a:1{uuid.uuid4().hex}"}

    def deliver(activity: dict, hung: bool = False) -> tuple[int, dict, list[dict]]:
        """Post it as Teams does; the status, the answer and the replies the Bot Connector got."""
        seen = len(identity.replies)
        if hung:
            identity.hang_tokens.set()
        try:
            status, body = post(bot, identity.token(APP_ID, connector), **activity)
        finally:
            identity.hang_tokens.clear()
        return status, body, identity.replies[seen:]

    def message(**fields) -> dict:
        return {"id": f"1{uuid.uuid4().int % 10**12}", "serviceUrl": connector, "deliveryMode": None,
                "conversation": conversation, **fields}

    try:
        status, _, replies = deliver(message(text="I can't record my meeting"))
        assert status == 200 and replies, bot.log_tail()
        asked = pending(replies)
        click = message(text="", value=buttons(replies)[0])
        status, body, _ = deliver(click, hung=True)
        assert (status, body.get("error")) == (503, "token_service_timeout"), body
        status, _, replies = deliver(click)  # Teams' redelivery: same activity, same id
        assert status == 200 and pending(replies) not in (None, asked), f"the redelivered click got {replies}"

        asked_next, (title, data) = pending(replies), choices(replies)[0]
        typed = message(text=title)
        assert deliver(typed, hung=True)[0] == 503
        status, _, replies = deliver(typed)
        assert status == 200 and pending(replies) not in (None, asked_next), f"the redelivered answer got {replies}"

        summary = post(bot, identity.token(APP_ID, connector), **message(text="summary", deliveryMode="expectReplies"))
        saved = value_of(summary[1]["activities"])
        # each answer once: the meeting from the first message, the click and the typed answer redelivered
        assert saved["checks"] == {"check_meeting_type": "meeting", asked: click["value"]["answer"],
                                   asked_next: data["answer"]}, saved
        assert saved["provenance"] == {"check_meeting_type": "typed", asked: "clicked", asked_next: "typed"}, saved
    finally:
        identity.token_lifetime = 3600
        bot.kill()


@pytest.mark.parametrize("fault", ["reset", "tls"])
def test_a_token_endpoint_that_drops_connections_or_fails_tls_costs_the_turn_a_503_and_one_log_line(identity, tmp_path,
                                                                                                    sdk, fault):
    """Not a hang: the connection is reset after start, or the endpoint's certificate is not trusted.

    The channel gets the 503 the README promises (it retries); the log one line, no traceback.
    """
    credential = secret_from_login(identity)
    if fault == "tls":
        credential.pop("REQUESTS_CA_BUNDLE")  # the stand-in's self-signed certificate is then untrusted
    bot = authenticated_bot(identity, tmp_path / "bot.log", sdk, credential).start()
    connector = identity.url + "/"
    if fault == "reset":
        identity.reset_tokens.set()
    started = len(bot.log_tail(10**6))
    try:
        status, body = post(bot, identity.token(APP_ID, connector), serviceUrl=connector, deliveryMode=None)
    finally:
        identity.reset_tokens.clear()
    assert (status, body.get("error")) == (503, "token_service_unavailable"), (body, bot.log_tail())
    log = bot.log_tail(10**6)
    said = [line for line in log[started:].splitlines() if " WARNING " in line or " ERROR " in line]
    assert "Traceback" not in log
    assert len([line for line in said if "token" in line]) == 1, said
    if fault == "reset":  # and the next turn, with the endpoint back, is answered
        assert post(bot, identity.token(APP_ID, connector), serviceUrl=connector, deliveryMode=None)[0] == 200
    bot.kill()
