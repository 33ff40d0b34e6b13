"""``make playground`` (``python -m bot playground``): both processes up, the URL printed, both gone on Ctrl-C."""
from __future__ import annotations

import re
import signal
import subprocess
import threading
import urllib.request

import pytest

from bot.cli.playground import PROJECT_ROOT, START_TIMEOUT, free_port

READY = re.compile(r"Agents Playground: open (http://127\.0\.0\.1:\d+) .*the bot: (http://127\.0\.0\.1:\d+)/api/messages")


def _ignore_ctrl_c() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as a job put in the background of a script starts


@pytest.mark.parametrize("stop, started", [(signal.SIGINT, "in a terminal"), (signal.SIGTERM, "in a terminal"),
                                           (signal.SIGINT, "in a script's background")])
def test_playground_prints_its_url_serves_the_client_and_stops_both_on_ctrl_c(python, cli_env, stop, started):
    """Ctrl-C or SIGTERM stops both children, also where the launcher started with Ctrl-C ignored (a CI
    job run in the background), which left it, and so the test, hanging."""
    command = [*python, "-m", "bot", "playground", "--playground-port", str(free_port())]
    preexec = _ignore_ctrl_c if started == "in a script's background" else None
    with subprocess.Popen(command, cwd=PROJECT_ROOT, env=cli_env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, preexec_fn=preexec) as launcher:
        watchdog = threading.Timer(START_TIMEOUT, launcher.kill)  # a hang fails the test, not the run
        watchdog.start()
        shown = []
        for line in launcher.stdout:
            shown.append(line)
            ready = READY.search(line)
            if ready:
                break
        assert ready, "".join(shown)
        playground, bot = ready.groups()
        with urllib.request.urlopen(playground, timeout=30) as page:
            assert page.status == 200 and b"<script" in page.read()
        with urllib.request.urlopen(f"{bot}/healthz", timeout=30) as health:
            assert health.status == 200
        launcher.send_signal(stop)
        rest = launcher.communicate(timeout=60)[0]
        watchdog.cancel()
    assert launcher.returncode == 0, rest
    assert "stopping the Playground and the bot" in rest
    for url in (playground, f"{bot}/healthz"):
        try:
            urllib.request.urlopen(url, timeout=5)
            raise AssertionError(f"{url} still answers after {stop.name}")
        except OSError:
            pass
