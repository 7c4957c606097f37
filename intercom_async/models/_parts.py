"""What the generated `ConversationParts` cannot learn from the spec: whether Intercom
cut the list short (a conversation shows at most its latest 500 parts)."""

from __future__ import annotations

from collections.abc import Sized

__all__ = ["TruncatedParts"]


class TruncatedParts:
    """Adds `truncated` to a part list that has `conversation_parts` and `total_count`."""

    __slots__ = ()

    conversation_parts: Sized | None
    total_count: int | None

    @property
    def truncated(self) -> bool:
        """True when the conversation has more parts than were sent (`total_count`
        says how many; the API gives no way to read the older ones)."""
        shown = len(self.conversation_parts or ())
        return self.total_count is not None and self.total_count > shown
