"""A person at the Microsoft 365 Agents Playground: they click, type and read what is drawn.

Everything here goes through the rendered page (roles, names, visible text), as a
user sees it. Waits are for something to appear, never for a fixed time. The
Playground sometimes draws a reply above the message that caused it, so a step
waits for one more copy of the text it expects anywhere in the chat, not for the
newest message to hold it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, expect

REPLY_TIMEOUT_MS = 20_000  # one turn on a loaded 2-core machine: bot, Playground and Chromium share it
UNSUPPORTED = re.compile(r"unsupported card|can't be displayed|cannot be displayed|not supported", re.I)
BUTTON_LABELS = ".ac-actionSet button"  # Adaptive Card actions as Teams' renderer draws them
CARD = ".ac-adaptiveCard"


@dataclass
class Step:
    """One line of a conversation script: do one thing, then expect something to appear."""

    click: str | None = None  # a button's title, on the newest card that has it
    type: str | None = None  # text typed into the compose box and sent
    expect: str | re.Pattern | None = None  # shown after it (a substring, case-insensitive, or a pattern)
    old: bool = False  # click the button on the oldest card that has it instead
    mention: bool = True  # in a group chat or channel: @mention the bot first, as Teams requires
    double: bool = False  # a double-click, as an impatient user does


def pattern(text: str | re.Pattern) -> re.Pattern:
    """A case-insensitive substring; an apostrophe also matches the curly one Web Chat typesets."""
    if isinstance(text, re.Pattern):
        return text
    return re.compile(re.escape(text).replace("'", "['’]"), re.I)


class TeamsClient:
    """One browser page on the Playground; console errors and blocked requests are recorded as they happen."""

    def __init__(self, page: Page, shots: Path, mention: str | None = None):
        self.page = page
        self.shots = shots
        self.mention = mention  # in a group chat or channel: the bot's name, @mentioned before each message
        self.console_errors: list[tuple[str, str]] = []
        self.blocked: set[str] = set()
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.console_errors.append((str(error), "")))

    def _on_console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append((message.text, message.location.get("url", "")))

    def block_outside_requests(self) -> None:
        """Only loopback is reached: the Office CDN's fonts and scripts are refused, and remembered."""
        def route(r):
            if r.request.url.startswith(("http://127.0.0.1", "http://localhost", "ws://", "data:", "blob:")):
                return r.continue_()
            self.blocked.add(r.request.url)
            return r.abort()
        self.page.route("**/*", route)

    # --- acting

    def open(self, url: str, chat: str | None = "Personal Chat") -> None:
        """Load the Playground and open ``chat`` (None in Web Chat mode, which has one conversation)."""
        self.page.goto(url, wait_until="load")
        self.page.get_by_title("Toggle Log Panel").click()  # it repeats the bot's words: only the chat counts
        expect(self.page.get_by_text("Log Panel", exact=True)).to_have_count(0)
        if chat:
            self.switch_to(chat)

    def switch_to(self, chat: str) -> None:
        self.page.get_by_role("treeitem", name=chat).click()

    def run(self, script: list[Step], shot: str) -> None:
        """Play a script; a screenshot after every step that expects something, named ``shot-N.png``."""
        for number, step in enumerate(script, start=1):
            self.do(step)
            self.screenshot(f"{shot}-{number:02d}")

    def do(self, step: Step) -> None:
        before = self.count(step.expect) if step.expect else 0
        if step.click:
            self.click(step.click, old=step.old, double=step.double)
        if step.type:
            self.type(step.type, mention=step.mention)
        if step.expect:
            self.wait_for(step.expect, before + 1)

    def click(self, title: str, old: bool = False, double: bool = False) -> None:
        buttons = self.page.get_by_role("button", name=title, exact=True)
        button = buttons.first if old else buttons.last
        button.dblclick() if double else button.click()

    def type(self, text: str, mention: bool = True) -> None:
        """Type into the compose box (in a channel: the thread's reply box, the last one) and send."""
        box = self.page.get_by_role("textbox").last
        box.click()
        if self.mention and mention:
            box.press_sequentially("@")
            self.page.get_by_role("menuitem", name=self.mention).click()
            box.press_sequentially(" ")
        if "\n" in text or any(ord(c) > 0xFFFF for c in text):  # a paste, or an emoji from the picker:
            self.page.keyboard.insert_text(text)  # it arrives at once, as no key types it
        else:
            box.press_sequentially(text)
        box.press("Enter")

    # --- reading

    def texts(self, text: str | re.Pattern):
        return self.page.get_by_text(pattern(text)).filter(visible=True)

    def count(self, text: str | re.Pattern) -> int:
        return self.texts(text).count()

    def wait_for(self, text: str | re.Pattern, times: int = 1) -> None:
        """Until ``text`` is drawn at least ``times`` times anywhere in the chat."""
        expect(self.texts(text).nth(times - 1)).to_be_visible(timeout=REPLY_TIMEOUT_MS)

    def thread_of(self, text: str):
        """The innermost block holding ``text`` and a reply box: in a channel, that post's thread."""
        return self.page.locator("div").filter(has=self.page.get_by_text(text, exact=True)) \
            .filter(has=self.page.get_by_role("textbox")).last

    def button_titles(self) -> list[str]:
        return self._titles(self.page.locator(BUTTON_LABELS))

    def card_buttons(self, text: str | re.Pattern) -> list[str]:
        """The buttons of the newest card that shows ``text``, in the order drawn."""
        card = self.page.locator(CARD).filter(has_text=pattern(text)).last
        return self._titles(card.locator(BUTTON_LABELS))

    @staticmethod
    def _titles(buttons) -> list[str]:
        return [b.get_attribute("title") or b.inner_text() for b in buttons.all()]

    def overflowing_buttons(self) -> list[str]:
        """Buttons cut off: wider than the card's row of buttons (Teams clips them), or whose label
        box is narrower than its text (Web Chat ends it with an ellipsis)."""
        return self.page.locator(BUTTON_LABELS).evaluate_all("""buttons => buttons.filter(b => {
                const row = b.closest('.ac-actionSet').getBoundingClientRect(), own = b.getBoundingClientRect();
                const clipped = own.right > row.right + 1 || own.left < row.left - 1;
                return clipped || [...b.querySelectorAll('div')].some(d => d.scrollWidth > d.clientWidth + 1);
            }).map(b => b.getAttribute('title') || b.innerText)""")

    def problems(self) -> list[str]:
        """What a user or a developer would call broken: notices of unsupported cards, console errors
        other than the requests to the Office CDN that this offline machine refuses."""
        found = [f"drawn: {t}" for t in self.texts(UNSUPPORTED).all_inner_texts()]
        for text, url in self.console_errors:
            if url in self.blocked or any(blocked in text for blocked in self.blocked):
                continue
            found.append(f"console: {text} ({url})")
        return found

    def screenshot(self, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=self.shots / f"{name}.png", full_page=True)
