"""The structuring engine against an independent oracle, for every model.

The oracle is cattrs' own generated structurer (`cattrs.gen.make_dict_structure_fn`,
detailed validation) with strict leaf hooks written here, not the engine's. For
payloads drawn from each model's field types, with a few values swapped for any
JSON or left out, both must agree: both accept and build equal objects (and the
engine's gives back the payload from `to_dict()`), or both refuse and the engine
names one of the fields the oracle names.
"""

from __future__ import annotations

import re
import types
import typing
from datetime import datetime, timezone
from typing import Any

import attrs
import cattrs
import pytest
from cattrs.errors import IterableValidationNote
from cattrs.gen import make_dict_structure_fn, override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import intercom_async.models as models
from intercom_async import DecodeError
from intercom_async._converter import structure
from intercom_async._engine import is_model, wire_fields
from intercom_async._refs import RefList
from intercom_async.models import Avatar

MODELS = sorted(
    (getattr(models, name) for name in models.__all__ if is_model(getattr(models, name))),
    key=lambda cls: cls.__name__,
)
MODELS = [cls for cls in MODELS if cls not in (models.Model, models.Ref, models.RefList)]
WIRE_KEYS = {name: key for cls in MODELS for name, key in wire_fields(cls) if name != key}
"""Attribute -> JSON key of the renamed fields (`pt_br` -> `pt-BR`): cattrs' error paths
name attributes, ours name the JSON keys."""

oracle = cattrs.Converter(detailed_validation=True)


def _exactly(*kinds: type) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if type(value) not in kinds:
            raise TypeError(f"{type(value).__name__} is not {kinds}")
        return value

    return hook


def _timestamp(value: Any, _: Any) -> datetime:
    if type(value) not in (int, float):
        raise TypeError("not epoch seconds")
    moment = datetime.fromtimestamp(value, tz=timezone.utc)  # raises when out of range
    if moment.timestamp() != value:
        raise ValueError("finer than a microsecond")
    return moment


def _array(value: Any, cls: Any) -> Any:
    if type(value) is not list:
        raise TypeError("not an array")
    item = typing.get_args(cls)[0]
    built, problems = [], []
    for index, element in enumerate(value):
        try:
            built.append(oracle.structure(element, item))
        except Exception as exc:  # every problem is reported, as cattrs does
            exc.__notes__ = [IterableValidationNote(f"@ index {index}", index, item)]
            problems.append(exc)
    if problems:
        raise cattrs.IterableValidationError("array items do not fit", problems, cls)
    return tuple(built)


def _model_hook(cls: type[Any]) -> Any:
    renames = {name: override(rename=key) for name, key in wire_fields(cls) if name != key}
    build = make_dict_structure_fn(cls, oracle, **renames)  # type: ignore[arg-type]

    def hook(value: Any, _: Any) -> Any:
        if issubclass(cls, RefList) and value is None:
            return cls()
        if cls is Avatar and type(value) is str:
            return Avatar(image_url=value)
        if type(value) is not dict:
            raise TypeError("not an object")
        return build(value, cls)

    return hook


oracle.register_structure_hook(str, _exactly(str))
oracle.register_structure_hook(int, _exactly(int))
oracle.register_structure_hook(bool, _exactly(bool))
oracle.register_structure_hook(float, _exactly(float, int))
oracle.register_structure_hook(datetime, _timestamp)
oracle.register_structure_hook_func(lambda cls: typing.get_origin(cls) is tuple, _array)
oracle.register_structure_hook_func(lambda cls: cls == dict[str, Any], _exactly(dict))
oracle.register_structure_hook_factory(is_model, _model_hook)


def same(left: Any, right: Any) -> bool:
    """Equal field by field (the values that travel), whatever `eq=` says."""
    if is_model(type(left)):
        return type(left) is type(right) and all(
            same(getattr(left, name), getattr(right, name)) for name, _ in wire_fields(type(left))
        )
    if isinstance(left, tuple):
        return (
            isinstance(right, tuple)
            and len(left) == len(right)
            and all(same(a, b) for a, b in zip(left, right, strict=True))
        )
    return type(left) is type(right) and left == right


json_leaves = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=4)
)
any_json = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=4,
)
epoch_seconds = st.integers(-62135596800, 253402300799) | st.floats(-1e10, 1e10)


def _optional_inner(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0]
    return None


def fitting(tp: Any) -> st.SearchStrategy[Any]:
    """JSON that fits `tp`, now and then (one in six) any JSON at all."""
    return st.integers(0, 5).flatmap(
        lambda n: json_leaves if n == 0 else any_json if n == 1 else _fitting(tp)
    )


def _fitting(tp: Any) -> st.SearchStrategy[Any]:
    inner = _optional_inner(tp)
    if inner is not None:
        return st.none() | fitting(inner)
    leaves: dict[Any, st.SearchStrategy[Any]] = {
        str: st.text(max_size=4),
        int: st.integers(),
        bool: st.booleans(),
        float: st.floats(allow_nan=False, allow_infinity=False) | st.integers(),
        datetime: epoch_seconds,
        Any: any_json,
    }
    if tp in leaves:
        return leaves[tp]
    if tp == dict[str, Any]:
        return st.dictionaries(st.text(max_size=3), any_json, max_size=2)
    if typing.get_origin(tp) is tuple:
        return st.lists(fitting(typing.get_args(tp)[0]), max_size=3)
    assert is_model(tp), tp
    return st.deferred(lambda: objects(tp))


def objects(cls: type[Any]) -> st.SearchStrategy[Any]:
    """A JSON object for `cls`: its keys (the optional ones or not), maybe an unknown one."""
    fields = {field.name: field for field in attrs.fields(attrs.resolve_types(cls))}
    required, optional = {}, {}
    for name, key in wire_fields(cls):
        field = fields[name]
        strategy = fitting(field.type)
        (required if field.default is attrs.NOTHING else optional)[key] = strategy
    shaped = st.fixed_dictionaries(required, optional=optional)
    extra = st.dictionaries(st.sampled_from(["brand_new", "x"]), any_json, max_size=1)
    built = st.tuples(shaped, extra).map(lambda pair: {**pair[1], **pair[0]})
    if issubclass(cls, RefList):
        return st.none() | built
    if cls is Avatar:
        return st.text(max_size=4) | built
    return built


def outcome(build: Any) -> tuple[bool, Any]:
    try:
        return True, build()
    except (DecodeError, cattrs.BaseValidationError, TypeError, ValueError) as exc:
        return False, exc


def oracle_paths(error: Exception, cls: type[Any]) -> list[str]:
    if not isinstance(error, cattrs.BaseValidationError):
        return ["$"]
    found = []
    for problem in cattrs.transform_error(error, path="$"):
        path = problem.rpartition(" @ ")[2]
        path = path.replace(".refs", ".data")
        found.append(re.sub(r"\.(\w+)", lambda m: "." + WIRE_KEYS.get(m[1], m[1]), path))
    return found


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
def test_the_engine_agrees_with_cattrs_own_structurer(cls: type[Any]) -> None:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(objects(cls))
    def check(payload: Any) -> None:
        ours_ok, ours = outcome(lambda: structure(payload, cls, None))
        theirs_ok, theirs = outcome(lambda: oracle.structure(payload, cls))
        assert ours_ok == theirs_ok, (ours, theirs)
        if ours_ok:
            assert same(ours, theirs)
            assert ours.to_dict() == payload
        else:
            paths = oracle_paths(theirs, cls)
            assert any(ours.path == path or ours.path.startswith(path) for path in paths), (
                ours.path,
                paths,
            )

    check()


def test_every_model_is_checked() -> None:
    assert {cls.__name__ for cls in MODELS} >= {
        "Admin",
        "Company",
        "Contact",
        "Note",
        "Segment",
        "SubscriptionType",
        "Tag",
        "TagRef",
        "TagRefList",
    }
