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
    ) -> None:
        self.status = status
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
        return f"{self.method} {self.path} -> {self.status}: {reason}{request}"


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
    """No HTTP answer: connection refused or reset, DNS failure, timeout."""

    def __init__(self, message: str, *, method: str, path: str, attempts: int) -> None:
        self.method = method
        self.path = path
        self.attempts = attempts
        super().__init__(f"{method} {path}: {message} (after {attempts} attempt(s))")


class DecodeError(IntercomError):
    """The body was not the JSON we expect; `path` names the offending field."""

    def __init__(self, message: str, *, path: str = "$", body: bytes | str = b"") -> None:
        self.path = path
        self.body = body
        super().__init__(message)


class UnboundReferenceError(IntercomError):
    """A reference built by hand has no client to fetch through."""
