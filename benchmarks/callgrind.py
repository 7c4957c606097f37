"""Instructions per contact lookup, counted by callgrind: raw aiohttp + orjson against ours.

`nox -s bench -- --instructions` (or `python benchmarks/callgrind.py`) runs this. The fake
Intercom (benchmarks/fake_server.py) serves pre-rendered contacts over loopback from its
own process; only the client process runs under `valgrind --tool=callgrind`. Each client
is run twice, with a small and a large number of lookups, and the difference divided by
the difference in lookups: start-up, imports and the first connections cancel out.
Instruction counts do not move with the machine's load, unlike time.

Clients, each doing `--concurrency` lookups at a time (1: one after the other):

- `raw`: aiohttp + orjson, one `GET /contacts/{id}` and `orjson.loads` of the body.
- `ours`: `await client.contacts.get(id)`, a typed `Contact` per lookup.
- `ours-unstructured`: the same call with structuring replaced by handing back the
  decoded payload, so the transport and client part is judged on its own.
- `raw + bare build`: `raw`, then the cheapest build of each payload into the same model
  classes (`bare_builder`): no checks at all, only the slot stores, the timestamps made
  datetimes, the nested objects built the same bare way and lists of objects left
  unbuilt. No client handing back typed models costs less, whatever its transport.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fake_server import Server

HERE = Path(__file__).resolve().parent
DOC = HERE.parent / "docs" / "performance.md"
START, END = "<!-- instructions:start -->", "<!-- instructions:end -->"
CLIENTS = ("raw", "ours", "ours-unstructured", "raw + bare build")
_TOTAL = re.compile(r"^(?:summary|totals):\s*(\d+)", re.MULTILINE)


async def _raw(
    url: str,
    token: str,
    ids: list[str],
    concurrency: int,
    build: Callable[[Any], Any] | None = None,
) -> list[Any]:
    import aiohttp
    import orjson

    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    async with aiohttp.ClientSession(headers=headers) as session:

        async def one(contact_id: str) -> Any:
            async with session.get(f"{url}/contacts/{contact_id}") as response:
                body = await response.read()
                assert response.status == 200
                payload = orjson.loads(body)
                return payload if build is None else build(payload)

        return await _run_all(one, ids, concurrency)


async def _ours(
    url: str, token: str, ids: list[str], concurrency: int, *, structured: bool
) -> list[Any]:
    import intercom_async
    from intercom_async import _client

    if not structured:
        _client.structure = lambda payload, *_, **__: payload  # type: ignore[assignment]
    async with intercom_async.Client(
        token=token, base_url=url, max_concurrency=concurrency
    ) as client:
        return await _run_all(client.contacts.get, ids, concurrency)


async def _run_all(
    one: Callable[[str], Awaitable[Any]], ids: list[str], concurrency: int
) -> list[Any]:
    """Every lookup, `concurrency` workers each awaiting one at a time; results are kept
    (as a caller would) until all are done."""
    pending = iter(ids)
    results: list[Any] = []

    async def work() -> None:
        for contact_id in pending:
            results.append(await one(contact_id))

    if concurrency == 1:
        await work()
    else:
        await asyncio.gather(*(work() for _ in range(concurrency)))
    return results


def bare_builder(cls: type[Any]) -> Callable[[Any], Any]:
    """`cls` built from a decoded payload with nothing but what any typed build must do:
    look up each field's key, convert timestamps and nested objects, store the slots.

    Lists of objects are left as their JSON (ours builds a list's stubs when it is first
    read). No type checks, no defaults for absent keys (the payload must have them all), no
    unknown keys kept, the private slots set to their defaults (no client bound): a
    lower bound, not a usable structurer.
    """
    from datetime import datetime, timezone

    import attrs

    from intercom_async._engine import _optional_inner, is_model, mutable_twin, wire_fields

    types = {field.name: field.type for field in attrs.fields(attrs.resolve_types(cls))}
    namespace: dict[str, Any] = {"_new": object.__new__, "_twin": mutable_twin(cls), "_cls": cls}
    namespace.update(_at=datetime.fromtimestamp, _utc=timezone.utc)
    wired = dict(wire_fields(cls))
    lines = ["def build(data):", "  o = _new(_twin)"]
    for index, (name, key) in enumerate(wired.items()):
        tp = _optional_inner(types[name]) or types[name]
        if tp is datetime:
            value = f"_at(v, _utc) if (v := data[{key!r}]) is not None else None"
        elif is_model(tp):
            namespace[f"b{index}"] = bare_builder(tp)
            value = f"b{index}(v) if (v := data[{key!r}]) is not None else None"
        else:  # a list of objects too: kept unbuilt, as a list that waits until read
            value = f"data[{key!r}]"
        lines.append(f"  o.{name} = {value}")
    for field in attrs.fields(cls):  # the private slots (client, absent keys): their defaults
        if field.name not in wired:
            default, made = field.default, f"d_{field.name}"
            if isinstance(default, attrs.Factory) and default.takes_self:  # type: ignore[arg-type]
                namespace[made], made = default.factory, f"{made}(o)"  # derived (`owner`)
            elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                namespace[made] = default.factory()
            else:
                namespace[made] = default
            lines.append(f"  o.{field.name} = {made}")
    lines += ["  o.__class__ = _cls", "  return o"]
    exec("\n".join(lines), namespace)  # noqa: S102  (built from the model's own fields)
    build: Callable[[Any], Any] = namespace["build"]
    return build


def worker(client: str, url: str, token: str, ids: list[str], concurrency: int) -> None:
    """One client's lookups in this process (the one under callgrind)."""
    if client == "raw":
        lookups = _raw(url, token, ids, concurrency)
    elif client == "raw + bare build":
        from intercom_async.models import Contact

        lookups = _raw(url, token, ids, concurrency, build=bare_builder(Contact))
    else:
        lookups = _ours(url, token, ids, concurrency, structured=client == "ours")
    assert len(asyncio.run(lookups)) == len(ids)


def count(client: str, lookups: int, server: Server, concurrency: int) -> int:
    """Instructions the client process ran for `lookups` lookups."""
    ids = server.ids[:lookups]
    assert len(ids) == lookups, "the fake has fewer contacts than lookups"
    with tempfile.TemporaryDirectory() as tmp:
        ids_file = Path(tmp, "ids.json")
        ids_file.write_text(json.dumps(ids))
        out = Path(tmp, "callgrind.out")
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            "--dump-instr=no",
            sys.executable,
            __file__,
            "--worker",
            client,
            server.url,
            server.token,
            str(ids_file),
            str(concurrency),
        ]
        env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same dict layouts every run
        subprocess.run(command, check=True, capture_output=True, env=env)  # noqa: S603
        found = _TOTAL.search(out.read_text())
    assert found is not None, "no total in the callgrind output"
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=100, help="lookups of the short run")
    parser.add_argument("--large", type=int, default=1100, help="lookups of the long run")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[1, 64], help="lookups at a time"
    )
    parser.add_argument("--write", action="store_true", help="update docs/performance.md")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        client, url, token, ids_file, concurrency = args.worker
        worker(client, url, token, json.loads(Path(ids_file).read_text()), int(concurrency))
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt-get install valgrind")
    table = instruction_table(args.small, args.large, args.concurrency)
    print(table)
    if args.write:
        write_doc(table, args.small, args.large)


def write_doc(table: str, small: int, large: int) -> None:
    """Put `table`, dated, between the instruction markers of docs/performance.md."""
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    machine = f"{platform.python_implementation()} {platform.python_version()}"
    note = f"Counted {stamp} on {machine}, {large} - {small} lookups."
    text = DOC.read_text()
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    DOC.write_text(f"{before}{START}\n{table}\n\n{note}\n{END}{after}")


def instruction_table(small: int, large: int, concurrencies: list[int]) -> str:
    """A markdown table of instructions per lookup, one row per client and concurrency."""
    from fake_server import Server  # not in the worker, which runs under valgrind

    server = Server(contacts=large)
    lines = [
        "| lookups at a time | client | instructions / lookup | vs raw |",
        "|---|---|---|---|",
    ]
    try:
        for concurrency in concurrencies:
            per_lookup: dict[str, float] = {}
            for client in CLIENTS:
                low = count(client, small, server, concurrency)
                high = count(client, large, server, concurrency)
                per_lookup[client] = (high - low) / (large - small)
                ratio = per_lookup[client] / per_lookup["raw"]
                lines.append(
                    f"| {concurrency} | {client} | {per_lookup[client] / 1000:,.0f}k "
                    f"| {ratio:.2f}x |"
                )
                print(lines[-1], file=sys.stderr, flush=True)
    finally:
        server.close()
    return "\n".join(lines)


if __name__ == "__main__":
    main()
