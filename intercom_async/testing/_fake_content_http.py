"""What the fake content endpoints share: request bodies checked against their schema,
page-numbered lists, and the teammates, collections and newsfeeds a body may name."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
from aiohttp import web

from ._fake_content_state import ContentState
from ._fake_data import Json
from ._fake_http import ApiError, int_query, json_object, store_of

__all__ = [
    "BodyField",
    "checked_body",
    "content_of",
    "id_text",
    "numbered_page",
    "page_query",
    "teammate_id",
]


@attrs.frozen
class BodyField:
    """One field a request body may send: the JSON types it takes, or the strings it may be."""

    kinds: tuple[type, ...] = (str,)
    choices: tuple[str, ...] = ()
    nullable: bool = False


def content_of(request: web.Request) -> ContentState:
    return store_of(request).content


def _kind_names(field: BodyField) -> str:
    if field.choices:
        return "one of " + ", ".join(field.choices)
    names = {str: "a string", int: "an integer", bool: "a boolean", dict: "an object"}
    names[list] = "an array"
    return " or ".join(names[kind] for kind in field.kinds)


def _fits(value: Any, field: BodyField) -> bool:
    if value is None:
        return field.nullable
    if field.choices:
        return value in field.choices
    if isinstance(value, bool) and bool not in field.kinds:
        return False  # JSON true is no integer
    return isinstance(value, field.kinds)


async def checked_body(
    request: web.Request,
    fields: Mapping[str, BodyField],
    required: Mapping[str, str] | None = None,
) -> Json:
    """The JSON body, checked as Intercom does: an unknown field or a wrong type is a 400
    `parameter_invalid`; a missing required one a 400 `parameter_not_found`, with the
    message of `required[name]`."""
    body = await json_object(request)
    unknown = sorted(set(body) - set(fields))
    if unknown:
        raise ApiError(400, "parameter_invalid", f"bad '{unknown[0]}' parameter")
    for name, message in (required or {}).items():
        if body.get(name) in (None, ""):
            raise ApiError(400, "parameter_not_found", message)
    for name, value in body.items():
        if not _fits(value, fields[name]):
            raise ApiError(400, "parameter_invalid", f"{name} must be {_kind_names(fields[name])}")
    return body


def id_text(value: Any) -> str:
    """An id as a string: Intercom takes numeric ids as numbers or as strings."""
    return str(value)


def teammate_id(request: web.Request, body: Json, name: str) -> int:
    """`body[name]` as the integer id of a teammate of the workspace, else a 422."""
    value = body[name]
    if id_text(value) not in store_of(request).admins:
        raise ApiError(422, "parameter_invalid", f"{name} {value} is not a teammate")
    return int(value)


def page_query(request: web.Request, default_per_page: int) -> tuple[int, int]:
    """`(page, per_page)` of the query (a 400 if not positive integers); at most 150."""
    return int_query(request, "page", 1), int_query(request, "per_page", default_per_page, 150)


def numbered_page(
    items: Sequence[Json], page: int, per_page: int, *, data: str | None = None
) -> Json:
    """One page-numbered page, as the spec's examples show one: `pages` has `page`,
    `per_page` and `total_pages` and no `next`. With `data`, the items are
    `{"data": {data: [...]}}` (the searches)."""
    start = (page - 1) * per_page
    shown = list(items[start : start + per_page])
    return {
        "type": "list",
        "total_count": len(items),
        "data": {data: shown} if data else shown,
        "pages": {
            "type": "pages",
            "page": page,
            "per_page": per_page,
            "total_pages": math.ceil(len(items) / per_page),
        },
    }
