"""What reaches the wire under hostile networks and careless callers (issue 11).

Counts are taken by a socket-level server (`RawServer`), never from our own attempts.
"""

from __future__ import annotations

import asyncio
import gzip
import math
import pickle
import traceback
from collections.abc import AsyncIterator
from urllib.parse import unquote

import pytest
import pytest_asyncio
from aiohttp import web

import intercom_async
from intercom_async import ClientClosedError, ResponseTooLargeError, ServerError, TransportError
from intercom_async._ratelimit import parse_rate_headers
from intercom_async._sansio import retry_after
from intercom_async.testing import FakeIntercom

from .helpers import RawServer, one_route_server

TOKEN = "tok-SECRET-1234567890"


async def no_sleep(_: float) -> None:
    return None


def raw_client(server: RawServer, **options: object) -> intercom_async.Client:
    return intercom_async.Client(token=TOKEN, base_url=server.url, sleep=no_sleep, **options)  # type: ignore[arg-type]


# 1. Only our transport resends, and only by the documented rule.


@pytest.mark.parametrize("max_retries", [0, 2, 3])
async def test_a_get_goes_out_at_most_max_retries_plus_one_times(max_retries: int) -> None:
    async with RawServer(answer=False) as server:
        async with raw_client(server, max_retries=max_retries) as client:
            with pytest.raises(TransportError) as caught:
                await client.request("GET", "/me")
        assert server.received == [("GET", "/me")] * (max_retries + 1)
        assert caught.value.attempts == max_retries + 1


@pytest.mark.parametrize(
    ("call", "sent"),
    [
        (lambda c: c.contacts.delete("c1"), ("DELETE", "/contacts/c1")),
        (lambda c: c.contacts.update("c1", name="N"), ("PUT", "/contacts/c1")),
        (lambda c: c.contacts.archive("c1"), ("POST", "/contacts/c1/archive")),
        (lambda c: c.companies.scroll().to_list(), ("GET", "/companies/scroll")),
    ],
    ids=["delete", "put", "post", "scroll"],
)
async def test_a_write_or_scroll_on_a_dropped_connection_is_sent_once(
    call: object, sent: tuple[str, str]
) -> None:
    async with RawServer(answer=False) as server:
        async with raw_client(server, max_retries=3) as client:
            with pytest.raises(TransportError):
                await call(client)  # type: ignore[operator]
        assert server.received == [sent]


async def test_fake_drop_reused_on_a_put_delivers_one_put() -> None:
    async with FakeIntercom(seed=7, contacts=3) as fake:
        uid = next(iter(fake.store.contacts))
        async with intercom_async.Client(token=fake.token, base_url=fake.url) as client:
            await client.admins.me()  # leaves a kept-alive connection to reuse
            fake.faults.inject("PUT", "/contacts/*", kind="drop_reused", times=None)
            with pytest.raises(TransportError, match="ServerDisconnectedError"):
                await client.contacts.update(uid, name="Once")
        assert [r for r in fake.requests if r[0] == "PUT"] == [("PUT", f"/contacts/{uid}")]


async def test_a_borrowed_session_does_not_resend_either() -> None:
    import aiohttp

    async with RawServer(answer=False) as server, aiohttp.ClientSession() as session:
        client = intercom_async.Client(token=TOKEN, base_url=server.url, session=session)
        with pytest.raises(TransportError):
            await client.contacts.delete("c1")
        assert server.received == [("DELETE", "/contacts/c1")]


# 2. Every id stays exactly one segment of its route.

HOSTILE_IDS = [
    ".",
    "..",
    "...",
    "%2e%2e",
    "%2E",
    "a/b",
    "../admins",
    "?x=1",
    "#f",
    "ü",
    "\x00",
    "a\r\nX: y",
    " ",
    "a;b",
]


@pytest.mark.parametrize("hostile", HOSTILE_IDS)
async def test_an_id_is_exactly_one_segment_on_the_wire(hostile: str) -> None:
    async with (
        RawServer(status=404, body=b'{"type":"error.list","errors":[]}') as server,
        raw_client(server) as client,
    ):
        with pytest.raises(intercom_async.NotFoundError):
            await client.contacts.get(hostile)
        with pytest.raises(intercom_async.NotFoundError):
            await client.tags.detach_from_contact(hostile, tag_id="5")
        with pytest.raises(intercom_async.NotFoundError):
            await client.contacts.archive(hostile)
    sent = [target.split("/") for target in server.targets()]
    assert [segments[:2] for segments in sent] == [["", "contacts"]] * 3
    assert [unquote(segments[2]) for segments in sent] == [hostile] * 3
    assert [segments[3:] for segments in sent] == [[], ["tags", "5"], ["archive"]]


async def test_an_empty_id_is_refused_before_any_request() -> None:
    async with RawServer() as server:
        async with raw_client(server) as client:
            with pytest.raises(ValueError, match="must not be empty"):
                await client.contacts.delete("")
            with pytest.raises(ValueError, match="must not be empty"):
                await client.tags.detach_from_contact("", tag_id="5")
        assert server.received == []


# 4. Absurd rate-limit headers are ignored; no wait is unbounded.


@pytest.mark.parametrize("reset", ["nan", "inf", "-inf", "1e308", "-5", "garbage"])
def test_absurd_rate_limit_headers_are_ignored(reset: str) -> None:
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    budget = parse_rate_headers(headers)
    assert budget is None or (math.isfinite(budget.reset_at) and budget.reset_at > 1e9)


async def test_a_nan_reset_on_a_200_does_not_hang_later_requests() -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.json_response(
            {"type": "admin", "id": "1"},
            headers={
                "X-RateLimit-Limit": "100",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": "nan",
            },
        )

    async with (
        one_route_server("GET", "/me", handler) as url,
        intercom_async.Client(token=TOKEN, base_url=url) as client,
    ):
        for _ in range(3):
            answer = await asyncio.wait_for(client.request("GET", "/me"), 5)
            assert answer.payload["id"] == "1"


# 8. Errors that used to escape untyped.


def test_retry_after_with_a_superscript_digit_is_unreadable_not_a_crash() -> None:
    assert retry_after({"Retry-After": "²"}) is None
    assert retry_after({"Retry-After": "٣"}) is None  # Arabic-Indic three
    assert retry_after({"Retry-After": "3"}) == 3.0


async def test_a_503_with_a_superscript_retry_after_is_a_typed_error() -> None:
    async def handler(request: web.Request) -> web.Response:
        return web.Response(status=503, text="busy", headers={"Retry-After": "²"})

    async with (
        one_route_server("GET", "/me", handler) as url,
        intercom_async.Client(token=TOKEN, base_url=url, max_retries=1, sleep=no_sleep) as client,
    ):
        with pytest.raises(ServerError):
            await client.request("GET", "/me")


async def test_aclose_with_requests_in_flight_raises_client_closed_error() -> None:
    async with FakeIntercom(seed=7, contacts=3, latency=0.2) as fake:
        client = intercom_async.Client(token=fake.token, base_url=fake.url, max_concurrency=4)
        calls = [asyncio.create_task(client.admins.me()) for _ in range(30)]
        await asyncio.sleep(0.05)
        await client.aclose()
        results = await asyncio.gather(*calls, return_exceptions=True)
        failures = [r for r in results if isinstance(r, BaseException)]
        assert failures
        assert {type(r) for r in failures} == {ClientClosedError}
        assert all("GET /me" in str(r) for r in failures)
        with pytest.raises(ClientClosedError, match="closed"):
            await client.admins.me()


@pytest.mark.parametrize(
    "bad", [TOKEN + "\r\nX-Evil: 1", TOKEN + "\n", TOKEN.replace("-", " "), TOKEN + "\x00"]
)
def test_a_token_with_control_characters_is_refused_at_construction(bad: str) -> None:
    with pytest.raises(ValueError, match="control character") as caught:
        intercom_async.Client(token=bad)
    assert "SECRET" not in str(caught.value)


@pytest.mark.parametrize("bad", ["2.14\r\nX-Evil: 1", "2.14 ", "", "2.14\n"])
def test_an_api_version_with_control_characters_is_refused_at_construction(bad: str) -> None:
    with pytest.raises(ValueError, match="api_version"):
        intercom_async.Client(token=TOKEN, api_version=bad)


async def test_a_redirect_loop_is_one_typed_error_and_not_retried() -> None:
    hops = 0

    async def handler(request: web.Request) -> web.Response:
        nonlocal hops
        hops += 1
        raise web.HTTPFound("/loop")

    async with (
        one_route_server("GET", "/loop", handler) as url,
        intercom_async.Client(token=TOKEN, base_url=url, max_retries=3, sleep=no_sleep) as client,
    ):
        with pytest.raises(TransportError, match="redirects") as caught:
            await client.request("GET", "/loop")
    assert caught.value.attempts == 1
    assert hops == 10  # aiohttp's one chain of redirects (max_redirects=10), never resent


# 9. The token stays in the process, on the API host.


def test_a_client_refuses_to_be_pickled_without_showing_the_token() -> None:
    client = intercom_async.Client(token=TOKEN)
    with pytest.raises(TypeError, match="cannot be pickled") as caught:
        pickle.dumps(client)
    assert TOKEN not in str(caught.value)


def test_a_bytes_token_is_refused_without_showing_it_in_captured_locals() -> None:
    with pytest.raises(TypeError, match="must be a str") as caught:
        intercom_async.Client(token=TOKEN.encode())  # type: ignore[arg-type]
    shown = "".join(
        traceback.TracebackException.from_exception(caught.value, capture_locals=True).format()
    )
    assert "SECRET" not in shown


@pytest.mark.parametrize(
    "path",
    [
        "7/contacts",
        "",
        "contacts",
        "//evil.example/x",
        "/\\evil",
        "http://evil.example/x",
        "/a/../b",
        "/./me",
        "/me\r\nX: y",
    ],
)
async def test_a_raw_path_must_be_a_path_on_the_api_host(path: str) -> None:
    async with RawServer() as server:
        async with raw_client(server) as client:
            with pytest.raises(ValueError, match="raw API path"):
                await client.request("GET", path)
        assert server.received == []


# 6. The body is capped, compressed or not.


@pytest_asyncio.fixture
async def big_server() -> AsyncIterator[str]:
    bomb = gzip.compress(b'{"data": "' + b"0" * (8 * 1024 * 1024) + b'"}', compresslevel=9)
    requests: list[str] = []

    async def plain(request: web.Request) -> web.Response:
        requests.append(request.path)
        return web.json_response({"data": "x" * 5000})

    async def bombed(request: web.Request) -> web.Response:
        requests.append(request.path)
        return web.Response(
            body=bomb, headers={"Content-Encoding": "gzip", "Content-Type": "application/json"}
        )

    async def chunked(request: web.Request) -> web.StreamResponse:
        requests.append(request.path)
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(100):
            await response.write(b" " * 1000)
        await response.write(b"{}")
        return response

    app = web.Application()
    app.router.add_get("/plain", plain)
    app.router.add_get("/bomb", bombed)
    app.router.add_get("/chunked", chunked)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await runner.cleanup()


@pytest.mark.parametrize("path", ["/plain", "/bomb", "/chunked"])
async def test_a_body_past_max_response_bytes_is_a_typed_error_not_retried(
    big_server: str, path: str
) -> None:
    async with intercom_async.Client(
        token=TOKEN, base_url=big_server, max_response_bytes=4096
    ) as client:
        with pytest.raises(ResponseTooLargeError, match="max_response_bytes=4096") as caught:
            await client.request("GET", path)
    assert caught.value.attempts == 1
    assert caught.value.status == 200
    assert caught.value.limit == 4096


async def test_the_default_cap_reads_a_decompressed_bomb_no_further_than_64_mib(
    big_server: str,
) -> None:
    async with intercom_async.Client(token=TOKEN, base_url=big_server) as client:
        answer = await client.request("GET", "/bomb")  # 8 MiB expanded: under the cap
        assert len(answer.payload["data"]) == 8 * 1024 * 1024
        assert client.max_response_bytes == 64 * 1024 * 1024
