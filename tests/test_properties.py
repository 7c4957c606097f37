"""Property tests: payloads generated from the 2.14 schemas, then mutated.

A valid payload must structure and give itself back through `to_dict()`. A
mutated one (a key removed, a key added, a value of the wrong type, a null) must
either structure, and then round-trip just the same, or raise `DecodeError`
naming the mutated path; never any other exception.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercom_async import DecodeError
from intercom_async._converter import structure
from intercom_async.models import Admin, Company, Contact, Note, SubscriptionType, Tag

from .conftest import SPEC_PATH

Json = Any
SCHEMAS: dict[str, Any] = yaml.load(SPEC_PATH.read_text(), Loader=yaml.CSafeLoader)["components"][
    "schemas"
]
MODELS: dict[str, type[Any]] = {
    "contact": Contact,
    "tag": Tag,
    "note": Note,
    "company": Company,
    "subscription_type": SubscriptionType,
    "admin": Admin,
}
ALWAYS_PRESENT = ("type", "id")
"""Intercom always sends these when a schema has them; every other property may be absent."""

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
epoch_seconds = st.integers(0, 4_102_444_800)  # 1970 to 2100


def payloads(name: str) -> st.SearchStrategy[Json]:
    """Objects valid under the component schema `name` (never the null some schemas allow)."""
    return _non_null(SCHEMAS[name], 0)


def from_schema(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Json]:
    """A strategy for JSON values valid under an OpenAPI 3.0 `schema`."""
    if "$ref" in schema:
        return from_schema(SCHEMAS[schema["$ref"].rsplit("/", 1)[-1]], depth)
    if "allOf" in schema:
        merged = {key: value for key, value in schema.items() if key != "allOf"}
        for part in schema["allOf"]:
            part = SCHEMAS[part["$ref"].rsplit("/", 1)[-1]] if "$ref" in part else part
            merged.setdefault("properties", {}).update(part.get("properties", {}))
        return from_schema(merged, depth)
    strategy = _non_null(schema, depth)
    return st.none() | strategy if schema.get("nullable") else strategy


def _non_null(schema: dict[str, Any], depth: int) -> st.SearchStrategy[Json]:
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "oneOf" in schema or "anyOf" in schema:
        return st.one_of([from_schema(s, depth) for s in schema.get("oneOf", schema.get("anyOf"))])
    kind = schema.get("type", "object")
    if kind == "string":
        return st.text(max_size=12)
    if kind == "integer":
        if schema.get("format") in ("date-time", "timestamp"):
            return epoch_seconds
        return st.integers(0, 2**31)
    if kind == "number":
        return st.floats(allow_nan=False, allow_infinity=False) | st.integers(0, 2**31)
    if kind == "boolean":
        return st.booleans()
    if kind == "array":
        return st.lists(
            from_schema(schema.get("items", {}), depth + 1), max_size=2 if depth < 3 else 0
        )
    properties: dict[str, Any] = schema.get("properties", {})
    if not properties:
        values = schema.get("additionalProperties")
        value_strategy = from_schema(values, depth + 1) if isinstance(values, dict) else json_values
        return st.dictionaries(st.text(max_size=8), value_strategy, max_size=3)
    required = {k: from_schema(v, depth + 1) for k, v in properties.items() if k in ALWAYS_PRESENT}
    optional = {k: from_schema(v, depth + 1) for k, v in properties.items() if k not in required}
    return st.fixed_dictionaries(required, optional=optional)


Path = tuple[str | int, ...]


def locations(value: Json, path: Path = ()) -> list[Path]:
    """Every path inside `value`, as the keys and indexes leading to it."""
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += locations(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += locations(item, (*path, index))
    return found


def dotted(path: Path) -> str:
    """`path` in `DecodeError.path` notation: `$.tags.data[0].id`."""
    return "$" + "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)


def _get(value: Json, path: Path) -> Json:
    for step in path:
        value = value[step]
    return value


Mutation = tuple[str, Path]
"""(kind, path): `drop` a key or item, `add` a key, `replace` a value (wrong type or null)."""


@st.composite
def mutated(draw: st.DrawFn, name: str) -> tuple[Json, Mutation]:
    """A valid payload for schema `name` with exactly one thing changed."""
    payload = draw(payloads(name))
    paths = locations(payload)
    kind = draw(st.sampled_from(["drop", "add", "replace", "null"] if len(paths) > 1 else ["add"]))
    if kind == "add":
        objects = [p for p in paths if isinstance(_get(payload, p), dict)]
        path = draw(st.sampled_from(objects))
        key = draw(st.text(max_size=8).filter(lambda k: k not in _get(payload, path)))
        _get(payload, path)[key] = draw(json_values)
        return payload, ("add", (*path, key))
    path = draw(st.sampled_from(paths[1:]))
    parent, step = _get(payload, path[:-1]), path[-1]
    if kind == "drop":
        del parent[step]
        return payload, ("drop", path)
    old = parent[step]
    parent[step] = (
        None if kind == "null" else draw(json_values.filter(lambda v: type(v) is not type(old)))
    )
    return payload, ("replace", path)


def _round_trips(obj: Any, payload: Json) -> None:
    assert obj.to_dict() == payload


def check_valid(name: str) -> Callable[[Json], None]:
    def check(payload: Json) -> None:
        _round_trips(structure(payload, MODELS[name], None), payload)

    return check


@pytest.mark.parametrize("name", MODELS)
def test_schema_valid_payloads_structure_and_round_trip(name: str) -> None:
    given(payloads(name))(SETTINGS(check_valid(name)))()


@pytest.mark.parametrize("name", MODELS)
def test_mutated_payloads_structure_or_name_the_path(name: str) -> None:
    @SETTINGS
    @given(mutated(name))
    def check(case: tuple[Json, Mutation]) -> None:
        payload, (_, steps) = case
        path = dotted(steps)
        try:
            obj = structure(payload, MODELS[name], None, body=b"raw")
        except DecodeError as exc:
            error = exc
        else:
            _round_trips(obj, payload)
            return
        named = error.path == path or error.path.startswith((f"{path}.", f"{path}["))
        assert named, (error.path, path, str(error))
        assert error.body == b"raw"
        # Tracebacks that capture locals repr the half-built models: that must not raise.
        traceback.TracebackException.from_exception(error, capture_locals=True)

    check()


def test_generator_honours_nullable_enum_and_epoch_formats() -> None:
    seen: set[type] = set()
    tag = SCHEMAS["tag"]["properties"]
    states = SCHEMAS["subscription_type"]["properties"]["state"]

    @settings(max_examples=50, deadline=None)
    @given(
        from_schema({"type": "string", "nullable": True}),
        from_schema(states),
        from_schema(tag["applied_at"]),
    )
    def check(value: Json, state: Json, applied_at: Json) -> None:
        seen.add(type(value))
        assert state in ("live", "draft", "archived")
        assert applied_at is None or type(applied_at) is int

    check()
    assert seen == {str, type(None)}


@pytest.mark.parametrize(
    ("model", "payload", "path", "fragment"),
    [
        (
            Admin,
            {"type": "admin", "id": "1", "team_ids": {}},
            "$.team_ids",
            "should be an array, got an object",
        ),
        (Admin, {"type": "admin", "id": "1", "team_ids": {"7": 1}}, "$.team_ids", "got an object"),
        (
            SubscriptionType,
            {"id": "1", "content_types": "email"},
            "$.content_types",
            "got the text 'email'",
        ),
        (Tag, {"id": "1", "applied_at": 7.1e-156}, "$.applied_at", "finer than a microsecond"),
        (Tag, {"id": "1", "applied_at": 2**53}, "$.applied_at", "within the years 1-9999"),
    ],
)
def test_leniencies_found_by_the_properties_are_now_decode_errors(
    model: type[Any], payload: Json, path: str, fragment: str
) -> None:
    with pytest.raises(DecodeError, match=fragment) as caught:
        structure(payload, model, None)
    assert caught.value.path == path


def test_fractional_epoch_seconds_within_microseconds_round_trip() -> None:
    payload = {"type": "tag", "id": "1", "applied_at": 1663597223.5}
    assert structure(payload, Tag, None).to_dict() == payload
