"""The same bot in the Playground's Web Chat mode: the Bot Framework Web Chat renderer, a typed conversation."""
from __future__ import annotations

from tests.e2e.client import Step, TeamsClient

TYPED = [
    Step(type="the record button is missing in my meeting", expect="What are you trying to record?"),
    Step(type="a meeting", expect="What is your role in the meeting?"),
    Step(type="presenter", expect="How do you join"),
    Step(type="as a guest", expect="Did that fix it?"),
    Step(type="summary", expect="Recording troubleshooting summary"),
    Step(type="yes", expect="Glad that's sorted"),
]


def test_a_typed_conversation_in_web_chat(playground, page, shots):
    webchat = TeamsClient(page, shots)
    webchat.block_outside_requests()
    webchat.open(playground("webchat"), chat=None)
    webchat.wait_for("Start troubleshooting")
    webchat.run(TYPED, "webchat")
    assert webchat.problems() == [] and webchat.overflowing_buttons() == []
