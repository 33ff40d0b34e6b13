"""Application Insights through OpenTelemetry: what a turn exports when the connection string is set.

The real distro is configured by the real app on a loopback server; its Azure
Monitor exporter sends to a stand-in ingestion endpoint on loopback (the same
protocol), and an in-memory exporter beside it shows each span as it ends.
OpenTelemetry's providers are per process, so the distro is configured once
for this module and its handler is taken off the bot's logger afterwards.
Every test that talks to the app runs on both hosts (the ``settings`` fixture).
"""
from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap

import pytest
from opentelemetry import _logs, metrics, trace
from opentelemetry.sdk._logs.export import InMemoryLogRecordExporter, SimpleLogRecordProcessor
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from bench.ingestion import INSTRUMENTATION_KEY, IngestionSink
from bot.web.app import create_app
from bot.settings import Settings
from bot.telemetry import LOGGER_NAME, SPAN_NAME, TRACER_NAME, start_telemetry
from bot.cli.playground import free_port
from tests.support.server import REPO

from tests.support.teams_fakes import BOT_ID, BOT_NAME, TENANT, TeamsUser
from test_teams import ExplodingEngine


@pytest.fixture(scope="module")
def sink():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL", "true")  # it would call Microsoft, not loopback
        patch.setenv("APPLICATIONINSIGHTS_SDKSTATS_DISABLED", "true")  # its own exporter flushes at exit
        patch.setenv("OTEL_TRACES_SAMPLER", "always_on")  # the distro's default keeps 5 traces a second
        patch.setenv("OTEL_EXPERIMENTAL_RESOURCE_DETECTORS", "azure_app_service")  # azure_vm would call IMDS
        sink = IngestionSink().start()
        yield sink
        sink.stop()


@pytest.fixture(scope="module")
def exported(sink):
    """The distro configured as the app configures it, with in-memory exporters beside Azure Monitor's."""
    start_telemetry(Settings(appinsights_connection_string=sink.connection_string))
    spans, logs = InMemorySpanExporter(), InMemoryLogRecordExporter()
    trace.get_tracer_provider().add_span_processor(SimpleSpanProcessor(spans))
    _logs.get_logger_provider().add_log_record_processor(SimpleLogRecordProcessor(logs))
    yield spans, logs
    bot_logger = logging.getLogger(LOGGER_NAME)
    for handler in [h for h in bot_logger.handlers if type(h).__module__.startswith("opentelemetry")]:
        bot_logger.removeHandler(handler)
    for provider in (trace.get_tracer_provider(), _logs.get_logger_provider(), metrics.get_meter_provider()):
        provider.shutdown()  # while the sink still listens: nothing is left to send at exit


@pytest.fixture
async def user(aiohttp_client, settings, engine, connector, sink, exported, caplog):
    """A Teams user talking to the app with telemetry on (and INFO logs, as served); the exporters start empty."""
    caplog.set_level(logging.INFO, logger=LOGGER_NAME)
    for exporter in exported:
        exporter.clear()
    app = create_app(settings.with_(appinsights_connection_string=sink.connection_string), engine=engine)
    return TeamsUser(await aiohttp_client(app), connector.url, connector)


def turn_spans(exported) -> list:
    return [s for s in exported[0].get_finished_spans() if s.name == SPAN_NAME]


def exported_log_lines(exported) -> list[tuple[str, str]]:
    return [(r.instrumentation_scope.name, str(r.log_record.body)) for r in exported[1].get_finished_logs()]


async def test_each_turn_is_one_span_with_its_state_outcome_and_latency(user, exported):
    await user.post(user.bot_added())
    await user.say("I can't record my meeting")  # the meeting is understood: the role is asked
    await user.click({"state": "check_meeting_role", "answer": "organizer"})
    spans = turn_spans(exported)
    assert [s.attributes["bot.activity_type"] for s in spans] == ["conversationUpdate", "message", "message"]
    assert [s.attributes["bot.outcome"] for s in spans] == ["welcome", "triage:start", "answer"]
    assert spans[1].attributes["bot.state"] == "check_meeting_role"
    assert spans[2].attributes["bot.state"] == "check_auth_type"
    assert all(s.kind == trace.SpanKind.SERVER and s.attributes["bot.latency_ms"] > 0 for s in spans)
    assert all(s.status.is_ok and "bot.reference" not in s.attributes for s in spans)


async def test_nothing_exported_holds_what_was_written_or_who_wrote_it(user, exported):
    await user.say("troubleshoot for adele.vance@contoso.com please")
    dumped = " ".join(s.to_json() for s in exported[0].get_finished_spans())
    dumped += " ".join(line for _scope, line in exported_log_lines(exported))
    assert turn_spans(exported) and exported_log_lines(exported)
    for private in ("adele.vance@contoso.com", "troubleshoot", "Adele", "29:1adele", "a9a0c1e2-0000-4000-8000",
                    user.conversation_id, TENANT, BOT_ID, BOT_NAME):
        assert private not in dumped


async def test_a_failed_turn_is_an_error_span_with_the_code_the_user_was_given(aiohttp_client, settings, connector,
                                                                              sink, exported):
    for exporter in exported:
        exporter.clear()
    app = create_app(settings.with_(appinsights_connection_string=sink.connection_string), engine=ExplodingEngine())
    user = TeamsUser(await aiohttp_client(app), connector.url, connector)
    apology = await user.say("explode")
    [span] = turn_spans(exported)
    reference = span.attributes["bot.reference"]
    assert reference in apology[0]["text"]
    assert span.attributes["bot.outcome"] == "error" and span.status.status_code == trace.StatusCode.ERROR


async def test_a_turn_exports_no_span_or_metric_of_the_sdk_that_hosts_it(user, exported, sink):
    """The reply goes through the Bot Connector, where the Agents SDK opens spans holding the conversation id."""
    await user.post(user.bot_added())
    assert await user.say("I can't record my meeting"), "the reply did not reach the Bot Connector"
    spans = exported[0].get_finished_spans()
    assert [s.name for s in spans] == [SPAN_NAME, SPAN_NAME]
    assert {s.instrumentation_scope.name for s in spans} == {TRACER_NAME}
    assert all(s.parent is None for s in spans), "a turn span hangs under a span that is not exported"
    metrics.get_meter_provider().force_flush()
    exported_metrics = [m["name"] for e in sink.received("MetricData") for m in e["data"]["baseData"]["metrics"]]
    assert not [name for name in exported_metrics if name.startswith("agents.")], exported_metrics


async def test_the_bots_log_lines_are_exported_and_no_other_librarys(user, exported):
    await user.say("help")
    lines = exported_log_lines(exported)
    assert any(scope == "bot.turns" and line.startswith("turn conv=") for scope, line in lines)
    assert all(scope == LOGGER_NAME or scope.startswith(LOGGER_NAME + ".") for scope, _line in lines)


async def test_azure_monitor_receives_the_turns_as_requests_and_the_log_lines_as_traces(user, exported, sink):
    await user.say("I can't record my meeting")
    trace.get_tracer_provider().force_flush()
    _logs.get_logger_provider().force_flush()
    requests = [e for e in sink.received("RequestData") if e["data"]["baseData"]["name"] == SPAN_NAME]
    assert requests and all(e["iKey"] == INSTRUMENTATION_KEY for e in requests)
    assert requests[-1]["data"]["baseData"]["properties"]["bot.state"] == "check_meeting_role"  # the meeting understood
    messages = [e["data"]["baseData"]["message"] for e in sink.received("MessageData")]
    assert any(m.startswith("turn conv=") for m in messages)


def run_python(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """A fresh interpreter: this one has OpenTelemetry loaded already."""
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=REPO, env=clean,
                          capture_output=True, text=True, timeout=120)


def test_without_the_setting_a_served_turn_loads_nothing_of_opentelemetry(sdk):
    """The Agents SDK imports OpenTelemetry's API itself; no exporter is loaded and no provider is set all the same."""
    result = run_python(f"""
        import asyncio, json, sys
        from aiohttp.test_utils import TestClient, TestServer
        from bot.web.app import create_app
        from bot.settings import Settings

        async def one_turn():
            settings = Settings.from_env({{"BOT_STORAGE": "memory", "BOT_SDK": "{sdk}"}})
            async with TestClient(TestServer(create_app(settings), host="127.0.0.1")) as client:
                answer = await client.post("/api/messages", json={{
                    "type": "message", "text": "I can't record", "channelId": "msteams",
                    "deliveryMode": "expectReplies", "conversation": {{"id": "a:1"}}, "from": {{"id": "29:1"}},
                    "recipient": {{"id": "28:bot"}}, "serviceUrl": "https://smba.trafficmanager.net/amer/"}})
                return answer.status, len((await answer.json())["activities"])

        status, replies = asyncio.run(one_turn())
        loaded = [m for m in sys.modules if m.startswith(("opentelemetry", "azure.monitor"))]
        provider = type(sys.modules["opentelemetry.trace"].get_tracer_provider()).__name__ if loaded else None
        print(json.dumps({{"status": status, "replies": replies, "loaded": loaded, "provider": provider}}))
    """)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 200 and outcome["replies"] >= 1
    if sdk == "botbuilder":
        assert outcome["loaded"] == []
    else:
        assert not [m for m in outcome["loaded"] if m.startswith("azure.monitor")]
        assert outcome["provider"] == "ProxyTracerProvider", "something configured OpenTelemetry"


def test_a_connection_string_that_is_not_one_stops_the_bot_with_a_configuration_error(sdk):
    result = run_python(f"from bot.__main__ import main; raise SystemExit(main(['serve', '--port', '{free_port()}']))",
                        {"APPLICATIONINSIGHTS_CONNECTION_STRING": "copied-the-wrong-field", "BOT_STORAGE": "memory",
                         "HOST": "127.0.0.1", "BOT_SDK": sdk})
    assert result.returncode == 2
    assert "configuration error: APPLICATIONINSIGHTS_CONNECTION_STRING is not a valid" in result.stderr
    assert "copied-the-wrong-field" not in result.stderr and "Traceback" not in result.stderr


def test_the_setting_without_the_azure_extra_says_what_to_install(sdk):
    result = run_python(f"""
        import sys
        sys.modules["azure.monitor.opentelemetry"] = None  # as on an install without the [azure] extra
        from bot.__main__ import main
        raise SystemExit(main(["serve", "--port", "{free_port()}"]))
    """, {"APPLICATIONINSIGHTS_CONNECTION_STRING": "InstrumentationKey=" + INSTRUMENTATION_KEY,
          "BOT_STORAGE": "memory", "HOST": "127.0.0.1", "BOT_SDK": sdk})
    assert result.returncode == 2
    assert "pip install 'recording-troubleshooter[azure]'" in result.stderr and "Traceback" not in result.stderr
