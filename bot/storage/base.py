"""What every conversation-state store offers the hosts: read, write with e_tags, probe, purge, close. SDK-free.

Both hosts read and write the stores directly (:mod:`bot.hosts.conversation`); no SDK
state object sits in between. The host answers "please try again" and reports ``/healthz`` the same way
whichever store runs, so the stores agree on two exceptions and three extra
coroutines. Kept apart from ``bot.storage`` so the store modules can import it
without a cycle.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, Iterable
from bot.errors import UNAVAILABLE

SECONDS_PER_DAY = 86_400.0
# The e_tag of an item its writer read as absent (a new conversation): the write
# creates it only if nobody has meanwhile, else StateConflictError (HTTP's
# ``If-None-Match: *``). botbuilder's own rule, no e_tag means "overwrite",
# would let two first turns of one conversation on two instances silently drop
# one of them. The stores never hand this value back on a read.
CREATE_ONLY = "<create-only>"




class StoreHealth(tuple):
    """The answer of :meth:`StateStore.check`; unpacks as ``ok, reason``.

    ``problem`` is the reason code ``/readyz`` gives when it is not ok
    (``storage_unavailable``, ``storage_corrupt``, ``storage_full``).
    """

    problem: str

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

    async def watch(self) -> None:  # noqa: B027  # optional: most stores have nothing to watch
        """Keep an eye on the store between turns until cancelled; by default there is nothing to watch."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections and threads; the store is unusable afterwards."""


def describe(error: BaseException) -> str:
    """One line naming the error, for logs and the ``/healthz`` reason."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


# --- the argument checks every store makes, in the SDK stores' own words ------------------------

def keys_to_read(keys: Iterable[str] | None) -> list[str]:
    """The keys asked for, once each, in order; None is the caller's mistake."""
    if keys is None:
        raise Exception("Keys are required when reading")  # the SDK's own wording
    return list(dict.fromkeys(keys))


def changes_to_write(changes: Dict[str, Any] | None) -> Dict[str, Any]:
    """The changes to write (maybe none); None is the caller's mistake."""
    if changes is None:
        raise Exception("Changes are required when writing")  # the SDK's own wording
    return changes


def expected_e_tag(item: Any, store: str) -> str | None:
    """The e_tag a write must match (``CREATE_ONLY`` included), or None for an unconditional write."""
    e_tag = item.get("e_tag") if isinstance(item, dict) else getattr(item, "e_tag", None)
    if e_tag == "":
        raise Exception(f"{store}.write(): etag missing")  # as the SDK's stores say it
    return None if e_tag in (None, "*") else e_tag
