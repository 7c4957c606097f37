"""The export's progress displays, driven by a hand-turned clock."""

from __future__ import annotations

import io

from intercom_async._progress import LineBar, PeriodicLines


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_periodic_lines_wait_an_interval_and_measure_the_rate_from_the_resume() -> None:
    clock, out = Clock(), io.StringIO()
    lines = PeriodicLines(out, interval=10, clock=clock)
    lines.start(100)  # a resumed export: 100 written by an earlier run
    clock.now += 4
    lines.update(140, 400)
    assert out.getvalue() == ""  # before the first interval
    clock.now += 6
    lines.update(200, 400)  # 100 in 10 s: 10/s, 200 to go
    clock.now += 5
    lines.update(250, 400)  # within the interval of the last line
    clock.now += 5
    lines.update(300, None)
    lines.close()
    assert out.getvalue().splitlines() == [
        "progress: 200/400 contacts (50%), 10/s, 0:00:20 left",
        "progress: 300 contacts, 10/s",
    ]


def test_the_line_bar_redraws_in_place_and_says_the_time_left() -> None:
    clock, out = Clock(), io.StringIO()
    bar = LineBar(out, clock=clock)
    bar.start(0)
    bar.update(0, 7200)
    clock.now += 60
    bar.update(60, 7200)
    bar.close()
    assert out.getvalue() == (
        f"\r[{'':30}] 0/7200 contacts (0%)\x1b[K"
        f"\r[{'':30}] 60/7200 contacts (0%), 1/s, 1:59:00 left\x1b[K\n"
    )
