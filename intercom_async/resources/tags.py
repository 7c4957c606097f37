"""`client.tags`."""

from __future__ import annotations

from .._endpoints import (
    CONTACTS_TAG_ATTACH,
    CONTACTS_TAG_DETACH,
    CONTACTS_TAGS,
    TAGS_CREATE,
    TAGS_DELETE,
    TAGS_GET,
    TAGS_LIST,
)
from .._pagination import AsyncPager
from .._public import publish
from ..models import Tag, TagDeleted
from ._base import Resource
from ._calls import keyword_only, non_empty

__all__ = ["Tags"]


class Tags(Resource):
    """Workspace tags, and the tags on a contact."""

    async def get(self, tag_id: str) -> Tag:
        """`GET /tags/{id}`."""
        return await self._client._run(TAGS_GET, tag_id)

    def list(self) -> AsyncPager[Tag]:
        """`GET /tags`: every tag of the workspace (one page)."""
        return self._client._list(TAGS_LIST)

    async def create_or_update(self, *, name: str, id: str | None = None) -> Tag:
        """`POST /tags`: the tag called `name` (made if missing), or rename tag `id` to `name`.

        Names are case-insensitive on Intercom's side, so creating an existing name
        gives back that tag.
        """
        body = {"name": non_empty("name", name)}
        if id is not None:
            body["id"] = non_empty("id", id)
        return await self._client._run(TAGS_CREATE, json=body)

    async def delete(self, tag_id: str) -> TagDeleted:
        """`DELETE /tags/{id}`; a tag a segment depends on raises `BadRequestError`.

        Intercom answers an empty 200, so the answer is made here, in the shape other
        deletes answer: `TagDeleted(id=tag_id, object="tag", deleted=True)`.
        """
        await self._client._run(TAGS_DELETE, tag_id)
        return TagDeleted(id=tag_id, object="tag", deleted=True)

    def list_for_contact(self, contact_id: str) -> AsyncPager[Tag]:
        """`GET /contacts/{id}/tags`: the contact's tags with `applied_at`/`applied_by`."""
        return self._client._list(CONTACTS_TAGS, contact_id)

    async def attach_to_contact(
        self, contact_id: str, _tag_id: str | None = None, /, *, tag_id: str | None = None
    ) -> Tag:
        """`POST /contacts/{id}/tags`: tag the contact; returns the tag as applied."""
        tag_id = keyword_only("tag_id", _tag_id, tag_id)
        body = {"id": non_empty("tag_id", tag_id)}
        return await self._client._run(CONTACTS_TAG_ATTACH, contact_id, json=body)

    async def detach_from_contact(
        self, contact_id: str, _tag_id: str | None = None, /, *, tag_id: str | None = None
    ) -> Tag:
        """`DELETE /contacts/{id}/tags/{tag_id}`: untag the contact; returns the tag."""
        tag_id = keyword_only("tag_id", _tag_id, tag_id)
        return await self._client._run(CONTACTS_TAG_DETACH, contact_id, tag_id)


publish("intercom_async.resources", globals(), __all__)  # before first use: see _lazy
