"""Fake endpoints for what a contact links to: tags, notes, subscriptions, segments.

State lives in the :class:`FakeStore`: relation maps are rendered into contacts on the
way out, so an attach is visible everywhere at once. Segments are rules evaluated on
every request, like Intercom's: tag a contact "VIP" and it is in the "VIP contacts"
segment. The helpers here are shared with ``_fake_companies``.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import BASE_TIME, FakeStore, Json, note_author
from ._fake_http import (
    MAX_PER_PAGE,
    ApiError,
    contact_id_of,
    epoch_now,
    int_query,
    json_object,
    json_response,
    resource_not_found,
    store_of,
)

__all__ = [
    "RELATION_ROUTES",
    "SEGMENT_RULES",
    "SegmentRule",
    "contact_id_of",
    "epoch_now",
    "id_field",
    "json_object",
    "numbered_page",
    "segment_id",
    "segments_of",
    "store_of",
]

# --- segments ----------------------------------------------------------------------


@dataclass(frozen=True)
class SegmentRule:
    """A segment and the rule deciding membership, evaluated on every request."""

    name: str
    kind: Literal["contact", "company"]
    matches: Callable[[FakeStore, Json], bool]
    person_type: str | None = None
    tag_name: str | None = None
    """The tag the rule depends on: Intercom refuses to delete such a tag."""


def _has_tag(name: str) -> Callable[[FakeStore, Json], bool]:
    def rule(store: FakeStore, contact: Json) -> bool:
        applied = store.contact_tags.get(contact["id"], {})
        return any(store.tags.get(tag_id, {}).get("name") == name for tag_id in applied)

    return rule


SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule("All users", "contact", lambda _, c: c.get("role") == "user", "user"),
    SegmentRule("All leads", "contact", lambda _, c: c.get("role") == "lead", "contact"),
    SegmentRule(
        "Paid subscribers",
        "contact",
        lambda _, c: (c.get("custom_attributes") or {}).get("paid_subscriber") is True,
        "user",
    ),
    SegmentRule("VIP contacts", "contact", _has_tag("VIP"), "user", tag_name="VIP"),
    SegmentRule("Large companies", "company", lambda _, c: (c.get("size") or 0) >= 100),
    SegmentRule(
        "Enterprise plan", "company", lambda _, c: (c.get("plan") or {}).get("name") == "Enterprise"
    ),
)


def segment_id(rule: SegmentRule) -> str:
    """A stable 24-hex id for a segment, derived from its name."""
    return f"{BASE_TIME:08x}" + hashlib.sha256(rule.name.encode()).hexdigest()[:16]


def _segment_json(rule: SegmentRule, count: int | None = None) -> Json:
    created = BASE_TIME - 200 * 86_400
    rendered: Json = {
        "type": "segment",
        "id": segment_id(rule),
        "name": rule.name,
        "created_at": created,
        "updated_at": created,
    }
    if rule.person_type is not None:
        rendered["person_type"] = rule.person_type
    if count is not None:
        rendered["count"] = count
    return rendered


def _members(store: FakeStore, rule: SegmentRule) -> int:
    table = store.contacts if rule.kind == "contact" else store.companies
    return sum(rule.matches(store, item) for item in table.values())


def segments_of(store: FakeStore, kind: str, item: Json) -> list[Json]:
    """The segments a contact or company (``kind``) is in right now."""
    return [
        _segment_json(rule)
        for rule in SEGMENT_RULES
        if rule.kind == kind and rule.matches(store, item)
    ]


# --- helpers -----------------------------------------------------------------------


def id_field(body: Json, what: str) -> str:
    """The ``id`` of an attach body (Intercom takes a string or a number)."""
    value = body.get("id")
    if type(value) not in (str, int) or value == "":
        raise ApiError(400, "parameter_not_found", f"{what} not specified")
    return str(value)


def _token_owner(store: FakeStore) -> Json:
    return next(iter(store.admins.values()))


def numbered_page(request: web.Request, items: Sequence[Json], default_per_page: int) -> Json:
    """One page of ``items`` with page numbers and an absolute ``next`` link keeping the query."""
    page = int_query(request, "page", 1)
    per_page = int_query(request, "per_page", default_per_page, MAX_PER_PAGE)
    start = (page - 1) * per_page
    total_pages = -(-len(items) // per_page)
    pages: Json = {"type": "pages", "next": None, "page": page, "per_page": per_page}
    if page < total_pages:
        query = {"page": str(page + 1), "per_page": str(per_page)}
        query.update((key, value) for key, value in request.query.items() if key not in query)
        pages["next"] = str(request.url.with_query(query))
    pages["total_pages"] = total_pages
    return {
        "type": "list",
        "data": list(items[start : start + per_page]),
        "pages": pages,
        "total_count": len(items),
    }


# --- tags --------------------------------------------------------------------------


async def create_or_update_tag(request: web.Request) -> web.Response:
    """``POST /tags``: create a tag by name (case-insensitive), or rename one by ``id``."""
    store = store_of(request)
    body = await json_object(request)
    name = body.get("name")
    if set(body) - {"name", "id"} or not isinstance(name, str) or not name.strip():
        raise ApiError(400, "parameter_invalid", "invalid tag parameters")
    if "id" in body:
        tag = store.tags.get(str(body["id"]))
        if tag is None:
            raise resource_not_found()
        tag["name"] = name
        return json_response(tag)
    for tag in store.tags.values():
        if tag["name"].casefold() == name.casefold():
            return json_response(tag)
    tag_id = str(max((int(t) for t in store.tags if t.isdigit()), default=0) + 1)
    store.tags[tag_id] = {"type": "tag", "id": tag_id, "name": name}
    return json_response(store.tags[tag_id])


async def delete_tag(request: web.Request) -> web.Response:
    """``DELETE /tags/{tag_id}``: refused while a segment depends on the tag."""
    store = store_of(request)
    tag_id = request.match_info["tag_id"]
    tag = store.tags.get(tag_id)
    if tag is None:
        raise resource_not_found()
    dependents = [rule.name for rule in SEGMENT_RULES if rule.tag_name == tag["name"]]
    if dependents:
        message = f"Unable to delete Tag with dependent objects. Segments: {', '.join(dependents)}."
        raise ApiError(400, "tag_has_dependent_objects", message)
    del store.tags[tag_id]
    for applied in store.contact_tags.values():
        applied.pop(tag_id, None)
    for company in store.companies.values():
        tags = company["tags"]["tags"]
        tags[:] = [t for t in tags if t["id"] != tag_id]
    return web.Response(status=200)


async def attach_tag(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/tags``: tag a contact (a no-op when already tagged)."""
    store = store_of(request)
    contact_id = contact_id_of(request)
    tag_id = id_field(await json_object(request), "tag")
    tag = store.tags.get(tag_id)
    if tag is None:
        raise resource_not_found()
    applied = store.contact_tags.setdefault(contact_id, {})
    if tag_id not in applied:
        owner = {"type": "admin", "id": _token_owner(store)["id"]}
        applied[tag_id] = {"applied_at": epoch_now(), "applied_by": owner}
    return json_response({**tag, **applied[tag_id]})


async def detach_tag(request: web.Request) -> web.Response:
    """``DELETE /contacts/{contact_id}/tags/{tag_id}``: untag a contact."""
    store = store_of(request)
    contact_id = contact_id_of(request)
    tag = store.tags.get(request.match_info["tag_id"])
    if tag is None:
        raise resource_not_found()
    applied = store.contact_tags.get(contact_id, {}).pop(tag["id"], None)
    return json_response({**tag, **(applied or {})})


# --- notes -------------------------------------------------------------------------


async def create_note(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/notes``: plain text is stored as a ``<p>`` paragraph."""
    store = store_of(request)
    contact_id = contact_id_of(request)
    body = await json_object(request)
    text = body.get("body")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "parameter_not_found", "body not specified")
    admin_id = body.get("admin_id")
    if admin_id is None:
        author = _token_owner(store)
    elif type(admin_id) in (str, int) and str(admin_id) in store.admins:
        author = store.admins[str(admin_id)]
    else:
        raise resource_not_found()
    note_id = str(max((int(n) for n in store.notes), default=0) + 1)
    store.notes[note_id] = {
        "type": "note",
        "id": note_id,
        "created_at": epoch_now(),
        "contact": {"type": "contact", "id": contact_id},
        "author": note_author(author),
        "body": text if text.lstrip().startswith("<") else f"<p>{html.escape(text)}</p>",
    }
    return json_response(store.notes[note_id])


# --- subscriptions -----------------------------------------------------------------


async def attach_subscription(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/subscriptions``: record an opt-in or opt-out."""
    store = store_of(request)
    contact_id = contact_id_of(request)
    body = await json_object(request)
    subscription_id = id_field(body, "subscription")
    consent = body.get("consent_type")
    if consent not in ("opt_in", "opt_out"):
        raise ApiError(400, "parameter_invalid", "consent_type must be opt_in or opt_out")
    subscription = store.subscription_types.get(subscription_id)
    if subscription is None:
        raise resource_not_found()
    chosen = store.contact_opted_in if consent == "opt_in" else store.contact_opted_out
    other = store.contact_opted_out if consent == "opt_in" else store.contact_opted_in
    if subscription_id in other.get(contact_id, []):
        other[contact_id].remove(subscription_id)
    chosen_ids = chosen.setdefault(contact_id, [])
    if subscription_id not in chosen_ids:
        chosen_ids.append(subscription_id)
    return json_response(subscription)


async def detach_subscription(request: web.Request) -> web.Response:
    """``DELETE /contacts/{contact_id}/subscriptions/{subscription_id}``."""
    store = store_of(request)
    contact_id = contact_id_of(request)
    subscription = store.subscription_types.get(request.match_info["subscription_id"])
    if subscription is None:
        raise resource_not_found()
    for table in (store.contact_opted_in, store.contact_opted_out):
        if subscription["id"] in table.get(contact_id, []):
            table[contact_id].remove(subscription["id"])
    return json_response(subscription)


# --- segments ----------------------------------------------------------------------


async def list_segments(request: web.Request) -> web.Response:
    """``GET /segments``; ``include_count=true`` adds each segment's member count."""
    store = store_of(request)
    counted = request.query.get("include_count", "false").lower() == "true"
    segments = [
        _segment_json(rule, _members(store, rule) if counted else None) for rule in SEGMENT_RULES
    ]
    return json_response({"type": "segment.list", "segments": segments})


async def get_segment(request: web.Request) -> web.Response:
    """``GET /segments/{segment_id}``."""
    wanted = request.match_info["segment_id"]
    for rule in SEGMENT_RULES:
        if segment_id(rule) == wanted:
            return json_response(_segment_json(rule))
    raise resource_not_found()


async def list_contact_segments(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/segments``: the segments the contact is in right now."""
    store = store_of(request)
    contact = store.contacts[contact_id_of(request)]
    return json_response({"type": "list", "data": segments_of(store, "contact", contact)})


# --- admins ------------------------------------------------------------------------


async def list_admins(request: web.Request) -> web.Response:
    """``GET /admins``: the avatar object only with ``display_avatar=true``; an admin in
    ``store.null_admins`` is listed as ``null``."""
    with_avatar = request.query.get("display_avatar", "false").lower() == "true"
    store = store_of(request)
    admins: list[Json | None] = []
    for admin in store.admins.values():
        if admin["id"] in store.null_admins:
            admins.append(None)
            continue
        listed = {key: value for key, value in admin.items() if key != "avatar"}
        if with_avatar:
            listed["avatar"] = {"type": "avatar", "image_url": admin.get("avatar")}
        admins.append(listed)
    return json_response({"type": "admin.list", "admins": admins})


RELATION_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/admins", list_admins),
    ("POST", "/tags", create_or_update_tag),
    ("DELETE", "/tags/{tag_id}", delete_tag),
    ("POST", "/contacts/{contact_id}/tags", attach_tag),
    ("DELETE", "/contacts/{contact_id}/tags/{tag_id}", detach_tag),
    ("POST", "/contacts/{contact_id}/notes", create_note),
    ("POST", "/contacts/{contact_id}/subscriptions", attach_subscription),
    ("DELETE", "/contacts/{contact_id}/subscriptions/{subscription_id}", detach_subscription),
    ("GET", "/segments", list_segments),
    ("GET", "/segments/{segment_id}", get_segment),
    ("GET", "/contacts/{contact_id}/segments", list_contact_segments),
]
"""Routes of this module, appended to ``ROUTES``."""
