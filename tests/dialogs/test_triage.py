"""The topic of a first message: right when it commits, honest when it is unsure or the guide doesn't cover it."""
import json
import shutil
from pathlib import Path

import pytest

from bench.triage import Score, score_cross_validated, score_set
from dialogs.train import DATA as TRAINING
from dialogs.train import REAL, TRAINING_SETS, is_current, read_rows
from dialogs.triage import TOPICS_DIR, CueTables, Triager

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
WRITTEN = {
    "dev sample": TRAINING / "dev-utterances.jsonl",
    "held-out": TRAINING / "heldout-utterances.jsonl",
    "final": TRAINING / "final-utterances.jsonl",
}
BLIND = ROOT / "bench" / "data" / "blind-real-style-utterances.jsonl"


@pytest.fixture(scope="module")
def triage(kb):
    return Triager(kb)


# --- how far it can be trusted (the targets, with margin) -------------------------------------------

@pytest.fixture(scope="module")
def cross_validated() -> Score:
    return score_cross_validated(read_rows(REAL, 3.0))


def test_on_real_messages_it_never_saw_it_rarely_commits_to_a_wrong_topic(cross_validated):
    assert cross_validated.wrong / cross_validated.n <= 0.08, cross_validated.confusion


def test_on_real_messages_it_never_saw_it_is_honest_about_what_the_guide_does_not_cover(cross_validated):
    assert cross_validated.honest / cross_validated.uncovered >= 0.85, cross_validated.confusion


def test_on_real_messages_it_never_saw_it_names_or_offers_the_right_topic(cross_validated):
    assert cross_validated.helped / cross_validated.covered >= 0.85, cross_validated.confusion


def test_on_messages_written_by_someone_who_never_saw_the_rules_it_is_trustworthy(triage):
    score = score_set(read_rows(BLIND), triage, [])
    assert score.wrong / score.n <= 0.08, score.confusion
    assert score.honest / score.uncovered >= 0.85, score.confusion
    assert score.helped / score.covered >= 0.85, score.confusion


@pytest.mark.parametrize("name", WRITTEN)
def test_the_sets_written_for_the_project_stay_at_least_95_percent_exact(triage, name):
    score = score_set(read_rows(WRITTEN[name]), triage, [])
    assert score.exact / score.n >= 0.95, score.confusion


def test_every_written_set_is_part_of_training_and_the_blind_set_is_not():
    trained = {path.name for path, _ in TRAINING_SETS}
    assert {path.name for path in WRITTEN.values()} <= trained
    assert BLIND.name not in trained


def test_the_committed_model_was_trained_on_the_examples_and_tables_as_they_are():
    assert is_current(), "run: python -m dialogs train"


# --- what a message is about, not which words it shares with a topic ---------------------------------------

@pytest.mark.parametrize("text, topic", [
    ("I'm a guest and can't record", "auth_external"),
    ("the record button has disappeared since last week", "start"),
    ("my recording vanished after three weeks", "ams_expiry"),
    ("I can record my own meetings but not my manager's", "policy_organizer"),
    ("Can I record a phone call in Teams?", "calls_policy"),
    ("the record option is missing in our town hall", "events_policy"),
    ("I declined the recording consent and now I can't record", "recording_consent"),
    ("the organizer has no OneDrive so the recording could not be saved", "onedrive_storage"),
    ("How do I schedule a recurring meeting?", "other"),
    ("where is the transcript stored?", "other"),
])
def test_a_clear_message_gets_its_topic(triage, text, topic):
    assert triage(text).topic == topic


@pytest.mark.parametrize("text, not_topic", [
    ("external people can't view the recording afterwards", "auth_external"),
    ("guests can't open the meeting recording", "auth_external"),
    ("where is the meeting transcript stored for channel meetings?", "storage_location"),
    ("the consent prompt for transcription confuses people", "stream_consent"),
    ("can I change how long recordings are kept with MeetingRecordingExpirationDays?", "ams_expiry"),
])
def test_a_lookalike_subject_never_commits_to_the_topic_it_resembles(triage, text, not_topic):
    assert triage(text).topic != not_topic


def test_when_unsure_it_says_so_and_offers_two_or_three_candidates_best_first(triage):
    result = triage("the recording is not there")
    assert result.topic == "unclear"
    assert 2 <= len(result.candidates) <= 3 and "other" not in result.candidates
    ranked = sorted(result.probabilities, key=result.probabilities.get, reverse=True)
    assert list(result.candidates) == [t for t in ranked if t != "other"][:len(result.candidates)]


def test_a_committed_topic_has_no_candidates(triage):
    assert triage("I'm a guest and can't record").candidates == ()


# --- what a first message already answers -------------------------------------------------------------

@pytest.mark.parametrize("text, slots", [
    ("I'm a guest and can't record", {"check_auth_type": "guest"}),
    ("I joined anonymously from the browser and can't record", {"check_auth_type": "anonymous"}),
    ("Can guests start the recording?", {}),
    ("I can record my own meetings but not my manager's", {"check_organizer": "someone_else"}),
    ("our Global policy has cloud recording off and I can't record", {"check_policy": "off"}),
    ("the record button is missing in my 1:1 call", {"check_meeting_type": "call"}),
    ("how do I record a 1:1 call?", {"check_meeting_type": "call"}),
    ("I declined the recording consent and now I can't record", {"check_consent": "declined"}),
    ("the organizer's OneDrive is full and the recording never showed up", {"check_onedrive": "full"}),
])
def test_a_statement_keeps_what_it_already_answers(triage, text, slots):
    result = triage(text)
    assert {k: v for k, v in result.slots.items() if k in slots} == slots
    assert not slots or result.slots == slots


def test_a_negated_join_kind_is_not_taken_as_the_answer(triage):
    assert triage("I'm not a guest and I still can't record").slots.get("check_auth_type") != "guest"


# --- explainable, and the tables are data a newcomer can edit ---------------------------------------------

def test_explain_shows_the_cues_the_model_and_why_it_was_unsure(triage):
    text = triage.explain("the recording is not there")
    assert text.startswith("topic: unclear  candidates: ")
    assert "model: " in text and "asking instead" in text
    assert "  like: [" in text


def test_explain_names_the_cue_that_counted_against_a_lookalike(triage):
    text = triage.explain("external people can't view the recording afterwards")
    assert "auth_external lookalike:" in text
    assert "auth_external: external (+5)" in text


def test_every_topic_has_a_table_with_cues_and_examples():
    tables = CueTables.load()
    for topic in tables.topics:
        assert tables.cues[topic], f"{topic}.toml has no cues"
        assert tables.examples[topic], f"{topic}.toml has no examples"


@pytest.mark.parametrize("content, error", [
    ("examples = []\n[cues]\n'record' 3\n", r"start\.toml: .*line 3"),
    ("examples = ['x']\n[cues]\n're:(unclosed' = 3\n", r"start\.toml: cue 're:\(unclosed'"),
])
def test_a_broken_topic_file_is_reported_with_its_name_and_where(tmp_path, content, error):
    topics = tmp_path / "topics"
    shutil.copytree(TOPICS_DIR, topics)
    (topics / "start.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        CueTables.load(topics)


def test_a_label_file_with_a_broken_line_names_the_file_and_line(tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"text": "x", "topic": "start"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"set\.jsonl:2: "):
        read_rows(path)
