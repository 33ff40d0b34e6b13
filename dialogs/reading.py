"""Reading a typed answer to the pending question by what it means, never as its opposite.

People answer in sentences ("checked it, the policy shows AllowCloudRecording = False
for him"), with negations ("not on", "isn't disabled"), hedges ("I think it's off") and
filler ("ok", "let me check"). The words live in ``dialogs/answers.toml``; this module
only weighs them:

- a setting's value ("False", "disabled", "on") counts anywhere in a clause, undone by a
  negation just before it ("isn't enabled"), two negations cancelling out;
- a bare yes or no counts only where it stands alone, opening or closing a clause, and
  gives way to a value that says otherwise;
- a hedge, or values that disagree, make the reading unsure: the bot confirms it in one
  line instead of recording it;
- filler records nothing and leaves the question open.
"""
from __future__ import annotations

import difflib
import re
import sys
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from dialogs.flow import UNSURE_MEANS
from dialogs.followups import read_followup
from dialogs.pasted import kind_named, space_in_figures
from knowledge.text import STOPWORDS, TablePattern, cached_regex, fold, fold_for_cues

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

ANSWERS_PATH = Path(__file__).resolve().parent / "answers.toml"
MAX_ANSWER_WORDS = 25  # a longer message is a story or a question, not an answer
NEGATION_REACH = 3     # a negator undoes a value up to this many words after it
# Punctuation between two digits ("1:1", "1,000", "3.5") breaks nothing.
_CLAUSE_BREAK = re.compile(r"(?<!\d)[,;.!?:]+|[,;.!?:]+(?!\d)|[()\[\]\n]+|\s[-–—]+\s"
                           r"|\b(?:but|however|though|although|except|whereas)\b")
_QUESTION_START = re.compile(r"^(can|could|do|does|did|is|are|will|would|should|how|what|whats|which|who|whos"
                             r"|when|why|where|wheres|shall|may)\b")
# "not a guest", "isn't the organizer", "wasn't asked", "wasn't even the", "not technically a": a negation right
# before the words that name a choice
_NEGATED_NAME = re.compile(r"\b(not|never|no longer|isnt|arent|wasnt|werent|nor|neither|dont|doesnt|didnt|hasnt"
                           r"|havent)\s+((a|an|the|as a|as an|as|from|really|actually|exactly|even|technically|strictly"
                           r"|officially|my|our|in|on|in the|on the)\s+){0,2}$")
# ... and each name of a list a negation runs over ("not the organizer or a presenter", "neither organizer nor
# presenter")
_NEGATED_LIST = re.compile(r"\b(not|never|isnt|arent|wasnt|werent|neither|dont|doesnt|didnt)\s+"
                           r"((a|an|the|as a|as an)\s+)?[\w-]+(\s[\w-]+)?,?\s+(or|nor)\s+((a|an|the)\s+)?$")
_LEADING_FILLER = re.compile(r"^((ok|okay|so|and|but|hmm+|well|oh|right|alright|then|also|sorry|hi|hey|hello|yo"
                             r"|quick question)\W*\s+)+")
# "did that fix it - yes, ...": the bot's question said back before the answer to it
_FIX_QUESTION_SAID_BACK = re.compile(r"^(did (that|it|this|the fix) (fix( it| that| the (issue|problem))?|work|help)"
                                      r"|is it fixed|does it work( now)?)\s*\??\s*[-:,]?\s+"
                                      r"(?=(yes|yep|yeah|yup|no|nope|nah|not)\b)")
_GUESS_THEN_ASKED = re.compile(r"\?\s*(how|what|whats|where|wheres|which|who|why)\b[^?]*$")
_WH = re.compile(r"^(how|what|whats|which|who|whos|when|why|where|wheres)\b")
# "I'm not sure what you mean by organizer policy": a question about the words, whatever choice they name
_MEANING_ASKED = re.compile(r"\b(not sure|dont know|do not know|no idea|dont understand|do not understand|unsure"
                            r"|confused about|not clear on) what (you mean|you are asking|youre asking|is meant"
                            r"|(that|this|it) means)\b")


@dataclass(frozen=True)
class Reading:
    """What a typed message answers: a choice (sure or to be confirmed), nothing yet, or not an answer (None)."""

    choice: str | None = None
    sure: bool = True
    waiting: bool = False  # "ok", "let me check": no answer yet, the question stays open
    basis: str = ""        # what decided it: button, title, named, value, interjection, unsure


# Words after which a bare "on" is the setting's value ("it's on", "turned on", "yes on", "still on").
_ON_FOLLOWS = frozenset({"its", "is", "was", "are", "be", "been", "it", "turned", "switched", "toggled", "set", "to",
                         "now", "still", "already", "yes", "yep", "yeah", "thats", "recording", "setting", "toggle",
                         "definitely", "both", "all", "shows", "says", "showing", "probably", "maybe", "perhaps",
                         "likely", "surely", "think", "guess", "believe", "hopefully", "back", "switch", "turn",
                         "policy", "policys", "policies", "mines", "hers", "theirs", "ours", "allowcloudrecording"})


@dataclass(frozen=True)
class AnswerTable:
    """``dialogs/answers.toml``, compiled once."""

    negators: frozenset[str]
    hedges: tuple[TablePattern, ...]
    waiting: tuple[TablePattern, ...]
    agreeing: TablePattern
    unsure: tuple[TablePattern, ...]
    positive_values: TablePattern
    negative_values: TablePattern
    positive_interjections: frozenset[str]
    negative_interjections: frozenset[str]
    not_a_value_after_on: frozenset[str]
    not_a_value_before_off: frozenset[str]
    not_an_answer_before: frozenset[str]
    longer_interjections: dict[str, tuple[str, ...]]  # "absolutely" -> ("absolutely not",): read first
    not_the_setting_before: tuple[TablePattern, ...]
    polar_states: dict[str, tuple[str, ...]]  # the yes's choice, the no's, and the no's when that one isn't shown
    asked_back: frozenset[str]  # questions whose yes is only the likeliest choice: asked back before it counts
    choices: dict[str, dict[str, str]]
    gratitude: dict[str, TablePattern]
    closing: dict[str, TablePattern]
    signing_off: dict[str, TablePattern]
    dropping: dict[str, TablePattern]
    still: TablePattern
    too_soon: TablePattern
    waited: TablePattern
    other_languages: frozenset[str]
    story_pieces: tuple[TablePattern, ...]
    fix_asked: TablePattern
    someone_elses_role: dict[str, re.Pattern]
    consent_asked: tuple[TablePattern, ...]
    whose_value: dict[str, TablePattern]
    of_a_person: TablePattern
    reported_back: TablePattern
    held_together: TablePattern
    symptom: TablePattern
    other_subject: TablePattern

    @classmethod
    def load(cls, path: Path = ANSWERS_PATH) -> "AnswerTable":
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        words, polar = data["words"], data["polar"]
        return cls(
            negators=frozenset(words["negators"]),
            hedges=_compiled(words["hedges"]), waiting=_compiled(words["waiting"]),
            agreeing=TablePattern(words["agreeing"]), unsure=_compiled(words["unsure"]),
            positive_values=_word_list(polar["positive_values"]),
            negative_values=_word_list(polar["negative_values"]),
            positive_interjections=frozenset(polar["positive_interjections"]),
            negative_interjections=frozenset(polar["negative_interjections"]),
            not_a_value_after_on=frozenset(polar["on_is_not_a_value_before"]),
            not_a_value_before_off=frozenset(polar["off_is_not_a_value_after"]),
            not_an_answer_before=frozenset(polar["no_answer_before"]),
            longer_interjections=_longer_phrases([*polar["positive_interjections"], *polar["negative_interjections"]]),
            not_the_setting_before=_compiled(polar["not_the_setting_before"]),
            polar_states={state: tuple(pair) for state, pair in polar["states"].items()},
            asked_back=frozenset(polar["asked_back"]),
            choices=data["choices"],
            gratitude={state: TablePattern(p) for state, p in data.get("gratitude", {}).items()},
            closing={reading: TablePattern(p) for reading, p in data["closing"].items()},
            signing_off={part: TablePattern(p) for part, p in data["signing_off"].items()},
            dropping={reading: TablePattern(p) for reading, p in data["dropping"].items()},
            still=TablePattern(data["still"]["pattern"]), too_soon=TablePattern(data["still"]["too_soon"]),
            waited=TablePattern(data["still"]["waited"]), other_languages=frozenset(words["other_languages"]),
            story_pieces=_compiled(data["story"]["pieces"]), fix_asked=TablePattern(data["story"]["fix_asked"]),
            someone_elses_role={k: re.compile(v) for k, v in words["someone_elses_role"].items()},
            consent_asked=_compiled(words["consent_asked"]),
            whose_value={whose: TablePattern(p) for whose, p in polar["whose_value"].items()},
            of_a_person=TablePattern(polar["of_a_person"]), reported_back=TablePattern(polar["reported_back"]),
            held_together=TablePattern(words["held_together"]),
            symptom=TablePattern(polar["symptom"]), other_subject=TablePattern(polar["other_subject"]),
        )


@lru_cache(maxsize=1)
def table() -> AnswerTable:
    return AnswerTable.load()


def _compiled(patterns: list[str]) -> tuple[TablePattern, ...]:
    return tuple(TablePattern(p) for p in patterns)


def _word_list(words: list[str]) -> TablePattern:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return TablePattern(rf"\b({alternatives})\b")


def load_tables() -> None:
    """Read and compile every table now, at start-up, instead of on the first message that needs each."""
    table()
    _fact_tables()
    _topic_tables()


def clauses(text: str) -> list[str]:
    """The message cut where a new thought starts, each part folded the way the cue tables read text."""
    parts = _CLAUSE_BREAK.split(fold(text))
    return [c for c in (fold_for_cues(p or "") .strip(" .!") for p in parts) if c]


def read_answer(state: str, text: str, titles: dict[str, str]) -> Reading | None:
    """The choice a typed message means among the buttons shown (``titles``, in button order).

    None when the message is no answer to this question (a question, a story, another subject).
    """
    if not text.isascii():  # 👍 is a yes, 🤷 a "not sure"
        text = _EMOJI_ANSWER.sub(lambda m: f" {_EMOJI_WORDS[m.group(1)]} ", text)
    if '"' in text and _A_COMMAND_OR_POLICY.search(fold_for_cues(text)):
        text = _QUOTED_NAME.sub(" ", text)  # 'ran it with "Standard Meetings"': a policy's name, no answer
    folded = fold_for_cues(text).strip(" .!")
    choices = list(titles)
    if not folded or not choices:
        return None
    n = int(folded) if folded.isdigit() else ordinal(text)
    if n is not None:
        return Reading(choices[n - 1], basis="button") if 1 <= n <= len(choices) else None
    exact = {fold_for_cues(title).strip(" .!"): c for c, title in titles.items()} | {
        c.replace("_", " "): c for c in choices}
    if folded in exact:
        return Reading(exact[folded], basis="title")
    answers = table()
    if state != "welcome" and (any(p.search(folded) for p in answers.waiting) or only_plans(text)) \
            and not _asks_after(text, answers) and not _found_after(text):
        return Reading(waiting=True, basis="waiting")  # "great, thanks. they'll fix it" (but not "I'll ask IT. what
        # should I ask them?", which asks)
    grateful = answers.gratitude.get(state)
    if grateful and grateful.search(folded) and len(folded.split()) <= 6 and not _negative_anywhere(folded):
        named = _weigh(state, text, folded, choices, answers)
        if named is not None and named.sure and named.basis == "named":  # "thank you very much. solved."
            return named
        choice = answers.polar_states[state][0]
        return Reading(choice, sure=False, basis="interjection") if choice in choices else None
    if state != "welcome" and answers.agreeing.search(folded):  # "that's the one", of what was just noted
        return Reading(waiting=True, basis="agreed")
    if len(folded.split()) > MAX_ANSWER_WORDS or _asks(folded):
        return None
    if state == "check_onedrive" and (space := space_in_figures(folded)) in choices:  # "1TB of 1TB"
        return Reading(space, basis="named")
    return _weigh(state, text, folded, choices, answers)


def read_closing(text: str) -> str | None:
    """What a whole message says to "Anything else?": ``again``, ``thanks`` or ``done``; None for anything more.

    A message of emoji alone (a thumbs-up) is ``done``; one of control characters or punctuation is nothing.
    """
    folded = fold_for_cues(text).strip(" .!?:;-")
    if not folded:
        return "done" if any(unicodedata.category(c) == "So" for c in text) else None
    said = next((reading for reading, pattern in table().closing.items() if pattern.search(folded)), None)
    if said and text.rstrip().endswith("?") and read_followup(text) == "explain":
        return None  # "ok?", "and?": what now, asked (the follow-ups' `explain`); no goodbye
    return said or ("thanks" if signs_off(text) else None)


def only_plans(text: str) -> bool:
    """ "Ok I will raise ticket with IT team. Meanwhile manager will record and share the link": what happens next,
    told without an answer; the question waits."""
    kinds = _signing_off(text)
    return any("plan" in kind for kind in kinds) and all(kind & {"plan", "nod"} for kind in kinds)


def signs_off(text: str) -> bool:
    """ "ok so it's a policy thing. I'll ask IT. thanks", "Perfect. Thanks a lot, very helpful.": thanks in a message
    whose other clauses only nod or say what the person will do next. A clause that reports, answers or asks anything
    keeps it a message."""
    kinds = _signing_off(text)
    return any("thanks" in kind for kind in kinds) and all(kinds)


def says_goodbye(text: str) -> bool:
    """ "thanks, that's helpful. bye": a message that signs off (or is a goodbye alone) and says goodbye."""
    return any("bye" in kind for kind in _signing_off(text))


@lru_cache(maxsize=256)  # asked of one message by several readings
def _signing_off(text: str) -> tuple[frozenset[str], ...]:
    """What each clause of a message is, of ``[signing_off]``'s thanks, nod and plan (empty for a clause that says
    anything else); nothing for a message that asks."""
    if "?" in text:
        return ()
    signing = table().signing_off
    return tuple(frozenset(kind for kind, pattern in signing.items() if pattern.search(part)) for part in clauses(text))


@lru_cache(maxsize=256)  # asked of one message by several routes
def read_dropping(text: str) -> str | None:
    """A whole message that ends a check midway: ``solved`` ("never mind, figured it out") or ``abandon``
    ("forget it"); None for anything else. "IT checked and it was off. they turned it on and it works now, yes!!
    thank you": the last clause that says more than thanks or a nod, when none says it still fails."""
    folded = fold_for_cues(text).strip(" .!?:;-")
    if not folded:
        return None
    dropping = table().dropping
    said = next((reading for reading, pattern in dropping.items() if pattern.search(folded)), None)
    if said == "solved" and _A_COMMAND_RAN.search(folded):
        return None  # 'ran it with "Standard Meetings", worked this time': the command went through, not recording
    if said == "solved" and "?" in text and not any(
            dropping["solved"].search(part) for part in _sentence_clauses(text) if not part.endswith("?")):
        return None  # "so it's in HER onedrive? can I ask her to share it": asked, not found
    if said or "?" in text or table().still.search(folded) or _BUT_NOT.search(folded):
        return said
    parts = clauses(text)
    told = [part for part, kind in zip(parts, _signing_off(text)) if not kind & {"thanks", "nod"}]
    return "solved" if len(parts) > 1 and told and dropping["solved"].search(told[-1]) else None


# A command run, and what it did: "ran it again, worked this time", "the grant went through"
_A_COMMAND_RAN = re.compile(r"\b(ran|run|reran|re ran|executed) (it|that|this|the (command|cmdlet|grant|set|script))\b"
                            r"|\bthe (command|cmdlet|grant|script) (worked|ran|went through|succeeded)\b"
                            # "lol typo in upn. worked now", after PowerShell's error: the command, fixed
                            r"|\b(typo|typos|misspelt|misspelled|misspelling|wrong upn|wrong identity)\b.{0,40}"
                            r"\b(worked|works|went through|ok now|fine now|succeeded)\b")
_BUT_NOT = re.compile(r"\b(but|still|not|doesnt|didnt|isnt|cant|cannot|wont)\b")


def ends_waiting(text: str) -> bool:
    """ "hmm but her policy should be Global, let me check": the last clause puts the answer off."""
    parts = clauses(text)
    return len(parts) >= 2 and any(p.search(parts[-1].strip(" ?:;-")) for p in table().waiting)


def opens_a_story(text: str) -> bool:
    """ "so I have this problem", "when I join our team sync", "I'm on mobile": a piece of a first message
    that sets the scene and says no more."""
    folded = fold_for_cues(text).strip(" .!:;-")
    return any(p.search(folded) for p in table().story_pieces) or asks_only_for_the_fix(text)


def asks_only_for_the_fix(text: str) -> bool:
    """ "just tell me the fix", said before anything of what goes wrong: there is no fix to give yet."""
    return table().fix_asked.search(fold_for_cues(text).strip(" .!?:;-")) is not None


def says_unsure(text: str) -> bool:
    """ "not sure", "idk", "no idea" said as a whole short message, where the question offers no such button."""
    folded = fold_for_cues(text).strip(" .!")
    return len(folded.split()) <= 6 and any(p.search(folded) for p in table().unsure)


def says_it_asked(text: str) -> bool:
    """At the consent question: Teams asked, said without what was answered ("yes", "there was a banner")."""
    folded = fold_for_cues(text).strip(" .!")
    return any(p.search(folded) for p in table().consent_asked)


def doubted_clauses(text: str) -> list[str]:
    """The clauses of a message that say "I don't know" ("..., not sure what policy she has"); a bare "not sure"
    after another clause is read with it, since that is what it doubts ("the events policy is default, not sure")."""
    unsure = table().unsure
    parts = clauses(text)
    return [f"{parts[n - 1]} {part}" if n and len(part.split()) <= BARE_DOUBT_WORDS else part
            for n, part in enumerate(parts) if any(p.search(part) for p in unsure)]


BARE_DOUBT_WORDS = 3


def still_stuck(text: str) -> bool:
    """ "I still can't find it", "that didn't help": the answer just given did not solve the problem."""
    return bool(table().still.search(fold_for_cues(text)))


def set_up_by_another(text: str) -> bool:
    """ "he set it up", "my boss scheduled it": someone else organized it (``set_up_by`` in answers.toml)."""
    return table().someone_elses_role["set_up_by"].search(fold_for_cues(text)) is not None


def _said_of_others(answers: dict[str, str], stated: list[str], folded: str,
                    flags: dict[str, TablePattern], joins: dict[str, str]) -> str | None:
    """What someone telling of their own recording says of other people, taken off their own answers: "the organizer
    says her policy allows it" is the organizer's policy, "she's the organizer yes" someone else's meeting, "she's
    external" (the client called) not how the caller joins: how the others join is returned."""
    if "check_policy" in answers and "check_organizer_policy" not in answers \
            and any(flags["anothers_policy"].search(part) for part in stated) and not _MY_POLICY.search(folded):
        answers["check_organizer_policy"] = answers.pop("check_policy")
        answers.setdefault("check_organizer", "someone_else")
    if "check_organizer" not in answers and any(flags["organizer_is_another"].search(part) for part in stated):
        answers["check_organizer"] = "someone_else"
    if "check_auth_type" in answers and said_of_another(folded):
        return answers.pop("check_auth_type")
    # "hes at a different company, we chat through teams": the clause that says how, said of him
    telling = [n for n, part in enumerate(stated) if _names(joins[answers["check_auth_type"]], [part])] \
        if "check_auth_type" in answers else []
    if telling and all(_of_another(stated, n) for n in telling):
        return answers.pop("check_auth_type")
    return None


def _of_another(parts: list[str], n: int) -> bool:
    """Whether a clause is said of someone else: by its own words, or, naming nobody, by the clause it goes on
    from ("he shows up with | external", "patients just join from the link | no account")."""
    part = parts[n]
    if _names_other_people(part):
        return True
    if _THIRD_PERSON.search(part) or _FIRST_PERSON.search(part):
        return said_of_another(part)
    return n > 0 and (said_of_another(parts[n - 1]) or _names_other_people(parts[n - 1]))


def _names_other_people(part: str) -> bool:
    return _OTHER_PEOPLE_RE.search(part) is not None and not _FIRST_PERSON.search(part)


def said_of_other_people(text: str) -> bool:
    """ "patients just join from the link, no account": how people named by what they are join, in every clause that
    tells how someone joins (not "work account, the customer is external", whose first clause is the teller's)."""
    if not _OTHER_PEOPLE_RE.search(text.lower()):  # most messages name no patients, parents or clients
        return False
    parts = _sentence_clauses(text) or [fold_for_cues(text)]
    joins = table().choices.get("check_auth_type", {})
    telling = [n for n, part in enumerate(parts) if any(_names(pattern, [part]) for pattern in joins.values())]
    return bool(telling) and all(_of_another(parts, n) for n in telling) \
        and any(_names_other_people(part) for part in parts)


def said_of_another(folded: str) -> bool:
    """ "she's external": said of her, him or them, and of nobody who says I or we; or of the others in the meeting
    ("the attendees were all external")."""
    mine = _FIRST_PERSON.search(_ATTENDEES_FROM_OUTSIDE_RE.sub(" ", _OURS.sub(" ", _I_HEDGE.sub(" ", folded))))
    return not mine and (bool(_THIRD_PERSON.search(folded)) or _ATTENDEES_FROM_OUTSIDE_RE.search(folded) is not None)


_SUBJECT_THEN_ADVERB = re.compile(r"\b(im|i am|shes|hes|theyre|s?he is|they are|(?:the )?user is|(?:the )?person is) "
                                 r"(?:actually|really|in fact|technically|definitely|indeed)\b")
_I_HEDGE = re.compile(r"\bi (guess|think|believe|suppose|reckon|assume|gather)\b")  # "they're federated i guess"
# "they're from outside our company": our organization is where they are not from, not who says it
_OURS = re.compile(r"\b(outside( of)?|not (from|in|part of)|other than) (our|my) (own )?"
                   r"(company|org|organi[sz]ation|tenant|firm)\b")
# "patients just join from the link", "a dad joined without signing in": other people, by what they are
_OTHER_PEOPLE = (r"(a|the|our|my|one|some) (patient|student|pupil|parent|dad|mum|mom|father|mother|client|customer"
                 r"|visitor)s?|(patients|students|pupils|parents|clients|customers|visitors)")
_OTHER_PEOPLE_RE = re.compile(rf"\b({_OTHER_PEOPLE})\b")
_THIRD_PERSON = re.compile(r"\b(she|he|they|shes|hes|theyre|her|his|their|them|him)\b")
_FIRST_PERSON = re.compile(r"\b(i|im|me|my|mine|we|were|our|us|ive)\b")
_MY_POLICY = re.compile(r"\b(my|mine|own)\b")  # "my policy", "their own policy": the recorder's


def names_another_policy(text: str) -> bool:
    """ "he has a custom policy", "she's not on global": another policy than the one whose setting was pasted."""
    return _fact_tables()["flags"]["another_policy"].search(fold_for_cues(text)) is not None


def too_soon(text: str) -> bool:
    """ "still greyed out after 10 min": said within the hour (``too_soon`` in answers.toml)."""
    return bool(table().too_soon.search(fold_for_cues(text)))


def only_waited(text: str) -> bool:
    """ "it's been 2 days": a whole message that says how long it has been and nothing else (``waited``)."""
    return bool(table().waited.search(fold_for_cues(text)))


def looks_foreign(text: str, is_word: Callable[[str], bool]) -> bool:
    """Whether a message is likely in another language than English ("Aufnahme in Teams funktioniert nicht"):
    none of English's small words, one of another language's (``other_languages`` in answers.toml), and a
    longer word that is neither one the tokenizer knows, nor this subject's, nor a slip of one."""
    words = re.findall(r"[^\W\d_]+", fold(text).lower())
    if any(word in STOPWORDS and word not in _SHARED_SMALL_WORDS for word in words):
        return False
    if not table().other_languages.intersection(words):
        return False
    known = _vocabulary()[0]
    return any(len(w) >= 4 and not is_word(w) and w not in known and not _nearest_known(w) for w in words)



# small words English shares with other languages (German "in", Spanish and Italian "a", Italian "i")
_SHARED_SMALL_WORDS = frozenset({"in", "a", "i", "am", "an", "so", "die", "was", "hat", "man", "also"})


_ORDINALS = {"first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3, "three": 3,
             "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5, "five": 5}
_ORDINAL = re.compile(r"^(?:the\s+)?(?:(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th)(?:\s+(?:one|option|button"
                      r"|choice|problem|issue|thing))?|(?:#|no\.?\s*|number\s+|option\s+|problem\s+|issue\s+)"
                      r"(\d|one|two|three|four|five))\s*[.!]?$", re.IGNORECASE)


_RETRACTION = re.compile(r"(?i)\b(?:wait,?\s*no|no,?\s*wait|actually,?\s*no|sorry,?\s*no|no,?\s*sorry|scratch that|"
                         r"correction|i mean)\b")
_ECHOED_QUESTION = re.compile(r"(?i)^\s*(?:[\w'-]+\s+){0,2}[\w'-]+\s*\?+\s*(?=(?:no|nope|nah|yes|yeah|yep)\b(?! idea))")


def what_counts(text: str) -> str:
    """The part of a message that stands: after the last "wait no" that takes back what came before it ("I'm
    the organizer. wait no, my boss set it up", or the message before: "no wait, it wasn't a channel meeting"),
    and without a question echoed before its answer ("guest? no I'm internal")."""
    text = _ECHOED_QUESTION.sub("", text)
    parts = [part.strip(" \t\n,.;:!-") for part in _RETRACTION.split(text)]
    # at the start, "no wait, ..." takes back the last message, and the rest is what counts
    return parts[-1] if len(parts) > 1 and parts[-1] else text


def ordinal(text: str) -> int | None:
    """ "the first one", "2nd", "#1", "option 3": which one of a list the person means, or None."""
    match = _ORDINAL.match(" ".join(text.split()))
    if not match:
        return None
    word = (match.group(1) or match.group(2)).lower()
    return int(word) if word.isdigit() else _ORDINALS[word]


def shows_an_admin_notice(text: str) -> bool:
    """ 'it says "Recording has been disabled by your organization"': a notice that points to a policy (the
    ``admin_notice`` remark), read as :func:`read_facts` reads it, without reading every other fact too."""
    stated = [part for part in _sentence_clauses(text) if not _asks_clause(part)]
    return _names(_fact_tables()["remarks"]["admin_notice"], stated)


def tells_the_symptom(text: str) -> bool:
    """ "no record option at all in the menu": what goes wrong, told again (``symptom`` in answers.toml)."""
    return table().symptom.search(fold_for_cues(text)) is not None


_EMOJI_WORDS = {"👍": "yes", "✅": "yes", "✔": "yes", "👎": "no", "❌": "no", "🙅": "no", "🤷": "not sure"}
_EMOJI_ANSWER = re.compile("(" + "|".join(_EMOJI_WORDS) + ")[\U0001F3FB-\U0001F3FF]?(?:\u200d[\u2640\u2642])?\ufe0f?")


def match_choice(state: str, text: str, titles: dict[str, str]) -> str | None:
    """The choice a typed message surely means among the buttons shown; None when unsure or no answer."""
    reading = read_answer(state, text, titles)
    return reading.choice if reading is not None and reading.sure else None


def answer_words() -> dict[str, dict[str, str]]:
    """Each question's choices and the words people type for them (``[choices.*]`` of answers.toml)."""
    return table().choices


def has_doubts(text: str) -> bool:
    """Whether a message hedges or says it doesn't know ("i think", "maybe", "not sure")."""
    folded, answers = fold_for_cues(text), table()
    return any(p.search(folded) for p in answers.hedges) or any(p.search(folded) for p in answers.unsure)


def reports_back(text: str) -> bool:
    """Whether a message tells what someone found out ("ok i asked, admin says it's on")."""
    return table().reported_back.search(fold_for_cues(text)) is not None


def other_policy_named(state: str, text: str) -> str | None:
    """The kind of policy a message names ("meeting", "calling", "events") when the question pending asks about
    another ("meeting policy has recording on", at the events policy's question); None otherwise."""
    own = _OWN_POLICY.get(state, ())
    named = _POLICY_KIND_NAMED.findall(fold_for_cues(text)) if own else []
    if not named or any(kind in own for kind in named):
        return None
    return {"call": "calling", "event": "events", "webinar": "events", "townhall": "events",
            "town hall": "events"}.get(named[0], named[0])


def names_another_subject(text: str) -> bool:
    """Whether a message names a subject of another question than a setting's ("no popup", "nope someone else")."""
    return table().other_subject.search(fold_for_cues(text)) is not None


def asks(text: str) -> bool:
    """Whether a message asks rather than tells ("ok so what about people from a partner company")."""
    return _asks(fold_for_cues(text))


_OF_MEETINGS = re.compile(r"\b(for|in|on|during) (my |our |the |normal |regular |all )?meetings\b")
_RECORDING_ALLOWED_TOLD = re.compile(r"\b(recording|record|it) (is |s )?(definitely |totally |def )?(allowed|enabled"
                                     r"|on|permitted)\b|\bi (can )?record (stuff|things|meetings|all the time|fine)\b")
_GUESSED = re.compile(r"\b(maybe|probably|perhaps|possibly|i think|i guess|i believe)\s+(an? |the )?\w+(\s+\w+)?"
                      r"\s*\?+$")

_GUESS_FIRST = re.compile(r"(i think|i guess|i believe|pretty sure) (its|it is|it was|thats|that is|"
                          r"(s?he|they|i) (is|was|are|were|am)|(s?hes|theyre|im)) "
                          r"(?!.*\b(does|do|did|is|are|can|could|should|would|will|what|how|why|which|where|who"
                          r"|matter)\b)"
                          r"[^,;?]*\?+$")


def ends_asking(text: str) -> bool:
    """ "we use private channels too, does that matter": something told, then a question without its "?"; "we
    have teams premium if that matters" asks the same."""
    parts = clauses(text)
    if parts and _IF_IT_MATTERS.search(parts[-1]):
        return True
    return len(parts) >= 2 and len(parts[-1].split()) >= 3 and _QUESTION_START.match(parts[-1]) is not None


_IS_A_KIND = re.compile(r"^(is|was) (a |an )?(normal |regular |usual |simple |teams |scheduled |channel |recurring )*"
                        r"(meeting|call|webinar|town ?hall|event)\b(?![^?]*\?)(?!.{0,40}\b(record\w*|can|allowed)\b)")
_AND_WHAT_OF = re.compile(r"^(and|or) (an? |the )?\w+( \w+)?\s*\?+$")
_IF_IT_MATTERS = re.compile(r"\b(if|in case) (that|it|this) (matters|helps|is relevant|makes (a|any) difference)\W*$")


def _asks(folded: str) -> bool:
    """A question, not an answer: "is that the organizer's policy?", "ok so what about guests"; a lone "?"
    means "I don't know"."""
    if re.fullmatch(r"\?+", folded):
        return False
    if _AND_WHAT_OF.match(folded):  # "and anonymous?", after "what about guests?": the same question, of another
        return True
    if _IS_A_KIND.match(folded):  # "Is a meeting, normal meeting of the team every monday": "it is", said short
        return False
    folded = _FIX_QUESTION_SAID_BACK.sub("", _LEADING_FILLER.sub("", folded))
    words = len(folded.split())
    # "not sure tbh, maybe presenter?", "i think its a town hall actually?": a guess, asked back
    guessed = _GUESSED.search(folded) is not None or _GUESS_FIRST.match(folded) is not None
    if " what " in folded and _MEANING_ASKED.search(folded):
        return True
    if "?" in folded and _GUESS_THEN_ASKED.search(folded):  # "policy off? how do i know": a guess, then the question
        return True
    return (folded.endswith("?") and words > 2 and not guessed) or (_QUESTION_START.match(folded) is not None and (
        words > 3 or _WH.match(folded) is not None))


def _weigh(state: str, text: str, folded: str, choices: list[str], answers: AnswerTable) -> Reading | None:
    whose = answers.whose_value.get(WHOSE_VALUE_DROPPED.get(state, ""))
    dropped = whose is not None and whose.search(folded) is not None
    if whose is not None and dropped:  # before the clauses: "on for everyone | except me"
        text = folded = " ".join(whose.sub(" ", folded).split())
    if state == "check_meeting_role" and _ROLES_OF_THE_OPTION.search(folded) and _OPTION_WORDS.search(folded):
        # "he limited who can record to organizers and co-organizers": the roles the option names, none of theirs
        text = folded = " ".join(_ROLES_OF_THE_OPTION.sub(" ", folded).split())
    parts = clauses(text) or [folded]
    doubted = any(p.search(folded) for p in answers.unsure)
    unsure_said = ("unsure" in choices or state in UNSURE_MEANS) and doubted
    hedged = any(p.search(folded) for p in answers.hedges)
    others = answers.someone_elses_role if state == "check_meeting_role" else None
    named = [c for c in choices if c != "unsure" and _names(answers.choices.get(state, {}).get(c), parts, others)]
    if state == "check_auth_type" and set(named) == {"member", "federated"} and _JUST_OWN_ACCOUNT.search(folded) \
            and not _SAME_ORG.search(folded):  # "external, I just join with my own account": their organization's
        return Reading("federated", sure=False, basis="named")
    if len(named) == 1:  # "idk my boss made me presenter last time": named, but with a doubt, so confirmed
        return Reading(named[0], sure=not hedged and not unsure_said, basis="named")
    if len(named) > 1:
        last = [c for c in named if _names(answers.choices.get(state, {}).get(c), parts[-1:], others)]
        if len(last) == 1 and len(parts) > 1:  # "I'm an attendee but the organizer made me a presenter"
            return Reading(last[0], sure=False, basis="named")
        if state in HELD_TOGETHER and len(parts) == 1 and answers.held_together.search(parts[0]):
            # "both organizer and presenter": the first of them in the question's order
            return Reading(named[0], sure=not hedged and not unsure_said, basis="named")
        return Reading("unsure", basis="unsure") if unsure_said and not hedged else None
    if state in HELD_TOGETHER:
        ranked = [c for c in choices if c != "unsure"]
        if len(ranked) > 1 and _denied(answers.choices.get(state, {}).get(ranked[-2]), parts):
            return Reading(ranked[-1], sure=False, basis="named")  # "not the organizer or a presenter": attendee?
    polar = _polar_choice(state, parts, answers, choices)
    if polar is not None and polar[2] == "interjection" and doubted:
        # "no, I don't know", "nope no clue": the no is to knowing, not to the question
        return Reading("unsure", basis="unsure") if "unsure" in choices else None
    if polar is not None and dropped and polar[2] == "interjection":
        return None  # "nope, it's on for me too", asked the organizer's: the nope goes with the value taken off
    if polar is not None and not (unsure_said and _unsure_before_value(parts, answers)):
        choice, sure, basis = polar
        return Reading(choice, sure=sure and not hedged, basis=basis)
    if unsure_said:
        return Reading("unsure", basis="unsure")
    return None


def _names(pattern: str | None, parts: list[str], someone_elses: dict[str, re.Pattern] | None = None) -> bool:
    """The choice's own words are in the message and not negated ("not a guest" does not say guest), nor,
    given ``someone_elses`` (``[words.someone_elses_role]``), said of someone else ("the organizer left")."""
    if not pattern:
        return False
    regex = cached_regex(pattern)
    for part in parts:
        for match in regex.finditer(part):
            before = part[:match.start()]
            if _negated_before(before):
                continue
            after = part[match.end():]
            if someone_elses and someone_elses["determiner"].search(before) and (before.split()[:-1] or after) \
                    and not someone_elses["own_before"].search(before) and not someone_elses["own_after"].search(after):
                continue
            if someone_elses and someone_elses["who_it_is"].search(after) \
                    and not someone_elses["own_before"].search(before):
                continue  # "organizer is the team owner": who holds that role, someone else
            if someone_elses and someone_elses["of_another"].search(before):
                continue  # "my boss is presenting": the boss's role
            return True
    return False


def _denied(pattern: str | None, parts: list[str]) -> bool:
    """The choice's words are in the message, each time negated ("I'm not a presenter")."""
    if not pattern:
        return False
    regex = cached_regex(pattern)
    found = [(part, match) for part in parts for match in regex.finditer(part)]
    return bool(found) and all(_negated_before(part[:match.start()]) for part, match in found)


def _negated_before(before: str) -> bool:
    """Whether the text before a choice's words negates them ("not a", "not the organizer or a") or doubts them
    ("not sure if im the")."""
    return _NEGATED_NAME.search(before) is not None or _NEGATED_LIST.search(before) is not None \
        or _DOUBTED_NAME.search(before) is not None


# "not sure if I'm the organizer", "no idea whether she's a presenter": the role doubted, not stated
_DOUBTED_NAME = re.compile(r"\b(not sure|unsure|dont know|do not know|i not know|no idea|wonder|wondering|not certain"
                           r"|not aware|cant tell)"
                           r"( (if|whether)( (im|i am|i was|s?hes|s?he is|s?he was|theyre|they are|it is|its|were"
                           r"|we are))?| (s?hes|s?he is|s?he was|theyre|they are|they were|were|we are))?"
                           r" (really |actually )?((a|an|the|one of the)\s+)?$")


def _negations_before(clause: str, at: int) -> int:
    words = clause[:at].split()
    near = words[-NEGATION_REACH:]
    farther = " ".join(words[:-NEGATION_REACH])  # "i dont think the events policy blocks it": the whole clause
    return sum(1 for w in near if w in table().negators) + " ".join(near).count("no longer") \
        + (_DOUBTED_CLAUSE.search(farther) is not None)


# "I don't think ...", "I doubt ...": the rest of the clause said the other way round, however far its value
_DOUBTED_CLAUSE = re.compile(r"\b(i )?(dont|do not) (think|believe|reckon)\b(?! so\b)|\bi doubt\b")


def _longer_phrases(phrases: list[str]) -> dict[str, tuple[str, ...]]:
    """Each phrase's longer phrases that begin with it ("absolutely" -> "absolutely not"), where there are any."""
    longer = {p: tuple(q for q in phrases if q.startswith(p + " ")) for p in phrases}
    return {p: qs for p, qs in longer.items() if qs}


def _signals(part: str, answers: AnswerTable) -> list[tuple[int, str]]:
    """(+1 or -1, "value" or "interjection") for each yes or no a clause says, in order."""
    found: list[tuple[int, int, str]] = []
    for sign, regex in ((1, answers.positive_values), (-1, answers.negative_values)):
        for match in regex.finditer(part):
            after = part[match.end():].split()[:1]
            before = part[:match.start()].split()[-1:]
            if match.group(0) == "on" and (after and after[0] in answers.not_a_value_after_on or before and (
                    before[0] not in _ON_FOLLOWS and before[0] not in answers.negators)):
                continue  # "on the Global policy", "the policy she's on": a preposition, not the setting
            if match.group(0) == "off" and before and before[0] in answers.not_a_value_before_off:
                continue  # "2 seconds off", "slightly off": out of step, not the setting
            if any(p.search(part[:match.start()]) for p in answers.not_the_setting_before):
                continue  # "needs to get it activated", "clicked don't allow": a wish or a button, not the setting
            flips = _negations_before(part, match.start())
            found.append((match.start(), sign * (-1) ** flips, "value"))
    for sign, words in ((1, answers.positive_interjections), (-1, answers.negative_interjections)):
        for phrase in words:
            opens = part.startswith(phrase + " ")
            if not (opens or part == phrase or part.endswith(" " + phrase)):
                continue
            if found and any(w in answers.negators for w in phrase.split()):
                continue  # "it's not disabled": the "not" belongs to the value
            if opens and phrase in _SAID_OF_A_VERB and not part[len(phrase) + 1:].startswith(_A_DO_ANSWERS):
                continue  # "i dont switch to their org", "it doesnt show (External)": what someone does, no yes or no
            if opens and phrase in _SAID_OF_A_THING and not part[len(phrase) + 1:].startswith(_A_THING_ANSWERS):
                continue  # "it is direct call only": what it is, no yes
            if opens and (_opens_with_any(part[len(phrase) + 1:], answers.not_an_answer_before)  # "i dont know what
                          or any(part.startswith(longer)  # this means"; "absolutely not", not its "absolutely"
                                 for longer in answers.longer_interjections.get(phrase, ()))):
                continue
            at = 0 if part == phrase or opens else len(part) - len(phrase)
            if not any(start <= at < start + 3 for start, _, _ in found):
                found.append((at, sign, "interjection"))
    return [(sign, kind) for _, sign, kind in sorted(found)]


# Questions whose choices one person can hold at once, each including the ones after it (an organizer presents).
HELD_TOGETHER = ("check_meeting_role",)
# Whose values a policy question drops (`whose_value` in answers.toml): another person's at the recorder's.
WHOSE_VALUE_DROPPED = {"check_policy": "others", "check_calling_policy": "others", "check_organizer_policy": "mine"}


# "I do", "she doesn't": a yes or no by itself, or before "think so", "have it"; before another verb, a statement
_SAID_OF_A_VERB = frozenset({"i do", "we do", "they do", "he does", "she does", "it does", "i dont", "we dont",
                             "they dont", "he doesnt", "she doesnt", "it doesnt"})
_A_DO_ANSWERS = ("think", "believe", "guess", "so", "have", "thats", "it", "that", "either", "anymore", "yet", "not",
                 "really", "work", "works")


# "it is", "they have": a yes by itself, or before a word that keeps it one; before a noun, what something is
_SAID_OF_A_THING = frozenset({"it is", "it has", "they have"})
_A_THING_ANSWERS = ("i think", "i believe", "think", "believe", "yes", "yeah", "so", "on", "enabled", "allowed", "now",
                    "already", "fine", "set", "correct", "right", "true", "indeed", "definitely", "for sure", "though")


def _opens_with_any(text: str, words: frozenset[str]) -> bool:
    """Whether the text's first word, or its first words, are one of ``words`` ("know", "have admin")."""
    split = text.split(maxsplit=2)
    return bool(split) and (split[0] in words or len(split) > 1 and f"{split[0]} {split[1]}" in words)


_CONSENT_TOLD = re.compile(r"\b(i|we|she|he|they) (agree|agreed|accept|accepted|decline|declined|consented|click(ed)? "
                           r"(agree|accept|ok|yes))\b|\b(consent|prompt|pop ?up|banner)\b")
# Which kind of policy a clause names, and the kinds each policy question is about
_POLICY_KIND_NAMED = re.compile(r"\b(meeting|calling|call|events?|webinar|town ?hall) polic(?:y|ies)\b")
_OWN_POLICY = {"check_calling_policy": ("calling", "call"), "check_events_policy": ("event", "events", "webinar",
               "townhall", "town hall"), "check_policy": ("meeting",), "check_organizer_policy": ("meeting",)}
# "no work", "no luck": it still fails, in a few words, not a no to the question
_NO_WORK = re.compile(r"^(no|nope|nah) (work|works|working|luck|change|difference|chance|dice|same( thing| issue"
                      r"| problem| result| as before)?|still)\b")
# A setting beside recording ("transcription off in policy"): its value is not recording's
_ANOTHER_SETTING = re.compile(r"\b(transcri\w*|captions?|subtitles?|copilot|lobby|chat)\b")


def _polar_choice(state: str, parts: list[str], answers: AnswerTable,
                  choices: list[str]) -> tuple[str, bool, str] | None:
    """The choice a yes/no or on/off answer gives, whether it is sure, and whether a value or a bare yes/no said it."""
    if state not in answers.polar_states and state != "offer":
        return None
    yes, no, *no_otherwise = answers.polar_states.get(state, (choices[0], "done"))
    others = answers.whose_value.get(WHOSE_VALUE_DROPPED.get(state, ""))
    signals = [s for part in parts if not _WH.match(part)  # "..., what do i do": not "i do", a yes
               for s in _signals(_without_unsure(others.sub(" ", part) if others else part, answers), answers)]
    if state == "check_onedrive" and any(kind == "value" for _, kind in signals):
        return None  # "yes it's on", at the OneDrive's question: a setting's, not the OneDrive's
    if state in ("offer", "check_onedrive") or state in answers.asked_back:  # "What next?" is no setting: "they
        # get access denied" is not a "no, that's all"; nor is a OneDrive one ("on" there is no space left or not),
        # nor how someone joins ("recording on")
        signals = [(sign, kind) for sign, kind in signals if kind == "interjection"]
    values = [sign for sign, kind in signals if kind == "value"]
    said = [sign for sign, _ in signals]
    if not said or state == "check_onedrive" and any(_RECORDING_ALLOWED_TOLD.search(part) for part in parts):
        return None  # ... and "recording is definitely allowed", at the OneDrive's question: the policy, not the space
    if state == "check_calling_policy" and any(_OF_MEETINGS.search(part) for part in parts):
        return None  # "recording is on for our meetings", at the calling policy's question: the meeting policy
    if yes == "on" and any(_ANOTHER_SETTING.search(part) and "record" not in part for part in parts):
        return None  # "transcription off in policy my admin say": another setting's value
    if state in _OWN_POLICY and (kinds := {kind for part in parts for kind in _POLICY_KIND_NAMED.findall(part)}) \
            and not kinds & set(_OWN_POLICY[state]):
        return None  # "meeting policy has recording on", asked the events policy: another policy's value
    if values:
        sign, sure, basis = values[-1], len(set(values)) == 1 and set(said) == set(values), "value"
    elif yes == "on" and any(answers.of_a_person.search(part) for part in parts):
        return None  # "no, I'm not" at "Is it on?": said of someone, not of the setting
    elif yes == "on" and any(answers.symptom.search(part) for part in parts):
        return None  # "nope, no record option at all": the button, not the setting
    elif (yes == "on" or state in ("offer", "diagnosis")) and any(answers.other_subject.search(part)
                                                                   for part in parts):
        return None  # "no consent popup", "nope someone else": of another question, not the setting (nor, at "What
        # next?", "nah not full" a "that's all"; nor, at "Did that fix it?", "ya someone else" a fix)
    elif state not in ("check_consent", "check_stream_consent") and any(_CONSENT_TOLD.search(part) for part in parts):
        return None  # "yes I agreed" at the OneDrive's question: the recording prompt's answer, not this one
    elif len(set(said)) == 1:
        sign, sure, basis = said[0], True, "interjection"
    else:
        return None
    if basis == "interjection" and (_ALL_DONE.search(" ".join(parts)) or _NO_WORK.search(" ".join(parts))):
        return None  # "no that's all, thanks": a goodbye, not the answer; "no work": it still fails
    if state == "diagnosis" and basis == "interjection" and (
            any(_WH.match(part) or part.endswith("?") or _ASKS_FOR_MORE.search(part) or read_facts(part).answers
                for part in parts)
            or any(_names(pattern, parts) for check in ("check_auth_type", "check_meeting_role")
                   for pattern in answers.choices[check].values())):
        return None  # "ya from other company", "yeah that's the one. what's the cmdlet?": of the cause, not the fix
    if state in answers.asked_back and (len(parts) > 1 or len(parts[0].split()) > 2):
        return None  # "yes I'm in our company": what follows the yes says more than it
    choice = yes if sign > 0 else no if no in choices or not no_otherwise else no_otherwise[0]
    sure = sure and state not in answers.asked_back
    return (choice, sure, basis) if choice in choices else None


# "no that's all, thanks", "nope, that's it. bye": the conversation done with, not a no to the question
_ALL_DONE = re.compile(r"\b(thats|that is|that s) (all|it|everything)\b.{0,20}\b(thanks|thank you|thx|ty|cheers|bye)\b"
                       r"|\bnothing (else|more)\b.{0,20}\b(thanks|thank you|thx|ty|cheers|bye)\b")
# "yep that's it. give me the fix command": the cause agreed with, and the fix still to come
_ASKS_FOR_MORE = re.compile(r"^(give|send|show|tell|get) me\b|\b(command|commands|cmdlet|powershell|steps)\b"
                            r"|\bhow (do|can|should|would) (i|we|s?he|they)\b")


def _without_unsure(part: str, answers: AnswerTable) -> str:
    """A clause without its "no idea" or "not sure", whose no or not says nothing about the setting."""
    for pattern in answers.unsure:
        part = pattern.sub(" ", part)
    return " ".join(part.split())


def _unsure_before_value(parts: list[str], answers: AnswerTable) -> bool:
    """ "not sure it's on", "don't know if it's enabled": the doubt is about the value itself."""
    for part in parts:
        doubt = next((m for p in answers.unsure for m in p.finditer(part)), None)
        if doubt and _signals(_without_unsure(part[doubt.end():], answers), answers):
            return True
    return False


def _negative_anywhere(folded: str) -> bool:
    return bool(re.search(r"\b(not|still|didnt|doesnt|isnt|no luck|but)\b", folded))


# --- spelling ---------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], dict[int, tuple[str, ...]]]:
    words = tomllib.loads(ANSWERS_PATH.read_text(encoding="utf-8"))["spelling"]["words"]
    by_length: dict[int, list[str]] = {}
    for word in set(words):
        by_length.setdefault(len(word), []).append(word)
    return frozenset(words), {n: tuple(ws) for n, ws in by_length.items()}


def respelled(text: str, is_word: Callable[[str], bool] | None = None) -> str:
    """The message with this subject's words typed one or two letters off put right ("cant recrod meetng").

    Args:
        is_word: whether a word is a real one, left as typed (the embedding tokenizer knows it whole).
    """
    known, short = _vocabulary()[0], _shorthand()
    tokens = _WORD_BREAKS.split(text)
    out, changed = [], False
    for n, token in enumerate(tokens):
        word = token.lower()
        if word in short and (word != "org" or _a_clause_alone(tokens, n) and not _a_label(tokens, n)):
            token, changed = short[word], True
        elif len(word) >= 5 and word.isalpha() and word not in known \
                and not (is_word and is_word(word)):  # "doesn't" has an apostrophe: left alone
            nearest = _nearest_known(word)
            if nearest:
                token, changed = nearest, True
        out.append(token)
    return "".join(out) if changed else text


_WORD_BREAKS = re.compile(r"([^\w'’]+)")


@lru_cache(maxsize=1)
def _shorthand() -> dict[str, str]:
    return tomllib.loads(ANSWERS_PATH.read_text(encoding="utf-8"))["spelling"]["short"]


def _a_clause_alone(tokens: list[str], n: int) -> bool:
    """Whether word ``n`` of a split message is a clause by itself ("usr cant rec mtg. org. internal.")."""
    first = not any(token.strip() for token in tokens[:n])
    last = not any(token.strip() for token in tokens[n + 1:])
    return (first or bool(_CLAUSE_END.search(tokens[n - 1]))) and (last or bool(_CLAUSE_END.search(tokens[n + 1])))


_CLAUSE_END = re.compile(r"[.,;:!?\n]")


def _a_label(tokens: list[str], n: int) -> bool:
    """ "Org: Northwind Traders": word ``n`` names what follows it, the organization."""
    return n + 2 < len(tokens) and tokens[n + 1].lstrip().startswith(":") and bool(tokens[n + 2].strip())


@lru_cache(maxsize=4096)
def _nearest_known(word: str) -> str | None:
    """The subject's word ``word`` is a slip of, if any. Kept: the same few words come in message after message,
    and each costs a string comparison with every known word of about its length."""
    by_length = _vocabulary()[1]
    near = [w for n in (len(word) - 1, len(word), len(word) + 1) for w in by_length.get(n, ()) if w[0] == word[0]]
    match = difflib.get_close_matches(word, near, n=1, cutoff=0.8)
    return match[0] if match else None


# --- what any message states ----------------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """What a message states besides (or instead of) answering the pending question."""

    answers: dict[str, str]
    upn: str | None = None
    reference: str | None = None
    channel: bool = False
    stream: bool = False
    someone: bool = False  # told of someone else who can't record: their role is read as an agent's is
    myself: bool = False  # "it's me, not her": the checks are about the person typing after all
    admin: bool = False  # "I'm an admin", "I work in IT"
    not_channel: bool = False  # "it wasn't a channel meeting": said after all
    client: str | None = None  # which Teams they join from: web, mobile or desktop ("I join from the browser")
    call_of_two: bool | None = None  # a 1:1 call (True) or a group call (False), where the message says
    test_run: bool = False  # "I ran the meeting recording test": its result is what is wanted, not how to run it
    others_join: str | None = None  # "they're from outside our company": how the others join, not the recorder
    # what it remarks, in the order of `[remarks]` in answers.toml: the answer `varies` between meetings,
    # recording `worked_before`, a `policy_changed` lately, Teams gave an `admin_notice`, `others_can` record
    remarks: tuple[str, ...] = ()

    @property
    def remark(self) -> str | None:
        return self.remarks[0] if self.remarks else None


@lru_cache(maxsize=1)
def _fact_tables() -> dict:
    data = tomllib.loads(ANSWERS_PATH.read_text(encoding="utf-8"))
    return {"facts": data["facts"], "flags": {k: TablePattern(v) for k, v in data["flags"].items()},
            "clients": data["clients"], "remarks": data["remarks"],
            "reference": tuple(TablePattern(p) for p in data["reference"]["patterns"])}


def read_facts(text: str, agent: bool = False, person: str | None = None, someone: bool = False,
               event: str | None = None) -> Facts:
    """The meeting type, the role, who organized it, how the person joined, a UPN, a ticket number.

    Only statements count: a clause that asks ("can a guest record?") states nothing, except
    the kind of meeting, which a question names as surely as a statement. In agent mode the
    person's name, as their account ``person`` gives it, says "he" or "she": "bob is the
    organizer" for bob@contoso.com. An end user telling of someone else who can't record
    (``someone``, or this message says so) is read the same way: "she's an attendee". ``event``, the
    kind of event the conversation is about ("town hall", "webinar"), picks the events policy's
    setting of that kind: "webinar recording is on but town hall recording is off".
    """
    if agent and person:
        text = _named_as_the_person(text, person)
    tables = _fact_tables()
    read = _EMAIL.sub("someone", text) if "@" in text else text
    if ":" in read:
        read = _ORG_LABEL.sub("organization:", read)  # "Org: Northwind Traders": not "org", the organizer alone
    parts = [(part, _asks_clause(part)) for part in _sentence_clauses(read)]
    stated = _with_bare_answers([part for n, (part, asks) in enumerate(parts)
                                 if not asks and not (n and _apposed_role(parts[n - 1][0], part))
                                 and not (n + 1 < len(parts) and _role_then_name(part, parts[n + 1][0]))
                                 and not _WONDERED.match(part)])
    everything = _with_bare_answers([part for part, _ in parts])
    folded = " ".join(everything)
    flags = tables["flags"]
    told_of_myself = not agent and bool(flags["myself"].search(fold_for_cues(text)))
    told_of_someone = not (agent or told_of_myself) and bool(flags["someone"].search(fold_for_cues(text)))
    someone = someone and not told_of_myself
    answers: dict[str, str] = {}
    for check, choices in tables["facts"].items():
        if check == "agent_role" and not (agent or someone or told_of_someone):
            continue
        if check == "check_meeting_role" and not agent and (someone or told_of_someone):
            if _names(choices["organizer"], [part for part in stated if _TELLERS_OWN.search(part)]):
                # "I'm the organizer and my colleague can't record" (a bare "organizer" is theirs)
                answers["check_organizer"] = "someone_else"
            continue  # the teller's own role is not the role of the one who can't record
        target = "check_meeting_role" if check == "agent_role" else check
        pool = everything if check == "check_meeting_type" else stated
        if check == "check_meeting_type" and '"' in read and _A_COMMAND_OR_POLICY.search(folded):
            # 'ran it with "Standard Meetings"', 'the "Sales Meetings" policy': a policy's name, not a kind
            pool = _with_bare_answers([part for part, _ in
                                       ((p, None) for p in _sentence_clauses(_QUOTED_NAME.sub(" ", read)))])
        if check == "check_meeting_type":  # "she calls everything a webinar": a word she uses, not what it is
            pool = [_ON_FOR_A_KIND.sub(" ", _CALL_IT_A.sub(" ", part)) for part in pool if not _CALLS_IT.search(part)]
        if check in ("agent_role", "check_meeting_role", "check_organizer"):  # "sorry, he's actually the
            pool = [_SUBJECT_THEN_ADVERB.sub(r"\g<1>", part) for part in pool]  # organizer": what he is
        if check in ("check_organizer", "check_onedrive"):  # "the organizer is Tom Becker, so not me", "onedrive
            # exists, 98% full": one thought the comma cut
            pool = pool + [f"{first}, {second}" for first, second in zip(pool, pool[1:])]
        if check in _POLICY_FACTS:  # "organizer policy is Global, recording on": the policy, then its setting
            pool = pool + _policy_then_setting(pool)
        if check == "check_policy" and "check_organizer_policy" in answers:  # "organizer has X, AllowCloudRecording
            organizers = tables["facts"]["check_organizer_policy"].values()   # False": not the recorder's policy
            pool = [part for part in pool if not any(_names(pattern, [part]) for pattern in organizers)]
        if check == "check_policy" and not agent and (someone or told_of_someone):  # "my policy is fine", from the
            pool = [part for part in pool if not _TELLERS_OWN.search(part)]        # colleague of one who can't record
        named = [choice for choice, pattern in choices.items() if _names(pattern, pool)]
        if check == "check_meeting_type" and len(named) == 1:  # "i see record in my normal meetings tho": works there
            named = [choice for choice, pattern in choices.items()
                     if _names(pattern, [part for part in pool if not _RECORD_SEEN_ELSEWHERE.search(part)])]
        if check == "check_meeting_type" and any(flags["works_fine"].search(part) for part in everything):
            # "she can record meetings but not 1:1 calls": the kind after "but not" is the one that fails
            denied = [part[len("not "):] for part in everything if part.startswith("not ")]
            failing_kind = [choice for choice, pattern in choices.items() if _names(pattern, denied)]
            named = failing_kind if len(failing_kind) == 1 else named
        if check == "check_meeting_type" and len(named) > 1:  # "1:1s won't record, only meetings work": the other
            failing = [part for part in everything if not flags["works_fine"].search(part)]
            named = [choice for choice, pattern in choices.items() if _names(pattern, failing)] or named
        if check == "check_events_policy" and len(named) > 1 and event:  # each kind its own setting: this one's
            named = [choice for choice, pattern in choices.items()
                     if _names(pattern, [part for part in pool if _EVENT_KINDS[event].search(part)])]
        if check == "check_auth_type" and set(named) == {"guest", "federated"}:  # "I'm a guest, the organizer is
            named = ["guest"]  # from another company": a guest account is how they join from outside
        if check == "check_auth_type" and set(named) in ({"member", "federated"}, {"member"}) \
                and _OUTSIDE_THEIRS.search(" ".join(pool)):  # "member of our org but external in theirs", "on my
            named = ["federated"]  # work account, at a webinar hosted by another company": the organizer's counts
        if check == "check_auth_type" and set(named) == {"member", "federated"} and not (agent or someone) \
                and any(_I_AM_INTERNAL.search(part) for part in pool) \
                and not any(_names(choices["federated"], [part]) for part in pool if not _THEY_ARE.search(part)):
            named = ["member"]  # "I'm internal, they're external (federated, their own tenant)": they are the others
        if len(named) == 1 and target not in answers:
            answers[target] = named[0]
    if "run_diagnostic" in answers and "check_policy" in answers and not _NAMES_A_POLICY.search(folded):
        del answers["check_policy"]  # "ran it, it said everything was fine": the test's result, no word of a policy
    if "check_policy" in answers and kind_named(folded) == "calling":
        del answers["check_policy"]  # "grant her Global calling policy instead, Global has it on": the calling one
    if answers.get("check_auth_type") == "member" and any(part.startswith("federat") and ("?" in part or has_doubts(
            part)) for part in everything):  # "federated i think? I joined with my own company account": their own
        del answers["check_auth_type"]        # company's account, which is the federated one
    if answers.get("check_meeting_role") and _ROLE_BACK_THEN.search(folded):  # "i was presenter last week": then
        del answers["check_meeting_role"]
    if "check_onedrive" not in answers and (space := space_in_figures(" ".join(stated))):  # "at 1TB of 1TB"
        answers["check_onedrive"] = space
    others_join = _said_of_others(answers, stated, folded, flags, tables["facts"]["check_auth_type"]) \
        if not (agent or someone or told_of_someone) else None
    if answers.get("check_meeting_role") == "organizer" and answers.get("check_organizer") == "someone_else" \
            and flags["someone_elses_meeting"].search(folded):  # "in her manager's meeting, he organized it": his
        del answers["check_meeting_role"]
    if answers.get("check_meeting_role") not in (None, "organizer") and "check_organizer" not in answers:
        answers["check_organizer"] = "someone_else"
    not_channel = bool(flags["not_channel"].search(folded))
    call_of_two = False if flags["group_call"].search(folded) else True if flags["one_to_one"].search(folded) else None
    return Facts(answers, upn=_upn_in(text) if agent else None, reference=_reference_in(text),
                 channel=not not_channel and bool(flags["channel"].search(folded)), not_channel=not_channel,
                 stream=bool(tables["flags"]["stream"].search(folded)), someone=told_of_someone,
                 myself=told_of_myself, admin=not agent and bool(flags["admin"].search(fold_for_cues(text))),
                 client=_client_in(tables["clients"], stated), call_of_two=call_of_two,
                 test_run=bool(flags["test_run"].search(folded)), others_join=others_join,
                 remarks=tuple(remark for remark, pattern in tables["remarks"].items() if _names(pattern, stated)
                               or remark in CONTRASTS and _names(pattern, _contrasted(stated))))


_ROLE_BACK_THEN = re.compile(r"\b(i|s?he|they) (was|were) (an? |the )?(presenter|attendee|organi[sz]er|"
                             r"co.?organi[sz]er)s?\b[^.?!]{0,20}\b(last (week|time|month|meeting)|yesterday|before|"
                             r"back then)\b")
_I_AM_INTERNAL = re.compile(r"^(im|i am|i m|were|we are|we re)( all)? (internal|in house|a member|members|staff"
                            r"|an employee|employees)\b")
_THEY_ARE = re.compile(r"^(theyre|they are|they re|them|the others|others|federated|their own (tenant|company|org))\b")
_ORG_LABEL = re.compile(r"\borg\s*:(?=\s*\w)", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")  # "tom.b@northwind.org": no clauses ("org" is the organizer)
_NAMES_A_POLICY = re.compile(r"\b(polic(y|ies)|allowcloudrecording|recording)\b")
_OUTSIDE_THEIRS = re.compile(r"\b(external|outside|federated) (in|to|for) (theirs|them|their (org|organi[sz]ation"
                             r"|company|tenant|side|end)|the organi[sz]er)"
                             r"|\b(own|my) (company|work|corporate|org\w*)( s)? "
                             r"(account|id|login|email|credentials)\b.{0,20}\bnot (theirs|their|the organi[sz]ers?)\b"
                             r"|\bown (company|work|corporate|org)\b.{0,30}"
                             r"\b(from|via|through|using|with|in|into|to) their (link|invite|invitation|meeting"
                             r"|tenant)\b|\b(hosted|organi[sz]ed|run|set up|held|scheduled) by (another|a different|an "
                             r"external|a partner|their|the other|other) (company|org|organi[sz]ation|tenant|firm)\b")
# "my own company account", "with my work account (Fabrikam)": whose company that is, the words don't say
_OWN_ACCOUNT = re.compile(r"\b(my|her|his|their) (own )?(company|work|corporate|office|org\w*)( s)? (account|id|login"
                          r"|email|credentials)\b")
_NOT_A_GUEST = re.compile(r"\bnot (a |as a |as |with a |an? )?guest\b")
_JUST_OWN_ACCOUNT = re.compile(r"\b(my|her|his|their) own (\w+ )?(account|login|id|e-?mail|credentials)\b")
_SAME_ORG = re.compile(r"\b(same|organi[sz]ers?|organi[sz]er s|our) (org\w*|company|tenant|domain)\b"
                       r"|\b(internal|employees?|in house|staff)\b")
_TELLERS_OWN = re.compile(r"\b(i|im|me|my|mine|myself)\b")
_POLICY_FACTS = ("check_policy", "check_organizer_policy")


def _policy_then_setting(clauses: list[str]) -> list[str]:
    """A clause that names a policy and the next one that gives recording's setting, read as one: the comma between
    them is no new thought."""
    return [f"{first}, {second}" for first, second in zip(clauses, clauses[1:])
            if ("polic" in first or _HAS_A_POLICY.search(first)) and "record" in second and "polic" not in second]


# "organizer has RestrictedExec", a clause of its own before the setting
_HAS_A_POLICY = re.compile(r"\borgani[sz]ers? (has|is on|uses|got|gets|is assigned) (the )?[\w-]+$")


# Remarks made of two clauses set against each other ("my colleague can record it | but I can't"), which the
# clause breaks ("but", "except") cut apart.
CONTRASTS = ("others_can",)


def _contrasted(stated: list[str]) -> list[str]:
    """Each two clauses in a row, joined by "but" as one sentence, for the remarks of :data:`CONTRASTS`."""
    return [f"{first} but {second}" for first, second in zip(stated, stated[1:])]


FACT_ONLY_WORDS = 5  # "organizer of the meeting", "internal user": a clause that short which states a fact says no more
FACTS_TOLD_WORDS = 8  # "she's the organizer of a recurring meeting": a clause of a message that only tells the facts


def kind_only_asked(text: str) -> bool:
    """ "so calls work differently? what should I tell my admin": the kind named in a question alone, which tells
    nothing of the meeting this is about."""
    parts = _sentence_clauses(text)
    asked = [part for part in parts if _asks_clause(part) and (_QUESTION_START.match(part) or len(part.split()) <= 6)]
    stated = " ".join(part for part in parts if part not in asked)
    return bool(asked) and "check_meeting_type" not in read_facts(stated).answers


def only_facts(text: str) -> bool:
    """ "regular meeting, she's the organizer, work account": every clause a short statement of a fact, and nothing
    else; read as an agent's, so "she's the organizer" counts too."""
    parts = [part for part in _sentence_clauses(text) if not _KIND_DENIED_ALONE.match(part)]
    return bool(parts) and all(len(part.split()) <= FACTS_TOLD_WORDS and not part.endswith("?")
                               and not _A_PROBLEM_WORD.search(part) and read_facts(part, agent=True).answers
                               for part in parts)


# "group call with 4 people, not a meeting": the kind it isn't, beside the kind it is
_KIND_DENIED_ALONE = re.compile(r"(its |it s |it is |so )?not (an? |the )?(meeting|call|webinar|town ?hall|event"
                                r"|live event)s?( (or|nor) (an? |the )?(meeting|call|webinar|town ?hall|event"
                                r"|live event)s?)*$")


def kind_told_words(text: str) -> int:
    """How many words a message has beside the kinds it says it isn't ("a normal meeting, not a call or webinar":
    four), so that a meeting said again with what it isn't is still a meeting said again."""
    return sum(len(part.split()) for part in _sentence_clauses(text) if not _KIND_DENIED_ALONE.match(part))


_A_PROBLEM_WORD = re.compile(r"\b(record\w*|sav(e|ed|es|ing)|find|found|missing|gone|cant|cannot|couldnt|not|dont|didnt"
                             r"|doesnt|wont|button|option|greyed|grayed|disabled|deleted|disappear\w*|vanish\w*|fail\w*"
                             r"|error|broken|issue|problem)\b")


def clauses_beyond_facts(text: str) -> str:
    """The message without its short clauses that only state a fact ("organizer of the meeting", "internal"), or ""
    when it has none of those or nothing else. The facts are read as an agent's: "she's the organizer" too."""
    parts = _sentence_clauses(text)
    rest = [part for part in parts if len(part.split()) > FACT_ONLY_WORDS or not read_facts(part, agent=True).answers]
    return ", ".join(rest) if rest and len(rest) < len(parts) else ""


def _client_in(clients: dict[str, str], stated: list[str]) -> str | None:
    """The one Teams client a message says the person joins from; none when it names two ("web and desktop"). A
    client where the button is there after all ("on the desktop app it's there actually") is not the one."""
    stated = [clause for clause in stated if not _THERE_AFTER_ALL.search(clause)]
    named = [client for client, pattern in clients.items() if _names(pattern, stated)]
    if "vdi" in named:
        return "vdi"  # "the desktop app, in citrix": the virtual desktop it runs in is what the helpdesk needs
    if set(named) == {"web", "desktop"} and not _names(clients["desktop"], [_DEVICE.sub(" ", c) for c in stated]):
        return "web"  # "im on my mac using teams in safari": the computer, and the browser on it
    return named[0] if len(named) == 1 else None


_DEVICE = re.compile(r"\b(on|from|using|with) (my |a |the |her |his |their )?(work )?"
                     r"(mac|macbook|pc|laptop|computer)\b")


_THERE_AFTER_ALL = re.compile(r"\b(its|it is|it s|the button is|the record button is|record is|recording is)"
                              r" (there|showing|visible)\b|\b(it|recording|the button) (works|is working|shows up)\b")
# Mailbox names that are no one's first name: "admin is the organizer" is not about admin@contoso.com.
_NOT_A_NAME = frozenset({"admin", "administrator", "user", "test", "info", "support", "help", "helpdesk", "service",
                         "noreply", "teams", "meeting", "meetings", "room", "guest", "the", "and", "you", "she", "her",
                         "him", "his", "they", "them", "team", "sales", "office", "contact", "mail", "hello",
                         # two letters make a name (Li, Bo, Jo) unless they make a word people type anyway
                         "an", "as", "at", "be", "by", "do", "go", "he", "hi", "if", "in", "is", "it", "me", "my",
                         "no", "of", "oh", "ok", "on", "or", "so", "to", "up", "us", "we", "ya", "yo", "id", "im",
                         "pm", "am"})


def _named_as_the_person(text: str, upn: str) -> str:
    """The text with the person's first name (and surname), from their account, said as "he" ("his")."""
    local = upn.split("@", 1)[0].lower()
    names = [part for part in re.split(r"[._-]+", local) if part.isalpha()]
    if not names or len(names[0]) < 2 or names[0] in _NOT_A_NAME:
        return text
    name = re.escape(names[0]) + (rf"(?:\s+{re.escape(names[1])})?" if len(names) > 1 and len(names[1]) > 1 else "")
    text = re.sub(rf"(?<![\w.@-]){name}(?:'s|’s)(?=\s)", "his", text, flags=re.IGNORECASE)
    return re.sub(rf"(?<![\w.@-]){name}\b(?![\w.+-]*@)", "he", text, flags=re.IGNORECASE)


@lru_cache(maxsize=1)
def _topic_tables() -> tuple[dict[str, TablePattern], dict[str, TablePattern], dict[str, TablePattern]]:
    data = tomllib.loads(ANSWERS_PATH.read_text(encoding="utf-8"))
    compiled = lambda table: {topic: TablePattern(p) for topic, p in data.get(table, {}).items()}  # noqa: E731
    return compiled("symptoms"), compiled("negated_topics"), compiled("recorded_anyway")


def topic_said(text: str, topic: str) -> str:
    """The topic a message is about after what it plainly says: a symptom that names the problem wins
    over a vague reading, a topic whose own word the message negates falls back to "start", and a
    recording that went missing is where it went, whatever kept others from recording."""
    symptoms, negated, recorded = _topic_tables()
    folded = fold_for_cues(text)
    if topic in ("other", "unclear", "start"):
        for named, pattern in symptoms.items():
            if pattern.search(folded):
                return named
    if topic in negated and negated[topic].search(folded):
        return "start"
    if topic in recorded and recorded[topic].search(folded):
        return "storage_location"
    return topic


# "yeah external", "guest i guess": a one-word answer between a yes and a hedge, which the engine confirms
_AROUND_A_BARE_ANSWER = re.compile(r"^((yeah|yes|yep|yup|ya|ok|okay|um+|uh+|so|well|oh|right)\s+)+|"
                                   # "just an attendee": the role, said modestly
                                   r"^(just|only|simply|merely) "
                                   r"(?=(an? |the )?(attendee|presenter|participant|guest)s?$)|"
                                   r"\s+(i (guess|think|believe|suppose|reckon)|probably|prob|maybe|perhaps|tbh|yes"
                                   r"|yeah|yep|yup|ya|confirmed|correct|obviously|obv|ofc|of course|duh)$")


_EVENT_KINDS = {"town hall": re.compile(r"\btown ?halls?\b"), "webinar": re.compile(r"\bwebinars?\b")}


@lru_cache(maxsize=256)  # read from the first message on every reading of a turn's facts
def event_named(text: str) -> str | None:
    """Which kind of event a message names, if one alone: "our town hall" (a "town hall or webinar" names none)."""
    folded = fold_for_cues(text)
    named = [kind for kind, pattern in _EVENT_KINDS.items() if pattern.search(folded)]
    return named[0] if len(named) == 1 else None


# "she calls everything a webinar": a word someone uses, not the kind of recording
_CALLS_IT = re.compile(r"\b(calls?|calling|refers? to) (everything|every (meeting|call)|all (meetings|calls|of them)"
                       r"|them all|every one) (a |an )?(webinars?|town ?halls?|meetings?|calls?)\b")
# A name in double quotes ('-PolicyName "Standard Meetings"'), beside a command or a policy: the policy's
_A_COMMAND_OR_POLICY = re.compile(r"\b(polic(y|ies)|policyname|identity|grant\w*|ran|run|reran|cmdlet|command)\b")
_QUOTED_NAME = re.compile(r'"[^"\n]{1,60}"')
# "policy is on for meetings": where a setting is on, not what is being recorded
_ON_FOR_A_KIND = re.compile(r"\b(polic(y|ies)|recording|setting|it)( is| s| are)?( definitely| def)? "
                            r"(on|enabled|allowed|turned on|fine|ok|okay) (for|in|on|during) "
                            r"(my |our |the |normal |regular |all )?(meetings|calls)\b")
# "i just call it a webinar": the name someone gives it, not the kind it is
_CALL_IT_A = re.compile(r"\b(i|we|they|people|everyone|everybody|s?he)( just| usually| always| all| often)? "
                        r"(calls?|refers? to) (it|them|this|that|these|those)( all)? (a |an )?"
                        r"(webinars?|town ?halls?|meetings?|calls?)\b")
# Recording seen where it works, of a kind other than the one that fails: no kind of the problem
_RECORD_SEEN_ELSEWHERE = re.compile(r"\b(i|we|she|he|they) (can |do )?(see|have|get|use) (the )?record(ing)?"
                                    r"( button| option)? (in|on|during|for) (my |our |her |his |their |the )?"
                                    r"(normal|regular|usual|other|ordinary|scheduled|own) (meetings|calls)\b"
                                    r"|\b(my |our |his |her |their |normal |regular |other )?(meetings|calls) "
                                    r"(record|work|are|get recorded)"
                                    r"( fine| ok| okay| normally| just fine| no problem)\b"
                                    # "recording is on for our meetings, we record them all the time"
                                    r"|\brecording (is |s )?(on|enabled|allowed|fine) (for|in) (my |our |the "
                                    r"|normal |regular )?meetings\b"
                                    r"|\b(we|i) record (them|meetings|our meetings) (all the time|fine|every \w+)\b"
                                    r"|\b(i|we|she|he|they) (can |do )?record (my |our |her |his |their |normal "
                                    r"|regular |other )?(meetings|calls) (all the time|fine|just fine|no problem"
                                    r"|normally|every day|every week)\b")
# "let me check if she's the organizer": the answer being looked up, not given
_LOOKING_UP = (r"(let me|lemme|ill|i will|i need to|need to|gonna|going to|i have to) (just )?"
               r"(check|find out|ask|see|confirm|look|verify|double check|double-check) (if|whether)")
_GOES_TO_LOOK = re.compile(rf"\b{_LOOKING_UP}\b")


def goes_to_look(text: str) -> bool:
    return _GOES_TO_LOOK.search(fold_for_cues(text)) is not None


# "idk if im presenter or attendee": what follows is wondered about, not stated
_WONDERED = re.compile(r"^((ok|so|well|um+|hmm+|honestly|tbh|wait)\s+)*((idk|i dont know|dont know|i do not know|"
                       r"not sure|im not sure|i am not sure|no idea|unsure|i wonder) (if|whether)|"
                       rf"{_LOOKING_UP}|"
                       # "the thing about OneDrive being full, how do I check ...": what the bot said, pointed at
                       r"(the )?(thing|bit|part|stuff|point) (about|on|re|regarding)|(what )?you (said|mentioned|wrote)"
                       r" about)\b")
_APPOSED_ROLE = re.compile(r"^(btw |i mean )?(the |their |her |his )?"
                           r"(organi[sz]er|co ?-?organi[sz]er|presenter|owner|host)( btw)?$")
_SOMEONES = re.compile(r"\b(?!(?:her|his|its|this|that|thats|whats|hes|shes|theyres|lets|is|was|has)\b)[a-z]+s "
                       r"(policy|meeting|account|settings?)\b")


def _role_then_name(part: str, following: str) -> bool:
    """ "the organizer, Paul Wagner, left the company": the role of the one named next, not the teller's."""
    if not _ROLE_NAMED.match(part):
        return False
    words = following.split()
    return 0 < len(words) <= 3 and all(w.isalpha() and w not in STOPWORDS and w not in _vocabulary()[0]
                                       for w in words)


_ROLE_NAMED = re.compile(r"^(the|their|her|his) (organi[sz]er|co ?-?organi[sz]er|presenter|owner|host)$")


def _apposed_role(before: str, part: str) -> bool:
    """ "that's tom's policy btw, the organizer": a role said of the one just named, not an answer of its own."""
    return bool(_APPOSED_ROLE.match(part)) and _SOMEONES.search(before) is not None


def _with_bare_answers(parts: list[str]) -> list[str]:
    """Each clause, followed by itself without a yes before it or a hedge after it, where it has either."""
    out = []
    for part in parts:
        bare = _AROUND_A_BARE_ANSWER.sub("", part)
        out += [part, bare] if bare and bare != part else [part]
    return out


def _sentence_clauses(text: str) -> list[str]:
    """Clauses, each keeping the ``?`` of the sentence it ends, so questions can be told from statements."""
    out = []
    for sentence in re.split(r"(?<=[.!?\n])\s+", fold(text)):
        asked = sentence.rstrip().endswith("?")
        parts = [c for c in (fold_for_cues(p or "").strip(" .!?") for p in _CLAUSE_BREAK.split(sentence)) if c]
        out += [p + (" ?" if asked and n == len(parts) - 1 else "") for n, p in enumerate(parts)]
    return out


def _asks_after(text: str, answers: AnswerTable) -> bool:
    """Whether a question of its own follows the waiting: "I'll ask IT. what should I ask them?" (but "can I do this
    later?" is the waiting, asked)."""
    parts = clauses(text)
    if len(parts) < 2:
        return False
    last = fold_for_cues(parts[-1])
    return _asks(last) and not any(p.search(last) for p in answers.waiting)


def _found_after(text: str) -> bool:
    """Whether what was found follows the going to look: "I'll check policy... Global is on" (the check, done)."""
    parts = clauses(text)
    found = ", ".join(parts[1:])
    return len(parts) >= 2 and not has_doubts(found) and bool(read_facts(found).answers)


def _asks_clause(part: str) -> bool:
    """ "can a guest record?" asks; "i was a guest i guess?" tells, unsure of it, and so does "which my manager
    runs", the rest of a sentence cut at its comma."""
    if part.endswith("?"):
        return not _GUESS_AT_THE_END.search(part)
    return _QUESTION_START.match(part) is not None and not _RELATIVE_WHICH.match(part) \
        and not _SUBJECT_DROPPED.match(part)


_RELATIVE_WHICH = re.compile(r"(which|who) (my|our|his|her|their|i|we|he|she|they)\b")
# "is normal meeting", "is a webinar": "it" left out, as people writing in a second language do; no question
_SUBJECT_DROPPED = re.compile(r"is (an? )?(normal|regular|standard|usual|simple|ordinary|plain|teams|private|group"
                              r"|channel|scheduled|recurring|1:1|one on one)? ?(meeting|call|webinar|town ?hall"
                              r"|live event|event)s?$")
_GUESS_AT_THE_END = re.compile(r"\b(i guess|i think|i believe|i suppose|maybe|probably|perhaps)\W*\?+$")


def only_a_reference(text: str) -> str | None:
    """The ticket number a message is all about ("INC0098765", "ticket #48213", "ref: REQ-20411"), or None when it
    says anything besides."""
    match = _reference_match(text)
    if match is None:
        return None
    rest = fold_for_cues(text[:match.start()] + " " + text[match.end():]).strip(" .:#-")
    return _reference_of(match) if all(word in _REFERENCE_WORDS for word in rest.split()) else None


_REFERENCE_WORDS = frozenset(("ticket", "ref", "reference", "number", "no", "num", "id", "incident", "case", "request",
                              "is", "its", "it", "this", "for", "the", "my", "our", "under", "logged", "as", "re",
                              "hi", "hello", "ok", "okay", "fyi"))


def _reference_in(text: str) -> str | None:
    match = _reference_match(text)
    return _reference_of(match) if match is not None else None


def _reference_match(text: str) -> re.Match | None:
    """The first of the reference patterns to match, in the table's order."""
    return next((m for pattern in _fact_tables()["reference"] if (m := pattern.search(text))), None)


def _reference_of(match: re.Match) -> str:
    found = match.group("ref") if "ref" in match.re.groupindex else match.group(0)
    return found.replace(" ", "").upper()


_UPN_ANYWHERE = re.compile(r"(?<![\w.+-])[a-z0-9][a-z0-9._%+'-]{0,63}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
                           r"[a-z]{2,63}(?![\w-])", re.IGNORECASE)


def _upn_in(text: str) -> str | None:
    match = _UPN_ANYWHERE.search(re.sub(r"mailto:", " ", text, flags=re.IGNORECASE))
    return match.group(0).rstrip(".") if match else None


# --- what a first message already answers, by its topic --------------------------------------------------------------

_NEGATED = r"\b(not|never|no longer|no|isnt|arent|wasnt|im not|i am not|nor)\s+(a |an |as a |as an |as |from )?"
_QUESTION = re.compile(r"^(can|could|do|does|is|are|will|would|should|how|what|which|who|when|why|where)\b|\?\s*$")
_OFF = (r"\b(cloud )?record\w*\b.{0,25}\b(is |was |are |set to |has been )?(off|disabled|turned off|not allowed"
        r"|not enabled|blocked)\b|\b(disabled|turned off|switched off)\b.{0,25}\bcloud record")
_ON_BUT = (r"\b(turned|switched|set)\b.{0,30}\bon\b.{0,40}\b(still|but)\b|\b(enabled|allowed)\b.{0,30}"
           r"\bcloud record\w*\b.{0,30}\b(still|but)\b|\bcloud record\w*\b.{0,20}\b(is |was )?(on|enabled)\b"
           r".{0,30}\b(still|but)\b")
_NOT_ALLOWED = r"\bpolic(y|ies)\b.{0,20}\b(doesnt|does not|dont|do not|wont|isnt|is not) (allow|let|permit)\w*\b"
# topic -> (the check a statement answers, ((answer, pattern), ...)): the first pattern found, not negated, wins.
STATEMENTS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "auth_external": ("check_auth_type", (
        ("anonymous", r"\b(anonymous(ly)?|not signed in|without (signing|logging) in|without an account"
                      r"|no account|unauthenticated)\b"),
        ("guest", r"\bguests?\b"),
        ("federated", r"\b(federat\w*|external|partner|another (company|org|organi[sz]ation|tenant)"
                      r"|other (company|org|organi[sz]ation|tenant)|different (company|org|organi[sz]ation|tenant)"
                      r"|outside (company|org|organi[sz]ation|our)|their tenant|b2b|vendor|contractor)s?\b"),
    )),
    "policy_organizer": ("check_organizer", (("someone_else", r""),)),
    "policy_user": ("check_policy", (("off", _OFF), ("on", _ON_BUT))),
    # "my calling policy doesnt allow recording"
    "calls_policy": ("check_calling_policy", (("off", f"{_OFF}|{_NOT_ALLOWED}"),)),
    "events_policy": ("check_events_policy", (("off", f"{_OFF}|{_NOT_ALLOWED}"),)),
    "meeting_role": ("check_meeting_role", (
        ("co_organizer", r"\bco ?-?organi[sz]ers?\b"),
        ("presenter", r"\bpresenters?\b"),
        ("attendee", r"\b(attendees?|participants? only|just a participant|only a participant)\b"),
    )),
    "recording_consent": ("check_consent", (
        ("declined", r"\b(declined|refused|said no|clicked (dont|do not|no)|didnt agree|did not agree|not agree"
                     r"|disagreed)\b"),
    )),
    "onedrive_storage": ("check_onedrive", (
        ("full", r"\b(one ?drive|storage|quota)\b(?![^.]{0,30}\b(if|whether|not|no idea|dont know|isnt)\b)"
                 r".{0,30}\b(full|out of (space|storage)|no (space|room)|exceeded"
                 r"|ran out)\b|\b(full|ran out of|out of)\b.{0,20}\b(one ?drive|storage)\b"),
        ("no", r"\b(no|without|doesnt have|does not have|dont have|never had|not provisioned|hasnt got|lacks)"
               r"\b(?! (its |it is |it was |they are |theyre |the recording is |its still )?not (in|on|there)\b)"
               r".{0,20}\bone ?drive\b|\bone ?drive\b.{0,30}\b(not provisioned|not set up|disabled|not "
               r"licensed|not enabled|missing)\b"),
    )),
}
MEETING_KIND = {"calls_policy": "call", "events_policy": "event"}


def read_slots(topic: str, folded: str, told: str | None = None) -> dict[str, str]:
    """Answers a message already gives: "I'm a guest and can't record" answers how they join.

    What kind of meeting it is counts even in a question ("how do I record a 1:1 call?");
    everything else only when stated, never when asked.
    """
    slots = {"check_meeting_type": MEETING_KIND[topic]} if topic in MEETING_KIND else {}
    if topic not in STATEMENTS or _QUESTION.search(_LEADING_FILLER.sub("", folded.strip())):  # "hey can guests ..."
        return slots
    check, answers = STATEMENTS[topic]
    if check == "check_auth_type" and (_OTHERS_FROM_OUTSIDE.search(folded) or said_of_other_people(told or folded)):
        return slots  # "some attendees were external guests": who else was there, not how the recorder joined
    if check == "check_meeting_role" and _ROLE_TO_BE.search(folded):
        return slots  # "ok I'll get them to add me as co-organizer": the role to come, not the role
    if check == "check_consent" and _ANOTHER_DECLINED.search(folded):
        return slots  # "someone else might have declined the consent thing": their No, not the recorder's
    said = _ROLES_OF_THE_OPTION.sub(" ", folded) if check == "check_meeting_role" else folded
    answer = _first_unnegated(answers, said)
    return {**slots, check: answer} if answer else slots


# Others in the meeting from outside ("some attendees were external guests", "we had guests in the call"), told of
# the meeting rather than of the person who records
_ATTENDEES_FROM_OUTSIDE = (r"\b(the|our|my) (attendees|participants|audience|registrants|invitees)\b[^.?!]{0,12}"
                           r"\b(were|are)( all| mostly| almost all)? (external|from outside|guests|from other (compan"
                           r"ies|organi[sz]ations))\b")
_ATTENDEES_FROM_OUTSIDE_RE = re.compile(_ATTENDEES_FROM_OUTSIDE)  # "the attendees were all external"
_OTHERS_FROM_OUTSIDE = re.compile(
    _ATTENDEES_FROM_OUTSIDE + "|"
    r"\b(some|several|a few|few|many|most|half|two|three|the other|other|all the)( of)?( the)? (attendees|participants"
    r"|people|invitees|users|members|folks)\b[^.?!]{0,20}\b(were|are|was|is|being|joined|joining)\b[^.?!]{0,12}"
    r"\b(guests?|externals?|external|federated|anonymous|from (another|other|a different|outside))\b"
    r"|\b(there (were|are|was|is)|we had|we have|they had|had|invited) (some |a few |several |many |two |three |an? )?"
    r"(external |outside )?(guests|externals|external (people|users|participants|attendees))\b"
    r"|\b(guests|externals|external (people|users|participants|attendees)) (were|are) (in|invited|attending|joining"
    r"|present|there)\b"
    r"|\b(the|my|our) (guest|external|external (person|user|participant|attendee))s? (said|says|saw|sees|declined"
    r"|clicked|joined|was|is|were|are|had|has|dialed|dialled|called)\b"
    r"|\b(a|one|some|the) (guy|person|man|woman|lady|participant|attendee|user|client|customer|vendor|contact|people"
    r"|guys) (from|at|of) (another|a different|an external|other|a partner|the other|a separate) (company|org"
    r"|organi[sz]ation|tenant|firm)\b")
# Someone else's No to the recording prompt ("I think one person said no", "someone else might have declined")
_ANOTHER_DECLINED = re.compile(
    r"\b(someone|somebody|one person|one guy|a guy|one of (them|the (attendees|participants|guests|others))"
    r"|another (person|attendee|participant|guest)|an? (attendee|participant|guest|client|customer)|(some|a few|two"
    r"|three) (people|attendees|participants|guests)|the (client|customer|guest|other (person|guy)))( else)?"
    r"( (might|may|must|could) have| probably| apparently)? (declined|refused|rejected|said no|clicked no"
    r"|didnt agree|did not agree)\b")
# "I'll get them to add me as co-organizer", "she should make him a presenter": a role to be given
_ROLE_TO_BE = re.compile(r"\b(ill|i ll|i will|will|going to|gonna|to|should|could|can|would|must)\b( \w+){0,4} (add"
                         r"|make|promote|set|change|switch|upgrade)s? (me|her|him|them|us|the user) (as |to |into )?"
                         r"(a |an )?(co ?-?organi[sz]er|presenter)s?\b"
                         # "so she just needs presenter", "he has to be made co-organizer"
                         r"|\b(needs?|needs to be|need to be|has to be|have to be|should be|must be)( made| given)?"
                         r" (a |an |the )?(co ?-?organi[sz]er|presenter)( role| rights)?s?\b")
# The organizer's "Who can record and transcribe" choices, named ("only organizers and co-organizers can record"): roles
# the option lets record, no role of the person's
_ROLES_OF_THE_OPTION = re.compile(r"\b(the )?organi[sz]ers?,? (and|&|or|plus) (the )?co ?-?organi[sz]ers?"
                                  r"(,? (and|&|or|plus) (the )?presenters?)?\b"
                                  r"|\bco ?-?organi[sz]ers? (and|&|or) presenters\b")

# What says the roles named are the option's ("only", "limited to", "who can record"), not one person's
_OPTION_WORDS = re.compile(r"\b(only|just|limit\w*|restrict\w*|who can|allowed|set (it )?to|lets?|allows?)\b")


def _first_unnegated(kinds, folded: str) -> str | None:
    for kind, pattern in kinds:
        match = cached_regex(pattern).search(folded)
        if match and not cached_regex(_NEGATED + "$").search(folded[:match.start()]) \
                and not _NEGATED_LIST.search(folded[:match.start()]):
            return kind
    return None


def own_account_not_a_guest(text: str) -> bool:
    """Whether the message sets the sender's own company account against a guest one, without placing it in the
    organizer's organization ("I join with my company account (Fabrikam), not guest"): from someone who joins from
    another organization, that is the other one's account ("I just joined with my own work account" may not be)."""
    folded = fold_for_cues(text)
    return _OWN_ACCOUNT.search(folded) is not None and _NOT_A_GUEST.search(folded) is not None \
        and _SAME_ORG.search(folded) is None


def a_command_ran(text: str) -> bool:
    """ 'ran it with "Standard Meetings", worked this time': a command that went through, which is no recording that
    works yet."""
    return _A_COMMAND_RAN.search(fold_for_cues(text)) is not None
