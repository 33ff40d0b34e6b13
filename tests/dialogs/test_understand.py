"""Reading what people type once a question is pending: typed answers, commands and UPNs.

The topic of a first message is tested in test_triage.py."""
import json
from pathlib import Path

import pytest

from dialogs.reading import match_choice
from dialogs.understand import find_upn, parse_command

ANSWERS = Path(__file__).parent / "data" / "heldout-answers.jsonl"


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- typed answers

POLICY = {"on": "Yes, it's on", "off": "No, it's off", "unsure": "I'm not sure"}


@pytest.mark.parametrize("text, choice", [
    ("Yes, it's on", "on"), ("yes", "on"), ("yep", "on"), ("enabled", "on"), ("it's on", "on"),
    ("no", "off"), ("nope", "off"), ("it's off", "off"), ("It's not on", "off"), ("disabled", "off"),
    ("not sure", "unsure"), ("I don't know", "unsure"), ("no idea", "unsure"), ("?", "unsure"),
    ("1", "on"), ("2", "off"), ("3", "unsure"), ("4", None), ("0", None),
    ("where do I find that setting?", None), ("what does it do?", None),
    # "who knows" is the person not knowing: unverified, never a guess at on or off
    ("we are a school with 400 staff and the policy was changed by an admin who left last year, so honestly who knows",
     "unsure"),
])
def test_typed_answers_to_a_policy_question(text, choice):
    assert match_choice("check_policy", text, POLICY) == choice


def test_numbers_pick_among_the_buttons_shown(engine):
    """`offer` shows only some of its choices: "1" is the first one on screen, not the first declared."""
    shown = {"onedrive_check": "Check the organizer's OneDrive", "start_check": "Run the guided check",
             "done": "That's all, thanks"}
    assert match_choice("offer", "1", shown) == "onedrive_check"
    assert match_choice("offer", "yes", shown) == "onedrive_check"
    assert match_choice("offer", "no thanks", shown) == "done"


def test_the_answers_written_apart_from_the_rules_are_understood(engine):
    from dialogs.session import Session, new_session
    data = rows(ANSWERS)
    titles = lambda state: engine.compose.titles(Session(new_session()), state)  # noqa: E731
    wrong = [(r["state"], r["text"], r["answer"], match_choice(r["state"], r["text"], titles(r["state"])))
             for r in data]
    wrong = [w for w in wrong if w[2] != w[3]]
    assert len(wrong) <= 0.05 * len(data), wrong


@pytest.mark.parametrize("state, text, choice", [
    ("check_auth_type", "I'm a guest", "guest"), ("check_auth_type", "not a guest, I'm staff", "member"),
    ("check_auth_type", "didn't sign in, just opened the link", "anonymous"),
    ("check_stream_upload", "Restrict video uploads is off", "allowed"),
    ("check_stream_consent", "we don't have any guidelines", "not_required"),
    ("diagnosis", "didn't help", "not_fixed"), ("diagnosis", "works now, thanks!", "fixed"),
])
def test_paraphrases_and_negations(engine, state, text, choice):
    from dialogs.session import Session, new_session
    assert match_choice(state, text, engine.compose.titles(Session(new_session()), state)) == choice


# --- commands and UPNs

@pytest.mark.parametrize("text, command", [
    ("help", "help"), ("/help", "help"), ("Help!", "help"), ("restart please", "restart"), ("start over", "restart"),
    ("back", "back"), ("undo", "back"), ("why?", "why"), ("summary", "summary"), ("agent mode", "agent"),
    ("user", "user"), ("hi", "hello"), ("good morning", "hello"),
    ("why can't I record?", None), ("I need help recording a meeting", None), ("go back to the policy question", None),
    # a command behind a word or two of its own, and a greeting with whom it greets
    ("ok whatever start over", "restart"), ("can we start over", "restart"), ("sorry back", "back"),
    ("Hi Team,", "hello"), ("hello sir", "hello"), ("Dear all", "hello"),
    ("hi team my recording is gone", None), ("back to the question", None), ("no", None),
])
def test_a_command_is_the_whole_message(text, command):
    assert parse_command(text) == command


@pytest.mark.parametrize("text, upn", [
    ("troubleshoot for adele@contoso.com", "adele@contoso.com"),
    ("troubleshoot for Adele.Vance@Contoso.onmicrosoft.com.", "Adele.Vance@Contoso.onmicrosoft.com"),
    ('troubleshoot for <a href="mailto:adele@contoso.com">adele@contoso.com</a>', "adele@contoso.com"),
    ("troubleshoot for: <adele@contoso.com>", "adele@contoso.com"),
])
def test_a_upn_is_found_however_teams_sends_it(text, upn):
    assert find_upn(text) == (upn, None)


@pytest.mark.parametrize("text, candidate", [
    ("troubleshoot for adele@", "adele@"), ("troubleshoot for adele", "adele"),
    ("troubleshoot for adele@contoso", "adele@contoso"), ("troubleshoot for a@b@c.com", "a@b@c.com"),
])
def test_an_invalid_upn_is_reported_as_typed(text, candidate):
    assert find_upn(text) == (None, candidate)
