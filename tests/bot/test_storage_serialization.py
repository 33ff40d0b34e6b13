"""What the durable stores write for an item: orjson where it writes exactly what json would, json or jsonpickle
where it would not, and every document reads back as the item it was."""
from __future__ import annotations

import datetime
import json
import math
import uuid
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from jsonpickle.pickler import Pickler

from bot.storage.serialization import is_plain, restore, serialize

SCALARS = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) \
    | st.floats() | st.text()
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(st.dictionaries(st.text(max_size=8), VALUES, max_size=5))
def test_any_item_reads_back_as_it_did_when_json_or_jsonpickle_wrote_it(item):
    if any(isinstance(v, float) and math.isnan(v) for v in _leaves(item)):
        return  # NaN is unequal to itself; test_nan_is_written_as_json_writes_it_not_as_null covers it
    back = restore(serialize(item), "etag-1")
    assert back == restore(_old_serialize(item), "etag-1")


def _old_serialize(item: dict) -> str:
    """What the store wrote before orjson: json of a plain item, jsonpickle of anything else."""
    if is_plain(item):
        return json.dumps({k: v for k, v in item.items() if k != "e_tag"}, ensure_ascii=False, separators=(",", ":"))
    flat = Pickler().flatten(item)
    flat.pop("e_tag", None)
    return json.dumps(flat, ensure_ascii=False, separators=(",", ":"))


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def test_a_conversations_item_is_written_compact_and_read_back_equal():
    item = {"session": {"state": "check_policy", "trail": [["check_meeting_type", "meeting"]], "upn": None,
                        "reported": "Aufnahme geht nicht › Teams", "n": 3, "x": 1.5}, "e_tag": "old"}
    document = serialize(item)
    assert document == json.dumps({"session": item["session"]}, ensure_ascii=False, separators=(",", ":"))
    assert restore(document, "new") == {**item, "e_tag": "new"}


@dataclass
class Recorded:
    at: datetime.datetime


def test_what_plain_json_would_change_keeps_its_type():
    item = {"pair": ("a", 1), "when": datetime.datetime(2026, 12, 3, 12, 0), "id": uuid.UUID(int=7),
            "found": Recorded(datetime.datetime(2026, 1, 1)), "big": 2**70, "missing": float("nan")}
    back = restore(serialize(item), "e")
    assert back["pair"] == ("a", 1) and back["when"] == item["when"] and back["id"] == item["id"]
    assert back["found"] == item["found"] and back["big"] == 2**70 and math.isnan(back["missing"])


def test_nan_is_written_as_json_writes_it_not_as_null():
    assert serialize({"score": float("nan")}) == '{"score":NaN}'


def test_a_key_that_jsonpickle_would_read_as_its_tag_is_written_as_before():
    item = {"py/object": "a user's text", "n": 1}
    assert serialize(item) == _old_serialize(item)
