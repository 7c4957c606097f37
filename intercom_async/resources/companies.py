"""`client.companies`."""

from __future__ import annotations

from .._sansio import join_path
from ..models import Company
from ._base import Resource

__all__ = ["Companies"]


class Companies(Resource):
    """Companies your contacts belong to."""

    async def get(self, company_id: str) -> Company:
        """`GET /companies/{id}` by Intercom's id."""
        return await self._client.get(join_path("companies", company_id), Company)
