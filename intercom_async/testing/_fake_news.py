"""Fake news endpoints: news items created, read, updated, deleted and listed by page
number; the seeded newsfeeds read, and the items live on each."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_bodies import NEWS_ITEM, checked_body
from ._fake_content_http import (
    content_of,
    id_text,
    numbered_page,
    page_query,
    teammate_id,
)
from ._fake_data import Json
from ._fake_http import ApiError, epoch_now, json_response, resource_not_found, store_of

__all__ = ["NEWS_ROUTES"]

_UNSET_REACTIONS = [None, None, None, None]
"""What a news item sent without reactions shows (as the spec's examples do)."""


def _news_item(request: web.Request) -> Json:
    item = content_of(request).news_items.get(request.match_info["news_item_id"])
    if item is None:
        raise resource_not_found()
    return item


def _strings(body: Json, name: str, *, nulls: bool = False) -> list[str | None]:
    values = body[name]
    if not all(isinstance(v, str) or (nulls and v is None) for v in values):
        raise ApiError(400, "parameter_invalid", f"{name} must be an array of strings")
    return list(values)


def _assignments(request: web.Request, body: Json) -> list[Json]:
    """The body's newsfeed assignments, each on an existing newsfeed (else a 422) and
    published now unless a past `published_at` is given."""
    now, feeds, found = epoch_now(), content_of(request).newsfeeds, []
    for assignment in body["newsfeed_assignments"]:
        if not isinstance(assignment, dict) or set(assignment) - {"newsfeed_id", "published_at"}:
            raise ApiError(
                400, "parameter_invalid", "newsfeed_assignments must be {newsfeed_id, published_at}"
            )
        feed_id, published = assignment.get("newsfeed_id"), assignment.get("published_at", now)
        if id_text(feed_id) not in feeds:
            raise ApiError(422, "parameter_invalid", f"newsfeed_id {feed_id} is not a newsfeed")
        if not isinstance(published, int) or isinstance(published, bool) or published > now:
            raise ApiError(422, "parameter_invalid", "Publish dates cannot be in the future")
        found.append({"newsfeed_id": int(id_text(feed_id)), "published_at": published})
    return found


def _apply(request: web.Request, item: Json, body: Json) -> None:
    for name in ("title", "body", "state", "deliver_silently"):
        if name in body:
            item[name] = body[name]
    item["sender_id"] = teammate_id(request, body, "sender_id")
    if "labels" in body:
        item["labels"] = _strings(body, "labels")
    if "reactions" in body:
        item["reactions"] = _strings(body, "reactions", nulls=True)
    if "newsfeed_assignments" in body:
        item["newsfeed_assignments"] = _assignments(request, body)
    item["updated_at"] = epoch_now()


async def create_news_item(request: web.Request) -> web.Response:
    """``POST /news/news_items``: a draft unless `state` says live."""
    body = await checked_body(request, NEWS_ITEM)
    content, now = content_of(request), epoch_now()
    item: Json = {
        "id": content.next_id(),
        "type": "news-item",
        "workspace_id": store_of(request).app.get("id_code", "fake"),
        "title": "",
        "body": "",
        "sender_id": 0,
        "state": "draft",
        "labels": [],
        "cover_image_url": None,
        "reactions": list(_UNSET_REACTIONS),
        "deliver_silently": False,
        "created_at": now,
        "updated_at": now,
        "newsfeed_assignments": [],
    }
    _apply(request, item, body)
    content.news_items[item["id"]] = item
    return json_response(item)


async def get_news_item(request: web.Request) -> web.Response:
    """``GET /news/news_items/{news_item_id}``."""
    return json_response(_news_item(request))


async def update_news_item(request: web.Request) -> web.Response:
    """``PUT /news/news_items/{news_item_id}``: the spec's `news_item_request`, whose
    `title` and `sender_id` are required here too."""
    item = _news_item(request)
    _apply(request, item, await checked_body(request, NEWS_ITEM))
    return json_response(item)


async def delete_news_item(request: web.Request) -> web.Response:
    """``DELETE /news/news_items/{news_item_id}``."""
    item = _news_item(request)
    del content_of(request).news_items[item["id"]]
    return json_response({"id": item["id"], "object": "news-item", "deleted": True})


def _newest_first(items: list[Json]) -> list[Json]:
    return sorted(items, key=lambda item: (item["created_at"], int(item["id"])), reverse=True)


async def list_news_items(request: web.Request) -> web.Response:
    """``GET /news/news_items``: newest first, pages of 10 by number."""
    page, per_page = page_query(request, 10)
    items = _newest_first(list(content_of(request).news_items.values()))
    return json_response(numbered_page(items, page, per_page))


def _newsfeed(request: web.Request) -> Json:
    feed = content_of(request).newsfeeds.get(request.match_info["newsfeed_id"])
    if feed is None:
        raise resource_not_found()
    return feed


async def list_newsfeeds(request: web.Request) -> web.Response:
    """``GET /news/newsfeeds``: pages of 10 by number."""
    page, per_page = page_query(request, 10)
    feeds = list(content_of(request).newsfeeds.values())
    return json_response(numbered_page(feeds, page, per_page))


async def get_newsfeed(request: web.Request) -> web.Response:
    """``GET /news/newsfeeds/{newsfeed_id}``."""
    return json_response(_newsfeed(request))


async def list_live_items(request: web.Request) -> web.Response:
    """``GET /news/newsfeeds/{newsfeed_id}/items``: the live news items assigned to it."""
    feed_id = int(_newsfeed(request)["id"])
    page, per_page = page_query(request, 20)
    live = [
        item
        for item in _newest_first(list(content_of(request).news_items.values()))
        if item["state"] == "live"
        and any(a["newsfeed_id"] == feed_id for a in item["newsfeed_assignments"])
    ]
    return json_response(numbered_page(live, page, per_page))


NEWS_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/news/news_items", list_news_items),
    ("POST", "/news/news_items", create_news_item),
    ("GET", "/news/news_items/{news_item_id}", get_news_item),
    ("PUT", "/news/news_items/{news_item_id}", update_news_item),
    ("DELETE", "/news/news_items/{news_item_id}", delete_news_item),
    ("GET", "/news/newsfeeds", list_newsfeeds),
    ("GET", "/news/newsfeeds/{newsfeed_id}", get_newsfeed),
    ("GET", "/news/newsfeeds/{newsfeed_id}/items", list_live_items),
]
