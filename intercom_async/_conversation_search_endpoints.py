"""The operation only conversation stubs call, apart from the generated conversation
area (`_conversation_endpoints`) so that resolving contacts never loads its models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ._operations import Operation
from .models import Conversation

__all__ = ["CONVERSATIONS_BY_IDS", "METHODS", "OPERATIONS"]

CONVERSATIONS_BY_IDS = Operation(
    "POST",
    "/conversations/search",
    Conversation,
    items=("conversations",),
    paging="pages",
    resendable=True,
)
"""`POST /conversations/search` read as `Conversation`s: search items are conversations
without their parts, so `ConversationRef`s fetched together cost one request."""

OPERATIONS: tuple[Operation[Any], ...] = (CONVERSATIONS_BY_IDS,)

METHODS: Final[Mapping[Operation[Any], tuple[str, ...]]] = {CONVERSATIONS_BY_IDS: ()}
"""No public method calls it: `ConversationRef`s batch through it."""
