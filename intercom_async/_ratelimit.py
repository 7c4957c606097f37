"""One rate budget per client, shared by all its tasks and fed by Intercom's headers.

Intercom sends `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
(epoch seconds) on every answer. The server's numbers are the shared truth, so
several processes spending one token converge on the same budget: each spreads
what remains over the time left, so the remaining budget reaches zero at the reset
rather than long before it.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Callable, Mapping

import attrs

__all__ = ["MAX_RESET_AHEAD", "RateBudget", "RateLimiter", "parse_rate_headers", "send_delay"]

MAX_RESET_AHEAD = 60.0
"""A window said to reopen later than this (seconds) is not believed: a bogus header
or a skewed clock must not stall every request."""

_SHORTEST_SLEEP = 0.002
"""Slots closer than this are sent at once: a sleep that short costs more than it paces."""

_UNTIL_ANSWERED = -1.0
_EARLIEST_RESET = 1e9
"""Epoch seconds in 2001: a reset before that is not a clock reading."""


@attrs.frozen
class RateBudget:
    """What the server last told us about the current window."""

    limit: int
    remaining: int
    reset_at: float


def parse_rate_headers(headers: Mapping[str, str]) -> RateBudget | None:
    """The budget announced by `headers`, or None when they do not carry a sane one.

    Garbage, `nan`, infinities, negative counts and a reset before 2001 are all
    ignored alike: one bad header must not set every later wait.
    """
    try:
        budget = RateBudget(
            limit=int(headers["X-RateLimit-Limit"]),
            remaining=int(headers["X-RateLimit-Remaining"]),
            reset_at=float(headers["X-RateLimit-Reset"]),
        )
    except (KeyError, ValueError):
        return None
    if budget.limit < 0 or budget.remaining < 0 or not math.isfinite(budget.reset_at):
        return None
    return budget if budget.reset_at > _EARLIEST_RESET else None


def send_delay(
    budget: RateBudget | None, in_flight: int, last_sent: float, now: float
) -> tuple[float, bool]:
    """How long to wait before the next request, and whether that wait is for the reset.

    The budget left after the requests still in flight is spread evenly over the
    time until the reset: the next request goes one interval after the last one.
    With nothing left, wait for the reset. Without a budget (first request, or the
    window just rolled over) send at once; the concurrency cap bounds the burst.
    """
    if budget is None or now >= budget.reset_at:
        return 0.0, False
    available = budget.remaining - in_flight
    if available <= 0:
        return budget.reset_at - now, True
    interval = (budget.reset_at - now) / available
    return max(0.0, last_sent + interval - now), False


@attrs.define
class RateLimiter:
    """Call `acquire()` before sending each request and `observe()` once it is over."""

    clock: Callable[[], float] = time.time
    jitter: float = 0.25
    """Up to this many seconds are added, at random, to a wait for the window reset."""
    _budget: RateBudget | None = None
    _in_flight: int = 0
    _last_sent: float = 0.0
    _announces: bool | None = None
    """Whether the server sends a budget at all; None until the first answer says."""
    _lock: asyncio.Lock = attrs.field(factory=asyncio.Lock)
    _answered: asyncio.Event = attrs.field(factory=asyncio.Event)

    @property
    def budget(self) -> RateBudget | None:
        return self._budget

    @property
    def in_flight(self) -> int:
        """Requests sent whose answers have not been observed yet."""
        return self._in_flight

    async def acquire(self) -> None:
        """Wait for this request's turn in the shared budget, then count it as in flight.

        While the budget is unknown (first request, or the window just rolled over) one
        request goes alone and its answer tells the new budget, so several clients on
        one token do not all burst into a fresh window.
        """
        # Only paced requests queue on the lock, and only while one of them waits: a
        # lock handed from waiter to waiter admits one request per loop turn, and that
        # convoy would keep a few requests in flight whatever the concurrency.
        while True:
            if not self._lock.locked():
                wait = self._take_slot()
                if wait is None:
                    return
                if wait == _UNTIL_ANSWERED:
                    await self._next_answer()
                    continue
            async with self._lock:  # paced requests sleep one at a time, in arrival order
                while True:
                    wait = self._take_slot()
                    if wait is None or wait == _UNTIL_ANSWERED:
                        break
                    await asyncio.sleep(min(wait, MAX_RESET_AHEAD + self.jitter))
            if wait is None:
                return
            await self._next_answer()

    def try_acquire(self) -> bool:
        """`acquire()` without awaiting, for a request that need not wait; False if it must."""
        return not self._lock.locked() and self._take_slot() is None

    async def _next_answer(self) -> None:
        """Wait until a request in flight is answered (every waiter wakes at once)."""
        self._answered.clear()
        await self._answered.wait()

    def _take_slot(self) -> float | None:
        """Count a request as sent now and return None, or return how long to wait first.

        `_UNTIL_ANSWERED` means: until a request in flight is answered.
        """
        now = self.clock()
        if self._budget is not None and now >= self._budget.reset_at:
            self._budget = None
        if self._budget is None and self._announces is not False and self._in_flight:
            return _UNTIL_ANSWERED
        delay, for_reset = send_delay(self._budget, self._in_flight, self._last_sent, now)
        if for_reset:
            return delay + random.uniform(0, self.jitter)
        if delay > _SHORTEST_SLEEP:
            return delay
        # The request takes its slot even when sent a little early, so the pace holds.
        self._last_sent = now + delay
        self._in_flight += 1
        return None

    def observe(self, headers: Mapping[str, str] | None) -> None:
        """A request sent after `acquire()` is over (answered, failed or cancelled).

        Answers may arrive out of order: within one window the lowest `remaining`
        wins, and a window older than the one we know is ignored.
        """
        self._in_flight = max(0, self._in_flight - 1)
        self._answered.set()
        budget = parse_rate_headers(headers) if headers else None
        if budget is not None and budget.reset_at - self.clock() > MAX_RESET_AHEAD:
            budget = None  # not believed: paced as if the server announced nothing
        if headers is not None:
            self._announces = budget is not None
        if budget is None:
            return
        known = self._budget
        newer = known is None or budget.reset_at > known.reset_at
        if newer or (
            known is not None
            and budget.reset_at == known.reset_at
            and budget.remaining < known.remaining
        ):
            self._budget = budget

    def exhausted_until(self, reset_at: float) -> None:
        """A 429 arrived: nothing more is sent before `reset_at` (epoch seconds)."""
        limit = self._budget.limit if self._budget else 0
        self._budget = RateBudget(limit=limit, remaining=0, reset_at=reset_at)
