"""The request bodies against the 2.14 request schemas: same fields, same nullability, and
every body the client builds validates with jsonschema; the fake's own bodies take what
their schema takes and refuse what it refuses, in JSON terms."""

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
    UnknownFieldError,
    company_body,
    contact_body,
)
from intercom_async.testing import _fake_bodies as fake_bodies

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


NULL = "email cannot be None (the API has no null email)"


@pytest.mark.parametrize(
    ("fields", "python", "json"),
    [
        ({"email": 5}, "email must be str, got int 5", "email must be a string"),
        ({"owner_id": True}, "owner_id must be int, got bool", "owner_id must be an integer"),
        (
            {"role": "admin"},
            "role must be 'user' or 'lead', got 'admin'",
            "role must be one of user, lead",
        ),
        ({"email": None}, NULL, "email cannot be null"),
        (
            {"signed_up_at": "now"},
            "signed_up_at must be datetime or int",
            "signed_up_at must be an integer",
        ),
        (
            {"custom_attributes": []},
            "custom_attributes must be a mapping",
            "custom_attributes must be an object",
        ),
        (
            {"unsubscribed_from_emails": 1},
            "unsubscribed_from_emails must be bool, got int 1",
            "unsubscribed_from_emails must be a boolean",
        ),
    ],
)
def test_one_check_names_kinds_as_python_or_as_json(
    fields: dict[str, Any], python: str, json: str
) -> None:
    with pytest.raises((TypeError, ValueError)) as in_python:
        CONTACT.checked(fields)
    with pytest.raises(type(in_python.value)) as in_json:
        CONTACT.checked(fields, json=True)
    assert str(in_python.value).startswith(python)
    assert str(in_json.value) == json


def test_an_unknown_field_says_which_in_both_terms() -> None:
    for json in (False, True):
        with pytest.raises(UnknownFieldError, match="unknown contact field 'nickname'") as caught:
            CONTACT.checked({"email": "a@b.c", "nickname": "x"}, json=json)
        assert caught.value.field == "nickname"


def test_a_kind_without_a_name_is_refused_where_it_is_declared() -> None:
    from typing_extensions import TypedDict

    class Odd(TypedDict, total=False):
        tags: set[str]

    with pytest.raises(TypeError, match=r"field 'tags': no kind name for <class 'set'>"):
        Body("odd", Odd)


LOCALE = {"locale"}
"""What the fake takes beyond the internal article schemas: the spec's own example sends
a `locale`."""
DETACHED = {"parent_id", "parent_type", "translated_content"}
"""What the fake lets an article's body set to null where the schema does not: a null
parent detaches the article (as the articles docs say)."""
FAKE_SCHEMAS: list[tuple[Body, str, set[str], set[str]]] = [
    # the body, its schema, fields beyond the schema, nullable beyond the schema
    (fake_bodies.COLLECTION_CREATE, "create_collection_request", set(), set()),
    (fake_bodies.COLLECTION_UPDATE, "update_collection_request", set(), set()),
    (fake_bodies.ARTICLE_CREATE, "create_article_request", set(), DETACHED),
    (fake_bodies.ARTICLE_UPDATE, "update_article_request", set(), DETACHED),
    (fake_bodies.INTERNAL_ARTICLE_CREATE, "create_internal_article_request", LOCALE, set()),
    (fake_bodies.INTERNAL_ARTICLE_UPDATE, "update_internal_article_request", LOCALE, set()),
    (fake_bodies.NEWS_ITEM, "news_item_request", set(), set()),
]
FAKE_IDS = [row[1] for row in FAKE_SCHEMAS]


def _property(spec: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    """A property's schema, a `$ref` resolved (its `nullable` kept)."""
    if "$ref" not in prop:
        return prop
    resolved = spec["components"]["schemas"][prop["$ref"].rsplit("/", 1)[1]]
    return {**resolved, **{key: value for key, value in prop.items() if key != "$ref"}}


def _fitting(prop: dict[str, Any], choices: tuple[str, ...]) -> Any:
    """A value of the type and choices `prop` declares; the fake's `choices` where the
    schema has them only in words (`parent_type` is "a `collection` or `section`")."""
    if "enum" in prop:
        return prop["enum"][0]
    if choices:
        assert all(f"`{choice}`" in prop["description"] for choice in choices), choices
        return choices[0]
    samples = {"string": "x", "integer": 7, "boolean": True, "array": [], "object": {}}
    return samples[prop["type"]]


@pytest.mark.parametrize(("body", "name", "extras", "nulls"), FAKE_SCHEMAS, ids=FAKE_IDS)
def test_a_fake_body_declares_the_schemas_fields(
    spec: dict[str, Any], body: Body, name: str, extras: set[str], nulls: set[str]
) -> None:
    schema = spec["components"]["schemas"][name]
    assert set(body.fields) == set(schema["properties"]) | extras
    assert body.required == set(schema.get("required", ()))
    nullable = {key for key, prop in schema["properties"].items() if prop.get("nullable")}
    assert {key for key, field in body.fields.items() if field.nullable} == nullable | nulls


@pytest.mark.parametrize(("body", "name"), [row[:2] for row in FAKE_SCHEMAS], ids=FAKE_IDS)
def test_a_fake_body_takes_what_its_schema_takes_and_refuses_a_wrong_type(
    spec: dict[str, Any], body: Body, name: str
) -> None:
    for key, declared in spec["components"]["schemas"][name]["properties"].items():
        prop = _property(spec, declared)
        value = _fitting(prop, body.fields[key].choices)
        prop = {**prop, "components": spec["components"]}  # for the `$ref`s inside
        jsonschema.validate(value, prop)
        assert body.checked({key: value}, json=True) == {key: value}, key
        wrong = "x" if prop["type"] == "boolean" else True
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(wrong, prop)
        with pytest.raises(TypeError, match=rf"^{key} must be (a|an) "):
            body.checked({key: wrong}, json=True)


async def test_the_fake_refuses_what_the_client_refuses(client: Any, fake: Any) -> None:
    """The same check, the fake's answer in JSON terms; an unknown field is Intercom's own
    400 (`bad_request` for companies, as the spec's example shows)."""
    from intercom_async import BadRequestError

    with pytest.raises(BadRequestError, match="monthly_spend must be an integer") as caught:
        await client.request("POST", "/companies", json={"company_id": "x", "monthly_spend": 9.5})
    assert caught.value.code == "parameter_invalid"
    with pytest.raises(BadRequestError, match="email must be a string"):
        await client.request("POST", "/contacts", json={"email": 5})
    with pytest.raises(BadRequestError, match="bad 'seats' parameter") as caught:
        await client.request("POST", "/companies", json={"company_id": "x", "seats": 3})
    assert caught.value.code == "bad_request"
    with pytest.raises(BadRequestError, match="bad 'nickname' parameter") as caught:
        await client.request("POST", "/contacts", json={"email": "a@b.c", "nickname": "x"})
    assert caught.value.code == "parameter_invalid"
