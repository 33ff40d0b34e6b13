"""The Agents host builds its reply activities without pydantic's validation (it cost more than the request's
parse); what it sends must be exactly what the validated models would send."""
from __future__ import annotations

import copy
import json

import pytest
from microsoft_agents.activity import Activity, Attachment

from bot.hosts.agents.adapter import _reply_activity
from dialogs.replies import TurnInput

CONVERSATIONS = [
    ["hi"],
    ["I can't record my meeting", {"state": "check_meeting_type", "answer": "meeting"}],
    ["the record button is missing", "summary"],
    ["my recording vanished after three weeks", "restart"],
]


def replies_of(engine, steps):
    session, replies = None, []
    for step in steps:
        result = engine.turn(session, TurnInput(value=step) if isinstance(step, dict) else TurnInput(text=step))
        session, replies = result.session, replies + list(result.replies)
    return replies + [engine.apology("7F3A21C0"), engine.try_again()]


def wire(activity: Activity) -> dict:
    """What ``ExpectedReplies`` puts in the answer (the SDK's own dump)."""
    return activity.model_dump(mode="json", by_alias=True, exclude_unset=True)


@pytest.mark.parametrize("steps", CONVERSATIONS, ids=lambda steps: str(steps[0]))
def test_each_reply_is_what_the_validated_model_would_send(engine, steps):
    for reply in replies_of(engine, steps):
        built = _reply_activity(reply)
        validated = Activity.model_validate(wire(built))
        assert wire(built) == wire(validated)
        assert wire(copy.deepcopy(built)) == wire(built)  # what TurnContext.send_activities sends


def test_a_reply_with_a_card_and_a_value_keeps_both_on_the_wire(engine):
    replies = replies_of(engine, ["I can't record my meeting", {"state": "check_meeting_type", "answer": "meeting"}])
    sent = [wire(_reply_activity(r)) for r in replies]
    assert any(a.get("attachments") and a["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"
               and a["attachments"][0]["content"]["type"] == "AdaptiveCard" for a in sent)
    assert all(type(a["attachments"][0]["content"]) is dict for a in sent if a.get("attachments"))


def test_the_sdk_addresses_a_copy_of_each_reply_and_leaves_the_reply_as_built(engine):
    """TurnContext.send_activities copies every reply and sets the conversation on the copy: ours is shallow."""
    incoming = Activity.model_validate({
        "type": "message", "id": "1", "channelId": "msteams", "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "from": {"id": "29:1"}, "recipient": {"id": "28:bot"}, "conversation": {"id": "a:1personal"}})
    reference = incoming.get_conversation_reference()
    for reply in replies_of(engine, ["I'm a guest and can't record"]):
        built = _reply_activity(reply)
        before = wire(built)
        sent = copy.deepcopy(built).apply_conversation_reference(reference)
        assert wire(built) == before and "conversation" not in before
        assert sent.conversation.id == "a:1personal"
        if built.attachments:  # the card is shared, not copied: nothing writes to it
            assert sent.attachments[0].content is built.attachments[0].content


def test_an_incoming_activity_gives_each_caller_its_own_copy_of_one_conversation_reference():
    """Worked out once when the activity is read (to refuse one that cannot be answered), then copied per send."""
    from bot.hosts.agents.adapter import activity_from

    incoming = activity_from({
        "type": "message", "id": "1", "channelId": "msteams", "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "from": {"id": "29:1"}, "recipient": {"id": "28:bot"}, "conversation": {"id": "a:1personal"}})
    first, second = incoming.get_conversation_reference(), incoming.get_conversation_reference()
    assert first is not second and first.model_dump() == second.model_dump()
    first.activity_id = "changed by one caller"
    assert incoming.get_conversation_reference().activity_id == "1"
    assert second.conversation.id == "a:1personal" and second.service_url == "https://smba.trafficmanager.net/emea/"


def addressed(built: Activity) -> Activity:
    """A reply as the SDK buffers it for an ``expectReplies`` answer: copied, then addressed to the conversation."""
    incoming = Activity.model_validate({
        "type": "message", "id": "1", "channelId": "msteams", "serviceUrl": "https://smba.trafficmanager.net/emea/",
        "from": {"id": "29:1", "name": "Adele Vance"}, "recipient": {"id": "28:bot"},
        "conversation": {"id": "a:1personal", "tenantId": "t1"}, "locale": "en-US"})
    return copy.deepcopy(built).apply_conversation_reference(incoming.get_conversation_reference())


@pytest.mark.parametrize("steps", CONVERSATIONS, ids=lambda steps: str(steps[0]))
def test_the_answer_carries_each_reply_as_the_sdks_own_dump_says_it(engine, steps):
    """Our cards go into the answer as built; the JSON is what pydantic's walk over them gave."""
    from bot.hosts.agents.adapter import dumped_reply
    from bot.web.answers import json_bytes

    for reply in replies_of(engine, steps):
        sent = addressed(_reply_activity(reply))
        assert json.loads(json_bytes(dumped_reply(sent))) == json.loads(json_bytes(wire(sent)))


def test_an_attachment_that_is_not_one_of_our_cards_is_dumped_by_pydantic_whole():
    from bot.hosts.agents.adapter import dumped_reply

    sent = addressed(Activity(type="message", attachments=[
        Attachment(content_type="image/png", content_url="https://example.com/a.png", name="a.png")]))
    assert dumped_reply(sent)["attachments"] == [
        {"contentType": "image/png", "contentUrl": "https://example.com/a.png", "name": "a.png"}]
