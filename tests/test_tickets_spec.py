"""The ticket operations against the spec: every documented answer structures into its
model, and `tickets.search` checks queries against the spec's ticket tables."""

from __future__ import annotations

from typing import Any

import pytest

import intercom_async
from intercom_async import InvalidQueryError, Q
from intercom_async import _ticket_endpoints as tickets
from intercom_async import _ticket_state_endpoints as states
from intercom_async import _ticket_type_endpoints as types
from intercom_async._converter import structure
from intercom_async._operations import Operation
from intercom_async.models import AdminRef, ConversationRef, TeamRef, Ticket, TicketType
from intercom_async.testing import FakeIntercom

from .spec_support import response_examples

OPERATIONS = (*tickets.OPERATIONS, *types.OPERATIONS, *states.OPERATIONS)


def _cases(spec: dict[str, Any]) -> list[tuple[Operation[Any], str, Any]]:
    cases = []
    for operation in OPERATIONS:
        examples = response_examples(spec, operation.method, operation.path, "200")
        cases += [(operation, name, value) for name, value in examples.items()]
    return cases


def test_the_sixteen_operations_are_declared_and_documented(spec: dict[str, Any]) -> None:
    assert len(OPERATIONS) == 16
    documented = {(op.method, op.path) for op, _, _ in _cases(spec)}
    assert documented == {(op.method, op.path) for op in OPERATIONS}


def test_every_response_example_structures_and_round_trips(spec: dict[str, Any]) -> None:
    for operation, name, example in _cases(spec):
        if operation.is_list:
            items = next(example[key] for key in operation.items if key in example)
            decoded = [structure(item, operation.response, None) for item in items]
            assert all(isinstance(item, operation.response) for item in decoded), name
            assert [item.to_dict() for item in decoded] == items, name
            continue
        model = structure(example, operation.response, None)
        assert isinstance(model, operation.response), name
        assert model.to_dict() == example, f"{operation.endpoint} {name}"


def test_the_retrieved_ticket_reads_as_typed_objects(spec: dict[str, Any]) -> None:
    example = response_examples(spec, "GET", "/tickets/{ticket_id}", "200")["Ticket found"]
    ticket = structure(example, Ticket, None)
    assert ticket.ticket_type is not None
    attributes = ticket.ticket_type.ticket_type_attributes
    assert attributes is not None and attributes.data is not None  # the key the API sends
    assert [a.name for a in attributes.data] == ["_default_title_", "_default_description_"]
    assert ticket.admin_assignee_id == "0" and ticket.admin_assignee is None  # "0": nobody
    assert ticket.team_assignee is None
    parts = ticket.ticket_parts
    assert parts is not None and parts.ticket_parts is not None
    author = parts.ticket_parts[0].author
    assert author is not None and author.ref == AdminRef(id="991268047")


def test_assignees_and_linked_conversations_are_stubs() -> None:
    ticket = Ticket.from_dict(
        {
            "id": "1",
            "admin_assignee_id": "7",
            "team_assignee_id": "8",
            "linked_objects": {
                "type": "list",
                "data": [
                    {"type": "conversation", "id": "55", "category": None},
                    {"type": "ticket", "id": "56", "category": "Tracker"},
                ],
            },
        }
    )
    assert ticket.admin_assignee == AdminRef(id="7")
    assert ticket.team_assignee == TeamRef(id="8")
    assert ticket.linked_objects is not None and ticket.linked_objects.data is not None
    assert [link.ref for link in ticket.linked_objects.data] == [ConversationRef(id="55"), None]
    conversation = intercom_async.models.Conversation.from_dict({"id": "3", "team_assignee_id": 8})
    assert conversation.team_assignee == TeamRef(id="8")


def test_a_ticket_type_keeps_the_spec_key_for_its_attributes_too() -> None:
    payload = {
        "id": "9",
        "ticket_type_attributes": {"type": "list", "ticket_type_attributes": [{"id": "1"}]},
    }
    ticket_type = TicketType.from_dict(payload)
    assert ticket_type.ticket_type_attributes is not None
    listed = ticket_type.ticket_type_attributes.ticket_type_attributes
    assert listed is not None and listed[0].id == "1"
    assert ticket_type.to_dict() == payload


def test_the_field_and_operator_tables_come_from_the_spec() -> None:
    assert tickets.TICKET_SEARCH_FIELDS["open"] == "boolean"
    assert tickets.TICKET_SEARCH_FIELDS["snoozed_until"] == "date"
    assert tickets.TICKET_SEARCH_FIELDS["admin_assignee_id"] == "string"
    assert not any("{" in field for field in tickets.TICKET_SEARCH_FIELDS)
    assert "email" not in tickets.TICKET_SEARCH_FIELDS  # the contact table is not used
    operators = tickets.TICKET_SEARCH_OPERATORS
    assert operators["string"] == {"=", "!=", "IN", "NIN", "~", "!~", "^", "$"}
    assert operators["boolean"] == {"=", "!=", "IN", "NIN"}
    assert {"!=", "IN", "<=", ">="} <= operators["date"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (Q.field("open") == "yes", r"open =: needs true or false"),
        (Q.field("state").gt(3), r"operator '>' is not supported on string field 'state'"),
        (Q.field("admin_assignee_id") == 7, r"needs a string, got int"),
        ({"field": "snoozed_until", "operator": "~", "value": "soon"}, r"'~' is not supported"),
        ({"field": "created_at", "operator": ">", "value": "today"}, r"needs a number"),
        (Q.field("open").contains("t"), r"'~' is not supported on boolean field 'open'"),
    ],
)
def test_search_refuses_queries_the_ticket_tables_rule_out(
    client: intercom_async.Client, query: Any, message: str
) -> None:
    with pytest.raises(InvalidQueryError, match=message):
        client.tickets.search(query)


async def test_search_sends_what_the_ticket_tables_allow(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    allowed = [
        Q.field("open") == True,  # noqa: E712
        Q.field("title").starts_with("Bug"),
        Q.field("ticket_attribute.Priority") == "High",  # a ticket attribute: free-form
        {"field": "created_at", "operator": "!=", "value": 5},  # a contact date would refuse
        {"field": "updated_at", "operator": "IN", "value": [5, 6]},
        {"field": "created_at", "operator": "<=", "value": 2_000_000_000},
        Q.field("email") == "x",  # not a ticket field: free-form, the server decides
    ]
    for query in allowed[:-1]:
        assert await client.tickets.search(query).to_list() == []
    with pytest.raises(intercom_async.BadRequestError, match="not searchable"):
        await client.tickets.search(allowed[-1]).to_list()
    assert [m for m, p in fake.requests if p == "/tickets/search"] == ["POST"] * len(allowed)
