"""One user's troubleshooting session: a small JSON-able dict and the model the machine drives.

The dict is all that is saved between turns. Everything else (the answers, the
causes found, the unverified checks, the contradictions) is derived from its
``trail``, the questions answered in order, which is also what makes ``back``
exact: undoing an answer is dropping the last step of the trail. A correction
("actually I'm a guest") drops the old step and appends the new answer as the latest
thing said, so the answers given after the old one stay.
"""
from __future__ import annotations

from typing import Callable

from knowledge.rules import verdict_for_answers

from dialogs.flow import (ASKED_FOR_STREAM_ONLY, ASKED_WHEN_STREAM_MENTIONED, CHECKS, CHOICES, CONTRADICTIONS,
                          FINDINGS, FLAGGED_FINDINGS, KIND_CHECK, KINDS, MOOT_WHEN, ONLY_GROUP_CALLS, POLICIES, STATES,
                          SYMPTOM_CHECKS, UNSURE_KIND, DEFAULT_SYMPTOM, QUESTION_SYMPTOM, symptom_of)

VERSION = 1
AUDIENCES = ("user", "agent")
# Where an answer came from, for the ticket and the machine-readable value (DESIGN.md's provenance, where an
# answer only `assumed` shows as unverified).
SOURCES = ("clicked", "typed", "pasted", "read", "assumed")
MAX_REPORTED = 300  # the person's own first message, as the ticket quotes it
MAX_TABLE = 4000  # a pasted table of several policies, kept until the person's own is named
_SETTING = {"on": True, "off": False}


def new_session(audience: str = "user") -> dict:
    return {"v": VERSION, "state": "welcome", "audience": audience, "upn": None, "topic": None, "trail": [],
            "candidates": [], "how": {}, "confirm": None, "reported": None, "reference": None, "flags": [],
            "problems": [], "status": None, "policies": {}, "pasted_from": {}, "last_answer": None, "table": None}


CLIENTS = ("web", "mobile", "desktop", "vdi")  # which Teams the person joins from, when they say
# What the person told of the problem, for the ticket.
REMARKS = ("worked_before", "policy_changed", "admin_notice", "others_can", "others_cant", "intended")
# "presenters_left_out": the organizer's "Who can record and transcribe" leaves presenters out
_FLAGS = (  # "guided": the guided check asked for after a question
    "channel", "stream", "someone", "one_to_one", "test_run", "presenters_left_out", "guided", *CLIENTS, *REMARKS)


def restore(data) -> dict:
    """A saved session, or a fresh one when it is missing, from another version, or damaged."""
    if not isinstance(data, dict) or data.get("v") != VERSION or data.get("state") not in STATES:
        return new_session(data.get("audience", "user") if isinstance(data, dict) and
                           data.get("audience") in AUDIENCES else "user")
    trail = [step for step in data.get("trail") or []
             if isinstance(step, list) and len(step) == 2 and step[0] in CHOICES and step[1] in CHOICES[step[0]]]
    return {"v": VERSION, "state": data["state"],
            "audience": data["audience"] if data.get("audience") in AUDIENCES else "user",
            "upn": data["upn"] if isinstance(data.get("upn"), str) else None,
            "topic": data["topic"] if isinstance(data.get("topic"), str) else None,
            "trail": trail,
            "candidates": [t for t in data.get("candidates") or [] if t in CHOICES["clarify"] and t != "other"][:3],
            **_restore_extras(data, trail)}


def _restore_extras(data: dict, trail: list) -> dict:
    """The fields added for the whole conversation (provenance, confirmations, the ticket), checked one by one."""
    answered = {state for state, _ in trail}
    how: dict = data["how"] if isinstance(data.get("how"), dict) else {}
    confirm = data.get("confirm")
    valid_confirm = isinstance(confirm, list) and len(confirm) == 2 and confirm[0] in CHOICES \
        and confirm[1] in CHOICES[confirm[0]]
    text = lambda key, limit: data[key][:limit] if isinstance(data.get(key), str) else None  # noqa: E731
    return {
        "how": {s: h for s, h in how.items() if s in answered and h in SOURCES},
        "confirm": confirm if valid_confirm else None,
        "reported": text("reported", MAX_REPORTED), "reference": text("reference", 40),
        "flags": [f for f in data.get("flags") or [] if f in _FLAGS],
        "problems": [t for t in data.get("problems") or [] if t in CHOICES["clarify"]][:2],
        "status": data.get("status") if data.get("status") in ("open", "resolved", "escalated") else None,
        "policies": {kind: name[:80] for kind, name in (data.get("policies") or {}).items()
                     if kind in ("meeting", "calling", "events") and isinstance(name, str)}
        if isinstance(data.get("policies"), dict) else {},
        # the policy each pasted policy answer was read from ("Global"), to set it aside if another is assigned
        "pasted_from": {check: name[:80] for check, name in (data.get("pasted_from") or {}).items()
                        if check in answered and check in CHECKS and isinstance(name, str)}
        if isinstance(data.get("pasted_from"), dict) else {},
        # what the last turn answered, to notice the same question asked again right after its answer
        "last_answer": text("last_answer", 40),
        # a table of several policies pasted before the person's own was named (its row is read once it is)
        "table": text("table", MAX_TABLE),
    }


class Session:
    """The model the machine is attached to for one turn; ``data`` is what gets saved."""

    # Set on the model by ``transitions`` when the machine attaches it (declared for type checkers).
    state: str
    trigger: Callable[..., bool]

    def __init__(self, data: dict):
        self.data = data
        self._next: tuple | None = None

    # --- what the trail says ---------------------------------------------
    @property
    def answers(self) -> dict[str, str]:
        return {state: answer for state, answer in self.data["trail"]}

    @property
    def checks(self) -> dict[str, str]:
        """The answers to the troubleshooting checks, for summaries and machine-readable values."""
        return {state: answer for state, answer in self.answers.items() if state in CHECKS}

    @property
    def kind(self) -> str | None:
        """What is being recorded (meeting, call, event), None while unknown; unsure counts as a meeting."""
        kind = self.answers.get(KIND_CHECK)
        return UNSURE_KIND if kind == "unsure" else kind

    @property
    def recorder_is_organizer(self) -> bool:
        answers = self.answers
        role = answers.get("check_meeting_role")
        if role not in (None, "unsure"):
            return role == "organizer"
        return answers.get("check_organizer") == "me"

    @property
    def causes(self) -> list[str]:
        return list(dict.fromkeys(cause for _, cause in self.findings()))

    @property
    def latest_cause(self) -> str | None:
        findings = self.findings()
        return findings[-1][1] if findings else None

    def findings(self) -> list[tuple[str, str]]:
        """(state, cause) for each answer that proves a cause and still matters, in the order given."""
        answers, relevant = self.answers, SYMPTOM_CHECKS[self.symptom]
        flags = self.data["flags"]
        proved = [(state, FINDINGS.get(step) or (step in FLAGGED_FINDINGS and _flagged_cause(*step, flags)))
                  for state, answer in self.data["trail"] for step in [(state, answer)]]
        return [(state, cause) for state, cause in proved if cause and not self.moot(state, answers)
                and (state not in CHECKS or state in relevant)]

    @property
    def unverified(self) -> list[str]:
        assumed = [state for state, how in (self.data.get("how") or {}).items() if how == "assumed"]
        return [state for state, answer in self.checks.items() if answer == "unsure" or state in assumed]

    @property
    def unchecked(self) -> list[str]:
        """The checks still worth asking, in the flow's order (the diagnostic last, while no cause is found): what
        an escalation made before the end leaves to whoever takes the ticket."""
        answers = self.answers
        left = self._pending(answers)
        return [*left, "run_diagnostic"] if self._test_left(answers) and not self.findings() else left

    def _pending(self, answers: dict[str, str]) -> list[str]:
        return [c for c in CHECKS[:-1] if c not in answers and self.applies(c, answers)]

    def _test_left(self, answers: dict[str, str]) -> bool:
        """Whether the diagnostic can still tell something about what was reported."""
        return "run_diagnostic" in SYMPTOM_CHECKS[self.symptom] and "run_diagnostic" not in answers

    def flag(self, name: str) -> None:
        """Note a flag (a remark for the ticket, a fact of the meeting) once."""
        if name not in self.data["flags"]:
            self.data["flags"].append(name)

    @property
    def contradictions(self) -> list[dict]:
        """Answers that can't both be true, each as the earlier answer and what the later one found."""
        position = {state: n for n, (state, _) in enumerate(self.data["trail"])}
        answers, found = self.answers, []
        changed = "policy_changed" in self.data.get("flags", ())
        for first, first_answers, second, second_answers in CONTRADICTIONS:
            if changed and first in POLICIES and second == "run_diagnostic":
                continue  # "we turned it on this morning": the policy and the test may each be right, hours apart
            if answers.get(first) in first_answers and answers.get(second) in second_answers:
                said, by = sorted((first, second), key=position.__getitem__)
                found.append({"check": said, "said": answers[said], "found": answers[by], "by": by})
        return found

    @property
    def symptom(self) -> str:
        """What the person reported, in the terms that decide which checks can matter (see ``flow.SYMPTOM_CHECKS``);
        after a question, the guided check asked for is of a recording that won't start."""
        symptom = symptom_of(self.data.get("topic"))
        return DEFAULT_SYMPTOM if symptom == QUESTION_SYMPTOM and "guided" in self.data["flags"] else symptom

    def provenance(self) -> dict[str, str]:
        """Where each check's answer came from: clicked, typed, pasted, read from Teams, or unverified."""
        how = self.data.get("how") or {}
        return {state: "unverified" if answer == "unsure" or how.get(state) == "assumed" else how.get(state, "clicked")
                for state, answer in self.checks.items()}

    @property
    def agent(self) -> bool:
        return self.data["audience"] == "agent"

    @property
    def about_someone(self) -> bool:
        """The questions are about a third person: an agent's caller, or the colleague an end user told of."""
        return self.agent or "someone" in self.data.get("flags", ())

    @property
    def client(self) -> str | None:
        """The Teams the person said they join from (web, mobile, desktop), for the ticket."""
        return next((flag for flag in self.data.get("flags", ()) if flag in CLIENTS), None)

    def verdict(self):
        """The rules of knowledge.rules applied to what the user told us about the meeting."""
        answers = self.answers
        joins_as = answers.get("check_auth_type", "member")
        return verdict_for_answers(
            organizer_allows=_SETTING.get(answers.get("check_organizer_policy", "")),
            recorder_allows=_SETTING.get(answers.get("check_policy", "")),
            joins_as="member" if joins_as == "unsure" else joins_as,
            recorder_is_organizer=self.recorder_is_organizer,
            kind=self.kind or UNSURE_KIND,
            role=answers.get("check_meeting_role"),
            consent=answers.get("check_consent"),
            calls_allowed=_SETTING.get(answers.get("check_calling_policy", "")),
            events_allowed=_SETTING.get(answers.get("check_events_policy", "")),
        )

    def value(self) -> dict:
        """The machine-readable outcome defined in DESIGN.md; ``contradictions`` only when there are some."""
        value = {"causes": self.causes, "checks": self.checks, "unverified": self.unverified,
                 "state": self.data["state"], "provenance": self.provenance(), "ticket": self.ticket()}
        contradictions = self.contradictions
        if contradictions:
            value["contradictions"] = contradictions
        return value

    def ticket(self) -> dict:
        """The ticket fields DESIGN.md names, plus the topic, any second problem the person mentioned and
        what they remarked (``worked_before``, ``admin_notice``)."""
        state = self.data["state"]
        status = self.data.get("status") or ("resolved" if state == "resolved" else
                                              "escalated" if state == "escalate" else "open")
        return {"reported": self.data.get("reported"), "upn": self.data.get("upn"),
                "reference": self.data.get("reference"), "status": status, "topic": self.data.get("topic"),
                "also": list(self.data.get("problems") or [])[1:],
                "noted": [flag for flag in self.data.get("flags", ()) if flag in REMARKS]}

    # --- where to go next ------------------------------------------------
    def moot(self, check: str, answers: dict[str, str] | None = None) -> bool:
        """Whether an answer already given settles this check: the kind of recording, the role, where recordings go."""
        answers = self.answers if answers is None else answers
        kind = answers.get(KIND_CHECK)
        kind = UNSURE_KIND if kind == "unsure" else kind
        if kind is not None and check in KINDS and kind not in KINDS[check]:
            return True
        if check in ONLY_GROUP_CALLS and kind == "call" and "one_to_one" in self.data.get("flags", ()):
            return True
        return any(answers.get(other) in settling for other, settling in MOOT_WHEN.get(check, {}).items())

    def applies(self, check: str, answers: dict[str, str] | None = None) -> bool:
        """Whether the check is still worth asking (see the order explained under ``dialogs.flow.CHECKS``)."""
        answers = self.answers if answers is None else answers
        if self.moot(check, answers):
            return False
        if check not in SYMPTOM_CHECKS[self.symptom]:
            return False
        if check in ASKED_WHEN_STREAM_MENTIONED:  # a Stream check already answered says where they went
            return "stream" in self.data.get("flags", ()) and not any(c in answers for c in ASKED_FOR_STREAM_ONLY)
        if check in ASKED_FOR_STREAM_ONLY:
            return answers.get("check_storage_location") == "stream" or (
                "check_storage_location" not in answers and any(c in answers for c in ASKED_FOR_STREAM_ONLY))
        return True

    def next_check(self) -> str:
        """The next check still to do: forward from the last one answered, then any skipped, then the diagnostic.

        A check that matters only for some kinds of recording waits for the kind: after a first
        message that went straight to a later check, the kind of recording is asked first.
        """
        key = tuple(map(tuple, self.data["trail"]))
        if self._next is None or self._next[0] != key:  # the machine asks once per candidate state
            self._next = (key, self._next_check())
        return self._next[1]

    def _next_check(self) -> str:
        answers = self.answers
        pending = self._pending(answers)
        answered = [CHECKS.index(s) for s, _ in self.data["trail"] if s in CHECKS]
        anchor = answered[-1] if answered else -1
        after = [c for c in pending if CHECKS.index(c) > anchor]
        if not (after or pending):
            return "run_diagnostic" if self._test_left(answers) else "escalate"
        someone_elses = answers.get("check_organizer") == "someone_else"
        if someone_elses and "check_meeting_role" in pending and KIND_CHECK not in pending:
            return "check_meeting_role"  # someone else organized it: an attendee can't record whatever the policies
        check = (after or pending)[0]
        return KIND_CHECK if check in KINDS and KIND_CHECK in pending else check

    # --- conditions and callbacks named in dialogs.flow ---------------------
    def leads_to_next(self, event) -> bool:
        return event.transition.dest == self.next_check()

    def presenters_left_out(self, event) -> bool:
        return "presenters_left_out" in self.data["flags"]

    def remember_state(self, event) -> None:
        self.data["state"] = self.state


def _flagged_cause(state: str, answer: str, flags: list[str]) -> str | None:
    flag, cause = FLAGGED_FINDINGS.get((state, answer), (None, None))
    return cause if flag in flags else None
