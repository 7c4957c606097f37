"""Fake company endpoints: reads, writes, the company list and the company scroll,
and attaching companies to contacts.

A company's ``user_count`` and segments are derived from the store on every read. The
one open scroll of a workspace is kept in the store's ``company_state``.
"""

from __future__ import annotations

import uuid

from aiohttp import web
from aiohttp.typedefs import Handler

from .._bodies import COMPANY_CREATE, COMPANY_UPDATE
from ._fake_bodies import checked_body
from ._fake_data import CompanyScroll, FakeStore, Json, render_contact
from ._fake_http import (
    ApiError,
    contact_id_of,
    epoch_now,
    json_object,
    json_response,
    store_of,
)
from ._fake_relations import (
    SEGMENT_RULES,
    id_field,
    numbered_page,
    segment_id,
    segments_of,
)

__all__ = [
    "COMPANY_CONTACT_LIMIT",
    "COMPANY_ROUTES",
    "SCROLL_TTL",
    "render_company",
]

SCROLL_TTL = 60.0
"""Seconds a company scroll stays open without being used (Intercom: one minute)."""
COMPANY_CONTACT_LIMIT = 1000
"""Most companies one contact may belong to."""


# --- state -------------------------------------------------------------------------


def _company_not_found() -> ApiError:
    return ApiError(404, "company_not_found", "Company Not Found")


def _company(request: web.Request) -> Json:
    company = store_of(request).companies.get(request.match_info["company_id"])
    if company is None:
        raise _company_not_found()
    return company


def render_company(store: FakeStore, company: Json) -> Json:
    """A company as the API shows it: ``user_count`` and segments derived from the store."""
    return {
        **company,
        "user_count": len(_contacts_of_company(store, company["id"])),
        "segments": {"type": "segment.list", "segments": segments_of(store, "company", company)},
    }


def _contacts_of_company(store: FakeStore, company_id: str) -> list[str]:
    return [
        contact_id
        for contact_id, company_ids in store.contact_companies.items()
        if company_id in company_ids and contact_id in store.contacts
    ]


# --- companies ---------------------------------------------------------------------


def _apply_company_fields(company: Json, fields: Json) -> None:
    for key, value in fields.items():
        if key == "plan":
            company["plan"] = {} if value is None else {"type": "plan", "id": None, "name": value}
        elif key == "custom_attributes":
            company["custom_attributes"] = {**company.get("custom_attributes", {}), **(value or {})}
        elif key != "company_id":
            company[key] = value
    company["updated_at"] = epoch_now()


async def create_or_update_company(request: web.Request) -> web.Response:
    """``POST /companies``: look the company up by ``company_id``; update it or create it."""
    store = store_of(request)
    # An unknown company field is a `bad_request`, as the spec's example shows.
    fields = await checked_body(request, COMPANY_CREATE, unknown_code="bad_request")
    remote_id = fields["company_id"]
    company = next((c for c in store.companies.values() if c["company_id"] == remote_id), None)
    if company is None:
        now = epoch_now()
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
    body = await checked_body(request, COMPANY_UPDATE, unknown_code="bad_request")
    _apply_company_fields(company, body)
    return json_response(render_company(store_of(request), company))


async def get_company(request: web.Request) -> web.Response:
    """``GET /companies/{company_id}``."""
    return json_response(render_company(store_of(request), _company(request)))


async def delete_company(request: web.Request) -> web.Response:
    """``DELETE /companies/{company_id}``: the company goes and its contacts are detached."""
    store = store_of(request)
    company = _company(request)
    del store.companies[company["id"]]
    for company_ids in store.contact_companies.values():
        if company["id"] in company_ids:
            company_ids.remove(company["id"])
    return json_response({"id": company["id"], "object": "company", "deleted": True})


async def find_companies(request: web.Request) -> web.Response:
    """``GET /companies``: by ``company_id`` or ``name`` (404 when none), or filtered by
    ``tag_id`` / ``segment_id``; always a list, as 2.14 documents."""
    store = store_of(request)
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
    return json_response(numbered_page(request, rendered, 15))


async def list_companies(request: web.Request) -> web.Response:
    """``POST /companies/list``: companies with contacts, by ``last_request_at`` (desc default)."""
    store = store_of(request)
    order = request.query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise ApiError(400, "parameter_invalid", "order must be asc or desc")
    listed = [c for c in store.companies.values() if _contacts_of_company(store, c["id"])]
    listed.sort(key=lambda c: (c.get("last_request_at") or 0, c["id"]), reverse=order == "desc")
    rendered = [render_company(store, c) for c in listed]
    return json_response(numbered_page(request, rendered, 15))


async def scroll_companies(request: web.Request) -> web.Response:
    """``GET /companies/scroll``: one open scroll per workspace, idle ones expire; a spent
    scroll answers an empty page or ``null``, by ``company_state.scroll_end``."""
    store = store_of(request)
    state = store.company_state
    now = state.clock()
    scroll = state.scroll
    if scroll is not None and now - scroll.last_used > SCROLL_TTL:
        scroll = state.scroll = None
    param = request.query.get("scroll_param")
    if not param:
        if scroll is not None:
            raise ApiError(400, "scroll_exists", "scroll already exists for this app")
        ordered = sorted(store.companies.values(), key=lambda c: (c["created_at"], c["id"]))
        scroll = CompanyScroll(str(uuid.uuid4()), [c["id"] for c in ordered], now)
        state.scroll = scroll
    elif scroll is None or param != scroll.param:
        raise ApiError(400, "parameter_invalid", "scroll_param is invalid or has expired")
    batch = scroll.remaining[: state.scroll_page_size]
    del scroll.remaining[: state.scroll_page_size]
    scroll.last_used = now
    if not batch:
        state.scroll = None
        if state.scroll_end == "null":
            return json_response(None)
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
    store = store_of(request)
    contact_ids = _contacts_of_company(store, _company(request)["id"])
    contacts = [render_contact(store, contact_id) for contact_id in contact_ids]
    return json_response(numbered_page(request, contacts, 50))


async def list_company_segments(request: web.Request) -> web.Response:
    """``GET /companies/{company_id}/segments``."""
    store = store_of(request)
    return json_response({"type": "list", "data": segments_of(store, "company", _company(request))})


async def list_contact_companies(request: web.Request) -> web.Response:
    """``GET /contacts/{contact_id}/companies``: page-numbered, 50 a page."""
    store = store_of(request)
    companies = [render_company(store, c) for c in store.companies_of(contact_id_of(request))]
    return json_response(numbered_page(request, companies, 50))


async def attach_company(request: web.Request) -> web.Response:
    """``POST /contacts/{contact_id}/companies``: attach by Intercom's company id."""
    store = store_of(request)
    contact_id = contact_id_of(request)
    company_id = id_field(await json_object(request), "company")
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
    store = store_of(request)
    contact_id = contact_id_of(request)
    company = _company(request)
    attached = store.contact_companies.get(contact_id, [])
    if company["id"] in attached:
        attached.remove(company["id"])
    return json_response(render_company(store, company))


COMPANY_ROUTES: list[tuple[str, str, Handler]] = [
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
]
"""Routes of this module, appended to ``ROUTES``; ``/companies/scroll`` precedes
``/companies/{company_id}`` so that "scroll" is not taken for an id."""
