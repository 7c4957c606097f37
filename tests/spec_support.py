"""Reading examples out of the OpenAPI description, shared by the relation tests."""

from __future__ import annotations

from typing import Any

from intercom_async import APIError


def response_examples(spec: dict[str, Any], method: str, path: str, status: str) -> dict[str, Any]:
    """`{example name: value}` of one documented response."""
    response = spec["paths"][path][method.lower()]["responses"][status]
    content = response.get("content", {}).get("application/json", {})
    return {name: example["value"] for name, example in content.get("examples", {}).items()}


def assert_spec_error(
    error: APIError, spec: dict[str, Any], method: str, path: str, status: int, example: str
) -> None:
    """`error` is the documented error response `example` of `method path`: status, code, text."""
    documented = response_examples(spec, method, path, str(status))[example]["errors"][0]
    assert error.status == status
    assert (error.code, error.errors[0].message) == (documented["code"], documented["message"])
