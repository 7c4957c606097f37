"""Models from schemas: one frozen attrs class per object schema an area answers with."""

from __future__ import annotations

import keyword
import re
from typing import Any

import attrs

from .spec import Node, Spec, pascal
from .text import docstring, first_sentence

__all__ = ["PUBLISH", "ModelPlan", "Models"]

PUBLISH = "publish({package!r}, globals(), __all__)  # before first use: see _lazy\n"
"""The last line of a lazily loaded module: its names show the package they are read from."""

_MODEL_ATTRIBUTES = frozenset({"extra", "to_dict", "from_dict", "from_json", "to_row", "full_repr"})
"""Names the `Model` base uses: a spec field called so is renamed (and keeps its JSON key)."""
_TIMESTAMP_FORMATS = frozenset({"date-time", "timestamp"})
_STUBS = {
    "UnknownObject": ".common",
    "AdminRef": ".admins",
    "ContactRef": ".contacts",
    "CompanyRef": ".companies",
    "TagRef": ".tags",
    "NoteRef": ".contacts",
}
"""Hand-written classes generated code may name: the stubs, beside the models they point
at, and the fallback member of a union told apart by `type`."""


@attrs.define
class FieldPlan:
    name: str
    key: str
    annotation: str
    required: bool
    nullable: bool
    doc: str
    default: str | None = None
    """A constant `type` such as `"conversation"`, the field's default."""


@attrs.define
class ModelPlan:
    schema: str
    class_name: str
    module: str
    node: Node
    doc: str
    fields: list[FieldPlan] = attrs.field(factory=list)
    makers: list[tuple[str, str]] = attrs.field(factory=list)
    """(function, field) of each derived stub (see `_ref_field`)."""
    mixin: Existing | None = None
    """A hand-written base with what the spec cannot say (a property, say)."""
    collection: str | None = None
    """Where the object is fetched by id (`/teams`): registered for its wire `type`."""

    @property
    def wire_type(self) -> str | None:
        """The constant `type` of a model fetched by id, which payloads naming it become."""
        if self.collection is None:
            return None
        return next((f.default for f in self.fields if f.key == "type" and f.default), None)


@attrs.define
class Existing:
    """A hand-written class that stands for a schema (hand-written modules win)."""

    class_name: str
    module: str


class Models:
    """Plans the classes reachable from the schemas asked for, then renders modules."""

    def __init__(self, spec: Spec, overrides: dict[str, Any]) -> None:
        self.spec = spec
        self.schema_overrides: dict[str, Any] = overrides.get("schemas", {})
        self.modules_by_tag: dict[str, str] = overrides.get("model_modules", {})
        self.existing = {
            schema: Existing(*target.rsplit(":", 1)[::-1])
            for schema, target in overrides.get("existing_models", {}).items()
        }
        self.plans: dict[str, ModelPlan] = {}
        self.stubs: dict[str, dict[str, Any]] = overrides.get("stubs", {})
        """Generated stub classes (`TeamRef`), each rendered beside the model it points at."""
        self.collections: dict[str, str] = dict(overrides.get("wire_types", {}))
        """Schema -> the collection it is fetched from, beyond those an area's `get` says."""

    def fetched_at(self, class_name: str, collection: str) -> None:
        """Record that the model `class_name` is what `GET {collection}/{id}` answers."""
        for plan in self.plans.values():
            if plan.class_name == class_name:
                self.collections.setdefault(plan.schema, collection)

    # --- planning ----------------------------------------------------------------------

    def type_for(self, node: Node, module: str, owner: str = "", field: str = "") -> str:
        """The annotation of a value of schema `node`, planning the classes it needs."""
        name = self.spec.ref_name(node)
        if name is not None:
            return self.named(name, module)
        all_of = node.get("allOf") or []
        if len(all_of) == 1:
            return self.type_for(all_of[0], module, owner, field)
        if all_of:
            merged = self.merged(node)
            if merged.get("properties"):
                return self.plan(f"{owner}.{field}", merged, module, f"{owner}{pascal(field)}")
        branches = node.get("oneOf") or node.get("anyOf")
        if branches:
            if all(self._fixed_type(branch) for branch in branches):
                members = [self.type_for(branch, module, owner, field) for branch in branches]
                return " | ".join([*dict.fromkeys(members), "UnknownObject"])
            resolved = [self.spec.resolve(branch) for branch in branches]
            objects = all(b.get("type", "object") == "object" for b in resolved)
            return "dict[str, Any]" if objects else "Any"
        kind = node.get("type")
        if kind == "array":
            item = self.type_for(node.get("items", {}), module, owner, field)
            return f"tuple[{item}, ...]"
        if kind == "integer":
            return "datetime" if node.get("format") in _TIMESTAMP_FORMATS else "int"
        if kind in ("number", "boolean", "string"):
            return {"number": "float", "boolean": "bool", "string": "str"}[kind]
        if node.get("properties"):
            inline = f"{owner}{pascal(field)}"
            return self.plan(f"{owner}.{field}", node, module, inline)
        if kind == "object" or "additionalProperties" in node:
            return "dict[str, Any]"
        return "Any"

    def _fixed_type(self, branch: Node) -> bool:
        """A branch that is a named object schema whose `type` has a single value, so a
        union of such branches is told apart by `type` (see `intercom_async._engine`)."""
        name = self.spec.ref_name(branch)
        if name is None:
            return False
        if self.schema_overrides.get(name, {}).get("type_default"):
            return True
        kind = self.spec.schema(name).get("properties", {}).get("type", {})
        return len([v for v in kind.get("enum", []) if v is not None]) == 1

    def merged(self, node: Node) -> Node:
        """`node` with the parts of its `allOf` folded in: their properties and required
        fields, the parts' descriptions only where `node` has none."""
        node = self.spec.resolve(node)
        parts = node.get("allOf") or []
        if not parts:
            return node
        merged: Node = {"type": "object", "properties": {}, "required": []}
        for part in [*(self.merged(part) for part in parts), node]:
            merged["properties"].update(part.get("properties", {}))
            required = part.get("required", [])
            merged["required"] += [name for name in required if name not in merged["required"]]
            for key in ("description", "title"):
                if key in part:
                    merged[key] = part[key]
        return merged

    def named(self, schema: str, module: str) -> str:
        if schema in self.existing:
            return self.existing[schema].class_name
        node = self.spec.schema(schema)
        if not node.get("properties"):
            return self.type_for({k: v for k, v in node.items() if k != "title"}, module)
        tags = node.get("x-tags") or []
        home = self.schema_overrides.get(schema, {}).get("module")
        if home is None and tags and tags[0] in self.modules_by_tag:
            home = self.modules_by_tag[tags[0]]
        return self.plan(schema, node, home or module)

    def plan(self, schema: str, node: Node, module: str, class_name: str | None = None) -> str:
        if schema in self.plans:
            return self.plans[schema].class_name
        override = self.schema_overrides.get(schema, {})
        if "properties" in override:  # a spec fix: properties the wire sends beyond the spec
            node = {**node, "properties": {**node.get("properties", {}), **override["properties"]}}
        name = override.get("name") or class_name or pascal(schema)
        doc = (
            override.get("doc")
            or first_sentence(node.get("description"))
            or (f"`{schema}` ({node.get('title', name)}).")
        )
        plan = ModelPlan(schema, name, module, node, doc)
        if "mixin" in override:
            mixin_module, mixin_name = override["mixin"].split(":")
            plan.mixin = Existing(mixin_name, mixin_module)
        self.plans[schema] = plan
        properties, required = self._properties(node)
        required |= set(override.get("required", []))
        fields_override: dict[str, Any] = override.get("fields", {})
        for key, prop in properties.items():
            fixed = fields_override.get(key, {})
            python_name = fixed.get("name") or _python_name(key)
            annotation = fixed.get("type") or self.type_for(prop, module, name, key)
            nullable = bool(prop.get("nullable")) or self.spec.resolve(prop).get("nullable", False)
            default = override.get("type_default") if key == "type" else None
            enum = [v for v in prop.get("enum", []) if v is not None]
            if key == "type" and default is None and len(enum) == 1:
                default = enum[0]
            field_doc = fixed.get("doc") or first_sentence(prop.get("description"))
            if enum and annotation == "str" and len(enum) > 1:
                field_doc = f"{field_doc} One of {', '.join(f'`{v}`' for v in enum)}.".strip()
            plan.fields.append(
                FieldPlan(
                    python_name,
                    key,
                    annotation,
                    key in required and default is None,
                    bool(nullable),
                    field_doc,
                    default,
                )
            )
        for key, fixed in fields_override.items():
            if key not in node.get("properties", {}) and "type" in fixed:
                # A field the schema lacks but the wire sends (a fix the overrides explain).
                doc = fixed.get("doc", "")
                python_name = _python_name(key)
                plan.fields.append(FieldPlan(python_name, key, fixed["type"], False, True, doc))
        for prop_name, ref in override.get("refs", {}).items():
            source = next((f for f in plan.fields if f.name == ref["field"]), None)
            always = source is not None and source.required and not source.nullable
            plan.makers.append(_ref_field(name, prop_name, ref, always=always))
        return name

    def _properties(self, node: Node) -> tuple[dict[str, Node], set[str]]:
        """A schema's properties and required names, those of its `allOf` parts first."""
        properties: dict[str, Node] = {}
        required: set[str] = set()
        for part in node.get("allOf", []):
            part_properties, part_required = self._properties(self.spec.resolve(part))
            properties.update(part_properties)
            required |= part_required
        properties.update(node.get("properties", {}))
        return properties, required | set(node.get("required", []))

    # --- rendering ---------------------------------------------------------------------

    def render(self, module: str, doc: str, header: str) -> str:
        plans = _dependencies_first([p for p in self.plans.values() if p.module == module])
        for plan in plans:
            plan.collection = self.collections.get(plan.schema)
        stubs = {n: c for n, c in self.stubs.items() if self._stub_home(c) == f".{module}"}
        classes = "\n\n".join(
            [self._render_stub(name, config) for name, config in stubs.items()]
            + [self._render_class(plan) for plan in plans]
        )
        classes += "".join(
            f"\n\n{name}.target = {self.plans[config['schema']].class_name}\n"
            for name, config in stubs.items()
        )
        used = {plan.class_name for plan in plans} | set(stubs)
        imports = self._imports(module, plans, used, bool(stubs))
        names = ",\n    ".join(f'"{name}"' for name in sorted(used))
        return (
            f'"""{doc}"""\n\n{header}\n'
            "from __future__ import annotations\n\n"
            f"{imports}\n\n"
            f"__all__ = [\n    {names},\n]\n\n\n{classes}"
            f"\n\n{PUBLISH.format(package='intercom_async.models')}"
        )

    def _stub_home(self, config: dict[str, Any]) -> str | None:
        """The module a generated stub lives in: its target's (None if nothing plans it)."""
        target = self.plans.get(config["schema"])
        return f".{target.module}" if target is not None else None

    def _render_stub(self, name: str, config: dict[str, Any]) -> str:
        """A `Ref` subclass: its collection, how several are fetched, its `type`."""
        target = self.plans[config["schema"]]
        kind = next((f.default for f in target.fields if f.key == "type"), None)
        lines = [
            "@attrs.frozen(kw_only=True, getstate_setstate=False)\n",
            f'class {name}(Ref["{target.class_name}"]):\n',
            docstring([config["doc"]], 4),
            "\n",
            f"    collection = {config['collection']!r}\n",
        ]
        if config.get("batch"):
            lines.append(f"    batch = {config['batch']!r}\n")
        lines.append(f"    type: str = {(config.get('type') or kind)!r}\n")
        return "".join(lines)

    def _imports(
        self, module: str, plans: list[ModelPlan], defined: set[str], stubs: bool = False
    ) -> str:
        text = "\n".join(f.annotation for plan in plans for f in plan.fields) + "\n".join(
            made for plan in plans for pair in plan.makers for made in pair
        )
        lines = []
        if "datetime" in text:
            lines.append("from datetime import datetime")
        if "Any" in text:
            lines.append("from typing import Any")
        lines.append("\nimport attrs\n")
        wire = any(f.name != f.key for plan in plans for f in plan.fields)
        lines.append(f"from .._model import Model{', wire' if wire else ''}")
        lines.append("from .._public import publish")
        if stubs:
            lines.append("from .._refs import Ref")
        if any(plan.wire_type for plan in plans):
            lines.append("from .._wire_types import wire_type")
        by_module: dict[str, set[str]] = {}
        words = set(_words(text))
        for existing in self.existing.values():
            if existing.class_name in words:
                by_module.setdefault(existing.module, set()).add(existing.class_name)
        generated = {name: self._stub_home(config) for name, config in self.stubs.items()}
        homes = {**_STUBS, **{name: home for name, home in generated.items() if home}}
        for ref_name, home in homes.items():
            if ref_name in words:
                by_module.setdefault(home, set()).add(ref_name)
        for plan in self.plans.values():
            if plan.module != module and plan.class_name in words:
                by_module.setdefault(f".{plan.module}", set()).add(plan.class_name)
        for plan in plans:
            if plan.mixin is not None:
                by_module.setdefault(plan.mixin.module, set()).add(plan.mixin.class_name)
        for source in sorted(by_module, key=lambda m: (not m.startswith(".."), m)):
            names = ", ".join(sorted(by_module[source] - defined))
            if names:
                lines.append(f"from {source} import {names}")
        return "\n".join(lines)

    def _render_class(self, plan: ModelPlan) -> str:
        out = [function + "\n\n" for function, _ in plan.makers]
        if plan.wire_type:
            out.append(f"@wire_type({plan.wire_type!r}, collection={plan.collection!r})\n")
        bases = "Model" if plan.mixin is None else f"{plan.mixin.class_name}, Model"
        out += ["@attrs.frozen(kw_only=True)\n", f"class {plan.class_name}({bases}):\n"]
        out.append(docstring([plan.doc], 4))
        out.append("\n")
        for field in plan.fields:
            out.append(_render_field(field))
        for _, attribute in plan.makers:
            out.append(attribute)
        return "".join(out)


def _words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text)


def _python_name(key: str) -> str:
    if keyword.iskeyword(key) or key in _MODEL_ATTRIBUTES:
        return f"{key}_"
    if not key.isidentifier():
        return re.sub(r"\W", "_", key).lower()  # `pt-BR` -> `pt_br` (the JSON key kept)
    return key


def _render_field(field: FieldPlan) -> str:
    annotation, default = field.annotation, field.default
    metadata = f", metadata=wire({field.key!r})" if field.name != field.key else ""
    if default:
        value = f"attrs.field(default={default!r}{metadata})" if metadata else repr(default)
        typed = f"{annotation} | None" if field.nullable else annotation  # `null` may come
        line = f"    {field.name}: {typed} = {value}\n"
    elif field.required:
        typed = f"{annotation} | None" if field.nullable else annotation
        value = f" = attrs.field({metadata[2:]})" if metadata else ""
        line = f"    {field.name}: {typed}{value}\n"
    else:
        value = f"attrs.field(default=None{metadata})" if metadata else "None"
        line = f"    {field.name}: {annotation} | None = {value}\n"
    if field.doc:
        line += docstring([field.doc], 4)
    return line


def _ref_field(
    owner: str, name: str, ref: dict[str, Any], *, always: bool = False
) -> tuple[str, str]:
    """A derived stub for an id field (`admin_assignee_id` -> `admin_assignee`): the maker
    function, and the field that the engine binds to the client like the payload's stubs.
    `always`: the id is required, so a single-kind stub is never None.
    """
    field = ref["field"]
    maker = f"_{re.sub(r'(?<!^)(?=[A-Z])', '_', owner).lower()}_{name}"
    unset = ref.get("unset", [])  # values beside None that mean none (a ticket's "0")
    if "to" in ref:
        targets = [ref["to"]]
        nothing = " or ".join(["unset", *(repr(v) for v in unset)])
        doc = f"`{field}` as an `{ref['to']}` stub to fetch (None when {nothing})."
        body = f"    return {ref['to']}(id=str(owner.{field}))\n"
    else:
        kinds: dict[str, str] = ref["by_type"]
        targets = sorted(set(kinds.values()))
        doc = (
            f"`{field}` as a stub of the kind its `type` says ("
            + ", ".join(f"{kind}: `{target}`" for kind, target in kinds.items())
            + f"); None for other kinds ({ref.get('others', 'a bot, a team')})."
        )
        body = ""
        for target in targets:
            matching = tuple(kind for kind, t in kinds.items() if t == target)
            test = (
                f"owner.type == {matching[0]!r}"
                if len(matching) == 1
                else f"owner.type in {matching!r}"
            )
            body += f"    if {test}:\n        return {target}(id=str(owner.{field}))\n"
        body += "    return None\n"
    always = always and "to" in ref and not unset
    annotation = " | ".join(targets) if always else f"{' | '.join(targets)} | None"
    test = f"owner.{field} in {(None, *unset)!r}" if unset else f"owner.{field} is None"
    guard = "" if always else f"    if {test}:\n        return None\n"
    if always:
        doc = f"`{field}` as an `{ref['to']}` stub to fetch."
    function = f"def {maker}(owner: {owner}) -> {annotation}:\n{guard}{body}"
    attribute = (
        f"    {name}: {annotation} = attrs.field(\n"
        f"        default=attrs.Factory({maker}, takes_self=True),\n"
        "        init=False,\n        repr=False,\n        eq=False,\n"
        '        metadata={"bind": True},\n    )\n'
        + docstring([doc + " `await x." + name + ".fetch()` gives the full object."], 4)
    )
    return function, attribute


def _dependencies_first(plans: list[ModelPlan]) -> list[ModelPlan]:
    """`plans` with each class after the classes its fields name.

    attrs gives `__init__` a copy of the module's globals as they are when the class is
    made, so `typing.get_type_hints` on it finds only the classes defined before.
    """
    by_name = {plan.class_name: plan for plan in plans}
    ordered: dict[str, ModelPlan] = {}

    def visit(plan: ModelPlan, path: frozenset[str]) -> None:
        if plan.class_name in ordered or plan.class_name in path:
            return
        for field in plan.fields:
            for word in _words(field.annotation):
                if word in by_name:
                    visit(by_name[word], path | {plan.class_name})
        ordered[plan.class_name] = plan

    for plan in plans:
        visit(plan, frozenset())
    return list(ordered.values())
