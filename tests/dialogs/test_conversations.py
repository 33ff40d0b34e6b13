"""Transcripts: what the user says or clicks, what the bot must answer."""
import pytest

from dialogs.flow import CHECKS, STREAM_CHECKS

AMS_FACT = "Recordings stored in AMS are deleted after 21 days."
GUEST_FACT = "Guest users, and federated and anonymous users, can't start the recording."


def start_guided_check(chat):
    chat.click("start", "welcome")
    assert chat.state == "triage"
    chat.click("no_record_option")
    assert chat.state == "check_meeting_type"


def start_saying_stream(chat):
    """A first message that says recordings go to Stream: only then are where recordings go and Stream asked."""
    chat.click("start", "welcome")
    chat.say("no record button, we save recordings to Microsoft Stream")
    assert chat.state == "check_meeting_type" and "stream" in chat.session["flags"]


def walk(chat, *answers):
    for answer in answers:
        assert answer in chat.buttons, (answer, chat.state)
        chat.click(answer)


# What may come before the guide's own questions: someone else's meeting, asked in any of these ways.
# Someone who can't start a recording is not asked about the consent prompt (it appears only once one runs).
IN_SOMEONE_ELSES_MEETING = {
    "presenter": ("meeting", "presenter", "member"),
    "co-organizer": ("meeting", "co_organizer", "member"),
    "unsure of everything": ("unsure", "unsure", "someone_else", "member"),
}
OWN_MEETING = ("meeting", "organizer", "member")
READY_FOR_THE_DIAGNOSTIC = (*OWN_MEETING, "on")


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


@pytest.mark.parametrize("before", [("meeting", "organizer", "member"), ("meeting", "unsure", "me", "member")],
                         ids=["organizer", "unsure of her role, organized it herself"])
def test_adele_recording_her_own_meeting_is_not_blocked_by_policy(chat, before):
    start_guided_check(chat)
    walk(chat, *before, "on")
    assert chat.state == "run_diagnostic"
    assert chat.last.replies[0].value is None
    asked = chat.session_answers()
    assert "check_organizer_policy" not in asked and "check_consent" not in asked


# --- the Stream requirements, each as a cause

@pytest.mark.parametrize("answers, cause, fact", [
    (["no"], "stream_license", "A Microsoft Stream license enabled on their account"),
    (["yes", "restricted"], "stream_upload", AMS_FACT),
    (["yes", "allowed", "no"], "stream_consent", "Stream Admin settings console"),
    (["yes", "allowed", "not_required", "no"], "stream_storage", "sufficient storage in Microsoft Stream"),
])
def test_each_stream_requirement_is_found_as_a_cause(chat, answers, cause, fact):
    start_saying_stream(chat)
    walk(chat, *OWN_MEETING, "on")
    assert chat.state == "check_storage_location"
    walk(chat, "stream", *answers)
    reply = chat.last.replies[0]
    assert chat.state == "diagnosis"
    assert reply.value["causes"] == [cause]
    assert fact in reply.full


def test_recordings_in_onedrive_skip_the_stream_checks(chat):
    """Stream was mentioned, so where recordings go is asked; OneDrive goes straight on to the diagnostic
    (someone who can't start a recording isn't asked about the OneDrive a finished one would go to)."""
    start_saying_stream(chat)
    walk(chat, *OWN_MEETING, "on", "onedrive")
    assert chat.state == "run_diagnostic"
    assert not any(c in chat.session_answers() for c in ("check_onedrive", *STREAM_CHECKS))


def test_without_a_word_about_stream_where_recordings_go_is_never_asked(chat):
    start_guided_check(chat)
    walk(chat, *READY_FOR_THE_DIAGNOSTIC)
    assert chat.state == "run_diagnostic"
    assert list(chat.session_answers()) == ["triage", "check_meeting_type", "check_meeting_role",
                                            "check_auth_type", "check_policy"]


@pytest.mark.parametrize("result, cause", [
    ("teams_license", "teams_license"), ("tenant_config", "tenant_config"), ("user_not_enabled", "policy_user")])
def test_the_diagnostic_result_maps_to_its_cause(chat, result, cause):
    start_guided_check(chat)
    walk(chat, *READY_FOR_THE_DIAGNOSTIC, result)
    assert chat.state == "diagnosis"
    assert chat.last.replies[0].value["causes"] == [cause]


# --- unsure never blocks; not_fixed goes on; the end states

@pytest.mark.parametrize("start, stream", [(start_guided_check, False), (start_saying_stream, True)],
                         ids=["clicked", "said Stream"])
def test_unsure_to_everything_reaches_the_diagnostic_with_every_check_unverified(chat, start, stream):
    """An unsure kind of recording is a meeting; an unsure storage location is OneDrive, never Stream.
    Someone who can't start a recording is never asked about the consent prompt or the OneDrive."""
    start(chat)
    for _ in range(20):
        if chat.state == "run_diagnostic":
            break
        assert "unsure" in chat.buttons or chat.state == "check_organizer", chat.state
        answer = "unsure" if "unsure" in chat.buttons else "someone_else"
        reply = chat.click(answer)
        if answer == "unsure":
            assert reply.full, "an unsure answer must say how to find out"
    unsure_checks = ["check_meeting_type", "check_meeting_role", "check_auth_type", "check_organizer_policy",
                     "check_policy", *(["check_storage_location"] if stream else [])]
    assert [c for c in CHECKS if c in unsure_checks] == unsure_checks
    assert [c for c in chat.session_answers() if c in CHECKS] == [
        "check_meeting_type", "check_meeting_role", "check_organizer", *unsure_checks[2:]]
    reply = chat.click("all_passed")
    assert chat.state == "escalate"
    assert reply.value["unverified"] == unsure_checks
    assert reply.value["causes"] == []
    assert reply.value["provenance"] == {c: "unverified" for c in unsure_checks} | {
        "check_organizer": "clicked", "run_diagnostic": "clicked"}
    assert "escalate to Microsoft support with this ticket after verifying: " in reply.full
    assert "The organizer's Allow cloud recording: **I'm not sure** (unverified)" in reply.full
    assert "found no cause, but some checks couldn't be verified" in reply.full


def test_someone_who_cannot_start_a_recording_is_never_asked_about_the_consent_prompt_or_the_onedrive(chat):
    """The consent prompt appears only once a recording runs; the OneDrive only decides where a finished one goes."""
    start_guided_check(chat)
    asked = []
    for answer in ("meeting", "presenter", "member", "on", "on", "all_passed"):
        asked.append(chat.state)
        walk(chat, answer)
    assert asked == ["check_meeting_type", "check_meeting_role", "check_auth_type", "check_organizer_policy",
                     "check_policy", "run_diagnostic"]
    assert chat.state == "escalate" and chat.last.replies[0].value["causes"] == []
    assert "The guide's checks found no cause. This needs" in chat.last.replies[0].full, "every check was answered"


def test_a_view_only_recorder_is_asked_about_the_consent_prompt_then_goes_to_the_helpdesk(chat):
    chat.click("start", "welcome")
    chat.say("the recording consent prompt made me view-only")
    assert chat.state == "check_consent" and chat.buttons == ["agreed", "declined", "not_asked", "unsure"]
    walk(chat, "agreed")
    assert chat.state == "check_meeting_type"
    walk(chat, "meeting")
    reply = chat.last.replies[0]
    assert chat.state == "escalate", "no policy questions and no diagnostic for a recording that did start"
    assert reply.value["checks"] == {"check_consent": "agreed", "check_meeting_type": "meeting"}
    assert reply.value["ticket"]["topic"] == "recording_consent" and reply.value["ticket"]["status"] == "escalated"


def test_unsure_shows_users_what_to_ask_their_admin_and_agents_the_procedure(chat, agent_chat):
    start_saying_stream(chat)
    walk(chat, *OWN_MEETING, "on", "stream", "yes")
    assert chat.state == "check_stream_upload"
    user_help = chat.click("unsure").full
    start_saying_stream(agent_chat)
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
    walk(chat, "on", "all_passed")
    reply = chat.last.replies[0]
    assert chat.state == "escalate"
    checks = {"check_meeting_type": "meeting", "check_meeting_role": "presenter", "check_auth_type": "member",
              "check_organizer_policy": "off", "check_policy": "on", "run_diagnostic": "all_passed"}
    assert reply.value == {"causes": ["policy_organizer"], "unverified": [], "state": "escalate",
                           "checks": checks, "provenance": {c: "clicked" for c in checks},
                           "ticket": {"reported": None, "upn": None, "reference": None, "status": "escalated",
                                      "topic": None, "also": [], "noted": []}}
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
                                      "check_auth_type": "member", "check_organizer_policy": "unsure"},
                           "provenance": {"check_meeting_type": "clicked", "check_meeting_role": "clicked",
                                          "check_auth_type": "clicked", "check_organizer_policy": "unverified"},
                           "ticket": {"reported": None, "upn": None, "reference": None, "status": "open",
                                      "topic": None, "also": [], "noted": []}}
    assert "Status: **open**" in reply.full and "Reported: the recording can't be started." in reply.full
    assert "- What is being recorded: **A meeting** (clicked)" in reply.full
    assert "- The recorder's role in the meeting: **Presenter** (clicked)" in reply.full
    assert "- How the recorder joins: **A member of the organizer's organization** (clicked)" in reply.full
    assert "- The organizer's Allow cloud recording: **I'm not sure** (unverified)" in reply.full
    assert "Next step: carry on with the checks." in reply.full
    assert "consent" not in reply.full.lower()
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


@pytest.mark.parametrize("junk", [42, ["followup:get_back"], {"x": 1}, "followup:get_back" + "x" * 500])
def test_a_damaged_last_answer_in_a_saved_session_never_makes_a_repeat(engine, junk):
    from dialogs.replies import TurnInput
    ask = TurnInput(text="is there a way to get it back")
    result = engine.turn(engine.turn(None, TurnInput(text="my recording is gone")).session, ask)
    assert engine.turn(result.session, ask).replies[0].text.startswith("That's all")  # as saved: a repeat
    reply = engine.turn({**result.session, "last_answer": junk}, ask).replies[0]
    assert "recycle bin" in reply.text and not reply.text.startswith("That's all")
