"""Bulk lookups: many contacts or references for as few requests as the API allows.

Every request spends the client's shared rate budget, so the work here is choosing
the cheapest endpoint: a contact search `id IN [...]` answers up to 150 ids in one
request, `GET /tags` lists every tag at once, and plain GETs fill the gaps (search
results lag behind writes, and a search may fail). In-flight work is bounded, so
millions of ids stream through in constant memory.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import (
    AsyncGenerator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Sized,
)
from contextlib import aclosing
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypeVar, cast

from ._collector import gathering
from ._endpoints import (
    CONTACTS_GET,
    CONTACTS_SEARCH,
    LISTS_BY_COLLECTION,
    NULLABLE_GETS_BY_COLLECTION,
    SEARCHES_BY_COLLECTION,
)
from ._loader import TickBatcher
from ._pagination import Page
from ._progress import Progress, reporter
from ._refs import Ref
from .errors import ErrorDetail, IntercomError, NotFoundError
from .models import Contact

if TYPE_CHECKING:
    from ._caller import Caller

__all__ = [
    "SEARCH_BATCH",
    "ContactResult",
    "RefBatches",
    "Strategy",
    "collection_listing",
    "get_many",
    "iter_many",
    "not_listed",
    "resolve_many",
    "search_body",
]

T = TypeVar("T")

Strategy: TypeAlias = Literal["auto", "get", "search"]
ContactResult: TypeAlias = "Contact | IntercomError"

SEARCH_BATCH = 150
"""Ids per contact search: Intercom's largest page, so one batch is one request."""
_STRATEGIES = ("auto", "get", "search")

logger = logging.getLogger("intercom_async")


def search_body(ids: list[str]) -> dict[str, Any]:
    """The `POST /contacts/search` body that finds these contact ids."""
    return {
        "query": {"field": "id", "operator": "IN", "value": ids},
        "pagination": {"per_page": SEARCH_BATCH},
    }


def _by_id(page: Page[Any]) -> Iterator[tuple[str, Any]]:
    """`(id, object)` for a page's items, and `(id, DecodeError)` for its misfits with an id."""
    for item in page.items:
        yield item.id, item
    for skipped in page.skipped:
        if skipped.id is not None:
            yield skipped.id, skipped.error


async def _search(client: Caller, ids: list[str]) -> dict[str, ContactResult]:
    """The contacts the search index knows among `ids` (it may lag behind recent writes).

    A contact that does not fit its model is its `DecodeError`, not a reason to search again.
    """
    wanted: set[str] = set(ids)
    found: dict[str, ContactResult] = {}
    pager = client._list(CONTACTS_SEARCH, body=search_body(ids))
    async with aclosing(pager.pages()) as pages:
        async for page in pages:
            found.update(pair for pair in _by_id(page) if pair[0] in wanted)
            if len(found) == len(wanted):
                break
    return found


async def _get(client: Caller, contact_id: str) -> ContactResult:
    try:
        # Ids are de-duplicated already: sharing the request would only cost time.
        return await client._run(CONTACTS_GET, contact_id, share=False)
    except IntercomError as exc:
        return exc


class _Job:
    """One bulk lookup's choices, shared by its batches.

    In auto mode the first search is a probe: other batches wait for it, so a search
    that fails costs one request, not one per batch in flight.
    """

    def __init__(self, client: Caller, strategy: Strategy) -> None:
        if strategy not in _STRATEGIES:
            raise ValueError(f"strategy must be one of {_STRATEGIES}, got {strategy!r}")
        self.client = client
        self.strategy = strategy
        self.batch_size = 1 if strategy == "get" else SEARCH_BATCH
        self.search_works: bool | None = None
        self._probe: asyncio.Event | None = None

    def use_search(self, count: int) -> bool:
        """Search when it costs fewer requests than GETs (one request for up to 150 ids)."""
        if self.strategy == "search":
            return True
        return self.strategy == "auto" and count > 1 and self.search_works is not False

    async def _try_search(self, ids: list[str]) -> dict[str, ContactResult]:
        while self.strategy == "auto" and self.search_works is None and self._probe is not None:
            await self._probe.wait()
        if not self.use_search(len(ids)):
            return {}
        probe = self.strategy == "auto" and self.search_works is None
        if probe:
            self._probe = asyncio.Event()
        try:
            found = await _search(self.client, ids)
        except IntercomError as exc:
            if self.strategy == "auto":
                self.search_works = False
            logger.warning("contact search failed, falling back to GETs: %s", exc)
            return {}
        finally:
            if probe:
                assert self._probe is not None
                self._probe.set()
                self._probe = None
        self.search_works = True
        return found

    async def lookup(self, ids: list[str]) -> dict[str, ContactResult]:
        """Results for distinct `ids`: one search if cheaper, GETs for whatever it missed."""
        found: dict[str, ContactResult] = {}
        if self.use_search(len(ids)):
            found.update(await self._try_search(ids))
        missing = [contact_id for contact_id in ids if contact_id not in found]
        if len(missing) == 1:
            found[missing[0]] = await _get(self.client, missing[0])
        elif missing:
            results = await asyncio.gather(*(_get(self.client, i) for i in missing))
            found.update(zip(missing, results, strict=True))
        return found


def _checked_ids(ids: Iterable[str]) -> Iterator[str]:
    """`ids`, each checked to be a non-empty string (a bare string is refused whole)."""
    if isinstance(ids, (str, bytes)):
        raise TypeError("ids must be an iterable of contact ids, not a single string")
    for position, contact_id in enumerate(ids):
        if type(contact_id) is not str:
            raise TypeError(
                f"contact ids must be strings; got {type(contact_id).__name__} "
                f"{contact_id!r:.40} at position {position}"
            )
        if not contact_id:
            raise ValueError(f"empty contact id at position {position}")
        yield contact_id


async def _stream(
    job: _Job, ids: Iterator[str], workers: int
) -> AsyncGenerator[tuple[str, ContactResult], None]:
    """Results as their batches finish, from `workers` tasks that each take one batch at a time.

    Workers pause while `workers` finished batches wait for the consumer, so memory
    stays bounded whatever the number of ids. An id already in flight is not looked up
    again; it is yielded once per occurrence.
    """
    occurrences: dict[str, int] = {}
    finished: deque[dict[str, ContactResult]] = deque()
    wakeup, room = asyncio.Event(), asyncio.Event()
    room.set()

    def next_batch() -> list[str]:
        batch: list[str] = []
        for contact_id in ids:
            if contact_id in occurrences:
                occurrences[contact_id] += 1
                continue
            occurrences[contact_id] = 1
            batch.append(contact_id)
            if len(batch) == job.batch_size:
                break
        return batch

    async def work() -> None:
        while batch := next_batch():
            finished.append(await job.lookup(batch))
            wakeup.set()
            while len(finished) >= workers:
                room.clear()
                await room.wait()

    tasks = [asyncio.create_task(work(), name="intercom_async.bulk") for _ in range(workers)]
    for task in tasks:
        task.add_done_callback(lambda _: wakeup.set())
    try:
        while True:
            if not finished:
                failed = next(
                    (t for t in tasks if t.done() and not t.cancelled() and t.exception()), None
                )
                if failed is not None:
                    raise failed.exception()  # type: ignore[misc]
                if all(task.done() for task in tasks):
                    return
                wakeup.clear()
                await wakeup.wait()
                continue
            results = finished.popleft()
            room.set()
            for contact_id, result in results.items():
                for _ in range(occurrences.pop(contact_id)):
                    yield contact_id, result
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.wait(tasks)
        for task in tasks:
            if not task.cancelled():
                task.exception()  # retrieved: the job is over either way


def iter_many(
    client: Caller, ids: Iterable[str], *, strategy: Strategy = "auto", progress: Progress = None
) -> AsyncGenerator[tuple[str, ContactResult], None]:
    """`(id, Contact or the IntercomError for it)` as lookups finish, in bounded memory."""
    job = _Job(client, strategy)
    total = len(ids) if isinstance(ids, Sized) else None
    report = reporter(progress, total)
    workers = client.max_concurrency + 2  # a few spare to keep the gate busy

    async def reported() -> AsyncGenerator[tuple[str, ContactResult], None]:
        try:
            async with aclosing(_stream(job, _checked_ids(ids), workers)) as results:
                async for item in results:
                    report.advance()
                    yield item
        finally:
            report.close()

    return reported()


async def get_many(
    client: Caller,
    ids: Iterable[str],
    *,
    return_exceptions: bool = False,
    strategy: Strategy = "auto",
    progress: Progress = None,
) -> list[ContactResult]:
    """Contacts in the order of `ids`, each distinct id looked up once."""
    wanted = list(_checked_ids(ids))
    distinct = list(dict.fromkeys(wanted))
    results: dict[str, ContactResult] = {}
    found = iter_many(client, distinct, strategy=strategy, progress=progress)
    with gathering() as settle:
        async with aclosing(found):
            async for contact_id, result in found:
                if isinstance(result, IntercomError) and not return_exceptions:
                    raise result
                results[contact_id] = result
                settle()
    return [results[contact_id] for contact_id in wanted]


def not_listed(ref: Ref[Any]) -> NotFoundError:
    """The 404 for a stub whose id its collection's list does not hold."""
    detail = ErrorDetail(code="not_found", message=f"no {ref.type} with id {ref.id!r} in the list")
    return NotFoundError(status=404, method="GET", path="/" + ref.collection, errors=[detail])


def answered_null(ref: Ref[Any]) -> NotFoundError:
    """The 404 for a stub whose object's GET answered `null` (it no longer exists)."""
    detail = ErrorDetail(code="not_found", message=f"the {ref.type} {ref.id!r} answered null")
    return NotFoundError(status=404, method="GET", path=ref.path, errors=[detail])


async def collection_listing(client: Caller, kind: type[Ref[Any]]) -> dict[str, Any]:
    """`{id: object}` of a whole collection from its list endpoint, shared by concurrent calls.

    An item that does not fit its model is listed as its `DecodeError`.
    """

    async def listing() -> dict[str, Any]:
        found: dict[str, Any] = {}
        async for page in client._list(LISTS_BY_COLLECTION[kind.collection]).pages():
            found.update(_by_id(page))
        return found

    return await client._shared(("list", kind.collection), listing)


async def _all_or_none(awaitables: Iterable[Awaitable[T]]) -> list[T]:
    """`asyncio.gather`, except that one failure cancels the rest: no orphans keep going."""
    tasks = [asyncio.ensure_future(awaitable) for awaitable in awaitables]
    try:
        return await asyncio.gather(*tasks)
    except BaseException:
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        for task in tasks:
            if not task.cancelled():
                task.exception()  # retrieved: the first failure is the one raised
        raise


async def _bounded(calls: Iterable[Callable[[], Awaitable[T]]], limit: int) -> list[T]:
    """Await `calls` with at most `limit` running at once; results in order."""
    pending = list(calls)
    results: list[Any] = [None] * len(pending)
    queue = iter(enumerate(pending))

    async def worker() -> None:
        for index, call in queue:
            results[index] = await call()

    await _all_or_none(worker() for _ in range(min(limit, len(pending))))
    return results


async def _searched(client: Caller, kind: type[Ref[Any]], ids: list[str]) -> dict[str, Any]:
    """`{id: object}` of the `ids` the kind's search finds, 150 ids per request.

    A search that fails finds nothing (the GETs that follow fill in); an item that does
    not fit its model is its `DecodeError`.
    """
    operation = SEARCHES_BY_COLLECTION[kind.collection]
    wanted: set[str] = set(ids)
    found: dict[str, Any] = {}
    try:
        for start in range(0, len(ids), SEARCH_BATCH):
            pager = client._list(operation, body=search_body(ids[start : start + SEARCH_BATCH]))
            async with aclosing(pager.pages()) as pages:
                async for page in pages:
                    found.update(pair for pair in _by_id(page) if pair[0] in wanted)
    except IntercomError as exc:
        logger.warning("%s search failed, falling back to GETs: %s", kind.collection, exc)
    return found


async def load_kind(
    client: Caller, kind: type[Ref[Any]], ids: list[str], *, return_exceptions: bool
) -> dict[str, Any]:
    """`{id: object}` for stubs of one kind, fetched the way the kind declares (`batch`).

    The first failure is raised and cancels the rest, or with `return_exceptions=True`
    takes the place of its object.
    """
    searched: dict[str, Any] = {}
    if kind.batch == "search" and kind.collection in SEARCHES_BY_COLLECTION:
        if len(ids) > 1:
            searched = await _searched(client, kind, ids)
        ids = [ref_id for ref_id in ids if ref_id not in searched]
    elif kind.batch == "search":
        found = await get_many(client, ids, return_exceptions=return_exceptions)
        return dict(zip(ids, found, strict=True))
    if kind.list_only or (kind.batch == "listing" and len(ids) > 1):
        listing = await collection_listing(client, kind)
        stub: Any = kind  # each kind's `type` has its own default
        loaded = {i: listing[i] if i in listing else not_listed(stub(id=i)) for i in ids}
    else:
        target: type[Any] = kind.target

        nullable = NULLABLE_GETS_BY_COLLECTION.get(kind.collection)

        async def one(ref_id: str) -> Any:
            try:
                if nullable is None:
                    return await client.get(kind.path_of(ref_id), target)
                found = await client._run(nullable, ref_id)
                if found is None:
                    raise answered_null(kind(id=ref_id))  # type: ignore[call-arg]
                return found
            except IntercomError as exc:
                if not return_exceptions:
                    raise
                return exc

        fetched = await _bounded([partial(one, ref_id) for ref_id in ids], client.max_concurrency)
        loaded = {**searched, **dict(zip(ids, fetched, strict=True))}
    if not return_exceptions:
        for value in loaded.values():
            if isinstance(value, IntercomError):
                raise value
    return loaded


async def resolve_many(client: Caller, refs: Iterable[Ref[T]]) -> dict[str, T]:
    """`{id: object}` for many stubs: de-duplicated, the cheapest endpoint per kind."""
    by_kind: dict[type[Ref[Any]], dict[str, Ref[Any]]] = {}
    for ref in refs:
        if not isinstance(ref, Ref):
            raise TypeError(f"resolve_many takes references, got {type(ref).__name__} {ref!r:.60}")
        by_kind.setdefault(type(ref), {})[ref.id] = ref
    resolved: dict[str, T] = {}
    kinds = by_kind.items()
    loads = (load_kind(client, k, list(g), return_exceptions=False) for k, g in kinds)
    for part in await _all_or_none(loads):
        resolved.update(part)
    return resolved


class RefBatches:
    """Same-tick batching of `ref.fetch()`, for the kinds whose `batch` is cheaper than GETs.

    One key alone still costs one single-object GET; two or more of one kind become
    one listing (`GET /tags`) or one contact search.
    """

    def __init__(self, client: Caller) -> None:
        self._client = client
        self._batchers: dict[type[Ref[Any]], TickBatcher[str, Any]] = {}

    def handles(self, ref: Ref[Any]) -> bool:
        kind = type(ref)
        return kind.batch != "gets" or kind.list_only

    async def fetch(self, ref: Ref[T]) -> T:
        kind = type(ref)
        batcher = self._batchers.get(kind)
        if batcher is None:
            load = partial(load_kind, self._client, kind, return_exceptions=True)
            batcher = self._batchers[kind] = TickBatcher(load)
        return cast(T, await batcher.load(ref.id))
