"""What every SDK host offers the app, and what they share: the turn log line, the span, reference codes. SDK-free.

A host turns a checked request body into a turn on its SDK's adapter: it
authenticates the request (before the activity is parsed into models), runs
the :class:`~bot.hosts.conversation.Troubleshooter` on it and says what to answer
over HTTP. ``Settings.sdk`` picks the host; only the chosen SDK is imported.
"""
from __future__ import annotations

import asyncio
import importlib
import importlib.util
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Protocol, TypeVar

from dialogs.engine import Engine

from bot.hosts.activities import conversation_hash, is_empty
from bot.hosts.conversation import Troubleshooter, TurnInfo
from bot.hosts.delivery import ReplyDelivery
from bot.logs import FIELDS
from bot.settings import Settings, SettingsError
from bot.storage.base import StateStore
from bot.hosts.teams_context import Bearer
from bot.errors import AuthenticationFailed, BadRequest, DependencyUnavailable, ReplyNotDelivered

turn_log = logging.getLogger("bot.turns")
T = TypeVar("T")
TURN_INFO = "troubleshooter.turn"

HOST_MODULES = {"botbuilder": "bot.hosts.botbuilder", "agents": "bot.hosts.agents"}
TOKEN_THREADS = 4  # tokens are cached for an hour: a few threads serve any rate; more would only wait longer


@dataclass(frozen=True)
class HostResponse:
    status: int
    body: Any = None


class Host(Protocol):
    async def authenticate(self, body: dict, auth_header: str) -> Any:
        """What the token vouches for; raises ``BadRequest`` (401, or 503 when the keys cannot be fetched)."""

    async def handle(self, body: dict, auth: Any) -> HostResponse:
        """Run one authenticated, structurally checked activity; raises ``BadRequest`` for what the SDK rejects."""

    async def close(self) -> None:
        """Release threads and HTTP sessions."""

    delivery: ReplyDelivery
    """Posts the replies (both hosts share :class:`ReplyDelivery`); the app stops it first on shutdown."""


async def open_host(settings: Settings, engine: Engine, store: StateStore) -> Host:
    """The host ``settings.sdk`` names, built once per process: its clients are reused between turns."""
    module = importlib.import_module(HOST_MODULES[settings.sdk])
    return await module.open_host(settings, engine, store)


def turn_info(context: Any) -> TurnInfo:
    """This turn's :class:`TurnInfo`, kept in the turn context's ``turn_state`` (both SDKs' contexts have one)."""
    info = context.turn_state.get(TURN_INFO)
    if info is None:
        info = context.turn_state[TURN_INFO] = TurnInfo()
    return info


async def send_replies(context: Any, replies: list, to_activity: Callable[[Any], Any]) -> None:
    """The engine's non-empty replies, as the SDK's activities, in one send."""
    outgoing = [to_activity(r) for r in replies if not is_empty(r)]
    if outgoing:
        await context.send_activities(outgoing)


async def answer_turn(context: Any, troubleshooter: Troubleshooter, to_activity: Callable[[Any], Any],
                      invoke_response: Callable[[dict | None], Any], bearer: Bearer | None = None) -> None:
    """The troubleshooter's replies to this activity, sent; an invoke's answer as the SDK expects it.

    ``bearer`` gets the bot's Bot Connector token (the one its replies carry), for
    reading what Teams knows about a message's sender and meeting.

    Replies that cannot be delivered (the Bot Connector did not take them, or no
    token could be had for them) leave the conversation marked, so that the next
    turn says the pending question again (then the turn error logs one line).
    """
    info, activity = turn_info(context), context.activity
    try:
        if activity.type == "invoke":
            body, replies = await troubleshooter.on_invoke(activity, info)
            await send_replies(context, replies, to_activity)
            await context.send_activity(invoke_response(body))
        else:
            await send_replies(context, await troubleshooter.on_activity(activity, info, bearer), to_activity)
    except (ReplyNotDelivered, DependencyUnavailable):
        await troubleshooter.undelivered(activity)
        raise


def reply_deadline(context: Any, delivery: ReplyDelivery) -> float:
    """When this turn's replies stop being retried: the reply budget, counted from the turn's first send."""
    info = turn_info(context)
    if info.reply_deadline is None:
        info.reply_deadline = delivery.deadline()
    return info.reply_deadline


async def recover_from_turn_error(context: Any, error: Exception, engine: Engine,
                                  delivery_errors: tuple[type[BaseException], ...], to_activity: Callable[[Any], Any],
                                  invoke_response: Callable[[dict | None], Any]) -> None:
    """Log the code with the traceback, tell the user the code; the saved session stays as it was.

    The SDKs' samples delete the conversation state here (botbuilder) or send the
    exception's text to the user (the Agents SDK). A reply the channel would not
    take (``delivery_errors``) is one log line; with no token for it, the caller
    gets a 503 to retry, since no apology can be sent either.
    """
    info = turn_info(context)
    info.reference = info.reference or new_reference()
    if isinstance(error, DependencyUnavailable):  # said once where it happened; the caller answers 503
        info.outcome = "undelivered"
        raise error
    if isinstance(error, (*delivery_errors, ReplyNotDelivered, ConnectionError, PermissionError)):
        log_undelivered(context.activity, info, cause_of(error))
        return
    log_failed_turn(context.activity, info, error)
    if context.activity.type not in ("message", "invoke"):
        return
    try:
        if context.activity.type == "invoke":
            await context.send_activity(invoke_response(failed_invoke_body(info.reference)))
        await context.send_activity(to_activity(engine.apology(info.reference)))
    except Exception as send_error:  # the channel is down too: the log has everything
        logging.getLogger("bot.adapter").error("could not send the apology ref=%s: %s", info.reference,
                                               cause_of(send_error))


async def replies_delivered(processing: Awaitable[T]) -> T:
    """The turn's result; a token service that is down as the 503 both hosts give (the reply was not sent).

    Raises:
        BadRequest: 503 when the reply could not be sent because the token service is unavailable.
    """
    try:
        return await processing
    except DependencyUnavailable as outage:
        raise BadRequest(503, outage.code, f"{outage.reason}; the reply was not sent, try again shortly",
                         headers={"Retry-After": "10"}) from None


async def observe_turn(activity: Any, info: TurnInfo, logic: Callable[[], Awaitable], tracer: Any = None) -> None:
    """Run a turn inside its telemetry span (when on), then write its one INFO line: never what anyone wrote."""
    if tracer is not None:
        from bot.telemetry import traced_turn
        return await traced_turn(tracer, activity.type, info, lambda: observe_turn(activity, info, logic))
    started = time.perf_counter()
    try:
        await logic()
    except asyncio.CancelledError:  # the server stopping under it: whatever it had done, it did not finish
        info.outcome = "cancelled"
        raise
    except Exception:
        info.outcome, info.reference = "error", new_reference()
        raise
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        conversation = conversation_hash(activity)
        turn_log.info("turn conv=%s type=%s state=%s outcome=%s%s ms=%.1f",
                      conversation, activity.type, info.state,
                      info.outcome, f" ref={info.reference}" if info.reference else "", elapsed,
                      extra={FIELDS: {"event": "turn", "conv": conversation, "type": activity.type,
                                      "state": info.state, "outcome": info.outcome,
                                      "ref": info.reference or None, "ms": round(elapsed, 1)}})


async def checked_identity(authenticating: Awaitable[T]) -> T:
    """What the token vouches for; a failure as the HTTP answer both hosts give.

    Raises:
        BadRequest: 401 for a missing or invalid token, 503 when the signing keys cannot be fetched.
    """
    try:
        return await authenticating
    except AuthenticationFailed as failure:
        raise BadRequest(401, "unauthorized", str(failure), cause=failure.cause,
                         headers={"WWW-Authenticate": "Bearer"}) from None
    except DependencyUnavailable as outage:
        raise BadRequest(503, outage.code, f"{outage.reason}; try again shortly",
                         headers={"Retry-After": "10"}) from None


def new_reference() -> str:
    """A code short enough to read over the phone, unique enough to find one line in the logs."""
    return secrets.token_hex(4).upper()


def failed_invoke_body(reference: str) -> dict:
    """Universal Actions' error answer, sent over HTTP 200 (the SDKs would answer a failed invoke with 501)."""
    return {"statusCode": 500, "type": "application/vnd.microsoft.error",
            "value": {"code": "TurnFailed", "message": f"Something went wrong (reference {reference})."}}


def log_undelivered(activity: Any, info: TurnInfo, cause: str) -> None:
    """The channel's outage, not our bug: one line with the reference and cause, no traceback."""
    logging.getLogger("bot.adapter").error(
        "reply not delivered ref=%s conv=%s cause=%s", info.reference, conversation_hash(activity), cause,
        extra={FIELDS: {"event": "undelivered", "ref": info.reference, "cause": cause}})
    info.outcome = "undelivered"


def cause_of(error: BaseException) -> str:
    """What went wrong, in a few words, without the URL or response body (they can carry ids).

    The HTTP status is where each SDK's client puts it: msrest's ``response.status_code``, aiohttp's ``status``;
    :class:`ReplyNotDelivered` says it in its ``cause``.
    """
    if isinstance(error, ReplyNotDelivered):
        return f"{type(error).__name__}: {error.cause}"
    status = getattr(getattr(error, "response", None), "status_code", None) or getattr(error, "status", None)
    return f"{type(error).__name__}{f' HTTP {status}' if isinstance(status, int) else ''}"


def log_failed_turn(activity: Any, info: TurnInfo, error: BaseException) -> None:
    logging.getLogger("bot.adapter").error("turn failed ref=%s conv=%s", info.reference, conversation_hash(activity),
                                           exc_info=(type(error), error, error.__traceback__))


def require_sdk(settings: Settings) -> None:
    """Fail at start, naming the fix, when the chosen SDK is not installed.

    Raises:
        SettingsError: ``BOT_SDK=agents`` (or ``--sdk agents``) without the ``[agents]`` extra.
    """
    if settings.sdk == "agents" and not _installed("microsoft_agents.hosting.core"):
        raise SettingsError("BOT_SDK=agents needs the Microsoft 365 Agents SDK: "
                            "pip install 'recording-troubleshooter[agents]'")


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # a parent package is missing
        return False
