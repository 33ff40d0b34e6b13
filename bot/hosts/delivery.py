"""Replies to the Bot Connector, posted the way Teams' rate limits ask: retried, each POST time-bound. SDK-free.

Both SDKs post a reply once and drop it on a 429 or a 503 (Teams throttles
bots per conversation and per app): the person saw nothing, although the turn
moved their conversation on. botbuilder posts through requests, with no timeout,
on asyncio's default thread pool (six threads here, shared with everything
else): a few hung POSTs stopped every other conversation's replies. The Agents
SDK posts on aiohttp with its five-minute default: one hung POST held its turn
for seven minutes. Both hosts post through :class:`ReplyDelivery` instead:

- on the event loop, on one aiohttp session of its own (:func:`bot.outbound.outbound_session`:
  the proxy and CA settings, its own connection pool);
- every POST within ``BOT_REPLY_TIMEOUT_S``; every retry within the turn's
  ``BOT_REPLY_BUDGET_S`` (Teams' guidance: retry 429 and 503 honouring
  ``Retry-After``, with exponential backoff and jitter, and give up in time);
- other 5xx and dropped connections are retried ``RETRIES_AFTER_FAILURE`` times;
  a POST that timed out is not (it may have arrived: posted again it could show
  twice), nor a 4xx (the conversation is gone, or the bot was removed from it);
- :meth:`ReplyDelivery.stop_by` ends every wait at a deadline when the process
  is asked to stop, so a hung Bot Connector cannot hold the shutdown.

What it cannot deliver raises :class:`ReplyNotDelivered`; the host logs one
line and keeps the conversation where the person can still see it
(:meth:`bot.hosts.conversation.Troubleshooter.undelivered`).
"""
from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.outbound import outbound_session
from bot.settings import Settings
from bot.errors import ReplyNotDelivered

log = logging.getLogger(__name__)

THROTTLED = (429, 503)  # Teams' "slow down": retried while the turn has time, after Retry-After
RETRIES_AFTER_FAILURE = 2  # other 5xx and dropped connections
FIRST_BACKOFF_S = 0.5
MAX_BACKOFF_S = 8.0
MAX_RETRY_AFTER_S = 60.0  # a Retry-After beyond any turn's budget is read as "give up now"


class ReplyDelivery:
    """Posts replies for one host, for the host's lifetime (one session, one pool, one shutdown deadline)."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._http: aiohttp.ClientSession | None = None
        self._stop_at = float("inf")
        self._stopping: asyncio.Event | None = None

    def deadline(self) -> float:
        """When a turn that starts replying now must have given up (monotonic seconds)."""
        return min(time.monotonic() + self.settings.reply_budget_s, self._stop_at)

    async def post(self, service_url: str, conversation_id: str, reply_to_id: str | None, activity: dict,
                   token: str | None, deadline: float) -> dict:
        """POST one activity to the conversation (as a reply to ``reply_to_id`` when given); the connector's answer.

        Raises:
            ReplyNotDelivered: refused, or still throttled or failing when ``deadline`` (or shutdown) came.
        """
        url = reply_url(service_url, conversation_id, reply_to_id)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        failures, attempt, cause = 0, 0, None
        while True:
            left = min(deadline, self._stop_at) - time.monotonic()
            if left <= 0:  # what the tries so far met stays in the line ("HTTP 503; no time left ...")
                raise ReplyNotDelivered(f"{cause}; no time left in the turn" if cause else "no time left in the turn")
            try:
                status, retry_after, answer = await self._bounded(
                    self._attempt(url, activity, headers), min(self.settings.reply_timeout_s, left))
            except asyncio.TimeoutError:
                raise ReplyNotDelivered(f"no answer within {min(self.settings.reply_timeout_s, left):g} s") from None
            except aiohttp.ClientError as error:  # refused, reset, dropped half-way
                status, retry_after, answer = None, None, type(error).__name__
            if status is not None and status < 300:
                return answer
            cause = f"HTTP {status}" if status is not None else answer
            if status is not None and status not in THROTTLED and status < 500:
                raise ReplyNotDelivered(cause)
            if status not in THROTTLED:
                failures += 1
                if failures > RETRIES_AFTER_FAILURE:
                    raise ReplyNotDelivered(f"{cause}, {failures} times")
            wait = retry_after if retry_after is not None else backoff(attempt)
            if time.monotonic() + wait >= min(deadline, self._stop_at):
                raise ReplyNotDelivered(f"{cause}; the next try would come after the turn's time")
            log.debug("reply not taken (%s); trying again in %.2f s", cause, wait)
            await self._pause(wait)
            attempt += 1

    async def _attempt(self, url: str, activity: dict, headers: dict) -> tuple[int, float | None, Any]:
        async with self._session().post(url, json=activity, headers=headers) as response:
            if response.status < 300:
                return response.status, None, await _json(response)
            await response.read()  # the connection goes back to the pool
            return response.status, retry_after_s(response.headers.get("Retry-After")), None

    async def _bounded(self, call, timeout: float):
        """``call``'s result, or ``asyncio.TimeoutError`` after ``timeout`` seconds or once shutdown's deadline came."""
        task = asyncio.ensure_future(call)
        stopping = asyncio.ensure_future(self._stop_event().wait())
        try:
            done, _ = await asyncio.wait((task, stopping), timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:  # the turn itself was cancelled: so is its POST
            task.cancel()
            raise
        finally:
            stopping.cancel()
        if task in done:
            return task.result()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        raise asyncio.TimeoutError

    async def _pause(self, seconds: float) -> None:
        """Wait before the next try; shutdown's deadline ends the wait (and the next try finds no time left)."""
        try:
            await asyncio.wait_for(self._stop_event().wait(), seconds)
        except asyncio.TimeoutError:
            pass

    def stop_by(self, seconds: float) -> None:
        """The process is stopping: every reply still being tried gives up within ``seconds``."""
        self._stop_at = min(self._stop_at, time.monotonic() + seconds)
        asyncio.get_running_loop().call_later(seconds, self._stop_event().set)

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()
            self._http = None

    def _session(self) -> aiohttp.ClientSession:
        if self._http is None:  # made on the running loop, on first use
            self._http = outbound_session(self.settings)
        return self._http

    def _stop_event(self) -> asyncio.Event:
        if self._stopping is None:
            self._stopping = asyncio.Event()
        return self._stopping


def reply_url(service_url: str, conversation_id: str, reply_to_id: str | None) -> str:
    """The Bot Connector's ``SendToConversation`` (or ``ReplyToActivity``) URL; ids are quoted whole, as msrest does."""
    url = f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"
    return f"{url}/{quote(reply_to_id, safe='')}" if reply_to_id else url


def backoff(attempt: int) -> float:
    """Exponential backoff with full jitter: concurrent turns throttled together do not retry together."""
    return random.uniform(0, min(MAX_BACKOFF_S, FIRST_BACKOFF_S * 2 ** attempt))


def retry_after_s(value: str | None) -> float | None:
    """``Retry-After`` in seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - time.time()
    return min(max(seconds, 0.0), MAX_RETRY_AFTER_S)


async def _json(response: aiohttp.ClientResponse) -> dict:
    try:
        answer = await response.json(content_type=None)
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}
