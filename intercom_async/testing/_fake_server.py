"""A stateful fake of the Intercom 2.14 REST API on ``aiohttp.web``.

Every request passes through one middleware (``_pipeline``) that records it,
counts it against the rate-limit window, checks the bearer token and turns any
failure into Intercom's ``error.list`` envelope. Handlers stay small: they look
objects up in a :class:`FakeStore`, raise :class:`ApiError` when something is
missing and render lists with :func:`cursor_page` / :func:`link_page`.
"""

from __future__ import annotations

import hmac
import logging
import socket
import uuid
from types import TracebackType

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_articles import ARTICLE_ROUTES
from ._fake_companies import COMPANY_ROUTES
from ._fake_contacts import CONTACT_ROUTES
from ._fake_conversations import CONVERSATION_ROUTES
from ._fake_custom_objects import CUSTOM_OBJECT_ROUTES
from ._fake_data import FakeStore, Json, generate_workspace, me_payload, render_contact
from ._fake_data_areas import DATA_AREA_ROUTES
from ._fake_exports import EXPORT_ROUTES
from ._fake_generic import generic_routes
from ._fake_help_center import HELP_CENTER_ROUTES
from ._fake_http import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    STATE_KEY,
    ApiError,
    RateLimiter,
    ServerState,
    contact_id_of,
    cursor_page,
    error_response,
    int_query,
    json_response,
    resource_not_found,
    store_of,
    user_not_found,
)
from ._fake_news import NEWS_ROUTES
from ._fake_relations import RELATION_ROUTES
from ._fake_teams import TEAM_ROUTES
from ._fake_ticket_types import TICKET_TYPE_ROUTES
from ._fake_tickets import TICKET_ROUTES
from ._fake_webhooks import WEBHOOKS_KEY, Delivery, FakeWebhooks, install_webhooks
from ._fake_workspace_areas import WORKSPACE_AREA_ROUTES
from ._faults import FAULTS_KEY, Faults, install_faults
from ._throttle import install_throttle

__all__ = ["DEFAULT_BEARER", "ROUTES", "FakeIntercom", "build_app", "serve_forever"]

DEFAULT_BEARER = "fake-token"
"""Default access token accepted by the fake server (not a secret)."""
_log = logging.getLogger(__name__)


def _lookup(table: dict[str, Json], key: str, error: ApiError) -> Json:
    try:
        return table[key]
    except KeyError:
        raise error from None


async def get_contact(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}``."""
    return json_response(render_contact(store_of(request), contact_id_of(request)))


async def find_contact_by_external_id(request: web.Request) -> web.Response:
    """``GET /contacts/find_by_external_id/{external_id}``."""
    store = store_of(request)
    contact = store.contact_by_external_id(request.match_info["external_id"])
    if contact is None:
        raise user_not_found()
    return json_response(render_contact(store, contact["id"]))


async def list_contact_tags(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/tags``: every tag, unpaginated."""
    tags = store_of(request).tags_of(contact_id_of(request))
    return json_response({"type": "list", "data": tags})


async def list_contact_notes(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/notes``: cursor-paginated, newest first."""
    notes = store_of(request).notes_of(contact_id_of(request))
    per_page = int_query(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    starting_after = request.query.get("starting_after") or None
    return json_response(cursor_page(notes, per_page=per_page, starting_after=starting_after))


async def list_contact_subscriptions(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/subscriptions``."""
    subscriptions = store_of(request).subscriptions_of(contact_id_of(request))
    return json_response({"type": "list", "data": subscriptions})


async def list_tags(request: web.Request) -> web.Response:
    """``GET /tags``."""
    return json_response({"type": "list", "data": list(store_of(request).tags.values())})


async def get_tag(request: web.Request) -> web.Response:
    """``GET /tags/{tag_id}``."""
    tags = store_of(request).tags
    return json_response(_lookup(tags, request.match_info["tag_id"], resource_not_found()))


async def get_note(request: web.Request) -> web.Response:
    """``GET /notes/{note_id}``."""
    notes = store_of(request).notes
    return json_response(_lookup(notes, request.match_info["note_id"], resource_not_found()))


async def list_subscription_types(request: web.Request) -> web.Response:
    """``GET /subscription_types``."""
    subscription_types = list(store_of(request).subscription_types.values())
    return json_response({"type": "list", "data": subscription_types})


async def get_admin(request: web.Request) -> web.Response:
    """``GET /admins/{admin_id}``; ``null`` for an id in ``store.null_admins``."""
    error = ApiError(404, "admin_not_found", "Admin not found")
    store = store_of(request)
    admin = _lookup(store.admins, request.match_info["admin_id"], error)
    return json_response(None if admin["id"] in store.null_admins else admin)


async def get_me(request: web.Request) -> web.Response:
    """``GET /me``: the token's owner is the workspace's first admin (``null`` when it is
    in ``store.null_admins``)."""
    store = store_of(request)
    owner = next(iter(store.admins.values()))
    return json_response(None if owner["id"] in store.null_admins else me_payload(store, owner))


BASIC_ROUTES: list[tuple[str, str, Handler]] = [
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

ROUTES: tuple[tuple[str, str, Handler], ...] = (
    *WORKSPACE_AREA_ROUTES,  # first: `/admins/activity_logs` is not `/admins/{admin_id}`
    *DATA_AREA_ROUTES,
    *BASIC_ROUTES,
    *RELATION_ROUTES,
    *COMPANY_ROUTES,
    *CONTACT_ROUTES,
    *CONVERSATION_ROUTES,
    *TEAM_ROUTES,
    *TICKET_ROUTES,
    *TICKET_TYPE_ROUTES,
    *EXPORT_ROUTES,
    *CUSTOM_OBJECT_ROUTES,
    *ARTICLE_ROUTES,
    *HELP_CENTER_ROUTES,
    *NEWS_ROUTES,
)
"""Method, path and handler of every endpoint, from each module's own table; order
matters where patterns overlap."""


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
    for method, path, handler in generic_routes(ROUTES):  # after them: they win
        app.router.add_route(method, path, handler)
    install_faults(app, app[STATE_KEY].requests)
    install_webhooks(app)
    return app


def _base_url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class FakeIntercom:
    """A fake Intercom API server bound to a local port, usable as an async context manager.

    ```python
    async with FakeIntercom(seed=7, contacts=60) as fake:
        client = intercom_async.Client(token=fake.token, base_url=fake.url)
    ```

    Args:
        seed: the generated workspace is the same for the same seed.
        contacts: how many contacts the workspace has.
        token: the one bearer token accepted; any other gets a 401 `error.list`.
        host: the interface to listen on.
        port: the port; 0 picks a free one (see `url`).
        latency: seconds added before every answer.
        latency_jitter: up to this many seconds more, at random.
        rate_limit: requests allowed per window and app (None: no limit); past it a 429.
        rate_window: the window's length in seconds.

    Attributes:
        token (str): the token to give the client.
        store (FakeStore): the data behind the server, as the JSON Intercom would send
            (`store.contacts`, `store.tags`, `store.companies`, `store.notes`,
            `store.admins`, `store.subscription_types`, `store.conversations`,
            `store.tickets`, `store.ticket_types`, `store.areas` for the smaller areas
            such as data attributes, visitors and brands, and `store.content` for articles,
            collections, Help Centers and news): assert on it or change it.
        requests (list[tuple[str, str]]): every request received, as
            `(method, path_with_query)`, in order.
        throttle (Throttle): the latency and rate-limit knobs, adjustable while serving,
            and `throttle.rejected`, the number of 429s sent.
        webhooks (FakeWebhooks): `webhooks.subscribe(url, topics)`; writes then send
            signed notifications (`webhooks.client_secret`), retried as Intercom does.
    """

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
        """The shared server state behind the handlers (internal)."""
        return self.app[STATE_KEY]

    @property
    def webhooks(self) -> FakeWebhooks:
        """Webhook subscriptions and deliveries (see `FakeWebhooks`)."""
        return self.app[WEBHOOKS_KEY]

    async def deliver(self, topic: str, item: Json, url: str | None = None) -> list[Delivery]:
        """Send one signed notification by hand and wait for its deliveries' outcome."""
        return await self.webhooks.deliver(topic, item, url)

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
        await self.webhooks.aclose()
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
