"""What the fake's generic answerer needs of each declared operation, as a Python module.

The package must not read the spec at run time (it is not in the wheel), so the generator
writes down per operation its documented answer (an example, or one built from the
schema's property examples) and what checking a request takes: the path and query
parameters, and the JSON body's schema with the component schemas it names.
"""

from __future__ import annotations

import pprint
from typing import Any

from .operations import Area, fixed_body
from .spec import Node, Operation, Spec

__all__ = ["render_examples"]

_KEPT = frozenset(
    {
        "type",
        "properties",
        "required",
        "items",
        "enum",
        "nullable",
        "oneOf",
        "anyOf",
        "allOf",
        "$ref",
        "minItems",
        "maxItems",
    }
)
"""The JSON Schema keywords the fake's validator reads; the rest (prose, formats) is dropped."""
_STATUSES = ("200", "201", "202", "204", "302")


def render_examples(spec: Spec, areas: list[Area], header: str) -> str:
    """`intercom_async/testing/_spec_examples.py` for the operations of `areas`."""
    seen: set[tuple[str, str]] = set()
    entries: list[str] = []
    names: set[str] = set()
    for area in areas:
        for operation, cfg in area.operations:
            if (operation.method, operation.path) in seen:
                continue
            seen.add((operation.method, operation.path))
            entries.append(_entry(spec, operation, cfg, names))
    schemas = _closure(spec, names)
    body = "".join(entries)
    table = pprint.pformat(schemas, width=92, sort_dicts=False)
    return (
        '"""Per declared operation: its documented answer and what checking a request takes.\n\n'
        "The fake's generic answerer (`_fake_generic`) serves these for the operations that\n"
        'have no stateful handler; the package never reads the spec at run time."""\n\n'
        f"{header}"
        "# ruff: noqa: E501, RUF001 (the spec's own texts, kept whole)\n\n"
        "from __future__ import annotations\n\n"
        "from collections.abc import Mapping\n"
        "from typing import Any, Final, NamedTuple\n\n"
        '__all__ = ["OPERATIONS", "SCHEMAS", "SpecOperation"]\n\n\n'
        "class SpecOperation(NamedTuple):\n"
        '    """One operation: where it lives, what it takes and what it answers."""\n\n'
        "    method: str\n"
        "    path: str\n"
        "    operation_id: str\n"
        "    path_params: tuple[str, ...]\n"
        "    query: tuple[tuple[str, bool, Any], ...]\n"
        '    """`(name, required, schema)` of each query parameter."""\n'
        "    body: Any\n"
        '    """The JSON body\'s schema (`$ref`s name `SCHEMAS`), or None when it takes none."""\n'
        "    body_required: bool\n"
        "    status: int\n"
        "    content: str\n"
        '    """`json`, `text`, `bytes`, `redirect` or `empty` (a 204)."""\n'
        "    example: Any\n"
        '    """The documented answer (JSON, or the text of a `text` answer)."""\n\n\n'
        f"OPERATIONS: Final[tuple[SpecOperation, ...]] = (\n{body})\n"
        '"""Every declared operation, in the order of the overrides."""\n\n'
        f"SCHEMAS: Final[Mapping[str, Any]] = {table}\n"
        '"""The component schemas the bodies name, pruned to what the validator reads."""\n'
    )


def _entry(spec: Spec, operation: Operation, cfg: dict[str, Any], names: set[str]) -> str:
    query = tuple(
        (p["name"], bool(p.get("required")), _pruned(p.get("schema", {}), names))
        for p in operation.parameters("query")
    )
    request = operation.node.get("requestBody", {})
    schema = operation.request_schema()
    fixes = cfg.get("body_fixes", {})
    body = None if schema is None else _pruned(fixed_body(spec, schema, fixes), names)
    status, content, example = _answer(spec, operation, cfg)
    fields = [
        repr(operation.method),
        repr(operation.path),
        repr(operation.operation_id),
        repr(tuple(p["name"] for p in operation.parameters("path"))),
        repr(query),
        repr(body),
        repr(bool(request.get("required")) and body is not None),
        repr(status),
        repr(content),
        repr(example),
    ]
    return f"    SpecOperation({', '.join(fields)}),\n"


def _answer(spec: Spec, operation: Operation, cfg: dict[str, Any]) -> tuple[int, str, Any]:
    """The first documented success: its status, kind of content and example."""
    responses = operation.node.get("responses", {})
    for status in _STATUSES:
        if status not in responses:
            continue
        content = responses[status].get("content", {})
        if status == "302":
            return 302, "redirect", None
        if "text/plain" in content:
            return int(status), "text", _first_example(content["text/plain"]) or ""
        if "application/json" in content:
            media = content["application/json"]
            example = _first_example(media)
            if example is None and isinstance(media.get("schema"), dict):
                example = _from_schema(spec, media["schema"], 0)
            return int(status), "json", example
        kind = {"bytes": "bytes", "text": "text"}.get(cfg.get("content", ""), "empty")
        return int(status), kind, None
    return 200, "empty", None


def _first_example(media: Node) -> Any:
    for example in media.get("examples", {}).values():
        if isinstance(example, dict) and "value" in example:
            return example["value"]
    return media.get("example")


def _from_schema(spec: Spec, node: Node, depth: int) -> Any:
    """An answer made of the schema's property examples (for answers documented without one)."""
    node = spec.resolve(node)
    if "example" in node or depth > 8:
        return node.get("example")
    if node.get("type") == "array":
        item = _from_schema(spec, node.get("items", {}), depth + 1)
        return [] if item is None else [item]
    properties = node.get("properties")
    if not properties:
        return None
    built = {key: _from_schema(spec, value, depth + 1) for key, value in properties.items()}
    return {key: value for key, value in built.items() if value is not None}


def _pruned(node: Any, names: set[str]) -> Any:
    """`node` with only the keywords the validator reads; each `$ref` named in `names`."""
    if isinstance(node, list):
        return [_pruned(item, names) for item in node]
    if not isinstance(node, dict):
        return node
    kept: dict[str, Any] = {}
    for key, value in node.items():
        if key not in _KEPT:
            continue
        if key == "$ref":
            name = str(value).rsplit("/", 1)[-1]
            names.add(name)
            kept[key] = name
        elif key == "properties":
            kept[key] = {prop: _pruned(schema, names) for prop, schema in value.items()}
        elif key in ("required", "enum", "type", "nullable", "minItems", "maxItems"):
            kept[key] = value
        else:
            kept[key] = _pruned(value, names)
    return kept


def _closure(spec: Spec, names: set[str]) -> dict[str, Any]:
    """Every component schema `names` reach through their `$ref`s, pruned, by name."""
    schemas: dict[str, Any] = {}
    pending = sorted(names)
    while pending:
        name = pending.pop()
        if name in schemas:
            continue
        found: set[str] = set()
        schemas[name] = _pruned(spec.schema(name), found)
        pending += sorted(found - schemas.keys())
    return dict(sorted(schemas.items()))
