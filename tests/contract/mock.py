"""Stoplight Prism mocking the spec on loopback, behind a proxy that records each exchange.

Prism is an npm package: installed once, at a pinned version, into `.cache/prism`
(git-ignored) and reused while that version is there. Each spec version gets two: a
strict one (`prism mock --errors`), which refuses a request that breaks the spec and an
answer of its own that does (a spec example that breaks its own schema), and a lenient
one the proxy asks again in that case, so the client still reads the documented answer.
The proxy keeps what our client really sent (the JSON bytes, validated against the spec
by the contract tests), the strict Prism's findings and the answer.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import attrs
import orjson
from aiohttp import web

__all__ = ["PRISM_VERSION", "Exchange", "MockServer", "install_prism", "running_mock"]

PRISM_VERSION = "5.14.2"
"""The newest `@stoplight/prism-cli` that runs on Node.js 18 and 20 (5.15 wants Node 24)."""
PACKAGE = f"@stoplight/prism-cli@{PRISM_VERSION}"
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "prism"
STARTUP_SECONDS = 120.0
_SESSION = web.AppKey("session", aiohttp.ClientSession)
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-encoding",
}


def install_prism(cache: Path = CACHE) -> Path:
    """The `prism` executable, installed with npm into `cache` unless already there."""
    binary = cache / "node_modules" / ".bin" / "prism"
    manifest = cache / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
    if binary.exists() and manifest.exists() and _version(manifest) == PRISM_VERSION:
        return binary
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("the contract run needs Node.js and npm (for @stoplight/prism-cli)")
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603 (npm from PATH, a pinned package)
        [
            npm,
            "install",
            "--prefix",
            str(cache),
            "--no-audit",
            "--no-fund",
            "--loglevel=error",
            PACKAGE,
        ],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    return binary


def _version(manifest: Path) -> object:
    return orjson.loads(manifest.read_bytes()).get("version")


@attrs.frozen
class Exchange:
    """One request our client sent through the proxy, and the answer it got.

    `violations` is what the strict Prism (`--errors`) found wrong, with the request or
    with its own answer from the spec's example; when it found something, the answer is
    the lenient Prism's instead, so the client still reads a documented answer.
    """

    method: str
    path: str
    query: str
    body: bytes
    status: int
    answer: bytes
    violations: tuple[str, ...] = ()
    """`location: message` of each, such as `request.body.from.id: ... format "uuid"`."""

    def json_body(self) -> Any:
        return orjson.loads(self.body) if self.body else None


def _violations(answer: bytes, header: str | None) -> tuple[str, ...]:
    """What Prism found wrong, one `location: message` each: the `validation` list of its
    problem answer, or its `sl-violations` header (sent beside a documented error answer
    it chose for a request that breaks the spec)."""
    found: Any = []
    try:
        problem = orjson.loads(answer)
        found = problem.get("validation", []) if isinstance(problem, dict) else []
        if not found and header:
            found = orjson.loads(header)
    except orjson.JSONDecodeError:
        return ()
    return tuple(
        f"{'.'.join(map(str, v.get('location', [])))}: {v.get('message')}"
        for v in (found if isinstance(found, list) else [])
        if isinstance(v, dict)
    )


class MockServer:
    """A running Prism for one spec version and the proxy in front of it."""

    def __init__(self, version: str, url: str) -> None:
        self.version = version
        self.url = url
        self.exchanges: list[Exchange] = []
        self._lock = threading.Lock()

    def record(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def since(self, mark: int) -> list[Exchange]:
        with self._lock:
            return self.exchanges[mark:]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prism exited with {process.returncode}:\n{log.read_text()}")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 (our loopback URL)
        except urllib.error.HTTPError:
            return  # any HTTP answer (Prism's 404 for `/`) means it is listening
        except OSError:
            time.sleep(0.25)
        else:
            return
    raise RuntimeError(f"prism did not answer on {url} in {STARTUP_SECONDS:.0f}s")


@contextmanager
def _prisms(binary: Path, spec: Path, version: str) -> Iterator[tuple[str, str]]:
    """A strict Prism (`--errors`) and a lenient one on `spec`, started side by side."""
    started: list[tuple[subprocess.Popen[bytes], str, Path]] = []
    try:
        for kind, flags in (("strict", ["--errors"]), ("lenient", [])):
            port = _free_port()
            log = CACHE / f"prism-{version}-{kind}.log"
            command = [str(binary), "mock", *flags, "-h", "127.0.0.1", "-p", str(port), str(spec)]
            with log.open("wb") as output:
                process = subprocess.Popen(  # noqa: S603 (the pinned prism, our own spec)
                    command, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
                )
            started.append((process, f"http://127.0.0.1:{port}", log))
        for process, url, log in started:
            _wait_until_answering(url, process, log)
        yield started[0][1], started[1][1]
    finally:
        for process, _, _ in started:
            process.terminate()
        for process, _, _ in started:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _proxy_app(strict: str, lenient: str, mock: MockServer) -> web.Application:
    async def send(
        request: web.Request, target: str, body: bytes
    ) -> tuple[int, bytes, dict[str, str]]:
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        async with request.app[_SESSION].request(
            request.method,
            target + request.path_qs,
            data=body,
            headers=headers,
            allow_redirects=False,  # a redirect is the client's to see (and never followed here)
        ) as answer:
            kept = {k: v for k, v in answer.headers.items() if k.lower() not in _HOP_BY_HOP}
            return answer.status, await answer.read(), kept

    async def forward(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        status, content, headers = await send(request, strict, body)
        violations = _violations(content, headers.get("sl-violations")) if status >= 400 else ()
        if violations:
            status, content, headers = await send(request, lenient, body)
        mock.record(
            Exchange(
                request.method,
                request.path,
                request.query_string,
                body,
                status,
                content,
                violations,
            )
        )
        return web.Response(status=status, body=content, headers=headers)

    async def open_session(app: web.Application) -> Any:
        app[_SESSION] = aiohttp.ClientSession(auto_decompress=False)
        yield
        await app[_SESSION].close()

    app = web.Application()
    app.cleanup_ctx.append(open_session)
    app.router.add_route("*", "/{tail:.*}", forward)
    return app


@contextmanager
def _proxy(strict: str, lenient: str, version: str) -> Iterator[MockServer]:
    """The recording proxy, served from its own thread and event loop."""
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, Any] = {}

    async def start() -> None:
        mock = MockServer(version, "")
        runner = web.AppRunner(_proxy_app(strict, lenient, mock), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        mock.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        holder.update(mock=mock, runner=runner)
        ready.set()

    thread = threading.Thread(target=loop.run_forever, name=f"prism-proxy-{version}", daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=30)
    ready.wait()
    try:
        yield holder["mock"]
    finally:
        asyncio.run_coroutine_threadsafe(holder["runner"].cleanup(), loop).result(timeout=30)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


@contextmanager
def running_mock(spec: Path, version: str) -> Iterator[MockServer]:
    """Prism on `spec` (installed if need be) and its recording proxy, both on loopback."""
    binary = install_prism()
    with (
        _prisms(binary, spec, version) as (strict, lenient),
        _proxy(strict, lenient, version) as mock,
    ):
        yield mock
