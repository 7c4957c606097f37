"""Walking Intercom's paged lists: cursor objects and absolute page links alike."""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Generic, TypeVar

import attrs

from ._display import page_html
from ._operations import Operation
from ._sansio import local_target
from .errors import DecodeError, PaginationLoopError, SkippedItem, SkippedItemsError

__all__ = ["AsyncPager", "CursorGuard", "Page", "RawPage", "parse_page", "with_cursor"]

T = TypeVar("T")

logger = logging.getLogger("intercom_async")


class CursorGuard:
    """Every cursor (or page link) one walk has followed; a repeat ends the walk.

    A server that hands back a cursor it already gave would otherwise be walked for
    ever, as fast as it answers. One string per page is kept.
    """

    __slots__ = ("_endpoint", "_seen")

    def __init__(self, endpoint: str, start: str | None = None) -> None:
        self._endpoint = endpoint
        self._seen = {start} if start is not None else set()

    def follow(self, cursor: str) -> str:
        """`cursor`, remembered; `PaginationLoopError` if it was followed before."""
        if cursor in self._seen:
            raise PaginationLoopError(endpoint=self._endpoint, cursor=cursor)
        self._seen.add(cursor)
        return cursor


@attrs.frozen
class RawPage:
    """One answer split into its items and where the next page is."""

    items: list[Any]
    total_count: int | None
    next_params: dict[str, str] | None
    next_target: str | None
    next_page: int | None = None
    """`pages.page + 1` while below `pages.total_pages` (for page-numbered lists)."""
    extra: dict[str, Any] = attrs.field(factory=dict)
    """What a dotted item key's object holds beside the items (`data.highlights`)."""


def parse_page(payload: Any, base_url: str, item_keys: tuple[str, ...]) -> RawPage:
    """Items (under the first of `item_keys` present) and the next request of a list answer.

    `pages.next` is either a cursor object (`{"starting_after": ...}`, sent back as
    query parameters on the same path) or an absolute URL to follow.
    """
    if not isinstance(payload, dict):
        raise DecodeError(f"expected a list object, got {type(payload).__name__}", path="$")
    key = next((key for key in item_keys if _array_at(payload, key) is not None), None)
    items = _array_at(payload, key) if key is not None else None
    if items is None or key is None:
        raise DecodeError(
            f"list object has no {' or '.join(item_keys)} array (keys: {sorted(payload)})",
            path="$",
        )
    total = payload.get("total_count")
    pages = payload.get("pages")
    following = pages.get("next") if isinstance(pages, dict) else None
    next_params: dict[str, str] | None = None
    next_target: str | None = None
    if isinstance(following, dict) and following.get("starting_after"):
        next_params = {"starting_after": str(following["starting_after"])}
        if following.get("per_page"):
            next_params["per_page"] = str(following["per_page"])
    elif isinstance(following, str) and following:
        next_target = local_target(following, base_url)
    number = pages.get("page") if isinstance(pages, dict) else None
    last = pages.get("total_pages") if isinstance(pages, dict) else None
    next_page = number + 1 if type(number) is int and type(last) is int and number < last else None
    return RawPage(
        items=items,
        total_count=total if type(total) is int else None,
        next_params=next_params,
        next_target=next_target,
        next_page=next_page,
        extra=_beside(payload, key),
    )


def _beside(payload: dict[str, Any], key: str) -> dict[str, Any]:
    """The other keys of the object a dotted `key` finds its items in (none for `data`)."""
    *parents, last = key.split(".")
    if not parents:
        return {}
    holder: Any = payload
    for part in parents:
        holder = holder.get(part) if isinstance(holder, dict) else None
    return {k: v for k, v in holder.items() if k != last} if isinstance(holder, dict) else {}


def _array_at(payload: dict[str, Any], key: str) -> list[Any] | None:
    """The array under `key`, a dotted key walking into objects (`data.articles`)."""
    value: Any = payload
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value if isinstance(value, list) else None


@attrs.frozen
class Page(Generic[T]):
    """One page of a list: its typed items and the list's `total_count` when sent.

    `next_cursor` is the cursor of the following page on cursor-paged lists: keep it
    to resume a walk later (`starting_after=`). `skipped` holds the items that did not
    fit their model, each with its JSON and its `DecodeError`.
    """

    items: tuple[T, ...]
    total_count: int | None
    has_next: bool
    next_cursor: str | None = None
    skipped: tuple[SkippedItem, ...] = ()
    extra: Mapping[str, Any] = attrs.field(factory=dict)
    """What the answer sends beside the items where they sit inside an object, as JSON:
    the `highlights` of an article search (`data: {articles, highlights}`)."""

    def __iter__(self) -> Any:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def _repr_html_(self) -> str:
        """A table with a row per item, for Jupyter."""
        return page_html(self.items, self.total_count, self.has_next)


SendPage = Callable[[str, "Mapping[str, str] | None", "Mapping[str, Any] | None"], Awaitable[Any]]
"""Sends one page request: `(path, query params, JSON body)` -> the `Answer`."""
DecodeItems = Callable[
    [list[Any], type[T], bytes, str], tuple[tuple[T, ...], tuple[SkippedItem, ...]]
]
"""A page's raw items, item type, body and request (`GET /contacts`) -> (the items that
fit, the ones skipped), by the client's policy."""


class AsyncPager(Generic[T]):
    """`async for item in pager` walks every page lazily; `pager.pages()` yields pages.

    Only one page is held at a time, so a walk over 100k contacts stays small.
    With `body` (searches), each page is a POST of that body and the cursor travels
    in its `pagination.starting_after` instead of the query string.
    """

    def __init__(
        self,
        *,
        send: SendPage,
        decode_items: DecodeItems[T],
        base_url: str,
        operation: Operation[T],
        path: str,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> None:
        self._send = send
        self._decode_items = decode_items
        self._base_url = base_url
        self._operation = operation
        self._path = path
        self._params = dict(params) if params else None
        self._body = dict(body) if body is not None else None

    def __repr__(self) -> str:
        return f"AsyncPager({self._operation.response.__name__}, {self._path!r})"

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Each page in turn, one request per page."""
        path, params, body = self._path, self._params, self._body
        guard = CursorGuard(self._operation.endpoint, self._start_cursor())
        while True:
            answer = await self._send(path, params, body)
            raw = parse_page(answer.payload, self._base_url, self._operation.items)
            # A POSTed search pages by cursor only; a page link would drop its body.
            follows_link = body is None and raw.next_target is not None
            numbered = self._operation.paging == "page_numbers" and raw.next_page is not None
            has_next = raw.next_params is not None or follows_link or numbered
            if self._operation.paging == "single":
                has_next = False
            request = f"{self._operation.method} {path}"
            items, skipped = self._decode_page_items(raw.items, answer.body, request)
            yield Page(
                items=items,
                total_count=raw.total_count,
                has_next=has_next,
                next_cursor=raw.next_params["starting_after"] if raw.next_params else None,
                skipped=skipped,
                extra=raw.extra,
            )
            if not has_next:
                return
            if body is not None:
                if raw.next_params is None:
                    return
                body = with_cursor(body, guard.follow(raw.next_params["starting_after"]))
            elif raw.next_params is not None:
                guard.follow(raw.next_params["starting_after"])
                params = {**(self._params or {}), **raw.next_params}
            elif raw.next_target is not None:
                path, params = guard.follow(raw.next_target), None
            elif raw.next_page is not None:
                guard.follow(f"{path}?page={raw.next_page}")
                params = {**(params or {}), "page": str(raw.next_page)}

    def _decode_page_items(
        self, raw_items: list[Any], body: bytes, request: str
    ) -> tuple[tuple[T, ...], tuple[SkippedItem, ...]]:
        """The page's items by the client's policy; where the spec allows `null` items
        (`null_items`), those are not objects and are left out, logged at DEBUG."""
        kind = self._operation.response
        if not (self._operation.null_items and any(item is None for item in raw_items)):
            return self._decode_items(raw_items, kind, body, request)
        positions = [index for index, item in enumerate(raw_items) if item is not None]
        logger.debug(
            "%s: left out %d null item(s) of a page (the API spec allows them)",
            self._operation.endpoint,
            len(raw_items) - len(positions),
        )
        kept = [raw_items[i] for i in positions]
        items, skipped = self._decode_items(kept, kind, body, request)
        # A misfit's index stays its place in the page as sent.
        return items, tuple(attrs.evolve(s, index=positions[s.index]) for s in skipped)

    async def first(self) -> T | None:
        """The first item, or None for an empty list; requests stop at the first page
        that has one (instead of `async for ...: break`)."""
        pages = self.pages()
        try:
            async for page in pages:
                if page.items:
                    return page.items[0]
        finally:
            await pages.aclose()
        return None

    def _start_cursor(self) -> str | None:
        """The `starting_after` a walk resumes from, if any (a repeat of it is a loop too)."""
        if self._body is not None:
            pagination = self._body.get("pagination")
            cursor = pagination.get("starting_after") if isinstance(pagination, Mapping) else None
            return cursor if isinstance(cursor, str) else None
        return (self._params or {}).get("starting_after")

    async def __aiter__(self) -> AsyncIterator[T]:
        """Every item that fits, page by page; then `SkippedItemsError` if some did not."""
        skipped: list[SkippedItem] = []
        async for page in self.pages():
            skipped += page.skipped
            for item in page.items:
                yield item
        if skipped:
            raise SkippedItemsError(skipped)

    async def to_list(self) -> list[T]:
        """Every item of every page (mind the memory on big lists).

        When some items did not fit, `SkippedItemsError.fitted` holds the others.
        """
        items: list[T] = []
        try:
            async for item in self:
                items.append(item)
        except SkippedItemsError as exc:
            exc.fitted = items
            raise
        return items


def with_cursor(body: Mapping[str, Any], cursor: str) -> dict[str, Any]:
    """`body` asking for the page after `cursor` (`pagination.starting_after`)."""
    pagination = body.get("pagination")
    paging = dict(pagination) if isinstance(pagination, Mapping) else {}
    return {**body, "pagination": {**paging, "starting_after": cursor}}
