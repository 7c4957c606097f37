"""Progress reporting: a callback `(done, total)` or a tqdm bar for bulk jobs, and the
export's display on stderr (a tqdm bar, a line redrawn in place, or periodic lines)."""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any, Protocol, TextIO, TypeAlias

__all__ = [
    "CountDisplay",
    "LineBar",
    "PeriodicLines",
    "Progress",
    "ProgressCallback",
    "Reporter",
    "TqdmBar",
    "count_display",
    "reporter",
]

ProgressCallback: TypeAlias = Callable[[int, "int | None"], object]
"""Called as `callback(done, total)` after each lookup; `total` is None when unknown."""
Progress: TypeAlias = "bool | ProgressCallback | None"
Clock: TypeAlias = Callable[[], float]


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


# --- the export's display ------------------------------------------------------------


class CountDisplay(Protocol):
    """How a long job shows its count: `start` once (with what an earlier run did),
    `update` after each step with the running count, `close` at the end."""

    def start(self, done: int) -> None: ...

    def update(self, done: int, total: int | None) -> None: ...

    def close(self) -> None: ...


class _Pace:
    """The count, rate and time left of a job, measured from `start` (a resumed job's
    earlier count is not part of its rate)."""

    def __init__(self, clock: Clock, unit: str) -> None:
        self._clock = clock
        self._unit = unit
        self._started = clock()
        self._initial = 0

    def start(self, done: int) -> None:
        self._started = self._clock()
        self._initial = done

    def describe(self, done: int, total: int | None) -> str:
        """`25/60 contacts (41%), 120/s, 0:00:03 left`; without a total, `25 contacts, 120/s`."""
        elapsed = self._clock() - self._started
        rate = (done - self._initial) / elapsed if elapsed > 0 else 0.0
        counted = f"{done}/{total} {self._unit}s ({done * 100 // total}%)" if total else ""
        text = counted or f"{done} {self._unit}s"
        if rate > 0:
            text += f", {rate:.0f}/s"
            if total and total > done:
                text += f", {_clock_time((total - done) / rate)} left"
        return text


def _clock_time(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02}:{whole % 60:02}"


class LineBar:
    """A one-line bar redrawn in place on a terminal, with the rate and the time left:
    what the export shows when tqdm is not installed."""

    def __init__(
        self, stream: TextIO, *, unit: str = "contact", clock: Clock = time.monotonic
    ) -> None:
        self._stream = stream
        self._pace = _Pace(clock, unit)

    def start(self, done: int) -> None:
        self._pace.start(done)

    def update(self, done: int, total: int | None) -> None:
        line = self._pace.describe(done, total)
        if total:
            bar = "#" * int(min(done / total, 1.0) * 30)
            line = f"[{bar:<30}] {line}"
        # Clear to the end of the line: a shorter line must not leave the old one's tail.
        self._stream.write(f"\r{line}\x1b[K")
        self._stream.flush()

    def close(self) -> None:
        self._stream.write("\n")
        self._stream.flush()


class PeriodicLines:
    """A plain line at most every `interval` seconds, for logs and pipes (no `\\r`, no
    escape codes). Nothing is written before the first interval has passed, so a short
    job stays quiet."""

    def __init__(
        self,
        stream: TextIO,
        *,
        interval: float,
        unit: str = "contact",
        clock: Clock = time.monotonic,
    ) -> None:
        self._stream = stream
        self._interval = interval
        self._clock = clock
        self._pace = _Pace(clock, unit)
        self._last = clock()

    def start(self, done: int) -> None:
        self._pace.start(done)
        self._last = self._clock()

    def update(self, done: int, total: int | None) -> None:
        now = self._clock()
        if now - self._last < self._interval:
            return
        self._last = now
        print(f"progress: {self._pace.describe(done, total)}", file=self._stream, flush=True)

    def close(self) -> None:
        pass


class TqdmBar:
    """A tqdm bar (rate and ETA included) on `stream`; the total is set once known."""

    def __init__(self, tqdm: ModuleType, stream: TextIO, *, unit: str = "contact") -> None:
        self._tqdm = tqdm
        self._stream = stream
        self._unit = unit
        self._bar: Any = None

    def start(self, done: int) -> None:
        # tqdm leaves `initial` out of the rate, as a resumed export should.
        self._bar = self._tqdm.tqdm(
            initial=done, unit=self._unit, file=self._stream, dynamic_ncols=True
        )

    def update(self, done: int, total: int | None) -> None:
        if self._bar is None:
            self.start(0)
        if total is not None and self._bar.total != total:
            self._bar.total = total
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def count_display(stream: TextIO, *, interval: float, unit: str = "contact") -> CountDisplay:
    """The display for a job's count on `stream`: a tqdm bar on a terminal when tqdm is
    installed, else a line redrawn in place; periodic plain lines when `stream` is not a
    terminal (a log file, a pipe, CI).

    A terminal that reports no size (a fresh pseudo-terminal, some containers) gets the
    line too: tqdm would draw nothing there.
    """
    if not stream.isatty():
        return PeriodicLines(stream, interval=interval, unit=unit)
    try:
        tqdm = importlib.import_module("tqdm")
    except ImportError:
        return LineBar(stream, unit=unit)
    if not _has_size(stream):
        return LineBar(stream, unit=unit)
    return TqdmBar(tqdm, stream, unit=unit)


def _has_size(stream: TextIO) -> bool:
    try:
        size = os.get_terminal_size(stream.fileno())
    except (OSError, ValueError):
        return False
    return size.columns > 0 and size.lines > 0
