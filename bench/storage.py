"""Benchmark: what conversation state costs per turn in each store.

    python -m bench.storage [--turns N]

Three measurements per store (memory, sqlite, blob on a local Azurite), taken
side by side in one run (turns interleaved round-robin, so machine noise hits
every store alike):

- storage: one read and one e_tag-conditional write of a session-sized item
  (about 1.2 KB of JSON), the storage work of one turn;
- sdk turn: one turn through botbuilder's TestAdapter with ConversationState
  loading and saving that session: the state pipeline without HTTP;
- http turn: when ``bot.web.app.create_app`` exists, a message POSTed to
  ``/api/messages`` of the real app on loopback (``deliveryMode:
  expectReplies``, so the replies come back in the response) until it answers.

Medians and p95 in milliseconds, and each store's median as a multiple of memory's.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Awaitable, Callable

from botbuilder.core import ConversationState, TurnContext
from botbuilder.core.adapters import TestAdapter

from bot.settings import Settings
from bot.storage import StateStore, open_storage
from bot.cli.playground import free_port

KEY = "msteams/conversations/bench-conversation"


def session_item(turn: int) -> dict:
    """A session like the troubleshooting flow keeps mid-way (about 1.2 KB as JSON)."""
    checks = ["check_auth_type", "check_organizer", "check_organizer_policy", "check_policy",
              "check_storage_location", "check_stream_license", "check_stream_upload"]
    return {
        "session": {
            "state": "check_stream_consent",
            "audience": "agent",
            "topic": "policy_user",
            "turns": turn,
            "answers": {check: "unsure" if i % 3 == 0 else "on" for i, check in enumerate(checks)},
            "history": [{"state": check, "answer": "on", "at": 1_700_000_000 + i} for i, check in enumerate(checks)],
            "unverified": checks[::3],
            "causes": ["policy_user", "stream_upload"],
            "notes": "Recording button greyed out in the channel meeting; organizer is in another team. " * 3,
        }
    }


@dataclass
class Samples:
    storage: list[float] = field(default_factory=list)
    sdk_turn: list[float] = field(default_factory=list)
    http_turn: list[float] = field(default_factory=list)


async def timed(action: Callable[[], Awaitable], into: list[float]) -> None:
    start = time.perf_counter()
    await action()
    into.append((time.perf_counter() - start) * 1000)


def storage_turn(store: StateStore, turn: int) -> Callable[[], Awaitable]:
    async def run():
        item = (await store.read([KEY])).get(KEY) or {}
        item.update(session_item(turn))
        await store.write({KEY: item})

    return run


def sdk_turn(store: StateStore) -> Callable[[], Awaitable]:
    """One message through botbuilder's adapter with the session in ConversationState."""
    state = ConversationState(store)
    session = state.create_property("session")

    async def logic(context: TurnContext):
        data = await session.get(context, dict)
        data.update(session_item(data.get("turns", 0) + 1)["session"])
        await context.send_activity(f"turn {data['turns']}")
        await state.save_changes(context)

    adapter = TestAdapter(logic)

    async def run():
        await adapter.receive_activity("next")
        adapter.activity_buffer.clear()

    return run


class HttpTurn:
    """POST one message to the real app's /api/messages; replies come back in the response."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.runner = None
        self.url = ""
        self.session = None
        self.count = 0

    @staticmethod
    def available() -> bool:
        try:
            from bot.web.app import create_app  # noqa: F401
        except ImportError:
            return False
        return True

    async def start(self) -> None:
        from aiohttp import ClientSession, web

        from bot.web.app import create_app

        port = free_port()
        self.runner = web.AppRunner(create_app(self.settings))
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", port).start()
        self.url = f"http://127.0.0.1:{port}/api/messages"
        self.session = ClientSession()

    async def __call__(self) -> None:
        self.count += 1
        activity = {
            "type": "message", "id": f"m{self.count}", "text": "help", "channelId": "msteams",
            "serviceUrl": "https://smba.trafficmanager.net/amer/", "deliveryMode": "expectReplies",
            "from": {"id": "29:bench-user", "name": "Bench"}, "recipient": {"id": "28:bot", "name": "bot"},
            "conversation": {"id": f"a:bench-{self.settings.storage}", "conversationType": "personal"},
        }
        async with self.session.post(self.url, json=activity) as response:
            body = await response.text()
            if response.status >= 400:
                raise RuntimeError(f"/api/messages answered {response.status}: {body[:200]}")

    async def stop(self) -> None:
        if self.session:
            await self.session.close()
        if self.runner:
            await self.runner.cleanup()


def start_azurite(folder: Path):
    """A local Azurite, or None with the reason printed (Node.js or the npm package missing)."""
    from tests.support.azurite import Azurite, azurite_binary, node_missing_reason

    reason = node_missing_reason() or (None if azurite_binary() else "Azurite not installed (npm install)")
    if reason:
        print(f"blob: not measured: {reason}")
        return None
    return Azurite(azurite_binary(), folder).start()


async def run(turns: int, warmup: int) -> dict[str, Samples]:
    with tempfile.TemporaryDirectory(prefix="bench-storage-") as scratch:
        scratch = Path(scratch)
        azurite = start_azurite(scratch / "azurite")
        kinds = {
            "memory": Settings().with_(storage="memory"),
            "sqlite": Settings().with_(storage="sqlite", state_path=scratch / "state.db"),
        }
        if azurite:
            kinds["blob"] = Settings().with_(
                storage="blob", blob_connection_string=azurite.connection_string, blob_container="bench"
            )
        try:
            return await measure(kinds, turns, warmup)
        finally:
            if azurite:
                azurite.stop()


async def measure(kinds: dict[str, Settings], turns: int, warmup: int) -> dict[str, Samples]:
    stores = {kind: await open_storage(settings) for kind, settings in kinds.items()}
    http = {kind: HttpTurn(settings) for kind, settings in kinds.items()} if HttpTurn.available() else {}
    for server in http.values():
        await server.start()
    samples = {kind: Samples() for kind in kinds}
    sdk = {kind: sdk_turn(store) for kind, store in stores.items()}
    try:
        for turn in range(warmup + turns):
            for kind, store in stores.items():
                record = samples[kind] if turn >= warmup else Samples()
                await timed(storage_turn(store, turn), record.storage)
                await timed(sdk[kind], record.sdk_turn)
                if kind in http:
                    await timed(http[kind], record.http_turn)
    finally:
        for server in http.values():
            await server.stop()
        for store in stores.values():
            await store.close()
    if not http:
        print("http turn: not measured: bot.web.app.create_app does not exist yet")
    return samples


def report(samples: dict[str, Samples]) -> None:
    print(f"{'store':<8} {'measure':<11} {'median ms':>10} {'p95 ms':>9} {'x memory':>9}")
    for measure_name in ("storage", "sdk_turn", "http_turn"):
        base = samples["memory"] and _median(getattr(samples["memory"], measure_name))
        for kind, kind_samples in samples.items():
            values = getattr(kind_samples, measure_name)
            if not values:
                continue
            median = _median(values)
            p95 = statistics.quantiles(values, n=20)[-1]
            ratio = f"{median / base:8.1f}x" if base else "        -"
            print(f"{kind:<8} {measure_name:<11} {median:10.3f} {p95:9.3f} {ratio}")


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=300, help="measured turns per store (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="turns discarded first (default 20)")
    args = parser.parse_args(argv)
    item_size = len(json.dumps(session_item(1)))
    print(f"per-turn state cost, {args.turns} turns per store, session item {item_size} bytes of JSON")
    report(asyncio.run(run(args.turns, args.warmup)))


if __name__ == "__main__":
    main()
