"""Every follow-up answer, at every kind of pending question, for both audiences: it renders, and says something.

A template's fact is read by id and sentence number from the knowledge; a wrong number fails only when that
answer is given, so each one is given here.
"""
import re

import pytest

from dialogs.followups import kinds
from dialogs.session import restore

ANSWERS = sorted({answer for answer, *_ in kinds()})
# How to reach each kind of pending question: the first message, then clicks.
AT = {
    "the role question": ("my meeting has no record button", ()),
    "the policy question": ("my meeting has no record button", ("organizer", "member")),
    "a policy diagnosis": ("my meeting has no record button", ("organizer", "member", "off")),
    "the consent question": ("when the recording started i got muted and can't unmute", ()),
    "where recordings go": ("my recording is nowhere to be found", ()),
    "the events policy question": ("our town hall didnt record", ()),
}


@pytest.mark.parametrize("answer", ANSWERS)
@pytest.mark.parametrize("where", AT)
@pytest.mark.parametrize("audience", ["user", "agent"])
def test_every_follow_up_answer_renders_at_every_question(engine, chat, answer, where, audience):
    if audience == "agent":
        chat.command("agent")
    first, clicks = AT[where]
    chat.say(first)
    for click in clicks:
        chat.click(click)
    session = engine._attach(restore(chat.session))
    context = engine.compose.context(session, engine.render.citing())
    text = engine._followup(session, answer, "a question", context)
    assert text.strip() and "{{" not in text and not re.search(r"\bNone\b(?! of)", text)
