"""Benchmark: what each state store costs a user, per turn, through the real server.

    python -m bench.storage_e2e [--turns N] [--warmup N]

For each store (memory, sqlite, blob on an Azurite this script starts) one
``python -m bot serve`` process on loopback. The same Teams-shaped
conversations (the scripts of ``bench.conversations``: card clicks, typed
answers, free-text questions; ``deliveryMode: expectReplies``) are played
against all three, one turn at a time, conversation by conversation in turn
(memory, sqlite, blob, memory, ...) so that machine noise hits every store
alike. A turn is timed from request written to replies read; every
conversation must end where its script says.

Prints the median and p95 turn latency per store and each as a multiple of
memory's. ``bench.storage`` measures the storage calls alone; this is what
they add to a whole turn. Exit status 1 when any turn failed, 2 when a server
or Azurite would not start.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import uuid
from pathlib import Path

import aiohttp

from bench.conversations import SCRIPTS, script_for
from bench.load import RunResult, Target, converse
from bench.procs import ServerFailed, ServerProcess, ServerSpec
from bench.storage import start_azurite

STORES = ("memory", "sqlite", "blob")
START_TIMEOUT = 90.0  # seconds; a loaded 2-core machine is slow to import botbuilder
BOT_ENV = {"HOST": "127.0.0.1", "MicrosoftAppId": "", "MicrosoftAppPassword": ""}


def spec(store: str, azurite=None) -> ServerSpec:
    """Our server with one store; ``{workdir}`` is the server's own temporary folder."""
    env = {**BOT_ENV, "BOT_STORAGE": store, "BOT_STATE_PATH": "{workdir}/state.db"}
    if store == "blob":
        env.update(AZURE_STORAGE_CONNECTION_STRING=azurite.connection_string, BOT_STATE_CONTAINER="bench-e2e")
    return ServerSpec(store, "bot", args=("serve",), env=env)


async def drive(servers: dict[str, ServerProcess], turns: int, warmup: int) -> dict[str, RunResult]:
    """Play conversations against every server in turn until each has ``turns`` measured turns."""
    run_id = uuid.uuid4().hex[:8]
    targets = {name: Target(name, server.base_url, follows_cards=True) for name, server in servers.items()}
    results = {name: RunResult(name, concurrency=1) for name in servers}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as http:
        for index in range(warmup):  # first turns pay for imports and new connections
            for name, target in targets.items():
                await converse(http, target, script_for(index), run_id, RunResult(name, 1))
        index = 0
        while min(len(r.latencies_ms) + r.turns_failed for r in results.values()) < turns:
            for name, target in targets.items():
                await converse(http, target, script_for(index), run_id, results[name])
                results[name].conversations += 1
            index += 1
    return results


def report(results: dict[str, RunResult]) -> None:
    base = results.get("memory")
    base_median, base_p95 = (_median(base.latencies_ms), _p95(base.latencies_ms)) if base else (0.0, 0.0)
    print(f"{'store':<8} {'turns':>6} {'median ms':>10} {'p95 ms':>9} {'median x mem':>13} {'p95 x mem':>10} "
          f"{'errors':>7}")
    for name, result in results.items():
        median, p95 = _median(result.latencies_ms), _p95(result.latencies_ms)
        print(f"{name:<8} {len(result.latencies_ms):>6} {median:>10.2f} {p95:>9.2f} "
              f"{_ratio(median, base_median):>13} {_ratio(p95, base_p95):>10} {result.error_count:>7}")
    for result in results.values():
        for example in result.examples:
            print(f"  {result.target}: {example}")


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else _median(values)


def _ratio(value: float, base: float) -> str:
    return f"{value / base:.2f}x" if base else "-"


def run(turns: int, warmup: int) -> int:
    with tempfile.TemporaryDirectory(prefix="bench-storage-e2e-") as scratch:
        azurite = start_azurite(Path(scratch) / "azurite")
        servers = {store: ServerProcess(spec(store, azurite)) for store in STORES if store != "blob" or azurite}
        try:
            for server in servers.values():
                server.start(timeout=START_TIMEOUT)
            results = asyncio.run(drive(servers, turns, warmup))
        except ServerFailed as failure:
            print(f"a server would not start: {failure}", file=sys.stderr)
            return 2
        finally:
            for server in servers.values():
                server.close()
            if azurite:
                azurite.stop()
    conversations = max(r.conversations for r in results.values())
    print(f"end-to-end turn latency through `python -m bot serve`, {turns}+ turns per store "
          f"({conversations} conversations of {len(SCRIPTS)} scripts, expectReplies, one turn at a time)")
    report(results)
    return 1 if any(r.error_count for r in results.values()) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000, help="measured turns per store, at least (default 1000)")
    parser.add_argument("--warmup", type=int, default=2, help="conversations per store discarded first (default 2)")
    args = parser.parse_args(argv)
    return run(args.turns, args.warmup)


if __name__ == "__main__":
    sys.exit(main())
