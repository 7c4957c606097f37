"""Bulk contact lookups: intercom_async against raw aiohttp + orjson and python-intercom.

`nox -s bench` runs this. The fake Intercom runs in a separate process
(benchmarks/fake_server.py); this process is the client, so `time.process_time()`
is the client's CPU alone. Every number is measured in this one run; the targets
are ratios between rows, never absolute timings. Prints one table and, with
`--write`, puts it into docs/performance.md between the bench markers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp
import orjson

import intercom_async
from intercom_async._converter import structure
from intercom_async.models import Contact

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
CONCURRENCY = 16

try:
    import httpx
    from intercom import AsyncIntercom

    HAVE_PYTHON_INTERCOM = True
except ImportError:  # installed only in the bench session
    HAVE_PYTHON_INTERCOM = False


class Server:
    """benchmarks/fake_server.py in a child process."""

    def __init__(self, **options: Any) -> None:
        args = [sys.executable, str(HERE / "fake_server.py")]
        for name, value in options.items():
            if value is not None:
                args += [f"--{name.replace('_', '-')}", str(value)]
        self.process = subprocess.Popen(  # noqa: S603  (our own script, fixed arguments)
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        hello = json.loads(self.process.stdout.readline())
        self.url, self.token, self.ids = hello["url"], hello["token"], hello["ids"]

    def command(self, line: str) -> dict[str, int] | None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline()) if line == "stats" else None

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


@dataclass
class Run:
    lookups: int
    requests: int
    elapsed: float
    cpu: float
    failures: int
    rejected: int

    @property
    def rate(self) -> float:
        return self.requests / self.elapsed

    @property
    def lookup_rate(self) -> float:
        return self.lookups / self.elapsed

    @property
    def cpu_per_1k(self) -> float:
        return self.cpu / self.lookups * 1000 * 1000


Lookup = Callable[[str, str, list[str]], Awaitable[int]]


async def raw_aiohttp(url: str, token: str, ids: list[str]) -> int:
    """The floor: aiohttp + orjson, a semaphore, no models, no retries.

    Like every client here it keeps what it looked up (a bulk lookup returns its
    results), so all of them pay for holding the objects alive.
    """
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    gate = asyncio.Semaphore(CONCURRENCY)
    failures = 0
    async with aiohttp.ClientSession(
        headers=headers, connector=aiohttp.TCPConnector(limit=CONCURRENCY)
    ) as session:

        async def one(contact_id: str) -> Any:
            nonlocal failures
            async with gate, session.get(f"{url}/contacts/{contact_id}") as response:
                body = await response.read()
                if response.status != 200:
                    failures += 1
                    return None
                return orjson.loads(body)

        found = await asyncio.gather(*(one(i) for i in ids))
    assert len(found) == len(ids)
    return failures


async def ours(url: str, token: str, ids: list[str]) -> int:
    """intercom_async get_many with one GET per id (the same requests as the floor)."""
    async with intercom_async.Client(
        token=token, base_url=url, max_concurrency=CONCURRENCY
    ) as client:
        results = await client.contacts.get_many(ids, strategy="get", return_exceptions=True)
    return sum(1 for r in results if not isinstance(r, Contact))


async def ours_auto(url: str, token: str, ids: list[str]) -> int:
    """intercom_async get_many as users call it: contact search batches of 150."""
    async with intercom_async.Client(
        token=token, base_url=url, max_concurrency=CONCURRENCY
    ) as client:
        results = await client.contacts.get_many(ids, return_exceptions=True)
    return sum(1 for r in results if not isinstance(r, Contact))


async def two_clients(url: str, token: str, ids: list[str]) -> int:
    """Two intercom_async clients splitting the ids, spending one shared budget."""
    middle = len(ids) // 2
    failures = await asyncio.gather(ours(url, token, ids[:middle]), ours(url, token, ids[middle:]))
    return sum(failures)


async def python_intercom(url: str, token: str, ids: list[str]) -> int:
    """The official SDK: AsyncIntercom.contacts.find under gather with a semaphore."""
    gate = asyncio.Semaphore(CONCURRENCY)
    failures = 0
    limits = httpx.Limits(max_connections=CONCURRENCY)
    async with httpx.AsyncClient(timeout=60, limits=limits) as http:
        client = AsyncIntercom(token=token, base_url=url, httpx_client=http)

        async def one(contact_id: str) -> Any:
            nonlocal failures
            async with gate:
                try:
                    return await client.contacts.find(contact_id=contact_id)
                except Exception:
                    failures += 1
                    return None

        found = await asyncio.gather(*(one(i) for i in ids))
    assert len(found) == len(ids)
    return failures


def measure(server: Server, lookup: Lookup, ids: list[str]) -> Run:
    server.command("reset")
    started, cpu = time.perf_counter(), time.process_time()
    failures = asyncio.run(lookup(server.url, server.token, ids))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    stats = server.command("stats")
    assert stats is not None
    return Run(len(ids), stats["requests"], elapsed, cpu, failures, stats["rejected"])


CLIENTS: list[tuple[str, Lookup]] = [
    ("raw aiohttp + orjson", raw_aiohttp),
    ("intercom_async get_many", ours),
]
if HAVE_PYTHON_INTERCOM:
    CLIENTS.append(("python-intercom", python_intercom))


def median_run(runs: list[Run]) -> Run:
    runs = sorted(runs, key=lambda run: run.rate)
    middle = runs[len(runs) // 2]
    return Run(
        middle.lookups,
        middle.requests,
        middle.elapsed,
        statistics.median(r.cpu for r in runs),
        max(r.failures for r in runs),
        max(r.rejected for r in runs),
    )


def throughput(latency: float, count: int, rounds: int) -> dict[str, Run]:
    server = Server(contacts=count, latency=latency)
    try:
        for _, lookup in CLIENTS:  # warm up connections, imports and caches
            measure(server, lookup, server.ids[:100])
        runs: dict[str, list[Run]] = {name: [] for name, _ in CLIENTS}
        for _ in range(rounds):  # interleaved, so machine noise hits every client alike
            for name, lookup in CLIENTS:
                runs[name].append(measure(server, lookup, server.ids))
        medians = {name: median_run(r) for name, r in runs.items()}
        medians["intercom_async get_many (auto: search)"] = measure(server, ours_auto, server.ids)
        return medians
    finally:
        server.close()


def rate_limited(limit: int, window: float, count: int) -> dict[str, Run]:
    server = Server(contacts=count, rate_limit=limit, rate_window=window)
    try:
        results = {}
        for name, lookup in [*CLIENTS, ("intercom_async, 2 clients on one limit", two_clients)]:
            time.sleep(window - time.time() % window + 0.05)  # start each at a fresh window
            results[name] = measure(server, lookup, server.ids)
        return results
    finally:
        server.close()


def structuring(repeat: int = 2000) -> dict[str, float]:
    """Microseconds per contact, on the fake's contact payloads."""
    from intercom_async.testing._fake_data import generate_workspace, render_contact

    store = generate_workspace(11, 50)
    bodies = [orjson.dumps(render_contact(store, cid)) for cid in store.contacts]
    payloads = [orjson.loads(body) for body in bodies]
    number = max(1, repeat // len(bodies))
    works: dict[str, tuple[Callable[[], object], int]] = {
        "orjson.loads": (lambda: [orjson.loads(b) for b in bodies], number),
        "intercom_async structure": (
            lambda: [structure(p, Contact, None) for p in payloads],
            number,
        ),
    }
    if HAVE_PYTHON_INTERCOM:
        from intercom.contacts.types import ContactsFindResponse
        from intercom.core.unchecked_base_model import construct_type

        works["python-intercom construct_type"] = (
            lambda: [construct_type(type_=ContactsFindResponse, object_=p) for p in payloads],
            1,  # about a millisecond a contact
        )
    # Interleaved and the best of each kept, so a busy moment does not favour one side.
    best = dict.fromkeys(works, float("inf"))
    for _ in range(9):
        for name, (work, times) in works.items():
            best[name] = min(best[name], timeit.timeit(work, number=times) / times)
    return {name: seconds / len(bodies) * 1e6 for name, seconds in best.items()}


def fmt(value: float | None, digits: int = 0) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def report(args: argparse.Namespace) -> str:
    rows: list[list[str]] = []
    checks: list[tuple[str, float, str, bool]] = []
    for latency in (0.0, 0.02):
        runs = throughput(latency, args.count, args.rounds)
        for name, run in runs.items():
            rows.append(
                [
                    f"{latency * 1000:.0f} ms latency",
                    name,
                    fmt(run.lookup_rate),
                    fmt(run.rate),
                    fmt(run.cpu_per_1k, 1),
                    "",
                    str(run.rejected),
                    str(run.failures),
                    "",
                ]
            )
        if latency == 0.0:
            ours_run, raw_run = runs["intercom_async get_many"], runs["raw aiohttp + orjson"]
            ratio = ours_run.rate / raw_run.rate
            checks.append(
                ("get_many vs raw aiohttp+orjson (req/s, 0 ms)", ratio, ">= 0.8x", ratio >= 0.8)
            )
            cpu_ratio = ours_run.cpu_per_1k / raw_run.cpu_per_1k
            checks.append(("client CPU per request vs raw (0 ms, info)", cpu_ratio, "info", True))
            if "python-intercom" in runs:
                ratio = ours_run.rate / runs["python-intercom"].rate
                checks.append(
                    ("get_many vs python-intercom (req/s, 0 ms)", ratio, ">= 2x", ratio >= 2)
                )
    limit, window = args.rate_limit, args.rate_window
    count = limit * 3
    minimum = count * window / limit
    for name, run in rate_limited(limit, window, count).items():
        rows.append(
            [
                f"rate limit {limit}/{window:g} s",
                name,
                fmt(run.lookup_rate),
                fmt(run.rate),
                fmt(run.cpu_per_1k, 1),
                f"{run.elapsed:.1f} s / {minimum:.1f} s = {run.elapsed / minimum:.2f}x",
                str(run.rejected),
                str(run.failures),
                "",
            ]
        )
        if name == "intercom_async get_many":
            share = run.rejected / max(1, run.requests)
            ratio = run.elapsed / minimum
            checks.append(
                ("rate-limited elapsed vs theoretical minimum", ratio, "<= 1.1x", ratio <= 1.1)
            )
            checks.append(("rate-limited failed lookups", run.failures, "0", run.failures == 0))
            checks.append(("rate-limited share of 429s", share * 100, "< 2 %", share < 0.02))
    micro = structuring()
    for name, micros in micro.items():
        rows.append(["structure one contact", name, "", "", "", "", "", "", fmt(micros, 1)])
    ratio = micro["intercom_async structure"] / micro["orjson.loads"]
    checks.append(("structure a contact vs orjson.loads", ratio, "<= 4x", ratio <= 4))
    if "python-intercom construct_type" in micro:
        ratio = micro["python-intercom construct_type"] / micro["intercom_async structure"]
        checks.append(("python-intercom model parsing vs ours (info)", ratio, "info", True))

    header = [
        "scenario",
        "client",
        "lookups/s",
        "requests/s",
        "client CPU ms / 1k lookups",
        "elapsed / minimum",
        "429s",
        "failed",
        "µs / contact",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines += ["", "| target | measured | wanted | met |", "|---|---|---|---|"]
    for what, value, wanted, met in checks:
        shown = f"{value:.2f}" + ("" if wanted in ("0", "< 2 %") else "x")
        lines.append(f"| {what} | {shown} | {wanted} | {'yes' if met else '**no**'} |")
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    )
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines += [
        "",
        f"Measured {stamp} on {machine}; {args.count} lookups per throughput run, "
        f"median of {args.rounds} interleaved rounds, concurrency {CONCURRENCY}.",
    ]
    return "\n".join(lines)


def write_doc(table: str) -> None:
    text = DOC.read_text()
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    DOC.write_text(f"{before}{START}\n{table}\n{END}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000, help="lookups per throughput run")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--rate-limit", type=int, default=200)
    parser.add_argument("--rate-window", type=float, default=5.0)
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    table = report(args)
    print(table)
    if args.write:
        write_doc(table)


if __name__ == "__main__":
    main()
