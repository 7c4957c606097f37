"""Security: the token stays secret, TLS is verified, redirects and URLs cannot leak it."""

from __future__ import annotations

import gc
import logging
import pickle
import re
import ssl
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import aiohttp
import pytest
from aiohttp import web

import intercom_async
from intercom_async import (
    DecodeError,
    IntercomError,
    NotFoundError,
    TransportError,
    UnauthorizedError,
)
from intercom_async._sansio import request_headers
from intercom_async._secret import Secret
from intercom_async.testing import FakeIntercom

from .conftest import DATA

TOKEN = "tok_" + "s3cr3tS3CR3T" * 3
"""A token distinctive enough that any leak of it shows up in a substring search."""
PACKAGE = Path(intercom_async.__file__).parent


def full_report(exc: BaseException) -> str:
    """Everything a traceback can show, including every frame's local variables."""
    report = traceback.TracebackException.from_exception(exc, capture_locals=True)
    return "".join(report.format()) + "".join(traceback.format_exception(exc))


async def failure_of(call: Callable[[], Awaitable[Any]]) -> BaseException:
    """The exception `call` raises, caught in this frame so no test locals join the report."""
    try:
        await call()
    except Exception as exc:
        return exc
    raise AssertionError("expected the call to fail")


def test_secret_never_shows_its_value() -> None:
    secret = Secret(TOKEN)
    header = secret.bearer()
    assert header == f"Bearer {TOKEN}"  # what goes on the wire
    for text in (repr(secret), str(secret), f"{secret}", repr(header), repr({"h": header})):
        assert TOKEN not in text
    with pytest.raises(TypeError, match="not pickled"):
        pickle.dumps(secret)
    with pytest.raises(TypeError, match="must be a str, got bytes"):
        Secret(TOKEN.encode())  # type: ignore[arg-type]


def _reachable(root: object, depth: int = 6) -> list[object]:
    """Every object `root` refers to, `depth` references deep (strings left out: the
    token itself must live somewhere, inside its redacting wrapper)."""
    seen: dict[int, object] = {id(root): root}
    frontier = [root]
    for _ in range(depth):
        frontier = [
            found
            for current in frontier
            for found in gc.get_referents(current)
            if id(found) not in seen and not isinstance(found, (str, bytes, type))
        ]
        seen.update((id(found), found) for found in frontier)
    return list(seen.values())


async def test_token_is_absent_from_the_repr_of_everything_a_client_holds() -> None:
    async with (
        FakeIntercom(token=TOKEN) as fake,
        intercom_async.Client(token=TOKEN, base_url=fake.url) as client,
    ):
        await client.admins.me()  # a session, a connection, an answer
        held = _reachable(client)
        assert len(held) > 50  # the session, its connector, the transport, the headers...
        leaks = [type(thing).__name__ for thing in held if TOKEN in repr(thing)]
    assert leaks == []
    assert TOKEN not in str(client)


@pytest.mark.parametrize(
    "scenario", ["unauthorized", "refused", "reset", "not_json", "not_found", "bad_base_url"]
)
async def test_token_is_absent_from_errors_and_tracebacks_with_locals(
    fake: FakeIntercom, scenario: str
) -> None:
    fake.state.token = TOKEN
    if scenario == "reset":
        fake.faults.inject("GET", "/me", kind="reset", times=None)
    if scenario == "not_json":
        fake.faults.inject("GET", "/me", kind="not_json")
    base_url = fake.url
    if scenario == "refused":
        await fake.stop()
    if scenario == "unauthorized":
        fake.state.token = "another-token"

    async def call() -> None:
        if scenario == "bad_base_url":
            intercom_async.Client(token=TOKEN, base_url="ftp://example.com")
        async with intercom_async.Client(
            token=TOKEN, base_url=base_url, max_retries=1, sleep=_no_wait
        ) as client:
            if scenario == "not_found":
                await client.contacts.get("nobody")
            await client.admins.me()

    exc = await failure_of(call)

    expected = {
        "unauthorized": UnauthorizedError,
        "refused": TransportError,
        "reset": TransportError,
        "not_json": DecodeError,
        "not_found": NotFoundError,
        "bad_base_url": ValueError,
    }[scenario]
    assert isinstance(exc, expected)
    report = full_report(exc)
    assert TOKEN not in report
    assert TOKEN not in repr(vars(exc))


def test_the_authorization_header_repr_is_redacted() -> None:
    """Headers end up in aiohttp's frames and the session's defaults: their repr hides it."""
    headers = request_headers(Secret(TOKEN), "2.14")
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert repr(headers["Authorization"]) == "'Bearer ***'"
    assert TOKEN not in repr(headers)


async def _no_wait(delay: float) -> None:
    return None


async def test_token_is_absent_from_every_log_record(
    fake: FakeIntercom, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, aiohttp's included
    fake.state.token = TOKEN
    fake.faults.inject("GET", "/me", kind="server_error")
    async with intercom_async.Client(token=TOKEN, base_url=fake.url, sleep=_no_wait) as client:
        await client.admins.me()
        with pytest.raises(NotFoundError):
            await client.contacts.get("nobody")
    assert caplog.records
    for record in caplog.records:
        assert TOKEN not in record.getMessage()
        assert TOKEN not in repr(record.__dict__)


def test_tls_verification_is_never_switched_off_in_the_package() -> None:
    for source in PACKAGE.rglob("*.py"):
        text = source.read_text()
        assert not re.search(
            r"ssl\s*=\s*False|verify_ssl|CERT_NONE|check_hostname\s*=\s*False", text
        ), source


@asynccontextmanager
async def serve(app: web.Application, host: str = "127.0.0.1", **site: Any) -> AsyncIterator[str]:
    """Run `app` on a free port of `host`; yield its base URL."""
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, 0, **site).start()
        port = runner.addresses[0][1]
        scheme = "https" if site.get("ssl_context") else "http"
        yield f"{scheme}://{host}:{port}"
    finally:
        await runner.cleanup()


def hello_app(seen: list[str | None]) -> web.Application:
    async def hello(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization"))
        return web.json_response({"type": "hello"})

    app = web.Application()
    app.router.add_get("/hello", hello)
    return app


async def test_self_signed_https_is_refused_by_default_and_not_retried() -> None:
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(
        DATA / "test-only-selfsigned.crt", DATA / "test-only-selfsigned.key"
    )
    seen: list[str | None] = []
    async with serve(hello_app(seen), ssl_context=server_context) as url:
        async with intercom_async.Client(token=TOKEN, base_url=url) as client:
            with pytest.raises(TransportError, match="certificate verify failed") as caught:
                await client.request("GET", "/hello")
        assert caught.value.attempts == 1
        assert seen == []

        trusting = ssl.create_default_context(cafile=str(DATA / "test-only-selfsigned.crt"))
        async with (
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=trusting)) as session,
            intercom_async.Client(token=TOKEN, base_url=url, session=session) as client,
        ):
            answer = await client.request("GET", "/hello")
        assert answer.payload == {"type": "hello"}
        assert seen == [f"Bearer {TOKEN}"]


@pytest.mark.parametrize("other_host", ["127.0.0.1", "127.0.0.2"])
async def test_redirect_to_another_origin_drops_authorization(other_host: str) -> None:
    seen: list[str | None] = []
    async with serve(hello_app(seen), host=other_host) as elsewhere:

        async def moved(request: web.Request) -> web.Response:
            seen.append(request.headers.get("Authorization"))
            target = request.query.get("to", "")
            raise web.HTTPFound(elsewhere + "/hello" if target == "elsewhere" else "/hello")

        origin_app = hello_app(seen)
        origin_app.router.add_get("/moved", moved)
        async with (
            serve(origin_app) as origin,
            intercom_async.Client(token=TOKEN, base_url=origin) as client,
        ):
            same = await client.request("GET", "/moved", params={"to": "here"})
            away = await client.request("GET", "/moved", params={"to": "elsewhere"})

    assert same.payload == away.payload == {"type": "hello"}
    bearer = f"Bearer {TOKEN}"
    assert seen == [bearer, bearer, bearer, None]  # same origin keeps it, another drops it


async def test_page_link_to_another_host_is_refused_before_any_request() -> None:
    seen: list[str | None] = []

    async def first_page(request: web.Request) -> web.Response:
        seen.append(request.headers.get("Authorization"))
        pages = {"type": "pages", "page": 1, "next": "http://127.0.0.2:1/tags?page=2"}
        return web.json_response({"type": "list", "data": [], "pages": pages})

    app = web.Application()
    app.router.add_get("/tags", first_page)
    async with serve(app) as url, intercom_async.Client(token=TOKEN, base_url=url) as client:
        with pytest.raises(DecodeError, match="refusing to follow"):
            await client.tags.list().to_list()
    assert len(seen) == 1


@pytest.mark.parametrize(
    "base_url",
    [
        "ftp://api.intercom.io",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "api.intercom.io",
        "//api.intercom.io",
        "https://",
        "https://u:p@api.intercom.io",
        "https://api.intercom.io?token=x",
        "https://api.intercom.io#fragment",
        "",
    ],
)
def test_base_url_must_be_plain_http_or_https(base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        intercom_async.Client(token=TOKEN, base_url=base_url)


def test_base_url_with_a_path_prefix_is_kept() -> None:
    client = intercom_async.Client(token=TOKEN, base_url="https://gateway.example/intercom/")
    assert client.base_url == "https://gateway.example/intercom"


async def test_every_path_keeps_the_base_url_prefix_and_its_quoting(fake: FakeIntercom) -> None:
    """Plain paths skip yarl's parsing and the rest do not; both must reach the same target."""
    async with intercom_async.Client(token=fake.token, base_url=fake.url + "/gateway/") as client:
        for contact_id in ("66c5abc", "a b", "x.y", "é", "a-b_c"):
            with pytest.raises(NotFoundError):
                await client.contacts.get(contact_id)
        with pytest.raises(NotFoundError):
            await client.request("GET", "/tags", params={"q": "x y"})
        with pytest.raises(NotFoundError):
            await client.request("GET", "/tags/x y")  # the escape hatch quotes raw paths too
    assert [target for _, target in fake.requests] == [
        "/gateway/contacts/66c5abc",
        "/gateway/contacts/a%20b",
        "/gateway/contacts/x.y",
        "/gateway/contacts/%C3%A9",
        "/gateway/contacts/a-b_c",
        "/gateway/tags?q=x+y",
        "/gateway/tags/x%20y",
    ]


async def test_ids_and_query_values_are_quoted(
    client: intercom_async.Client, fake: FakeIntercom
) -> None:
    hostile = "a b/../?x=1&per_page=999#frag%2F"
    with pytest.raises(NotFoundError):
        await client.contacts.get(hostile)
    await client.request("GET", "/tags", params={"q": hostile})

    (contact_path, tags_target) = [target for _, target in fake.requests]
    root, collection, contact_id = contact_path.split("/")
    assert (root, collection, unquote(contact_id)) == ("", "contacts", hostile)
    assert urlsplit(tags_target).path == "/tags"
    assert parse_qs(urlsplit(tags_target).query) == {"q": [hostile]}


async def test_proxy_from_environment_only_with_trust_env(
    fake: FakeIntercom, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fake server doubles as an HTTP proxy: it serves absolute-form requests."""
    for name in ("NO_PROXY", "no_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", fake.url)
    unreachable = "http://127.0.0.1:9"  # the discard port: nothing listens there

    async with intercom_async.Client(
        token=fake.token, base_url=unreachable, trust_env=True
    ) as client:
        me = await client.admins.me()
    assert me.type == "admin"
    assert fake.requests == [("GET", "/me")]

    async with intercom_async.Client(token=fake.token, base_url=unreachable, max_retries=0) as c:
        with pytest.raises(TransportError, match="ClientConnectorError"):
            await c.admins.me()
    assert fake.requests == [("GET", "/me")]


async def test_trust_env_ignores_a_netrc_entry_for_the_api_host(
    fake: FakeIntercom, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """aiohttp's own `trust_env` would add netrc credentials and refuse the bearer token."""
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1\nlogin someone\npassword hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)

    async with intercom_async.Client(token=fake.token, base_url=fake.url, trust_env=True) as c:
        me = await c.admins.me()

    assert me.type == "admin"


async def test_one_debug_line_per_request_without_bodies(
    fake: FakeIntercom, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="intercom_async")
    fake.faults.inject("GET", "/tags", kind="server_error")
    async with intercom_async.Client(token=fake.token, base_url=fake.url, sleep=_no_wait) as client:
        tags = await client.tags.list().to_list()

    records = [r for r in caplog.records if r.name == "intercom_async"]
    assert [r.levelno for r in records] == [logging.DEBUG, logging.DEBUG]
    pattern = re.compile(
        r"GET /tags -> (\d{3}) in \d+\.\d ms \(request_id=([0-9a-f-]{36}), retries=(\d)\)"
    )
    matches = [pattern.fullmatch(r.getMessage()) for r in records]
    assert all(matches), [r.getMessage() for r in records]
    assert [(m[1], m[3]) for m in matches if m] == [("500", "0"), ("200", "1")]
    method, path, status, elapsed_ms, request_id, retries = records[1].args  # type: ignore[misc]
    assert (method, path, status, retries) == ("GET", "/tags", 200, 1)
    assert isinstance(elapsed_ms, float)
    assert elapsed_ms >= 0
    assert len(request_id) == 36
    logged = " ".join(r.getMessage() for r in records)
    assert all(tag.name not in logged for tag in tags if tag.name)
    assert "server_error" not in logged  # the error body is not logged either


async def test_nothing_is_logged_when_debug_is_off(
    client: intercom_async.Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="intercom_async")
    await client.admins.me()
    assert [r for r in caplog.records if r.name == "intercom_async"] == []


def test_every_error_is_an_intercom_error() -> None:
    for name in intercom_async.errors.__all__:
        kind = getattr(intercom_async.errors, name)
        if isinstance(kind, type) and issubclass(kind, Exception):
            assert issubclass(kind, IntercomError), name
