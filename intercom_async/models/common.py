"""Small shapes several models share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs

from .._engine import Structure
from .._model import Model
from .._public import publish

__all__ = ["Avatar", "Reference", "UnknownObject"]


@attrs.frozen(kw_only=True)
class Avatar(Model):
    """An avatar. Older payloads send a bare URL string; it arrives here as `image_url`
    and goes back out as that same string."""

    type: str = "avatar"
    image_url: str | None = None
    _bare_url: bool = attrs.field(default=False, init=False, repr=False, eq=False)

    @classmethod
    def __wire_structure__(cls, value: Any, client: object, build: Structure) -> Any:
        if type(value) is str:
            avatar = cls(image_url=value)
            object.__setattr__(avatar, "_bare_url", True)
            return avatar
        return build(value, client)

    @classmethod
    def __wire_unstructure__(cls, instance: Any, unstructure: Callable[[Any], Any]) -> Any:
        return instance.image_url if instance._bare_url else unstructure(instance)


@attrs.frozen(kw_only=True)
class Reference(Model):
    """A bare `{"type", "id"}` pointer to an object of any kind."""

    type: str
    id: str | None = None


@attrs.frozen(kw_only=True)
class UnknownObject(Model):
    """An object of a `type` no model here stands for (a kind newer than this SDK, say).

    It is the last member of a union of models told apart by `type`: nothing is lost,
    every field but `type` is in `extra`, and `to_dict()` gives the object back.
    """

    type: str | None = None


publish("intercom_async.models", globals(), __all__)  # before first use: see _lazy
