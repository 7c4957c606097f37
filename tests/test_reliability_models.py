"""Errors that pickle, reprs that never raise, and values nested too deep (issue 11)."""

from __future__ import annotations

import copy
import pickle
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

import intercom_async
from intercom_async import errors
from intercom_async._converter import structure
from intercom_async._json import MAX_DEPTH
from intercom_async.models import Contact

from .conftest import seed_payload
from .helpers import one_route_server
from .test_cli import SECRET, run_cli

HEADERS = CIMultiDictProxy(CIMultiDict({"X-Request-Id": "r-1", "Content-Type": "text/html"}))
COMMON: dict[str, Any] = {
    "status": 502,
    "method": "GET",
    "path": "/contacts/1",
    "request_id": "r-1",
    "errors": [errors.ErrorDetail(code="bad_gateway", message="down")],
    "headers": HEADERS,
    "body": "<html>" + "x" * 100_000,
    "attempts": 4,
}


def every_error() -> Iterator[BaseException]:
    """One instance of each exception class the SDK raises, with aiohttp-style headers."""
    for name in errors.__all__:
        cls = getattr(errors, name)
        if isinstance(cls, type) and issubclass(cls, errors.APIError):
            yield cls(**COMMON)
    limited = errors.RateLimitError(**{**COMMON, "status": 429})
    limited.reset_at = None
    yield limited
    yield errors.TransportError(
        "reset", method="GET", path="/x", attempts=2, status=200, headers=HEADERS
    )
    yield errors.ResponseTooLargeError(
        method="GET", path="/x", limit=10, attempts=1, status=200, headers=HEADERS
    )
    yield errors.ClientClosedError(method="GET", path="/x")
    yield errors.PaginationLoopError(endpoint="GET /contacts", cursor="abc")
    yield errors.UnsupportedVersionError(operation="GET /brands", since="2.15", api_version="2.14")
    yield errors.DecodeError("bad", path="$.a", body=b"{", status=200, headers=HEADERS, attempts=1)
    skipped = errors.SkippedItem(
        index=3, id="c1", raw={"id": "c1"}, error=errors.DecodeError("bad", path="$.a")
    )
    yield errors.SkippedItemsError([skipped], fitted=[1, 2])
    yield errors.UnboundReferenceError("no client")
    yield intercom_async.InvalidQueryError("bad operator", path="query.operator")
    yield errors.IntercomError("plain")


def state(error: BaseException) -> dict[str, Any]:
    return dict(vars(error).items())


@pytest.mark.parametrize("error", list(every_error()), ids=lambda e: type(e).__name__)
def test_every_error_pickles_and_round_trips(error: BaseException) -> None:
    copied = pickle.loads(pickle.dumps(error))
    assert type(copied) is type(error)
    assert str(copied) == str(error)
    assert state(copied) == state(error)
    assert copy.deepcopy(error).args == error.args


def test_every_error_class_is_covered() -> None:
    classes = {
        getattr(errors, name)
        for name in errors.__all__
        if isinstance(getattr(errors, name), type)
        and issubclass(getattr(errors, name), BaseException)
    }
    assert classes <= {type(error) for error in every_error()}


def test_an_error_keeps_only_a_bounded_prefix_of_the_body() -> None:
    error = errors.ServerError(**COMMON)
    assert len(error.body) == errors.BODY_PREFIX_LIMIT
    decode = errors.DecodeError("bad", body=b"x" * 10_000_000)
    assert len(decode.body) == errors.BODY_PREFIX_LIMIT


# Reprs of half-built models, as tracebacks that capture locals show them.


def test_a_half_built_model_reprs_without_raising() -> None:
    blank = Contact.__new__(Contact)
    assert repr(blank) == "<Contact (incomplete)>"
    assert blank.full_repr() == "<Contact (incomplete)>"


MUTATIONS: list[tuple[str, Any]] = [
    ("id", 5),
    ("email", ["a"]),
    ("created_at", "yesterday"),
    ("location", "Dublin"),
    ("tags", {"data": "nope"}),
    ("social_profiles", 7),
    ("custom_attributes", []),
    ("role", 7),
    ("avatar", 3.5),
    ("companies", {"data": [{"id": 1}]}),
]


@pytest.mark.parametrize(("key", "value"), MUTATIONS, ids=[key for key, _ in MUTATIONS])
def test_a_decode_error_formats_with_captured_locals(key: str, value: Any) -> None:
    payload = {**seed_payload(), key: value}
    with pytest.raises(errors.DecodeError) as caught:
        structure(payload, Contact, None, body=orjson.dumps(payload))
    shown = traceback.TracebackException.from_exception(caught.value, capture_locals=True)
    assert "DecodeError" in "".join(shown.format())


# Values nested deeper than anything can show or write back.


def nested(depth: int, kind: str) -> str:
    return (
        '{"a":' * depth + '"x"' + "}" * depth if kind == "dict" else "[" * depth + "1" + "]" * depth
    )


def contact_json(field: str, value: str) -> bytes:
    """The seed contact with `field` (a dotted path for one level) set to raw JSON `value`."""
    payload = seed_payload()
    outer, _, inner = field.partition(".")
    marker = "__DEEP__"
    if inner:
        payload[outer] = {**payload[outer], inner: marker}
    else:
        payload[outer] = marker
    return orjson.dumps(payload).replace(orjson.dumps(marker), value.encode())


PLACES = ["brand_new", "custom_attributes.deep", "location.brand_new", "name"]


@pytest.mark.parametrize("kind", ["dict", "list"])
@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 256, 1000])
def test_a_value_nested_too_deep_is_a_decode_error_at_decode_time(
    depth: int, place: str, kind: str
) -> None:
    body = contact_json(place, nested(depth, kind))
    with pytest.raises(errors.DecodeError) as caught:
        structure(orjson.loads(body), Contact, None, body=body)
    assert caught.value.path.startswith("$")
    if place != "name":
        assert "nested at most 200 levels deep" in str(caught.value)
    assert len(str(caught.value)) < 1000
    if depth < 900:  # deeper, Python's own repr of the payload in any frame gives out
        shown = traceback.TracebackException.from_exception(caught.value, capture_locals=True)
        assert "DecodeError" in "".join(shown.format())


@pytest.mark.parametrize("kind", ["dict", "list"])
@pytest.mark.parametrize("place", ["brand_new", "custom_attributes.deep", "location.brand_new"])
def test_a_deep_value_within_the_limit_structures_displays_and_writes_back(
    place: str, kind: str
) -> None:
    body = contact_json(place, nested(MAX_DEPTH - 2, kind))
    contact = structure(orjson.loads(body), Contact, None, body=body)
    assert repr(contact).startswith("Contact(")
    assert contact._repr_html_().startswith("<table>")
    assert contact.to_row()
    assert orjson.loads(orjson.dumps(contact.to_dict())) == orjson.loads(body)


async def test_the_cli_writes_a_too_deep_contact_as_received_and_says_so(
    tmp_path: Path,
) -> None:
    contact = contact_json("brand_new", nested(600, "list"))

    async def handler(request: web.Request) -> web.Response:
        body = b'{"type":"list","data":[' + contact + b'],"pages":{"next":null}}'
        return web.Response(body=body, content_type="application/json")

    async with one_route_server("GET", "/contacts", handler) as url:
        run = await run_cli(
            "contacts",
            "export",
            "--out",
            "all.jsonl",
            "--base-url",
            url,
            cwd=tmp_path,
            token=SECRET,
        )
    assert run.code == 0
    assert "nested at most 200 levels deep" in run.err
    assert "Traceback" not in run.err
    assert orjson.loads((tmp_path / "all.jsonl").read_bytes()) == orjson.loads(contact)
