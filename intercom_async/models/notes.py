"""Notes: teammates' annotations on a contact."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._model import Model
from .._refs import ContactRef, NoteRef
from .admins import Admin

__all__ = ["Note"]


@attrs.frozen(kw_only=True)
class Note(Model):
    """A note (`GET /notes/{id}`); `contact` is a stub, `await note.contact.fetch()`."""

    type: str = "note"
    id: str
    created_at: datetime | None = None
    contact: ContactRef | None = None
    author: Admin | None = None
    body: str | None = None


NoteRef.target = Note
