"""Every ```python block of README.md and docs/ type-checks under `mypy --strict`, and
the blocks that start their own FakeIntercom also run, as in a notebook."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import intercom_async
from intercom_async.testing import FakeIntercom

from .docs_examples import ROOT, Example, examples

EXAMPLES = examples()


def test_every_block_type_checks(tmp_path: Path) -> None:
    files = {}
    for index, example in enumerate(EXAMPLES):
        path = tmp_path / f"example_{index:03d}.py"
        path.write_text(example.module())
        files[path.name] = example
    # pandas and the like are not installed here: their imports are taken as Any.
    command = [sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports"]
    command += ["--no-error-summary", "--cache-dir", str(tmp_path / "cache"), str(tmp_path)]
    checked = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)  # noqa: S603
    problems = []
    for line in checked.stdout.splitlines():
        found = re.match(r".*(example_\d+\.py):(\d+): (error: .*)", line)
        if found:
            example = files[found.group(1)]
            start = example.module().splitlines().index("async def example() -> None:") + 1
            problems.append(f"{example.name} (+{int(found.group(2)) - start}): {found.group(3)}")
    assert not problems, "\n".join(problems)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_examples_are_found() -> None:
    sources = {example.source.name for example in EXAMPLES}
    assert {"README.md", "index.md", "testing.md", "notebooks.md"} <= sources
    assert len(EXAMPLES) > 30


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.runs_alone], ids=lambda e: e.name)
async def test_self_contained_blocks_run(example: Example) -> None:
    """Run at top level with `await` allowed, as Jupyter does; what they leave open is
    closed afterwards (a notebook's next cell would)."""
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    code = compile(example.code, example.name, "exec", flags=flags, dont_inherit=True)
    namespace: dict[str, object] = {"__name__": "example"}
    try:
        outcome = eval(code, namespace)  # noqa: S307 - our own documentation
        if outcome is not None:
            await outcome
    finally:
        for value in namespace.values():
            if isinstance(value, intercom_async.Client):
                await value.aclose()
        for value in namespace.values():
            if isinstance(value, FakeIntercom):
                await value.stop()


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    test_line = next(line for line in readme.splitlines() if line.endswith("# the tests"))
    command = test_line.rsplit("#", 1)[0].strip()
    assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert command in (ROOT / ".ci" / "run").read_text().splitlines()
