"""Argument checks shared by the resource namespaces."""

from __future__ import annotations

from typing import TypeVar

__all__ = ["non_empty"]

T = TypeVar("T")


def non_empty(name: str, value: object) -> str:
    """`value` if it is a non-blank string (an id or a text field), else a clear error."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value
