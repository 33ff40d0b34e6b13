"""The commands that work anywhere in a conversation (``help``, ``why``, ``back``, ``summary`` ...).

``HANDLERS`` maps a command's name to its handler, as python-telegram-bot's handlers are declared:
the engine looks a typed or clicked command up there. Each handler takes the engine (for its
renderer and words) and the session, and returns one reply.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from dialogs import flow
from dialogs.replies import Reply
from dialogs.session import Session
from dialogs.understand import find_upn

if TYPE_CHECKING:  # the engine imports this module; only the type goes the other way
    from dialogs.engine import Engine


def restart(engine: "Engine", session: Session) -> Reply:
    session.data.update(trail=[], topic=None, upn=None, how={}, confirm=None, reported=None, reference=None,
                        flags=[], problems=[], status=None, policies={})
    session.trigger("restart")
    return engine.compose.enter(session, "")


def back(engine: "Engine", session: Session) -> Reply:
    """Undo the last answer: drop it from the trail and ask that question again."""
    trail = session.data["trail"]
    if not trail:
        return engine.compose.reask(session, "")
    state, answer = trail.pop()
    session.data["how"].pop(state, None)
    if state in ("triage", "clarify"):
        session.data["topic"] = None if state == "triage" else "unclear"
    session.trigger(f"jump_{state}")
    return engine.compose.enter(session, undone(engine, session, state, answer))


def undone(engine: "Engine", session: Session, state: str, answer: str) -> str:
    """Which answer ``back`` took away, in the words of its question and button."""
    words, short = engine.compose.words[session.agent], f"short_{state}"
    check = engine.compose.block("names.j2", short, session.agent) if engine.render.has_block("names.j2", short) \
        else words["questions"][state]
    return engine.render.page("undone.j2", check=check, answer=words["titles"][state][answer])


def hello(engine: "Engine", session: Session) -> Reply:
    """A greeting, at any point: a word back and the pending question, not the welcome again."""
    return engine.compose.reask(session, engine.render.page("hello.j2", pending=engine.compose.pending(session)))


def help_(engine: "Engine", session: Session) -> Reply:
    return engine.compose.reask(session, engine.render.page("help.j2", agent=session.agent))


def why(engine: "Engine", session: Session) -> Reply:
    kb = engine.render.citing()
    entries = flow.WHY.get(session.state, ())
    return engine.compose.reask(session, engine.render.page("why.j2", entries=entries, kb=kb), kb)


def summary(engine: "Engine", session: Session) -> Reply:
    kb = engine.render.citing()
    text = engine.render.page("summary.j2", **engine.compose.context(session, kb))
    reply = engine.compose.reask(session, text)
    return Reply(reply.text, reply.card, session.value(), "summary", reply.details)


def agent(engine: "Engine", session: Session) -> Reply:
    return switch(engine, session, "agent")


def user(engine: "Engine", session: Session) -> Reply:
    return switch(engine, session, "user")


def switch(engine: "Engine", session: Session, audience: str) -> Reply:
    session.data["audience"] = audience
    return engine.compose.reask(session, engine.render.page("audience.j2", agent=session.agent))


def set_upn(engine: "Engine", session: Session, text: str) -> Reply:
    upn, candidate = find_upn(text)
    if not upn:
        message = engine.render.block("upn.j2", "invalid", candidate=candidate or text, agent=session.agent)
        return engine.compose.reask(session, message)
    message = engine.render.block("upn.j2", "stored", upn=upn, agent=session.agent)
    session.data.update(upn=upn, audience="agent")
    return engine.compose.reask(session, message)


HANDLERS: dict[str, Callable[["Engine", Session], Reply]] = {
    "restart": restart, "back": back, "hello": hello, "help": help_, "why": why, "summary": summary,
    "agent": agent, "user": user,
}
