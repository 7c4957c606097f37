"""Typing facts the public API promises. Checked by mypy (`nox -s typecheck`), never run."""

from __future__ import annotations

from typing_extensions import assert_type

import intercom_async
from intercom_async.models import (
    Admin,
    Company,
    Contact,
    Note,
    Ref,
    SubscriptionType,
    Tag,
    TagRef,
)


async def stubs_fetch_their_model(client: intercom_async.Client) -> None:
    contact = await client.contacts.get("1")
    assert_type(contact, Contact)
    assert_type(await TagRef(id="2").fetch(), Tag)
    assert_type(await client.fetch(TagRef(id="2")), Tag)
    if contact.tags:
        assert_type(await contact.tags.refs[0].fetch(), Tag)
        assert_type(await contact.tags.fetch_all(), list[Tag])
        async for tag in contact.tags:
            assert_type(tag, Tag)
    if contact.notes:
        assert_type(await contact.notes.refs[0].fetch(), Note)
    if contact.companies:
        assert_type(await contact.companies.refs[0].fetch(), Company)
    if contact.opted_out_subscription_types:
        ref = contact.opted_out_subscription_types.refs[0]
        assert_type(await ref.fetch(), SubscriptionType)
    if contact.owner:
        assert_type(await contact.owner.fetch(), Admin)
    assert_type(await client.resolve_many([TagRef(id="2")]), dict[str, Tag])


def a_tag_ref_is_a_ref_of_tag(ref: TagRef) -> Ref[Tag]:
    return ref


def models_flatten_to_rows_of_scalars(contact: Contact) -> None:
    assert_type(contact.to_row(), dict[str, str | int | float | bool | None])
    assert_type(contact.full_repr(), str)
