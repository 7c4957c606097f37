"""Models to and from JSON: the engine's structurers behind the decode policy, and the
cattrs converter that unstructures models back into exactly the JSON they came from."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

import cattrs

from ._engine import Misfit, is_model, steps_text, structurer, wire_fields
from ._json import preview
from .errors import DecodeError, SkippedItem

__all__ = ["structure", "structure_items", "unstructure"]

T = TypeVar("T")

converter = cattrs.Converter()
"""Unstructures by each value's runtime type, so a `Ref[T]` field keeps its subclass."""


def _unstructure_datetime(value: datetime) -> int | float:
    seconds = value.timestamp()
    return int(seconds) if seconds.is_integer() else seconds


def _make_model_unstructure(cls: type[Any]) -> Callable[[Any], Any]:
    wire = wire_fields(cls)
    dispatch = converter.unstructure
    own = getattr(cls, "__wire_unstructure__", None)

    def unstructure_model(instance: Any) -> Any:
        absent = instance._absent
        result = {key: dispatch(getattr(instance, name)) for name, key in wire if key not in absent}
        result.update(instance._extra)
        return result

    if own is None:
        return unstructure_model
    return lambda instance: own(instance, unstructure_model)


converter.register_unstructure_hook(datetime, _unstructure_datetime)
converter.register_unstructure_hook(tuple, lambda value: [converter.unstructure(v) for v in value])
converter.register_unstructure_hook_factory(is_model, _make_model_unstructure)


def unstructure(instance: Any) -> Any:
    """Plain JSON-ready data from a model (the inverse of `structure`)."""
    return converter.unstructure(instance)


def structure(
    payload: Any,
    cls: type[T],
    client: object | None,
    *,
    body: bytes = b"",
    request: str | None = None,
) -> T:
    """`payload` as a `cls`, its stubs bound to `client`; a misfit raises `DecodeError`.

    `request` (`GET /contacts/1`) names where the payload came from in the error.
    """
    try:
        built: T = structurer(cls)(payload, client)
    except Misfit as misfit:
        raise _decode_error(misfit, cls, payload, body=body, request=request) from None
    return built


def structure_items(
    items: list[Any],
    cls: type[T],
    client: object | None,
    *,
    body: bytes = b"",
    request: str | None = None,
) -> tuple[tuple[T, ...], tuple[SkippedItem, ...]]:
    """A page's items as `cls`, and the ones that do not fit kept as `SkippedItem`s.

    One bad item never costs its neighbours.
    """
    build = structurer(cls)
    fitted: list[T] = []
    skipped: list[SkippedItem] = []
    for index, item in enumerate(items):
        try:
            fitted.append(build(item, client))
        except Misfit as misfit:
            error = _decode_error(misfit.at(index), cls, items, body=body, request=request)
            skipped.append(SkippedItem(index=index, id=_id_of(item), raw=item, error=error))
    return tuple(fitted), tuple(skipped)


def _id_of(value: Any) -> str | None:
    found = value.get("id") if type(value) is dict else None
    return found if type(found) is str else None


def _decode_error(
    misfit: Misfit, cls: type[Any], payload: Any, *, body: bytes = b"", request: str | None = None
) -> DecodeError:
    """A `DecodeError` that reads as a sentence: where from, which object, which field.

    `GET /contacts/abc: contact 'abc' does not fit Contact: created_at should be epoch
    seconds (a number), got the text '2024-01-01'`.
    """
    steps = misfit.steps
    obj = payload
    item = ""
    if steps and isinstance(steps[0], int) and type(payload) is list:
        index = steps[0]
        obj = payload[index] if index < len(payload) else None
        item = f"item {index} "
        steps = steps[1:]
    name = getattr(cls, "__name__", str(cls))
    object_id = _id_of(obj)
    kind = obj.get("type") if type(obj) is dict else None
    subject = f"{kind if type(kind) is str else 'object'} {object_id!r}" if object_id else ""
    if item:
        subject = f"{item}({subject})" if subject else item.rstrip()
    where = steps_text(steps).removeprefix(".")
    problem = f"{where} {misfit.problem}" if where else f"it {misfit.problem}"
    origin = f"{request}: " if request else ""
    message = f"{origin}{subject or 'the answer'} does not fit {name}: {problem}"
    raw = body or preview(payload).encode()
    return DecodeError(
        message,
        path=misfit.path,
        body=raw,
        request=request,
        object_id=object_id,
        expected=None if misfit.missing else misfit.expected,
    )
