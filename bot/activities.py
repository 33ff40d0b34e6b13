"""The platform boundary: a Teams activity in, the engine's plain input; the engine's replies out, activities.

Only this module and its neighbours in ``bot/`` know what an Activity looks like,
so the engine stays portable to another SDK.
"""
from __future__ import annotations

import re
from datetime import datetime
from enum import Enum

from botbuilder.schema import Activity, ActivityTypes, Attachment
from msrest.serialization import Model, Serializer

from dialogs.replies import Reply, TurnInput

from .logs import short_hash

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
GROUP_TYPES = ("groupChat", "channel")
_AT_TAG = re.compile(r"</?at\b[^>]*>", re.IGNORECASE)


def conversation_hash(activity: Activity) -> str:
    """What the logs name a conversation by: stable, short, and not the id itself."""
    conversation_id = activity.conversation.id if activity.conversation else ""
    return short_hash(conversation_id or "")


def is_group(activity: Activity) -> bool:
    conversation = activity.conversation
    return bool(conversation and (conversation.is_group or conversation.conversation_type in GROUP_TYPES))


def is_card_click(activity: Activity) -> bool:
    """An ``Action.Submit`` arrives as a message whose ``value`` is the button's data and whose text is empty."""
    return isinstance(activity.value, dict) and bool(activity.value) and not (activity.text or "").strip()


def action_execute_data(activity: Activity) -> dict | None:
    """The ``data`` of an ``Action.Execute`` click (an ``adaptiveCard/action`` invoke), if that is what this is."""
    if activity.name != "adaptiveCard/action" or not isinstance(activity.value, dict):
        return None
    action = activity.value.get("action")
    data = action.get("data") if isinstance(action, dict) else None
    return data if isinstance(data, dict) and data else None


def mentions_bot(activity: Activity) -> bool:
    bot_id = _recipient_id(activity)
    return bool(bot_id) and any(_mentioned_id(entity) == bot_id for entity in _mentions(activity))


def turn_input(activity: Activity) -> TurnInput:
    """The engine's input: a click's data, or the typed text without the bot's @mention."""
    if is_card_click(activity):
        return TurnInput(value=activity.value)
    return TurnInput(text=text_without_bot_mention(activity))


def text_without_bot_mention(activity: Activity) -> str:
    """Teams puts ``<at>Bot name</at>`` into the text; remove the bot's, keep other people's names as words."""
    text = activity.text or ""
    for entity in _mentions(activity):
        if _mentioned_id(entity) == _recipient_id(activity):
            text = text.replace(_entity_text(entity) or "\0", " ")
    return " ".join(_AT_TAG.sub("", text).split())


def reply_activity(reply: Reply) -> Activity:
    """One engine reply as a Teams message: markdown text, the card as an attachment, the outcome as ``value``."""
    attachments = [Attachment(content_type=ADAPTIVE_CARD, content=reply.card)] if reply.card else None
    return Activity(type=ActivityTypes.message, text=reply.text or None,
                    text_format="markdown" if reply.text else None,
                    attachments=attachments, value=reply.value)


def to_wire(value):
    """An activity (or any msrest model) as the JSON the Bot Framework expects, without msrest's validation pass.

    msrest's ``serialize`` re-validates every field against its type map, which
    made serializing the replies of one ``expectReplies`` turn cost more than the
    turn itself. The activities we send were built by us and by the SDK, so a
    plain walk over each model's ``_attribute_map`` gives the same JSON (tested
    against msrest's) at a fraction of the cost.
    """
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


def is_empty(reply: Reply) -> bool:
    return not (reply.text or reply.card)


def _mentions(activity: Activity) -> list:
    return [e for e in activity.entities or [] if (e.type or "").lower() == "mention"]


def _mentioned_id(entity) -> str | None:
    mentioned = _prop(entity, "mentioned")
    return mentioned.get("id") if isinstance(mentioned, dict) else getattr(mentioned, "id", None)


def _entity_text(entity) -> str:
    text = _prop(entity, "text")
    return text if isinstance(text, str) else ""


def _prop(entity, name: str):
    """Entities deserialize as the base ``Entity``, whose fields land in ``additional_properties``."""
    value = getattr(entity, name, None)
    if value is None:
        value = (getattr(entity, "additional_properties", None) or {}).get(name)
    return value


def _recipient_id(activity: Activity) -> str | None:
    return activity.recipient.id if activity.recipient else None
