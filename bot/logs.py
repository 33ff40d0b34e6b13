"""Logging an operator can ship: one line per event, text or JSON, with identifiers redacted at the root handler.

SDK-free: any host (botbuilder today, the Microsoft 365 Agents SDK later) calls
:func:`configure_logging` once. The redaction runs on the root handler, so it
covers every library's records too (aiohttp, urllib3, msrest, azure, msal),
not only ours: a raw conversation id, a bearer token, a JWT or an e-mail
address (UPNs look the same) never reaches the output.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
import time
from typing import Any, TextIO
from urllib.parse import unquote

# Libraries that say too much at INFO: a retry per attempt, a line per HTTP call.
CHATTY_LOGGERS = ("transitions", "azure", "urllib3", "msal", "msrest", "microsoft_agents")
FIELDS = "fields"  # ``extra={"fields": {...}}`` puts structured fields into a record

_JWT = re.compile(r"\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*")
_BEARER = re.compile(r"\b(Bearer|Basic)\s+[^\s,;\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+")
_MAYBE_SECRET = re.compile(r"[:@]|%(?:25)?3A|eyJ|Bearer|Basic", re.IGNORECASE)  # every pattern below needs one of these
_SECRET_MARKS = (":", "@", "%3a", "%253a", "eyj", "bearer", "basic")  # the same, as lower-case ASCII text
# Teams conversation ids (personal ``a:…``, group and channel ``19:…@thread.…``) and user/bot ids (``29:``, ``28:``)
# (not clock times such as 19:15:00)
_CONVERSATION_ID = re.compile(r"(?<![\w:])(?:a|8|19|28|29):(?!\d\d:\d\d)[\w@.;=:-]{6,}")
# The same ids percent-encoded (once or twice), as URLs carry them in the request lines urllib3, aiohttp and
# azure-core log at DEBUG ("/v3/conversations/19%3A...%40thread.v2", a blob named ".../a%3A1..."); also after an
# encoded slash.
_ENCODED_ID = re.compile(r"(?:(?<=%2[Ff])|(?<![\w%:]))(?:a|8|19|28|29)%(?:25)?3[Aa]"
                         r"(?:[\w.;=-]|%(?:25)?[0-9A-Fa-f]{2}){6,}")


def short_hash(value: str) -> str:
    """What the logs call an identifier: stable, short, and not the identifier."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def redact(text: str) -> str:
    """The text with tokens, e-mail addresses and Teams ids replaced; ids by their hash, to keep lines joinable."""
    if not may_hold_secret(text):  # most lines (the turn line among them): nothing to replace
        return text
    text = _JWT.sub("[token]", text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} [token]", text)
    text = _CONVERSATION_ID.sub(lambda m: f"id#{short_hash(m.group(0))}", text)
    text = _ENCODED_ID.sub(lambda m: f"id#{short_hash(unquote(unquote(m.group(0))))}", text)  # the same hash
    return _EMAIL.sub("[email]", text)


def may_hold_secret(text: str) -> bool:
    """Whether any redaction pattern could match: ``_MAYBE_SECRET`` finds one of its marks.

    Plain ASCII text (every turn line) is lower-cased and searched for the marks
    as text, five times faster than the case-blind regex and exact there: in
    ASCII the only other case of a letter is its ASCII one. Beyond ASCII the
    regex decides, since it also takes the long s for an s, the Kelvin sign
    for a k.
    """
    if not text.isascii():
        return _MAYBE_SECRET.search(text) is not None
    lowered = text.lower()
    return any(mark in lowered for mark in _SECRET_MARKS)


class RedactingFilter(logging.Filter):
    """Rewrites each record's message and traceback through :func:`redact` before any handler formats it.

    Args:
        fields: also redact the structured fields; only the JSON format writes them.
    """

    def __init__(self, fields: bool = True):
        super().__init__()
        self.fields = fields

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a library's bad format string: keep the template, drop the arguments
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        fields = getattr(record, FIELDS, None) if self.fields else None
        if fields:
            setattr(record, FIELDS, {k: redact(v) if isinstance(v, str) else v for k, v in fields.items()})
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class ParserRejectionFilter(logging.Filter):
    """aiohttp logs a request its HTTP parser rejects as an ERROR traceback quoting the bytes; make it one WARNING.

    Those bytes are the client's (an oversized header can be a token, a cookie,
    an e-mail address): the line names the kind of rejection and nothing else.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and _is_parser_rejection(error):
            status = getattr(error, "code", 400)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.msg = "rejected a malformed HTTP request: %s (answered %s)"
            record.args = (type(error).__name__, status)
            record.exc_info, record.exc_text = None, None
            setattr(record, FIELDS, {"event": "rejected", "error": type(error).__name__, "status": status})
        return True


def _is_parser_rejection(error: BaseException) -> bool:
    from aiohttp.http_exceptions import HttpProcessingError  # aiohttp is the one web server of every host
    return isinstance(error, HttpProcessingError)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, event and message, plus the record's structured fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname, "logger": record.name, "event": "log", "message": record.getMessage(),
        }
        entry.update(getattr(record, FIELDS, None) or {})
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(level: str, log_format: str, stream: TextIO | None = None) -> logging.Handler:
    """The root handler, its format and its redaction; quiet libraries unless DEBUG. Returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if log_format == "json"
                         else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(fields=log_format == "json"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    # Neither format shows where a call came from, or which thread or process made it: skip
    # looking them up for every record (the logging HOWTO's "Optimization" switches).
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    logging.getLogger("aiohttp.server").addFilter(ParserRejectionFilter())
    if level != "DEBUG":
        for chatty in CHATTY_LOGGERS:
            logging.getLogger(chatty).setLevel(logging.WARNING)
        logging.getLogger("urllib3").setLevel(logging.ERROR)  # a WARNING per retry of every failed reply
    return handler
