"""Follow-up questions asked mid-check: which kind it is, from ``dialogs/followups.toml``.

The answer is the template of the same name in ``templates/followups/``; the pending question
comes again after it. A question of no listed kind goes to the triage or gets an honest
"I don't know that one": never a quote that merely shares its words.
"""
from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from knowledge.text import TablePattern, contains_any, fold_for_cues, required_by_any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

FOLLOWUPS_PATH = Path(__file__).resolve().parent / "followups.toml"


@lru_cache(maxsize=1)
def kinds() -> tuple[FollowupKind, ...]:
    """Each kind of the file, in its order."""
    data = tomllib.loads(FOLLOWUPS_PATH.read_text(encoding="utf-8"))
    return tuple(FollowupKind.of(name, table) for name, table in data.items() if name != "subjects")


class FollowupKind(NamedTuple):
    """One kind of follow-up question: its answer's name, patterns, patterns that rule it out, and the topics,
    pending questions and answers just given (``after``) it is limited to; ``needs`` is the text one piece of
    which any match of its patterns has."""

    answer: str
    patterns: tuple[TablePattern, ...]
    unless: tuple[TablePattern, ...]
    topics: tuple[str, ...]
    states: tuple[str, ...]
    after: tuple[str, ...]
    needs: tuple[str, ...]

    @classmethod
    def of(cls, name: str, table: dict) -> "FollowupKind":
        patterns = tuple(TablePattern(p) for p in table["patterns"])
        return cls(table.get("answer", name), patterns, tuple(TablePattern(p) for p in table.get("unless", ())),
                   tuple(table.get("topics", ())), tuple(table.get("states", ())), tuple(table.get("after", ())),
                   required_by_any(patterns))


@lru_cache(maxsize=1)
def _subjects() -> tuple[tuple[str, TablePattern], ...]:
    data = tomllib.loads(FOLLOWUPS_PATH.read_text(encoding="utf-8"))
    return tuple((check, TablePattern(pattern)) for check, pattern in data["subjects"].items())


def subject_of(text: str) -> str | None:
    """The check a "how would I know ...?" names ("... if I'm a guest": how the person joins), or None."""
    folded = fold_for_cues(text)
    return next((check for check, pattern in _subjects() if pattern.search(folded)), None)


def read_followup(text: str, topic: str | None = None, state: str | None = None,
                  before: str | None = None) -> str | None:
    """The kind of follow-up question a message asks, or None. A kind limited to some topics ("how do I undo
    it?" after declining consent) is read only in a conversation about one of them, or right after one of the
    answers it names (``after``: "any way to extend it?", of the recording's length; ``before`` is what the last
    reply answered); one limited to some questions ("it gave an error", of the test) only while one of them is
    pending."""
    folded = fold_for_cues(text)
    for name, patterns, unless, topics, states, after, needs in kinds():
        if (topics or after) and topic not in topics and before not in after or states and state not in states:
            continue
        if needs and not contains_any(folded, needs):  # most kinds, for most messages: none of their words
            continue
        if any(p.search(folded) for p in patterns) and not any(p.search(folded) for p in unless):
            return name
    return None
