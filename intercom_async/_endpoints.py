"""Every endpoint the resources call, declared once (see `_operations.Operation`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._lazy import Imported
from ._operations import Operation
from .models import (
    Admin,
    Company,
    CompanyDeleted,
    Contact,
    ContactArchived,
    ContactBlocked,
    ContactDeleted,
    ContactUnarchived,
    Note,
    Segment,
    SubscriptionType,
    Tag,
)
from .models.companies import CompanyList

__all__ = [
    "ADMINS_GET",
    "ADMINS_LIST",
    "ADMINS_ME",
    "COMPANIES_CONTACTS",
    "COMPANIES_CREATE",
    "COMPANIES_DELETE",
    "COMPANIES_FIND",
    "COMPANIES_GET",
    "COMPANIES_LIST",
    "COMPANIES_SCROLL",
    "COMPANIES_SEGMENTS",
    "COMPANIES_UPDATE",
    "CONTACTS_ARCHIVE",
    "CONTACTS_BLOCK",
    "CONTACTS_COMPANIES",
    "CONTACTS_COMPANY_ATTACH",
    "CONTACTS_COMPANY_DETACH",
    "CONTACTS_CREATE",
    "CONTACTS_DELETE",
    "CONTACTS_FIND_BY_EXTERNAL_ID",
    "CONTACTS_GET",
    "CONTACTS_LIST",
    "CONTACTS_MERGE",
    "CONTACTS_NOTES",
    "CONTACTS_NOTE_CREATE",
    "CONTACTS_SEARCH",
    "CONTACTS_SEGMENTS",
    "CONTACTS_SUBSCRIPTIONS",
    "CONTACTS_SUBSCRIPTION_ATTACH",
    "CONTACTS_SUBSCRIPTION_DETACH",
    "CONTACTS_TAGS",
    "CONTACTS_TAG_ATTACH",
    "CONTACTS_TAG_DETACH",
    "CONTACTS_UNARCHIVE",
    "CONTACTS_UPDATE",
    "LISTS_BY_COLLECTION",
    "METHODS",
    "NOTES_GET",
    "OPERATIONS",
    "SEARCHES_BY_COLLECTION",
    "SEGMENTS_GET",
    "SEGMENTS_LIST",
    "SUBSCRIPTION_TYPES_LIST",
    "TAGS_CREATE",
    "TAGS_DELETE",
    "TAGS_GET",
    "TAGS_LIST",
]

DATA = ("data",)

# Contacts
CONTACTS_GET = Operation("GET", "/contacts/{contact_id}", Contact)
CONTACTS_FIND_BY_EXTERNAL_ID = Operation(
    "GET", "/contacts/find_by_external_id/{external_id}", Contact
)
CONTACTS_LIST = Operation("GET", "/contacts", Contact, items=DATA, paging="pages")
CONTACTS_SEARCH = Operation(
    "POST", "/contacts/search", Contact, items=DATA, paging="pages", resendable=True
)
CONTACTS_CREATE = Operation("POST", "/contacts", Contact)
CONTACTS_UPDATE = Operation("PUT", "/contacts/{contact_id}", Contact)
CONTACTS_DELETE = Operation("DELETE", "/contacts/{contact_id}", ContactDeleted)
CONTACTS_MERGE = Operation("POST", "/contacts/merge", Contact)
CONTACTS_ARCHIVE = Operation("POST", "/contacts/{contact_id}/archive", ContactArchived)
CONTACTS_UNARCHIVE = Operation("POST", "/contacts/{contact_id}/unarchive", ContactUnarchived)
CONTACTS_BLOCK = Operation("POST", "/contacts/{contact_id}/block", ContactBlocked)

# Tags
TAGS_GET = Operation("GET", "/tags/{tag_id}", Tag)
TAGS_LIST = Operation("GET", "/tags", Tag, items=DATA, paging="pages")
TAGS_CREATE = Operation("POST", "/tags", Tag)
TAGS_DELETE = Operation("DELETE", "/tags/{tag_id}", type(None))
"""An empty 200: `tags.delete()` answers a `TagDeleted` of its own."""
CONTACTS_TAGS = Operation("GET", "/contacts/{contact_id}/tags", Tag, items=DATA, paging="pages")
CONTACTS_TAG_ATTACH = Operation("POST", "/contacts/{contact_id}/tags", Tag)
CONTACTS_TAG_DETACH = Operation("DELETE", "/contacts/{contact_id}/tags/{tag_id}", Tag)

# Notes
NOTES_GET = Operation("GET", "/notes/{note_id}", Note)
CONTACTS_NOTES = Operation("GET", "/contacts/{contact_id}/notes", Note, items=DATA, paging="pages")
CONTACTS_NOTE_CREATE = Operation("POST", "/contacts/{contact_id}/notes", Note)

# Segments
SEGMENTS_GET = Operation("GET", "/segments/{segment_id}", Segment)
SEGMENTS_LIST = Operation("GET", "/segments", Segment, items=("segments",), paging="pages")
CONTACTS_SEGMENTS = Operation(
    "GET", "/contacts/{contact_id}/segments", Segment, items=DATA, paging="pages"
)

# Admins
# The 2.14 `admin` and `admin_with_app` schemas are nullable, and so are the items of
# `admin_list.admins`.
ADMINS_GET: Operation[Admin | None] = Operation("GET", "/admins/{admin_id}", Admin, nullable=True)
ADMINS_ME: Operation[Admin | None] = Operation("GET", "/me", Admin, nullable=True)
ADMINS_LIST = Operation("GET", "/admins", Admin, items=("admins",), paging="pages", null_items=True)

# Subscription types
SUBSCRIPTION_TYPES_LIST = Operation(
    "GET", "/subscription_types", SubscriptionType, items=DATA, paging="pages"
)
CONTACTS_SUBSCRIPTIONS = Operation(
    "GET", "/contacts/{contact_id}/subscriptions", SubscriptionType, items=DATA, paging="pages"
)
CONTACTS_SUBSCRIPTION_ATTACH = Operation(
    "POST", "/contacts/{contact_id}/subscriptions", SubscriptionType
)
CONTACTS_SUBSCRIPTION_DETACH = Operation(
    "DELETE", "/contacts/{contact_id}/subscriptions/{subscription_id}", SubscriptionType
)

# Companies
COMPANIES_GET = Operation("GET", "/companies/{company_id}", Company)
COMPANIES_FIND = Operation("GET", "/companies", CompanyList)
"""`?company_id=` or `?name=`: the match in a `company_list` (versions before 2.14 may
send the company itself, which `companies.find()` also takes)."""
COMPANIES_LIST = Operation(
    "POST", "/companies/list", Company, items=DATA, paging="pages", resendable=True
)
COMPANIES_SCROLL = Operation(
    "GET", "/companies/scroll", Company, items=DATA, paging="scroll", resendable=False
)
"""Never resent: a repeated scroll call would skip a page or fail with `scroll_exists`."""
COMPANIES_CONTACTS = Operation(
    "GET", "/companies/{company_id}/contacts", Contact, items=DATA, paging="pages"
)
COMPANIES_SEGMENTS = Operation(
    "GET", "/companies/{company_id}/segments", Segment, items=DATA, paging="pages"
)
COMPANIES_CREATE = Operation("POST", "/companies", Company)
COMPANIES_UPDATE = Operation("PUT", "/companies/{company_id}", Company)
COMPANIES_DELETE = Operation("DELETE", "/companies/{company_id}", CompanyDeleted)
CONTACTS_COMPANIES = Operation(
    # The 2.14 spec names the array `companies`; the API sends `data`.
    "GET",
    "/contacts/{contact_id}/companies",
    Company,
    items=("data", "companies"),
    paging="pages",
)
CONTACTS_COMPANY_ATTACH = Operation("POST", "/contacts/{contact_id}/companies", Company)
CONTACTS_COMPANY_DETACH = Operation(
    "DELETE", "/contacts/{contact_id}/companies/{company_id}", Company
)

LISTS_BY_COLLECTION: Mapping[str, Operation[Any]] = Imported(
    {
        "tags": "_endpoints.TAGS_LIST",
        "admins": "_endpoints.ADMINS_LIST",
        "segments": "_endpoints.SEGMENTS_LIST",
        "subscription_types": "_endpoints.SUBSCRIPTION_TYPES_LIST",
        "teams": "_team_endpoints.LIST_TEAMS",
        "news/newsfeeds": "_newsfeed_endpoints.LIST_NEWSFEEDS",
        "help_center/help_centers": "_help_center_endpoints.LIST_HELP_CENTERS",
    }
)
"""The list endpoint of each collection that a stub may be resolved through (each
imported when first needed: see `_lazy`)."""

NULLABLE_GETS_BY_COLLECTION: dict[str, Operation[Any]] = {"admins": ADMINS_GET}
"""The collections whose GET by id may answer `null` (the spec allows it): a stub of one
that answers so is not found."""

SEARCHES_BY_COLLECTION: Mapping[str, Operation[Any]] = Imported(
    {"conversations": "_conversation_search_endpoints.CONVERSATIONS_BY_IDS"}
)
"""The search endpoint (`id IN [...]`) that stubs of a `batch = "search"` kind other than
contacts are fetched through when several are asked for together."""

OPERATIONS: tuple[Operation[Any], ...] = tuple(
    value for value in dict(globals()).values() if isinstance(value, Operation)
)
"""Every declared operation, for tests and docs."""

METHODS: Final[Mapping[Operation[Any], tuple[str, ...]]] = {
    CONTACTS_GET: ("contacts.get",),
    CONTACTS_FIND_BY_EXTERNAL_ID: ("contacts.find_by_external_id",),
    CONTACTS_LIST: ("contacts.list",),
    CONTACTS_SEARCH: ("contacts.search",),
    CONTACTS_CREATE: ("contacts.create",),
    CONTACTS_UPDATE: ("contacts.update",),
    CONTACTS_DELETE: ("contacts.delete",),
    CONTACTS_MERGE: ("contacts.merge",),
    CONTACTS_ARCHIVE: ("contacts.archive",),
    CONTACTS_UNARCHIVE: ("contacts.unarchive",),
    CONTACTS_BLOCK: ("contacts.block",),
    TAGS_GET: ("tags.get",),
    TAGS_LIST: ("tags.list",),
    TAGS_CREATE: ("tags.create_or_update",),
    TAGS_DELETE: ("tags.delete",),
    CONTACTS_TAGS: ("tags.list_for_contact",),
    CONTACTS_TAG_ATTACH: ("tags.attach_to_contact",),
    CONTACTS_TAG_DETACH: ("tags.detach_from_contact",),
    NOTES_GET: ("notes.get",),
    CONTACTS_NOTES: ("notes.list_for_contact",),
    CONTACTS_NOTE_CREATE: ("notes.create",),
    SEGMENTS_GET: ("segments.get",),
    SEGMENTS_LIST: ("segments.list",),
    CONTACTS_SEGMENTS: ("segments.list_for_contact",),
    ADMINS_GET: ("admins.get",),
    ADMINS_ME: ("admins.me",),
    ADMINS_LIST: ("admins.list",),
    SUBSCRIPTION_TYPES_LIST: ("subscription_types.list",),
    CONTACTS_SUBSCRIPTIONS: ("subscription_types.list_for_contact",),
    CONTACTS_SUBSCRIPTION_ATTACH: ("subscription_types.attach_to_contact",),
    CONTACTS_SUBSCRIPTION_DETACH: ("subscription_types.detach_from_contact",),
    COMPANIES_GET: ("companies.get",),
    COMPANIES_FIND: ("companies.find",),
    COMPANIES_LIST: ("companies.list",),
    COMPANIES_SCROLL: ("companies.scroll",),
    COMPANIES_CONTACTS: ("companies.list_contacts",),
    COMPANIES_SEGMENTS: ("companies.list_segments",),
    COMPANIES_CREATE: ("companies.create_or_update",),
    COMPANIES_UPDATE: ("companies.update",),
    COMPANIES_DELETE: ("companies.delete",),
    CONTACTS_COMPANIES: ("companies.list_for_contact",),
    CONTACTS_COMPANY_ATTACH: ("companies.attach_to_contact",),
    CONTACTS_COMPANY_DETACH: ("companies.detach_from_contact",),
}
"""The `client` methods that call each operation of the contact graph, written by hand
like the resources (the generated areas' `*_endpoints.METHODS` are generated)."""
