"""The generated knowledge at run time: lookup by id and ranked search.

Loaded once per process (see :func:`load`); everything after loading is
in-memory dictionary work, so a search costs well under a millisecond.
"""
from __future__ import annotations

import difflib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from knowledge.paths import GENERATED_DIR
from knowledge.text import terms

SEARCHABLE = ("paragraph", "list", "procedure", "callout", "table", "image", "quote")
_K1, _B = 1.2, 0.75
_SECTION_WEIGHT = 1  # section title words count once more, beside the entry's own words
# An image's alt text describes a screenshot, and a paragraph that ends with a
# colon only introduces the list after it: the list and the text around it state the facts.
_KIND_WEIGHT = {"image": 0.5, "lead": 0.6}

# The guide's sentences point at the pictures beside them ("..., as displayed in the following screenshot.",
# "In the navigation pane, displayed below, select ..."). A chat never shows those pictures, so a quote leaves
# the pointing clause out: the sentence still says everything it states, and points at nothing.
_PICTURE = r"(?:screenshot|image|figure|picture)s?"
_PICTURE_POINTERS = (
    (re.compile(rf",?[ \t]+(?:as[ \t]+)?(?:displayed|shown|illustrated)[ \t]+in[ \t]+the[ \t]+"
                rf"(?:following|next|preceding|previous|above|below)[ \t]+{_PICTURE}(?=[.,;:)]|[ \t]*$)",
                re.IGNORECASE | re.MULTILINE), ""),
    (re.compile(r",[ \t]*(?:as[ \t]+)?(?:displayed|shown|illustrated)[ \t]+(?:below|above)[ \t]*,",
                re.IGNORECASE), ","),
    (re.compile(rf"[ \t]*\((?:see|as shown in)[ \t]+the[ \t]+(?:following[ \t]+|next[ \t]+)?{_PICTURE}\)",
                re.IGNORECASE),
     ""),
    (re.compile(rf"(?:(?<=^)|(?<=[.!?][ \t]))The[ \t]+following[ \t]+{_PICTURE}[ \t]+(?:shows|displays|illustrates)"
                r"[^.\n]*\.[ \t]*", re.IGNORECASE | re.MULTILINE), ""),
)


def without_picture_pointers(markdown: str) -> str:
    """The text without the clauses that point at a picture the reader is not shown."""
    for pattern, replacement in _PICTURE_POINTERS:
        markdown = pattern.sub(replacement, markdown)
    return markdown.rstrip(" \t")


class UnknownEntry(KeyError):
    """An id that is not in the knowledge base; the message suggests the closest ones."""

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Entry:
    """One piece of the guide: a paragraph, list, procedure, callout, table, image or section."""

    data: dict

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @property
    def text(self) -> str:
        return self.data["text"]

    @property
    def markdown(self) -> str:
        return self.data.get("markdown") or self.data["text"]

    @cached_property
    def quotable(self) -> str:
        """The markdown as a chat quotes it: without the clauses that point at a picture it never shows.

        Worked out on first use and kept with the entry: every quote of it asks again.
        """
        return without_picture_pointers(self.markdown)

    @property
    def section(self) -> str:
        return self.data["section"]

    @property
    def source(self) -> str:
        return self.data["source"]

    @property
    def lines(self) -> tuple[int, int]:
        return tuple(self.data["lines"])

    @property
    def date(self) -> str | None:
        """ISO date of the fact, for entries of a document whose sections cite a dated source."""
        return self.data.get("date")

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None

    @property
    def items(self) -> list[dict]:
        """List items or procedure steps, each with its own id."""
        return self.data.get("items") or self.data.get("steps") or []

    def __getitem__(self, key):
        return self.data[key]

    def get(self, key, default=None):
        return self.data.get(key, default)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float
    section: Entry


class Knowledge:
    """All generated documents, indexed by id and by term."""

    def __init__(self, documents: list[dict]):
        self.documents = documents
        self._by_id: dict[str, Entry] = {}
        self._titles = {d["source"]: d["title"] for d in documents}
        for document in documents:
            for data in document["entries"]:
                self._add(Entry(data))
        self._searchable = [e for e in self._by_id.values() if e.kind in SEARCHABLE and e.text]
        self._led_by = {e["lead"]: e for e in self._by_id.values() if e.get("lead")}
        self._in_section: dict[str, list[Entry]] = {}
        for entry in self._by_id.values():
            if entry.kind not in ("section", "item"):
                self._in_section.setdefault(entry.section, []).append(entry)
        self._updates: dict[str, list[str]] = {}
        self._single: dict[str, Knowledge] = {}
        for entry in self._by_id.values():
            for target in entry.get("supersedes") or []:
                self._updates.setdefault(target, []).append(entry.id)
        self._index()

    @classmethod
    def from_dir(cls, directory: Path = GENERATED_DIR) -> "Knowledge":
        files = sorted(Path(directory).glob("*.json"))
        if not files:
            raise FileNotFoundError(f"no generated knowledge in {directory}: run 'python -m knowledge build'")
        return cls([json.loads(f.read_text(encoding="utf-8")) for f in files])

    def _add(self, entry: Entry) -> None:
        self._by_id[entry.id] = entry
        for item in entry.items:
            dated = {k: entry.data[k] for k in ("date", "url") if k in entry.data}
            self._by_id[item["id"]] = Entry({**item, "kind": "item", "parent": entry.id,
                                             "section": entry.section, "source": entry.source,
                                             "lines": entry.data["lines"], **dated})

    # --- lookup ----------------------------------------------------------
    def __contains__(self, entry_id: str) -> bool:
        return entry_id in self._by_id

    def get(self, entry_id: str) -> Entry:
        """The entry with this id; an unknown id raises :class:`UnknownEntry` naming close ids."""
        try:
            return self._by_id[entry_id]
        except KeyError:
            close = difflib.get_close_matches(entry_id, self._by_id, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UnknownEntry(f"no knowledge entry '{entry_id}'{hint}") from None

    def continuation(self, entry: Entry) -> Entry | None:
        """The list or procedure a paragraph ending in a colon introduces, if any."""
        return self._led_by.get(entry.id)

    def ids(self) -> list[str]:
        return list(self._by_id)

    def section_of(self, entry: Entry) -> Entry:
        return self._by_id[entry.section]

    def cite(self, entry_id: str) -> dict:
        """Where an entry comes from, for 'Source:' lines and ticket summaries.

        Entries of a sourced section (the updates document) also carry the public page that states
        them (``url``, ``links``) and the fact's ``date``.
        """
        entry = self.get(entry_id)
        section = self.section_of(entry)
        cite = {"id": entry.id, "document": self._titles.get(entry.source, entry.source),
                "section": section["title"], "section_id": section.id,
                "source": entry.source, "lines": list(entry.lines)}
        source = self.source_line(section.id)
        if source is not None:
            cite.update(url=source["links"][0]["url"], links=source["links"], date=source["date"])
        return cite

    # --- updates ---------------------------------------------------------
    def updates_for(self, entry_id: str) -> list[Entry]:
        """The update sections that supersede this entry (or, for a list or procedure, one of its items).

        Returns section entries in document order; each has ``date`` and a Source line (:meth:`source_line`).
        """
        entry = self.get(entry_id)
        ids = [entry.id, *(item["id"] for item in entry.items)]
        found = dict.fromkeys(section for i in ids for section in self._updates.get(i, []))
        return [self._by_id[section] for section in found]

    def facts(self, section_id: str) -> list[Entry]:
        """What a section states, in document order: its paragraphs, lists, callouts, tables and code,
        without its Source line and without its subsections."""
        self.get(section_id)
        return [e for e in self._in_section.get(section_id, []) if e.kind != "source"]

    def source_line(self, section_id: str) -> Entry | None:
        """The section's ``Source:`` line (its links and date), if it has one."""
        return next((e for e in self._in_section.get(section_id, []) if e.kind == "source"), None)

    # --- search ----------------------------------------------------------
    def _index(self) -> None:
        self._postings: dict[str, list[tuple[int, int]]] = {}
        self._lengths: list[int] = []
        leads = {e["lead"] for e in self._searchable
                 if e.get("lead") in self._by_id and _last_sentence(self._by_id[e["lead"]].text) ==
                 self._by_id[e["lead"]].text}
        self._weights = [_KIND_WEIGHT.get("lead" if e.id in leads else e.kind, 1.0) for e in self._searchable]
        for n, entry in enumerate(self._searchable):
            words = list(terms(entry.text)) + list(terms(self._by_id[entry.section]["title"])) * _SECTION_WEIGHT
            if entry.get("lead") in self._by_id:
                words += terms(_last_sentence(self._by_id[entry["lead"]].text))
            self._lengths.append(len(words))
            for term, count in Counter(words).items():
                self._postings.setdefault(term, []).append((n, count))
        total = len(self._searchable) or 1
        self._avg_length = (sum(self._lengths) / total) or 1.0
        self._idf = {t: math.log(1 + (total - len(p) + 0.5) / (len(p) + 0.5)) for t, p in self._postings.items()}

    def search(self, question: str, k: int = 5, source: str | None = None) -> list[Hit]:
        """Entries ranked by BM25 over normalised terms (synonyms, plurals, case, punctuation).

        ``source`` (a file name such as ``troubleshoot-meeting-recording.md``) searches that document
        alone, with scores computed as if it were the only one, so callers tuned on its scores (the
        triage's retrieval evidence) are not moved by documents added later.
        """
        if source is not None:
            return self._alone(source).search(question, k)
        scores: dict[int, float] = {}
        for term in set(terms(question)):
            idf = self._idf.get(term)
            if idf is None:
                continue
            for n, count in self._postings[term]:
                norm = count * (_K1 + 1) / (count + _K1 * (1 - _B + _B * self._lengths[n] / self._avg_length))
                scores[n] = scores.get(n, 0.0) + idf * norm * self._weights[n]
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:k]
        return [Hit(self._searchable[n], round(score, 4), self.section_of(self._searchable[n]))
                for n, score in best]


    def _alone(self, source: str) -> "Knowledge":
        if source not in self._single:
            documents = [d for d in self.documents if d["source"] == source]
            if not documents:
                raise UnknownEntry(f"no knowledge document '{source}'")
            self._single[source] = Knowledge(documents)
        return self._single[source]


def _last_sentence(text: str) -> str:
    return text.rsplit(". ", 1)[-1]


@lru_cache(maxsize=4)
def load(directory: str | None = None) -> Knowledge:
    """The knowledge in ``directory`` (default: the package's generated/), loaded once per process."""
    return Knowledge.from_dir(Path(directory) if directory else GENERATED_DIR)
