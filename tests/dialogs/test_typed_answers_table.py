"""Typed answers, read by meaning: what people type at each question, and what the bot must record.

``"off"`` means recorded as off; ``"off?"`` means the bot asks "So it's off?" before recording
anything; ``"none"`` means nothing is recorded (filler, a question, another subject). Written for
the test: negations, double negations, hedges, values pasted from settings, typos, and answers to
another question than the one asked. No row may be read as its opposite.
"""
import pytest

from dialogs import flow
from dialogs.engine import Engine
from dialogs.reading import read_answer

POLICY = "check_policy"
ROWS = [
    # --- the recorder's policy: on / off ---------------------------------------------------------
    (POLICY, "checked it, the policy shows AllowCloudRecording = False for him", "off"),
    (POLICY, "AllowCloudRecording : False", "off"),
    (POLICY, "AllowCloudRecording : True", "on"),
    (POLICY, "it's set to False", "off"),
    (POLICY, "set to true", "on"),
    (POLICY, "disabled for her", "off"),
    (POLICY, "Enabled", "on"),
    (POLICY, "enabled.", "on"),
    (POLICY, "nope", "off"),
    (POLICY, "not on", "off"),
    (POLICY, "that's a no", "off"),
    (POLICY, "it isn't enabled", "off"),
    (POLICY, "it's not disabled", "on"),
    (POLICY, "no, it's not allowed", "off"),
    (POLICY, "yes it's on", "on"),
    (POLICY, "yep, turned on", "on"),
    (POLICY, "its off", "off"),
    (POLICY, "off", "off"),
    (POLICY, "toggle is off for her", "off"),
    (POLICY, "meeting recording is turned off in his policy", "off"),
    (POLICY, "the toggle is on", "on"),
    (POLICY, "I think it's off", "off?"),
    (POLICY, "probably on", "on?"),
    (POLICY, "I don't think it's disabled", "on?"),
    (POLICY, "should be enabled", "on?"),
    (POLICY, "not sure, maybe off", "off?"),
    (POLICY, "no longer enabled", "off"),
    (POLICY, "it was off but now it's on", "on?"),
    (POLICY, "disabaled", "none"),
    (POLICY, "ok", "none"),
    (POLICY, "okay", "none"),
    (POLICY, "let me check", "none"),
    (POLICY, "I'll ask IT", "none"),
    (POLICY, "hmm", "none"),
    (POLICY, "one sec", "none"),
    (POLICY, "give me a minute", "none"),
    (POLICY, "I'll check with our admin and get back to you", "none"),
    (POLICY, "checking now", "none"),
    (POLICY, "not sure", "unsure"),
    (POLICY, "no idea", "unsure"),
    (POLICY, "idk", "unsure"),
    (POLICY, "I'm not an admin, I can't see that", "unsure"),
    (POLICY, "dunno", "unsure"),
    (POLICY, "not sure it's on", "unsure"),
    (POLICY, "which policy do you mean?", "none"),
    (POLICY, "he's on the Global policy", "none"),
    (POLICY, "it's a guest account", "none"),
    (POLICY, "y", "on"),
    (POLICY, "n", "off"),
    (POLICY, "Yes", "on"),
    (POLICY, "No", "off"),
    (POLICY, "nah it's blocked", "off"),
    (POLICY, "recording is not allowed in her policy", "off"),
    (POLICY, "allowed", "on"),
    (POLICY, "it's not not allowed", "on"),
    (POLICY, "false", "off"),
    (POLICY, "TRUE", "on"),
    # --- the organizer's policy ------------------------------------------------------------------
    ("check_organizer_policy", "organizer's policy has it disabled", "off"),
    ("check_organizer_policy", "it's on for the organizer", "on"),
    ("check_organizer_policy", "nope, off", "off"),
    ("check_organizer_policy", "Global policy, recording enabled", "on"),
    ("check_organizer_policy", "the box isn't ticked", "off"),
    ("check_organizer_policy", "ticked", "on"),
    ("check_organizer_policy", "hold on", "none"),
    ("check_organizer_policy", "I guess it's on", "on?"),
    # --- the calling and the events policy ---------------------------------------------------------
    ("check_calling_policy", "AllowCloudRecordingForCalls is False", "off"),
    ("check_calling_policy", "cloud recording for calling is on", "on"),
    ("check_calling_policy", "not enabled", "off"),
    ("check_calling_policy", "let me look", "none"),
    ("check_events_policy", "RecordingForTownhall : Disabled", "off"),
    ("check_events_policy", "RecordingForWebinar Enabled", "on"),
    ("check_events_policy", "nope", "off"),
    ("check_events_policy", "yes allowed", "on"),
    # --- what is recorded ----------------------------------------------------------------------------
    ("check_meeting_type", "a 1:1 audio call", "call"),
    ("check_meeting_type", "just a normal teams meeting", "meeting"),
    ("check_meeting_type", "it's a town hall", "event"),
    ("check_meeting_type", "webinar", "event"),
    ("check_meeting_type", "a call, not a meeting", "call"),
    ("check_meeting_type", "not a call, a meeting", "meeting"),
    ("check_meeting_type", "channel meeting", "meeting"),
    ("check_meeting_type", "group call with 4 people", "call"),
    ("check_meeting_type", "meet now", "meeting"),
    ("check_meeting_type", "live event", "event"),
    ("check_meeting_type", "no idea what it's called", "unsure"),
    ("check_meeting_type", "ok", "none"),
    ("check_meeting_type", "a recurring meeting", "meeting"),
    ("check_meeting_type", "phone call", "call"),
    ("check_meeting_type", "meating", "none"),
    # --- the recorder's role -----------------------------------------------------------------------
    ("check_meeting_role", "I set it up", "organizer"),
    ("check_meeting_role", "I scheduled it myself", "organizer"),
    ("check_meeting_role", "I'm only attending", "attendee"),
    ("check_meeting_role", "just an attendee", "attendee"),
    ("check_meeting_role", "I'm a co-organizer", "co_organizer"),
    ("check_meeting_role", "co organiser", "co_organizer"),
    ("check_meeting_role", "presenter", "presenter"),
    ("check_meeting_role", "I was made a presenter", "presenter"),
    ("check_meeting_role", "it's my meeting", "organizer"),
    ("check_meeting_role", "I'm not the organizer", "none"),
    ("check_meeting_role", "not the organizer, just a presenter", "presenter"),
    ("check_meeting_role", "i'm the organiser", "organizer"),
    ("check_meeting_role", "no clue", "unsure"),
    ("check_meeting_role", "hmm", "none"),
    ("check_meeting_role", "participant", "attendee"),
    # --- who organized it ------------------------------------------------------------------------------
    ("check_organizer", "my manager did", "someone_else"),
    ("check_organizer", "I did", "me"),
    ("check_organizer", "not me", "someone_else"),
    ("check_organizer", "a colleague set it up", "someone_else"),
    ("check_organizer", "myself", "me"),
    ("check_organizer", "the client sent the invite", "someone_else"),
    ("check_organizer", "let me check", "none"),
    # --- how the recorder joins ------------------------------------------------------------------------
    ("check_auth_type", "as a guest", "guest"),
    ("check_auth_type", "I'm on my work laptop, normal account", "member"),
    ("check_auth_type", "signed in with my work account like always", "member"),
    ("check_auth_type", "I'm not a guest, I'm an employee", "member"),
    ("check_auth_type", "from another company", "federated"),
    ("check_auth_type", "external user from a partner org", "federated"),
    ("check_auth_type", "not signed in, just clicked the link", "anonymous"),
    ("check_auth_type", "with my work account", "member"),
    ("check_auth_type", "staff", "member"),
    ("check_auth_type", "anonymously", "anonymous"),
    ("check_auth_type", "no idea", "unsure"),
    ("check_auth_type", "ok", "none"),
    ("check_auth_type", "she's a guest in our tenant", "guest"),
    # --- consent ---------------------------------------------------------------------------------------
    ("check_consent", "I declined it by accident", "declined"),
    ("check_consent", "clicked agree", "agreed"),
    ("check_consent", "nobody asked me anything", "not_asked"),
    ("check_consent", "no prompt at all", "not_asked"),
    ("check_consent", "I didn't agree", "declined"),
    ("check_consent", "wasn't asked", "not_asked"),
    ("check_consent", "no", "not_asked"),
    ("check_consent", "yes", "none"),
    ("check_consent", "hmm let me think", "none"),
    ("check_consent", "i accepted", "agreed"),
    # --- OneDrive --------------------------------------------------------------------------------------
    ("check_onedrive", "it's full", "full"),
    ("check_onedrive", "she doesn't have OneDrive", "no"),
    ("check_onedrive", "plenty of space", "yes"),
    ("check_onedrive", "not full", "yes"),
    ("check_onedrive", "quota exceeded", "full"),
    ("check_onedrive", "yes", "yes"),
    ("check_onedrive", "nope", "no"),
    ("check_onedrive", "I'll check", "none"),
    ("check_onedrive", "no onedrive licence", "no"),
    ("check_onedrive", "ran out of space last week", "full"),
    # --- Stream (Classic) ------------------------------------------------------------------------------
    ("check_storage_location", "stream", "stream"),
    ("check_storage_location", "OneDrive", "onedrive"),
    ("check_storage_location", "sharepoint", "onedrive"),
    ("check_storage_location", "not stream, onedrive", "onedrive"),
    ("check_storage_location", "no idea", "unsure"),
    ("check_stream_license", "not licensed", "no"),
    ("check_stream_license", "yes he has a license", "yes"),
    ("check_stream_license", "nope", "no"),
    ("check_stream_upload", "restricted", "restricted"),
    ("check_stream_upload", "he's not in the list", "restricted"),
    ("check_stream_upload", "uploads are not restricted", "allowed"),
    ("check_stream_upload", "can upload fine", "allowed"),
    ("check_stream_consent", "there are no guidelines", "not_required"),
    ("check_stream_consent", "never accepted them", "no"),
    ("check_stream_consent", "accepted", "yes"),
    ("check_stream_storage", "plenty left", "yes"),
    ("check_stream_storage", "out of storage", "no"),
    ("check_stream_storage", "nope, full", "no"),
    # --- the diagnostic --------------------------------------------------------------------------------
    ("run_diagnostic", "says user not enabled for cloud recording", "user_not_enabled"),
    ("run_diagnostic", "all passed", "all_passed"),
    ("run_diagnostic", "it came back clean", "all_passed"),
    ("run_diagnostic", "license missing", "teams_license"),
    ("run_diagnostic", "tenant config problem", "tenant_config"),
    ("run_diagnostic", "haven't run it yet", "none"),
    ("run_diagnostic", "ok running it now", "none"),
    # --- after a diagnosis ------------------------------------------------------------------------------
    ("diagnosis", "that fixed it", "fixed"),
    ("diagnosis", "works now", "fixed"),
    ("diagnosis", "still can't record", "not_fixed"),
    ("diagnosis", "no luck", "not_fixed"),
    ("diagnosis", "nope", "not_fixed"),
    ("diagnosis", "thanks!", "fixed?"),
    ("diagnosis", "great, thanks", "fixed?"),
    ("diagnosis", "thanks but it still doesn't work", "not_fixed"),
    ("diagnosis", "ok", "none"),
    ("diagnosis", "I'll try that", "none"),
    ("diagnosis", "let me ask the admin to change it", "none"),
    ("diagnosis", "and what's the Set- command for that?", "none"),
    ("diagnosis", "not yet, the admin hasn't changed it", "not_fixed"),
    ("diagnosis", "yes", "fixed"),
    ("diagnosis", "no", "not_fixed"),
]
OPPOSITES = {("on", "off"), ("yes", "no"), ("fixed", "not_fixed"), ("agreed", "declined"), ("allowed", "restricted"),
             ("me", "someone_else"), ("organizer", "attendee"), ("meeting", "call"), ("yes", "full")}


@pytest.fixture(scope="module")
def shown():
    engine = Engine()
    return {state: engine.compose.words[False, False]["titles"][state] for state in flow.CHOICES}


def reading_of(shown, state, text) -> str:
    titles = shown[state]
    if state == "diagnosis":
        titles = dict(titles)
    reading = read_answer(state, text, titles)
    if reading is None or reading.choice is None:
        return "none"
    return reading.choice + ("" if reading.sure else "?")


def test_the_table_is_big_enough_and_covers_every_check():
    assert len(ROWS) >= 150
    assert {state for state, _, _ in ROWS} >= set(flow.CHECKS) - {"check_stream_license"} | {"diagnosis"}


@pytest.mark.parametrize("state,text,expected", ROWS, ids=[f"{s}:{t}" for s, t, _ in ROWS])
def test_typed_answer_is_read_by_meaning(shown, state, text, expected):
    assert reading_of(shown, state, text) == expected


def test_no_typed_answer_is_read_as_its_opposite(shown):
    opposite = {pair for a, b in OPPOSITES for pair in ((a, b), (b, a))}
    misread = [(state, text, expected, got) for state, text, expected in ROWS
               for got in [reading_of(shown, state, text)]
               if (expected.rstrip("?"), got.rstrip("?")) in opposite]
    assert misread == []


def test_on_as_a_preposition_says_nothing_about_the_setting(shown):
    """ "She's on" the Global policy is where she is, not the setting: the value said is "switched off"."""
    assert reading_of(shown, "check_organizer_policy", "it was switched off in the global policy she's on") == "off"
