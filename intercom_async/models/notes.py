"""Notes: teammates' annotations on a contact (defined beside `Contact`, which they name)."""

from .contacts import Note, NoteRef, NoteRefList

__all__ = ["Note", "NoteRef", "NoteRefList"]
