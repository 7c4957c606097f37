"""`Gate`: the concurrency cap, a first-come-first-served semaphore that is cheap to pass.

`asyncio.Semaphore` costs a coroutine and a scan of its waiters on every acquire even
when a place is free; the cap is taken once per request, so its free path is a test
and a decrement here.
"""

from __future__ import annotations

import asyncio
from collections import deque

__all__ = ["Gate"]


class Gate:
    """At most `size` holders at a time; waiters are admitted in the order they came.

    A holder's place passes straight to the first waiter on `leave()`, so a newcomer
    never overtakes one already waiting. A waiter cancelled after being handed a place
    passes it on, so cancellation never loses a place.
    """

    __slots__ = ("_free", "_waiters")

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a gate needs at least one place, got {size}")
        self._free = size
        self._waiters: deque[asyncio.Future[None]] = deque()

    @property
    def free(self) -> int:
        """Places no one holds or has been handed."""
        return self._free

    @property
    def waiting(self) -> int:
        """Callers of `enter()` still waiting for a place."""
        return len(self._waiters)

    def try_enter(self) -> bool:
        """Take a place without waiting: False when none is free or others wait for one."""
        if self._free and not self._waiters:
            self._free -= 1
            return True
        return False

    async def enter(self) -> None:
        """Take a place, waiting behind everyone who came first."""
        if self.try_enter():
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.cancelled():
                if waiter in self._waiters:  # not yet passed over by `leave()`
                    self._waiters.remove(waiter)
            else:  # handed a place as it was cancelled: pass it on
                self.leave()
            raise

    def leave(self) -> None:
        """Give a place back: to the first waiter, else to the free ones."""
        waiters = self._waiters
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1
