"""The conversations spec examples read as typed objects: stubs, parts, authors.

(That every documented answer of every operation structures and round-trips is
`test_spec_examples.py`.)"""

from __future__ import annotations

from typing import Any

import pytest

import intercom_async
from intercom_async._converter import structure

from .spec_support import response_examples


def test_the_retrieved_conversation_reads_as_typed_objects(spec: dict[str, Any]) -> None:
    path = "/conversations/{conversation_id}"
    example = response_examples(spec, "GET", path, "200")["conversation found"]
    conversation = structure(example, intercom_async.models.Conversation, None)
    assert conversation.id == "503" and conversation.state == "closed"
    assert conversation.source is not None and conversation.source.author is not None
    author = conversation.source.author
    assert isinstance(author.ref, intercom_async.models.AdminRef) and author.ref.id == "991267645"
    assert conversation.admin_assignee == intercom_async.models.AdminRef(id="991267715")
    assert conversation.contacts is not None
    contact = conversation.contacts.contacts[0]  # type: ignore[index]
    assert isinstance(contact, intercom_async.models.ContactRef)
    assert contact.extra == {"external_id": "70"}
    assert conversation.tags is not None and conversation.tags.tags is not None
    assert conversation.tags.tags[0].name == "Test tag"
    parts = conversation.conversation_parts
    assert parts is not None and parts.conversation_parts
    assert parts.conversation_parts[0].part_type == "comment"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("admin", "AdminRef"), ("user", "ContactRef"), ("lead", "ContactRef"), ("bot", None)],
)
def test_a_part_author_is_a_stub_of_its_kind(kind: str, expected: str | None) -> None:
    author = intercom_async.models.ConversationPartAuthor.from_dict({"type": kind, "id": "7"})
    ref = author.ref
    assert (type(ref).__name__ if ref is not None else None) == expected
    assert ref is None or ref.id == "7"
