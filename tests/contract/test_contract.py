"""Every declared operation, called through its public typed methods, against Stoplight
Prism mocking the spec (`prism mock --errors`): Prism must accept what we send, what we
send must fit the spec's request schema (checked here too: Prism does not check every
body), and what Prism answers from the spec's examples must come back as the declared
model, strictly. Run by `nox -s contract` (and `.ci/run`), never by the plain suite.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest

import intercom_async
from intercom_async._operations import Operation
from intercom_async._pagination import AsyncPager

from ..spec_defects import PRISM_DEFECTS, known_prism_defect
from ..spec_support import (
    Call,
    Fallbacks,
    arguments_for,
    declared_calls,
    request_validator,
    spec_of_version,
    version_of,
)
from .conftest import Mocks
from .mock import Exchange
from .table import ROWS, Row

pytestmark = pytest.mark.contract

CALLS = declared_calls()
FALLBACKS = Fallbacks.load()
SEEN_DEFECTS: set[str] = set()


def _path_pattern(operation: Operation[Any]) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(operation.path)) + "$")


async def _invoke(result: Any) -> Any:
    """An awaited answer, or the items of a pager's first page (Prism answers every page
    with the same example, so a walk would not end)."""
    if isinstance(result, AsyncPager):
        pages = result.pages()
        try:
            async for page in pages:
                return page.items
        finally:
            await pages.aclose()
        return ()
    return await result if inspect.isawaitable(result) else result


def _returned_names(method: Any) -> set[str]:
    """The class names the method's return annotation allows (`AsyncPager[X]` and
    `tuple[X, ...]` give X)."""
    annotation = str(inspect.signature(method).return_annotation)
    inner = re.sub(r"^(\w*Pager\[(.*)\]|tuple\[(.*), \.\.\.\])$", r"\2\3", annotation)
    return {part.strip() for part in inner.split("|")}


def _problems_of(
    call: Call, spec: dict[str, Any], exchanges: list[Exchange], defects: set[str]
) -> list[str]:
    """What went wrong that is ours; the known defects of the spec seen go to `defects`."""
    problems = []
    pattern = _path_pattern(call.operation)
    for exchange in exchanges:
        if exchange.method != call.operation.method or not pattern.match(exchange.path):
            problems.append(f"sent {exchange.method} {exchange.path}")
        if exchange.body:
            body = exchange.json_body()
            validator = request_validator(spec, call.operation)
            problems += [f"body {e.message}" for e in validator.iter_errors(body)]
        for violation in exchange.violations:
            defect = known_prism_defect(call.operation.endpoint, violation)
            if defect is None:
                problems.append(f"prism: {violation}")
            else:
                defects.add(defect)
    return problems


@pytest.mark.parametrize("call", CALLS, ids=[call.method for call in CALLS])
async def test_the_mock_takes_what_we_send_and_we_read_what_it_answers(
    call: Call, mocks: Mocks
) -> None:
    version = version_of(call.operation)
    mock, spec = mocks[version], spec_of_version(version)
    failure = ""
    async with intercom_async.Client(
        token="contract-token",
        base_url=mock.url,
        api_version=version,
        max_retries=0,
        misfits="raise",
    ) as client:
        method = call.bound(client)
        args, kwargs = arguments_for(spec, call, method, FALLBACKS)
        mark = len(mock.exchanges)
        try:
            result = await _invoke(method(*args, **kwargs))
        except intercom_async.IntercomError as exc:
            failure, result = f"{type(exc).__name__}: {str(exc).splitlines()[0]}", None
    exchanges = mock.since(mark)
    defects: set[str] = set()
    problems = _problems_of(call, spec, exchanges, defects)
    # A request no value makes fit (refused), or an example answer the model refuses.
    refused_for_a_known_defect = bool(defects) and (
        all(e.status == 422 for e in exchanges) or failure.startswith("DecodeError")
    )
    if failure and not problems and not refused_for_a_known_defect:
        problems.append(failure)
    SEEN_DEFECTS.update(defects)
    if not exchanges:
        problems.append("no request reached the mock")
    if not problems and not failure:
        allowed = _returned_names(method)
        answers = result if isinstance(result, tuple) else (result,)
        for answer in answers:
            name = "None" if answer is None else type(answer).__name__
            if name not in allowed:
                problems.append(f"answered a {name}, declared {' | '.join(sorted(allowed))}")
    status = ",".join(str(e.status) for e in exchanges) or "-"
    shown = type(result).__name__ if not isinstance(result, tuple) else f"{len(result)} items"
    outcome = "; ".join(problems) if problems else f"ok ({shown})"
    if refused_for_a_known_defect and not problems:
        outcome = "ok (refused for a known spec defect)"
    if defects:
        outcome += f"; known spec defect: {', '.join(sorted(defects))}"
    ROWS.append(Row(call.operation.endpoint, call.method, version, status, outcome))
    assert not problems, f"{call.id}: " + "; ".join(problems)


def test_every_known_prism_defect_still_shows() -> None:
    """Run after the calls: a defect the spec no longer has leaves the table (of the
    operations this run called: `-k` may pick a few)."""
    called = {row.operation for row in ROWS}
    expected = {name for name, defect in PRISM_DEFECTS.items() if defect.endpoint in called}
    assert expected <= SEEN_DEFECTS, expected - SEEN_DEFECTS
