"""Benchmark: one engine turn, the way a host runs it.

    python -m bench.engine [--repeat N]

A turn is: load the saved session from JSON, apply the input, render the reply,
dump the session to JSON. Measured for a typical card click and a typical
free-text question, side by side in one run. Targets: under 1 ms and 3 ms.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time

from dialogs.engine import Engine
from dialogs.replies import TurnInput

CLICK = TurnInput(value={"state": "check_meeting_role", "answer": "co_organizer"})
QUESTIONS = ("do whiteboards get recorded?", "how long are recordings kept in AMS?",
             "where do I change the Stream upload setting?", "is a Stream licence needed for this?",
             "what does the Meeting Recording Test check?")


def question(n: int) -> TurnInput:
    """A question nobody asked before: the number defeats the normaliser's cache, as a new user's words would."""
    return TurnInput(text=f"{QUESTIONS[n % len(QUESTIONS)]} (case {n})")


def saved_session(engine: Engine) -> str:
    """A session waiting at "what is your role in the meeting", as the store would hold it."""
    result = engine.turn(None, TurnInput(value={"state": "welcome", "answer": "start"}))
    for answer in ("no_record_option", "meeting"):
        state = result.session["state"]
        result = engine.turn(result.session, TurnInput(value={"state": state, "answer": answer}))
    return json.dumps(result.session)


def one_turn(engine: Engine, saved: str, inp: TurnInput) -> float:
    start = time.perf_counter()
    result = engine.turn(json.loads(saved), inp)
    json.dumps(result.session)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000, help="turns of each kind, at least 2 (for a p95)")
    args = parser.parse_args()
    if args.repeat < 2:
        parser.error(f"--repeat must be at least 2, not {args.repeat}: a p95 needs two turns")
    start = time.perf_counter()
    engine = Engine()
    print(f"engine start (knowledge, templates, machine): {(time.perf_counter() - start) * 1000:.1f} ms")
    saved = saved_session(engine)
    samples = {"click": [], "free-text question": []}
    for n in range(args.repeat):  # interleaved, so both see the same machine conditions
        samples["click"].append(one_turn(engine, saved, CLICK))
        samples["free-text question"].append(one_turn(engine, saved, question(n)))
    medians = {}
    for name, values in samples.items():
        medians[name] = statistics.median(values)
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"turn: {name:<20} median {medians[name]:.3f} ms   p95 {p95:.3f} ms   (n={len(values)})")
    print(f"targets: click < 1 ms ({'met' if medians['click'] < 1 else 'MISSED'}), "
          f"question < 3 ms ({'met' if medians['free-text question'] < 3 else 'MISSED'}); "
          f"question/click ratio {medians['free-text question'] / medians['click']:.2f}")


if __name__ == "__main__":
    main()
