"""An agent pastes PowerShell output into Teams: it reaches the engine with its lines and columns, and is read."""
from __future__ import annotations

from tests.support.teams_fakes import cards

FORMAT_TABLE = """Identity     AllowCloudRecording ExplicitRecordingConsent
--------     ------------------- ------------------------
Global       False               Disabled"""


async def test_a_pasted_table_keeps_its_columns_and_answers_the_policy_question(teams):
    agent = teams()
    await agent.say("agent")
    await agent.say("the user organizes the meeting and can't record it")
    replies = await agent.click({"state": "check_auth_type", "answer": "member"})
    assert cards(replies)[-1]["actions"][0]["data"]["state"] == "check_policy"
    replies = await agent.say(FORMAT_TABLE, mention=True)
    text = " ".join(r.get("text") or "" for r in replies)
    assert "Read from your paste: `AllowCloudRecording False`" in text
    assert cards(replies)[-1]["body"][0]["text"] == "Did that fix it?"


async def test_a_mention_inside_a_pasted_list_is_removed_and_the_lines_stay(teams):
    agent = teams()
    await agent.say("agent")
    await agent.say("user organizes the meeting and can't record")
    await agent.click({"state": "check_auth_type", "answer": "member"})
    replies = await agent.say("Identity            : Global\nAllowCloudRecording : True", mention=True)
    assert "`AllowCloudRecording : True`" in " ".join(r.get("text") or "" for r in replies)
