"""Knobs for the fake server: added latency and an enforced, windowed rate limit.

The limit belongs to the app, so every client talking to one fake shares it, as
every integration spending one Intercom token does. Counting stays in the
pipeline's limiter (which stamps the `X-RateLimit-*` headers); this middleware
adds the delay and answers 429 once the window's count is over the limit.
"""

from __future__ import annotations

import asyncio
import math
import random
import time
from collections.abc import Callable

import attrs
from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_http import (
    STATE_KEY,
    ApiError,
    Quota,
    RateLimiter,
)

__all__ = ["THROTTLE_KEY", "Throttle", "WindowLimit", "install_throttle"]


class WindowLimit(RateLimiter):
    """A fixed-window counter that also remembers whether the last hit was over the limit.

    Windows start at multiples of `window` seconds since the epoch, as Intercom's do;
    `reset` is the end of the window rounded up to whole epoch seconds.
    """

    def __init__(
        self, limit: int, window: float = 10.0, clock: Callable[[], float] = time.time
    ) -> None:
        super().__init__(limit=limit, window=math.ceil(window), clock=clock)
        self.window_seconds = window
        self.over_limit = False
        self.announced: int | None = None
        """The `X-RateLimit-Limit` sent, when not the window's own limit: Intercom
        announces its per-minute limit while counting per 10-second window."""
        self._start = -1.0
        self._hits = 0

    def restart(self) -> None:
        """Forget this window's count."""
        self._start, self._hits, self.over_limit = -1.0, 0, False

    def hit(self) -> Quota:
        now = self.clock()
        start = now - now % self.window_seconds
        if start != self._start:
            self._start, self._hits = start, 0
        self._hits += 1
        self.over_limit = self._hits > self.limit
        reset = math.ceil(start + self.window_seconds)
        return Quota(self.announced or self.limit, max(0, self.limit - self._hits), reset)


@attrs.define
class Throttle:
    """The knobs of one fake app, and what they did (`rejected` counts the 429s sent)."""

    latency: float = 0.0
    latency_jitter: float = 0.0
    limit: WindowLimit | None = None
    rejected: int = 0

    def delay(self) -> float:
        if self.latency_jitter <= 0:
            return self.latency
        return self.latency + random.uniform(0, self.latency_jitter)


THROTTLE_KEY = web.AppKey("fake_intercom_throttle", Throttle)


@web.middleware
async def _throttle(request: web.Request, handler: Handler) -> web.StreamResponse:
    throttle = request.app[THROTTLE_KEY]
    # Read right after the pipeline's `hit()`: no other request ran in between.
    over_limit = throttle.limit is not None and throttle.limit.over_limit
    delay = throttle.delay()
    if delay > 0:
        await asyncio.sleep(delay)
    if over_limit:
        assert throttle.limit is not None
        throttle.rejected += 1
        raise ApiError(
            429,
            "rate_limit_exceeded",
            f"Exceeded rate limit of {throttle.limit.limit} in "
            f"{throttle.limit.window_seconds:g}_seconds",
        )
    return await handler(request)


def install_throttle(
    app: web.Application,
    *,
    latency: float = 0.0,
    latency_jitter: float = 0.0,
    rate_limit: int | None = None,
    rate_window: float = 10.0,
) -> Throttle:
    """Add the knobs to a fake app that has not started yet; returns them for inspection."""
    if latency < 0 or latency_jitter < 0:
        raise ValueError(f"latency and latency_jitter must be >= 0: {latency}, {latency_jitter}")
    if rate_limit is not None and rate_limit < 1:
        raise ValueError(f"rate_limit must be at least 1 (or None for no limit), got {rate_limit}")
    if rate_window <= 0:
        raise ValueError(f"rate_window must be positive, got {rate_window}")
    limit = None if rate_limit is None else WindowLimit(rate_limit, rate_window)
    throttle = Throttle(latency=latency, latency_jitter=latency_jitter, limit=limit)
    if limit is not None:
        app[STATE_KEY].rate_limiter = limit
    app[THROTTLE_KEY] = throttle
    app.middlewares.append(_throttle)
    return throttle
