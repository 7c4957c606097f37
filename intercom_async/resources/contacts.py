"""`client.contacts`."""

from __future__ import annotations

from .._sansio import join_path
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
