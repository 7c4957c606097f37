"""Companies: reads, writes with NOT_GIVEN, the company list and the scroll."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

import intercom_async
from intercom_async import BadRequestError, DecodeError, NotFoundError, ServerError
from intercom_async._bodies import company_body
from intercom_async._notgiven import NOT_GIVEN
from intercom_async._scroll import ScrollPage, parse_scroll
from intercom_async.models import Company, CompanyDeleted
from intercom_async.testing import FakeIntercom
from intercom_async.testing._fake_companies import SCROLL_TTL, render_company

from .helpers import one_route_server
from .spec_support import assert_spec_error

ONE = "/companies/{company_id}"


def test_company_body_sends_only_what_is_given() -> None:
    fields = {"company_id": "c1", "name": "Acme", "size": NOT_GIVEN, "website": NOT_GIVEN}
    assert company_body(fields, creating=True) == {"company_id": "c1", "name": "Acme"}
    created = datetime(2024, 5, 1, tzinfo=timezone.utc)
    assert company_body({"company_id": "c1", "remote_created_at": created}, creating=True) == {
        "company_id": "c1",
        "remote_created_at": int(created.timestamp()),
    }
    assert company_body({"custom_attributes": {"a": 1}}, creating=False) == {
        "custom_attributes": {"a": 1}
    }


@pytest.mark.parametrize(
    ("fields", "creating", "error", "message"),
    [
        ({"company_id": "c1", "website": None}, True, ValueError, "website cannot be None"),
        ({"company_id": "c1", "size": "big"}, True, TypeError, "size must be int, got str"),
        ({"company_id": "c1", "size": True}, True, TypeError, "size must be int, got bool"),
        (
            {"company_id": "c1", "custom_attributes": [("a", 1)]},
            True,
            TypeError,
            "custom_attributes must be a mapping, got list",
        ),
        (
            {"company_id": "c1", "remote_created_at": datetime(2024, 1, 1)},
            True,
            ValueError,
            "naive datetime",
        ),
        ({"company_id": ""}, True, ValueError, "needs a non-empty company_id"),
        ({"name": "Acme"}, True, TypeError, "missing required keyword argument 'company_id'"),
        ({"name": NOT_GIVEN}, False, ValueError, "update\\(\\) needs at least one field"),
        ({"company_id": "c2"}, False, TypeError, "unknown company field 'company_id'"),
    ],
)
def test_company_body_refuses_bad_input(
    fields: dict[str, Any], creating: bool, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        company_body(fields, creating=creating)


async def test_get_a_company_and_a_missing_one(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    company_id, stored = next(iter(fake.store.companies.items()))
    company = await client.companies.get(company_id)
    assert (company.id, company.company_id, company.name) == (
        company_id,
        stored["company_id"],
        stored["name"],
    )
    with pytest.raises(NotFoundError) as caught:
        await client.companies.get("nope")
    assert_spec_error(caught.value, spec, "GET", ONE, 404, "Company Not Found")


async def test_create_then_update_sends_only_what_is_given(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    created_at = datetime(2024, 5, 1, tzinfo=timezone.utc)
    company = await client.companies.create_or_update(
        company_id="acme-1",
        name="Acme",
        plan="Pro",
        size=42,
        website="https://acme.test",
        custom_attributes={"tier": "gold"},
        remote_created_at=created_at,
        monthly_spend=99,
    )
    assert company.company_id == "acme-1"
    assert (company.name, company.size, company.website) == ("Acme", 42, "https://acme.test")
    assert company.plan is not None
    assert company.plan.name == "Pro"
    assert company.remote_created_at == created_at
    assert company.monthly_spend == 99
    assert company.custom_attributes == {"tier": "gold"}
    assert company.user_count == 0
    assert (await client.companies.get(company.id)) == company

    renamed = await client.companies.create_or_update(company_id="acme-1", name="Acme Ltd")
    assert renamed.id == company.id
    assert (renamed.name, renamed.website, renamed.size) == ("Acme Ltd", "https://acme.test", 42)

    updated = await client.companies.update(company.id, industry="Retail")
    assert (updated.name, updated.website, updated.industry) == (
        "Acme Ltd",
        "https://acme.test",
        "Retail",
    )


async def test_company_write_errors(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.request("POST", "/companies", json={"test": "invalid"})
    assert_spec_error(caught.value, spec, "POST", "/companies", 400, "Bad Request")
    with pytest.raises(BadRequestError, match="company_id not specified"):
        await client.request("POST", "/companies", json={"name": "No id"})
    with pytest.raises(BadRequestError, match="size must be an integer"):
        await client.request("POST", "/companies", json={"company_id": "x", "size": "big"})
    with pytest.raises(NotFoundError) as missing:
        await client.companies.update("nope", name="x")
    assert_spec_error(missing.value, spec, "PUT", ONE, 404, "Company Not Found")

    sent = len(fake.requests)
    with pytest.raises(ValueError, match="website cannot be None"):
        await client.companies.update("any", website=None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="give it a timezone"):
        await client.companies.create_or_update(
            company_id="x", remote_created_at=datetime(2024, 1, 1)
        )
    assert len(fake.requests) == sent


async def test_delete_archives_and_detaches(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    contact_id = next(c for c, ids in fake.store.contact_companies.items() if ids)
    company_id = fake.store.contact_companies[contact_id][0]

    deleted = await client.companies.delete(company_id)
    assert deleted == CompanyDeleted(id=company_id, object="company", deleted=True)
    with pytest.raises(NotFoundError):
        await client.companies.get(company_id)
    assert company_id not in [c.id async for c in client.companies.list_for_contact(contact_id)]
    with pytest.raises(NotFoundError) as caught:
        await client.companies.delete(company_id)
    assert_spec_error(caught.value, spec, "DELETE", ONE, 404, "Company Not Found")


# --- lists ---------------------------------------------------------------------------


async def test_list_pages_by_last_request_and_skips_companies_without_contacts(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    lonely = await client.companies.create_or_update(company_id="lonely", name="No contacts")

    pages = [page async for page in client.companies.list(per_page=4).pages()]
    companies = [company for page in pages for company in page]
    assert lonely.id not in {c.id for c in companies}
    assert all(c.user_count for c in companies)
    assert len(pages) == -(-len(companies) // 4)
    assert all(len(page) == 4 for page in pages[:-1])
    assert pages[0].total_count == len(companies)
    seen = [c.last_request_at for c in companies]
    assert seen == sorted(seen, reverse=True)  # type: ignore[type-var]

    ascending = await client.companies.list(per_page=4, order="asc").to_list()
    assert [c.id for c in ascending] == [c.id for c in reversed(companies)]
    posts = [path for method, path in fake.requests if method == "POST"]
    assert "/companies/list?page=2&per_page=4&order=asc" in posts

    contact_id = next(iter(fake.store.contacts))
    await client.companies.attach_to_contact(contact_id, company_id=lonely.id)
    assert lonely.id in {c.id async for c in client.companies.list()}


async def test_list_arguments_are_checked(client: intercom_async.Client) -> None:
    with pytest.raises(ValueError, match="per_page must be a positive integer"):
        client.companies.list(per_page=0)
    with pytest.raises(ValueError, match="order must be 'asc' or 'desc'"):
        client.companies.list(order="up")  # type: ignore[arg-type]


async def test_contacts_of_a_company_page_by_fifty(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    company_id = next(iter(fake.store.companies))
    for contact_id in fake.store.contacts:
        await client.companies.attach_to_contact(contact_id, company_id=company_id)

    pages = [page async for page in client.companies.list_contacts(company_id).pages()]
    assert [len(page) for page in pages] == [50, len(fake.store.contacts) - 50]
    assert [c.id for page in pages for c in page] == list(fake.store.contacts)
    assert (await client.companies.get(company_id)).user_count == len(fake.store.contacts)
    with pytest.raises(NotFoundError) as caught:
        await client.companies.list_contacts("nope").to_list()
    assert_spec_error(caught.value, spec, "GET", ONE + "/contacts", 404, "Company Not Found")


async def test_segments_of_a_company_follow_its_size(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    company = await client.companies.create_or_update(company_id="big", size=500)
    assert [s.name for s in await client.companies.list_segments(company.id).to_list()] == [
        "Large companies"
    ]
    assert company.segments is not None
    assert [s.name for s in company.segments.segments] == ["Large companies"]

    await client.companies.update(company.id, size=5)
    assert await client.companies.list_segments(company.id).to_list() == []
    with pytest.raises(NotFoundError) as caught:
        await client.companies.list_segments("nope").to_list()
    assert_spec_error(caught.value, spec, "GET", ONE + "/segments", 404, "Company Not Found")


# --- scroll --------------------------------------------------------------------------


async def test_scroll_walks_every_company_with_its_scroll_param(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    fake.store.company_state.scroll_page_size = 6
    expected = sorted(fake.store.companies.values(), key=lambda c: (c["created_at"], c["id"]))

    scroll = client.companies.scroll()
    assert isinstance(scroll, intercom_async.AsyncPager)
    pages = [page async for page in scroll.pages()]
    assert [len(page) for page in pages] == [6, 6, 6, 2]
    assert all(page.has_next and page.total_count is None for page in pages)
    assert [c.id for page in pages for c in page] == [c["id"] for c in expected]
    assert scroll.scroll_param is None

    calls = [path for method, path in fake.requests if path.startswith("/companies/scroll")]
    assert calls[0] == "/companies/scroll"
    params = {path.partition("scroll_param=")[2] for path in calls[1:]}
    assert len(calls) == 5
    assert len(params) == 1
    assert "" not in params

    again = await client.companies.scroll().to_list()
    assert len(again) == len(expected)


async def test_a_null_scroll_answer_ends_the_scroll(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    state = fake.store.company_state
    state.scroll_page_size, state.scroll_end = 6, "null"
    expected = sorted(fake.store.companies.values(), key=lambda c: (c["created_at"], c["id"]))

    scroll = client.companies.scroll()
    pages = [page async for page in scroll.pages()]
    assert [len(page) for page in pages] == [6, 6, 6, 2]
    assert [c.id for page in pages for c in page] == [c["id"] for c in expected]
    assert scroll.scroll_param is None
    calls = [path for _, path in fake.requests if path.startswith("/companies/scroll")]
    assert len(calls) == 5  # the fifth answered `null`
    assert state.scroll is None  # spent: the next scroll may start

    fake.store.companies.clear()
    empty = client.companies.scroll()
    assert await empty.to_list() == []  # `null` from the first call: no companies at all
    assert empty.scroll_param is None


async def test_one_scroll_at_a_time_until_it_expires(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    state = fake.store.company_state
    state.scroll_page_size = 5
    now = [1000.0]
    state.clock = lambda: now[0]

    first = client.companies.scroll()
    walk = first.pages()
    await anext(walk)
    assert first.scroll_param is not None
    with pytest.raises(BadRequestError, match="scroll already exists"):
        await client.companies.scroll().to_list()

    now[0] += SCROLL_TTL + 1
    with pytest.raises(BadRequestError, match="invalid or has expired"):
        await anext(walk)
    await walk.aclose()
    assert len(await client.companies.scroll().to_list()) == len(fake.store.companies)


async def test_scroll_is_never_retried_but_the_company_list_is() -> None:
    calls: list[str] = []

    async def broken(request: web.Request) -> web.Response:
        calls.append(f"{request.method} {request.path_qs}")
        return web.json_response({"type": "error.list", "errors": []}, status=500)

    app = web.Application()
    app.router.add_get("/companies/scroll", broken)
    app.router.add_post("/companies/list", broken)
    async with TestServer(app) as server:
        base_url = str(server.make_url("")).rstrip("/")
        async with intercom_async.Client(token="t", base_url=base_url, max_retries=2) as client:
            with pytest.raises(ServerError):
                await client.companies.scroll().to_list()
            assert calls == ["GET /companies/scroll"]
            with pytest.raises(ServerError):
                await client.companies.list(per_page=5).to_list()
    assert calls[1:] == ["POST /companies/list?per_page=5"] * 3


async def test_find_by_your_id_or_name(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    stored = list(fake.store.companies.values())[3]
    by_id = await client.companies.find(company_id=stored["company_id"])
    assert by_id.id == stored["id"]
    assert fake.requests[-1] == ("GET", f"/companies?company_id={stored['company_id']}")
    named = next(c for c in fake.store.companies.values() if c["name"] == stored["name"])
    assert (await client.companies.find(name=stored["name"])).id == named["id"]

    with pytest.raises(NotFoundError) as caught:
        await client.companies.find(company_id="nobody")
    assert_spec_error(caught.value, spec, "GET", "/companies", 404, "Company Not Found")
    with pytest.raises(ValueError, match="exactly one of company_id= or name="):
        await client.companies.find()
    with pytest.raises(ValueError, match="exactly one of company_id= or name="):
        await client.companies.find(company_id="a", name="b")


async def test_the_fake_filters_companies_by_tag_and_segment(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    tagged = next(c for c in fake.store.companies.values() if c["tags"]["tags"])
    tag_id = tagged["tags"]["tags"][0]["id"]
    expected = [
        c["id"]
        for c in fake.store.companies.values()
        if tag_id in {t["id"] for t in c["tags"]["tags"]}
    ]
    listed = await client.paginate("/companies", Company, {"tag_id": tag_id}).to_list()
    assert [c.id for c in listed] == expected

    large = next(s for s in await client.segments.list().to_list() if s.name == "Large companies")
    in_segment = await client.paginate("/companies", Company, {"segment_id": large.id}).to_list()
    assert in_segment
    assert all((c.size or 0) >= 100 for c in in_segment)
    assert len(in_segment) == sum(
        (c.get("size") or 0) >= 100 for c in fake.store.companies.values()
    )


@pytest.mark.parametrize("page_size", [1, 3, 19, 20, 21])
async def test_scroll_yields_each_company_once_whatever_the_page_size(
    client: intercom_async.Client, fake: FakeIntercom, page_size: int
) -> None:
    fake.store.company_state.scroll_page_size = page_size
    scroll = client.companies.scroll()
    pages = [page async for page in scroll.pages()]
    ids = [company.id for page in pages for company in page]
    assert sorted(ids) == sorted(fake.store.companies)
    assert len(ids) == len(set(ids))
    assert len(pages) == -(-len(ids) // page_size)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "expected a scroll list with `data`, got list"),
        ({"type": "list", "companies": []}, "expected a scroll list with `data`"),
        ({"type": "list", "data": [], "scroll_param": 7}, "scroll_param should be a string"),
    ],
)
def test_parse_scroll_refuses_other_shapes(payload: Any, message: str) -> None:
    with pytest.raises(DecodeError, match=message):
        parse_scroll(payload)


def test_parse_scroll_reads_items_and_param() -> None:
    page = parse_scroll({"data": [{"id": "1"}], "scroll_param": "abc", "pages": None})
    assert (page.items, page.scroll_param) == ([{"id": "1"}], "abc")
    assert parse_scroll({"data": [], "scroll_param": ""}).scroll_param is None
    assert parse_scroll(None) == ScrollPage(items=[], scroll_param=None)  # nullable in 2.14


async def test_find_goes_the_one_call_path(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    stored = list(fake.store.companies.values())[2]
    sent = len(fake.requests)
    # Identical concurrent finds share one GET, as every declared read does.
    first, second = await asyncio.gather(
        client.companies.find(company_id=stored["company_id"]),
        client.companies.find(company_id=stored["company_id"]),
    )
    assert first is second
    assert first.to_dict() == render_company(fake.store, stored)
    assert len(fake.requests) == sent + 1


async def test_find_reads_a_bare_company_an_empty_list_and_a_misfit() -> None:
    answers: list[Any] = []

    async def handler(request: web.Request) -> web.Response:
        return web.json_response(answers.pop(0))

    company = {"type": "company", "id": "6762f07a", "company_id": "acme-1", "name": "Acme"}
    async with (
        one_route_server("GET", "/companies", handler) as base_url,
        intercom_async.Client(token="t", base_url=base_url) as client,
    ):
        answers.append(company)  # the match itself, as versions before 2.14 may send it
        bare = await client.companies.find(company_id="acme-1")
        assert (bare.id, bare.name, bare.to_dict()) == ("6762f07a", "Acme", company)

        answers.append({"type": "list", "data": [], "total_count": 0})
        with pytest.raises(NotFoundError) as missing:
            await client.companies.find(name="Nobody Inc")
        assert missing.value.code == "company_not_found"
        assert missing.value.url == f"{base_url}/companies?name=Nobody+Inc"

        answers.append({"type": "list", "data": [{**company, "size": "big"}]})
        with pytest.raises(DecodeError) as misfit:
            await client.companies.find(company_id="acme-1")
        assert misfit.value.path == "$.data[0].size"
        assert b'"size": "big"' in misfit.value.body  # the raw body, as received


def test_the_old_name_of_company_deleted_still_imports_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="DeletedCompany is deprecated; use CompanyDeleted"):
        from intercom_async.models import DeletedCompany
    assert DeletedCompany is CompanyDeleted
    with pytest.warns(DeprecationWarning, match="use CompanyDeleted"):
        assert intercom_async.models.companies.DeletedCompany is CompanyDeleted
    assert "DeletedCompany" not in intercom_async.models.__all__
    with pytest.raises(AttributeError, match=r"'intercom_async\.models' has no attribute 'Nope'"):
        intercom_async.models.Nope  # noqa: B018
