"""Small shapes several models share."""

from __future__ import annotations

import attrs

from .._model import Model

__all__ = ["Avatar", "Reference"]


@attrs.frozen(kw_only=True)
class Avatar(Model):
    """An avatar. Older payloads send a bare URL string; it arrives here as `image_url`
    and goes back out as that same string."""

    type: str = "avatar"
    image_url: str | None = None
    _bare_url: bool = attrs.field(default=False, init=False, repr=False, eq=False)


@attrs.frozen(kw_only=True)
class Reference(Model):
    """A bare `{"type", "id"}` pointer to an object of any kind."""

    type: str
    id: str | None = None
