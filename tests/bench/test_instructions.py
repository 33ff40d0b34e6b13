"""``python -m bench.instructions``: instructions per turn, counted by valgrind, the same on any machine.

The arithmetic and the reading of callgrind's total are checked on known
inputs; the command itself runs for real on the bare aiohttp server (the
quickest to start under valgrind) wherever valgrind is installed, as CI has it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.instructions import collected, per_turn, report_lines

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = "VALGRIND_REQUIRED"  # set to 1 (CI does) to fail rather than skip without valgrind


def bench_instructions(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bench.instructions", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, env={**os.environ, **env})


def test_the_total_is_read_from_what_callgrind_writes_at_exit():
    log = "==123== Events    : Ir\n==123== Collected : 4530013908\n==123==\n==123== I   refs:      4,530,013,908\n"
    assert collected(log) == 4530013908


def test_a_server_that_did_not_exit_normally_has_no_total():
    with pytest.raises(ValueError, match="did not exit normally"):
        collected("Traceback (most recent call last):\n  KeyboardInterrupt\n")


def test_a_turn_costs_what_the_loaded_run_executed_beyond_the_warm_up_run():
    assert per_turn(baseline=3_000_000_000, loaded=4_080_000_000, turns=300) == 3_600_000
    with pytest.raises(ValueError):
        per_turn(1, 2, 0)


def test_each_server_is_set_against_the_stock_agents_sdk_echo_bot():
    rows = [{"server": "ours", "turns": 300, "instructions_per_turn": 3.2e6},
            {"server": "agents_echo", "turns": 300, "instructions_per_turn": 4.0e6}]
    lines = report_lines(rows)
    assert "| ours | 300 | 3.200 M | 0.80x |" in lines and "| agents_echo | 300 | 4.000 M | 1.00x |" in lines


def test_without_valgrind_the_command_says_what_to_install_and_exits_2(tmp_path):
    done = bench_instructions("--servers", "floor", "--output", str(tmp_path / "out.json"), PATH=str(tmp_path))
    assert done.returncode == 2
    assert "valgrind is not installed: apt-get install valgrind" in done.stderr
    assert not (tmp_path / "out.json").exists()


def test_an_unknown_server_is_refused_with_the_names_to_use():
    done = bench_instructions("--servers", "ours,nginx")
    assert done.returncode == 2 and "unknown server 'nginx'" in done.stderr and "agents_echo" in done.stderr


def test_the_count_runs_for_real_on_the_bare_aiohttp_server(tmp_path):
    if shutil.which("valgrind") is None:
        if os.environ.get(REQUIRED) == "1":
            pytest.fail("valgrind is required here (VALGRIND_REQUIRED=1): apt-get install valgrind")
        pytest.skip("valgrind is not installed (apt-get install valgrind)")
    out = tmp_path / "instructions.json"
    done = bench_instructions("--servers", "floor", "--conversations", "2", "--output", str(out))
    assert done.returncode == 0, done.stderr[-2000:]
    row = json.loads(out.read_text())["servers"][0]
    assert row["server"] == "floor" and row["turns"] > 0
    assert 10_000 < row["instructions_per_turn"] < 50_000_000  # a bare handler's turn: thousands, not billions
    assert "| floor |" in done.stdout
