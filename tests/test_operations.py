"""Every operation of the operational areas (AI content, custom objects, calls, data and
reporting exports, Fin, phone switches, jobs, messages) called through its typed method
against the fake over loopback: the request the fake received, the answer typed."""

from __future__ import annotations

import csv
import gzip
import io
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

import intercom_async
from intercom_async import (
    _ai_content_endpoints,
    _call_endpoints,
    _custom_object_endpoints,
    _data_export_endpoints,
    _fin_endpoints,
    _job_endpoints,
    _message_endpoints,
    _phone_switch_endpoints,
    _reporting_data_export_endpoints,
)
from intercom_async import models as m
from intercom_async._operations import Operation
from intercom_async.testing import FakeIntercom
from intercom_async.testing._fake_generic import FAKE_DOWNLOAD, FAKE_REDIRECT_HOST

from .spec_support import response_examples

Client = intercom_async.Client
MODULES = (
    _ai_content_endpoints,
    _custom_object_endpoints,
    _call_endpoints,
    _data_export_endpoints,
    _reporting_data_export_endpoints,
    _fin_endpoints,
    _phone_switch_endpoints,
    _job_endpoints,
    _message_endpoints,
)
OPERATIONS: list[Operation[Any]] = [op for module in MODULES for op in module.OPERATIONS]
FIN_MESSAGE = {"author": "user", "body": "Where is my order?", "timestamp": "2025-01-24T10:00:00Z"}


async def _all(pager: intercom_async.AsyncPager[Any]) -> list[Any]:
    return await pager.to_list()


CALLS: dict[str, tuple[Callable[[Client], Awaitable[Any]], str]] = {
    "listContentImportSources": (
        lambda c: _all(c.ai_content.list_content_import_sources()),
        "GET /ai/content_import_sources",
    ),
    "createContentImportSource": (
        lambda c: c.ai_content.create_content_import_source(url="https://help.example.com"),
        "POST /ai/content_import_sources",
    ),
    "getContentImportSource": (
        lambda c: c.ai_content.get_content_import_source("38"),
        "GET /ai/content_import_sources/38",
    ),
    "updateContentImportSource": (
        lambda c: c.ai_content.update_content_import_source(
            "39", sync_behavior="api", url="https://www.example.com", status="deactivated"
        ),
        "PUT /ai/content_import_sources/39",
    ),
    "deleteContentImportSource": (
        lambda c: c.ai_content.delete_content_import_source("40"),
        "DELETE /ai/content_import_sources/40",
    ),
    "listExternalPages": (
        lambda c: _all(c.ai_content.list_external_pages()),
        "GET /ai/external_pages",
    ),
    "createExternalPage": (
        lambda c: c.ai_content.create_external_page(
            title="Test", html="<p>Test</p>", source_id=44, external_id="abc1234"
        ),
        "POST /ai/external_pages",
    ),
    "getExternalPage": (
        lambda c: c.ai_content.get_external_page("23"),
        "GET /ai/external_pages/23",
    ),
    "updateExternalPage": (
        lambda c: c.ai_content.update_external_page(
            "24", title="Test", html="<p>Test</p>", url="https://www.example.com", source_id=47
        ),
        "PUT /ai/external_pages/24",
    ),
    "deleteExternalPage": (
        lambda c: c.ai_content.delete_external_page("22"),
        "DELETE /ai/external_pages/22",
    ),
    "getCustomObjectInstancesByExternalId": (
        lambda c: c.custom_objects.get_by_external_id("Order", external_id="123"),
        "GET /custom_object_instances/Order?external_id=123",
    ),
    "createCustomObjectInstances": (
        lambda c: c.custom_objects.create_or_update(
            "Order", external_id="123", custom_attributes={"order_number": "ORDER-12345"}
        ),
        "POST /custom_object_instances/Order",
    ),
    "getCustomObjectInstancesById": (
        lambda c: c.custom_objects.get("Order", "25"),
        "GET /custom_object_instances/Order/25",
    ),
    "deleteCustomObjectInstancesById": (
        lambda c: c.custom_objects.delete_by_external_id("Order", external_id="123"),
        "DELETE /custom_object_instances/Order?external_id=123",
    ),
    "deleteCustomObjectInstancesByExternalId": (
        lambda c: c.custom_objects.delete("Order", "26"),
        "DELETE /custom_object_instances/Order/26",
    ),
    "listCalls": (lambda c: _all(c.calls.list(per_page=25)), "GET /calls?per_page=25"),
    "showCall": (lambda c: c.calls.get("123"), "GET /calls/123"),
    "showCallRecording": (
        lambda c: c.calls.get_recording_url("123"),
        "GET /calls/123/recording",
    ),
    "showCallTranscript": (
        lambda c: c.calls.get_transcript("123"),
        "GET /calls/123/transcript",
    ),
    "listCallsWithTranscripts": (
        lambda c: c.calls.list_with_transcripts(conversation_ids=["64619700005694"]),
        "POST /calls/search",
    ),
    "createDataExport": (
        lambda c: c.data_export.create(created_at_after=1734519776, created_at_before=1734537776),
        "POST /export/content/data",
    ),
    "getDataExport": (
        lambda c: c.data_export.get("braxwk3j039t6txy"),
        "GET /export/content/data/braxwk3j039t6txy",
    ),
    "cancelDataExport": (
        lambda c: c.data_export.cancel("v134nyc2bku9hj91"),
        "POST /export/cancel/v134nyc2bku9hj91",
    ),
    "downloadDataExport": (
        lambda c: c.data_export.download("xyz1234"),
        "GET /download/content/data/xyz1234",
    ),
    "enqueueReportingDataExport": (
        lambda c: c.reporting_data_export.enqueue(
            dataset_id="conversation",
            attribute_ids=["conversation_id"],
            start_time=1717490000,
            end_time=1717510000,
        ),
        "POST /export/reporting_data/enqueue",
    ),
    "getReportingDataExport": (
        lambda c: c.reporting_data_export.get("job1", app_id="app1", client_id="client1"),
        "GET /export/reporting_data/job1?app_id=app1&client_id=client1",
    ),
    "listReportingDatasets": (
        lambda c: _all(c.reporting_data_export.list_datasets()),
        "GET /export/reporting_data/get_datasets",
    ),
    "downloadReportingDataExport": (
        lambda c: c.reporting_data_export.download("job1", app_id="app1"),
        "GET /download/reporting_data/job1?app_id=app1",
    ),
    "startFinConversation": (
        lambda c: c.fin.start(conversation_id="ext-123", message=FIN_MESSAGE, user={"id": "u1"}),
        "POST /fin/start",
    ),
    "replyToFin": (
        lambda c: c.fin.reply(conversation_id="ext-123", message=FIN_MESSAGE, user={"id": "u1"}),
        "POST /fin/reply",
    ),
    "submitFinCsat": (
        lambda c: c.fin.submit_csat(conversation_id="ext-123", rating="amazing"),
        "POST /fin/csat",
    ),
    "createPhoneSwitch": (
        lambda c: c.phone_switch.create(
            phone="+353832345678", custom_attributes={"issue_type": "Billing"}
        ),
        "POST /phone_call_redirects",
    ),
    "jobsStatus": (lambda c: c.jobs.get("2"), "GET /jobs/status/2"),
    "createMessage": (
        lambda c: c.messages.create(
            from_={"type": "admin", "id": "991267816"},
            to={"type": "user", "id": "6762f2391bb69f9f2193bc19"},
            message_type="inapp",
            body="heyy",
        ),
        "POST /messages",
    ),
}
"""operationId -> (the typed call, the request the fake must receive)."""


def _operation_id(operation: Operation[Any], spec: dict[str, Any]) -> str:
    node = spec["paths"][operation.path][operation.method.lower()]
    return str(node.get("operationId") or _UNNAMED[operation.endpoint])


_UNNAMED = {
    "POST /export/reporting_data/enqueue": "enqueueReportingDataExport",
    "GET /export/reporting_data/{job_identifier}": "getReportingDataExport",
    "GET /export/reporting_data/get_datasets": "listReportingDatasets",
    "GET /download/reporting_data/{job_identifier}": "downloadReportingDataExport",
}
"""The names the overrides give the operations the spec leaves without an operationId."""


def test_every_operation_has_a_call_here(spec: dict[str, Any]) -> None:
    declared = sorted(_operation_id(op, spec) for op in OPERATIONS)
    assert declared == sorted(CALLS) and len(declared) == 34


def _expected(operation: Operation[Any], spec: dict[str, Any]) -> Any:
    """What the typed method must give back for the fake's documented answer."""
    if operation.content == "bytes":
        return FAKE_DOWNLOAD
    if operation.content == "redirect":
        return f"{FAKE_REDIRECT_HOST}{operation.path.replace('{call_id}', '123')}"
    node = spec["paths"][operation.path][operation.method.lower()]["responses"]
    if operation.content == "text":
        examples = node["200"]["content"]["text/plain"]["examples"]
        return next(iter(examples.values()))["value"]
    if operation.response is type(None):
        return None
    documented = response_examples(spec, operation.method, operation.path, "200")
    if not documented:
        return None  # built from the schema's property examples: checked by type below
    example = next(iter(documented.values()))
    if operation.is_list:
        return [operation.response.from_dict(item) for item in example["data"]]
    return operation.response.from_dict(example)


STATEFUL = (_custom_object_endpoints.OPERATIONS, _data_export_endpoints.OPERATIONS)
"""Operations the fake keeps state for: their own tests below follow the state."""
GENERIC = [op for op in OPERATIONS if not any(op in group for group in STATEFUL)]


@pytest.mark.parametrize("operation", GENERIC, ids=lambda op: op.endpoint)
async def test_each_operation_over_loopback(
    operation: Operation[Any], client: Client, fake: FakeIntercom, spec: dict[str, Any]
) -> None:
    call, request = CALLS[_operation_id(operation, spec)]
    before = len(fake.requests)
    answer = await call(client)
    assert fake.requests[before:] == [tuple(request.split(" ", 1))]
    expected = _expected(operation, spec)
    if expected is not None or operation.response is type(None):
        assert answer == expected
    if operation.is_list:
        assert all(isinstance(item, operation.response) for item in answer)
    elif operation.response is not type(None):
        assert isinstance(answer, operation.response)


async def test_a_recording_redirect_is_answered_not_followed(
    client: Client, fake: FakeIntercom
) -> None:
    url = await client.calls.get_recording_url("123")
    assert url == "https://storage.example.com/calls/123/recording"
    assert fake.requests == [("GET", "/calls/123/recording")]  # the signed URL never fetched


async def test_a_download_asks_for_octets_and_answers_the_bytes_as_sent(
    client: Client,
) -> None:
    assert await client.reporting_data_export.download("job1", app_id="app1") == FAKE_DOWNLOAD
    # Intercom's downloads want `Accept: application/octet-stream`; the raw JSON path
    # (which asks for JSON) is refused, as the fake refuses it.
    with pytest.raises(intercom_async.APIError) as caught:
        await client.request("GET", "/download/reporting_data/job1?app_id=app1")
    assert caught.value.status == 406 and caught.value.code == "not_acceptable"


async def test_a_download_error_is_an_api_error_not_a_decode_failure(client: Client) -> None:
    with pytest.raises(intercom_async.NotFoundError) as caught:
        await client.data_export.download("no-such-job")
    assert caught.value.status == 404 and caught.value.code == "not_found"


async def test_a_data_export_job_from_create_to_download(
    client: Client, fake: FakeIntercom
) -> None:
    contact_id = next(iter(fake.store.contacts))
    await client.conversations.create(from_={"type": "user", "id": contact_id}, body="Hello")
    conversation = next(iter(fake.store.conversations.values()))
    created = conversation["created_at"]
    job = await client.data_export.create(
        created_at_after=created - 10, created_at_before=created + 10
    )
    assert isinstance(job, m.DataExport) and job.status == "pending" and job.download_url == ""
    assert job.job_identifier is not None
    with pytest.raises(intercom_async.NotFoundError, match="pending, not completed"):
        await client.data_export.download(job.job_identifier)
    polled = [await client.data_export.get(job.job_identifier) for _ in range(3)]
    assert [j.status for j in polled] == ["in_progress", "completed", "completed"]
    done = polled[-1]
    assert done.download_url == f"{fake.url}/download/content/data/{job.job_identifier}"
    assert int(done.download_expires_at or 0) > created
    data = await client.data_export.download(job.job_identifier)
    rows = list(csv.reader(io.StringIO(gzip.decompress(data).decode())))
    assert rows == [
        ["conversation_id", "created_at", "state"],
        [conversation["id"], str(created), conversation["state"]],
    ]
    assert (await client.data_export.cancel(job.job_identifier)).status == "completed"


async def test_a_data_export_job_canceled(client: Client) -> None:
    job = await client.data_export.create(created_at_after=1, created_at_before=2)
    assert job.job_identifier is not None
    canceled = await client.data_export.cancel(job.job_identifier)
    assert canceled.status == "canceled"
    assert (await client.data_export.get(job.job_identifier)).status == "canceled"
    with pytest.raises(intercom_async.NotFoundError):
        await client.data_export.download(job.job_identifier)
    with pytest.raises(intercom_async.NotFoundError):
        await client.data_export.cancel("unknown")
    with pytest.raises(intercom_async.BadRequestError, match="must be before"):
        await client.data_export.create(created_at_after=5, created_at_before=5)
    with pytest.raises(intercom_async.BadRequestError, match="'created_at_before' is a required"):
        await client.request("POST", "/export/content/data", json={"created_at_after": 1})


async def test_custom_object_instances_from_create_to_delete(
    client: Client, fake: FakeIntercom
) -> None:
    made = await client.custom_objects.create_or_update(
        "Order", external_id="123", custom_attributes={"order_number": "ORDER-1"}
    )
    assert isinstance(made, m.CustomObjectInstance) and made.id is not None
    assert (made.type, made.external_id) == ("Order", "123")
    again = await client.custom_objects.create_or_update(
        "Order", external_id="123", custom_attributes={"total_amount": 99.99}
    )
    assert again.id == made.id  # the same external_id updates, it does not create
    assert again.custom_attributes == {"order_number": "ORDER-1", "total_amount": 99.99}
    assert await client.custom_objects.get("Order", made.id) == again
    assert await client.custom_objects.get_by_external_id("Order", external_id="123") == again
    with pytest.raises(intercom_async.NotFoundError):
        await client.custom_objects.get("Invoice", made.id)  # another type's id space
    deleted = await client.custom_objects.delete("Order", made.id)
    assert isinstance(deleted, m.CustomObjectInstanceDeleted)
    assert (deleted.id, deleted.object, deleted.deleted) == (made.id, "Order", True)
    with pytest.raises(intercom_async.NotFoundError):
        await client.custom_objects.get("Order", made.id)
    other = await client.custom_objects.create_or_update("Order", external_id="456")
    gone = await client.custom_objects.delete_by_external_id("Order", external_id="456")
    assert gone.id == other.id and gone.deleted is True
    with pytest.raises(intercom_async.NotFoundError):
        await client.custom_objects.get_by_external_id("Order", external_id="456")
    with pytest.raises(intercom_async.BadRequestError, match="'external_id' is a required"):
        await client.request("GET", "/custom_object_instances/Order")
    assert fake.requests[-1] == ("GET", "/custom_object_instances/Order")


async def test_a_text_answer_is_decoded_by_its_charset(client: Client) -> None:
    transcript = await client.calls.get_transcript("123")
    assert transcript.startswith("[00:00:03] Teammate 1:") and "\u2019" in transcript


async def test_a_redirect_operation_answered_without_a_location_is_a_clear_error(
    client: Client, fake: FakeIntercom
) -> None:
    fake.faults.inject("GET", "/calls/*/recording", kind="not_json")
    with pytest.raises(intercom_async.DecodeError, match="expected a redirect"):
        await client.calls.get_recording_url("123")


async def test_bad_ids_are_refused_before_any_request(client: Client, fake: FakeIntercom) -> None:
    with pytest.raises(ValueError, match="call_id must be a non-empty string"):
        await client.calls.get("")
    with pytest.raises(ValueError, match="custom_object_instance_id"):
        await client.custom_objects.get("Order", " ")
    assert fake.requests == []


async def test_ids_stay_one_path_segment(client: Client, fake: FakeIntercom) -> None:
    with pytest.raises(intercom_async.NotFoundError):
        await client.jobs.get("../admins")
    assert fake.requests == [("GET", "/jobs/status/..%2Fadmins")]
