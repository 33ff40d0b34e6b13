"""One user's troubleshooting session: a small JSON-able dict and the model the machine drives.

The dict is all that is saved between turns. Everything else (the answers, the
causes found, the unverified checks) is derived from its ``trail``, the
questions answered in order, which is also what makes ``back`` exact: undoing
an answer is dropping the last step of the trail.
"""
from __future__ import annotations

from knowledge.rules import verdict_for_answers

from dialogs.flow import CHECKS, CHOICES, FINDINGS, STATES, STREAM_CHECKS

VERSION = 1
AUDIENCES = ("user", "agent")
_SETTING = {"on": True, "off": False}


def new_session(audience: str = "user") -> dict:
    return {"v": VERSION, "state": "welcome", "audience": audience, "upn": None, "topic": None, "trail": []}


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
            "trail": trail}


class Session:
    """The model the machine is attached to for one turn; ``data`` is what gets saved."""

    def __init__(self, data: dict):
        self.data = data
        self.entered: list[str] = []

    # --- what the trail says ---------------------------------------------
    @property
    def answers(self) -> dict[str, str]:
        return {state: answer for state, answer in self.data["trail"]}

    @property
    def checks(self) -> dict[str, str]:
        """The answers to the troubleshooting checks, for summaries and machine-readable values."""
        return {state: answer for state, answer in self.answers.items() if state in CHECKS}

    @property
    def causes(self) -> list[str]:
        found = (FINDINGS.get((state, answer)) for state, answer in self.data["trail"])
        return list(dict.fromkeys(cause for cause in found if cause))

    @property
    def latest_cause(self) -> str | None:
        for state, answer in reversed(self.data["trail"]):
            if (state, answer) in FINDINGS:
                return FINDINGS[(state, answer)]
        return None

    @property
    def unverified(self) -> list[str]:
        return [state for state, answer in self.checks.items() if answer == "unsure"]

    @property
    def agent(self) -> bool:
        return self.data["audience"] == "agent"

    def verdict(self):
        """The guide's rule applied to what the user told us about the meeting."""
        answers = self.answers
        return verdict_for_answers(
            organizer_allows=_SETTING.get(answers.get("check_organizer_policy", "")),
            recorder_allows=_SETTING.get(answers.get("check_policy", "")),
            joins_as=answers.get("check_auth_type", "member") if answers.get("check_auth_type") != "unsure"
            else "member",
            recorder_is_organizer=answers.get("check_organizer") == "me",
        )

    def value(self) -> dict:
        """The machine-readable outcome defined in DESIGN.md."""
        return {"causes": self.causes, "checks": self.checks, "unverified": self.unverified,
                "state": self.state}

    # --- where to go next ------------------------------------------------
    def applies(self, check: str) -> bool:
        answers = self.answers
        if check == "check_organizer_policy":
            return answers.get("check_organizer") != "me"
        if check in STREAM_CHECKS:
            return answers.get("check_storage_location") != "onedrive"
        return True

    def next_check(self) -> str:
        """The next check still to do: forward from the last one answered, then any skipped, then the diagnostic."""
        answers = self.answers
        pending = [c for c in CHECKS[:-1] if c not in answers and self.applies(c)]
        answered = [CHECKS.index(s) for s, _ in self.data["trail"] if s in CHECKS]
        anchor = answered[-1] if answered else -1
        after = [c for c in pending if CHECKS.index(c) > anchor]
        if after or pending:
            return (after or pending)[0]
        return "run_diagnostic" if "run_diagnostic" not in answers else "escalate"

    # --- conditions and callbacks named in dialogs.flow ---------------------
    def leads_to_next(self, event) -> bool:
        return event.transition.dest == self.next_check()

    def remember_state(self, event) -> None:
        self.data["state"] = self.state
        self.entered.append(self.state)
