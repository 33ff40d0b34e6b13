"""Request checks that run before any SDK sees a body, and JSON bodies for every error.

botbuilder 4.17.1 answers a missing Content-Type with 404 and malformed JSON
with 500; a client's mistake must get a 4xx that says what to fix, so the body
is read (within a time limit), bounded and parsed here, and the view receives a
plain dict. SDK-free: every host reuses these checks.
"""
from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import re
import sys
from typing import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web

if sys.version_info >= (3, 11):
    from asyncio import timeout as read_deadline
else:  # Python 3.10: the package aiohttp itself uses there
    from async_timeout import timeout as read_deadline

from bot.web.answers import json_answer
from bot.web.keys import ACTIVITY_BODY, SETTINGS
from bot.logs import FIELDS
from bot.errors import BadRequest

log = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"
MANY_ENTITIES = 64  # a message with more entities than this has its repeated ones dropped
MAX_DEPTH = 32  # Teams activities nest about 8 deep; card data a little more; recursion starts near 1,000
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# A lone surrogate can only come from a \uD800-\uDFFF escape: the body itself is decoded as strict UTF-8.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def error_response(status: int, error: str, reason: str, **headers: str) -> web.Response:
    """The one shape of every error body: a short code for programs, a sentence for people."""
    return json_answer({"error": error, "reason": reason}, status, headers or None)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """aiohttp's own 404/405/413 are plain text; give them the JSON shape too."""
    try:
        return await handler(request)
    except BadRequest as bad:
        log_rejection(request, bad.status, bad.error, bad.cause)
        return error_response(bad.status, bad.error, bad.reason, **bad.headers)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        allow = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else {}
        log_rejection(request, exc.status, _slug(exc.reason))
        return error_response(exc.status, _slug(exc.reason), _sentence(request, exc), **allow)


def log_rejection(request: web.Request, status: int, error: str, cause: str = "") -> None:
    """One line per refused request: its reason code, and for a 401 why the token failed; never the body."""
    log.info("rejected %s %s status=%d error=%s%s", request.method, request.path, status, error,
             f" cause={cause}" if cause else "",
             extra={FIELDS: {"event": "rejected", "status": status, "error": error, "cause": cause or None}})


@web.middleware
async def activity_body(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Check and parse the body of ``POST /api/messages``; leave every other request alone."""
    if request.method == "POST" and request.path == MESSAGES_PATH:
        request[ACTIVITY_BODY] = await _read_activity(request)
    return await handler(request)


async def _read_activity(request: web.Request) -> dict:
    _require_json_content_type(request)
    limit = request.app[SETTINGS].max_body_bytes
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit)
    timeout = request.app[SETTINGS].read_timeout_s
    try:
        if request.content.is_eof():  # all of it arrived with the headers (most turns): nothing to wait for
            raw = await request.read()
        else:
            async with read_deadline(timeout):  # no extra task, unlike wait_for
                raw = await request.read()  # client_max_size bounds chunked bodies too
    except web.HTTPRequestEntityTooLarge:
        raise _too_large(limit) from None
    except asyncio.TimeoutError:
        raise BadRequest(408, "body_timeout", f"the body did not arrive within {timeout:g} s") from None
    if len(raw) > limit:
        raise _too_large(limit)
    return _parse_activity(raw)


def _require_json_content_type(request: web.Request) -> None:
    declared = request.headers.get("Content-Type")
    if not declared:
        raise BadRequest(415, "missing_content_type", "send the activity with Content-Type: application/json")
    mime = request.content_type
    if mime != "application/json" and not mime.endswith("+json"):
        raise BadRequest(415, "unsupported_content_type",
                         f"Content-Type {mime!r} is not JSON; send the activity as application/json")


def _parse_activity(raw: bytes) -> dict:
    try:
        text = raw.decode("utf-8")  # strict: json.loads(bytes) would let encoded surrogates through
    except UnicodeDecodeError as error:
        raise BadRequest(400, "not_utf8", f"the body is not UTF-8 text (byte {error.start})") from None
    try:
        body = json.loads(text)
    except RecursionError:
        raise BadRequest(400, "too_deeply_nested", f"the JSON nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as error:
        raise BadRequest(400, "malformed_json", f"the body is not valid JSON ({_json_error(error)})") from None
    if not isinstance(body, dict):
        raise BadRequest(400, "not_an_object", f"the body must be a JSON object (an activity), not {_kind(body)}")
    if not isinstance(body.get("type"), str) or not body["type"].strip():
        raise BadRequest(400, "missing_type", "the activity has no 'type' (for example \"message\")")
    if _SURROGATE_ESCAPE.search(text):
        _check_structure(body, check_text=True)
    return body


def check_structure(body: dict) -> None:
    """Bound how deep the activity nests, before code that recurses over it (model parsing, copies, storage)."""
    _check_structure(body, check_text=False)


def drop_repeated_entities(body: dict) -> None:
    """Keep one of each identical entity (the same @mention repeated), before the SDK builds a model for each.

    A Teams message lists an entity per mention; 5,000 mentions of the bot
    cost the Agents SDK's models about half a second of event loop, for
    entities that say one thing. Only a list longer than ``MANY_ENTITIES`` is
    looked at, so no usual turn pays for this.
    """
    entities = body.get("entities")
    if not isinstance(entities, list) or len(entities) <= MANY_ENTITIES:
        return
    seen: set[str] = set()
    kept = []
    for entity in entities:
        signature = json.dumps(entity, sort_keys=True, ensure_ascii=False)
        if signature not in seen:
            seen.add(signature)
            kept.append(entity)
    body["entities"] = kept


def _check_structure(body: dict, check_text: bool) -> None:
    """One iterative walk: depth always; with ``check_text``, every key and string must be encodable text."""
    stack: list = [(body, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise BadRequest(400, "too_deeply_nested", f"the JSON nests deeper than {MAX_DEPTH} levels")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if check_text:
                _require_text(key)
            if isinstance(item, (dict, list)):
                stack.append((item, depth + 1))
            elif check_text:
                _require_text(item)


def _require_text(value: object) -> None:
    if isinstance(value, str) and not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise BadRequest(400, "invalid_unicode", "a string holds a lone UTF-16 surrogate (\\uD800-\\uDFFF "
                             "without its pair); send text as valid Unicode") from None


def check_answerable(channel_id: object, conversation_id: object, service_url: object, in_response: bool) -> None:
    """A 400 naming what is missing for the bot to answer this activity, or a ``serviceUrl`` that is not http(s)."""
    for name, present in (("channelId", channel_id), ("conversation.id", conversation_id),
                          ("serviceUrl", service_url or in_response)):
        if not present:
            raise BadRequest(400, "incomplete_activity", f"the activity has no {name!r}; the bot needs it to answer")
    if service_url and not str(service_url).startswith(("https://", "http://")):
        raise BadRequest(400, "invalid_service_url", "the activity's 'serviceUrl' is not an http(s) URL")


def check_reply_target(body: dict, authenticated: bool) -> None:
    """Without credentials the bot replies only to a loopback Bot Connector (the Emulator, tests).

    Otherwise anyone who can reach an anonymous bot could make it POST to any
    URL they name. ``expectReplies`` turns answer in the response and send nothing.
    """
    if authenticated or body.get("deliveryMode") == "expectReplies":
        return
    url = body.get("serviceUrl")
    if isinstance(url, str) and url and not _is_loopback(url):
        raise BadRequest(403, "service_url_not_allowed",
                         "without MicrosoftAppId the bot replies only to a loopback serviceUrl "
                         "(http://localhost or 127.0.0.1); set MicrosoftAppId to talk to the Bot Connector")


def _is_loopback(url: str) -> bool:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _too_large(limit: int) -> BadRequest:
    return BadRequest(413, "body_too_large", f"the body is larger than the limit of {limit} bytes")


def _json_error(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    if "digits" in str(error):  # Python's guard against quadratic int parsing
        return f"a number has more than {sys.get_int_max_str_digits()} digits"
    return type(error).__name__


def _kind(value: object) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")


def _slug(reason: str) -> str:
    return "_".join(reason.lower().split())


def _sentence(request: web.Request, exc: web.HTTPException) -> str:
    if exc.status == 405:
        return f"{request.method} is not allowed on {request.path}; use {exc.headers.get('Allow', 'another method')}"
    if exc.status == 404:
        return f"there is nothing at {request.path}; the bot listens on POST {MESSAGES_PATH}, GET /healthz and /readyz"
    return exc.text or exc.reason
