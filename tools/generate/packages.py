"""The lazy name tables of `intercom_async.models` and `intercom_async.resources`.

Each package's `__init__.py` is hand-written except between two marker lines, where this
writes what its public submodules export (their `__all__`, read from the source, the
generated text where a submodule is generated): the imports mypy and the docs read, the
package's `__all__`, and `_SUBMODULES`, the table `_lazy.lazy_names` loads them by.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from pathlib import Path

__all__ = ["render_package"]

START = "# --- generated: python -m tools.generate writes from here to the end marker ---\n"
END = "# --- generated: end ---\n"


def render_package(init: Path, texts: Mapping[Path, str]) -> str:
    """`init` (a package's `__init__.py`) with its generated part rewritten; `texts`
    holds the generated modules' new text, read before the files on disk."""
    exports = {
        f".{path.stem}": _exported(texts.get(path) or path.read_text(), path)
        for path in sorted(init.parent.glob("*.py"))
        if not path.name.startswith("_")
    }
    exports = {module: names for module, names in exports.items() if names}
    imports = "".join(
        f"    from {module} import {', '.join(names)}\n" for module, names in exports.items()
    )
    table = "".join(f"    {module!r}: {tuple(names)!r},\n" for module, names in exports.items())
    everything = sorted(name for names in exports.values() for name in names)
    generated = (
        f"{START}"
        f"if TYPE_CHECKING:\n{imports}\n"
        f"__all__ = {everything!r}\n\n"
        f"_SUBMODULES = {{\n{table}}}\n"
        '"""Which submodule defines each name, for `lazy_names`."""\n'
        f"{END}"
    )
    text = init.read_text()
    before, start, rest = text.partition(START)
    _, end, after = rest.partition(END)
    if not (start and end):
        raise ValueError(f"{init}: the generated part's marker lines are missing")
    return before + generated + after


def _exported(text: str, path: Path) -> list[str]:
    """The names of the module's `__all__` that it defines, not those it imports (a
    re-export such as `notes.Note` is listed where it is defined)."""
    body = ast.parse(text).body
    imported = {
        alias.asname or alias.name
        for node in body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    for node in body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "__all__" for target in node.targets
        ):
            return sorted(set(ast.literal_eval(node.value)) - imported)
    raise ValueError(f"{path} has no literal __all__")
