"""Shared plumbing of the write calls and non-GET lists of the relation namespaces."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .._converter import structure
from .._pagination import AsyncPager
from .._scroll import ScrollPager

if TYPE_CHECKING:
    from .._client import Client
    from .._transport import Answer

__all__ = ["non_empty", "post_pager", "scroll_pager", "send"]

T = TypeVar("T")


def non_empty(name: str, value: object) -> str:
    """`value` if it is a non-blank string (an id or a text field), else a clear error."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


async def send(
    client: Client,
    method: str,
    path: str,
    model: type[T],
    *,
    json: Any = None,
) -> T:
    """One call whose answer is a single object, structured as `model`.

    Goes through `Client.request`, so POST and DELETE are never retried after the
    server may have acted.
    """
    answer = await client.request(method, path, json=json)
    return structure(answer.payload, model, client, body=answer.body)


def _decoder(client: Client) -> Callable[[list[Any], type[T], bytes], tuple[T, ...]]:
    def decode_items(items: list[Any], kind: type[T], body: bytes) -> tuple[T, ...]:
        return cast(tuple[T, ...], structure(items, tuple[kind, ...], client, body=body))  # type: ignore[valid-type]

    return decode_items


def post_pager(
    client: Client, path: str, item_type: type[T], params: Mapping[str, str] | None = None
) -> AsyncPager[T]:
    """A pager over a list read with POST (`POST /companies/list`), page links followed."""

    async def get_answer(page_path: str, page_params: Mapping[str, str] | None) -> Answer:
        # Listing changes nothing, so a retry after a timeout is safe.
        return await client._transport.request(
            "POST", page_path, params=page_params, idempotent=True
        )

    return AsyncPager(
        get_answer=get_answer,
        decode_items=_decoder(client),
        base_url=client.base_url,
        path=path,
        item_type=item_type,
        params=params,
    )


def scroll_pager(client: Client, path: str, item_type: type[T]) -> ScrollPager[T]:
    """A pager over a scroll list (`GET /companies/scroll`), see `ScrollPager`."""

    async def get_answer(page_path: str, page_params: Mapping[str, str] | None) -> Answer:
        # Never retried: a repeated scroll call would skip a page or hit "scroll exists".
        return await client._transport.request(
            "GET", page_path, params=page_params, idempotent=False
        )

    return ScrollPager(
        get_answer=get_answer,
        decode_items=_decoder(client),
        base_url=client.base_url,
        path=path,
        item_type=item_type,
    )
