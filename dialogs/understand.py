"""What a whole message is, before what it says: a command ("help", "/restart please") or an account.

Answers, facts and pasted output are read by :mod:`dialogs.reading` and :mod:`dialogs.pasted`; the
topic of a first message is :mod:`dialogs.triage`'s job.
"""
from __future__ import annotations

import re
from functools import lru_cache

from knowledge.text import cached_regex as _regex
from knowledge.text import fold_for_cues as _folded

# --- commands and user principal names ------------------------------------------------

COMMANDS: dict[str, tuple[str, ...]] = {
    "restart": ("restart", "start over", "reset", "begin again", "start again", "new check", "from the top",
                "start from scratch", "clear", "cancel"),
    "back": ("back", "go back", "undo", "previous", "previous question", "oops", "step back", "undo that"),
    "help": ("help", "?", "what can you do", "commands", "menu", "options", "what do you do", "how does this work",
             "instructions", "what can i say"),
    "hello": ("hi", "hello", "hey", "hi there", "hello there", "good morning", "good afternoon", "good evening",
              "hey there", "hiya", "howdy", "greetings", "hello bot", "hi bot", "hey bot", "hello again", "hi again"),
    "why": ("why", "why?", "why do you ask", "why does that matter", "why does it matter", "why is that important",
            "why ask", "why are you asking", "why that", "why this question", "does that matter", "does it matter",
            "does this matter", "why does this matter", "is that important", "is it important", "is this important",
            "does that make a difference", "does it make a difference", "why is it important"),
    "summary": ("summary", "summarize", "summarise", "ticket", "show summary", "give me a summary",
                "create ticket", "create a ticket", "status", "progress", "where are we", "make a ticket",
                "make the ticket", "create the ticket", "open a ticket", "raise a ticket", "write a ticket",
                "prepare a ticket", "prepare the ticket", "write the ticket", "i need a ticket", "give me the ticket",
                "give me a ticket", "log a ticket", "escalate", "escalate it", "escalate this", "escalate please",
                "escalate to microsoft", "escalate to support", "escalate to tier 2", "hand it over", "hand over",
                "write that up for the ticket", "can you write that up for the ticket", "write up the ticket",
                "ticket notes", "notes for the ticket", "give me the ticket notes", "give me notes for the ticket",
                "add that to the ticket", "add this to the ticket", "add it to the ticket",
                "can you add that to the ticket", "put that in the ticket", "put that on the ticket",
                "update the ticket", "whats on the ticket so far", "not fixed escalate", "still not fixed escalate",
                "still not working escalate", "no luck escalate"),
    "agent": ("agent", "agent mode", "helpdesk mode", "admin mode", "im a helpdesk agent", "i am a helpdesk agent",
              "im an admin", "i am an admin", "switch to agent mode", "helpdesk"),
    "user": ("user", "user mode", "end user mode", "switch to user mode", "im a user", "i am a user", "end user"),
}
_COMMAND_OF = {phrase: name for name, phrases in COMMANDS.items() for phrase in phrases}


@lru_cache(maxsize=256)  # read twice a turn: when the turn is prepared, and by the routes
def parse_command(text: str) -> str | None:
    """The global command a whole message is (``"help"``, ``"/restart please"``), or None.

    Only the whole message counts, so "why can't I record?" is a question, not ``why``.
    """
    folded = _folded(text).strip()
    if folded in ("?", "why?"):
        return _COMMAND_OF[folded]
    folded = re.sub(r"^/+", "", folded)
    plain = _plain(folded)
    if plain in _COMMAND_OF:
        return _COMMAND_OF[plain]
    if said := _COMMAND_WITH_FILLER.match(plain):  # "ok whatever start over", "sorry back", "hi team"
        return next(name for name, group in said.groupdict().items() if group)
    # "fine, I'll send it to IT. can you write it up?", "how do i get IT to turn it on, do i just send them this":
    # the write-up asked for in one of its sentences or clauses ("... Ticket please.")
    if _SUMMARY_REQUEST.search(plain):
        return "summary"
    if not _INNER_BREAK.search(text.strip()[:-1]):  # one sentence, no clause: the whole was read above
        return None
    parts = [part for _, part in _parts_of(text)]
    if len(plain.split()) <= RESTART_AFTER_WORDS and (said := _COMMAND_WITH_FILLER.match(parts[-1])) \
            and said.group("restart"):  # "sorry, wrong user. start over"
        return "restart"
    if any(_asks_for_the_ticket(part) for part in parts):
        return "summary"
    return "summary" if any(_STATUS_LAST.match(part) for part in parts[1:]) else None


def only_a_status_closes(text: str) -> bool:
    """Whether a message asks for the ticket only by a status after its news ("she can record now. resolved")."""
    parts = [part for _, part in _parts_of(text)]
    return not any(_asks_for_the_ticket(part) for part in parts) and any(_STATUS_LAST.match(p) for p in parts[1:])


# "ok he accepted guidelines, next rec uploaded fine. resolved": the news, then the ticket's status as its last word
# ("resolved" alone is an answer where it is asked: "Did that fix it?")
_STATUS_LAST = re.compile(r"^(ok |so |then |and )*(resolved|closed|closing)(,? (by design|as designed|user error"
                          r"|no fault found))?( (pls|please|thanks|thx|ty))?$")


def told_before_the_request(text: str) -> str:
    """What a message tells before it asks for the ticket ("clerk made her presenter and it works now. Ticket
    summary please"): news for the ticket to carry, read first. "" when the request comes first."""
    parts = list(_parts_of(text))
    return next((text[:at].strip(" ,;-") for n, (at, part) in enumerate(parts)
                 if _asks_for_the_ticket(part, after_news=n > 0)), "")


def _parts_of(text: str):
    """Each sentence of a message, then each of its comma clauses: where it starts, and its plain words."""
    start = 0
    for sentence in _SENTENCE_END.split(text.strip()):
        at = text.find(sentence, start)
        yield at, _plain(_folded(sentence).strip())
        clause_at = 0
        for clause in sentence.split(",") if "," in sentence else ():
            clause_at = sentence.find(clause, clause_at)
            yield at + clause_at, _plain(_folded(clause).strip())
            clause_at += len(clause)
        start = at + len(sentence)


def _asks_for_the_ticket(plain: str, after_news: bool = False) -> bool:
    return bool(_SUMMARY_REQUEST.search(plain)) or plain in _TICKET_ALONE \
        or after_news and bool(_STATUS_LAST.match(plain))


def status_asked(request: str) -> str | None:
    """The status a request for the ticket gives it ("close it out", "write it up as pending", "summary,
    resolved - by design"): ``resolved`` or ``open``; None when it names none. Not a status hoped for later
    ("note to retest once MS marks it resolved")."""
    plain = _plain(_folded(request))
    for match in _STATUS_SAID.finditer(plain):
        if not _LATER.search(plain[max(0, match.start() - 40):match.start()]):
            return "open" if match.group("open") else "resolved"
    return None


_STATUS_SAID = re.compile(r"\b(?P<resolved>resolved|close( (it|this|this one|the ticket|the case))?( out)?|closed"
                          r"|closing"
                          r"|by design|as designed|mark (it |this )?(as )?(fixed|done|resolved|closed))\b"
                          r"|\b(?P<open>pending|awaiting|waiting (on|for)|open|on hold|follow up)\b")
_LATER = re.compile(r"\b(once|until|when|after|if|till|before)\b")


RESTART_AFTER_WORDS = 8  # "sorry, wrong user. start over": a longer message tells more than a restart
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_INNER_BREAK = re.compile(r"[.!?,]")
_FILLER = (r"((ok|okay|k|sorry|whatever|um+|uh+|hm+|fine|oops|so|alright|right|actually|wait|no|nah|ugh|meh|lol|oh|ah"
           r"|my bad|hang on|hold on) )*")
_COMMAND_WITH_FILLER = re.compile(
    rf"^{_FILLER}(?P<restart>((lets|let s|(can|could|shall) (we|i|you)|i (want|need|d like) to|id like to|i wanna) )?"
    r"(start over|start again|begin again|restart|reset|start from scratch|start from the (top|beginning)))$|"
    rf"^{_FILLER}(?P<back>((can|could) (we|i|you) )?(go back|back|undo( that)?|previous question|step back))$|"
    # "yes summary", "not fixed escalate", "can you give me that summary for the helpdesk"
    r"^((yes|yeah|yep|ok|okay|so|then)\W+)*(?P<summary>"
    r"(((can|could|would|will) (you|u) (just )?)?(give|send|show|make|write|get|prepare) (me |us )?"
    r"(that |the |a |my |this |your )?(ticket |escalation |short )?(summary|write ?up)"
    r"( for (me|us|(my |our |the )?[\w-]+( [\w-]+){0,2}))?|summary))$|"
    # "Hi Team,", "hello sir", "dear all": a greeting and who it's addressed to
    r"^(?P<hello>(hi|hello|hey|hiya|dear|greetings|namaste|gday|g day|good (morning|afternoon|evening|day))"
    r"( (team|all|everyone|everybody|sir|madam|maam|mam|folks|guys|there|support|helpdesk|help desk|it|bot"
    r"|troubleshooter|again))+)$")
_TICKET_ALONE = ("ticket", "the ticket", "a ticket", "summary", "the summary", "ticket notes", "ticket note")


def _plain(folded: str) -> str:
    folded = re.sub(r"[^\w\s?]", " ", folded)
    folded = re.sub(r"\b(please|pls|plz|kindly|thanks|thank you|now|i guess|i suppose)\b", " ", folded)
    return " ".join(folded.replace("?", " ").split())


# "can you write that up so I can send it to IT": the summary asked for in a sentence, for someone to send on.
_SUMMARY_REQUEST = re.compile(
    # "write notes for both tickets", "write me the ticket notes"
    r"^(ok |okay |so |then |pls |please |now )*(write|give me|make|do|draft) (up )?(the |me |me the |some )?"
    r"(ticket |case |work )?notes( for (the |both |all |these |those |my )?(tickets?|cases?|incidents?|it|this|them))?"
    r"( (pls|please))?$|"
    # "ok escalate this to tier 2 pls", "escalate to tier 2 with the details"
    r"^(ok |okay |so |then |fine |right |pls |please )*((can|could|would|will) (you|u) )?(pls |please )?escalate"
    r"(( (this|it|that|the (case|ticket|incident))( one)?)( (to|with) [\w ]{1,40})?|( (to|with) [\w ]{1,40}))"
    r"( (pls|please|asap|now|then))*$|"
    # "close as resolved", "mark it fixed", "leave it pending", "keep the case open": the ticket, with its status
    r"^(ok |okay |so |then |and |pls |please |great |thanks |fine |right )*(close|mark) (it |this |this one "
    r"|the ticket |the case |the incident )?(out )?(as )?(resolved|fixed|done|closed|solved|complete|completed)"
    r"( [\w ,-]{1,60})?$|"
    r"^(ok |okay |so |then |and |pls |please |fine |right )*(leave|keep|put|set|mark) (it|this|this one|the ticket|the "
    r"case|the incident) (as |on |in )?(pending|open|on hold|awaiting [\w ]{1,30})( [\w ,-]{1,60})?$|"
    r"^(ok |okay |so |great |thanks |cool |yeah |yes |yep |sure |fine |alright )*((can|could|would|will) (you|u) "
    r"(just |please )?)?(write (that|this|it|everything|all that|all this|something|it all|that all) up"
    r"|write (that|this|it|all that|all this)( down| out)?(?= for )"
    r"|sum (that|this|it|everything) up"
    r"|summari[sz]e (that|this|it|everything|all that|all this))( for (me|us|[\w ]{1,40}))?"
    r"(,? (shes|hes|theyre|she is|he is|they are) the (organi[sz]er|boss|one who asked))?"
    r"( so (i|we|they|he|she) can [\w ,-]{1,100}| (that |which )?(i|we) can (send|forward|give|email|paste)"
    r"( (it|that|this))?( to [\w ,-]{1,80})?)?$|"
    r"^(ok |okay |so |great |thanks |cool )*((can|could|would|will) (you|u) (just )?)?(give|make|write) (me )?"
    r"something (i can|to) (send|forward|give|email|paste) (to )?(it|my admin|the admin|our admin|an admin|helpdesk|"
    r"the helpdesk|support|my manager|my boss|the it team|our it team)$|"
    r"^(ok |okay |so |then |and )*what (do|should|can|shall|would) (i|we) (ask|tell|send|give) (to )?(it|my it|"
    r"my admin|the admin|our admin|an admin|helpdesk|the helpdesk|support|it support|the it team|our it team|them)"
    r"( exactly| then| for| for exactly)?$|"
    r"^(ok |okay |so |then )*((can|could|would|will) (you|u) (just )?)?(just )?tell me what to (ask|tell|send|give) "
    r"(to )?(it|my it|my admin|the admin|our admin|an admin|((the|my|our) )?([\w-]+ )?(helpdesk|help desk|service desk)"
    r"|support|it support|the it team|our it team)( for)?$|"
    r"^(ok |okay |so |then |fine )*(i ll|ill|i will|im going to|gonna|going to|let me|lets|we ll|well|we will) (just )?"
    r"(forward|send|pass|hand) (this|it|that|this one|all this|everything)( on| over)? to (it|my it|my admin|the admin"
    r"|our admin|an admin|helpdesk|the helpdesk|support|it support|the it team|our it team|my manager|my boss)$|"
    r"^(ok |okay |so )*((can|could|may) (i|we) )?(get|have|see) (the |my |a )?"
    r"(ticket( notes)?|summary|notes for the ticket)( anyway| anyways| now| then| please| pls)?"
    r"( for (me|us|(my |our |the )?[\w-]+( [\w-]+){0,2}))?$|"
    # "not fixed, need to send it to IT"
    r"^(not fixed |still not fixed |ok |okay |so )*(i |we )?(need|have|want|got) to (send|forward|give|pass) (it|this|"
    r"something|the details) (on )?to (it|the it team|my it|our it|the helpdesk|helpdesk|my admin|the admin|support)$|"
    # "ok can I get a summary I can forward to IT", "summary please in case it happens again"
    r"^(ok |okay |so |then |and |pls |please )*((can|could|may) (i|we) )?(get|have) (the |my |a )?(ticket|summary"
    r"|write ?up|ticket summary)( please| pls)? ((that |which )?(i|we) can (send|forward|give|email|paste)( it)?"
    r"( to [\w ]{1,40})?|(just )?in case [\w ,]{1,60})$|"
    r"^(the |a )?(summary|ticket|write ?up)( please| pls)? ((just )?in case [\w ,]{1,60}|for [\w ]{1,40})$|"
    # "need a ticket summary quick"
    r"^(i |we )?need (a |the )?(ticket |quick )?(summary|write ?up)( for the ticket)?( quick(ly)?| asap| fast)?$|"
    # "then I'll need the summary for the helpdesk"
    r"^(ok |okay |so |then |and )*(i ll|ill|i will|i|we ll|well|we will|we)( would| d)? (need|want|like|take)"
    r"( to (get|have|see))? (a |the |my |that )?(ticket|summary|write ?up)( for (me|us|(my |our |the )?[\w-]+"
    r"( [\w-]+){0,2}))?$|"
    # "copy into servicenow format", "give me the servicenow text"
    r"^(ok |okay |so |then |and )*((can|could|would|will) (you|u) )?(just )?(give|send|show|copy|put|paste|format"
    r"|write|make) (me )?(it |this |that |everything )?((in|into|for|as) )?(the |a )?(servicenow|service now|snow"
    r"|jira|zendesk|freshdesk|remedy|itsm) (text|format|version|notes|summary|ticket|entry)$|"
    # "ok raising ticket", "i'll get the summary and send to helpdesk": the write-up for it
    r"^(ok |okay |so |then |k )*(im |i am |were |we are )?(just )?(raising|opening|logging|creating|filing|submitting)"
    r" (a |the )?ticket( now| then| with [\w ]{1,30})?$|"
    r"^(ok |okay |so |then |k )*(i ll |ill |i will |will |gonna |going to |let me )(just )?(get|take|grab|copy|need) "
    r"(the |a )?(summary|ticket|write ?up)( and (send|forward|give|email|pass) (it )?(to|on to) [\w ]{1,30})?$|"
    # "can you write what I should tell them"
    r"^(ok |okay |so |then |and |k )*((can|could|would|will) (you|u) )?(just |please )?(write|type|draft|give me|put "
    r"together|tell me) (down |up )?what (i|we) (should|can|need to|have to|must) (tell|say to|send|ask|give) (to )?"
    r"(them|it|my admin|the admin|our admin|helpdesk|the helpdesk|support|it support|my boss|my manager)$|"
    # "sending summary to helpdesk", "forwarding the write-up to IT now"
    r"^(ok |okay |so |then |k )*(im |i am |were |we are )?(sending|forwarding|passing|emailing) "
    r"(the |a |this |my |your )?(summary|ticket|write ?up)( (on |over )?to [\w ]{1,30})?$|"
    # "close with summary"
    r"^(ok |okay |so |then |and )*close (it |this )?(out )?with (a |the )?(summary|ticket|write ?up)$|"
    # "summary so i can forward it", "ill send him the summary"
    # "escalation summary please", "summary of what we changed"
    r"^(ok |okay |so |then |k )*(the |a |an )?(escalation |handover |hand ?off |final |full |case |incident )?"
    r"(summary|ticket|write ?up)( of (what|everything) (we|i|you) (did|changed|checked|found|tried|covered)"
    r"( so far)?)?( so (i|we) can [\w ,-]{1,60}| (then|and|so) (i ll|ill|i will|i can|we ll|well|we will|we can)"
    r" [\w ,-]{1,60}| de ?do| bhej ?do| bhejo| chahiye| dena)?$|"
    r"^(ok |okay |so |then |k )*(i ll|ill|i will|gonna|let me|i can) (just )?(send|forward|give|pass|email) "
    r"(him|her|them|it|my admin|the admin|our admin|helpdesk|the helpdesk|support|my it|the it team) "
    r"(the |a )?(summary|ticket|write ?up)$|"
    # "ticket text for servicenow pls", "just need the ServiceNow text", "what do i put in the ticket"
    r"^(ok |okay |so |then |k |and )*((i |we )?(just )?(need|want) |give me |get me |(can|could) (i|we) "
    r"(get|have) )?(the |a |some )?(ticket|servicenow|service now|snow|jira|itsm) (text|notes|summary|write ?up|entry"
    r"|wording)( for (servicenow|service now|snow|jira|the ticket|it|the helpdesk))?( then| if so"
    r"| so (i|we) can [\w ,-]{1,60})?$|"
    r"^(ok |okay |so |then |and )*what (do|should|can|shall) (i|we) (put|write|say|add) (in|into|on) (the|a|my|our) "
    r"(ticket|case|incident)$|"
    # "fine. send to helpdesk", "can you forward this to support" (escalating is a command of its own)
    r"^(ok |okay |fine |so |then |just )*((can|could|would|will) (you|u) (just )?)?"
    r"(send|forward|pass|raise)( (it|this|that|this one|me|my case|the case))?( on| over| up)?"
    r"(( to (the |my |our |a )?([\w-]+ )?(helpdesk|help desk|it|it team|it support|support|service desk|next tier"
    r"|tier 2|l2))| (it|this|that|my case|the case))( then| asap| for me)?$|"
    # "fine make me a ticket", "ok just write me a summary then"
    r"^(ok |okay |k |kk |so |fine |ugh |then |alright |right |well |whatever |meh |yes |yeah |yep |sure |great )*"
    r"((can|could|would|will) (you|u) )?(just |still |also |go ahead and |please )?"
    r"(make|write|create|give|prepare|produce|share|open|raise|log|draft|generate|do|send) (me |us |her |him |them )?"
    r"(up )?(a |the )?(short |quick |brief )?(ticket |case )?(ticket|summary|write ?up)( notes?)?"
    r"( then| for [\w ]{1,40})?( then)?"
    r"( (with|of|so|and|including|to send|to forward|to email|i will|ill|i ll|i can|i have to|i need to)"
    r" [\w ,-]{1,80})?$|"
    # "can u write up the summary so i can email it to marcus"
    r"^(ok |okay |so |fine |then |please )*((can|could|would|will) (you|u) )?(just |please )?(write|type|put) up "
    r"(a |the |my )?(summary|ticket|notes)( [\w ,-]{1,80})?$|"
    # "log it as pending user confirmation", "close it with that explanation", "note it": the ticket, as it stands
    r"^(ok |okay |so |then |k |please )*(log|close|mark|file|note|resolve) (it|this|that|the ticket|the case)"
    r"( down)?( as [\w -]+| with [\w -]+| under [\w -]+)?$|"
    # "write the ticket and include both answers", "write the ticket as resolved by design"
    r"^(ok |okay |so |thanks |then |please )*(write|make|draft|create|prepare) (up )?(the|a) (ticket|summary)"
    r"( and [\w -]+| as [\w -]+| with [\w -]+| including [\w -]+)$|"
    # "do i just send them this": this conversation, written up for IT
    r"^(ok |okay |so |and )*(do|should|can|shall) (i|we) (just )?(send|forward|give|show|email) (them|it|my admin"
    r"|the admin|our admin|helpdesk|the helpdesk|support|the it team|our it team) (this|that|this chat|the chat"
    r"|all this)$|"
    # "can you tell IT what to do" (what IT should do, asked of us, is the fix: answered where it's asked)
    r"^(ok |okay |so |then |fine |and )*((can|could|would|will) (you|u) (just )?)?(tell|explain (it |this )?to|email"
    r"|message|contact|notify|let) (it|my it|my admin|the admin|our admin|an admin|helpdesk|the helpdesk|support"
    r"|it support|the it team|our it team)( know)?( what to (do|change|fix)| how to fix (it|this))?$|"
    r"^(ok |okay |so )*(i ll|ill|i will|im going to|gonna|going to|let me|lets|we ll|well|we will) (just )?escalate"
    r"( (this|it|this one|that))?( (to|with) [\w ]+)?$|"
    # "summary for ServiceNow pls", "ticket summary please", "summary for the ticket, incl the recommendation"
    r"^(ok |okay |so |then |and |fine |right |thanks |great )*(the |a |my )?(short |quick |brief |full )?"
    r"(jira |servicenow |service now |snow |zendesk |freshdesk |remedy |itsm |incident )?(ticket |case )?"
    r"(summary|write ?up|ticket notes|ticket(?= for))"
    r"( for (the |a )?[\w-]+( [\w-]+){0,3})?( (of|with) (what we (have|found|know|did|checked|got)|everything"
    r"|all (this|that)|it all|the (chat|conversation|case|checks))( so far)?)?"
    r"( (incl|including|with|as|status) [\w ,-]{1,80})?$|"
    # "send something to IT then pls, say its urgent": the write-up, to forward
    r"^(ok |okay |so |then |and |fine |right |thanks |great |yeah |yes |pls |please )*((can|could|would|will) (you"
    r"|u) )?"
    r"(just |please )?(send|email|forward|pass) (that|this|it|something|a (note|message|summary|ticket)|the (summary"
    r"|ticket)) (on )?to "
    r"(my manager|my boss|her manager|his manager|their manager|my lead|my supervisor|the manager"
    r"|it|my it|my admin|the admin|our admin|helpdesk|the helpdesk|support|it support|the it team|our it team"
    r"|my manager"
    r"|my boss|them)( [\w ,-]{1,80})?$|"
    # "write ticket summary, resolved", "write it up as pending, follow up in 24h", "close it out": the request first
    r"^(ok |okay |so |then |and |fine |right |thanks |great |pls |please )*((can|could|would|will) (you|u) )?"
    r"(just |please )?(write|make|draft|do|prepare|type|give me) (up )?(the |a |me a |me the )?(ticket )?"
    r"(summary|write ?up|ticket)"
    r"( [\w ,-]{1,80})?$|"
    r"^(ok |okay |so |then |and |fine |right |thanks |great )*((can|could|would|will) (you|u) )?(just |please )?"
    r"(write|type|sum) (it|this|that|everything|all this|it all) up (as|with|for|and|noting|incl|including)"
    r" [\w ,-]{1,80}$|"
    r"^(ok |okay |so |then |and |fine |right |thanks |great )*((can|could|would|will) (you|u) )?(just |please )?"
    r"close (it|this|this one|the ticket|the case) out( [\w ,-]{1,80})?$|"
    # "please write something i can send them asap", "can you write a short note for our treasurer", "can you write up
    # what we found", "ok great can you summarize for my admin"
    r"^(ok |okay |so |then |and |fine |right |thanks |great |yeah |yes |pls |please )*"
    r"((can|could|would|will) (you|u) )?(just |please |quickly )?(write|draft|put together|make|give me|prepare"
    r"|create) (me |us |up )?"
    r"(something|a (short |quick |brief )?(note|message|email|summary|write ?up|recap)|up (what we found|everything"
    r"|all (this|that)|the (problem|issue)))"
    r"( [\w ,-]{1,100})?$|"
    r"^(ok |okay |so |then |and |fine |right |thanks |great |yeah |yes |pls |please )*"
    r"((can|could|would|will) (you|u) )?(just |please )?summari[sz]e( (it|this|that|everything|all (this|that)"
    r"|what we found))?"
    r"( for (me|us|[\w ]{1,40}))?( so (i|we|they|he|she) can [\w ,-]{1,80})?$|"
    # "pls make report for my IT", "Kindly prepare summary with everything pls", "can you put that in a ticket summary"
    r"^(ok |okay |so |then |and |fine |right |thanks |great |yeah |yes |pls |please |kindly )*"
    r"((can|could|would|will) (you|u) )?(kindly |please |pls |just )*(make|create|prepare|write|give me|do|draft"
    r"|generate) (me |us )?(a |an |the |my )?(short |quick |brief |full |small )?(ticket |case )?(report|summary"
    r"|ticket|write ?up)\b[\w ,.-]{0,120}$|"
    r"^(ok |okay |so |then |and |fine |right |thanks |great |yeah |yes |pls |please |kindly )*"
    r"((can|could|would|will) (you|u) )?(please |pls |just )?put (that|it|this|everything|all (this|that)) (in|into) "
    r"(a|the|my) (ticket|summary|ticket summary|report)\b[\w ,.-]{0,80}$|"
    # "put it in the ticket as awaiting HR decision": the ticket, with the status it is to have
    r"^(ok |okay |so |then |and |fine |right |thanks |great |pls |please )*(put|add|note|log|record) (it|this|that|all "
    r"(this|that)) (in|on|to|into) (the |my )?(ticket|case|summary)( as [\w ,/-]{1,80})?$|"
    # "not sure, can you escalate this": nothing to answer, the escalation asked for
    r"^(not sure|no idea|dunno|idk|i dont know|i don t know|no clue)( (so|then|ok|okay))* ((can|could|would|will) "
    r"(you|u) )?(just )?escalate( (this|it|that)( one)?)?( (to|with) [\w ]+)?( then)?$|"
    # "not fixed. escalate to tier 2", "still grey, escalate it pls": the check's result, then the escalation
    r"^((still |its still |it s still )?(not fixed|not working|broken|grey|gray|greyed out|greyed)|no luck|nope|no"
    r"|didnt (work|help)|did not (work|help))( still)? (pls |please )?escalate( (this|it|that))?"
    r"( (to|with) [\w ]{1,30})?( (pls|please))?$")


_UPN = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                  r"@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
_TAG = re.compile(r"</?[a-z][a-z0-9]*(\s[^>]{0,500})?/?>", re.IGNORECASE)  # Teams sends addresses as <a href=...>
UPN_PREFIX = re.compile(r"^\s*(troubleshoot(ing)?|check|diagnose|look at|investigate)?\s*(for|user|upn)\b(?![.@'+-])"
                        r"[\s:]*|"
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


def told_after_the_account(text: str) -> str:
    """What a "troubleshoot for adele@contoso.com" message says after the address ("", "she can't record ..."),
    from its next word on, without the joining words ("and", a comma)."""
    upn, _ = find_upn(text)
    at = text.find(upn) if upn else -1
    if upn is None or at < 0:
        return ""
    rest = text[at + len(upn):]
    return re.sub(r"^[\s>)\]}\"'.,;:!?-]*(?:(?:and|but|so|who)\b\s*[,:;-]?\s*(?=\S))?", "", rest,
                  count=1, flags=re.IGNORECASE).strip() if rest.strip(" .,;:!?") else ""


def is_bare_address(text: str) -> bool:
    """Whether a whole message is one address, as an agent pastes the caller's account ("adele@contoso.com")."""
    return _regex(r"^\s*((its|it's|user|upn|account|for)\s*:?\s*)?<?[\w.+'-]+@[\w-]+(\.[\w-]+)+>?\s*[.!]?\s*$"
                  ).search(text.lower()) is not None


def is_upn_request(text: str) -> bool:
    """Whether a message names the account the checks are about.

    "troubleshoot for ..." always does (an invalid UPN then gets a clear message);
    the looser forms ("check for", "user is") only when an address is there.
    """
    lowered = text.lower()
    if _regex(rf"(^|[.!?]\s+)\s*{_NEXT_CASE}troubleshoot(ing)?\s+for\b").search(lowered):  # "thats all we got.
        # troubleshoot for dev@...": the next ticket, after a word on the last
        return True
    named = _regex(r"^\s*((check|diagnose|investigate)\s+for|(the\s+)?(upn|user principal name)|(the\s+)?user\s+is)\b")
    next_one = _regex(rf"^\s*{_NEXT_CASE}{_A_NEW_CASE}\W+([a-z]+\W+){{0,3}}[\w.+'-]+@")
    return "@" in lowered and (named.search(lowered) is not None or next_one.search(lowered) is not None)


def tells_the_next_ticket(text: str) -> bool:
    """Whether a message says it is about another ticket ("ok next one: troubleshoot for ...", "different ticket now,
    bob@... can't find his recording"), whatever account it names."""
    return _regex(rf"(^|[.!?]\s+)\s*{_LEAD_IN}{_A_NEW_CASE}\W").search(text.lower()) is not None


# "ok next one:", "different ticket now," before the account of the next ticket in a queue
_LEAD_IN = r"((ok|okay|k|so|right|alright|now|and)\W+)*"
_A_NEW_CASE = r"((next|new|another|different|other) (one|ticket|user|case|caller|incident)|next)( (now|please|pls))?"
_NEXT_CASE = rf"{_LEAD_IN}({_A_NEW_CASE}\W+)?"
