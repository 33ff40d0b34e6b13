"""How the durable stores turn an item into JSON text and back. SDK-free.

SQLite and Blob Storage keep the same text, so one function decides it: a
plain JSON-able dict (every conversation's item) as plain JSON, anything else
through jsonpickle, as botbuilder-azure's stores do, so a ``StoreItem`` comes
back as one. jsonpickle is a serializer, not a bot SDK. The e_tag is left out
of the text: each store keeps it beside the item (a column, the blob's ETag)
and sets it on the item it reads.
"""
from __future__ import annotations

import json
from typing import Any

import orjson
from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler

PICKLE_TAG = '"py/'  # every jsonpickle tag is a key starting so; plain JSON has none unless a value does
_SCALARS = (str, int, float, bool, type(None))
# orjson writes subclasses of str, dict and list, datetimes and dataclasses as plain JSON: here they are refused,
# so that they keep their class through jsonpickle as before.
_AS_IS = orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS


def serialize(item: Any) -> str:
    """JSON of the item without its e_tag; objects keep their class.

    jsonpickle writes plain data the same way, four times slower, hence the
    plain path; orjson writes a conversation's item in a twentieth of the time
    json takes to check and write it, and is trusted only when what it wrote
    reads back equal to the item.
    """
    if type(item) is dict:
        written = _written_by_orjson({k: v for k, v in item.items() if k != "e_tag"})
        if written is not None:
            return written
    if is_plain(item):
        return json.dumps({k: v for k, v in item.items() if k != "e_tag"}, ensure_ascii=False,
                          separators=(",", ":"))
    flat = Pickler().flatten(item)
    if isinstance(flat, dict):
        flat.pop("e_tag", None)
    return json.dumps(flat, ensure_ascii=False, separators=(",", ":"))


def _written_by_orjson(value: dict) -> str | None:
    """orjson's JSON of a plain dict, or None where it would not read back as the same value.

    That catches all that json and jsonpickle write differently: a tuple (written as a list), NaN
    or infinity (written as null), an integer beyond 64 bits or a lone surrogate (refused), a
    UUID (written as its text), and keys that jsonpickle would read as its tags.
    """
    try:
        written = orjson.dumps(value, option=_AS_IS)
    except TypeError:
        return None
    if orjson.loads(written) != value:
        return None
    text = written.decode()
    return None if PICKLE_TAG in text else text


def is_plain(value: Any) -> bool:
    """JSON would give it back unchanged: dicts with string keys, lists, and scalars (no tuples, no objects)."""
    kind = type(value)
    if kind is dict:
        return all(type(k) is str and not k.startswith("py/") and is_plain(v) for k, v in value.items())
    if kind is list:
        return all(is_plain(v) for v in value)
    return kind in _SCALARS


def restore(document: str, e_tag: str) -> Any:
    """The item ``serialize`` (or jsonpickle) wrote, carrying ``e_tag``; a stored e_tag is replaced."""
    data = json.loads(document)
    item = Unpickler().restore(data) if PICKLE_TAG in document else data
    if isinstance(item, dict):
        item["e_tag"] = e_tag
    else:
        item.e_tag = e_tag
    return item
