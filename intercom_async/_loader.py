"""Coalescing: concurrent requests for the same thing share one call (single-flight), and
keys asked for in the same event-loop tick are loaded together (tick batching)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

from typing_extensions import TypeVarTuple, Unpack

__all__ = ["SingleFlight", "TickBatcher"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Args = TypeVarTuple("Args")


class _Flight:
    """One shared call: its outcome, and the futures of the callers waiting for it."""

    __slots__ = ("abandoned", "error", "result", "waiters")

    def __init__(self) -> None:
        self.waiters: list[asyncio.Future[None]] | None = None
        """Made by the first caller that waits (a lone caller needs none)."""
        self.result: Any = None
        self.error: BaseException | None = None
        self.abandoned = False
        """The call was cancelled: a waiting caller runs it again for itself."""

    def wake(self) -> None:
        """Tell every waiter the call is over (each then reads its outcome)."""
        for waiter in self.waiters or ():
            if not waiter.done():
                waiter.set_result(None)


class SingleFlight:
    """Runs at most one call per key at a time; later callers await the same result.

    The call runs in the first caller's own task, so a lone caller costs no task, no
    future and no extra turn of the event loop. Only a cancelled caller sees a
    cancellation: when the first caller is cancelled its call ends with it, and the
    next caller still waiting runs it again (a GET sent twice, never an answer lost).
    A call that is cancelled by anything but its caller is run once more.
    """

    def __init__(self) -> None:
        self._calls: dict[Hashable, _Flight] = {}

    def __len__(self) -> int:
        return len(self._calls)

    async def run(
        self, key: Hashable, call: Callable[[Unpack[Args]], Awaitable[T]], *args: Unpack[Args]
    ) -> T:
        """`call(*args)`, or the outcome of the one already running for `key`.

        The arguments are passed along, not bound in a closure, so a lookup makes no
        function and no cells for it.
        """
        for restarted in (False, True):
            flight = self._calls.get(key)
            while flight is not None:  # another caller runs it: wait for its outcome
                waiters = flight.waiters
                if waiters is None:
                    waiters = flight.waiters = []
                waiter = asyncio.get_running_loop().create_future()
                waiters.append(waiter)
                try:
                    await waiter
                finally:
                    waiters.remove(waiter)
                if not flight.abandoned:
                    if flight.error is not None:
                        raise flight.error
                    result: T = flight.result
                    return result
                flight = self._calls.get(key)
            flight = self._calls[key] = _Flight()
            try:
                result = await call(*args)
                flight.result = result
                return result
            except asyncio.CancelledError:
                flight.abandoned = True
                if restarted or _being_cancelled():
                    raise
            except BaseException as exc:
                flight.error = exc
                raise
            finally:
                if self._calls.get(key) is flight:
                    del self._calls[key]
                if flight.waiters:
                    flight.wake()
        raise AssertionError("unreachable: the second run returns or raises")


def _being_cancelled() -> bool:
    """Whether the running task was asked to cancel (always assumed before Python 3.11,
    which cannot tell it from a call that cancelled itself)."""
    task = asyncio.current_task()
    cancelling = getattr(task, "cancelling", None)
    return cancelling is None or cancelling() > 0


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
    key to value, or to the exception for that key alone. Cancellation follows
    `SingleFlight`'s rule: only a cancelled caller sees it.
    """

    def __init__(self, load: Callable[[list[K]], Awaitable[Mapping[K, V | BaseException]]]) -> None:
        self._load = load
        self._gathering: _Batch | None = None
        self._known: dict[K, _Batch] = {}

    def __len__(self) -> int:
        """Keys gathered or in flight."""
        return len(self._known)

    async def load(self, key: K) -> V:
        for restarted in (False, True):
            batch = self._join(key)
            future = batch.futures[key]
            batch.waiters += 1
            try:
                await _until_done(future)
            except asyncio.CancelledError:
                batch.waiters -= 1
                if batch.waiters == 0 and batch.task is not None and not batch.task.done():
                    batch.task.cancel()
                    self._forget(batch)
                raise
            batch.waiters -= 1
            if not future.cancelled() or restarted:
                break
            self._forget(batch)
        result: V = future.result()
        return result

    def _join(self, key: K) -> _Batch:
        """The batch that has `key` in flight, or the one being gathered this tick."""
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
        return batch

    def _send(self, batch: _Batch) -> None:
        self._gathering = None
        if batch.waiters == 0:  # every caller gave up before the batch left
            self._settle(batch, asyncio.CancelledError())
            return
        batch.task = asyncio.get_running_loop().create_task(
            self._run(batch), name="intercom_async.batch"
        )
        batch.task.add_done_callback(lambda task: self._settle_if_cancelled(batch, task))

    def _settle_if_cancelled(self, batch: _Batch, task: asyncio.Task[None]) -> None:
        """A task cancelled before its first step never runs `_run`: settle it here."""
        if task.cancelled():
            self._settle(batch)

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

    def _settle(self, batch: _Batch, exc: BaseException | None = None) -> None:
        """End every unsettled future of `batch` with `exc`, or cancel it if none."""
        for future in batch.futures.values():
            if future.done():
                continue
            if exc is None or isinstance(exc, asyncio.CancelledError):
                future.cancel()
            else:
                future.set_exception(exc)
        self._forget(batch)

    def _forget(self, batch: _Batch) -> None:
        for key in batch.futures:
            if self._known.get(key) is batch:
                del self._known[key]


async def _until_done(future: asyncio.Future[Any]) -> None:
    """Wait for `future` to finish; cancelling the waiter leaves `future` running."""
    if future.done():
        return
    waiter = asyncio.get_running_loop().create_future()

    def wake(_: asyncio.Future[Any]) -> None:
        if not waiter.done():
            waiter.set_result(None)

    future.add_done_callback(wake)
    try:
        await waiter
    finally:
        future.remove_done_callback(wake)


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Mark an outcome seen: each waiter has it already, or none is left to care."""
    if not future.cancelled():
        future.exception()
