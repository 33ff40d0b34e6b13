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

from botbuilder.core import Bot, BotAdapter, InvokeResponse, Middleware, TurnContext
from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, DeliveryModes
from botframework.connector.auth import AuthenticateRequestResult, MicrosoftAppCredentials
from msal import ConfidentialClientApplication
from msrest.exceptions import ClientRequestError, HttpOperationError
from msrest.serialization import Model

from dialogs.engine import Engine

from .activities import conversation_hash, reply_activity, to_wire
from .auth import AuthenticationFailed, ReusingAuthentication
from .executors import BoundedExecutor, DependencyUnavailable
from .logs import FIELDS
from .middlewares import BadRequest
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
            conversation = conversation_hash(context.activity)
            turn_log.info("turn conv=%s type=%s state=%s outcome=%s%s ms=%.1f",
                          conversation, context.activity.type, info.state,
                          info.outcome, f" ref={info.reference}" if info.reference else "", elapsed,
                          extra={FIELDS: {"event": "turn", "conv": conversation, "type": context.activity.type,
                                          "state": info.state, "outcome": info.outcome,
                                          "ref": info.reference or None, "ms": round(elapsed, 1)}})


class TeamsAdapter(CloudAdapter):
    """Runs turns for a parsed activity and says what to answer over HTTP."""

    def __init__(self, auth: ReusingAuthentication, engine: Engine, token_service: BoundedExecutor,
                 telemetry: Middleware | None = None):
        super().__init__(auth)
        self.engine = engine
        self.token_service = token_service
        if telemetry is not None:  # outside the turn logger, so its span sees the outcome and reference
            self.use(telemetry)
        self.use(TurnLogger())
        self.on_turn_error = self._on_turn_error

    async def send_activities(self, context: TurnContext, activities: list[Activity]):
        """Get the token for the Bot Connector on the token-service threads first, within their time limit.

        msrest asks the credentials for a token synchronously, on the event loop,
        with no timeout: a hung token endpoint would freeze every conversation and
        the probes. Acquired here, the token is in MSAL's cache when msrest asks.
        """
        if any(a.type not in LOCAL_TYPES for a in activities):
            credentials = _credentials(context)
            if credentials is not None:
                await self.token_service.run(lambda: acquire_token(credentials, self.token_service.timeout))
        return await super().send_activities(context, activities)

    async def authenticate(self, body: dict, auth_header: str) -> AuthenticateRequestResult:
        """Check the token before the activity is parsed into models: an unauthenticated request costs little.

        Raises:
            BadRequest: 401 for a missing or invalid token, 503 when the signing keys cannot be fetched.
        """
        try:
            return await self.bot_framework_authentication.authenticate(
                _text(body.get("serviceUrl")), _text(body.get("channelId")), auth_header)
        except AuthenticationFailed as failure:
            raise BadRequest(401, "unauthorized", str(failure), cause=failure.cause,
                             headers={"WWW-Authenticate": "Bearer"}) from None
        except DependencyUnavailable as outage:
            raise BadRequest(503, outage.code, f"{outage.reason}; try again shortly",
                             headers={"Retry-After": "10"}) from None

    async def handle(self, activity: Activity, auth: AuthenticateRequestResult, bot: Bot) -> HostResponse:
        """Run one authenticated activity; an ``expectReplies`` caller gets the replies in the answer.

        Raises:
            BadRequest: 503 when the reply could not be sent because the token service is unavailable.
        """
        try:
            invoke_response = await self.process_activity(auth, activity, bot.on_turn)
        except DependencyUnavailable as outage:
            raise BadRequest(503, outage.code, f"{outage.reason}; the reply was not sent, try again shortly",
                             headers={"Retry-After": "10"}) from None
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
        if _is_delivery_failure(error):  # the channel's outage, not our bug: one line, no traceback
            log.error("reply not delivered ref=%s conv=%s cause=%s", info.reference,
                      conversation_hash(context.activity), _cause(error),
                      extra={FIELDS: {"event": "undelivered", "ref": info.reference, "cause": _cause(error)}})
            info.outcome = "undelivered"
            if isinstance(error, DependencyUnavailable):
                raise error  # no way to apologise either: the caller gets a 503 to retry
            return
        log.error("turn failed ref=%s conv=%s", info.reference, conversation_hash(context.activity),
                  exc_info=(type(error), error, error.__traceback__))
        if context.activity.type not in ("message", "invoke"):
            return
        try:
            if context.activity.type == "invoke":
                await context.send_activity(_failed_invoke(info.reference))
            await context.send_activity(reply_activity(self.engine.apology(info.reference)))
        except Exception as send_error:  # the channel is down too: the log has everything
            log.error("could not send the apology ref=%s: %s", info.reference, _cause(send_error))


LOCAL_TYPES = (ActivityTypes.invoke_response, ActivityTypes.trace, "delay")  # kept in this process, never posted


def _credentials(context: TurnContext):
    """The credentials this turn's replies go out with, when they need a token at all (not in anonymous mode)."""
    client = context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)
    credentials = getattr(getattr(client, "config", None), "credentials", None)
    return credentials if getattr(credentials, "microsoft_app_id", None) else None


def acquire_token(credentials, timeout: float) -> None:
    """Put a token for these credentials in MSAL's cache, every HTTP call bounded by ``timeout``.

    The SDK builds its MSAL client without a timeout (and without its own
    ``validate_authority``) when it first needs one; building it here first, the
    same way plus those two, is what bounds each call. Runs on a worker thread.
    """
    if isinstance(credentials, MicrosoftAppCredentials) and credentials.app is None:
        validate = getattr(credentials, "validate_authority", True)
        credentials.app = ConfidentialClientApplication(
            client_id=credentials.microsoft_app_id, client_credential=credentials.microsoft_app_password,
            authority=credentials.oauth_endpoint, validate_authority=validate, instance_discovery=validate,
            timeout=timeout)
    credentials.get_access_token()


def _is_delivery_failure(error: BaseException) -> bool:
    """The Bot Connector could not be reached or refused the reply, or no token could be had for it."""
    return isinstance(error, (ClientRequestError, HttpOperationError, ConnectionError, DependencyUnavailable,
                              PermissionError))


def _cause(error: BaseException) -> str:
    """What went wrong, in a few words, without the URL or response body (they can carry ids)."""
    status = getattr(getattr(error, "response", None), "status_code", None)
    return f"{type(error).__name__}{f' HTTP {status}' if status else ''}"


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


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
