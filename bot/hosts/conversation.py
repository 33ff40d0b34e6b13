"""What the bot does with a Teams activity, whichever SDK delivered it. SDK-free.

Each host (``bot.hosts.botbuilder``, ``bot.hosts.agents``) hands the activity it
parsed to :class:`Troubleshooter` and sends back the engine replies it returns.
The activity is read only through the attributes both SDKs' models share
(``type``, ``text``, ``value``, ``conversation``, ``recipient``, ...), see
:mod:`bot.hosts.activities`.

The conversation's state is read from and written to our own store directly,
one item per conversation (``{"session", "welcomed", "undelivered", "e_tag"}`` under
``<channel>/conversations/<id>``, the key and shape botbuilder's
``ConversationState`` uses, so a deployment can switch hosts and keep its
sessions; plus ``"teams"``, what was last read from Teams for whom and until
when, see :mod:`bot.hosts.teams_context`). Nothing is kept on this object between turns: an SDK state object
shared by concurrent turns would mix their sessions.

A turn is saved before its replies are sent. When they cannot be delivered
(:class:`bot.hosts.delivery.ReplyNotDelivered`), the item is marked ``undelivered``:
the answer stays recorded, and the person's next message or click (often the
same button again, as they saw nothing) gets the pending question again
instead of being taken for a double-click.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from typing import Any

from dialogs.engine import Engine
from dialogs.replies import Reply, TurnInput

from bot.hosts import activities
from bot.storage.base import CREATE_ONLY, StateStore
from bot.hosts.teams_context import Bearer, Reading, TeamsReader, cached, remember
from bot.errors import StateConflictError, StorageUnavailableError

log = logging.getLogger(__name__)

# What the store raises when it cannot read or write a session right now; the
# user is asked to send again and nothing is lost.
STORAGE_ERRORS = (StorageUnavailableError, StateConflictError)
# Tries of a turn whose save met another turn's (several messages at once, two instances); a person sends a few.
ATTEMPTS = 5
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

    def __init__(self, engine: Engine, store: StateStore, reader: TeamsReader | None = None):
        self.engine = engine
        self.store = store
        self.reader = reader or TeamsReader(0)

    async def close(self) -> None:
        await self.reader.close()

    async def on_activity(self, activity: Any, info: TurnInfo, bearer: Bearer | None = None) -> list[Reply]:
        """The replies to a message or a conversation update; other activity types get none.

        Args:
            bearer: the bot's Bot Connector token, for reading what Teams knows (see :mod:`bot.hosts.teams_context`).
        """
        if activity.type == "message":
            return await self.on_message(activity, info, bearer)
        if activity.type == "conversationUpdate" and activity.members_added:
            return await self.on_bot_added(activity, info)
        return []

    async def on_message(self, activity: Any, info: TurnInfo, bearer: Bearer | None = None) -> list[Reply]:
        """Typed text or a card click: one engine turn, saved before it is answered."""
        if activities.is_group(activity) and not activities.is_card_click(activity) \
                and not activities.mentions_bot(activity):
            info.outcome = "not_mentioned"
            return []
        return await self._run_turn(activity, activities.turn_input(activity), info, _TeamsRead(bearer))

    async def on_bot_added(self, activity: Any, info: TurnInfo) -> list[Reply]:
        """The welcome card, once per conversation, when the bot itself is added."""
        bot_id = activity.recipient.id if activity.recipient else None
        if not any(member.id == bot_id for member in activity.members_added or []):
            return []
        key = state_key(activity)
        try:
            welcomed = await self._mark_welcomed(key)
        except STORAGE_ERRORS as error:
            log.warning("welcome skipped, %s: %s", problem_of(error), type(error).__name__)
            info.outcome = "storage_error"
            return []
        if not welcomed:
            info.outcome = "already_welcomed"
            return []
        info.state, info.outcome = "welcome", "welcome"
        return self.engine.welcome()

    async def _mark_welcomed(self, key: str) -> bool:
        """Record the welcome; False when the conversation has had it (Teams sends the same update twice at once).

        A conflict means another turn saved first, maybe the duplicate's welcome:
        re-read rather than warn, as on :meth:`_apply_on_latest`.
        """
        for attempt in range(1, ATTEMPTS + 1):
            item = await self._read(key)
            if item.get("welcomed"):
                return False
            item["welcomed"] = True
            try:
                await self.store.write({key: item})
                return True
            except StateConflictError:
                if attempt == ATTEMPTS:
                    raise
        return False

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

    async def _run_turn(self, activity: Any, inp: TurnInput, info: TurnInfo,
                        teams: "_TeamsRead | None" = None) -> list[Reply]:
        key = state_key(activity)
        try:
            result = await self._apply_on_latest(key, inp, activity, teams)
        except STORAGE_ERRORS as error:
            log.warning("turn not saved, %s: %s", problem_of(error), type(error).__name__)
            info.outcome = "storage_error"
            return [self.engine.try_again()]
        info.state, info.outcome = result.state, result.outcome
        return result.replies

    async def _apply_on_latest(self, key: str, inp: TurnInput, activity: Any = None,
                               teams: "_TeamsRead | None" = None):
        """:meth:`_apply`, again on top of what another turn saved meanwhile, up to ``ATTEMPTS`` times.

        Each conflict means another turn of this conversation was saved, so ``n``
        messages sent at once are all applied within ``n`` attempts (a click on a
        card that has moved on is then answered as a stale card). One retry left
        the third of three first messages answered "try again", every time.
        """
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._apply(key, inp, activity, teams)
            except StateConflictError:
                if attempt == ATTEMPTS:
                    raise

    async def _apply(self, key: str, inp: TurnInput, activity: Any = None, teams: "_TeamsRead | None" = None):
        """One engine turn on the saved session, saved (with an e_tag check) before anything is sent.

        A message's input carries what Teams says about its sender and meeting
        (``TurnInput.read``): read once, kept in the conversation's item, and given
        again on every later turn of that sender until it is due to be read again.

        After replies that never arrived, a turn with nothing to say (the same
        button clicked again) says the pending question again.
        """
        item = await self._read(key)
        if teams is not None and self.reader.applies(activity):
            inp = replace(inp, read=await self._teams_facts(item, activity, teams))
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

        A conflict (another turn of the conversation saved meanwhile) re-reads and
        marks again, as :meth:`_apply_on_latest` does; a failure to mark is logged
        and left: the turn is already answered as undelivered.
        """
        key = state_key(activity)
        try:
            for attempt in range(1, ATTEMPTS + 1):
                item = await self._read(key)
                if item.get("session") is None:
                    return
                item["undelivered"] = True
                try:
                    await self.store.write({key: item})
                    return
                except StateConflictError:
                    if attempt == ATTEMPTS:
                        raise
        except STORAGE_ERRORS as error:
            log.warning("could not note the undelivered replies: %s", type(error).__name__)

    async def _teams_facts(self, item: dict, activity: Any, teams: "_TeamsRead") -> dict:
        """The facts kept for this sender, or read now (once per turn, even when the turn is applied twice)."""
        now = time.time()
        facts = cached(item, activity, now)
        if facts is not None:
            return facts
        if teams.reading is None:
            teams.reading = await self.reader.read(activity, teams.bearer)
        remember(item, activity, teams.reading, now)
        return dict(teams.reading.facts)

    async def _read(self, key: str) -> dict:
        """The conversation's item as stored, with its e_tag; one not found yet is to be created, not overwritten.

        ``CREATE_ONLY`` makes the first turns of one conversation on two instances
        conflict, and the loser is applied again on top of the winner.
        """
        item = dict((await self.store.read([key])).get(key) or {})
        if not item.get("e_tag"):
            item["e_tag"] = CREATE_ONLY
        return item


@dataclass
class _TeamsRead:
    """One message's way to read from Teams, and what it read (kept if the turn is applied again)."""

    bearer: Bearer | None = None
    reading: Reading | None = None


def problem_of(error: Exception) -> str:
    """What kept a turn from being saved, in the words an admin acts on: a corrupt file is not a full disk."""
    if isinstance(error, StateConflictError):
        return "another turn saved first"
    return error.what if isinstance(error, StorageUnavailableError) else "state store unavailable"


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
