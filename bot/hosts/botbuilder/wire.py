"""Engine replies as botbuilder Activities, and botbuilder models as JSON without msrest's validation pass."""
from __future__ import annotations

import copy
from datetime import datetime
from enum import Enum

from botbuilder.schema import Activity, Attachment
from msrest.serialization import Model, Serializer

from dialogs.replies import Reply

from bot.hosts.activities import reply_fields


class SentActivity(Activity):
    """A reply made for one send and never reused, so the SDK's copy of it need not be deep.

    ``TurnContext.send_activities`` deep-copies every activity before it sets the
    conversation's fields on the copy: for our replies, a walk over every one of
    msrest's attributes and the whole card. Those fields are set on the activity
    itself, never inside what it holds, so a shallow copy keeps the caller's
    activity as it was just the same.
    """

    def __deepcopy__(self, memo: dict | None = None) -> "SentActivity":
        return copy.copy(self)


class SentCard(Attachment):
    """A reply's card: its content is the engine's card, plain JSON already, so :func:`to_wire` does not walk it."""


def reply_activity(reply: Reply) -> Activity:
    """One engine reply as a botbuilder message Activity (see :func:`bot.hosts.activities.reply_fields`)."""
    fields = reply_fields(reply)
    if fields["attachments"]:
        fields["attachments"] = [SentCard(**a) for a in fields["attachments"]]
    return SentActivity(**fields)


def to_wire(value):
    """An activity (or any msrest model) as the JSON the Bot Framework expects, without msrest's validation pass.

    msrest's ``serialize`` re-validates every field against its type map, which
    made serializing the replies of one ``expectReplies`` turn cost more than the
    turn itself. The activities we send were built by us and by the SDK, so a
    plain walk over each model's ``_attribute_map`` gives the same JSON (tested
    against msrest's) at a fraction of the cost.
    """
    if type(value) is SentCard:
        return {"contentType": value.content_type, "content": value.content}
    if isinstance(value, Model):
        out = {}
        for attribute, spec in type(value)._attribute_map.items():
            item = getattr(value, attribute, None)
            if item is None:
                continue
            if attribute == "additional_properties":
                out.update({k: to_wire(v) for k, v in item.items()})
            else:
                out[spec["key"]] = to_wire(item)
        return out
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    if isinstance(value, datetime):
        return Serializer.serialize_iso(value)
    return value


