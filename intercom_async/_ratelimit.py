"""One rate budget per token and event loop, shared by every client of that token.

Intercom sends `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`
(epoch seconds) on every answer. The limit is per minute but counted per 10-second
window, so only `Remaining` and `Reset` say what may be sent: what remains of the
window goes at once (the concurrency cap bounds the burst), then requests wait for
the reset. The server's numbers are the shared truth, so several processes spending
one token converge too; a request one of them overspends is answered 429 and waits.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
import weakref
from collections.abc import Callable, Hashable, Mapping
from typing import Literal, NamedTuple

import attrs
from multidict import istr

__all__ = [
    "MAX_RESET_AHEAD",
    "Admission",
    "RateBudget",
    "RateLimiter",
    "admission",
    "learn_window",
    "parse_rate_headers",
    "reserve_for_others",
    "reset_jitter",
    "shared_limiter",
]

MAX_RESET_AHEAD = 60.0
"""A window said to reopen later than this (seconds) is not believed: a bogus header
or a skewed clock must not stall every request."""

_EARLIEST_RESET = 1e9
"""Epoch seconds in 2001: a reset before that is not a clock reading."""
_JITTER_SHARE = 0.01
_MAX_JITTER = 0.1
_ASSUMED_WINDOW = 10.0
"""Intercom's window, assumed while nothing shows how long it is."""
_LIMIT, _REMAINING, _RESET = (
    istr(name) for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")
)
"""As `istr`, aiohttp's headers find them without case-folding the name on every answer."""

Admission = Literal["send", "await_answer", "await_reset"]


class RateBudget(NamedTuple):
    """What the server last told us about the current window (a tuple: one is parsed
    from every answer, so it must be cheap to make)."""

    limit: int
    remaining: int
    reset_at: float


def parse_rate_headers(headers: Mapping[str, str]) -> RateBudget | None:
    """The budget announced by `headers`, or None when they do not carry a sane one.

    Garbage, `nan`, infinities, negative counts and a reset before 2001 are all
    ignored alike: one bad header must not set every later wait.
    """
    try:
        limit = int(headers[_LIMIT])
        remaining = int(headers[_REMAINING])
        reset_at = float(headers[_RESET])
    except (KeyError, ValueError):
        return None
    if limit < 0 or remaining < 0 or not math.isfinite(reset_at) or reset_at <= _EARLIEST_RESET:
        return None
    return RateBudget(limit, remaining, reset_at)


def admission(
    budget: RateBudget | None,
    in_flight: int,
    *,
    now: float,
    announces: bool | None = True,
    reserve: int = 0,
) -> Admission:
    """Whether the next request may go now, or what it waits for first.

    What remains of the window, less the requests in flight and a `reserve` for other
    processes spending the same token, goes at once. An unknown window (the first
    request, or the last one is over) is learnt from one request's answer before the
    rest follow, so clients do not all burst into a window others may have spent.
    """
    if budget is None or now >= budget.reset_at:
        return "await_answer" if in_flight and announces is not False else "send"
    if budget.remaining - in_flight - reserve > 0:
        return "send"
    return "await_answer" if in_flight and budget.remaining > 0 else "await_reset"


def reserve_for_others(in_flight: int, spent: int, answered: int) -> int:
    """Requests other processes probably have in flight on the same token.

    Within one window the server counted `spent` requests between our first and our
    latest answer, of which `answered - 1` were ours; the others are assumed to keep
    as many in flight, relative to ours, as they spent.
    """
    ours = answered - 1
    others = spent - ours
    if ours <= 0 or others <= 0:
        return 0
    return math.ceil(in_flight * others / ours)


def learn_window(known: float | None, previous_reset: float, reset: float) -> float | None:
    """The window length: the shortest step seen between two successive resets."""
    step = reset - previous_reset
    if step <= 0:
        return known
    return step if known is None else min(known, step)


def reset_jitter(window: float | None, rng: random.Random | None = None) -> float:
    """Seconds added at random to a wait for the reset, so waiters do not all land at once."""
    ceiling = min(_MAX_JITTER, _JITTER_SHARE * max(window or _ASSUMED_WINDOW, 0.0))
    return (rng or random).uniform(0, ceiling)


@attrs.define(weakref_slot=True)
class RateLimiter:
    """Call `acquire()` before sending each request and `observe()` once it is over."""

    clock: Callable[[], float] = time.time
    _budget: RateBudget | None = None
    _window: float | None = None
    """The window length, once two resets in a row have shown it."""
    _first_remaining: int = 0
    _answered: int = 0
    """This window: the most `remaining` seen, and how many of our answers arrived."""
    _in_flight: int = 0
    _announces: bool | None = None
    """Whether the server sends a budget at all; None until the first answer says."""
    _window_seen_at: float = 0.0
    """When the current window's reset was first seen: the window is at least that long."""
    _wake_at: tuple[float, float] = (0.0, 0.0)
    """(reset, when waiters for that reset wake): one jittered moment per window."""
    _answer: asyncio.Event = attrs.field(factory=asyncio.Event)

    @property
    def budget(self) -> RateBudget | None:
        return self._budget

    @property
    def window(self) -> float | None:
        """The window length learnt from the resets, in seconds (None until known)."""
        return self._window

    @property
    def in_flight(self) -> int:
        """Requests sent whose answers have not been observed yet."""
        return self._in_flight

    async def acquire(self) -> None:
        """Wait for this request's turn in the shared budget, then count it as in flight."""
        while True:
            now = self.clock()
            step = self._admission(now)
            if step == "send":
                self._in_flight += 1
                return
            if step == "await_answer":
                self._answer.clear()
                await self._answer.wait()  # every waiter wakes at once
                continue
            assert self._budget is not None
            reset = self._budget.reset_at
            if self._wake_at[0] != reset:
                window = self._window or reset - self._window_seen_at
                self._wake_at = (reset, reset + reset_jitter(window))
            await asyncio.sleep(min(self._wake_at[1] - now, MAX_RESET_AHEAD + _MAX_JITTER))

    def try_acquire(self) -> bool:
        """`acquire()` without awaiting, for a request that need not wait; False if it must."""
        if self._admission(self.clock()) != "send":
            return False
        self._in_flight += 1
        return True

    def _admission(self, now: float) -> Admission:
        budget = self._budget
        if budget is not None and now >= budget.reset_at:
            budget = self._budget = None
        reserve = 0
        if budget is not None and self._in_flight:
            spent = self._first_remaining - budget.remaining
            reserve = reserve_for_others(self._in_flight, spent, self._answered)
        return admission(
            budget, self._in_flight, now=now, announces=self._announces, reserve=reserve
        )

    def observe(self, headers: Mapping[str, str] | None) -> None:
        """A request sent after `acquire()` is over (answered, failed or cancelled).

        Answers may arrive out of order: within one window the lowest `remaining`
        wins, and a window older than the one we know is ignored.
        """
        if self._in_flight:
            self._in_flight -= 1
        self._answer.set()
        if headers is None:  # no answer came
            return
        budget = parse_rate_headers(headers)
        now = self.clock() if budget is not None else 0.0
        if budget is not None and budget.reset_at - now > MAX_RESET_AHEAD:
            budget = None  # not believed: sent as if the server announced nothing
        self._announces = budget is not None
        if budget is None:
            return
        known = self._budget
        if known is None or budget.reset_at > known.reset_at:
            if known is not None:
                self._window = learn_window(self._window, known.reset_at, budget.reset_at)
            self._budget, self._window_seen_at = budget, now
            self._first_remaining, self._answered = budget.remaining, 1
        elif budget.reset_at == known.reset_at:
            self._answered += 1
            self._first_remaining = max(self._first_remaining, budget.remaining)
            if budget.remaining < known.remaining:
                self._budget = budget

    def exhausted_until(self, reset_at: float) -> None:
        """A 429 arrived: nothing more is sent before `reset_at` (epoch seconds)."""
        limit = self._budget.limit if self._budget else 0
        self._budget = RateBudget(limit=limit, remaining=0, reset_at=reset_at)


_SHARED: weakref.WeakValueDictionary[tuple[object, Hashable], RateLimiter] = (
    weakref.WeakValueDictionary()
)


def shared_limiter(key: Hashable) -> RateLimiter:
    """The limiter for `key` (an API root and a token digest) on the running loop.

    Every client of one token in this process spends one budget; it lives as long as
    a client uses it.
    """
    loop_key = (asyncio.get_running_loop(), key)
    limiter = _SHARED.get(loop_key)
    if limiter is None:
        limiter = _SHARED[loop_key] = RateLimiter()
    return limiter
