"""The shared rate budget: pacing rules, the fake's enforced limit, and runs at the limit."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import aiohttp
import pytest

import intercom_async
from intercom_async._ratelimit import RateBudget, RateLimiter, send_delay
from intercom_async.models import Contact
from intercom_async.testing import FakeIntercom

NOW = 1_700_000_000.0


def rate_headers(limit: int, remaining: int, reset: float) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": str(limit),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset": str(int(reset)),
    }


def test_the_remaining_budget_is_spread_until_the_reset() -> None:
    budget = RateBudget(limit=100, remaining=50, reset_at=NOW + 10)
    # 50 left over 10 s: one request every 0.2 s, counted from the last one sent.
    assert send_delay(budget, 0, last_sent=NOW, now=NOW) == pytest.approx((0.2, False))
    assert send_delay(budget, 0, last_sent=NOW - 1, now=NOW) == (0.0, False)
    # Requests in flight will spend budget too: 10 in flight leave 40 for 10 s.
    assert send_delay(budget, 10, last_sent=NOW, now=NOW) == pytest.approx((0.25, False))


def test_an_exhausted_budget_waits_for_the_reset_and_a_past_one_is_ignored() -> None:
    assert send_delay(RateBudget(100, 3, NOW + 4), 3, NOW, NOW) == (4.0, True)
    assert send_delay(RateBudget(100, 0, NOW - 1), 0, NOW, NOW) == (0.0, False)
    assert send_delay(None, 99, NOW, NOW) == (0.0, False)


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


async def test_clients_sharing_one_limit_converge() -> None:
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
        assert fake.throttle.rejected <= 3


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
