"""Data attributes, data events, visitors, the IP allowlist, away status reasons and the
admins' away mode and activity logs, against the fake over loopback."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

import intercom_async
from intercom_async import BadRequestError, NotFoundError, UnprocessableEntityError
from intercom_async.models import Contact, DataAttribute, Visitor
from intercom_async.testing import FakeIntercom

Client = intercom_async.Client


# --- data attributes -----------------------------------------------------------------


async def test_a_created_attribute_is_listed_then_updated_and_archived(client: Client) -> None:
    created = await client.data_attributes.create(
        name="Mithril Shirt", model="company", data_type="string", description="Armour"
    )
    assert isinstance(created, DataAttribute)
    assert (created.id, created.custom, created.full_name) == (
        1,
        True,
        "custom_attributes.Mithril Shirt",
    )
    companies = [a async for a in client.data_attributes.list(model="company")]
    assert "Mithril Shirt" in [a.name for a in companies]
    assert {a.model for a in companies} == {"company"}
    updated = await client.data_attributes.update(
        str(created.id), archived=True, description="Retired"
    )
    assert (updated.archived, updated.description) == (True, "Retired")
    listed = [a.name async for a in client.data_attributes.list(model="company")]
    assert "Mithril Shirt" not in listed
    archived = client.data_attributes.list(model="company", include_archived=True)
    assert "Mithril Shirt" in [a.name async for a in archived]


async def test_a_list_attribute_keeps_its_options(client: Client) -> None:
    created = await client.data_attributes.create(
        name="Size band",
        model="contact",
        data_type="options",
        options=[{"value": "1-10"}, {"value": "11-20"}],
    )
    assert created.options == ("1-10", "11-20")
    updated = await client.data_attributes.update(
        str(created.id), options=[{"value": "1-10"}, {"value": "11-50"}]
    )
    assert updated.options == ("1-10", "11-50")


async def test_attribute_errors_are_intercoms(client: Client) -> None:
    await client.data_attributes.create(name="The One Ring", model="company", data_type="string")
    with pytest.raises(BadRequestError) as duplicate:
        await client.data_attributes.create(
            name="The One Ring", model="company", data_type="string"
        )
    assert duplicate.value.code == "parameter_invalid"
    assert "You already have 'The One Ring'" in duplicate.value.errors[0].message
    with pytest.raises(BadRequestError, match="Data Type isn't an option"):
        await client.data_attributes.create(
            name="Ring",
            model="company",
            data_type="mithril",  # type: ignore[arg-type]
        )
    with pytest.raises(BadRequestError, match="alphanumeric"):
        await client.data_attributes.create(name="!nv@l!d", model="company", data_type="string")
    with pytest.raises(NotFoundError) as missing:
        await client.data_attributes.update("999", archived=True)
    assert missing.value.code == "field_not_found"
    with pytest.raises(BadRequestError, match="model must be"):
        [a async for a in client.data_attributes.list(model="ticket")]  # type: ignore[arg-type]


# --- data events -----------------------------------------------------------------------


async def test_events_are_listed_and_summarised_with_sent_summaries(
    client: Client, fake: FakeIntercom
) -> None:
    contact = next(iter(fake.store.contacts.values()))
    first = datetime(2026, 1, 5, tzinfo=timezone.utc)
    assert (
        await client.data_events.create(event_name="ordered", created_at=first, id=contact["id"])
        is None
    )
    await client.data_events.create(
        event_name="ordered",
        created_at=int(first.timestamp()) + 60,
        id=contact["id"],
        metadata={"order": "7"},
    )
    await client.data_events.create(event_name="paid", created_at=first, id=contact["id"])
    events = [e async for e in client.data_events.list(intercom_user_id=contact["id"])]
    assert [e.extra["event_name"] for e in events] == ["ordered", "ordered", "paid"]  # newest first
    assert events[0].extra["metadata"] == {"order": "7"}
    await client.data_events.create_summaries(
        user_id=contact["external_id"],
        event_summaries={
            "event_name": "ordered",
            "count": 5,
            "first": 1_700_000_000,
            "last": 1_700_000_100,
        },
    )
    summaries = client.data_events.list(intercom_user_id=contact["id"], summary=True)
    by_name = {s.name: s async for s in summaries}
    assert (by_name["ordered"].count, by_name["paid"].count) == (7, 1)
    assert by_name["ordered"].first == "2023-11-14T22:13:20Z"
    assert by_name["ordered"].last == "2026-01-05T00:01:00Z"
    sent = [request for request in fake.requests if request[0] == "GET"]
    assert sent[0][1].startswith("/events?") and "type=user" in sent[0][1]


async def test_event_errors(client: Client, fake: FakeIntercom) -> None:
    with pytest.raises(NotFoundError, match="User Not Found"):
        await client.data_events.create(event_name="x", created_at=1, user_id="nobody")
    with pytest.raises(BadRequestError, match="exactly one of"):
        await client.data_events.create(event_name="x", created_at=1)
    with pytest.raises(BadRequestError, match="exactly one of"):
        [e async for e in client.data_events.list()]
    with pytest.raises(ValueError, match="naive datetime"):
        await client.data_events.create(event_name="x", created_at=datetime(2026, 1, 1), id="1")
    assert all(method != "POST" or path != "/events" for method, path in fake.requests[2:])


# --- visitors ------------------------------------------------------------------------


async def test_a_visitor_is_read_updated_and_converted_to_a_contact(
    client: Client, fake: FakeIntercom
) -> None:
    user_id = "3ecf64d0-9ed1-4e9f-88e1-da7d6e6782f3"
    visitor = await client.visitors.get(user_id=user_id)
    assert isinstance(visitor, Visitor) and visitor.user_id == user_id and visitor.name is None
    updated = await client.visitors.update(
        user_id=user_id, name="Gareth Bale", custom_attributes={"plan": "pro"}
    )
    assert (updated.name, updated.custom_attributes) == ("Gareth Bale", {"plan": "pro"})
    again = await client.visitors.update(id=visitor.id, name="Gareth")
    assert again.name == "Gareth" and (await client.visitors.get(user_id=user_id)).name == "Gareth"
    before = len(fake.store.contacts)
    contact = await client.visitors.convert(
        type="user", user={"email": "foo@bar.test"}, visitor={"user_id": user_id}
    )
    assert isinstance(contact, Contact)
    assert (contact.email, contact.role, contact.name) == ("foo@bar.test", "user", "Gareth")
    assert contact.custom_attributes == {"plan": "pro"}
    assert len(fake.store.contacts) == before + 1
    assert (await client.contacts.get(contact.id)).email == "foo@bar.test"
    with pytest.raises(NotFoundError, match="Visitor Not Found"):
        await client.visitors.get(user_id=user_id)


async def test_visitor_errors(client: Client) -> None:
    with pytest.raises(NotFoundError, match="Visitor Not Found"):
        await client.visitors.update(user_id="fail", name="Christian Fail")
    with pytest.raises(BadRequestError, match="id or user_id"):
        await client.visitors.update(name="Nobody")
    with pytest.raises(BadRequestError, match="type must be lead or user"):
        await client.visitors.convert(type="bot", user={}, visitor={"user_id": "visitor-2"})


# --- IP allowlist and away status reasons --------------------------------------------


async def test_the_ip_allowlist_is_read_and_replaced(client: Client) -> None:
    start = await client.ip_allowlist.get()
    assert (start.enabled, start.ip_allowlist, start.type) == (False, (), "ip_allowlist")
    saved = await client.ip_allowlist.update(enabled=True, ip_allowlist=["127.0.0.0/8", "10.0.0.1"])
    assert (saved.enabled, saved.ip_allowlist) == (True, ("127.0.0.0/8", "10.0.0.1"))
    assert (await client.ip_allowlist.get()).ip_allowlist == ("127.0.0.0/8", "10.0.0.1")


async def test_an_allowlist_that_locks_the_caller_out_is_refused(client: Client) -> None:
    with pytest.raises(UnprocessableEntityError, match=r"Your IP \(127.0.0.1\) is not on"):
        await client.ip_allowlist.update(enabled=True, ip_allowlist=["192.168.1.0/24"])
    with pytest.raises(BadRequestError, match="ip_allowlist"):
        await client.ip_allowlist.update(ip_allowlist=["not an ip"])
    assert (await client.ip_allowlist.get()).enabled is False


async def test_away_status_reasons_are_listed(client: Client) -> None:
    reasons = [r async for r in client.away_status_reasons.list()]
    assert [(r.id, r.label, r.deleted) for r in reasons] == [
        ("1", "On a break", False),
        ("2", "In a meeting", False),
        ("3", "Old", True),
    ]


# --- admins: away mode and activity logs ----------------------------------------------


async def test_an_admin_set_away_is_logged_as_an_activity(
    client: Client, fake: FakeIntercom
) -> None:
    admin_id = next(iter(fake.store.admins))
    started = datetime.now(timezone.utc).replace(microsecond=0)
    admin = await client.admins.set_away(
        admin_id, away_mode_enabled=True, away_mode_reassign=True, away_status_reason_id="1"
    )
    assert admin is not None
    assert (admin.away_mode_enabled, admin.away_mode_reassign, admin.away_status_reason_id) == (
        True,
        True,
        1,
    )
    assert (await client.admins.get(admin_id)).away_mode_enabled is True  # type: ignore[union-attr]
    back = await client.admins.set_away(admin_id, away_mode_enabled=False, away_mode_reassign=False)
    assert back is not None and back.away_status_reason_id is None
    logs = [log async for log in client.admins.list_activity_logs(created_at_after=started)]
    assert [log.activity_type for log in logs] == ["admin_away_mode_change"] * 2
    assert logs[0].metadata is not None and logs[0].metadata.away_mode is False
    assert logs[0].performed_by is not None and logs[0].performed_by.id == admin_id
    later = client.admins.list_activity_logs(created_at_after=int(started.timestamp()) + 3600)
    assert [log async for log in later] == []
    assert ("PUT", f"/admins/{admin_id}/away") in fake.requests


async def test_activity_logs_page_through_the_cursor(client: Client, fake: FakeIntercom) -> None:
    admin_id = next(iter(fake.store.admins))
    for enabled in [True, False] * 13:
        await client.admins.set_away(admin_id, away_mode_enabled=enabled, away_mode_reassign=False)
    logs = [log async for log in client.admins.list_activity_logs(created_at_after=0)]
    assert len(logs) == 26 and len({log.id for log in logs}) == 26
    pages = [p for p in fake.requests if p[1].startswith("/admins/activity_logs")]
    assert len(pages) == 2


async def test_admin_away_errors(client: Client, fake: FakeIntercom) -> None:
    admin_id = next(iter(fake.store.admins))
    with pytest.raises(NotFoundError) as missing:
        await client.admins.set_away("1", away_mode_enabled=True, away_mode_reassign=True)
    assert missing.value.code == "admin_not_found"
    with pytest.raises(BadRequestError, match="Away status reason is deleted"):
        await client.admins.set_away(
            admin_id, away_mode_enabled=True, away_mode_reassign=True, away_status_reason_id=3
        )
    with pytest.raises(ValueError, match="away_status_reason_id must be a numeric id"):
        await client.admins.set_away(
            admin_id, away_mode_enabled=True, away_mode_reassign=True, away_status_reason_id="x"
        )
    with pytest.raises(TypeError, match="created_at_after must be a datetime"):
        client.admins.list_activity_logs(created_at_after="yesterday")  # type: ignore[arg-type]
    with pytest.raises(BadRequestError, match="created_at_after is required"):
        await client.request("GET", "/admins/activity_logs")
