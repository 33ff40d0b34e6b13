"""Looking things up: what the bot (and an admin at a terminal) gets back."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.build import SOURCE_DIR, generate, write
from knowledge.store import Knowledge, UnknownEntry, load, without_picture_pointers

REPO = Path(__file__).resolve().parents[2]
AMS_CAUTION = "verify-the-user-meets-the-requirements-for-recording/callout-1"


@pytest.fixture(scope="module")
def kb():
    return load()


def knowledge_cli(*args):
    return subprocess.run([sys.executable, "-m", "knowledge", *args], capture_output=True, text=True, cwd=REPO)


def test_an_entry_is_found_by_id_with_its_citation(kb):
    assert kb.get(AMS_CAUTION).text == "Recordings stored in AMS are deleted after 21 days."
    assert kb.cite(AMS_CAUTION) == {
        "id": AMS_CAUTION, "document": "Troubleshoot meeting recording", "section": "Verify the user meets the requirements for recording",
        "section_id": "verify-the-user-meets-the-requirements-for-recording",
        "source": "troubleshoot-meeting-recording.md", "lines": [46, 47]}


def test_list_items_and_procedure_steps_have_ids_of_their_own(kb):
    assert kb.get("review-audio-and-video-policies/list-2.2").text == \
        "The user must be an authenticated user from the same organization"
    assert kb.get("run-the-meeting-recording-support-diagnostic/procedure-1.2").markdown == \
        "Select **Help** from the menu bar, and then enter **Diag: Meeting Recording**."


def test_an_unknown_id_suggests_the_closest_ones(kb):
    with pytest.raises(UnknownEntry) as error:
        kb.get("verify-user-prerequisite/list-1")
    assert "verify-user-prerequisites/list-1" in str(error.value)


@pytest.mark.parametrize("question, expected", [
    ("how long are recordings kept in AMS", AMS_CAUTION),
    ("Can guests start the recording?", "review-audio-and-video-policies/callout-2"),
    ("are whiteboards included in the recording", "review-audio-and-video-policies/callout-3"),
    ("how do I restrict video uploads in Stream", "verify-stream-upload-permissions-for-a-user/procedure-1"),
    ("where do I enter Diag: Meeting Recording", "run-the-meeting-recording-support-diagnostic/procedure-1"),
    ("which policy setting turns cloud recording on", "review-audio-and-video-policies/paragraph-3"),
    ("my recordings go to OneDrive now, not Stream", "recordings-go-to-onedrive-and-sharepoint-not-stream/paragraph-1"),
])
def test_search_puts_the_entry_that_answers_the_question_first(kb, question, expected):
    hits = kb.search(question, 3)
    assert hits[0].entry.id == expected, [h.entry.id for h in hits]
    assert hits[0].section.id == kb.get(expected).section
    assert hits[0].score > hits[-1].score or len(hits) == 1


def test_search_understands_what_people_say_instead_of_the_guides_words(kb):
    greyed = [h.entry.id for h in kb.search("the record button is greyed out", 5)]
    disabled = [h.entry.id for h in kb.search("the record button is disabled", 5)]
    assert greyed == disabled
    partner = kb.search("people from our partner company can't record", 3)
    assert partner[0].entry.id == "review-audio-and-video-policies/callout-2"


def test_search_finds_nothing_for_an_unrelated_question(kb):
    assert kb.search("what is the capital of France", 3) == []


def test_changing_a_fact_in_the_source_changes_the_answer(tmp_path):
    source, out = tmp_path / "source", tmp_path / "generated"
    shutil.copytree(SOURCE_DIR, source)
    guide = source / "troubleshoot-meeting-recording.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("21 days", "30 days"), encoding="utf-8")
    write(generate(source), out)
    answer = Knowledge.from_dir(out).search("how long are recordings kept in AMS", 1)[0].entry.text
    assert "30 days" in answer and "21" not in answer


def test_show_prints_the_entry_and_where_it_comes_from():
    result = knowledge_cli("show", AMS_CAUTION)
    assert result.returncode == 0
    assert "Recordings stored in AMS are deleted after 21 days." in result.stdout
    assert "troubleshoot-meeting-recording.md:46-47" in result.stdout


def test_show_an_unknown_id_fails_with_suggestions():
    result = knowledge_cli("show", "review-audio/list-2")
    assert result.returncode == 1
    assert "did you mean review-audio-and-video-policies/list-2" in result.stderr


def test_search_prints_ranked_entries_with_their_text():
    result = knowledge_cli("search", "can federated users record?")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0].split()[1] == "review-audio-and-video-policies/callout-2"
    assert "Guest users, and federated and anonymous users, can't start the recording." in result.stdout


# --- quoting: the guide points at pictures the chat never shows ----------------------------------

def test_a_quote_leaves_out_the_clause_that_points_at_a_screenshot(kb):
    entry = kb.get("review-audio-and-video-policies/paragraph-2")
    assert entry.text.endswith("meeting policy, as displayed in the following screenshot.")  # the guide, unchanged
    assert entry.quotable == ("Open the **Microsoft Teams admin center**, and review the **Audio & video** section "
                              "of the appropriate meeting policy.")


def test_a_procedure_step_loses_its_pointer_and_keeps_its_commas(kb):
    step = kb.get("verify-stream-upload-permissions-for-a-user/procedure-1.3")
    assert "displayed below" in step.text
    assert step.quotable == "In the navigation pane, select **Content creation**."
    assert "displayed below" not in kb.get("verify-stream-upload-permissions-for-a-user/procedure-1").quotable


@pytest.mark.parametrize("said, quoted", [
    ("Review the section, as displayed in the following screenshot.", "Review the section."),
    ("Open the pane as shown in the following image, then save.", "Open the pane, then save."),
    ("Select **Save** (see the following screenshot).", "Select **Save**."),
    ("The following screenshot shows the pane. Then select **Save**.", "Then select **Save**."),
    ("In the pane, displayed below, select **Content creation**.", "In the pane, select **Content creation**."),
    ("This is enabled by default, but can be disabled (see below).", "This is enabled by default, but can be disabled (see below)."),
    ("The following table describes a possible scenario.", "The following table describes a possible scenario."),
])
def test_only_the_pointers_at_pictures_are_left_out(said, quoted):
    assert without_picture_pointers(said) == quoted


def test_no_entry_of_the_knowledge_points_at_a_picture_once_quoted(kb):
    pointers = ("following screenshot", "following image", "displayed below", "shown below", "as shown in the")
    assert [i for i in kb.ids() if any(p in kb.get(i).quotable.lower() for p in pointers)] == []
