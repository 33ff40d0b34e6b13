"""python -m bench.host_overhead: what the Bot Framework host adds to a turn, with and without client reuse.

botbuilder builds a ConnectorClient and a TokenApiClient per turn; each builds an
msrest ClientRetryPolicy whose status list is a quadratic loop. ``bot.hosts.botbuilder.auth``
keeps the clients instead. This runs the same turns through the real adapter
and bot (memory state, ``expectReplies`` so no network is involved) with the
SDK's authentication ("before") and ours ("after"), and prints the medians.
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import timeit

from botbuilder.integration.aiohttp import ConfigurationBotFrameworkAuthentication
from botbuilder.schema import Activity
from msrest.universal_http.requests import ClientRetryPolicy

from bot.hosts.botbuilder.adapter import TeamsAdapter
from bot.hosts.botbuilder.auth import ReusingAuthentication, auth_config
from bot.hosts.conversation import Troubleshooter
from bot.identity.executors import BoundedExecutor
from bot.settings import Settings
from bot.storage import InMemoryStorage
from dialogs.engine import Engine
from dialogs.replies import TurnInput

MESSAGES = ["I can't record my meeting", "help", "why", "summary", "restart"]


def body(n: int) -> dict:
    return {
        "type": "message", "id": str(n), "channelId": "msteams", "deliveryMode": "expectReplies",
        "serviceUrl": "https://smba.trafficmanager.net/amer/", "text": MESSAGES[n % len(MESSAGES)],
        "from": {"id": "29:1user"}, "recipient": {"id": "28:bot"},
        "conversation": {"id": f"a:bench{n // len(MESSAGES)}", "conversationType": "personal"},
    }


async def authenticated(auth, incoming: Activity):
    """Ours checks the token before the activity is parsed; the SDK's takes the parsed activity."""
    if isinstance(auth, ReusingAuthentication):
        return await auth.authenticate(incoming.service_url, incoming.channel_id, "")
    return await auth.authenticate_request(incoming, "")


async def per_turn_ms(auth, engine: Engine, turns: int, telemetry=None) -> list[float]:
    adapter = TeamsAdapter(Settings(), auth, Troubleshooter(engine, InMemoryStorage()),
                           BoundedExecutor("token_service", 1, 5.0),
                           telemetry)
    samples = []
    for n in range(turns):
        started = time.perf_counter()
        incoming = body(n)
        answer = await adapter.handle(incoming, await authenticated(auth, Activity().deserialize(incoming)))
        samples.append((time.perf_counter() - started) * 1000)
        assert answer.status == 200 and answer.body["activities"], answer
    return samples[len(MESSAGES):]  # the first conversation warms caches


def engine_ms(engine: Engine, turns: int) -> list[float]:
    session, samples = None, []
    for n in range(turns):
        started = time.perf_counter()
        result = engine.turn(session, TurnInput(text=MESSAGES[n % len(MESSAGES)]))
        samples.append((time.perf_counter() - started) * 1000)
        session = result.session if n % len(MESSAGES) else None
    return samples


def summary(name: str, samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=10)
    return f"{name:<34} median {statistics.median(samples):6.2f} ms   p90 {q[-1]:6.2f} ms   (n={len(samples)})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.host_overhead", description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=300)
    args = parser.parse_args(argv)
    config = auth_config(Settings(storage="memory"))
    engine = Engine()
    retry_ms = min(timeit.repeat(ClientRetryPolicy, number=5, repeat=5)) / 5 * 1000
    print(f"msrest ClientRetryPolicy() build: {retry_ms:.2f} ms each")
    print(summary("engine.turn alone", engine_ms(engine, args.turns)))
    before = asyncio.run(per_turn_ms(ConfigurationBotFrameworkAuthentication(config), engine, args.turns))
    after = asyncio.run(per_turn_ms(ReusingAuthentication(config), engine, args.turns))
    print(summary("host turn, SDK clients per turn", before))
    print(summary("host turn, clients reused", after))
    saved = statistics.median(before) - statistics.median(after)
    print(f"saved per turn: {saved:.2f} ms ({saved / statistics.median(before):.0%})")


if __name__ == "__main__":
    main()
