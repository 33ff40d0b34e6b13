"""Where the 2021 guide is out of date, the bot quotes it and then the update, with its year and source."""
import shutil

import pytest

from dialogs.engine import Engine
from dialogs.render import Renderer
from dialogs.replies import TurnInput
from knowledge.build import SOURCE_DIR, generate, write
from knowledge.store import Knowledge

AMS_CAUTION = "verify-the-user-meets-the-requirements-for-recording/callout-1"
STORAGE_PAGE = "https://learn.microsoft.com/microsoftteams/tmr-meeting-recording-change"


@pytest.fixture
def kb_view(kb):
    return Renderer(kb).citing()


def deleted_recording_answer(knowledge_dir) -> str:
    """What someone who clicks 'my recording was deleted' reads, with the knowledge built in ``knowledge_dir``."""
    engine = Engine(Knowledge.from_dir(knowledge_dir))
    result = engine.turn(None, TurnInput(value={"state": "welcome", "answer": "start"}))
    result = engine.turn(result.session, TurnInput(value={"state": "triage", "answer": "recording_deleted"}))
    return result.replies[0].full


def rebuilt_with(tmp_path, old: str, new: str) -> str:
    """Copy the sources, replace ``old`` by ``new`` in the updates document, rebuild into tmp_path."""
    source, out = tmp_path / "source", tmp_path / "generated"
    shutil.copytree(SOURCE_DIR, source)
    updates = source / "recording-updates.md"
    text = updates.read_text(encoding="utf-8")
    assert old in text
    updates.write_text(text.replace(old, new), encoding="utf-8")
    write(generate(source), out)
    return out


def test_the_guide_is_quoted_first_then_each_update_with_its_year_and_page(kb_view):
    text = kb_view.quote(AMS_CAUTION)
    guide, first, second = text.split("\n\n")
    assert guide == "> Recordings stored in AMS are deleted after 21 days."
    assert first.startswith("> **Update, 2024:** When a recording can't be uploaded")
    assert f"({STORAGE_PAGE})" in first and "2024-07-19" in first
    assert second.startswith("> **Update, 2024:** Recordings saved to OneDrive and SharePoint expire")


def test_the_year_is_the_one_the_update_carries(kb_view):
    text = kb_view.quote("run-the-meeting-recording-support-diagnostic/callout-1")
    assert "> **Update, 2021:** Since 30 August 2021 every new Teams meeting recording is saved to OneDrive" in text


def test_a_current_guide_entry_is_quoted_alone(kb_view):
    assert kb_view.quote("review-audio-and-video-policies/callout-2") == \
        "> Guest users, and federated and anonymous users, can't start the recording.\n"


def test_an_update_is_shown_once_per_reply_even_when_it_supersedes_two_quotes(kb_view):
    first = kb_view.quote(AMS_CAUTION)
    second = kb_view.quote("verify-stream-upload-permissions-for-a-user/callout-1")
    assert first.count("When a recording can't be uploaded") == 1
    assert "Update" not in second


def test_a_list_item_update_follows_the_paragraph_that_introduces_the_list(kb_view):
    text = kb_view.quote("verify-user-prerequisites/paragraph-1")
    assert text.index("sufficient storage in Microsoft Stream") < text.index("about 400 MB")


def test_an_inline_fact_gets_its_update_only_where_the_template_asks(kb_view):
    assert "Update" not in kb_view.fact("review-audio-and-video-policies/paragraph-2")
    assert "now **Meeting recording**" in kb_view.updates("review-audio-and-video-policies/paragraph-2")


def test_updates_are_cited_with_their_document_and_link(kb_view):
    kb_view.quote(AMS_CAUTION)
    cited = {(s["document"], s["section"], s.get("url")) for s in kb_view.sources()}
    assert ("What changed since the guide", "Recordings that can't be uploaded are deleted after 21 days",
            STORAGE_PAGE) in cited
    assert ("Troubleshoot meeting recording", "Verify the user meets the requirements for recording", None) in cited


def test_every_reply_quotes_cites_and_updates_the_same_as_the_first_to_quote_it(kb):
    """The renderer keeps what a quote renders to; each reply must still cite the table the quote
    points at and get the update, which is shown once per reply, not once per process."""
    renderer = Renderer(kb)
    replies = [renderer.citing() for _ in range(3)]
    texts = [view.quote("review-audio-and-video-policies/paragraph-6") + view.quote(AMS_CAUTION) for view in replies]
    assert texts[0] == texts[1] == texts[2]
    assert "Alex" in texts[0] and texts[0].count("When a recording can't be uploaded") == 1
    assert replies[0].sources() == replies[1].sources() == replies[2].sources()
    assert replies[0].cited == replies[2].cited and "review-audio-and-video-policies/table-1" in replies[2].cited
    assert replies[2].quote(AMS_CAUTION).count("Update") == 0  # the same reply again: its updates were shown


def test_update_accepts_only_a_dated_section(kb_view):
    with pytest.raises(ValueError, match="not a dated section"):
        kb_view.update("where-recordings-are-saved-now/list-1")
    with pytest.raises(ValueError, match="not a dated section"):
        kb_view.update("review-audio-and-video-policies")


def test_a_command_gets_the_upn_filled_in_and_refuses_to_break_out_of_the_code_block(kb_view):
    command = kb_view.command("which-policies-a-user-has/code-1", UPN="adele@contoso.com")
    assert command.startswith("```powershell\nGet-CsOnlineUser -Identity adele@contoso.com | Select-Object")
    assert command.endswith("\n```")
    assert "user@contoso.com" in kb_view.command("which-policies-a-user-has/code-1")
    with pytest.raises(ValueError, match="backtick"):
        kb_view.command("which-policies-a-user-has/code-1", UPN="x`\n```")
    with pytest.raises(ValueError, match="not a code block"):
        kb_view.command("which-policies-a-user-has/paragraph-1")


def test_the_chat_answer_quotes_the_guide_then_the_update_and_links_the_page():
    from knowledge.paths import GENERATED_DIR
    text = deleted_recording_answer(GENERATED_DIR)
    assert text.index("deleted after 21 days") < text.index("**Update, 2024:**")
    assert f"[Recordings that can't be uploaded are deleted after 21 days]({STORAGE_PAGE})" in text


def test_changing_an_update_date_changes_the_year_the_bot_gives(tmp_path):
    out = rebuilt_with(tmp_path, "tmr-meeting-recording-change), dated 2024-07-19.",
                       "tmr-meeting-recording-change), dated 2025-03-01.")
    text = deleted_recording_answer(out)
    assert "**Update, 2025:** When a recording can't be uploaded" in text
    assert "**Update, 2024:** When a recording can't be uploaded" not in text
    assert "2025-03-01" in text


def test_changing_a_number_in_an_update_changes_the_answer(tmp_path):
    out = rebuilt_with(tmp_path, "by default 120\ndays after", "by default 90\ndays after")
    text = deleted_recording_answer(out)
    assert "by default 90 days after they are made" in text and "120" not in text
