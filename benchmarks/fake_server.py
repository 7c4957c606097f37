"""The fake Intercom for benchmarks, run in its own process so it does not share the client's CPU.

Prints one JSON line `{"url", "token", "ids"}` once listening, then answers commands
on stdin, one per line: `stats` prints `{"requests", "rejected"}`, `reset` zeroes
them (and the rate window's count) and prints `{"reset": true}` once done. Exits
when stdin closes. Contacts are rendered once up front (for GETs and the
`id IN` search) so the server's own cost per request stays small and the client is
what gets measured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
from aiohttp import web
from aiohttp.typedefs import Handler

from intercom_async.testing import FakeIntercom
from intercom_async.testing._fake_data import render_contact
from intercom_async.testing._fake_http import JSON_CONTENT_TYPE, RateLimiter


class Server:
    """This script in a child process, seen from the parent: `url`, `token`, `ids`.

    Starting waits for the fake's first line however long it takes (a 100k-contact
    workspace renders for a while on a loaded machine): no timeout on start-up. A fake
    that exits before listening raises at once, with its exit code.
    """

    def __init__(self, **options: Any) -> None:
        args = [sys.executable, str(Path(__file__).resolve())]
        for name, value in options.items():
            if value is not None:
                args += [f"--{name.replace('_', '-')}", str(value)]
        self.process = subprocess.Popen(  # noqa: S603  (this script, fixed arguments)
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            hello = json.loads(self._line())
        except BaseException:
            self.close()
            raise
        self.url: str = hello["url"]
        self.token: str = hello["token"]
        self.ids: list[str] = hello["ids"]

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            code = self.process.wait()
            raise RuntimeError(f"the fake server exited (code {code}) instead of answering")
        return line

    def command(self, line: str) -> dict[str, int]:
        """Send one command (`stats`, `reset`) and read its answer."""
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        answer: dict[str, int] = json.loads(self._line())
        return answer  # read for `reset` too: the next run starts once the fake is reset

    def close(self) -> None:
        """Close its stdin (it exits on that) and wait for it; stop it if it hangs."""
        assert self.process.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # it has exited already
            self.process.stdin.close()
        try:
            self.process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def cached_contacts(rendered: dict[str, Any], search_lag: float) -> web.Middleware:
    """Serve `GET /contacts/{id}` and the `id IN` search from contacts rendered up front.

    A search index that lags misses the share `search_lag` of the contacts (the same
    ones every time), as if they were written too recently to be indexed.
    """
    unindexed = set(list(rendered)[: int(len(rendered) * search_lag)])
    bodies = {contact_id: orjson.dumps(contact) for contact_id, contact in rendered.items()}

    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method == "GET" and request.path.startswith("/contacts/"):
            body = bodies.get(request.path[len("/contacts/") :])
            if body is not None:
                return web.Response(body=body, headers={"Content-Type": JSON_CONTENT_TYPE})
        if (request.method, request.path) == ("POST", "/contacts/search"):
            query = orjson.loads(await request.read())["query"]
            data = [rendered[i] for i in query["value"] if i in rendered and i not in unindexed]
            pages = {"type": "pages", "page": 1, "per_page": 150, "total_pages": 1}
            page = {"type": "list", "data": data, "total_count": len(data), "pages": pages}
            return web.Response(
                body=orjson.dumps(page), headers={"Content-Type": JSON_CONTENT_TYPE}
            )
        return await handler(request)

    return middleware


async def serve(args: argparse.Namespace) -> None:
    fake = FakeIntercom(
        seed=11,
        contacts=args.contacts,
        latency=args.latency,
        rate_limit=args.rate_limit,
        rate_window=args.rate_window,
    )
    if fake.throttle.limit is not None and args.announced_limit:
        fake.throttle.limit.announced = args.announced_limit
    if args.rate_limit is None:
        # A generous, reported-only budget: throughput runs measure clients, not pacing.
        fake.state.rate_limiter = RateLimiter(limit=100_000_000)
    rendered = {cid: render_contact(fake.store, cid) for cid in fake.store.contacts}
    fake.app.middlewares.append(cached_contacts(rendered, args.search_lag))
    async with fake:
        line = {"url": fake.url, "token": fake.token, "ids": list(fake.store.contacts)}
        sys.stdout.write(orjson.dumps(line).decode() + "\n")
        sys.stdout.flush()
        loop = asyncio.get_running_loop()
        while command := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            if command == "stats":
                stats = {"requests": len(fake.requests), "rejected": fake.throttle.rejected}
                sys.stdout.write(orjson.dumps(stats).decode() + "\n")
                sys.stdout.flush()
            elif command == "reset":
                fake.requests.clear()
                fake.throttle.rejected = 0
                if fake.throttle.limit is not None:
                    fake.throttle.limit.restart()
                sys.stdout.write('{"reset": true}\n')
                sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--rate-limit", type=int, default=None)
    parser.add_argument("--rate-window", type=float, default=10.0)
    parser.add_argument("--announced-limit", type=int, default=None)
    parser.add_argument("--search-lag", type=float, default=0.0)
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
