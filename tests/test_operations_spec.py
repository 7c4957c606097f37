"""Every documented answer of the operational areas structures into its model and writes
back as it came; the answers the spec documents without an example, from the schema."""

from __future__ import annotations

from typing import Any

import pytest

from intercom_async._converter import structure
from intercom_async._operations import Operation
from intercom_async.models import (
    CallWithTranscript,
    CustomObjectInstance,
    FinConversation,
    Job,
    PhoneSwitch,
    ReportingDataExportJob,
    ReportingDataset,
)
from intercom_async.testing._spec_examples import OPERATIONS as SPEC_OPERATIONS

from .spec_support import response_examples
from .test_operations import OPERATIONS

JSON_OPERATIONS = [
    op for op in OPERATIONS if op.content == "json" and op.response is not type(None)
]


def _examples(operation: Operation[Any], spec: dict[str, Any]) -> list[tuple[str, Any]]:
    documented = response_examples(spec, operation.method, operation.path, "200")
    if documented:
        return list(documented.items())
    # The reporting exports document a schema with property examples but no example: the
    # fake answers one built from them (see tools/generate/examples.py).
    built = next(
        s.example
        for s in SPEC_OPERATIONS
        if (s.method, s.path) == (operation.method, operation.path)
    )
    return [("built from the schema", built)]


@pytest.mark.parametrize("operation", JSON_OPERATIONS, ids=lambda op: op.endpoint)
def test_each_example_structures_and_round_trips(
    operation: Operation[Any], spec: dict[str, Any]
) -> None:
    cases = _examples(operation, spec)
    assert cases
    for name, example in cases:
        items = example["data"] if operation.is_list else [example]
        decoded = [structure(item, operation.response, None) for item in items]
        assert all(isinstance(item, operation.response) for item in decoded), name
        assert [item.to_dict() for item in decoded] == items, name


def test_the_non_json_operations_say_what_they_answer() -> None:
    kinds = {op.endpoint: (op.content, op.response) for op in OPERATIONS if op.content != "json"}
    assert kinds == {
        "GET /calls/{call_id}/recording": ("redirect", str),
        "GET /calls/{call_id}/transcript": ("text", str),
        "GET /download/content/data/{job_identifier}": ("bytes", bytes),
        "GET /download/reporting_data/{job_identifier}": ("bytes", bytes),
    }


def test_the_fixed_and_merged_models_read_their_examples(spec: dict[str, Any]) -> None:
    switch = PhoneSwitch.from_dict(
        response_examples(spec, "POST", "/phone_call_redirects", "200")["successful"]
    )
    assert switch.url == "http://via.intercom.io/msgr/1add3dd1-a75e-4a96-96fd-984d16aba059"
    assert switch.extra == {}  # `url` is a field (the spec's schema has only `phone`)
    calls = response_examples(spec, "POST", "/calls/search", "200")["successful"]["data"]
    call = CallWithTranscript.from_dict(calls[0])
    assert (call.id, call.conversation_id, call.transcript_status) == (
        "123",
        "64619700005694",
        "completed",
    )
    job = Job.from_dict(
        response_examples(spec, "GET", "/jobs/status/{job_id}", "200")["job status retrieved"]
    )
    assert (job.id, job.status, job.resource_type) == ("2", "success", "ticket")
    path = "/custom_object_instances/{custom_object_type_identifier}"
    instance = CustomObjectInstance.from_dict(
        response_examples(spec, "GET", path, "200")["successful"]
    )
    assert instance.type == "Order" and instance.custom_attributes == {
        "order_number": "ORDER-12345",
        "total_amount": 99.99,
    }
    assert instance.external_created_at is None


def test_the_inline_answers_share_their_models(spec: dict[str, Any]) -> None:
    examples = response_examples(spec, "POST", "/fin/reply", "200")
    reply = FinConversation.from_dict(examples["Response with attribute errors"])
    assert reply.status == "thinking" and reply.errors is not None
    assert reply.errors.to_dict() == examples["Response with attribute errors"]["errors"]
    status = response_examples(spec, "GET", "/export/reporting_data/{job_identifier}", "200")
    assert ReportingDataExportJob.from_dict(status["With failed status"]).status == "failed"
    dataset = ReportingDataset.from_dict(
        {"id": "conversation", "attributes": [{"id": "conversation_id", "name": "Conversation ID"}]}
    )
    assert dataset.attributes is not None and dataset.attributes[0].id == "conversation_id"
