"""The one structuring engine: JSON -> attrs models, generated per class.

Each model class gets a function `(data, client) -> instance`, generated from its
attrs fields the first time it is needed. It checks every value's exact JSON type
(cattrs would turn `None` into `'None'` and `'false'` into `True`), fills the
instance's slots directly (no keyword-argument `__init__`), sets the attrs
defaults, runs the fields' converters and validators and `__attrs_post_init__`,
hands the client to every field named `_client`, and keeps the keys the class does
not declare. A value that does not fit raises `Misfit` with its JSON path.

There is no second path to fall back on: a field type the engine does not know is
refused when the class is first compiled. tests/test_engine_oracle.py checks the
engine against cattrs' own generated structurers for every model.

A union of model classes (`NewsItem | Newsfeed | UnknownObject`) is told apart by the
payload's `type`: each member whose `type` field has a string default takes that type,
and the one member without such a default, if any, takes every other type.

A class may take over its own structuring with a classmethod
`__wire_structure__(cls, value, client, build)`, where `build(value, client)` is the
generated function (an avatar sent as a bare URL, an embedded list that waits). A
class whose instances hold nothing mutable may declare `__wire_shared_default__ = True`:
a field whose default is a new instance of it then gets one instance made at compile
time, shared by every object built (an absent embedded list costs no allocation).
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import attrs

from ._json import MAX_DEPTH, preview, too_deep

__all__ = [
    "Misfit",
    "Structure",
    "describe",
    "generated_structurer",
    "is_model",
    "mutable_twin",
    "shared_keys",
    "steps_text",
    "structurer",
    "wire_fields",
]

Structure = Callable[[Any, Any], Any]
"""`(data, client) -> value`: what the engine generates for a type."""

_MISSING = object()
_NO_KEYS: frozenset[str] = frozenset()
_SHALLOW = f"nested at most {MAX_DEPTH} levels deep"
_EPOCH_RANGE = "epoch seconds within the years 1-9999"


class Misfit(Exception):
    """A value that does not fit its field: what was expected, what came, and where."""

    def __init__(self, expected: str, got: Any, *, missing: bool = False) -> None:
        super().__init__(expected)
        self.expected = expected
        self.got = got
        self.missing = missing
        self._reversed_path: list[str | int] = []

    def at(self, step: str | int) -> Misfit:
        """Record one more step outwards (a key or an index) and give self back."""
        self._reversed_path.append(step)
        return self

    @property
    def steps(self) -> tuple[str | int, ...]:
        return tuple(reversed(self._reversed_path))

    @property
    def path(self) -> str:
        """A JSON path such as `$.companies.data[0].id`."""
        return "$" + steps_text(self.steps)

    @property
    def problem(self) -> str:
        """`should be epoch seconds, got the text '2024-01-01'`, for a sentence."""
        if self.missing:
            return "is required but missing"
        return f"should be {self.expected}, got {describe(self.got)}"

    def __str__(self) -> str:
        return f"{self.path} {self.problem}"


def steps_text(steps: tuple[str | int, ...]) -> str:
    """`.companies.data[0].id`: keys and indexes as a JSON path reads them after `$`."""
    return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in steps)


def describe(value: Any) -> str:
    """A JSON value as a user would name it: `null`, `the text 'x'`, `an object {...}`."""
    kind = type(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is str:
        return f"the text {preview(value)}"
    if kind is int or kind is float:
        return f"the number {preview(value)}"
    if kind is list:
        return f"an array {preview(value)}"
    if kind is dict:
        return f"an object {preview(value)}"
    return f"{kind.__name__} {preview(value)}"


def is_model(tp: Any) -> bool:
    """An attrs class built by the engine (every `Model`; the engine does not import it)."""
    return isinstance(tp, type) and attrs.has(tp) and hasattr(tp, "_extra")


def wire_fields(cls: type[Any]) -> list[tuple[str, str]]:
    """(attribute, JSON key) for every field of `cls` that travels over the wire."""
    return [
        (field.name, field.metadata.get("wire", field.alias))
        for field in attrs.fields(cls)
        if field.init
    ]


_compiled: dict[Any, Structure] = {}
_generated: dict[type[Any], Structure] = {}


def structurer(tp: Any) -> Structure:
    """The function `(data, client) -> tp` for a model class or a field type."""
    try:
        return _compiled[tp]
    except KeyError:
        pass
    if is_model(tp):
        # Registered before compiling, so that self-referencing models find themselves.
        _compiled[tp] = lambda data, client: _compiled_model(data, client)
        _compiled_model = _generated[tp] = _model_structurer(tp)
        hook = getattr(tp, "__wire_structure__", None)
        built = _compiled_model
        if hook is not None:
            # A partial, not a closure: one Python frame less for every value it takes.
            built = functools.partial(hook, build=_compiled_model)
        _compiled[tp] = built
        return built
    built = _value_structurer(tp)
    _compiled[tp] = built
    return built


def generated_structurer(cls: type[Any]) -> Structure:
    """The generated function of a model class, without its `__wire_structure__`."""
    structurer(cls)
    return _generated[cls]


def _optional_inner(tp: Any) -> Any:
    """X for `X | None`, else None."""
    origin = typing.get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = typing.get_args(tp)
        others = [a for a in args if a is not type(None)]
        if len(others) == 1 and len(args) == 2:
            return others[0]
    return None


_CHECKS: dict[Any, tuple[str, str]] = {
    str: ("type(v) is not str", "a string"),
    int: ("type(v) is not int", "an integer"),
    bool: ("type(v) is not bool", "true or false"),
    float: ("type(v) is not float and type(v) is not int", "a number"),
}


def _epoch(value: Any) -> datetime:
    """Epoch seconds as an aware UTC datetime that gives back exactly these seconds."""
    kind = type(value)
    if kind is not int and kind is not float:
        raise Misfit("epoch seconds (a number)", value)
    try:
        moment = datetime.fromtimestamp(value, timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise Misfit(_EPOCH_RANGE, value) from None
    if kind is float and moment.timestamp() != value:
        # A datetime keeps microseconds; a finer float could not be given back by to_dict().
        raise Misfit("epoch seconds no finer than a microsecond", value)
    return moment


def _free_form(value: Any, client: Any = None) -> dict[str, Any]:
    """A JSON object of anything (custom attributes), refused when nested too deep."""
    if type(value) is not dict:
        raise Misfit("an object", value)
    if too_deep(value):
        raise Misfit(_SHALLOW, value)
    return dict(value)


def _any(value: Any, client: Any = None) -> Any:
    if too_deep(value):
        raise Misfit(_SHALLOW, value)
    return value


def _value_structurer(tp: Any) -> Structure:
    """A function for a non-model field type, or TypeError for one the engine refuses."""
    inner = _optional_inner(tp)
    if inner is not None:
        build = structurer(inner)
        return lambda value, client: None if value is None else build(value, client)
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Union or origin is types.UnionType:
        return _by_type([a for a in args if a is not type(None)], type(None) in args)
    if tp in _CHECKS:
        check, expected = _CHECKS[tp]
        namespace = {"_Misfit": Misfit}
        source = (
            f"def check(v, client):\n  if {check}:\n    raise _Misfit({expected!r}, v)\n  return v"
        )
        exec(source, namespace)  # noqa: S102  (source built from the table above)
        built: Structure = namespace["check"]
        return built
    if tp is datetime:
        return lambda value, client: _epoch(value)
    if tp is Any:
        return _any
    if origin is dict and args == (str, Any):
        return _free_form
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _array(args[0])
    raise TypeError(f"the structuring engine does not know the field type {tp!r}")


def _wire_type(cls: type[Any]) -> str | None:
    """The `type` a model class always has on the wire (its field's string default)."""
    for field in attrs.fields(cls):
        if field.name == "type" and isinstance(field.default, str):
            return field.default
    return None


def _by_type(members: list[Any], nullable: bool) -> Structure:
    """A union of model classes, told apart by the payload's `type` (see the module)."""
    builds: dict[str, Structure] = {}
    fallback: Structure | None = None
    for member in members:
        if not is_model(member):
            raise TypeError(f"the structuring engine takes unions of models only, not {member!r}")
        wire_type = _wire_type(member)
        if wire_type is None and fallback is None:
            fallback = structurer(member)
        elif wire_type is None or wire_type in builds:
            raise TypeError(f"two members of a union would take the same types: {members!r}")
        else:
            builds[wire_type] = structurer(member)
    expected = "one of the types " + ", ".join(repr(wire_type) for wire_type in builds)

    def structure(value: Any, client: Any) -> Any:
        if value is None and nullable:
            return None
        if type(value) is not dict:
            raise Misfit("an object", value)
        build = builds.get(value.get("type"), fallback)  # type: ignore[arg-type]
        if build is None:
            raise Misfit(expected, value.get("type"), missing="type" not in value).at("type")
        return build(value, client)

    return structure


def _array(item_type: Any) -> Structure:
    """A JSON array as a tuple of `item_type`; each misfit names its index."""
    if item_type is str:

        def strings(value: Any, client: Any) -> tuple[str, ...]:
            if type(value) is not list:
                raise Misfit("an array", value)
            for index, item in enumerate(value):
                if type(item) is not str:
                    raise Misfit("a string", item).at(index)
            return tuple(value)

        return strings
    item = structurer(item_type)

    def array(value: Any, client: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise Misfit("an array", value)
        built = []
        for index, element in enumerate(value):
            try:
                built.append(item(element, client))
            except Misfit as misfit:
                raise misfit.at(index) from None
        return tuple(built)

    return array


_twins: dict[type[Any], type[Any]] = {}


def mutable_twin(cls: type[Any]) -> type[Any]:
    """A subclass of the frozen, slotted `cls` whose instances take `o.name = value`.

    An object is built as a twin and then becomes a `cls` (`o.__class__ = cls`, allowed
    as the twin adds no slots): a plain attribute store fills a slot in a few
    instructions, where the frozen class needs a call per field. A descriptor that
    wraps a slot (it names the slot `slot`) is bypassed in the twin.
    """
    twin = _twins.get(cls)
    if twin is None:
        namespace = {
            "__slots__": (),
            "__setattr__": object.__setattr__,
            "__delattr__": object.__delattr__,  # both, or the frozen one still applies
            "__module__": cls.__module__,
            "__qualname__": f"{cls.__qualname__}.<being built>",
        }
        twin = _twins[cls] = type(cls.__name__, (cls,), namespace)
        for field in attrs.fields(cls):
            slot = getattr(cls.__dict__.get(field.name), "slot", None)
            if slot is not None:
                type.__setattr__(twin, field.name, slot)
    return twin


_SHARED_KEYS: dict[frozenset[str], frozenset[str]] = {_NO_KEYS: _NO_KEYS}
_SHARED_KEYS_MAX = 4096


def shared_keys(keys: frozenset[str]) -> frozenset[str]:
    """One frozenset object for each set of absent keys seen (most objects of a kind
    lack the same ones): a frozenset is a container the garbage collector keeps
    visiting, and a bulk job holds one per object otherwise."""
    shared = _SHARED_KEYS.get(keys)
    if shared is not None:
        return shared
    if len(_SHARED_KEYS) < _SHARED_KEYS_MAX:
        _SHARED_KEYS[keys] = keys
    return keys


def _leftovers(keys: frozenset[str]) -> Callable[[Any, dict[str, Any], tuple[str, ...]], None]:
    size = len(keys)

    def keep(instance: Any, data: dict[str, Any], gaps: tuple[str, ...]) -> None:
        """Remember the keys `data` has beyond the model's, and the model's it lacks
        (`gaps`, noted while reading: a set difference against `data` costs more)."""
        if len(data) != size - len(gaps):  # keys beyond the model's: look for them
            extra = {key: value for key, value in data.items() if key not in keys}
            for key, value in extra.items():
                if too_deep(value):
                    raise Misfit(_SHALLOW, value).at(key)
            object.__setattr__(instance, "_extra", extra)
        object.__setattr__(instance, "_absent", shared_keys(frozenset(gaps)))

    return keep


def _validate(field: attrs.Attribute[Any], key: str) -> Callable[[Any, Any], None]:
    """The field's attrs validator, its complaint turned into a `Misfit` at `key`."""
    validator = field.validator
    assert validator is not None

    def validate(instance: Any, value: Any) -> None:
        try:
            validator(instance, field, value)
        except (TypeError, ValueError) as exc:
            raise Misfit(str(exc) or "a value its validator accepts", value).at(key) from None

    return validate


def _model_structurer(cls: type[Any]) -> Structure:
    """Generate `structure(data, client)` for the attrs class `cls`."""
    fields = attrs.fields(attrs.resolve_types(cls))
    keys = dict(wire_fields(cls))
    namespace: dict[str, Any] = {
        "_M": _MISSING,
        "_Misfit": Misfit,
        "_new": object.__new__,
        "_cls": cls,
        "_twin": mutable_twin(cls),
        "_keep": _leftovers(frozenset(keys.values())),
        "_epoch": _epoch,
        "_at": datetime.fromtimestamp,
        "_utc": timezone.utc,
        "_EPOCH_RANGE": _EPOCH_RANGE,
    }
    lines = ["def structure(data, client):", "  if type(data) is not dict:"]
    lines += [f"    raise _Misfit('an object ({cls.__name__})', data)"]
    lines += ["  o = _new(_twin)", "  gaps = ()"]
    later: list[str] = []
    for index, field in enumerate(fields):
        default = _default_expression(field, index, namespace)
        if field.name not in keys:
            later += _derived_field(field, index, default, namespace)
            continue
        key = keys[field.name]
        lines.append(f"  v = data.get({key!r}, _M)")
        lines.append("  if v is _M:")
        if field.default is attrs.NOTHING:
            lines.append(f"    raise _Misfit('present', None, missing=True).at({key!r})")
        else:
            lines += [f"    v = {default}", f"    gaps += ({key!r},)"]
        lines += _field_check(field.type, key, index, namespace)
        if field.converter is not None:
            namespace[f"k{index}"] = field.converter
            lines.append(f"  v = k{index}(v)")
        lines.append(f"  o.{field.name} = v")
    lines += later
    lines += [
        f"  if gaps or len(data) != {len(keys)}:",
        "    _keep(o, data, gaps)",
        "  o.__class__ = _cls",
    ]
    for index, field in enumerate(fields):
        if field.validator is not None and field.name in keys:
            namespace[f"x{index}"] = _validate(field, keys[field.name])
            lines.append(f"  x{index}(o, o.{field.name})")
    if hasattr(cls, "__attrs_post_init__"):
        lines.append("  o.__attrs_post_init__()")
    lines.append("  return o")
    exec("\n".join(lines), namespace)  # noqa: S102  (source built from the class's own fields)
    structure: Structure = namespace["structure"]
    return structure


def _default_expression(field: attrs.Attribute[Any], index: int, namespace: dict[str, Any]) -> str:
    default: Any = field.default
    shared = getattr(getattr(default, "factory", None), "__wire_shared_default__", False)
    if shared and isinstance(default, attrs.Factory) and not default.takes_self:  # type: ignore[arg-type]
        namespace[f"d{index}"] = default.factory()
        return f"d{index}"
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        namespace[f"d{index}"] = default.factory
        return f"d{index}(o)" if default.takes_self else f"d{index}()"
    namespace[f"d{index}"] = default
    return f"d{index}"


def _derived_field(
    field: attrs.Attribute[Any], index: int, default: str, namespace: dict[str, Any]
) -> list[str]:
    """A field that does not travel: the client slot, or a default made from the others.

    A derived value with a `_client` of its own (the stub `contact.owner`) is bound too.
    """
    if field.name == "_client":
        return ["  o._client = client"]
    lines = [f"  v = {default}"]
    if field.metadata.get("bind"):
        lines += ["  if v is not None:", "    object.__setattr__(v, '_client', client)"]
    return [*lines, f"  o.{field.name} = v"]


def _field_check(tp: Any, key: str, index: int, namespace: dict[str, Any]) -> list[str]:
    """Lines that check (and build) `v` when it came in the payload."""
    optional = _optional_inner(tp)
    inner = optional if optional is not None else tp
    opener = "  else:" if optional is None else "  elif v is not None:"
    if inner in _CHECKS:
        check, expected = _CHECKS[inner]
        return [opener, f"    if {check}:", f"      raise _Misfit({expected!r}, v).at({key!r})"]
    caught: list[str] = []
    if inner is datetime:
        # Whole seconds go straight to fromtimestamp (no call of `_epoch` per timestamp).
        build = "v = _at(v, _utc) if type(v) is int else _epoch(v)"
        caught = [
            "    except (OverflowError, OSError, ValueError):",
            f"      raise _Misfit(_EPOCH_RANGE, v).at({key!r}) from None",
        ]
    else:
        namespace[f"h{index}"] = structurer(inner)
        build = f"v = h{index}(v, client)"
        hook = getattr(inner, "__wire_structure__", None) if is_model(inner) else None
        if hook is not None and inner in _generated:
            # Called directly: through `structurer`'s partial it costs a keyword dict.
            namespace[f"h{index}"], namespace[f"b{index}"] = hook, _generated[inner]
            build = f"v = h{index}(v, client, b{index})"
    return [
        opener,
        "    try:",
        f"      {build}",
        "    except _Misfit as misfit:",
        f"      raise misfit.at({key!r}) from None",
        *caught,
    ]
