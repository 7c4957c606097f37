"""`client.tickets`, `client.ticket_types` and `client.ticket_states` against the fake over
loopback: one test (at least) per operation, and the errors in the spec's shape."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import intercom_async
from intercom_async import (
    BadRequestError,
    InvalidQueryError,
    NotFoundError,
    Q,
    UnprocessableEntityError,
)
from intercom_async.models import (
    AdminRef,
    ContactRef,
    Job,
    TeamRef,
    Ticket,
    TicketReply,
    TicketStateDetailed,
    TicketType,
)
from intercom_async.testing import FakeIntercom

from .spec_support import assert_spec_error

Client = intercom_async.Client


def _contact(fake: FakeIntercom, index: int = 0) -> str:
    return list(fake.store.contacts)[index]


def _admin(fake: FakeIntercom) -> str:
    return next(iter(fake.store.admins))


def _team(fake: FakeIntercom) -> str:
    return str(next(t for a in fake.store.admins.values() for t in a["team_ids"]))


async def _type(client: Client, name: str = "Bug", category: Any = "Customer") -> TicketType:
    return await client.ticket_types.create(name=name, category=category, description="Bugs")


async def _ticket(client: Client, fake: FakeIntercom, title: str = "Broken", **kw: Any) -> Ticket:
    ticket_type = kw.pop("ticket_type", None) or await _type(client, f"Type for {title}")
    return await client.tickets.create(
        ticket_type_id=ticket_type.id,
        contacts=[{"id": _contact(fake)}],
        ticket_attributes={"_default_title_": title},
        **kw,
    )


# --- ticket types, attributes and states ----------------------------------------------


async def test_create_get_list_and_update_a_ticket_type(client: Client, fake: FakeIntercom) -> None:
    created = await client.ticket_types.create(
        name="Bug", description="Bugs", category="Back-office", icon="🐞"
    )
    assert (created.name, created.category, created.icon) == ("Bug", "Back-office", "🐞")
    attributes = created.ticket_type_attributes
    assert attributes is not None and attributes.data is not None
    assert [a.name for a in attributes.data] == ["_default_title_", "_default_description_"]
    assert created.ticket_states is not None and created.ticket_states.data is not None
    assert [s.category for s in created.ticket_states.data] == [
        "submitted",
        "in_progress",
        "waiting_on_customer",
        "resolved",
    ]
    assert await client.ticket_types.get(created.id) == created
    other = await _type(client, "Question")
    listed = await client.ticket_types.list().to_list()
    assert [t.id for t in listed] == [created.id, other.id]
    updated = await client.ticket_types.update(created.id, name="Defect", archived=True)
    assert (updated.name, updated.archived) == ("Defect", True)
    assert fake.store.ticket_types[created.id]["name"] == "Defect"

    with pytest.raises(NotFoundError):
        await client.ticket_types.get("999999")
    with pytest.raises(UnprocessableEntityError) as duplicate:
        await client.ticket_types.create(name="Question")
    assert duplicate.value.errors[0].message == "A ticket type with this name already exists"
    with pytest.raises(BadRequestError) as missing:
        await client.ticket_types.create(name="")
    assert missing.value.code == "parameter_not_found"


async def test_create_and_update_a_ticket_type_attribute(
    client: Client, fake: FakeIntercom
) -> None:
    ticket_type = await _type(client)
    attribute = await client.ticket_types.create_attribute(
        ticket_type.id,
        name="Priority",
        description="How bad it is",
        data_type="list",
        list_items="Low, High",
    )
    assert (attribute.name, attribute.data_type, attribute.ticket_type_id) == (
        "Priority",
        "list",
        int(ticket_type.id),
    )
    assert attribute.input_options is not None
    assert [o["label"] for o in attribute.input_options["list_options"]] == ["Low", "High"]
    updated = await client.ticket_types.update_attribute(
        ticket_type.id, str(attribute.id), required_to_create=True, description="Urgency"
    )
    assert (updated.required_to_create, updated.description) == (True, "Urgency")
    read = await client.ticket_types.get(ticket_type.id)
    assert read.ticket_type_attributes is not None and read.ticket_type_attributes.data
    assert read.ticket_type_attributes.data[-1] == updated

    with pytest.raises(BadRequestError) as bad_kind:
        await client.ticket_types.create_attribute(
            ticket_type.id,
            name="Size",
            description="d",
            data_type="colour",  # type: ignore[arg-type]
        )
    assert "data_type must be one of" in bad_kind.value.errors[0].message
    with pytest.raises(UnprocessableEntityError):
        await client.ticket_types.create_attribute(
            ticket_type.id, name="Priority", description="again", data_type="string"
        )
    with pytest.raises(NotFoundError):
        await client.ticket_types.update_attribute(ticket_type.id, "1", name="x")


async def test_ticket_states_list_the_types_that_use_them(client: Client) -> None:
    first, second = await _type(client, "A"), await _type(client, "B")
    states = await client.ticket_states.list().to_list()
    assert all(isinstance(state, TicketStateDetailed) for state in states)
    assert [s.category for s in states] == [
        "submitted",
        "in_progress",
        "waiting_on_customer",
        "resolved",
    ]
    for state in states:
        assert state.ticket_types is not None and state.ticket_types.data is not None
        assert [t.id for t in state.ticket_types.data] == [first.id, second.id]


# --- tickets ---------------------------------------------------------------------------


async def test_create_then_get_shows_the_ticket(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    ticket_type = await _type(client)
    contact_id = _contact(fake)
    ticket = await client.tickets.create(
        ticket_type_id=ticket_type.id,
        contacts=[{"id": contact_id}],
        ticket_attributes={"_default_title_": "Login fails"},
        assignment={"admin_assignee_id": _admin(fake)},
        skip_notifications=True,
    )
    assert ticket.ticket_attributes == {
        "_default_title_": "Login fails",
        "_default_description_": None,
    }
    assert ticket.ticket_state is not None and ticket.ticket_state.category == "submitted"
    assert ticket.ticket_type is not None and ticket.ticket_type.id == ticket_type.id
    assert ticket.contacts is not None and ticket.contacts.contacts is not None
    assert [c.id for c in ticket.contacts.contacts] == [contact_id]
    assert isinstance(ticket.contacts.contacts[0], ContactRef)
    assert ticket.admin_assignee == AdminRef(id=_admin(fake)) and ticket.team_assignee is None
    assert await client.tickets.get(ticket.id) == ticket

    by_email = await client.tickets.create(
        ticket_type_id=ticket_type.id,
        contacts=[{"email": fake.store.contacts[contact_id]["email"]}],
    )
    assert by_email.contacts is not None and by_email.contacts.contacts is not None
    assert by_email.contacts.contacts[0].id == contact_id

    with pytest.raises(NotFoundError) as missing:
        await client.tickets.get("1")
    assert_spec_error(
        missing.value, spec, "DELETE", "/tickets/{ticket_id}", 404, "Ticket not found"
    )
    with pytest.raises(NotFoundError):
        await client.tickets.create(ticket_type_id=ticket_type.id, contacts=[{"id": "nobody"}])
    with pytest.raises(BadRequestError) as unknown:
        await client.tickets.create(
            ticket_type_id=ticket_type.id,
            contacts=[{"id": contact_id}],
            ticket_attributes={"colour": "red"},
        )
    assert unknown.value.errors[0].message == "Unknown ticket attribute 'colour'"


async def test_required_attributes_are_checked_on_create_and_enqueue(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    ticket_type = await _type(client)
    await client.ticket_types.create_attribute(
        ticket_type.id,
        name="Version",
        description="Which version",
        data_type="string",
        required_to_create=True,
    )
    with pytest.raises(BadRequestError) as caught:
        await client.tickets.enqueue_create(
            ticket_type_id=ticket_type.id, contacts=[{"id": _contact(fake)}]
        )
    assert_spec_error(caught.value, spec, "POST", "/tickets/enqueue", 400, "Bad Request")
    assert fake.store.tickets == {}
    job = await client.tickets.enqueue_create(
        ticket_type_id=ticket_type.id,
        contacts=[{"id": _contact(fake)}],
        ticket_attributes={"Version": "2.1"},
    )
    assert isinstance(job, Job) and (job.status, job.resource_type) == ("success", "ticket")
    assert job.resource_id is not None
    created = await client.tickets.get(job.resource_id)
    assert created.ticket_attributes is not None
    assert created.ticket_attributes["Version"] == "2.1"


async def test_update_changes_state_assignee_and_attributes(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    ticket = await _ticket(client, fake)
    admin_id, team_id = _admin(fake), _team(fake)
    later = datetime.now(timezone.utc) + timedelta(hours=3)
    updated = await client.tickets.update(
        ticket.id,
        admin_id=int(admin_id),
        ticket_state_id="8002",
        assignee_id=admin_id,
        ticket_attributes={"_default_description_": "Since Monday"},
        snoozed_until=later,
        is_shared=False,
    )
    assert updated.ticket_state is not None and updated.ticket_state.category == "in_progress"
    assert updated.admin_assignee == AdminRef(id=admin_id)
    assert updated.ticket_attributes == {
        "_default_title_": "Broken",
        "_default_description_": "Since Monday",
    }
    assert updated.snoozed_until == later.replace(microsecond=0)
    assert updated.is_shared is False
    parts = updated.ticket_parts
    assert parts is not None and parts.ticket_parts is not None
    part = parts.ticket_parts[-1]
    assert (part.part_type, part.previous_ticket_state, part.ticket_state) == (
        "ticket_state_updated_by_admin",
        "submitted",
        "in_progress",
    )
    assert part.author is not None and part.author.ref == AdminRef(id=admin_id)
    to_team = await client.tickets.update(ticket.id, assignee_id=team_id, open=False)
    assert to_team.team_assignee == TeamRef(id=team_id) and to_team.open is False
    assert to_team.snoozed_until is None  # closing unsnoozes
    assert (await client.tickets.get(ticket.id)) == to_team

    path = "/tickets/{ticket_id}"
    with pytest.raises(BadRequestError) as bad_state:
        await client.tickets.update(ticket.id, ticket_state_id="1")
    example = "Ticket state id is not valid or is not associated with the ticket type."
    assert_spec_error(bad_state.value, spec, "PUT", path, 400, example)
    with pytest.raises(NotFoundError) as no_assignee:
        await client.tickets.update(ticket.id, assignee_id="424242")
    assert_spec_error(no_assignee.value, spec, "PUT", path, 404, "Assignee not found")
    with pytest.raises(NotFoundError) as gone:
        await client.tickets.update("1", open=True)
    assert gone.value.code == "ticket_not_found"


async def test_delete_removes_the_ticket(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    ticket = await _ticket(client, fake)
    deleted = await client.tickets.delete(ticket.id)
    assert (deleted.id, deleted.object, deleted.deleted) == (ticket.id, "ticket", True)
    assert ticket.id not in fake.store.tickets
    with pytest.raises(NotFoundError) as caught:
        await client.tickets.delete(ticket.id)
    path = "/tickets/{ticket_id}"
    assert_spec_error(caught.value, spec, "DELETE", path, 404, "Ticket not found")


async def test_search_filters_and_pages(client: Client, fake: FakeIntercom) -> None:
    ticket_type = await _type(client)
    made = [await _ticket(client, fake, f"Bug {n}", ticket_type=ticket_type) for n in range(5)]
    await client.tickets.update(made[0].id, ticket_state_id="8004", open=False)
    open_ones = client.tickets.search(Q.field("open") == True, per_page=2)  # noqa: E712
    pages = [page async for page in open_ones.pages()]
    assert [len(page) for page in pages] == [2, 2]
    assert {t.id for page in pages for t in page} == {t.id for t in made[1:]}
    resolved = await client.tickets.search(Q.field("state") == "resolved").to_list()
    assert [t.id for t in resolved] == [made[0].id]
    titled = await client.tickets.search(Q.field("title").contains("Bug 3")).to_list()
    assert [t.id for t in titled] == [made[3].id]
    by_category = {"field": "category", "operator": "=", "value": "request"}  # Customer
    assert len(await client.tickets.search(by_category).to_list()) == 5
    since = Q.field("created_at") >= made[0].created_at  # `>=` on a date: tickets take it
    assert len(await client.tickets.search(since).to_list()) == 5
    with pytest.raises(InvalidQueryError, match="'>=' is not supported on date"):
        client.contacts.search(since)  # contacts do not
    assert all(isinstance(t, Ticket) for t in resolved)


async def test_reply_adds_a_part_by_an_admin_or_the_contact(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    ticket = await _ticket(client, fake)
    admin_id = _admin(fake)
    note = await client.tickets.reply(
        ticket.id, message_type="note", type="admin", admin_id=admin_id, body="<p>Looking</p>"
    )
    assert isinstance(note, TicketReply) and (note.part_type, note.body) == (
        "note",
        "<p>Looking</p>",
    )
    assert note.author is not None and note.author.ref == AdminRef(id=admin_id)
    contact_id = _contact(fake)
    comment = await client.tickets.reply(
        ticket.id, message_type="comment", type="user", intercom_user_id=contact_id, body="Thanks"
    )
    assert comment.author is not None and isinstance(comment.author.ref, ContactRef)
    assert (await comment.author.ref.fetch()).id == contact_id
    read = await client.tickets.get(ticket.id)
    assert read.ticket_parts is not None and read.ticket_parts.ticket_parts is not None
    assert [p.id for p in read.ticket_parts.ticket_parts] == [note.id, comment.id]

    back_office = await _ticket(
        client, fake, "Internal", ticket_type=await _type(client, "Ops", "Back-office")
    )
    with pytest.raises(BadRequestError) as caught:
        await client.tickets.reply(
            back_office.id,
            message_type="comment",
            type="user",
            intercom_user_id=contact_id,
            body="?",
        )
    path = "/tickets/{ticket_id}/reply"
    assert_spec_error(caught.value, spec, "POST", path, 400, "User reply")
    with pytest.raises(NotFoundError):
        await client.tickets.reply(
            ticket.id, message_type="note", type="admin", admin_id="1", body="x"
        )
    with pytest.raises(BadRequestError):
        await client.tickets.reply(
            ticket.id, message_type="comment", type="admin", admin_id=admin_id
        )


async def test_attach_and_detach_a_tag(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    ticket = await _ticket(client, fake)
    admin_id, tag_id = _admin(fake), next(iter(fake.store.tags))
    tag = await client.tickets.attach_tag(ticket.id, tag_id=tag_id, admin_id=admin_id)
    assert (tag.id, tag.name) == (tag_id, fake.store.tags[tag_id]["name"])
    assert fake.store.ticket_tags[ticket.id] == [tag_id]
    removed = await client.tickets.detach_tag(ticket.id, tag_id, admin_id=admin_id)
    assert removed.id == tag_id and fake.store.ticket_tags[ticket.id] == []

    path = "/tickets/{ticket_id}/tags/{tag_id}"
    with pytest.raises(NotFoundError) as not_on_it:
        await client.tickets.detach_tag(ticket.id, tag_id, admin_id=admin_id)
    assert_spec_error(not_on_it.value, spec, "DELETE", path, 404, "Tag not found")
    with pytest.raises(NotFoundError) as no_ticket:
        await client.tickets.attach_tag("1", tag_id=tag_id, admin_id=admin_id)
    assert_spec_error(
        no_ticket.value, spec, "POST", "/tickets/{ticket_id}/tags", 404, "Ticket not found"
    )
    with pytest.raises(NotFoundError) as no_tag:
        await client.tickets.attach_tag(ticket.id, tag_id="0", admin_id=admin_id)
    assert no_tag.value.code == "tag_not_found"


async def test_a_linked_conversation_is_a_conversation_stub(
    client: Client, fake: FakeIntercom
) -> None:
    message = await client.conversations.create(
        from_={"type": "user", "id": _contact(fake)}, body="Help"
    )
    assert message.conversation_id is not None
    ticket = await _ticket(client, fake, conversation_to_link_id=message.conversation_id)
    assert ticket.linked_objects is not None and ticket.linked_objects.data is not None
    link = ticket.linked_objects.data[0]
    assert link.ref is not None and link.ref.id == message.conversation_id
    conversation = await link.ref.fetch()
    assert conversation.id == message.conversation_id
    assert conversation.linked_objects is not None and conversation.linked_objects.data
    back = conversation.linked_objects.data[0]
    assert (back.type, back.id, back.ref) == ("ticket", ticket.id, None)


async def test_bodies_the_spec_does_not_allow_are_refused(
    client: Client, fake: FakeIntercom
) -> None:
    ticket = await _ticket(client, fake)
    for method, path, body in [
        ("PUT", f"/tickets/{ticket.id}", {"colour": "red"}),
        ("PUT", f"/tickets/{ticket.id}", {"open": "yes"}),
        ("POST", "/ticket_types", {"name": "X", "category": "Gadgets"}),
        ("POST", f"/tickets/{ticket.id}/tags", {"id": "1"}),
    ]:
        with pytest.raises(BadRequestError) as caught:
            await client.request(method, path, json=body)
        assert caught.value.errors[0].code in ("parameter_invalid", "parameter_not_found")


async def test_an_empty_id_is_refused_before_sending(client: Client, fake: FakeIntercom) -> None:
    with pytest.raises(ValueError, match="ticket_id"):
        await client.tickets.get("")
    with pytest.raises(ValueError, match="attribute_id"):
        await client.ticket_types.update_attribute("1", "", name="x")
    assert fake.requests == []


async def test_an_id_stays_one_path_segment(client: Client, fake: FakeIntercom) -> None:
    with pytest.raises(NotFoundError):
        await client.tickets.get("../ticket_types")
    assert fake.requests == [("GET", "/tickets/..%2Fticket_types")]


async def test_a_conversation_converts_to_a_ticket_of_a_customer_type(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    contact_id = _contact(fake)
    message = await client.conversations.create(from_={"type": "user", "id": contact_id}, body="Hi")
    assert message.conversation_id is not None
    ticket_type = await _type(client, "Request")
    ticket = await client.conversations.convert_to_ticket(
        message.conversation_id,
        ticket_type_id=ticket_type.id,
        attributes={"_default_title_": "From chat"},
    )
    assert await client.tickets.get(ticket.id) == ticket
    assert ticket.ticket_attributes is not None
    assert ticket.ticket_attributes["_default_title_"] == "From chat"
    assert ticket.contacts is not None and ticket.contacts.contacts is not None
    assert [c.id for c in ticket.contacts.contacts] == [contact_id]
    assert ticket.linked_objects is not None and ticket.linked_objects.data is not None
    assert ticket.linked_objects.data[0].ref is not None
    assert ticket.linked_objects.data[0].ref.id == message.conversation_id

    back_office = await _type(client, "Ops", "Back-office")
    with pytest.raises(BadRequestError) as caught:
        await client.conversations.convert_to_ticket(
            message.conversation_id, ticket_type_id=back_office.id
        )
    path = "/conversations/{conversation_id}/convert"
    assert_spec_error(caught.value, spec, "POST", path, 400, "Bad request")
