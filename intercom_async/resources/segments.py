"""`client.segments`."""

from __future__ import annotations

from .._pagination import AsyncPager
from .._sansio import join_path
from ..models import Segment
from ._base import Resource

__all__ = ["Segments"]


class Segments(Resource):
    """Segments: saved, rule-defined groups of contacts."""

    def list(self, *, include_count: bool = False) -> AsyncPager[Segment]:
        """`GET /segments`; `include_count=True` fills each segment's `count`."""
        params = {"include_count": "true"} if include_count else None
        return self._client.paginate("/segments", Segment, params)

    async def get(self, segment_id: str) -> Segment:
        """`GET /segments/{id}`."""
        return await self._client.get(join_path("segments", segment_id), Segment)

    def list_for_contact(self, contact_id: str) -> AsyncPager[Segment]:
        """`GET /contacts/{id}/segments`: the segments the contact is in now."""
        return self._client.paginate(join_path("contacts", contact_id, "segments"), Segment)
