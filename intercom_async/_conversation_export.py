"""An incremental export of conversations, with their parts, to JSON Lines.

It walks `POST /conversations/search` on `updated_at` and writes each conversation as
`GET /conversations/{id}` answers it (the search gives summaries without parts).
Intercom matches dates in a search by calendar day in the workspace's time zone, so the
search asks for two days more on each side and the export keeps a conversation only
when its full `updated_at` lies in the window `[since, until]`, where `until` is the
moment the export started. A conversation updated while the export runs falls after
`until`: the next run, with `--since` set to this run's `until`, takes it.

Pages are written whole; after each page the sidecar `FILE.cursor` records the next
cursor and the file's length. `--resume` cuts the file back to that length and reads
the ids already written from it, so a conversation that a later page shows again (the
search's order moves when conversations change) is written exactly once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

import attrs
import orjson

from ._conversation_endpoints import RETRIEVE_CONVERSATION
from ._export import ExportError, cursor_path, json_line, load_state, save_state
from ._notgiven import NOT_GIVEN
from ._pagination import Page
from ._progress import CountDisplay
from ._search import Q, Query
from .errors import DecodeError, NotFoundError
from .models.conversations import Conversation, ConversationListItem

if TYPE_CHECKING:
    from ._client import Client

__all__ = ["ConversationExportResult", "export_conversations", "search_window"]

_SEARCH_MARGIN = 2 * 86_400
"""Seconds added on each side of the window: a day for the search's day granularity,
and a day for the workspace's time zone, whichever it is."""


@attrs.frozen
class ConversationExportResult:
    """How an export ended; `until` is the `--since` of the next incremental run."""

    out: Path
    written: int
    until: int
    deleted: int = 0
    """Conversations a search showed that were gone when their parts were read."""

    @property
    def summary(self) -> str:
        moment = datetime.fromtimestamp(self.until, timezone.utc).isoformat()
        line = f"exported {self.written} conversations to {self.out}"
        if self.deleted:
            line += f" ({self.deleted} deleted during the export)"
        return f"{line}\nnext incremental run: --since {moment.replace('+00:00', 'Z')}"


@attrs.frozen
class ConversationExportState:
    """What the sidecar remembers between pages."""

    cursor: str
    offset: int
    written: int
    since: int | None
    until: int
    per_page: int
    deleted: int = 0


def search_window(since: int | None, until: int) -> Query:
    """The search that holds every conversation updated in `[since, until]` (and more)."""
    upper = Q.field("updated_at") < until + _SEARCH_MARGIN
    if since is None:
        return upper
    return (Q.field("updated_at") > since - _SEARCH_MARGIN) & upper


def _candidates(page: Page[ConversationListItem]) -> list[tuple[str, int | None]]:
    """`(id, updated_at)` of every result in its order, one that did not fit its model
    included (its full conversation is read and written as received all the same)."""
    fitted = iter(page.items)
    skipped = {item.index: item.raw for item in page.skipped}
    found: list[tuple[str, int | None]] = []
    for index in range(len(page.items) + len(skipped)):
        if index in skipped:
            raw = skipped[index]
            moment = raw.get("updated_at") if isinstance(raw, dict) else None
            if isinstance(raw, dict) and isinstance(raw.get("id"), str):
                found.append((raw["id"], moment if isinstance(moment, int) else None))
        else:
            item = next(fitted)
            moment = None if item.updated_at is None else int(item.updated_at.timestamp())
            found.append((item.id, moment))
    return found


def _in_window(moment: int | None, since: int | None, until: int) -> bool:
    if moment is None:
        return since is None
    return (since is None or moment >= since) and moment <= until


def _ids_in(stream: IO[bytes], length: int) -> set[str]:
    """The ids of the conversations the first `length` bytes of the file hold, read a
    line at a time (an export may be far larger than memory)."""
    stream.seek(0)
    ids: set[str] = set()
    read = 0
    for line in stream:
        read += len(line)
        if read > length:  # the half-written page after the last saved offset
            break
        ids.add(str(orjson.loads(line)["id"]))
    return ids


async def _full(client: Client, conversation_id: str, warn: TextIO) -> bytes | None:
    """One conversation with its parts as a JSON line; None when it was deleted."""
    try:
        answer = await client.request("GET", RETRIEVE_CONVERSATION.path_for(conversation_id))
    except NotFoundError:
        print(f"warning: conversation {conversation_id} was deleted during the export", file=warn)
        return None
    payload: Any = answer.payload
    try:
        conversation = Conversation.from_dict(payload)
    except DecodeError as exc:
        print(f"warning: conversation {conversation_id} written as received: {exc}", file=warn)
    else:
        parts = conversation.conversation_parts
        if parts is not None and parts.truncated:
            print(
                f"warning: conversation {conversation_id} has {parts.total_count} parts; "
                f"Intercom sent the latest {len(parts.conversation_parts or ())}",
                file=warn,
            )
    return json_line(payload)


async def _page_chunk(client: Client, ids: Iterable[str], warn: TextIO) -> tuple[bytes, int, int]:
    """The conversations as JSON lines, in order; with how many were written and how
    many were deleted meanwhile."""
    lines = await asyncio.gather(*(_full(client, conversation_id, warn) for conversation_id in ids))
    written = [line for line in lines if line is not None]
    return b"".join(written), len(written), len(lines) - len(written)


async def export_conversations(
    client: Client,
    *,
    out: Path,
    since: int | None,
    per_page: int,
    resume: bool,
    progress: CountDisplay | None,
    warn: TextIO,
) -> ConversationExportResult:
    """Write every conversation updated since `since` (epoch seconds; None for all) to
    `out`, one JSON line each with its parts, exactly once, resumable page by page."""
    sidecar = cursor_path(out)
    cursor: str | None = None
    written = deleted = 0
    if resume:
        state = load_state(sidecar, ConversationExportState)
        if since is not None and since != state.since:
            raise ExportError(f"{sidecar} was saved for a different --since; resume without it")
        since, until, per_page, cursor = state.since, state.until, state.per_page, state.cursor
        written, deleted = state.written, state.deleted
        stream: IO[bytes] = out.open("r+b")
        seen = _ids_in(stream, state.offset)
        stream.truncate(state.offset)
        stream.seek(state.offset)
    else:
        until = int(time.time())
        sidecar.unlink(missing_ok=True)
        stream = out.open("wb")
        seen = set()
    if progress is not None:
        progress.start(written)
    try:
        pager = client.conversations.search(
            search_window(since, until),
            per_page=per_page,
            starting_after=NOT_GIVEN if cursor is None else cursor,
        )
        async for page in pager.pages():
            fresh = [
                conversation_id
                for conversation_id, moment in _candidates(page)
                if conversation_id not in seen and _in_window(moment, since, until)
            ]
            seen.update(fresh)
            for item in page.skipped:
                if item.id is None:  # nothing to read it by: say so rather than drop it
                    print(f"warning: search result {item.label} has no id: {item.error}", file=warn)
            chunk, done, gone = await _page_chunk(client, fresh, warn)
            stream.write(chunk)
            stream.flush()
            written, deleted = written + done, deleted + gone
            if progress is not None:
                progress.update(written, page.total_count)
            if page.next_cursor is None:
                sidecar.unlink(missing_ok=True)
            else:
                save_state(
                    sidecar,
                    ConversationExportState(
                        cursor=page.next_cursor,
                        offset=stream.tell(),
                        written=written,
                        deleted=deleted,
                        since=since,
                        until=until,
                        per_page=per_page,
                    ),
                )
    finally:
        stream.close()
        if progress is not None:
            progress.close()
    return ConversationExportResult(out=out, written=written, until=until, deleted=deleted)
