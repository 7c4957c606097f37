"""Fake conversation endpoints: create, read, list, search, reply, manage, participants,
tags, redaction and conversion, kept consistent in ``store.conversations``.

A conversation is stored as ``GET /conversations/{id}`` shows it (with its parts); lists
and searches show it without the parts, as Intercom does.
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
    int_query,
    json_object,
    json_response,
    only_known,
    resource_not_found,
    store_of,
    user_not_found,
)
from ._fake_tickets import new_ticket

__all__ = ["CONVERSATION_ROUTES"]

DEFAULT_PER_PAGE = 20
"""Intercom's default page of conversations (contacts default to 50)."""
MAX_PER_PAGE = 150
MAX_PARTS = 500
"""Parts a conversation shows at most (the most recent ones)."""
_SEARCHABLE = {
    "id": ("id",),
    "state": ("state",),
    "open": ("open",),
    "read": ("read",),
    "priority": ("priority",),
    "created_at": ("created_at",),
    "updated_at": ("updated_at",),
    "admin_assignee_id": ("admin_assignee_id",),
    "team_assignee_id": ("team_assignee_id",),
    "source.body": ("source", "body"),
    "source.author.id": ("source", "author", "id"),
}
"""The fields the fake can search on (a few of the spec's table); others are a 400."""


def _conversation(request: web.Request) -> Json:
    conversation = store_of(request).conversations.get(request.match_info["conversation_id"])
    if conversation is None:
        raise resource_not_found()
    return conversation


def _summary(conversation: Json) -> Json:
    return {key: value for key, value in conversation.items() if key != "conversation_parts"}


def _text(body: Json, name: str, *, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and name.endswith("_id"):
        return str(value)  # Intercom takes numeric ids as numbers too
    if not isinstance(value, str) or not value:
        raise ApiError(400, "parameter_invalid", f"{name} must be a non-empty string")
    return value


def _admin(store: FakeStore, body: Json) -> Json:
    admin_id = _text(body, "admin_id")
    admin = store.admins.get(admin_id or "")
    if admin is None:
        raise ApiError(404, "admin_not_found", "Admin not found")
    return {"type": "admin", "id": admin["id"], "name": admin["name"], "email": admin["email"]}


def _add_part(conversation: Json, part_type: str, author: Json, body: str | None = None) -> Json:
    now = epoch_now()
    parts: list[Json] = conversation["conversation_parts"]["conversation_parts"]
    part: Json = {
        "type": "conversation_part",
        "id": str(len(parts) + 1),
        "part_type": part_type,
        "body": body,
        "created_at": now,
        "updated_at": now,
        "notified_at": now,
        "assigned_to": None,
        "author": author,
        "attachments": [],
        "external_id": None,
        "redacted": False,
    }
    parts.append(part)
    if len(parts) > MAX_PARTS:
        del parts[0]
    conversation["conversation_parts"]["total_count"] += 1
    conversation["updated_at"] = now
    return part


def _new_conversation(store: FakeStore, contact: Json, body: str, subject: str) -> Json:
    now = epoch_now()
    conversation_id = str(len(store.conversations) + 1)
    while conversation_id in store.conversations:
        conversation_id = str(int(conversation_id) + 1)
    author = {"type": contact["role"], "id": contact["id"], "name": contact.get("name")}
    author["email"] = contact.get("email") or ""
    conversation: Json = {
        "type": "conversation",
        "id": conversation_id,
        "title": None,
        "created_at": now,
        "updated_at": now,
        "waiting_since": now,
        "snoozed_until": None,
        "source": {
            "type": "conversation",
            "id": f"40{conversation_id.zfill(7)}",
            "delivered_as": "customer_initiated",
            "subject": subject,
            "body": body,
            "author": author,
            "attachments": [],
            "url": None,
            "redacted": False,
        },
        "contacts": {
            "type": "contact.list",
            "contacts": [
                {"type": "contact", "id": contact["id"], "external_id": contact["external_id"]}
            ],
        },
        "first_contact_reply": {"created_at": now, "type": "conversation", "url": None},
        "admin_assignee_id": None,
        "team_assignee_id": None,
        "open": True,
        "state": "open",
        "read": False,
        "tags": {"type": "tag.list", "tags": []},
        "priority": "not_priority",
        "sla_applied": None,
        "statistics": None,
        "conversation_rating": None,
        "teammates": {"type": "admin.list", "teammates": []},
        "custom_attributes": {},
        "linked_objects": {"type": "list", "data": [], "total_count": 0, "has_more": False},
        "ai_agent": None,
        "ai_agent_participated": False,
        "conversation_parts": {
            "type": "conversation_part.list",
            "conversation_parts": [],
            "total_count": 0,
        },
    }
    store.conversations[conversation_id] = conversation
    return conversation


# --- handlers ----------------------------------------------------------------------


async def create_conversation(request: web.Request) -> web.Response:
    """``POST /conversations``: a contact starts a conversation; answers the message."""
    store = store_of(request)
    body = await json_object(request)
    sender = body.get("from")
    if not isinstance(sender, dict) or sender.get("type") not in ("user", "lead", "contact"):
        raise ApiError(400, "parameter_invalid", "from must be {type: user|lead|contact, id}")
    contact = store.contacts.get(str(sender.get("id")))
    if contact is None:
        raise user_not_found()
    text = _text(body, "body") or ""
    conversation = _new_conversation(store, contact, text, str(body.get("subject") or ""))
    return json_response(
        {
            "type": "user_message",
            "id": conversation["source"]["id"],
            "created_at": conversation["created_at"],
            "body": text,
            "message_type": "inapp",
            "conversation_id": conversation["id"],
        }
    )


async def get_conversation(request: web.Request) -> web.Response:
    """``GET /conversations/{conversation_id}``: with its parts."""
    return json_response(_conversation(request))


def _newest_first(store: FakeStore) -> list[Json]:
    conversations = sorted(
        store.conversations.values(), key=lambda c: (c["updated_at"], int(c["id"])), reverse=True
    )
    return [_summary(c) for c in conversations]


def _as_list(page: Json) -> Json:
    items = page.pop("data")
    return {**page, "type": "conversation.list", "conversations": items}


async def list_conversations(request: web.Request) -> web.Response:
    """``GET /conversations``: newest first, cursor pages of 20 by default."""
    per_page = int_query(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    starting_after = request.query.get("starting_after") or None
    page = cursor_page(
        _newest_first(store_of(request)), per_page=per_page, starting_after=starting_after
    )
    return json_response(_as_list(page))


def _value_at(conversation: Json, path: tuple[str, ...]) -> Any:
    value: Any = conversation
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _matches(conversation: Json, node: Json) -> bool:
    if node.get("operator") in ("AND", "OR"):
        members = [_matches(conversation, member) for member in node.get("value", [])]
        return all(members) if node["operator"] == "AND" else any(members)
    path = _SEARCHABLE.get(node.get("field", ""))
    if path is None:
        raise ApiError(400, "parameter_invalid", f"field {node.get('field')!r} is not searchable")
    actual, wanted, operator = _value_at(conversation, path), node.get("value"), node["operator"]
    if operator == "=":
        return bool(actual == wanted)
    if operator == "!=":
        return bool(actual != wanted)
    if operator in ("IN", "NIN"):
        return isinstance(wanted, list) and (actual in wanted) == (operator == "IN")
    if operator in ("<", ">"):
        return actual is not None and bool(actual < wanted if operator == "<" else actual > wanted)
    if operator == "~":
        return isinstance(actual, str) and str(wanted) in actual
    raise ApiError(400, "parameter_invalid", f"operator {operator!r} is not supported here")


async def search_conversations(request: web.Request) -> web.Response:
    """``POST /conversations/search``: the cursor travels in ``pagination.starting_after``."""
    body = await json_object(request)
    query = body.get("query")
    if not isinstance(query, dict):
        raise ApiError(400, "parameter_invalid", "query must be an object")
    pagination = body.get("pagination") or {}
    per_page = min(int(pagination.get("per_page") or DEFAULT_PER_PAGE), MAX_PER_PAGE)
    found = [c for c in _newest_first(store_of(request)) if _matches(c, query)]
    page = cursor_page(found, per_page=per_page, starting_after=pagination.get("starting_after"))
    return json_response(_as_list(page))


async def update_conversation(request: web.Request) -> web.Response:
    """``PUT /conversations/{conversation_id}``: read, title and custom attributes."""
    conversation = _conversation(request)
    body = await json_object(request)
    only_known(body, ("read", "title", "custom_attributes", "company_id"))
    if "read" in body:
        conversation["read"] = bool(body["read"])
    if "title" in body:
        conversation["title"] = body["title"]
    conversation["custom_attributes"].update(body.get("custom_attributes") or {})
    conversation["updated_at"] = epoch_now()
    return json_response(conversation)


async def delete_conversation(request: web.Request) -> web.Response:
    """``DELETE /conversations/{conversation_id}``."""
    conversation = _conversation(request)
    del store_of(request).conversations[conversation["id"]]
    return json_response({"id": conversation["id"], "object": "conversation", "deleted": True})


async def reply_to_conversation(request: web.Request) -> web.Response:
    """``POST /conversations/{conversation_id}/reply``: a comment or note becomes a part."""
    store = store_of(request)
    conversation = _conversation(request)
    body = await json_object(request)
    if body.get("message_type") not in ("comment", "note", "quick_reply"):
        raise ApiError(
            400, "parameter_invalid", "message_type must be comment, note or quick_reply"
        )
    if body.get("type") == "admin":
        author = _admin(store, body)
        if body["message_type"] != "note":
            conversation["admin_assignee_id"] = conversation["admin_assignee_id"] or int(
                author["id"]
            )
        teammates = conversation["teammates"]["teammates"]
        if all(t["id"] != author["id"] for t in teammates):
            teammates.append({"type": "admin", "id": author["id"]})
    elif body.get("type") == "user":
        contact_id = body.get("intercom_user_id")
        contact = store.contacts.get(str(contact_id))
        if contact is None:
            raise user_not_found()
        author = {"type": contact["role"], "id": contact["id"], "name": contact.get("name")}
        author["email"] = contact.get("email") or ""
        conversation["waiting_since"] = epoch_now()
    else:
        raise ApiError(400, "parameter_invalid", "type must be admin or user")
    part_type = "note" if body["message_type"] == "note" else "comment"
    _add_part(conversation, part_type, author, body.get("body"))
    return json_response(conversation)


async def manage_conversation(request: web.Request) -> web.Response:
    """``POST /conversations/{conversation_id}/parts``: close, snooze, open or assign."""
    store = store_of(request)
    conversation = _conversation(request)
    body = await json_object(request)
    author = _admin(store, body)
    action = body.get("message_type")
    if action == "close":
        conversation.update(open=False, state="closed", snoozed_until=None)
        _add_part(conversation, "close", author, body.get("body"))
    elif action == "snoozed":
        until = body.get("snoozed_until")
        if type(until) is not int or until <= epoch_now():
            raise ApiError(400, "parameter_invalid", "snoozed_until must be a future timestamp")
        conversation.update(open=True, state="snoozed", snoozed_until=until)
        _add_part(conversation, "snoozed", author)
    elif action == "open":
        conversation.update(open=True, state="open", snoozed_until=None)
        _add_part(conversation, "open", author)
    elif action == "assignment":
        assignee = _text(body, "assignee_id") or ""
        key = "team_assignee_id" if body.get("type") == "team" else "admin_assignee_id"
        if key == "admin_assignee_id" and assignee != "0" and assignee not in store.admins:
            raise ApiError(404, "admin_not_found", "Admin not found")
        conversation[key] = None if assignee == "0" else int(assignee)
        part = _add_part(conversation, "assignment", author, body.get("body"))
        part["assigned_to"] = {"type": body.get("type") or "admin", "id": assignee}
    else:
        raise ApiError(
            400, "parameter_invalid", "message_type must be close, snoozed, open or assignment"
        )
    return json_response(conversation)


def _customers(conversation: Json) -> Json:
    contacts = conversation["contacts"]["contacts"]
    return {"customers": [{"type": "user", "id": c["id"]} for c in contacts]}


async def attach_contact(request: web.Request) -> web.Response:
    """``POST /conversations/{conversation_id}/customers``: add a participant."""
    store = store_of(request)
    conversation = _conversation(request)
    body = await json_object(request)
    _admin(store, body)
    customer = body.get("customer")
    if not isinstance(customer, dict):
        raise ApiError(400, "parameter_invalid", "customer must be an object")
    contact = store.contacts.get(str(customer.get("intercom_user_id")))
    if contact is None and customer.get("email"):
        contact = next(
            (c for c in store.contacts.values() if c["email"] == customer["email"]), None
        )
    if contact is None and customer.get("user_id"):
        contact = store.contact_by_external_id(str(customer["user_id"]))
    if contact is None:
        raise resource_not_found()
    contacts = conversation["contacts"]["contacts"]
    if all(c["id"] != contact["id"] for c in contacts):
        contacts.append(
            {"type": "contact", "id": contact["id"], "external_id": contact["external_id"]}
        )
    return json_response(_customers(conversation))


async def detach_contact(request: web.Request) -> web.Response:
    """``DELETE /conversations/{conversation_id}/customers/{contact_id}``."""
    store = store_of(request)
    conversation = _conversation(request)
    _admin(store, await json_object(request))
    contacts = conversation["contacts"]["contacts"]
    kept = [c for c in contacts if c["id"] != request.match_info["contact_id"]]
    if len(kept) == len(contacts):
        raise user_not_found()
    if not kept:
        raise ApiError(422, "parameter_invalid", "Removing the last customer is not allowed")
    conversation["contacts"]["contacts"] = kept
    return json_response(_customers(conversation))


async def attach_tag(request: web.Request) -> web.Response:
    """``POST /conversations/{conversation_id}/tags``: tag the conversation; answers the tag."""
    store = store_of(request)
    conversation = store.conversations.get(request.match_info["conversation_id"])
    if conversation is None:
        raise ApiError(404, "not_found", "Conversation not found")
    admin = _admin(store, body := await json_object(request))
    tag = store.tags.get(_text(body, "id") or "")
    if tag is None:
        raise ApiError(404, "tag_not_found", "Tag not found")
    tags = conversation["tags"]["tags"]
    if all(t["id"] != tag["id"] for t in tags):
        applied_by = {"type": "admin", "id": admin["id"]}
        tags.append({**tag, "applied_at": epoch_now(), "applied_by": applied_by})
    return json_response({"type": "tag", "id": tag["id"], "name": tag["name"]})


async def detach_tag(request: web.Request) -> web.Response:
    """``DELETE /conversations/{conversation_id}/tags/{tag_id}``."""
    store = store_of(request)
    conversation = store.conversations.get(request.match_info["conversation_id"])
    if conversation is None:
        raise ApiError(404, "not_found", "Conversation not found")
    _admin(store, await json_object(request))
    tag = store.tags.get(request.match_info["tag_id"])
    tags = conversation["tags"]["tags"]
    if tag is None or all(t["id"] != tag["id"] for t in tags):
        raise ApiError(404, "tag_not_found", "Tag not found")
    conversation["tags"]["tags"] = [t for t in tags if t["id"] != tag["id"]]
    return json_response({"type": "tag", "id": tag["id"], "name": tag["name"]})


async def redact(request: web.Request) -> web.Response:
    """``POST /conversations/redact``: blank a part's body (or the source's)."""
    store = store_of(request)
    body = await json_object(request)
    missing = ApiError(
        404, "conversation_part_or_message_not_found", "Conversation part or message not found"
    )
    conversation = store.conversations.get(str(body.get("conversation_id")))
    if conversation is None:
        raise missing
    if body.get("type") == "source":
        if str(body.get("source_id")) != conversation["source"]["id"]:
            raise missing
        conversation["source"].update(body="", redacted=True)
        return json_response(conversation)
    wanted = str(body.get("conversation_part_id"))
    for part in conversation["conversation_parts"]["conversation_parts"]:
        if part["id"] == wanted:
            part.update(body="<p><i>This message was deleted</i></p>", redacted=True)
            return json_response(conversation)
    raise missing


async def convert_to_ticket(request: web.Request) -> web.Response:
    """``POST /conversations/{conversation_id}/convert``: a ticket of a customer ticket
    type, for the conversation's first contact, linked to the conversation."""
    store = store_of(request)
    conversation = _conversation(request)
    body = await json_object(request)
    ticket_type = store.ticket_types.get(str(body.get("ticket_type_id")))
    if ticket_type is None or ticket_type["category"] != "Customer":
        raise ApiError(400, "parameter_invalid", "Ticket type is not a customer ticket type")
    only_known(body, ("ticket_type_id", "attributes"))
    contact = conversation["contacts"]["contacts"][0]
    ticket = new_ticket(
        store,
        {
            "ticket_type_id": ticket_type["id"],
            "contacts": [{"id": contact["id"]}],
            "ticket_attributes": body.get("attributes") or {},
            "conversation_to_link_id": conversation["id"],
        },
    )
    return json_response(ticket)


CONVERSATION_ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", "/conversations/search", search_conversations),
    ("POST", "/conversations/redact", redact),
    ("GET", "/conversations", list_conversations),
    ("POST", "/conversations", create_conversation),
    ("GET", "/conversations/{conversation_id}", get_conversation),
    ("PUT", "/conversations/{conversation_id}", update_conversation),
    ("DELETE", "/conversations/{conversation_id}", delete_conversation),
    ("POST", "/conversations/{conversation_id}/reply", reply_to_conversation),
    ("POST", "/conversations/{conversation_id}/parts", manage_conversation),
    ("POST", "/conversations/{conversation_id}/customers", attach_contact),
    ("DELETE", "/conversations/{conversation_id}/customers/{contact_id}", detach_contact),
    ("POST", "/conversations/{conversation_id}/tags", attach_tag),
    ("DELETE", "/conversations/{conversation_id}/tags/{tag_id}", detach_tag),
    ("POST", "/conversations/{conversation_id}/convert", convert_to_ticket),
]
