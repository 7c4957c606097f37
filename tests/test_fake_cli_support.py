"""The fake's fallback `GET /contacts` and `POST /contacts/search`."""

from __future__ import annotations

from typing import Any

import pytest

import intercom_async
from intercom_async.testing import FakeIntercom
from intercom_async.testing._fake_data import render_contact


async def search_ids(client: intercom_async.Client, query: dict[str, Any]) -> list[str]:
    body = {"query": query, "pagination": {"per_page": 150}}
    answer = await client.request("POST", "/contacts/search", json=body)
    return [item["id"] for item in answer.payload["data"]]


async def test_list_contacts_pages_through_the_store(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    first = await client.request("GET", "/contacts", params={"per_page": "25"})
    assert first.payload["total_count"] == len(fake.store.contacts)
    assert first.payload["data"][0] == render_contact(fake.store, next(iter(fake.store.contacts)))
    cursor = first.payload["pages"]["next"]["starting_after"]
    second = await client.request(
        "GET", "/contacts", params={"per_page": "25", "starting_after": cursor}
    )
    ids = [c["id"] for c in first.payload["data"] + second.payload["data"]]
    assert ids == list(fake.store.contacts)[:50]


async def test_search_operators(client: intercom_async.Client, fake: FakeIntercom) -> None:
    contacts = [render_contact(fake.store, cid) for cid in fake.store.contacts]
    email = contacts[5]["email"]
    assert await search_ids(client, {"field": "email", "operator": "=", "value": email}) == [
        contacts[5]["id"]
    ]
    middle = sorted(c["created_at"] for c in contacts)[len(contacts) // 2]
    newer = {"field": "created_at", "operator": ">", "value": str(middle)}
    assert await search_ids(client, newer) == [
        c["id"] for c in contacts if c["created_at"] > middle
    ]
    either = {
        "operator": "OR",
        "value": [
            {"field": "role", "operator": "=", "value": "lead"},
            {"field": "location.city", "operator": "IN", "value": ["Dublin", "Paris"]},
        ],
    }
    assert await search_ids(client, either) == [
        c["id"]
        for c in contacts
        if c["role"] == "lead" or (c.get("location") or {}).get("city") in ("Dublin", "Paris")
    ]
    domain = {"field": "email", "operator": "$", "value": "@example.org"}
    assert await search_ids(client, domain) == [
        c["id"] for c in contacts if (c["email"] or "").endswith("@example.org")
    ]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"query": {"field": "email", "operator": "LIKE", "value": "x"}},
        {"query": {"operator": "AND", "value": []}},
    ],
)
async def test_bad_searches_are_400(client: intercom_async.Client, body: dict[str, Any]) -> None:
    with pytest.raises(intercom_async.BadRequestError) as caught:
        await client.request("POST", "/contacts/search", json=body)
    assert caught.value.code in ("parameter_invalid", "parameter_not_found")
