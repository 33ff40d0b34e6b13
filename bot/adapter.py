"""CloudAdapter, with the HTTP answers botbuilder 4.17.1 gets wrong done here, and turn errors that keep state.

``CloudAdapter.process`` re-serializes the already serialized body of an
``expectReplies`` answer (a 500), and maps a missing Content-Type to 404 and
malformed JSON to 500. The body checks live in ``middlewares``; this adapter
takes a parsed activity and returns a status and a JSON-able body.
"""
from __future__ import annotations

import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from botbuilder.core import Bot, InvokeResponse, Middleware, TurnContext
from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, DeliveryModes
from msrest.serialization import Model

from dialogs.engine import Engine

from .activities import conversation_hash, reply_activity, to_wire
from .auth import AuthenticationFailed, ReusingAuthentication
from .teams_bot import turn_info

log = logging.getLogger(__name__)
turn_log = logging.getLogger("bot.turns")


@dataclass(frozen=True)
class HostResponse:
    status: int
    body: Any = None


class TurnLogger(Middleware):
    """One INFO line per turn: hashed conversation, state, outcome, latency. Never what anyone wrote."""

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]):
        started = time.perf_counter()
        info = turn_info(context)
        try:
            await logic()
        except Exception:
            info.outcome, info.reference = "error", new_reference()
            raise
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            turn_log.info("turn conv=%s type=%s state=%s outcome=%s%s ms=%.1f",
                          conversation_hash(context.activity), context.activity.type, info.state,
                          info.outcome, f" ref={info.reference}" if info.reference else "", elapsed)


class TeamsAdapter(CloudAdapter):
    """Runs turns for a parsed activity and says what to answer over HTTP."""

    def __init__(self, auth: ReusingAuthentication, engine: Engine, telemetry: Middleware | None = None):
        super().__init__(auth)
        self.engine = engine
        if telemetry is not None:  # outside the turn logger, so its span sees the outcome and reference
            self.use(telemetry)
        self.use(TurnLogger())
        self.on_turn_error = self._on_turn_error

    async def handle(self, activity: Activity, auth_header: str, bot: Bot) -> HostResponse:
        """Authenticate and run one activity; an ``expectReplies`` caller gets the replies in the answer."""
        try:
            invoke_response = await self.process_activity(auth_header, activity, bot.on_turn)
        except AuthenticationFailed as failure:
            return HostResponse(401, {"error": "unauthorized", "reason": str(failure)})
        if invoke_response is None:
            return HostResponse(200)
        body = invoke_response.body
        return HostResponse(invoke_response.status, serializer_helper(body) if isinstance(body, Model) else body)

    def _process_turn_results(self, context: TurnContext) -> InvokeResponse | None:
        """The replies of an ``expectReplies`` turn as plain JSON, serialized once, by :func:`to_wire`."""
        if context.activity.delivery_mode == DeliveryModes.expect_replies:
            return InvokeResponse(status=200, body={
                "activities": [to_wire(a) for a in context.buffered_reply_activities]})
        return super()._process_turn_results(context)

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        """Log the code with the traceback, tell the user the code; the saved session stays as it was.

        The SDK samples delete the conversation state here, which throws away a
        troubleshooting session half done because of one bad turn.
        """
        info = turn_info(context)
        info.reference = info.reference or new_reference()
        log.error("turn failed ref=%s conv=%s", info.reference, conversation_hash(context.activity),
                  exc_info=(type(error), error, error.__traceback__))
        if context.activity.type not in ("message", "invoke"):
            return
        try:
            if context.activity.type == "invoke":
                await context.send_activity(_failed_invoke(info.reference))
            await context.send_activity(reply_activity(self.engine.apology(info.reference)))
        except Exception as send_error:  # the channel is down too: the log has everything
            log.error("could not send the apology ref=%s: %s", info.reference, type(send_error).__name__)


def new_reference() -> str:
    """A code short enough to read over the phone, unique enough to find one line in the logs."""
    return secrets.token_hex(4).upper()


def delivers_in_response(activity: Activity) -> bool:
    return activity.delivery_mode == DeliveryModes.expect_replies


def _failed_invoke(reference: str) -> Activity:
    """Universal Actions' error answer, over HTTP 200 (the SDK would answer a failed invoke with 501)."""
    body = {"statusCode": 500, "type": "application/vnd.microsoft.error",
            "value": {"code": "TurnFailed", "message": f"Something went wrong (reference {reference})."}}
    return Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body))
