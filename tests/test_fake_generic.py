"""The fake's generic answerer: a request checked against the spec, refused in Intercom's
`error.list` shape (400 / 422 / 404 / 406), else answered with the documented example."""

from __future__ import annotations

from typing import Any

import orjson
import pytest

import intercom_async
from intercom_async import APIError
from intercom_async.testing import FakeIntercom
from intercom_async.testing._fake_generic import generic_routes, route_key
from intercom_async.testing._fake_server import ROUTES
from intercom_async.testing._fake_validate import first_problem
from intercom_async.testing._spec_examples import OPERATIONS, SCHEMAS

from .spec_support import response_examples

Client = intercom_async.Client
ENQUEUE = "/export/reporting_data/enqueue"
REQUEST_EXAMPLES_THAT_ARE_ERRORS = {
    ("createMessage", "no_body_supplied_for_message"),
    ("createMessage", "no_subject_supplied_for_email_message"),
    ("createMessage", "no_body_supplied_for_email_message"),
}
"""Documented request examples whose documented answer is a 400 (the rest must pass)."""


def _error_list(error: APIError) -> dict[str, Any]:
    body: dict[str, Any] = orjson.loads(error.body)
    assert body["type"] == "error.list" and body["request_id"] == error.request_id
    assert [set(item) for item in body["errors"]] == [{"code", "message"}]
    return body


async def _refused(client: Client, method: str, path: str, **kwargs: Any) -> APIError:
    with pytest.raises(APIError) as caught:
        await client.request(method, path, **kwargs)
    _error_list(caught.value)
    return caught.value


async def test_a_missing_body_field_is_a_400_naming_it(
    client: Client, spec: dict[str, Any]
) -> None:
    body = {"attribute_ids": ["conversation_id"], "start_time": 1, "end_time": 2}
    error = await _refused(client, "POST", ENQUEUE, json=body)
    documented = response_examples(spec, "POST", ENQUEUE, "400")["No dataset_id"]["errors"][0]
    assert error.status == 400 and error.code == "parameter_not_found"
    assert error.errors[0].message == documented["message"]  # "'dataset_id' is a required ..."


async def test_a_value_of_the_wrong_type_is_a_400(client: Client) -> None:
    body = {"dataset_id": "conversation", "attribute_ids": "conversation_id"}
    error = await _refused(client, "POST", ENQUEUE, json={**body, "start_time": 1, "end_time": 2})
    assert (error.status, error.code) == (400, "parameter_invalid")
    assert error.errors[0].message == "attribute_ids must be an array"
    error = await _refused(
        client, "POST", "/fin/csat", json={"conversation_id": 7.5, "rating": "ok"}
    )
    assert error.errors[0].message == "conversation_id must be a string"


async def test_a_body_that_is_not_a_json_object_is_a_400(client: Client) -> None:
    error = await _refused(client, "POST", "/phone_call_redirects", json=["+353832345678"])
    assert (error.status, error.code) == (400, "bad_request")
    error = await _refused(client, "POST", "/calls/search")  # the body is required
    assert (error.status, error.code) == (400, "parameter_not_found")


async def test_a_value_outside_its_enum_or_bounds_is_a_422(client: Client) -> None:
    error = await _refused(
        client, "POST", "/fin/csat", json={"conversation_id": "ext-123", "rating": "superb"}
    )
    assert (error.status, error.code) == (422, "parameter_invalid")
    assert "rating must be one of terrible, bad, ok, good, amazing" in str(error)
    many = {"conversation_ids": [str(n) for n in range(21)]}
    error = await _refused(client, "POST", "/calls/search", json=many)
    assert (
        error.status == 422 and error.errors[0].message == "conversation_ids takes at most 20 items"
    )
    with pytest.raises(intercom_async.UnprocessableEntityError):
        await client.calls.list_with_transcripts(conversation_ids=[])
    with pytest.raises(intercom_async.UnprocessableEntityError, match="at least 1 items"):
        await client.reporting_data_export.enqueue(
            dataset_id="conversation", attribute_ids=[], start_time=1, end_time=2
        )


async def test_a_nested_problem_names_its_path(client: Client) -> None:
    body = {
        "conversation_id": "c",
        "message": {"author": "user", "body": "hi"},
        "user": {"id": "u"},
    }
    error = await _refused(client, "POST", "/fin/start", json=body)
    assert error.errors[0].message == "'message.timestamp' is a required parameter"


async def test_a_bad_id_is_a_404(client: Client, fake: FakeIntercom) -> None:
    with pytest.raises(intercom_async.NotFoundError) as caught:
        await client.ai_content.get_external_page("no such page")
    assert caught.value.code == "not_found" and caught.value.status == 404
    _error_list(caught.value)
    with pytest.raises(intercom_async.NotFoundError):
        await client.custom_objects.get("Order", "a/b")
    assert fake.requests[-1] == ("GET", "/custom_object_instances/Order/a%2Fb")


async def test_a_missing_or_malformed_query_parameter_is_a_400(client: Client) -> None:
    error = await _refused(client, "GET", "/export/reporting_data/job1?app_id=a")
    assert error.errors[0].message == "'client_id' is a required parameter"
    error = await _refused(client, "GET", "/calls?per_page=many")
    assert (error.status, error.errors[0].message) == (400, "per_page must be an integer")


async def test_without_the_token_it_is_a_401_before_any_check(fake: FakeIntercom) -> None:
    async with intercom_async.Client(token="wrong", base_url=fake.url) as client:
        with pytest.raises(intercom_async.UnauthorizedError):
            await client.fin.submit_csat(conversation_id="ext-123", rating="good")


def test_it_answers_only_what_no_stateful_handler_does() -> None:
    generic = {route_key(method, path) for method, path, _ in generic_routes(ROUTES)}
    stateful = {route_key(method, path) for method, path, _ in ROUTES}
    assert generic and not generic & stateful
    declared = {route_key(op.method, op.path) for op in OPERATIONS}
    assert declared <= generic | stateful  # every declared operation answers something
    assert ("GET", "/conversations/{}") in stateful and ("GET", "/calls/{}") in generic


def test_the_literal_path_wins_over_a_placeholder() -> None:
    paths = [path for _, path, _ in generic_routes(ROUTES)]
    assert paths.index("/export/reporting_data/get_datasets") < paths.index(
        "/export/reporting_data/{job_identifier}"
    )


def test_every_documented_request_example_passes(spec: dict[str, Any]) -> None:
    generic = {route_key(method, path) for method, path, _ in generic_routes(ROUTES)}
    checked = 0
    for operation in OPERATIONS:
        if operation.body is None or route_key(operation.method, operation.path) not in generic:
            continue
        node = spec["paths"][operation.path][operation.method.lower()]["requestBody"]
        examples = node["content"]["application/json"].get("examples", {})
        for name, example in examples.items():
            problem = first_problem(example["value"], operation.body, SCHEMAS)
            expected_error = (operation.operation_id, name) in REQUEST_EXAMPLES_THAT_ARE_ERRORS
            assert (problem is not None) == expected_error, (operation.operation_id, name, problem)
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize(
    ("value", "schema", "expected"),
    [
        ({"a": None}, {"properties": {"a": {"type": "string", "nullable": True}}}, None),
        ({"a": None}, {"properties": {"a": {"type": "string"}}}, "a must not be null"),
        ("991267816", {"type": "integer"}, None),  # Intercom takes numeric ids as strings
        (12345, {"type": "string"}, None),  # and as numbers
        (True, {"type": "integer"}, "the body must be an integer"),
        ([{"id": 1}], {"type": "array", "items": {"$ref": "x"}}, "[0].id must be a boolean"),
        (
            {"to": [1]},
            {"properties": {"to": {"oneOf": [{"type": "string"}, {"type": "object"}]}}},
            "to fits none of its allowed shapes",
        ),
        ({"extra": 1}, {"type": "object", "properties": {}}, None),  # unknown keys pass
    ],
)
def test_the_validator(value: Any, schema: Any, expected: str | None) -> None:
    problem = first_problem(value, schema, {"x": {"properties": {"id": {"type": "boolean"}}}})
    assert (problem.message if problem else None) == expected
