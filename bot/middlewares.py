"""Request checks that run before botbuilder sees a body, and JSON bodies for every error.

botbuilder 4.17.1 answers a missing Content-Type with 404 and malformed JSON
with 500; a client's mistake must get a 4xx that says what to fix, so the body
is read, bounded and parsed here, and the view receives a plain dict.
"""
from __future__ import annotations

import json
import logging
from typing import Awaitable, Callable

from aiohttp import web

from .keys import ACTIVITY_BODY, SETTINGS

log = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class BadRequest(Exception):
    """A client mistake the view or a middleware turns into a JSON 4xx."""

    def __init__(self, status: int, error: str, reason: str):
        super().__init__(reason)
        self.status, self.error, self.reason = status, error, reason


def error_response(status: int, error: str, reason: str, **headers: str) -> web.Response:
    """The one shape of every error body: a short code for programs, a sentence for people."""
    return web.json_response({"error": error, "reason": reason}, status=status, headers=headers or None)


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """aiohttp's own 404/405/413 are plain text; give them the JSON shape too."""
    try:
        return await handler(request)
    except BadRequest as bad:
        return error_response(bad.status, bad.error, bad.reason)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        allow = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else {}
        return error_response(exc.status, _slug(exc.reason), _sentence(request, exc), **allow)


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
    try:
        raw = await request.read()  # the app's client_max_size bounds chunked bodies too
    except web.HTTPRequestEntityTooLarge:
        raise _too_large(limit) from None
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
        body = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as error:
        raise BadRequest(400, "malformed_json", f"the body is not valid JSON ({_json_error(error)})") from None
    if not isinstance(body, dict):
        raise BadRequest(400, "not_an_object", f"the body must be a JSON object (an activity), not {_kind(body)}")
    if not isinstance(body.get("type"), str) or not body["type"].strip():
        raise BadRequest(400, "missing_type", "the activity has no 'type' (for example \"message\")")
    return body


def _too_large(limit: int) -> BadRequest:
    return BadRequest(413, "body_too_large", f"the body is larger than the limit of {limit} bytes")


def _json_error(error: ValueError) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    return "not UTF-8 text"


def _kind(value: object) -> str:
    return {list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(type(value), "a number")


def _slug(reason: str) -> str:
    return "_".join(reason.lower().split())


def _sentence(request: web.Request, exc: web.HTTPException) -> str:
    if exc.status == 405:
        return f"{request.method} is not allowed on {request.path}; use {exc.headers.get('Allow', 'another method')}"
    if exc.status == 404:
        return f"there is nothing at {request.path}; the bot listens on POST {MESSAGES_PATH} and GET /healthz"
    return exc.text or exc.reason
