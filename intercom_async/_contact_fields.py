"""Request bodies of the contact writes (`create_contact_request`, `update_contact_request`).

Pure functions: they drop fields left at `NOT_GIVEN`, keep `None` as JSON null where
the 2.14 schema marks the field nullable, turn datetimes into epoch seconds and
reject values of the wrong type before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from ._notgiven import NotGiven
from ._search import epoch_seconds

__all__ = ["CONTACT_ROLES", "MAX_PER_PAGE", "check_per_page", "contact_body", "merge_body"]

CONTACT_ROLES: Final = ("user", "lead")
MAX_PER_PAGE: Final = 150
"""Largest page Intercom serves for contact lists and searches."""

# field -> (accepted types, nullable); the schemas' `nullable: true` decides the second.
_FIELDS: Mapping[str, tuple[tuple[type, ...], bool]] = {
    "role": ((str,), False),
    "external_id": ((str,), False),
    "email": ((str,), False),
    "phone": ((str,), True),
    "name": ((str,), True),
    "avatar": ((str,), True),
    "signed_up_at": ((datetime, int), True),
    "last_seen_at": ((datetime, int), True),
    "owner_id": ((int,), True),
    "unsubscribed_from_emails": ((bool,), True),
    "custom_attributes": ((Mapping,), True),
}
_IDENTIFIERS = ("email", "external_id", "role")


def contact_body(fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The JSON body of `POST /contacts` (`creating`) or `PUT /contacts/{id}`."""
    body: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, NotGiven):
            continue
        if name not in _FIELDS:
            raise TypeError(f"unknown contact field {name!r}; expected one of {', '.join(_FIELDS)}")
        body[name] = _checked(name, value)
    if creating and not any(name in body for name in _IDENTIFIERS):
        raise ValueError("create() needs at least one of email, external_id or role")
    if not creating and not body:
        raise ValueError("update() needs at least one field to change")
    return body


def _checked(name: str, value: Any) -> Any:
    accepted, nullable = _FIELDS[name]
    if value is None:
        if not nullable:
            raise ValueError(f"{name} cannot be None (the API has no null {name}); leave it out")
        return None
    # bool is an int subclass; only the boolean field takes it.
    if isinstance(value, bool) and bool not in accepted:
        raise TypeError(f"{name} must be {_names(accepted)}, got bool {value!r}")
    if not isinstance(value, accepted):
        raise TypeError(
            f"{name} must be {_names(accepted)}, got {type(value).__name__} {value!r:.60}"
        )
    if name == "role" and value not in CONTACT_ROLES:
        raise ValueError(f"role must be 'user' or 'lead', got {value!r}")
    if isinstance(value, datetime):
        return epoch_seconds(value)
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _names(types: tuple[type, ...]) -> str:
    return " or ".join("a mapping" if kind is Mapping else kind.__name__ for kind in types)


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
