"""Argument checks shared by the resource namespaces."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from .._notgiven import NotGiven
from .._search import epoch_seconds

__all__ = ["given", "keyword_only", "non_empty", "query_params"]

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


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return epoch_seconds(value)
    if isinstance(value, Mapping):
        return {key: _json_value(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return [_json_value(item) for item in value]
    return value


def given(fields: Mapping[str, Any]) -> dict[str, Any]:
    """A JSON body of the fields not left at `NOT_GIVEN` (datetimes as epoch seconds)."""
    return {
        key: _json_value(value) for key, value in fields.items() if not isinstance(value, NotGiven)
    }


def query_params(fields: Mapping[str, Any]) -> dict[str, str] | None:
    """Query parameters of the fields given (booleans as `true`/`false`), or None."""
    params = {
        key: ("true" if value else "false") if isinstance(value, bool) else str(value)
        for key, value in fields.items()
        if not isinstance(value, NotGiven)
    }
    return params or None
