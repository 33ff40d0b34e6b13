"""Benchmark: loading the generated knowledge, and answering one search.

    python -m bench.knowledge [--repeat N]

Prints medians (and p95) side by side from one run. Targets on the 2-core dev
machine: load under 50 ms, search under 1 ms.
"""
from __future__ import annotations

import argparse
import statistics
import time

from knowledge.store import Knowledge
from knowledge.text import terms

QUESTIONS = [
    "how long are recordings kept in AMS",
    "Start recording is greyed out for me",
    "people from our partner company can't record our meetings",
    "Do I need a Stream license to record?",
    "where do I enter Diag: Meeting Recording",
]


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float]) -> float:
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(f"{name:<34} median {median:8.3f} ms   p95 {p95:8.3f} ms   (n={len(samples)})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    def cold_load():
        terms.cache_clear()  # a new process has normalised nothing yet
        Knowledge.from_dir()

    load = report("load generated knowledge (cold)", timed(cold_load, max(20, args.repeat // 4)))
    kb = Knowledge.from_dir()
    cold = []
    for question in QUESTIONS:  # first sight of a question: normalisation not cached yet
        terms.cache_clear()
        cold += timed(lambda q=question: kb.search(q, 3), 1)
    uncached = []
    for _ in range(args.repeat // len(QUESTIONS)):
        for question in QUESTIONS:
            terms.cache_clear()
            uncached += timed(lambda q=question: kb.search(q, 3), 1)
    search = report("search (new question, k=3)", uncached)
    warm = report("search (repeated question, k=3)",
                  [t for q in QUESTIONS for t in timed(lambda q=q: kb.search(q, 3), args.repeat // len(QUESTIONS))])
    print(f"targets: load < 50 ms ({'met' if load < 50 else 'MISSED'}), "
          f"search < 1 ms ({'met' if search < 1 else 'MISSED'}); "
          f"repeated/new search ratio {warm / search:.2f}")


if __name__ == "__main__":
    main()
