"""An admin who installs the bot with pip gets every file it reads at run time, not only the code."""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_FILES = ("dialogs/templates/**/*.j2", "knowledge/source/*.md", "knowledge/generated/*.json",
                 "manifest/*.json", "manifest/*.png")
BOT_ID = "0b6e2f1a-8c1d-4f7e-9a2b-3c4d5e6f7a8b"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(folder),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    built, = folder.glob("*.whl")
    return built


def test_the_wheel_carries_every_template_and_knowledge_file(wheel):
    packed = set(zipfile.ZipFile(wheel).namelist())
    needed = {p.relative_to(ROOT).as_posix() for pattern in RUNTIME_FILES for p in ROOT.glob(pattern)}
    assert any("/causes/" in n for n in needed) and any("/topics/" in n for n in needed)
    assert needed <= packed, sorted(needed - packed)


def test_validate_from_a_wheel_without_the_schemas_runs_the_other_checks_and_says_how_to_get_them(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)  # what pip install lays down for a pure-Python wheel
    env = {k: v for k, v in os.environ.items() if k != "TEAMS_SCHEMA_DIR"} | {"PYTHONPATH": str(site)}

    def manifest(*args):
        return subprocess.run([sys.executable, "-m", "manifest", *map(str, args)], capture_output=True, text=True,
                              cwd=tmp_path, env=env, timeout=60)
    built = manifest("package", "--bot-id", BOT_ID, "--out", tmp_path / "out")
    zip_path = Path(built.stdout.strip())
    good = manifest("validate", zip_path)
    assert good.returncode == 0, good.stderr
    assert "passes every check that needs no schema" in good.stdout
    hint, = good.stderr.splitlines()
    assert "the Teams schema was not checked: run 'npm install @microsoft/app-manifest'" in hint
    assert "node_modules" not in hint and ".." not in hint

    with zipfile.ZipFile(zip_path, "a") as archive:
        archive.writestr("notes.txt", "left over")
    broken = manifest("validate", zip_path)
    assert broken.returncode == 1
    assert "notes.txt: is not referenced by manifest.json" in broken.stderr
