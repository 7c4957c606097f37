"""What every fake handler shares: Intercom's error envelope, JSON answers, pages and
the per-app state. The route modules import this; only the server imports them."""

from __future__ import annotations

import base64
import binascii
import math
import time
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any, NamedTuple

import orjson
from aiohttp import web

from ._fake_data import FakeStore, Json

__all__ = [
    "DEFAULT_PER_PAGE",
    "JSON_CONTENT_TYPE",
    "MAX_PER_PAGE",
    "STATE_KEY",
    "ApiError",
    "Quota",
    "RateLimiter",
    "ServerState",
    "contact_id_of",
    "cursor_page",
    "epoch_now",
    "error_response",
    "int_query",
    "json_object",
    "json_response",
    "link_page",
    "only_known",
    "resource_not_found",
    "store_of",
    "user_not_found",
]


JSON_CONTENT_TYPE = "application/json; charset=utf-8"


DEFAULT_PER_PAGE = 50


MAX_PER_PAGE = 150


class ApiError(Exception):
    """Raised by handlers; rendered by the middleware as an ``error.list`` response."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def user_not_found() -> ApiError:
    return ApiError(404, "not_found", "User Not Found")


def resource_not_found() -> ApiError:
    return ApiError(404, "not_found", "Resource Not Found")


def only_known(
    given: Iterable[str], known: Collection[str], *, code: str = "parameter_invalid"
) -> None:
    """Intercom's 400 for the first (by name) of the `given` body fields or query
    parameters that is not `known`."""
    unknown = sorted(set(given).difference(known))
    if unknown:
        raise ApiError(400, code, f"bad '{unknown[0]}' parameter")


class Quota(NamedTuple):
    """Rate-limit state reported in the ``X-RateLimit-*`` headers of one response."""

    limit: int
    remaining: int
    reset: int


class RateLimiter:
    """Fixed-window request counter (Intercom counts per 10-second window).

    It only reports; nothing is rejected yet. Enforcement belongs in
    ``_pipeline`` where ``hit`` is called.
    """

    def __init__(
        self, limit: int = 10_000, window: int = 10, clock: Callable[[], float] = time.time
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._window_start = 0
        self._count = 0

    def hit(self) -> Quota:
        """Count one request and return the quota left in the current window."""
        now = int(self.clock())
        start = now - now % self.window
        if start != self._window_start:
            self._window_start, self._count = start, 0
        self._count += 1
        remaining = max(0, self.limit - self._count)
        return Quota(self.limit, remaining, start + self.window)


class ServerState:
    """Everything the handlers and the middleware share; the home for future knobs."""

    def __init__(
        self,
        store: FakeStore,
        token: str,
        requests: list[tuple[str, str]] | None = None,
        rate_limiter: RateLimiter | None = None,
    ) -> None:
        self.store = store
        self.token = token
        self.requests: list[tuple[str, str]] = [] if requests is None else requests
        self.rate_limiter = rate_limiter or RateLimiter()


STATE_KEY = web.AppKey("fake_intercom_state", ServerState)


def json_response(payload: Any, status: int = 200) -> web.Response:
    """Encode ``payload`` with orjson as Intercom's JSON content type."""
    return web.Response(
        body=orjson.dumps(payload), status=status, headers={"Content-Type": JSON_CONTENT_TYPE}
    )


def error_response(request_id: str, status: int, code: str, message: str) -> web.Response:
    """Render the ``error.list`` envelope; ``request_id`` matches the ``X-Request-Id`` header."""
    body = {
        "type": "error.list",
        "request_id": request_id,
        "errors": [{"code": code, "message": message}],
    }
    return json_response(body, status)


def int_query(request: web.Request, name: str, default: int, maximum: int | None = None) -> int:
    """Parse a positive integer query parameter, clamping it to ``maximum``."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "parameter_invalid", f"{name} must be an integer") from None
    if value < 1:
        raise ApiError(400, "parameter_invalid", f"{name} must be positive")
    return value if maximum is None else min(value, maximum)


def _encode_cursor(item_id: str) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([item_id])).decode().rstrip("=")


def _decode_cursor(cursor: str) -> str:
    try:
        decoded = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise ApiError(400, "parameter_invalid", "starting_after is invalid") from None
    if not (isinstance(decoded, list) and len(decoded) == 1 and isinstance(decoded[0], str)):
        raise ApiError(400, "parameter_invalid", "starting_after is invalid")
    return decoded[0]


def cursor_page(items: Sequence[Json], *, per_page: int, starting_after: str | None) -> Json:
    """Render one page of ``items`` (already in API order) with cursor pagination.

    The opaque cursor names the last item returned; the next page starts right
    after that item, so pages stay stable when new items are added at the front.
    """
    start = 0
    if starting_after is not None:
        after_id = _decode_cursor(starting_after)
        positions = [i for i, item in enumerate(items) if item["id"] == after_id]
        if not positions:
            raise ApiError(400, "parameter_invalid", "starting_after is invalid")
        start = positions[0] + 1
    data = list(items[start : start + per_page])
    pages: Json = {
        "type": "pages",
        "page": start // per_page + 1,
        "per_page": per_page,
        "total_pages": math.ceil(len(items) / per_page),
    }
    if start + per_page < len(items):
        pages["next"] = {"per_page": per_page, "starting_after": _encode_cursor(data[-1]["id"])}
    return {"type": "list", "data": data, "total_count": len(items), "pages": pages}


def link_page(request: web.Request, items: Sequence[Json], *, page: int, per_page: int) -> Json:
    """Render one page of ``items`` with page-number pagination and an absolute ``next`` URL."""
    start = (page - 1) * per_page
    total_pages = math.ceil(len(items) / per_page)
    next_url = None
    if page < total_pages:
        next_url = str(request.url.with_query({"page": page + 1, "per_page": per_page}))
    return {
        "type": "list",
        "data": list(items[start : start + per_page]),
        "total_count": len(items),
        "pages": {
            "type": "pages",
            "page": page,
            "per_page": per_page,
            "total_pages": total_pages,
            "next": next_url,
        },
    }


def store_of(request: web.Request) -> FakeStore:
    """The workspace the request is served from."""
    return request.app[STATE_KEY].store


def epoch_now() -> int:
    """Wall-clock epoch seconds, stamped on objects the API creates or changes."""
    return int(time.time())


def contact_id_of(request: web.Request) -> str:
    """The path's ``contact_id``, or Intercom's 404 "User Not Found"."""
    contact_id = request.match_info["contact_id"]
    if contact_id not in store_of(request).contacts:
        raise user_not_found()
    return contact_id


async def json_object(request: web.Request) -> Json:
    """The request's JSON body as an object; an absent or ``null`` body is ``{}``."""
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ApiError(400, "bad_request", "request body is not valid JSON") from None
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "request body must be a JSON object")
    return body
