"""Who can start a recording: the guide's rule, and the guide's own example."""
import pytest

from knowledge.rules import EVIDENCE, Participant, can_start_recording, verdict_for_answers
from knowledge.store import load

TABLE = "review-audio-and-video-policies/table-1"


def people_from_the_guides_table():
    """Alex, Adele and Bianca exactly as the guide's table lists them."""
    setting = {"On": True, "Off": False, "Not applicable": None}
    people = {}
    for name, policy, allow in load().get(TABLE)["rows"]:
        member = policy != "None"
        people[name] = Participant(name, setting[allow], "member" if member else "federated",
                                   policy if member else None)
    return people


def test_the_guides_example_comes_out_as_the_guide_says():
    p = people_from_the_guides_table()
    alex, adele, bianca = p["Alex"], p["Adele"], p["Bianca"]
    assert can_start_recording(organizer=alex, recorder=adele).allowed is False
    assert can_start_recording(organizer=adele, recorder=adele).allowed is True
    assert can_start_recording(organizer=adele, recorder=alex).allowed is False
    assert can_start_recording(organizer=adele, recorder=bianca).allowed is False


def test_each_verdict_says_why():
    p = people_from_the_guides_table()
    assert can_start_recording(p["Alex"], p["Adele"]).codes == ("organizer_policy_off",)
    assert can_start_recording(p["Adele"], p["Alex"]).codes == ("recorder_policy_off",)
    assert can_start_recording(p["Adele"], p["Bianca"]).codes == ("recorder_not_member",)
    assert can_start_recording(p["Adele"], p["Adele"]).codes == ("requirements_met",)


@pytest.mark.parametrize("joins_as", ["guest", "federated", "anonymous"])
def test_nobody_from_outside_the_organization_can_start_a_recording(joins_as):
    verdict = verdict_for_answers(True, True, joins_as)
    assert verdict.allowed is False
    assert "review-audio-and-video-policies/callout-2" in verdict.entries


def test_an_unknown_setting_gives_no_verdict_but_says_what_to_check():
    verdict = verdict_for_answers(None, True)
    assert verdict.allowed is None and verdict.codes == ("organizer_policy_unknown",)
    assert verdict_for_answers(False, None).codes == ("organizer_policy_off",)


def test_an_organizer_recording_their_own_meeting_needs_only_their_own_setting():
    assert verdict_for_answers(None, True, recorder_is_organizer=True).allowed is True
    assert verdict_for_answers(None, False, recorder_is_organizer=True).codes == ("recorder_policy_off",)


def test_every_reason_is_backed_by_entries_that_exist():
    kb = load()
    for code, ids in EVIDENCE.items():
        for entry_id in ids:
            assert entry_id in kb, f"{code} cites missing entry {entry_id}"


def test_an_unknown_way_of_joining_is_refused():
    with pytest.raises(ValueError, match="joins_as"):
        Participant("Eve", True, "hacker")


# --- today's rules, from the updates document, on top of the guide's

@pytest.mark.parametrize("role", [None, "organizer", "co_organizer", "presenter", "unsure"])
@pytest.mark.parametrize("consent", [None, "agreed", "not_asked", "unsure"])
def test_todays_questions_leave_the_guides_example_as_the_guide_says(role, consent):
    """Adele can't record Alex's meetings; in Adele's, Alex and Bianca can't: whatever is answered before."""
    today = {"kind": "meeting", "role": role, "consent": consent}
    assert verdict_for_answers(False, True, **today).codes == ("organizer_policy_off",)
    assert verdict_for_answers(True, False, **today).codes == ("recorder_policy_off",)
    assert verdict_for_answers(True, None, "federated", **today).codes == ("recorder_not_member",)
    assert verdict_for_answers(None, True, recorder_is_organizer=True, **today).allowed is True


def test_an_attendee_or_someone_who_declined_consent_cannot_record_even_with_every_policy_on():
    assert verdict_for_answers(True, True, role="attendee").codes == ("recorder_is_attendee",)
    assert verdict_for_answers(True, True, consent="declined").codes == ("consent_declined",)
    assert verdict_for_answers(False, True, role="attendee").codes == ("recorder_is_attendee", "organizer_policy_off")


def test_a_call_follows_the_calling_policy_and_no_organizers_meeting_policy():
    assert verdict_for_answers(False, None, kind="call", calls_allowed=True).allowed is True
    assert verdict_for_answers(True, True, kind="call", calls_allowed=False).codes == ("calling_policy_off",)
    assert verdict_for_answers(True, True, kind="call").codes == ("calling_policy_unknown",)
    assert verdict_for_answers(None, False, kind="call", calls_allowed=True).codes == ("recorder_policy_off",)


def test_a_town_hall_follows_the_events_policy_and_not_the_meeting_policies():
    assert verdict_for_answers(False, False, kind="event", events_allowed=True).allowed is True
    assert verdict_for_answers(True, True, kind="event", events_allowed=False).codes == ("events_policy_off",)
    assert verdict_for_answers(True, True, "guest", kind="event", events_allowed=True).codes == (
        "recorder_not_member",)


def test_an_unknown_kind_of_recording_is_refused():
    with pytest.raises(ValueError, match="kind"):
        verdict_for_answers(True, True, kind="podcast")
