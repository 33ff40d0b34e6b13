"""``python -m manifest`` as an admin runs it, in a fresh process."""
from __future__ import annotations

import os
import subprocess
import zipfile

import pytest

from manifest.paths import PROJECT_ROOT
from tests.manifest.helpers import BOT_ID


@pytest.fixture
def run(python, schemas):
    """Run ``python -m manifest ARGS`` from the project root, without MANIFEST_* or schema settings.

    The schemas are then the ones ``make test`` installed with npm, found with no flag.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANIFEST_", "TEAMS_SCHEMA_DIR"))}

    def call(*args) -> subprocess.CompletedProcess:
        result = subprocess.run([*python, "-m", "manifest", *map(str, args)], capture_output=True, text=True,
                                cwd=PROJECT_ROOT, env=env, timeout=60)
        assert "Traceback" not in result.stdout + result.stderr
        return result
    return call


def test_package_then_validate(run, tmp_path):
    built = run("package", "--bot-id", BOT_ID, "--domain", "bot.contoso.com", "--out", tmp_path)
    assert built.returncode == 0, built.stderr
    zip_path = built.stdout.strip()
    checked = run("validate", zip_path)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout == f"OK: {zip_path} is a valid Teams app package\n"


def test_validate_names_the_problem_in_a_broken_package(run, tmp_path):
    path = tmp_path / "app.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", '{"manifestVersion": "1.30",\n "id": }')
    result = run("validate", path)
    assert result.returncode == 1
    assert result.stderr.startswith("manifest.json: is not valid JSON: ") and "line 2 column 8" in result.stderr


def test_validate_a_file_that_is_not_a_zip(run, tmp_path):
    path = tmp_path / "manifest.json"
    path.write_text("{}", encoding="utf-8")
    result = run("validate", path)
    assert result.returncode == 1 and result.stderr.startswith("manifest.json: is not a zip file")


def test_package_with_a_bad_bot_id(run, tmp_path):
    result = run("package", "--bot-id", "my-bot", "--out", tmp_path)
    assert result.returncode == 2
    assert result.stderr == ("python -m manifest package: --bot-id 'my-bot' is not a GUID "
                             "(like 00000000-0000-0000-0000-000000000000)\n")


def test_the_committed_icons_pass_the_check(run):
    result = run("icons", "--check")
    assert result.returncode == 0, result.stderr
