"""A server whose cursor never advances ends every walk with `PaginationLoopError` (issue 11)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import pytest
import pytest_asyncio
from aiohttp import web

import intercom_async
from intercom_async import PaginationLoopError
from intercom_async.testing import FakeIntercom

from .test_cli import SECRET, run_cli


@attrs.define
class LoopServer:
    url: str
    hits: dict[str, int]


@pytest_asyncio.fixture
async def loop_server() -> AsyncIterator[LoopServer]:
    """Serves real payloads (taken from the fake) whose next cursor or link never moves."""
    async with (
        FakeIntercom(seed=7, contacts=3) as fake,
        intercom_async.Client(token=fake.token, base_url=fake.url) as client,
    ):
        contact = (await client.request("GET", "/contacts")).payload["data"][0]
        company = (await client.request("GET", "/companies/scroll")).payload["data"][0]
    hits: dict[str, int] = {}
    url = ""

    def page(items: list[Any], following: Any) -> web.Response:
        return web.json_response(
            {"type": "list", "data": items, "total_count": 99, "pages": {"next": following}}
        )

    async def handle(request: web.Request) -> web.Response:
        key = f"{request.method} {request.path}"
        hits[key] = hits.get(key, 0) + 1
        if request.path == "/companies/scroll":
            return web.json_response({"type": "list", "data": [company], "scroll_param": "s1"})
        if request.path.startswith("/contacts/") and request.method == "GET":
            return web.json_response(
                {"type": "error.list", "errors": [{"code": "not_found"}]}, status=404
            )
        if request.path == "/companies/list":
            return page([company], f"{url}/companies/list?page=2")
        return page([contact], {"starting_after": "SAME", "per_page": 1})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        yield LoopServer(url, hits)
    finally:
        await runner.cleanup()


@pytest_asyncio.fixture
async def client(loop_server: LoopServer) -> AsyncIterator[intercom_async.Client]:
    async with intercom_async.Client(token=SECRET, base_url=loop_server.url) as bound:
        yield bound


@pytest.mark.parametrize(
    ("walk", "endpoint", "cursor"),
    [
        (lambda c: c.contacts.list().to_list(), "GET /contacts", "SAME"),
        (
            lambda c: c.contacts.search(
                {"field": "role", "operator": "=", "value": "user"}
            ).to_list(),
            "POST /contacts/search",
            "SAME",
        ),
        (lambda c: c.companies.list().to_list(), "POST /companies/list", "/companies/list?page=2"),
        (lambda c: c.companies.scroll().to_list(), "GET /companies/scroll", "s1 at "),
    ],
    ids=["list", "search", "links", "scroll"],
)
async def test_a_repeated_cursor_ends_the_walk_naming_the_endpoint(
    client: intercom_async.Client, loop_server: LoopServer, walk: Any, endpoint: str, cursor: str
) -> None:
    with pytest.raises(PaginationLoopError) as caught:
        await walk(client)
    assert caught.value.endpoint == endpoint
    assert caught.value.cursor.startswith(cursor)
    assert endpoint in str(caught.value)
    assert loop_server.hits[endpoint] == 2  # the page that repeated, and no more


async def test_get_many_stops_a_looping_search_and_falls_back_to_gets(
    client: intercom_async.Client, loop_server: LoopServer, caplog: pytest.LogCaptureFixture
) -> None:
    results = await client.contacts.get_many(
        ["a", "b", "c"], strategy="search", return_exceptions=True
    )
    assert [type(result) for result in results] == [intercom_async.NotFoundError] * 3
    assert loop_server.hits["POST /contacts/search"] == 2
    assert "POST /contacts/search: the server repeated cursor 'SAME'" in caplog.text


async def test_resuming_from_a_cursor_the_server_hands_back_is_a_loop(
    client: intercom_async.Client, loop_server: LoopServer
) -> None:
    with pytest.raises(PaginationLoopError):
        await client.contacts.list(starting_after="SAME").to_list()
    assert loop_server.hits["GET /contacts"] == 1


async def test_export_reports_the_loop_in_one_line_and_exits_1(
    loop_server: LoopServer, tmp_path: Path
) -> None:
    run = await run_cli(
        "contacts",
        "export",
        "--out",
        "all.jsonl",
        "--base-url",
        loop_server.url,
        cwd=tmp_path,
        token=SECRET,
    )
    assert run.code == 1
    assert "GET /contacts: the server repeated cursor 'SAME'" in run.err
    assert "Traceback" not in run.err
    assert len(run.err.strip().splitlines()) == 1  # no --resume hint: it would loop again
