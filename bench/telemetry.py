"""python -m bench.telemetry: what Application Insights costs a turn, and that it costs nothing when off.

Each run is a fresh interpreter, because OpenTelemetry is configured once per
process and "off" must show that nothing of it is even imported:

- before: the code of another checkout (``--baseline DIR``, e.g. ``main`` from
  ``git archive``), which has no telemetry at all;
- off: this checkout without ``APPLICATIONINSIGHTS_CONNECTION_STRING``;
- on: the setting pointed at a stand-in ingestion endpoint on loopback, every
  turn sampled (``OTEL_TRACES_SAMPLER=always_on``, the worst case; the distro's
  default keeps 5 traces a second) and the per-turn log line exported too.

The turns are ``bench.host_overhead``'s, through the real adapter and bot
(memory state, ``expectReplies``). Runs alternate between variants, and the
median of each variant's run medians is printed, to even out a shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from bench.ingestion import IngestionSink

ROOT = Path(__file__).resolve().parents[1]
CHILD = """
import asyncio, json, logging, os, statistics, sys
logging.basicConfig(level=logging.INFO, stream=open(os.devnull, "w"))  # as served: one INFO line per turn
from bench.host_overhead import per_turn_ms
from bot.hosts.botbuilder.auth import ReusingAuthentication, auth_config
from bot.settings import Settings
from dialogs.engine import Engine
connection = os.environ.get("BENCH_CONNECTION_STRING", "")
settings = Settings(storage="memory", **({"appinsights_connection_string": connection} if connection else {}))
extra = ()
if connection:
    from bot.telemetry import start_telemetry
    extra = (start_telemetry(settings),)
samples = asyncio.run(per_turn_ms(ReusingAuthentication(auth_config(settings)), Engine(), TURNS, *extra))
loaded = [m for m in sys.modules if m.startswith(("opentelemetry", "azure.monitor"))]
print(json.dumps({"median_ms": statistics.median(samples), "modules_loaded": len(loaded)}))
"""


def run_once(folder: Path, turns: int, connection_string: str = "") -> dict:
    env = {k: v for k, v in os.environ.items() if k != "APPLICATIONINSIGHTS_CONNECTION_STRING"}
    env.update(BENCH_CONNECTION_STRING=connection_string, PYTHONDONTWRITEBYTECODE="1",
               APPLICATIONINSIGHTS_STATSBEAT_DISABLED_ALL="true", APPLICATIONINSIGHTS_SDKSTATS_DISABLED="true",
               OTEL_TRACES_SAMPLER="always_on")
    result = subprocess.run([sys.executable, "-c", CHILD.replace("TURNS", str(turns))], cwd=folder, env=env,
                            capture_output=True, text=True, timeout=600, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.telemetry", description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", type=Path, help="a checkout without telemetry, measured as 'before'")
    args = parser.parse_args(argv)
    sink = IngestionSink().start()
    variants = {"off": (ROOT, ""), "on": (ROOT, sink.connection_string)}
    if args.baseline:
        variants = {"before": (args.baseline, ""), **variants}
    runs = {name: [] for name in variants}
    try:
        for _ in range(args.rounds):
            for name, (folder, connection) in variants.items():
                runs[name].append(run_once(folder, args.turns, connection))
    finally:
        sink.stop()
    print(f"{'telemetry':<10} {'median ms a turn':>17} {'run medians':>24} {'OpenTelemetry modules loaded':>30}")
    medians = {}
    for name, results in runs.items():
        medians[name] = statistics.median(r["median_ms"] for r in results)
        each = " ".join(f"{r['median_ms']:.3f}" for r in results)
        print(f"{name:<10} {medians[name]:>17.3f} {each:>24} {results[-1]['modules_loaded']:>30}")
    for name in ("before", "on"):
        if name in medians and name != "off":
            print(f"{name} / off: {medians[name] / medians['off']:.2f}x")
    print(f"{args.turns} turns a run, {args.rounds} rounds; exported envelopes received: {len(sink.envelopes)}")


if __name__ == "__main__":
    main()
