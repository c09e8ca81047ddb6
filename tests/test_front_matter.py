"""Where a source's front matter ends and its text begins, whatever its line endings."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.diagnostics import Diagnostic
from quizkit.loading import load_source
from quizkit.textlines import split_lines


def _expected(text: str) -> tuple[str, int] | None:
    """The text after the front matter and its first line, found line by line as split_lines
    counts lines; None when the front matter never closes."""
    lines = split_lines(text, keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            return "".join(lines[index + 1 :]), index + 2
    return None


CASES = [
    "",
    "no front matter\n---\n",
    "---\ntitle: T\n---\nBody line 1.\nBody line 2.\n",
    "---\r\ntitle: T\r\n---\r\nBody.\r\n",
    "---\ntitle: T\n...\nBody.",
    "---\ntitle: T\n---",
    "---\n---\n",
    "---\n---",
    "---\r\r\ntitle: T\n---\r\n\nafter a blank line\n",
    "---\ntitle: '---'\n---\nBody.\n",
    "---\ntitle: T\n",
    "---",
    "----\ntitle: T\n---\n",
    "---\ntitle: 'a\u2028b'\n---\nBody\u2028still line 1.\n",
]


@pytest.mark.parametrize("text", CASES)
def test_the_text_starts_after_the_closing_line(text: str, tmp_path: Path) -> None:
    file = tmp_path / "article.txt"
    file.write_bytes(text.encode("utf-8"))
    diagnostics: list[Diagnostic] = []
    source = load_source(file, diagnostics)
    expected = _expected(text)
    if expected is None:
        assert source is None
        assert [(d.line, d.code, d.message) for d in diagnostics] == [
            (1, "front-matter", "front matter starts with '---' but has no closing '---' line")
        ]
        return
    assert source is not None, diagnostics
    assert (source.text, source.first_line) == expected
    assert diagnostics == []
