"""The benchmark driver still runs, counts what it did, and notices failures.

Timings are never asserted here (they belong to the benchmark's own output);
what is asserted is what a reader of that output relies on: every scripted
conversation was played, every turn counted, and errors show up as errors.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
