"""Reading what people type once a question is pending: a typed answer, a command, a UPN.

Small rules over the folded text: an answer is short, and the buttons shown
say what it can mean. The topic of a first message is :mod:`dialogs.triage`'s job.
"""
from __future__ import annotations

import re

from dialogs.triage import cached_regex as _regex
from dialogs.triage import fold_for_cues as _folded

# --- shared patterns -------------------------------------------------------------------------

_NEGATED = r"\b(not|never|no longer|isnt|arent|wasnt|im not|i am not|nor)\s+(a |an |as a |as an |from )?"
_WH = r"^(how|what|whats|which|who|whos|when|why|where|wheres)\b"
_QUESTION = re.compile(r"^(can|could|do|does|is|are|will|would|should|how|what|which|who|when|why|where)\b|\?\s*$")

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
    "check_meeting_type": {
        "meeting": r"\b(meeting|meet now|stand.?up|scheduled|channel meeting|class|lecture|interview)s?\b",
        "call": r"\b(call|calls|calling|phone|pstn|1:1|1 on 1|one on one|one to one)\b",
        "event": r"\b(town ?halls?|webinars?|live events?|events?|broadcasts?|all.hands)\b",
    },
    "check_meeting_role": {
        "organizer": r"(?<!co )(?<!co-)(?<!co)\b(organi[sz]er|organi[sz]ed it|i organi[sz]ed|i set it up|i scheduled"
                     r"|i booked|i created|my (own )?meeting|the host|im hosting|i host)\b",
        "co_organizer": r"\bco ?-?(organi[sz]er|host)\b",
        "presenter": r"\b(presenter|presenting|i present|speaker)\b",
        "attendee": r"\b(attendee|attending|just attend\w*|participant|viewer|listener|audience|just joined)\b",
    },
    "check_consent": {
        "agreed": r"\b(agreed|i agree|accepted|consented|said yes|clicked (yes|agree|accept))\b",
        "declined": r"\b(declined|refused|rejected|said no|clicked no|disagreed|didnt agree|did not agree"
                    r"|didnt accept|did not accept)\b",
        "not_asked": r"\b(not asked|never asked|wasnt asked|was not asked|werent asked|no prompt|no (question|pop ?up"
                     r"|dialog)|nothing (popped up|appeared|asked)|didnt ask|did not ask|never prompted)\b",
    },
    "check_onedrive": {
        "yes": r"\b(has (a )?one ?drive|have (a )?one ?drive|plenty|enough (space|room|storage)|space left|not full"
               r"|room left)\b",
        "no": r"\b(no one ?drive|(doesnt|does not|dont|do not) have (a |any )?one ?drive|without (a )?one ?drive"
              r"|not licen[cs]ed|no licen[cs]e|not provisioned|no account)\b",
        "full": r"\b(full|out of (space|storage|room)|no (space|room|storage)( left)?|not enough|quota (exceeded|reached)"
                r"|ran out|run out|over (the )?quota)\b",
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
        "onedrive_check": r"\b(one ?drive|storage|space|quota)\b",
        "diagnostic": r"\b(test|diagnostic|result|ran it|run it)\b",
        "escalate": r"\b(ticket|helpdesk|help desk|escalat\w*|support|admin|summary)\b",
        "done": r"\b(done|thats all|no thanks|nothing|bye|goodbye|all good|im good|that is all|finished)\b",
    },
}
ANSWER_WORDS["check_policy"] = ANSWER_WORDS["check_calling_policy"] = ANSWER_WORDS["check_events_policy"] = \
    ANSWER_WORDS["check_organizer_policy"]
# How yes and no answer each question; `offer` says yes to its first button.
POLARITY: dict[str, tuple[str, str]] = {
    "check_organizer_policy": ("on", "off"), "check_policy": ("on", "off"),
    "check_calling_policy": ("on", "off"), "check_events_policy": ("on", "off"), "check_onedrive": ("yes", "no"),
    "check_consent": ("", "not_asked"),  # "yes" alone doesn't say whether they agreed
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
