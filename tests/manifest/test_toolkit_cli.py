"""The Agents Toolkit's own checks on the project: its YAML schema, its manifest validation, its zip.

They need the toolkit CLI from npm (about 450 MB with its dependencies), which
`make toolkit-check` installs into toolkit/ and runs these tests with; `make
test` skips them and says so. Nothing here signs in: `atk validate
--manifest-file` and `atk package` work offline.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from tests.manifest.helpers import read_manifest
from tests.manifest.toolkit_helpers import LOCAL_IDS, PROJECTS, REPO, env_values, load_project

CLI_PACKAGE = REPO / "toolkit" / "node_modules" / "@microsoft" / "m365agentstoolkit-cli"
ATK_TIMEOUT = 300  # the CLI starts slowly (15 s on this 2-core machine) and tries its telemetry first


@pytest.fixture(scope="module")
def atk() -> Path:
    path = Path(os.environ.get("ATK_CLI") or REPO / "toolkit" / "node_modules" / ".bin" / "atk")
    if not path.exists():
        pytest.skip("the Agents Toolkit CLI is not installed here; `make toolkit-check` installs it and runs these")
    return path


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the toolkit project whose env/.env.check holds ids, as after `atk provision`."""
    for name in PROJECTS:
        shutil.copy(REPO / name, tmp_path / name)
    shutil.copytree(REPO / "appPackage", tmp_path / "appPackage", ignore=shutil.ignore_patterns("build"))
    (tmp_path / "env").mkdir()
    values = {**env_values("local"), **LOCAL_IDS, "TEAMSFX_ENV": "check"}
    write_env(tmp_path / "env" / ".env.check", values)
    return tmp_path


def write_env(path: Path, values: dict[str, str]) -> None:
    path.write_text("".join(f'{k}="{v}"\n' for k, v in values.items()), encoding="utf-8")


def run_atk(atk: Path, project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(atk), *args, "--telemetry", "false", "--folder", str(project)], cwd=project,
                          capture_output=True, text=True, timeout=ATK_TIMEOUT, stdin=subprocess.DEVNULL)


def yaml_schema(atk: Path, version: str) -> dict:
    path = CLI_PACKAGE / "resource" / "yaml-schema" / version / "yaml.schema.json"
    assert path.is_file(), f"the toolkit CLI ships no YAML schema {version}"
    return json.loads(path.read_text(encoding="utf-8"))


def schema_errors(atk: Path, project: dict) -> list[str]:
    validator = jsonschema.Draft7Validator(yaml_schema(atk, project["version"]))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(project)]


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_the_project_files_follow_the_toolkits_yaml_schema(atk, name):
    assert schema_errors(atk, load_project(name)) == []


def test_the_schema_check_catches_a_misspelt_action(atk):
    project = load_project("m365agents.local.yml")
    project["provision"][2]["uses"] = "botFramework/register"
    assert schema_errors(atk, project)


def test_the_toolkit_validates_the_manifest_offline(atk, project):
    result = run_atk(atk, project, "validate", "--manifest-file", "appPackage/manifest.json", "--env", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All passed" in result.stdout + result.stderr


def test_the_toolkit_refuses_a_bot_id_that_is_not_a_guid(atk, project):
    write_env(project / "env" / ".env.check", {**env_values("local"), **LOCAL_IDS, "BOT_ID": "my-bot"})
    result = run_atk(atk, project, "validate", "--manifest-file", "appPackage/manifest.json", "--env", "check")
    assert result.returncode != 0
    assert "/bots/0/botId" in result.stdout + result.stderr


def test_the_toolkit_zips_the_same_manifest_as_the_packager(atk, project, cli, tmp_path):
    result = run_atk(atk, project, "package", "--env", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    toolkit_zip = project / "appPackage" / "build" / "appPackage.check.zip"
    ours = cli("package", "--bot-id", LOCAL_IDS["BOT_ID"], "--app-id", LOCAL_IDS["TEAMS_APP_ID"],
               "--domain", LOCAL_IDS["BOT_DOMAIN"], "--name-suffix", env_values("local")["APP_NAME_SUFFIX"],
               "--out", tmp_path / "ours")
    assert ours.code == 0, ours.err
    assert read_manifest(toolkit_zip) == read_manifest(Path(ours.out.strip()))
