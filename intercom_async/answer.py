"""`Answer`: what `client.request()` gives back, in a public module so that type
checkers and tracebacks name it `intercom_async.answer.Answer`."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

_NO_HEADERS: Mapping[str, str] = MappingProxyType({})

__all__ = ["Answer"]


@attrs.frozen
class Answer:
    """A successful answer: its decoded JSON and the raw bytes, kept for error reports.

    A download (a non-JSON answer) has no payload; its `status` and `headers` are kept
    (a redirect's `Location`, a file's `Content-Type`).
    """

    payload: Any
    body: bytes = attrs.field(repr=False)
    status: int = 200
    headers: Mapping[str, str] = attrs.field(default=_NO_HEADERS, repr=False, eq=False)
