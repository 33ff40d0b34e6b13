"""Today's causes, one persona each, over the real endpoint: Teams activities posted to /api/messages on a
loopback aiohttp server, replies read back from the fake Bot Connector. Each persona clicks the buttons of the
cards it receives, then holds the same conversation typing instead.

Which questions come depends on the symptom: someone who can't start a recording is asked what they record
and their role, someone made view-only by the consent prompt is asked about the prompt at once, and someone
whose recording never showed up is offered the organizer's OneDrive check."""
from __future__ import annotations

import pytest

from tests.support.teams_fakes import cards, details, submits

VIEW_ONLY = "the recording consent prompt made me view-only"
MISSING = "where is my recording?"

# persona -> (conversation type, what they say first, the state its card asks, what they click on each card
# in turn, what they type instead, the cause)
PERSONAS = {
    "Priya, an attendee": ("personal", "I can't record", "check_meeting_type", ["meeting", "attendee"],
                           ["a teams meeting", "just an attendee"], "meeting_role"),
    "Diego, recording a 1:1 call": ("personal", "I can't record", "check_meeting_type", ["call", "off"],
                                    ["a 1:1 call", "it's off"], "calls_policy"),
    "Mei, organizing a town hall": ("groupChat", "I can't record", "check_meeting_type",
                                    ["event", "organizer", "member", "off"],
                                    ["a town hall", "I'm the organizer", "my work account", "it's disabled"],
                                    "events_policy"),
    # view-only after the consent prompt: asked about the prompt at once
    "Sam, who declined consent": ("personal", VIEW_ONLY, "check_consent", ["declined"], ["I declined"],
                                  "recording_consent"),
    # a recording that never showed up: the organizer's OneDrive, never the questions of starting one
    "Lee, whose organizer has no OneDrive": ("channel", MISSING, "offer", ["onedrive_check", "no"],
                                             ["Check the organizer's OneDrive", "no OneDrive"],
                                             "onedrive_storage"),
}
# cause -> the section of the updates document that states it
STATED_IN = {"meeting_role": "attendees-cant-start-a-recording", "calls_policy": "calls-follow-the-calling-policy",
             "events_policy": "town-halls-and-webinars-follow-the-events-policy",
             "recording_consent": "explicit-recording-consent-makes-some-people-view-only",
             "onedrive_storage": "when-the-organizer-has-no-onedrive"}


def last_card(replies: list[dict]) -> dict:
    found = cards(replies)
    assert found, f"no card in {replies}"
    return found[-1]


def button(replies: list[dict], answer: str) -> dict:
    """The data of the button a user clicks: fails when the card just received doesn't offer it."""
    offered = submits(last_card(replies))
    wanted = [data for data in offered if data.get("answer") == answer]
    assert wanted, f"no {answer} button; the card offers {offered}"
    return wanted[0]


async def talk(user, persona: str, how: str) -> list[dict]:
    """The whole conversation; returns the last replies."""
    conversation_type, opening, asks, clicks, typed, _ = PERSONAS[persona]
    mention = conversation_type != "personal"
    replies = await user.say(opening, mention=mention)
    assert submits(last_card(replies))[0]["state"] == asks
    for click, text in zip(clicks, typed):
        replies = await (user.click(button(replies, click)) if how == "clicked" else user.say(text, mention=mention))
    return replies


@pytest.mark.parametrize("how", ["clicked", "typed"])
@pytest.mark.parametrize("persona", PERSONAS)
async def test_each_of_todays_causes_over_the_endpoint(teams, engine, persona, how):
    conversation_type, _, _, _, _, cause = PERSONAS[persona]
    replies = await talk(teams(conversation_type), persona, how)
    assert len(replies) == 1
    reply = replies[0]
    assert reply["value"]["causes"] == [cause] and reply["value"]["state"] == "diagnosis"
    assert reply["value"]["provenance"] and set(reply["value"]["provenance"].values()) == {how}
    section = STATED_IN[cause]
    # the cause and its fix in the message; the update's own words one click away, under "Why? / Sources"
    assert "**Fix:**" in reply["text"] and reply["text"].count("Source:") == 1
    why = last_card(replies)["actions"][-1]
    assert why["type"] == "Action.ShowCard" and why["title"] == "Why? / Sources" and "data" not in why
    assert engine.kb.facts(section)[0].markdown in details(replies)
    assert f"]({engine.kb.cite(section)['url']})" in reply["text"] + details(replies)
    assert [data["answer"] for data in submits(last_card(replies))] == ["fixed", "not_fixed"]


async def test_an_agent_sees_the_powershell_line_with_the_upn_over_the_endpoint(teams):
    user = teams()
    await user.say("agent")
    await user.say("troubleshoot for diego@contoso.com")
    replies = await user.say("I can't record")
    replies = await user.click(button(replies, "call"))
    text = replies[0]["text"]
    assert "Get-CsOnlineUser -Identity diego@contoso.com |" in text and "Get-CsTeamsCallingPolicy" in text
    assert submits(last_card(replies))[0] == {"state": "check_calling_policy", "answer": "on"}


async def test_a_correction_and_a_contradiction_reach_teams(teams):
    user = teams()
    replies = await user.say("I can't record")
    # can't start a recording: no consent, OneDrive or storage questions on the way to the diagnostic
    for answer in ("meeting", "presenter", "member", "on", "on", "user_not_enabled"):
        replies = await user.click(button(replies, answer))
    assert replies[0]["value"]["contradictions"] == [
        {"check": "check_policy", "said": "on", "found": "user_not_enabled", "by": "run_diagnostic"}]
    replies = await user.say("sorry, it's off")
    assert replies[0]["text"].startswith("Changed the recorder's Allow cloud recording")
    assert "contradictions" not in replies[0]["value"] and replies[0]["value"]["checks"]["check_policy"] == "off"
