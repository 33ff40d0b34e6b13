"""Short replies: what the bot says in its own words up front, the guide's words one click away.

A reply nobody reads to the end helps nobody, so a rendered message is cut in two. What
shows is the bot's own sentences (the cause, the fix, what to do next) and one source; the
guide's quoted words, the dated updates and every source go behind "Why? / Sources" on the
card (``more`` in the terminal chat). Quotes are block quotes in the templates, so the cut
follows the templates' own structure: a sentence that introduces a quote ("The guide says:")
goes with it.
"""
from __future__ import annotations

import re

MAX_WORDS = 120
_INTRO = re.compile(r"(?:^|(?<=[.!?*_)]\s))([^.!?]*:)\s*$")


def split_quotes(text: str) -> tuple[str, str]:
    """(what shows, what waits behind "Why?"): block quotes and the sentences that introduce them move."""
    shown: list[str] = []
    behind: list[str] = []
    lines = text.split("\n")
    n = 0
    while n < len(lines):
        line = lines[n]
        if not line.startswith(">"):
            shown.append(line)
            n += 1
            continue
        block = []
        while n < len(lines) and (lines[n].startswith(">")):
            block.append(lines[n])
            n += 1
        intro = _pop_intro(shown)
        behind.append("\n".join(([intro] if intro else []) + block))
    visible = _tidy("\n".join(shown))
    if not visible and behind:  # nothing but quotes: the sentence before the first says it, else the quote does
        first = behind[0].split("\n")
        if first and not first[0].startswith(">") and len(first[0].split()) >= 4:
            visible = first[0].rstrip(": ") + "."
            behind[0] = "\n".join(first[1:])
        else:
            visible, behind = behind[0], behind[1:]
    return visible, "\n\n".join(behind)


def _pop_intro(shown: list[str]) -> str:
    """Take "The guide says:" (the end of the last shown line) for the quote that follows it."""
    while shown and not shown[-1].strip():
        shown.pop()
    if not shown or not shown[-1].rstrip().endswith(":"):
        return ""
    last = shown[-1].rstrip()
    match = _INTRO.search(last)
    if not match or match.start(1) == 0:
        return shown.pop()
    shown[-1] = last[:match.start(1)].rstrip()
    return match.group(1).strip()


def _tidy(text: str) -> str:
    out: list[str] = []
    for line in (l.rstrip() for l in text.strip().splitlines()):
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def word_count(text: str, card: dict | None = None) -> int:
    """Words a person reads before any click: the message and the card's visible text, not its buttons."""
    visible = [text or ""]
    if card:
        visible += [b.get("text", "") for b in card.get("body", []) if b.get("type") == "TextBlock"]
    plain = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(visible))  # a link's address is not read
    return len(re.findall(r"[\w'’-]+", plain))
