"""`NOT_GIVEN`: the default that tells "leave this field alone" from "set it to null"."""

from __future__ import annotations

import enum
from typing import Final, Literal

__all__ = ["NOT_GIVEN", "NotGiven"]


class NotGiven(enum.Enum):
    """The type of `NOT_GIVEN`; a one-member enum so type checkers can narrow it away."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> Literal[False]:
        return False


NOT_GIVEN: Final = NotGiven.NOT_GIVEN
"""A keyword left at `NOT_GIVEN` is not sent at all; `None` sends JSON `null`."""
