"""Ids that name other objects are stubs bound to the client that read them: a message's
conversation, a call's conversation, admin and contact, a data attribute's author."""

from __future__ import annotations

import intercom_async
from intercom_async.models import (
    AdminRef,
    ContactRef,
    Conversation,
    ConversationPartAuthor,
    ConversationRef,
    TeamRef,
)
from intercom_async.testing import FakeIntercom


async def test_a_messages_conversation_fetches_the_conversation_it_started(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    contact_id = next(iter(fake.store.contacts))
    message = await client.conversations.create(
        from_={"type": "user", "id": contact_id}, body="Hello"
    )
    assert isinstance(message.conversation, ConversationRef)
    conversation = await message.conversation.fetch()
    assert isinstance(conversation, Conversation)
    assert conversation.id == str(message.conversation_id)


async def test_a_calls_ids_are_stubs_of_their_kinds(client: intercom_async.Client) -> None:
    call = await client.calls.get("123")  # the spec's example, from the generic answerer
    assert (call.conversation_id, call.admin_id, call.contact_id) == (
        "456",
        "789",
        "6762f0dd1bb69f9f2193bb83",
    )
    assert call.conversation == ConversationRef(id="456")
    assert call.admin == AdminRef(id="789")
    assert call.contact == ContactRef(id="6762f0dd1bb69f9f2193bb83")
    assert all(stub is not None and stub.bound for stub in (call.conversation, call.admin))


async def test_a_data_attributes_author_is_an_admin_stub(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    admin_id = next(iter(fake.store.admins))
    created = await client.data_attributes.create(
        name="plan_tier", model="contact", data_type="string", description="Tier"
    )
    (listed,) = [a async for a in client.data_attributes.list() if a.id == created.id]
    for attribute in (created, listed):
        assert attribute.admin is not None
        assert (await attribute.admin.fetch()).id == admin_id
    built_in = [a async for a in client.data_attributes.list() if not a.custom]
    assert built_in and all(a.admin is None for a in built_in)  # made by Intercom, not a teammate


def test_a_part_author_is_a_stub_of_the_kind_its_type_names() -> None:
    def ref(kind: str) -> object:
        author = {"type": kind, "id": "42", "name": "x", "email": ""}
        return ConversationPartAuthor.from_dict(author).ref

    assert ref("admin") == AdminRef(id="42")
    assert ref("team") == TeamRef(id="42")
    assert ref("lead") == ref("user") == ContactRef(id="42")
    assert ref("bot") is None  # Fin and other bots have no object to fetch
