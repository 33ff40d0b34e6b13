"""The blind sets' messages, said in their own conversations and then in any order, with any button pressed
between them: every turn gets a reply, and none fails. Two turns did fail this way (a correction to "not sure"
where no "not sure" is offered, a diagnosis reached without a cause) before the fixes they led to."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialogs import flow
from dialogs.replies import TurnInput

SETS = Path(__file__).parent / "data" / "blind-conversations.txt"


def conversations() -> list[list[str]]:
    """One conversation a paragraph, one message a line; a line starting "| " goes on the message before it."""
    found: list[list[str]] = [[]]
    for line in SETS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            found.append([])
        elif line.startswith("| ") and found[-1]:
            found[-1][-1] += "\n" + line[2:]
        else:
            found[-1].append(line)
    return [conversation for conversation in found if conversation]


CONVERSATIONS = conversations()
MESSAGES = sorted({message for conversation in CONVERSATIONS for message in conversation})
CLICKS = [(state, choice) for state, choices in flow.CHOICES.items() for choice in choices]
TURN = st.sampled_from(MESSAGES).map(lambda text: TurnInput(text=text)) | st.sampled_from(CLICKS).map(
    lambda click: TurnInput(value={"state": click[0], "answer": click[1]}))


def play(engine, turns: list[TurnInput]) -> None:
    session = None
    for turn in turns:
        result = engine.turn(session, turn)
        if result.outcome == "repeat":  # a double-click's second click: answered once, not twice
            assert not result.replies and turn.value
        else:
            assert result.replies and all(reply.text or reply.card for reply in result.replies), turn
        session = json.loads(json.dumps(result.session))  # stored and read back, as the bot does


def test_the_blind_sets_are_all_here():
    assert len(CONVERSATIONS) >= 975 and len(MESSAGES) >= 5280


@pytest.mark.parametrize("first", range(0, len(CONVERSATIONS), 20))
def test_every_blind_conversation_is_answered_at_every_turn(engine, first):
    for conversation in CONVERSATIONS[first:first + 20]:
        play(engine, [TurnInput(text=message) for message in conversation])


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(turns=st.lists(TURN, min_size=2, max_size=9))
def test_their_messages_in_any_order_are_answered_at_every_turn(engine, turns):
    play(engine, turns)
