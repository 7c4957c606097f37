"""The contract run's table: one row per public method called against the mock."""

from __future__ import annotations

import attrs

__all__ = ["ROWS", "Row", "render"]


@attrs.frozen
class Row:
    operation: str
    method: str
    version: str
    status: str
    result: str


ROWS: list[Row] = []
"""Filled by the contract tests, printed by `pytest_terminal_summary`."""

_HEADINGS = ("operation", "method", "spec", "status", "result")


def render(rows: list[Row]) -> str:
    """A plain text table, widest cell per column (the result is last and unpadded)."""
    cells = [_HEADINGS] + [
        (r.operation, r.method, r.version, r.status, r.result)
        for r in sorted(rows, key=lambda r: (r.method, r.operation))
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(_HEADINGS) - 1)]
    lines = [
        "  ".join(
            [*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]
        ).rstrip()
        for row in cells
    ]
    failed = sum(1 for r in rows if not r.result.startswith("ok"))
    lines.append(f"{len(rows)} calls, {len(rows) - failed} ok, {failed} failed")
    return "\n".join(lines)
