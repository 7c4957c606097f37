"""Typing facts of `intercom_async.webhooks`. Checked by mypy, never run."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from typing_extensions import assert_type

import intercom_async
from intercom_async.testing import Delivery, FakeIntercom
from intercom_async.webhooks import (
    DedupeStore,
    MemoryDedupe,
    Notification,
    Receiver,
    parse,
    sign,
    verify,
)


async def webhooks_are_typed(
    client: intercom_async.Client, body: bytes, fake: FakeIntercom
) -> None:
    signature = sign(body, "secret")
    assert_type(signature, str)
    assert_type(verify(body, signature, b"secret"), None)
    notification = parse(body, client=client)
    assert_type(notification, Notification)
    assert_type(notification.created_at, datetime)
    assert_type(notification.first_sent_at, datetime | None)
    assert_type(notification.item, Any)
    store: DedupeStore = MemoryDedupe(max_size=100)
    receiver = Receiver("secret", client=client, dedupe=store, max_concurrency=4)

    @receiver.on("conversation.*", "ticket.created")
    async def handler(notification: Notification) -> None: ...

    assert_type(await receiver.handle(body, {"X-Hub-Signature": signature}), int)
    assert_type(await fake.deliver("ping", {"type": "ping"}), list[Delivery])
