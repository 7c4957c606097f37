"""`python -m intercom_async` in real processes, against a FakeIntercom over loopback."""

from __future__ import annotations

import asyncio
import csv
import fcntl
import os
import pty
import re
import signal
import socket
import struct
import sys
import termios
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import attrs
import orjson
import pytest
import pytest_asyncio

import intercom_async
from intercom_async._converter import structure
from intercom_async.models import Contact
from intercom_async.testing import FakeIntercom
from intercom_async.testing._fake_data import render_contact

from . import helpers

HANG_GUARD = 120  # seconds; a stuck child fails the test instead of hanging the suite
SECRET = "tok-s3cret-never-printed"


@attrs.frozen
class Run:
    code: int
    out: str
    err: str


async def run_cli(
    *args: str,
    cwd: Path,
    token: str | None = None,
    stderr: int | None = None,
    extra_env: dict[str, str] | None = None,
) -> Run:
    """Run the command line in a child process and collect what it printed."""
    env = {key: value for key, value in os.environ.items() if key != "INTERCOM_TOKEN"}
    env.update(extra_env or {})
    if token is not None:
        env["INTERCOM_TOKEN"] = token
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "intercom_async",
        *args,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE if stderr is None else stderr,
    )
    out, err = await asyncio.wait_for(process.communicate(), HANG_GUARD)
    assert process.returncode is not None
    return Run(process.returncode, out.decode(), (err or b"").decode())


def store_contacts(fake: FakeIntercom) -> list[dict[str, Any]]:
    return [render_contact(fake.store, contact_id) for contact_id in fake.store.contacts]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines()]


async def test_get_prints_the_contact_as_json(fake: FakeIntercom, tmp_path: Path) -> None:
    contact_id = list(fake.store.contacts)[3]
    run = await run_cli(
        "contacts", "get", contact_id, "--base-url", fake.url, cwd=tmp_path, token=fake.token
    )
    assert run.code == 0, run.err
    assert orjson.loads(run.out) == render_contact(fake.store, contact_id)
    assert run.err == ""


async def test_unknown_contact_exits_1_with_the_api_message(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    run = await run_cli(
        "contacts", "get", "no-such-id", "--base-url", fake.url, cwd=tmp_path, token=fake.token
    )
    assert run.code == 1
    assert run.out == ""
    assert run.err.startswith(
        f"intercom-async: error: GET {fake.url}/contacts/no-such-id -> 404: not_found"
    )
    assert "Traceback" not in run.err


async def test_a_bad_token_is_reported_but_never_printed(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    contact_id = next(iter(fake.store.contacts))
    by_option = await run_cli(
        "contacts", "get", contact_id, "--token", SECRET, "--base-url", fake.url, cwd=tmp_path
    )
    by_env = await run_cli(
        "contacts", "get", contact_id, "--base-url", fake.url, cwd=tmp_path, token=SECRET
    )
    option_wins = await run_cli(
        "contacts", "get", contact_id, "--token", SECRET, "--base-url", fake.url,
        cwd=tmp_path, token=fake.token,
    )  # fmt: skip
    for run in (by_option, by_env, option_wins):
        assert run.code == 1
        assert "401: unauthorized" in run.err
        assert "check --token or INTERCOM_TOKEN" in run.err
        assert SECRET not in run.out + run.err


async def test_connection_refused_exits_1_without_traceback(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}"
    run = await run_cli("contacts", "get", "1", "--base-url", url, cwd=tmp_path, token=SECRET)
    assert run.code == 1
    assert f"GET {url}/contacts/1: ClientConnectorError" in run.err
    assert "Traceback" not in run.err
    assert SECRET not in run.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "the following arguments are required: COMMAND"),
        (("contacts",), "the following arguments are required: ACTION"),
        (("contacts", "get", "1"), "no access token: pass --token or set INTERCOM_TOKEN"),
        (("contacts", "get", "1", "--token", SECRET, "--region", "mars"), "invalid choice: 'mars'"),
        (("contacts", "get", "1", "--token", SECRET, "--base-url", "ftp://x"), "absolute http(s)"),
        (("contacts", "export", "--token", SECRET), "the following arguments are required: --out"),
        (("contacts", "export", "--token", SECRET, "--out", "x.txt"), ".jsonl or .csv"),
        (("contacts", "export", "--out", "x.csv", "--search", "{nope"), "not valid JSON"),
        (("contacts", "export", "--out", "x.csv", "--search", "[1]"), "a query object"),
        (("contacts", "export", "--out", "x.csv", "--per-page", "0"), "between 1 and 150"),
        (
            (
                "contacts",
                "export",
                "--out",
                "x.csv",
                "--search",
                '{"field": "email", "operator": "~~", "value": "x"}',
            ),
            "unknown operator '~~' for 'email'",
        ),
        (("demo", "--contacts", "-1"), "--contacts: must be 1 or more, got -1"),
        (("demo", "--contacts", "0"), "--contacts: must be 1 or more, got 0"),
        (("fake-server", "--contacts", "-5"), "--contacts: must be 1 or more, got -5"),
    ],
)
async def test_usage_errors_exit_2(args: tuple[str, ...], message: str, tmp_path: Path) -> None:
    run = await run_cli(*args, cwd=tmp_path)
    assert run.code == 2
    assert message in run.err
    assert SECRET not in run.err
    assert "Traceback" not in run.err
    assert os.listdir(tmp_path) == []


async def test_export_jsonl_is_the_whole_store(fake: FakeIntercom, tmp_path: Path) -> None:
    out = tmp_path / "contacts.jsonl"
    run = await run_cli(
        "contacts", "export", "--out", str(out), "--per-page", "7", "--base-url", fake.url,
        cwd=tmp_path, token=fake.token,
    )  # fmt: skip
    assert run.code == 0, run.err
    assert read_jsonl(out) == store_contacts(fake)
    assert run.err == f"exported {len(fake.store.contacts)} contacts to {out}\n"
    assert not (tmp_path / "contacts.jsonl.cursor").exists()
    pages = [path for method, path in fake.requests if path.startswith("/contacts?")]
    assert len(pages) == -(-len(fake.store.contacts) // 7)


async def test_export_csv_rows_are_the_flattened_contacts(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    run = await run_cli(
        "contacts", "export", "--out", "contacts.csv", "--base-url", fake.url,
        cwd=tmp_path, token=fake.token,
    )  # fmt: skip
    assert run.code == 0, run.err
    with (tmp_path / "contacts.csv").open(newline="") as file:
        rows = list(csv.DictReader(file))
    expected = [structure(c, Contact, None).to_row() for c in store_contacts(fake)]
    assert [row["id"] for row in rows] == list(fake.store.contacts)
    for row, contact in zip(rows, expected, strict=True):
        assert row == {key: _csv_cell(contact.get(key)) for key in row}
    assert "created_at" in rows[0]
    assert "location.city" in rows[0]


async def test_csv_names_keys_that_first_appear_after_the_header(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    last_id = list(fake.store.contacts)[-1]
    fake.store.contacts[last_id]["late_key"] = "late"
    run = await run_cli(
        "contacts", "export", "--out", "contacts.csv", "--per-page", "10", "--base-url",
        fake.url, cwd=tmp_path, token=fake.token,
    )  # fmt: skip
    assert run.code == 0, run.err
    assert run.err.splitlines()[0] == "warning: no CSV column for late_key"
    with (tmp_path / "contacts.csv").open(newline="") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == len(fake.store.contacts)
    assert "late_key" not in rows[-1]


def _csv_cell(value: Any) -> str:
    return "" if value is None else str(value)


async def test_export_search_writes_only_matches(fake: FakeIntercom, tmp_path: Path) -> None:
    query = '{"operator": "AND", "value": [{"field": "role", "operator": "=", "value": "lead"}]}'
    run = await run_cli(
        "contacts", "export", "--search", query, "--per-page", "3", "--out", "leads.jsonl",
        "--base-url", fake.url, cwd=tmp_path, token=fake.token,
    )  # fmt: skip
    assert run.code == 0, run.err
    leads = [c for c in store_contacts(fake) if c["role"] == "lead"]
    assert leads
    assert read_jsonl(tmp_path / "leads.jsonl") == leads
    assert ("POST", "/contacts/search") in fake.requests


@pytest_asyncio.fixture
async def gated_fake() -> AsyncIterator[tuple[FakeIntercom, asyncio.Event, asyncio.Event]]:
    """A fake whose third `GET /contacts` waits until released, so a test can interrupt it."""
    async with helpers.gated_fake("/contacts", 3, seed=11, contacts=45) as gated:
        yield gated


async def test_ctrl_c_exits_130_and_resume_finishes_the_file(
    gated_fake: tuple[FakeIntercom, asyncio.Event, asyncio.Event], tmp_path: Path
) -> None:
    fake, reached, release = gated_fake
    out = tmp_path / "contacts.jsonl"
    command = ("contacts", "export", "--out", str(out), "--per-page", "10", "--base-url", fake.url)
    env = {key: value for key, value in os.environ.items() if key != "INTERCOM_TOKEN"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "intercom_async", *command, "--token", SECRET.replace("s3cret", "x"),
        cwd=tmp_path, env={**env, "INTERCOM_TOKEN": fake.token},
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    # The --token option wins over the environment, so this child is refused: no gate reached.
    _, err = await asyncio.wait_for(process.communicate(), HANG_GUARD)
    assert process.returncode == 1
    assert b"401" in err

    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "intercom_async", *command, cwd=tmp_path,
        env={**env, "INTERCOM_TOKEN": fake.token}, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    await asyncio.wait_for(reached.wait(), HANG_GUARD)
    process.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(process.communicate(), HANG_GUARD)
    assert process.returncode == 130
    assert err.decode() == (
        "intercom-async: interrupted\n"
        "(the export can go on where it stopped: run the same command with --resume)\n"
    )

    expected = store_contacts(fake)
    assert read_jsonl(out) == expected[:20]
    sidecar = orjson.loads((tmp_path / "contacts.jsonl.cursor").read_bytes())
    assert sidecar["written"] == 20
    assert sidecar["offset"] == out.stat().st_size
    # A page half written when the export stopped is cut off on resume.
    with out.open("ab") as file:
        file.write(b'{"type": "contact", "id": "half-wri')

    release.set()
    resumed = await run_cli(*command, "--resume", cwd=tmp_path, token=fake.token)
    assert resumed.code == 0, resumed.err
    assert read_jsonl(out) == expected
    assert resumed.err == f"exported {len(expected)} contacts to {out}\n"
    assert not (tmp_path / "contacts.jsonl.cursor").exists()

    again = await run_cli(*command, "--resume", cwd=tmp_path, token=fake.token)
    assert again.code == 1
    assert "nothing to resume" in again.err


async def export_on_a_terminal(
    fake: FakeIntercom,
    tmp_path: Path,
    *options: str,
    size: tuple[int, int] | None = (24, 100),
    extra_env: dict[str, str] | None = None,
) -> tuple[Run, str]:
    """Export with stderr on a pseudo-terminal of `size` (rows, columns; None leaves the
    fresh terminal's 0x0) and give back what the terminal showed."""
    controller, terminal = pty.openpty()
    try:
        if size is not None:
            fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
        run = await run_cli(
            "contacts", "export", "--out", "c.jsonl", "--per-page", "25", "--base-url", fake.url,
            *options, cwd=tmp_path, token=fake.token, stderr=terminal, extra_env=extra_env,
        )  # fmt: skip
        os.close(terminal)
        shown = _drain(controller)
    finally:
        os.close(controller)
    assert run.code == 0, shown
    return run, shown


def without_tqdm(tmp_path: Path) -> dict[str, str]:
    """An environment whose `import tqdm` fails, as where the progress extra is missing."""
    blocked = tmp_path / "no-tqdm"
    blocked.mkdir()
    (blocked / "tqdm.py").write_text("raise ImportError('No module named tqdm (blocked)')\n")
    return {"PYTHONPATH": str(blocked)}


async def test_a_terminal_with_tqdm_shows_its_bar_with_rate_and_eta(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    _, shown = await export_on_a_terminal(fake, tmp_path)
    total = len(fake.store.contacts)
    assert re.search(rf"100%\|.+\| {total}/{total} \[\d\d:\d\d<00:00, [\d.]+contact/s\]", shown)
    assert shown.rstrip().endswith(f"exported {total} contacts to c.jsonl")


async def test_a_terminal_without_tqdm_shows_a_line_with_rate_and_eta(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    _, shown = await export_on_a_terminal(fake, tmp_path, extra_env=without_tqdm(tmp_path))
    total = len(fake.store.contacts)
    assert "contact/s" not in shown  # no tqdm
    assert re.search(rf"\] 25/{total} contacts \(41%\), \d+/s, \d:\d\d:\d\d left", shown)
    assert f"[{'#' * 30}] {total}/{total} contacts (100%)" in shown
    assert shown.rstrip().endswith(f"exported {total} contacts to c.jsonl")


async def test_a_terminal_of_no_size_gets_the_line_not_an_empty_tqdm_bar(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    _, shown = await export_on_a_terminal(fake, tmp_path, size=None)
    total = len(fake.store.contacts)
    assert f"[{'#' * 30}] {total}/{total} contacts (100%)" in shown


async def test_no_progress_leaves_only_the_summary(fake: FakeIntercom, tmp_path: Path) -> None:
    _, shown = await export_on_a_terminal(fake, tmp_path, "--no-progress")
    assert shown == f"exported {len(fake.store.contacts)} contacts to c.jsonl\r\n"


async def test_a_pipe_gets_plain_progress_lines_at_the_interval(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    total = len(fake.store.contacts)
    command = ("contacts", "export", "--out", "c.jsonl", "--per-page", "25", "--base-url", fake.url)
    every_page = await run_cli(*command, "--progress-interval", "0", cwd=tmp_path, token=fake.token)
    assert every_page.code == 0, every_page.err
    lines = every_page.err.splitlines()
    assert lines[-1] == f"exported {total} contacts to c.jsonl"
    pattern = r"progress: (\d+)/60 contacts \(\d+%\), \d+/s(, \d:\d\d:\d\d left)?"
    shown = [re.fullmatch(pattern, line) for line in lines[:-1]]
    assert all(shown), lines
    assert [int(match[1]) for match in shown if match] == [25, 50, 60]
    assert "\r" not in every_page.err and "\x1b" not in every_page.err

    # The default interval keeps a short export to its summary.
    quiet = await run_cli(*command, cwd=tmp_path, token=fake.token)
    assert quiet.err == f"exported {total} contacts to c.jsonl\n"
    refused = await run_cli(*command, "--progress-interval", "-1", cwd=tmp_path, token=fake.token)
    assert refused.code == 2
    assert "--progress-interval: must be 0 or more seconds, got -1" in refused.err


def _drain(descriptor: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(descriptor, 4096)
        except OSError:  # EIO once the child's side is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode()


async def test_demo_and_fake_server_commands(tmp_path: Path) -> None:
    demo = await run_cli("demo", "--contacts", "1", cwd=tmp_path)
    assert demo.code == 0, demo.err
    assert "requests in all." in demo.out

    server = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "intercom_async", "fake-server", "--port", "0", "--contacts", "5",
        "--token", "local-token", cwd=tmp_path, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        first = await asyncio.wait_for(server.stdout.readline(), HANG_GUARD)
        url = first.decode().split()[-1]
        assert url.startswith("http://127.0.0.1:")
        out = tmp_path / "all.jsonl"
        run = await run_cli(
            "contacts", "export", "--out", str(out), "--base-url", url, cwd=tmp_path,
            token="local-token",
        )  # fmt: skip
        assert run.code == 0, run.err
        assert len(read_jsonl(out)) == 5
    finally:
        server.send_signal(signal.SIGINT)
        await asyncio.wait_for(server.communicate(), HANG_GUARD)
    assert server.returncode == 0


def closed_port() -> int:
    """A loopback port that was just free, so connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


async def test_version_prints_the_package_version(tmp_path: Path) -> None:
    run = await run_cli("--version", cwd=tmp_path)
    assert run.code == 0
    assert run.out.strip() == f"intercom-async {intercom_async.__version__}"


async def test_fake_server_options_say_what_they_do(tmp_path: Path) -> None:
    run = await run_cli("fake-server", "--help", cwd=tmp_path)
    assert run.code == 0
    assert "interface to listen on (default: 127.0.0.1)" in run.out
    assert "the same seed, the same data" in " ".join(run.out.split())
