"""`client.notes`."""

from __future__ import annotations

from .._sansio import join_path
from ..models import Note
from ._base import Resource

__all__ = ["Notes"]


class Notes(Resource):
    """Notes on contacts."""

    async def get(self, note_id: str) -> Note:
        """`GET /notes/{id}`."""
        return await self._client.get(join_path("notes", note_id), Note)
