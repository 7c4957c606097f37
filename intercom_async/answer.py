"""`Answer`: what `client.request()` gives back, in a public module so that type
checkers and tracebacks name it `intercom_async.answer.Answer`."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = ["Answer"]


@attrs.frozen
class Answer:
    """A successful answer: its decoded JSON and the raw bytes, kept for error reports."""

    payload: Any
    body: bytes = attrs.field(repr=False)
