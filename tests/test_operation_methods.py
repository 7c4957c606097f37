"""Every declared operation has public methods (`METHODS`), each of them calls exactly that
operation, and the body it sends for the spec's example arguments fits the spec's schema.

The calls are recorded at the client's call path (`Client._run` / `Client._list`), so no
request leaves; `nox -s contract` makes the same calls against a mock of the spec.
"""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

import pytest

import intercom_async
from intercom_async._operations import Operation

from .spec_support import (
    Call,
    Fallbacks,
    arguments_for,
    declared_calls,
    endpoint_modules,
    request_validator,
    spec_for,
    version_of,
)

CALLS = declared_calls()


class _Reached(Exception):
    """Raised by the recording `_run` once the call path was reached."""


class Recorder:
    """Replaces a client's `_run` and `_list`, keeping each operation and JSON body."""

    def __init__(self, client: intercom_async.Client) -> None:
        self.calls: list[tuple[Operation[Any], tuple[object, ...], Any]] = []
        real_list = client._list

        async def run(operation: Operation[Any], *ids: object, **kwargs: Any) -> Any:
            self.calls.append((operation, ids, kwargs.get("json")))
            raise _Reached

        def list_(operation: Operation[Any], *ids: object, **kwargs: Any) -> Any:
            self.calls.append((operation, ids, kwargs.get("body")))
            return real_list(operation, *ids, **kwargs)

        client._run = run  # type: ignore[method-assign]
        client._list = list_  # type: ignore[method-assign]


def offline(operation: Operation[Any]) -> intercom_async.Client:
    """A client of the operation's API version whose calls are recorded, never sent."""
    version = version_of(operation)
    return intercom_async.Client(token="tok", base_url="http://127.0.0.1:9", api_version=version)


def test_every_declared_operation_has_a_method_and_every_method_exists() -> None:
    client = intercom_async.Client(token="tok", base_url="http://127.0.0.1:9")
    declared = {op for module in endpoint_modules() for op in module.OPERATIONS}
    mapped = {op for module in endpoint_modules() for op in module.METHODS}
    assert declared == mapped
    for module in endpoint_modules():
        assert set(module.METHODS) <= set(module.OPERATIONS), module.__name__
    for call in CALLS:
        assert callable(call.bound(client)), call.method
    methods = [call.method for call in CALLS]
    assert len(methods) == len(set(methods)), "a method is listed for two operations"


@pytest.mark.parametrize("call", CALLS, ids=[call.method for call in CALLS])
async def test_the_method_calls_its_operation_with_a_body_the_spec_accepts(call: Call) -> None:
    spec = spec_for(call.operation)
    client = offline(call.operation)
    recorder = Recorder(client)
    method = call.bound(client)
    args, kwargs = arguments_for(spec, call, method, Fallbacks.load())
    try:
        result = method(*args, **kwargs)
        if inspect.isawaitable(result):
            await result
    except _Reached:
        pass
    (operation, ids, body), *rest = recorder.calls
    assert operation is call.operation and not rest
    assert len(ids) == call.operation.path.count("{")
    if body is not None:
        errors = [e.message for e in request_validator(spec, operation).iter_errors(body)]
        assert not errors, f"{call.id} sends {body!r}: {errors}"


def test_an_operation_since_a_later_version_is_read_from_that_spec() -> None:
    later = SimpleNamespace(since="2.15")
    assert version_of(later) == "2.15"  # type: ignore[arg-type]
    assert spec_for(later)["info"]["version"] == "2.15"  # type: ignore[arg-type]
    assert version_of(CALLS[0].operation) == "2.14"
