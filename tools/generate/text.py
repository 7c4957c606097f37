"""Spec prose turned into docstrings: Intercom's markup dropped, the first sentences kept."""

from __future__ import annotations

import re
import textwrap

__all__ = ["docstring", "first_sentence", "paragraphs"]

_ADMONITION = re.compile(r'\{%\s*admonition[^%]*name="([^"]*)"[^%]*%\}\s*', re.S)
_TAG = re.compile(r"\{%[^%]*%\}")
_HTML = re.compile(r"</?[a-z]+[^>]*>")
_PLACEHOLDER = re.compile(r"(?<=/)<([a-z_]+)>")
"""`/articles/<id>` in a URL: a placeholder, not an HTML tag."""
_ASCII = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-"})
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")


def _clean(text: str) -> str:
    text = _ADMONITION.sub(lambda m: f"{m.group(1)}: ", text or "")
    text = _TAG.sub("", text)
    text = _PLACEHOLDER.sub(r"{\1}", text)
    text = _HTML.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = text.replace("\\", "\\\\").replace('"""', "'''")
    text = text.translate(_ASCII)
    return text.replace("\r", "")


def paragraphs(text: str | None, limit: int = 2) -> list[str]:
    """The first `limit` prose paragraphs (no tables, headings or lists), on one line each."""
    kept: list[str] = []
    for block in re.split(r"\n\s*\n", _clean(text or "")):
        block = block.strip()
        if not block or block.startswith(("|", "#", "-", "*", "```", "{")):
            continue
        kept.append(" ".join(block.split()))
        if len(kept) == limit:
            break
    return kept


def first_sentence(text: str | None) -> str:
    """The first sentence of the first paragraph, ending with a full stop."""
    found = paragraphs(text, 1)
    if not found:
        return ""
    # Not after "e.g." or "i.e.": those end no sentence.
    sentence = re.split(r"(?<!e\.g\.)(?<!i\.e\.)(?<=[.!?])\s", found[0], maxsplit=1)[0].strip()
    return sentence if sentence.endswith((".", "!", "?", ":")) else sentence + "."


def docstring(lines: list[str], indent: int) -> str:
    """A triple-quoted docstring of `lines` (paragraphs wrapped to fit 100 columns)."""
    pad = " " * indent
    width = 94 - indent  # a one-line docstring keeps its quotes within 100 columns
    wrapped: list[str] = []
    for line in lines:
        if not line:
            wrapped.append("")
            continue
        lead = len(line) - len(line.lstrip())
        wrapped.extend(
            textwrap.wrap(
                line.strip(),
                width=width,
                initial_indent=" " * lead,
                subsequent_indent=" " * (lead + (4 if lead else 0)),
                break_on_hyphens=False,
                break_long_words=False,
            )
            or [""]
        )
    if len(wrapped) == 1 and len(wrapped[0]) + indent + 6 <= 100:
        return f'{pad}"""{wrapped[0]}"""\n'
    body = "\n".join(f"{pad}{line}" if line else "" for line in wrapped)
    return f'{pad}"""{body.lstrip()}\n{pad}"""\n'
