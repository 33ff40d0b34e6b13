"""What integrations rely on: cards, values, templates that only quote the guide."""
import json
import re

import pytest

from dialogs import flow
from dialogs.render import TEMPLATES
from dialogs.replies import TurnInput
from knowledge.rules import EVIDENCE
from knowledge.store import load

ID_CALL = re.compile(r"kb\.(?:fact|quote|steps|link|updates|update|command)\(\s*\"([^\"]+)\"")


def all_cards(chat):
    """Walk the main paths and collect every card the user is shown, with the topic it was shown under.

    Someone who can't start a recording is asked neither about the consent prompt nor the OneDrive: those
    cards come from a view-only recorder and a missing recording, and the Stream checks from a message
    that names Stream.
    """
    cards = []
    for start, path in (
            ("no_record_option", ["meeting", "presenter", "member", "unsure", "unsure", "all_passed"]),
            ("no_record_option", ["meeting", "unsure", "someone_else", "guest", "not_fixed", "on", "off",
                                  "fixed"]),
            ("no_record_option", ["call", "off", "not_fixed", "unsure", "teams_license", "fixed"]),
            ("no_record_option", ["event", "attendee", "not_fixed", "member", "off", "fixed"]),
            ("my recording didn't upload to Stream", ["unsure", "unsure", "unsure", "meeting", "organizer", "member",
                                                      "on", "unsure", "all_passed"]),
            ("no record button, and we record to Stream", ["meeting", "organizer", "member", "on", "stream", "unsure",
                                                           "unsure", "unsure", "unsure", "all_passed"]),
            ("I'm view-only after the recording consent prompt", ["declined", "not_fixed", "unsure"]),
            ("cant_find_recording", ["onedrive_check", "full", "not_fixed"]),
            ("recording_deleted", ["done"])):
        chat.session = None
        chat.click("start", "welcome")
        cards.append((chat.last.replies[0].card, chat.session["topic"]))
        chat.click(start) if start in flow.CHOICES["triage"] else chat.say(start)
        for answer in path:
            cards.append((chat.last.replies[0].card, chat.session["topic"]))
            assert answer in chat.buttons, (start, answer, chat.state)
            chat.click(answer)
        cards.append((chat.last.replies[0].card, chat.session["topic"]))
    return cards


def test_every_question_is_an_adaptive_card_with_one_submit_per_choice(chat):
    shown = set()
    for card, topic in all_cards(chat):
        assert card["type"] == "AdaptiveCard"
        assert tuple(map(int, card["version"].split("."))) <= (1, 5)
        assert card["fallbackText"]
        submits = [a for a in card["actions"] if a["type"] == "Action.Submit"]
        others = card["actions"][len(submits):]
        assert card["actions"][:len(submits)] == submits, "the answers come first"
        assert [a["type"] for a in others] in ([], ["Action.ShowCard"]), "at most one Why? / Sources, last"
        assert all("data" not in a and a["card"]["body"] for a in others)
        state = submits[0]["data"]["state"]
        shown.add(state)
        offers = flow.TOPIC_OFFERS[topic] if state == "offer" else ()
        assert [a["data"]["answer"] for a in submits] == [
            c for c in flow.CHOICES[state] if state != "offer" or c in offers]
        json.dumps(card)
    assert set(flow.CHECKS) <= shown, set(flow.CHECKS) - shown


def test_diagnosis_end_states_and_summary_carry_the_machine_readable_value(chat):
    chat.click("start", "welcome")
    chat.click("no_record_option")
    chat.click("meeting")
    chat.click("presenter")
    reply = chat.click("guest")
    assert set(reply.value) == {"causes", "checks", "unverified", "state", "provenance", "ticket"}
    assert reply.value["provenance"] == {"check_meeting_type": "clicked", "check_meeting_role": "clicked",
                                         "check_auth_type": "clicked"}
    assert set(reply.value["ticket"]) == {"reported", "upn", "reference", "status", "topic", "also", "noted"}
    assert reply.value["ticket"]["status"] == "open"
    assert chat.say("summary").value["state"] == "diagnosis"
    resolved = chat.click("fixed").value
    assert resolved["state"] == "resolved" and resolved["ticket"]["status"] == "resolved"


def template_ids():
    for path in sorted(TEMPLATES.rglob("*.j2")):
        for entry_id in ID_CALL.findall(path.read_text(encoding="utf-8")):
            yield path.relative_to(TEMPLATES).as_posix(), entry_id


def test_every_knowledge_id_a_template_quotes_exists():
    kb = load()
    found = list(template_ids())
    assert len(found) > 40
    missing = [(t, i) for t, i in found if i not in kb]
    assert not missing, missing


def test_every_id_the_flow_and_the_rules_cite_exists():
    kb = load()
    for state, ids in flow.WHY.items():
        assert all(i in kb for i in ids), state
    assert all(i in kb for ids in EVIDENCE.values() for i in ids)


def test_templates_state_no_fact_of_their_own():
    """Numbers and product facts come from the knowledge: no template types '21 days' or a URL."""
    for path in TEMPLATES.rglob("*.j2"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b\d+\s+days?\b", text), path
        assert "http" not in text, path


def test_changing_the_guide_changes_what_the_bot_says(tmp_path):
    import shutil

    from dialogs.engine import Engine
    from knowledge.build import SOURCE_DIR, generate, write
    from knowledge.store import Knowledge
    source = tmp_path / "source"
    shutil.copytree(SOURCE_DIR, source)
    guide = source / "troubleshoot-meeting-recording.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("21 days", "30 days"), encoding="utf-8")
    write(generate(source), tmp_path / "generated")
    engine = Engine(Knowledge.from_dir(tmp_path / "generated"))
    result = engine.turn(None, TurnInput(value={"state": "welcome", "answer": "start"}))
    result = engine.turn(result.session, TurnInput(value={"state": "triage", "answer": "recording_deleted"}))
    assert "deleted after 30 days" in result.replies[0].full


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{% for x in range(3) %}x{% endfor %}", "**bold** [x](http://evil)"])
def test_user_text_is_shown_as_typed_never_evaluated(chat, text):
    chat.click("start", "welcome")
    chat.click("no_record_option")
    reply = chat.say(f"troubleshoot for {text}")
    assert "49" not in reply.full and "xxx" not in reply.full
    assert "isn't a valid user principal name" in reply.full
    assert "[x](http://evil)" not in reply.full
