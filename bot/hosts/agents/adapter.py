"""The Agents SDK's ``ChannelServiceAdapter`` running our turns, with what its quickstart gets wrong done right.

Used as its quickstart shows, ``CloudAdapter.process`` answers a JSON array or
wrongly typed fields with a 500 (its schema check is outside its try), opens a
new aiohttp session for the connector and the user-token client on every turn,
and answers invokes it does not know with 501. Here the body arrives checked
(:mod:`bot.web.middlewares`), a schema failure is a 400, the clients live as long
as the host, and every invoke gets the answer it gets on the botbuilder host.
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

import aiohttp
from microsoft_agents.activity import (Activity, ActivityTypes, Attachment, ConversationReference, DeliveryModes,
                                       InvokeResponse, ResourceResponse)
from microsoft_agents.hosting.core import (
    ChannelServiceAdapter,
    ChannelServiceClientFactoryBase,
    ClaimsIdentity,
    Middleware,
    TurnContext,
)
from microsoft_agents.hosting.core.connector.client import UserTokenClient
from microsoft_agents.hosting.core.connector.teams import TeamsConnectorClient
from pydantic import PrivateAttr, ValidationError

from bot.hosts.activities import reply_fields
from bot.hosts.conversation import Troubleshooter
from bot.hosts.delivery import ReplyDelivery
from bot.hosts.turn import (HostResponse, answer_turn, checked_identity, observe_turn, recover_from_turn_error,
                    replies_delivered, reply_deadline, turn_info)
from bot.web.middlewares import check_answerable
from bot.outbound import outbound_session
from bot.settings import Settings
from bot.hosts.agents.auth import BotToken, TokenVerifier
from bot.errors import BadRequest

MAX_CLIENTS = 64  # service URLs come from activities: bound what a caller can make us keep
DELIVERY_ERRORS = (aiohttp.ClientError,)  # the Bot Connector could not be reached or refused the reply
TOKEN_SERVICE = "https://api.botframework.com"  # never called: the bot uses no user sign-in
NOWHERE = "urn:expect-replies"  # an expectReplies turn answers in the HTTP response: no service URL
ANONYMOUS_APP_ID = "anonymous"  # without one the SDK warns that user sign-in may not work, which it never uses
LOCAL_TYPES = (ActivityTypes.invoke_response, ActivityTypes.trace)  # kept in this process, never posted


class ReceivedActivity(Activity):
    """An incoming activity that works out its conversation reference once.

    :func:`activity_from` needs the reference to refuse an activity that cannot
    be answered (a 400, not an error mid-turn), and ``TurnContext.send_activities``
    asks for it again on every send; nothing changes the activity in between.
    Each caller gets its own copy, which it may change.
    """

    _reference: ConversationReference | None = PrivateAttr(default=None)

    def get_conversation_reference(self, force_base_channel: bool | None = None) -> ConversationReference:
        if force_base_channel:
            return super().get_conversation_reference(force_base_channel)
        if self._reference is None:
            self._reference = super().get_conversation_reference()
        return self._reference.model_copy()


class SentActivity(Activity):
    """A reply made for one send and never reused, so the SDK's copy of it need not be deep.

    ``TurnContext.send_activities`` deep-copies every activity before it sets the
    conversation's fields on the copy: for our replies, a walk over every field
    and the whole card. Those fields are set on the activity itself, never inside
    what it holds, so a shallow copy keeps the caller's activity as it was just
    the same. The card and the value are shared, as nothing writes to them.
    """

    def __deepcopy__(self, memo: dict | None = None) -> "SentActivity":
        return self.model_copy()


class TurnObserver(Middleware):
    """The shared turn log line (and span, when telemetry is on) around each turn."""

    def __init__(self, tracer: Any = None):
        self.tracer = tracer

    async def on_turn(self, context: TurnContext, logic):
        await observe_turn(context.activity, turn_info(context), lambda: logic(context), self.tracer)


class _KeptConnector(TeamsConnectorClient):
    """A connector client whose session outlives the turn: the adapter's per-turn ``close`` leaves it open.

    It counts the turns using it, so that one dropped from the cache while a
    turn still sends through it is closed by the last of them, not under them.
    """

    def __init__(self, service_url: str, token: str, *, session: aiohttp.ClientSession | None = None):
        super().__init__(service_url, token, session=session)
        self.users = 0
        self.evicted = False

    async def close(self) -> None:
        """The SDK's end of a turn: kept for the next one, unless it has left the cache and this was its last user."""
        self.users -= 1
        if self.evicted and self.users == 0:
            await self.release()

    async def evict(self) -> None:
        """Dropped from the cache: closed now if no turn uses it, else by the last turn that does."""
        self.evicted = True
        if self.users == 0:
            await self.release()

    async def release(self) -> None:
        await super().close()


class _KeptUserTokenClient(UserTokenClient):
    async def close(self) -> None:
        """Kept for the next turn; :meth:`release` closes it when the host stops."""

    async def release(self) -> None:
        await super().close()


class ReusingClientFactory(ChannelServiceClientFactoryBase):
    """One connector client per service URL and one user-token client, for the host's lifetime.

    The SDK's ``RestChannelServiceClientFactory`` builds both, each with a new
    aiohttp session, on every turn, and closes them after it. Replies carry the
    bot's own token (MSAL caches it) when an app id is set, none in local anonymous mode.
    The connector's session is :func:`bot.outbound.outbound_session` (the SDK's
    ignores the proxy and the CA bundle). Replies do not go through it
    (:class:`~bot.hosts.delivery.ReplyDelivery` posts them) nor do the reads from Teams
    (:class:`~bot.hosts.teams_context.TeamsReader`), but the SDK still hands it to each
    turn and closes it after: an evicted one is closed by its last turn.
    """

    def __init__(self, settings: Settings, bot_token: BotToken | None):
        self.settings = settings
        self.bot_token = bot_token
        self._connectors: OrderedDict[str, _KeptConnector] = OrderedDict()  # least recently used first
        self._user_tokens: _KeptUserTokenClient | None = None

    async def create_connector_client(self, context, claims_identity, service_url, audience, scopes=None,
                                      use_anonymous=False) -> TeamsConnectorClient:
        token = await self.bot_token.get() if self.bot_token is not None and not use_anonymous else None
        client = self._connectors.get(service_url)
        if client is None:
            session = outbound_session(self.settings, base_url=service_url.rstrip("/") + "/")
            client = self._connectors[service_url] = _KeptConnector(service_url, "", session=session)
            while len(self._connectors) > MAX_CLIENTS:
                await self._connectors.popitem(last=False)[1].evict()
        self._connectors.move_to_end(service_url)
        client.users += 1  # the SDK closes it once at the end of this turn
        if token is not None:
            client.client.headers["Authorization"] = f"Bearer {token}"
        return client

    async def create_user_token_client(self, context, claims_identity, use_anonymous=False) -> UserTokenClient:
        if self._user_tokens is None:
            self._user_tokens = _KeptUserTokenClient(TOKEN_SERVICE, "", app_id=ANONYMOUS_APP_ID)
        return self._user_tokens

    async def close(self) -> None:
        clients: list[Any] = [*self._connectors.values(), *([self._user_tokens] if self._user_tokens else [])]
        for client in clients:
            await client.release()
        self._connectors.clear()


class AgentsAdapter(ChannelServiceAdapter):
    """Runs turns for a checked activity body and says what to answer over HTTP."""

    def __init__(self, settings: Settings, troubleshooter: Troubleshooter, verifier: TokenVerifier | None,
                 bot_token: BotToken | None, tracer: Any = None):
        self.verifier = verifier
        self.clients = ReusingClientFactory(settings, bot_token)
        super().__init__(self.clients)
        self.troubleshooter = troubleshooter
        self.delivery = ReplyDelivery(settings)
        self.use(TurnObserver(tracer))
        self.on_turn_error = self._on_turn_error

    async def close(self) -> None:
        await self.troubleshooter.close()
        await self.clients.close()
        await self.delivery.close()
        if self.clients.bot_token is not None:
            self.clients.bot_token.executor.shutdown()

    async def send_activities(  # type: ignore[override]  # the SDK calls it with its TurnContext
            self, context: TurnContext, activities: list[Activity]) -> list[ResourceResponse]:
        """Post the replies through :class:`~bot.hosts.delivery.ReplyDelivery`; an ``expectReplies`` turn's stay
        buffered.

        The SDK posts each reply once, on a session with no proxy, no CA bundle
        and aiohttp's five-minute timeout. Activities that stay in this process
        (the invoke response, traces, every reply of an ``expectReplies`` turn)
        go to the SDK as before.
        """
        if context.activity.delivery_mode == DeliveryModes.expect_replies:
            return await super().send_activities(context, activities)
        responses, token, have_token = [], None, False
        for activity in activities:
            if activity.type in LOCAL_TYPES:
                responses += await super().send_activities(context, [activity])
                continue
            if not have_token:
                token, have_token = await self.connector_token(), True
            activity.id = None
            answer = await self.delivery.post(activity.service_url, activity.conversation.id, activity.reply_to_id,
                                              activity.model_dump(by_alias=True, exclude_unset=True, mode="json"),
                                              token, reply_deadline(context, self.delivery))
            responses.append(ResourceResponse(id=answer.get("id") or ""))
        return responses

    async def authenticate(self, body: dict, auth_header: str) -> ClaimsIdentity:
        """Check the token before the activity is parsed into models; without an app id, the anonymous identity.

        Raises:
            BadRequest: 401 for a missing or invalid token, 503 when the signing keys cannot be fetched.
        """
        if self.verifier is None:
            return ClaimsIdentity()
        return await checked_identity(self.verifier.verify(
            auth_header, _text(body.get("serviceUrl")), _text(body.get("channelId"))))

    async def handle(self, body: dict, auth: ClaimsIdentity) -> HostResponse:
        """Run one activity; an ``expectReplies`` caller gets the replies in the answer.

        Raises:
            BadRequest: 400 for an activity the schema rejects; 503 when the reply could not be sent
                because the token service is unavailable.
        """
        response = await replies_delivered(self.process_activity(auth, activity_from(body), self._turn))
        if response is None:
            return HostResponse(200)
        return HostResponse(int(response.status), _as_botbuilder_answers(response.body))

    async def _turn(self, context: TurnContext) -> None:
        await answer_turn(context, self.troubleshooter, _reply_activity, _invoke_response, self.connector_token)

    def _process_turn_results(self, context: TurnContext) -> InvokeResponse | None:
        """The replies of an ``expectReplies`` turn, each dumped once (:func:`dumped_reply`).

        The SDK wraps them in an ``ExpectedReplies`` model first, which validates
        every reply again (cards included) to serialize what it just built.
        """
        if context.activity.delivery_mode == DeliveryModes.expect_replies:
            return InvokeResponse(status=200, body={"activities": [
                dumped_reply(reply) for reply in context.buffered_reply_activities]})
        return super()._process_turn_results(context)

    async def connector_token(self) -> str | None:
        """The token replies carry (None in local anonymous mode), from the same MSAL client and cache.

        Raises:
            DependencyUnavailable: the token service is slow, down or refused the credentials.
        """
        bot_token = self.clients.bot_token
        return await bot_token.get() if bot_token is not None else None

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        await recover_from_turn_error(context, error, self.troubleshooter.engine, DELIVERY_ERRORS, _reply_activity,
                                      _invoke_response)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _invoke_response(body: dict | None) -> Activity:
    return Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body))


_BLANK_REPLY = SentActivity.model_construct()
_BLANK_ATTACHMENT = Attachment.model_construct()


def _reply_activity(reply) -> Activity:
    """One engine reply as the SDK's message Activity (see :func:`bot.hosts.activities.reply_fields`).

    Built without validation: every field is ours and of the model's type
    (``tests/bot/test_agents_replies.py`` checks them), and validating each
    reply cost more than the incoming activity's parse. Each is a copy of a
    blank one with its own fields set: ``model_construct`` works out the
    defaults of some forty fields every time (all ``None``, so nothing is shared).
    """
    fields = reply_fields(reply)
    if fields["attachments"]:
        fields["attachments"] = [_BLANK_ATTACHMENT.model_copy(update=a) for a in fields["attachments"]]
    return _BLANK_REPLY.model_copy(update={k: v for k, v in fields.items() if v is not None})


def dumped_reply(reply: Activity) -> dict:
    """A reply as the SDK dumps it, with our cards put in as built rather than walked again by pydantic.

    A card is JSON data already (the engine built it), and pydantic's walk over it cost as much
    as the rest of the reply; any attachment but one of ours (a content type and a content) is
    dumped by pydantic as before.
    """
    cards = reply.attachments
    if not cards or any(card.model_fields_set != _CARD_FIELDS for card in cards):
        return reply.model_dump(mode="json", by_alias=True, exclude_unset=True)
    dumped = reply.model_dump(mode="json", by_alias=True, exclude_unset=True, exclude=_NO_ATTACHMENTS)
    dumped["attachments"] = [{"contentType": card.content_type, "content": card.content} for card in cards]
    return dumped


_CARD_FIELDS = frozenset({"content_type", "content"})
_NO_ATTACHMENTS = {"attachments"}


def activity_from(body: dict) -> Activity:
    """The Activity a body describes, or a 400 naming what is wrong (the SDK's own check answers 500)."""
    try:  # a top-level null means "absent" on the Bot Framework's wire; the SDK's model refuses some
        activity = ReceivedActivity.model_validate({k: v for k, v in body.items() if v is not None})
    except ValidationError as error:
        raise BadRequest(400, "invalid_activity",
                         f"the activity does not match the Bot Framework schema (at {_where(error)!r})") from None
    in_response = activity.delivery_mode == DeliveryModes.expect_replies
    check_answerable(activity.channel_id, activity.conversation and activity.conversation.id,
                     activity.service_url, in_response)
    if in_response and activity.service_url is None:
        activity.service_url = NOWHERE  # the SDK's reply references require a URL; nothing is sent to it
    try:
        activity.get_conversation_reference()  # what every reply is addressed with: fail here, not mid-turn
    except ValidationError as error:
        raise BadRequest(400, "incomplete_activity",
                         f"the activity cannot be answered: its {_where(error)!r} is missing or malformed") from None
    return activity


def _as_botbuilder_answers(body: Any) -> Any:
    """The replies of an ``expectReplies`` turn as botbuilder's host gives them: no made-up ``serviceUrl``, and
    no field the SDK set to null (``id``, ``locale``) where botbuilder leaves it out."""
    if not isinstance(body, dict) or not isinstance(body.get("activities"), list):
        return body
    body["activities"] = [{k: v for k, v in reply.items() if v is not None and v != NOWHERE}
                          for reply in body["activities"]]
    return body


def _where(error: ValidationError) -> str:
    """The first field pydantic refused, as a dotted path (the value itself is not repeated: it may be anything)."""
    errors = error.errors()
    return ".".join(str(p) for p in errors[0]["loc"]) if errors else "?"
