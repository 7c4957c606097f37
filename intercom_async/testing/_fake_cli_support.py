"""Fallback contact list and search endpoints for the fake, so the CLI export has a source.

`register(ROUTES)` adds `GET /contacts` and `POST /contacts/search` only where no
handler for them is registered yet: a fuller implementation elsewhere wins.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import Json, render_contact
from ._fake_server import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    STATE_KEY,
    ApiError,
    cursor_page,
    int_query,
    json_response,
)

__all__ = ["list_contacts", "matches", "register", "search_contacts"]


def _all_contacts(request: web.Request) -> list[Json]:
    store = request.app[STATE_KEY].store
    return [render_contact(store, contact_id) for contact_id in store.contacts]


async def list_contacts(request: web.Request) -> web.Response:
    """``GET /contacts``: every contact, cursor-paginated."""
    per_page = int_query(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    starting_after = request.query.get("starting_after") or None
    page = cursor_page(_all_contacts(request), per_page=per_page, starting_after=starting_after)
    return json_response(page)


async def search_contacts(request: web.Request) -> web.Response:
    """``POST /contacts/search``: a query of nested AND/OR filters, cursor-paginated."""
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "parameter_invalid", "request body is not JSON") from None
    if not isinstance(body, dict) or not isinstance(body.get("query"), dict):
        raise ApiError(400, "parameter_not_found", "query is required")
    pagination = body.get("pagination") or {}
    if not isinstance(pagination, dict):
        raise ApiError(400, "parameter_invalid", "pagination must be an object")
    per_page = pagination.get("per_page", DEFAULT_PER_PAGE)
    if type(per_page) is not int or per_page < 1:
        raise ApiError(400, "parameter_invalid", "per_page must be a positive integer")
    query = body["query"]
    found = [contact for contact in _all_contacts(request) if matches(contact, query)]
    page = cursor_page(
        found,
        per_page=min(per_page, MAX_PER_PAGE),
        starting_after=pagination.get("starting_after") or None,
    )
    return json_response(page)


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": operator.eq,
    "!=": operator.ne,
    ">": operator.gt,
    "<": operator.lt,
    "IN": lambda field, value: field in value,
    "NIN": lambda field, value: field not in value,
    "~": lambda field, value: str(value) in str(field),
    "!~": lambda field, value: str(value) not in str(field),
    "^": lambda field, value: str(field).startswith(str(value)),
    "$": lambda field, value: str(field).endswith(str(value)),
}


def matches(contact: Json, query: Any) -> bool:
    """Whether a rendered contact satisfies an Intercom search query."""
    if not isinstance(query, dict):
        raise ApiError(400, "parameter_invalid", "each query must be an object")
    op = query.get("operator")
    if op in ("AND", "OR"):
        parts = query.get("value")
        if not isinstance(parts, list) or not parts:
            raise ApiError(400, "parameter_invalid", f"{op} needs a non-empty list of queries")
        results = (matches(contact, part) for part in parts)
        return all(results) if op == "AND" else any(results)
    if op not in _COMPARE or not isinstance(query.get("field"), str):
        raise ApiError(400, "parameter_invalid", f"unsupported query {query!r}")
    field: Any = contact
    for key in query["field"].split("."):
        field = field.get(key) if isinstance(field, dict) else None
    value = query.get("value")
    if isinstance(field, int | float) and isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return False
    if field is None and op not in ("=", "!=", "NIN", "!~"):
        return False
    try:
        return _COMPARE[op](field, value)
    except TypeError:
        return False


def register(routes: list[tuple[str, str, Handler]]) -> None:
    """Add the fallback handlers for the endpoints `routes` does not serve yet."""
    taken = {(method, path) for method, path, _ in routes}
    for method, path, handler in (
        ("GET", "/contacts", list_contacts),
        ("POST", "/contacts/search", search_contacts),
    ):
        if (method, path) not in taken:
            routes.append((method, path, handler))
