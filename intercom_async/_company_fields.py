"""Request bodies of the company writes (`create_or_update_company_request`,
`update_company_request`).

Pure functions: fields left at `NOT_GIVEN` are dropped, values of the wrong type are
refused before anything is sent, datetimes become epoch seconds. No company field is
nullable in the 2.14 schemas, so `None` is refused too rather than sent as null.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from ._notgiven import NotGiven

__all__ = ["company_body"]

_FIELDS: Mapping[str, tuple[type, ...]] = {
    "company_id": (str,),
    "name": (str,),
    "plan": (str,),
    "size": (int,),
    "website": (str,),
    "industry": (str,),
    "custom_attributes": (Mapping,),
    "remote_created_at": (datetime, int),
    "monthly_spend": (int,),
}
_CREATE_ONLY = frozenset({"company_id", "remote_created_at"})


def company_body(fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The JSON body of `POST /companies` (`creating`) or `PUT /companies/{id}`."""
    body: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, NotGiven):
            continue
        if name not in _FIELDS or (name in _CREATE_ONLY and not creating):
            raise TypeError(f"unknown company field {name!r} for this call")
        body[name] = _checked(name, value)
    if creating and not body.get("company_id"):
        raise ValueError("create_or_update() needs a non-empty company_id (your id)")
    if not creating and not body:
        raise ValueError("update() needs at least one field to change")
    return body


def _checked(name: str, value: Any) -> Any:
    accepted = _FIELDS[name]
    if value is None:
        raise ValueError(f"{name} cannot be None (the API has no null {name}); leave it out")
    # bool is an int subclass, and no company field is a boolean.
    if isinstance(value, bool) or not isinstance(value, accepted):
        expected = " or ".join("a mapping" if t is Mapping else t.__name__ for t in accepted)
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__} {value!r:.60}")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{name} must be timezone-aware (e.g. tzinfo=timezone.utc)")
        return int(value.timestamp())
    if isinstance(value, Mapping):
        return dict(value)
    return value
