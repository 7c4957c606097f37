"""The request bodies only the fake checks (Help Center collections, articles, internal
articles, news items), declared as `TypedDict`s of the JSON they take and checked by
`_bodies.Body` as the client's own bodies are; `checked_json` answers what they refuse
as Intercom does.

The fake takes an id as a JSON number or string, where the 2.14 schemas say one of the
two; `tests/test_bodies.py` holds each declaration to its request schema.
"""

# No `from __future__ import annotations`: `Required` shows in `__required_keys__`
# only when the annotations are evaluated as the class is made.
from collections.abc import Mapping
from typing import Any, Literal

from aiohttp import web
from typing_extensions import Required, TypedDict

from .._bodies import Body
from ._fake_data import Json
from ._fake_http import ApiError, json_object, only_known

__all__ = [
    "ARTICLE_CREATE",
    "ARTICLE_UPDATE",
    "COLLECTION_CREATE",
    "COLLECTION_UPDATE",
    "INTERNAL_ARTICLE_CREATE",
    "INTERNAL_ARTICLE_UPDATE",
    "NEWS_ITEM",
    "checked_body",
    "checked_json",
]


class _CollectionFields(TypedDict, total=False):
    """What `create_collection_request` and `update_collection_request` share."""

    description: str
    translated_content: Mapping[str, Any] | None
    parent_id: str | int | None


class _CollectionUpdate(_CollectionFields, total=False):
    """`update_collection_request`."""

    name: str


class _CollectionCreate(_CollectionFields, total=False):
    """`create_collection_request`: a `name`, and the Help Center to put it in."""

    name: Required[str]
    help_center_id: int | str | None


class _ArticleFields(TypedDict, total=False):
    """What `create_article_request` and `update_article_request` share; a null parent
    makes the article stand alone again."""

    description: str
    body: str
    state: Literal["published", "draft"]
    parent_id: int | str | None
    parent_type: Literal["collection", "section"] | None
    translated_content: Mapping[str, Any] | None


class _ArticleUpdate(_ArticleFields, total=False):
    """`update_article_request`."""

    title: str
    author_id: int | str


class _ArticleCreate(_ArticleFields, total=False):
    """`create_article_request`."""

    title: Required[str]
    author_id: Required[int | str]


class _InternalArticleFields(TypedDict, total=False):
    """What the internal article requests share, and the `locale` the spec's example sends."""

    body: str
    locale: str


class _InternalArticleUpdate(_InternalArticleFields, total=False):
    """`update_internal_article_request`."""

    title: str
    author_id: int | str
    owner_id: int | str


class _InternalArticleCreate(_InternalArticleFields, total=False):
    """`create_internal_article_request`."""

    title: Required[str]
    author_id: Required[int | str]
    owner_id: Required[int | str]


class _NewsItem(TypedDict, total=False):
    """`news_item_request`, of both create and update (each needs `title` and `sender_id`);
    the items of the arrays are checked by the handlers."""

    title: Required[str]
    body: str
    sender_id: Required[int | str]
    state: Literal["draft", "live"]
    deliver_silently: bool
    labels: list[str]
    reactions: list[str | None]
    newsfeed_assignments: list[Mapping[str, Any]]


COLLECTION_CREATE = Body("collection", _CollectionCreate)
COLLECTION_UPDATE = Body("collection", _CollectionUpdate)
ARTICLE_CREATE = Body("article", _ArticleCreate)
ARTICLE_UPDATE = Body("article", _ArticleUpdate)
INTERNAL_ARTICLE_CREATE = Body("internal article", _InternalArticleCreate)
INTERNAL_ARTICLE_UPDATE = Body("internal article", _InternalArticleUpdate)
NEWS_ITEM = Body("news item", _NewsItem)

_MISSING = {
    "name": "Name is a required parameter.",
    "author_id": "author_id must be in the main body or default locale translated_content object",
    "company_id": "company_id not specified",
}
"""Intercom's words for a missing required field, where they are not `{name} is a
required parameter`."""


def checked_json(body: Body, data: Json, *, unknown_code: str = "parameter_invalid") -> Json:
    """`data` if `body` takes it, else the 400 Intercom sends: `unknown_code` for a field
    `body` does not declare, `parameter_invalid` naming the field and what it takes, or
    `parameter_not_found` for a missing or empty required field."""
    only_known(data, body.fields, code=unknown_code)
    try:
        checked = body.checked(data, json=True)
    except (TypeError, ValueError) as exc:
        raise ApiError(400, "parameter_invalid", str(exc)) from None
    for name in body.fields:
        if name in body.required and checked.get(name) in (None, ""):
            message = _MISSING.get(name, f"{name} is a required parameter")
            raise ApiError(400, "parameter_not_found", message)
    return checked


async def checked_body(
    request: web.Request, body: Body, *, unknown_code: str = "parameter_invalid"
) -> Json:
    """The request's JSON object, checked by `checked_json`."""
    return checked_json(body, await json_object(request), unknown_code=unknown_code)
