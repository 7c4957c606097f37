"""`client.news` against the fake over loopback: news items and newsfeeds, one test (at
least) per operation, and the sender and newsfeed stubs."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import intercom_async
from intercom_async import BadRequestError, NotFoundError, UnprocessableEntityError
from intercom_async.models import AdminRef, Newsfeed, NewsfeedRef, NewsItem, NewsItemDeleted
from intercom_async.testing import FakeIntercom

from .spec_support import assert_spec_error

Client = intercom_async.Client
PAST = 1_664_638_214


def _sender(fake: FakeIntercom) -> int:
    return int(next(iter(fake.store.admins)))


def _since(fake: FakeIntercom, mark: int) -> list[str]:
    return [f"{method} {path}" for method, path in fake.requests[mark:]]


async def test_news_items_create_get_update_delete(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    sender = _sender(fake)
    created = await client.news.items.create(
        title="Halloween is here!",
        sender_id=sender,
        body="<p>New costumes</p>",
        state="live",
        labels=["Product", "Update"],
        reactions=["😆", "😅"],
        deliver_silently=True,
        newsfeed_assignments=[{"newsfeed_id": 1, "published_at": PAST}],
    )
    assert isinstance(created, NewsItem) and created.type == "news-item"
    assert (created.state, created.labels, created.reactions) == (
        "live",
        ("Product", "Update"),
        ("😆", "😅"),
    )
    assignment = created.newsfeed_assignments[0]  # type: ignore[index]
    assert assignment.newsfeed_id == 1 and assignment.published_at is not None
    assert assignment.published_at.timestamp() == PAST
    assert await client.news.items.get(created.id) == created

    updated = await client.news.items.update(
        created.id, title="Christmas is here!", sender_id=sender, state="draft"
    )
    assert (updated.title, updated.body, updated.state) == (
        "Christmas is here!",
        "<p>New costumes</p>",
        "draft",
    )
    deleted = await client.news.items.delete(created.id)
    assert deleted == NewsItemDeleted(id=created.id, object="news-item", deleted=True)
    path = "/news/news_items/{news_item_id}"
    with pytest.raises(NotFoundError) as missing:
        await client.news.items.get(created.id)
    assert_spec_error(missing.value, spec, "GET", path, 404, "News Item Not Found")
    with pytest.raises(NotFoundError):
        await client.news.items.delete(created.id)


async def test_an_item_sent_without_reactions_shows_the_unset_slots(
    client: Client, fake: FakeIntercom
) -> None:
    item = await client.news.items.create(title="We have news", sender_id=_sender(fake))
    assert item.reactions == (None, None, None, None)  # as the spec's examples send them
    assert item.to_dict()["reactions"] == [None, None, None, None]


async def test_bad_news_item_bodies_are_intercom_errors(client: Client, fake: FakeIntercom) -> None:
    sender = _sender(fake)
    with pytest.raises(BadRequestError, match="title is a required parameter"):
        await client.request("POST", "/news/news_items", json={"sender_id": sender})
    with pytest.raises(UnprocessableEntityError, match="sender_id 3 is not a teammate"):
        await client.news.items.create(title="t", sender_id=3)
    with pytest.raises(UnprocessableEntityError, match="newsfeed_id 77 is not a newsfeed"):
        await client.news.items.create(
            title="t", sender_id=sender, newsfeed_assignments=[{"newsfeed_id": 77}]
        )
    future = [{"newsfeed_id": 1, "published_at": 4_102_444_800}]
    with pytest.raises(UnprocessableEntityError, match="cannot be in the future"):
        await client.news.items.create(title="t", sender_id=sender, newsfeed_assignments=future)
    with pytest.raises(BadRequestError, match="labels must be an array of strings"):
        await client.request(
            "POST", "/news/news_items", json={"title": "t", "sender_id": sender, "labels": [1]}
        )
    with pytest.raises(BadRequestError, match="deliver_silently must be a boolean"):
        await client.request(
            "POST",
            "/news/news_items",
            json={"title": "t", "sender_id": sender, "deliver_silently": "yes"},
        )


async def test_news_items_list_walks_numbered_pages(client: Client, fake: FakeIntercom) -> None:
    created = [
        await client.news.items.create(title=f"N{n}", sender_id=_sender(fake)) for n in range(11)
    ]
    mark = len(fake.requests)
    pages = [page async for page in client.news.items.list().pages()]
    assert [len(page) for page in pages] == [10, 1]
    assert _since(fake, mark) == ["GET /news/news_items", "GET /news/news_items?page=2"]
    assert {i.id for page in pages for i in page} == {i.id for i in created}


async def test_newsfeeds_list_get_and_their_live_items(client: Client, fake: FakeIntercom) -> None:
    feeds = await client.news.newsfeeds.list().to_list()
    assert [type(f) for f in feeds] == [Newsfeed, Newsfeed]
    assert await client.news.newsfeeds.get(feeds[1].id) == feeds[1]
    with pytest.raises(NotFoundError):
        await client.news.newsfeeds.get("99")
    sender, on_first = _sender(fake), [{"newsfeed_id": int(feeds[0].id)}]
    live = await client.news.items.create(
        title="Live", sender_id=sender, state="live", newsfeed_assignments=on_first
    )
    await client.news.items.create(title="Draft", sender_id=sender, newsfeed_assignments=on_first)
    await client.news.items.create(title="Elsewhere", sender_id=sender, state="live")
    assert [i.id for i in await client.news.newsfeeds.list_live_items(feeds[0].id).to_list()] == [
        live.id
    ]
    assert await client.news.newsfeeds.list_live_items(feeds[1].id).to_list() == []
    with pytest.raises(NotFoundError):
        await client.news.newsfeeds.list_live_items("99").to_list()


async def test_sender_and_newsfeeds_are_stubs_fetched_once_each(
    client: Client, fake: FakeIntercom
) -> None:
    sender = _sender(fake)
    both = [{"newsfeed_id": 1, "published_at": PAST}, {"newsfeed_id": 2, "published_at": PAST}]
    for n in range(6):
        await client.news.items.create(title=f"N{n}", sender_id=sender, newsfeed_assignments=both)
    items = await client.news.items.list().to_list()
    first = items[0]
    assert first.sender == AdminRef(id=str(sender))
    assert [a.newsfeed for a in first.newsfeed_assignments or ()] == [
        NewsfeedRef(id="1"),
        NewsfeedRef(id="2"),
    ]
    mark = len(fake.requests)
    refs = [a.newsfeed for item in items for a in item.newsfeed_assignments or () if a.newsfeed]
    feeds = await asyncio.gather(*(ref.fetch() for ref in refs))
    assert {f.name for f in feeds} == {"Messenger Feed", "Visitor Feed"}
    assert _since(fake, mark) == ["GET /news/newsfeeds"]  # fetched together: one listing
    mark = len(fake.requests)
    assert (await refs[0].fetch()).id == refs[0].id  # one alone is its own GET
    assert _since(fake, mark) == [f"GET /news/newsfeeds/{refs[0].id}"]
    mark = len(fake.requests)
    senders = await client.resolve_many(item.sender for item in items if item.sender)
    assert list(senders) == [str(sender)] and _since(fake, mark) == [f"GET /admins/{sender}"]
