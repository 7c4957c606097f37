"""One rate budget per client, shared by all its tasks and fed by Intercom's headers.

Intercom sends `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
(epoch seconds) on every answer. The server's numbers are the shared truth, so
several processes spending one token converge on the same budget.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Mapping

import attrs

__all__ = ["MAX_RESET_AHEAD", "RateBudget", "RateLimiter", "parse_rate_headers"]

MAX_RESET_AHEAD = 60.0
"""A window said to reopen later than this (seconds) is not believed: a bogus header
or a skewed clock must not stall every request."""


@attrs.frozen
class RateBudget:
    """What the server last told us about the current window."""

    limit: int
    remaining: int
    reset_at: float


def parse_rate_headers(headers: Mapping[str, str]) -> RateBudget | None:
    """The budget announced by `headers`, or None when they do not carry one."""
    try:
        return RateBudget(
            limit=int(headers["X-RateLimit-Limit"]),
            remaining=int(headers["X-RateLimit-Remaining"]),
            reset_at=float(headers["X-RateLimit-Reset"]),
        )
    except (KeyError, ValueError):
        return None


def wait_before_sending(budget: RateBudget | None, spent: int, now: float) -> float:
    """Seconds to wait so that `spent` more requests fit in the window the budget describes."""
    if budget is None or now >= budget.reset_at:
        return 0.0
    return 0.0 if budget.remaining - spent > 0 else budget.reset_at - now


@attrs.define
class RateLimiter:
    """Gate every request through `acquire()`; feed every answer to `observe()`."""

    clock: Callable[[], float] = time.time
    jitter: float = 0.25
    _budget: RateBudget | None = None
    _spent: int = 0
    _lock: asyncio.Lock = attrs.field(factory=asyncio.Lock)

    @property
    def budget(self) -> RateBudget | None:
        return self._budget

    async def acquire(self) -> None:
        """Wait until the shared budget has room, then spend one request of it."""
        async with self._lock:
            # The window reopens at a wall-clock time, not on an event we could wait for.
            while (delay := wait_before_sending(self._budget, self._spent, self.clock())) > 0:  # noqa: ASYNC110
                await asyncio.sleep(delay + random.uniform(0, self.jitter))
            if self._budget is not None and self.clock() >= self._budget.reset_at:
                self._budget, self._spent = None, 0
            self._spent += 1

    def observe(self, headers: Mapping[str, str]) -> None:
        """Adopt the server's view of the window; requests still in flight stay counted."""
        budget = parse_rate_headers(headers)
        if budget is not None and budget.reset_at - self.clock() > MAX_RESET_AHEAD:
            budget = None
        if budget is None:
            self._spent = max(0, self._spent - 1)
            return
        self._budget = budget
        self._spent = 0

    def exhausted_until(self, reset_at: float) -> None:
        """A 429 arrived: nothing more is sent before `reset_at` (epoch seconds)."""
        limit = self._budget.limit if self._budget else 0
        self._budget = RateBudget(limit=limit, remaining=0, reset_at=reset_at)
        self._spent = 0
