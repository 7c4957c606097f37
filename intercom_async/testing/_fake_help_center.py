"""Fake Help Center endpoints: collections (and sections, collections inside collections)
created, read, updated, deleted and listed by page number; the seeded Help Centers read."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_bodies import COLLECTION_CREATE, COLLECTION_UPDATE, checked_body
from ._fake_content_http import (
    content_of,
    id_text,
    numbered_page,
    page_query,
)
from ._fake_data import Json
from ._fake_http import ApiError, epoch_now, json_response, resource_not_found, store_of

__all__ = ["HELP_CENTER_ROUTES"]


def _collection(request: web.Request) -> Json:
    collection = content_of(request).collections.get(request.match_info["collection_id"])
    if collection is None:
        raise resource_not_found()
    return collection


def _parent(request: web.Request, collection: Json, parent_id: object) -> str | None:
    """`parent_id` as the id of another existing collection (a 422 otherwise)."""
    if parent_id is None:
        return None
    parent = content_of(request).collections.get(id_text(parent_id))
    if parent is None or parent["id"] == collection.get("id"):
        raise ApiError(422, "parameter_invalid", f"parent_id {parent_id} is not a collection")
    return str(parent["id"])


def _apply(request: web.Request, collection: Json, body: Json) -> None:
    for name in ("name", "description", "translated_content"):
        if name in body:
            collection[name] = body[name]
    if "parent_id" in body:
        collection["parent_id"] = _parent(request, collection, body["parent_id"])
    collection["updated_at"] = epoch_now()
    content_of(request).touch(collection["id"])


async def create_collection(request: web.Request) -> web.Response:
    """``POST /help_center/collections``: in the first Help Center unless `help_center_id`
    or a `parent_id` (a section) says otherwise."""
    body = await checked_body(request, COLLECTION_CREATE)
    content, now = content_of(request), epoch_now()
    help_center_id = body.get("help_center_id")
    if help_center_id is not None and id_text(help_center_id) not in content.help_centers:
        raise ApiError(
            422, "parameter_invalid", f"help_center_id {help_center_id} is not a Help Center"
        )
    order = len(content.collections) + 1
    help_center = content.help_centers[id_text(help_center_id or next(iter(content.help_centers)))]
    collection: Json = {
        "id": content.next_id(),
        "workspace_id": store_of(request).app.get("id_code", "fake"),
        "name": "",
        "url": f"{help_center['url']}/collection-{order}",
        "order": order,
        "created_at": now,
        "updated_at": now,
        "description": None,
        "icon": "book-bookmark",
        "parent_id": None,
        "help_center_id": int(help_center["id"]),
        "default_locale": "en",
    }
    _apply(request, collection, body)
    if collection["parent_id"] is not None:
        collection["help_center_id"] = None  # a section lives in its parent's Help Center
    content.collections[collection["id"]] = collection
    return json_response(collection)


async def get_collection(request: web.Request) -> web.Response:
    """``GET /help_center/collections/{collection_id}``."""
    return json_response(_collection(request))


async def update_collection(request: web.Request) -> web.Response:
    """``PUT /help_center/collections/{collection_id}``."""
    collection = _collection(request)
    _apply(request, collection, await checked_body(request, COLLECTION_UPDATE))
    return json_response(collection)


async def delete_collection(request: web.Request) -> web.Response:
    """``DELETE /help_center/collections/{collection_id}``: its sections and articles stay,
    at the top level."""
    collection = _collection(request)
    content = content_of(request)
    del content.collections[collection["id"]]
    for child in content.collections.values():
        if child["parent_id"] == collection["id"]:
            child["parent_id"] = None
    for article in content.articles.values():
        if int(collection["id"]) in article["parent_ids"]:
            article.update(parent_id=None, parent_type=None, parent_ids=[])
    return json_response({"id": collection["id"], "object": "collection", "deleted": True})


async def list_collections(request: web.Request) -> web.Response:
    """``GET /help_center/collections``: most recently updated first, pages of 20."""
    page, per_page = page_query(request, 20)
    collections = content_of(request).newest_first(list(content_of(request).collections.values()))
    return json_response(numbered_page(collections, page, per_page))


def _shown(request: web.Request, help_center: Json) -> Json:
    return {**help_center, "workspace_id": store_of(request).app.get("id_code", "fake")}


async def list_help_centers(request: web.Request) -> web.Response:
    """``GET /help_center/help_centers``: a plain list, no pages."""
    found = [_shown(request, h) for h in content_of(request).help_centers.values()]
    return json_response({"type": "list", "data": found})


async def get_help_center(request: web.Request) -> web.Response:
    """``GET /help_center/help_centers/{help_center_id}``."""
    found = content_of(request).help_centers.get(request.match_info["help_center_id"])
    if found is None:
        raise resource_not_found()
    return json_response(_shown(request, found))


HELP_CENTER_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/help_center/collections", list_collections),
    ("POST", "/help_center/collections", create_collection),
    ("GET", "/help_center/collections/{collection_id}", get_collection),
    ("PUT", "/help_center/collections/{collection_id}", update_collection),
    ("DELETE", "/help_center/collections/{collection_id}", delete_collection),
    ("GET", "/help_center/help_centers", list_help_centers),
    ("GET", "/help_center/help_centers/{help_center_id}", get_help_center),
]
