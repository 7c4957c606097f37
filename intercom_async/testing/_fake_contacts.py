"""The fake's contact endpoints: list, create, update, delete, merge, archive, block, search.

Writes change the ``FakeStore`` in place, so later reads (``GET /contacts/{id}``,
lists, searches) see them. The 2.14 spec documents no 4xx example for these
writes, so the fake answers like Intercom does: ``409 conflict`` "A contact
matching those details already exists with id=..." for a duplicate user email or
external id, ``400 parameter_invalid`` / ``parameter_not_found`` (the codes of the
spec's other 400 examples) for a malformed body, ``404 not_found`` "User Not Found"
for an unknown id, and ``422 parameter_invalid`` for an ``owner_id`` that names no admin.
"""

from __future__ import annotations

import secrets
import time
from typing import Any, cast

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

from .._bodies import CONTACT
from ._fake_bodies import checked_json
from ._fake_data import FakeStore, Json, render_contact
from ._fake_http import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    ApiError,
    cursor_page,
    int_query,
    json_response,
    store_of,
    user_not_found,
)
from ._fake_search import check_query, matching_contacts, sort_contacts

__all__ = ["CONTACT_ROUTES", "add_contact"]

_MERGED_FROM_LEAD = ("email", "phone", "name", "avatar", "last_seen_at", "language_override")


def _contact(request: web.Request) -> Json:
    contact = store_of(request).contacts.get(request.match_info["contact_id"])
    if contact is None:
        raise user_not_found()
    return contact


async def _body(request: web.Request) -> Json:
    raw = await request.read()
    try:
        body = orjson.loads(raw) if raw else {}
    except orjson.JSONDecodeError:
        raise ApiError(400, "parameter_invalid", "Request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "parameter_invalid", "Request body must be a JSON object")
    return body


def _listed(store: FakeStore) -> list[Json]:
    archived = store.flags.archived
    return [c for cid, c in store.contacts.items() if cid not in archived]


class _PageView:
    """The store as ``render_contact`` sees it while rendering one page.

    ``FakeStore.notes_of`` scans every note of the workspace; for a page of 150 that
    is 150 scans. This view answers it from a single pass instead, and defers
    everything else to the store.
    """

    def __init__(self, store: FakeStore, contact_ids: set[str]) -> None:
        self._store = store
        self._notes: dict[str, list[Json]] = {cid: [] for cid in contact_ids}
        for note in store.notes.values():
            owner = note["contact"]["id"]
            if owner in self._notes:
                self._notes[owner].append(note)
        for notes in self._notes.values():
            notes.sort(key=lambda n: (n["created_at"], int(n["id"])), reverse=True)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def notes_of(self, contact_id: str) -> list[Json]:
        return self._notes[contact_id]


def _page(store: FakeStore, contacts: list[Json], per_page: int, after: str | None) -> Json:
    """One cursor page, rendering only the contacts on it."""
    page = cursor_page([{"id": c["id"]} for c in contacts], per_page=per_page, starting_after=after)
    ids = [item["id"] for item in page["data"]]
    view = cast(FakeStore, _PageView(store, set(ids)))
    page["data"] = [render_contact(view, cid) for cid in ids]
    return page


async def list_contacts(request: web.Request) -> web.Response:
    """``GET /contacts``: cursor pages; archived and merged contacts are not listed."""
    store = store_of(request)
    per_page = int_query(request, "per_page", DEFAULT_PER_PAGE, MAX_PER_PAGE)
    after = request.query.get("starting_after") or None
    return json_response(_page(store, _listed(store), per_page, after))


def _check_fields(store: FakeStore, body: Json) -> None:
    """The client's own body model decides what is well-formed; the store, the rest."""
    checked_json(CONTACT, body)
    owner = body.get("owner_id")
    if owner is not None and str(owner) not in store.admins:
        raise ApiError(422, "parameter_invalid", f"owner_id {owner} is not an admin")


def _check_unique(store: FakeStore, fields: Json, role: str, self_id: str | None) -> None:
    """Intercom keeps one user per email and one contact per external id (leads may share)."""
    external_id, email = fields.get("external_id"), fields.get("email")
    for other in store.contacts.values():
        if other["id"] == self_id:
            continue
        same_external = external_id is not None and other["external_id"] == external_id
        same_email = (
            email is not None
            and role == "user"
            and other["role"] == "user"
            and (other["email"] or "").casefold() == email.casefold()
        )
        if same_external or same_email:
            raise ApiError(
                409,
                "conflict",
                f"A contact matching those details already exists with id={other['id']}",
            )


def _apply(contact: Json, fields: Json) -> None:
    for name, value in fields.items():
        if name == "avatar":
            contact["avatar"] = {"type": "avatar", "image_url": value} if value else None
        elif name == "custom_attributes":
            merged = {**contact["custom_attributes"], **value} if value is not None else {}
            contact["custom_attributes"] = merged
        else:
            contact[name] = value
        if name == "email":
            contact["email_domain"] = value.rpartition("@")[2] if value else None


_KEYS_IN_ORDER = (
    "type id workspace_id external_id role email email_domain phone name avatar owner_id "
    "social_profiles has_hard_bounced marked_email_as_spam unsubscribed_from_emails created_at "
    "updated_at signed_up_at last_seen_at last_replied_at last_contacted_at last_email_opened_at "
    "last_email_clicked_at language_override browser browser_version browser_language os "
    "location android_app_name android_app_version android_device android_os_version "
    "android_sdk_version android_last_seen_at ios_app_name ios_app_version ios_device "
    "ios_os_version ios_sdk_version ios_last_seen_at custom_attributes utm_campaign utm_content "
    "utm_medium utm_source utm_term referrer enabled_push_messaging"
)
_CONTACT_KEYS = tuple(_KEYS_IN_ORDER.split())
"""The keys of a stored contact, in the order of the spec's examples."""


def _new_contact(store: FakeStore, now: int) -> Json:
    """A blank contact with every key of the 2.14 ``contact`` schema."""
    contact: Json = dict.fromkeys(_CONTACT_KEYS)
    contact.update(
        type="contact",
        id=_new_id(store, now),
        workspace_id=store.app.get("id_code"),
        role="user",
        social_profiles={"type": "list", "data": []},
        has_hard_bounced=False,
        marked_email_as_spam=False,
        unsubscribed_from_emails=False,
        created_at=now,
        updated_at=now,
        location={
            "type": "location",
            **dict.fromkeys(("country", "region", "city", "country_code", "continent_code")),
        },
        custom_attributes={},
    )
    return contact


def _new_id(store: FakeStore, now: int) -> str:
    while True:
        candidate = f"{now:08x}{secrets.token_hex(8)}"
        if candidate not in store.contacts:
            return candidate


async def create_contact(request: web.Request) -> web.Response:
    """``POST /contacts``: a new user (the default) or lead."""
    store, body = store_of(request), await _body(request)
    _check_fields(store, body)
    if not any(body.get(key) is not None for key in ("email", "external_id", "role")):
        raise ApiError(400, "parameter_not_found", "email, external_id or role is required")
    role = body.get("role") or "user"
    _check_unique(store, body, role, None)
    now = int(time.time())
    contact = _new_contact(store, now)
    _apply(contact, {**body, "role": role})
    cid = contact["id"]
    store.contacts[cid] = contact
    store.contact_tags[cid], store.contact_companies[cid] = {}, []
    store.contact_opted_in[cid], store.contact_opted_out[cid] = [], []
    return json_response(render_contact(store, cid))


async def update_contact(request: web.Request) -> web.Response:
    """``PUT /contacts/{contact_id}``: only the keys sent change; custom attributes merge."""
    store, contact = store_of(request), _contact(request)
    body = await _body(request)
    _check_fields(store, body)
    _check_unique(store, body, body.get("role") or contact["role"], contact["id"])
    _apply(contact, body)
    contact["updated_at"] = max(int(time.time()), contact["updated_at"] or 0)
    return json_response(render_contact(store, contact["id"]))


def _reference(contact: Json, **flags: bool) -> Json:
    return {"id": contact["id"], "external_id": contact["external_id"], "type": "contact", **flags}


def _forget(store: FakeStore, contact_id: str) -> None:
    """Drop a contact and everything hanging off it."""
    store.contacts.pop(contact_id)
    for company_id in store.contact_companies.pop(contact_id, []):
        if company_id in store.companies:
            store.companies[company_id]["user_count"] -= 1
    store.contact_tags.pop(contact_id, None)
    store.contact_opted_in.pop(contact_id, None)
    store.contact_opted_out.pop(contact_id, None)
    flags = store.flags
    flags.archived.discard(contact_id)
    flags.blocked.discard(contact_id)


async def delete_contact(request: web.Request) -> web.Response:
    """``DELETE /contacts/{contact_id}``: the contact, its notes and relations go."""
    store, contact = store_of(request), _contact(request)
    for note_id in [n["id"] for n in store.notes_of(contact["id"])]:
        del store.notes[note_id]
    _forget(store, contact["id"])
    return json_response(_reference(contact, deleted=True))


def _union(first: list[str], second: list[str]) -> list[str]:
    return first + [item for item in second if item not in first]


async def merge_contacts(request: web.Request) -> web.Response:
    """``POST /contacts/merge``: the lead ``from`` folds into the user ``into``."""
    store, body = store_of(request), await _body(request)
    ids = body.get("from"), body.get("into")
    if not all(isinstance(value, str) and value for value in ids):
        raise ApiError(400, "parameter_not_found", "from and into are required")
    lead, user = (store.contacts.get(str(value)) for value in ids)
    if lead is None or user is None:
        raise user_not_found()
    if lead["id"] == user["id"]:
        raise ApiError(400, "parameter_invalid", "Cannot merge a contact into itself")
    if lead["role"] != "lead" or user["role"] != "user":
        raise ApiError(400, "parameter_invalid", "from must be a lead and into must be a user")
    for key in _MERGED_FROM_LEAD:
        if user.get(key) is None and lead.get(key) is not None:
            user[key] = lead[key]
    user["custom_attributes"] = {**lead["custom_attributes"], **user["custom_attributes"]}
    lead_id, user_id = lead["id"], user["id"]
    store.contact_tags[user_id] = {
        **store.contact_tags.get(lead_id, {}),
        **store.contact_tags[user_id],
    }
    for table in (store.contact_opted_in, store.contact_opted_out):
        table[user_id] = _union(table.get(user_id, []), table.get(lead_id, []))
    moved = [
        c
        for c in store.contact_companies.get(lead_id, [])
        if c not in store.contact_companies[user_id]
    ]
    store.contact_companies[user_id] += moved
    for company_id in moved:
        store.companies[company_id]["user_count"] += 1
    for note in store.notes_of(lead_id):
        note["contact"] = {"type": "contact", "id": user_id}
    _forget(store, lead_id)
    user["updated_at"] = max(int(time.time()), user["updated_at"] or 0)
    return json_response(render_contact(store, user_id))


async def archive_contact(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/archive``."""
    contact = _contact(request)
    store_of(request).flags.archived.add(contact["id"])
    return json_response(_reference(contact, archived=True))


async def unarchive_contact(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/unarchive``."""
    contact = _contact(request)
    store_of(request).flags.archived.discard(contact["id"])
    return json_response(_reference(contact, archived=False))


async def block_contact(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/block``."""
    contact = _contact(request)
    store_of(request).flags.blocked.add(contact["id"])
    return json_response(_reference(contact, blocked=True))


def _search_paging(body: Json) -> tuple[int, str | None]:
    paging: Any = body.get("pagination") or {}
    if not isinstance(paging, dict):
        raise ApiError(400, "parameter_invalid", "pagination must be an object")
    per_page = paging.get("per_page", DEFAULT_PER_PAGE)
    if type(per_page) is not int or not 1 <= per_page <= MAX_PER_PAGE:
        raise ApiError(400, "parameter_invalid", f"per_page must be from 1 to {MAX_PER_PAGE}")
    after = paging.get("starting_after")
    if after is not None and not isinstance(after, str):
        raise ApiError(400, "parameter_invalid", "starting_after must be a string")
    return per_page, after or None


async def search_contacts(request: web.Request) -> web.Response:
    """``POST /contacts/search``: the DSL evaluated over listed contacts, cursor-paged."""
    store, body = store_of(request), await _body(request)
    if "query" not in body:
        raise ApiError(400, "parameter_not_found", "query is a required parameter")
    check_query(store, body["query"])
    per_page, after = _search_paging(body)
    found = matching_contacts(store, _listed(store), body["query"])
    found = sort_contacts(store, found, body.get("sort"))
    return json_response(_page(store, found, per_page, after))


CONTACT_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/contacts", list_contacts),
    ("POST", "/contacts", create_contact),
    ("POST", "/contacts/search", search_contacts),
    ("POST", "/contacts/merge", merge_contacts),
    ("PUT", "/contacts/{contact_id}", update_contact),
    ("DELETE", "/contacts/{contact_id}", delete_contact),
    ("POST", "/contacts/{contact_id}/archive", archive_contact),
    ("POST", "/contacts/{contact_id}/unarchive", unarchive_contact),
    ("POST", "/contacts/{contact_id}/block", block_contact),
]
"""Method, path and handler of each contact endpoint this module serves."""


def add_contact(store: FakeStore, fields: Json) -> Json:
    """A new contact with `fields` (checked as `POST /contacts` checks them), stored: for
    the other areas that make contacts (a converted visitor)."""
    _check_fields(store, fields)
    role = fields.get("role") or "user"
    _check_unique(store, fields, role, None)
    contact = _new_contact(store, int(time.time()))
    _apply(contact, {**fields, "role": role})
    cid = contact["id"]
    store.contacts[cid] = contact
    store.contact_tags[cid], store.contact_companies[cid] = {}, []
    store.contact_opted_in[cid], store.contact_opted_out[cid] = [], []
    return contact
