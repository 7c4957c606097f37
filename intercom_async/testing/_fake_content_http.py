"""What the fake content endpoints share: page-numbered lists, and the teammates,
collections and newsfeeds a body may name."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from aiohttp import web

from ._fake_content_state import ContentState
from ._fake_data import Json
from ._fake_http import ApiError, int_query, store_of

__all__ = [
    "content_of",
    "id_text",
    "numbered_page",
    "page_query",
    "teammate_id",
]


def content_of(request: web.Request) -> ContentState:
    return store_of(request).content


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
