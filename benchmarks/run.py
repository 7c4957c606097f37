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
import math
import os
import platform
import statistics
import time
import timeit
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import aiohttp
import decoding
import orjson
from fake_server import Server

import intercom_async
from intercom_async._client import DEFAULT_MAX_CONCURRENCY
from intercom_async._converter import structure
from intercom_async.models import Contact

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
MODELS_START, MODELS_END = "<!-- bench-models:start -->", "<!-- bench-models:end -->"
CONCURRENCY = DEFAULT_MAX_CONCURRENCY
"""Every client runs at our default, so the comparison is at equal concurrency."""

try:
    import httpx
    from intercom import AsyncIntercom

    HAVE_PYTHON_INTERCOM = True
except ImportError:  # installed only in the bench session
    HAVE_PYTHON_INTERCOM = False


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
    async with intercom_async.Client(token=token, base_url=url) as client:  # defaults
        results = await client.contacts.get_many(ids, strategy="get", return_exceptions=True)
    return sum(1 for r in results if not isinstance(r, Contact))


async def ours_auto(url: str, token: str, ids: list[str]) -> int:
    """intercom_async get_many as users call it: contact search batches of 150."""
    async with intercom_async.Client(token=token, base_url=url) as client:
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


def measure(server: Server, lookup: Lookup, ids: list[str], start: float | None = None) -> Run:
    """One run on a freshly reset fake; `start` (epoch) is when its elapsed time begins."""
    server.command("reset")
    started, cpu = time.perf_counter(), time.process_time()
    if start is not None:
        started -= time.time() - start
    failures = asyncio.run(lookup(server.url, server.token, ids))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    stats = server.command("stats")
    return Run(len(ids), stats["requests"], elapsed, cpu, failures, stats["rejected"])


RAW, OURS, OFFICIAL = "raw aiohttp + orjson", "intercom_async get_many", "python-intercom"
CLIENTS: list[tuple[str, Lookup]] = [(RAW, raw_aiohttp), (OURS, ours)]
if HAVE_PYTHON_INTERCOM:
    CLIENTS.append((OFFICIAL, python_intercom))
OFFICIAL_SHARE = 4
"""python-intercom looks up a quarter of the ids (it is ~20x slower); rates are compared."""


@dataclass
class Ratios:
    """One ratio per round: its median and range."""

    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def shown(self) -> str:
        return f"{self.median:.2f}x ({min(self.values):.2f}-{max(self.values):.2f})"


def throughput(latency: float, count: int, rounds: int) -> tuple[dict[str, Run], dict[str, Ratios]]:
    """Median runs per client and per-round ratios, the client order rotated each round."""
    server = Server(contacts=count, latency=latency)
    try:
        for _, lookup in CLIENTS:  # warm up connections, imports and caches
            measure(server, lookup, server.ids[:100])
        runs: dict[str, list[Run]] = {name: [] for name, _ in CLIENTS}
        for round_ in range(rounds):
            order = CLIENTS[round_ % len(CLIENTS) :] + CLIENTS[: round_ % len(CLIENTS)]
            for name, lookup in order:
                ids = server.ids[: count // OFFICIAL_SHARE] if name == OFFICIAL else server.ids
                runs[name].append(measure(server, lookup, ids))
        ratios = {
            "rate vs raw": Ratios(
                [o.rate / r.rate for o, r in zip(runs[OURS], runs[RAW], strict=True)]
            ),
            "CPU per lookup vs raw": Ratios(
                [o.cpu_per_1k / r.cpu_per_1k for o, r in zip(runs[OURS], runs[RAW], strict=True)]
            ),
        }
        if OFFICIAL in runs:
            ratios["rate vs python-intercom"] = Ratios(
                [o.rate / p.rate for o, p in zip(runs[OURS], runs[OFFICIAL], strict=True)]
            )
        medians = {name: median_run(r) for name, r in runs.items()}
        medians["intercom_async get_many (auto: search)"] = measure(server, ours_auto, server.ids)
        return medians, ratios
    finally:
        server.close()


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


@dataclass
class Limited:
    """A rate-limited run against the burst minimum for the requests it needed."""

    name: str
    run: Run
    minimum: float

    @property
    def ratio(self) -> float:
        return self.run.elapsed / self.minimum

    @property
    def share_429(self) -> float:
        return self.run.rejected / max(1, self.run.requests)


def rate_limited(
    label: str, limit: int, window: float, announced: int, count: int, search_lag: float
) -> list[Limited]:
    """Runs that each start at a window's start; the minimum is (windows needed - 1) x window.

    Windows needed counts the requests answered without a 429, so a strategy that
    needs fewer requests (a search per 150 ids) is held to its own smaller minimum.
    """
    server = Server(
        contacts=count,
        rate_limit=limit,
        rate_window=window,
        announced_limit=announced,
        search_lag=search_lag,
    )
    lookups: list[tuple[str, Lookup]] = [(OURS, ours), (f"{OURS} (auto, lagging index)", ours_auto)]
    if label == "public":
        lookups.append(("intercom_async, 2 clients on one limit", two_clients))
    try:
        results = []
        for name, lookup in lookups:
            server.command("reset")
            start = time.time() + window - time.time() % window  # the next window's start
            time.sleep(start - time.time())
            run = measure(server, lookup, server.ids, start=start)
            windows = math.ceil((run.requests - run.rejected) / limit)
            results.append(Limited(name, run, max(window, (windows - 1) * window)))
        return results
    finally:
        server.close()


RATE_SCENARIOS = [
    # Intercom's published limits, a 10 s window scaled down in time.
    ("public", "1,000/min (166 per 10 s) as 166 per 1 s", 166, 1.0, 1000),
    ("private", "10,000/min (1,666 per 10 s) as 1,666 per 2 s", 1666, 2.0, 10000),
]


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


def models_report(args: argparse.Namespace) -> list[str]:
    """The models table: decode ratios, memory per contact, GC in a bulk job."""
    lines = ["| payload | figure | median (range) | wanted | met |", "|---|---|---|---|---|"]

    def add(label: str, what: str, values: list[float], wanted: float | None) -> None:
        ratios = Ratios(values)
        shown = f"{ratios.shown()}" if "µs" not in what else f"{ratios.median:.1f}"
        met = "" if wanted is None else ("yes" if ratios.median <= wanted else "**no**")
        goal = "" if wanted is None else f"<= {wanted}x"
        lines.append(f"| {label} | {what} | {shown} | {goal} | {met} |")

    for label, figures in decoding.decode_ratios(args.model_rounds).items():
        for what, values in figures.items():
            add(label, what, values, 2.0 if what == "decode + read all: ours / msgspec" else None)
    for label, held in decoding.memory(args.memory_objects).items():
        for kind, size in held.items():
            lines.append(f"| {label} | bytes held per contact, {kind} | {size:,.0f} |  |  |")
        if "msgspec Struct" in held:
            worst = max(held["ours, decoded"], held["ours, every field read"])
            ratio = worst / held["msgspec Struct"]
            met = "yes" if ratio <= 1.25 else "**no**"
            lines.append(
                f"| {label} | memory: ours (the larger) / msgspec | {ratio:.2f}x "
                f"| <= 1.25x | {met} |"
            )
    server = Server(contacts=args.gc_ids)
    try:
        ids = server.ids

        def bulk() -> float:
            server.command("reset")
            return decoding.cpu_of(lambda: asyncio.run(ours_auto(server.url, server.token, ids)))

        bulk()  # warm up
        add(
            f"{len(ids):,} ids",
            "get_many (auto) CPU, GC on / GC off",
            decoding.gc_cost(bulk, args.gc_rounds),
            1.15,
        )
    finally:
        server.close()
    lines += [
        "",
        f"Models: {args.model_rounds} rounds per payload, the works' order rotated each round "
        f"(2,000 calls per work per round); memory from tracemalloc over {args.memory_objects:,} "
        f"live objects; GC: {args.gc_rounds} rounds of get_many over {args.gc_ids:,} ids "
        "against the fake in its own process, the client's process_time(), on/off order "
        f"alternated. msgspec {'installed' if decoding.HAVE_MSGSPEC else 'not installed'}.",
    ]
    return lines


def report(args: argparse.Namespace) -> str:
    """The bulk lookup table (skipped with `--models-only`)."""
    rows: list[list[str]] = []
    checks: list[tuple[str, str, str, bool]] = []
    for latency in (0.0, 0.02):
        runs, ratios = throughput(latency, args.count, args.rounds)
        scenario = f"{latency * 1000:.0f} ms latency"
        for name, run in runs.items():
            rows.append(
                [
                    scenario,
                    name,
                    fmt(run.lookup_rate),
                    fmt(run.rate),
                    fmt(run.cpu_per_1k, 1),
                    "",
                    "",
                    str(run.rejected),
                    str(run.failures),
                ]
            )
        vs_raw = ratios["rate vs raw"]
        wanted = 0.9 if latency == 0 else 0.95
        checks.append(
            (
                f"get_many vs raw, req/s, {scenario}",
                vs_raw.shown(),
                f">= {wanted}x",
                vs_raw.median >= wanted,
            )
        )
        cpu = ratios["CPU per lookup vs raw"]
        checks.append((f"client CPU per lookup vs raw, {scenario}", cpu.shown(), "info", True))
        if latency == 0 and "rate vs python-intercom" in ratios:
            official = ratios["rate vs python-intercom"]
            checks.append(
                (
                    "get_many vs python-intercom, req/s, 0 ms",
                    official.shown(),
                    ">= 15x",
                    official.median >= 15,
                )
            )
    for label, title, limit, window, announced in RATE_SCENARIOS:
        count = 2 * limit + limit // 3  # three windows, the last a third full
        for limited in rate_limited(label, limit, window, announced, count, args.search_lag):
            run = limited.run
            rows.append(
                [
                    f"{label} limit, {title}",
                    limited.name,
                    fmt(run.lookup_rate),
                    fmt(run.rate),
                    fmt(run.cpu_per_1k, 1),
                    f"{run.elapsed:.2f} s",
                    f"{limited.ratio:.3f}x",
                    str(run.rejected),
                    str(run.failures),
                ]
            )
            two = "2 clients" in limited.name
            bound, share = (1.1, 0.02) if two else (1.05, 0.01)
            what = f"{label} limit, {limited.name}"
            checks.append(
                (
                    f"{what}: elapsed / burst minimum",
                    f"{limited.ratio:.3f}x",
                    f"<= {bound}x",
                    limited.ratio <= bound,
                )
            )
            checks.append((f"{what}: lost lookups", str(run.failures), "0", run.failures == 0))
            checks.append(
                (
                    f"{what}: requests answered 429",
                    f"{limited.share_429:.1%}",
                    f"< {share:.0%}",
                    limited.share_429 < share,
                )
            )
    micro = structuring()
    for name, micros in micro.items():
        rows.append(["structure one contact", name, "", "", fmt(micros, 1), "", "", "", ""])
    header = [
        "scenario",
        "client",
        "lookups/s",
        "requests/s",
        "client CPU ms / 1k lookups (µs / contact)",
        "elapsed",
        "elapsed / burst minimum",
        "429s",
        "lost",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines += ["", "| target | measured: median (range) | wanted | met |", "|---|---|---|---|"]
    for what, shown, wanted, met in checks:
        lines.append(f"| {what} | {shown} | {wanted} | {'yes' if met else '**no**'} |")
    machine = (
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores"
    )
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines += [
        "",
        f"Measured {stamp} on {machine}: {args.rounds} rounds of {args.count} lookups per "
        f"throughput scenario (python-intercom a quarter of them), client order rotated each "
        f"round, concurrency {CONCURRENCY} for every client; ratios are per round. Rate-limited "
        f"runs: one each, from a window's start, the default strategy's search index missing "
        f"{args.search_lag:.0%} of the contacts.",
    ]
    return "\n".join(lines)


def write_doc(table: str, start: str = START, end: str = END) -> None:
    text = DOC.read_text()
    before, _, rest = text.partition(start)
    _, _, after = rest.partition(end)
    DOC.write_text(f"{before}{start}\n{table}\n{end}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=2000, help="lookups per throughput run")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--search-lag", type=float, default=0.5, help="share the index misses")
    parser.add_argument("--model-rounds", type=int, default=7, help="rounds per model payload")
    parser.add_argument("--memory-objects", type=int, default=10_000)
    parser.add_argument("--gc-ids", type=int, default=100_000, help="ids of the GC run")
    parser.add_argument("--gc-rounds", type=int, default=3)
    parser.add_argument("--models-only", action="store_true", help="only the models section")
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    args = parser.parse_args()
    if not args.models_only:
        table = report(args)
        print(table)
        if args.write:
            write_doc(table)
    models = "\n".join(models_report(args))
    print(models)
    if args.write:
        write_doc(models, MODELS_START, MODELS_END)


if __name__ == "__main__":
    main()
