"""The environment variables the bot reads, found by watching ``Settings.from_env`` read them.

Derived from the settings code itself, so a setting added later is picked up
without touching the tests that compare it with the docs.
"""
from __future__ import annotations

from bot.settings import Settings


class _Recording(dict):
    """An empty environment that remembers every name asked of it."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []

    def get(self, name, default=None):
        self._note(name)
        return super().get(name, default)

    def __getitem__(self, name):
        self._note(name)
        return super().__getitem__(name)

    def __contains__(self, name):
        self._note(name)
        return super().__contains__(name)

    def _note(self, name) -> None:
        if name not in self.asked:
            self.asked.append(name)


def variables_read() -> list[str]:
    """Every variable ``Settings.from_env`` looks at, in the order it asks for them."""
    env = _Recording()
    Settings.from_env(env)
    return env.asked
