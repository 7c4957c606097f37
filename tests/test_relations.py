"""A contact's relations (tags, notes, companies, subscriptions, segments) end to end."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

import intercom_async
from intercom_async import BadRequestError, NotFoundError, ServerError
from intercom_async._converter import structure
from intercom_async._endpoints import OPERATIONS
from intercom_async._operations import Operation
from intercom_async._pagination import parse_page
from intercom_async._scroll import parse_scroll
from intercom_async.models import (
    Admin,
    Company,
    CompanyDeleted,
    Contact,
    Note,
    Segment,
    SubscriptionType,
    Tag,
)
from intercom_async.testing import FakeIntercom
from intercom_async.testing._fake_companies import COMPANY_CONTACT_LIMIT

from .spec_support import assert_spec_error, response_examples

MISSING_CONTACT = "000000000000000000000000"

# Every endpoint this slice covers, with the model of its 200 answer (or of its items).
SINGLE = [
    ("GET", "/me", Admin),
    ("GET", "/admins/{admin_id}", Admin),
    ("GET", "/tags/{tag_id}", Tag),
    ("POST", "/tags", Tag),
    ("POST", "/contacts/{contact_id}/tags", Tag),
    ("DELETE", "/contacts/{contact_id}/tags/{tag_id}", Tag),
    ("GET", "/notes/{note_id}", Note),
    ("POST", "/contacts/{contact_id}/notes", Note),
    ("GET", "/companies/{company_id}", Company),
    ("POST", "/companies", Company),
    ("PUT", "/companies/{company_id}", Company),
    ("DELETE", "/companies/{company_id}", CompanyDeleted),
    ("POST", "/contacts/{contact_id}/companies", Company),
    ("DELETE", "/contacts/{contact_id}/companies/{company_id}", Company),
    ("POST", "/contacts/{contact_id}/subscriptions", SubscriptionType),
    ("DELETE", "/contacts/{contact_id}/subscriptions/{subscription_id}", SubscriptionType),
    ("GET", "/segments/{segment_id}", Segment),
]
LISTS = [op for op in OPERATIONS if op.is_list and op.paging == "pages"]


@pytest.mark.parametrize(("method", "path", "model"), SINGLE)
def test_spec_examples_of_single_objects_round_trip(
    spec: dict[str, Any], method: str, path: str, model: type[Any]
) -> None:
    examples = response_examples(spec, method, path, "200")
    assert examples, f"no 200 example for {method} {path}"
    for payload in examples.values():
        assert structure(payload, model, None).to_dict() == payload


@pytest.mark.parametrize("operation", LISTS, ids=lambda op: op.endpoint)
def test_spec_examples_of_lists_round_trip(spec: dict[str, Any], operation: Operation[Any]) -> None:
    """Every declared list: its item keys find the items of the spec's examples."""
    examples = response_examples(spec, operation.method, operation.path, "200")
    assert examples, f"no 200 example for {operation.endpoint}"
    for payload in examples.values():
        items = parse_page(payload, "https://api.intercom.io", operation.items).items
        objects = structure(items, tuple[operation.response, ...], None)  # type: ignore[name-defined]
        assert [obj.to_dict() for obj in objects] == items


def test_spec_example_of_company_scroll_round_trips(spec: dict[str, Any]) -> None:
    (payload,) = response_examples(spec, "GET", "/companies/scroll", "200").values()
    scroll = parse_scroll(payload)
    assert scroll.scroll_param == payload["scroll_param"]
    companies = structure(scroll.items, tuple[Company, ...], None)
    assert [company.to_dict() for company in companies] == payload["data"]


def a_contact(fake: FakeIntercom) -> str:
    return next(iter(fake.store.contacts))


def untagged_tag(fake: FakeIntercom, contact_id: str) -> str:
    applied = fake.store.contact_tags[contact_id]
    return next(tag_id for tag_id in fake.store.tags if tag_id not in applied)


# --- tags ----------------------------------------------------------------------------


async def test_attach_and_detach_a_tag(client: intercom_async.Client, fake: FakeIntercom) -> None:
    contact_id = a_contact(fake)
    tag_id = untagged_tag(fake, contact_id)
    before = {tag.id for tag in await client.tags.list_for_contact(contact_id).to_list()}

    tag = await client.tags.attach_to_contact(contact_id, tag_id=tag_id)
    assert (tag.id, tag.name) == (tag_id, fake.store.tags[tag_id]["name"])
    assert tag.applied_at is not None
    assert tag.applied_by is not None
    assert tag.applied_by.id == (await client.admins.me()).id
    listed = {tag.id for tag in await client.tags.list_for_contact(contact_id).to_list()}
    assert listed == before | {tag_id}
    contact = await client.contacts.get(contact_id)
    assert tag_id in {ref.id for ref in contact.tags.refs}

    again = await client.tags.attach_to_contact(contact_id, tag_id=tag_id)
    assert again.applied_at == tag.applied_at

    removed = await client.tags.detach_from_contact(contact_id, tag_id=tag_id)
    assert removed.id == tag_id
    listed = {tag.id for tag in await client.tags.list_for_contact(contact_id).to_list()}
    assert listed == before
    contact = await client.contacts.get(contact_id)
    assert tag_id not in {ref.id for ref in contact.tags.refs}


async def test_tag_errors_match_the_spec(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    contact_id = a_contact(fake)
    tag_id = next(iter(fake.store.tags))
    attach = "/contacts/{contact_id}/tags"
    detach = "/contacts/{contact_id}/tags/{tag_id}"
    with pytest.raises(NotFoundError) as caught:
        await client.tags.attach_to_contact(contact_id, tag_id="999999")
    assert_spec_error(caught.value, spec, "POST", attach, 404, "Tag not found")
    with pytest.raises(NotFoundError) as caught:
        await client.tags.attach_to_contact(MISSING_CONTACT, tag_id=tag_id)
    assert_spec_error(caught.value, spec, "POST", attach, 404, "Contact not found")
    with pytest.raises(NotFoundError) as caught:
        await client.tags.detach_from_contact(contact_id, tag_id="999999")
    assert_spec_error(caught.value, spec, "DELETE", detach, 404, "Tag not found")
    with pytest.raises(NotFoundError) as caught:
        await client.tags.list_for_contact(MISSING_CONTACT).to_list()
    assert_spec_error(caught.value, spec, "GET", attach, 404, "Contact not found")


async def test_ids_in_relation_paths_are_quoted(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    tag_id = next(iter(fake.store.tags))
    with pytest.raises(NotFoundError, match="User Not Found"):
        await client.tags.attach_to_contact("../tags", tag_id=tag_id)
    assert fake.requests[-1] == ("POST", "/contacts/..%2Ftags/tags")


async def test_writes_are_not_retried_but_reads_are() -> None:
    calls: list[str] = []

    async def unavailable(request: web.Request) -> web.Response:
        calls.append(request.method)
        return web.json_response({"type": "error.list", "errors": []}, status=503)

    app = web.Application()
    app.router.add_route("*", "/contacts/c1/tags", unavailable)
    async with TestServer(app) as server:
        base_url = str(server.make_url("")).rstrip("/")
        async with intercom_async.Client(token="t", base_url=base_url, max_retries=2) as client:
            with pytest.raises(ServerError):
                await client.tags.attach_to_contact("c1", tag_id="7")
            assert calls == ["POST"]
            with pytest.raises(ServerError):
                await client.tags.list_for_contact("c1").to_list()
    assert calls == ["POST", "GET", "GET", "GET"]


# --- notes ---------------------------------------------------------------------------


def heavy_contact(fake: FakeIntercom) -> str:
    return max(fake.store.contacts, key=lambda cid: len(fake.store.notes_of(cid)))


async def test_notes_of_a_contact_walk_every_cursor_page(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = heavy_contact(fake)
    expected = [note["id"] for note in fake.store.notes_of(contact_id)]
    assert len(expected) > 100

    pager = client.notes.list_for_contact(contact_id)
    pages = [page async for page in pager.pages()]
    assert len(pages) == -(-len(expected) // 50)
    assert [note.id for page in pages for note in page] == expected
    assert all(note.contact is not None and note.contact.id == contact_id for note in pages[0])
    assert pages[0].total_count == len(expected)


async def test_create_a_note(client: intercom_async.Client, fake: FakeIntercom) -> None:
    contact_id = a_contact(fake)
    admin_id = list(fake.store.admins)[1]

    note = await client.notes.create(contact_id, body="Hello <team>", admin_id=admin_id)
    assert note.body == "<p>Hello &lt;team&gt;</p>"
    assert note.author is not None
    assert note.author.id == admin_id
    assert note.contact is not None
    assert note.contact.id == contact_id
    assert await client.notes.get(note.id) == note
    newest = await anext(aiter(client.notes.list_for_contact(contact_id)))
    assert newest == note
    contact = await client.contacts.get(contact_id)
    assert contact.notes is not None
    assert note.id in {ref.id for ref in contact.notes.refs}

    by_token_owner = await client.notes.create(contact_id, body="<p>Already HTML</p>")
    assert by_token_owner.body == "<p>Already HTML</p>"
    assert by_token_owner.author is not None
    assert by_token_owner.author.id == (await client.admins.me()).id


async def test_note_errors(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    path = "/contacts/{contact_id}/notes"
    with pytest.raises(NotFoundError) as caught:
        await client.notes.create(MISSING_CONTACT, body="Hello")
    assert_spec_error(caught.value, spec, "POST", path, 404, "Contact not found")
    with pytest.raises(NotFoundError) as caught:
        await client.notes.create(a_contact(fake), body="Hello", admin_id="123")
    assert_spec_error(caught.value, spec, "POST", path, 404, "Admin not found")
    with pytest.raises(NotFoundError) as caught:
        await client.notes.list_for_contact(MISSING_CONTACT).to_list()
    assert_spec_error(caught.value, spec, "GET", path, 404, "Contact not found")
    with pytest.raises(NotFoundError) as caught:
        await client.notes.get("1")
    assert_spec_error(caught.value, spec, "GET", "/notes/{note_id}", 404, "Note not found")

    sent = len(fake.requests)
    with pytest.raises(ValueError, match="body must be a non-empty string"):
        await client.notes.create(a_contact(fake), body="  ")
    assert len(fake.requests) == sent


# --- companies of a contact ----------------------------------------------------------


async def test_attach_and_detach_a_company(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = a_contact(fake)
    attached = fake.store.contact_companies[contact_id]
    company_id = next(cid for cid in fake.store.companies if cid not in attached)
    users_before = (await client.companies.get(company_id)).user_count
    assert users_before is not None
    before = [c.id async for c in client.companies.list_for_contact(contact_id)]

    company = await client.companies.attach_to_contact(contact_id, company_id=company_id)
    assert company.id == company_id
    assert company.user_count == users_before + 1
    listed = [c.id async for c in client.companies.list_for_contact(contact_id)]
    assert listed == [*before, company_id]
    contact = await client.contacts.get(contact_id)
    assert contact.companies is not None
    assert company_id in {ref.id for ref in contact.companies.refs}
    members = [c.id async for c in client.companies.list_contacts(company_id)]
    assert contact_id in members

    detached = await client.companies.detach_from_contact(contact_id, company_id=company_id)
    assert detached.user_count == users_before
    listed = [c.id async for c in client.companies.list_for_contact(contact_id)]
    assert company_id not in listed
    members = [c.id async for c in client.companies.list_contacts(company_id)]
    assert contact_id not in members


async def test_company_relation_errors_match_the_spec(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    contact_id = a_contact(fake)
    company_id = next(iter(fake.store.companies))
    attach = "/contacts/{contact_id}/companies"
    detach = "/contacts/{contact_id}/companies/{company_id}"
    with pytest.raises(NotFoundError) as caught:
        await client.companies.attach_to_contact(contact_id, company_id="123")
    assert_spec_error(caught.value, spec, "POST", attach, 404, "Company Not Found")
    with pytest.raises(NotFoundError) as caught:
        await client.companies.detach_from_contact(contact_id, company_id="123")
    assert_spec_error(caught.value, spec, "DELETE", detach, 404, "Company Not Found")
    with pytest.raises(NotFoundError) as caught:
        await client.companies.detach_from_contact(MISSING_CONTACT, company_id=company_id)
    assert_spec_error(caught.value, spec, "DELETE", detach, 404, "Contact Not Found")
    with pytest.raises(NotFoundError) as caught:
        await client.companies.list_for_contact(MISSING_CONTACT).to_list()
    assert_spec_error(caught.value, spec, "GET", attach, 404, "Contact not found")

    for body in (None, {}):
        with pytest.raises(BadRequestError) as bad:
            await client.request("POST", f"/contacts/{contact_id}/companies", json=body)
        assert_spec_error(bad.value, spec, "POST", attach, 400, "Bad Request")


async def test_company_limit_per_contact(client: intercom_async.Client, fake: FakeIntercom) -> None:
    contact_id = a_contact(fake)
    attached = fake.store.contact_companies[contact_id]
    company_id = next(c for c in fake.store.companies if c not in attached)
    fake.store.contact_companies[contact_id] = [f"gone{i}" for i in range(COMPANY_CONTACT_LIMIT)]
    with pytest.raises(BadRequestError, match="maximum of 1000 company associations"):
        await client.companies.attach_to_contact(contact_id, company_id=company_id)


# --- subscriptions -------------------------------------------------------------------


async def test_opt_in_opt_out_and_detach(client: intercom_async.Client, fake: FakeIntercom) -> None:
    contact_id = a_contact(fake)
    subscription_id = next(iter(fake.store.subscription_types))
    fake.store.contact_opted_in[contact_id] = []
    fake.store.contact_opted_out[contact_id] = []

    def embedded(contact: Contact) -> tuple[set[str], set[str]]:
        assert contact.opted_in_subscription_types is not None
        assert contact.opted_out_subscription_types is not None
        return (
            {ref.id for ref in contact.opted_in_subscription_types.refs},
            {ref.id for ref in contact.opted_out_subscription_types.refs},
        )

    opted = await client.subscription_types.attach_to_contact(
        contact_id, subscription_id=subscription_id
    )
    assert opted.id == subscription_id
    assert embedded(await client.contacts.get(contact_id)) == ({subscription_id}, set())
    listed = await client.subscription_types.list_for_contact(contact_id).to_list()
    assert [s.id for s in listed] == [subscription_id]

    await client.subscription_types.attach_to_contact(
        contact_id, subscription_id=subscription_id, consent_type="opt_out"
    )
    assert embedded(await client.contacts.get(contact_id)) == (set(), {subscription_id})

    removed = await client.subscription_types.detach_from_contact(
        contact_id, subscription_id=subscription_id
    )
    assert removed.id == subscription_id
    assert embedded(await client.contacts.get(contact_id)) == (set(), set())
    assert await client.subscription_types.list_for_contact(contact_id).to_list() == []


async def test_subscription_errors(
    client: intercom_async.Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    contact_id = a_contact(fake)
    subscription_id = next(iter(fake.store.subscription_types))
    path = "/contacts/{contact_id}/subscriptions"
    one = "/contacts/{contact_id}/subscriptions/{subscription_id}"
    with pytest.raises(NotFoundError) as caught:
        await client.subscription_types.attach_to_contact(contact_id, subscription_id="invalid_id")
    assert_spec_error(caught.value, spec, "POST", path, 404, "Resource not found")
    with pytest.raises(NotFoundError) as caught:
        await client.subscription_types.attach_to_contact(
            MISSING_CONTACT, subscription_id=subscription_id
        )
    assert_spec_error(caught.value, spec, "POST", path, 404, "Contact not found")
    with pytest.raises(NotFoundError) as caught:
        await client.subscription_types.detach_from_contact(
            contact_id, subscription_id="invalid_id"
        )
    assert_spec_error(caught.value, spec, "DELETE", one, 404, "Resource not found")
    with pytest.raises(NotFoundError) as caught:
        await client.subscription_types.list_for_contact(MISSING_CONTACT).to_list()
    assert_spec_error(caught.value, spec, "GET", path, 404, "Contact not found")
    with pytest.raises(ValueError, match="consent_type must be 'opt_in' or 'opt_out'"):
        await client.subscription_types.attach_to_contact(
            contact_id,
            subscription_id=subscription_id,
            consent_type="maybe",  # type: ignore[arg-type]
        )


# --- segments of a contact -----------------------------------------------------------


async def test_segments_of_a_contact_follow_its_tags(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    vip_tag = next(t["id"] for t in fake.store.tags.values() if t["name"] == "VIP")
    contact_id = next(c for c in fake.store.contacts if vip_tag not in fake.store.contact_tags[c])
    role_segment = "All users" if fake.store.contacts[contact_id]["role"] == "user" else "All leads"

    names = {s.name for s in await client.segments.list_for_contact(contact_id).to_list()}
    assert role_segment in names
    assert "VIP contacts" not in names

    await client.tags.attach_to_contact(contact_id, tag_id=vip_tag)
    segments = await client.segments.list_for_contact(contact_id).to_list()
    vip = next(s for s in segments if s.name == "VIP contacts")
    assert await client.segments.get(vip.id) == vip

    await client.tags.detach_from_contact(contact_id, tag_id=vip_tag)
    names = {s.name for s in await client.segments.list_for_contact(contact_id).to_list()}
    assert "VIP contacts" not in names


async def test_segments_of_a_missing_contact(
    client: intercom_async.Client, spec: dict[str, Any]
) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.segments.list_for_contact(MISSING_CONTACT).to_list()
    path = "/contacts/{contact_id}/segments"
    assert_spec_error(caught.value, spec, "GET", path, 404, "Contact not found")


async def test_ids_sent_in_bodies_are_checked_before_sending(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = a_contact(fake)
    sent = len(fake.requests)
    with pytest.raises(ValueError, match="tag_id must be a non-empty string, got ''"):
        await client.tags.attach_to_contact(contact_id, tag_id="")
    with pytest.raises(ValueError, match="company_id must be a non-empty string, got 7"):
        await client.companies.attach_to_contact(contact_id, company_id=7)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="subscription_id must be a non-empty string"):
        await client.subscription_types.attach_to_contact(contact_id, subscription_id="  ")
    with pytest.raises(ValueError, match="empty path segment"):
        await client.tags.detach_from_contact(contact_id, tag_id="")
    assert len(fake.requests) == sent


@pytest.mark.parametrize(
    ("namespace", "keyword"),
    [("tags", "tag_id"), ("companies", "company_id"), ("subscription_types", "subscription_id")],
)
async def test_the_related_id_by_position_still_works_with_a_deprecation_warning(
    client: intercom_async.Client, fake: FakeIntercom, namespace: str, keyword: str
) -> None:
    contact_id = next(iter(fake.store.contacts))
    table = {
        "tags": fake.store.tags,
        "companies": fake.store.companies,
        "subscription_types": fake.store.subscription_types,
    }[namespace]
    related_id = next(iter(table))
    resource = getattr(client, namespace)
    with pytest.warns(DeprecationWarning, match=f"pass {keyword}= as a keyword"):
        attached = await resource.attach_to_contact(contact_id, related_id)
    assert attached.id == related_id
    with pytest.warns(DeprecationWarning, match=f"pass {keyword}= as a keyword"):
        detached = await resource.detach_from_contact(contact_id, related_id)
    assert detached.id == related_id
    with pytest.raises(TypeError, match=f"{keyword} given twice"):
        await resource.attach_to_contact(contact_id, related_id, **{keyword: related_id})
    with pytest.raises(TypeError, match=f"missing the keyword argument {keyword}="):
        await resource.attach_to_contact(contact_id)
