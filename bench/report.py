"""Figures from the runs: percentiles, medians of rounds, the table, ratios, verdicts, the JSON and the chart."""
from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
from collections import Counter
from pathlib import Path

from bench.load import RunResult

SERVER_LABELS = {"ours": "ours (bot serve, SQLite)", "agents": "ours on Agents SDK", "echo": "stock echo bot",
                 "agents_echo": "stock Agents SDK echo", "floor": "bare aiohttp"}
COLORS = {"ours": "#2b6cb0", "agents": "#2f855a", "echo": "#c05621", "agents_echo": "#b7791f", "floor": "#718096"}

# The targets on the 2-core machine.
MAX_P50_RATIO_TO_FLOOR = 3.0
MIN_TPS_RATIO_TO_ECHO = 5.0
MIN_CONVERSATIONS_FOR_ERRORS = 1000
MAX_CPU_RATIO_TO_AGENTS_ECHO = 1.0
MAX_RSS_MB = 130.0
CONVERSATIONS_FOR_RSS = 10_000
MAX_START_SECONDS = 1.5


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: a latency some turn really had, not an interpolation."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def figures(result: RunResult, server_cpu_s: float, client_cpu_s: float, memory: dict) -> dict:
    """One run as plain numbers (the JSON row and the table row)."""
    lat, turns = result.latencies_ms, result.turns_ok
    per_turn = lambda seconds: round(seconds * 1000 / turns, 3) if turns else None  # noqa: E731
    return {
        "server": result.target,
        "concurrency": result.concurrency,
        "conversations": result.conversations,
        "completed": result.completed,
        "turns": turns,
        "failed_turns": result.turns_failed,
        "errors": result.error_count,
        "error_kinds": dict(result.errors),
        "error_examples": result.examples,
        "seconds": round(result.seconds, 3),
        "turns_per_s": round(turns / result.seconds, 1) if result.seconds else 0.0,
        "p50_ms": _ms(percentile(lat, 50)),
        "p95_ms": _ms(percentile(lat, 95)),
        "p99_ms": _ms(percentile(lat, 99)),
        "mean_ms": _ms(statistics.fmean(lat)) if lat else None,
        "max_ms": _ms(max(lat)) if lat else None,
        "server_cpu_ms_per_turn": per_turn(server_cpu_s),
        "client_cpu_ms_per_turn": per_turn(client_cpu_s),
        "rss_mb": round(memory["rss_mb"], 1),
        "peak_rss_mb": round(memory["peak_rss_mb"], 1),
    }


def _ms(value: float) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 2)


# --- rounds ---------------------------------------------------------------------------------
# A run's figures, by how the rounds combine them: counts add up (every turn played counts, every
# error too); timings and rates are the median of the rounds (one noisy round does not move it);
# memory is the process's, which only grows, so the last and the largest.
SUMMED = ("conversations", "completed", "turns", "failed_turns", "errors")
MEDIAN_DIGITS = {"seconds": 3, "turns_per_s": 1, "p50_ms": 2, "p95_ms": 2, "p99_ms": 2, "mean_ms": 2, "max_ms": 2,
                 "server_cpu_ms_per_turn": 3, "client_cpu_ms_per_turn": 3}


def median_of_rounds(rounds: list[list[dict]]) -> list[dict]:
    """One row per server and concurrency from each round's rows, in the order they were first measured.

    Each timing is the median of the rounds (of two, their mean), so the
    figures compare servers measured under the same noise; counts are totals
    over the rounds, so ``errors`` is every error seen. ``rounds`` says how
    many rounds a row combines, ``server_cpu_ms_per_turn_by_round`` keeps the
    spread in sight.
    """
    groups: dict[tuple[str, int], list[dict]] = {}
    for rows in rounds:
        for row in rows:
            groups.setdefault((row["server"], row["concurrency"]), []).append(row)
    return [_combined(rows) for rows in groups.values()]


def _combined(rows: list[dict]) -> dict:
    """Rows of one server and concurrency, one per round, as one row."""
    kinds: Counter = Counter()
    for row in rows:
        kinds.update(row["error_kinds"])
    combined = {"server": rows[0]["server"], "concurrency": rows[0]["concurrency"], "rounds": len(rows)}
    combined.update({name: sum(row[name] for row in rows) for name in SUMMED})
    combined.update({name: _median([row[name] for row in rows], digits) for name, digits in MEDIAN_DIGITS.items()})
    combined.update({
        "error_kinds": dict(kinds),
        "error_examples": [f"round {i}: {e}" for i, row in enumerate(rows, 1) for e in row["error_examples"]],
        "server_cpu_ms_per_turn_by_round": [row["server_cpu_ms_per_turn"] for row in rows],
        "rss_mb": rows[-1]["rss_mb"],
        "peak_rss_mb": max(row["peak_rss_mb"] for row in rows),
    })
    return combined


def _median(values: list, digits: int) -> float | None:
    """The median of the rounds that have the figure (a round without turns has no latency), or None."""
    present = [v for v in values if v is not None]
    return round(statistics.median(present), digits) if present else None


def find(rows: list[dict], server: str, concurrency: int) -> dict | None:
    return next((r for r in rows if r["server"] == server and r["concurrency"] == concurrency), None)


# --- ratios and verdicts ------------------------------------------------------------------
def ratios(rows: list[dict]) -> dict:
    """The issue's comparisons, from the summary rows (medians of the rounds), when this run measured both sides."""
    wanted = [("p50_ours_over_floor_c1", "p50_ms", "ours", "floor", 1),
              ("tps_ours_over_echo_c32", "turns_per_s", "ours", "echo", 32)]
    wanted += [(f"cpu_{server}_over_agents_echo_c{c}", "server_cpu_ms_per_turn", server, "agents_echo", c)
               for server in ("ours", "agents") for c in (1, 32)]
    out = {}
    for name, figure, server, anchor, concurrency in wanted:
        value = ratio_of(rows, figure, server, anchor, concurrency)
        if value is not None:
            out[name] = value
    return out


def ratio_of(rows: list[dict], figure: str, server: str, anchor: str, concurrency: int) -> float | None:
    """``server``'s figure over ``anchor``'s at one concurrency, to 2 places; None when either is missing or 0."""
    mine, theirs = find(rows, server, concurrency), find(rows, anchor, concurrency)
    if not mine or not theirs or mine[figure] is None or not theirs[figure]:
        return None
    return round(mine[figure] / theirs[figure], 2)


def verdicts(rows: list[dict], servers: dict, ratio: dict) -> list[dict]:
    """Each target: the measured value, the limit, and met / missed / not measured (with what to run)."""
    ours = servers.get("ours")
    ours_rows = [r for r in rows if r["server"] == "ours"]
    conversations = sum(r["conversations"] for r in ours_rows)
    errors = sum(r["errors"] for r in ours_rows)
    served = ours["conversations_served"] if ours else 0
    starts = ours["start_s"] if ours else []
    return [
        _verdict("ours p50 at c=1 within 3x of bare aiohttp", ratio.get("p50_ours_over_floor_c1"),
                 f"<= {MAX_P50_RATIO_TO_FLOOR:g}x", lambda v: v <= MAX_P50_RATIO_TO_FLOOR, "x",
                 missing="run with --only ours,floor (concurrency 1 included)"),
        _verdict("ours turns/s at c=32 at least 5x the stock echo bot", ratio.get("tps_ours_over_echo_c32"),
                 f">= {MIN_TPS_RATIO_TO_ECHO:g}x", lambda v: v >= MIN_TPS_RATIO_TO_ECHO, "x",
                 missing="run with --only ours,echo (concurrency 32 included)"),
        *(cpu_verdict(rows, ratio, server, c) for server in ("ours", "agents") for c in (1, 32)),
        _verdict(f"zero errors over {MIN_CONVERSATIONS_FOR_ERRORS:,} conversations",
                 errors if conversations >= MIN_CONVERSATIONS_FOR_ERRORS else None, "0",
                 lambda v: v == 0, f" errors in {conversations:,} conversations",
                 missing=f"only {conversations:,} conversations of ours timed (conversations x rounds x "
                         f"concurrencies); run with --only ours and the defaults (500 x 3 x 2)"),
        _verdict(f"server RSS at most {MAX_RSS_MB:g} MB after {CONVERSATIONS_FOR_RSS:,} conversations",
                 ours["rss_mb"] if ours and served >= CONVERSATIONS_FOR_RSS else None, f"<= {MAX_RSS_MB:g} MB",
                 lambda v: v <= MAX_RSS_MB, f" MB now (peak {ours['peak_rss_mb'] if ours else 0} MB)",
                 missing=f"served {served:,} conversations; run with --only ours --conversations "
                         f"{CONVERSATIONS_FOR_RSS} --concurrency 32 --rounds 1"),
        _verdict(f"process start to /healthz 200 under {MAX_START_SECONDS:g} s",
                 round(statistics.median(starts), 3) if starts else None, f"< {MAX_START_SECONDS:g} s",
                 lambda v: v < MAX_START_SECONDS, f" s (median of {len(starts)}, max {max(starts, default=0):.3f})",
                 missing="run with --only ours"),
    ]


CPU_TARGET_LABELS = {"ours": "ours (botbuilder, SQLite)", "agents": "ours (Agents SDK, SQLite)"}


def cpu_verdict(rows: list[dict], ratio: dict, server: str, concurrency: int) -> dict:
    """Our host's server CPU per turn against the stock Agents SDK echo bot's, both the medians of the rounds."""
    value = ratio.get(f"cpu_{server}_over_agents_echo_c{concurrency}")
    mine, anchor = find(rows, server, concurrency), find(rows, "agents_echo", concurrency)
    detail = ""
    if value is not None and mine and anchor:
        detail = (f"x ({mine['server_cpu_ms_per_turn']} against {anchor['server_cpu_ms_per_turn']} ms per turn, "
                  f"{_rounds_phrase(mine.get('rounds', 1))})")
    return _verdict(f"{CPU_TARGET_LABELS[server]}: server CPU per turn at or below the stock Agents SDK echo bot's "
                    f"(c={concurrency})", value, f"<= {MAX_CPU_RATIO_TO_AGENTS_ECHO:g}x",
                    lambda v: v <= MAX_CPU_RATIO_TO_AGENTS_ECHO, detail,
                    missing=f"run with --only {server},agents_echo (concurrency {concurrency} included)")


def _rounds_phrase(rounds: int) -> str:
    return "one round" if rounds == 1 else f"medians of {rounds} rounds"


def _verdict(target: str, value, limit: str, ok, unit: str, missing: str = "not measured in this run") -> dict:
    if value is None:
        return {"target": target, "value": None, "limit": limit, "verdict": "not measured", "note": missing}
    return {"target": target, "value": value, "limit": limit, "verdict": "met" if ok(value) else "MISSED",
            "note": f"{value}{unit}"}


# --- the machine ------------------------------------------------------------------------
def machine() -> dict:
    """Where the figures come from: they mean nothing without it."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "commit": _git_commit(),
    }


def load_average() -> list[float]:
    return [round(v, 2) for v in os.getloadavg()]


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5,
                             cwd=Path(__file__).resolve().parent)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


# --- text ----------------------------------------------------------------------------------
def table(rows: list[dict]) -> str:
    head = (f"{'server':<26}{'conc':>5}{'convs':>7}{'turns':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
            f"{'turns/s':>9}{'errors':>8}{'peak RSS':>10}{'cpu/turn':>10}")
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{SERVER_LABELS.get(r['server'], r['server']):<26}{r['concurrency']:>5}{r['conversations']:>7}"
            f"{r['turns']:>8}{_f(r['p50_ms'])}{_f(r['p95_ms'])}{_f(r['p99_ms'])}{r['turns_per_s']:>9.1f}"
            f"{r['errors']:>8}{r['peak_rss_mb']:>7.1f} MB{_f(r['server_cpu_ms_per_turn'], 7)} ms")
    return "\n".join(lines)


def _f(value, width: int = 9) -> str:
    return f"{value:>{width}.2f}" if value is not None else f"{'-':>{width}}"


def rounds_lines(rounds: list[dict]) -> str:
    """How the summary was made, and the machine's load around each round: a busy machine shows here."""
    count = len(rounds)
    head = ("figures: one round" if count == 1 else
            f"figures: the median of {count} rounds, servers interleaved in each; convs, turns, errors: totals")
    loads = [f"  round {r['round']}: load average before {r['load_average']['before']}, "
             f"after {r['load_average']['after']}" for r in rounds]
    return "\n".join([head, *loads])


def cpu_by_round_lines(rows: list[dict]) -> str:
    """Each run's server CPU per turn, round by round, beside the median the table shows."""
    lines = []
    for r in rows:
        by_round = r.get("server_cpu_ms_per_turn_by_round", [r["server_cpu_ms_per_turn"]])
        lines.append(f"  {SERVER_LABELS.get(r['server'], r['server']):<26} c={r['concurrency']:<3} "
                     f"{', '.join(_ms_text(v) for v in by_round)} ms (median {_ms_text(r['server_cpu_ms_per_turn'])})")
    return "\n".join(lines)


def paired_cpu_ratios(rows: list[dict]) -> dict[str, list[float]]:
    """Ours over the stock Agents SDK echo bot within each round, for each host and concurrency.

    The verdicts take the ratio of the medians; on a shared machine the two medians
    can come from different rounds, so this says how much the verdict owes to that:
    each round's servers ran minutes apart, under the same load.
    """
    by_round = {(r["server"], r["concurrency"]): r.get("server_cpu_ms_per_turn_by_round") or [] for r in rows}
    paired = {}
    for server in ("ours", "agents"):
        for concurrency in (1, 32):
            ours, anchor = by_round.get((server, concurrency)), by_round.get(("agents_echo", concurrency))
            if ours and anchor and len(ours) == len(anchor):
                paired[f"cpu_{server}_over_agents_echo_c{concurrency}"] = [
                    round(a / b, 2) for a, b in zip(ours, anchor) if a is not None and b]
    return {name: values for name, values in paired.items() if values}


def paired_lines(paired: dict[str, list[float]]) -> str:
    return "\n".join(f"  {name}: {', '.join(f'{v:.2f}' for v in values)} (median {statistics.median(values):.2f})"
                     for name, values in paired.items())


def _ms_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def verdict_lines(items: list[dict]) -> str:
    return "\n".join(f"  [{v['verdict']:^12}] {v['target']}: {v['note']}" for v in items)


def error_lines(rows: list[dict]) -> str:
    lines = []
    for r in rows:
        for example in r["error_examples"]:
            lines.append(f"  {r['server']} c={r['concurrency']}: {example}")
    return "\n".join(lines)


# --- files ---------------------------------------------------------------------------------
def write_json(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=1) + "\n")


def write_chart(path: Path, rows: list[dict], title: str) -> None:
    """Latency (p50 bars, p95 whiskers, log scale) and turns per second, per server and concurrency."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    concurrencies = sorted({r["concurrency"] for r in rows})
    servers = [s for s in SERVER_LABELS if any(r["server"] == s for r in rows)]
    fig, (ax_lat, ax_tps) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=100)
    width = 0.8 / max(len(servers), 1)
    for i, server in enumerate(servers):
        xs, p50, p95, tps = [], [], [], []
        for j, c in enumerate(concurrencies):
            row = find(rows, server, c)
            if row and row["p50_ms"] is not None:
                xs.append(j + (i - (len(servers) - 1) / 2) * width)
                p50.append(row["p50_ms"])
                p95.append(row["p95_ms"])
                tps.append(row["turns_per_s"])
        label = SERVER_LABELS[server]
        ax_lat.bar(xs, p50, width, color=COLORS[server], label=label)
        ax_lat.errorbar(xs, p50, yerr=[[0] * len(p50), [b - a for a, b in zip(p50, p95)]], fmt="none",
                        ecolor="black", capsize=3, linewidth=1)
        ax_tps.bar(xs, tps, width, color=COLORS[server], label=label)
        for x, a, top in zip(xs, p50, p95):
            ax_lat.annotate(f"{a:.1f}", (x, top), ha="center", va="bottom", fontsize=7, xytext=(0, 1),
                            textcoords="offset points")
        for x, t in zip(xs, tps):
            ax_tps.annotate(f"{t:.0f}", (x, t), ha="center", va="bottom", fontsize=7, xytext=(0, 1),
                            textcoords="offset points")
    for ax in (ax_lat, ax_tps):
        ax.set_xticks(range(len(concurrencies)), [f"concurrency {c}" for c in concurrencies])
        ax.grid(axis="y", alpha=0.3)
    ax_lat.set_yscale("log")
    ax_lat.set_ylabel("turn latency, ms (bar p50, whisker p95)")
    ax_tps.set_ylabel("turns per second")
    ax_tps.legend(fontsize=8, loc="upper left")
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    plt.close(fig)

