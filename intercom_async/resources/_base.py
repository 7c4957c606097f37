"""What every resource namespace shares: the client it speaks through."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from .._caller import Caller

__all__ = ["Resource"]

T = TypeVar("T")


class Resource:
    """A namespace of calls for one API area."""

    def __init__(self, client: Caller) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._client!r}>"
