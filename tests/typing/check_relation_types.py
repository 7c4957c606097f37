"""Typing facts of the relation methods. Checked by mypy, never run."""

from __future__ import annotations

from typing_extensions import assert_type

import intercom_async
from intercom_async.models import (
    Company,
    CompanyDeleted,
    Contact,
    DeletedCompany,
    Note,
    Segment,
    SubscriptionType,
    Tag,
    TagDeleted,
)


async def relations_are_typed(client: intercom_async.Client) -> None:
    assert_type(client.tags.list_for_contact("c"), intercom_async.AsyncPager[Tag])
    assert_type(await client.tags.attach_to_contact("c", tag_id="t"), Tag)
    assert_type(await client.tags.detach_from_contact("c", tag_id="t"), Tag)
    assert_type(await client.tags.create_or_update(name="VIP"), Tag)
    assert_type(await client.tags.delete("t"), TagDeleted)
    assert_type(client.notes.list_for_contact("c"), intercom_async.AsyncPager[Note])
    assert_type(await client.notes.create("c", body="Hi", admin_id="1"), Note)
    assert_type(client.companies.list_for_contact("c"), intercom_async.AsyncPager[Company])
    assert_type(await client.companies.attach_to_contact("c", company_id="co"), Company)
    assert_type(await client.companies.create_or_update(company_id="x", name="Acme"), Company)
    assert_type(await client.companies.delete("co"), CompanyDeleted)
    assert_type(await client.companies.delete("co"), DeletedCompany)  # the deprecated alias
    assert_type(await client.companies.find(company_id="acme-1"), Company)
    assert_type(client.companies.list_contacts("co"), intercom_async.AsyncPager[Contact])
    async for company in client.companies.scroll():
        assert_type(company, Company)
    subscription = await client.subscription_types.attach_to_contact(
        "c", subscription_id="s", consent_type="opt_out"
    )
    assert_type(subscription, SubscriptionType)
    assert_type(client.segments.list(include_count=True), intercom_async.AsyncPager[Segment])
    assert_type(await client.segments.get("s"), Segment)


async def bad_calls_are_rejected(client: intercom_async.Client) -> None:
    await client.subscription_types.attach_to_contact(
        "c",
        subscription_id="s",
        consent_type="maybe",  # type: ignore[arg-type]
    )
    await client.companies.create_or_update(company_id="x", size="big")  # type: ignore[arg-type]
    await client.companies.create_or_update(company_id="x", website=None)  # type: ignore[arg-type]
    await client.companies.create_or_update(name="Acme")  # type: ignore[call-arg]
    await client.companies.update("co", monthly_spend=9.5)  # type: ignore[arg-type]
    await client.companies.update("co", remote_created_at=1)  # type: ignore[call-arg]
    await client.tags.create_or_update("VIP")  # type: ignore[call-arg]


async def embedded_lists_are_never_none(contact: Contact) -> None:
    # The README's quickstart line, as written there.
    tag = await contact.tags.refs[0].fetch()
    assert_type(tag, Tag)
    assert_type(contact.tags.refs, tuple[intercom_async.models.TagRef, ...])
    assert_type(contact.companies.refs[0], intercom_async.models.CompanyRef)
    assert_type(await contact.notes.fetch_all(), list[Note])
    assert_type(contact.opted_in_subscription_types.refs[0].id, str)
