"""Argument checks shared by the resource namespaces."""

from __future__ import annotations

import warnings
from typing import TypeVar

__all__ = ["keyword_only", "non_empty"]

T = TypeVar("T")


def non_empty(name: str, value: object) -> str:
    """`value` if it is a non-blank string (an id or a text field), else a clear error."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def keyword_only(name: str, positional: str | None, keyword: str | None) -> str:
    """The id passed as `name=`; passed by position (the old spelling, easy to swap with
    the contact's id) it still works, with a `DeprecationWarning`."""
    if positional is not None:
        if keyword is not None:
            raise TypeError(f"{name} given twice, by position and as {name}=")
        warnings.warn(
            f"pass {name}= as a keyword; by position it is deprecated",
            DeprecationWarning,
            stacklevel=3,
        )
        return positional
    if keyword is None:
        raise TypeError(f"missing the keyword argument {name}=")
    return keyword
