"""The real bot (``python -m bot serve``) and the real Agents Playground, in a real Chromium.

The browser is Debian's ``chromium`` when it is on PATH, else the one
``playwright install chromium`` downloads. With neither (or without Node.js and
``npm install``), these tests do not run and the end of the test run says so in
one line, with how to enable them.
"""
from __future__ import annotations

import os
import shutil
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from bot.cli.playground import PLAYGROUND_CLI, Bot, Playground, free_ports

E2E = Path(__file__).parent
SHOTS = E2E.parents[1] / "test-artifacts" / "e2e"  # git-ignored
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]
SKIPPED = pytest.StashKey[str]()
REQUIRED = "E2E_REQUIRED"  # set to 1 (CI does) to fail rather than skip when they cannot run
ENABLE = ("install a Chromium (Debian: apt-get install chromium; elsewhere: "
          ".venv/bin/python -m playwright install chromium) and Node.js, then make test")


def find_chromium() -> tuple[str | None, str]:
    """The browser to drive, or None and why there is none."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None, "Playwright for Python is not installed"
    system = shutil.which("chromium") or shutil.which("chromium-browser")
    if system:
        return system, ""
    with sync_playwright() as p:
        bundled = Path(p.chromium.executable_path)
    return (str(bundled), "") if bundled.is_file() else (None, "no Chromium found")


def why_not_runnable() -> str:
    executable, why = find_chromium()
    if executable is None:
        return why
    if shutil.which("node") is None or not PLAYGROUND_CLI.is_file():
        return "the Agents Playground is not installed (needs Node.js and npm install)"
    return ""


def pytest_collection_modifyitems(config, items):
    e2e = [item for item in items if E2E in Path(item.fspath).parents]
    if not e2e:
        return
    reason = why_not_runnable()
    if reason and os.environ.get(REQUIRED) == "1":
        raise pytest.UsageError(f"the browser tests cannot run ({reason}) and {REQUIRED}=1 requires them")
    config.stash[SKIPPED] = reason
    for item in e2e if reason else []:
        item.add_marker(pytest.mark.skip(reason=f"browser tests did not run: {reason}"))


def pytest_terminal_summary(terminalreporter, config):
    reason = config.stash.get(SKIPPED, "")
    if reason:
        terminalreporter.write_line(f"The browser tests did not run ({reason}): to run them, {ENABLE}.",
                                    yellow=True, bold=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    executable, _ = find_chromium()
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@contextmanager
def bot_and_playground(folder: Path, channel: str = "msteams", started: list | None = None) -> Iterator[str]:
    """A fresh bot (its own state file in ``folder``) and a Playground pointed at it; yields the Playground's URL."""
    bot_port, playground_port = free_ports(2)  # chosen together: one after the other, they could be the same
    bot = Bot(bot_port, folder / "state.db")
    client = Playground(bot.endpoint, playground_port, folder, channel)  # it calls the bot only once a page opens
    if started is not None:
        started.append((bot, client))
    try:
        bot.wait_healthy()
        yield client.wait_listening().url
    finally:
        client.stop()
        bot.stop()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keeps each phase's report on the test, so that a fixture's teardown knows whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def playground(tmp_path, request):
    """``playground(channel)`` starts a bot and a Playground for this test; returns the URL to open. When the
    test fails, what both logged last is printed with the failure (a rare miss needs their side of it)."""
    started: list = []
    with ExitStack() as stack:
        yield lambda channel="msteams": stack.enter_context(bot_and_playground(tmp_path, channel, started))
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            for bot, client in started:
                print(f"--- the bot's last lines:\n{bot.tail(40)}\n--- the Playground's last lines:\n{client.tail(40)}")


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shots(request) -> Path:
    """This test's screenshot folder, emptied of an earlier run's."""
    folder = SHOTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    return folder
