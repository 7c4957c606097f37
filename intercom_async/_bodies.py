"""Request bodies, checked the same way by the client and the fake.

Each body's fields are declared once, as the `TypedDict` of the call's keywords in
`_request_fields` (`**fields: Unpack[ContactFields]`, so mypy checks every keyword); a
`Body` reads its runtime checks from those annotations. A field left at `NOT_GIVEN` is
not sent; `None` is JSON null where the 2.14 schema marks the field nullable and refused
elsewhere; datetimes become epoch seconds. The client checks its keywords
(`CONTACT.checked(fields)`), the fake server the JSON it received, so both refuse the
same wrong types; the fake asks for the messages in JSON terms (`checked(data, json=True)`:
"a string", "null") and answers a field it does not know with Intercom's own 400. Rules of
one call (create needs an identifier) stay with the call. `tests/test_bodies.py` checks
the bodies against the spec's request schemas.
"""

from __future__ import annotations

import types
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Literal, Union, get_args, get_origin

import attrs
from typing_extensions import get_type_hints

from ._notgiven import NotGiven
from ._request_fields import CompanyCreateFields, CompanyFields, ContactFields
from ._search import epoch_seconds

__all__ = [
    "COMPANY_CREATE",
    "COMPANY_UPDATE",
    "CONTACT",
    "Body",
    "UnknownFieldError",
    "company_body",
    "contact_body",
]


_KIND_NAMES: dict[type, tuple[str, str | None]] = {
    str: ("str", "a string"),
    int: ("int", "an integer"),
    bool: ("bool", "a boolean"),
    list: ("list", "an array"),
    Mapping: ("a mapping", "an object"),
    datetime: ("datetime", None),  # JSON has none: the wire sends epoch seconds
}
"""Each kind a field may take, as Python calls it and as JSON does."""


def _names(kinds: tuple[type, ...], json: bool) -> str:
    names = (_KIND_NAMES[kind][json] for kind in kinds)
    return " or ".join(name for name in names if name)


class UnknownFieldError(TypeError):
    """A field the body does not declare; `field` names it."""

    def __init__(self, label: str, field: str, known: Iterable[str]) -> None:
        super().__init__(f"unknown {label} field {field!r}; expected one of {', '.join(known)}")
        self.field = field


@attrs.frozen
class _Field:
    """What one field takes, read from its annotation: its types, null, its choices."""

    name: str
    kinds: tuple[type, ...]
    nullable: bool
    choices: tuple[str, ...]

    @classmethod
    def of(cls, name: str, annotation: Any) -> _Field:
        union = get_origin(annotation) in (Union, types.UnionType)
        kinds: list[type] = []
        choices: list[str] = []
        for member in get_args(annotation) if union else (annotation,):
            origin: Any = get_origin(member)  # `Mapping` of `Mapping[str, Any]`
            if origin is Literal:
                choices += get_args(member)
                kinds += [type(choice) for choice in get_args(member)]
            elif member is not NotGiven and member is not type(None):
                kinds.append(origin or member)
        if unnamed := [kind for kind in kinds if kind not in _KIND_NAMES]:
            raise TypeError(f"field {name!r}: no kind name for {unnamed[0]!r} in _KIND_NAMES")
        nullable = type(None) in get_args(annotation)
        return cls(name, tuple(dict.fromkeys(kinds)), nullable, tuple(choices))

    def check(self, value: Any, json: bool) -> None:
        """Refuse a value the API would not take (`NOT_GIVEN` is never sent), naming kinds
        as JSON does if `json`, else as Python does."""
        name = self.name
        if value is None:
            if self.nullable:
                return
            if json:
                raise ValueError(f"{name} cannot be null")
            raise ValueError(f"{name} cannot be None (the API has no null {name}); leave it out")
        # bool is an int subclass: only a boolean field takes it.
        if (isinstance(value, bool) and bool not in self.kinds) or not isinstance(
            value, self.kinds
        ):
            got = "" if json else f", got {type(value).__name__} {value!r:.60}"
            raise TypeError(f"{name} must be {_names(self.kinds, json)}{got}")
        if self.choices and value not in self.choices:
            if json:
                raise ValueError(f"{name} must be one of {', '.join(self.choices)}")
            choices = " or ".join(map(repr, self.choices))
            raise ValueError(f"{name} must be {choices}, got {value!r}")


class Body:
    """The fields of one request body, checked as their `TypedDict` declares them."""

    def __init__(self, label: str, fields: type[Mapping[str, Any]]) -> None:
        self.label = label
        """What error messages call a field of this body (`unknown contact field 'x'`)."""
        self.fields = {
            name: _Field.of(name, annotation) for name, annotation in get_type_hints(fields).items()
        }
        self.required: frozenset[str] = getattr(fields, "__required_keys__", frozenset())
        """The keywords a call cannot go without (the fake answers their absence itself)."""

    def __repr__(self) -> str:
        return f"Body({self.label!r}, {', '.join(self.fields)})"

    def checked(self, data: Mapping[str, Any], *, json: bool = False) -> dict[str, Any]:
        """`data` checked (`UnknownFieldError`, else `TypeError` or `ValueError` naming what
        is wrong, in JSON terms if `json`), as the JSON object to send: given fields only,
        datetimes as epoch seconds."""
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise UnknownFieldError(self.label, unknown[0], self.fields)
        body: dict[str, Any] = {}
        for name, value in data.items():
            if isinstance(value, NotGiven):
                continue
            self.fields[name].check(value, json)
            if isinstance(value, datetime):
                value = epoch_seconds(value)
            elif isinstance(value, Mapping):
                value = dict(value)
            body[name] = value
        return body


CONTACT = Body("contact", ContactFields)
COMPANY_CREATE = Body("company", CompanyCreateFields)
COMPANY_UPDATE = Body("company", CompanyFields)


def contact_body(fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The JSON body of `POST /contacts` (`creating`) or `PUT /contacts/{id}`."""
    body = CONTACT.checked(fields)
    if creating and not any(name in body for name in ("email", "external_id", "role")):
        raise ValueError("create() needs at least one of email, external_id or role")
    if not creating and not body:
        raise ValueError("update() needs at least one field to change")
    return body


def company_body(fields: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """The JSON body of `POST /companies` (`creating`) or `PUT /companies/{id}`."""
    checks = COMPANY_CREATE if creating else COMPANY_UPDATE
    missing = sorted(checks.required - set(fields))
    if missing:  # as Python says of a missing keyword-only argument
        raise TypeError(f"create_or_update() missing required keyword argument {missing[0]!r}")
    body = checks.checked(fields)
    if creating and not body.get("company_id"):
        raise ValueError("create_or_update() needs a non-empty company_id (your id)")
    if not creating and not body:
        raise ValueError("update() needs at least one field to change")
    return body
