"""What the Bot Connector tells a bot about meetings and members, on loopback, in Teams' own JSON.

The routes a bot reads with its Bot Connector token (the ones
``botframework.connector.teams`` and the Agents SDK's ``TeamsConnectorClient`` call):

- ``GET /v1/meetings/{meetingId}``: the meeting (``details`` with its ``type``, ``organizer``, ``conversation``);
- ``GET /v1/meetings/{meetingId}/participants/{aadObjectId}?tenantId=``: one participant
  (``user``, ``meeting.role``, ``conversation``);
- ``GET /v3/conversations/{conversationId}/members/{userId}``: one member record (``userRole``, ``tenantId``).

Unknown meetings, participants and members get the 404 Teams gives. ``mode`` makes
every read answer as Teams does when it will not: ``403`` (consent not granted, or
the bot not in the meeting), ``404``, ``429`` (with ``Retry-After``), ``500``, ``hang``
(no answer until the test ends) or ``not_json``; ``modes`` does it for one route only
(``"meeting"``, ``"participant"`` or ``"member"``: a meeting whose consent was not granted
refuses the first two and still lists its members). Every request is recorded
(path, query and ``Authorization``). :meth:`install` adds the routes to any aiohttp app.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from aiohttp import web

ERRORS = {
    403: {"error": {"code": "BotNotInConversationRoster", "message": "The bot is not part of the conversation roster."}},
    404: {"error": {"code": "NotFound", "message": "Meeting or member not found."}},
    429: {"error": {"code": "TooManyRequests", "message": "Too many requests."}},
    500: {"error": {"code": "ServiceError", "message": "Internal server error."}},
}


@dataclass
class Person:
    """Someone Teams knows: their Teams user id, Entra object id, tenant and ``userRole``."""

    id: str
    aad_object_id: str
    name: str = "Adele Vance"
    tenant_id: str = ""
    user_role: str = "user"  # "user", "guest" or "anonymous", as Teams reports it

    def account(self) -> dict:
        """A ``TeamsChannelAccount`` as the Bot Connector returns it."""
        given, _, surname = self.name.partition(" ")
        upn = f"{given.lower()}@contoso.example"
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad_object_id, "givenName": given,
                "surname": surname, "email": upn, "userPrincipalName": upn, "tenantId": self.tenant_id,
                "userRole": self.user_role}


@dataclass
class Meeting:
    """A meeting whose chat the bot is in: its type (Teams' words), organizer and the roles of its participants."""

    id: str
    type: str
    organizer: Person
    tenant_id: str
    chat_id: str
    roles: dict[str, str] = field(default_factory=dict)  # aadObjectId -> "Organizer", "Presenter" or "Attendee"


class TeamsDirectory:
    """Meetings and members the stand-in Bot Connector answers for."""

    def __init__(self):
        self.meetings: dict[str, Meeting] = {}
        self.members: dict[tuple[str, str], Person] = {}  # (conversation id, user id) -> person
        self.mode: int | str | None = None
        self.modes: dict[str, int | str] = {}
        self.requests: list[dict] = []
        self.released = asyncio.Event()

    def install(self, app: web.Application) -> None:
        app.router.add_get("/v1/meetings/{meeting}", self._meeting)
        app.router.add_get("/v1/meetings/{meeting}/participants/{participant}", self._participant)
        app.router.add_get("/v3/conversations/{conversation}/members/{member}", self._member)

    def add_member(self, conversation_id: str, person: Person) -> None:
        self.members[(conversation_id, person.id)] = person

    def add_meeting(self, meeting: Meeting, *participants: tuple[Person, str]) -> None:
        """The meeting, and each (person, role) in it, who are members of its chat too."""
        self.meetings[meeting.id] = meeting
        for person, role in ((meeting.organizer, "Organizer"), *participants):
            meeting.roles[person.aad_object_id] = role
            self.add_member(meeting.chat_id, person)

    def release(self) -> None:
        """End every ``hang``; the loop that runs the routes must be the caller's."""
        self.released.set()

    async def _meeting(self, request: web.Request) -> web.Response:
        failure = await self._failure(request, "meeting")
        if failure is not None:
            return failure
        meeting = self.meetings.get(request.match_info["meeting"])
        if meeting is None:
            return web.json_response(ERRORS[404], status=404)
        return web.json_response({
            "details": {"id": meeting.id, "msGraphResourceId": f"MSo{meeting.id[:8]}", "type": meeting.type,
                        "title": "Quarterly review", "joinUrl": "https://teams.microsoft.com/l/meetup-join/x",
                        "scheduledStartTime": "2024-05-02T09:00:00Z", "scheduledEndTime": "2024-05-02T10:00:00Z"},
            "conversation": {"id": meeting.chat_id, "isGroup": True, "conversationType": "groupChat",
                             "tenantId": meeting.tenant_id},
            "organizer": {"id": meeting.organizer.id, "aadObjectId": meeting.organizer.aad_object_id,
                          "tenantId": meeting.organizer.tenant_id, "objectId": meeting.organizer.aad_object_id},
        })

    async def _participant(self, request: web.Request) -> web.Response:
        failure = await self._failure(request, "participant")
        if failure is not None:
            return failure
        meeting = self.meetings.get(request.match_info["meeting"])
        aad_object_id = request.match_info["participant"]
        if request.query.get("tenantId") is None:
            return web.json_response({"error": {"code": "BadArgument", "message": "tenantId is required"}}, status=400)
        role = meeting.roles.get(aad_object_id) if meeting else None
        person = next((p for (chat, _), p in self.members.items()
                       if meeting and chat == meeting.chat_id and p.aad_object_id == aad_object_id), None)
        if role is None or person is None:
            return web.json_response(ERRORS[404], status=404)
        return web.json_response({"user": person.account(), "meeting": {"role": role, "inMeeting": True},
                                  "conversation": {"id": meeting.chat_id, "isGroup": True}})

    async def _member(self, request: web.Request) -> web.Response:
        failure = await self._failure(request, "member")
        if failure is not None:
            return failure
        person = self.members.get((request.match_info["conversation"], request.match_info["member"]))
        if person is None:
            return web.json_response({"error": {"code": "MemberNotFoundInConversation",
                                                "message": "The member is not in the conversation."}}, status=404)
        return web.json_response(person.account())

    async def _failure(self, request: web.Request, route: str) -> web.StreamResponse | None:
        self.requests.append({"path": request.path, "query": dict(request.query),
                              "authorization": request.headers.get("Authorization")})
        mode = self.modes.get(route, self.mode)
        if mode is None:
            return None
        if mode == "hang":
            try:
                await asyncio.wait_for(self.released.wait(), 60)
            except asyncio.TimeoutError:
                pass
            return web.json_response(ERRORS[500], status=500)
        if mode == "not_json":
            return web.Response(text="<html>Service Unavailable</html>", content_type="text/html")
        headers = {"Retry-After": "30"} if mode == 429 else None
        return web.json_response(ERRORS[mode], status=mode, headers=headers)
