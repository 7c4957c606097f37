"""The pager's `page_numbers` and `single` styles and dotted item keys, over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

import intercom_async
from intercom_async import PaginationLoopError
from intercom_async._operations import Operation
from intercom_async._pagination import parse_page
from intercom_async.models import Tag

BASE = "https://api.intercom.io"
TAGS = [{"type": "tag", "id": str(n), "name": f"tag {n}"} for n in range(1, 6)]


def _numbered(page: int, per_page: int = 2, *, stuck: bool = False) -> dict[str, Any]:
    shown = 1 if stuck else page
    start = (page - 1) * per_page
    return {
        "type": "list",
        "data": {"tags": TAGS[start : start + per_page]},
        "total_count": len(TAGS),
        "pages": {"type": "pages", "page": shown, "per_page": per_page, "total_pages": 3},
    }


@pytest_asyncio.fixture
async def server() -> AsyncIterator[tuple[str, list[str]]]:
    """Page-numbered pages without `next` (as the spec's article examples), a stuck one
    that always says page 1, and a plain list that still carries `pages`."""
    seen: list[str] = []

    async def handle(request: web.Request) -> web.Response:
        seen.append(request.path_qs)
        page = int(request.query.get("page", "1"))
        if request.path == "/numbered":
            return web.json_response(_numbered(page))
        if request.path == "/stuck":
            return web.json_response(_numbered(page, stuck=True))
        body = {"type": "list", "data": TAGS, "pages": {"page": 1, "total_pages": 9}}
        return web.json_response(body)

    app = web.Application()
    app.router.add_get("/{tail:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        await runner.cleanup()


async def test_page_numbers_ask_for_the_next_page_until_the_last(
    server: tuple[str, list[str]],
) -> None:
    url, seen = server
    numbered = Operation("GET", "/numbered", Tag, items=("data.tags",), paging="page_numbers")
    async with intercom_async.Client(token="t", base_url=url) as client:
        pages = [page async for page in client._list(numbered, params={"state": "x"}).pages()]
    assert [[tag.id for tag in page] for page in pages] == [["1", "2"], ["3", "4"], ["5"]]
    assert [page.has_next for page in pages] == [True, True, False]
    assert seen == ["/numbered?state=x", "/numbered?state=x&page=2", "/numbered?state=x&page=3"]


async def test_a_page_number_that_never_moves_ends_the_walk(
    server: tuple[str, list[str]],
) -> None:
    url, seen = server
    stuck = Operation("GET", "/stuck", Tag, items=("data.tags",), paging="page_numbers")
    async with intercom_async.Client(token="t", base_url=url) as client:
        with pytest.raises(PaginationLoopError):
            await client._list(stuck).to_list()
    assert seen == ["/stuck", "/stuck?page=2"]  # page 2 is not asked for twice


async def test_a_single_list_is_one_request_whatever_its_pages_say(
    server: tuple[str, list[str]],
) -> None:
    url, seen = server
    plain = Operation("GET", "/plain", Tag, items=("data",), paging="single")
    async with intercom_async.Client(token="t", base_url=url) as client:
        pages = [page async for page in client._list(plain).pages()]
    assert [len(page) for page in pages] == [5] and pages[0].has_next is False
    assert seen == ["/plain"]


def test_parse_page_reads_dotted_keys_and_page_numbers() -> None:
    raw = parse_page(_numbered(1), BASE, ("data.tags",))
    assert [item["id"] for item in raw.items] == ["1", "2"] and raw.next_page == 2
    assert raw.extra == {}
    beside = {"type": "list", "data": {"tags": [], "highlights": [{"n": 1}]}}
    assert parse_page(beside, BASE, ("data.tags",)).extra == {"highlights": [{"n": 1}]}
    assert parse_page({"data": [], "pages": {}}, BASE, ("data",)).extra == {}
    last = parse_page(_numbered(3), BASE, ("data.tags",))
    assert last.next_page is None
    empty = {"type": "list", "data": {"tags": []}, "pages": {"page": 1, "total_pages": 0}}
    assert parse_page(empty, BASE, ("data.tags",)).items == []
    with pytest.raises(intercom_async.DecodeError, match=r"data\.articles"):
        parse_page({"data": {"tags": []}}, BASE, ("data.articles",))
