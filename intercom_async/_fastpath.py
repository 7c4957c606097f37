"""A fast way to structure well-formed payloads into models.

cattrs with detailed validation is thorough, and about ten times slower than
decoding the JSON. Models get a generated function that checks each value's exact
type and builds the instance directly. It accepts only what the detailed converter
would accept with the same result; anything else raises, and the caller structures
the payload again the detailed way, which names the offending field.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import attrs

__all__ = ["compile_structure"]

_MISSING = object()
_PRIMITIVES: dict[Any, str] = {
    str: "type(v) is str",
    int: "type(v) is int",
    bool: "type(v) is bool",
    float: "type(v) is float or type(v) is int",
}


class _Mismatch(Exception):
    """The fast path does not take this payload; use the detailed one."""


def _fail(value: Any) -> Any:
    raise _Mismatch


def _optional_inner(tp: Any) -> Any:
    """X for `X | None`, else None."""
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(tp)) == 2:
            return args[0]
    return None


def _datetime(value: Any) -> datetime:
    """Whole epoch seconds in range; floats and oddities take the detailed path's checks."""
    if type(value) is int:
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise _Mismatch from None
    raise _Mismatch


def _value_checker(tp: Any, hook_for: Callable[[Any], Callable[[Any, Any], Any]]) -> Any:
    """A function value -> structured value for the non-primitive type `tp`."""
    if tp is datetime:
        return _datetime
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is dict and args[:1] == (str,) and args[1:] == (Any,):
        return lambda value: dict(value) if type(value) is dict else _fail(value)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if _is_stub(args[0]):
            return _stub_tuple(args[0], hook_for(args[0]))
        item = _item_checker(args[0], hook_for)
        return lambda value: (
            tuple([item(v) for v in value]) if type(value) is list else _fail(value)
        )
    hook = hook_for(tp)
    return lambda value: hook(value, tp)


def _is_stub(tp: Any) -> bool:
    """A reference stub class: exactly the wire fields `type`, `id` and `url`."""
    from ._refs import Ref

    if not (isinstance(tp, type) and issubclass(tp, Ref)):
        return False
    return {field.name for field in attrs.fields(tp) if field.init} == {"type", "id", "url"}


def _stub_tuple(stub: type[Any], hook: Callable[[Any, Any], Any]) -> Callable[[Any], Any]:
    """Stubs are most of a contact's objects: build the common `{type, id, url}` shape inline."""

    def structure(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise _Mismatch
        built = []
        for item in value:
            if type(item) is dict and len(item) == 3:
                kind, ref_id, url = item.get("type"), item.get("id"), item.get("url", _MISSING)
                if type(kind) is str and type(ref_id) is str and (url is None or type(url) is str):
                    built.append(stub(type=kind, id=ref_id, url=url))
                    continue
            built.append(hook(item, stub))
        return tuple(built)

    return structure


def _item_checker(tp: Any, hook_for: Callable[[Any], Callable[[Any, Any], Any]]) -> Any:
    if tp is str:
        return lambda value: value if type(value) is str else _fail(value)
    if tp in _PRIMITIVES:
        hook = hook_for(tp)  # the strict primitive hook
        return lambda value: hook(value, tp)
    return _value_checker(tp, hook_for)


def compile_structure(
    cls: type[Any],
    fields: list[tuple[str, str]],
    hook_for: Callable[[Any], Callable[[Any, Any], Any]],
    overrides: dict[str, Any] | None = None,
) -> Callable[[dict[str, Any]], Any]:
    """A function `data -> cls(...)` for (attribute, JSON key) `fields`, raising on a misfit.

    `hook_for(type)` gives the converter's hook for nested types; `overrides` maps an
    attribute to the type its value should be structured as.
    """
    by_name = {field.name: field for field in attrs.fields(attrs.resolve_types(cls))}
    namespace: dict[str, Any] = {"_M": _MISSING, "_X": _Mismatch, "_cls": cls}
    lines = ["def structure(data):", "  kw = {}"]
    for index, (name, key) in enumerate(fields):
        field = by_name[name]
        tp = (overrides or {}).get(name, field.type)
        required = field.default is attrs.NOTHING
        lines.append(f"  v = data.get({key!r}, _M)")
        lines.append("  if v is _M:")
        lines.append("    raise _X" if required else "    pass")
        lines.append("  else:")
        optional = _optional_inner(tp)
        inner = optional if optional is not None else tp
        if inner is Any:
            pass
        elif inner in _PRIMITIVES:
            guard = f"v is not None and not ({_PRIMITIVES[inner]})"
            check = guard if optional is not None else f"not ({_PRIMITIVES[inner]})"
            lines.append(f"    if {check}:")
            lines.append("      raise _X")
        else:
            namespace[f"c{index}"] = _value_checker(inner, hook_for)
            if optional is None:
                lines.append(f"    v = c{index}(v)")
            else:
                lines.append(f"    v = None if v is None else c{index}(v)")
        lines.append(f"    kw[{field.alias!r}] = v")
    lines.append("  return _cls(**kw)")
    exec("\n".join(lines), namespace)  # noqa: S102  (source built from our own field names)
    structure: Callable[[dict[str, Any]], Any] = namespace["structure"]
    return structure
