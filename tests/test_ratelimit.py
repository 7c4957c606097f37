"""The shared rate budget: pacing rules, the fake's enforced limit, and runs at the limit."""

from __future__ import annotations

import asyncio
import itertools
import random
from typing import Any

import aiohttp
import pytest

import intercom_async
from intercom_async import _ratelimit
from intercom_async._ratelimit import (
    RateBudget,
    RateLimiter,
    admission,
    learn_window,
    reserve_for_others,
    reset_jitter,
)
from intercom_async.models import Contact
from intercom_async.testing import FakeIntercom

NOW = 1_700_000_000.0


def rate_headers(limit: int, remaining: int, reset: float) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(int(reset)),
    }


@pytest.mark.parametrize(
    ("budget", "in_flight", "reserve", "expected"),
    [
        # What remains of the window goes at once, whatever the time left.
        (RateBudget(1000, 50, NOW + 10), 0, 0, "send"),
        (RateBudget(1000, 50, NOW + 10), 49, 0, "send"),
        # Requests in flight will spend the rest: wait for their answers, then the reset.
        (RateBudget(1000, 50, NOW + 10), 50, 0, "await_answer"),
        (RateBudget(1000, 0, NOW + 10), 3, 0, "await_reset"),
        (RateBudget(1000, 0, NOW + 10), 0, 0, "await_reset"),
        # Others spending the same token keep some in flight too.
        (RateBudget(1000, 10, NOW + 10), 5, 5, "await_answer"),
        (RateBudget(1000, 10, NOW + 10), 5, 4, "send"),
        # A window that is over, or unknown, is learnt from one request first.
        (RateBudget(1000, 0, NOW - 1), 0, 0, "send"),
        (RateBudget(1000, 0, NOW), 2, 0, "await_answer"),
        (None, 0, 0, "send"),
        (None, 1, 0, "await_answer"),
    ],
)
def test_admission(budget: RateBudget | None, in_flight: int, reserve: int, expected: str) -> None:
    assert admission(budget, in_flight, now=NOW, reserve=reserve) == expected


def test_a_server_that_announces_no_budget_is_never_waited_for() -> None:
    assert admission(None, 16, now=NOW, announces=False) == "send"


@pytest.mark.parametrize(
    ("in_flight", "spent", "answered", "expected"),
    [
        (10, 9, 10, 0),  # all the server counted was ours
        (10, 18, 10, 10),  # as much again from someone else
        (10, 14, 10, 6),
        (10, 5, 1, 0),  # one answer tells nothing yet
        (0, 19, 10, 0),
    ],
)
def test_reserve_for_others(in_flight: int, spent: int, answered: int, expected: int) -> None:
    assert reserve_for_others(in_flight, spent, answered) == expected


def test_the_window_is_the_shortest_step_between_resets() -> None:
    assert learn_window(None, NOW, NOW + 10) == 10
    assert learn_window(10, NOW, NOW + 30) == 10  # idle windows in between
    assert learn_window(30, NOW, NOW + 10) == 10
    assert learn_window(10, NOW, NOW) == 10


def test_the_reset_jitter_is_a_small_share_of_the_window() -> None:
    rng = random.Random(1)
    assert all(0 <= reset_jitter(1.0, rng) <= 0.01 for _ in range(100))
    assert all(0 <= reset_jitter(None, rng) <= 0.1 for _ in range(100))
    assert all(0 <= reset_jitter(60.0, rng) <= 0.1 for _ in range(100))


async def test_the_first_wait_for_a_reset_jitters_by_a_share_of_the_window_seen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before two resets show the window, the time from the first answer to its reset
    bounds it: a 1 s window is not waited out with Intercom's 10 s window's jitter."""
    now = 0.0
    slept: list[float] = []

    async def sleep(delay: float) -> None:
        nonlocal now
        slept.append(delay)
        now += delay

    def clock() -> float:
        return now

    monkeypatch.setattr(_ratelimit.asyncio, "sleep", sleep)
    for _ in range(20):
        now = NOW
        limiter = RateLimiter(clock=clock)
        await limiter.acquire()
        reset = now + 1.0
        limiter.observe(rate_headers(166, 0, reset))
        slept.clear()
        await limiter.acquire()
        assert reset <= now <= reset + 0.01
        assert len(slept) == 1


async def test_the_limiter_keeps_the_freshest_view_of_the_window() -> None:
    ticks = itertools.count(NOW, 1.0)  # each look at the clock is a second later
    limiter = RateLimiter(clock=lambda: next(ticks))
    await limiter.acquire()
    limiter.observe(rate_headers(1000, 600, NOW + 50))
    for _ in range(3):
        await limiter.acquire()
    assert limiter.in_flight == 3
    limiter.observe(rate_headers(1000, 400, NOW + 50))
    limiter.observe(rate_headers(1000, 420, NOW + 50))  # an older answer, arriving late
    assert limiter.budget == RateBudget(1000, 400, NOW + 50)
    limiter.observe(rate_headers(1000, 999, NOW + 55))  # the next window
    assert limiter.budget == RateBudget(1000, 999, NOW + 55)
    assert limiter.in_flight == 0
    limiter.exhausted_until(NOW + 58)
    assert limiter.budget == RateBudget(1000, 0, NOW + 58)


async def test_an_unknown_budget_is_learnt_from_one_request_first() -> None:
    ticks = itertools.count(NOW, 1.0)
    limiter = RateLimiter(clock=lambda: next(ticks))
    await limiter.acquire()
    second = asyncio.ensure_future(limiter.acquire())
    await asyncio.sleep(0)
    assert not second.done() and limiter.in_flight == 1
    limiter.observe(rate_headers(1000, 999, NOW + 50))
    await second
    assert limiter.in_flight == 1
    # A server that announces no budget is not probed again: requests go at once.
    silent = RateLimiter(clock=lambda: NOW)
    await silent.acquire()
    silent.observe({})
    await asyncio.gather(*(silent.acquire() for _ in range(5)))
    assert silent.in_flight == 5


async def test_the_fake_answers_429_over_its_limit(spec: dict[str, Any]) -> None:
    example = spec["paths"]["/export/reporting_data/enqueue"]["post"]["responses"]["429"]
    expected_keys = set(example["content"]["application/json"]["examples"]["Unauthorized"]["value"])
    async with (
        FakeIntercom(rate_limit=3, rate_window=3600) as fake,
        aiohttp.ClientSession(headers={"Authorization": f"Bearer {fake.token}"}) as session,
    ):
        statuses = []
        for _ in range(5):
            async with session.get(f"{fake.url}/tags") as response:
                statuses.append(response.status)
                body, headers = await response.json(), response.headers
        assert statuses == [200, 200, 200, 429, 429]
        assert set(body) == expected_keys
        assert body["request_id"] == headers["X-Request-Id"]
        assert body["errors"] == [
            {"code": "rate_limit_exceeded", "message": "Exceeded rate limit of 3 in 3600_seconds"}
        ]
        assert headers["X-RateLimit-Limit"] == "3"
        assert headers["X-RateLimit-Remaining"] == "0"
        assert int(headers["X-RateLimit-Reset"]) % 3600 == 0
        assert fake.throttle.rejected == 2


def test_fake_knobs_are_checked() -> None:
    with pytest.raises(ValueError, match="rate_limit must be at least 1"):
        FakeIntercom(rate_limit=0)
    with pytest.raises(ValueError, match="latency"):
        FakeIntercom(latency=-1)
    with pytest.raises(ValueError, match="rate_window must be positive"):
        FakeIntercom(rate_limit=5, rate_window=0)


async def test_a_bulk_job_at_the_limit_finishes_without_failures() -> None:
    async with (
        FakeIntercom(seed=5, contacts=60, rate_limit=20, rate_window=1) as fake,
        intercom_async.Client(token=fake.token, base_url=fake.url, max_retries=0) as client,
    ):
        ids = list(fake.store.contacts)
        results = await client.contacts.get_many(ids, strategy="get", return_exceptions=True)
        assert all(isinstance(r, Contact) for r in results)
        assert len(fake.requests) - fake.throttle.rejected == len(ids)
        assert fake.throttle.rejected <= 1


async def test_clients_of_one_token_share_one_budget() -> None:
    async with FakeIntercom(seed=6, contacts=60, rate_limit=20, rate_window=1) as fake:
        ids = list(fake.store.contacts)
        clients = [intercom_async.Client(token=fake.token, base_url=fake.url) for _ in range(2)]
        try:
            halves = await asyncio.gather(
                clients[0].contacts.get_many(ids[:30], strategy="get", return_exceptions=True),
                clients[1].contacts.get_many(ids[30:], strategy="get", return_exceptions=True),
            )
        finally:
            for client in clients:
                await client.aclose()
        assert all(isinstance(r, Contact) for half in halves for r in half)
        # One token in one process spends one budget: nothing is overspent.
        assert fake.throttle.rejected == 0
        assert len(fake.requests) == len(ids)


async def test_waiting_for_a_connection_does_not_eat_the_request_timeout() -> None:
    # Eight requests one at a time take 8 x 0.2 s, well past the 1 s timeout: each
    # request's clock starts only once it holds the concurrency gate.
    async with (
        FakeIntercom(seed=1, contacts=8, latency=0.2) as fake,
        intercom_async.Client(
            token=fake.token, base_url=fake.url, max_concurrency=1, timeout=1.0, max_retries=0
        ) as client,
    ):
        ids = list(fake.store.contacts)
        contacts = await asyncio.gather(*(client.contacts.get(i) for i in ids))
        assert [c.id for c in contacts] == ids
        assert len(fake.requests) == len(ids)


async def test_a_generous_budget_is_not_paced_by_sleeps_shorter_than_a_loop_turn() -> None:
    # The clock stands still: any sleep would leave the slot unreached and loop for ever.
    limiter = RateLimiter(clock=lambda: NOW)
    await limiter.acquire()
    limiter.observe(rate_headers(10_000_000, 9_999_999, NOW + 10))
    for _ in range(100):
        await asyncio.wait_for(limiter.acquire(), timeout=10)  # a guard, not a measurement
    assert limiter.in_flight == 100


async def test_a_window_announced_too_far_ahead_is_not_believed() -> None:
    """A bogus reset (or a skewed clock) neither stalls nor serialises requests."""
    limiter = RateLimiter(clock=lambda: NOW)
    await limiter.acquire()
    limiter.observe(rate_headers(1000, 0, NOW + 3600))
    assert limiter.budget is None
    await asyncio.wait_for(asyncio.gather(*(limiter.acquire() for _ in range(5))), timeout=5)
    assert limiter.in_flight == 5


async def test_requests_queued_behind_a_probe_all_go_once_the_budget_is_known() -> None:
    """No lock convoy: a queue that once formed does not admit one request per loop turn.

    Were it so, a bulk job would keep only a few requests in flight at any concurrency.
    """
    limiter = RateLimiter(clock=lambda: NOW)
    await limiter.acquire()  # the probe: the budget is unknown until it is answered
    queued = [asyncio.ensure_future(limiter.acquire()) for _ in range(15)]
    await asyncio.sleep(0)
    assert limiter.in_flight == 1
    limiter.observe(rate_headers(10_000_000, 9_999_999, NOW + 10))
    for _ in range(3):  # a few loop turns, far fewer than the 15 queued requests
        await asyncio.sleep(0)
    newcomers = [asyncio.ensure_future(limiter.acquire()) for _ in range(5)]
    await asyncio.sleep(0)
    assert all(task.done() for task in queued + newcomers)
    assert limiter.in_flight == 20
