"""An enterprise network: every outbound call through a real forward proxy, and a TLS-inspecting one.

The bot runs as ``python -m bot serve`` with the standard proxy variables, on both
hosts, against the stand-ins on loopback (identity provider, Entra ID, managed
identity endpoint, Bot Connector), Azurite and a stand-in Application Insights
ingestion endpoint. The proxy is proxy.py (PyPI), in its own process; its access
log is what shows where each call went.
"""
from __future__ import annotations

import time

import pytest

from bench.ingestion import IngestionSink
from tests.support.azurite import Azurite, require_azurite
from tests.support.identity import METADATA_PATH, TENANT, StandInIdentityProvider
from tests.support.proxy import ForwardProxy
from tests.support.server import BotServer, loopback_activity, post_json

from test_tokens import APP_ID, SECRET, managed_identity, secret_from_login  # noqa: F401

CA_VARIABLES = ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")
QUIET_TELEMETRY = {"APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL": "true",  # it would call Microsoft
                   "OTEL_EXPERIMENTAL_RESOURCE_DETECTORS": "azure_app_service",  # not azure_vm: it would call IMDS
                   "APPLICATIONINSIGHTS_SDKSTATS_DISABLED": "true",
                   "OTEL_TRACES_SAMPLER": "always_on", "OTEL_BSP_SCHEDULE_DELAY": "100",
                   "OTEL_BLRP_SCHEDULE_DELAY": "100"}


@pytest.fixture(scope="module")
def identity(tmp_path_factory):
    provider = StandInIdentityProvider(tmp_path_factory.mktemp("identity")).start()
    yield provider
    provider.stop()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    """One proxy for the module: tests look for their own calls in its log."""
    forward = ForwardProxy(tmp_path_factory.mktemp("proxy")).start()
    yield forward
    forward.stop()


@pytest.fixture
def own_proxy(tmp_path):
    """A proxy the test may stop."""
    forward = ForwardProxy(tmp_path / "proxy").start()
    yield forward
    forward.stop()


@pytest.fixture
def sink():
    ingestion = IngestionSink().start()
    yield ingestion
    ingestion.stop()


def bot_behind(proxy_url: str, log_path, sdk: str, identity, credential: dict | None = None, **env) -> BotServer:
    """An authenticated bot pointed at the stand-ins (never at Microsoft's endpoints: its token comes from the
    stand-in Entra ID, or ``credential``), with every proxy variable naming ``proxy_url``."""
    return BotServer({"MicrosoftAppId": APP_ID, "MicrosoftAppTenantId": TENANT,
                      **(credential or secret_from_login(identity)),
                      "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": identity.metadata_url,
                      "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL": identity.emulator_metadata_url,
                      "BOT_STORAGE": "memory", "BOT_SDK": sdk, "HTTPS_PROXY": proxy_url, "http_proxy": proxy_url,
                      **env}, log_path)


def message(identity, bot: BotServer, service_url: str, **fields) -> tuple[int, dict]:
    """A message from Teams whose replies go to ``service_url`` (the Bot Connector, not the HTTP answer)."""
    activity = loopback_activity(serviceUrl=service_url, deliveryMode=None, recipient={"id": f"28:{APP_ID}"},
                                 **fields)
    return post_json(bot, activity, Authorization=f"Bearer {identity.token(APP_ID, service_url)}")


def wait_for(check, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found


def relayed(proxy: ForwardProxy, before: int, complete, timeout: float = 10.0) -> list[tuple[str, str, str]]:
    """The connections relayed since ``before``, once ``complete`` holds for them (or ``timeout`` passed).

    proxy.py logs a tunnel, and a connection kept alive, when it closes: when the bot is killed, some lines
    come a moment later.
    """
    deadline = time.monotonic() + timeout
    while not complete(seen := proxy.seen()[before:]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return seen


def host_of(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[0]


def test_every_kind_of_outbound_call_goes_through_the_proxy(identity, proxy, sink, azurite, blob_container,
                                                            tmp_path, sdk):
    """Signing keys and their metadata, the Entra token, the reply, the read from Teams, Blob Storage and the
    telemetry exporter."""
    relayed_before = len(proxy.seen())
    bot = bot_behind(proxy.url, tmp_path / "bot.log", sdk, identity, BOT_STORAGE="blob",
                     AZURE_STORAGE_CONNECTION_STRING=azurite.connection_string, BOT_STATE_CONTAINER=blob_container,
                     APPLICATIONINSIGHTS_CONNECTION_STRING=sink.connection_string, **QUIET_TELEMETRY).start()
    try:
        delivered = len(identity.replies)
        status, body = message(identity, bot, identity.url + "/")
        assert status == 200, (body, bot.log_tail())
        assert len(identity.replies) > delivered, bot.log_tail()
        assert wait_for(lambda: sink.received("RequestData") or sink.received("MessageData")), \
            "nothing reached the telemetry sink"
    finally:
        bot.kill()
    stand_in, login, storage, telemetry = (host_of(identity.url), host_of(identity.login_url),
                                           host_of(azurite.blob_endpoint), host_of(sink.connection_string))
    seen = relayed(proxy, relayed_before, lambda seen: {
        ("GET", stand_in, METADATA_PATH), ("CONNECT", login, "")} <= set(seen) and {storage, telemetry} <= {
        t for _, t, _ in seen} and any(m == "GET" and "/members/" in p for m, _, p in seen))
    # proxy.py logs the first request of each connection: the keys come on the metadata's connection
    assert ("GET", stand_in, METADATA_PATH) in seen, seen
    assert ("CONNECT", login, "") in seen, f"the Entra token did not go through the proxy: {seen}"
    assert any(m == "POST" and t == stand_in and p.startswith("/v3/conversations/") for m, t, p in seen), seen
    assert any(m == "GET" and t == stand_in and "/members/" in p for m, t, p in seen), \
        f"the read from Teams (the sender's member record) did not go through the proxy: {seen}"
    assert any(t == storage for _, t, _ in seen), f"Blob Storage did not go through the proxy: {seen}"
    assert any(m == "POST" and t == telemetry for m, t, _ in seen), f"telemetry did not go through the proxy: {seen}"


def test_the_managed_identity_token_goes_through_the_proxy_unless_no_proxy_names_it(identity, proxy, tmp_path, sdk):
    """App Service's identity endpoint is local: NO_PROXY keeps it off the proxy; without it, through the proxy."""
    stand_in = host_of(identity.url)
    for no_proxy, through in (("", True), ("127.0.0.1", False)):
        asked, relayed_before = len(identity.identity_requests), len(proxy.seen())
        bot = bot_behind(proxy.url, tmp_path / f"bot-{through}.log", sdk, identity, managed_identity(identity),
                         NO_PROXY=no_proxy).start()
        try:
            status, body = message(identity, bot, identity.url + "/")
            assert status == 200, (body, bot.log_tail())
        finally:
            bot.kill()
        assert len(identity.identity_requests) > asked
        token_relayed = lambda seen: any(p.startswith("/msi/token") for _, t, p in seen if t == stand_in)  # noqa: E731
        # the proxy logs a kept-alive connection when it closes, a moment after the bot is killed
        seen = relayed(proxy, relayed_before, token_relayed, timeout=10.0 if through else 2.0)
        assert token_relayed(seen) == through, (no_proxy, seen)


def test_no_proxy_hosts_are_reached_directly(identity, own_proxy, tmp_path, sdk):
    """``no_proxy=localhost``: with the proxy gone, replies to a Bot Connector at localhost still arrive
    (the bot's token comes from localhost too: botbuilder asks for one per service URL)."""
    proxy = own_proxy
    bot = bot_behind(proxy.url, tmp_path / "bot.log", sdk, identity, no_proxy="localhost",
                     TO_CHANNEL_FROM_BOT_LOGIN_URL=f"{identity.tls_url}/{TENANT}").start()
    port = identity.port
    try:
        delivered = len(identity.replies)
        status, body = message(identity, bot, f"http://127.0.0.1:{port}/")  # keys and token fetched meanwhile
        assert status == 200 and len(identity.replies) > delivered, (body, bot.log_tail())
        assert ("GET", f"127.0.0.1:{port}", METADATA_PATH) in proxy.seen()
        proxy.stop()
        delivered = len(identity.replies)
        status, body = message(identity, bot, f"http://localhost:{port}/")
        assert status == 200 and len(identity.replies) > delivered, (body, bot.log_tail())
        assert message(identity, bot, f"http://127.0.0.1:{port}/")[0] == 200
        assert "reply not delivered" in bot.log_tail(), "a reply reached 127.0.0.1 without the proxy"
    finally:
        bot.kill()


@pytest.fixture(scope="module")
def tls_sink(identity):
    """Application Insights' ingestion stand-in over HTTPS, with the stand-ins' certificate."""
    ingestion = IngestionSink(tls=(str(identity.certificate), str(identity.certificate.with_suffix(".key")))).start()
    yield ingestion
    ingestion.stop()


@pytest.fixture(scope="module")
def tls_azurite(tmp_path_factory, identity):
    """Azurite over HTTPS, with the stand-ins' certificate."""
    storage = Azurite(require_azurite(), tmp_path_factory.mktemp("azurite-tls"),
                      tls=(identity.certificate, identity.certificate.with_suffix(".key"))).start()
    yield storage
    storage.stop()


@pytest.fixture(scope="module")
def inspecting_proxy(tmp_path_factory, identity):
    """A TLS-inspecting proxy: it trusts the stand-ins' certificate; the bot must trust its private CA."""
    inspecting = ForwardProxy(tmp_path_factory.mktemp("inspecting"), inspecting=True,
                              upstream_ca=identity.certificate).start()
    yield inspecting
    inspecting.stop()


@pytest.mark.parametrize("variable", CA_VARIABLES)
def test_behind_a_tls_inspecting_proxy_one_ca_setting_covers_every_call(identity, inspecting_proxy, tls_sink,
                                                                        tls_azurite, blob_container, tmp_path, sdk,
                                                                        variable):
    """Keys, the Entra token, the reply, the read from Teams, Blob Storage and telemetry, all over HTTPS through
    the proxy, with only its root to trust."""
    tls, relayed_before = identity.tls_url, len(inspecting_proxy.seen())
    bot = BotServer({"MicrosoftAppId": APP_ID, "MicrosoftAppTenantId": TENANT, **SECRET, "BOT_SDK": sdk,
                     "BOT_STORAGE": "blob", "AZURE_STORAGE_CONNECTION_STRING": tls_azurite.connection_string,
                     "BOT_STATE_CONTAINER": blob_container,
                     "APPLICATIONINSIGHTS_CONNECTION_STRING": tls_sink.connection_string, **QUIET_TELEMETRY,
                     "HTTPS_PROXY": inspecting_proxy.url,
                     "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": tls + METADATA_PATH,
                     "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL": tls + "/common/v2.0/.well-known/openid-configuration",
                     "TO_CHANNEL_FROM_BOT_LOGIN_URL": f"{tls}/{TENANT}", "VALIDATE_AUTHORITY": "false"},
                    tmp_path / "bot.log")
    for name in (*CA_VARIABLES, "SSL_CERT_DIR", "CURL_CA_BUNDLE"):  # the machine's own, if any: only ours counts
        bot.env.pop(name, None)
    bot.env[variable] = str(inspecting_proxy.ca_bundle)
    bot.start()
    try:
        delivered, exported = len(identity.replies), len(tls_sink.envelopes)
        status, body = message(identity, bot, tls + "/")
        assert status == 200, (body, bot.log_tail())
        assert len(identity.replies) > delivered, bot.log_tail()
        assert identity.replies[-1]["_authorization"] == "Bearer stand-in-access-token"
        assert wait_for(lambda: len(tls_sink.envelopes) > exported), "nothing reached the telemetry sink"
    finally:
        bot.kill()
    hosts = {host_of(tls), host_of(tls_azurite.blob_endpoint), host_of(tls_sink.connection_string)}
    seen = relayed(inspecting_proxy, relayed_before,
                   lambda seen: hosts <= {target for method, target, _ in seen if method == "CONNECT"})
    tunnels = {target for method, target, _ in seen if method == "CONNECT"}
    assert hosts <= tunnels
    log = bot.log_tail(10**6)
    assert "Traceback" not in log
    # The read from Teams reached the stand-in through the proxy, trusting its root: the stand-in's answer (it
    # knows no such member), not a certificate error
    reads = [line for line in log.splitlines() if "read from Teams" in line]
    assert reads and all("member=404" in line for line in reads), reads
