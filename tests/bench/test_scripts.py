"""The benchmark's conversations are still real conversations with our bot.

Each script is played against the engine in-process, the way the driver plays
it over HTTP: clicks send the data of the button found in the last card, and
the conversation must end where the script says. When the flow changes, this
fails here, by name, rather than as errors in a benchmark run.
"""
from __future__ import annotations

import json

import pytest

from bench.conversations import ADAPTIVE_CARD, SCRIPTS, card_actions, find_button, state_after
from dialogs.engine import Engine
from dialogs.replies import TurnInput


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


def as_activity(reply) -> dict:
    """A reply as the host sends it: the card as an Adaptive Card attachment, the outcome as ``value``."""
    activity = {"type": "message", "text": reply.text}
    if reply.card:
        activity["attachments"] = [{"contentType": ADAPTIVE_CARD, "content": reply.card}]
    if reply.value is not None:
        activity["value"] = reply.value
    return activity


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda s: s.name)
def test_script_reaches_its_end(engine, script):
    session, replies = None, []
    for number, step in enumerate(script.steps, start=1):
        if step.is_click:
            value = find_button(card_actions(replies), step) if replies else {"state": step.state,
                                                                              "answer": step.answer}
            assert value is not None, f"turn {number}: no {step.state}/{step.answer} button in the last card"
            result = engine.turn(session, TurnInput(value=value))
        else:
            result = engine.turn(session, TurnInput(text=step.text))
        session = json.loads(json.dumps(result.session))
        replies = [as_activity(r) for r in result.replies]
        assert replies, f"turn {number}: no reply"
    assert state_after(replies) == script.end
