"""Fake workspace settings and the 2.15 endpoints, kept in ``store.areas``.

The IP allowlist (read, replaced; a list that would lock out the caller is a 422), away
status reasons, admins set away (each change is an activity log), activity logs, and the
2.15 areas: brands, email settings, Fin Voice calls, workflow exports, a conversation's
handling events and a company's notes. A 2.15 endpoint answers 404 to a request that
says an older ``Intercom-Version``, as an app on that version would.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Handler

from .._versions import API_VERSIONS
from ._fake_data import Json
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
)

__all__ = ["WORKSPACE_AREA_ROUTES", "needs_version"]

ACTIVITY_LOGS_PER_PAGE = 20


def _invalid(message: str) -> ApiError:
    return ApiError(400, "parameter_invalid", message)


def needs_version(
    since: str, handler: Callable[[web.Request], Awaitable[web.Response]]
) -> Callable[[web.Request], Awaitable[web.Response]]:
    """`handler`, answering 404 to a request whose `Intercom-Version` is older than `since`.

    A request without the header is served (the app's default version decides).
    """

    async def gated(request: web.Request) -> web.Response:
        version = request.headers.get("Intercom-Version")
        if version in API_VERSIONS and API_VERSIONS.index(version) < API_VERSIONS.index(since):
            raise ApiError(
                404, "not_found", f"{request.method} {request.path} needs Intercom-Version {since}"
            )
        return await handler(request)

    gated.__doc__ = handler.__doc__
    return gated


# --- IP allowlist, away status reasons, admins -------------------------------------


async def get_ip_allowlist(request: web.Request) -> web.Response:
    """``GET /ip_allowlist``."""
    return json_response(store_of(request).areas.ip_allowlist)


async def update_ip_allowlist(request: web.Request) -> web.Response:
    """``PUT /ip_allowlist``: replaced whole; a list that leaves out the caller is a 422."""
    areas = store_of(request).areas
    body = await json_object(request)
    only_known(body, ("type", "enabled", "ip_allowlist"))
    enabled = body.get("enabled", areas.ip_allowlist["enabled"])
    entries = body.get("ip_allowlist", areas.ip_allowlist["ip_allowlist"])
    if not isinstance(enabled, bool):
        raise _invalid("enabled must be true or false")
    if not isinstance(entries, list) or not all(isinstance(e, str) for e in entries):
        raise _invalid("ip_allowlist must be a list of IP addresses or CIDR ranges")
    try:
        networks = [ipaddress.ip_network(entry, strict=False) for entry in entries]
    except ValueError as exc:
        raise _invalid(f"ip_allowlist: {exc}") from None
    caller = ipaddress.ip_address(request.remote or "127.0.0.1")
    if enabled and not any(caller in network for network in networks):
        raise ApiError(
            422,
            "parameter_invalid",
            f"Your IP ({caller}) is not on the allowlist. Saving would lock you out of this "
            "workspace.",
        )
    areas.ip_allowlist = {"type": "ip_allowlist", "enabled": enabled, "ip_allowlist": entries}
    return json_response(areas.ip_allowlist)


async def list_away_status_reasons(request: web.Request) -> web.Response:
    """``GET /away_status_reasons``: every reason, deleted ones too."""
    reasons = list(store_of(request).areas.away_status_reasons.values())
    return json_response({"type": "list", "data": reasons})


async def set_admin_away(request: web.Request) -> web.Response:
    """``PUT /admins/{admin_id}/away``: the admin's away mode, logged as an activity."""
    store = store_of(request)
    admin = store.admins.get(request.match_info["admin_id"])
    if admin is None:
        raise ApiError(404, "admin_not_found", "Admin for admin_id not found")
    body = await json_object(request)
    only_known(body, ("away_mode_enabled", "away_mode_reassign", "away_status_reason_id"))
    enabled, reassign = body.get("away_mode_enabled"), body.get("away_mode_reassign")
    if not isinstance(enabled, bool) or not isinstance(reassign, bool):
        raise ApiError(
            400, "parameter_not_found", "away_mode_enabled and away_mode_reassign are required"
        )
    reason_id = body.get("away_status_reason_id")
    if reason_id is not None:
        reason = store.areas.away_status_reasons.get(str(reason_id))
        if isinstance(reason_id, bool) or reason is None:
            raise _invalid("Away status reason not found")
        if reason["deleted"]:
            raise _invalid("Away status reason is deleted")
    admin.update(
        away_mode_enabled=enabled,
        away_mode_reassign=reassign,
        # An integer, as the `admin` schema says (its example sends a string).
        away_status_reason_id=None if reason_id is None or not enabled else int(reason_id),
    )
    store.areas.activity_logs.append(
        {
            "id": str(uuid.uuid4()),
            "activity_type": "admin_away_mode_change",
            "activity_description": f"{admin['name']} changed their away mode.",
            "created_at": epoch_now(),
            "metadata": {"away_mode": enabled, "reassign_conversations": reassign},
            "performed_by": {
                "type": "admin",
                "id": admin["id"],
                "email": admin["email"],
                "ip": request.remote or "127.0.0.1",
            },
        }
    )
    return json_response(admin)


def _timestamp(request: web.Request, name: str, *, required: bool) -> int | None:
    raw = request.query.get(name)
    if raw is None or raw == "":
        if required:
            raise ApiError(400, "parameter_not_found", f"{name} is required")
        return None
    if not raw.isdigit():
        raise _invalid(f"{name} must be a UNIX timestamp")
    return int(raw)


async def list_activity_logs(request: web.Request) -> web.Response:
    """``GET /admins/activity_logs?created_at_after=...``: newest first, cursor pages."""
    after = _timestamp(request, "created_at_after", required=True) or 0
    before = _timestamp(request, "created_at_before", required=False)
    logs = [
        log
        for log in reversed(store_of(request).areas.activity_logs)
        if log["created_at"] >= after and (before is None or log["created_at"] <= before)
    ]
    per_page = int_query(request, "per_page", ACTIVITY_LOGS_PER_PAGE, 150)
    page = cursor_page(logs, per_page=per_page, starting_after=request.query.get("starting_after"))
    return json_response(
        {"type": "activity_log.list", "activity_logs": page["data"], "pages": page["pages"]}
    )


# --- 2.15: brands, emails, Fin Voice, workflows, handling events, company notes ------


async def list_brands(request: web.Request) -> web.Response:
    """``GET /brands``."""
    return json_response({"type": "list", "data": list(store_of(request).areas.brands.values())})


async def get_brand(request: web.Request) -> web.Response:
    """``GET /brands/{id}``."""
    brand = store_of(request).areas.brands.get(request.match_info["id"])
    if brand is None:
        raise ApiError(404, "not_found", "Brand not found")
    return json_response(brand)


async def list_emails(request: web.Request) -> web.Response:
    """``GET /emails``."""
    return json_response({"type": "list", "data": list(store_of(request).areas.emails.values())})


async def get_email(request: web.Request) -> web.Response:
    """``GET /emails/{id}``."""
    email = store_of(request).areas.emails.get(request.match_info["id"])
    if email is None:
        raise ApiError(404, "not_found", "Email setting not found")
    return json_response(email)


def _call_not_found() -> ApiError:
    return ApiError(404, "not_found", "External reference not found")


async def register_fin_voice_call(request: web.Request) -> web.Response:
    """``POST /fin_voice/register``: a call, `registered`; the same call id twice is a 409."""
    areas = store_of(request).areas
    body = await json_object(request)
    only_known(body, ("phone_number", "call_id", "source", "data"))
    phone, call_id = body.get("phone_number"), body.get("call_id")
    if not isinstance(phone, str) or not phone or not isinstance(call_id, str) or not call_id:
        raise ApiError(400, "parameter_not_found", "phone_number and call_id are required")
    if not phone.startswith("+") or not phone[1:].isdigit():
        raise _invalid("phone_number must be in E.164 format")
    if body.get("source") not in (None, "five9", "zoom_phone", "aws_connect"):
        raise _invalid("source must be five9, zoom_phone or aws_connect")
    if any(call["external_call_id"] == call_id for call in areas.fin_voice_calls.values()):
        raise ApiError(409, "conflict", f"A call with call_id {call_id} is already registered")
    reference = max(areas.fin_voice_calls, default=1000) + 1
    call: Json = {
        "id": reference,
        "app_id": 12345,
        "user_phone_number": phone,
        "external_call_id": call_id,
        "status": "registered",
        "intercom_call_id": None,
        "intercom_conversation_id": None,
        "call_summary": "",
        "call_transcript": [],
        "intent": [],
    }
    areas.fin_voice_calls[reference] = call
    return json_response(call)


async def collect_call_by_id(request: web.Request) -> web.Response:
    """``GET /fin_voice/collect/{id}``: by the external reference id (an integer)."""
    raw = request.match_info["id"]
    call = store_of(request).areas.fin_voice_calls.get(int(raw)) if raw.isdigit() else None
    if call is None:
        raise _call_not_found()
    return json_response(call)


def _first_call(request: web.Request, key: str, value: str) -> web.Response:
    calls = [c for c in store_of(request).areas.fin_voice_calls.values() if c[key] == value]
    if not calls:
        raise _call_not_found()
    return json_response(calls[-1])


async def collect_call_by_external_id(request: web.Request) -> web.Response:
    """``GET /fin_voice/external_id/{external_id}``."""
    return _first_call(request, "external_call_id", request.match_info["external_id"])


async def collect_call_by_phone_number(request: web.Request) -> web.Response:
    """``GET /fin_voice/phone_number/{phone_number}``: the latest call from the number."""
    return _first_call(request, "user_phone_number", request.match_info["phone_number"])


async def collect_calls_by_conversation(request: web.Request) -> web.Response:
    """``GET /fin_voice/conversation/{conversation_id}``: an array, empty if none."""
    wanted = request.match_info["conversation_id"]
    calls = store_of(request).areas.fin_voice_calls.values()
    return json_response([c for c in calls if c["intercom_conversation_id"] == wanted])


async def export_workflow(request: web.Request) -> web.Response:
    """``GET /export/workflows/{id}``."""
    exported = store_of(request).areas.workflows.get(request.match_info["id"])
    if exported is None:
        raise ApiError(404, "not_found", "Workflow not found")
    return json_response(exported)


async def list_handling_events(request: web.Request) -> web.Response:
    """``GET /conversations/{id}/handling_events``: one page, oldest first."""
    store = store_of(request)
    conversation_id = request.match_info["id"]
    if conversation_id not in store.conversations:
        raise resource_not_found()
    return json_response({"handling_events": store.areas.handling_events.get(conversation_id, [])})


async def list_company_notes(request: web.Request) -> web.Response:
    """``GET /companies/{company_id}/notes``: newest first, cursor pages."""
    store = store_of(request)
    company_id = request.match_info["company_id"]
    if company_id not in store.companies:
        raise ApiError(404, "company_not_found", "Company Not Found")
    notes = store.areas.company_notes.get(company_id, [])
    per_page = int_query(request, "per_page", 50, 150)
    return json_response(
        cursor_page(notes, per_page=per_page, starting_after=request.query.get("starting_after"))
    )


WORKSPACE_AREA_ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/ip_allowlist", get_ip_allowlist),
    ("PUT", "/ip_allowlist", update_ip_allowlist),
    ("GET", "/away_status_reasons", list_away_status_reasons),
    ("GET", "/admins/activity_logs", list_activity_logs),
    ("PUT", "/admins/{admin_id}/away", set_admin_away),
    ("GET", "/brands", needs_version("2.15", list_brands)),
    ("GET", "/brands/{id}", needs_version("2.15", get_brand)),
    ("GET", "/emails", needs_version("2.15", list_emails)),
    ("GET", "/emails/{id}", needs_version("2.15", get_email)),
    ("POST", "/fin_voice/register", needs_version("2.15", register_fin_voice_call)),
    ("GET", "/fin_voice/collect/{id}", needs_version("2.15", collect_call_by_id)),
    (
        "GET",
        "/fin_voice/external_id/{external_id}",
        needs_version("2.15", collect_call_by_external_id),
    ),
    (
        "GET",
        "/fin_voice/phone_number/{phone_number}",
        needs_version("2.15", collect_call_by_phone_number),
    ),
    (
        "GET",
        "/fin_voice/conversation/{conversation_id}",
        needs_version("2.15", collect_calls_by_conversation),
    ),
    ("GET", "/export/workflows/{id}", needs_version("2.15", export_workflow)),
    ("GET", "/conversations/{id}/handling_events", needs_version("2.15", list_handling_events)),
    ("GET", "/companies/{company_id}/notes", needs_version("2.15", list_company_notes)),
]
"""Served before the basic routes: `/admins/activity_logs` is not an admin's id."""
