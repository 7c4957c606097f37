"""Progress reporting for bulk jobs: a callback `(done, total)` or a tqdm bar."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, TypeAlias

__all__ = ["Progress", "ProgressCallback", "Reporter", "reporter"]

ProgressCallback: TypeAlias = Callable[[int, "int | None"], object]
"""Called as `callback(done, total)` after each lookup; `total` is None when unknown."""
Progress: TypeAlias = "bool | ProgressCallback | None"


class Reporter:
    """Counts finished lookups and tells the callback or the bar."""

    def __init__(self, callback: ProgressCallback | None, bar: Any, total: int | None) -> None:
        self.done = 0
        self.total = total
        self._callback = callback
        self._bar = bar

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self._callback is not None:
            self._callback(self.done, self.total)
        if self._bar is not None:
            self._bar.update(count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def reporter(progress: Progress, total: int | None, *, unit: str = "contact") -> Reporter:
    """The reporter for `progress=`: None/False (silent), True (a tqdm bar) or a callable."""
    if progress is None or progress is False:
        return Reporter(None, None, total)
    if progress is True:
        try:
            tqdm_auto = importlib.import_module("tqdm.auto")
        except ImportError:
            raise ImportError(
                "progress=True needs tqdm: `python -m pip install tqdm` (from a clone: "
                "`python -m pip install -e '.[progress]'`), or pass a callable "
                "progress=(done, total) -> None"
            ) from None
        return Reporter(None, tqdm_auto.tqdm(total=total, unit=unit), total)
    if callable(progress):
        return Reporter(progress, None, total)
    raise TypeError(
        f"progress must be None, a bool or a callable (done, total), got {type(progress).__name__}"
    )
