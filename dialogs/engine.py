"""The conversation engine: the user's input and the saved session in, replies and the new session out.

Plain Python on purpose: no botbuilder, no I/O. A host (``bot/``, the terminal
chat, the tests) calls :meth:`Engine.turn` and stores the returned session.
One :class:`transitions.Machine` serves every session: each turn attaches the
session model with its saved state, fires one trigger, and detaches it.
"""
from __future__ import annotations

from transitions import Machine

from knowledge.store import Knowledge, load

from dialogs import flow
from dialogs.cards import command_card, question_card
from dialogs.corrections import Correction, corrected_answer, replace, stated_changes
from dialogs.render import Renderer
from dialogs.replies import Reply, TurnInput, TurnResult
from dialogs.session import Session, new_session, restore
from dialogs.triage import Triager
from dialogs.understand import find_upn, is_upn_request, match_choice, parse_command

MAX_TEXT = 2000  # longer messages are read up to here; nobody types a longer question
QUESTION_STATES = tuple(s for s in flow.CHOICES if s not in flow.END_STATES)
MIN_ANSWER_SCORE = 2.0  # below this BM25 score a search hit is too weak to quote


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
        if isinstance(inp.value, dict) and inp.value:
            return self._on_click(session, inp.value)
        text = _clip(inp.text if isinstance(inp.text, str) else "")
        if not text:
            return "empty", [self._reask(session, self.render.page("empty.j2", pending=self._pending(session)))]
        command = parse_command(text)
        if command:
            return f"command:{command}", self._command(session, command)
        if is_upn_request(text):
            return "upn", [self._set_upn(session, text)]
        state = session.state
        correction = self._correction_in(session, text)
        if correction:
            return "correction", [self._correct(session, [correction])]
        choice = match_choice(state, text, self._shown(session, state)) if state in QUESTION_STATES else None
        if choice and self._offered(session, state, choice):
            return "answer", [self._answer(session, choice)]
        if state in ("welcome", "triage", "clarify", *flow.END_STATES):
            topic, preface, kb = self._triage(session, text)
            return f"triage:{topic}", [self._enter(session, preface, kb)]
        return "question", [self._answer_question(session, text)]

    def _on_click(self, session: Session, value: dict) -> tuple[str, list[Reply]]:
        """A card button: a command, an answer to the pending question, or an old card."""
        if value.get("command") in ("restart", "back", "help", "why", "summary", "agent", "user"):
            return f"command:{value['command']}", self._command(session, value["command"])
        state, answer = value.get("state"), value.get("answer")
        if state != session.state:
            again = self._clicked_again(session, state, answer)
            if again:
                return again
            text = self.render.page("stale_card.j2", pending=self._pending(session))
            return "stale_card", [self._reask(session, text)]
        if not isinstance(answer, str) or not self._offered(session, state, answer):
            return "unknown_answer", [self._reask(session, self.render.page("unknown_answer.j2"))]
        return "answer", [self._answer(session, answer)]

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

    def _answer(self, session: Session, choice: str) -> Reply:
        """Record the answer, say how to find out when it is `unsure`, and move on."""
        state, kb = session.state, self.render.citing()
        if state == "welcome":
            session.trigger("start")
            return self._enter(session, "")
        if state in flow.END_STATES:
            return self._cmd_restart(session)
        if state == "clarify":
            return self._clarified(session, choice)
        session.data["trail"].append([state, choice])
        preface = ""
        if choice == "unsure":
            preface = self.render.block(f"{state}.j2", "unsure", **self._context(session, kb))
        elif self.render.has_block(f"{state}.j2", f"answered_{choice}"):  # e.g. the update before the Stream checks
            preface = self.render.block(f"{state}.j2", f"answered_{choice}", **self._context(session, kb))
        if state == "triage" and choice in flow.TRIAGE_TOPIC:
            session.data["topic"] = flow.TRIAGE_TOPIC[choice]
            if choice != "missing_content":
                preface = self.render.page(f"topics/{session.data['topic']}.j2", **self._context(session, kb))
        session.trigger(choice)
        return self._enter(session, preface, kb)

    def _triage(self, session: Session, text: str):
        """A first message: find its topic, keep what it already answers, jump to the right step.

        Unsure of the topic, it asks "Is it one of these?" rather than guess.
        Returns the topic, the answer to show before the next question, and its citations.
        """
        result = self.triage(text)
        session.data.update(trail=[], topic=result.topic, candidates=list(result.candidates))
        kb = self.render.citing()
        if result.topic == "unclear":
            preface = self.render.block("clarify.j2", "unsure", redirect=result.redirect, **self._context(session, kb))
            session.trigger("jump_clarify")
            return result.topic, preface, kb
        preface = self.render.page(f"topics/{result.topic}.j2", redirect=result.redirect, **self._context(session, kb))
        return result.topic, *self._go_to_topic(session, result.topic, result.slots, preface, kb)

    def _go_to_topic(self, session: Session, topic: str, slots: dict[str, str], preface: str, kb):
        """Jump to the step a topic leads to, keeping the answers the message gave: its check, the
        diagnosis when the message proves a cause, or the offer after an informational answer."""
        session.data["topic"] = topic
        if topic not in flow.TOPIC_CHECK:
            session.trigger("jump_offer")
            return preface, kb
        for state, answer in slots.items():
            if answer in flow.CHOICES.get(state, ()):
                session.data["trail"].append([state, answer])
        target = flow.TOPIC_CHECK[topic]
        if session.latest_cause:  # the message proves the cause: the diagnosis says it all
            target, preface, kb = "diagnosis", "", self.render.citing()
        elif target in session.answers:
            target = session.next_check()
        session.trigger(f"jump_{target}")
        return preface, kb

    def _clarified(self, session: Session, topic: str) -> Reply:
        """A click on "Is it one of these?": carry on as if the first message had named that topic."""
        session.data["trail"].append(["clarify", topic])
        kb = self.render.citing()
        preface = self.render.page(f"topics/{topic}.j2", **self._context(session, kb))
        return self._enter(session, *self._go_to_topic(session, topic, {}, preface, kb))

    def _answer_question(self, session: Session, text: str) -> Reply:
        """Free text that answers nothing pending: answer it from the guide, then ask the pending question again.

        What it states about other checks ("my manager organized it") is kept, as
        a first message's would be; when that proves a cause, the diagnosis follows.
        """
        kb, result = self.render.citing(), self.triage(text)
        changes = stated_changes(session.answers, result.slots, session.state)
        if changes:
            return self._correct(session, changes)
        noted = self._keep_stated(session, result.slots)
        if noted and session.latest_cause and session.state != "diagnosis":
            session.trigger("jump_diagnosis")
            return self._enter(session, "")
        context = self._context(session, kb)
        if result.topic not in ("other", "start", "unclear"):
            body = self.render.page(f"topics/{result.topic}.j2", **context)
        else:
            hits = [h.entry.id for h in self.kb.search(text, 2) if h.score >= MIN_ANSWER_SCORE]
            template = "answer.j2" if hits else "no_answer.j2"
            body = self.render.page(template, entries=hits[:1], text=text, pending=True, **context)
        if noted:
            body = self.render.page("noted.j2", noted=noted, **context) + "\n\n" + body
        if noted and session.contradictions:
            body = self.render.page("contradictions.j2", **context) + "\n\n" + body
        return self._reask(session, body, kb)

    def _keep_stated(self, session: Session, slots: dict[str, str]) -> list[tuple[str, str]]:
        """Record answers a message states for checks not yet answered (never the pending one)."""
        answered = session.answers
        kept = [(state, answer) for state, answer in slots.items()
                if state not in answered and state != session.state and answer in flow.CHOICES.get(state, ())]
        session.data["trail"].extend([state, answer] for state, answer in kept)
        return kept

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
        session.data.update(trail=[], topic=None, upn=None)
        session.trigger("restart")
        return self._enter(session, "")

    def _cmd_back(self, session: Session) -> Reply:
        """Undo the last answer: drop it from the trail and ask that question again."""
        trail = session.data["trail"]
        if not trail:
            return self._reask(session, "")
        state, answer = trail.pop()
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
        return Reply(reply.text, reply.card, session.value(), "summary")

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

    # --- rendering --------------------------------------------------------------------
    def _enter(self, session: Session, preface: str, kb=None) -> Reply:
        """What the user sees on arriving in a state: what led here, the step's own text, its question."""
        kb, state = kb or self.render.citing(), session.state
        context = self._context(session, kb)
        parts = [preface]
        if state == "diagnosis":
            parts.append(self.render.block("diagnosis.j2", "body", **context))
        elif state in flow.END_STATES:
            parts.append(self.render.block(f"{state}.j2", "text", **context))
        elif self.render.has_block(f"{state}.j2", "intro"):
            parts.append(self.render.block(f"{state}.j2", "intro", **context))
        value = session.value() if state in ("diagnosis", *flow.END_STATES) else None
        return Reply(self._with_sources("\n\n".join(p for p in parts if p), kb), self._card(session), value, state)

    def _reask(self, session: Session, text: str, kb=None) -> Reply:
        """A message followed by the pending question again (or the welcome's buttons before any)."""
        if session.state == "welcome":
            return Reply(text, self._card(session), None, "welcome")
        return Reply(self._with_sources(text, kb) if kb else text, self._card(session), None, session.state)

    def _card(self, session: Session) -> dict | None:
        state = session.state
        if state == "welcome":  # the welcome's buttons under a short question: its text was said already
            return command_card(self._block("welcome.j2", "question", session.agent),
                                self._welcome_buttons(session.agent))
        choices = list(self._shown(session, state).items())
        return question_card(state, self.words[session.agent]["questions"][state], choices)

    def _with_sources(self, text: str, kb) -> str:
        sources = kb.sources() if kb else []
        if not sources or not text:
            return text
        return text + "\n\n" + self.render.page("sources.j2", sources=sources)

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
            reported=words["reported"].get(session.answers.get("triage") or session.data["topic"] or ""),
        )

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
