"""Server processes under test: start on a free loopback port, time the start, read memory and CPU, stop.

Each server is its own process so the client never shares an interpreter (or
a GIL) with it, and its memory is its own: ``VmHWM`` in ``/proc/PID/status``
is the peak resident set since the process started, read by the kernel.
"""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable
from bot.cli.playground import free_port

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ServerFailed(RuntimeError):
    """A server did not come up, or died; the message carries the end of its log."""


@dataclass
class ServerSpec:
    """How to run one server: its module and arguments, and what it needs in its environment."""

    name: str
    module: str
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    port_flag: str = "--port"
    profile: str | None = None  # write a cProfile of the whole process here

    def command(self, port: int) -> list[str]:
        runner = [sys.executable]
        if self.profile:
            runner += ["-m", "cProfile", "-o", self.profile]
        return [*runner, "-m", self.module, *self.args, self.port_flag, str(port)]


class ServerProcess:
    """One running server. Use as a context manager: it is always stopped, and its temp dir removed."""

    def __init__(self, spec: ServerSpec, extra_env: dict[str, str] | None = None):
        self.spec = spec
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.workdir = tempfile.TemporaryDirectory(prefix=f"bench-{spec.name}-")
        self.log_path = Path(self.workdir.name) / "server.log"
        self.extra_env = extra_env or {}
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0
        self.ready_seconds: float | None = None

    # --- life -------------------------------------------------------------------
    def start(self, timeout: float = 30.0) -> float:
        """Start it and wait for ``GET /healthz`` to answer 200; returns the seconds that took."""
        env = {**os.environ, **self.spec.env, **self.extra_env, "PYTHONUNBUFFERED": "1"}
        env = {k: v.replace("{workdir}", self.workdir.name) for k, v in env.items()}
        log = open(self.log_path, "wb")
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(self.spec.command(self.port), cwd=ROOT, env=env, stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        self.ready_seconds = self._wait_healthy(timeout)
        return self.ready_seconds

    def _wait_healthy(self, timeout: float) -> float:
        deadline = self.started_at + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise ServerFailed(f"{self.spec.name} exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - self.started_at
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.005)
        raise ServerFailed(f"{self.spec.name} not healthy after {timeout:.0f} s:\n{self.log_tail()}")

    def stop(self, timeout: float = 10.0) -> None:
        """SIGINT first, like Ctrl+C, so aiohttp shuts down cleanly (and a profile gets written)."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def close(self) -> None:
        self.stop()
        self.workdir.cleanup()

    def __enter__(self) -> "ServerProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- what the kernel says about it -------------------------------------------
    def memory(self) -> dict[str, float]:
        """Resident set now and its peak so far, in MB."""
        fields = {}
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(rest.split()[0]) / 1024  # kB
        return {"rss_mb": fields.get("VmRSS", 0.0), "peak_rss_mb": fields.get("VmHWM", 0.0)}

    def cpu_seconds(self) -> float:
        """User plus system CPU time the server has used so far."""
        return _cpu_seconds(Path(f"/proc/{self.proc.pid}/stat"))

    def threads_cpu_seconds(self) -> dict[int, float]:
        """The same, per thread (by thread id; the main thread's id is the process id)."""
        seconds = {}
        for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
            try:
                seconds[int(task.name)] = _cpu_seconds(task / "stat")
            except (FileNotFoundError, ProcessLookupError):  # the thread ended meanwhile
                pass
        return seconds

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"


def _cpu_seconds(stat_path: Path) -> float:
    """utime plus stime from a ``/proc/.../stat`` file (fields 14 and 15, counted after the command's parentheses)."""
    stat = stat_path.read_text()
    after_name = stat[stat.rindex(")") + 2:].split()
    return (int(after_name[11]) + int(after_name[12])) / CLOCK_TICKS


def run_main(main_async: Callable[[], Awaitable[int]], what: str) -> int:
    """A bench CLI's exit status: its own, 2 when a server would not run (saying which), 130 on Ctrl-C."""
    try:
        return asyncio.run(main_async())
    except ServerFailed as exc:
        print(f"{what} would not run: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
