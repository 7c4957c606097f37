"""Contacts, the users and leads of a workspace, and the notes teammates leave on them.

They live in one module because each refers to the other (`contact.notes`,
`note.contact`), and modules here never import each other in a circle.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs

from .._model import Model, wire
from .._public import publish
from .._refs import Ref, RefList
from .._wire_types import wire_type
from .admins import Admin, AdminRef
from .common import Avatar
from .companies import CompanyRefList
from .subscriptions import SubscriptionTypeRefList
from .tags import TagRefList

__all__ = [
    "Contact",
    "ContactRef",
    "Location",
    "Note",
    "NoteRef",
    "NoteRefList",
    "SocialProfile",
    "SocialProfiles",
]


@attrs.frozen(kw_only=True, getstate_setstate=False)
class ContactRef(Ref["Contact"]):
    """A contact stub; `await ref.fetch()` -> `Contact` (`GET /contacts/{id}`)."""

    collection = "contacts"
    batch = "search"
    type: str = "contact"


@attrs.frozen(kw_only=True)
class Note(Model):
    """A note (`GET /notes/{id}`); `contact` is a stub, `await note.contact.fetch()`."""

    type: str = "note"
    id: str
    created_at: datetime | None = None
    contact: ContactRef | None = None
    author: Admin | None = None
    body: str | None = None


@attrs.frozen(kw_only=True, getstate_setstate=False)
class NoteRef(Ref["Note"]):
    """A note stub; `await ref.fetch()` -> `Note` (`GET /notes/{id}`)."""

    collection = "notes"
    type: str = "note"


@attrs.frozen(kw_only=True, getstate_setstate=False)
class NoteRefList(RefList["Note"]):
    """`contact.notes`: embedded note stubs and `/contacts/{id}/notes`."""

    ref_type = NoteRef
    refs: tuple[NoteRef, ...] = attrs.field(default=(), metadata=wire("data"))


NoteRef.target = Note


@attrs.frozen(kw_only=True)
class Location(Model):
    """Where a contact was last seen."""

    type: str | None = "location"
    country: str | None = None
    region: str | None = None
    city: str | None = None
    country_code: str | None = None
    continent_code: str | None = None


@attrs.frozen(kw_only=True)
class SocialProfile(Model):
    """One social network profile of a contact."""

    type: str = "social_profile"
    name: str | None = None
    url: str | None = None


@attrs.frozen(kw_only=True)
class SocialProfiles(Model):
    """`{"type": "list", "data": [...]}` of social profiles."""

    type: str = "list"
    data: tuple[SocialProfile, ...] = ()


def _owner_of(contact: Contact) -> AdminRef | None:
    if contact.owner_id is None:
        return None
    return AdminRef(id=str(contact.owner_id), url=f"/admins/{contact.owner_id}")


@wire_type("contact", collection="/contacts")
@attrs.frozen(kw_only=True)
class Contact(Model):
    """A user or lead (`GET /contacts/{id}`).

    `tags`, `notes`, `companies` and the subscription lists hold stubs to fetch
    lazily; `owner` is `owner_id` as an `AdminRef` (None when there is no owner).
    """

    type: str = "contact"
    id: str
    workspace_id: str | None = None
    external_id: str | None = None
    role: str | None = None
    email: str | None = None
    email_domain: str | None = None
    phone: str | None = None
    name: str | None = None
    avatar: Avatar | None = None
    owner_id: int | None = None
    social_profiles: SocialProfiles | None = None
    has_hard_bounced: bool | None = None
    marked_email_as_spam: bool | None = None
    unsubscribed_from_emails: bool | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    signed_up_at: datetime | None = None
    last_seen_at: datetime | None = None
    last_replied_at: datetime | None = None
    last_contacted_at: datetime | None = None
    last_email_opened_at: datetime | None = None
    last_email_clicked_at: datetime | None = None
    language_override: str | None = None
    browser: str | None = None
    browser_version: str | None = None
    browser_language: str | None = None
    os: str | None = None
    location: Location | None = None
    android_app_name: str | None = None
    android_app_version: str | None = None
    android_device: str | None = None
    android_os_version: str | None = None
    android_sdk_version: str | None = None
    android_last_seen_at: datetime | None = None
    ios_app_name: str | None = None
    ios_app_version: str | None = None
    ios_device: str | None = None
    ios_os_version: str | None = None
    ios_sdk_version: str | None = None
    ios_last_seen_at: datetime | None = None
    custom_attributes: dict[str, Any] = attrs.field(factory=dict)
    tags: TagRefList = attrs.field(factory=TagRefList)
    notes: NoteRefList = attrs.field(factory=NoteRefList)
    companies: CompanyRefList = attrs.field(factory=CompanyRefList)
    opted_out_subscription_types: SubscriptionTypeRefList = attrs.field(
        factory=SubscriptionTypeRefList
    )
    opted_in_subscription_types: SubscriptionTypeRefList = attrs.field(
        factory=SubscriptionTypeRefList
    )
    utm_campaign: str | None = None
    utm_content: str | None = None
    utm_medium: str | None = None
    utm_source: str | None = None
    utm_term: str | None = None
    referrer: str | None = None
    enabled_push_messaging: bool | None = None
    owner: AdminRef | None = attrs.field(
        default=attrs.Factory(_owner_of, takes_self=True),
        init=False,
        repr=False,
        eq=False,
        metadata={"bind": True},
    )
    """The owning admin as a stub to fetch (from `owner_id`), or None when there is none."""


ContactRef.target = Contact

publish("intercom_async.models", globals(), __all__)  # before first use: see _lazy
