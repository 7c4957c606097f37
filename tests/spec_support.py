"""Reading examples out of the OpenAPI description, shared by the spec, relation and
contract tests: documented answers, every declared operation with the public methods that
call it, the arguments the spec's examples give each call, and request schemas as JSON
Schema."""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import referencing
import referencing.jsonschema
import typing_extensions
import yaml

import intercom_async
from intercom_async import NOT_GIVEN, APIError
from intercom_async._operations import Operation
from tools.generate.operations import fixed_body
from tools.generate.spec import Spec, load_spec

__all__ = [
    "Call",
    "Fallbacks",
    "arguments_for",
    "assert_spec_error",
    "declared_calls",
    "endpoint_modules",
    "request_examples",
    "request_validator",
    "response_examples",
    "schema_validator",
    "spec_for",
    "spec_of_version",
    "spec_operation",
    "version_of",
]

ROOT = Path(__file__).resolve().parents[1]
FALLBACKS = Path(__file__).with_name("data") / "spec_arguments.yaml"
OVERRIDES = ROOT / "tools" / "generate" / "overrides.yaml"


def response_examples(spec: dict[str, Any], method: str, path: str, status: str) -> dict[str, Any]:
    """`{example name: value}` of one documented response."""
    response = spec["paths"][path][method.lower()]["responses"][status]
    content = response.get("content", {}).get("application/json", {})
    return {name: example["value"] for name, example in content.get("examples", {}).items()}


def assert_spec_error(
    error: APIError, spec: dict[str, Any], method: str, path: str, status: int, example: str
) -> None:
    """`error` is the documented error response `example` of `method path`: status, code, text."""
    documented = response_examples(spec, method, path, str(status))[example]["errors"][0]
    assert error.status == status
    assert (error.code, error.errors[0].message) == (documented["code"], documented["message"])


# --- every declared operation and its public methods ---------------------------------------


@attrs.frozen
class Call:
    """One public method of the client and the declared operation it calls."""

    module: str
    constant: str
    operation: Operation[Any]
    method: str
    """`conversations.close`: the attribute path from a `Client`."""

    @property
    def id(self) -> str:
        return f"{self.method} ({self.operation.endpoint})"

    def bound(self, client: intercom_async.Client) -> Callable[..., Any]:
        """The method on `client` (`help_center.collections.list`: a namespace's namespace)."""
        found: Any = client
        for part in self.method.split("."):
            found = getattr(found, part)
        bound: Callable[..., Any] = found
        return bound


def version_of(operation: Operation[Any]) -> str:
    """The spec version that declares the operation: its `since` (2.15-only operations),
    else the default version."""
    since = getattr(operation, "since", None)
    return str(since) if since else str(_overrides()["default_version"])


@functools.cache
def _overrides() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(OVERRIDES.read_text())
    return loaded


@functools.cache
def spec_of_version(version: str) -> dict[str, Any]:
    """The spec document of one version (`specs:` of the generator's overrides)."""
    path = ROOT / _overrides()["specs"][version]
    loaded: dict[str, Any] = yaml.load(path.read_text(), Loader=yaml.CSafeLoader)
    return loaded


def spec_for(operation: Operation[Any]) -> dict[str, Any]:
    """The spec document that declares `operation`."""
    return spec_of_version(version_of(operation))


def endpoint_modules() -> list[Any]:
    """`_endpoints` (the contact graph, by hand) and every generated `_*_endpoints` module."""
    names = sorted(
        info.name
        for info in pkgutil.iter_modules(intercom_async.__path__)
        if info.name.endswith("_endpoints") and info.name != "_endpoints"
    )
    return [importlib.import_module(f"intercom_async.{name}") for name in ["_endpoints", *names]]


def declared_calls() -> list[Call]:
    """Every `(operation, method)` pair of every endpoints module's `METHODS`."""
    calls = []
    for module in endpoint_modules():
        constants = {id(v): k for k, v in vars(module).items() if isinstance(v, Operation)}
        for operation, methods in module.METHODS.items():
            short = module.__name__.rsplit(".", 1)[-1]
            calls += [Call(short, constants[id(operation)], operation, m) for m in methods]
    return calls


# --- the arguments the spec's examples give a call -----------------------------------------


def spec_operation(spec: dict[str, Any], operation: Operation[Any]) -> dict[str, Any]:
    node: dict[str, Any] = spec["paths"][operation.path][operation.method.lower()]
    return node


def request_examples(spec: dict[str, Any], operation: Operation[Any]) -> dict[str, Any]:
    """`{example name: value}` of the operation's JSON request body."""
    body = spec_operation(spec, operation).get("requestBody", {})
    content = body.get("content", {}).get("application/json", {})
    examples = {name: ex["value"] for name, ex in content.get("examples", {}).items()}
    if "example" in content:
        examples.setdefault("example", content["example"])
    return examples


@attrs.frozen
class Fallbacks:
    """`tests/data/spec_arguments.yaml`: argument values where the spec has no example."""

    path: Mapping[str, str]
    methods: Mapping[str, Mapping[str, Any]]
    renames: Mapping[str, Mapping[str, str]]
    """`{method: {body key: argument}}`: the generator's `rename:` overrides and the
    table's own `renames:` for the hand-written methods."""

    @classmethod
    def load(cls) -> Fallbacks:
        table = yaml.safe_load(FALLBACKS.read_text())
        overrides = yaml.safe_load(OVERRIDES.read_text())
        renames = {
            f"{area}.{cfg['name']}": cfg["rename"]
            for area, area_cfg in overrides["areas"].items()
            for cfg in area_cfg["operations"].values()
            if "rename" in cfg and "name" in cfg
        }
        renames.update(table.get("renames", {}))
        return cls(table.get("path", {}), table.get("methods", {}), renames)


def _placeholders(path: str) -> list[str]:
    return [part[1:-1] for part in path.split("/") if part.startswith("{")]


def arguments_for(
    spec: dict[str, Any], call: Call, method: Callable[..., Any], fallbacks: Fallbacks
) -> tuple[list[Any], dict[str, Any]]:
    """`(args, kwargs)` for `method`: ids from the path parameters' examples, keywords
    from the request body example that fits the method best, the rest from `fallbacks`.

    Raises `LookupError` naming the argument when neither gives a required value.
    """
    node = spec_operation(spec, call.operation)
    parameters = _parameters(method)
    shared = spec["paths"][call.operation.path].get("parameters", [])
    documented = {p["name"]: p for p in [*shared, *node.get("parameters", [])] if "name" in p}
    given: dict[str, Any] = dict(fallbacks.methods.get(call.method, {}))
    args: list[Any] = []
    placeholders = _placeholders(call.operation.path)
    by_name = {p.name for p in parameters}
    unnamed = [
        p
        for p in parameters
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        and p.default is p.empty
        and p.name not in placeholders
        and p.name != "query"
    ]
    for placeholder in placeholders:
        value = documented.get(placeholder, {}).get("example", fallbacks.path.get(placeholder))
        if value is None:
            raise LookupError(f"{call.id}: no example for the path's {{{placeholder}}}")
        if placeholder in by_name:
            given.setdefault(placeholder, str(value))
        elif unnamed:
            args.append(str(value))
            unnamed.pop(0)
    renames = {arg: key for key, arg in fallbacks.renames.get(call.method, {}).items()}
    keywords = [p for p in parameters if p.name not in given and p.kind is not p.POSITIONAL_ONLY]
    body = _best_example(request_examples(spec, call.operation), keywords, renames)
    for parameter in keywords:
        wire = [renames.get(parameter.name), parameter.name, parameter.name.rstrip("_")]
        found = next((body[key] for key in wire if key is not None and key in body), _MISSING)
        if found is _MISSING and parameter.default is parameter.empty:
            found = documented.get(parameter.name, {}).get("example", _MISSING)
        if found is not _MISSING:
            given[parameter.name] = _as_annotated(found, parameter)
        elif parameter.default is parameter.empty:
            raise LookupError(
                f"{call.id}: no example for the required argument {parameter.name!r}; "
                f"add it under `methods: {call.method}:` in {FALLBACKS.name}"
            )
    positional = {p.name for p in parameters if p.kind is p.POSITIONAL_ONLY}
    args += [given.pop(name) for name in list(given) if name in positional]
    return args, {name: value for name, value in given.items() if value is not None}


_MISSING = object()


def _parameters(method: Callable[..., Any]) -> list[inspect.Parameter]:
    """The parameters of `method`, a typed `**fields: Unpack[SomeFields]` spread into the
    keywords its `TypedDict` declares (required ones without a default)."""
    parameters: list[inspect.Parameter] = []
    for parameter in inspect.signature(method).parameters.values():
        if parameter.kind is not parameter.VAR_KEYWORD:
            parameters.append(parameter)
            continue
        (fields,) = typing.get_args(typing_extensions.get_type_hints(method)[parameter.name])
        for name, hint in typing_extensions.get_type_hints(fields).items():
            default = parameter.empty if name in fields.__required_keys__ else NOT_GIVEN
            annotation = inspect.formatannotation(hint)
            parameters.append(
                inspect.Parameter(
                    name, parameter.KEYWORD_ONLY, default=default, annotation=annotation
                )
            )
    return parameters


def _as_annotated(value: Any, parameter: inspect.Parameter) -> Any:
    """An integer example as a string where the method takes `str` only: a typed caller
    passes the string (the spec's examples send some string ids as numbers)."""
    kinds = {part.strip() for part in str(parameter.annotation).split("|")}
    if isinstance(value, int) and not isinstance(value, bool) and "str" in kinds:
        return value if "int" in kinds else str(value)
    if isinstance(value, str) and value.isdigit() and "int" in kinds and "str" not in kinds:
        return int(value)  # an epoch written as a string, for a `datetime | int`
    return value


def _best_example(
    examples: Mapping[str, Any], keywords: list[inspect.Parameter], renames: Mapping[str, str]
) -> Mapping[str, Any]:
    """The request example most of whose keys are arguments of the method (the first on a
    tie): one endpoint split into several methods has one example per method."""
    accepted = {renames.get(p.name, p.name.rstrip("_")) for p in keywords} | {
        p.name for p in keywords
    }

    required = {renames.get(p.name, p.name.rstrip("_")) for p in keywords if p.default is p.empty}

    def fit(example: Any) -> tuple[int, int]:
        keys = set(example) if isinstance(example, dict) else set()
        return len(keys & required), len(keys & accepted) - len(keys - accepted)

    candidates = [e for e in examples.values() if isinstance(e, dict)]
    return max(candidates, key=fit, default={})


# --- OpenAPI 3.0 schemas as JSON Schema -----------------------------------------------------

_SCHEMA_KEYS = ("items", "additionalProperties", "not")
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf")


def _converted(node: Any) -> Any:
    """An OpenAPI 3.0 schema as a draft-4 JSON Schema: `nullable` becomes a null type."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in ("nullable", "example", "discriminator", "xml", "externalDocs"):
            continue
        if key == "properties":
            out[key] = {name: _converted(prop) for name, prop in value.items()}
        elif key in _SCHEMA_KEYS:
            out[key] = _converted(value)
        elif key in _SCHEMA_LISTS:
            out[key] = [_converted(part) for part in value]
        else:
            out[key] = value
    if node.get("nullable") is True:
        if isinstance(out.get("type"), str) and "$ref" not in out:
            out["type"] = [out["type"], "null"]
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def request_validator(
    spec: dict[str, Any], operation: Operation[Any]
) -> jsonschema.Draft4Validator:
    """A validator of the operation's JSON request body against the spec's schema, with
    the generator's `body_fixes` for it applied (where the wire is known to differ)."""
    content = spec_operation(spec, operation)["requestBody"]["content"]["application/json"]
    schema = content["schema"]
    fixes = _body_fixes().get(operation.endpoint)
    if fixes:
        schema = fixed_body(_generator_spec(version_of(operation)), schema, fixes)
    return schema_validator(spec, schema)


@functools.cache
def _generator_spec(version: str) -> Spec:
    return load_spec(ROOT / _overrides()["specs"][version])


@functools.cache
def _body_fixes() -> dict[str, dict[str, Any]]:
    """`{endpoint: body_fixes}` of the generator's overrides (keyed by operationId or
    `METHOD /path` there)."""
    fixes: dict[str, dict[str, Any]] = {}
    for area in _overrides()["areas"].values():
        for key, cfg in area["operations"].items():
            if isinstance(cfg, dict) and "body_fixes" in cfg:
                spec = _generator_spec(str(_overrides()["default_version"]))
                found = spec.operation(key)
                fixes[f"{found.method} {found.path}"] = cfg["body_fixes"]
    return fixes


def schema_validator(spec: dict[str, Any], schema: dict[str, Any]) -> jsonschema.Draft4Validator:
    """A validator of `schema` (its `$ref`s into the spec's components resolved)."""
    key = id(spec)
    if key not in _COMPONENTS:
        schemas = spec["components"]["schemas"]
        _COMPONENTS[key] = {name: _converted(node) for name, node in schemas.items()}
    document = {"components": {"schemas": _COMPONENTS[key]}, **_converted(schema)}
    resource = referencing.Resource.from_contents(
        document, default_specification=referencing.jsonschema.DRAFT4
    )
    registry: referencing.Registry[Any] = referencing.Registry().with_resource("urn:spec", resource)
    return jsonschema.Draft4Validator({"$ref": "urn:spec"}, registry=registry)


_COMPONENTS: dict[int, dict[str, Any]] = {}
"""The spec's component schemas, converted once per loaded spec."""
