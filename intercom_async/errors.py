"""The exceptions intercom_async raises: one tree, rooted at `IntercomError`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs
from multidict import CIMultiDict

__all__ = [
    "APIError",
    "BadRequestError",
    "ClientClosedError",
    "ConflictError",
    "DecodeError",
    "ErrorDetail",
    "ForbiddenError",
    "IntercomError",
    "NotFoundError",
    "PaginationLoopError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "SkippedItem",
    "SkippedItemsError",
    "TransportError",
    "UnauthorizedError",
    "UnboundReferenceError",
    "UnprocessableEntityError",
    "UnsupportedVersionError",
]


BODY_PREFIX_LIMIT = 64 * 1024
"""How much of a failed answer's body an error keeps (bytes or characters)."""


def _copy_headers(headers: Mapping[str, str] | None) -> CIMultiDict[str]:
    """An owned, picklable copy: aiohttp's `CIMultiDictProxy` pickles nowhere."""
    return CIMultiDict(headers) if headers is not None else CIMultiDict()


def _attempts_text(attempts: int) -> str:
    """`after 1 attempt`, `after 4 attempts`: one wording for every error."""
    return f"after {attempts} attempt{'' if attempts == 1 else 's'}"


def _restore(cls: type[IntercomError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class IntercomError(Exception):
    """Base class of every error raised by intercom_async."""

    attempts: int = 1
    """How many times the request was sent before this error was raised."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors defeat Exception's default `cls(*args)`.
        return (_restore, (type(self), self.args, dict(self.__dict__)))


@attrs.frozen
class ErrorDetail:
    """One entry of Intercom's `error.list` body."""

    code: str
    message: str | None = None
    field: str | None = None


class APIError(IntercomError):
    """Intercom answered with an error status.

    `errors` comes from the `error.list` body; `body` keeps the raw text when the
    answer was not JSON (a proxy's HTML page, say). `url` is where the request went
    (base URL included, credentials never), `path` the API path it asked for.
    """

    def __init__(
        self,
        *,
        status: int,
        method: str,
        path: str,
        url: str | None = None,
        request_id: str | None = None,
        errors: Sequence[ErrorDetail] = (),
        headers: Mapping[str, str] | None = None,
        body: str = "",
        attempts: int = 1,
    ) -> None:
        self.status = status
        self.attempts = attempts
        self.method = method
        self.path = path
        self.url = url
        self.request_id = request_id
        self.errors = tuple(errors)
        self.headers: Mapping[str, str] = _copy_headers(headers)
        self.body = body[:BODY_PREFIX_LIMIT]
        super().__init__(self._describe())

    @property
    def code(self) -> str | None:
        """The first error's code, the usual thing to branch on."""
        return self.errors[0].code if self.errors else None

    def _describe(self) -> str:
        if self.errors:
            reason = "; ".join(
                f"{e.code}: {e.message}" if e.message else e.code for e in self.errors
            )
        else:
            snippet = " ".join(self.body.split())[:200]
            reason = f"non-JSON body: {snippet!r}" if snippet else "empty body"
            if self.status == 404:
                # Intercom answers every unknown object with an error.list: this 404 came
                # from somewhere else, most often a wrong base_url.
                reason = f"not an Intercom error answer (is base_url right?); {reason}"
        request = f" (request_id {self.request_id})" if self.request_id else ""
        tries = f" ({_attempts_text(self.attempts)})" if self.attempts > 1 else ""
        target = self.url or self.path
        return f"{self.method} {target} -> {self.status}: {reason}{request}{tries}"


class BadRequestError(APIError):
    """400: the request was malformed."""


class UnauthorizedError(APIError):
    """401: the token is missing, invalid or revoked."""


class ForbiddenError(APIError):
    """403: the token lacks the scope for this call."""


class NotFoundError(APIError):
    """404: no such object (or route)."""


class ConflictError(APIError):
    """409: the object already exists or changed under us."""


class UnprocessableEntityError(APIError):
    """422: the request was understood but failed validation."""


class RateLimitError(APIError):
    """429: the rate limit is exhausted; `reset_at` is when the window reopens."""

    reset_at: datetime | None = None


class ServerError(APIError):
    """5xx: Intercom (or a proxy in front of it) failed."""


class TransportError(IntercomError):
    """No complete HTTP answer: connection refused or reset, DNS failure, timeout.

    When the status line and headers did arrive before the body failed, `status`
    and `headers` keep them. `url` is where the request went (credentials never).
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        attempts: int,
        url: str | None = None,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.url = url
        self.attempts = attempts
        self.status = status
        self.headers: Mapping[str, str] = _copy_headers(headers)
        answered = f" ({status} headers received)" if status is not None else ""
        target = url or path
        super().__init__(f"{method} {target}: {message}{answered} ({_attempts_text(attempts)})")


class ResponseTooLargeError(TransportError):
    """The decompressed body grew past the client's `max_response_bytes`.

    Reading stopped at the cap, so memory stays bounded whatever the server sends.
    """

    def __init__(
        self,
        *,
        method: str,
        path: str,
        limit: int,
        attempts: int = 1,
        url: str | None = None,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.limit = limit
        super().__init__(
            f"response body larger than max_response_bytes={limit}",
            method=method,
            path=path,
            attempts=attempts,
            url=url,
            status=status,
            headers=headers,
        )


class ClientClosedError(IntercomError, RuntimeError):
    """The client was closed before (or while) this request was sent."""

    def __init__(self, *, method: str, path: str) -> None:
        self.method = method
        self.path = path
        super().__init__(f"{method} {path}: this intercom_async.Client is closed; create a new one")


class UnsupportedVersionError(IntercomError):
    """The operation is newer than the client's `api_version`: refused before sending.

    `operation` names the endpoint, `since` the first version that has it and
    `api_version` the client's; a client made with `api_version=since` (or
    `"Unstable"`, which has everything) can call it.
    """

    def __init__(self, *, operation: str, since: str, api_version: str) -> None:
        self.operation = operation
        self.since = since
        self.api_version = api_version
        super().__init__(
            f"{operation} needs Intercom API version {since} or later; this client speaks "
            f"{api_version}: make one with intercom_async.Client(..., api_version={since!r})"
        )


class PaginationLoopError(IntercomError):
    """A pager got back a cursor (or next link) it had already followed.

    Following it again would walk the same pages for ever; `endpoint` names the
    list and `cursor` the repeated value.
    """

    def __init__(self, *, endpoint: str, cursor: str) -> None:
        self.endpoint = endpoint
        self.cursor = cursor
        super().__init__(f"{endpoint}: the server repeated cursor {cursor!r}; stopped the walk")


class DecodeError(IntercomError):
    """The body was not the JSON we expect.

    `path` is the JSON path of the offending field (`$.created_at`), `request` the
    call that answered it (`GET /contacts/abc`), `object_id` the id of the object that
    did not fit when it had one, and `expected` what the field should have held.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str = "$",
        body: bytes | str = b"",
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        attempts: int = 1,
        request: str | None = None,
        object_id: str | None = None,
        expected: str | None = None,
    ) -> None:
        self.path = path
        self.request = request
        self.object_id = object_id
        self.expected = expected
        self.body = body[:BODY_PREFIX_LIMIT]
        self.status = status
        self.headers: Mapping[str, str] = _copy_headers(headers)
        self.attempts = attempts
        super().__init__(message)


@attrs.frozen
class SkippedItem:
    """One item of a list answer that did not fit its model, kept as it arrived.

    `index` is its position in its page, `id` its `"id"` when it had a string one,
    `raw` the decoded JSON (`orjson.dumps(raw)` writes it back), `error` why it did
    not fit.
    """

    index: int
    id: str | None
    raw: Any = attrs.field(repr=False)
    error: DecodeError = attrs.field(eq=False)  # exceptions compare by identity

    @property
    def label(self) -> str:
        """`'<id>'` when it had one, else `#<index>` (its place in its page)."""
        return repr(self.id) if self.id else f"#{self.index}"


class SkippedItemsError(DecodeError):
    """A walk yielded every item that fitted; these did not (`skipped`).

    Raised once, after the last page. `fitted` holds what `to_list()` had collected
    (None for `async for`, whose loop body saw them already).
    """

    def __init__(self, skipped: Sequence[SkippedItem], *, fitted: list[Any] | None = None) -> None:
        self.skipped = tuple(skipped)
        self.fitted = fitted
        first = self.skipped[0].error
        names = ", ".join(item.label for item in skipped[:5])
        more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
        super().__init__(
            f"{len(skipped)} item(s) did not fit and were skipped ({names}{more}); "
            f"the first: {first}; each is kept with its JSON in `.skipped`",
            path=first.path,
            body=first.body,
        )


class UnboundReferenceError(IntercomError):
    """A reference built by hand has no client to fetch through."""
