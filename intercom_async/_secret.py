"""The access token, wrapped so that no repr, log line or traceback can show it."""

from __future__ import annotations

import os
from typing import NoReturn

__all__ = ["Secret"]

_REDACTED = "***"


class _RedactedHeader(str):
    """An `Authorization` value whose repr hides the token.

    aiohttp and multidict keep the str subclass, so a traceback that captures
    locals (`headers` in aiohttp's frames) shows `'Bearer ***'`.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return f"'Bearer {_REDACTED}'"


def _problem_with(value: object) -> Exception | None:
    """Why `value` cannot be a token (the error names no part of it), or None."""
    if not isinstance(value, str):
        return TypeError(f"the Intercom token must be a str, got {type(value).__name__}")
    if not value:
        return ValueError("no Intercom token: pass Client(token=...) or set INTERCOM_TOKEN")
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in value):
        return ValueError(
            "the Intercom token contains whitespace or a control character (CR, LF, ...); "
            "check how it was read"
        )
    return None


class Secret:
    """An Intercom access token; `repr()` and `str()` never show it, pickling refuses it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        problem = _problem_with(value)
        if problem is not None:
            del value  # a traceback that captures locals must not show a rejected token
            raise problem
        self._value = value

    @classmethod
    def from_argument_or_environment(cls, token: str | None) -> Secret:
        """`token`, else `INTERCOM_TOKEN`, else a `ValueError` saying how to provide one."""
        try:
            return cls(token if token is not None else os.environ.get("INTERCOM_TOKEN", ""))
        finally:
            del token

    def bearer(self) -> str:
        """The `Authorization` header value, a string whose repr is redacted."""
        return _RedactedHeader(f"Bearer {self._value}")

    def __repr__(self) -> str:
        return f"Secret('{_REDACTED}')"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("an Intercom token is not pickled; pass it to the new process instead")
