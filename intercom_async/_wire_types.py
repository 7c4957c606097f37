"""The models that structure a payload by the wire `type` it names.

A webhook's `data.item` (and any payload that says what it is) is built as the model
registered for its `type`: `{"type": "ticket", ...}` becomes a `Ticket`. A model joins
with the `@wire_type("ticket", collection="/tickets")` class decorator; the collection
is where the full object is fetched by id (`GET /tickets/{id}`), None when it has no
GET by id. Hand-written models carry the decorator; the generator writes it for every
model that an area's `get` answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

__all__ = ["WireType", "registered_types", "wire_type", "wire_type_of"]

C = TypeVar("C", bound=type[Any])


@attrs.frozen
class WireType:
    """One registered `type`: its model and where an object of it is fetched by id."""

    name: str
    model: type[Any]
    collection: str | None = None


_registry: dict[str, WireType] = {}


def wire_type(name: str, *, collection: str | None = None) -> Callable[[C], C]:
    """A class decorator that registers the model for payloads of `type` `name`.

    Put it above `@attrs.frozen`, so the registered class is the finished one. A second
    model for the same name is refused: which one a payload becomes must be certain.
    """
    if collection is not None and not (collection.startswith("/") and "{" not in collection):
        raise ValueError(f"collection should be a path such as '/tickets', got {collection!r}")

    def register(cls: C) -> C:
        known = _registry.get(name)
        if known is not None and known.model.__qualname__ != cls.__qualname__:
            raise ValueError(
                f"the wire type {name!r} is already registered for {known.model.__qualname__}"
            )
        _registry[name] = WireType(name, cls, collection)
        return cls

    return register


def wire_type_of(name: str) -> WireType | None:
    """The registration for the `type` `name`, or None for a type no model declares."""
    return _registry.get(name)


def registered_types() -> Mapping[str, WireType]:
    """Every registration, by `type` name (a read-only view)."""
    return MappingProxyType(_registry)
