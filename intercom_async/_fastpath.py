"""A fast way to structure well-formed payloads into models.

cattrs with detailed validation is thorough, and about ten times slower than
decoding the JSON. Models get a generated function that checks each value's exact
type and fills the instance's slots directly, skipping `__init__` and its keyword
arguments. It accepts only what the detailed converter would accept with the same
result; anything else raises, and the caller structures the payload again the
detailed way, which names the offending field.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import attrs

from ._json import too_deep
from ._model import Model
from ._refs import ListOnFirstRead, Ref, embedded_list_fits

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


def _value_checker(tp: Any, hook_for: Callable[[Any], Callable[[Any, Any], Any]]) -> Any:
    """A function value -> structured value for the non-primitive type `tp`."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is dict and args[:1] == (str,) and args[1:] == (Any,):
        return lambda value: (
            dict(value) if type(value) is dict and not too_deep(value) else _fail(value)
        )
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


def _slot_setter(cls: type[Any], name: str) -> Callable[[Any, Any], None]:
    """What `object.__setattr__(instance, name, value)` calls, without the lookup by name.

    A descriptor that wraps the slot (`ListOnFirstRead`) names it `slot`.
    """
    descriptor = getattr(cls, name)
    setter: Callable[[Any, Any], None] = getattr(descriptor, "slot", descriptor).__set__
    return setter


def compile_structure(
    cls: type[Any],
    fields: list[tuple[str, str]],
    hook_for: Callable[[Any], Callable[[Any, Any], Any]],
    *,
    overrides: dict[str, Any] | None = None,
    leftovers: Callable[[Any, dict[str, Any]], None] | None = None,
) -> Callable[[Any], Any]:
    """A function `data -> cls` for (attribute, JSON key) `fields`, raising on a misfit.

    The instance is made as attrs' `__init__` would make it (defaults, factories and
    `__attrs_post_init__`), from slots filled one by one. `hook_for(type)` gives the
    converter's hook for nested types; `overrides` maps an attribute to the type its
    value should be structured as; `leftovers(instance, data)` is called when `data`
    lacks a key or has one the model does not declare.
    """
    keys = dict(fields)
    namespace: dict[str, Any] = {
        "_M": _MISSING,
        "_X": _Mismatch,
        "_new": object.__new__,
        "_cls": cls,
        "_utc": timezone.utc,
        "_from_epoch": datetime.fromtimestamp,
        "_leftovers": leftovers,
        "_list_fits": embedded_list_fits,
    }
    lines = ["def structure(data):", "  if type(data) is not dict:", "    raise _X"]
    lines += ["  o = _new(_cls)", "  gaps = False"]
    for index, field in enumerate(attrs.fields(attrs.resolve_types(cls))):
        namespace[f"s{index}"] = _slot_setter(cls, field.name)
        if isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            namespace[f"d{index}"] = field.default.factory
            default = f"d{index}()"
        else:
            namespace[f"d{index}"] = field.default
            default = f"d{index}"
        if field.name not in keys:
            lines.append(f"  s{index}(o, {default})")
            continue
        lines.append(f"  v = data.get({keys[field.name]!r}, _M)")
        lines.append("  if v is _M:")
        if field.default is attrs.NOTHING:
            lines.append("    raise _X")
        else:
            lines += [f"    v = {default}", "    gaps = True"]
        tp = (overrides or {}).get(field.name, field.type)
        optional = _optional_inner(tp)
        inner = optional if optional is not None else tp
        opener = "  else:" if optional is None else "  elif v is not None:"
        if inner in _PRIMITIVES:
            lines += [opener, f"    if not ({_PRIMITIVES[inner]}):", "      raise _X"]
        elif inner is datetime:
            # Whole epoch seconds only: floats take the detailed path's finer checks.
            lines += [opener, "    if type(v) is not int:", "      raise _X"]
            lines.append("    v = _from_epoch(v, _utc)")
        elif _is_model(inner):
            namespace[f"h{index}"], namespace[f"t{index}"] = hook_for(inner), inner
            if isinstance(getattr(cls, field.name), ListOnFirstRead):
                # JSON that will build without fail waits in the slot until it is read.
                lines += [opener, "    if not _list_fits(v):", f"      v = h{index}(v, t{index})"]
            else:
                lines += [opener, f"    v = h{index}(v, t{index})"]
        elif inner is not Any:
            namespace[f"c{index}"] = _value_checker(inner, hook_for)
            lines += [opener, f"    v = c{index}(v)"]
        lines.append(f"  s{index}(o, v)")
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("  o.__attrs_post_init__()")
    if leftovers is not None:
        lines += [f"  if gaps or len(data) != {len(keys)}:", "    _leftovers(o, data)"]
    lines.append("  return o")
    exec("\n".join(lines), namespace)  # noqa: S102  (source built from our own field names)
    structure: Callable[[Any], Any] = namespace["structure"]
    return structure


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Model)
