"""A personal chat in the Agents Playground, as a Teams user has it: clicked, typed, corrected, restarted.

Each script is a table: what the user clicks or types, and what must then be drawn.
The texts are fragments of the bot's wording, chosen to survive rewording of the rest.
"""
from __future__ import annotations

import pytest

from tests.e2e.client import Step, TeamsClient

CLICKED_FROM_HELLO = [
    Step(click="Start troubleshooting", expect="What goes wrong?"),
    Step(click="I can't start a recording", expect="What are you trying to record?"),
    Step(click="I can't find a recording", old=True, expect="earlier question"),  # a click on an old card
    Step(click="Start troubleshooting", old=True, expect="already troubleshooting"),  # the old welcome card
    Step(click="A meeting", expect="What is your role in the meeting?"),
    # The Playground's member record says the user is a member: Teams is read, not asked
    Step(click="Presenter", expect="organizer's"),
    Step(click="No, it's off", double=True, expect="Did that fix it?"),  # an impatient double-click
    Step(click="Yes, it's fixed", expect="Glad that's sorted"),
]

TYPED_WITH_COMMANDS = [
    Step(type="I'm a guest in the meeting and can't record it", expect="Did that fix it?"),
    Step(type="why", expect="the rule for recording in Teams"),  # at a diagnosis: the rule behind the cause
    Step(type="summary", expect="Reported:"),
    Step(type="agent", expect="Agent mode"),
    Step(type="user", expect="User mode"),
    Step(type="hello", expect="Hello!"),
    Step(type="back", expect="Undid:"),
    # "in the meeting" already said what is recorded; no consent question: it appears only once a recording runs
    Step(type="a member of the organizer's organization", expect="organizer's"),
    Step(type="why", expect="The guide's example"),
    Step(type="restart", expect="What goes wrong?"),
    Step(type="the recording vanished after three weeks", expect="21 days"),
]

# Typed the way people type, and the reply kept short, with the guide's words one click away.
SHORT_WITH_WHY = [
    Step(type="hi, the record button is greyed out in my meeting", expect="What is your role in the meeting?"),
    Step(type="I scheduled it myself", expect="meeting policy?"),
    Step(type="I think it's off", expect="So it's off?"),
    Step(click="Yes", expect="Did that fix it?"),
]

UNSURE = [
    Step(type="the recording is not there", expect="Is it one of these?"),  # vague: the bot asks, not guesses
    Step(click="Can't start a recording", expect="What are you trying to record?"),
]

# Later turns typed the way people type them: lost in a question, thanking mid-check, fixing it themselves.
LATER_TURNS = [
    Step(type="the record button is grayed out", expect="What are you trying to record?"),
    Step(type="huh?", expect="I mean what kind of Teams session"),
    Step(type="a meeting", expect="What is your role in the meeting?"),
    Step(type="thanks", expect="You're welcome."),
    Step(type="nevermind, figured it out", expect="Good to hear it's sorted"),
]

FOR_A_COLLEAGUE = [
    Step(type="I can record but my colleague can't", expect="What is the person trying to record?"),
    Step(type="a meeting", expect="What is the person's role in the meeting?"),
    Step(type="she's an attendee", expect="make them a presenter"),
]

# Changing who it is about, then impatient and confused: each is a later turn that used to be misread.
IT_WAS_ME = [
    Step(type="my colleague can't record our standups", expect="What is the person's role in the meeting?"),
    Step(type="actually sorry it's me not her, I can't record either", expect="it's you who can't record"),
    Step(type="not sure", expect="Who organized the meeting"),
    Step(type="just tell me how to fix it", expect="once we've found the cause"),
    Step(type="idk what that means", expect="scheduled the meeting"),
]

# A rambling user who takes a channel back, and a colleague's role found out later, from the browser.
CHANNEL_TAKEN_BACK = [
    Step(type="ugh teams again. so yesterday we had the quarterly review and nobody could find the recording "
              "afterwards, my manager is furious", expect="organizer's OneDrive"),
    Step(type="it was in a channel i think? not 100%", expect="channel's files"),
    Step(type="no wait it wasn't a channel meeting, it was a normal invite from outlook",
         expect="Got it: not a channel meeting"),
    Step(type="who can see it once it's found?", expect="permissions of its file"),
]
ROLE_FOUND_OUT_LATER = [
    Step(type="hi, my colleague cant record our weekly sync, she says the button is greyed out",
         expect="What is the person's role in the meeting?"),
    Step(type="yeah she's a member of the team", expect="I mean the part they have"),
    Step(type="she joins from the browser usually", expect="Noted: they join from Teams on the web"),
    Step(type="not sure tbh", expect="which role they have"),
    Step(type="ok she says she's a presenter", expect="Got it: they are a presenter"),
]

# What people add that answers nothing, and what they ask back: "it depends", "why do you need that",
# "it used to work", impatience, and a guess asked back.
REMARKS_AND_ASKS_BACK = [
    Step(type="recording stopped working in my meetings", expect="What is your role in the meeting?"),
    Step(type="depends on the meeting honestly", expect="one meeting where it goes wrong"),
    Step(type="why do you need to know that", expect="Who may record depends on it"),
    Step(type="it worked fine last week tho", expect="recording worked before"),
    Step(type="this is taking forever", expect="Sorry it takes a while"),
    Step(type="hmm not sure tbh, maybe presenter?", expect="Just to be sure"),
    Step(click="Yes", expect="organizer's meeting policy"),
    Step(type="summary", expect="Noted: recording worked before"),
]

# After the diagnosis, as people go on: is that it, whom it affects, the change made, and it works.
AFTER_THE_DIAGNOSIS = [
    Step(type="the record button is greyed out in my meeting", expect="What is your role in the meeting?"),
    Step(type="im the organiser", expect="meeting policy?"),
    Step(type="no its off", expect="Did that fix it?"),
    Step(type="so that's the problem?", expect="is what points to it"),
    Step(type="will that affect everyone?", expect="applies to everyone who has that policy"),
    Step(type="ok my admin turned it on", expect="up to 24 hours"),
    Step(type="it worked, thanks!", expect="Glad that's sorted"),
]

# Short and second-language answers, thanks among compliments, a goodbye to the question asked, then the turns after
# a diagnosis: each was "I couldn't tell", "I don't know that one" or the policy read as off before.
SHORT_AND_POLITE = [
    Step(type="grey btn", expect="What are you trying to record?"),
    Step(type="It was a reunion, a normal one", expect="What is your role in the meeting?"),
    Step(type="I am the organisator", expect="meeting policy?"),  # Teams tells the bot the person is a member
    Step(type="Perfect. Thanks a lot, very helpful.", expect="You're welcome."),
    Step(type="no that's all, thanks", expect="You're welcome."),
    Step(type="its off", expect="Did that fix it?"),
    Step(type="how long", expect="up to 24 hours"),
    Step(type="k send summary", expect="Recording troubleshooting ticket"),
]

# Someone in a hurry, as written blind: "i hit record and nothing" in a longer first message, the organizer
# named at the role question, a person asked for in two words, the test's role question asked back, the
# ticket asked for as "send to helpdesk".
IN_A_HURRY = [
    Step(type="this is the third time this happened. i hit record and nothing", expect="What are you trying to record?"),
    Step(type="regular meeting", expect="What is your role in the meeting?"),
    Step(type="the organizer is Tom Becker, so not me", expect="Got it: someone else organized it."),
    Step(type="presenter", expect="organizer's"),  # Teams tells the bot the person is a member
    Step(type="human please", expect="I can't hand you over to a person myself"),
    Step(type="no", expect="Did that fix it?"),
    Step(type="is that right? attendees cant record?", expect="decides whether they can record"),
    Step(type="fine. send to helpdesk", expect="Recording troubleshooting ticket"),
]

# Typed fast, in a second language: a greeting to the team, "it" left out, a word of another language for
# "organizer", a question without its verb, an idiom of Indian English, a typo for "don't know", Hinglish for
# "give the summary". Each had "I couldn't tell", "I don't know that one" or "the guide doesn't cover that".
SECOND_LANGUAGE = [
    Step(type="Hi Team,", expect="Hello! Tell me what goes wrong with recording"),
    Step(type="recording not working in my meeting", expect="What is your role in the meeting?"),
    Step(type="is normal meeting", expect="Yes, I have that: it's a meeting."),
    Step(type="i am the organizator", expect="on in"),  # Teams tells the bot the person is a member
    Step(type="how long take to apply", expect="take up to 24 hours"),
    Step(type="kindly do the needful", expect="I can't make the change"),
    Step(type="dont kno", expect="What did the test report?"),
    Step(type="summary de do", expect="Recording troubleshooting ticket"),
]

# Someone on a phone between meetings: shorthand, a thumbs-up for a yes, the test's result in passing.
ON_A_PHONE = [
    Step(type="rec not working", expect="Let's check the causes one at a time"),
    Step(type="ok regular", expect="What is your role in the meeting?"),
    Step(type="co org", expect="the organizer's meeting policy?"),
    Step(type="👍", expect="your own meeting policy?"),
    Step(type="👍", expect="The next step needs an admin"),
    Step(type="ran the diagnostic, it said everything's fine", expect="The guide's checks found no cause"),
]

# Replies read as something else before: "he made me a presenter" at the attendee confirmation, a yes or
# no said of a person at the policy question, putting off, a write-up asked for in a sentence.
READ_AS_MEANT = [
    Step(type="hi, my manager asked me to record our weekly standup but there's no record option",
         expect="What is your role in the meeting?"),
    Step(type="im just an attendee I think? not sure what role I have", expect="Just to be sure"),
    Step(type="oh wait he said he made me a presenter yesterday", expect="Presenters can usually record"),
    Step(type="nope not me", expect="I couldn't tell"),
    Step(type="hold on let me check with IT", expect="No rush"),
    Step(type="ok IT says it's off", expect="Did that fix it?"),
    Step(type="can you write that up so I can send it to IT", expect="Recording troubleshooting ticket"),
]

# A lone "?", the cause understood before the fix is made, then how it got fixed and "it works".
UNDERSTOOD_THEN_FIXED = [
    Step(type="the record button is greyed out in our weekly team sync", expect="What is your role in the meeting?"),
    Step(type="?", expect="I mean the part you have in this meeting"),
    Step(type="it's my meeting, I set it up", expect="meeting policy?"),
    Step(type="IT says recording is turned off in my policy", expect="Did that fix it?"),
    Step(type="yeah that makes sense", expect="Once the fix is in"),
    Step(type="they turned it on and now it works, thanks!", expect="Glad that's sorted"),
]

# Two roles at once, then both taken back; the symptom told again at a policy question, no admin rights, and the
# ticket asked for as "what to ask IT".
ROLES_TAKEN_BACK = [
    Step(type="record button missing in my teams meeting", expect="What is your role in the meeting?"),
    Step(type="i'm both organizer and presenter", expect="meeting policy?"),  # how she joins: read from Teams
    Step(type="sorry, i'm not the organizer, my manager set it up", expect="Got it: someone else organized it"),
    Step(type="just an attendee", expect="you are an attendee"),
]
A_CALL_AND_NO_ADMIN_RIGHTS = [
    Step(type="i cannot record our teams call with a customer", expect="calling policy?"),
    Step(type="nope, no record option at all in the ... menu", expect="one at a time"),
    Step(type="i dont have admin rights", expect="Only an admin can see calling policies"),
    Step(type="can you just tell me what to ask IT for?", expect="Recording troubleshooting ticket"),
]
ASKED_TWICE_THEN_FOUND = [
    Step(type="recording was there yesterday now its gone from onedrive", expect="Is it one of these?"),
    Step(type="is there a way to get it back", expect="recycle bin"),
    Step(type="is there a way to get it back", expect="That's all I have on it"),
    Step(type="wait actually it did show up in the chat, sorry", expect="Good to hear it's sorted"),
]
NOT_SO_SURE_AFTER_ALL = [
    Step(type="record button missing in my teams meeting", expect="What is your role in the meeting?"),
    Step(type="i'm the organizer", expect="meeting policy?"),  # how they join: read from Teams
    Step(type="wait actually i think i might be just a presenter", expect="Should I change"),
    Step(click="Yes", expect="Changed the recorder"),
]

# A guest who asks why and argues, then a teacher who asks how: the rule, and what the answer kept behind Why?.
WHY_AND_HOW = [
    Step(type="I'm a guest from another company and need to record the training session", expect="Did that fix it?"),
    Step(type="why can't I?", expect="the rule for recording in Teams"),
    Step(type="but the organizer said it's fine", expect="isn't theirs to allow"),
    Step(type="restart", expect="What goes wrong?"),
    Step(type="my students can record my lectures and i dont want that", expect="attendees can't"),
    Step(type="how do i stop them", expect="Who can record and transcribe"),
]

# A helpdesk agent's shorthand, the test against the policy, and the contradiction asked about.
AGENT_SHORTHAND = [
    Step(type="agent", expect="Agent mode"),
    Step(type="usr cant rec mtg. org. internal. pol on.", expect="What did the test report?"),
    Step(type="test: user not enabled", expect="Did that fix it?"),
    Step(type="but i just told you the policy is on??", expect="that's why I flagged it"),
]

# A whole company that can't record, the admin who says so mid-check, "no idea" where no "I'm not sure" is offered,
# and a teacher's students who can't watch the recording.
ADMIN_AND_TEACHER = [
    Step(type="we can't record any meetings since last week, everyone in the company", expect="role in the meeting"),
    Step(type="I'm the admin", expect="admin-center steps and commands"),
    Step(type="i'm not sure", expect="Who organized the meeting"),
    Step(type="no idea honestly", expect="as if someone else organized it"),
    Step(type="restart", expect="What goes wrong?"),
    Step(type="user", expect="User mode"),
    Step(type="my students can't see the recording of yesterday's lesson", expect="Who can see or watch"),
    Step(type="how do I give them access then", expect="Sharing is done by someone"),
]

# An agent who pastes a policy in pieces: the command without its output, the Identity line alone, another setting,
# then the Set- command that turns recording on.
AGENT_PASTES_IN_PIECES = [
    Step(type="agent", expect="Agent mode"),
    Step(type="user can't record, she's the organizer of a teams meeting, internal", expect="person who wants to record"),
    Step(type="Get-CsOnlineUser jane@contoso.com | select TeamsMeetingPolicy", expect="paste what it prints"),
    Step(type="Identity : Tag:Sales", expect="but not its setting"),
    Step(type="AllowTranscription : True", expect="find the setting I need"),
    Step(type="Set-CsTeamsMeetingPolicy -Identity Sales -AllowCloudRecording $true", expect="24 hours"),
]

# An agent who types in sentences: an attendee made presenter who still can't record, the organizer's policy and its
# setting in two clauses, the user's policy named with its setting in words, and a report that it works now.
AGENT_IN_SENTENCES = [
    Step(type="agent", expect="Agent mode"),
    Step(type="troubleshoot for amy@contoso.com", expect="the checks are about"),
    Step(type="amy says recording button greyed out in her team's weekly meeting. she's just an attendee",
         expect="Did that fix it?"),
    Step(type="ok the organizer made her presenter, still greyed out", expect="look further"),
    Step(type="organizer policy is Global, recording on", expect="recording is on in the organizer's meeting policy"),
    Step(type="she's internal", expect="find the policy assigned to"),
    Step(type="she is on the Sales policy which has cloud recording disabled per TAC",
         expect="Sales, the meeting policy assigned"),
    Step(type="she says it works now thanks", expect="Glad that's sorted"),
]

# Something missing from a recording that the guide does not name, and the ticket asked for after an "ok".
SCREEN_SHARE_MISSING = [
    Step(type="my shared screen is black in the recording, the rest is fine", expect="audio, video and screen sharing"),
    Step(type="is screen sharing even included in recordings?", expect="Yes. A meeting recording holds"),
    Step(type="ok can you write it up for the helpdesk", expect="Recording troubleshooting ticket"),
]

# A channel meeting's recording not found: how long it takes, where it goes, a search that found nothing, the ticket
CHANNEL_RECORDING_NOT_FOUND = [
    Step(type="recording not showing in the chat after the meeting", expect="Recordings go to OneDrive or SharePoint"),
    Step(type="when will it show up?", expect="Teams processes it and then saves it"),
    Step(type="it was a channel meeting", expect="saved with the channel's files"),
    Step(type="i looked in the files tab nothing", expect="most likely expired, or was never uploaded"),
    Step(type="fine make me a ticket", expect="Forward this summary"),
]

# An agent's presenter, left out by the organizer's own option, told in a sentence: the presenter's cause
AGENT_ORGANIZERS_OPTION = [
    Step(type="agent", expect="Agent mode"),
    Step(type="hi, got a ticket from a user, record greyed out, she's a presenter in a meeting run by another "
              "department", expect="How does the person who wants to record join"),
    Step(type="ok the organizer says only organizers and co-organizers can record",
         expect="the organizer lets only organizers and co-organizers record"),
    Step(type="write me a ticket", expect="Recording troubleshooting ticket"),
]

# A recording that stopped: the length told after the limit, then the limit asked about
RECORDING_STOPPED_AT_FOUR_HOURS = [
    Step(type="recording stopped halfway through our meeting", expect="The maximum length of one meeting recording"),
    Step(type="it was about 4 hours in", expect="Then it reached the limit"),
    Step(type="ok is there a way to make it longer", expect="In short, no"),
    Step(type="fine, thanks", expect="Glad I could help"),
]

# An organizer whose policy was off and was turned on while they talked to the bot
POLICY_OFF_THEN_ON = [
    Step(type="my teams meetings wont record, im the organizer", expect="Teams shows you are a member"),  # read
    Step(type="it was off, admin turned it on", expect="the fix is made"),
    Step(type="still can't", expect="too soon to tell"),
]

# An agent who escalates halfway through the checks
AGENT_ESCALATES_HALFWAY = [
    Step(type="agent", expect="Agent mode"),
    Step(type="INC0091234 - user says recording option is missing in teams", expect="Let's check the causes"),
    Step(type="he says he is the one who set up the meeting", expect="they organize it"),
    Step(type="not sure, can you escalate this", expect="Escalated before the checks were done"),
]

# A call recorded with a customer and gone from the chat, asked about by the one who hit record
CALL_RECORDING_GONE = [
    Step(type="we had a teams call with a customer yesterday, recorded it, now the recording is gone from the chat",
         expect="the OneDrive of the person who selected"),
    Step(type="i'm the one who hit record", expect="Then look in your own OneDrive"),
    Step(type="whats onedrive", expect="must be turned on for the user"),
]

# A channel recording that can't be downloaded, then which policy does that
DOWNLOAD_BLOCKED = [
    Step(type="i cant download the recording from our channel meeting, download button is missing",
         expect="Where Microsoft answers it"),
    Step(type="what policy controls that?", expect="ChannelRecordingDownload"),
]

# A recording someone else's OneDrive should hold; "yes" to "Just to be sure: Its storage is full?"
ONEDRIVE_FULL_CONFIRMED = [
    Step(type="we recorded a teams meeting yesterday and it's not in my onedrive or the chat. i was the one who "
              "pressed record but my colleague sent the invite", expect="Recordings go to OneDrive"),
    Step(type="she says it's not there either", expect="OneDrive with free space?"),
    Step(type="her onedrive might be full actually, she's been complaining about storage", expect="Just to be sure"),
    Step(type="yes", expect="the recording has nowhere to go"),
]

# A channel meeting's recording that couldn't be saved: the channel's SharePoint site, not a OneDrive
CHANNEL_SITE_FULL = [
    Step(type='my recording failed, it said "recording couldn\'t be saved"', expect="OneDrive with free space?"),
    Step(type="it's a channel meeting", expect="SharePoint site, where its meeting recordings are saved"),
    Step(type="yes it's a standard channel", expect="Yes, I have that: it's a channel meeting."),
    Step(type="no", expect="the channel's SharePoint site has no space left"),
]

# An agent who names the account and pastes two commands with their tables under it, once the problem is told
AGENT_TWO_TABLES = [
    Step(type="agent", expect="Agent mode"),
    Step(type='INC0045521 - user can\'t record. She gets "Recording has been disabled by your IT admin"',
         expect="What is the person trying to record?"),
    Step(type="troubleshoot for ana.silva@contoso.com\n"
              "PS> Get-CsOnlineUser ana.silva@contoso.com | select TeamsMeetingPolicy\n"
              "TeamsMeetingPolicy\n------------------\nTag:Sales Meetings\n"
              "PS> Get-CsTeamsMeetingPolicy \"Sales Meetings\" | select AllowCloudRecording\n"
              "AllowCloudRecording\n-------------------\nFalse",
         expect="is off in the recorder's meeting policy"),
    Step(type="ok how do i turn it on for just her without affecting sales", expect="For one person only"),
]

# An agent who pastes the organizer's account and policy with the problem, then says whose it was
AGENT_ORGANIZERS_PASTE = [
    Step(type="agent", expect="Agent mode"),
    Step(type="troubleshoot for mia@contoso.com", expect="the checks are about"),
    Step(type="she's a presenter in a meeting organized by her boss tom@contoso.com, can't record\n"
              "PS C:\\> Get-CsOnlineUser tom@contoso.com | fl TeamsMeetingPolicy\nTeamsMeetingPolicy : Tag:Execs\n"
              "PS C:\\> Get-CsTeamsMeetingPolicy Execs | fl AllowCloudRecording\nAllowCloudRecording : False",
         expect="is off in the organizer's meeting policy"),
    Step(type="that's tom's policy btw, the organizer", expect="I couldn't tell"),
    Step(type="done, assigned him the Global one", expect="can take up to 24 hours"),
]

# An agent whose problem comes before a table of every policy, who then pastes the person's and asks for the ticket
AGENT_TABLE_THEN_TICKET = [
    Step(type="agent", expect="Agent mode"),
    Step(type="troubleshoot for nina.fischer@contoso.com", expect="the checks are about"),
    Step(type="Teacher can't record her classes, ticket INC0054412. All our meeting policies:\n"
              "Identity                 AllowCloudRecording NewMeetingRecordingExpirationDays\n"
              "--------                 ------------------- ---------------------------------\n"
              "Global                   True                120\n"
              "Tag:Faculty              True                120\n"
              "Tag:Students             False               120",
         expect="What is the person's role in the meeting?"),
    Step(type="She's faculty, but Get-CsOnlineUser shows the student policy:\n"
              "UserPrincipalName  : nina.fischer@contoso.com\nTeamsMeetingPolicy : Students",
         expect="is off in the recorder's meeting policy"),
    Step(type="Ok, I'll remove her from Students-Pilot. Ticket please.", expect="Recording troubleshooting ticket"),
]

# An agent who finds, mid-check, that a shared account organized the webinar, pastes that account's policy, then
# asks for the ticket with the news in the same message.
AGENT_SHARED_ORGANIZER_THEN_TICKET = [
    Step(type="agent", expect="Agent mode"),
    Step(type="webinar organiser can't turn on recording for a webinar. meeting policy is fine "
              "(AllowCloudRecording True) so dont tell me to check that", expect="What is the person's role"),
    Step(type="hmm wait. let me check if she's actually the organizer - I think the events team set it up and "
              "added her", expect="No rush"),
    Step(type="yep she's a co-organizer. organizer is the events@ shared account.\n"
              "PS C:\\> Get-CsOnlineUser -Identity events@ashgroveuni.edu.au | select TeamsMeetingPolicy\n\n"
              "TeamsMeetingPolicy\n------------------\nRestrictedResource\n\n"
              "PS C:\\> Get-CsTeamsMeetingPolicy -Identity RestrictedResource | fl AllowCloudRecording\n\n"
              "AllowCloudRecording : False",
         expect="off in the organizer's meeting policy"),
    Step(type="there we go. I'll move the events account to the standard staff policy. summary for the ticket, "
              "pending the change", expect="Recording troubleshooting ticket"),
]

WELCOME_TEXT = "I help you find out why"


@pytest.fixture
def teams(playground, page, shots) -> TeamsClient:
    """A user in a personal chat with a freshly started bot, its welcome card drawn."""
    client = TeamsClient(page, shots)
    client.block_outside_requests()
    client.open(playground())
    client.wait_for("Start troubleshooting")
    return client


def assert_drawn_cleanly(teams: TeamsClient) -> None:
    """No notice of an unsupported card, no console error, no button label cut off."""
    assert teams.problems() == []
    assert teams.button_titles(), "no card buttons were drawn"
    assert teams.overflowing_buttons() == []


def test_clicked_from_hello_to_a_diagnosis(teams):
    teams.run(CLICKED_FROM_HELLO, "clicked")
    assert teams.count("Did that fix it?") == 1, "the double-click was answered twice"
    assert teams.count("earlier question") == 1
    assert_drawn_cleanly(teams)


def test_typed_from_the_first_message_with_every_command(teams):
    teams.run(TYPED_WITH_COMMANDS, "typed")
    assert teams.count(WELCOME_TEXT) == 1, "a welcome card was stacked on the first"
    assert_drawn_cleanly(teams)


def test_an_unsure_first_message_asks_is_it_one_of_these(teams):
    teams.do(UNSURE[0])
    choices = teams.card_buttons("Is it one of these?")
    assert 3 <= len(choices) <= 4 and choices[-1] == "Something else", choices
    assert "Can't start a recording" in choices
    assert teams.count("Cause:") == 0, "an unsure message was answered as if the bot knew"
    teams.screenshot("unsure-01")
    teams.do(UNSURE[1])
    teams.screenshot("unsure-02")
    assert_drawn_cleanly(teams)


def test_a_short_diagnosis_keeps_the_guides_words_behind_why(teams):
    teams.run(SHORT_WITH_WHY, "short")
    assert teams.count("The guide says") == 0, "the guide's words were shown before anyone asked"
    teams.click("Why? / Sources")
    teams.wait_for("Allow cloud recording")
    teams.screenshot("short-why-open")
    assert_drawn_cleanly(teams)


def test_later_turns_typed_as_people_type_them(teams):
    teams.run(LATER_TURNS, "later")
    assert teams.count("I don't know that one") == 0 and teams.count("I couldn't tell") == 0
    assert teams.count("Anything else?") == 1
    assert_drawn_cleanly(teams)


def test_an_end_user_asking_for_a_colleague_is_asked_about_them(teams):
    teams.run(FOR_A_COLLEAGUE, "colleague")
    assert teams.count("the person is an attendee") == 1 and teams.count("you are an attendee") == 0
    assert teams.count("Teams shows you are") == 0  # what Teams says of the sender is not the colleague's
    assert_drawn_cleanly(teams)


def test_it_was_me_after_all_then_impatient_then_confused(teams):
    teams.run(IT_WAS_ME, "it-was-me")
    assert teams.count("I couldn't tell") == 0 and teams.count("Got it: you organized it") == 0
    assert_drawn_cleanly(teams)


def test_a_rambling_user_takes_a_channel_back_and_the_chat_goes_on(teams):
    teams.run(CHANNEL_TAKEN_BACK, "channel-taken-back")
    assert teams.count("Glad I could help") == 0, "the take-back was read as the end"
    assert_drawn_cleanly(teams)


def test_a_colleagues_role_found_out_later_is_recorded_and_said_back(teams):
    teams.run(ROLE_FOUND_OUT_LATER, "role-found-out")
    assert teams.count("which role you have") == 0
    assert_drawn_cleanly(teams)


def test_remarks_and_questions_asked_back_get_answers_not_i_couldnt_tell(teams):
    teams.run(REMARKS_AND_ASKS_BACK, "remarks")
    assert teams.count("I couldn't tell") == 0 and teams.count("I don't know that one") == 0
    assert_drawn_cleanly(teams)


def test_short_second_language_answers_and_thanks_mid_check_in_teams(teams):
    teams.run(SHORT_AND_POLITE, "short-and-polite")
    assert teams.count("I couldn't tell") == 0 and teams.count("I don't know that one") == 0
    assert teams.count("is off in your meeting policy") == 1  # "no that's all, thanks" was read as off
    assert_drawn_cleanly(teams)


def test_someone_in_a_hurry_gets_an_answer_at_every_turn_in_teams(teams):
    teams.run(IN_A_HURRY, "in-a-hurry")
    assert teams.count("I couldn't tell") == 0 and teams.count("I don't know that one") == 0
    assert teams.count("I'm not sure which problem this is") == 0
    assert_drawn_cleanly(teams)


def test_someone_typing_fast_in_a_second_language_gets_an_answer_at_every_turn(teams):
    teams.run(SECOND_LANGUAGE, "second-language")
    assert teams.count("I couldn't tell") == 0 and teams.count("I don't know that one") == 0
    assert teams.count("doesn't cover that") == 0
    assert_drawn_cleanly(teams)


def test_someone_on_a_phone_typing_shorthand_and_a_thumbs_up_gets_an_answer_at_every_turn(teams):
    teams.run(ON_A_PHONE, "on-a-phone")
    assert teams.count("I couldn't tell") == 0 and teams.count("doesn't cover that") == 0
    assert_drawn_cleanly(teams)


def test_after_the_diagnosis_the_turns_people_type_get_answers(teams):
    teams.run(AFTER_THE_DIAGNOSIS, "after-diagnosis")
    assert teams.count("I couldn't tell") == 0 and teams.count("I don't know that one") == 0
    assert teams.count("Glad that's sorted") == 1, "the change made was read as fixed"
    assert_drawn_cleanly(teams)


def test_replies_once_read_as_something_else_are_read_as_meant(teams):
    teams.run(READ_AS_MEANT, "read-as-meant")
    assert teams.count("Changed who organized") == 0, "'he made me a presenter' changed who organized the meeting"
    assert teams.count("I don't know that one") == 0
    assert_drawn_cleanly(teams)


def test_the_cause_understood_is_not_taken_for_the_fix(teams):
    teams.run(UNDERSTOOD_THEN_FIXED, "understood-then-fixed")
    assert teams.count("Glad that's sorted") == 1, "'that makes sense' was taken for 'it is fixed'"
    assert teams.count("**back**") == 0 and teams.count("I couldn't tell") == 0
    assert_drawn_cleanly(teams)


def test_two_roles_at_once_then_taken_back(teams):
    teams.run(ROLES_TAKEN_BACK, "roles-taken-back")
    assert teams.count("I couldn't tell") == 0 and teams.count("Presenters can usually record") == 0
    assert_drawn_cleanly(teams)


def test_a_call_told_again_at_its_policy_question_by_someone_with_no_admin_rights(teams):
    teams.run(A_CALL_AND_NO_ADMIN_RIGHTS, "call-no-admin")
    assert teams.count("is off in your calling policy") == 0, "the symptom's 'nope' was read as the setting off"
    assert teams.count("I don't know that one") == 0
    assert_drawn_cleanly(teams)


def test_the_same_question_twice_gets_no_more_and_a_recording_found_after_all_ends_it(teams):
    teams.run(ASKED_TWICE_THEN_FOUND, "asked-twice-then-found")
    assert teams.count("If it expired") == 1, "the same paragraph was sent twice"
    assert teams.count("I couldn't tell") == 0
    assert_drawn_cleanly(teams)


def test_a_correction_said_with_a_doubt_is_asked_about_and_made_with_its_yes(teams):
    teams.run(NOT_SO_SURE_AFTER_ALL, "not-so-sure")
    assert teams.count("I couldn't tell") == 0 and teams.count("earlier question") == 0
    assert_drawn_cleanly(teams)


def test_why_at_a_diagnosis_and_how_after_an_answer_are_answered(teams):
    teams.run(WHY_AND_HOW, "why-and-how")
    assert teams.count("I don't know that one") == 0 and teams.count("I couldn't tell") == 0
    assert teams.count("Recordings go to OneDrive") == 0, "'how do i stop them' was read as a new problem"
    assert_drawn_cleanly(teams)


def test_an_agents_shorthand_and_the_contradiction_it_leads_to(teams):
    teams.run(AGENT_SHORTHAND, "agent-shorthand")
    assert teams.count("I couldn't tell") == 0 and teams.count("didn't catch that") == 0
    assert teams.count("This contradicts an earlier answer") == 1
    assert_drawn_cleanly(teams)


def test_an_admin_mid_check_and_a_teachers_students_who_cant_watch(teams):
    teams.run(ADMIN_AND_TEACHER, "admin-and-teacher")
    assert teams.count("I couldn't tell") == 0 and teams.count("I don't know that one") == 0
    assert teams.count("ask your admin to") == 0, "the admin was told to ask their admin"
    assert teams.count("&lt;") == 0, "a command's placeholder was drawn as markup"
    assert_drawn_cleanly(teams)


def test_an_agent_pasting_a_policy_in_pieces_is_told_what_each_piece_is(teams):
    teams.run(AGENT_PASTES_IN_PIECES, "agent-pastes-in-pieces")
    assert teams.count("I couldn't tell") == 0 and teams.count("I don't know that one") == 0
    assert teams.count("&lt;") == 0 and teams.count("&amp;") == 0
    assert_drawn_cleanly(teams)


def test_an_agent_typing_in_sentences_is_read_turn_by_turn(teams):
    teams.run(AGENT_IN_SENTENCES, "agent-in-sentences")
    assert teams.count("I couldn't tell") == 0 and teams.count("I don't know that one") == 0
    assert teams.count("paste that policy's setting") == 0, "the setting told in words was asked for again"
    assert_drawn_cleanly(teams)


def test_a_screen_share_missing_from_a_recording_and_the_ticket_asked_for(teams):
    teams.run(SCREEN_SHARE_MISSING, "screen-share-missing")
    assert teams.count("Whiteboards and shared notes") == 1 and teams.count("I don't know that one") == 0
    assert_drawn_cleanly(teams)


def test_a_channel_recording_not_found_after_a_search_and_how_long_it_takes(teams):
    teams.run(CHANNEL_RECORDING_NOT_FOUND, "channel-recording-not-found")
    assert teams.count("I couldn't tell") == 0 and teams.count("Glad I could help") == 0
    assert teams.count("24 hours") == 0, "how long a recording takes was answered as a policy change's delay"
    assert_drawn_cleanly(teams)


def test_a_recording_stopped_at_four_hours_and_the_length_told_after_the_limit(teams):
    teams.run(RECORDING_STOPPED_AT_FOUR_HOURS, "recording-stopped-four-hours")
    assert teams.count("I couldn't tell") == 0 and teams.count("The maximum length of one meeting recording") == 1
    assert_drawn_cleanly(teams)


def test_an_agent_who_escalates_halfway_gets_the_escalated_ticket(teams):
    teams.run(AGENT_ESCALATES_HALFWAY, "agent-escalates-halfway")
    assert teams.count("Not checked:") == 1 and teams.count("carry on with the checks") == 0
    assert_drawn_cleanly(teams)


def test_a_call_recorded_and_gone_asked_about_by_the_one_who_hit_record(teams):
    teams.run(CALL_RECORDING_GONE, "call-recording-gone")
    assert teams.count("Cloud recording for calling") == 0, "a recording that was made was read as a policy"
    assert teams.count("I couldn't tell") == 0
    assert_drawn_cleanly(teams)


def test_a_download_blocked_and_the_policy_that_does_it(teams):
    teams.run(DOWNLOAD_BLOCKED, "download-blocked")
    assert teams.count("Is Meeting recording") == 0, "asked which policy controls a download, it asked about recording"
    assert_drawn_cleanly(teams)


def test_yes_confirms_a_full_onedrive(teams):
    teams.run(ONEDRIVE_FULL_CONFIRMED, "onedrive-full-confirmed")
    assert teams.count("The guide's checks found no cause") == 0, "yes was read as the OneDrive having space"
    assert_drawn_cleanly(teams)


def test_a_channel_meetings_full_site(teams):
    teams.run(CHANNEL_SITE_FULL, "channel-site-full")
    assert teams.count("No OneDrive") == 1, "a channel's site was offered 'No OneDrive' (only the first card has it)"
    assert teams.count("The guide's checks found no cause") == 0, "yes, of the channel, was read as free space"
    assert_drawn_cleanly(teams)


def test_an_agents_two_tables_pasted_under_the_account(teams):
    teams.run(AGENT_TWO_TABLES, "agent-two-tables")
    assert teams.count("Sales Meetings") >= 2, "the policy's name was not read from the paste"
    assert_drawn_cleanly(teams)


def test_an_agents_paste_of_the_organizers_account(teams):
    teams.run(AGENT_ORGANIZERS_PASTE, "agent-organizers-paste")
    assert teams.count("off in the recorder's meeting policy") == 0, "the organizer's paste was read as the person's"
    assert teams.count("Changed the recorder") == 0, "'the organizer', said of tom, changed her role"
    assert teams.count("Now paste that policy's setting") == 0, "the organizer's new policy was taken as hers"
    assert_drawn_cleanly(teams)


def test_an_agents_table_of_every_policy_then_the_ticket(teams):
    teams.run(AGENT_TABLE_THEN_TICKET, "agent-table-then-ticket")
    assert teams.count("expire on their own") == 0, "the table's expiry column was read as the problem"
    assert_drawn_cleanly(teams)


def test_a_policy_that_was_off_and_is_on_now(teams):
    teams.run(POLICY_OFF_THEN_ON, "policy-off-then-on")
    assert teams.count("So it's on?") == 0, "off then on was read as on"
    assert_drawn_cleanly(teams)


def test_an_agents_presenter_left_out_by_the_organizers_option(teams):
    teams.run(AGENT_ORGANIZERS_OPTION, "agent-organizers-option")
    assert teams.count("Changed the recorder") == 0, "the option's roles were read as the person's"
    assert_drawn_cleanly(teams)


def test_an_agents_paste_of_a_shared_organizer_account_mid_check_then_the_ticket(teams):
    teams.run(AGENT_SHARED_ORGANIZER_THEN_TICKET, "agent-shared-organizer-then-ticket")
    assert teams.count("Just to be sure") == 0, "a wait to check was read as the answer"
    assert teams.count("User: events@") == 0, "the organizer's account was taken as the person's"
    assert teams.count("The organizer's Allow cloud recording: No, it's off") == 1
    assert teams.count("I couldn't tell") == 0
    assert_drawn_cleanly(teams)
