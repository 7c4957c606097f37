"""The typed keywords of the create and update calls: `**fields: Unpack[ContactFields]`.

One declaration serves mypy (every keyword with its type) and the runtime checks that
`_bodies.Body` reads from the annotations, for the client and the fake alike.
"""

# No `from __future__ import annotations`: `Required` shows in `__required_keys__`
# only when the annotations are evaluated as the class is made.
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from typing_extensions import Required, TypedDict

from ._notgiven import NotGiven

__all__ = ["CompanyCreateFields", "CompanyFields", "ContactFields"]


class ContactFields(TypedDict, total=False):
    """The keywords of `contacts.create()` and `contacts.update()`:
    `create_contact_request` and `update_contact_request` have the same fields."""

    role: Literal["user", "lead"] | NotGiven
    external_id: str | NotGiven
    email: str | NotGiven
    phone: str | NotGiven | None
    name: str | NotGiven | None
    avatar: str | NotGiven | None
    signed_up_at: datetime | int | NotGiven | None
    last_seen_at: datetime | int | NotGiven | None
    owner_id: int | NotGiven | None
    unsubscribed_from_emails: bool | NotGiven | None
    custom_attributes: Mapping[str, Any] | NotGiven | None


class CompanyFields(TypedDict, total=False):
    """The keywords of `companies.update()` (`update_company_request`); no company field
    is nullable."""

    name: str | NotGiven
    plan: str | NotGiven
    size: int | NotGiven
    website: str | NotGiven
    industry: str | NotGiven
    custom_attributes: Mapping[str, Any] | NotGiven
    monthly_spend: int | NotGiven


class CompanyCreateFields(CompanyFields, total=False):
    """The keywords of `companies.create_or_update()` (`create_or_update_company_request`):
    the update fields, your `company_id` and when the company was created in your system."""

    company_id: Required[str]
    remote_created_at: datetime | int | NotGiven
