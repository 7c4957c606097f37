"""Guards for free-form JSON (custom attributes, unknown fields): depth and previews."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any

__all__ = ["MAX_DEPTH", "preview", "too_deep"]

MAX_DEPTH = 200
"""How deep a free-form value may nest. orjson reads 1,024 levels but writes only 254,
and Python's own recursion gives out near 1,000: a deeper value could be decoded but
never shown, exported or sent back, so it is refused at decode time instead."""

_PREVIEW = reprlib.Repr()
_PREVIEW.maxlevel = 3
_PREVIEW.maxstring = 60
_PREVIEW.maxother = 60


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON `value` nests more than `limit` objects or arrays deep (no recursion)."""
    children: Iterable[Any]
    if type(value) is dict:
        children = value.values()
    elif type(value) is list:
        children = value
    else:
        return False
    for child in children:  # the usual flat object costs one pass and no stack
        if type(child) is dict or type(child) is list:
            return _deeper_than(value, limit)
    return False


def _deeper_than(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > limit:
            return True
        for child in current.values() if type(current) is dict else current:
            if type(child) is dict or type(child) is list:
                stack.append((child, depth + 1))
    return False


def preview(value: Any) -> str:
    """A short repr of `value` for error messages, safe for huge or deeply nested values."""
    return _PREVIEW.repr(value)
