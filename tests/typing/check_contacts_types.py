"""Typing facts of the contact endpoints and `Q`. Checked by mypy, never run.

A `# type: ignore[...]` here proves mypy rejects the call (strict mode reports
unused ignores).
"""

from __future__ import annotations

from datetime import datetime, timezone

from typing_extensions import assert_type

import intercom_async
from intercom_async import NOT_GIVEN, AsyncPager, Q
from intercom_async._search import Field, Filter, Group
from intercom_async.models import (
    Contact,
    ContactArchived,
    ContactBlocked,
    ContactDeleted,
    ContactUnarchived,
)
from intercom_async.resources import ContactFields


async def contact_calls(client: intercom_async.Client) -> None:
    assert_type(client.contacts.list(per_page=10), AsyncPager[Contact])
    assert_type(client.contacts.search(Q.field("role") == "user"), AsyncPager[Contact])
    assert_type(
        client.contacts.search({"field": "role", "operator": "=", "value": "lead"}),
        AsyncPager[Contact],
    )
    when = datetime(2024, 1, 1, tzinfo=timezone.utc)
    assert_type(await client.contacts.create(email="a@b.c", signed_up_at=when), Contact)
    assert_type(await client.contacts.update("1", name=None, phone=NOT_GIVEN), Contact)
    assert_type(await client.contacts.delete("1"), ContactDeleted)
    assert_type(await client.contacts.merge(from_id="1", into_id="2"), Contact)
    assert_type(await client.contacts.archive("1"), ContactArchived)
    assert_type(await client.contacts.unarchive("1"), ContactUnarchived)
    assert_type(await client.contacts.block("1"), ContactBlocked)
    await client.contacts.create(email=None)  # type: ignore[arg-type]
    await client.contacts.create(role="admin")  # type: ignore[arg-type]
    await client.contacts.update("1", owner_id="12")  # type: ignore[arg-type]
    await client.contacts.update("1", signed_up_at="now")  # type: ignore[arg-type]
    await client.contacts.create(nickname="Ada")  # type: ignore[call-arg]
    fields: ContactFields = {"email": "a@b.c", "custom_attributes": {"plan": "pro"}}
    assert_type(await client.contacts.create(**fields), Contact)
    client.contacts.search(Q.field("role") == "user", order="up")  # type: ignore[arg-type]


def builder() -> None:
    assert_type(Q.field("email"), Field)
    assert_type(Q.field("email") == "a", Filter)
    assert_type(Q.field("owner_id") > 3, Filter)
    assert_type((Q.field("a") == 1) & (Q.field("b") == 2), Group)
    assert_type((Q.field("a") == 1) | (Q.field("b") == 2), Group)
    assert_type(Q.all_of(Q.field("a") == 1), Group)
