"""Light text normalisation shared by knowledge search and the conversation's triage.

Users say "greyed out" where the guide says "disabled", "our partner company"
where it says "external user". Both sides of every comparison go through
:func:`terms`, so a word only has to be taught once, here.
"""
from __future__ import annotations

import importlib
import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Iterator

try:  # the parser behind re.compile; named sre_parse before Python 3.11
    _sre_parse = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - Python 3.10
    _sre_parse = importlib.import_module("sre_parse")

_WORD = re.compile(r"[a-z0-9@._-]*[a-z0-9]|[a-z0-9]")

STOPWORDS = frozenset("""
a an and are as at be been being but by can could did do does doing for from had has have having
he her here hers him his how i if in into is it its itself just me my myself of on once only or
other our ours out over own same she should so some such than that the their theirs them then
there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself please hi hello hey thanks thank
am get got im ive id also still even any all every there s t ll re ve d m
""".split())

# canonical term -> the words and phrases people use for it. Phrases are matched
# on whole words before single words, longest first.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "disabled": ("greyed out", "grayed out", "greyed", "grayed", "grey", "gray", "disabled", "disable",
                 "turned off", "switched off", "switch off", "turn off", "inactive", "not enabled",
                 "not allowed", "blocked", "unavailable", "unclickable", "dimmed"),
    "missing": ("missing", "no option", "not there", "not showing", "doesnt show", "dont see", "cant see",
                "cannot see", "cant find", "cannot find", "not visible", "hidden", "absent", "nowhere",
                "no button", "not see"),
    "external": ("guest", "external", "federated", "federation", "anonymous", "anonymously", "outside",
                 "partner", "partners", "another company", "other company", "different company",
                 "another organization", "another organisation", "other organization", "other tenant",
                 "another tenant", "different tenant", "their tenant", "vendor", "contractor", "visitor",
                 "not signed in", "without signing in", "as a guest", "b2b", "unauthenticated",
                 "other org", "outside org"),
    "record": ("record", "recording", "recordings", "recorded", "recorder", "records", "rec", "rec button",
               "videos of meetings"),
    "delete": ("deleted", "delete", "deletes", "removed", "vanished", "disappeared", "disappear", "gone",
               "expire", "expired", "expires", "expiry", "expiration", "retention", "retained", "retain",
               "kept", "keep", "purged", "purge", "lost", "wiped", "how long", "auto delete"),
    "organizer": ("organizer", "organiser", "organizers", "organisers", "organized", "organised",
                  "organizes", "organises", "scheduled", "schedules", "schedule", "scheduler",
                  "sets up", "host", "hosts", "hosted", "meeting owner", "invited me",
                  "creates", "created", "someone else's", "other people's", "others'"),
    "license": ("license", "licence", "licensed", "licenced", "licenses", "licences", "licensing",
                "unlicensed", "subscription", "sku", "plan", "e3", "e5", "a1", "a3",
                "business basic", "business standard", "business premium"),
    "upload": ("upload", "uploads", "uploading", "uploaded", "publish", "content creation", "restricted", "restrict",
               "restriction", "restricts"),
    "consent": ("consent", "consented", "consents", "accept", "accepted", "accepting", "guideline",
                "guidelines", "terms", "agree", "agreed", "company policy prompt", "acceptance"),
    "storage": ("storage", "space", "quota", "full", "capacity", "out of room", "no room", "room left"),
    "onedrive": ("onedrive", "one drive", "sharepoint", "share point", "odb", "odsp"),
    "stream": ("stream", "microsoft stream", "stream classic", "ms stream"),
    "diagnostic": ("diagnostic", "diagnostics", "diag", "recording test", "connectivity test",
                   "testconnectivity", "perform test", "run tests", "self help", "self-help"),
    "policy": ("policy", "policies", "meeting policy", "meeting policies"),
    "whiteboard": ("whiteboard", "whiteboards", "shared notes", "meeting notes", "notes", "annotations"),
    "admin": ("admin", "admins", "administrator", "administrators", "it department", "helpdesk",
              "help desk", "it team", "tenant admin", "global admin", "admin center", "admin centre"),
    "ams": ("ams", "async media services", "asynchronous media services", "async media",
            "temporary storage", "temporarily stored"),
    "captured": ("captured", "capture", "captures", "show up",
                 "shows up", "appear", "appears", "saved in the recording", "in the recording"),
    "upn": ("upn", "user principal name", "email address", "sign in name", "sign-in name"),
    "me": ("i", "me", "my", "mine", "myself"),
}

# Irregular and domain plurals the suffix rules below would get wrong.
_EXCEPTIONS = {"its": "its", "is": "is", "was": "was", "has": "has", "does": "does", "this": "this",
               "ams": "ams", "status": "status", "access": "access", "business": "business",
               "process": "process", "teams": "teams", "always": "always", "news": "news",
               "address": "address", "yes": "yes", "as": "as", "us": "us", "days": "day"}


def _phrase_table() -> tuple[dict[tuple[str, ...], str], int]:
    table: dict[tuple[str, ...], str] = {}
    for canonical, variants in SYNONYMS.items():
        for variant in variants:
            table[tuple(_raw_words(variant))] = canonical
    return table, max(len(k) for k in table)


def fold(text: str) -> str:
    """Lower case, accents and typographic quotes folded, contractions closed up ("can't" -> "cant")."""
    if not text.isascii():  # plain ASCII has no accents and no typographic quotes: most messages
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = text.replace("\u2019", "'").replace("\u2018", "'")
    return text.lower().replace("`", "").replace("'", "")


def _raw_words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def singular(word: str) -> str:
    """Plural to singular, lightly: enough for 'policies', 'recordings', 'users'; nothing clever."""
    if word in _EXCEPTIONS or len(word) <= 3 or not word.isalpha():
        return _EXCEPTIONS.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def terms(text: str) -> tuple[str, ...]:
    """The comparable terms of a text: folded, synonyms mapped to one word, plurals removed, no stopwords."""
    table, longest = _PHRASES
    words = _raw_words(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            canonical = table.get(tuple(words[i: i + size]))
            if canonical:
                out.append(canonical)
                i += size
                break
        else:
            word = singular(words[i])
            canonical = table.get((word,))
            if canonical:
                out.append(canonical)
            elif word not in STOPWORDS:
                out.append(word)
            i += 1
    return tuple(out)


_PHRASES = _phrase_table()


@lru_cache(maxsize=None)
def cached_regex(pattern: str) -> "TablePattern":
    return TablePattern(pattern)


@lru_cache(maxsize=256)
def fold_for_cues(text: str) -> str:
    """Lower case, accents and apostrophes gone, punctuation but ``?`` and ``@.:/-`` turned to spaces.

    Kept for the last few texts: every reader of a message (commands, facts, answers, follow-ups, cues)
    folds it again within the same turn.
    """
    folded = _NOT_CUE_TEXT.sub(" ", fold(text))
    return " ".join(folded.split())


_NOT_CUE_TEXT = re.compile(r"[^\w\s?@.:/-]")


# --- patterns searched on every message ---------------------------------------------------------
_SHORTEST_REQUIRED = 3  # a shorter piece of text is in too many messages to save a search
_MOST_ALTERNATIVES = 8  # testing more pieces than this costs about what the search it saves does


class TablePattern:
    """A regex from a table searched on every message: the same matches as ``re``, found with less work.

    Two shortcuts, both exact. A message without any of the pieces of text
    that every match must contain one of (``" week"`` for
    ``\\b(two|three) weeks?\\b``; ``"webinar"`` or ``"town"`` for
    ``\\b(webinars?|town ?halls?)\\b``) is not searched at all: most cues are
    about something else. And a message in plain ASCII is searched with an
    ASCII compile of the pattern, whose ``\\b`` and ``\\w`` need no Unicode
    tables, which halves the search. On ASCII text both compiles match the
    same, except in ``\\s`` (Unicode's also takes the control characters
    0x1C-0x1F), so patterns with ``\\s`` or ``\\S``, or with characters beyond
    ASCII, keep the one compile.
    """

    __slots__ = ("pattern", "_flags", "_unicode", "_ascii", "_required")

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern, self._flags = pattern, flags
        plain = pattern.isascii() and "\\s" not in pattern and "\\S" not in pattern
        compiled = re.compile(pattern, flags | re.ASCII) if plain else re.compile(pattern, flags)
        self._unicode: re.Pattern | None = None if plain else compiled
        self._ascii: re.Pattern = compiled
        self._required = required_text(compiled)

    @property
    def regex(self) -> re.Pattern:
        """The Unicode compile, made when a message first needs it: most messages are plain ASCII, and the
        tables' 576 patterns compiled twice each were a fifth of the engine's start."""
        if self._unicode is None:
            self._unicode = re.compile(self.pattern, self._flags)
        return self._unicode

    def _cannot_match(self, text: str) -> bool:
        return bool(self._required) and not contains_any(text, self._required)

    def search(self, text: str) -> re.Match | None:
        if self._required:  # _cannot_match, written out: this runs a hundred times a turn
            for piece in self._required:
                if piece in text:
                    break
            else:
                return None
        return (self._ascii if text.isascii() else self.regex).search(text)

    def finditer(self, text: str) -> Iterator[re.Match]:
        if self._cannot_match(text):
            return iter(())
        return (self._ascii if text.isascii() else self.regex).finditer(text)

    def sub(self, replacement: str, text: str) -> str:
        if self._cannot_match(text):
            return text
        return (self._ascii if text.isascii() else self.regex).sub(replacement, text)


def required_by_any(patterns: Iterable[TablePattern]) -> tuple[str, ...]:
    """Pieces of text every match of any of these patterns contains one of; () when one of them needs none.

    A group of patterns (a follow-up kind's) is tested with one short loop over
    these pieces (:func:`contains_any`) before any of its patterns is: most
    messages contain none of a group's words, and the group is passed over.
    """
    pieces: dict[str, None] = {}
    for pattern in patterns:
        if not pattern._required:
            return ()
        pieces.update(dict.fromkeys(pattern._required))
    return tuple(pieces)


def contains_any(text: str, pieces: tuple[str, ...]) -> bool:
    for piece in pieces:
        if piece in text:
            return True
    return False


def required_text(regex: re.Pattern) -> tuple[str, ...]:
    """Pieces of plain text every match of ``regex`` contains one of (none when no such set is worth testing).

    Read from the pattern's parse. Literal characters in a row are one piece
    (a ``\\b`` between them changes nothing); a group needs what its contents
    need; alternatives need one of what each alternative needs; a repeat that
    must happen once needs what its body needs; anything else (a class, an
    optional part, a look-around, a case-insensitive group) needs nothing. Of the sets a sequence
    offers, the one whose shortest piece is longest for the fewest pieces is
    kept. Case-insensitive patterns have none: the text may differ in case.
    """
    if regex.flags & re.IGNORECASE:
        return ()
    try:
        parsed = _sre_parse.parse(regex.pattern, regex.flags & ~re.UNICODE)
    except (re.error, ValueError):  # pragma: no cover - it compiled once already
        return ()
    return _required_in_sequence(parsed)


def _required_in_sequence(items) -> tuple[str, ...]:
    offers, run = [], ""
    for op, argument in items:
        if op is _sre_parse.LITERAL:
            run += chr(argument)
        elif op is not _sre_parse.AT:
            offers += [(run,), _required_in_item(op, argument)]
            run = ""
    offers.append((run,))
    worth = [offer for offer in offers if offer and len(offer) <= _MOST_ALTERNATIVES
             and min(map(len, offer)) >= _SHORTEST_REQUIRED]
    return max(worth, key=lambda offer: min(map(len, offer)) - len(offer), default=())


def _required_in_item(op, argument) -> tuple[str, ...]:
    if op is _sre_parse.SUBPATTERN:
        _group, add_flags, _removed, body = argument
        return () if add_flags & re.IGNORECASE else _required_in_sequence(body)
    if op is _sre_parse.BRANCH:
        pieces: list[str] = []
        for alternative in argument[1]:
            needed = _required_in_sequence(alternative)
            if not needed:
                return ()
            pieces += needed
        return tuple(piece for piece in dict.fromkeys(pieces) if not any(p != piece and p in piece for p in pieces))
    if op in (_sre_parse.MAX_REPEAT, _sre_parse.MIN_REPEAT) and argument[0] >= 1:
        return _required_in_sequence(argument[2])
    return ()
