"""Public names show the module users import them from, not the private one they live in."""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterable, Mapping

import attrs

__all__ = ["publish"]


def publish(module: str, namespace: Mapping[str, object], names: Iterable[str]) -> None:
    """Set `__module__` of the classes and functions `names` in `namespace` to `module`,
    as httpx does: reprs, tracebacks and pickles then say `intercom_async.models.TagRefList`,
    never `intercom_async._refs.TagRefList`. Names already defined in a public module keep
    theirs (`intercom_async.errors.NotFoundError`). Names not in `namespace` are left
    alone: a lazily loaded submodule publishes its own (see `_lazy`)."""
    values = (namespace[name] for name in names if name in namespace)
    moved = [value for value in values if _moves(value, module)]
    # String annotations resolve in the defining module (and each base's): resolve them
    # all while every class still names its own, then rename, so attrs, cattrs and
    # `typing.get_type_hints` keep working.
    resolved = {}
    for value in moved:
        if isinstance(value, type):
            if attrs.has(value):
                attrs.resolve_types(value)
            own = inspect.get_annotations(value)
            if own:
                hints = typing.get_type_hints(value)
                resolved[value] = {name: hints[name] for name in own if name in hints}
    for value in moved:
        if value in resolved:
            value.__annotations__ = resolved[value]
        value.__module__ = module


def _moves(value: object, module: str) -> bool:
    if not isinstance(value, type) and not callable(value):
        return False
    current = getattr(value, "__module__", None)
    if not isinstance(current, str) or not current.startswith("intercom_async"):
        return False
    private = any(part.startswith("_") for part in current.split("."))
    return private or (module != "intercom_async" and current.startswith(f"{module}."))
