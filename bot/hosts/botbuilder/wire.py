"""Engine replies as botbuilder Activities, and botbuilder models to and from JSON without msrest's generic walks."""
from __future__ import annotations

import copy
import re
from datetime import datetime
from enum import Enum

from botbuilder.schema import Activity, Attachment
from isodate.isotzinfo import build_tzinfo
from msrest.exceptions import DeserializationError
from msrest.serialization import Deserializer, Model, Serializer

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
    kind = type(value)
    if kind in _WIRE_LEAVES:
        return value
    if kind is SentCard:
        return {"contentType": value.content_type, "content": value.content}
    if isinstance(value, Model):
        keys = _WIRE_KEYS.get(kind) or _wire_keys(kind)
        out = {}
        for attribute, item in vars(value).items():  # all of a model's fields are set in its __init__
            if item is None:
                continue
            key = keys.get(attribute)
            if key == "":  # additional_properties: unknown keys, at the top level as msrest writes them
                out.update({k: to_wire(v) for k, v in item.items()})
            elif key is not None:  # attributes of no wire field (none today) msrest leaves out too
                out[key] = to_wire(item)
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


_WIRE_LEAVES = frozenset((str, int, float, bool, type(None)))
_WIRE_KEYS: dict[type, dict[str, str]] = {}  # per model class: attribute -> wire key ("" for additional_properties)


def _wire_keys(cls: type[Model]) -> dict[str, str]:
    keys = _WIRE_KEYS[cls] = {attribute: spec["key"] for attribute, spec in cls._attribute_map.items()}
    return keys


def from_wire(body: dict) -> Activity:
    """The Activity a JSON body describes, equal to msrest's ``Activity().deserialize(body)``, for a fraction of
    its cost.

    msrest looks up each of the ~40 attributes of ``Activity`` (and of every
    sub-model) in the body, through two key extractors, and infers the model
    classes anew on every call: about 200 µs for a Teams message, where the body
    has a dozen fields. Here only the body's keys are walked, each found in a map
    made once per class from its ``_attribute_map``; unknown keys go to
    ``additional_properties`` and timestamps through msrest's own parser, as
    msrest does. A value msrest would coerce or refuse (a number where text is
    expected, ``"true"`` for a bool, a list for a model, a malformed timestamp)
    is not second-guessed: msrest then parses the whole body itself, so the
    result, or the error, is exactly msrest's (tests/bot/test_wire.py).
    """
    try:
        return _model(Activity, body)
    except (_Unusual, DeserializationError):
        return Activity().deserialize(body)


class _Unusual(Exception):
    """A value msrest would coerce or refuse."""


_MODELS: dict[str, type[Model]] = {name: cls for name, cls in Activity._infer_class_models().items()
                                   if issubclass(cls, Model)}  # botbuilder.schema's models by msrest type name
_PLAIN = {"str": str, "bool": bool, "int": int}  # msrest types whose JSON value msrest keeps as it is
_JSON_LEAVES = (str, int, float, bool, type(None))
_FIELDS: dict[type[Model], dict[str, tuple[str, str]]] = {}  # per model class: wire key -> (attribute, msrest type)


def _model(cls: type[Model], data: object) -> Model:
    if type(data) is not dict:
        raise _Unusual
    fields = _FIELDS.get(cls)
    if fields is None:
        fields = _FIELDS[cls] = {spec["key"]: (attribute, spec["type"])
                                 for attribute, spec in cls._attribute_map.items() if spec["key"]}
    attributes, unknown = {}, {}
    for key, value in data.items():
        field = fields.get(key)
        if field is None:
            unknown[key] = value
        elif value is not None:
            attributes[field[0]] = _value(field[1], value)
    model = cls(**attributes)
    if unknown:
        model.additional_properties = unknown
    return model


def _value(kind: str, value: object) -> object:
    if value is None:
        return None
    if type(value) is _PLAIN.get(kind):
        return value
    if kind == "object":
        return _copy(value)
    if kind == "iso-8601" and type(value) is str:
        return _timestamp(value)
    if kind[0] == "[" and type(value) is list:
        return [_value(kind[1:-1], item) for item in value]
    if kind[0] == "{" and type(value) is dict:
        return {key: _value(kind[1:-1], item) for key, item in value.items()}
    if kind in _MODELS:
        return _model(_MODELS[kind], value)
    raise _Unusual


# The shape Teams writes its times in ("2026-12-05T05:41:09.5012345Z", "...-07:00"), in ASCII digits.
_TIMESTAMP = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?)(Z|([+-])(\d\d):(\d\d))", re.ASCII)


def _timestamp(value: str) -> datetime:
    """A time as msrest's ``deserialize_iso`` reads it, for a fiftieth of its cost: the datetime parsed by the
    standard library, its zone made by isodate's own ``build_tzinfo`` as msrest's parse makes it. Both keep
    the first six digits of a fraction. Any other shape, or a value either would refuse, goes to msrest.
    (Python 3.10's ``fromisoformat`` refuses a fraction of other than 3 or 6 digits: msrest parses those.)
    """
    shape = _TIMESTAMP.fullmatch(value)
    if shape is None:
        return Deserializer.deserialize_iso(value)
    local, zone, sign, hours, minutes = shape.groups()
    try:
        parsed = datetime.fromisoformat(local[:26]).replace(
            tzinfo=build_tzinfo(zone, sign, int(hours), int(minutes)) if sign else build_tzinfo(zone))
        parsed.utctimetuple()  # msrest's check: a year beyond 1 to 9999 once in UTC is refused
    except (ValueError, OverflowError):
        return Deserializer.deserialize_iso(value)
    return parsed


def _copy(value: object) -> object:
    """A JSON value as msrest keeps an 'object' field: its dicts and lists copied, nothing else changed."""
    if type(value) is dict:
        return {key: _copy(item) for key, item in value.items()}
    if type(value) is list:
        return [_copy(item) for item in value]
    if type(value) in _JSON_LEAVES:
        return value
    raise _Unusual
