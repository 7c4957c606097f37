"""The core slice end to end: a client against the fake Intercom over loopback."""

from __future__ import annotations

import asyncio
import logging
import socket
from datetime import timezone

import pytest

import intercom_async
from intercom_async import NotFoundError, UnauthorizedError
from intercom_async.models import (
    Admin,
    AdminRef,
    Company,
    Contact,
    Note,
    SubscriptionType,
    Tag,
    TagRef,
)
from intercom_async.testing import FakeIntercom


def gets(fake: FakeIntercom) -> list[str]:
    return [path for method, path in fake.requests if method == "GET"]


def contact_with(fake: FakeIntercom, predicate: object) -> str:
    for contact_id in fake.store.contacts:
        if predicate(contact_id):  # type: ignore[operator]
            return contact_id
    raise AssertionError("the seeded workspace has no such contact")


async def test_get_contact_types_every_field(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = next(iter(fake.store.contacts))
    stored = fake.store.contacts[contact_id]

    contact = await client.contacts.get(contact_id)

    assert isinstance(contact, Contact)
    assert contact.id == contact_id
    assert contact.email == stored["email"]
    assert contact.created_at is not None
    assert contact.created_at.tzinfo is timezone.utc
    assert int(contact.created_at.timestamp()) == stored["created_at"]
    assert contact.custom_attributes == stored["custom_attributes"]
    assert gets(fake) == [f"/contacts/{contact_id}"]


async def test_find_by_external_id(client: intercom_async.Client, fake: FakeIntercom) -> None:
    stored = next(iter(fake.store.contacts.values()))
    contact = await client.contacts.find_by_external_id(stored["external_id"])
    assert contact.id == stored["id"]
    with pytest.raises(NotFoundError):
        await client.contacts.find_by_external_id("no-such-external-id")


async def test_every_stub_kind_fetches_its_url_and_type(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = contact_with(
        fake,
        lambda i: (
            fake.store.contact_tags.get(i)
            and fake.store.contact_companies.get(i)
            and fake.store.contact_opted_out.get(i)
            and fake.store.notes_of(i)
            and fake.store.contacts[i]["owner_id"] is not None
        ),
    )
    contact = await client.contacts.get(contact_id)
    assert contact.tags and contact.notes and contact.companies
    assert contact.opted_out_subscription_types and contact.owner
    fake.requests.clear()

    tag = await contact.tags.refs[0].fetch()
    note = await contact.notes.refs[0].fetch()
    company = await contact.companies.refs[0].fetch()
    subscription = await contact.opted_out_subscription_types.refs[0].fetch()
    owner = await contact.owner.fetch()

    assert isinstance(tag, Tag) and tag.id == contact.tags.refs[0].id
    assert isinstance(note, Note) and note.id == contact.notes.refs[0].id
    assert isinstance(company, Company) and company.id == contact.companies.refs[0].id
    assert isinstance(subscription, SubscriptionType)
    assert subscription.id == contact.opted_out_subscription_types.refs[0].id
    assert isinstance(owner, Admin) and owner.id == str(fake.store.contacts[contact_id]["owner_id"])
    assert gets(fake) == [
        f"/tags/{tag.id}",
        f"/notes/{note.id}",
        f"/companies/{company.id}",
        "/subscription_types",
        f"/admins/{owner.id}",
    ]
    assert note.contact is not None
    assert (await note.contact.fetch()).id == contact_id


async def test_client_fetch_is_ref_fetch(client: intercom_async.Client, fake: FakeIntercom) -> None:
    tag_id = next(iter(fake.store.tags))
    by_client = await client.fetch(TagRef(id=tag_id))
    assert by_client == await TagRef(id=tag_id).bind(client).fetch()
    assert by_client.name == fake.store.tags[tag_id]["name"]


async def test_contact_without_owner_has_none(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = contact_with(fake, lambda i: fake.store.contacts[i]["owner_id"] is None)
    contact = await client.contacts.get(contact_id)
    assert contact.owner_id is None
    assert contact.owner is None


async def test_list_reference_walks_cursor_pages(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = contact_with(fake, lambda i: len(fake.store.notes_of(i)) > 50)
    expected = [note["id"] for note in fake.store.notes_of(contact_id)]
    contact = await client.contacts.get(contact_id)
    assert contact.notes is not None
    assert len(contact.notes.refs) <= 10 < len(expected)
    fake.requests.clear()

    walked = [note.id async for note in contact.notes]

    assert walked == expected
    pages = gets(fake)
    assert len(pages) == -(-len(expected) // 50)
    assert pages[0] == f"/contacts/{contact_id}/notes"
    assert all("starting_after=" in page for page in pages[1:])


async def test_list_reference_follows_absolute_page_links(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = contact_with(fake, lambda i: len(fake.store.companies_of(i)) >= 2)
    expected = [company["id"] for company in fake.store.companies_of(contact_id)]
    pager = client.paginate(f"/contacts/{contact_id}/companies", Company, {"per_page": "1"})

    pages = [page async for page in pager.pages()]

    assert [item.id for page in pages for item in page] == expected
    assert [page.has_next for page in pages] == [True] * (len(expected) - 1) + [False]
    assert pages[0].total_count == len(expected)
    assert gets(fake)[1:] == [
        f"/contacts/{contact_id}/companies?page={n}&per_page=1" for n in range(2, len(expected) + 1)
    ]


async def test_fetch_all_tags_and_subscriptions(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = contact_with(fake, lambda i: fake.store.contact_tags.get(i))
    contact = await client.contacts.get(contact_id)
    tags = await contact.tags.fetch_all()
    assert {t.id for t in tags} == set(fake.store.contact_tags[contact_id])
    assert all(t.applied_at is not None for t in tags)


async def test_concurrent_fetches_of_one_object_share_a_request(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    tag_id = next(iter(fake.store.tags))
    refs = [TagRef(id=tag_id).bind(client) for _ in range(20)]
    results = await asyncio.gather(*(ref.fetch() for ref in refs))
    assert len({id(r) for r in results}) == 1
    assert gets(fake) == [f"/tags/{tag_id}"]


async def test_resolve_many_deduplicates(client: intercom_async.Client, fake: FakeIntercom) -> None:
    tag_ids = list(fake.store.tags)[:3]
    refs = [TagRef(id=i) for i in tag_ids * 4]
    resolved = await client.resolve_many(refs)
    assert sorted(resolved) == sorted(tag_ids)
    assert gets(fake) == ["/tags"]  # one list call for any number of tag refs


async def test_not_found_is_typed(client: intercom_async.Client) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.contacts.get("000000000000000000000000")
    error = caught.value
    assert error.status == 404
    assert error.code == "not_found"
    assert error.errors[0].message == "User Not Found"
    assert error.request_id
    assert error.headers["X-Request-Id"] == error.request_id


async def test_ids_are_quoted_and_cannot_escape_their_route(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    with pytest.raises(NotFoundError, match="User Not Found"):
        await client.contacts.get("../admins")
    with pytest.raises(NotFoundError):
        await client.tags.get("1/../../admins")
    assert gets(fake) == ["/contacts/..%2Fadmins", "/tags/1%2F..%2F..%2Fadmins"]


async def test_wrong_token_is_unauthorized(fake: FakeIntercom) -> None:
    async with intercom_async.Client(token="wrong", base_url=fake.url) as client:
        with pytest.raises(UnauthorizedError, match="Access Token Invalid"):
            await client.admins.me()


async def test_token_never_in_repr_or_logs(
    fake: FakeIntercom, caplog: pytest.LogCaptureFixture
) -> None:
    secret = "tok_" + "s3cr3t" * 4
    caplog.set_level(logging.DEBUG, logger="intercom_async")
    async with intercom_async.Client(token=secret, base_url=fake.url) as client:
        with pytest.raises(UnauthorizedError) as caught:
            await client.contacts.get("x")
        texts = [repr(client), str(client), repr(client.contacts), str(caught.value)]
        texts += [repr(caught.value), repr(vars(caught.value))]
    assert caplog.records, "expected one debug line per request"
    texts += [record.getMessage() for record in caplog.records]
    assert all(secret not in text for text in texts)


async def test_token_from_environment(fake: FakeIntercom, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERCOM_TOKEN", fake.token)
    async with intercom_async.Client(base_url=fake.url) as client:
        assert (await client.admins.me()).id


def test_missing_token_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("INTERCOM_TOKEN", raising=False)
    with pytest.raises(ValueError, match="INTERCOM_TOKEN"):
        intercom_async.Client()


@pytest.mark.parametrize(
    "base_url", ["ftp://api.intercom.io", "api.intercom.io", "https://u:p@api.intercom.io"]
)
def test_bad_base_url_is_refused(base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        intercom_async.Client(token="t", base_url=base_url)


def test_regions_pick_their_hosts() -> None:
    assert intercom_async.Client(token="t", region="eu").base_url == "https://api.eu.intercom.io"
    assert intercom_async.Client(token="t", region="au").base_url == "https://api.au.intercom.io"
    with pytest.raises(ValueError, match="unknown region 'mars'"):
        intercom_async.Client(token="t", region="mars")


def test_client_made_outside_a_loop_works_inside_one() -> None:
    """As in a notebook: the client is made first, its session on first use in the loop."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = intercom_async.Client(token="fake-token", base_url=f"http://127.0.0.1:{port}")

    async def cell() -> Admin:
        async with FakeIntercom(port=port):
            me = await client.admins.me()
            await client.aclose()
            return me

    assert asyncio.run(cell()).type == "admin"
    assert client.closed
    with pytest.raises(RuntimeError, match="closed"):
        asyncio.run(client.admins.me())


async def test_owner_ref_path_is_quoted() -> None:
    assert AdminRef(id="7/x").path == "/admins/7%2Fx"


async def test_list_only_stub_missing_from_the_list_is_not_found(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    from intercom_async.models import SubscriptionTypeRef

    refs = [
        SubscriptionTypeRef(id=i).bind(client) for i in [*fake.store.subscription_types, "nope"]
    ]
    *found, missing = await asyncio.gather(*(r.fetch() for r in refs), return_exceptions=True)
    assert [s.id for s in found] == list(fake.store.subscription_types)  # type: ignore[union-attr]
    assert isinstance(missing, NotFoundError)
    assert "no subscription with id 'nope' in the list" in str(missing)
    assert gets(fake) == ["/subscription_types"]  # one list request for all of them
