"""Replies under Teams' own limits: a Bot Connector that throttles, fails, drops and hangs, on both hosts.

What a person notices: a reply the Bot Connector throttled arrives anyway, a little
later; one it never takes is not silently lost (the conversation waits on the
question they never saw, and their next message or click brings it back); and a
hung Bot Connector holds neither their turn past its time limit nor anyone
else's replies.
"""
from __future__ import annotations

import asyncio
import logging
import time

import pytest

from bot.hosts.delivery import ReplyDelivery
from bot.web.app import create_app

from tests.support.teams_fakes import TeamsUser, cards

FIRST = "I can't record my meeting"


def pending_of(replies: list[dict]) -> str | None:
    """The question the last card asks (its buttons' ``state``; a "Why? / Sources" ``Action.ShowCard`` has none)."""
    found = cards(replies)
    states = {a["data"].get("state") for a in found[-1]["actions"] if a["type"] == "Action.Submit"} if found else set()
    return states.pop() if len(states) == 1 else None


def undelivered_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "reply not delivered" in r.getMessage()]


async def user_with(aiohttp_client, settings, engine, connector, **changes) -> TeamsUser:
    client = await aiohttp_client(create_app(settings.with_(**changes), engine=engine))
    return TeamsUser(client, connector.url, connector)


@pytest.mark.parametrize("fault", ["throttle", "unavailable"])
async def test_a_throttled_reply_arrives_after_the_time_teams_asked_to_wait(teams, connector, fault):
    """429 and 503 with ``Retry-After``: each try waits that long, and the reply arrives once."""
    connector.faults, connector.retry_after = [fault, fault], "0.3"
    user = teams()
    started = time.monotonic()
    replies = await user.say(FIRST)
    took = time.monotonic() - started
    assert pending_of(replies) == "check_meeting_role" and len(replies) == 1
    assert connector.attempts == 3
    assert took >= 0.6, f"Retry-After was not honoured: {took:.2f} s for two throttled tries"


async def test_a_throttled_reply_without_retry_after_is_retried_with_backoff(aiohttp_client, settings, engine,
                                                                           connector):
    user = await user_with(aiohttp_client, settings, engine, connector, reply_budget_s=5.0)
    connector.faults, connector.retry_after = ["throttle", "unavailable", "throttle"], ""
    replies = await user.say(FIRST)
    assert pending_of(replies) == "check_meeting_role" and connector.attempts == 4


@pytest.mark.parametrize("faults", [["error"], ["drop"], ["error", "drop"]])
async def test_a_failing_or_dropped_reply_is_tried_again(aiohttp_client, settings, engine, connector, faults):
    user = await user_with(aiohttp_client, settings, engine, connector, reply_budget_s=5.0)
    connector.faults = list(faults)
    replies = await user.say(FIRST)
    assert pending_of(replies) == "check_meeting_role"
    assert connector.attempts == len(faults) + 1


async def test_a_bot_connector_that_keeps_failing_is_tried_three_times_then_the_reply_is_one_log_line(
        aiohttp_client, settings, engine, connector, caplog):
    user = await user_with(aiohttp_client, settings, engine, connector, reply_budget_s=5.0)
    connector.faults = ["error"] * 10
    with caplog.at_level(logging.INFO):
        assert await user.say(FIRST) == []
    assert connector.attempts == 3
    assert len(undelivered_lines(caplog)) == 1 and "HTTP 500" in undelivered_lines(caplog)[0]
    assert not any(r.exc_info for r in caplog.records if r.levelno >= logging.ERROR)


async def test_a_refused_reply_is_not_retried(teams, connector, caplog):
    """403: the bot was removed from the conversation; trying again would not help."""
    connector.faults = ["forbidden"] * 3
    with caplog.at_level(logging.INFO):
        await teams().say(FIRST)
    assert connector.attempts == 1 and "HTTP 403" in undelivered_lines(caplog)[0]


async def test_retries_stop_within_the_turns_budget(aiohttp_client, settings, engine, connector, caplog):
    """Teams asks to wait longer than the turn has: the turn ends at once rather than hold the request."""
    user = await user_with(aiohttp_client, settings, engine, connector, reply_budget_s=1.0)
    connector.faults, connector.retry_after = ["throttle"] * 10, "5"
    started = time.monotonic()
    with caplog.at_level(logging.INFO):
        await user.say(FIRST)
    assert time.monotonic() - started < 1.5
    assert connector.attempts == 1 and len(undelivered_lines(caplog)) == 1


async def test_a_hung_reply_post_ends_at_its_timeout(aiohttp_client, settings, engine, connector, caplog):
    """The Agents SDK's own POST waits aiohttp's five minutes; botbuilder's waits for ever."""
    user = await user_with(aiohttp_client, settings, engine, connector, reply_timeout_s=0.5, reply_budget_s=5.0)
    connector.hung_conversations.add(user.conversation_id)
    started = time.monotonic()
    with caplog.at_level(logging.INFO):
        await user.say(FIRST)
    took = time.monotonic() - started
    assert took < 2.0, f"the turn was held {took:.1f} s by one hung POST"
    assert len(undelivered_lines(caplog)) == 1 and "no answer within 0.5 s" in undelivered_lines(caplog)[0]


async def test_after_a_lost_reply_the_same_click_again_brings_the_question_back(teams, connector, caplog):
    """They clicked "Organizer", saw nothing, and click it again: that is no double-click, they get the next
    question they never saw; their answer was kept."""
    user = teams()
    assert pending_of(await user.say(FIRST)) == "check_meeting_role"
    meeting = {"state": "check_meeting_role", "answer": "organizer"}
    connector.faults = ["error"] * 100
    with caplog.at_level(logging.INFO):
        assert await user.click(meeting) == []
    connector.faults = []
    assert len(undelivered_lines(caplog)) == 1
    again = await user.click(meeting)
    assert pending_of(again) == "check_auth_type", "the repeated click got nothing (taken for a double-click)"
    summary = await user.say("summary")
    assert summary[0]["value"]["checks"] == {"check_meeting_type": "meeting", "check_meeting_role": "organizer"}
    assert await user.click(meeting) == [], "once the question arrived, a double-click is one again"


async def test_after_a_lost_reply_a_typed_message_brings_the_question_back(teams, connector):
    user = teams()
    await user.say(FIRST)
    connector.faults = ["error"] * 100
    assert await user.click({"state": "check_meeting_role", "answer": "organizer"}) == []
    connector.faults = []
    replies = await user.say("hello?")
    assert pending_of(replies) == "check_auth_type"


async def test_hung_replies_in_some_conversations_hold_up_no_other_conversation(
        aiohttp_client, settings, engine, connector):
    """botbuilder posted replies on asyncio's six default threads: six hung POSTs stopped every other reply."""
    app = create_app(settings.with_(reply_timeout_s=30.0, reply_budget_s=30.0), engine=engine)
    client = await aiohttp_client(app)
    stuck = [TeamsUser(client, connector.url, connector) for _ in range(12)]
    connector.hung_conversations.update(user.conversation_id for user in stuck)
    held = [asyncio.ensure_future(user.say(FIRST)) for user in stuck]
    while connector.attempts < len(stuck):
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.2)
    healthy = TeamsUser(client, connector.url, connector)
    started = time.monotonic()
    replies = await asyncio.wait_for(healthy.say(FIRST), 10)
    assert pending_of(replies) == "check_meeting_role"
    assert time.monotonic() - started < 2.0
    for turn in held:
        turn.cancel()
    await asyncio.gather(*held, return_exceptions=True)


async def test_time_running_out_between_tries_keeps_what_the_tries_met(aiohttp_client, settings, engine, connector,
                                                                         caplog, monkeypatch):
    """A machine that stalls past the turn's time while waiting to try again: the line still says HTTP 503."""
    user = await user_with(aiohttp_client, settings, engine, connector, reply_budget_s=0.5)
    connector.faults, connector.retry_after = ["unavailable"] * 10, "0.1"

    async def stalled(self, seconds: float) -> None:
        await asyncio.sleep(0.6)

    monkeypatch.setattr(ReplyDelivery, "_pause", stalled)
    with caplog.at_level(logging.INFO):
        await user.say(FIRST)
    lines = undelivered_lines(caplog)
    assert len(lines) == 1 and "HTTP 503; no time left in the turn" in lines[0], lines
