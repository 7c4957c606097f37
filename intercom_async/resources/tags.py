"""`client.tags`."""

from __future__ import annotations

from .._pagination import AsyncPager
from .._sansio import join_path
from ..models import Tag
from ._base import Resource

__all__ = ["Tags"]


class Tags(Resource):
    """Workspace tags."""

    async def get(self, tag_id: str) -> Tag:
        """`GET /tags/{id}`."""
        return await self._client.get(join_path("tags", tag_id), Tag)

    def list(self) -> AsyncPager[Tag]:
        """`GET /tags`: every tag of the workspace (one page)."""
        return self._client.paginate("/tags", Tag)
