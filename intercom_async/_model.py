"""The base every API model shares: frozen data that remembers what it did not know."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Model", "wire"]

_NO_KEYS: frozenset[str] = frozenset()


def wire(name: str) -> dict[str, str]:
    """Field metadata for an attribute whose JSON key differs from its Python name."""
    return {"wire": name}


@attrs.frozen(kw_only=True)
class Model:
    """An Intercom object as plain, immutable data.

    Keys the model does not declare are kept in `extra`, and keys the server left
    out are remembered, so `to_dict()` gives back exactly what was received.
    """

    _extra: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False)
    _absent: frozenset[str] = attrs.field(default=_NO_KEYS, init=False, repr=False, eq=False)

    @property
    def extra(self) -> dict[str, Any]:
        """Fields the server sent that this model does not declare (newer API versions)."""
        return self._extra

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict this object was built from (timestamps back to epoch seconds)."""
        from ._converter import unstructure

        result: dict[str, Any] = unstructure(self)
        return result
