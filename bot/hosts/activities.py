"""The platform boundary: a Teams activity in, the engine's plain input; the engine's replies out. SDK-free.

An activity is read only through the attribute names botbuilder's msrest
``Activity`` and the Agents SDK's pydantic ``Activity`` share, and a reply is
described as the keyword arguments both models' constructors take, so the
engine and this module serve every host.
"""
from __future__ import annotations

import re
from typing import Any

from dialogs.replies import Reply, TurnInput

from bot.logs import short_hash

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
GROUP_TYPES = ("groupChat", "channel")
_AT_TAG = re.compile(r"</?at\b[^>]*>", re.IGNORECASE)
# A whole mention: no "<" inside (Teams escapes it in names), so each try stops at the next tag: linear.
_AT_SPAN = re.compile(r"<at\b[^>]*>[^<]*</at>", re.IGNORECASE)
MAX_PLAIN_MENTIONS = 4


def conversation_hash(activity: Any) -> str:
    """What the logs name a conversation by: stable, short, and not the id itself."""
    conversation_id = activity.conversation.id if activity.conversation else ""
    return short_hash(conversation_id or "")


def is_group(activity: Any) -> bool:
    conversation = activity.conversation
    return bool(conversation and (conversation.is_group or conversation.conversation_type in GROUP_TYPES))


def is_card_click(activity: Any) -> bool:
    """An ``Action.Submit`` arrives as a message whose ``value`` is the button's data and whose text is empty."""
    return isinstance(activity.value, dict) and bool(activity.value) and not (activity.text or "").strip()


def action_execute_data(activity: Any) -> dict | None:
    """The ``data`` of an ``Action.Execute`` click (an ``adaptiveCard/action`` invoke), if that is what this is."""
    if activity.name != "adaptiveCard/action" or not isinstance(activity.value, dict):
        return None
    action = activity.value.get("action")
    data = action.get("data") if isinstance(action, dict) else None
    return data if isinstance(data, dict) and data else None


def mentions_bot(activity: Any) -> bool:
    bot_id = _recipient_id(activity)
    return bool(bot_id) and any(_mentioned_id(entity) == bot_id for entity in _mentions(activity))


def turn_input(activity: Any) -> TurnInput:
    """The engine's input: a click's data, or the typed text without the bot's @mention."""
    if is_card_click(activity):
        return TurnInput(value=activity.value)
    return TurnInput(text=text_without_bot_mention(activity))


def text_without_bot_mention(activity: Any) -> str:
    """Teams puts ``<at>Bot name</at>`` into the text; remove the bot's, keep other people's names as words.

    In one pass over the text, however many mentions the activity lists: a
    replace per mention made 5,000 mentions of the bot in a long message hold
    the event loop for seconds. The bot's mention texts are looked up in a set
    as each ``<at>`` span goes by; a mention text that is not an ``<at>`` span
    (no Teams client sends one) is replaced as such, for a few distinct ones.
    """
    text = activity.text or ""
    bot_id = _recipient_id(activity)
    texts = {_entity_text(entity) for entity in _mentions(activity) if _mentioned_id(entity) == bot_id} - {""}
    if texts:
        tagged = {mention for mention in texts if _AT_SPAN.fullmatch(mention)}
        if tagged:
            text = _AT_SPAN.sub(lambda span: " " if span.group(0) in tagged else span.group(0), text)
        for plain in sorted(texts - tagged)[:MAX_PLAIN_MENTIONS]:
            text = text.replace(plain, " ")
    return _tidy_lines(_AT_TAG.sub("", text))


def _tidy_lines(text: str) -> str:
    """The text as typed or pasted, its lines and columns kept (PowerShell's tables need them), its ends trimmed."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()


def channel_data(activity: Any) -> dict:
    """Teams' ``channelData`` as a plain dict (both SDKs keep it as the JSON it arrived as; a model is dumped)."""
    data = activity.channel_data
    if data is not None and not isinstance(data, dict) and hasattr(data, "model_dump"):
        data = data.model_dump(by_alias=True, exclude_none=True)
    return data if isinstance(data, dict) else {}


def meeting_id(activity: Any) -> str | None:
    """The meeting of a meeting chat (``channelData.meeting.id``); None in other chats and in 1:1 or group calls."""
    meeting = channel_data(activity).get("meeting")
    value = meeting.get("id") if isinstance(meeting, dict) else None
    return value if isinstance(value, str) and value else None


def tenant_id(activity: Any) -> str | None:
    """The conversation's tenant: ``channelData.tenant.id``, as Teams sends it, else ``conversation.tenantId``."""
    tenant = channel_data(activity).get("tenant")
    value = tenant.get("id") if isinstance(tenant, dict) else None
    if not (isinstance(value, str) and value) and activity.conversation is not None:
        value = getattr(activity.conversation, "tenant_id", None)
    return value if isinstance(value, str) and value else None


def sender_ids(activity: Any) -> tuple[str | None, str | None]:
    """Who sent it: their Teams user id (``29:…``) and their Entra object id (``aadObjectId``, absent for anonymous)."""
    sender = activity.from_property
    if sender is None:
        return None, None
    return (sender.id or None), (getattr(sender, "aad_object_id", None) or None)


def reply_fields(reply: Reply) -> dict:
    """One engine reply as a Teams message: markdown text, the card as an attachment, the outcome as ``value``.

    Returns the ``Activity`` constructor's keyword arguments; ``attachments`` as
    ``Attachment`` keyword arguments too.
    """
    attachments = [{"content_type": ADAPTIVE_CARD, "content": reply.card}] if reply.card else None
    return {"type": "message", "text": reply.text or None, "text_format": "markdown" if reply.text else None,
            "attachments": attachments, "value": reply.value}


def is_empty(reply: Reply) -> bool:
    return not (reply.text or reply.card)


def _mentions(activity: Any) -> list:
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


def _recipient_id(activity: Any) -> str | None:
    return activity.recipient.id if activity.recipient else None
