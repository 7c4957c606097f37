"""Request bodies as typed attrs models, checked the same way by the client and the fake.

A field left at `NOT_GIVEN` is not sent; `None` is JSON null where the 2.14 schema marks
the field nullable and refused elsewhere; datetimes become epoch seconds. The client
builds one from keyword arguments (`ContactFields(email=...).to_json()`), the fake
server from the JSON it received (`ContactFields.from_json(body)`), so both refuse the
same wrong types. Rules of one call (create needs an identifier) stay with the call.
`tests/test_bodies.py` checks them against the spec's request schemas.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar, Literal, TypeVar

import attrs

from ._notgiven import NOT_GIVEN, NotGiven
from ._search import epoch_seconds

__all__ = [
    "Body",
    "CompanyCreateFields",
    "CompanyFields",
    "ContactFields",
    "company_body",
    "contact_body",
]

B = TypeVar("B", bound="Body")


def _names(types: tuple[type, ...]) -> str:
    return " or ".join("a mapping" if kind is Mapping else kind.__name__ for kind in types)


def _checked(*types: type, nullable: bool = False, choices: tuple[str, ...] = ()) -> Any:
    """A `NOT_GIVEN`-defaulted field that refuses values the API would not take."""

    def check(_: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        name = attribute.name
        if isinstance(value, NotGiven):
            return
        if value is None:
            if not nullable:
                raise ValueError(
                    f"{name} cannot be None (the API has no null {name}); leave it out"
                )
            return
        # bool is an int subclass: only a boolean field takes it.
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            raise TypeError(
                f"{name} must be {_names(types)}, got {type(value).__name__} {value!r:.60}"
            )
        if choices and value not in choices:
            raise ValueError(f"{name} must be {' or '.join(map(repr, choices))}, got {value!r}")

    return attrs.field(default=NOT_GIVEN, validator=check)


@attrs.frozen(kw_only=True)
class Body:
    """A request body: `to_json()` for the wire, `from_json()` to check one received."""

    label: ClassVar[str] = "request"
    """What error messages call a field of this body (`unknown contact field 'x'`)."""

    def to_json(self) -> dict[str, Any]:
        """The JSON object to send: given fields only, datetimes as epoch seconds."""
        body: dict[str, Any] = {}
        for field in attrs.fields(type(self)):
            value = getattr(self, field.name)
            if isinstance(value, NotGiven):
                continue
            if isinstance(value, datetime):
                value = epoch_seconds(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            body[field.name] = value
        return body

    @classmethod
    def from_json(cls: type[B], data: Mapping[str, Any]) -> B:
        """`data` checked as this body: `TypeError` or `ValueError` naming what is wrong."""
        known = attrs.fields_dict(cls)
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise TypeError(
                f"unknown {cls.label} field {unknown[0]!r}; expected one of {', '.join(known)}"
            )
        return cls(**data)


_EPOCH = (datetime, int)


@attrs.frozen(kw_only=True)
class ContactFields(Body):
    """`create_contact_request` and `update_contact_request`: the same fields."""

    label = "contact"

    role: Literal["user", "lead"] | NotGiven = _checked(str, choices=("user", "lead"))
    external_id: str | NotGiven = _checked(str)
    email: str | NotGiven = _checked(str)
    phone: str | NotGiven | None = _checked(str, nullable=True)
    name: str | NotGiven | None = _checked(str, nullable=True)
    avatar: str | NotGiven | None = _checked(str, nullable=True)
    signed_up_at: datetime | int | NotGiven | None = _checked(*_EPOCH, nullable=True)
    last_seen_at: datetime | int | NotGiven | None = _checked(*_EPOCH, nullable=True)
    owner_id: int | NotGiven | None = _checked(int, nullable=True)
    unsubscribed_from_emails: bool | NotGiven | None = _checked(bool, nullable=True)
    custom_attributes: Mapping[str, Any] | NotGiven | None = _checked(Mapping, nullable=True)


@attrs.frozen(kw_only=True)
class CompanyFields(Body):
    """`update_company_request`; no company field is nullable."""

    label = "company"

    name: str | NotGiven = _checked(str)
    plan: str | NotGiven = _checked(str)
    size: int | NotGiven = _checked(int)
    website: str | NotGiven = _checked(str)
    industry: str | NotGiven = _checked(str)
    custom_attributes: Mapping[str, Any] | NotGiven = _checked(Mapping)
    monthly_spend: int | NotGiven = _checked(int)


@attrs.frozen(kw_only=True)
class CompanyCreateFields(CompanyFields):
    """`create_or_update_company_request`: the update fields, your `company_id` and when
    the company was created in your system."""

    company_id: str | NotGiven = _checked(str)
    remote_created_at: datetime | int | NotGiven = _checked(*_EPOCH)


def contact_body(fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The JSON body of `POST /contacts` (`creating`) or `PUT /contacts/{id}`."""
    body = ContactFields.from_json(fields).to_json()
    if creating and not any(name in body for name in ("email", "external_id", "role")):
        raise ValueError("create() needs at least one of email, external_id or role")
    if not creating and not body:
        raise ValueError("update() needs at least one field to change")
    return body


def company_body(fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The JSON body of `POST /companies` (`creating`) or `PUT /companies/{id}`."""
    body = (CompanyCreateFields if creating else CompanyFields).from_json(fields).to_json()
    if creating and not body.get("company_id"):
        raise ValueError("create_or_update() needs a non-empty company_id (your id)")
    if not creating and not body:
        raise ValueError("update() needs at least one field to change")
    return body
