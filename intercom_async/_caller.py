"""What the resources and bulk lookups need from a client, as a protocol.

They speak through this, not through `Client` itself, so the client can import them
without an import circle.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any, Protocol, TypeVar

from ._operations import Operation
from ._pagination import AsyncPager
from ._refs import Fetcher

__all__ = ["Caller"]

T = TypeVar("T")


class Caller(Fetcher, Protocol):
    """The client's call path: declared operations, raw answers, shared calls."""

    base_url: str

    @property
    def max_concurrency(self) -> int: ...

    async def get(
        self, path: str, model: type[T], params: Mapping[str, str] | None = None
    ) -> T: ...

    def _run(
        self,
        operation: Operation[T],
        *ids: object,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        share: bool = True,
    ) -> Awaitable[T]: ...

    def _list(
        self,
        operation: Operation[T],
        *ids: object,
        params: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> AsyncPager[T]: ...

    async def _shared(self, key: Hashable, call: Callable[[], Awaitable[T]]) -> T: ...
