"""The exceptions intercom_async raises: one tree, rooted at `IntercomError`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

import attrs

__all__ = [
    "APIError",
    "BadRequestError",
    "ConflictError",
    "DecodeError",
    "ErrorDetail",
    "ForbiddenError",
    "IntercomError",
    "NotFoundError",
    "RateLimitError",
    "ServerError",
    "TransportError",
    "UnauthorizedError",
    "UnboundReferenceError",
    "UnprocessableEntityError",
]


class IntercomError(Exception):
    """Base class of every error raised by intercom_async."""

    attempts: int = 1
    """How many times the request was sent before this error was raised."""


@attrs.frozen
class ErrorDetail:
    """One entry of Intercom's `error.list` body."""

    code: str
    message: str | None = None
    field: str | None = None


class APIError(IntercomError):
    """Intercom answered with an error status.

    `errors` comes from the `error.list` body; `body` keeps the raw text when the
    answer was not JSON (a proxy's HTML page, say).
    """

    def __init__(
        self,
        *,
        status: int,
        method: str,
        path: str,
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
        self.request_id = request_id
        self.errors = tuple(errors)
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.body = body
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
        request = f" (request_id {self.request_id})" if self.request_id else ""
        tries = f" after {self.attempts} attempts" if self.attempts > 1 else ""
        return f"{self.method} {self.path} -> {self.status}: {reason}{request}{tries}"


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
    and `headers` keep them.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        attempts: int,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.method = method
        self.path = path
        self.attempts = attempts
        self.status = status
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        answered = f" ({status} headers received)" if status is not None else ""
        super().__init__(f"{method} {path}: {message}{answered} (after {attempts} attempt(s))")


class DecodeError(IntercomError):
    """The body was not the JSON we expect; `path` names the offending field."""

    def __init__(
        self,
        message: str,
        *,
        path: str = "$",
        body: bytes | str = b"",
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        attempts: int = 1,
    ) -> None:
        self.path = path
        self.body = body
        self.status = status
        self.headers: Mapping[str, str] = headers if headers is not None else {}
        self.attempts = attempts
        super().__init__(message)


class UnboundReferenceError(IntercomError):
    """A reference built by hand has no client to fetch through."""
