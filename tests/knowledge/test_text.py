"""How messages are folded before anything reads them: the same words whatever the keyboard typed."""
from __future__ import annotations

from hypothesis import given, strategies as st

from knowledge.text import fold


def test_accents_quotes_and_case_fold_away():
    assert fold("Can’t RECORD the réunion, it`s Ünïcode") == "cant record the reunion, its unicode"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_folds_as_the_same_text_with_an_accent_would(text):
    """ASCII skips the Unicode steps; the result must be what the full path gives."""
    assert fold(text + "é") == fold(text) + "e"
