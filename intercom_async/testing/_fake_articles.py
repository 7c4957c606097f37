"""Fake article and internal article endpoints: create, read, update, delete, list by page
number and search by query parameters, kept consistent in ``store.content``.

An article is stored as ``GET /articles/{id}`` shows it (with ``statistics``); lists and
searches show it without them, as the spec's examples do.
"""

from __future__ import annotations

import re

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_bodies import (
    ARTICLE_CREATE,
    ARTICLE_UPDATE,
    INTERNAL_ARTICLE_CREATE,
    INTERNAL_ARTICLE_UPDATE,
    checked_body,
)
from ._fake_content_http import (
    content_of,
    id_text,
    numbered_page,
    page_query,
    teammate_id,
)
from ._fake_data import Json
from ._fake_http import (
    ApiError,
    epoch_now,
    json_response,
    only_known,
    resource_not_found,
    store_of,
)

__all__ = ["ARTICLE_ROUTES"]

_SEARCH_STATES = ("published", "draft", "all")
_PAGING = ("page", "per_page")


def _article(request: web.Request, key: str = "article_id") -> Json:
    article = content_of(request).articles.get(request.match_info[key])
    if article is None:
        raise resource_not_found()
    return article


def _listed(article: Json) -> Json:
    return {key: value for key, value in article.items() if key != "statistics"}


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def _parents(request: web.Request, parent_id: object) -> list[int]:
    """The collection `parent_id` names and its ancestors (nearest first), else a 422."""
    collections = content_of(request).collections
    chain: list[int] = []
    current: object = parent_id
    while current is not None:
        collection = collections.get(id_text(current))
        if collection is None:
            raise ApiError(422, "parameter_invalid", f"parent_id {parent_id} is not a collection")
        chain.append(int(collection["id"]))
        current = collection["parent_id"]
    return chain


def _apply(request: web.Request, article: Json, body: Json) -> None:
    """Write the fields of a create or update body into the stored `article`."""
    for name in ("title", "description", "body", "state", "translated_content"):
        if name in body:
            article[name] = body[name]
    if "author_id" in body:
        article["author_id"] = teammate_id(request, body, "author_id")
    if "parent_id" in body:
        parent = body["parent_id"]
        article["parent_ids"] = _parents(request, parent)
        article["parent_id"] = None if parent is None else int(parent)
        article["parent_type"] = None if parent is None else body.get("parent_type", "collection")
    workspace = store_of(request).app.get("id_code", "fake")
    article["url"] = (
        f"https://help.fake-intercom.test/{workspace}/en/articles/"
        f"{article['id']}-{_slug(article['title'])}"
        if article["state"] == "published"
        else None
    )
    article["updated_at"] = epoch_now()
    content_of(request).touch(article["id"])


async def create_article(request: web.Request) -> web.Response:
    """``POST /articles``: a draft unless `state` says published."""
    body = await checked_body(request, ARTICLE_CREATE)
    content, now = content_of(request), epoch_now()
    article: Json = {
        "id": content.next_id(),
        "type": "article",
        "workspace_id": store_of(request).app.get("id_code", "fake"),
        "parent_id": None,
        "parent_type": None,
        "parent_ids": [],
        "statistics": {
            "type": "article_statistics",
            "views": 0,
            "conversions": 0,
            "reactions": 0,
            "happy_reaction_percentage": 0,
            "neutral_reaction_percentage": 0,
            "sad_reaction_percentage": 0,
        },
        "tags": {"type": "tag.list", "tags": []},
        "title": "",
        "description": "",
        "body": "",
        "author_id": 0,
        "state": "draft",
        "created_at": now,
        "updated_at": now,
        "url": None,
        "default_locale": "en",
    }
    _apply(request, article, body)
    content.articles[article["id"]] = article
    return json_response(article)


async def get_article(request: web.Request) -> web.Response:
    """``GET /articles/{article_id}``."""
    return json_response(_article(request))


async def update_article(request: web.Request) -> web.Response:
    """``PUT /articles/{article_id}``: the fields sent change, the others stay."""
    article = _article(request)
    _apply(request, article, await checked_body(request, ARTICLE_UPDATE))
    return json_response(article)


async def delete_article(request: web.Request) -> web.Response:
    """``DELETE /articles/{article_id}``."""
    article = _article(request)
    del content_of(request).articles[article["id"]]
    return json_response({"id": article["id"], "object": "article", "deleted": True})


async def list_articles(request: web.Request) -> web.Response:
    """``GET /articles``: most recently updated first, pages of 25 by number."""
    page, per_page = page_query(request, 25)
    articles = [
        _listed(a)
        for a in content_of(request).newest_first(list(content_of(request).articles.values()))
    ]
    return json_response(numbered_page(articles, page, per_page))


def _help_center_of(request: web.Request, article: Json) -> str | None:
    collections = content_of(request).collections
    top = article["parent_ids"][-1] if article["parent_ids"] else None
    collection = collections.get(str(top)) if top is not None else None
    found = collection.get("help_center_id") if collection else None
    return None if found is None else str(found)


def _mentions(article: Json, phrase: str) -> bool:
    texts = (article.get(key) or "" for key in ("title", "description", "body"))
    return any(phrase in text.lower() for text in texts)


def _highlight(text: str, phrase: str) -> list[Json]:
    parts = re.split(f"({re.escape(phrase)})", text, flags=re.IGNORECASE) if phrase else [text]
    return [
        {"type": "highlight" if index % 2 else "plain", "text": part}
        for index, part in enumerate(parts)
        if part
    ]


async def search_articles(request: web.Request) -> web.Response:
    """``GET /articles/search``: `phrase` in the title, description or body, by `state`
    (`all` unless given) and Help Center; `highlight=true` adds the matches."""
    query = request.query
    only_known(query, ("phrase", "state", "help_center_id", "highlight", *_PAGING))
    state = query.get("state", "all")
    if state not in _SEARCH_STATES:
        raise ApiError(400, "parameter_invalid", "state must be one of published, draft, all")
    if query.get("highlight", "false") not in ("true", "false"):
        raise ApiError(400, "parameter_invalid", "highlight must be true or false")
    help_center = query.get("help_center_id")
    if help_center is not None and not help_center.isdigit():
        raise ApiError(400, "parameter_invalid", "help_center_id must be an integer")
    phrase = query.get("phrase", "").lower()
    found = [
        _listed(article)
        for article in content_of(request).newest_first(list(content_of(request).articles.values()))
        if state in ("all", article["state"])
        and (help_center is None or _help_center_of(request, article) == help_center)
        and _mentions(article, phrase)
    ]
    page, per_page = page_query(request, 10)
    answer = numbered_page(found, page, per_page, data="articles")
    answer["data"]["highlights"] = (
        [
            {
                "article_id": article["id"],
                "highlighted_title": _highlight(article["title"], phrase),
                "highlighted_summary": [_highlight(article.get("description") or "", phrase)],
            }
            for article in answer["data"]["articles"]
        ]
        if query.get("highlight") == "true"
        else []
    )
    return json_response(answer)


# --- internal articles ----------------------------------------------------------------


def _internal(request: web.Request) -> Json:
    article = content_of(request).internal_articles.get(request.match_info["internal_article_id"])
    if article is None:
        raise resource_not_found()
    return article


def _apply_internal(request: web.Request, article: Json, body: Json) -> None:
    for name in ("title", "body", "locale"):
        if name in body:
            article[name] = body[name]
    for name in ("author_id", "owner_id"):
        if name in body:
            article[name] = teammate_id(request, body, name)
    article["updated_at"] = epoch_now()
    content_of(request).touch(article["id"])


async def create_internal_article(request: web.Request) -> web.Response:
    """``POST /internal_articles``."""
    body = await checked_body(request, INTERNAL_ARTICLE_CREATE)
    content, now = content_of(request), epoch_now()
    article: Json = {
        "id": content.next_id(),
        "type": "internal_article",
        "title": "",
        "body": None,
        "owner_id": 0,
        "author_id": 0,
        "created_at": now,
        "updated_at": now,
        "locale": "en",
    }
    _apply_internal(request, article, body)
    content.internal_articles[article["id"]] = article
    return json_response(article)


async def get_internal_article(request: web.Request) -> web.Response:
    """``GET /internal_articles/{internal_article_id}``."""
    return json_response(_internal(request))


async def update_internal_article(request: web.Request) -> web.Response:
    """``PUT /internal_articles/{internal_article_id}``."""
    article = _internal(request)
    _apply_internal(request, article, await checked_body(request, INTERNAL_ARTICLE_UPDATE))
    return json_response(article)


async def delete_internal_article(request: web.Request) -> web.Response:
    """``DELETE /internal_articles/{internal_article_id}``."""
    article = _internal(request)
    content = content_of(request)
    del content.internal_articles[article["id"]]
    content.folders.pop(article["id"], None)
    return json_response({"id": article["id"], "object": "internal_article", "deleted": True})


async def list_internal_articles(request: web.Request) -> web.Response:
    """``GET /internal_articles``: most recently updated first, pages of 25 by number."""
    page, per_page = page_query(request, 25)
    articles = content_of(request).newest_first(
        list(content_of(request).internal_articles.values())
    )
    return json_response(numbered_page(articles, page, per_page))


async def search_internal_articles(request: web.Request) -> web.Response:
    """``GET /internal_articles/search``: every internal article, or those filed in
    `folder_id` (see `store.content.folders`)."""
    only_known(request.query, ("folder_id", *_PAGING))
    content = content_of(request)
    folder = request.query.get("folder_id")
    found = [
        article
        for article in content.newest_first(list(content.internal_articles.values()))
        if folder is None or content.folders.get(article["id"]) == folder
    ]
    page, per_page = page_query(request, 10)
    return json_response(numbered_page(found, page, per_page, data="internal_articles"))


ARTICLE_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/articles/search", search_articles),  # before /articles/{article_id}
    ("GET", "/articles", list_articles),
    ("POST", "/articles", create_article),
    ("GET", "/articles/{article_id}", get_article),
    ("PUT", "/articles/{article_id}", update_article),
    ("DELETE", "/articles/{article_id}", delete_article),
    ("GET", "/internal_articles/search", search_internal_articles),
    ("GET", "/internal_articles", list_internal_articles),
    ("POST", "/internal_articles", create_internal_article),
    ("GET", "/internal_articles/{internal_article_id}", get_internal_article),
    ("PUT", "/internal_articles/{internal_article_id}", update_internal_article),
    ("DELETE", "/internal_articles/{internal_article_id}", delete_internal_article),
]
