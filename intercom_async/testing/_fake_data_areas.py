"""Fake data attributes, data events and visitors, kept in ``store.areas``.

Data attributes: created custom attributes are listed and updated (archived) after.
Data events: submitted events are listed per user, and their summaries count them with
the summaries sent to ``POST /events/summaries``. Visitors: read and updated by id or
``user_id``, converted into a contact of the store's contacts. Errors are Intercom's:
``400 parameter_invalid`` for a malformed body, ``404`` for an unknown object.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_contacts import add_contact
from ._fake_data import FakeStore, Json, render_contact
from ._fake_http import (
    ApiError,
    epoch_now,
    json_object,
    json_response,
    only_known,
    store_of,
    user_not_found,
)

__all__ = ["DATA_AREA_ROUTES"]

_DATA_TYPES = ("string", "integer", "float", "boolean", "datetime", "date", "options")
_ATTRIBUTE_NAME = re.compile(r"^[\w\s$£€¥-]+$")
"""Letters, digits, spaces, currency symbols and hyphens, as Intercom allows."""


def _invalid(message: str) -> ApiError:
    return ApiError(400, "parameter_invalid", message)


def _typed(body: Json, name: str, kind: type | tuple[type, ...], *, required: bool = False) -> Any:
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, "parameter_not_found", f"{name} is required")
        return None
    if isinstance(value, bool) and kind is not bool:
        raise _invalid(f"{name} must be a {getattr(kind, '__name__', 'value')}")
    if not isinstance(value, kind):
        raise _invalid(f"{name} isn't a {getattr(kind, '__name__', 'valid value')}")
    return value


# --- data attributes ---------------------------------------------------------------


def _options(body: Json) -> list[str] | None:
    options = body.get("options")
    if options is None:
        return None
    if not isinstance(options, list):
        raise _invalid("Options isn't an array")
    values = [o.get("value") if isinstance(o, dict) else None for o in options]
    if not all(isinstance(v, str) and v for v in values):
        raise _invalid("each option must be {value: a non-empty string}")
    if len(values) < 2:
        raise _invalid("A list attribute needs at least two options")
    return [str(v) for v in values]


async def list_data_attributes(request: web.Request) -> web.Response:
    """``GET /data_attributes``: by ``model``, archived ones only with ``include_archived``."""
    model = request.query.get("model")
    if model is not None and model not in ("contact", "company", "conversation"):
        raise _invalid("model must be contact, company or conversation")
    archived = request.query.get("include_archived", "false")
    if archived not in ("true", "false"):
        raise _invalid("include_archived must be true or false")
    listed = [
        attribute
        for attribute in store_of(request).areas.data_attributes
        if (model is None or attribute["model"] == model)
        and (archived == "true" or not attribute["archived"])
    ]
    return json_response({"type": "list", "data": listed})


async def create_data_attribute(request: web.Request) -> web.Response:
    """``POST /data_attributes``: a custom attribute of contacts or companies."""
    areas = store_of(request).areas
    body = await json_object(request)
    only_known(body, ("name", "model", "data_type", "description", "options", "messenger_writable"))
    name = _typed(body, "name", str, required=True)
    model = _typed(body, "model", str, required=True)
    data_type = _typed(body, "data_type", str, required=True)
    if not name.strip() or not _ATTRIBUTE_NAME.match(name):
        raise _invalid(
            "Your name for this attribute must only contain alphanumeric characters, "
            "currency symbols, and hyphens"
        )
    if model not in ("contact", "company"):
        raise _invalid("The Data Attribute model field must be either contact or company")
    if data_type not in _DATA_TYPES:
        raise _invalid("Data Type isn't an option")
    options = _options(body)
    if (data_type == "options") != (options is not None):
        raise _invalid("options are given for, and only for, data_type options")
    for other in areas.data_attributes:
        if other["name"].casefold() == name.casefold() and other["model"] == model:
            raise _invalid(
                f"You already have '{name}' in your {model} data. To save this as new "
                f"{model} data, use a different name."
            )
    now = epoch_now()
    custom = [a["id"] for a in areas.data_attributes if "id" in a]
    attribute: Json = {
        "type": "data_attribute",
        "id": max(custom, default=0) + 1,
        "name": name,
        "full_name": f"custom_attributes.{name}",
        "label": name,
        "description": _typed(body, "description", str) or "",
        "data_type": "string" if data_type == "options" else data_type,
        "model": model,
        "custom": True,
        "archived": False,
        "api_writable": True,
        "ui_writable": False,
        "messenger_writable": bool(_typed(body, "messenger_writable", bool)),
        # Made through the API: by the teammate whose token it is (the fake's first admin).
        "admin_id": str(next(iter(store_of(request).admins), "")) or None,
        "created_at": now,
        "updated_at": now,
    }
    if options is not None:
        attribute["options"] = options
    areas.data_attributes.append(attribute)
    return json_response(attribute)


async def update_data_attribute(request: web.Request) -> web.Response:
    """``PUT /data_attributes/{data_attribute_id}``: description, options, archiving."""
    areas = store_of(request).areas
    wanted = request.match_info["data_attribute_id"]
    attribute = next((a for a in areas.data_attributes if str(a.get("id")) == wanted), None)
    if attribute is None:
        raise ApiError(404, "field_not_found", "We couldn't find that data attribute to update")
    body = await json_object(request)
    only_known(body, ("archived", "description", "messenger_writable", "options"))
    options = _options(body)
    archived = _typed(body, "archived", bool)
    description = _typed(body, "description", str)
    writable = _typed(body, "messenger_writable", bool)
    if options is not None:
        attribute["options"] = options
    if archived is not None:
        attribute["archived"] = archived
    if description is not None:
        attribute["description"] = description
    if writable is not None:
        attribute["messenger_writable"] = writable
    attribute["updated_at"] = epoch_now()
    return json_response(attribute)


# --- data events -------------------------------------------------------------------


def _contact_of(store: FakeStore, source: Json, id_key: str) -> Json:
    """The contact a body (or query) names by exactly one of `id_key`, user_id, email."""
    given = [key for key in (id_key, "user_id", "email") if source.get(key) not in (None, "")]
    if len(given) != 1:
        raise _invalid(f"exactly one of {id_key}, user_id or email is required")
    value = str(source[given[0]])
    if given[0] == id_key:
        contact = store.contacts.get(value)
    elif given[0] == "user_id":
        contact = store.contact_by_external_id(value)
    else:
        contact = next((c for c in store.contacts.values() if c["email"] == value), None)
    if contact is None:
        raise user_not_found()
    return contact


async def create_data_event(request: web.Request) -> web.Response:
    """``POST /events``: an event a user did; 202 and no body, as Intercom answers."""
    store = store_of(request)
    body = await json_object(request)
    only_known(body, ("event_name", "created_at", "id", "user_id", "email", "metadata"))
    name = _typed(body, "event_name", str, required=True)
    created_at = _typed(body, "created_at", int, required=True)
    metadata = _typed(body, "metadata", dict) or {}
    contact = _contact_of(store, body, "id")
    store.areas.events.append(
        {
            "type": "event",
            "event_name": name,
            "created_at": created_at,
            "intercom_user_id": contact["id"],
            "user_id": contact["external_id"],
            "email": contact["email"],
            "metadata": metadata,
        }
    )
    return web.Response(status=202)


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat().replace("+00:00", "Z")


def _summaries(store: FakeStore, contact_id: str) -> list[Json]:
    """Per event name: the events submitted and the summaries sent, counted together."""
    counted: dict[str, Json] = {}
    for event in store.areas.events:
        if event["intercom_user_id"] == contact_id:
            entry = counted.setdefault(
                event["event_name"], {"count": 0, "first": event["created_at"], "last": 0}
            )
            entry["count"] += 1
            entry["first"] = min(entry["first"], event["created_at"])
            entry["last"] = max(entry["last"], event["created_at"])
    for name, sent in store.areas.event_summaries.get(contact_id, {}).items():
        entry = counted.setdefault(name, {"count": 0, "first": sent["first"], "last": 0})
        entry["count"] += sent["count"]
        entry["first"] = min(entry["first"], sent["first"])
        entry["last"] = max(entry["last"], sent["last"])
    return [
        {"name": name, "count": e["count"], "first": _iso(e["first"]), "last": _iso(e["last"])}
        for name, e in sorted(counted.items())
    ]


async def list_data_events(request: web.Request) -> web.Response:
    """``GET /events?type=user&user_id=...``: a user's events, newest first, or with
    ``summary=true`` one summary per event name."""
    store = store_of(request)
    if request.query.get("type") != "user":
        raise _invalid("type must be user")
    summary = request.query.get("summary", "false")
    if summary not in ("true", "false"):
        raise _invalid("summary must be true or false")
    contact = _contact_of(store, dict(request.query), "intercom_user_id")
    if summary == "true":
        events = _summaries(store, contact["id"])
    else:
        mine = [e for e in store.areas.events if e["intercom_user_id"] == contact["id"]]
        events = sorted(mine, key=lambda e: e["created_at"], reverse=True)
    return json_response(
        {
            "type": "event.summary" if summary == "true" else "event.list",
            "email": contact["email"],
            "intercom_user_id": contact["id"],
            "user_id": contact["external_id"],
            "events": events,
            "pages": {"next": None},
        }
    )


async def create_data_event_summaries(request: web.Request) -> web.Response:
    """``POST /events/summaries``: counts of an event a user did, added to its summary."""
    store = store_of(request)
    body = await json_object(request)
    only_known(body, ("user_id", "event_summaries"))
    contact = _contact_of(store, {"user_id": _typed(body, "user_id", str, required=True)}, "id")
    sent = _typed(body, "event_summaries", dict, required=True)
    only_known(sent, ("event_name", "count", "first", "last"))
    name = _typed(sent, "event_name", str, required=True)
    count = _typed(sent, "count", int, required=True)
    first = _typed(sent, "first", int, required=True)
    last = _typed(sent, "last", int) or first
    if count < 1 or last < first:
        raise _invalid("count must be positive and last not before first")
    kept = store.areas.event_summaries.setdefault(contact["id"], {})
    entry = kept.setdefault(name, {"count": 0, "first": first, "last": last})
    entry.update(count=entry["count"] + count, first=min(entry["first"], first))
    entry["last"] = max(entry["last"], last)
    return web.Response(status=200)


# --- visitors ----------------------------------------------------------------------


def _visitor_not_found() -> ApiError:
    return ApiError(404, "not_found", "Visitor Not Found")


def _visitor_by(store: FakeStore, key: str, value: Any) -> Json:
    found = next((v for v in store.areas.visitors.values() if v[key] == value), None)
    if found is None:
        raise _visitor_not_found()
    return found


async def get_visitor(request: web.Request) -> web.Response:
    """``GET /visitors?user_id=...``."""
    user_id = request.query.get("user_id")
    if not user_id:
        raise ApiError(400, "parameter_not_found", "user_id is required")
    return json_response(_visitor_by(store_of(request), "user_id", user_id))


async def update_visitor(request: web.Request) -> web.Response:
    """``PUT /visitors``: the visitor named by ``id`` or ``user_id``; name and attributes."""
    store = store_of(request)
    body = await json_object(request)
    only_known(body, ("id", "user_id", "name", "custom_attributes"))
    if body.get("id") is not None:
        visitor = _visitor_by(store, "id", body["id"])
    elif body.get("user_id") is not None:
        visitor = _visitor_by(store, "user_id", body["user_id"])
    else:
        raise ApiError(400, "parameter_not_found", "id or user_id is required")
    name = _typed(body, "name", str)
    attributes = _typed(body, "custom_attributes", dict)
    if name is not None:
        visitor["name"] = name
    if attributes is not None:
        visitor["custom_attributes"] = {**visitor["custom_attributes"], **attributes}
    visitor["updated_at"] = epoch_now()
    return json_response(visitor)


async def convert_visitor(request: web.Request) -> web.Response:
    """``POST /visitors/convert``: the visitor becomes a lead or a user (a new contact, or
    merged into the contact `user` names); the visitor is gone after."""
    store = store_of(request)
    body = await json_object(request)
    only_known(body, ("type", "user", "visitor"))
    role = _typed(body, "type", str, required=True)
    if role not in ("lead", "user"):
        raise _invalid("type must be lead or user")
    user = _typed(body, "user", dict, required=True)
    wanted = _typed(body, "visitor", dict, required=True)
    keys = [key for key in ("id", "user_id", "email") if wanted.get(key)]
    if len(keys) != 1:
        raise _invalid("visitor needs exactly one of id, user_id or email")
    visitor = _visitor_by(store, keys[0], wanted[keys[0]])
    if user.get("id"):
        contact = store.contacts.get(str(user["id"]))
        if contact is None:
            raise user_not_found()
    else:
        fields: Json = {"role": role, "name": visitor["name"]}
        if user.get("email"):
            fields["email"] = user["email"]
        if user.get("user_id"):
            fields["external_id"] = user["user_id"]
        contact = add_contact(store, fields)
    contact["custom_attributes"] = {**visitor["custom_attributes"], **contact["custom_attributes"]}
    del store.areas.visitors[visitor["id"]]
    return json_response(render_contact(store, contact["id"]))


DATA_AREA_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/data_attributes", list_data_attributes),
    ("POST", "/data_attributes", create_data_attribute),
    ("PUT", "/data_attributes/{data_attribute_id}", update_data_attribute),
    ("POST", "/events/summaries", create_data_event_summaries),
    ("POST", "/events", create_data_event),
    ("GET", "/events", list_data_events),
    ("POST", "/visitors/convert", convert_visitor),
    ("GET", "/visitors", get_visitor),
    ("PUT", "/visitors", update_visitor),
]
