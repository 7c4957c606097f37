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


class Secret:
    """An Intercom access token; `repr()` and `str()` never show it, pickling refuses it."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"the Intercom token must be a str, got {type(value).__name__}")
        if not value:
            raise ValueError("no Intercom token: pass Client(token=...) or set INTERCOM_TOKEN")
        self._value = value

    @classmethod
    def from_argument_or_environment(cls, token: str | None) -> Secret:
        """`token`, else `INTERCOM_TOKEN`, else a `ValueError` saying how to provide one."""
        return cls(token if token is not None else os.environ.get("INTERCOM_TOKEN", ""))

    def bearer(self) -> str:
        """The `Authorization` header value, a string whose repr is redacted."""
        return _RedactedHeader(f"Bearer {self._value}")

    def __repr__(self) -> str:
        return f"Secret('{_REDACTED}')"

    __str__ = __repr__

    def __reduce__(self) -> NoReturn:
        raise TypeError("an Intercom token is not pickled; pass it to the new process instead")
