"""Teams as the bot meets it in tests: a fake Bot Connector service that speaks the real REST
protocol, and a user who posts the activities Teams would post."""
from __future__ import annotations

import asyncio
import itertools
import uuid

from aiohttp import web

from tests.support.identity import _fault
from tests.support.teams_directory import TeamsDirectory


BOT_ID = "28:7c2b4a0e-0000-4000-8000-00000000b07"
BOT_NAME = "Recording Troubleshooter"
TENANT = "72f988bf-0000-4000-8000-000000000011"


class FakeConnector:
    """The Bot Connector REST API as Teams serves it, reduced to what a bot calls to reply and to read
    (meetings, participants and members: :attr:`directory`).

    ``faults`` makes it refuse the next POSTs, one each, as Teams does (``"throttle"``:
    429 with ``Retry-After``, ``"unavailable"``: 503, ``"error"``: 500, ``"forbidden"``:
    403, ``"drop"``: the connection closed); the POSTs of ``hung_conversations``
    never get an answer; ``delay_s`` (or ``delay``) is its time to answer each.
    """

    def __init__(self):
        self.directory = TeamsDirectory()
        self.posted: list[dict] = []
        self.connections: list[tuple] = []  # the bot's (address, port) of each reply: one per HTTP connection
        self.fail_next = 0
        self.faults: list[str] = []
        self.retry_after = "0.1"
        self.hung_conversations: set[str] = set()
        self.delay_s = 0.0
        self.attempts = 0  # reply POSTs that reached it, answered yet or not
        self._ids = itertools.count(1)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/v3/conversations/{conversation}/activities", self._send)
        app.router.add_post("/v3/conversations/{conversation}/activities/{reply_to}", self._send)
        self.directory.install(app)
        # Teams' service URLs differ by region and tenant (".../amer/", ".../emea/"): one prefix per URL.
        app.router.add_post("/{service}/v3/conversations/{conversation}/activities", self._send)
        app.router.add_post("/{service}/v3/conversations/{conversation}/activities/{reply_to}", self._send)
        return app

    @property
    def delay(self) -> float:
        """A busy Bot Connector: replies stay in flight a while (the same as ``delay_s``)."""
        return self.delay_s

    @delay.setter
    def delay(self, seconds: float) -> None:
        self.delay_s = seconds

    @property
    def arrived(self) -> int:
        """Replies that reached it, answered yet or not (the same as ``attempts``)."""
        return self.attempts

    async def _send(self, request: web.Request) -> web.StreamResponse:
        self.attempts += 1
        while request.match_info["conversation"] in self.hung_conversations:
            await asyncio.sleep(0.05)
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.faults:
            return await _fault(request, self.faults.pop(0), self.retry_after)
        if self.fail_next:
            self.fail_next -= 1
            return web.json_response({"error": {"code": "ServiceError", "message": "down"}}, status=503)
        activity = await request.json()
        self.connections.append(request.transport.get_extra_info("peername"))
        activity["_conversation"] = request.match_info["conversation"]
        activity["_authorization"] = request.headers.get("Authorization")
        self.posted.append(activity)
        return web.json_response({"id": f"1:{next(self._ids)}"})

    def take(self) -> list[dict]:
        posted, self.posted = self.posted, []
        return posted


class TeamsUser:
    """Someone in one Teams conversation: builds the activities Teams would post, and reads the bot's replies."""

    def __init__(self, client, service_url: str, connector: FakeConnector, conversation_type: str = "personal"):
        self.client, self.service_url, self.connector = client, service_url, connector
        self.conversation_type = conversation_type
        suffix = uuid.uuid4().hex[:12]
        self.conversation_id = (f"a:1{suffix}" if conversation_type == "personal"
                                else f"19:{suffix}@thread.{'tacv2' if conversation_type == 'channel' else 'v2'}")

    def activity(self, type_: str = "message", **fields) -> dict:
        conversation = {"id": self.conversation_id, "conversationType": self.conversation_type, "tenantId": TENANT}
        if self.conversation_type != "personal":
            conversation["isGroup"] = True
        body = {
            "type": type_, "id": f"1{uuid.uuid4().int % 10**12}", "timestamp": "2024-05-02T09:15:00.000Z",
            "channelId": "msteams", "serviceUrl": self.service_url,
            "from": {"id": "29:1adele", "name": "Adele Vance", "aadObjectId": "a9a0c1e2-0000-4000-8000-0000000000ad"},
            "conversation": conversation,
            "recipient": {"id": BOT_ID, "name": BOT_NAME},
            "channelData": {"tenant": {"id": TENANT}},
            "locale": "en-US",
        }
        body.update(fields)
        return body

    def message(self, text: str = "", *, mention: bool = False, value=None, **fields) -> dict:
        entities = [{"type": "clientInfo", "locale": "en-US", "country": "US", "platform": "Web"}]
        if mention:
            text = f"<at>{BOT_NAME}</at> {text}"
            entities.append({"type": "mention", "text": f"<at>{BOT_NAME}</at>",
                             "mentioned": {"id": BOT_ID, "name": BOT_NAME}})
        body = self.activity("message", text=text, textFormat="plain", entities=entities, **fields)
        if value is not None:
            body["value"] = value
        return body

    def bot_added(self) -> dict:
        return self.activity("conversationUpdate", membersAdded=[{"id": BOT_ID}],
                             channelData={"tenant": {"id": TENANT}, "eventType": "teamMemberAdded"})

    async def post(self, body: dict, status: int = 200) -> list[dict]:
        """Post one activity; return what the bot sent back to this conversation."""
        response = await self.client.post("/api/messages", json=body)
        assert response.status == status, await response.text()
        return [a for a in self.connector.take() if a["conversation"]["id"] == self.conversation_id]

    async def say(self, text: str, **kwargs) -> list[dict]:
        return await self.post(self.message(text, **kwargs))

    async def click(self, data: dict) -> list[dict]:
        return await self.post(self.message("", value=data))


def cards(replies: list[dict]) -> list[dict]:
    return [a["content"] for r in replies for a in r.get("attachments") or []
            if a["contentType"] == "application/vnd.microsoft.card.adaptive"]


def submits(card: dict) -> list[dict]:
    """The ``data`` of the buttons a user can click on a card: its Action.Submit actions, in order (the
    "Why? / Sources" Action.ShowCard opens in place and sends nothing)."""
    return [a["data"] for a in card.get("actions", []) if a["type"] == "Action.Submit"]


def details(replies: list[dict]) -> str:
    """What the cards' "Why? / Sources" part shows once opened (the guide's words, the updates, the sources):
    the text of every block of its Action.ShowCard's card, one paragraph each."""
    texts = []

    def walk(blocks):
        for block in blocks:
            if block.get("type") == "TextBlock":
                texts.append(block["text"])
            walk(block.get("items", []))

    for card in cards(replies):
        for action in card.get("actions", []):
            if action["type"] == "Action.ShowCard":
                walk(action["card"]["body"])
    return "\n\n".join(texts)


def as_sent(reply) -> dict:
    """What an engine Reply looks like once the host has sent it: for comparing with the connector's record."""
    return {"text": reply.text or None, "card": reply.card, "value": reply.value}


def received(activity: dict) -> dict:
    attachments = activity.get("attachments") or []
    return {"text": activity.get("text"), "card": attachments[0]["content"] if attachments else None,
            "value": activity.get("value")}
