"""`Receiver`: verified, deduplicated webhook notifications dispatched to async handlers.

`handle(body, headers)` answers at once with the status code to send (Intercom
allows 5 seconds and retries a failure once a minute later) and runs the matching
handlers in the background, a bounded number at a time. A handler that fails is
logged with its notification's topic and id, and counted in `failures`.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, NoReturn, Protocol, TypeVar

from aiohttp import web

from ._notifications import Notification, parse
from ._webhook_signing import SIGNATURE_HEADER, InvalidSignature, sign, verify
from ._webhook_topics import check_pattern, matches
from .errors import DecodeError

if TYPE_CHECKING:
    from ._client import Client

__all__ = ["DEFAULT_MAX_CONCURRENCY", "DedupeStore", "Handler", "MemoryDedupe", "Receiver"]

Handler = Callable[[Notification], Awaitable[None]]
"""An async function that takes a `Notification`."""
H = TypeVar("H", bound=Handler)

DEFAULT_MAX_CONCURRENCY = 16
"""Handlers running at once at most, per receiver."""

_log = logging.getLogger("intercom_async.webhooks")


class DedupeStore(Protocol):
    """Where a receiver remembers the notification ids it has taken (Redis, a table...)."""

    async def first_seen(self, notification_id: str) -> bool:
        """True the first time `notification_id` is seen (remembering it), False after.

        Check and remember in one step, so two concurrent deliveries run handlers once.
        """
        ...


class MemoryDedupe:
    """The default store: the most recent `max_size` ids, in this process's memory."""

    def __init__(self, max_size: int = 10_000) -> None:
        if max_size < 1:
            raise ValueError(f"max_size must be at least 1, got {max_size}")
        self.max_size = max_size
        self._seen: OrderedDict[str, None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._seen)

    async def first_seen(self, notification_id: str) -> bool:
        if notification_id in self._seen:
            self._seen.move_to_end(notification_id)
            return False
        self._seen[notification_id] = None
        if len(self._seen) > self.max_size:
            self._seen.popitem(last=False)
        return True


class _ClientSecret:
    """The app's client secret; no repr, str or pickle shows it."""

    __slots__ = ("value",)

    def __init__(self, value: str | bytes) -> None:
        sign(b"", value)  # refuses an empty or mistyped secret, naming no part of it
        self.value = value

    def __repr__(self) -> str:
        return "<client secret ***>"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("a webhook client secret is not pickled; pass it to the new process")


class Receiver:
    """Verifies, parses and deduplicates notifications, then runs the handlers `on` chose.

    ```python
    receiver = Receiver(client_secret, client=client)

    @receiver.on("conversation.admin.replied")
    async def replied(notification: Notification) -> None:
        admin = await notification.item.admin_assignee.fetch()
    ```
    """

    def __init__(
        self,
        secret: str | bytes,
        *,
        client: Client | None = None,
        dedupe: DedupeStore | None = None,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
    ) -> None:
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
        self._secret = _ClientSecret(secret)
        del secret
        self.client = client
        self.dedupe: DedupeStore = dedupe if dedupe is not None else MemoryDedupe()
        self.max_concurrency = max_concurrency
        self.failures = 0
        """Handlers that raised (each logged on `intercom_async.webhooks`)."""
        self._handlers: list[tuple[str, Handler]] = []
        self._gate: asyncio.Semaphore | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    def __repr__(self) -> str:
        topics = sorted({pattern for pattern, _ in self._handlers})
        return f"<intercom_async.webhooks.Receiver handlers={len(self._handlers)} topics={topics}>"

    def on(self, *topics: str, known_only: bool = True) -> Callable[[H], H]:
        """Register the decorated async function for `topics`: topics, families such as
        `conversation.*`, or `*`. A topic Intercom does not document is refused as a typo
        unless `known_only=False`."""
        if not topics:
            raise ValueError("name at least one topic, a family such as 'ticket.*', or '*'")
        patterns = [check_pattern(t) if known_only else t for t in topics]

        def register(handler: H) -> H:
            is_async = inspect.iscoroutinefunction(handler) or inspect.iscoroutinefunction(
                getattr(handler, "__call__", None)  # noqa: B004 - an object with `async def __call__`
            )
            if not is_async:
                raise TypeError(f"a webhook handler must be an async function, got {handler!r}")
            self._handlers.extend((pattern, handler) for pattern in patterns)
            return handler

        return register

    def handlers_for(self, topic: str) -> list[Handler]:
        """The handlers a notification of `topic` runs, each once, in registration order."""
        chosen: list[Handler] = []
        for pattern, handler in self._handlers:
            if matches(pattern, topic) and handler not in chosen:
                chosen.append(handler)
        return chosen

    @property
    def pending(self) -> int:
        """Handlers started or waiting for their turn."""
        return len(self._tasks)

    async def handle(self, body: bytes, headers: Mapping[str, str]) -> int:
        """The HTTP status to answer a webhook request with; handlers run in the background.

        401 for a missing, malformed or wrong signature, 400 for a body that is not a
        notification, 500 when the dedupe store fails (Intercom retries), 200 otherwise (a
        duplicate is answered 200 and runs nothing).
        """
        if isinstance(body, str):
            raise TypeError("pass the raw request body as bytes: the signature covers the bytes")
        body = bytes(body)
        try:
            verify(body, _header(headers, SIGNATURE_HEADER), self._secret.value)
        except InvalidSignature as refused:
            _log.warning("webhook refused: %s", refused)
            return 401
        try:
            notification = parse(body, client=self.client)
        except DecodeError as error:
            _log.warning("webhook refused: %s", error)
            return 400
        try:
            first = await self.dedupe.first_seen(notification.id)
        except Exception:
            # Unsure whether it is a duplicate: Intercom retries a 500 a minute later.
            _log.exception(
                "webhook %s %s: the dedupe store failed", notification.topic, notification.id
            )
            return 500
        if not first:
            _log.debug("webhook %s %s seen before: ignored", notification.topic, notification.id)
            return 200
        for handler in self.handlers_for(notification.topic):
            task = asyncio.get_running_loop().create_task(self._run(handler, notification))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return 200

    async def _run(self, handler: Handler, notification: Notification) -> None:
        if self._gate is None:
            self._gate = asyncio.Semaphore(self.max_concurrency)
        async with self._gate:
            try:
                await handler(notification)
            except Exception:
                self.failures += 1
                name = getattr(handler, "__qualname__", repr(handler))
                _log.exception(
                    "webhook handler %s failed on %s %s",
                    name,
                    notification.topic,
                    notification.id,
                )

    async def drain(self) -> None:
        """Wait until every handler started so far has finished (before shutting down)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aiohttp_handler(self, request: web.Request) -> web.Response:
        """An `aiohttp.web` handler:
        `app.router.add_post("/webhooks", receiver.aiohttp_handler)`."""
        status = await self.handle(await request.read(), request.headers)
        return web.Response(status=status)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """`name` from any mapping of headers, in any letter case."""
    found = headers.get(name)
    if found is not None:
        return found
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)
