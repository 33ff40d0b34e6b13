"""Where a turn of ours goes, part by part, from a profile of real conversations over HTTP.

    python -m bench.parts [--sdk botbuilder|agents] [--conversations 300] [--clock cpu|wall]
                          [--warmup 8] [--top 15] [--keep DIR]

Starts ours (``python -m bot serve``, SQLite store in a temp dir, as
``python -m bench`` runs it) on each chosen host in turn (default:
botbuilder, then the Agents SDK) under ``bench.servers.profiled``, plays
``--warmup`` untimed conversations, then the benchmark's scripted
conversations (``bench/conversations.py``) twice at concurrency 1: once
without the profiler and once with cProfile switched on, then stops the
server with SIGINT. It prints, per host: the CPU per turn of both passes
from ``/proc`` (main thread and other threads: cProfile sees only the main
thread) and how many times the profiler multiplied it; each part's share of
the main thread's profiled time and its µs per turn; the garbage collector's
collections and time; and the top functions by own time.

Options:
  --sdk HOST           botbuilder or agents (default both, one after the other)
  --conversations N    conversations per pass (default 300)
  --clock cpu|wall     the profile's clock (default cpu: see bench/servers/profiled.py)
  --warmup N           untimed conversations first (default 8)
  --top N              functions listed by own time (default 15)
  --keep DIR           keep the profiles there as parts-<sdk>.prof (for pstats or snakeviz)

A part is where functions live (our packages, the SDKs, aiohttp, the
standard library's logging), measured by the calls into it from outside it:
the inclusive time of those entry calls, less any entry made beneath another
entry into the same part (aiohttp calls our handler, which calls aiohttp's
``web.Response``), less the parts listed before it that ran beneath it
(a log line written inside the engine counts as logging, not as the engine).
Parts are listed innermost first. How much of a function ran beneath a part
is known exactly one call away and estimated further up from cProfile's
caller edges, in proportion to each caller's time (as gprof does), repeated
until it settles where calls go round in cycles (middleware chains).
"GC/other" is the rest: the event loop itself and anything outside the
parts; garbage collection happens inside whichever part allocated. The
profiled server runs on asyncio's event loop rather than uvloop's, which it
serves on otherwise: under uvloop every callback runs beneath one C call,
and the parts could not be told apart by their callers.

cProfile adds the same cost to every call (with the cpu clock, a system call
per call), so call-heavy code (pydantic, msrest, deepcopy, jinja2, logging)
looks dearer than it is: the shares are approximate, and the µs per turn are
the profiled process's, several times the real ones (the output says how
many). The absolute CPU per turn comes from ``python -m bench``.

Exit status: 0 when every turn succeeded, 1 when any failed, 2 when the server would not start.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import pstats
import signal
import sys
import tempfile
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from bench.__main__ import OURS
from bench.load import Target, run
from bench.procs import ROOT, ServerFailed, ServerProcess, ServerSpec, run_main

HOSTS = ("botbuilder", "agents")
HOST_LABELS = {"botbuilder": "ours on botbuilder", "agents": "ours on the Agents SDK"}
IDLE = "<method 'poll' of 'select.epoll' objects>"  # the event loop waiting for the client: not the server's work
CAVEAT = ("cProfile adds the same cost to every call (more with the cpu clock), so call-heavy code (pydantic, msrest,\n"
          "deepcopy, jinja2, logging) looks dearer than it is: the shares are approximate, the µs are the profiled "
          "process's.\nThe absolute CPU per turn comes from `python -m bench`.")

Func = tuple[str, int, str]  # pstats' key: file, line, function name


@dataclass(frozen=True)
class Part:
    """A named part of a turn: the functions that live in ``where`` (a path fragment, and a function name or None)."""

    name: str
    where: tuple[tuple[str, str | None], ...]

    def holds(self, func: Func) -> bool:
        path, _, name = func
        path = path.replace(os.sep, "/")
        return any(fragment in path and (only is None or only == name) for fragment, only in self.where)


# Innermost first: each part's time leaves out the parts above it that ran beneath it.
PARTS = (
    Part("logging", (("/logging/__init__.py", None),)),
    Part("storage (SQLite)", (("/bot/storage/", None),)),
    Part("activity parse (SDK models: msrest / pydantic)", (
        ("/bot/web/middlewares.py", "_parse_activity"),  # the body's JSON
        ("/bot/hosts/botbuilder/adapter.py", "activity_from"), ("/bot/hosts/agents/adapter.py", "activity_from"))),
    Part("reply serialization (to_wire / model_dump, json)", (
        ("/bot/hosts/botbuilder/wire.py", "reply_activity"), ("/bot/hosts/agents/adapter.py", "_reply_activity"),
        ("/bot/hosts/botbuilder/adapter.py", "_process_turn_results"),
        ("/microsoft_agents/hosting/core/channel_service_adapter.py", "_process_turn_results"),
        ("/bot/hosts/agents/adapter.py", "_process_turn_results"),
        ("/bot/hosts/agents/adapter.py", "_as_botbuilder_answers"),
        ("/bot/web/answers.py", "json_answer"), ("/aiohttp/web_response.py", "json_response"))),
    Part("engine: triage (embedding + model)", (("/dialogs/triage.py", None),)),
    Part("engine: rendering (jinja2, cards)", (
        ("/dialogs/render.py", None), ("/dialogs/compose.py", None), ("/dialogs/cards.py", None),
        ("/jinja2/", None))),
    Part("engine: routing and reading", (("/dialogs/", None), ("/knowledge/", None), ("/transitions/", None))),
    Part("SDK pipeline (adapter, turn context, auth; our host's glue)", (
        ("/botbuilder/", None), ("/botframework/", None), ("/microsoft_agents/", None), ("/bot/", None))),
    Part("HTTP (aiohttp, parsing, response)", (("/aiohttp/", None), ("/asyncio/selector_events.py", None))),
)
OTHER = "GC/other (event loop, the rest)"


# --- reading a profile -----------------------------------------------------------------------
class Profile:
    """A cProfile dump, and the arithmetic of parts on it."""

    def __init__(self, stats: dict):
        self.stats = stats  # func -> (primitive calls, calls, own time, inclusive time, {caller: (same four)})
        self._callees: dict[Func, list[Func]] | None = None
        self._fractions: dict[Part, dict[Func, float]] = {}

    @classmethod
    def load(cls, path: Path) -> "Profile":
        return cls(pstats.Stats(str(path)).stats)  # type: ignore[attr-defined]

    def busy_seconds(self) -> float:
        """The main thread's profiled time, less its waits for the client."""
        return sum(tt for func, (_, _, tt, _, _) in self.stats.items() if func[2] != IDLE)

    def part_seconds(self, parts: tuple[Part, ...] = PARTS) -> dict[str, float]:
        """Each part's own share of the busy time (innermost parts first), and the rest as ``OTHER``."""
        claimed: dict[str, float] = {}
        entries_of: dict[str, dict[Func, float]] = {}
        for part in parts:
            entries_of[part.name] = self.entry_callers(part)
            inner = sum(claimed[earlier.name] * self.fraction_beneath(entries_of[earlier.name], part)
                        for earlier in parts if earlier.name in claimed)
            claimed[part.name] = max(0.0, sum(entries_of[part.name].values()) - inner)
        claimed[OTHER] = max(0.0, self.busy_seconds() - sum(claimed.values()))
        return claimed

    def entry_callers(self, part: Part) -> dict[Func, float]:
        """Time spent in ``part`` by calls from each caller outside it, when that caller did not itself run beneath it.

        A function with no caller in the profile (a coroutine resumed by the event loop) enters as its own caller.
        """
        beneath = self._beneath(part)
        entries: dict[Func, float] = {}
        for func, (_, _, _, ct, callers) in self.stats.items():
            if not part.holds(func):
                continue
            if not callers:
                entries[func] = entries.get(func, 0.0) + ct
            for caller, (_, _, _, edge_ct) in callers.items():
                if not part.holds(caller):
                    entries[caller] = entries.get(caller, 0.0) + edge_ct * (1.0 - beneath(caller))
        return entries

    def fraction_beneath(self, entries: dict[Func, float], part: Part) -> float:
        """Of the time spent through these entry callers, the fraction that ran beneath ``part``."""
        total = sum(entries.values())
        if total <= 0:
            return 0.0
        beneath = self._beneath(part)
        return sum(seconds * (1.0 if part.holds(caller) else beneath(caller))
                   for caller, seconds in entries.items()) / total

    def _beneath(self, part: Part) -> Callable[[Func], float]:
        """The fraction of each function's inclusive time that ran beneath a function of ``part``.

        A function's fraction is its callers', weighted by the time each call
        edge carried; 1 inside the part. Calls go round in cycles (a middleware
        chain calling the next, which calls the chain), so the fractions are
        found by repeating that average until they settle, starting from 0
        everywhere outside the part. Only functions the part calls, directly or
        not, can be beneath it.
        """
        if part not in self._fractions:
            self._fractions[part] = self._fractions_beneath(part)
        fractions = self._fractions[part]
        return lambda func: fractions.get(func, 0.0)

    def _fractions_beneath(self, part: Part) -> dict[Func, float]:
        reachable = self._called_from(part)  # in the order found, callers before callees where there is one
        weights = {}
        for func in reachable:
            if part.holds(func):
                continue
            edges = {c: edge[3] for c, edge in self.stats[func][4].items() if c != func}
            total = sum(edges.values())
            weights[func] = [(c, ct / total) for c, ct in edges.items() if c in reachable] if total > 0 else []
        fraction = {f: (1.0 if part.holds(f) else 0.0) for f in reachable}
        for _ in range(1000):
            change = 0.0
            for func, shares in weights.items():
                value = sum(share * fraction[c] for c, share in shares)
                change = max(change, abs(value - fraction[func]))
                fraction[func] = value
            if change < 1e-9:
                break
        return fraction

    def _called_from(self, part: Part) -> dict[Func, None]:
        """The part's functions and everything they called, directly or not, in the order a breadth-first walk finds
        them (an ordered set: callers mostly come before their callees, so the averages above settle in few passes)."""
        if self._callees is None:
            self._callees = {}
            for func, (_, _, _, _, callers) in self.stats.items():
                for caller in callers:
                    self._callees.setdefault(caller, []).append(func)
        found = dict.fromkeys(f for f in self.stats if part.holds(f))
        queue = deque(found)
        while queue:
            for callee in self._callees.get(queue.popleft(), ()):
                if callee not in found:
                    found[callee] = None
                    queue.append(callee)
        return found

    def top_own_time(self, count: int) -> list[tuple[Func, int, float, float]]:
        """The functions with the most own time: (function, calls, own seconds, inclusive seconds)."""
        ranked = sorted(((f, nc, tt, ct) for f, (_, nc, tt, ct, _) in self.stats.items() if f[2] != IDLE),
                        key=lambda row: row[2], reverse=True)
        return ranked[:count]


# --- a profiled run ----------------------------------------------------------------------------
@dataclass
class Pass:
    """One pass of conversations: its turns and errors, and the server's CPU over it (from /proc, per thread)."""

    turns: int
    errors: int
    examples: list[str]
    process_cpu_s: float
    main_thread_cpu_s: float

    def ms_per_turn(self, seconds: float) -> float:
        return seconds * 1000 / self.turns if self.turns else 0.0


@dataclass
class Profiled:
    """One host's run: the same conversations without the profiler and under it, the profile and the collector."""

    sdk: str
    clock: str
    conversations: int
    plain: Pass
    profiled: Pass
    profile: Profile
    gc: dict
    engine: dict  # Engine.turn's own CPU over the pass without the profiler: {"seconds", "turns"}


def profiled_spec(sdk: str, profile_path: Path, clock: str) -> ServerSpec:
    return ServerSpec(f"parts-{sdk}", "bench.servers.profiled", args=(str(profile_path), "bot", "serve", "--sdk", sdk),
                      env={**OURS.env, "BENCH_PROFILE_CLOCK": clock})


async def profile_host(sdk: str, args: argparse.Namespace, directory: Path) -> Profiled:
    """Start ours on ``sdk``, warm it up, play the conversations without the profiler, then under it; stop it.

    The pass without the profiler is what the profile's figures are inflated
    from: the same server, the same scripts, just before.
    """
    profile_path = directory / f"parts-{sdk}.prof"
    engine_path = Path(f"{profile_path}.engine.json")
    for stale in (profile_path, Path(f"{profile_path}.on"), Path(f"{profile_path}.gc.json"), engine_path,
                  Path(f"{profile_path}.engine.zero")):
        stale.unlink(missing_ok=True)  # a kept directory's last run must not answer for this one
    with ServerProcess(profiled_spec(sdk, profile_path, args.clock)) as server:
        server.start()
        target = Target(sdk, server.base_url, replies="body", follows_cards=True)
        if args.warmup:
            await run(target, args.warmup, 1, f"w{sdk[:2]}", timeout=args.timeout)
        await switch(server, signal.SIGHUP, Path(f"{profile_path}.engine.zero"))
        plain = await timed_pass(server, target, args, f"u{sdk[:2]}")
        await switch(server, signal.SIGUSR1, Path(f"{profile_path}.on"))
        profiled = await timed_pass(server, target, args, f"p{sdk[:2]}")
        await switch(server, signal.SIGUSR2, profile_path)
    return Profiled(sdk, args.clock, args.conversations, plain, profiled, Profile.load(profile_path),
                    json.loads(Path(f"{profile_path}.gc.json").read_text()), json.loads(engine_path.read_text()))


async def timed_pass(server: ServerProcess, target: Target, args: argparse.Namespace, run_id: str) -> Pass:
    """``args.conversations`` conversations at concurrency 1, with the CPU each of the server's threads spent."""
    before = server.threads_cpu_seconds()
    result = await run(target, args.conversations, 1, run_id, timeout=args.timeout)
    after = server.threads_cpu_seconds()
    if not server.alive():
        result.error("server died", server.log_tail(5))
    spent = {tid: seconds - before.get(tid, 0.0) for tid, seconds in after.items()}
    return Pass(result.turns_ok, result.error_count, result.examples, sum(spent.values()),
                spent.get(server.proc.pid, 0.0))


async def switch(server: ServerProcess, signum: int, done: Path, timeout: float = 30.0) -> None:
    """Send the profiler's signal and wait for the file that says it acted on it."""
    os.kill(server.proc.pid, signum)
    deadline = time.monotonic() + timeout
    while not done.exists():
        if not server.alive() or time.monotonic() > deadline:
            raise ServerFailed(f"{server.spec.name} did not answer {signal.Signals(signum).name}:\n{server.log_tail()}")
        await asyncio.sleep(0.01)


# --- output ----------------------------------------------------------------------------------
def report(host: Profiled, top: int) -> str:
    """The CPU per turn with and without the profiler, the parts and their total, the caveat, the top functions."""
    turns = max(host.profiled.turns, 1)
    us = lambda seconds: seconds * 1e6 / turns  # noqa: E731
    busy, parts = host.profile.busy_seconds(), host.profile.part_seconds()
    lines = [
        f"{HOST_LABELS[host.sdk]} (python -m bot serve --sdk {host.sdk}, SQLite): {host.conversations:,} "
        f"conversations at concurrency 1, played twice",
        _pass_line("without the profiler", host.plain),
        _pass_line(f"under cProfile ({host.clock} clock)", host.profiled),
        _engine_line(host),
        f"profiled main-thread time ({host.clock} clock): {us(busy):,.0f} µs per turn (the event loop's waits for "
        f"the client left out)"
        + _inflation(host),
        "",
        f"{'part':<62}{'share':>8}{'µs/turn':>10}",
        *(f"{name:<62}{_share(seconds, busy):>8}{us(seconds):>10,.0f}" for name, seconds in parts.items()),
        f"{'total':<62}{_share(sum(parts.values()), busy):>8}{us(sum(parts.values())):>10,.0f}",
        f"garbage collection: {sum(host.gc['collections'])} collections (by generation {host.gc['collections']}), "
        f"{us(host.gc['seconds']):,.0f} µs per turn, inside the parts above (charged to whatever was running)",
        "",
        CAVEAT,
        "",
        f"{f'top {top} functions by own time':<74}{'own µs/turn':>13}{'calls/turn':>11}{'incl µs/turn':>14}",
        *(f"  {_where(func):<72}{us(own):>13,.0f}{calls / turns:>11.1f}{us(inclusive):>14,.0f}"
          for func, calls, own, inclusive in host.profile.top_own_time(top)),
    ]
    examples = host.plain.examples + host.profiled.examples
    if examples:
        lines += ["errors (first few):", *(f"  {e}" for e in examples)]
    return "\n".join(lines)


def _engine_line(host: Profiled) -> str:
    """The engine's own CPU in the pass without the profiler: its true share, which the parts below overstate."""
    engine_ms = host.engine["seconds"] * 1000 / max(host.engine["turns"], 1)
    whole_ms = host.plain.ms_per_turn(host.plain.process_cpu_s)
    share = f", {100 * engine_ms / whole_ms:.0f}% of the server's" if whole_ms else ""
    return (f"  the engine without the profiler: {engine_ms:.2f} ms CPU per turn{share} "
            f"(Engine.turn timed on the thread's CPU clock, {host.engine['turns']:,} turns)")


def _pass_line(label: str, one: Pass) -> str:
    return (f"  {label + ':':<30}{one.turns:>6,} turns, {one.errors} errors, "
            f"{one.ms_per_turn(one.process_cpu_s):.2f} ms CPU per turn (main thread "
            f"{one.ms_per_turn(one.main_thread_cpu_s):.2f}, other threads "
            f"{one.ms_per_turn(one.process_cpu_s - one.main_thread_cpu_s):.2f})")


def _inflation(host: Profiled) -> str:
    """How many times the profiler multiplied the main thread's CPU per turn: the scale of the figures below."""
    plain = host.plain.ms_per_turn(host.plain.main_thread_cpu_s)
    profiled = host.profiled.ms_per_turn(host.profiled.main_thread_cpu_s)
    return f",\n  {profiled / plain:.1f}x the main thread's CPU per turn without the profiler" if plain > 0 else ""


def _share(seconds: float, total: float) -> str:
    return f"{100 * seconds / total:.1f}%" if total > 0 else "-"


def _where(func: Func) -> str:
    """A function as ``path:line(name)``, the path from the project or from site-packages."""
    path, line, name = func
    if path == "~":
        return name if len(name) <= 70 else name[:69] + "…"
    if path.startswith(str(ROOT) + os.sep):
        path = path[len(str(ROOT)) + 1:]
    elif "site-packages" in path:
        path = path.split("site-packages" + os.sep, 1)[1]
    else:
        path = "/".join(Path(path).parts[-2:])
    text = f"{path}:{line}({name})"
    return text if len(text) <= 70 else "…" + text[-69:]


# --- the command ---------------------------------------------------------------------------
def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.parts", description=__doc__.splitlines()[0],
                                     epilog=CAVEAT.replace("\n", " "))
    parser.add_argument("--sdk", choices=HOSTS, default=None,
                        help="the host to profile: botbuilder or agents (default both, one after the other)")
    parser.add_argument("--conversations", type=int, default=300,
                        help="conversations per pass, plain then profiled, at concurrency 1 (default 300)")
    parser.add_argument("--warmup", type=int, default=8, help="untimed conversations first (default 8)")
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu",
                        help="the profile's clock: the main thread's CPU time (default), or wall time (cheaper per "
                             "call, but charges waits and other processes' bursts to whatever was running)")
    parser.add_argument("--top", type=int, default=15, help="functions listed by own time (default 15)")
    parser.add_argument("--keep", type=Path, default=None,
                        help="keep the profiles (parts-<sdk>.prof, for pstats or snakeviz) in this directory")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a turn counts as timed out")
    args = parser.parse_args(argv)
    if args.conversations < 1:
        parser.error("--conversations must be at least 1")
    if args.warmup < 0 or args.top < 0:
        parser.error("--warmup and --top cannot be negative")
    args.hosts = [args.sdk] if args.sdk else list(HOSTS)
    return args


async def main_async(args: argparse.Namespace) -> int:
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-parts-") as scratch:
        directory = args.keep or Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        for number, sdk in enumerate(args.hosts):
            if number:
                print()
            profiled = await profile_host(sdk, args, directory)
            print(report(profiled, args.top), flush=True)
            failed = failed or profiled.plain.errors + profiled.profiled.errors > 0
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_main(lambda: main_async(args), "the server")


if __name__ == "__main__":
    sys.exit(main())
