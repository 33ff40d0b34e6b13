"""Conversations in Teams, posted as Teams posts them, answered as the engine answers."""
from __future__ import annotations

import logging

import pytest

from bot.web.app import create_app
from bot.storage import InMemoryStorage
from bot.errors import StorageUnavailableError
from dialogs.engine import Engine
from dialogs.replies import TurnInput

from tests.support.teams_fakes import BOT_NAME, TeamsUser, as_sent, cards, received, submits


class Expected:
    """The same conversation held directly with the engine: what the user should see, turn by turn."""

    def __init__(self, engine: Engine):
        self.engine, self.session = engine, None

    def says(self, text: str = "", value=None) -> list[dict]:
        result = self.engine.turn(self.session, TurnInput(text=text, value=value))
        self.session = result.session
        return [as_sent(r) for r in result.replies]


async def test_the_welcome_card_arrives_once_when_the_bot_is_added(teams, engine):
    user = teams()
    first = await user.post(user.bot_added())
    again = await user.post(user.bot_added())  # Teams sometimes repeats the event
    assert [received(a) for a in first] == [as_sent(r) for r in engine.welcome()]
    buttons = [a["data"] for a in cards(first)[0]["actions"]]
    assert {"command": "agent"} in buttons and {"command": "help"} in buttons
    assert again == []


async def test_someone_else_joining_gets_no_welcome(teams):
    user = teams("groupChat")
    body = user.activity("conversationUpdate", membersAdded=[{"id": "29:1bianca"}])
    assert await user.post(body) == []


async def test_a_personal_chat_message_is_answered_as_the_engine_answers(teams, engine):
    user, expected = teams(), Expected(engine)
    replies = await user.say("I can't record my meeting")
    assert [received(a) for a in replies] == expected.says("I can't record my meeting")
    assert replies[0]["textFormat"] == "markdown"


async def test_the_conversation_continues_across_turns(teams, engine):
    user, expected = teams(), Expected(engine)
    for text in ("I can't record my meeting", "help", "summary"):
        assert [received(a) for a in await user.say(text)] == expected.says(text)


@pytest.mark.parametrize("conversation_type", ["groupChat", "channel"])
async def test_in_groups_the_bot_answers_only_when_mentioned(teams, engine, conversation_type):
    user, expected = teams(conversation_type), Expected(engine)
    assert await user.say("I can't record my meeting") == []
    replies = await user.say("I can't record my meeting", mention=True)
    assert [received(a) for a in replies] == expected.says("I can't record my meeting")


async def test_the_mention_is_removed_before_triage(teams, engine):
    user, expected = teams("channel"), Expected(engine)
    replies = await user.say("I'm a guest and can't record", mention=True)
    assert [received(a) for a in replies] == expected.says("I'm a guest and can't record")
    assert BOT_NAME not in (replies[0].get("text") or "")


async def test_a_card_click_reaches_the_engine(teams, engine):
    user, expected = teams(), Expected(engine)
    welcome = await user.post(user.bot_added())
    start = cards(welcome)[0]["actions"][0]["data"]
    replies = await user.click(start)
    assert [received(a) for a in replies] == expected.says(value=start)


async def test_a_card_click_in_a_group_needs_no_mention(teams, engine):
    user, expected = teams("groupChat"), Expected(engine)
    asked = await user.say("I can't record", mention=True)
    expected.says("I can't record")
    assert submits(cards(asked)[-1])[0]["state"] == "check_meeting_type"
    replies = await user.click({"state": "check_meeting_type", "answer": "call"})
    assert replies and [received(a) for a in replies] == expected.says(value={"state": "check_meeting_type",
                                                                            "answer": "call"})
    assert submits(cards(replies)[0])[0]["state"] == "check_calling_policy"


@pytest.mark.parametrize("body", [
    {"type": "typing"},
    {"type": "messageReaction", "reactionsAdded": [{"type": "like"}], "replyToId": "1:1"},
    {"type": "installationUpdate", "action": "add"},
    {"type": "installationUpdate", "action": "remove"},
    {"type": "event", "name": "application/vnd.microsoft.meetingStart", "value": {}},
    {"type": "messageUpdate", "text": "edited"},
    {"type": "endOfConversation"},
    {"type": "somethingNew"},
], ids=lambda b: b["type"] + ("/" + b["action"] if "action" in b else ""))
async def test_other_activities_are_accepted_quietly(teams, body):
    user, fields = teams(), dict(body)
    assert await user.post(user.activity(fields.pop("type"), **fields)) == []


async def test_the_machine_readable_value_reaches_teams(teams, engine):
    user, expected = teams(), Expected(engine)
    await user.say("I can't record my meeting")
    expected.says("I can't record my meeting")
    summary = await user.say("summary")
    wanted = expected.says("summary")
    assert wanted[0]["value"] and summary[0]["value"] == wanted[0]["value"]


class ExplodingEngine(Engine):
    """The real engine, failing on one message: a bug in a turn, as the host sees it."""

    def turn(self, saved, inp):
        if inp.text == "explode":
            raise RuntimeError("a bug in the engine")
        return super().turn(saved, inp)


async def test_a_failed_turn_apologises_with_a_code_and_keeps_the_progress(aiohttp_client, settings, connector,
                                                                         engine, caplog):
    client = await aiohttp_client(create_app(settings, engine=ExplodingEngine()))
    user, expected = TeamsUser(client, connector.url, connector), Expected(engine)
    await user.say("I can't record my meeting")
    expected.says("I can't record my meeting")

    with caplog.at_level(logging.INFO):
        apology = await user.say("explode")
    failure = next(r for r in caplog.records if r.levelno == logging.ERROR)
    reference = failure.getMessage().split("ref=")[1].split()[0]
    assert [received(a) for a in apology] == [as_sent(engine.apology(reference))]
    assert failure.exc_info and "a bug in the engine" in caplog.text and "Traceback" in caplog.text

    answer = {"state": "check_meeting_type", "answer": "meeting"}  # the question asked before the failure
    assert [received(a) for a in await user.click(answer)] == expected.says(value=answer)


class FlakyStore(InMemoryStorage):
    """The memory store, down while ``down`` is set: what a dropped database connection looks like."""

    down = False

    async def read(self, keys):
        if self.down:
            raise StorageUnavailableError("database is locked")
        return await super().read(keys)


async def test_a_store_outage_asks_to_try_again_and_loses_nothing(aiohttp_client, settings, connector, engine):
    store = FlakyStore()
    client = await aiohttp_client(create_app(settings, engine=engine, store=store))
    user, expected = TeamsUser(client, connector.url, connector), Expected(engine)
    await user.say("I can't record my meeting")
    expected.says("I can't record my meeting")

    store.down = True
    assert [received(a) for a in await user.say("help")] == [as_sent(engine.try_again())]
    health = await client.get("/healthz")
    assert health.status == 200  # the memory store's own check; the outage here is on reads only

    store.down = False
    answer = {"state": "check_meeting_type", "answer": "event"}
    assert [received(a) for a in await user.click(answer)] == expected.says(value=answer)


async def test_each_turn_logs_one_line_without_what_anyone_wrote(teams, caplog):
    user = teams("groupChat")
    with caplog.at_level(logging.DEBUG):
        await user.post(user.bot_added())
        await user.say("troubleshoot for adele.vance@contoso.com please", mention=True)
        await user.say("no mention here")
    turns = [r for r in caplog.records if r.name == "bot.turns"]
    assert len(turns) == 3
    conv = turns[0].getMessage().split("conv=")[1].split()[0]
    # The fake Bot Connector's own access log is not the bot's: its URLs carry the id, as Teams' do.
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name != "aiohttp.access")
    assert len(conv) == 12 and user.conversation_id not in logged
    assert all(f"conv={conv}" in r.getMessage() and " state=" in r.getMessage() and " outcome=" in r.getMessage()
               and " ms=" in r.getMessage() for r in turns)
    assert "outcome=welcome" in turns[0].getMessage() and "outcome=not_mentioned" in turns[2].getMessage()
    said = " ".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    for secret in ("adele.vance@contoso.com", "Adele", "troubleshoot", "no mention", BOT_NAME):
        assert secret not in said


async def test_a_failed_action_execute_is_answered_without_a_5xx(aiohttp_client, settings, connector, engine):
    class Failing(Engine):
        def turn(self, saved, inp):
            raise RuntimeError("a bug in the engine")

    client = await aiohttp_client(create_app(settings, engine=Failing()))
    user = TeamsUser(client, connector.url, connector)
    body = user.activity("invoke", name="adaptiveCard/action",
                         value={"action": {"type": "Action.Execute", "data": {"state": "welcome", "answer": "start"}}})
    response = await client.post("/api/messages", json=body)
    assert response.status == 200
    answer = await response.json()
    assert answer["type"] == "application/vnd.microsoft.error"
    reference = answer["value"]["message"].split("reference ")[1].rstrip(").")
    assert [received(a) for a in connector.take()] == [as_sent(engine.apology(reference))]


async def test_replies_of_many_turns_reuse_one_connection_to_the_bot_connector(teams, connector):
    """The Agents SDK, as its quickstart runs, opens a new HTTP session (and connection) for every turn."""
    replies = []
    for _ in range(2):
        user = teams()
        replies += await user.post(user.bot_added()) + await user.say("I can't record my meeting")
    assert len(replies) >= 4 and len(connector.connections) == len(replies)
    assert len(set(connector.connections)) == 1, connector.connections


async def test_anonymous_mode_is_said_once_at_start_and_never_per_turn(aiohttp_client, settings, engine, connector,
                                                                       caplog):
    """The Agents SDK, as its quickstart runs in anonymous mode, warns on every turn."""
    with caplog.at_level(logging.INFO):
        user = TeamsUser(await aiohttp_client(create_app(settings, engine=engine)), connector.url, connector)
        for text in ("I can't record my meeting", "help", "summary"):
            await user.say(text)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "anonymous mode" in warnings[0].getMessage(), [r.getMessage() for r in warnings]
