"""Typing facts of the ticket namespaces and their stubs. Checked by mypy, never run."""

from __future__ import annotations

from typing_extensions import assert_type

import intercom_async
from intercom_async.models import (
    Admin,
    Conversation,
    ConversationRef,
    Job,
    Tag,
    Team,
    TeamRef,
    Ticket,
    TicketDeleted,
    TicketReply,
    TicketStateDetailed,
    TicketType,
    TicketTypeAttribute,
)


async def tickets_are_typed(client: intercom_async.Client) -> None:
    ticket = await client.tickets.create(ticket_type_id="1", contacts=[{"id": "c"}])
    assert_type(ticket, Ticket)
    assert_type(await client.tickets.enqueue_create(ticket_type_id="1", contacts=[]), Job)
    assert_type(await client.tickets.get("1"), Ticket)
    assert_type(await client.tickets.update("1", open=False), Ticket)
    assert_type(await client.tickets.delete("1"), TicketDeleted)
    open_ones = client.tickets.search(intercom_async.Q.field("open").eq(True))
    assert_type(open_ones, intercom_async.AsyncPager[Ticket])
    reply = await client.tickets.reply("1", message_type="note", type="admin", admin_id="2")
    assert_type(reply, TicketReply)
    assert_type(await client.tickets.attach_tag("1", tag_id="t", admin_id="2"), Tag)
    assert_type(await client.tickets.detach_tag("1", "t", admin_id="2"), Tag)
    assert_type(client.ticket_types.list(), intercom_async.AsyncPager[TicketType])
    assert_type(await client.ticket_types.create(name="Bug"), TicketType)
    assert_type(await client.ticket_types.get("1"), TicketType)
    assert_type(await client.ticket_types.update("1", name="Defect"), TicketType)
    attribute = await client.ticket_types.create_attribute(
        "1", name="P", description="d", data_type="string"
    )
    assert_type(attribute, TicketTypeAttribute)
    assert_type(await client.ticket_types.update_attribute("1", "2"), TicketTypeAttribute)
    assert_type(client.ticket_states.list(), intercom_async.AsyncPager[TicketStateDetailed])


async def stubs_are_typed(ticket: Ticket, conversation: Conversation) -> None:
    if ticket.admin_assignee is not None:
        assert_type(await ticket.admin_assignee.fetch(), Admin)
    assert_type(ticket.team_assignee, TeamRef | None)
    if ticket.team_assignee is not None:
        assert_type(await ticket.team_assignee.fetch(), Team)
    if conversation.team_assignee is not None:
        assert_type(await conversation.team_assignee.fetch(), Team)
    for link in (ticket.linked_objects and ticket.linked_objects.data) or ():
        assert_type(link.ref, ConversationRef | None)
        if link.ref is not None:
            assert_type(await link.ref.fetch(), Conversation)
