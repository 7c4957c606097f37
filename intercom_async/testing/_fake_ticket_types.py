"""Fake ticket type, attribute and state endpoints, kept in ``store.ticket_types``.

A new type gets Intercom's two default attributes (``_default_title_`` and
``_default_description_``) and the workspace's four ticket states. Bodies are checked
against the spec's request schemas: an unknown key or a value of the wrong type is a 400.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import FakeStore, Json
from ._fake_http import ApiError, epoch_now, json_object, json_response, only_known, store_of

__all__ = [
    "TICKET_STATES",
    "TICKET_TYPE_ROUTES",
    "check_body",
    "next_id",
    "state_of",
    "ticket_type_of",
]

WORKSPACE_ID = "fake-workspace"
CATEGORIES = ("Customer", "Back-office", "Tracker")
DATA_TYPES = ("string", "list", "integer", "decimal", "boolean", "datetime", "files")

TICKET_STATES: tuple[Json, ...] = tuple(
    {
        "type": "ticket_state",
        "id": state_id,
        "category": category,
        "internal_label": internal,
        "external_label": external,
    }
    for state_id, category, internal, external in (
        ("8001", "submitted", "Submitted", "Submitted"),
        ("8002", "in_progress", "In progress", "In progress"),
        ("8003", "waiting_on_customer", "Waiting on customer", "Waiting on you"),
        ("8004", "resolved", "Resolved", "Resolved"),
    )
)
"""The workspace's ticket states, shared by every ticket type (as a new workspace has)."""

_KINDS: Mapping[str, tuple[type, ...]] = {
    "string": (str,),
    "boolean": (bool,),
    "integer": (int,),
    "id": (str, int),
    "object": (dict,),
    "array": (list,),
}


def check_body(body: Json, fields: Mapping[str, str], required: tuple[str, ...] = ()) -> None:
    """A 400 for a key not in `fields` (name -> kind), a value of another kind, or a
    missing `required` key, as Intercom answers a body its schema does not allow."""
    only_known(body, fields)
    for key, value in body.items():
        if value is None:
            continue
        kind = fields[key]
        types = _KINDS[kind]
        if not isinstance(value, types) or (bool not in types and isinstance(value, bool)):
            raise ApiError(400, "parameter_invalid", f"{key} must be a {kind}")
    for key in required:
        if body.get(key) in (None, ""):
            raise ApiError(400, "parameter_not_found", f"{key} is required")


def next_id(table: Mapping[str, Any], start: int) -> str:
    """The next numeric id of `table`: one past the largest, `start` for the first."""
    return str(max((int(key) for key in table), default=start - 1) + 1)


def ticket_type_of(store: FakeStore, ticket_type_id: str) -> Json:
    ticket_type = store.ticket_types.get(ticket_type_id)
    if ticket_type is None:
        raise ApiError(404, "not_found", "Resource Not Found")
    return ticket_type


def state_of(state_id: str) -> Json | None:
    return next((dict(s) for s in TICKET_STATES if s["id"] == state_id), None)


def _attributes(ticket_type: Json) -> list[Json]:
    attributes: list[Json] = ticket_type["ticket_type_attributes"]["data"]
    return attributes


def _input_options(body: Json, data_type: str, old: Json | None) -> Json | None:
    options = dict(old or {})
    if data_type == "string" and "multiline" in body:
        options["multiline"] = bool(body["multiline"])
    if data_type == "list" and body.get("list_items") is not None:
        labels = [item.strip() for item in str(body["list_items"]).split(",") if item.strip()]
        if not labels:
            raise ApiError(400, "parameter_invalid", "list_items must name at least one item")
        options["list_options"] = [
            {"type": "list_option", "id": str(n), "label": label}
            for n, label in enumerate(labels, 1)
        ]
    if data_type == "list" and not options.get("list_options"):
        raise ApiError(400, "parameter_invalid", "list attributes need list_items")
    if "allow_multiple_values" in body:
        options["allow_multiple_values"] = bool(body["allow_multiple_values"])
    return options or None


def _new_attribute(store: FakeStore, ticket_type: Json, body: Json, *, default: bool) -> Json:
    now = epoch_now()
    taken = [int(a["id"]) for t in store.ticket_types.values() for a in _attributes(t)]
    data_type = str(body["data_type"])
    attribute: Json = {
        "type": "ticket_type_attribute",
        "id": str(max(taken, default=100) + 1),
        "workspace_id": WORKSPACE_ID,
        "name": body["name"],
        "description": body.get("description") or "",
        "data_type": data_type,
        "input_options": _input_options(body, data_type, None),
        "order": len(_attributes(ticket_type)),
        "required_to_create": bool(body.get("required_to_create", False)),
        "required_to_create_for_contacts": bool(body.get("required_to_create_for_contacts", False)),
        "visible_on_create": bool(body.get("visible_on_create", True)),
        "visible_to_contacts": bool(body.get("visible_to_contacts", True)),
        "default": default,
        "ticket_type_id": int(ticket_type["id"]),
        "archived": False,
        "created_at": now,
        "updated_at": now,
    }
    _attributes(ticket_type).append(attribute)
    return attribute


_TYPE_FIELDS = {
    "name": "string",
    "description": "string",
    "category": "string",
    "icon": "string",
    "is_internal": "boolean",
}


def _check_type_body(store: FakeStore, body: Json, current: Json | None) -> None:
    check_body(body, {**_TYPE_FIELDS, "archived": "boolean"} if current else _TYPE_FIELDS)
    if body.get("category") is not None and body["category"] not in CATEGORIES:
        raise ApiError(400, "parameter_invalid", f"category must be one of {', '.join(CATEGORIES)}")
    name = body.get("name")
    if name is not None and any(
        t["name"] == name and t is not current for t in store.ticket_types.values()
    ):
        raise ApiError(422, "parameter_invalid", "A ticket type with this name already exists")


async def create_ticket_type(request: web.Request) -> web.Response:
    """``POST /ticket_types``: with the default attributes and every ticket state."""
    store = store_of(request)
    body = await json_object(request)
    _check_type_body(store, body, None)
    check_body(body, _TYPE_FIELDS, required=("name",))
    now = epoch_now()
    ticket_type: Json = {
        "type": "ticket_type",
        "id": next_id(store.ticket_types, 50),
        "category": body.get("category") or "Customer",
        "name": body["name"],
        "description": body.get("description") or "",
        "icon": body.get("icon") or "\U0001f39f\ufe0f",
        "workspace_id": WORKSPACE_ID,
        "ticket_type_attributes": {"type": "list", "data": []},
        "ticket_states": {"type": "list", "data": [dict(s) for s in TICKET_STATES]},
        "archived": False,
        "is_internal": bool(body.get("is_internal", False)),
        "created_at": now,
        "updated_at": now,
    }
    store.ticket_types[ticket_type["id"]] = ticket_type
    for name, multiline in (("_default_title_", False), ("_default_description_", True)):
        fields = {"name": name, "data_type": "string", "multiline": multiline}
        _new_attribute(store, ticket_type, fields, default=True)
    return json_response(ticket_type)


async def list_ticket_types(request: web.Request) -> web.Response:
    """``GET /ticket_types``: every type, one page."""
    return json_response({"type": "list", "data": list(store_of(request).ticket_types.values())})


async def get_ticket_type(request: web.Request) -> web.Response:
    """``GET /ticket_types/{ticket_type_id}``."""
    return json_response(ticket_type_of(store_of(request), request.match_info["ticket_type_id"]))


async def update_ticket_type(request: web.Request) -> web.Response:
    """``PUT /ticket_types/{ticket_type_id}``: name, description, category, icon, archived."""
    store = store_of(request)
    ticket_type = ticket_type_of(store, request.match_info["ticket_type_id"])
    body = await json_object(request)
    _check_type_body(store, body, ticket_type)
    ticket_type.update({key: value for key, value in body.items() if value is not None})
    ticket_type["updated_at"] = epoch_now()
    return json_response(ticket_type)


_ATTRIBUTE_FIELDS = {
    "name": "string",
    "description": "string",
    "required_to_create": "boolean",
    "required_to_create_for_contacts": "boolean",
    "visible_on_create": "boolean",
    "visible_to_contacts": "boolean",
    "multiline": "boolean",
    "list_items": "string",
    "allow_multiple_values": "boolean",
}


def _check_attribute_name(ticket_type: Json, name: Any, current: Json | None) -> None:
    if any(a["name"] == name and a is not current for a in _attributes(ticket_type)):
        raise ApiError(422, "parameter_invalid", f"An attribute named {name!r} already exists")


async def create_ticket_type_attribute(request: web.Request) -> web.Response:
    """``POST /ticket_types/{ticket_type_id}/attributes``."""
    store = store_of(request)
    ticket_type = ticket_type_of(store, request.match_info["ticket_type_id"])
    body = await json_object(request)
    fields = {**_ATTRIBUTE_FIELDS, "data_type": "string"}
    check_body(body, fields, required=("name", "description", "data_type"))
    if body["data_type"] not in DATA_TYPES:
        raise ApiError(
            400, "parameter_invalid", f"data_type must be one of {', '.join(DATA_TYPES)}"
        )
    _check_attribute_name(ticket_type, body["name"], None)
    attribute = _new_attribute(store, ticket_type, body, default=False)
    ticket_type["updated_at"] = attribute["created_at"]
    return json_response(attribute)


async def update_ticket_type_attribute(request: web.Request) -> web.Response:
    """``PUT /ticket_types/{ticket_type_id}/attributes/{attribute_id}``."""
    store = store_of(request)
    ticket_type = ticket_type_of(store, request.match_info["ticket_type_id"])
    wanted = request.match_info["attribute_id"]
    attribute = next((a for a in _attributes(ticket_type) if a["id"] == wanted), None)
    if attribute is None:
        raise ApiError(404, "not_found", "Resource Not Found")
    body = await json_object(request)
    check_body(body, {**_ATTRIBUTE_FIELDS, "archived": "boolean"})
    if body.get("name") is not None:
        _check_attribute_name(ticket_type, body["name"], attribute)
    attribute["input_options"] = _input_options(
        body, attribute["data_type"], attribute["input_options"]
    )
    for key in ("multiline", "list_items", "allow_multiple_values"):
        body.pop(key, None)
    attribute.update({key: value for key, value in body.items() if value is not None})
    attribute["updated_at"] = epoch_now()
    return json_response(attribute)


def _type_summary(ticket_type: Json) -> Json:
    keys = ("type", "id", "name", "description", "icon", "archived", "is_internal", "category")
    return {key: ticket_type[key] for key in keys}


async def list_ticket_states(request: web.Request) -> web.Response:
    """``GET /ticket_states``: each state with the types that use it."""
    types = [_type_summary(t) for t in store_of(request).ticket_types.values()]
    states = [
        {**state, "ticket_types": {"type": "list", "data": types}, "archived": False}
        for state in TICKET_STATES
    ]
    return json_response({"type": "list", "data": states})


TICKET_TYPE_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/ticket_types", list_ticket_types),
    ("POST", "/ticket_types", create_ticket_type),
    ("GET", "/ticket_types/{ticket_type_id}", get_ticket_type),
    ("PUT", "/ticket_types/{ticket_type_id}", update_ticket_type),
    ("POST", "/ticket_types/{ticket_type_id}/attributes", create_ticket_type_attribute),
    (
        "PUT",
        "/ticket_types/{ticket_type_id}/attributes/{attribute_id}",
        update_ticket_type_attribute,
    ),
    ("GET", "/ticket_states", list_ticket_states),
]
