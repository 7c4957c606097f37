"""`client.admins`."""

from __future__ import annotations

from .._endpoints import ADMINS_GET, ADMINS_LIST, ADMINS_ME
from .._pagination import AsyncPager
from ..models import Admin
from ._base import Resource

__all__ = ["Admins"]


class Admins(Resource):
    """Teammates of the workspace."""

    async def get(self, admin_id: str | int) -> Admin | None:
        """`GET /admins/{id}`, or None when Intercom answers `null` (its 2.14 `admin`
        schema is nullable); an unknown id is still a `NotFoundError`."""
        return await self._client._run(ADMINS_GET, admin_id)

    async def me(self) -> Admin | None:
        """`GET /me`: the admin (and app) the token belongs to, or None when Intercom
        answers `null` (its 2.14 `admin_with_app` schema is nullable)."""
        return await self._client._run(ADMINS_ME)

    def list(self, *, display_avatar: bool = False) -> AsyncPager[Admin]:
        """`GET /admins`; avatars are only sent with `display_avatar=True`. A `null` in
        the list (the spec allows it) is not an admin and is left out, logged at DEBUG."""
        params = {"display_avatar": "true"} if display_avatar else None
        return self._client._list(ADMINS_LIST, params=params)
