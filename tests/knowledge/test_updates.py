"""The updates document: what changed since the 2021 guide, each fact dated and linked to its public page."""
import datetime
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.build import SOURCE_DIR, generate, write
from knowledge.store import Knowledge, load

REPO = Path(__file__).resolve().parents[2]
UPDATES = "recording-updates.md"
GUIDE = "troubleshoot-meeting-recording.md"
LEARN = "https://learn.microsoft.com/"
AMS_CAUTION = "verify-the-user-meets-the-requirements-for-recording/callout-1"

# The sections the conversation quotes by id: renaming one is a breaking change for dialogs/.
CONTRACT_SECTIONS = [
    "recordings-go-to-onedrive-and-sharepoint-not-stream", "stream-classic-has-been-retired",
    "where-recordings-are-saved-now", "storage-space-for-recordings", "when-the-organizer-has-no-onedrive",
    "recordings-that-cant-be-uploaded-are-deleted-after-21-days", "recordings-in-onedrive-and-sharepoint-expire",
    "the-organizer-and-the-recorder-both-need-recording-allowed", "attendees-cant-start-a-recording",
    "the-organizer-can-limit-who-records", "calls-follow-the-calling-policy",
    "town-halls-and-webinars-follow-the-events-policy", "explicit-recording-consent-makes-some-people-view-only",
    "what-microsofts-troubleshooting-page-checks-today", "diagnostics-for-admins",
    "checking-each-setting-with-powershell", "which-policies-a-user-has", "meeting-policy-settings-for-recording",
    "calling-policy-setting-for-call-recording", "events-policy-settings-for-recording",
]


@pytest.fixture(scope="module")
def kb():
    return load()


def updates_entries():
    return json.loads(generate().outputs["recording-updates.json"])["entries"]


def build_pair(tmp_path, updates_text, guide_text="# Guide\n\n## Setup\n\nTurn it on.\n",
               names=("recording-updates.md", "troubleshoot-meeting-recording.md")):
    source = tmp_path / "source"
    source.mkdir(exist_ok=True)
    (source / names[0]).write_text(updates_text, encoding="utf-8")
    (source / names[1]).write_text(guide_text, encoding="utf-8")
    return generate(source)


def errors_of(result):
    return [str(issue) for issue in result.errors]


DATED = "Source: [Page](https://learn.microsoft.com/page), dated 2024-07-19.\n"


def test_the_updates_document_builds_without_a_single_problem():
    result = generate()
    assert result.ok
    assert [str(i) for i in result.issues if i.path == UPDATES] == []


def test_it_carries_an_attribution_line_and_a_cc_licence():
    first = (SOURCE_DIR / UPDATES).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("<!-- Attribution:") and "CC BY 4.0" in first
    document = json.loads(generate().outputs["recording-updates.json"])
    assert document["title"] == "What changed since the guide"
    assert "own words" in document["attribution"]


def test_every_fact_has_a_real_date_and_a_microsoft_learn_link():
    entries = updates_entries()
    facts = [e for e in entries if e["section"] != "what-changed-since-the-guide" or e["kind"] != "paragraph"]
    facts = [e for e in facts if e["id"] != "what-changed-since-the-guide"]
    assert len(facts) > 60
    for entry in facts:
        assert datetime.date.fromisoformat(entry["date"]) <= datetime.date.today(), entry["id"]  # never ahead of now
        assert entry["url"].startswith(LEARN), entry["id"]
    for source in (e for e in entries if e["kind"] == "source"):
        assert all(link["url"].startswith(LEARN) for link in source["links"]), source["id"]


def test_the_sections_the_conversation_quotes_exist_with_their_dates(kb):
    for section_id in CONTRACT_SECTIONS:
        section = kb.get(section_id)
        assert section.kind == "section" and section.source == UPDATES
        assert kb.facts(section_id), section_id
    assert kb.get("recordings-go-to-onedrive-and-sharepoint-not-stream").date == "2021-08-30"
    assert kb.get("stream-classic-has-been-retired").date == "2024-04-15"


def test_every_superseded_entry_is_a_guide_entry(kb):
    superseded = [t for e in updates_entries() for t in e.get("supersedes", [])]
    assert len(superseded) >= 10
    for target in superseded:
        assert kb.get(target).source == GUIDE, target


def test_the_store_says_what_updates_a_guide_entry(kb):
    assert [u.id for u in kb.updates_for(AMS_CAUTION)] == [
        "recordings-that-cant-be-uploaded-are-deleted-after-21-days", "recordings-in-onedrive-and-sharepoint-expire"]
    assert [u.id for u in kb.updates_for("verify-user-prerequisites/list-1")] == ["storage-space-for-recordings"]
    assert kb.updates_for("review-audio-and-video-policies/callout-2") == []


def test_a_citation_names_the_document_the_section_the_page_and_the_date(kb):
    cite = kb.cite("recordings-that-cant-be-uploaded-are-deleted-after-21-days/paragraph-1")
    assert cite["document"] == "What changed since the guide"
    assert cite["section"] == "Recordings that can't be uploaded are deleted after 21 days"
    assert cite["url"] == "https://learn.microsoft.com/microsoftteams/tmr-meeting-recording-change"
    assert cite["date"] == "2024-07-19" and cite["source"] == UPDATES
    assert "url" not in kb.cite(AMS_CAUTION)


@pytest.mark.parametrize("section_id, phrases", [
    ("recordings-go-to-onedrive-and-sharepoint-not-stream", ["30 August 2021", "RecordingStorageMode"]),
    ("stream-classic-has-been-retired", ["15 April 2024", "deleted"]),
    ("where-recordings-are-saved-now", ["even when the organizer didn't join", "SharePoint site"]),
    ("storage-space-for-recordings", ["400 MB"]),
    ("when-the-organizer-has-no-onedrive", ["co-organizer", "started the recording", "Temporary storage"]),
    ("recordings-that-cant-be-uploaded-are-deleted-after-21-days", ["storage quota is full", "21 days"]),
    ("recordings-in-onedrive-and-sharepoint-expire", ["120", "NewMeetingRecordingExpirationDays", "A1", "30 days",
                                                      "recycle bin", "retention"]),
    ("the-organizer-and-the-recorder-both-need-recording-allowed", ["AllowCloudRecording", "on by default"]),
    ("attendees-cant-start-a-recording", ["attendees can't"]),
    ("the-organizer-can-limit-who-records", ["Who can record and transcribe", "Teams Premium"]),
    ("calls-follow-the-calling-policy", ["AllowCloudRecordingForCalls", "Cloud recording for calling"]),
    ("town-halls-and-webinars-follow-the-events-policy", ["RecordingForTownhall", "RecordingForWebinar"]),
    ("explicit-recording-consent-makes-some-people-view-only", ["ExplicitRecordingConsent", "view-only"]),
    ("what-microsofts-troubleshooting-page-checks-today", ["lock icon", "signed in"]),
    ("diagnostics-for-admins", ["aka.ms/MeetingRecordingDiag", "aka.ms/MissingRecordingDiag", "Government"]),
])
def test_the_facts_the_issues_ask_for_are_stated(kb, section_id, phrases):
    said = " ".join(e.text + " " + " ".join(link["url"] for link in e.get("links", []))
                    for e in kb.facts(section_id))
    assert [p for p in phrases if p not in said] == []


@pytest.mark.parametrize("section_id, command", [
    ("which-policies-a-user-has", "Get-CsOnlineUser -Identity user@contoso.com | Select-Object UserPrincipalName, "
                                  "TeamsMeetingPolicy, TeamsCallingPolicy, TeamsEventsPolicy"),
    ("meeting-policy-settings-for-recording", "Get-CsTeamsMeetingPolicy -Identity POLICY-NAME | Select-Object Identity, "
                                              "AllowCloudRecording, ExplicitRecordingConsent"),
    ("calling-policy-setting-for-call-recording", "Get-CsTeamsCallingPolicy -Identity POLICY-NAME | Select-Object "
                                                  "Identity, AllowCloudRecordingForCalls"),
    ("events-policy-settings-for-recording", "Get-CsTeamsEventsPolicy -Identity POLICY-NAME | Select-Object Identity, "
                                             "RecordingForTownhall, RecordingForWebinar"),
])
def test_each_powershell_check_is_kept_verbatim_and_cited_to_its_cmdlet_page(kb, section_id, command):
    code = kb.get(f"{section_id}/code-1")
    assert code.kind == "code" and code["language"] == "powershell"
    assert code.text.startswith(command)
    cmdlet = command.split()[0].lower()
    assert f"{LEARN}powershell/module/microsoftteams/{cmdlet}" in [link["url"] for link in
                                                                  kb.source_line(section_id)["links"]]


def test_search_can_keep_to_one_document_with_the_scores_it_had_alone(kb):
    """The triage's retrieval evidence is tuned on the guide's scores: a second document must not move them."""
    question = "my recordings go to OneDrive now, not Stream"
    assert kb.search(question, 1)[0].entry.source == UPDATES
    guide_alone = Knowledge([d for d in kb.documents if d["source"] == GUIDE])
    for text in (question, "can guests record?", "how long are recordings kept in AMS"):
        assert [(h.entry.id, h.score) for h in kb.search(text, 3, source=GUIDE)] == \
            [(h.entry.id, h.score) for h in guide_alone.search(text, 3)]
    with pytest.raises(KeyError, match="no knowledge document 'nope.md'"):
        kb.search(question, 1, source="nope.md")


def test_code_is_not_searched_as_prose(kb):
    assert all(hit.entry.kind != "code" for hit in kb.search("Get-CsTeamsMeetingPolicy AllowCloudRecording", 10))


def test_show_prints_a_command_exactly_as_written():
    result = subprocess.run([sys.executable, "-m", "knowledge", "show", "which-policies-a-user-has/code-1"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0
    assert "Get-CsOnlineUser -Identity user@contoso.com | Select-Object" in result.stdout
    lines = (SOURCE_DIR / UPDATES).read_text(encoding="utf-8").splitlines()
    fence = lines.index("Get-CsOnlineUser -Identity user@contoso.com | Select-Object UserPrincipalName, TeamsMeetingPolicy, "
                        "TeamsCallingPolicy, TeamsEventsPolicy, EffectivePolicyAssignments")  # 0-based: the line after ```
    assert f"recording-updates.md:{fence}-{fence + 2}" in result.stdout


def test_check_notices_an_edited_update_and_build_brings_it_back(tmp_path):
    source, out = tmp_path / "source", tmp_path / "generated"
    shutil.copytree(SOURCE_DIR, source)
    write(generate(source), out)
    updates = source / UPDATES
    updates.write_text(updates.read_text(encoding="utf-8").replace("120", "90"), encoding="utf-8")
    cli = [sys.executable, "-m", "knowledge", "build", "--source", str(source), "--out", str(out)]
    stale = subprocess.run([*cli, "--check"], capture_output=True, text=True, cwd=REPO)
    assert stale.returncode == 1
    assert "recording-updates.json: stale" in stale.stderr
    assert "troubleshoot-meeting-recording.json" not in stale.stderr
    assert subprocess.run(cli, capture_output=True, text=True, cwd=REPO).returncode == 0
    assert "by default 90 days" in Knowledge.from_dir(out).get(
        "recordings-in-onedrive-and-sharepoint-expire/paragraph-1").text


# --- the markup, and what the build says when it is wrong -------------------------------------------

def test_a_source_line_dates_and_links_every_entry_of_its_section(tmp_path):
    result = build_pair(tmp_path, "# Updates\n\n## New place\n<!-- supersedes: setup/paragraph-1 -->\n\n"
                                  "Recordings go elsewhere:\n\n- here\n- there\n\n" + DATED)
    assert result.ok, errors_of(result)
    entries = {e["id"]: e for e in json.loads(result.outputs["recording-updates.json"])["entries"]}
    assert entries["new-place"]["supersedes"] == ["setup/paragraph-1"]
    assert entries["new-place/list-1"]["date"] == "2024-07-19"
    assert entries["new-place/source-1"]["links"] == [{"text": "Page", "url": "https://learn.microsoft.com/page"}]
    kb = Knowledge([json.loads(text) for text in result.outputs.values()])
    assert [u.id for u in kb.updates_for("setup/paragraph-1")] == ["new-place"]
    assert kb.get("new-place/list-1.2").date == "2024-07-19"


def test_an_update_never_takes_the_id_of_a_guide_heading(tmp_path):
    """The updates file sorts first by name, yet the guide is read first: the guide's ids never move."""
    result = build_pair(tmp_path, "# Updates\n\n## Setup\n<!-- supersedes: setup/paragraph-1 -->\n\nNew.\n\n" + DATED,
                        names=("a-updates.md", "b-guide.md"))
    guide = {e["id"] for e in json.loads(result.outputs["b-guide.json"])["entries"]}
    updates = {e["id"] for e in json.loads(result.outputs["a-updates.json"])["entries"]}
    assert "setup/paragraph-1" in guide and "setup-2" in updates
    assert [i.path for i in result.issues if "repeats an earlier title" in i.message] == ["a-updates.md"]


@pytest.mark.parametrize("source_line, message", [
    ("Source: [Page](https://learn.microsoft.com/page).\n", "exactly one date"),
    ("Source: the admin center, dated 2024-07-19.\n", "no link"),
    ("Source: [Page](https://learn.microsoft.com/page), 2024-02-30.\n", "not a real date"),
    ("Source: [Page](https://learn.microsoft.com/page), 2021-08-30 and 2024-07-19.\n", "exactly one date"),
])
def test_a_bad_source_line_is_an_error_with_file_and_line(tmp_path, source_line, message):
    result = build_pair(tmp_path, "# Updates\n\n## New place\n\nRecordings go elsewhere.\n\n" + source_line)
    assert any(e.startswith("recording-updates.md:7: error:") and message in e for e in errors_of(result)), \
        errors_of(result)


def test_superseding_an_entry_that_does_not_exist_is_an_error(tmp_path):
    result = build_pair(tmp_path, "# Updates\n\n## New place\n<!-- supersedes: setup/paragraph-9 -->\n\nNew.\n\n"
                        + DATED)
    assert errors_of(result) == ["recording-updates.md:4: error: supersedes 'setup/paragraph-9', which is no "
                                 "entry of the knowledge base"]


def test_an_undated_update_is_an_error(tmp_path):
    result = build_pair(tmp_path, "# Updates\n\n## New place\n<!-- supersedes: setup/paragraph-1 -->\n\nNew.\n")
    assert any(e.startswith("recording-updates.md:4: error:") and "no Source line" in e for e in errors_of(result))


def test_in_a_sourced_document_a_section_without_a_source_is_an_error(tmp_path):
    result = build_pair(tmp_path, "# Updates\n\n## Dated\n\nOne.\n\n" + DATED + "\n## Undated\n\nTwo.\n")
    assert errors_of(result) == ["recording-updates.md:9: error: section 'undated' has no Source line: every fact "
                                 "needs its public page and date"]


def test_two_source_lines_in_one_section_are_an_error(tmp_path):
    result = build_pair(tmp_path, "# Updates\n\n## Dated\n\nOne.\n\n" + DATED + "\n" + DATED)
    assert any("second Source line" in e for e in errors_of(result))


def test_an_empty_code_block_is_an_error(tmp_path):
    result = build_pair(tmp_path, "# Updates\n\n## Check\n\n```powershell\n```\n\n" + DATED)
    assert any(e.startswith("recording-updates.md:5: error: code block is empty") for e in errors_of(result))


def test_a_build_with_a_broken_update_writes_nothing(tmp_path):
    source, out = tmp_path / "source", tmp_path / "generated"
    shutil.copytree(SOURCE_DIR, source)
    updates = source / UPDATES
    updates.write_text(re.sub(r"dated 2024-07-19", "dated soon", updates.read_text(encoding="utf-8")),
                       encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "knowledge", "build", "--source", str(source), "--out", str(out)],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 1
    assert re.search(r"recording-updates\.md:\d+: error: Source line needs exactly one date", result.stderr)
    assert not out.exists()


# --- the facts people ask next to the guide's (issue 21, item 6), each with its page and date --------

MEETING_RECORDING = f"{LEARN}microsoftteams/meeting-recording"
STORAGE = f"{LEARN}microsoftteams/tmr-meeting-recording-change"
TROUBLESHOOT = f"{LEARN}troubleshoot/microsoftteams/meetings/troubleshoot-meeting-recording-issues"


@pytest.mark.parametrize("entry_id, pages, date, phrases", [
    ("a-recording-stops-after-four-hours/paragraph-1", [f"{LEARN}microsoftteams/limits-specifications-teams"],
     "2026-12-03", ["4 hours", "1.5 GB", "starts a new one"]),
    ("outside-participants-dont-stop-the-organizer-from-recording/paragraph-1", [MEETING_RECORDING, STORAGE],
     "2024-06-27", ["don't stop", "can't start the recording themselves", "compliance recording"]),
    ("the-organizer-can-limit-who-records/paragraph-1", [f"{LEARN}microsoftteams/manage-meeting-recording-options"],
     "2024-11-12", ["Who can record and transcribe", "Meeting options > Recording & transcription"]),
    ("the-organizer-can-limit-who-records/paragraph-2", [TROUBLESHOOT], "2024-11-12",
     ["lock icon", "tooltip", "Who can record and transcribe"]),
    ("explicit-recording-consent-makes-some-people-view-only/paragraph-2",
     [f"{LEARN}microsoftteams/conferencing-recording-consent"], "2024-06-27",
     ["Agreeing later", "unmute", "`1`", "`*6`", "`*5`"]),
    ("where-recordings-are-saved-now/paragraph-2", [STORAGE, TROUBLESHOOT], "2024-07-19",
     ["channel meeting's recording", "**Files** > **Recordings**", "SharePoint permissions"]),
    ("who-can-watch-a-recording-and-who-shares-it/paragraph-1", [MEETING_RECORDING, STORAGE], "2024-06-27",
     ["everyone invited", "only once it is shared", "organizer", "person who started the recording"]),
    ("policy-changes-take-hours-to-reach-people/paragraph-1", [f"{LEARN}microsoftteams/anonymous-users-in-meetings",
                                                             STORAGE], "2023-01-09",
     ["up to 24 hours", "a few hours later", "signed out"]),
    ("guests-external-users-and-anonymous-participants/paragraph-1",
     [f"{LEARN}microsoftteams/communicate-with-users-from-other-organizations",
      f"{LEARN}microsoftteams/anonymous-users-in-meetings"], "2026-12-03",
     ["**guest**", "B2B", "Microsoft Entra ID", "**external**", "own organization's account", "**anonymous**"]),
    ("the-organizer-and-the-recorder-both-need-recording-allowed/paragraph-1",
     [f"{LEARN}microsoftteams/settings-policies-reference"], "2024-06-12",
     ["now **Meeting recording** (the guide's **Allow cloud recording**)", "Recording & transcription",
      "Meetings > Meeting policies"]),
    ("recordings-in-onedrive-and-sharepoint-expire/paragraph-1", [MEETING_RECORDING], "2024-06-27",
     ["120", "NewMeetingRecordingExpirationDays"]),
])
def test_each_follow_up_fact_is_one_quotable_paragraph_with_its_page_and_date(kb, entry_id, pages, date, phrases):
    entry = kb.get(entry_id)
    assert entry.kind == "paragraph" and entry.source == UPDATES
    assert entry.date == date and kb.cite(entry_id)["date"] == date
    cited = [link["url"] for link in kb.cite(entry_id)["links"]]
    assert [page for page in pages if page not in cited] == []
    assert [p for p in phrases if p not in entry.markdown] == []
    assert "screenshot" not in entry.text.lower()


@pytest.mark.parametrize("section_id, menu, command", [
    ("turning-meeting-recording-on-or-off", "Meetings > Meeting policies",
     "Set-CsTeamsMeetingPolicy -Identity POLICY-NAME -AllowCloudRecording $true"),
    ("giving-someone-another-meeting-policy", None, "Grant-CsTeamsMeetingPolicy -Identity user@contoso.com -PolicyName POLICY-NAME"),
    ("giving-someone-another-calling-policy", None, "Grant-CsTeamsCallingPolicy -Identity user@contoso.com -PolicyName POLICY-NAME"),
    ("turning-call-recording-on-or-off", "Voice > Calling policies",
     "Set-CsTeamsCallingPolicy -Identity POLICY-NAME -AllowCloudRecordingForCalls $true"),
    ("turning-town-hall-and-webinar-recording-on-or-off", None,
     "Set-CsTeamsEventsPolicy -Identity POLICY-NAME -RecordingForTownhall Enabled -RecordingForWebinar Enabled"),
    ("requiring-participant-agreement-or-not", "Meetings > Meeting policies",
     "Set-CsTeamsMeetingPolicy -Identity POLICY-NAME -ExplicitRecordingConsent Disabled"),
    ("changing-when-new-recordings-expire", "Meetings > Meeting policies",
     "Set-CsTeamsMeetingPolicy -Identity POLICY-NAME -NewMeetingRecordingExpirationDays DAYS"),
])
def test_each_change_an_admin_makes_has_its_path_its_command_and_its_cmdlet_page(kb, section_id, menu, command):
    section = kb.get(section_id)
    assert section["parent"] == "changing-each-setting-a-change-an-admin-makes"
    assert "Only a Teams admin" in kb.get("changing-each-setting-a-change-an-admin-makes/paragraph-1").text
    if menu:
        assert menu in kb.get(f"{section_id}/paragraph-1").text
    assert kb.get(f"{section_id}/code-1").text == command
    cmdlet = command.split()[0].lower()
    assert f"{LEARN}powershell/module/microsoftteams/{cmdlet}" in [link["url"] for link in
                                                                  kb.source_line(section_id)["links"]]
    assert datetime.date.fromisoformat(section.date) <= datetime.date.today()


def test_todays_admin_center_name_comes_first_where_the_guide_names_allow_cloud_recording(kb):
    """Every guide entry that says "Allow cloud recording" is followed, when quoted, by today's name first."""
    naming = [i for i in kb.ids() if kb.get(i).source == GUIDE and "Allow cloud recording" in kb.get(i).text
              and kb.get(i).kind != "item"]
    assert naming
    for entry_id in naming:
        assert "the-organizer-and-the-recorder-both-need-recording-allowed" in \
            [u.id for u in kb.updates_for(entry_id)], entry_id
