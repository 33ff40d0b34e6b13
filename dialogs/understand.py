"""Reading what people type: the topic of a first message, a typed answer, a command, a UPN.

Everything here is small, explainable rules over the normalised terms of
:mod:`knowledge.text` (so "greyed out", "grayed" and "disabled" are one word)
plus ranked retrieval over the guide as supporting evidence. Rules were chosen
over a trained model because the guide is short, the topics are few, and a
helpdesk must be able to see why a message went where it went
(:func:`explain` prints it). Anything that scores too low is ``other``: the bot
says honestly that the guide doesn't cover it rather than guessing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.store import Knowledge
from knowledge.text import fold, terms

# --- the topic of a first message ---------------------------------------------------

# A cue is matched once per message. "a b" needs every canonical term in it;
# "re:..." is a regular expression over the folded text (lower case, no apostrophes).
_OTHERS = (r"(other|others|other ppl|someone|somebody|their|his|her|colleague|coworker|co-worker|manager|boss|teacher"
           r"|client|team lead|pm|lead|director|ceo|cfo|supervisor|professor|tutor|chair)s?")
_ORG = r"(company|org|organi[sz]ation|tenant|domain|university|school|college|institution|firm|agency|business)"
# Stricter than knowledge.text's "organizer" synonyms, where "created" and "schedule" help search but not triage.
_ORGANIZER = (r"\b(organi[sz]ers?|organi[sz]ed by|organi[sz]es|hosted by|host of|scheduled by|set up by"
              r"|meeting owner|owner of the meeting|invited (me|us)|someone elses|somebody elses|other peoples)\b")
_CONTROL = r"(option|button|icon|control|feature|menu|item|ability|access|permission|right)s?"
CUES: dict[str, dict[str, float]] = {
    "auth_external": {
        "external": 5, "external record": 1,
        r"re:\b(personal|consumer|gmail|hotmail|outlook\.com|live\.com|yahoo|teams free|private|home|msa)"
        r" ?(microsoft |ms )?(account|email|address|login)\b": 3,
        r"re:\bwithout (a |an |any )?(\w+ )?(account|login|sign.?in|licen[cs]e)\b|\bno (\w+ )?account\b"
        r"|\bnot (signed|logged) in\b": 3,
        r"re:\b(join(ed|ing|s)?|dial(ed|led)? in|came in) (from|through|via|in|with|as|on) (a |the )?"
        r"(browser|web|link|personal|my gmail|another)\b": 2,
        r"re:\b(another|other|different|external|outside|partner|their|their own|the clients?|the customers?)"
        r" " + _ORG + r"s?\b": 3,
        r"re:\b(client|customer|supplier|external|vendor)s? (tenant|org|organi[sz]ation|domain|account)s?\b": 2,
        r"re:\b(hosted|organi[sz]ed|run|set up|scheduled|arranged) by (a |an |the |our |their )?(supplier|client"
        r"|customer|vendor|partner|external|another company|other company|third party)": 3,
        r"raw:(?i)\b(supplier|client|customer|vendor|partner)s?[\'\u2019]s? (meeting|tenant|teams)": 3,
        r"re:\b(with|using|on) (my|our|his|her|their) (own )?(company|work|corporate|employer)s? (work )?account": 2,
    },
    "policy_organizer": {
        "re:" + _ORGANIZER: 1, r"re:^(?=.*\brecord)" + ".*" + _ORGANIZER: 1,
        r"re:^(?=.*\b(polic(y|ies)|allow\w*|setting)\b)" + ".*" + _ORGANIZER: 3,
        r"re:\bmy own (meeting|call|session|one)s?\b.{0,40}\b(but|not|except)\b": 3,
        r"re:\b(record|work|works|fine)\w* (for |in |with )?(mine|my own)\b.{0,30}\b(but|not|except)\b": 3,
        r"re:\b(but|not|except|only)\b.{0,30}\b" + _OTHERS + r"\b\s(own\s)?(meeting|one|call|session)s?\b": 2,
        r"re:\b(manager|boss|colleague|coworker|co-worker|teacher|someone elses?|somebody elses?|other peoples?"
        r"|another persons?|team lead|ceo|director|supervisor)s?\b.{0,3}\b(own )?(meeting|call|session)s?\b": 3,
        r"re:\bmeetings? (that )?(i|we) (didnt|did not|dont|do not) (organi[sz]e|set up|schedule|create|host|own)": 3,
        r"re:\b(i|we) (didnt|did not|dont|do not) (organi[sz]e|set up|schedule|create|host|own)": 3,
        r"re:\b(person|one|user|someone|somebody|people|colleague|guy|lady|whoever) (who|that) (scheduled|schedules"
        r"|set up|sets up|organi[sz]ed|organi[sz]es|created|creates|hosts|hosted|booked|books|sent the invite"
        r"|sends the invite|owns)\b": 3,
        r"re:\b(i|we|im|i am) (the )?(schedule|host|organi[sz]e|organi[sz]er|set up|create|book|run|own|start)\b"
        r".{0,60}\b(but|not|missing|whereas|while)\b.{0,40}\b(other|others|ppl|people|someone|somebody|participant"
        r"|colleague|manager|boss)": 3,
        r"re:\b(sets up|schedules|hosts|books|runs|organi[sz]es|owns) (the |our |a |this |that |their )?(\w+ ){0,2}"
        r"(meeting|stand.?up|call|session|review|sync|all.hands|class|lecture|huddle|webinar)s?\b": 2,
        r"re:\b(even though|although|though|but|yet|despite)\b.{0,20}\b(my|our|her|his|their|the users?) (own )?"
        r"(polic(y|ies)|setting)\b.{0,20}\b(allow\w*|is on|are on|enabled|permits?)": 3,
        r"re:\b(send|sends|sent|sending|book|books|booked|create|creates|created|own|owns) (out )?(the )?"
        r"(invite|invitation|meeting|calendar)s?\b": 2,
        r"re:\bwhen (she|he|they|i|we|\w+) (run|runs|host|hosts|organi[sz]es?|sets?|schedules?|sends?|books?|creates?"
        r"|owns?)\b.{0,60}\bbut not\b": 3,
        r"re:\bmeetings? (that )?(\w+ ){0,3}(books|booked|sets up|set up|creates|created|schedules|scheduled"
        r"|organi[sz]es|organi[sz]ed|runs|hosts|sends out|owns)\b": 2,
        r"raw:\b(?!(?:Today|Yesterday|Tomorrow|This|Last|Next|Everyone|Anyone|Everybody|Microsoft|Teams)\b)"
        r"[A-Z][a-z]+[\'\u2019]s (meetings|calls|sessions|meeting|standups?|all.hands)\b": 2,
    },
    "policy_user": {
        "policy": 2, "allow cloud": 3, r"re:\ballowcloudrecording\b": 3, "global policy": 2, "policy assigned": 2, "cloud record": 1,
        "admin center policy": 1, "setting record": 1, "setting admin": 1, "setting control": 1,
        r"re:\b(teams admin|teams admin (center|centre|portal))\b": 1,
        r"re:\b(turned|switched|set|enabled|allowed) (it |that |recording )?on\b": 1,
        r"re:\b(permission|right|ability|allowed|able) to (start |do )?record": 1,
        r"re:\b(even|also|including) (in |for |with )?(my own|meetings? (that )?(i|we) (organi[sz]e|schedule|host"
        r"|set up|create|run))": 3,
    },
    "stream_license": {
        "license": 2, r"re:\bstream\b.{0,40}\b(never|not|wasnt|isnt|havent|hasnt) (been )?(enabled|turned on|activated)": 2, "stream license": 3, "stream included": 3,
        r"re:\bincluded (in|with) (microsoft 365|m365|office 365|o365|business|e3|e5|our plan)": 2,
        r"re:\bstream\b.{0,30}\b(not |isnt |never |been )?(enabled|turned on|activated|switched on|available)\b": 2,
        r"re:\b(enable|enabled|turn on|turned on|activate|activated|switch on|set up|get|buy|purchase) "
        r"(microsoft |ms )?stream\b": 2,
        r"re:\blic\b": 2,
    },
    "stream_upload": {
        "upload": 3, "upload stream": 1, "permission stream": 2, "stream permission": 2,
        r"re:\brestrict(ed|ion)? video": 2, r"re:\bcontent creat": 2,
    },
    "stream_consent": {
        "consent": 3, "consent stream": 1, "company consent": 2,
        r"re:\b(company|corporate|org|organi[sz]ation|stream|usage|acceptable use) (guideline|policy|terms|rules"
        r"|conditions)\b": 1,
        r"re:\b(agree|agreeing|acknowledg\w*|tick\w* (a |the )?box|code of conduct|terms of use|company rules)\b": 2,
        r"re:\b(prompt|pop ?up|popup|dialog)\b.{0,40}\b(accept|agree|guideline)": 2,
    },
    "stream_storage": {
        "storage stream": 3, "storage record": 2,
        r"re:^(?=.*\b(stream|record\w*)\b).*\b(enough|more|any|sufficient|free) (room|space|storage)\b": 2,
        r"re:\b(run|ran|running|out) of (space|storage|room|quota)\b": 2,
        r"re:\b(quota|capacity) (exceeded|reached|full)\b": 2,
    },
    "storage_location": {
        "onedrive record": 2, "onedrive stream": 2,
        r"re:\bwhere\b.{0,40}\b(record|video|file|mp4)": 3,
        r"re:\b(record|video|file|mp4)\w*\b.{0,40}\b(saved|stored|go|goes|went|end up|ended up|ends up|live"
        r"|located|location|kept|land|lands|landed|put)\b": 2,
        r"re:\b(save|saved|saves|saving|store|stored|stores|storing|go|goes|went) (to|in|into|on) (microsoft |ms )?"
        r"(stream|onedrive|one drive|sharepoint|share point)\b": 3,
        r"re:\b(cant|cannot|can not|couldnt|could not|unable to|not able to|dont|didnt|never) "
        r"(find|locate|see|get to|access)\b.{0,25}\b(the |my |our |a |that |this |it )?(meeting )?"
        r"(record(ing|ed)?s?|video|file|mp4|it)\b(?! (button|option|icon|menu|control|feature))": 3,
        r"re:\b(find|locate|access|get to|where is|wheres|look for|looking for) (the |my |our |that |a )?"
        r"(meeting )?(recording|video|mp4|file)s?\b(?! (button|option|icon|menu|control|feature))": 2,
        r"re:\b(folder|library|drive|location|path|link to the recording)\b": 1,
        r"re:\b(what|which) (location|folder|place|site|library)\b": 2,
        r"re:\b(nowhere|anywhere)\b": 1,
        r"re:\brecord\w*\b.{0,60}\bwhere (else|is it|did it go|does it go|could it be)\b": 2,
        r"re:\brecorded\b.{0,80}\b(nowhere|not there|cant find|cannot find|no sign|not anywhere)\b": 2,
        r"re:\b(not|never|didnt|doesnt|isnt) (show|appear|turn|come)\w* up\b.{0,30}\b(chat|anywhere|files|channel)": 2,
    },
    "ams_expiry": {
        "ams": 3, "delete record": 3,
        r"re:\b(21|twenty one|twenty-one|three|3|two|2|four|4|few|couple of) weeks?\b": 2,
        r"re:\b(2|21|30|20|22|a few|some|several|\d+) days?\b": 1,
        r"re:\b(last|a|one|1) month\b": 1,
        r"re:\btemporar": 2, r"re:\bautomatically\b": 1, r"re:\bhow long\b": 1,
        r"re:\b(permanent\w*|forever|indefinitely|retention|retain\w*|expir\w*|auto.?delet\w*)\b": 2,
        r"re:\bno longer (available|there|exists?|accessible|works?)\b|\bnot available any ?more\b": 3,
    },
    "not_captured": {
        "whiteboard": 4,
        r"re:\b(whiteboard|notes|annotations?|ink(ing)?)\b.{0,60}\brecord": 1,
    },
    "run_diagnostic": {
        "diagnostic": 4, r"re:\bdiagnos\w*": 3,
        r"re:\b(m365|microsoft 365|office 365|o365) admin (center|centre|portal)\b": 1,
        r"re:\btest(s|ed|ing)?\b": 2,
        r"re:\b(check|verify|confirm|see|find out|tell|validate)\w* (whether|if|that)? ?(a |the |this |my |our |one )?"
        r"(user|account|person|staff|employee|member|people)s?\b.{0,30}\b(set up|configured|enabled|able|can|allowed"
        r"|meets?|ready|requirements?)": 3,
        r"re:\b(run|do|perform|start) (a |an |the )?(check|test|diagnos\w*|health ?check)\b": 3,
        r"re:\brecording (setup|set up|configuration|config)\b": 1,
        r"re:\b(tool|analy[sz]er|self.?help|connectivity)\b": 1,
        r"re:\b(remote )?connectivity (test|analy[sz]er|check)\w*": 3,
        r"re:\bteams licen[cs]e": 2,
        r"re:\b(tenant|configuration) (is |isnt |not )?(properly |correctly )?(configured|set up|setup)\b": 2,
    },
}

# Messages about something the guide does not cover. Each cue counts against every topic.
OUT_OF_SCOPE: dict[str, float] = {
    r"re:\b(captions?|subtitles?|transcri(pt|pts|ption|ptions|be|bing|bed)|translat\w*|interpret\w*|languages?)\b": 3,
    r"re:\b(camera|webcam|video feed|microphone|mic|headset|speakers?|audio|sound|echo|noise|choppy|lag|lagg\w*"
    r"|freez\w*|frozen|bandwidth|connection|network|call quality|bluetooth)\b": 3,
    r"re:\b(background|blur|filters?|avatar|wallpaper|emojis?|reactions?|raise hand|polls?|forms|breakout"
    r"|lobby|attendance|presence|status|notifications?|password|install\w*|updates?|crash\w*|copilot|recap"
    r"|chat history|dark mode|mute|unmute|banner|disclaimer|screen ?shar\w*|presenter view|together mode)\b": 3,
    r"re:\b(phone|pstn|voicemail|dial.?pad|1:1|one.on.one|1 on 1|direct|private|voip|teams|voice) calls?\b": 3,
    r"re:\bcalls?\b(?!.{0,20}\bmeeting)": 1,
    r"re:\b(webinars?|town ?halls?|live events?|broadcast\w*)\b": 2,
    r"re:\b(trim\w*|edit|editing|cut|crop|rename|splice|merge|compress|convert|speed|playback|play back"
    r"|fast forward|chapters?|thumbnails?|watermark)\b": 3,
    r"re:\b(share|sharing|send|sending|download\w*|export\w*|embed\w*|email|forward|post|upload it)\b.{0,40}"
    r"\b(record|video|file|mp4)": 7,
    r"re:\b(give|pass|show) (the|a|my|this|that|our) (meeting )?(record|video)": 7,
    r"re:\b(record|video)\w*\b.{0,40}\b(share|send|download|export|embed|email|forward|view|watch)\w*\b"
    r"(?!.{0,10}\bwhere)": 2,
    r"re:\bwho (can|could) (see|view|watch|access)\b": 3,
    r"re:(?<!cant )(?<!cannot )(?<!not )(?<!unable to )\b(watch|watched|view|viewed|viewing|replay|rewatch|play"
    r"|views|viewers|analytics|insights|statistics|how many people)\b.{0,40}\brecord": 6,
    r"re:\bhow long (a |the |my |our )?(meeting )?record\w* (can|could|may) (be|last|run|go)\b"
    r"|\b(max(imum)?|limit\w*) (on )?(the )?(length|duration)\b|\b(length|duration|time) limit": 6,
    r"re:\b(compliance record\w*|third.party record\w*|policy.based record\w*)": 4,
    r"re:\b(stop|pause|end)(s|ped|ping)? (a |the |my |this |that )?record": 3,
    r"re:\b(delete|remove|erase) (a|the|my|this|that|old|all) (\w+ )?(record|video)": 4,
    r"re:\b(screen ?record\w*|obs|snipping|game bar|xbox|zoom|webex|google meet|slack|skype)\b": 2,
}

# Words that name the control rather than the file: "the record option disappeared" is not a deleted
# recording, and "can't find the record button" is not a lost file.
PENALTIES: dict[str, dict[str, float]] = {
    "ams_expiry": {
        r"re:\b(delete|lost|disappear\w*|gone|removed|vanish\w*|missing)\b.{0,25}\b" + _CONTROL + r"\b": 4,
        r"re:\b" + _CONTROL + r"\b.{0,30}\b(gone|disappeared|vanished|removed|missing|lost)\b": 4,
        r"re:\b(record|video)\w* (option|button|icon|control|feature|menu)\b": 2,
    },
    "storage_location": {
        r"re:\b(record|video)\w* (option|button|icon|control|feature|menu)\b": 3,
    },
}
# The names of Teams' own menus and settings, which contain words that would mislead the cues.
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\brecord(ing)? (and|&) transcri(be|ption)\b", "recording menu"),
    (r"\baudio (and|&) video\b( (section|settings?|polic(y|ies)))?", "meeting policy"),
    (r"\blicen[cs]ed (users?|people|staff|accounts?)\b", "users"),
)

MIN_TOPIC_SCORE = 2.0     # weaker evidence than this is not a topic
RETRIEVAL_WEIGHT = 1.0     # the guide passage that best matches the message supports its topic
RETRIEVAL_MIN_SCORE = 3.0  # BM25 score below which the best passage says nothing

# Which topic each passage of the guide speaks to, for retrieval evidence.
PASSAGE_TOPIC: dict[str, str] = {
    "troubleshoot-meeting-recording/paragraph-1": "start",
    "review-audio-and-video-policies/paragraph-1": "policy_user",
    "review-audio-and-video-policies/callout-1": "policy_user",
    "review-audio-and-video-policies/paragraph-2": "policy_user",
    "review-audio-and-video-policies/paragraph-3": "policy_user",
    "review-audio-and-video-policies/list-1": "policy_organizer",
    "review-audio-and-video-policies/paragraph-6": "policy_organizer",
    "review-audio-and-video-policies/callout-2": "auth_external",
    "review-audio-and-video-policies/callout-3": "not_captured",
    "verify-the-user-meets-the-requirements-for-recording/paragraph-1": "storage_location",
    "verify-the-user-meets-the-requirements-for-recording/callout-1": "ams_expiry",
    "verify-the-user-meets-the-requirements-for-recording/callout-2": "stream_consent",
    "verify-stream-upload-permissions-for-a-user/paragraph-1": "stream_upload",
    "verify-stream-upload-permissions-for-a-user/procedure-1": "stream_upload",
    "verify-stream-upload-permissions-for-a-user/callout-1": "stream_upload",
    "verify-user-prerequisites/paragraph-2": "run_diagnostic",
    "verify-user-prerequisites/paragraph-3": "run_diagnostic",
    "verify-user-prerequisites/list-2": "run_diagnostic",
    "run-the-meeting-recording-support-diagnostic/paragraph-1": "run_diagnostic",
    "run-the-meeting-recording-support-diagnostic/procedure-1": "run_diagnostic",
    "run-the-meeting-recording-support-diagnostic/paragraph-2": "run_diagnostic",
    "run-the-meeting-recording-support-diagnostic/callout-1": "storage_location",
}

# A generic recording problem: the guided check from the start.
_PROBLEM = re.compile(
    r"\b(cant|cannot|can not|couldnt|unable|not able|wont|doesnt|didnt|isnt|not|no|never|fail\w*|broken|error\w*"
    r"|issue|issues|problem\w*|trouble\w*|help|stuck|missing|greyed|grayed|disabled|nothing happens|how (do|can) i"
    r"|why|disappeared|vanished|gone|stopped|no longer|used to)\b")


@dataclass(frozen=True)
class Triage:
    """The topic of a message, what it already answers (state -> choice id), and why."""

    topic: str
    slots: dict[str, str] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)


def triage(text: str, kb: Knowledge | None = None) -> Triage:
    """The topic of a first message (DESIGN.md's list) and the answers it already gives.

    Args:
        text: what the user typed, mention already stripped.
        kb: the knowledge, for retrieval evidence; without it only the cues count.
    Returns:
        A :class:`Triage`; ``other`` when the evidence is below ``MIN_TOPIC_SCORE``.
    """
    text = _plain_names(text)
    folded = _folded(text)
    words = set(terms(text))
    scores = {topic: _score(cues, words, folded, text) for topic, cues in CUES.items()}
    for topic, cues in PENALTIES.items():
        scores[topic] -= _score(cues, words, folded, text)
    if kb is not None:
        _add_retrieval(scores, text, kb)
    against = _score(OUT_OF_SCOPE, words, folded, text)
    best = max(scores, key=lambda t: (scores[t], -list(CUES).index(t)))
    rounded = {t: round(s, 2) for t, s in scores.items() if s}
    if scores[best] >= MIN_TOPIC_SCORE and scores[best] > against:
        topic = best
    elif _is_recording_problem(words, folded) and against < MIN_TOPIC_SCORE:
        topic = "start"
    else:
        return Triage("other", {}, {**rounded, "out_of_scope": against})
    return Triage(topic, _slots(topic, folded), {**rounded, "out_of_scope": against})


def explain(text: str, kb: Knowledge | None = None) -> str:
    """Why a message got its topic, cue by cue: for people tuning the cues."""
    result = triage(text, kb)
    text = _plain_names(text)
    folded, words = _folded(text), set(terms(text))
    lines = [f"topic: {result.topic}  slots: {result.slots}  scores: {result.scores}"]
    tables = [*CUES.items(), ("out_of_scope", OUT_OF_SCOPE), *((f"{t} penalty", c) for t, c in PENALTIES.items())]
    for name, cues in tables:
        fired = [f"{cue} ({weight:+g})" for cue, weight in cues.items() if _fires(cue, words, folded, text)]
        if fired:
            lines.append(f"  {name}: " + "; ".join(fired))
    return "\n".join(lines)


def _score(cues: dict[str, float], words: set[str], folded: str, raw: str) -> float:
    return sum(weight for cue, weight in cues.items() if _fires(cue, words, folded, raw))


def _fires(cue: str, words: set[str], folded: str, raw: str) -> bool:
    if cue.startswith("re:"):
        return _regex(cue[3:]).search(folded) is not None
    if cue.startswith("raw:"):  # before folding, where "Priya's" still has its apostrophe and capital
        return _regex(cue[4:]).search(raw) is not None
    return all(term in words for term in cue.split())


def _plain_names(text: str) -> str:
    """Teams' menu and setting names read as what they are, not as the words they contain."""
    for pattern, replacement in PHRASES:
        text = _regex("(?i)" + pattern).sub(replacement, text)
    return text


def _add_retrieval(scores: dict[str, float], text: str, kb: Knowledge) -> None:
    """The passage of the guide that best matches the message lends weight to its topic."""
    hits = kb.search(text, 1)
    if hits and hits[0].score >= RETRIEVAL_MIN_SCORE:
        topic = PASSAGE_TOPIC.get(hits[0].entry.id)
        if topic in scores:
            scores[topic] += RETRIEVAL_WEIGHT


def _is_recording_problem(words: set[str], folded: str) -> bool:
    return "record" in words and (_PROBLEM.search(folded) is not None or len(words) <= 3)


# --- what a first message already answers ------------------------------------------------

_NEGATED = r"\b(not|never|no longer|isnt|arent|wasnt|im not|i am not|nor)\s+(a |an |as a |as an |from )?"
_JOIN_KINDS = (
    ("anonymous", r"\b(anonymous(ly)?|not signed in|without (signing|logging) in|without an account"
                  r"|no account|unauthenticated)\b"),
    ("guest", r"\bguests?\b"),
    ("federated", r"\b(federat\w*|external|partner|another (company|org|organi[sz]ation|tenant)"
                  r"|other (company|org|organi[sz]ation|tenant)|different (company|org|organi[sz]ation|tenant)"
                  r"|outside (company|org|organi[sz]ation|our)|their tenant|b2b|vendor|contractor)s?\b"),
)
_WH = r"^(how|what|whats|which|who|whos|when|why|where|wheres)\b"
_QUESTION = re.compile(r"^(can|could|do|does|is|are|will|would|should|how|what|which|who|when|why|where)\b|\?\s*$")


def _slots(topic: str, folded: str) -> dict[str, str]:
    """Answers stated (not asked) in the message: "I'm a guest and can't record" answers how they join."""
    if _QUESTION.search(folded.strip()):
        return {}
    if topic == "auth_external":
        kind = _join_kind(folded)
        return {"check_auth_type": kind} if kind else {}
    if topic == "policy_organizer":
        return {"check_organizer": "someone_else"}
    if topic == "policy_user":
        setting = _setting(folded)
        return {"check_policy": setting} if setting else {}
    return {}


def _join_kind(folded: str) -> str | None:
    for kind, pattern in _JOIN_KINDS:
        match = _regex(pattern).search(folded)
        if match and not _regex(_NEGATED + "$").search(folded[:match.start()]):
            return kind
    return None


def _setting(folded: str) -> str | None:
    """On or off, when the message says what Allow cloud recording is set to."""
    if _regex(r"\b(cloud )?record\w*\b.{0,25}\b(is |was |are |set to |has been )?(off|disabled|turned off|not "
              r"allowed|not enabled|blocked)\b|\b(disabled|turned off|switched off)\b.{0,25}\bcloud record").search(
            folded):
        return "off"
    if _regex(r"\b(turned|switched|set)\b.{0,30}\bon\b.{0,40}\b(still|but)\b|\b(enabled|allowed)\b.{0,30}"
              r"\bcloud record\w*\b.{0,30}\b(still|but)\b|\bcloud record\w*\b.{0,20}\b(is |was )?(on|enabled)\b"
              r".{0,30}\b(still|but)\b").search(folded):
        return "on"
    return None


# --- typed answers to the pending question ------------------------------------------------

_UNSURE = (r"^\??$|\b(not sure|unsure|dont know|do not know|dunno|no idea|idk|not certain|cant tell|can not tell"
           r"|cannot tell|no clue|havent checked|have not checked|didnt check|not checked|unknown|maybe|perhaps"
           r"|no way to (know|tell|check)|cant check|cannot check|cant see it|who knows|skip|pass|n/?a)\b")
_YES = (r"^(y|ya|yes|yeah|yea|yep|yup|ye|sure|correct|right|true|ok|okay|affirmative|definitely|absolutely"
        r"|of course|indeed|it is|it does|i do|i have|we do|we have|they do|they have|he does|she does)\b"
        r"|\b(is on|its on|it is on|turned on|switched on|enabled|allowed|it works|works now|working now"
        r"|yes)\b")
_NO = (r"^(n|no|nope|nah|negative|not really|no it|never|false|wrong|it isnt|it is not|it doesnt|i dont|i have not"
       r"|i havent|we dont|we havent|they dont|they havent|he doesnt|she doesnt)\b"
       r"|\b(is off|its off|it is off|turned off|switched off|disabled|not enabled|not allowed|isnt enabled"
       r"|isnt allowed|not on|isnt on|doesnt have|dont have|hasnt|havent|no)\b")

# (state, choice) -> what people type for it, beyond the button title and yes/no
ANSWER_WORDS: dict[str, dict[str, str]] = {
    "welcome": {"start": r"^(start|begin|go|lets go|lets start|lets begin|start troubleshooting|troubleshoot|yes|ok|okay|sure)$"},
    "triage": {
        "no_record_option": r"\b(cant|cannot|unable to|not able to) (start|record|begin)|\bno (record|option)"
                            r"|\b(greyed|grayed|missing|disabled)\b|\bstart\w* (a )?record",
        "cant_find_recording": r"\b(cant|cannot|unable to|not able to) (find|locate|see)\b|\bwhere\b",
        "recording_deleted": r"\b(disappeared|vanished|deleted|gone|removed|expired)\b",
        "missing_content": r"\b(missing from|not in|isnt in|not captured|whiteboard|notes)\b",
        "other": r"\b(something else|other|none of (these|those|the above))\b",
    },
    "check_auth_type": {
        "member": r"\b(member|work account|work email|company account|corporate account|employee|staff|internal"
                  r"|same (org|organi[sz]ation|company|tenant)|our (org|organi[sz]ation|company|tenant)"
                  r"|signed in|logged in|colleague|own account|normal user|regular user|licensed user)\b",
        "guest": r"\bguests?\b",
        "federated": r"\b(federat\w*|another (org|organi[sz]ation|company|tenant)|other (org|organi[sz]ation"
                     r"|company|tenant)|different (org|organi[sz]ation|company|tenant)|external|partner|outside)\b",
        "anonymous": r"\b(anonymous\w*|not signed in|without (signing|logging) in|no account|not logged in"
                     r"|browser without|as a visitor|unauthenticated|(didnt|did not|never|dont|do not) (sign|log)"
                     r"( ?in)?|(just )?(opened|clicked|used) the (join )?link|from the browser|in the browser)\b",
    },
    "check_organizer": {
        "me": r"\b(me|i did|i do|myself|mine|i organi[sz]ed|i set it up|i scheduled|i created|i am|im the"
              r"|same person|the user|they did|he did|she did)\b",
        "someone_else": r"\b(someone|somebody|other|another|colleague|coworker|co-worker|manager|boss|not me"
                        r"|not them|different person|not the same|client|customer|they didnt|teacher)\b",
    },
    "check_organizer_policy": {
        "on": r"\b(on|enabled|allowed|active|ticked|checked|switched on|turned on|toggled on)\b",
        "off": r"\b(off|disabled|blocked|inactive|unticked|unchecked|switched off|turned off|toggled off)\b",
    },
    "check_storage_location": {
        "onedrive": r"\b(one ?drive|share ?point|odb|odsp)\b",
        "stream": r"\bstream\b",
    },
    "check_stream_upload": {
        "allowed": r"\b(allowed|can upload|able to upload|not restricted|unrestricted|permitted|has permission"
                   r"|have permission|restrict\w* (video )?uploads? (is |was |are )?(off|disabled|not (on|enabled|set)))\b",
        "restricted": r"\b(restricted|cant upload|cannot upload|not allowed|blocked|no permission|not permitted"
                      r"|unable to upload|limited|only (some|certain|a few|the)|not (in|on) (the|that|this) (group|list"
                      r"|team)|not (in|on) it)\b",
    },
    "check_stream_consent": {
        "not_required": r"\b(no guidelines?|none|not required|not needed|nothing to accept|no policy|not defined"
                        r"|not set up|no such|never (asked|prompted)|no prompt|(dont|do not|doesnt|does not) have"
                        r" (any |a )?(company )?(guidelines?|polic(y|ies))|arent any|there are no)\b",
        "yes": r"\b(accepted|agreed|consented|clicked accept)\b",
        "no": r"\b(not accepted|havent accepted|didnt accept|declined|refused|rejected|never accepted)\b",
    },
    "check_stream_storage": {
        "yes": r"\b(enough|plenty|lots of|loads of|space left|not full|room left|fine)\b",
        "no": r"\b(full|out of (space|storage|room)|no (space|room|storage)|not enough|quota (exceeded|reached)"
              r"|ran out|run out)\b",
    },
    "run_diagnostic": {
        "teams_license": r"\blicen[cs]",
        "tenant_config": r"\b(tenant|configur|config)\w*",
        "user_not_enabled": r"\b(not enabled|isnt enabled|disabled|not allowed|user not|cloud record)\w*",
        "all_passed": r"\b(pass\w*|all (good|green|ok|fine)|no (issue|problem|error)s?|nothing (wrong|found)"
                      r"|everything (ok|fine|good|passed)|succeeded|success\w*|green)\b",
    },
    "diagnosis": {
        "fixed": r"\b(fixed|works|working|solved|resolved|sorted|it worked|that did it|all good|great|thanks"
                 r"|thank you|perfect)\b",
        "not_fixed": r"\b(not fixed|still|doesnt work|didnt work|not working|keep checking|no luck|same"
                     r"|(didnt|did not|doesnt|does not) (help|fix|change)|no change|unfortunately"
                     r"|nothing changed|not yet|continue|next)\b",
    },
    "offer": {
        "start_check": r"\b(guided|check|start|troubleshoot\w*|walk me|lets go|go ahead|run)\b",
        "stream_upload_check": r"\b(upload|stream)\b",
        "diagnostic": r"\b(test|diagnostic|result|ran it|run it)\b",
        "escalate": r"\b(ticket|helpdesk|help desk|escalat\w*|support|admin|summary)\b",
        "done": r"\b(done|thats all|no thanks|nothing|bye|goodbye|all good|im good|that is all|finished)\b",
    },
}
ANSWER_WORDS["check_policy"] = ANSWER_WORDS["check_organizer_policy"]
# How yes and no answer each question; `offer` says yes to its first button.
POLARITY: dict[str, tuple[str, str]] = {
    "check_organizer_policy": ("on", "off"), "check_policy": ("on", "off"),
    "check_stream_license": ("yes", "no"), "check_stream_consent": ("yes", "no"),
    "check_stream_storage": ("yes", "no"), "check_stream_upload": ("allowed", "restricted"),
    "diagnosis": ("fixed", "not_fixed"),
}
MAX_ANSWER_WORDS = 14  # a longer message is a question or a story, not an answer


def match_choice(state: str, text: str, titles: dict[str, str]) -> str | None:
    """The choice a typed message means, among the buttons shown (``titles``, in button order).

    A number picks a button, a title or a close paraphrase picks its choice,
    yes/no answer yes/no questions; anything else (a question, a story) is None.
    """
    folded = _folded(text).strip(" .!")
    choices = list(titles)
    if not folded or not choices:
        return None
    if folded.isdigit():
        n = int(folded)
        return choices[n - 1] if 1 <= n <= len(choices) else None
    exact = {_folded(title).strip(" .!"): c for c, title in titles.items()} | {
        c.replace("_", " "): c for c in choices}
    if folded in exact:
        return exact[folded]
    if len(folded.split()) > MAX_ANSWER_WORDS or _is_question(folded) and (
            len(folded.split()) > 3 or _regex(_WH).search(folded)):
        return None
    return _by_words(state, folded, choices)


def _by_words(state: str, folded: str, choices: list[str]) -> str | None:
    if "unsure" in choices and _regex(_UNSURE).search(folded):
        return "unsure"
    named = [c for c, pattern in ANSWER_WORDS.get(state, {}).items()
             if c in choices and _mentions(pattern, folded)]
    if len(named) == 1:
        return named[0]
    yes, no = POLARITY.get(state, (choices[0], "done") if state == "offer" else ("", ""))
    said_no, said_yes = _regex(_NO).search(folded), _regex(_YES).search(folded)
    if said_no and no in choices and (not said_yes or said_no.start() <= said_yes.start()):
        return no
    if said_yes and yes in choices:
        return yes
    return named[0] if named and _is_specific(named, state) else None


def _mentions(pattern: str, folded: str) -> bool:
    """A choice's words are there and not negated ("not a guest" does not say guest)."""
    for match in _regex(pattern).finditer(folded):
        if not _regex(_NEGATED + "$").search(folded[:match.start()]):
            return True
    return False


def _is_specific(named: list[str], state: str) -> bool:
    """Several choices named at once: the first wins only where the later ones are its negations."""
    return state == "check_stream_consent" and named[0] == "not_required"


def _is_question(folded: str) -> bool:
    return _QUESTION.search(folded) is not None


# --- commands and user principal names ------------------------------------------------

COMMANDS: dict[str, tuple[str, ...]] = {
    "restart": ("restart", "start over", "reset", "begin again", "start again", "new check", "from the top",
                "start from scratch", "clear", "cancel"),
    "back": ("back", "go back", "undo", "previous", "previous question", "oops", "step back", "undo that"),
    "help": ("help", "?", "what can you do", "commands", "menu", "options", "what do you do", "how does this work",
             "instructions", "what can i say"),
    "hello": ("hi", "hello", "hey", "hi there", "hello there", "good morning", "good afternoon", "good evening"),
    "why": ("why", "why?", "why do you ask", "why does that matter", "why does it matter", "why is that important",
            "why ask", "why are you asking", "why that", "why this question"),
    "summary": ("summary", "summarize", "summarise", "ticket", "show summary", "give me a summary",
                "create ticket", "create a ticket", "status", "progress", "where are we"),
    "agent": ("agent", "agent mode", "helpdesk mode", "admin mode", "im a helpdesk agent", "i am a helpdesk agent",
              "im an admin", "i am an admin", "switch to agent mode", "helpdesk"),
    "user": ("user", "user mode", "end user mode", "switch to user mode", "im a user", "i am a user", "end user"),
}
_COMMAND_OF = {phrase: name for name, phrases in COMMANDS.items() for phrase in phrases}


def parse_command(text: str) -> str | None:
    """The global command a whole message is (``"help"``, ``"/restart please"``), or None.

    Only the whole message counts, so "why can't I record?" is a question, not ``why``.
    """
    folded = _folded(text).strip()
    if folded in ("?", "why?"):
        return _COMMAND_OF[folded]
    folded = re.sub(r"^/+", "", folded)
    folded = re.sub(r"[^\w\s?]", " ", folded)
    folded = re.sub(r"\b(please|pls|plz|thanks|thank you|now)\b", " ", folded)
    folded = " ".join(folded.replace("?", " ").split())
    return _COMMAND_OF.get(folded)


_UPN = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                  r"@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
_TAG = re.compile(r"</?[a-z][a-z0-9]*(\s[^>]{0,500})?/?>", re.IGNORECASE)  # Teams sends addresses as <a href=...>
UPN_PREFIX = re.compile(r"^\s*(troubleshoot(ing)?|check|diagnose|look at|investigate)?\s*(for|user|upn)\b[\s:]*|"
                        r"^\s*(the )?(user|upn|account) (is|=)[\s:]*", re.IGNORECASE)


def find_upn(text: str) -> tuple[str | None, str | None]:
    """The user principal name in "troubleshoot for adele@contoso.com".

    Returns ``(upn, None)`` when one is found, else ``(None, candidate)``: what
    the user seems to have meant, for the error message.
    """
    plain = _TAG.sub(" ", text)
    plain = re.sub(r"^\s*(troubleshoot(ing)?|check|diagnose|look at|investigate)\s+(for\s+)?", "", plain,
                   flags=re.IGNORECASE)
    plain = UPN_PREFIX.sub("", plain)
    tokens = [t.strip("<>()[]{}\"'.,;:!?") for t in plain.split()]
    tokens = [t[len("mailto:"):] if t.lower().startswith("mailto:") else t for t in tokens if t]
    for token in tokens:
        if len(token) <= 254 and _UPN.match(token):
            return token, None
    candidate = next((t for t in tokens if "@" in t), " ".join(tokens))
    return None, candidate[:120] or None


def is_upn_request(text: str) -> bool:
    """Whether a message names the account the checks are about.

    "troubleshoot for ..." always does (an invalid UPN then gets a clear message);
    the looser forms ("check for", "user is") only when an address is there.
    """
    lowered = text.lower()
    if _regex(r"^\s*troubleshoot(ing)?\s+for\b").search(lowered):
        return True
    return "@" in lowered and _regex(r"^\s*((check|diagnose|investigate)\s+for|(the\s+)?(upn|user principal name)"
                                      r"|(the\s+)?user\s+is)\b").search(lowered) is not None


# --- shared helpers --------------------------------------------------------------------------

_REGEX_CACHE: dict[str, re.Pattern] = {}


def _regex(pattern: str) -> re.Pattern:
    compiled = _REGEX_CACHE.get(pattern)
    if compiled is None:
        compiled = _REGEX_CACHE[pattern] = re.compile(pattern)
    return compiled


def _folded(text: str) -> str:
    """Lower case, accents and apostrophes gone, punctuation but ``?`` and ``@.:/`` turned to spaces."""
    folded = fold(text)
    folded = re.sub(r"[^\w\s?@.:/-]", " ", folded)
    return " ".join(folded.split())
