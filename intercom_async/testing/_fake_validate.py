"""A small validator for the subset of JSON Schema the Intercom spec uses in request bodies.

`type` (with `nullable`), `properties` and `required`, `items` with `minItems` and
`maxItems`, `enum`, `oneOf` / `anyOf` / `allOf` and `$ref` (to a name of `SCHEMAS`).
Unknown keys are allowed, as Intercom allows them. No dependency: `jsonschema` is not
needed to run the fake.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

import attrs

__all__ = ["Problem", "first_problem"]

ProblemKind = Literal["missing", "type", "value"]


@attrs.frozen
class Problem:
    """What is wrong with one place of a body: `missing` (a required field), `type` (the
    wrong kind of value) or `value` (outside its `enum` or bounds)."""

    kind: ProblemKind
    path: str
    message: str


_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}
_NAMES = {"object": "an object", "array": "an array", "integer": "an integer"}


def first_problem(value: Any, schema: Any, schemas: Mapping[str, Any]) -> Problem | None:
    """The first thing that keeps `value` from fitting `schema`, or None when it fits."""
    return next(_problems(value, schema, schemas, "", 0), None)


def _problems(
    value: Any, schema: Any, schemas: Mapping[str, Any], path: str, depth: int
) -> Iterator[Problem]:
    if not isinstance(schema, Mapping) or depth > 40:
        return
    if "$ref" in schema:
        yield from _problems(value, schemas.get(schema["$ref"], {}), schemas, path, depth + 1)
        return
    for part in schema.get("allOf", ()):
        yield from _problems(value, part, schemas, path, depth + 1)
    for keyword in ("oneOf", "anyOf"):
        branches = schema.get(keyword)
        if branches and not any(
            _first_at(value, branch, schemas, path, depth) is None for branch in branches
        ):
            yield Problem("type", _shown(path), f"{_shown(path)} fits none of its allowed shapes")
            return
    if value is None:
        if schema.get("type") and not schema.get("nullable"):
            yield Problem("type", _shown(path), f"{_shown(path)} must not be null")
        return
    kind = schema.get("type")
    if isinstance(kind, str) and kind in _TYPES and not _is_a(value, kind):
        wanted = _NAMES.get(kind, f"a {kind}")
        yield Problem("type", _shown(path), f"{_shown(path)} must be {wanted}")
        return
    enum = [choice for choice in schema.get("enum", ()) if choice is not None]
    if enum and value not in enum:
        choices = ", ".join(map(str, enum))
        yield Problem("value", _shown(path), f"{_shown(path)} must be one of {choices}")
    if isinstance(value, dict):
        for name in schema.get("required", ()):
            if name not in value:
                where = _joined(path, name)
                yield Problem("missing", where, f"'{where}' is a required parameter")
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                yield from _problems(value[name], sub, schemas, _joined(path, name), depth + 1)
    if isinstance(value, list):
        low, high = schema.get("minItems"), schema.get("maxItems")
        if low is not None and len(value) < low:
            yield Problem("value", _shown(path), f"{_shown(path)} needs at least {low} items")
        if high is not None and len(value) > high:
            yield Problem("value", _shown(path), f"{_shown(path)} takes at most {high} items")
        for index, item in enumerate(value):
            yield from _problems(
                item, schema.get("items", {}), schemas, f"{path}[{index}]", depth + 1
            )


def _first_at(
    value: Any, schema: Any, schemas: Mapping[str, Any], path: str, depth: int
) -> Problem | None:
    return next(_problems(value, schema, schemas, path, depth + 1), None)


def _is_a(value: Any, kind: str) -> bool:
    """`value` is of JSON type `kind`: a bool is not a number, as in JSON, but a string of
    digits and an integer stand for each other, as Intercom takes ids both ways."""
    if kind == "integer" and isinstance(value, str):
        return value.isascii() and value.isdigit()
    if kind == "string" and type(value) is int:
        return True  # an id sent as a number (`"admin_id": 12345`), which Intercom takes
    return isinstance(value, _TYPES[kind]) and (kind == "boolean" or not isinstance(value, bool))


def _joined(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _shown(path: str) -> str:
    return path or "the body"
