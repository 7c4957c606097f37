"""Contact writes and the contact list, end to end against the fake Intercom."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from aiohttp import web

import intercom_async
from intercom_async import (
    NOT_GIVEN,
    BadRequestError,
    ConflictError,
    NotFoundError,
    ServerError,
    UnprocessableEntityError,
)
from intercom_async._bodies import contact_body
from intercom_async._contact_fields import merge_body
from intercom_async._converter import structure
from intercom_async.models import (
    Contact,
    ContactArchived,
    ContactBlocked,
    ContactDeleted,
    ContactUnarchived,
)
from intercom_async.testing import FakeIntercom
from tests.helpers import one_route_server

Json = dict[str, Any]


def writes(fake: FakeIntercom) -> list[tuple[str, str]]:
    return [(method, path) for method, path in fake.requests if method != "GET"]


def first(fake: FakeIntercom, role: str) -> Json:
    return next(c for c in fake.store.contacts.values() if c["role"] == role)


# --- request bodies, without I/O ---------------------------------------------------------


def test_not_given_fields_are_left_out_and_none_is_sent_as_null() -> None:
    body = contact_body(
        {"email": "a@b.c", "name": None, "phone": NOT_GIVEN, "owner_id": 7}, creating=True
    )
    assert body == {"email": "a@b.c", "name": None, "owner_id": 7}
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert not NOT_GIVEN


def test_timestamps_accept_datetimes_and_epoch_seconds() -> None:
    moment = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    body = contact_body({"signed_up_at": moment, "last_seen_at": 1_700_000_000}, creating=False)
    assert body == {"signed_up_at": 1_704_164_645, "last_seen_at": 1_700_000_000}


@pytest.mark.parametrize(
    ("fields", "creating", "error", "message"),
    [
        ({"name": "Ada"}, True, ValueError, "needs at least one of email, external_id or role"),
        ({}, False, ValueError, "update\\(\\) needs at least one field"),
        ({"email": None}, True, ValueError, "email cannot be None"),
        ({"role": "admin"}, True, ValueError, "role must be 'user' or 'lead', got 'admin'"),
        ({"email": 5}, True, TypeError, "email must be str, got int 5"),
        ({"owner_id": True}, False, TypeError, "owner_id must be int, got bool"),
        ({"owner_id": "12"}, False, TypeError, "owner_id must be int, got str"),
        ({"unsubscribed_from_emails": 1}, False, TypeError, "must be bool, got int"),
        ({"custom_attributes": ["a"]}, False, TypeError, "custom_attributes must be a mapping"),
        ({"signed_up_at": "2024-01-01"}, False, TypeError, "signed_up_at must be datetime or int"),
        ({"signed_up_at": datetime(2024, 1, 1)}, False, ValueError, "naive datetime"),
        ({"nickname": "x"}, False, TypeError, "unknown contact field 'nickname'"),
    ],
)
def test_bad_fields_are_refused_with_their_name(
    fields: Json, creating: bool, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        contact_body(fields, creating=creating)


def test_merge_body_uses_the_spec_keys() -> None:
    assert merge_body("lead1", "user1") == {"from": "lead1", "into": "user1"}
    with pytest.raises(ValueError, match="into itself"):
        merge_body("a", "a")
    with pytest.raises(ValueError, match="from_id must be a non-empty contact id"):
        merge_body("", "a")


# --- list -----------------------------------------------------------------------------------


async def test_list_walks_every_contact_a_page_per_request(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    pager = client.contacts.list(per_page=25)
    assert fake.requests == []
    seen, requests_when_seen = [], []
    async for contact in pager:
        assert isinstance(contact, Contact)
        seen.append(contact.id)
        requests_when_seen.append(len(fake.requests))
    assert seen == list(fake.store.contacts)
    assert len(fake.requests) == 3
    assert fake.requests[0] == ("GET", "/contacts?per_page=25")
    assert all("starting_after=" in path for _, path in fake.requests[1:])
    assert requests_when_seen[:25] == [1] * 25
    assert requests_when_seen[25:50] == [2] * 25
    assert requests_when_seen[50:] == [3] * (len(seen) - 50)


@pytest.mark.parametrize("per_page", [0, 151, -1, "50", True, 2.0])
async def test_list_checks_per_page_before_any_request(
    client: intercom_async.Client, fake: FakeIntercom, per_page: Any
) -> None:
    with pytest.raises(ValueError, match="per_page must be an integer from 1 to 150"):
        client.contacts.list(per_page=per_page)
    assert fake.requests == []


# --- create / update --------------------------------------------------------------------


async def test_create_then_read_back_everywhere(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    owner = int(next(iter(fake.store.admins)))
    signed_up = datetime(2024, 5, 1, 12, tzinfo=timezone.utc)
    created = await client.contacts.create(
        email="grace@navy.test",
        external_id="g-1",
        name="Grace Hopper",
        phone="+15550001",
        avatar="https://example.com/grace.png",
        signed_up_at=signed_up,
        owner_id=owner,
        custom_attributes={"team_mates": 3},
    )
    assert isinstance(created, Contact)
    assert (created.email, created.external_id, created.role) == ("grace@navy.test", "g-1", "user")
    assert created.email_domain == "navy.test"
    assert created.signed_up_at == signed_up
    assert created.avatar is not None
    assert created.avatar.image_url == "https://example.com/grace.png"
    assert created.owner is not None
    assert created.owner.id == str(owner)
    assert created.custom_attributes == {"team_mates": 3}
    assert created.tags.total_count == 0
    assert await client.contacts.get(created.id) == created
    assert (await client.contacts.find_by_external_id("g-1")).id == created.id
    assert created.id in [c.id async for c in client.contacts.list(per_page=150)]
    assert writes(fake) == [("POST", "/contacts")]


async def test_create_lead_without_email(client: intercom_async.Client) -> None:
    lead = await client.contacts.create(role="lead", name=None)
    assert (lead.role, lead.email, lead.name, lead.signed_up_at) == ("lead", None, None, None)


async def test_create_answers_like_the_spec_example(
    client: intercom_async.Client, spec: Json
) -> None:
    """The spec's request example gives its response example (ids and times aside)."""
    operation = spec["paths"]["/contacts"]["post"]
    request = operation["requestBody"]["content"]["application/json"]["examples"]["successful"]
    expected = example_values(spec, "/contacts", "post")[0]
    answer = await client.request("POST", "/contacts", json=request["value"])
    varying = {"id", "workspace_id", "created_at", "updated_at", "tags", "notes", "companies"}
    varying |= {"opted_in_subscription_types", "opted_out_subscription_types", "email_domain"}
    assert {k: v for k, v in answer.payload.items() if k not in varying} == {
        k: v for k, v in expected.items() if k not in varying
    }


async def test_update_changes_only_what_is_given(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    stored = first(fake, "user")
    before = await client.contacts.get(stored["id"])
    assert before.name is not None

    renamed = await client.contacts.update(stored["id"], phone="+15559999")
    assert renamed.phone == "+15559999"
    assert renamed.name == before.name
    assert renamed.email == before.email

    cleared = await client.contacts.update(stored["id"], name=None, custom_attributes={"tier": "x"})
    assert cleared.name is None
    assert cleared.phone == "+15559999"
    assert cleared.custom_attributes == {**before.custom_attributes, "tier": "x"}
    assert await client.contacts.get(stored["id"]) == cleared
    assert writes(fake) == [("PUT", f"/contacts/{stored['id']}")] * 2


async def test_duplicates_conflict_like_intercom(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    user = first(fake, "user")
    with pytest.raises(ConflictError) as by_email:
        await client.contacts.create(email=user["email"].upper())
    assert by_email.value.status == 409
    assert by_email.value.code == "conflict"
    assert f"already exists with id={user['id']}" in str(by_email.value)
    with pytest.raises(ConflictError):
        await client.contacts.create(external_id=user["external_id"], role="lead")
    other = next(c for c in fake.store.contacts.values() if c["role"] == "user" and c is not user)
    with pytest.raises(ConflictError):
        await client.contacts.update(other["id"], email=user["email"])
    # Leads may share an email; the rejected writes changed nothing.
    lead = await client.contacts.create(role="lead", email=user["email"])
    assert lead.email == user["email"]
    assert fake.store.contacts[other["id"]]["email"] == other["email"]


async def test_fake_refuses_malformed_bodies(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    cases: list[tuple[Json, type[Exception], str]] = [
        ({}, BadRequestError, "parameter_not_found"),
        ({"email": 5}, BadRequestError, "parameter_invalid"),
        ({"email": None}, BadRequestError, "parameter_invalid"),
        ({"email": "x@y.z", "nickname": "x"}, BadRequestError, "parameter_invalid"),
        ({"role": "admin"}, BadRequestError, "parameter_invalid"),
        ({"email": "x@y.z", "owner_id": 1}, UnprocessableEntityError, "parameter_invalid"),
    ]
    for body, error, code in cases:
        with pytest.raises(error) as refused:
            await client.request("POST", "/contacts", json=body)
        assert isinstance(refused.value, intercom_async.APIError)
        assert refused.value.code == code, body
    assert len(fake.store.contacts) == 60


async def test_unknown_ids_are_not_found_and_quoted(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    with pytest.raises(NotFoundError):
        await client.contacts.update("no/such", name="x")
    with pytest.raises(NotFoundError):
        await client.contacts.delete("nope")
    for action in (client.contacts.archive, client.contacts.unarchive, client.contacts.block):
        with pytest.raises(NotFoundError):
            await action("nope")
    assert fake.requests[0] == ("PUT", "/contacts/no%2Fsuch")


# --- delete, merge, archive, block ----------------------------------------------------------


async def test_delete_removes_the_contact_everywhere(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    stored = first(fake, "user")
    deleted = await client.contacts.delete(stored["id"])
    assert deleted == ContactDeleted(
        id=stored["id"], external_id=stored["external_id"], deleted=True
    )
    with pytest.raises(NotFoundError):
        await client.contacts.get(stored["id"])
    assert stored["id"] not in [c.id async for c in client.contacts.list(per_page=150)]
    assert not fake.store.notes_of(stored["id"])
    with pytest.raises(NotFoundError):
        await client.contacts.delete(stored["id"])


async def test_merge_folds_a_lead_into_a_user(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    lead, user = first(fake, "lead"), first(fake, "user")
    lead_tags = set(fake.store.contact_tags[lead["id"]])
    user_tags = set(fake.store.contact_tags[user["id"]])
    merged = await client.contacts.merge(from_id=lead["id"], into_id=user["id"])
    assert merged.id == user["id"]
    assert merged.role == "user"
    assert merged.tags.total_count == len(lead_tags | user_tags)
    with pytest.raises(NotFoundError):
        await client.contacts.get(lead["id"])
    assert lead["id"] not in [c.id async for c in client.contacts.list(per_page=150)]
    assert writes(fake) == [("POST", "/contacts/merge")]


async def test_merge_needs_a_lead_into_a_user(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    lead, user = first(fake, "lead"), first(fake, "user")
    with pytest.raises(BadRequestError, match="from must be a lead"):
        await client.contacts.merge(from_id=user["id"], into_id=lead["id"])
    with pytest.raises(NotFoundError):
        await client.contacts.merge(from_id="nope", into_id=user["id"])
    assert lead["id"] in fake.store.contacts


async def test_archive_unarchive_block(client: intercom_async.Client, fake: FakeIntercom) -> None:
    stored = first(fake, "user")
    cid, external_id = stored["id"], stored["external_id"]

    async def listed() -> bool:
        return cid in [c.id async for c in client.contacts.list(per_page=150)]

    archived = await client.contacts.archive(cid)
    assert archived == ContactArchived(id=cid, external_id=external_id, archived=True)
    assert not await listed()
    unarchived = await client.contacts.unarchive(cid)
    assert unarchived == ContactUnarchived(id=cid, external_id=external_id, archived=False)
    assert await listed()
    blocked = await client.contacts.block(cid)
    assert blocked == ContactBlocked(id=cid, external_id=external_id, blocked=True)
    assert writes(fake) == [
        ("POST", f"/contacts/{cid}/archive"),
        ("POST", f"/contacts/{cid}/unarchive"),
        ("POST", f"/contacts/{cid}/block"),
    ]


async def test_writes_are_not_retried_blindly() -> None:
    """A 503 after a POST may mean the contact exists: it is reported, not resent."""
    calls: list[str] = []

    async def failing(request: web.Request) -> web.Response:
        calls.append(request.method)
        return web.json_response({"type": "error.list", "errors": []}, status=503)

    async with one_route_server("POST", "/contacts", failing) as url:
        client = intercom_async.Client(token="t", base_url=url, max_retries=3)
        async with client:
            with pytest.raises(ServerError):
                await client.contacts.create(email="a@b.c")
    assert calls == ["POST"]


# --- the spec's examples structure into the returned models ----------------------------


def example_values(spec: Json, path: str, method: str) -> list[Json]:
    content = spec["paths"][path][method]["responses"]["200"]["content"]["application/json"]
    return [example["value"] for example in content.get("examples", {}).values()]


def schema_example(spec: Json, name: str) -> Json:
    """An object built from the `example` of every property of a schema (and its allOf)."""
    schema = spec["components"]["schemas"][name]
    built: Json = {}
    for part in schema.get("allOf", []):
        built.update(schema_example(spec, part["$ref"].rsplit("/", 1)[1]))
    for key, prop in schema.get("properties", {}).items():
        built[key] = prop["example"]
    return built


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/contacts", "post"),
        ("/contacts/{contact_id}", "put"),
        ("/contacts/merge", "post"),
    ],
)
def test_spec_contact_examples_structure(spec: Json, path: str, method: str) -> None:
    values = example_values(spec, path, method)
    assert values
    for value in values:
        contact = structure(value, Contact, None)
        assert contact.id == value["id"]
        assert contact.to_dict() == value


@pytest.mark.parametrize(("path", "method"), [("/contacts", "get"), ("/contacts/search", "post")])
def test_spec_list_examples_structure(spec: Json, path: str, method: str) -> None:
    from intercom_async._pagination import parse_page

    for value in example_values(spec, path, method):
        page = parse_page(value, "https://api.intercom.io", ("data",))
        assert structure(page.items, tuple[Contact, ...], None) == ()
        assert page.total_count == value["total_count"]


@pytest.mark.parametrize(
    ("schema", "model", "flag"),
    [
        ("contact_deleted", ContactDeleted, "deleted"),
        ("contact_archived", ContactArchived, "archived"),
        ("contact_unarchived", ContactUnarchived, "archived"),
        ("contact_blocked", ContactBlocked, "blocked"),
    ],
)
def test_spec_status_schemas_structure(
    spec: Json, schema: str, model: type[Any], flag: str
) -> None:
    value = schema_example(spec, schema)
    assert set(value) == {"type", "id", "external_id", flag}
    answer = structure(value, model, None)
    assert answer.id == value["id"]
    assert getattr(answer, flag) is value[flag]
    assert answer.to_dict() == value


async def test_fake_answers_have_the_spec_keys(
    client: intercom_async.Client, fake: FakeIntercom, spec: Json
) -> None:
    schema_keys = set(spec["components"]["schemas"]["contact"]["properties"])
    example_keys = set(example_values(spec, "/contacts", "post")[0]) | schema_keys
    created = await client.request("POST", "/contacts", json={"email": "k@eys.test"})
    assert set(created.payload) == example_keys
    updated = await client.request("PUT", f"/contacts/{created.payload['id']}", json={"name": "K"})
    assert set(updated.payload) == example_keys
    archived = await client.request("POST", f"/contacts/{created.payload['id']}/archive")
    assert set(archived.payload) == set(schema_example(spec, "contact_archived"))
    deleted = await client.request("DELETE", f"/contacts/{created.payload['id']}")
    assert set(deleted.payload) == set(schema_example(spec, "contact_deleted"))
    listed = await client.request("GET", "/contacts", params={"per_page": "2"})
    list_keys = set(spec["components"]["schemas"]["contact_list"]["properties"])
    assert set(listed.payload) == list_keys


async def test_list_pages_render_contacts_exactly_like_get(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    """Pages are rendered through a faster view of the store; the JSON must not differ."""
    heavy = max(fake.store.contacts, key=lambda cid: len(fake.store.notes_of(cid)))
    assert len(fake.store.notes_of(heavy)) > 10
    listed = await client.request("GET", "/contacts", params={"per_page": "150"})
    for item in listed.payload["data"]:
        single = await client.request("GET", f"/contacts/{item['id']}")
        assert item == single.payload


async def test_a_walk_resumes_from_a_kept_cursor(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    everyone = [c.id async for c in client.contacts.list(per_page=25)]
    pages = client.contacts.list(per_page=25).pages()
    first_page = await anext(pages)
    await pages.aclose()
    assert first_page.has_next
    assert first_page.next_cursor is not None

    rest = client.contacts.list(per_page=25, starting_after=first_page.next_cursor)
    resumed = [c.id for c in first_page] + [c.id async for c in rest]

    assert resumed == everyone
    search = client.contacts.search(
        intercom_async.Q.field("role").in_(["user", "lead"]), per_page=25
    ).pages()
    found = await anext(search)
    await search.aclose()
    assert found.next_cursor is not None
    again = client.contacts.search(
        {"field": "role", "operator": "IN", "value": ["user", "lead"]},
        per_page=25,
        starting_after=found.next_cursor,
    )
    assert len([c async for c in again]) + len(found) == found.total_count
