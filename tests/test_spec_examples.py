"""The spec's own examples, for every declared operation: each documented answer
structures strictly into the model its operation names, and each request example fits
its own request schema, or is a known defect of the spec listed in `spec_defects`.

Operations are found in every endpoints module (`spec_support.endpoint_modules`), so a
newly generated area is covered without a line here.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

import intercom_async
from intercom_async._converter import structure
from intercom_async._operations import Operation

from .spec_defects import REQUEST_EXAMPLE_DEFECTS, RESPONSE_EXAMPLE_DEFECTS
from .spec_support import (
    endpoint_modules,
    request_examples,
    request_validator,
    response_examples,
    spec_for,
    spec_operation,
)

OPERATIONS: list[Operation[Any]] = list(
    dict.fromkeys(op for module in endpoint_modules() for op in module.OPERATIONS)
)
"""Every declared operation, those only stubs call (`CONVERSATIONS_BY_IDS`) too."""
SUCCESS = ("200", "201", "202")


def _answers() -> list[tuple[Operation[Any], str, Any]]:
    """`(operation, "200 name", value)` of every documented success answer, each from
    the spec version that declares the operation."""
    found = []
    for operation in OPERATIONS:
        spec = spec_for(operation)
        documented = spec_operation(spec, operation).get("responses", {})
        for status in SUCCESS:
            if status in documented:
                examples = response_examples(spec, operation.method, operation.path, status)
                found += [(operation, f"{status} {n}", v) for n, v in examples.items()]
    return found


def test_most_operations_answering_a_model_document_an_answer() -> None:
    documented = {operation for operation, _, _ in _answers()}
    models = [op for op in OPERATIONS if op.response not in (type(None), bytes, str)]
    assert len(models) >= 57
    assert len(documented) >= 0.9 * len(models), set(models) - documented


def _items_of(operation: Operation[Any], example: Any) -> list[Any]:
    """A page's items, under the first of the operation's item keys the page has (a dotted
    key such as `data.articles` walks into objects)."""
    for key in operation.items:
        found: Any = example
        for part in key.split("."):
            found = found.get(part) if isinstance(found, dict) else None
        if isinstance(found, list):
            return found
    raise AssertionError(f"{operation.endpoint}: no items under {operation.items}")


def _decoded(operation: Operation[Any], example: Any) -> list[Any]:
    """The models of one answer: the items of a page, or the one object."""
    if operation.is_list:
        items = _items_of(operation, example)
        if operation.null_items:
            items = [item for item in items if item is not None]
        return [structure(item, operation.response, None) for item in items]
    if operation.response is type(None) or (operation.nullable and example is None):
        return []
    return [structure(example, operation.response, None)]


def test_every_documented_answer_structures_strictly(spec: dict[str, Any]) -> None:
    failures = []
    checked = 0
    for operation, name, example in _answers():
        try:
            decoded = _decoded(operation, example)
        except intercom_async.DecodeError as exc:
            if (operation.endpoint, name) not in RESPONSE_EXAMPLE_DEFECTS:
                failures.append(f"{operation.endpoint} {name}: {exc}")
            continue
        assert (operation.endpoint, name) not in RESPONSE_EXAMPLE_DEFECTS, "no longer a defect"
        checked += len(decoded)
        for model in decoded:
            assert isinstance(model, operation.response), f"{operation.endpoint} {name}"
    assert not failures, "\n".join(failures)
    assert checked >= len(OPERATIONS)


def test_every_documented_answer_round_trips(spec: dict[str, Any]) -> None:
    """What a model keeps is what came: `to_dict()` gives back the example exactly."""
    failures = []
    for operation, name, example in _answers():
        items = example
        if operation.is_list:
            items = [item for item in _items_of(operation, example) if item is not None]
        elif (
            operation.response is type(None)
            or example is None
            or (operation.endpoint, name) in RESPONSE_EXAMPLE_DEFECTS
        ):
            continue
        else:
            items = [example]
        back = [model.to_dict() for model in _decoded(operation, example)]
        if back != items:
            failures.append(f"{operation.endpoint} {name}")
    assert not failures, "\n".join(failures)


def _request_failures() -> dict[tuple[str, str], list[str]]:
    failures: dict[tuple[str, str], list[str]] = {}
    checker = jsonschema.FormatChecker()
    for operation in OPERATIONS:
        spec = spec_for(operation)
        examples = request_examples(spec, operation)
        if not examples:
            continue
        validator = request_validator(spec, operation)
        validator = validator.evolve(format_checker=checker)
        for name, example in examples.items():
            errors = sorted({f for e in validator.iter_errors(example) for f in _fields(e)})
            if errors:
                failures[(operation.endpoint, name)] = errors
    return failures


def _fields(error: jsonschema.ValidationError) -> list[str]:
    """The JSON paths an error is about; for a `oneOf` none of whose branches fit, those
    of the branch that came nearest (the fewest wrong constants such as `message_type`,
    then the fewest wrong fields)."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[Any, tuple[int, set[str]]] = {}
        for sub in error.context:
            enums, fields = branches.get(sub.relative_schema_path[0], (0, set()))
            enums += sum(1 for e in (sub, *sub.context) if e.validator == "enum")
            branches[sub.relative_schema_path[0]] = (enums, fields | set(_fields(sub)))
        return sorted(min(branches.values(), key=lambda b: (b[0], len(b[1])))[1])
    return [".".join(map(str, error.absolute_path)) or "(body)"]


def test_every_request_example_fits_its_schema_but_the_known_defects(
    spec: dict[str, Any],
) -> None:
    failures = _request_failures()
    known = {key: sorted(defect.fields) for key, defect in REQUEST_EXAMPLE_DEFECTS.items()}
    unexpected = {key: errors for key, errors in failures.items() if known.get(key) != errors}
    assert not unexpected, "new spec defects (list them in tests/spec_defects.py):\n" + "\n".join(
        f"{endpoint} {name}: {errors}" for (endpoint, name), errors in unexpected.items()
    )
    fixed = set(known) - set(failures)
    assert not fixed, f"no longer defects, drop them from tests/spec_defects.py: {fixed}"


@pytest.mark.parametrize("key", sorted(REQUEST_EXAMPLE_DEFECTS))
def test_each_known_request_defect_names_a_real_example(
    key: tuple[str, str], spec: dict[str, Any]
) -> None:
    endpoint, name = key
    operation = next(op for op in OPERATIONS if op.endpoint == endpoint)
    assert name in request_examples(spec, operation)
    assert REQUEST_EXAMPLE_DEFECTS[key].reason
