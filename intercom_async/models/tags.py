"""Tags: labels on contacts, companies, conversations and tickets."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._model import Model, wire
from .._public import publish
from .._refs import Ref, RefList
from .._wire_types import wire_type
from .common import Reference

__all__ = ["Tag", "TagDeleted", "TagRef", "TagRefList"]


@wire_type("tag", collection="/tags")
@attrs.frozen(kw_only=True)
class Tag(Model):
    """A tag (`GET /tags/{id}`). `applied_at`/`applied_by` only come with taggings."""

    type: str = "tag"
    id: str
    name: str | None = None
    applied_at: datetime | None = None
    applied_by: Reference | None = None


@attrs.frozen(kw_only=True, getstate_setstate=False)
class TagRef(Ref["Tag"]):
    """A tag stub; `await ref.fetch()` -> `Tag` (`GET /tags/{id}`)."""

    collection = "tags"
    batch = "listing"
    type: str = "tag"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class TagRefList(RefList["Tag"]):
    """`contact.tags`: embedded tag stubs and `/contacts/{id}/tags`."""

    ref_type = TagRef
    refs: tuple[TagRef, ...] = attrs.field(default=(), metadata=wire("data"))


@attrs.frozen(kw_only=True)
class TagDeleted(Model):
    """What `tags.delete()` answers. Intercom's `DELETE /tags/{id}` sends an empty 200,
    so the SDK reports it in the spec's shape of a deleted object (`deleted_object`:
    `id`, `object`, `deleted`), as `DELETE /companies/{id}` answers."""

    id: str
    object: str = "tag"
    deleted: bool | None = None


TagRef.target = Tag

publish("intercom_async.models", globals(), __all__)  # before first use: see _lazy
