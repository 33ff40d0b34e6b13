"""Application Insights: a span per turn and the bot's logs, through OpenTelemetry.

Off unless ``APPLICATIONINSIGHTS_CONNECTION_STRING`` is set. Only then is the
``azure-monitor-opentelemetry`` distro (the optional ``[azure]`` extra)
imported and configured, and only then does the host get a tracer for
:func:`traced_turn`: without the setting, a turn runs exactly
the code it ran before, and nothing of OpenTelemetry is loaded.

A span says what the turn did and how long it took: activity type, state,
outcome, latency and, for a failed turn, the reference code the user was
shown. It never holds message text or any identifier (conversation, user,
tenant): the same rule as the per-turn log line, which is exported too.

Libraries that trace themselves are kept out by instrumentation scope: the
Microsoft 365 Agents SDK opens spans of its own (sending, connector calls)
whose attributes carry raw conversation and activity ids, and records metrics.
Its tracer is disabled through the tracer provider's tracer configurator (the
OpenTelemetry SDK's implementation of the specification's ``TracerConfig``:
a disabled tracer hands out non-recording spans), and its meter is dropped by
a metric ``View``. Either host then exports the same: our span per turn and
our log lines.
"""
from __future__ import annotations

import time
from typing import Any, Awaitable, Callable

from bot.hosts.conversation import TurnInfo
from bot.settings import Settings, SettingsError

VARIABLE = "APPLICATIONINSIGHTS_CONNECTION_STRING"
TRACER_NAME = "recording_troubleshooter"
SPAN_NAME = "bot turn"
LOGGER_NAME = "bot"  # the bot's own loggers (bot.turns, bot.adapter...), not botbuilder's or Azure SDK's
INSTALL = "pip install 'recording-troubleshooter[azure]'"
# The distro would trace every outbound HTTP call; their URLs carry conversation ids
# (Bot Connector replies, blob names), so those spans stay off. A turn's span covers their time.
UNTRACED_LIBRARIES = ("azure_sdk", "requests", "urllib", "urllib3", "httpx")
# Libraries that create their own spans and metrics, by instrumentation scope (tracer and meter name).
UNEXPORTED_SCOPES = ("microsoft_agents",)  # the Agents SDK: its span attributes hold conversation and activity ids


async def traced_turn(tracer: Any, activity_type: Any, info: TurnInfo, logic: Callable[[], Awaitable]) -> None:
    """One span per turn, current while the turn runs (so spans a handler might add nest under it)."""
    from opentelemetry import trace  # loaded by start_telemetry already: a dictionary look-up

    span = tracer.start_span(SPAN_NAME, kind=trace.SpanKind.SERVER,
                             attributes={"bot.activity_type": str(activity_type)})
    started = time.perf_counter()
    try:
        with trace.use_span(span, record_exception=False, set_status_on_exception=False):
            await logic()
    finally:
        _finish(span, info, (time.perf_counter() - started) * 1000)


def _finish(span: Any, info: TurnInfo, elapsed_ms: float) -> None:
    """What the turn logger wrote for this turn, as attributes; the turn logger ran inside this span."""
    from opentelemetry.trace import Status, StatusCode

    span.set_attributes({"bot.state": info.state, "bot.outcome": info.outcome,
                         "bot.latency_ms": round(elapsed_ms, 2)})
    if info.reference:
        span.set_attribute("bot.reference", info.reference)
    if info.outcome == "error":
        span.set_status(Status(StatusCode.ERROR, f"turn failed, reference {info.reference}"))
    span.end()


def start_telemetry(settings: Settings) -> Any:
    """Configure the Azure Monitor distro once per process and return the tracer for turns; None when off.

    Raises:
        SettingsError: the setting is there but the ``[azure]`` extra is not, or the
            connection string is not one (its value is never repeated: it names the resource).
    """
    if not settings.appinsights_connection_string:
        return None
    try:
        from azure.monitor.opentelemetry import configure_azure_monitor
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider
    except ImportError:
        raise SettingsError(f"{VARIABLE} is set but the Azure Monitor libraries are not installed: {INSTALL}") from None
    if not isinstance(trace.get_tracer_provider(), TracerProvider):  # OpenTelemetry's providers are per process
        try:
            configure_azure_monitor(
                connection_string=settings.appinsights_connection_string, logger_name=LOGGER_NAME,
                enable_live_metrics=False,
                instrumentation_options={name: {"enabled": False} for name in UNTRACED_LIBRARIES},
                views=_dropped_meters())
        except ValueError as error:
            raise SettingsError(f"{VARIABLE} is not a valid Application Insights connection string ({error}); "
                                "copy it from the resource's Overview page") from None
        _disable_tracers(trace.get_tracer_provider())
    return trace.get_tracer(TRACER_NAME)


def _dropped_meters() -> list:
    from opentelemetry.sdk.metrics.view import DropAggregation, View

    return [View(meter_name=scope, aggregation=DropAggregation()) for scope in UNEXPORTED_SCOPES]


def _disable_tracers(provider: Any) -> None:
    """Tracers of ``UNEXPORTED_SCOPES`` (and their sub-scopes) start non-recording spans; others record as before.

    Applies to tracers already handed out too: the Agents SDK takes its own when it is imported.
    The configurator is still experimental in OpenTelemetry, hence its underscore; the pinned
    distro holds the SDK at 1.45.x, and test_telemetry fails should an SDK span get through.
    """
    from opentelemetry.sdk.trace import _TracerConfig

    def configure(scope) -> _TracerConfig:
        unexported = scope.name in UNEXPORTED_SCOPES or scope.name.startswith(
            tuple(name + "." for name in UNEXPORTED_SCOPES))
        return _TracerConfig(is_enabled=not unexported)

    provider._set_tracer_configurator(tracer_configurator=configure)
