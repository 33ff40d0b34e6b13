"""Issue 22, the host's side: what Teams already knows is read from the Bot Connector and handed to the engine
(``TurnInput.read``), never in the way. On both hosts, over the real HTTP endpoint, against the stand-in
Bot Connector's meeting, participant and member routes (tests/support/teams_directory.py)."""
from __future__ import annotations

import logging
import time
import uuid
from types import SimpleNamespace

import pytest
from tests.support.teams_fakes import TENANT, TeamsUser

from bot.web.app import create_app
from bot.settings import Settings, SettingsError
from bot.hosts.teams_context import auth_type_of, read_facts
from tests.support.teams_directory import Meeting, Person

BOUND = 1.0  # BOT_TEAMS_READ_TIMEOUT_S in these tests
SLACK = 1.5  # what a loaded 2-core machine adds to a turn beyond the read
OTHER_TENANT = "0d0f1e2a-0000-4000-8000-0000000fab01"
ADELE = Person(id="29:1adele", aad_object_id="a9a0c1e2-0000-4000-8000-0000000000ad", name="Adele Vance",
               tenant_id=TENANT)  # who TeamsUser's messages come from
ALEX = Person(id="29:1alexorganizer", aad_object_id="b7c1d2e3-0000-4000-8000-0000000000a1", name="Alex Wilber",
              tenant_id=TENANT)
READ_ONLY = ("Alex Wilber", "alex@contoso.example", "adele@contoso.example", "Attendee", "Quarterly review",
             "meetup-join", OTHER_TENANT, ALEX.aad_object_id)  # strings that only the Bot Connector's answers hold


@pytest.fixture
def settings(tmp_path, sdk) -> Settings:
    return Settings(storage="memory", state_path=tmp_path / "state.db", sdk=sdk, teams_read_timeout_s=BOUND)


@pytest.fixture
def inputs(engine, monkeypatch) -> list:
    """Every TurnInput the engine receives, in order: what bot/ passes across the boundary."""
    seen = []
    turn = engine.turn

    def recording(session, inp):
        seen.append(inp)
        return turn(session, inp)

    monkeypatch.setattr(engine, "turn", recording)
    return seen


@pytest.fixture
def directory(connector):
    yield connector.directory
    connector.directory.release()


def meeting_chat(teams, directory, meeting_type: str = "Scheduled", role: str = "Attendee",
                 organizer: Person = ALEX, person: Person = ADELE) -> tuple[TeamsUser, str]:
    """A meeting's chat with the bot in it, and the meeting id Teams puts in its activities' channelData."""
    user = teams("groupChat")
    meeting_id = "MCMxOTptZWV0aW5nX" + uuid.uuid4().hex[:16] + "QHRocmVhZC52MiMw=="  # base64, as Teams' are
    directory.add_meeting(Meeting(meeting_id, meeting_type, organizer, TENANT, user.conversation_id),
                          *([(person, role)] if person is not organizer else []))
    return user, meeting_id


def in_meeting(user: TeamsUser, meeting_id: str, text: str = "I can't record this meeting") -> dict:
    return user.message(text, mention=True, channelData={"tenant": {"id": TENANT}, "meeting": {"id": meeting_id}})


def reads(records) -> list[logging.LogRecord]:
    return [r for r in records if r.name == "bot.teams_read" and r.levelno >= logging.INFO]


async def test_an_attendee_in_a_meeting_chat_is_read_as_an_attendee_once(teams, directory, inputs):
    user, meeting_id = meeting_chat(teams, directory)
    replies = await user.post(in_meeting(user, meeting_id))
    assert replies, "the bot did not answer"
    assert inputs[-1].read == {"check_meeting_type": "meeting", "check_meeting_role": "attendee",
                               "check_organizer": "someone_else", "check_auth_type": "member"}
    paths = sorted(r["path"].split("/")[2] for r in directory.requests)
    assert paths == ["conversations", "meetings", "meetings"], directory.requests
    participant = next(r for r in directory.requests if "/participants/" in r["path"])
    assert participant["path"].endswith(f"/participants/{ADELE.aad_object_id}")
    assert participant["query"] == {"tenantId": TENANT}
    assert all(r["authorization"] is None for r in directory.requests), "a token in local anonymous mode"

    await user.say("help", mention=True)
    assert len(directory.requests) == 3, "read again on a later turn of the same person"
    assert inputs[-1].read == inputs[0].read, "a later turn did not carry what was read"


async def test_the_organizer_of_a_town_hall_is_read_as_such(teams, directory, inputs):
    user, meeting_id = meeting_chat(teams, directory, "Broadcast", organizer=ADELE, person=ADELE)
    await user.post(in_meeting(user, meeting_id))
    assert inputs[-1].read == {"check_meeting_type": "event", "check_meeting_role": "organizer",
                               "check_organizer": "me", "check_auth_type": "member"}


@pytest.mark.parametrize("record, expected", [
    ({"user_role": "guest", "tenant_id": TENANT}, "guest"),
    ({"user_role": "anonymous", "tenant_id": ""}, "anonymous"),
    ({"user_role": "user", "tenant_id": OTHER_TENANT}, "federated"),
    ({"user_role": "user", "tenant_id": TENANT}, "member"),
], ids=["guest", "anonymous", "other tenant", "member"])
async def test_the_member_record_says_how_the_person_joined_in_any_chat(teams, directory, inputs, record, expected):
    user = teams("personal")
    directory.add_member(user.conversation_id, Person(ADELE.id, ADELE.aad_object_id, **record))
    assert await user.say("I can't record")
    assert inputs[-1].read == {"check_auth_type": expected}
    assert [r["path"] for r in directory.requests] == [
        f"/v3/conversations/{user.conversation_id}/members/{ADELE.id}"], "a meeting read outside a meeting chat"


@pytest.mark.parametrize("mode", [403, 404, 429, 500, "hang", "not_json"])
async def test_a_refusal_or_an_outage_falls_back_to_asking_within_the_bound(teams, directory, inputs, caplog, mode):
    user, meeting_id = meeting_chat(teams, directory)
    directory.mode = mode
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    replies = await user.post(in_meeting(user, meeting_id))
    took = time.monotonic() - started
    assert replies, "the turn was not answered"
    assert inputs[-1].read == {}
    assert took < BOUND + SLACK, f"the turn took {took:.1f} s"
    if mode == "hang":
        assert took >= BOUND * 0.9, f"the turn did not wait for the read ({took:.2f} s)"
    lines = reads(caplog.records)
    assert len(lines) == 1, [r.getMessage() for r in lines]
    line = lines[0].getMessage()
    assert lines[0].levelno == logging.WARNING
    expected = "timeout" if mode == "hang" else str(mode)
    assert all(f"{call}={expected}" in line for call in ("meeting", "participant", "member")), line
    assert meeting_id not in line and ADELE.aad_object_id not in line and "29:" not in line
    assert not [r for r in caplog.records if r.exc_info or "Traceback" in r.getMessage()]

    await user.say("help", mention=True)
    assert len(reads(caplog.records)) == 1, "a failed read was tried again at once"
    assert inputs[-1].read == {}


async def test_without_consent_for_the_meeting_the_member_record_still_answers(teams, directory, inputs, caplog):
    """The app added to the chat but its meeting RSC not granted: the meeting reads are refused, the rest is read."""
    user, meeting_id = meeting_chat(teams, directory)
    directory.modes.update(meeting=403, participant=403)
    caplog.set_level(logging.INFO)
    assert await user.post(in_meeting(user, meeting_id))
    assert inputs[-1].read == {"check_auth_type": "member"}
    assert [r.getMessage().split(" ms=")[0] for r in reads(caplog.records)] == [
        "read from Teams incomplete, asking instead: meeting=403 participant=403 member=ok"]


async def test_what_is_read_never_reaches_the_logs_even_at_debug(teams, directory, inputs, caplog):
    caplog.set_level(logging.DEBUG)
    user, meeting_id = meeting_chat(teams, directory)
    directory.add_member(user.conversation_id, Person(ADELE.id, ADELE.aad_object_id, tenant_id=OTHER_TENANT))
    await user.post(in_meeting(user, meeting_id))
    assert inputs[-1].read["check_auth_type"] == "federated"
    logged = "\n".join(f"{r.name} {r.getMessage()} {getattr(r, 'fields', '')}" for r in caplog.records)
    assert [s for s in READ_ONLY if s in logged] == []
    assert not [r for r in caplog.records if r.exc_info]


async def test_reading_can_be_turned_off(aiohttp_client, connector, settings, engine, inputs):
    client = await aiohttp_client(create_app(settings.with_(teams_read_timeout_s=0), engine=engine))
    user = TeamsUser(client, connector.url, connector, "personal")
    connector.directory.add_member(user.conversation_id, Person(ADELE.id, ADELE.aad_object_id, user_role="guest"))
    assert await user.say("I can't record")
    assert connector.directory.requests == [] and inputs[-1].read == {}


async def test_an_expect_replies_turn_reads_nothing(bot_client, directory, inputs):
    """Its caller collects the replies itself: its service URL is no Bot Connector to read from."""
    user = TeamsUser(bot_client, "http://127.0.0.1:9/", None, "personal")
    response = await bot_client.post("/api/messages", json=user.message("I can't record", deliveryMode="expectReplies"))
    assert response.status == 200 and (await response.json())["activities"]
    assert directory.requests == [] and inputs[-1].read == {}


@pytest.mark.parametrize("teams_type, expected", [
    ("Scheduled", "meeting"), ("Recurring", "meeting"), ("MeetNow", "meeting"), ("ChannelScheduled", "meeting"),
    ("Broadcast", "event"), ("GroupCall", "call"), ("OneToOneCall", "call"), ("Unknown", None), (None, None)])
def test_teams_meeting_types_map_to_the_engines_choices(teams_type, expected):
    activity = SimpleNamespace(from_property=SimpleNamespace(id="29:1a", aad_object_id="a"), channel_data={},
                               conversation=SimpleNamespace(id="19:x", tenant_id=None))
    facts = read_facts(activity, {"details": {"type": teams_type}}, None, None)
    assert facts.get("check_meeting_type") == expected


def test_a_record_that_settles_nothing_reads_as_nothing():
    assert auth_type_of({}, TENANT) is None
    assert auth_type_of({"userRole": "user"}, None) == "member"
    assert auth_type_of({"tenantId": OTHER_TENANT}, TENANT) == "federated"
    assert auth_type_of({"tenantId": TENANT.upper()}, TENANT) == "member"


@pytest.mark.parametrize("value", ["-1", "11", "soon"])
def test_a_read_bound_out_of_range_is_refused_at_start(value):
    with pytest.raises(SettingsError, match="BOT_TEAMS_READ_TIMEOUT_S"):
        Settings.from_env({"BOT_TEAMS_READ_TIMEOUT_S": value})
