"""Faults from the network and the server, injected into the fake Intercom over loopback.

Each fault is checked three ways: an idempotent GET survives it within
`max_retries`, a GET that keeps meeting it fails with a typed error carrying what
arrived, and a POST that may have reached the server is never sent twice.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import socket
import time
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

import intercom_async
from intercom_async import DecodeError, RateLimitError, ServerError, TransportError
from intercom_async._retry import MAX_RATE_LIMIT_WAITS
from intercom_async._sansio import backoff_delay, retry_after
from intercom_async.testing import FakeIntercom, FaultKind
from tests.helpers import assert_no_connection_held, holds_a_connection

MAX_RETRIES = 3
TIMEOUT = 0.3  # seconds per attempt; slow faults last far longer
ACTED = web.AppKey("acted", list)


class RecordedSleeps:
    """Stands in for the backoff sleep: keeps each delay and returns at once."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeIntercom]:
    """The fake plus `POST /echo` (non-idempotent, counts what it acts on) and `GET /clock`."""
    server = FakeIntercom(seed=7, contacts=10)
    acted: list[Any] = []

    async def echo(request: web.Request) -> web.Response:
        acted.append(await request.json())
        return web.json_response({"type": "echo", "count": len(acted)})

    async def clock(request: web.Request) -> web.Response:
        return web.json_response({"now": time.time()})

    server.app.router.add_post("/echo", echo)
    server.app.router.add_get("/clock", clock)
    server.app[ACTED] = acted
    async with server:
        yield server


@pytest.fixture
def recorder() -> RecordedSleeps:
    return RecordedSleeps()


@pytest_asyncio.fixture
async def client(
    fake: FakeIntercom, recorder: RecordedSleeps
) -> AsyncIterator[intercom_async.Client]:
    async with intercom_async.Client(
        token=fake.token,
        base_url=fake.url,
        timeout=TIMEOUT,
        max_retries=MAX_RETRIES,
        sleep=recorder,
    ) as bound:
        yield bound


def acted(fake: FakeIntercom) -> list[Any]:
    return fake.app[ACTED]


def sent(fake: FakeIntercom, method: str, path: str) -> int:
    return sum(1 for m, p in fake.requests if (m, p) == (method, path))


def a_contact(fake: FakeIntercom) -> str:
    return next(iter(fake.store.contacts))


TRANSIENT: list[tuple[FaultKind, dict[str, Any]]] = [
    ("reset", {}),
    ("truncate", {}),
    ("html", {"status": 502}),
    ("html", {"status": 503}),
    ("html", {"status": 504}),
    ("server_error", {}),
    ("slow_headers", {"delay": 5.0}),
    ("slow_body", {"delay": 5.0}),
]
IDS = [f"{kind}-{options.get('status', '')}".rstrip("-") for kind, options in TRANSIENT]


@pytest.mark.parametrize(("kind", "options"), TRANSIENT, ids=IDS)
async def test_get_retries_through_transient_faults(
    client: intercom_async.Client,
    fake: FakeIntercom,
    kind: FaultKind,
    options: dict[str, Any],
    recorder: RecordedSleeps,
) -> None:
    contact_id = a_contact(fake)
    fake.faults.inject("GET", "/contacts/*", kind=kind, times=MAX_RETRIES, **options)

    contact = await client.contacts.get(contact_id)

    assert contact.id == contact_id
    assert fake.faults.fired == [("GET", f"/contacts/{contact_id}", kind)] * MAX_RETRIES
    delays = recorder.delays
    assert len(delays) == MAX_RETRIES
    assert all(0 <= delay <= 0.25 * 2**n for n, delay in enumerate(delays))
    assert_no_connection_held(client)


@pytest.mark.parametrize(
    ("kind", "options", "error", "status", "fragment"),
    [
        ("reset", {}, TransportError, 200, "ClientPayloadError"),
        ("truncate", {}, TransportError, 200, "not completed"),
        ("html", {"status": 502}, ServerError, 502, "502 Bad Gateway"),
        ("html", {"status": 504}, ServerError, 504, "504 Gateway Time-out"),
        ("server_error", {}, ServerError, 500, "server_error: Internal Server Error"),
        ("slow_headers", {"delay": 5.0}, TransportError, None, "timed out"),
        ("slow_body", {"delay": 5.0}, TransportError, 200, "timed out"),
    ],
    ids=["reset", "truncate", "html-502", "html-504", "server_error", "slow_headers", "slow_body"],
)
async def test_get_gives_up_after_max_retries_with_what_it_received(
    client: intercom_async.Client,
    fake: FakeIntercom,
    kind: FaultKind,
    options: dict[str, Any],
    error: type[Exception],
    status: int | None,
    fragment: str,
) -> None:
    contact_id = a_contact(fake)
    fake.faults.inject("GET", "/contacts/*", kind=kind, times=None, **options)

    with pytest.raises(error, match=fragment) as caught:
        await client.contacts.get(contact_id)

    failure: Any = caught.value
    assert failure.attempts == MAX_RETRIES + 1
    assert failure.status == status
    assert len(fake.faults.fired) == MAX_RETRIES + 1
    if status is not None:
        assert failure.headers["Content-Type"].startswith(("application/json", "text/html"))
    if kind == "html":
        assert "<center>nginx</center>" in failure.body
        assert failure.errors == ()
    assert_no_connection_held(client)


async def test_body_that_is_not_json_is_a_decode_error_not_retried(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    fake.faults.inject("GET", "/tags", kind="not_json", times=None)

    with pytest.raises(
        DecodeError, match=r"GET /tags -> 200: body is not JSON \(text/plain"
    ) as caught:
        await client.tags.list().to_list()

    assert caught.value.status == 200
    assert caught.value.body == b"upstream said: {not json"
    assert caught.value.headers["Content-Type"].startswith("text/plain")
    assert caught.value.attempts == 1
    assert sent(fake, "GET", "/tags") == 1
    assert_no_connection_held(client)


MAY_HAVE_ACTED: list[tuple[FaultKind, dict[str, Any], type[Exception]]] = [
    ("reset", {}, TransportError),
    ("truncate", {}, TransportError),
    ("html", {"status": 502}, ServerError),
    ("server_error", {}, ServerError),
    ("slow_headers", {"delay": 5.0}, TransportError),
    ("slow_body", {"delay": 5.0}, TransportError),
]


@pytest.mark.parametrize(
    ("kind", "options", "error"), MAY_HAVE_ACTED, ids=[k for k, _, _ in MAY_HAVE_ACTED]
)
async def test_post_is_never_resent_once_it_may_have_reached_the_server(
    client: intercom_async.Client,
    fake: FakeIntercom,
    kind: FaultKind,
    options: dict[str, Any],
    error: type[Exception],
    recorder: RecordedSleeps,
) -> None:
    fake.faults.inject("POST", "/echo", kind=kind, times=None, **options)

    with pytest.raises(error) as caught:
        await client.request("POST", "/echo", json={"n": 1})

    assert getattr(caught.value, "attempts", None) == 1
    assert fake.faults.fired == [("POST", "/echo", kind)]
    assert recorder.delays == []
    assert_no_connection_held(client)


async def test_post_on_a_keep_alive_connection_the_server_dropped_is_not_resent(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    await client.admins.me()  # leaves a pooled keep-alive connection
    fake.faults.inject("POST", "/echo", kind="drop_reused", times=None)

    with pytest.raises(TransportError, match="ServerDisconnectedError") as caught:
        await client.request("POST", "/echo", json={"n": 1})

    assert caught.value.attempts == 1
    assert fake.faults.fired == [("POST", "/echo", "drop_reused")]
    assert acted(fake) == []
    assert_no_connection_held(client)


async def test_get_on_a_dropped_keep_alive_connection_goes_again_on_a_fresh_one(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    await client.admins.me()
    fake.faults.inject("GET", "/me", kind="drop_reused", times=None)

    me = await client.admins.me()

    assert me.type == "admin"
    assert fake.faults.fired == [("GET", "/me", "drop_reused")]
    assert_no_connection_held(client)


async def test_post_is_resent_after_a_429_because_the_server_did_not_act(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    fake.faults.inject("POST", "/echo", kind="rate_limit", times=2, reset_in=0)

    answer = await client.request("POST", "/echo", json={"n": 1})

    assert answer.payload == {"type": "echo", "count": 1}
    assert acted(fake) == [{"n": 1}]
    assert sent(fake, "POST", "/echo") == 3


async def test_post_to_a_refused_connection_is_resent_because_it_was_never_sent(
    recorder: RecordedSleeps,
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    async with intercom_async.Client(
        token="t", base_url=f"http://127.0.0.1:{port}", max_retries=2, sleep=recorder
    ) as client:
        with pytest.raises(TransportError, match="ClientConnectorError") as caught:
            await client.request("POST", "/echo", json={})
        assert caught.value.attempts == 3
        assert caught.value.status is None
        assert len(recorder.delays) == 2


async def test_429_storm_is_ridden_out_within_max_retries(
    client: intercom_async.Client, fake: FakeIntercom, recorder: RecordedSleeps
) -> None:
    fake.faults.inject("GET", "/tags", kind="rate_limit", times=MAX_RETRIES, reset_in=0)

    tags = await client.tags.list().to_list()

    assert len(tags) == len(fake.store.tags)
    assert sent(fake, "GET", "/tags") == MAX_RETRIES + 1
    # The reset (whole seconds) is already past: jittered backoff, never back-to-back.
    delays = recorder.delays
    assert len(delays) == MAX_RETRIES
    for wait, delay in enumerate(delays, start=1):
        ceiling = min(8.0, 0.5 * 2 ** (wait - 1))
        assert ceiling / 2 <= delay <= ceiling
    assert_no_connection_held(client)


async def test_a_429_wait_is_said_once_at_warning_with_the_reset_time(
    client: intercom_async.Client, fake: FakeIntercom, caplog: pytest.LogCaptureFixture
) -> None:
    """At the default log level a long wait is not silent, and a storm says it once."""
    caplog.set_level(logging.WARNING, logger="intercom_async")
    fake.faults.inject("GET", "/clock", kind="rate_limit", times=2, reset_in=1)

    await client.request("GET", "/clock")

    notices = [r for r in caplog.records if r.name == "intercom_async"]
    assert len(notices) == 1
    assert notices[0].levelno == logging.WARNING
    message = notices[0].getMessage()
    assert message.startswith(f"rate limited (429) on GET {fake.url}/clock: requests wait ")
    assert re.search(r"resets at \d\d:\d\d:\d\d UTC$", message)
    assert fake.token not in message


async def test_429_resend_waits_until_the_window_named_by_x_ratelimit_reset(
    client: intercom_async.Client, fake: FakeIntercom, recorder: RecordedSleeps
) -> None:
    window_reopens = int(time.time()) + 1  # the fault's reset is at least this
    fake.faults.inject("GET", "/clock", kind="rate_limit", times=1, reset_in=1)

    answer = await client.request("GET", "/clock")

    assert answer.payload["now"] >= window_reopens
    assert sent(fake, "GET", "/clock") == 2
    assert recorder.delays == []  # the shared rate limiter waited, not the backoff


async def test_endless_429s_raise_rate_limit_error_with_reset(
    client: intercom_async.Client, fake: FakeIntercom, recorder: RecordedSleeps
) -> None:
    fake.faults.inject("GET", "/tags", kind="rate_limit", times=None, reset_in=0)

    with pytest.raises(RateLimitError, match="rate_limit_exceeded") as caught:
        await client.tags.list().to_list()

    # Waiting out a named reset uses no retry, but the waits are capped too.
    assert caught.value.attempts == MAX_RATE_LIMIT_WAITS + 1
    assert sent(fake, "GET", "/tags") == MAX_RATE_LIMIT_WAITS + 1
    assert len(recorder.delays) == MAX_RATE_LIMIT_WAITS  # each one backed off
    assert caught.value.reset_at is not None
    assert caught.value.headers["X-RateLimit-Remaining"] == "0"


async def test_429_with_a_reset_far_ahead_is_raised_at_once_not_slept_through(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    fake.faults.inject("GET", "/tags", kind="rate_limit", times=None, reset_in=3600)

    with pytest.raises(RateLimitError) as caught:
        await client.tags.list().to_list()

    assert caught.value.attempts == 1
    assert sent(fake, "GET", "/tags") == 1


async def test_burst_of_500s_under_concurrency_leaves_every_call_whole(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_ids = list(fake.store.contacts)
    fake.faults.inject("GET", "/contacts/*", kind="server_error", times=len(contact_ids))

    contacts = await asyncio.gather(*(client.contacts.get(i) for i in contact_ids))

    assert [c.id for c in contacts] == contact_ids
    assert len(fake.faults.fired) == len(contact_ids)
    assert_no_connection_held(client)


async def test_cancelling_a_call_mid_request_releases_its_connection(
    fake: FakeIntercom,
) -> None:
    async with intercom_async.Client(token=fake.token, base_url=fake.url) as client:
        await client.admins.me()
        fake.faults.inject("GET", "/tags", kind="slow_body", delay=30.0)
        task = asyncio.ensure_future(client.tags.list().to_list())
        # The fake server's schedule is plain data, not something to await.
        while not fake.faults.fired:  # noqa: ASYNC110
            await asyncio.sleep(0.01)
        assert holds_a_connection(client)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert_no_connection_held(client)
        assert (await client.admins.me()).type == "admin"


def test_backoff_is_exponential_capped_and_fully_jittered() -> None:
    rng = random.Random(5)
    for attempt in range(1, 10):
        ceiling = min(8.0, 0.25 * 2 ** (attempt - 1))
        draws = [backoff_delay(attempt, rng=rng) for _ in range(50)]
        assert all(0 <= d <= ceiling for d in draws)
        assert len(set(draws)) == 50  # jitter: no two retries wait alike
        assert max(draws) > ceiling / 2


def test_fault_schedule_refuses_nonsense() -> None:
    fake = FakeIntercom(contacts=1)
    with pytest.raises(ValueError, match="unknown fault kind 'gremlins'"):
        fake.faults.inject("GET", "/*", kind="gremlins")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="502, 503 or 504"):
        fake.faults.inject("GET", "/*", kind="html", status=500)
    with pytest.raises(ValueError, match="times must be at least 1"):
        fake.faults.inject("GET", "/*", kind="reset", times=0)


async def test_a_reset_far_ahead_does_not_stall_the_calls_after_it(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    """A bogus `X-RateLimit-Reset` (or a client clock far behind) must not hang the client."""
    fake.faults.inject("GET", "/tags", kind="rate_limit", times=1, reset_in=3600)
    with pytest.raises(RateLimitError):
        await client.tags.list().to_list()

    me = await asyncio.wait_for(client.admins.me(), timeout=30)  # a guard against hanging

    assert me.type == "admin"


async def test_retry_after_sets_the_pause_and_a_long_one_is_not_taken(
    client: intercom_async.Client, fake: FakeIntercom, recorder: RecordedSleeps
) -> None:
    fake.faults.inject("GET", "/tags", kind="html", status=503, retry_after=2)
    await client.tags.list().to_list()
    assert recorder.delays == [2.0]

    fake.faults.inject("GET", "/tags", kind="html", status=503, retry_after=3600)
    with pytest.raises(ServerError, match="503 Service Unavailable") as caught:
        await client.tags.list().to_list()
    assert caught.value.attempts == 1
    assert caught.value.headers["Retry-After"] == "3600"
    assert recorder.delays == [2.0]


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after({"Retry-After": "7"}, now) == 7.0
    assert retry_after({"Retry-After": "Thu, 01 Jan 2026 12:00:30 GMT"}, now) == 30.0
    assert retry_after({"Retry-After": "Thu, 01 Jan 2026 11:00:00 GMT"}, now) == 0.0
    assert retry_after({"Retry-After": "soon"}, now) is None
    assert retry_after({}, now) is None
