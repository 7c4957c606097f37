"""`client.conversations` against the fake over loopback: one test (at least) per operation."""

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
from intercom_async.models import AdminRef, ContactRef, Conversation
from intercom_async.testing import FakeIntercom

from .spec_support import assert_spec_error

Client = intercom_async.Client


def _contacts(fake: FakeIntercom, count: int = 2) -> list[str]:
    return list(fake.store.contacts)[:count]


def _admin(fake: FakeIntercom) -> str:
    return next(iter(fake.store.admins))


async def _start(client: Client, contact_id: str, text: str = "Hello there") -> Conversation:
    message = await client.conversations.create(from_={"type": "user", "id": contact_id}, body=text)
    assert message.conversation_id is not None
    return await client.conversations.get(message.conversation_id)


async def test_create_answers_the_message_and_get_shows_the_conversation(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    contact_id = _contacts(fake, 1)[0]
    message = await client.conversations.create(
        from_={"type": "user", "id": contact_id}, body="Hello there", subject="Hi"
    )
    assert (message.type, message.body, message.message_type) == (
        "user_message",
        "Hello there",
        "inapp",
    )
    conversation = await client.conversations.get(str(message.conversation_id))
    assert conversation.state == "open" and conversation.open is True
    assert conversation.source is not None and conversation.source.body == "Hello there"
    assert conversation.contacts is not None and conversation.contacts.contacts is not None
    assert [c.id for c in conversation.contacts.contacts] == [contact_id]
    assert isinstance(conversation.contacts.contacts[0], ContactRef)
    assert (await conversation.contacts.contacts[0].fetch()).id == contact_id
    author = conversation.source.author
    assert author is not None and isinstance(author.ref, ContactRef)
    assert (await author.ref.fetch()).id == contact_id  # bound to the client that read it

    with pytest.raises(NotFoundError) as caught:
        await client.conversations.create(from_={"type": "user", "id": "nobody"}, body="Hi")
    assert_spec_error(caught.value, spec, "POST", "/conversations", 404, "Contact Not Found")
    with pytest.raises(NotFoundError) as missing:
        await client.conversations.get("999999")
    path = "/conversations/{conversation_id}"
    assert_spec_error(missing.value, spec, "GET", path, 404, "Not found")


async def test_list_walks_cursor_pages_newest_first(client: Client, fake: FakeIntercom) -> None:
    contact_id = _contacts(fake, 1)[0]
    created = [await _start(client, contact_id, f"message {n}") for n in range(5)]
    pager = client.conversations.list(per_page=2)
    pages = [page async for page in pager.pages()]
    assert [len(page) for page in pages] == [2, 2, 1]
    listed = [item for page in pages for item in page]
    assert {c.id for c in listed} == {c.id for c in created}
    assert all(isinstance(c, intercom_async.models.ConversationListItem) for c in listed)
    assert pages[0].total_count == 5
    assert "conversation_parts" not in listed[0].to_dict()


async def test_search_filters_on_the_spec_fields_and_pages(
    client: Client, fake: FakeIntercom
) -> None:
    first, second = _contacts(fake)
    mine = [await _start(client, first, "I need support") for _ in range(3)]
    other = await _start(client, second, "billing")
    await client.conversations.close(other.id, admin_id=_admin(fake))

    found = await client.conversations.search(
        Q.field("source.author.id") == first, per_page=2
    ).to_list()
    assert sorted(c.id for c in found) == sorted(c.id for c in mine)
    closed = await client.conversations.search(
        (Q.field("state") == "closed") & (Q.field("open") == False)  # noqa: E712
    ).to_list()
    assert [c.id for c in closed] == [other.id]
    with pytest.raises(InvalidQueryError, match="date"):
        client.conversations.search(Q.field("created_at") == "yesterday")
    with pytest.raises(InvalidQueryError, match="not supported on integer"):
        client.conversations.search(Q.field("admin_assignee_id").contains("1"))


async def test_update_changes_title_read_and_custom_attributes(
    client: Client, fake: FakeIntercom
) -> None:
    conversation = await _start(client, _contacts(fake, 1)[0])
    updated = await client.conversations.update(
        conversation.id, read=True, title="Billing", custom_attributes={"issue_type": "Billing"}
    )
    assert (updated.read, updated.title) == (True, "Billing")
    assert updated.custom_attributes == {"issue_type": "Billing"}
    assert (await client.conversations.get(conversation.id)).title == "Billing"


async def test_delete_removes_the_conversation(client: Client, fake: FakeIntercom) -> None:
    conversation = await _start(client, _contacts(fake, 1)[0])
    deleted = await client.conversations.delete(conversation.id)
    assert (deleted.id, deleted.object, deleted.deleted) == (conversation.id, "conversation", True)
    with pytest.raises(NotFoundError):
        await client.conversations.get(conversation.id)


async def test_reply_adds_a_part_by_an_admin_or_the_contact(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    contact_id = _contacts(fake, 1)[0]
    admin_id = _admin(fake)
    conversation = await _start(client, contact_id)
    answered = await client.conversations.reply(
        conversation.id, message_type="comment", type="admin", admin_id=admin_id, body="On it"
    )
    again = await client.conversations.reply(
        conversation.id,
        message_type="comment",
        type="user",
        intercom_user_id=contact_id,
        body="Thanks",
    )
    assert answered.admin_assignee == AdminRef(id=admin_id)
    assert again.conversation_parts is not None
    parts = again.conversation_parts.conversation_parts or ()
    assert [(p.part_type, p.body) for p in parts] == [("comment", "On it"), ("comment", "Thanks")]
    assert parts[0].author is not None and isinstance(parts[0].author.ref, AdminRef)
    assert (await parts[0].author.ref.fetch()).id == admin_id
    assert answered.admin_assignee is not None
    assert (await answered.admin_assignee.fetch()).id == admin_id
    assert again.teammates is not None and [t.id for t in again.teammates.teammates or ()] == [
        admin_id
    ]
    with pytest.raises(NotFoundError) as caught:
        await client.conversations.reply(
            "999999", message_type="note", type="admin", admin_id=admin_id, body="x"
        )
    path = "/conversations/{conversation_id}/reply"
    assert_spec_error(caught.value, spec, "POST", path, 404, "Not found")


async def test_close_snooze_open_and_assign_change_the_state(
    client: Client, fake: FakeIntercom
) -> None:
    admin_id = _admin(fake)
    other_admin = list(fake.store.admins)[1]
    conversation = await _start(client, _contacts(fake, 1)[0])
    closed = await client.conversations.close(conversation.id, admin_id=admin_id, body="Goodbye")
    assert (closed.state, closed.open) == ("closed", False)
    until = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=1)
    snoozed = await client.conversations.snooze(
        conversation.id, admin_id=admin_id, snoozed_until=until
    )
    assert (snoozed.state, snoozed.snoozed_until) == ("snoozed", until)
    opened = await client.conversations.open(conversation.id, admin_id=admin_id)
    assert (opened.state, opened.snoozed_until) == ("open", None)
    assigned = await client.conversations.assign(
        conversation.id, admin_id=admin_id, type="admin", assignee_id=other_admin
    )
    assert assigned.admin_assignee_id == int(other_admin)
    parts = (assigned.conversation_parts and assigned.conversation_parts.conversation_parts) or ()
    assert [p.part_type for p in parts] == ["close", "snoozed", "open", "assignment"]
    assert fake.store.conversations[conversation.id]["state"] == "open"
    with pytest.raises(BadRequestError):
        await client.conversations.snooze(conversation.id, admin_id=admin_id, snoozed_until=1)
    sent = [path for method, path in fake.requests if method == "POST" and path.endswith("/parts")]
    assert len(sent) == 5


async def test_attach_and_detach_a_contact(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    first, second = _contacts(fake)
    admin_id = _admin(fake)
    conversation = await _start(client, first)
    added = await client.conversations.attach_contact(
        conversation.id, admin_id=admin_id, customer={"intercom_user_id": second}
    )
    assert [c.id for c in added.customers or ()] == [first, second]
    removed = await client.conversations.detach_contact(conversation.id, second, admin_id=admin_id)
    assert [c.id for c in removed.customers or ()] == [first]
    with pytest.raises(UnprocessableEntityError) as caught:
        await client.conversations.detach_contact(conversation.id, first, admin_id=admin_id)
    path = "/conversations/{conversation_id}/customers/{contact_id}"
    assert_spec_error(caught.value, spec, "DELETE", path, 422, "Last customer")


async def test_attach_and_detach_a_tag(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    admin_id = _admin(fake)
    tag_id = next(iter(fake.store.tags))
    conversation = await _start(client, _contacts(fake, 1)[0])
    tag = await client.conversations.attach_tag(conversation.id, tag_id=tag_id, admin_id=admin_id)
    assert tag.id == tag_id
    tagged = await client.conversations.get(conversation.id)
    assert tagged.tags is not None and [t.id for t in tagged.tags.tags or ()] == [tag_id]
    await client.conversations.detach_tag(conversation.id, tag_id, admin_id=admin_id)
    assert (await client.conversations.get(conversation.id)).tags.tags == ()  # type: ignore[union-attr]
    with pytest.raises(NotFoundError) as caught:
        await client.conversations.detach_tag(conversation.id, tag_id, admin_id=admin_id)
    path = "/conversations/{conversation_id}/tags/{tag_id}"
    assert_spec_error(caught.value, spec, "DELETE", path, 404, "Tag not found")


async def test_redact_blanks_a_part(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    admin_id = _admin(fake)
    conversation = await _start(client, _contacts(fake, 1)[0])
    replied = await client.conversations.reply(
        conversation.id, message_type="comment", type="admin", admin_id=admin_id, body="secret"
    )
    part = ((replied.conversation_parts and replied.conversation_parts.conversation_parts) or ())[0]
    redacted = await client.conversations.redact(
        type="conversation_part", conversation_id=conversation.id, conversation_part_id=str(part.id)
    )
    parts = redacted.conversation_parts.conversation_parts or ()  # type: ignore[union-attr]
    assert parts[0].redacted is True and "secret" not in (parts[0].body or "")
    with pytest.raises(NotFoundError) as caught:
        await client.conversations.redact(
            type="source", conversation_id=conversation.id, source_id="nope"
        )
    assert_spec_error(caught.value, spec, "POST", "/conversations/redact", 404, "Not found")


async def test_convert_to_ticket_refuses_a_type_the_fake_lacks(
    client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    conversation = await _start(client, _contacts(fake, 1)[0])
    with pytest.raises(BadRequestError) as caught:
        await client.conversations.convert_to_ticket(conversation.id, ticket_type_id="54")
    path = "/conversations/{conversation_id}/convert"
    assert_spec_error(caught.value, spec, "POST", path, 400, "Bad request")
    assert fake.requests[-1] == ("POST", f"/conversations/{conversation.id}/convert")


async def test_an_empty_id_is_refused_before_sending(client: Client, fake: FakeIntercom) -> None:
    with pytest.raises(ValueError, match="conversation_id"):
        await client.conversations.get("")
    assert fake.requests == []


@pytest.mark.parametrize("version", ["1.0", "2.14", "2.15", "Unstable"])
def test_documented_api_versions_are_accepted(version: str) -> None:
    assert Client(token="t", api_version=version).api_version == version


@pytest.mark.parametrize("version", ["2.16", "3", "unstable", "latest"])
def test_other_api_versions_are_refused_naming_the_accepted_ones(version: str) -> None:
    with pytest.raises(ValueError, match=r"api_version must be one of .*2\.15, Unstable"):
        Client(token="t", api_version=version)


async def test_search_takes_the_operators_of_the_conversation_table(
    client: Client, fake: FakeIntercom
) -> None:
    first, second = [await _start(client, _contacts(fake, 1)[0], f"m{n}") for n in range(2)]
    assert first.created_at is not None
    not_then = Q.field("created_at") != int(first.created_at.timestamp()) - 86_400
    found = await client.conversations.search(not_then).to_list()  # `!=` on a date: allowed
    assert {c.id for c in found} == {first.id, second.id}
    with pytest.raises(InvalidQueryError, match="'!=' is not supported on date"):
        client.contacts.search(not_then)  # the contact table refuses it
    with pytest.raises(InvalidQueryError, match="'~' is not supported on boolean"):
        client.conversations.search(Q.field("open").contains("t"))


async def test_a_list_result_is_a_summary_whose_ref_fetches_the_whole_conversation(
    client: Client, fake: FakeIntercom
) -> None:
    started = await _start(client, _contacts(fake, 1)[0], "Where is my order?")
    await client.conversations.reply(
        started.id, message_type="comment", type="admin", admin_id=_admin(fake), body="Here"
    )
    (summary,) = await client.conversations.list().to_list()
    assert not hasattr(summary, "conversation_parts")  # a summary carries no parts
    before = len(fake.requests)
    full = await summary.ref.fetch()
    assert fake.requests[before:] == [("GET", f"/conversations/{started.id}")]
    assert isinstance(full, Conversation) and full.conversation_parts is not None
    assert [p.body for p in full.conversation_parts.conversation_parts or ()] == ["Here"]
