"""Scheduled network and server faults for the fake Intercom.

```python
fake.faults.inject("GET", "/contacts/*", kind="reset", times=2)
```

The next two matching requests get their connection reset half-way through the
body; later ones are served normally. Faults live in their own middleware, the
outermost one, so a fault acts before (or instead of) the rest of the pipeline,
exactly like a proxy or a flaky network in front of the real API would.
"""

from __future__ import annotations

import asyncio
import fnmatch
import socket
import struct
import time
import uuid
import weakref
from collections.abc import Awaitable, Callable
from typing import Literal, get_args

import attrs
import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

__all__ = ["FAULTS_KEY", "FaultKind", "FaultRule", "Faults", "install_faults"]

FaultKind = Literal[
    "reset",
    "truncate",
    "not_json",
    "html",
    "slow_headers",
    "slow_body",
    "server_error",
    "rate_limit",
    "drop_reused",
]
"""What a rule does to a matching request.

- ``reset``: headers and half the real body, then a TCP reset.
- ``truncate``: a ``Content-Length`` larger than the body sent, then a clean close.
- ``not_json``: ``200`` with a ``text/plain`` body that is not JSON.
- ``html``: a proxy's HTML error page, ``status`` 502 (default), 503 or 504.
- ``slow_headers``: wait ``delay`` seconds before answering.
- ``slow_body``: headers at once, the body only after ``delay`` seconds.
- ``server_error``: ``500`` with Intercom's ``error.list`` body (a burst with ``times=n``).
- ``rate_limit``: ``429`` with ``X-RateLimit-Remaining: 0`` and a reset ``reset_in`` s ahead.
- ``drop_reused``: close a kept-alive connection when a request arrives on it, unanswered,
  as a server that times out idle connections does when the client reuses one too late.
"""

_KINDS = frozenset(get_args(FaultKind))
_CALLS_HANDLER = frozenset({"reset", "truncate", "slow_headers", "slow_body"})
_HTML_REASONS = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out"}
_POLL = 0.02


@attrs.define
class FaultRule:
    """One scheduled fault: which requests it hits, what it does and how often."""

    method: str
    path: str
    kind: FaultKind
    times: int | None
    status: int = 502
    delay: float = 5.0
    reset_in: int = 1
    retry_after: int | None = None

    def matches(self, method: str, path: str) -> bool:
        return (self.method in ("*", method)) and fnmatch.fnmatchcase(path, self.path)


class Faults:
    """The schedule of faults for one fake server; rules apply in the order injected.

    `fired` records every fault delivered. The server's request log also lists the
    faulted requests, except a ``slow_headers`` one whose client left before it was
    answered.
    """

    def __init__(self, requests: list[tuple[str, str]] | None = None) -> None:
        self.rules: list[FaultRule] = []
        self.fired: list[tuple[str, str, FaultKind]] = []
        """``(method, path, kind)`` of every fault delivered, in order."""
        self._requests = requests
        self._served: weakref.WeakSet[object] = weakref.WeakSet()

    def inject(
        self,
        method: str,
        path: str,
        *,
        kind: FaultKind,
        times: int | None = 1,
        status: int = 502,
        delay: float = 5.0,
        reset_in: int = 1,
        retry_after: int | None = None,
    ) -> FaultRule:
        """Hit the next `times` requests matching `method` and `path`.

        Args:
            method: an HTTP method, or ``*`` for any.
            path: a glob over the request path (``/contacts/*``), without the query.
            kind: what the fault does (see `FaultKind`).
            times: how many matching requests it hits; None hits every one until `clear()`.
            status: the status of an ``html`` fault: 502, 503 or 504.
            delay: seconds a ``slow_headers`` or ``slow_body`` fault waits.
            reset_in: seconds ahead of now a ``rate_limit`` fault's ``X-RateLimit-Reset``
                names (0 names a reset already past, so the client backs off instead).
            retry_after: adds ``Retry-After`` (seconds) to ``html``, ``server_error`` and
                ``rate_limit`` answers.

        Returns:
            The rule, kept in `rules` until it has fired `times` times.
        """
        if kind not in _KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(_KINDS)}")
        if kind == "html" and status not in _HTML_REASONS:
            raise ValueError(f"html faults are 502, 503 or 504, got {status}")
        if times is not None and times < 1:
            raise ValueError(f"times must be at least 1 (or None for always), got {times}")
        rule = FaultRule(method.upper(), path, kind, times, status, delay, reset_in, retry_after)
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Drop every scheduled rule (the record of fired faults stays)."""
        self.rules.clear()

    def _take(self, request: web.Request) -> FaultRule | None:
        connection = request.transport
        reused = connection in self._served
        if connection is not None:
            self._served.add(connection)
        for rule in self.rules:
            if not rule.matches(request.method, request.path):
                continue
            if rule.kind == "drop_reused" and not reused:
                continue
            if rule.times is not None:
                rule.times -= 1
                if rule.times == 0:
                    self.rules.remove(rule)
            self.fired.append((request.method, request.path, rule.kind))
            if rule.kind not in _CALLS_HANDLER and self._requests is not None:
                self._requests.append((request.method, request.path_qs))
            return rule
        return None


FAULTS_KEY = web.AppKey("fake_intercom_faults", Faults)


@web.middleware
async def faults_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Deliver the first scheduled fault matching `request`, or pass it on untouched."""
    rule = request.app[FAULTS_KEY]._take(request)
    if rule is None:
        return await handler(request)
    response = await _DELIVER[rule.kind](request, handler, rule)
    if rule.retry_after is not None and not response.prepared:
        response.headers["Retry-After"] = str(rule.retry_after)
    return response


def install_faults(app: web.Application, requests: list[tuple[str, str]] | None = None) -> None:
    """Give `app` an empty fault schedule and the outermost middleware that applies it."""
    app[FAULTS_KEY] = Faults(requests)
    app.middlewares.insert(0, faults_middleware)


async def _cut_short(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    """Send the real answer's headers and part of its body, then drop the connection."""
    real = await handler(request)
    body = _body_of(real)
    response = _raw_response(real)
    response.content_length = len(body) + (64 if rule.kind == "truncate" else 0)
    await response.prepare(request)
    await response.write(body[: len(body) // 2])
    transport = request.transport
    if transport is not None:
        if rule.kind == "reset":
            sock = transport.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()
        else:
            transport.close()
    return response


async def _not_json(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    return web.Response(text="upstream said: {not json", content_type="text/plain")


async def _html(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    title = f"{rule.status} {_HTML_REASONS[rule.status]}"
    page = (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
        f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
    return web.Response(
        status=rule.status, text=page, content_type="text/html", headers={"Server": "nginx"}
    )


async def _slow_headers(
    request: web.Request, handler: Handler, rule: FaultRule
) -> web.StreamResponse:
    if await _wait_unless_gone(request, rule.delay):
        return await handler(request)
    return web.Response()


async def _slow_body(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    real = await handler(request)
    body = _body_of(real)
    response = _raw_response(real)
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(body[:1])
    if await _wait_unless_gone(request, rule.delay):
        await response.write(body[1:])
    return response


async def _server_error(
    request: web.Request, handler: Handler, rule: FaultRule
) -> web.StreamResponse:
    return _error_list(500, "server_error", "Internal Server Error")


async def _rate_limit(
    request: web.Request, handler: Handler, rule: FaultRule
) -> web.StreamResponse:
    response = _error_list(429, "rate_limit_exceeded", "Exceeded rate limit of 1000 in 10_seconds")
    response.headers["X-RateLimit-Limit"] = "1000"
    response.headers["X-RateLimit-Remaining"] = "0"
    response.headers["X-RateLimit-Reset"] = str(int(time.time()) + rule.reset_in)
    return response


async def _drop(request: web.Request, handler: Handler, rule: FaultRule) -> web.StreamResponse:
    if request.transport is not None:
        request.transport.close()
    return web.Response()


_DELIVER: dict[str, Callable[[web.Request, Handler, FaultRule], Awaitable[web.StreamResponse]]] = {
    "reset": _cut_short,
    "truncate": _cut_short,
    "not_json": _not_json,
    "html": _html,
    "slow_headers": _slow_headers,
    "slow_body": _slow_body,
    "server_error": _server_error,
    "rate_limit": _rate_limit,
    "drop_reused": _drop,
}


def _body_of(response: web.StreamResponse) -> bytes:
    body = response.body if isinstance(response, web.Response) else None
    return body if isinstance(body, bytes) else b""


def _raw_response(real: web.StreamResponse) -> web.StreamResponse:
    """A streaming copy of `real`'s status and headers, its length left to the caller."""
    headers = {k: v for k, v in real.headers.items() if k.lower() != "content-length"}
    return web.StreamResponse(status=real.status, headers=headers)


def _error_list(status: int, code: str, message: str) -> web.Response:
    request_id = str(uuid.uuid4())
    body = {
        "type": "error.list",
        "request_id": request_id,
        "errors": [{"code": code, "message": message}],
    }
    return web.Response(
        status=status,
        body=orjson.dumps(body),
        headers={"Content-Type": "application/json; charset=utf-8", "X-Request-Id": request_id},
    )


async def _wait_unless_gone(request: web.Request, delay: float) -> bool:
    """Sleep up to `delay` seconds; False as soon as the client hangs up."""
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline:
        transport = request.transport
        if transport is None or transport.is_closing():
            return False
        await asyncio.sleep(_POLL)
    return True
