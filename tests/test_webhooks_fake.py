"""The fake sends real, signed notifications over loopback to an aiohttp.web app that uses
`Receiver`; its writes emit the matching topics; failed deliveries are retried once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import orjson
import pytest
import pytest_asyncio
from aiohttp import web

import intercom_async
from intercom_async.models import Admin, Contact, Conversation, Ticket
from intercom_async.testing import FakeIntercom
from intercom_async.webhooks import Notification, Receiver, verify

Client = intercom_async.Client


class Endpoint:
    """An aiohttp.web app on loopback whose POST /hooks goes to a `Receiver`."""

    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver
        self.answers: list[int] = []
        self.bodies: list[tuple[bytes, str | None]] = []
        self.fail_next = 0
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def hooks(self, request: web.Request) -> web.StreamResponse:
        self.bodies.append((await request.read(), request.headers.get("X-Hub-Signature")))
        if self.fail_next:
            self.fail_next -= 1
            self.answers.append(503)
            return web.Response(status=503)
        response = await self.receiver.aiohttp_handler(request)
        self.answers.append(response.status)
        return response

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/hooks", self.hooks)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self.runner.addresses[0][1]}/hooks"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


@pytest_asyncio.fixture
async def receiver(fake: FakeIntercom, client: Client) -> Receiver:
    return Receiver(fake.webhooks.client_secret, client=client)


@pytest_asyncio.fixture
async def endpoint(receiver: Receiver) -> AsyncIterator[Endpoint]:
    served = Endpoint(receiver)
    await served.start()
    yield served
    await receiver.drain()
    await served.stop()


async def _settle(fake: FakeIntercom, receiver: Receiver) -> None:
    await fake.webhooks.drain()
    await receiver.drain()


async def test_a_reply_on_the_fake_reaches_the_handler_which_fetches_through_the_client(
    fake: FakeIntercom, client: Client, receiver: Receiver, endpoint: Endpoint
) -> None:
    seen: list[tuple[str, Conversation, Admin, Conversation]] = []

    @receiver.on("conversation.admin.replied")
    async def replied(notification: Notification) -> None:
        item = notification.item
        assert isinstance(item, Conversation)
        admin = await item.admin_assignee.fetch()
        seen.append((notification.topic, item, admin, await item.fetch()))

    contact_id = next(iter(fake.store.contacts))
    admin_id = next(iter(fake.store.admins))
    message = await client.conversations.create(from_={"type": "user", "id": contact_id}, body="Hi")
    fake.webhooks.subscribe(endpoint.url, ["conversation.*"])
    await client.conversations.reply(
        str(message.conversation_id),
        message_type="comment",
        type="admin",
        admin_id=admin_id,
        body="On it",
    )
    await _settle(fake, receiver)

    assert [d.topic for d in fake.webhooks.deliveries] == ["ping", "conversation.admin.replied"]
    assert [d.status for d in fake.webhooks.deliveries] == ["delivered", "delivered"]
    assert endpoint.answers == [200, 200]
    [(topic, item, admin, current)] = seen
    assert topic == "conversation.admin.replied"
    assert item.id == str(message.conversation_id)
    assert admin.id == admin_id and admin == await client.admins.get(admin_id)
    assert current == await client.conversations.get(item.id)
    body, signature = endpoint.bodies[1]
    verify(body, signature, fake.webhooks.client_secret)  # real HMAC over the raw body
    assert ("GET", f"/admins/{admin_id}") in fake.requests
    assert ("GET", f"/conversations/{item.id}") in fake.requests


async def test_writes_emit_their_topics_to_the_subscriptions_that_want_them(
    fake: FakeIntercom, client: Client, receiver: Receiver, endpoint: Endpoint
) -> None:
    topics: list[str] = []
    contacts: list[Contact] = []

    @receiver.on("*")
    async def every(notification: Notification) -> None:
        topics.append(notification.topic)
        if isinstance(notification.item, Contact):
            contacts.append(notification.item)

    fake.webhooks.subscribe(endpoint.url, ["contact.*", "conversation.admin.closed"], ping=False)
    contact = await client.contacts.create(role="user", email="new@example.com")
    message = await client.conversations.create(from_={"type": "user", "id": contact.id}, body="x")
    admin_id = next(iter(fake.store.admins))
    await client.conversations.close(str(message.conversation_id), admin_id=admin_id)
    await client.contacts.delete(contact.id)
    await _settle(fake, receiver)

    # conversation.user.created was not subscribed to: not sent at all.
    assert sorted(topics) == [
        "contact.deleted",
        "contact.user.created",
        "conversation.admin.closed",
    ]
    assert [c.id for c in contacts] == [contact.id, contact.id]
    assert contacts[0].email == "new@example.com"
    assert len(fake.webhooks.deliveries) == 3


async def test_a_failed_delivery_is_retried_once_with_its_attempt_counted(
    fake: FakeIntercom, receiver: Receiver, endpoint: Endpoint
) -> None:
    attempts: list[int | None] = []

    @receiver.on("company.created")
    async def created(notification: Notification) -> None:
        attempts.append(notification.delivery_attempts)

    fake.webhooks.retry_delay = 0.01
    endpoint.fail_next = 1
    company = next(iter(fake.store.companies.values()))
    [delivery] = await fake.deliver("company.created", company, url=endpoint.url)
    await receiver.drain()
    assert delivery.attempts == [503, 200] and delivery.status == "delivered"
    assert attempts == [2]
    first, second = (orjson.loads(body) for body, _ in endpoint.bodies)
    assert first["id"] == second["id"]  # the same notification, so a receiver dedupes it
    assert (first["delivery_attempts"], second["delivery_attempts"]) == (1, 2)


async def test_two_failures_mark_it_failed_and_410_disables_the_subscription(
    fake: FakeIntercom, receiver: Receiver, endpoint: Endpoint
) -> None:
    fake.webhooks.retry_delay = 0.01
    endpoint.fail_next = 2
    [failed] = await fake.deliver("ping", {"type": "ping"}, url=endpoint.url)
    assert failed.attempts == [503, 503] and failed.status == "failed"

    gone = web.Application()
    gone.router.add_post("/gone", _gone)
    runner = web.AppRunner(gone, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/gone"
        fake.webhooks.subscribe(url, ["company.*"], ping=False)
        [delivery] = await fake.deliver("company.updated", {"type": "company", "id": "1"})
        assert delivery.attempts == [410] and delivery.status == "failed"
        assert fake.webhooks.subscriptions[0].active is False
        assert await fake.deliver("company.updated", {"type": "company", "id": "1"}) == []
    finally:
        await runner.cleanup()


async def _gone(request: web.Request) -> web.Response:
    return web.Response(status=410)


async def test_an_endpoint_that_does_not_answer_in_time_is_a_failed_attempt(
    fake: FakeIntercom,
) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(1)
        return web.Response()

    app = web.Application()
    app.router.add_post("/slow", slow)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    fake.webhooks.timeout, fake.webhooks.retry_delay = 0.05, 0.0
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/slow"
        [delivery] = await fake.deliver("ping", {"type": "ping"}, url=url)
    finally:
        await runner.cleanup()
    assert delivery.attempts == ["TimeoutError", "TimeoutError"]
    assert delivery.status == "failed"


def test_a_subscription_to_a_topic_that_does_not_exist_is_refused(fake: FakeIntercom) -> None:
    with pytest.raises(ValueError, match=r"'conversation\.admin\.repled' names no documented"):
        fake.webhooks.subscribe("http://127.0.0.1:1/hooks", ["conversation.admin.repled"])


async def test_each_kind_of_write_emits_its_topic_with_the_item_intercom_sends(
    fake: FakeIntercom, client: Client, receiver: Receiver, endpoint: Endpoint
) -> None:
    received: list[Notification] = []

    @receiver.on("*")
    async def every(notification: Notification) -> None:
        received.append(notification)

    fake.webhooks.subscribe(endpoint.url, ["*"], ping=False)
    admin_id = next(iter(fake.store.admins))
    tag_id = next(iter(fake.store.tags))
    lead = await client.contacts.create(role="lead", name="Lee")
    await client.contacts.update(lead.id, name="Lee Ann")
    await client.tags.attach_to_contact(lead.id, tag_id=tag_id)
    await client.tags.detach_from_contact(lead.id, tag_id=tag_id)
    await client.contacts.archive(lead.id)
    await client.contacts.unarchive(lead.id)
    user_id = next(c for c in fake.store.contacts if fake.store.contacts[c]["role"] == "user")
    message = await client.conversations.create(from_={"type": "user", "id": user_id}, body="Hi")
    conversation_id = str(message.conversation_id)
    await client.conversations.reply(
        conversation_id, message_type="comment", type="user", intercom_user_id=user_id, body="?"
    )
    await client.conversations.reply(
        conversation_id, message_type="note", type="admin", admin_id=admin_id, body="VIP"
    )
    await client.conversations.snooze(conversation_id, admin_id=admin_id, snoozed_until=2**33)
    await client.conversations.open(conversation_id, admin_id=admin_id)
    await client.conversations.assign(
        conversation_id, type="admin", admin_id=admin_id, assignee_id=admin_id
    )
    await client.conversations.delete(conversation_id)
    company = await client.companies.create_or_update(company_id="acme-1", name="Acme")
    await client.companies.update(company.id, name="Acme Inc")
    await client.companies.delete(company.id)
    await _settle(fake, receiver)

    assert [n.topic for n in sorted(received, key=_sent_order(fake))] == [
        "contact.lead.created",
        "contact.lead.updated",
        "contact.lead.tag.created",
        "contact.lead.tag.deleted",
        "contact.archived",
        "contact.unarchive",
        "conversation.user.created",
        "conversation.user.replied",
        "conversation.admin.noted",
        "conversation.admin.snoozed",
        "conversation.admin.opened",
        "conversation.admin.assigned",
        "conversation.deleted",
        "company.created",
        "company.updated",
        "company.deleted",
    ]
    by_topic = {n.topic: n.item for n in received}
    assert isinstance(by_topic["contact.lead.updated"], Contact)
    assert by_topic["contact.lead.updated"].name == "Lee Ann"
    tagged = by_topic["contact.lead.tag.created"]  # a webhook-only object: kept whole
    assert (tagged.type, tagged.extra["tag"]["id"], tagged.extra["contact"]["id"]) == (
        "contact_tag",
        tag_id,
        lead.id,
    )
    assert isinstance(by_topic["conversation.admin.noted"], Conversation)
    assert by_topic["conversation.admin.snoozed"].state == "snoozed"
    assert by_topic["conversation.deleted"].to_dict() == {
        "type": "conversation",
        "id": conversation_id,
    }
    assert by_topic["company.updated"].name == "Acme Inc"


def _sent_order(fake: FakeIntercom) -> Any:
    order = {d.notification_id: index for index, d in enumerate(fake.webhooks.deliveries)}
    return lambda notification: order[notification.id]


async def test_ticket_writes_emit_ticket_topics_with_the_ticket_as_item(
    fake: FakeIntercom, client: Client, receiver: Receiver, endpoint: Endpoint
) -> None:
    received: list[Notification] = []

    @receiver.on("ticket.*")
    async def tickets(notification: Notification) -> None:
        received.append(notification)

    fake.webhooks.subscribe(endpoint.url, ["ticket.*"], ping=False)
    admin_id = next(iter(fake.store.admins))
    contact_id = next(iter(fake.store.contacts))
    ticket_type = await client.ticket_types.create(name="Bug", category="Customer")
    ticket = await client.tickets.create(
        ticket_type_id=ticket_type.id,
        contacts=[{"id": contact_id}],
        ticket_attributes={"_default_title_": "Broken"},
    )
    await client.tickets.reply(
        ticket.id, message_type="note", type="admin", admin_id=admin_id, body="<p>Looking</p>"
    )
    await client.tickets.reply(
        ticket.id, message_type="comment", type="user", intercom_user_id=contact_id, body="Thx"
    )
    await client.tickets.update(ticket.id, ticket_attributes={"_default_title_": "Still broken"})
    await client.tickets.update(ticket.id, admin_id=int(admin_id), assignee_id=admin_id)
    await _settle(fake, receiver)

    assert [n.topic for n in sorted(received, key=_sent_order(fake))] == [
        "ticket.created",
        "ticket.note.created",
        "ticket.contact.replied",
        "ticket.attribute.updated",
        "ticket.admin.assigned",
    ]
    assert all(isinstance(n.item, Ticket) and n.item.id == ticket.id for n in received)
    current = await received[0].item.fetch()  # GET /tickets/{id}: the ticket as it is now
    assert current == await client.tickets.get(ticket.id)
    assert current.ticket_attributes["_default_title_"] == "Still broken"
