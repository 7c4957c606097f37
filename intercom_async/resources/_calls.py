"""Shared plumbing of the relation namespaces: argument checks and unusual pagers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypeVar

from .._pagination import AsyncPager
from .._scroll import ScrollPager

if TYPE_CHECKING:
    from .._client import Client
    from .._transport import Answer

__all__ = ["non_empty", "post_pager", "scroll_pager"]

T = TypeVar("T")


def non_empty(name: str, value: object) -> str:
    """`value` if it is a non-blank string (an id or a text field), else a clear error."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def post_pager(
    client: Client, path: str, item_type: type[T], params: Mapping[str, str] | None = None
) -> AsyncPager[T]:
    """A pager over a list read with POST (`POST /companies/list`), page links followed."""

    async def get_answer(page_path: str, page_params: Mapping[str, str] | None) -> Answer:
        # Listing changes nothing, so a retry after a timeout is safe.
        return await client._answer("POST", page_path, params=page_params, idempotent=True)

    return AsyncPager(
        get_answer=get_answer,
        decode_items=client._decode_items,
        base_url=client.base_url,
        path=path,
        item_type=item_type,
        params=params,
        method="POST",
    )


def scroll_pager(client: Client, path: str, item_type: type[T]) -> ScrollPager[T]:
    """A pager over a scroll list (`GET /companies/scroll`), see `ScrollPager`."""

    async def get_answer(page_path: str, page_params: Mapping[str, str] | None) -> Answer:
        # Never retried: a repeated scroll call would skip a page or hit "scroll exists".
        return await client._answer("GET", page_path, params=page_params, idempotent=False)

    return ScrollPager(
        get_answer=get_answer,
        decode_items=client._decode_items,
        base_url=client.base_url,
        path=path,
        item_type=item_type,
    )
