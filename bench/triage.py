"""Benchmark: how far the triage can be trusted on each labelled set, how fast it is, and typed answers.

    python -m bench.triage [--misses] [--no-cv]

Four figures per set, as the answers issue defines them:
- wrong: the bot committed to a guide topic that is not the label (nor its ``alt``), of all messages;
- honest: of the messages the guide doesn't cover, those answered ``other`` or ``unclear``;
- helped: of the messages it covers, those answered with the right topic, or ``unclear`` with it
  among the candidates;
- exact: answered with the label itself.

The real development set is scored twice: by the committed model, which was trained on it
(optimistic), and by 5-fold cross-validation, where each message is scored by a model that
never saw it, with the written sets always in training (the honest estimate for real
messages nobody here has seen). The "blind" set was written by someone who never saw the
rules or the examples, and is never trained on.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from dialogs.engine import Engine
from dialogs.session import Session, new_session
from dialogs.train import DATA as TRAINING, REAL, TRAINING_SETS, Row, cross_validate, read_rows
from dialogs.triage import Triager, decide
from dialogs.reading import read_answer
from knowledge.store import load

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "dialogs" / "data"
SETS = {
    "real dev (trained on)": REAL,
    "dev sample (written)": TRAINING / "dev-utterances.jsonl",
    "held-out (written)": TRAINING / "heldout-utterances.jsonl",
    "final (written)": TRAINING / "final-utterances.jsonl",
    "extra (written)": TRAINING / "written-extra-utterances.jsonl",
    "blind real-style": ROOT / "bench" / "data" / "blind-real-style-utterances.jsonl",
}
ANSWERS = DATA / "heldout-answers.jsonl"
NOT_A_TOPIC = ("other", "unclear")


@dataclass
class Score:
    """The four figures of one set, and what went where."""

    n: int = 0
    wrong: int = 0
    uncovered: int = 0
    honest: int = 0
    covered: int = 0
    helped: int = 0
    exact: int = 0
    confusion: Counter = field(default_factory=Counter)

    def add(self, row: Row, topic: str, candidates: tuple[str, ...]) -> None:
        labels = {row.topic, row.alt} - {None}
        self.n += 1
        self.exact += topic in labels
        if topic not in NOT_A_TOPIC and topic not in labels:
            self.wrong += 1
        if row.topic == "other":
            self.uncovered += 1
            self.honest += topic in NOT_A_TOPIC
        else:
            self.covered += 1
            self.helped += topic in labels or (topic == "unclear" and row.topic in candidates)
        if topic not in labels:
            self.confusion[(row.topic, topic)] += 1

    def line(self, name: str) -> str:
        pct = lambda a, b: f"{a / b:6.1%}" if b else "     -"  # noqa: E731
        return (f"{name:<26} {self.n:>4}  wrong {pct(self.wrong, self.n)}  honest {pct(self.honest, self.uncovered)}"
                f"  helped {pct(self.helped, self.covered)}  exact {pct(self.exact, self.n)}")


def score_set(rows: list[Row], triager: Triager, times: list[float]) -> Score:
    score = Score()
    for row in rows:
        start = time.perf_counter()
        result = triager(row.text)
        times.append((time.perf_counter() - start) * 1000)
        score.add(row, result.topic, result.candidates)
    return score


def score_cross_validated(rows: list[Row]) -> Score:
    """Each real message scored by a model that never saw it; the written sets always train."""
    written = [row for path, weight in TRAINING_SETS if path != REAL for row in read_rows(path, weight)]
    score = Score()
    for row, probabilities in zip(rows, cross_validate(rows, written)):
        score.add(row, *decide(probabilities))
    return score


def score_answers(rows: list[dict]) -> tuple[int, list, int]:
    """(answers recorded or confirmed as the right choice, the others, how many of the right ones the bot confirms first).

    A hedged answer ("I think I clicked accept") is asked back in one line ("So: ...?") rather than
    recorded: right, at the cost of one click.
    """
    engine = Engine()
    session = Session(new_session())
    wrong, confirmed = [], 0
    for row in rows:
        reading = read_answer(row["state"], row["text"], engine.compose.titles(session, row["state"]))
        got = reading.choice if reading is not None else None
        if got != row["answer"]:
            wrong.append((row["state"], row["text"], row["answer"], got))
        elif reading is not None and not reading.sure:
            confirmed += 1
    return len(rows) - len(wrong), wrong, confirmed


def print_confusion(score: Score) -> None:
    for (want, got), n in score.confusion.most_common():
        print(f"      {want} -> {got}: {n}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the confusions of every set")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation (about 30 s)")
    args = parser.parse_args()
    triager, times = Triager(load()), []
    print(f"{'set':<26} {'n':>4}  (wrong: committed to a wrong topic; honest: uncovered -> other/unclear;"
          " helped: covered -> right topic or among candidates)")
    for name, path in SETS.items():
        score = score_set(read_rows(path), triager, times)
        print(score.line(name))
        if args.misses:
            print_confusion(score)
    if not args.no_cv:
        score = score_cross_validated(read_rows(REAL, 3.0))
        print(score.line("real dev, 5-fold CV"))
        print_confusion(score)
    right, wrong, confirmed = score_answers([json.loads(line) for line in ANSWERS.read_text().splitlines() if line])
    print(f"{'typed answers (held-out)':<26} {right}/{right + len(wrong)} = {right / (right + len(wrong)):.1%}"
          f" ({confirmed} confirmed in one line first)")
    if args.misses:
        for miss in wrong:
            print("    ", miss)
    print(f"triage time per first message: median {statistics.median(times):.3f} ms, "
          f"p95 {statistics.quantiles(times, n=20)[-1]:.3f} ms (n={len(times)})")


if __name__ == "__main__":
    main()
