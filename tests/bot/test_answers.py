"""The JSON answer to an activity: orjson writes it, and says the same as json.dumps would, wherever it goes."""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from bot.web.answers import json_bytes

SCALARS = st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) \
    | st.floats(allow_nan=False, allow_infinity=False) | st.text()
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(JSON_VALUES)
def test_any_json_value_reads_back_as_json_dumps_would_have_written_it(value):
    assert json.loads(json_bytes(value)) == json.loads(json.dumps(value))


def test_text_beyond_ascii_is_written_as_utf8_not_escaped():
    assert json_bytes({"source": "Troubleshoot meeting recording › Stream"}) == \
        '{"source":"Troubleshoot meeting recording › Stream"}'.encode()


def test_what_orjson_cannot_write_exactly_is_written_by_json_not_refused():
    beyond_64_bits = {"id": 2**70}  # a field a caller sent, echoed back in a reply
    assert json.loads(json_bytes(beyond_64_bits)) == beyond_64_bits
    lone_surrogate = {"name": "\ud800"}
    assert json_bytes(lone_surrogate) == b'{"name": "\\ud800"}'


def test_a_number_as_a_key_is_written_as_its_text_as_json_does():
    assert json.loads(json_bytes({1: "a", 2.5: "b"})) == json.loads(json.dumps({1: "a", 2.5: "b"}))
