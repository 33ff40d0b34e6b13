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
from functools import lru_cache

from knowledge.store import Knowledge

from dialogs import flow
from dialogs.cards import command_card, confirm_card, question_card, with_details
from dialogs.pasted import POLICY_OF_CHECK
from dialogs.render import Renderer
from dialogs.replies import Reply
from dialogs.session import CLIENTS, REMARKS, Session

MAX_WORDS = 120
_INTRO = re.compile(r"(?:^|(?<=[.!?*_)]\s))([^.!?]*:)\s*$")


_COMMAND_BLOCK = re.compile(r"```powershell\n.*?\n```", re.DOTALL)
_PLAIN_POLICY_NAME = re.compile(r"[\w.-]+(?: [\w.-]+)*")  # what may go into a command as -Identity, quoted if spaced


def without_commands_in(text: str, later: str) -> str:
    """``text`` without the PowerShell blocks that ``later``, shown after it in the same reply, repeats."""
    for block in _COMMAND_BLOCK.findall(later):
        text = text.replace(block, "")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def policy_argument(name: str | None) -> str | None:
    """A policy name the person pasted, as a command's ``-Identity`` takes it; None (the command keeps its
    ``POLICY-NAME``) for a name that is not plain words, since the admin runs what we print."""
    if not name or not _PLAIN_POLICY_NAME.fullmatch(name):
        return None
    return f'"{name}"' if " " in name else name


def topic_still_open(session: Session) -> bool:
    """Whether the first message's topic may still be the cause: its own check is unanswered, or answered so."""
    topic = session.data["topic"]
    check = flow.TOPIC_CHECK.get(topic or "")
    if check is None or check not in session.answers:
        return True
    return flow.FINDINGS.get((check, session.answers[check])) == topic


def named_policies(session: Session) -> dict[str, str]:
    """The policies a fix names: the person's, as known (``Get-CsOnlineUser``, named in words), or else the one whose
    setting was pasted for a check ("Identity : Tag:Sales / AllowCloudRecording : False": "turn it on in Sales").
    Only the fix: what is known to be assigned still decides whether to ask which policy the person has."""
    known = session.data.get("policies") or {}
    answers = session.answers
    pasted = {kind: name for check, (kind, name) in _pasted_persons(session).items()
              if answers.get(check) != "on"}  # a policy pasted with recording on is not the one to turn it on in
    return {**pasted, **known} if pasted else known


def _pasted_persons(session: Session) -> dict[str, tuple[str, str]]:
    """The person's policies whose settings were pasted: check -> (kind of policy, its name); not the organizer's."""
    return {check: (POLICY_OF_CHECK[check], name) for check, name in (session.data.get("pasted_from") or {}).items()
            if check in POLICY_OF_CHECK and check != "check_organizer_policy"}


# The policy check behind each cause that a policy's setting is ("policy_user": "check_policy")
_CHECK_OF_CAUSE = {cause: check for (check, answer), cause in flow.FINDINGS.items() if check in POLICY_OF_CHECK}


def policy_of_cause(session: Session, cause: str) -> str | None:
    """The policy a cause's setting is off in, for the ticket's fix: the one it was pasted from, or else the person's
    own of that kind, unless a new one was assigned since (then the old one is not known to be theirs)."""
    check = _CHECK_OF_CAUSE.get(cause)
    if check is None:
        return None
    if named := (session.data.get("pasted_from") or {}).get(check):
        return named
    if check in ("check_organizer_policy", "check_events_policy") or "policy_changed" in session.data["flags"]:
        return None
    return (session.data.get("policies") or {}).get(POLICY_OF_CHECK[check])


def replaced_policies(session: Session) -> dict[str, str]:
    """The person's policies pasted at a check, since replaced by another assigned ("Global, was NoRecording")."""
    known = session.data.get("policies") or {}
    return {kind: name for kind, name in _pasted_persons(session).values()
            if known.get(kind, name).lower() != name.lower()}


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
    if (not match or match.start(1) == 0) and last.startswith("**Fix:**"):
        shown[-1] = last[:-1].rstrip() + "."  # the fix stays in sight; only what it rests on waits behind "Why?"
        return ""
    if not match or match.start(1) == 0:
        return shown.pop()
    shown[-1] = last[:match.start(1)].rstrip()
    return match.group(1).strip()


def _tidy(text: str) -> str:
    out: list[str] = []
    for line in (raw.rstrip() for raw in text.strip().splitlines()):
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


class Composer:
    """What a person sees: replies built from the session and the templates, and the templates' context.

    The static words (questions, button titles, names of causes and fixes) are rendered once per
    audience; everything said about a session is rendered from its data each turn.
    """

    def __init__(self, kb: Knowledge, render: Renderer):
        self.kb, self.render = kb, render
        render.env.filters["policy_arg"] = policy_argument
        self.words = {}
        for agent in (False, True):
            self.words[agent, False] = self.words_for(agent)
            self.words[agent, True] = self.for_a_channel(self.words[agent, False], agent)
        self._why_sections = {state: [(entry, kb.cite(entry)) for entry in flow.WHY.get(state, ())]
                              for state in flow.CHECKS}
        self._source_lines = lru_cache(maxsize=1024)(self._render_sources)
        self._understood_lines = lru_cache(maxsize=1024)(self._render_understood)

    def welcome_buttons(self, agent: bool) -> list[tuple[dict, str]]:
        return [({"state": "welcome", "answer": "start"}, self.block("welcome.j2", "choice_start", agent)),
                ({"command": "agent"}, self.block("welcome.j2", "choice_agent", agent)),
                ({"command": "help"}, self.block("welcome.j2", "choice_help", agent))]

    def confirm(self, session: Session, state: str, choice: str, admin_notice: bool = False) -> Reply:
        """ "So it's off?": one line and Yes / No, instead of recording a guess (or what Teams said of an admin)."""
        session.data["confirm"] = [state, choice]
        context = self.context(session, None)
        title = self.words_of(session, session.agent)["titles"][state][choice]
        question = self.render.page("confirm.j2", **{**context, "state": state, "choice": choice, "title": title,
                                                     "admin_notice": admin_notice})
        card = confirm_card(state, choice, question, self.block("confirm_buttons.j2", "yes", session.agent),
                            self.block("confirm_buttons.j2", "no", session.agent))
        return Reply("", card, None, "confirm")

    def confirm_change(self, session: Session, correction) -> Reply:
        """ "Should I change your role from Organizer to Presenter?": a correction said with a doubt, asked first."""
        session.data["confirm"] = [correction.state, correction.now]
        question = self.render.page("confirm_change.j2", check=correction.state, was=correction.was,
                                    now=correction.now, **self.context(session, None))
        card = confirm_card(correction.state, correction.now, question,
                            self.block("confirm_buttons.j2", "yes", session.agent),
                            self.block("confirm_buttons.j2", "no", session.agent))
        return Reply("", card, None, "confirm_change")

    def enter(self, session: Session, preface: str, kb=None) -> Reply:
        """What the user sees on arriving in a state: what led here, the step's own text, its question."""
        kb, state = kb or self.render.citing(), session.state
        context = self.context(session, kb)
        announce = still_read(session, session.data.pop("announce", None))
        parts = [self.render.page("read_from_teams.j2", read=announce, **context) if announce else "", preface]
        if state == "diagnosis":
            parts.append(self.render.block("diagnosis.j2", "body", **context))
        elif state in flow.END_STATES:
            parts.append(self.render.block(f"{state}.j2", "text", **context))
        elif self.render.has_block(f"{state}.j2", "intro"):
            intro = self.render.block(f"{state}.j2", "intro", **context)
            parts = [without_commands_in(part, intro) for part in parts] + [intro]
        value = session.value() if state in ("diagnosis", *flow.END_STATES) else None
        return self.short("\n\n".join(p for p in parts if p), kb, session, value, state)

    def reask(self, session: Session, text: str, kb=None, whole: bool = False, updates_behind: bool = False) -> Reply:
        """A message followed by the pending question again (or the welcome's buttons before any)."""
        announce = still_read(session, session.data.pop("announce", None))
        if announce:
            text = "\n\n".join(p for p in (self.render.page("read_from_teams.j2", read=announce,
                                                              **self.context(session, None)), text) if p)
        if session.state == "welcome":
            return Reply(text, self.card(session), None, "welcome")
        if whole:  # "why": the guide's words are what was asked for (why a question is asked: the dated updates to
            sources = self.sources_line(kb.sources()) if kb and kb.sources() else ""  # them one click away)
            guide, updates = _updates_apart(text) if updates_behind else (text, "")
            card = self.card(session)
            if card is not None and updates:
                card = with_details(card, self.block("confirm_buttons.j2", "details", session.agent),
                                    "\n\n".join(p for p in (updates, sources) if p))
            return Reply("\n\n".join(p for p in (guide, sources) if p), card, None, session.state, updates)
        return self.short(text, kb, session, None, session.state)

    def short(self, text: str, kb, session: Session, value: dict | None, template: str) -> Reply:
        """The reply as people see it: the bot's own words and one source up front, the rest behind "Why?"."""
        shown, quoted = split_quotes(text)
        sources = kb.sources() if kb else []
        if sources and shown:
            shown += "\n\n" + self.sources_line(sources[:1])
        details = "\n\n".join(p for p in (quoted, self.sources_line(sources) if sources else "") if p)
        card = self.card(session)
        if card is not None and details:
            card = with_details(card, self.block("confirm_buttons.j2", "details", session.agent), details)
        return Reply(shown, card, value, template, details)

    def sources_line(self, sources: list[dict]) -> str:
        """The "Source:" line of these citations, rendered once per set of sections (replies cite the same few)."""
        return self._source_lines(tuple((c["document"], c["section"], c.get("url")) for c in sources))

    def _render_sources(self, cited: tuple[tuple[str, str, str | None], ...]) -> str:
        return self.render.page("sources.j2", sources=[{"document": document, "section": section,
                                                        **({"url": url} if url else {})}
                                                       for document, section, url in cited])

    def card(self, session: Session) -> dict | None:
        state = session.state
        if state == "welcome":  # the welcome's buttons under a short question: its text was said already
            return command_card(self.block("welcome.j2", "question", session.agent),
                                self.welcome_buttons(session.agent))
        choices = list(self.shown(session, state).items())
        return question_card(state, self.words_of(session, session.about_someone)["questions"][state], choices)

    def context(self, session: Session, kb) -> dict:
        """What every template may use. What only the write-up uses (where each answer came from, the checks
        left unverified, the sections behind the checks) is a function, worked out when it renders."""
        words = self.words_of(session, session.agent)
        findings = session.findings()
        if ("check_meeting_role", "meeting_role") in findings and session.answers["check_meeting_role"] == "presenter":
            cause, fix = words["left_out"]
            words = {**words, "causes": {**words["causes"], "meeting_role": cause},
                     "fixes": {**words["fixes"], "meeting_role": fix}}
        return dict(
            agent=session.agent, someone=session.about_someone and not session.agent, upn=session.data["upn"],
            topic=session.data["topic"], kb=kb,
            cause=findings[-1][1] if findings else None, causes=list(dict.fromkeys(c for _, c in findings)),
            checks=session.checks,
            found=lambda: next(reversed(session.findings()), None), slow_fixes=flow.SLOW_FIXES,
            unverified=lambda: session.unverified, unchecked=lambda: session.unchecked,
            sections=lambda: self.sections(session, dated=False),
            updates=lambda: self.sections(session, dated=True),
            contradictions=session.contradictions, kind=session.kind,
            organizer_upn=session.data["upn"] if session.recorder_is_organizer else None,
            question_of=lambda s: words["questions"][s], title_of=lambda s, a: words["titles"][s][a],
            short_of=lambda s: words["short"][s], cause_names=words["causes"], cause_fixes=words["fixes"],
            topic_name=lambda t: words["titles"]["clarify"][t],
            checks_offered=lambda: [c for c in flow.CHECK_OF_OFFER if self.offered(session, "offer", c)],
            reported_of=lambda t: words["reported"].get(t) or words["titles"]["clarify"].get(t, t),
            find_out=lambda: self.find_out(session, kb), explain=lambda: self.find_out(session, kb, explain=True),
            rule=lambda: self.rule(session, kb), topic_open=lambda: topic_still_open(session),
            reported=_reported_label(session, words["reported"]),
            said=session.data.get("reported"), reference=session.data.get("reference"),
            provenance=session.provenance, ticket=session.ticket(), symptom=session.symptom,
            flags=session.data.get("flags", []), channel="channel" in session.data["flags"],
            state=session.data["state"], client=session.client,
            client_name=words["clients"].get(session.client or ""),
            remarks=[words["remarks"][f] for f in session.data.get("flags", []) if f in REMARKS],
            policies=session.data.get("policies") or {}, fix_policies=named_policies(session),
            policy_of_cause=lambda cause: policy_of_cause(session, cause), replaced=lambda: replaced_policies(session),
            confirming=_a_check_confirming(session),
        )

    def find_out(self, session: Session, kb, explain: bool = False, about: str | None = None) -> str:
        """How to find out a check's answer (its `unsure` text), for "how would I know?"; what the pending
        question asks (its `explain` text), for "what do you mean?". ``about``: a check the question names
        other than the pending one. A check's explanation stands in for a missing `unsure` text, and back."""
        state = about or session.state
        if kb is None:
            return ""
        if not explain and self.render.has_block(f"{state}.j2", "find_out"):  # where `unsure` is no way to find out
            return self.render.block(f"{state}.j2", "find_out", **self.context(session, kb))
        if explain and state == session.state and self.render.has_block(f"{state}.j2", "meaning"):
            return self.render.block(f"{state}.j2", "meaning", **self.context(session, None))  # a cause, in words
        unsure = state in flow.CHECKS and self.render.has_block(f"{state}.j2", "unsure")
        if (explain or not unsure) and state == session.state and self.render.has_block(f"{state}.j2", "explain"):
            return self.render.block(f"{state}.j2", "explain", **self.context(session, None))
        if not unsure:
            return ""
        return self.render.block(f"{state}.j2", "unsure", agent=session.agent, upn=session.data["upn"], kb=kb,
                                 organizer_upn=None, kind=session.kind, channel="channel" in session.data["flags"],
                                 someone=session.about_someone and not session.agent,
                                 you_organize=not session.about_someone and session.recorder_is_organizer)

    def rule(self, session: Session, kb) -> str:
        """The guide's (or the updates') words that make the cause found a cause, for "why can't I?": what the
        diagnosis keeps behind "Why?", asked for now."""
        findings = session.findings()
        if not findings or kb is None:
            return ""
        return self.render.block(f"causes/{findings[-1][1]}.j2", "rule", **self.context(session, kb))

    def sections(self, session: Session, dated: bool) -> list[str]:
        """The sections behind the checks answered so far, for ticket summaries: the guide's, or
        (``dated``) those of the updates document, whose facts carry a date and a public page."""
        return list(dict.fromkeys(
            cited["section"] for state, answer in session.checks.items() for entry, cited in self._why_sections[state]
            if ("date" in cited) == dated and answer in flow.WHY_LISTED_FOR.get((state, entry), (answer,))))

    def words_of(self, session: Session, agent: bool) -> dict:
        """The questions, buttons and names in the words for this audience and this kind of meeting."""
        return self.words[agent, "channel" in session.data["flags"]]

    def for_a_channel(self, words: dict, agent: bool) -> dict:
        """The words of a channel meeting: its recording goes to the channel's SharePoint site, so the storage check
        asks about that site, and its cause and fix name it; every other word is the same."""
        block = lambda template, name: self.block(template, name, agent, channel=True)  # noqa: E731
        return {**words,
                "questions": {**words["questions"], "check_onedrive": block("check_onedrive.j2", "question")},
                "short": {**words["short"], "check_onedrive": block("names.j2", "short_check_onedrive")},
                "causes": {**words["causes"], "onedrive_storage": block("names.j2", "cause_onedrive_storage")},
                "fixes": {**words["fixes"], "onedrive_storage": block("names.j2", "fix_onedrive_storage")}}

    def words_for(self, agent: bool) -> dict:
        block = lambda template, name: self.block(template, name, agent)  # noqa: E731
        return {
            "questions": {s: block(f"{s}.j2", "question") for s in flow.CHOICES},
            "titles": {s: {c: block(f"{s}.j2", f"choice_{c}") for c in flow.CHOICES[s]} for s in flow.CHOICES},
            "call_onedrive_check": block("offer.j2", "choice_onedrive_check_call"),
            "short": {s: block("names.j2", f"short_{s}") for s in flow.CHECKS},
            "causes": {c: block("names.j2", f"cause_{c}") for c in flow.CAUSES},
            "fixes": {c: block("names.j2", f"fix_{c}") for c in flow.CAUSES},
            # a presenter's role, the cause where the organizer's choice leaves presenters out
            "left_out": (block("names.j2", "cause_presenters_left_out"), block("names.j2", "fix_presenters_left_out")),
            "clients": {c: block("names.j2", f"client_{c}") for c in CLIENTS},
            "remarks": {r: block("names.j2", f"remark_{r}") for r in REMARKS},
            "reported": {k: block("names.j2", f"reported_{k}") for k in (*flow.CHOICES["triage"], *flow.TOPICS)
                         if self.render.has_block("names.j2", f"reported_{k}")},
        }

    def block(self, template: str, name: str, agent: bool, channel: bool = False) -> str:
        return self.render.block(template, name, agent=agent, upn=None, channel=channel)

    def titles(self, session: Session, state: str) -> dict[str, str]:
        """The buttons' words: about "the person" for an agent, and for an end user telling of a colleague; a call,
        which has no organizer, has its recorder's OneDrive checked."""
        words = self.words_of(session, session.about_someone)
        if state == "offer" and session.kind == "call":
            return {**words["titles"][state], "onedrive_check": words["call_onedrive_check"]}
        return words["titles"][state]

    def shown(self, session: Session, state: str) -> dict[str, str]:
        """The buttons of the state's card, in order: choice id -> title ("Is it one of these?": best first)."""
        titles = self.titles(session, state)
        order = [*session.data["candidates"], "other"] if state == "clarify" else flow.CHOICES[state]
        return {c: titles[c] for c in order if self.offered(session, state, c)}

    def offered(self, session: Session, state: str, choice: str) -> bool:
        if choice not in flow.CHOICES.get(state, ()):
            return False
        if state == "offer":  # a channel meeting's recording is in the channel's SharePoint, not a OneDrive
            return choice in flow.TOPIC_OFFERS.get(session.data["topic"] or "other", ()) \
                and not (choice == "onedrive_check" and "channel" in session.data["flags"]) \
                and flow.CHECK_OF_OFFER.get(choice) not in session.answers  # a check answered is not offered again
        if state == "check_onedrive" and choice == "no":  # a channel's SharePoint site is there: only its space
            return "channel" not in session.data["flags"]
        if state == "clarify":
            return choice in session.data["candidates"] or choice == "other"
        return True

    def pending(self, session: Session) -> bool:
        return session.state != "welcome"

    def understood(self, session: Session, noted: list[tuple[str, str]] | None, again: bool = False) -> str:
        """One line of what a message was taken to say, so a wrong reading can be corrected; ``again``: what it
        says that was said before ("I already told you I'm the organizer"): "Yes, I have that: ..."."""
        if not noted:
            return ""
        channel = "channel" in session.data["flags"]
        said = (("channel", "yes") if channel and n == (flow.KIND_CHECK, "meeting") else tuple(n) for n in noted)
        return self._understood_lines(session.about_someone, channel, tuple(dict.fromkeys(said)), again)

    def _render_understood(self, agent: bool, channel: bool, noted: tuple[tuple[str, str], ...],
                           again: bool = False) -> str:
        """The line depends on the audience, the kind of meeting and the answers alone, so each is rendered once."""
        words = self.words[agent, channel]
        return self.render.page("understood.j2", noted=noted, agent=agent, again=again, channel=channel,
                                short_of=lambda s: words["short"][s], title_of=lambda s, a: words["titles"][s][a])


def still_read(session: Session, announce: list | None) -> list:
    """What Teams showed, to say once, less what the same message said otherwise ("I'm a guest in the meeting",
    from a member of this organization: a guest in another's), which is what the checks now go on."""
    if not announce:
        return []
    how, answers = session.data["how"], session.answers
    return [step for step in announce if answers.get(step[0]) == step[1] and how.get(step[0]) == "read"]


def _a_check_confirming(session: Session) -> list | None:
    """A check's typed answer waiting for "yes", not yet among the answers (the ticket lists it as not yet
    confirmed); not "did that fix it?", whose confirmation is no check's answer."""
    confirm = session.data.get("confirm")
    return confirm if confirm and confirm[0] in flow.CHECKS and confirm[0] not in session.checks else None


def _reported_label(session: Session, labels: dict[str, str]) -> str | None:
    """What the first message was read as, for the ticket; not once an answer since says otherwise ("a full
    employee", after a first message read as an outsider's who can't record)."""
    topic = session.answers.get("triage") or session.data["topic"] or ""
    check = flow.TOPIC_CHECK.get(topic) if topic != "start" else None
    answer = session.answers.get(check) if check else None
    if check and answer not in (None, "unsure") and flow.FINDINGS.get((check, answer)) != topic:
        return None
    return labels.get(topic)


def _updates_apart(text: str) -> tuple[str, str]:
    """The guide's quoted words, and the dated updates quoted after them ("> **Update, 2024:** ..."), apart."""
    blocks = text.split("\n\n")
    updates = [block for block in blocks if block.lstrip().startswith("> **Update,")]
    return "\n\n".join(block for block in blocks if block not in updates), "\n\n".join(updates)
