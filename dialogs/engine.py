"""The conversation engine: the user's input and the saved session in, replies and the new session out.

Plain Python on purpose: no botbuilder, no I/O. A host (``bot/``, the terminal
chat, the tests) calls :meth:`Engine.turn` and stores the returned session.
One :class:`transitions.Machine` serves every session: each turn attaches the
session model with its saved state, fires one trigger, and detaches it.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace as with_fields

from transitions import Machine

from knowledge.store import Knowledge, load
from knowledge.text import fold_for_cues

from dialogs import commands, flow
from dialogs.cards import command_card, with_details
from dialogs.compose import Composer, split_quotes
from dialogs.corrections import Correction, corrected_answer, opens_as_correction, replace, stated_changes
from dialogs.followups import kinds as followup_kinds, read_followup, subject_of
from dialogs.pasted import (COMMAND, POLICY_OF_CHECK, SETTINGS, assigned_policies, changes_a_setting,
                            command_without_output, looks_pasted, only_other_settings, policies_labelled,
                            policy_in_question, policy_to_give, powershell_error, prose_of_a_paste, read_pasted,
                            kind_named, reassigned_in_words, said_in_words, says_assigned_policy, upn_in_command,
                            words_before_output)
from dialogs.reading import (FACT_ONLY_WORDS, MEETING_KIND, Facts, Reading, asks, clauses, clauses_beyond_facts,
                             doubted_clauses, ends_asking, event_named, ends_waiting, goes_to_look, has_doubts,
                             load_tables, asks_only_for_the_fix, kind_told_words, names_another_subject,
                             match_choice, names_another_policy, other_policy_named, opens_a_story, ordinal,
                             read_answer, read_closing, read_dropping, read_facts, kind_only_asked, only_facts,
                             only_plans, reports_back, respelled, said_of_another, said_of_other_people, says_goodbye,
                             says_it_asked, says_unsure, set_up_by_another, shows_an_admin_notice, still_stuck,
                             tells_the_symptom, too_soon, topic_said, what_counts, only_waited, looks_foreign,
                             only_a_reference, own_account_not_a_guest, a_command_ran)
from dialogs.render import Renderer
from dialogs.replies import Reply, TurnInput, TurnResult
from dialogs.session import CLIENTS, MAX_REPORTED, MAX_TABLE, REMARKS, Session, new_session, restore
from dialogs.triage import MAX_CANDIDATES, Triage, Triager
from dialogs.understand import (find_upn, is_bare_address, is_upn_request, only_a_status_closes, parse_command,
                                status_asked, tells_the_next_ticket,
                                told_after_the_account, told_before_the_request)

UPN_SLIP_RATIO = 0.85  # chole.martin@ against chloe.martin@contoso.com is 0.96; a.nguyen@ against p.kowalski@ 0.62
MAX_TEXT = 2000  # longer messages are read up to here; nobody types a longer question
MAX_ADMIN_SAID = 10  # "I'm the admin btw, I can change whatever": longer, it tells more than who is typing
POLICY_OF_KIND = {kind: topic for topic, kind in MEETING_KIND.items()}  # the policy topic of each kind
WAITING_WORDS = 8  # "ok ill check with him": longer, a message that puts the answer off says more
# what a recording that still won't start after a policy change can be: the change, not reached them yet
CHANGED_POLICY_TOPICS = ("start", "policy_user", "policy_organizer", "calls_policy", "events_policy")
SAVED_TOPICS = ("storage_location", "ams_expiry")  # where a recording went: a channel meeting's goes elsewhere
# A first message's question about its own topic, answered instead of the topic's page: how to change the expiry.
TOPIC_QUESTIONS = {("ams_expiry", "how_to_change"), ("ams_expiry", "keep_longer"),
                   ("storage_location", "when_available"),
                   # "where in the admin center do I turn cloud recording on for a policy?": the change, asked first
                   *((topic, "how_to_change") for topic in ("policy_user", "calls_policy", "events_policy"))}
# A first message read as one of these that asks when a recording shows up is about where it goes.
SHOWS_UP_LATER = ("unclear", "other", "ams_expiry", "storage_location")
# Follow-ups answered in full however often they come: where the checks go on; which kind of event a setting is for
# ("so webinar is the problem?", then "and townhalls would work?")
ANSWERED_AGAIN = ("followup:what_else", "followup:event_kinds")
# "why can't I?", "is that expected?": the guide's words are the answer, not behind "Why?"
RULE_ASKED = ("why_so", "permitted", "as_expected")
KIND_ONLY_WORDS = 8  # "it was a town hall in teams": longer, a message about a town hall says more than its kind
VERDICT_WORDS = 6  # "that worked!", "Yes - Thanks.": a verdict before the details is said in a few words
QUESTION_STATES = tuple(s for s in flow.CHOICES if s not in flow.END_STATES)
# Where a typed message is a description to triage, not an answer: only a number or a button's title answers.
DESCRIBING_STATES = ("welcome", "triage", "clarify", *flow.END_STATES)
# Follow-up questions whose answer is a fact: asked in a first message, the fact comes before the check.
# The whole story so far of a first message told in pieces, kept for "Go on", is not long.
STORY_WORDS = 30
FIRST_MESSAGE_FOLLOWUPS = ("external_ok", "length_limit", "length_short", "who_can_record", "agree_later",
                           "guest_vs_federated", "auto_record", "screen_recorder", "how_long", "organizer_absent",
                           "access", "give_access", "client_question", "works_elsewhere", "human", "others_told",
                           "no_prompt", "consent_popup", "download_window", "cant_download",
                           "stopped_when_left", "consent_seen")
# Questions about how recording works, whatever problem their words also name: "no consent prompt, is that legal?"
QUESTIONS_NOT_PROBLEMS = ("no_prompt",)
_KIND_DENIED = re.compile(r"\b(its|it s|it is|it was|thats|that s|that was|this is|this was) not "
                          r"((really|actually|technically|exactly|strictly|officially) )?(a|an) "
                          r"(?P<kind>meeting|call|webinar|town ?hall)\b")
_KIND_OF_WORD = {"meeting": "meeting", "call": "call", "webinar": "event", "town hall": "event", "townhall": "event"}
_NOT_A_NO = re.compile(r"^no (idea|clue|worries|problem|way|rush|difference|change|luck)\b")  # "no clue what that is"
_NO_OF_THE_BUTTON = re.compile(r"\b(button|greyed|grayed|record option|menu|icon)\b")
_YES = {"yes", "y", "yep", "yeah", "yup", "correct", "right", "exactly", "thats right", "that is right", "indeed", "ja"}
_NO = {"no", "n", "nope", "nah", "wrong", "not quite", "no thats wrong", "thats wrong", "incorrect"}
# "Can you check my OneDrive?" at "What next?": the request around a button's words.
# What Teams says of the sender alone (their membership, their role, whether they organized the meeting);
# the kind of meeting is the meeting's, whoever asks.
SENDERS_OWN = ("check_auth_type", "check_meeting_role", "check_organizer")
# "command to set her back to Global please": how to make a change, asked for (not one made)
_CHANGE_ASKED = re.compile(r"\b(command|cmdlet|powershell|syntax|how (do|can|would|should|to) (i|we)?|can you|could you"
                           r"|please|pls|plz)\b")
# "how long until the link works?": how long something takes other than a recording's keeping
_HOW_LONG_OF_ANOTHER_THING = re.compile(r"\bhow long\b(?!.*\b(kept|keep|keeps|stays?|lasts?|expir\w*|deleted|around|"
                                        r"stored|retain\w*|available|there|saved)\b)")
# "the exact command to turn it on for just her, not the whole tenant", "how to move her back to global": one
# person's policy, not a policy others share
_FOR_ONE_PERSON = re.compile(r"\b(just|only) (for )?(her|him|them|this user|that user|the user|me|this person)\b"
                             r"|\b((just|only) (for )?|for (just|only) )(my|her|his|their) (own )?(meetings?|calls?)\b"
                             r"|\bfor (my|her|his) (own )?meetings\b"
                             r"|\bnot (for )?(the whole|everyone|everybody|all|the entire|the rest)\b"
                             r"|\b(move|put|switch|set|assign|reassign|give|grant) (her|him|them|the user|this user"
                             r"|that user)( back)? (to|on|onto|into|a|another|the)\b"
                             r"|\b(single|one|individual) (user|person)\b"
                             r"|\b(move|reassign) (her|him|them|the user|this user)\b"
                             r"|\bgrant\b.{0,10}\b(command|cmdlet)s?\b"
                             r"|\bhow (do|can|would|should) (i|we) (assign|grant|give)\b"
                             r"|\b(s?he|they) (just )?never got it\b")
_CHECK_ASKED = re.compile(r"\bhow (do|can|would|should) (i|we) (check|verify|confirm|see|tell|make sure)\b"
                          # "give me the powershell to check that": a lookup, not the fix's Set- line
                          r"|\b(powershell|command|cmd|cmdlet|ps)( line)?s? (to|for|that will|that can|i can run to) "
                          r"(check|verify|confirm|see|view|look up|find|list)\b")
# "remove the direct RecordingOff": the person's own policy taken away, so Global applies again
_REMOVES_OWN = re.compile(r"\b(remove|drop|clear|unassign|delete|take off)\b.{0,20}"
                          r"\b(direct|own)( assignment| policy)?\b")
# "i don't actually know, i'm guessing", "ok not sure then": the answer just given taken back as a guess
_GUESS_WITHDRAWN = re.compile(r"^((i mean|well|hmm+|um+|ok|okay|actually|wait|tbh|honestly|sorry|oh)\W+)*(i think\W+)?"
                              r"(i (dont|do not) (actually|really) know(?! (what|how|where|why|who|which|if|whether)\b)"
                              r"|i was (just |only )?guessing|im (just |only )?guessing"
                              r"|(that was |it was )?(just|only) a guess"
                              r"|not sure (then|after all|actually|really)|idk (actually|really|tbh))\b")
# How someone from outside joins ("as a guest with her gmail"), said of another person at the join question
_AN_OUTSIDER = re.compile(r"\b(guest|external|federated|gmail|hotmail|yahoo|outlook\.com|personal (account|email)"
                          r"|anonymous\w*|not signed in|another (company|org\w*|tenant))\b")
# A change asked for that turns a requirement on ("what do I set to enable it"), or off
_TURNS_ON = re.compile(r"\b(enable|enabled|enabling|turn (it |that |this )?on|switch (it |that |this )?on|require|make "
                       r"(everyone|everybody|people|them|participants) (agree|consent))\b")
_TURNS_OFF = re.compile(r"\b(disable|disabled|turn (it |that |this )?off|switch (it |that |this )?off|remove|get rid of"
                        r"|stop)\b")
_TO_GLOBAL = re.compile(r"\b(back to|back on|back onto|to the|onto the|on the|to) global\b"
                        rf"|\bglobal (one|policy) (back|again)\b|{_REMOVES_OWN.pattern}")
_COMMAND_ASKED = re.compile(r"\b(whats|what is|give me|need|send|show me|tell me)( the| a| an)? (exact )?"
                            r"(cmd|command|cmdlet|powershell|ps line)\b|\b(cmd|command|cmdlet|powershell) (to|for) \w")
_ASKS_FOR_THE_FIX = ("what_to_do", "how_to_change", "powershell", "how_long")
_FIX_ASKED_WORDS = re.compile(r"(?i)\b(fix|command|cmd|how|what|powershell)\b|\?")
_THERE_IT_IS = re.compile(r"^((well|so|ok|okay|ah+|oh+|yep|yeah|cool|and)\W+)*there (it is|you go|we go)"
                          r"\W*(lol|haha)?\W*$")
# Where a message moves on: a sentence's end, or "but" ("found it, thanks. But now ...", "sorted but ...").
_QUALIFIER = re.compile(r"(?i)(with|without|only|just|except|minus|no)\b")  # a part that qualifies the one before
_NEXT_PART = re.compile(r"[.!?;]+\s+(?:but\s+|and\s+)?|,?\s+but\s+", re.IGNORECASE)
_REQUEST = re.compile(r"^(?:(?:ok|okay|so|great|right|thanks|cool|alright)\W+)*"  # "ok can you write it up"
                      r"(?:(?:can|could|would|will) you (?:please |pls )?|please |pls |(?:i want|i'd like|id like|"
                      r"i would like) (?:you )?to |let's |lets )", re.IGNORECASE)


@dataclass
class Turn:
    """One incoming message as the recognizers see it: the text as sent, clipped, and respelled."""

    session: Session
    inp: TurnInput
    raw: str
    clipped: str
    text: str
    read: list
    _facts: Facts | None = None
    _parts: tuple[str, str] | None = None
    said_again: tuple[str, ...] = ()  # remarks and the channel noted before this message ("it worked before", twice)
    answered: str | None = None  # what this turn's reply answers ("followup:get_back", "topic:length_limit")

    @property
    def first_and_rest(self) -> tuple[str, str]:
        """The message up to where it first moves on (a sentence's end, a "but"), and the rest ("" when it
        doesn't): read by two recognizers, split once."""
        if self._parts is None:
            parts = _NEXT_PART.split(self.text.strip(), maxsplit=1)
            self._parts = (parts[0], parts[1].strip()) if len(parts) == 2 else (self.text, "")
        return self._parts

    def facts(self, engine: "Engine") -> Facts:
        """What the message states, read once; the account, ticket number and flags noted as it is read."""
        if self._facts is None:
            self._facts = as_an_outsider_says_it(self.session, as_the_organizer_says_it(
                self.session, facts_of(self.session, self.text)), self.text)
            if "\n" in self.raw and _KINDS_NAMED.search(self.text) and looks_pasted(self.raw):
                # "Tag:Sales Meetings" in a pasted table names a policy, not the kind of recording: the kind is
                # what the words around the paste say
                kind = facts_of(self.session, _clip(prose_of_a_paste(self.raw))).answers.get(flow.KIND_CHECK)
                answers = {check: answer for check, answer in self._facts.answers.items() if check != flow.KIND_CHECK}
                self._facts = with_fields(self._facts, answers={**answers, **({flow.KIND_CHECK: kind} if kind else {})})
            if self._facts.upn and pasted_of_the_organizer(self.session, self.raw, self._facts.upn):
                self._facts = with_fields(self._facts, upn=None)  # the organizer's account, not the person's
            noted_before = set(self.session.data["flags"])
            engine._note_context(self.session, self._facts)
            said = (*self._facts.remarks, *(("channel",) if self._facts.channel else ()))
            self.said_again = tuple(flag for flag in said if flag in noted_before)
        return self._facts


def facts_of(session: Session, text: str) -> Facts:
    """What a message of this conversation states: read as an agent's or an end user's, of the account in question."""
    return read_facts(text, session.agent, session.data["upn"], session.about_someone,
                      event_named(session.data["reported"] or ""))


def build_machine() -> Machine:
    """The machine declared in dialogs.flow, without models: sessions come and go per turn."""
    return Machine(model=None, states=list(flow.STATES), transitions=flow.expand(), initial="welcome",
                   auto_transitions=False, send_event=True, after_state_change="remember_state")


# Which earlier answers a statement made now replaces, by where the statement came from: what is typed now
# replaces what was typed or clicked before; pasted output also replaces what was only typed or clicked. Any of them
# replaces an answer only assumed ("no idea" at a question without "I'm not sure").
OUTSTATED = {"typed": ("typed", "clicked", "assumed"), "pasted": ("typed", "clicked", "assumed"), "read": ("assumed",),
             "clicked": ("assumed",), "assumed": ()}


class Engine:
    def __init__(self, knowledge: Knowledge | None = None):
        self.kb = knowledge or load()
        self.render = Renderer(self.kb)
        self.triage = Triager(self.kb)
        self.is_word = self.triage.embedder.knows_whole  # real words, which the spelling fix leaves alone
        self._read_this_turn: dict[str, Triage] = {}  # a message's first-problem reading, made once per turn
        self.machine = build_machine()
        self._idle: list[Session] = []
        self.compose = Composer(self.kb, self.render)
        load_tables()  # the reading tables, compiled before the first message rather than during it
        followup_kinds()

    # --- the public surface ---------------------------------------------------
    def welcome(self, audience: str = "user") -> list[Reply]:
        """The card sent once when the bot is added to a conversation."""
        agent = audience == "agent"
        card = command_card(self.compose.block("welcome.j2", "text", agent), self.compose.welcome_buttons(agent),
                            title=self.compose.block("welcome.j2", "title", agent))
        return [Reply(card=card, template="welcome")]


    def turn(self, saved: dict | None, inp: TurnInput) -> TurnResult:
        """Apply one user input to a saved session (None for a new conversation)."""
        session = self._attach(restore(saved) if saved is not None else new_session())
        self._read_this_turn.clear()
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
        session.data = data
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
        context = self.compose.context(Session(new_session()), kb)
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
    # How an incoming message is recognized, in order: the first handler that answers it wins (a
    # handler may decline with None, and the next pair is tried). Clicks first, then what the whole
    # message is (a command, an account), then what it answers, and last what it describes or asks.
    ROUTES: tuple[tuple[str, str], ...] = (
        ("is_click", "on_click"),
        ("is_empty", "on_empty"),
        ("only_questions_the_question", "on_question"),
        ("is_command", "on_command"),
        ("names_an_account", "on_account"),
        ("names_only_a_reference", "on_reference"),
        ("awaits_confirmation", "on_confirmation"),
        ("picks_a_problem", "on_problem"),
        ("is_a_powershell_error", "on_powershell_error"),  # before the output: 'Cannot find policy "X"' names no one's
        ("is_pasted_output", "on_pasted"),
        ("is_a_command_without_output", "on_command_without_output"),
        ("says_it_was_off_and_is_on_now", "on_fixed_already"),
        ("corrects_an_answer", "on_correction"),
        ("corrects_an_answer_with_a_doubt", "on_doubted_correction"),
        ("is_too_soon", "on_too_soon"),
        ("says_how_long_since_the_change", "on_waited"),
        ("is_still_stuck", "on_still_stuck"),
        ("moves_on_to_another_problem", "on_another_problem"),
        ("drops_the_check", "on_drop"),
        ("may_answer", "on_typed_answer"),
        ("says_they_are_an_admin", "on_admin"),
        ("picks_a_button", "on_typed_button"),
        ("answers_anything_else", "on_closing"),
        ("only_acknowledges", "on_acknowledged"),
        ("asks_after_the_check", "on_question"),
        ("adds_a_fact_at_the_end", "on_fact_at_the_end"),
        ("tells_where_the_file_is", "on_where_the_file_is"),
        ("describes_a_problem", "on_description"),
        ("anything", "on_question"),
    )

    def _dispatch(self, session: Session, inp: TurnInput) -> tuple[str, list[Reply]]:
        turn = self._prepare(session, inp)
        for recognizer, handler in self.ROUTES:
            found = getattr(self, f"_{recognizer}")(turn)
            if found:
                answered = getattr(self, f"_{handler}")(turn, found)
                if answered:
                    turn.session.data["last_answer"] = turn.answered
                    _note_the_problem_told_late(turn)
                    return answered
        raise AssertionError("the last route answers everything")  # pragma: no cover

    def _prepare(self, session: Session, inp: TurnInput) -> Turn:
        """The message as the recognizers read it: Teams' facts recorded, the text clipped and respelled."""
        read = self._take_read(session, inp.read) if isinstance(inp.read, dict) and inp.read else []
        raw = inp.text[:MAX_TEXT] if isinstance(inp.text, str) and not isinstance(inp.value, dict) else ""
        raw = raw if _mentions_settings(raw) else what_counts(raw)  # "I'm the organizer. wait no, ..."
        clipped = _clip(raw)
        turn = Turn(session, inp, raw, clipped, respelled(unshouted(clipped), self.is_word) if clipped else "", read)
        if clipped and not parse_command(clipped):
            turn.facts(self)  # the account, a ticket number, Stream: noted whatever the message turns out to be
        return turn

    # --- recognizers: what a message is --------------------------------------------------------
    def _is_click(self, turn: Turn):
        return isinstance(turn.inp.value, dict) and bool(turn.inp.value)

    def _is_empty(self, turn: Turn):
        return not turn.clipped

    def _only_questions_the_question(self, turn: Turn):
        """A lone "?" at a check's question: "what do you mean?", answered with what it asks (elsewhere, help)."""
        return turn.session.state in flow.CHECKS and turn.clipped.strip(" ?") == "" and "?" in turn.clipped

    def _is_command(self, turn: Turn):
        command = parse_command(turn.clipped)
        if command == "summary" and turn.session.state == "diagnosis" and only_a_status_closes(turn.clipped):
            return None  # "ok that worked, resolved", at "Did that fix it?": its answer, not only the ticket
        return command

    def _names_an_account(self, turn: Turn):
        return is_upn_request(turn.clipped) or turn.session.agent and is_bare_address(turn.clipped)

    def _names_only_a_reference(self, turn: Turn):
        return turn.facts(self).reference and only_a_reference(turn.clipped)  # most messages hold no ticket number

    def _awaits_confirmation(self, turn: Turn):
        return turn.session.data.get("confirm")

    def _picks_a_problem(self, turn: Turn):
        picked = ordinal(turn.text)
        return picked if picked and len(turn.session.data["problems"]) > 1 and picked <= 2 else None

    def _is_pasted_output(self, turn: Turn):
        state = turn.session.state
        return (state not in DESCRIBING_STATES or state == "clarify" and looks_pasted(turn.raw)) \
            and (_mentions_settings(turn.raw) or state in flow.CHECKS and only_other_settings(turn.raw)) \
            and not _asks_of_a_setting(turn.raw) \
            and not ("\n" not in turn.raw and _COMMAND_ASKED.search(fold_for_cues(turn.raw))) \
            and not (state == "diagnosis" and _setting_told_then_command_asked(turn.raw)) \
            and not (state == "run_diagnostic" and "run_diagnostic" in turn.facts(self).answers)  # the test's result

    def _is_a_powershell_error(self, turn: Turn):
        return powershell_error(turn.raw)

    def _is_a_command_without_output(self, turn: Turn):
        return turn.session.state not in DESCRIBING_STATES and command_without_output(turn.raw)

    def _says_it_was_off_and_is_on_now(self, turn: Turn):
        """ "it was off, admin turned it on", asked a policy's setting: off was the cause, and its fix is made."""
        folded = fold_for_cues(turn.text)  # "record automatically was off, turned it on": a meeting option, no policy
        return turn.session.state in flow.POLICIES and _OFF_THEN_ON.search(folded) is not None \
            and not _A_MEETING_OPTION.search(folded)

    def _corrects_an_answer(self, turn: Turn):
        return self._correction_in(turn.session, turn.text) or self._kind_denied(turn) \
            or self._correction_stated(turn) or self._guess_withdrawn(turn)

    def _guess_withdrawn(self, turn: Turn) -> Correction | None:
        """ "i mean, i think. i don't actually know, i'm guessing", at the diagnosis an answer led to: that answer
        becomes "I'm not sure", where its question offers that, and the checks go on."""
        trail = turn.session.data["trail"]
        if turn.session.state != "diagnosis" or not trail or not _GUESS_WITHDRAWN.search(fold_for_cues(turn.text)):
            return None  # at a question, "I don't know" is its own answer
        state, answer = trail[-1]
        if state not in flow.CHECKS or answer == "unsure" or "unsure" not in flow.CHOICES.get(state, ()):
            return None
        return Correction(state, answer, "unsure")

    def _correction_stated(self, turn: Turn) -> Correction | None:
        """ "wait no i'm not a guest, i'm in the company, i just started so maybe my account isnt set up?": opened as
        a correction, and one earlier answer stated otherwise among more than an answer says."""
        session = turn.session
        if session.state in ("welcome", "triage") or not opens_as_correction(turn.inp.text or "")[0]:
            return None
        stated = turn.facts(self).answers
        changes = stated_changes(session.answers, stated, session.state)
        new = [check for check in stated if check not in session.answers]  # more than the change: the routes after
        if len(changes) != 1 or new:
            return None
        change = changes[0]
        saying = [part for part in clauses(turn.text)
                  if facts_of(session, part).answers.get(change.state) == change.now]
        # "wait, so I guess that's a meeting": doubted, so asked about first (the doubted route)
        return None if any(has_doubts(part) for part in saying) else change

    def _kind_denied(self, turn: Turn) -> Correction | None:
        """ "wait actually it's not a meeting, i just called him from chat. so a 1:1 call i guess": the kind held,
        denied in so many words, and another stated: a correction, whatever doubt the new kind is said with."""
        session = turn.session
        held = session.answers.get(flow.KIND_CHECK)
        denied = _KIND_DENIED.search(fold_for_cues(turn.text))
        now = turn.facts(self).answers.get(flow.KIND_CHECK)
        if not held or not denied or session.state == flow.KIND_CHECK or now in (None, held) \
                or _KIND_OF_WORD.get(denied.group("kind")) != held:
            return None
        return Correction(flow.KIND_CHECK, held, now)

    def _corrects_an_answer_with_a_doubt(self, turn: Turn):
        """ "actually maybe it's off, not sure": a correction said with a doubt, asked about before it is made."""
        return self._correction_in(turn.session, turn.text, doubted=True)

    def _may_answer(self, turn: Turn):
        state = turn.session.state
        return state not in DESCRIBING_STATES or (state == "welcome" and not turn.session.data["trail"])

    def _adds_a_fact_at_the_end(self, turn: Turn):
        """ "she's the organiser yes", after the ticket: more for the same case, not a new problem to triage."""
        session = turn.session
        after_access = _after_who_may_watch(session)
        # after who may watch a recording, "organised by someone in another company" is more of it, and so is
        # "i was a guest i guess?", which asks nothing
        asked = _ASKED.match(fold_for_cues(turn.text)) if after_access else asks(turn.text)
        if session.state not in flow.END_STATES and not after_access or asked:
            return None
        stated = turn.facts(self).answers
        # "it was a pstn call actually", "organised by someone in another company": the topic read from the facts
        # named, and nothing else, is no new problem
        implied = {POLICY_OF_KIND.get(stated.get(flow.KIND_CHECK, "")), *(flow.FINDINGS.get(f) for f in stated.items())}
        if after_access:  # a recording that was made: who could not have started one says who may watch it
            implied |= {"auth_external", "meeting_role", "start"}
        return stated if stated and not tells_the_symptom(turn.text) \
            and self._first_problem(turn.text).topic in {"other", "unclear", *implied} else None

    def _tells_where_the_file_is(self, turn: Turn):
        """ "its in onedrive I think", after who may watch a recording: where the file is, so who shares it."""
        session = turn.session
        return _after_who_may_watch(session) and _FILE_IS_IN.search(fold_for_cues(turn.text)) is not None \
            and not tells_the_symptom(turn.text)

    def _on_where_the_file_is(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        session, kb = turn.session, self.render.citing()
        turn.answered = "followup:give_access"
        text = self._followup(session, "give_access", turn.text, self.compose.context(session, kb))
        return "followup:give_access", [self.compose.reask(session, text, kb)]

    def _says_they_are_an_admin(self, turn: Turn):
        """ "I'm the admin", said mid-check by someone in user mode: the admin's own steps and commands from now on,
        instead of "ask your admin" to the admin."""
        session = turn.session
        return not session.agent and session.state in (*flow.CHECKS, "diagnosis", "offer") \
            and len(turn.text.split()) <= MAX_ADMIN_SAID and not asks(turn.text) and turn.facts(self).admin

    def _picks_a_button(self, turn: Turn):
        state, text = turn.session.state, turn.text
        if state == "offer":
            return self._requested_action(turn)
        if state not in ("triage", "clarify"):
            return None
        picked = read_answer(state, text, self.compose.shown(turn.session, state))
        if picked is not None and picked.choice and (picked.basis in ("button", "title") or (
                state == "triage" and picked.sure and self._first_problem(text).topic in ("unclear", "other")
                and read_followup(text) not in FIRST_MESSAGE_FOLLOWUPS) or (
                state == "clarify" and picked.choice == "other" and picked.sure)):
            return picked.choice  # "can't find it" at "What goes wrong?", "none of these" at "Is it one of these?"
        return None

    def _requested_action(self, turn: Turn):
        """A button asked for as a request ("can you check my OneDrive?"), which reads as a question otherwise."""
        text = turn.text.strip().rstrip("?!. ")
        asked = _REQUEST.sub("", text)
        if asked == text:
            return None
        picked = read_answer("offer", asked, self.compose.shown(turn.session, "offer"))
        return picked.choice if picked is not None and picked.choice and picked.sure else None

    def _drops_the_check(self, turn: Turn):
        """ "never mind, figured it out", "forget it"; also "found it. thanks a lot!", a thanks after it, and
        "all good now, tom had it", two ways of saying it in one."""
        session = turn.session
        if session.state == "welcome" and not session.data["trail"] and read_dropping(turn.text) == "solved" \
                and "?" not in turn.text:
            return "solved"  # "it works now!!", the first thing said: someone back to say it's sorted
        if session.state == "escalate":  # "yes that was it. fixed", after the ticket: sorted after all
            return "solved" if read_dropping(turn.text) == "solved" or _works_at_the_end(turn.text) else None
        if session.state in ("welcome", *flow.END_STATES):
            return None
        if a_command_ran(turn.text):
            return None  # "ran it again, worked this time": the change made, not recording that works
        dropped = read_dropping(turn.text)
        if dropped in ("abandon", "solved") and turn.text.rstrip().endswith("?"):
            return None  # "that's all?", "that was it?": a question of what was said, not a goodbye
        if dropped == "intended" and session.state not in ("diagnosis", *flow.POLICIES):
            return None  # only a cause found, or a policy asked about, can be meant that way
        comma = turn.text.split(",", 1)
        qualified = _QUALIFIER.match(turn.first_and_rest[1])  # "it showed up in the post but with an error"
        for head, rest in (turn.first_and_rest, (comma[0], comma[-1].strip())) if dropped is None and not qualified \
                else ():
            if not rest or turn.text[turn.text.find(head) + len(head):].lstrip().startswith("?"):
                continue  # "so it's in HER onedrive? can I ask her to share it": asked, not found
            head_dropped = read_dropping(head)
            if head_dropped and rest != head and (read_closing(rest) in ("thanks", "done")
                                                 or read_dropping(rest) == "solved"):
                dropped = head_dropped
                break
            if head_dropped == "solved" and not _A_PROBLEM_TOLD.search(fold_for_cues(rest)):
                dropped = "solved"  # "found it!! under Recordings in the channel files": where, not a new problem
                break
        if dropped is None and read_dropping(_NEXT_PART.split(turn.text.strip())[-1]) == "abandon":
            dropped = "abandon"  # "My question was poorly worded; sorry. No further help is required."
        if dropped is None and _works_at_the_end(turn.text):
            dropped = "solved"  # "ok she made me presenter now and it works!"
        if dropped == "solved" and session.state == "diagnosis" and _THERE_IT_IS.match(fold_for_cues(turn.text)):
            return None  # "well there it is", at a cause just shown: the cause, no recording found
        if dropped == "solved" and session.state == "diagnosis" \
                and match_choice("diagnosis", turn.text, self.compose.shown(session, "diagnosis")) == "fixed":
            return None  # "it worked, thanks!" at "Did that fix it?" answers it: recorded as fixed
        return dropped

    def _moves_on_to_another_problem(self, turn: Turn):
        """ "found it in OneDrive, thanks. But our recordings also disappear after a few months": this problem
        is sorted, and the rest of the message is another one, triaged as a first message would be."""
        if turn.session.state in ("welcome", *flow.END_STATES):
            return None
        head, rest = turn.first_and_rest
        if _QUALIFIER.match(rest):  # "the recording showed up ... but with an error": not found after all
            return None
        if not rest or len(rest.split()) < 4 or read_dropping(head) != "solved" \
                or not _A_PROBLEM_TOLD.search(fold_for_cues(rest)):  # "found it!! under Recordings in the files"
            return None
        told = self._first_problem(rest)  # ... or asks of a subject next to it: "but where is the transcript?"
        return rest if told.topic not in ("other", "unclear") or told.topic == "other" and told.redirect else None

    def _is_still_stuck(self, turn: Turn):
        """At "What next?", "I still can't find it": the offer's first step (a check), not a new triage; at "Did
        that fix it?", "it's still greyed out": **No, keep checking**."""
        session = turn.session
        if session.state == "resolved" and session.data["trail"][-1:] == [["diagnosis", "fixed"]] \
                and session.latest_cause and still_stuck(turn.text):
            return "reopened"  # "still not fixed", right after saying it was: not fixed after all
        if session.state == "escalate" and still_stuck(turn.text) and len(turn.text.split()) <= STILL_STUCK_WORDS \
                and not read_followup(turn.text, session.data["topic"], session.state):
            return "escalated"  # "not fixed", after the ticket: the same case, still escalated
        waited = session.state == "offer" and session.data["topic"] in SAVED_TOPICS and only_waited(turn.text)
        if session.state not in ("offer", "diagnosis") or read_closing(turn.text) or not (
                still_stuck(turn.text) or waited):  # "its been 2 days", of a recording not found: still missing
            return None
        if session.state == "offer" and read_followup(turn.text, session.data["topic"], session.state):
            return None  # "found it but they still cant open it": a question of its own, not the offer's check
        if session.state == "diagnosis" and _WHAT_IF_ASKED.search(fold_for_cues(turn.text)):
            return None  # "even if she signs in with her contoso account she'd be external, so still no?": a question
        if session.state == "diagnosis":
            return "not_fixed"
        if session.data["topic"] == "ams_expiry" and "worked_before" in session.data["flags"]:
            return "still_missing"  # "it was there last week": it was uploaded, so no missing OneDrive is why
        step = next((c for c in self.compose.shown(session, "offer") if c not in ("escalate", "done")), None)
        return step or ("still_missing" if session.data["topic"] in SAVED_TOPICS else None)

    def _says_how_long_since_the_change(self, turn: Turn):
        """ "it's been 2 days", after a policy was changed: longer than a change takes, so not the wait."""
        session = turn.session
        return "policy_changed" in session.data["flags"] and session.state in (*flow.CHECKS, "diagnosis") \
            and only_waited(turn.text) and not too_soon(turn.text)

    def _is_too_soon(self, turn: Turn):
        """ "still greyed out after 10 min", just after the policy was changed: the change can't have arrived yet."""
        session = turn.session
        if session.state in flow.CHECKS and "policy_changed" in session.data["flags"]:  # "about 10 minutes ago", of
            return only_waited(turn.text) and too_soon(turn.text)  # the change told with the problem
        just_changed = _right_after_the_change(session) and not only_waited(turn.text)
        return session.state == "diagnosis" and "policy_changed" in session.data["flags"] \
            and session.latest_cause in flow.SLOW_FIXES and (still_stuck(turn.text) or only_waited(turn.text)) \
            and (too_soon(turn.text) or just_changed and not _SAYS_WHEN.search(turn.text))

    def _answers_anything_else(self, turn: Turn):
        state = turn.session.state
        if state in flow.END_STATES:
            escalating = state == "escalate" and _ESCALATING.search(fold_for_cues(turn.text))  # "ok escalate"
            return read_closing(turn.text) or ("done" if read_dropping(turn.text) or escalating
                                               or only_plans(turn.text)  # "ok ask IT"
                                               or _works_at_the_end(turn.text) else None)  # "... shows up now"
        return state == "offer" and read_closing(turn.text) in ("thanks", "done")

    def _only_acknowledges(self, turn: Turn):
        """Thanks or "hmm ok" while a question is pending: nothing to record, triage or answer."""
        session, state = turn.session, turn.session.state
        if state in ("offer", *flow.END_STATES):
            return None
        closing = read_closing(turn.text)
        if closing in ("thanks", "done") and says_goodbye(turn.text):
            return f"{closing}_bye"  # "thanks, that's helpful. bye": leaving, with the question open
        if closing == "thanks":
            return "thanks"
        if state not in ("welcome", "triage", "clarify"):
            return None  # elsewhere filler was read as such by the typed answer's reading
        words = len(turn.text.split())
        if words > WAITING_WORDS:
            return None  # "need to check one user's setup ..." where a problem is described: a description
        asked = "triage" if state == "welcome" else state  # before anything, read as at "What goes wrong?"
        reading = read_answer(asked, turn.text, self.compose.shown(session, asked))
        if reading is None or not reading.waiting:
            return None
        # "ok ill check with him" waits; "let me check, she can't record" describes
        return "waiting" if words <= 3 or self._first_problem(turn.text).topic in ("unclear", "other") else None

    def _asks_after_the_check(self, turn: Turn):
        session = turn.session
        if session.state in flow.END_STATES and session.data["topic"] in SAVED_TOPICS and turn.facts(self).channel:
            return True  # "it's a channel meeting actually", after the ticket: where that one's recording goes
        if session.state in flow.END_STATES and session.data["topic"] and _FOLLOW_ON.search(fold_for_cues(turn.text)):
            return True  # "what about the events policy?", after the ticket: of this problem, whose checks it keeps
        return session.state in ("clarify", *flow.END_STATES) and read_followup(turn.text)

    def _describes_a_problem(self, turn: Turn):
        session = turn.session
        if session.state == "offer" and session.data["topic"] == "other":
            # after "hello bot", the real problem, or "nobody could record", unclear but a problem to ask about; not
            # "where's that setting?" after "can I stop students recording?"
            if self._only_a_fact(turn):
                return False  # "i'm organizer", after a question the guide doesn't cover: of that, no new problem
            topic = self._first_problem(turn.text).topic
            return (topic not in ("other", "unclear") or topic == "unclear" and (
                _NOBODY_RECORDS.search(turn.text) or tells_the_symptom(turn.text))) and not read_followup(turn.text)
        if session.state in flow.END_STATES and asks(turn.text) and session.data["trail"] \
                and self._first_problem(turn.text).topic in (*flow.INFO_TOPICS, "unclear"):
            return False  # "retention? what is", after the ticket: answered, and the case it closed kept
        return session.state in DESCRIBING_STATES

    def _anything(self, turn: Turn):
        return True

    # --- handlers: what the bot does with it ------------------------------------------------------
    def _on_click(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        return self._clicked(turn.session, turn.inp.value)

    def _on_empty(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        session = turn.session
        text = self.render.page("empty.j2", pending=self.compose.pending(session))
        return "empty", [self.compose.reask(session, text)]

    def _on_command(self, turn: Turn, command: str) -> tuple[str, list[Reply]]:
        session = turn.session
        news = told_before_the_request(turn.raw) if command == "summary" else ""
        if news and not read_closing(news):  # "clerk made her presenter and it works now. Ticket please": the news
            self._dispatch(session, TurnInput(text=news))  # read first, so the ticket carries it
        if command == "summary" and (status := status_asked(turn.raw[len(news):])):
            session.data["status"] = status  # "close it out", "write it up as pending"
        escalation = command == "summary" and bool(_ASKS_TO_ESCALATE.search(fold_for_cues(turn.text)))
        for_the_helpdesk = any(word in turn.text.lower() for word in ("ticket", "helpdesk", "help desk"))
        if command == "summary" and (for_the_helpdesk or escalation) and session.state == "offer" \
                and self.compose.offered(session, "offer", "escalate"):
            return "answer", [self._answer(session, "escalate", "typed")]  # "make a ticket": the offer's ticket button
        if escalation and (session.state in flow.CHECKS or session.state == "diagnosis"):
            session.trigger("jump_escalate")  # "escalate it", mid-check: the ticket escalated, what's left on it
            return "escalated", [self.compose.enter(session, "", self.render.citing())]
        if command == "why" and session.state == "diagnosis" and session.latest_cause:
            turn.answered = "followup:why_so"  # the rule behind the cause, as for "why can't I?" (not said twice)
        return f"command:{command}", self._command(session, command)

    def _on_account(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        """The account the checks are about; with the problem told after it ("troubleshoot for megan@contoso.com,
        can't record any meetings, she's the organizer"), that problem triaged as a first message."""
        session = turn.session
        set_aside = self._set_aside_for_another(session, turn.clipped)
        noted = commands.set_upn(self.compose, session, turn.clipped)
        if set_aside:
            noted = self._new_case(session, noted, *set_aside)
        said = turn.raw if _mentions_settings(turn.raw) else turn.clipped  # a paste after the account keeps its lines
        told = told_after_the_account(said) if session.data["upn"] else ""
        if told and session.state in flow.CHECKS and looks_pasted(told):  # the account, then what it shows: read
            outcome, replies = self._dispatch(session, TurnInput(text=told))  # at the question pending
            return outcome, [replace_text(replies[0], f"{noted.text}\n\n{replies[0].text}"), *replies[1:]]
        if not told or session.state not in DESCRIBING_STATES or self._first_problem(told).topic == "other":
            return "upn", [noted]
        outcome, replies = self._on_description(self._prepare(session, TurnInput(text=told)), None)
        return outcome, [replace_text(replies[0], f"{noted.text}\n\n{replies[0].text}"), *replies[1:]]

    def _set_aside_for_another(self, session: Session, text: str) -> tuple[str, str] | None:
        """ "troubleshoot for bob@contoso.com" in the middle of alice's case: the next ticket of a queue, not
        alice's account corrected. Her case is set aside (whose it was, and its ticket so far) and a new one begun."""
        upn, _ = find_upn(text)
        was = session.data["upn"]
        if not upn or not was or upn.lower() == was.lower() \
                or not session.data["trail"] and session.state in ("welcome", "triage"):
            return None
        if _one_slip_apart(upn, was) and not tells_the_next_ticket(text):
            return None  # "troubleshoot for chloe.martin@..." after "chole.martin@...": the account put right
        ticket = commands.summary(self.compose, session).text
        commands.restart(self.compose, session)
        return was, ticket

    def _new_case(self, session: Session, noted: Reply, was: str, ticket: str) -> Reply:
        text = self.render.page("new_case.j2", upn=session.data["upn"], was=was)
        card = noted.card and with_details(noted.card, self.compose.block("confirm_buttons.j2", "details",
                                                                          session.agent), ticket)
        return Reply(text, card, None, "new_case", ticket)

    def _on_reference(self, turn: Turn, reference: str) -> tuple[str, list[Reply]]:
        """A ticket number sent on its own (noted by ``_note_context``, as from any message): said so, and the
        question again, not triaged as a problem nobody described."""
        turn.answered = turn.session.data["last_answer"]
        return "reference", [self.compose.reask(turn.session, self.render.page("reference.j2", reference=reference))]

    def _on_fixed_already(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        """The setting was off and is on now: the cause is recorded as found, the fix as made, and a policy's delay
        said, as when "done, I changed it" follows a diagnosis."""
        session = turn.session
        self._answer(session, "off", "typed")
        if session.state != "diagnosis":
            return "answer", [self.compose.enter(session, "")]
        session.flag("policy_changed")
        if read_dropping(turn.text) == "solved":  # "... they turned it on and it works now, thank you": fixed, too
            return "answer", [self._answer(session, "fixed", "typed")]
        kb = self.render.citing()
        text = self.render.page("remarks/fixed_already.j2", **self.compose.context(session, kb))
        turn.answered = "remark:change_made"  # a "still can't" now is too soon, as after "done, I changed it"
        return "fixed_already", [self.compose.reask(session, text, kb)]

    def _on_confirmation(self, turn: Turn, _found) -> tuple[str, list[Reply]] | None:
        pending = turn.session.data.get("confirm")
        confirmed = self._confirmation(turn.session, turn.text)
        if confirmed is None and pending and pending[0] == turn.session.state:
            return self._guess_let_stand(turn, pending[1])
        return confirmed

    def _guess_let_stand(self, turn: Turn, guessed: str) -> tuple[str, list[Reply]] | None:
        """ "So they're an attendee?", met with other facts and no word against it ("Tom set it up yeah, not her"):
        the person's own guess stands, as one goes on talking past a question one agrees with."""
        session, text = turn.session, turn.text
        state = session.state
        others = {s: a for s, a in turn.facts(self).answers.items() if s != state}
        if state not in flow.GUESSES_THAT_STAND or self._is_pasted_output(turn) or not others or "?" in text \
                or read_followup(text, session.latest_cause, state) \
                or read_answer(state, text, self.compose.shown(session, state)) is not None \
                or _contradicts(state, guessed, {**session.answers, **others}):
            return None  # "oh ok then no, my colleague scheduled it", after "So you're the organizer?"
        noted = [(s, a) for s, a in self._keep_stated(session, others, "typed")
                 if not session.moot(s, {state: guessed})]
        return "answer", [self._answer(session, guessed, "typed", noted)]

    def _on_problem(self, turn: Turn, n: int) -> tuple[str, list[Reply]]:
        return "problem", [self._pick_problem(turn.session, n)]

    def _on_pasted(self, turn: Turn, _found) -> tuple[str, list[Reply]] | None:
        return self._pasted(turn.session, turn.raw, turn.facts(self).answers)

    def _on_powershell_error(self, turn: Turn, kind: str) -> tuple[str, list[Reply]]:
        """PowerShell's error pasted instead of its output: what to do about it, and the question again."""
        session = turn.session
        kb = self.render.citing()
        text = self.render.block("pasted.j2", f"error_{kind}", **self.compose.context(session, kb))
        return f"pasted_error:{kind}", [self.compose.reask(session, text, kb)]

    def _on_command_without_output(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        """ "Get-CsOnlineUser jane@contoso.com | select TeamsMeetingPolicy": the command, not what it shows."""
        session = turn.session
        text = self.render.block("pasted.j2", "command_only", shown=upn_in_command(turn.raw),
                                 **self.compose.context(session, None))
        return "pasted_command", [self.compose.reask(session, text)]

    def _on_correction(self, turn: Turn, correction: Correction) -> tuple[str, list[Reply]]:
        return "correction", [self._correct(turn.session, [correction])]

    def _on_doubted_correction(self, turn: Turn, correction: Correction) -> tuple[str, list[Reply]]:
        return "confirm_change", [self.compose.confirm_change(turn.session, correction)]

    def _on_typed_answer(self, turn: Turn, _found) -> tuple[str, list[Reply]] | None:
        return self._typed_answer(turn.session, turn.text, turn.facts(self))

    def _on_admin(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        turn.answered = turn.session.data["last_answer"]  # "where exactly in TAC?" next is still of the answer before
        return "audience:agent", [commands.switch(self.compose, turn.session, "agent", switched=True)]

    def _on_fact_at_the_end(self, turn: Turn, stated: dict[str, str]) -> tuple[str, list[Reply]]:
        session = turn.session
        turn.answered = session.data["last_answer"]  # a fact more keeps the answer before in view
        noted = self._keep_stated(session, stated, "typed", pending=None)
        said = self.compose.understood(session, noted) if noted else self.compose.understood(
            session, list(stated.items()), again=True)
        if _after_who_may_watch(session) and stated.get("check_auth_type") in _FROM_OUTSIDE:  # "i was a guest"
            kb = self.render.citing()
            context = self.compose.context(session, kb)
            text = self.render.page("followups/access_outsider.j2", understood=said, **context)
            return "noted", [self.compose.reask(session, text, kb)]
        if session.state not in flow.END_STATES:  # at "What next?", before any ticket: what was understood
            return "noted", [self.compose.reask(session, said)]
        kept = self.render.block("closing.j2", "noted", **self.compose.context(session, None))
        return "noted", [self.compose.reask(session, f"{said} {kept}")]

    def _on_typed_button(self, turn: Turn, choice: str) -> tuple[str, list[Reply]]:
        return "answer", [self._answer(turn.session, choice, "typed")]

    def _on_question(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        facts = turn.facts(self)
        return "question", [self._answer_question(turn, facts)]

    def _on_closing(self, turn: Turn, said: str | bool) -> tuple[str, list[Reply]]:
        """ "Thanks" or "no" at "Anything else?" is a goodbye, answered in a line; "yes" is another go.
        After an answer ("What next?"), thanks alone is its "That's all, thanks" button."""
        session = turn.session
        if said == "again":
            return "command:restart", [commands.restart(self.compose, session)]
        if session.state == "offer":  # "thanks" after an answer: the "That's all, thanks" button
            return "answer", [self._answer(session, "done", "typed")]
        text = self.render.block("closing.j2", session.state, thanked=said == "thanks",
                                 **self.compose.context(session, None))
        return f"closing:{said}", [Reply(text, template="closing")]

    def _on_drop(self, turn: Turn, kind: str) -> tuple[str, list[Reply]]:
        """The person fixed it themselves, or wants to stop: end here, without asking the question again."""
        session = turn.session
        if kind == "intended" and session.state in flow.POLICIES:  # "yes that's intentional for her department",
            self._record(session, session.state, "off", "typed")   # of the policy asked about: off, on purpose
        if kind == "intended":  # for the ticket, and what to tell them
            session.flag("intended")
        session.trigger("jump_resolved")
        text = self.render.block("closing.j2", f"dropped_{kind}", **self.compose.context(session, None))
        return f"dropped:{kind}", [self.compose.short(text, None, session, session.value(), "resolved")]

    def _on_another_problem(self, turn: Turn, problem: str) -> tuple[str, list[Reply]]:
        session = turn.session
        topic, preface, kb = self._triage_story(session, problem, turn.read)
        sorted_line = self.render.block("closing.j2", "sorted_then", **self.compose.context(session, None))
        return f"triage:{topic}", [self.compose.enter(session, "\n\n".join(p for p in (sorted_line, preface) if p), kb)]

    def _on_waited(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        kb = self.render.citing()
        text = self.render.block("diagnosis.j2", "waited_long_enough", **self.compose.context(turn.session, kb))
        return "waited", [self.compose.reask(turn.session, text, kb)]

    def _on_too_soon(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        kb = self.render.citing()
        just_changed = _right_after_the_change(turn.session)  # the wait was said with the change: "As above"
        block = "too_soon" if turn.session.state == "diagnosis" else "too_soon_checking"
        text = self.render.block("diagnosis.j2", block, just_changed=just_changed,
                                 **self.compose.context(turn.session, kb))
        if just_changed:
            turn.answered = turn.session.data["last_answer"]  # still just after the change
        return "too_soon", [self.compose.reask(turn.session, text, kb)]

    def _on_still_stuck(self, turn: Turn, choice: str) -> tuple[str, list[Reply]]:
        session = turn.session
        if choice == "still_missing":  # no check left to offer (a channel meeting's recording): what else became of it
            return "answer", [self._still_missing(session)]
        if choice == "escalated":
            text = self.render.block("escalate.j2", "still", **self.compose.context(session, None))
            return "still_escalated", [self.compose.reask(session, text)]
        if choice == "reopened":
            session.data["trail"].pop()
            session.trigger("jump_diagnosis")
            choice = "not_fixed"
        # "ok the organizer made her presenter, still greyed out": the fix was made, so she is a presenter now
        noted = self._keep_stated(session, turn.facts(self).answers, "typed", pending=None) \
            if session.state == "diagnosis" else []
        reply = self._answer(session, choice, "typed", noted=noted or None)
        preface = self.render.block("offer.j2", "still", **self.compose.context(turn.session, None))
        if noted:  # "Got it: they are a presenter. Then let's look further."
            said = self.compose.understood(session, noted)
            rest = reply.text[len(said):].lstrip() if reply.text.startswith(said) else reply.text
            return "answer", [replace_text(reply, f"{said} {preface}" + ("\n\n" + rest if rest else ""))]
        return "answer", [replace_text(reply, preface + ("\n\n" + reply.text if reply.text else ""))]

    def _still_missing(self, session: Session) -> Reply:
        """A recording searched for where it goes and not found: what else becomes of one, then the question."""
        kb = self.render.citing()
        text = self.render.block("offer.j2", "still_missing", **self.compose.context(session, kb))
        return self.compose.reask(session, text, kb)

    def _on_acknowledged(self, turn: Turn, said: str) -> tuple[str, list[Reply]]:
        session = turn.session
        text = self.render.page("waiting.j2", thanked=said.startswith("thanks"), leaving=said.endswith("_bye"),
                                **self.compose.context(session, None))
        return "waiting", [self.compose.reask(session, text)]

    def _on_description(self, turn: Turn, _found) -> tuple[str, list[Reply]]:
        if turn.session.state == "clarify":
            more = self._more_of_the_story(turn)
            if more is not None:
                return more
        if turn.session.state == "welcome":
            told = self._story_so_far(turn)
            if told is not None:
                return told
        facts = turn.facts(self)
        switched = self._to_agent_mode(turn.session, facts)
        topic, preface, kb = self._triage(turn.session, turn.text, facts, turn.read, turn.raw, turn)
        preface = "\n\n".join(p for p in (switched, preface) if p)
        return f"triage:{topic}", [self.compose.enter(turn.session, preface, kb)]

    def _to_agent_mode(self, session: Session, facts: Facts) -> str:
        """An admin telling of users who can't record ("I'm an admin and users in our tenant can't record") gets the
        admin procedures and commands at once, and is told how to go back; the line that says so, or ""."""
        if session.agent or not (facts.admin and facts.someone):
            return ""
        session.data["audience"] = "agent"
        return self.render.page("audience.j2", agent=True, switched=True)

    def _story_so_far(self, turn: Turn) -> tuple[str, list[Reply]] | None:
        """A first message told in pieces ("so I have this problem", "when I join our team sync", "theres no record
        button???"): a piece that names no problem, nor a subject the guide lacks, gets "Go on"; the next is read
        together with it. None when this piece, with what came before, is a problem to triage as usual."""
        session = turn.session
        earlier = session.data["reported"] if session.data["topic"] is None and not session.data["trail"] else None
        story = told_on(earlier, turn.raw) if earlier else turn.raw
        read_as = respelled(_clip(story), self.is_word) if earlier else turn.text  # as the triage reads a message
        result = self._first_problem(read_as)
        if result.topic != "other" or result.redirect or result.scores.get("out_of_scope") \
                or not opens_a_story(turn.text) or len(story.split()) > STORY_WORDS:
            if not earlier:
                return None
            topic, preface, kb = self._triage_story(session, story, turn.read)
            return f"triage:{topic}", [self.compose.enter(session, preface, kb)]
        session.data["reported"] = _trimmed(story)
        text = self.render.page("go_on.j2", again=bool(earlier), fix=asks_only_for_the_fix(turn.raw),
                                **self.compose.context(session, None))
        return "story", [self.compose.reask(session, text)]

    def _facts_of_another_symptom(self, turn: Turn, topic: str) -> bool:
        """ "our company secretary organized it and recorded it. i was just attending", at "Is it one of these?" about a
        recording gone missing: who did what, no recording that won't start (that is said: "I can't record")."""
        offered = _symptoms_offered(turn.session)
        stated = turn.facts(self).answers
        proves = any(step in flow.FINDINGS for step in stated.items())  # "I'm an attendee", not "he's presenter"
        return bool(offered) and bool(stated) and not _CANT_RECORD.search(turn.text) and (
            flow.symptom_of(topic) not in offered or proves and _no_start_told(turn.session, turn.text, topic, offered))

    def _only_a_fact(self, turn: Turn) -> bool:
        """ "i was the organizer": a few words that say who someone is, which rule a cause out rather than point at
        one ("he's presenter" may be left out by the organizer; "organizers policy is fine" points at policies)."""
        stated = turn.facts(self).answers
        return len(turn.text.split()) <= FACT_ONLY_WORDS and bool(stated) and set(stated) <= _WHO_CHECKS \
            and stated.get("check_meeting_role", "organizer") in ("organizer", "co_organizer") \
            and stated.get("check_auth_type", "member") == "member" and not tells_the_symptom(turn.text)

    def _more_of_the_story(self, turn: Turn) -> tuple[str, list[Reply]] | None:
        """At "Is it one of these?", a message that names no problem of its own ("it was yesterday, an hour
        long") adds to the first one: both are read together, and the question stays if they still say no
        more. A message about something the guide doesn't cover (it has somewhere else to go) is read alone."""
        session = turn.session
        alone = self._first_problem(turn.text)
        if (alone.topic not in ("other", "unclear") and not self._names_only_the_kind(turn, alone.topic)
                and not self._only_a_fact(turn) and not self._facts_of_another_symptom(turn, alone.topic)) \
                or alone.redirect or topic_said(turn.text, alone.topic) != alone.topic:  # "i dont see record"
            return None
        earlier = session.data["reported"] or ""
        story = told_on(earlier, turn.raw) if earlier else turn.raw
        together = self._first_problem(respelled(_clip(story), self.is_word))
        names_it = together.topic not in ("other", "unclear") and (alone.topic == "other" or (
            together.topic in alone.candidates and not turn.facts(self).answers))  # "i looked in onedrive"
        # "the video is fine, just no sound at all", after "my recording has no audio": what the guide lacks
        lacked = alone.topic == together.topic == "other" and alone.scores.get("out_of_scope")
        if earlier and (names_it or lacked):
            topic, preface, kb = self._triage_story(session, story, turn.read)
            return f"triage:{topic}", [self.compose.enter(session, preface, kb)]
        likeliest = session.data["candidates"][:1]
        if likeliest and alone.topic == "unclear" and list(alone.candidates[:1]) == likeliest \
                and not turn.facts(self).answers:
            # "I looked in the Files tab, nothing there", after recordings that "don't appear anywhere": both
            # messages put the same problem first, so it is that one
            return "clarify", [self._clarified(session, likeliest[0])]
        saved = next((t for t in SAVED_TOPICS if t in session.data["candidates"]), None)  # where it goes first
        if saved and alone.topic == "other" and _SEARCHED.search(fold_for_cues(turn.text)) \
                and not alone.scores.get("out_of_scope") and not turn.facts(self).answers:
            # "i looked in the files tab, nothing", told of no problem of its own: a search for the recording, so
            # where it goes is no news; what else becomes of one is
            reply = self._clarified(session, saved)
            return "clarify", [replace_text(reply, self._still_missing(session).text)]
        # The likelier problems now: the new message's own first (it says what goes wrong, in other words), then
        # the whole story's. A message of facts ("I'm the organizer") leaves them: it names no problem, and its
        # words would only pull the story towards the topics that share them.
        facts = turn.facts(self).answers or self._kind_alone(turn)
        candidates = list(dict.fromkeys((*alone.candidates, *together.candidates)))[:MAX_CANDIDATES]
        if candidates and not facts and alone.candidates:  # "yes please" changes nothing
            session.data.update(candidates=candidates, reported=_trimmed(story))
        noted = self._keep_stated(session, facts, "typed", pending=None)
        proved = [flow.FINDINGS[step] for step in noted if step in flow.FINDINGS]
        # "they're students, not presenters": the problem, found; "yes she made us presenters", when the role is one
        # of the problems offered: that one (the kind of meeting tells no problem)
        offered = {flow.TOPIC_CHECK.get(topic): topic for topic in session.data["candidates"] if topic != "start"}
        told_of = next((offered[check] for check in facts if check in offered), None)
        if told_of and flow.TOPIC_CHECK[told_of] in flow.SYMPTOM_CHECKS[flow.DEFAULT_SYMPTOM]:
            told_of = "start"  # a presenter, a member: no cause, so the checks of a recording that won't start
        symptoms = _symptoms_offered(session)  # "i was just attending", of a recording gone missing: no cause of it
        proved = [topic for topic in proved if not symptoms or flow.symptom_of(topic) in symptoms
                  and not _no_start_told(session, turn.text, topic, symptoms)]
        picked = proved[0] if proved and proved[0] in flow.TOPIC_CHECK else told_of
        if picked is not None:
            reply = self._clarified(session, picked)
            return "clarify", [replace_text(reply, "\n\n".join(
                p for p in (self.compose.understood(session, noted), reply.text) if p))]
        context = self.compose.context(session, None)
        channel = turn.facts(self).channel and "channel" not in turn.said_again  # "it was a channel meeting"
        told = noted + [("channel", "yes")] if channel else noted
        text = "\n\n".join(p for p in (self.compose.understood(session, told),
                                        self.render.block("clarify.j2", "closest", **context)) if p)
        return "clarify", [self.compose.reask(session, text)]

    def _kind_alone(self, turn: Turn) -> dict[str, str]:
        """ "meeting", "a call" said alone at "Is it one of these?": the kind of recording, the answer it gives."""
        if len(turn.text.split()) > 3:
            return {}
        kind = match_choice(flow.KIND_CHECK, turn.text, self.compose.shown(turn.session, flow.KIND_CHECK))
        return {flow.KIND_CHECK: kind} if kind not in (None, "unsure") else {}

    def _names_only_the_kind(self, turn: Turn, topic: str) -> bool:
        """ "it was a town hall in teams": a topic read from the kind alone (the events policy, the calling
        policy), in a few words that state that kind and nothing else, is more of the story, not its problem."""
        kind = MEETING_KIND.get(topic)
        return kind is not None and len(turn.text.split()) <= KIND_ONLY_WORDS \
            and turn.facts(self).answers.get(flow.KIND_CHECK) == kind

    def _typed_answer(self, session: Session, text: str, facts: Facts) -> tuple[str, list[Reply]] | None:
        """A typed answer to the pending question: recorded, confirmed first when unsure, or awaited."""
        state = session.state
        if facts.remark in ("varies", "worked_before", "others_can", "others_cant"):
            # "sometimes I'm the organizer", "it worked yesterday", "my colleague can record it but I can't", "others
            # can't either": no answer to this question
            return None
        if "admin_notice" in facts.remarks and state not in (*flow.POLICIES, "diagnosis"):  # no OneDrive's "no"
            return None
        if state == "run_diagnostic" and "run_diagnostic" not in facts.answers and tells_the_symptom(text):
            return None  # "it just stops, no error": the problem told again, not what the test found
        if state in flow.POLICIES and flow.symptom_of(topic_said(text, "start")) == "recording_missing":
            return None  # "recording was on for the event. he can't find it anywhere": a recording made, and missing
        if session.data["reported"] and _READ_IT.search(fold_for_cues(text)):  # "^ read that ticket": the paste,
            read = self.compose.understood(session, list(session.answers.items())).partition(": ")[2]  # no "Got it"
            return "read_again", [self.compose.reask(session, self.render.page(  # not the offer's ticket button
                "read_it.j2", noted=read, **self.compose.context(session, None)))]
        if state == "check_auth_type" and not (session.agent or session.about_someone) and (
                said_of_other_people(text) or session.answers.get("check_meeting_role") == "organizer"
                and said_of_another(fold_for_cues(text)) and _AN_OUTSIDER.search(fold_for_cues(text))):
            return None  # "patients just join from the link, no account"; "she joined as a guest with her gmail", from
            # the organizer (who is no guest in their own meeting): how the others join, not the recorder
        if state == "check_consent" and read_followup(text, None, state) == "another_declined":
            return None  # "one guy declined": someone else's No, not the recorder's
        if _HURRY.search(text) and read_followup(text, None, state) == "impatient":
            return None  # "i have a meeting in 5 min": a hurry, not the kind of meeting asked about
        if state == "diagnosis" and changes_a_setting(text):
            return None  # "ran this, no output so i guess it worked:" and a Grant-: the fix made, no verdict yet
        if state == "diagnosis" and _FIX_ASKED_WORDS.search(text) and not _WORKS.search(text) \
                and read_followup(text, session.latest_cause, state) in _ASKS_FOR_THE_FIX:
            return None  # "thanks, so what's the fix": a question, not a thanks for a fix that works
        if state == "diagnosis" and "policy_changed" in session.data["flags"] and read_closing(text) == "thanks" \
                and not _WORKS.search(text):  # "it worked, thanks!" is the verdict
            # "thanks!" after the policy was changed and the wait explained: thanks for that, no "it's fixed"
            text = self.render.page("waiting.j2", thanked=True, **self.compose.context(session, None))
            return "waiting", [self.compose.reask(session, text)]
        if (pasted := self._the_paste_said_again(session, text)) is not None \
                and read_followup(text, session.latest_cause, state) in (None, "what_else"):  # "ok so it's on. now
            # what", of the paste (not "so it's off for everyone on Global?")
            said = [self.compose.understood(session, [pasted], again=True)]
            if read_followup(clauses(text)[-1]) == "what_else":
                said.append(self.render.page("followups/what_else.j2", **self.compose.context(session, None)))
            return "restated", [self.compose.reask(session, "\n\n".join(said))]
        if state in flow.POLICIES and (same := _same_as_the_policy_just_told(session, text)):
            return "answer", [self._answer(session, same, "typed")]  # "hers too", after the organizer's was on
        if state in ("check_organizer", "check_meeting_role") and _OWN_MEETINGS_WORK.search(fold_for_cues(text)):
            return None  # "i can record my own meetings though": a comparison, not who organized this one
        if state in flow.CHECKS and goes_to_look(text):
            # "let me check if she's actually the organizer - I think the events team set it up": the answer is
            # being looked up; what else it states is kept meanwhile
            noted = self._keep_stated(session, {s: a for s, a in facts.answers.items() if s != state}, "typed")
            waiting = self.render.page("waiting.j2", **self.compose.context(session, None))
            return "waiting", [self.compose.reask(session, "\n\n".join(
                p for p in (self.compose.understood(session, noted), waiting) if p))]
        reading = read_answer(state, text, self.compose.shown(session, state))
        if state == flow.KIND_CHECK and reading is not None and (failing := facts.answers.get(state)) \
                and failing != reading.choice and _BUT_NOT.search(fold_for_cues(text)):
            reading = Reading(failing, sure=reading.sure, basis="named")  # "I can record calls but not meetings"
        role = facts.answers.get(state) if state == "check_meeting_role" and session.about_someone else None
        if role and reading is not None and reading.choice not in (role, "unsure") \
                and (stated := self._stated_answer(session, text, facts)):
            return stated  # "she's presenter, i'm organizer": her role, not the teller's
        if reading is None and state == "diagnosis":  # "Yes - thanks. that worked! Although I am not sure ..."
            reading = _verdict_first(text, self.compose.shown(session, state))
        if reading is None:
            return self._stated_answer(session, text, facts)
        after_but = self._answer_after_but(session, text) if reading.choice == "unsure" or not reading.sure else None
        if reading.choice == "unsure" and after_but:  # "idk ... usually my manager does, but this one i made"
            return self._stated_answer(session, text, facts)
        if reading.waiting and (found := self._found_after_looking(session, text)):
            return found
        # "no idea what her calling policy is yet, checking": not knowing yet, and going to look, is the wait too
        if reading.waiting or reading.choice == "unsure" and ends_waiting(text):
            text = self.render.page("waiting.j2", agreed=reading.basis == "agreed",
                                    **self.compose.context(session, None))
            return "waiting", [self.compose.reask(session, text)]
        others = {s: a for s, a in facts.answers.items() if s != state}
        if state in flow.POLICIES and not _WHOSE_POLICY.search(text):  # "policy on", at the organizer's policy:
            others = {s: a for s, a in others.items() if s not in flow.POLICIES}  # this one, said once
        guessed = facts.answers.get(state) if reading.choice == "unsure" else None
        if guessed and self.compose.offered(session, state, guessed) and not after_but:
            # "they're attendees i guess? not sure what role students have": the guess, to confirm
            return self._confirm_keeping(session, state, guessed, others)
        if reading.choice == "unsure" and state in flow.UNSURE_MEANS and not facts.answers:
            return "answer", [self._answer(session, "unsure", "assumed")]  # "no idea", at "Who organized it?"
        if not reading.choice or not self.compose.offered(session, state, reading.choice):
            return None
        if state == "diagnosis" and reading.basis == "interjection" and _WHO_ELSE_SAYS.search(text):
            return None  # "IT yes", after asking who turns it on: who does it, no verdict on the fix
        if state == "diagnosis" and reading.basis == "value" and not facts.answers and "?" not in text \
                and "change_made" not in facts.remarks and (agreed := self._finding_agreed(session, text)):
            # "off, IT confirmed it was off": the answer that found the cause, said again
            return "restated", [self.compose.reask(session, self.compose.understood(session, agreed, again=True))]
        if state == "diagnosis" and reading.basis != "named" and ("change_made" in facts.remarks
                                                                 or reading.basis == "value"):
            return None  # "ok I flipped it to on": a fix made is no verdict yet ("done, it works now" is one)
        if state == "offer" and reading.basis == "interjection" and _tells_more_than_yes(text):
            return None  # "yes the video is there but silent": agreeing with what was said, not picking what's next
        if (others or facts.channel or facts.client) and reading.basis == "interjection":
            return None  # "no, she's a guest": the no is about the question, the guest is the answer ("yeah desktop
            # app", at the organizer's policy: a yes to a question never asked)
        if state == "diagnosis" and reading.basis == "interjection" and _TRAILING_YES.search(fold_for_cues(text)) \
                and not _WORKS.search(text):
            return None  # "they go to onedrive yes": the yes agrees with what it follows, not "it's fixed"
        if state in flow.POLICIES and reading.basis == "interjection" and _TRAILING_YES.search(fold_for_cues(text)):
            return None  # "all from work yeah", at the calling policy: a yes to what it follows, not to the setting
        if state == "diagnosis" and reading.basis == "interjection" and not read_followup(
                text, session.latest_cause, state) and (agreed := self._finding_agreed(session, text)):
            return "restated", [self.compose.reask(session, self.compose.understood(session, agreed, again=True))]
        if others and reading.choice == "unsure" and not _doubts_this_check(state, text):
            return None  # "it started as a call and became a meeting?? idk": the doubt is about what it says
        if reading.choice == "unsure" and _doubts_another_check(state, text):
            return None  # "the organizer is the CEO's EA, not sure what policy she has", asked how she joins
        if reading.choice == "unsure" and read_followup(text) == "how_to_know" \
                and subject_of(text) not in (None, state):
            return None  # "actually i'm not sure, how do i check my role", asked what it is: of the role
        sure = reading.sure
        if not sure and _doubts_another_check(state, text):
            # "not sure about the policy, but I'm signed in with my work account": sure of how they join
            undoubted = read_answer(state, _without_doubts(text), self.compose.shown(session, state))
            sure = bool(undoubted and undoubted.sure and undoubted.choice == reading.choice)
        if not sure and after_but == reading.choice:  # "they are from outside yes but i'm internal"
            sure = True
        if not sure and state == "offer" and flow.CHECK_OF_OFFER.get(reading.choice) in others:
            sure = True  # "i don't have onedrive i think", at "What next?": the check offered, answered at once
        noticed = "admin_notice" in facts.remarks and state in flow.POLICIES  # a policy's, maybe this one
        if not sure and read_followup(text) == "how_to_know":
            return None  # "i dont think so? how would i know": a guess taken back by asking how to find out
        if not sure or noticed:  # what else it states is kept meanwhile ("it's my own meeting, standing 1:1 ...")
            return self._confirm_keeping(session, state, reading.choice, others, admin_notice=noticed)
        if state == "diagnosis" and reading.choice == "fixed" \
                and self._fix_made(session, changes := stated_changes(session.answers, others, state), text):
            # "he made me co-organizer and the button lit up": the fix, made; the role that was the cause stays
            others = {s: a for s, a in others.items() if s not in {change.state for change in changes}}
        noted = self._keep_stated(session, others, "typed")
        # what the answer itself settles is kept, not said ("I'm one of the co-organizers": no "Got it: someone
        # else organized it")
        noted = [(s, a) for s, a in noted if not session.moot(s, {state: reading.choice})]
        remark = "policy_changed" if "policy_changed" in facts.remarks and state in flow.POLICIES else None
        return "answer", [self._answer(session, reading.choice, "typed", noted, remark)]

    def _confirm_keeping(self, session: Session, state: str, choice: str, others: dict[str, str],
                         admin_notice: bool = False) -> tuple[str, list[Reply]]:
        """ "Just to be sure: ...?", with what else the message stated kept meanwhile and said above it (not what
        the choice itself settles)."""
        noted = [(s, a) for s, a in self._keep_stated(session, others, "typed") if not session.moot(s, {state: choice})]
        asked = self.compose.confirm(session, state, choice, admin_notice=admin_notice)
        return "confirm", [replace_text(asked, self.compose.understood(session, noted)) if noted else asked]

    def _the_paste_said_again(self, session: Session, text: str) -> tuple[str, str] | None:
        """The policy answer just read from a paste, when the next message draws it as a conclusion ("ok so it's on"):
        said of that paste, not of the question that came after it."""
        trail = session.data["trail"]
        if not trail or session.data["how"].get(trail[-1][0]) != "pasted" or trail[-1][0] not in flow.POLICIES \
                or trail[-1][0] == session.state:
            return None
        concluded = _SO_ITS.match(fold_for_cues(text))
        if not concluded:
            return None
        check, pasted = trail[-1]
        reading = read_answer(check, concluded.group(0), self.compose.shown(session, check))
        return (check, pasted) if reading is not None and reading.choice == pasted else None

    def _answer_after_but(self, session: Session, text: str) -> str | None:
        """The pending question's answer in the clause after the last "but", when the words before it give no other
        ("idk ... but this one i made", "they are from outside yes but i'm internal"; "i'm an attendee but she made me
        presenter" gives two, and is confirmed)."""
        *before, after = _BUT.split(text)
        if not before:
            return None
        said = lambda part: facts_of(session, part).answers.get(session.state)  # noqa: E731
        answer = said(after)
        return answer if answer not in (None, "unsure") and said(" ".join(before)) in (None, answer) else None

    def _found_after_looking(self, session: Session, text: str) -> tuple[str, list[Reply]] | None:
        """ "let me look... it says presenter next to mine": the answer looked up, told after the words that went to
        look (the words alone, or a last clause that puts it off, are the wait)."""
        parts = clauses(text)
        if len(parts) < 2:
            return None
        rest = " ".join(parts[1:])
        facts = facts_of(session, rest)
        return self._stated_answer(session, rest, facts) if session.state in facts.answers else None

    def _finding_agreed(self, session: Session, text: str) -> list[tuple[str, str]]:
        """ "yes federated", at "Did that fix it?": a yes to the answer that found the cause, said again, not to the
        fix; that answer, or nothing."""
        found = session.findings()
        rest = _LEADING_POLAR.sub("", fold_for_cues(text)).strip()
        if not found or not rest:
            return []
        state = found[-1][0]
        answer = session.answers[state]
        reading = read_answer(state, rest, self.compose.shown(session, state))
        return [(state, answer)] if reading and reading.sure and reading.choice == answer else []

    def _stated_answer(self, session: Session, text: str, facts: Facts) -> tuple[str, list[Reply]] | None:
        """The pending question answered by a statement its choices' words miss ("she is in our tenant");
        a question ("does a guest in the meeting stop me?") answers nothing."""
        state = session.state
        stated = facts.answers.get(state)
        if not stated or not self.compose.offered(session, state, stated) or text.rstrip().endswith("?") \
                or read_followup(text):
            return None
        noted = self._keep_stated(session, {s: a for s, a in facts.answers.items() if s != state}, "typed")
        return "answer", [self._answer(session, stated, "typed", noted)]

    def _pasted(self, session: Session, text: str, stated: dict[str, str] | None = None
                ) -> tuple[str, list[Reply]] | None:
        """Command output (or a setting typed as PowerShell shows it): every check it settles, quoted; with
        what the words around it state ("she's on Global, AllowCloudRecording True, test passed")."""
        state = session.state
        policies = session.data.setdefault("policies", {})
        organizers = state == "check_organizer_policy"
        wanted = None if organizers else policies.get(POLICY_OF_CHECK.get(state, "meeting"))
        pasted = read_pasted(text, wanted)  # of a table of several policies, only the person's row
        answers = dict(pasted.answers)
        # "organizer has RestrictedExec with AllowCloudRecording False": the words around say whose setting it is
        said = stated or {}
        upn = pasted.values.get("userprincipalname") or upn_in_command(text)
        told_of_organizer = not organizers and pasted_of_the_organizer(session, text, upn)  # "organizer is events@"
        # "her policy is Fabrikam-Standard and AllowCloudRecording is True", at the organizer's question: hers
        persons = organizers and "check_policy" in said and "check_organizer_policy" not in said \
            and said_in_words(text) and _PERSONS_OWN.search(text) is not None and not _ORGANIZER_NAMED.search(text)
        labelled = policies_labelled(text)  # "organizer's policy: ... True. user's policy: ... False"
        of_organizer = organizers and not persons or told_of_organizer or set(labelled) == {"check_organizer_policy"} \
            or "check_organizer_policy" in said and "check_policy" not in said
        if of_organizer and "check_policy" in answers and not _persons_own(policies, pasted.values):
            answers["check_organizer_policy"] = answers.pop("check_policy")  # the output asked for was the organizer's
            if stated and (stated.get("check_organizer_policy") == answers["check_organizer_policy"] or labelled):
                # "organizer policy is fine, AllowCloudRecording True": one setting, said twice, of the organizer
                stated = {s: a for s, a in stated.items() if s != "check_policy"}
        answers.update(labelled)
        of_person = bool(upn and session.data["upn"] and upn.lower() == session.data["upn"].lower()) or (
            organizers and said_in_words(text) and not _ORGANIZER_NAMED.search(text))  # "she has global", of hers
        context = self.compose.context(session, None)
        if upn and session.data["upn"] and not of_person and not organizers and not told_of_organizer:
            text = self.render.block("pasted.j2", "other_user", shown=upn, **context)
            return "pasted_other", [self.compose.reask(session, text)]
        if not answers and said_in_words(text) and _CHANGE_ASKED.search(fold_for_cues(text)):
            return None  # "command to set her back to Global please": how to make the change, asked; not one made
        held = dict(policies)
        if state == "diagnosis" and not answers and reassigned_in_words(text):
            # "done, assigned her the Global one": the fix of the cause found, made (not a correction); the person's
            # policy is the new one only when hers was the cause ("assigned him the Global one", of the organizer)
            if session.latest_cause == flow.FINDINGS[("check_policy", "off")]:
                policies.update(assigned_policies(pasted.values))
            return None
        if not (organizers or told_of_organizer) or of_person:  # Get-CsOnlineUser of the person being checked
            policies.update(assigned_policies(pasted.values))
        shown = policy_in_question(pasted.values, (state, *answers))
        for check in [c for c in answers if c in POLICY_OF_CHECK] or [state]:
            kind = POLICY_OF_CHECK.get(check)
            expected = policies.get(kind) if kind and "check_organizer_policy" not in (state, check) else None
            if shown and expected and shown.lower() != expected.lower():
                text = self.render.block("pasted.j2", "other_policy", shown=shown, expected=expected, **context)
                return "pasted_other", [self.compose.reask(session, text)]
        if not answers and pasted.several:  # "Get-CsTeamsMeetingPolicy | ft": which of them is the person's?
            session.data["table"] = text[:MAX_TABLE]  # kept, to read the person's row once their policy is said
            text = self.render.block("pasted.j2", "several", names=pasted.several, **context)
            return "pasted_several", [self.compose.reask(session, text)]
        if not answers:
            assigned = assigned_policies(pasted.values)
            if assigned and organizers and of_person:  # the person's, at the organizer's question
                text = self.render.block("pasted.j2", "assigned_to_the_person", assigned=assigned, **context)
                return "pasted_policies", [self.compose.reask(session, text)]
            if assigned and told_of_organizer:  # "so colleague is the organizer", and the colleague's policy
                noted = self._keep_stated(session, stated or {}, "typed")
                text = self.render.block("pasted.j2", "assigned_to_the_organizer", assigned=assigned, **context)
                text = "\n\n".join(p for p in (self.compose.understood(session, noted), text) if p)
                return "pasted_policies", [self.compose.reask(session, text)]
            if assigned and not organizers and stated and (state in stated or any(
                    (check, answer) in flow.FINDINGS for check, answer in stated.items())):
                return None  # "user is on the Sales policy which has cloud recording disabled": the setting, in words;
                # "- User is not licensed for OneDrive for Business", in a diagnostic's results: a cause
            if assigned and not organizers and (row := self._row_of_the_table(session, assigned)):
                return row  # "her policy is Restricted", after a table of several: Restricted's row, read
            if assigned and not organizers:
                aside = self._set_aside(session, assigned)
                target = session.next_check() if aside and session.state in (*flow.CHECKS, "diagnosis") else None
                back = bool(target) and target != session.state  # the question of the answer set aside comes back
                stands = [name for check, name in session.data["pasted_from"].items()  # Global pasted, Global it is
                          if assigned.get(POLICY_OF_CHECK[check], "").lower() == name.lower()]
                # "done, assigned her the Global one", after NoRecording was pasted: a change made, which takes hours
                was = {kind: held[kind] for kind, name in assigned.items()
                       if held.get(kind, name).lower() != name.lower()} if reassigned_in_words(text) else {}
                kb = self.render.citing() if was else None
                if was:
                    session.flag("policy_changed")
                    context = self.compose.context(session, kb)
                text = self.render.block("pasted.j2", "assigned", assigned=assigned, aside=aside, back=back,
                                         stands=stands, was=was, **context)
                if back:
                    session.trigger(f"jump_{target}")
                    return "pasted_policies", [self.compose.enter(session, text, kb)]
                return "pasted_policies", [self.compose.reask(session, text, kb)]
            if pasted.identity and set(pasted.values) <= {"identity"} and state in flow.CHECKS \
                    and not command_without_output(text):  # at another question too: its setting is still to come
                text = self.render.block("pasted.j2", "identity_only", shown=policy_in_question(pasted.values, [state])
                                         or pasted.identity, **context)  # "Identity : Tag:Sales", and nothing else
                return "pasted_unread", [self.compose.reask(session, text)]
            if not looks_pasted(text) and not only_other_settings(text):
                return None
            return "pasted_unread", [self.compose.reask(session, self.render.block("pasted.j2", "unread", **context))]
        lines = [pasted.lines[key] for key in pasted.lines if key in SETTINGS or key.startswith("storage")]
        preface = self.render.block("pasted.j2", "read", lines=lines, typed=said_in_words(text), **context)
        if shown:
            session.data["pasted_from"].update({c: shown for c in answers if c in POLICY_OF_CHECK
                                                     and _cmdlet_kind(text) in (None, POLICY_OF_CHECK[c])})
        others = {s: a for s, a in answers.items() if s != state}
        noted = self._keep_stated(session, others, "pasted")
        told = self._keep_stated(session, {s: a for s, a in (stated or {}).items() if s not in answers}, "typed")
        noted += told
        own, how = (answers.get(state), "pasted") if state in answers else ((stated or {}).get(state), "typed")
        if own and self.compose.offered(session, state, own):  # ... or in the words around it: "his meetings"
            changed = how == "pasted" and changes_a_setting(text) and state in flow.POLICIES and own == "on"
            if changed:  # "Set-Cs... $true": on the ticket, as "I just turned it on" is
                session.flag("policy_changed")
            reply = self._answer(session, own, how, noted, remark="policy_changed" if changed else None)
            return "pasted", [replace_text(reply, preface + ("\n\n" + reply.text if reply.text else ""))]
        read = preface
        if told:  # the answer above says what it noted; here, what the words around the paste said
            preface = "\n\n".join((preface, self.compose.understood(session, told)))
        proved = [flow.FINDINGS[step] for step in noted if step in flow.FINDINGS]
        if state == "clarify" and proved and proved[0] in flow.TOPIC_CHECK:  # a full OneDrive: its topic and cause
            reply = self._clarified(session, proved[0])
            return "pasted", [replace_text(reply, preface + ("\n\n" + reply.text if reply.text else ""))]
        if noted and session.latest_cause:
            session.trigger("jump_diagnosis")
            return "pasted", [self.compose.enter(session, preface)]
        if state == "offer" and session.data["topic"] in SAVED_TOPICS \
                and any(step in flow.CHECK_OF_OFFER.values() for step, _ in noted):  # a OneDrive's figures: space
            reply = self._still_missing(session)  # left: what else becomes of a recording
            understood = self.compose.understood(session, noted)
            return "pasted", [replace_text(reply, "\n\n".join(p for p in (preface, understood, reply.text) if p))]
        if any(step not in told for step in noted):  # "policy shows AllowCloudRecording : True", at another
            preface = "\n\n".join((read, self.compose.understood(session, noted)))  # question: whose it was taken for
        return "pasted", [self.compose.reask(session, preface)]

    def _row_of_the_table(self, session: Session, assigned: dict[str, str]) -> tuple[str, list[Reply]] | None:
        """The setting of the policy just named as the person's, from the table of several pasted before it."""
        table = session.data.get("table")
        if not table or session.data["pasted_from"]:
            return None
        read = self._pasted(session, table)
        if not read or read[0] != "pasted":
            return None
        session.data["table"] = None
        noted = self.render.block("pasted.j2", "assigned_noted", assigned=assigned)
        return "pasted", [replace_text(reply, f"{noted}\n\n{reply.text}") for reply in read[1]]

    def _set_aside_as_told(self, session: Session, aside: dict[str, str]) -> Reply:
        """ "He actually has a custom policy, not Global", after Global's setting was pasted: that answer is taken
        off the trail, and its question comes back."""
        _forget_pasted(session, aside)
        text = self.render.block("pasted.j2", "another_policy", shown=next(iter(aside.values())),
                                 **self.compose.context(session, None))
        target = session.next_check() if session.state in (*flow.CHECKS, "run_diagnostic", "diagnosis") else None
        if target and target != session.state:
            session.trigger(f"jump_{target}")
            return self.compose.enter(session, text)
        return self.compose.reask(session, text)

    @staticmethod
    def _set_aside(session: Session, assigned: dict[str, str]) -> dict[str, str]:
        """Policy answers pasted from another policy than the one now known to be assigned ("Global", checked first,
        when the person has "Sales-NoRecord"): taken off the trail. Returns check -> the policy they were read from."""
        pasted_from, how = session.data["pasted_from"], session.data["how"]
        aside = {check: name for check, name in pasted_from.items()
                 if POLICY_OF_CHECK.get(check) in assigned and check != "check_organizer_policy"
                 and name.lower() != assigned[POLICY_OF_CHECK[check]].lower() and how.get(check) == "pasted"}
        _forget_pasted(session, aside)
        return aside

    def _confirmation(self, session: Session, text: str) -> tuple[str, list[Reply]] | None:
        """The reply to "So it's off?": yes records it, no asks the question again, anything else is read afresh."""
        pending = session.data.get("confirm")
        session.data["confirm"] = None
        if pending and pending[0] != session.state:
            agreed = _yes_or_no(text)
            if agreed is None:  # "she said attendee": the value asked about (yes) or the one held (no), named
                named = match_choice(pending[0], text, self.compose.shown(session, pending[0]))
                agreed = {pending[1]: True, session.answers.get(pending[0]): False}.get(named) if named else None
            return self._change_confirmed(session, pending, agreed)
        if not pending:
            return None
        state, choice = pending
        agreed = _yes_or_no(text)
        sure = read_answer(state, text, self.compose.shown(session, state))
        if sure is not None and sure.choice and sure.sure and sure.basis not in ("interjection",) \
                and not _only_yes_or_no(text):  # "yes" alone is the confirmation, not the "Yes, with free space" button
            return None  # a full answer ("no, it's on"): read as any answer
        if agreed:
            return "answer", [self._answer(session, choice, "typed")]
        if agreed is False:
            return "confirm_no", [self.compose.enter(session, self.render.page("confirm_no.j2"))]
        return None

    def _clicked(self, session: Session, value: dict) -> tuple[str, list[Reply]]:
        """A card button: a command, an answer to the pending question, or an old card."""
        if value.get("command") in ("restart", "back", "help", "why", "summary", "agent", "user"):
            return f"command:{value['command']}", self._command(session, value["command"])
        state, answer = value.get("state"), value.get("answer")
        pending = session.data.get("confirm")
        if pending and state == pending[0] != session.state and (answer == pending[1] or value.get("confirm") == "no"):
            session.data["confirm"] = None  # a button of "Should I change ...?"
            changed = self._change_confirmed(session, pending, answer == pending[1])
            if changed:
                return changed
        if value.get("confirm") == "no" and state == session.state:
            session.data["confirm"] = None
            return "confirm_no", [self.compose.enter(session, self.render.page("confirm_no.j2"))]
        session.data["confirm"] = None
        if state != session.state:
            again = self._clicked_again(session, state, answer)
            if again:
                return again
            text = self.render.page("stale_card.j2", pending=self.compose.pending(session))
            return "stale_card", [self.compose.reask(session, text)]
        if not isinstance(answer, str) or not self.compose.offered(session, state, answer):
            return "unknown_answer", [self.compose.reask(session, self.render.page("unknown_answer.j2"))]
        return "answer", [self._answer(session, answer, "clicked")]

    def _change_confirmed(self, session: Session, pending: list[str], agreed: bool | None
                          ) -> tuple[str, list[Reply]] | None:
        """Yes or no (``agreed``) to "Should I change ... to ...?" (a correction said with a doubt); None for
        anything else, read afresh, or when the answer it would change is no longer there to change."""
        state, choice = pending
        was = session.answers.get(state)
        if was is None or was == choice or agreed is None:
            return None
        if agreed:
            return "correction", [self._correct(session, [Correction(state, was, choice)])]
        kept = self.render.page("confirm_change.j2", kept=True, check=state, was=was,
                                **self.compose.context(session, None))
        return "confirm_no", [self.compose.reask(session, kept)]

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
                return "command:restart", [commands.restart(self.compose, session)]
            return "continue", [self.compose.reask(session, self.render.page("continue.j2"))]
        if trail and trail[-1] == [state, answer]:
            return "repeat", []
        return None

    def _answer(self, session: Session, choice: str, how: str = "clicked",
                noted: list[tuple[str, str]] | None = None, remark: str | None = None) -> Reply:
        """Record the answer, say how to find out when it is `unsure`, and move on; with what the same message
        remarked (``remark``: "it was enabled this morning" says when a change applies)."""
        state, kb = session.state, self.render.citing()
        if state == "welcome":
            session.trigger("start")
            return self.compose.enter(session, "")
        if state in flow.END_STATES:
            return commands.restart(self.compose, session)
        if state == "clarify":
            return self._clarified(session, choice)
        meant = flow.UNSURE_MEANS.get(state) if choice == "unsure" else None  # where no "I'm not sure" is offered
        if state == "offer" and choice == "start_check" and session.symptom == flow.QUESTION_SYMPTOM:
            session.flag("guided")  # the guided check, after a question: of a recording that won't start
        self._record(session, state, meant or choice, how)
        if state == "diagnosis" and choice == "fixed" and len(session.data["problems"]) > 1:
            return self._next_problem(session)
        preface = self.compose.understood(session, noted) if noted else ""
        if choice == "unsure":
            preface = self.render.block(f"{state}.j2", "unsure", **self.compose.context(session, kb))
        elif self.render.has_block(f"{state}.j2", f"answered_{choice}"):  # e.g. the update before the Stream checks
            preface = self.render.block(f"{state}.j2", f"answered_{choice}", **self.compose.context(session, kb))
        if remark:
            said = self.render.page(f"remarks/{remark}.j2", **self.compose.context(session, kb))
            preface = "\n\n".join(p for p in (preface, said) if p)
        if state == "triage" and choice in flow.TRIAGE_TOPIC:
            session.data["topic"] = flow.TRIAGE_TOPIC[choice]
            if choice != "missing_content":
                preface = self.render.page(f"topics/{session.data['topic']}.j2", **self.compose.context(session, kb))
        if noted and session.latest_cause and (state, choice) not in flow.FINDINGS \
                and session.findings()[-1] in [(s, flow.FINDINGS.get((s, a))) for s, a in noted]:
            session.trigger("jump_diagnosis")  # a fact stated with the answer proved a cause
            return self.compose.enter(session, preface, kb)
        session.trigger(meant or choice)
        if noted and session.state in flow.CHECKS and session.state in session.answers:
            session.trigger(f"jump_{session.next_check()}")  # "her OneDrive is fine" picked the OneDrive check too
        if session.state == "diagnosis" and not session.latest_cause:
            # "a phone call to an external number", at how they join a meeting: the call noted with it makes the
            # answer no cause, so the checks go on
            session.trigger(f"jump_{session.next_check()}")
        return self.compose.enter(session, preface, kb)

    def _record(self, session: Session, state: str, choice: str, how: str) -> None:
        """An answer into the trail (replacing an earlier one to the same question) with where it came from."""
        trail = session.data["trail"]
        trail[:] = [step for step in trail if step[0] != state] if state in flow.CHECKS else trail
        trail.append([state, choice])
        session.data["how"][state] = how

    def _triage_story(self, session: Session, story: str, read: list):
        """:meth:`_triage` of text other than the turn's own message (the first message with more of the
        story, the problem after "found it, but ..."), with what that text states."""
        read_as = respelled(_clip(story), self.is_word)  # as a message is read: "recrod" is "record"
        facts = facts_of(session, read_as)
        return self._triage(session, read_as, facts, read, story)

    def _triage(self, session: Session, text: str, facts: Facts | None = None, read: list | None = None,
                raw: str | None = None, turn: Turn | None = None):
        """A first message: find its topic, keep what it already answers, jump to the right step.

        Unsure of the topic, it asks "Is it one of these?" rather than guess.
        Returns the topic, the answer to show before the next question, and its citations.
        """
        result = self._problem_told_before_a_paste(raw) or self._first_problem(text)
        facts = facts or read_facts(text, session.agent, someone=session.about_someone)
        # What Teams showed stays; so does what the person said at "Is it one of these?", about this same problem.
        how = session.data["how"]
        # ... or, after a first message the guide doesn't cover, what was told since ("he's the organizer, regular
        # meeting", then "so why can't he record")
        same_problem = session.state == "clarify" or session.state == "offer" and session.data["topic"] == "other"
        kept = {s: a for s, a in session.data["trail"] if s in flow.CHECKS and (how.get(s) == "read" or same_problem)}
        told, earlier = raw or text, (session.data["reported"] or "").rstrip(" .") if same_problem else ""
        if earlier and earlier not in told:  # "he's presenter" at "Is it one of these?": the problem told before too
            told = told_on(earlier, told)
        session.data.update(trail=[[s, a] for s, a in kept.items()], topic=result.topic,
                            candidates=list(result.candidates), reported=_trimmed(_words_before_a_paste(told)) or None,
                            status=None,
                            problems=self._problems_in(text, result.topic, "\n" in (raw or text).strip()))
        session.data["how"] = {s: how.get(s, "typed") for s in kept}
        self._note_context(session, facts)
        if session.about_someone:  # "my colleague can't record": what Teams says of the sender is not about them
            _forget_read_of_the_sender(session)
        kb = self.render.citing()
        slots = {**result.slots, **facts.answers}
        if result.slots.get(flow.KIND_CHECK) in ("call", "event"):  # "I can record meetings but not when I call
            slots[flow.KIND_CHECK] = result.slots[flow.KIND_CHECK]  # someone": what works is not the kind asked about
        _organizer_over_a_guess(slots)
        assigned: dict[str, str] = {}
        expiry = None
        pasted_answers: dict[str, str] = {}
        if _mentions_settings(raw or text):
            pasted = read_pasted(raw or text)
            answers = dict(pasted.answers)
            account = _of_another_account(session, pasted.values, raw or text)
            if account and "check_policy" in answers:  # "organized by her boss tom@...", then tom's policy pasted:
                organizers = answers.pop("check_policy")  # his, not hers
                if slots.get("check_organizer") == "someone_else":
                    answers["check_organizer_policy"] = organizers
            slots.update(answers)
            pasted_answers = answers
            if not answers and pasted.several:  # "All our meeting policies:" and a table: the person's row, once
                session.data["table"] = (raw or text)[:MAX_TABLE]  # their policy is said
            assigned = assigned_policies(pasted.values) if not account else {}  # Get-CsOnlineUser pasted first
            session.data["policies"].update(assigned)
            expiry = pasted.values.get("newmeetingrecordingexpirationdays")  # "... disappear after two weeks", 14
            if shown := policy_in_question(pasted.values, tuple(answers)):  # the fix names the policy pasted
                session.data["pasted_from"].update({c: shown for c in answers if c in POLICY_OF_CHECK
                                                     and _cmdlet_kind(raw or text) in (None, POLICY_OF_CHECK[c])})
        if result.topic == "other" and not result.redirect and session.agent and any(
                check in flow.POLICIES for check in slots):  # an agent's first message, a recording setting pasted:
            result = replace_topic(result, "start")         # the checks, with what the paste settles
            session.data["topic"] = result.topic
        if result.topic in ("other", "unclear") and not result.redirect and facts.answers and only_facts(text):
            # "regular meeting, she's the organizer", before any problem is told: the facts of a recording that
            # fails, so the checks, with those answered
            result = replace_topic(result, "start")
            session.data["topic"] = result.topic
        if facts.answers.get("check_meeting_role") == "organizer" and result.topic in ("policy_organizer", "unclear") \
                and {"policy_organizer", "meeting_role"} & {result.topic, *result.candidates[:1]}:
            # "can't record any meetings, I'm the organizer", "im the organizer and i cant record": no one else's
            # policy is in the way, nor the role, so the checks from the start
            result = replace_topic(result, "start")
            session.data["topic"] = result.topic
        outsiders = facts.answers.get("check_meeting_role") == "organizer" and result.topic == "auth_external" \
            and not session.about_someone
        if outsiders:  # "recording a meeting with an external vendor. I'm the organizer": the outsiders are the others
            result = replace_topic(result, "start")
            session.data["topic"] = result.topic
            slots.pop("check_auth_type", None)
        said = topic_said(text, result.topic)
        if said != result.topic and result.topic == "auth_external" and facts.answers.get("check_auth_type") is None:
            slots.pop("check_auth_type", None)  # "the contractor who recorded it has left": no one's joining, guessed
        if said != result.topic:  # the topic read first was not the problem: not a second one either
            others = [p for p in session.data["problems"][1:]
                      if p not in (said, result.topic) and _another_problem(said, p)]
            session.data["problems"] = [said, *others]
            result = replace_topic(result, said)
            session.data["topic"] = said
            if said in MEETING_KIND:  # "for his 1:1 calls, meetings fine": a call
                slots[flow.KIND_CHECK] = MEETING_KIND[said]
        if result.topic in SHOWS_UP_LATER and read_followup(text, "storage_location") == "when_available":
            # "my recording is still processing after 3 hours", "how long does a recording take to show up?": it was
            # made, and is on its way to where recordings go
            result = replace_topic(result, "storage_location")
            session.data.update(topic=result.topic, problems=[result.topic])
        if result.topic in ("unclear", "other", "start", "run_diagnostic"):  # (a test's result naming no OneDrive)
            proved = [flow.FINDINGS[(s, a)] for s, a in slots.items() if (s, a) in flow.FINDINGS]
            if proved and proved[0] in flow.TOPIC_CHECK:  # the message states the cause: "I'm only attending"
                result = replace_topic(result, proved[0])
                session.data["topic"] = result.topic
                session.data["problems"] = [result.topic, *(p for p in session.data["problems"][1:]
                                                            if flow.symptom_of(p) != flow.symptom_of(result.topic))]
        # "Aufnahme in Teams funktioniert nicht": what the triage made of it is a guess (command output is no language)
        foreign = result.topic in ("other", "unclear", "start") and not result.redirect \
            and not _mentions_settings(text) and not looks_pasted(text) and looks_foreign(text, self.is_word)
        if foreign:
            result, slots = replace_topic(result, "other"), {}
            session.data["topic"] = result.topic
        asked = read_followup(text, result.topic) or ("external_ok" if outsiders else None)  # of the topic too:
        # "deleted after 60 days, can i change that?"; and that outsiders don't stop the organizer
        others_watch = result.topic == "storage_location" and facts.someone  # "my students can't see the recording"
        if asked in ("access", "give_access") and (result.topic in flow.TOPIC_CHECK or others_watch):
            # "can't share it with external people": the recording exists, so nothing stopped it being made, and
            # "external people" are who it is shared with, not how one joins
            result = replace_topic(result, "unclear")
            slots = dict(facts.answers)
        if asked in QUESTIONS_NOT_PROBLEMS and not _CANT_RECORD.search(text):
            result = replace_topic(result, "unclear")
        if result.topic == "unclear" and asked in FIRST_MESSAGE_FOLLOWUPS:  # a question of a kind answered as is
            # ... and the checks after it when recording can't be started ("I can't record, the organizer is on
            # vacation")
            result = replace_topic(result, "start" if _CANT_RECORD.search(text) else "other")
            session.data["topic"] = result.topic
        if result.topic == "unclear":
            noted = self._keep_stated(session, _in_asking_order(slots), "typed", pending=None)  # "in a channel meeting"
            _as_pasted(session, pasted_answers)
            context = self.compose.context(session, kb)
            preface = self.render.block("clarify.j2", "unsure", redirect=result.redirect, **context)
            session.trigger("jump_clarify")
            return result.topic, "\n\n".join(p for p in (self.compose.understood(session, noted), preface) if p), kb
        context = self.compose.context(session, kb)
        context["checks"] = {**slots, **context["checks"]}  # what the message states counts in the answer to it
        result_asked = result.topic == "run_diagnostic" and (facts.test_run or "run_diagnostic" in slots) \
            and "?" not in text  # "I ran the test"; "diagnostic says: ... No issues detected."
        answered_first = asked in FIRST_MESSAGE_FOLLOWUPS or (result.topic, asked) in TOPIC_QUESTIONS
        if result_asked or answered_first:  # the topic's own answer is not shown, nor cited
            preface = ""
        else:
            preface = self.render.page(f"topics/{result.topic}.j2", redirect=result.redirect, **context)
        if foreign:
            preface = self.render.page("not_english.j2", **context)
        if answered_first:  # "can I not record because of the external people?", "can I change that?": that first
            context = {**self.compose.context(session, kb), "kind": session.kind or slots.get(flow.KIND_CHECK)}
            preface = self.render.page(f"followups/{asked}.j2", pending=None, **context)  # of the webinar it names
            if turn is not None:  # asked more of ("how do I stop them?"), not asked again: the answer once more
                turn.answered = f"first:followup:{asked}"
        elif result.topic == "other" and result.redirect and turn is not None:  # "what about transcript then?": no
            turn.answered = _uncovered(result.redirect)  # more, said once
        if "policy_changed" in facts.remarks and result.topic in CHANGED_POLICY_TOPICS:
            # "ran Set-CsTeamsMeetingPolicy ... $true, still nothing": a change that hasn't reached them yet, first
            preface = "\n\n".join((self.render.page("remarks/policy_changed.j2", **context), preface))
        if assigned:
            preface = "\n\n".join((self.render.block("pasted.j2", "assigned_noted", assigned=assigned), preface))
        if expiry and result.topic in ("ams_expiry", "storage_location"):
            preface = "\n\n".join((self.render.block("pasted.j2", "expiry_read", days=expiry), preface))
        gone_to = self._go_to_topic(session, result.topic, slots, preface, kb, result_asked)
        _as_pasted(session, pasted_answers)
        return result.topic, *gone_to

    def _go_to_topic(self, session: Session, topic: str, slots: dict[str, str], preface: str, kb,
                     result_asked: bool = False):
        """Jump to the step a topic leads to, keeping the answers the message gave: its check, the
        diagnosis when the message proves a cause, or the offer after an informational answer."""
        session.data["topic"] = topic
        noted = self._keep_stated(session, _in_asking_order(slots), "typed", pending=None)
        if noted:
            preface = "\n\n".join(p for p in (self.compose.understood(session, noted), preface) if p)
        also = self._also_mentioned(session)
        if also:
            preface = "\n\n".join((preface, also))
        if result_asked and not session.latest_cause:  # (a pasted result that names the cause is the diagnosis)
            # "I ran the recording test": what it reported, not how to run it (or, when told, the next check)
            told = "run_diagnostic" in session.answers
            session.trigger(f"jump_{session.next_check() if told else 'run_diagnostic'}")
            return preface, kb
        if topic not in flow.TOPIC_CHECK and not (topic == "run_diagnostic" and session.latest_cause):
            session.trigger("jump_offer")  # ("the test says no required Teams licence" is a diagnosis, below)
            return preface, kb
        target = flow.TOPIC_CHECK.get(topic, "run_diagnostic")
        if session.latest_cause:  # the message proves the cause: the diagnosis says it all
            target, kb = "diagnosis", self.render.citing()
            preface = "\n\n".join(p for p in (self.compose.understood(session, noted), also) if p)
        elif target in session.answers or session.moot(target):
            target = session.next_check()
        session.trigger(f"jump_{target}")
        return preface, kb

    def _clarified(self, session: Session, topic: str) -> Reply:
        """A click on "Is it one of these?": carry on as if the first message had named that topic."""
        session.data["trail"].append(["clarify", topic])
        kb = self.render.citing()
        preface = self.render.page(f"topics/{topic}.j2", **self.compose.context(session, kb))
        return self.compose.enter(session, *self._go_to_topic(session, topic, {}, preface, kb))

    def _answer_question(self, turn: Turn, facts: Facts) -> Reply:
        """Free text that answers nothing pending: what it states is kept, what it asks is answered
        (or honestly not), then the pending question comes again.

        What it states about other checks ("my manager organized it") is kept, as a first
        message's would be; when that proves a cause, the diagnosis follows.
        """
        session, text = turn.session, turn.text
        if (aside := _pasted_from_another(session, text)) and not facts.answers:
            return self._set_aside_as_told(session, aside)
        if (named := _pasted_policy_said_to_be_theirs(session, text)) is not None:  # "that's the one both of them have"
            session.data["policies"]["meeting"] = named
            said = self.render.block("pasted.j2", "assigned", assigned={"meeting": named}, aside={}, back=False,
                                     stands=[named], **self.compose.context(session, None))
            return self.compose.reask(session, said)
        if session.state in flow.POLICIES and not facts.answers.get(session.state) and not asks(text) \
                and (named := other_policy_named(session.state, text)) \
                and session.moot(POLICY_CHECK_OF_KIND[named]):  # "meeting policy has recording on", asked the
            text = self.render.page("other_policy.j2", named=named, **self.compose.context(session, None))
            return self.compose.reask(session, text)  # events policy: one that doesn't count for a webinar
        kb = self.render.citing()
        about = session.latest_cause if session.state == "diagnosis" and session.latest_cause else session.data["topic"]
        # at a diagnosis, a follow-up is of its cause (a full OneDrive's); a Grant- pasted there is the fix made, not
        # a question of how to make it
        followup = read_followup(text, about, session.state, _last_answered(session)) \
            if not (session.state == "diagnosis" and changes_a_setting(text)) else None
        if followup == "how_to_know" and session.state not in flow.CHECKS and _answer_before(session):
            followup = "more_on_that"  # "where's that setting?" with no check pending: of the answer just given
        more_of = _answer_before(session) if followup == "more_on_that" else None  # "how do I stop them?"
        if followup == "more_on_that" and more_of is None:
            followup = None  # no answer of ours before it: read as any other message
        # a question of a listed kind is answered as that kind; "it's been 2 days" is how long, no recording's age
        result = self.triage(text) if not followup and not only_waited(text) else None
        if result is not None and result.topic in ("unclear", "other") and not _NAMES_A_SETTING.search(text) \
                and (said := topic_said(text, result.topic)) not in (result.topic, "start"):
            result = replace_topic(result, said)  # 'in the chat appear "the recording could not be saved"': what it is
        if result is not None and result.topic == "ams_expiry" \
                and _HOW_LONG_OF_ANOTHER_THING.search(fold_for_cues(text)):
            result = None  # "how long until the link works?": how long something else takes, not how long one is kept
        remark = _remark_at(session.state, facts.remarks, _changes_the_policy_named(session)) \
            if not _sounds_asked(text) else None  # "it depends"
        organizer = session.recorder_is_organizer  # a guess from the topic never unsays "I'm the organizer"
        of_another = not (session.agent or session.about_someone) and (
            said_of_another(fold_for_cues(text)) or facts.others_join is not None  # "hes at a different company"
            or said_of_other_people(text))  # "patients just join from the link, no account"
        guessed = {c: a for c, a in result.slots.items() if not (c == "check_organizer" and organizer)
                   and not (c == "check_auth_type" and of_another)  # "she's external"
                   and not (c == flow.KIND_CHECK and session.answers.get(c, a) != a)  # "calling policy allows
                   } if result is not None else {}  # recording", of a meeting: the topic's kind guessed, not told
        if of_another and not followup and (result is not None and result.topic == "auth_external"
                                            or facts.others_join in ("federated", "guest")):
            followup, result = "external_ok", None  # the client called is external: that stops nobody recording
        stated = _organizer_over_a_guess({**guessed, **facts.answers}) if result is not None else facts.answers
        if of_another and "check_auth_type" in stated:  # "they're federated i guess": the vendor's people, not me
            stated = {s: a for s, a in stated.items() if s != "check_auth_type"}
        if "check_organizer" not in stated and set_up_by_another(text) and (
                session.state in ("check_meeting_role", "check_organizer") or session.recorder_is_organizer
                and opens_as_correction(text)[0]):  # "it's my 1:1 with my manager, he set it up"; "actually no
            stated = {**stated, "check_organizer": "someone_else"}  # wait he made it", after "I made it"
        if remark == "varies":  # "sometimes I'm the organizer, sometimes not": said of no one meeting
            stated = {}
        if asks(text):  # "is it the same policy as meetings?" names a meeting, and changes no answer
            stated = _unanswered(session, stated)
        elif "check_meeting_type" in stated and kind_only_asked(text):  # "so calls work differently? what do I
            stated = {s: a for s, a in stated.items() if s != "check_meeting_type"}  # tell my admin": no news
        if not stated and not followup:  # "ok i asked, admin says it's on", after the policy's "I'm not sure"
            stated = self._found_out_since(session, text)
        changes = stated_changes(session.answers, stated, session.state)
        # "he made me presenter", at "Did that fix it?" after an attendee's diagnosis: the fix, made now
        if changes and "change_made" in facts.remarks and self._fix_made(session, changes, text):
            # ... and that the organizer made them one is no news of who organized it
            remark = "change_made"
            stated = {s: a for s, a in _unanswered(session, stated).items() if s != "check_organizer"}
        elif changes:  # "actually no, my colleague scheduled it, im just presenting": the new facts beside it too
            added = {s: a for s, a in stated.items() if s not in session.answers and s != session.state}
            return self._correct(session, changes, self._keep_stated(session, added, "typed") if added else [])
        answered_before = set(session.answers)
        cause_before = [cause for _, cause in session.findings()]
        if followup == "option_excludes":  # "Tom set Who can record to organizers and co-organizers": a presenter's
            session.flag("presenters_left_out")  # cause, now or once the role is said
        noted = self._keep_stated(session, stated, "typed")
        taken_back = bool(answered_before - set(session.answers))  # "sorry, I'm not the organizer after all"
        proved = [flow.FINDINGS[step] for step in noted if step in flow.FINDINGS]
        if session.state == "clarify" and proved and proved[0] in flow.TOPIC_CHECK \
                and flow.symptom_of(proved[0]) in _symptoms_offered(session):
            # "i clicked dont allow by accident", asked which problem it is: the one it proves (not "I'm an
            # attendee", asked whether old recordings expired or went missing: an attendee starts none)
            reply = self._clarified(session, proved[0])
            said = self.compose.understood(session, noted)
            return replace_text(reply, "\n\n".join(part for part in (said, reply.text) if part))
        if (noted or followup == "option_excludes" and session.latest_cause not in cause_before) \
                and session.latest_cause and session.state != "diagnosis":
            session.trigger("jump_diagnosis")
            return self.compose.enter(session, self.compose.understood(session, noted))
        if session.state == "diagnosis" and proved and proved[-1] == session.latest_cause and not followup \
                and session.latest_cause not in cause_before:  # "the trainer is from an external company though",
            return self.compose.enter(session, self.compose.understood(session, noted))  # after an attendee's: it too
        if session.state == "diagnosis" and noted and cause_before \
                and cause_before[-1] not in [cause for _, cause in session.findings()]:
            # "its just a group call with 4 of us", at an attendee's diagnosis: a call has no attendees, so the
            # cause shown no longer holds, and the checks go on where the new answer leads
            session.trigger(f"jump_{'diagnosis' if session.latest_cause else session.next_check()}")
            return self.compose.enter(session, self.compose.understood(session, noted))
        if noted and session.state in flow.CHECKS and (not session.applies(session.state) or taken_back
                                                       and _comes_before(session.next_check(), session.state)):
            # the pending question no longer applies, or an answer given earlier was taken back ("sorry, I'm
            # not the organizer, my manager set it up"): its question comes now
            session.trigger(f"jump_{session.next_check()}")
            return self.compose.enter(session, self.compose.understood(session, noted))
        context = self.compose.context(session, kb)
        asked_which = not followup and session.state == "check_consent" and says_it_asked(text)  # "yes, a banner"
        if result is not None and not facts.myself and not remark and not asked_which \
                and session.state in (*flow.CHECKS, "run_diagnostic") \
                and (still_stuck(text) or not stated and (tells_the_symptom(text)
                                                          or _tells_the_problem_again(session, result, text))):
            followup = "what_else"  # "still no record button", "my recording failed": the checks go on
        lead = noted  # what this message was taken to say, before the reply to the rest of it
        if more_of:
            body = self._again_or(f"more:{more_of}", self._in_full(session, more_of, text, context), turn, context)
        elif followup == "already_said" and (restated := self._restated(session, facts.answers, text)):
            body = self.compose.understood(session, restated, again=True)  # "I already told you I'm the organizer"
        elif followup == "how_to_change" and _names_the_scope(text):  # "and for everyone?", after "just for me?":
            body = self._followup(session, followup, text, context)  # a new question, not the same one again
            turn.answered = f"followup:{followup}"
        elif followup:
            body = self._again_or(f"followup:{followup}", self._followup(session, followup, text, context), turn,
                                  context)
        elif asked_which:
            body = self.render.block("check_consent.j2", "asked_which", **context)
        elif (facts.channel or facts.not_channel or (flow.KIND_CHECK, "call") in noted) \
                and session.state in ("offer", *flow.END_STATES) and session.data["topic"] in SAVED_TOPICS:
            # "it was a channel meeting" (or, after all, not one; or a call), after where recordings go: where that
            # one's goes
            body = self.render.page("followups/where_saved.j2", pending=session.state, not_channel=facts.not_channel,
                                    again="channel" in turn.said_again, told=bool(noted), **context)
        elif facts.channel and session.state in (*flow.CHECKS, "offer"):  # "its in the class team, the general one"
            again = "channel" in turn.said_again
            lead, told = (noted, []) if again else ([], noted)  # "a channel meeting" is a meeting: one line, not two
            body = self.compose.understood(session, [*told, ("channel", "yes")], again=again)
            turn.answered = session.data["last_answer"]  # a fact more keeps the answer before in view
        elif noted:  # a fact noted in passing keeps the answer before in view ("im the teacher", "how do I stop them?")
            body, turn.answered = "", session.data["last_answer"]
        elif not followup and (restated := self._checked_back(session, text)):  # "so he is the organizer?"
            body = self.compose.understood(session, restated, again=True)
        elif facts.myself:  # "sorry, it's me not her": the questions are about the person typing now
            body = self.render.page("about_myself.j2", **context)
        elif facts.client and not (remark and remark not in turn.said_again):  # a new remark says more
            # "I join from the browser usually": noted for the ticket, and what the page says of it
            body = self.render.page("client.j2", **context)
        elif remark:
            remarks = self.compose.words_of(session, session.agent)["remarks"]
            body = self.render.page("remarks/again.j2", told=remarks[remark]) if remark in turn.said_again \
                else self.render.page(f"remarks/{remark}.j2", **context)
            turn.answered = f"remark:{remark}"  # "done", then at once "he still can't": too soon to tell
        elif restated := self._restated(session, stated, text):  # "it's just a 1:1 call" again: agreed, not misread
            body = self.compose.understood(session, restated, again=True)
        elif result is not None and result.topic not in ("other", "start", "unclear") and (
                result.topic != session.data["topic"] or asks(text)):  # "ok so what about partner companies"
            topic = POLICY_OF_KIND.get(session.kind or "", result.topic) if result.topic == "policy_user" \
                else result.topic  # "is it the same policy as meetings?", asked about a call: the calling policy
            body = self._again_or(f"topic:{topic}", self.render.page(f"topics/{topic}.j2", redirect=result.redirect,
                                                                     **context), turn, context)
        elif result is not None and result.topic == "other" and result.redirect:  # the same subject again: no more
            body = self._again_or(_uncovered(result.redirect), self.render.page(
                "topics/other.j2", redirect=result.redirect, **context), turn, context)
        elif result is not None and result.topic == "other" and session.state == "offer" \
                and result.scores.get("out_of_scope") and not _sounds_asked(text):
            # "the video is fine just no sound at all", after an answer: more of what the guide doesn't cover
            body = self._again_or(_uncovered("more"), self.render.page("topics/other.j2", **context), turn, context)
        elif session.state in ("offer", "diagnosis") and says_unsure(text):  # "not sure" at "What next?"
            body = self.render.block(f"{session.state}.j2", "explain", **context)
        elif ends_waiting(text):  # "hmm but her policy should be Global, let me check"
            body = self.render.page("waiting.j2", **context)
        else:  # what the question means, with it: "she's a member of the team" is no role in the meeting
            asked = _sounds_asked(text)
            meaning = self.render.block(f"{session.state}.j2", "explain", **context) if not asked \
                and session.state in flow.CHECKS and self.render.has_block(f"{session.state}.j2", "explain") else ""
            body = self.render.page("no_answer.j2", pending=True, meaning=meaning, asked=asked, **context)
        parts = [self.compose.understood(session, lead) if lead else "", body]
        if noted and session.contradictions:
            parts.insert(0, self.render.page("contradictions.j2", **context))
        said = "\n\n".join(p for p in parts if p)
        # a reply that is all quotes (a topic's rule, asked about again) shows them: nothing would be left but "Why?"
        return self.compose.reask(session, said, kb, whole=followup in RULE_ASKED or bool(more_of)
                                  or bool(said) and not split_quotes(said)[0].strip())

    def _again_or(self, kind: str, answer: str, turn: Turn, context: dict) -> str:
        """The answer; or, to the same question asked again right after its answer ("is there a way to get it
        back", twice), that there is no more to say: the same paragraph twice reads as the bot not listening."""
        turn.answered = kind
        if turn.session.data["last_answer"] != kind or kind in ANSWERED_AGAIN:  # where the checks go on:
            return answer  # said again, it is still where they go on, not "that's all I have"
        return self.render.page("followups/again.j2", **context)

    def _in_full(self, session: Session, answered: str, text: str, context: dict) -> str:
        """What the answer just given kept behind "Why?" (the organizer's option, the setting's place), for "how do
        I stop them?" right after it; that there is no more, when it kept nothing there."""
        kind, name = answered.split(":", 1)
        if kind == "followup":
            page = self._followup(session, name, text, context)
        elif kind == "other":  # where Microsoft answers a subject the guide doesn't cover
            page = self.render.page("topics/other.j2", **{**context, "redirect": name})
        else:
            page = self.render.page(f"topics/{name}.j2", **context)
        kept = split_quotes(page)[1]
        return kept or self.render.page("followups/more_on_that.j2", **context)

    def _found_out_since(self, session: Session, text: str) -> dict[str, str]:
        """The setting of the policy just answered "I'm not sure", told back at the next question by someone
        who looked (nothing when the pending question is itself one an on or off answers); or, in a few words, the
        role or account just answered so."""
        trail = session.data["trail"]
        if not trail or trail[-1][1] != "unsure":
            return {}
        state = trail[-1][0]
        if state in flow.GUESSES_THAT_STAND and len(text.split()) <= FOUND_OUT_WORDS \
                and read_answer(session.state, text, self.compose.shown(session, session.state)) is None:
            # "says attendee", at who organized it, after "not sure what my role is": the role, looked up
            reading = read_answer(state, text, self.compose.shown(session, state))
            return {state: reading.choice} if reading and reading.sure and reading.choice not in (None, "unsure") \
                else {}
        if session.state in flow.POLICIES or not reports_back(text) or state not in flow.POLICIES:
            return {}
        reading = read_answer(state, text, self.compose.shown(session, state))
        return {state: reading.choice} if reading and reading.sure and reading.choice in ("on", "off") else {}

    @staticmethod
    def _fix_made(session: Session, changes: list[Correction], text: str) -> bool:
        """At "Did that fix it?", a change said of the very check that found the cause ("he made me presenter"),
        without a correction's "actually" or "sorry": the fix was made, and the old answer was true."""
        if session.state != "diagnosis" or opens_as_correction(text)[0]:
            return False
        found = session.findings()
        return bool(found) and all(c.state == found[-1][0] and (c.state, c.now) not in flow.FINDINGS
                                   for c in changes)

    @staticmethod
    def _restated(session: Session, stated: dict[str, str], text: str) -> list[tuple[str, str]]:
        """What a message says again that the session already holds, when it says nothing else. A meeting alone
        is said again only in a few words: "she's an attendee in that meeting" names one in passing."""
        answers = session.answers
        same = [(s, a) for s, a in stated.items() if answers.get(s) == a]
        # ("Is a meeting, normal meeting of the team every monday" says it first, then more of it)
        if same == [(flow.KIND_CHECK, "meeting")] and kind_told_words(text) > KIND_ONLY_WORDS \
                and not _KIND_FIRST.match(fold_for_cues(text)):
            return []
        return same if same and len(same) == len(stated) else []

    def _checked_back(self, session: Session, text: str) -> list[tuple[str, str]]:
        """ "so he is the organizer?", "so it's a call?": what the session already holds, asked back to be sure."""
        folded = fold_for_cues(text)
        if not folded.endswith("?") or len(folded.split()) > CHECKED_BACK_WORDS:
            return []
        return self._restated(session, facts_of(session, _CHECKING_BACK.sub("", folded.rstrip(" ?"))).answers, text)

    def _followup(self, session: Session, followup: str, text: str, context: dict) -> str:
        """The answer to a follow-up question; "how would I know ...?" is about the check it names, if another."""
        folded = fold_for_cues(text)
        checking = followup == "powershell" and _CHECK_ASKED.search(folded) is not None  # "how do I check it
        if followup == "powershell" and _FOR_ONE_PERSON.search(folded) and not checking:  # applied for one user"
            followup = "how_to_change"  # "the exact command for just her": the change
        about = (subject_of(text) or _subject_answered_before(session, text)) if followup == "how_to_know" else None
        elsewhere = about is not None and about != session.state and about in flow.CHECKS
        if elsewhere:  # the pending question's "I'm not sure" is not this check's
            context = {**context, "find_out": lambda: self.compose.find_out(session, context["kb"], about=about)}
        unsure_shown = not elsewhere and self.compose.offered(session, session.state, "unsure")
        template = f"{about if elsewhere else session.state}.j2"
        named_check = subject_of(text) if followup == "powershell" else None  # "what meeting policy she has"
        if checking and session.state == "diagnosis" and (checked := flow.TOPIC_CHECK.get(session.latest_cause or "")) \
                and (named_check is None or named_check == checked):
            template = f"{checked}.j2"  # "how do I check it applied from powershell", at a diagnosis: the lookup
        elif followup == "powershell" and (named := named_check) in flow.CHECKS and named != session.state \
                and self.render.has_block(f"{named}.j2", "powershell") and (checking or session.state != "diagnosis"):
            template = f"{named}.j2"  # "give me the powershell to check his policy anyway", at the test's question
        elif followup == "powershell" and _NAMES_EXPIRY.search(folded):
            template = "expiry_setting.j2"  # "what's the powershell to check the expiration setting", at any question
            context = {**context, "changing": _CHANGES_IT.search(folded) is not None}
        elif followup == "powershell" and session.state == "diagnosis" and session.latest_cause:
            # "what's the exact command?", at a diagnosis: the fix's
            template = f"causes/{session.latest_cause}.j2"
        # an agent asking how to check a policy gets its PowerShell line as well as the admin center's steps
        wants_commands = followup == "powershell" or followup == "how_to_know" and session.agent \
            and not _NO_POWERSHELL.search(folded)  # "I'd rather use the admin center than powershell"
        commands = self.render.block(template, "powershell", **context) \
            if wants_commands and self.render.has_block(template, "powershell") else ""
        of_expiry = _NAMES_EXPIRY.search(folded) or session.data["last_answer"] == _uncovered("expiration")
        named = "ams_expiry" if followup == "how_to_change" and of_expiry else None
        if followup == "how_to_change" and not named and _NAMES_CONSENT.search(folded):
            named = "recording_consent"  # "can i turn off the consent thing for my meetings", whatever is pending
        one_person = followup == "how_to_change" \
            and (_FOR_ONE_PERSON.search(folded) or _REMOVES_OWN.search(folded)) is not None
        if one_person and not named and (_TO_GLOBAL.search(folded) or policy_to_give(text)) \
                and kind_named(text) in (None, "meeting"):
            named = "check_policy"  # "command to set her back to Global", at any question: her meeting policy
        return self.render.page(f"followups/{followup}.j2", pending=session.state, unsure_shown=unsure_shown,
                                commands=commands, before=_answer_before(session), named=named,
                                one_person=one_person, to_global=one_person and _TO_GLOBAL.search(folded) is not None,
                                turns_on=_TURNS_ON.search(folded) is not None and not _TURNS_OFF.search(folded),
                                given=policy_to_give(text) if one_person else None,
                                which_asked=followup == "whose_policy" and _WHICH_OF_TWO.search(folded) is not None,
                                **context)

    def _keep_stated(self, session: Session, slots: dict[str, str], how: str = "typed",
                     pending: str | None | bool = True) -> list[tuple[str, str]]:
        """Record answers a message states for checks not yet answered (never the pending one)."""
        answered, sources = session.answers, session.data["how"]
        skip = session.state if pending is True else None
        # what the person says of themselves corrects what Teams showed ("actually I'm a guest here")
        # ... and "I'm not sure" gives way to what they found out since ("she says she's a presenter")
        # ... and what they say now of an answer typed or clicked earlier ("im just presenting" after "organizer")
        kept = [(state, answer) for state, answer in slots.items()
                if (state not in answered or answered[state] == "unsure" and answer != "unsure"
                    or sources.get(state) == "read" and answered[state] != answer
                    or answered[state] != answer and sources.get(state) in OUTSTATED[how])
                and state != skip and answer in flow.CHOICES.get(state, ())]
        for state, answer in kept:
            self._record(session, state, answer, how)
        role = "check_meeting_role"
        if ("check_organizer", "someone_else") in kept and role not in slots \
                and session.answers.get(role) == "organizer" and sources.get(role) != "read":
            # "wait, my colleague set it up": not the organizer after all, and the role is asked again next
            session.data["trail"] = [step for step in session.data["trail"] if step[0] != role]
        return kept


    def _take_read(self, session: Session, read: dict) -> list[tuple[str, str]]:
        """Facts the host read from Teams itself: recorded as read (verified), announced once. What Teams says
        of the sender alone is left out when the checks are about someone else (an agent's caller, a colleague)."""
        fresh = [(state, answer) for state, answer in read.items()
                 if not (session.about_someone and state in SENDERS_OWN)
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
        told = [(remark, True) for remark in facts.remarks if remark in REMARKS]
        someone = facts.someone and "others_cant" not in facts.remarks  # "other people can't record either": me too
        for flag, said in (("channel", facts.channel), ("stream", facts.stream), ("someone", someone),
                           ("test_run", facts.test_run), *told):
            if said:
                session.flag(flag)
        if "change_made" in facts.remarks and (session.state == "diagnosis" and session.latest_cause in flow.SLOW_FIXES
                                               or _changes_the_policy_named(session)):  # "done, I changed it"
            session.flag("policy_changed")
        if facts.myself and "someone" in session.data["flags"]:  # "sorry, it's me not her"
            session.data["flags"].remove("someone")
        if facts.not_channel and "channel" in session.data["flags"]:  # "no wait, it wasn't a channel meeting"
            session.data["flags"].remove("channel")
        if facts.call_of_two is not None:  # "a 1:1 call", or "we added people, it's a group call now"
            flags = [f for f in session.data["flags"] if f != "one_to_one"]
            session.data["flags"] = flags + ["one_to_one"] if facts.call_of_two else flags
        if facts.client:  # one client at a time: "I'm on my phone today" replaces "I use the desktop app"
            session.data["flags"] = [f for f in session.data["flags"] if f not in CLIENTS] + [facts.client]

    # --- two problems in one message --------------------------------------------------
    def _first_problem(self, text: str) -> Triage:
        """The triage of a message; when two problems in it blur the reading, the reading of the first one."""
        if text not in self._read_this_turn:  # "What goes wrong?" reads it for a button, then to triage it
            self._read_this_turn[text] = self._read_first_problem(text)
        return self._read_this_turn[text]

    def _problem_told_before_a_paste(self, raw: str | None) -> Triage | None:
        """ "Teacher can't record her classes. All our policies:", then a table: the problem the words tell, which the
        table's column names (NewMeetingRecordingExpirationDays) would blur. None when the words alone tell none."""
        if not raw or "\n" not in raw or not looks_pasted(raw):
            return None
        prose = words_before_output(raw)
        if not prose or prose == raw:
            return None
        told = self._first_problem(respelled(_clip(prose), self.is_word))
        return told if told.topic not in ("unclear", "other") else None

    def _read_first_problem(self, text: str) -> Triage:
        text = without_identifiers(text)
        result = _settled(self.triage(text), asks(text))
        if result.topic not in ("unclear", "other"):
            return result
        if result.topic == "unclear" and shows_an_admin_notice(text):
            return replace_topic(result, "start")  # 'it says "Recording has been disabled by your organization"'
        # "can't record, organizer of the meeting, internal": the facts listed after "can't record" are no problem
        # of their own ("organizer" is the organizer's-policy problem's word), and are kept as answers anyway
        problem = clauses_beyond_facts(text) if result.topic == "unclear" else ""
        if problem:
            told = _settled(self.triage(problem))
            if told.topic == "start":
                return told
            if _leans_to_start(told) and _CANT_RECORD.search(problem):
                return replace_topic(told, "start")  # "she gets 'This meeting can't be recorded'", "organizer is her"
        contrast = _RECORDING_AFTER_WHAT_WORKS.search(text)
        if contrast:  # "transcription works but recording doesn't": the problem is what comes after the "but"
            told = _settled(self.triage(contrast.group("rest")))
            if told.topic == "start" or _leans_to_start(told):
                return replace_topic(told, "start")
        first = self.triage.first_part(text)
        if first is None:
            return result
        part = _settled(self.triage(first))
        return part if part.topic not in ("unclear", "other") and self.triage.second_problem(
            text, part.topic) else result

    def _problems_in(self, text: str, topic: str, pasted: bool = False) -> list[str]:
        """The person's problems, in their order: the topic, and a second one of another kind if the message has one."""
        if topic in ("unclear", "other"):
            return []
        if topic == "run_diagnostic" and pasted:
            return [topic]  # the lines of a result pasted are the test's checks, not more problems
        second = self.triage.second_problem(without_identifiers(text), topic)
        return [topic, second] if second and _another_problem(topic, second) else [topic]

    def _also_mentioned(self, session: Session) -> str:
        problems = session.data["problems"]
        if len(problems) < 2:
            return ""
        return self.render.block("also.j2", "noticed", other=problems[1], **self.compose.context(session, None))

    def _pick_problem(self, session: Session, n: int) -> Reply:
        """ "The first one" / "#2" after mentioning two problems: carry on with it (the other stays offered)."""
        if n == 1:
            return self.compose.reask(session, self.render.block("also.j2", "first", other=session.data["problems"][1],
                                                          **self.compose.context(session, None)))
        return self._next_problem(session, keep_other=True)

    def _next_problem(self, session: Session, keep_other: bool = False) -> Reply:
        """The first problem is fixed: carry on with the second one the person mentioned."""
        first, topic = session.data["problems"][:2]
        reported = session.data["reported"]
        kb = self.render.citing()
        problems = [topic, first] if keep_other else [topic]
        session.data.update(trail=[], topic=topic, problems=problems, reported=reported,
                            how={}, confirm=None)
        preface = self.render.block("also.j2", "next", other=topic, **self.compose.context(session, kb))
        body = self.render.page(f"topics/{topic}.j2", **self.compose.context(session, kb))
        preface, kb = self._go_to_topic(session, topic, {}, "\n\n".join((preface, body)), kb)
        return self.compose.enter(session, preface, kb)

    # --- corrections of earlier answers ---------------------------------------------
    def _correction_in(self, session: Session, text: str, doubted: bool = False) -> Correction | None:
        """The earlier answer a message like "sorry, it's off" corrects, if it is one; with ``doubted``, one
        said with a doubt ("actually maybe it's off, not sure")."""
        if session.state in ("welcome", "triage") or not session.data["trail"]:
            return None
        reader = _doubted_choice if doubted else match_choice

        def read(state: str, rest: str) -> str | None:
            choice = reader(state, rest, self.compose.shown(session, state))
            if choice != "unsure":
                return choice
            if any(subject not in (None, state) for subject in _doubted_subjects(rest, state)):
                return None  # "I'm not sure she's a guest", after "presenter": a doubt of how she joins
            return flow.UNSURE_MEANS.get(state, choice)  # where no "I'm not sure" is offered, what it means there
        return corrected_answer(session.data["trail"], session.state, text, read)

    def _correct(self, session: Session, corrections: list[Correction],
                 noted: list[tuple[str, str]] | None = None) -> Reply:
        """Replace earlier answers, say what changed (and what else was ``noted`` from the same message), and go
        where the findings now lead."""
        shown = session.latest_cause
        for correction in corrections:
            replace(session.data["trail"], correction)
            session.data["how"][correction.state] = "typed"
        kb = self.render.citing()
        # "I'm not sure" answered since ("they say it has recording turned off") is no change of mind: found out
        changes = [c for c in corrections if c.was != "unsure"]
        found = [(c.state, c.now) for c in corrections if c.was == "unsure"]
        changed = self.render.page("corrected.j2", changes=changes, **self.compose.context(session, kb)) \
            if changes else ""
        changed = " ".join(p for p in (changed, self.compose.understood(session, found + (noted or []))) if p)
        target = self._after_correction(session, corrections, shown)
        if target is None:
            return self.compose.reask(session, changed, kb)
        session.trigger(f"jump_{target}")
        return self.compose.enter(session, changed, kb)

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
        return [commands.HANDLERS[command](self.compose, session)]

    def pending(self, saved: dict | None) -> list[Reply]:
        """What the person sees on arriving at the saved session's state, again: for a host whose replies
        to the last turn never reached them (its question, or its diagnosis and end state, with its value)."""
        if saved is None:
            return self.welcome()
        session = self._attach(restore(saved))
        try:
            return [self.compose.enter(session, "")]
        finally:
            self._idle.append(session)


def _said_plainly(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").replace("'", "").strip(" .!").split())


def _yes_or_no(text: str) -> bool | None:
    """A reply to a yes-or-no question: True for yes, False for no, None for anything else."""
    said = _said_plainly(text)
    if said in _YES or said.startswith(("yes ", "yep ", "yeah ")):
        return True
    if said in _NO or said.startswith(("no ", "nope ")) and not _NOT_A_NO.match(said) \
            and not _NO_OF_THE_BUTTON.search(said) and not names_another_subject(said):  # "no the button just
        return False  # isn't there at all", "no popup": of the button, of another question
    return None


def _tells_more_than_yes(text: str) -> bool:
    """ "yes the video is there but silent": a yes or no with a statement of its own after it."""
    rest = _AFTER_A_YES.sub("", _said_plainly(text), count=1)
    return len(rest.split()) >= 3 and not _OFFER_WORDS.search(rest)


_AFTER_A_YES = re.compile(r"^((yes|yeah|yep|yup|sure|ok|okay|no|nope|nah)\W*)+")
_OFFER_WORDS = re.compile(r"\b(please|go ahead|do it|do that|thanks|thank|ticket|summary|check|helpdesk|that would)\b")


FOUND_OUT_WORDS = 4  # "says attendee", "it says presenter": an answer looked up, told back in a few words
STILL_STUCK_WORDS = 8  # "not fixed", "still not working", after the ticket; a longer message may tell a new problem


_FOR_EVERYONE = re.compile(r"\b(for|to) (everyone|everybody|all (users|of them|of us)"
                           r"|the (whole|entire) (org|organi[sz]ation|company|tenant))\b")


def _names_the_scope(text: str) -> bool:
    """Whether a question about changing a setting says whom the change is for (one person, or everyone)."""
    folded = fold_for_cues(text)
    return bool(_FOR_ONE_PERSON.search(folded) or _FOR_EVERYONE.search(folded))


_BUT_NOT = re.compile(r"\bbut not\b")
_CMDLET_KIND = re.compile(r"\bget-csteams(?P<kind>meeting|calling|events)policy\b", re.IGNORECASE)


def _cmdlet_kind(text: str) -> str | None:
    """The kind of policy a pasted Get-CsTeams...Policy command shows ("meeting", "calling", "events"), if one."""
    found = _CMDLET_KIND.search(text)
    return found.group("kind").lower() if found else None


def _another_problem(first: str, second: str) -> bool:
    """Whether a second topic read in a message is a problem of its own: not when both are a recording gone missing
    ("Recording disappeared from the chat", of one not found, is one problem said twice)."""
    return not flow.symptom_of(first) == flow.symptom_of(second) == "recording_missing"


def _contradicts(state: str, choice: str, answers: dict[str, str]) -> bool:
    """Whether ``choice`` for ``state`` can't be true beside ``answers`` (``flow.CONTRADICTIONS``)."""
    return any(state == first and choice in ones and answers.get(second) in others
               or state == second and choice in others and answers.get(first) in ones
               for first, ones, second, others in flow.CONTRADICTIONS)


def _only_yes_or_no(text: str) -> bool:
    said = _said_plainly(text)
    return said in _YES or said in _NO


def unshouted(text: str) -> str:
    """A message typed in capitals ("RECORD BUTTON GONE AGAIN!!!") in lower case, as the readers were made for;
    a pasted name or setting (mixed case, or one word) is left as typed."""
    return text.lower() if text.isupper() and len(_SHOUTED_WORD.findall(text)) >= 2 else text


_SHOUTED_WORD = re.compile(r"\b[A-Z]{3,}\b")


def _clip(text: str) -> str:
    """The message on one line; a command pasted on a line of its own ends the sentence before it ("he is the
    organizer, internal" then Get-CsTeamsMeetingPolicy), so the words before it are read as said."""
    if not text:
        return ""
    if "\n" in text:
        text = _BEFORE_A_COMMAND_LINE.sub(". ", text)
    return " ".join(text.split())[:MAX_TEXT]


_BUT = re.compile(r"\bbut\b", re.IGNORECASE)
# "which policy counts?", "is it mine or the organizer's?": asked to choose, not to say yes or no
_WHICH_OF_TWO = re.compile(r"\bwhich\b|\bor\b")
_SO_ITS = re.compile(r"((ok|okay|right|hmm+|ah|oh)\W+)*so (its|it is|it s|thats|that is|they are|theyre|recording is) "
                     r"(on|off|enabled|disabled|true|false|allowed|blocked)\b")
_THATS_THEIRS = re.compile(r"^((and|yes|yeah|yep|ok|okay|right)\W+)*(thats|that is|its|it is|this is|yes thats) "
                           r"(the one|the policy|their policy|her policy|his policy|theirs|hers|his)( that)? ?"
                           r"(both of them|they|she|he|the users?|both users|all of them|everyone affected)?"
                           r"( both| all)? ?"
                           r"(have|has|use|uses|are on|is on|got|are assigned|is assigned|own)?\b(?! not)")
_BEFORE_A_COMMAND_LINE = re.compile(rf"(?<=\w)[ \t]*\n+\s*(?={COMMAND})")


_SETTING_NAMES = re.compile(r"(?i)\b(AllowCloudRecording|RecordingForTownhall|RecordingForWebinar|Identity\s*:"
                            r"|UserPrincipalName\s*:|StorageUsageCurrent|Teams(?:Meeting|Calling|Events)Policy"
                            r"|ExplicitRecordingConsent|NewMeetingRecordingExpirationDays)")


# The write-up asked for as an escalation ("escalate it", "hand it over"), not a look at the ticket so far.
_ASKS_TO_ESCALATE = re.compile(r"\b(escalat\w*|hand (it |this )?over)\b")
# At the escalation, the agent saying they escalate now ("ok escalate", "will raise a ticket with microsoft").
_ESCALATING = re.compile(r"^((ok|okay|right|alright|sure|will do|then|so)\s+)*"
                         r"(i ?ll |i will |we ?ll |we will |going to |gonna |lets |let me )?"
                         r"(escalate|escalating|raise|raising|open|opening|log|logging|create|file)\b[^?]{0,50}$")
def _after_who_may_watch(session: Session) -> bool:
    """At "What next?" right after who may watch a recording: one was made, so nothing stopped it being started."""
    return session.state == "offer" and (session.data["last_answer"] or "").endswith(_RECORDING_EXISTS)


def _same_as_the_policy_just_told(session: Session, text: str) -> str | None:
    """ "hers too", "same for him", at a policy's question just after another policy's setting was told: that one."""
    trail = session.data["trail"]
    if not trail or not _TOO.search(fold_for_cues(text)):
        return None
    check, answer = trail[-1]
    return answer if check in flow.POLICIES and check != session.state and answer in ("on", "off") else None


_TOO = re.compile(r"^((and|ok|okay|yes|yeah|yep|so)\W+)*((hers|his|theirs|mine|her policy|his policy|their policy"
                  r"|my policy"
                  r"|the users?( policy)?)( is| s)?( on| off| enabled| disabled)? (too|as well|also|the same)"
                  r"|same (here|for (her|him|them|me|the user|hers|his|mine))|same( thing| setting)?)\W*$")
_ASKED = re.compile(r"(can|could|do|does|did|is|are|will|would|should|how|what|which|who|whos|when|why|where)\b")
_FILE_IS_IN = re.compile(r"^((ok|okay|so|yes|yeah|well|um)\W+)*(its|it is|it s|the (recording|file|video) is|they are"
                         r"|theyre) (in|on) (my |his |her |their |the |our )?"
                         r"(one ?drive|share ?point|recordings?( folder)?|files)\b")
_RECORDING_EXISTS = ("followup:access", "followup:give_access")  # answers about a recording that was made
_FROM_OUTSIDE = ("guest", "federated", "anonymous")  # who watches a recording only once it is shared with them
# "i looked in the files tab, nothing": where someone searched for a recording
_SEARCHED = re.compile(r"\b(looked|checked|searched|went through|look|check|search)\b.{0,40}"
                       r"\b(one ?drive|recordings? folder|folder|chat|share ?point|files|stream|documents)\b")
# the check a button of "What next?" starts, as the flow's table declares it
# "it was off, admin turned it on": a policy's setting, off until just now
_A_MEETING_OPTION = re.compile(r"\b(record automatically|automatically record|auto ?record\w*|meeting options?|"
                                r"who can record)\b")
_OFF_THEN_ON = re.compile(r"\b(was|were) (off|disabled|turned off|switched off|not enabled|not on)\b.{0,40}"
                          r"\b((turned|switched|set|changed|flipped|toggled|put) (it |that |recording |the setting )?"
                          r"(back )?on|(its|it is|now|but now|and now) (on|enabled)"
                          r"|(enabled|fixed) (it|that|recording))\b")
# "what about the events policy?", "could it have expired?": a question that follows on from the problem talked of
_FOLLOW_ON = re.compile(r"^((ok|okay|so|and|but|hmm|wait|then)\W+)*(what about|how about|could it (be|have)"
                        r"|could that be|is it (because|the)|might it be|what if it)\b")
# "^ read that ticket", "read that ^": what was pasted, read again
_READ_IT = re.compile(r"^(\^+ ?)?(pls |please |can you |could you |just )?(read|see|check|look at|use|go by)"
                      r"(( the| that| this| my)? (ticket|paste|text|incident|one) ?(above|i pasted|i sent|up there)?"
                      r"| (that|this|it|above))\W*$")
# "who can change the expiration date", asked at another question: the expiry's change, not the pending check's
_NAMES_EXPIRY = re.compile(r"\b(expir\w*|expiry|auto ?delet\w*|retention)\b")
_CHANGES_IT = re.compile(r"\b(set|sets|change|extend|increase|lengthen|raise|turn off|disable|stop|make)\b")
_TRAILING_YES = re.compile(r"^(?!(yes|yeah|yep|yup|ya|no|nope|nah)\b)(\w+\W+){3,}(yes|yeah|yep|yup|ya)\W*$")
_LEADING_POLAR = re.compile(r"^((yes|yeah|yep|yup|ya|correct|right|exactly|no|nope|nah)\W+)+")
# Recording that can't be started, in so many words ("can't be recorded", "unable to record").
_NOBODY_RECORDS = re.compile(r"(?i)\b(cant|can't|cannot|can not|couldnt|couldn't|could not|unable to|not able to|"
                             r"(nobody|no one|noone) (could|can|was able to))\b[^.?!]{0,20}\brecord")
# A message that opens by saying it is a meeting: "its a normal meeting, the weekly one with the client"
_KIND_FIRST = re.compile(r"^((yes|yeah|yep|ok|okay|so)\W+)*"
                         r"((it|its|it s|it is|it was|is|was|this is|thats|that is)\s+)?"
                         r"(just |only |a |an )*(normal |regular |usual |standard |simple |scheduled |recurring "
                         r"|weekly |daily |teams )*meeting\b(?! (was|is|got|has|had|were|s)\b)")
# PowerShell declined: "I'd rather use the admin center than powershell"
_NO_POWERSHELL = re.compile(r"\b(rather|instead of|without|than|other than|dont want|do not want)( use| using| to use)?"
                            r" (the )?powershell\b")
# A setting asked about ("where is setting to make recording available to attendees"): no symptom told
_NAMES_A_SETTING = re.compile(r"(?i)\b(setting|settings|option|options|toggle|switch)\b")
# Staying in one's own organization to join: "i didnt switch to their tenant"
_NO_SWITCH = re.compile(r"\b(didnt|did not|never|dont|do not|without|no) switch\w*\b")
# A case put, and asked about: "even if she signs in, still no?"
_WHAT_IF_ASKED = re.compile(r"\b(even if|what if|if)\b[^?]*\?\s*$")
# The consent prompt named as the thing to change: "the consent thing", "explicit recording consent"
_NAMES_CONSENT = re.compile(r"\b(consent|agreement) (thing|prompt|pop ?up|question|requirement|setting|message|box)s?\b"
                            r"|\bexplicit ?(recording )?consent\b")
_CANT_RECORD = re.compile(r"(?i)\b(cant|can't|cannot|can not|unable to|not able to|won'?t|wont)( be)? record"
                          r"|\brecord(ing)? (button|option|icon)\b.{0,20}\b(greyed|grayed|disabled|missing)\b")
# Something else that works, then recording that doesn't: "captions work fine but i cant record".
_RECORDING_AFTER_WHAT_WORKS = re.compile(
    r"(?i)\b(works?|working|is fine|are fine|fine|no problem)\b[^.!?]{0,30}?(?:,|;|\bbut\b)\s*"
    r"(?P<rest>[^.!?]*\brecord[^.!?]*)")


def _leans_to_start(result: Triage) -> bool:
    """Unclear, but with "can't start a recording" as the likeliest problem."""
    return result.topic == "unclear" and result.candidates[:1] == ("start",)


def _works_at_the_end(text: str) -> bool:
    """A message whose last clause says recording works now ("... and it works!", "restarted, works now"), with
    nothing in it that still fails: what came before is how it got fixed."""
    parts = [part for part in _LAST_STEP.split(text) if part.strip(" '’")]
    if not parts or _STILL_FAILS.search(fold_for_cues(text)):
        return False
    if text.rstrip().endswith("?") and (_WOULD_IT.search(fold_for_cues(text)) or len(parts) < 2):
        return False  # "can she make me co-organizer and then it works?": whether it would, asked
    last = _LEADING_NOW.sub("", fold_for_cues(parts[-1]).strip(" ?"))
    if last in ("recorded", "records", "saved"):
        return False  # "kate organized and recorded": who did what, not that it works now
    if _WORKS_NOW.fullmatch(last):  # "cleared some space, tried a test meeting, it saved this time"
        return True
    return len(parts) > 1 and _WORKS.search(parts[-1]) is not None and read_dropping(last) == "solved"


# The last words of a message that says recording works now: "it saved this time", "new recording showed up fine",
# "the option is there now", "its recording now", "that did it", "fixed after restart teams"
_WORKS_NOW = re.compile(
    r"((ok|okay|yay|great|perfect|awesome|brilliant|so|and)\s+)*("
    r"(it s |its |it is )(now )?recording|(new |test |next )?recording works?( now)"
    r"|(it |it s |its |it is |the |a |my |our )?(new |test |next )?(recording |meeting |call |one |button |option "
    r"|record button |record option |record )?(now )?(records|recorded|saved|saves|works|worked|is working"
    r"|showed up|shows up|appeared|is there|came back|is back)"
    r"|(that|this) (did it|fixed it|worked)|(fixed|sorted|works|working) (after|once) [a-z ]{1,30}?)"
    r"( (fine|ok|okay|properly|again|now|this time|there|too|as well|today|yay|thanks|thank you|thx|ty|lol))*")
_WOULD_IT = re.compile(r"\b(can|could|would|will|should|shall|if|does|do|is it|would it|will it)\b")
_LAST_STEP = re.compile(r"[,.;!?]+|\b(?:and|so|then)\b", re.IGNORECASE)
_WORKS = re.compile(r"(?i)\b(works?|working|worked|fixed|sorted|solved|resolved|lit up|lights up|clickable)\b")
_LEADING_NOW = re.compile(r"^((now|finally|luckily|yay)\s+)+")
_STILL_FAILS = re.compile(r"\b(not|still|cant|cannot|doesnt|didnt|isnt|wont|fails?|failed|missing|greyed|grayed|wrong"
                          r"|error)\b")


def _no_start_told(session: Session, text: str, topic: str, offered: set[str]) -> bool:
    """ "I'm an attendee. Mark was the organizer, he left", asked whether old recordings went missing or a policy
    is in the way: who someone is, proving a cause of a recording that won't start, when nobody said one won't."""
    return topic in ("meeting_role", "auth_external") and len(offered) > 1 \
        and not _CANT_RECORD.search(f"{session.data['reported'] or ''} {text}")


def _symptoms_offered(session: Session) -> set[str]:
    """What the problems offered at "Is it one of these?" have the person see go wrong."""
    return {flow.symptom_of(topic) for topic in session.data["candidates"]}


def _mentions_settings(text: str) -> bool:
    return _SETTING_NAMES.search(text) is not None or says_assigned_policy(text)


_HURRY = re.compile(r"(?i)\b(min|mins|minutes|time)\b")  # the words every hurry said in a sentence has (a prefilter)
_A_CHANGE = re.compile(r"(?i)\b(set|change|flip|turn|enable|disable|switch|toggle)\b")


def _asks_of_a_setting(text: str) -> bool:
    """ "so set AllowCloudRecordingForCalls to true on FrontlineCalling? would that turn it on for all of them": a
    setting named in a question, a change wondered about, not a value read (a paste is never that)."""
    if looks_pasted(text):
        return False
    naming = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if _SETTING_NAMES.search(s)]
    return bool(naming) and all(s.rstrip().endswith("?") and _A_CHANGE.search(s) for s in naming)


def _setting_told_then_command_asked(text: str) -> bool:
    """ "so RecordingForTownhall is disabled. give me the set command", at its diagnosis: what the paste showed, said
    back, then the command asked for."""
    if looks_pasted(text):
        return False
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    rest = [s for s in sentences if not _SETTING_NAMES.search(s)]
    return 0 < len(rest) < len(sentences) and read_followup(" ".join(rest)) in ("powershell", "how_to_change")


_IDENTIFIERS = re.compile(r"(?i)\b(?:INC|REQ|RITM|CHG|PRB|TASK|SCTASK|CS|SR|WO)[- ]?\d{5,}\b|(?<![\w#])#\d{4,10}\b"
                          r"|\b[\w.%+'-]+@[\w-]+(?:\.[\w-]+)+\b")


def without_identifiers(text: str) -> str:
    """The message without ticket numbers and addresses, which say nothing about the problem."""
    return " ".join(_IDENTIFIERS.sub(" ", text).split()) or text


_QUESTION_WORDS = frozenset({"how", "what", "why", "where", "when", "who", "which", "can", "could", "does", "do", "is",
                             "are", "will", "would", "should"})


def _doubts_another_check(state: str, text: str) -> bool:
    """Whether every "I don't know" in a message is about another check than ``state`` (by its subject)."""
    subjects = _doubted_subjects(text, state)
    return bool(subjects) and all(s is not None and s != state and s in flow.CHECKS for s in subjects)


def _doubted_subjects(text: str, state: str | None = None) -> list[str | None]:
    """The check each "I don't know" of a message names, if any ("not sure what policy she has": the policy). At a
    policy's question, "policies" in general ("idk about policies") names the one asked about."""
    subjects = [(subject_of(part) or (subject_of(text) if _OF_WHAT_WAS_NAMED.search(part) else None), part)
                for part in doubted_clauses(text)]  # "i think i'm a presenter? not sure what the difference is"
    return [state if state in flow.POLICIES and subject == "check_policy" and not _MEETING_POLICY.search(part)
            else subject for subject, part in subjects]


_MEETING_POLICY = re.compile(r"\bmeeting polic", re.IGNORECASE)
_OF_WHAT_WAS_NAMED = re.compile(r"\b(the difference|what (that|it|this) (means|is)|what (that|it|this) does)\b")


def _doubted_choice(state: str, text: str, titles: dict[str, str]) -> str | None:
    """The choice a message names with a doubt ("maybe it's off, not sure"); None when it has no doubt or
    names none (a denial's guess, "not the organizer or a presenter", is no doubt)."""
    if not has_doubts(text):
        return None
    reading = read_answer(state, _without_doubts(text) or text, titles)
    return reading.choice if reading is not None and reading.choice not in (None, "unsure") else None


def _doubts_this_check(state: str, text: str) -> bool:
    """Whether every "I don't know" in a message names ``state``'s subject ("mine is on, not sure about the
    organizer's", at the organizer's policy): the doubt answers it, whatever else the message states."""
    subjects = _doubted_subjects(text, state)
    return bool(subjects) and all(s == state for s in subjects)


def _without_doubts(text: str) -> str:
    doubted = set(doubted_clauses(text))
    return ", ".join(part for part in clauses(text) if part not in doubted)


def _unanswered(session: Session, stated: dict[str, str]) -> dict[str, str]:
    """What a message states of checks not answered yet: where it may not change an answer given."""
    answers = session.answers
    return {state: answer for state, answer in stated.items() if state not in answers}


def _verdict_first(text: str, titles: dict[str, str]) -> Reading | None:
    """A verdict said in one of the first sentences of a longer message, in so many words ("that worked!"),
    before the details that would otherwise make it a story."""
    for sentence in _NEXT_PART.split(text.strip(), maxsplit=2)[:2]:
        if len(sentence.split()) > VERDICT_WORDS:
            return None  # a story from its start ("Recording never captures the screen share ...")
        reading = read_answer("diagnosis", sentence, titles)
        if reading is not None and reading.sure and reading.basis == "named":
            return reading
    return None


def told_on(earlier: str, more: str) -> str:
    """A story told in two messages as one: "... Is it a Teams update? yes company account", not "update?. yes"."""
    earlier = earlier.rstrip(" .")
    return f"{earlier} {more}" if earlier.endswith(("?", "!")) else f"{earlier}. {more}"


_OWN_MEETINGS_WORK = re.compile(r"\b(i|we) (can|could) record (in |during )?(my|our) (own|other|normal|regular) "
                                r"(meetings|calls)\b"
                                r"|\b(my|our) (own|other) meetings (work|are fine|record( fine)?)\b")
_PASTE_OF_THE_ORGANIZER = re.compile(r"(?i)\borgani[sz]er(?:'?s)? (?:is|was|=|:|account|policy|policies)\b|"
                                     r"\b(?!(?:she|he|they|user|i|it|that|this|who)\b)[a-z]+ (?:is|was) "
                                     r"(?:actually |really )?the organi[sz]er\b")


def pasted_of_the_organizer(session: Session, text: str, shown: str | None) -> bool:
    """An agent's paste, told to be the organizer's ("organizer is the events@ shared account", "so colleague is the
    organizer", then ``Get-CsOnlineUser`` of that account, ``shown``): not the person's, whose account it isn't."""
    if not session.agent or "\n" not in text:
        return False
    person = session.data["upn"]
    return bool(_PASTE_OF_THE_ORGANIZER.search(words_before_output(text))) \
        and not (person and shown and shown.lower() == person.lower())


def _of_another_account(session: Session, values: dict[str, str], text: str) -> str | None:
    """The account a paste is of ("Get-CsOnlineUser tom@contoso.com ..."), when it is not the person's: the checks
    are about the person the message (or **troubleshoot for**) names first, or the one it says can't record."""
    shown = values.get("userprincipalname") or upn_in_command(text)
    if not shown:
        return None
    person, organizer = session.data["upn"], _ORGANIZERS_ACCOUNT.search(words_before_output(text))
    if person and shown.lower() != person.lower() or organizer and organizer["upn"].lower() == shown.lower():
        return shown.lower()
    return None


def _forget_pasted(session: Session, checks: Iterable[str]) -> None:
    """Answers read from a policy's pasted output that turned out not to be the person's: off the trail."""
    checks = set(checks)
    session.data["trail"] = [step for step in session.data["trail"] if step[0] not in checks]
    for check in checks:
        session.data["pasted_from"].pop(check, None)
        session.data["how"].pop(check, None)


def _pasted_from_another(session: Session, text: str) -> dict[str, str]:
    """The policy answers pasted from a policy the person doesn't have after all ("he actually has a custom policy,
    not global"): check -> the policy they were read from."""
    pasted = {check: name for check, name in session.data["pasted_from"].items()
              if session.data["how"].get(check) == "pasted" and check != "check_organizer_policy"}
    return pasted if pasted and names_another_policy(text) else {}


def _last_answered(session: Session) -> str:
    """What our last reply answered, asked once or again ("followup:length_limit", "other:expiration"), or ""."""
    return (session.data["last_answer"] or "").removeprefix("more:").removeprefix("first:")


def _answer_before(session: Session) -> str | None:
    """The follow-up or topic our last reply answered ("followup:who_can_record"), or the subject the guide doesn't
    cover that it pointed elsewhere for ("other:download"), for a question that asks more of it; None after anything
    else."""
    last = _last_answered(session)
    return last if last.startswith(("followup:", "topic:")) or last.startswith("other:") and last != _uncovered(
        "more") else None


def _one_slip_apart(upn: str, was: str) -> bool:
    """Whether two accounts differ by a slip of typing (chole/chloe, user0/user1): the same person's, put right."""
    return difflib.SequenceMatcher(None, upn.lower(), was.lower()).ratio() >= UPN_SLIP_RATIO


def _right_after_the_change(session: Session) -> bool:
    """Whether our last reply took in a change just made ("done, I changed it"): a "still can't" now is too soon."""
    return session.data["last_answer"] == "remark:change_made"


def _uncovered(subject: str) -> str:
    """What ``last_answer`` keeps for an answer that the guide doesn't cover a subject (transcription, ...)."""
    return f"other:{subject}"[:40]


def _persons_own(policies: dict[str, str], values: dict[str, str]) -> bool:
    """Whether pasted policy output is of the meeting policy already known to be the person's own (at the organizer's
    question, the agent ran it for the person's policy, as it was just noted)."""
    shown = policy_in_question(values, ("check_policy",))
    return bool(shown and policies.get("meeting") and shown.lower() == policies["meeting"].lower())


def _subject_answered_before(session: Session, text: str) -> str | None:
    """The check behind the topic our last reply answered, when a question points back at it ("ok how do I check
    it?" after what the events policy does); None when it names nothing or we answered something else."""
    last = _answer_before(session) or ""
    folded = fold_for_cues(text)
    if last == "followup:whose_policy" and not session.about_someone and _THEIRS.search(folded):
        return "check_organizer_policy"  # "ok how would she check hers", after both count: the organizer's
    if not _POINTS_BACK.search(folded):
        return None
    if last == "followup:whose_policy":  # "how do I find out which one?", after both policies count: the person's own
        return "check_policy"
    if not last.startswith("topic:"):
        return None
    return flow.TOPIC_CHECK.get(last.removeprefix("topic:")) if last != "topic:start" else None


# "organized by her boss tom@contoso.com", "the organizer is tom@contoso.com"
_ORGANIZERS_ACCOUNT = re.compile(r"(?i)\borgani[sz](?:ed by|er(?: is|:)?)\W+(?:[a-z']+\W+){0,3}?"
                                 r"(?P<upn>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
# Whose policy a message names ("mine", "hers too", "the organizer's and the user's"): without it, a policy said
# at a policy's question is that one
_WHOSE_POLICY = re.compile(r"(?i)\b(my|mine|me|i|his|her|hers|their|theirs|organi[sz]er\w*|user\w*|both|too|also"
                           r"|calling|call|events?|webinar|town ?hall|meeting policy)\b")
POLICY_CHECK_OF_KIND = {kind: check for check, kind in POLICY_OF_CHECK.items() if check != "check_organizer_policy"}
_WHO_ELSE_SAYS = re.compile(r"\bIT\b|(?i:\b(admin|helpdesk|help desk|support|it team|service desk)\b)")
_ORGANIZER_NAMED = re.compile(r"(?i)\borgani[sz]er|\b(host|boss|manager)\b")
# the person the checks are about, in an agent's words
_PERSONS_OWN = re.compile(r"(?i)\b(her|his|their|she|he|they)\b")
_WHO_CHECKS = {"check_meeting_type", "check_meeting_role", "check_organizer", "check_auth_type"}
CHECKED_BACK_WORDS = 8  # "so the organizer is her manager then?": longer asks something new
_CHECKING_BACK = re.compile(r"^((so|ok so|okay so|wait|right|and|then)\W+)+")
_SAYS_WHEN = re.compile(r"\b(hours?|hrs?|days?|weeks?|yesterday|today|tomorrow|morning|afternoon|overnight|since)\b",
                        re.IGNORECASE)
_THEIRS = re.compile(r"\b(hers|his|theirs|her policy|his policy|their policy|the organi[sz]ers)\b")
_POINTS_BACK = re.compile(r"\b(it|that|this|those|them|which one|which)\b")


def _remark_at(state: str, remarks: tuple[str, ...], policy_named: bool = False) -> str | None:
    """What a message remarks, as it counts at this question: "done, I changed it" is a fix made only at
    "Did that fix it?" (elsewhere, "done" ran a test), or, from an agent who has just named the person's policy,
    that policy changed; "we changed it 10 min ago" says when, which counts more."""
    others = [r for r in remarks if r != "change_made"]
    if "change_made" in remarks and state == "diagnosis" and "policy_changed" not in others:
        return "change_made"
    if "change_made" in remarks and policy_named and not others:
        return "policy_changed"
    return others[0] if others else None


# What the rest of a "found it" message needs to be a second problem, not where the first was solved: something that
# goes wrong, or a question.
_A_PROBLEM_TOLD = re.compile(r"\?|\b(not|cant|cannot|couldnt|wouldnt|unable|no|never|nothing|missing|disappear\w*|gone"
                             r"|deleted|expired|fail\w*|errors?|gr[ae]yed|wont|doesnt|didnt|isnt|arent|problems?|issues?"
                             r"|broken|stuck|stop\w*|lost|where|how|why|what|which|who|also|another|too)\b")


def _as_pasted(session: Session, pasted: dict[str, str]) -> None:
    """The answers a first message pasted, not typed: the ticket says where each came from."""
    how = session.data["how"]
    for state, answer in pasted.items():
        if how.get(state) == "typed" and session.answers.get(state) == answer:
            how[state] = "pasted"


def _changes_the_policy_named(session: Session) -> bool:
    """ "ok changed it", from an agent at a question after pasting the person's policy: that policy is what changed."""
    return session.agent and session.state in flow.CHECKS and bool(session.data.get("policies"))


def _sounds_asked(text: str) -> bool:
    """A question the guide has no answer to, rather than an answer that could not be read: a question as
    :func:`asks` reads one, anything ending in "?", or a message that starts with a question word."""
    words = text.split()
    return asks(text) or text.rstrip().endswith("?") or bool(words) and words[0].lower() in _QUESTION_WORDS \
        or ends_asking(text)


def _in_asking_order(slots: dict[str, str]) -> dict[str, str]:
    """What a first message states, in the order the questions come, a cause last: ``back`` undoes the cause."""
    order = {state: n for n, state in enumerate(flow.CHECKS)}
    ranked = sorted(slots.items(), key=lambda item: (item in flow.FINDINGS, order.get(item[0], len(order))))
    return dict(ranked)


def _settled(result, asked: bool = False):
    """An unsure triage whose every candidate is "can't start a recording": that much is sure, so the
    guided check starts (it asks what tells those candidates apart) instead of "Is it one of these?". Not for
    a question more likely about a subject the guide doesn't cover ("does everyone get notified when we record?")."""
    likeliest = max(result.probabilities, key=result.probabilities.__getitem__) if result.probabilities else None
    if result.topic == "unclear" and result.candidates and not (asked and likeliest == "other") and all(
            flow.symptom_of(c) == flow.DEFAULT_SYMPTOM and c != "other"
            for c in result.candidates):
        return replace_topic(result, "start")
    return result


def replace_topic(result, topic: str):
    return with_fields(result, topic=topic, candidates=())


def replace_text(reply: Reply, text: str) -> Reply:
    return Reply(text, reply.card, reply.value, reply.template, reply.details)


def _pasted_policy_said_to_be_theirs(session: Session, text: str) -> str | None:
    """The meeting policy whose setting was pasted, when the agent says it is the person's ("that's the one both of
    them have"); None otherwise."""
    named = session.data["pasted_from"].get("check_policy")
    if not named or session.data["policies"].get("meeting") or not _THATS_THEIRS.search(fold_for_cues(text)):
        return None
    return named


def _words_before_a_paste(text: str) -> str:
    """What a message says before the command or output pasted in it: "troubleshoot for x" and Get-CsOnlineUser's
    table, pasted first, report no problem for the ticket."""
    if not _mentions_settings(text) and not looks_pasted(text):
        return text
    return words_before_output(text)


_KINDS_NAMED = re.compile(r"(?i)meeting|call|webinar|town ?hall|event")


def _note_the_problem_told_late(turn: Turn) -> None:
    """The problem, for the ticket, when the first message was a paste: "user can't record his meetings", later."""
    data = turn.session.data
    if data["reported"] is None and data["topic"] is not None and turn.raw:
        said = _words_before_a_paste(turn.raw)
        if _CANT_RECORD.search(said) or tells_the_symptom(said):
            data["reported"] = _trimmed(said)


def _trimmed(text: str) -> str:
    """The person's own words for the ticket: one line, cut at a word near the limit."""
    text = " ".join(text.split())
    if len(text) <= MAX_REPORTED:
        return text
    return text[:MAX_REPORTED].rsplit(" ", 1)[0] + " …"


def _forget_read_of_the_sender(session: Session) -> None:
    """Drop the facts Teams gave about the sender (how they join, their role, whether they organized it)."""
    how = session.data["how"]
    dropped = {s for s, _ in session.data["trail"] if s in SENDERS_OWN and how.get(s) == "read"}
    if not dropped:
        return
    session.data["trail"] = [step for step in session.data["trail"] if step[0] not in dropped]
    session.data["how"] = {s: h for s, h in how.items() if s not in dropped}
    if session.data.get("announce"):
        session.data["announce"] = [step for step in session.data["announce"] if step[0] not in dropped]



def as_the_organizer_says_it(session: Session, facts: Facts) -> Facts:
    """The facts of a message from the meeting's organizer, for whom "the organizer's policy" is their own:
    "the organizer's policy is on", said by the organizer at their policy's question, answers it."""
    answers = facts.answers
    if not session.recorder_is_organizer or answers.get("check_organizer") == "someone_else" \
            or "check_organizer_policy" not in answers or "check_policy" in answers:
        return facts
    own = {("check_policy" if check == "check_organizer_policy" else check): a for check, a in answers.items()}
    return with_fields(facts, answers=own)


def as_an_outsider_says_it(session: Session, facts: Facts, text: str) -> Facts:
    """The facts of a message from someone who joins from another organization: "I join with my company account,
    not guest" says which account: still not one of the organizer's organization."""
    auth = "check_auth_type"
    if session.answers.get(auth) != "federated" or not (
            facts.answers.get(auth) == "member" and own_account_not_a_guest(text)
            or facts.answers.get(auth) == "anonymous" and _NO_SWITCH.search(fold_for_cues(text))):
        return facts  # ... nor "i didnt switch to their tenant, just clicked the link": signed in as before
    return with_fields(facts, answers={**facts.answers, auth: "federated"})


def _organizer_over_a_guess(slots: dict[str, str]) -> dict[str, str]:
    """The slots without "someone else organized it" beside the organizer's role: what the person says of the
    role ("they're organizers of their own meetings") wins over the triage's guess from a topic about organizers."""
    if slots.get("check_meeting_role") == "organizer" and slots.get("check_organizer") == "someone_else":
        del slots["check_organizer"]
    return slots


def _comes_before(check: str, other: str) -> bool:
    return check in flow.CHECKS and other in flow.CHECKS and flow.CHECKS.index(check) < flow.CHECKS.index(other)


def _tells_the_problem_again(session: Session, result: Triage, text: str) -> bool:
    """A statement (not a question) whose likeliest reading is the problem being checked ("my recording
    failed", after "I need help"): the checks under way are the answer to it."""
    if asks(text) or not result.probabilities:
        return False
    likeliest = max(result.probabilities, key=result.probabilities.__getitem__)
    if likeliest == "stream_upload" and session.data["topic"] == "onedrive_storage" and "stream" not in text.lower():
        return True  # "couldn't upload", of a full OneDrive or site: the upload that failed, not Stream's upload rights
    return likeliest == session.data["topic"] and likeliest != "other"
