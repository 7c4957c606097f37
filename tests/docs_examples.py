"""The Python blocks of README.md and docs/, extracted and wrapped (see test_docs_examples)."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```", re.S | re.M)

PRELUDE = """\
# ruff: noqa
from __future__ import annotations

import asyncio
import contextlib
import datetime as _datetime
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import logging

import intercom_async
from intercom_async import *
from intercom_async.models import *
from intercom_async.testing import FakeIntercom

# What the surrounding prose has made by the time a block runs.
client: intercom_async.Client
fake: FakeIntercom
contact: Contact
contact_id: str
company_id: str
tag_id: str
note: Note
ids: list[str]
contacts: list[Contact]
log: logging.Logger
note_refs: list[NoteRef]


def id_generator() -> Iterator[str]:
    yield from ()

"""


@attrs.frozen
class Example:
    """One ```python block: where it is and its code."""

    source: Path
    line: int
    code: str

    @property
    def name(self) -> str:
        return f"{self.source.relative_to(ROOT)}:{self.line}"

    @property
    def runs_alone(self) -> bool:
        """A block that starts its own fake Intercom runs; the others are type-checked."""
        return "FakeIntercom(" in self.code

    def module(self) -> str:
        """The block as a module: its code inside an async function, so top-level
        `await`, `async for` and `async with` are valid, as in a notebook."""
        body = textwrap.indent(self.code, "    ")
        return f"{PRELUDE}\nasync def example() -> None:\n{body}\n    return None\n"


def examples() -> list[Example]:
    found = []
    for source in SOURCES:
        text = source.read_text()
        for match in _FENCE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(Example(source, line, match.group(1)))
    return found
