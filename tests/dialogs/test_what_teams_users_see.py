"""What a Teams user meets beyond the happy path: double-clicks, old welcome cards, greetings, undo, tickets.

Found by trying the bot in the Microsoft 365 Agents Playground; tests/e2e shows the same in a browser.
"""
import json

from dialogs.cards import choices_of
from dialogs.replies import TurnInput

MAX_BUTTON_TITLE = 40  # about what one line of a button holds in a Teams card on a laptop screen


def start_guided_check(chat, *answers):
    """Start troubleshooting, say the recording can't be started, then click ``answers``."""
    chat.click("start", "welcome")
    chat.click("no_record_option")
    assert chat.state == "check_meeting_type"
    for answer in answers:
        assert answer in chat.buttons, (answer, chat.state)
        chat.click(answer)


def turn(chat, value) -> list:
    """A turn that may answer with no message at all (Chat.click insists on exactly one)."""
    result = chat.engine.turn(chat.session, TurnInput(value=value))
    chat.session = json.loads(json.dumps(result.session))
    return result.replies


# --- buttons

def test_every_button_title_fits_on_one_line_of_a_teams_card(engine):
    for words in engine.compose.words.values():  # each audience's, and a channel meeting's
        for state, titles in words["titles"].items():
            for choice, title in titles.items():
                assert len(title) <= MAX_BUTTON_TITLE, f"{state}/{choice}: {title!r} is {len(title)} characters"


def test_a_double_click_is_answered_once(chat):
    start_guided_check(chat, "meeting", "presenter")
    chat.click("guest")
    assert chat.state == "diagnosis"
    assert turn(chat, {"state": "check_auth_type", "answer": "guest"}) == []
    assert chat.state == "diagnosis" and chat.session_answers()["check_auth_type"] == "guest"


def test_a_double_click_on_the_first_question_is_answered_once(chat):
    start_guided_check(chat, "meeting")
    assert chat.state == "check_meeting_role"
    assert turn(chat, {"state": "check_meeting_type", "answer": "meeting"}) == []
    assert chat.state == "check_meeting_role" and chat.session_answers()["check_meeting_type"] == "meeting"


def test_a_double_click_on_start_troubleshooting_is_answered_once(chat):
    chat.click("start", "welcome")
    assert turn(chat, {"state": "welcome", "answer": "start"}) == []
    assert chat.state == "triage"


def test_another_answer_on_an_old_card_is_still_an_earlier_question(chat):
    start_guided_check(chat, "meeting", "attendee")
    reply = chat.click("cant_find_recording", "triage")
    assert "earlier question" in reply.full and chat.state == "diagnosis"


def test_start_troubleshooting_on_an_old_welcome_card_carries_on_with_the_check(chat):
    start_guided_check(chat)
    reply = chat.click("start", "welcome")
    assert "earlier question" not in reply.full
    assert "already troubleshooting" in reply.full
    assert chat.state == "check_meeting_type" and chat.buttons[:2] == ["meeting", "call"]


def test_start_troubleshooting_on_an_old_welcome_card_after_the_end_starts_a_new_check(chat):
    start_guided_check(chat, "meeting", "attendee")
    chat.click("fixed")
    assert chat.state == "resolved"
    chat.click("start", "welcome")
    assert chat.state == "triage" and chat.session["trail"] == []


# --- greetings and help do not stack welcome cards

def test_hello_mid_conversation_answers_briefly_and_asks_the_pending_question_again(chat):
    start_guided_check(chat)
    reply = chat.say("hello")
    assert reply.full.startswith("Hello!") and len(reply.full) < 120
    assert chat.state == "check_meeting_type" and "call" in chat.buttons


def test_hello_before_anything_shows_the_welcome_buttons_without_the_welcome_text_again(chat, engine):
    welcome = engine.welcome()[0].card
    reply = chat.say("hi")
    assert reply.full.startswith("Hello!")
    assert reply.card != welcome
    assert [title for _, title in choices_of(reply.card)] == [title for _, title in choices_of(welcome)]
    assert "Recording Troubleshooter" not in json.dumps(reply.card)


def test_what_can_you_do_on_the_welcome_card_does_not_repeat_the_welcome(chat, engine):
    reply = chat.command("help")
    assert "back" in reply.full and "summary" in reply.full
    assert reply.card != engine.welcome()[0].card


# --- back, summary, why

def test_back_says_which_answer_it_undid(chat):
    start_guided_check(chat, "meeting", "presenter")
    chat.click("guest")
    reply = chat.say("back")
    assert reply.full.startswith("Undid: _How the recorder joins: As a guest_")
    assert chat.state == "check_auth_type"


def test_back_to_the_first_question_names_it(chat):
    start_guided_check(chat)
    reply = chat.say("back")
    assert reply.full.startswith("Undid: _What goes wrong: I can't start a recording_")


def test_the_summary_names_the_reported_symptom_and_the_test_by_name(chat):
    start_guided_check(chat, "meeting", "organizer", "member", "on", "teams_license")
    summary = chat.say("summary").full
    assert summary.startswith("**Recording troubleshooting ticket**\n\nStatus: **open**\n\n"
                              "Reported: the recording can't be started.\n\nChecks:\n\n"
                              "- What is being recorded: **A meeting** (clicked)\n"
                              "- The recorder's role in the meeting: **Organizer** (clicked)\n")
    assert "- The Teams Meeting Recording Test or Diag: Meeting Recording: **No required Teams license** (clicked)" \
        in summary
    assert "- How the recorder joins: **A member of the organizer's organization** (clicked)" in summary


def test_the_summary_of_a_typed_first_message_names_what_it_reported(chat):
    chat.say("my recording vanished after three weeks")
    summary = chat.say("summary")
    assert 'Reported: "my recording vanished after three weeks" (a recording disappeared)' in summary.full
    assert summary.value["ticket"]["reported"] == "my recording vanished after three weeks"
    assert summary.value["ticket"]["topic"] == "ams_expiry"


def test_why_on_the_organizer_policy_question_shows_the_example_it_quotes(chat, kb):
    start_guided_check(chat, "meeting", "presenter", "member")
    assert chat.state == "check_organizer_policy"
    why = chat.say("why").full
    table = kb.get("review-audio-and-video-policies/table-1")
    for name, policy, setting in table["rows"]:
        assert f"**{name}**: Meeting policy {policy}; Allow cloud recording {setting}" in why
    assert why.index("**Alex**") < why.index("> In this example scenario")


# --- pictures the chat does not show

def test_a_sentence_about_a_screenshot_is_quoted_without_pointing_at_it(chat, kb):
    """The chat never shows the guide's pictures: the quote keeps the sentence and drops "as displayed in ..."."""
    start_guided_check(chat)
    chat.say("agent")
    for answer in ("meeting", "organizer", "member", "unsure"):
        assert answer in chat.buttons, (answer, chat.state)
        chat.click(answer)
    assert chat.session_answers()["check_policy"] == "unsure"
    shown = chat.last.replies[0].full
    assert "as displayed in the following screenshot" in kb.get("review-audio-and-video-policies/paragraph-2").text
    assert "review the **Audio & video** section of the appropriate meeting policy. The meeting-policy setting" in shown
    assert "screenshot" not in shown.lower()


POINTERS = ("following screenshot", "following image", "displayed below", "shown below", "as shown in")


def test_no_reply_points_at_a_picture_it_does_not_show(engine, kb):
    """Every entry of the guide that points at a picture, quoted every way a template can: the pointer is gone."""
    pointing = [e for e in (kb.get(i) for i in kb.ids()) if any(p in e.text.lower() for p in POINTERS)]
    assert {e.id for e in pointing} >= {"review-audio-and-video-policies/paragraph-2",
                                        "verify-stream-upload-permissions-for-a-user/procedure-1"}
    for entry in pointing:
        for said in (engine.render.citing().fact(entry.id), engine.render.citing().quote(entry.id),
                     engine.render.citing().steps(entry.id)):
            assert not [p for p in POINTERS if p in said.lower()], (entry.id, said)
    assert "In the navigation pane, select **Content creation**." in \
        engine.render.citing().steps("verify-stream-upload-permissions-for-a-user/procedure-1")


def test_a_picture_found_by_a_question_is_labelled_as_one_the_chat_cannot_show(engine, kb):
    quoted = engine.render.citing().quote("verify-user-prerequisites/image-1")
    assert quoted.startswith("> _(Here the guide shows a picture that this chat can't show: A screenshot")


def test_a_sentence_about_the_following_table_brings_the_table(engine, kb):
    quoted = engine.render.citing().quote("review-audio-and-video-policies/paragraph-5")
    assert "The following table describes a possible scenario." in quoted
    assert "- **Alex**: Meeting policy Global; Allow cloud recording Off" in quoted


# --- the welcome card

def test_the_welcome_card_title_is_a_heading_of_its_own_and_paragraphs_are_spaced(engine):
    body = engine.welcome()[0].card["body"]
    assert body[0]["text"] == "Recording Troubleshooter"
    assert body[0]["weight"] == "Bolder" and body[0]["size"] == "Medium"
    assert len(body) >= 3 and all(block["spacing"] == "Medium" for block in body[1:])
    assert not any("**" in block["text"] or "\n\n" in block["text"] for block in body)
