"""The generator: what an admin sees when they build the knowledge from markdown."""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.build import GENERATED_DIR, SOURCE_DIR, generate, stale_files, write

REPO = Path(__file__).resolve().parents[2]
# sha256 of the guide as Microsoft Learn published it, taken when it was vendored
PUBLISHED_GUIDE_SHA256 = "8cd6e6fd9d4b416672500fd52fde3f38bc22913184f207e18eede23839600d71"
GUIDE = SOURCE_DIR / "troubleshoot-meeting-recording.md"


def build_cli(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "knowledge", "build", *args],
                          capture_output=True, text=True, cwd=cwd)


def entries_of(result, name="doc.json"):
    return {e["id"]: e for e in json.loads(result.outputs[name])["entries"]}


def build_from(tmp_path, text, name="doc.md"):
    source = tmp_path / "source"
    source.mkdir(exist_ok=True)
    path = source / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return generate(source)


def test_the_guide_is_vendored_unchanged_below_its_attribution_line():
    first, rest = GUIDE.read_bytes().split(b"\n", 1)
    assert b"Microsoft Learn" in first and b"CC BY 4.0" in first
    assert hashlib.sha256(rest).hexdigest() == PUBLISHED_GUIDE_SHA256


def test_committed_knowledge_is_current():
    result = build_cli("--check")
    assert result.returncode == 0, result.stderr


def test_build_is_deterministic():
    assert generate().outputs == generate().outputs


def test_check_reports_a_stale_file_and_build_rewrites_it(tmp_path):
    out = tmp_path / "generated"
    out.mkdir()
    (out / "troubleshoot-meeting-recording.json").write_text("{}", encoding="utf-8")
    (out / "orphan.json").write_text("{}", encoding="utf-8")
    stale = build_cli("--check", "--out", str(out))
    assert stale.returncode == 1
    assert "troubleshoot-meeting-recording.json: stale" in stale.stderr
    assert "orphan.json: stale" in stale.stderr
    assert build_cli("--out", str(out)).returncode == 0
    assert build_cli("--check", "--out", str(out)).returncode == 0
    assert not (out / "orphan.json").exists()


def test_sections_have_stable_slug_ids_and_parents():
    entries = entries_of(generate(), "troubleshoot-meeting-recording.json")
    upload = entries["verify-stream-upload-permissions-for-a-user"]
    assert upload["title"] == "Verify Stream upload permissions for a user"
    assert upload["parent"] == "verify-the-user-meets-the-requirements-for-recording"
    assert entries["verify-the-user-meets-the-requirements-for-recording"]["parent"] == \
        "troubleshoot-meeting-recording"


def test_every_kind_of_content_is_extracted_with_its_source_lines():
    entries = entries_of(generate(), "troubleshoot-meeting-recording.json")
    lines = GUIDE.read_text(encoding="utf-8").splitlines()
    caution = entries["verify-the-user-meets-the-requirements-for-recording/callout-1"]
    assert (caution["callout"], caution["text"]) == ("caution", "Recordings stored in AMS are deleted after 21 days.")
    procedure = entries["verify-stream-upload-permissions-for-a-user/procedure-1"]
    assert [s["n"] for s in procedure["steps"]] == [1, 2, 3, 4, 5, 6]
    assert procedure["steps"][3]["text"] == "Enable the Restrict video uploads option."
    assert procedure["links"][0]["text"] == "Microsoft Stream"
    assert procedure["links"][0]["url"].startswith("https://web.microsoftstream.com")
    table = entries["review-audio-and-video-policies/table-1"]
    assert table["header"] == ["User", "Meeting policy", "Allow cloud recording"]
    assert table["rows"][1] == ["Adele", "Contoso Meeting Policy", "On"]
    image = entries["verify-user-prerequisites/image-1"]
    assert image["text"] == "A screenshot that displays the output from a meeting recording test."
    kinds = {e["callout"] for e in entries.values() if e["kind"] == "callout"}
    assert kinds == {"important", "note", "caution", "warning"}
    for entry in entries.values():
        first, last = entry["lines"]
        span = " ".join(lines[first - 1: last])
        assert entry["source"] == "troubleshoot-meeting-recording.md"
        first_word = entry["text"].split()[0].strip("*:,")
        assert first_word in span.replace("**", ""), entry["id"]


def test_two_headings_with_one_title_get_distinct_stable_ids(tmp_path):
    text = "# Doc\n\n## Setup\n\nFirst.\n\n## Setup\n\nSecond.\n"
    result = build_from(tmp_path, text)
    entries = entries_of(result)
    assert entries["setup/paragraph-1"]["text"] == "First."
    assert entries["setup-2/paragraph-1"]["text"] == "Second."
    assert any("repeats an earlier title" in str(i) and ":7:" in str(i) for i in result.issues)
    assert result.ok


def test_an_empty_callout_is_an_error_naming_file_and_line(tmp_path):
    result = build_from(tmp_path, "Intro.\n\n> [!NOTE]\n\nAfter.\n")
    assert [str(e) for e in result.errors] == ["doc.md:3: error: callout [!NOTE] has no text"]


def test_a_callout_of_unknown_kind_or_with_an_open_bracket_is_an_error(tmp_path):
    for marker in ("[!DANGER]", "[!NOTE"):
        result = build_from(tmp_path, f"Intro.\n\n> {marker}\n> Careful.\n")
        assert len(result.errors) == 1
        assert result.errors[0].line == 3 and marker in result.errors[0].message


def test_a_plain_block_quote_is_kept_as_a_quote(tmp_path):
    result = build_from(tmp_path, "> Just a quote.\n")
    assert result.ok
    assert entries_of(result)["doc/quote-1"]["text"] == "Just a quote."


def test_an_image_without_alt_text_is_an_error(tmp_path):
    result = build_from(tmp_path, 'Intro.\n\n:::image type="content" source="a.png":::\n')
    assert [(e.line, "no alt-text" in e.message) for e in result.errors] == [(3, True)]


def test_an_unclosed_image_directive_is_an_error(tmp_path):
    result = build_from(tmp_path, 'Intro.\n\n:::image type="content" alt-text="A cat"\n\nMore text.\n')
    assert [e.line for e in result.errors] == [3]
    assert "never closed" in result.errors[0].message


def test_an_image_directive_over_several_lines_keeps_its_alt_text(tmp_path):
    result = build_from(tmp_path, ':::image type="content"\n   alt-text="Two lines":::\n')
    assert entries_of(result)["doc/image-1"]["text"] == "Two lines"


def test_a_table_row_with_extra_cells_is_an_error_because_cells_would_be_lost(tmp_path):
    result = build_from(tmp_path, "| A | B |\n| - | - |\n| 1 | 2 | 3 |\n")
    assert [e.line for e in result.errors] == [3]


def test_a_short_table_row_is_padded_with_a_warning(tmp_path):
    result = build_from(tmp_path, "| A | B |\n| - | - |\n| 1 |\n")
    assert result.ok
    assert entries_of(result)["doc/table-1"]["rows"] == [["1", ""]]
    assert any(i.level == "warning" and i.line == 3 for i in result.issues)


def test_a_file_that_is_not_utf8_is_an_error_with_its_line(tmp_path):
    result = build_from(tmp_path, b"Line one.\n\nCaf\xe9 line three.\n")
    assert [(e.path, e.line) for e in result.errors] == [("doc.md", 3)]
    assert "not UTF-8" in result.errors[0].message


def test_an_empty_file_is_skipped_with_a_warning(tmp_path):
    result = build_from(tmp_path, "  \n")
    assert result.ok and result.outputs == {}
    assert [str(i) for i in result.issues] == ["doc.md:1: warning: empty file: nothing to extract, skipped"]


def test_a_failed_build_exits_non_zero_names_the_line_and_writes_nothing(tmp_path):
    source, out = tmp_path / "source", tmp_path / "generated"
    source.mkdir()
    (source / "good.md").write_text("Fine.\n", encoding="utf-8")
    (source / "bad.md").write_text("Intro.\n\n> [!NOTE]\n", encoding="utf-8")
    result = build_cli("--source", str(source), "--out", str(out))
    assert result.returncode == 1
    assert "bad.md:3: error: callout [!NOTE] has no text" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    with pytest.raises(ValueError):
        write(generate(source), out)


def test_section_ids_stay_unique_across_documents(tmp_path):
    build_from(tmp_path, "## Setup\n\nOne.\n", "a.md")
    result = build_from(tmp_path, "## Setup\n\nTwo.\n", "b.md")
    assert "setup/paragraph-1" in entries_of(result, "a.json")
    assert "setup-2/paragraph-1" in entries_of(result, "b.json")
    assert stale_files(result, tmp_path / "nowhere") == ["a.json", "b.json"]


def test_generated_dir_is_the_committed_one():
    assert (GENERATED_DIR / "troubleshoot-meeting-recording.json").exists()


def test_each_link_of_a_paragraph_keeps_its_own_address(tmp_path):
    """Two links in one sentence: the second must not point where the first does."""
    result = build_from(tmp_path, "# Doc\n\nSee [one](https://example.com/1) and [two](https://example.com/2).\n")
    paragraph = entries_of(result)["doc/paragraph-1"]
    assert paragraph["markdown"] == "See [one](https://example.com/1) and [two](https://example.com/2)."
