"""The generated API reference pages: one per generated area, in the site's nav, with an
entry for every public method of the area (`python -m tools.generate --check` keeps
them in step with the declarations)."""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
import yaml

import intercom_async

from .spec_support import declared_calls

ROOT = Path(__file__).resolve().parents[1]
GENERATED = sorted(
    area
    for area in {call.method.split(".")[0] for call in declared_calls()}
    if "python -m tools.generate"
    in (ROOT / "intercom_async" / "resources" / f"{area}.py").read_text()
)
"""The namespaces the generator writes (not the hand-written ones it declares for)."""


def _nav_pages() -> list[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    pages: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, str):
            pages.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(config["nav"])
    return pages


def test_there_are_generated_areas() -> None:
    assert {"conversations", "teams"} <= set(GENERATED)


@pytest.mark.parametrize("area", GENERATED)
def test_each_generated_area_has_its_page_in_the_nav(area: str) -> None:
    assert f"reference/{area}.md" in _nav_pages()
    assert (ROOT / "docs" / "reference" / f"{area}.md").exists()


@pytest.mark.parametrize("area", GENERATED)
def test_the_page_documents_every_public_method_with_its_http_call(area: str) -> None:
    page = (ROOT / "docs" / "reference" / f"{area}.md").read_text()
    client = intercom_async.Client(token="tok", base_url="http://127.0.0.1:9")
    namespace = getattr(client, area)
    methods = [
        name
        for name, _ in inspect.getmembers(type(namespace), inspect.isfunction)
        if not name.startswith("_")
    ]
    assert methods
    for name in methods:
        assert f"## client.{area}.{name} {{#{area}-{name}}}" in page, name
    for call in declared_calls():
        if call.method.startswith(f"{area}."):
            heading = page.index(f"## client.{call.method} ")
            assert f"`{call.operation.endpoint}` returns" in page[heading:], call.method
