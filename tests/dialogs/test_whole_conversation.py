"""Every turn as good as the first: what people type later in a conversation, and what the bot must answer."""
import json

import pytest

from dialogs import flow
from dialogs.cards import CARD_VERSION
from dialogs.compose import MAX_WORDS, word_count
from dialogs.replies import TurnInput


def submits(reply):
    return [a["data"] for a in (reply.card or {}).get("actions", []) if a["type"] == "Action.Submit"]


def asks(reply) -> str:
    return submits(reply)[0].get("state") if submits(reply) else ""


# --- answers read by meaning, confirmed when unsure, never invented from filler

def test_a_hedged_answer_is_confirmed_in_one_line_and_yes_records_it(chat):
    chat.say("my recording won't start in a teams meeting")
    chat.say("I set it up")
    chat.say("work account")
    reply = chat.say("I think it's off")
    assert chat.state == "check_policy" and "check_policy" not in chat.session_answers()
    assert reply.card["body"][0]["text"] == "So it's off?"
    assert [d.get("answer", d.get("confirm")) for d in submits(reply)] == ["off", "no"]
    chat.say("yes")
    assert chat.session_answers()["check_policy"] == "off" and chat.state == "diagnosis"


def test_no_to_the_confirmation_asks_the_question_again_without_recording(chat):
    chat.say("recording doesn't start in my meeting")
    chat.say("organizer")
    chat.say("employee")
    chat.say("probably on")
    reply = chat.click(None, "check_policy", confirm="no")
    assert chat.state == "check_policy" and "check_policy" not in chat.session_answers()
    assert "on" in [d["answer"] for d in submits(reply)]


@pytest.mark.parametrize("said", ["hmm but her policy should be Global, let me check",
                                  "not sure, the organizer set it up. I'll ask IT"])
def test_a_sentence_that_ends_by_putting_the_answer_off_gets_no_rush(agent_chat, said):
    agent_chat.say("user can't record his meeting, he is an attendee")
    reply = agent_chat.say(said)
    assert "No rush" in reply.text and "couldn't tell" not in reply.text


@pytest.mark.parametrize("filler", ["ok", "let me check", "I'll ask IT", "hmm", "one sec"])
def test_filler_records_nothing_and_keeps_the_question(chat, filler):
    chat.say("I can't record")
    reply = chat.say(filler)
    assert chat.state == "check_meeting_type" and chat.session_answers() == {}
    assert "No rush" in reply.text and asks(reply) == "check_meeting_type"


@pytest.mark.parametrize("said", ["yeah that makes sense", "ah that explains it", "ok that must be it then",
                                  "yes, that would explain why"])
def test_the_cause_understood_is_not_it_is_fixed(chat, said):
    at_the_policy_question(chat)
    chat.click("off")
    assert chat.state == "diagnosis"
    reply = chat.say(said)
    assert chat.state == "diagnosis" and "diagnosis" not in chat.session_answers()
    assert "tell me whether recording works" in reply.text and asks(reply) == "diagnosis"
    chat.say("yep, admin turned it on and it works now")
    assert chat.state == "resolved"


def test_a_1_1_call_is_not_asked_the_meeting_policy_and_gets_the_call_diagnostic(chat):
    chat.say("cant record teams call with a customer")
    assert chat.state == "check_calling_policy"
    chat.say("it's a 1:1 call not a meeting")
    reply = chat.say("no idea what a calling policy is")
    assert chat.state == "run_diagnostic", "a 1:1 call follows the calling policy alone"
    assert "Diag: Teams 1:1 Call Recording" in reply.text


def test_a_group_call_is_asked_the_meeting_policy_too(agent_chat):
    agent_chat.say("user can't record a 1:1 call, meetings are fine")
    agent_chat.say("actually we added more people, it's a group call now")
    agent_chat.click("on")
    assert agent_chat.state == "check_policy"


def test_a_story_that_adds_where_they_looked_goes_to_where_recordings_are_saved(chat):
    chat.say("my teams recording didn't save anywhere after the meeting ended")
    assert chat.state == "clarify"
    reply = chat.say("i was the organizer")
    assert "you organize it" in reply.text and chat.state == "clarify"
    chat.say("i looked in onedrive and the chat, nothing")
    assert chat.session["topic"] == "storage_location"


@pytest.mark.parametrize("said", ["ok she made me presenter now and it works!", "I restarted teams, works now",
                                  "signed in with my work account and its working now"])
def test_how_it_got_fixed_then_it_works_ends_the_check(chat, said):
    chat.say("the record button is greyed out in our team meeting")
    reply = chat.say(said)
    assert chat.state == "resolved" and "sorted" in reply.text


@pytest.mark.parametrize("said", ["it works for my colleague but not me", "recording works now, but the file is missing",
                                  "it works on desktop and not on mobile"])
def test_works_said_of_someone_else_or_with_a_new_problem_does_not_end_the_check(chat, said):
    chat.say("the record button is greyed out in our team meeting")
    chat.say(said)
    assert chat.state != "resolved"


def test_a_bare_not_sure_after_another_checks_subject_is_not_an_answer_to_this_one(chat):
    chat.say("my boss cant record the all hands")
    chat.say("its a teams town hall, he's the organizer")
    assert chat.state == "check_auth_type"
    chat.say("I think the events policy is default, not sure")
    assert "check_auth_type" not in chat.session_answers() and chat.state == "check_auth_type"


def test_a_doubt_about_the_policy_does_not_make_how_they_join_a_guess(chat):
    chat.say("I can't record my meetings")
    chat.click("organizer")
    chat.say("not sure about the policy, but I'm signed in with my work account")
    assert chat.session_answers()["check_auth_type"] == "member" and chat.state == "check_policy"


def test_a_lone_question_mark_at_a_question_gets_what_it_asks_not_the_help(chat):
    chat.say("can't record")
    chat.say("meeting")
    reply = chat.say("?")
    assert chat.state == "check_meeting_role" and "check_meeting_role" not in chat.session_answers()
    assert reply.text.startswith("I mean the part you have in this meeting") and "**back**" not in reply.text


def test_the_policy_and_the_test_told_in_a_first_message_are_not_asked_again(chat):
    chat.say("I'm the organizer, i sign in with my work account and recording is enabled in my policy according "
             "to IT, still no record button")
    assert chat.session_answers()["check_policy"] == "on"
    reply = chat.say("the test says everything passed")
    assert chat.session_answers()["run_diagnostic"] == "all_passed"
    assert "Perform Test" not in reply.text


def test_an_events_policy_found_off_by_name_gets_its_set_command(agent_chat):
    reply = agent_chat.say("user john.doe@contoso.com reports recording greyed out in a webinar he organizes")
    assert agent_chat.session_answers()["check_meeting_role"] == "organizer"
    agent_chat.say("Get-CsOnlineUser john.doe@contoso.com | select TeamsEventsPolicy\n\nTeamsEventsPolicy\n"
                   "-----------------\nTag:NoWebinarRec")
    reply = agent_chat.say("Get-CsTeamsEventsPolicy -Identity NoWebinarRec\n\nIdentity              : Tag:NoWebinarRec\n"
                           "RecordingForTownhall  : Enabled\nRecordingForWebinar   : Disabled")
    assert agent_chat.state == "diagnosis"
    assert "Set-CsTeamsEventsPolicy -Identity NoWebinarRec -RecordingForTownhall Enabled" in reply.text


@pytest.mark.parametrize("said", ["whats the difference between meeting recording and allow cloud recording",
                                  "i cant find allow cloud recording in TAC"])
def test_the_settings_two_names_are_one_setting(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)
    assert reply.text.startswith("One setting, two names") and "AllowCloudRecording" in reply.text
    assert asks(reply) == "check_policy"


def test_a_guest_who_still_needs_the_recording_gets_the_fix_and_who_can_record_it_for_them(chat):
    chat.say("i joined the meeting as a guest from my personal email and i cant record")
    assert chat.state == "diagnosis"
    assert chat.say("but i need to record it for my notes").text.startswith("The fix:")
    reply = chat.say("can the organizer record it for me and share it?")
    assert reply.text.startswith("Yes:") and "shared with them" in reply.text and word_count(reply.text) < 80


def test_which_teams_said_alone_and_which_test_asked_alone_get_short_answers(chat):
    chat.say("when I click record nothing happens")
    assert "desktop app" in chat.say("desktop app on windows").text and chat.session["flags"] == ["desktop"]
    reply = chat.say("test? what test")
    assert reply.text.startswith("The **Teams Meeting Recording Test**") and word_count(reply.text) < 60
    assert asks(reply) == "check_meeting_type"


def test_an_admin_naming_the_policy_everyone_shares_has_it_noted(chat):
    chat.say("Hello! We have an issue where some users in our org cannot record meetings. I'm the Teams admin.")
    reply = chat.say("they all have the same policy, SalesPolicy")
    assert "Noted: the meeting policy is **SalesPolicy**" in reply.text
    assert "Get-CsTeamsMeetingPolicy -Identity \"SalesPolicy\"" in reply.text


@pytest.mark.parametrize("said", ["Hi, caller says transcription works but recording doesnt. user is priya@contoso.com",
                                  "captions work fine but i cant record", "live captions work, recording doesnt"])
def test_something_else_that_works_then_recording_that_doesnt_is_a_recording_problem(agent_chat, said):
    reply = agent_chat.say(said)
    assert agent_chat.session["topic"] == "start" and "doesn't cover" not in reply.text


def test_ok_escalate_at_the_escalation_is_a_goodbye_not_an_unknown_question(agent_chat):
    agent_chat.say("user can't record his meeting, he's the organizer, internal")
    agent_chat.say("AllowCloudRecording : True")
    agent_chat.say("test passed")
    assert agent_chat.state == "escalate"
    reply = agent_chat.say("ok escalate")
    assert reply.text.startswith("OK.") and "summary" in reply.text and agent_chat.state == "escalate"


def test_fine_ill_ask_them_waits(chat):
    at_the_policy_question(chat)
    assert "No rush" in chat.say("fine i'll ask them").text and "check_policy" not in chat.session_answers()


@pytest.mark.parametrize("said", ["i dont know what any of this means", "no idea what any of this means"])
def test_not_knowing_what_the_question_means_is_not_not_knowing_the_answer(chat, said):
    chat.say("this is so frustrating, i've been trying to record for an hour and nothing works!!!")
    reply = chat.say(said)
    assert chat.session_answers() == {} and reply.text.startswith("I mean what kind of Teams session")


@pytest.mark.parametrize("said", ["i dont know what this means", "no idea what any of this means",
                                  "i don't understand the question"])
def test_not_following_at_a_yes_no_question_is_no_no(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)
    assert "check_policy" not in chat.session_answers() and asks(reply) == "check_policy"


@pytest.mark.parametrize("said", ["no i dont know", "nope no clue", "no, not sure"])
def test_no_then_i_dont_know_is_not_knowing_not_off(chat, said):
    at_the_policy_question(chat)
    chat.say(said)
    assert chat.session_answers()["check_policy"] == "unsure"


@pytest.mark.parametrize("said", ["no i dont know", "nope no clue"])
def test_no_then_i_dont_know_at_did_that_fix_it_is_not_not_fixed(chat, said):
    at_the_policy_question(chat)
    chat.click("off")
    reply = chat.say(said)
    assert chat.state == "diagnosis" and "diagnosis" not in chat.session_answers()
    assert "Try recording again" in reply.text


@pytest.mark.parametrize("said, recorded", [("absolutely not", "off"), ("definitely", "on"),
                                            ("it's on for everyone except me", None)])
def test_emphatic_and_excepted_answers_at_the_policy_question(chat, said, recorded):
    at_the_policy_question(chat)
    chat.say(said)
    assert chat.session_answers().get("check_policy") == recorded


@pytest.mark.parametrize("said", ["it's supposed to be off", "off?", "probably not", "no i don't think so"])
def test_an_answer_said_with_a_doubt_is_confirmed_first(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)
    assert "check_policy" not in chat.session_answers() and reply.card["body"][0]["text"] == "So it's off?"


def test_isnt_it_on_by_default_gets_the_default_and_the_question_again(chat):
    at_the_policy_question(chat)
    reply = chat.say("isn't it on by default?")
    assert "on by default" in reply.text and "Global" in reply.text and asks(reply) == "check_policy"


@pytest.mark.parametrize("said, role", [("my boss is presenting, i'm just watching", "attendee"),
                                        ("I'm one of the presenters", "presenter")])
def test_the_persons_own_role_among_others(chat, said, role):
    chat.say("my meeting has no record button")
    chat.say(said)
    assert chat.session_answers()["check_meeting_role"] == role


def test_a_role_changed_later_in_the_same_message_is_the_one_confirmed(chat):
    chat.say("my meeting has no record button")
    reply = chat.say("i'm an attendee but the organizer made me a presenter")
    assert reply.card["body"][0]["text"] == "Just to be sure: **Presenter**?"


@pytest.mark.parametrize("said, role", [("i'm both organizer and presenter", "organizer"),
                                        ("im co-organizer and presenter", "co_organizer"),
                                        ("im attendee, my manager is organizer and presenter", "attendee")])
def test_roles_held_together_are_the_one_that_decides(chat, said, role):
    chat.say("my meeting has no record button")
    chat.say(said)
    assert chat.session_answers()["check_meeting_role"] == role


@pytest.mark.parametrize("said", ["i'm not the organizer or a presenter", "neither organizer nor presenter",
                                  "im not a presenter"])
def test_a_role_denied_is_not_the_answer_and_no_presenter_means_attendee_confirmed(chat, said):
    chat.say("my meeting has no record button")
    reply = chat.say(said)
    assert reply.card["body"][0]["text"] == "Just to be sure: **Attendee**?"
    assert "check_meeting_role" not in chat.session_answers()


@pytest.mark.parametrize("said", ["sorry i'm not the organizer, my manager set it up",
                                  "actually sorry, i'm not the organizer or a presenter, my manager set it up"])
def test_the_organizer_role_taken_back_asks_the_role_now(chat, said):
    chat.say("record button is missing in my teams meeting")
    chat.say("i'm the organizer")
    reply = chat.say(said)
    assert asks(reply) == "check_meeting_role" and reply.text == "Got it: someone else organized it."
    assert "check_meeting_role" not in chat.session_answers()


def test_not_following_at_did_that_fix_it_is_not_not_fixed(chat):
    at_the_policy_question(chat)
    chat.click("off")
    chat.say("i dont know what you mean")
    assert chat.state == "diagnosis" and "diagnosis" not in chat.session_answers()


def test_who_holds_the_organizer_role_is_not_the_persons_role(agent_chat):
    agent_chat.say("need help with a recording issue for tom@contoso.com, he's getting \"Recording unavailable\" "
                   "in a channel meeting")
    agent_chat.say("he's a member of the team, not the organizer")
    agent_chat.say("channel meeting in the Sales team, organizer is the team owner")
    assert "check_meeting_role" not in agent_chat.session_answers()
    assert agent_chat.session_answers()["check_organizer"] == "someone_else"


def test_who_can_change_it_me_or_it_gets_who(chat):
    chat.say("my meeting recordings disappear after a few weeks, is that a setting?")
    reply = chat.say("who can change it, me or IT?")
    assert reply.text.startswith("Your IT admin or helpdesk")


def test_a_doubt_about_licences_is_not_an_answer_about_stream_storage(chat):
    chat.say("we still use stream classic for recordings i think? and the upload failed")
    chat.click("allowed")
    chat.click("yes")
    assert chat.state == "check_stream_storage"
    chat.say("no idea about licenses")
    assert "check_stream_storage" not in chat.session_answers()


def test_a_teacher_whose_students_cant_record_gets_the_attendee_cause_and_ends_sorted(chat):
    chat.say("hi i'm a teacher and my students cant record our class")
    chat.say("it's a class team, i created it")
    reply = chat.say("they're students obviously, not presenters")
    assert chat.state == "diagnosis" and "attendees can't start a recording" in reply.text
    assert chat.say("should i make them presenters?").text.startswith("The fix:")
    chat.say("ok done, they can record now thanks")
    assert chat.state == "resolved"


# --- what a message says is used, said back in one line, and not asked again

def test_a_first_message_that_says_the_role_and_the_kind_is_not_asked_them(chat):
    reply = chat.say("I scheduled the meeting myself and I'm the one who can't record")
    assert reply.text.startswith("Got it: it's a meeting and you organize it.")
    assert chat.state == "check_auth_type"
    assert chat.session["how"] == {"check_meeting_type": "typed", "check_meeting_role": "typed"}


def test_an_agent_ticket_number_and_upn_inside_a_sentence_are_kept(agent_chat):
    agent_chat.say("INC0012345 adele@contoso.com can't record her own meeting")
    assert agent_chat.session["reference"] == "INC0012345"
    assert agent_chat.session["upn"] == "adele@contoso.com"
    value = agent_chat.say("summary").value
    assert value["ticket"]["reference"] == "INC0012345" and value["ticket"]["upn"] == "adele@contoso.com"


def test_an_end_users_address_in_a_sentence_is_not_taken_for_the_account(chat):
    chat.say("my colleague bob@contoso.com can't record")
    assert chat.session["upn"] is None


# --- only the questions that can matter for the symptom

def test_an_expired_recording_never_asks_what_is_being_recorded(chat):
    chat.say("my recording from five months ago has expired")
    assert chat.state == "offer" and "start_check" not in chat.buttons
    chat.click("onedrive_check")
    reply = chat.click("yes")
    assert chat.state == "escalate" and "check_meeting_type" not in chat.session_answers()
    assert reply.value["ticket"]["status"] == "escalated"


def test_someone_who_cannot_start_a_recording_is_never_asked_about_consent(chat):
    chat.say("the record button is greyed out in my meeting")
    seen = [chat.state]
    for answer in ("organizer", "member", "on"):
        chat.click(answer)
        seen.append(chat.state)
    assert "check_consent" not in seen and "check_onedrive" not in seen and "check_storage_location" not in seen
    assert chat.state == "run_diagnostic"


# --- follow-up questions get an answer to what was asked, then the pending question

def test_how_would_i_know_tells_how_to_find_out_not_a_quote_about_whiteboards(chat):
    chat.say("recording won't start in my meeting")
    chat.click("organizer")
    chat.click("member")
    reply = chat.say("how am I supposed to know that, I'm not an admin")
    assert "admin" in reply.text and "whiteboard" not in reply.full.lower()
    assert chat.state == "check_policy" and "check_policy" not in chat.session_answers()


def test_an_agent_asking_for_the_set_command_after_a_diagnosis_gets_it_and_the_case_stays_open(agent_chat):
    agent_chat.say("troubleshoot for adele@contoso.com")
    agent_chat.say("she's the organizer of the meeting and can't record")
    agent_chat.click("member")
    agent_chat.say("AllowCloudRecording : False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("and what's the Set- command for that?")
    assert "Set-CsTeamsMeetingPolicy" in reply.text and "Grant-CsTeamsMeetingPolicy -Identity adele@contoso.com" in reply.text
    assert "admin makes" in reply.text
    assert agent_chat.state == "diagnosis", "a follow-up question is not 'it's fixed'"


@pytest.mark.parametrize("question,words", [
    ("how long until a policy change takes effect?", "24 hours"),
    ("what's the difference between a guest and a federated user?", "guest"),
    ("who gives me access to a recording?", "shar"),
    ("is there a maximum length for a recording?", "four hours"),
    ("does having a guest in the meeting stop me from recording?", "organizer"),
])
def test_a_follow_up_question_is_answered_then_the_question_comes_again(chat, question, words):
    chat.say("I can't record")
    reply = chat.say(question)
    assert words.lower() in reply.full.lower()
    assert chat.state == "check_meeting_type" and asks(reply) == "check_meeting_type"


def test_a_screen_recorder_question_is_answered_honestly_without_the_projects_own_notes(chat):
    chat.say("I can't record")
    reply = chat.say("could I just use a screen recording app instead?")
    assert "isn't something Microsoft's guide covers" in reply.text
    assert "People ask the bot" not in reply.full


def test_an_unknown_question_is_an_honest_i_dont_know_with_no_unrelated_quote(chat):
    chat.say("I can't record")
    reply = chat.say("does teams recording work on linux?")
    assert reply.text.startswith("I don't know that one") and reply.details == ""


# --- two problems in one message

def test_two_problems_are_both_acknowledged_and_the_second_comes_after_the_first(chat):
    reply = chat.say("I can't record my meetings anymore, also an old recording disappeared from my onedrive")
    assert "You also mentioned" in reply.text
    chat.click("organizer")
    chat.click("member")
    chat.click("off")
    reply = chat.click("fixed")
    assert reply.text.startswith("Now the other thing you mentioned")
    assert chat.session["topic"] in ("ams_expiry", "onedrive_storage", "storage_location")


def test_the_second_one_means_the_persons_second_problem_not_the_second_button(chat):
    chat.say("I can't record my meetings anymore, also an old recording disappeared from my onedrive")
    chat.say("the second one")
    assert chat.session["topic"] in ("ams_expiry", "onedrive_storage", "storage_location")
    assert chat.session_answers().get("check_meeting_role") is None


# --- short replies, the rest one click away

CAUSE_PATHS = {
    "meeting_role": ["meeting", "attendee"],
    "auth_external": ["meeting", "organizer", "guest"],
    "policy_user": ["meeting", "organizer", "member", "off"],
    "policy_organizer": ["meeting", "presenter", "member", "off"],
    "calls_policy": ["call", "off"],
    "events_policy": ["event", "organizer", "member", "off"],
    "teams_license": ["meeting", "organizer", "member", "on", "teams_license"],
}


@pytest.mark.parametrize("audience", ["user", "agent"])
@pytest.mark.parametrize("cause", CAUSE_PATHS)
def test_a_diagnosis_is_the_cause_the_fix_and_one_source_in_few_words(engine, cause, audience):
    session = engine.turn(None, TurnInput(text=audience)).session if audience == "agent" else None
    session = engine.turn(session, TurnInput(value={"state": "welcome", "answer": "start"})).session
    session = engine.turn(session, TurnInput(value={"state": "triage", "answer": "no_record_option"})).session
    for answer in CAUSE_PATHS[cause]:
        result = engine.turn(session, TurnInput(value={"state": session["state"], "answer": answer}))
        session = result.session
    reply = result.replies[0]
    assert session["state"] == "diagnosis" and reply.value["causes"] == [cause], session["trail"]
    assert word_count(reply.text, reply.card) <= MAX_WORDS, reply.text
    assert reply.text.count("Source:") == 1
    assert "**Fix:**" in reply.text, "the fix went behind Why?"
    why = [a for a in reply.card["actions"] if a["type"] == "Action.ShowCard"]
    assert len(why) == 1 and why[0]["title"] == "Why? / Sources" and why[0]["card"]["body"]
    assert reply.card["version"] == CARD_VERSION == "1.5"


# --- tickets an agent can paste

def test_the_ticket_quotes_the_person_and_says_where_each_answer_came_from(agent_chat):
    agent_chat.say("REQ0042311 user is a presenter in his manager's meeting and can't record")
    assert agent_chat.state == "check_organizer_policy"
    agent_chat.say("AllowCloudRecording : True")
    assert agent_chat.state == "check_policy"
    agent_chat.click("on")
    reply = agent_chat.say("summary")
    assert 'Reported: "REQ0042311 user is a presenter' in reply.text
    assert "Status: **open**" in reply.text
    assert "(typed)" in reply.text and "(clicked)" in reply.text
    provenance = reply.value["provenance"]
    assert provenance["check_meeting_role"] == "typed" and provenance["check_policy"] == "clicked"
    assert provenance["check_organizer_policy"] == "pasted" and "(pasted)" in reply.text
    assert "Next step:" in reply.text


def test_each_part_of_the_ticket_is_a_paragraph_of_its_own_as_teams_shows_it(agent_chat):
    """Teams shows a single line break as a space: "Reported: ..." must not run into "Checks:"."""
    agent_chat.say("INC0012345 I'm a guest in the meeting and can't record it")
    agent_chat.say("a meeting")
    agent_chat.say("troubleshoot for adele@contoso.com")
    text = agent_chat.say("summary").text
    for part in ("Status:", "Reported:", "Checks:", "Cause", "Next step:", "Sources:"):
        assert f"\n\n{part}" in text, part
    assert text.startswith("**Recording troubleshooting ticket** · INC0012345\n\n")


def test_an_out_of_scope_question_has_a_ticket_with_the_question_and_what_was_suggested(chat):
    chat.say("how do I change the language of live captions?")
    reply = chat.say("summary")
    assert "No checks answered yet" not in reply.text
    assert "live captions" in reply.text and "Suggested:" in reply.text


def test_a_teacher_and_her_class_are_a_meeting_and_its_owner_the_organizer(chat):
    chat.say('our teacher can\'t record her class in Teams for Education, she gets "Recording is disabled by your admin"')
    assert chat.session_answers().get("check_meeting_type") == "meeting"
    chat.say("she's the class owner")
    assert chat.session_answers().get("check_meeting_role") == "organizer"


def test_the_error_not_in_the_same_organization_is_joining_from_outside(chat):
    chat.say('whenever i hit record it says "You can\'t record this meeting because you\'re not in the same '
             'organization"')
    assert chat.session_answers().get("check_auth_type") == "federated" and chat.state == "diagnosis"


# --- what an agent pastes

def test_words_around_a_pasted_setting_are_kept_too(agent_chat):
    agent_chat.say("user says record button missing in meetings she organizes, INC0011223")
    reply = agent_chat.say("she's on Global, AllowCloudRecording True, test passed")
    answers = agent_chat.session_answers()
    assert answers["check_policy"] == "on" and answers["run_diagnostic"] == "all_passed"
    assert agent_chat.session["how"]["run_diagnostic"] == "typed"
    assert "Got it: recording is on in their meeting policy and the recording test passed." in reply.text


@pytest.mark.parametrize("said, chat_kind", [
    ("user says record button missing in meetings she organizes", "agent_chat"),
    ("recording button greyed out in meetings I organize", "chat"),
])
def test_meetings_she_or_i_organize_say_who_organizes(said, chat_kind, request):
    chat = request.getfixturevalue(chat_kind)
    chat.say(said)
    assert chat.session_answers().get("check_meeting_role") == "organizer"


@pytest.mark.parametrize("pasted, command", [
    ("Get-CsOnlineUser lee.gu@contoso.com | fl TeamsEventsPolicy\nTeamsEventsPolicy : Default",
     'Get-CsTeamsEventsPolicy -Identity "Default"'),
    ("TeamsCallingPolicy : AllowCalling", 'Get-CsTeamsCallingPolicy -Identity "AllowCalling"'),
])
def test_an_assigned_calling_or_events_policy_pasted_is_noted_with_its_own_command(agent_chat, pasted, command):
    agent_chat.say("troubleshoot for lee.gu@contoso.com")
    agent_chat.say("lee can't record webinars")
    reply = agent_chat.say(pasted)
    assert "Noted:" in reply.text and command in reply.text and "couldn't tell" not in reply.text


def test_an_admin_telling_of_users_whose_policy_is_fine_is_not_asked_it(chat):
    reply = chat.say("Hi! So I'm an admin and users in our tenant can't record. Policy is fine. What else?")
    assert chat.session_answers().get("check_policy") == "on" and chat.state != "check_policy"
    assert question(reply) == "What is the person trying to record?"


FORMAT_LIST = """PS C:\\> Get-CsTeamsMeetingPolicy -Identity Global | fl Identity,AllowCloudRecording

Identity            : Global
AllowCloudRecording : False
"""
FORMAT_TABLE = """Identity     AllowCloudRecording ExplicitRecordingConsent
--------     ------------------- ------------------------
Tag:Contoso  True                Disabled"""
AS_JSON = '{"Identity": "Global", "AllowCloudRecording": false, "ExplicitRecordingConsent": "Enabled"}'


@pytest.mark.parametrize("pasted,answer,line", [
    (FORMAT_LIST, "off", "AllowCloudRecording : False"),
    (FORMAT_TABLE, "on", "AllowCloudRecording True"),
    (AS_JSON, "off", '"AllowCloudRecording": false'),
])
def test_pasted_command_output_answers_the_pending_check_and_quotes_the_line_read(agent_chat, pasted, answer, line):
    agent_chat.say("user organizes the meeting and can't record")
    agent_chat.click("member")
    assert agent_chat.state == "check_policy"
    reply = agent_chat.say(pasted)
    assert agent_chat.session_answers()["check_policy"] == answer
    assert agent_chat.session["how"]["check_policy"] == "pasted"
    assert f"`{line}`" in reply.text


def test_output_about_another_user_is_pointed_out_not_applied(agent_chat):
    agent_chat.say("troubleshoot for adele@contoso.com")
    agent_chat.say("she organizes the meeting and can't record")
    agent_chat.click("member")
    reply = agent_chat.say("UserPrincipalName   : alex@contoso.com\nAllowCloudRecording : False")
    assert "check_policy" not in agent_chat.session_answers()
    assert "alex@contoso.com" in reply.text and "not" in reply.text


def test_output_without_the_setting_says_which_property_it_looked_for(agent_chat):
    agent_chat.say("user organizes the meeting and can't record")
    agent_chat.click("member")
    reply = agent_chat.say("Identity : Global\nDescription : default\nAllowTranscription : True")
    assert "AllowCloudRecording" in reply.text and "check_policy" not in agent_chat.session_answers()


# --- what Teams itself says: used, announced, and correctable

def read(chat, text, facts):
    result = chat.engine.turn(chat.session, TurnInput(text=text, read=facts))
    chat.session = json.loads(json.dumps(result.session))
    chat.last = result
    return result.replies[0]


def test_what_teams_says_of_the_sender_is_not_taken_for_the_colleague_they_ask_about(chat):
    reply = read(chat, "I can record but my colleague can't",
                 {"check_auth_type": "member", "check_meeting_role": "organizer", "check_meeting_type": "meeting"})
    answers = chat.session_answers()
    assert "check_auth_type" not in answers and "check_meeting_role" not in answers
    assert answers.get("check_meeting_type") == "meeting"  # the meeting's kind is the meeting's, whoever asks
    assert "you are a member" not in reply.text and "you organize" not in reply.text


def test_what_teams_says_of_an_agent_is_not_taken_for_the_person_they_help(agent_chat):
    agent_chat.say("troubleshoot for adele@contoso.com")
    read(agent_chat, "she can't record her meeting", {"check_auth_type": "member"})
    assert "check_auth_type" not in agent_chat.session_answers()


def test_an_attendee_read_from_teams_hears_the_attendee_cause_at_once(chat):
    reply = read(chat, "why can't I record this?", {"check_meeting_type": "meeting", "check_meeting_role": "attendee"})
    assert reply.text.startswith("Teams shows")
    assert chat.state == "diagnosis" and reply.value["causes"] == ["meeting_role"]
    assert reply.value["provenance"]["check_meeting_role"] == "read"


def test_a_fact_read_from_teams_is_not_asked_and_the_person_can_correct_it(chat):
    read(chat, "I can't record", {"check_auth_type": "member"})
    for answer in ("meeting", "organizer"):
        chat.click(answer)
    assert chat.state != "check_auth_type"
    read(chat, "actually I'm a guest here", {"check_auth_type": "member"})
    assert chat.session_answers()["check_auth_type"] == "guest" and chat.session["how"]["check_auth_type"] == "typed"


def test_what_teams_shows_is_not_said_when_the_same_message_says_otherwise(chat):
    """ "Teams shows you are a member of this organization", then "Got it: ... you join as a guest" in one reply
    (seen in the Agents Playground): the guest's own words are what the checks go on, so only they are said."""
    reply = read(chat, "I'm a guest in the meeting and can't record it", {"check_auth_type": "member"})
    assert "Teams shows" not in reply.text and "you join as a guest" in reply.text
    assert chat.session_answers()["check_auth_type"] == "guest"


def test_output_for_another_policy_than_the_persons_is_pointed_out_not_applied(agent_chat):
    agent_chat.say("user organizes the meeting and can't record")
    agent_chat.click("member")
    reply = agent_chat.say("UserPrincipalName  : adele@contoso.com\nTeamsMeetingPolicy : Contoso Meeting Policy")
    assert "**Contoso Meeting Policy**" in reply.text and agent_chat.state == "check_policy"
    reply = agent_chat.say("Identity            : Global\nAllowCloudRecording : False")
    assert "check_policy" not in agent_chat.session_answers()
    assert "**Global**" in reply.text and "haven't used it" in reply.text
    agent_chat.say("Identity            : Tag:Contoso Meeting Policy\nAllowCloudRecording : False")
    assert agent_chat.session_answers()["check_policy"] == "off"


@pytest.mark.parametrize("used,answer", [("1048500", "full"), ("2048", "yes")])
def test_get_sposite_output_answers_whether_the_onedrive_has_space(agent_chat, used, answer):
    agent_chat.click("start", "welcome")
    agent_chat.click("cant_find_recording")
    agent_chat.click("onedrive_check")
    assert agent_chat.state == "check_onedrive"
    reply = agent_chat.say(f"Url                 : https://contoso-my.sharepoint.com/personal/adele\n"
                           f"StorageUsageCurrent : {used}\nStorageQuota        : 1048576")
    assert agent_chat.session_answers()["check_onedrive"] == answer
    assert f"`StorageUsageCurrent : {used}`" in reply.text


@pytest.mark.parametrize("message", ["I'm muted and view-only once the recording starts",
                                     "I became view-only when recording started"])
def test_someone_view_only_once_recording_runs_is_asked_about_the_consent_prompt(chat, message):
    chat.say(message)
    assert chat.session["topic"] == "recording_consent" and chat.state == "check_consent"


def test_the_meeting_i_set_up_says_who_organized_it(chat):
    chat.say("I can't record the meeting I set up")
    assert chat.session_answers()["check_meeting_role"] == "organizer" and chat.state != "check_meeting_role"


def test_a_negated_topic_word_is_not_that_topic(chat):
    chat.say("I'm not a guest, I can't record my meeting")
    assert chat.session["topic"] == "start" and "check_auth_type" not in chat.session_answers()
    assert "outside the organization" not in chat.say("summary").text


def test_back_after_a_first_message_that_states_the_cause_undoes_the_cause(chat):
    chat.say("I'm a guest in the meeting and can't record it")
    assert chat.state == "diagnosis"
    chat.say("back")
    assert chat.state == "check_auth_type" and chat.session_answers() == {"check_meeting_type": "meeting"}


# --- "Anything else?" at the end: a goodbye is answered as one, "yes" is another go

def resolved(chat):
    chat.say("I'm a guest in the meeting and can't record it")
    chat.click("fixed")
    assert chat.state == "resolved"


def escalated(chat):
    chat.say("my recording from five months ago has expired")
    chat.click("onedrive_check")
    chat.click("yes")
    assert chat.state == "escalate"


@pytest.mark.parametrize("goodbye", ["thanks!", "Thank you so much for your help", "ok thanks bye",
                                     "perfect, works now, thanks!", "thanks, that fixed it"])
def test_thanks_after_a_fix_is_answered_in_a_line_not_triaged(chat, goodbye):
    resolved(chat)
    reply = chat.say(goodbye)
    assert reply.text == "You're welcome. If recording fails again, send me a message any time."
    assert chat.state == "resolved" and reply.card is None


@pytest.mark.parametrize("goodbye", ["no", "nope, that's it", "no thanks", "that's all", "ok", "👍"])
def test_no_to_anything_else_after_the_summary_is_a_goodbye_that_points_at_the_summary(chat, goodbye):
    escalated(chat)
    reply = chat.say(goodbye)
    assert reply.text.startswith("OK. Remember to forward the summary above to your helpdesk or admin.")
    assert chat.state == "escalate" and chat.session["candidates"] == []


def test_an_agent_thanking_at_the_end_is_reminded_of_the_summary_command(agent_chat):
    escalated(agent_chat)
    assert "Say **summary** any time for the ticket again." in agent_chat.say("thx").text


@pytest.mark.parametrize("again", ["yes", "yes, one more thing", "I have another question"])
def test_yes_to_anything_else_asks_what_goes_wrong(chat, again):
    resolved(chat)
    chat.say(again)
    assert chat.state == "triage" and chat.session["trail"] == []


def test_a_new_problem_at_the_end_is_still_read_as_one(chat):
    resolved(chat)
    chat.say("no, but now my meeting recording didn't show up in OneDrive")
    assert chat.session["topic"] not in (None, "other") and chat.state not in ("resolved", "escalate")


# --- the ticket's sources are the sections its answers rest on

def test_a_meetings_ticket_does_not_list_the_town_halls_section(chat):
    chat.say("I can't record my meeting, I'm just an attendee")
    summary = chat.say("summary").text
    assert "Sources:" in summary and "Attendees can't start a recording" in summary
    assert "Town halls and webinars follow the events policy" not in summary


def test_a_town_halls_ticket_lists_the_town_halls_section(chat):
    chat.say("I can't record the town hall I organized")
    summary = chat.say("summary").text
    assert "Town halls and webinars follow the events policy" in summary


@pytest.mark.parametrize("thanks", ["thanks", "ok thanks!", "great, that makes sense"])
def test_thanks_after_an_answer_is_that_alls_button(chat, thanks):
    chat.say("where do recordings get saved?")
    assert chat.state == "offer"
    assert chat.say(thanks).text.startswith("Glad I could help.") and chat.state == "resolved"


def test_thanks_with_a_problem_after_an_answer_is_not_a_goodbye(chat):
    chat.say("where do recordings get saved?")
    chat.say("great thanks but I still can't find it")
    assert chat.state != "resolved"


def test_control_characters_at_the_end_are_no_goodbye(chat):
    resolved(chat)
    assert not chat.say("\x00\x01").text.startswith(("OK.", "You're welcome"))


# --- "What next?" after an answer: what people type instead of a button

@pytest.mark.parametrize("still", ["great thanks but I still can't find it", "that didn't help",
                                   "it's not there, I already looked"])
def test_still_stuck_after_an_answer_goes_on_to_the_offers_check(chat, still):
    chat.say("where do recordings get saved?")
    reply = chat.say(still)
    assert chat.state == "check_onedrive" and reply.text.startswith("Then let's look further.")


def test_still_stuck_after_an_uncovered_question_starts_the_guided_check(chat):
    chat.say("how do I change my profile picture in Teams?")
    assert chat.state == "offer"
    chat.say("that doesn't help, I still can't record")
    assert chat.state == "check_meeting_type"


@pytest.mark.parametrize("request_", ["can you check my onedrive?", "could you please check the OneDrive",
                                      "please make a ticket"])
def test_a_button_asked_for_as_a_request_is_pressed(chat, request_):
    chat.say("my recording from yesterday is gone")
    chat.say(request_)
    assert chat.state == ("escalate" if "ticket" in request_ else "check_onedrive")


# --- "what?", "huh?", "I don't understand": the question explained, not "I don't know that one"

@pytest.mark.parametrize("lost", ["what", "huh?", "i dont understand the question", "what does that mean?",
                                  "not sure what you mean"])
def test_not_understanding_the_question_gets_it_explained_and_records_nothing(chat, lost):
    chat.say("the record button is grayed out")
    reply = chat.say(lost)
    assert chat.state == "check_meeting_type" and chat.session_answers() == {}
    assert reply.text.startswith("I mean what kind of Teams session you are trying to record")
    assert "I don't know that one" not in reply.text and asks(reply) == "check_meeting_type"


def test_what_do_you_mean_at_an_offer_explains_the_offer_without_a_button_it_lacks(chat):
    chat.say("my recording from yesterday is gone")
    reply = chat.say("what do you mean?")
    assert "I'm not sure" not in reply.text and "organizer's OneDrive" in reply.text
    assert chat.state == "offer"


def test_what_else_could_it_be_says_how_the_checks_go_on(chat):
    chat.say("can't record")
    reply = chat.say("what else could it be?")
    assert "one at a time" in reply.text and "I don't know that one" not in reply.text


# --- acknowledgements while a question is pending

@pytest.mark.parametrize("ack", ["hmm ok", "ok", "thanks"])
def test_an_acknowledgement_at_is_it_one_of_these_is_not_triaged_as_a_problem(chat, ack):
    chat.say("recording didn't save")
    assert chat.state == "clarify"
    reply = chat.say(ack)
    assert chat.state == "clarify" and "doesn't cover" not in reply.text and asks(reply) == "clarify"


@pytest.mark.parametrize("none", ["no", "none of these", "neither"])
def test_none_of_these_at_is_it_one_of_these_is_something_else(chat, none):
    chat.say("recording didn't save")
    chat.say(none)
    assert chat.state == "offer" and chat.session["topic"] == "other"


def test_thanks_in_the_middle_of_a_check_is_welcomed_and_the_question_stays(chat):
    chat.say("record button is greyed out")
    reply = chat.say("thanks")
    assert reply.text == "You're welcome." and asks(reply) == "check_meeting_type"
    assert chat.session_answers() == {}


# --- changing one's mind midway

def test_sorted_but_another_problem_at_what_next_gets_the_other_problem_not_the_button(chat):
    chat.say("my webinar recording is nowhere")
    reply = chat.say("found it in onedrive thanks. but our recordings also disappear after a few months")
    assert chat.session["topic"] == "ams_expiry" and chat.state == "offer"
    assert reply.text.startswith("Good to hear that one's sorted.") and "expire" in reply.text


def test_sorted_but_another_problem_midway_through_the_checks_is_triaged(chat):
    chat.say("I can't record my meeting")
    chat.say("never mind, figured it out, but now my old recordings get deleted after a few months")
    assert chat.session["topic"] == "ams_expiry"


@pytest.mark.parametrize("said", ["found it in onedrive, thanks", "found it. thanks a lot!"])
def test_sorted_alone_still_ends_the_conversation(chat, said):
    chat.say("my webinar recording is nowhere")
    chat.say(said)
    assert chat.state == "resolved"


@pytest.mark.parametrize("said", ["ok but i cant find the old ones from 2020", "so theyre just gone??",
                                  "what about my old stream classic videos"])
def test_recordings_from_the_stream_years_get_its_retirement(chat, said):
    """Each was "I couldn't tell" or "I don't know that one", though the updates say what became of them."""
    chat.say("where did my recordings go? they used to be in stream")
    reply = chat.say(said)
    assert "Microsoft retired Stream (Classic) on 15 April 2024" in reply.text and chat.state == "offer"


def test_who_do_i_ask_is_the_admin_and_the_ticket(chat):
    chat.say("where did my recordings go? they used to be in stream")
    reply = chat.say("who do i ask about that")
    assert reply.text.startswith("Your IT admin or helpdesk") and "**summary**" in reply.text


def test_gone_for_good_without_stream_is_still_the_recycle_bin(chat):
    chat.say("my recording is nowhere to be found")
    assert "If it expired:" in chat.say("so its just gone?").text


FOUND_BY_SOMEONE = ["he found it! thanks", "she found it in her onedrive", "got it, it was in his onedrive",
                    "nvm it was in the organizers onedrive", "all good now, tom had it"]


@pytest.mark.parametrize("said", FOUND_BY_SOMEONE)
def test_found_by_someone_else_or_somewhere_else_ends_the_search(chat, said):
    """ "all good now, tom had it" at the OneDrive question was a yes, and the checks ended in an escalation."""
    chat.say("my recording is nowhere to be found")
    chat.click("onedrive_check")
    reply = chat.say(said)
    assert chat.state == "resolved" and reply.text.startswith("Good to hear it's sorted.")
    assert "check_onedrive" not in chat.session_answers()


@pytest.mark.parametrize("said", ["never found it", "still havent found it", "nobody found it"])
def test_never_found_it_is_still_missing_not_found(chat, said):
    chat.say("my recording is nowhere to be found")
    chat.say(said)
    assert chat.state == "check_onedrive"


@pytest.mark.parametrize("said", ["tom started the recording not me", "does it matter who clicked record?",
                                  "oh wait i wasnt the one who started it, my colleague Tom clicked record"])
def test_who_selected_record_gets_where_each_kind_of_recording_goes(chat, said):
    chat.say("my recording is nowhere to be found")
    chat.click("onedrive_check")
    reply = chat.say(said)
    assert "the OneDrive of the person who selected **Record**" in reply.text and "even when the organizer" in reply.text
    assert chat.state == "check_onedrive"


@pytest.mark.parametrize("solved", ["nevermind, figured it out", "found it, thanks!", "oh it works now",
                                    "never mind, I fixed it myself"])
def test_fixed_it_myself_midway_ends_the_check_politely(chat, solved):
    chat.say("no recording button")
    chat.say("meeting")
    reply = chat.say(solved)
    assert chat.state == "resolved" and reply.text.startswith("Good to hear it's sorted.")
    assert reply.value["state"] == "resolved"


@pytest.mark.parametrize("abandon", ["never mind", "forget it", "ok nvm"])
def test_never_mind_midway_stops_without_claiming_a_fix(chat, abandon):
    chat.say("no recording button")
    reply = chat.say(abandon)
    assert chat.state == "resolved" and reply.text.startswith("OK, I'll stop here.")


def test_never_mind_at_the_end_is_a_goodbye(chat):
    resolved(chat)
    reply = chat.say("never mind")
    assert reply.text.startswith("OK.") and reply.card is None


# --- agents name the person; what they say of them is not asked again

@pytest.mark.parametrize("said", ["troubleshoot for megan@contoso.com, cant record any meetings, shes organizer",
                                  "troubleshoot for megan@contoso.com who can't record her meetings, she's the organizer"])
def test_the_problem_told_after_the_account_is_not_dropped(agent_chat, said):
    """Only the account was taken, and "Where shall we start?" asked again, after the agent had said it all."""
    reply = agent_chat.say(said)
    assert reply.text.startswith("Noted: the checks are about **megan@contoso.com**.")
    assert "Got it: it's a meeting and they organize it." in reply.text
    assert agent_chat.session["upn"] == "megan@contoso.com" and agent_chat.state == "check_auth_type"


GET_CSONLINEUSER = """UserPrincipalName           : megan@contoso.com
TeamsMeetingPolicy          : RestrictedMeetings
TeamsCallingPolicy          :
TeamsEventsPolicy           :"""


def test_get_csonlineuser_pasted_first_is_noted_and_its_policy_is_used_later(agent_chat):
    """The policies were dropped, and the policy question asked for the Get-CsOnlineUser lookup again."""
    reply = agent_chat.say(GET_CSONLINEUSER)
    assert reply.text.startswith("Noted: the meeting policy is **RestrictedMeetings**")
    for answer in ("meeting", "organizer", "member"):
        reply = agent_chat.click(answer)
    assert agent_chat.state == "check_policy" and "Get-CsOnlineUser" not in reply.text
    assert "Get-CsTeamsMeetingPolicy -Identity RestrictedMeetings" in reply.text


@pytest.mark.parametrize("said", ["helpdesk here, user cant record", "hi, im from IT, need help with a users recording issue"])
def test_a_helpdesk_agent_introducing_themselves_gets_agent_mode(chat, said):
    reply = chat.say(said)
    assert chat.session["audience"] == "agent" and "You're an admin" in reply.text


def test_someone_from_it_whose_own_meeting_wont_record_stays_a_user(chat):
    chat.say("im from it and i cant record my own meeting")
    assert chat.session["audience"] == "user"


def test_the_organizer_and_a_member_answers_both(agent_chat):
    """ "and a member" was dropped, and how the person joins was asked next."""
    agent_chat.say("user cant record his meetings")
    agent_chat.say("the user is the organizer and a member")
    assert agent_chat.session_answers()["check_auth_type"] == "member" and agent_chat.state == "check_policy"


def test_the_account_alone_still_asks_where_to_start(agent_chat):
    reply = agent_chat.say("troubleshoot for megan@contoso.com.")
    assert agent_chat.state == "welcome" and agent_chat.session["upn"] == "megan@contoso.com"
    assert "Got it" not in reply.text


def test_the_organizer_who_cannot_record_is_no_question_of_someone_elses_policy(chat):
    """ "I'm the organizer" pointed the triage at the organizer's policy, and it asked "Is it one of these?"."""
    chat.say("cant record any meetings, im the organizer")
    assert chat.session["topic"] == "start" and chat.state == "check_auth_type"


def test_an_agent_naming_the_person_by_first_name_is_not_asked_their_role(agent_chat):
    agent_chat.say("troubleshoot for bob@contoso.com")
    agent_chat.say("bob cannot record, the button is not there")
    reply = agent_chat.say("checked the meeting, it's a normal scheduled meeting and bob is the organizer")
    assert agent_chat.session_answers()["check_meeting_role"] == "organizer"
    assert agent_chat.state == "check_auth_type" and "organize" in reply.text


def test_a_persons_name_inside_an_account_is_left_alone(agent_chat):
    agent_chat.say("troubleshoot for bob.smith@contoso.com")
    agent_chat.say("recording button missing for bob.smith@contoso.com, he's a guest")
    assert agent_chat.session["upn"] == "bob.smith@contoso.com"
    assert agent_chat.session_answers().get("check_auth_type") == "guest"


@pytest.mark.parametrize("internal", ["he's internal", "she is in our tenant", "internal user"])
def test_internal_is_a_member_of_the_organization(agent_chat, internal):
    agent_chat.say("troubleshoot for bob@contoso.com")
    agent_chat.say("bob can't record his own meeting")
    agent_chat.say(internal)
    assert agent_chat.session_answers().get("check_auth_type") == "member"


# --- an end user telling of a colleague who can't record: asked about them, and read as speaking of them

def question(reply) -> str:
    return reply.card["body"][0]["text"]


def test_a_colleagues_role_said_as_she_is_read_and_the_diagnosis_speaks_of_them(chat):
    reply = chat.say("I can record but my colleague can't")
    assert question(reply) == "What is the person trying to record?"
    reply = chat.say("she's an attendee")
    assert chat.session_answers()["check_meeting_role"] == "attendee"
    assert "the person is an attendee" in reply.text and "make them a presenter" in reply.text
    assert "you are an attendee" not in reply.text and "make you" not in reply.text


def test_the_tellers_own_role_is_not_taken_for_the_colleagues(chat):
    chat.say("I'm the organizer and my colleague can't record the meeting")
    answers = chat.session_answers()
    assert answers.get("check_organizer") == "someone_else" and "check_meeting_role" not in answers


def test_not_the_organizer_said_after_a_comma_still_says_who_organized_it(chat):
    chat.say("my coworker cant record our meetings")
    reply = chat.say("he's a team member, not the organizer")
    assert chat.session_answers().get("check_organizer") == "someone_else"
    assert reply.text.startswith("Got it: they didn't organize it.") and chat.state == "check_meeting_role"


def test_the_organizer_asking_for_a_colleague_is_not_told_someone_else_organized_it(chat):
    reply = chat.say("I'm the organizer and my colleague can't record")
    assert chat.session_answers().get("check_organizer") == "someone_else"
    assert reply.text.startswith("Got it: they didn't organize it.") and "someone else organized" not in reply.text


@pytest.mark.parametrize("said", ["my colleague says I can't record", "I can't record, my colleague can"])
def test_an_end_user_who_cant_record_themselves_is_still_asked_as_you(chat, said):
    reply = chat.say(said)
    assert question(reply) == "What are you trying to record?" and "someone" not in chat.session["flags"]


# --- follow-up questions about the answer just given

def test_how_to_become_a_presenter_before_any_diagnosis_gets_the_organizers_part(chat):
    chat.say("cant record")
    chat.say("meeting")
    reply = chat.say("how do I become a presenter?")
    assert reply.text.startswith("The organizer makes the recorder a presenter") and chat.state == "check_meeting_role"


def test_how_long_recordings_are_kept_is_said_in_two_sentences_with_the_settings_behind_why(chat):
    chat.say("why do recordings go to onedrive and not stream anymore")
    reply = chat.say("and how long do they stay there?")
    assert "120 days" in reply.text and "recycle bin" in reply.text and word_count(reply.text) <= 60
    assert "NewMeetingRecordingExpirationDays" in reply.details and "Purview" in reply.details


@pytest.mark.parametrize("first, then, answer", [
    ("recording greyed out, I'm an attendee", "ok how do I become a presenter?", "presenter or co-organizer"),
    ("i'm a guest in a partner's meeting and can't record", "is there any way around it?",
     "organizer's organization starts the recording"),
    ("why do recordings go to onedrive and not stream anymore", "and how long do they stay there?", "120 days"),
])
def test_a_follow_up_in_everyday_words_gets_its_answer(chat, first, then, answer):
    chat.say(first)
    reply = chat.say(then)
    assert answer in reply.text and "I don't know that one" not in reply.text


def test_what_about_others_after_a_general_question_is_a_question_not_an_answer(chat):
    chat.say("can guests record?")
    reply = chat.say("ok so what about people from a partner company")
    assert chat.state == "check_auth_type" and "check_auth_type" not in chat.session_answers()
    assert "authenticated user from the same organization" in reply.text


@pytest.mark.parametrize("said", ["the recording is in onedrive but I can't share it with external people",
                                  "people from another tenant attended our meeting but can't play the recording"])
def test_sharing_a_recording_that_exists_is_who_can_watch_it_not_how_one_joins(chat, said):
    reply = chat.say(said)
    assert chat.session["topic"] == "other" and "permissions of its file" in reply.text
    assert "check_auth_type" not in chat.session_answers() and "Cause:" not in reply.text


@pytest.mark.parametrize("said", ["recording stopped after 4 hours", "our recording cut off after 4 hours"])
def test_a_recording_that_stops_after_four_hours_gets_the_length_limit(chat, said):
    assert "4 hours" in chat.say(said).text


@pytest.mark.parametrize("said", ["recording starts then stops after a few seconds",
                                  "my recording stops after 10 minutes"])
def test_a_recording_that_stops_after_seconds_or_minutes_is_not_told_the_four_hour_limit(chat, said):
    assert "4 hours" not in chat.say(said).text


def test_a_longer_recording_after_the_length_limit_is_still_the_length_limit(chat):
    chat.say("recording stopped after 4 hours")
    reply = chat.say("can we make it last longer?")
    assert "no policy or meeting option raises it" in reply.text
    assert "NewMeetingRecordingExpirationDays" not in reply.text + (reply.details or "")


@pytest.mark.parametrize("ask", ["can we change it?", "how do i change that", "can we make them last longer?",
                                 "can we stop them from being deleted", "how do we keep recordings forever"])
def test_changing_the_expiry_after_its_answer_gets_the_expiry_setting(chat, ask):
    chat.say("my recordings keep disappearing after a couple of months")
    reply = chat.say(ask)
    assert "NewMeetingRecordingExpirationDays" in reply.text + (reply.details or "")
    assert "I don't know that one" not in reply.text and "which setting" not in reply.text


@pytest.mark.parametrize("message", ["recording stopped by itself after 4 hours",
                                     "is there a way to make the recording longer?"])
def test_the_four_hour_limit_is_answered_however_it_is_asked(chat, message):
    reply = chat.say(message)
    assert "four hours" in reply.text.lower() or "4 hours" in reply.text


def test_how_would_i_know_still_says_how_to_find_out_not_what_the_question_means(chat):
    chat.say("no recording button")
    chat.click("meeting")
    reply = chat.say("how would I know?")
    assert reply.text.startswith("The organizer can tell you which role you have in the meeting.")


def test_how_would_i_know_about_another_check_answers_about_that_check(chat):
    chat.say("I wanted to record a client's meeting but recording isn't available, they're from another company")
    assert chat.state == "diagnosis"
    reply = chat.say("how would I know if I'm a guest?")
    assert reply.text.startswith("If you joined with your work account") and "Try recording again" not in reply.text


def test_my_own_work_account_corrects_another_organization(chat):
    chat.say("I wanted to record a client's meeting but recording isn't available, they're from another company")
    reply = chat.say("I just joined with my own work account")
    assert chat.session_answers()["check_auth_type"] == "member"
    assert chat.session_answers().get("check_meeting_role") != "attendee" and "Changed how" in reply.text


# --- where a recording went, told in pieces

@pytest.mark.parametrize("lost", ["my webinar recording is nowhere", "can't find the recording of our town hall",
                                  "the town hall recording is missing"])
def test_a_town_halls_missing_recording_is_where_it_went_not_the_events_policy(chat, lost):
    reply = chat.say(lost)
    assert chat.session["topic"] == "storage_location" and chat.state == "offer"
    assert "town halls: the organizer's OneDrive" in reply.text


@pytest.mark.parametrize("lost", ["the recording of the channel meeting yesterday is missing",
                                  "the recording from this morning is nowhere", "my recording is gone"])
def test_a_missing_recording_said_without_a_topics_words_is_where_it_went(chat, lost):
    chat.say(lost)
    assert chat.session["topic"] == "storage_location" and chat.state == "offer"


def test_a_recording_nobody_can_find_in_a_channel_meeting_is_where_the_channels_go(chat):
    reply = chat.say("hey so the recording worked but nobody can find it. we had a channel meeting in the Marketing team")
    assert chat.session["topic"] == "storage_location" and "channel's files" in reply.text


def test_only_transcribe_and_no_record_is_a_recording_that_cant_start(chat):
    chat.say('my boss wants me to record our 1:1s but i only see "transcribe" no record')
    assert chat.session["topic"] == "start" and chat.state.startswith("check_")


@pytest.mark.parametrize("said, topic", [
    ("unable to start a recording in teams meetings, option missing. pls advise", "start"),
    ("recording of the all hands is missing the slides", "not_captured"),
])
def test_missing_said_of_a_button_or_of_a_part_is_not_a_lost_recording(chat, said, topic):
    chat.say(said)
    assert chat.session["topic"] == topic


@pytest.mark.parametrize("blocked", ["the recording button is missing in our town hall", "can't record our webinar"])
def test_a_town_hall_that_cant_be_recorded_is_still_the_events_policy(chat, blocked):
    chat.say(blocked)
    assert chat.session["topic"] == "events_policy" and chat.state == "check_events_policy"


def test_a_channel_meeting_said_after_the_answer_gets_the_channels_place(agent_chat):
    agent_chat.say("INC0045678 - user cannot find recording of teams meeting from last tuesday")
    reply = agent_chat.say("it was a channel meeting")
    assert "channel" in reply.text and "SharePoint" in reply.text and "couldn't tell" not in reply.text
    assert "channel" in agent_chat.say("where would it be then").text


def test_found_it_somewhere_is_solved(agent_chat):
    agent_chat.say("user cannot find recording of teams meeting from last tuesday")
    reply = agent_chat.say("ok found it in sharepoint, thanks")
    assert agent_chat.state == "resolved" and reply.text.startswith("Good to hear it's sorted.")


def test_details_at_is_it_one_of_these_keep_the_question_and_note_what_they_say(chat):
    chat.say("my recording is not showing up")
    assert chat.state == "clarify"
    reply = chat.say("it was yesterday, the meeting lasted 1 hour")
    assert chat.state == "clarify" and "doesn't cover" not in reply.text
    assert chat.session_answers()["check_meeting_type"] == "meeting"
    reply = chat.say("I can't find it anywhere")
    assert chat.state == "clarify" and "storage_location" in [d["answer"] for d in submits(reply)]
    assert "I can't find it anywhere" in chat.session["reported"]


def test_something_the_guide_doesnt_cover_at_is_it_one_of_these_is_still_said_so(chat):
    chat.say("recording didn't save")
    chat.say("it's about transcription, the transcript is in the wrong language")
    assert chat.state == "offer" and chat.session["topic"] == "other"


# --- agents say what they see in words

def test_an_assigned_policy_said_in_words_is_noted_like_pasted_output(agent_chat):
    agent_chat.say("troubleshoot for megan.bowen@contoso.com")
    agent_chat.say("Megan can't record her 1:1 calls")
    reply = agent_chat.say("Megan's calling policy is Global")
    assert reply.text.startswith("Noted: the calling policy is **Global**.")
    assert agent_chat.session["policies"] == {"calling": "Global"} and agent_chat.state == "check_calling_policy"


def test_a_setting_in_words_is_not_taken_for_a_policy_name(chat):
    chat.say("I can't record my meeting, I organized it")
    chat.say("work account")
    chat.say("my meeting policy is set to allow recording")
    assert "policies" not in chat.session or chat.session["policies"] == {}


def test_the_command_to_look_up_is_shown_once_when_the_topic_and_the_check_both_name_it(agent_chat):
    agent_chat.say("troubleshoot for megan.bowen@contoso.com")
    reply = agent_chat.say("Megan can't record her 1:1 calls")
    assert reply.text.count("Get-CsTeamsCallingPolicy") == 1 and agent_chat.state == "check_calling_policy"


def test_still_no_record_button_mid_check_says_the_checks_go_on(chat):
    chat.say("I cant record the meeting im in")
    chat.click("presenter")
    reply = chat.say("still no record button though")
    assert "one at a time" in reply.text and "couldn't tell" not in reply.text


def test_how_to_check_the_kind_of_meeting_points_at_the_calendar_not_at_going_on_without_it(chat):
    chat.say("The record button is greyed out. I'm the organiser. Is it something with my account?")
    reply = chat.say("I'm not sure, how can I check that myself?")
    assert reply.text.startswith("It's what the invitation in your Teams calendar is")
    assert chat.state == "check_meeting_type" and "check_meeting_type" not in chat.session_answers()


def test_a_fact_at_is_it_one_of_these_leaves_its_choices(chat):
    chat.say("Recording is missing")
    before = chat.session["candidates"]
    chat.say("yes I'm the organizer")
    assert chat.state == "clarify" and chat.session["candidates"] == before
    assert chat.session_answers()["check_meeting_role"] == "organizer"


def test_not_in_my_onedrive_is_not_having_no_onedrive(chat):
    chat.say("Recording is missing")
    reply = chat.say("no its not in my onedrive")
    assert chat.session_answers().get("check_onedrive") != "no" and "there's no OneDrive" not in reply.text


def test_an_agent_diagnosis_of_a_full_onedrive_shows_the_fix(agent_chat):
    reply = agent_chat.say("the organizer's onedrive is full and the recording never showed up")
    assert agent_chat.state == "diagnosis" and "**Fix:** give the owner a OneDrive licence" in reply.text


def test_get_sposite_output_at_is_it_one_of_these_settles_it(agent_chat):
    agent_chat.say("caller says recordings from their weekly team meeting stopped appearing in onedrive since last month")
    assert agent_chat.state == "clarify"
    reply = agent_chat.say("Get-SPOSite -Identity https://contoso-my.sharepoint.com/personal/adele_contoso_com | "
                           "fl StorageUsageCurrent,StorageQuota\nStorageUsageCurrent : 1048000\nStorageQuota : 1048576")
    assert agent_chat.state == "diagnosis" and reply.value["causes"] == ["onedrive_storage"]
    assert reply.text.startswith("Read from your paste:")


def test_whether_the_organizer_must_attend_is_answered_first(chat):
    reply = chat.say("does the organizer need to be in the meeting for the recording to work? Our CEO scheduled a "
                     "town hall but won't attend.")
    assert "doesn't depend on the organizer joining" in reply.text


def test_undo_after_declining_consent_is_how_to_agree_later(chat):
    chat.say("i declined the recording thing by accident and now i cant talk")
    assert chat.state == "diagnosis"
    reply = chat.say("how do i undo it")
    assert "unmute" in reply.text and "I don't know that one" not in reply.text


def test_undo_it_elsewhere_is_not_about_consent(chat):
    chat.say("I can't record, I'm only an attendee")
    assert "unmute" not in chat.say("how do i undo it").text


def test_a_typed_account_with_typos_is_still_read(chat):
    chat.say("recrding buton not showing in teams meetng")
    chat.say("im the organizor")
    chat.say("i join normaly with my work acount")
    assert chat.session_answers()["check_auth_type"] == "member"


@pytest.mark.parametrize("again", ["my recording failed", "it just wont record"])
def test_the_problem_told_again_mid_check_gets_why_this_question_not_i_couldnt_tell(chat, again):
    chat.say("I need help")
    reply = chat.say(again)
    assert "one at a time" in reply.text and "couldn't tell" not in reply.text
    assert chat.state == "check_meeting_type" and chat.session_answers() == {}


def test_saying_again_what_was_recorded_is_agreed_with_not_misread(chat):
    chat.say("I'm trying to record a teams call with a customer but there's no record option")
    reply = chat.say("its just a 1:1 call")
    assert reply.text == "Yes, I have that: it's a call." and chat.state == "check_calling_policy"


def test_the_one_who_sent_the_invite_is_the_organizer(chat):
    chat.say("can't record my meeting")
    chat.say("i'm the one who sent the invite")
    assert chat.session_answers()["check_meeting_role"] == "organizer"


def test_can_it_be_set_to_never_expire_gets_the_setting_that_does_it(chat):
    chat.say("my teams recordings are gone after 60 days, is that normal?")
    reply = chat.say("can it be set to never expire?")
    assert "NewMeetingRecordingExpirationDays" in reply.text + reply.details


@pytest.mark.parametrize("message", ["Hi, I'm trying to record our all hands tomorrow but the option isn't there",
                                     "I want to record but the button is not showing"])
def test_the_option_isnt_there_after_wanting_to_record_is_cant_start_a_recording(chat, message):
    chat.say(message)
    assert chat.session["topic"] == "start" and chat.state.startswith("check_")


def test_another_option_missing_after_a_recording_is_not_cant_start(chat):
    chat.say("after recording, the download option is not there")
    assert chat.session["topic"] != "start"


def test_how_do_we_turn_off_the_consent_thing_gets_the_consent_setting(chat):
    chat.say("people get muted when the recording starts")
    chat.say("yes they clicked dont agree")
    reply = chat.say("how do we turn off the consent thing")
    assert "ExplicitRecordingConsent" in reply.text + reply.details and "I don't know that one" not in reply.text


def test_the_onedrive_check_says_why_it_is_asked_in_a_sentence(chat):
    chat.say("my recording from yesterday is gone")
    reply = chat.click("onedrive_check")
    assert reply.text.startswith("Next, the organizer's OneDrive, where the recording is saved.")


# --- an agent's findings told as they come, at any question

def test_what_was_said_at_is_it_one_of_these_is_kept_when_a_later_message_names_the_problem(agent_chat):
    agent_chat.say('INC0077881 user reports "Recording has stopped. Something went wrong" after few mins')
    assert agent_chat.state == "clarify"
    agent_chat.say("it's a meeting, user is presenter")
    agent_chat.say("organizers policy is fine")
    answers = agent_chat.session_answers()
    assert answers["check_meeting_type"] == "meeting" and answers["check_meeting_role"] == "presenter"
    assert answers["check_organizer_policy"] == "on" and agent_chat.state == "check_policy"


@pytest.mark.parametrize("said,check,answer", [
    ("his own policy is fine too", "check_policy", "on"),
    ("the organizer's meeting policy is off", "check_organizer_policy", "off"),
    ("yes the test passed", "run_diagnostic", "all_passed"),
])
def test_a_finding_told_before_its_question_is_not_asked_again(agent_chat, said, check, answer):
    agent_chat.say("user can't record his team meeting, he is a presenter")
    agent_chat.say(said)
    assert agent_chat.session_answers()[check] == answer


def test_what_should_they_do_instead_gets_the_fix_of_the_topic(chat):
    chat.say("why can't guests record?")
    reply = chat.say("ok so what should they do instead?")
    assert reply.text.startswith("The fix: a member of the organizer's organization starts the recording.")


def test_thanks_thats_helpful_mid_check_is_thanks(chat):
    chat.say("why can't guests record?")
    assert chat.say("thanks that's helpful").text == "You're welcome."


@pytest.mark.parametrize("ask", ["please make the ticket", "make a ticket", "open a ticket please"])
def test_asking_for_the_ticket_in_words_gives_the_summary(chat, ask):
    chat.say("record button greyed out")
    assert chat.say(ask).text.startswith("**Recording troubleshooting ticket**")


@pytest.mark.parametrize("greeting", ["hello bot", "hey there", "hi bot!"])
def test_a_greeting_to_the_bot_is_a_greeting_not_a_subject_the_guide_lacks(chat, greeting):
    reply = chat.say(greeting)
    assert reply.text.startswith("Hello!") and chat.state == "welcome"


def test_a_real_problem_after_an_uncovered_message_is_triaged(chat):
    chat.say("how do I change my profile picture in Teams?")
    assert chat.state == "offer" and chat.session["topic"] == "other"
    chat.say("oh and also the record button is greyed out in my meeting")
    assert chat.session["topic"] == "start" and chat.state.startswith("check_")


def test_what_an_unclear_first_message_states_is_kept_and_said(agent_chat):
    agent_chat.say("troubleshoot for pradeep@contoso.com")
    reply = agent_chat.say("Pradeep says record is missing in a channel meeting in the Finance team")
    assert agent_chat.state == "clarify" and reply.text.startswith("Got it: it's a channel meeting.")
    assert agent_chat.session_answers()["check_meeting_type"] == "meeting"


def test_the_organizer_is_his_manager_says_someone_else_organized_it(agent_chat):
    agent_chat.say("user can't record the meeting")
    agent_chat.say("organizer is his manager")
    assert agent_chat.session_answers()["check_organizer"] == "someone_else"


def test_students_who_cant_see_a_recording_get_who_can_watch_it(chat):
    reply = chat.say("im a teacher and my students cant see the recording of class")
    assert "permissions of its file" in reply.text and chat.state == "offer"


def test_filler_as_the_very_first_message_is_not_a_subject_the_guide_lacks(chat):
    reply = chat.say("hmm ok")
    assert chat.state == "welcome" and "doesn't cover" not in reply.text and "No rush" in reply.text


def test_a_first_message_that_starts_like_filler_is_still_a_description(chat):
    chat.say("need to check one user's recording setup quickly, is there an automated test for that?")
    assert chat.session["topic"] == "run_diagnostic"


# --- impatient, confused, and changing course (found playing conversations, stop 34)

def at_who_organized(chat):
    chat.say("cant record")
    chat.say("a meeting")
    chat.say("not sure")
    assert chat.state == "check_organizer"


@pytest.mark.parametrize("said", ["just tell me how to fix it", "tell me what to do", "give me the answer",
                                  "how do I fix it?"])
def test_asking_for_the_fix_mid_check_is_not_the_answer_me_and_says_when_the_fix_comes(chat, said):
    at_who_organized(chat)
    reply = chat.say(said)
    assert chat.state == "check_organizer" and "check_organizer" not in chat.session_answers()
    assert "once we've found the cause" in reply.text and "which setting you mean" not in reply.text


@pytest.mark.parametrize("said", ["me", "it was me", "I did"])
def test_me_alone_still_answers_who_organized_it(chat, said):
    at_who_organized(chat)
    chat.say(said)
    assert chat.session_answers()["check_organizer"] == "me"


def test_idk_what_that_means_is_explained_not_recorded_as_not_sure(chat):
    at_who_organized(chat)
    reply = chat.say("idk what that means")
    assert "check_organizer" not in chat.session_answers()
    assert "scheduled the meeting" in reply.text and "your admin" not in reply.text


def test_an_end_user_who_says_it_is_them_after_all_is_asked_about_themselves(chat):
    chat.say("my colleague can't record our standups")
    assert chat.session["flags"] == ["someone"]
    reply = chat.say("actually sorry it's me not her, I can't record either")
    assert "it's you who can't record" in reply.text
    assert reply.card["body"][0]["text"] == "What is your role in the meeting?"  # "our standups" are meetings
    chat.say("I'm the organizer")
    assert chat.session_answers()["check_meeting_role"] == "organizer"
    assert "check_organizer" not in chat.session_answers()  # before: "someone else organized it"


@pytest.mark.parametrize("said", ["I'm an admin and users in our tenant can't record",
                                  "im the IT admin, our teachers cant record their classes"])
def test_an_admin_telling_of_users_gets_agent_mode_and_is_told_so(chat, said):
    reply = chat.say(said)
    assert chat.session["audience"] == "agent" and reply.text.startswith("You're an admin")
    assert "**user**" in reply.text


def test_an_admin_about_their_own_meeting_stays_in_user_mode(chat):
    chat.say("I'm an admin and I can't record my own meeting")
    assert chat.session["audience"] != "agent"


def test_an_agent_pasting_the_callers_address_alone_sets_the_account(agent_chat):
    agent_chat.say("user says the record button is greyed out, she's the organizer")
    reply = agent_chat.say("adele@contoso.com")
    assert agent_chat.session["upn"] == "adele@contoso.com" and "couldn't tell" not in reply.text


def test_an_end_users_address_alone_is_not_taken_for_the_account(chat):
    chat.say("I can't record my meeting")
    chat.say("bob@contoso.com")
    assert chat.session["upn"] is None


def test_checked_the_folder_and_found_nothing_goes_on_to_the_next_step(agent_chat):
    agent_chat.say("user cannot find recording of yesterday's meeting, she organized it")
    assert agent_chat.state == "offer"
    agent_chat.say("checked her onedrive recordings folder, nothing")
    assert agent_chat.state == "check_onedrive"


@pytest.mark.parametrize("said", ["can we stop that", "ok and how do I do that as an admin?"])
def test_stopping_recordings_expiring_gets_the_expiry_setting(chat, said):
    chat.say("hi, my recordings keep disappearing")
    chat.say("after like a month or two")
    assert chat.session["topic"] == "ams_expiry"
    reply = chat.say(said)
    assert "NewMeetingRecordingExpirationDays" in reply.text + (reply.details or "")


@pytest.mark.parametrize("said", ["the recording never showed up in the chat",
                                  "meeting recorded fine but no link in chat afterwards"])
def test_a_recording_missing_from_the_chat_is_where_recordings_go(chat, said):
    reply = chat.say(said)
    assert chat.session["topic"] == "storage_location" or (
        chat.state == "clarify" and chat.session["candidates"][0] == "storage_location"), reply.text


def test_a_rambling_organizer_who_sends_the_invite_is_the_organizer_not_someone_else(chat):
    reply = chat.say("so basically I have a weekly meeting with my team every monday and I've always been able to "
                     "record it but since last week the record button just isn't there anymore, I didn't change "
                     "anything, I'm the one who sends the invite")
    assert reply.text.startswith("Got it: it's a meeting and you organize it.")
    assert chat.session_answers().get("check_organizer") != "someone_else"
    assert chat.session["topic"] == "start"


def test_work_account_said_at_another_question_is_kept(chat):
    chat.say("my meeting recording wont start, I organized it")
    chat.say("no idea")  # how they join: not sure
    reply = chat.say("work account obviously")
    assert chat.session_answers()["check_auth_type"] == "member"
    assert reply.text.startswith("Got it: you join with an account of the organizer's organization.")  # no "Changed"


def test_what_do_i_tell_them_after_a_diagnosis_is_the_fix(chat):
    chat.say("recording wont start, it's my meeting, work account")
    chat.say("IT says recording is disabled in my policy")
    assert chat.state == "diagnosis"
    reply = chat.say("what do I tell them to do?")
    assert reply.text.startswith("The fix:") and "don't know that one" not in reply.text


@pytest.mark.parametrize("said", ["Hi! Quick question - when we record a meeting does everyone get notified?",
                                  "Someone recorded our meeting without asking, can I see who started it?"])
def test_a_question_about_something_else_does_not_start_the_cant_record_checks(chat, said):
    chat.say(said)
    assert not chat.state.startswith("check_")


def test_what_a_message_takes_back_does_not_count(chat):
    chat.say("I can't record")
    chat.say("it's a meeting")
    chat.say("I'm the organizer. wait no, my boss set it up, I'm just presenting")
    answers = chat.session_answers()
    assert answers["check_meeting_role"] == "presenter" and answers["check_organizer"] == "someone_else"


@pytest.mark.parametrize("said", ["guest? no I'm internal", "no, im internal"])
def test_a_question_echoed_before_its_answer_is_not_the_answer(chat, said):
    chat.say("recording button missing")
    chat.say("meeting")
    chat.say("organiser")
    chat.say(said)
    assert chat.session_answers()["check_auth_type"] == "member"


def test_a_missing_recording_said_so_is_where_recordings_go(chat):
    chat.say("this one is about a missing recording")
    assert chat.session["topic"] == "storage_location"


def test_a_first_message_told_in_pieces_gets_go_on_then_is_read_whole(chat):
    chat.say("hey")
    reply = chat.say("so I have this problem")
    assert reply.text.startswith("Go on") and chat.state == "welcome"
    reply = chat.say("when I join our team sync")
    assert reply.text == "Go on." and chat.state == "welcome"
    reply = chat.say("theres no record button???")
    assert chat.session["topic"] == "start" and reply.text.startswith("Got it: it's a meeting.")
    assert chat.session["reported"].startswith("so I have this problem. when I join our team sync")


@pytest.mark.parametrize("said", ["just tell me the fix", "how do i fix it?", "whats the solution to this",
                                  "i need the fix asap"])
def test_the_fix_asked_for_before_the_problem_asks_what_goes_wrong(chat, said):
    reply = chat.say(said)
    assert "what goes wrong" in reply.text and "doesn't cover" not in reply.text and chat.state == "welcome"
    chat.say("record button is greyed out in my meetings")
    assert chat.session["topic"] == "start" and chat.state == "check_meeting_role"


@pytest.mark.parametrize("said", ["Teams keeps signing me out every morning", "I'm on mobile, and my camera is black"])
def test_a_whole_message_about_something_else_is_not_taken_for_a_piece(chat, said):
    reply = chat.say(said)
    assert not reply.text.startswith("Go on")


def test_a_story_told_in_pieces_is_read_with_its_typos_mended(chat):
    chat.say("so I have this problem")
    chat.say("when I join our team sync")
    chat.say("theres no recrod button???")
    assert chat.session["topic"] == "start"
    assert chat.session["reported"].endswith("theres no recrod button???")  # the person's own words, as typed


def test_what_if_we_make_the_guest_a_member_gets_the_fix(agent_chat):
    agent_chat.say("guest user can't record, is that expected?")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("ok thanks, what if we make him a member of the tenant?")
    assert reply.text.startswith("The fix:") and "member of the organizer's organization" in reply.text


# --- which Teams they join from, what a role is, and a colleague spoken of as "they"

def test_which_teams_someone_joins_from_is_noted_for_the_ticket_and_the_question_stays(chat):
    chat.say("the record button is greyed out for me in our weekly team meeting")
    reply = chat.say("I join from the browser usually")
    assert reply.text.startswith("Noted: you join from Teams on the web") and "couldn't tell" not in reply.text
    assert asks(reply) == "check_meeting_role" and chat.session_answers() == {"check_meeting_type": "meeting"}
    assert "Joins from: Teams on the web" in chat.say("summary").text


def test_the_desktop_app_with_a_missing_button_gets_microsofts_rejoin_tip(chat):
    chat.say("no record button in my meeting")
    reply = chat.say("I use the desktop app btw")
    assert "joining from the Teams web client, can bring the button back" in reply.text
    chat.say("on my phone today actually")
    assert "Joins from: the Teams mobile app" in chat.say("summary").text  # the latest client, not both


@pytest.mark.parametrize("said", ["does recording work in the browser?", "I was on the phone with IT about it",
                                  "I tried both the web and the desktop app"])
def test_a_client_asked_about_or_two_named_is_not_noted(chat, said):
    chat.say("no record button in my meeting")
    chat.say(said)
    assert "Joins from" not in chat.say("summary").text


# --- what someone remarks mid-check: it varies, it used to work, Teams said an admin turned it off

@pytest.mark.parametrize("said", ["it depends", "sometimes", "depends on the meeting tbh", "not always",
                                  "sometimes I'm the organizer, sometimes not"])
def test_an_answer_that_differs_between_meetings_asks_about_one_meeting(chat, said):
    chat.say("no record button in my meeting")
    reply = chat.say(said)
    assert reply.text.startswith("Then answer for one meeting where it goes wrong") and "couldn't tell" not in reply.text
    assert asks(reply) == "check_meeting_role" and chat.session_answers() == {"check_meeting_type": "meeting"}


@pytest.mark.parametrize("said", ["it used to work", "it was working fine until yesterday", "worked fine last week tho"])
def test_it_used_to_work_is_noted_with_how_soon_a_policy_change_applies(chat, said):
    chat.say("no record button in my meeting")
    reply = chat.say(said)
    assert reply.text.startswith("Noted: it worked before") and "doesn't apply at once" in reply.text
    assert asks(reply) == "check_meeting_role" and chat.session_answers() == {"check_meeting_type": "meeting"}
    ticket = chat.say("summary")
    assert "Noted: recording worked before." in ticket.text and ticket.value["ticket"]["noted"] == ["worked_before"]


def test_teams_saying_an_admin_turned_recording_off_goes_on_the_ticket(agent_chat):
    agent_chat.say("user can't record her meetings")
    reply = agent_chat.say("she says it shows recording has been disabled by your administrator")
    assert reply.text.startswith("Noted: Teams says an admin turned recording off") and "couldn't tell" not in reply.text
    agent_chat.say("organizer")
    ticket = agent_chat.say("summary").text
    assert "Noted: Teams says an admin turned recording off." in ticket and "role in the meeting: **Organizer**" in ticket


def test_it_worked_yesterday_after_a_diagnosis_is_not_it_is_fixed(chat):
    chat.say("my meeting has no record button")
    chat.click("attendee")
    reply = chat.say("it worked yesterday")
    assert chat.state == "diagnosis" and reply.text.startswith("Noted: it worked before")


def test_what_teams_said_of_an_admin_is_no_answer_about_a_onedrive(chat):
    chat.say("my recording is nowhere to be found")
    chat.click("onedrive_check")
    reply = chat.say('it says "recording has been disabled by your IT admin"')
    assert "check_onedrive" not in chat.session_answers() and asks(reply) == "check_onedrive"
    assert reply.text.startswith("Noted: Teams says an admin turned recording off")


def at_the_policy_question(chat):
    chat.say("my meeting has no record button")
    chat.click("organizer")
    chat.click("member")
    assert chat.state == "check_policy"


def agent_at_the_policy_question(agent_chat):
    agent_chat.say("user can't record teams meeting, he's the organizer")
    agent_chat.click("member")
    assert agent_chat.state == "check_policy"


def test_what_teams_said_of_an_admin_at_the_policy_question_is_confirmed_not_taken(chat):
    at_the_policy_question(chat)
    reply = chat.say("it says recording is disabled by your admin")
    assert "check_policy" not in chat.session_answers()
    assert "points to a policy, maybe this one. So it's off?" in str(reply.card)
    chat.say("yes")
    assert chat.session_answers()["check_policy"] == "off" and chat.state == "diagnosis"


def test_a_policy_changed_lately_gets_how_long_changes_take_with_the_answer_and_before_escalating(chat):
    at_the_policy_question(chat)
    reply = chat.say("yes the admin enabled recording in my policy this morning")
    assert chat.session_answers()["check_policy"] == "on" and "can take up to 24 hours to take effect" in reply.text
    escalated = chat.say("everything passed")
    assert chat.state == "escalate" and "Wait before escalating" in escalated.text
    assert "Noted: a policy was changed lately." in escalated.text


def test_a_policy_changed_lately_said_mid_check_is_noted(chat):
    chat.say("my meeting has no record button")
    reply = chat.say("the policy was changed this morning")
    assert reply.text.startswith("Noted: a policy was changed lately") and asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("said", ["the admin changed my policy a while ago", "my policy was updated last year",
                                  "they assigned me a new policy months ago"])
def test_a_policy_changed_long_ago_is_not_a_policy_changed_lately(chat, said):
    chat.say("my meeting has no record button")
    reply = chat.say(said)
    assert "policy_changed" not in chat.session["flags"] and "changed lately" not in reply.text


@pytest.mark.parametrize("said", ["how do I check that in powershell", "can you give me the powershell for that"])
def test_an_agent_asking_for_the_powershell_gets_the_checks_commands(agent_chat, said):
    agent_at_the_policy_question(agent_chat)
    reply = agent_chat.say(said)
    assert "Get-CsOnlineUser" in reply.text and "Get-CsTeamsMeetingPolicy" in reply.text and asks(reply) == "check_policy"


def test_an_end_user_asking_for_the_powershell_is_told_it_is_for_admins(chat):
    chat.say("my meeting has no record button")
    reply = chat.say("what powershell do i run for that?")
    assert reply.text.startswith("Only a Teams admin can run") and "**agent**" in reply.text


@pytest.mark.parametrize("said", ["she isn't sure", "he doesnt know"])
def test_someone_else_not_knowing_is_not_sure_not_yes(agent_chat, said):
    agent_at_the_policy_question(agent_chat)
    agent_chat.say(said)
    assert agent_chat.session_answers()["check_policy"] == "unsure"


def test_checked_and_looks_fine_at_a_policy_question_is_on(agent_chat):
    agent_at_the_policy_question(agent_chat)
    agent_chat.say("checked in TAC, looks fine")
    assert agent_chat.session_answers()["check_policy"] == "on"


@pytest.mark.parametrize("said", ["is it disabled by the admin?", "it never used to work"])
def test_a_remark_asked_or_denied_is_not_noted(chat, said):
    chat.say("no record button in my meeting")
    chat.say(said)
    assert "Noted:" not in chat.say("summary").text


@pytest.mark.parametrize("said", ["the organizer left the company", "ask the organizer", "the organizer is my manager"])
def test_a_role_said_of_someone_else_is_not_the_persons_answer(chat, said):
    chat.say("my meeting has no record button")
    reply = chat.say(said)
    assert "check_meeting_role" not in chat.session_answers() and asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("said, role", [("the organizer", "organizer"), ("yes the organizer is me", "organizer"),
                                        ("my boss is the organizer and im a presenter", "presenter")])
def test_a_role_that_is_the_persons_own_is_recorded(chat, said, role):
    chat.say("my meeting has no record button")
    chat.say(said)
    assert chat.session_answers()["check_meeting_role"] == role


def test_just_in_the_meeting_is_an_attendee(chat):
    chat.say("my meeting has no record button")
    chat.say("uhh i'm just in the meeting")
    assert chat.session_answers()["check_meeting_role"] == "attendee" and chat.state == "diagnosis"


def test_a_role_named_beside_a_doubt_is_confirmed(chat):
    chat.say("my meeting has no record button")
    reply = chat.say("idk my boss made me presenter last time")
    assert "check_meeting_role" not in chat.session_answers() and "Just to be sure: **Presenter**?" in str(reply.card)


def test_not_me_my_boss_is_someone_else_organized_it(chat):
    chat.say("my meeting has no record button")
    chat.say("nope not me its my teamlead")
    assert chat.session_answers()["check_organizer"] == "someone_else"


@pytest.mark.parametrize("said", ["why do you need to know that", "what does that have to do with anything?"])
def test_why_the_question_is_asked_gets_its_part_and_meaning_not_i_dont_know(chat, said):
    chat.say("my meeting has no record button")
    reply = chat.say(said)
    assert reply.text.startswith("Each cause in Microsoft's guide depends on an answer like this one")
    assert "Who may record depends on it." in reply.text and asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("said", ["this is taking forever", "how many more questions??"])
def test_impatience_gets_an_apology_and_the_ticket_offer_and_the_question_stays(chat, said):
    chat.say("my meeting has no record button")
    reply = chat.say(said)
    assert reply.text.startswith("Sorry it takes a while") and "**summary**" in reply.text
    assert asks(reply) == "check_meeting_role" and chat.session_answers() == {"check_meeting_type": "meeting"}


@pytest.mark.parametrize("said", ["presenter i guess", "hmm not sure tbh, maybe presenter?"])
def test_a_guessed_role_is_confirmed_not_recorded_nor_taken_for_a_question(chat, said):
    chat.say("my meeting has no record button")
    reply = chat.say(said)
    assert "check_meeting_role" not in chat.session_answers() and "Just to be sure: **Presenter**?" in str(reply.card)


def test_talking_past_the_confirmation_of_ones_own_guess_lets_it_stand(agent_chat):
    """An agent relaying the caller says what else they know instead of yes: the guess stands, and the case goes on."""
    agent_chat.say("caller can't record Tom's weekly sync, record button greyed out for her")
    agent_chat.say("regular meeting, she's just an attendee I think")
    reply = agent_chat.say("Tom set it up yeah, not her")
    assert agent_chat.session_answers()["check_meeting_role"] == "attendee"
    assert agent_chat.state == "diagnosis" and "attendees can't start a recording" in reply.text


def test_a_question_at_the_confirmation_of_a_guess_is_answered_not_taken_for_yes(chat):
    chat.say("my meeting has no record button")
    chat.say("presenter i guess")
    chat.say("my manager set it up, what does presenter mean?")
    assert "check_meeting_role" not in chat.session_answers()


def test_a_rambling_first_message_with_the_button_just_not_there_starts_the_checks(chat):
    reply = chat.say("hey so i tried to record our sprint review today and the button was just not there?? "
                     "i'm pretty sure i'm the organizer, it's our team's recurring meeting")
    assert chat.session["topic"] == "start" and asks(reply) == "check_auth_type"
    reply = chat.say("yeah work account")
    assert chat.session_answers()["check_auth_type"] == "member" and asks(reply) == "check_policy"


def test_not_knowing_another_checks_answer_is_no_answer_to_this_one(agent_chat):
    agent_chat.say("user priya@contoso.com can't record the weekly all-hands, she's a presenter")
    assert agent_chat.state == "check_auth_type"
    agent_chat.say("ok and the organizer is the CEO's EA, not sure what policy she has")
    assert "check_auth_type" not in agent_chat.session_answers() and agent_chat.state == "check_auth_type"


def test_org_is_us_is_a_member(agent_chat):
    agent_chat.say("user priya@contoso.com can't record the weekly all-hands. she's a presenter, org is us")
    assert agent_chat.session_answers()["check_auth_type"] == "member"


def test_a_setting_pasted_with_words_after_its_value_answers_its_own_check_not_the_pending_one(agent_chat):
    agent_chat.say("user priya@contoso.com can't record the weekly all-hands, she's a presenter")
    agent_chat.click("member")
    assert agent_chat.state == "check_events_policy"
    reply = agent_chat.say("AllowCloudRecording : True for both")
    answers = agent_chat.session_answers()
    assert answers["check_policy"] == "on" and "check_events_policy" not in answers
    assert reply.text.startswith("Read from your paste: `AllowCloudRecording : True for both`")


@pytest.mark.parametrize("said, joins", [("he logged in with his gmail", "federated"), ("no, she's one of us", "member"),
                                          ("signed in as usual", "member")])
def test_how_the_person_signed_in_is_read_by_the_account_not_the_words_signed_in(agent_chat, said, joins):
    agent_chat.say("user can't record teams meeting, he's the organizer")
    agent_chat.say(said)
    assert agent_chat.session_answers()["check_auth_type"] == joins


@pytest.mark.parametrize("said, has", [("he has like 1 TB free", "yes"), ("the organizer left, so their onedrive is gone", "no")])
def test_a_onedrive_told_in_other_words_is_read(chat, said, has):
    chat.say("my recording is nowhere to be found")
    chat.click("onedrive_check")
    chat.say(said)
    assert chat.session_answers()["check_onedrive"] == has


def test_almost_full_is_confirmed_not_taken_for_full(chat):
    chat.say("my recording is nowhere to be found")
    chat.click("onedrive_check")
    reply = chat.say("pretty sure it's almost full")
    assert "check_onedrive" not in chat.session_answers() and "Just to be sure" in str(reply.card)


@pytest.mark.parametrize("said, answer", [("i clicked dont agree by accident", "declined"),
                                           ("i clicked don't allow", "declined"),
                                           ("i was on my phone so i didn't see anything", "not_asked")])
def test_the_consent_question_answered_in_other_words(chat, said, answer):
    chat.say("when the recording started i got muted and can't unmute")
    chat.say(said)
    assert chat.session_answers()["check_consent"] == answer


@pytest.mark.parametrize("said", ["how come i can record meetings but not when i call someone directly in teams",
                                  "i can record meetings but not calls"])
def test_what_works_is_not_the_kind_asked_about(chat, said):
    """ "Got it: it's a meeting", then the meeting's questions, for a call that can't be recorded."""
    reply = chat.say(said)
    assert reply.text.startswith("Got it: it's a call.") and chat.state == "check_calling_policy"


@pytest.mark.parametrize("said", ["record button is there in meetings but not calls",
                                  "is it the same policy as meetings?"])
def test_meetings_named_at_the_calling_policy_question_change_no_answer(chat, said):
    """Both changed a call into a meeting ("Changed what is being recorded ..."), and the meeting's questions."""
    chat.say("i cant record my teams calls")
    reply = chat.say(said)
    assert chat.session_answers()["check_meeting_type"] == "call" and asks(reply) == "check_calling_policy"
    assert "Changed" not in reply.text


def test_same_policy_as_meetings_asked_of_a_call_is_the_calling_policy(chat):
    chat.say("i cant record my teams calls")
    assert "Recording a call is allowed by the calling policy" in chat.say("is it the same policy as meetings?").text


def test_should_i_ask_them_to_turn_it_on_is_the_fix(chat):
    chat.say("i can record meetings but not calls")
    chat.click("off")
    reply = chat.say("so should i ask them to turn it on?")
    assert reply.text.startswith("The fix: turn on Cloud recording for calling") and chat.state == "diagnosis"


@pytest.mark.parametrize("said", ["yes", "yeah it asked me", "yes there was a banner asking me to agree"])
def test_yes_it_asked_gets_did_you_agree_or_decline(chat, said):
    """Two buttons begin with "Yes", so a yes was "I couldn't tell", or what else it could be."""
    chat.say("when the recording started i got muted and can't unmute")
    reply = chat.say(said)
    assert reply.text.startswith("It asked you: did you agree, or decline?") and asks(reply) == "check_consent"
    chat.say("declined")
    assert chat.session_answers()["check_consent"] == "declined"


def test_not_a_town_hall_said_at_is_it_one_of_these_corrects_the_kind(agent_chat):
    """It was read as a new first message about the events policy, keeping the town hall."""
    agent_chat.say("user says her recording from this mornings all hands never showed up, ticket INC0045512")
    assert agent_chat.state == "clarify" and agent_chat.session_answers()["check_meeting_type"] == "event"
    assert agent_chat.buttons[0] == "storage_location"  # a recording that never showed up: where it went
    reply = agent_chat.say("it was a teams meeting not a town hall")
    assert agent_chat.state == "clarify" and agent_chat.session_answers()["check_meeting_type"] == "meeting"
    assert "Got it: it's a meeting." in reply.text
    assert agent_chat.say("can you add that to the ticket").text.startswith("**Recording troubleshooting ticket**")


def at_the_test(chat):
    at_the_policy_question(chat)
    chat.click("on")
    assert chat.state == "run_diagnostic"


def test_the_test_says_everything_is_fine_is_all_passed(chat):
    at_the_test(chat)
    chat.say("the test says everything is fine")
    assert chat.session_answers()["run_diagnostic"] == "all_passed"


@pytest.mark.parametrize("said", ["i dont have admin rights to run it", "it gave an error", "it timed out"])
def test_a_test_that_could_not_be_run_gets_who_runs_it_and_the_ticket(chat, said):
    at_the_test(chat)
    reply = chat.say(said)
    assert reply.text.startswith("The test needs an admin account: ask your admin") and asks(reply) == "run_diagnostic"


def test_an_error_after_the_end_is_a_new_problem_not_the_test(chat):
    resolved(chat)
    assert "The test needs an admin" not in chat.say("now the recording gave an error").text


def test_the_kind_alone_said_at_is_it_one_of_these_is_more_of_the_story(chat):
    """ "it was a town hall in teams" was triaged as the events policy, which stops a recording from starting,
    for a recording that was made and didn't save."""
    chat.say("so basically our all hands recording didnt save")
    assert chat.state == "clarify"
    chat.say("it was a town hall in teams")
    assert chat.state == "clarify" and chat.session_answers()["check_meeting_type"] == "event"
    assert chat.buttons[0] == "storage_location"


def test_a_kind_the_first_message_says_it_is_not_is_no_cue(chat):
    chat.say("its not a town hall, just a regular meeting, and recording is greyed out")
    assert chat.session["topic"] != "events_policy" and chat.session_answers()["check_meeting_type"] == "meeting"


def test_a_hedged_dont_allow_is_confirmed_as_declined(chat):
    chat.say("so when i join my teams meetings now theres this popup about recording and i cant unmute")
    reply = chat.say("i think i clicked dont allow or something")
    assert "Just to be sure: **Yes, and I declined**?" in str(reply.card)


@pytest.mark.parametrize("said", ["how do i fix it", "can i change it now while im in the meeting?"])
def test_fixing_it_before_saying_what_was_answered_is_how_to_agree_later(chat, said):
    """It got the admin's policy change, which a muted attendee can do nothing with."""
    chat.say("so when i join my teams meetings now theres this popup about recording and i cant unmute")
    reply = chat.say(said)
    assert reply.text.startswith("Agreeing later, after declining or not answering") and asks(reply) == "check_consent"


def test_an_agent_asking_how_the_admin_changes_it_gets_the_consent_setting(agent_chat):
    agent_chat.say("user gets muted when recording starts and cant unmute")
    reply = agent_chat.say("how can the admin change it")
    assert "-ExplicitRecordingConsent" in reply.text


def test_what_banner_gets_what_the_consent_question_means(chat):
    chat.say("when the recording started i got muted and can't unmute")
    reply = chat.say("what banner?")
    assert reply.text.startswith("I mean the question Teams asks") and asks(reply) == "check_consent"


# Whole problems told mid-check, as people paste them: none is an answer to the question pending.
TOLD_MID_CHECK = ["record button is greyed out, what do i do",
                  "audio and video are out of sync in the recording, like 2 seconds off",
                  "IT Support: User needs to get the teams voice recording activated to record the meeting",
                  "I'm co-organizer, organizer is on leave, and record is greyed out for me",
                  "i clicked don't allow on the recording popup and now i cant unmute or turn on camera",
                  "information update: On TAC calling policies there is now an option for cloud recording"]


@pytest.mark.parametrize("told", TOLD_MID_CHECK)
def test_a_problem_told_mid_check_is_no_answer_to_the_policy_question(chat, told):
    at_the_policy_question(chat)
    chat.say(told)
    assert "check_policy" not in chat.session_answers()


@pytest.mark.parametrize("told", [*TOLD_MID_CHECK[:4], "no record option in a 1:1 call but it works in meetings. why"])
def test_a_problem_told_after_a_diagnosis_is_not_it_is_fixed(chat, told):
    chat.say("my meeting has no record button")
    chat.click("attendee")
    chat.say(told)
    assert chat.session_answers().get("diagnosis") != "fixed"


def test_speaker_names_in_a_transcript_are_no_presenter(chat):
    chat.say("my meeting has no record button")
    chat.say("speaker names in the transcript are wrong, can i edit them")
    assert "check_meeting_role" not in chat.session_answers()


# --- after a policy diagnosis, as a helpdesk agent goes on

def at_a_policy_diagnosis(agent_chat):
    agent_at_the_policy_question(agent_chat)
    agent_chat.click("off")
    assert agent_chat.state == "diagnosis"


def test_write_that_up_for_the_ticket_is_the_ticket(agent_chat):
    at_a_policy_diagnosis(agent_chat)
    assert agent_chat.say("can you write that up for the ticket").text.startswith("**Recording troubleshooting ticket**")


def test_what_do_i_tell_the_user_is_the_fix(agent_chat):
    at_a_policy_diagnosis(agent_chat)
    assert agent_chat.say("what do i tell the user").text.startswith("The fix:")


@pytest.mark.parametrize("said", ["do I need to restart teams?", "how long until it applies"])
def test_restarting_or_waiting_after_a_change_gets_how_long_it_takes(agent_chat, said):
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say(said)
    assert "can take up to 24 hours to take effect" in reply.text and agent_chat.state == "diagnosis"


def test_changed_minutes_ago_is_noted_with_how_long_it_takes(agent_chat):
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say("we changed it 10 min ago")
    assert reply.text.startswith("Noted: a policy was changed lately") and "24 hours" in reply.text


def test_after_a_fix_made_the_passing_test_is_no_contradiction_and_the_next_step_is_to_wait(agent_chat):
    """The ticket said the policy answer contradicted the test, and "escalate to Microsoft support", after the
    agent had turned the setting on and the test then passed, as it should."""
    at_a_policy_diagnosis(agent_chat)
    agent_chat.say("ok I flipped it to on")
    assert agent_chat.say("still not working").text.startswith("That's too soon to tell.")  # said at once
    agent_chat.say("still not working the next day")
    reply = agent_chat.click("all_passed")
    assert agent_chat.state == "escalate" and "contradict" not in reply.text
    assert "a policy was changed lately: a change to a meeting policy" in reply.text
    assert "Next step: confirm that recording works once the policy change has reached the person" in reply.text
    assert "contradictions" not in reply.value


def test_signed_out_and_back_in_and_nothing_is_not_fixed(agent_chat):
    at_a_policy_diagnosis(agent_chat)
    agent_chat.say("she signed out and back in, nothing")
    assert agent_chat.session_answers()["diagnosis"] == "not_fixed"



@pytest.mark.parametrize("said", ["ok I flipped it to on", "i enabled it", "ok changed it", "done, testing now",
                                  "done"])
def test_a_fix_just_made_is_no_verdict_and_gets_how_long_a_change_takes(agent_chat, said):
    """ "I flipped it to on" at "Did that fix it?" was read as fixed, from "on"; "ok changed it" as nothing."""
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say(said)
    assert "diagnosis" not in agent_chat.session_answers() and agent_chat.state == "diagnosis"
    assert reply.text.startswith("Good.") and "24 hours" in reply.text and asks(reply) == "diagnosis"
    assert "Noted: a policy was changed lately." in agent_chat.say("summary").text


@pytest.mark.parametrize("said", ["changed it and it works now", "turned it on, works now", "done, it works now"])
def test_a_fix_made_that_works_is_fixed(agent_chat, said):
    at_a_policy_diagnosis(agent_chat)
    agent_chat.say(said)
    assert agent_chat.session_answers()["diagnosis"] == "fixed"


@pytest.mark.parametrize("said", ["it worked, thanks!", "found it, works now thanks"])
def test_it_worked_thanks_at_did_that_fix_it_is_recorded_as_fixed(agent_chat, said):
    """It ended the check as "sorted" without the answer, so the ticket had no verdict on the fix."""
    at_a_policy_diagnosis(agent_chat)
    agent_chat.say(said)
    assert agent_chat.session_answers()["diagnosis"] == "fixed" and agent_chat.state == "resolved"


# Replies people wrote in public threads about Teams recording (MicrosoftDocs and Microsoft365DSC issues), to
# "did that work?": the verdict first, then details that made it a story or a PowerShell question.
@pytest.mark.parametrize("said, verdict", [
    ("Yes - Thanks. that worked! Although I am not sure on the Logic being applied by the cmdlet as my client has "
     "the combination AllowIPVideo: True and AllowIPAudio: False in their tenant.", "fixed"),
    ("Thank you very much. solved.", "fixed"),
    ("That works. Thanks!!", "fixed"),
    ("hmm... checked that already and also followed the execution", "not_fixed"),
])
def test_real_replies_to_did_that_work(agent_chat, said, verdict):
    at_a_policy_diagnosis(agent_chat)
    agent_chat.say(said)
    assert agent_chat.session_answers()["diagnosis"] == verdict


def test_no_further_help_is_required_stops_without_claiming_a_fix(agent_chat):
    """It was read as "no", not fixed, and the checks went on."""
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say("My question was a bit poorly worded; sorry. No further help is required.")
    assert agent_chat.state == "resolved" and "diagnosis" not in agent_chat.session_answers()
    assert reply.text.startswith("OK, I'll stop here.")


def test_the_organizer_making_an_attendee_presenter_is_the_fix_made_not_a_correction(chat):
    """ "done, he made me presenter" changed the answer from attendee to presenter and went on with the checks,
    as if attendee had been wrong; "i asked the organizer to make me presenter" did so before it was done."""
    chat.say("my meeting has no record button")
    chat.click("attendee")
    assert chat.say("ok i asked the organizer to make me presenter").text.startswith("No rush")
    reply = chat.say("done, he made me presenter")
    assert reply.text.startswith("Good. Try recording again") and chat.state == "diagnosis"
    assert chat.session_answers()["check_meeting_role"] == "attendee"
    chat.say("it works now thanks")
    assert chat.session_answers()["diagnosis"] == "fixed"


def test_actually_a_presenter_after_an_attendees_diagnosis_is_still_a_correction(chat):
    chat.say("my meeting has no record button")
    chat.click("attendee")
    assert "Changed the recorder's role" in chat.say("actually im a presenter, sorry").text


def test_done_after_running_the_test_is_no_fix_made(agent_chat):
    at_a_policy_diagnosis(agent_chat)
    agent_chat.say("no, keep checking")
    assert agent_chat.state == "run_diagnostic"
    assert "24 hours" not in agent_chat.say("ok done").text


@pytest.mark.parametrize("said", ["ok so thats the problem right?", "are you sure?", "is that definitely the cause?",
                                  "can you explain why"])
def test_doubting_the_cause_gets_the_answer_that_points_to_it(agent_chat, said):
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say(said)
    assert reply.text.startswith("Your answer **No, it's off** to \"Is **Meeting recording**")
    assert "pick **No, keep checking**" in reply.text and agent_chat.state == "diagnosis"


@pytest.mark.parametrize("said", ["what do i change", "what needs to change", "ok so thats the problem right? what do "
                                  "i change"])
def test_what_to_change_is_the_change(agent_chat, said):
    at_a_policy_diagnosis(agent_chat)
    assert "Set-CsTeamsMeetingPolicy -Identity POLICY-NAME -AllowCloudRecording $true" in agent_chat.say(said).text


@pytest.mark.parametrize("said", ["will that affect everyone?", "do i have to change it for the whole org",
                                  "can i just edit the global policy", "can we enable it just for her?"])
def test_whom_a_policy_change_reaches(agent_chat, said):
    agent_chat.say("troubleshoot for adele@contoso.com")
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say(said)
    assert reply.text.startswith("A change to a policy applies to everyone who has that policy")
    assert "Grant-CsTeamsMeetingPolicy -Identity adele@contoso.com" in reply.text


def test_whom_a_policy_change_reaches_for_an_end_user(chat):
    at_the_policy_question(chat)
    chat.click("off")
    reply = chat.say("will that affect everyone?")
    assert "That's a change your admin makes." in reply.text and "Grant-" not in reply.text

# --- what people say at any question that answers nothing: each got "I couldn't tell" or "I don't know that one"

@pytest.mark.parametrize("said, reply_starts", [
    ("what's TAC", "**TAC** is short for the Teams admin center"),
    ("can you check it for me", "I can't see your organization's settings"),
    ("is there a way to check myself", "Only an admin can see meeting policies"),
    ("how long will this take", "Sorry it takes a while"),
    ("ugh", "Sorry it takes a while"),
    ("you already asked that", "Sorry, I didn't catch that answer."),
    ("i told you already", "Sorry, I didn't catch that answer."),
    ("what was the question again", "I asked: Is **Meeting recording**"),
    ("sorry what", "I asked: Is **Meeting recording**"),
    ("does it matter that im on mac", "The guide's checks don't depend on the device or the app."),
    ("can i record with the mobile app?", "The guide's checks don't depend on the device or the app."),
    ("i asked my admin, waiting for reply", "No rush."),
    ("can i do this later", "No rush."),
])
def test_what_people_say_mid_check_gets_an_answer(chat, said, reply_starts):
    at_the_policy_question(chat)
    reply = chat.say(said)
    assert reply.text.startswith(reply_starts) and asks(reply) == "check_policy"
    assert "check_policy" not in chat.session_answers()


@pytest.mark.parametrize("said, answer", [("im the teacher", "organizer"), ("im a student", "attendee"),
                                           ("my colleague set it up, i just join", "attendee")])
def test_the_role_question_answered_in_other_words(chat, said, answer):
    chat.say("my meeting has no record button")
    chat.say(said)
    assert chat.session_answers()["check_meeting_role"] == answer


@pytest.mark.parametrize("said, answer", [("onedrive says 5 GB of 1 TB used", "yes"), ("her account was deleted", "no")])
def test_the_onedrive_question_answered_in_other_words(chat, said, answer):
    chat.say("my recording is nowhere to be found")
    chat.click("onedrive_check")
    chat.say(said)
    assert chat.session_answers()["check_onedrive"] == answer


@pytest.mark.parametrize("said, answer", [("i log in with my company email", "member"),
                                           ("from my personal outlook account", "federated")])
def test_how_one_joins_in_other_words(chat, said, answer):
    chat.say("my meeting has no record button")
    chat.click("presenter")
    chat.say(said)
    assert chat.session_answers()["check_auth_type"] == answer


def test_it_records_automatically_right_is_the_events_default(chat):
    chat.say("our town hall didnt record")
    reply = chat.say("it records automatically right?")
    assert reply.text.startswith("Town halls and webinars are recorded automatically by default")
    assert asks(reply) == "check_events_policy"


@pytest.mark.parametrize("said, answer", [("off for me, on for the organizer", "off"),
                                           ("on for me, off for my manager", "on")])
def test_a_value_said_of_the_organizers_policy_is_not_the_answer_for_ones_own(chat, said, answer):
    """ "Off for me, on for the organizer" was confirmed as on: the last value, which was the organizer's."""
    chat.say("I can't record in my manager's meetings")
    for given in ("unsure", "presenter", "member"):  # the organizer's policy, the role, how one joins
        chat.click(given)
    assert chat.state == "check_policy"
    chat.say(said)
    assert chat.session_answers()["check_policy"] == answer


def test_a_remark_said_again_is_not_noted_twice(chat):
    chat.say("my meeting has no record button")
    assert chat.say("it worked before").text.startswith("Noted: it worked before")
    reply = chat.say("it used to work")
    assert reply.text.startswith("Yes, I have that: recording worked before.") and asks(reply) == "check_meeting_role"


def test_the_admin_says_everything_is_enabled_is_the_policy_on_at_any_question(chat):
    chat.say("my meeting has no record button")
    reply = chat.say("admin says everything is enabled")
    assert reply.text.startswith("Got it: recording is on in your meeting policy.")
    assert chat.session_answers()["check_policy"] == "on" and chat.state == "check_meeting_role"


@pytest.mark.parametrize("said", ["i dont have access to the admin center", "im not the admin"])
def test_not_an_admin_after_a_diagnosis_is_who_makes_the_change(chat, said):
    at_the_policy_question(chat)
    chat.click("off")
    reply = chat.say(said)
    assert reply.text.startswith("That's a change your admin makes:") and "**summary**" in reply.text


def test_my_manager_says_i_should_be_able_to_record_gets_what_points_to_the_cause(chat):
    at_the_policy_question(chat)
    chat.click("off")
    assert "is what points to it" in chat.say("my manager says i should be able to record").text


# --- after where recordings go: where exactly, getting it sent, getting it back

def test_where_exactly_gets_the_recordings_folder(chat):
    chat.say("my recording is nowhere to be found")
    reply = chat.say("ok where exactly in onedrive")
    assert "in its **Recordings** folder" in reply.text and "don't know that one" not in reply.text


@pytest.mark.parametrize("said", ["can the organizer send it to me", "my manager organized it, can i see it?"])
def test_getting_the_recording_sent_is_who_shares_it(chat, said):
    chat.say("my recording is nowhere to be found")
    reply = chat.say(said)
    assert "permissions of its file" in reply.text and "don't know that one" not in reply.text


@pytest.mark.parametrize("said", ["is there a recycle bin", "how do i get it back", "will it come back?"])
def test_getting_a_recording_back_is_the_recycle_bin_or_the_21_days(chat, said):
    chat.say("my recording is nowhere to be found")
    reply = chat.say(said)
    assert "it can still be restored from there" in reply.text and "21 days" in reply.text
    assert "don't know that one" not in reply.text


def test_a_statement_that_answers_nothing_says_what_the_question_means(chat):
    chat.say("hi, my colleague cant record our weekly sync, she says the button is greyed out")
    reply = chat.say("yeah she's a member of the team")
    assert "couldn't tell" in reply.text and "I mean the part they have in this meeting" in reply.text
    assert asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("asked", ["what is a co-organizer?", "whats the difference between presenter and attendee"])
def test_what_a_role_is_gets_the_roles_and_who_of_them_can_record(chat, asked):
    chat.say("I can't record our team meeting")
    reply = chat.say(asked)
    assert "everyone else is an **attendee**" in reply.text and "decides whether they can record" in reply.text
    assert "can tell you which role" not in reply.text and asks(reply) == "check_meeting_role"


def test_not_sure_of_a_colleagues_role_then_told_it_records_it_and_says_so(chat):
    chat.say("hi, my colleague cant record our weekly sync, she says the button is greyed out")
    reply = chat.say("not sure about her role tbh")
    assert "which role they have" in reply.text and "which role you have" not in reply.text
    chat.say("ok let me ask her")
    reply = chat.say("she says she's a presenter")
    assert reply.text.startswith("Got it: they are a presenter.")
    assert chat.session_answers()["check_meeting_role"] == "presenter"


# --- what the agent's console already said goes into the commands

def test_the_pasted_calling_policy_is_the_one_the_fix_and_the_change_command_name(agent_chat):
    agent_chat.say("user jane.doe@contoso.com can't record her 1:1 calls with customers, meetings are fine")
    agent_chat.say("TeamsCallingPolicy : Sales Calling")
    reply = agent_chat.say("ok and the policy has AllowCloudRecordingForCalls : False")
    command = 'Set-CsTeamsCallingPolicy -Identity "Sales Calling" -AllowCloudRecordingForCalls $true'
    assert agent_chat.state == "diagnosis" and "in **Sales Calling**" in reply.text and command in reply.text
    assert "Get-CsOnlineUser" not in reply.text  # no need to look up which policy: it was pasted
    assert command in agent_chat.say("how do I change it").text


def test_the_pasted_meeting_policy_is_the_one_the_fix_names(agent_chat):
    agent_chat.say("adele@contoso.com can't record her meeting, she is the organizer, internal user")
    agent_chat.say("TeamsMeetingPolicy : RestrictedRecording")
    reply = agent_chat.say("AllowCloudRecording : False")
    assert agent_chat.state == "diagnosis"
    assert "Set-CsTeamsMeetingPolicy -Identity RestrictedRecording -AllowCloudRecording $true" in reply.text


def test_without_a_pasted_policy_the_commands_keep_their_placeholder(agent_chat):
    agent_chat.say("user can't record 1:1 calls, meetings work")
    agent_chat.say("it's off")
    assert "-Identity POLICY-NAME" in agent_chat.say("how do I change it").text


@pytest.mark.parametrize("name, argument", [("Global", "Global"), ("Sales Calling", '"Sales Calling"'),
                                            ("Tag-Recording.v2", "Tag-Recording.v2"), ('x"; Remove-Item', None),
                                            ("a$(whoami)", None), ("", None), (None, None)])
def test_only_a_plain_policy_name_goes_into_a_command(name, argument):
    from dialogs.compose import policy_argument
    assert policy_argument(name) == argument


# --- a rambling end user who changes their mind about a channel

def test_nobody_could_find_the_recording_is_where_recordings_go(chat):
    chat.say("ugh teams again. so yesterday we had the quarterly review and nobody could find the recording "
             "afterwards, my manager is furious")
    assert chat.session["topic"] == "storage_location" and chat.state == "offer"


def test_a_channel_said_then_taken_back_is_where_a_meetings_recording_goes_not_a_goodbye(chat):
    chat.say("nobody could find the recording of our review")
    reply = chat.say("it was in a channel i think? not 100%")
    assert "channel's files" in reply.text and chat.session["flags"] == ["channel"]
    reply = chat.say("no wait it wasn't a channel meeting, it was a normal invite from outlook")
    assert chat.state == "offer" and "Glad I could help" not in reply.text
    assert reply.text.startswith("Got it: not a channel meeting") and "organizer's OneDrive" in reply.text
    assert chat.session["flags"] == []
    reply = chat.say("who can see it once it's found?")
    assert "permissions of its file in OneDrive or SharePoint" in reply.text


@pytest.mark.parametrize("said, counts", [
    ("no wait it wasn't a channel meeting", "it wasn't a channel meeting"),
    ("wait no, my boss set it up", "my boss set it up"),
    ("no wait", "no wait"),  # nothing after it: the message stands as it is
    ("no sorry it's not", "it's not"),
])
def test_a_take_back_at_the_start_of_a_message_leaves_what_follows(said, counts):
    from dialogs.reading import what_counts
    assert what_counts(said) == counts


def test_a_partners_own_company_account_is_federated_not_a_member(agent_chat):
    agent_chat.say("hey, ticket INC0098765 - user says recording button missing in teams, she's a guest from our "
                   "partner company joining our project meetings")
    reply = agent_chat.say("yes she's signed in with their own company account, not a guest account actually")
    assert agent_chat.session_answers()["check_auth_type"] == "federated" and agent_chat.state == "diagnosis"
    assert "From another organization (federated)" in reply.text
    reply = agent_chat.say("ok can we just make her a co-organizer?")
    assert reply.text.startswith("That won't help: a role doesn't change it for someone who joins from outside")
    assert "The fix: a member of the organizer's organization starts the recording." in reply.text


@pytest.mark.parametrize("said", ["signed in with my own company account", "she uses her work account",
                                  "with her own work account"])
def test_ones_own_work_account_is_still_a_member(chat, said):
    chat.say("my colleague can't record our meeting" if said.startswith("she") or "her" in said
             else "I can't record our meeting")
    chat.say("organizer" if "my own" in said else "she's a presenter")
    chat.say(said)
    assert chat.session_answers()["check_auth_type"] == "member"


def test_an_organizer_asking_how_to_know_their_events_policy_is_told_it_is_theirs(chat):
    chat.say("hello! I run a monthly town hall for our department and this time the recording just didn't happen")
    chat.say("yes I'm the organizer")
    reply = chat.say("how would I know what events policy I have")
    assert "the events policy assigned to you, as the organizer" in reply.text


def test_a_recording_that_stopped_after_like_4_hours_gets_the_length_limit_then_asked_again(agent_chat):
    reply = agent_chat.say("Hi, I have a user (tom.h@contoso.com) who says the recording stopped by itself after "
                           "like 4 hours in a long workshop, and the recording is only partial")
    assert "maximum length of one meeting recording is 4 hours" in reply.text
    reply = agent_chat.say("is there a way to record longer?")
    assert "no policy or meeting option raises it" in reply.text and "I don't know that one" not in reply.text


def test_cant_record_meeting_says_it_is_a_meeting(chat):
    reply = chat.say("cant record meeting")
    assert chat.session_answers() == {"check_meeting_type": "meeting"} and asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("pending, answers, expected", [
    ("check_meeting_role", [], "everyone else is an **attendee**"),
    ("check_auth_type", ["organizer"], "An **external** (federated) user"),
])
def test_a_bare_whats_the_difference_is_about_the_choices_of_the_question(chat, pending, answers, expected):
    chat.say("cant record meeting")
    for answer in answers:
        chat.say(answer)
    assert chat.state == pending
    reply = chat.say("what's the difference anyway")
    assert expected in reply.text and "couldn't tell" not in reply.text and asks(reply) == pending


def test_a_question_the_guide_lacks_starting_whats_is_not_taken_for_a_statement(chat):
    chat.say("cant record meeting")
    reply = chat.say("what's the weather like")
    assert "couldn't tell how that answers" not in reply.text


@pytest.mark.parametrize("said", ["not sure", "idk", "no idea tbh"])
def test_not_sure_at_what_next_explains_the_next_steps(chat, said):
    chat.say("where did my recording go")
    assert chat.state == "offer"
    reply = chat.say(said)
    assert "couldn't tell" not in reply.text and "pick a next step below" in reply.text and chat.state == "offer"


# --- PowerShell's own error pasted instead of its output

NOT_LOADED = """Get-CsOnlineUser : The term 'Get-CsOnlineUser' is not recognized as the name of a cmdlet, function, script
file, or operable program.
At line:1 char:1
+ Get-CsOnlineUser -Identity megan@contoso.com
+ ~~~~~~~~~~~~~~~~
    + CategoryInfo          : ObjectNotFound: (Get-CsOnlineUser:String) [], CommandNotFoundException"""
NOT_CONNECTED = "Get-CsOnlineUser : You must call the Connect-MicrosoftTeams cmdlet before calling any other cmdlets."
NOT_FOUND = """Get-CsTeamsMeetingPolicy : Management object not found for identity Salez.
    + CategoryInfo          : ObjectNotFound: (:) [Get-CsTeamsMeetingPolicy], ManagementObjectNotFoundException"""
DENIED = """Get-CsOnlineUser : Access Denied
    + FullyQualifiedErrorId : Forbidden,Microsoft.Teams.ConfigApi.Cmdlets.GetCsOnlineUser"""


@pytest.mark.parametrize("pasted, says", [
    (NOT_LOADED, "Install-Module -Name MicrosoftTeams"), (NOT_CONNECTED, "`Connect-MicrosoftTeams` before running"),
    (NOT_FOUND, "it found no such user or policy"), (DENIED, "Sign in with an admin account")])
def test_a_pasted_powershell_error_says_what_to_do_and_keeps_the_question(agent_chat, pasted, says):
    agent_chat.say("user megan@contoso.com cannot record teams meetings, she's the organizer")
    pending = agent_chat.state
    reply = agent_chat.say(pasted)
    assert reply.text.startswith("That's PowerShell's error, not the output") and says in reply.text
    assert "couldn't tell" not in reply.text and agent_chat.state == pending and asks(reply) == pending
    assert agent_chat.session_answers() == {"check_meeting_type": "meeting", "check_meeting_role": "organizer"}


@pytest.mark.parametrize("said", ["the recording was not found anywhere", "access denied when I open the recording",
                                  "Get-CsOnlineUser says the policy is Global"])
def test_words_like_an_error_in_a_sentence_are_not_a_powershell_error(said):
    from dialogs.pasted import powershell_error
    assert powershell_error(said) is None


def test_a_call_that_grew_is_still_a_call_and_its_idk_is_not_the_policys(chat):
    chat.say("i cant record")
    chat.say("it's a call")
    reply = chat.say("well actually it started as a call and then I added more people and it became a meeting?? idk")
    assert chat.session_answers() == {"check_meeting_type": "call"} and chat.state == "check_calling_policy"
    assert reply.text.startswith("Yes, I have that: it's a call.")


@pytest.mark.parametrize("asked", ["so what is it then", "whats the problem then?", "ok so what's causing it"])
def test_so_what_is_it_then_mid_check_says_why_this_question_is_next(chat, asked):
    chat.say("i cant record")
    chat.say("it's a call")
    chat.say("my admin says recording for calls is on")
    reply = chat.say(asked)
    assert "this question is the next one" in reply.text and "I don't know that one" not in reply.text


def test_after_a_channel_meeting_what_next_offers_no_onedrive_check_and_it_comes_back_if_taken_back(chat):
    reply = chat.say("nobody could find the recording of our review")
    assert "onedrive_check" in [d.get("answer") for d in submits(reply)]
    reply = chat.say("it was in a channel i think")
    assert "onedrive_check" not in [d.get("answer") for d in submits(reply)]
    reply = chat.say("no wait it wasn't a channel meeting")
    assert "onedrive_check" in [d.get("answer") for d in submits(reply)]


@pytest.mark.parametrize("said", ["escalate", "escalate it please", "Escalate to Microsoft", "hand it over",
                                  "not sure, can you escalate this", "no idea. just escalate it"])
def test_escalate_typed_mid_check_escalates_with_the_checks_not_done_on_the_ticket(agent_chat, said):
    agent_chat.say("user can't record meetings")
    reply = agent_chat.say(said)
    assert reply.text.startswith("Escalated before the checks were done") and "couldn't tell" not in reply.text
    assert "Status: **escalated**" in reply.text and "carry on with the checks" not in reply.text
    assert "Not checked: the recorder's role in the meeting; who organized the meeting;" in reply.text
    assert "whoever takes it runs the checks not done first" in reply.text
    assert agent_chat.state == "escalate" and reply.value["ticket"]["status"] == "escalated"


def test_an_agent_escalating_after_two_answers_has_them_on_the_ticket_and_the_rest_not_checked(agent_chat):
    agent_chat.say("troubleshoot for jane.doe@contoso.com")
    agent_chat.say("she cant record, button greyed out, INC0044556")
    agent_chat.say("she's the organizer, its her weekly team meeting")
    reply = agent_chat.say("escalate it")
    assert "INC0044556" in reply.text and "- The recorder's role in the meeting: **Organizer** (typed)" in reply.text
    assert "Not checked: how the recorder joins; the recorder's Allow cloud recording; the Teams Meeting " \
           "Recording Test" in reply.text
    assert "Cause: none found yet." in reply.text


def test_escalate_at_a_diagnosis_not_yet_fixed_is_the_escalation_with_the_cause(agent_chat):
    agent_chat.say("user can't record, she's only an attendee in the meeting")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("escalate it")
    assert agent_chat.state == "escalate" and "Status: **escalated**" in reply.text
    assert reply.text.startswith("The checks found a cause, but it isn't fixed yet.")


def test_escalate_this_at_what_next_is_the_tickets_button(chat):
    chat.say("cant find my recording from yesterday")
    reply = chat.say("escalate this please")
    assert chat.state == "escalate" and "Forward this summary to your helpdesk" in reply.text


def test_summary_mid_check_is_still_the_ticket_so_far(agent_chat):
    agent_chat.say("user can't record meetings")
    reply = agent_chat.say("summary")
    assert reply.text.startswith("**Recording troubleshooting ticket**") and "Status: **open**" in reply.text
    assert "Not checked" not in reply.text and agent_chat.state == "check_meeting_role"


@pytest.mark.parametrize("said", ["talk to a human", "can I speak to someone from IT", "is this a bot?",
                                  "this is useless", "can you just fix it"])
def test_asking_for_a_person_gets_the_ticket_offer_and_the_question_stays(chat, said):
    chat.say("I can't record our team meeting")
    reply = chat.say(said)
    assert "can't hand you over to a person" in reply.text and "**summary**" in reply.text
    assert "couldn't tell" not in reply.text and asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("said", ["I already restarted teams", "cleared the cache already", "we reinstalled it"])
def test_what_they_already_tried_mid_check_gets_why_this_question_is_next(chat, said):
    chat.say("I can't record our team meeting")
    reply = chat.say(said)
    assert "this question is the next one" in reply.text and asks(reply) == "check_meeting_role"


def test_still_greyed_out_after_a_diagnosis_is_keep_checking(chat):
    chat.say("I can't record, I'm just an attendee in the meeting")
    assert chat.state == "diagnosis"
    chat.say("it's greyed out")
    assert chat.session_answers()["diagnosis"] == "not_fixed" and chat.state != "diagnosis"


def test_the_ticket_names_the_policy_the_agent_pasted(agent_chat):
    agent_chat.say("INC0045123 - adele.vance@contoso.com cant record her weekly team meeting, she organizes it, "
                   "normal work account")
    agent_chat.say("TeamsMeetingPolicy : Sales Meetings")
    agent_chat.say("AllowCloudRecording : False")
    ticket = agent_chat.say("summary").text
    assert "Policies assigned to the person: meeting policy **Sales Meetings**." in ticket
    assert ticket.startswith("**Recording troubleshooting ticket** · INC0045123")


# --- session 38: replies read as something else, found typing conversations the way people do

def test_he_made_me_a_presenter_at_the_attendee_confirmation_is_the_role_not_who_organized_it(chat):
    chat.say("hi, my manager asked me to record our weekly standup but there's no record option")
    chat.say("it's a teams meeting, my manager set it up")
    chat.say("im just an attendee I think? not sure what role I have")
    reply = chat.say("oh wait he said he made me a presenter yesterday")
    assert chat.session_answers()["check_meeting_role"] == "presenter"
    assert chat.session_answers()["check_organizer"] == "someone_else"
    assert "Changed who organized" not in reply.text


def test_a_correction_names_an_earlier_answer_in_its_own_words_not_inside_another_word():
    """ "me" answers "who organized it?", but the "me" of "meeting" does not."""
    from dialogs.corrections import names
    assert names("check_organizer", "me", "it was me")
    assert not names("check_organizer", "me", "it's a presenter role in this meeting")


@pytest.mark.parametrize("said", ["no, I'm not", "nope not me", "yeah thats me"])
def test_a_yes_or_no_said_of_a_person_at_the_policy_question_records_no_setting(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)
    assert "check_policy" not in chat.session_answers() and asks(reply) == "check_policy"


@pytest.mark.parametrize("said", ["no I'm afraid not", "yes I'm sure", "no, not for me"])
def test_a_polite_yes_or_no_at_the_policy_question_is_still_the_setting(chat, said):
    at_the_policy_question(chat)
    chat.say(said)
    assert chat.session_answers().get("check_policy") in ("on", "off") or chat.last.outcome == "confirm"


def test_not_the_organizer_no_takes_the_organizer_back(chat):
    at_the_policy_question(chat)
    chat.say("not the organizer no")
    answers = chat.session_answers()
    assert "check_meeting_role" not in answers and answers["check_organizer"] == "someone_else"
    assert "check_policy" not in answers


@pytest.mark.parametrize("said", ["hold on let me check with IT", "hang on, let me ask my manager", "didnt try yet"])
def test_putting_the_answer_off_is_waited_for(chat, said):
    at_the_policy_question(chat) if said != "didnt try yet" else chat.say("I can't record, I'm just an attendee")
    pending = chat.state
    reply = chat.say(said)
    assert chat.last.outcome == "waiting" and chat.state == pending and "couldn't tell" not in reply.text


def test_can_you_just_tell_me_whats_wrong_says_the_bot_cannot_see_the_settings(chat):
    at_the_policy_question(chat)
    reply = chat.say("can you just tell me whats wrong")
    assert "I can't see your organization's settings" in reply.text and "I don't know that one" not in reply.text


@pytest.mark.parametrize("said", ["can you write that up so I can send it to IT", "give me something I can send to my admin"])
def test_asking_for_a_write_up_in_a_sentence_is_the_summary(chat, said):
    chat.say("I can't record, I'm just an attendee")
    reply = chat.say(said)
    assert chat.last.outcome == "command:summary" and "troubleshooting ticket" in reply.text


def test_so_basically_i_cant_record_at_a_diagnosis_points_to_the_cause(chat):
    chat.say("I can't record, I'm just an attendee")
    reply = chat.say("so basically I cant record?")
    assert "**Attendee**" in reply.text and "I don't know that one" not in reply.text


def test_i_already_told_you_with_the_same_answer_says_it_is_held(chat):
    at_the_policy_question(chat)
    chat.click("off")
    reply = chat.say("I already told you I'm the organizer")
    assert reply.text.startswith("Yes, I have that: you organize it.")


def test_a_meeting_named_in_passing_in_a_long_message_is_not_said_back(chat):
    chat.say("my meeting has no record button")
    chat.click("attendee")
    assert chat.state == "diagnosis"
    reply = chat.say("she says she's definitely an attendee in that meeting")
    assert "Got it: it's a meeting" not in reply.text


@pytest.mark.parametrize("said, answer", [("its at 98%", "full"), ("it's 99% full", "full"), ("only 40% used", "yes")])
def test_how_full_the_onedrive_is_in_percent(chat, said, answer):
    chat.say("my recording is nowhere to be found")
    chat.click("onedrive_check")
    chat.say(said)
    assert chat.session_answers()["check_onedrive"] == answer


def test_a_meeting_of_two_hours_that_went_missing_is_about_where_it_went_not_the_length_limit(chat):
    reply = chat.say("so yesterday I recorded our all hands and now I cant find the recording anywhere?? it was "
                     "like 2 hours long")
    assert "OneDrive" in reply.text and "4 hours" not in reply.text


def test_an_agent_asking_how_to_check_a_named_policy_gets_its_powershell(agent_chat):
    agent_chat.say("user says the record button is greyed out for her in every meeting, jane.doe@contoso.com")
    agent_chat.say("TeamsMeetingPolicy : RestrictedRecording")
    reply = agent_chat.say("how do I check what that policy has for recording?")
    assert "Get-CsTeamsMeetingPolicy -Identity RestrictedRecording" in reply.text


@pytest.mark.parametrize("said", ["my colleague can record the same meeting but I cant", "everyone else can record except me",
                                  "I cant record but my manager can"])
def test_others_recording_in_the_same_meetings_is_noted_and_points_at_the_person(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)
    assert "what differs is you" in reply.text and "couldn't tell" not in reply.text
    assert asks(reply) == "check_policy" and "check_policy" not in chat.session_answers()
    assert "others can record in the same meetings" in chat.say("summary").text


def test_others_recording_said_in_the_first_message_goes_on_the_ticket(chat):
    chat.say("my colleague can record our team meeting but I can't, no button")
    assert chat.session["flags"] == ["others_can"]
    assert "Noted: others can record in the same meetings." in chat.say("summary").text


def test_the_button_is_there_but_greyed_out_mid_check_is_the_problem_the_checks_are_on(chat):
    chat.say("my meeting has no record button")
    reply = chat.say("the button is there but it's greyed out")
    assert "this question is the next one" in reply.text and asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("said,outcome", [("can i get the ticket notes", "command:summary"),
                                          ("i'll escalate this one", "escalated")])
def test_an_agent_asking_for_the_ticket_in_a_sentence_gets_it(agent_chat, said, outcome):
    agent_chat.say("user can't record teams meeting, he's the organizer")
    reply = agent_chat.say(said)
    assert agent_chat.last.outcome == outcome and "Whiteboards" not in reply.text
    assert "**Recording troubleshooting ticket**" in reply.text


def test_an_agent_stating_the_policy_setting_ahead_of_its_question_is_noted(agent_chat):
    agent_chat.say("user can't record teams meeting, he's the organizer")
    reply = agent_chat.say("AllowCloudRecording is set to true on her policy")
    assert agent_chat.session_answers()["check_policy"] == "on" and "Got it: recording is on" in reply.text


def test_an_agent_telling_the_test_result_ahead_of_its_question_gets_the_diagnosis(agent_chat):
    agent_chat.say("user can't record teams meeting, he's the organizer")
    agent_chat.say("ran the test, it says user is not enabled for cloud recording")
    assert agent_chat.session_answers()["run_diagnostic"] == "user_not_enabled" and agent_chat.state == "diagnosis"


def test_an_agent_listing_facts_after_cant_record_gets_the_checks_not_is_it_one_of_these(agent_chat):
    agent_chat.say("troubleshoot for lee.gu@contoso.com - can't record, organizer of the meeting, internal")
    assert agent_chat.session["topic"] == "start" and agent_chat.state == "check_policy"
    assert agent_chat.session_answers() == {"check_meeting_type": "meeting", "check_meeting_role": "organizer",
                                            "check_auth_type": "member"}


GLOBAL_ON = """PS C:\\> Get-CsTeamsMeetingPolicy -Identity Global | fl AllowCloudRecording

AllowCloudRecording                 : True"""
ASSIGNED = """Get-CsOnlineUser lee.gu@contoso.com | select TeamsMeetingPolicy

TeamsMeetingPolicy
------------------
Sales-NoRecord"""


def test_the_global_policy_checked_first_is_set_aside_when_another_turns_out_to_be_assigned(agent_chat):
    agent_chat.say("troubleshoot for lee.gu@contoso.com - can't record, organizer of the meeting, internal")
    agent_chat.say(GLOBAL_ON)
    assert agent_chat.session_answers()["check_policy"] == "on"
    reply = agent_chat.say(ASSIGNED)
    assert "check_policy" not in agent_chat.session_answers() and agent_chat.state == "check_policy"
    assert "The setting pasted earlier was **Global**'s" in reply.text
    assert "Get-CsTeamsMeetingPolicy -Identity Sales-NoRecord" in reply.text
    agent_chat.say("Get-CsTeamsMeetingPolicy -Identity Sales-NoRecord | fl AllowCloudRecording\n"
                   "AllowCloudRecording : False")
    assert agent_chat.session_answers()["check_policy"] == "off" and agent_chat.state == "diagnosis"


@pytest.mark.parametrize("said", ['they assigned her a custom policy "Sales-NoRecord" a while ago actually',
                                  "oh wait, he's on the Sales-NoRecord policy", "he has a custom policy called Sales-NoRecord",
                                  "we gave him a different meeting policy named Sales-NoRecord last year"])
def test_the_global_policy_checked_first_is_set_aside_when_the_agent_says_another_is_assigned(agent_chat, said):
    agent_chat.say("troubleshoot for lee.gu@contoso.com - can't record, organizer of the meeting, internal")
    agent_chat.say(GLOBAL_ON)
    reply = agent_chat.say(said)
    assert "check_policy" not in agent_chat.session_answers() and agent_chat.state == "check_policy"
    assert "The setting pasted earlier was **Global**'s" in reply.text
    assert "Get-CsTeamsMeetingPolicy -Identity Sales-NoRecord" in reply.text
    assert "policy_changed" not in agent_chat.session["flags"], "a policy assigned is not a policy changed lately"


def test_an_end_user_told_which_policy_they_have_is_not_asked_for_powershell(chat):
    at_the_policy_question(chat)
    reply = chat.say("IT told me I'm on a custom policy called NoRecording")
    assert "Noted: the meeting policy is **NoRecording**." in reply.text and "paste" not in reply.text.lower()
    assert asks(reply) == "check_policy" and "check_policy" not in chat.session_answers()


@pytest.mark.parametrize("said", ["recording is on in the Teams meeting policy", "she is on the same policy as me",
                                  "he has a policy that blocks it"])
def test_words_about_a_policy_that_name_none_note_no_policy(agent_chat, said):
    agent_at_the_policy_question(agent_chat)
    agent_chat.say(said)
    assert agent_chat.session.get("policies", {}) == {}


GLOBAL_OFF = "Identity            : Global\nAllowMeetNow        : True\nAllowCloudRecording : False"


def test_asked_whether_global_is_right_then_shown_it_is_the_assigned_one_the_diagnosis_stands(agent_chat):
    agent_chat.say("troubleshoot for megan@contoso.com")
    agent_chat.say("she can't record her team meetings, she's the organizer, internal user")
    agent_chat.say(GLOBAL_OFF)
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("is this the right policy? she might have a different one")
    assert "Get-CsOnlineUser -Identity megan@contoso.com" in reply.text
    reply = agent_chat.say("UserPrincipalName : megan@contoso.com\nTeamsMeetingPolicy : \nTeamsCallingPolicy : Tag:AllowCalling")
    assert "the answer read from it stands" in reply.text and "paste that policy" not in reply.text
    assert agent_chat.state == "diagnosis" and agent_chat.session_answers()["check_policy"] == "off"


def test_an_agents_one_line_case_with_a_table_paste_and_the_test_result_typed(agent_chat):
    agent_chat.say('troubleshoot for ana@contoso.com - she gets "This meeting can\'t be recorded" , organizer is her, '
                   'internal')
    assert agent_chat.state == "check_policy"
    assert agent_chat.session_answers()["check_meeting_role"] == "organizer"
    reply = agent_chat.say("Get-CsOnlineUser ana@contoso.com | select TeamsMeetingPolicy,TeamsCallingPolicy\n\n"
                           "TeamsMeetingPolicy TeamsCallingPolicy\n------------------ ------------------\n"
                           "                   Tag:AllowCalling")
    assert "Noted: the meeting policy is **Global**, the calling policy is **AllowCalling**" in reply.text
    agent_chat.say("AllowCloudRecording : True")
    agent_chat.say("ran the recording test, says tenant not configured")
    assert agent_chat.session_answers()["run_diagnostic"] == "tenant_config" and agent_chat.state == "diagnosis"


def test_shes_on_global_is_the_meeting_policy_said(agent_chat):
    agent_at_the_policy_question(agent_chat)
    assert "Noted: the meeting policy is **Global**" in agent_chat.say("so she's on global").text
    agent_chat.say("she is a global admin btw")
    assert agent_chat.session["policies"] == {"meeting": "Global"}


def test_global_for_calling_is_the_calling_policy_and_the_pasted_answer_stands(agent_chat):
    agent_chat.say("user jane@contoso.com can't record 1:1 calls")
    agent_chat.say("Get-CsTeamsCallingPolicy -Identity Global | fl AllowCloudRecordingForCalls\n\n"
                   "AllowCloudRecordingForCalls : False")
    reply = agent_chat.say("she's on global for calling too, i checked")
    assert "Noted: the calling policy is **Global**" in reply.text and "the answer read from it stands" in reply.text


def test_the_global_policy_pasted_after_another_is_known_to_be_assigned_is_not_used(agent_chat):
    agent_chat.say("troubleshoot for lee.gu@contoso.com - can't record, organizer of the meeting, internal")
    agent_chat.say(ASSIGNED)
    reply = agent_chat.say(GLOBAL_ON)
    assert "check_policy" not in agent_chat.session_answers()
    assert "That output is for the policy **Global**, but the person has **Sales-NoRecord**" in reply.text


def test_is_global_the_one_assigned_asks_how_to_check_the_policy(agent_chat):
    agent_chat.say("troubleshoot for lee.gu@contoso.com - can't record, organizer of the meeting, internal")
    agent_chat.say(GLOBAL_ON)
    reply = agent_chat.say("but wait, is Global the one assigned to him? how do I check")
    assert "Get-CsOnlineUser -Identity lee.gu@contoso.com" in reply.text


def test_muted_after_saying_no_to_the_recording_popup_is_the_consent_problem(chat):
    chat.say("ugh. so every time someone starts recording in our team meetings I get this popup and if I say no "
             "I get muted?? is that normal")
    assert chat.submits[0]["data"]["answer"] == "recording_consent"  # the likeliest of "Is it one of these?"
    chat.say("I said no because I didnt want to be recorded lol")
    assert chat.state == "diagnosis" and chat.session["topic"] == "recording_consent"
    reply = chat.say("so I can't talk at all unless I agree?")
    assert "is view-only" in reply.text and "I don't know that one" not in reply.text
    reply = chat.say("ok whatever, thanks")
    assert chat.last.outcome == "dropped:abandon" and "couldn't tell" not in reply.text


def test_someone_recorded_it_but_nobody_can_find_it_is_where_recordings_go(chat):
    reply = chat.say("hey so we had our sprint review in the dev channel yesterday and someone recorded it but now "
                     "nobody can find it")
    assert chat.session["topic"] == "storage_location" and "Recordings" in reply.text


def test_ill_check_with_him_at_is_it_one_of_these_waits(chat):
    chat.say("issue with the recording of our sprint review yesterday")
    assert chat.state == "clarify"
    reply = chat.say("ok ill check with him")
    assert chat.last.outcome == "waiting" and chat.state == "clarify" and "No rush" in reply.text
    chat.say("let me check, she cant record at all")
    assert chat.session["topic"] == "start"


@pytest.mark.parametrize("said", ["wait which policy are we talking about", "is it my policy or the organizers you need"])
def test_which_policy_is_meant_gets_whose_policy_the_question_is_about(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)
    assert "the meeting policy assigned to you" in reply.text
    assert "couldn't tell" not in reply.text and "I don't know that one" not in reply.text


@pytest.mark.parametrize("said, role", [("I'm one of the organizers, there are three of us", "co_organizer"),
                                        ("the comms team runs it, I just present", "presenter")])
def test_a_town_hall_role_said_at_the_events_question_is_noted(chat, said, role):
    chat.say("our town hall didnt record")
    assert chat.state == "check_events_policy"
    chat.say(said)
    assert chat.session_answers()["check_meeting_role"] == role
    assert chat.session_answers()["check_organizer"] == "someone_else"


def test_we_did_it_last_month_no_problem_is_noted_as_worked_before(chat):
    chat.say("our town hall didnt record")
    reply = chat.say("we did it last month no problem")
    assert "it worked before" in reply.text and chat.session["flags"] == ["worked_before"]


@pytest.mark.parametrize("said", ["the organizer is gone, left in march", "she's gone"])
def test_an_organizer_who_has_left_at_the_onedrive_question_has_no_onedrive(chat, said):
    chat.say("my recording is nowhere to be found")
    chat.click("onedrive_check")
    chat.say(said)
    assert chat.session_answers()["check_onedrive"] == "no" and chat.state == "diagnosis"


def test_someone_who_left_the_meeting_early_says_nothing_of_the_onedrive(chat):
    chat.say("my recording is nowhere to be found")
    chat.click("onedrive_check")
    chat.say("she left the meeting early")
    assert "check_onedrive" not in chat.session_answers()


def test_an_escalation_after_a_policy_changed_this_morning_says_to_try_again_first_in_the_ticket_too(agent_chat):
    agent_chat.say("user can't record teams meeting, he's the organizer")
    agent_chat.click("member")
    agent_chat.say("checked in TAC, looks fine, the admin enabled it this morning")
    reply = agent_chat.say("everything passed")
    assert agent_chat.state == "escalate" and "Wait before escalating" in reply.text
    assert "Next step: try again once the policy change has reached the person" in reply.text


def test_no_then_the_symptom_at_a_policy_question_is_the_problem_told_again_not_off(chat):
    chat.say("i cannot record our teams call with a customer")
    assert chat.state == "check_calling_policy"
    reply = chat.say("nope, no record option at all in the ... menu")
    assert "check_calling_policy" not in chat.session_answers() and asks(reply) == "check_calling_policy"
    assert reply.text.startswith("I go through the causes Microsoft's guide lists, one at a time")


def test_no_then_the_setting_at_a_policy_question_is_still_off(chat):
    chat.say("i cannot record our teams call with a customer")
    chat.say("no, its off, so no record option")
    assert chat.session_answers()["check_calling_policy"] == "off"


def test_no_admin_rights_at_did_that_fix_it_is_not_not_fixed_but_who_makes_the_change(chat):
    at_the_policy_question(chat)
    chat.click("off")
    reply = chat.say("i dont have admin rights")
    assert chat.state == "diagnosis" and "diagnosis" not in chat.session_answers()
    assert reply.text.startswith("That's a change your admin makes")


def test_no_admin_rights_at_the_policy_question_is_not_off(chat):
    at_the_policy_question(chat)
    reply = chat.say("i dont have admin rights")
    assert chat.session_answers().get("check_policy") != "off" and asks(reply) == "check_policy"
    assert reply.text.startswith("Only an admin can see meeting policies.")


def test_still_not_working_minutes_after_a_policy_change_is_too_soon_to_tell(agent_chat):
    agent_at_the_policy_question(agent_chat)
    agent_chat.say("its off in his policy")
    agent_chat.say("done, changed it to true")
    reply = agent_chat.say("he says its still greyed out after 10 min")
    assert agent_chat.state == "diagnosis" and "diagnosis" not in agent_chat.session_answers()
    assert reply.text.startswith("That's too soon to tell. As above, a change takes hours to reach people")
    reply = agent_chat.say("it's been like 10 min")  # the minutes alone, said again: the same, not the 24 hours again
    assert reply.text.startswith("That's too soon to tell. As above") and "24 hours" not in reply.text
    agent_chat.say("still nothing the next day")
    assert agent_chat.session_answers()["diagnosis"] == "not_fixed"


def test_still_not_working_with_no_change_made_goes_on_with_the_checks(chat):
    at_the_policy_question(chat)
    chat.click("off")
    chat.say("still greyed out after 10 min")
    assert chat.session_answers()["diagnosis"] == "not_fixed"


def test_asking_what_to_tell_it_gets_the_summary_to_send(chat):
    chat.say("record button missing in a webinar")
    chat.say("im a co-organizer")
    reply = chat.say("can you just tell me what to ask IT for?")
    assert "Status: **open**" in reply.full and chat.state == "check_auth_type"


@pytest.mark.parametrize("said", ["Global", "its the global one", "Global (Org-wide default)"])
def test_the_policy_named_alone_is_noted_as_the_assigned_one(agent_chat, said):
    agent_at_the_policy_question(agent_chat)
    reply = agent_chat.say(said)
    assert reply.text.startswith("Noted: the meeting policy is **Global**.") and agent_chat.state == "check_policy"


def test_a_team_lead_telling_of_the_team_is_asked_about_them_and_their_own_meetings_are_theirs(chat):
    reply = chat.say("Hi, since Monday none of my team can record meetings. The record button is just gone.")
    assert asks(reply) == "check_meeting_role" and "the person" in reply.card["body"][0]["text"]
    chat.say("they're mostly organizers of their own meetings")
    assert chat.session_answers()["check_meeting_role"] == "organizer"
    assert "check_organizer" not in chat.session_answers()
    chat.say("yes all internal")
    reply = chat.say("no idea, I'm not in IT")
    assert "assigned to them" in reply.text and "assigned to you" not in reply.text
    reply = chat.say("ok I'll forward this to IT")
    assert "Recording troubleshooting ticket" in reply.full


def test_an_agent_at_is_it_one_of_these_keeps_the_kind_and_the_whole_story(agent_chat):
    agent_chat.say("troubleshoot for mark@fabrikam.com")
    agent_chat.say("recording fails, it starts then stops after a few seconds with an error")
    assert agent_chat.state == "clarify"
    assert agent_chat.say("meeting").text.startswith("Got it: it's a meeting.")
    agent_chat.say("he's presenter")
    assert agent_chat.state == "check_auth_type"
    agent_chat.say("it's all fine in TAC")
    assert agent_chat.session_answers()["check_policy"] == "on"
    summary = agent_chat.say("summary").full
    assert 'Reported: "recording fails, it starts then stops after a few seconds with an error.' in summary


def test_we_are_the_organizers_is_the_role(chat):
    chat.say("webinar recording not available afterwards")
    chat.say("we're the organizers, 3 of us co-organize")
    assert chat.session_answers()["check_meeting_role"] == "organizer"


def test_yeah_he_set_it_up_at_the_organizers_policy_is_about_him_not_the_setting(chat):
    chat.say("ok so i have a weird one. i can record my own meetings fine but when my boss sets up the meeting i "
             "cant, no button")
    assert chat.state == "check_organizer_policy"
    chat.say("yeah he set it up")
    assert "check_organizer_policy" not in chat.session_answers() and chat.state == "check_organizer_policy"


def test_not_sure_ask_him_at_the_role_question_gets_who_can_tell(chat):
    chat.say("no record button in my bosses meeting")
    reply = chat.say("not sure, ask him?")
    assert reply.text.startswith("The organizer can tell you which role you have") and asks(reply) == "check_meeting_role"


def test_thanks_after_the_policy_was_changed_is_thanks_not_it_is_fixed(agent_chat):
    agent_at_the_policy_question(agent_chat)
    agent_chat.say("AllowCloudRecording : False")
    agent_chat.say("ok done")
    reply = agent_chat.say("thanks!")
    assert reply.text == "You're welcome. Once the fix is in, tell me whether recording works."
    assert agent_chat.state == "diagnosis" and "diagnosis" not in agent_chat.session_answers()


def test_a_recording_without_sound_told_in_pieces_gets_the_honest_answer_then_never_mind(chat):
    reply = chat.say("my recording has no audio")
    assert "neither page explains why, so I won't guess" in reply.text and chat.state == "offer"
    chat.say("yes i was organizer")
    assert chat.state == "offer"
    reply = chat.say("the video is fine just no sound at all")
    assert reply.text.startswith("Then what's missing isn't one of the things a recording leaves out") \
        and chat.state == "offer" and "Prepare a ticket" in reply.text
    reply = chat.say("nevermind, it was muted on my side lol")
    assert chat.state == "resolved" and reply.text.startswith("Good to hear it's sorted")


# --- something missing from a recording that the guide's one sentence (whiteboards, shared notes) does not name

@pytest.mark.parametrize("said", ["the recording doesn't show my screen share", "my shared screen is black in the recording",
                                  "the chat isn't in the recording", "there's no audio in the recording"])
def test_something_else_missing_from_a_recording_gets_what_recordings_hold_not_only_the_whiteboard_line(chat, said):
    reply = chat.say(said)
    assert "A meeting recording holds the meeting's audio, video and screen sharing." in reply.text
    assert "- whiteboards and annotations" in reply.text and "won't guess" in reply.text
    assert "escalate" in chat.buttons and word_count(reply.text, reply.card) <= MAX_WORDS


def test_whiteboards_missing_still_get_the_guides_own_sentence_alone(chat):
    reply = chat.say("we drew on the whiteboard the whole meeting and the recording just shows the gallery view")
    assert reply.text.startswith("> Whiteboards and shared notes are not currently captured in meeting recordings.")
    assert "screen sharing" not in reply.text


def test_is_screen_sharing_recorded_is_answered_yes_not_with_the_same_paragraph_again(chat):
    chat.say("the recording doesn't show my screen share")
    reply = chat.say("is screen sharing included in the recording?")
    assert reply.text.startswith("Yes. A meeting recording holds the meeting's audio, video and screen sharing.")
    assert "whiteboards and annotations" not in reply.text and chat.state == "offer"


def test_does_the_recording_capture_the_screen_asked_mid_check_keeps_the_question(chat):
    chat.say("I can't record my meeting")
    reply = chat.say("does the recording capture the shared screen?")
    assert reply.text.startswith("Yes. A meeting recording holds") and asks(reply) == "check_meeting_role"


def test_a_shared_powerpoint_missing_is_not_sent_to_who_may_open_a_recording(chat):
    reply = chat.say("the recording only shows the speaker, not the shared powerpoint")
    assert "What a recording captures" in reply.details and "Who can open, share or download" not in reply.details


# --- the OneDrive's storage told as figures, as its storage page shows them

@pytest.mark.parametrize("said", ["my onedrive is at 1TB of 1TB", "Storage: 1,023.9 GB used of 1 TB (99%)",
                                  "it says 5.1 TB / 5 TB"])
def test_a_onedrive_shown_full_in_figures_is_full_and_not_asked_again(chat, said):
    chat.say("i cant find the recording of yesterdays meeting")
    chat.click("onedrive_check", "offer")
    chat.say(said)
    assert chat.session_answers()["check_onedrive"] == "full" and chat.state == "diagnosis"


def test_a_onedrive_with_room_in_figures_has_free_space(chat):
    chat.say("i cant find the recording of yesterdays meeting")
    chat.click("onedrive_check", "offer")
    chat.say("6.2 GB used of 1 TB (1%)")
    assert chat.session_answers()["check_onedrive"] == "yes"


def test_a_full_onedrive_in_figures_in_passing_is_not_asked(chat):
    chat.say("i cant find the recording of yesterdays meeting")
    reply = chat.say("my onedrive is at 1TB of 1TB")
    assert chat.session_answers()["check_onedrive"] == "full" and asks(reply) != "check_onedrive"


# --- after who may watch a recording

@pytest.mark.parametrize("said", ["i was a guest", "i was a guest i guess?", "I think I joined as a guest"])
def test_a_guest_refused_a_recording_link_is_told_it_must_be_shared_with_them(chat, said):
    chat.say("someone shared a recording link with me and it says I don't have access")
    reply = chat.say(said)
    assert "guests and external participants can watch it only once it is shared with them" in reply.text
    assert "asks the organizer" in reply.text and chat.state == "offer"


def test_a_question_after_a_statement_without_its_question_mark_is_a_question(chat):
    chat.say("we record channel meetings, where do they go")
    reply = chat.say("we use private channels too, does that matter")
    assert reply.text.startswith("I don't know that one")


def test_the_role_said_at_the_events_policy_question_keeps_that_question(chat):
    chat.say("our town hall recording didn't happen even though it was set to record")
    reply = chat.say("i was the organizer yes")
    assert chat.session_answers()["check_meeting_role"] == "organizer" and "check_events_policy" not in \
        chat.session_answers()
    assert asks(reply) == "check_events_policy"


def test_can_guests_record_is_answered_and_no_way_for_them_gets_the_fix(chat):
    reply = chat.say("Can guests record teams meetings?")
    assert "They can't start the recording themselves" in reply.text
    reply = chat.say("so no way for them?")
    assert reply.text.startswith("The fix: a member of the organizer's organization starts the recording")


def test_a_channel_meeting_started_by_the_person_and_the_policy_they_use(chat):
    chat.say("Record button is greyed out for me in a channel meeting in our Marketing team")
    chat.say("i started the meeting from the channel")
    assert chat.session_answers()["check_meeting_role"] == "organizer"
    reply = chat.say("we use the global policy i'm pretty sure")
    assert reply.text == "Noted: the meeting policy is **Global**." and asks(reply) == "check_auth_type"
    reply = chat.say("is that something i can check?")
    assert "If you can't find out, pick **I'm not sure**" in reply.text


def test_set_it_to_true_at_a_calls_diagnosis_is_the_change_made(agent_chat):
    agent_chat.say("troubleshoot for kim@contoso.com, can't record 1:1 calls")
    agent_chat.say("Identity : Tag:NoRecordCalls\nAllowCloudRecordingForCalls : False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("set it to true, thanks")
    assert reply.text.startswith("Good.") and "diagnosis" not in agent_chat.session_answers()


def test_an_empty_policy_pasted_after_words_is_global_and_what_empty_means(agent_chat):
    agent_chat.say("user bob@contoso.com cant record meetings he organizes")
    reply = agent_chat.say("ok connected now. TeamsMeetingPolicy : {}")
    assert reply.text.startswith("Noted: the meeting policy is **Global**.")
    reply = agent_chat.say("what does empty mean")
    assert reply.text.startswith("An empty policy in that output means no policy assigned to the person directly")


def test_it_worked_thanks_after_the_policy_was_changed_is_fixed(agent_chat):
    agent_at_the_policy_question(agent_chat)
    agent_chat.say("AllowCloudRecording : False")
    agent_chat.say("ok done")
    agent_chat.say("it worked, thanks!")
    assert agent_chat.state == "resolved"


@pytest.mark.parametrize("said", ["it's my 1:1 with my manager, he set it up", "she scheduled it"])
def test_who_set_it_up_said_with_a_pronoun_at_the_role_question_is_someone_else(chat, said):
    chat.say("no record button")
    chat.click("meeting")
    reply = chat.say(said)
    assert reply.text == "Got it: someone else organized it." and asks(reply) == "check_meeting_role"
    assert chat.session_answers()["check_organizer"] == "someone_else"


# --- the same question again, agreeing, and things found after all

def test_the_same_question_asked_again_right_after_its_answer_gets_that_there_is_no_more(chat):
    chat.say("recording was there yesterday now its gone from onedrive")
    first = chat.say("i checked the recycle bin too, nothing")
    assert "recycle bin" in first.text
    for _ in range(2):  # a third time too: still nothing more
        reply = chat.say("is there a way to get it back")
        assert reply.text.startswith("That's all I have on it") and "recycle bin" not in reply.text
        assert word_count(reply.text) < word_count(first.text)


def test_an_agent_asking_the_same_again_is_pointed_to_microsoft_support(agent_chat):
    agent_chat.say("user's recording stopped after 4 hours")
    assert "no policy or meeting option raises it" in agent_chat.say("is there a way to record longer?").text
    reply = agent_chat.say("so is there really no way to record longer?")
    assert reply.text.startswith("That's all the guide and Microsoft's updates say") and "Microsoft support" in reply.text


def test_the_same_question_after_something_else_is_answered_in_full_again(chat):
    chat.say("recording was there yesterday now its gone from onedrive")
    chat.say("is there a way to get it back")
    chat.say("what's a meeting policy?")
    assert "recycle bin" in chat.say("is there a way to get it back").text


@pytest.mark.parametrize("said", ["that's the one", "yes that's the policy", "yep, that's the one they have"])
def test_agreeing_with_a_policy_just_noted_records_nothing_and_keeps_the_question(agent_chat, said):
    agent_chat.say("user jane@contoso.com says record is greyed out")
    agent_chat.say("she's the organizer")
    agent_chat.say("TeamsMeetingPolicy\n------------------\nRestrictedRecording")
    before = agent_chat.session_answers()
    reply = agent_chat.say(said)
    assert reply.text == "Good, that's what I noted." and agent_chat.session_answers() == before


@pytest.mark.parametrize("said", ["wait actually it did show up in the chat, sorry",
                                  "oh it turned up in onedrive after all"])
def test_a_recording_that_showed_up_after_all_ends_the_check_as_sorted(chat, said):
    chat.say("i cant find the recording of our meeting")
    reply = chat.say(said)
    assert chat.state == "resolved" and reply.text.startswith("Good to hear it's sorted.")


def test_a_recording_that_never_showed_up_goes_on_to_the_next_step(chat):
    chat.say("where is my recording")
    reply = chat.say("it never showed up in the chat")
    assert chat.state == "check_onedrive" and "couldn't tell" not in reply.text


@pytest.mark.parametrize("said", ["im not sure what you mean by organizer policy",
                                  "i dont know what you mean by presenter"])
def test_not_sure_what_you_mean_by_a_word_is_a_question_not_an_unsure_answer(chat, said):
    chat.say("cant record meeting")
    reply = chat.say(said)
    assert chat.state == "check_meeting_role" and chat.session.get("confirm") is None
    assert "I mean the part you have in this meeting" in reply.text


@pytest.mark.parametrize("said", ["no idea about policies sorry", "dunno about policies"])
def test_no_idea_about_policies_before_any_is_asked_is_fine_and_says_what_to_do(chat, said):
    chat.say("cant record meeting")
    chat.say("im the organizer")
    reply = chat.say(said)
    assert reply.text.startswith("That's fine: only an admin can see policies.") and chat.state == "check_auth_type"


def test_tell_me_who_to_ask_is_who_to_ask(chat):
    chat.say("my boss asked me to record the all-hands but i dont see the button")
    reply = chat.say("can you just tell me who to ask")
    assert reply.text.startswith("Your IT admin or helpdesk.")


def test_an_external_partner_who_cant_record_is_someone_else(chat):
    reply = chat.say("our external partner can't record our meeting")
    assert "they join from another organization" in reply.text and "you join" not in reply.text


def test_a_setting_written_in_a_sentence_is_noted_from_what_was_written_not_a_paste(chat):
    chat.say("the record button is missing in my teams meetings")
    chat.say("yes im the organiser")
    chat.say("work account")
    reply = chat.say("ok i asked IT, they said AllowCloudRecording is True for me")
    assert reply.text.startswith("Noted from what you wrote: `AllowCloudRecording is True`")
    assert chat.session_answers()["check_policy"] == "on"


def test_internal_account_said_in_the_first_message_is_not_asked_again(agent_chat):
    reply = agent_chat.say("hi, got a ticket from marco@contoso.com - he's a teacher, can't record his class "
                           "meetings since monday. he's the organizer, internal account")
    assert agent_chat.session_answers()["check_auth_type"] == "member" and asks(reply) == "check_policy"


def calling_policy_left_unsure(chat):
    chat.say("Quick one: when I try to record a Teams call with a customer (just the two of us), the Record "
             "option isn't in the menu. Meetings work fine.")
    chat.say("no idea what a calling policy is")
    assert chat.state == "run_diagnostic" and chat.session_answers()["check_calling_policy"] == "unsure"


def test_what_the_admin_said_of_a_policy_left_unsure_is_its_answer_at_the_next_question(chat):
    calling_policy_left_unsure(chat)
    reply = chat.say("ok i asked, admin says it's on")
    assert chat.session_answers()["check_calling_policy"] == "on" and "couldn't tell" not in reply.text
    assert chat.state == "run_diagnostic"


def test_a_bare_its_on_at_the_next_question_is_not_taken_for_the_policy_left_unsure(chat):
    calling_policy_left_unsure(chat)
    chat.say("it's on")
    assert chat.session_answers()["check_calling_policy"] == "unsure"


def test_then_why_doesnt_it_work_is_what_else_it_could_be(chat):
    calling_policy_left_unsure(chat)
    reply = chat.say("hmm then why doesnt it work")
    assert reply.text.startswith("I go through the causes Microsoft's guide lists")


def test_the_organizers_policy_first_says_why_not_the_guides_example_alone(chat):
    reply = chat.say("every time i try to record our standup the button is grey. i'm not the one who creates the "
                     "meeting though, my scrum master does")
    assert "Recording depends on the organizer's policy too" in reply.text and "**Alex**" not in reply.text
    assert "**Alex**" in reply.details and "> In this example scenario" in reply.details


def presenter_at_the_organizers_policy(chat):
    chat.say("cant record meeting")
    chat.say("im a presenter")
    chat.say("work account")
    assert chat.state == "check_organizer_policy"


@pytest.mark.parametrize("said", ["my policy is on", "my own policy has recording enabled"])
def test_my_policy_said_at_the_organizers_policy_question_is_mine_not_the_organizers(chat, said):
    presenter_at_the_organizers_policy(chat)
    reply = chat.say(said)
    answers = chat.session_answers()
    assert answers["check_policy"] == "on" and "check_organizer_policy" not in answers
    assert asks(reply) == "check_organizer_policy"


def test_mine_is_on_and_unsure_of_the_organizers_answers_both(chat):
    presenter_at_the_organizers_policy(chat)
    chat.say("mine is on, not sure about the organizer's")
    answers = chat.session_answers()
    assert answers["check_policy"] == "on" and answers["check_organizer_policy"] == "unsure"


def test_the_organizers_policy_said_by_the_organizer_is_their_own_and_keeps_them_organizer(chat):
    chat.say("cant record meeting")
    chat.say("im the organizer")
    chat.say("work account")
    assert chat.state == "check_policy"
    chat.say("the organizer's policy is on")
    answers = chat.session_answers()
    assert answers["check_policy"] == "on" and answers["check_meeting_role"] == "organizer"
    assert "check_organizer" not in answers


def test_work_alone_at_how_you_join_is_a_work_account(chat):
    chat.say("yesterday i could record our team sync, today the record button is just not there")
    chat.say("yeah i'm the organizer")
    assert chat.state == "check_auth_type"
    chat.say("work")
    assert chat.session_answers()["check_auth_type"] == "member" and chat.state == "check_policy"


def test_a_guest_speaker_who_wants_to_record_is_someone_else_and_what_are_our_options_gets_the_fix(chat):
    reply = chat.say("we have a guest speaker joining our webinar next week and she wants to record it herself, "
                     "is that possible?")
    assert reply.card["body"][0]["text"].startswith("How does the person who wants to record join")
    reply = chat.say("she's from another company")
    assert "the recorder joined from outside" in reply.text
    reply = chat.say("ok so what are our options")
    assert reply.text.startswith("The fix: a member of the organizer's organization starts the recording")


def test_where_the_old_ones_go_after_the_move_from_stream_is_about_stream_classic(chat):
    chat.say("Can someone tell me why my Teams recordings go to OneDrive now instead of Stream? They used to be in "
             "Stream")
    reply = chat.say("ok and where do the old ones go")
    assert "Stream (Classic)" in reply.text and "I don't know that one" not in reply.text


def test_what_happens_to_a_recording_with_a_full_onedrive_and_how_long_to_download_it(chat):
    chat.say("my onedrive is full, will my recording still save?")
    reply = chat.say("what happens to it then")
    assert "keeps the recording in temporary storage" in reply.text
    reply = chat.say("how long do i have to download it")
    assert reply.text.startswith("The organizer has to download it, and if it isn't downloaded within 21 days")


def test_who_can_turn_it_off_is_who_to_ask(chat):
    chat.say("when i start recording everyone gets a popup to agree and my boss hates it. can we turn that off?")
    assert chat.say("who can turn it off").text.startswith("Your IT admin or helpdesk.")


def test_an_agent_telling_the_global_policy_its_setting_and_the_diag_in_words_is_noted(agent_chat):
    agent_chat.say("caller says she can't record, she's a co-organizer of a department meeting")
    agent_chat.say("member")
    assert agent_chat.say("she has the Global one").text.startswith("Noted: the meeting policy is **Global**.")
    agent_chat.say("the global has recording on")
    assert agent_chat.session_answers()["check_policy"] == "on"
    assert agent_chat.say("Diag said everything fine").text == "Got it: the recording test passed."
    assert agent_chat.session_answers()["run_diagnostic"] == "all_passed"


def test_its_a_1_to_1_said_of_a_call_already_known_is_agreed(chat):
    chat.say("record option missing in calls but fine in meetings")
    assert chat.say("its a 1:1").text == "Yes, I have that: it's a call."


def test_anything_i_can_do_myself_is_who_does_it(chat):
    chat.say("record option missing in calls but fine in meetings")
    chat.say("don't know")
    reply = chat.say("my admin is on holiday, is there anything i can do myself?")
    assert reply.text.startswith("Your IT admin or helpdesk.")


def test_a_colleague_who_says_the_button_is_greyed_out_for_her_is_someone_else(chat):
    reply = chat.say("my colleague says the record button is greyed out for her")
    assert reply.card["body"][0]["text"] == "What is the person trying to record?"
    assert "you're a presenter" not in chat.say("she's a presenter").text
    chat.say("she checked, she's an attendee")
    assert chat.session_answers()["check_meeting_role"] == "attendee" and chat.state == "diagnosis"


def test_what_a_tenant_not_configured_means_is_said_in_plain_words(chat):
    chat.say("recording button is there but when i click it nothing happens")
    chat.say("its a normal meeting, i'm the organizer")
    chat.say("work account yes")
    chat.say("yes recording is on in my policy, i checked with IT")
    chat.say("ok they ran it, it says the tenant isn't configured properly")
    assert chat.state == "diagnosis"
    reply = chat.say("what does that mean")
    assert reply.text.startswith("It means the test found a problem in the organization's own Microsoft 365 setup")


def test_a_cause_the_organization_means_ends_the_check_with_nothing_to_fix(agent_chat):
    agent_chat.say("ticket 4471: user in finance can't record. she's organizer. member.")
    agent_chat.say("AllowCloudRecording : False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("that's intentional though, finance isn't allowed to record")
    assert agent_chat.state == "resolved" and reply.text.startswith("Then it works as intended")
    assert agent_chat.say("so what do i tell her").text.startswith("Tell the person that recording is off on purpose")
    ticket = agent_chat.say("summary")
    assert "Intended: nothing to fix." in ticket.text and "Fix: turn on" not in ticket.text
    assert "intended" in ticket.value["ticket"]["noted"]


def test_its_intentional_before_any_cause_is_found_ends_nothing(chat):
    chat.say("cant record meeting")
    chat.say("its intentional")
    assert chat.state == "check_meeting_role"


def test_a_message_typed_in_capitals_is_read_as_in_lower_case(chat):
    chat.say("RECORD BUTTON GONE AGAIN!!!")
    assert chat.state == "check_meeting_type"
    chat.say("MEETING")
    chat.say("I AM THE ORGANIZER")
    assert chat.session_answers() == {"check_meeting_type": "meeting", "check_meeting_role": "organizer"}


def test_whats_the_test_before_it_is_asked_is_the_test_in_a_few_words(chat):
    chat.say("cant record my teams meeting the button is gray")
    chat.say("im the organizer")
    chat.say("work account")
    reply = chat.say("whats the test")
    assert reply.text.startswith("The **Teams Meeting Recording Test**:") and word_count(reply.text) < 60


def test_a_meeting_hosted_by_a_supplier_is_still_about_the_person_typing(chat):
    chat.say("I'm attending a meeting hosted by a supplier and can't record, I'm signed in with my own company account")
    assert "someone" not in chat.session["flags"] and chat.session_answers()["check_meeting_role"] == "attendee"


def test_our_global_policy_has_cloud_recording_off_is_its_diagnosis(chat):
    chat.say("our Global policy has cloud recording off, is that why?")
    assert chat.session_answers()["check_policy"] == "off" and chat.state == "diagnosis"


def test_internal_users_said_beside_a_partner_tenant_are_not_how_the_person_joins(chat):
    chat.say("internal users can record fine but people from our partner tenant cant")
    assert chat.session_answers()["check_auth_type"] == "federated"


def organizer_at_their_policy_question(chat):
    chat.say("cant record meeting")
    chat.say("organizer")
    chat.say("work account")
    assert chat.state == "check_policy"


@pytest.mark.parametrize("said", ["wait actually i think i might be just a presenter",
                                  "hmm actually maybe presenter, not sure"])
def test_a_correction_said_with_a_doubt_is_asked_about_before_it_is_made(chat, said):
    organizer_at_their_policy_question(chat)
    reply = chat.say(said)
    assert reply.card["body"][0]["text"] == ("Should I change the recorder's role in the meeting from **Organizer** "
                                            "to **Presenter**?")
    assert chat.session_answers()["check_meeting_role"] == "organizer"
    reply = chat.say("yes")
    assert reply.text.startswith("Changed the recorder's role in the meeting from **Organizer** to **Presenter**")
    assert chat.session_answers()["check_meeting_role"] == "presenter" and chat.state == "check_organizer_policy"


def test_no_to_a_doubted_correction_keeps_the_answer_and_the_question(chat):
    organizer_at_their_policy_question(chat)
    chat.say("wait actually i think i might be just a presenter")
    reply = chat.say("no")
    assert reply.text == "All right: the recorder's role in the meeting stays **Organizer**."
    assert chat.session_answers()["check_meeting_role"] == "organizer" and chat.state == "check_policy"


@pytest.mark.parametrize("click, role", [({"answer": "presenter"}, "presenter"), ({"answer": None, "confirm": "no"},
                                                                                  "organizer")])
def test_the_buttons_of_a_doubted_correction_change_or_keep_the_answer(chat, click, role):
    organizer_at_their_policy_question(chat)
    chat.say("wait actually i think i might be just a presenter")
    reply = chat.click(click.pop("answer"), "check_meeting_role", **click)
    assert chat.session_answers()["check_meeting_role"] == role and "earlier question" not in reply.text


def test_a_later_setting_said_with_a_doubt_is_asked_about(chat):
    organizer_at_their_policy_question(chat)
    chat.say("on")
    reply = chat.say("hmm actually maybe it's off, not sure")
    assert reply.card["body"][0]["text"].startswith("Should I change the recorder's Allow cloud recording from")
    assert chat.session_answers()["check_policy"] == "on"


# --- "why can't I?" at a diagnosis: the rule behind the cause, not "I don't know that one"

GUEST_RULE = "Guest users, and federated and anonymous users, can't start the recording."


@pytest.mark.parametrize("said", ["why can't I?", "why not?", "but why", "how come", "that's stupid, why?",
                                  "why is that", "why can't guests record?", "whats the reason"])
def test_why_at_a_guests_diagnosis_is_the_rule_and_the_fix(chat, said):
    chat.say("I'm a guest from another company and need to record the training session")
    assert chat.state == "diagnosis"
    reply = chat.say(said)
    assert GUEST_RULE in reply.text and "I don't know that one" not in reply.text
    assert "you answered **As a guest**" in reply.text
    assert "The fix: a member of the organizer's organization starts the recording." in reply.text
    assert chat.state == "diagnosis"


def test_why_asked_twice_in_other_words_is_not_answered_twice(chat):
    chat.say("i'm an attendee and can't record")
    assert "The role someone has in the meeting decides" in chat.say("why can't attendees record?").text
    assert chat.say("how come").text.startswith("That's all I have on it")


def test_why_alone_at_an_agents_diagnosis_says_the_rule_and_the_answer_behind_it(agent_chat):
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say("why?")
    # a blank line before the quote, or Teams shows its ">" inline after the colon
    assert reply.text.startswith("Because that's the rule for recording in Teams:\n\n> The policy setting must be "
                                 "enabled for the participant")
    assert "the answer to \"Is **Meeting recording**" in reply.text and "was **No, it's off**" in reply.text
    assert agent_chat.state == "diagnosis"


@pytest.mark.parametrize("said", ["but the organizer said it's fine", "the host said I could",
                                  "she's ok with it", "I have the organizer's permission"])
def test_the_organizers_say_so_does_not_let_a_guest_record(chat, said):
    chat.say("I'm a guest from another company and need to record the training session")
    reply = chat.say(said)
    assert reply.text.startswith("The organizer being fine with it doesn't change this")
    assert GUEST_RULE in reply.text and "I couldn't tell" not in reply.text


def test_the_organizers_say_so_is_not_enough_for_an_attendee_either(chat):
    chat.say("i'm an attendee and can't record")
    reply = chat.say("the organizer is fine with me recording")
    assert reply.text.startswith("The organizer being fine with it isn't enough: they have to make you a presenter "
                                 "or co-organizer in the meeting")


@pytest.mark.parametrize("said", ["so there's no way at all?", "is there any other option?",
                                  "is there anything I can do?", "hmm so is there another way"])
def test_no_way_at_all_at_a_diagnosis_is_the_fix(chat, said):
    chat.say("I'm a guest from another company and need to record the training session")
    reply = chat.say(said)
    assert reply.text.startswith("The fix: a member of the organizer's organization starts the recording.")


# --- more of the answer just given ("how do I stop them?"), and first messages answered as questions

def test_a_teacher_who_wants_students_not_to_record_gets_the_roles_then_the_option(chat):
    reply = chat.say("my students can record my lectures and i dont want that")
    assert "attendees can't" in reply.text and "Microsoft's meeting-recording guide doesn't cover" not in reply.text
    more = chat.say("how do i stop them")
    assert "**Who can record and transcribe**" in more.text and "I don't know that one" not in more.text
    assert chat.say("how?").text.startswith("That's all I have on it")


@pytest.mark.parametrize("said", ["where is that setting?", "what's the setting for that?", "how do I do that"])
def test_where_that_setting_is_after_an_answer_is_that_answers_setting(chat, said):
    chat.say("how do i stop students from recording my class")
    reply = chat.say(said)
    assert "**Who can record and transcribe**" in reply.text
    assert "Recordings go to OneDrive" not in reply.text and chat.state == "offer"


def test_a_webinar_that_did_not_record_itself_gets_what_is_said_of_webinars(chat):
    reply = chat.say("hey so I run a webinar every tuesday and this week the recording didnt start automatically")
    assert reply.text.startswith("Got it: it's a town hall or webinar.")
    assert "Town halls and webinars are recorded automatically by default" in reply.text
    assert "say this of town halls and webinars only" not in reply.text and chat.state == "offer"


def test_a_recording_that_stops_automatically_after_hours_is_the_length_limit_not_auto_recording(chat):
    reply = chat.say("Teams recording stops automatically after 4 hours?")
    assert "The maximum length of one meeting recording is 4 hours" in reply.text


# --- the kind that works is not the kind asked about

@pytest.mark.parametrize("said", ["she can't record her 1:1s with clients, only meetings work",
                                  "calls wont record but meetings are fine",
                                  "I can record meetings no problem but not when I call someone"])
def test_the_kind_that_records_fine_is_not_the_one_asked_about(agent_chat, said):
    reply = agent_chat.say(said)
    assert reply.text.startswith("Got it: it's a call.") and agent_chat.state == "check_calling_policy"


def test_own_meetings_that_record_fine_still_say_it_is_a_meeting(chat):
    chat.say("I can hit record in my own meetings no problem, but when Tom from finance organises one the button is "
             "greyed out")
    assert chat.session_answers()["check_meeting_type"] == "meeting"


def test_the_meeting_started_by_my_boss_is_someone_elses(chat):
    chat.say("Recording button is missing in Teams for me since this morning")
    chat.say("it's a channel meeting in our project team")
    reply = chat.say("I'm just a member of the team, the meeting was started by my boss")
    assert reply.text.startswith("Got it: someone else organized it.") and chat.state == "check_meeting_role"


# --- a missing recording: the OneDrive said fine, the folder said empty, a channel meeting after all

def test_a_onedrive_said_fine_at_the_offer_is_not_asked_about_again(agent_chat):
    agent_chat.say("hi, customer can't find her recording from yesterday's teams meeting, she was the organizer")
    reply = agent_chat.say("her onedrive is fine, plenty of space")
    assert reply.text.startswith("Got it: the OneDrive has space.")
    assert agent_chat.session_answers()["check_onedrive"] == "yes" and agent_chat.state != "check_onedrive"


@pytest.mark.parametrize("said", ["it's not in the recordings folder", "its not there"])
def test_not_in_the_folder_is_no_answer_about_the_onedrive(agent_chat, said):
    agent_chat.say("hi, customer can't find her recording from yesterday's teams meeting, she was the organizer")
    agent_chat.click("onedrive_check")
    agent_chat.say(said)
    assert "check_onedrive" not in agent_chat.session_answers() and agent_chat.state == "check_onedrive"


def test_a_channel_meeting_after_the_ticket_is_where_its_recording_goes(agent_chat):
    agent_chat.say("hi, customer can't find her recording from yesterday's teams meeting, she was the organizer")
    agent_chat.say("her onedrive is fine, plenty of space")
    assert agent_chat.state == "escalate"
    reply = agent_chat.say("it's a channel meeting actually")
    assert reply.text.startswith("A channel meeting's recording is saved with the channel's files")


# --- Global's setting pasted, then "he has a custom policy"

def test_a_custom_policy_said_after_globals_paste_sets_that_answer_aside(agent_chat):
    agent_chat.say("troubleshoot for jdoe@contoso.com")
    agent_chat.say("User reports Record is greyed out in all his meetings. He's the organizer. Internal user.")
    agent_chat.say("Identity : Global\nAllowCloudRecording : True")
    assert agent_chat.state == "run_diagnostic"
    reply = agent_chat.say("hmm wait, he actually has a custom policy assigned, not global")
    assert reply.text.startswith("Then the setting pasted earlier, **Global**'s, isn't theirs, so I've set it aside.")
    assert agent_chat.state == "check_policy" and "check_policy" not in agent_chat.session_answers()
    agent_chat.say("ok the custom one has AllowCloudRecording True as well")
    assert agent_chat.session_answers()["check_policy"] == "on" and agent_chat.state == "run_diagnostic"


# --- a file that never shows up, a full OneDrive told in a paste, and what to do with the recording then

def test_a_recording_whose_file_never_shows_up_is_where_recordings_go(agent_chat):
    agent_chat.say("troubleshoot for sam.lee@contoso.com")
    reply = agent_chat.say("sam says recording starts but the file never shows up, meeting yesterday 3pm, he "
                           "organized it")
    assert agent_chat.session["topic"] == "storage_location" and "Recordings go to OneDrive" in reply.text


def test_a_record_button_that_never_shows_up_is_still_the_button(chat):
    chat.say("the record button never shows up in my meetings")
    assert chat.session["topic"] != "storage_location"


def test_what_to_do_with_the_recording_after_a_full_onedrive_is_the_temporary_storage(agent_chat):
    agent_chat.say("sam says recording starts but the file never shows up, he organized it")
    agent_chat.say("PS> Get-SPOSite -IncludePersonalSite $true | select StorageUsageCurrent,StorageQuota\n\n"
                   "StorageUsageCurrent StorageQuota\n------------------- ------------\n            1048570      1048576")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("what does he do with the recording now?")
    assert "21 days" in reply.text and "I don't know that one" not in reply.text


# --- the phone, the length of a recording, the admin

def test_recording_on_a_phone_gets_what_the_guide_says_of_devices(chat):
    reply = chat.say("can i record a teams meeting on my phone")
    assert "The guide's checks don't depend on the device or the app." in reply.text
    for said in ("i only have the mobile app", "its an iphone"):
        assert chat.say(said).text.startswith("Noted: you join from the Teams mobile app.")


@pytest.mark.parametrize("said", ["recording stopped halfway through our meeting",
                                  "the recording cut off by itself in the middle of the meeting"])
def test_a_recording_that_stopped_partway_gets_the_length_and_size_limit(chat, said):
    assert "4 hours, or 1.5 GB in size" in chat.say(said).text


def test_who_my_admin_is_and_turning_it_on_for_me_are_answered(chat):
    chat.say("when I try to record my meeting it says recording has been disabled by your admin")
    assert chat.say("ok who's my admin?").text.startswith("Your IT admin or helpdesk.")
    chat.say("I'm the organizer btw")
    reply = chat.say("can't you just turn it on for me")
    assert reply.text.startswith("I can't make the change") and "couldn't tell" not in reply.text


# --- a test already run: its result is asked, not how to run it

def test_an_agent_who_ran_the_test_is_asked_its_result_in_a_line(agent_chat):
    reply = agent_chat.say("I ran the meeting recording test for a user")
    assert agent_chat.state == "run_diagnostic"
    assert reply.text == "Good, the test has been run: tell me what it reported, or paste its result."
    agent_chat.say("it says user not enabled for cloud recording")
    assert agent_chat.session_answers()["run_diagnostic"] == "user_not_enabled"


def test_a_user_whose_admin_ran_the_test_is_asked_what_it_reported(chat):
    assert chat.say("my admin already ran the recording test, what now").text == \
        "Good, the test has been run: tell me what it reported."


@pytest.mark.parametrize("said", ["how do I run the Teams Meeting Recording Test?",
                                  "I ran the Meeting Recording support diagnostic for the affected user, it says "
                                  "everything is configured. Does the diagnostic check the organizer too?"])
def test_how_to_run_the_test_or_what_it_checks_still_gets_the_guides_procedure(agent_chat, said):
    reply = agent_chat.say(said)
    assert "Perform Test" in reply.text and agent_chat.state == "offer"


def test_the_meeting_recording_tests_name_is_no_meeting(agent_chat):
    agent_chat.say("how do I run the Teams Meeting Recording Test?")
    assert "check_meeting_type" not in agent_chat.session_answers()


# --- a recording that failed to upload

@pytest.mark.parametrize("said", ["Recording failed to upload, there's an error message in the chat",
                                  "upload failed for my meeting recording", "my recording couldnt be saved"])
def test_a_recording_that_failed_to_upload_is_the_onedrive_and_says_why_first(chat, said):
    reply = chat.say(said)
    assert chat.session["topic"] == "onedrive_storage" and chat.state == "check_onedrive"
    said = [paragraph for paragraph in reply.text.split("\n\n") if not paragraph.startswith("Got it:")]
    assert said[0].startswith("When a recording can't be uploaded to OneDrive or SharePoint")
    assert "21 days" in reply.text


def test_a_recording_that_failed_to_upload_to_stream_is_still_stream(chat):
    chat.say("the recording failed to upload to stream")
    assert chat.session["topic"] == "stream_upload"


def test_what_the_upload_error_means_is_the_temporary_storage(chat):
    chat.say("Recording failed to upload, there's an error message in the chat")
    chat.say("i'm the organizer")
    reply = chat.say("what does that error mean")
    assert "keeps the recording in temporary storage" in reply.text and "I don't know that one" not in reply.text


def test_doing_it_without_an_admin_is_who_can(chat):
    chat.say("i cant find the record button in teams")
    chat.say("its a meeting i set up")
    chat.say("work account yes")
    chat.say("idk how to check the policy")
    assert chat.say("is there a way to do it without an admin?").text.startswith("Your IT admin or helpdesk.")


# --- the expiry changed, access denied, an agent's long first message, and what now after the ticket

def test_can_i_change_the_expiry_in_a_first_message_gets_the_change_then_whose_it_is(chat):
    reply = chat.say("recordings are getting deleted after 60 days, can i change that?")
    assert "NewMeetingRecordingExpirationDays" in reply.text and reply.text.startswith("Only an admin can change this")
    assert chat.say("im not the admin").text.startswith("Then it's for your admin: forward them what I said above")
    assert "NewMeetingRecordingExpirationDays" in chat.say("ok and what should the admin do exactly?").text


def test_coworkers_who_cant_open_the_recording_are_who_can_watch_it_not_who_records(chat):
    reply = chat.say("so the recording is in my onedrive but my coworkers cant open it")
    assert reply.text.startswith("Who can see or watch a meeting recording")
    assert "someone" not in chat.session["flags"]
    assert chat.say("it was our team meeting, i organized it").text == "Got it: it's a meeting and you organize it."


def test_access_denied_at_what_next_is_no_goodbye(chat):
    chat.say("so the recording is in my onedrive but my coworkers cant open it")
    reply = chat.say("they get access denied")
    assert chat.state == "offer" and "Glad I could help" not in reply.text


def test_an_agents_long_first_message_with_the_ones_he_organizes_reads_the_organizer(agent_chat):
    reply = agent_chat.say("Hi there, user John Smith (jsmith@contoso.com) reports that the Record option is missing "
                           "from the More actions menu in all meetings, including ones he organizes. He's using the new "
                           "Teams desktop client. Other users in his department can record fine. I've already checked "
                           "his meeting policy (Sales-Standard) and AllowCloudRecording is True. What else should I "
                           "check?")
    assert reply.text.startswith("Got it: it's a meeting, they organize it, and recording is on in their meeting policy.")
    assert agent_chat.state == "check_auth_type"


def test_the_organizers_policy_topic_speaks_of_the_persons_policy_to_an_agent(agent_chat):
    reply = agent_chat.say("user can't record in her manager's meeting, he organized it")
    assert "not only on the person's" in reply.text and "not only on yours" not in reply.text
    assert agent_chat.session_answers()["check_organizer"] == "someone_else"
    assert "check_meeting_role" not in agent_chat.session_answers()  # "he" is the manager, not the user


def test_what_now_after_an_agents_ticket_is_microsoft_support(agent_chat):
    agent_at_the_policy_question(agent_chat)
    agent_chat.click("on")
    agent_chat.say("the test says everything is fine")
    assert agent_chat.state == "escalate"
    assert agent_chat.say("what now?").text.startswith("Escalate it to Microsoft support with the ticket above")


# --- another policy instead, a bare "meeting" beside the role, a write-up asked in a second sentence

def test_assigning_the_global_policy_instead_is_how_to_change(agent_chat):
    agent_chat.say("troubleshoot for megan@contoso.com")
    agent_chat.say("she can't record a meeting she set up, she's a member")
    agent_chat.say("Get-CsTeamsMeetingPolicy RestrictedRecording | select AllowCloudRecording\n\nAllowCloudRecording\n"
                   "-------------------\nFalse")
    assert agent_chat.state == "diagnosis"
    assert "Grant-CsTeamsMeetingPolicy" in agent_chat.say("can I just assign her the global one instead?").text


def test_a_button_gone_since_last_week_is_cant_start_and_worked_before(chat):
    chat.say("The record button was there last week but now it's gone. I didn't change anything. Is it a Teams update?")
    assert chat.session["topic"] == "start" and "worked_before" in chat.session["flags"]


def test_meeting_said_beside_the_role_is_not_asked_again(chat):
    chat.say("recording didn't save")
    assert chat.state == "clarify"
    assert chat.say("meeting, I'm the organiser").text.startswith("Got it: it's a meeting and you organize it.")
    assert chat.session_answers()["check_meeting_type"] == "meeting"


def test_a_write_up_asked_for_after_another_sentence_is_the_ticket(chat):
    chat.say("The record button was there last week but now it's gone")
    chat.click("meeting")
    reply = chat.say("fine, I'll send it to IT. can you write it up?")
    assert reply.text.startswith("**Recording troubleshooting ticket**")


def test_a_story_told_in_two_messages_after_a_question_is_joined_without_a_stray_full_stop(chat):
    chat.say("something is off with recording in teams?")
    assert chat.state == "clarify"
    chat.say("the record button is greyed out in our weekly sync")
    assert chat.session["reported"] == "something is off with recording in teams? the record button is greyed out in " \
                                       "our weekly sync"


def test_nobody_could_record_after_a_subject_the_guide_lacks_starts_the_checks(chat):
    chat.say("something weird with recording. is it a teams update?")
    assert chat.state == "offer"
    chat.say("it was our weekly sync yesterday and nobody could record")
    assert chat.session["topic"] == "start" and chat.state in ("check_meeting_type", "check_meeting_role")


@pytest.mark.parametrize("first", ["is teams recording down right now?", "how do i record a teams meeting"])
def test_i_dont_see_record_at_is_it_one_of_these_is_the_button(chat, first):
    chat.say(first)
    assert chat.state == "clarify"
    chat.say("i dont see record")
    assert chat.session["topic"] == "start" and chat.state in ("check_meeting_type", "check_meeting_role")


def test_i_cant_find_the_recording_is_still_a_missing_recording(chat):
    chat.say("I can't find the recording from yesterday")
    assert chat.session["topic"] != "start"


# --- a story told in pieces after hello, the organizer pointed at, a webinar recording not there

def test_a_story_in_pieces_after_hello_gets_go_on_until_it_says_what_goes_wrong(chat):
    chat.say("hey")
    assert chat.say("so basically").text.startswith("Go on")
    assert chat.say("we had an all hands today").text.startswith("Go on")
    chat.say("and the recording button was greyed out for everyone except the CEO's assistant")
    assert chat.session["topic"] == "start" and chat.session_answers()["check_meeting_type"] == "event"


def test_the_button_greyed_out_after_a_subject_the_guide_lacks_is_the_problem(chat):
    chat.say("something weird with recording. is it a teams update?")
    chat.say("the record button was greyed out for everyone")
    assert chat.session["topic"] == "start"


def test_shes_the_organizer_said_by_an_end_user_is_someone_elses_meeting(chat):
    chat.say("the record button is greyed out in my meeting")
    reply = chat.say("she's the organizer yes")
    assert reply.text == "Got it: someone else organized it." and chat.state == "check_meeting_role"


def test_shes_the_organizer_of_a_colleague_is_still_her_role(chat):
    chat.say("my colleague cant record in our weekly sync")
    chat.say("she's the organizer")
    assert chat.session_answers().get("check_meeting_role") == "organizer"


def test_a_webinar_recording_that_isnt_there_is_where_it_went_not_the_events_policy(chat):
    chat.say("my webinar recording isnt there")
    assert chat.session["topic"] == "storage_location" and chat.state == "offer"


def test_what_the_events_policy_means_is_said(chat):
    chat.say("my webinar wont record")
    assert chat.state == "check_events_policy"
    reply = chat.say("what do you mean events policy")
    assert reply.text.startswith("I mean the settings an admin assigns to the organizer")


# --- her policy, a yes to the finding, "don't allow" clicked, a fix promised

def test_the_organizers_say_of_her_policy_is_the_organizers_policy(chat):
    chat.say("Teams won't let me record. Says \"you don't have permission to record\"?")
    chat.say("I'm a presenter")
    reply = chat.say("the organizer says her policy allows it")
    assert reply.text == "Got it: recording is on in the organizer's meeting policy."
    assert chat.session_answers()["check_organizer_policy"] == "on" and "check_policy" not in chat.session_answers()


def test_yes_and_the_finding_said_again_at_did_that_fix_it_is_no_fix(agent_chat):
    agent_chat.say("need help: external presenter (federated, from fabrikam) cannot record in our webinar")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("yes federated")
    assert reply.text == "Yes, I have that: they join from another organization." and agent_chat.state == "diagnosis"


def test_dont_allow_clicked_by_accident_is_the_consent_diagnosis(chat):
    reply = chat.say("i accidentally clicked don't allow on the recording thing and now i cant talk")
    assert chat.state == "diagnosis" and reply.text.startswith("Got it: you declined the recording prompt.")


@pytest.mark.parametrize("said", ["great, thanks. they'll fix it", "ok IT will sort it out tomorrow"])
def test_a_fix_promised_at_did_that_fix_it_is_waited_for(chat, said):
    chat.say("my policy is off")
    assert chat.state == "diagnosis"
    reply = chat.say(said)
    assert reply.text.startswith("No rush.") and chat.state == "diagnosis"


def test_their_own_policy_told_of_presenters_stays_the_recorders(chat):
    chat.say("When a US user joins a meeting organized by someone in the EU, the Start recording option is greyed out "
             "for them, even though they are presenters and their own policy has Meeting recording turned on.")
    assert chat.session_answers().get("check_policy") == "on"
    assert "check_organizer_policy" not in chat.session_answers()


# --- helpdesk shorthand, the contradiction asked about, her organizing, the client who is external

def test_helpdesk_shorthand_is_read_as_the_words_it_stands_for(agent_chat):
    agent_chat.say("usr cant rec mtg. org. internal. pol on.")
    assert agent_chat.session_answers() == {"check_meeting_type": "meeting", "check_meeting_role": "organizer",
                                            "check_auth_type": "member", "check_policy": "on"}
    assert agent_chat.state == "run_diagnostic"


def test_org_inside_a_sentence_is_the_organization(agent_chat):
    agent_chat.say("user cant record, same org, internal user")
    assert "check_meeting_role" not in agent_chat.session_answers()


def test_the_policy_said_on_against_the_test_is_explained_not_missed(agent_chat):
    agent_chat.say("usr cant rec mtg. org. internal. pol on.")
    agent_chat.say("test: user not enabled")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("but i just told you the policy is on??")
    assert reply.text.startswith("I have it, and that's why I flagged it:") and "Get-CsOnlineUser" in reply.text


def test_she_organizes_a_weekly_meeting_is_the_organizer(agent_chat):
    agent_chat.say("troubleshoot for kim@contoso.com")
    agent_chat.say("kim organizes a weekly meeting, recording starts but stops after a few seconds with an error")
    assert agent_chat.session_answers()["check_meeting_role"] == "organizer"


def test_the_client_called_being_external_is_not_how_the_caller_joins(chat):
    chat.say("hi can u help me record a teams call with a client. there's no record button in the call")
    reply = chat.say("she's external")
    assert "check_auth_type" not in chat.session_answers()
    assert reply.text.startswith("Microsoft's pages say this of meetings: Guests, external (federated) users")
    assert "Recording a call is allowed by the calling policy" in reply.text


# --- a doubted change answered with the value, presenter needed, organizer away, events policy fine, escalate?

def test_a_doubted_change_answered_with_its_value_makes_it(chat):
    chat.say("my colleague cant record")
    chat.say("she's a presenter")
    chat.say("hmm actually i'm not sure she is, could be attendee")
    reply = chat.say("she said attendee")
    assert reply.text.startswith("Changed the recorder's role in the meeting from **Presenter** to **Attendee**.")
    assert chat.state == "diagnosis"


def test_she_needs_to_be_presenter_and_the_organizer_on_holiday_are_answered(chat):
    chat.say("my colleague cant record, she's an attendee")
    assert chat.state == "diagnosis"
    assert "presenter or co-organizer" in chat.say("ok so she needs to be presenter?").text
    assert chat.say("what if the organizer is on holiday").text.startswith(
        "The recording doesn't depend on the organizer joining")


def test_events_policy_is_fine_answers_the_events_policy(agent_chat):
    agent_chat.say("user can't record, town hall")
    agent_chat.say("he's a presenter")
    agent_chat.say("events policy is fine")
    assert agent_chat.session_answers()["check_events_policy"] == "on"


def test_escalate_asked_mid_check_is_not_the_fix_of_a_topic_ruled_out(agent_chat):
    agent_chat.say("user can't record, town hall")
    agent_chat.say("he's a presenter")
    agent_chat.say("events policy is fine")
    reply = agent_chat.say("so now what? escalate?")
    assert reply.text.startswith("I'll tell you the fix once we've found the cause.")


def test_recordings_that_vanish_after_some_time_have_expired_and_the_default_is_the_expirys(agent_chat):
    agent_chat.say("INC0045511 - user reports recordings from her team's channel meetings vanish after some time")
    assert agent_chat.session["topic"] == "ams_expiry"
    assert "NewMeetingRecordingExpirationDays" in agent_chat.say("can we stop that from happening?").text
    assert "by default 120 days" in agent_chat.say("what's the default?").text


# --- organizing it this time, what to ask IT, a restrictive policy meant that way

def test_im_organizing_it_this_time_is_the_organizer(chat):
    chat.say("Our CEO wants to record the all-hands town hall next week. Last time the recording didn't work.")
    assert chat.say("I'm organizing it this time").text == "Got it: you organize it."


def test_what_do_i_ask_it_exactly_is_the_ticket(chat):
    chat.say("the record button is greyed out in my meeting")
    assert chat.say("what do I ask IT exactly?").text.startswith("**Recording troubleshooting ticket**")


def test_a_restrictive_policy_said_intentional_at_its_question_ends_with_nothing_to_fix(agent_chat):
    agent_chat.say("troubleshoot for sara@contoso.com")
    agent_chat.say('Sara reports: "The Record button is missing in my 1:1 calls with customers, but works in meetings"')
    agent_chat.say("Get-CsOnlineUser sara@contoso.com | select TeamsCallingPolicy\n\nTeamsCallingPolicy\n"
                   "------------------\nTag:NoRecordingCalls")
    assert agent_chat.state == "check_calling_policy"
    reply = agent_chat.say("yes that's intentional for her department actually")
    assert reply.text.startswith("Then it works as intended: Cloud recording for calling is off")
    assert agent_chat.session_answers()["check_calling_policy"] == "off" and agent_chat.state == "resolved"
    assert agent_chat.say("so what do I tell her?").text.startswith("Tell the person that recording is off on purpose")


# --- "recording is greyed out again", "dunno, prob on", "idk" at the test, "why would there be a lock?"

def test_recording_greyed_out_again_is_the_button(chat):
    chat.say("yo. recording is greyed out again. same as last month")
    assert chat.session["topic"] == "start"


def test_dunno_prob_on_is_a_hedged_on(chat):
    chat.say("the record button is greyed out in my meeting")
    chat.say("ya its my meeting")
    chat.say("im internal obvs")
    assert chat.state == "check_policy"
    reply = chat.say("dunno, prob on")
    assert reply.card["body"][0]["text"] == "So it's on?"


def test_idk_at_the_test_is_who_runs_it(chat):
    chat.say("the record button is greyed out in my meeting")
    chat.say("ya its my meeting")
    chat.say("im internal obvs")
    chat.click("unsure")
    assert chat.state == "run_diagnostic"
    assert chat.say("ok fine idk").text.startswith("The test needs an admin account")


def test_why_a_lock_is_who_can_record(agent_chat):
    agent_chat.say("lee cant record, says theres a lock icon on the record button")
    agent_chat.say("he's presenter, org is his manager")
    assert "The role someone has in the meeting decides" in agent_chat.say("why would there be a lock?").text


def test_even_ones_i_create_is_the_organizer_and_where_else_says_where_the_checks_go(chat):
    chat.say("hello, recording option not available for me in teams meetings since yesterday")
    chat.say("all meetings, even ones I create")
    assert chat.session_answers()["check_meeting_role"] == "organizer"
    chat.say("internal employee")
    chat.say("i checked with IT, they said nothing changed")
    reply = chat.say("where else could the problem be?")
    assert reply.text.startswith("I go through the causes") and "That's all I have" not in reply.text


# --- "no idea" at "Who organized it?", the policy said before it is asked, "I'm the admin" mid-check,
# --- a co-organizer's answer, "it was a normal meeting actually", "how do I check it?" of the answer before

@pytest.mark.parametrize("doubt", ["no idea honestly", "dunno"])
def test_no_idea_who_organized_it_goes_on_as_someone_else_and_the_ticket_says_unverified(chat, doubt):
    chat.say("can't record")
    chat.say("a meeting")
    chat.say("i'm not sure")
    assert chat.state == "check_organizer"
    reply = chat.say(doubt)
    assert "I couldn't tell" not in reply.full and reply.text.startswith("Then I'll go on as if someone else")
    assert chat.state == "check_auth_type" and chat.session_answers()["check_organizer"] == "someone_else"
    chat.say("internal")
    assert chat.state == "check_organizer_policy"  # as the reply said: the organizer's policy is checked too
    ticket = chat.say("summary").full
    assert "Who organized the meeting: **Someone else** (unverified)" in ticket


def test_an_organizer_said_after_no_idea_replaces_the_assumption(chat):
    chat.say("can't record")
    chat.say("a meeting")
    chat.say("i'm not sure")
    chat.say("no idea")
    chat.say("oh wait, I set it up actually")
    assert chat.session_answers()["check_organizer"] == "me"


@pytest.mark.parametrize("first, later", [
    ("i can't record my meeting, I'm the organizer. IT said the policy is on", "internal"),
    ("no record button in my meeting, I'm the organizer", "i checked with IT and they said the policy is on"),
])
def test_a_policy_said_on_before_its_question_is_not_asked(chat, first, later):
    chat.say(first)
    chat.say(later)
    if chat.state == "check_auth_type":
        chat.say("internal")
    assert chat.session_answers()["check_policy"] == "on" and chat.state == "run_diagnostic"


def test_the_policy_said_off_by_it_before_its_question_is_the_diagnosis(chat):
    chat.say("no record button in my meeting, I'm the organizer")
    chat.say("the helpdesk told me the policy is disabled")
    assert chat.session_answers()["check_policy"] == "off"


def test_im_the_admin_mid_check_switches_to_the_admin_steps(chat):
    chat.say("we can't record any meetings since last week, everyone in the company")
    reply = chat.say("I'm the admin")
    assert reply.text.startswith("You're an admin, so I'll show the admin-center steps")
    assert chat.session["audience"] == "agent" and chat.state == "check_meeting_role"
    reply = chat.say("how do i check which policy changed")
    assert "Ask your admin" not in reply.full and "Get-CsOnlineUser" in reply.full


def test_an_admin_question_mid_check_does_not_switch(chat):
    chat.say("can't record my meeting")
    chat.say("do I need an admin for this?")
    assert chat.session["audience"] == "user"


def test_a_co_organizers_answer_is_not_also_said_back_as_someone_else_organized_it(chat):
    chat.say("hey so I'm trying to record the all hands tomorrow and the button is greyed out")
    reply = chat.say("I'm one of the co-organizers")
    assert chat.session_answers()["check_meeting_role"] == "co_organizer"
    assert "someone else organized it" not in reply.full


def test_a_normal_meeting_after_all_takes_the_channel_back(chat):
    chat.say("i recorded the meeting yesterday but i can't find it anywhere")
    chat.say("it was a channel meeting")
    reply = chat.say("oh wait no it was a normal meeting actually")
    assert reply.text.startswith("Got it: not a channel meeting")
    assert "onedrive_check" in [d.get("answer") for d in submits(reply)]


def test_how_do_i_check_it_after_a_topic_answer_is_about_that_topic(chat):
    chat.say("hey so I'm trying to record the all hands tomorrow and the button is greyed out")
    chat.say("I'm one of the co-organizers")
    chat.say("what does the events policy even do")
    reply = chat.say("ok how do I check it")
    assert "events polic" in reply.text and "If you joined with your work account" not in reply.text
    assert chat.state == "check_auth_type"


def test_how_do_i_check_it_with_nothing_answered_before_is_the_pending_question(chat):
    chat.say("can't record my meeting")
    chat.say("organizer")
    reply = chat.say("how do I check it?")
    assert "If you joined with your work account" in reply.text


# --- "im the teacher" between an answer and "how do I stop them?"; "can I change that?" of the 4-hour limit

def test_a_teacher_noted_in_between_keeps_the_answer_before_in_view(chat):
    chat.say("my students can record the class and i dont want them to")
    reply = chat.say("im the teacher")
    assert reply.text == "Got it: you organize it." and chat.session_answers()["check_meeting_role"] == "organizer"
    reply = chat.say("how do i stop them")
    assert "Who can record and transcribe" in reply.full and "I don't know that one" not in reply.full


def test_can_i_change_the_four_hour_limit_says_it_is_no_setting(chat):
    chat.say("why is my recording only 4 hours long, the meeting was 6 hours")
    reply = chat.say("can I change that?")
    assert "it is not a setting, so no policy or meeting option raises it" in reply.text
    assert "I can't tell which setting you mean" not in reply.full


# --- an agent's "she was the organizer" at "Is it one of these?", a OneDrive "at 100%", a fact after the ticket

def test_she_was_the_organizer_at_is_it_one_of_these_is_noted_and_keeps_the_choices(agent_chat):
    first = agent_chat.say("hi, helping a user who says the recording just vanished from the chat after the meeting")
    assert agent_chat.state == "clarify"
    reply = agent_chat.say("she was the organizer, meeting last Tuesday")
    assert reply.text.startswith("Got it: they organize it.") and submits(reply) == submits(first)


@pytest.mark.parametrize("said", ["her onedrive is at 100%", "onedrive shows 99 percent"])
def test_a_onedrive_at_a_hundred_percent_is_full(agent_chat, said):
    agent_chat.say("hi, helping a user who says the recording just vanished from the chat after the meeting")
    agent_chat.say("she was the organizer, meeting last Tuesday")
    reply = agent_chat.say(said)
    assert agent_chat.session_answers()["check_onedrive"] == "full" and agent_chat.state == "diagnosis"
    assert "Has the organizer" not in reply.full


def test_a_onedrive_with_100_gb_free_is_not_full(chat):
    chat.say("my recording never showed up in onedrive, I'm the organizer")
    chat.say("my onedrive is at 100 gb free")
    assert chat.session_answers().get("check_onedrive") != "full"


def test_a_fact_told_after_the_ticket_goes_on_it_not_into_a_new_problem(agent_chat):
    agent_chat.say("user says recording fails with error \"Recording failed to upload\" or something like that")
    agent_chat.say("checked, onedrive has plenty of space")
    assert agent_chat.state == "escalate"
    reply = agent_chat.say("she's the organiser yes")
    assert agent_chat.state == "escalate" and reply.text.startswith("Got it: they organize it. It's on the summary")
    ticket = agent_chat.say("summary").full
    assert "Recording failed to upload" in ticket and "The recorder's role in the meeting: **Organizer**" in ticket


def test_a_new_problem_after_the_ticket_is_still_a_new_problem(chat):
    chat.say("my recording is gone after 120 days")
    chat.click("escalate")
    reply = chat.say("also I'm the organizer and now I can't record at all")
    assert chat.state != "escalate" and "It's on the summary" not in reply.full


# --- "idk about policies" at the calling policy, two messages that agree at "Is it one of these?", a role said in
# --- one word at another question, "so basically I can't do anything?", a co-organizer from outside

def test_idk_about_policies_at_the_calling_policy_is_not_sure(chat):
    chat.say("my 1:1 call wont record")
    assert chat.state == "check_calling_policy"
    reply = chat.say("idk about policies")
    assert chat.session_answers()["check_calling_policy"] == "unsure" and "I couldn't tell" not in reply.full


def test_not_sure_about_the_meeting_policy_at_the_calling_policy_is_about_another_policy(chat):
    chat.say("my 1:1 call wont record")
    chat.say("not sure about my meeting policy")
    assert "check_calling_policy" not in chat.session_answers()


STANDUP = ("Hi there! Our team uses Teams for daily standups and we like to record them for people in other time "
           "zones. Since Monday the recordings don't appear anywhere. The meeting is set up by our manager in the "
           "team channel. Can you help?")


def test_a_message_that_puts_the_same_problem_first_settles_is_it_one_of_these(chat):
    first = chat.say(STANDUP)
    assert chat.state == "clarify" and submits(first)[0]["answer"] == "storage_location"
    assert submits(chat.say("yes please")) == submits(first)  # says no more: the same choices, in the same order
    reply = chat.say("I looked in the Files tab, nothing there")
    assert chat.session["topic"] == "storage_location" and "channel's files" in reply.text


@pytest.mark.parametrize("word, check, answer", [("attendee", "check_meeting_role", "attendee"),
                                                 ("guest", "check_auth_type", "guest"),
                                                 ("co-organizer", "check_meeting_role", "co_organizer")])
def test_a_role_or_an_account_said_in_one_word_at_another_question_is_kept(chat, word, check, answer):
    chat.say("recording greyed out")
    assert chat.state == "check_meeting_type"
    reply = chat.say(word)
    assert chat.session_answers()[check] == answer and "I couldn't tell" not in reply.full


def test_an_agents_one_word_role_is_the_persons(agent_chat):
    agent_chat.say("user cant record")
    agent_chat.say("presenter")
    assert agent_chat.session_answers()["check_meeting_role"] == "presenter"


def test_so_basically_i_cant_do_anything_is_what_to_do(chat):
    chat.say("teams won't let me record")
    chat.say("its a meeting, i'm presenting")
    reply = chat.say("so basically i can't do anything?")
    assert "I don't know that one" not in reply.full and "once we've found the cause" in reply.text


def test_the_organizer_in_another_company_is_joining_from_outside(chat):
    chat.say("teams won't let me record")
    chat.say("its a meeting, i'm presenting, the organizer is in another company")
    assert chat.session_answers()["check_auth_type"] == "federated" and chat.state == "diagnosis"


def test_a_guest_whose_organizer_is_from_another_company_is_a_guest(chat):
    chat.say("cant record. im a guest, the organizer is from another company")
    assert chat.session_answers()["check_auth_type"] == "guest"


def test_becoming_co_organizer_says_it_helps_only_a_member(chat):
    chat.say("teams won't let me record")
    chat.say("its a meeting, i'm presenting")
    reply = chat.say("what if i ask them to make me co-organizer")
    assert reply.text.startswith("The organizer makes the recorder a presenter or co-organizer")
    assert "It helps only someone who joins as a member" in reply.text and not reply.text.startswith(">")


def test_becoming_co_organizer_from_outside_wont_help(chat):
    chat.say("im a guest in a meeting and cant record")
    reply = chat.say("what if i ask them to make me co-organizer")
    assert reply.text.startswith("That won't help")


def test_the_meeting_policy_named_during_a_calls_check_leaves_it_a_call(agent_chat):
    agent_chat.say("her 1:1 calls won't record")
    agent_chat.say("checked her meeting policy too, it's fine")
    assert agent_chat.session_answers()["check_meeting_type"] == "call"


def test_the_organizers_meeting_options_still_say_it_is_a_meeting(chat):
    chat.say("I'm a presenter, not organizer. Record greyed out. Is it the organizer's meeting options?")
    assert chat.session_answers()["check_meeting_type"] == "meeting"


# --- an agent's user with a two-letter name, her own policy pasted at the organizer's question (as JSON), whose
# --- policy counts, "she'll try tomorrow"

def _li_at_the_organizers_question(agent_chat):
    agent_chat.say("troubleshoot for li.wei@contoso.com")
    agent_chat.say("Li is a presenter in a weekly meeting run by her manager, cannot record, internal account")


def test_a_two_letter_first_name_is_the_person_and_run_by_her_manager_is_someone_else(agent_chat):
    _li_at_the_organizers_question(agent_chat)
    answers = agent_chat.session_answers()
    assert answers["check_meeting_role"] == "presenter" and answers["check_organizer"] == "someone_else"
    assert agent_chat.state == "check_organizer_policy"


JSON_ASSIGNED = ('PS> Get-CsOnlineUser li.wei@contoso.com | Select-Object TeamsMeetingPolicy | ConvertTo-Json\n'
                 '{\n    "TeamsMeetingPolicy":  {\n        "Name":  "RestrictedMeetings",\n'
                 '        "Authority":  "Tenant"\n    }\n}')
RESTRICTED_OFF = ('PS> Get-CsTeamsMeetingPolicy RestrictedMeetings | ft Identity,AllowCloudRecording\n\n'
                  'Identity                  AllowCloudRecording\n--------                  -------------------\n'
                  'Tag:RestrictedMeetings    False')


def test_the_persons_policy_pasted_at_the_organizers_question_is_hers_not_the_organizers(agent_chat):
    _li_at_the_organizers_question(agent_chat)
    reply = agent_chat.say(JSON_ASSIGNED)
    assert reply.text.startswith("Noted: **li.wei@contoso.com**'s meeting policy is **RestrictedMeetings**")
    assert agent_chat.state == "check_organizer_policy"
    reply = agent_chat.say(RESTRICTED_OFF)
    answers = agent_chat.session_answers()
    assert answers["check_policy"] == "off" and "check_organizer_policy" not in answers
    assert "in **RestrictedMeetings**, the meeting policy assigned to the user" in reply.text


def test_her_policy_and_its_setting_in_words_at_the_organizers_question_are_hers_and_the_question_stays(agent_chat):
    _li_at_the_organizers_question(agent_chat)
    reply = agent_chat.say("her policy is Fabrikam-Standard and AllowCloudRecording is True")
    answers = agent_chat.session_answers()
    assert answers["check_policy"] == "on" and "check_organizer_policy" not in answers  # was noted as both
    assert agent_chat.state == "check_organizer_policy"
    assert "Got it: recording is on in their meeting policy." in reply.text


def test_the_organizers_meeting_policy_in_words_at_another_question_is_the_organizers(agent_chat):
    agent_chat.say("user can't record the meeting")
    reply = agent_chat.say("organizer's meeting policy AllowCloudRecording True")
    answers = agent_chat.session_answers()
    assert answers["check_organizer_policy"] == "on" and "check_policy" not in answers  # was the person's
    assert "Got it: recording is on in the organizer's meeting policy." in reply.text


def test_a_setting_pasted_at_another_question_says_whose_it_was_taken_for(agent_chat):
    agent_chat.say("user can't record the meeting")
    agent_chat.say("meeting")
    state = agent_chat.state
    reply = agent_chat.say("policy shows\nAllowCloudRecording : True")
    assert agent_chat.state == state and agent_chat.session_answers()["check_policy"] == "on"
    assert "Got it: recording is on in their meeting policy." in reply.text  # was only the line read


def test_a_policy_pasted_at_the_organizers_question_is_the_organizers(agent_chat):
    _li_at_the_organizers_question(agent_chat)
    agent_chat.say(RESTRICTED_OFF)
    assert agent_chat.session_answers()["check_organizer_policy"] == "off"


def test_an_assigned_policy_as_a_json_object_is_read(agent_chat):
    agent_chat.say("troubleshoot for li.wei@contoso.com")
    agent_chat.say("li cant record her meetings, she's the organizer, internal")
    assert agent_chat.state == "check_policy"
    assert "the meeting policy is **RestrictedMeetings**" in agent_chat.say(JSON_ASSIGNED).text


def test_does_her_policy_even_matter_says_both_count(agent_chat):
    _li_at_the_organizers_question(agent_chat)
    agent_chat.say(RESTRICTED_OFF.replace("Tag:RestrictedMeetings", "Tag:OrgMeetings"))
    reply = agent_chat.say("wait, but she's not the organizer, does her policy even matter?")
    assert reply.text.startswith("Yes, both count: a meeting can be recorded only when it is on in the policy of "
                                 "the organizer and in the policy of the person who starts the recording.")


def test_shell_try_tomorrow_after_the_change_leaves_the_case_open(agent_chat):
    _li_at_the_organizers_question(agent_chat)
    agent_chat.say(JSON_ASSIGNED)
    agent_chat.say(RESTRICTED_OFF)
    agent_chat.say("ok changed it")
    reply = agent_chat.say("she'll try tomorrow")
    assert reply.text == "No rush. Tell me how it goes once they've tried." and agent_chat.state == "diagnosis"


# --- after who can watch a recording: where it is, "they still can't open it", how to share it; guests who want to
# --- watch one; back to Stream; the same uncovered subject twice

TEACHER = "Good morning, I'm a teacher and my students can't see the recording of yesterday's lesson"


def test_where_do_i_find_it_after_who_can_watch_is_where_it_is(chat):
    chat.say(TEACHER)
    reply = chat.say("where do i find it then")
    assert reply.text.startswith("Where a recording lands depends on what was recorded")
    assert word_count(reply.text) <= 120


def test_they_still_cant_open_it_is_who_can_watch_not_the_guided_check(chat):
    chat.say(TEACHER)
    chat.say("where do i find it then")
    reply = chat.say("found it but they still cant open it")
    assert chat.state == "offer" and "Who can see or watch a meeting recording" in reply.text


@pytest.mark.parametrize("ask", ["how do I give them access then", "how do I share it with them"])
def test_how_to_share_it_says_who_shares_it_and_how(chat, ask):
    chat.say(TEACHER)
    reply = chat.say(ask)
    assert reply.text.startswith("Sharing is done by someone with full edit rights on the file")
    assert "doesn't cover that" not in reply.text


def test_where_do_i_find_it_at_a_check_is_still_how_to_find_out(chat):
    chat.say("can't record my meeting")
    chat.say("organizer")
    assert "Where a recording lands" not in chat.say("where do i find it?").text


def test_can_external_guests_see_the_recording_is_who_can_watch_it(chat):
    reply = chat.say("can external guests see the recording?")
    assert "guests and external participants can watch it only once it is shared with them" in reply.text
    assert chat.state == "offer"


def test_moving_recordings_back_to_stream_gets_that_stream_classic_is_retired(chat):
    chat.say("my recordings used to go to stream, now they're in onedrive, why?")
    reply = chat.say("can i move them back to stream")
    assert "Microsoft retired Stream (Classic)" in reply.text and "I don't know that one" not in reply.text


def test_the_same_uncovered_subject_again_is_not_the_whole_answer_again(chat):
    first = chat.say("recording works but transcription doesn't")
    reply = chat.say("ok what about transcript then")
    assert reply.text.startswith("That's all I have on it") and word_count(reply.text) < word_count(first.text)


def test_students_who_cant_see_the_recording_is_who_can_watch_it(chat):
    reply = chat.say("my students can't see the recording of yesterday's lesson")
    assert reply.text.startswith("Who can see or watch a meeting recording")


def test_i_cant_see_the_recording_is_still_where_it_went(chat):
    reply = chat.say("i can't see the recording of yesterday's meeting")
    assert not reply.text.startswith("Who can see or watch a meeting recording")


def test_students_who_cant_see_the_recording_after_restart_is_who_can_watch_it_too(chat):
    chat.say("restart")
    assert chat.state == "triage"
    reply = chat.say("my students can't see the recording of yesterday's lesson")
    assert reply.text.startswith("Who can see or watch a meeting recording")


def test_the_commands_an_agent_gets_have_no_angle_brackets_teams_would_read_as_markup(agent_chat):
    shown = [agent_chat.say(said).full for said in ("cant record my meeting", "organizer", "internal",
                                                    "how do I check it?", "its off", "how do i fix it")]
    assert any("Get-CsOnlineUser -Identity user@contoso.com" in text for text in shown)
    assert any("Set-CsTeamsMeetingPolicy -Identity POLICY-NAME" in text for text in shown)
    assert not any("<" in text for text in shown)


# --- "what about mine" after the organizer's policy; a pasted table whose long value pushed the columns; "I'll
# --- increase her quota"

def test_what_about_mine_at_the_persons_own_policy_is_how_to_find_it_out(chat):
    chat.say("record button missing in my teams")
    chat.say("it's a recurring team meeting that my boss set up")
    chat.say("presenter")
    chat.say("yes work account")
    chat.say("ok she checked, it's on for her")
    assert chat.state == "check_policy"
    reply = chat.say("what about mine")
    assert reply.text.startswith("Only an admin can see meeting policies") and "I don't know that one" not in reply.full


SPO_PUSHED = ("Get-SPOSite -IncludePersonalSite $true -Filter \"Owner -eq 'jane.doe@contoso.com'\" | Select-Object "
              "Url, StorageUsageCurrent, StorageQuota\n\n"
              "Url                                                    StorageUsageCurrent StorageQuota\n"
              "---                                                    ------------------- ------------\n"
              "https://contoso-my.sharepoint.com/personal/jane_doe_contoso_com              1048200      1048576")


def test_a_table_whose_long_value_pushed_the_columns_is_read_by_words(agent_chat):
    agent_chat.say('INC445566 - user jane.doe@contoso.com - "I can\'t find my meeting recording from Monday"')
    agent_chat.say("she looked in onedrive recordings folder, nothing")
    assert agent_chat.state == "check_onedrive"
    reply = agent_chat.say(SPO_PUSHED)
    assert reply.text.startswith("Read from your paste: `StorageUsageCurrent 1048200`, `StorageQuota 1048576`")
    assert agent_chat.session_answers()["check_onedrive"] == "full"


def test_ill_increase_her_quota_says_the_onedrive_is_full(agent_chat):
    agent_chat.say('INC445566 - user jane.doe@contoso.com - "I can\'t find my meeting recording from Monday"')
    agent_chat.say("she looked in onedrive recordings folder, nothing")
    agent_chat.say("ok I'll increase her quota")
    assert agent_chat.session_answers()["check_onedrive"] == "full"


# --- the CEO's EA: told of someone else, who organizes the meetings

CEO_EA = ("Hi, can you help. Our CEO wants his all-staff meetings recorded but the record option is greyed out for "
          "his EA who runs them")


def test_greyed_out_for_his_ea_who_runs_them_is_the_ea_who_organizes(chat):
    chat.say(CEO_EA)
    assert "someone" in chat.session["flags"]  # the questions are about the EA, not the person typing
    assert chat.session_answers()["check_meeting_role"] == "organizer" and chat.state == "check_auth_type"
    assert chat.say("the EA organizes them on his behalf").text == "Yes, I have that: they organize it."


# --- an agent's calling policy: who set it, the change made, "it's been 2 days"; an organizer whose admin checked the
# --- policy, "yes internal", the test's result said as "it says ...", "but we have E3??"

NORECORD_OFF = "PS> Get-CsTeamsCallingPolicy NoRecord | fl AllowCloudRecordingForCalls\n\nAllowCloudRecordingForCalls : False"


def _sams_calling_policy_off(agent_chat):
    agent_chat.say("troubleshoot for sam@contoso.com")
    agent_chat.say("sam cant record calls")
    agent_chat.say("PS> Get-CsOnlineUser sam@contoso.com | fl TeamsCallingPolicy\n\nTeamsCallingPolicy : Tag:NoRecord")
    agent_chat.say(NORECORD_OFF)
    assert agent_chat.state == "diagnosis"


def test_is_that_intentional_says_an_admin_set_it_and_how_to_close_it_as_intended(agent_chat):
    _sams_calling_policy_off(agent_chat)
    reply = agent_chat.say("is that intentional? who would have set that")
    assert reply.text.startswith("Only a Teams admin can make these changes") and "it's intentional" in reply.text
    assert agent_chat.say("it's intentional").text.startswith("Then it works as intended")


def test_its_been_2_days_after_the_change_is_not_the_wait_nor_expiry(agent_chat):
    _sams_calling_policy_off(agent_chat)
    agent_chat.say("done")
    agent_chat.say("he still can't")
    state = agent_chat.state
    reply = agent_chat.say("it's been 2 days")
    assert reply.text.startswith("Then it isn't the wait") and "expire" not in reply.text
    assert agent_chat.state == state


def test_how_long_it_has_been_without_a_change_is_not_a_recording_expiring(chat):
    chat.say("can't record my meeting")
    reply = chat.say("it's been 2 days")
    assert "expire" not in reply.text and not reply.text.startswith("Then it isn't the wait")


E3_ORGANIZER = ("Teams recording disabled. I am the organiser. I checked with my admin and the policy is ok. Tried web "
                "and desktop app. Still greyed out. We are on E3 licences.")


def test_the_policy_checked_with_the_admin_and_yes_internal_are_kept(chat):
    chat.say(E3_ORGANIZER)
    assert chat.session_answers()["check_policy"] == "on"
    chat.say("yes internal")
    assert chat.session_answers()["check_auth_type"] == "member"


def test_the_tests_result_said_as_it_says_is_the_diagnosis_and_e3_gets_what_the_test_looks_at(chat):
    chat.say(E3_ORGANIZER)
    reply = chat.say("ok my admin ran it, it says no required teams license")
    assert chat.state == "diagnosis" and chat.session_answers()["run_diagnostic"] == "teams_license"
    assert reply.text.startswith("Got it: the test found no required Teams license.")
    reply = chat.say("but we have E3??")
    assert reply.text.startswith("The test looks at the account itself") and "I don't know that one" not in reply.full


def test_an_agents_first_message_with_the_tests_result_is_the_diagnosis(agent_chat):
    agent_chat.say("troubleshoot for sam@contoso.com")
    agent_chat.say("sam cant record meetings, test says no required teams license")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("but we have E3")
    assert "Get-MgUserLicenseDetail -UserId sam@contoso.com" in reply.text


# --- typed fast: "yea im internl", "wat now"; an attendee's "so i cant record at all?" and asking to be a presenter;
# --- where the boss's call recording is

def test_internl_and_wat_now_are_read_as_meant(chat):
    chat.say("recordng buton greyd out in my meetng")
    chat.say("its my meetng")
    chat.say("yea im internl")
    assert chat.session_answers()["check_auth_type"] == "member"
    reply = chat.say("wat now")
    assert "I couldn't tell" not in reply.full and "this question is the next one" in reply.text


def test_so_i_cant_record_at_all_at_an_attendees_diagnosis_is_the_fix(chat):
    chat.say("i dont see the record button")
    chat.say("im just an attendee")
    reply = chat.say("so i cant record at all?")
    assert reply.text.startswith("The fix: the organizer makes the recorder a presenter")


def test_asking_the_organiser_to_be_made_presenter_is_the_roles_fix_not_a_quote(chat):
    chat.say("i dont see the record button")
    chat.say("im just an attendee")
    reply = chat.say("can i ask the organiser to make me a presenter")
    assert reply.text.startswith("The organizer makes the recorder a presenter") and not reply.text.startswith(">")


def test_where_a_calls_recording_is_names_only_calls(chat):
    chat.say("i have a question about recordings")
    chat.say("where do they go")
    reply = chat.say("my boss recorded our 1:1 call, where would it be")
    assert "1:1 and group calls: the OneDrive of the person who selected **Record**." in reply.text
    assert "Channel meetings" not in reply.text


def test_he_still_cant_right_after_the_change_is_too_soon_said_short(agent_chat):
    _sams_calling_policy_off(agent_chat)
    agent_chat.say("done")
    reply = agent_chat.say("he still can't")
    assert agent_chat.state == "diagnosis" and reply.text.startswith("That's too soon to tell. As above")
    assert word_count(reply.text) < 30


def test_still_failing_the_next_day_after_the_change_goes_on(agent_chat):
    _sams_calling_policy_off(agent_chat)
    agent_chat.say("done")
    agent_chat.say("he still can't, it's been a day since")
    assert agent_chat.session_answers()["diagnosis"] == "not_fixed"


# --- Stream (Classic) said up front; a webinar that should record itself; a channel's recording missing

def test_a_stream_topic_says_first_that_stream_classic_is_retired(chat):
    reply = chat.say("we still use stream for our recordings, upload fails")
    assert chat.state == "check_stream_upload"
    assert reply.text.startswith("Note first: Since 30 August 2021 every new Teams meeting recording is saved to "
                                 "OneDrive or SharePoint")


def test_should_a_webinar_start_recording_by_itself_and_where_to_turn_that_on(chat):
    chat.say("webinar recording didn't start automatically")
    chat.say("i'm the organizer")
    reply = chat.say("is it supposed to start by itself?")
    assert "recorded automatically by default" in reply.text and "I don't know that one" not in reply.full
    reply = chat.say("where do i turn that on")
    assert reply.text.startswith("The organizer does, in the meeting options") and "Set-CsTeamsEventsPolicy" not in \
        reply.full


def test_a_channel_recording_missing_from_the_channel_files_is_where_it_went_and_said_again_is_short(chat):
    reply = chat.say("channel meeting recording is missing from the channel files")
    assert chat.state == "offer" and "A channel meeting's recording is saved with the channel's files" in reply.text
    reply = chat.say("it was in the General channel")
    assert reply.text.startswith("Yes, I have that: it was a channel meeting")


# --- "this bot is useless" first, another language, "meeting, organizer"

def test_this_bot_is_useless_first_says_what_it_can_do(chat):
    reply = chat.say("this bot is useless")
    assert reply.text.startswith("I'm a bot, and I can't hand you over to a person myself, but I can find out")
    assert "doesn't cover that" not in reply.text


@pytest.mark.parametrize("said", ["Aufnahme in Teams funktioniert nicht", "la grabación no funciona en teams",
                                  "l'enregistrement ne marche pas dans Teams"])
def test_a_message_in_another_language_is_asked_for_in_english(chat, said):
    reply = chat.say(said)
    assert reply.text.startswith("I can only read English, sorry.")


@pytest.mark.parametrize("said", ["recordng buton greyd out in my meetng", "whiteboard transcription missing",
                                  "onedrive quota full, recording gone"])
def test_english_with_slips_or_product_words_is_not_taken_for_another_language(chat, said):
    assert "I can only read English" not in chat.say(said).text


def test_meeting_comma_organizer_answers_both(chat):
    chat.say("recording doesnt work")
    chat.say("meeting, organizer")
    assert chat.session_answers()["check_meeting_role"] == "organizer" and chat.state == "check_auth_type"


# --- the teller's own policy when a colleague can't record; "the admin turned it on"

def test_the_tellers_own_policy_is_not_the_colleagues(chat):
    chat.say("my coworker can't record, it's my meeting though")
    chat.say("she's an attendee")
    reply = chat.say("my policy is fine, I record my own meetings all the time")
    assert "check_policy" not in chat.session_answers() and "their meeting policy" not in reply.text


def test_her_policy_said_by_a_colleague_is_still_hers(chat):
    chat.say("my coworker can't record in our meetings")
    chat.say("her policy is fine, IT checked")
    assert chat.session_answers().get("check_policy") == "on"


def test_the_admin_turned_it_on_is_the_policy_on_and_a_change_made(chat):
    chat.say("can't record")
    reply = chat.say("the admin turned it on")
    assert chat.session_answers()["check_policy"] == "on" and "policy_changed" in chat.session["flags"]
    assert reply.text.startswith("Got it: recording is on in your meeting policy")


# --- a table of every meeting policy pasted: only the person's row, or which one is theirs

ALL_POLICIES = ("Get-CsTeamsMeetingPolicy | ft Identity, AllowCloudRecording\n\n"
                "Identity                 AllowCloudRecording\n--------                 -------------------\n"
                "Global                   True\nTag:AllOn                True\nTag:RestrictedAnonymous  False\n"
                "Tag:Kiosk                False")


def _ana_at_her_policy(agent_chat):
    agent_chat.say("troubleshoot for ana@contoso.com")
    agent_chat.say("ana cant record her meetings, shes the organizer, internal")
    assert agent_chat.state == "check_policy"


def test_a_table_of_every_policy_is_no_answer_until_the_persons_is_known(agent_chat):
    _ana_at_her_policy(agent_chat)
    reply = agent_chat.say(ALL_POLICIES)
    assert reply.text.startswith("That output lists several policies (**Global**, **AllOn**, **RestrictedAnonymous**, "
                                 "**Kiosk**)") and "check_policy" not in agent_chat.session_answers()
    reply = agent_chat.say("which one does she have")
    assert "Get-CsOnlineUser -Identity ana@contoso.com" in reply.text


def test_a_table_of_every_policy_is_read_for_the_persons_row(agent_chat):
    _ana_at_her_policy(agent_chat)
    agent_chat.say("Get-CsOnlineUser ana@contoso.com | select TeamsMeetingPolicy\n\nTeamsMeetingPolicy\n"
                   "------------------\nKiosk")
    reply = agent_chat.say(ALL_POLICIES)
    assert agent_chat.session_answers()["check_policy"] == "off" and agent_chat.state == "diagnosis"
    assert "Set-CsTeamsMeetingPolicy -Identity Kiosk" in reply.text


def test_a_table_of_every_policy_pasted_first_is_read_once_get_csonlineuser_names_the_persons(agent_chat):
    _ana_at_her_policy(agent_chat)
    agent_chat.say(ALL_POLICIES)
    reply = agent_chat.say("Get-CsOnlineUser ana@contoso.com | select TeamsMeetingPolicy\n\nTeamsMeetingPolicy\n"
                           "------------------\nKiosk")
    assert agent_chat.session_answers()["check_policy"] == "off" and agent_chat.state == "diagnosis"
    assert reply.text.startswith("Noted: the meeting policy is **Kiosk**.") and "Now paste" not in reply.text


@pytest.mark.parametrize("said", ["i just want to record my meeting!!!", "why can't I record my meeting",
                                  "the button is grey in my meeting"])
def test_my_meeting_said_in_passing_at_the_role_question_is_no_role(chat, said):
    chat.say("i can't record my meeting")
    reply = chat.say(said)
    assert chat.state == "check_meeting_role" and "check_meeting_role" not in chat.session_answers()
    assert asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("said", ["it's my meeting", "my meeting", "that's my own meeting", "my own meeting, yes"])
def test_it_is_my_meeting_at_the_role_question_is_the_organizer(chat, said):
    chat.say("i can't record my meeting")
    chat.say(said)
    assert chat.session_answers()["check_meeting_role"] == "organizer"


@pytest.mark.parametrize("said", ["no, HR organised it", "i'm not the one who set it up, HR did",
                                  "the comms team scheduled it"])
def test_a_team_that_set_the_meeting_up_is_someone_else_not_the_person(chat, said):
    chat.say("i cant record my teams meeting")
    reply = chat.say(said)
    assert chat.session_answers().get("check_meeting_role") != "organizer"
    assert chat.session_answers()["check_organizer"] == "someone_else"
    assert "someone else organized it" in reply.text and asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("pasted", ["Get-CsOnlineUser jane@contoso.com | select TeamsMeetingPolicy",
                                    "ok i ran Get-CsTeamsMeetingPolicy -Identity Global | fl AllowCloudRecording"])
def test_a_command_pasted_without_its_output_asks_for_the_output(agent_chat, pasted):
    agent_chat.say("user can't record, she's the organizer of a teams meeting, internal")
    reply = agent_chat.say(pasted)
    assert agent_chat.state == "check_policy" and "check_policy" not in agent_chat.session_answers()
    assert "paste what it prints" in reply.text and "couldn't tell" not in reply.text
    assert asks(reply) == "check_policy"


def test_a_question_naming_a_command_is_answered_not_taken_for_a_paste(agent_chat):
    agent_chat.say("user can't record, she's the organizer of a teams meeting, internal")
    reply = agent_chat.say("what does Get-CsOnlineUser show?")
    assert "paste what it prints" not in reply.text


def test_a_set_command_that_turns_recording_on_is_a_change_made_with_its_wait(agent_chat):
    agent_chat.say("user can't record, she's the organizer of a teams meeting, internal")
    reply = agent_chat.say("Set-CsTeamsMeetingPolicy -Identity Global -AllowCloudRecording $true")
    assert agent_chat.session_answers()["check_policy"] == "on"
    assert "policy_changed" in agent_chat.session["flags"]
    assert "24 hours" in reply.text


@pytest.mark.parametrize("said", ["i wasn't the organizer, sarah from marketing was", "i wasn't even the organiser"])
def test_not_having_organized_it_said_after_the_answer_is_noted(chat, said):
    chat.say("Hi, I can't find the recording of our weekly sync from tuesday")
    reply = chat.say(said)
    assert chat.session_answers()["check_organizer"] == "someone_else"
    assert "someone else organized it" in reply.text and "couldn't tell" not in reply.text


def test_wasnt_even_the_organizer_at_the_role_question_is_not_the_organizer(chat):
    chat.say("i can't record my meeting")
    chat.say("i wasn't even the organiser")
    assert chat.state == "check_meeting_role" and "check_meeting_role" not in chat.session_answers()


@pytest.mark.parametrize("asked", ["is that why he can't record?", "is it because of that?"])
def test_is_that_why_at_a_diagnosis_gets_what_points_to_the_cause(agent_chat, asked):
    agent_chat.say("user says meeting recording option greyed out. external user from partner company")
    reply = agent_chat.say(asked)
    assert agent_chat.state == "diagnosis" and "is what points to it" in reply.text
    assert "I don't know that one" not in reply.text


@pytest.mark.parametrize("asked, answered", [("is it because i'm on the web version?", "device or the app"),
                                             ("is it because of the policy?", "Meeting recording")])
def test_is_it_because_of_something_else_at_a_diagnosis_is_answered_about_that(chat, asked, answered):
    chat.say("i cant record, im a guest in the meeting")
    reply = chat.say(asked)
    assert answered in reply.text and "is what points to it" not in reply.text


def test_a_pasted_identity_line_alone_asks_for_that_policys_setting(agent_chat):
    agent_chat.say("User bob@contoso.com cannot start recording in a scheduled Teams meeting he organized. Internal user.")
    reply = agent_chat.say("Identity : Tag:Sales")
    assert agent_chat.state == "check_policy" and "check_policy" not in agent_chat.session_answers()
    assert "the policy **Sales**" in reply.text and "AllowCloudRecording" in reply.text
    assert "couldn't tell" not in reply.text


@pytest.mark.parametrize("pasted", ["AllowTranscription : True", "AllowTranscription : True\nAllowIPVideo : True"])
def test_another_setting_pasted_at_the_policy_question_says_which_one_is_needed(agent_chat, pasted):
    agent_chat.say("User bob@contoso.com cannot start recording in a scheduled Teams meeting he organized. Internal user.")
    reply = agent_chat.say(pasted)
    assert agent_chat.state == "check_policy" and "check_policy" not in agent_chat.session_answers()
    assert "I couldn't find the setting I need" in reply.text and "AllowCloudRecording" in reply.text


@pytest.mark.parametrize("typed", ["MeetingRecording: off", "CloudRecording = false", "Recording: disabled"])
def test_the_recording_setting_typed_like_powershell_is_still_read(agent_chat, typed):
    agent_chat.say("User bob@contoso.com cannot start recording in a scheduled Teams meeting he organized. Internal user.")
    agent_chat.say(typed)
    assert agent_chat.session_answers()["check_policy"] == "off"


def test_where_exactly_in_tac_after_saying_im_the_admin_is_about_the_answer_before(chat):
    chat.say("our recordings get deleted after like 2 months, can we stop that")
    chat.say("i'm the admin")
    reply = chat.say("where exactly in TAC")
    assert "Where a recording lands" not in reply.text and "Recordings** folder" not in reply.text


def test_a_hedged_no_then_how_would_i_know_is_how_to_find_out_not_a_confirmation(chat):
    chat.say("teams wont let me record my class")
    chat.say("im the teacher")
    chat.say("school account")
    reply = chat.say("i dont think so? how would i know")
    assert chat.state == "check_policy" and "check_policy" not in chat.session_answers()
    assert "Only an admin can see meeting policies" in reply.text and "So it's off?" not in str(reply.card)


def test_a_channel_said_at_another_question_is_acknowledged(chat):
    chat.say("teams wont let me record my class")
    chat.say("im the teacher")
    reply = chat.say("yes its in the class team, the general channel")
    assert "it's a channel meeting" in reply.text and "couldn't tell" not in reply.text
    assert "channel" in chat.session["flags"] and asks(reply) == "check_auth_type"


def test_what_they_did_at_is_it_one_of_these_picks_the_problem_it_proves(chat):
    chat.say("consent thing popped up and now nobody can hear me")
    assert chat.state == "clarify"
    reply = chat.say("i clicked dont allow by accident")
    assert chat.state == "diagnosis" and chat.session_answers()["check_consent"] == "declined"
    assert "declined to be recorded" in reply.text


def _presenter_in_her_managers_meeting(agent_chat):
    agent_chat.say("troubleshoot for li.wei@contoso.com")
    agent_chat.say("she can see the record button but when she clicks it nothing happens")
    agent_chat.say("she's presenter, meeting organized by her manager")
    agent_chat.say("both internal")
    assert agent_chat.state == "check_organizer_policy"


def test_the_organizers_setting_said_twice_in_one_message_is_not_also_the_persons(agent_chat):
    _presenter_in_her_managers_meeting(agent_chat)
    reply = agent_chat.say("organizer policy is fine, AllowCloudRecording True")
    assert agent_chat.session_answers()["check_organizer_policy"] == "on"
    assert "check_policy" not in agent_chat.session_answers() and asks(reply) == "check_policy"


@pytest.mark.parametrize("said", ["hers too", "same for her", "and hers is on as well"])
def test_hers_too_after_the_organizers_policy_is_the_same_setting(agent_chat, said):
    _presenter_in_her_managers_meeting(agent_chat)
    agent_chat.say("organizer policy is fine, AllowCloudRecording True")
    agent_chat.say(said)
    assert agent_chat.session_answers()["check_policy"] == "on" and agent_chat.state == "run_diagnostic"


def test_where_call_recordings_go_from_someone_who_recorded_one_is_where_they_are_saved(chat):
    reply = chat.say("hi! quick question, where do recordings of calls go? i recorded a call with a client yesterday")
    assert chat.session["topic"] == "storage_location" and "calls_policy" not in chat.session["problems"]
    assert "the OneDrive of the person who selected **Record**" in reply.text


def test_the_kind_of_call_told_after_the_ticket_is_noted_not_a_new_problem(chat):
    chat.say("hi! quick question, where do recordings of calls go? i recorded a call with a client yesterday")
    chat.say("i checked my onedrive recordings folder, not there")
    chat.say("yeah i have onedrive, plenty of space")
    assert chat.state == "escalate"
    reply = chat.say("it was a pstn call actually, to his phone number")
    assert chat.state == "escalate" and "on the summary" in reply.text


def test_a_yes_at_the_end_of_a_statement_at_a_diagnosis_is_not_it_is_fixed(chat):
    chat.say("my onedrive is full, will my recordings still save?")
    chat.say("it's my meeting")
    chat.say("they go to onedrive yes")
    assert chat.state == "diagnosis" and chat.session["status"] != "resolved"


def test_the_vendors_people_being_federated_does_not_change_how_the_organizer_joins(chat):
    chat.say("i need to record a teams meeting with an external vendor, they're joining from their company's "
             "tenant. will they see a consent thing?")
    chat.say("i'm the organizer")
    chat.say("it's my company's meeting, i'm a member obviously")
    reply = chat.say("they're federated i guess, joining with their own company accounts")
    assert chat.session_answers()["check_auth_type"] == "member" and chat.state != "diagnosis"
    assert "don't stop it from being recorded" in reply.text


def test_wait_no_shes_member_corrects_how_she_joins_at_the_diagnosis(agent_chat):
    for said in ("troubleshoot for hclark@contoso.com", "hclark can't start recording. tried meeting and call",
                 "meeting", "organizer", "federated - she's from our subsidiary tenant fabrikam, meeting is in contoso"):
        agent_chat.say(said)
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("wait no. meeting is in her own tenant. she's member")
    assert agent_chat.session_answers()["check_auth_type"] == "member" and agent_chat.state != "diagnosis"
    assert "Changed how the recorder joins" in reply.text


def test_write_something_i_can_send_to_the_helpdesk_is_the_summary(chat):
    chat.say("record button greyed out in teams")
    reply = chat.say("ok can you just write something i can send to the helpdesk")
    assert "Recording troubleshooting ticket" in reply.text


def test_so_its_because_im_from_another_org_gets_what_points_to_the_cause(chat):
    chat.say("Recording is disabled for me. I'm an external consultant working with Contoso, I join their meetings "
             "with my own company account (fabrikam)")
    chat.say("It's their meeting, I'm a presenter")
    reply = chat.say("so it's because i'm from another org?")
    assert "is what points to it" in reply.text and "I don't know that one" not in reply.text


@pytest.mark.parametrize("said, answered", [("ok will flip it. how long to apply?", "24 hours"),
                                            ("fix applied 10 min ago, user still can't record", "too soon")])
def test_how_long_a_policy_fix_takes_said_shortly_by_an_agent(agent_chat, said, answered):
    agent_chat.say("troubleshoot for jlee@contoso.com")
    agent_chat.say("record greyed out. organizer. member. AllowCloudRecording False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say(said)
    assert answered in reply.text and agent_chat.state == "diagnosis"


def test_found_it_in_my_onedrive_thanks_at_what_next_is_solved_not_the_onedrive_check(chat):
    chat.say("where did my recording go?? we recorded the meeting yesterday and it's not in the chat")
    chat.say("i'm the one who organised it")
    reply = chat.say("oh found it, it was in my onedrive recordings folder. thanks")
    assert chat.state == "resolved" and "sorted" in reply.text


def test_invited_as_a_guest_and_not_the_organizer_is_no_attendee_and_keeps_the_guest_cause(chat):
    chat.say("can't record. the meeting was created in outlook, not teams, if that matters. i'm the organizer but "
             "i'm on a guest account in their tenant")
    chat.say("actually the meeting is in their tenant, they invited me as guest, i'm not the organizer sorry")
    answers = chat.session_answers()
    assert "check_meeting_role" not in answers and answers["check_organizer"] == "someone_else"
    assert answers["check_auth_type"] == "guest" and chat.state == "diagnosis"


def test_who_can_change_the_expiration_date_at_another_question_is_the_expirys_change(chat):
    chat.say("the recording from last month is gone, it says it expired?")
    chat.say("yes it was there before, i watched it in march")
    reply = chat.say("who can change the expiration date")
    assert "Default expiration time" in reply.text and "licence with OneDrive" not in reply.text


def test_what_else_a_hedged_answer_states_is_kept_while_it_is_confirmed(chat):
    chat.say("the record option is gone since last week, it was there before!!")
    chat.say("it's my own meeting, standing 1:1 with my direct report")
    assert chat.last.replies[0].template == "confirm"
    reply = chat.say("it's a scheduled meeting in the calendar, not a call")
    assert chat.session_answers()["check_meeting_role"] == "organizer" and asks(reply) != "check_meeting_role"


def test_global_allows_recording_is_the_persons_policy_on(agent_chat):
    agent_chat.say("troubleshoot for rsingh@contoso.com")
    agent_chat.say("user cant record meetings")
    reply = agent_chat.say("policies blank so global applies. global allows recording")
    assert agent_chat.session_answers()["check_policy"] == "on" and "recording is on" in reply.text


def test_the_teacher_made_the_meeting_is_someone_else(chat):
    chat.say("i'm a student and my teacher asked me to record the lesson but i can't find the button")
    reply = chat.say("no the teacher made the meeting")
    assert chat.session_answers()["check_organizer"] == "someone_else" and "someone else organized it" in reply.text


def _agents_presenter_at_the_organizers_policy(agent_chat):
    agent_chat.say("troubleshoot for mwilson@contoso.com")
    agent_chat.say("user says no recording button in channel meeting. user is presenter, organizer is mwilson's "
                   "manager pjones@contoso.com")
    agent_chat.say("member")
    assert agent_chat.state == "check_organizer_policy"


def test_both_policies_labelled_in_one_message_are_both_read_and_the_persons_off_is_the_cause(agent_chat):
    _agents_presenter_at_the_organizers_policy(agent_chat)
    reply = agent_chat.say("organizer's policy: AllowCloudRecording True. user's policy: AllowCloudRecording False")
    answers = agent_chat.session_answers()
    assert answers["check_organizer_policy"] == "on" and answers["check_policy"] == "off"
    assert agent_chat.state == "diagnosis" and "recording is off in their meeting policy" in reply.text


def test_which_policy_matters_the_organizers_or_hers_is_both(agent_chat):
    _agents_presenter_at_the_organizers_policy(agent_chat)
    reply = agent_chat.say("so which policy matters, the organizer's or hers?")
    assert reply.text.startswith("Both count: ") and "I don't know that one" not in reply.text


def test_a_link_that_says_i_dont_have_access_is_who_may_watch_a_recording(chat):
    reply = chat.say("i got a link to a recording but when i open it it says i don't have access")
    assert reply.text.startswith("Who can see or watch a meeting recording") and chat.state == "offer"


def test_who_organized_a_recording_that_i_cant_watch_is_noted_not_a_cant_record_diagnosis(chat):
    chat.say("i got a link to a recording but when i open it it says i don't have access")
    reply = chat.say("it's from a meeting i was in, organised by someone in another company")
    assert chat.state == "offer" and "Cause:" not in reply.text and "someone else organized it" in reply.text
    reply = chat.say("can you tell me why i can't watch it? i was literally in the meeting")
    assert "only once it is shared with them" in reply.text and "doesn't cover that" not in reply.text


def test_not_sure_who_organised_it_someone_from_hr_is_someone_else_not_an_unsure_role(chat):
    chat.say("why cant i record")
    chat.say("i dont know what any of this means, i just clicked the meeting link in my email")
    reply = chat.say("i'm not sure who organised it, someone from HR")
    assert chat.session_answers().get("check_meeting_role") is None
    assert chat.session_answers()["check_organizer"] == "someone_else" and asks(reply) == "check_meeting_role"


def test_the_button_there_on_the_desktop_app_is_not_where_they_join_and_just_mobile_is_answered(chat):
    chat.say("I want to record but the button is missing. I'm using teams on my phone if that matters")
    chat.say("organizer")
    reply = chat.say("ok and on the desktop app it's there actually. so it's just mobile?")
    assert "mobile" in chat.session["flags"] and "desktop" not in chat.session["flags"]
    assert "Noted: you join from" not in reply.text
    assert "don't depend on the device or the app" in reply.text


def test_its_in_onedrive_after_who_may_watch_is_who_shares_it_not_the_onedrive_check(chat):
    chat.say("recording saved but my colleague can't watch it")
    chat.say("i'm the organizer and he was in the meeting")
    reply = chat.say("its in onedrive I think")
    assert chat.state == "offer" and reply.text.startswith("Sharing is done by someone with full edit rights")


@pytest.mark.parametrize("said", ["ok can you write it up for the helpdesk", "great, could you make a ticket please?"])
def test_a_button_asked_for_after_an_ok_is_that_button(chat, said):
    chat.say("my shared screen is black in the recording")
    chat.say(said)
    assert chat.state == "escalate"


# --- the organizer said in passing, and taken back

@pytest.mark.parametrize("said", ["I'm the organiser and I can't record", "im the organizer and i cant record my meeting",
                                  "as the organizer I can't record", "as the meeting organizer, i cant see the record button",
                                  "I'm the meeting organizer and the record button is greyed out"])
def test_an_organizer_who_cant_record_starts_the_checks_and_is_not_asked_the_role(chat, said):
    reply = chat.say(said)
    assert chat.state not in ("clarify", "check_meeting_role") and asks(reply) != "check_meeting_role"
    assert chat.session_answers()["check_meeting_role"] == "organizer"


def test_a_meeting_someone_else_runs_told_in_passing_is_not_asked_who_organized_it(chat):
    chat.say("hi so yesterday in our standup, which my manager runs, I tried to hit record but it was grey. "
             "I'm usually able to. anyway can you help")
    assert chat.session_answers()["check_organizer"] == "someone_else"
    reply = chat.say("not sure tbh")
    assert asks(reply) != "check_organizer"


def test_the_colleague_who_sent_the_invite_takes_back_organizer(chat):
    chat.say("I'm the organizer and the record button is missing")
    reply = chat.say("oh wait, actually it was my colleague who sent the invite")
    assert "someone else organized it" in reply.text
    assert chat.session_answers() == {"check_organizer": "someone_else"}


@pytest.mark.parametrize("said", ["wait my colleague set it up actually", "oh wait, actually it was my colleague who sent the invite"])
def test_a_colleague_named_at_how_you_join_is_not_the_person_joining_as_a_member(chat, said):
    chat.say("im the organizer and i cant record my meeting")
    assert chat.state == "check_auth_type"
    chat.say(said)
    assert "check_auth_type" not in chat.session_answers()


# --- an agent's sentences: a policy and its setting in words, a fix made that didn't help, a report that it works

def test_a_policy_named_with_its_setting_in_words_is_the_answer_not_a_request_to_paste_it(agent_chat):
    agent_at_the_policy_question(agent_chat)
    reply = agent_chat.say("user is on the Sales policy which has cloud recording disabled per TAC")
    assert agent_chat.session_answers()["check_policy"] == "off" and agent_chat.state == "diagnosis"
    assert "Set-CsTeamsMeetingPolicy -Identity Sales -AllowCloudRecording $true" in reply.text


@pytest.mark.parametrize("said", ["organizer policy is Global, recording on", "the organizers policy has recording on"])
def test_the_organizers_policy_and_its_setting_told_early_is_not_asked_later(agent_chat, said):
    agent_chat.say("troubleshoot for amy@contoso.com")
    agent_chat.say("amy can't record in her team's weekly meeting, she's a presenter")
    agent_chat.say(said)
    assert agent_chat.session_answers()["check_organizer_policy"] == "on"
    agent_chat.click("member", "check_auth_type")
    assert agent_chat.state != "check_organizer_policy"


def test_the_attendees_fix_made_that_did_not_help_makes_her_a_presenter_and_the_checks_go_on(agent_chat):
    agent_chat.say("troubleshoot for amy@contoso.com")
    agent_chat.say("amy says recording button greyed out in her team's weekly meeting. she's just an attendee")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("ok the organizer made her presenter, still greyed out")
    assert reply.text.startswith("Got it: they are a presenter. Then let's look further.")
    answers = agent_chat.session_answers()
    assert answers["check_meeting_role"] == "presenter" and answers["diagnosis"] == "not_fixed"
    assert agent_chat.state == "check_auth_type"
    agent_chat.say("she's internal")
    agent_chat.click("on")
    reply = agent_chat.say("test passed")
    assert "attendee" not in reply.text


@pytest.mark.parametrize("said", ["he says it works now thanks", "amy says it works now"])
def test_a_report_that_it_works_now_ends_the_check_midway(agent_chat, said):
    agent_at_the_policy_question(agent_chat)
    reply = agent_chat.say(said)
    assert agent_chat.state == "resolved" and "couldn't tell" not in reply.text


# --- a recording that works from one device, and one that stopped on its own

@pytest.mark.parametrize("said", ["recording works on my laptop but not on my phone",
                                  "i can record on desktop but not on mobile"])
def test_recording_that_works_from_another_device_gets_what_does_not_depend_on_the_device(chat, said):
    reply = chat.say(said)
    assert "none of it depends on the device or the app" in reply.text and "Teams is up to date" in reply.text
    assert chat.state == "offer"


def test_recording_that_works_from_another_device_said_at_a_diagnosis_is_no_verdict(agent_chat):
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say("recording works on his laptop but not on his phone")
    assert agent_chat.state == "diagnosis" and "diagnosis" not in agent_chat.session_answers()
    assert "none of it depends on the device" in reply.text


def test_a_recording_that_stopped_on_its_own_gets_the_limit_and_when_recordings_stop(chat):
    reply = chat.say("the recording started but then stopped on its own after an hour")
    assert "4 hours, or 1.5 GB" in reply.text and "stops on its own once everyone has left" in reply.text


def test_something_told_if_it_matters_is_asked_not_an_answer_that_could_not_be_read(chat):
    chat.say("cant record in webinar")
    reply = chat.say("we have teams premium if that matters")
    assert reply.text.startswith("I don't know that one") and chat.state == "check_events_policy"


# --- a question after a greeting, a wait told of a missing recording, a fact after the problem

def test_a_question_about_guests_after_hey_is_a_question_not_the_persons_own_account(chat):
    reply = chat.say("hey can guests record if i make them presenters")
    assert "check_auth_type" not in chat.session_answers() and chat.state != "diagnosis"
    assert "They can't start the recording themselves" in reply.text


def test_how_long_it_has_been_for_a_missing_recording_goes_on_to_the_organizers_onedrive(chat):
    chat.say("my meeting recording isnt in onedrive")
    chat.say("i am the organizer. i looked in the recordings folder and its empty")
    assert chat.state == "offer"
    reply = chat.say("its been 2 days")
    assert chat.state == "check_onedrive" and "couldn't tell" not in reply.text


def test_a_short_fact_after_the_problem_is_not_a_second_problem(chat):
    reply = chat.say("my meeting recording isnt in onedrive. I am the organizer. I looked in the recordings folder")
    assert "You also mentioned" not in reply.text


# --- a notice that recording is disabled, and what the organizer changes

@pytest.mark.parametrize("said", ['it says "Recording has been disabled by your organization"',
                                  "it says recording is disabled by your admin"])
def test_a_notice_that_recording_is_disabled_starts_the_checks(chat, said):
    chat.say(said)
    assert chat.state != "clarify"


@pytest.mark.parametrize("said", ["how do I get the organizer to change it", "what should the organizer change"])
def test_what_the_organizer_changes_after_a_lock_icon_is_their_option(chat, said):
    chat.say("there's a lock icon on the record button")
    chat.say("im the presenter")
    reply = chat.say(said)
    assert "**Who can record and transcribe**" in reply.text and "I don't know that one" not in reply.text


# --- the policy whose setting was pasted is the one the fix names

def test_a_pasted_policy_with_its_identity_is_named_in_the_fix(agent_chat):
    agent_at_the_policy_question(agent_chat)
    reply = agent_chat.say("Identity : Tag:Sales\nAllowCloudRecording : False")
    assert agent_chat.state == "diagnosis"
    assert "in **Sales**" in reply.text and "Set-CsTeamsMeetingPolicy -Identity Sales -AllowCloudRecording $true" in reply.text


def test_a_pasted_events_policy_with_its_identity_is_named_in_the_fix(agent_chat):
    agent_chat.say("ticket INC0012345, user bob@contoso.com cannot record webinars, he is the organizer")
    reply = agent_chat.say("Identity                : Global\nAllowWebinars           : Enabled\n"
                           "RecordingForTownhall    : Enabled\nRecordingForWebinar     : Disabled")
    assert agent_chat.state == "diagnosis"
    assert "Set-CsTeamsEventsPolicy -Identity Global" in reply.text


def test_what_to_change_after_a_pasted_policy_names_it(agent_chat):
    agent_at_the_policy_question(agent_chat)
    agent_chat.say("Identity : Tag:Sales\nAllowCloudRecording : False")
    reply = agent_chat.say("ok so what do I change")
    assert "Set-CsTeamsMeetingPolicy -Identity Sales -AllowCloudRecording $true" in reply.text


def test_not_an_admin_at_the_tests_question_gets_who_runs_it_not_an_empty_reply(chat):
    for said in ("every time i try to record a teams meeting it says recording couldn't start", "im the organizer yeah",
                 "work account", "not sure, how do I check"):
        chat.say(said)
    assert chat.state == "run_diagnostic"
    reply = chat.say("ok i'm not an admin so I can't see that")
    assert reply.text.startswith("The test needs an admin account: ask your admin to run it")


# --- follow-ups read as asked, in the subject just answered

def test_a_guest_asking_whether_the_teacher_can_make_them_a_presenter_is_told_it_wont_help(chat):
    chat.say("can't record, I'm a guest from another company")
    reply = chat.say("can the teacher make me a presenter?")
    assert reply.text.startswith("That won't help: a role doesn't change it")
    assert word_count(reply.text) < 80 and chat.state == "diagnosis"


def test_more_about_the_length_right_after_it_gets_its_point_not_the_whole_answer_again(chat):
    first = chat.say("recording stopped after an hour on its own?")
    reply = chat.say("is there a way to make it longer")
    assert reply.text.startswith("In short, no: the limit belongs to the Teams service")
    assert word_count(reply.text) < word_count(first.text)
    assert chat.say("any way to extend it?").text.startswith("That's all I have on it")


def test_extend_it_after_the_expiry_is_the_expirys_change(chat):
    chat.say("recordings get deleted after 60 days")
    reply = chat.say("any way to extend it?")
    assert "NewMeetingRecordingExpirationDays" in reply.text and "I don't know that one" not in reply.text


def test_how_to_stop_recordings_expiring_gets_the_setting_not_i_wont_guess(chat):
    reply = chat.say("our recordings expire, can we stop that")
    assert "so I won't guess" not in reply.text
    assert "by default 120 days" in reply.text and "NewMeetingRecordingExpirationDays" in reply.text
    assert "NewMeetingRecordingExpirationDays" in chat.say("can i change that?").text


def test_how_long_a_missing_recording_takes_to_show_up_is_not_a_policy_changes_delay(chat):
    chat.say("recording not showing in the chat after the meeting")
    reply = chat.say("when will it show up?")
    assert "Teams processes it and then saves it" in reply.text and "24 hours" not in reply.text
    assert chat.say("how long does it take").text.startswith("That's all I have on it")


def test_how_long_after_the_organizers_absence_is_the_recordings_processing(chat):
    chat.say("we recorded the all hands but nobody can find it, organizer is on leave")
    reply = chat.say("how long does it take to show up usually")
    assert "Teams processes it and then saves it" in reply.text and "policy" not in reply.text


def test_how_long_after_a_policy_change_is_still_the_policys_delay(chat):
    chat.say("the record button is missing, my admin changed the policy")
    assert "24 hours" in chat.say("how long does it take to show up").text


# --- a search told, after where recordings go

def test_nothing_in_the_channels_files_gets_what_else_becomes_of_a_recording_not_goodbye(chat):
    chat.say("recording not showing in the chat after the meeting")
    chat.say("it was a channel meeting")
    reply = chat.say("i looked in the files tab nothing")
    assert chat.state == "offer" and "recycle bin" in reply.text and "21 days" in reply.text


def test_nothing_alone_at_what_next_still_ends_the_conversation(chat):
    chat.say("where did my recording go")
    chat.say("nothing, thanks")
    assert chat.state == "resolved"


def test_a_search_told_at_is_it_one_of_these_picks_where_recordings_go(chat):
    chat.say("my recordings aren't showing up anywhere after the meeting ends")
    assert chat.state == "clarify"
    reply = chat.say("i looked in the files tab nothing")
    assert chat.session["topic"] == "storage_location" and "recycle bin" in reply.text


# --- who scheduled it, in the passive

def test_scheduled_by_me_is_the_organizer(chat):
    chat.say("record button greyed out in our weekly sync")
    chat.say("it was scheduled by me")
    assert chat.session_answers()["check_meeting_role"] == "organizer"


def test_an_agents_scheduled_by_him_is_the_users_own_meeting(agent_chat):
    agent_chat.say("user says recording option missing in a channel meeting")
    agent_chat.say("he's a member of the team, and the meeting was scheduled in the channel by him")
    assert agent_chat.session_answers()["check_meeting_role"] == "organizer"


def test_an_identity_line_alone_at_another_question_asks_for_its_setting(agent_chat):
    agent_chat.say("user says recording option missing in a channel meeting")
    reply = agent_chat.say("Identity : Global")
    assert reply.text.startswith("That's the policy **Global**, but not its setting")


def test_extend_it_after_how_to_stop_expiry_is_the_expirys_change(chat):
    chat.say("our recordings expire, can we stop that")
    reply = chat.say("any way to extend it?")
    assert "NewMeetingRecordingExpirationDays" in reply.text and "I don't know that one" not in reply.text


def test_is_that_normal_after_what_a_recording_leaves_out_is_answered_not_i_dont_know(chat):
    chat.say("the recording has no audio")
    reply = chat.say("is that normal?")
    assert reply.text.startswith("Only for what the list above names.") and "I don't know that one" not in reply.text


def test_who_made_the_team_is_no_role_in_the_meeting_and_no_contradiction(chat):
    chat.say("teams won't let me record, says recording is unavailable")
    reply = chat.say("I'm the teacher. wait actually my colleague made the team, does that matter?")
    assert "Who made the team doesn't decide it." in reply.text and "contradicts" not in reply.text
    assert chat.session_answers().get("check_meeting_role") == "organizer"
    assert "check_organizer" not in chat.session_answers()


def test_it_says_recording_is_allowed_for_everyone_is_the_policy_said_before_it_is_asked(chat):
    chat.say("hi, whenever i try to record my class the record option is greyed out. im the teacher")
    chat.say("ok i asked IT and they say recording is allowed for everyone")
    assert chat.session_answers()["check_policy"] == "on"


# --- what helpdesk agents type and paste

def test_make_me_a_ticket_at_the_tests_question_is_the_ticket(chat):
    for said in ("my recording button is gone", "a meeting", "i'm the organizer", "work account", "not sure"):
        chat.say(said)
    assert chat.state == "run_diagnostic"
    assert chat.say("fine make me a ticket").text.startswith("**Recording troubleshooting ticket**")


def test_an_agents_policy_told_as_get_csonlineuser_shows_it_is_noted_not_called_a_command(agent_chat):
    agent_chat.say("INC0045123 - user sarah.k@contoso.com cannot record, record button greyed out in all meetings")
    reply = agent_chat.say("ran Get-CsOnlineUser, TeamsMeetingPolicy is Tag:NoRecording")
    assert reply.text.startswith("Noted: the meeting policy is **NoRecording**")


def test_it_was_there_last_week_is_noted_as_working_before(chat):
    chat.say("my recording button is gone")
    reply = chat.say("it was there last week")
    assert reply.text.startswith("Noted: it worked before") and "I couldn't tell" not in reply.text


def test_the_tests_output_quoted_is_its_result_and_the_fix_does_not_name_a_policy_pasted_on(agent_chat):
    agent_chat.say("user can't record. she's organizer, internal")
    agent_chat.say("PS C:\\> Get-CsTeamsMeetingPolicy -Identity Global | Select AllowCloudRecording\n\n"
                   "AllowCloudRecording\n-------------------\n               True")
    reply = agent_chat.say('the test said "Teams Meeting Recording: user not enabled"')
    assert agent_chat.session_answers()["run_diagnostic"] == "user_not_enabled" and agent_chat.state == "diagnosis"
    assert "in **Global**" not in reply.text and "contradicts an earlier answer" in reply.text


# --- students, and a recording nobody found

def test_a_student_is_an_attendee_and_so_the_teacher_has_to_do_it_gets_the_fix(chat):
    chat.say("Why can't I record meetings in teams? im a student")
    assert chat.session_answers()["check_meeting_role"] == "attendee" and chat.state == "diagnosis"
    reply = chat.say("so my teacher has to do it?")
    assert reply.text.startswith("The fix: the organizer makes the recorder a presenter or co-organizer")


def test_a_recording_nobody_could_find_puts_where_recordings_go_first(chat):
    chat.say("Hi! So we had our quarterly review yesterday and I hit record but afterwards nobody could find it. "
             "I was the one who started the recording but my boss organized it. Help?")
    assert chat.state == "clarify" and chat.session["candidates"][0] == "storage_location"


def test_can_i_get_it_from_my_own_onedrive_is_whose_onedrive_it_goes_to(chat):
    chat.say("where did my recording go")
    reply = chat.say("can I get it from my own onedrive then?")
    assert "the organizer's OneDrive" in reply.text and "permissions of its file" not in reply.text


# --- the organizer's "Who can record and transcribe", told

def test_only_organizers_and_co_organizers_is_the_organizers_option_not_the_persons_role(agent_chat):
    agent_chat.say("hi, got a ticket from a user, record greyed out, she's a presenter in a meeting run by another "
                   "department")
    reply = agent_chat.say("ok the organizer says only organizers and co-organizers can record")
    assert agent_chat.session_answers()["check_meeting_role"] == "presenter" and "Changed" not in reply.text
    assert agent_chat.state == "diagnosis"  # the presenter's cause, found: it was "the likely cause" at another question
    assert reply.text.startswith("**Cause: the person is a presenter, and the organizer lets only organizers and "
                                 "co-organizers record.**")


def test_a_presenter_left_out_by_the_organizers_option_has_it_as_the_cause_on_the_ticket(agent_chat):
    agent_chat.say("caller says record button is greyed out for her, she's a presenter in Tom's weekly meeting")
    reply = agent_chat.say("Tom says Who can record is set to organizers and co-organizers only")
    assert agent_chat.state == "diagnosis"
    assert reply.text.startswith("**Cause: the person is a presenter, and the organizer lets only organizers and "
                                 "co-organizers record.**")
    assert "**Fix:** The organizer sets **Who can record and transcribe**" in reply.text
    ticket = agent_chat.say("summary")
    assert ticket.value["causes"] == ["meeting_role"]
    assert "- The recorder is a presenter, and the organizer lets only organizers and co-organizers record." \
        in ticket.text and "Cause: none found yet" not in ticket.text


def test_made_co_organizer_and_the_button_lit_up_is_fixed_and_the_presenters_cause_stays(chat):
    chat.say("I'm a presenter and the record button is greyed out")
    chat.say("the organizer set who can record to organizers and co-organizers only")
    reply = chat.say("ok he made me co-organizer and the button lit up")
    assert chat.state == "resolved" and "co-organizer" not in reply.text  # was "Got it: you're a co-organizer."
    ticket = chat.say("summary")
    assert ticket.value["checks"]["check_meeting_role"] == "presenter" and ticket.value["causes"] == ["meeting_role"]


def test_the_option_told_before_the_role_makes_a_presenters_answer_the_cause(chat):
    chat.say("I can't record the meeting")
    assert chat.state == "check_meeting_role"
    reply = chat.say("the organizer limited who can record to organizers and co-organizers")
    assert chat.state == "check_meeting_role" and "presenters can't record" in reply.text
    reply = chat.click("presenter")
    assert chat.state == "diagnosis"
    assert reply.text.startswith("**Cause: you are a presenter, and the organizer lets only organizers and "
                                 "co-organizers record.**")


def test_a_co_organizers_ticket_does_not_cite_that_attendees_cant_record(chat):
    chat.say("I'm a co-organizer and can't record")
    ticket = chat.say("summary")
    assert "Attendees can't start a recording" not in ticket.text.split("Sources:")[1]


def test_the_option_told_by_the_organizer_is_not_what_stops_their_own_recording(chat):
    chat.say("record button greyed out, im the organizer")
    reply = chat.say("my meeting options say who can record is organizers and co-organizers")
    assert reply.text.startswith("That choice includes you as the organizer, so it isn't what stops the recording.")


# --- an organizer who has left the company

def test_an_organizer_who_left_the_company_gets_where_a_recording_goes_without_their_onedrive(agent_chat):
    reply = agent_chat.say("caller cant find recording of a webinar from tuesday. organizer left the company last month")
    assert agent_chat.session_answers()["check_onedrive"] == "no"
    assert "has no OneDrive, Teams tries these places in turn" in reply.text
    assert "1:1 and group calls" not in reply.text


def test_an_organizer_who_left_the_meeting_is_no_missing_onedrive(chat):
    chat.say("the organizer left the meeting early and the recording stopped")
    assert "check_onedrive" not in chat.session_answers()


def test_where_does_it_go_after_no_onedrive_is_the_order_teams_tries(chat):
    chat.say("where did my recording go")
    chat.say("the organizer's account was deleted")
    reply = chat.say("where does it go then?")
    assert "The OneDrive of a co-organizer" in reply.text and "1:1 and group calls" not in reply.text


# --- a standup that works again, and a client in a call

def test_ohh_wait_it_works_now_i_rejoined_ends_the_check_as_solved(chat):
    chat.say("so i'm trying to record our team standup but the button is greyed out?? it worked fine on monday")
    chat.say("im not the organizer, my lead sets them up")
    chat.say("ohh wait it works now, i rejoined")
    assert chat.state == "resolved"


def test_a_client_in_my_call_is_not_who_cant_record_and_is_that_why_gets_no(chat):
    chat.say("i need to record a 1:1 call with a client but cant find the record button")
    assert "someone" not in chat.session["flags"]
    chat.say("they are external")
    assert "check_auth_type" not in chat.session_answers()
    assert chat.say("is that why?").text.startswith("No: guests, external (federated) users or anonymous")


def test_a_channel_recording_never_uploaded_is_not_put_down_to_a_onedrive(chat):
    chat.say("recording not showing in the chat after the meeting")
    chat.say("it was a channel meeting")
    reply = chat.say("i looked in the files tab nothing")
    assert "- Never uploaded: the organizer has to download it" in reply.text and "no OneDrive" not in reply.text


# --- what Teams shows, read off the screen; a test told in words; the write-up asked for IT

def test_the_role_teams_shows_is_read_at_another_question(chat):
    chat.say("record button greyed out")
    chat.say("hmm i'm not sure what my role is, i was invited by my manager")
    assert chat.session_answers()["check_organizer"] == "someone_else"
    chat.say("how do i find out?")
    reply = chat.say("oh ok it says attendee")
    assert chat.state == "diagnosis" and "attendees can't start a recording" in reply.text


def test_an_agents_her_role_is_attendee_after_not_sure_is_the_role_found_not_a_change(agent_chat):
    agent_chat.say("he can't record a meeting")
    agent_chat.click("unsure")
    reply = agent_chat.say("ok her role is attendee, i checked")
    assert agent_chat.session_answers()["check_meeting_role"] == "attendee" and agent_chat.state == "diagnosis"
    assert reply.text.startswith("Got it: they are an attendee.")


def test_a_test_that_says_the_policy_is_not_allowing_is_the_user_not_enabled(chat):
    for said in ("hey so i set up a meeting for my team tomorrow and the record button is greyed out for me",
                 "i'm the one who set it up", "work account obviously", "no idea what a policy is"):
        chat.say(said)
    assert chat.state == "run_diagnostic"
    reply = chat.say("ok i ran it, says something about policy not allowing")
    assert chat.state == "diagnosis" and "is off in your meeting policy" in reply.text


@pytest.mark.parametrize("said", ["can you tell IT what to do", "could you let my admin know",
                                  "can you email the helpdesk how to fix it"])
def test_asking_what_it_should_do_gets_the_ticket(chat, said):
    chat.say("I can't record my meetings")
    assert chat.say(said).text.startswith("**Recording troubleshooting ticket**")


def test_what_does_it_do_is_still_a_question_not_the_ticket(chat):
    chat.say("I can't record my meetings")
    assert not chat.say("what does it do?").text.startswith("**Recording troubleshooting ticket**")


# --- the length told after the four-hour limit

def test_about_four_hours_in_after_the_limit_is_the_limit_reached_and_make_it_longer_is_short(chat):
    chat.say("recording stopped halfway through our meeting")
    reply = chat.say("it was about 4 hours in")
    assert reply.text.startswith("Then it reached the limit.") and "more than one recording file" in reply.text
    assert chat.say("ok is there a way to make it longer").text.startswith("In short, no:")


def test_forty_minutes_in_after_the_limit_is_not_the_limit(chat):
    chat.say("recording stopped halfway through our meeting")
    reply = chat.say("only about 40 mins in actually")
    assert reply.text.startswith("Then it wasn't the length limit.") and "stops on its own once everyone" in reply.text


def test_fourteen_hours_is_past_the_limit_not_short_of_it(chat):
    assert "The maximum length of one meeting recording" in chat.say("my recording cut off after a while").text
    assert "Then it reached the limit." in chat.say("the meeting was 14 hours, a hackathon").text


# --- a client outside the company, in one's own call

def test_a_client_from_outside_our_company_in_my_call_is_no_answer_of_how_i_join(chat):
    chat.say("Hi, I'm trying to record a Teams call with a customer and there's no record option")
    chat.say("it's just me and them, a 1:1 call")
    reply = chat.say("they're from outside our company")
    assert "check_auth_type" not in chat.session_answers()
    assert reply.text.startswith("Microsoft's pages say this of meetings: Guests, external (federated) users")
    assert "calling policy" in reply.text


# --- whose OneDrive, who restores, and whether a change is enough

def test_is_it_in_my_onedrive_after_where_recordings_go_says_whose_not_the_list_again(chat):
    chat.say("we recorded yesterday's all hands but i cant find the video anywhere")
    chat.say("where would it be?")
    reply = chat.say("is it in my onedrive?")
    assert reply.text.startswith("Only if you organized it:") and "1:1 and group calls" not in reply.text


def test_is_it_in_my_onedrive_from_the_organizer_is_yes(chat):
    chat.say("where did my recording go")
    chat.say("i'm the organizer")
    assert chat.say("is it in my onedrive?").text.startswith("Yes, as the organizer:")


def test_who_can_restore_it_after_get_it_back_is_the_owner(chat):
    chat.say("my recording disappeared after a couple weeks")
    chat.say("can i get it back")
    reply = chat.say("who can restore it")
    assert reply.text.startswith("The file's owner: on the expiration date the file moves to the recycle bin")


def test_is_that_enough_after_switching_accounts_says_to_try_it(chat):
    chat.say("can't record")
    chat.say("i'm a guest")
    chat.say("no wait, i'm actually using my company account now, i switched")
    assert chat.say("is that enough?").text.startswith("Try it: if you can record now, say so.")


# --- a helpdesk agent's "user reports", told in the third person

def test_a_user_reports_opening_reads_theyre_the_organizer_as_the_persons_role(chat):
    chat.say('user reports cannot record in meeting, error "recording not available"')
    chat.say("they're the organizer, internal user")
    answers = chat.session_answers()
    assert answers["check_meeting_role"] == "organizer" and answers["check_auth_type"] == "member"


# --- an agent's ticket number alone, a partner's account, a recording that was there

@pytest.mark.parametrize("said", ["INC0098765", "ticket #48213", "ref: REQ-20411"])
def test_a_ticket_number_sent_alone_is_noted_and_the_question_comes_again(agent_chat, said):
    reply = agent_chat.say(said)
    assert reply.text.startswith("Noted: ticket **") and "doesn't cover that" not in reply.text
    assert agent_chat.state == "welcome" and agent_chat.session["reference"]


def test_a_ticket_number_with_the_problem_is_triaged_as_the_problem(chat):
    chat.say("INC0098765 user cant record")
    assert chat.state != "welcome" and chat.session["reference"] == "INC0098765"


def test_any_way_to_let_a_partner_record_and_making_her_co_organizer_get_the_fix_and_no(agent_chat):
    agent_chat.say("external user from partner org can't record in our meeting")
    assert agent_chat.state == "diagnosis"
    assert agent_chat.say("is there any way to let her record?").text.startswith("The fix: a member of the organizer")
    reply = agent_chat.say("ok, what if we make her a co-organizer")
    assert reply.text.startswith("That won't help: a role doesn't") and "The fix:" in reply.text


def test_a_recording_that_was_there_last_week_not_in_the_folder_has_expired_not_a_missing_onedrive(chat):
    chat.say("the recording of our board meeting is gone from the chat. it was there last week!!")
    reply = chat.say("it was a normal meeting, i organized it")
    assert reply.text.count("Got it") == 1
    reply = chat.say("i checked my onedrive recordings folder and it's not there")
    assert reply.text.startswith("Then it has most likely expired: on the expiration date the file moves to the recycle")
    assert "Never uploaded" not in reply.text and chat.state == "offer"


# --- told at "Is it one of these?", and asked after a transcript

def test_students_made_presenters_said_again_at_is_it_one_of_these_go_on_with_the_checks(chat):
    chat.say("Hello, our teacher can record but we students cannot even though she made us presenters. "
             "We're in a class team.")
    assert chat.state == "clarify"
    reply = chat.say("yes she definitely made us presenters")
    assert chat.state.startswith("check_") and reply.text.startswith("Let's check the causes one at a time.")
    assert chat.session_answers()["check_meeting_role"] == "presenter"


def test_what_does_the_organizer_need_to_check_gets_the_organizers_option(chat):
    chat.say("I'm a presenter and can't record")
    reply = chat.say("what does the organizer need to check then?")
    assert "**Who can record and transcribe**" in reply.text


def test_and_the_recording_after_where_a_transcript_goes_is_where_the_recording_goes(chat):
    chat.say("hi! quick q - when i record a meeting where does the transcript go? and can people outside see it")
    reply = chat.say("ok and the recording?")
    assert "the organizer's OneDrive, in its **Recordings** folder" in reply.text


def test_and_anonymous_after_a_question_about_guests_is_a_question_not_an_answer(chat):
    chat.say("Can guests record meetings?")
    chat.say("ok what about people from another company?")
    chat.say("and anonymous?")
    assert chat.state != "confirm" and "check_auth_type" not in chat.session_answers()
    assert not chat.session.get("confirm")


def test_ill_ask_it_then_a_question_gets_the_question_answered_not_no_rush(chat):
    for said in ("I have a problem with recording", "it's a normal team meeting that i scheduled",
                 "yes, company account"):
        chat.say(said)
    assert chat.state == "check_policy"
    reply = chat.say("fine, I'll ask IT. what exactly should I ask them to check?")
    assert "Ask your admin to check **Meeting recording**" in reply.text and "No rush" not in reply.text


def test_a_call_said_after_where_recordings_go_gets_where_a_calls_goes(agent_chat):
    agent_chat.say("helpdesk here. user can't find recording of yesterday's call")
    reply = agent_chat.say("it was a 1:1 teams call, she recorded it herself")
    assert "1:1 and group calls: the OneDrive of the person who selected **Record**." in reply.text


def test_switched_to_web_and_its_there_then_is_it_the_app(chat):
    chat.say("the record button disappeared after we moved to the new teams")
    chat.say("happens in every meeting")
    chat.say("i'm usually the organizer")
    reply = chat.say("switched to web and it's there!")
    assert "none of it depends on the device or the app" in reply.text
    assert chat.say("so it's the app then?").text.startswith("Most likely: nothing the guide checks depends on the app")


def test_clicking_record_and_nothing_happening_is_the_problem_told_again_not_unknown(chat):
    chat.say("I have a problem with recording")
    reply = chat.say("so when i click record nothing happens")
    assert "I don't know that one" not in reply.text and chat.state == "check_meeting_type"


# --- a setting found out, off then on, and a OneDrive nobody uses

def test_it_was_off_admin_turned_it_on_is_the_cause_fixed_and_still_cant_is_too_soon(chat):
    for said in ("my teams meetings wont record, im the organizer", "meeting", "work account"):
        chat.say(said)
    assert chat.state == "check_policy"
    reply = chat.say("it was off, admin turned it on")
    assert chat.state == "diagnosis" and chat.session_answers()["check_policy"] == "off"
    assert reply.text.startswith("Then that was the cause, and the fix is made.") and "24 hours" in reply.text
    assert chat.say("still can't").text.startswith("That's too soon to tell.")


def test_the_events_policy_off_then_on_is_not_called_the_meeting_policy(chat):
    for said in ("we can't record webinars anymore", "I'm the organizer of the webinar", "yes internal"):
        chat.say(said)
    assert chat.state == "check_events_policy"
    reply = chat.say("ok it was off, admin turned it on")
    assert chat.session_answers()["check_events_policy"] == "off" and "meeting policy" not in reply.text.split(".")[0]


def test_a_setting_found_out_after_not_sure_is_got_it_not_changed_and_can_they_turn_it_on_is_yes(chat):
    for said in ("My Teams meetings won't record. I'm the host.", "yeah it's a regular meeting", "my work account",
                 "i don't know, probably the default", 'ok I asked, IT says I\'m on a policy called "Sales-Restricted"'):
        chat.say(said)
    reply = chat.say("they say it has recording turned off")
    assert chat.state == "diagnosis" and reply.text.startswith("Got it: recording is off in your meeting policy.")
    reply = chat.say("oh. can they just turn it on?")
    assert reply.text.startswith("Yes: turn on Meeting recording") and "24 hours" in reply.text


def test_i_dont_think_i_have_onedrive_is_no_onedrive_to_confirm_not_yes(chat):
    chat.say('My recording says "This recording couldn\'t be saved" what does that mean')
    chat.say("i'm the organizer")
    reply = chat.say("i don't think i have onedrive? we use google drive mostly")
    assert reply.template == "confirm" and [d.get("answer", d.get("confirm")) for d in submits(reply)] == ["no", "no"]


def test_plenty_of_space_said_at_what_next_is_the_onedrive_answered_not_asked_again(chat):
    chat.say("Our CEO's town hall recording isn't anywhere. He was the organizer.")
    reply = chat.say("he has onedrive yes, plenty of space")
    assert chat.session_answers()["check_onedrive"] == "yes" and chat.state != "check_onedrive"
    assert reply.text.startswith("Got it: the OneDrive has space.")


def test_what_about_the_events_policy_after_the_ticket_keeps_the_ticket(chat):
    chat.say("Our CEO's town hall recording isn't anywhere. He was the organizer.")
    chat.say("he has onedrive yes, plenty of space")
    assert chat.state == "escalate"
    reply = chat.say("what about the events policy?")
    assert chat.state == "escalate" and "events policy" in reply.text
    ticket = chat.say("summary").text
    assert "Status: **escalated**" in ticket and "The owner's OneDrive and its space: **Yes, with free space**" in ticket


def test_anything_i_can_try_myself_while_the_policy_waits_gets_what_microsoft_has_people_try(chat):
    for said in ("i want to record a meeting but there's no option", "i sent the invite so i guess organizer",
                 "im logged in with my school email", "the policy thing i have no clue"):
        chat.say(said)
    assert chat.state == "check_policy"
    reply = chat.say("is there anything i can try myself?")
    assert reply.text.startswith("Microsoft's troubleshooting page has you check that Teams is up to date")


def test_should_i_ask_the_organizer_at_the_policy_question_says_an_admin_sees_policies(chat):
    for said in ("hi, recording stopped working for me", "it's a teams meeting, i'm a co-organizer", "work account yes",
                 "I don't have access to check policies"):
        chat.say(said)
    assert chat.state == "check_policy"
    reply = chat.say("my manager organized it. should I ask her?")
    assert reply.text.startswith("Only an admin can see meeting policies.")


def test_no_onedrive_said_at_what_next_with_a_doubt_is_the_cause_not_a_button_to_confirm(chat):
    chat.say("I can record but the file never shows up in the chat")
    chat.say("it's a 1:1 call")
    reply = chat.say("i don't have onedrive i think, we're on F3 licenses")
    assert chat.state == "diagnosis" and chat.session_answers()["check_onedrive"] == "no"
    assert "**Cause: the recording has nowhere to go" in reply.text


# --- a recording that stops long before the length limit

@pytest.mark.parametrize("said", ["my recording stops after 10 minutes", "the recording stopped by itself after like 50 minutes",
                                  "teams stopped recording after 20 mins, why?",
                                  "recording starts then stops after a few seconds"])
def test_a_recording_that_stops_after_minutes_is_too_soon_for_the_limit_and_gets_when_recordings_stop(chat, said):
    reply = chat.say(said)
    assert reply.text.startswith("That's too soon for Teams' length limit.")
    assert "stops on its own once everyone has left" in reply.text and "4 hours" not in reply.text
    assert "buttons below" in reply.text and chat.state == "offer"


def test_a_recording_that_stopped_after_an_hour_gets_the_limit_and_when_recordings_stop(chat):
    reply = chat.say("my recording stopped after an hour")
    assert "4 hours, or 1.5 GB" in reply.text and "stops on its own once everyone has left" in reply.text


# --- a call recorded and gone, who hit record, what OneDrive is

def test_a_call_recorded_yesterday_and_gone_from_the_chat_is_where_it_went_not_the_calling_policy(chat):
    reply = chat.say("we had a teams call with a customer yesterday, recorded it, now the recording is gone from "
                     "the chat")
    assert chat.session["topic"] == "storage_location" and "Cloud recording for calling" not in reply.text


def test_im_the_one_who_hit_record_of_a_call_is_told_to_look_in_their_own_onedrive(chat):
    chat.say("we had a teams call with a customer yesterday, recorded it, now the recording is gone from the chat")
    reply = chat.say("i'm the one who hit record")
    assert reply.text.startswith("Then look in your own OneDrive.") and "couldn't tell" not in reply.text


def test_i_started_the_recording_of_a_meeting_is_told_it_still_goes_to_the_organizers_onedrive(chat):
    chat.say("i cant find the recording of our team meeting")
    reply = chat.say("i started the recording myself")
    assert reply.text.startswith("For a meeting, who started the recording doesn't decide where it goes")
    assert "the organizer's OneDrive" in reply.text


def test_i_clicked_record_and_nothing_happens_is_still_the_problem_not_where_it_went(chat):
    chat.say("i cant find the recording of our team meeting")
    reply = chat.say("i clicked record and nothing happens")
    assert "who started the recording doesn't decide" not in reply.text


@pytest.mark.parametrize("asked", ["whats onedrive", "what is one drive?", "sorry what's a onedrive"])
def test_whats_onedrive_says_what_it_is_to_the_recording_and_no_more(chat, asked):
    chat.say("i cant find the recording of our team meeting")
    reply = chat.say(asked)
    assert reply.text.startswith("OneDrive or SharePoint must be turned on for the user")
    assert "the organizer's OneDrive" in reply.text and "21 days" not in reply.text
    assert "doesn't describe OneDrive itself" in reply.text


# --- an agent's sentences and pastes that answer something else

@pytest.mark.parametrize("said", ["he says he is the one who set up the meeting", "she set up the meeting herself",
                                  "shes the one who set up the meeting"])
def test_an_agent_saying_the_person_set_up_the_meeting_is_the_organizer(agent_chat, said):
    agent_chat.say("user says recording option is missing in teams")
    reply = agent_chat.say(said)
    assert agent_chat.session_answers()["check_meeting_role"] == "organizer"
    assert reply.text.startswith("Got it: they organize it.") and agent_chat.state != "check_meeting_role"


@pytest.mark.parametrize("line", ["AllowRecordingStorageOutsideRegion : False", "NewMeetingRecordingExpirationDays : 60",
                                  "ChannelRecordingDownload : Block"])
def test_another_recording_setting_pasted_at_the_policy_question_is_not_its_answer(agent_chat, line):
    agent_chat.say("user cant record meetings, she is the organizer, internal")
    assert agent_chat.state == "check_policy"
    reply = agent_chat.say(line)
    assert agent_chat.state == "check_policy" and "check_policy" not in agent_chat.session_answers()
    assert reply.text.startswith("I couldn't find the setting I need in that output (**AllowCloudRecording**)")


def test_a_setting_pasted_at_a_question_no_policy_answers_says_so(agent_chat):
    agent_chat.say("user cant record meetings")
    assert agent_chat.state == "check_meeting_role"
    reply = agent_chat.say("AllowTranscription : True")
    assert reply.text.startswith("No policy setting answers the question below") and "couldn't tell" not in reply.text


def test_the_setting_asked_about_typed_in_powershell_words_is_still_read(agent_chat):
    agent_chat.say("user cant record meetings, she is the organizer, internal")
    agent_chat.say("MeetingRecording: off")
    assert agent_chat.session_answers()["check_policy"] == "off"


# --- an agent closing the ticket, where a known kind's recording went, a presenter who still can't

@pytest.mark.parametrize("said", ["ok thanks, closing the ticket", "im closing this chat", "will close the case now"])
def test_an_agent_closing_the_ticket_at_a_diagnosis_is_a_goodbye(agent_chat, said):
    agent_chat.say("user cant record, she is only an attendee")
    reply = agent_chat.say(said)
    assert reply.text.startswith("OK, I'll stop here.") and "couldn't tell" not in reply.text


def test_an_agent_marking_it_resolved_at_a_diagnosis_is_the_fix_made(agent_chat):
    agent_chat.say("user cant record, she is only an attendee")
    agent_chat.say("thx, marking it resolved")
    assert agent_chat.state == "resolved" and agent_chat.last.replies[0].value["ticket"]["status"] == "resolved"


def test_no_idea_what_policy_im_on_before_any_is_asked_is_fine(chat):
    chat.say("hi cant record my meeting")
    reply = chat.say("no idea what policy i'm on")
    assert reply.text.startswith("That's fine: only an admin can see policies.")
    assert chat.state == "check_meeting_role" and "check_policy" not in chat.session_answers()


@pytest.mark.parametrize("said,shown,left_out", [
    ("we had a teams call with a customer yesterday, recorded it, now the recording is gone from the chat",
     ["1:1 and group calls"], ["Meetings, webinars and town halls", "Channel meetings"]),
    ("i cant find the recording of our team meeting", ["Meetings, webinars and town halls", "Channel meetings"],
     ["1:1 and group calls"]),
    ("can't find the recording of yesterday's webinar", ["Meetings, webinars and town halls"],
     ["1:1 and group calls", "Channel meetings"]),
    ("cant find my recording", ["Meetings, webinars and town halls", "1:1 and group calls", "Channel meetings"], []),
])
def test_where_a_recording_went_names_only_the_place_of_what_was_recorded(chat, said, shown, left_out):
    text = chat.say(said).text
    assert all(place in text for place in shown) and not any(place in text for place in left_out)


@pytest.mark.parametrize("said", ["hmm my manager says she already made me a presenter and it's still greyed out",
                                  "im already a presenter but its still greyed out"])
def test_a_presenter_who_still_cant_record_gets_the_organizers_option(chat, said):
    chat.say("recording is greyed out")
    chat.say("its a meeting my manager set up")
    chat.say("im a presenter")
    reply = chat.say(said)
    assert reply.text.startswith("Then the organizer's own option may leave presenters out.")
    assert "**Who can record and transcribe**" in reply.text and "make you a co-organizer" in reply.text


# --- read off Teams after going to look, said again, "so that's it right?"

@pytest.mark.parametrize("said", ["let me look... it says organizer next to her name and presenter next to mine",
                                  "hold on. yep im a presenter"])
def test_the_role_found_after_going_to_look_is_the_answer_not_a_wait(chat, said):
    chat.say("recording greyed out in my weekly sync")
    chat.say("ok she's the organizer")
    chat.say(said)
    assert chat.session_answers()["check_meeting_role"] == "presenter" and chat.state == "check_auth_type"


def test_only_going_to_look_is_still_the_wait(chat):
    chat.say("recording greyed out in my weekly sync")
    reply = chat.say("let me check if im a presenter")
    assert reply.text.startswith("No rush.") and "check_meeting_role" not in chat.session_answers()


def test_an_agent_reading_the_role_next_to_the_persons_name_is_the_role(agent_chat):
    agent_chat.say("user cant record in a meeting")
    agent_chat.say("the participant list shows presenter next to her name")
    assert agent_chat.session_answers()["check_meeting_role"] == "presenter"


def test_the_organizer_said_again_is_already_known(chat):
    chat.say("recording greyed out in my weekly sync")
    chat.say("oh wait actually it was my colleague's meeting, she sent the invite, i just run it usually")
    assert chat.say("ok she's the organizer").text == "Yes, I have that: someone else organized it."


def test_so_thats_it_right_at_a_diagnosis_says_which_answer_points_to_the_cause(agent_chat):
    agent_chat.say("user cant record, she is only an attendee")
    reply = agent_chat.say("so that's it right?")
    assert reply.text.startswith("Your answer **Attendee**") and "I don't know that one" not in reply.text


# --- where to start, an empty calling policy, one person's calling policy

def test_what_do_i_check_first_is_the_pending_question_not_a_fix(chat):
    chat.say("hey so our town hall yesterday didnt get recorded at all even tho it was supposed to auto record? i was "
             "one of the organizers")
    assert chat.state == "check_events_policy"
    reply = chat.say("ok. what do i check first")
    assert reply.text.startswith("I go through the causes Microsoft's guide lists") and "The fix" not in reply.text


def test_what_an_empty_calling_policy_means_is_the_global_one(agent_chat):
    agent_chat.say("Get-CsOnlineUser -Identity amy@contoso.com | fl TeamsMeetingPolicy,TeamsCallingPolicy\n\n"
                   "TeamsMeetingPolicy : Tag:Faculty\nTeamsCallingPolicy :")
    agent_chat.say("she cant record calls, 1:1 with students")
    reply = agent_chat.say("what does an empty calling policy mean")
    assert reply.text.startswith("An empty policy in that output means no policy assigned to the person directly")


def test_changing_the_calling_policy_for_one_person_only_grants_a_calling_policy(agent_chat):
    agent_chat.say("troubleshoot for amy@contoso.com")
    agent_chat.say("she cant record 1:1 calls with students")
    agent_chat.say("AllowCloudRecordingForCalls : False on global")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("can i just change it for her only")
    assert "give them another calling policy" in reply.text and "Grant-CsTeamsMeetingPolicy" not in reply.text
    assert "\n```powershell\nGrant-CsTeamsCallingPolicy -Identity amy@contoso.com -PolicyName POLICY-NAME" in reply.text


def test_the_command_for_one_persons_meeting_policy_starts_on_its_own_line(agent_chat):
    agent_chat.say("troubleshoot for amy@contoso.com")
    agent_chat.say("user cant record meetings, she is the organizer, internal")
    agent_chat.say("AllowCloudRecording : False")
    reply = agent_chat.say("can i just change it for her only?")
    assert "\n```powershell\nGrant-CsTeamsMeetingPolicy -Identity amy@contoso.com" in reply.text


def test_a_calls_onedrive_button_names_whoever_recorded_it_not_an_organizer(chat):
    chat.say("we had a teams call with a customer yesterday, recorded it, now the recording is gone from the chat")
    assert "Check the OneDrive of whoever recorded it" in chat.titles
    assert chat.say("check the onedrive of whoever recorded it").text.startswith("Next")
    assert chat.state == "check_onedrive"


# --- an organizer recording outsiders, how to run the test, storage figures in a sentence, the old ones back

def test_an_organizer_recording_a_meeting_with_an_external_vendor_is_not_the_outsider(chat):
    reply = chat.say("Hello, I'm trying to record a Teams meeting with an external vendor. I'm the organizer. The "
                     "record button shows but when I click it nothing happens.")
    assert chat.state != "diagnosis" and chat.session_answers().get("check_auth_type") is None
    assert "don't stop it from being recorded" in reply.text and "you join from another organization" not in reply.text


def test_an_organizers_external_guest_who_cant_record_is_still_the_outsider(chat):
    chat.say("im the organizer and my external guest cant record")
    assert chat.state == "diagnosis" and chat.session_answers()["check_auth_type"] == "guest"


def test_how_do_i_run_it_at_the_tests_question_says_who_runs_it(chat):
    at_the_policy_question(chat)
    chat.click("unsure")
    while chat.state != "run_diagnostic":
        chat.click("unsure")
    reply = chat.say("how do i run it")
    assert reply.text.startswith("It needs an admin: ask your admin to run the **Teams Meeting Recording Test**")


def test_storage_figures_told_in_a_sentence_are_read_as_a_full_onedrive(agent_chat):
    agent_chat.say("Caller says their recordings stopped showing up in OneDrive since last month. She's the "
                   "organizer of all of them.")
    assert agent_chat.state == "check_onedrive"
    reply = agent_chat.say("Get-SPOSite output shows StorageUsageCurrent 1048576 and StorageQuota 1048576")
    assert agent_chat.session_answers()["check_onedrive"] == "full" and "Stream (Classic)" not in reply.text


def test_can_she_get_the_old_ones_back_says_how_recordings_come_back(agent_chat):
    agent_chat.say("Caller says their recordings stopped showing up in OneDrive since last month. She's the "
                   "organizer of all of them.")
    reply = agent_chat.say("ok and can she still get the old ones back?")
    assert "If it was never uploaded" in reply.text and "I don't know that one" not in reply.text


# --- an all hands that was a meeting, town halls told apart, a table of policies then the person's

def test_a_meeting_my_boss_calls_all_hands_corrects_the_town_hall(chat):
    chat.say("so i'm trying to record our all hands, it's a webinar i think? or a town hall? honestly not sure what "
             "the difference is")
    assert chat.session_answers()["check_meeting_type"] == "event"
    reply = chat.say("ok it's a regular teams meeting actually, my boss just calls it all hands")
    assert chat.session_answers()["check_meeting_type"] == "meeting"
    assert reply.text.startswith("Changed what is being recorded from **A town hall or webinar** to **A meeting**")


def test_calls_it_is_a_name_not_a_call(chat):
    chat.say("cant record our weekly meeting")
    chat.say("my boss just calls it the sync")
    assert chat.session_answers()["check_meeting_type"] == "meeting"


def test_whats_the_difference_at_the_events_policy_tells_town_halls_and_webinars_apart(chat):
    chat.say("so i'm trying to record our all hands, it's a webinar i think? or a town hall? honestly not sure what "
             "the difference is")
    reply = chat.say("what's the difference")
    assert reply.text.startswith("The events policy tells them apart by size:")
    assert "up to 1,000 attendees (webinars)" in reply.text


def test_the_persons_policy_named_after_a_table_of_several_reads_its_row(agent_chat):
    agent_chat.say("troubleshoot for li.wei@contoso.com")
    agent_chat.say("she says no record button in her channel meetings but works in scheduled ones")
    agent_chat.say("she's the one starting the channel meetings")
    assert agent_chat.session_answers()["check_meeting_role"] == "organizer"
    agent_chat.say("PS C:\\> Get-CsTeamsMeetingPolicy | ft Identity,AllowCloudRecording\n\n"
                   "Identity          AllowCloudRecording\n--------          -------------------\n"
                   "Global                           True\nTag:Restricted                  False\n"
                   "Tag:Sales                        True")
    assert "check_policy" not in agent_chat.session_answers()
    reply = agent_chat.say("her policy is Restricted")
    assert reply.text.startswith("Noted: the meeting policy is **Restricted**.")
    assert agent_chat.session_answers()["check_policy"] == "off" and agent_chat.state == "diagnosis"
    assert "Now paste that policy's setting" not in reply.text and "in **Restricted**" in reply.text


def test_a_policy_named_without_a_table_before_still_asks_for_its_setting(agent_chat):
    agent_chat.say("troubleshoot for li.wei@contoso.com")
    agent_chat.say("she cant record meetings, she's the organizer, internal")
    reply = agent_chat.say("her policy is Restricted")
    assert "Now paste that policy's setting" in reply.text and "check_policy" not in agent_chat.session_answers()


# --- asking IT, what to tell them, not knowing yet and checking

def test_so_i_need_to_ask_it_to_enable_it_is_yes_and_what_to_ask_for(chat):
    chat.say('Record button is greyed out when I hover it says "recording has been disabled by your organization"')
    reply = chat.say("so i need to ask IT to enable it?")
    assert reply.text.startswith("Yes: only a Teams admin can make these changes")
    assert "I don't know that one" not in reply.text and "**summary**" in reply.text


@pytest.mark.parametrize("said", ["what do i tell them exactly", "ok what should i ask them"])
def test_what_to_tell_them_after_asking_it_is_the_ticket(chat, said):
    chat.say('Record button is greyed out when I hover it says "recording has been disabled by your organization"')
    chat.say("so i need to ask IT to enable it?")
    reply = chat.say(said)
    assert chat.last.outcome == "command:summary" and reply.text.startswith("**Recording troubleshooting ticket**")


def test_no_idea_yet_and_checking_is_a_wait_not_an_unsure_answer(agent_chat):
    agent_chat.say("user can record meetings fine but not 1:1 calls. INC0098765")
    assert agent_chat.state == "check_calling_policy"
    reply = agent_chat.say("no idea what her calling policy is yet, checking")
    assert reply.text.startswith("No rush.") and "check_calling_policy" not in agent_chat.session_answers()
    agent_chat.say("here: AllowCloudRecordingForCalls : True")
    assert agent_chat.session_answers()["check_calling_policy"] == "on"


def test_no_idea_alone_is_still_unsure(agent_chat):
    agent_chat.say("user can record meetings fine but not 1:1 calls. INC0098765")
    agent_chat.say("no idea what her calling policy is")
    assert agent_chat.session_answers()["check_calling_policy"] == "unsure"


# --- a recording still processing, a download blocked, more of what the guide doesn't cover

@pytest.mark.parametrize("said", ["how long does it take for a recording to show up?",
                                  "my recording is still processing after 3 hours",
                                  "the recording has been stuck on processing for like 5 hours"])
def test_a_recording_still_on_its_way_is_told_how_it_shows_up_not_how_recordings_expire(chat, said):
    reply = chat.say(said)
    assert chat.last.outcome == "triage:storage_location" and chat.state == "offer"
    assert reply.text.startswith("After a recording stops, Teams processes it and then saves it")
    assert "expire" not in reply.text and "When a recording shows up" in reply.text  # and it cites that, first


def test_what_do_i_do_after_a_subject_the_guide_doesnt_cover_does_not_claim_the_guide_covered_it(chat):
    chat.say("can we record breakout rooms? only the main room got recorded")
    reply = chat.say("ok so what do i do")
    assert "That was what Microsoft's guide says" not in reply.text
    assert reply.text.startswith("Microsoft's meeting-recording guide doesn't cover that")


def test_a_download_blocked_names_the_setting_when_asked_which_policy_controls_it(chat):
    reply = chat.say("i cant download the recording from our channel meeting, download button is missing")
    assert "Where Microsoft answers it is under **Why? / Sources**" in reply.text
    assert "ChannelRecordingDownload" in reply.details
    reply = chat.say("it was in a channel")
    assert reply.text.startswith("Yes, I have that: it's a channel meeting.")
    reply = chat.say("what policy controls that?")
    assert "`ChannelRecordingDownload` setting" in reply.text and chat.state == "offer"
    assert "Is **Meeting recording**" not in reply.text and "AllowCloudRecording" not in reply.text


# --- an agent's words around a paste, an end user who takes "I made it" back

def test_the_words_before_an_agents_paste_answer_the_pending_question_and_say_how_he_joins(agent_chat):
    agent_chat.say("troubleshoot for j.smith@contoso.com\nPS C:\\> Get-CsOnlineUser j.smith@contoso.com | select "
                   "TeamsMeetingPolicy,TeamsCallingPolicy\n\nTeamsMeetingPolicy TeamsCallingPolicy\n"
                   "------------------ ------------------\nRestrictedAnonymous")
    assert agent_chat.state == "check_meeting_type"
    reply = agent_chat.say("user can't record his meetings, he is the organizer, internal\n"
                           "Get-CsTeamsMeetingPolicy -Identity RestrictedAnonymous | select AllowCloudRecording\n\n"
                           "AllowCloudRecording\n-------------------\n               True")
    assert agent_chat.session_answers() == {"check_meeting_type": "meeting", "check_meeting_role": "organizer",
                                            "check_auth_type": "member", "check_policy": "on"}
    assert reply.text.count("Got it") == 1 and agent_chat.state == "run_diagnostic"
    agent_chat.say("ran the diagnostic, it says everything passed")
    assert agent_chat.state == "escalate"
    assert agent_chat.session["reported"] == "user can't record his meetings, he is the organizer, internal"
    assert 'Reported: "user can\'t record his meetings' in agent_chat.last.replies[0].text


def test_i_dont_know_then_but_this_one_i_made_is_the_organizer(chat):
    chat.say("hey so i tried to record our team meeting today and it just didnt let me")
    chat.say("idk i think so? my manager usually sets them up but this one i made")
    assert chat.session_answers()["check_meeting_role"] == "organizer"


def test_actually_he_made_it_takes_the_organizer_back_and_work_acct_is_a_member(chat):
    chat.say("hey so i tried to record our team meeting today and it just didnt let me")
    chat.say("idk i think so? my manager usually sets them up but this one i made")
    reply = chat.say("actually no wait he made it, i just forwarded the invite")
    assert reply.text.startswith("Got it: someone else organized it.") and chat.state == "check_meeting_role"
    assert "check_meeting_role" not in chat.session_answers()
    chat.say("ya work acct")
    assert chat.session_answers()["check_auth_type"] == "member"
    reply = chat.say("what does that even mean")
    assert reply.text.startswith("I mean the part you have in this meeting")


def test_letting_one_person_record_but_not_the_rest_of_her_team_is_another_policy_for_her(agent_chat):
    agent_chat.say("user reports recording stopped working after we moved her to a new policy yesterday")
    agent_chat.say('New policy is called "Sales-Restricted", and AllowCloudRecording is $false on it')
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("ok so how do we let her record just her own meetings but keep it off for the rest of sales")
    assert "Grant-CsTeamsMeetingPolicy" in reply.text and "applies to everyone who has that policy" in reply.text


def test_what_follows_the_but_is_the_answer_without_a_confirmation(chat):
    chat.say("cant record. help")
    chat.say("its a teams meeting for my clients")
    chat.say("yes im hosting")
    chat.say("they are from outside yes but i'm internal")
    assert chat.session_answers()["check_auth_type"] == "member" and chat.state == "check_policy"


def test_could_it_be_my_license_is_what_the_test_checks_and_we_have_business_basic_is_the_account(chat):
    chat.say("cant record. help")
    chat.say("its a teams meeting for my clients")
    reply = chat.say("hmm could it be my license?")
    assert reply.text.startswith("It could be. The Meeting Recording Test checks that the user has a required Teams")
    assert "I don't know that one" not in reply.text and chat.state == "check_meeting_role"
    reply = chat.say("we have business basic if that matters")
    assert reply.text.startswith("The test looks at the account itself")


def test_a_stream_licence_question_is_not_the_teams_licence(chat):
    chat.say("cant record. help")
    reply = chat.say("do i need a stream license for this?")
    assert "Meeting Recording Test checks that" not in reply.text


@pytest.mark.parametrize("asked", ["how does she do that", "ok how does the organizer do that"])
def test_how_the_organizer_makes_someone_a_co_organizer_after_the_attendees_diagnosis(chat, asked):
    chat.say("my boss asked me to record the board meeting tomorrow but i'm not the organizer, can i?")
    chat.say("she's the organizer, i'm just an attendee")
    assert chat.state == "diagnosis"
    chat.say("can she make me a co-organizer instead?")
    reply = chat.say(asked)
    assert reply.text.startswith("During a meeting, the organizer (or a co-organizer) opens **People**")
    assert "**Choose co-organizers**" in reply.text and "roles-in-microsoft-teams-meetings" in reply.text


def test_how_do_i_make_someone_a_presenter_is_answered_at_any_question(chat):
    chat.say("Why is there no record button?? I'm in a meeting right now!!")
    reply = chat.say("how do i make someone a presenter")
    assert "**Make a presenter**" in reply.text and chat.state == "check_meeting_role"


def test_a_colleague_who_can_record_in_my_meeting_makes_it_just_me_and_my_own_policy(chat):
    chat.say("the record button disappeared after the teams update yesterday, it was there last week")
    chat.say("yes it's my meeting, I set it up")
    chat.say("I'm signed in normally")
    assert chat.state == "check_policy"
    reply = chat.say("actually wait, my colleague just tried and she can record in my meeting. so is it just me?")
    assert reply.text.startswith("It looks like it: others can record in the same meeting")
    assert "what differs is you: your own meeting policy." in reply.text  # role and account are answered already
    assert "others_can" in chat.session["flags"]


def test_a_meeting_recorded_and_not_in_onedrive_is_where_recordings_go(chat):
    chat.say("we recorded a teams meeting yesterday and it's not in my onedrive or the chat. i was the one who pressed "
             "record but my colleague sent the invite")
    assert chat.last.outcome == "triage:storage_location"
    assert chat.session_answers()["check_organizer"] == "someone_else"


def test_thats_the_one_both_of_them_have_names_the_pasted_policy_as_theirs(agent_chat):
    agent_chat.say("two users at the same company cant record, both organizers of their own meetings, both internal. "
                   "all other users fine")
    agent_chat.say("what policy should I compare\nIdentity : Tag:Marketing\nAllowCloudRecording : False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("that's the one both of them have")
    assert reply.text.startswith("Noted: the meeting policy is **Marketing**. That's the policy whose setting you pasted")
    assert agent_chat.session["policies"]["meeting"] == "Marketing"


def test_i_log_in_with_my_company_email_is_a_member_at_another_question(chat):
    chat.say("Hi! So basically I run a weekly training session for new hires and we always record it. This week the "
             "record option just wasn't in the menu. I'm pretty sure I'm the organizer since I send the invites.")
    assert chat.state == "check_meeting_type"
    reply = chat.say("I log in with my company email")
    assert reply.text.startswith("Got it: you join with an account of the organizer's organization.")


def test_and_if_its_on_is_where_the_checks_go_next(chat):
    chat.say("my meeting has no record button, I'm the organizer, work account")
    assert chat.state == "check_policy"
    reply = chat.say("ok. and if it's on?")
    assert reply.text.startswith("I go through the causes Microsoft's guide lists")


def test_yep_presenter_after_going_to_check_corrects_the_role(chat):
    chat.say("recording isn't working")
    chat.say("its a meeting")
    chat.say("co-organizer")
    reply = chat.say("wait no i think im just presenter. let me check")
    assert reply.text.startswith("No rush.")
    reply = chat.say("yep presenter")
    assert chat.session_answers()["check_meeting_role"] == "presenter"
    assert "from **Co-organizer** to **Presenter**" in reply.text


def test_how_do_i_know_if_the_organizer_limited_it_is_the_lock_on_the_button(chat):
    chat.say("recording isn't working")
    chat.say("its a meeting")
    chat.say("presenter")
    reply = chat.say("how do i know if the organizer limited it")
    assert reply.text.startswith("A lock icon on someone's Record button means recording isn't available")


def test_so_its_on_after_a_pasted_calling_policy_is_that_paste_not_the_meeting_policys_answer(agent_chat):
    agent_chat.say("User: anna.k@contoso.com. Calls with external PSTN numbers can't be recorded, internal Teams calls "
                   "record fine.")
    agent_chat.say("what's the setting name for calls\nAllowCloudRecordingForCalls : True\nIdentity : Global")
    # a phone call is one the calling policy alone covers: no meeting policy's question after it
    assert agent_chat.session_answers()["check_calling_policy"] == "on" and agent_chat.state == "run_diagnostic"
    reply = agent_chat.say("ok so it's on. now what")
    assert "run_diagnostic" not in agent_chat.session_answers() and agent_chat.state == "run_diagnostic"
    assert reply.text.startswith("Yes, I have that: recording is on in their calling policy.")
    assert "this question is the next one" in reply.text


@pytest.mark.parametrize("said, recorded, state", [("yes", "full", "diagnosis"), ("yep", "full", "diagnosis")])
def test_yes_to_is_her_onedrive_full_confirms_it_is_full_not_that_it_has_space(chat, said, recorded, state):
    chat.say("we recorded a teams meeting yesterday and it's not in my onedrive or the chat. i was the one who pressed "
             "record but my colleague sent the invite")
    chat.say("she says it's not there either")
    assert chat.state == "check_onedrive"
    reply = chat.say("her onedrive might be full actually, she's been complaining about storage")
    assert reply.card["body"][0]["text"] == "Just to be sure: **Its storage is full**?"
    chat.say(said)
    assert chat.session_answers()["check_onedrive"] == recorded and chat.state == state


def test_no_to_is_her_onedrive_full_asks_again(chat):
    chat.say("we recorded a teams meeting yesterday and it's not in my onedrive or the chat. i was the one who pressed "
             "record but my colleague sent the invite")
    chat.say("she says it's not there either")
    chat.say("her onedrive might be full actually, she's been complaining about storage")
    chat.say("no")
    assert "check_onedrive" not in chat.session_answers() and chat.state == "check_onedrive"


def test_get_csonlineuser_pasted_with_the_account_names_her_policies(agent_chat):
    reply = agent_chat.say("troubleshoot for kim@contoso.com\nUserPrincipalName          : kim@contoso.com\n"
                           "TeamsMeetingPolicy         : \nTeamsCallingPolicy         : AllowCalling\n"
                           "TeamsEventsPolicy          : \n"
                           "EffectivePolicyAssignments : {TeamsMeetingPolicy, TeamsCallingPolicy}")
    assert "Noted: the meeting policy is **Global**" in reply.text
    assert agent_chat.session["policies"]["meeting"] == "Global"
    agent_chat.say("she can't record meetings")
    reply = agent_chat.say("she's the organizer and internal")
    assert agent_chat.state == "check_policy" and "Get-CsTeamsMeetingPolicy -Identity Global" in reply.text
    assert agent_chat.session["reported"] == "she can't record meetings"


@pytest.mark.parametrize("asked", ["ok so what's left", "what's left to check"])
def test_whats_left_is_where_the_checks_go(agent_chat, asked):
    agent_chat.say("troubleshoot for kim@contoso.com")
    agent_chat.say("she can't record meetings, she's the organizer and internal")
    reply = agent_chat.say(asked)
    assert "I don't know that one" not in reply.text and "this question is the next one" in reply.text


def test_my_policy_or_the_organizers_is_both_and_which_one_is_how_to_find_out_mine(chat):
    chat.say('the hover text on the greyed record button says "You can\'t record this meeting because of your '
             'organization\'s policy"')
    chat.say("i'm a presenter")
    assert chat.state == "check_auth_type"
    reply = chat.say("ok so it's my policy or the organizer's?")
    assert reply.text.startswith("Both count: a meeting can be recorded only when it is on in the policy of the organizer")
    reply = chat.say("how do I find out which one")
    assert reply.text.startswith("Only an admin can see meeting policies.")


def test_tried_again_same_error_is_still_stuck_not_an_answer(chat):
    chat.say('i clicked record and it said "Recording couldn\'t start. Try again later"')
    chat.say("meeting, I'm the organizer")
    reply = chat.say("I tried again 3 times, same error")
    assert reply.text.startswith("I go through the causes Microsoft's guide lists")


def test_whatever_give_me_the_summary_for_it_is_the_ticket(chat):
    chat.say("record button missing in our call")
    reply = chat.say("whatever, can you just give me the summary for IT")
    assert chat.last.outcome == "command:summary" and reply.text.startswith("**Recording troubleshooting ticket**")


def test_found_it_but_where_is_the_transcript_is_sorted_and_the_transcript_asked_about(chat):
    chat.say("my recording is missing AND i can't find the transcript either")
    assert chat.state == "offer"
    reply = chat.say("ok found the recording in onedrive, but where is the transcript?")
    assert chat.state != "resolved" and "Good to hear it's sorted" not in reply.text
    assert "transcript of a recorded meeting is stored with the recording" in reply.details


def test_not_sure_what_an_events_policy_is_explains_it(chat):
    chat.say("cant record my meeting")
    chat.say("actually it's a webinar not a meeting")
    reply = chat.say("not sure what an events policy is")
    assert "Yes, I have that" not in reply.text and "I couldn't tell" not in reply.text


def test_an_agents_1_1_calls_with_meetings_fine_is_the_calling_policy(agent_chat):
    agent_chat.say('ticket 55231: user gets "Recording is not available" for his 1:1 calls, meetings fine')
    assert agent_chat.last.outcome == "triage:calls_policy" and agent_chat.state == "check_calling_policy"
    assert agent_chat.session_answers()["check_meeting_type"] == "call"


@pytest.mark.parametrize("asked", ["so I set it to true on global?", "or better create a new policy for him?"])
def test_global_or_a_new_policy_for_him_at_a_calls_diagnosis_is_whom_a_change_reaches(agent_chat, asked):
    agent_chat.say('ticket 55231: user gets "Recording is not available" for his 1:1 calls, meetings fine')
    agent_chat.say("AllowCloudRecordingForCalls : False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say(asked)
    assert "applies to everyone who has that policy" in reply.text and "Grant-CsTeamsCallingPolicy" in reply.text


def test_a_tenant_wide_switch_is_the_global_policy(chat):
    chat.say("teams recording not working for our whole department since monday")
    reply = chat.say("hm. what about the tenant level, is there a tenant wide switch?")
    assert reply.text.startswith("The closest thing is the **Global** meeting policy")
    assert "applies to everyone who has that policy" in reply.text


def test_a_guest_asking_whether_the_organizer_can_record_and_send_it(chat):
    chat.say("i'm a guest in a client's meeting and want to record for my notes")
    assert chat.state == "diagnosis"
    reply = chat.say("can the organizer record and send it to me?")
    assert reply.text.startswith("Yes: the organizer can start the recording, and afterwards share it.")
    assert "including with people outside the organization" in reply.text


def test_he_can_record_our_calls_though_is_the_calling_policy_that_differs(chat):
    chat.say('the record button is grey and says "recording is disabled"')
    chat.say("its a 1:1 call with my manager")
    assert chat.state == "check_calling_policy"
    reply = chat.say("he can record our calls though")
    assert reply.text.startswith("Noted: others can record in the same calls, so what differs is you: your own "
                                 "calling policy")
    assert "others_can" in chat.session["flags"] and "meeting policy" not in reply.text


def test_a_channel_meeting_whose_recording_could_not_be_saved_asks_about_the_channels_site(chat):
    chat.say('my recording failed, it said "recording couldn\'t be saved"')
    assert chat.state == "check_onedrive" and "No OneDrive" in chat.titles
    reply = chat.say("it's a channel meeting")
    assert reply.text == "Got it: it's a channel meeting."  # not "it's a meeting" as well
    assert "SharePoint site" in reply.card["body"][0]["text"] and "No OneDrive" not in chat.titles
    reply = chat.say("yes it's a standard channel")  # agrees it is a channel meeting: says nothing of the space
    assert chat.state == "check_onedrive" and reply.text == "Yes, I have that: it's a channel meeting."
    reply = chat.say("no")  # no space left: the site is always there
    assert chat.state == "diagnosis"
    assert reply.text.startswith("**Cause: the recording has nowhere to go: the channel's SharePoint site has no "
                                 "space left.**")
    assert "The channel's SharePoint site and its space: **Its storage is full**" in chat.command("summary").text


def test_an_agent_is_given_the_channel_sites_storage_command_not_the_organizers_onedrive(agent_chat):
    reply = agent_chat.say("channel meeting recording failed to upload, the error says it couldn't be saved")
    assert agent_chat.state == "check_onedrive" and reply.text.startswith("Got it: it's a channel meeting.")
    assert "Get-SPOSite -Identity https://contoso.sharepoint.com/sites/" in reply.text
    assert "IncludePersonalSite" not in reply.text and "organizer has a OneDrive" not in reply.text


def test_i_think_its_a_town_hall_actually_with_a_question_mark_is_said_again_not_asked(chat):
    chat.say("i cant record")
    chat.say("the meeting")
    chat.say("its the weekly town hall, someone from comms sets it up")
    assert chat.session_answers()["check_meeting_type"] == "event"
    reply = chat.say("i think its a town hall actually?")
    assert reply.text == "Yes, I have that: it's a town hall or webinar."  # not the events policy's page again


def test_an_agent_asking_how_to_check_the_organizers_policy_gets_its_commands(agent_chat):
    agent_chat.say("troubleshoot for sam.lee@contoso.com")
    agent_chat.say("he's a presenter in a meeting run by finance, button is greyed out")
    agent_chat.say("is that the organizer's policy or his?")
    reply = agent_chat.say("how do I check the organizer's then")
    assert "Look up the **organizer's** policy" in reply.text and "Get-CsTeamsMeetingPolicy" in reply.text
    assert "which account they joined with" not in reply.text


@pytest.mark.parametrize("said", ["ok organizer has RestrictedExec, recording False there",
                                  "organizer has RestrictedExec with AllowCloudRecording False"])
def test_the_organizers_policy_told_in_a_sentence_is_the_organizers_not_the_recorders(agent_chat, said):
    agent_chat.say("troubleshoot for sam.lee@contoso.com")
    agent_chat.say("he's a presenter in a meeting run by finance, button is greyed out")
    reply = agent_chat.say(said)
    assert agent_chat.state == "diagnosis" and agent_chat.session_answers()["check_organizer_policy"] == "off"
    assert "check_policy" not in agent_chat.session_answers()
    assert "**Cause: Meeting recording (the guide's Allow cloud recording) is off in the organizer's" in reply.text


def test_the_recording_that_stops_told_again_at_the_test_is_not_its_result(agent_chat):
    agent_chat.say("user reports recording stops after a few minutes in a teams meeting")
    agent_chat.say("internal user, he's the organizer")
    agent_chat.say("policy is fine")
    assert agent_chat.state == "run_diagnostic"
    agent_chat.say("it just stops, no error")  # was "Everything passed", and the checks ended with no cause
    assert agent_chat.state == "run_diagnostic" and "run_diagnostic" not in agent_chat.session_answers()


def test_which_policy_blocks_a_channel_recordings_download_is_that_policy_alone(chat):
    chat.say("i cant download the recording from our channel meeting, download button is missing")
    reply = chat.say("what policy controls that?")
    assert "`ChannelRecordingDownload`" in reply.text
    assert "decided by the recording file's permissions" not in reply.text  # a OneDrive file's sharing, not this


def test_i_didnt_check_the_chat_is_where_the_link_shows_not_an_unsure_answer(chat):
    chat.say("hey i can't find my recording from this morning")
    chat.say("i was the organizer")
    chat.say("it's not in my onedrive recordings folder")
    assert chat.state == "check_onedrive"
    reply = chat.say("i didn't check the chat")
    assert chat.state == "check_onedrive" and "check_onedrive" not in chat.session_answers()
    assert "a link to it shows in the meeting chat" in reply.text
    reply = chat.say("oh it's there in the chat! thanks")
    assert chat.last.outcome == "dropped:solved" and reply.text.startswith("Good to hear it's sorted.")


def test_a_paste_after_a_ps_prompt_ends_the_sentence_before_it(agent_chat):
    agent_chat.say("troubleshoot for priya@contoso.com")
    reply = agent_chat.say("priya cant record, she's the organizer, internal\n"
                           "PS> Get-CsOnlineUser priya@contoso.com | fl TeamsMeetingPolicy\n"
                           "TeamsMeetingPolicy : Tag:Education_Teacher")
    assert agent_chat.session_answers()["check_auth_type"] == "member"  # "internal" was read into the command
    assert reply.text.startswith("Got it: they organize it and they join with an account of the organizer's "
                                 "organization.")


def test_a_policy_change_run_in_powershell_and_still_nothing_says_first_that_changes_take_hours(agent_chat):
    reply = agent_chat.say("ran Set-CsTeamsMeetingPolicy -Identity Global -AllowCloudRecording $true, still nothing "
                           "for the user")
    assert "policy_changed" in agent_chat.session["flags"]
    assert "Microsoft says changes to meeting policies can take up to 24 hours" in reply.text
    pending = agent_chat.state
    reply = agent_chat.say("about 10 minutes ago")
    assert agent_chat.state == pending and reply.text.startswith("Then the change may not have reached them yet.")
    reply = agent_chat.say("ok so we wait? how long")
    assert "can take up to 24 hours" in reply.text and "I couldn't tell" not in reply.text


def test_a_teacher_guessing_the_students_are_attendees_is_asked_to_confirm_and_told_how_to_change_it(chat):
    chat.say("my students can't record in our class team meetings, i'm the teacher")
    assert chat.state == "check_meeting_role"
    reply = chat.say("they're attendees i guess? not sure what role students have")
    assert chat.last.outcome == "confirm" and "**Attendee**" in reply.card["body"][0]["text"]
    reply = chat.say("can i make them presenters?")
    assert "**Make a presenter**" in reply.text
    reply = chat.say("ok and then they can record?")
    assert reply.text.startswith("The role someone has in the meeting decides whether they can record.")


AFTER_THE_ACCOUNT = ("troubleshoot for ana.silva@contoso.com\n"
                     "PS> Get-CsOnlineUser ana.silva@contoso.com | select TeamsMeetingPolicy\n\n"
                     "TeamsMeetingPolicy\n------------------\nTag:Sales Meetings\n"
                     "PS> Get-CsTeamsMeetingPolicy \"Sales Meetings\" | select AllowCloudRecording\n"
                     "AllowCloudRecording\n-------------------\n              False")


def test_two_commands_pasted_under_the_account_after_the_problem_are_both_read(agent_chat):
    agent_chat.say('INC0045521 - user can\'t record. She gets "Recording has been disabled by your IT admin"')
    assert agent_chat.state == "check_meeting_type"
    reply = agent_chat.say(AFTER_THE_ACCOUNT)  # was only "Noted: the checks are about ...", the paste dropped
    assert agent_chat.session["upn"] == "ana.silva@contoso.com" and agent_chat.state == "diagnosis"
    assert agent_chat.session_answers()["check_policy"] == "off"
    assert agent_chat.session["policies"] == {"meeting": "Sales Meetings"}
    assert "check_meeting_type" not in agent_chat.session_answers()  # "Sales Meetings" names no kind of recording
    assert 'Set-CsTeamsMeetingPolicy -Identity "Sales Meetings" -AllowCloudRecording $true' in reply.text
    reply = agent_chat.say("ok how do i turn it on for just her without affecting sales")
    assert "For one person only, give them another meeting policy" in reply.text
    agent_chat.say("done, assigned her the Global one")
    reply = agent_chat.say("when will she see it")
    assert "can take up to 24 hours" in reply.text


def test_my_own_after_the_kind_is_the_organizer_and_no_idea_what_a_policy_is_is_for_later(chat):
    chat.say("recording isnt working")
    chat.say("it's a normal meeting, my own")
    assert chat.session_answers()["check_meeting_role"] == "organizer"
    reply = chat.say("i have no idea what policy is")
    assert reply.text.startswith("That's fine: only an admin can see policies.")


def test_the_kind_said_under_a_pasted_table_is_kept(agent_chat):
    agent_chat.say("troubleshoot for ana.silva@contoso.com")
    agent_chat.say("PS> Get-CsTeamsMeetingPolicy \"Sales Meetings\" | select AllowCloudRecording\n"
                   "AllowCloudRecording\n-------------------\n              True\nshe can't record, it's a webinar")
    assert agent_chat.session_answers()["check_meeting_type"] == "event"


def test_a_phone_call_is_the_calling_policy_alone_and_the_caller_is_noted(chat):
    chat.say("when i try to record a call with a customer on their phone number, there's no record option")
    assert chat.state == "check_calling_policy" and chat.session_answers()["check_meeting_type"] == "call"
    reply = chat.say("i'm the one who called them")
    assert reply.text.startswith("Noted. Who placed the call doesn't change the question below: recording a call is "
                                 "allowed by the calling policy")
    chat.say("no idea")
    assert chat.state == "run_diagnostic"  # the meeting policy covers group calls, not a call with one customer
    reply = chat.say("whatever, what would cause it")
    assert "this question is the next one" in reply.text


def test_no_other_people_organize_with_me_is_no_answer_to_the_events_policy(chat):
    chat.say("hi I want to record our webinar tomorrow but I dont see the option in the setup")
    chat.say("I'm the organizer yes")
    assert chat.state == "check_events_policy"
    chat.say("no other people organize with me")  # was "No, it's off", and a diagnosis
    assert chat.state == "check_events_policy" and "check_events_policy" not in chat.session_answers()


def test_yes_with_a_statement_after_it_at_what_next_picks_nothing(chat):
    chat.say("i record but then the recording has no audio")
    assert chat.state == "offer"
    reply = chat.say("yes the video is there but silent")  # was "Prepare a ticket", escalated with no check made
    assert chat.state == "offer" and reply.text.startswith("Then what's missing isn't one of the things a recording "
                                                           "leaves out")


def test_where_recordings_were_is_no_second_problem_and_the_new_stream_is_sharepoint(chat):
    reply = chat.say("Hello, our recordings from last month are gone. They were in Stream before")
    assert chat.session["problems"] == ["ams_expiry"] and "You also mentioned" not in reply.text
    reply = chat.say("we use the new stream i think, the sharepoint one")
    assert reply.text == "Got it: recordings go to OneDrive or SharePoint."


EXPIRY_PASTED = ("user reports recordings disappear after a couple of weeks\n"
                 "PS> Get-CsTeamsMeetingPolicy -Identity Global | fl NewMeetingRecordingExpirationDays\n"
                 "NewMeetingRecordingExpirationDays : 14")


def test_an_expiry_pasted_with_the_problem_is_read_and_the_old_recordings_asked_about(agent_chat):
    reply = agent_chat.say(EXPIRY_PASTED)
    assert reply.text.startswith("Read from your paste: `NewMeetingRecordingExpirationDays : 14`. New recordings "
                                 "under that policy expire **14 days** after they are made.")
    agent_chat.say("can i change that to never")
    reply = agent_chat.say("for everyone?")
    assert "another meeting policy that has the expiry they need" in reply.text and "recording on" not in reply.text
    reply = agent_chat.say("ok thanks, and the old ones?")
    assert reply.text.startswith("A change applies only to recordings made after it.")


def test_a_colleagues_role_beside_my_own_is_hers_and_both_internal_is_how_she_joins(chat):
    chat.say("my colleague says she can't record but i can, same meeting")
    assert chat.session_answers()["check_meeting_type"] == "meeting"  # "same meeting": not asked what it is
    chat.say("she's presenter, i'm organizer")  # was "Just to be sure: Organizer?", the teller's own role
    assert chat.session_answers()["check_meeting_role"] == "presenter"
    chat.say("both internal")  # was "I couldn't tell"
    assert chat.session_answers()["check_auth_type"] == "member"


def test_a_rambling_organizer_of_a_daily_standup_is_not_asked_again_who_runs_it(chat):
    chat.say("ugh teams won't let me record again. last week it was fine. i think they changed something")
    chat.say("it's my team standup, i run it every day")
    assert chat.session_answers()["check_meeting_role"] == "organizer" and chat.state == "check_auth_type"
    chat.say("ok fine, work account")
    chat.say("hmm actually sometimes I join from my phone, does that matter?")
    reply = chat.say("no wait, I always use the laptop for standup")  # was "I couldn't tell"
    assert reply.text.startswith("Noted: you join from the Teams desktop app.")
    reply = chat.say("can we skip the policy stuff, IT never answers")  # was "I don't know that one"
    assert reply.text.startswith("That's fine: only an admin can see policies.")


def test_not_sure_how_to_check_my_role_asked_at_the_kind_is_no_answer_to_the_kind(chat):
    chat.say("recording is greyed out")
    chat.say("presenter")
    assert chat.state == "check_meeting_type"
    chat.say("actually i'm not sure, how do i check my role")  # was "I'm not sure" for what is being recorded
    assert chat.state == "check_meeting_type" and "check_meeting_type" not in chat.session_answers()


EVENTS_PASTED = ("li can't record her webinars\n"
                 "PS> Get-CsTeamsEventsPolicy -Identity Global | fl RecordingForTownhall,RecordingForWebinar\n"
                 "RecordingForTownhall : Enabled\nRecordingForWebinar  : Disabled")


def test_an_events_policy_pasted_with_the_problem_names_it_in_the_fix_and_each_kinds_setting(agent_chat):
    agent_chat.say("troubleshoot for li.wei@contoso.com")
    reply = agent_chat.say(EVENTS_PASTED)
    assert reply.text.startswith("Got it: it's a town hall or webinar and recording is off in the organizer's events "
                                 "policy.")  # was "the organizer's events policy: no, it's disabled"
    assert "Set-CsTeamsEventsPolicy -Identity Global" in reply.text  # was the Get- command, as a fix
    reply = agent_chat.say("so webinar is the problem?")
    assert reply.text.startswith("In the events policy, each kind has its own setting")
    reply = agent_chat.say("and townhalls would work?")
    assert reply.text.startswith("In the events policy, each kind has its own setting")


def test_a_policy_pasted_alone_as_an_agents_first_message_starts_the_checks(agent_chat):
    agent_chat.say("troubleshoot for omar@contoso.com")
    reply = agent_chat.say("ok connected now\nIdentity            : Global\nAllowCloudRecording : True")
    assert agent_chat.last.outcome == "triage:start"  # was "the guide doesn't cover that"
    assert agent_chat.session_answers()["check_policy"] == "on" and "doesn't cover" not in reply.text


def test_others_who_cant_record_either_are_noted_and_the_questions_stay_about_me(chat):
    chat.say("hi, the recrod button dissapeared from my meetngs since yesterday")
    chat.say("yeah its my meetng")
    chat.say("nope not a gest")  # was "I couldn't tell"
    assert chat.session_answers()["check_auth_type"] == "member"
    reply = chat.say("ok i asked, my manager says other ppl in the team cant record either")
    assert reply.text.startswith("Noted: it isn't only you: others can't record either")
    assert "someone" not in chat.session["flags"] and "others_cant" in chat.session["flags"]
    assert "Noted: others can't record either." in chat.command("summary").text


def test_what_do_u_mean_is_what_do_you_mean(chat):
    chat.say("i need to record a meeting for compliance but recording is not available")
    reply = chat.say("what do u mean role")  # was "I don't know that one"
    assert reply.text.startswith("I mean the part you have in this meeting")


def test_who_to_ask_to_make_me_presenter_is_the_organizer_not_the_helpdesk(chat):
    chat.say("record button missing, i'm an attendee in a training session")
    assert chat.state == "diagnosis"
    reply = chat.say("oh ok. so who should I ask to make me presenter")  # was "Your IT admin or helpdesk."
    assert reply.text.startswith("The organizer makes the recorder a presenter or co-organizer")


def test_an_agents_one_word_notes_include_the_policy_said_true(agent_chat):
    reply = agent_chat.say("INC777 user can't record. Organizer. Internal. Policy True. Test passed.")
    assert agent_chat.session_answers()["check_policy"] == "on"
    assert "recording is on in their meeting policy" in reply.text


def test_people_who_declined_consent_and_removing_the_prompt_are_answered(chat):
    chat.say("when I start recording everyone gets a popup asking to consent and some people said no")
    reply = chat.say("are they now unable to talk?")  # was "I don't know that one"
    assert reply.text.startswith("That's how it works when the organizer's meeting policy requires agreement")
    reply = chat.say("can I remove the consent requirement?")  # was "I don't know that one"
    assert reply.text.startswith("Only an admin can change this")


def test_a_second_cause_told_at_the_diagnosis_is_diagnosed_too(chat):
    chat.say("record button missing, i'm an attendee in a training session")
    chat.say("oh ok. so who should I ask to make me presenter")
    reply = chat.say("the trainer is from an external company though")  # was only "Got it: ..."
    assert reply.text.startswith("Got it: you join from another organization.\n\n**Cause: you joined from outside "
                                 "the organizer's organization.**")
    reply = chat.say("hmm so can she make me presenter if she's external?")  # was "That's all I have on it"
    assert reply.text.startswith("That won't help: a role doesn't change it")


def test_a_co_organizer_asking_about_the_organizers_policy_and_how_she_checks_hers(chat):
    chat.say("I'm a co-organizer and I still can't record, organizer is my boss")
    chat.say("yes we're both in the same company")
    reply = chat.say("is it maybe her policy?")
    assert reply.text.startswith("Yes, both count")
    reply = chat.say("ok how would she check hers")  # was "I don't know that one"
    assert "look up the meeting organizer's meeting policy" in reply.text


def test_no_one_left_after_when_recordings_stop_is_not_a_no_to_what_next(chat):
    chat.say("recording stopped by itself after an hour")
    assert chat.state == "offer"
    reply = chat.say("no one left")  # was "That's all, thanks": the conversation ended
    assert chat.state == "offer" and reply.text.startswith("Then it isn't that either")


def test_so_she_needs_co_organizer_is_how_she_becomes_one(agent_chat):
    agent_chat.say("she is presenter")
    agent_chat.say("organizer set only organizers and co-organizers can record i think")
    reply = agent_chat.say("so she needs co-organizer?")
    assert reply.text.startswith("The organizer sets **Who can record and transcribe** (Meeting options > Recording & "
                                 "transcription) to include presenters, or makes the recorder a co-organizer")


def test_a_guest_asking_why_not_and_about_a_personal_account_is_answered(chat):
    chat.say("I'm a guest in a customer's teams meeting and want to record")
    reply = chat.say("why not? I'm presenting")  # was only "Got it: you're a presenter ..."
    assert "Because that's the rule for recording in Teams" in reply.text
    reply = chat.say("what if I use my personal account")  # was a reply of one quote, shown as nothing
    assert reply.text.startswith("Only an account of the organizer's own organization can start the recording")


def test_we_will_wait_till_tomorrow_after_a_change_is_the_wait(agent_chat):
    agent_chat.say("troubleshoot for kai@contoso.com")
    agent_chat.say("kai is organizer and policy shows AllowCloudRecording False")
    agent_chat.say("done, flipped it to true")
    reply = agent_chat.say("ok we'll wait till tomorrow")  # was "I couldn't tell"
    assert agent_chat.last.outcome == "waiting" and reply.text.startswith("No rush.")


def test_a_role_last_week_is_no_change_of_the_role_now(chat):
    chat.say("we use teams on a mac and record button is missing")
    reply = chat.say("mac desktop app yes")  # was "I couldn't tell"
    assert reply.text.startswith("Noted: you join from the Teams desktop app.")
    chat.say("im attendee")
    assert chat.state == "diagnosis"
    reply = chat.say("but i was presenter last week and could record")  # was the role changed to presenter
    assert chat.session_answers()["check_meeting_role"] == "attendee" and chat.state == "diagnosis"
    assert reply.text.startswith("Noted: it worked before")


def test_one_of_the_presenters_and_what_else_then(chat):
    chat.say("hey so my boss wants me to record our all hands tomorrow, its a town hall in teams, I'm one of the "
             "presenters. will I be able to?")
    assert chat.session_answers()["check_meeting_role"] == "presenter"
    reply = chat.say("what else then")  # was "I don't know that one"
    assert "this question is the next one" in reply.text


def test_an_external_person_who_guesses_guest_is_not_read_as_a_member(chat):
    chat.say("im external, from another company, they invited me to their teams call and I cant record")
    assert chat.state == "diagnosis"
    reply = chat.say("yeah guest i guess, I sign in with my work account from my company")
    # was "Changed how the recorder joins ... to A member of the organizer's organization"
    assert chat.session_answers()["check_auth_type"] != "member"
    assert "member of the organizer" not in reply.text.split("\n")[0]


def test_a_hedged_one_word_fact_beside_the_answer_is_kept(chat):
    chat.say("the record button is missing in our weekly sync")
    assert chat.state == "check_meeting_role"
    chat.say("presenter, guest probably")  # the guest was dropped: "guest probably" named nothing
    chat.say("yes")
    assert chat.session_answers()["check_meeting_role"] == "presenter"
    assert chat.session_answers().get("check_auth_type") == "guest"


def test_an_agent_who_changes_the_policy_pasted_is_told_of_the_wait(agent_chat):
    agent_chat.say("user sarah.k can't record, org wide issue? no just her\n"
                   "PS C:\\> Get-CsOnlineUser sarah.k@contoso.com | Select TeamsMeetingPolicy\n\n"
                   "TeamsMeetingPolicy\n------------------\nTag:NoRecording")
    assert agent_chat.state == "check_meeting_type"
    reply = agent_chat.say("ok changed it")  # was "I couldn't tell how that answers the question below"
    assert reply.text.startswith("Noted: a policy was changed lately.") and "24 hours" in reply.text
    assert "policy_changed" in agent_chat.session["flags"]


def test_an_agent_who_assigns_the_global_one_has_the_new_policy_noted_and_the_wait(agent_chat):
    agent_chat.say("user sarah.k can't record\n"
                   "PS C:\\> Get-CsOnlineUser sarah.k@contoso.com | Select TeamsMeetingPolicy\n\n"
                   "TeamsMeetingPolicy\n------------------\nTag:NoRecording")
    reply = agent_chat.say("done, assigned her the Global one")  # was "I couldn't tell"
    assert reply.text.startswith("Noted: the meeting policy is **Global** now, in place of **NoRecording**.")
    assert "24 hours" in reply.text and "policy_changed" in agent_chat.session["flags"]
    assert agent_chat.session["policies"]["meeting"] == "Global"


def test_a_pasted_grant_command_is_the_policy_assigned_now(agent_chat):
    agent_chat.say("troubleshoot for sarah.k@contoso.com")
    agent_chat.say("she has Tag:NoRecording as meeting policy, can't record her meetings")
    reply = agent_chat.say("PS> Grant-CsTeamsMeetingPolicy -Identity sarah.k@contoso.com -PolicyName Global")
    assert "**Global** now, in place of **NoRecording**" in reply.text


def test_saying_the_policy_is_global_is_no_change_made(agent_chat):
    agent_chat.say("user sarah.k can't record\n"
                   "PS C:\\> Get-CsOnlineUser sarah.k@contoso.com | Select TeamsMeetingPolicy\n\n"
                   "TeamsMeetingPolicy\n------------------\nTag:NoRecording")
    reply = agent_chat.say("sorry, she has the Global policy")  # a correction, not an assignment
    assert "in place of" not in reply.text and "policy_changed" not in agent_chat.session["flags"]


def test_yeah_desktop_app_at_a_policy_question_is_no_yes(chat):
    chat.say("why is the record button missing for me when my colleague has it in the same meeting")
    chat.say("we're both presenters")
    chat.say("same company yes")
    assert chat.state == "check_organizer_policy"
    reply = chat.say("yeah desktop app")  # was "Yes, it's on" for the organizer's policy
    assert "check_organizer_policy" not in chat.session_answers()
    assert reply.text.startswith("Noted: you join from the Teams desktop app.")


def test_idk_about_policies_ask_it_is_who_can_tell(chat):
    chat.say("why is the record button missing for me when my colleague has it in the same meeting")
    chat.say("we're both presenters")
    chat.say("same company yes")
    reply = chat.say("idk about policies, ask IT?")  # was "I don't know that one"
    assert reply.text.startswith("Only an admin can see meeting policies.")


def test_how_do_i_find_my_policy_out_and_it_says_it_is_allowed(chat):
    chat.say("record button missing. I'm on teams web in chrome")
    reply = chat.say("ok my policy... how do I find that out")  # was "I don't know that one"
    assert reply.text.startswith("Only an admin can see meeting policies.")
    reply = chat.say("ok asked IT, they say recording is allowed for everyone")  # was "I couldn't tell"
    assert chat.session_answers()["check_policy"] == "on"
    assert reply.text.startswith("Got it: recording is on in your meeting policy.")


def test_ill_flip_it_at_a_diagnosis_is_the_fix_promised(agent_chat):
    agent_chat.say("troubleshoot for j.doe@contoso.com")
    agent_chat.say("he says the record button is greyed out in his 1:1 calls, meetings are fine\n"
                   "PS> Get-CsOnlineUser j.doe@contoso.com | fl TeamsCallingPolicy\nTeamsCallingPolicy : ")
    agent_chat.say("ok that means global\n"
                   "PS> Get-CsTeamsCallingPolicy -Identity Global | fl AllowCloudRecordingForCalls\n"
                   "AllowCloudRecordingForCalls : False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("ok i'll flip it")  # was "I couldn't tell"
    assert agent_chat.last.outcome == "waiting" and reply.text.startswith("No rush.")


def test_a_role_told_after_a_question_the_guide_lacks_starts_no_checks(chat):
    chat.say("we recorded our team meeting but nobody can find the transcript")
    assert chat.state == "offer"
    reply = chat.say("i'm organizer")  # was the checks begun, with the role's update quoted
    assert chat.state == "offer" and reply.text.startswith("Got it: you organize it.")


def test_someone_helping_an_assistant_who_sends_from_the_bosss_calendar(chat):
    chat.say("Hi, I'm trying to help our CEO's assistant. She sets up his meetings but can't record them. "
             "She's the organizer on paper I think")
    assert chat.session_answers()["check_meeting_role"] == "organizer"  # was "someone else organized it"
    reply = chat.say("yes she sends the invites from her own calendar")  # was "I couldn't tell"
    assert reply.text.startswith("Yes, I have that: they organize it.")
    reply = chat.say("hmm actually she sends them from his calendar, she has delegate access")
    # was who can watch a recording ("delegate access"), the guide lacking it
    assert reply.text.startswith("Got it: they didn't organize it.")
    assert chat.state == "check_meeting_role"


def test_so_its_a_call_asked_back_is_agreed(chat):
    chat.say("can't record my 1:1 call with a colleague")
    reply = chat.say("so it's a call?")  # was "I don't know that one"
    assert reply.text.startswith("Yes, I have that: it's a call")


def test_a_personal_onedrive_full_and_the_work_one_fine_is_not_full(chat):
    chat.say("recording failed to upload, it says something about onedrive")
    chat.say("I'm organizer")
    chat.say("my onedrive is almost full I think, 98%")
    assert chat.session["confirm"]
    chat.say("no wait it's my personal one that's full, work one is fine")  # was **Its storage is full**, diagnosed
    assert chat.session_answers().get("check_onedrive") != "full" and chat.state != "diagnosis"


def test_town_hall_recording_off_beside_webinar_recording_on_is_the_town_halls(chat):
    chat.say("I'm an organizer and I can't record our town hall, the button is just not there")
    chat.say("i don't know about the events policy, probably the default")
    chat.say("ok I'll ask our admin")
    reply = chat.say("admin said webinar recording is on but town hall recording is off")
    # was "Got it: recording is on in your meeting policy", and the checks went on
    assert chat.session_answers()["check_events_policy"] == "off" and "check_policy" not in chat.session_answers()
    assert chat.state == "diagnosis" and "events policy" in reply.text
    reply = chat.say("thanks, so they need to change that?")  # was "I don't know that one"
    assert reply.text.startswith("Yes: allow recording in the organizer's events policy.")


def test_she_has_global_at_the_organizers_policy_is_her_policy(agent_chat):
    agent_chat.say("hi user says meeting recording is not available, she's co-organizer, internal\n"
                   "Get-CsTeamsMeetingPolicy -Identity Global | fl AllowCloudRecording\nAllowCloudRecording : True")
    assert agent_chat.state == "check_organizer_policy"
    reply = agent_chat.say("that's the global, she has global")  # was "I couldn't tell"
    assert reply.text.startswith("Noted: the person's meeting policy is **Global**. The question below is about the "
                                 "organizer's")
    assert agent_chat.session["policies"]["meeting"] == "Global"
    assert "check_organizer_policy" not in agent_chat.session_answers()


def test_an_agents_onedrive_figures_at_what_next_are_the_check_and_what_else_then(agent_chat):
    agent_chat.say("ticket 48213: user cannot find recording of yesterday's meeting")
    agent_chat.say("troubleshoot for ravi@contoso.com")
    agent_chat.say("he was the organizer, its a normal scheduled meeting")
    assert agent_chat.state == "offer"
    reply = agent_chat.say(
        "checked his onedrive, recordings folder empty\n"
        "PS C:\\> Get-SPOSite -Identity https://contoso-my.sharepoint.com/personal/ravi_contoso_com | select "
        "StorageUsageCurrent, StorageQuota\n\nStorageUsageCurrent StorageQuota\n------------------- ------------\n"
        "              10240      1048576")
    # was only the figures read, and the OneDrive check offered again
    assert "Got it: the OneDrive has space." in reply.text and "Then it has most likely expired" in reply.text
    assert agent_chat.session_answers()["check_onedrive"] == "yes"
    assert "Check the organizer's OneDrive" not in agent_chat.titles
    reply = agent_chat.say("what else could it be")  # was "run the checks below", with none below
    assert reply.text.startswith("That was all Microsoft's guide says about it, and its checks are done.")


def test_windows_desktop_is_the_desktop_app(chat):
    chat.say("my record button is gone since the last update")
    reply = chat.say("windows desktop")  # was "I couldn't tell"
    assert reply.text.startswith("Noted: you join from the Teams desktop app.")


def test_the_organizers_policy_pasted_in_the_first_message_is_the_organizers(agent_chat):
    agent_chat.say("troubleshoot for mia@contoso.com")
    agent_chat.say("she's a presenter in a meeting organized by her boss tom@contoso.com, can't record\n"
                   "PS C:\\> Get-CsOnlineUser tom@contoso.com | fl TeamsMeetingPolicy\nTeamsMeetingPolicy : Tag:Execs\n"
                   "PS C:\\> Get-CsTeamsMeetingPolicy Execs | fl AllowCloudRecording\nAllowCloudRecording : False")
    # was recording off in mia's own policy, and the fix to turn it on in Execs as hers
    assert agent_chat.session_answers()["check_organizer_policy"] == "off"
    assert "check_policy" not in agent_chat.session_answers() and "meeting" not in agent_chat.session["policies"]
    assert "off in the organizer's meeting policy" in agent_chat.last.replies[0].text
    reply = agent_chat.say("that's tom's policy btw, the organizer")  # was her role changed to **Organizer**
    assert agent_chat.session_answers()["check_meeting_role"] == "presenter"
    assert "Changed" not in reply.text
    reply = agent_chat.say("done, assigned him the Global one")  # his new policy, the fix: not hers
    assert "meeting" not in agent_chat.session["policies"] and "24 hours" in reply.text


def test_the_organizers_account_named_in_words_is_whose_paste_it_is(agent_chat):
    agent_chat.say("she's a presenter, the organizer is tom@contoso.com and he can record but she can't\n"
                   "PS C:\\> Get-CsOnlineUser tom@contoso.com | fl TeamsMeetingPolicy\nTeamsMeetingPolicy : Tag:Execs\n"
                   "PS C:\\> Get-CsTeamsMeetingPolicy Execs | fl AllowCloudRecording\nAllowCloudRecording : True")
    assert agent_chat.session_answers().get("check_policy") != "on"


def test_how_do_i_make_them_attendees_is_how_roles_change(chat):
    chat.say("I'm a teacher and my students keep recording the lessons, can I stop them?")
    reply = chat.say("how do I make them attendees")  # was "I don't know that one"
    assert "Make an attendee" in reply.text


def test_restarted_still_the_same_goes_on_with_the_checks(chat):
    chat.say("the recording button shows but when i click it nothing happens")
    chat.say("i'm the organiser")
    reply = chat.say("ok restarted teams, still the same")  # was "I couldn't tell"
    assert "this question is the next one" in reply.text
    reply = chat.say("also tried the web version, same thing")
    assert "this question is the next one" in reply.text and "web" in chat.session["flags"]


def test_is_it_expected_at_a_diagnosis_is_yes_with_the_rule(agent_chat):
    agent_chat.say('caller says: "The recording button is greyed out for all our external trainers"')
    agent_chat.say("they're guests in our tenant, presenters")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("so is it expected?")  # was "I don't know that one"
    assert reply.text.startswith("Yes, that's the rule for recording in Teams:")
    assert "Guest users, and federated and anonymous users, can't start the recording." in reply.text


def test_the_consent_banner_in_the_persons_words_and_what_happens_if_they_dont_accept(chat):
    chat.say("why does teams keep making me click \"confirm\" before i can talk in meetings")
    assert chat.state == "clarify" and chat.titles[0].startswith("Declined recording consent")  # was not offered
    chat.say("it says something like this meeting is being recorded and transcribed, by participating you agree")
    chat.say("no i dont want to record anything, i just want the popup gone")
    chat.say("im an attendee mostly")
    assert chat.state == "check_consent"
    reply = chat.say("what happens if i dont accept")  # was "I don't know that one"
    assert "view-only" in reply.text
    reply = chat.say("ok so who turned that on")  # was "I don't know that one"
    assert reply.text.startswith("Only a Teams admin can make these changes")


def test_a_yes_or_no_about_something_else_is_no_answer_to_a_policy(chat):
    chat.say("no record button for me")
    chat.say("meeting, its my weekly 1:1 with my manager but its a scheduled meeting")
    chat.say("organizer is me")
    chat.say("same company yes")
    assert chat.state == "check_policy"
    chat.say("oh it works on the desktop app? i dont want to reinstall the app ugh")  # was "No, it's off", diagnosed
    assert "check_policy" not in chat.session_answers() and chat.state == "check_policy"


def test_no_wait_i_dont_see_that_is_no_answer_to_the_events_policy(chat):
    chat.say("we're going live with the all hands town hall in 20 mins and i dont see any recording setting")
    chat.say("im the organizer. HR created it from the teams calendar new > town hall")
    assert chat.state == "check_events_policy"
    chat.say('there\'s a "Recording & transcription" section in meeting options? no wait i dont see that, '
             'i see "Record automatically" greyed out')  # was the events policy off, diagnosed
    assert "check_events_policy" not in chat.session_answers()


def test_all_from_work_yeah_is_no_answer_to_the_calling_policy(chat):
    chat.say("how do i record on my phone")
    chat.say("its a group call with my team, we just started it from our group chat")
    assert chat.state == "check_calling_policy"
    chat.say("all from work yeah")  # was "Yes, it's on"
    assert "check_calling_policy" not in chat.session_answers()


def test_the_client_shown_as_external_is_not_how_the_caller_joins(chat):
    chat.say("trying to record a call with a client and theres no record option anywhere. i looked under more actions")
    chat.say("hes at a different company, we chat through teams i think? he shows up with (External) next to his name")
    # was "Got it: you join from another organization"
    assert chat.session_answers().get("check_auth_type") != "federated"


def test_a_delegate_who_booked_it_from_the_execs_calendar_is_not_its_organizer(chat):
    chat.say("Hello, I recorded the board meeting yesterday on behalf of my exec and now I cannot find the recording "
             "anywhere")
    reply = chat.say("It was a meeting. I'm a delegate, I booked it from his calendar so technically he is the "
                     "organizer I think")  # was "Got it: it's a meeting and you organize it."
    assert chat.session_answers().get("check_organizer") == "someone_else"
    assert chat.session_answers().get("check_meeting_role") != "organizer" and "you organize it" not in reply.text


def test_registrants_who_cant_find_the_recording_leave_the_organizer_telling_it(chat):
    chat.say("we ran a webinar yesterday and registrants are emailing that they cant find the recording")
    reply = chat.say("im the organizer, marketing")  # was "Got it: they didn't organize it."
    assert chat.session_answers()["check_meeting_role"] == "organizer" and "you organize it" in reply.text


@pytest.mark.parametrize("asked", [
    "yes write a ticket pls", "how do i get IT to turn it on, do i just send them this",
    "ok write a ticket for the old recordings please", "Please create the ticket note for INC0048213.",
    "ok, go ahead and draft the ticket", "Ok, I'll tell him to wait and sign out/in. Log it as pending user "
    "confirmation.", "Thanks. Write the ticket and include both answers.", "Ok, I'll remove her from "
    "Students-Pilot. Ticket please.", "Thanks, write the ticket as resolved - by design."])
def test_a_ticket_asked_for_in_a_helpdesks_words(agent_chat, asked):
    agent_chat.say("user can't record, he's the organizer of a meeting")
    agent_chat.say(asked)  # each was "I couldn't tell" or another answer
    assert agent_chat.last.outcome == "command:summary"


def test_record_it_is_no_ticket(chat):
    chat.say("user can't record, he's the organizer of a meeting")
    chat.say("record it")
    assert chat.last.outcome != "command:summary"


def test_global_said_with_the_calling_policy_named_is_the_calling_policy(agent_chat):
    agent_chat.say("troubleshoot for sam.patel@contoso.com")
    agent_chat.say("REQ-20931: user cannot record 1:1 Teams calls, meetings record fine. It's a VoIP call placed "
                   "from chat to an internal user, not a meeting.")
    agent_chat.say("His Get-CsOnlineUser shows TeamsCallingPolicy empty, so he's on Global, correct?")
    assert agent_chat.session["policies"] == {"calling": "Global"}  # was the meeting policy


def test_a_contractor_who_typed_a_name_joins_anonymously(chat):
    chat.say("hi im a contractor, joining a client meeting thru the link in browser, i typed my name in")
    assert chat.session_answers()["check_auth_type"] == "anonymous"  # was federated


def test_no_account_just_my_name_at_a_diagnosis_is_no_verdict(chat):
    chat.say("I'm joining a meeting hosted by Contoso, need to record the demo for my team but there's no record "
             "button")
    chat.say("attendee, they sent me the invite")
    chat.say("I'm from another company, signed in with my own account, not a guest account")
    assert chat.state == "diagnosis"
    chat.say("no account, just my name")  # was "No, keep checking"
    assert chat.state == "diagnosis" and chat.session_answers()["check_auth_type"] == "anonymous"


def test_someone_from_finance_sent_it_is_who_organized_it(chat):
    chat.say("recording broken")
    chat.say("idk")
    chat.say("idk someone from finance sent it")
    assert chat.session_answers()["check_organizer"] == "someone_else"  # was asked next


def test_at_basically_100_percent_is_a_full_onedrive(agent_chat):
    agent_chat.say("her recordings stopped appearing, she's the organizer of her meetings")
    agent_chat.say("so she's at basically 100%")
    assert agent_chat.session_answers().get("check_onedrive") == "full"


def test_cant_record_with_the_organizer_on_vacation_starts_the_checks(chat):
    reply = chat.say("I'm running the sprint review but I can't record, the organizer is on vacation")
    # was only that the organizer needn't join, and where recordings go, with no checks
    assert chat.state in ("check_meeting_type", "check_meeting_role")
    assert reply.text.startswith("The recording doesn't depend on the organizer joining")


def test_a_meeting_in_five_minutes_is_the_hurry_said(chat):
    chat.say("recording broken")
    reply = chat.say("just tell me how to fix it i have a meeting in 5 min")  # was "Got it: it's a meeting."
    assert reply.text.startswith("Sorry it takes a while")


def test_ill_tell_them_to_hit_record_at_a_diagnosis_is_the_fix_promised(chat):
    chat.say("hi im a contractor, joining a client meeting thru the link in browser, i typed my name in")
    reply = chat.say("ok ill tell them to hit record themselves")  # was "I couldn't tell"
    assert reply.text.startswith("No rush.")


def test_stop_this_happening_for_the_next_ones_is_how_expiry_changes(chat):
    chat.say("recording from our march kickoff is gone?? the link says file not found")
    chat.say("meeting, i organized it")
    chat.say("yeah its in my onedrive recordings folder, or it was")
    reply = chat.say("how do i stop this happening for the next ones")  # was a OneDrive licence or more storage
    assert "Default expiration time" in reply.text


def test_the_fix_said_back_is_agreed(chat):
    chat.say("hi im a contractor, joining a client meeting thru the link in browser, i typed my name in")
    assert chat.state == "diagnosis"
    reply = chat.say("ok so i basically need to ask them to record and share it. fine")  # was who may watch it
    assert reply.text.startswith("Yes:")


def test_safari_on_a_mac_is_the_web(chat):
    chat.say("no record button for me")
    reply = chat.say("im on my mac using teams in safari bc the app keeps crashing")  # was "I couldn't tell"
    assert "web" in chat.session["flags"] and "Teams on the web" in reply.text


def test_a_channel_meeting_created_by_the_dept_head_and_who_the_page_says_organized_it(chat):
    chat.say("hi the record button is grey i cant click it")
    chat.say("its a meeting, my class. 7th grade science")
    chat.say("wait no actually it was created in the channel by our dept head, i just started it from the channel")
    assert chat.session_answers().get("check_organizer") == "someone_else"


def test_does_that_change_anything_at_a_diagnosis_is_whether_the_cause_holds(agent_chat):
    agent_chat.say("troubleshoot for alex.moreau_fabrikam.com#EXT#@contoso.onmicrosoft.com")
    agent_chat.say("This is a guest account in our tenant. Ticket INC0053310. Guest has been made presenter in our "
                   "project meetings and cannot record. Organizer is internal on Global, AllowCloudRecording True.")
    reply = agent_chat.say("Sorry, correction: he sometimes joins with the guest account and sometimes with his own "
                           "Fabrikam account through federation. Does that change anything?")  # was a bare quote
    assert reply.text.startswith("No: the cause stays the same")


def test_a_problem_told_before_a_table_of_every_policy_is_the_problem(agent_chat):
    agent_chat.say("troubleshoot for nina.fischer@contoso.com")
    agent_chat.say("Teacher can't record her classes, ticket INC0054412. All our meeting policies:\n"
                   "Identity                 AllowCloudRecording AllowTranscription NewMeetingRecordingExpirationDays\n"
                   "--------                 ------------------- ------------------ ---------------------------------\n"
                   "Global                   True                True               120\n"
                   "Tag:Faculty              True                True               120\n"
                   "Tag:Students             False               False              120")
    assert agent_chat.state in flow.CHECKS  # was recordings that expire, the column's name
    agent_chat.say("She's faculty, but Get-CsOnlineUser shows the student policy:\n"
                   "UserPrincipalName  : nina.fischer@contoso.com\nTeamsMeetingPolicy : Students")
    assert agent_chat.session_answers()["check_policy"] == "off"  # the row of the table pasted first


def test_whose_policy_the_consent_prompt_follows_is_the_organizers(agent_chat):
    agent_chat.say("troubleshoot for m.rossi@contoso.com")
    agent_chat.say("Ticket INC0049450. Not a can't-record issue exactly: attendees in m.rossi's meetings get an explicit "
                   "consent prompt and can't unmute or share until they accept. People are complaining.")
    reply = agent_chat.say("Is the prompt controlled by the organizer's policy or by each attendee's?")
    assert reply.text.startswith("The organizer's: when it is on for the organizer")  # was "I don't know that one"


def test_flip_global_or_assign_a_policy_to_the_group_is_the_policys_scope(agent_chat):
    agent_chat.say("troubleshoot for sam.patel@contoso.com")
    agent_chat.say("REQ-20931: user cannot record 1:1 Teams calls, meetings record fine. It's a VoIP call placed from "
                   "chat to an internal user, not a meeting.\n"
                   "PS> Get-CsTeamsCallingPolicy -Identity Global | fl AllowCloudRecordingForCalls\n"
                   "AllowCloudRecordingForCalls : False")
    reply = agent_chat.say("Sales wants this for all reps. Better to flip Global or assign Tag:SalesCalling to the "
                           "sales group?")  # was "I don't know that one"
    assert reply.text.startswith("A change to a policy applies to everyone who has that policy")


def test_the_onedrive_seen_in_the_browser_is_no_anonymous_join(chat):
    chat.say('so i click start recording it says recording started and then like 10 sec later "recording has stopped" '
             'and nothing saves')
    chat.say("mac, the new teams app. its my own meeting, im the organizer. happens in every meeting this week, last "
             "month was fine")
    assert chat.state == "check_auth_type"
    reply = chat.say("ok went to onedrive in the browser, bottom left says 1.02 TB used of 1 TB. oops we dump all our "
                     "raw video files there")  # was **Anonymously, not signed in**, and its cause
    assert chat.session_answers().get("check_auth_type") != "anonymous"
    assert chat.session_answers()["check_onedrive"] == "full" and "outside the organizer's" not in reply.text


def test_its_not_a_meeting_is_no_answer_to_the_calling_policy(chat):
    chat.say("need to record a call with opposing counsel at 3pm, how do i turn on recording")
    assert chat.state == "check_calling_policy"
    chat.say("its not a meeting, i just called him from our teams chat. hes at a different firm, they use teams too")
    assert "check_calling_policy" not in chat.session_answers()  # was **No, it's off**, diagnosed


def test_logged_off_the_citrix_session_is_no_policy_off(chat):
    chat.say("recording greyed out. we use teams inside citrix at work (vdi)")
    chat.say("its a group call with 2 other agents for training, we start it from our group chat not a meeting")
    assert chat.state == "check_calling_policy"
    chat.say("they said they changed it yesterday afternoon. i signed out and back in of teams inside citrix too, and "
             "logged off the whole citrix session")  # was **No, it's off**, diagnosed
    assert "check_calling_policy" not in chat.session_answers()


def test_record_automatically_turned_on_is_no_events_policy_fixed(chat):
    chat.say("running a customer webinar thursday, in the dry run today there was no record button at all")
    chat.say("webinar, the one with registration. my boss created it in the teams calendar under new > webinar and "
             "added me as co-organizer")
    chat.say("same company yes")
    assert chat.state == "check_events_policy"
    chat.say('ok we found the recording setting in the webinar setup under meeting options, "record automatically" was '
             'off. turned it on but the record button is still missing for me in the dry run')
    assert chat.last.outcome != "fixed_already"  # was "Then that was the cause, and the fix is made"


def test_its_there_now_after_rejoining_is_solved(chat):
    chat.say("hi the record button isnt there on my ipad??")
    reply = chat.say("wait its there now after rejoining!! thank u")  # was "I couldn't tell"
    assert chat.state == "resolved" and reply.text.startswith("Good to hear it's sorted.")


def test_just_attending_a_meeting_whose_recording_is_gone_is_no_attendees_cause(chat):
    chat.say("i need the recording from our board prep session in march, it was posted in the meeting chat and now the "
             "link says the file doesnt exist or was deleted")
    assert chat.state == "clarify"
    chat.say("it was a meeting, our company secretary organized it and recorded it. i was just attending")
    assert chat.state != "diagnosis"  # was "attendees can't start a recording"
    chat.say("who deleted it? nobody here would delete that")
    reply = chat.say("how do we stop this for future board meetings, those need to be kept for at least a year for "
                     "governance reasons")  # was "I don't know that one"
    assert "NewMeetingRecordingExpirationDays" in reply.text


def test_idk_if_im_presenter_or_attendee_names_no_role(chat):
    chat.say("hey so our capstone group meets with our sponsor company on teams every week and im supposed to record "
             "the sync but i cant")
    chat.say("its a meeting their PM sets up. i join with my school account, they added me to their team as a guest i "
             "think?")
    chat.say('idk if im presenter or attendee, it just shows "(Guest)" next to my name')
    assert chat.session_answers().get("check_meeting_role") != "presenter"  # was "Got it: you're a presenter"


def test_who_sets_that_and_chromium_works_after_all(chat):
    chat.say("theres no record button in teams on linux. i use the web version in firefox since they killed the linux "
             "app")
    reply = chat.say("hold on, just tried chromium and the record button IS there lol. so its firefox??")
    assert "I don't know that one" not in reply.text  # was "I don't know that one"


def test_then_it_works_asked_of_a_role_is_no_solved(chat):
    chat.say("client asked me to record our kickoff but the record button just isnt there for me")
    chat.say('i have teams (the free one) with my gmail, i joined from that. it says "unverified" next to my name')
    reply = chat.say("is that like a guest? whats the difference")  # was a lone quote, shown as nothing
    assert reply.text.startswith("A **guest** is someone from outside the organization")
    chat.say("ok the client is the organizer, can she make me co-organizer and then it works?")
    assert chat.state != "resolved"  # was "Good to hear it's sorted."


def test_a_grant_command_pasted_at_a_diagnosis_is_the_change_made(agent_chat):
    agent_chat.say("INC0048812 - troubleshoot for j.okafor@contoso.com, user says record is greyed out in all her "
                   "meetings")
    agent_chat.say("PS C:\\> Get-CsOnlineUser -Identity j.okafor@contoso.com | fl TeamsMeetingPolicy\n\n"
                   "TeamsMeetingPolicy : RestrictedExternal")
    agent_chat.say("PS C:\\> Get-CsTeamsMeetingPolicy -Identity RestrictedExternal\n\n"
                   "Identity            : Tag:RestrictedExternal\nAllowCloudRecording : False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("ran this, no output so i guess it worked:\n"
                           "PS C:\\> Grant-CsTeamsMeetingPolicy -Identity j.okafor@contoso.com -PolicyName $null")
    # was "So it's fixed?"
    assert reply.text.startswith("Noted: a policy was changed lately.") and agent_chat.state == "diagnosis"
    assert agent_chat.session["policies"]["meeting"] == "Global"
    agent_chat.say("ok and that 2pm meeting was scheduled last month while she was still on the old policy, does she "
                   "need to recreate it")
    assert agent_chat.state == "diagnosis"  # was "No, keep checking", for "still"


def test_a_statement_with_i_dont_or_next_to_at_a_diagnosis_is_no_verdict(chat):
    chat.say("im in a meeting hosted by our vendor (fabrikam) and they made me presenter but i cant record")
    assert chat.state == "diagnosis"
    chat.say("i join with my own company account, i dont switch to their org or anything, it just says (External) "
             "next to my name")  # was "No, keep checking"
    assert chat.state == "diagnosis"


def test_if_its_off_asks_rather_than_answers(chat):
    chat.say("we did our quarterly all-hands as a town hall yesterday and theres no recording on the event page, "
             "people keep asking me for it")
    chat.say("im the organizer, i created it. like 900 attendees")
    assert chat.state == "check_events_policy"
    chat.say("ok so if its off in the events policy theres just no recording at all? we cant get it back somehow")
    assert "check_events_policy" not in chat.session_answers()  # was **No, it's off**, diagnosed


def test_can_u_summarise_it_so_i_can_ask_it_and_a_summary_after_two_sentences(chat):
    chat.say("so since last week when i record interviews everyone gets a popup and the candidates are muted and cant "
             "turn on camera until they click something??")
    chat.say("can u summarise it so i can ask IT if we can get a separate policy for the recruiting team")
    assert chat.last.outcome == "command:summary"  # was "I don't know that one"
    chat.say("ugh. the CEO is going to ask. can u make a summary, i need to show IT what has to change")
    assert chat.last.outcome == "command:summary"


def test_which_group_policy_wins_is_answered_from_beyond_the_guide(agent_chat):
    agent_chat.say("INC0049930 troubleshoot for d.mensah@contoso.com - says he could record last week and now he cant")
    reply = agent_chat.say("When a user is in two groups that have different meeting policies assigned, which one wins? "
                           "Is it the lower rank number? And if I assign him a policy directly, does that override?")
    # was the guide's quote on reviewing the Audio & video section
    assert reply.text.startswith("A policy assigned to a person directly wins over one of the same type assigned")


def test_a_setting_named_in_a_question_of_a_change_is_no_value(agent_chat):
    agent_chat.say("ticket 77213 troubleshoot for m.silva@contoso.com")
    agent_chat.say("its 1:1 calls not meetings, she calls customers from teams chat.\n"
                   "PS C:\\> Get-CsOnlineUser -Identity m.silva@contoso.com | fl TeamsCallingPolicy\n"
                   "TeamsCallingPolicy : FrontlineCalling")
    reply = agent_chat.say("ok so set AllowCloudRecordingForCalls to true on FrontlineCalling? that policy has like 300 "
                           "ppl on it, would that turn on call recording for all of them")
    # was "Noted from what you wrote: AllowCloudRecordingForCalls to true"
    assert "check_calling_policy" not in agent_chat.session_answers()
    assert reply.text.startswith("A change to a policy applies to everyone who has that policy")
    agent_chat.say("whats the difference if i just grant her Global calling policy instead, Global has it on. does she "
                   "lose anything else from frontline")
    assert "check_policy" not in agent_chat.session_answers()  # was recording on in her meeting policy


def test_i_assigned_global_is_the_fix_made_and_the_ticket_names_both_policies(agent_chat):
    agent_chat.say("user cant record meetings, greyed out\nIdentity : Tag:NoRecording\nAllowCloudRecording : False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("ok I assigned Global")  # was "I couldn't tell how that answers the question"
    assert "can take up to 24 hours" in reply.text and agent_chat.state == "diagnosis"
    ticket = agent_chat.say("ticket please").text
    assert "meeting policy **Global** (was **NoRecording**)" in ticket
    # the fix names the policy the setting is off in, not "the recorder's meeting policy" alone
    assert "in the recorder's meeting policy, **NoRecording**." in ticket
    assert "The recorder's Allow cloud recording: **No, it's off** (pasted)" in ticket  # was "(typed)"


@pytest.mark.parametrize("said", [
    "thanks. summary for ServiceNow pls, status awaiting approval from the IT partner",
    "ok I'll have him download it and send via our secure file transfer instead. write the ticket summary",
    "ok write it up as known limitation + workaround, and note the Citrix upgrade",
    "ok so Management has it. put it in the ticket as awaiting HR/works council decision",
    "Ok, could you write something up I can send to our volunteer who handles the computer stuff",
    "so it's the citrix thing? can you write it up for IT so they can fix the computer one",
])
def test_the_ticket_asked_for_in_helpdesk_words_is_the_ticket(agent_chat, said):
    agent_chat.say("user on a 1:1 call can't record, no record option")
    agent_chat.say(said)  # each was "I couldn't tell" or "I don't know that one"
    assert agent_chat.last.outcome == "command:summary"
    assert agent_chat.last.replies[0].text.startswith("**Recording troubleshooting ticket**")


def test_news_told_before_the_ticket_is_on_the_ticket_with_the_status_asked_for(agent_chat):
    agent_chat.say("Council - user says the record button is greyed out in a planning committee meeting. she's got "
                   "AllowCloudRecording true, i checked")
    agent_chat.say("desktop client, windows 11. it's a scheduled meeting, she was invited by the committee clerk")
    reply = agent_chat.say("ok clerk made her a presenter mid meeting and record works now. summary for the ticket "
                           "please, resolved")
    assert agent_chat.last.outcome == "command:summary"
    assert "Status: **resolved**" in reply.text  # was "Status: **open**"
    agent_chat.command("restart")
    agent_chat.say("user can't record her team meetings, greyed out")
    reply = agent_chat.say("ok I'll tell her to get a co-organizer to record today and we check tomorrow morning. "
                           "write it up as pending, follow up in 24h")
    assert "Status: **open**" in reply.text
    reply = agent_chat.say("write it up, note to retest once MS marks it resolved")
    assert "Status: **open**" in reply.text  # a status hoped for later is not the status


def test_found_it_with_where_it_was_is_solved_not_a_new_problem(chat):
    chat.say("recording saved somewhere weird and i cant find it")
    chat.say("it was a channel meeting, i started it from the Project Phoenix channel")
    reply = chat.say("found it!! under Recordings in the channel files. thanks")
    # was where a channel meeting's recording goes, all over again (584 words)
    assert chat.state == "resolved" and len(reply.text.split()) < 40


def test_a_yes_before_how_the_call_was_placed_is_no_calling_policy(chat):
    chat.say("quick q why no record on my call w client")
    assert chat.state == "check_calling_policy"
    reply = chat.say("ya i called him from teams not a meeting")  # was **Yes, it's on**, and the meeting policy asked
    assert chat.state == "check_calling_policy" and "check_calling_policy" not in chat.session_answers()
    assert reply.text.startswith("Yes, I have that: it's a call.")
    reply = chat.say("wait so calls are different than meetings??")  # was "I don't know that one"
    assert reply.text.startswith("Yes: recording a call is allowed by the calling policy, not by the meeting policy")


def test_so_its_the_district_it_that_turns_it_on_asks_who(chat):
    chat.say("hi i cant record my class meeting, the record button is grey")
    reply = chat.say("ok so it's the district IT that turns it on?")  # was "I don't know that one"
    assert reply.text.startswith("Your IT admin or helpdesk.")


@pytest.mark.parametrize("said", ["good to know thanks", "ugh ok. thanks anyway",
                                  "ok that makes sense. i'll just record main room. thank you!",
                                  "Makes sense. Will ask them to record and share. Thanks"])
def test_thanks_after_an_acknowledgement_or_a_plan_closes(chat, said):
    chat.say("the recording keeps stopping on its own")
    chat.click("storage_location", "clarify")
    chat.say(said)  # was "I couldn't tell how that answers the question"
    assert chat.state == "resolved"


def test_thanks_after_still_stuck_is_no_goodbye(chat):
    chat.say("the recording keeps stopping on its own")
    chat.click("storage_location", "clarify")
    chat.say("i'll try again, still greyed out. thanks")
    assert chat.state != "resolved"


def test_a_virtual_desktop_is_noted_as_the_client(chat):
    chat.say("Hi, the record button isn't there on my Teams")
    reply = chat.say("I work front desk and we use the citrix thing to log in to everything")
    assert reply.text.startswith("Noted: you join from Teams in a virtual desktop (VDI, such as Citrix).")
    reply = chat.say("summary")
    assert "Joins from: Teams in a virtual desktop (VDI, such as Citrix)" in reply.text
    chat.command("restart")
    chat.say("hi i cant record my class meeting, the record button is grey")
    reply = chat.say("desktop app on the school laptop")  # was "I couldn't tell how that answers the question"
    assert reply.text.startswith("Noted: you join from the Teams desktop app.")


def test_the_organizers_account_pasted_mid_check_is_the_organizers(agent_chat):
    agent_chat.say("webinar organiser can't turn on recording for a webinar. meeting policy is fine "
                   "(AllowCloudRecording True) so dont tell me to check that")
    agent_chat.say("she says there's no Start recording in the meeting either")
    agent_chat.say("hmm wait. let me check if she's actually the organizer - I think the events team set it "
                           "up and added her")
    assert agent_chat.last.outcome == "waiting"  # was "Just to be sure: **Organizer**?"
    assert agent_chat.session_answers().get("check_organizer") == "someone_else"
    agent_chat.say("yep she's a co-organizer. organizer is the events@ shared account. would that account's policy "
                   "matter?\n"
                   "PS C:\\> Get-CsOnlineUser -Identity events@ashgroveuni.edu.au | select TeamsMeetingPolicy\n\n"
                   "TeamsMeetingPolicy\n------------------\nRestrictedResource\n\n"
                   "PS C:\\> Get-CsTeamsMeetingPolicy -Identity RestrictedResource | fl AllowCloudRecording\n\n"
                   "AllowCloudRecording : False")
    assert agent_chat.session["upn"] is None  # was events@..., as if it were the person's account
    assert agent_chat.session_answers().get("check_organizer_policy") == "off"
    assert agent_chat.session_answers().get("check_meeting_role") == "co_organizer"


def test_the_organizers_policy_alone_pasted_after_saying_who_organized(agent_chat):
    agent_chat.say("meet now from a group chat, user can't record. quick one")
    agent_chat.say("user says she's the organizer, she started it")
    reply = agent_chat.say("ohh wait she says it was her colleague who clicked Meet now in the group chat, she just "
                           "clicked Join. so colleague is the organizer\n"
                           "PS C:\\> Get-CsOnlineUser -Identity l.brennan@ardcorp.ie | select TeamsMeetingPolicy\n\n"
                           "TeamsMeetingPolicy\n------------------\nContractors")
    assert reply.text.startswith("Got it: they didn't organize it.")
    assert "Noted: the organizer's meeting policy is **Contractors**." in reply.text
    assert "meeting" not in (agent_chat.session["policies"] or {})  # was the person's policy
    assert agent_chat.session_answers().get("check_organizer") == "someone_else"


@pytest.mark.parametrize("said", [
    "ok write me something for IT about changing the default thing please",
    "ok great can you summarize for my admin",
    "yeah can you write it up, i'll send to helpdesk. include that it's our whole department and started monday",
    "please write something i can send them asap",
    "ok thanks, can you write a short note for our board treasurer explaining why lol",
    "can you write up what we found",
])
def test_a_write_up_asked_for_in_an_end_users_words_is_the_ticket(chat, said):
    chat.say("nobody in our department can record meetings since monday")
    chat.say(said)  # each was "I couldn't tell", "I don't know that one" or a new problem
    assert chat.last.outcome == "command:summary"


def test_summarize_what_a_term_means_is_no_ticket(chat):
    chat.say("nobody in our department can record meetings since monday")
    chat.say("can you summarize what a policy is")
    assert chat.last.outcome != "command:summary"


def test_meetings_that_record_are_no_answer_at_the_calling_policy(chat):
    chat.say("hi there. i do group calls with my team a lot (not meetings, just calling them from the chat) and "
             "can't record")
    assert chat.state == "check_calling_policy"
    reply = chat.say("i see record in my normal meetings tho")  # was "Changed what is being recorded ... to A meeting"
    assert chat.session_answers()["check_meeting_type"] == "call"
    assert reply.text.startswith("That fits: recording a call is allowed by the calling policy")
    reply = chat.say("what's it called so i can tell IT exactly")  # was "I don't know that one"
    assert "`AllowCloudRecordingForCalls`" in reply.text


def test_one_word_clients_and_a_hedged_external(chat):
    chat.say("record greyed out")
    chat.say("im the organizer")
    assert chat.say("web").text.startswith("Noted: you join from Teams on the web")  # was "I couldn't tell"
    chat.command("restart")
    chat.say("Hi im doing a group project with students from another uni and i cant record our meetings")
    reply = chat.say("one of them made the meeting")  # was "Yes, I have that: it's a meeting."
    assert reply.text.startswith("Got it: someone else organized it.")
    chat.say("oh i'm probably external then")  # was "I couldn't tell"
    assert chat.session_answers()["check_auth_type"] == "federated"


def test_do_they_all_need_to_agree_is_the_consent_a_policy_can_require(chat):
    chat.say("Hi im doing a group project with students from another uni and i cant record our meetings")
    reply = chat.say("and do they all need to agree to being recorded, like is there a popup?")
    # was "I don't know that one"
    assert reply.text.startswith("Teams asks them only when the organizer's policy requires it")
    assert "`ExplicitRecordingConsent`" in reply.text


def test_a_member_of_the_team_is_not_the_organizer_and_still_grey_is_no_answer(chat):
    chat.say("record is greyed out in the standup")
    chat.say("it's in our team channel, the daily standup")
    chat.say("not sure who set it up originally, it's recurring")
    assert chat.state == "check_organizer"
    reply = chat.say("i tried rejoining, still grey")  # was "I couldn't tell how that answers the question"
    assert reply.text.startswith("I go through the causes Microsoft's guide lists, one at a time")
    chat.say("i'm just a member of the team")  # was "I couldn't tell"
    assert chat.session_answers()["check_organizer"] == "someone_else"


def test_i_can_record_my_own_meetings_is_no_i_organized_this_one(chat):
    chat.say("record is greyed out in the standup")
    chat.say("it's in our team channel, the daily standup")
    chat.say("not sure who set it up originally, it's recurring")
    chat.say("so it's a policy thing? i can record my own meetings though")  # was **I did**
    assert chat.session_answers().get("check_organizer") != "me"


def test_an_agents_questions_of_policies_and_storage_are_answered(agent_chat):
    agent_chat.say("co-organiser can't record, organiser can. law firm")
    reply = agent_chat.say("trainees have recording off. but she's co-organiser, doesnt that override it?")
    assert "No: a meeting can be recorded only when it is on in the policy of the organizer and in the policy of the " \
           "person who starts the recording." in reply.text  # was nothing but "Got it: they didn't organize it."
    agent_chat.command("restart")
    agent_chat.say("need to turn on recording for a bunch of PhD students. they're on the Students meeting policy "
                   "which has it off")
    reply = agent_chat.say("so do I make a new policy e.g. \"PhD-Researchers\" with recording on, or just edit "
                           "Students?")  # was "Got it: it's a meeting."
    assert reply.text.startswith("A change to a policy applies to everyone who has that policy")
    reply = agent_chat.say("we have a security group \"PhD-Research-2024\". what rank should I give it?")
    assert reply.text.startswith("A policy assigned to a person directly wins")  # was "I couldn't tell"
    reply = agent_chat.say("does Global apply if nothing is assigned?")  # was "I don't know that one"
    assert "users without a policy of their own get the **Global** (org-wide default) policy" in reply.text
    agent_chat.command("restart")
    agent_chat.say("channel meeting recording failed to save. post in the channel says the recording couldn't be "
                   "uploaded to SharePoint")
    reply = agent_chat.say("ok. is it possible to make channel recordings go somewhere else so this doesnt happen "
                           "again?")  # was "I don't know that one"
    assert reply.text.startswith("No: where a recording lands depends on what was recorded, and an admin can't "
                                 "choose another place")


def test_a_group_call_is_told_both_policies(agent_chat):
    agent_chat.say("group call, 4 internal people + 1 external phone number added to the call. record button "
                   "missing. tier 1 here, not sure what to check")
    reply = agent_chat.say("so thats it? for group calls it's the calling policy not the meeting policy")
    assert "so for a group call check both policies" in reply.text  # was "Yes, I have that: it's a call."


def test_thanks_lol_closes(chat):
    chat.say("record greyed out")
    chat.say("oh wait it works now, had to leave and rejoin")
    assert chat.state == "resolved"
    chat.say("thanks lol")  # was a new problem the guide doesn't cover
    assert chat.last.outcome != "triage:other"


def test_an_answer_waiting_for_its_confirmation_is_on_the_ticket_as_such(chat):
    chat.say("i cant record my meeting")
    chat.say("i think im a presenter maybe?")
    assert chat.last.outcome == "confirm"
    ticket = chat.say("summary").text  # the role was left off the ticket
    assert "The recorder's role in the meeting: **Presenter** (typed, not yet confirmed)" in ticket


@pytest.mark.parametrize("said", ["thanks that's all for today",
                                  "ok, lesson learned. at least next time it will work. that's all, thanks",
                                  "nvm then ill just ask the prof to record it",
                                  "nvm figured it out, a colleague says it's a max length thing. i'll just restart it "
                                  "at lunch next time. thanks anyway"])
def test_a_goodbye_in_the_persons_words_mid_check_ends_it(chat, said):
    chat.say("i cant record my meeting")
    assert chat.state == "check_meeting_role"
    chat.say(said)  # each was "I couldn't tell how that answers the question"
    assert chat.state == "resolved"


def test_thats_all_asked_is_no_goodbye(chat):
    chat.say("i cant record my meeting")
    chat.say("thats all?")
    assert chat.state != "resolved"


def test_showed_up_but_with_an_error_is_not_found(agent_chat):
    agent_chat.say("channel meeting recording failed, post says couldn't be uploaded to SharePoint")
    reply = agent_chat.say("user says the recording showed up in the channel post but with an error, couldn't upload")
    # was "Good to hear that one's sorted", then Stream's upload rights
    assert agent_chat.state != "resolved" and "Good to hear" not in reply.text and "Stream" not in reply.text


def test_expiry_and_sharing_questions_in_their_words(chat):
    chat.say("Where did my recording from February go? the link just says file not found")
    chat.say("meeting, I was organizer")
    reply = chat.say("120 days from when, the meeting or when I watched it?")  # was "I don't know that one"
    assert reply.text.startswith("From when it was made: recordings saved to OneDrive and SharePoint expire")
    reply = chat.say("will that change apply to existing recordings or only new ones")
    assert reply.text.startswith("Only to new ones: a change applies only to recordings made after it.")
    reply = chat.say("can she share with me after? how she do it")  # was "I don't know that one"
    assert reply.text.startswith("Who can see or watch a meeting recording")


def test_an_organizer_who_records_and_sends_and_whether_the_change_applies_right_away(chat):
    chat.say("im a guest in my clients meeting and cant record")
    reply = chat.say("but the organizer can record it and send it to me right")  # was "I don't know that one"
    assert reply.text.startswith("Yes: the organizer can start the recording, and afterwards share it.")
    chat.command("restart")
    chat.say("our town hall has no record button and it's friday")
    reply = chat.say("the events policy? I thought it was the meeting policy that mattered")
    assert reply.text.startswith("For town halls and webinars, the events policy")
    reply = chat.say("will that change apply right away? friday is close")  # was "I don't know that one"
    assert "24 hours" in reply.text


def test_statements_of_a_school_and_of_it_said_on_are_answers(chat):
    chat.say("i cant record my class")
    chat.say("we're all staff at the same school, the kids are in it too but they're school accounts")
    assert chat.session_answers().get("check_auth_type") == "member"  # was "I couldn't tell"
    chat.say("ok i asked our IT guy and he says recording is already on for teachers")
    assert chat.session_answers().get("check_policy") == "on"


@pytest.mark.parametrize("said", ["send something to IT then pls, say its urgent, got a big client call thursday at 2pm",
                                  "ok so that's outside what you cover. summary for escalation to tier 2 please, "
                                  "include the policy output"])
def test_more_write_ups_asked_for(agent_chat, said):
    agent_chat.say("user cant record his client calls")
    agent_chat.say(said)
    assert "**Recording troubleshooting ticket**" in agent_chat.last.replies[0].text  # was "I couldn't tell"


def test_a_kind_the_person_calls_everything_is_not_the_kind(agent_chat):
    agent_chat.say('user can\'t record her "webinar"')
    assert agent_chat.session_answers()["check_meeting_type"] == "event"
    reply = agent_chat.say("sorry, actually checked and it's a regular meeting with registration turned on, not a "
                           "webinar. she calls everything a webinar")  # was "I couldn't tell"
    assert reply.text.startswith("Changed what is being recorded from **A town hall or webinar** to **A meeting**.")


def test_a_kind_denied_in_so_many_words_is_corrected_despite_a_doubt(chat):
    chat.say("why can't i record the call with the client")
    chat.say("it's a teams meeting i set up")
    assert chat.session_answers()["check_meeting_type"] == "meeting"
    reply = chat.say("wait actually it's not a meeting, i just called him from chat. so a 1:1 call i guess")
    # was "Should I change ...?", then "calling policy? no clue what that is" kept the meeting
    assert reply.text.startswith("Changed what is being recorded from **A meeting** to **A 1:1 or group call**.")


def test_no_clue_and_a_no_about_the_button_are_no_no_to_a_confirmation(chat):
    chat.say("why can't i record the meeting with the client")
    chat.say("organizer")
    chat.say("client joins from their own company, i'm internal obviously")
    assert chat.last.outcome == "confirm"
    chat.say("no the button just isn't there at all, not even greyed")  # was "All right, let's take it again."
    assert chat.last.outcome != "confirm_no"


@pytest.mark.parametrize("said", ["waiting on IT security to approve", "ok getting them to move me to the normal one",
                                  "ok signing into the app now"])
def test_a_wait_in_the_persons_words(chat, said):
    chat.say("i cant record my meeting")
    chat.say(said)  # was "I couldn't tell how that answers the question"
    assert chat.last.outcome == "waiting"


@pytest.mark.parametrize("said", ["yep that was it, recording 👍", "done, she did it. record is there now"])
def test_solved_in_the_persons_words(chat, said):
    chat.say("i cant record my meeting")
    chat.say(said)
    assert chat.state == "resolved"


def test_that_was_it_asked_is_no_goodbye(chat):
    chat.say("i cant record my meeting")
    chat.say("that was it?")
    assert chat.state != "resolved"


def test_short_facts_and_an_agents_ticket(agent_chat):
    agent_chat.say("user cant record a meeting, no record button at all")
    agent_chat.say("didn't sign in, just tapped the link in the email")  # was "I couldn't tell"
    assert agent_chat.session_answers()["check_auth_type"] == "anonymous"
    agent_chat.command("restart")
    agent_chat.say("user cant record a meeting with a client, she's a guest")
    agent_chat.say("other org. we're northwind, they're fabrikam")
    assert agent_chat.session_answers()["check_auth_type"] == "federated"
    reply = agent_chat.say("ok. short ticket summary pls")  # was "I couldn't tell"
    assert reply.text.startswith("**Recording troubleshooting ticket**")


def test_meetings_record_fine_at_a_calls_diagnosis_keeps_the_call(agent_chat):
    agent_chat.say("user cant record 1:1 calls\nIdentity : Global\nAllowCloudRecordingForCalls : False")
    assert agent_chat.state == "diagnosis"
    agent_chat.say("it's off, i checked. meeting policy is on for him btw, meetings record fine")
    assert agent_chat.session_answers()["check_meeting_type"] == "call"  # was changed to a meeting
    reply = agent_chat.say("better to flip global or make a new one? only sales should have it")
    assert reply.text.startswith("A change to a policy applies to everyone who has that policy")


def test_blank_means_global_and_a_change_of_expiry_for_old_ones(agent_chat):
    agent_chat.say("user cant record")
    reply = agent_chat.say("blank means global right")  # was "I couldn't tell"
    assert "users without a policy of their own get the **Global**" in reply.text
    agent_chat.command("restart")
    agent_chat.say("recordings disappear after a month")
    reply = agent_chat.say("changed to -1. does that fix the ones already recorded?")
    assert reply.text.startswith("Only to new ones")


@pytest.mark.parametrize("said", ["pls make report for my IT so they give me more space",
                                  "Please make short summary for IT, I will send them by email.",
                                  "ok, can you put that in a ticket summary please",
                                  "Kindly prepare summary with everything pls, I will forward to IT helpdesk and keep "
                                  "Rajesh in cc",
                                  "Ok please create ticket summary, I will give to our IT"])
def test_a_report_asked_for_in_imperfect_english_is_the_ticket(chat, said):
    chat.say("i cant record my meeting")
    chat.say(said)  # each was "I couldn't tell"
    assert chat.last.outcome == "command:summary"


@pytest.mark.parametrize("said", ["muchas gracias, bye", "obrigado!! ok bye",
                                  "Thank you. I will tell Mr. Tanaka to check this setting before the event.",
                                  "Thanks a lot. Will revert once they do the needful.",
                                  "ok i understand, so i must ask professor to record it. thanks"])
def test_thanks_and_goodbyes_in_other_words_are_no_answer(chat, said):
    chat.say("i cant record my meeting")
    chat.say(said)  # was "I couldn't tell how that answers the question"
    assert chat.last.outcome == "waiting" and chat.last.replies[0].text.startswith("You're welcome.")


def test_thanks_with_a_plan_that_still_fails_is_no_thanks(chat):
    chat.say("i cant record my meeting")
    chat.say("Thank you. I will tell him it still does not work")
    assert not chat.last.replies[0].text.startswith("You're welcome.")


@pytest.mark.parametrize("said", ["yeah that fixed it, told everyone to click. bye", "yes fixed. tchau"])
def test_fixed_with_a_goodbye_ends_it(chat, said):
    chat.say("i cant record my meeting")
    chat.say(said)
    assert chat.state == "resolved"


def test_facts_in_imperfect_english(chat):
    chat.say("i cant record my meeting")
    chat.say("It is a normal meeting, planned in the calendar from my boss.")  # was "I couldn't tell"
    assert chat.session_answers()["check_organizer"] == "someone_else"
    chat.command("restart")
    chat.say("i cant record the lecture")
    chat.say("no, i not have teams account, i write only my name and enter")
    assert chat.session_answers()["check_auth_type"] == "anonymous"
    chat.command("restart")
    chat.say("i cant record the team meeting")
    chat.say("Organizer is my senior, Rajesh, he is in same org only, we both are having same domain")
    assert chat.session_answers()["check_organizer"] == "someone_else"
    assert chat.session_answers()["check_auth_type"] == "member"


def test_everyone_muted_until_they_click_is_offered_as_the_consent(chat):
    chat.say("recording keeps muting everyone")
    reply = chat.say("like when I press record, everyone's mic and camera goes off until they click something")
    # was "Microsoft's meeting-recording guide doesn't cover that"
    assert "Declined recording consent, view-only" in json.dumps(reply.card)


def test_i_was_just_added_after_taking_back_i_m_the_organizer(chat):
    chat.say("can't record a meeting with a partner company")
    reply = chat.say("I'm the organizer. no wait, it's their meeting, they sent the invite. I was just added")
    assert reply.text.startswith("Got it: someone else organized it.")  # was "I couldn't tell"


def test_it_is_before_what_it_is_is_no_yes(chat):
    chat.say("Hi, kindly help. Recording option is not coming in my 1:1 call with my manager.")
    assert chat.state == "check_calling_policy"
    chat.say("It is direct call only, I called him from the chat, not any scheduled meeting.")
    assert "check_calling_policy" not in chat.session_answers()  # was **Yes, it's on**, and the checks went on
    reply = chat.say("Means calling is having separate policy? I was not aware of this.")
    assert reply.text.startswith("Yes: recording a call is allowed by the calling policy")  # was the next question
    chat.say("Can u prepare something for the service desk please, mentioning the calling policy part.")
    assert chat.last.outcome == "command:summary"
    chat.command("restart")
    chat.say("Hi, kindly help. Recording option is not coming in my 1:1 call with my manager.")
    chat.say("it is")
    assert chat.session_answers()["check_calling_policy"] == "on"  # "it is" alone is still a yes


def at_the_join_question(chat):
    """An organizer whose Record button is greyed out, asked how they join."""
    chat.say("hi i cant record my meeting the button is greyed out")
    chat.click("organizer", "check_meeting_role")


@pytest.mark.parametrize("said", [
    "ok thanks, ill open a ticket",
    "ok so it's a policy thing. I'll ask IT. thanks",
    "Ok thank you, I send the message to the admin",
    "ok I ask IT to check my policy. thank you",
    "ok understand, thanks",
    "ok so also not possible. Then I record it and share with him. Thank you",
    "ok perfect, tchau",
    "ok thank you very much, dziękuję",
    "fine, ill submit a ticket. bye",
    "perfect, grazie mille!",
    "thanks, saved me a lot of time",
    "ugh. ok. ill redo it tomorrow. bye",
    "ok I will share with them directly from OneDrive. obrigado pela ajuda",
])
def test_thanks_with_the_person_s_own_plan_is_thanks_at_a_question(chat, said):
    at_the_join_question(chat)
    reply = chat.say(said)  # each was "I couldn't tell" or "doesn't cover that"
    assert reply.text.startswith("You're welcome.")
    assert chat.state == "check_auth_type"


@pytest.mark.parametrize("said", [
    "ok thanks, but it is still grey",
    "it's still greyed out. I'll ask IT. thanks",
    "she is not the organizer. thanks",
    "so it works now? thanks",
])
def test_thanks_with_a_report_or_a_question_is_not_only_thanks(chat, said):
    at_the_join_question(chat)
    assert not chat.say(said).text.startswith("You're welcome.")


@pytest.mark.parametrize("said", [
    "ok perfect, ill send her this",
    "will forward this to our admin",
    "Ok I will raise ticket with IT team. Meanwhile manager will record and share the link to me.",
])
def test_passing_the_reply_on_or_a_plan_alone_waits(chat, said):
    at_the_join_question(chat)
    reply = chat.say(said)  # was "I couldn't tell how that answers the question below"
    assert chat.last.outcome == "waiting" and reply.text.startswith("No rush.")


@pytest.mark.parametrize("said", [
    "ah, now it works after 1 hour. Thank you very much!",
    "ok so it works now. thanks",
    "ok she did Settings > Apps > Microsoft Teams > Reset, reopened, button is there now 👍",
    'ok tried the desktop app and it says "Recording has started" now 🎉',
])
def test_it_works_now_in_more_words_ends_the_check_as_solved(chat, said):
    at_the_join_question(chat)
    chat.say(said)  # was "I couldn't tell"
    assert chat.state == "resolved" and chat.last.outcome == "dropped:solved"


def test_thanks_and_a_plan_at_the_offer_closes_it(chat):
    chat.say("where did my recording go")
    chat.say("ok so it's an admin thing. I'll ask IT about the old ones. thanks")
    assert chat.state == "resolved"


def test_jira_summary_after_a_plan_is_the_ticket(agent_chat):
    agent_chat.say("user can't record 1:1 calls, meeting recording works fine for him")
    agent_chat.say("AllowCloudRecordingForCalls : False")
    agent_chat.say("fine, ill create a new one just for him. jira summary pls")  # was "I couldn't tell"
    assert agent_chat.last.outcome == "command:summary"


def test_no_at_the_organizer_check_with_a_co_teacher_who_scheduled_it(chat):
    chat.say("recording stopped working??")
    chat.say("its for my class, i teach 9th grade science. we do it in a channel in our class team")
    chat.say("i think im the owner of the team. i scheduled it from the channel")
    reply = chat.say("wait actually no, my co-teacher scheduled it this time, not me")  # was "I couldn't tell"
    assert reply.text.startswith("Got it: someone else organized it.")
    assert chat.session_answers()["check_organizer"] == "someone_else"


@pytest.mark.parametrize("said", ["does that matter?", "is that important?"])
def test_does_that_matter_is_why_i_ask(chat, said):
    chat.say("i cant record my meeting")
    chat.say("a normal meeting")
    assert chat.say(said).text.startswith("Why I ask:")  # was "I don't know that one"


def test_a_group_study_call_is_a_call_and_said_at_an_attendee_s_diagnosis_ends_it(chat):
    chat.say("i cant record the meeting, im an attendee")
    chat.command("restart")
    chat.say("hey im a student and i want to record our group study call")
    assert chat.state == "check_calling_policy"  # was an attendee's diagnosis: a call has no attendees
    chat.command("restart")
    chat.say("hey im a student and i want to record our group study")
    assert chat.state == "diagnosis"
    reply = chat.say("its just a group call with 4 of us, started from the group chat")
    assert chat.state == "check_calling_policy" and reply.text.startswith("Got it: it's a call.")


@pytest.mark.parametrize("said", ["so it's not possible at all for external? even if we change our policy?",
                                  "which policy applies to guests then, Global?",
                                  "is there any setting to let guests record?"])
def test_no_setting_of_ours_lets_someone_from_outside_record(agent_chat, said):
    agent_chat.say("external user from partner company wants to record, organizer is ours")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say(said)  # was "I don't know that one"
    assert reply.text.startswith("Guest users, and federated and anonymous users, can't start the recording. "
                                 "The guide names no policy or setting")


def test_the_exact_command_at_a_diagnosis_is_the_fix_s(agent_chat):
    agent_chat.say("user can't record 1:1 calls, meeting recording works fine for him")
    agent_chat.say("Identity : Tag:SalesCalling\nAllowCloudRecordingForCalls : False")
    reply = agent_chat.say("what's the exact command")  # was "This question has no PowerShell line"
    assert "Set-CsTeamsCallingPolicy -Identity SalesCalling -AllowCloudRecordingForCalls $true" in reply.text
    reply = agent_chat.say('ok so I grant him our "Recording-Allowed" policy? whats the exact command')
    assert "Grant-CsTeamsCallingPolicy" in reply.text  # was "I don't know that one"


@pytest.mark.parametrize("said", ["tldr?", "in plain english pls", "just tell me what to click",
                                  "please simple, what i do exactly, which button"])
def test_tldr_at_a_diagnosis_is_its_fix_in_one_line(chat, said):
    chat.say("i cant record the meeting, im an attendee")
    reply = chat.say(said)  # was "I don't know that one" or "I couldn't tell"
    assert reply.text.startswith("In short: the organizer makes the recorder a presenter or co-organizer")


def test_tldr_at_a_question_is_the_question_in_other_words(chat):
    chat.say("i cant record the meeting")
    assert chat.say("tldr?").text.startswith("I mean the part you have in this meeting")


@pytest.mark.parametrize("said", ["sorry got pulled into a meeting. where were we?",
                                  "sorry i was in other call. where we were?"])
def test_back_after_a_break_hears_where_we_were(chat, said):
    chat.say("i cant record the meeting")
    assert chat.say(said).text.startswith("No problem: we were at the question below.")
    chat.say("organizer")
    chat.command("restart")
    chat.say("i cant record the meeting, im an attendee")
    reply = chat.say(said)  # was "I don't know that one"
    assert reply.text.startswith("No problem. We found that the recorder is an attendee")


def test_trying_it_now_waits_and_you_re_the_best_is_thanks(chat):
    chat.say("i cant record the meeting, im an attendee")
    assert chat.say("ok trying that now").text.startswith("No rush.")  # was "I couldn't tell"
    assert chat.say("cool you're the best").text.startswith("You're welcome.")
    assert chat.state == "diagnosis"


@pytest.mark.parametrize("said", ["so everybody has to click agree?", "what if someone just doesn't click anything",
                                  "why they ask me this every meeting",
                                  "and if i not agree, they can record me anyway?",
                                  "everybody must accept? there is 12 people",
                                  "one more question, if customer don't want to be recorded, can they refuse?"])
def test_what_each_person_must_do_at_the_consent_prompt(chat, said):
    chat.say("every time someone joins my meeting they get a popup asking to agree to be recorded and their mic is off "
             "until they click")
    reply = chat.say(said)  # was "I don't know that one"
    assert reply.text.startswith("That's how it works when the organizer's meeting policy requires agreement")


@pytest.mark.parametrize("said", ["ok so he must change it, not me. how long it will take after he change?",
                                  "ahh ok so i need wait more. how much time normally?", "how long til it applies"])
def test_how_long_in_other_words(chat, said):
    chat.say("i cant record my meeting, I'm the organizer")
    reply = chat.say(said)  # was "I don't know that one"
    assert "Microsoft says changes to meeting policies can take up to 24 hours" in reply.text


def test_who_can_change_it_and_what_a_policy_means_in_second_language_english(chat):
    chat.say("hi i cant record my meeting the button is greyed out")
    reply = chat.say("What means meeting policy? We have a IT department but they sit in Munich")
    assert reply.text.startswith("Only an admin can see meeting policies.")  # was "I don't know that one"
    reply = chat.say("The owner can activate it himself or it is the admin?")
    assert reply.text.startswith("Your IT admin or helpdesk.")
    chat.say("is meeting normal, my chief send the invite to me")
    assert chat.session_answers()["check_organizer"] == "someone_else"


def test_joining_with_an_office_id_is_a_member(chat):
    chat.say("i cant record my meeting")
    chat.say("organizer")
    chat.say("I am joining with my office ID only.")  # was "I couldn't tell"
    assert chat.session_answers()["check_auth_type"] == "member"


@pytest.mark.parametrize("said", ["It is a meeting only, scheduled by me for my team.", "me"])
def test_by_me_at_the_role_question_is_the_organizer(chat, said):
    chat.say("i cant record")
    chat.say("a meeting")
    chat.say(said)  # was "I couldn't tell"
    assert chat.session_answers()["check_meeting_role"] == "organizer"


def test_they_have_sent_the_invitation_is_someone_else_s_meeting(chat):
    chat.say("i cant record")
    chat.say("a meeting")
    reply = chat.say("It is a meeting with our customer, they have sent the invitation.")  # was "I couldn't tell"
    assert reply.text.startswith("Got it: someone else organized it.")


@pytest.mark.parametrize("said", [
    "IT checked and it was off for calling. they turned it on and it works now, yes!! thank you",
    "admin changed the policy yesterday, so now it works fine",
    "yes technically it fixed it", "Thank you, it is fixed",
])
def test_what_was_done_then_it_works_now_ends_the_check(chat, said):
    chat.say("i cant record my meeting")
    chat.say("organizer")
    chat.say(said)  # was "I couldn't tell"
    assert chat.state == "resolved" and chat.last.outcome == "dropped:solved"


def test_what_was_done_and_it_still_fails_is_no_end(chat):
    chat.say("i cant record my meeting")
    chat.say("organizer")
    chat.say("it was off. they turned it on but it still doesnt work")
    assert chat.state != "resolved"


@pytest.mark.parametrize("said", [
    "can you send that to my manager? she'll want to know why we couldn't record the client call",
    "Can you send her a short summary? I'd like her to have the explanation in writing.",
    "Fine, I'll have him check again tomorrow. Please produce the ticket summary and include both policy names.",
])
def test_a_write_up_for_a_manager_is_the_ticket(chat, said):
    chat.say("i cant record the meeting, im an attendee")
    chat.say(said)  # was "I don't know that one" or "I couldn't tell"
    assert chat.last.outcome == "command:summary"


def test_off_turned_on_and_working_now_at_the_policy_question_is_fixed(chat):
    chat.say("i cant record my meeting")
    chat.say("organizer")
    chat.click("member", "check_auth_type")
    chat.say("IT checked and it was off. they turned it on and it works now, yes!! thank you")
    assert chat.state == "resolved"  # was the diagnosis, and the wait for a change that already worked
    assert chat.session_answers()["check_policy"] == "off"


def test_it_is_fixed_asked_is_no_end(chat):
    chat.say("i cant record my meeting")
    chat.say("organizer")
    chat.say("it is fixed?")
    assert chat.state == "check_auth_type"


def test_attendees_cant_record_at_all_gets_the_fix(chat):
    chat.say("i cant record the meeting, im an attendee")
    reply = chat.say("so attendees can't record at all? even if I ask nicely lol")  # was "I couldn't tell"
    assert reply.text.startswith("The fix: the organizer makes the recorder a presenter or co-organizer")


def test_could_the_user_have_a_direct_assignment_shows_how_to_see_it(agent_chat):
    agent_chat.say("user cant record his meetings, he is the organizer, internal")
    agent_chat.say("Identity : Global\nAllowCloudRecording : True")
    reply = agent_chat.say("hmm that's Global though. could the user have a direct assignment?")
    assert "Get-CsOnlineUser" in reply.text  # was "I don't know that one"


def test_found_it_in_second_language_english_then_thanks_is_solved(chat):
    chat.say("where did my recording go")
    chat.say("ok i find it in the SharePoint of the team. thank you so much")  # was "I couldn't tell"
    assert chat.state == "resolved" and chat.last.outcome == "dropped:solved"


def test_that_answers_it_thanks_closes_the_offer(chat):
    chat.say("where did my recording go")
    chat.say("ok that answers it, thanks")  # was "I couldn't tell"
    assert chat.state == "resolved"


@pytest.mark.parametrize("said", ["Kindly share ticket summary so I can attach to my existing request",
                                  "ok, told him. ticket for the record please"])
def test_a_ticket_asked_for_kindly_or_for_the_record(chat, said):
    chat.say("i cant record my meeting")
    chat.say("organizer")
    chat.say(said)  # was "doesn't cover that" or "I couldn't tell"
    assert chat.last.outcome == "command:summary"


def test_how_many_hours_whose_policy_and_everyone_from_our_company(chat):
    chat.say("i cant record my meeting")
    chat.say("organizer")
    reply = chat.say("how many hours exactly? its been like 18")  # was "I don't know that one"
    assert "can take up to 24 hours" in reply.text
    reply = chat.say("is it the organizer's policy that counts or mine? everyone tells me something different")
    assert reply.text.startswith("Both count:")  # was "I don't know that one"
    chat.say("It is normal meeting from Outlook, not a call. All participants are from our company.")
    assert chat.session_answers()["check_auth_type"] == "member"  # was "I couldn't tell"


def test_null_is_global_i_assume_is_what_an_empty_policy_means(agent_chat):
    agent_chat.say("user cant record his meetings, he is the organizer, internal")
    reply = agent_chat.say("null = Global i assume. so thats it")  # was "I couldn't tell"
    assert reply.text.startswith("An empty policy in that output means no policy assigned to the person directly")


def test_joined_with_my_own_company_login_from_another_company_is_federated(chat):
    chat.say("i cant record my meeting")
    chat.say("presenter")
    chat.say("I'm from another company, joined with my own company login")
    assert chat.session_answers()["check_auth_type"] == "federated"  # "joining with my office ID" is a member


# --- thanks, goodbyes and requests typed in sentences, mid-check and at a diagnosis

def at_the_attendee_diagnosis(chat):
    chat.say("i cant record my meetings")
    chat.say("attendee")
    assert chat.state == "diagnosis"


@pytest.mark.parametrize("said", [
    "Perfect. Thanks a lot, very helpful.",
    "ok got it. thank you, that was really clear",
    "Wonderful, thank you so much, you have been very patient.",
    "ok. well. thanks I guess",
    "thanks, this was faster than waiting for IT lol",
    "lol ok thanks",
])
def test_thanks_among_compliments_is_thanks_at_a_question(chat, said):
    at_the_join_question(chat)
    reply = chat.say(said)  # each was "I couldn't tell how that answers the question"
    assert reply.text.startswith("You're welcome.") and asks(reply) == "check_auth_type"


@pytest.mark.parametrize("said, welcome", [("bye", False), ("thanks, that's helpful. bye", True),
                                           ("ok thanks bye", True), ("have a good day", False)])
def test_a_goodbye_mid_check_leaves_the_question_open(chat, said, welcome):
    at_the_join_question(chat)
    reply = chat.say(said)
    assert reply.text.startswith("You're welcome. Bye for now." if welcome else "Bye for now.")
    assert "answer the question below" in reply.text and asks(reply) == "check_auth_type"
    chat.click("member")
    assert chat.state == "check_policy"


@pytest.mark.parametrize("said, starts", [
    ("Perfect. Thanks a lot, very helpful.", "You're welcome. Once the fix is in"),
    ("ok fingers crossed, thanks!", "You're welcome. Once the fix is in"),
    ("bye", "Bye for now. Once the fix is in, tell me any time whether recording works."),
])
def test_thanks_and_goodbye_at_a_diagnosis_wait_for_the_fix(chat, said, starts):
    at_the_attendee_diagnosis(chat)
    reply = chat.say(said)
    assert reply.text.startswith(starts) and chat.state == "diagnosis"


@pytest.mark.parametrize("said", [
    "Ok, could I get a summary for our IT team please? Thank you.",
    "k send summary",
    "Then I'll need the summary for the helpdesk please.",
    "passed. ok I'll call her and get more detail. summary of what we have so far",
    "copy into servicenow format please",
    "ok thanks. give me the servicenow text",
    "ok raising ticket",
    "ok i'll get the summary and send to helpdesk",
])
def test_the_ticket_asked_for_in_a_sentence_is_given(chat, said):
    at_the_join_question(chat)
    reply = chat.say(said)
    assert "Recording troubleshooting ticket" in reply.full


def test_close_with_summary_by_design_gives_the_ticket_resolved(agent_chat):
    agent_at_the_policy_question(agent_chat)
    agent_chat.say("its off")
    reply = agent_chat.say("ok not a bug, by design. close with summary")
    assert "Recording troubleshooting ticket" in reply.full and "Status: **resolved**" in reply.full


@pytest.mark.parametrize("said", ["how long", "how long?", "how long does that take usually?",
                                  "how long does a policy change take, it's been 24h"])
def test_how_long_at_a_policy_diagnosis_is_how_long_the_change_takes(chat, said):
    at_the_policy_question(chat)
    chat.say("its off")
    reply = chat.say(said)  # "I don't know that one", or the recordings' expiry for "how long does that take"
    assert "24 hours" in reply.text and chat.state == "diagnosis"


@pytest.mark.parametrize("said", ["command please", "give me both commands", "the command pls"])
def test_the_command_asked_for_in_two_words_is_the_fix_s(agent_chat, said):
    agent_at_the_policy_question(agent_chat)
    agent_chat.say("its off")
    assert "Set-CsTeamsMeetingPolicy" in agent_chat.say(said).text


@pytest.mark.parametrize("said", ["ok so what to do now", "ok so what i do", "What should I tell Gary?"])
def test_what_to_do_in_plain_words_at_a_diagnosis_is_the_fix_again(chat, said):
    at_the_attendee_diagnosis(chat)
    reply = chat.say(said)  # "I don't know that one"
    assert reply.text.startswith("The fix:") and chat.state == "diagnosis"


@pytest.mark.parametrize("said", ["can you tell the organiser directly", "could you email my boss"])
def test_asking_the_bot_to_pass_the_word_on_gets_the_write_up_offered(chat, said):
    at_the_attendee_diagnosis(chat)
    reply = chat.say(said)
    assert reply.text.startswith("I can't message anyone myself") and "**summary**" in reply.text


# --- facts told first, and facts of other people

@pytest.mark.parametrize("said, state", [
    ("regular meeting, she's the organizer", "check_auth_type"),
    ("regular meeting, organizer, work account", "check_policy"),
    ("she's the organizer of a recurring meeting, work account", "check_policy"),
])
def test_an_agent_s_facts_told_before_the_problem_start_the_checks(agent_chat, said, state):
    agent_chat.say("troubleshoot for kim@contoso.com")
    reply = agent_chat.say(said)  # "Microsoft's meeting-recording guide doesn't cover that"
    assert "doesn't cover" not in reply.text and agent_chat.state == state


def test_the_kind_of_meeting_said_at_the_welcome_starts_the_checks(chat):
    reply = chat.say("meeting")
    assert "doesn't cover" not in reply.text and chat.session_answers()["check_meeting_type"] == "meeting"
    assert chat.state == "check_meeting_role"


def test_external_guests_among_the_attendees_are_not_how_the_recorder_joined(agent_chat):
    agent_chat.say("user says he's the organizer, he joined with his work account, record button greyed out")
    reply = agent_chat.say("some attendees were external guests")
    assert "Changed how the recorder joins" not in reply.text
    assert agent_chat.session_answers()["check_auth_type"] == "member"


def test_the_fix_said_back_does_not_change_the_role(agent_chat):
    agent_chat.say("user can't record, she's just an attendee")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("ok so the organizer needs to make her a presenter or co-organizer. what do I tell her")
    assert "Changed" not in reply.text and agent_chat.session_answers()["check_meeting_role"] == "attendee"


@pytest.mark.parametrize("said", ["no consent popup", "nope someone else", "no guests"])
def test_a_no_about_something_else_is_not_the_policy_off(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)
    assert chat.state != "diagnosis" and "check_policy" not in chat.session_answers()
    assert "Changed" not in reply.text


def test_yes_with_a_fact_at_a_diagnosis_is_not_fixed(chat):
    chat.say("cant record")
    chat.say("meeting")
    chat.say("guest")
    assert chat.state == "diagnosis"
    reply = chat.say("ya from other company")  # was "Glad that's sorted"
    assert chat.state == "diagnosis" and "sorted" not in reply.text


def test_a_role_doubted_in_the_first_message_is_not_taken(chat):
    chat.say("Hi, my question is about a meeting where I'm not sure if I'm the organizer. The record button is gone")
    assert "check_meeting_role" not in chat.session_answers()


# --- short and non-native answers

@pytest.mark.parametrize("said", ["I am the organisator", "I am organisateur", "orgnzr"])
def test_the_organizer_in_other_spellings(chat, said):
    chat.say("i cant record")
    chat.click("meeting", "check_meeting_type")
    chat.say(said)
    assert chat.session_answers()["check_meeting_role"] == "organizer"


@pytest.mark.parametrize("said", ["regular", "It was a reunion, a normal one", "normal one"])
def test_a_regular_meeting_in_other_words(chat, said):
    chat.say("i cant record")
    chat.say(said)
    assert chat.session_answers()["check_meeting_type"] == "meeting"


@pytest.mark.parametrize("said", ["yes work", "woork account", "company mail id", "with my firm account",
                                  "yes, with my professional account"])
def test_a_work_account_in_other_words(chat, said):
    at_the_join_question(chat)
    chat.say(said)
    assert chat.session_answers()["check_auth_type"] == "member"


def test_a_correction_that_ends_with_actually(chat):
    at_the_policy_question(chat)
    reply = chat.say("attendee actually")
    assert reply.text.startswith("Changed the recorder's role in the meeting from **Organizer** to **Attendee**")


def test_a_max_length_asked_is_the_recording_limit(chat):
    at_the_policy_question(chat)
    reply = chat.say("So there's a max length? Our workshop was 6 hours long")
    assert "4 hours" in reply.text


@pytest.mark.parametrize("said", ["No option to record coming", "grey btn", "meeting not recording",
                                  "recording not possible", "Kindly help recording not happening in today's meet"])
def test_short_first_messages_of_a_recording_that_wont_start_start_the_checks(chat, said):
    chat.say(said)
    assert chat.state in ("check_meeting_type", "check_meeting_role")
    assert chat.session["topic"] == "start"


def test_yes_with_an_answer_to_another_question_at_a_diagnosis_is_that_answer(chat):
    chat.say("cant record")
    chat.say("meeting")
    chat.say("attendee")
    reply = chat.say("work account yes")  # was "Glad that's sorted"
    assert reply.text.startswith("Got it: you join with an account of the organizer's organization")
    assert chat.state == "diagnosis"


def test_the_cause_agreed_with_and_the_fix_asked_for_is_not_fixed(agent_chat):
    agent_chat.say("user can't record, she is a guest")
    reply = agent_chat.say("yep that's it. give me the fix command")
    assert agent_chat.state == "diagnosis" and "sorted" not in reply.text


def test_a_vendor_account_in_our_tenant_is_a_member(agent_chat):
    agent_chat.say("user can't record, she is a guest")
    reply = agent_chat.say("he's a vendor account in our tenant, not a guest. I think that counts as work account")
    assert "to **A member of the organizer's organization**" in reply.text
    assert agent_chat.session_answers()["check_auth_type"] == "member"


def test_the_ticket_drops_what_the_first_message_was_read_as_once_an_answer_says_otherwise(agent_chat):
    agent_chat.say("troubleshoot for megan@contoso.com")
    agent_chat.say("user says he's the organizer, he joined with his work account. recording works but other people "
                   "can't see it")
    reply = agent_chat.say("summary")
    assert "from outside the organization" not in reply.full
    assert agent_chat.session_answers()["check_auth_type"] == "member"


def test_an_account_whose_name_starts_with_user_is_kept_whole(agent_chat):
    reply = agent_chat.say("troubleshoot for user.test01@contoso.onmicrosoft.com")
    assert "**user.test01@contoso.onmicrosoft.com**" in reply.text


@pytest.mark.parametrize("said", ["what is stream", "wait we still have Stream mode? I thought that was retired"])
def test_what_stream_is_asked_mid_check_is_where_recordings_go_now(chat, said):
    chat.say("i cant record my meetings")
    reply = chat.say(said)  # "I don't know that one"
    assert "OneDrive or SharePoint" in reply.text and asks(reply) == "check_meeting_role"


@pytest.mark.parametrize("said", ["ok so log in?", "ok so she should sign in with her work account and rejoin? that's it?"])
def test_signing_in_said_back_at_an_anonymous_join_is_agreed(chat, said):
    chat.say("i joined without signing in and cant record")
    assert chat.state == "diagnosis"
    assert chat.say(said).text.startswith("Yes:")


@pytest.mark.parametrize("said", ["how I verify it?", "how to check", "how i know"])
def test_how_to_find_out_in_three_words_is_who_can_tell(chat, said):
    chat.say("i cant record my meetings")
    reply = chat.say(said)
    assert reply.text.startswith("The organizer can tell you which role you have")


@pytest.mark.parametrize("said", ["The customer, he can record?", "can the client record?"])
def test_whether_a_customer_can_record_is_that_outsiders_cant_start_it(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)
    assert "can't start the recording themselves" in reply.text


@pytest.mark.parametrize("said", ["IT said everything is default", "our IT said policies are default"])
def test_default_settings_told_at_the_policy_question_get_what_the_default_is(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)  # "I couldn't tell"
    assert "on by default" in reply.text and asks(reply) == "check_policy"


@pytest.mark.parametrize("said", ["can presenters record?", "if I'm only presenter can I still record?"])
def test_whether_a_role_can_record_is_the_rule_of_roles(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)  # "I don't know that one"
    assert reply.text.startswith("The role someone has in the meeting decides whether they can record.")


def test_recording_on_mobile_asked_is_that_the_checks_dont_depend_on_the_device(chat):
    at_the_policy_question(chat)
    assert chat.say("does recording work on mobile?").text.startswith("The guide's checks don't depend on the device")


@pytest.mark.parametrize("said, how", [("my normal work login", "member"),
                                       ("I'm logged in with my @company email, the normal one", "member"),
                                       ("I use my personal hotmail for this client", "federated")])
def test_how_someone_joined_in_roundabout_words_is_kept_at_another_question(chat, said, how):
    chat.say("i cant record my meetings")
    assert chat.state == "check_meeting_role"
    chat.say(said)
    assert chat.session_answers()["check_auth_type"] == how


@pytest.mark.parametrize("said, consent", [("a banner popped up and I hit OK, everyone did", "agreed"),
                                           ("didn't see any banner", "not_asked"), ("consent? no banner", "not_asked")])
def test_the_consent_banner_told_at_another_question_is_kept(chat, said, consent):
    at_the_policy_question(chat)
    reply = chat.say(said)  # "I couldn't tell"
    assert reply.text.startswith("Got it:") and chat.session_answers()["check_consent"] == consent
    assert asks(reply) == "check_policy"


def test_a_plan_without_a_subject_at_a_diagnosis_waits(chat):
    at_the_policy_question(chat)
    chat.say("its off")
    assert chat.say("will update and have her retry").text.startswith("No rush.")


def test_a_role_said_with_obviously_at_another_question_is_the_role(chat):
    chat.say("i cant record my meetings")
    chat.click("unsure", "check_meeting_role")
    chat.say("organizer obviously")
    assert chat.session_answers()["check_meeting_role"] == "organizer"


@pytest.mark.parametrize("said, starts", [
    ("perfect, copying that. bye", "You're welcome. Bye for now."),
    ("ok makes sense, gotta run", "You're welcome. Bye for now."),
    ("thanks, sending it over", "You're welcome."),
    ("weird. ok I'll ask. that's everything, thanks", "You're welcome."),
    ("ok thanks, I'll bring it up with their IT", "You're welcome."),
])
def test_sign_offs_of_people_in_a_hurry_at_a_question(chat, said, starts):
    at_the_join_question(chat)
    reply = chat.say(said)  # "I couldn't tell"
    assert reply.text.startswith(starts) and asks(reply) == "check_auth_type"


def test_you_can_close_this_ends_the_check(chat):
    at_the_attendee_diagnosis(chat)
    reply = chat.say("damn. ok. you can close this")
    assert chat.state == "resolved" and reply.text.startswith("OK, I'll stop here.")


def test_write_what_i_should_tell_them_is_the_ticket(chat):
    at_the_join_question(chat)
    reply = chat.say("ok I'll ask IT whether a policy changed. can you write what I should tell them")
    assert "Recording troubleshooting ticket" in reply.full


def test_what_declining_does_asked_mid_check_is_the_consent_rule(chat):
    at_the_join_question(chat)
    reply = chat.say("so if anyone declines they're just left out of the recording, it doesn't stop it?")
    assert "agree to being recorded" in reply.text


def test_a_call_named_in_a_question_changes_no_answer(chat):
    at_the_policy_question(chat)
    reply = chat.say("so calls work differently? what exactly should I tell my admin")
    assert "Changed" not in reply.text and chat.session_answers()["check_meeting_type"] == "meeting"


def test_the_admin_saying_it_is_done_at_a_diagnosis_is_the_change_made(chat):
    at_the_policy_question(chat)
    chat.say("its off")
    reply = chat.say("my admin says it's done")
    assert "24 hours" in reply.text and chat.state == "diagnosis"


@pytest.mark.parametrize("said", ["onedrive is there and not full", "onedrive I don't know if its full, how do I check",
                                  "no consent prompt. recordings go to onedrive, no idea if full"])
def test_a_onedrive_not_full_or_not_known_to_be_is_not_full(chat, said):
    chat.say("my recordings aren't saving")
    chat.say("meeting, I'm the organizer, member, policy on")
    reply = chat.say(said)  # was "Got it: the OneDrive is full."
    assert "OneDrive is full" not in reply.text and chat.session_answers().get("check_onedrive") != "full"


@pytest.mark.parametrize("said", ["no that's all, thanks", "nope, that's it. thanks"])
def test_no_thats_all_thanks_at_the_policy_question_is_no_answer(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)  # was the diagnosis of a policy that's off
    assert reply.text.startswith("You're welcome.") and "check_policy" not in chat.session_answers()


def test_where_a_recording_is_asked_back_does_not_end_the_search(chat):
    chat.say("where is my recording")
    chat.say("so it's in HER onedrive? can I ask her to share it")  # was "Good to hear it's sorted"
    assert chat.state != "resolved"


def test_an_agent_s_user_is_organizer_in_a_list_of_facts(agent_chat):
    agent_chat.say("troubleshoot for sam.lee@contoso.com")
    agent_chat.say("user cant record")
    reply = agent_chat.say("user is organizer, member, policy allows recording")  # was "they didn't organize it"
    assert reply.text.startswith("Got it: they organize it")
    assert agent_chat.session_answers()["check_meeting_role"] == "organizer"


def test_a_policy_definitely_on_in_a_first_message_is_noted(chat):
    chat.say("cant record. regular meeting, organizer, member, policy is definitely on")
    assert chat.session_answers()["check_policy"] == "on"


def test_joined_from_my_phone_is_the_device_not_a_call(chat):
    chat.say("my recording button is missing")
    chat.say("it's a meeting with my team but I joined from my phone")  # was "So it's a call?"
    assert chat.session_answers()["check_meeting_type"] == "meeting"


def test_a_work_account_and_the_link_in_outlook_is_a_member(chat):
    at_the_join_question(chat)
    chat.say("work account, clicked the link in Outlook")  # was "So you joined without signing in?"
    assert chat.session_answers()["check_auth_type"] == "member"


def test_meetings_recorded_all_the_time_keep_a_call_a_call(chat):
    chat.say("cant record, it's a group call I started from a chat, not a meeting")
    chat.say("work account")
    chat.say("policy is on I think, I record meetings all the time no problem")
    assert chat.session_answers()["check_meeting_type"] == "call"


@pytest.mark.parametrize("said", ["fixed after I cleared some space, thanks", "fixed I guess"])
def test_fixed_with_how_or_a_shrug_mid_check_ends_it_as_solved(chat, said):
    at_the_policy_question(chat)
    reply = chat.say(said)  # "I go through the causes ..." or "I couldn't tell"
    assert chat.state == "resolved" and reply.text.startswith("Good to hear it's sorted.")


def test_the_cause_understood_with_thanks_at_a_diagnosis_waits_for_the_fix(chat):
    at_the_attendee_diagnosis(chat)
    reply = chat.say("hm ok so it's their call. thanks")  # "I couldn't tell"
    assert reply.text.startswith("You're welcome.") and chat.state == "diagnosis"


# Written blind (set F-H of 2026-12-07): what people type to questions they were asked, later in the conversation.

@pytest.mark.parametrize("said", ["the organizer is Tom Becker, so not me", "HR organized", "our comms director organized",
                                  "they organized"])
def test_someone_else_named_as_the_organizer_at_the_role_question_is_noted(chat, said):
    chat.say("I can't record my meeting")
    chat.click("meeting")
    reply = chat.say(said)  # "I couldn't tell"
    assert reply.text.startswith("Got it: someone else organized it.") and chat.state == "check_meeting_role"


@pytest.mark.parametrize("said", ["weird, it works on my laptop though", "recording works fine on my phone"])
def test_recording_working_on_one_device_is_the_device_answer(chat, said):
    at_the_join_question(chat)
    reply = chat.say(said)  # "I couldn't tell", "I go through the causes ..."
    assert "none of it depends on the device or the app" in reply.text


@pytest.mark.parametrize("said", ["no", "no i haven't", "haven't run it", "no I didn't see anything like that", "skip"])
def test_the_test_not_run_is_who_runs_it(chat, said):
    at_the_test(chat)
    reply = chat.say(said)  # "I couldn't tell"
    assert reply.text.startswith("The test needs an admin account") and chat.state == "run_diagnostic"


@pytest.mark.parametrize("said", ["human", "human please", "can someone from IT check it right now",
                                  "can I get a ticket number"])
def test_a_person_asked_for_in_few_words_is_told_what_the_bot_can_do(chat, said):
    at_the_test(chat)
    reply = chat.say(said)  # "I couldn't tell", "I don't know that one"
    assert reply.text.startswith("I'm a bot, and I can't hand you over to a person myself.")


@pytest.mark.parametrize("said", ["fine. send to helpdesk", "ok tell me what to send to the district help desk",
                                  "ticket text for servicenow pls", "ok ticket text", "ok what do i put in the ticket",
                                  "could that be it? ticket text if so", "summary so i can forward it",
                                  "ill send him the summary, can you give it"])
def test_the_ticket_asked_for_in_a_helpdesks_words_is_the_ticket(agent_chat, said):
    agent_at_the_policy_question(agent_chat)
    reply = agent_chat.say(said)  # "I couldn't tell", "I don't know that one"
    assert reply.text.startswith("**Recording troubleshooting ticket**") and "Status: **open**" in reply.text


def test_ticket_text_closing_as_by_design_is_a_resolved_ticket(agent_chat):
    agent_at_the_policy_question(agent_chat)
    reply = agent_chat.say("ticket text, closing as by design")
    assert reply.text.startswith("**Recording troubleshooting ticket**") and "Status: **resolved**" in reply.text


@pytest.mark.parametrize("said", ["how long does that take to apply? she's got a client call at 2",
                                  "she's asking how long it'll take"])
def test_how_long_a_change_takes_asked_in_passing_is_answered(agent_chat, said):
    agent_at_the_policy_question(agent_chat)
    reply = agent_chat.say(said)  # "I don't know that one", "I couldn't tell"
    assert "can take up to 24 hour" in reply.text


@pytest.mark.parametrize("said", ["exact command for direct assign", "and the grant command after that"])
def test_the_command_asked_for_in_a_few_words_is_the_powershell(agent_chat, said):
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say(said)  # "I couldn't tell"
    assert "```powershell" in reply.text


def test_attendees_cant_record_asked_back_at_a_diagnosis_is_who_can_record(chat):
    at_the_attendee_diagnosis(chat)
    reply = chat.say("is that right? attendees cant record?")  # "I don't know that one"
    assert reply.text.startswith("The role someone has in the meeting decides whether they can record.")


@pytest.mark.parametrize("first", ["one of our teachers cant record her class meetings",
                                   "im a student and my teacher said recording wont work for our online classes",
                                   "bulk issue - nobody in the HR dept can record since yesterday",
                                   "this is the third time this happened. i hit record and nothing"])
def test_cant_record_in_a_longer_first_message_starts_the_checks(chat, first):
    chat.say(first)  # "I'm not sure which problem this is"
    assert chat.session["topic"] == "start" and chat.state in ("check_meeting_type", "check_meeting_role")


def test_a_recording_not_in_the_chat_is_where_recordings_go(chat):
    chat.say("why is my recording not in the chat")  # "I'm not sure which problem this is"
    assert chat.session["topic"] == "storage_location"


def at_an_end_users_policy_diagnosis(chat):
    at_the_policy_question(chat)
    chat.click("off")
    assert chat.state == "diagnosis"


def test_who_turned_it_off_at_a_policy_diagnosis_is_who_sets_it(chat):
    at_an_end_users_policy_diagnosis(chat)
    reply = chat.say("why is it off? who turned it off")  # "I don't know that one"
    assert reply.text.startswith("Only a Teams admin can make these changes")


def test_so_i_need_it_to_change_it_is_yes_ask_your_admin(chat):
    at_an_end_users_policy_diagnosis(chat)
    reply = chat.say("so i need IT to change it")  # "I couldn't tell"
    assert reply.text.startswith("Yes: only a Teams admin can make these changes")


def test_hit_decline_on_the_recording_thing_is_consent_declined(chat):
    reply = chat.say("I accidentally hit decline on the recording thing and now it won't let me do anything")
    assert chat.session_answers()["check_consent"] == "declined" and chat.state == "diagnosis"  # "doesn't cover that"
    assert "you declined to be recorded" in reply.text


def test_an_agent_relaying_a_greyed_out_button_starts_the_checks(agent_chat):
    agent_chat.say("she says the button is greyed out")  # "I'm not sure which problem this is"
    assert agent_chat.session["topic"] == "start" and agent_chat.state == "check_meeting_type"


def test_how_long_recordings_are_kept_by_default_is_their_expiry(chat):
    reply = chat.say("how long are recordings kept by default?")  # "I'm not sure which problem this is"
    assert chat.session["topic"] == "ams_expiry" and "120 days" in reply.text


@pytest.mark.parametrize("said", ["can I force it somehow? she's in a meeting in 20 min",
                                  "how long, and should she leave and rejoin", "he's asking if he has to restart teams"])
def test_hurrying_a_change_along_is_how_long_it_takes(agent_chat, said):
    agent_at_the_policy_question(agent_chat)
    reply = agent_chat.say(said)  # "Got it: it's a meeting.", "I don't know that one", the checks started again
    assert "can take up to 24 hour" in reply.text and agent_chat.state == "check_policy"


def test_a_ticket_closed_as_by_design_does_not_say_it_was_confirmed_working(agent_chat):
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say("ticket text, closing as by design")
    assert "Status: **resolved**" in reply.text and "the person confirmed it works" not in reply.text
    assert "Next step: none: closed as asked, with no word that recording works now." in reply.text


def test_the_summary_while_did_that_fix_it_waits_for_a_yes_is_the_ticket(agent_chat):
    agent_chat.say("troubleshoot for anonymous joiner, we have an external consultant joining anonymously via link, "
                   "wants to record")
    agent_chat.say("organizer is internal, regular meeting, consultant is presenter")
    agent_chat.say("anonymous cant record right? just confirming")
    agent_chat.say("actually, he said hes signed in with his company account, not anonymous, so federated")
    agent_chat.say("same answer?")  # taken as "not fixed?", asked back with a yes/no card
    assert agent_chat.session["confirm"][0] == "diagnosis"
    reply = agent_chat.say("ok thanks summary")  # was an error: the ticket listed "diagnosis" as a check
    assert reply.text.startswith("**Recording troubleshooting ticket**")
    assert "How the recorder joins: **From another organization (federated)**" in reply.text


def test_not_technically_a_town_hall_but_a_normal_meeting_corrects_the_kind(chat):
    chat.say("no record button in our town hall")
    assert chat.state == "check_events_policy"
    reply = chat.say("oh hang on, its not technically a town hall, it was a normal meeting she just calls it that")
    assert reply.text.startswith("Changed what is being recorded from **A town hall or webinar** to **A meeting**.")
    assert chat.state != "diagnosis"  # was the events policy's diagnosis, the "not" read as "off"


def at_the_onedrive_question(chat):
    chat.say("my recording is missing")
    chat.click("onedrive_check")
    assert chat.state == "check_onedrive"


def test_yes_i_agreed_at_the_onedrive_question_is_not_free_space(chat):
    at_the_onedrive_question(chat)
    chat.say("yes I agreed")  # was "the OneDrive has free space", and the ticket escalated with it
    assert "check_onedrive" not in chat.session_answers() and chat.state == "check_onedrive"


def test_a_work_account_in_her_own_company_is_no_outside_account(chat):
    chat.say("my meeting has no record button")
    reply = chat.say("shes using her work account in her own company, its her meeting")
    assert "Guests, external (federated) users" not in reply.text  # was read as others joining from outside
    assert chat.session_answers().get("check_auth_type") != "federated"


# --- later turns from three more sets written blind (helpdesk pastes, questions mid-check, second-language typing) ---

@pytest.mark.parametrize("said", ["yep that's the problem", "well there it is lol", "cool thats it", "good catch"])
def test_agreeing_with_the_cause_is_no_word_that_it_works(agent_chat, said):
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say(said)  # "yep that's the problem" closed the case as fixed; the rest "I couldn't tell"
    assert agent_chat.state == "diagnosis" and "tell me whether recording works" in reply.text


def test_the_commands_to_change_a_policy_are_the_change_not_the_lookup(agent_chat):
    agent_at_the_policy_question(agent_chat)
    assert "Grant-CsTeamsMeetingPolicy" in agent_chat.say("exact command for direct assign").text  # was Get-CsOnlineUser
    reply = agent_chat.say("what's the command to check it")  # was "I'll tell you the fix once we've found the cause"
    assert "Get-CsTeamsMeetingPolicy" in reply.text and "Grant-" not in reply.text
    agent_chat.click("off")
    reply = agent_chat.say("thats it then. command?")  # "I don't know that one"
    assert "Set-CsTeamsMeetingPolicy" in reply.text
    assert "Grant-CsTeamsMeetingPolicy" in agent_chat.say("how to move her back to global").text


@pytest.mark.parametrize("said", ["ok thanks, takes how long", "will recordings start working right after"])
def test_when_a_fix_takes_effect_in_other_words(agent_chat, said):
    at_a_policy_diagnosis(agent_chat)
    assert "can take up to 24 hour" in agent_chat.say(said).text


@pytest.mark.parametrize("said", ["escalation summary please", "summary of what we changed please",
                                  "please give summary I will send him"])
def test_the_summary_in_a_helpdesk_s_words(agent_chat, said):
    at_a_policy_diagnosis(agent_chat)
    assert "**Recording troubleshooting ticket**" in agent_chat.say(said).text  # "I couldn't tell"


def test_someone_who_wants_to_record_is_who_the_roles_are_of(chat):
    chat.say("hey, got a guy from a partner company who wants to record our meeting, he's external (federated)")
    assert chat.session_answers()["check_auth_type"] == "federated"  # was asked again how he joins
    chat.say("he's just an attendee")  # "I couldn't tell"
    assert chat.session_answers()["check_meeting_role"] == "attendee"


def test_a_member_of_our_org_but_external_in_theirs_is_federated(agent_chat):
    agent_chat.say("user from our sister company (different tenant, federated) is organizer and our user wants to "
                   "record")
    reply = agent_chat.say("member of our org but external in theirs")  # was changed to a member
    assert not reply.text.startswith("Changed") and agent_chat.session_answers()["check_auth_type"] == "federated"


def test_not_as_guest_is_no_guest(chat):
    chat.say("hello i am from vendor company, joining client teams meeting, recording option is not there")
    reply = chat.say("i join with my own company teams, not as guest")
    assert "As a guest" not in reply.text and chat.session_answers()["check_auth_type"] == "federated"


@pytest.mark.parametrize("said", ["client organised it", "teacher organised it",
                                  "the organiser was our comms manager, not me"])
def test_who_organized_it_said_in_few_words(chat, said):
    chat.say("hello i am from vendor company, joining client teams meeting, recording option is not there")
    assert chat.say(said).text.startswith("Got it: someone else organized it.")


@pytest.mark.parametrize("said", ["i am the organizator", "its a class meeting i made from the calendar in the class team"])
def test_the_organizer_in_a_second_language_s_words(chat, said):
    chat.say("recording not working in my meeting")
    chat.say(said)
    assert chat.session_answers()["check_meeting_role"] == "organizer"


@pytest.mark.parametrize("said", ["school account only", "my student account from school", "work accnt"])
def test_a_school_account_is_a_member_s(chat, said):
    chat.say("recording not working in my meeting")
    chat.click("organizer")
    chat.say(said)
    assert chat.session_answers()["check_auth_type"] == "member"


def test_is_normal_meeting_tells_the_kind(chat):
    chat.say("recording not working in my meeting")
    assert chat.say("is normal meeting").text.startswith("Yes, I have that: it's a meeting.")  # "I don't know that one"


def test_event_at_the_events_policy_question_is_what_is_known(chat):
    chat.say("cant record our webinar")
    assert chat.say("event").text.startswith("Yes, I have that: it's a town hall or webinar.")


@pytest.mark.parametrize("said, expected", [
    ("where i can see this", "Only an admin can see meeting policies"),
    ("how long take to apply", "can take up to 24 hour"),
    ("how long it stays there?", "120 days"),
    ("Is it deleted automatically?", "120 days"),
    ("whats the difference onedrive vs stream", "none is saved to Microsoft Stream"),
    ("kindly do the needful", "I can't make the change"),
    ("okay so it's a policy thing?", "one at a time"),
    ("what does organizer mean here? the person who sent the invite?", "the **organizer** scheduled it"),
    ("ok will wait", "No rush"),
    ("Thanks ever so much", "You're welcome"),
])
def test_questions_and_asides_mid_check_in_people_s_own_words(chat, said, expected):
    at_the_policy_question(chat)
    assert expected in chat.say(said).text  # each was "I don't know that one" or "I couldn't tell"


def test_why_is_it_greyed_out_mid_check_is_what_the_checks_are_for(chat):
    chat.say("the record button is greyed out")
    chat.click("meeting")
    assert "one at a time" in chat.say("why is it greyed out though? is that normal").text


@pytest.mark.parametrize("said", ["the button is greyed out", "the option is greyed out"])
def test_the_button_greyed_out_is_the_record_button(chat, said):
    chat.say(said)  # was "the guide doesn't cover that"
    assert chat.session["topic"] == "start"


def test_a_greeting_to_the_team_is_a_greeting(chat):
    reply = chat.say("Hi Team,")  # was "it's a meeting" and "the guide doesn't cover that"
    assert reply.text.startswith("Hello!") and chat.state == "welcome"


def test_a_call_that_is_not_a_meeting_starts_an_agent_s_checks(agent_chat):
    agent_chat.say("troubleshoot for lwong@fabrikam.com")
    agent_chat.say("group call with 4 people, not a meeting")  # was "the guide doesn't cover that"
    assert agent_chat.state == "check_calling_policy"


def test_a_bare_organizer_after_a_user_who_cant_record_is_the_user_s_role(chat):
    chat.say("Get-CsOnlineUser output:\nUserPrincipalName  : ahmed.s@contoso.com\nTeamsMeetingPolicy :\n"
             "Enabled            : True\nHostingProvider    : SRV:\nInterpretedUserType : PureOnlineTeamsOnlyUser")
    reply = chat.say("user cant record, organizer, regular meeting")
    assert "didn't organize it and they organize it" not in reply.text  # both were noted, one against the other
    assert chat.session_answers().get("check_meeting_role") == "organizer"
    assert chat.session_answers().get("check_organizer") != "someone_else"


def test_there_it_is_at_a_cause_just_shown_is_the_cause_not_a_recording_found(agent_chat):
    at_a_policy_diagnosis(agent_chat)
    reply = agent_chat.say("there it is")  # was "Good to hear it's sorted", the case closed
    assert agent_chat.state == "diagnosis" and "tell me whether recording works" in reply.text


# --- read by helpdesk leads: the same sets' transcripts ---

def test_a_pasted_diagnostic_that_names_the_policy_is_the_cause_with_its_fix(agent_chat):
    reply = agent_chat.say("user cant record, ran the diagnostic already\nMeeting Recording diagnostic\n"
                           "User: tom@fabrikamltd.co.uk\nIssue found: Meeting policy 'NoRecording' assigned to the user "
                           "does not allow cloud recording.")  # was "Let's check the causes one at a time"
    assert agent_chat.state == "diagnosis"
    assert "Set-CsTeamsMeetingPolicy -Identity NoRecording -AllowCloudRecording $true" in reply.text


def test_a_pasted_result_that_onedrive_is_not_licensed_is_no_teams_licence(chat):
    chat.say("my recording wont save")
    reply = chat.say("run the test? ok\nIssue: User is not licensed for OneDrive for Business")
    assert "Teams license" not in reply.text and chat.session_answers().get("check_onedrive") == "no"


@pytest.mark.parametrize("said", ["ran it, says all good\nNo issues were found.", "ran it, it said everything was fine"])
def test_a_test_that_passed_told_ahead_is_kept_and_no_policy_is_read_into_it(chat, said):
    chat.say("recording button greyed out")
    chat.click("meeting")
    chat.click("organizer")
    chat.click("member")
    assert chat.say(said).text.startswith("Got it: the recording test passed.")
    assert "check_policy" not in chat.session_answers()  # "it said everything was fine" was IT saying the policy is on


@pytest.mark.parametrize("said, expected", [
    ("how to move her back to global", "Grant-CsTeamsMeetingPolicy -Identity ana@contoso.com -PolicyName $null"),
    ("what's the exact command to turn it on for just her, not the whole tenant",
     "Grant-CsTeamsMeetingPolicy -Identity ana@contoso.com -PolicyName POLICY-NAME"),
])
def test_a_change_for_one_person_is_her_policy_not_the_shared_one(agent_chat, said, expected):
    agent_chat.say("troubleshoot for ana@contoso.com")
    agent_chat.say("meeting, she's the organizer, work account")
    agent_chat.click("off")
    reply = agent_chat.say(said)  # was Set-CsTeamsMeetingPolicy first: a change for everyone with that policy
    assert expected in reply.text and "Set-CsTeamsMeetingPolicy" not in reply.text


def test_fixed_after_we_cleared_space_is_fixed(chat):
    chat.say("policy is on, double checked. onedrive storage 100% full, 1TB used lol")
    assert chat.state == "diagnosis"
    chat.say("fixed after we cleared space actually")  # was "Then let's look further" and an escalated ticket
    assert chat.state == "resolved"


def test_found_it_in_the_admin_centre_is_the_setting_not_the_recording(chat):
    chat.say("recording not working in my meeting")
    chat.click("organizer")
    chat.click("member")
    chat.say("ok found it in teams admin centre, Global (Org-wide default) has cloud recording on")
    assert chat.state == "run_diagnostic" and chat.session_answers()["check_policy"] == "on"  # was "it's sorted"


def test_the_organizer_named_by_whoever_relays_a_user_is_the_user(chat):
    chat.say('hi, user says recordings stopped going to onedrive and now go to... nowhere? meeting chat just says '
             '"recording saved" with no link')
    assert chat.say("she's the organizer, regular meeting").text.startswith("Got it: it's a meeting and they organize")


def test_a_client_who_cant_open_a_recording_is_no_one_who_cant_record(chat):
    chat.say("my client cant open the recording i shared")
    assert chat.say("im organiser").text.startswith("Got it: you organize it.")  # was "they didn't organize it"


def test_back_after_a_typed_presenter_takes_back_who_organized_it_too(chat):
    chat.say("recording issue")
    chat.say("nah not a call, a meeting")
    chat.say("presenter")
    chat.command("back")
    chat.say("organizer actually")
    chat.say("work account")
    chat.say("not sure")
    reply = chat.say("no prompt")  # was "This contradicts an earlier answer: ... Someone else"
    assert "contradicts" not in reply.text


def test_what_happens_if_i_declined_is_the_prompt_not_a_policy_s_reach(chat):
    chat.say("got a consent prompt and clicked no by accident")
    reply = chat.say("what happens if i declined? does that stop the recording for everyone?")
    assert "asked to agree" in reply.text and "everyone who has that policy" not in reply.text


def test_my_guest_says_they_got_no_notification_is_no_guest_who_cant_record(chat):
    chat.say("my guest says they got no notification that we were recording")
    assert chat.session["topic"] != "auth_external" and "check_auth_type" not in chat.session_answers()


@pytest.mark.parametrize("said", ["i think i joined with my own company account from their link",
                                  "ah ok, so external then"])
def test_my_own_company_account_from_their_link_is_federated(chat, said):
    chat.say("i cant record, the meeting is with a partner company and i joined as federated")
    reply = chat.say(said)  # the first was changed to a member; the second "I couldn't tell"
    assert not reply.text.startswith("Changed") and chat.session_answers()["check_auth_type"] == "federated"


def test_the_powershell_for_a_policy_named_at_the_test_s_question(agent_chat):
    agent_chat.say("troubleshoot for mike.chen@contoso.com")
    agent_chat.say("meeting, he's the organizer, work account")
    agent_chat.say("not sure")
    assert agent_chat.state == "run_diagnostic"
    reply = agent_chat.say("give me the powershell to check his policy anyway")  # "no PowerShell line"
    assert "Get-CsOnlineUser -Identity mike.chen@contoso.com" in reply.text


@pytest.mark.parametrize("said, expected", [
    ("why would it stop by itself?", "4 hours"),
    ("ok how do I change who can record then", "Who can record and transcribe"),
    ("how long before its deleted forever", "120 days"),
    ("Could our trust have set it to 7 days or something?", "120 days"),
    ("dont kno", "Only an admin can see meeting policies"),
    ("summary de do", "**Recording troubleshooting ticket**"),
    ("didn't see any consent thing", "Got it: you weren't asked to agree."),
    ("not fixed", "one at a time"),
])
def test_more_asides_mid_check(chat, said, expected):
    at_the_policy_question(chat)
    assert expected in chat.say(said).text


def test_a_recorded_call_that_cant_be_found_is_where_it_went(chat):
    reply = chat.say("recorded a call on teams, can't find it")  # was the calling policy's question
    assert chat.session["topic"] == "storage_location" and "the OneDrive of the person who selected" in reply.text


def test_whos_the_organizer_of_a_call_i_started(chat):
    chat.say("recording didn't start")
    chat.say("call")
    reply = chat.say("wait is there an organizer in a group call? i just started it")  # "Yes, I have that: a call"
    assert "Who placed the call doesn't change the question below" in reply.text


def test_so_not_possible_at_a_guest_s_diagnosis_is_the_fix(chat):
    chat.say("guest can't record")
    assert chat.say("k so not possible?").text.startswith("The fix:")  # "I don't know that one"


# --- three more sets (events and calls, recordings gone missing, people pushing back), read by helpdesk leads ---

def test_an_account_s_dots_are_no_clauses(agent_chat):
    agent_chat.say("troubleshoot for k.osei@northwind.org")
    agent_chat.say("webinar, co-organizer")
    reply = agent_chat.say("organizer is another user, tom.b@northwind.org")  # ".org" was "organizer"
    assert not reply.text.startswith("Changed") and agent_chat.session_answers()["check_meeting_role"] == "co_organizer"
    assert agent_chat.session_answers()["check_organizer"] == "someone_else"


def test_im_internal_theyre_external_is_a_member(chat):
    chat.say("group call with 2 people from another company, record button missing")
    chat.say("group call, not a meeting. started it from our shared chat")
    chat.say("I started it")
    chat.say("I'm internal, they're external (federated, their own tenant)")  # was "you join from another org"
    assert chat.session_answers().get("check_auth_type") == "member"


def test_thanks_so_whats_the_fix_is_the_fix_not_a_thanks(chat):
    chat.say("need to record a phone call to an external number through teams")
    chat.say("a call. PSTN, I dialed their mobile from the teams dial pad")
    chat.click("off")
    assert chat.state == "diagnosis"
    reply = chat.say("thanks, so what's the fix")  # was "So it's fixed?"
    assert reply.text.startswith("The fix:") and chat.session.get("confirm") is None


def test_recording_on_for_our_meetings_is_no_answer_for_a_call(chat):
    chat.say("we started a group chat, then hit call, then tried to record halfway through and couldn't")
    chat.say("hmm is that a meeting or a call? we just clicked the call button in the group chat")
    chat.say("group call then")
    chat.say("yes work account, all 4 of us are internal")
    assert chat.state == "check_calling_policy"
    chat.say("recording is on for our meetings, we record them all the time")  # was a meeting, and the call's "on"
    assert chat.session_answers()["check_meeting_type"] == "call" and "check_calling_policy" not in \
        chat.session_answers()


def test_an_attendee_of_a_departed_organizer_s_lost_recordings_is_no_attendee_s_cause(chat):
    chat.say("the guy who organized our weekly sync left the company and now all the old recordings say file not found")
    assert chat.state == "clarify"
    chat.say("I'm an attendee. Mark was the organizer, he left about 3 weeks ago")  # was "attendees can't record"
    assert chat.state == "clarify" and chat.session["topic"] != "meeting_role"


def test_a_recording_allowed_at_the_onedrive_question_is_no_onedrive_with_space(chat):
    chat.say("got an email saying my recording couldn't be uploaded\nThe recording for \"Q2 budget review\" couldn't be "
             "saved to OneDrive.\nYou can download it for the next 21 days.")
    assert chat.state == "check_onedrive"
    chat.say("recording is definitely allowed, I record stuff all the time")  # escalated with "Yes, with free space"
    chat.say("on")
    assert chat.state == "check_onedrive" and "check_onedrive" not in chat.session_answers()


def test_heres_what_i_found_before_a_paste_is_no_lost_recording(agent_chat):
    agent_chat.say("troubleshoot for sam.k@contoso.com")
    reply = agent_chat.say("he says recording button missing in a 1:1 call. here's what I found\n"
                           "PS C:\\> Get-CsOnlineUser sam.k@contoso.com | fl TeamsCallingPolicy\n"
                           "TeamsCallingPolicy : SalesCalling\n"
                           "PS C:\\> Get-CsTeamsCallingPolicy SalesCalling | fl AllowCloudRecordingForCalls\n"
                           "AllowCloudRecordingForCalls : False")
    assert "You also mentioned" not in reply.text and agent_chat.state == "diagnosis"


@pytest.mark.parametrize("said", ["assigned him the Global policy", "ok granted Global meeting policy to him directly"])
def test_a_policy_assigned_in_few_words_is_the_change_made(agent_chat, said):
    agent_chat.say("troubleshoot for x@contoso.com")
    agent_chat.say("meeting, he's the organizer, work account")
    agent_chat.click("off")
    assert "24 hours" in agent_chat.say(said).text  # was the policy question's "Open the Teams admin center"
    assert agent_chat.say("still greyed out, he restarted the client").text.startswith("That's too soon to tell.")


@pytest.mark.parametrize("said, expected", [
    ("you asked that already", "Sorry, I didn't catch that answer"),
    ("ok will wait a few hours", "No rush"),
    ("that's not it. I recorded a meeting last week just fine", "one at a time"),
    ("you're useless", "Sorry it takes a while"),
    ("I'm an owner of the team if that matters", "Who made the team doesn't decide it"),
    ("so there's literally no way?", "once we've found the cause"),
])
def test_pushing_back_mid_check_gets_an_answer(chat, said, expected):
    at_the_policy_question(chat)
    assert expected in chat.say(said).text


def test_whos_organizer_named_after_not_me(chat):
    chat.say("my recording is gone")
    assert chat.say("not me, Tom organized it").text.startswith("Got it: someone else organized it.")


def test_the_retention_on_recordings_is_their_expiry(chat):
    chat.say("whats the retention on recordings")  # was "the guide doesn't cover that"
    assert chat.session["topic"] == "ams_expiry"


def test_still_greyed_out_after_a_change_as_a_first_message(chat):
    chat.say("ok admin changed it, still greyed out")  # was "I'm not sure which problem this is"
    assert chat.session["topic"] == "start"


@pytest.mark.parametrize("said", ["not there", "Files tab > Recordings, ok. not there though",
                                  "there's no Recordings folder at all in that channel"])
def test_not_there_after_where_recordings_go_is_still_missing(chat, said):
    chat.say("my colleague started a channel meeting and recorded it but I can't find it")
    chat.click("storage_location", state="clarify")
    assert chat.say(said).text.startswith("Then it has most likely expired, or was never uploaded")  # "couldn't tell"


@pytest.mark.parametrize("said, expected", [
    ("so the events policy or the meeting policy, which one applies here?", "For town halls and webinars, the events"),
    ("why would the calling policy matter, isn't it the meeting policy that controls recording?",
     "recording a call is allowed by the calling policy"),
])
def test_which_policy_applies_asked_in_other_words(chat, said, expected):
    chat.say("cant record our webinar")
    assert expected in chat.say(said).text  # "I don't know that one"


def test_who_owns_the_recording_is_where_it_goes(chat):
    chat.say("my recording is missing")
    chat.click("onedrive_check")
    reply = chat.say("who owns the recording? i started it but it shows under the organizer")  # "I don't know that one"
    assert "the organizer's OneDrive" in reply.text


@pytest.mark.parametrize("said", ["it works now!!", "never mind, figured it out"])
def test_sorted_said_as_the_first_message_is_sorted(chat, said):
    reply = chat.say(said)  # "it works now!!" was "I'm not sure which problem this is"
    assert reply.text.startswith("Good to hear it's sorted.") and chat.state == "resolved"


def test_a_consultants_case_corrected_with_a_doubt_is_read_and_never_crashes(chat):
    reply = chat.say("wait before we start, can guests record? asking for a consultant we hired")
    assert "they join as a guest" in reply.text and chat.state == "diagnosis"
    chat.say("ok so it's a regular meeting")
    chat.say("she's an attendee i think. no scratch that, I made her a presenter")
    chat.say("she joined as a guest, she has a guest account in our tenant")
    # a doubt of how she joins is no doubt of who organized it (that read crashed the turn), nor of her role
    reply = chat.say("actually hold on, I'm not sure she's a guest, she might just join with her own company's "
                     "account. she's at Contoso")
    assert "to **From another organization (federated)**" in reply.text
    answers = chat.session_answers()
    assert answers["check_auth_type"] == "federated" and answers["check_meeting_role"] == "presenter"


@pytest.mark.parametrize("said", ["workaccount", "i just joined with my work account"])
def test_how_someone_joins_said_in_few_words_is_read(chat, said):
    at_the_join_question(chat)
    chat.say(said)
    answers = chat.session_answers()
    assert answers["check_auth_type"] == "member" and answers["check_meeting_role"] == "organizer"


def test_sending_the_summary_to_the_helpdesk_gets_the_summary(chat):
    chat.say("cant record")
    chat.say("meeting")
    reply = chat.say("ok not fixed, sending summary to helpdesk")
    assert "Recording troubleshooting ticket" in reply.text


def test_where_to_look_when_someone_else_organized_it_is_where_recordings_go(chat):
    chat.say("cant find recording")
    chat.say("meeting")
    reply = chat.say("where do i look for it if i wasnt the organizer")
    assert "the organizer's OneDrive" in reply.text and "I don't know" not in reply.text


def test_muted_after_declining_and_asking_why_gets_how_consent_works(chat):
    chat.say("um hello i think i accidentally declined the recording thing")
    reply = chat.say("i clicked no on the popup thing that said the meeting is being recorded. now my mic and camera "
                     "are off and i cant unmute?? why")
    assert "muted" in reply.text and "couldn't tell" not in reply.text


def test_an_agents_ticket_naming_the_org_and_the_organizer_is_no_role_of_the_user(agent_chat):
    agent_chat.say("Org: Northwind Traders. User says recording from last week's all-hands vanished. The organizer, "
                   "Paul Wagner, left the company on Friday.")
    assert "check_meeting_role" not in agent_chat.session_answers()
    reply = agent_chat.say("Paul organized it")
    assert agent_chat.session_answers()["check_organizer"] == "someone_else" and "couldn't tell" not in reply.text


@pytest.mark.parametrize("said", ["our marketing lead organized it", "our QA director organized it",
                                  "The organizer is her principal"])
def test_who_organized_it_named_by_title_or_name_is_someone_else(agent_chat, said):
    agent_chat.say("cant record, regular meeting")
    agent_chat.say("co-organizer")
    reply = agent_chat.say(said)
    answers = agent_chat.session_answers()
    assert answers["check_organizer"] == "someone_else" and answers["check_meeting_role"] == "co_organizer"
    assert "Changed" not in reply.text and "couldn't tell" not in reply.text


def test_a_meeting_said_again_with_what_it_is_not_is_agreed_not_answered_with_the_events_policy(agent_chat):
    agent_chat.say("cant record, regular meeting, she is the organizer")
    reply = agent_chat.say("it's a normal scheduled meeting, not a call or webinar")
    assert reply.text.startswith("Yes, I have that: it's a meeting.") and "EventsPolicy" not in reply.text


def test_the_fix_question_said_back_with_a_yes_and_the_button_back_is_fixed(agent_chat):
    agent_chat.say("cant record, regular meeting, she's an attendee")
    assert agent_chat.state == "diagnosis"
    agent_chat.say("did that fix it - yes, Tom added her as co-organizer and the button lit up")
    assert agent_chat.state == "resolved"


def test_the_co_organizers_policy_or_the_organizers_is_answered_both(agent_chat):
    agent_chat.say("cant record, regular meeting")
    agent_chat.say("co-organizer")
    reply = agent_chat.say("I've been asked whether co-organizer's policy or organizer's policy decides if she can "
                           "record. Which one?")
    assert "in the policy of the organizer and in the policy of the person who starts the recording" in reply.text


@pytest.mark.parametrize("agent", [False, True])
def test_a_call_to_an_outside_number_told_at_how_they_join_goes_on_to_the_calling_policy(chat, agent):
    if agent:
        chat.command("agent")
    chat.say("meeting, organizer")
    assert chat.state == "check_auth_type"
    # the call noted with "external" makes that answer no cause: no diagnosis without one (it failed to render)
    reply = chat.say("need to record a phone call to an external number through teams")
    assert reply.text.startswith("Got it: it's a call.") and chat.state == "check_calling_policy"


def test_a_no_to_the_diagnostic_at_the_policy_question_is_no_answer_of_the_policy(chat):
    at_the_policy_question(chat)
    chat.say("no I haven't run any diagnostic")
    assert chat.state == "check_policy" and "check_policy" not in chat.session_answers()


def test_a_guess_asked_then_how_to_know_is_answered_how_to_know(chat):
    at_the_policy_question(chat)
    reply = chat.say("policy off? how do i know")
    assert chat.state == "check_policy" and "check_policy" not in chat.session_answers()
    assert "Only an admin can see meeting policies" in reply.text


def test_a_work_account_at_another_companys_webinar_is_from_another_organization(chat):
    reply = chat.say("I was presenting at a webinar hosted by another company (our partner Litware) and I wanted to "
                     "record my part for our internal training. I couldn't. I'm on my work account but obviously it's "
                     "their meeting.")
    assert "you join from another organization" in reply.text and chat.session_answers()["check_auth_type"] == "federated"
    reply = chat.say("federated i think? I joined with my own company account")
    assert "Changed" not in reply.text and chat.session_answers()["check_auth_type"] == "federated"


def test_the_users_role_beside_a_colleagues_is_the_users(agent_chat):
    agent_chat.say("cant record, regular meeting")
    reply = agent_chat.say("she says presenter, colleague is co-organizer")
    assert agent_chat.session_answers()["check_meeting_role"] == "presenter" and "Should I" not in reply.text


def test_recording_failed_to_start_quoted_from_the_client_is_a_recording_that_wont_start(agent_chat):
    reply = agent_chat.say("Caller from Litware says he gets \"Recording failed to start. Try again.\" every time. "
                           "Regular meeting, he's the organizer.")
    assert agent_chat.session["topic"] == "start" and "doesn't cover" not in reply.text


@pytest.mark.parametrize("said", ["policy's on, I checked with IT", "mine's on"])
def test_the_policy_on_said_with_an_apostrophe_is_on(chat, said):
    at_the_policy_question(chat)
    chat.say(said)
    assert chat.session_answers()["check_policy"] == "on" and chat.state == "run_diagnostic"


def test_the_test_said_everythings_fine_is_passed(chat):
    at_the_policy_question(chat)
    chat.say("policy is on")
    chat.say("ran the diagnostic, it said everything's fine")
    assert chat.session_answers()["run_diagnostic"] == "all_passed"


def test_a_onedrive_that_exists_and_is_98_percent_full_is_full(chat):
    chat.say("the recording never appears in the chat, it just says recording is being processed forever")
    chat.say("yes onedrive exists, 98% full")
    assert chat.session_answers()["check_onedrive"] == "full" and chat.state == "diagnosis"


def test_how_to_assign_the_policy_everyone_else_has_is_the_grant_of_that_policy_and_the_admin_centers_steps(
        agent_chat):
    agent_chat.say("troubleshoot for g.hartmann@contoso.de")
    agent_chat.say("cant record, regular meeting, he's the organizer, work account")
    agent_chat.say("his policy is Global and recording is off in it")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say('Checked again, most people have "DE-Standard" assigned, he just never got it. How do I '
                           'assign it from the admin center?')
    assert "Grant-CsTeamsMeetingPolicy -Identity g.hartmann@contoso.de -PolicyName DE-Standard" in reply.text
    assert "Users > Manage users" in reply.text and "Set-CsTeamsMeetingPolicy" not in reply.text


def test_can_i_record_on_her_behalf_after_an_outsiders_diagnosis_is_the_fix(chat):
    chat.say("wait before we start, can guests record? asking for a consultant we hired")
    assert chat.state == "diagnosis"
    reply = chat.say("ok so she can't record. can I record on her behalf?")
    assert "a member of the organizer's organization starts the recording" in reply.text


@pytest.mark.parametrize("said", ["still not fixed", "actually its still not working"])
def test_still_not_fixed_right_after_saying_it_was_goes_on_with_the_checks(chat, said):
    at_the_attendee_diagnosis(chat)
    chat.say("fixed")
    assert chat.state == "resolved"
    reply = chat.say(said)
    assert reply.text.startswith("Then let's look further.") and chat.state == "check_auth_type"
    assert chat.session_answers()["diagnosis"] == "not_fixed"


@pytest.mark.parametrize("said, answer", [("👍", "on"), ("👎", "off"), ("🤷‍♂️", "unsure")])
def test_a_thumbs_up_or_a_shrug_answers_the_policy_question(chat, said, answer):
    at_the_policy_question(chat)
    chat.say(said)
    assert chat.session_answers()["check_policy"] == answer


def test_a_bare_yes_to_how_someone_joins_is_asked_back_as_their_work_account(chat):
    chat.say("rec not working")
    chat.say("mtg")
    chat.say("me")
    reply = chat.say("yea")
    assert "Just to be sure: **A member of the organizer's organization**?" in (reply.card or {}).get("fallbackText", "")
    chat.say("yes")
    assert chat.session_answers()["check_auth_type"] == "member"


@pytest.mark.parametrize("state, said, answer", [("check_meeting_type", "ok regular", "meeting"),
                                                 ("check_meeting_role", "co org", "co_organizer"),
                                                 ("diagnosis", "not fixd", "not_fixed")])
def test_short_answers_typed_on_a_phone_are_read(chat, state, said, answer):
    chat.say("cant record")
    if state != "check_meeting_type":
        chat.say("meeting")
    if state == "diagnosis":
        chat.say("attendee")
    assert chat.state == state
    chat.say(said)
    assert chat.session_answers()[state] == answer


def test_a_no_of_another_subject_at_a_question_asked_back_closes_nothing(chat):
    chat.say("recording gone")
    chat.say("it was there yesterday")
    assert chat.state == "offer"
    chat.say("onedrive i think")
    chat.say("nah not full")
    assert chat.state == "offer"


def test_no_popup_at_a_policy_asked_back_is_the_prompt_not_a_no(chat):
    at_the_policy_question(chat)
    chat.say("on i think")
    reply = chat.say("no popup")
    assert "weren't asked to agree" in reply.text and "take it again" not in reply.text


def test_ya_someone_else_at_did_that_fix_it_is_no_fix(chat):
    at_the_attendee_diagnosis(chat)
    chat.say("ya someone else")
    assert chat.state == "diagnosis" and "diagnosis" not in chat.session_answers()


def test_no_diagnostic_typed_with_a_slip_at_the_policy_question_is_no_off(chat):
    at_the_policy_question(chat)
    chat.say("no diagnostc")
    assert "check_policy" not in chat.session_answers()


def test_an_admin_relaying_a_teachers_email_is_told_of_the_teacher(chat):
    chat.say('hello, I don\'t really know what the problem is, a teacher emailed me saying "recording doesn\'t work"')
    chat.say("regular meeting")
    chat.say("she's the organizer")
    assert chat.session_answers()["check_meeting_role"] == "organizer"
    reply = chat.say("I'll check policy... Global is on, no custom policy assigned to her")  # looked, and found
    assert chat.session_answers()["check_policy"] == "on" and "No rush" not in reply.text


def test_their_own_policy_on_and_the_organizers_off_at_the_organizers_question_is_its_cause(agent_chat):
    agent_chat.say("co-organizers in our tenant can't record")
    agent_chat.say("regular meeting")
    agent_chat.say("work accounts, same tenant")
    assert agent_chat.state == "check_organizer_policy"
    reply = agent_chat.say("their own policy allows recording, the organizer's policy doesn't")
    answers = agent_chat.session_answers()
    assert answers["check_policy"] == "on" and answers["check_organizer_policy"] == "off"
    assert "is off in the organizer's meeting policy" in reply.text


def test_the_diagnostic_told_mid_check_that_the_licence_doesnt_support_recording_is_its_result(agent_chat):
    agent_chat.say("users on F3 cant record their shift briefings, regular meetings, they organize them")
    agent_chat.say("ran the diagnostic, says their licence doesn't support recording")
    assert agent_chat.session_answers()["run_diagnostic"] == "teams_license"


@pytest.mark.parametrize("asked, answered", [("it's been ~20 hours, how long should it take to kick in?", "24 hours"),
                                             ("how long before it's gone for good", "21 days")])
def test_how_long_is_of_what_was_asked(agent_chat, asked, answered):
    agent_chat.say("user's recording failed to upload, her onedrive is full at 1TB")
    reply = agent_chat.say(asked)
    assert answered in reply.text


@pytest.mark.parametrize("said", ["someone else", "somone els", "someone else, my boss"])
def test_someone_else_said_alone_at_another_question_is_who_organized_it(chat, said):
    chat.say("cant record")
    reply = chat.say(said)
    assert chat.session_answers()["check_organizer"] == "someone_else" and "couldn't tell" not in reply.text


def test_how_to_check_the_change_applied_for_one_user_is_the_lookup_not_a_grant(agent_chat):
    agent_chat.say("user cant record, regular meeting, she's the organizer, work account")
    agent_chat.say("her policy has recording off")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("how do I check it applied for one user from powershell")
    assert "Get-CsOnlineUser" in reply.text and "Grant-CsTeamsMeetingPolicy" not in reply.text


def test_a_diagnostics_results_with_the_policy_and_no_onedrive_licence_read_the_onedrive(agent_chat):
    agent_chat.say("where's the meeting recording diagnostic in the admin center?")
    reply = agent_chat.say("ok found it. ran it for kevin@dunmore-legal.com:\n"
                           "Diagnostic results:\n"
                           "- Teams meeting policy: Global (allows cloud recording)\n"
                           "- User is not licensed for OneDrive for Business\n"
                           "- Recording cannot be saved")
    assert agent_chat.session_answers()["check_onedrive"] == "no"
    assert "Now paste that policy's setting" not in reply.text


# --- four more blind sets: agents on a live call, situations that change, terse second-language typing, meeting kinds

@pytest.mark.parametrize("said", [
    "cleared some space, tried a test meeting, it saved this time",
    "IT gave me permission, new recording showed up fine",
    "ok started my own call instead and it records",
    "done, I'm co-organizer now and it records",
    "yay its recording now",
    "great that did it",
    "fixed after restart teams",
    "ok i delete files, new recording work now thanks",
    "changed to always record, the option is there now",
])
def test_saying_it_works_now_in_ones_own_words_midway_closes_the_case(chat, said):
    chat.say("I can't record my meeting")
    chat.say("meeting")
    assert chat.state == "check_meeting_role"
    reply = chat.say(said)  # was "I couldn't tell how that answers the question below"
    assert chat.state == "resolved" and "couldn't tell" not in reply.text


@pytest.mark.parametrize("said", [
    "it saved but I can't find it",
    "so it works?",
    "at the end it said saving, then I got an email that something went wrong and that was it",
])
def test_a_save_that_failed_or_a_question_of_whether_it_works_does_not_close_the_case(chat, said):
    chat.say("I can't record my meeting")
    chat.say("meeting")
    chat.say(said)
    assert chat.state != "resolved"


def test_he_made_her_co_organizer_and_the_button_lit_up_at_the_diagnostic_closes_the_case(agent_chat):
    agent_chat.say("caller can't record, she's a presenter in Tom's weekly team meeting")
    agent_chat.say("work account")
    agent_chat.say("organizer policy is on")
    agent_chat.say("her policy is on too")
    assert agent_chat.state == "run_diagnostic"
    reply = agent_chat.say("ok he made her co-organizer and the button lit up")  # was only "Changed the role"
    assert agent_chat.state == "resolved" and "Changed" not in reply.text


@pytest.mark.parametrize("said", ["can you give me that summary for the helpdesk", "yes pls summary"])
def test_the_summary_asked_for_in_a_few_more_words_is_the_summary(chat, said):
    chat.say("I can't record my meeting")
    reply = chat.say(said)  # was "I don't know that one" and "I couldn't tell"
    assert reply.text.startswith("**Recording troubleshooting ticket**")


def test_not_fixed_escalate_at_a_check_escalates(chat):
    chat.say("I can't record my meeting")
    chat.say("meeting")
    reply = chat.say("not fixed, escalate")
    assert chat.state == "escalate" and "**Recording troubleshooting ticket**" in reply.text


def test_policy_on_at_the_organizers_question_is_the_organizers_setting_only(chat):
    chat.say("I'm a presenter and the record button is greyed out")
    chat.say("meeting")
    chat.say("work account")
    assert chat.state == "check_organizer_policy"
    reply = chat.say("policy on")
    answers = chat.session_answers()
    assert answers["check_organizer_policy"] == "on" and "check_policy" not in answers  # was both
    assert chat.state == "check_policy" and "in your meeting policy" not in reply.text


def test_my_policy_doesnt_allow_recording_is_no_test_result(chat):
    reply = chat.say("my policy doesnt allow recording apparently")
    assert "run_diagnostic" not in chat.session_answers()  # was "the test says the user isn't enabled"
    assert "the test says" not in reply.text and chat.state == "diagnosis"


def test_off_it_confirmed_it_was_off_at_the_policy_diagnosis_is_the_cause_said_again(chat):
    chat.say("my policy doesnt allow recording apparently")
    reply = chat.say("off, IT confirmed it was off")  # was "I couldn't tell how that answers the question below"
    assert reply.text.startswith("Yes, I have that: recording is off in your meeting policy.")
    assert chat.state == "diagnosis"


@pytest.mark.parametrize("said", ["sorry, wrong user. start over", "wrong person, start over please"])
def test_start_over_after_a_few_words_of_why_starts_over(agent_chat, said):
    agent_chat.say("caller can't record her meeting")
    agent_chat.say(said)  # was "I couldn't tell how that answers the question below"
    assert agent_chat.state == "triage" and not agent_chat.session["trail"]


def test_need_a_ticket_summary_quick_is_the_summary(agent_chat):
    agent_chat.say("caller can't record her meeting")
    reply = agent_chat.say("need a ticket summary quick, caller dropped")
    assert reply.text.startswith("**Recording troubleshooting ticket**")


def test_can_the_organizer_promote_her_during_the_meeting_is_how_roles_change(agent_chat):
    agent_chat.say("caller can't record Tom's weekly sync, record button greyed out for her")
    reply = agent_chat.say("can Tom promote her during the meeting or does he have to change meeting options "
                           "beforehand")  # was "I don't know that one"
    assert "**Make a presenter**" in reply.text and "**Meeting options** > **Roles**" in reply.text


def test_a_diagnostic_saying_the_events_policy_does_not_allow_recording_is_the_events_policy(chat):
    chat.say("Dave ran the diagnostic, he sent me this:\nMeeting Recording diagnostic\nUser: lena.fischer@adatum.com\n"
             "Result: The user's Teams Events policy does not allow recording of webinars.\n"
             "Recommended action: Assign a Teams events policy with recording enabled.")
    answers = chat.session_answers()
    assert answers["check_events_policy"] == "off" and "run_diagnostic" not in answers  # was "user not enabled"


def test_a_question_about_the_policy_found_off_is_answered_not_taken_for_agreement(agent_chat):
    agent_chat.say("user can't record her meeting, she's the organizer, work account, policy is Global")
    agent_chat.say("AllowCloudRecording : False")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("So it's off for everyone on Global? That can't be right, people record all the time")
    assert not reply.text.startswith("Yes, I have that")


def test_agreeing_to_the_prompt_said_at_the_onedrive_question_is_no_onedrive_answer(chat):
    at_the_onedrive_question(chat)
    chat.say("yes i agree the prompt")  # was "Yes, with free space", and escalated to Microsoft
    assert "check_onedrive" not in chat.session_answers() and chat.state == "check_onedrive"


def test_no_work_at_the_policy_question_is_not_the_policy_off(chat):
    at_the_policy_question(chat)
    chat.say("no work")  # was "Cause: Meeting recording ... is off in your meeting policy"
    assert "check_policy" not in chat.session_answers() and chat.state != "diagnosis"


def test_transcription_off_in_the_policy_is_not_recording_off(chat):
    at_the_policy_question(chat)
    chat.say("ok transcription off in policy my admin say")
    assert "check_policy" not in chat.session_answers()


def test_it_yes_at_the_diagnosis_is_who_makes_the_fix_not_fixed(chat):
    chat.say("my policy doesnt allow recording apparently")
    assert chat.state == "diagnosis"
    chat.say("IT yes")  # was "Glad that's sorted", and a ticket saying the person confirmed it works
    assert chat.state == "diagnosis"


def test_my_calling_policy_doesnt_allow_recording_is_the_calling_policy_off(chat):
    reply = chat.say("my calling policy doesnt allow recording")
    assert chat.session_answers()["check_calling_policy"] == "off" and chat.state == "diagnosis"
    assert "**Cause: Cloud recording for calling is off in your calling policy.**" in reply.text


def test_an_events_policy_paste_under_a_heading_is_read_and_identity_is_no_policy_name(agent_chat):
    agent_chat.say("webinar, the organizer can't record")
    reply = agent_chat.say("events policy:\nIdentity                : Global\nAllowWebinars           : Enabled\n"
                           "RecordingForWebinar     : Disabled\nTranscriptionForWebinar : Disabled")
    assert "the person has **Identity**" not in reply.text  # the heading and the next line were read as a name
    assert agent_chat.session_answers()["check_events_policy"] == "off" and agent_chat.state == "diagnosis"
    assert "Set-CsTeamsEventsPolicy -Identity Global" in reply.text


def test_the_meeting_policy_said_at_the_events_policy_question_is_not_the_events_policy(agent_chat):
    agent_chat.say("webinar, the organizer can't record")
    agent_chat.say("organizer is the caller, Rachel, internal")
    assert agent_chat.state == "check_events_policy"
    reply = agent_chat.say("meeting policy has recording on")  # was the events policy on, the question skipped
    assert "check_events_policy" not in agent_chat.session_answers() and agent_chat.state == "check_events_policy"
    assert reply.text.startswith("That's the meeting policy. The question below is about the events policy")


def test_the_calling_policy_named_during_a_meetings_checks_does_not_make_it_a_call(chat):
    chat.say("my meeting won't record")
    chat.say("organizer")
    chat.say("calling policy allows recording")  # was "Changed what is being recorded from A meeting to a call"
    assert chat.session_answers()["check_meeting_type"] == "meeting"


def _escalated_after_a_vanished_recording(chat):
    chat.say("recording vanish after 1 day")
    chat.click("onedrive_check")
    chat.say("not full")
    assert chat.state == "escalate"


def test_a_question_after_the_escalation_is_answered_and_the_case_kept(chat):
    _escalated_after_a_vanished_recording(chat)
    chat.say("retention? what is")  # was a new case: the ticket then said Reported "retention? what is", no checks
    assert chat.session["reported"] == "recording vanish after 1 day" and chat.session_answers()["check_onedrive"]
    chat.say("ok ask IT")  # was "I'm not sure which problem this is"
    ticket = chat.say("make ticket pls")
    assert 'Reported: "recording vanish after 1 day"' in ticket.text


def test_yes_its_on_at_the_onedrive_question_is_no_onedrive_answer(chat):
    at_the_onedrive_question(chat)
    chat.say("yes it's on")  # was "Yes, with free space", then escalated to Microsoft
    assert "check_onedrive" not in chat.session_answers() and chat.state == "check_onedrive"


def test_a_onedrive_still_being_set_up_for_a_new_starter_is_no_onedrive(chat):
    at_the_onedrive_question(chat)
    chat.say("ok office.com says it's still being set up, I'm a new starter")  # was "I couldn't tell"
    assert chat.session_answers()["check_onedrive"] == "no"


def test_attendees_all_external_is_not_how_the_organizer_joins(chat):
    chat.say("my webinar recording")
    chat.say("organizer")
    chat.say("I'm internal")
    joins = chat.session_answers().get("check_auth_type")
    reply = chat.say("the attendees were all external, they registered through the form")
    assert chat.session_answers().get("check_auth_type") == joins and "Changed" not in reply.text
    assert "can watch it only once it is shared with them" in reply.text


def test_fixed_after_the_escalation_closes_the_case_as_resolved(chat):
    _escalated_after_a_vanished_recording(chat)
    reply = chat.say("ok so that's expected. fixed")  # was "Remember to forward the summary above"
    assert chat.state == "resolved" and "forward the summary" not in reply.text


def test_the_other_people_joined_as_guests_and_i_am_on_my_work_account_corrects_how_i_join(chat):
    chat.say("I'm a guest and can't record")
    assert chat.state == "diagnosis"
    chat.say("wait no sorry, I meant the other people joined as guests, I'm on my work account")
    assert chat.session_answers()["check_auth_type"] == "member"


@pytest.mark.parametrize("said", ["so she just needs presenter. ok summary", "so she needs to be a presenter then"])
def test_the_role_she_needs_is_not_the_role_she_has(agent_chat, said):
    agent_chat.say("troubleshoot for mikaela.s@contoso.com")
    agent_chat.say("she's an attendee in Mike's meeting, Mike organized it")
    assert agent_chat.session_answers()["check_meeting_role"] == "attendee"
    agent_chat.say(said)  # was "Presenter" on the ticket, and the attendee's cause gone
    assert agent_chat.session_answers()["check_meeting_role"] == "attendee"


def test_summary_i_guess_after_the_escalation_is_the_same_ticket(chat):
    _escalated_after_a_vanished_recording(chat)
    ticket = chat.say("summary I guess, I'll escalate")  # was a new case: Reported "summary I guess", no checks
    assert 'Reported: "recording vanish after 1 day"' in ticket.text


def test_is_that_why_at_the_diagnosis_is_whether_it_is_the_cause(chat):
    chat.say("Trying to record a meeting from my personal laptop")
    chat.say("i joined without signing in, just typed my name")
    assert chat.state == "diagnosis"
    reply = chat.say("is that why?")  # was "I don't know that one"
    assert "**Anonymously, not signed in**" in reply.text and "is what points to it" in reply.text


def test_it_shows_up_now_after_the_case_closed_is_a_goodbye(chat):
    chat.say("I can't record my meeting")
    chat.say("it works now")
    assert chat.state == "resolved"
    reply = chat.say("updated the teams app on my phone and it shows up there too now")
    assert "doesn't cover that" not in reply.text and chat.state == "resolved"


def test_making_her_co_organizer_for_the_whole_series_is_how_roles_change(agent_chat):
    agent_chat.say("caller can't record the weekly design review, Tom runs it, she's a presenter")
    agent_chat.say("tom says who can record is set to organizers and co-organizers only")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("can tom just make her co-organizer for the whole series?")  # was the fix said again
    assert "holds for every meeting of a series" in reply.text


def test_so_i_need_ask_organizer_to_record_in_few_words_is_the_fix_said_back(chat):
    chat.say("I'm an attendee and can't record")
    reply = chat.say("ok so i need ask organizer to record?")  # was "I don't know that one"
    assert reply.text.startswith("Yes: the organizer makes the recorder a presenter or co-organizer")


# --- blind set W (2026-12-07, sixth stop): answers given at once, corrected, and the test's pasted result

def test_a_pasted_test_result_that_finds_no_onedrive_is_the_diagnosis_not_a_request_to_paste_it(agent_chat):
    reply = agent_chat.say("I already ran the diagnostic:\nMeeting Recording\nThe user has a valid license.\n"
                           "The user's meeting policy allows cloud recording.\n"
                           "OneDrive for Business: The user's OneDrive could not be found.")
    assert agent_chat.state == "diagnosis" and "nowhere to go" in reply.text
    assert "paste its result" not in reply.text and "You also mentioned" not in reply.text
    assert agent_chat.session_answers()["check_policy"] == "on"


def test_a_licence_plan_named_at_the_tests_question_is_not_the_test_finding_no_licence(agent_chat):
    agent_chat.say("user can't record, I ran the recording test")
    assert agent_chat.state == "run_diagnostic"
    reply = agent_chat.say("he's on an F3 license if that matters")
    assert "run_diagnostic" not in agent_chat.session_answers() and "no required Teams license" not in reply.text


def test_what_now_at_a_diagnosis_is_the_fix_not_the_order_of_the_checks(chat):
    chat.say("my recording never showed up, i don't have onedrive")
    reply = chat.say("what now")
    assert reply.text.startswith("The fix:") and "one at a time" not in reply.text


def test_every_topic_reads_as_a_clause_after_you_also_mentioned_that(engine):
    """ "You also mentioned that The organizer's OneDrive missing or full": a topic without a report label fell back
    to its button's title."""
    from dialogs.session import Session, new_session
    reported_of = engine.compose.context(Session(new_session()), None)["reported_of"]
    for topic in (t for t in flow.TOPICS if t != "other"):
        said = reported_of(topic)
        assert said[0].islower() and said != topic, (topic, said)


@pytest.mark.parametrize("said", ["can i turn it off for just my meeting?", "how do i turn it off for everyone?"])
def test_turning_the_consent_prompt_off_never_gets_the_command_that_turns_it_on(chat, said):
    chat.say("the recording consent popup keeps appearing and people are confused")
    chat.say("i'm the organizer")
    reply = chat.say(said)
    assert "ExplicitRecordingConsent Enabled" not in reply.text
    assert ("Grant-CsTeamsMeetingPolicy" if "just my" in said else "ExplicitRecordingConsent Disabled") in reply.text


def test_turning_it_off_for_everyone_after_asking_for_ones_own_meetings_is_a_new_answer(chat):
    chat.say("the recording consent popup keeps appearing and people are confused")
    chat.say("i'm the organizer")
    chat.say("can i turn it off for just my meeting?")
    reply = chat.say("how do i turn it off for everyone?")
    assert "ExplicitRecordingConsent Disabled" in reply.text and "That's all I have" not in reply.text


def test_a_setting_named_after_her_policy_is_not_taken_for_the_policys_name(agent_chat):
    agent_chat.say("troubleshoot for jane@contoso.com")
    agent_chat.say("she says the record button is missing entirely")
    agent_chat.say("regular meeting, she's the organizer")
    agent_chat.say("member of the org")
    reply = agent_chat.say("her assigned meeting policy shows AllowCloudRecording False")
    assert agent_chat.state == "diagnosis" and "-Identity AllowCloudRecording" not in reply.text
    assert "in the user's meeting policy" in reply.text


def test_not_fixed_after_the_escalated_ticket_keeps_the_case_and_its_ticket(chat):
    chat.say("I'm the organizer and it still won't let me record")
    chat.say("regular meeting")
    chat.say("member, work account")
    chat.say("policy says on, checked with IT")
    chat.say("no consent prompt popped up")
    chat.say("i ran the diagnostic test thing, it said everything passed")
    assert chat.state == "escalate"
    reply = chat.say("not fixed")
    assert chat.state == "escalate" and reply.text.startswith("Understood: it still doesn't work")
    ticket = chat.say("summary please").text
    assert "Status: **escalated**" in ticket and "Everything passed" in ticket


def test_asking_for_the_command_to_move_her_back_to_global_is_not_told_that_it_was_done(agent_chat):
    agent_chat.say("troubleshoot for priya.shah@contoso.com")
    agent_chat.say("Get-CsOnlineUser priya.shah@contoso.com | Select UserPrincipalName,TeamsMeetingPolicy\n"
                   "UserPrincipalName  : priya.shah@contoso.com\nTeamsMeetingPolicy : Tag:AllOff")
    reply = agent_chat.say("command to set her back to Global please")
    assert "Noted" not in reply.text and agent_chat.session["policies"]["meeting"] == "AllOff"
    assert "Grant-CsTeamsMeetingPolicy -Identity priya.shah@contoso.com -PolicyName $null" in reply.text


def test_they_can_change_their_mind_about_consent_mid_meeting_gets_agreeing_later_not_an_admin_change(chat):
    chat.say("someone declined the recording consent and now I can't see them in the recording, is that normal?")
    chat.say("organizer")
    reply = chat.say("can they change their mind mid-meeting?")
    assert reply.text.startswith("Agreeing later") and "Set-CsTeamsMeetingPolicy" not in reply.text


def test_who_can_change_it_at_the_consent_question_is_who_not_agreeing_later(chat):
    chat.say("someone declined the recording consent and now I can't see them in the recording, is that normal?")
    reply = chat.say("who can change it?")
    assert not reply.text.startswith("Agreeing later")


def test_write_that_for_my_manager_after_the_ticket_is_the_ticket_not_a_new_case(chat):
    chat.say("i didn't get a consent prompt and I think the others didn't either, is that legal?")
    chat.say("regular meeting")
    reply = chat.say("can you write that for my manager, she's the organizer")
    assert "**Recording troubleshooting ticket**" in reply.text and "Let's check the causes" not in reply.text


def test_an_anonymous_attendee_keeps_the_outsiders_cause_not_a_role_fix_that_cannot_work(chat):
    chat.say("trying to record but the button's not there. i joined from the link without signing in i think? "
             "it just asked for my name")
    reply = chat.say("attendee")
    assert "attendees can't start a recording" not in reply.text
    ticket = chat.say("summary").text
    assert "make you a presenter" not in ticket and "presenter or co-organizer" not in ticket


@pytest.mark.parametrize("said", ["the empty TeamsMeetingPolicy - is that Global?",
                                  "TeamsMeetingPolicy is blank, does that mean he has no policy at all?"])
def test_an_empty_policy_asked_about_in_other_words_is_global(agent_chat, said):
    agent_chat.say("my recording never showed up, i don't have onedrive")
    reply = agent_chat.say(said)
    assert "**Global**" in reply.text and "I don't know that one" not in reply.text


@pytest.mark.parametrize("said, starts", [("how do I provision it?", "**A change an admin makes:**"),
                                          ("is there a workaround for today?", "The fix:")])
def test_questions_about_a_missing_onedrive_at_its_diagnosis_get_its_fix_not_i_dont_know(agent_chat, said, starts):
    agent_chat.say("my recording never showed up, i don't have onedrive")
    reply = agent_chat.say(said)
    assert reply.text.startswith(starts) and "OneDrive" in reply.text


def test_who_fixes_it_at_a_diagnosis_is_who_to_ask(chat):
    chat.say("my recording never showed up, i don't have onedrive")
    reply = chat.say("who fixes it?")
    assert "I don't know that one" not in reply.text


def test_a_role_looked_up_after_not_sure_is_taken_at_the_next_question(chat):
    chat.say("can't record")
    chat.say("meeting")
    chat.say("not sure what my role is")
    assert chat.state == "check_organizer"
    reply = chat.say("says attendee")
    assert chat.session_answers()["check_meeting_role"] == "attendee" and chat.state == "diagnosis"
    assert "attendees can't start a recording" in reply.text


def test_who_can_change_the_role_is_the_organizer_not_it(chat):
    chat.say("my record button is grey, im just an attendee")
    reply = chat.say("who can change it?")
    assert reply.text.startswith("The organizer, or a co-organizer") and "IT admin" not in reply.text


@pytest.mark.parametrize("said", ["will the others know I'm recording?", "will the customer know I'm recording?",
                                  "can I record without them knowing?"])
def test_whether_the_others_are_told_of_a_recording_is_answered_first_thing(chat, said):
    reply = chat.say(said)
    assert "Teams tells everyone in the meeting that recording has started" in reply.text


def test_whether_people_are_told_asked_mid_check_is_answered_and_the_question_stays(chat):
    chat.say("my record button is grey")
    reply = chat.say("will people be notified when i record?")
    assert "Teams tells everyone in the meeting" in reply.text and asks(reply) == "check_meeting_type"


def test_getting_the_old_recording_back_after_an_expiry_is_the_recycle_bin(chat):
    chat.say('the recording expired? it says "this recording has expired"')
    reply = chat.say("can I get the old recording back?")
    assert "recycle bin" in reply.text and "I don't know that one" not in reply.text


def test_getting_access_without_the_organizer_is_who_can_watch_not_out_of_scope(chat):
    chat.say("can't find the recording of yesterday's meeting")
    reply = chat.say("can I get access to it without her?")
    assert "everyone invited to the meeting from the organizer's organization can watch it" in reply.text


@pytest.mark.parametrize("said", ["how long until the link works for them?", "how long does it take to get access?"])
def test_how_long_of_a_link_or_access_is_no_policy_wait_nor_the_expiry(chat, said):
    chat.say("can't find the recording of yesterday's meeting")
    reply = chat.say(said)
    assert "24 hours" not in reply.text and "120 days" not in reply.text


@pytest.mark.parametrize("said, kind", [("I can record meetings but not 1:1 calls", "call"),
                                        ("I can record calls but not meetings", "meeting")])
def test_the_kind_after_but_not_is_the_one_that_fails(chat, said, kind):
    chat.say("can't record")
    chat.say(said)
    recorded, confirming = chat.session_answers().get("check_meeting_type"), chat.session.get("confirm")
    assert recorded == kind or recorded is None and confirming == ["check_meeting_type", kind]


CALLS_SETTING_IN_A_MEETING_POLICY = (
    'her policy is Sales-Standard, here are the settings\n'
    'PS> Get-CsTeamsMeetingPolicy -Identity "Sales-Standard" | fl *Record*\n'
    'AllowCloudRecording                  : True\n'
    'AllowCloudRecordingForCalls          : False')


def test_a_meeting_policys_name_is_not_given_to_the_calling_policy(agent_chat):
    agent_chat.say("troubleshoot for r.alvarez@contoso.com")
    reply = agent_chat.say(CALLS_SETTING_IN_A_MEETING_POLICY)
    assert "Set-CsTeamsCallingPolicy -Identity Sales-Standard" not in reply.text


def test_the_calls_fix_for_one_person_is_another_calling_policy_for_her(agent_chat):
    agent_chat.say("troubleshoot for r.alvarez@contoso.com")
    agent_chat.say(CALLS_SETTING_IN_A_MEETING_POLICY)
    reply = agent_chat.say("give me the command to fix it for just her, not the whole policy")
    assert "Grant-CsTeamsCallingPolicy -Identity r.alvarez@contoso.com" in reply.text
    assert "Set-CsTeamsCallingPolicy" not in reply.text


def test_can_record_meetings_but_not_calls_at_a_calls_diagnosis_keeps_the_call(agent_chat):
    agent_chat.say("troubleshoot for r.alvarez@contoso.com")
    agent_chat.say(CALLS_SETTING_IN_A_MEETING_POLICY)
    agent_chat.say("she says she can record meetings but not 1:1 calls, is that the AllowCloudRecordingForCalls thing?")
    assert agent_chat.state == "diagnosis" and agent_chat.session_answers()["check_meeting_type"] == "call"


def test_a_recording_that_disappeared_and_cant_be_found_is_one_problem_not_two(chat):
    reply = chat.say("Recording disappeared from the chat. It was a town hall last Thursday, I was a co-organizer, "
                     "the organizer was our comms lead Priya")
    assert "You also mentioned" not in reply.text and "Also mentioned" not in chat.say("summary").text


def test_the_teams_error_naming_the_organizations_policy_is_the_policy_off(chat):
    reply = chat.say('Can\'t record, it says "Recording isn\'t available because of your organization\'s policy"')
    assert chat.state == "diagnosis" and "is off in your meeting policy" in reply.text


def test_how_long_will_that_take_after_who_changes_the_policy_is_the_policy_wait(chat):
    chat.say('Can\'t record, it says "Recording isn\'t available because of your organization\'s policy"')
    chat.say("who can change it?")
    reply = chat.say("how long will that take")
    assert "24 hours" in reply.text


def test_a_role_doubt_beside_a_guessed_kind_is_no_doubt_about_the_kind(chat):
    chat.say("hey so the record option is missing for me")
    chat.say("i think it's a normal meeting")
    chat.say("i think i'm a presenter? not sure what the difference is")
    assert chat.session_answers().get("check_meeting_type") != "unsure"


def test_a_policy_got_this_morning_is_a_change_that_takes_hours(agent_chat):
    agent_chat.say("troubleshoot for sam.lee@contoso.com")
    agent_chat.say("he's the organizer, regular meeting, internal, can't record")
    reply = agent_chat.say("he only got the direct assignment this morning")
    assert "24 hours" in reply.text


def test_facts_told_after_an_uncovered_first_message_are_kept_when_the_problem_comes(agent_chat):
    agent_chat.say("troubleshoot for sam.lee@contoso.com")
    agent_chat.say("just sam then")
    agent_chat.say("he's the organizer, regular meeting, internal")
    reply = agent_chat.say("so direct wins right? then why can't he record")
    assert agent_chat.state == "check_policy" and asks(reply) == "check_policy"


def test_command_to_move_her_to_global_at_her_policys_diagnosis_gets_grant_with_null(agent_chat):
    agent_chat.say("troubleshoot for nina.k@contoso.com")
    agent_chat.say("caller is Nina, she can't record Tom's weekly sync, record greyed out. regular meeting, "
                   "she's a presenter, internal")
    agent_chat.say("Get-CsOnlineUser nina.k@contoso.com | select TeamsMeetingPolicy\nTeamsMeetingPolicy : NoRecording")
    agent_chat.say("her policy shows AllowCloudRecording False")
    reply = agent_chat.say("we can't change NoRecording, command to move her to Global?")
    assert "Grant-CsTeamsMeetingPolicy -Identity nina.k@contoso.com -PolicyName $null" in reply.text


@pytest.mark.parametrize("said", ["i didn't get a consent prompt and I think the others didn't either, is that legal?",
                                  "nobody was asked to agree to the recording, is that normal?",
                                  "there was no consent popup at all, is that allowed under gdpr?"])
def test_no_consent_prompt_asked_about_is_the_default_not_a_case_to_escalate(chat, said):
    reply = chat.say(said)
    assert reply.text.count("is off by default") == 1 and "Teams tells everyone in the meeting" in reply.text
    assert "legal or compliance team" in reply.text
    reply = chat.say("regular meeting")
    assert "Microsoft support" not in reply.text and chat.session["state"] != "escalate"


def test_what_if_someone_says_no_after_hearing_everyone_is_told_gets_what_declining_does(chat):
    chat.say("will the others know I'm recording?")
    reply = chat.say("ok and what if someone says no")
    assert "is view-only" in reply.text and "I don't know that one" not in reply.text


# --- later turns from people on their phones, in a second language, and agents who paste (blind sets Y and Z)

def test_no_nothing_popped_up_after_asking_about_the_prompt_is_no_prompt_not_the_policy_off(chat):
    for said in ("pls help urgent client mtg in 10 min need to rec", "meeting", "im the organizer", "work",
                 "policy is on i guess? i recorded last month", "what consent prompt"):
        chat.say(said)
    reply = chat.say("no nothing popped up")  # was "Cause: Meeting recording ... is off in your meeting policy"
    assert "Cause" not in reply.text and chat.session_answers().get("check_policy") != "off"
    assert chat.session_answers()["check_consent"] == "not_asked"


def test_no_response_from_it_is_no_answer_to_the_policy(chat):
    for said in ("Hi team, kindly help. Recording option is not coming in my Teams meeting",
                 "It is a normal meeting only, scheduled by me", "Logged in through company id"):
        chat.say(said)
    reply = chat.say("I have already raised this issue last week also but no response from IT. Please do the needful")
    assert "Cause" not in reply.text and "check_policy" not in chat.session_answers()  # was the policy, off


def test_policy_i_am_not_aware_is_not_sure(chat):
    for said in ("Recording option is not coming in my Teams meeting", "It is a normal meeting only, scheduled by me",
                 "Logged in through company id"):
        chat.say(said)
    chat.say("Policy I am not aware, kindly check and revert")
    assert chat.session_answers()["check_policy"] == "unsure"


def test_i_not_know_if_the_onedrive_is_full_is_no_full_onedrive(chat):
    for said in ("Hi, the recording from the meeting of friday I can not find. My boss want to see it",
                 "Was meeting, I was organizator", "Yes with my account of work"):
        chat.say(said)
    reply = chat.say("I not know if the onedrive is full, how I can see?")  # was "Got it: the OneDrive is full."
    assert "the OneDrive is full" not in reply.text and chat.session_answers().get("check_onedrive") != "full"


@pytest.mark.parametrize("said", ["I enter with my account of the company", "Yes with my account of work",
                                  "we are both inside the company", "Logged in through company id"])
def test_my_account_of_the_company_said_in_a_second_language_is_a_member(chat, said):
    chat.say("Hello, I have a problem with the recording of the meeting, the button for record not appear to me")
    chat.say("I am presenter, the organizer is my manager Javier")
    chat.say(said)
    assert chat.session_answers()["check_auth_type"] == "member"


def test_is_a_meeting_said_short_is_the_meeting_again_not_a_question(chat):
    chat.say("Hello, I have a problem with the recording of the meeting, the button for record not appear to me")
    reply = chat.say("Is a meeting, normal meeting of the team every monday")  # was "I don't know that one"
    assert reply.text.startswith("Yes, I have that: it's a meeting.") and chat.state == "check_meeting_role"


def test_own_company_account_not_theirs_stays_another_organization(chat):
    chat.say("hi im an external consultant and i cant record the meetings with my client")
    reply = chat.say("i log in with my own company account, not theirs")  # was changed to a member
    assert chat.session_answers()["check_auth_type"] == "federated" and "Changed" not in reply.text


def test_my_company_account_not_guest_from_a_partner_company_stays_another_organization(chat):
    chat.say("Hello. I am from partner company, joining meeting of Contoso. I want record but cannot")
    chat.say("I am attendee only")
    reply = chat.say("I join with my company account (Fabrikam), not guest")
    assert chat.session_answers()["check_auth_type"] == "federated" and "Changed" not in reply.text


def test_wait_no_im_not_a_guest_with_a_question_after_it_corrects_the_answer(chat):
    for said in ("recording not available for me", "meeting", "organizer", "guest"):
        chat.say(said)
    assert chat.state == "diagnosis"
    reply = chat.say("wait no i'm not a guest, i'm in the company, i just started last week so maybe my account isnt "
                     "set up fully?")  # was a quote, and the ticket kept "As a guest" as the cause
    assert "from **As a guest** to **A member of the organizer's organization**" in reply.text
    assert chat.session_answers()["check_auth_type"] == "member" and chat.state != "diagnosis"


def test_i_just_call_it_a_webinar_corrects_the_webinar_to_a_meeting(chat):
    for said in ("cant record webinar", "webinar", "organizer"):
        chat.say(said)
    reply = chat.say("actually it's not a webinar it's a regular meeting i just call it a webinar lol. we have like "
                     "200 people")  # was "I go through the causes ...", still at the events policy
    assert "to **A meeting**" in reply.text and chat.session_answers()[flow.KIND_CHECK] == "meeting"


def test_policy_on_for_meetings_in_a_call_check_is_no_meeting(chat):
    for said in ("i cant record group calls", "group call, like 5 ppl from the chat", "i started it", "work acct"):
        chat.say(said)
    reply = chat.say("ok back to mine, policy is on for meetings i know that")  # was changed to a meeting
    assert "Changed" not in reply.text and chat.session_answers()[flow.KIND_CHECK] == "call"


@pytest.mark.parametrize("said", ["ok summary then ill send to IT", "summary and ill forward it to my boss"])
def test_summary_then_what_ill_do_with_it_is_the_summary(chat, said):
    chat.say("cant record")
    reply = chat.say(said)  # was "I couldn't tell how that answers the question below"
    assert "**Recording troubleshooting ticket**" in reply.text


def test_the_consent_thing_for_my_meetings_gets_the_change_for_that_organizer(chat):
    chat.say("cant record")
    chat.say("meeting")
    reply = chat.say("can i turn off the consent thing for my meetings")
    assert "Grant-CsTeamsMeetingPolicy" in reply.text and "For one organizer's meetings alone" in reply.text


def test_whats_the_difference_between_meeting_and_call_gets_no_yes(chat):
    chat.say("why cant i record this")
    reply = chat.say("whats the difference between meeting and call in teams")  # was "Yes: recording a call ..."
    assert reply.text.startswith("For recording, the difference is which policy allows it")


@pytest.mark.parametrize("said", ["oh so anon users can't record at all?",
                                  "so guests just can't record at all? even if the organizer's policy allows it?"])
def test_outsiders_cant_record_at_all_asked_back_is_the_rule(chat, said):
    chat.say("i joined from my phone without signing in and cant see record")
    reply = chat.say(said)  # was "I don't know that one"
    assert reply.text.startswith("Yes, that's the rule for recording in Teams")


def test_the_link_says_no_access_for_an_external_client_is_who_may_watch_not_how_they_join(chat):
    reply = chat.say("the recording link doesnt work for my external client, says no access")
    assert "Cause" not in reply.text and "permissions of its file" in reply.text  # was "you joined from outside"


def test_after_a_question_a_role_said_in_passing_proves_no_cause(chat):
    chat.say("i didn't get a consent prompt and I think the others didn't either, is that legal?")
    chat.say("regular meeting")
    reply = chat.say("attendee")  # was "Cause: you are an attendee, and attendees can't start a recording."
    assert "Cause" not in reply.text and chat.state == "offer"


def test_a_policy_pasted_off_after_a_question_is_still_the_cause(agent_chat):
    """What must not change: a role said after a question proves nothing now, but a policy pasted off still does."""
    agent_chat.say("we changed Global policy yesterday to disable transcription and now people say recording is "
                   "gone too")
    reply = agent_chat.say("here's what we ran:\nSet-CsTeamsMeetingPolicy -Identity Global -AllowTranscription "
                           "$false -AllowCloudRecording $false")
    assert "**Cause: Meeting recording" in reply.text and agent_chat.state == "diagnosis"


def test_the_guided_check_after_a_question_asks_the_checks(chat):
    """What must not change: asked for after a question, the guided check asks its questions."""
    chat.say("tl;dr")
    chat.say("recording missing")
    reply = chat.say("I organized it, normal meeting")  # the guided check's questions, not an escalation
    assert chat.state in flow.CHECKS and "Microsoft support" not in reply.text


def test_a_stream_licence_not_known_is_no_teams_licence_from_the_test(chat):
    for said in ("cant record", "meeting", "organizer", "work acct", "policy on"):
        chat.say(said)
    assert chat.state == "run_diagnostic"
    chat.say("ok i dont know how to check my stream license")  # was "the test found no required Teams license"
    assert chat.session_answers().get("run_diagnostic") != "teams_license" and chat.state != "diagnosis"


def test_the_user_is_the_organizer_of_a_meeting_is_the_organizer(agent_chat):
    agent_chat.say("troubleshoot for mike.chen@contoso.com")
    reply = agent_chat.say("user is the organizer of a regular meeting, internal account, says the recording button "
                           "is greyed out")  # was "they didn't organize it"
    assert "they organize it" in reply.text and agent_chat.session_answers()["check_meeting_role"] == "organizer"


def test_even_if_she_signs_in_so_still_no_is_a_question_not_a_verdict(agent_chat):
    agent_chat.say("user joined a partner's meeting without signing in, from the browser, just typed her name. she "
                   "wants to record it")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("even if she signs in with her contoso account she'd be external/federated so still no?")
    assert agent_chat.state == "diagnosis" and "Then let's look further" not in reply.text  # was not fixed
    assert reply.text.startswith("Yes, that's the rule for recording in Teams")


def test_who_do_we_open_a_case_with_after_the_ticket_keeps_the_case(agent_chat):
    for said in ("troubleshoot for ben.wu@contoso.com", "organizer, regular meeting, internal, policy allows cloud "
                 "recording", "OneDrive is provisioned, he's using 12 GB of 1 TB", 'ran the diagnostic, "No issues found"'):
        agent_chat.say(said)
    assert agent_chat.state == "escalate"
    reply = agent_chat.say("who do we open a case with? MS support through the admin center?")  # was a new triage
    assert agent_chat.state == "escalate" and "Microsoft support" in reply.text


def test_cmd_to_flip_it_after_the_setting_said_back_is_the_fix(agent_chat):
    agent_chat.say("Get-CsTeamsMeetingPolicy -Identity Global | fl AllowCloudRecording\n"
                   "AllowCloudRecording                : False")
    reply = agent_chat.say("so global has it off. cmd to flip it?")  # was "I don't know that one"
    assert "Set-CsTeamsMeetingPolicy -Identity Global -AllowCloudRecording $true" in reply.text


def test_the_setting_said_back_then_the_set_command_asked_gets_the_command(agent_chat):
    agent_chat.say("troubleshoot for anna.k@contoso.com")
    agent_chat.say("Town hall, she's the organizer. The record option in the event setup is greyed out")
    agent_chat.say("Get-CsTeamsEventsPolicy -Identity Global\nIdentity                       : Global\n"
                   "RecordingForTownhall           : Disabled\nRecordingForWebinar            : Enabled")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("so RecordingForTownhall is disabled. give me the set command")  # was "Noted from ..."
    assert "Set-CsTeamsEventsPolicy -Identity Global" in reply.text


def test_where_the_diagnostic_is_in_the_admin_center_gets_its_steps(agent_chat):
    agent_chat.say("troubleshoot for mike.chen@contoso.com")
    agent_chat.say("user is the organizer of a regular meeting, internal account, says the recording button is "
                   "greyed out. policy is on")
    assert agent_chat.state == "run_diagnostic"
    reply = agent_chat.say("he hasn't run anything, I'll do the diagnostic myself. where exactly is it in the admin "
                           "center?")  # was "How to run both is in the steps above" (the steps were under Why?)
    assert "Select **Help** from the menu bar" in reply.text and "mike.chen@contoso.com" in reply.text


def test_how_to_check_her_meeting_policy_at_an_attendees_diagnosis_gets_the_lookup(agent_chat):
    """What must not change: "give me the exact command" is the fix's command, unless the check is named."""
    agent_chat.say("troubleshoot for jane.doe@contoso.com")
    agent_chat.say("she says her manager set up the meeting, she was only invited. The Start recording option is "
                   "greyed out for her.")
    agent_chat.say("she's an attendee, not a presenter")
    reply = agent_chat.say("how do I check what meeting policy she has? give me the exact command")
    assert "Get-CsOnlineUser -Identity jane.doe@contoso.com" in reply.text  # was "no PowerShell line"


def test_the_diagnostics_pasted_policy_finding_is_the_cause(agent_chat):
    agent_chat.say("troubleshoot for omar.s@contoso.com")
    reply = agent_chat.say(
        "skip the questions, I already ran the Meeting Recording diagnostic, here's the output:\nDiagnostics results\n"
        "Meeting Recording\nIssue found: The user's Teams meeting policy doesn't allow cloud recording.\n"
        "Assigned policy: Tag:Restricted-Meetings (assigned directly)\n"
        "It can take several hours for policy changes to take effect.")  # was "Noted: a policy was changed lately"
    assert "**Cause: Meeting recording" in reply.text and agent_chat.state == "diagnosis"
    reply = agent_chat.say("which is less disruptive, editing Restricted-Meetings or moving him to another policy?")
    assert reply.text.startswith("A change to a policy applies to everyone who has that policy")
    reply = agent_chat.say("ok move him. exact command please")  # was the Set- command for the whole policy
    assert "Grant-CsTeamsMeetingPolicy -Identity omar.s@contoso.com" in reply.text
    reply = agent_chat.say('Grant-CsTeamsMeetingPolicy -Identity omar.s@contoso.com -PolicyName "Standard-Meetings"\n'
                           'Grant-CsTeamsMeetingPolicy : Cannot find policy "Standard-Meetings"')
    assert reply.text.startswith("That's PowerShell's error")  # was "Noted: a policy was changed lately"


@pytest.mark.parametrize("said", ["ok so it might have expired? it was only a week ago though",
                                  "recording expired? why would it expire after a week"])
def test_a_recording_a_week_old_is_well_inside_the_default_expiry(chat, said):
    chat.say("my recording from last week is gone")
    reply = chat.say(said)  # was the 120-day default again, as if a week could be it
    assert reply.text.startswith("That is well inside the default") and "never uploaded" in reply.text


def test_the_chat_says_the_recording_could_not_be_saved_mid_check_is_the_upload_failure(chat):
    for said in ("Hi, the recording from the meeting of friday I can not find. My boss want to see it",
                 "Was meeting, I was organizator", "Yes with my account of work"):
        chat.say(said)
    reply = chat.say('in the chat appear "the recording could not be saved" or something like this')
    assert "keeps the recording in temporary storage" in reply.text  # was "I couldn't tell how that answers ..."


def test_a_colleagues_recording_not_visible_to_me_is_who_may_watch_not_an_attendees_cause(chat):
    reply = chat.say("the recording my colleague made isnt visible to me")  # was "not sure which problem"
    assert "permissions of its file" in reply.text
    reply = chat.say("attendee")  # was "Cause: you are an attendee, and attendees can't start a recording."
    assert "Cause" not in reply.text


def test_is_it_possible_to_record_from_the_mobile_app_at_a_diagnosis_is_answered(chat):
    chat.say("hi, me and my colleague try to record the meeting but is grey")
    chat.say("my colleague is organizer, I am attendee")
    reply = chat.say("is it possible record from the mobile app? maybe that is the problem")  # was "I don't know"
    assert reply.text.startswith("The guide's checks don't depend on the device or the app")


def test_meetings_fine_only_calls_at_the_calling_policy_says_calls_have_their_own_policy(chat):
    chat.say("i cant record group calls")
    reply = chat.say("but meetings work fine, its only calls")  # was "I go through the causes ..."
    assert "recording a call is allowed by the calling policy, not by the meeting policy" in reply.text


def test_didnt_switch_to_their_tenant_just_clicked_the_link_stays_another_organization(chat):
    chat.say("hi im an external consultant and i cant record the meetings with my client")
    reply = chat.say("i didnt switch to their tenant no, just clicked the link")  # was changed to anonymous
    assert chat.session_answers()["check_auth_type"] == "federated" and "Changed" not in reply.text


def test_a_popup_about_recording_then_people_couldnt_talk_is_the_consent_prompt(chat):
    reply = chat.say("everyone got this weird popup about recording and then some people couldnt talk")
    assert "requires agreement to be recorded" in reply.text  # was "the guide doesn't cover that"
    reply = chat.say("why would they be muted?? they need to talk, its a team meeting")  # was "Got it: a meeting."
    assert "everyone is muted" in reply.text


def test_one_attendee_clicked_no_and_stays_muted_is_what_declining_does(agent_chat):
    agent_chat.say("troubleshoot for d.patel@contoso.com")
    agent_chat.say("regular meeting, he's the organizer, recording works")
    reply = agent_chat.say("One attendee says they got a prompt and clicked No / stay muted I think")
    assert "is view-only" in reply.text  # was "I couldn't tell how that answers the question below"


# --- read as a helpdesk lead (set Z): agents' questions after the cause, and commands that must be the right ones

def test_declined_consent_fix_turns_the_requirement_off_with_set_not_get(agent_chat):
    agent_chat.say("troubleshoot for d.patel@contoso.com")
    reply = agent_chat.say("he declined the recording consent prompt and now he cant unmute in the meeting")
    assert "-ExplicitRecordingConsent Disabled" in reply.text  # was Get-CsTeamsMeetingPolicy, which changes nothing
    assert "Get-CsTeamsMeetingPolicy" not in reply.text


def test_does_teams_use_her_policy_or_the_directors_is_whose_policy(agent_chat):
    agent_chat.say("troubleshoot for k.owens@contoso.com")
    agent_chat.say("she can't record, she's presenter in her director's meeting")
    reply = agent_chat.say("her director's policy allows it. when she's presenter does teams use her policy or the "
                           "director's?")  # was "I don't know that one"
    assert reply.text.startswith(("Yes, both count", "Both count"))


def test_the_new_and_grant_commands_for_one_person_are_grant_not_set_on_global(agent_chat):
    for said in ("troubleshoot for priya.nair@contoso.com",
                 "She's trying to record a 1:1 Teams call with a vendor, not a meeting. No record option at all.",
                 "Get-CsTeamsCallingPolicy -Identity Global | select AllowCloudRecordingForCalls\n"
                 "AllowCloudRecordingForCalls\n---------------------------\n                      False"):
        agent_chat.say(said)
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("give me the New-CsTeamsCallingPolicy + Grant commands")  # was "I couldn't tell ..."
    assert "Grant-CsTeamsCallingPolicy -Identity priya.nair@contoso.com" in reply.text
    assert "Set-CsTeamsCallingPolicy -Identity Global" not in reply.text


def test_gone_for_good_when_the_chat_offered_21_days_to_download_is_not_expiry(chat):
    reply = chat.say("is the recording from yesterday gone for good? the chat said she could download it for 21 days")
    assert reply.text.startswith("Not while it's in temporary storage")  # was "has most likely expired"


def test_a_recording_that_vanished_after_the_contractor_who_made_it_left_is_where_it_went(agent_chat):
    agent_chat.say("troubleshoot for team.lead@contoso.com")
    reply = agent_chat.say("user says a recording from a meeting in January vanished. The person who recorded it, a "
                           "contractor, has since left and the account was deleted")
    assert "Cause" not in reply.text and "another organization" not in reply.text  # was the outsider's cause
    assert "the organizer's OneDrive" in reply.text


def test_where_to_turn_recording_on_for_a_policy_gets_the_change_not_the_lookup(agent_chat):
    reply = agent_chat.say("quick one, no specific user. where in the Teams admin center do I turn cloud recording on "
                           "for a policy, and what's the powershell equivalent?")
    assert reply.text.startswith("**A change an admin makes:**")  # was the Get- lookup and "Audio & video"
    assert "Set-CsTeamsMeetingPolicy -Identity POLICY-NAME -AllowCloudRecording $true" in reply.text


def test_the_diagnostics_no_issues_found_pasted_with_its_policy_line_is_everything_passed(agent_chat):
    agent_chat.say("troubleshoot for mike.chen@contoso.com")
    agent_chat.say("user is the organizer of a regular meeting, internal account, says the recording button is "
                   "greyed out. policy is on")
    assert agent_chat.state == "run_diagnostic"
    agent_chat.say("Diagnostic results\nMeeting Recording\nWe didn't find any issues with the user's recording "
                   "configuration.\nMeeting policy: Global - cloud recording allowed\nOneDrive: provisioned")
    assert agent_chat.session_answers()["run_diagnostic"] == "all_passed"  # was only "the policy is Global"


def test_the_summary_anyway_for_the_ticket_notes_is_the_summary(chat):
    chat.say("cant record")
    reply = chat.say("can I get the summary anyway for the ticket notes")  # was a quote about whiteboards
    assert "**Recording troubleshooting ticket**" in reply.text


def test_the_teams_banner_you_cant_record_this_meeting_pasted_mid_check_is_noted_as_an_admins(chat):
    for said in ("its for our sync meeting, raj is the organizer and he is on leave so i took over and when i hit "
                 "record it just said recording is not available", "its a meeting, recurring", "presenter",
                 "work account"):
        chat.say(said)
    reply = chat.say("here's the message i get\nRecording isn't available\nYou can't record this meeting. Contact "
                     "your IT admin for more info")  # was "I couldn't tell how that answers the question below"
    assert reply.text.startswith("Noted: Teams says an admin turned recording off.")


def test_can_i_change_that_now_after_how_to_agree_later_is_yes_how(chat):
    for said in ("recording started but i'm not in it??", "meeting", "attendee",
                 "there was a popup asking something and i just clicked no by mistake bc i was in a rush"):
        chat.say(said)
    reply = chat.say("can i change that now")  # was "I can't tell which setting you mean"
    assert reply.text.startswith("Yes. Agreeing later, after declining")


def test_rather_the_admin_center_than_powershell_gets_where_the_setting_is_today(agent_chat):
    agent_chat.say("troubleshoot for chris.d@contoso.com")
    agent_chat.say("regular meeting, organizer, internal. record greyed.")
    assert agent_chat.state == "check_policy"
    reply = agent_chat.say("not sure about policy, I'd rather use the admin center than powershell. what's the path?")
    assert "Teams admin center > Meetings > Meeting policies" in reply.text  # was the PowerShell lookup again
    assert "**Recording & transcription** section" in reply.text and "Get-CsOnlineUser" not in reply.text


def test_recording_was_on_and_he_cant_find_it_at_the_events_policy_is_where_it_went(agent_chat):
    agent_chat.say("troubleshoot for ronald.b@contoso.com")
    agent_chat.say("it's a town hall, he's a presenter, organizer is the comms team")
    assert agent_chat.state == "check_events_policy"
    reply = agent_chat.say("comms says recording was on for the event. he wants a copy of the recording and can't "
                           "find it anywhere")  # was read as the events policy on, with nothing said
    assert "the organizer's OneDrive" in reply.text and "check_events_policy" not in agent_chat.session_answers()
    reply = agent_chat.say("so only the organizer gets it? how does comms share it with him")
    assert reply.text.startswith("Sharing is done by someone with full edit rights")  # was "doesn't cover that"


def test_the_command_worked_this_time_is_the_change_made_not_recording_that_works(agent_chat):
    agent_chat.say("troubleshoot for omar.s@contoso.com")
    agent_chat.say("I already ran the Meeting Recording diagnostic, here's the output:\nDiagnostics results\n"
                   "Meeting Recording\nIssue found: The user's Teams meeting policy doesn't allow cloud recording.")
    agent_chat.say("ok move him. exact command please")
    agent_chat.say('Grant-CsTeamsMeetingPolicy -Identity omar.s@contoso.com -PolicyName "Standard-Meetings"\n'
                   'Grant-CsTeamsMeetingPolicy : Cannot find policy "Standard-Meetings"')
    reply = agent_chat.say('ran it with "Standard Meetings", worked this time')  # was "Good to hear it's sorted"
    assert agent_chat.state == "diagnosis" and "can take up to 24 hours" in reply.text
    ticket = agent_chat.say("summary").text
    assert "Status: **open**" in ticket and "Standard-Meetings" not in ticket  # the name PowerShell couldn't find


def test_a_quoted_policy_name_with_meetings_in_it_is_no_kind_of_recording(agent_chat):
    agent_chat.say("troubleshoot for omar.s@contoso.com")
    agent_chat.say("he can't record")
    assert agent_chat.state == "check_meeting_type"
    agent_chat.say('we ran Grant-CsTeamsMeetingPolicy with "Standard Meetings" for him yesterday')
    assert flow.KIND_CHECK not in agent_chat.session_answers()  # was "A meeting", from the policy's name


def test_an_agents_policy_cause_points_to_where_the_setting_is_today(agent_chat):
    for said in ("troubleshoot for amy@contoso.com", "regular meeting, she's the organizer, internal"):
        agent_chat.say(said)
    reply = agent_chat.say("she is on the Sales policy which has cloud recording disabled per TAC")
    assert "**Cause: Meeting recording" in reply.text
    assert "**Recording & transcription** section" in reply.text and "review the **Audio & video**" not in reply.text


# --- set AA: people who keep talking after an answer

def test_ok_asked_after_where_recordings_go_is_what_now_not_a_goodbye(chat):
    chat.say("cant find the recording from this mornings standup")
    assert chat.state == "offer"
    assert "pick a next step below" in chat.say("ok?").text  # was "Glad I could help", and the conversation closed
    for asked in ("and?", "so??"):
        reply = chat.say(asked)
        assert chat.state == "offer" and "Glad I could help" not in reply.text
    chat.say("ok")
    assert chat.state == "offer"  # a plain "ok" still only waits


def test_ok_asked_at_a_question_says_what_the_question_means(chat):
    chat.say("my recording button is greyed out")
    reply = chat.say("ok?")  # was "I don't know that one"
    assert chat.state == "check_meeting_type" and "I don't know that one" not in reply.text


def test_someone_else_declining_consent_is_not_the_organizers_no(chat):
    for said in ("one person in the meeting said no to the recording thing and now everyone is confused",
                 "regular meeting", "organizer", "the consent prompt, yes it came up"):
        chat.say(said)
    assert chat.state == "check_consent"
    reply = chat.say("one guy declined")  # was "Cause: you declined to be recorded"
    assert chat.state == "check_consent" and "check_consent" not in chat.session_answers()
    assert reply.text.startswith("That doesn't stop the recording for the others.") and "view-only" in reply.text
    reply = chat.say("what do I tell him, he's asking if he was recorded anyway")
    assert "stay out of the recording" in reply.text or "say no more than what I wrote above" in reply.text


# --- set AB: helpdesk agents working a queue

def test_the_next_ticket_of_a_queue_is_a_new_case_not_the_account_corrected(agent_chat):
    agent_chat.say("troubleshoot for a.nguyen@contoso.com")
    agent_chat.say("she cant record 1:1 calls")
    assert agent_chat.session_answers() == {"check_meeting_type": "call"}
    reply = agent_chat.say("ok next one: troubleshoot for p.kowalski@contoso.com")  # was "I couldn't tell how that ..."
    assert reply.text.startswith("New case: the checks are about **p.kowalski@contoso.com** now.")
    assert "a.nguyen@contoso.com" in reply.text and "What is being recorded: **A 1:1 or group call**" in reply.details
    assert agent_chat.session_answers() == {} and agent_chat.session["upn"] == "p.kowalski@contoso.com"
    agent_chat.say("regular mtg, shes organizer, button is missing entirely not greyed")
    assert agent_chat.session_answers()["check_meeting_type"] == "meeting"  # was "Changed ... from a call"


def test_a_different_ticket_told_with_its_problem_starts_with_that_problem(agent_chat):
    agent_chat.say("troubleshoot for a.nguyen@contoso.com")
    agent_chat.say("she cant record 1:1 calls")
    reply = agent_chat.say("ok different ticket now, bob@contoso.com can't find his recording")
    assert reply.text.startswith("New case: the checks are about **bob@contoso.com** now.")
    assert agent_chat.session["topic"] == "storage_location" and "the organizer's OneDrive" in reply.text


def test_the_same_account_named_again_keeps_the_case(agent_chat):
    """A guard: the new case begins only for another account (this passed before the change too)."""
    agent_chat.say("troubleshoot for a.nguyen@contoso.com")
    agent_chat.say("she cant record 1:1 calls")
    reply = agent_chat.say("troubleshoot for A.Nguyen@contoso.com")
    assert not reply.text.startswith("New case") and agent_chat.session_answers() == {"check_meeting_type": "call"}


def test_not_fixed_then_escalate_in_one_message_escalates(agent_chat):
    agent_chat.say("troubleshoot for jane@contoso.com")
    agent_chat.say("she cant record")
    agent_chat.say("reg meeting, shes the organizer")  # "reg" was no kind of meeting
    assert agent_chat.session_answers()["check_meeting_type"] == "meeting"
    agent_chat.say("not fixed. escalate to tier 2")  # was "I couldn't tell how that answers the question below"
    assert agent_chat.state == "escalate"


def test_which_of_two_group_policies_wins_is_answered(agent_chat):
    agent_chat.say("troubleshoot for priya.raman@contoso.com")
    agent_chat.say("she cant record her standup, record greyed out")
    reply = agent_chat.say("two group ones, which wins?")  # was "I don't know that one"
    assert "highest rank" in reply.text


def test_close_as_resolved_mid_check_writes_the_ticket_resolved(agent_chat):
    for said in ("troubleshoot for jane@contoso.com", "she cant record", "regular meeting, she is the organizer"):
        agent_chat.say(said)
    reply = agent_chat.say("site showed up ~30 min later, recording works. close as resolved")
    assert "Status: **resolved**" in reply.text and "the person confirmed it works" in reply.text  # was "I go through"


def test_leave_it_pending_writes_the_ticket_open(agent_chat):
    for said in ("troubleshoot for jane@contoso.com", "she cant record", "regular meeting, she is the organizer"):
        agent_chat.say(said)
    reply = agent_chat.say("ok will check with her tmrw, leave it pending")  # was "No rush. Answer when you know"
    assert "Status: **open**" in reply.text and agent_chat.state == "check_auth_type"


def test_an_agents_policy_and_setting_in_shorthand_are_not_asked_again(agent_chat):
    agent_chat.say("troubleshoot for new.starter@contoso.com")
    agent_chat.say("joined monday, recordign fails every time")
    agent_chat.say("regular meeting, organizer, member. policy = global, recording on")
    assert agent_chat.session_answers().get("check_policy") == "on"  # was asked again, with its commands
    assert agent_chat.state != "check_policy"


def test_turning_call_recording_on_for_one_person_without_global(agent_chat):
    for said in ("troubleshoot for lisa.wong@contoso.com", "its a 1:1 call not a meeting", "internal, work account",
                 "AllowCloudRecordingForCalls False on global"):
        agent_chat.say(said)
    reply = agent_chat.say("how do i flip it for just her without touching global")  # was "I don't know that one"
    assert "Grant-CsTeamsCallingPolicy -Identity lisa.wong@contoso.com" in reply.text
    assert "Set-CsTeamsCallingPolicy -Identity Global" not in reply.text


def test_the_command_to_put_someone_back_on_global_removes_their_own_policy(agent_chat):
    agent_chat.say("troubleshoot for chloe.martin@contoso.com")
    agent_chat.say("she cant record her meetings")
    reply = agent_chat.say("whats the cmd to put her back on global")  # was "Noted: the meeting policy is Global"
    assert "Grant-CsTeamsMeetingPolicy -Identity chloe.martin@contoso.com -PolicyName $null" in reply.text
    assert "check_policy" not in agent_chat.session_answers() and not agent_chat.session.get("policies")


def test_the_command_to_remove_a_direct_policy_gives_null(agent_chat):
    agent_chat.say("troubleshoot for chloe.martin@contoso.com")
    agent_chat.say("she cant record her meetings")
    reply = agent_chat.say("whats the cmd to remove the direct RecordingOff")  # was how to make her a presenter
    assert "Grant-CsTeamsMeetingPolicy -Identity chloe.martin@contoso.com -PolicyName $null" in reply.text


def test_a_direct_against_a_group_policy_is_answered(agent_chat):
    agent_chat.say("troubleshoot for chloe.martin@contoso.com")
    agent_chat.say("she cant record her meetings")
    assert "directly wins over" in agent_chat.say("direct vs group, which wins?").text  # was "I don't know that one"


def test_a_typo_fixed_in_the_command_is_no_recording_that_works(agent_chat):
    agent_chat.say("troubleshoot for chloe.martin@contoso.com")
    agent_chat.say("she cant record her meetings")
    agent_chat.say("PS C:\\> Grant-CsTeamsMeetingPolicy -Identity chole.martin@contoso.com -PolicyName $null\n"
                   "Grant-CsTeamsMeetingPolicy : Management object not found for identity 'chole.martin@contoso.com'.")
    reply = agent_chat.say("lol typo in upn. worked now")
    assert agent_chat.state != "resolved" and "Good to hear it's sorted" not in reply.text


def test_the_powershell_for_the_expiration_setting_is_the_meeting_policys(agent_chat):
    agent_chat.say("troubleshoot for bob.martin@fabrikam.com")
    agent_chat.say("he can't find recordings of his team's weekly sync, it's a meeting")
    reply = agent_chat.say("what's the powershell to check the expiration setting")  # was Get-SPOSite, of OneDrive
    assert "NewMeetingRecordingExpirationDays" in reply.text and "Get-SPOSite" not in reply.text


def test_a_recording_waiting_in_temporary_storage_is_not_gone_yet(chat):
    for said in ("recording failed, message said something about couldn't save", "regular meeting",
                 "organizer, it's my meeting", "work account",
                 "onedrive... it's probably full honestly, I get warnings all the time"):
        chat.say(said)
    assert chat.state == "diagnosis"
    reply = chat.say("ok so that one's gone. will it work next time?")  # was "I don't know that one"
    assert reply.text.startswith("Not yet:") and "21 days" in reply.text


def test_will_it_work_next_time_at_a_diagnosis_is_its_fix(chat):
    for said in ("my recording button is greyed out", "regular meeting", "organizer", "work account"):
        chat.say(said)
    chat.say("its off")
    assert chat.state == "diagnosis"
    reply = chat.say("will it work next time once they change it?")  # was "I don't know that one"
    assert reply.text.startswith("Yes:") and "24 hours" in reply.text


def test_questions_on_the_four_hour_limit_after_it_was_told(chat):
    for said in ("our workshop recording just stopped, it says recording has stopped", "regular meeting",
                 "organizer", "work account"):
        chat.say(said)
    reply = chat.say("it was going for ages, like 4 hours")  # was "I couldn't tell how that answers"
    assert "4 hours, or 1.5 GB" in reply.text
    assert chat.say("oh is there a limit?").text.startswith("Yes: the maximum length")  # was "I don't know that one"
    reply = chat.say("can I just restart it next time when it stops?")
    assert reply.text.startswith("When a recording reaches that limit, Teams ends it and starts a new one")


def test_calls_and_meetings_having_different_settings_is_answered(chat):
    chat.say("can't record a 1:1 call with my coworker")
    reply = chat.say("so calls and meetings have different settings?")  # was "I don't know that one"
    assert reply.text.startswith("Yes: recording a call is allowed by the calling policy")


def test_whether_the_named_organizers_policy_matters_is_answered(agent_chat):
    agent_chat.say("troubleshoot for derek.w@contoso.com")
    agent_chat.say("regular meeting, hes presenter, organizer is sarah.l@contoso.com")
    reply = agent_chat.say("does sarahs policy matter too?")  # was "I don't know that one"
    assert reply.text.startswith("Yes, both count")


def test_who_organized_and_recorded_is_no_recording_that_works(agent_chat):
    agent_chat.say("troubleshoot for kate.l@contoso.com")
    agent_chat.say("meeting w/ external partner, partner cant open the recording link from chat, says access denied")
    reply = agent_chat.say("kate organized and recorded")  # was "Good to hear it's sorted", and the case closed
    assert agent_chat.state != "resolved" and "Good to hear" not in reply.text


def test_read_that_ticket_after_pasting_it_is_not_the_offers_ticket_button(chat):
    chat.say("Number: INC0051207\nShort description: Cannot find Teams meeting recording\nDescription: User "
             "attended the quarterly budget review on Tuesday. It was recorded but she can't see the recording "
             "anywhere.")
    chat.say("agent")
    state = chat.state
    reply = chat.say("^ read that ticket")  # was "Escalated before the checks were done"
    assert chat.state == state and reply.text.startswith("I read it when you pasted it")


def test_the_diagnostics_finding_told_after_running_it_is_the_cause(agent_chat):
    agent_chat.say("troubleshoot for ben.t@contoso.com")
    agent_chat.say("where do i find the meeting recording diagnostic in admin center")
    reply = agent_chat.say("ran it for ben, says user's meeting policy doesnt allow cloud recording")
    assert agent_chat.state == "diagnosis" and "**Cause: Meeting recording" in reply.text  # was "Run the checks"
    reply = agent_chat.say("but Get-CsOnlineUser shows TeamsMeetingPolicy blank, and global has it True??")
    assert "EffectivePolicyAssignments" in reply.text  # was "I don't know that one"


def test_escalating_in_an_agents_words_escalates(agent_chat):
    for said in ("troubleshoot for jane@contoso.com", "she cant record", "regular meeting"):
        agent_chat.say(said)
    agent_chat.say("ok escalate this to tier 2 pls")  # was the role's question explained
    assert agent_chat.state == "escalate"


def test_write_notes_for_the_tickets_is_the_ticket_not_a_quote_on_notes(agent_chat):
    for said in ("troubleshoot for jane@contoso.com", "she cant record", "regular meeting"):
        agent_chat.say(said)
    reply = agent_chat.say("write notes for both tickets")  # was "Whiteboards and shared notes are not captured"
    assert "**Recording troubleshooting ticket**" in reply.text and "Whiteboards" not in reply.text


def test_a_missing_download_button_is_who_may_download_and_the_admins_block(chat):
    reply = chat.say("I can't download the recording, the download button is missing")  # was "doesn't cover that"
    assert "without editing it" in reply.text and "block the download" in reply.text
    chat.say("regular meeting")
    reply = chat.say("why can only the organizer download it")
    assert "doesn't cover that" not in reply.text


def test_a_recording_that_stopped_when_its_starter_left_is_not_how_recordings_stop(chat):
    reply = chat.say("recording stopped when I left the meeting")  # was "I'm not sure which problem this is"
    assert "That isn't what makes a recording stop: a recording keeps going when the person" in reply.text
    assert "4 hours" in reply.text


def test_the_starter_dropping_off_told_later_is_not_an_expired_recording(chat):
    chat.say("my recording button is greyed out")
    chat.say("meeting")
    reply = chat.say("I left early and everyone else kept talking, but the recording ends when I dropped off")
    assert "expired" not in reply.text and "keeps going when the person who started it leaves" in reply.text


@pytest.mark.parametrize("said", ["ok he accepted guidelines, next rec uploaded fine. resolved",
                                  "ok makes sense. resolved, by design"])
def test_resolved_said_after_the_news_writes_the_ticket_resolved(agent_chat, said):
    for told in ("troubleshoot for jane@contoso.com", "she cant record", "regular meeting"):
        agent_chat.say(told)
    reply = agent_chat.say(said)  # was the role's question explained again
    assert "Status: **resolved**" in reply.text


def test_resolved_alone_is_no_ticket(agent_chat):
    """A guard: "resolved" alone is an answer where it is asked ("Did that fix it?"), not the ticket."""
    for told in ("troubleshoot for jane@contoso.com", "she cant record", "regular meeting"):
        agent_chat.say(told)
    assert "Status:" not in agent_chat.say("resolved").text


def test_the_next_ticket_named_after_a_word_on_the_last_is_a_new_case(agent_chat):
    for told in ("troubleshoot for jane@contoso.com", "she cant record", "regular meeting"):
        agent_chat.say(told)
    reply = agent_chat.say("lol thats all we got. troubleshoot for dev.sharma@contoso.com")
    assert reply.text.startswith("New case: the checks are about **dev.sharma@contoso.com** now.")


def test_it_worked_resolved_at_did_that_fix_it_is_fixed(chat):
    """A guard: at "Did that fix it?", a status after the news is the answer, not only the ticket."""
    for said in ("my recording button is greyed out", "regular meeting", "organizer", "work account", "its off"):
        chat.say(said)
    assert chat.state == "diagnosis"
    chat.say("ok that worked, resolved")
    assert chat.state == "resolved"


def test_the_consent_question_seen_and_declined_by_accident(chat):
    reply = chat.say("some yellow bar at the top said recording and transcription started and asked me to agree")
    assert reply.text.startswith("That's Teams asking you to agree to being recorded")  # was "doesn't cover that"
    chat.say("regular meeting, I'm an attendee")
    chat.say("I clicked decline by accident")
    reply = chat.say("so am I missing from the recording?")  # was "I don't know that one"
    assert reply.text.startswith("Yes: someone who answers No") and "Agreeing later" in reply.text
    reply = chat.say("can I change it now")  # was "I can't tell which setting you mean"
    assert reply.text.startswith("Agreeing later, after declining or not answering")


def test_just_an_attendee_is_the_role(chat):
    chat.say("I joined from the link without signing in and there's no record button")
    reply = chat.say("just an attendee")  # was "I couldn't tell how that answers the question below"
    assert reply.text.startswith("Got it: you're an attendee")


def test_an_account_put_right_after_a_typo_keeps_the_case(agent_chat):
    """A guard: a UPN a slip of typing off the last one is that account corrected, not the next ticket."""
    agent_chat.say("troubleshoot for chole.martin@contoso.com")
    agent_chat.say("she cant record her meetings")
    reply = agent_chat.say("troubleshoot for chloe.martin@contoso.com")
    assert not reply.text.startswith("New case") and agent_chat.session["upn"] == "chloe.martin@contoso.com"
    assert agent_chat.session_answers() == {"check_meeting_type": "meeting"}
    assert agent_chat.say("ok next one: troubleshoot for chloe.martin2@contoso.com").text.startswith("New case")


# --- answers easy to read as their opposite, and the bot's own words asked back (blind sets AC and AD) ----------------

def _to_the_organizers_policy(chat):
    chat.say("record button is greyed out in my meeting")
    chat.say("regular meeting")
    chat.say("presenter")
    chat.say("nah someone else, my boss")
    chat.say("work account")
    assert chat.state == "check_organizer_policy"


def test_nobody_said_its_off_is_an_on_confirmed(chat):
    _to_the_organizers_policy(chat)
    reply = chat.say("I'd assume it's on? nobody said it's off")  # was "So it's off?"
    assert reply.card["body"][0]["text"] == "So it's on?"


def test_a_no_beside_the_askers_own_value_is_no_answer_about_the_organizers(chat):
    _to_the_organizers_policy(chat)
    reply = chat.say("nope, it's on for me too I think")  # was "So it's off?", of the organizer's policy
    assert reply.text.startswith("I couldn't tell") and "check_organizer_policy" not in chat.session_answers()


def test_i_dont_think_the_events_policy_blocks_it_is_an_on_confirmed(chat):
    chat.say("live event, no record button")
    chat.say("organizer")
    reply = chat.say("no I don't think the events policy blocks it")  # was "So it's off?"
    assert reply.card["body"][0]["text"] == "So it's on?"


def test_same_thing_after_so_its_on_is_no_no_to_it(chat):
    chat.say("record button is greyed out in my meeting")
    chat.say("regular meeting")
    chat.say("organizer")
    chat.say("work account")
    assert chat.say("nope, recording is on for me").card["body"][0]["text"] == "So it's on?"
    reply = chat.say("nope, same thing")  # was the cause "Meeting recording ... is off in your meeting policy"
    assert "Cause" not in reply.text and "check_policy" not in chat.session_answers()


def test_someone_else_declining_is_not_the_organizers_no(chat):
    chat.say("the recording stopped right after someone joined")
    chat.say("regular meeting")
    chat.say("organizer")
    reply = chat.say("someone else might have declined the consent thing though")  # was "you declined"
    assert "you declined" not in reply.text and chat.state == "check_consent"
    reply = chat.say("does that mean their part isn't in the recording?")  # was "I don't know that one"
    assert reply.text.startswith("That doesn't stop the recording for the others.")


def test_one_person_said_no_is_theirs_too(chat):
    chat.say("recording is there but the first 10 minutes are missing")
    reply = chat.say("yeah no, there was a consent thing and I think one person said no")
    assert "you declined" not in reply.text and "check_consent" not in chat.session_answers()


def test_co_organizer_added_since_changes_the_role_not_who_organized(chat):
    chat.say("webinar tomorrow, I can't see record")
    chat.say("presenter")
    chat.say("the marketing team made it")
    reply = chat.say("no wait, actually I'm a co-organizer, they just added me")  # was "... to **I did**"
    assert "**I did**" not in reply.text and chat.session_answers()["check_organizer"] == "someone_else"
    assert chat.session_answers()["check_meeting_role"] == "co_organizer"


@pytest.mark.parametrize("said", ["wasn't me who set it up, it was Priya from finance",
                                  "someone on my team set it up", "I guess someone else"])
def test_who_set_it_up_said_at_another_question_is_noted(chat, said):
    chat.say("recording option missing for me")
    chat.say("meeting")
    reply = chat.say(said)  # was "I couldn't tell how that answers the question below"
    assert "someone else organized it" in reply.text and chat.session_answers()["check_organizer"] == "someone_else"


def test_external_with_my_own_account_is_another_organization(chat):
    chat.say("I'm from Fabrikam joining a Contoso meeting, can't record")
    chat.say("meeting")
    chat.say("presenter")
    reply = chat.say("external I guess, I'm not a guest, I just join with my own account")  # was "A member ...?"
    assert reply.card["body"][0]["text"] == "Just to be sure: **From another organization (federated)**?"


@pytest.mark.parametrize("asked", ["so I'm just not allowed to record at all?", "does that mean I can never record?",
                                   "so nobody on my side can do anything?"])
def test_never_allowed_at_all_after_the_outsiders_cause_is_answered(chat, asked):
    chat.say("hi, I can't record the partner sync")
    assert chat.state == "diagnosis"
    reply = chat.say(asked)  # was "I don't know that one"
    assert "The guide names no policy or setting of the organizer's organization that changes that" in reply.text


def test_max_lenght_typed_with_a_slip_is_yes(chat):
    chat.say("my recording stopped after 4 hours")
    reply = chat.say("is there a max lenght?")  # was "In short, no"
    assert reply.text.startswith("Yes: the maximum length of one meeting recording is 4 hours")


def test_it_onedrive_not_set_up_yet_is_no_onedrive(chat):
    chat.say("recording failed to save")
    chat.say("meeting")
    reply = chat.say("it says my OneDrive isn't set up yet")
    assert chat.state == "diagnosis" and chat.session_answers()["check_onedrive"] == "no" and "Cause" in reply.text


def test_a_tenant_named_in_passing_is_no_test_result(chat):
    chat.say("no record button in my webinar")
    chat.say("organizer")
    chat.say("work account")
    chat.say("not sure about either honestly")
    assert chat.state == "run_diagnostic"
    reply = chat.say("IT says they can't change that, it's set for the whole tenant")  # was the tenant's cause
    assert "Cause" not in reply.text and "run_diagnostic" not in chat.session_answers()


def test_a_clean_diagnostic_that_names_cloud_recording_allowed_passes(agent_chat):
    """A guard: "tenant" alone is no longer the tenant's result, so "cloud recording allowed" must not become the
    user's policy's."""
    agent_chat.say("troubleshoot for mike.chen@contoso.com")
    agent_chat.say("user is the organizer of a regular meeting, internal account, says the recording button is greyed "
                   "out. policy on")
    assert agent_chat.state == "run_diagnostic"
    reply = agent_chat.say("Diagnostic results\nMeeting Recording\nWe didn't find any issues with the user's recording "
                           "configuration.\nMeeting policy: Global - cloud recording allowed\nOneDrive: provisioned")
    assert "is off in the recorder's meeting policy" not in reply.text  # was that cause
    assert agent_chat.session_answers()["run_diagnostic"] == "all_passed"


def test_the_bots_own_words_asked_back_are_no_cause(chat):
    chat.say("I can't record a webinar I'm presenting in")
    chat.say("don't know")
    reply = chat.say("you said only organizers and co-organizers can record a webinar? so presenters can't at all?")
    assert "Cause" not in reply.text and "presenters can unless the organizer has limited recording" in reply.text


@pytest.mark.parametrize("asked", ["ok can I get a summary I can forward to IT", "summary please in case it happens again"])
def test_a_summary_asked_for_in_a_sentence_is_the_ticket(chat, asked):
    chat.say("recording button is greyed out")
    chat.say("meeting")
    reply = chat.say(asked)  # was "I don't know that one" / "I couldn't tell"
    assert reply.text.startswith("**Recording troubleshooting ticket**")


def test_yes_i_started_it_at_the_calling_policy_is_who_called(chat):
    chat.say("recording not available")
    chat.say("it's a group call, I started it from a chat")
    assert chat.state == "check_calling_policy"
    reply = chat.say("yes I started it")  # was taken as "on"
    assert reply.text.startswith("Noted. Who placed the call doesn't change the question below")
    assert "check_calling_policy" not in chat.session_answers()


def test_what_now_she_still_cant_after_the_escalation_keeps_the_case(agent_chat):
    agent_chat.say("troubleshoot for jane@contoso.com")
    agent_chat.say("regular meeting, she's the organizer")
    agent_chat.say("she's internal, joined with her contoso account")
    agent_chat.say("checked her policy, it's the Global one and recording is on")
    reply = agent_chat.say("ok what's the next command")  # was "I don't know that one"
    assert reply.text.startswith("This check has no PowerShell line: it runs in the Microsoft 365 admin center.")
    assert "Diag: Meeting Recording" in reply.text and "jane@contoso.com" in reply.text
    agent_chat.say("ran the diagnostic for her, it came back clean")
    assert agent_chat.state == "escalate"
    reply = agent_chat.say("so what now, she still gets no record option")  # was a new case: "Let's check ..."
    assert agent_chat.state == "escalate" and reply.text.startswith("Escalate it to Microsoft support")


def test_hes_actually_the_organizer_is_the_role(agent_chat):
    agent_chat.say("troubleshoot for tom@contoso.com")
    agent_chat.say("meeting")
    agent_chat.say("presenter")
    agent_chat.say("back")
    reply = agent_chat.say("sorry, he's actually the organizer")  # was "I couldn't tell"
    assert not reply.text.startswith("I couldn't tell") and agent_chat.state == "check_auth_type"
    assert agent_chat.session_answers()["check_meeting_role"] == "organizer"


@pytest.mark.parametrize("asked", ["which policy, the meeting one or the events one?", "which one wins?"])
def test_which_policy_of_a_town_hall_is_the_events_policy(chat, asked):
    chat.say("no record button in my webinar")
    reply = chat.say(asked)  # was "I don't know that one"
    assert reply.text.startswith("For town halls and webinars, the events policy")


def test_not_that_i_know_of_is_a_no_confirmed(chat):
    _to_the_organizers_policy(chat)
    reply = chat.say("not that I know of")  # was "I couldn't tell how that answers the question below"
    assert reply.card["body"][0]["text"] == "So it's off?"


def test_signing_in_and_by_design_after_joining_without_an_account(chat):
    chat.say("I joined from a link and can't record")
    chat.say("meeting")
    chat.say("presenter")
    chat.say("I didn't sign in, just typed my name")
    assert chat.state == "diagnosis"
    reply = chat.say("ok, so if I sign in with my work account it'll work?")  # was "I don't know that one"
    assert reply.text.startswith("It helps if that account is one of the organizer's organization")
    reply = chat.say("so is this just by design?")  # was "I don't know that one"
    assert reply.text.startswith("Yes, that's the rule for recording in Teams")


def test_a_quota_then_what_is_used_answers_the_onedrive(agent_chat):
    agent_chat.say("troubleshoot for mike.chen@contoso.com")
    agent_chat.say("recordings stopped showing up in his OneDrive since last week")
    agent_chat.say("regular meeting, he's the organizer")
    reply = agent_chat.say("OneDrive exists, 1 TB quota, he's using about 40 GB")  # was "I go through the causes..."
    assert agent_chat.session_answers()["check_onedrive"] == "yes" and "I go through the causes" not in reply.text


def test_the_thing_about_onedrive_being_full_is_a_question_not_a_full_onedrive(chat):
    chat.say("can't record, the button is greyed out")
    chat.say("meeting")
    reply = chat.say("the thing about OneDrive being full, how do I check how much space I have")
    assert "the OneDrive is full" not in reply.text and "check_onedrive" not in chat.session_answers()


def test_keep_going_and_will_test_tomorrow_mid_check(agent_chat):
    agent_chat.say("troubleshoot for dan.ortiz@contoso.com")
    agent_chat.say("meeting, he's organizer, internal")
    reply = agent_chat.say("ok keep going")  # was "I couldn't tell"
    assert reply.text.startswith("I go through the causes Microsoft's guide lists")
    agent_chat.say("policy is on, custom policy \"Sales-Meetings\", AllowCloudRecording True")
    assert agent_chat.state == "run_diagnostic"
    reply = agent_chat.say("done, will test tomorrow with him")  # was the whole prerequisites procedure again
    assert reply.text.startswith("No rush.")


def test_cant_unmute_now_after_declining_is_not_for_good(chat):
    chat.say("I clicked decline on the recording popup by mistake")
    chat.say("can I undo it?")
    reply = chat.say("so does that mean I can't unmute now? I need to present in 5 min")  # was "I don't know that one"
    assert reply.text.startswith("Not for good: in the Teams app the question comes not on joining but when a person "
                                 "tries to unmute")


def test_a_recording_missing_the_screen_share_gets_what_a_recording_holds(chat):
    reply = chat.say("the recording is missing the screen share")  # was only the whiteboards' sentence
    assert "A meeting recording holds the meeting's audio, video and screen sharing" in reply.text


def test_where_to_change_how_long_theyre_kept_is_the_expiry_setting(chat):
    chat.say("recording button is greyed out")  # mid-check of another problem, as after a case restarted
    reply = chat.say("where do I change how long they're kept?")  # was "I'll tell you the fix once we've found ..."
    assert "Default expiration time" in reply.text


def test_it_cant_change_it_for_compliance_is_off_on_purpose(chat):
    chat.say("recording button greyed out")
    chat.say("meeting")
    chat.say("organizer")
    chat.say("work account")
    chat.say("off I think, IT told me recording is disabled for our department")
    reply = chat.say("IT says they can't change that, it's a compliance thing")  # was "... doesn't cover that"
    assert reply.text.startswith("Then it works as intended") and chat.state == "resolved"


def test_where_do_i_find_that_after_the_fix_to_download_it(chat):
    chat.say("recording failed to save")
    chat.say("meeting")
    chat.say("organizer, I set it up")
    chat.say("my OneDrive is full I got an email")
    assert chat.state == "diagnosis"
    reply = chat.say("where do I find that?")  # was "Try recording again after the change above"
    assert "keeps the recording in temporary storage" in reply.text and "says no more about where" in reply.text


def test_not_the_org_and_not_knowing_who_set_it_up_say_someone_else_organized_it(chat):
    chat.say("cant record")
    chat.say("meetng")
    reply = chat.say("not the org")  # was "I couldn't tell"
    assert reply.text.startswith("Got it: someone else organized it") and chat.state == "check_meeting_role"
    reply = chat.say("dont know who set it up honestly")  # was "The organizer can tell you ...", then who organized?
    assert "someone else organized it" in reply.text and chat.state == "check_meeting_role"


def test_not_in_the_files_tab_either_is_still_missing(chat):
    chat.say("can't find the recording")
    chat.say("the weekly team meeting")
    chat.say("it's in the Teams channel")
    reply = chat.say("not in the files tab either")  # was "I couldn't tell"
    assert "recycle bin" in reply.text


def test_our_org_never_moved_to_onedrive_is_stream(chat):
    chat.say("recordings aren't showing up")
    chat.say("meeting")
    chat.say("the organizer, yeah")
    chat.say("work account")
    reply = chat.say("stream, our org never moved to onedrive")  # was "I couldn't tell"
    assert chat.session_answers()["check_storage_location"] == "stream" and "Stream" in reply.text


@pytest.mark.parametrize("said", ["you said ask the organizer, I did, they say it was recorded but I can't see it",
                                  "I'm not asking to record it, I want a copy of the recording they made"])
def test_a_recording_made_but_out_of_reach_is_who_can_watch_it(chat, said):
    chat.say("where's the recording of the all hands")
    chat.say("attendee")
    reply = chat.say(said)  # was "I couldn't tell how that answers the question below"
    assert reply.text.startswith("Who can see or watch a meeting recording")


# --- schools, hospitals and banks (blind set AF) ----------------------------------------------------------------------

def test_how_patients_join_is_not_how_the_organizer_joins(chat):
    chat.say("do patients have to agree before we record a Teams consultation?")
    chat.say("it's a meeting, clinician and patient")
    chat.say("I'm the organizer, I'm the consultant")
    assert chat.state == "check_auth_type"
    reply = chat.say("patients just join from the link, no account")  # was "Cause: you joined from outside ..."
    assert "Cause" not in reply.text and "check_auth_type" not in chat.session_answers()
    assert reply.text.startswith("Guests, external (federated) users or anonymous participants in a meeting don't stop")


def test_a_dad_who_joined_without_signing_in_asking_for_a_copy_is_about_access(chat):
    reply = chat.say("parents evening - a dad joined without signing in and is asking for a copy of the recording")
    assert "you join without signing in" not in reply.text and "Cause" not in reply.text  # was both
    assert reply.text.startswith("Who can see or watch a meeting recording")


def test_the_consent_requirement_asked_about_in_plain_words(chat):
    chat.say("do patients have to agree before we record a Teams consultation?")
    chat.say("compliance says we need explicit consent, can Teams make everyone agree first?")
    reply = chat.say("is that something I turn on or is it an IT thing?")  # was "I don't know that one"
    assert reply.text.startswith("An admin's: a meeting policy can require participants to agree")
    reply = chat.say("so her mic and camera stay off until she agrees?")  # was "I don't know that one"
    assert reply.text.startswith("Yes: someone who answers No") and "microphone, camera and screen sharing stay off" \
        in reply.text
    reply = chat.say("how do they agree after closing it?")  # was "I don't know that one"
    assert "when a person tries to unmute" in reply.text


def test_enabling_the_consent_requirement_gets_enabled_not_disabled(agent_chat):
    agent_chat.say("troubleshoot for r.okafor@northbridgebank.com")
    agent_chat.say("compliance wants explicit recording consent on for the trading desk only")
    reply = agent_chat.say("what do I set to enable it")  # was "-ExplicitRecordingConsent Disabled", "turns it off"
    assert "-ExplicitRecordingConsent Enabled" in reply.text and "Disabled" not in reply.text
    assert "turns the requirement off" not in reply.text


def test_listing_the_policies_gets_read_only_commands(agent_chat):
    agent_chat.say("ran the Meeting Recording diagnostic for a nurse manager and it says the user's meeting policy "
                   "doesn't allow cloud recording")
    agent_chat.say("troubleshoot for k.byrne@stlukes-hospital.org")
    reply = agent_chat.say("can you give me the powershell to list which policies exist")  # was the Set- line
    assert "Set-Cs" not in reply.text and "Get-CsTeamsMeetingPolicy" in reply.text
    reply = agent_chat.say("will it take a few hours to apply?")  # was "I don't know that one"
    assert "24 hours" in reply.text


def test_a_policy_named_in_capitals_run_together_goes_into_the_grant_line(agent_chat):
    agent_chat.say("troubleshoot for m.hughes@stmarys.sch.uk")
    agent_chat.say("she's a teacher, regular meeting, she organizes, can't record")
    reply = agent_chat.say("what's the command to assign her the EducatorMeetingPolicy")  # was POLICY-NAME
    assert "Grant-CsTeamsMeetingPolicy -Identity m.hughes@stmarys.sch.uk -PolicyName EducatorMeetingPolicy" in reply.text


def test_a_teacher_stopping_students_recording_gets_the_organizers_option(chat):
    chat.say("my students keep recording my lessons and I don't want them to")
    chat.say("organizer")
    reply = chat.say("ok so how do I stop them, can I just make them attendees?")  # was "I don't know that one"
    assert "Who can record and transcribe" in reply.text or "who can record" in reply.text.lower()


def test_students_who_cant_open_a_found_recording_is_about_access(chat):
    chat.say("my class meeting recording didn't show up in the channel")
    chat.say("channel meeting in the Teams class")
    reply = chat.say("found it in Files > Recordings but students still can't open it")  # was "most likely expired"
    assert "Who can see or watch a meeting recording" in reply.text and "expired" not in reply.text


def test_oh_wait_sorry_back_then_actually_the_organizer(chat):
    chat.say("I can't record my tutor group meeting")
    chat.say("meeting")
    chat.say("attendee")
    reply = chat.say("oh wait sorry back")  # was "I couldn't tell"
    assert reply.text.startswith("Undid:") and chat.state == "check_meeting_role"
    chat.say("I'm actually the organizer")  # was "I couldn't tell"
    assert chat.session_answers()["check_meeting_role"] == "organizer"


def test_a_parent_teacher_meeting_guests_and_sending_the_recording(chat):
    chat.say("a parent wants to record our parent teacher meeting, is that possible?")
    chat.say("regular meeting, I booked it in Outlook")
    reply = chat.say("so guests can't record at all?")  # was "I'll tell you the fix once we've found the cause"
    assert reply.text.startswith("Guest users, and federated and anonymous users, can't start the recording")
    reply = chat.say("ok can I record it and send it to them?")  # was "I don't know that one"
    assert reply.text.startswith("Who can see or watch a meeting recording")


def test_need_to_send_it_to_it_is_the_ticket_and_a_uni_account_is_a_member(chat):
    chat.say("I'm a TA and I'm co-organizer for the tutorial sessions but I can't record")
    chat.say("meeting")
    reply = chat.say("uni account")
    assert chat.session_answers()["check_auth_type"] == "member"
    reply = chat.say("not fixed, need to send it to IT")  # was "I couldn't tell"
    assert reply.text.startswith("**Recording troubleshooting ticket**")


def test_checked_the_chat_and_theres_nothing_there_is_still_missing(chat):
    chat.say("I left my lecture early because my laptop died and now the recording is gone")
    reply = chat.say("I checked the chat and there's nothing there")  # was "I couldn't tell"
    assert chat.state == "check_onedrive" and "I couldn't tell" not in reply.text


def test_where_do_i_find_it_then_my_onedrive_is_where_it_goes(chat):
    chat.say("I left my lecture early because my laptop died and now the recording is gone")
    chat.say("does the recording stop when the organizer leaves?")
    reply = chat.say("where do I find it then, my OneDrive?")  # was "That's all I have on it"
    assert "the organizer's OneDrive, in its **Recordings** folder" in reply.text


# --- people who switch subjects and change their minds (blind set AE) -------------------------------------------------

def test_the_powershell_to_check_at_a_diagnosis_is_a_lookup_not_the_fix(agent_chat):
    agent_chat.say("troubleshoot for jane@contoso.com")
    agent_chat.say("she says the record button is missing in all her meetings")
    agent_chat.say("regular meeting, she's organizer")
    agent_chat.say("member of the org")
    agent_chat.say("her assigned meeting policy shows AllowCloudRecording false")
    assert agent_chat.state == "diagnosis"
    reply = agent_chat.say("ok give me the powershell to check that")  # was only the Set- line
    assert "Set-Cs" not in reply.text and "Get-CsOnlineUser -Identity jane@contoso.com" in reply.text


def test_is_there_a_max_length_and_something_else_is_yes(chat):
    chat.say("recording stopped by itself")
    chat.say("was about 4 hours in")
    reply = chat.say("is there a max length and also does it stop when everyone leaves?")  # was "In short, no"
    assert reply.text.startswith("Yes: the maximum length of one meeting recording is 4 hours")


def test_the_organizers_guest_joining_with_gmail_is_not_how_the_organizer_joins(chat):
    chat.say("can't record my meeting")
    chat.say("meeting")
    chat.say("organizer")
    reply = chat.say("she joined as a guest with her gmail")  # was "Cause: the recorder joined from outside ..."
    assert "Cause" not in reply.text and "check_auth_type" not in chat.session_answers()


def test_declined_was_that_bad_and_am_i_in_the_recording(chat):
    chat.say("why is there a banner saying recording needs my consent")
    chat.say("meeting")
    chat.say("attendee")
    reply = chat.say("I clicked decline, was that bad?")  # was "I don't know that one"
    assert reply.text.startswith("It isn't for good, but it does something") and "view-only" in reply.text
    reply = chat.say("got it, thanks. also does declining mean I'm not in the recording at all?")  # was "I don't know"
    assert reply.text.startswith("Yes: someone who answers No")


def test_a_prompt_left_unanswered_then_accepting_first(chat):
    chat.say("cant record")
    chat.say("meeting")
    chat.say("organizer")
    chat.say("guest? no I'm an employee")
    chat.say("yes policy is on")
    reply = chat.say("consent popup appeared but I didn't click anything")  # was "I couldn't tell"
    assert reply.text.startswith("Then you haven't agreed yet") and "you declined" not in reply.text
    reply = chat.say("ohh I have to accept it before it records me?")  # was "I don't know that one"
    assert reply.text.startswith("Yes: someone who answers No")


@pytest.mark.parametrize("said", ["i mean, i think. i don't actually know, i'm guessing", "ok not sure then"])
def test_a_guess_taken_back_at_the_diagnosis_is_not_sure(chat, said):
    chat.say("can't record, button not there")
    chat.say("meeting")
    chat.say("organizer")
    chat.say("work account")
    chat.say("policy off")
    assert chat.state == "diagnosis"
    reply = chat.say(said)  # was "I couldn't tell" / "Try recording again after the change above"
    assert reply.text.startswith("Changed the recorder's Allow cloud recording from **No, it's off** to **I'm not sure**")
    assert chat.state == "run_diagnostic"


def test_it_says_i_dont_have_access_is_no_i_dont_know_the_policy(chat):
    chat.say("can I record a call?")
    chat.say("group call, like 5 people")
    chat.say("actually nvm it's not about recording, I want to know why I can't see the recording my coworker made")
    reply = chat.say("it just says I don't have access")  # was "Only an admin can see calling policies"
    assert "Only an admin can see" not in reply.text and "check_calling_policy" not in chat.session_answers()


def test_why_a_question_is_asked_shows_the_guide_and_keeps_its_dated_updates_one_click_away(chat):
    chat.say("can't record")
    chat.say("meeting")
    chat.say("organizer")
    chat.say("work account")
    reply = chat.say("why does that matter?")  # was the guide's words and two dated updates: about 330 words
    assert reply.text.startswith("Why I ask: the guide says") and "**Update, 2024:**" not in reply.text
    assert "**Update, 2024:**" in reply.details and len(reply.text.split()) <= 120


def test_a_onedrive_never_provisioned_is_no_onedrive(chat):
    chat.say("recording failed to save")
    chat.say("meeting")
    chat.say("organizer")
    reply = chat.say("his onedrive was never provisioned, he's never opened it")  # was the upload paragraph again
    assert chat.session_answers()["check_onedrive"] == "no" and "Cause" in reply.text
