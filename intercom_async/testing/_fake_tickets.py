"""Fake ticket endpoints: create (or enqueue), read, update, delete, search, reply and
tag, kept consistent in ``store.tickets`` with the ticket types, contacts, admins, teams,
tags and conversations of the workspace.

A ticket is stored as ``GET /tickets/{id}`` shows it, its parts included. Bodies are
checked against the spec's request schemas; errors use the codes of the spec's examples.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import FakeStore, Json
from ._fake_http import (
    ApiError,
    cursor_page,
    epoch_now,
    json_object,
    json_response,
    store_of,
    user_not_found,
)
from ._fake_teams import teams_of
from ._fake_ticket_types import TICKET_STATES, check_body, next_id, state_of

__all__ = ["TICKET_ROUTES", "new_ticket"]

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 150
_CATEGORY_TERMS = {"request": "Customer", "task": "Back-office", "tracker": "Tracker"}
"""What a search on `category` names each category by (the spec's admonition)."""
_CREATE_FIELDS = {
    "ticket_type_id": "id",
    "contacts": "array",
    "conversation_to_link_id": "id",
    "company_id": "string",
    "created_at": "integer",
    "ticket_attributes": "object",
    "assignment": "object",
    "skip_notifications": "boolean",
}
_UPDATE_FIELDS = {
    "ticket_attributes": "object",
    "ticket_state_id": "id",
    "company_id": "string",
    "open": "boolean",
    "is_shared": "boolean",
    "snoozed_until": "integer",
    "admin_id": "id",
    "assignee_id": "id",
    "skip_notifications": "boolean",
}
_REPLY_FIELDS = {
    "message_type": "string",
    "type": "string",
    "body": "string",
    "created_at": "integer",
    "attachment_urls": "array",
    "reply_options": "array",
    "intercom_user_id": "string",
    "user_id": "string",
    "email": "string",
    "admin_id": "id",
    "cross_post": "boolean",
    "skip_notifications": "boolean",
}


def ticket_not_found() -> ApiError:
    return ApiError(404, "ticket_not_found", "Ticket not found")


def _ticket(request: web.Request) -> Json:
    ticket = store_of(request).tickets.get(request.match_info["ticket_id"])
    if ticket is None:
        raise ticket_not_found()
    return ticket


def _admin(store: FakeStore, admin_id: Any) -> Json:
    admin = store.admins.get(str(admin_id))
    if admin is None:
        raise ApiError(404, "admin_not_found", "Admin not found")
    return {"type": "admin", "id": admin["id"], "name": admin["name"], "email": admin["email"]}


def _contact(store: FakeStore, key: Json) -> Json:
    """The contact an `{id}`, `{external_id}` or `{email}` object names, or a 404."""
    found: Json | None = None
    if key.get("id") is not None:
        found = store.contacts.get(str(key["id"]))
    elif key.get("external_id") is not None:
        found = store.contact_by_external_id(str(key["external_id"]))
    elif key.get("email") is not None:
        found = next((c for c in store.contacts.values() if c["email"] == key["email"]), None)
    if found is None:
        raise user_not_found()
    return found


def _attributes(ticket_type: Json, given: Json, current: Json | None) -> Json:
    names = {a["name"]: a for a in ticket_type["ticket_type_attributes"]["data"]}
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise ApiError(400, "parameter_invalid", f"Unknown ticket attribute {unknown[0]!r}")
    values = dict(current or dict.fromkeys(names))
    values.update(given)
    if current is None and any(
        a["required_to_create"] and values.get(n) in (None, "") for n, a in names.items()
    ):
        raise ApiError(400, "parameter_invalid", "Missing required ticket attributes")
    return values


def _assign(store: FakeStore, ticket: Json, admin_id: Any, team_id: Any) -> None:
    if admin_id not in (None, "0", 0) and str(admin_id) not in store.admins:
        raise ApiError(404, "assignee_not_found", "Assignee not found")
    if team_id not in (None, "0", 0) and str(team_id) not in teams_of(store):
        raise ApiError(404, "assignee_not_found", "Assignee not found")
    ticket["admin_assignee_id"] = str(admin_id or "0")
    ticket["team_assignee_id"] = str(team_id or "0")


def _link(store: FakeStore, ticket: Json, conversation_id: Any) -> None:
    conversation = store.conversations.get(str(conversation_id))
    if conversation is None:
        raise ApiError(404, "conversation_not_found", "Conversation not found")
    for owner, other, kind, category in (
        (ticket, conversation, "conversation", None),
        (conversation, ticket, "ticket", ticket["category"]),
    ):
        linked = owner["linked_objects"]
        linked["data"].append({"type": kind, "id": other["id"], "category": category})
        linked["total_count"] = len(linked["data"])


def new_ticket(store: FakeStore, body: Json) -> Json:
    """A ticket made from a `POST /tickets` body (checked as the spec says), stored."""
    check_body(body, _CREATE_FIELDS, required=("ticket_type_id", "contacts"))
    ticket_type = store.ticket_types.get(str(body["ticket_type_id"]))
    if ticket_type is None or ticket_type["archived"]:
        raise ApiError(400, "parameter_invalid", "ticket_type_id is not a valid ticket type")
    people = body["contacts"]
    if len(people) != 1 or not isinstance(people[0], dict):
        raise ApiError(400, "parameter_invalid", "contacts must hold exactly one contact")
    contact = _contact(store, people[0])
    if body.get("company_id") is not None and body["company_id"] not in store.companies:
        raise ApiError(404, "company_not_found", "Company not found")
    now = epoch_now()
    ticket_id = next_id(store.tickets, 600)
    ticket: Json = {
        "type": "ticket",
        "id": ticket_id,
        "ticket_id": str(int(ticket_id) - 590),
        "category": ticket_type["category"],
        "ticket_attributes": _attributes(ticket_type, body.get("ticket_attributes") or {}, None),
        "ticket_state": dict(TICKET_STATES[0]),
        "ticket_type": {k: v for k, v in ticket_type.items() if k != "ticket_states"},
        "contacts": {
            "type": "contact.list",
            "contacts": [
                {"type": "contact", "id": contact["id"], "external_id": contact["external_id"]}
            ],
        },
        "admin_assignee_id": "0",
        "team_assignee_id": "0",
        "created_at": body.get("created_at") or now,
        "updated_at": now,
        "open": True,
        "snoozed_until": None,
        "linked_objects": {"type": "list", "data": [], "total_count": 0, "has_more": False},
        "ticket_parts": {"type": "ticket_part.list", "ticket_parts": [], "total_count": 0},
        "is_shared": ticket_type["category"] == "Customer",
    }
    assignment = body.get("assignment") or {}
    check_body(assignment, {"admin_assignee_id": "id", "team_assignee_id": "id"})
    _assign(store, ticket, assignment.get("admin_assignee_id"), assignment.get("team_assignee_id"))
    if body.get("conversation_to_link_id") is not None:
        _link(store, ticket, body["conversation_to_link_id"])
    store.tickets[ticket_id] = ticket
    return ticket


def _add_part(ticket: Json, part_type: str, author: Json, **fields: Any) -> Json:
    now = epoch_now()
    parts: list[Json] = ticket["ticket_parts"]["ticket_parts"]
    part: Json = {
        "type": "ticket_part",
        "id": str(len(parts) + 1),
        "part_type": part_type,
        **fields,
        "created_at": now,
        "updated_at": now,
        "author": author,
        "attachments": [],
        "redacted": False,
    }
    parts.append(part)
    ticket["ticket_parts"]["total_count"] = len(parts)
    ticket["updated_at"] = now
    return part


# --- handlers ----------------------------------------------------------------------


async def create_ticket(request: web.Request) -> web.Response:
    """``POST /tickets``: the new ticket, in the `submitted` state."""
    store = store_of(request)
    return json_response(new_ticket(store, await json_object(request)))


async def enqueue_create_ticket(request: web.Request) -> web.Response:
    """``POST /tickets/enqueue``: checked and created at once; answers a finished job."""
    store = store_of(request)
    ticket = new_ticket(store, await json_object(request))
    job_id = str(9000 + len(store.tickets))
    base = str(request.url.origin())
    return json_response(
        {
            "type": "job",
            "id": job_id,
            "url": f"{base}/jobs/status/{job_id}",
            "status": "success",
            "resource_type": "ticket",
            "resource_id": ticket["id"],
            "resource_url": f"{base}/tickets/{ticket['id']}",
        }
    )


async def get_ticket(request: web.Request) -> web.Response:
    """``GET /tickets/{ticket_id}``."""
    return json_response(_ticket(request))


async def update_ticket(request: web.Request) -> web.Response:
    """``PUT /tickets/{ticket_id}``: attributes, state, openness, snooze and assignee."""
    store = store_of(request)
    ticket = _ticket(request)
    body = await json_object(request)
    check_body(body, _UPDATE_FIELDS)
    author = _admin(store, body["admin_id"]) if body.get("admin_id") is not None else None
    ticket_type = store.ticket_types[ticket["ticket_type"]["id"]]
    if "ticket_attributes" in body:
        given = body["ticket_attributes"] or {}
        ticket["ticket_attributes"] = _attributes(ticket_type, given, ticket["ticket_attributes"])
    if body.get("ticket_state_id") is not None:
        state = state_of(str(body["ticket_state_id"]))
        if state is None or all(
            s["id"] != state["id"] for s in ticket_type["ticket_states"]["data"]
        ):
            raise ApiError(
                400,
                "ticket_state_id_invalid",
                "Ticket state id is not valid or is not associated with the ticket type",
            )
        previous = ticket["ticket_state"]["category"]
        ticket["ticket_state"] = state
        if author is not None:
            _add_part(
                ticket,
                "ticket_state_updated_by_admin",
                author,
                previous_ticket_state=previous,
                ticket_state=state["category"],
            )
    if body.get("assignee_id") is not None:
        assignee = str(body["assignee_id"])
        if assignee in teams_of(store):
            _assign(store, ticket, ticket["admin_assignee_id"], assignee)
        else:
            _assign(store, ticket, assignee, ticket["team_assignee_id"])
    if body.get("snoozed_until") is not None:
        if body["snoozed_until"] <= epoch_now():
            raise ApiError(400, "parameter_invalid", "snoozed_until must be a future timestamp")
        ticket["snoozed_until"] = body["snoozed_until"]
    if body.get("company_id") is not None and body["company_id"] not in store.companies:
        raise ApiError(404, "company_not_found", "Company not found")
    for key in ("open", "is_shared"):
        if body.get(key) is not None:
            ticket[key] = body[key]
    if body.get("open") is False:
        ticket["snoozed_until"] = None  # closing a ticket unsnoozes it
    ticket["updated_at"] = epoch_now()
    return json_response(ticket)


async def delete_ticket(request: web.Request) -> web.Response:
    """``DELETE /tickets/{ticket_id}``: the ticket, its tags and its links go."""
    store = store_of(request)
    ticket = _ticket(request)
    del store.tickets[ticket["id"]]
    store.ticket_tags.pop(ticket["id"], None)
    for conversation in store.conversations.values():
        linked = conversation["linked_objects"]
        linked["data"] = [
            o for o in linked["data"] if (o["type"], o["id"]) != ("ticket", ticket["id"])
        ]
        linked["total_count"] = len(linked["data"])
    return json_response({"id": ticket["id"], "object": "ticket", "deleted": True})


_SEARCHABLE = frozenset(
    [
        "id",
        "created_at",
        "updated_at",
        "title",
        "description",
        "category",
        "ticket_type_id",
        "contact_ids",
        "teammate_ids",
        "admin_assignee_id",
        "team_assignee_id",
        "open",
        "state",
        "snoozed_until",
    ]
)
"""The spec's "Accepted Fields" of a ticket search (and `ticket_attribute.{name}`)."""


def _check_fields(node: Json) -> None:
    """A 400 for a filter on a field tickets cannot be searched by, wherever it is."""
    if node.get("operator") in ("AND", "OR"):
        for member in node.get("value") or []:
            _check_fields(member)
        return
    field = str(node.get("field", ""))
    if field not in _SEARCHABLE and not field.startswith("ticket_attribute."):
        raise ApiError(400, "parameter_invalid", f"field {field!r} is not searchable")


def _field(ticket: Json, field: str) -> Any:
    if field.startswith("ticket_attribute."):
        return ticket["ticket_attributes"].get(field.split(".", 1)[1])
    values: dict[str, Any] = {
        "id": ticket["id"],
        "created_at": ticket["created_at"],
        "updated_at": ticket["updated_at"],
        "title": ticket["ticket_attributes"].get("_default_title_"),
        "description": ticket["ticket_attributes"].get("_default_description_"),
        "category": ticket["category"],
        "ticket_type_id": ticket["ticket_type"]["id"],
        "contact_ids": [c["id"] for c in ticket["contacts"]["contacts"]],
        "teammate_ids": [],
        "admin_assignee_id": ticket["admin_assignee_id"],
        "team_assignee_id": ticket["team_assignee_id"],
        "open": ticket["open"],
        "state": ticket["ticket_state"]["category"],
        "snoozed_until": ticket["snoozed_until"],
    }
    return values[field]


def _compare(actual: Any, operator: str, wanted: Any) -> bool:
    if operator == "=":
        return bool(actual == wanted)
    if operator == "!=":
        return bool(actual != wanted)
    if operator in ("IN", "NIN"):
        return isinstance(wanted, list) and (actual in wanted) == (operator == "IN")
    if operator in ("<", ">", "<=", ">="):
        if actual is None or not isinstance(wanted, (int, float)):
            return False
        order = {"<": actual < wanted, ">": actual > wanted, "<=": actual <= wanted}
        return bool(order.get(operator, actual >= wanted))
    text, term = str(actual or ""), str(wanted)
    tests = {
        "~": term in text,
        "!~": term not in text,
        "^": text.startswith(term),
        "$": text.endswith(term),
    }
    if operator not in tests:
        raise ApiError(400, "parameter_invalid", f"operator {operator!r} is not supported")
    return tests[operator]


def _matches(ticket: Json, node: Json) -> bool:
    if node.get("operator") in ("AND", "OR"):
        members = [_matches(ticket, member) for member in node.get("value", [])]
        return all(members) if node["operator"] == "AND" else any(members)
    field, operator, wanted = node.get("field", ""), node.get("operator"), node.get("value")
    actual = _field(ticket, field)
    if field == "category":
        terms = wanted if isinstance(wanted, list) else [wanted]
        named = [_CATEGORY_TERMS.get(str(term), term) for term in terms]
        wanted = named if isinstance(wanted, list) else named[0]
    if isinstance(actual, list):  # contact_ids, teammate_ids: any of them
        return any(_compare(one, str(operator), wanted) for one in actual)
    return _compare(actual, str(operator), wanted)


async def search_tickets(request: web.Request) -> web.Response:
    """``POST /tickets/search``: newest first; the cursor travels in the body."""
    body = await json_object(request)
    query = body.get("query")
    if not isinstance(query, dict):
        raise ApiError(400, "parameter_invalid", "query must be an object")
    _check_fields(query)
    pagination = body.get("pagination") or {}
    per_page = min(int(pagination.get("per_page") or DEFAULT_PER_PAGE), MAX_PER_PAGE)
    tickets = sorted(
        store_of(request).tickets.values(),
        key=lambda t: (t["updated_at"], int(t["id"])),
        reverse=True,
    )
    found = [t for t in tickets if _matches(t, query)]
    page = cursor_page(found, per_page=per_page, starting_after=pagination.get("starting_after"))
    items = page.pop("data")
    return json_response({**page, "type": "ticket.list", "tickets": items})


async def reply_to_ticket(request: web.Request) -> web.Response:
    """``POST /tickets/{ticket_id}/reply``: a comment, note or quick reply becomes a part."""
    store = store_of(request)
    ticket = _ticket(request)
    body = await json_object(request)
    check_body(body, _REPLY_FIELDS, required=("message_type", "type"))
    message_type = body["message_type"]
    if message_type not in ("comment", "note", "quick_reply"):
        raise ApiError(
            400, "parameter_invalid", "message_type must be comment, note or quick_reply"
        )
    if message_type != "quick_reply" and not body.get("body"):
        raise ApiError(400, "parameter_invalid", "body is required for comments and notes")
    if body["type"] == "admin":
        author = _admin(store, body.get("admin_id"))
    elif body["type"] == "user":
        if ticket["category"] != "Customer":
            raise ApiError(
                400, "parameter_mismatch", "User replies are not allowed on Backoffice tickets"
            )
        if message_type != "comment":
            raise ApiError(400, "parameter_invalid", "contacts can only reply with comments")
        key = {"id": body.get("intercom_user_id"), "external_id": body.get("user_id")}
        contact = _contact(store, {**key, "email": body.get("email")})
        author = {"type": contact["role"], "id": contact["id"], "name": contact.get("name")}
        author["email"] = contact.get("email") or ""
    else:
        raise ApiError(400, "parameter_invalid", "type must be admin or user")
    part = _add_part(ticket, message_type, author, body=body.get("body"))
    return json_response(part)


def _tag(store: FakeStore, tag_id: Any) -> Json:
    tag = store.tags.get(str(tag_id))
    if tag is None:
        raise ApiError(404, "tag_not_found", "Tag not found")
    return {"type": "tag", "id": tag["id"], "name": tag["name"]}


async def attach_tag(request: web.Request) -> web.Response:
    """``POST /tickets/{ticket_id}/tags``: answers the tag."""
    store = store_of(request)
    ticket = _ticket(request)
    body = await json_object(request)
    check_body(body, {"id": "id", "admin_id": "id"}, required=("id", "admin_id"))
    _admin(store, body["admin_id"])
    tag = _tag(store, body["id"])
    tags = store.ticket_tags.setdefault(ticket["id"], [])
    if tag["id"] not in tags:
        tags.append(tag["id"])
    return json_response(tag)


async def detach_tag(request: web.Request) -> web.Response:
    """``DELETE /tickets/{ticket_id}/tags/{tag_id}``: a tag not on the ticket is a 404."""
    store = store_of(request)
    ticket = _ticket(request)
    body = await json_object(request)
    check_body(body, {"admin_id": "id"}, required=("admin_id",))
    _admin(store, body["admin_id"])
    tags = store.ticket_tags.get(ticket["id"], [])
    tag_id = request.match_info["tag_id"]
    if tag_id not in tags:
        raise ApiError(404, "tag_not_found", "Tag not found")
    tags.remove(tag_id)
    return json_response(_tag(store, tag_id))


TICKET_ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", "/tickets/search", search_tickets),
    ("POST", "/tickets/enqueue", enqueue_create_ticket),
    ("POST", "/tickets", create_ticket),
    ("GET", "/tickets/{ticket_id}", get_ticket),
    ("PUT", "/tickets/{ticket_id}", update_ticket),
    ("DELETE", "/tickets/{ticket_id}", delete_ticket),
    ("POST", "/tickets/{ticket_id}/reply", reply_to_ticket),
    ("POST", "/tickets/{ticket_id}/tags", attach_tag),
    ("DELETE", "/tickets/{ticket_id}/tags/{tag_id}", detach_tag),
]
