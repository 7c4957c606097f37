"""Project automation: `nox -s tests lint typecheck`."""

from __future__ import annotations

import shutil

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1"}


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test-suite against the fake Intercom over loopback."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint and format check."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict over the package and the typing checks in tests/typing."""
    session.install("-e", ".[dev]")
    session.run("mypy")


@nox.session
def generate(session: nox.Session) -> None:
    """Regenerate the models, operations and namespaces from the spec and
    `tools/generate/overrides.yaml`; `nox -s generate -- --check` only checks."""
    session.install("pyyaml>=6", "ruff", "attrs>=23.1")
    session.run("python", "-m", "tools.generate", *session.posargs)


@nox.session
def contract(session: nox.Session) -> None:
    """Every declared operation through the public methods against Stoplight Prism mocking
    the spec (`tests/contract/`); Prism is installed with npm into `.cache/prism` once."""
    session.install("-e", ".[test]")
    session.run("pytest", "-m", "contract", "tests/contract", *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site, built with `mkdocs build --strict` (warnings fail)."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", *session.posargs, env=QUIET_MKDOCS)


@nox.session
def docs_browser(session: nox.Session) -> None:
    """Build the site, then load the home page, the `client.contacts` reference and the
    rendered notebook in headless Chromium (Debian's `chromium`, installed if missing
    and we are root) and check what they show; screenshots in `site/_screenshots/`."""
    if shutil.which("chromium") is None and shutil.which("google-chrome") is None:
        session.run("apt-get", "install", "-y", "-q", "chromium", external=True)
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", "--site-dir", "site", env=QUIET_MKDOCS)
    session.run("python", "tools/check_docs_in_browser.py", "site")


@nox.session
def bench(session: nox.Session) -> None:
    """benchmarks/: one table of throughput, CPU, rate-limit behaviour and structuring cost.

    The official python-intercom is installed here only, as the comparison, with
    sniffio (which httpx looks for on every request and is slower without).
    `nox -s bench -- --write` also updates docs/performance.md;
    `nox -s bench -- --instructions` counts instructions per lookup under callgrind
    instead (benchmarks/callgrind.py; needs valgrind).
    """
    session.install("-e", ".", "python-intercom>=5,<6", "sniffio", "msgspec", "pyyaml>=6")
    if "--instructions" in session.posargs:
        rest = [arg for arg in session.posargs if arg != "--instructions"]
        session.run("python", "benchmarks/callgrind.py", *rest)
        return
    session.run("python", "benchmarks/run.py", *session.posargs)
