"""What the host puts on the wire is exactly what botbuilder's own serializer would have sent."""
import copy

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ExpectedReplies

from bot.hosts.botbuilder.wire import reply_activity, to_wire
from dialogs.replies import TurnInput

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
