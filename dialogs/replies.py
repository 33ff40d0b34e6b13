"""Plain data that crosses the boundary between the engine and any host.

The Bot Framework host (``bot/``), the terminal chat and the tests all speak
to the engine only through these types, so the engine never sees botbuilder
and a different SDK can host it by rewriting ``bot/`` alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class TurnInput:
    """What the user sent: typed text, or the ``data`` of a clicked card button.

    ``read`` holds what the host read from Teams itself for this turn (check state ->
    choice id, e.g. ``{"check_meeting_role": "attendee"}``): verified facts the engine
    records with the provenance "read" instead of asking.
    """

    text: str = ""
    value: Any = None
    read: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """One message from the bot.

    ``text`` is markdown shown to the user (may be empty when a card carries
    everything); ``card`` is an Adaptive Card (the content, not the attachment);
    ``value`` is the machine-readable outcome defined in DESIGN.md, present on
    diagnoses, end states and summaries. ``template`` names the template that
    produced it, for tests and logs.
    """

    text: str = ""
    card: dict | None = None
    value: dict | None = None
    template: str = ""
    details: str = ""  # the guide's words, the dated updates and every source: one click away ("Why? / Sources")

    @property
    def full(self) -> str:
        """Everything the reply says, shown or one click away."""
        return "\n\n".join(part for part in (self.text, self.details) if part)


@dataclass
class TurnResult:
    """The replies to send and the session to save, with what the turn did (for logs)."""

    replies: list[Reply] = field(default_factory=list)
    session: dict = field(default_factory=dict)
    state: str = ""
    outcome: str = ""
