"""python -m bench.teams_read: what reading from Teams (issue 22) adds to a turn, on each host.

Runs first turns of meeting-chat conversations (each one reads: the meeting, the
participant and the member record, concurrently) through the real app over loopback
HTTP, with a stand-in Bot Connector (tests/support/teams_directory.py) that answers,
or hangs; then a later turn of the same conversations (read from the stored item,
no call). Normal delivery: replies are POSTed to the stand-in, as Teams has them.
Prints the median and p95 turn time per case, and the difference with reading off. The
stand-in runs on the same event loop as the bot, so its own work counts against the read:
an upper bound for the host's part; a real Bot Connector adds its round trip (the three
calls run at once, so one round trip, plus a TLS handshake on the first).

    python -m bench.teams_read [--turns 40] [--bound 2] [--sdk botbuilder,agents]
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time
import uuid

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.web.app import create_app
from bot.settings import SDKS, Settings
from dialogs.engine import Engine
from tests.support.teams_directory import Meeting, Person, TeamsDirectory

TENANT = "72f988bf-0000-4000-8000-000000000011"
BOT = {"id": "28:bench-bot", "name": "Recording Troubleshooter"}
ORGANIZER = Person("29:1organizer", "b7c1d2e3-0000-4000-8000-0000000000a1", "Alex Wilber", TENANT)


async def connector(directory: TeamsDirectory) -> TestServer:
    async def reply(request: web.Request) -> web.Response:
        await request.read()
        return web.json_response({"id": "1:1"})

    app = web.Application()
    app.router.add_post("/v3/conversations/{conversation}/activities", reply)
    app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", reply)
    directory.install(app)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    return server


def message(service_url: str, chat: str, meeting_id: str, person: Person, text: str) -> dict:
    return {"type": "message", "id": uuid.uuid4().hex[:12], "channelId": "msteams", "serviceUrl": service_url,
            "from": {"id": person.id, "aadObjectId": person.aad_object_id},
            "recipient": BOT, "conversation": {"id": chat, "conversationType": "groupChat", "isGroup": True},
            "text": f"<at>{BOT['name']}</at> {text}",
            "entities": [{"type": "mention", "text": f"<at>{BOT['name']}</at>", "mentioned": BOT}],
            "channelData": {"tenant": {"id": TENANT}, "meeting": {"id": meeting_id}}}


async def run_case(sdk: str, engine: Engine, bound: float, mode, turns: int) -> tuple[list[float], list[float]]:
    """First-turn and later-turn times (ms) for ``turns`` meeting chats."""
    directory = TeamsDirectory()
    directory.mode = mode
    server = await connector(directory)
    service_url = str(server.make_url("/"))
    settings = Settings(storage="memory", sdk=sdk, teams_read_timeout_s=bound)
    first, later = [], []
    try:
        async with TestClient(TestServer(create_app(settings, engine=engine), host="127.0.0.1")) as client:
            for n in range(turns + 3):  # three to warm up
                chat, meeting_id = f"19:{uuid.uuid4().hex}@thread.v2", f"MCMx{uuid.uuid4().hex}=="
                person = Person(f"29:1p{n}", str(uuid.uuid4()), "Adele Vance", TENANT)
                directory.add_meeting(Meeting(meeting_id, "Scheduled", ORGANIZER, TENANT, chat), (person, "Attendee"))
                for text, times in (("I can't record", first), ("help", later)):
                    started = time.perf_counter()
                    response = await client.post("/api/messages",
                                                 json=message(service_url, chat, meeting_id, person, text))
                    assert response.status == 200, await response.text()
                    if n >= 3:
                        times.append((time.perf_counter() - started) * 1000)
    finally:
        directory.release()
        await server.close()
    return first, later


def summary(times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return f"p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms"


async def main(turns: int, bound: float, sdks: list[str]) -> None:
    logging.getLogger("bot.teams_read").setLevel(logging.ERROR)  # the failing cases' one line per conversation
    logging.getLogger("bot.web.app").setLevel(logging.ERROR)  # "local anonymous mode", once per case
    engine = Engine()
    for sdk in sdks:
        cases = {"reading off": (0, None), "reads answer": (bound, None), "Teams hangs": (bound, "hang"),
                 "403 refused": (bound, 403)}
        results = {name: await run_case(sdk, engine, b, mode, turns if mode != "hang" else max(5, turns // 8))
                   for name, (b, mode) in cases.items()}
        base = statistics.median(results["reading off"][0])
        print(f"{sdk} (bound {bound:g} s, {turns} conversations)")
        for name, (first, later) in results.items():
            print(f"  {name:12}  first turn {summary(first)} (+{statistics.median(first) - base:6.1f} ms)"
                  f"   later turn {summary(later)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--bound", type=float, default=2.0)
    parser.add_argument("--sdk", default=",".join(SDKS))
    args = parser.parse_args()
    asyncio.run(main(args.turns, args.bound, args.sdk.split(",")))
