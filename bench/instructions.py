"""Benchmark: the instructions a whole turn executes, per server, counted by valgrind: the same on any machine.

    python -m bench.instructions [--conversations N] [--servers ours,agents,agents_echo] [--output FILE]

Each server runs twice under ``valgrind --tool=callgrind``, both runs side by
side (one per core): one serves the warm-up conversations only, the other the
warm-up and then N more at concurrency 1. The difference between their totals,
over the turns of those N conversations, is what a turn costs; start-up,
imports and the warm-up fall out. The conversations are the load scripts of
``bench/conversations.py``, as in ``python -m bench``.

CPU time on a shared machine moves by up to twice between rounds of
``python -m bench``; an instruction count does not move at all (two runs agree
within half a percent). It leaves out what the kernel does for the process
(its socket, the SQLite file, the log) and what a cache miss costs, so it
complements the CPU figures rather than replacing them: a cut that saves
instructions shows here at once, whatever the neighbours are doing.
Needs valgrind (``apt-get install valgrind``); a run takes a minute or two per server.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench.__main__ import RESULTS, target_for
from bench.__main__ import SPECS as BENCH_SPECS
from bench.load import run
from bench.procs import ServerProcess, ServerSpec, run_main

# Every server of the benchmark but botbuilder's echo bot, whose replies need a stand-in Bot Connector.
SPECS = {name: spec for name, spec in BENCH_SPECS.items() if name != "echo"}
BASELINE = "agents_echo"
WARMUP = 8
START_TIMEOUT = 900.0  # seconds: imports and the knowledge under valgrind take a minute or more
STOP_TIMEOUT = 600.0
_COLLECTED = re.compile(r"Collected : (\d+)")


class ValgrindMissing(RuntimeError):
    """No valgrind on the PATH."""


@dataclass
class UnderValgrind(ServerSpec):
    """A server spec whose process runs under callgrind, which writes its total to the log at exit."""

    def command(self, port: int) -> list[str]:
        return ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *super().command(port)]


def collected(log: str) -> int:
    """The instruction total callgrind writes at exit ("Collected : N"), read from the server's log.

    Raises:
        ValueError: there is none (the process did not end normally).
    """
    found = _COLLECTED.findall(log)
    if not found:
        raise ValueError("callgrind wrote no total: the server did not exit normally")
    return int(found[-1])


def per_turn(baseline: int, loaded: int, turns: int) -> float:
    """Instructions per turn: what the loaded run executed beyond the warm-up-only run, over its extra turns."""
    if turns <= 0:
        raise ValueError("no turns were served")
    return (loaded - baseline) / turns


async def count(spec: ServerSpec, name: str, conversations: int) -> tuple[int, int]:
    """(instructions executed, turns served beyond the warm-up) by one run of the server under callgrind."""
    process = ServerProcess(UnderValgrind(**spec.__dict__))
    try:
        await asyncio.to_thread(process.start, START_TIMEOUT)
        target = target_for(name, process, None)
        await run(target, WARMUP, 1, "w" + uuid.uuid4().hex[:6])
        turns = 0
        if conversations:
            result = await run(target, conversations, 1, uuid.uuid4().hex[:8])
            if result.error_count:
                raise RuntimeError(f"{name}: {result.error_count} turns failed, e.g. {result.examples[:1]}")
            turns = result.turns_ok
        await asyncio.to_thread(process.stop, STOP_TIMEOUT)
        return collected(process.log_path.read_text(errors="replace")), turns
    finally:
        process.close()


async def measure(name: str, conversations: int) -> dict:
    """One server's instructions per turn, from its two runs side by side."""
    (baseline, _), (loaded, turns) = await asyncio.gather(count(SPECS[name], name, 0),
                                                         count(SPECS[name], name, conversations))
    return {"server": name, "turns": turns, "instructions_per_turn": per_turn(baseline, loaded, turns)}


def report_lines(rows: list[dict]) -> list[str]:
    """The table, with each server's count against the Agents SDK's echo bot when it was measured."""
    base = next((r["instructions_per_turn"] for r in rows if r["server"] == BASELINE), None)
    lines = ["| server | turns | instructions per turn | ÷ stock Agents SDK echo |", "|---|---|---|---|"]
    for row in rows:
        ratio = f"{row['instructions_per_turn'] / base:.2f}x" if base else "-"
        lines.append(f"| {row['server']} | {row['turns']} | {row['instructions_per_turn'] / 1e6:.3f} M | {ratio} |")
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=40, help="measured conversations per server")
    parser.add_argument("--servers", default="ours,agents,agents_echo",
                        help=f"comma-separated, of: {', '.join(SPECS)}")
    parser.add_argument("--output", type=Path, default=RESULTS / "instructions.json")
    args = parser.parse_args(argv)
    args.servers = [s.strip() for s in args.servers.split(",") if s.strip()]
    unknown = [s for s in args.servers if s not in SPECS]
    if unknown:
        parser.error(f"unknown server {unknown[0]!r}; use {', '.join(SPECS)}")
    if args.conversations < 1:
        parser.error("--conversations must be at least 1")
    return args


async def main_async(args: argparse.Namespace) -> int:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: apt-get install valgrind", file=sys.stderr)
        return 2
    rows = []
    for name in args.servers:
        rows.append(await measure(name, args.conversations))
        print(f"{name}: {rows[-1]['instructions_per_turn'] / 1e6:.3f} M instructions per turn", flush=True)
    print("\n".join(report_lines(rows)))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps({"conversations": args.conversations, "servers": rows}, indent=2) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_main(lambda: main_async(args), "the instruction count")


if __name__ == "__main__":
    raise SystemExit(main())
