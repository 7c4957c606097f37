"""Shared calls and cancellation: only a caller that was cancelled sees `CancelledError`."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Mapping

import pytest
import pytest_asyncio

import intercom_async
from intercom_async._loader import SingleFlight, TickBatcher
from intercom_async.models import TagRef
from intercom_async.testing import FakeIntercom


@pytest_asyncio.fixture
async def slow_fake() -> AsyncIterator[FakeIntercom]:
    async with FakeIntercom(seed=7, contacts=10, latency=0.1) as server:
        yield server


async def _cancel_soon(task: asyncio.Task[object]) -> None:
    await asyncio.sleep(0.05)
    task.cancel()
    await asyncio.sleep(0)


async def test_issue_repro_contacts_get_after_a_cancelled_caller(slow_fake: FakeIntercom) -> None:
    uid = next(iter(slow_fake.store.contacts))
    async with intercom_async.Client(token=slow_fake.token, base_url=slow_fake.url) as client:
        first = asyncio.create_task(client.contacts.get(uid))
        await _cancel_soon(first)
        contact = await client.contacts.get(uid)
        assert contact.id == uid
        assert asyncio.current_task().cancelling() == 0  # type: ignore[union-attr]
        with pytest.raises(asyncio.CancelledError):
            await first


async def test_joiner_survives_when_the_first_caller_is_cancelled(slow_fake: FakeIntercom) -> None:
    uid = next(iter(slow_fake.store.contacts))
    async with intercom_async.Client(token=slow_fake.token, base_url=slow_fake.url) as client:
        first = asyncio.create_task(client.contacts.get(uid))
        await asyncio.sleep(0.01)
        joiner = asyncio.create_task(client.contacts.get(uid))
        await _cancel_soon(first)
        assert (await joiner).id == uid
        assert first.cancelled()
        assert asyncio.current_task().cancelling() == 0  # type: ignore[union-attr]
    # The first caller's request ended with it; the joiner sent the GET once more.
    assert slow_fake.requests.count(("GET", f"/contacts/{uid}")) == 2


async def test_tag_fetch_after_a_cancelled_caller(slow_fake: FakeIntercom) -> None:
    tag_id = next(iter(slow_fake.store.tags))
    async with intercom_async.Client(token=slow_fake.token, base_url=slow_fake.url) as client:
        ref = TagRef(id=tag_id).bind(client)
        first = asyncio.create_task(ref.fetch())
        await _cancel_soon(first)
        tag = await ref.fetch()
        assert tag.id == tag_id


async def test_every_caller_cancelled_cancels_the_shared_call() -> None:
    flight = SingleFlight()
    started = asyncio.Event()
    ended: list[str] = []

    async def call() -> str:
        started.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            ended.append("cancelled")
            raise
        return "late"

    callers = [asyncio.create_task(flight.run("k", call)) for _ in range(3)]
    await started.wait()
    for caller in callers:
        caller.cancel()
    await asyncio.gather(*callers, return_exceptions=True)
    await asyncio.sleep(0)
    assert ended == ["cancelled"]
    assert len(flight) == 0


async def test_a_new_caller_after_the_last_cancel_starts_afresh() -> None:
    flight = SingleFlight()
    calls = 0

    async def call() -> int:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.01)
        return calls

    first = asyncio.create_task(flight.run("k", call))
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.sleep(0)  # the shared call is cancelling, not yet done
    assert await flight.run("k", call) == 2


async def test_a_call_cancelled_from_elsewhere_runs_again_for_its_caller() -> None:
    flight = SingleFlight()
    calls = 0

    async def call() -> str:
        nonlocal calls
        calls += 1
        if calls == 1:  # e.g. an inner request future cancelled by a closing session
            inner = asyncio.get_running_loop().create_future()
            asyncio.get_running_loop().call_later(0.001, inner.cancel)
            await inner
        return "ok"

    assert await flight.run("k", call) == "ok"
    assert calls == (2 if sys.version_info >= (3, 11) else 1)


async def test_waiters_of_a_cancelled_first_caller_share_the_next_run() -> None:
    flight = SingleFlight()
    calls = 0
    release = asyncio.Event()

    async def call() -> int:
        nonlocal calls
        calls += 1
        await release.wait()
        await asyncio.sleep(0)  # as a request would, the call suspends
        return calls

    first = asyncio.create_task(flight.run("k", call))
    others = [asyncio.create_task(flight.run("k", call)) for _ in range(3)]
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.sleep(0)
    release.set()
    assert await asyncio.gather(*others) == [2, 2, 2]  # one run again, shared by all three
    assert first.cancelled()
    assert len(flight) == 0


async def test_a_call_that_always_cancels_itself_ends_after_one_restart() -> None:
    flight = SingleFlight()
    calls = 0

    async def call() -> None:
        nonlocal calls
        calls += 1
        raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await flight.run("k", call)
    assert calls == (2 if sys.version_info >= (3, 11) else 1)


def _batcher(calls: list[list[str]], delay: float = 0.01) -> TickBatcher[str, str]:
    async def load(keys: list[str]) -> Mapping[str, str | BaseException]:
        calls.append(keys)
        await asyncio.sleep(delay)
        return {key: key.upper() for key in keys}

    return TickBatcher(load)


async def test_batch_joiner_survives_a_cancelled_caller() -> None:
    calls: list[list[str]] = []
    batcher = _batcher(calls, delay=0.05)
    first = asyncio.create_task(batcher.load("a"))
    await asyncio.sleep(0.01)
    joiner = asyncio.create_task(batcher.load("a"))
    await asyncio.sleep(0.01)
    first.cancel()
    assert await joiner == "A"
    assert calls == [["a"]]


async def test_batch_caller_after_the_last_cancel_gets_a_fresh_batch() -> None:
    calls: list[list[str]] = []
    batcher = _batcher(calls)
    first = asyncio.create_task(batcher.load("a"))
    await asyncio.sleep(0.001)
    first.cancel()
    await asyncio.sleep(0)
    assert await batcher.load("a") == "A"
    assert len(calls) == 2
    assert len(batcher) == 0


async def test_batch_cancelled_before_its_first_step_settles_its_callers() -> None:
    calls: list[list[str]] = []
    batcher = _batcher(calls)
    waiter = asyncio.create_task(batcher.load("a"))
    await asyncio.sleep(0)  # the batch is gathered...
    await asyncio.sleep(0)  # ...and its task created, not yet started
    batch_task = next(t for t in asyncio.all_tasks() if t.get_name() == "intercom_async.batch")
    batch_task.cancel()
    assert await asyncio.wait_for(waiter, 1) == "A"  # restarted, not hung
    assert len(calls) == 1


async def test_batch_every_caller_cancelled_cancels_the_load() -> None:
    calls: list[list[str]] = []
    batcher = _batcher(calls, delay=10)
    callers = [asyncio.create_task(batcher.load(key)) for key in "ab"]
    await asyncio.sleep(0.01)
    for caller in callers:
        caller.cancel()
    await asyncio.gather(*callers, return_exceptions=True)
    assert len(batcher) == 0
    assert not [t for t in asyncio.all_tasks() if t.get_name() == "intercom_async.batch"]
