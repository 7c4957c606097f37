"""Operation declarations and the typed resource namespace of one API area."""

from __future__ import annotations

import re
from typing import Any

import attrs

from .models import PUBLISH, Models
from .spec import Node, Operation, Spec, snake
from .text import docstring, first_sentence, paragraphs

__all__ = ["Area", "Documented", "fixed_body"]

_TIMESTAMP_FORMATS = frozenset({"date-time", "timestamp"})
_SEARCH_KINDS = {"string": "string", "integer": "integer", "boolean": "boolean", "date": "date"}
_CONTENT_TYPES = {"bytes": "bytes", "text": "str", "redirect": "str"}
"""A non-JSON answer (`content:` in the overrides) and the Python type a method returns."""
_BUILTINS = frozenset({"None", *_CONTENT_TYPES.values()})


@attrs.frozen
class Documented:
    """One generated method as written: what its reference entry shows."""

    operation: Operation
    config: dict[str, Any]
    arguments: list[str]
    """The signature's parameters after `self`, `*` included."""
    returns: str
    is_list: bool
    doc_lines: list[str]


class Area:
    """One `areas:` entry of the overrides: its operations, declarations and methods."""

    def __init__(self, spec: Spec, models: Models, key: str, config: dict[str, Any]) -> None:
        self.spec, self.models, self.key, self.config = spec, models, key, config
        self.operations = [
            (_operation(spec, op_id, cfg), cfg) for op_id, cfg in config["operations"].items()
        ]
        self.responses: dict[str, str] = {}
        self.documented: dict[str, Documented] = {}
        """Each public method as `render_resource` wrote it, for the reference page."""
        for operation, cfg in self.operations:
            self.responses[operation.operation_id] = self._response_type(operation, cfg)
            by_id = re.fullmatch(r"(/[^{}]+)/\{[^{}/]+\}", operation.path)
            if cfg.get("name") == "get" and operation.method == "GET" and by_id:
                models.fetched_at(self.responses[operation.operation_id], by_id.group(1))

    @property
    def attribute(self) -> str:
        """Where the namespace hangs on the client: `help_center.collections`, say."""
        return str(self.config.get("attribute", self.key))

    @property
    def count(self) -> int:
        return len(self.operations)

    def _response_type(self, operation: Operation, cfg: dict[str, Any]) -> str:
        if "content" in cfg:
            return _CONTENT_TYPES[cfg["content"]]
        fixed = cfg.get("response")
        if fixed is not None and "$ref" in fixed:  # an existing schema the spec forgot to name
            return self.models.type_for(fixed, self.key)
        if fixed is not None:
            return self.models.plan(fixed["schema"], fixed, self.key, fixed["name"])
        schema = operation.response_schema()
        if schema is None:
            return "None"
        if "item" in cfg:  # the schema of a list's items, where the spec's is a union
            return self.models.named(cfg["item"], self.key)
        if "items" in cfg:
            schema = self.spec.resolve(schema)["properties"][cfg["items"]]["items"]
        if "model_name" in cfg and self.spec.ref_name(schema) is None:
            # An inline schema (no `$ref` to name it): the overrides name its model, and
            # operations that give the same name share it (the first one's schema).
            name = cfg["model_name"]
            return self.models.plan(name, self.models.merged(schema), self.key, name)
        return self.models.type_for(schema, self.key)

    def model_names(self) -> list[str]:
        """The model classes the responses name (`AiCall` in `tuple[AiCall, ...]`)."""
        words = {w for r in self.responses.values() for w in re.findall(r"[A-Za-z_]\w*", r)}
        return sorted(words - {"tuple", "dict", "str", "int", "Any"} - _BUILTINS)

    def _nullable(self, operation: Operation, cfg: dict[str, Any]) -> tuple[bool, bool]:
        """Whether the whole answer, or a list's item, may be `null`: declared in the
        overrides (`nullable`, `null_items`), as the spec marks many schemas nullable that
        never arrive as `null`. A `null` item is left out of its page."""
        return bool(cfg.get("nullable")), bool(cfg.get("null_items"))

    @staticmethod
    def constant(operation: Operation) -> str:
        return snake(operation.operation_id).upper()

    # --- declarations ------------------------------------------------------------------

    def render_endpoints(self, header: str) -> str:
        names = self.model_names()
        lines = [
            f'"""The {self.key} operations of the spec, declared once (see `_operations`)."""\n',
            header,
            "from __future__ import annotations\n",
            "from collections.abc import Mapping",
            "from typing import Any, Final\n",
            "from ._operations import Operation",
            f"from .models import {', '.join(names)}\n" if names else "",
        ]
        constants = [self.constant(op) for op, _ in self.operations]
        search = [cfg for _, cfg in self.operations if "search_fields" in cfg]
        exported = constants + [cfg["search_fields"] for cfg in search] + ["METHODS", "OPERATIONS"]
        exported += [cfg["search_operators"] for cfg in search if "search_operators" in cfg]
        lines.append("__all__ = [" + ", ".join(f'"{n}"' for n in sorted(exported)) + "]\n")
        for operation, cfg in self.operations:
            response = self.responses[operation.operation_id]
            args = [
                repr(operation.method),
                repr(operation.path),
                "type(None)" if response == "None" else response,  # an answer with no body
            ]
            if "items" in cfg:
                args.append(f"items=({cfg['items']!r},)")
            if "paging" in cfg:
                args.append(f"paging={cfg['paging']!r}")
            if "resendable" in cfg:
                args.append(f"resendable={cfg['resendable']!r}")
            if "content" in cfg:
                args.append(f"content={cfg['content']!r}")
            nullable, null_items = self._nullable(operation, cfg)
            if nullable:
                args.append("nullable=True")
            if null_items:
                args.append("null_items=True")
            if operation.since is not None:
                args.append(f"since={operation.since!r}")
            annotation = f": Operation[{response} | None]" if nullable else ""
            lines.append(f"{self.constant(operation)}{annotation} = Operation({', '.join(args)})")
            summary = first_sentence(operation.node.get("summary")) or operation.operation_id
            lines.append(docstring([f"{summary} ({operation.operation_id})"], 0))
        for operation, cfg in self.operations:
            if "search_fields" in cfg:
                lines.append(self._search_fields(operation, cfg))
            if "search_operators" in cfg:
                lines.append(self._search_operators(operation, cfg))
        lines.append(
            "OPERATIONS: tuple[Operation[Any], ...] = (\n"
            + "".join(f"    {name},\n" for name in constants)
            + ")\n"
            f'"""Every {self.key} operation, for tests and docs."""\n'
        )
        lines.append(self._methods_map())
        return "\n".join(lines)

    def _methods_map(self) -> str:
        """`METHODS`: the public methods calling each operation, for the contract and docs."""
        methods: dict[str, list[str]] = {}
        for operation, _cfg, name, _body in self.calls():
            methods.setdefault(self.constant(operation), []).append(f"{self.attribute}.{name}")
        rows = "".join(
            f"    {constant}: ({', '.join(repr(m) for m in names)},),\n"
            for constant, names in methods.items()
        )
        return (
            f"METHODS: Final[Mapping[Operation[Any], tuple[str, ...]]] = {{\n{rows}}}\n"
            f'"""The `client` methods that call each {self.key} operation."""\n'
        )

    def calls(self) -> list[tuple[Operation, dict[str, Any], str, Node | None]]:
        """`(operation, config, method name, request schema)` of each public method."""
        calls: list[tuple[Operation, dict[str, Any], str, Node | None]] = []
        for operation, cfg in self.operations:
            if "split" in cfg:
                for name, schema in cfg["split"].items():
                    calls.append((operation, cfg, name, self.spec.schema(schema)))
            else:
                calls.append((operation, cfg, cfg["name"], operation.request_schema()))
        return calls

    def _search_fields(self, operation: Operation, cfg: dict[str, Any]) -> str:
        fixes: dict[str, str] = cfg.get("search_field_fixes", {})
        rows: list[tuple[str, str]] = []
        table = operation.node.get("description", "").split("### Accepted Fields", 1)[-1]
        for line in table.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) < 2 or not cells[0] or cells[0].startswith((":", "Field")):
                continue
            if cells[0] == "Operator":
                break
            kind = cells[1].split("<br>")[0].split(" ")[0].lower()
            if "{" in cells[0]:
                continue  # a family such as `ticket_attribute.{id}`: free-form, as custom fields
            if kind in _SEARCH_KINDS:
                rows.append((fixes.get(cells[0], cells[0]), _SEARCH_KINDS[kind]))
        body = "".join(f"    {field!r}: {kind!r},\n" for field, kind in rows)
        return (
            f"{cfg['search_fields']}: Final[Mapping[str, str]] = {{\n{body}}}\n"
            f'"""The "Accepted Fields" table of `{operation.method} {operation.path}`."""\n'
        )

    def _search_operators(self, operation: Operation, cfg: dict[str, Any]) -> str:
        """The "Accepted Operators" table as `{field type: operators}` ("All" is every type)."""
        text = operation.node.get("description", "")
        table = text.split("### Accepted Operators", 1)[-1]
        kinds = sorted(set(_SEARCH_KINDS.values()) - {"tag"})
        allowed: dict[str, list[str]] = {kind: [] for kind in kinds}
        for line in table.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) < 2 or not cells[0] or cells[0].startswith((":", "Operator")):
                continue
            words = cells[1].lower().split()
            for kind in kinds if words[:1] == ["all"] else [k for k in kinds if k in words]:
                allowed[kind].append(cells[0])
        for kind, extra in cfg.get("search_operator_fixes", {}).items():
            allowed[kind] += [op for op in extra if op not in allowed[kind]]
        body = "".join(
            f"    {kind!r}: frozenset({{{', '.join(map(repr, ops))}}}),\n"
            for kind, ops in allowed.items()
        )
        return (
            f"{cfg['search_operators']}: Final[Mapping[str, frozenset[str]]] = {{\n{body}}}\n"
            f'"""The "Accepted Operators" table of `{operation.method} {operation.path}`."""\n'
        )

    # --- the resource namespace --------------------------------------------------------

    def render_resource(self, header: str) -> str:
        methods = [self._method(*call) for call in self.calls()]
        text = "\n".join(methods)
        names = self.model_names()
        constants = sorted(self.constant(op) for op, _ in self.operations)
        search_fields = [
            cfg[key]
            for _, cfg in self.operations
            for key in ("search_fields", "search_operators")
            if key in cfg
        ]
        imports = ["from __future__ import annotations\n"]
        std = []
        if "Mapping" in text or "Sequence" in text:
            std.append(
                "from collections.abc import "
                + ", ".join(n for n in ("Mapping", "Sequence") if n in text)
            )
        if "datetime" in text:
            std.append("from datetime import datetime")
        typing_names = [n for n in ("Any", "Literal") if re.search(rf"\b{n}\b", text)]
        if typing_names:
            std.append(f"from typing import {', '.join(typing_names)}")
        imports += [*std, ""]
        endpoints = self.config["endpoints_module"]
        imports.append(f"from ..{endpoints} import {', '.join(constants + search_fields)}")
        imports.append("from .._notgiven import NOT_GIVEN, NotGiven")
        imports.append("from .._public import publish")
        if "AsyncPager" in text:
            imports.append("from .._pagination import AsyncPager")
        if "build_query" in text:
            imports.append("from .._search import Query, build_query")
        if names:
            imports.append(f"from ..models import {', '.join(names)}")
        imports.append("from ._base import Resource")
        helpers = [n for n in ("given", "non_empty", "query_params") if f"{n}(" in text]
        if helpers:
            imports.append(f"from ._calls import {', '.join(helpers)}")
        return (
            f'"""`client.{self.config.get("attribute", self.key)}`."""\n\n{header}\n'
            + "\n".join(imports)
            + f'\n\n__all__ = ["{self.config["class"]}"]\n\n\n'
            f"class {self.config['class']}(Resource):\n"
            + docstring(
                [
                    self.config["doc"],
                    "",
                    "A keyword left at `NOT_GIVEN` is not sent. Ids are strings everywhere.",
                ],
                4,
            )
            + "\n"
            + text
            + f"\n\n{PUBLISH.format(package='intercom_async.resources')}"
        )

    def _method(
        self, operation: Operation, cfg: dict[str, Any], name: str, body: Node | None
    ) -> str:
        response = self.responses[operation.operation_id]
        constant = self.constant(operation)
        path_params = [(p["name"], p.get("description", "")) for p in operation.parameters("path")]
        query = self._query_parameters(operation)
        args: list[str] = ["self"] + [f"{pname}: str" for pname, _ in path_params]
        fixed_docs: dict[str, str] = cfg.get("param_docs", {})  # where the spec's text is wrong
        docs: list[tuple[str, str]] = [
            (pname, fixed_docs.get(pname) or first_sentence(d)) for pname, d in path_params
        ]
        keyword: list[tuple[str, str, bool]] = []  # (argument, annotation, required)
        query_values: list[tuple[str, str]] = []
        body_values: list[tuple[str, str]] = []
        constants: list[tuple[str, Any]] = []
        searching = "search_fields" in cfg
        if searching:
            args.append("query: Query | Mapping[str, Any]")
            docs.append(("query", "A `Q` query or a dict, checked against the searchable fields."))
            for field in ("per_page", "starting_after"):
                keyword.append((field, "int" if field == "per_page" else "str", False))
                docs.append(
                    (
                        field,
                        "Results per page (at most 150)."
                        if field == "per_page"
                        else "A `Page.next_cursor` to resume from.",
                    )
                )
        sent_for_you: dict[str, str] = cfg.get("query_constants", {})
        query_values += [(pname, repr(value)) for pname, value in sent_for_you.items()]
        for param in query:
            pname = param["name"]
            if pname in sent_for_you:
                continue
            annotation = self._argument_type(param.get("schema", {}))
            keyword.append((pname, annotation, bool(param.get("required"))))
            query_values.append((pname, pname))
            docs.append((pname, first_sentence(param.get("description"))))
        if body is not None and not searching:
            properties = _fixed_fields(self._body_fields(body)[0], cfg.get("body_fixes", {}))
            renames: dict[str, str] = cfg.get("rename", {})
            for key, (prop, is_required) in properties.items():
                enum = [v for v in prop.get("enum", []) if v is not None]
                if is_required and len(enum) == 1 and not prop.get("nullable"):
                    constants.append((key, enum[0]))
                    continue
                argument = renames.get(key) or (
                    f"{key}_" if key in ("from", "self", "query") else key
                )
                keyword.append((argument, self._argument_type(prop), is_required))
                body_values.append((key, argument))
                described_field = first_sentence(prop.get("description"))
                fallback = _fallback_doc(self.spec.resolve(prop), key)
                docs.append((argument, described_field or fallback))
        if keyword:
            args.append("*")
        for argument, annotation, needed in sorted(keyword, key=lambda k: not k[2]):
            if needed:
                args.append(f"{argument}: {annotation}")
            else:
                args.append(f"{argument}: {annotation} | NotGiven = NOT_GIVEN")
        is_list = "items" in cfg
        if self._nullable(operation, cfg)[0]:
            response = f"{response} | None"
        returns = f"AsyncPager[{response}]" if is_list else response
        summary = first_sentence(operation.node.get("summary")) or operation.operation_id
        if "split" in cfg:
            action = dict(constants).get("message_type", name)
            summary = (
                f"{name.replace('_', ' ').capitalize()} a conversation (`message_type: {action}`)."
            )
        described = paragraphs(operation.node.get("description"), 1) if "split" not in cfg else []
        described = [d if d.endswith((".", ":", "!", "?", "`")) else f"{d}." for d in described]
        doc_lines = [summary, "", f"`{operation.method} {operation.path}`. {' '.join(described)}"]
        if operation.since is not None:
            doc_lines += [
                "",
                f"Needs API version {operation.since} or later: a client made with an older "
                "`api_version` refuses it before sending "
                f'(`Client(api_version="{operation.since}")`).',
            ]
        if docs:
            doc_lines += ["", "Args:"] + [f"    {n}: {d or n}" for n, d in docs]
        out = []
        signature = (
            f"    {'def' if is_list else 'async def'} {name}({', '.join(args)}) -> {returns}:\n"
        )
        out.append(signature)
        out.append(docstring(doc_lines, 8))
        self.documented[name] = Documented(operation, cfg, args[1:], returns, is_list, doc_lines)
        call_args = [constant] + [f'non_empty("{pname}", {pname})' for pname, _ in path_params]
        if query_values:
            out.append(
                "        params = query_params({"
                + ", ".join(f'"{k}": {v}' for k, v in query_values)
                + "})\n"
            )
            call_args.append("params=params")
        if searching:
            fields = f"field_types={cfg['search_fields']}"
            operators = (
                f", operators={cfg['search_operators']}" if "search_operators" in cfg else ""
            )
            out.append(
                "        pagination = given(\n"
                '            {"per_page": per_page, "starting_after": starting_after}\n'
                "        )\n"
                f'        payload = {{"query": build_query(query, {fields}{operators})}}\n'
                "        if pagination:\n"
                '            payload["pagination"] = pagination\n'
            )
            call_args.append("body=payload")
        elif body is not None:
            items = [f'"{k}": {v!r}' for k, v in constants] + [
                # parenthesised when too long for one line, so the formatter can split it
                f'"{k}": ({v})' if len(k) + len(v) > 70 else f'"{k}": {v}'
                for k, v in body_values
            ]
            out.append("        payload = given({" + ", ".join(items) + "})\n")
            call_args.append("json=payload")
        if is_list:
            out.append(f"        return self._client._list({', '.join(call_args)})\n")
        else:
            out.append(f"        return await self._client._run({', '.join(call_args)})\n")
        return "".join(out)

    def _query_parameters(self, operation: Operation) -> list[Node]:
        """The query parameters, an exploded object's properties (`style: form`) each one
        parameter of its own, as they go on the wire (`?email=...`)."""
        spread: list[Node] = []
        for param in operation.parameters("query"):
            schema = self.spec.resolve(param.get("schema", {}))
            exploded = param.get("style", "form") == "form" and param.get("explode", True)
            if not (exploded and schema.get("type") == "object"):
                spread.append(param)
                continue
            for key, (prop, _) in self._body_fields(schema)[0].items():
                described = prop.get("description") or f"`{key}`, one of the `{param['name']}`s."
                spread.append({"name": key, "schema": prop, "description": described})
        return spread

    def _body_fields(self, body: Node) -> tuple[dict[str, tuple[Node, bool]], set[str]]:
        """Properties of a request schema, `oneOf` branches and `allOf` parts merged.

        A property is required when every branch requires it.
        """
        body = self.spec.resolve(body)
        branches = body.get("oneOf")
        if branches:
            merged: dict[str, tuple[Node, bool]] = {}
            results = [self._body_fields(b) for b in branches]
            for branch, _ in results:
                for key, (prop, _req) in branch.items():
                    if key in merged:
                        old = merged[key][0]
                        enum = list(dict.fromkeys([*old.get("enum", []), *prop.get("enum", [])]))
                        prop = {**old, "enum": enum} if enum else old
                    merged[key] = (prop, all(key in p and p[key][1] for p, _ in results))
            # Properties beside the `oneOf` belong to every branch (`skip_notifications`).
            shared = set(body.get("required", []))
            for key, prop in body.get("properties", {}).items():
                merged.setdefault(key, (prop, key in shared))
            return merged, {k for k, (_, r) in merged.items() if r}
        properties: dict[str, tuple[Node, bool]] = {}
        for part in body.get("allOf", []):
            properties.update(self._body_fields(part)[0])
        required = set(body.get("required", []))
        alternatives = [set(b.get("required", [])) for b in body.get("anyOf", [])]
        if alternatives:  # what every alternative requires is required
            required |= set.intersection(*alternatives)
        for key, prop in body.get("properties", {}).items():
            properties[key] = (prop, False)
        return {k: (p, k in required or r) for k, (p, r) in properties.items()}, required

    def _argument_type(self, node: Node) -> str:
        node = self.spec.resolve(node)
        branches = node.get("oneOf") or node.get("anyOf")
        if branches and "type" not in node:  # one recipient or a list of them, say
            kinds = dict.fromkeys(self._argument_type(branch) for branch in branches)
            return " | ".join(kinds)
        enum = [v for v in node.get("enum", []) if v is not None]
        texts = bool(enum) and all(isinstance(v, str) for v in enum)
        kind = node.get("type") or ("string" if texts else None)  # an enum alone: its values
        if kind == "string" and enum:
            return f"Literal[{', '.join(repr(v) for v in enum)}]"
        if kind == "integer" and node.get("format") in _TIMESTAMP_FORMATS:
            return "datetime | int"
        if kind == "array":
            return f"Sequence[{self._argument_type(node.get('items', {}))}]"
        if kind in ("integer", "number", "boolean", "string"):
            return {"integer": "int", "number": "float", "boolean": "bool", "string": "str"}[kind]
        return "Mapping[str, Any]"


def _fixed_fields(
    properties: dict[str, tuple[Node, bool]], fixes: dict[str, Any]
) -> dict[str, tuple[Node, bool]]:
    """A body's fields with the overrides' `body_fixes` applied: `properties` replace the
    spec's schema of a field, `required` replaces the list of required fields."""
    fixed = dict(properties)
    for key, schema in fixes.get("properties", {}).items():
        fixed[key] = (schema, fixed.get(key, ({}, False))[1])
    if "required" in fixes:
        fixed = {key: (schema, key in fixes["required"]) for key, (schema, _) in fixed.items()}
    return fixed


def fixed_body(spec: Spec, body: Node, fixes: dict[str, Any]) -> Node:
    """The request schema `body` with `body_fixes` applied (for the fake's validator); a
    `required` fix also drops the schema's `anyOf` / `oneOf` lists of required fields."""
    if not fixes:
        return body
    fixed = dict(spec.resolve(body))
    fixed["properties"] = {**fixed.get("properties", {}), **fixes.get("properties", {})}
    if "required" in fixes:
        fixed["required"] = list(fixes["required"])
        fixed.pop("anyOf", None)
        fixed.pop("oneOf", None)
    return fixed


def _operation(spec: Spec, key: str, cfg: dict[str, Any]) -> Operation:
    """The operation an `operations:` key names: an operationId, or `METHOD /path` with
    the `operation_id` the overrides give it when the spec has none."""
    operation = spec.operation(key)
    if not operation.operation_id:
        if "operation_id" not in cfg:
            raise KeyError(f"{key} has no operationId in the spec: give one as operation_id")
        node = {**operation.node, "operationId": cfg["operation_id"]}
        return Operation(operation.method, operation.path, node)
    return operation


def _fallback_doc(node: Node, key: str) -> str:
    """What to say of a body field the spec leaves undescribed."""
    keys = ", ".join(f"`{k}`" for k in node.get("properties", {}))
    if keys:
        return f"`{key}`: an object with {keys}."
    enum = [v for v in node.get("enum", []) if v is not None]
    if enum:
        return "One of " + ", ".join(f"`{v}`" for v in enum) + "."
    title = node.get("title")
    return f"{title}." if title else f"`{key}`, sent as given."
