"""Today's causes, one persona each, over the real endpoint: Teams activities posted to /api/messages on a
loopback aiohttp server, replies read back from the fake Bot Connector. Each persona clicks the buttons of the
cards it receives, then holds the same conversation typing instead."""
from __future__ import annotations

import pytest

from teams_fakes import cards

# persona -> (conversation type, what they click on each card in turn, what they type instead, the cause)
PERSONAS = {
    "Priya, an attendee": ("personal", ["meeting", "attendee"], ["a teams meeting", "just an attendee"],
                           "meeting_role"),
    "Diego, recording a 1:1 call": ("personal", ["call", "off"], ["a 1:1 call", "it's off"], "calls_policy"),
    "Mei, organizing a town hall": ("groupChat", ["event", "organizer", "member", "off"],
                                    ["a town hall", "I'm the organizer", "my work account", "it's disabled"],
                                    "events_policy"),
    "Sam, who declined consent": ("personal", ["meeting", "presenter", "member", "declined"],
                                  ["meeting", "presenter", "work account", "I declined"], "recording_consent"),
    "Lee, whose organizer has no OneDrive": ("channel", ["meeting", "co_organizer", "member", "not_asked", "on", "on",
                                                         "onedrive", "no"],
                                             ["meeting", "co-organizer", "member", "I wasn't asked", "yes", "yes",
                                              "OneDrive", "no OneDrive"], "onedrive_storage"),
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
    offered = [a["data"] for a in last_card(replies)["actions"]]
    wanted = [data for data in offered if data.get("answer") == answer]
    assert wanted, f"no {answer} button; the card offers {offered}"
    return wanted[0]


async def talk(user, persona: str, how: str) -> list[dict]:
    """The whole conversation; returns the last replies."""
    conversation_type, clicks, typed, _ = PERSONAS[persona]
    mention = conversation_type != "personal"
    replies = await user.say("I can't record", mention=mention)
    assert last_card(replies)["actions"][0]["data"]["state"] == "check_meeting_type"
    for click, text in zip(clicks, typed):
        replies = await (user.click(button(replies, click)) if how == "clicked" else user.say(text, mention=mention))
    return replies


@pytest.mark.parametrize("how", ["clicked", "typed"])
@pytest.mark.parametrize("persona", PERSONAS)
async def test_each_of_todays_causes_over_the_endpoint(teams, engine, persona, how):
    conversation_type, _, _, cause = PERSONAS[persona]
    replies = await talk(teams(conversation_type), persona, how)
    assert len(replies) == 1
    reply = replies[0]
    assert reply["value"]["causes"] == [cause] and reply["value"]["state"] == "diagnosis"
    section = STATED_IN[cause]
    assert engine.kb.facts(section)[0].markdown in reply["text"]
    assert f"]({engine.kb.cite(section)['url']})" in reply["text"] and "**Fix:**" in reply["text"]
    assert [a["data"]["answer"] for a in last_card(replies)["actions"]] == ["fixed", "not_fixed"]


async def test_an_agent_sees_the_powershell_line_with_the_upn_over_the_endpoint(teams):
    user = teams()
    await user.say("agent")
    await user.say("troubleshoot for diego@contoso.com")
    replies = await user.say("I can't record")
    replies = await user.click(button(replies, "call"))
    text = replies[0]["text"]
    assert "Get-CsOnlineUser -Identity diego@contoso.com |" in text and "Get-CsTeamsCallingPolicy" in text
    assert last_card(replies)["actions"][0]["data"] == {"state": "check_calling_policy", "answer": "on"}


async def test_a_correction_and_a_contradiction_reach_teams(teams):
    user = teams()
    replies = await user.say("I can't record")
    for answer in ("meeting", "presenter", "member", "not_asked", "on", "on", "onedrive", "yes", "user_not_enabled"):
        replies = await user.click(button(replies, answer))
    assert replies[0]["value"]["contradictions"] == [
        {"check": "check_policy", "said": "on", "found": "user_not_enabled", "by": "run_diagnostic"}]
    replies = await user.say("sorry, it's off")
    assert replies[0]["text"].startswith("Changed the recorder's Allow cloud recording")
    assert "contradictions" not in replies[0]["value"] and replies[0]["value"]["checks"]["check_policy"] == "off"
