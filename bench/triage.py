"""Benchmark: how often triage and typed-answer matching get it right, and how fast.

    python -m bench.triage [--misses]

Each labelled set is scored separately, since they say different things:
the dev sample shipped with the brief; a held-out set written apart from the rules
(the rules were tuned on its misses afterwards); and a final set, also written
apart, that was scored blind once before its misses were looked at. The figures
that speak for unseen messages are the blind first scores quoted in README.md.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from pathlib import Path

from dialogs.engine import Engine
from dialogs.session import Session, new_session
from dialogs.understand import match_choice, triage
from knowledge.store import load

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "dev sample (from the brief)": ROOT / "tests" / "dialogs" / "data" / "dev-utterances.jsonl",
    "held-out (tuned on)": ROOT / "tests" / "dialogs" / "data" / "heldout-utterances.jsonl",
    "final (blind, then tuned)": ROOT / "bench" / "data" / "final-utterances.jsonl",
}
ANSWERS = ROOT / "tests" / "dialogs" / "data" / "heldout-answers.jsonl"


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_topics(rows: list[dict], kb) -> tuple[int, Counter, list[float]]:
    right, confusions, times = 0, Counter(), []
    for row in rows:
        start = time.perf_counter()
        topic = triage(row["text"], kb).topic
        times.append((time.perf_counter() - start) * 1000)
        right += topic == row["topic"]
        if topic != row["topic"]:
            confusions[(row["topic"], topic)] += 1
    return right, confusions, times


def score_answers(rows: list[dict]) -> tuple[int, list]:
    engine = Engine()
    session = Session(new_session())
    wrong = []
    for row in rows:
        got = match_choice(row["state"], row["text"], engine._titles(session, row["state"]))
        if got != row["answer"]:
            wrong.append((row["state"], row["text"], row["answer"], got))
    return len(rows) - len(wrong), wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every confusion")
    args = parser.parse_args()
    kb = load()
    all_times = []
    for name, path in SETS.items():
        if not path.exists():
            print(f"{name:<28} missing: {path}")
            continue
        rows = read(path)
        right, confusions, times = score_topics(rows, kb)
        all_times += times
        print(f"{name:<28} {right}/{len(rows)} = {right / len(rows):.1%}")
        if args.misses:
            for (want, got), n in confusions.most_common():
                print(f"    {want} -> {got}: {n}")
    right, wrong = score_answers(read(ANSWERS))
    print(f"{'typed answers (held-out)':<28} {right}/{right + len(wrong)} = {right / (right + len(wrong)):.1%}")
    if args.misses:
        for miss in wrong:
            print("    ", miss)
    print(f"triage time per message: median {statistics.median(all_times):.3f} ms, "
          f"p95 {statistics.quantiles(all_times, n=20)[-1]:.3f} ms (n={len(all_times)})")


if __name__ == "__main__":
    main()
