"""Protocol logic without I/O: URLs, headers, decoding answers into payloads or errors."""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import orjson

from . import errors
from ._secret import Secret
from ._version import __version__

__all__ = [
    "BASE_URLS",
    "USER_AGENT",
    "backoff_delay",
    "check_raw_path",
    "decode_response",
    "join_path",
    "local_target",
    "quote_segment",
    "rate_limit_backoff",
    "request_headers",
    "resolve_base_url",
    "retry_after",
]

BASE_URLS = {
    "us": "https://api.intercom.io",
    "eu": "https://api.eu.intercom.io",
    "au": "https://api.au.intercom.io",
}
USER_AGENT = f"intercom-async/{__version__}"

_ERROR_BY_STATUS: dict[int, type[errors.APIError]] = {
    400: errors.BadRequestError,
    401: errors.UnauthorizedError,
    403: errors.ForbiddenError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
}


def resolve_base_url(region: str, base_url: str | None) -> str:
    """The API root for `region`, or `base_url` after checking it is plain http(s)."""
    if base_url is None:
        try:
            return BASE_URLS[region]
        except KeyError:
            known = ", ".join(sorted(BASE_URLS))
            raise ValueError(f"unknown region {region!r}; expected one of {known}") from None
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"base_url must be an absolute http(s) URL, got {base_url!r}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError("base_url must not carry a query, fragment or credentials")
    return base_url.rstrip("/")


def join_path(*segments: object) -> str:
    """`/a/b/c` from segments, each percent-quoted into exactly one segment.

    An id `.` or `..` is quoted as `%2E` / `%2E%2E`, so no id is a dot segment that a
    URL library or server would resolve away; the transport sends the result as it is.
    """
    return "/" + "/".join(map(quote_segment, segments))


def quote_segment(segment: object) -> str:
    """`segment` as exactly one quoted path segment (see `join_path`)."""
    text = str(segment)
    # Ids are usually plain ASCII letters and digits, which quoting leaves as they are.
    if text.isascii() and text.isalnum():
        return text
    if not text:
        raise ValueError("empty path segment: an id must not be empty")
    return "%2E" * len(text) if text in (".", "..") else quote(text, safe="")


def check_raw_path(path: str) -> str:
    """`path` if it is a safe raw API path, else a `ValueError` saying why.

    A raw path is appended to the base URL, so it must start with one `/` and hold
    nothing that could move the request to another host or out of its route.
    """
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f"a raw API path must start with '/', got {path!r}")
    route = path.split("?", 1)[0]
    if route.startswith("//") or "\\" in path or "://" in route:
        raise ValueError(f"a raw API path must be a path on the API host, got {path!r}")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        raise ValueError(f"a raw API path must not contain control characters, got {path!r}")
    if any(segment in (".", "..") for segment in route.split("/")):
        raise ValueError(f"a raw API path must not contain '.' or '..' segments, got {path!r}")
    return path


def local_target(url: str, base_url: str) -> str:
    """The path and query of `url` when it points at our API host (page links are absolute).

    Refusing other hosts keeps the token from being sent anywhere a payload says.
    """
    if url.startswith("/"):
        return url
    target, base = urlsplit(url), urlsplit(base_url)
    if (target.scheme, target.netloc) != (base.scheme, base.netloc):
        raise errors.DecodeError(
            f"link {url!r} points away from {base_url!r}; refusing to follow it", path="$.pages"
        )
    return target.path + (f"?{target.query}" if target.query else "")


def request_headers(token: Secret, api_version: str) -> dict[str, str]:
    """Headers Intercom wants on every call (the `Authorization` value's repr is redacted)."""
    return {
        "Authorization": token.bearer(),
        "Accept": "application/json",
        "Intercom-Version": api_version,
        "User-Agent": USER_AGENT,
    }


def decode_response(
    *,
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    attempts: int = 1,
    url: str | None = None,
) -> Any:
    """The JSON payload of a successful answer, or the matching `APIError` raised
    (naming `url`, where the request went, when given)."""
    if status < 400:
        if not body or body.isspace():
            return None
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            content_type = headers.get("Content-Type", "unknown content type")
            raise errors.DecodeError(
                f"{method} {path} -> {status}: body is not JSON ({content_type}): {exc}",
                path="$",
                body=body,
                status=status,
                headers=headers,
                attempts=attempts,
            ) from None
    raise api_error(
        method=method,
        path=path,
        status=status,
        headers=headers,
        body=body,
        attempts=attempts,
        url=url,
    )


def api_error(
    *,
    method: str,
    path: str,
    status: int,
    headers: Mapping[str, str],
    body: bytes,
    attempts: int = 1,
    url: str | None = None,
) -> errors.APIError:
    """The typed error for an error status, built from `error.list` when the body is one."""
    text = body.decode("utf-8", errors="replace")
    request_id: str | None = headers.get("X-Request-Id")
    details: list[errors.ErrorDetail] = []
    try:
        payload = orjson.loads(body)
    except orjson.JSONDecodeError:
        payload = None
    if isinstance(payload, dict) and isinstance(payload.get("errors"), list):
        request_id = _optional_str(payload.get("request_id")) or request_id
        for item in payload["errors"]:
            if isinstance(item, dict):
                details.append(
                    errors.ErrorDetail(
                        code=str(item.get("code") or "unknown"),
                        message=_optional_str(item.get("message")),
                        field=_optional_str(item.get("field")),
                    )
                )
    common: dict[str, Any] = {
        "status": status,
        "method": method,
        "path": path,
        "url": url,
        "request_id": request_id,
        "errors": details,
        "headers": headers,
        "body": text,
        "attempts": attempts,
    }
    if status == 429:
        error = errors.RateLimitError(**common)
        error.reset_at = rate_limit_reset(headers)
        return error
    if status >= 500:
        return errors.ServerError(**common)
    return _ERROR_BY_STATUS.get(status, errors.APIError)(**common)


def rate_limit_reset(headers: Mapping[str, str]) -> datetime | None:
    """`X-RateLimit-Reset` (epoch seconds) as an aware datetime, if present and sane."""
    raw = headers.get("X-RateLimit-Reset")
    try:
        return datetime.fromtimestamp(int(raw), tz=timezone.utc) if raw else None
    except (ValueError, OverflowError, OSError):
        return None


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """Seconds `Retry-After` asks us to wait (delay-seconds or an HTTP date), if readable."""
    raw = headers.get("Retry-After", "").strip()
    if raw.isascii() and raw.isdigit():  # isdigit() alone takes "²"
        return float(raw)
    try:
        when = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def backoff_delay(
    attempt: int, *, base: float = 0.25, cap: float = 8.0, rng: random.Random | None = None
) -> float:
    """Full-jitter exponential backoff for retry number `attempt` (1-based)."""
    ceiling = min(cap, base * 2 ** (attempt - 1))
    return (rng or random).uniform(0, ceiling)


def rate_limit_backoff(wait: int, rng: random.Random | None = None) -> float:
    """The pause before resending after 429 number `wait` whose reset is already past.

    Equal jitter, so it is never back-to-back: 0.25-0.5 s, then 0.5-1 s, ... up to 4-8 s.
    """
    ceiling = min(8.0, 0.5 * 2.0 ** (wait - 1))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) else None
