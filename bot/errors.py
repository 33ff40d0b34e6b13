"""The errors the layers raise to each other, in a leaf that imports nothing from ``bot``.

The web layer turns them into HTTP answers (a JSON 4xx, a 401, a 503 with a reason code), the
hosts into "try again" replies, the turn's log line into one reason an admin can act on. Keeping
them here lets every layer raise and catch them without importing another layer.
"""
from __future__ import annotations

UNAVAILABLE, CORRUPT, DISK_FULL = "storage_unavailable", "storage_corrupt", "storage_full"
# What the turn's log line says for each: an admin must tell a corrupt file from a full disk at a glance.
PROBLEMS = {UNAVAILABLE: "state store unavailable", CORRUPT: "state database corrupt", DISK_FULL: "disk full"}


class ReplyNotDelivered(Exception):
    """The Bot Connector did not take a reply in the time the turn had; ``cause`` says why, without ids."""

    def __init__(self, cause: str):
        super().__init__(cause)
        self.cause = cause


class DependencyUnavailable(Exception):
    """An endpoint we depend on is slow or down right now: answer 503 and let the caller retry.

    Args:
        code: a short reason code for the response and the log line.
        reason: a sentence for people.
    """

    def __init__(self, code: str, reason: str):
        super().__init__(reason)
        self.code, self.reason = code, reason


class AuthenticationFailed(Exception):
    """The request carries no token, or one we could not validate: the answer is 401.

    ``str(error)`` is for the client; ``cause`` for the log line.
    """

    def __init__(self, reason: str, cause: str = ""):
        super().__init__(reason)
        self.cause = cause


class BadRequest(Exception):
    """A client mistake the view or a middleware turns into a JSON 4xx.

    ``cause`` goes to the log line only (why a token failed, say), never to the client.
    """

    def __init__(self, status: int, error: str, reason: str, *, cause: str = "", headers: dict | None = None):
        super().__init__(reason)
        self.status, self.error, self.reason = status, error, reason
        self.cause, self.headers = cause, headers or {}


class StateConflictError(KeyError):
    """A write carried an ``e_tag`` that is no longer the stored one.

    A ``KeyError`` because that is what botbuilder's ``MemoryStorage`` raises on
    a stale e_tag, so code written against the SDK treats every store alike.
    The caller re-reads and retries, or asks the user to resend; the stored item
    is untouched.
    """

    def __init__(self, key: str, expected: str | None, current: str | None):
        super().__init__(
            f"e_tag conflict on {key!r}: the write expected {expected!r}, the store has {current!r}"
        )
        self.key = key
        self.expected = expected
        self.current = current

    def __str__(self) -> str:  # KeyError would quote the whole message
        return self.args[0]


class StorageUnavailableError(RuntimeError):
    """The store could not be reached or refused the operation (locked, unwritable, corrupt, disk full, down).

    Distinct from a conflict: retrying at once will not help, the user should try
    again later, and ``/readyz`` answers 503 with ``problem`` as its reason until the store recovers.
    """

    def __init__(self, message: str, problem: str = UNAVAILABLE):
        super().__init__(message)
        self.problem = problem

    @property
    def what(self) -> str:
        """The problem in two or three words, for log lines."""
        return PROBLEMS.get(self.problem, PROBLEMS[UNAVAILABLE])
