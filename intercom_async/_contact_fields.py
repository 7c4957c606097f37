"""Argument checks of the contact calls: roles, page sizes, the merge body.

The create and update keywords are `_request_fields.ContactFields`, checked by `_bodies`.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CONTACT_ROLES", "MAX_PER_PAGE", "check_per_page", "merge_body"]

CONTACT_ROLES: Final = ("user", "lead")
MAX_PER_PAGE: Final = 150
"""Largest page Intercom serves for contact lists and searches."""


def merge_body(from_id: str, into_id: str) -> dict[str, str]:
    """`merge_contacts_request`: `from` must be a lead, `into` a user (checked by the server)."""
    for name, value in (("from_id", from_id), ("into_id", into_id)):
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name} must be a non-empty contact id, got {value!r}")
    if from_id == into_id:
        raise ValueError(f"cannot merge contact {from_id!r} into itself")
    return {"from": from_id, "into": into_id}


def check_per_page(per_page: int) -> int:
    """`per_page` if it is an int in 1..150, else a clear error (before any request)."""
    if type(per_page) is not int or not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be an integer from 1 to {MAX_PER_PAGE}, got {per_page!r}")
    return per_page
