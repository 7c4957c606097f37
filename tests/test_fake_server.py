"""Tests of the fake Intercom API server itself, over real loopback HTTP."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Mapping
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from yarl import URL

from intercom_async.testing import FakeIntercom

TOKEN = "test-token"

Json = dict[str, Any]


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeIntercom]:
    async with FakeIntercom(seed=7, contacts=120, token=TOKEN) as server:
        yield server


@pytest_asyncio.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    headers = {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json"}
    async with aiohttp.ClientSession(headers=headers) as client:
        yield client


async def fetch(
    session: aiohttp.ClientSession, url: str | URL, **kwargs: Any
) -> tuple[int, Json, Mapping[str, str]]:
    async with session.get(url, **kwargs) as response:
        assert response.content_type == "application/json"
        assert response.charset == "utf-8"
        return response.status, await response.json(), response.headers


def contact_with(fake: FakeIntercom, predicate: Any) -> str:
    return next(cid for cid in fake.store.contacts if predicate(cid))


def assert_error(body: Json, headers: Mapping[str, str], code: str, message: str) -> None:
    assert set(body) == {"type", "request_id", "errors"}
    assert body["type"] == "error.list"
    assert body["errors"] == [{"code": code, "message": message}]
    assert str(uuid.UUID(body["request_id"])) == body["request_id"]
    assert headers["X-Request-Id"] == body["request_id"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}],
    ids=["missing", "wrong-token", "wrong-scheme"],
)
@pytest.mark.parametrize("path", ["/me", "/contacts/nope", "/no/such/route"])
async def test_unauthorized(fake: FakeIntercom, headers: dict[str, str], path: str) -> None:
    async with aiohttp.ClientSession(headers=headers) as anonymous:
        status, body, response_headers = await fetch(anonymous, fake.url + path)
    assert status == 401
    assert_error(body, response_headers, "unauthorized", "Access Token Invalid")


async def test_contact_has_every_spec_property(
    fake: FakeIntercom, session: aiohttp.ClientSession, spec: Json
) -> None:
    schema_keys = set(spec["components"]["schemas"]["contact"]["properties"])
    operation = spec["paths"]["/contacts/{contact_id}"]["get"]
    examples = operation["responses"]["200"]["content"]["application/json"]["examples"]
    example_keys = set(next(iter(examples.values()))["value"])
    for cid in list(fake.store.contacts)[:25]:
        status, body, _ = await fetch(session, f"{fake.url}/contacts/{cid}")
        assert status == 200
        assert set(body) == schema_keys | example_keys
        assert body["id"] == cid
        assert len(cid) == 24
        int(cid, 16)
        for key in ("created_at", "updated_at"):
            assert isinstance(body[key], int)
        assert body["location"]["type"] == "location"
        assert body["social_profiles"]["type"] == "list"
        assert body["avatar"] is None or body["avatar"]["type"] == "avatar"
        assert body["owner_id"] is None or str(body["owner_id"]) in fake.store.admins
        for relation in ("tags", "notes", "companies"):
            assert body[relation]["url"] == f"/contacts/{cid}/{relation}"
        for relation in ("opted_in_subscription_types", "opted_out_subscription_types"):
            assert body[relation]["url"] == f"/contacts/{cid}/subscriptions"
            for stub in body[relation]["data"]:
                assert stub == {
                    "type": "subscription",
                    "id": stub["id"],
                    "url": f"/subscription_types/{stub['id']}",
                }


async def test_embedded_lists_cap_at_ten(
    fake: FakeIntercom, session: aiohttp.ClientSession
) -> None:
    cid = contact_with(fake, lambda c: len(fake.store.notes_of(c)) > 10)
    _, body, _ = await fetch(session, f"{fake.url}/contacts/{cid}")
    notes = body["notes"]
    assert notes["total_count"] == len(fake.store.notes_of(cid))
    assert notes["has_more"] is True
    assert len(notes["data"]) == 10
    assert notes["data"][0] == {
        "type": "note",
        "id": notes["data"][0]["id"],
        "url": f"/notes/{notes['data'][0]['id']}",
    }


async def test_same_seed_same_data_different_seed_different() -> None:
    first, second, other = (FakeIntercom(seed=s, contacts=50) for s in (3, 3, 4))
    assert vars(first.store) == vars(second.store)
    assert set(first.store.contacts).isdisjoint(other.store.contacts)
    cid = next(iter(first.store.contacts))
    async with first, second, aiohttp.ClientSession() as client:
        headers = {"Authorization": "Bearer fake-token"}
        _, one, _ = await fetch(client, f"{first.url}/contacts/{cid}", headers=headers)
        _, two, _ = await fetch(client, f"{second.url}/contacts/{cid}", headers=headers)
    assert one == two


def test_workspace_sizes() -> None:
    store = FakeIntercom(seed=1).store
    assert len(store.contacts) == 200
    assert len(store.admins) == 5
    assert len(store.tags) == 12
    assert len(store.companies) == 20
    consents = {st["consent_type"] for st in store.subscription_types.values()}
    assert consents == {"opt_in", "opt_out"}
    assert 3 <= len(store.subscription_types) <= 4
    assert max(len(store.notes_of(c)) for c in store.contacts) > 50
    for contact in store.contacts.values():
        if contact["role"] == "user":
            assert contact["external_id"].startswith("ext-")
        else:
            assert contact["external_id"] is None


@pytest.mark.parametrize("per_page", [None, 7, 150, 500])
async def test_notes_cursor_pagination_walks_everything_once(
    fake: FakeIntercom, session: aiohttp.ClientSession, per_page: int | None
) -> None:
    cid = max(fake.store.contacts, key=lambda c: len(fake.store.notes_of(c)))
    expected = [note["id"] for note in fake.store.notes_of(cid)]
    assert len(expected) > 50
    effective = min(per_page or 50, 150)
    params: dict[str, str | int] = {} if per_page is None else {"per_page": per_page}
    seen: list[str] = []
    for page_number in range(1, 100):
        status, body, _ = await fetch(session, f"{fake.url}/contacts/{cid}/notes", params=params)
        assert status == 200
        assert body["type"] == "list"
        assert body["total_count"] == len(expected)
        pages = body["pages"]
        assert pages["type"] == "pages"
        assert pages["page"] == page_number
        assert pages["per_page"] == effective
        assert pages["total_pages"] == -(-len(expected) // effective)
        seen.extend(note["id"] for note in body["data"])
        if not pages.get("next"):
            break
        assert pages["next"]["per_page"] == effective
        params = {"per_page": effective, "starting_after": pages["next"]["starting_after"]}
    assert seen == expected
    assert page_number == pages["total_pages"]


async def test_note_objects_match_spec_shape(
    fake: FakeIntercom, session: aiohttp.ClientSession
) -> None:
    note_id, note = next(iter(fake.store.notes.items()))
    status, body, _ = await fetch(session, f"{fake.url}/notes/{note_id}")
    assert status == 200
    assert body == note
    assert set(body) == {"type", "id", "created_at", "contact", "author", "body"}
    assert body["contact"] == {"type": "contact", "id": body["contact"]["id"]}
    assert set(body["author"]) == {
        "type",
        "id",
        "name",
        "email",
        "away_mode_enabled",
        "away_mode_reassign",
    }


async def test_invalid_pagination_parameters(
    fake: FakeIntercom, session: aiohttp.ClientSession
) -> None:
    cid = next(iter(fake.store.contacts))
    for query in ("starting_after=bogus", "per_page=abc", "per_page=0"):
        status, body, _ = await fetch(session, f"{fake.url}/contacts/{cid}/notes?{query}")
        assert status == 400
        assert body["errors"][0]["code"] == "parameter_invalid"


async def test_companies_link_pagination_uses_absolute_next(
    fake: FakeIntercom, session: aiohttp.ClientSession
) -> None:
    cid = contact_with(fake, lambda c: len(fake.store.contact_companies[c]) == 3)
    url: str | None = f"{fake.url}/contacts/{cid}/companies?per_page=1"
    seen: list[str] = []
    page = 0
    while url is not None:
        page += 1
        status, body, _ = await fetch(session, url)
        assert status == 200
        assert body["type"] == "list"
        assert body["total_count"] == 3
        assert body["pages"] == {
            "type": "pages",
            "page": page,
            "per_page": 1,
            "total_pages": 3,
            "next": body["pages"]["next"],
        }
        seen.extend(company["id"] for company in body["data"])
        url = body["pages"]["next"]
        if page < 3:
            assert url == f"{fake.url}/contacts/{cid}/companies?page={page + 1}&per_page=1"
    assert page == 3
    assert seen == fake.store.contact_companies[cid]
    _, beyond, _ = await fetch(session, f"{fake.url}/contacts/{cid}/companies?page=9")
    assert beyond["data"] == []
    assert beyond["pages"]["next"] is None


async def test_company_shape(fake: FakeIntercom, session: aiohttp.ClientSession) -> None:
    company_id = next(iter(fake.store.companies))
    status, body, _ = await fetch(session, f"{fake.url}/companies/{company_id}")
    assert status == 200
    assert set(body) == {
        "type", "company_id", "id", "app_id", "name", "remote_created_at", "created_at",
        "updated_at", "last_request_at", "monthly_spend", "session_count", "user_count",
        "size", "website", "industry", "plan", "custom_attributes", "tags", "segments",
    }  # fmt: skip
    assert body["tags"]["type"] == "tag.list"
    assert body["segments"] == {"type": "segment.list", "segments": []}
    attached = sum(company_id in ids for ids in fake.store.contact_companies.values())
    assert body["user_count"] == attached


async def test_collection_endpoints(fake: FakeIntercom, session: aiohttp.ClientSession) -> None:
    store = fake.store
    _, tags, _ = await fetch(session, f"{fake.url}/tags")
    assert tags == {"type": "list", "data": list(store.tags.values())}
    tag_id = next(iter(store.tags))
    _, tag, _ = await fetch(session, f"{fake.url}/tags/{tag_id}")
    assert tag == {"type": "tag", "id": tag_id, "name": store.tags[tag_id]["name"]}
    _, subscription_types, _ = await fetch(session, f"{fake.url}/subscription_types")
    assert subscription_types["type"] == "list"
    assert [s["id"] for s in subscription_types["data"]] == list(store.subscription_types)
    _, admins, _ = await fetch(session, f"{fake.url}/admins")
    assert admins["type"] == "admin.list"
    assert len(admins["admins"]) == len(store.admins)
    admin_id = next(iter(store.admins))
    _, admin, _ = await fetch(session, f"{fake.url}/admins/{admin_id}")
    assert admin["type"] == "admin"
    assert {"id", "name", "email", "team_ids", "job_title", "avatar"} <= set(admin)
    _, me, _ = await fetch(session, f"{fake.url}/me")
    assert me["id"] == admin_id
    assert me["app"]["type"] == "app"
    assert me["avatar"]["type"] == "avatar"


async def test_contact_relations(fake: FakeIntercom, session: aiohttp.ClientSession) -> None:
    store = fake.store
    cid = contact_with(
        fake,
        lambda c: (
            store.contact_tags[c] and store.contact_opted_in[c] and store.contact_opted_out[c]
        ),
    )
    _, tags, _ = await fetch(session, f"{fake.url}/contacts/{cid}/tags")
    assert tags["type"] == "list"
    assert [t["id"] for t in tags["data"]] == list(store.contact_tags[cid])
    for tag in tags["data"]:
        assert set(tag) == {"type", "id", "name", "applied_at", "applied_by"}
        assert tag["applied_by"]["type"] == "admin"
    _, subscriptions, _ = await fetch(session, f"{fake.url}/contacts/{cid}/subscriptions")
    expected = set(store.contact_opted_in[cid]) | set(store.contact_opted_out[cid])
    assert {s["id"] for s in subscriptions["data"]} == expected
    external_id = store.contacts[cid]["external_id"] or "missing"
    status, found, _ = await fetch(
        session, f"{fake.url}/contacts/find_by_external_id/{external_id}"
    )
    assert (status, found.get("id")) == ((200, cid) if external_id != "missing" else (404, None))


@pytest.mark.parametrize(
    ("path", "code", "message"),
    [
        ("/contacts/000000000000000000000000", "not_found", "User Not Found"),
        ("/contacts/000000000000000000000000/tags", "not_found", "User Not Found"),
        ("/contacts/000000000000000000000000/notes", "not_found", "User Not Found"),
        ("/contacts/000000000000000000000000/companies", "not_found", "User Not Found"),
        ("/contacts/000000000000000000000000/subscriptions", "not_found", "User Not Found"),
        ("/contacts/find_by_external_id/ext-nope", "not_found", "User Not Found"),
        ("/tags/999999", "not_found", "Resource Not Found"),
        ("/notes/999999", "not_found", "Resource Not Found"),
        ("/companies/nope", "company_not_found", "Company Not Found"),
        ("/admins/1", "admin_not_found", "Admin not found"),
        ("/subscription_types/1", "not_found", "Resource Not Found"),
        ("/no/such/route", "not_found", "Resource Not Found"),
        ("/contacts/%2E%2E%2Fadmins", "not_found", "User Not Found"),
        ("/contacts/..%2Fadmins/notes", "not_found", "User Not Found"),
    ],
)
async def test_not_found_bodies(
    fake: FakeIntercom, session: aiohttp.ClientSession, path: str, code: str, message: str
) -> None:
    url = URL(fake.url + path, encoded=True)
    status, body, headers = await fetch(session, url)
    assert status == 404
    assert_error(body, headers, code, message)


async def test_wrong_method_is_not_found(
    fake: FakeIntercom, session: aiohttp.ClientSession
) -> None:
    async with session.delete(f"{fake.url}/tags") as response:
        assert response.status == 404
        assert_error(await response.json(), response.headers, "not_found", "Resource Not Found")


async def test_rate_limit_headers(fake: FakeIntercom, session: aiohttp.ClientSession) -> None:
    remaining: list[int] = []
    request_ids: set[str] = set()
    for path in ("/tags", "/admins", "/nope"):
        _, _, headers = await fetch(session, fake.url + path)
        assert headers["X-RateLimit-Limit"] == "10000"
        reset = int(headers["X-RateLimit-Reset"])
        assert reset % 10 == 0
        assert time.time() - 1 < reset <= time.time() + 10
        remaining.append(int(headers["X-RateLimit-Remaining"]))
        request_ids.add(headers["X-Request-Id"])
    assert len(request_ids) == 3
    assert remaining[0] < 10000


async def test_rate_limit_window(fake: FakeIntercom, session: aiohttp.ClientSession) -> None:
    now = [1_700_000_003.0]
    fake.state.rate_limiter.clock = lambda: now[0]
    seen: list[tuple[str, str]] = []
    for clock in (1_700_000_003.0, 1_700_000_004.0, 1_700_000_009.9, 1_700_000_010.0):
        now[0] = clock
        _, _, headers = await fetch(session, f"{fake.url}/tags")
        seen.append((headers["X-RateLimit-Remaining"], headers["X-RateLimit-Reset"]))
    assert seen == [
        ("9999", "1700000010"),
        ("9998", "1700000010"),
        ("9997", "1700000010"),
        ("9999", "1700000020"),
    ]


async def test_requests_are_recorded(fake: FakeIntercom, session: aiohttp.ClientSession) -> None:
    cid = next(iter(fake.store.contacts))
    await fetch(session, f"{fake.url}/contacts/{cid}")
    await fetch(session, f"{fake.url}/contacts/{cid}/notes?per_page=5")
    await fetch(session, f"{fake.url}/missing")
    assert fake.requests == [
        ("GET", f"/contacts/{cid}"),
        ("GET", f"/contacts/{cid}/notes?per_page=5"),
        ("GET", "/missing"),
    ]


async def test_store_changes_are_served(fake: FakeIntercom, session: aiohttp.ClientSession) -> None:
    tag_id = next(iter(fake.store.tags))
    fake.store.tags[tag_id]["name"] = "Renamed"
    _, tag, _ = await fetch(session, f"{fake.url}/tags/{tag_id}")
    assert tag["name"] == "Renamed"
    del fake.store.tags[tag_id]
    status, _, _ = await fetch(session, f"{fake.url}/tags/{tag_id}")
    assert status == 404


async def test_explicit_start_stop() -> None:
    server = FakeIntercom(contacts=3)
    with pytest.raises(RuntimeError):
        _ = server.url
    await server.start()
    try:
        assert server.url.startswith("http://127.0.0.1:")
        assert not server.url.endswith(":0")
        with pytest.raises(RuntimeError):
            await server.start()
        async with aiohttp.ClientSession() as client:
            headers = {"Authorization": f"Bearer {server.token}"}
            status, _, _ = await fetch(client, server.url + "/me", headers=headers)
        assert status == 200
    finally:
        await server.stop()
    await server.stop()
