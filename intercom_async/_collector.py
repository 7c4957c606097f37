"""Keep the garbage collector off results a bulk job has already gathered.

A job that gathers 100,000 contacts grows the heap by over a million tracked
objects, and every full collection walks all of them: CPython starts one each time
the long-lived objects grow by a quarter, so the collector visits each result
several times and costs as much CPU as the whole job. While a job gathers, the
objects it has gathered are frozen (`gc.freeze()`, which moves them out of the
collector's sight) and the last job to end thaws them (`gc.unfreeze()`), so a full
collection after the job visits them once.

Only a process whose collector is enabled with nothing frozen is touched: a
process that froze its own objects (a pre-forking server) or disabled the
collector is left exactly as it is. While a job runs, whatever else the process
creates is frozen with the job's results, so its reference cycles are freed after
the job rather than during it.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["gathering"]

_jobs = 0
"""Jobs gathering now; the collector is ours to freeze while this is above 0."""
_FREEZE_EVERY = 1_000
"""Results between freezes: enough young collections run in between to free the
job's short-lived reference cycles before a freeze could keep them."""


def _nothing() -> None:
    pass


@contextmanager
def gathering() -> Iterator[Callable[[], None]]:
    """Around a job that keeps what it gathers; call what it gives once per result gathered."""
    global _jobs
    if _jobs == 0 and (not gc.isenabled() or gc.get_freeze_count()):
        yield _nothing  # the process manages its collector itself
        return
    gathered = 0

    def settle() -> None:
        nonlocal gathered
        gathered += 1
        if gathered % _FREEZE_EVERY == 0:
            gc.freeze()

    _jobs += 1
    try:
        yield settle
    finally:
        _jobs -= 1
        if _jobs == 0:
            gc.unfreeze()
