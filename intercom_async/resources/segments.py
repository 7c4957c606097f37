"""`client.segments`."""

from __future__ import annotations

from .._endpoints import CONTACTS_SEGMENTS, SEGMENTS_GET, SEGMENTS_LIST
from .._pagination import AsyncPager
from .._public import publish
from ..models import Segment
from ._base import Resource

__all__ = ["Segments"]


class Segments(Resource):
    """Segments: saved, rule-defined groups of contacts."""

    def list(self, *, include_count: bool = False) -> AsyncPager[Segment]:
        """`GET /segments`; `include_count=True` fills each segment's `count`."""
        params = {"include_count": "true"} if include_count else None
        return self._client._list(SEGMENTS_LIST, params=params)

    async def get(self, segment_id: str) -> Segment:
        """`GET /segments/{id}`."""
        return await self._client._run(SEGMENTS_GET, segment_id)

    def list_for_contact(self, contact_id: str) -> AsyncPager[Segment]:
        """`GET /contacts/{id}/segments`: the segments the contact is in now."""
        return self._client._list(CONTACTS_SEGMENTS, contact_id)


publish("intercom_async.resources", globals(), __all__)  # before first use: see _lazy
