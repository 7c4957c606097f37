"""Shared plumbing of the write calls and non-GET lists of the relation namespaces."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from .._converter import structure
from .._pagination import AsyncPager

if TYPE_CHECKING:
    from .._client import Client
    from .._transport import Answer

__all__ = ["non_empty", "post_pager", "send"]

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


def post_pager(
    client: Client, path: str, item_type: type[T], params: Mapping[str, str] | None = None
) -> AsyncPager[T]:
    """A pager over a list read with POST (`POST /companies/list`), page links followed."""

    async def get_answer(page_path: str, page_params: Mapping[str, str] | None) -> Answer:
        # Listing changes nothing, so a retry after a timeout is safe.
        return await client._transport.request(
            "POST", page_path, params=page_params, idempotent=True
        )

    def decode_items(items: list[Any], kind: type[T], body: bytes) -> tuple[T, ...]:
        return cast(tuple[T, ...], structure(items, tuple[kind, ...], client, body=body))  # type: ignore[valid-type]

    return AsyncPager(
        get_answer=get_answer,
        decode_items=decode_items,
        base_url=client.base_url,
        path=path,
        item_type=item_type,
        params=params,
    )
