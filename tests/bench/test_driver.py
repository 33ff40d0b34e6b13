"""The benchmark driver still runs, counts what it did, and notices failures.

Timings are never asserted here (they belong to the benchmark's own output);
what is asserted is what a reader of that output relies on: every scripted
conversation was played, every turn counted, and errors show up as errors.
"""
from __future__ import annotations

import importlib.util
import json
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp import web

from bench.conversations import SCRIPTS, script_for
from bench.load import Target, run
from bench.servers.floor import reply_to

ROOT = Path(__file__).resolve().parents[2]


def scripted_turns(conversations: int) -> int:
    return sum(script_for(i).turns for i in range(conversations))


def run_bench(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_quick_run_against_the_floor_plays_every_conversation_without_errors(tmp_path):
    done = run_bench("--quick", "--only", "floor", "--concurrency", "1,4", "--results-dir", str(tmp_path),
                     "--output", "smoke", "--no-chart")

    assert done.returncode == 0, done.stderr
    results = json.loads((tmp_path / "smoke.json").read_text())
    runs = {r["concurrency"]: r for r in results["runs"]}
    assert set(runs) == {1, 4}
    for row in runs.values():
        assert row["server"] == "floor"
        assert (row["conversations"], row["completed"]) == (40, 40)
        assert row["turns"] == scripted_turns(40)
        assert row["errors"] == 0 and row["failed_turns"] == 0
        assert row["peak_rss_mb"] > 0
    assert results["servers"]["floor"]["conversations_served"] == 2 + 40 + 40  # warm-up included
    assert "bare aiohttp" in done.stdout and "targets:" in done.stdout


@pytest.mark.skipif(importlib.util.find_spec("microsoft_agents") is None,
                    reason="the stock Agents SDK echo bot needs the [agents] extra")
def test_rounds_are_kept_and_summarised_by_their_median(tmp_path):
    done = run_bench("--quick", "--rounds", "2", "--only", "floor,agents_echo", "--conversations", "4",
                     "--results-dir", str(tmp_path), "--output", "rounds", "--no-chart")

    assert done.returncode == 0, done.stderr
    results = json.loads((tmp_path / "rounds.json").read_text())
    assert results["settings"]["rounds"] == 2
    assert [r["round"] for r in results["rounds"]] == [1, 2]
    for one in results["rounds"]:
        assert [(r["server"], r["concurrency"]) for r in one["runs"]] == [("agents_echo", 1), ("floor", 1),
                                                                         ("agents_echo", 32), ("floor", 32)]
        assert len(one["load_average"]["before"]) == len(one["load_average"]["after"]) == 3
    for summary in results["runs"]:
        measured = [r for one in results["rounds"] for r in one["runs"]
                    if (r["server"], r["concurrency"]) == (summary["server"], summary["concurrency"])]
        assert summary["rounds"] == len(measured) == 2
        assert summary["conversations"] == 8 and summary["turns"] == 2 * scripted_turns(4)
        assert summary["p50_ms"] == pytest.approx(statistics.median(r["p50_ms"] for r in measured), abs=0.01)
        assert summary["server_cpu_ms_per_turn_by_round"] == [r["server_cpu_ms_per_turn"] for r in measured]
    assert results["servers"]["agents_echo"]["conversations_served"] == 2 + 4 * 2 * 2  # one warm-up, two rounds
    assert "the median of 2 rounds" in done.stdout and "round 2: load average before" in done.stdout


def test_a_bad_concurrency_is_refused_with_the_option_named(tmp_path):
    done = run_bench("--only", "floor", "--concurrency", "1,x", "--results-dir", str(tmp_path))

    assert done.returncode == 2
    assert "--concurrency" in done.stderr and "'1,x'" in done.stderr
    assert not list(tmp_path.iterdir())


async def test_failed_and_wrong_turns_are_counted_and_end_their_conversation(aiohttp_server):
    """Every third request fails with a 500, every fifth answers two replies where one is expected."""
    seen = {"requests": 0}

    async def flaky(request: web.Request) -> web.Response:
        seen["requests"] += 1
        activity = await request.json()
        if seen["requests"] % 3 == 0:
            return web.json_response({"error": "boom"}, status=500)
        replies = [reply_to(activity)] * (2 if seen["requests"] % 5 == 0 else 1)
        return web.json_response({"activities": replies})

    app = web.Application()
    app.router.add_post("/api/messages", flaky)
    server = await aiohttp_server(app)

    result = await run(Target("flaky", str(server.make_url("")).rstrip("/"), replies="one"), 10, 2, "t")

    assert result.turns_failed == result.error_count > 0
    assert result.errors["HTTP 500"] > 0 and result.errors["bad replies"] > 0
    assert result.completed == 10 - result.turns_failed  # one failed turn ends a conversation
    assert result.turns_ok + result.turns_failed == seen["requests"]
    assert len(result.latencies_ms) == result.turns_ok


def test_conversations_mix_every_script():
    assert {script_for(i).name for i in range(len(SCRIPTS))} == {s.name for s in SCRIPTS}
    assert all(6 <= s.turns <= 12 for s in SCRIPTS)
