"""What the host puts on the wire is exactly what botbuilder's own serializer would have sent, and what it reads
from the wire exactly what msrest would have read."""
import copy
import re
from datetime import datetime, timedelta
from unittest.mock import patch

import pytest
from botbuilder.core import TurnContext
from botbuilder.schema import Activity, Entity, ExpectedReplies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msrest.serialization import Deserializer, Model

from bench.conversations import Conversation, click, typed
from bot.errors import BadRequest
from bot.hosts.botbuilder.adapter import activity_from
from bot.hosts.botbuilder.wire import _timestamp, from_wire, reply_activity, to_wire
from dialogs.replies import TurnInput
from tests.support.teams_fakes import TeamsUser

TEAMS_MESSAGE = {
    "type": "message", "id": "1", "channelId": "msteams", "serviceUrl": "https://smba.trafficmanager.net/emea/",
    "from": {"id": "29:1", "name": "Adele Vance", "aadObjectId": "00000000-0000-0000-0000-000000000001"},
    "recipient": {"id": "28:bot", "name": "Recording Troubleshooter"},
    "conversation": {"id": "19:abc@thread.v2", "conversationType": "channel", "tenantId": "t1"},
    "text": "<at>Recording Troubleshooter</at> I'm a guest", "timestamp": "2026-11-24T07:00:00.123Z",
    "channelData": {"tenant": {"id": "t1"}, "channel": {"id": "19:abc@thread.v2"}},
    "entities": [{"type": "mention", "text": "<at>Recording Troubleshooter</at>",
                  "mentioned": {"id": "28:bot", "name": "Recording Troubleshooter"}},
                 {"type": "clientInfo", "locale": "en-US", "platform": "Web"}],
}


def replies_of(engine, *inputs):
    session, replies = None, []
    for inp in inputs:
        result = engine.turn(session, inp)
        session, replies = result.session, replies + result.replies
    return replies


def test_replies_with_cards_and_values_serialize_as_msrest_would(engine):
    incoming = Activity().deserialize(TEAMS_MESSAGE)
    reference = TurnContext.get_conversation_reference(incoming)
    replies = replies_of(engine, TurnInput(value={"state": "welcome", "answer": "start"}),
                         TurnInput(text="I'm a guest and can't record"), TurnInput(text="summary"))
    activities = [TurnContext.apply_conversation_reference(reply_activity(r), reference) for r in replies]
    assert any(a.value for a in activities) and all(a.attachments for a in activities)
    for activity in [*activities, incoming]:
        assert to_wire(activity) == activity.serialize()
    assert {"activities": [to_wire(a) for a in activities]} == ExpectedReplies(activities=activities).serialize()


def test_the_sdk_addresses_a_copy_of_each_reply_and_leaves_the_reply_as_built(engine):
    """TurnContext.send_activities copies every reply and sets the conversation on the copy: ours is shallow."""
    incoming = Activity().deserialize(TEAMS_MESSAGE)
    reference = TurnContext.get_conversation_reference(incoming)
    for reply in replies_of(engine, TurnInput(text="I'm a guest and can't record")):
        built = reply_activity(reply)
        before = to_wire(built)
        sent = TurnContext.apply_conversation_reference(copy.deepcopy(built), reference)
        assert to_wire(built) == before and "conversation" not in before
        assert to_wire(sent) == {**before, **to_wire(TurnContext.apply_conversation_reference(built, reference))}
        assert sent.conversation.id == "19:abc@thread.v2"


# What comes in: every activity shape the tests and the benchmark post, parsed as msrest parses it.

def _user(conversation_type: str = "personal") -> TeamsUser:
    return TeamsUser(None, "https://smba.trafficmanager.net/emea/", None, conversation_type)


BENCH = Conversation("wire")
CHANNEL_MESSAGE = {  # as Teams posts an @mention in a channel: team and channel in channelData, a local time
    "type": "message", "id": "1712345678901", "timestamp": "2024-05-02T09:15:00.1234567Z",
    "localTimestamp": "2024-05-02T11:15:00.123+02:00", "localTimezone": "Europe/Berlin",
    "channelId": "msteams", "serviceUrl": "https://smba.trafficmanager.net/emea/",
    "from": {"id": "29:1adele", "name": "Adele Vance", "aadObjectId": "a9a0c1e2-0000-4000-8000-0000000000ad"},
    "conversation": {"isGroup": True, "conversationType": "channel", "tenantId": "t1",
                     "id": "19:abc@thread.tacv2;messageid=1712345678901"},
    "recipient": {"id": "28:bot", "name": "Recording Troubleshooter"}, "textFormat": "plain", "locale": "en-US",
    "text": "<at>Recording Troubleshooter</at> I can't record",
    "attachments": [{"contentType": "text/html", "content": "<div><at>Recording Troubleshooter</at> I can't record</div>"}],
    "entities": [{"type": "mention", "text": "<at>Recording Troubleshooter</at>",
                  "mentioned": {"id": "28:bot", "name": "Recording Troubleshooter"}},
                 {"type": "clientInfo", "locale": "en-US", "country": "US", "platform": "Web", "timezone": "Europe/Berlin"}],
    "channelData": {"teamsChannelId": "19:abc@thread.tacv2", "teamsTeamId": "19:team@thread.tacv2",
                    "channel": {"id": "19:abc@thread.tacv2"}, "team": {"id": "19:team@thread.tacv2", "name": "Ops"},
                    "tenant": {"id": "t1"}},
}
SHAPES = {
    "bench: typed text": BENCH.activity(typed("I'm a guest and can't record")),
    "bench: a click": BENCH.activity(click("welcome", "start")),
    "bench: a click, no expectReplies": BENCH.activity(click("diagnosis", "fixed"), delivery_mode=None),
    "personal chat": _user().message("I can't record my meeting"),
    "group chat, mentioned": _user("groupChat").message("I can't record my meeting", mention=True),
    "channel, mentioned": _user("channel").message("I can't record my meeting", mention=True),
    "channel, team and channel in channelData": CHANNEL_MESSAGE,
    "a test's channel message": TEAMS_MESSAGE,
    "a card click": _user().message("", value={"state": "welcome", "answer": "start"}),
    "the bot added": _user().bot_added(),
    "a member removed": _user("groupChat").activity("conversationUpdate", membersRemoved=[{"id": "29:1", "name": "A"}]),
    "Action.Execute": _user().activity("invoke", name="adaptiveCard/action", value={
        "action": {"type": "Action.Execute", "data": {"state": "welcome", "answer": "start"}}, "trigger": "manual"}),
    "a message extension query": _user().activity("invoke", name="composeExtension/query",
                                                  value={"commandId": "search", "parameters": [{"name": "q"}]}),
    "healthCheck": _user().activity("invoke", name="healthCheck"),
    "nulls and empties": {"type": "message", "text": "", "value": None, "entities": [], "channelData": {},
                          "conversation": {"id": "a:1", "isGroup": False}, "attachments": [None]},
    "every kind of field": {
        "type": "message", "expiration": "2030-01-01T00:00:00+05:30", "historyDisclosed": True,
        "listenFor": ["yes", None], "textHighlights": [{"text": "record", "occurrence": 2}],
        "reactionsAdded": [{"type": "like"}], "suggestedActions": {"to": ["29:1"], "actions": [
            {"type": "imBack", "title": "Yes", "value": "yes", "channelData": {"n": 1.5}}]},
        "relatesTo": {"activityId": "1", "user": {"id": "29:1"}, "conversation": {"id": "a:1"}, "extra": [1]},
        "semanticAction": {"id": "s", "state": "start", "entities": {"e": {"type": "x", "y": 1}}},
        "conversation": {"id": "a:1", "tenantID": "t1", "properties": {"a": [1, {"b": None}]}}},
}


def anatomy(value):
    """Everything two parsed activities must share: the class of every part, every attribute (unknown keys
    included), the offset and tzinfo class of every datetime."""
    if isinstance(value, Model):
        return type(value), {name: anatomy(item) for name, item in vars(value).items()}
    if isinstance(value, dict):
        return dict, {key: anatomy(item) for key, item in value.items()}
    if isinstance(value, list):
        return list, [anatomy(item) for item in value]
    if isinstance(value, datetime):
        return datetime, value.isoformat(), type(value.tzinfo), value.utcoffset()
    return type(value), value


@pytest.mark.parametrize("body", SHAPES.values(), ids=SHAPES.keys())
def test_each_activity_teams_posts_parses_as_msrest_parses_it(body):
    activity, expected = from_wire(copy.deepcopy(body)), Activity().deserialize(copy.deepcopy(body))
    assert anatomy(activity) == anatomy(expected)
    assert activity == expected and activity.serialize() == expected.serialize()


def test_unknown_keys_go_to_additional_properties_and_times_keep_their_offset_as_in_msrest():
    activity = from_wire(copy.deepcopy(CHANNEL_MESSAGE))
    assert type(activity.entities[0]) is Entity and activity.entities[0].additional_properties == {
        "text": "<at>Recording Troubleshooter</at>", "mentioned": {"id": "28:bot", "name": "Recording Troubleshooter"}}
    assert activity.conversation.additional_properties == {"tenantId": "t1"}  # msrest's key is tenantID
    assert activity.local_timestamp == Deserializer.deserialize_iso("2024-05-02T11:15:00.123+02:00")
    assert activity.local_timestamp.utcoffset() == timedelta(hours=2)


def test_object_fields_are_copies_as_msrest_makes_them_so_a_turn_changing_them_leaves_the_body_alone():
    body = {"type": "message", "value": {"parameters": [{"name": "q"}]}, "channelData": {"team": {"id": "19:t"}}}
    sent = copy.deepcopy(body)
    activity = from_wire(sent)
    activity.value["parameters"][0]["name"] = "changed"
    activity.channel_data["team"]["id"] = "changed"
    assert sent == body


UNUSUAL = {  # values msrest coerces: what msrest makes of them, from_wire makes too (msrest makes it)
    "a number for text": ({"text": 42}, lambda a: a.text, "42"),
    "a string for a bool": ({"conversation": {"id": "a:1", "isGroup": "true"}}, lambda a: a.conversation.is_group, True),
    "a number for a bool": ({"historyDisclosed": 0}, lambda a: a.history_disclosed, False),
    "a bool for a number": ({"textHighlights": [{"occurrence": True}]}, lambda a: a.text_highlights[0].occurrence, 1),
    "a list for a dict of entities": ({"semanticAction": {"entities": [{"key": "e", "value": {"type": "x"}}]}},
                                      lambda a: a.semantic_action.entities["e"].type, "x"),
}


@pytest.mark.parametrize("fields, field, made", UNUSUAL.values(), ids=UNUSUAL.keys())
def test_a_value_msrest_would_coerce_is_coerced_by_msrest(fields, field, made):
    body = {"type": "message", **fields}
    activity = from_wire(body)
    assert anatomy(activity) == anatomy(Activity().deserialize(body))
    assert anatomy(field(activity)) == anatomy(made)


REFUSED = {
    "a list for a model": {"from": ["29:1"]},
    "text for a model": {"conversation": "a:1"},
    "a dict for a list": {"entities": {"type": "mention"}},
    "a malformed timestamp": {"timestamp": "yesterday"},
    "a number for a timestamp": {"localTimestamp": 1714641300},
    "text for a list": {"membersAdded": "29:1"},
}


@pytest.mark.parametrize("fields", REFUSED.values(), ids=REFUSED.keys())
def test_a_value_msrest_refuses_is_refused_with_msrest_s_error_and_the_same_400(fields):
    body = {**copy.deepcopy(TEAMS_MESSAGE), **fields}
    with pytest.raises(Exception) as expected:
        Activity().deserialize(body)
    with pytest.raises(type(expected.value), match=re.escape(str(expected.value))):
        from_wire(body)
    with pytest.raises(BadRequest) as refused:
        activity_from(body)
    assert (refused.value.status, refused.value.error) == (400, "invalid_activity")
    assert f"(at '{next(iter(fields))}" in refused.value.reason  # the field named, as before


# Any body: random fields set anywhere in a Teams activity, to values of any JSON type.

SPECS = [spec for model in Activity._infer_class_models().values() for spec in getattr(model, "_attribute_map", {}).values()]
WIRE_KEYS = sorted({spec["key"] for spec in SPECS if spec["key"]})
TYPED_KEYS = sorted({spec["key"] for spec in SPECS if spec["type"] not in ("str", "object")})  # models, lists, dates
TIMESTAMPS = (st.datetimes(timezones=st.none() | st.timezones()).map(datetime.isoformat)
              | st.sampled_from(["2024-05-02T09:15:00Z", "2024-05-02T09:15:00.1234567+01:00", "2024-13-45T99:00:00Z",
                                 "10000-01-01T00:00:00Z", "2024-05-02", "0001-01-01T00:00:00+01:00"]))
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=8)
VALUES = JSON | TIMESTAMPS | st.sampled_from(["true", "0", "message", 1, 0, True, [], {}, [{}], [None], ["x"],
                                             {"id": "29:1"}, [{"type": "mention", "mentioned": {"id": 1}}]])


def _dicts(value):
    """The body and every object inside it: where a random field may be set."""
    if isinstance(value, dict):
        yield value
    for item in value.values() if isinstance(value, dict) else value if isinstance(value, list) else ():
        yield from _dicts(item)


@st.composite
def teams_bodies(draw) -> dict:
    body = copy.deepcopy(draw(st.sampled_from(list(SHAPES.values()))))
    for _ in range(draw(st.integers(0, 4))):
        holder = draw(st.just(body) | st.sampled_from(list(_dicts(body))))
        key = draw(st.sampled_from(TYPED_KEYS) | st.sampled_from(WIRE_KEYS) | st.text(max_size=6))
        holder[key] = copy.deepcopy(draw(VALUES))
    return body


def _outcome(parse, body):
    try:
        return anatomy(parse(body))
    except BadRequest as error:
        return BadRequest, error.status, error.error, error.reason
    except Exception as error:  # msrest's, of several kinds
        return type(error), str(error)


@settings(max_examples=400, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(body=teams_bodies())
def test_any_body_parses_as_msrest_parses_it_or_fails_as_it_fails(body):
    expected = _outcome(lambda b: Activity().deserialize(b), copy.deepcopy(body))
    assert _outcome(from_wire, copy.deepcopy(body)) == expected
    with patch("bot.hosts.botbuilder.adapter.from_wire", lambda b: Activity().deserialize(b)):
        answered_before = _outcome(activity_from, copy.deepcopy(body))
    assert _outcome(activity_from, copy.deepcopy(body)) == answered_before


# Times in the shape Teams writes them, with the numbers anything at all: read as msrest reads them, or refused.
TEAMS_TIMES = st.builds(
    "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}{}{}".format,
    st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), st.integers(0, 61),
    st.integers(0, 61), st.just("") | st.text("0123456789", min_size=1, max_size=9).map(".{}".format),
    st.just("Z") | st.builds("{}{:02d}:{:02d}".format, st.sampled_from("+-"), st.integers(0, 25), st.integers(0, 61)))


def _reading(parse, value: str):
    try:
        parsed = parse(value)
    except Exception as error:
        return type(error)
    return parsed, type(parsed.tzinfo), parsed.utcoffset(), parsed.tzname()


@settings(max_examples=600, deadline=None, derandomize=True, database=None)
@given(value=TEAMS_TIMES)
def test_a_time_teams_writes_is_read_as_msrest_reads_it_zone_and_all(value):
    assert _reading(_timestamp, value) == _reading(Deserializer.deserialize_iso, value)
