"""The same bot in the Playground's Web Chat mode: the Bot Framework Web Chat renderer, a typed conversation."""
from __future__ import annotations

import re

from tests.e2e.client import Step, TeamsClient

TYPED = [
    # "in my meeting" already says what is recorded, so the role comes first
    Step(type="the record button is missing in my meeting", expect="What is your role in the meeting?"),
    Step(type="presenter", expect=re.compile("How do you join|organizer's")),
    Step(type="as a guest", expect="Did that fix it?"),
    Step(type="summary", expect="Recording troubleshooting ticket"),
    Step(type="yes", expect="Glad that's sorted"),
]


def test_a_typed_conversation_in_web_chat(playground, page, shots):
    webchat = TeamsClient(page, shots)
    webchat.block_outside_requests()
    webchat.open(playground("webchat"), chat=None)
    webchat.wait_for("Start troubleshooting")
    webchat.run(TYPED, "webchat")
    assert webchat.problems() == [] and webchat.overflowing_buttons() == []
