"""Tags: labels on contacts, companies, conversations and tickets."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._model import Model
from .._refs import TagRef
from .common import Reference

__all__ = ["Tag", "TagDeleted"]


@attrs.frozen(kw_only=True)
class Tag(Model):
    """A tag (`GET /tags/{id}`). `applied_at`/`applied_by` only come with taggings."""

    type: str = "tag"
    id: str
    name: str | None = None
    applied_at: datetime | None = None
    applied_by: Reference | None = None


@attrs.frozen(kw_only=True)
class TagDeleted(Model):
    """What `tags.delete()` answers. Intercom's `DELETE /tags/{id}` sends an empty 200,
    so the SDK reports it in the spec's shape of a deleted object (`deleted_object`:
    `id`, `object`, `deleted`), as `DELETE /companies/{id}` answers."""

    id: str
    object: str = "tag"
    deleted: bool | None = None


TagRef.target = Tag
