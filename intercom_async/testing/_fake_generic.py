"""The fake's generic answerer: every declared operation without a stateful handler
checks its request against the spec and answers the spec's documented example.

A request is checked as Intercom would: a download asked for without `Accept:
application/octet-stream` (the spec requires it) is a 406 `not_acceptable`; a path id
that no workspace could hold (anything but letters, digits, `_` and `-`) is a 404; a
missing required query parameter or body field is a 400 `parameter_not_found`; a value
of the wrong type, or a body that is not a JSON object, a 400 `parameter_invalid` (or
`bad_request`); a value outside its `enum` or bounds a 422 `parameter_invalid`. Errors
come in Intercom's `error.list` envelope (the middleware renders `ApiError`). The answer
is the documented one, whatever was asked: a stand-in that lets every typed method be
called over loopback, not a model of the workspace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from aiohttp import web
from aiohttp.typedefs import Handler

from ._fake_data import Json
from ._fake_http import ApiError, json_object, json_response
from ._fake_validate import first_problem
from ._spec_examples import OPERATIONS, SCHEMAS, SpecOperation

__all__ = [
    "FAKE_DOWNLOAD",
    "FAKE_REDIRECT_HOST",
    "accepts_octets",
    "checked_request",
    "generic_routes",
    "route_key",
]

FAKE_DOWNLOAD = b"fake export data\n"
"""What a generic download answers (the spec documents no body for them)."""
FAKE_REDIRECT_HOST = "https://storage.example.com"
"""Where a generic redirect points: `{host}{path}`, a host that is never the API's."""

_PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9_-]+")
_PLACEHOLDER = re.compile(r"\{[^{}]+\}")
_BY_ID = {operation.operation_id: operation for operation in OPERATIONS}
_STATUS_OF: dict[str, int] = {"missing": 400, "type": 400, "value": 422}
_CODE_OF: dict[str, str] = {
    "missing": "parameter_not_found",
    "type": "parameter_invalid",
    "value": "parameter_invalid",
}


def route_key(method: str, path: str) -> tuple[str, str]:
    """`("GET", "/calls/{}")`: a route with its placeholders' names left out, to compare."""
    return method.upper(), _PLACEHOLDER.sub("{}", path)


def generic_routes(
    handled: Iterable[tuple[str, str, Handler]],
) -> list[tuple[str, str, Handler]]:
    """A route for each declared operation that `handled` (the stateful routes) lacks;
    paths with fewer placeholders first, so `/x/get_datasets` wins over `/x/{id}`."""
    taken = {route_key(method, path) for method, path, _ in handled}
    missing = [op for op in OPERATIONS if route_key(op.method, op.path) not in taken]
    missing.sort(key=lambda op: op.path.count("{"))
    return [(op.method, op.path, _answerer(op)) for op in missing]


def _answerer(operation: SpecOperation) -> Handler:
    async def answer(request: web.Request) -> web.StreamResponse:
        if operation.content == "bytes" and not accepts_octets(request):
            message = "this download needs the header Accept: application/octet-stream"
            raise ApiError(406, "not_acceptable", message)
        for name in operation.path_params:
            if not _PLAUSIBLE_ID.fullmatch(request.match_info.get(name, "")):
                raise ApiError(404, "not_found", "Resource Not Found")
        _check_query(operation, request.query)
        if operation.body is not None:
            await _check_body(operation, request)
        return _documented(operation, request)

    answer.__doc__ = f"``{operation.method} {operation.path}``: the spec's example."
    return answer


def accepts_octets(request: web.Request) -> bool:
    """The request takes a file (the spec's downloads want `application/octet-stream`)."""
    accepted = request.headers.get("Accept", "*/*")
    return any(kind in accepted for kind in ("application/octet-stream", "*/*"))


async def checked_request(request: web.Request, operation_id: str) -> Json:
    """The JSON body of a request to `operation_id`, after the checks the generic answerer
    makes (query and body against the spec): for stateful handlers that want them too."""
    operation = _BY_ID[operation_id]
    _check_query(operation, request.query)
    if operation.body is None:
        return {}
    await _check_body(operation, request)
    return await json_object(request)


def _check_query(operation: SpecOperation, query: Mapping[str, str]) -> None:
    for name, required, schema in operation.query:
        raw = query.get(name)
        if raw is None or raw == "":
            if required:
                raise ApiError(400, "parameter_not_found", f"'{name}' is a required parameter")
            continue
        kind = schema.get("type") if isinstance(schema, dict) else None
        if kind == "integer" and not re.fullmatch(r"-?[0-9]+", raw):
            raise ApiError(400, "parameter_invalid", f"{name} must be an integer")
        if kind == "boolean" and raw not in ("true", "false"):
            raise ApiError(400, "parameter_invalid", f"{name} must be true or false")


async def _check_body(operation: SpecOperation, request: web.Request) -> None:
    raw = await request.read()
    if not raw.strip():
        if operation.body_required:
            raise ApiError(400, "parameter_not_found", "the request needs a JSON body")
        return
    body = await json_object(request)
    problem = first_problem(body, operation.body, SCHEMAS)
    if problem is not None:
        raise ApiError(_STATUS_OF[problem.kind], _CODE_OF[problem.kind], problem.message)


def _documented(operation: SpecOperation, request: web.Request) -> web.StreamResponse:
    if operation.content == "empty":
        return web.Response(status=operation.status)
    if operation.content == "redirect":
        return web.Response(status=302, headers={"Location": FAKE_REDIRECT_HOST + request.path})
    if operation.content == "bytes":
        return web.Response(
            status=operation.status, body=FAKE_DOWNLOAD, content_type="application/octet-stream"
        )
    if operation.content == "text":
        return web.Response(status=operation.status, text=str(operation.example or ""))
    return json_response(operation.example, operation.status)
