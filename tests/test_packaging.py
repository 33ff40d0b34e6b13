"""An admin who installs the bot with pip gets every file it reads at run time, not only the code."""
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNTIME_FILES = ("dialogs/templates/**/*.j2", "knowledge/source/*.md", "knowledge/generated/*.json",
                 "manifest/*.json", "manifest/*.png")


def test_the_wheel_carries_every_template_and_knowledge_file(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(tmp_path),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    wheel, = tmp_path.glob("*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    needed = {p.relative_to(ROOT).as_posix() for pattern in RUNTIME_FILES for p in ROOT.glob(pattern)}
    assert any("/causes/" in n for n in needed) and any("/topics/" in n for n in needed)
    assert needed <= packed, sorted(needed - packed)
