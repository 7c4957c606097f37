"""`client.admins`."""

from __future__ import annotations

from .._endpoints import ADMINS_GET, ADMINS_LIST, ADMINS_ME
from .._pagination import AsyncPager
from ..models import Admin
from ._base import Resource

__all__ = ["Admins"]


class Admins(Resource):
    """Teammates of the workspace."""

    async def get(self, admin_id: str | int) -> Admin:
        """`GET /admins/{id}`."""
        return await self._client._run(ADMINS_GET, admin_id)

    async def me(self) -> Admin:
        """`GET /me`: the admin (and app) the token belongs to."""
        return await self._client._run(ADMINS_ME)

    def list(self, *, display_avatar: bool = False) -> AsyncPager[Admin]:
        """`GET /admins`; avatars are only sent with `display_avatar=True`."""
        params = {"display_avatar": "true"} if display_avatar else None
        return self._client._list(ADMINS_LIST, params=params)
