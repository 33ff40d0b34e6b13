"""What the bot does with a Teams activity, whichever SDK delivered it. SDK-free.

Each host (``bot.botbuilder_host``, ``bot.agents_host``) hands the activity it
parsed to :class:`Troubleshooter` and sends back the engine replies it returns.
The activity is read only through the attributes both SDKs' models share
(``type``, ``text``, ``value``, ``conversation``, ``recipient``, ...), see
:mod:`bot.activities`.

The conversation's state is read from and written to our own store directly,
one item per conversation (``{"session", "welcomed", "undelivered", "e_tag"}`` under
``<channel>/conversations/<id>``, the key and shape botbuilder's
``ConversationState`` uses, so a deployment can switch hosts and keep its
sessions). Nothing is kept on this object between turns: an SDK state object
shared by concurrent turns would mix their sessions.

A turn is saved before its replies are sent. When they cannot be delivered
(:class:`bot.delivery.ReplyNotDelivered`), the item is marked ``undelivered``:
the answer stays recorded, and the person's next message or click (often the
same button again, as they saw nothing) gets the pending question again
instead of being taken for a double-click.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from dialogs.engine import Engine
from dialogs.replies import Reply, TurnInput

from . import activities
from .storage_base import CREATE_ONLY, StateConflictError, StateStore, StorageUnavailableError

log = logging.getLogger(__name__)

# What the store raises when it cannot read or write a session right now; the
# user is asked to send again and nothing is lost.
STORAGE_ERRORS = (StorageUnavailableError, StateConflictError)
NOT_SUPPORTED = "This bot answers in chat; it has no dialog for this action."
ACTION_EXECUTE_DONE = {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": "ok"}


@dataclass
class TurnInfo:
    """What one turn did, for its log line; the handlers fill it in, the host's turn logger writes it."""

    state: str = "-"
    outcome: str = "ignored"
    reference: str = ""
    reply_deadline: float | None = None  # when this turn's replies stop being retried (set by the first send)


class Troubleshooter:
    """The bot's behaviour: engine turns on the saved session, the welcome, and answers to invokes."""

    def __init__(self, engine: Engine, store: StateStore):
        self.engine = engine
        self.store = store

    async def on_activity(self, activity: Any, info: TurnInfo) -> list[Reply]:
        """The replies to a message or a conversation update; other activity types get none."""
        if activity.type == "message":
            return await self.on_message(activity, info)
        if activity.type == "conversationUpdate" and activity.members_added:
            return await self.on_bot_added(activity, info)
        return []

    async def on_message(self, activity: Any, info: TurnInfo) -> list[Reply]:
        """Typed text or a card click: one engine turn, saved before it is answered."""
        if activities.is_group(activity) and not activities.is_card_click(activity) \
                and not activities.mentions_bot(activity):
            info.outcome = "not_mentioned"
            return []
        return await self._run_turn(activity, activities.turn_input(activity), info)

    async def on_bot_added(self, activity: Any, info: TurnInfo) -> list[Reply]:
        """The welcome card, once per conversation, when the bot itself is added."""
        bot_id = activity.recipient.id if activity.recipient else None
        if not any(member.id == bot_id for member in activity.members_added or []):
            return []
        key = state_key(activity)
        try:
            item = await self._read(key)
            if item.get("welcomed"):
                info.outcome = "already_welcomed"
                return []
            item["welcomed"] = True
            await self.store.write({key: item})
        except STORAGE_ERRORS as error:
            reason = "another turn saved first" if isinstance(error, StateConflictError) else "state store unavailable"
            log.warning("welcome skipped, %s: %s", reason, type(error).__name__)
            info.outcome = "storage_error"
            return []
        info.state, info.outcome = "welcome", "welcome"
        return self.engine.welcome()

    async def on_invoke(self, activity: Any, info: TurnInfo) -> tuple[dict | None, list[Reply]]:
        """``Action.Execute`` clicks go to the engine; every other invoke gets the answer Teams expects for it.

        Both SDKs answer invokes they do not know with 501: Teams shows the user an
        error for that, and monitoring counts a 5xx as our outage.

        Returns:
            the invoke response's body (sent with HTTP 200) and the replies to send.
        """
        data = activities.action_execute_data(activity)
        if data:
            return ACTION_EXECUTE_DONE, await self._run_turn(activity, TurnInput(value=data), info)
        info.outcome = "invoke_not_handled"
        return unhandled_invoke_body(activity.name or ""), []

    async def _run_turn(self, activity: Any, inp: TurnInput, info: TurnInfo) -> list[Reply]:
        key = state_key(activity)
        try:
            try:
                result = await self._apply(key, inp)
            except StateConflictError:
                # Another instance saved this conversation since we read it: apply the input again on top of
                # what it saved (a click on a card that has moved on is then answered as a stale card).
                result = await self._apply(key, inp)
        except STORAGE_ERRORS as error:
            log.warning("turn not saved, state store unavailable: %s", type(error).__name__)
            info.outcome = "storage_error"
            return [self.engine.try_again()]
        info.state, info.outcome = result.state, result.outcome
        return result.replies

    async def _apply(self, key: str, inp: TurnInput):
        """One engine turn on the saved session, saved (with an e_tag check) before anything is sent.

        After replies that never arrived, a turn with nothing to say (the same
        button clicked again) says the pending question again.
        """
        item = await self._read(key)
        result = self.engine.turn(item.get("session"), inp)
        if item.pop("undelivered", False):
            if not result.replies:
                result.replies = self.engine.pending(result.session)
                result.outcome = "resent"
        item["session"] = result.session
        await self.store.write({key: item})
        return result

    async def undelivered(self, activity: Any) -> None:
        """Mark the conversation: this turn's replies did not arrive, so the next turn repeats the pending question.

        A failure to mark is logged and left: the turn is already answered as undelivered.
        """
        key = state_key(activity)
        try:
            item = await self._read(key)
            if item.get("session") is None:
                return
            item["undelivered"] = True
            await self.store.write({key: item})
        except STORAGE_ERRORS as error:
            log.warning("could not note the undelivered replies: %s", type(error).__name__)

    async def _read(self, key: str) -> dict:
        """The conversation's item as stored, with its e_tag; one not found yet is to be created, not overwritten.

        ``CREATE_ONLY`` makes the first turns of one conversation on two instances
        conflict, and the loser is applied again on top of the winner.
        """
        item = dict((await self.store.read([key])).get(key) or {})
        if not item.get("e_tag"):
            item["e_tag"] = CREATE_ONLY
        return item


def state_key(activity: Any) -> str:
    """Where a conversation's state lives: botbuilder's ``ConversationState`` key, so both hosts share it."""
    return f"{activity.channel_id}/conversations/{activity.conversation.id}"


def unhandled_invoke_body(name: str) -> dict | None:
    """The well-formed 200 answer to an invoke this bot has no feature for, in the shape its sender parses.

    ``healthCheck`` is answered as the Bot Framework SDKs' base handlers answer it
    (C# and JavaScript; Python 4.17.1 has no case for it and answers 501).
    """
    if name == "healthCheck":
        return {"healthResults": {"success": True, "messages": ["Health check succeeded."]}}
    if name.startswith("task/"):
        return {"task": {"type": "message", "value": NOT_SUPPORTED}}
    if name.startswith("composeExtension/"):
        return {"composeExtension": {"type": "message", "text": NOT_SUPPORTED}}
    if name == "adaptiveCard/action":
        return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": NOT_SUPPORTED}
    return None
