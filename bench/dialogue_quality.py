"""How well whole conversations go, over the real HTTP endpoint: ``python -m bench.conversations``.

Each conversation of ``bench/data/dev-conversations.toml`` is sent turn by turn to a real
server (``python -m bot serve``, SQLite state, loopback), as Teams would post it, with
``expectReplies`` so the replies come back in the response. What the bot recorded is read
from its own state file after each turn. Printed: conversations passing, answers misread,
questions asked again after the person had said the answer, and words per reply (median,
90th percentile), with ``--json`` for the figures alone.
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from bench.conversations import Conversation, Step, card_actions
from bench.procs import ServerProcess, ServerSpec
from dialogs.compose import MAX_WORDS, word_count

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).resolve().parent / "data" / "dev-conversations.toml"
SERVER = ServerSpec("ours", "bot", args=("serve",),
                    env={"BOT_STATE_PATH": "{workdir}/state.db", "LOG_LEVEL": "WARNING"})
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


@dataclass
class Outcome:
    name: str
    failures: list[str] = field(default_factory=list)
    misread: int = 0
    reasked: int = 0
    words: list[int] = field(default_factory=list)
    long: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def load(path: Path = DATA) -> list[dict]:
    """The conversations of the file, each with a ``name`` and ``turns`` that each ``say`` something or ``click`` a
    button.

    Raises:
        ValueError: the file is not TOML (the message names its line) or a conversation is not of that shape.
    """
    try:
        conversations = tomllib.loads(path.read_text(encoding="utf-8")).get("conversation", [])
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: {error}") from None
    for n, spec in enumerate(conversations, 1):
        turns = spec.get("turns")
        if not isinstance(spec.get("name"), str) or not isinstance(turns, list) or not turns \
                or not all(isinstance(turn, dict) and isinstance(turn.get("say", turn.get("click")), str)
                           for turn in turns):
            raise ValueError(f"{path}: conversation {n} ({spec.get('name', 'no name')!r}) needs a name and turns "
                             "that each say something or click a button")
    return conversations


def post(url: str, activity: dict) -> list[dict]:
    request = urllib.request.Request(url, json.dumps(activity).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read() or b"{}")
    return body.get("activities", []) if isinstance(body, dict) else []


def session_of(db: Path, conversation_id: str) -> dict:
    """What the bot saved for this conversation, read from its SQLite file (read-only)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        row = connection.execute("SELECT document FROM bot_state WHERE key = ?",
                                 (f"msteams/conversations/{conversation_id}",)).fetchone()
    document = json.loads(row[0]) if row else {}
    return document.get("session") or {}


def asked_state(replies: list[dict]) -> str | None:
    for data in card_actions(replies):
        if isinstance(data.get("state"), str) and "confirm" not in data:
            return data["state"]
    return None


def reply_words(activity: dict) -> int:
    cards = [a.get("content") for a in activity.get("attachments") or () if a.get("contentType") == ADAPTIVE_CARD]
    return word_count(activity.get("text") or "", cards[0] if cards else None)


def run_one(url: str, db: Path, spec: dict, run_id: str) -> Outcome:
    outcome = Outcome(spec["name"])
    chat = Conversation(run_id)
    replies: list[dict] = []
    said: dict[str, str] = {}
    for n, turn in enumerate(spec["turns"], 1):
        if "click" in turn:
            data = next((d for d in card_actions(replies) if d.get("answer") == turn["click"]), None)
            if data is None:
                outcome.failures.append(f"turn {n}: no button {turn['click']!r} on the last card")
                break
            activity = chat.activity(Step("click", state=data.get("state", ""), answer=turn["click"]), value=data)
        else:
            activity = chat.activity(Step("typed", text=turn["say"]))
        replies = post(url, activity)
        for reply in replies:
            if reply.get("type") == "message":
                outcome.words.append(reply_words(reply))
                if outcome.words[-1] > MAX_WORDS:
                    outcome.long.append(f"turn {n}: {outcome.words[-1]} words: {(reply.get('text') or '')[:90]!r}")
        session = session_of(db, chat.id)
        answers = {state: answer for state, answer in session.get("trail", [])}
        asked = asked_state(replies)
        if asked in said and asked not in answers:
            outcome.reasked += 1
            outcome.failures.append(f"turn {n}: asked {asked} again after the person said it")
        for check, choice in (turn.get("expect") or {}).items():
            got = answers.get(check, "-")
            if got != choice:
                outcome.misread += 1
                outcome.failures.append(f"turn {n}: {check} is {got!r}, expected {choice!r}")
        if turn.get("state") and session.get("state") != turn["state"]:
            outcome.failures.append(f"turn {n}: in {session.get('state')}, expected {turn['state']}")
        shown = " ".join((r.get("text") or "") + json.dumps(r.get("attachments") or []) for r in replies)
        for words in turn.get("contains") or ():
            if words not in shown:
                outcome.failures.append(f"turn {n}: reply lacks {words!r}")
        said.update(turn.get("says") or {})
    else:
        state = session_of(db, chat.id).get("state")
        if spec.get("end") and state != spec["end"]:  # where it ends, when the conversation says
            outcome.failures.append(f"ended in {state}, expected {spec['end']}")
    return outcome


def figures(outcomes: list[Outcome]) -> dict:
    words = sorted(w for o in outcomes for w in o.words)
    p90 = words[max(0, int(round(0.9 * len(words))) - 1)] if words else 0
    return {
        "conversations": len(outcomes), "passing": sum(o.passed for o in outcomes),
        "answers_misread": sum(o.misread for o in outcomes), "reasked": sum(o.reasked for o in outcomes),
        "replies": len(words), "words_median": statistics.median(words) if words else 0, "words_p90": p90,
        "replies_within_limit": round(sum(w <= MAX_WORDS for w in words) / len(words), 3) if words else 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.conversations", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON only")
    parser.add_argument("--long", action="store_true", help=f"list the replies over {MAX_WORDS} words")
    args = parser.parse_args(argv)
    try:
        specs = load(args.data)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    with ServerProcess(SERVER) as server:
        server.start()
        db = Path(server.workdir.name) / "state.db"
        run_id = uuid.uuid4().hex[:6]
        outcomes = [run_one(f"{server.base_url}/api/messages", db, spec, run_id) for spec in specs]
    result = figures(outcomes)
    if args.json:
        print(json.dumps(result))
        return 0
    for outcome in outcomes:
        mark = "pass" if outcome.passed else "FAIL"
        print(f"{mark}  {outcome.name}" + "".join(f"\n        {f}" for f in outcome.failures))
        if args.long:
            print("".join(f"        long: {line}\n" for line in outcome.long), end="")
    print(f"\nconversations passing   {result['passing']}/{result['conversations']}")
    print(f"answers misread         {result['answers_misread']}")
    print(f"questions re-asked      {result['reasked']}")
    print(f"words per reply         median {result['words_median']}, p90 {result['words_p90']} "
          f"({result['replies_within_limit']:.0%} of {result['replies']} replies within {MAX_WORDS})")
    return 0
