"""Small answers of contact writes: `contact_deleted`, `contact_archived`, ... (2.14 schemas)."""

from __future__ import annotations

import attrs

from .._model import Model
from .._public import publish

__all__ = ["ContactArchived", "ContactBlocked", "ContactDeleted", "ContactUnarchived"]


@attrs.frozen(kw_only=True)
class _ContactReference(Model):
    """`contact_reference`: which contact the answer is about."""

    type: str = "contact"
    id: str
    external_id: str | None = None


@attrs.frozen(kw_only=True)
class ContactDeleted(_ContactReference):
    """Answer of `DELETE /contacts/{id}`."""

    deleted: bool | None = None


@attrs.frozen(kw_only=True)
class ContactArchived(_ContactReference):
    """Answer of `POST /contacts/{id}/archive`."""

    archived: bool | None = None


@attrs.frozen(kw_only=True)
class ContactUnarchived(_ContactReference):
    """Answer of `POST /contacts/{id}/unarchive` (`archived` is false)."""

    archived: bool | None = None


@attrs.frozen(kw_only=True)
class ContactBlocked(_ContactReference):
    """Answer of `POST /contacts/{id}/block` (`blocked` is always true)."""

    blocked: bool | None = None


publish("intercom_async.models", globals(), __all__)  # before first use: see _lazy
