"""Benchmark: our bot against the stock Bot Framework stack and a bare aiohttp floor, over real HTTP.

    python -m bench [--conversations N] [--concurrency 1,32] [--rounds N]
                    [--only ours,agents,echo,agents_echo,floor] [--quick]

Starts each server as its own process on loopback: ours (``python -m bot
serve``, SQLite store in a temp dir) on botbuilder and on the Microsoft 365
Agents SDK (``--sdk agents``), the stock botbuilder echo bot, the stock Agents
SDK echo bot (its quickstart's shape, ``MemoryStorage``) and the bare aiohttp
handler. After a few untimed conversations per server, it drives complete
troubleshooting conversations with Teams-shaped activities from one aiohttp
client, and prints turn latency (p50/p95/p99), turns per second, server CPU
per turn, errors and each server's peak RSS, the ratios and the issue's
targets. Writes ``bench/results/<output>.json`` and ``.png``.

The measurement is repeated ``--rounds`` times (default 3, 1 with
``--quick``). Within a round every server is measured at each concurrency
back to back (all at c=1, then all at c=32), and the rounds follow one
another, so noise on the machine falls on every server alike. The JSON keeps
each round's rows (``rounds``: the round's ``runs`` and the load average
before and after it); the table, chart, ratios and targets use ``runs``, one
row per server and concurrency: the median of the rounds for every timing
and rate, totals for conversations, turns and errors, the last round's RSS
and the highest peak.

Options:
  --conversations N  conversations per server, concurrency and round (default 500; 40 with --quick)
  --concurrency L    comma-separated concurrencies (default 1,32)
  --rounds N         times the whole measurement is repeated (default 3; 1 with --quick)
  --only L           comma-separated servers: ours, agents, echo, agents_echo, floor (default all)
  --quick            a smoke run: 40 conversations, one round, one start timing, warm-up of 2
  --warmup N         untimed conversations per server before round 1 (default 8)
  --starts N         times our server is started to time its start (default 3; 1 with --quick)
  --output NAME      bench/results/NAME.json and .png (default latest)
  --no-chart         skip the PNG
  --profile FILE     run our servers under cProfile (see also ``python -m bench.parts``)
  --timeout S        seconds before a turn counts as timed out (default 30)

Ours, the Agents SDK echo bot and the floor answer in the response
(``deliveryMode: expectReplies``). The stock botbuilder echo bot cannot (botbuilder 4.17.1's CloudAdapter answers 500 to
``expectReplies``), so it runs the way it works stock: normal delivery, its
reply POSTed to a stand-in Bot Connector on loopback, which counts them. The
``expectReplies`` failure rate of the stock stack is measured and reported
alongside.

Exit status: 0 when every turn succeeded, 1 when any failed, 2 when a server
would not start. Missed targets are reported, not turned into a failure:
timings depend on the machine.
"""
from __future__ import annotations

import argparse
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from bench import report
from bench.load import RunResult, Target, run
from bench.procs import ROOT, ServerProcess, ServerSpec, run_main

RESULTS = Path(__file__).resolve().parent / "results"
SERVERS = ("ours", "agents", "echo", "agents_echo", "floor")

OURS = ServerSpec("ours", "bot", args=("serve",), env={
    "BOT_STORAGE": "sqlite", "BOT_STATE_PATH": "{workdir}/state.db", "HOST": "127.0.0.1",
    "MicrosoftAppId": "", "MicrosoftAppPassword": "",
})
AGENTS = ServerSpec("agents", "bot", args=("serve", "--sdk", "agents"), env=OURS.env)
ECHO = ServerSpec("echo", "bench.servers.echo_bot")
AGENTS_ECHO = ServerSpec("agents_echo", "bench.servers.agents_echo")
FLOOR = ServerSpec("floor", "bench.servers.floor")
CONNECTOR = ServerSpec("connector", "bench.servers.connector")
SPECS = {"ours": OURS, "agents": AGENTS, "echo": ECHO, "agents_echo": AGENTS_ECHO, "floor": FLOOR}


EPILOG = ("Each round measures every selected server at each concurrency back to back; the summary (table, chart, "
          "ratios, targets) is the median of the rounds, with conversations, turns and errors summed. The JSON keeps "
          "every round's rows and the load average around each round.")


@dataclass
class Running:
    """A server under test, the client's view of it, and what it has served so far."""

    name: str
    process: ServerProcess
    target: Target
    conversations_served: int = 0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0], epilog=EPILOG)
    parser.add_argument("--conversations", type=int, default=None,
                        help="conversations per server, concurrency and round (default 500; 40 with --quick)")
    parser.add_argument("--concurrency", type=_int_list, default=[1, 32],
                        help="comma-separated concurrencies to run (default 1,32)")
    parser.add_argument("--only", type=_server_list, default=list(SERVERS),
                        help="comma-separated servers to run: " + ", ".join(SERVERS) + " (default all)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="times the whole measurement is repeated, servers interleaved within each round; "
                             "the summary is the median of the rounds (default 3; 1 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 40 conversations, one round, one start timing, no warm-up beyond "
                             "2 conversations")
    parser.add_argument("--warmup", type=int, default=None, help="untimed conversations per server first (default 8)")
    parser.add_argument("--starts", type=int, default=None,
                        help="times to start our server to time its start (default 3; 1 with --quick)")
    parser.add_argument("--output", default="latest", help="results file name in bench/results/ (default latest)")
    parser.add_argument("--results-dir", type=Path, default=RESULTS, help=argparse.SUPPRESS)
    parser.add_argument("--no-chart", action="store_true", help="skip the PNG (no matplotlib needed)")
    parser.add_argument("--profile", type=Path, default=None,
                        help="run our server under cProfile and write the profile to this file")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a turn counts as timed out")
    args = parser.parse_args(argv)
    args.conversations = args.conversations or (40 if args.quick else 500)
    args.warmup = args.warmup if args.warmup is not None else (2 if args.quick else 8)
    args.starts = args.starts or (1 if args.quick else 3)
    args.rounds = args.rounds if args.rounds is not None else (1 if args.quick else 3)
    for name, value in (("--conversations", args.conversations), ("--starts", args.starts),
                        ("--rounds", args.rounds)):
        if value < 1:
            parser.error(f"{name} must be at least 1")
    if args.warmup < 0:
        parser.error("--warmup cannot be negative")
    if "ours" in args.only and not (ROOT / "bot" / "__main__.py").exists():
        parser.error("ours: bot/__main__.py is missing, so `python -m bot serve` cannot run; "
                     "use --only echo,floor meanwhile")
    return args


def _int_list(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a comma-separated list of whole numbers") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("concurrencies must be whole numbers of at least 1")
    return values


def _server_list(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [n for n in names if n not in SERVERS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"unknown server {', '.join(unknown) or text!r}; use {', '.join(SERVERS)}")
    return [s for s in SERVERS if s in names]


# --- servers ------------------------------------------------------------------------------
def start_servers(args: argparse.Namespace, connector: ServerProcess | None) -> dict[str, Running]:
    running = {}
    for name in args.only:
        spec = SPECS[name]
        if name in ("ours", "agents") and args.profile:
            spec = ServerSpec(**{**spec.__dict__, "profile": str(args.profile.resolve())})
        process = ServerProcess(spec)
        running[name] = Running(name, process, target_for(name, process, connector))
        process.start()
        print(f"started {name:<11} pid {process.proc.pid:<7} port {process.port:<6} "
              f"healthy after {process.ready_seconds:.3f} s")
    return running


def target_for(name: str, process: ServerProcess, connector: ServerProcess | None) -> Target:
    if name in ("ours", "agents"):
        return Target(name, process.base_url, replies="body", follows_cards=True)
    if name == "echo":
        return Target(name, process.base_url, replies="connector", delivery_mode=None,
                      service_url=f"{connector.base_url}/")
    return Target(name, process.base_url, replies="one")


def time_starts(extra: int) -> list[float]:
    """Start our server ``extra`` more times, each with a fresh store, to see the spread of its start."""
    samples = []
    for _ in range(extra):
        with ServerProcess(OURS) as process:
            samples.append(process.start())
    return samples


async def connector_count(connector: ServerProcess) -> int:
    import aiohttp
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{connector.base_url}/stats") as response:
            return (await response.json())["activities"]


# --- runs ---------------------------------------------------------------------------------
async def measure(server: Running, conversations: int, concurrency: int, run_id: str,
                  connector: ServerProcess | None, timeout: float) -> dict:
    """One timed run against one server, with its CPU, memory and (for echo) the replies it posted."""
    process = server.process
    cpu_before, client_before = process.cpu_seconds(), time.process_time()
    posted_before = await connector_count(connector) if server.target.replies == "connector" else 0
    result = await run(server.target, conversations, concurrency, run_id, timeout=timeout)
    server_cpu, client_cpu = process.cpu_seconds() - cpu_before, time.process_time() - client_before
    server.conversations_served += conversations
    if server.target.replies == "connector":
        check_posted(result, await connector_count(connector) - posted_before)
    if not process.alive():
        result.error("server died", process.log_tail(5))
    return report.figures(result, server_cpu, client_cpu, process.memory())


def check_posted(result: RunResult, posted: int) -> None:
    """Normal delivery: each successful turn must have posted exactly one reply to the connector."""
    if posted != result.turns_ok:
        result.error("reply count", f"{posted} replies reached the connector for {result.turns_ok} turns")


async def echo_expect_replies(echo: Running, run_id: str) -> dict:
    """How the stock stack fares when asked for expectReplies, as our bot is: the known SDK defect."""
    target = Target("echo", echo.process.base_url, replies="body")
    result = await run(target, 4, 1, run_id + "x")
    echo.conversations_served += 4
    attempted = result.turns_ok + result.turns_failed
    return {"turns": attempted, "failed_turns": result.turns_failed, "error_kinds": dict(result.errors)}


async def main_async(args: argparse.Namespace) -> int:
    run_id = uuid.uuid4().hex[:6]
    started, load_before = time.strftime("%Y-%m-%d %H:%M:%S %z"), report.load_average()
    extra_starts = time_starts(args.starts - 1) if "ours" in args.only else []
    connector = ServerProcess(CONNECTOR) if "echo" in args.only else None
    running: dict[str, Running] = {}
    try:
        if connector:
            connector.start()
        running = start_servers(args, connector)
        await warm_up(running.values(), args, run_id)
        rounds = await measure_rounds(list(running.values()), args, run_id, connector)
        echo_note = await echo_expect_replies(running["echo"], run_id) if "echo" in running else None
        servers = {name: server_summary(s, extra_starts if name == "ours" else []) for name, s in running.items()}
    finally:
        for server in running.values():
            server.process.close()
        if connector:
            connector.close()
    document = build_document(args, started, load_before, rounds, servers, echo_note)
    print_report(document)
    write_results(args, document)
    return 1 if any(r["errors"] for r in document["runs"]) else 0


async def warm_up(servers, args: argparse.Namespace, run_id: str) -> None:
    """A few untimed conversations first, so no run pays for first-use costs (imports, caches, the store's file)."""
    if not args.warmup:
        return
    for server in servers:
        warm = await run(server.target, args.warmup, 1, run_id + "w", timeout=args.timeout)
        server.conversations_served += args.warmup
        if warm.error_count:
            print(f"warm-up of {server.name} failed: {warm.examples}", file=sys.stderr)


async def measure_rounds(servers: list[Running], args: argparse.Namespace, run_id: str,
                         connector: ServerProcess | None) -> list[dict]:
    """The whole measurement ``args.rounds`` times over, each round with the machine's load before and after it.

    One round per pass over every server and concurrency, rather than all of one
    server's rounds together: a burst of load elsewhere on the machine then
    lands in one round of every server, and the median leaves it out.
    """
    rounds = []
    for number in range(1, args.rounds + 1):
        before = report.load_average()
        print(f"round {number} of {args.rounds} (load average {before})", flush=True)
        rows = await measure_all(servers, args, f"{run_id}r{number}", connector)
        rounds.append({"round": number, "load_average": {"before": before, "after": report.load_average()},
                       "runs": rows})
    return rounds


async def measure_all(servers, args: argparse.Namespace, run_id: str, connector: ServerProcess | None) -> list[dict]:
    """Each concurrency in turn, every server at that concurrency back to back: load on the machine hits all alike."""
    rows = []
    for concurrency in args.concurrency:
        for server in servers:
            row = await measure(server, args.conversations, concurrency, run_id, connector, args.timeout)
            rows.append(row)
            print(f"  {server.name:<11} c={concurrency:<3} {row['turns']:>7} turns  p50 {row['p50_ms']} ms  "
                  f"{row['turns_per_s']} turns/s  cpu/turn {row['server_cpu_ms_per_turn']} ms  "
                  f"errors {row['errors']}", flush=True)
    return rows


def server_summary(server: Running, extra_starts: list[float]) -> dict:
    memory = server.process.memory()
    return {
        "command": " ".join(server.process.spec.command(server.process.port)[1:]),
        "start_s": [round(s, 3) for s in (server.process.ready_seconds, *extra_starts)],
        "conversations_served": server.conversations_served,
        "rss_mb": round(memory["rss_mb"], 1),
        "peak_rss_mb": round(memory["peak_rss_mb"], 1),
    }


# --- output ---------------------------------------------------------------------------------
def build_document(args, started: str, load_before: list[float], rounds: list[dict], servers: dict,
                   echo_note: dict | None) -> dict:
    """The results: each round's rows as measured, and the summary rows (medians of the rounds) everything uses."""
    rows = report.median_of_rounds([r["runs"] for r in rounds])
    ratio = report.ratios(rows)
    return {
        "started": started,
        "machine": report.machine(),
        "load_average": {"before": load_before, "after": report.load_average()},
        "settings": {"conversations": args.conversations, "concurrency": args.concurrency, "rounds": args.rounds,
                     "servers": args.only, "warmup": args.warmup, "quick": args.quick},
        "delivery": {"ours": "expectReplies", "agents": "expectReplies", "agents_echo": "expectReplies",
                     "floor": "expectReplies",
                     "echo": "normal: replies POSTed to a stand-in Bot Connector on loopback"},
        "runs": rows,
        "rounds": rounds,
        "servers": servers,
        "ratios": ratio,
        "targets": report.verdicts(rows, servers, ratio),
        "echo_expect_replies": echo_note,
    }


def print_report(doc: dict) -> None:
    m = doc["machine"]
    print()
    print(f"machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB, Python {m['python']}; "
          f"load average before {doc['load_average']['before']}, after {doc['load_average']['after']}")
    print(report.rounds_lines(doc["rounds"]))
    print(report.table(doc["runs"]))
    if len(doc["rounds"]) > 1:
        print("server CPU per turn, round by round:")
        print(report.cpu_by_round_lines(doc["runs"]))
        paired = report.paired_cpu_ratios(doc["runs"])
        if paired:
            print("CPU per turn against the stock Agents SDK echo bot, within each round (the verdicts below "
                  "take the ratio of the medians):")
            print(report.paired_lines(paired))
    for name, s in doc["servers"].items():
        starts = ", ".join(f"{v:.3f}" for v in s["start_s"])
        print(f"{report.SERVER_LABELS[name]:<26} start to healthy: {starts} s; RSS now {s['rss_mb']} MB, "
              f"peak {s['peak_rss_mb']} MB after {s['conversations_served']:,} conversations")
    if doc["ratios"]:
        print("ratios: " + ", ".join(f"{k} = {v}" for k, v in doc["ratios"].items()))
    note = doc["echo_expect_replies"]
    if note:
        print(f"stock echo bot with deliveryMode expectReplies: {note['failed_turns']} of {note['turns']} turns "
              f"failed {note['error_kinds']}; it is measured above in normal delivery mode "
              f"(replies POSTed to a stand-in Bot Connector)")
    print("targets:")
    print(report.verdict_lines(doc["targets"]))
    errors = report.error_lines(doc["runs"])
    if errors:
        print("errors (first of each run):")
        print(errors)


def write_results(args: argparse.Namespace, doc: dict) -> None:
    json_path = args.results_dir / f"{args.output}.json"
    report.write_json(json_path, doc)
    written = [json_path]
    if not args.no_chart:
        m = doc["machine"]
        rounds = "one round" if args.rounds == 1 else f"median of {args.rounds} rounds"
        title = (f"{args.conversations:,} conversations per run, {rounds}; {m['nproc']} cores ({m['cpu']}), "
                 f"Python {m['python']}, {doc['started'][:10]}")
        png_path = args.results_dir / f"{args.output}.png"
        report.write_chart(png_path, doc["runs"], title)
        written.append(png_path)
    print("wrote " + ", ".join(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in written))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    return run_main(lambda: main_async(args), "a server")


if __name__ == "__main__":
    sys.exit(main())
