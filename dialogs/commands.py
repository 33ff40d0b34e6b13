"""The commands that work anywhere in a conversation (``help``, ``why``, ``back``, ``summary`` ...).

``HANDLERS`` maps a command's name to its handler, as python-telegram-bot's handlers are declared:
the engine looks a typed or clicked command up there. Each handler takes what composes replies
(its renderer and words) and the session, and returns one reply.
"""
from __future__ import annotations

from typing import Callable

from dialogs import flow
from dialogs.compose import Composer
from dialogs.replies import Reply
from dialogs.session import Session
from dialogs.understand import find_upn


def restart(compose: Composer, session: Session) -> Reply:
    session.data.update(trail=[], topic=None, upn=None, how={}, confirm=None, reported=None, reference=None,
                        flags=[], problems=[], status=None, policies={}, table=None)
    session.trigger("restart")
    return compose.enter(session, "")


def back(compose: Composer, session: Session) -> Reply:
    """Undo the last answer: drop it from the trail and ask that question again."""
    trail = session.data["trail"]
    if not trail:
        return compose.reask(session, "")
    state, answer = trail.pop()
    session.data["how"].pop(state, None)
    if state == "check_meeting_role" and trail and tuple(trail[-1]) == ("check_organizer", "someone_else"):
        # "presenter", typed, also said someone else organized it (the organizer question comes after the role's)
        trail.pop()
        session.data["how"].pop("check_organizer", None)
    if state in ("triage", "clarify"):
        session.data["topic"] = None if state == "triage" else "unclear"
    session.trigger(f"jump_{state}")
    return compose.enter(session, undone(compose, session, state, answer))


def undone(compose: Composer, session: Session, state: str, answer: str) -> str:
    """Which answer ``back`` took away, in the words of its question and button."""
    words, short = compose.words_of(session, session.agent), f"short_{state}"
    check = compose.block("names.j2", short, session.agent) if compose.render.has_block("names.j2", short) \
        else words["questions"][state]
    return compose.render.page("undone.j2", check=check, answer=words["titles"][state][answer])


def hello(compose: Composer, session: Session) -> Reply:
    """A greeting, at any point: a word back and the pending question, not the welcome again."""
    return compose.reask(session, compose.render.page("hello.j2", pending=compose.pending(session)))


def help_(compose: Composer, session: Session) -> Reply:
    return compose.reask(session, compose.render.page("help.j2", agent=session.agent))


def why(compose: Composer, session: Session) -> Reply:
    kb = compose.render.citing()
    if session.state == "diagnosis" and session.latest_cause:  # the rule behind the cause, not why it was asked
        return compose.reask(session, compose.render.page("followups/why_so.j2", **compose.context(session, kb)),
                             kb, whole=True)
    entries = flow.WHY.get(session.state, ())
    return compose.reask(session, compose.render.page("why.j2", entries=entries, kb=kb), kb, whole=True,
                         updates_behind=True)


def summary(compose: Composer, session: Session) -> Reply:
    kb = compose.render.citing()
    text = compose.render.page("summary.j2", **compose.context(session, kb))
    reply = compose.reask(session, text)
    return Reply(reply.text, reply.card, session.value(), "summary", reply.details)


def agent(compose: Composer, session: Session) -> Reply:
    return switch(compose, session, "agent")


def user(compose: Composer, session: Session) -> Reply:
    return switch(compose, session, "user")


def switch(compose: Composer, session: Session, audience: str, switched: bool = False) -> Reply:
    """``switched``: the bot changed the audience itself ("I'm the admin", said mid-check), and says why."""
    session.data["audience"] = audience
    return compose.reask(session, compose.render.page("audience.j2", agent=session.agent, switched=switched))


def set_upn(compose: Composer, session: Session, text: str) -> Reply:
    upn, candidate = find_upn(text)
    if not upn:
        message = compose.render.block("upn.j2", "invalid", candidate=candidate or text, agent=session.agent)
        return compose.reask(session, message)
    message = compose.render.block("upn.j2", "stored", upn=upn, agent=session.agent)
    session.data.update(upn=upn, audience="agent")
    return compose.reask(session, message)


HANDLERS: dict[str, Callable[[Composer, Session], Reply]] = {
    "restart": restart, "back": back, "hello": hello, "help": help_, "why": why, "summary": summary,
    "agent": agent, "user": user,
}
