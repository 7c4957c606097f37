"""The base every API model shares: frozen data that remembers what it did not know."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NoReturn, TypeVar

import attrs
import orjson

from . import _display
from ._converter import structure, unstructure
from .errors import DecodeError

__all__ = ["NO_EXTRA", "Model", "wire"]

M = TypeVar("M", bound="Model")

_NO_KEYS: frozenset[str] = frozenset()


class _NoExtra(Mapping[str, Any]):
    """The `extra` of every object that has none: one shared, immutable, empty mapping
    (an empty dict per object would be 64 bytes each, a dozen per contact)."""

    __slots__ = ()

    def __getitem__(self, key: str) -> NoReturn:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "NO_EXTRA"  # unpickles as this module's one instance


NO_EXTRA: Mapping[str, Any] = _NoExtra()


def wire(name: str) -> dict[str, str]:
    """Field metadata for an attribute whose JSON key differs from its Python name."""
    return {"wire": name}


@attrs.frozen(kw_only=True)
class Model:
    """An Intercom object as plain, immutable data.

    Keys the model does not declare are kept in `extra`, and keys the server left
    out are remembered, so `to_dict()` gives back exactly what was received.
    """

    _extra: Mapping[str, Any] = attrs.field(default=NO_EXTRA, init=False, repr=False)
    _absent: frozenset[str] = attrs.field(default=_NO_KEYS, init=False, repr=False, eq=False)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # A `__repr__` in the class body stops attrs from generating its long one.
        super().__init_subclass__(**kwargs)
        if "__repr__" not in cls.__dict__:
            # The nearest base's, which is ours: `Model.__repr__` or a subclass's own.
            inherited = next(
                k.__dict__["__repr__"] for k in cls.__mro__[1:] if "__repr__" in k.__dict__
            )
            cls.__repr__ = inherited  # type: ignore[method-assign]

    def __repr__(self) -> str:
        """The type, the id and a few key fields; `full_repr()` shows every field."""
        return _display.safely(_display.short_repr, self)

    def full_repr(self) -> str:
        """Every field, as attrs would print it."""
        return _display.safely(_display.full_repr, self)

    def _repr_html_(self) -> str:
        """A field/value table for Jupyter."""
        return _display.model_html(self)

    def to_row(self) -> dict[str, _display.Scalar]:
        """One flat row of scalars for pandas or CSV: `{"location.city": ..., ...}`."""
        return _display.to_row(self)

    @property
    def extra(self) -> Mapping[str, Any]:
        """Fields the server sent that this model does not declare (newer API versions),
        read-only."""
        return self._extra

    @classmethod
    def from_dict(cls: type[M], data: Any, *, client: object | None = None) -> M:
        """A model from decoded JSON (a stored payload, a JSONL export line).

        With `client`, its references fetch through it. A payload that does not fit
        raises `DecodeError`, as an API answer would.
        """
        return structure(data, cls, client)

    @classmethod
    def from_json(cls: type[M], raw: bytes | str, *, client: object | None = None) -> M:
        """A model from JSON text; malformed JSON raises `DecodeError` too."""
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise DecodeError(f"not JSON: {exc}", body=raw) from None
        return structure(data, cls, client, body=raw if isinstance(raw, bytes) else raw.encode())

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready dict this object was built from (timestamps back to epoch seconds)."""
        result: dict[str, Any] = unstructure(self)
        return result
