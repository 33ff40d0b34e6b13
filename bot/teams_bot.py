"""The ActivityHandler: Teams activities in, engine turns, replies out.

Plain ``ActivityHandler`` rather than ``TeamsActivityHandler``: the Teams one
looks up every added member through the connector (one outbound call per join)
and we only need to know whether the bot itself was added.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from botbuilder.core import ActivityHandler, ConversationState, InvokeResponse, TurnContext
from botbuilder.schema import ChannelAccount

from dialogs.engine import Engine
from dialogs.replies import Reply, TurnInput

from . import activities
from .storage_base import CREATE_ONLY, StateConflictError, StorageUnavailableError

log = logging.getLogger(__name__)

# What the store raises when it cannot read or write a session right now; the
# user is asked to send again and nothing is lost.
STORAGE_ERRORS = (StorageUnavailableError, StateConflictError)
TURN_INFO = "troubleshooter.turn"


@dataclass
class TurnInfo:
    """What one turn did, for its log line; handlers fill it in, the turn logger writes it."""

    state: str = "-"
    outcome: str = "ignored"
    reference: str = ""


def turn_info(context: TurnContext) -> TurnInfo:
    info = context.turn_state.get(TURN_INFO)
    if info is None:
        info = context.turn_state[TURN_INFO] = TurnInfo()
    return info


class TroubleshooterBot(ActivityHandler):
    def __init__(self, engine: Engine, conversation_state: ConversationState):
        self.engine = engine
        self.conversation_state = conversation_state
        self.session = conversation_state.create_property("session")
        self.welcomed = conversation_state.create_property("welcomed")

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        """Typed text or a card click: one engine turn, saved before it is answered."""
        activity = turn_context.activity
        if activities.is_group(activity) and not activities.is_card_click(activity) \
                and not activities.mentions_bot(activity):
            turn_info(turn_context).outcome = "not_mentioned"
            return
        await self._run_turn(turn_context)

    async def on_members_added_activity(self, members_added: list[ChannelAccount], turn_context: TurnContext):
        """The welcome card, once per conversation, when the bot itself is added."""
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if not any(member.id == bot_id for member in members_added or []):
            return
        info = turn_info(turn_context)
        try:
            await self._load(turn_context)
            if await self.welcomed.get(turn_context, False):
                info.outcome = "already_welcomed"
                return
            await self.welcomed.set(turn_context, True)
            await self.conversation_state.save_changes(turn_context)
        except STORAGE_ERRORS as error:
            reason = "another turn saved first" if isinstance(error, StateConflictError) else "state store unavailable"
            log.warning("welcome skipped, %s: %s", reason, type(error).__name__)
            info.outcome = "storage_error"
            return
        info.state, info.outcome = "welcome", "welcome"
        await self._send(turn_context, self.engine.welcome())

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """``Action.Execute`` clicks go to the engine; every other invoke gets the answer Teams expects for it.

        The SDK answers invokes it does not know with 501: Teams shows the user an
        error for that, and monitoring counts a 5xx as our outage.
        """
        activity = turn_context.activity
        data = activities.action_execute_data(activity)
        if data:
            await self._run_turn(turn_context, TurnInput(value=data))
            return InvokeResponse(status=200, body={
                "statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": "ok"})
        turn_info(turn_context).outcome = "invoke_not_handled"
        return InvokeResponse(status=200, body=unhandled_invoke_body(activity.name or ""))

    async def _run_turn(self, turn_context: TurnContext, inp=None) -> None:
        info = turn_info(turn_context)
        inp = inp or activities.turn_input(turn_context.activity)
        try:
            result = await self._apply(turn_context, inp)
        except StateConflictError:
            # Another instance saved this conversation since we read it: apply the input again on top of
            # what it saved (a click on a card that has moved on is then answered as a stale card).
            try:
                await self._load(turn_context, force=True)
                result = await self._apply(turn_context, inp)
            except STORAGE_ERRORS as error:
                return await self._ask_to_resend(turn_context, error)
        except StorageUnavailableError as error:
            return await self._ask_to_resend(turn_context, error)
        info.state, info.outcome = result.state, result.outcome
        await self._send(turn_context, result.replies)

    async def _apply(self, turn_context: TurnContext, inp):
        """One engine turn on the saved session, saved (with an e_tag check) before anything is sent."""
        await self._load(turn_context)
        saved = await self.session.get(turn_context, None)
        result = self.engine.turn(saved, inp)
        await self.session.set(turn_context, result.session)
        await self.conversation_state.save_changes(turn_context)
        return result

    async def _load(self, turn_context: TurnContext, force: bool = False) -> None:
        """Read the conversation's state once for this attempt; one not found yet is to be created, not overwritten.

        botbuilder re-reads a state that is still empty on every property access, so a new conversation
        could be read as absent by ``get`` and as another instance's by ``set``, and then saved over that
        instance's answer; and it writes a state read as absent with no e_tag, which every store takes as
        "overwrite". Marking it ``CREATE_ONLY`` ends both: the first turns of one conversation on two
        instances conflict, and the loser is applied again on top of the winner.
        """
        await self.conversation_state.load(turn_context, force)
        self.conversation_state.get_cached_state(turn_context).state.setdefault("e_tag", CREATE_ONLY)

    async def _ask_to_resend(self, turn_context: TurnContext, error: Exception) -> None:
        log.warning("turn not saved, state store unavailable: %s", type(error).__name__)
        turn_info(turn_context).outcome = "storage_error"
        await self._send(turn_context, [self.engine.try_again()])

    async def _send(self, turn_context: TurnContext, replies: list[Reply]) -> None:
        outgoing = [activities.reply_activity(r) for r in replies if not activities.is_empty(r)]
        if outgoing:
            await turn_context.send_activities(outgoing)


NOT_SUPPORTED = "This bot answers in chat; it has no dialog for this action."


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
