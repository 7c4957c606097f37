"""Segments: saved groups of contacts."""

from __future__ import annotations

from datetime import datetime

import attrs

from .._model import Model
from .._public import publish

__all__ = ["Segment"]


@attrs.frozen(kw_only=True)
class Segment(Model):
    """A segment; `count` only when asked for with `include_count=true`."""

    type: str = "segment"
    id: str
    name: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    person_type: str | None = None
    count: int | None = None


publish("intercom_async.models", globals(), __all__)  # before first use: see _lazy
