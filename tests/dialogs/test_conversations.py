"""Transcripts: what the user says or clicks, what the bot must answer."""
import pytest

from dialogs.flow import CHECKS

AMS_FACT = "Recordings stored in AMS are deleted after 21 days."
GUEST_FACT = "Guest users, and federated and anonymous users, can't start the recording."


def start_guided_check(chat):
    chat.click("start", "welcome")
    assert chat.state == "triage"
    chat.click("no_record_option")
    assert chat.state == "check_meeting_type"


def walk(chat, *answers):
    for answer in answers:
        chat.click(answer)


# What may come before the guide's own questions: someone else's meeting, asked in any of these ways.
IN_SOMEONE_ELSES_MEETING = {
    "presenter": ("meeting", "presenter", "member", "not_asked"),
    "co-organizer who agreed to be recorded": ("meeting", "co_organizer", "member", "agreed"),
    "unsure of everything": ("unsure", "unsure", "someone_else", "member", "unsure"),
}
OWN_MEETING = ("meeting", "organizer", "member", "not_asked")
ON_ONEDRIVE = (*OWN_MEETING, "on", "onedrive", "yes")


# --- the guide's own example: Alex (Global, Off), Adele (Contoso Meeting Policy, On), Bianca (external),
# --- whatever today's questions asked before

@pytest.mark.parametrize("before", IN_SOMEONE_ELSES_MEETING.values(), ids=IN_SOMEONE_ELSES_MEETING)
def test_adele_cannot_record_a_meeting_alex_organized(chat, before):
    start_guided_check(chat)
    walk(chat, *before)
    assert chat.state == "check_organizer_policy"
    chat.click("off")
    reply = chat.last.replies[0]
    assert chat.state == "diagnosis"
    assert reply.value["causes"] == ["policy_organizer"]
    assert "Adele can’t record meetings organized by Alex" in reply.full
    assert "Source: Troubleshoot meeting recording › Review audio and video policies" in reply.full


@pytest.mark.parametrize("before", IN_SOMEONE_ELSES_MEETING.values(), ids=IN_SOMEONE_ELSES_MEETING)
def test_alex_cannot_record_a_meeting_adele_organized(chat, before):
    start_guided_check(chat)
    walk(chat, *before, "on", "off")
    assert chat.last.replies[0].value["causes"] == ["policy_user"]


@pytest.mark.parametrize("how", ["guest", "federated", "anonymous"])
@pytest.mark.parametrize("before", [("meeting", "presenter"), ("unsure", "co_organizer"), ("event", "presenter")])
def test_bianca_from_outside_cannot_record_adeles_meeting(chat, before, how):
    start_guided_check(chat)
    walk(chat, *before)
    assert chat.state == "check_auth_type"
    reply = chat.click(how)
    assert chat.state == "diagnosis"
    assert reply.value["causes"] == ["auth_external"]
    assert GUEST_FACT in reply.full


@pytest.mark.parametrize("consent", ["agreed", "not_asked", "unsure"])
def test_adele_recording_her_own_meeting_is_not_blocked_by_policy(chat, consent):
    start_guided_check(chat)
    walk(chat, "meeting", "organizer", "member", consent, "on")
    assert chat.state == "check_storage_location"
    assert chat.last.replies[0].value is None


# --- the Stream requirements, each as a cause

@pytest.mark.parametrize("answers, cause, fact", [
    (["no"], "stream_license", "A Microsoft Stream license enabled on their account"),
    (["yes", "restricted"], "stream_upload", AMS_FACT),
    (["yes", "allowed", "no"], "stream_consent", "Stream Admin settings console"),
    (["yes", "allowed", "not_required", "no"], "stream_storage", "sufficient storage in Microsoft Stream"),
])
def test_each_stream_requirement_is_found_as_a_cause(chat, answers, cause, fact):
    start_guided_check(chat)
    walk(chat, *OWN_MEETING, "on", "stream", *answers)
    reply = chat.last.replies[0]
    assert chat.state == "diagnosis"
    assert reply.value["causes"] == [cause]
    assert fact in reply.full


def test_recordings_in_onedrive_skip_the_stream_checks(chat):
    start_guided_check(chat)
    walk(chat, *OWN_MEETING, "on", "onedrive")
    assert chat.state == "check_onedrive"
    chat.click("yes")
    assert chat.state == "run_diagnostic"


@pytest.mark.parametrize("result, cause", [
    ("teams_license", "teams_license"), ("tenant_config", "tenant_config"), ("user_not_enabled", "policy_user")])
def test_the_diagnostic_result_maps_to_its_cause(chat, result, cause):
    start_guided_check(chat)
    walk(chat, *ON_ONEDRIVE, result)
    assert chat.state == "diagnosis"
    assert chat.last.replies[0].value["causes"] == [cause]


# --- unsure never blocks; not_fixed goes on; the end states

def test_unsure_to_everything_reaches_the_diagnostic_with_every_check_unverified(chat):
    """An unsure kind of recording is a meeting; an unsure storage location is OneDrive, never Stream."""
    start_guided_check(chat)
    for _ in range(20):
        if chat.state == "run_diagnostic":
            break
        assert "unsure" in chat.buttons or chat.state == "check_organizer", chat.state
        answer = "unsure" if "unsure" in chat.buttons else "someone_else"
        reply = chat.click(answer)
        if answer == "unsure":
            assert reply.full, "an unsure answer must say how to find out"
    unsure_checks = ["check_meeting_type", "check_meeting_role", "check_auth_type", "check_consent",
                     "check_organizer_policy", "check_policy", "check_storage_location", "check_onedrive"]
    assert [c for c in CHECKS if c in unsure_checks] == unsure_checks
    reply = chat.click("all_passed")
    assert chat.state == "escalate"
    assert reply.value["unverified"] == unsure_checks
    assert reply.value["causes"] == []
    assert "Not verified:" in reply.full


def test_unsure_shows_users_what_to_ask_their_admin_and_agents_the_procedure(chat, agent_chat):
    start_guided_check(chat)
    walk(chat, *OWN_MEETING, "on", "stream", "yes")
    user_help = chat.click("unsure").full
    agent_chat.click("start", "welcome")
    agent_chat.click("no_record_option")
    walk(agent_chat, *OWN_MEETING, "on", "stream", "yes")
    agent_help = agent_chat.click("unsure").full
    assert "Ask your admin" in user_help
    assert "1. Open the [Microsoft Stream]" in agent_help
    assert "6. When you’ve verified the correct permissions, select **Save**." in agent_help


def test_not_fixed_continues_with_the_checks_not_yet_done(chat):
    start_guided_check(chat)
    walk(chat, *IN_SOMEONE_ELSES_MEETING["presenter"], "off")
    chat.click("not_fixed")
    assert chat.state == "check_policy"
    walk(chat, "on", "onedrive", "yes", "all_passed")
    reply = chat.last.replies[0]
    assert chat.state == "escalate"
    assert reply.value == {"causes": ["policy_organizer"], "unverified": [], "state": "escalate",
                           "checks": {"check_meeting_type": "meeting", "check_meeting_role": "presenter",
                                      "check_auth_type": "member", "check_consent": "not_asked",
                                      "check_organizer_policy": "off", "check_policy": "on",
                                      "check_storage_location": "onedrive", "check_onedrive": "yes",
                                      "run_diagnostic": "all_passed"}}
    assert "Forward this summary" in reply.full


def test_fixed_ends_resolved_with_the_outcome(chat):
    start_guided_check(chat)
    walk(chat, "meeting", "presenter", "guest", "fixed")
    reply = chat.last.replies[0]
    assert chat.state == "resolved"
    assert reply.value["causes"] == ["auth_external"] and reply.value["state"] == "resolved"
    chat.click("restart")
    assert chat.state == "triage" and chat.session["trail"] == []


# --- global commands mid-flow

def test_back_undoes_the_last_answer(chat):
    start_guided_check(chat)
    walk(chat, "meeting", "unsure", "someone_else")
    chat.say("back")
    assert chat.state == "check_organizer"
    assert chat.session["trail"][-1] == ["check_meeting_role", "unsure"]
    chat.click("me")
    assert chat.state == "check_auth_type"


def test_back_with_nothing_to_undo_keeps_the_question(chat):
    chat.click("start", "welcome")
    chat.say("back")
    assert chat.state == "triage"


def test_restart_forgets_the_answers(chat):
    start_guided_check(chat)
    walk(chat, "meeting", "presenter")
    chat.say("restart")
    assert chat.state == "triage" and chat.session["trail"] == []


def test_why_quotes_the_guide_and_asks_again(chat):
    start_guided_check(chat)
    walk(chat, "meeting", "presenter")
    reply = chat.say("why")
    assert GUEST_FACT in reply.full
    assert chat.state == "check_auth_type" and "guest" in chat.buttons


def test_summary_mid_flow_is_ticket_ready(chat):
    start_guided_check(chat)
    walk(chat, *IN_SOMEONE_ELSES_MEETING["presenter"], "unsure")
    reply = chat.say("summary")
    assert reply.value == {"causes": [], "unverified": ["check_organizer_policy"], "state": "check_policy",
                           "checks": {"check_meeting_type": "meeting", "check_meeting_role": "presenter",
                                      "check_auth_type": "member", "check_consent": "not_asked",
                                      "check_organizer_policy": "unsure"}}
    assert "What is recorded: **A meeting**. The recorder's role: **Presenter**." in reply.full
    assert "**No, I wasn't asked**" in reply.full
    assert "Not verified: the organizer's Allow cloud recording." in reply.full
    assert "Guide sections used: Review audio and video policies." in reply.full
    assert chat.state == "check_policy"


def test_switching_to_agent_mode_rephrases_the_pending_question(chat):
    start_guided_check(chat)
    chat.click("meeting")
    assert chat.last.replies[0].card["body"][0]["text"] == "What is your role in the meeting?"
    chat.say("agent")
    assert chat.session["audience"] == "agent"
    assert chat.last.replies[0].card["body"][0]["text"] == "What is the person's role in the meeting?"


# --- things users do that a form would not expect

def test_a_click_on_an_old_card_is_ignored_politely(chat):
    start_guided_check(chat)
    walk(chat, "meeting", "presenter", "member")
    before = dict(chat.session)
    reply = chat.click("guest", "check_auth_type")
    assert "earlier question" in reply.full
    assert chat.session == before
    assert chat.last.outcome == "stale_card"


def test_an_unknown_answer_is_refused_and_the_question_asked_again(chat):
    start_guided_check(chat)
    before = dict(chat.session)
    reply = chat.click("maybe")
    assert "isn't one of the answers" in reply.full
    assert chat.session == before and "meeting" in chat.buttons


@pytest.mark.parametrize("value", [{"state": 3, "answer": None}, {"foo": "bar"}, {"answer": ["x"]}])
def test_malformed_card_data_never_breaks_the_session(chat, value):
    start_guided_check(chat)
    before = dict(chat.session)
    chat._turn(__import__("dialogs.replies", fromlist=["TurnInput"]).TurnInput(value=value))
    assert chat.session == before


def test_an_empty_message_gets_the_question_again(chat):
    start_guided_check(chat)
    reply = chat.say("   ")
    assert "didn't get any text" in reply.full and chat.state == "check_meeting_type"


def test_a_damaged_saved_session_starts_over_instead_of_crashing(engine):
    from dialogs.replies import TurnInput
    for saved in ({"v": 99}, {"v": 1, "state": "nowhere"}, {"v": 1, "state": "check_policy", "trail": "x",
                                                             "audience": "root"}, []):
        result = engine.turn(saved, TurnInput(text="help"))
        assert result.replies and result.session["audience"] in ("user", "agent")


def test_the_welcome_offers_start_agent_mode_and_help(engine):
    card = engine.welcome()[0].card
    assert [a["data"] for a in card["actions"]] == [
        {"state": "welcome", "answer": "start"}, {"command": "agent"}, {"command": "help"}]
