"""Single-flight: concurrent requests for the same thing share one in-flight call."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

__all__ = ["SingleFlight"]

T = TypeVar("T")


class SingleFlight:
    """Runs at most one call per key at a time; later callers await the same result.

    The shared call is cancelled only when every caller waiting on it has been
    cancelled, so one impatient caller cannot fail the others and none is orphaned.
    """

    def __init__(self) -> None:
        self._calls: dict[Hashable, tuple[asyncio.Task[Any], list[int]]] = {}

    def __len__(self) -> int:
        return len(self._calls)

    async def run(self, key: Hashable, call: Callable[[], Awaitable[T]]) -> T:
        entry = self._calls.get(key)
        if entry is None:
            task: asyncio.Task[Any] = asyncio.ensure_future(call())
            entry = (task, [0])
            self._calls[key] = entry
            task.add_done_callback(lambda _: self._forget(key, task))
        task, waiters = entry
        waiters[0] += 1
        try:
            result: T = await asyncio.shield(task)
            return result
        except asyncio.CancelledError:
            if not task.done() and waiters[0] == 1:
                task.cancel()
            raise
        finally:
            waiters[0] -= 1

    def _forget(self, key: Hashable, task: asyncio.Task[Any]) -> None:
        entry = self._calls.get(key)
        if entry is not None and entry[0] is task:
            del self._calls[key]
        if not task.cancelled():
            task.exception()  # mark retrieved: every waiter has seen it already
