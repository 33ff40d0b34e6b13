"""CloudAdapter, with the HTTP answers botbuilder 4.17.1 gets wrong done here, and turn errors that keep state.

``CloudAdapter.process`` re-serializes the already serialized body of an
``expectReplies`` answer (a 500), and maps a missing Content-Type to 404 and
malformed JSON to 500. The body checks live in ``middlewares``; this adapter
takes a parsed activity and returns a status and a JSON-able body.
"""
from __future__ import annotations

import logging
import re
from typing import Any

from botbuilder.core import BotAdapter, InvokeResponse, Middleware, TurnContext
from botbuilder.core.serializer_helper import serializer_helper
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, ActivityTypes, DeliveryModes, ResourceResponse
from botframework.connector.auth import (AuthenticateRequestResult, ManagedIdentityAppCredentials,
                                         MicrosoftAppCredentials)
from msal import ConfidentialClientApplication
from msrest.exceptions import ClientRequestError, HttpOperationError
from msrest.serialization import Model

from dialogs.engine import Engine

from bot.hosts.conversation import Troubleshooter
from bot.hosts.delivery import ReplyDelivery
from bot.identity.executors import BoundedExecutor
from bot.hosts.turn import (HostResponse, answer_turn, checked_identity, observe_turn, recover_from_turn_error,
                    replies_delivered, reply_deadline, turn_info)
from bot.identity.managed import managed_identity_client, managed_identity_token
from bot.web.middlewares import check_answerable
from bot.outbound import outbound_requests_session
from bot.settings import Settings
from bot.hosts.botbuilder.auth import ReusingAuthentication
from bot.hosts.botbuilder.wire import from_wire, reply_activity, to_wire
from bot.errors import BadRequest, DependencyUnavailable



class TurnObserver(Middleware):
    """The shared turn log line (and span, when telemetry is on) around each turn."""

    def __init__(self, tracer: Any = None):
        self.tracer = tracer

    async def on_turn(self, context: TurnContext, logic):
        await observe_turn(context.activity, turn_info(context), logic, self.tracer)


class TeamsAdapter(CloudAdapter):
    """Runs turns for a parsed activity and says what to answer over HTTP."""

    def __init__(self, settings: Settings, auth: ReusingAuthentication, troubleshooter: Troubleshooter,
                 token_service: BoundedExecutor, tracer: Any = None):
        super().__init__(auth)
        self.settings = settings
        self.troubleshooter = troubleshooter
        self.engine: Engine = troubleshooter.engine
        self.token_service = token_service
        self.delivery = ReplyDelivery(settings)
        self.use(TurnObserver(tracer))
        self.on_turn_error = self._on_turn_error

    async def close(self) -> None:
        await self.troubleshooter.close()
        self.token_service.shutdown()
        await self.delivery.close()

    async def send_activities(self, context: TurnContext, activities: list[Activity]) -> list[ResourceResponse]:
        """Post the replies through :class:`~bot.hosts.delivery.ReplyDelivery`, with a token got off the event loop.

        The SDK posts through msrest: requests on asyncio's default thread pool,
        no timeout, no retry of a throttled reply, and a token asked for
        synchronously on the event loop (a hung token endpoint would freeze every
        conversation). Here the token comes from the token-service threads within
        their time limit, and the POST from the shared delivery. Activities that
        stay in this process (the invoke response, traces) go to the SDK as before.
        """
        responses, token, have_token = [], None, False
        for activity in activities:
            if activity.type in LOCAL_TYPES:
                responses += await super().send_activities(context, [activity])
                continue
            if not have_token:
                token, have_token = await self.connector_token(context), True
            activity.id = None
            answer = await self.delivery.post(activity.service_url, activity.conversation.id, activity.reply_to_id,
                                              to_wire(activity), token, reply_deadline(context, self.delivery))
            responses.append(ResourceResponse(id=answer.get("id") or ""))
        return responses

    async def authenticate(self, body: dict, auth_header: str) -> AuthenticateRequestResult:
        """Check the token before the activity is parsed into models: an unauthenticated request costs little.

        Raises:
            BadRequest: 401 for a missing or invalid token, 503 when the signing keys cannot be fetched.
        """
        return await checked_identity(self.bot_framework_authentication.authenticate(
            _text(body.get("serviceUrl")), _text(body.get("channelId")), auth_header))

    async def handle(self, body: dict, auth: AuthenticateRequestResult) -> HostResponse:
        """Run one authenticated activity; an ``expectReplies`` caller gets the replies in the answer.

        Raises:
            BadRequest: 400 for an activity the schema rejects; 503 when the reply could not be sent
                because the token service is unavailable.
        """
        invoke_response = await replies_delivered(self.process_activity(auth, activity_from(body), self._turn))
        if invoke_response is None:
            return HostResponse(200)
        body = invoke_response.body
        return HostResponse(invoke_response.status, serializer_helper(body) if isinstance(body, Model) else body)

    async def _turn(self, context: TurnContext) -> None:
        await self._token_first(context)
        await answer_turn(context, self.troubleshooter, reply_activity, _invoke_response,
                          lambda: self.connector_token(context))

    async def connector_token(self, context: TurnContext) -> str | None:
        """The token this turn's replies carry (None in local anonymous mode): the one :meth:`_token_first` got,
        else got now on the token-service threads, within their time limit (MSAL caches it).

        Raises:
            DependencyUnavailable: the token service is slow, down or refused the credentials.
        """
        if TOKEN in context.turn_state:
            return context.turn_state[TOKEN]
        credentials = _credentials(context)
        if credentials is None:
            return None
        return await self.token_service.run(lambda: acquire_token(credentials, self.settings,
                                                                  self.token_service.timeout))

    async def _token_first(self, context: TurnContext) -> None:
        """The bot's token for its replies, before the turn saves anything (as the Agents host gets it).

        Got only when sending, after the answer was saved, a slow token endpoint
        meant a 503 for a turn already applied: Teams' redelivery then applied it
        again (a typed answer recorded for the next question too). A 503 now
        means nothing happened, and the redelivery is the turn. The token is kept
        for the turn: its replies (:meth:`send_activities`) and reads from Teams
        need no second hop.
        """
        if not delivers_in_response(context.activity) and _credentials(context) is not None:
            context.turn_state[TOKEN] = await self.connector_token(context)

    def _process_turn_results(self, context: TurnContext) -> InvokeResponse | None:
        """The replies of an ``expectReplies`` turn as plain JSON, serialized once, by :func:`to_wire`."""
        if context.activity.delivery_mode == DeliveryModes.expect_replies:
            return InvokeResponse(status=200, body={
                "activities": [to_wire(a) for a in context.buffered_reply_activities]})
        return super()._process_turn_results(context)

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        await recover_from_turn_error(context, error, self.troubleshooter.engine, DELIVERY_ERRORS, reply_activity,
                                      _invoke_response)


log = logging.getLogger(__name__)
# How botframework words MSAL's refusal in the PermissionError it raises; only the error code is logged.
_REFUSAL = re.compile(r"with error: ([\w.-]+)")

DELIVERY_ERRORS = (ClientRequestError, HttpOperationError)  # msrest's: the Bot Connector refused or was not reached
LOCAL_TYPES = (ActivityTypes.invoke_response, ActivityTypes.trace, "delay")  # kept in this process, never posted
TOKEN = "troubleshooter.token"  # this turn's token, got before the turn saved anything: sending needs no second hop


def _credentials(context: TurnContext):
    """The credentials this turn's replies go out with, when they need a token at all (not in anonymous mode)."""
    client = context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)
    credentials = getattr(getattr(client, "config", None), "credentials", None)
    return credentials if getattr(credentials, "microsoft_app_id", None) else None


def acquire_token(credentials, settings: Settings, timeout: float) -> str:
    """A token for these credentials (MSAL caches it), every HTTP call bounded by ``timeout``.

    The SDK builds its MSAL client without a timeout (and, for a client secret,
    without its own ``validate_authority``) when it first needs one; building it
    here first, the same way plus those, is what bounds each call. Credentials
    the token service refuses are a 503, as on the Agents host (the SDK would
    raise a PermissionError for a secret, a KeyError for a managed identity).
    MSAL's HTTP calls go through the proxy and trust the CA bundle
    (:func:`bot.outbound.outbound_requests_session`). Runs on a worker thread.

    Raises:
        DependencyUnavailable: the token service or managed identity endpoint is unreachable or refused.
    """
    if isinstance(credentials, ManagedIdentityAppCredentials):
        if credentials.app is None:
            credentials.app = managed_identity_client(credentials.microsoft_app_id, settings, timeout,
                                                      ManagedIdentityAppCredentials.global_token_cache)
        return managed_identity_token(credentials.app, credentials.oauth_scope)
    if isinstance(credentials, MicrosoftAppCredentials) and credentials.app is None:
        validate = getattr(credentials, "validate_authority", True)
        credentials.app = ConfidentialClientApplication(
            client_id=credentials.microsoft_app_id, client_credential=credentials.microsoft_app_password,
            authority=credentials.oauth_endpoint, validate_authority=validate, instance_discovery=validate,
            timeout=timeout, http_client=outbound_requests_session(settings, timeout))
    try:
        return credentials.get_access_token()
    except PermissionError as refusal:  # botframework's word for "MSAL got an error, not a token"
        code = _REFUSAL.search(str(refusal))
        log.error("no token for the Bot Connector: %s", code.group(1) if code else "unknown error")
        raise DependencyUnavailable("token_service_refused", "the token service refused the bot's credentials") \
            from None


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def delivers_in_response(activity: Activity) -> bool:
    return activity.delivery_mode == DeliveryModes.expect_replies


def _invoke_response(body: dict | None) -> Activity:
    return Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body))


def activity_from(body: dict) -> Activity:
    """The Activity a body describes, or a 400 naming what is missing for the bot to answer it."""
    try:
        activity = from_wire(body)
    except Exception:  # msrest (from_wire leaves it a refused body) raises several kinds, quoting the value
        raise BadRequest(400, "invalid_activity",
                         f"the activity does not match the Bot Framework schema (at {_where(body)!r})") from None
    check_answerable(activity.channel_id, activity.conversation and activity.conversation.id,
                     activity.service_url, delivers_in_response(activity))
    return activity


def _where(body: dict) -> str:
    """The field msrest refused, as the Agents host names it (``conversation.isGroup``), never its value.

    msrest's message quotes the value and its own exception; the field is found
    by deserializing the body's fields one at a time (only for a refused body).
    """
    for key, value in body.items():
        if _refused({key: value}):
            inner = next((sub for sub, item in value.items() if _refused({key: {sub: item}})), None) \
                if isinstance(value, dict) else None
            return f"{key}.{inner}" if inner else key
    return "?"


def _refused(fields: dict) -> bool:
    try:
        Activity().deserialize(fields)
    except Exception:
        return True
    return False
