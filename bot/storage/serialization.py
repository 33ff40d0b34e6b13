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

from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler

PICKLE_TAG = '"py/'  # every jsonpickle tag is a key starting so; plain JSON has none unless a value does
_SCALARS = (str, int, float, bool, type(None))


def serialize(item: Any) -> str:
    """JSON of the item without its e_tag; objects keep their class.

    jsonpickle writes plain data the same way, four times slower, hence the
    plain path.
    """
    if is_plain(item):
        return json.dumps({k: v for k, v in item.items() if k != "e_tag"}, ensure_ascii=False,
                          separators=(",", ":"))
    flat = Pickler().flatten(item)
    if isinstance(flat, dict):
        flat.pop("e_tag", None)
    return json.dumps(flat, ensure_ascii=False, separators=(",", ":"))


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
