"""Every documented response of the conversation operations structures into its model."""

from __future__ import annotations

from typing import Any

import pytest

import intercom_async
from intercom_async import _conversation_endpoints as endpoints
from intercom_async._converter import structure
from intercom_async._operations import Operation

from .spec_support import response_examples

OF_2_14 = [op for op in endpoints.OPERATIONS if op.since is None]
"""The operations of this spec; those 2.15 adds are checked in test_areas_spec."""


def _cases(spec: dict[str, Any]) -> list[tuple[Operation[Any], str, Any]]:
    cases = []
    for operation in OF_2_14:
        examples = response_examples(spec, operation.method, operation.path, "200")
        cases += [(operation, name, value) for name, value in examples.items()]
    return cases


def test_every_conversation_operation_has_documented_examples(spec: dict[str, Any]) -> None:
    documented = {(op.method, op.path) for op, _, _ in _cases(spec)}
    assert documented == {(op.method, op.path) for op in OF_2_14}
    assert len(OF_2_14) == len(endpoints.OPERATIONS) - 1  # list_handling_events is 2.15


def test_every_response_example_structures_and_round_trips(spec: dict[str, Any]) -> None:
    failures = []
    for operation, name, example in _cases(spec):
        if operation.is_list:
            items = next(example[key] for key in operation.items if key in example)
            decoded = [structure(item, operation.response, None) for item in items]
            assert [item.to_dict() for item in decoded] == items, name
            assert all(isinstance(item, operation.response) for item in decoded)
            continue
        try:
            model = structure(example, operation.response, None)
        except intercom_async.DecodeError as exc:
            failures.append(f"{operation.endpoint} {name}: {exc}")
            continue
        assert isinstance(model, operation.response)
        assert model.to_dict() == example, f"{operation.endpoint} {name}"
    assert not failures, "\n".join(failures)


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
