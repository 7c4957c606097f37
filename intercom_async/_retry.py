"""Whether to send a request again, and what to wait for first: pure decisions, no I/O.

The transport sends, sorts what happened into a status or a `Failure`, and asks
`decide`; every rule about resending lives here, table-tested without sockets.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Literal

import attrs

from ._ratelimit import MAX_RESET_AHEAD
from ._sansio import backoff_delay, rate_limit_backoff, rate_limit_reset, retry_after

__all__ = [
    "IDEMPOTENT_METHODS",
    "MAX_RATE_LIMIT_WAITS",
    "RETRY_STATUSES",
    "Failure",
    "Resend",
    "Tries",
    "decide",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
"""Methods resent after a failure that may have reached the server."""
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_RATE_LIMIT_WAITS = 10
"""Waits for a 429's reset one request may take; they use no retry."""

Failure = Literal["refused", "dropped", "fatal"]
"""An attempt without a usable answer: `refused` never reached the server (any method
may go again), `dropped` may have (connection reset, timeout: only resendable calls
go again), `fatal` never heals by resending (TLS failure, redirect loop)."""


@attrs.frozen
class Tries:
    """How hard one request has tried: sends so far, retries used, 429 resets waited."""

    sent: int = 1
    retries: int = 0
    rate_waits: int = 0


@attrs.frozen
class Resend:
    """Send again, after pausing `pause` seconds or, with `until`, once the client's
    rate window reopens at that epoch time (every task of the client waits for it)."""

    tries: Tries
    pause: float = 0.0
    until: float | None = None


def decide(
    *,
    tries: Tries,
    status: int | None,
    headers: Mapping[str, str] | None,
    failure: Failure | None,
    resendable: bool,
    max_retries: int,
    now: float,
    rng: random.Random | None = None,
) -> Resend | None:
    """What follows an attempt: a `Resend`, or None to stop (raise or return the answer).

    At most `max_retries` retries. A 429 with `X-RateLimit-Reset` waits for the reset
    without using one (at most `MAX_RATE_LIMIT_WAITS` times), and backs off with
    jitter when that reset is already past. No pause over `MAX_RESET_AHEAD` is taken.
    """
    if failure is not None:
        if failure == "fatal" or (failure == "dropped" and not resendable):
            return None
        return _retry(tries, backoff_delay(tries.retries + 1, rng=rng), max_retries)
    if status is None or headers is None:
        raise ValueError("an attempt has either a failure or a status and headers")
    reset = rate_limit_reset(headers) if status == 429 else None
    if reset is not None:
        ahead = reset.timestamp() - now
        if ahead > MAX_RESET_AHEAD or tries.rate_waits >= MAX_RATE_LIMIT_WAITS:
            return None
        waited = attrs.evolve(tries, sent=tries.sent + 1, rate_waits=tries.rate_waits + 1)
        if ahead > 0:
            return Resend(waited, until=reset.timestamp())
        return Resend(waited, pause=rate_limit_backoff(waited.rate_waits, rng=rng))
    if status not in RETRY_STATUSES or not (resendable or status == 429):
        return None
    pause = retry_after(headers, now=datetime.fromtimestamp(now, timezone.utc))
    if pause is None:
        pause = backoff_delay(tries.retries + 1, rng=rng)
    return _retry(tries, pause, max_retries) if pause <= MAX_RESET_AHEAD else None


def _retry(tries: Tries, pause: float, max_retries: int) -> Resend | None:
    if tries.retries >= max_retries:
        return None
    return Resend(attrs.evolve(tries, sent=tries.sent + 1, retries=tries.retries + 1), pause)
