"""``python -m bot chat``: the same engine in a terminal, cards shown as numbered choices."""
from __future__ import annotations

import re
import sys
from typing import TextIO

from dialogs.cards import choices_of
from dialogs.engine import Engine
from dialogs.replies import Reply, TurnInput

QUIT_WORDS = {"quit", "exit", ":q", "bye"}
PROMPT = "you> "
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"(\*\*|__)(.+?)\1")


class TerminalChat:
    """One conversation: the session is a dict kept here, the buttons of the last card are numbered."""

    def __init__(self, engine: Engine, out: TextIO):
        self.engine = engine
        self.out = out
        self.session: dict | None = None
        self.choices: list[dict] = []

    def start(self) -> None:
        self.out.write("Recording Troubleshooter: type your problem, a number to pick a choice, "
                       "'help' for commands, 'quit' to leave.\n\n")
        self.show(self.engine.welcome())

    def say(self, line: str) -> None:
        """A typed line: a number picks that button, anything else is text for the engine."""
        result = self.engine.turn(self.session, self.input_for(line))
        self.session = result.session
        self.show(result.replies)

    def input_for(self, line: str) -> TurnInput:
        text = line.strip()
        if text.isdigit() and 1 <= int(text) <= len(self.choices):
            return TurnInput(value=self.choices[int(text) - 1])
        return TurnInput(text=text)

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.out.write(render(reply))
        last_card = next((r.card for r in reversed(replies) if r.card), None)
        self.choices = [data for data, _ in choices_of(last_card)] if last_card else []
        self.out.flush()


def render(reply: Reply) -> str:
    """The reply as terminal text: markdown kept readable, the card's text and its buttons numbered."""
    parts = [plain(reply.text)] if reply.text else []
    if reply.card:
        parts += [plain(b["text"]) for b in reply.card.get("body", []) if b.get("type") == "TextBlock"]
        parts.append("\n".join(f"  {n}. {title}" for n, (_, title) in enumerate(choices_of(reply.card), start=1)))
    return "bot> " + "\n\n".join(p for p in parts if p).replace("\n", "\n     ") + "\n\n"


def plain(markdown: str) -> str:
    return _BOLD.sub(r"\2", _LINK.sub(r"\1 (\2)", markdown)).strip()


def run(engine: Engine, stdin: TextIO = sys.stdin, out: TextIO = sys.stdout) -> int:
    """The loop; end of input or Ctrl-C leave as politely as 'quit' does."""
    chat = TerminalChat(engine, out)
    chat.start()
    try:
        while True:
            out.write(PROMPT)
            out.flush()
            line = stdin.readline()
            if line and not stdin.isatty():
                out.write(line)  # piped input: show what was "typed", so the transcript reads right
            if not line or line.strip().lower() in QUIT_WORDS:
                break
            if line.strip():
                chat.say(line)
    except KeyboardInterrupt:
        pass
    out.write("\nbye: the session is not kept after the chat ends.\n")
    return 0
