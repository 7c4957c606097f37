"""`sign`, `verify` and `parse`: Intercom's HMAC-SHA1 over the raw body, and notifications
whose item is structured as the model its `type` names, for every documented topic."""

from __future__ import annotations

import hashlib
import hmac
import pickle
from datetime import datetime, timezone
from typing import Any

import orjson
import pytest

import intercom_async
from intercom_async import DecodeError, IntercomError, UnboundReferenceError
from intercom_async.models import (
    Admin,
    Article,
    Company,
    Contact,
    Conversation,
    Job,
    Ticket,
    UnknownObject,
)
from intercom_async.testing import FakeIntercom
from intercom_async.testing._fake_data import render_contact
from intercom_async.webhooks import TOPICS, InvalidSignature, Notification, parse, sign, verify

SECRET = "s3cr3t-client-secret"
BODY = b'{"type":"notification_event","id":"notif_1","topic":"ping"}'


def envelope(topic: str, item: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {
        "type": "notification_event",
        "id": "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3",
        "topic": topic,
        "app_id": "a86dr8yl",
        "created_at": 1392731331,
        "delivery_status": "pending",
        "delivery_attempts": 1,
        "first_sent_at": 1392731392,
        "delivered_at": 0,
        "self": None,
        "links": {},
        "data": {"type": "notification_event_data", "item": item},
        **fields,
    }


# --- sign and verify ----------------------------------------------------------------


def test_sign_is_hmac_sha1_of_the_raw_body_keyed_with_the_client_secret() -> None:
    expected = hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest()
    assert sign(BODY, SECRET) == f"sha1={expected}"
    assert sign(BODY, SECRET.encode()) == sign(BODY, SECRET)
    assert len(expected) == 40


def test_a_signed_body_verifies() -> None:
    verify(BODY, sign(BODY, SECRET), SECRET)
    verify(BODY, sign(BODY, SECRET).upper().replace("SHA1=", "sha1="), SECRET.encode())


@pytest.mark.parametrize(
    ("body", "signature", "secret", "problem"),
    [
        (BODY + b" ", sign(BODY, SECRET), SECRET, "does not match the body"),  # tampered
        (BODY.replace(b"ping", b"pong"), sign(BODY, SECRET), SECRET, "does not match"),
        (BODY, sign(BODY, "another secret"), SECRET, "does not match the body"),  # wrong secret
        (BODY, None, SECRET, "header is missing"),
        (BODY, "", SECRET, "header is missing"),
        (BODY, sign(BODY, SECRET)[5:], SECRET, "is malformed"),  # no sha1=
        (BODY, "sha256=" + "0" * 64, SECRET, "is malformed"),
        (BODY, sign(BODY, SECRET)[:-1], SECRET, "is malformed"),  # 39 hex digits
        (BODY, "sha1=" + "z" * 40, SECRET, "is malformed"),
    ],
)
def test_tampered_wrong_missing_or_malformed_signatures_are_refused(
    body: bytes, signature: str | None, secret: str, problem: str
) -> None:
    with pytest.raises(InvalidSignature, match=problem) as refused:
        verify(body, signature, secret)
    assert isinstance(refused.value, IntercomError)
    assert SECRET not in str(refused.value) and SECRET not in repr(refused.value)


def test_the_body_must_be_the_raw_bytes_and_the_secret_not_empty() -> None:
    with pytest.raises(TypeError, match="raw body as bytes, got str"):
        verify(BODY.decode(), sign(BODY, SECRET), SECRET)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="raw body as bytes"):
        sign(BODY.decode(), SECRET)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="client secret is empty"):
        verify(BODY, sign(BODY, SECRET), "")
    with pytest.raises(TypeError, match="must be str or bytes, got int"):
        sign(BODY, 7)  # type: ignore[arg-type]


# --- parse ----------------------------------------------------------------------------


def test_the_envelope_is_typed() -> None:
    notification = parse(orjson.dumps(envelope("company.created", {"type": "company", "id": "5"})))
    assert isinstance(notification, Notification)
    assert notification.id == "notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3"
    assert notification.topic == "company.created"
    assert notification.app_id == "a86dr8yl"
    assert notification.created_at == datetime(2014, 2, 18, 13, 48, 51, tzinfo=timezone.utc)
    assert notification.first_sent_at is not None and notification.first_sent_at.tzinfo
    assert notification.delivery_attempts == 1
    assert isinstance(notification.item, Company) and notification.item.id == "5"
    assert repr(notification) == (
        "Notification(id='notif_ccd8a4d0-f965-11e3-a367-c779cae3e1b3', "
        "topic='company.created', item type='company')"
    )


def test_to_dict_gives_back_the_body_and_str_bodies_parse_too() -> None:
    sent = envelope("conversation.admin.replied", {"type": "conversation", "id": "9", "new": 1})
    sent["future_field"] = {"kept": True}
    notification = parse(orjson.dumps(sent).decode())
    assert notification.to_dict() == sent
    assert notification.extra == {"future_field": {"kept": True}}


def _sample_item(topic: str, kind: str) -> dict[str, Any]:
    item: dict[str, Any] = {"type": kind, "id": "1"}
    if topic.endswith(".deleted"):
        return item  # identifying fields only
    if kind == "contact_tag":
        return {
            "type": "contact_tag",
            "created_at": 1392731331,
            "tag": {"id": "1287", "name": "independent", "type": "tag"},
            "contact": {"type": "contact", "id": "1287ab1287fefe"},
        }
    return {**item, "created_at": 1392731331}


_MODELS = {
    "admin": Admin,
    "company": Company,
    "contact": Contact,
    "conversation": Conversation,
    "ticket": Ticket,
    "job": Job,  # generated for the jobs area's `get` (GET /jobs/status/{id})
    "article": Article,  # generated for the articles area's `get` (GET /articles/{id})
}


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_every_documented_topic_parses(topic: str) -> None:
    kind = TOPICS[topic]
    item = _sample_item(topic, kind)
    notification = parse(orjson.dumps(envelope(topic, item)))
    assert notification.topic == topic
    expected = _MODELS.get(kind, UnknownObject)
    assert isinstance(notification.item, expected)
    assert notification.item.type == kind
    assert notification.data.to_dict()["item"] == item


def test_the_topic_list_covers_every_documented_family() -> None:
    families = {topic.split(".")[0] for topic in TOPICS}
    assert families == {
        "admin", "article", "call", "company", "contact", "content_stat", "conversation",
        "conversation_part", "event", "granular", "job", "ping", "ticket", "visitor",
    }  # fmt: skip
    assert (
        len(TOPICS) == 90
    )  # the 2.14 page: 6 admin, 5 article, 4 call, 5 company, 17 contact, ...
    assert len([t for t in TOPICS if t.startswith("conversation.")]) == 18


def test_an_unknown_type_is_kept_with_its_fields() -> None:
    item = {"type": "call", "id": "77", "state": "ended", "duration": 12}
    notification = parse(orjson.dumps(envelope("call.ended", item)))
    assert isinstance(notification.item, UnknownObject)
    assert notification.item.type == "call"
    assert notification.item.extra == {"id": "77", "state": "ended", "duration": 12}
    assert notification.item.to_dict() == item


def test_a_partial_deleted_item_is_kept_but_the_same_misfit_elsewhere_is_an_error() -> None:
    item = {"type": "company", "company_id": "6"}  # no `id`: it does not fit Company
    deleted = parse(orjson.dumps(envelope("company.deleted", item)))
    assert isinstance(deleted.item, UnknownObject)
    assert deleted.item.type == "company" and deleted.item.extra == {"company_id": "6"}
    with pytest.raises(DecodeError, match=r"webhook company.updated notif_\S+: .*Company: id"):
        parse(orjson.dumps(envelope("company.updated", item)))


def test_a_real_shaped_item_from_the_fake_parses_as_its_model() -> None:
    fake = FakeIntercom(seed=3, contacts=5)
    contact_id = next(iter(fake.store.contacts))
    contact = render_contact(fake.store, contact_id)
    notification = parse(orjson.dumps(envelope("contact.user.created", contact)))
    assert isinstance(notification.item, Contact)
    assert notification.item.id == contact_id
    assert notification.item.to_dict() == contact


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b"not json", "a webhook body should be JSON"),
        (b"[1, 2]", "not a webhook notification"),
        (orjson.dumps({"type": "contact", "id": "1"}), "type should be 'notification_event'"),
        (orjson.dumps({**envelope("ping", {"type": "ping"}), "id": None}), "id should be a str"),
        (orjson.dumps({**envelope("ping", {}), "created_at": "today"}), "created_at should be"),
        (orjson.dumps({k: v for k, v in envelope("ping", {}).items() if k != "data"}), "data"),
        (orjson.dumps(envelope("ping", "text")), "data.item should be an object"),  # type: ignore[arg-type]
    ],
)
def test_a_body_that_is_not_a_notification_raises_decode_error(body: bytes, problem: str) -> None:
    with pytest.raises(DecodeError, match=problem):
        parse(body)


async def test_without_a_client_fetch_says_how_to_bind() -> None:
    notification = parse(orjson.dumps(envelope("ticket.created", {"type": "ticket", "id": "3"})))
    assert isinstance(notification.item, Ticket)
    with pytest.raises(UnboundReferenceError, match=r"parse\(body, client=client\)"):
        await notification.item.fetch()


async def test_with_a_client_references_and_the_item_fetch_through_it(
    fake: FakeIntercom, client: intercom_async.Client
) -> None:
    admin_id = next(iter(fake.store.admins))
    contact_id = next(iter(fake.store.contacts))
    item = {"type": "conversation", "id": "404", "admin_assignee_id": int(admin_id)}
    notification = parse(orjson.dumps(envelope("conversation.admin.assigned", item)), client=client)
    assert (await notification.item.admin_assignee.fetch()).id == admin_id
    with pytest.raises(intercom_async.NotFoundError):
        await notification.item.fetch()  # GET /conversations/404: the fake has none
    contact = parse(
        orjson.dumps(envelope("contact.user.updated", {"type": "contact", "id": contact_id})),
        client=client,
    ).item
    current = await contact.fetch()
    assert type(current) is Contact and current.email == fake.store.contacts[contact_id]["email"]


def test_an_item_pickles_as_its_plain_model_without_the_client() -> None:
    item = parse(orjson.dumps(envelope("company.created", {"type": "company", "id": "5"}))).item
    copy = pickle.loads(pickle.dumps(item))
    assert type(copy) is Company and copy.id == "5" and copy.to_dict() == item.to_dict()
