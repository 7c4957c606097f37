"""Reading the OpenAPI description: schemas by name, `$ref`s resolved, operations listed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import yaml

__all__ = ["Operation", "Spec", "load_spec", "pascal", "snake"]

Node = dict[str, Any]
METHODS = ("get", "post", "put", "patch", "delete")


def snake(name: str) -> str:
    """`attachTagToConversation` -> `attach_tag_to_conversation`."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()


def pascal(name: str) -> str:
    """`conversation_part` -> `ConversationPart`."""
    return "".join(word[:1].upper() + word[1:] for word in snake(name).split("_"))


@attrs.frozen
class Operation:
    """One operation of the spec, as written there."""

    method: str
    path: str
    node: Node
    since: str | None = None
    """The first API version that has it, when the default spec does not."""

    @property
    def operation_id(self) -> str:
        return str(self.node.get("operationId", ""))

    @property
    def tags(self) -> list[str]:
        return list(self.node.get("tags", []))

    def placeholders(self) -> list[str]:
        """The names in the path template, in order: `{conversation_id}` -> `conversation_id`."""
        return re.findall(r"\{([^{}]+)\}", self.path)

    def parameters(self, where: str) -> list[Node]:
        """The parameters `in` `where`; a name in the path template is a path parameter,
        whatever the spec says (some declare it `in: query` or not at all)."""
        declared = [p for p in self.node.get("parameters", []) if isinstance(p, dict)]
        template = self.placeholders()
        if where != "path":
            return [p for p in declared if p.get("in") == where and p["name"] not in template]
        by_name: dict[str, Node] = {}
        for parameter in sorted(declared, key=lambda p: p.get("in") == "path"):
            by_name[parameter.get("name", "")] = parameter
        unnamed: Node = {"in": "path", "required": True, "schema": {"type": "string"}}
        return [{**by_name.get(name, unnamed), "name": name, "in": "path"} for name in template]

    def request_schema(self) -> Node | None:
        content = self.node.get("requestBody", {}).get("content", {})
        schema = content.get("application/json", {}).get("schema")
        return schema if isinstance(schema, dict) else None

    def response_schema(self) -> Node | None:
        for status in ("200", "201", "202"):
            content = self.node.get("responses", {}).get(status, {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if isinstance(schema, dict):
                return schema
        return None


class Spec:
    """One OpenAPI file: `schema(name)`, `resolve(node)` and the operations."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as stream:
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is 10x faster
            self.document: Node = yaml.load(stream, Loader=loader)  # noqa: S506 (a safe loader)
        self.path = path
        self.schemas: dict[str, Node] = self.document["components"]["schemas"]
        self.newer: list[Operation] = []

    def adopt(self, version: str, newer: Spec) -> None:
        """Take in what only `newer` (the spec of `version`) has: its operations, marked
        `since=version`, and the schemas they need that this spec lacks (ours win)."""
        known = {operation.operation_id for operation in self.operations()}
        for operation in newer.operations():
            if operation.operation_id not in known:
                self.newer.append(attrs.evolve(operation, since=version))
        for name, schema in newer.schemas.items():
            self.schemas.setdefault(name, schema)

    def schema(self, name: str) -> Node:
        return self.schemas[name]

    @staticmethod
    def ref_name(node: Node) -> str | None:
        """`conversation` for `{"$ref": "#/components/schemas/conversation"}`, else None."""
        ref = node.get("$ref")
        return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None

    def resolve(self, node: Node) -> Node:
        """The schema a `$ref` (or a lone `allOf` of one) points at; other nodes as they are."""
        seen = 0
        while True:
            name = self.ref_name(node)
            if name is not None:
                node = self.schemas[name]
            elif (
                list(node.get("allOf", []))
                and len(node["allOf"]) == 1
                and not node.get("properties")
            ):
                node = node["allOf"][0]
            else:
                return node
            seen += 1
            if seen > 50:
                raise ValueError(f"$ref loop at {node!r:.80}")

    def operations(self) -> Iterator[Operation]:
        """This spec's operations, then those adopted from newer specs."""
        for path, item in self.document["paths"].items():
            shared = list(item.get("parameters", []))  # path-level, for every method
            for method in METHODS:
                if method in item:
                    node = item[method]
                    if shared:
                        node = {**node, "parameters": [*shared, *node.get("parameters", [])]}
                    yield Operation(method.upper(), path, node)
        yield from self.newer

    def operation(self, operation_id: str) -> Operation:
        """The operation of `operation_id`, or of `METHOD /path` for one the spec leaves
        without an operationId."""
        method, _, path = operation_id.partition(" ")
        for operation in self.operations():
            if operation.operation_id == operation_id or (
                path and (operation.method, operation.path) == (method, path)
            ):
                return operation
        raise KeyError(f"no operation {operation_id!r} in {self.path.name}")

    def api_versions(self) -> list[str]:
        """The `Intercom-Version` header's enum."""
        return [str(v) for v in self.schemas["intercom_version"]["enum"]]


def load_spec(path: Path) -> Spec:
    return Spec(path)
