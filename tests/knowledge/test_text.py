"""How messages are folded before anything reads them: the same words whatever the keyboard typed."""
from __future__ import annotations

import re

from hypothesis import example, given, settings, strategies as st

from knowledge.text import TablePattern, fold, required_text


def test_accents_quotes_and_case_fold_away():
    assert fold("Can’t RECORD the réunion, it`s Ünïcode") == "cant record the reunion, its unicode"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_plain_ascii_folds_as_the_same_text_with_an_accent_would(text):
    """ASCII skips the Unicode steps; the result must be what the full path gives."""
    assert fold(text + "é") == fold(text) + "e"


def _table_patterns() -> list[str]:
    """Every pattern the conversation searches messages with: the cues, the typed answers, the follow-ups."""
    from dialogs import followups, reading
    from dialogs.triage import CueTables

    tables = CueTables.load()
    cues = [*(c for cs in tables.cues.values() for c in cs), *(c for cs in tables.lookalikes.values() for c in cs),
            *tables.out_of_scope]
    answers = reading.table()
    found = [c.text.partition(":")[2] for c in cues if c.text.startswith(("re:", "raw:"))]
    found += [p.pattern for p in (*answers.hedges, *answers.waiting, *answers.unsure, answers.positive_values,
                                  answers.negative_values, *answers.gratitude.values(), *answers.closing.values(),
                                  *answers.dropping.values(), answers.still)]
    found += [p.pattern for _, patterns, unless, *_limits in followups.kinds() for p in (*patterns, *unless)]
    found += [p.pattern for _, p in followups._subjects()]
    found += [p.pattern for p in reading._fact_tables()["flags"].values()]  # a channel meeting, Stream, someone else
    found += [p.pattern for table in reading._topic_tables() for p in table.values()]  # symptoms and recasts
    return found


PATTERNS = _table_patterns() + [r"\s+record", r"caf\u00e9 \w+", r"(?i)RECORD\b", r"\bweeks?\b"]
# compiled once: more patterns than re's own cache holds, so compiling them per example compiled them all each time
COMPILED = [(pattern, TablePattern(pattern), re.compile(pattern)) for pattern in PATTERNS]
PIECES = sorted({piece for pattern in PATTERNS for piece in required_text(re.compile(pattern))})
WORDS = PIECES + ["record", "recording", "missing", "nowhere", "only in", "colleague", "cant", "she", "week", "weeks", "three", "guest", "policy", "town hall", "stream", "cant",
         "teams", "café", "naïve", "录制", "\x1c", " ", "?", "owner", "organizer", "2", "days", "button"]


@settings(deadline=None)  # a correctness check over every table's pattern: its time grows with the tables
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=4), max_size=12).map(" ".join))
@example("meeting\x1crecord")  # Unicode's \s takes 0x1C, ASCII's does not
@example("the café recording")
def test_table_patterns_find_what_re_finds_in_any_text(text):
    """The shortcuts (a required piece of text, an ASCII compile) never change a match: same or no span."""
    for pattern, table_pattern, regex in COMPILED:
        found, expected = table_pattern.search(text), regex.search(text)
        assert (found and found.span()) == (expected and expected.span()), (pattern, text)


def test_a_cue_about_something_else_is_not_searched_for():
    assert required_text(re.compile(r"\b(21|twenty one|three) weeks?\b")) == (" week",)
    assert required_text(re.compile(r"\b(permanent|forever)\b")) == ("permanent", "forever")
    assert required_text(re.compile(r"\b(town ?halls?|webinars?|live events?)\b")) == ("town", "webinar", "live event")
    assert required_text(re.compile(r"\bme,? not (her|him)\b|\bnot (them|us)\b")) == ("not ",)  # " not " has "not "
    assert required_text(re.compile(r"\b(permanent|for ?ever|90)\b")) == ()  # "90" is in too many messages
    assert required_text(re.compile(r"\b(record|video)?\w* button\b")) == (" button",)  # the optional part needs nothing
    assert required_text(re.compile(r"(?i)\bhow long\b")) == ()  # case-insensitive: the text may differ in case
    assert required_text(re.compile(r"(?i:ticket) (?P<ref>\d+)")) == ()  # so is a group that says so
    assert required_text(re.compile(r"(?<!not )recorded")) == ("recorded",)  # what must not come before is not needed
