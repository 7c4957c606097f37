"""`client.contacts`."""

from __future__ import annotations

import builtins
import warnings
from collections.abc import AsyncGenerator, Iterable, Mapping
from typing import Any, Literal, TypeVar, overload

from typing_extensions import Unpack

from .._bodies import contact_body
from .._bulk import Strategy, get_many, iter_many
from .._contact_fields import check_per_page, merge_body
from .._endpoints import (
    CONTACTS_ARCHIVE,
    CONTACTS_BLOCK,
    CONTACTS_CREATE,
    CONTACTS_DELETE,
    CONTACTS_FIND_BY_EXTERNAL_ID,
    CONTACTS_GET,
    CONTACTS_LIST,
    CONTACTS_MERGE,
    CONTACTS_SEARCH,
    CONTACTS_UNARCHIVE,
    CONTACTS_UPDATE,
)
from .._pagination import AsyncPager
from .._progress import Progress
from .._public import publish
from .._request_fields import ContactFields
from .._search import Query, build_query
from ..errors import IntercomError
from ..models import Contact, ContactArchived, ContactBlocked, ContactDeleted, ContactUnarchived
from ._base import Resource

__all__ = ["Contacts"]

T = TypeVar("T")

_ORDERS = {"descending": "desc", "ascending": "asc"}
_WIRE_ORDERS = {"desc": "descending", "asc": "ascending"}


class Contacts(Resource):
    """Users and leads.

    Writes (`create`, `update`, `delete`, `merge`, `archive`, ...) are sent once: the
    transport never retries them after the server may have acted. A keyword left at
    `NOT_GIVEN` is not sent; `None` sends JSON null (clears the field).
    """

    async def get(self, contact_id: str) -> Contact:
        """`GET /contacts/{id}`; raises `NotFoundError` for an unknown id."""
        return await self._client._run(CONTACTS_GET, contact_id)

    async def find_by_external_id(self, external_id: str) -> Contact:
        """`GET /contacts/find_by_external_id/{external_id}` (users only, not leads)."""
        return await self._client._run(CONTACTS_FIND_BY_EXTERNAL_ID, external_id)

    def list(self, *, per_page: int = 50, starting_after: str | None = None) -> AsyncPager[Contact]:
        """`GET /contacts`, page by page (`per_page` 1..150); merged contacts are left out.

        `starting_after` resumes a walk from a `Page.next_cursor` kept earlier.
        """
        params = {"per_page": str(check_per_page(per_page))}
        if starting_after is not None:
            params["starting_after"] = starting_after
        return self._client._list(CONTACTS_LIST, params=params)

    def search(
        self,
        query: Query | Mapping[str, Any],
        *,
        sort_field: str | None = None,
        order: Literal["desc", "asc"] = "desc",
        per_page: int = 50,
        starting_after: str | None = None,
        sort_order: Literal["descending", "ascending"] | None = None,
    ) -> AsyncPager[Contact]:
        """`POST /contacts/search` with a `Q` query or a plain dict, page by page.

        The query is checked before any request (`InvalidQueryError`); pages follow
        `pagination.starting_after`, and `starting_after=` resumes from a kept
        `Page.next_cursor`. Searching reads, so a failed page is retried. `order` sorts
        by `sort_field`, as on `companies.list()`; `sort_order="descending"` is its
        deprecated spelling.
        """
        if sort_order is not None:
            warnings.warn(
                'sort_order= is deprecated: pass order="desc" or order="asc"',
                DeprecationWarning,
                stacklevel=2,
            )
            order = _ORDERS.get(sort_order, sort_order)  # type: ignore[assignment]
        pagination: dict[str, Any] = {"per_page": check_per_page(per_page)}
        if starting_after is not None:
            pagination["starting_after"] = starting_after
        body: dict[str, Any] = {"query": build_query(query), "pagination": pagination}
        if sort_field is not None:
            if not isinstance(sort_field, str) or not sort_field:
                raise ValueError(f"sort_field must be a field name, got {sort_field!r}")
            if order not in ("desc", "asc"):
                raise ValueError(f"order must be 'desc' or 'asc', got {order!r}")
            body["sort"] = {"field": sort_field, "order": _WIRE_ORDERS[order]}
        return self._client._list(CONTACTS_SEARCH, body=body)

    async def create(self, **fields: Unpack[ContactFields]) -> Contact:
        """`POST /contacts`: needs `email`, `external_id` or `role`.

        A duplicate user email or external id raises `ConflictError` (409).
        """
        body = contact_body(fields, creating=True)
        return await self._client._run(CONTACTS_CREATE, json=body)

    async def update(self, contact_id: str, **fields: Unpack[ContactFields]) -> Contact:
        """`PUT /contacts/{id}`: only the given fields change (`None` clears one).

        `custom_attributes` are merged into the contact's, key by key.
        """
        body = contact_body(fields, creating=False)
        return await self._client._run(CONTACTS_UPDATE, contact_id, json=body)

    async def delete(self, contact_id: str) -> ContactDeleted:
        """`DELETE /contacts/{id}`."""
        return await self._client._run(CONTACTS_DELETE, contact_id)

    async def merge(self, *, from_id: str, into_id: str) -> Contact:
        """`POST /contacts/merge`: fold the lead `from_id` into the user `into_id`.

        Returns the surviving user; `from_id` is gone afterwards (404, not listed).
        """
        return await self._client._run(CONTACTS_MERGE, json=merge_body(from_id, into_id))

    async def archive(self, contact_id: str) -> ContactArchived:
        """`POST /contacts/{id}/archive`."""
        return await self._client._run(CONTACTS_ARCHIVE, contact_id)

    async def unarchive(self, contact_id: str) -> ContactUnarchived:
        """`POST /contacts/{id}/unarchive`."""
        return await self._client._run(CONTACTS_UNARCHIVE, contact_id)

    async def block(self, contact_id: str) -> ContactBlocked:
        """`POST /contacts/{id}/block` (Intercom also archives the contact's conversations)."""
        return await self._client._run(CONTACTS_BLOCK, contact_id)

    @overload
    async def get_many(
        self,
        ids: Iterable[str],
        *,
        return_exceptions: Literal[False] = False,
        strategy: Strategy = "auto",
        progress: Progress = None,
    ) -> builtins.list[Contact]: ...
    @overload
    async def get_many(
        self,
        ids: Iterable[str],
        *,
        return_exceptions: Literal[True],
        strategy: Strategy = "auto",
        progress: Progress = None,
    ) -> builtins.list[Contact | IntercomError]: ...
    async def get_many(
        self,
        ids: Iterable[str],
        *,
        return_exceptions: bool = False,
        strategy: Strategy = "auto",
        progress: Progress = None,
    ) -> builtins.list[Contact] | builtins.list[Contact | IntercomError]:
        """Contacts in the order of `ids`, each distinct id looked up once (see docs/bulk.md).

        A missing id raises its `NotFoundError`, or with `return_exceptions=True` takes
        that error's place in the list. `strategy="auto"` uses a contact search for
        batches where it costs fewer requests than GETs; `progress=True` shows a tqdm bar.
        The contacts gathered so far are kept frozen from the garbage collector, and young
        collections wait, while it runs (unless the process froze objects or disabled the
        collector itself).
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


publish("intercom_async.resources", globals(), __all__)  # before first use: see _lazy
