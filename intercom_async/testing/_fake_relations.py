"""Fake endpoints for everything a contact links to: tags, notes, companies,
subscriptions and segments, plus the company list and scroll.

State lives in the :class:`FakeStore` (relation maps are rendered into contacts and
companies on the way out, so an attach is visible everywhere at once). Segments are
rules evaluated on every request, like Intercom's: tag a contact "VIP" and it is in
the "VIP contacts" segment. The one open company scroll of a workspace is kept in a
:class:`RelationState` beside the store.
"""

from __future__ import annotations

import hashlib
import html
import time
import uuid
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import BASE_TIME, FakeStore, Json, note_author, render_contact
from ._fake_server import MAX_PER_PAGE, STATE_KEY, ApiError, int_query, json_response

__all__ = [
    "RELATION_ROUTES",
    "SCROLL_TTL",
    "SEGMENT_RULES",
    "RelationState",
    "SegmentRule",
    "relation_state",
    "render_company",
    "segment_id",
]

SCROLL_TTL = 60.0
"""Seconds a company scroll stays open without being used (Intercom: one minute)."""
COMPANY_CONTACT_LIMIT = 1000
"""Most companies one contact may belong to."""
_COMPANY_FIELDS = {
    "name": str,
    "company_id": str,
    "plan": str,
    "size": int,
    "website": str,
    "industry": str,
    "custom_attributes": dict,
    "remote_created_at": int,
    "monthly_spend": (int, float),
}
_UPDATE_FIELDS = {
    k: v for k, v in _COMPANY_FIELDS.items() if k not in ("company_id", "remote_created_at")
}


# --- state -------------------------------------------------------------------------


@dataclass
class _Scroll:
    param: str
    remaining: list[str]
    last_used: float


class RelationState:
    """Per-workspace state of these endpoints: the open company scroll and its knobs."""

    def __init__(self) -> None:
        self.clock: Callable[[], float] = time.monotonic
        """Time source of scroll expiry; tests swap it to expire a scroll without waiting."""
        self.scroll_page_size = 50
        self.scroll: _Scroll | None = None


_STATES: weakref.WeakKeyDictionary[FakeStore, RelationState] = weakref.WeakKeyDictionary()


def relation_state(store: FakeStore) -> RelationState:
    """The relation state of ``store``'s workspace, made on first use."""
    state = _STATES.get(store)
    if state is None:
        state = _STATES[store] = RelationState()
    return state


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


def _segments_of(store: FakeStore, kind: str, item: Json) -> list[Json]:
    return [
        _segment_json(rule)
        for rule in SEGMENT_RULES
        if rule.kind == kind and rule.matches(store, item)
    ]


# --- helpers -----------------------------------------------------------------------


def _store(request: web.Request) -> FakeStore:
    return request.app[STATE_KEY].store


def _now() -> int:
    return int(time.time())


def _user_not_found() -> ApiError:
    return ApiError(404, "not_found", "User Not Found")


def _resource_not_found() -> ApiError:
    return ApiError(404, "not_found", "Resource Not Found")


def _company_not_found() -> ApiError:
    return ApiError(404, "company_not_found", "Company Not Found")


def _contact(request: web.Request) -> str:
    contact_id = request.match_info["contact_id"]
    if contact_id not in _store(request).contacts:
        raise _user_not_found()
    return contact_id


def _company(request: web.Request) -> Json:
    company = _store(request).companies.get(request.match_info["company_id"])
    if company is None:
        raise _company_not_found()
    return company


async def _json_object(request: web.Request) -> Json:
    """The request's JSON body as an object; an absent or ``null`` body is ``{}``."""
    raw = await request.read()
    if not raw.strip():
        return {}
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise ApiError(400, "bad_request", "request body is not valid JSON") from None
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise ApiError(400, "bad_request", "request body must be a JSON object")
    return body


def _id_field(body: Json, what: str) -> str:
    """The ``id`` of an attach body (Intercom takes a string or a number)."""
    value = body.get("id")
    if type(value) not in (str, int) or value == "":
        raise ApiError(400, "parameter_not_found", f"{what} not specified")
    return str(value)


def _token_owner(store: FakeStore) -> Json:
    return next(iter(store.admins.values()))


def _numbered_page(request: web.Request, items: Sequence[Json], default_per_page: int) -> Json:
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


def render_company(store: FakeStore, company: Json) -> Json:
    """A company as the API shows it: ``user_count`` and segments derived from the store."""
    return {
        **company,
        "user_count": len(_contacts_of_company(store, company["id"])),
        "segments": {"type": "segment.list", "segments": _segments_of(store, "company", company)},
    }


def _contacts_of_company(store: FakeStore, company_id: str) -> list[str]:
    return [
        contact_id
        for contact_id, company_ids in store.contact_companies.items()
        if company_id in company_ids and contact_id in store.contacts
    ]


# --- tags --------------------------------------------------------------------------


async def create_or_update_tag(request: web.Request) -> web.Response:
    """``POST /tags``: create a tag by name (case-insensitive), or rename one by ``id``."""
    store = _store(request)
    body = await _json_object(request)
    name = body.get("name")
    if set(body) - {"name", "id"} or not isinstance(name, str) or not name.strip():
        raise ApiError(400, "parameter_invalid", "invalid tag parameters")
    if "id" in body:
        tag = store.tags.get(str(body["id"]))
        if tag is None:
            raise _resource_not_found()
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
    store = _store(request)
    tag_id = request.match_info["tag_id"]
    tag = store.tags.get(tag_id)
    if tag is None:
        raise _resource_not_found()
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
    store = _store(request)
    contact_id = _contact(request)
    tag_id = _id_field(await _json_object(request), "tag")
    tag = store.tags.get(tag_id)
    if tag is None:
        raise _resource_not_found()
    applied = store.contact_tags.setdefault(contact_id, {})
    if tag_id not in applied:
        owner = {"type": "admin", "id": _token_owner(store)["id"]}
        applied[tag_id] = {"applied_at": _now(), "applied_by": owner}
    return json_response({**tag, **applied[tag_id]})


async def detach_tag(request: web.Request) -> web.Response:
    """``DELETE /contacts/{contact_id}/tags/{tag_id}``: untag a contact."""
    store = _store(request)
    contact_id = _contact(request)
    tag = store.tags.get(request.match_info["tag_id"])
    if tag is None:
        raise _resource_not_found()
    applied = store.contact_tags.get(contact_id, {}).pop(tag["id"], None)
    return json_response({**tag, **(applied or {})})


# --- notes -------------------------------------------------------------------------


async def create_note(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/notes``: plain text is stored as a ``<p>`` paragraph."""
    store = _store(request)
    contact_id = _contact(request)
    body = await _json_object(request)
    text = body.get("body")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "parameter_not_found", "body not specified")
    admin_id = body.get("admin_id")
    if admin_id is None:
        author = _token_owner(store)
    elif type(admin_id) in (str, int) and str(admin_id) in store.admins:
        author = store.admins[str(admin_id)]
    else:
        raise _resource_not_found()
    note_id = str(max((int(n) for n in store.notes), default=0) + 1)
    store.notes[note_id] = {
        "type": "note",
        "id": note_id,
        "created_at": _now(),
        "contact": {"type": "contact", "id": contact_id},
        "author": note_author(author),
        "body": text if text.lstrip().startswith("<") else f"<p>{html.escape(text)}</p>",
    }
    return json_response(store.notes[note_id])


# --- companies ---------------------------------------------------------------------


def _checked_fields(body: Json, allowed: dict[str, Any]) -> Json:
    for key, value in body.items():
        if key not in allowed:
            raise ApiError(400, "bad_request", f"bad '{key}' parameter")
        if value is not None and (type(value) is bool or not isinstance(value, allowed[key])):
            raise ApiError(400, "parameter_invalid", f"{key} has the wrong type")
    return body


def _apply_company_fields(company: Json, fields: Json) -> None:
    for key, value in fields.items():
        if key == "plan":
            company["plan"] = {} if value is None else {"type": "plan", "id": None, "name": value}
        elif key == "custom_attributes":
            company["custom_attributes"] = {**company.get("custom_attributes", {}), **(value or {})}
        elif key == "monthly_spend" and value is not None:
            company["monthly_spend"] = int(value)
        elif key != "company_id":
            company[key] = value
    company["updated_at"] = _now()


async def create_or_update_company(request: web.Request) -> web.Response:
    """``POST /companies``: look the company up by ``company_id``; update it or create it."""
    store = _store(request)
    fields = _checked_fields(await _json_object(request), _COMPANY_FIELDS)
    remote_id = fields.get("company_id")
    if not remote_id:
        raise ApiError(400, "parameter_not_found", "company_id not specified")
    company = next((c for c in store.companies.values() if c["company_id"] == remote_id), None)
    if company is None:
        now = _now()
        company = {
            "type": "company",
            "company_id": remote_id,
            "id": f"{now:08x}{uuid.uuid4().hex[:16]}",
            "app_id": store.app["id_code"],
            "name": None,
            "remote_created_at": None,
            "created_at": now,
            "updated_at": now,
            "monthly_spend": 0,
            "session_count": 0,
            "user_count": 0,
            "tags": {"type": "tag.list", "tags": []},
            "segments": {"type": "segment.list", "segments": []},
            "plan": {},
            "custom_attributes": {},
        }
        store.companies[company["id"]] = company
    _apply_company_fields(company, fields)
    return json_response(render_company(store, company))


async def update_company(request: web.Request) -> web.Response:
    """``PUT /companies/{company_id}`` by Intercom's id (``company_id`` cannot change)."""
    company = _company(request)
    _apply_company_fields(company, _checked_fields(await _json_object(request), _UPDATE_FIELDS))
    return json_response(render_company(_store(request), company))


async def get_company(request: web.Request) -> web.Response:
    """``GET /companies/{company_id}``."""
    return json_response(render_company(_store(request), _company(request)))


async def delete_company(request: web.Request) -> web.Response:
    """``DELETE /companies/{company_id}``: the company goes and its contacts are detached."""
    store = _store(request)
    company = _company(request)
    del store.companies[company["id"]]
    for company_ids in store.contact_companies.values():
        if company["id"] in company_ids:
            company_ids.remove(company["id"])
    return json_response({"id": company["id"], "object": "company", "deleted": True})


async def find_companies(request: web.Request) -> web.Response:
    """``GET /companies``: by ``company_id`` or ``name`` (404 when none), or filtered by
    ``tag_id`` / ``segment_id``; always a list, as 2.14 documents."""
    store = _store(request)
    query = request.query
    companies = list(store.companies.values())
    if "company_id" in query or "name" in query:
        key = "company_id" if "company_id" in query else "name"
        companies = [c for c in companies if c.get(key) == query[key]]
        if not companies:
            raise _company_not_found()
    if "tag_id" in query:
        companies = [
            c for c in companies if query["tag_id"] in {t["id"] for t in c["tags"]["tags"]}
        ]
    if "segment_id" in query:
        rules = [
            r for r in SEGMENT_RULES if r.kind == "company" and segment_id(r) == query["segment_id"]
        ]
        companies = [c for c in companies if any(r.matches(store, c) for r in rules)]
    rendered = [render_company(store, c) for c in companies]
    return json_response(_numbered_page(request, rendered, 15))


async def list_companies(request: web.Request) -> web.Response:
    """``POST /companies/list``: companies with contacts, by ``last_request_at`` (desc default)."""
    store = _store(request)
    order = request.query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise ApiError(400, "parameter_invalid", "order must be asc or desc")
    listed = [c for c in store.companies.values() if _contacts_of_company(store, c["id"])]
    listed.sort(key=lambda c: (c.get("last_request_at") or 0, c["id"]), reverse=order == "desc")
    rendered = [render_company(store, c) for c in listed]
    return json_response(_numbered_page(request, rendered, 15))


async def scroll_companies(request: web.Request) -> web.Response:
    """``GET /companies/scroll``: one open scroll per workspace, idle ones expire."""
    store = _store(request)
    state = relation_state(store)
    now = state.clock()
    scroll = state.scroll
    if scroll is not None and now - scroll.last_used > SCROLL_TTL:
        scroll = state.scroll = None
    param = request.query.get("scroll_param")
    if not param:
        if scroll is not None:
            raise ApiError(400, "scroll_exists", "scroll already exists for this app")
        ordered = sorted(store.companies.values(), key=lambda c: (c["created_at"], c["id"]))
        scroll = _Scroll(str(uuid.uuid4()), [c["id"] for c in ordered], now)
        state.scroll = scroll
    elif scroll is None or param != scroll.param:
        raise ApiError(400, "parameter_invalid", "scroll_param is invalid or has expired")
    batch = scroll.remaining[: state.scroll_page_size]
    del scroll.remaining[: state.scroll_page_size]
    scroll.last_used = now
    if not batch:
        state.scroll = None
    data = [render_company(store, store.companies[c]) for c in batch if c in store.companies]
    return json_response(
        {
            "type": "list",
            "data": data,
            "pages": None,
            "total_count": None,
            "scroll_param": scroll.param,
        }
    )


async def list_company_contacts(request: web.Request) -> web.Response:
    """``GET /companies/{company_id}/contacts``: page-numbered, 50 a page."""
    store = _store(request)
    contact_ids = _contacts_of_company(store, _company(request)["id"])
    contacts = [render_contact(store, contact_id) for contact_id in contact_ids]
    return json_response(_numbered_page(request, contacts, 50))


async def list_company_segments(request: web.Request) -> web.Response:
    """``GET /companies/{company_id}/segments``."""
    store = _store(request)
    return json_response(
        {"type": "list", "data": _segments_of(store, "company", _company(request))}
    )


async def list_contact_companies(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/companies``: page-numbered, 50 a page."""
    store = _store(request)
    companies = [render_company(store, c) for c in store.companies_of(_contact(request))]
    return json_response(_numbered_page(request, companies, 50))


async def attach_company(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/companies``: attach by Intercom's company id."""
    store = _store(request)
    contact_id = _contact(request)
    company_id = _id_field(await _json_object(request), "company")
    company = store.companies.get(company_id)
    if company is None:
        raise _company_not_found()
    attached = store.contact_companies.setdefault(contact_id, [])
    if company_id not in attached:
        if len(attached) >= COMPANY_CONTACT_LIMIT:
            message = (
                f"Contact has reached the maximum of {COMPANY_CONTACT_LIMIT} company associations"
            )
            raise ApiError(400, "contact_company_limit_exceeded", message)
        attached.append(company_id)
    return json_response(render_company(store, company))


async def detach_company(request: web.Request) -> web.Response:
    """``DELETE /contacts/{contact_id}/companies/{company_id}``."""
    store = _store(request)
    contact_id = _contact(request)
    company = _company(request)
    attached = store.contact_companies.get(contact_id, [])
    if company["id"] in attached:
        attached.remove(company["id"])
    return json_response(render_company(store, company))


# --- subscriptions -----------------------------------------------------------------


async def attach_subscription(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/subscriptions``: record an opt-in or opt-out."""
    store = _store(request)
    contact_id = _contact(request)
    body = await _json_object(request)
    subscription_id = _id_field(body, "subscription")
    consent = body.get("consent_type")
    if consent not in ("opt_in", "opt_out"):
        raise ApiError(400, "parameter_invalid", "consent_type must be opt_in or opt_out")
    subscription = store.subscription_types.get(subscription_id)
    if subscription is None:
        raise _resource_not_found()
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
    store = _store(request)
    contact_id = _contact(request)
    subscription = store.subscription_types.get(request.match_info["subscription_id"])
    if subscription is None:
        raise _resource_not_found()
    for table in (store.contact_opted_in, store.contact_opted_out):
        if subscription["id"] in table.get(contact_id, []):
            table[contact_id].remove(subscription["id"])
    return json_response(subscription)


# --- segments ----------------------------------------------------------------------


async def list_segments(request: web.Request) -> web.Response:
    """``GET /segments``; ``include_count=true`` adds each segment's member count."""
    store = _store(request)
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
    raise _resource_not_found()


async def list_contact_segments(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/segments``: the segments the contact is in right now."""
    store = _store(request)
    contact = store.contacts[_contact(request)]
    return json_response({"type": "list", "data": _segments_of(store, "contact", contact)})


RELATION_ROUTES: list[tuple[str, str, Handler]] = [
    ("POST", "/tags", create_or_update_tag),
    ("DELETE", "/tags/{tag_id}", delete_tag),
    ("POST", "/contacts/{contact_id}/tags", attach_tag),
    ("DELETE", "/contacts/{contact_id}/tags/{tag_id}", detach_tag),
    ("POST", "/contacts/{contact_id}/notes", create_note),
    ("POST", "/companies", create_or_update_company),
    ("GET", "/companies", find_companies),
    ("POST", "/companies/list", list_companies),
    ("GET", "/companies/scroll", scroll_companies),
    ("GET", "/companies/{company_id}", get_company),
    ("PUT", "/companies/{company_id}", update_company),
    ("DELETE", "/companies/{company_id}", delete_company),
    ("GET", "/companies/{company_id}/contacts", list_company_contacts),
    ("GET", "/companies/{company_id}/segments", list_company_segments),
    ("GET", "/contacts/{contact_id}/companies", list_contact_companies),
    ("POST", "/contacts/{contact_id}/companies", attach_company),
    ("DELETE", "/contacts/{contact_id}/companies/{company_id}", detach_company),
    ("POST", "/contacts/{contact_id}/subscriptions", attach_subscription),
    ("DELETE", "/contacts/{contact_id}/subscriptions/{subscription_id}", detach_subscription),
    ("GET", "/segments", list_segments),
    ("GET", "/segments/{segment_id}", get_segment),
    ("GET", "/contacts/{contact_id}/segments", list_contact_segments),
]
"""Routes of this module, appended to ``ROUTES``; ``/companies/scroll`` precedes
``/companies/{company_id}`` so that "scroll" is not taken for an id."""
