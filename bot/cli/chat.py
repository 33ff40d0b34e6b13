"""``python -m bot chat``: the same engine in a terminal, cards shown as numbered choices.

The bot's markdown (bold, the guide's quotes, lists, links) is drawn for the terminal
by ``rich`` and wrapped at the terminal's width; piped output gets plain text.
"""
from __future__ import annotations

import sys
from typing import TextIO

from rich.console import Console, Group
from rich.markdown import Markdown
from rich.padding import Padding
from rich.text import Text

from dialogs.cards import choices_of
from dialogs.engine import Engine
from dialogs.replies import Reply, TurnInput

QUIT_WORDS = {"quit", "exit", ":q", "bye"}
MORE_WORDS = {"more", "why?/sources", "sources", "show more"}  # what Teams shows behind "Why? / Sources"
PROMPT = "you> "
SPEAKER = "bot> "


class TerminalChat:
    """One conversation: the session is a dict kept here, the buttons of the last card are numbered."""

    def __init__(self, engine: Engine, out: TextIO, console: Console | None = None):
        self.engine = engine
        self.out = out
        self.console = console or terminal(out)
        self.session: dict | None = None
        self.choices: list[dict] = []
        self.details = ""

    def start(self) -> None:
        self.out.write("Recording Troubleshooter: type your problem, a number to pick a choice, "
                       "'more' for the sources behind a reply, 'help' for commands, 'quit' to leave.\n\n")
        self.show(self.engine.welcome())

    def say(self, line: str) -> None:
        """A typed line: a number picks that button, anything else is text for the engine."""
        text = line.strip()
        if text.lower() in MORE_WORDS:
            self.show_more()
            return
        if text.isdigit() and self.choices and not 1 <= int(text) <= len(self.choices):
            self.out.write(f"{SPEAKER}Pick 1 to {len(self.choices)}, or type your answer.\n\n")
            return
        result = self.engine.turn(self.session, self.input_for(text))
        self.session = result.session
        self.show(result.replies)

    def input_for(self, text: str) -> TurnInput:
        if text.isdigit() and 1 <= int(text) <= len(self.choices):
            return TurnInput(value=self.choices[int(text) - 1])
        return TurnInput(text=text)

    def show_more(self) -> None:
        """The guide's words, the dated updates and the sources behind the last reply."""
        if not self.details:
            self.out.write(f"{SPEAKER}Nothing more behind that reply.\n\n")
            return
        self.out.write(render(Reply(text=self.details), self.console))

    def show(self, replies: list[Reply]) -> None:
        """Each reply; the buttons of the last card become the numbers to type (no card: the old ones stay)."""
        for reply in replies:
            self.out.write(render(reply, self.console))
            self.details = reply.details
        last_card = next((r.card for r in reversed(replies) if r.card), None)
        if last_card:
            self.choices = [data for data, _ in choices_of(last_card)]
        self.out.flush()


def terminal(out: TextIO) -> Console:
    """Styles and the real width on a terminal; plain text, 80 columns wide, into a pipe or a file."""
    return Console(file=out, highlight=False, emoji=False, soft_wrap=False)


def render(reply: Reply, console: Console) -> str:
    """The reply as terminal text: its markdown drawn, then the card's text and its buttons numbered."""
    texts = [reply.text] if reply.text else []
    if reply.card:
        texts += [b["text"] for b in reply.card.get("body", []) if b.get("type") == "TextBlock"]
    parts: list = []
    for text in texts:
        parts += [Markdown(text, hyperlinks=False), Text("")]
    if reply.card:
        parts.append(Text("\n".join(f"  {n}. {title}" for n, (_, title) in enumerate(choices_of(reply.card), 1))))
    if reply.details:
        parts.append(Text("  (more: the guide's words and the sources)", style="dim"))
    with console.capture() as captured:
        console.print(Padding(Group(*parts), (0, 0, 0, len(SPEAKER))))
    lines = [line.rstrip() for line in captured.get().rstrip().splitlines()]
    return SPEAKER + "\n".join(lines)[len(SPEAKER):] + "\n\n"


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
