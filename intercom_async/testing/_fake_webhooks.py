"""Webhook notifications from the fake: subscriptions, signed deliveries, retries.

A write on the fake (a contact created, a conversation replied to or closed, ...)
emits the notification Intercom would send, through one function, `FakeWebhooks.emit`:
one middleware reads which topic a successful write means from `WRITE_TOPICS`, a table
of `(method, route) -> topics of the answer`. Each subscription whose topics match gets
a signed POST; a failed delivery is retried once after `retry_delay` (Intercom: a
minute), a `410 Gone` disables the subscription, as Intercom documents.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import aiohttp
import attrs
import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

from .._webhook_signing import SIGNATURE_HEADER, sign
from .._webhook_topics import check_pattern, matches
from ._fake_data import FakeStore, Json, render_contact
from ._fake_http import STATE_KEY

__all__ = [
    "DEFAULT_CLIENT_SECRET",
    "WEBHOOKS_KEY",
    "WRITE_TOPICS",
    "Delivery",
    "FakeWebhooks",
    "Subscription",
    "install_webhooks",
]

DEFAULT_CLIENT_SECRET = "fake-client-secret"  # noqa: S105 - the fake's, not a secret
"""The app's client secret the fake signs with, unless told another."""


@attrs.define
class Subscription:
    """An endpoint URL and the topics (or families, `conversation.*`) it receives."""

    url: str
    topics: tuple[str, ...]
    active: bool = True
    """False once the endpoint answered `410 Gone`: nothing more is sent to it."""

    def wants(self, topic: str) -> bool:
        return self.active and (topic == "ping" or any(matches(p, topic) for p in self.topics))


@attrs.define
class Delivery:
    """One notification sent to one URL: each attempt's status (or error) and the outcome."""

    notification_id: str
    topic: str
    url: str
    attempts: list[int | str] = attrs.field(factory=list)
    """The HTTP status of each attempt, or the error's name (`TimeoutError`)."""
    status: str = "pending"
    """`pending`, `delivered` or `failed`."""


class FakeWebhooks:
    """The fake's webhook side: `subscribe(url, topics)`, `emit(topic, item)`, `drain()`."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.client_secret: str = DEFAULT_CLIENT_SECRET
        self.subscriptions: list[Subscription] = []
        self.deliveries: list[Delivery] = []
        self.retry_delay = 60.0
        """Seconds before the one retry of a failed delivery (Intercom waits a minute)."""
        self.timeout = 5.0
        """Seconds an endpoint has to answer (Intercom allows 5)."""
        self._session: aiohttp.ClientSession | None = None
        self._tasks: set[asyncio.Task[Delivery]] = set()

    def __repr__(self) -> str:
        return f"<FakeWebhooks subscriptions={len(self.subscriptions)} sent={len(self.deliveries)}>"

    def subscribe(self, url: str, topics: Iterable[str] = ("*",), *, ping: bool = True) -> None:
        """Send notifications of `topics` to `url` from now on; with `ping`, a `ping` first,
        as Intercom sends when an endpoint is registered."""
        if isinstance(topics, str):
            topics = (topics,)
        subscription = Subscription(url, tuple(check_pattern(t) for t in topics))
        self.subscriptions.append(subscription)
        if ping:
            self._send(subscription, self.notification("ping", {"type": "ping", "message": "hi"}))

    def notification(self, topic: str, item: Json) -> Json:
        """The envelope Intercom sends for `item` under `topic`."""
        now = int(time.time())
        return {
            "type": "notification_event",
            "app_id": self.store.app.get("id_code", "fakeapp"),
            "data": {"type": "notification_event_data", "item": item},
            "links": {},
            "id": f"notif_{uuid.uuid4()}",
            "topic": topic,
            "delivery_status": "pending",
            "delivery_attempts": 1,
            "delivered_at": 0,
            "first_sent_at": now,
            "created_at": now,
            "self": None,
        }

    def emit(self, topic: str, item: Json) -> list[asyncio.Task[Delivery]]:
        """Notify every subscription that wants `topic`; the deliveries run in the background."""
        envelope = self.notification(topic, item)
        return [self._send(s, envelope) for s in self.subscriptions if s.wants(topic)]

    async def deliver(self, topic: str, item: Json, url: str | None = None) -> list[Delivery]:
        """Send one notification by hand (to `url`, or to the subscriptions that want it)
        and wait for the outcome, retries included."""
        if url is None:
            tasks = self.emit(topic, item)
        else:
            tasks = [self._send(Subscription(url, ("*",)), self.notification(topic, item))]
        return list(await asyncio.gather(*tasks))

    async def drain(self) -> None:
        """Wait until every delivery started so far has succeeded or failed."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        """Cancel what is still being sent and close the HTTP session."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)
        session, self._session = self._session, None
        if session is not None:
            await session.close()

    def _send(self, subscription: Subscription, envelope: Json) -> asyncio.Task[Delivery]:
        delivery = Delivery(envelope["id"], envelope["topic"], subscription.url)
        self.deliveries.append(delivery)
        task = asyncio.get_running_loop().create_task(
            self._attempts(subscription, envelope, delivery)
        )
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _attempts(
        self, subscription: Subscription, envelope: Json, delivery: Delivery
    ) -> Delivery:
        for attempt in (1, 2):
            if attempt == 2:
                await asyncio.sleep(self.retry_delay)
            outcome = await self._post(subscription.url, {**envelope, "delivery_attempts": attempt})
            delivery.attempts.append(outcome)
            if isinstance(outcome, int) and 200 <= outcome < 300:
                delivery.status = "delivered"
                return delivery
            if outcome == 410:
                subscription.active = False
                break
        delivery.status = "failed"
        return delivery

    async def _post(self, url: str, envelope: Json) -> int | str:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        body = orjson.dumps(envelope)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "intercom-parrot-service-client/1.0",
            SIGNATURE_HEADER: sign(body, self.client_secret),
        }
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        try:
            async with self._session.post(
                url, data=body, headers=headers, timeout=timeout
            ) as answer:
                await answer.read()
                return answer.status
        except (aiohttp.ClientError, TimeoutError) as error:
            return type(error).__name__


WriteTopics = Callable[[FakeStore, Json, Json], list[tuple[str, Json]]]
"""`(store, request body, answer) -> [(topic, item), ...]` for one kind of write."""


def _contact(store: FakeStore, contact_id: str) -> Json:
    return render_contact(store, contact_id)


def _contact_written(verb: str) -> WriteTopics:
    def topics(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
        return [(f"contact.{answer.get('role', 'user')}.{verb}", answer)]

    return topics


def _contact_tag(verb: str) -> WriteTopics:
    def topics(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
        contact_id = body["_ids"]["contact_id"]
        contact = _contact(store, contact_id)
        item = {"type": "contact_tag", "created_at": int(time.time()), "tag": answer}
        return [(f"contact.{contact.get('role', 'user')}.tag.{verb}", {**item, "contact": contact})]

    return topics


def _deleted(kind: str) -> WriteTopics:
    def topics(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
        return [(f"{kind}.deleted", {"type": kind, "id": str(answer.get("id"))})]

    return topics


def _answer(topic: str) -> WriteTopics:
    """`topic`, about the object the write answered with."""
    return lambda store, body, answer: [(topic, answer)]


def _conversation_created(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
    return [("conversation.user.created", store.conversations[str(answer["conversation_id"])])]


def _replied(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
    if body.get("message_type") == "note":
        return [("conversation.admin.noted", answer)]
    return [(f"conversation.{body.get('type')}.replied", answer)]


_MANAGED = {
    "close": "conversation.admin.closed",
    "snoozed": "conversation.admin.snoozed",
    "open": "conversation.admin.opened",
    "assignment": "conversation.admin.assigned",
}


def _managed(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
    topic = _MANAGED.get(str(body.get("message_type")))
    return [(topic, answer)] if topic else []


def _archived(verb: str) -> WriteTopics:
    def topics(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
        return [(f"contact.{verb}", _contact(store, str(answer["id"])))]

    return topics


def _company_saved(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
    created = answer.get("created_at") == answer.get("updated_at")
    return [("company.created" if created else "company.updated", answer)]


def _ticket_replied(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
    ticket = store.tickets[body["_ids"]["ticket_id"]]
    if body.get("message_type") == "note":
        return [("ticket.note.created", ticket)]
    return [
        (
            "ticket.admin.replied" if body.get("type") == "admin" else "ticket.contact.replied",
            ticket,
        )
    ]


def _ticket_updated(store: FakeStore, body: Json, answer: Json) -> list[tuple[str, Json]]:
    topics = []
    if "ticket_attributes" in body:
        topics.append("ticket.attribute.updated")
    if body.get("ticket_state_id") is not None:
        topics.append("ticket.state.updated")
    if body.get("assignee_id") is not None:
        admin = str(body["assignee_id"]) in store.admins
        topics.append("ticket.admin.assigned" if admin else "ticket.team.assigned")
    if body.get("open") is False:
        topics.append("ticket.closed")
    return [(topic, answer) for topic in topics]


WRITE_TOPICS: dict[tuple[str, str], WriteTopics] = {
    ("POST", "/contacts"): _contact_written("created"),
    ("PUT", "/contacts/{contact_id}"): _contact_written("updated"),
    ("DELETE", "/contacts/{contact_id}"): _deleted("contact"),
    ("POST", "/contacts/{contact_id}/archive"): _archived("archived"),
    ("POST", "/contacts/{contact_id}/unarchive"): _archived("unarchive"),
    ("POST", "/contacts/{contact_id}/tags"): _contact_tag("created"),
    ("DELETE", "/contacts/{contact_id}/tags/{tag_id}"): _contact_tag("deleted"),
    ("POST", "/companies"): _company_saved,
    ("PUT", "/companies/{company_id}"): _answer("company.updated"),
    ("DELETE", "/companies/{company_id}"): _deleted("company"),
    ("POST", "/conversations"): _conversation_created,
    ("DELETE", "/conversations/{conversation_id}"): _deleted("conversation"),
    ("POST", "/conversations/{conversation_id}/reply"): _replied,
    ("POST", "/conversations/{conversation_id}/parts"): _managed,
    ("POST", "/conversations/{conversation_id}/customers"): _answer(
        "conversation.contact.attached"
    ),
    ("POST", "/tickets"): _answer("ticket.created"),
    ("PUT", "/tickets/{ticket_id}"): _ticket_updated,
    ("POST", "/tickets/{ticket_id}/reply"): _ticket_replied,
}
"""Which notifications a successful write on the fake sends, by method and route."""

WEBHOOKS_KEY = web.AppKey("fake_intercom_webhooks", FakeWebhooks)


@web.middleware
async def webhooks_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """After a write that succeeded, emit what `WRITE_TOPICS` says it means."""
    response = await handler(request)
    route = request.match_info.route.resource
    rule = WRITE_TOPICS.get((request.method, route.canonical)) if route is not None else None
    body = getattr(response, "body", None)
    if rule is None or not 200 <= response.status < 300 or not isinstance(body, bytes):
        return response
    webhooks = request.app[WEBHOOKS_KEY]
    if not webhooks.subscriptions:
        return response
    raw = await request.read()
    sent: Any = orjson.loads(raw) if raw else {}
    sent = dict(sent) if isinstance(sent, dict) else {}
    sent["_ids"] = dict(request.match_info)  # the path's ids, for the rules that need them
    for topic, item in rule(request.app[STATE_KEY].store, sent, orjson.loads(body)):
        webhooks.emit(topic, item)
    return response


def install_webhooks(app: web.Application) -> FakeWebhooks:
    """Give `app` its webhook side and the middleware that emits after writes."""
    webhooks = FakeWebhooks(app[STATE_KEY].store)
    app[WEBHOOKS_KEY] = webhooks
    app.middlewares.append(webhooks_middleware)
    return webhooks
