"""The bare machine: (state, answers so far, input) -> next state, straight from dialogs.flow."""
import pytest

from dialogs import flow
from dialogs.engine import build_machine
from dialogs.session import Session, new_session

MACHINE = build_machine()


def step(state, trail, trigger):
    """Fire one trigger on a session in ``state`` whose answers are ``trail``; return the new state."""
    data = {**new_session(), "state": state, "trail": [list(t) for t in trail]}
    session = Session(data)
    MACHINE.add_model(session, initial=state)
    try:
        if state in flow.CHOICES and trigger in flow.CHOICES[state]:
            data["trail"].append([state, trigger])
        session.trigger(trigger)
        return data["state"]
    finally:
        MACHINE.remove_model(session)


MEMBER = ("check_auth_type", "member")
OWN = ("check_organizer", "me")
OTHER = ("check_organizer", "someone_else")


@pytest.mark.parametrize("state, trail, trigger, expected", [
    ("welcome", [], "start", "triage"),
    ("triage", [], "no_record_option", "check_auth_type"),
    ("triage", [], "missing_content", "diagnosis"),
    ("triage", [], "recording_deleted", "offer"),
    ("check_auth_type", [], "member", "check_organizer"),
    ("check_auth_type", [], "anonymous", "diagnosis"),
    ("check_auth_type", [], "unsure", "check_organizer"),
    ("check_organizer", [MEMBER], "me", "check_policy"),
    ("check_organizer", [MEMBER], "someone_else", "check_organizer_policy"),
    ("check_organizer_policy", [MEMBER, OTHER], "off", "diagnosis"),
    ("check_organizer_policy", [MEMBER, OTHER], "unsure", "check_policy"),
    ("check_policy", [MEMBER, OWN], "on", "check_storage_location"),
    ("check_storage_location", [MEMBER, OWN, ("check_policy", "on")], "onedrive", "run_diagnostic"),
    ("check_storage_location", [MEMBER, OWN, ("check_policy", "on")], "unsure", "check_stream_license"),
    ("check_stream_consent", [], "not_required", "check_stream_storage"),
    ("check_stream_storage", [("check_stream_upload", "allowed")], "yes", "check_auth_type"),
    ("run_diagnostic", [], "all_passed", "escalate"),
    ("run_diagnostic", [], "user_not_enabled", "diagnosis"),
    ("diagnosis", [MEMBER, ("check_organizer_policy", "off")], "not_fixed", "check_policy"),
    ("diagnosis", [], "fixed", "resolved"),
    ("offer", [], "diagnostic", "run_diagnostic"),
    ("offer", [], "stream_upload_check", "check_stream_upload"),
    ("check_stream_storage", [], "restart", "triage"),
    ("escalate", [], "restart", "triage"),
])
def test_transition(state, trail, trigger, expected):
    assert step(state, trail, trigger) == expected


def test_a_topic_jump_continues_forward_then_comes_back_for_skipped_checks():
    """Started at the Stream upload check: the later Stream checks first, then the earlier ones."""
    trail = [("check_stream_upload", "allowed")]
    assert step("check_stream_upload", [], "allowed", ) == "check_stream_consent"
    trail += [("check_stream_consent", "yes")]
    assert step("check_stream_storage", trail, "yes") == "check_auth_type"


def test_every_check_done_leads_to_escalate():
    trail = [(c, flow.CHOICES[c][0]) for c in flow.CHECKS if c != "run_diagnostic"] + [("run_diagnostic", "all_passed")]
    session = Session({**new_session(), "trail": [list(t) for t in trail]})
    assert session.next_check() == "escalate"


def test_every_state_has_its_template_and_every_choice_its_title(engine):
    for state, choices in flow.CHOICES.items():
        for audience in ("user", "agent"):
            words = engine.words[audience == "agent"]
            assert words["questions"][state]
            assert all(words["titles"][state][c] for c in choices)


def test_findings_agree_with_the_guides_rule():
    """A check that the flow calls a cause is one the rule in knowledge.rules refuses."""
    for (state, answer), cause in flow.FINDINGS.items():
        if cause in ("auth_external", "policy_organizer") or (state, cause) == ("check_policy", "policy_user"):
            trail = [[state, answer]] + ([["check_organizer", "someone_else"]] if cause == "policy_organizer" else [])
            verdict = Session({**new_session(), "trail": trail}).verdict()
            assert verdict.allowed is False, (state, answer)


def test_the_diagram_in_the_readme_is_the_current_one():
    from pathlib import Path

    from dialogs.__main__ import mermaid
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "```mermaid\n" + mermaid() + "```" in readme, "run: python -m dialogs graph, and paste it in README.md"
