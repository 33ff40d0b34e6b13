"""Second thoughts: corrections typed in free text, and answers that contradict each other."""
import pytest
from dialogs.replies import TurnInput

REMINDER = "Remember to verify which policies are assigned to the user."
SOMEONE_ELSES_MEETING = ("meeting", "presenter", "member")


def walk(chat, *answers):
    chat.click("start", "welcome")
    chat.click("no_record_option")
    for answer in answers:
        assert answer in chat.buttons, (answer, chat.state)
        chat.click(answer)


# --- corrections

def test_actually_im_a_guest_replaces_the_answer_keeps_the_later_ones_and_finds_the_cause(chat):
    walk(chat, "meeting", "presenter", "member", "on")
    assert chat.state == "check_policy"
    reply = chat.say("actually I'm a guest")
    assert reply.full.startswith("Changed how the recorder joins from **A member of the organizer's organization** "
                                 "to **As a guest**.")
    assert chat.state == "diagnosis" and reply.value["causes"] == ["auth_external"]
    assert reply.value["checks"] == {"check_meeting_type": "meeting", "check_meeting_role": "presenter",
                                     "check_organizer_policy": "on", "check_auth_type": "guest"}
    assert reply.value["provenance"]["check_auth_type"] == "typed"
    assert reply.value["provenance"]["check_organizer_policy"] == "clicked"


def test_sorry_its_off_corrects_the_policy_just_answered(chat):
    walk(chat, *SOMEONE_ELSES_MEETING, "on")
    assert chat.state == "check_policy"
    reply = chat.say("sorry, it's off")
    assert "Changed the organizer's Allow cloud recording from **Yes, it's on** to **No, it's off**." in reply.full
    assert chat.state == "diagnosis" and reply.value["causes"] == ["policy_organizer"]
    assert "check_policy" not in reply.value["checks"]
    assert chat.last.outcome == "correction"


def test_a_correction_that_removes_the_cause_goes_on_with_the_checks(chat):
    walk(chat, "meeting", "presenter", "guest")
    assert chat.state == "diagnosis"
    reply = chat.say("oops, I'm a member, not a guest")
    assert "to **A member of the organizer's organization**" in reply.full
    assert chat.state == "check_organizer_policy"
    assert chat.say("summary").value["causes"] == []


def test_a_correction_that_makes_the_pending_question_moot_moves_on(chat):
    walk(chat, *SOMEONE_ELSES_MEETING)
    assert chat.state == "check_organizer_policy"
    reply = chat.say("wait, it's a call")
    assert "Changed what is being recorded from **A meeting** to **A 1:1 or group call**." in reply.full
    assert chat.state == "check_calling_policy"


def test_a_stated_fact_that_differs_from_an_earlier_answer_corrects_it(chat):
    walk(chat, *SOMEONE_ELSES_MEETING, "on")
    reply = chat.say("I joined as a guest")
    assert reply.full.startswith("Changed how the recorder joins")
    assert chat.state == "diagnosis" and reply.value["causes"] == ["auth_external"]


@pytest.mark.parametrize("text, state", [("sorry, no", "diagnosis"), ("actually it's on", "run_diagnostic")])
def test_an_answer_to_the_pending_question_is_not_taken_for_a_correction(chat, text, state):
    walk(chat, *SOMEONE_ELSES_MEETING, "on")
    chat.say(text)
    assert chat.state == state and chat.last.outcome == "answer"
    assert chat.session_answers()["check_organizer_policy"] == "on"


def test_a_question_that_starts_with_actually_is_answered_not_taken_for_a_correction(chat):
    walk(chat, *SOMEONE_ELSES_MEETING)
    reply = chat.say("actually, how long are recordings stored in AMS kept?")
    assert chat.last.outcome == "question" and "deleted after 21 days" in reply.full
    assert chat.session_answers()["check_auth_type"] == "member"


def test_back_after_a_correction_asks_that_question_again(chat):
    walk(chat, *SOMEONE_ELSES_MEETING, "on")
    chat.say("sorry, it's off")
    chat.say("back")
    assert chat.state == "check_organizer_policy"
    assert "check_organizer_policy" not in chat.session_answers()


# --- contradictions

def test_a_diagnostic_result_that_contradicts_an_answer_is_shown_and_flagged(chat):
    walk(chat, *SOMEONE_ELSES_MEETING, "on", "on", "user_not_enabled")
    reply = chat.last.replies[0]
    assert chat.state == "diagnosis" and reply.value["causes"] == ["policy_user"]
    assert reply.value["contradictions"] == [
        {"check": "check_policy", "said": "on", "found": "user_not_enabled", "by": "run_diagnostic"}]
    assert "**This contradicts an earlier answer.** Earlier, the recorder's Allow cloud recording was given as " \
           "**Yes, it's on**, but the Teams Meeting Recording Test or Diag: Meeting Recording says " \
           "**User not enabled for cloud recording**." in reply.full
    assert REMINDER in reply.full
    summary = chat.say("summary")
    assert summary.value["contradictions"] == reply.value["contradictions"]
    assert "Contradictions:" in summary.full


def test_correcting_the_contradicted_answer_clears_the_contradiction(chat):
    walk(chat, *SOMEONE_ELSES_MEETING, "on", "on", "user_not_enabled")
    reply = chat.say("sorry, it's off")
    assert "Changed the recorder's Allow cloud recording from **Yes, it's on** to **No, it's off**." in reply.full
    assert chat.state == "diagnosis" and "contradictions" not in reply.value
    assert "contradicts" not in reply.full


def test_everything_passing_after_a_policy_said_off_is_flagged_on_the_ticket(chat):
    walk(chat, *SOMEONE_ELSES_MEETING, "on", "off", "not_fixed", "all_passed")
    reply = chat.last.replies[0]
    assert chat.state == "escalate"
    assert reply.value["contradictions"] == [
        {"check": "check_policy", "said": "off", "found": "all_passed", "by": "run_diagnostic"}]
    assert REMINDER in reply.full and "Contradictions:" in reply.full


def test_saying_someone_else_organized_it_takes_back_organizer_and_asks_the_role_again(chat):
    walk(chat, "meeting", "organizer")
    reply = chat.say("I didn't organize it, my manager did")
    assert "Got it: someone else organized it." in reply.full and "contradicts" not in reply.full
    assert "check_meeting_role" not in chat.session_answers()
    chat.click("member")
    assert chat.state == "check_meeting_role"  # an attendee can't record whatever the policies say: asked first
    chat.click("attendee")
    assert "contradictions" not in chat.say("summary").value


def test_a_role_read_from_teams_is_not_taken_back_by_a_stated_organizer(chat):
    walk(chat, "meeting")
    chat._turn(TurnInput(text="hi", read={"check_meeting_role": "organizer"}))
    reply = chat.say("I didn't organize it, my manager did")
    assert "**This contradicts an earlier answer.**" in reply.full and REMINDER in reply.full
    assert chat.say("summary").value["contradictions"] == [
        {"check": "check_meeting_role", "said": "organizer", "found": "someone_else", "by": "check_organizer"}]


@pytest.mark.parametrize("said", ["actually no, my colleague scheduled it, im just presenting",
                                  "no wait my colleague set it up, I'm only presenting"])
def test_a_new_role_said_beside_the_pending_answer_replaces_the_old_one(chat, said):
    walk(chat, "meeting", "organizer")
    reply = chat.say(said)
    assert "from **Organizer** to **Presenter**. Got it: someone else organized it." in reply.full
    answers = chat.session_answers()
    assert answers["check_meeting_role"] == "presenter" and answers["check_organizer"] == "someone_else"
    assert chat.state == "check_auth_type" and "check_auth_type" not in answers  # "my colleague" is not how they join


def test_correcting_a_call_to_a_meeting_brings_back_the_meetings_questions(chat):
    walk(chat, "call", "off", "not_fixed")
    assert chat.state == "check_policy"
    reply = chat.say("wait, it's a meeting")
    assert "Changed what is being recorded from **A 1:1 or group call** to **A meeting**." in reply.full
    assert chat.state == "check_meeting_role"
    assert chat.say("summary").value["causes"] == []  # the calling policy no longer counts for a meeting


def test_a_correction_that_changes_nothing_ahead_asks_the_same_question_again(chat):
    walk(chat, *SOMEONE_ELSES_MEETING, "on")
    reply = chat.say("actually I'm a co-organizer")
    assert "Changed the recorder's role in the meeting from **Presenter** to **Co-organizer**." in reply.full
    assert chat.state == "check_policy" and reply.card["actions"][0]["data"]["state"] == "check_policy"
    assert chat.session_answers()["check_organizer_policy"] == "on"
