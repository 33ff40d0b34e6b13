"""Building the app package: what an admin gets from ``python -m manifest package``."""
from __future__ import annotations

import hashlib
import json
import re
import uuid
import zipfile
from importlib import metadata

import pytest

from manifest.paths import PROJECT_ROOT, TEMPLATE
from tests.manifest.helpers import BOT_ID, read_manifest

OTHER_BOT = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"


def test_a_built_package_validates(package, validate):
    zip_path = package("--domain", "bot.contoso.com")
    result = validate(zip_path)
    assert result.code == 0, result.err
    assert result.out.startswith("OK: ") and result.err == ""


def test_the_zip_holds_exactly_the_manifest_and_two_icons_at_its_root(package):
    with zipfile.ZipFile(package()) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]


def test_package_prints_the_path_it_wrote(cli, tmp_path):
    result = cli("package", "--bot-id", BOT_ID, "--out", tmp_path / "dist")
    assert result.code == 0
    assert result.out.strip() == str(tmp_path / "dist" / "recording-troubleshooter-1.0.0.zip")


def test_the_manifest_names_the_bot_and_its_domain(package):
    manifest = read_manifest(package("--domain", "Bot.Contoso.com"))
    assert manifest["bots"][0]["botId"] == BOT_ID
    assert manifest["validDomains"] == ["bot.contoso.com"]


# Issue 22: the Bot Connector answers GET /v1/meetings/{id} and /v1/meetings/{id}/participants/{id} only with
# these chat-scoped resource-specific consent permissions, granted when the app is added to a meeting's chat
# (Microsoft Learn, "Resource-specific consent": OnlineMeeting.ReadBasic.Chat, OnlineMeetingParticipant.Read.Chat).
MEETING_READS = [{"name": "OnlineMeeting.ReadBasic.Chat", "type": "Application"},
                 {"name": "OnlineMeetingParticipant.Read.Chat", "type": "Application"}]


def test_the_package_asks_consent_to_read_the_meeting_and_its_participants(package, validate):
    built = package()
    manifest = read_manifest(built)
    assert manifest["authorization"]["permissions"]["resourceSpecific"] == MEETING_READS
    assert manifest["webApplicationInfo"] == {"id": BOT_ID, "resource": f"api://botid-{BOT_ID}"}
    assert validate(built).code == 0, "the schema refuses them"


def test_without_a_domain_valid_domains_is_empty(package):
    assert read_manifest(package())["validDomains"] == []


def test_the_bot_works_in_personal_chat_group_chat_and_teams_with_the_same_commands(package):
    bot = read_manifest(package())["bots"][0]
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    listed = {scope: [c["title"] for c in cl["commands"]] for cl in bot["commandLists"] for scope in cl["scopes"]}
    assert listed == {scope: ["help", "restart", "summary", "agent"] for scope in ("personal", "groupChat", "team")}
    assert all(len(c["description"]) > 20 for cl in bot["commandLists"] for c in cl["commands"])


def test_the_description_tells_an_admin_what_the_bot_checks(package):
    full = read_manifest(package())["description"]["full"]
    for phrase in ("Allow cloud recording", "guests", "OneDrive", "Stream", "license", "upload",
                   "company guidelines", "storage", "Meeting Recording Test", "Diag: Meeting Recording",
                   "agent mode", "@mention"):
        assert phrase in full, phrase


def test_the_same_inputs_give_a_byte_identical_zip(package, tmp_path):
    flags = ("--domain", "bot.contoso.com", "--name-suffix", " (dev)", "--version", "1.2.3")
    first = package(*flags, out=tmp_path / "a").read_bytes()
    second = package(*flags, out=tmp_path / "b").read_bytes()
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()


def test_zip_entries_carry_fixed_times_and_permissions(package):
    with zipfile.ZipFile(package()) as archive:
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644


def test_repackaging_the_same_bot_gives_the_same_app_id(package, tmp_path):
    first = read_manifest(package(out=tmp_path / "a"))["id"]
    second = read_manifest(package(out=tmp_path / "b"))["id"]
    assert first == second
    assert uuid.UUID(first).version == 5 and first != BOT_ID


def test_the_derived_app_id_ignores_the_case_of_the_bot_id(cli, tmp_path):
    ids = []
    for n, bot in enumerate((BOT_ID, BOT_ID.upper())):
        result = cli("package", "--bot-id", bot, "--out", tmp_path / str(n))
        ids.append(read_manifest(result.out.strip())["id"])
    assert ids[0] == ids[1]


def test_another_bot_gets_another_app_id(cli, package, tmp_path):
    other = cli("package", "--bot-id", OTHER_BOT, "--out", tmp_path / "other")
    assert read_manifest(other.out.strip())["id"] != read_manifest(package())["id"]


def test_an_explicit_app_id_wins(package):
    app_id = "11111111-2222-4333-8444-555555555555"
    assert read_manifest(package("--app-id", app_id.upper()))["id"] == app_id


def test_name_suffix_and_version_show_in_the_manifest_and_the_file_name(package):
    zip_path = package("--name-suffix", " (dev)", "--version", "2.0.1")
    manifest = read_manifest(zip_path)
    assert manifest["name"]["short"] == "Recording Troubleshooter (dev)"
    assert manifest["name"]["full"].endswith(" (dev)")
    assert manifest["version"] == "2.0.1"
    assert zip_path.name == "recording-troubleshooter-dev-2.0.1.zip"


def test_developer_details_come_from_flags_then_environment_then_template(cli, tmp_path):
    env = {"MANIFEST_DEVELOPER_NAME": "Contoso IT", "MANIFEST_WEBSITE_URL": "https://it.contoso.com",
           "MANIFEST_PRIVACY_URL": "https://it.contoso.com/privacy"}
    result = cli("package", "--bot-id", BOT_ID, "--out", tmp_path,
                 "--website-url", "https://help.contoso.com", env=env)
    developer = read_manifest(result.out.strip())["developer"]
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))["developer"]
    assert developer == {"name": "Contoso IT", "websiteUrl": "https://help.contoso.com",
                         "privacyUrl": "https://it.contoso.com/privacy", "termsOfUseUrl": template["termsOfUseUrl"]}


def test_the_default_developer_urls_are_https(package):
    developer = read_manifest(package())["developer"]
    assert all(developer[k].startswith("https://") for k in ("websiteUrl", "privacyUrl", "termsOfUseUrl"))


def test_the_template_uses_the_toolkit_placeholders():
    text = TEMPLATE.read_text(encoding="utf-8")
    assert set(re.findall(r"\$\{\{(\w+)\}\}", text)) == {"TEAMS_APP_ID", "BOT_ID", "BOT_DOMAIN", "APP_NAME_SUFFIX",
                                                         "APP_VERSION"}


def test_the_teams_app_has_the_python_packages_version(package):
    """One number to bump: pyproject.toml's version is the app's, and the zip is named after it."""
    declared = re.search(r'^version = "([^"]+)"$', (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"),
                         re.MULTILINE).group(1)
    built = package()
    assert read_manifest(built)["version"] == declared == metadata.version("recording-troubleshooter")
    assert built.name == f"recording-troubleshooter-{declared}.zip"


def test_the_template_follows_the_schema_version_it_names():
    template = json.loads(TEMPLATE.read_text(encoding="utf-8"))
    assert template["$schema"].endswith(f"/v{template['manifestVersion']}/MicrosoftTeams.schema.json")


# -- bad input: one line saying what to fix, a non-zero exit, nothing written ----------


@pytest.mark.parametrize("flags, expected", [
    (("--bot-id", "not-a-guid"), "--bot-id 'not-a-guid' is not a GUID"),
    (("--bot-id", "{" + BOT_ID + "}"), "is not a GUID"),
    (("--bot-id", BOT_ID, "--app-id", "1234"), "--app-id '1234' is not a GUID"),
    (("--bot-id", BOT_ID, "--version", "1.0"), "--version '1.0' is not a version of the form X.Y.Z"),
    (("--bot-id", BOT_ID, "--version", "v1.0.0"), "is not a version of the form X.Y.Z"),
    (("--bot-id", BOT_ID, "--version", "01.0.0"), "is not a version of the form X.Y.Z"),
    (("--bot-id", BOT_ID, "--domain", "https://bot.contoso.com/api/messages"), "--domain"),
    (("--bot-id", BOT_ID, "--website-url", "http://contoso.com"),
     "--website-url 'http://contoso.com' is not an https:// URL"),
    (("--bot-id", BOT_ID, "--developer-name", "x" * 40), "--developer-name: the developer name must be 1 to 32"),
    (("--bot-id", BOT_ID, "--name-suffix", " (pilot for the Contoso helpdesk)"), "name.short"),
])
def test_bad_package_input_is_one_clear_line(cli, tmp_path, flags, expected):
    result = cli("package", *flags, "--out", tmp_path / "out")
    assert result.code == 2
    assert len(result.lines) == 1 and expected in result.err
    assert not (tmp_path / "out").exists()


def test_a_bad_url_in_the_environment_names_the_variable(cli, tmp_path):
    result = cli("package", "--bot-id", BOT_ID, "--out", tmp_path, env={"MANIFEST_PRIVACY_URL": "privacy.html"})
    assert result.code == 2 and "MANIFEST_PRIVACY_URL 'privacy.html' is not an https:// URL" in result.err


def test_a_missing_template_is_reported(cli, tmp_path):
    result = cli("package", "--bot-id", BOT_ID, "--out", tmp_path, "--template", tmp_path / "nope.json")
    assert result.code == 2
    assert "cannot read the template" in result.err and "No such file" in result.err


def test_a_template_that_is_a_folder_is_reported(cli, tmp_path):
    result = cli("package", "--bot-id", BOT_ID, "--out", tmp_path / "out", "--template", tmp_path)
    assert result.code == 2 and "cannot read the template" in result.err


def test_a_template_with_broken_json_gives_line_and_column(cli, tmp_path):
    template = tmp_path / "manifest.template.json"
    template.write_text('{\n  "id": "x",\n  oops\n}\n', encoding="utf-8")
    result = cli("package", "--bot-id", BOT_ID, "--out", tmp_path / "out", "--template", template)
    assert result.code == 2 and "is not valid JSON" in result.err and "line 3 column 3" in result.err


def test_a_template_with_an_unknown_placeholder_is_refused(cli, tmp_path):
    template = tmp_path / "manifest.template.json"
    template.write_text(TEMPLATE.read_text(encoding="utf-8").replace("IT Helpdesk", "${{PUBLISHER}}"),
                        encoding="utf-8")
    result = cli("package", "--bot-id", BOT_ID, "--out", tmp_path / "out", "--template", template)
    assert result.code == 2 and "${{PUBLISHER}} at developer.name" in result.err


def test_icons_missing_beside_a_template_are_reported(cli, tmp_path):
    template = tmp_path / "manifest.template.json"
    template.write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("package", "--bot-id", BOT_ID, "--out", tmp_path / "out", "--template", template)
    assert result.code == 2 and "icons.color" in result.err and "python -m manifest icons" in result.err


def test_an_output_folder_that_cannot_be_created_is_reported(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = cli("package", "--bot-id", BOT_ID, "--out", blocker / "dist")
    assert result.code == 2 and len(result.lines) == 1
    assert f"cannot write to {blocker / 'dist'}" in result.err


def test_a_missing_bot_id_is_a_usage_error(cli, tmp_path):
    with pytest.raises(SystemExit) as exit_:
        cli("package", "--out", tmp_path)
    assert exit_.value.code == 2
