"""``python -m bench.engine``: a repeat too small for a p95 is refused with a reason, not a traceback."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_repeat_of_one_exits_2_saying_why():
    done = subprocess.run([sys.executable, "-m", "bench.engine", "--repeat", "1"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2
    assert "--repeat must be at least 2, not 1" in done.stderr and "Traceback" not in done.stderr


def test_a_repeat_of_two_prints_both_turns():
    done = subprocess.run([sys.executable, "-m", "bench.engine", "--repeat", "2"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "turn: click" in done.stdout and "turn: free-text question" in done.stdout
