"""The HTTP edge, and the only module that imports aiohttp.

It owns the session, the concurrency cap and retries, and spends its token's shared
rate budget;
everything it learns from an answer is decided by the pure functions in `_sansio`.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
import time
import warnings
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping
from typing import Any

import aiohttp
import orjson
from aiohttp import hdrs
from aiohttp.helpers import get_env_proxy_for_url
from yarl import URL

from . import _sansio, errors
from ._gate import Gate
from ._ratelimit import RateLimiter, shared_limiter
from ._retry import IDEMPOTENT_METHODS, Failure, Tries, decide
from .answer import Answer

__all__ = ["Transport"]

logger = logging.getLogger("intercom_async")

_ENCODED_PATH = re.compile(r"/[A-Za-z0-9/_.~%-]*")
"""Paths already quoted (what `join_path` makes): sent exactly as they are."""
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_FIRST_TRY = Tries()
_OPEN_BRACE = ord("{")
RATE_WAIT_NOTICE_EVERY = 30.0
"""Seconds after one WARNING about a 429 wait during which further ones go to DEBUG."""
DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024
"""The default cap on a decompressed body; the largest real page is a few MB."""


class Transport:
    """Sends requests to one API root with one token, politely and with retries."""

    def __init__(
        self,
        *,
        base_url: str,
        headers: Mapping[str, str],
        timeout: float,
        max_retries: int,
        max_concurrency: int,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        session: aiohttp.ClientSession | None = None,
        trust_env: bool = False,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.base_url = base_url
        self._root = URL(base_url)
        self._root_path = self._root.raw_path.rstrip("/")
        self._headers = dict(headers)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self.max_retries = max_retries
        self.max_concurrency = max_concurrency
        self.max_response_bytes = max_response_bytes
        self._trust_env = trust_env
        self._proxy: URL | None = None
        self._proxy_auth: aiohttp.BasicAuth | None = None
        self._borrowed = session is not None
        self._session = session
        if session is not None:
            _resend_only_when_we_say(session)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._gate: Gate | None = None
        self.rate_limiter = RateLimiter()
        token = self._headers.get("Authorization", "").encode()
        self._budget_key = (base_url, hashlib.sha256(token).digest())
        """Which shared budget this client spends: its API root and a digest of its token."""
        self._closed = False
        self._guard: AsyncGenerator[None, None] | None = None
        self._sleep = sleep
        """How resends wait (backoff, `Retry-After`); tests pass one that records."""
        self._rate_wait_noticed = -RATE_WAIT_NOTICE_EVERY

    @property
    def session(self) -> aiohttp.ClientSession | None:
        return self._session

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def owns_open_session(self) -> bool:
        """True while a session we created is open (what `aclose()` must release)."""
        return not self._borrowed and self._session is not None and not self._session.closed

    async def _ensure_session(self) -> aiohttp.ClientSession:
        """The session for the running loop, created on first use (so notebooks work).

        A loop that has finished (`asyncio.run` returned) already closed our session
        through `_close_with_loop`, so a new loop simply gets a new session. One that
        was closed by hand without `shutdown_asyncgens()` left it open: it is closed
        here, though sockets still bound to that dead loop are left to the collector.
        """
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            if self._loop is not None and not self._loop.is_closed():
                raise RuntimeError(
                    "this intercom_async.Client is in use on another event loop; "
                    "create one client per loop"
                )
            if self._borrowed and self._loop is not None:
                raise RuntimeError(
                    "the session passed to this intercom_async.Client belongs to a closed "
                    "event loop; pass a session made on the running loop to a new client"
                )
            if self._guard is not None:
                await self._guard.aclose()
                self._guard = self._session = None
            self._loop = loop
            self._gate = Gate(self.max_concurrency)
            self.rate_limiter = shared_limiter(self._budget_key)
        if self._session is None:
            self._session = aiohttp.ClientSession(
                headers=self._headers,  # ours: no per-request merge of the same headers
                # Our gate caps concurrency before a connection is taken, so the
                # connector need not count; an API client keeps no cookies.
                connector=aiohttp.TCPConnector(limit=0),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
            _resend_only_when_we_say(self._session)
            if self._trust_env:
                self._proxy, self._proxy_auth = _proxy_from_environment(self.base_url)
            self._guard = _close_with_loop(self._session)
            await anext(self._guard)
        return self._session

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
        download: str | None = None,
    ) -> Answer:
        """Send one API call and return its decoded JSON answer.

        This loop alone resends (aiohttp's own resend is turned off), as `_retry.decide`
        says: at most `max_retries` more sends, writes only where the server certainly
        did not act, and a 429 waits for its window. With `download` (the `Accept` to
        send), a success is not decoded and redirects are not followed: the answer keeps
        the body, status and headers as they came.
        """
        if self._closed:
            raise errors.ClientClosedError(method=method, path=path)
        session = self._session
        if session is None or self._loop is not asyncio.get_running_loop():
            session = await self._ensure_session()
        body = None if json is None else orjson.dumps(json)
        headers = (
            (self._headers if self._borrowed else None)
            if body is None
            else {**self._headers, "Content-Type": "application/json"}
        )
        if download is not None:
            headers = {**(headers or self._headers), "Accept": download}
        url = self._url(path)
        tries = _FIRST_TRY
        while True:
            status, answered, raw, failure = await self._send(
                session, method, path, url, params, body, headers, tries.sent, download is None
            )
            if failure is None and status is not None and status < 400:
                if download is None and raw and raw[0] == _OPEN_BRACE:
                    try:  # the usual answer, a JSON object: decoded without the general path
                        return Answer(orjson.loads(raw), raw)
                    except orjson.JSONDecodeError:
                        pass  # decode_response says what is wrong with it
                break  # a success is never resent
            if failure is not None and self._closed:
                raise errors.ClientClosedError(method=method, path=path) from failure
            step = decide(
                tries=tries,
                status=status,
                headers=answered,
                failure=None if failure is None else _classify(failure),
                resendable=method in IDEMPOTENT_METHODS if idempotent is None else idempotent,
                max_retries=self.max_retries,
                now=time.time(),
            )
            if step is None:
                break
            if step.until is not None:
                self._notice_rate_wait(method, path, params, step.until)
                self.rate_limiter.exhausted_until(step.until)
            else:
                await self._sleep(step.pause)
            tries = step.tries
        if failure is not None:
            raise errors.TransportError(
                _describe_exception(failure),
                method=method,
                path=path,
                url=self.shown_url(path, params),
                attempts=tries.sent,
                status=status,
                headers=answered,
            ) from failure
        assert status is not None
        assert answered is not None
        if download is not None and status < 400:
            return Answer(None, raw, status, answered)
        payload = _sansio.decode_response(
            method=method,
            path=path,
            status=status,
            headers=answered,
            body=raw,
            attempts=tries.sent,
            url=self.shown_url(path, params) if status >= 400 else None,
        )
        return Answer(payload, raw)

    async def _send(
        self,
        session: aiohttp.ClientSession,
        method: str,
        path: str,
        url: URL | str,
        params: Mapping[str, str] | None,
        body: bytes | None,
        headers: Mapping[str, str] | None,
        attempt: int,
        follow_redirects: bool = True,
    ) -> tuple[int | None, Mapping[str, str] | None, bytes, BaseException | None]:
        """One attempt: `(status, headers, body, None)`, or the aiohttp failure last.

        The gate is taken first, then the rate budget, and only then does the aiohttp
        timeout start: waiting for a turn never eats the request timeout.
        """
        gate = self._gate
        assert gate is not None  # made with the session
        if not gate.try_enter():
            await gate.enter()
        try:
            limiter = self.rate_limiter
            if not limiter.try_acquire():
                await limiter.acquire()
            if self._closed:  # closed while this request waited for its turn
                limiter.observe(None)
                raise errors.ClientClosedError(method=method, path=path)
            started = time.perf_counter()
            status: int | None = None
            answered: Mapping[str, str] | None = None
            try:
                async with session.request(
                    method,
                    url,
                    params=params,
                    data=body,
                    headers=headers,
                    allow_redirects=follow_redirects,
                    timeout=self._timeout,
                    proxy=self._proxy,
                    proxy_auth=self._proxy_auth,
                ) as response:
                    status, answered = response.status, response.headers
                    length = response.content_length
                    if (
                        length is not None
                        and length <= self.max_response_bytes
                        and hdrs.CONTENT_ENCODING not in answered
                    ):
                        raw = await response.read()  # the usual answer, read whole
                    else:
                        raw = await self._read_capped(response, method, path, attempt)
            except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                self._log(method, path, None, started, None, attempt, exc)
                return status, answered, b"", exc
            finally:
                limiter.observe(answered)
        finally:
            gate.leave()
        if logger.isEnabledFor(logging.DEBUG):
            self._log(method, path, status, started, answered, attempt, None)
        return status, answered, raw, None

    async def _read_capped(
        self, response: aiohttp.ClientResponse, method: str, path: str, attempt: int
    ) -> bytes:
        """A compressed body, one of unknown length or one announced past the cap: read
        no further than `max_response_bytes` after decompression."""
        limit = self.max_response_bytes
        raw: bytes | None = None
        if response.content_length is None or "Content-Encoding" in response.headers:
            raw = await _stream_capped(response, limit)
        if raw is None:
            raise errors.ResponseTooLargeError(
                method=method,
                path=path,
                url=str(response.url),
                limit=limit,
                attempts=attempt,
                status=response.status,
                headers=response.headers,
            )
        return raw

    def _url(self, path: str) -> URL | str:
        """The URL for `path`. A quoted one (every id path) is joined to the parsed root
        as it is, so yarl cannot decode `%2E%2E` into a dot segment and drop it; anything
        else (a raw path with a query, say) goes as text, for yarl to quote."""
        if _ENCODED_PATH.fullmatch(path) and ("%" not in path or not _BAD_ESCAPE.search(path)):
            return self._root.with_path(self._root_path + path, encoded=True)
        return self.base_url + path

    def shown_url(self, path: str, params: Mapping[str, str] | None) -> str:
        """Where a request for `path` goes, for errors and logs (a base URL never holds
        credentials, and the token travels in a header)."""
        url = self._url(path)
        url = url if isinstance(url, URL) else URL(url)
        return str(url.update_query(params) if params else url)

    def _notice_rate_wait(
        self, method: str, path: str, params: Mapping[str, str] | None, until: float
    ) -> None:
        """Say once (at WARNING, then DEBUG for a while) that a 429 makes requests wait."""
        now = time.monotonic()
        level = logging.DEBUG
        if now - self._rate_wait_noticed >= RATE_WAIT_NOTICE_EVERY:
            self._rate_wait_noticed, level = now, logging.WARNING
        if logger.isEnabledFor(level):
            reset = time.strftime("%H:%M:%S UTC", time.gmtime(until))
            logger.log(
                level,
                "rate limited (429) on %s %s: requests wait %.1f s, until the rate window "
                "resets at %s",
                method,
                self.shown_url(path, params),
                max(0.0, until - time.time()),
                reset,
            )

    async def aclose(self) -> None:
        """Close the session we own; a borrowed one stays open for its owner."""
        self._closed = True
        self._session = None
        guard, self._guard = self._guard, None
        if guard is not None:
            await guard.aclose()

    def warn_if_open(self, owner: str) -> None:
        """Called when the client `owner` (its repr) is garbage-collected."""
        if self.owns_open_session:
            warnings.warn(
                f"{owner} was garbage-collected without being closed; "
                "use `async with` or `await client.aclose()`",
                ResourceWarning,
                stacklevel=2,
            )

    @staticmethod
    def _log(
        method: str,
        path: str,
        status: int | None,
        started: float,
        headers: Mapping[str, str] | None,
        attempt: int,
        exc: BaseException | None,
    ) -> None:
        if not logger.isEnabledFor(logging.DEBUG):
            return
        elapsed_ms = (time.perf_counter() - started) * 1000
        request_id = headers.get("X-Request-Id") if headers else None
        outcome = status if exc is None else type(exc).__name__
        logger.debug(
            "%s %s -> %s in %.1f ms (request_id=%s, retries=%d)",
            method,
            path,
            outcome,
            elapsed_ms,
            request_id,
            attempt - 1,
        )


async def _close_with_loop(session: aiohttp.ClientSession) -> AsyncGenerator[None, None]:
    """Hold `session` open and close it when this generator is closed.

    Being an async generator started on the session's loop, it is closed by
    `Transport.aclose()`, by `asyncio.run()` as it shuts the loop down (so a client
    reused by a second `asyncio.run` leaves nothing behind), or by the loop when a
    client is dropped without closing.
    """
    try:
        yield
    finally:
        await session.close()


def _proxy_from_environment(base_url: str) -> tuple[URL | None, aiohttp.BasicAuth | None]:
    """The proxy `HTTP(S)_PROXY` / `NO_PROXY` name for the API, with its credentials.

    aiohttp's own `trust_env=True` would also read `~/.netrc` for the API host, and
    a match there makes it refuse our bearer token; we only want the proxy settings.
    """
    try:
        return get_env_proxy_for_url(URL(base_url))
    except LookupError:
        return None, None


def _resend_only_when_we_say(session: aiohttp.ClientSession) -> None:
    """Turn off aiohttp's own resend of PUT, DELETE and GET on a dropped connection.

    aiohttp 3.x resends those once inside `session.request`; on top of our retries
    that sent a DELETE twice. There is no public switch, so the attribute is set,
    on borrowed sessions too (requests of their own lose that resend as well).
    """
    session._retry_connection = False


async def _stream_capped(response: aiohttp.ClientResponse, limit: int) -> bytes | None:
    """A body of unknown decompressed size, or None as soon as it grows past `limit` bytes."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in response.content.iter_any():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _classify(exc: BaseException) -> Failure:
    """What an aiohttp failure means for resending (see `_retry.Failure`)."""
    if isinstance(exc, (aiohttp.ClientSSLError, aiohttp.TooManyRedirects)):
        return "fatal"
    # A connector error (refused, DNS) came before the request was written.
    return "refused" if isinstance(exc, aiohttp.ClientConnectorError) else "dropped"


def _describe_exception(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "timed out"
    if isinstance(exc, aiohttp.TooManyRedirects):
        return f"TooManyRedirects: gave up after {len(exc.history)} redirects"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
