"""Keep the garbage collector off results a bulk job has already gathered.

A job that gathers 100,000 contacts grows the heap by over a million tracked
objects. At CPython's default thresholds the collector walks each of them in a young
collection, again in a middle one, and in every full collection (one each time the
long-lived objects grow by a quarter): as much CPU as the whole job. While a job
gathers, the objects it has gathered are frozen (`gc.freeze()`, which moves them out
of the collector's sight) every `_FREEZE_EVERY` results, and young collections wait
for `_YOUNG` new objects, more than a stretch between freezes makes, so a fast job's
results are never walked while it runs. The last job to end thaws them
(`gc.unfreeze()`) and gives the thresholds back.

A job that gathers slowly (waiting out a rate limit) runs a young collection before
each freeze, so the reference cycles the process makes meanwhile are freed, not
frozen; a fast job freezes them with its results, and they are freed after it ends.

Only a process whose collector is enabled with nothing frozen is touched: a process
that froze its own objects (a pre-forking server) or disabled the collector is left
exactly as it is.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["gathering"]

_FREEZE_EVERY = 1_000
"""Results between freezes: some 12,000 tracked objects of contacts."""
_YOUNG = 100_000
"""The young collection's threshold while jobs gather (CPython's default is 700)."""
_SLOW = 1.0
"""Seconds between freezes past which a young collection goes first; it walks the
last stretch's results once, which a job this slow does not notice."""

_jobs = 0
"""Jobs gathering now; the collector is ours to tune while this is above 0."""
_thresholds = gc.get_threshold()
"""The thresholds to give back when the last job ends."""
_tuned = _thresholds
"""The thresholds set while jobs gather, to tell whether the process retuned them."""


def _nothing() -> None:
    pass


def _settler(clock: Callable[[], float]) -> Callable[[], None]:
    gathered, frozen_at = 0, clock()

    def settle() -> None:
        nonlocal gathered, frozen_at
        gathered += 1
        if gathered % _FREEZE_EVERY == 0:
            now = clock()
            if now - frozen_at > _SLOW:
                gc.collect(0)
            gc.freeze()
            frozen_at = now

    return settle


@contextmanager
def gathering(clock: Callable[[], float] = time.monotonic) -> Iterator[Callable[[], None]]:
    """Around a job that keeps what it gathers; call what it gives once per result gathered."""
    global _jobs, _thresholds, _tuned
    if _jobs == 0:
        if not gc.isenabled() or gc.get_freeze_count():
            yield _nothing  # the process manages its collector itself
            return
        _thresholds = gc.get_threshold()
        _tuned = (max(_YOUNG, _thresholds[0]), *_thresholds[1:])
        gc.set_threshold(*_tuned)
    _jobs += 1
    try:
        yield _settler(clock)
    finally:
        _jobs -= 1
        if _jobs == 0:
            if gc.get_threshold() == _tuned:  # not retuned meanwhile
                gc.set_threshold(*_thresholds)
            gc.unfreeze()
