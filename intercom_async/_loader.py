"""Coalescing: concurrent requests for the same thing share one call (single-flight), and
keys asked for in the same event-loop tick are loaded together (tick batching)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

__all__ = ["SingleFlight", "TickBatcher"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


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


class _Batch:
    """Keys gathered in one tick, the task loading them and how many callers still wait."""

    __slots__ = ("futures", "task", "waiters")

    def __init__(self) -> None:
        self.futures: dict[Any, asyncio.Future[Any]] = {}
        self.task: asyncio.Task[None] | None = None
        self.waiters = 0


class TickBatcher(Generic[K, V]):
    """Loads every key asked for within one event-loop tick with a single `load(keys)` call.

    `await batcher.load(key)` joins the batch being gathered (or the in-flight one that
    already has the key); the batch is sent on the next tick, so the 50 `fetch()`
    calls of one `asyncio.gather` become one call. `load(keys)` returns a mapping of
    key to value, or to the exception for that key alone. The batch is cancelled only
    when every caller waiting on it has been cancelled.
    """

    def __init__(self, load: Callable[[list[K]], Awaitable[Mapping[K, V | BaseException]]]) -> None:
        self._load = load
        self._gathering: _Batch | None = None
        self._known: dict[K, _Batch] = {}

    def __len__(self) -> int:
        """Keys gathered or in flight."""
        return len(self._known)

    async def load(self, key: K) -> V:
        batch = self._known.get(key)
        if batch is None:
            batch = self._gathering
            if batch is None:
                batch = self._gathering = _Batch()
                asyncio.get_running_loop().call_soon(self._send, batch)
            future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            future.add_done_callback(_retrieve)
            batch.futures[key] = future
            self._known[key] = batch
        batch.waiters += 1
        try:
            result: V = await asyncio.shield(batch.futures[key])
            return result
        except asyncio.CancelledError:
            if batch.waiters == 1 and batch.task is not None and not batch.task.done():
                batch.task.cancel()
            raise
        finally:
            batch.waiters -= 1

    def _send(self, batch: _Batch) -> None:
        self._gathering = None
        if batch.waiters == 0:  # every caller gave up before the batch left
            self._settle(batch, asyncio.CancelledError())
            return
        batch.task = asyncio.get_running_loop().create_task(
            self._run(batch), name="intercom_async.batch"
        )

    async def _run(self, batch: _Batch) -> None:
        try:
            results = await self._load(list(batch.futures))
        except BaseException as exc:
            self._settle(batch, exc)
            if not isinstance(exc, Exception):
                raise
            return
        for key, future in batch.futures.items():
            if future.done():
                continue
            value = results.get(key, LookupError(f"the batch load returned nothing for {key!r}"))
            if isinstance(value, BaseException):
                future.set_exception(value)
            else:
                future.set_result(value)
        self._forget(batch)

    def _settle(self, batch: _Batch, exc: BaseException) -> None:
        for future in batch.futures.values():
            if future.done():
                continue
            if isinstance(exc, asyncio.CancelledError):
                future.cancel()
            else:
                future.set_exception(exc)
        self._forget(batch)

    def _forget(self, batch: _Batch) -> None:
        for key in batch.futures:
            if self._known.get(key) is batch:
                del self._known[key]


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Mark an outcome seen: each waiter has it already, or none is left to care."""
    if not future.cancelled():
        future.exception()
