"""How models look to people: short reprs, HTML tables for notebooks, flat rows for pandas.

`repr(model)` names the type, the id and a few key fields; `model.full_repr()` lists
every field. `_repr_html_` renders a model or a `Page` as a table in Jupyter, and
`to_row()` flattens a model into one row of scalars (nested keys joined with `.`,
timestamps as ISO 8601, lists as JSON text) for `pandas.DataFrame` or a CSV file.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, ClassVar, Protocol, TypeVar

import attrs
import orjson

from ._converter import unstructure
from ._engine import is_model, wire_fields

__all__ = [
    "SUMMARY_FIELDS",
    "Scalar",
    "full_repr",
    "model_html",
    "page_html",
    "safely",
    "short_repr",
    "summary_fields",
    "to_row",
]

Scalar = str | int | float | bool | None


class Model(Protocol):
    """What display needs of a model (`intercom_async.models.Model`, which imports this)."""

    __attrs_attrs__: ClassVar[Any]

    @property
    def _absent(self) -> frozenset[str]: ...

    @property
    def extra(self) -> Mapping[str, Any]: ...


S = TypeVar("S")


SUMMARY_FIELDS: dict[str, tuple[str, ...]] = {
    "Contact": ("id", "email", "name"),
    "Admin": ("id", "name", "email"),
    "Company": ("id", "name", "company_id"),
    "Note": ("id", "body"),
    "SubscriptionType": ("id", "state"),
    "Tag": ("id", "name"),
    "Segment": ("id", "name"),
}
"""Key fields shown by `repr()` and in page tables, by class name (subclasses inherit).

A model not listed shows `id` with `name`/`email` when it has them, else its first
three fields that have a value.
"""

_AUTOMATIC = ("id", "name", "email")
_SHORT_TEXT = 40
_CELL_TEXT = 200


def summary_fields(cls: type[Model]) -> tuple[str, ...] | None:
    """The key fields of `cls`, or None when they depend on the values (no id, no name)."""
    for klass in cls.__mro__:
        if klass.__name__ in SUMMARY_FIELDS:
            return SUMMARY_FIELDS[klass.__name__]
    declared = {field.name for field in attrs.fields(cls)}
    if "id" not in declared:
        return None
    return tuple(name for name in _AUTOMATIC if name in declared)


def _key_values(model: Model) -> list[tuple[str, Any]]:
    names = summary_fields(type(model))
    if names is not None:
        return [(name, getattr(model, name)) for name in names]
    present = [
        (field.name, getattr(model, field.name))
        for field in attrs.fields(type(model))
        if field.repr and field.name != "type" and _has_value(getattr(model, field.name))
    ]
    return present[:3]


def short_repr(model: Model) -> str:
    """`Contact(id='1', email='ann@example.com', name='Ann')`: type, id and key fields."""
    name = type(model).__qualname__
    shown = ", ".join(f"{key}={_clip(value, _SHORT_TEXT)!r}" for key, value in _key_values(model))
    return f"{name}({shown})"


def safely(show: Callable[[S], str], model: S) -> str:
    """`show(model)`, or a plain placeholder if it raises.

    A repr must never raise: tracebacks that capture locals repr models the decoder
    left half-built, whose slots are not all set yet.
    """
    try:
        return show(model)
    except Exception:
        return f"<{type(model).__qualname__} (incomplete)>"


def full_repr(model: Model) -> str:
    """Every field of `model` (what attrs would print); nested models show their short repr."""
    fields = (f for f in attrs.fields(type(model)) if f.repr)
    shown = ", ".join(f"{f.name}={getattr(model, f.name)!r}" for f in fields)
    return f"{type(model).__qualname__}({shown})"


def model_html(model: Model) -> str:
    """A two-column table (field, value) of the fields that have a value."""
    rows = []
    for field in attrs.fields(type(model)):
        value = getattr(model, field.name)
        if field.repr and _has_value(value):
            rows.append(f"<tr><th>{_escape(field.name)}</th><td>{_cell(value)}</td></tr>")
    for key, value in model.extra.items():
        label = f"{_escape(key)} <small>(extra)</small>"
        rows.append(f"<tr><th>{label}</th><td>{_cell(value)}</td></tr>")
    caption = _escape(repr(model))
    return f"<table><caption>{caption}</caption><tbody>{''.join(rows)}</tbody></table>"


def page_html(items: Iterable[Any], total_count: int | None, has_next: bool) -> str:
    """One row per item, one column per key field of the item type."""
    listed = list(items)
    models = [item for item in listed if is_model(type(item))]
    first = models[0] if models else None
    columns = (summary_fields(type(first)) if first is not None else None) or ("repr",)
    head = "".join(f"<th>{_escape(column)}</th>" for column in columns)
    body = []
    for item in listed:
        if columns == ("repr",) or not is_model(type(item)):
            cells = f"<td colspan='{len(columns)}'>{_escape(repr(item))}</td>"
        else:
            cells = "".join(f"<td>{_cell(getattr(item, column, None))}</td>" for column in columns)
        body.append(f"<tr>{cells}</tr>")
    kind = type(first).__name__ if first is not None else "item"
    total = f" of {total_count}" if total_count is not None else ""
    more = "more pages follow" if has_next else "last page"
    caption = _escape(f"{len(listed)} {kind}{total}; {more}")
    return (
        f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def to_row(model: Model) -> dict[str, Scalar]:
    """`model` as one flat row: `{"location.city": "Dublin", "created_at": "2024-...", ...}`.

    Keys follow the JSON the server sent (unknown keys included, absent keys left out),
    nested objects are joined with `.`, timestamps become ISO 8601 text and lists become
    JSON text, so every value is a scalar that a CSV cell or a DataFrame column can hold.
    """
    row: dict[str, Scalar] = {}
    _flatten(model, "", row)
    return row


def _flatten(value: Any, prefix: str, row: dict[str, Scalar]) -> None:
    if is_model(type(value)):
        absent = value._absent
        for name, key in wire_fields(type(value)):
            if key not in absent:
                _flatten(getattr(value, name), _join(prefix, key), row)
        for key, extra in value.extra.items():
            _flatten(extra, _join(prefix, key), row)
    elif isinstance(value, dict) and value:
        for key, item in value.items():
            _flatten(item, _join(prefix, str(key)), row)
    elif isinstance(value, dict):
        row[prefix] = "{}"
    elif isinstance(value, datetime):
        row[prefix] = value.isoformat()
    elif isinstance(value, (list, tuple)):
        row[prefix] = _json_text(value)
    else:
        row[prefix] = value


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _json_text(value: Any) -> str:
    return orjson.dumps(unstructure(value)).decode()


def _has_value(value: Any) -> bool:
    return value is not None and value != {} and value != ()


def _clip(value: Any, limit: int) -> Any:
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def _cell(value: Any) -> str:
    if isinstance(value, datetime):
        return _escape(value.isoformat())
    if is_model(type(value)):
        return _escape(repr(value))
    if isinstance(value, (dict, list, tuple)):
        return _escape(_clip(_json_text(value), _CELL_TEXT))
    if value is None:
        return ""
    return _escape(_clip(str(value), _CELL_TEXT))


def _escape(text: str) -> str:
    return html.escape(text, quote=True)
