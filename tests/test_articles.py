"""`client.articles` and `client.internal_articles` against the fake over loopback: one test
(at least) per operation, the author and parent stubs, and what each walk costs."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

import intercom_async
from intercom_async import BadRequestError, NotFoundError, UnprocessableEntityError
from intercom_async.models import (
    AdminRef,
    Article,
    ArticleDeleted,
    ArticleListItem,
    CollectionRef,
    InternalArticle,
    InternalArticleDeleted,
)
from intercom_async.testing import FakeIntercom

from .spec_support import assert_spec_error

Client = intercom_async.Client


def _admins(fake: FakeIntercom) -> list[int]:
    return [int(admin_id) for admin_id in fake.store.admins]


def _since(fake: FakeIntercom, mark: int) -> list[str]:
    return [f"{method} {path}" for method, path in fake.requests[mark:]]


async def test_create_get_update_and_delete_an_article(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    author = _admins(fake)[0]
    created = await client.articles.create(
        title="Thanks for everything", author_id=author, body="<p>Body</p>", state="published"
    )
    assert isinstance(created, Article) and created.type == "article"
    assert (created.title, created.state, created.author_id) == (
        "Thanks for everything",
        "published",
        author,
    )
    assert created.statistics is not None and created.statistics.views == 0
    assert created.url is not None and created.url.endswith(f"/{created.id}-thanks-for-everything")
    assert (await client.articles.get(created.id)) == created

    updated = await client.articles.update(created.id, title="Christmas is here!", state="draft")
    assert (updated.title, updated.body, updated.state, updated.url) == (
        "Christmas is here!",
        "<p>Body</p>",
        "draft",
        None,
    )
    assert (await client.articles.get(created.id)).title == "Christmas is here!"

    deleted = await client.articles.delete(created.id)
    assert deleted == ArticleDeleted(id=created.id, object="article", deleted=True)
    with pytest.raises(NotFoundError) as missing:
        await client.articles.get(created.id)
    assert_spec_error(
        missing.value, spec, "GET", "/articles/{article_id}", 404, "Article not found"
    )
    with pytest.raises(NotFoundError):
        await client.articles.update(created.id, title="gone")
    with pytest.raises(NotFoundError):
        await client.articles.delete(created.id)


async def test_bad_article_bodies_are_intercom_errors(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.request("POST", "/articles", json={"title": "No author"})
    assert_spec_error(caught.value, spec, "POST", "/articles", 400, "Bad Request")
    with pytest.raises(UnprocessableEntityError, match="not a teammate"):
        await client.articles.create(title="Stranger", author_id=1)
    with pytest.raises(UnprocessableEntityError, match="parent_id 999 is not a collection"):
        await client.articles.create(title="Lost", author_id=_admins(fake)[0], parent_id=999)
    with pytest.raises(BadRequestError, match="state must be one of published, draft"):
        await client.request(
            "POST", "/articles", json={"title": "x", "author_id": _admins(fake)[0], "state": "x"}
        )
    with pytest.raises(BadRequestError, match="bad 'tags' parameter"):
        await client.request("POST", "/articles", json={"title": "x", "author_id": 1, "tags": []})
    with pytest.raises(ValueError, match="article_id must be a non-empty string"):
        await client.articles.get("")
    with pytest.raises(NotFoundError):
        await client.articles.get("1/../2")  # one quoted segment, never another path
    assert fake.requests[-1] == ("GET", "/articles/1%2F..%2F2")


async def test_list_walks_numbered_pages_most_recently_updated_first(
    client: Client, fake: FakeIntercom
) -> None:
    author = _admins(fake)[0]
    created = [await client.articles.create(title=f"A{n}", author_id=author) for n in range(27)]
    await client.articles.update(created[0].id, body="touched")  # now the most recent
    mark = len(fake.requests)
    pages = [page async for page in client.articles.list().pages()]
    assert [len(page) for page in pages] == [25, 2]
    assert [page.has_next for page in pages] == [True, False]
    assert pages[0].total_count == 27
    assert _since(fake, mark) == ["GET /articles", "GET /articles?page=2"]
    listed = [article for page in pages for article in page]
    assert all(isinstance(a, ArticleListItem) for a in listed)
    assert listed[0].id == created[0].id
    assert {a.id for a in listed} == {a.id for a in created}


async def test_search_sends_query_parameters_and_pages_by_number(
    client: Client, fake: FakeIntercom
) -> None:
    author = _admins(fake)[0]
    for n in range(12):
        state = "published" if n % 2 else "draft"
        await client.articles.create(title=f"Getting started {n}", author_id=author, state=state)
    await client.articles.create(title="Billing", author_id=author, state="published")
    mark = len(fake.requests)
    found = await client.articles.search(phrase="getting STARTED").to_list()
    assert len(found) == 12 and all(isinstance(a, Article) for a in found)
    assert _since(fake, mark) == [
        "GET /articles/search?phrase=getting+STARTED",
        "GET /articles/search?phrase=getting+STARTED&page=2",
    ]
    published = await client.articles.search(phrase="started", state="published").to_list()
    assert len(published) == 6 and {a.state for a in published} == {"published"}
    highlighted = await client.request(
        "GET", "/articles/search", params={"phrase": "Billing", "highlight": "true"}
    )
    assert highlighted.payload["data"]["highlights"][0]["highlighted_title"] == [
        {"type": "highlight", "text": "Billing"}
    ]
    pages = [
        page async for page in client.articles.search(phrase="billing", highlight=True).pages()
    ]
    assert [a.title for a in pages[0]] == ["Billing"]
    assert pages[0].extra["highlights"] == highlighted.payload["data"]["highlights"]
    plain = [page async for page in client.articles.search(phrase="billing").pages()]
    assert plain[0].extra == {"highlights": []}
    assert await client.articles.search(phrase="nothing like this").to_list() == []
    with pytest.raises(BadRequestError, match="state must be one of"):
        await client.articles.search(state="archived").to_list()


async def test_search_by_help_center_follows_the_parent_collection(
    client: Client, fake: FakeIntercom
) -> None:
    author = _admins(fake)[0]
    collection = await client.help_center.collections.create(name="Guides")
    section = await client.help_center.collections.create(name="Setup", parent_id=collection.id)
    inside = await client.articles.create(
        title="Inside", author_id=author, parent_id=int(section.id)
    )
    await client.articles.create(title="Outside", author_id=author)
    assert inside.parent_ids == (int(section.id), int(collection.id))
    in_center = await client.articles.search(help_center_id=1).to_list()
    assert [a.id for a in in_center] == [inside.id]
    assert await client.articles.search(help_center_id=2).to_list() == []


async def test_author_and_parent_are_stubs_that_fetch(client: Client, fake: FakeIntercom) -> None:
    author = _admins(fake)[1]
    collection = await client.help_center.collections.create(name="Guides")
    article = await client.articles.create(
        title="Stubbed", author_id=author, parent_id=int(collection.id)
    )
    assert article.author == AdminRef(id=str(author))
    assert article.parent == CollectionRef(id=collection.id)
    mark = len(fake.requests)
    assert (await article.author.fetch()).id == str(author)
    assert await article.parent.fetch() == collection
    assert _since(fake, mark) == [
        f"GET /admins/{author}",
        f"GET /help_center/collections/{collection.id}",
    ]
    standalone = await client.articles.create(title="Alone", author_id=author)
    assert standalone.parent is None and standalone.parent_id is None


async def test_many_articles_fetch_their_authors_and_parents_without_n_plus_one(
    client: Client, fake: FakeIntercom
) -> None:
    authors = _admins(fake)[:2]
    guides = await client.help_center.collections.create(name="Guides")
    faq = await client.help_center.collections.create(name="FAQ")
    for n in range(10):
        parent = guides if n % 2 else faq
        await client.articles.create(
            title=f"A{n}", author_id=authors[n % 2], parent_id=int(parent.id)
        )
    articles = await client.articles.list().to_list()
    mark = len(fake.requests)
    people = await client.resolve_many(a.author for a in articles if a.author)
    assert set(people) == {str(a) for a in authors}
    assert _since(fake, mark) == ["GET /admins"]  # one listing, not ten GETs
    mark = len(fake.requests)
    parents = await asyncio.gather(*(a.parent.fetch() for a in articles if a.parent))
    assert {p.name for p in parents} == {"Guides", "FAQ"}
    assert sorted(_since(fake, mark)) == sorted(
        f"GET /help_center/collections/{c.id}" for c in (guides, faq)
    )  # concurrent fetches of one collection share a request
    mark = len(fake.requests)
    by_id = await client.resolve_many(a.parent for a in articles if a.parent)
    assert set(by_id) == {guides.id, faq.id} and len(fake.requests) - mark == 2


# --- internal articles ----------------------------------------------------------------


async def test_internal_articles_create_get_update_delete(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    author, owner = _admins(fake)[:2]
    created = await client.internal_articles.create(
        title="Refund policy", author_id=author, owner_id=owner, body="Thirty days."
    )
    assert isinstance(created, InternalArticle) and created.type == "internal_article"
    assert (created.title, created.body, created.locale) == ("Refund policy", "Thirty days.", "en")
    assert await client.internal_articles.get(created.id) == created
    french = await client.internal_articles.create(
        title="Remboursements", author_id=author, owner_id=owner, locale="fr"
    )
    assert french.locale == "fr"
    updated = await client.internal_articles.update(created.id, body="Sixty days.", owner_id=author)
    assert (updated.body, updated.owner_id, updated.title) == (
        "Sixty days.",
        author,
        "Refund policy",
    )
    deleted = await client.internal_articles.delete(created.id)
    assert deleted == InternalArticleDeleted(id=created.id, object="internal_article", deleted=True)
    path = "/internal_articles/{internal_article_id}"
    with pytest.raises(NotFoundError) as missing:
        await client.internal_articles.get(created.id)
    assert_spec_error(missing.value, spec, "GET", path, 404, "Internal article not found")
    with pytest.raises(BadRequestError) as caught:
        await client.request("POST", "/internal_articles", json={"title": "t", "body": "b"})
    assert_spec_error(caught.value, spec, "POST", "/internal_articles", 400, "Bad Request")
    with pytest.raises(UnprocessableEntityError, match="owner_id 5 is not a teammate"):
        await client.internal_articles.create(title="t", author_id=author, owner_id=5)


async def test_internal_articles_list_and_search_by_folder(
    client: Client, fake: FakeIntercom
) -> None:
    author = _admins(fake)[0]
    created = [
        await client.internal_articles.create(title=f"I{n}", author_id=author, owner_id=author)
        for n in range(30)
    ]
    mark = len(fake.requests)
    listed = await client.internal_articles.list().to_list()
    assert {a.id for a in listed} == {a.id for a in created}
    assert _since(fake, mark) == ["GET /internal_articles", "GET /internal_articles?page=2"]
    for article in created[:3]:
        fake.store.content.folders[article.id] = "7"
    in_folder = await client.internal_articles.search(folder_id="7").to_list()
    assert {a.id for a in in_folder} == {a.id for a in created[:3]}
    assert len(await client.internal_articles.search().to_list()) == 30
    item = in_folder[0]
    assert item.author == AdminRef(id=str(author)) and item.owner == AdminRef(id=str(author))
    mark = len(fake.requests)
    assert (await item.owner.fetch()).id == str(author)
    assert _since(fake, mark) == [f"GET /admins/{author}"]
