"""A minimal `POST /contacts/search` for the fake: the `id IN [...]` / `id = ...` filters.

Bulk lookups need only these. The route is added to `ROUTES` at import time only
when no fuller search handler has been registered there already.
"""

from __future__ import annotations

from typing import Any

import orjson
from aiohttp import web

from ._fake_data import render_contact
from ._fake_server import (
    MAX_PER_PAGE,
    ROUTES,
    STATE_KEY,
    ApiError,
    cursor_page,
    json_response,
)

__all__ = ["search_contacts_by_id"]


def _requested_ids(query: Any) -> list[str]:
    if not isinstance(query, dict) or query.get("field") != "id":
        raise ApiError(400, "query_invalid", "this fake only searches contacts by id")
    operator, value = query.get("operator"), query.get("value")
    if operator == "=" and isinstance(value, str):
        return [value]
    if operator == "IN" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ApiError(400, "query_invalid", "id needs operator '=' with a string or 'IN' with a list")


async def search_contacts_by_id(request: web.Request) -> web.Response:
    """`POST /contacts/search` with `{"query": {"field": "id", "operator": "IN", ...}}`."""
    try:
        body = orjson.loads(await request.read())
    except orjson.JSONDecodeError:
        raise ApiError(400, "parameter_invalid", "body is not JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "parameter_invalid", "body must be an object")
    wanted = set(_requested_ids(body.get("query")))
    pagination = body.get("pagination") or {}
    per_page = pagination.get("per_page", 50) if isinstance(pagination, dict) else 50
    if not isinstance(per_page, int) or per_page < 1:
        raise ApiError(400, "parameter_invalid", "per_page must be a positive integer")
    starting_after = pagination.get("starting_after") if isinstance(pagination, dict) else None
    store = request.app[STATE_KEY].store
    found = [render_contact(store, cid) for cid in store.contacts if cid in wanted]
    page = cursor_page(
        found, per_page=min(per_page, MAX_PER_PAGE), starting_after=starting_after or None
    )
    return json_response(page)


if not any(method == "POST" and path == "/contacts/search" for method, path, _ in ROUTES):
    ROUTES.append(("POST", "/contacts/search", search_contacts_by_id))
