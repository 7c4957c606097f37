"""`client.notes`."""

from __future__ import annotations

from .._endpoints import CONTACTS_NOTE_CREATE, CONTACTS_NOTES, NOTES_GET
from .._pagination import AsyncPager
from .._public import publish
from ..models import Note
from ._base import Resource
from ._calls import non_empty

__all__ = ["Notes"]


class Notes(Resource):
    """Notes on contacts."""

    async def get(self, note_id: str | int) -> Note:
        """`GET /notes/{id}`."""
        return await self._client._run(NOTES_GET, note_id)

    def list_for_contact(self, contact_id: str) -> AsyncPager[Note]:
        """`GET /contacts/{id}/notes`: newest first, cursor pages."""
        return self._client._list(CONTACTS_NOTES, contact_id)

    async def create(
        self, contact_id: str, *, body: str, admin_id: str | int | None = None
    ) -> Note:
        """`POST /contacts/{id}/notes`: add a note written by `admin_id` (default: the token's).

        Intercom stores `body` as HTML: plain text comes back wrapped in `<p>`.
        """
        payload = {"body": non_empty("body", body)}
        if admin_id is not None:
            payload["admin_id"] = str(admin_id)
        return await self._client._run(CONTACTS_NOTE_CREATE, contact_id, json=payload)


publish("intercom_async.resources", globals(), __all__)  # before first use: see _lazy
