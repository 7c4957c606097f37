"""Small loopback servers for transport edge cases the fake Intercom has no knob for, and
the one check of aiohttp's connection pool."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

import intercom_async
from intercom_async.testing import FakeIntercom


@asynccontextmanager
async def one_route_server(method: str, path: str, handler: Handler) -> AsyncIterator[str]:
    """Serve one route on 127.0.0.1 and yield its base URL."""
    app = web.Application()
    app.router.add_route(method, path, handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = runner.addresses[0][1]
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


class RawServer:
    """A socket-level HTTP server that records every request line it receives.

    It counts what arrives on the wire, whoever resent it (our transport or
    aiohttp), then either answers with `status`/`body` or, with `answer=False`,
    closes the connection without a word (a proxy that dies before answering).
    """

    def __init__(self, *, answer: bool = True, status: int = 200, body: bytes = b"{}") -> None:
        self.answer = answer
        self.status = status
        self.body = body
        self.received: list[tuple[str, str]] = []
        self._server: asyncio.Server | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    def targets(self) -> list[str]:
        return [target for _, target in self.received]

    async def __aenter__(self) -> RawServer:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                method, target, _ = lines[0].split(" ", 2)
                length = next(
                    (
                        int(line.split(":", 1)[1])
                        for line in lines
                        if line.lower().startswith("content-length:")
                    ),
                    0,
                )
                await reader.readexactly(length)
                self.received.append((method, target))
                if not self.answer:
                    break
                writer.write(
                    b"HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (self.status, len(self.body), self.body)
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def assert_no_connection_held(client: intercom_async.Client) -> None:
    """No connection of the client's pool is checked out. aiohttp has no public count, so
    this reads its connector's `_acquired`, here and nowhere else."""
    session = client.session
    assert session is not None and session.connector is not None
    assert not session.connector._acquired  # type: ignore[attr-defined]


def holds_a_connection(client: intercom_async.Client) -> bool:
    """Some connection of the client's pool is checked out (see above)."""
    session = client.session
    assert session is not None and session.connector is not None
    return bool(session.connector._acquired)  # type: ignore[attr-defined]


@asynccontextmanager
async def gated_fake(
    path: str, nth: int, **workspace: Any
) -> AsyncIterator[tuple[FakeIntercom, asyncio.Event, asyncio.Event]]:
    """A fake whose `nth` request to `path` waits until `release` is set (`reached` says
    it is waiting), so a test can interrupt a client there."""
    reached, release = asyncio.Event(), asyncio.Event()
    seen = 0

    @web.middleware
    async def gate(
        request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        nonlocal seen
        if request.path == path:
            seen += 1
            if seen == nth:
                reached.set()
                await release.wait()
        return await handler(request)

    server = FakeIntercom(**workspace)
    server.app.middlewares.append(gate)
    async with server:
        try:
            yield server, reached, release
        finally:
            release.set()
