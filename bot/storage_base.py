"""What every conversation-state store offers the hosts: read, write with e_tags, probe, purge, close. SDK-free.

Both hosts read and write the stores directly (:mod:`bot.conversation`); no SDK
state object sits in between. The host answers "please try again" and reports ``/healthz`` the same way
whichever store runs, so the stores agree on two exceptions and three extra
coroutines. Kept apart from ``bot.storage`` so the store modules can import it
without a cycle.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, Iterable

SECONDS_PER_DAY = 86_400.0
# The e_tag of an item its writer read as absent (a new conversation): the write
# creates it only if nobody has meanwhile, else StateConflictError (HTTP's
# ``If-None-Match: *``). botbuilder's own rule, no e_tag means "overwrite",
# would let two first turns of one conversation on two instances silently drop
# one of them. The stores never hand this value back on a read.
CREATE_ONLY = "<create-only>"


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


UNAVAILABLE, CORRUPT, DISK_FULL = "storage_unavailable", "storage_corrupt", "storage_full"
# What the turn's log line says for each: an admin must tell a corrupt file from a full disk at a glance.
PROBLEMS = {UNAVAILABLE: "state store unavailable", CORRUPT: "state database corrupt", DISK_FULL: "disk full"}


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


class StoreHealth(tuple):
    """The answer of :meth:`StateStore.check`; unpacks as ``ok, reason``.

    ``problem`` is the reason code ``/readyz`` gives when it is not ok
    (``storage_unavailable``, ``storage_corrupt``, ``storage_full``).
    """

    def __new__(cls, ok: bool, reason: str, problem: str = UNAVAILABLE) -> "StoreHealth":
        health = super().__new__(cls, (ok, reason))
        health.problem = "" if ok else problem
        return health

    @property
    def ok(self) -> bool:
        return self[0]

    @property
    def reason(self) -> str:
        return self[1]


class StateStore(ABC):
    """A key-value store of JSON-able items with optimistic concurrency, that the host can probe, purge and close.

    The read/write/delete contract is botbuilder's ``Storage`` one (which botbuilder-testing's
    conformance suite checks), plus :data:`CREATE_ONLY`. Each store also has ``kind``
    (``"sqlite"``, ``"memory"`` or ``"blob"``) for logs and ``/readyz``.
    """

    kind: str = ""

    @abstractmethod
    async def read(self, keys: Iterable[str]) -> Dict[str, Any]:
        """The items found, by key; missing keys are left out."""

    @abstractmethod
    async def write(self, changes: Dict[str, Any]) -> None:
        """Write every item; an item's ``e_tag`` must match the stored one (``"*"`` or none: overwrite).

        Raises:
            StateConflictError: an e_tag no longer matches, or ``CREATE_ONLY`` met an existing item.
            StorageUnavailableError: the store cannot be used right now.
        """

    @abstractmethod
    async def delete(self, keys: Iterable[str]) -> None:
        """Delete these items; unknown keys are ignored."""

    @abstractmethod
    async def check(self) -> StoreHealth:
        """Touch the store for real (a write where possible) and say whether it works.

        Never raises: a failure is reported as ``StoreHealth(False, reason)``.
        """

    @abstractmethod
    async def purge_older_than(self, days: float) -> int:
        """Delete the items not written for ``days`` days; return how many went."""

    async def watch(self) -> None:
        """Keep an eye on the store between turns until cancelled; by default there is nothing to watch."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections and threads; the store is unusable afterwards."""


def describe(error: BaseException) -> str:
    """One line naming the error, for logs and the ``/healthz`` reason."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
