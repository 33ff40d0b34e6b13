"""Today's causes, which the 2021 guide lacks, as conversations: each persona clicks, then types.

Every cause is told in the updates document's own words (quoted, with its year and
Microsoft Learn page), and its fix comes with it.
"""
import pytest

from dialogs import flow


def fact(kb, section: str) -> str:
    """The first thing a section of the updates document states, as the bot quotes it."""
    return kb.facts(section)[0].markdown


def started(chat):
    chat.click("start", "welcome")
    chat.click("no_record_option")
    assert chat.state == "check_meeting_type"


def clicked(chat, answers, opening=None):
    """Click through ``answers``: after "I can't record" on the triage card, or after typing ``opening``
    (a view-only recorder, a missing recording) or clicking it when it is a triage button."""
    if opening is None:
        started(chat)
    elif opening in flow.CHOICES["triage"]:
        chat.click("start", "welcome")
        chat.click(opening)
    else:
        chat.say(opening)
    for answer in answers:
        assert answer in chat.buttons, (answer, chat.state)
        chat.click(answer)
    return chat.last.replies[0]


def typed(chat, messages, opening="I can't record"):
    chat.say(opening)
    for message in messages:
        before = chat.state
        chat.say(message)
        assert chat.last.outcome in ("answer", "correction"), (before, message, chat.last.outcome)
    return chat.last.replies[0]


VIEW_ONLY = "the recording consent prompt made me view-only"
MISSING = "where is my recording?"

# persona -> (clicks, what they type, the cause, the section that states it, the checks answered)
PERSONAS = {
    "Priya, an attendee of her team's meeting": (
        ["meeting", "attendee"], ["a teams meeting", "just an attendee"], "meeting_role",
        "attendees-cant-start-a-recording", {"check_meeting_type": "meeting", "check_meeting_role": "attendee"}),
    "Diego, recording a 1:1 call": (
        ["call", "off"], ["a 1:1 call with a customer", "it's off"], "calls_policy",
        "calls-follow-the-calling-policy", {"check_meeting_type": "call", "check_calling_policy": "off"}),
    "Mei, organizing a town hall": (
        ["event", "organizer", "member", "off"],
        ["a town hall", "I'm the organizer", "signed in with my work account", "it's disabled"], "events_policy",
        "town-halls-and-webinars-follow-the-events-policy",
        {"check_meeting_type": "event", "check_meeting_role": "organizer", "check_auth_type": "member",
         "check_events_policy": "off"}),
    # view-only after the consent prompt: asked about the prompt at once, not what is recorded first
    "Sam, who declined the consent prompt": (
        ["declined"], ["I said no"], "recording_consent",
        "explicit-recording-consent-makes-some-people-view-only", {"check_consent": "declined"}),
    # a recording that never showed up: the organizer's OneDrive, never the questions of starting one
    "Lee, whose organizer has no OneDrive": (
        ["onedrive_check", "no"], ["Check the organizer's OneDrive", "she doesn't have a OneDrive"],
        "onedrive_storage", "when-the-organizer-has-no-onedrive", {"check_onedrive": "no"}),
}
# persona -> (what they click first, what they type first, the topic it is), when not "I can't record"
OPENINGS = {
    "Sam, who declined the consent prompt": (VIEW_ONLY, VIEW_ONLY, "recording_consent"),
    "Lee, whose organizer has no OneDrive": ("cant_find_recording", MISSING, "storage_location"),
}


# What a typed answer says besides the one asked: "just an attendee" also says someone else organized it, as "an
# attendee" does (a click on Attendee answers the role alone)
TYPED_ALSO = {"Priya, an attendee of her team's meeting": {"check_organizer": "someone_else"}}


@pytest.mark.parametrize("how", ["clicked", "typed"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_of_todays_causes_is_found_and_told_in_the_updates_own_words(chat, kb, persona, how):
    clicks, messages, cause, section, checks = PERSONAS[persona]
    checks = {**checks, **TYPED_ALSO.get(persona, {})} if how == "typed" else checks
    click_first, type_first, topic = OPENINGS.get(persona, (None, "I can't record", "start"))
    if how == "clicked":
        reply = clicked(chat, clicks, click_first)
        said = None if click_first in (None, *flow.CHOICES["triage"]) else click_first
        topic = None if click_first is None else topic
    else:
        reply, said = typed(chat, messages, type_first), type_first
    assert chat.state == "diagnosis"
    assert reply.value == {"causes": [cause], "checks": checks, "unverified": [], "state": "diagnosis",
                           "provenance": {check: how for check in checks},
                           "ticket": {"reported": said, "upn": None, "reference": None, "status": "open",
                                      "topic": topic, "also": [], "noted": []}}
    assert fact(kb, section) in reply.full
    assert "**Update, 20" in reply.full and "**Fix:**" in reply.full
    assert f"]({kb.cite(section)['url']})" in reply.full, "the update links its Microsoft Learn page"


def test_a_call_is_asked_only_what_governs_calls(chat):
    clicked(chat, ["call", "on", "on"])
    assert chat.state == "run_diagnostic"
    asked = [state for state in chat.session_answers() if state in flow.CHECKS]
    assert asked == ["check_meeting_type", "check_calling_policy", "check_policy"]


def test_an_attendee_is_told_why_before_any_policy_question(chat):
    reply = clicked(chat, ["meeting", "attendee"])
    assert not any(state in chat.session_answers() for state in flow.CHECKS if "policy" in state)
    assert "presenter or co-organizer" in reply.full


def test_a_presenter_hears_that_the_organizer_can_limit_recording_and_goes_on(chat, kb):
    started(chat)
    chat.click("meeting")
    reply = chat.click("presenter")
    assert fact(kb, "the-organizer-can-limit-who-records") in reply.full
    assert chat.state == "check_auth_type" and reply.value is None


def test_a_call_recording_without_onedrive_names_the_person_recording(chat):
    reply = clicked(chat, ["onedrive_check", "full"], "where is the recording of my call?")
    assert chat.state == "diagnosis" and reply.value["causes"] == ["onedrive_storage"]
    assert reply.value["checks"] == {"check_meeting_type": "call", "check_onedrive": "full"}
    assert "the person recording has no OneDrive, or no space left in it" in reply.full


def test_not_fixed_after_todays_cause_goes_on_with_the_guides_checks(chat):
    clicked(chat, ["meeting", "attendee", "not_fixed"])
    assert chat.state == "check_auth_type"
    for answer in ("member", "on", "on", "all_passed"):
        assert answer in chat.buttons, (answer, chat.state)
        chat.click(answer)
    reply = chat.last.replies[0]
    assert chat.state == "escalate" and reply.value["causes"] == ["meeting_role"]


# --- Stream only when the person says so, after the update

SAYS_STREAM = "no record button, we save recordings to Microsoft Stream"


def test_stream_checks_come_only_after_the_person_says_stream_and_the_update_is_quoted(chat, kb):
    clicked(chat, ["meeting", "organizer", "member", "on"], SAYS_STREAM)
    assert chat.state == "check_storage_location"
    reply = chat.click("stream")
    assert chat.state == "check_stream_license"
    moved = fact(kb, "recordings-go-to-onedrive-and-sharepoint-not-stream")
    assert f"**Update, 2021:** {moved}" in reply.full
    assert f"]({kb.cite('recordings-go-to-onedrive-and-sharepoint-not-stream')['url']})" in reply.full
    said_first = kb.get("recordings-go-to-onedrive-and-sharepoint-not-stream/paragraph-1").markdown.split(". ")[0]
    assert reply.text.index(said_first) < reply.text.index("the guide's checks"), "the move is said up front"


@pytest.mark.parametrize("topic", ["stream_license", "stream_upload", "stream_consent", "stream_storage"])
def test_a_question_about_stream_is_answered_from_the_guide_then_with_the_update(kb, topic):
    from dialogs.render import Renderer
    answer = Renderer(kb).page(f"topics/{topic}.j2", kb=Renderer(kb).citing(), agent=False, upn=None)
    moved = fact(kb, "recordings-go-to-onedrive-and-sharepoint-not-stream")
    assert "\n> " in answer and "**Update, 2021:** " + moved in answer
    assert answer.index("Stream") < answer.index(moved)


@pytest.mark.parametrize("where", ["onedrive", "unsure"])
def test_recordings_not_said_to_be_in_stream_never_reach_the_stream_checks(chat, where):
    """Stream was mentioned, so where recordings go is asked; OneDrive or unsure goes on without Stream."""
    clicked(chat, ["meeting", "organizer", "member", "on", where], SAYS_STREAM)
    assert chat.state == "run_diagnostic"
    chat.click("all_passed")
    assert chat.state == "escalate"
    assert not any(state in chat.session_answers() for state in flow.STREAM_CHECKS)


def test_without_a_word_of_stream_where_recordings_go_is_never_asked(chat):
    clicked(chat, ["meeting", "organizer", "member", "on", "all_passed"])
    assert chat.state == "escalate"
    assert not any(state in chat.session_answers() for state in ("check_storage_location", *flow.STREAM_CHECKS))


@pytest.mark.parametrize("choice, typed_instead", [("cant_find_recording", "I can't find my recording"),
                                                   ("recording_deleted", "my recording disappeared")])
def test_a_lost_or_vanished_recording_leads_to_onedrive_not_to_stream(chat, kb, choice, typed_instead):
    chat.click("start", "welcome")
    reply = chat.click(choice)
    assert chat.state == "offer" and chat.buttons == ["onedrive_check", "escalate", "done"]  # no guided check
    assert fact(kb, "recordings-that-cant-be-uploaded-are-deleted-after-21-days") in reply.full
    assert fact(kb, "recordings-in-onedrive-and-sharepoint-expire") in reply.full
    if choice == "cant_find_recording":  # the organizer's OneDrive, or the channel's SharePoint site
        assert kb.get("where-recordings-are-saved-now/list-1.1").markdown in reply.full
        assert kb.get("where-recordings-are-saved-now/list-1.3").markdown in reply.full
    chat.click("onedrive_check")
    assert chat.state == "check_onedrive"
    chat.click("yes")
    assert chat.state == "escalate", "a missing recording ends with the helpdesk, not the diagnostic"
    assert not any(state in chat.session_answers() for state in ("check_meeting_type", "run_diagnostic"))
    chat.say("restart")
    chat.say(typed_instead)
    assert chat.state == "offer" and "stream_license" not in chat.session_answers()


# --- agents see the PowerShell line that answers each policy question; users never do

AT_POLICY_CHECKS = {
    "check_organizer_policy": (None, ["meeting", "presenter", "member"], "Get-CsTeamsMeetingPolicy"),
    "check_policy": (None, ["meeting", "organizer", "member"], "Get-CsTeamsMeetingPolicy"),
    "check_consent": (VIEW_ONLY, [], "ExplicitRecordingConsent"),  # the organizer's policy; who organized is unasked
    "check_calling_policy": (None, ["call"], "Get-CsTeamsCallingPolicy"),
    "check_events_policy": (None, ["event", "organizer", "member"], "Get-CsTeamsEventsPolicy"),
}


@pytest.mark.parametrize("state", AT_POLICY_CHECKS)
def test_agents_get_the_read_only_powershell_line_with_the_upn_and_its_learn_page(agent_chat, state):
    opening, answers, command = AT_POLICY_CHECKS[state]
    agent_chat.say("troubleshoot for adele@contoso.com")
    reply = clicked(agent_chat, answers, opening)
    assert agent_chat.state == state
    assert "```powershell\nGet-CsOnlineUser -Identity" in reply.full and command in reply.full
    assert "https://learn.microsoft.com/powershell/module/microsoftteams/get-csonlineuser" in reply.full
    organizers = state in ("check_organizer_policy", "check_consent", "check_events_policy")
    recorder_organizes = "organizer" in answers
    filled = not organizers or recorder_organizes
    assert ("Get-CsOnlineUser -Identity adele@contoso.com |" in reply.full) == filled
    assert ("Get-CsOnlineUser -Identity user@contoso.com |" in reply.full) == (not filled)


@pytest.mark.parametrize("kind, owner", [("call", "adele@contoso.com"), ("meeting", "user@contoso.com")])
def test_agents_see_the_onedrive_of_whoever_saves_the_recording(agent_chat, kind, owner):
    """A call is saved to the recorder's OneDrive (the session's user), a meeting to the organizer's."""
    agent_chat.say("troubleshoot for adele@contoso.com")
    agent_chat.say(f"where did my {kind} recording go?")
    assert agent_chat.state == "offer" and agent_chat.session_answers()["check_meeting_type"] == kind
    reply = agent_chat.click("onedrive_check")
    assert agent_chat.state == "check_onedrive"
    assert f"Get-SPOSite -IncludePersonalSite $true -Filter \"Owner -eq '{owner}'\"" in reply.full
    assert "https://learn.microsoft.com/powershell/module/sharepoint-online/get-sposite" in reply.full


def test_agents_see_the_licence_line_before_the_stream_licence_question(agent_chat):
    agent_chat.say("troubleshoot for adele@contoso.com")
    reply = agent_chat.say("do I need a Stream license to record?")
    if agent_chat.state != "check_stream_license":
        return pytest.fail(f"expected the Stream licence question, got {agent_chat.state}")
    assert "Get-MgUserLicenseDetail -UserId adele@contoso.com" in reply.full
    assert "https://learn.microsoft.com/powershell/module/microsoft.graph.users/get-mguserlicensedetail" in reply.full


def test_agents_see_the_licence_line_when_the_checks_reach_the_stream_licence_question(agent_chat):
    agent_chat.say("troubleshoot for adele@contoso.com")
    reply = clicked(agent_chat, ["meeting", "organizer", "member", "on", "stream"], SAYS_STREAM)
    assert agent_chat.state == "check_stream_license"
    assert "Get-MgUserLicenseDetail -UserId adele@contoso.com" in reply.full
    assert "https://learn.microsoft.com/powershell/module/microsoft.graph.users/get-mguserlicensedetail" in reply.full


def test_end_users_never_see_a_command(chat):
    """Every question of every kind of recording and of every symptom, answered unsure, in user mode
    (where recordings go answered Stream, for the Stream checks)."""
    texts, asked = [], set()
    for opening in (None, SAYS_STREAM, VIEW_ONLY, "cant_find_recording"):
        for kind in ("meeting", "call", "event") if opening is None else ("meeting",):
            chat.session = None
            texts.append(clicked(chat, [], opening).full)
            for _ in range(len(flow.CHECKS) + 1):
                if chat.state in ("run_diagnostic", "escalate"):
                    break
                asked.add(chat.state)
                answer = {"check_meeting_type": kind, "check_storage_location": "stream",
                          "check_organizer": "someone_else", "offer": "onedrive_check"}.get(chat.state, "unsure")
                texts.append(chat.click(answer).full)
        texts.append(chat.say("summary").full)
    assert set(flow.CHECKS) - asked == {"run_diagnostic"}
    assert not any("Get-Cs" in t or "Get-SPO" in t or "Get-Mg" in t or "```" in t for t in texts)


# --- the ticket names what was recorded and the recorder's role

def test_the_ticket_names_the_kind_of_recording_and_the_role(agent_chat):
    clicked(agent_chat, ["event", "presenter", "member", "on", "all_passed"])
    reply = agent_chat.last.replies[0]
    assert agent_chat.state == "escalate"
    assert "- What is being recorded: **A town hall or webinar** (clicked)" in reply.full
    assert "- The recorder's role in the meeting: **Presenter** (clicked)" in reply.full
    assert "- The organizer's events policy: **Yes, it allows it** (clicked)" in reply.full
    assert reply.value["checks"]["check_events_policy"] == "on"
    assert reply.value["ticket"]["status"] == "escalated"


# --- the new topics, for triage to jump to

NEW_TOPICS = {"meeting_role": "check_meeting_role", "calls_policy": "check_calling_policy",
              "events_policy": "check_events_policy", "recording_consent": "check_consent",
              "onedrive_storage": "check_onedrive"}


@pytest.mark.parametrize("topic", NEW_TOPICS)
def test_each_new_topic_jumps_to_its_check_and_answers_from_the_updates(kb, topic):
    from dialogs.render import Renderer
    assert flow.TOPIC_CHECK[topic] == NEW_TOPICS[topic] and topic in flow.TOPICS and topic in flow.CAUSES
    for agent in (False, True):
        citing = Renderer(kb).citing()
        answer = Renderer(kb).page(f"topics/{topic}.j2", kb=citing, agent=agent, upn=None)
        assert "**Update, 20" in answer and citing.sources() and all("url" in s for s in citing.sources())
        assert ("Get-Cs" in answer) == (agent and topic in ("calls_policy", "events_policy"))


@pytest.mark.parametrize("opening, answers, state", [
    (None, [], "check_meeting_type"), (None, ["meeting"], "check_meeting_role"), (VIEW_ONLY, [], "check_consent"),
    (None, ["call"], "check_calling_policy"), (None, ["event", "organizer", "member"], "check_events_policy"),
    ("cant_find_recording", ["onedrive_check"], "check_onedrive"),
])
def test_why_explains_each_new_question_from_the_knowledge(chat, kb, opening, answers, state):
    clicked(chat, answers, opening)
    assert chat.state == state
    reply = chat.say("why")
    assert kb.get(flow.WHY[state][0]).markdown in reply.full and chat.state == state
