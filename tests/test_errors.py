"""Error answers become typed exceptions; odd bodies never crash the decoder.

A small canned server over loopback answers each request with the next queued
response, so every case travels through real HTTP.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import aiohttp
import orjson
import pytest
import pytest_asyncio
from aiohttp import web
from aioresponses import aioresponses

import intercom_async
from intercom_async import errors
from intercom_async.testing import FakeIntercom

Canned = list[web.Response]
HEADERS_SEEN: list[dict[str, str]] = []


@pytest_asyncio.fixture
async def canned() -> AsyncIterator[tuple[str, Canned, list[str]]]:
    """(base_url, queue of responses to send, requests received as "METHOD path")."""
    queue: Canned = []
    seen: list[str] = []
    HEADERS_SEEN.clear()

    async def answer(request: web.Request) -> web.Response:
        seen.append(f"{request.method} {request.path_qs}")
        HEADERS_SEEN.append(dict(request.headers))
        return queue.pop(0)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", answer)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}", queue, seen
    finally:
        await runner.cleanup()


def error_list(code: str, message: str | None, request_id: str = "req-1") -> bytes:
    return orjson.dumps(
        {
            "type": "error.list",
            "request_id": request_id,
            "errors": [{"code": code, "message": message}],
        }
    )


def json_answer(status: int, body: bytes, **headers: str) -> web.Response:
    return web.Response(status=status, body=body, content_type="application/json", headers=headers)


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "parameter_invalid", errors.BadRequestError),
        (401, "unauthorized", errors.UnauthorizedError),
        (403, "api_plan_restricted", errors.ForbiddenError),
        (404, "not_found", errors.NotFoundError),
        (409, "conflict", errors.ConflictError),
        (422, "data_invalid", errors.UnprocessableEntityError),
        (418, "teapot", errors.APIError),
        (500, "server_error", errors.ServerError),
    ],
)
async def test_each_status_maps_to_its_error(
    canned: tuple[str, Canned, list[str]], status: int, code: str, expected: type[Exception]
) -> None:
    base_url, queue, _ = canned
    queue.append(json_answer(status, error_list(code, "went wrong", "req-42"), **{"X-Extra": "1"}))
    async with intercom_async.Client(token="t", base_url=base_url, max_retries=0) as client:
        with pytest.raises(expected) as caught:
            await client.tags.get("7")
    error = caught.value
    assert type(error) is expected
    assert isinstance(error, errors.APIError)
    assert error.status == status
    assert error.request_id == "req-42"
    assert error.code == code
    assert error.errors == (errors.ErrorDetail(code=code, message="went wrong"),)
    assert error.headers["X-Extra"] == "1"
    reason = f"{status}: {code}: went wrong (request_id req-42)"
    assert str(error) == f"GET {base_url}/tags/7 -> {reason}"


async def test_rate_limit_error_carries_reset(canned: tuple[str, Canned, list[str]]) -> None:
    """A window reopening more than a minute ahead is not slept through: raised at once."""
    base_url, queue, seen = canned
    reset = int(time.time()) + 600
    queue.append(
        json_answer(
            429,
            error_list("rate_limit_exceeded", "Exceeded rate limit"),
            **{
                "X-RateLimit-Limit": "100",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": str(reset),
            },
        )
    )
    async with intercom_async.Client(token="t", base_url=base_url, max_retries=0) as client:
        with pytest.raises(errors.RateLimitError) as caught:
            await client.tags.get("7")
    assert caught.value.reset_at is not None
    assert int(caught.value.reset_at.timestamp()) == reset
    assert len(seen) == 1


async def test_proxy_html_502_is_a_server_error_keeping_the_text(
    canned: tuple[str, Canned, list[str]],
) -> None:
    base_url, queue, seen = canned
    page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    queue.extend(web.Response(status=502, text=page, content_type="text/html") for _ in range(2))
    async with intercom_async.Client(token="t", base_url=base_url, max_retries=1) as client:
        with pytest.raises(errors.ServerError) as caught:
            await client.contacts.get("abc")
    assert caught.value.status == 502
    assert caught.value.body == page
    assert caught.value.errors == ()
    assert "502 Bad Gateway" in str(caught.value)
    assert seen == ["GET /contacts/abc", "GET /contacts/abc"]  # one retry, then the error


async def test_malformed_json_is_a_decode_error_keeping_the_body(
    canned: tuple[str, Canned, list[str]],
) -> None:
    base_url, queue, _ = canned
    body = b'{"type": "tag", "id": "1" "name": "x"}'
    queue.append(json_answer(200, body))
    async with intercom_async.Client(token="t", base_url=base_url) as client:
        with pytest.raises(errors.DecodeError, match="not JSON") as caught:
            await client.tags.get("1")
    assert caught.value.body == body


async def test_wrong_shape_is_a_decode_error_naming_the_field(
    canned: tuple[str, Canned, list[str]],
) -> None:
    base_url, queue, _ = canned
    body = orjson.dumps({"type": "tag", "id": "1", "name": ["not", "a", "string"]})
    queue.append(json_answer(200, body))
    async with intercom_async.Client(token="t", base_url=base_url) as client:
        with pytest.raises(errors.DecodeError) as caught:
            await client.tags.get("1")
    assert caught.value.path == "$.name"
    assert caught.value.body == body


async def test_idempotent_get_is_retried_after_5xx(canned: tuple[str, Canned, list[str]]) -> None:
    base_url, queue, seen = canned
    queue.append(json_answer(503, error_list("service_unavailable", None)))
    queue.append(json_answer(200, orjson.dumps({"type": "tag", "id": "1", "name": "vip"})))
    async with intercom_async.Client(token="t", base_url=base_url, max_retries=2) as client:
        tag = await client.tags.get("1")
    assert tag.name == "vip"
    assert len(seen) == 2


async def test_429_waits_for_reset_then_retries(canned: tuple[str, Canned, list[str]]) -> None:
    base_url, queue, seen = canned
    limit = {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0"}
    queue.append(
        json_answer(
            429,
            error_list("rate_limit_exceeded", None),
            **limit,
            **{"X-RateLimit-Reset": str(int(time.time()))},
        )
    )
    queue.append(json_answer(200, orjson.dumps({"type": "tag", "id": "1"})))
    async with intercom_async.Client(token="t", base_url=base_url, max_retries=1) as client:
        assert (await client.tags.get("1")).id == "1"
    assert len(seen) == 2


async def test_writes_are_not_retried_after_5xx(canned: tuple[str, Canned, list[str]]) -> None:
    base_url, queue, seen = canned
    queue.append(json_answer(502, b"{}"))
    async with intercom_async.Client(token="t", base_url=base_url, max_retries=3) as client:
        with pytest.raises(errors.ServerError):
            await client.request("POST", "/tags", json={"name": "x"})
    assert seen == ["POST /tags"]


async def test_connection_reset_is_a_transport_error() -> None:
    url = "https://api.intercom.io/contacts/1"
    with aioresponses() as mocked:
        for _ in range(3):
            mocked.get(url, exception=aiohttp.ServerDisconnectedError())
        async with intercom_async.Client(token="t", max_retries=2) as client:
            with pytest.raises(errors.TransportError) as caught:
                await client.contacts.get("1")
    assert caught.value.attempts == 3
    assert "ServerDisconnectedError" in str(caught.value)


async def test_every_request_carries_the_intercom_headers(
    canned: tuple[str, Canned, list[str]],
) -> None:
    base_url, queue, _ = canned
    queue.append(json_answer(200, orjson.dumps({"type": "tag", "id": "1"})))
    async with intercom_async.Client(token="tok", base_url=base_url, api_version="2.15") as client:
        await client.tags.get("1")
    (headers,) = HEADERS_SEEN
    assert headers["Authorization"] == "Bearer tok"
    assert headers["Accept"] == "application/json"
    assert headers["Intercom-Version"] == "2.15"
    assert headers["User-Agent"] == f"intercom-async/{intercom_async.__version__}"


async def test_errors_name_the_full_url_and_a_404_that_is_not_intercoms() -> None:
    """A wrong base URL must not look like an unknown id: the message shows where the
    request went, and that the 404 did not come with Intercom's `error.list`."""
    app = web.Application()  # no routes: aiohttp's own plain-text 404, as a wrong host gives
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    base_url = f"http://127.0.0.1:{runner.addresses[0][1]}/v2"
    try:
        async with intercom_async.Client(token="secret-token", base_url=base_url) as client:
            with pytest.raises(intercom_async.NotFoundError) as caught:
                await client.contacts.get("abc")
            with pytest.raises(intercom_async.NotFoundError) as listed:
                await client.contacts.list(per_page=5).to_list()
    finally:
        await runner.cleanup()
    message = str(caught.value)
    assert message.startswith(f"GET {base_url}/contacts/abc -> 404: not an Intercom error answer")
    assert "is base_url right?" in message
    assert caught.value.url == f"{base_url}/contacts/abc"
    assert caught.value.path == "/contacts/abc"
    assert f"GET {base_url}/contacts?per_page=5 -> 404" in str(listed.value)
    assert "secret-token" not in message


async def test_an_intercom_404_keeps_its_own_reason(fake: FakeIntercom) -> None:
    async with intercom_async.Client(token=fake.token, base_url=fake.url) as client:
        with pytest.raises(intercom_async.NotFoundError) as caught:
            await client.contacts.get("nobody")
    assert str(caught.value).startswith(f"GET {fake.url}/contacts/nobody -> 404: not_found:")
    assert "base_url" not in str(caught.value)


async def test_attempts_read_the_same_in_every_error(
    canned: tuple[str, Canned, list[str]],
) -> None:
    base_url, queue, _ = canned
    queue.extend(json_answer(500, error_list("server_error", "boom")) for _ in range(3))
    async with intercom_async.Client(
        token="t", base_url=base_url, max_retries=2, sleep=_no_wait
    ) as client:
        with pytest.raises(intercom_async.ServerError) as caught:
            await client.tags.get("7")
    assert str(caught.value).endswith("(request_id req-1) (after 3 attempts)")
    refused = intercom_async.TransportError("refused", method="GET", path="/x", attempts=1)
    assert str(refused) == "GET /x: refused (after 1 attempt)"


async def _no_wait(delay: float) -> None:
    return None
