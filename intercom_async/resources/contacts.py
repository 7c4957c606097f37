"""`client.contacts`."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterable
from typing import Literal, overload

from .._bulk import Strategy, get_many, iter_many
from .._progress import Progress
from .._sansio import join_path
from ..errors import IntercomError
from ..models import Contact
from ._base import Resource

__all__ = ["Contacts"]


class Contacts(Resource):
    """Users and leads."""

    async def get(self, contact_id: str) -> Contact:
        """`GET /contacts/{id}`; raises `NotFoundError` for an unknown id."""
        return await self._client.get(join_path("contacts", contact_id), Contact)

    async def find_by_external_id(self, external_id: str) -> Contact:
        """`GET /contacts/find_by_external_id/{external_id}` (users only, not leads)."""
        path = join_path("contacts", "find_by_external_id", external_id)
        return await self._client.get(path, Contact)

    @overload
    async def get_many(
        self,
        ids: Iterable[str],
        *,
        return_exceptions: Literal[False] = False,
        strategy: Strategy = "auto",
        progress: Progress = None,
    ) -> list[Contact]: ...
    @overload
    async def get_many(
        self,
        ids: Iterable[str],
        *,
        return_exceptions: Literal[True],
        strategy: Strategy = "auto",
        progress: Progress = None,
    ) -> list[Contact | IntercomError]: ...
    async def get_many(
        self,
        ids: Iterable[str],
        *,
        return_exceptions: bool = False,
        strategy: Strategy = "auto",
        progress: Progress = None,
    ) -> list[Contact] | list[Contact | IntercomError]:
        """Contacts in the order of `ids`, each distinct id looked up once (see docs/bulk.md).

        A missing id raises its `NotFoundError`, or with `return_exceptions=True` takes
        that error's place in the list. `strategy="auto"` uses a contact search for
        batches where it costs fewer requests than GETs; `progress=True` shows a tqdm bar.
        """
        return await get_many(
            self._client,
            ids,
            return_exceptions=return_exceptions,
            strategy=strategy,
            progress=progress,
        )

    def iter_many(
        self, ids: Iterable[str], *, strategy: Strategy = "auto", progress: Progress = None
    ) -> AsyncGenerator[tuple[str, Contact | IntercomError], None]:
        """`(id, Contact or its IntercomError)` as lookups finish, in bounded memory.

        `ids` may be any iterable (a generator of millions); one pair per id given.
        Close it early with `contextlib.aclosing` to cancel the lookups in flight.
        """
        return iter_many(self._client, ids, strategy=strategy, progress=progress)
