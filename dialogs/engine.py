"""The conversation engine: the user's input and the saved session in, replies and the new session out.

Plain Python on purpose: no botbuilder, no I/O. A host (``bot/``, the terminal
chat, the tests) calls :meth:`Engine.turn` and stores the returned session.
One :class:`transitions.Machine` serves every session: each turn attaches the
session model with its saved state, fires one trigger, and detaches it.
"""
from __future__ import annotations

import re

from transitions import Machine

from knowledge.store import Knowledge, load

from dialogs import flow
from dialogs.cards import command_card, confirm_card, question_card, with_details
from dialogs.compose import split_quotes
from dialogs.corrections import Correction, corrected_answer, replace, stated_changes
from dialogs.followups import read_followup
from dialogs.pasted import SETTINGS, looks_pasted, read_pasted
from dialogs.reading import Facts, ordinal, read_answer, read_facts, respelled
from dialogs.render import Renderer
from dialogs.replies import Reply, TurnInput, TurnResult
from dialogs.session import MAX_REPORTED, Session, new_session, restore
from dialogs.triage import Triager
from dialogs.understand import find_upn, is_upn_request, match_choice, parse_command

MAX_TEXT = 2000  # longer messages are read up to here; nobody types a longer question
QUESTION_STATES = tuple(s for s in flow.CHOICES if s not in flow.END_STATES)
# Where a typed message is a description to triage, not an answer: only a number or a button's title answers.
DESCRIBING_STATES = ("welcome", "triage", "clarify", *flow.END_STATES)
# Follow-up questions whose answer is a fact: asked in a first message, the fact comes before the check.
FIRST_MESSAGE_FOLLOWUPS = ("external_ok", "length_limit", "who_can_record", "agree_later", "guest_vs_federated",
                           "screen_recorder", "how_long")
_YES = {"yes", "y", "yep", "yeah", "yup", "correct", "right", "exactly", "thats right", "that is right", "indeed", "ja"}
_NO = {"no", "n", "nope", "nah", "wrong", "not quite", "no thats wrong", "thats wrong", "incorrect"}


def build_machine() -> Machine:
    """The machine declared in dialogs.flow, without models: sessions come and go per turn."""
    return Machine(model=None, states=list(flow.STATES), transitions=flow.expand(), initial="welcome",
                   auto_transitions=False, send_event=True, after_state_change="remember_state")


class Engine:
    def __init__(self, knowledge: Knowledge | None = None):
        self.kb = knowledge or load()
        self.render = Renderer(self.kb)
        self.triage = Triager(self.kb)
        self.machine = build_machine()
        self._idle: list[Session] = []
        self.words = {agent: self._words_for(agent) for agent in (False, True)}
        cites = {state: [self.kb.cite(e) for e in flow.WHY.get(state, ())] for state in flow.CHECKS}
        self._why_sections = {state: [(c["section"], "date" in c) for c in found] for state, found in cites.items()}

    # --- the public surface ---------------------------------------------------
    def welcome(self, audience: str = "user") -> list[Reply]:
        """The card sent once when the bot is added to a conversation."""
        agent = audience == "agent"
        card = command_card(self._block("welcome.j2", "text", agent), self._welcome_buttons(agent),
                            title=self._block("welcome.j2", "title", agent))
        return [Reply(card=card, template="welcome")]

    def _welcome_buttons(self, agent: bool) -> list[tuple[dict, str]]:
        return [({"state": "welcome", "answer": "start"}, self._block("welcome.j2", "choice_start", agent)),
                ({"command": "agent"}, self._block("welcome.j2", "choice_agent", agent)),
                ({"command": "help"}, self._block("welcome.j2", "choice_help", agent))]

    def turn(self, saved: dict | None, inp: TurnInput) -> TurnResult:
        """Apply one user input to a saved session (None for a new conversation)."""
        session = self._attach(restore(saved) if saved is not None else new_session())
        try:
            outcome, replies = self._dispatch(session, inp)
        finally:
            self._idle.append(session)
        return TurnResult(replies, session.data, session.data["state"], outcome)

    def _attach(self, data: dict) -> Session:
        """A model on the machine, holding this session's data, in its saved state (no on_enter runs).

        Models stay on the machine between turns and only their data changes:
        ``add_model`` binds some fifty trigger methods each time, which was half
        the cost of a turn. A turn runs to completion without awaiting, so a model
        is never shared by two turns at once.
        """
        session = self._idle.pop() if self._idle else self._new_model()
        session.data, session.entered = data, []
        self.machine.set_state(data["state"], model=session)
        return session

    def _new_model(self) -> Session:
        session = Session(new_session())
        self.machine.add_model(session, initial="welcome")
        return session

    def ask(self, text: str) -> dict:
        """One message answered without a conversation: the CLI's ``ask`` and integrations."""
        result = self.triage(_clip(text))
        kb = self.render.citing()
        context = self._context(Session(new_session()), kb)
        answer = self.render.page(f"topics/{result.topic}.j2", candidates=result.candidates,
                                  redirect=result.redirect, **context)
        reply = {"topic": result.topic, "answer": answer, "sources": kb.sources()}
        return {**reply, "candidates": list(result.candidates)} if result.topic == "unclear" else reply

    def explain(self, text: str) -> str:
        """Why a message gets its topic: the cues, the model's ranking, the nearest examples."""
        return self.triage.explain(_clip(text))

    def apology(self, reference: str) -> Reply:
        return Reply(text=self.render.page("apology.j2", reference=reference), template="apology")

    def try_again(self) -> Reply:
        return Reply(text=self.render.page("try_again.j2"), template="try_again")

    # --- one turn ---------------------------------------------------------------
    def _dispatch(self, session: Session, inp: TurnInput) -> tuple[str, list[Reply]]:
        read = self._take_read(session, inp.read) if isinstance(inp.read, dict) and inp.read else []
        if isinstance(inp.value, dict) and inp.value:
            return self._on_click(session, inp.value)
        raw = inp.text[:MAX_TEXT] if isinstance(inp.text, str) else ""
        text = _clip(raw)
        if not text:
            return "empty", [self._reask(session, self.render.page("empty.j2", pending=self._pending(session)))]
        command = parse_command(text)
        if command:
            return f"command:{command}", self._command(session, command)
        if is_upn_request(text):
            return "upn", [self._set_upn(session, text)]
        text = respelled(text)
        confirmed = self._confirmation(session, text)
        if confirmed:
            return confirmed
        picked = ordinal(text)
        if picked and len(session.data["problems"]) > 1 and picked <= 2:  # "the second one": their problems, not a button
            return "problem", [self._pick_problem(session, picked)]
        facts = read_facts(text, session.agent)
        self._note_context(session, facts)
        state = session.state
        if state not in DESCRIBING_STATES and _mentions_settings(raw):
            pasted = self._pasted(session, raw)
            if pasted:
                return pasted
        correction = self._correction_in(session, text)
        if correction:
            return "correction", [self._correct(session, [correction])]
        if state not in DESCRIBING_STATES or (state == "welcome" and not session.data["trail"]):
            answered = self._typed_answer(session, text, facts)
            if answered:
                return answered
        elif state in ("triage", "clarify"):
            picked = read_answer(state, text, self._shown(session, state))
            if picked is not None and picked.choice and (picked.basis in ("button", "title") or (
                    state == "triage" and picked.sure and self._first_problem(text).topic in ("unclear", "other"))):
                return "answer", [self._answer(session, picked.choice, "typed")]  # "can't find it": that button
        if state in ("clarify", *flow.END_STATES) and read_followup(text):
            return "question", [self._answer_question(session, text, facts)]
        if state in DESCRIBING_STATES:
            topic, preface, kb = self._triage(session, text, facts, read, raw)
            return f"triage:{topic}", [self._enter(session, preface, kb)]
        return "question", [self._answer_question(session, text, facts)]

    def _typed_answer(self, session: Session, text: str, facts: Facts) -> tuple[str, list[Reply]] | None:
        """A typed answer to the pending question: recorded, confirmed first when unsure, or awaited."""
        state = session.state
        reading = read_answer(state, text, self._shown(session, state))
        if reading is None:
            return None
        if reading.waiting:
            return "waiting", [self._reask(session, self.render.page("waiting.j2", **self._context(session, None)))]
        if not reading.choice or not self._offered(session, state, reading.choice):
            return None
        others = {s: a for s, a in facts.answers.items() if s != state}
        if others and reading.basis == "interjection":
            return None  # "no, she's a guest": the no is about the question, the guest is the answer
        if not reading.sure:
            return "confirm", [self._confirm(session, state, reading.choice)]
        noted = self._keep_stated(session, others, "typed")
        return "answer", [self._answer(session, reading.choice, "typed", noted)]

    def _pasted(self, session: Session, text: str) -> tuple[str, list[Reply]] | None:
        """Command output (or a setting typed as PowerShell shows it): every check it settles, quoted."""
        pasted = read_pasted(text)
        state = session.state
        answers = dict(pasted.answers)
        if state == "check_organizer_policy" and "check_policy" in answers:
            answers["check_organizer_policy"] = answers.pop("check_policy")  # the output asked for was the organizer's
        upn = pasted.values.get("userprincipalname")
        context = self._context(session, None)
        if upn and session.data["upn"] and upn.lower() != session.data["upn"].lower():
            text = self.render.block("pasted.j2", "other_user", shown=upn, **context)
            return "pasted_other", [self._reask(session, text)]
        if not answers:
            if not looks_pasted(text):
                return None
            return "pasted_unread", [self._reask(session, self.render.block("pasted.j2", "unread", **context))]
        lines = [pasted.lines[key] for key in pasted.lines if key in SETTINGS]
        preface = self.render.block("pasted.j2", "read", lines=lines, **context)
        others = {s: a for s, a in answers.items() if s != state}
        noted = self._keep_stated(session, others, "pasted")
        if state in answers and self._offered(session, state, answers[state]):
            reply = self._answer(session, answers[state], "pasted")
            return "pasted", [replace_text(reply, preface + ("\n\n" + reply.text if reply.text else ""))]
        if noted and session.latest_cause:
            session.trigger("jump_diagnosis")
            return "pasted", [self._enter(session, preface)]
        return "pasted", [self._reask(session, preface)]

    def _confirmation(self, session: Session, text: str) -> tuple[str, list[Reply]] | None:
        """The reply to "So it's off?": yes records it, no asks the question again, anything else is read afresh."""
        pending = session.data.get("confirm")
        session.data["confirm"] = None
        if not pending or pending[0] != session.state:
            return None
        state, choice = pending
        said = " ".join(text.lower().replace("’", "'").replace("'", "").strip(" .!").split())
        sure = read_answer(state, text, self._shown(session, state))
        if sure is not None and sure.choice and sure.sure and sure.basis not in ("interjection",):
            return None  # a full answer ("no, it's on"): read as any answer
        if said in _YES or said.startswith(("yes ", "yep ", "yeah ")):
            return "answer", [self._answer(session, choice, "typed")]
        if said in _NO or said.startswith(("no ", "nope ")):
            return "confirm_no", [self._enter(session, self.render.page("confirm_no.j2"))]
        return None

    def _on_click(self, session: Session, value: dict) -> tuple[str, list[Reply]]:
        """A card button: a command, an answer to the pending question, or an old card."""
        if value.get("command") in ("restart", "back", "help", "why", "summary", "agent", "user"):
            return f"command:{value['command']}", self._command(session, value["command"])
        state, answer = value.get("state"), value.get("answer")
        if value.get("confirm") == "no" and state == session.state:
            session.data["confirm"] = None
            return "confirm_no", [self._enter(session, self.render.page("confirm_no.j2"))]
        session.data["confirm"] = None
        if state != session.state:
            again = self._clicked_again(session, state, answer)
            if again:
                return again
            text = self.render.page("stale_card.j2", pending=self._pending(session))
            return "stale_card", [self._reask(session, text)]
        if not isinstance(answer, str) or not self._offered(session, state, answer):
            return "unknown_answer", [self._reask(session, self.render.page("unknown_answer.j2"))]
        return "answer", [self._answer(session, answer, "clicked")]

    def _clicked_again(self, session: Session, state, answer) -> tuple[str, list[Reply]] | None:
        """A button that is no longer the pending question's, but is no mistake either.

        The second click of a double-click repeats the answer just recorded: it was answered
        once, and is not answered again. "Start troubleshooting" on an old welcome card
        carries on with the check in progress, or starts a new one after it ended.
        """
        trail = session.data["trail"]
        if state == "welcome" and answer == "start":
            if session.state == "triage" and not trail:
                return "repeat", []
            if session.state in flow.END_STATES:
                return "command:restart", [self._cmd_restart(session)]
            return "continue", [self._reask(session, self.render.page("continue.j2"))]
        if trail and trail[-1] == [state, answer]:
            return "repeat", []
        return None

    def _answer(self, session: Session, choice: str, how: str = "clicked",
                noted: list[tuple[str, str]] | None = None) -> Reply:
        """Record the answer, say how to find out when it is `unsure`, and move on."""
        state, kb = session.state, self.render.citing()
        if state == "welcome":
            session.trigger("start")
            return self._enter(session, "")
        if state in flow.END_STATES:
            return self._cmd_restart(session)
        if state == "clarify":
            return self._clarified(session, choice)
        self._record(session, state, choice, how)
        if state == "diagnosis" and choice == "fixed" and len(session.data["problems"]) > 1:
            return self._next_problem(session)
        preface = self._understood(session, noted) if noted else ""
        if choice == "unsure":
            preface = self.render.block(f"{state}.j2", "unsure", **self._context(session, kb))
        elif self.render.has_block(f"{state}.j2", f"answered_{choice}"):  # e.g. the update before the Stream checks
            preface = self.render.block(f"{state}.j2", f"answered_{choice}", **self._context(session, kb))
        if state == "triage" and choice in flow.TRIAGE_TOPIC:
            session.data["topic"] = flow.TRIAGE_TOPIC[choice]
            if choice != "missing_content":
                preface = self.render.page(f"topics/{session.data['topic']}.j2", **self._context(session, kb))
        if noted and session.latest_cause and (state, choice) not in flow.FINDINGS \
                and session.findings()[-1] in [(s, flow.FINDINGS.get((s, a))) for s, a in noted]:
            session.trigger("jump_diagnosis")  # a fact stated with the answer proved a cause
            return self._enter(session, preface, kb)
        session.trigger(choice)
        return self._enter(session, preface, kb)

    def _record(self, session: Session, state: str, choice: str, how: str) -> None:
        """An answer into the trail (replacing an earlier one to the same question) with where it came from."""
        trail = session.data["trail"]
        trail[:] = [step for step in trail if step[0] != state] if state in flow.CHECKS else trail
        trail.append([state, choice])
        session.data["how"][state] = how

    def _triage(self, session: Session, text: str, facts: Facts | None = None, read: list | None = None,
                raw: str | None = None):
        """A first message: find its topic, keep what it already answers, jump to the right step.

        Unsure of the topic, it asks "Is it one of these?" rather than guess.
        Returns the topic, the answer to show before the next question, and its citations.
        """
        result = self._first_problem(text)
        facts = facts or read_facts(text, session.agent)
        kept = {s: a for s, a in session.data["trail"] if s in flow.CHECKS and session.data["how"].get(s) == "read"}
        session.data.update(trail=[[s, a] for s, a in kept.items()], topic=result.topic,
                            candidates=list(result.candidates), reported=_trimmed(raw or text), status=None,
                            problems=self._problems_in(text, result.topic))
        session.data["how"] = {s: "read" for s in kept}
        self._note_context(session, facts)
        kb = self.render.citing()
        slots = {**result.slots, **facts.answers}
        if slots.get("check_meeting_role") == "organizer" and slots.get("check_organizer") == "someone_else":
            del slots["check_organizer"]  # the person's own statement of their role wins over a guess at the organizer
        if _mentions_settings(raw or text):
            slots.update(read_pasted(raw or text).answers)
        if result.topic in ("unclear", "other", "start"):
            proved = [flow.FINDINGS[(s, a)] for s, a in slots.items() if (s, a) in flow.FINDINGS]
            if proved and proved[0] in flow.TOPIC_CHECK:  # the message states the cause: "I'm only attending"
                result = replace_topic(result, proved[0])
                session.data["topic"] = result.topic
        if result.topic == "unclear":
            preface = self.render.block("clarify.j2", "unsure", redirect=result.redirect, **self._context(session, kb))
            session.trigger("jump_clarify")
            return result.topic, preface, kb
        preface = self.render.page(f"topics/{result.topic}.j2", redirect=result.redirect, **self._context(session, kb))
        asked = read_followup(text)
        if asked in FIRST_MESSAGE_FOLLOWUPS:  # "can I not record because of the external people?": that first
            preface = self.render.page(f"followups/{asked}.j2", pending=None, **self._context(session, kb))
        return result.topic, *self._go_to_topic(session, result.topic, slots, preface, kb)

    def _go_to_topic(self, session: Session, topic: str, slots: dict[str, str], preface: str, kb):
        """Jump to the step a topic leads to, keeping the answers the message gave: its check, the
        diagnosis when the message proves a cause, or the offer after an informational answer."""
        session.data["topic"] = topic
        noted = self._keep_stated(session, slots, "typed", pending=None)
        if noted:
            preface = "\n\n".join(p for p in (self._understood(session, noted), preface) if p)
        also = self._also_mentioned(session)
        if also:
            preface = "\n\n".join((preface, also))
        if topic not in flow.TOPIC_CHECK:
            session.trigger("jump_offer")
            return preface, kb
        target = flow.TOPIC_CHECK[topic]
        if session.latest_cause:  # the message proves the cause: the diagnosis says it all
            target, kb = "diagnosis", self.render.citing()
            preface = "\n\n".join(p for p in (self._understood(session, noted), also) if p)
        elif target in session.answers or session.moot(target):
            target = session.next_check()
        session.trigger(f"jump_{target}")
        return preface, kb

    def _clarified(self, session: Session, topic: str) -> Reply:
        """A click on "Is it one of these?": carry on as if the first message had named that topic."""
        session.data["trail"].append(["clarify", topic])
        kb = self.render.citing()
        preface = self.render.page(f"topics/{topic}.j2", **self._context(session, kb))
        return self._enter(session, *self._go_to_topic(session, topic, {}, preface, kb))

    def _answer_question(self, session: Session, text: str, facts: Facts) -> Reply:
        """Free text that answers nothing pending: what it states is kept, what it asks is answered
        (or honestly not), then the pending question comes again.

        What it states about other checks ("my manager organized it") is kept, as a first
        message's would be; when that proves a cause, the diagnosis follows.
        """
        kb = self.render.citing()
        result = self.triage(text)
        stated = {**result.slots, **facts.answers} if not read_followup(text) else facts.answers
        changes = stated_changes(session.answers, stated, session.state)
        if changes:
            return self._correct(session, changes)
        noted = self._keep_stated(session, stated, "typed")
        if noted and session.latest_cause and session.state != "diagnosis":
            session.trigger("jump_diagnosis")
            return self._enter(session, self._understood(session, noted))
        if noted and session.state in flow.CHECKS and not session.applies(session.state):
            session.trigger(f"jump_{session.next_check()}")
            return self._enter(session, self._understood(session, noted))
        context = self._context(session, kb)
        followup = read_followup(text)
        if followup:
            body = self.render.page(f"followups/{followup}.j2", pending=session.state, **context)
        elif noted:
            body = ""
        elif result.topic not in ("other", "start", "unclear") and result.topic != session.data["topic"]:
            body = self.render.page(f"topics/{result.topic}.j2", **context)
        elif result.topic == "other" and result.redirect:
            body = self.render.page("topics/other.j2", redirect=result.redirect, **context)
        else:
            body = self.render.page("no_answer.j2", text=text, pending=True, **context)
        parts = [self._understood(session, noted) if noted else "", body]
        if noted and session.contradictions:
            parts.insert(0, self.render.page("contradictions.j2", **context))
        return self._reask(session, "\n\n".join(p for p in parts if p), kb)

    def _keep_stated(self, session: Session, slots: dict[str, str], how: str = "typed",
                     pending: str | None | bool = True) -> list[tuple[str, str]]:
        """Record answers a message states for checks not yet answered (never the pending one)."""
        answered, sources = session.answers, session.data["how"]
        skip = session.state if pending is True else None
        # what the person says of themselves corrects what Teams showed ("actually I'm a guest here")
        kept = [(state, answer) for state, answer in slots.items()
                if (state not in answered or sources.get(state) == "read" and answered[state] != answer)
                and state != skip and answer in flow.CHOICES.get(state, ())]
        for state, answer in kept:
            self._record(session, state, answer, how)
        return kept

    def _understood(self, session: Session, noted: list[tuple[str, str]] | None) -> str:
        """One line of what a message was taken to say, so a wrong reading can be corrected."""
        if not noted:
            return ""
        return self.render.page("understood.j2", noted=noted, **self._context(session, None))

    def _take_read(self, session: Session, read: dict) -> list[tuple[str, str]]:
        """Facts the host read from Teams itself: recorded as read (verified), announced once."""
        fresh = [(state, answer) for state, answer in read.items()
                 if state in flow.CHECKS and answer in flow.CHOICES[state]
                 and session.answers.get(state) != answer and session.data["how"].get(state) != "typed"]
        for state, answer in fresh:
            self._record(session, state, answer, "read")
        session.data.setdefault("announce", []).extend([s, a] for s, a in fresh)
        return fresh

    def _note_context(self, session: Session, facts: Facts) -> None:
        """The account, the ticket number, a channel meeting or Stream, from wherever in a message they are."""
        if facts.upn and session.agent and not session.data["upn"]:  # another account: "troubleshoot for ..."
            session.data["upn"] = facts.upn
        if facts.reference:
            session.data["reference"] = facts.reference
        for flag, said in (("channel", facts.channel), ("stream", facts.stream)):
            if said and flag not in session.data["flags"]:
                session.data["flags"].append(flag)

    # --- two problems in one message --------------------------------------------------
    def _first_problem(self, text: str):
        """The triage of a message; when two problems in it blur the reading, the reading of the first one."""
        text = without_identifiers(text)
        result = _settled(self.triage(text))
        if result.topic not in ("unclear", "other"):
            return result
        first = self.triage.first_part(text)
        if first is None:
            return result
        part = _settled(self.triage(first))
        return part if part.topic not in ("unclear", "other") and self.triage.second_problem(
            text, part.topic) else result

    def _problems_in(self, text: str, topic: str) -> list[str]:
        """The person's problems, in their order: the topic, and a second one of another kind if the message has one."""
        if topic in ("unclear", "other"):
            return []
        second = self.triage.second_problem(without_identifiers(text), topic)
        return [topic, second] if second else [topic]

    def _also_mentioned(self, session: Session) -> str:
        problems = session.data["problems"]
        if len(problems) < 2:
            return ""
        return self.render.block("also.j2", "noticed", other=problems[1], **self._context(session, None))

    def _pick_problem(self, session: Session, n: int) -> Reply:
        """ "The first one" / "#2" after mentioning two problems: carry on with it (the other stays offered)."""
        if n == 1:
            return self._reask(session, self.render.block("also.j2", "first", other=session.data["problems"][1],
                                                          **self._context(session, None)))
        return self._next_problem(session, keep_other=True)

    def _next_problem(self, session: Session, keep_other: bool = False) -> Reply:
        """The first problem is fixed: carry on with the second one the person mentioned."""
        first, topic = session.data["problems"][:2]
        reported = session.data["reported"]
        kb = self.render.citing()
        session.data.update(trail=[], topic=topic, problems=[topic, first] if keep_other else [topic], reported=reported,
                            how={}, confirm=None)
        preface = self.render.block("also.j2", "next", other=topic, **self._context(session, kb))
        body = self.render.page(f"topics/{topic}.j2", **self._context(session, kb))
        preface, kb = self._go_to_topic(session, topic, {}, "\n\n".join((preface, body)), kb)
        return self._enter(session, preface, kb)

    # --- corrections of earlier answers ---------------------------------------------
    def _correction_in(self, session: Session, text: str) -> Correction | None:
        """The earlier answer a message like "sorry, it's off" corrects, if it is one."""
        if session.state in ("welcome", "triage") or not session.data["trail"]:
            return None
        read = lambda state, rest: match_choice(state, rest, self._shown(session, state))  # noqa: E731
        return corrected_answer(session.data["trail"], session.state, text, read)

    def _correct(self, session: Session, corrections: list[Correction]) -> Reply:
        """Replace earlier answers, say what changed, and go where the findings now lead."""
        shown = session.latest_cause
        for correction in corrections:
            replace(session.data["trail"], correction)
            session.data["how"][correction.state] = "typed"
        kb = self.render.citing()
        changed = self.render.page("corrected.j2", changes=corrections, **self._context(session, kb))
        target = self._after_correction(session, corrections, shown)
        if target is None:
            return self._reask(session, changed, kb)
        session.trigger(f"jump_{target}")
        return self._enter(session, changed, kb)

    def _after_correction(self, session: Session, corrections: list[Correction], shown: str | None) -> str | None:
        """A cause the correction proves: its diagnosis. A cause it removes: the next check. A pending
        question: the next check as the new answer has it ("it's a meeting, not a call" brings back the
        meeting's questions), which is often the same one. A ticket already given: given again."""
        corrected = {c.state for c in corrections}
        findings = session.findings()
        if findings and findings[-1][0] in corrected:
            return "diagnosis"
        state = session.state
        if (state == "diagnosis" and session.latest_cause != shown) or state in flow.CHECKS:
            target = session.next_check()
            return None if target == state else target
        return "escalate" if state == "escalate" else None

    # --- commands -----------------------------------------------------------------
    def _command(self, session: Session, command: str) -> list[Reply]:
        return [getattr(self, f"_cmd_{command}")(session)]

    def _cmd_restart(self, session: Session) -> Reply:
        session.data.update(trail=[], topic=None, upn=None, how={}, confirm=None, reported=None, reference=None,
                            flags=[], problems=[], status=None)
        session.trigger("restart")
        return self._enter(session, "")

    def _cmd_back(self, session: Session) -> Reply:
        """Undo the last answer: drop it from the trail and ask that question again."""
        trail = session.data["trail"]
        if not trail:
            return self._reask(session, "")
        state, answer = trail.pop()
        session.data["how"].pop(state, None)
        if state in ("triage", "clarify"):
            session.data["topic"] = None if state == "triage" else "unclear"
        session.trigger(f"jump_{state}")
        return self._enter(session, self._undone(session, state, answer))

    def _undone(self, session: Session, state: str, answer: str) -> str:
        """Which answer ``back`` took away, in the words of its question and button."""
        words, short = self.words[session.agent], f"short_{state}"
        check = self._block("names.j2", short, session.agent) if self.render.has_block("names.j2", short) \
            else words["questions"][state]
        return self.render.page("undone.j2", check=check, answer=words["titles"][state][answer])

    def _cmd_hello(self, session: Session) -> Reply:
        """A greeting, at any point: a word back and the pending question, not the welcome again."""
        return self._reask(session, self.render.page("hello.j2", pending=self._pending(session)))

    def _cmd_help(self, session: Session) -> Reply:
        return self._reask(session, self.render.page("help.j2", agent=session.agent))

    def _cmd_why(self, session: Session) -> Reply:
        kb = self.render.citing()
        entries = flow.WHY.get(session.state, ())
        return self._reask(session, self.render.page("why.j2", entries=entries, kb=kb), kb)

    def _cmd_summary(self, session: Session) -> Reply:
        kb = self.render.citing()
        text = self.render.page("summary.j2", **self._context(session, kb))
        reply = self._reask(session, text)
        return Reply(reply.text, reply.card, session.value(), "summary", reply.details)

    def _cmd_agent(self, session: Session) -> Reply:
        return self._switch(session, "agent")

    def _cmd_user(self, session: Session) -> Reply:
        return self._switch(session, "user")

    def _switch(self, session: Session, audience: str) -> Reply:
        session.data["audience"] = audience
        return self._reask(session, self.render.page("audience.j2", agent=session.agent))

    def _set_upn(self, session: Session, text: str) -> Reply:
        upn, candidate = find_upn(text)
        if not upn:
            message = self.render.block("upn.j2", "invalid", candidate=candidate or text, agent=session.agent)
            return self._reask(session, message)
        message = self.render.block("upn.j2", "stored", upn=upn, agent=session.agent)
        session.data.update(upn=upn, audience="agent")
        return self._reask(session, message)

    def _confirm(self, session: Session, state: str, choice: str) -> Reply:
        """ "So it's off?": one line and Yes / No, instead of recording a guess."""
        session.data["confirm"] = [state, choice]
        context = self._context(session, None)
        title = self.words[session.agent]["titles"][state][choice]
        question = self.render.page("confirm.j2", **{**context, "state": state, "choice": choice, "title": title})
        card = confirm_card(state, choice, question, self._block("confirm_buttons.j2", "yes", session.agent),
                            self._block("confirm_buttons.j2", "no", session.agent))
        return Reply("", card, None, "confirm")

    # --- rendering --------------------------------------------------------------------
    def _enter(self, session: Session, preface: str, kb=None) -> Reply:
        """What the user sees on arriving in a state: what led here, the step's own text, its question."""
        kb, state = kb or self.render.citing(), session.state
        context = self._context(session, kb)
        announce = session.data.pop("announce", None)
        parts = [self.render.page("read_from_teams.j2", read=announce, **context) if announce else "", preface]
        if state == "diagnosis":
            parts.append(self.render.block("diagnosis.j2", "body", **context))
        elif state in flow.END_STATES:
            parts.append(self.render.block(f"{state}.j2", "text", **context))
        elif self.render.has_block(f"{state}.j2", "intro"):
            parts.append(self.render.block(f"{state}.j2", "intro", **context))
        value = session.value() if state in ("diagnosis", *flow.END_STATES) else None
        return self._short("\n\n".join(p for p in parts if p), kb, session, value, state)

    def _reask(self, session: Session, text: str, kb=None) -> Reply:
        """A message followed by the pending question again (or the welcome's buttons before any)."""
        announce = session.data.pop("announce", None)
        if announce:
            text = "\n\n".join(p for p in (self.render.page("read_from_teams.j2", read=announce,
                                                              **self._context(session, None)), text) if p)
        if session.state == "welcome":
            return Reply(text, self._card(session), None, "welcome")
        return self._short(text, kb, session, None, session.state)

    def _short(self, text: str, kb, session: Session, value: dict | None, template: str) -> Reply:
        """The reply as people see it: the bot's own words and one source up front, the rest behind "Why?"."""
        shown, quoted = split_quotes(text)
        sources = kb.sources() if kb else []
        if sources and shown:
            shown += "\n\n" + self.render.page("sources.j2", sources=sources[:1])
        details = "\n\n".join(p for p in (quoted, self.render.page("sources.j2", sources=sources) if sources
                                            else "") if p)
        card = self._card(session)
        if card is not None and details:
            card = with_details(card, self._block("confirm_buttons.j2", "details", session.agent), details)
        return Reply(shown, card, value, template, details)

    def _card(self, session: Session) -> dict | None:
        state = session.state
        if state == "welcome":  # the welcome's buttons under a short question: its text was said already
            return command_card(self._block("welcome.j2", "question", session.agent),
                                self._welcome_buttons(session.agent))
        choices = list(self._shown(session, state).items())
        return question_card(state, self.words[session.agent]["questions"][state], choices)

    def _context(self, session: Session, kb) -> dict:
        words = self.words[session.agent]
        return dict(
            agent=session.agent, upn=session.data["upn"], topic=session.data["topic"], kb=kb,
            cause=session.latest_cause, causes=session.causes, checks=session.checks,
            unverified=session.unverified, sections=self._sections(session, dated=False),
            updates=self._sections(session, dated=True),
            contradictions=session.contradictions, kind=session.kind,
            organizer_upn=session.data["upn"] if session.recorder_is_organizer else None,
            question_of=lambda s: words["questions"][s], title_of=lambda s, a: words["titles"][s][a],
            short_of=lambda s: words["short"][s], cause_names=words["causes"], cause_fixes=words["fixes"],
            topic_name=lambda t: words["titles"]["clarify"][t],
            reported_of=lambda t: words["reported"].get(t) or words["titles"]["clarify"].get(t, t),
            find_out=lambda: self._find_out(session, kb),
            reported=words["reported"].get(session.answers.get("triage") or session.data["topic"] or ""),
            said=session.data.get("reported"), reference=session.data.get("reference"),
            provenance=session.provenance(), ticket=session.ticket(), symptom=session.symptom,
            flags=session.data.get("flags", []), state=session.state,
        )

    def _find_out(self, session: Session, kb) -> str:
        """How to find out the pending check's answer (its `unsure` text), for "how would I know?"."""
        state = session.state
        if kb is None or state not in flow.CHECKS or not self.render.has_block(f"{state}.j2", "unsure"):
            return ""
        return self.render.block(f"{state}.j2", "unsure", agent=session.agent, upn=session.data["upn"], kb=kb,
                                 organizer_upn=None, kind=session.kind)

    def _sections(self, session: Session, dated: bool) -> list[str]:
        """The sections behind the checks answered so far, for ticket summaries: the guide's, or
        (``dated``) those of the updates document, whose facts carry a date and a public page."""
        found = (self._why_sections[state] for state in session.checks)
        return list(dict.fromkeys(title for sections in found for title, is_dated in sections if is_dated == dated))

    # --- static words, rendered once per audience -------------------------------------------
    def _words_for(self, agent: bool) -> dict:
        block = lambda template, name: self._block(template, name, agent)  # noqa: E731
        return {
            "questions": {s: block(f"{s}.j2", "question") for s in flow.CHOICES},
            "titles": {s: {c: block(f"{s}.j2", f"choice_{c}") for c in flow.CHOICES[s]} for s in flow.CHOICES},
            "short": {s: block("names.j2", f"short_{s}") for s in flow.CHECKS},
            "causes": {c: block("names.j2", f"cause_{c}") for c in flow.CAUSES},
            "fixes": {c: block("names.j2", f"fix_{c}") for c in flow.CAUSES},
            "reported": {k: block("names.j2", f"reported_{k}") for k in (*flow.CHOICES["triage"], *flow.TOPICS)
                         if self.render.has_block("names.j2", f"reported_{k}")},
        }

    def _block(self, template: str, name: str, agent: bool) -> str:
        return self.render.block(template, name, agent=agent, upn=None)

    def _titles(self, session: Session, state: str) -> dict[str, str]:
        return self.words[session.agent]["titles"][state]

    def _shown(self, session: Session, state: str) -> dict[str, str]:
        """The buttons of the state's card, in order: choice id -> title ("Is it one of these?": best first)."""
        titles = self._titles(session, state)
        order = [*session.data["candidates"], "other"] if state == "clarify" else flow.CHOICES[state]
        return {c: titles[c] for c in order if self._offered(session, state, c)}

    def _offered(self, session: Session, state: str, choice: str) -> bool:
        if choice not in flow.CHOICES.get(state, ()):
            return False
        if state == "offer":
            return choice in flow.TOPIC_OFFERS.get(session.data["topic"] or "other", ())
        if state == "clarify":
            return choice in session.data["candidates"] or choice == "other"
        return True

    def _pending(self, session: Session) -> bool:
        return session.state != "welcome"

    def pending(self, saved: dict | None) -> list[Reply]:
        """What the person sees on arriving at the saved session's state, again: for a host whose replies
        to the last turn never reached them (its question, or its diagnosis and end state, with its value)."""
        if saved is None:
            return self.welcome()
        session = self._attach(restore(saved))
        try:
            return [self._enter(session, "")]
        finally:
            self._idle.append(session)


def _clip(text: str) -> str:
    return " ".join(text.split())[:MAX_TEXT] if text else ""


_SETTING_NAMES = re.compile(r"(?i)\b(AllowCloudRecording|RecordingForTownhall|RecordingForWebinar|Identity\s*:"
                            r"|UserPrincipalName\s*:)")


def _mentions_settings(text: str) -> bool:
    return _SETTING_NAMES.search(text) is not None


_IDENTIFIERS = re.compile(r"(?i)\b(?:INC|REQ|RITM|CHG|PRB|TASK|SCTASK|CS|SR|WO)[- ]?\d{5,}\b|(?<![\w#])#\d{4,10}\b"
                          r"|\b[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+\b")


def without_identifiers(text: str) -> str:
    """The message without ticket numbers and addresses, which say nothing about the problem."""
    return " ".join(_IDENTIFIERS.sub(" ", text).split()) or text


def _settled(result):
    """An unsure triage whose every candidate is "can't start a recording": that much is sure, so the
    guided check starts (it asks what tells those candidates apart) instead of "Is it one of these?"."""
    if result.topic == "unclear" and result.candidates and all(
            flow.SYMPTOM_OF_TOPIC.get(c, flow.DEFAULT_SYMPTOM) == flow.DEFAULT_SYMPTOM and c != "other"
            for c in result.candidates):
        return replace_topic(result, "start")
    return result


def replace_topic(result, topic: str):
    from dataclasses import replace as with_fields
    return with_fields(result, topic=topic, candidates=())


def replace_text(reply: Reply, text: str) -> Reply:
    return Reply(text, reply.card, reply.value, reply.template, reply.details)


def _trimmed(text: str) -> str:
    """The person's own words for the ticket: one line, cut at a word near the limit."""
    text = " ".join(text.split())
    if len(text) <= MAX_REPORTED:
        return text
    return text[:MAX_REPORTED].rsplit(" ", 1)[0] + " …"
