"""Walking a scroll list (`GET /companies/scroll`): one server-side cursor per workspace."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Mapping
from typing import Any, TypeVar

import attrs

from ._pagination import AsyncPager, CursorGuard, Page
from .errors import DecodeError

__all__ = ["ScrollPage", "ScrollPager", "parse_scroll"]

T = TypeVar("T")


@attrs.frozen
class ScrollPage:
    """One scroll answer: its items and the `scroll_param` that fetches the next ones."""

    items: list[Any]
    scroll_param: str | None


def parse_scroll(payload: Any) -> ScrollPage:
    """Items and `scroll_param` of a scroll answer (`pages` and `total_count` are null there).

    The 2.14 schema `company_scroll` is nullable: a `null` answer (or an empty body) has
    no companies and no `scroll_param`, so it ends the scroll as an empty page does.
    """
    if payload is None:
        return ScrollPage(items=[], scroll_param=None)
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        keys = sorted(payload) if isinstance(payload, dict) else type(payload).__name__
        raise DecodeError(f"expected a scroll list with `data`, got {keys}", path="$")
    scroll_param = payload.get("scroll_param")
    if scroll_param is not None and not isinstance(scroll_param, str):
        raise DecodeError(
            f"scroll_param should be a string, got {scroll_param!r:.60}", path="$.scroll_param"
        )
    return ScrollPage(items=payload["data"], scroll_param=scroll_param or None)


class ScrollPager(AsyncPager[T]):
    """An `AsyncPager` over a scroll: each answer's `scroll_param` asks for the next page,
    and an empty page (or a `null` answer, which the schema allows) ends the walk.

    Intercom keeps one scroll open per workspace: starting a second while one is in use
    fails with 400, and a scroll unused for a minute expires. Its requests are never
    retried, because a scroll cannot resume after a failed call: start it over.
    `Page.has_next` is True while a `scroll_param` came back (the end shows as an empty page).
    """

    scroll_param: str | None = None
    """The cursor of the scroll in progress (None before the first page and after the end)."""

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Each non-empty page in turn, one request per page."""
        params: Mapping[str, str] | None = None
        # The scroll_param stays the same for the whole scroll, so a loop shows as the
        # same page (same first and last item) coming back.
        guard = CursorGuard(self._operation.endpoint)
        while True:
            answer = await self._send(self._path, params, None)
            scroll = parse_scroll(answer.payload)
            if not scroll.items:
                self.scroll_param = None
                return
            self.scroll_param = scroll.scroll_param
            request = f"{self._operation.method} {self._path}"
            items, skipped = self._decode_items(
                scroll.items, self._operation.response, answer.body, request
            )
            yield Page(
                items=items,
                total_count=None,
                has_next=scroll.scroll_param is not None,
                skipped=skipped,
            )
            if scroll.scroll_param is None:
                return
            first, last = _item_id(scroll.items[0]), _item_id(scroll.items[-1])
            guard.follow(f"{scroll.scroll_param} at {first}..{last}")
            params = {"scroll_param": scroll.scroll_param}


def _item_id(item: Any) -> str:
    return str(item.get("id")) if isinstance(item, dict) else repr(item)[:40]
