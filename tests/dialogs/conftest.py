"""A conversation with the engine, the way a host has it: the session goes through JSON every turn."""
import json

import pytest

from dialogs.engine import Engine
from dialogs.replies import TurnInput


class Chat:
    def __init__(self, engine: Engine):
        self.engine = engine
        self.session = None
        self.last = None

    def say(self, text: str):
        return self._turn(TurnInput(text=text))

    def click(self, answer: str, state: str | None = None, **extra):
        """Click the button ``answer`` on the card of ``state`` (default: the card just shown)."""
        state = state or self.state
        return self._turn(TurnInput(value={"state": state, "answer": answer, **extra}))

    def command(self, name: str):
        return self._turn(TurnInput(value={"command": name}))

    def _turn(self, inp: TurnInput):
        result = self.engine.turn(self.session, inp)
        self.session = json.loads(json.dumps(result.session))
        assert self.session == result.session, "the session must survive JSON unchanged"
        self.last = result
        assert len(result.replies) == 1
        return result.replies[0]

    def session_answers(self) -> dict:
        return dict(map(tuple, self.session["trail"]))

    @property
    def state(self) -> str:
        return self.session["state"]

    @property
    def buttons(self) -> list[str]:
        return [a["data"].get("answer") or a["data"].get("command") for a in self.submits]

    @property
    def titles(self) -> list[str]:
        return [a["title"] for a in self.submits]

    @property
    def submits(self) -> list[dict]:
        """The card's buttons that answer (Action.Submit); the "Why? / Sources" Action.ShowCard carries no data."""
        card = self.last.replies[0].card or {}
        return [a for a in card.get("actions", []) if a["type"] == "Action.Submit"]


@pytest.fixture(scope="session")
def kb():
    from knowledge.store import load
    return load()


@pytest.fixture(scope="session")
def engine():
    return Engine()


@pytest.fixture
def chat(engine):
    return Chat(engine)


@pytest.fixture
def agent_chat(engine):
    chat = Chat(engine)
    chat.command("agent")
    return chat
