"""The quickstart notebook runs top to bottom in a real kernel (nbclient + ipykernel)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from intercom_async.testing import FakeIntercom

NOTEBOOK = Path(__file__).parent.parent / "docs" / "notebooks" / "quickstart.ipynb"


def _outputs(notebook: Any, tag: str) -> list[Any]:
    cells = [cell for cell in notebook.cells if tag in cell.metadata.get("tags", ())]
    assert len(cells) == 1, f"one cell tagged {tag!r} expected"
    outputs: list[Any] = cells[0].outputs
    return outputs


def test_quickstart_notebook_executes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    runner = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    runner.execute()

    # The notebook's workspace is FakeIntercom(seed=1, contacts=50); rebuild it to compare.
    store = FakeIntercom(seed=1, contacts=50).store
    first_id = next(iter(store.contacts))
    raw = store.contacts[first_id]
    expected_repr = f"Contact(id={first_id!r}, email={raw['email']!r}, name={raw['name']!r})"

    (shown,) = _outputs(notebook, "contact")
    assert shown.output_type == "execute_result"
    assert shown.data["text/plain"] == expected_repr
    assert shown.data["text/html"].startswith("<table><caption>Contact(id=")
    assert f"<th>email</th><td>{raw['email']}</td>" in shown.data["text/html"]

    (printed,) = _outputs(notebook, "contact-repr")
    assert printed.text.splitlines()[0] == expected_repr

    (page,) = _outputs(notebook, "page")
    assert page.data["text/html"].count("<tr><td>") == 5
    caption = f"<caption>5 Contact of {len(store.contacts)}; more pages follow</caption>"
    assert caption in page.data["text/html"]

    (row,) = _outputs(notebook, "row")
    assert f"'id': {first_id!r}" in row.data["text/plain"]
    assert "'created_at': '20" in row.data["text/plain"]

    (requests,) = _outputs(notebook, "requests")
    assert requests.text.endswith("requests sent to the fake\n")
    assert _outputs(notebook, "teardown") == []
