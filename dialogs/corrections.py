"""Corrections of an earlier answer, typed in free text: "actually I'm a guest", "sorry, it's off".

A correction replaces the answer it corrects, as ``back`` would replace the last
one, but without undoing the answers given after it. Two kinds of message count:

- one that opens like a correction ("actually", "sorry", "wait", "I meant" ...) and
  whose rest answers an earlier question differently: the latest such question is
  the one corrected, so "sorry, it's off" corrects the policy just answered "on".
  A bare yes or no ("sorry, it's off" read as "no") can only correct the latest
  answer; an earlier one must be named in its own words ("wait, it's a call");
- a plain statement that triage reads as an answer ("I joined as a guest") to a
  question already answered otherwise.

Reading the answer itself is left to :func:`dialogs.reading.match_choice` and
the triage's slots, so typed answers and corrections understand the same words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from knowledge.text import fold

from dialogs.flow import CHECKS
from dialogs.reading import answer_words

_MARKER = re.compile(
    r"^\W*(?:(?:oh|ah|um+|hmm+|no|ok|okay|oops|sorry|wait|hold on)[\s,.!:;-]+)*"
    r"(?:actually|sorry|oops|wait|correction|i meant|i mean|my (?:mistake|bad)|scratch that|on second thought"
    r"|i was wrong|i got (?:that|it) wrong|let me correct (?:that|myself)|hold on|come to think of it|in fact)"
    r"\b[\s,.!:;-]*", re.IGNORECASE)
_TRAILING_MARKER = re.compile(r"[\s,.!-]+(?:actually|i mean|sorry|my bad|my mistake)\W*$", re.IGNORECASE)
# "sorry, no" is more likely a polite answer to the question asked now than a correction.
_BARE_ANSWER = re.compile(r"^(yes|yeah|yep|yup|no|nope|nah|ok|okay|sure)\W*$", re.IGNORECASE)


@dataclass(frozen=True)
class Correction:
    """An earlier answer and the one that replaces it."""

    state: str
    was: str
    now: str


def opens_as_correction(text: str) -> tuple[bool, str]:
    """Whether the message opens like a correction, and what follows the opening words; or ends like one
    ("attendee actually"), and what comes before."""
    match = _MARKER.match(text)
    if match:
        return True, text[match.end():].strip()
    match = _TRAILING_MARKER.search(text)
    return (True, text[:match.start()].strip()) if match and match.start() else (False, text)


def corrected_answer(trail: Iterable[list[str]], pending: str, text: str,
                     read: Callable[[str, str], str | None]) -> Correction | None:
    """The latest earlier answer that a correcting message ("sorry, it's off") gives differently.

    Args:
        trail: the answers so far, in order, as ``[state, answer]``.
        pending: the question being asked now, which a message answers rather than corrects.
        text: what the user typed.
        read: ``read(state, text)``: the choice of ``state`` the text means, or None.
    """
    marked, rest = opens_as_correction(text)
    if not marked or not rest or _BARE_ANSWER.match(rest):
        return None
    # "oh wait, he made me a presenter" at the role question answers it: only a correction that names
    # the earlier answer in its own words is one then.
    lenient = pending not in CHECKS or read(pending, rest) is None
    answered = [(state, answer) for state, answer in reversed(list(trail)) if state in CHECKS and state != pending]
    for n, (state, answer) in enumerate(answered):
        choice = read(state, rest)
        if choice and choice != answer and (n == 0 and lenient or names(state, choice, rest)):
            return Correction(state, answer, choice)
    return None


def names(state: str, choice: str, text: str) -> bool:
    """Whether the text says this choice in its own words, not only as a yes or a no."""
    plain = " ".join(re.sub(r"[^\w\s?@.:/-]", " ", fold(text)).split())
    pattern = answer_words().get(state, {}).get(choice)
    said = re.search(rf"\b{re.escape(choice.replace('_', ' '))}\b", plain)  # "me", not the "me" of "meeting"
    return bool(said or pattern and re.search(pattern, plain))


def stated_changes(answers: dict[str, str], stated: dict[str, str], pending: str) -> list[Correction]:
    """Facts a message states that differ from answers already given ("I'm a guest" after "member")."""
    return [Correction(state, answers[state], now) for state, now in stated.items()
            if state in answers and state != pending and state in CHECKS and answers[state] != now]


def replace(trail: list[list[str]], correction: Correction) -> None:
    """Put the new answer in place of the old one: last in the trail, as the most recent thing said.

    The answers after the old one stay; the findings are re-read from the trail, so a
    correction that proves a cause makes that cause the latest, and one that removes a cause
    removes it.
    """
    trail[:] = [step for step in trail if step[0] != correction.state]
    trail.append([correction.state, correction.now])
