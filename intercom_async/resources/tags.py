"""`client.tags`."""

from __future__ import annotations

from .._pagination import AsyncPager
from .._sansio import join_path
from ..models import Tag
from ._base import Resource
from ._calls import non_empty

__all__ = ["Tags"]


class Tags(Resource):
    """Workspace tags, and the tags on a contact."""

    async def get(self, tag_id: str) -> Tag:
        """`GET /tags/{id}`."""
        return await self._client.get(join_path("tags", tag_id), Tag)

    def list(self) -> AsyncPager[Tag]:
        """`GET /tags`: every tag of the workspace (one page)."""
        return self._client.paginate("/tags", Tag)

    async def create_or_update(self, *, name: str, id: str | None = None) -> Tag:
        """`POST /tags`: the tag called `name` (made if missing), or rename tag `id` to `name`.

        Names are case-insensitive on Intercom's side, so creating an existing name
        gives back that tag.
        """
        body = {"name": non_empty("name", name)}
        if id is not None:
            body["id"] = non_empty("id", id)
        return await self._send("POST", "/tags", Tag, json=body)

    async def delete(self, tag_id: str) -> None:
        """`DELETE /tags/{id}`; a tag a segment depends on raises `BadRequestError`."""
        await self._client._answer("DELETE", join_path("tags", tag_id))

    def list_for_contact(self, contact_id: str) -> AsyncPager[Tag]:
        """`GET /contacts/{id}/tags`: the contact's tags with `applied_at`/`applied_by`."""
        return self._client.paginate(join_path("contacts", contact_id, "tags"), Tag)

    async def attach_to_contact(self, contact_id: str, tag_id: str) -> Tag:
        """`POST /contacts/{id}/tags`: tag the contact; returns the tag as applied."""
        path = join_path("contacts", contact_id, "tags")
        return await self._send("POST", path, Tag, json={"id": non_empty("tag_id", tag_id)})

    async def detach_from_contact(self, contact_id: str, tag_id: str) -> Tag:
        """`DELETE /contacts/{id}/tags/{tag_id}`: untag the contact; returns the tag."""
        path = join_path("contacts", contact_id, "tags", tag_id)
        return await self._send("DELETE", path, Tag)
