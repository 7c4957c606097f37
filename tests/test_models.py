"""Models: every 2.14 example structures, the seed's older shapes too, nothing is lost."""

from __future__ import annotations

import pickle
from datetime import datetime, timezone
from typing import Any

import pytest

from intercom_async import DecodeError, UnboundReferenceError
from intercom_async._converter import structure
from intercom_async.models import (
    Admin,
    Company,
    Contact,
    Note,
    SubscriptionType,
    SubscriptionTypeRef,
    Tag,
    TagRef,
)

from .conftest import seed_payload

# Each documented GET (and its list forms) with the model its 200 examples must fit.
SINGLE_OBJECT_ENDPOINTS = {
    "/contacts/{contact_id}": Contact,
    "/contacts/find_by_external_id/{external_id}": Contact,
    "/tags/{tag_id}": Tag,
    "/notes/{note_id}": Note,
    "/companies/{company_id}": Company,
    "/admins/{admin_id}": Admin,
    "/me": Admin,
}
LIST_ENDPOINTS = {
    "/contacts/{contact_id}/tags": Tag,
    "/contacts/{contact_id}/notes": Note,
    "/contacts/{contact_id}/companies": Company,
    "/contacts/{contact_id}/subscriptions": SubscriptionType,
    "/subscription_types": SubscriptionType,
    "/tags": Tag,
}


def examples(spec: dict[str, Any], path: str) -> list[Any]:
    responses = spec["paths"][path]["get"]["responses"]
    found = responses["200"]["content"]["application/json"]["examples"].values()
    return [example["value"] for example in found]


@pytest.mark.parametrize(("path", "model"), SINGLE_OBJECT_ENDPOINTS.items())
def test_every_spec_example_structures_and_round_trips(
    spec: dict[str, Any], path: str, model: type[Any]
) -> None:
    payloads = examples(spec, path)
    assert payloads, f"the spec has no example for {path}"
    for payload in payloads:
        obj = structure(payload, model, None)
        assert obj.id == payload["id"]
        assert obj.to_dict() == payload


@pytest.mark.parametrize(("path", "model"), LIST_ENDPOINTS.items())
def test_every_spec_list_example_structures(
    spec: dict[str, Any], path: str, model: type[Any]
) -> None:
    for payload in examples(spec, path):
        items = payload.get("data", payload.get("companies"))
        objects = structure(items, tuple[model, ...], None)
        assert [o.to_dict() for o in objects] == items


def test_seed_payload_structures_with_its_older_shapes() -> None:
    payload = seed_payload()
    contact = structure(payload, Contact, None)

    assert contact.avatar is not None
    assert contact.avatar.image_url == "https://example.org/128Wash.jpg"
    assert contact.location is not None
    assert contact.location.city == "Dublin"
    assert contact.custom_attributes["monthly_spend"] == 155.5
    assert contact.created_at == datetime(2019, 10, 21, 15, 35, 54, tzinfo=timezone.utc)
    assert [ref.id for ref in contact.tags.refs] == ["2", "4", "5"]  # type: ignore[union-attr]
    assert all(isinstance(ref, TagRef) for ref in contact.tags.refs)  # type: ignore[union-attr]
    subscriptions = contact.opted_out_subscription_types
    assert subscriptions is not None
    assert isinstance(subscriptions.refs[0], SubscriptionTypeRef)
    assert subscriptions.total_count == 1
    assert contact.owner is not None
    assert contact.owner.id == "127"
    assert contact.to_dict() == payload


def test_avatar_object_shape_is_kept_as_an_object(spec: dict[str, Any]) -> None:
    payload = {**seed_payload(), "avatar": {"type": "avatar", "image_url": "https://x/a.png"}}
    contact = structure(payload, Contact, None)
    assert contact.avatar is not None
    assert contact.avatar.image_url == "https://x/a.png"
    assert contact.to_dict()["avatar"] == {"type": "avatar", "image_url": "https://x/a.png"}


def test_unknown_fields_are_kept_and_given_back() -> None:
    payload = {
        **seed_payload(),
        "brand_new_field": {"nested": [1, 2]},
        "location": {"type": "location", "city": "Cork", "planet": "Earth"},
    }
    contact = structure(payload, Contact, None)
    assert contact.extra == {"brand_new_field": {"nested": [1, 2]}}
    assert contact.location is not None
    assert contact.location.extra == {"planet": "Earth"}
    assert contact.to_dict() == payload


def test_absent_keys_stay_absent_and_owner_null_gives_no_ref() -> None:
    contact = structure({"type": "contact", "id": "1", "owner_id": None}, Contact, None)
    assert contact.email is None
    assert contact.owner is None
    assert contact.to_dict() == {"type": "contact", "id": "1", "owner_id": None}


@pytest.mark.parametrize("field", ["tags", "notes", "companies", "opted_in_subscription_types"])
def test_embedded_lists_sent_null_or_absent_are_empty_and_given_back(field: str) -> None:
    sent_null = structure({"type": "contact", "id": "1", field: None}, Contact, None)
    left_out = structure({"type": "contact", "id": "1"}, Contact, None)
    for contact in (sent_null, left_out):
        embedded = getattr(contact, field)
        assert embedded.refs == () and len(embedded) == 0 and not embedded
    assert sent_null.to_dict() == {"type": "contact", "id": "1", field: None}
    assert left_out.to_dict() == {"type": "contact", "id": "1"}


def test_timestamps_are_aware_utc() -> None:
    tag = structure({"type": "tag", "id": "1", "applied_at": 1663597223}, Tag, None)
    assert tag.applied_at is not None
    assert tag.applied_at.tzinfo is timezone.utc
    assert tag.to_dict()["applied_at"] == 1663597223


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        ({"email": 5}, "$.email", "email should be a string, got the number 5"),
        ({"name": None, "email": ["a"]}, "$.email", "email should be a string, got an array ['a']"),
        (
            {"unsubscribed_from_emails": "false"},
            "$.unsubscribed_from_emails",
            "should be true or false, got the text 'false'",
        ),
        ({"owner_id": True}, "$.owner_id", "owner_id should be an integer, got true"),
        (
            {"created_at": "2019-10-21"},
            "$.created_at",
            "created_at should be epoch seconds (a number), got the text",
        ),
        (
            {"location": "Dublin"},
            "$.location",
            "location should be an object (Location), got the text 'Dublin'",
        ),
        (
            {"tags": {"type": "list", "data": [{"type": "tag"}]}},
            "$.tags.data[0].id",
            "tags.data[0].id is required but missing",
        ),
    ],
)
def test_wrong_types_raise_decode_error_naming_the_path(
    change: dict[str, Any], path: str, fragment: str
) -> None:
    payload = {**seed_payload(), **change}
    with pytest.raises(DecodeError) as caught:
        structure(payload, Contact, None, body=b"raw-body")
    assert caught.value.path == path
    assert str(caught.value).startswith(f"contact {seed_payload()['id']!r} does not fit Contact: ")
    assert fragment in str(caught.value)
    assert caught.value.body == b"raw-body"


def test_missing_id_is_a_decode_error() -> None:
    with pytest.raises(
        DecodeError, match=r"^the answer does not fit Contact: id is required but missing$"
    ):
        structure({"type": "contact"}, Contact, None)


def test_a_list_where_an_object_belongs_is_a_decode_error() -> None:
    with pytest.raises(
        DecodeError, match=r"it should be an object \(Contact\), got an array \[1, 2\]"
    ):
        structure([1, 2], Contact, None)


async def test_hand_made_stub_is_unbound_and_says_how_to_bind() -> None:
    ref = TagRef(id="2")
    assert not ref.bound
    assert ref.path == "/tags/2"
    with pytest.raises(UnboundReferenceError, match=r"client\.fetch\(ref\)"):
        await ref.fetch()


def test_stubs_quote_their_ids_in_paths() -> None:
    assert TagRef(id="../admins").path == "/tags/..%2Fadmins"
    assert TagRef(id="a b?c#d").path == "/tags/a%20b%3Fc%23d"


def test_stubs_pickle_without_their_client() -> None:
    contact = structure(seed_payload(), Contact, object())  # type: ignore[arg-type]
    ref = contact.tags.refs[0]
    assert ref.bound
    copy = pickle.loads(pickle.dumps(ref))
    assert copy == ref
    assert not copy.bound
    assert pickle.loads(pickle.dumps(contact)) == contact
