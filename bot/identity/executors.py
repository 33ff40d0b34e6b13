"""Blocking calls to identity endpoints, on threads of their own with a time limit. SDK-free.

asyncio's default thread pool has cpu+4 threads shared by everything; a few
calls to a hung endpoint fill it and then nothing that needs a thread runs.
A :class:`BoundedExecutor` has its own few threads, refuses at once when they
are all busy, and stops waiting after its timeout: a hung endpoint costs one
request a 503 (or one user the try-again apology), never the server.
"""
from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar
from bot.errors import DependencyUnavailable

T = TypeVar("T")
log = logging.getLogger(__name__)


class BoundedExecutor:
    """``workers`` threads for one kind of blocking call; a call waits at most ``timeout`` seconds."""

    def __init__(self, name: str, workers: int, timeout: float):
        self.name, self.timeout = name, timeout
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix=name)
        self._free = threading.BoundedSemaphore(workers)

    async def run(self, call: Callable[[], T]) -> T:
        """The call's result; :class:`DependencyUnavailable` when every thread is busy or it takes too long.

        A call that overruns keeps its thread until it returns (a thread cannot be
        stopped), so calls must have their own socket timeout; meanwhile the
        thread counts as busy, which is what makes the refusal immediate.
        """
        if not self._free.acquire(blocking=False):
            raise DependencyUnavailable(f"{self.name}_busy", f"every {self.name} call in progress is still waiting")
        future = self._pool.submit(call)
        future.add_done_callback(lambda _: self._free.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except asyncio.TimeoutError:
            log.warning("%s did not answer within %g s", self.name, self.timeout)
            raise DependencyUnavailable(f"{self.name}_timeout",
                                        f"{self.name} did not answer within {self.timeout:g} s") from None
        except OSError as error:  # refused, reset, TLS refused, the socket's own timeout: requests' errors too
            raise unreachable(self.name, self.timeout, error) from None

    def shutdown(self) -> None:
        """Stop taking calls; threads still waiting on an endpoint are not joined (they end on their own timeout)."""
        self._pool.shutdown(wait=False, cancel_futures=True)


def unreachable(name: str, timeout: float, error: OSError) -> DependencyUnavailable:
    """An endpoint that refuses, resets or fails TLS is as unavailable as one that hangs: a 503, one log line.

    Only the exception's type is logged: requests' messages carry the URL.
    """
    if isinstance(error, TimeoutError) or type(error).__name__.endswith("Timeout"):
        log.warning("%s did not answer within %g s", name, timeout)
        return DependencyUnavailable(f"{name}_timeout", f"{name} did not answer within {timeout:g} s")
    log.warning("%s cannot be reached (%s)", name, type(error).__name__)
    return DependencyUnavailable(f"{name}_unavailable", f"{name} cannot be reached")
