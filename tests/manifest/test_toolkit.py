"""The Agents Toolkit project: appPackage/ is the template's copy, and every variable it uses has a home."""
from __future__ import annotations

import json
import shutil

import pytest

from manifest.toolkit import APP_PACKAGE_DIR, SOURCES, stale_app_package, write_app_package
from manifest.render import fill
from tests.manifest.helpers import read_manifest
from tests.manifest.toolkit_helpers import (
    BUILT_IN, LOCAL_IDS, PROJECTS, REPO, actions, env_values, load_project, used_placeholders, written_by_actions)
from tests.support.settings_names import variables_read

def test_the_committed_app_package_is_the_templates_copy(cli):
    run = cli("toolkit", "--check")
    assert run.code == 0, run.err
    for name, source in SOURCES.items():
        assert (APP_PACKAGE_DIR / name).read_bytes() == source.read_bytes()


def test_the_toolkit_project_asks_the_same_consent_for_the_bot():
    """Issue 22: the Agents Toolkit's package declares the meeting reads too, for the bot the toolkit provisions."""
    manifest = json.loads((APP_PACKAGE_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in manifest["authorization"]["permissions"]["resourceSpecific"]] == [
        "OnlineMeeting.ReadBasic.Chat", "OnlineMeetingParticipant.Read.Chat"]
    assert {p["type"] for p in manifest["authorization"]["permissions"]["resourceSpecific"]} == {"Application"}
    assert manifest["webApplicationInfo"] == {"id": "${{BOT_ID}}", "resource": "api://botid-${{BOT_ID}}"}


def test_an_edited_copy_is_reported_by_name_and_rewritten(tmp_path):
    write_app_package(tmp_path)
    manifest = tmp_path / "manifest.json"
    manifest.write_text(manifest.read_text().replace("Recording Troubleshooter", "Renamed"))
    (tmp_path / "outline.png").unlink()
    assert stale_app_package(tmp_path) == ["manifest.json", "outline.png"]
    write_app_package(tmp_path)
    assert stale_app_package(tmp_path) == []


def test_check_names_the_stale_file_and_fails_until_the_copy_is_refreshed(cli, tmp_path):
    copy = tmp_path / "appPackage"
    shutil.copytree(APP_PACKAGE_DIR, copy)
    (copy / "color.png").write_bytes(b"not a png")
    run = cli("toolkit", "--check", "--folder", copy)
    assert run.code == 1
    assert run.lines == ["appPackage/color.png: differs from manifest/; run 'python -m manifest toolkit'"]
    assert cli("toolkit", "--folder", copy).code == 0
    assert cli("toolkit", "--check", "--folder", copy).code == 0


@pytest.mark.parametrize("project_name", sorted(PROJECTS))
def test_every_placeholder_has_a_value_or_an_action_that_writes_it(project_name):
    project = load_project(project_name)
    defined = set(env_values(PROJECTS[project_name])) | written_by_actions(project) | BUILT_IN
    missing = sorted(used_placeholders(project_name) - defined)
    assert missing == [], f"{project_name} uses {missing}, which env/.env.{PROJECTS[project_name]} does not define"


@pytest.mark.parametrize("project_name", sorted(PROJECTS))
def test_the_paths_the_actions_name_exist(project_name):
    paths = [value for _l, action in actions(load_project(project_name))
             for key, value in (action.get("with") or {}).items()
             if key in ("manifestPath", "ignoreFile", "artifactFolder")]
    assert paths, "no action names a file"
    for path in paths:
        assert (REPO / path).exists(), f"{project_name} names {path}, which is not in the project"


def test_the_local_flow_registers_a_single_tenant_bot_at_the_tunnel_and_sideloads_the_app():
    steps = {action["uses"]: action for _l, action in actions(load_project("m365agents.local.yml"))}
    assert steps["aadApp/create"]["with"]["signInAudience"] == "AzureADMyOrg"
    assert steps["botFramework/create"]["with"]["messagingEndpoint"] == "${{BOT_ENDPOINT}}/api/messages"
    assert steps["botFramework/create"]["with"]["channels"] == [{"name": "msteams"}]
    uploaded = steps["teamsApp/update"]["with"]["appPackagePath"]
    assert steps["teamsApp/extendToM365"]["with"]["appPackagePath"] == uploaded


def test_the_local_bot_settings_are_ones_the_bot_reads():
    steps = {action["uses"]: action for _l, action in actions(load_project("m365agents.local.yml"))}
    written = steps["file/createOrUpdateEnvironmentFile"]["with"]["envs"]
    assert set(written) <= set(variables_read())
    assert written["MicrosoftAppType"] == "SingleTenant"


def test_the_dev_flow_creates_no_azure_resource():
    uses = {action["uses"] for _l, action in actions(load_project("m365agents.yml"))}
    assert not uses & {"arm/deploy", "aadApp/create", "botAadApp/create", "botFramework/create"}
    assert "teamsApp/publishAppPackage" in uses and "azureAppService/zipDeploy" in uses


def test_the_toolkit_and_the_packager_build_the_same_manifest(cli, tmp_path):
    """The toolkit fills ${{NAME}} from the env file as text; the packager fills the parsed template."""
    env = {**env_values("local"), **LOCAL_IDS}
    toolkit_manifest = json.loads(fill((APP_PACKAGE_DIR / "manifest.json").read_text(encoding="utf-8"), env))
    run = cli("package", "--bot-id", env["BOT_ID"], "--app-id", env["TEAMS_APP_ID"], "--domain", env["BOT_DOMAIN"],
              "--name-suffix", env["APP_NAME_SUFFIX"], "--out", tmp_path)
    assert run.code == 0, run.err
    assert read_manifest(run.out.strip()) == toolkit_manifest
    assert toolkit_manifest["name"]["short"] == "Recording Troubleshooter Local"


@pytest.mark.parametrize("env_file", ["env/.env.local", "env/.env.dev"])
def test_the_toolkits_app_version_is_the_python_packages(env_file):
    from importlib.metadata import version
    values = dict(line.split("=", 1) for line in (REPO / env_file).read_text(encoding="utf-8").splitlines()
                  if "=" in line and not line.startswith("#"))
    assert values["APP_VERSION"] == version("recording-troubleshooter")
