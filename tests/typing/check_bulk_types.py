"""Typing facts of the bulk API. Checked by mypy (`nox -s typecheck`), never run."""

from __future__ import annotations

from typing_extensions import assert_type

import intercom_async
from intercom_async import IntercomError
from intercom_async.models import Contact, Tag, TagRef


async def bulk_results_are_typed(client: intercom_async.Client, ids: list[str]) -> None:
    assert_type(await client.contacts.get_many(ids), list[Contact])
    assert_type(
        await client.contacts.get_many(ids, return_exceptions=True), list[Contact | IntercomError]
    )
    async for contact_id, result in client.contacts.iter_many(iter(ids), strategy="get"):
        assert_type(contact_id, str)
        assert_type(result, Contact | IntercomError)
    assert_type(await client.resolve_many([TagRef(id="1")]), dict[str, Tag])
    await client.contacts.get_many(ids, progress=lambda done, total: None)
