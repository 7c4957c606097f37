"""SingleFlight: one call per key, shared by every waiter, cancelled only by the last."""

from __future__ import annotations

import asyncio

import pytest

from intercom_async._loader import SingleFlight


async def test_concurrent_callers_share_one_call() -> None:
    flight = SingleFlight()
    calls = 0
    release = asyncio.Event()

    async def call() -> str:
        nonlocal calls
        calls += 1
        await release.wait()
        return "done"

    waiters = [asyncio.create_task(flight.run("k", call)) for _ in range(5)]
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*waiters) == ["done"] * 5
    assert calls == 1
    assert len(flight) == 0
    assert await flight.run("k", call) == "done"
    assert calls == 2  # finished calls are not cached


async def test_errors_reach_every_waiter() -> None:
    flight = SingleFlight()

    async def fail() -> None:
        await asyncio.sleep(0)
        raise LookupError("nope")

    results = await asyncio.gather(
        flight.run("k", fail), flight.run("k", fail), return_exceptions=True
    )
    assert [type(r) for r in results] == [LookupError, LookupError]


async def test_one_cancelled_waiter_does_not_cancel_the_others() -> None:
    flight = SingleFlight()
    release = asyncio.Event()

    async def call() -> int:
        await release.wait()
        return 42

    first = asyncio.create_task(flight.run("k", call))
    second = asyncio.create_task(flight.run("k", call))
    await asyncio.sleep(0)
    first.cancel()
    release.set()
    assert await second == 42
    with pytest.raises(asyncio.CancelledError):
        await first


async def test_last_cancelled_waiter_cancels_the_call() -> None:
    flight = SingleFlight()
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def call() -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    only = asyncio.create_task(flight.run("k", call))
    await started.wait()
    only.cancel()
    with pytest.raises(asyncio.CancelledError):
        await only
    await asyncio.wait_for(cancelled.wait(), timeout=5)
    await asyncio.sleep(0)
    assert len(flight) == 0


async def test_arguments_reach_the_call_and_later_callers_share_its_outcome() -> None:
    flight = SingleFlight()
    seen: list[tuple[str, int]] = []
    release = asyncio.Event()

    async def call(name: str, number: int) -> str:
        seen.append((name, number))
        await release.wait()
        return f"{name}-{number}"

    first = asyncio.create_task(flight.run("k", call, "a", 1))
    second = asyncio.create_task(flight.run("k", call, "b", 2))
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(first, second) == ["a-1", "a-1"]
    assert seen == [("a", 1)]
