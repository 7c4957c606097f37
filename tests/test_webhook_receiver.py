"""`Receiver.handle`: status codes at once, handlers in the background, each notification
once, a bounded number of handlers at a time, failures logged, the secret never shown."""

from __future__ import annotations

import asyncio
import logging
import pickle
from typing import Any

import orjson
import pytest

from intercom_async.webhooks import MemoryDedupe, Notification, Receiver, sign

SECRET = "receiver-secret-4f1c"


def body_of(topic: str = "conversation.admin.replied", notification_id: str = "notif_1") -> bytes:
    return orjson.dumps(
        {
            "type": "notification_event",
            "id": notification_id,
            "topic": topic,
            "app_id": "a86dr8yl",
            "created_at": 1700000000,
            "delivery_attempts": 1,
            "first_sent_at": 1700000000,
            "data": {
                "type": "notification_event_data",
                "item": {"type": "conversation", "id": "7"},
            },
        }
    )


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    return {"X-Hub-Signature": sign(body, secret), "Content-Type": "application/json"}


async def test_a_verified_notification_runs_its_handlers_in_the_background() -> None:
    receiver = Receiver(SECRET)
    started = asyncio.Event()
    release = asyncio.Event()
    seen: list[str] = []

    @receiver.on("conversation.admin.replied")
    async def replied(notification: Notification) -> None:
        started.set()
        await release.wait()
        seen.append(notification.id)

    assert await receiver.handle(body_of(), signed(body_of())) == 200
    assert seen == [] and receiver.pending == 1  # answered before the handler finished
    await started.wait()
    release.set()
    await receiver.drain()
    assert seen == ["notif_1"] and receiver.pending == 0


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-Hub-Signature": "sha1=nothex"},
        {"X-Hub-Signature": sign(body_of(), "wrong secret")},
        {"X-Hub-Signature": sign(body_of() + b" ", SECRET)},
    ],
    ids=["missing", "malformed", "wrong secret", "other body"],
)
async def test_an_unverified_request_is_401_and_runs_nothing(headers: dict[str, str]) -> None:
    receiver = Receiver(SECRET)
    ran: list[Notification] = []
    receiver.on("*")(_append_to(ran))
    assert await receiver.handle(body_of(), headers) == 401
    await receiver.drain()
    assert ran == []


async def test_a_signed_body_that_is_not_a_notification_is_400() -> None:
    receiver = Receiver(SECRET)
    for body in (b"{}", b"nope", orjson.dumps({"type": "notification_event"})):
        assert await receiver.handle(body, signed(body)) == 400


async def test_the_signature_header_is_found_in_any_letter_case() -> None:
    receiver = Receiver(SECRET)
    body = body_of()
    assert await receiver.handle(body, {"x-hub-signature": sign(body, SECRET)}) == 200


async def test_a_duplicate_is_answered_200_and_handled_once() -> None:
    receiver = Receiver(SECRET)
    ran: list[Notification] = []
    receiver.on("conversation.*")(_append_to(ran))
    body = body_of()
    statuses = await asyncio.gather(*(receiver.handle(body, signed(body)) for _ in range(5)))
    # A retry carries the same id with delivery_attempts 2: also a duplicate.
    retry = orjson.dumps({**orjson.loads(body), "delivery_attempts": 2})
    statuses.append(await receiver.handle(retry, signed(retry)))
    await receiver.drain()
    assert statuses == [200] * 6
    assert [n.id for n in ran] == ["notif_1"]
    other = body_of(notification_id="notif_2")
    assert await receiver.handle(other, signed(other)) == 200
    await receiver.drain()
    assert [n.id for n in ran] == ["notif_1", "notif_2"]


async def test_the_memory_store_is_bounded_and_forgets_the_oldest() -> None:
    store = MemoryDedupe(max_size=2)
    assert [await store.first_seen(i) for i in ("a", "b", "a", "c")] == [True, True, False, True]
    assert len(store) == 2
    assert await store.first_seen("b") is True  # forgotten: "a" was seen more recently
    with pytest.raises(ValueError, match="at least 1"):
        MemoryDedupe(max_size=0)


async def test_a_pluggable_store_decides_what_is_a_duplicate() -> None:
    class SharedStore:
        def __init__(self) -> None:
            self.asked: list[str] = []

        async def first_seen(self, notification_id: str) -> bool:
            self.asked.append(notification_id)
            return False  # another process took it already

    store = SharedStore()
    receiver = Receiver(SECRET, dedupe=store)
    ran: list[Notification] = []
    receiver.on("*")(_append_to(ran))
    assert await receiver.handle(body_of(), signed(body_of())) == 200
    await receiver.drain()
    assert store.asked == ["notif_1"] and ran == []


async def test_topics_families_and_the_wildcard_choose_handlers_each_once() -> None:
    receiver = Receiver(SECRET)
    calls: list[tuple[str, str]] = []

    def recorder(name: str) -> Any:
        async def handler(notification: Notification) -> None:
            calls.append((name, notification.topic))

        handler.__qualname__ = name
        return handler

    receiver.on("conversation.admin.replied")(recorder("exact"))
    receiver.on("conversation.*")(recorder("family"))
    receiver.on("conversation.admin.*", "conversation.*")(recorder("both"))
    receiver.on("*")(recorder("all"))
    receiver.on("contact.*")(recorder("contacts"))
    for index, topic in enumerate(["conversation.admin.replied", "conversation_part.redacted"]):
        body = body_of(topic, f"n{index}")
        assert await receiver.handle(body, signed(body)) == 200
    await receiver.drain()
    assert sorted(calls) == [
        ("all", "conversation.admin.replied"),
        ("all", "conversation_part.redacted"),  # not in the conversation.* family
        ("both", "conversation.admin.replied"),
        ("exact", "conversation.admin.replied"),
        ("family", "conversation.admin.replied"),
    ]


def test_typos_and_sync_handlers_are_refused_when_registered() -> None:
    receiver = Receiver(SECRET)
    with pytest.raises(ValueError, match=r"'conversation\.admin\.repled' names no documented"):
        receiver.on("conversation.admin.repled")
    with pytest.raises(ValueError, match="names no documented"):
        receiver.on("conv*")
    with pytest.raises(ValueError, match="at least one topic"):
        receiver.on()
    receiver.on("brand.new.topic", known_only=False)(_append_to([]))
    with pytest.raises(TypeError, match="must be an async function"):
        receiver.on("ping")(lambda notification: None)  # type: ignore[arg-type, return-value]
    with pytest.raises(ValueError, match="max_concurrency must be at least 1"):
        Receiver(SECRET, max_concurrency=0)
    with pytest.raises(ValueError, match="client secret is empty"):
        Receiver("")


async def test_no_more_handlers_run_at_once_than_max_concurrency() -> None:
    receiver = Receiver(SECRET, max_concurrency=3)
    running = 0
    most = 0
    done = 0

    @receiver.on("*")
    async def slow(notification: Notification) -> None:
        nonlocal running, most, done
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.01)
        running -= 1
        done += 1

    for index in range(12):
        body = body_of(notification_id=f"n{index}")
        assert await receiver.handle(body, signed(body)) == 200
    assert receiver.pending == 12
    await receiver.drain()
    assert (most, done, receiver.pending) == (3, 12, 0)


async def test_a_failing_handler_is_logged_and_counted_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    receiver = Receiver(SECRET)
    ran: list[Notification] = []

    @receiver.on("conversation.*")
    async def broken(notification: Notification) -> None:
        raise RuntimeError("the database is down")

    receiver.on("conversation.*")(_append_to(ran))
    with caplog.at_level(logging.ERROR, logger="intercom_async.webhooks"):
        assert await receiver.handle(body_of(), signed(body_of())) == 200
        await receiver.drain()
    assert receiver.failures == 1 and len(ran) == 1
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    message = record.getMessage()
    assert "broken" in message and "conversation.admin.replied" in message and "notif_1" in message
    assert record.exc_info is not None and "the database is down" in str(record.exc_info[1])


async def test_the_secret_is_in_no_repr_log_line_or_pickle(
    caplog: pytest.LogCaptureFixture,
) -> None:
    receiver = Receiver(SECRET)
    receiver.on("ping")(_append_to([]))
    with caplog.at_level(logging.DEBUG, logger="intercom_async.webhooks"):
        await receiver.handle(body_of(), {"X-Hub-Signature": sign(body_of(), "wrong")})
        await receiver.handle(b"{}", signed(b"{}"))
        await receiver.handle(body_of(), signed(body_of()))
        await receiver.handle(body_of(), signed(body_of()))  # a duplicate, logged at DEBUG
    assert len(caplog.records) == 3
    shown = [repr(receiver), str(receiver), repr(vars(receiver)), caplog.text]
    assert all(SECRET not in text for text in shown)
    assert "Receiver handlers=1 topics=['ping']" in repr(receiver)
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(receiver)


def _append_to(into: list[Notification]) -> Any:
    async def handler(notification: Notification) -> None:
        into.append(notification)

    return handler


async def test_a_failing_dedupe_store_answers_500_so_intercom_retries(
    caplog: pytest.LogCaptureFixture,
) -> None:
    class DownStore:
        async def first_seen(self, notification_id: str) -> bool:
            raise ConnectionError("redis is down")

    receiver = Receiver(SECRET, dedupe=DownStore())
    ran: list[Notification] = []
    receiver.on("*")(_append_to(ran))
    with caplog.at_level(logging.ERROR, logger="intercom_async.webhooks"):
        assert await receiver.handle(body_of(), signed(body_of())) == 500
    await receiver.drain()
    assert ran == [] and "the dedupe store failed" in caplog.text and "notif_1" in caplog.text


async def test_the_body_must_be_the_raw_bytes() -> None:
    receiver = Receiver(SECRET)
    with pytest.raises(TypeError, match="raw request body as bytes"):
        await receiver.handle(body_of().decode(), signed(body_of()))  # type: ignore[arg-type]
    assert await receiver.handle(bytearray(body_of()), signed(body_of())) == 200  # type: ignore[arg-type]
