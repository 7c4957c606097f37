"""The request bodies against the 2.14 request schemas: same fields, same nullability, and
every body the client builds validates with jsonschema."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import jsonschema
import pytest

from intercom_async._bodies import (
    COMPANY_CREATE,
    COMPANY_UPDATE,
    CONTACT,
    Body,
    company_body,
    contact_body,
)

SCHEMAS: list[tuple[Body, str]] = [
    (CONTACT, "create_contact_request"),
    (CONTACT, "update_contact_request"),
    (COMPANY_CREATE, "create_or_update_company_request"),
    (COMPANY_UPDATE, "update_company_request"),
]


def json_schema(spec: dict[str, Any], name: str) -> dict[str, Any]:
    """An OpenAPI 3.0 object schema as JSON Schema (`nullable: true` becomes a null type)."""
    schema = spec["components"]["schemas"][name]
    properties = {}
    for key, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if k not in ("nullable", "example")}
        if schema["properties"][key].get("nullable"):
            prop["type"] = [prop["type"], "null"]
        properties[key] = prop
    return {"type": "object", "properties": properties, "additionalProperties": False}


@pytest.mark.parametrize(("body", "name"), SCHEMAS, ids=[name for _, name in SCHEMAS])
def test_a_body_declares_the_schemas_fields_and_nullability(
    spec: dict[str, Any], body: Body, name: str
) -> None:
    properties = spec["components"]["schemas"][name]["properties"]
    assert set(body.fields) == set(properties)
    for field in body.fields:
        nullable = bool(properties[field].get("nullable"))
        try:
            body.checked({field: None})
        except ValueError:
            accepts_null = False
        else:
            accepts_null = True
        assert accepts_null is nullable, field


WHEN = datetime(2024, 5, 1, tzinfo=timezone.utc)
CONTACT_FIELDS: dict[str, Any] = {
    "role": "lead",
    "external_id": "ext-1",
    "email": "ann@example.com",
    "phone": None,
    "name": "Ann",
    "avatar": "https://example.com/a.png",
    "signed_up_at": WHEN,
    "last_seen_at": 1714521600,
    "owner_id": 7,
    "unsubscribed_from_emails": False,
    "custom_attributes": {"plan": "pro", "seats": 3},
}
COMPANY_FIELDS: dict[str, Any] = {
    "company_id": "c-1",
    "name": "Acme",
    "plan": "pro",
    "size": 12,
    "website": "https://acme.example",
    "industry": "tools",
    "custom_attributes": {"tier": "gold"},  # the spec types company attribute values as strings
    "remote_created_at": WHEN,
    "monthly_spend": 99,
}


def test_built_bodies_validate_against_the_request_schemas(spec: dict[str, Any]) -> None:
    for creating, schema in ((True, "create_contact_request"), (False, "update_contact_request")):
        body = contact_body(CONTACT_FIELDS, creating=creating)
        jsonschema.validate(body, json_schema(spec, schema))
        assert body["signed_up_at"] == int(WHEN.timestamp())
    company = company_body(COMPANY_FIELDS, creating=True)
    jsonschema.validate(company, json_schema(spec, "create_or_update_company_request"))
    update = {
        k: v for k, v in COMPANY_FIELDS.items() if k not in ("company_id", "remote_created_at")
    }
    jsonschema.validate(
        company_body(update, creating=False), json_schema(spec, "update_company_request")
    )


@pytest.mark.parametrize(
    ("body", "fields", "error", "message"),
    [
        (CONTACT, {"email": 5}, TypeError, "email must be str, got int 5"),
        (CONTACT, {"owner_id": True}, TypeError, "owner_id must be int, got bool"),
        (CONTACT, {"role": "admin"}, ValueError, "role must be 'user' or 'lead'"),
        (CONTACT, {"role": 1}, TypeError, "role must be str, got int 1"),
        (CONTACT, {"email": None}, ValueError, "email cannot be None"),
        (CONTACT, {"signed_up_at": "now"}, TypeError, "signed_up_at must be datetime or int"),
        (CONTACT, {"custom_attributes": []}, TypeError, "custom_attributes must be a mapping"),
        (CONTACT, {"nickname": "x"}, TypeError, "unknown contact field 'nickname'"),
        (COMPANY_UPDATE, {"monthly_spend": 9.5}, TypeError, "monthly_spend must be int"),
        (COMPANY_UPDATE, {"company_id": "x"}, TypeError, "unknown company field 'company_id'"),
        (COMPANY_CREATE, {"company_id": 7}, TypeError, "company_id must be str, got int"),
    ],
)
def test_the_same_check_refuses_for_client_and_fake(
    body: Body, fields: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        body.checked(fields)


def test_the_checks_are_read_from_the_typed_keywords() -> None:
    """The `TypedDict` users see is the one declaration: each field's types, null and
    choices come from its annotation."""
    role, phone = CONTACT.fields["role"], CONTACT.fields["phone"]
    assert (role.kinds, role.nullable, role.choices) == ((str,), False, ("user", "lead"))
    assert (phone.kinds, phone.nullable, phone.choices) == ((str,), True, ())
    assert set(COMPANY_CREATE.fields) == {*COMPANY_UPDATE.fields, "company_id", "remote_created_at"}


async def test_the_fake_refuses_what_the_client_refuses(client: Any, fake: Any) -> None:
    from intercom_async import BadRequestError

    with pytest.raises(BadRequestError, match="monthly_spend must be int"):
        await client.request("POST", "/companies", json={"company_id": "x", "monthly_spend": 9.5})
    with pytest.raises(BadRequestError, match="email must be str"):
        await client.request("POST", "/contacts", json={"email": 5})
