"""The bare machine: (state, answers so far, input) -> next state, straight from dialogs.flow."""
import pytest

from dialogs import flow
from dialogs.engine import build_machine
from dialogs.session import Session, new_session

MACHINE = build_machine()


def step(state, trail, trigger, topic=None, flags=()):
    """Fire one trigger on a session in ``state`` whose answers are ``trail``; return the new state.

    ``topic`` is what the person reported (None: "I can't record"), ``flags`` e.g. ("stream",) when they said Stream.
    """
    data = {**new_session(), "state": state, "trail": [list(t) for t in trail], "topic": topic, "flags": list(flags)}
    session = Session(data)
    MACHINE.add_model(session, initial=state)
    try:
        if state in flow.CHOICES and trigger in flow.CHOICES[state]:
            data["trail"].append([state, trigger])
        session.trigger(trigger)
        return data["state"]
    finally:
        MACHINE.remove_model(session)


MEETING = ("check_meeting_type", "meeting")
CALL = ("check_meeting_type", "call")
EVENT = ("check_meeting_type", "event")
PRESENTER = ("check_meeting_role", "presenter")
ORGANIZER = ("check_meeting_role", "organizer")
MEMBER = ("check_auth_type", "member")
OWN = ("check_organizer", "me")
OTHER = ("check_organizer", "someone_else")
IN_A_MEETING = [MEETING, PRESENTER, MEMBER]
POLICY_ON = ("check_policy", "on")
STREAM = ("stream",)  # the person said recordings go to Stream


@pytest.mark.parametrize("state, trail, trigger, expected", [
    ("welcome", [], "start", "triage"),
    ("triage", [], "no_record_option", "check_meeting_type"),
    ("triage", [], "missing_content", "diagnosis"),
    ("triage", [], "recording_deleted", "offer"),
    # what is recorded decides what comes next
    ("check_meeting_type", [], "meeting", "check_meeting_role"),
    ("check_meeting_type", [], "event", "check_meeting_role"),
    ("check_meeting_type", [], "unsure", "check_meeting_role"),
    ("check_meeting_type", [], "call", "check_calling_policy"),
    # the role: an attendee is told at once; a known role settles who organized
    ("check_meeting_role", [MEETING], "attendee", "diagnosis"),
    ("check_meeting_role", [MEETING], "presenter", "check_auth_type"),
    ("check_meeting_role", [MEETING], "organizer", "check_auth_type"),
    ("check_meeting_role", [MEETING], "unsure", "check_organizer"),
    ("check_organizer", [MEETING, ("check_meeting_role", "unsure")], "me", "check_auth_type"),
    # someone who can't start a recording is not asked about the consent prompt: on to the policies
    ("check_auth_type", [MEETING, PRESENTER], "member", "check_organizer_policy"),
    ("check_auth_type", [MEETING, PRESENTER], "anonymous", "diagnosis"),
    ("check_auth_type", [MEETING, PRESENTER], "unsure", "check_organizer_policy"),
    ("check_auth_type", [MEETING, ORGANIZER], "member", "check_policy"),
    ("check_auth_type", [MEETING, ("check_meeting_role", "unsure"), OWN], "unsure", "check_policy"),
    ("check_auth_type", [EVENT, PRESENTER], "member", "check_events_policy"),
    # the policy for the kind of recording
    ("check_calling_policy", [CALL], "off", "diagnosis"),
    ("check_calling_policy", [CALL], "on", "check_policy"),
    ("check_events_policy", [EVENT, PRESENTER, MEMBER], "off", "diagnosis"),
    ("check_events_policy", [EVENT, PRESENTER, MEMBER], "on", "run_diagnostic"),
    ("check_organizer_policy", IN_A_MEETING, "off", "diagnosis"),
    ("check_organizer_policy", IN_A_MEETING, "unsure", "check_policy"),
    ("check_policy", [MEETING, ORGANIZER, MEMBER], "on", "run_diagnostic"),
    ("check_calling_policy", [CALL], "unsure", "check_policy"),
    ("check_policy", [CALL, ("check_calling_policy", "on")], "on", "run_diagnostic"),
    ("check_stream_consent", [("check_storage_location", "stream")], "not_required", "check_stream_storage"),
    ("check_stream_storage", [("check_stream_upload", "allowed")], "yes", "check_meeting_type"),
    ("run_diagnostic", [], "all_passed", "escalate"),
    ("run_diagnostic", [], "user_not_enabled", "diagnosis"),
    ("diagnosis", [*IN_A_MEETING, ("check_organizer_policy", "off")], "not_fixed",
     "check_policy"),
    ("diagnosis", [MEETING, ("check_meeting_role", "attendee")], "not_fixed", "check_auth_type"),
    ("diagnosis", [], "fixed", "resolved"),
    ("offer", [], "diagnostic", "run_diagnostic"),
    ("offer", [], "onedrive_check", "check_onedrive"),
    ("check_stream_storage", [], "restart", "triage"),
    ("escalate", [], "restart", "triage"),
])
def test_transition(state, trail, trigger, expected):
    assert step(state, trail, trigger) == expected


@pytest.mark.parametrize("topic, flags, state, trail, trigger, expected", [
    # can't start, and the person said Stream: where recordings go is asked, OneDrive never
    (None, STREAM, "check_events_policy", [EVENT, PRESENTER, MEMBER], "on", "check_storage_location"),
    (None, STREAM, "check_policy", [MEETING, ORGANIZER, MEMBER], "on", "check_storage_location"),
    (None, STREAM, "check_storage_location", [MEETING, ORGANIZER, MEMBER, POLICY_ON], "onedrive", "run_diagnostic"),
    (None, STREAM, "check_storage_location", [MEETING, ORGANIZER, MEMBER, POLICY_ON], "unsure", "run_diagnostic"),
    (None, STREAM, "check_storage_location", [MEETING, ORGANIZER, MEMBER, POLICY_ON], "stream",
     "check_stream_license"),
    # a view-only recorder (the consent prompt): what is recorded and the prompt, then the helpdesk
    ("recording_consent", (), "check_consent", [], "declined", "diagnosis"),
    ("recording_consent", (), "check_consent", [], "agreed", "check_meeting_type"),
    ("recording_consent", (), "check_consent", [MEETING], "not_asked", "escalate"),
    ("recording_consent", (), "check_consent", [MEETING], "unsure", "escalate"),
    ("recording_consent", (), "check_meeting_type", [], "meeting", "check_consent"),
    # a missing recording: the OneDrive it went to (where recordings go only once Stream is said), then the helpdesk
    ("storage_location", (), "offer", [], "onedrive_check", "check_onedrive"),
    ("onedrive_storage", (), "check_onedrive", [], "no", "diagnosis"),
    ("onedrive_storage", (), "check_onedrive", [CALL], "full", "diagnosis"),
    ("ams_expiry", (), "check_onedrive", [], "yes", "escalate"),
    ("ams_expiry", (), "check_onedrive", [], "unsure", "escalate"),
    ("storage_location", STREAM, "check_storage_location", [], "onedrive", "check_onedrive"),
    ("storage_location", STREAM, "check_storage_location", [], "unsure", "check_onedrive"),
    ("storage_location", STREAM, "check_storage_location", [], "stream", "check_stream_license"),
])
def test_transition_for_what_the_person_reported(topic, flags, state, trail, trigger, expected):
    assert step(state, trail, trigger, topic, flags) == expected


def asked(trail, topic=None, flags=()):
    """The questions that come when each is answered with its first answer that proves nothing, and where that ends."""
    trail, seen = list(trail), []
    for _ in flow.CHECKS:
        state = Session({**new_session(), "trail": [list(t) for t in trail], "topic": topic,
                         "flags": list(flags)}).next_check()
        if state in ("run_diagnostic", "escalate"):
            return seen, state
        seen.append(state)
        answer = next(c for c in flow.CHOICES[state] if (state, c) not in flow.FINDINGS and c != "unsure")
        trail.append((state, "presenter" if state == "check_meeting_role" else answer))
    raise AssertionError(f"no end after {seen}")


@pytest.mark.parametrize("kind, questions, skipped", [
    ("call", ["check_calling_policy", "check_policy"],
     ["check_meeting_role", "check_organizer", "check_auth_type", "check_events_policy", "check_organizer_policy"]),
    ("event", ["check_meeting_role", "check_auth_type", "check_events_policy"],
     ["check_calling_policy", "check_organizer_policy", "check_policy"]),
    ("meeting", ["check_meeting_role", "check_auth_type", "check_organizer_policy", "check_policy"],
     ["check_calling_policy", "check_events_policy"]),
])
@pytest.mark.parametrize("flags", [(), STREAM], ids=["no word of Stream", "said Stream"])
def test_each_kind_of_recording_is_asked_only_what_governs_it(kind, questions, skipped, flags):
    """Someone who can't start a recording: never the consent prompt nor the OneDrive; where recordings go only
    once Stream was said (and OneDrive, the first answer, skips the Stream checks); the diagnostic last."""
    seen, end = asked([("check_meeting_type", kind)], flags=flags)
    assert seen == questions + (["check_storage_location"] if flags else [])
    assert end == "run_diagnostic"
    assert not set(seen) & {*skipped, "check_consent", "check_onedrive", *flow.STREAM_CHECKS}


@pytest.mark.parametrize("topic, flags, questions, end", [
    (None, (), ["check_meeting_type", "check_meeting_role", "check_auth_type", "check_organizer_policy",
                "check_policy"], "run_diagnostic"),
    ("recording_consent", (), ["check_meeting_type", "check_consent"], "escalate"),
    ("storage_location", (), ["check_onedrive"], "escalate"),
    ("ams_expiry", STREAM, ["check_storage_location", "check_onedrive"], "escalate"),
    ("onedrive_storage", (), ["check_onedrive"], "escalate"),
])
def test_each_symptom_is_asked_only_what_can_matter_for_it(topic, flags, questions, end):
    """A missing recording is never asked what was being recorded, nor sent to the diagnostic; a view-only
    recorder is asked about the consent prompt; someone who can't start one never is."""
    assert asked([], topic, flags) == (questions, end)


def test_a_topic_jump_continues_forward_then_comes_back_for_skipped_checks():
    """Started at the Stream upload check: the later Stream checks first, then the earlier ones."""
    assert step("check_stream_upload", [], "allowed", ) == "check_stream_consent"
    trail = [("check_stream_upload", "allowed"), ("check_stream_consent", "yes")]
    assert step("check_stream_storage", trail, "yes") == "check_meeting_type"


def test_a_cause_made_moot_by_a_later_answer_no_longer_counts():
    """An attendee's role is no cause in a call: correcting the kind of recording drops it."""
    trail = [["check_meeting_type", "meeting"], ["check_meeting_role", "attendee"]]
    assert Session({**new_session(), "trail": trail}).causes == ["meeting_role"]
    trail[0] = ["check_meeting_type", "call"]
    assert Session({**new_session(), "trail": trail}).causes == []


@pytest.mark.parametrize("answer, topic, causes", [
    (("check_consent", "declined"), None, []), (("check_consent", "declined"), "recording_consent",
                                                ["recording_consent"]),
    (("check_onedrive", "full"), None, []), (("check_onedrive", "full"), "storage_location", ["onedrive_storage"]),
    (("check_auth_type", "guest"), None, ["auth_external"]), (("check_auth_type", "guest"), "ams_expiry", []),
])
def test_a_finding_of_a_check_that_cannot_matter_for_the_symptom_is_no_cause(answer, topic, causes):
    session = Session({**new_session(), "trail": [["check_meeting_type", "meeting"], list(answer)], "topic": topic})
    assert session.causes == causes


def test_contradictions_name_the_earlier_answer_and_what_said_otherwise():
    trail = [["check_policy", "on"], ["run_diagnostic", "user_not_enabled"]]
    session = Session({**new_session(), "state": "diagnosis", "trail": trail})
    assert session.contradictions == [
        {"check": "check_policy", "said": "on", "found": "user_not_enabled", "by": "run_diagnostic"}]
    assert session.value()["contradictions"] == session.contradictions
    trail[:] = [["check_meeting_role", "organizer"], ["check_organizer", "someone_else"]]
    assert session.contradictions == [
        {"check": "check_meeting_role", "said": "organizer", "found": "someone_else", "by": "check_organizer"}]
    trail[:] = [["check_policy", "on"], ["check_meeting_role", "organizer"]]
    assert session.contradictions == [] and "contradictions" not in session.value()


def test_every_check_done_leads_to_escalate():
    trail = [(c, flow.CHOICES[c][0]) for c in flow.CHECKS if c != "run_diagnostic"] + [("run_diagnostic", "all_passed")]
    session = Session({**new_session(), "trail": [list(t) for t in trail]})
    assert session.next_check() == "escalate"


def test_every_state_has_its_template_and_every_choice_its_title(engine):
    for state, choices in flow.CHOICES.items():
        for audience in ("user", "agent"):
            words = engine.compose.words[audience == "agent", False]
            assert words["questions"][state]
            assert all(words["titles"][state][c] for c in choices)


# The kind of recording each rule-backed finding is about.
RULED = {"auth_external": "meeting", "policy_organizer": "meeting", "policy_user": "meeting",
         "meeting_role": "meeting", "recording_consent": "meeting", "calls_policy": "call", "events_policy": "event"}


def test_findings_agree_with_the_rules():
    """A check that the flow calls a cause is one the rules in knowledge.rules refuse."""
    checked = set()
    for (state, answer), cause in flow.FINDINGS.items():
        if cause in RULED and state != "run_diagnostic":
            trail = [["check_meeting_type", RULED[cause]], [state, answer]]
            trail += [["check_organizer", "someone_else"]] if cause == "policy_organizer" else []
            verdict = Session({**new_session(), "trail": trail}).verdict()
            assert verdict.allowed is False, (state, answer)
            checked.add(cause)
    assert checked == set(RULED)


def test_the_diagram_in_the_readme_is_the_current_one():
    from pathlib import Path

    from dialogs.__main__ import mermaid
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "```mermaid\n" + mermaid() + "```" in readme, "run: python -m dialogs graph, and paste it in README.md"
