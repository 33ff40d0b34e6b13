"""The client: complete conversations over HTTP, N at a time, timing every turn.

One ``aiohttp.ClientSession`` per run with a keep-alive pool as large as the
concurrency, the way a channel keeps connections to a bot. ``concurrency``
workers each take the next conversation and play its script turn by turn, so
at any moment that many turns are in flight. Latency is the client's view of
one turn: request written to response body read (the JSON is encoded before
and decoded after, outside the timing).
"""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import Counter
from dataclasses import dataclass, field

import aiohttp

from bench.conversations import SCRIPTS, TEAMS_SERVICE_URL, Conversation, Script, card_actions, find_button, \
    script_for, state_after

JSON_HEADERS = {"Content-Type": "application/json"}
MAX_EXAMPLES = 5


@dataclass(frozen=True)
class Target:
    """A server as the client sees it.

    ``replies``: where the bot's replies are and how many to expect per turn:
    ``"body"`` (one or more in the response, ``expectReplies``), ``"one"``
    (exactly one in the response) or ``"connector"`` (none in the response:
    the server POSTs them to ``service_url``, and the caller counts them there).
    ``follows_cards``: it understands the conversation, so clicks use its
    cards and the conversation must end where the script says.
    """

    name: str
    base_url: str
    replies: str = "body"
    follows_cards: bool = False
    delivery_mode: str | None = "expectReplies"
    service_url: str = TEAMS_SERVICE_URL

    @property
    def messages_url(self) -> str:
        return f"{self.base_url}/api/messages"


@dataclass
class RunResult:
    """What one run measured; the report turns it into figures."""

    target: str
    concurrency: int
    conversations: int = 0
    completed: int = 0
    turns_ok: int = 0
    turns_failed: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(f"{kind}: {detail}"[:300])

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


async def run(target: Target, conversations: int, concurrency: int, run_id: str,
              scripts: tuple[Script, ...] = SCRIPTS, timeout: float = 30.0) -> RunResult:
    """Play ``conversations`` scripted conversations against ``target``, ``concurrency`` at a time."""
    result = RunResult(target.name, concurrency, conversations)
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    next_index = itertools.count()
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as http:

        async def worker() -> None:
            while (index := next(next_index)) < conversations:
                await converse(http, target, script_for(index, scripts), run_id, result)

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - start
    return result


async def converse(http: aiohttp.ClientSession, target: Target, script: Script, run_id: str,
                   result: RunResult) -> None:
    """One conversation; it stops at its first failed turn, which counts as an error."""
    conversation = Conversation(run_id, target.service_url)
    replies: list[dict] = []
    for step in script.steps:
        value, reply_to = None, None
        if step.is_click and target.follows_cards and replies:
            value = find_button(card_actions(replies), step)
            if value is None:
                offered = [f"{d.get('state')}/{d.get('answer')}" for d in card_actions(replies)]
                result.error("button not offered", f"{script.name}: {step.state}/{step.answer} not in {offered}")
                return
            reply_to = replies[-1].get("id")
        activity = conversation.activity(step, value, reply_to, target.delivery_mode)
        replies = await turn(http, target, activity, result)
        if replies is None:
            return
    if target.follows_cards and state_after(replies) != script.end:
        result.error("wrong end", f"{script.name}: ended in {state_after(replies)!r}, expected {script.end!r}")
        return
    result.completed += 1


async def turn(http: aiohttp.ClientSession, target: Target, activity: dict, result: RunResult) -> list[dict] | None:
    """POST one activity; the replies it returned, or None when the turn failed (recorded as an error)."""
    body = json.dumps(activity).encode()
    start = time.perf_counter()
    try:
        async with http.post(target.messages_url, data=body, headers=JSON_HEADERS) as response:
            payload = await response.read()
            status = response.status
    except asyncio.TimeoutError:
        return _failed(result, "timeout", f"no answer to turn {activity['id']}")
    except aiohttp.ClientError as exc:
        return _failed(result, "connection", f"{type(exc).__name__}: {exc}")
    elapsed_ms = (time.perf_counter() - start) * 1000
    if status // 100 != 2:
        return _failed(result, f"HTTP {status}", payload[:200].decode(errors="replace"))
    replies = _replies(target, payload)
    if isinstance(replies, str):
        return _failed(result, "bad replies", replies)
    result.latencies_ms.append(elapsed_ms)
    result.turns_ok += 1
    return replies


def _replies(target: Target, payload: bytes) -> list[dict] | str:
    """The reply activities of a 2xx answer, or what is wrong with it."""
    if target.replies == "connector":
        return []
    try:
        activities = json.loads(payload)["activities"]
    except (ValueError, KeyError, TypeError):
        return f"not an expectReplies body: {payload[:120]!r}"
    if not isinstance(activities, list) or not all(isinstance(a, dict) for a in activities):
        return "activities is not a list of objects"
    if target.replies == "one" and len(activities) != 1:
        return f"{len(activities)} replies, expected 1"
    if not activities:
        return "no reply"
    return activities


def _failed(result: RunResult, kind: str, detail: str) -> None:
    result.turns_failed += 1
    result.error(kind, detail)
    return None
