"""Run a server module with cProfile switched on and off by signals, so a profile holds the turns and nothing else.

    python -m bench.servers.profiled OUT.prof MODULE [ARGS...]

For ``bot``, the engine's own CPU is timed too, without any profiler:
``SIGHUP`` zeroes the count (and creates ``OUT.prof.engine.zero``), and
``SIGUSR1`` writes what ``Engine.turn`` took since, on the thread's CPU clock,
to ``OUT.prof.engine.json``: the one part of a turn whose share needs no
correction for the profiler's cost per call.

``SIGUSR1`` starts profiling the main thread (and says so by creating
``OUT.prof.on``); ``SIGUSR2`` stops it and writes the profile to ``OUT.prof``
(to another name first, then renamed, so a reader never sees half a file)
and what the garbage collector did meanwhile to ``OUT.prof.gc.json``.
Start-up (imports, the knowledge, the embedding) and warm-up stay out of the
profile: under ``python -m cProfile`` they would swamp a few hundred turns.

The clock is ``BENCH_PROFILE_CLOCK``: ``cpu`` (the main thread's CPU time,
``time.thread_time``) or ``wall`` (cProfile's own, the default here). Wall
time charges a function with the time the thread was not running: a socket
send that wakes the client, which then runs on this core, looks like
milliseconds of HTTP, and so does any other process's burst on a busy
machine. CPU time has no such noise, but reading it is a system call per
profiler event, so each call costs more again under the profiler. The event
loop's waits for the client show as the time of ``select.epoll.poll``, which
the reader leaves out. The server otherwise runs as ``python -m MODULE ARGS``.
"""
from __future__ import annotations

import cProfile
import gc
import json
import os
import runpy
import signal
import sys
import time
from pathlib import Path
from typing import Callable


CLOCKS = {"cpu": time.thread_time, "wall": time.perf_counter}


class GcTimer:
    """Garbage collections and the time they took on ``clock``, counted only while on (a ``gc.callbacks`` entry)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.on = False
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._started: float | None = None

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = self.clock() if self.on else None
        elif self._started is not None:
            self.seconds += self.clock() - self._started
            self.collections[info["generation"]] += 1
            self._started = None


class EngineTimer:
    """The CPU time of every ``Engine.turn`` since the last :meth:`zero`, and how many there were."""

    def __init__(self) -> None:
        self.seconds, self.turns = 0.0, 0

    def zero(self) -> None:
        self.seconds, self.turns = 0.0, 0

    def wrap(self, turn: Callable) -> Callable:
        def timed(*args, **kwargs):
            started = time.thread_time()
            try:
                return turn(*args, **kwargs)
            finally:
                self.seconds += time.thread_time() - started
                self.turns += 1
        return timed


def time_the_engine(out_path: str) -> None:
    from dialogs.engine import Engine

    timer = EngineTimer()
    Engine.turn = timer.wrap(Engine.turn)  # type: ignore[method-assign]

    def zero(_signum, _frame) -> None:
        timer.zero()
        Path(f"{out_path}.engine.zero").touch()

    start_profiling = signal.getsignal(signal.SIGUSR1)

    def write_then_profile(signum, frame) -> None:
        """The engine's count covers the pass before the profiler, so it is written as the profiler starts."""
        Path(f"{out_path}.engine.json").write_text(json.dumps({"seconds": timer.seconds, "turns": timer.turns}))
        start_profiling(signum, frame)

    signal.signal(signal.SIGHUP, zero)
    signal.signal(signal.SIGUSR1, write_then_profile)


def install(out_path: str, clock_name: str) -> None:
    """The two signal handlers; the profiler and the GC timer live in their closure."""
    clock = CLOCKS[clock_name]
    profiler = cProfile.Profile(clock) if clock_name == "cpu" else cProfile.Profile()  # wall: cProfile's own, faster
    collections = GcTimer(clock)
    gc.callbacks.append(collections)

    def start(_signum, _frame) -> None:
        collections.on = True
        profiler.enable()
        Path(f"{out_path}.on").touch()

    def stop(_signum, _frame) -> None:
        profiler.disable()
        collections.on = False
        Path(f"{out_path}.gc.json").write_text(json.dumps(
            {"seconds": collections.seconds, "collections": collections.collections}))
        partial = f"{out_path}.partial"
        profiler.dump_stats(partial)
        os.replace(partial, out_path)

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)


def main(argv: list[str]) -> None:
    if len(argv) < 2:
        sys.exit("usage: python -m bench.servers.profiled OUT.prof MODULE [ARGS...]")
    out_path, module, *args = argv
    clock = os.environ.get("BENCH_PROFILE_CLOCK", "wall")
    if clock not in CLOCKS:
        sys.exit(f"BENCH_PROFILE_CLOCK={clock!r}: use one of {', '.join(CLOCKS)}")
    install(out_path, clock)
    if module == "bot":
        time_the_engine(out_path)
        # On asyncio's loop, not uvloop's: cProfile sees uvloop's dispatch as one C call under which every
        # callback runs, so the parts' arithmetic over caller edges would no longer add up.
        sys.modules["uvloop"] = None  # type: ignore[assignment]
    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
