"""Streaming contacts to a JSON Lines or CSV file, page by page, resumable from a cursor.

After each page is written and flushed, a sidecar `FILE.cursor` records the cursor of
the next page and the file's length at that point. `--resume` truncates the file to
that length (dropping a page that was half written when the export stopped) and asks
for the next page; a finished export removes the sidecar.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO, TypeVar

import attrs
import orjson

from ._pagination import Page
from ._progress import CountDisplay
from .models import Contact

if TYPE_CHECKING:
    from attrs import AttrsInstance

    from ._client import Client

S = TypeVar("S", bound="AttrsInstance")

__all__ = [
    "ExportError",
    "ExportResult",
    "ExportState",
    "contact_pages",
    "cursor_path",
    "export_contacts",
    "json_line",
    "load_state",
    "save_state",
]


class ExportError(Exception):
    """The export cannot start or go on (a missing or mismatched cursor file, say)."""


@attrs.frozen
class ExportResult:
    """How an export ended: `unwritten` counts the contacts a CSV could not hold
    (JSON Lines writes every contact, fitting its model or not)."""

    out: Path
    written: int
    unwritten: int = 0

    @property
    def summary(self) -> str:
        line = f"exported {self.written} contacts to {self.out}"
        if self.unwritten:
            line += f"; {self.unwritten} could not be written (see the warnings above)"
        return line


def _names(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(names)  # the sidecar's JSON gives a list


@attrs.frozen
class ExportState:
    """What the sidecar remembers between pages."""

    cursor: str
    offset: int
    written: int
    file_format: str
    search: dict[str, Any] | None
    per_page: int
    columns: tuple[str, ...] = attrs.field(default=(), converter=_names)
    unwritten: int = 0


def cursor_path(out: Path) -> Path:
    """`contacts.jsonl` -> `contacts.jsonl.cursor`."""
    return out.with_name(out.name + ".cursor")


def save_state(path: Path, state: AttrsInstance) -> None:
    """Write the sidecar atomically (a crash leaves the old one or the new one)."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(orjson.dumps(attrs.asdict(state)))
    os.replace(temporary, path)


def load_state(path: Path, kind: type[S]) -> S:
    """The sidecar's state as a `kind`; a missing or damaged file raises `ExportError`."""
    try:
        return kind(**orjson.loads(path.read_bytes()))
    except FileNotFoundError:
        raise ExportError(
            f"nothing to resume: {path} does not exist (the export finished or never started); "
            "run again without --resume"
        ) from None
    except (orjson.JSONDecodeError, TypeError) as exc:
        raise ExportError(f"{path} is not a cursor file of this tool ({exc})") from None


async def contact_pages(
    client: Client, *, search: dict[str, Any] | None, per_page: int, cursor: str | None
) -> AsyncIterator[Page[Contact]]:
    """The pages of `GET /contacts`, or of a search, from `cursor` on."""
    if search is None:
        pager = client.contacts.list(per_page=per_page, starting_after=cursor)
    else:
        pager = client.contacts.search(search, per_page=per_page, starting_after=cursor)
    async for page in pager.pages():
        yield page


def json_line(value: Any) -> bytes:
    """`value` as one line of JSON Lines."""
    try:
        return orjson.dumps(value) + b"\n"
    except orjson.JSONEncodeError:  # deeper than orjson writes: the standard library can
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _jsonl_chunk(page: Page[Contact]) -> bytes:
    """Every contact of the page in its order, a skipped one exactly as it arrived."""
    skipped = {item.index: item.raw for item in page.skipped}
    fitted = iter(page.items)
    return b"".join(
        json_line(skipped[index] if index in skipped else next(fitted).to_dict())
        for index in range(len(page.items) + len(skipped))
    )


def _csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...], header: bool) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _columns_of(rows: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(key for row in rows for key in row))


async def export_contacts(
    client: Client,
    *,
    out: Path,
    file_format: str,
    search: dict[str, Any] | None,
    per_page: int,
    resume: bool,
    progress: CountDisplay | None,
    warn: TextIO,
) -> ExportResult:
    """Write every contact (or every match of `search`) to `out`.

    CSV columns are the flattened keys (`Contact.to_row()`) of the first page; a key
    first seen later has no column and is reported once on `warn` (JSON Lines keeps all).
    A contact that does not fit the model is written as received to JSON Lines and
    left out of a CSV, each reported on `warn`; the export goes on either way.
    `progress` is told the count after each page (a resumed export starts at its count).
    """
    sidecar = cursor_path(out)
    cursor: str | None = None
    written = unwritten = 0
    columns: tuple[str, ...] = ()
    if resume:
        state = load_state(sidecar, ExportState)
        if state.file_format != file_format:
            raise ExportError(f"{sidecar} belongs to a {state.file_format} export, not {out}")
        if search is not None and search != state.search:
            raise ExportError(f"{sidecar} was saved for a different --search; resume without it")
        search, per_page, cursor = state.search, state.per_page, state.cursor
        written, unwritten, columns = state.written, state.unwritten, state.columns
        stream: IO[bytes] = out.open("r+b")
        stream.truncate(state.offset)
        stream.seek(state.offset)
    else:
        sidecar.unlink(missing_ok=True)
        stream = out.open("wb")
    if progress is not None:
        progress.start(written + unwritten)
    dropped: set[str] = set()
    try:
        pages = contact_pages(client, search=search, per_page=per_page, cursor=cursor)
        async for page in pages:
            contacts = page.items
            if file_format == "jsonl":
                chunk = _jsonl_chunk(page)
                written += len(contacts) + len(page.skipped)
                for item in page.skipped:
                    print(
                        f"warning: contact {item.label} written as received: {item.error}",
                        file=warn,
                    )
            else:
                for item in page.skipped:
                    print(f"warning: contact {item.label} has no CSV row: {item.error}", file=warn)
                written += len(contacts)
                unwritten += len(page.skipped)
                chunk = b""
                if contacts:
                    rows = [contact.to_row() for contact in contacts]
                    first = not columns
                    columns = columns or _columns_of(rows)
                    new = set(_columns_of(rows)).difference(columns, dropped)
                    if new:
                        dropped.update(new)
                        print(f"warning: no CSV column for {', '.join(sorted(new))}", file=warn)
                    chunk = _csv_text(rows, columns, header=first).encode()
            stream.write(chunk)
            stream.flush()
            if progress is not None:
                progress.update(written + unwritten, page.total_count)
            next_cursor = page.next_cursor
            if next_cursor is None:
                sidecar.unlink(missing_ok=True)
            else:
                state = ExportState(
                    cursor=next_cursor,
                    offset=stream.tell(),
                    written=written,
                    unwritten=unwritten,
                    file_format=file_format,
                    search=search,
                    per_page=per_page,
                    columns=columns,
                )
                save_state(sidecar, state)
    finally:
        stream.close()
        if progress is not None:
            progress.close()
    return ExportResult(out=out, written=written, unwritten=unwritten)
