"""The HTTP edge, and the only module that imports aiohttp.

It owns the session, the concurrency cap, retries and the shared rate budget;
everything it learns from an answer is decided by the pure functions in `_sansio`.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any

import aiohttp
import attrs
import orjson

from . import _sansio, errors
from ._ratelimit import RateLimiter

__all__ = ["IDEMPOTENT_METHODS", "Answer", "Transport"]

logger = logging.getLogger("intercom_async")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
_MAX_RATE_LIMIT_WAITS = 10


@attrs.frozen
class Answer:
    """A successful answer: its decoded JSON and the raw bytes, kept for error reports."""

    payload: Any
    body: bytes = attrs.field(repr=False)


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
        session: aiohttp.ClientSession | None = None,
        trust_env: bool = False,
    ) -> None:
        self.base_url = base_url
        self._headers = dict(headers)
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self.max_retries = max_retries
        self.max_concurrency = max_concurrency
        self._trust_env = trust_env
        self._borrowed = session is not None
        self._session = session
        self._loop: asyncio.AbstractEventLoop | None = None
        self._gate: asyncio.Semaphore | None = None
        self.rate_limiter = RateLimiter()
        self._closed = False

    @property
    def closed(self) -> bool:
        return self._closed

    def _ensure_session(self) -> aiohttp.ClientSession:
        """The session for the running loop, created on first use (so notebooks work)."""
        if self._closed:
            raise RuntimeError("this intercom_async.Client is closed; create a new one")
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            if self._loop is not None and not self._loop.is_closed():
                raise RuntimeError(
                    "this intercom_async.Client is in use on another event loop; "
                    "create one client per loop"
                )
            if not self._borrowed:
                self._session = None
            self._loop = loop
            self._gate = asyncio.Semaphore(self.max_concurrency)
            self.rate_limiter = RateLimiter()
        if self._session is None:
            self._session = aiohttp.ClientSession(
                headers=self._headers,  # ours: no per-request merge of the same headers
                connector=aiohttp.TCPConnector(limit=self.max_concurrency),
                trust_env=self._trust_env,
            )
        return self._session

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        json: Any = None,
        idempotent: bool | None = None,
    ) -> Answer:
        """Send one API call and return its decoded JSON answer.

        Idempotent calls are retried on connection errors, timeouts, 408, 429 and
        5xx; other calls only where the server certainly did not act (connection
        refused, 429).
        """
        session = self._ensure_session()
        assert self._gate is not None
        retry_unsafe = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        body = None if json is None else orjson.dumps(json)
        headers = (
            (self._headers if self._borrowed else None)
            if body is None
            else {**self._headers, "Content-Type": "application/json"}
        )
        url = self.base_url + path
        attempt = rate_limited = 0
        while True:
            attempt += 1
            # The gate is taken first, then the rate budget, and only then does the
            # aiohttp timeout start: waiting for a turn never eats the request timeout.
            async with self._gate:
                await self.rate_limiter.acquire()
                started = time.perf_counter()
                answered: Mapping[str, str] | None = None
                try:
                    async with session.request(
                        method,
                        url,
                        params=params,
                        data=body,
                        headers=headers,
                        timeout=self._timeout,
                    ) as response:
                        raw = await response.read()
                        status, answered = response.status, response.headers
                except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                    failure: BaseException | None = exc
                else:
                    failure = None
                finally:
                    self.rate_limiter.observe(answered)
            if failure is not None:
                never_sent = isinstance(failure, aiohttp.ClientConnectorError)
                self._log(method, path, None, started, None, attempt, failure)
                if attempt <= self.max_retries and (retry_unsafe or never_sent):
                    await asyncio.sleep(_sansio.backoff_delay(attempt))
                    continue
                raise errors.TransportError(
                    _describe_exception(failure), method=method, path=path, attempts=attempt
                ) from failure
            assert answered is not None
            self._log(method, path, status, started, answered, attempt, None)
            if status == 429:
                reset = _sansio.rate_limit_reset(answered)
                # A 429 names when to come back, so waiting for it is not a failed attempt;
                # the server certainly did not act, so any method may be sent again.
                if reset is not None and rate_limited < _MAX_RATE_LIMIT_WAITS:
                    rate_limited += 1
                    attempt -= 1
                    self.rate_limiter.exhausted_until(reset.timestamp())
                    continue
            if status in _RETRY_STATUSES and attempt <= self.max_retries:
                if status == 429:
                    await asyncio.sleep(_sansio.backoff_delay(attempt))
                    continue
                if retry_unsafe:
                    await asyncio.sleep(_sansio.backoff_delay(attempt))
                    continue
            payload = _sansio.decode_response(
                method=method, path=path, status=status, headers=answered, body=raw
            )
            return Answer(payload, raw)

    async def aclose(self) -> None:
        """Close the session we own; a borrowed one stays open for its owner."""
        self._closed = True
        session, self._session = self._session, None
        if session is not None and not self._borrowed:
            await session.close()

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
            "%s %s -> %s in %.1f ms (request_id=%s, attempt=%d)",
            method,
            path,
            outcome,
            elapsed_ms,
            request_id,
            attempt,
        )


def _describe_exception(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "timed out"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
