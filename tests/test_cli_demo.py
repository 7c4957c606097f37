"""The README's first command: the demo runs against the embedded fake Intercom."""

from __future__ import annotations

import subprocess
import sys


def run_demo(contacts: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603  (our own interpreter, fixed arguments)
        [sys.executable, "-m", "intercom_async", "demo", "--contacts", str(contacts)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_demo_runs_end_to_end() -> None:
    done = run_demo(2)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Fake Intercom at http://127.0.0.1:")
    assert sum(line.startswith("  owner:") for line in lines) == 2
    assert lines[-1].endswith("requests in all.")
    assert "fake-token" not in done.stdout


def test_demo_prints_note_bodies_as_text_not_html() -> None:
    done = run_demo(3)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stdout.splitlines() if line.startswith("    - ")]
    assert notes
    assert not [line for line in notes if "<" in line or "&amp;" in line]
