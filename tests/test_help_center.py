"""`client.help_center` against the fake over loopback: collections (and sections) and the
workspace's Help Centers, one test (at least) per operation."""

from __future__ import annotations

from typing import Any

import pytest

import intercom_async
from intercom_async import BadRequestError, NotFoundError, UnprocessableEntityError
from intercom_async.models import (
    Collection,
    CollectionDeleted,
    CollectionRef,
    HelpCenter,
    HelpCenterRef,
)
from intercom_async.testing import FakeIntercom

from .spec_support import assert_spec_error

Client = intercom_async.Client


def _since(fake: FakeIntercom, mark: int) -> list[str]:
    return [f"{method} {path}" for method, path in fake.requests[mark:]]


async def test_collections_create_get_update_delete(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    created = await client.help_center.collections.create(
        name="Thanks for everything", description="All of it"
    )
    assert isinstance(created, Collection)
    assert (created.name, created.description, created.help_center_id, created.parent_id) == (
        "Thanks for everything",
        "All of it",
        1,
        None,
    )
    assert created.workspace_id == fake.store.app["id_code"]
    assert await client.help_center.collections.get(created.id) == created
    updated = await client.help_center.collections.update(created.id, name="Update collection name")
    assert (updated.name, updated.description) == ("Update collection name", "All of it")
    deleted = await client.help_center.collections.delete(created.id)
    assert deleted == CollectionDeleted(id=created.id, object="collection", deleted=True)
    path = "/help_center/collections/{collection_id}"
    with pytest.raises(NotFoundError) as missing:
        await client.help_center.collections.get(created.id)
    assert_spec_error(missing.value, spec, "GET", path, 404, "Collection not found")
    with pytest.raises(NotFoundError):
        await client.help_center.collections.update(created.id, name="gone")


async def test_bad_collection_bodies_are_intercom_errors(
    client: Client, spec: dict[str, Any]
) -> None:
    body = {"description": "Missing required parameter"}  # the spec's own bad request
    with pytest.raises(BadRequestError) as caught:
        await client.request("POST", "/help_center/collections", json=body)
    assert_spec_error(caught.value, spec, "POST", "/help_center/collections", 400, "Bad Request")
    with pytest.raises(UnprocessableEntityError, match="parent_id 404 is not a collection"):
        await client.help_center.collections.create(name="Orphan", parent_id="404")
    with pytest.raises(UnprocessableEntityError, match="help_center_id 9 is not a Help Center"):
        await client.help_center.collections.create(name="Nowhere", help_center_id=9)
    with pytest.raises(BadRequestError, match="name must be a string"):
        await client.request("POST", "/help_center/collections", json={"name": 7})


async def test_sections_live_in_collections_and_deleting_a_parent_keeps_them(
    client: Client, fake: FakeIntercom
) -> None:
    parent = await client.help_center.collections.create(name="Guides")
    section = await client.help_center.collections.create(name="Setup", parent_id=parent.id)
    assert (section.parent_id, section.help_center_id) == (parent.id, None)
    assert section.parent == CollectionRef(id=parent.id) and section.help_center is None
    assert parent.help_center == HelpCenterRef(id="1") and parent.parent is None
    mark = len(fake.requests)
    assert await section.parent.fetch() == parent
    assert (await parent.help_center.fetch()).identifier == "help-center-1"
    assert _since(fake, mark) == [
        f"GET /help_center/collections/{parent.id}",
        "GET /help_center/help_centers/1",
    ]
    author = int(next(iter(fake.store.admins)))
    article = await client.articles.create(
        title="Inside", author_id=author, parent_id=int(parent.id)
    )
    assert article.parent == CollectionRef(id=parent.id)
    await client.help_center.collections.delete(parent.id)
    assert (await client.help_center.collections.get(section.id)).parent_id is None
    orphan = await client.articles.get(article.id)
    assert (orphan.parent_id, orphan.parent, orphan.parent_ids) == (None, None, ())


async def test_collections_list_walks_numbered_pages(client: Client, fake: FakeIntercom) -> None:
    created = [await client.help_center.collections.create(name=f"C{n}") for n in range(21)]
    mark = len(fake.requests)
    pages = [page async for page in client.help_center.collections.list().pages()]
    assert [len(page) for page in pages] == [20, 1]
    assert _since(fake, mark) == [
        "GET /help_center/collections",
        "GET /help_center/collections?page=2",
    ]
    listed = [c for page in pages for c in page]
    assert [c.id for c in listed] == [c.id for c in reversed(created)]  # newest first


async def test_help_centers_list_in_one_request_and_get(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    mark = len(fake.requests)
    centers = await client.help_center.help_centers.list().to_list()
    assert _since(fake, mark) == ["GET /help_center/help_centers"]
    assert [type(c) for c in centers] == [HelpCenter]
    assert centers[0].identifier == "help-center-1"
    assert await client.help_center.help_centers.get(centers[0].id) == centers[0]
    path = "/help_center/help_centers/{help_center_id}"
    with pytest.raises(NotFoundError) as missing:
        await client.help_center.help_centers.get("99")
    assert_spec_error(missing.value, spec, "GET", path, 404, "Collection not found")
    fake.store.content.help_centers["2"] = {**fake.store.content.help_centers["1"], "id": "2"}
    assert [c.id for c in await client.help_center.help_centers.list().to_list()] == ["1", "2"]
    first = await client.help_center.collections.create(name="One", help_center_id=1)
    second = await client.help_center.collections.create(name="Two", help_center_id=2)
    mark = len(fake.requests)
    both = await client.resolve_many(c.help_center for c in (first, second) if c.help_center)
    assert sorted(both) == ["1", "2"] and _since(fake, mark) == ["GET /help_center/help_centers"]
