"""`client.companies`."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlencode

from typing_extensions import Unpack

from .._bodies import company_body
from .._company_endpoints import LIST_COMPANY_NOTES
from .._endpoints import (
    COMPANIES_CONTACTS,
    COMPANIES_CREATE,
    COMPANIES_DELETE,
    COMPANIES_FIND,
    COMPANIES_GET,
    COMPANIES_LIST,
    COMPANIES_SCROLL,
    COMPANIES_SEGMENTS,
    COMPANIES_UPDATE,
    CONTACTS_COMPANIES,
    CONTACTS_COMPANY_ATTACH,
    CONTACTS_COMPANY_DETACH,
)
from .._pagination import AsyncPager
from .._public import publish
from .._request_fields import CompanyCreateFields, CompanyFields
from .._scroll import ScrollPager
from ..errors import ErrorDetail, NotFoundError
from ..models import Company, CompanyDeleted, Contact, Note, Segment
from ._base import Resource
from ._calls import keyword_only, non_empty

__all__ = ["Companies"]


class Companies(Resource):
    """Companies your contacts belong to."""

    async def get(self, company_id: str) -> Company:
        """`GET /companies/{id}` by Intercom's id."""
        return await self._client._run(COMPANIES_GET, company_id)

    async def find(self, *, company_id: str | None = None, name: str | None = None) -> Company:
        """`GET /companies?company_id=...` (or `?name=...`): the company with your id or name.

        No match raises `NotFoundError`, as Intercom's 404 `company_not_found` does.
        """
        if (company_id is None) == (name is None):
            raise ValueError("pass exactly one of company_id= or name=")
        params = {"company_id": company_id} if company_id is not None else {"name": str(name)}
        found = await self._client._run(COMPANIES_FIND, params=params)
        if found.type == "company":
            # Versions before 2.14 may send the match itself: every key is in `extra`.
            return Company.from_dict(found.to_dict(), client=self._client)
        if not found.data:
            raise NotFoundError(
                status=404,
                method="GET",
                path=COMPANIES_FIND.path,
                url=f"{self._client.base_url}{COMPANIES_FIND.path}?{urlencode(params)}",
                errors=[ErrorDetail(code="company_not_found", message="Company Not Found")],
            )
        return found.data[0]

    def list(
        self, *, per_page: int | None = None, order: Literal["asc", "desc"] | None = None
    ) -> AsyncPager[Company]:
        """`POST /companies/list`: companies with at least one contact, most recently
        active first (`order="asc"` flips it). Intercom stops at 10,000: use `scroll()`
        beyond that."""
        params: dict[str, str] = {}
        if per_page is not None:
            params["per_page"] = str(_positive("per_page", per_page))
        if order is not None:
            if order not in ("asc", "desc"):
                raise ValueError(f"order must be 'asc' or 'desc', got {order!r}")
            params["order"] = order
        return self._client._list(COMPANIES_LIST, params=params or None)

    def scroll(self) -> ScrollPager[Company]:
        """`GET /companies/scroll`: every company, however many, one page per request.

        A scroll is a server-side cursor passed along as `scroll_param`. Intercom allows
        one open scroll per workspace (a second one started meanwhile fails with 400),
        a scroll idle for a minute expires, and a failed call cannot be resumed: walk
        it again from the start. So iterate promptly and never twice at once.
        """
        pager = self._client._list(COMPANIES_SCROLL)
        assert isinstance(pager, ScrollPager)
        return pager

    def list_contacts(self, company_id: str) -> AsyncPager[Contact]:
        """`GET /companies/{id}/contacts`: the contacts attached to the company."""
        return self._client._list(COMPANIES_CONTACTS, company_id)

    def list_segments(self, company_id: str) -> AsyncPager[Segment]:
        """`GET /companies/{id}/segments`: the segments the company is in."""
        return self._client._list(COMPANIES_SEGMENTS, company_id)

    def list_notes(self, company_id: str) -> AsyncPager[Note]:
        """`GET /companies/{id}/notes`: the notes on the company (API 2.15; an older
        client's `api_version` refuses it before sending, `UnsupportedVersionError`)."""
        return self._client._list(LIST_COMPANY_NOTES, non_empty("company_id", company_id))

    async def create_or_update(self, **fields: Unpack[CompanyCreateFields]) -> Company:
        """`POST /companies`: update the company with your `company_id`, or create it.

        Only the arguments you pass are sent (the others keep their values); a wrong
        type or `None` raises before sending. `company_id` cannot change once set, and
        a company shows in `list()` only once a contact is attached.
        """
        body = company_body(fields, creating=True)
        return await self._client._run(COMPANIES_CREATE, json=body)

    async def update(self, company_id: str, **fields: Unpack[CompanyFields]) -> Company:
        """`PUT /companies/{id}` by Intercom's id; only the arguments you pass are sent."""
        body = company_body(fields, creating=False)
        return await self._client._run(COMPANIES_UPDATE, company_id, json=body)

    async def delete(self, company_id: str) -> CompanyDeleted:
        """`DELETE /companies/{id}`: archives the company and detaches its contacts."""
        return await self._client._run(COMPANIES_DELETE, company_id)

    def list_for_contact(self, contact_id: str) -> AsyncPager[Company]:
        """`GET /contacts/{id}/companies`: the companies the contact belongs to."""
        return self._client._list(CONTACTS_COMPANIES, contact_id)

    async def attach_to_contact(
        self, contact_id: str, _company_id: str | None = None, /, *, company_id: str | None = None
    ) -> Company:
        """`POST /contacts/{id}/companies`: attach the company (Intercom's id) to the contact."""
        company_id = keyword_only("company_id", _company_id, company_id)
        body = {"id": non_empty("company_id", company_id)}
        return await self._client._run(CONTACTS_COMPANY_ATTACH, contact_id, json=body)

    async def detach_from_contact(
        self, contact_id: str, _company_id: str | None = None, /, *, company_id: str | None = None
    ) -> Company:
        """`DELETE /contacts/{id}/companies/{company_id}`: detach the company from the contact."""
        company_id = keyword_only("company_id", _company_id, company_id)
        return await self._client._run(CONTACTS_COMPANY_DETACH, contact_id, company_id)


def _positive(name: str, value: int) -> int:
    if type(value) is not int or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


publish("intercom_async.resources", globals(), __all__)  # before first use: see _lazy
