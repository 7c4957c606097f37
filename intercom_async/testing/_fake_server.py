"""A stateful fake of the Intercom 2.14 REST API on ``aiohttp.web``.

Every request passes through one middleware (``_pipeline``) that records it,
counts it against the rate-limit window, checks the bearer token and turns any
failure into Intercom's ``error.list`` envelope. Handlers stay small: they look
objects up in a :class:`FakeStore`, raise :class:`ApiError` when something is
missing and render lists with :func:`cursor_page` / :func:`link_page`.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import math
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any, NamedTuple

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import FakeStore, Json, generate_workspace, me_payload, render_contact
from ._faults import FAULTS_KEY, Faults, install_faults

__all__ = [
    "STATE_KEY",
    "ApiError",
    "FakeIntercom",
    "Quota",
    "RateLimiter",
    "ServerState",
    "build_app",
    "cursor_page",
    "error_response",
    "json_response",
    "link_page",
    "serve_forever",
]

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 150
DEFAULT_BEARER = "fake-token"
"""Default access token accepted by the fake server (not a secret)."""
_log = logging.getLogger(__name__)


class ApiError(Exception):
    """Raised by handlers; rendered by the middleware as an ``error.list`` response."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def _user_not_found() -> ApiError:
    return ApiError(404, "not_found", "User Not Found")


def _resource_not_found() -> ApiError:
    return ApiError(404, "not_found", "Resource Not Found")


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


def _store(request: web.Request) -> FakeStore:
    return request.app[STATE_KEY].store


def _contact_id(request: web.Request) -> str:
    contact_id = request.match_info["contact_id"]
    if contact_id not in _store(request).contacts:
        raise _user_not_found()
    return contact_id


def _lookup(table: dict[str, Json], key: str, error: ApiError) -> Json:
    try:
        return table[key]
    except KeyError:
        raise error from None


async def get_contact(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}``."""
    return json_response(render_contact(_store(request), _contact_id(request)))


async def find_contact_by_external_id(request: web.Request) -> web.Response:
    """``GET /contacts/find_by_external_id/{external_id}``."""
    store = _store(request)
    contact = store.contact_by_external_id(request.match_info["external_id"])
    if contact is None:
        raise _user_not_found()
    return json_response(render_contact(store, contact["id"]))


async def list_contact_tags(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/tags``: every tag, unpaginated."""
    tags = _store(request).tags_of(_contact_id(request))
    return json_response({"type": "list", "data": tags})


async def list_contact_notes(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/notes``: cursor-paginated, newest first."""
    notes = _store(request).notes_of(_contact_id(request))
    per_page = int_query(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    starting_after = request.query.get("starting_after") or None
    return json_response(cursor_page(notes, per_page=per_page, starting_after=starting_after))


async def list_contact_subscriptions(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/subscriptions``."""
    subscriptions = _store(request).subscriptions_of(_contact_id(request))
    return json_response({"type": "list", "data": subscriptions})


async def list_tags(request: web.Request) -> web.Response:
    """``GET /tags``."""
    return json_response({"type": "list", "data": list(_store(request).tags.values())})


async def get_tag(request: web.Request) -> web.Response:
    """``GET /tags/{tag_id}``."""
    tags = _store(request).tags
    return json_response(_lookup(tags, request.match_info["tag_id"], _resource_not_found()))


async def get_note(request: web.Request) -> web.Response:
    """``GET /notes/{note_id}``."""
    notes = _store(request).notes
    return json_response(_lookup(notes, request.match_info["note_id"], _resource_not_found()))


async def list_subscription_types(request: web.Request) -> web.Response:
    """``GET /subscription_types``."""
    subscription_types = list(_store(request).subscription_types.values())
    return json_response({"type": "list", "data": subscription_types})


async def get_admin(request: web.Request) -> web.Response:
    """``GET /admins/{admin_id}``."""
    error = ApiError(404, "admin_not_found", "Admin not found")
    admins = _store(request).admins
    return json_response(_lookup(admins, request.match_info["admin_id"], error))


async def get_me(request: web.Request) -> web.Response:
    """``GET /me``: the token's owner is the workspace's first admin."""
    store = _store(request)
    return json_response(me_payload(store, next(iter(store.admins.values()))))


ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/me", get_me),
    ("GET", "/admins/{admin_id}", get_admin),
    ("GET", "/contacts/find_by_external_id/{external_id}", find_contact_by_external_id),
    ("GET", "/contacts/{contact_id}", get_contact),
    ("GET", "/contacts/{contact_id}/tags", list_contact_tags),
    ("GET", "/contacts/{contact_id}/notes", list_contact_notes),
    ("GET", "/contacts/{contact_id}/subscriptions", list_contact_subscriptions),
    ("GET", "/notes/{note_id}", get_note),
    ("GET", "/subscription_types", list_subscription_types),
    ("GET", "/tags", list_tags),
    ("GET", "/tags/{tag_id}", get_tag),
]
"""Method, path and handler of every endpoint; order matters where patterns overlap."""

# Imported here because their handlers use the helpers above.
from ._fake_companies import COMPANY_ROUTES  # noqa: E402
from ._fake_relations import RELATION_ROUTES  # noqa: E402

ROUTES.extend(RELATION_ROUTES + COMPANY_ROUTES)


def _authorized(request: web.Request, token: str) -> bool:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(
        credentials.strip().encode(), token.encode()
    )


async def _dispatch(
    request: web.Request, handler: Handler, state: ServerState, request_id: str
) -> web.StreamResponse:
    """Authenticate and run the handler, mapping every failure to ``error.list``."""
    if not _authorized(request, state.token):
        return error_response(request_id, 401, "unauthorized", "Access Token Invalid")
    try:
        return await handler(request)
    except ApiError as exc:
        return error_response(request_id, exc.status, exc.code, exc.message)
    except (web.HTTPNotFound, web.HTTPMethodNotAllowed):
        return error_response(request_id, 404, "not_found", "Resource Not Found")
    except web.HTTPException as exc:
        code = exc.reason.lower().replace(" ", "_")
        return error_response(request_id, exc.status, code, exc.reason)
    except Exception:
        _log.exception("fake Intercom handler failed for %s %s", request.method, request.path_qs)
        return error_response(request_id, 500, "server_error", "Internal Server Error")


@web.middleware
async def _pipeline(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The single per-request hook: record, count, dispatch, stamp headers."""
    state = request.app[STATE_KEY]
    request_id = str(uuid.uuid4())
    state.requests.append((request.method, request.path_qs))
    quota = state.rate_limiter.hit()
    response = await _dispatch(request, handler, state, request_id)
    response.headers["X-Request-Id"] = request_id
    response.headers["X-RateLimit-Limit"] = str(quota.limit)
    response.headers["X-RateLimit-Remaining"] = str(quota.remaining)
    response.headers["X-RateLimit-Reset"] = str(quota.reset)
    return response


def build_app(
    store: FakeStore,
    token: str,
    *,
    requests: list[tuple[str, str]] | None = None,
    rate_limiter: RateLimiter | None = None,
) -> web.Application:
    """Build the fake API application serving ``store`` to holders of ``token``."""
    app = web.Application(middlewares=[_pipeline])
    app[STATE_KEY] = ServerState(store, token, requests, rate_limiter)
    for method, path, handler in ROUTES:
        app.router.add_route(method, path, handler)
    install_faults(app, app[STATE_KEY].requests)
    return app


def _base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class FakeIntercom:
    """A fake Intercom API server bound to a local port, usable as an async context manager."""

    def __init__(
        self,
        *,
        seed: int = 0,
        contacts: int = 200,
        token: str = DEFAULT_BEARER,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        latency_jitter: float = 0.0,
        rate_limit: int | None = None,
        rate_window: float = 10.0,
    ) -> None:
        from ._throttle import install_throttle

        self.token = token
        self.host = host
        self.port = port
        self.store = generate_workspace(seed, contacts)
        self.requests: list[tuple[str, str]] = []
        self.app = build_app(self.store, token, requests=self.requests)
        self.throttle = install_throttle(
            self.app,
            latency=latency,
            latency_jitter=latency_jitter,
            rate_limit=rate_limit,
            rate_window=rate_window,
        )
        self._runner: web.AppRunner | None = None
        self._bound_port: int | None = None

    @property
    def state(self) -> ServerState:
        """The shared server state (store, token, request log, rate limiter)."""
        return self.app[STATE_KEY]

    @property
    def faults(self) -> Faults:
        """The fault schedule: ``fake.faults.inject("GET", "/contacts/*", kind="reset")``."""
        return self.app[FAULTS_KEY]

    @property
    def url(self) -> str:
        """Base URL of the running server, e.g. ``http://127.0.0.1:54321``."""
        if self._bound_port is None:
            raise RuntimeError("FakeIntercom is not running; call start() first")
        return _base_url(self.host, self._bound_port)

    async def start(self) -> None:
        """Bind the listening socket and start serving."""
        if self._runner is not None:
            raise RuntimeError("FakeIntercom is already running")
        runner = web.AppRunner(self.app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self._bound_port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop serving and release the socket; a no-op when not running."""
        runner, self._runner, self._bound_port = self._runner, None, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> FakeIntercom:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()


def serve_forever(
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    seed: int = 0,
    contacts: int = 200,
    token: str = DEFAULT_BEARER,
) -> None:
    """Serve a fake workspace until interrupted (blocking; for command-line use)."""
    app = build_app(generate_workspace(seed, contacts), token)
    family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    sock = socket.create_server((host, port), family=family)
    print(f"Fake Intercom API on {_base_url(host, sock.getsockname()[1])}", flush=True)
    print(f"Access token: {token}", flush=True)
    web.run_app(app, sock=sock, print=None, access_log=None)


# The contact endpoints live in their own module, which imports the helpers above.
from ._fake_contacts import CONTACT_ROUTES  # noqa: E402

ROUTES += CONTACT_ROUTES
