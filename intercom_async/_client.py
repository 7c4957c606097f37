"""`Client`: configuration, lifecycle, resource namespaces and reference resolution."""

from __future__ import annotations

import asyncio
import codecs
import weakref
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeAlias, TypeVar, cast

from . import _bulk, _sansio, resources
from ._converter import structure, structure_items
from ._lazy import Area
from ._loader import SingleFlight
from ._operations import Operation
from ._pagination import AsyncPager
from ._refs import Ref
from ._scroll import ScrollPager
from ._secret import Secret
from ._transport import DEFAULT_MAX_RESPONSE_BYTES, Transport
from ._versions import API_VERSIONS
from .answer import Answer
from .errors import DecodeError, SkippedItem

if TYPE_CHECKING:
    import aiohttp

__all__ = ["DEFAULT_API_VERSION", "DEFAULT_MAX_CONCURRENCY", "Client", "Misfits"]

T = TypeVar("T")

Misfits: TypeAlias = Literal["skip", "raise"]
"""What a list walk does with an item that does not fit its model: `skip` it (kept in
`Page.skipped`, raised as `SkippedItemsError` once the walk is over), or `raise` at once."""

_ACCEPT = {
    "bytes": "application/octet-stream",  # the header Intercom's downloads ask for
    "text": "text/plain, application/json",
    "redirect": "application/json",
}
"""The `Accept` each non-JSON `Operation.content` sends (errors still come as JSON)."""

DEFAULT_API_VERSION = "2.14"
DEFAULT_MAX_CONCURRENCY = 64
"""Requests in flight at most: enough to spend a 10-second window of Intercom's
10,000-a-minute budget (1,666 requests) in under 3 s at 100 ms latency."""


class Client:
    """An async client for one Intercom workspace.

    ```python
    async with intercom_async.Client(token="...") as client:
        contact = await client.contacts.get("5ba682d23d7cf92bef87bfd4")
        tags = await contact.tags.fetch_all()
    ```

    The HTTP session is created on first use on the running event loop, so a client
    made at the top of a notebook works with top-level `await`. Pass `session=` to
    share your own aiohttp session (we never close a borrowed one).

    `misfits="skip"` (the default) lets one list item that does not fit its model never
    sink its neighbours: pagers, bulk lookups and exports carry on with the rest and
    report it; `misfits="raise"` raises its `DecodeError` at once.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        region: str = "us",
        base_url: str | None = None,
        api_version: str = DEFAULT_API_VERSION,
        timeout: float = 30.0,
        max_retries: int = 3,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        session: aiohttp.ClientSession | None = None,
        trust_env: bool = False,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        misfits: Misfits = "skip",
    ) -> None:
        try:
            secret = Secret.from_argument_or_environment(token)
        finally:
            del token  # from here on only the redacting wrapper holds it (tracebacks show locals)
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, got {max_retries}")
        if max_response_bytes < 1:
            raise ValueError(f"max_response_bytes must be at least 1, got {max_response_bytes}")
        if misfits not in ("skip", "raise"):
            raise ValueError(f"misfits must be 'skip' or 'raise', got {misfits!r}")
        if api_version not in API_VERSIONS:
            raise ValueError(
                f"api_version must be one of the versions Intercom documents "
                f"({', '.join(API_VERSIONS)}), got {api_version!r}"
            )
        self.base_url = _sansio.resolve_base_url(region, base_url)
        self.api_version = api_version
        self.misfits: Misfits = misfits
        self._transport = Transport(
            base_url=self.base_url,
            headers=_sansio.request_headers(secret, api_version),
            timeout=timeout,
            max_retries=max_retries,
            max_concurrency=max_concurrency,
            max_response_bytes=max_response_bytes,
            session=session,
            trust_env=trust_env,
            sleep=sleep,
        )
        self._flight = SingleFlight()
        self._batches = _bulk.RefBatches(self)
        weakref.finalize(self, self._transport.warn_if_open, repr(self)).atexit = False

    # The API's areas, each built (and its module imported) on first use: see `_lazy`.
    contacts = Area(lambda: resources.Contacts)
    conversations = Area(lambda: resources.Conversations)
    tags = Area(lambda: resources.Tags)
    notes = Area(lambda: resources.Notes)
    companies = Area(lambda: resources.Companies)
    subscription_types = Area(lambda: resources.SubscriptionTypes)
    admins = Area(lambda: resources.Admins)
    segments = Area(lambda: resources.Segments)
    teams = Area(lambda: resources.Teams)
    tickets = Area(lambda: resources.Tickets)
    ticket_types = Area(lambda: resources.TicketTypes)
    ticket_states = Area(lambda: resources.TicketStates)
    ai_content = Area(lambda: resources.AiContent)
    calls = Area(lambda: resources.Calls)
    custom_objects = Area(lambda: resources.CustomObjects)
    data_export = Area(lambda: resources.DataExports)
    fin = Area(lambda: resources.Fin)
    jobs = Area(lambda: resources.Jobs)
    messages = Area(lambda: resources.Messages)
    phone_switch = Area(lambda: resources.PhoneSwitches)
    reporting_data_export = Area(lambda: resources.ReportingDataExports)
    data_attributes = Area(lambda: resources.DataAttributes)
    data_events = Area(lambda: resources.DataEvents)
    visitors = Area(lambda: resources.Visitors)
    ip_allowlist = Area(lambda: resources.IpAllowlist)
    away_status_reasons = Area(lambda: resources.AwayStatusReasons)
    brands = Area(lambda: resources.Brands)  # 2.15
    emails = Area(lambda: resources.Emails)  # 2.15
    fin_voice = Area(lambda: resources.FinVoice)  # 2.15
    workflows = Area(lambda: resources.Workflows)  # 2.15
    articles = Area(lambda: resources.Articles)
    internal_articles = Area(lambda: resources.InternalArticles)
    help_center = Area(lambda: resources.HelpCenterArea)
    news = Area(lambda: resources.NewsArea)

    def __repr__(self) -> str:
        # Also shown for a half-built client, in tracebacks that capture locals.
        base_url = getattr(self, "base_url", "(unconfigured)")
        return f"<intercom_async.Client {base_url} api_version={getattr(self, 'api_version', '?')}>"

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            "an intercom_async.Client cannot be pickled (it holds a token and a live "
            "session); create a client in the other process instead"
        )

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP session (unless it was borrowed). Safe to call twice."""
        await self._transport.aclose()

    @property
    def closed(self) -> bool:
        return self._transport.closed

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The aiohttp session in use: yours if borrowed, else ours (None before the
        first request on this loop and after `aclose()`)."""
        return self._transport.session

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Answer:
        """One raw API call: the escape hatch for endpoints without a typed method.

        `path` starts with `/` and is appended to the base URL (a `ValueError` if it
        could reach anything else). Only GET, HEAD and OPTIONS are resent after a
        failure that may have reached the server; pass `idempotent=True` for a POST
        that only reads (a search).
        """
        return await self._transport.request(
            method, _sansio.check_raw_path(path), params=params, json=json, idempotent=idempotent
        )

    async def get(self, path: str, model: type[T], params: Mapping[str, str] | None = None) -> T:
        """`GET path` structured as `model`; identical concurrent GETs share one request."""
        return await self._call("GET", path, model, params=params)

    @property
    def max_concurrency(self) -> int:
        """Requests this client keeps in flight at most."""
        return self._transport.max_concurrency

    @property
    def in_flight(self) -> int:
        """Requests sent and not yet answered, as the rate budget counts them (0 when
        everything has settled, cancelled calls included)."""
        return self._transport.rate_limiter.in_flight

    @property
    def max_response_bytes(self) -> int:
        """The most bytes of one (decompressed) answer this client reads."""
        return self._transport.max_response_bytes

    # `_call` and `_run` hand back the awaitable of the call they pass to, so a lookup
    # costs no extra coroutine frames on its way to the transport.

    def _call(
        self,
        method: str,
        path: str,
        model: type[T],
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
        share: bool = True,
        nullable: bool = False,
    ) -> Awaitable[T]:
        """One call whose answer is a `model`, its stubs bound to this client.

        Identical concurrent GETs share one request and one structured result, unless
        `share=False` (a caller that de-duplicates already). Writes are never resent
        after the server may have acted. With `nullable`, a `null` answer is None (the
        caller's `T` includes None).
        """
        if not share or method != "GET":
            return self._structured(method, path, model, params, json, idempotent, nullable)
        key = (path, tuple(sorted(params.items())) if params else (), model, nullable)
        return self._flight.run(
            key, self._structured, method, path, model, params, json, idempotent, nullable
        )

    async def _structured(
        self,
        method: str,
        path: str,
        model: type[T],
        params: Mapping[str, str] | None,
        json: Any,
        idempotent: bool | None,
        nullable: bool = False,
    ) -> T:
        answer = await self._transport.request(
            method, path, params=params, json=json, idempotent=idempotent
        )
        if model is type(None):  # an operation that answers nothing (DELETE /tags/{id})
            return None
        if nullable and answer.payload is None and answer.body.strip() == b"null":
            # The spec allows `null` here; the operation is declared `Operation[M | None]`.
            return cast(T, None)
        return structure(answer.payload, model, self, body=answer.body, request=f"{method} {path}")

    async def _shared(self, key: Hashable, call: Callable[[], Awaitable[T]]) -> T:
        """`call()`, shared by every concurrent caller with the same `key`."""
        return await self._flight.run(key, call)

    def paginate(
        self,
        path: str,
        item_type: type[T],
        params: Mapping[str, str] | None = None,
        *,
        search_body: Mapping[str, Any] | None = None,
        item_key: str | tuple[str, ...] = "data",
    ) -> AsyncPager[T]:
        """A lazy pager over a list endpoint; no request is sent until it is iterated.

        Items are read from `item_key` of each page (`"admins"` for `GET /admins`).
        With `search_body` each page is a POST of it: a read, so retried like a GET.
        """
        keys = (item_key,) if isinstance(item_key, str) else item_key
        if search_body is None:
            operation = Operation("GET", path, item_type, items=keys, paging="pages")
        else:
            operation = Operation(
                "POST", path, item_type, items=keys, paging="pages", resendable=True
            )
        return self._pager(operation, path, params, search_body)

    def _run(
        self,
        operation: Operation[T],
        *ids: object,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        share: bool = True,
    ) -> Awaitable[T]:
        """Call a declared single-object operation with `ids` in its path.

        An operation newer than this client's `api_version` is refused before sending.
        """
        operation.check_version(self.api_version)
        if operation.content != "json":
            return cast(Awaitable[T], self._download(operation, operation.path_for(*ids), params))
        return self._call(
            operation.method,
            operation.path_for(*ids),
            operation.response,
            params=params,
            json=json,
            idempotent=operation.resendable,
            share=share,
            nullable=operation.nullable,
        )

    async def _download(
        self, operation: Operation[Any], path: str, params: Mapping[str, str] | None
    ) -> bytes | str:
        """A non-JSON answer through the same transport: a file's bytes, a text, or the
        `Location` a redirect names (not followed, so our token stays on our host)."""
        answer = await self._transport.request(
            operation.method,
            path,
            params=params,
            idempotent=operation.resendable,
            download=_ACCEPT[operation.content],
        )
        if operation.content == "bytes":
            return answer.body
        if operation.content == "text":
            return answer.body.decode(_charset(answer.headers), errors="replace")
        location = answer.headers.get("Location")
        if not 300 <= answer.status < 400 or not location:
            raise DecodeError(
                f"{operation.method} {path} -> {answer.status}: expected a redirect with a "
                "Location header",
                body=answer.body,
                status=answer.status,
                headers=answer.headers,
                request=f"{operation.method} {path}",
            )
        return location

    def _list(
        self,
        operation: Operation[T],
        *ids: object,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> AsyncPager[T]:
        """A pager over a declared list operation with `ids` in its path (refused at once,
        before any request, when the operation is newer than `api_version`)."""
        operation.check_version(self.api_version)
        return self._pager(operation, operation.path_for(*ids), params, body)

    def _pager(
        self,
        operation: Operation[T],
        path: str,
        params: Mapping[str, str] | None,
        body: Mapping[str, Any] | None,
    ) -> AsyncPager[T]:
        async def send(
            page_path: str, page_params: Mapping[str, str] | None, page_body: Any
        ) -> Answer:
            return await self._transport.request(
                operation.method,
                page_path,
                params=page_params,
                json=page_body,
                idempotent=operation.resendable,
            )

        if operation.paging == "scroll":
            return ScrollPager(
                send=send,
                decode_items=self._decode_items,
                base_url=self.base_url,
                operation=operation,
                path=path,
            )
        return AsyncPager(
            send=send,
            decode_items=self._decode_items,
            base_url=self.base_url,
            operation=operation,
            path=path,
            params=params,
            body=body,
        )

    def _decode_items(
        self, items: list[Any], kind: type[T], body: bytes, request: str
    ) -> tuple[tuple[T, ...], tuple[SkippedItem, ...]]:
        """A page's items as `kind`, their stubs bound to this client, by `misfits`."""
        if self.misfits == "raise":
            every = tuple[kind, ...]  # type: ignore[valid-type]
            return structure(items, every, self, body=body, request=request), ()
        return structure_items(items, kind, self, body=body, request=request)

    async def fetch(self, ref: Ref[T]) -> T:
        """The object a stub points at: `await client.fetch(ref)` is `await ref.fetch()`."""
        if self._batches.handles(ref):
            return await self._batches.fetch(ref)
        return await self.get(ref.path, cast(type[T], type(ref).target))

    async def resolve_many(self, refs: Iterable[Ref[T]]) -> dict[str, T]:
        """`{id: object}` for many stubs: each distinct object fetched once, the cheapest way
        per kind (one `GET /tags`, a contact search `id IN [...]`, else bounded GETs)."""
        return await _bulk.resolve_many(self, refs)


def _charset(headers: Mapping[str, str]) -> str:
    """The `charset` of a `Content-Type` (UTF-8 when none, or one Python does not know)."""
    for part in headers.get("Content-Type", "").split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            try:
                return codecs.lookup(value.strip('"')).name
            except LookupError:
                break
    return "utf-8"
