"""Gate: the concurrency cap's semaphore, first come first served, never losing a place."""

from __future__ import annotations

import asyncio

import pytest

from intercom_async._gate import Gate


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_free_places_are_taken_without_waiting_then_callers_wait() -> None:
    gate = Gate(2)
    assert gate.try_enter() and gate.try_enter()
    assert not gate.try_enter()
    assert gate.free == 0
    waiter = asyncio.create_task(gate.enter())
    await _settle()
    assert not waiter.done() and gate.waiting == 1
    gate.leave()
    await asyncio.wait_for(waiter, timeout=1)
    assert (gate.free, gate.waiting) == (0, 0)
    gate.leave()
    gate.leave()
    assert gate.free == 2


async def test_waiters_are_admitted_in_arrival_order_and_newcomers_do_not_overtake() -> None:
    gate = Gate(1)
    await gate.enter()
    admitted: list[int] = []

    async def holder(number: int) -> None:
        await gate.enter()
        admitted.append(number)

    tasks = [asyncio.create_task(holder(number)) for number in range(4)]
    await _settle()
    for _ in tasks:
        gate.leave()  # the place goes to the first waiter, not back to the free ones
        assert not gate.try_enter()
        await _settle()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=1)
    assert admitted == [0, 1, 2, 3]


async def _two_waiting(gate: Gate) -> tuple[asyncio.Task[None], asyncio.Task[None]]:
    """Take the gate's only place, then queue two waiters behind it."""
    await gate.enter()
    first = asyncio.create_task(gate.enter())
    second = asyncio.create_task(gate.enter())
    await _settle()
    assert gate.waiting == 2
    return first, second


async def test_cancelled_waiter_leaves_the_queue_without_taking_a_place() -> None:
    gate = Gate(1)
    first, second = await _two_waiting(gate)
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    assert gate.waiting == 1
    gate.leave()
    await asyncio.wait_for(second, timeout=1)  # the cancelled one is passed over
    gate.leave()
    assert (gate.free, gate.waiting) == (1, 0)


async def test_waiter_cancelled_after_being_handed_a_place_passes_it_on() -> None:
    gate = Gate(1)
    first, second = await _two_waiting(gate)
    gate.leave()  # hands the place to `first`, which has not run yet
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first
    await asyncio.wait_for(second, timeout=1)
    gate.leave()
    assert (gate.free, gate.waiting) == (1, 0)


async def test_place_held_by_a_failing_holder_comes_back_when_it_leaves() -> None:
    gate = Gate(1)

    async def failing() -> None:
        await gate.enter()
        try:
            raise LookupError("boom")
        finally:
            gate.leave()

    with pytest.raises(LookupError):
        await failing()
    assert gate.try_enter()


def test_a_gate_needs_a_place() -> None:
    with pytest.raises(ValueError, match="at least one place, got 0"):
        Gate(0)
