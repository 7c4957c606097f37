"""The one cattrs converter: strict primitives, epoch timestamps, lossless models."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, override

from ._fastpath import compile_structure
from ._json import MAX_DEPTH, preview, too_deep
from ._model import Model
from ._refs import Fetcher, RefList, binding
from .errors import DecodeError, SkippedItem
from .models.common import Avatar

__all__ = ["converter", "structure", "structure_items", "unstructure"]

T = TypeVar("T")

converter = cattrs.Converter(detailed_validation=True)


def _strict(*accepted: type) -> Callable[[Any, Any], Any]:
    """A hook that passes values of exactly these types through and rejects the rest.

    cattrs would otherwise turn `None` into `'None'` or `'false'` into `True`.
    """
    names = " or ".join(t.__name__ for t in accepted)

    def hook(value: Any, _: Any) -> Any:
        if type(value) in accepted:
            return value
        raise TypeError(f"expected {names}, got {type(value).__name__} {preview(value)}")

    return hook


converter.register_structure_hook(str, _strict(str))
converter.register_structure_hook(int, _strict(int))
converter.register_structure_hook(float, _strict(float, int))
converter.register_structure_hook(bool, _strict(bool))


def _structure_datetime(value: Any, _: Any) -> datetime:
    if type(value) not in (int, float):
        raise TypeError(f"expected epoch seconds, got {type(value).__name__} {preview(value)}")
    try:
        moment = datetime.fromtimestamp(value, tz=timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise ValueError(f"epoch seconds {preview(value)} are out of range") from None
    if type(value) is float and moment.timestamp() != value:
        # A datetime keeps microseconds; a finer float could not be given back by to_dict().
        raise ValueError(f"epoch seconds {preview(value)} are finer than a microsecond")
    return moment


def _unstructure_datetime(value: datetime) -> int | float:
    seconds = value.timestamp()
    return int(seconds) if seconds.is_integer() else seconds


converter.register_structure_hook(datetime, _structure_datetime)

_structure_any_tuple = converter.get_structure_hook(tuple[Any, ...])


def _structure_array(value: Any, cls: Any) -> Any:
    """A JSON array as a tuple; cattrs alone would take a dict's keys or a string's letters."""
    if type(value) not in (list, tuple):
        raise TypeError(f"expected an array, got {type(value).__name__} {preview(value)}")
    return _structure_any_tuple(value, cls)


def _is_tuple(cls: Any) -> bool:
    origin: Any = get_origin(cls)
    return origin is tuple


converter.register_structure_hook_func(_is_tuple, _structure_array)
converter.register_unstructure_hook(datetime, _unstructure_datetime)
converter.register_unstructure_hook(tuple, lambda value: [converter.unstructure(v) for v in value])


_RENAMED: dict[str, str] = {}
"""Attribute -> JSON key, for naming a bad field by its key in `DecodeError.path`."""


def _wire_fields(cls: type[Model]) -> list[tuple[str, str]]:
    """(attribute, JSON key) for every field that travels over the wire."""
    return [
        (field.name, field.metadata.get("wire", field.alias))
        for field in attrs.fields(cls)
        if field.init
    ]


def _make_model_structure(cls: type[Model]) -> Callable[[Any, Any], Model]:
    wire = _wire_fields(cls)
    overrides = {name: override(rename=key) for name, key in wire if name != key}
    _RENAMED.update((name, key) for name, key in wire if name != key)
    fast_types: dict[str, Any] = {}
    if issubclass(cls, RefList):
        item_type = cls.ref_type
        items_type = tuple[item_type, ...]  # type: ignore[valid-type]
        fast_types["refs"] = items_type
        overrides["refs"] = override(
            rename="data", struct_hook=lambda items, _: converter.structure(items, items_type)
        )
    build = make_dict_structure_fn(cls, converter, **overrides)  # type: ignore[arg-type]
    keys = frozenset(key for _, key in wire)

    def keep_leftovers(instance: Model, data: dict[str, Any]) -> None:
        """Remember the keys `data` has beyond the model's and the ones it lacks."""
        extra = {key: value for key, value in data.items() if key not in keys}
        for key, value in extra.items():
            if too_deep(value):
                raise ValueError(f"nested deeper than {MAX_DEPTH} levels in {key!r}")
        if extra:
            object.__setattr__(instance, "_extra", extra)
        absent = keys.difference(data)
        if absent:
            object.__setattr__(instance, "_absent", frozenset(absent))

    fast = compile_structure(
        cls,
        wire,
        converter.get_structure_hook,
        overrides=fast_types,
        leftovers=keep_leftovers,
    )

    def structure_model(data: Any, _: Any) -> Model:
        try:
            instance: Model = fast(data)
        except Exception:
            # Not an exact fit: the detailed path decides, and names what is wrong.
            if type(data) is not dict:
                raise TypeError(
                    f"expected an object for {cls.__name__}, got {type(data).__name__}"
                ) from None
            instance = build(data, cls)
            keep_leftovers(instance, data)
        return instance

    if issubclass(cls, RefList):
        return _null_as_empty(cls, structure_model)
    return structure_model


def _null_as_empty(
    cls: type[RefList[Any]], structure_list: Callable[[Any, Any], Model]
) -> Callable[[Any, Any], Model]:
    """An embedded list sent as `null` becomes an empty list that remembers it was null."""

    def structure(data: Any, _: Any) -> Model:
        if data is None:
            empty = cls()
            object.__setattr__(empty, "_sent_null", True)
            return empty
        return structure_list(data, cls)

    return structure


def _make_model_unstructure(cls: type[Model]) -> Callable[[Model], dict[str, Any] | None]:
    """Unstructures by each value's runtime type, so a `Ref[T]` field keeps its subclass."""
    wire = _wire_fields(cls)
    dispatch = converter.unstructure

    def unstructure_model(instance: Model) -> dict[str, Any] | None:
        if getattr(instance, "_sent_null", False):
            return None
        absent = instance._absent
        result = {key: dispatch(getattr(instance, name)) for name, key in wire if key not in absent}
        result.update(instance._extra)
        return result

    return unstructure_model


def _structure_avatar(value: Any, _: Any) -> Avatar:
    if type(value) is str:
        avatar = Avatar(image_url=value)
        object.__setattr__(avatar, "_bare_url", True)
        return avatar
    return _structure_plain_avatar(value, Avatar)  # type: ignore[return-value]


def _unstructure_avatar(value: Avatar) -> Any:
    return value.image_url if value._bare_url else _unstructure_plain_avatar(value)


def _is_model(cls: Any) -> bool:
    return isinstance(cls, type) and issubclass(cls, Model)


def _structure_free_form(value: Any, _: Any) -> dict[str, Any]:
    """A JSON object of anything (custom attributes), refused when nested too deep."""
    if type(value) is not dict:
        raise TypeError(f"expected an object, got {type(value).__name__} {preview(value)}")
    if too_deep(value):
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    return dict(value)


converter.register_structure_hook_factory(_is_model, _make_model_structure)
converter.register_unstructure_hook_factory(_is_model, _make_model_unstructure)
_structure_plain_avatar = _make_model_structure(Avatar)
_unstructure_plain_avatar = _make_model_unstructure(Avatar)
converter.register_structure_hook(Avatar, _structure_avatar)
converter.register_structure_hook_func(lambda cls: cls == dict[str, Any], _structure_free_form)
converter.register_unstructure_hook(Avatar, _unstructure_avatar)


def structure(payload: Any, cls: type[T], client: Fetcher | None, *, body: bytes = b"") -> T:
    """`payload` as a `cls`, its stubs bound to `client`; a misfit raises `DecodeError`."""
    try:
        with binding(client):
            return converter.structure(payload, cls)
    except (cattrs.BaseValidationError, TypeError, ValueError, KeyError) as exc:
        raise _decode_error(exc, cls, payload, body) from exc


def structure_items(
    items: list[Any], cls: type[T], client: Fetcher | None, *, body: bytes = b""
) -> tuple[tuple[T, ...], tuple[SkippedItem, ...]]:
    """A page's items as `cls`, and the ones that do not fit kept as `SkippedItem`s.

    One bad item never costs its neighbours: the page is structured whole, and only
    when that fails item by item.
    """
    try:
        return structure(items, tuple[cls, ...], client, body=body), ()  # type: ignore[valid-type]
    except DecodeError:
        pass
    fitted: list[T] = []
    skipped: list[SkippedItem] = []
    for index, item in enumerate(items):
        try:
            fitted.append(structure(item, cls, client))
        except DecodeError as exc:
            item_id = item.get("id") if type(item) is dict else None
            known_id = item_id if type(item_id) is str else None
            skipped.append(SkippedItem(index=index, id=known_id, raw=item, error=exc))
    return tuple(fitted), tuple(skipped)


def unstructure(instance: Any) -> Any:
    """Plain JSON-ready data from a model (the inverse of `structure`)."""
    return converter.unstructure(instance)


def _decode_error(exc: Exception, cls: type[Any], payload: Any, body: bytes) -> DecodeError:
    raw = body or preview(payload).encode()
    if isinstance(exc, cattrs.BaseValidationError):
        problems = [
            _wire_path(problem)
            for problem in cattrs.transform_error(exc, path="$", format_exception=_describe)
        ]
        first_path = problems[0].rsplit(" @ ", 1)[-1] if problems else "$"
        message = f"payload does not fit {cls.__name__}: " + "; ".join(problems)
        return DecodeError(message, path=first_path, body=raw)
    return DecodeError(f"payload does not fit {cls.__name__}: {exc}", path="$", body=raw)


def _wire_path(problem: str) -> str:
    message, _, path = problem.rpartition(" @ ")
    parts = []
    for part in path.split("."):
        name, bracket, index = part.partition("[")
        parts.append(_RENAMED.get(name, name) + bracket + index)
    return f"{message} @ {'.'.join(parts)}"


def _describe(exc: BaseException, expected: type | None) -> str:
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, TypeError) and str(exc).startswith("expected"):
        return str(exc)
    if isinstance(exc, ValueError) and str(exc).startswith(("epoch seconds", "nested deeper")):
        return str(exc)
    return cattrs.v.format_exception(exc, expected)
