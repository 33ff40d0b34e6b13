"""What Teams itself already knows about a person and their meeting, read from the Bot Connector. SDK-free.

The engine asks how the person joined, who organized the meeting, what kind of
meeting it is and the person's role in it; Teams knows these answers. Before a
message's turn, the host reads (each only where it applies, all at once):

- the meeting (``GET {serviceUrl}/v1/meetings/{meetingId}``: ``details.type`` and
  ``organizer``), in a meeting chat (``channelData.meeting.id``);
- the person's participation (``GET {serviceUrl}/v1/meetings/{meetingId}/participants/
  {aadObjectId}?tenantId=…``: ``meeting.role`` and the user's ``tenantId`` and ``userRole``),
  in a meeting chat;
- the person's member record (``GET {serviceUrl}/v3/conversations/{conversationId}/members/
  {userId}``: ``userRole`` and ``tenantId``), in any chat.

The two meeting calls need the resource-specific consent the app package declares
(``OnlineMeeting.ReadBasic.Chat``, ``OnlineMeetingParticipant.Read.Chat``); the
member record needs none. Each is one plain ``GET`` with the bot's own Bot Connector
token, the one each host already gets for its replies, so both hosts behave the
same (botbuilder 4.17.1's own ``TeamsInfo.get_meeting_participant`` calls the wrong
URL: its ``fetch_meeting`` overwrites the participant route's template).

What comes back is :attr:`dialogs.replies.TurnInput.read`: check state -> choice id,
only for what was actually read. Never in the way: the whole read (the token
included) is bounded by ``BOT_TEAMS_READ_TIMEOUT_S``; a refusal, a 404, a 429, a 5xx,
a timeout or a body that is not what Teams sends costs that fact, and the read one
log line naming the statuses, never an id, a name or anything read, and no traceback.
"""
from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Awaitable, Callable
from urllib.parse import quote

import aiohttp
from yarl import URL

from bot.hosts import activities
from bot.logs import FIELDS, short_hash
from bot.outbound import outbound_session
from bot.settings import Settings

log = logging.getLogger("bot.teams_read")

Bearer = Callable[[], Awaitable["str | None"]]  # the bot's Bot Connector token; None in local anonymous mode
STORED = "teams"  # where the conversation's item keeps the last read (see :func:`cached` and :func:`remember`)
REREAD_AFTER_S = 3600.0  # a role can change (an attendee made presenter): read again after this long
RETRY_AFTER_S = 300.0  # after a failed read, ask rather than wait on Teams again for this long (or its Retry-After)
MAX_RETRY_AFTER_S = 3600.0

# Teams' meeting types (``details.type``) as the engine's ``check_meeting_type`` choices. Channel meetings
# and meet-now meetings are meetings; a broadcast (live event, town hall) is an event; Teams gives 1:1 and
# group calls these types when it gives them a meeting at all. Anything else ("Unknown") is not an answer.
MEETING_TYPES = {"scheduled": "meeting", "recurring": "meeting", "meetnow": "meeting", "adhoc": "meeting",
                 "channelscheduled": "meeting", "channelrecurring": "meeting", "channelmeetnow": "meeting",
                 "broadcast": "event", "townhall": "event", "webinar": "event", "liveevent": "event",
                 "onetoonecall": "call", "onetoone": "call", "groupcall": "call"}
# ``meeting.role`` as the engine's ``check_meeting_role`` choices. Teams reports a co-organizer as
# "Organizer" (the role is the meeting's, not the invitation's), so "co_organizer" is never read.
MEETING_ROLES = {"organizer": "organizer", "presenter": "presenter", "attendee": "attendee"}


@dataclass
class Reading:
    """What one read found (check -> choice id), whether every call it made answered, and when to try again."""

    facts: dict = field(default_factory=dict)
    complete: bool = True
    retry_after_s: float | None = None


class TeamsReader:
    """Reads, for one message, what Teams knows; one HTTP session for the host's lifetime.

    Args:
        timeout_s: the bound on the whole read, the token included; 0 turns reading off.
        settings: the proxy and CA settings the session is made with (:func:`bot.outbound.outbound_session`);
            None: the environment's alone.
    """

    def __init__(self, timeout_s: float, settings: Settings | None = None):
        self.timeout_s = timeout_s
        self.settings = settings
        self._session: aiohttp.ClientSession | None = None

    @property
    def enabled(self) -> bool:
        return self.timeout_s > 0

    def applies(self, activity: Any) -> bool:
        """A Teams message answered through the Bot Connector, from someone we can name to it.

        An ``expectReplies`` turn is not: its caller (a test harness, a skill host, a
        benchmark) collects the replies itself, so its service URL is not a Bot
        Connector we may call (the Agents host even makes one up).
        """
        service_url = activity.service_url or ""
        user_id, _ = activities.sender_ids(activity)
        return (self.enabled and activity.type == "message" and activity.channel_id == "msteams"
                and activity.delivery_mode != "expectReplies"
                and service_url.startswith(("https://", "http://"))
                and bool(user_id) and bool(activity.conversation and activity.conversation.id))

    async def read(self, activity: Any, bearer: Bearer | None) -> Reading:
        """What Teams says about this message's sender and meeting; never raises, never takes longer than the bound."""
        if not self.applies(activity):
            return Reading()
        started = time.perf_counter()
        calls = _Calls(activity)
        task = asyncio.ensure_future(self._read(calls, bearer))
        try:
            await asyncio.wait_for(asyncio.shield(task), self.timeout_s)
        except asyncio.TimeoutError:
            task.cancel()
            calls.timed_out()
        except Exception as error:  # nothing here may cost the turn; the one line says what it was
            calls.failed(type(error).__name__)
        reading = calls.reading()
        elapsed = (time.perf_counter() - started) * 1000
        outcome = " ".join(f"{name}={status}" for name, status in calls.statuses.items())
        if reading.complete:
            log.debug("read from Teams: %s, %d facts, ms=%.1f", outcome, len(reading.facts), elapsed)
        else:
            log.warning("read from Teams incomplete, asking instead: %s ms=%.1f", outcome, elapsed,
                        extra={FIELDS: {"event": "teams_read", "calls": dict(calls.statuses),
                                        "ms": round(elapsed, 1)}})
        return reading

    async def _read(self, calls: "_Calls", bearer: Bearer | None) -> None:
        try:
            token = await bearer() if bearer is not None else None
        except Exception as error:  # the token service is slow, down or refused: the reply will say so, not us
            calls.no_token(getattr(error, "code", type(error).__name__))
            return
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        session = self._http()
        await asyncio.gather(*(calls.get(session, name, headers) for name in calls.urls))

    def _http(self) -> aiohttp.ClientSession:
        """One session (and its connection pool) for every read, made as every other outbound call of the bot's
        (:func:`bot.outbound.outbound_session`): HTTPS_PROXY, NO_PROXY and the CA bundle apply."""
        if self._session is None or self._session.closed:
            self._session = outbound_session(self.settings or Settings(), raise_for_status=False)
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


class _Calls:
    """The calls one activity needs, their statuses (for the one log line) and their answers."""

    def __init__(self, activity: Any):
        self.activity = activity
        base = activity.service_url.rstrip("/")
        user_id, aad_object_id = activities.sender_ids(activity)
        meeting, tenant = activities.meeting_id(activity), activities.tenant_id(activity)
        self.urls: dict[str, URL] = {}
        if meeting:
            self.urls["meeting"] = _url(f"{base}/v1/meetings/{_segment(meeting)}")
            if aad_object_id and tenant:
                self.urls["participant"] = _url(f"{base}/v1/meetings/{_segment(meeting)}/participants/"
                                                f"{_segment(aad_object_id)}?tenantId={_segment(tenant)}")
        self.urls["member"] = _url(f"{base}/v3/conversations/{_segment(activity.conversation.id)}/members/"
                                   f"{_segment(user_id or '')}")
        self.statuses: dict[str, str] = {name: "not_answered" for name in self.urls}
        self.answers: dict[str, dict] = {}
        self.retry_after_s: float | None = None

    async def get(self, session: aiohttp.ClientSession, name: str, headers: dict) -> None:
        try:
            async with session.get(self.urls[name], headers=headers, allow_redirects=False) as response:
                if response.status != 200:
                    self.statuses[name] = str(response.status)
                    if response.status == 429:
                        self._note_retry_after(response.headers.get("Retry-After"))
                    return
                try:
                    body = await response.json(content_type=None)
                except ValueError:
                    body = None
                if not isinstance(body, dict):
                    self.statuses[name] = "not_json"
                    return
                self.answers[name], self.statuses[name] = body, "ok"
        except asyncio.CancelledError:
            raise
        except Exception as error:  # unreachable, reset, TLS: the kind only (the message can quote the URL)
            self.statuses[name] = type(error).__name__

    def timed_out(self) -> None:
        for name, status in self.statuses.items():
            if status == "not_answered":
                self.statuses[name] = "timeout"

    def no_token(self, code: str) -> None:
        self.statuses = {"token": _word(code)}

    def failed(self, kind: str) -> None:
        self.statuses = {**{n: s for n, s in self.statuses.items() if s == "ok"}, "error": _word(kind)}

    def reading(self) -> Reading:
        complete = bool(self.statuses) and all(status == "ok" for status in self.statuses.values())
        facts = read_facts(self.activity, self.answers.get("meeting"), self.answers.get("participant"),
                           self.answers.get("member"))
        return Reading(facts, complete, self.retry_after_s)

    def _note_retry_after(self, value: str | None) -> None:
        try:
            seconds = float(value) if value else None
        except ValueError:
            seconds = None
        if seconds is not None and seconds >= 0:
            self.retry_after_s = max(self.retry_after_s or 0.0, seconds)


def read_facts(activity: Any, meeting: dict | None, participant: dict | None, member: dict | None) -> dict:
    """The engine's answers in what Teams returned: check state -> choice id, for what they settle only."""
    facts: dict[str, str] = {}
    user_id, aad_object_id = activities.sender_ids(activity)
    details = _dict(_dict(meeting).get("details"))
    meeting_type = MEETING_TYPES.get(_key(details.get("type")))
    if meeting_type:
        facts["check_meeting_type"] = meeting_type
    organizer = _dict(_dict(meeting).get("organizer"))
    organizer_ids = {organizer.get("id"), organizer.get("aadObjectId"), organizer.get("objectId")} - {None, ""}
    if organizer_ids and (user_id or aad_object_id):
        facts["check_organizer"] = "me" if organizer_ids & {user_id, aad_object_id} else "someone_else"
    role = MEETING_ROLES.get(_key(_dict(_dict(participant).get("meeting")).get("role")))
    if role:  # not a reason to say "me" to check_organizer: a co-organizer's role reads "Organizer" too
        facts["check_meeting_role"] = role
    home_tenant = activities.tenant_id(activity) or _dict(_dict(meeting).get("conversation")).get("tenantId")
    auth_type = auth_type_of(_dict(member), home_tenant) or auth_type_of(_dict(_dict(participant).get("user")),
                                                                         home_tenant)
    if auth_type:
        facts["check_auth_type"] = auth_type
    return facts


def auth_type_of(account: dict, home_tenant: str | None) -> str | None:
    """How this person joined, from a member record: a guest, anonymous, from another tenant, or a member."""
    user_role = _key(account.get("userRole"))
    if user_role in ("guest", "anonymous"):
        return user_role
    tenant = account.get("tenantId")
    if isinstance(tenant, str) and tenant and home_tenant and tenant.lower() != home_tenant.lower():
        return "federated"
    if user_role == "user" or (tenant and home_tenant):
        return "member"
    return None


def cached(item: dict, activity: Any, now: float) -> dict | None:
    """The facts last read in this conversation for this sender, while they are still to be trusted."""
    kept = item.get(STORED)
    user_id, _ = activities.sender_ids(activity)
    if not isinstance(kept, dict) or kept.get("who") != short_hash(user_id or "") or now >= kept.get("until", 0):
        return None
    facts = kept.get("read")
    return dict(facts) if isinstance(facts, dict) else None


def remember(item: dict, activity: Any, reading: Reading, now: float) -> None:
    """Keep this read in the conversation's item: later turns cost nothing, a failed read is not retried at once."""
    user_id, _ = activities.sender_ids(activity)
    wait = REREAD_AFTER_S if reading.complete else min(max(RETRY_AFTER_S, reading.retry_after_s or 0.0),
                                                       MAX_RETRY_AFTER_S)
    item[STORED] = {"who": short_hash(user_id or ""), "read": dict(reading.facts), "until": round(now + wait)}


def _url(text: str) -> URL:
    return URL(text, encoded=True)  # every segment is quoted here: aiohttp must not quote it again


def _segment(value: str) -> str:
    """An id as one path segment or query value (meeting ids are base64, conversation ids have ':' and '@')."""
    return quote(value, safe="")


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _key(value) -> str:
    return value.replace(" ", "").replace("_", "").lower() if isinstance(value, str) else ""


def _word(text: str) -> str:
    """A status for the log line: a code or an exception's class name, never free text."""
    return "".join(c for c in str(text) if c.isalnum() or c in "_-")[:40] or "error"
