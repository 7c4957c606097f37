"""The contract run's fixtures: one Prism per spec version, started on first use, and the
table of results printed at the end (`nox -s contract`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml

from .mock import MockServer, running_mock
from .table import ROWS, render

ROOT = Path(__file__).resolve().parents[2]
OVERRIDES = yaml.safe_load((ROOT / "tools" / "generate" / "overrides.yaml").read_text())
SPECS: dict[str, Path] = {v: ROOT / p for v, p in OVERRIDES["specs"].items()}


class Mocks:
    """`mocks[version]`: the Prism of that spec version, started the first time it is asked."""

    def __init__(self, stack: ExitStack) -> None:
        self._stack = stack
        self._running: dict[str, MockServer] = {}

    def __getitem__(self, version: str) -> MockServer:
        if version not in self._running:
            self._running[version] = self._stack.enter_context(
                running_mock(SPECS[version], version)
            )
        return self._running[version]


@pytest.fixture(scope="session")
def mocks() -> Iterator[Mocks]:
    with ExitStack() as stack:
        yield Mocks(stack)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if ROWS:
        terminalreporter.write_sep("=", "contract: every declared operation against Prism")
        terminalreporter.write_line(render(ROWS))
