"""``python -m bot playground``: the bot and the Microsoft 365 Agents Playground, side by side on loopback.

The Agents Playground (npm ``@microsoft/m365agentsplayground``) is Microsoft's local
Teams client: it renders Adaptive Cards with Teams' renderer and posts real
Teams-shaped activities, with no tenant and no tunnel. Both processes are children
of this one: Ctrl-C stops both, and a crash of either stops the other.
"""
from __future__ import annotations

import os
import queue
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from typing import Mapping

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # bot/cli/playground.py -> the repository
PLAYGROUND_CLI = PROJECT_ROOT / "node_modules" / "@microsoft" / "m365agentsplayground" / "cli.js"
PLAYGROUND_PORT = 56150  # the Playground's own default
CHANNELS = ("msteams", "webchat")
LISTENING = re.compile(r"Listening on (\d+)")
START_TIMEOUT = 90.0  # a loaded 2-core machine takes several seconds to import botbuilder or start node
HOW_TO_INSTALL = "run 'npm install' in the project folder (package.json lists @microsoft/m365agentsplayground)"


class StartError(RuntimeError):
    """A child process did not come up; the message says which, and its last output."""


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """Loopback ports free now, all different: each probe stays bound until all are chosen. Two calls of
    ``free_port`` in a row can return the same port, which the slower of two servers then finds taken."""
    with ExitStack() as stack:
        probes = [stack.enter_context(socket.socket()) for _ in range(count)]
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]


class _Child:
    """A child process whose output is read by a thread, so its pipe never fills and its log can be shown."""

    def __init__(self, name: str, argv: list[str], env: Mapping[str, str], echo: bool = False,
                 cwd: Path = PROJECT_ROOT):
        self.name = name
        self.lines: queue.Queue[str] = queue.Queue()
        self.log: list[str] = []
        self.echo = echo
        self.process = subprocess.Popen(argv, cwd=cwd, env=dict(env), stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                                        errors="replace", start_new_session=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None  # started with stdout=PIPE
        for line in self.process.stdout:
            self.log.append(line)
            self.lines.put(line)
            if self.echo:
                sys.stdout.write(f"[{self.name}] {line}")
                sys.stdout.flush()

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def tail(self, count: int = 20) -> str:
        return "".join(self.log[-count:]) or "(no output)"

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, then SIGKILL if it lingers; its own children go with it (it leads its session)."""
        if self.running:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)


class Bot(_Child):
    """``python -m bot serve`` on loopback with its own state file."""

    def __init__(self, port: int, state_path: Path, env: Mapping[str, str] | None = None, echo: bool = False):
        env = {**(os.environ if env is None else env), "HOST": "127.0.0.1", "PYTHONUNBUFFERED": "1",
               "BOT_STATE_PATH": str(state_path)}
        super().__init__("bot", [sys.executable, "-m", "bot", "serve", "--port", str(port)], env, echo)
        self.port = port
        self.endpoint = f"http://127.0.0.1:{port}/api/messages"

    def wait_healthy(self, timeout: float = START_TIMEOUT) -> "Bot":
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running:
                raise StartError(f"the bot exited with {self.process.returncode}:\n{self.tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=5):
                    return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise StartError(f"the bot did not answer /healthz in {timeout:.0f} s:\n{self.tail()}")


class Playground(_Child):
    """The Agents Playground pointed at ``endpoint``; it opens no browser, sends no telemetry,
    and writes its log (``devTools/``) into ``workdir``."""

    def __init__(self, endpoint: str, port: int, workdir: Path, channel: str = "msteams",
                 env: Mapping[str, str] | None = None, echo: bool = False):
        if not PLAYGROUND_CLI.is_file():
            raise StartError(f"the Agents Playground is not installed: {HOW_TO_INSTALL}")
        env = {**(os.environ if env is None else env), "TEAMSAPPTESTER_BROWSER": "none"}
        argv = ["node", str(PLAYGROUND_CLI), "start", "-e", endpoint, "-p", str(port), "-c", channel,
                "--disable-telemetry"]
        super().__init__("playground", argv, env, echo, cwd=workdir)
        self.port: int | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_listening(self, timeout: float = START_TIMEOUT) -> "Playground":
        """The port it says it listens on: it picks another one when the one asked for is taken."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if not self.running:
                    raise StartError(f"the Playground exited with {self.process.returncode}:\n{self.tail()}") from None
                continue
            found = LISTENING.search(line)
            if found:
                self.port = int(found.group(1))
                return self
        raise StartError(f"the Playground did not start listening in {timeout:.0f} s:\n{self.tail()}")


def _stop_both(signum, frame) -> None:
    raise KeyboardInterrupt


def run(bot_port: int, playground_port: int, channel: str = "msteams") -> int:
    """Start both, print where to go, and wait until Ctrl-C or until either exits.

    Ctrl-C and SIGTERM both stop the two children: the children lead their own sessions, so
    nothing else would stop them, and a launcher started in the background of a script
    inherits SIGINT ignored, which Python would otherwise keep.
    """
    if threading.current_thread() is threading.main_thread():
        for stop in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop, _stop_both)
    with tempfile.TemporaryDirectory(prefix="playground-") as folder:
        children: list[_Child] = []
        try:
            bot = Bot(bot_port, Path(folder) / "state.db", echo=True)
            children.append(bot)
            bot.wait_healthy()
            playground = Playground(bot.endpoint, playground_port, Path(folder), channel)
            children.append(playground)
            playground.wait_listening()
            print(f"\nAgents Playground: open {playground.url} in a browser "
                  f"(the bot: {bot.endpoint}, a fresh state). Ctrl-C stops both.\n", flush=True)
            while all(child.running for child in children):
                time.sleep(0.5)
            stopped = next(child for child in children if not child.running)
            print(f"{stopped.name} exited with {stopped.process.returncode}; stopping", file=sys.stderr)
            return 1
        except StartError as error:
            print(f"python -m bot playground: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("\nstopping the Playground and the bot", flush=True)
            return 0
        finally:
            for child in reversed(children):
                child.stop()
