"""`intercom-async conversations export`: the CLI in a child process against the fake.

Every conversation in the window is written exactly once, with its parts, as
`GET /conversations/{id}` shows it, even when the search's order moves under the walk
and when the export is interrupted and resumed.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import orjson
import pytest
import pytest_asyncio
from aiohttp import web

import intercom_async
from intercom_async.models.conversations import ConversationParts
from intercom_async.testing import FakeIntercom

from . import helpers
from .test_cli import HANG_GUARD, read_jsonl, run_cli

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
DAY = 86_400


async def _start_conversations(fake: FakeIntercom, count: int) -> list[str]:
    """`count` conversations, each with a reply, made through the client."""
    async with intercom_async.Client(token=fake.token, base_url=fake.url) as client:
        contact_id = next(iter(fake.store.contacts))
        admin_id = next(iter(fake.store.admins))
        ids = []
        for number in range(count):
            message = await client.conversations.create(
                from_={"type": "user", "id": contact_id}, body=f"question {number}"
            )
            conversation_id = str(message.conversation_id)
            await client.conversations.reply(
                conversation_id,
                message_type="comment",
                type="admin",
                admin_id=admin_id,
                body=f"answer {number}",
            )
            ids.append(conversation_id)
    return ids


def _set_updated(fake: FakeIntercom, moments: dict[str, int]) -> None:
    for conversation_id, moment in moments.items():
        fake.store.conversations[conversation_id]["updated_at"] = moment


def _newest_first(fake: FakeIntercom, ids: list[str]) -> list[dict[str, Any]]:
    stored = [fake.store.conversations[conversation_id] for conversation_id in ids]
    return sorted(stored, key=lambda c: (c["updated_at"], int(c["id"])), reverse=True)


def _export(out: Path, fake: FakeIntercom, *options: str) -> tuple[str, ...]:
    return ("conversations", "export", "--out", str(out), "--base-url", fake.url, *options)


async def test_every_conversation_is_written_with_its_parts_as_get_shows_it(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    ids = await _start_conversations(fake, 5)
    out = tmp_path / "conversations.jsonl"
    before = int(time.time())
    run = await run_cli(*_export(out, fake, "--per-page", "2"), cwd=tmp_path, token=fake.token)
    assert run.code == 0, run.err
    lines = read_jsonl(out)
    assert lines == _newest_first(fake, ids)
    assert all(len(line["conversation_parts"]["conversation_parts"]) == 1 for line in lines)
    summary, next_run = run.err.splitlines()
    assert summary == f"exported 5 conversations to {out}"
    until = datetime.fromisoformat(next_run.removeprefix("next incremental run: --since ")[:-1])
    assert before <= until.replace(tzinfo=timezone.utc).timestamp() <= time.time()
    assert not (tmp_path / "conversations.jsonl.cursor").exists()


async def test_since_keeps_what_was_updated_at_or_after_that_moment(
    fake: FakeIntercom, tmp_path: Path
) -> None:
    since = int(time.time()) - 30 * DAY
    ids = await _start_conversations(fake, 5)
    # The search matches whole days; the export still cuts at the second.
    moments = [since - 1, since, since + 3600, since - 3 * DAY, since + 1]
    _set_updated(fake, dict(zip(ids, moments, strict=True)))
    out = tmp_path / "recent.jsonl"
    moment = datetime.fromtimestamp(since, timezone.utc).isoformat().replace("+00:00", "Z")
    run = await run_cli(*_export(out, fake, "--since", moment), cwd=tmp_path, token=fake.token)
    assert run.code == 0, run.err
    assert [line["id"] for line in read_jsonl(out)] == [ids[2], ids[4], ids[1]]
    by_epoch = await run_cli(
        *_export(out, fake, "--since", str(since + 1)), cwd=tmp_path, token=fake.token
    )
    assert [line["id"] for line in read_jsonl(out)] == [ids[2], ids[4]], by_epoch.err


@pytest_asyncio.fixture
async def moving_fake() -> AsyncIterator[FakeIntercom]:
    """A fake where, after the first search page, the last conversation it showed and
    the oldest one are updated: newest first, they jump to the front and the next page
    shows the first page's conversations again."""
    served = 0

    @web.middleware
    async def move(request: web.Request, handler: Handler) -> web.StreamResponse:
        nonlocal served
        response = await handler(request)
        if request.path == "/conversations/search":
            served += 1
            if served == 1:
                assert isinstance(response, web.Response) and response.body is not None
                last = orjson.loads(bytes(response.body))["conversations"][-1]["id"]
                stored = server.store.conversations
                oldest = min(stored, key=lambda cid: stored[cid]["updated_at"])
                for moved in (last, oldest):
                    stored[moved]["updated_at"] = int(time.time()) + DAY
        return response

    server = FakeIntercom(seed=3, contacts=5)
    server.app.middlewares.append(move)
    async with server:
        yield server


async def test_a_conversation_shown_twice_by_a_moving_search_is_written_once(
    moving_fake: FakeIntercom, tmp_path: Path
) -> None:
    ids = await _start_conversations(moving_fake, 5)
    now = int(time.time())
    _set_updated(moving_fake, {cid: now - 100 + n for n, cid in enumerate(ids)})
    out = tmp_path / "conversations.jsonl"
    run = await run_cli(
        *_export(out, moving_fake, "--per-page", "2"), cwd=tmp_path, token=moving_fake.token
    )
    assert run.code == 0, run.err
    # The oldest one changed after the export began: the next run (--since) takes it.
    assert [line["id"] for line in read_jsonl(out)] == [ids[4], ids[3], ids[2], ids[1]]


@pytest_asyncio.fixture
async def gated_fake() -> AsyncIterator[tuple[FakeIntercom, asyncio.Event, asyncio.Event]]:
    """A fake whose second search page waits until released, so a test can interrupt it."""
    async with helpers.gated_fake("/conversations/search", 2, seed=4, contacts=5) as gated:
        yield gated


async def test_an_interrupted_export_resumes_with_every_conversation_once(
    gated_fake: tuple[FakeIntercom, asyncio.Event, asyncio.Event], tmp_path: Path
) -> None:
    fake, reached, release = gated_fake
    ids = await _start_conversations(fake, 5)
    now = int(time.time())
    _set_updated(fake, {cid: now - 100 + n for n, cid in enumerate(ids)})
    out = tmp_path / "conversations.jsonl"
    command = _export(out, fake, "--per-page", "2")
    env = {key: value for key, value in os.environ.items() if key != "INTERCOM_TOKEN"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "intercom_async", *command, cwd=tmp_path,
        env={**env, "INTERCOM_TOKEN": fake.token}, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    await asyncio.wait_for(reached.wait(), HANG_GUARD)
    process.send_signal(signal.SIGINT)
    _, err = await asyncio.wait_for(process.communicate(), HANG_GUARD)
    assert process.returncode == 130, err
    assert b"run the same command with --resume" in err
    assert [line["id"] for line in read_jsonl(out)] == [ids[4], ids[3]]
    with out.open("ab") as file:  # a page half written when the export stopped
        file.write(b'{"type": "conversation", "id": "half-wri')
    # Meanwhile the first page's last conversation is updated: the resumed walk sees
    # the first page again, and the update falls after this run's window.
    fake.store.conversations[ids[3]]["updated_at"] = now + DAY

    release.set()
    resumed = await run_cli(*command, "--resume", cwd=tmp_path, token=fake.token)
    assert resumed.code == 0, resumed.err
    assert [line["id"] for line in read_jsonl(out)] == [ids[4], ids[3], ids[2], ids[1], ids[0]]
    assert resumed.err.startswith(f"exported 5 conversations to {out}\n")

    again = await run_cli(*command, "--resume", cwd=tmp_path, token=fake.token)
    assert again.code == 1 and "nothing to resume" in again.err


@pytest_asyncio.fixture
async def deleting_fake() -> AsyncIterator[FakeIntercom]:
    """A fake that deletes the first conversation a search shows before it is read."""

    @web.middleware
    async def delete(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if request.path == "/conversations/search":
            assert isinstance(response, web.Response) and response.body is not None
            first = orjson.loads(bytes(response.body))["conversations"][0]["id"]
            server.store.conversations.pop(first, None)
        return response

    server = FakeIntercom(seed=5, contacts=5)
    server.app.middlewares.append(delete)
    async with server:
        yield server


async def test_deleted_and_truncated_conversations_are_reported(
    deleting_fake: FakeIntercom, tmp_path: Path
) -> None:
    ids = await _start_conversations(deleting_fake, 3)
    parts = deleting_fake.store.conversations[ids[0]]["conversation_parts"]
    parts["total_count"] = 900  # Intercom sends the latest 500 parts at most
    out = tmp_path / "conversations.jsonl"
    run = await run_cli(*_export(out, deleting_fake), cwd=tmp_path, token=deleting_fake.token)
    assert run.code == 0, run.err
    assert [line["id"] for line in read_jsonl(out)] == [ids[1], ids[0]]
    lines = run.err.splitlines()
    assert set(lines[:2]) == {  # the page's conversations are read concurrently
        f"warning: conversation {ids[2]} was deleted during the export",
        f"warning: conversation {ids[0]} has 900 parts; Intercom sent the latest 1",
    }
    assert lines[2] == f"exported 2 conversations to {out} (1 deleted during the export)"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--out", "c.csv"), "--out must end in .jsonl, got 'c.csv'"),
        (("--out", "c.jsonl", "--since", "last week"), "expected a date (2024-05-01"),
        (("--out", "c.jsonl", "--per-page", "151"), "must be between 1 and 150"),
    ],
)
async def test_usage_errors_exit_2(options: tuple[str, ...], message: str, tmp_path: Path) -> None:
    run = await run_cli("conversations", "export", *options, cwd=tmp_path, token="t")
    assert run.code == 2
    assert message in run.err


def test_parts_say_when_intercom_cut_them_short() -> None:
    part = {"type": "conversation_part", "id": "1", "part_type": "comment"}
    shown = {"type": "conversation_part.list", "conversation_parts": [part]}
    assert ConversationParts.from_dict({**shown, "total_count": 1}).truncated is False
    assert ConversationParts.from_dict({**shown, "total_count": 2}).truncated is True
    assert ConversationParts.from_dict(shown).truncated is False  # no count: nothing known


@pytest_asyncio.fixture
async def misfit_fake() -> AsyncIterator[FakeIntercom]:
    """A fake whose search shows its first result with a bad `title` and one more result
    with no id at all."""

    @web.middleware
    async def spoil(request: web.Request, handler: Handler) -> web.StreamResponse:
        response = await handler(request)
        if request.path != "/conversations/search":
            return response
        assert isinstance(response, web.Response) and response.body is not None
        page = orjson.loads(bytes(response.body))
        page["conversations"][0]["title"] = 42
        page["conversations"].append({"type": "conversation", "title": "no id"})
        return web.json_response(page)

    server = FakeIntercom(seed=6, contacts=5)
    server.app.middlewares.append(spoil)
    async with server:
        yield server


async def test_a_search_result_that_does_not_fit_is_still_exported_and_one_without_id_named(
    misfit_fake: FakeIntercom, tmp_path: Path
) -> None:
    ids = await _start_conversations(misfit_fake, 2)
    out = tmp_path / "conversations.jsonl"
    run = await run_cli(*_export(out, misfit_fake), cwd=tmp_path, token=misfit_fake.token)
    assert run.code == 0, run.err
    assert read_jsonl(out) == _newest_first(misfit_fake, ids)  # both, as GET shows them
    assert run.err.splitlines()[0] == (
        "warning: search result #2 has no id: POST /conversations/search: item 2 does not "
        "fit ConversationListItem: id is required but missing"
    )
