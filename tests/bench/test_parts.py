"""``python -m bench.parts``: each part's time counted once, and the command itself still runs.

The arithmetic is checked on a constructed profile whose answer is known: a
request in aiohttp, our handler, a middleware chain that calls itself, the
engine rendering a page, log lines from two places, the reply's JSON. Each
part must get exactly its own time, and together the parts the whole.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.parts import IDLE, OTHER, PARTS, Profile

ROOT = Path(__file__).resolve().parents[2]

LOOP = ("/usr/lib/python3.11/asyncio/base_events.py", 1845, "_run_once")
POLL = ("~", 0, IDLE)
REQUEST = ("/venv/site-packages/aiohttp/web_protocol.py", 567, "_handle_request")
FINISH = ("/venv/site-packages/aiohttp/web_protocol.py", 764, "finish_response")
ROUTE = ("/repo/bot/web/routes.py", 19, "messages")
ADAPTER = ("/repo/bot/hosts/agents/adapter.py", 67, "on_turn")
CHAIN = ("/venv/site-packages/microsoft_agents/hosting/core/middleware_set.py", 54, "_receive_activity_internal")
ENGINE = ("/repo/dialogs/engine.py", 87, "turn")
PAGE = ("/repo/dialogs/render.py", 195, "page")
JINJA = ("/venv/site-packages/jinja2/environment.py", 1275, "render")
LOG = ("/usr/lib/python3.11/logging/__init__.py", 1610, "_log")
JSON = ("/venv/site-packages/aiohttp/web_response.py", 801, "json_response")


def stats(*rows) -> dict:
    """pstats' shape from (function, own time, inclusive time, {caller: inclusive time of that call})."""
    return {func: (1, 1, tt, ct, {caller: (1, 1, 0.0, edge) for caller, edge in callers.items()})
            for func, tt, ct, callers in rows}


@pytest.fixture
def profile() -> Profile:
    return Profile(stats(
        (LOOP, 0.2, 110.2, {}),
        (POLL, 100.0, 100.0, {LOOP: 100.0}),  # waiting for the client: not the server's work
        (REQUEST, 1.0, 10.0, {LOOP: 10.0}),
        (FINISH, 1.0, 1.0, {REQUEST: 1.0}),
        (ROUTE, 1.0, 8.0, {REQUEST: 8.0}),
        (ADAPTER, 0.3, 5.5, {ROUTE: 5.5, CHAIN: 5.0}),  # the chain calls the adapter, which calls the chain
        (CHAIN, 0.2, 5.2, {ADAPTER: 5.2}),
        (ENGINE, 2.5, 5.0, {CHAIN: 5.0}),
        (PAGE, 1.5, 2.0, {ENGINE: 2.0}),
        (JINJA, 0.5, 0.5, {PAGE: 0.5}),
        (LOG, 1.0, 1.0, {ENGINE: 0.5, ROUTE: 0.5}),
        (JSON, 1.0, 1.0, {ROUTE: 1.0}),  # aiohttp's, called by our handler: the reply's JSON, not HTTP
    ))


def test_each_part_gets_its_own_time_once(profile):
    parts = profile.part_seconds()

    expected = {
        "logging": 1.0,
        "storage (SQLite)": 0.0,
        "activity parse (SDK models: msrest / pydantic)": 0.0,
        "reply serialization (to_wire / model_dump, json)": 1.0,
        "engine: triage (embedding + model)": 0.0,
        "engine: rendering (jinja2, cards)": 2.0,  # the page and jinja2 beneath it
        "engine: routing and reading": 2.5,  # the engine less the page and its log line
        "SDK pipeline (adapter, turn context, auth; our host's glue)": 1.5,  # route, adapter, chain
        "HTTP (aiohttp, parsing, response)": 2.0,  # the request less the handler: its own and finish_response
        OTHER: 0.2,  # the event loop's own time
    }
    assert list(parts) == [p.name for p in PARTS] + [OTHER]
    assert parts == pytest.approx(expected, abs=1e-6)


def test_the_parts_add_up_to_the_busy_time_without_the_waits(profile):
    assert profile.busy_seconds() == pytest.approx(10.2)
    assert sum(profile.part_seconds().values()) == pytest.approx(10.2)


def test_top_functions_are_by_own_time_without_the_waits(profile):
    top = profile.top_own_time(3)

    assert [func for func, *_ in top] == [ENGINE, PAGE, REQUEST]


def test_parts_runs_one_host_and_prints_every_part_and_the_total():
    # ten conversations, not three: the engine's share compares two passes, and three gave a loaded machine's noise
    # (106% once, in CI)
    done = subprocess.run([sys.executable, "-m", "bench.parts", "--conversations", "10", "--warmup", "1",
                           "--sdk", "botbuilder"], cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "ours on botbuilder" in out and "ours on the Agents SDK" not in out
    for part in [p.name for p in PARTS] + [OTHER]:
        assert part in out
    total = next(line for line in out.splitlines() if line.startswith("total"))
    assert "100.0%" in total
    engine = re.search(r"the engine without the profiler: ([\d.]+) ms CPU per turn, (\d+)% of the server's "
                       r"\(Engine.turn timed on the thread's CPU clock, ([\d,]+) turns\)", out)
    assert engine, out
    assert float(engine.group(1)) > 0 and 0 < int(engine.group(2)) < 100
    assert int(engine.group(3).replace(",", "")) == int(re.search(r"without the profiler: +([\d,]+) turns", out)
                                                         .group(1).replace(",", ""))  # the plain pass, not the warm-up
    assert "top 15 functions by own time" in out
    assert "python -m bench" in out  # where the absolute CPU per turn comes from
