"""Diagnostics: what `check` found, where, and how to print it like a compiler does."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning", "note"]
"""A note is advice, not a flaw: shown and counted, never an error, not even under --strict."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place: file:line:column (line 0: the whole file or folder), a stable
    code and a message."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


def display_path(path: Path | str) -> str:
    """A path as a user typed it: relative to the working folder when inside it."""
    path = Path(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def apply_strict(diagnostics: Iterable[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Under --strict every warning counts as an error; notes stay notes."""
    if not strict:
        return list(diagnostics)
    return [replace(d, severity="error") if d.severity == "warning" else d for d in diagnostics]


def field_name(path: tuple[str | int, ...]) -> str:
    """A field as a teacher finds it in the file: 'prompt', or 'item 2 of 'answers'' for a list's item."""
    if not path:
        return "the value"
    last = path[-1]
    if isinstance(last, int):
        named = next((part for part in reversed(path) if isinstance(part, str)), None)
        return f"item {last + 1} of '{named}'" if named else f"item {last + 1}"
    return f"'{last}'"


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """In file order, so a teacher can work down the file; each said once (a figure repeated in a
    prompt is one warning, not one per time it is written)."""
    return sorted(dict.fromkeys(diagnostics), key=lambda d: (d.file, d.line, d.column, d.code))


def format_text(diagnostic: Diagnostic) -> str:
    """`file:line:col: severity[code]: message`, then the hint indented below it."""
    where = diagnostic.file
    if diagnostic.line:  # line 0: about a whole file or folder
        where += f":{diagnostic.line}:{diagnostic.column}"
    head = f"{where}: {diagnostic.severity}[{diagnostic.code}]: {diagnostic.message}"
    if not diagnostic.hint:
        return head
    hint = "\n".join(f"  {line}" for line in diagnostic.hint.splitlines())
    return f"{head}\n{hint}"


def format_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A JSON array of diagnostic objects (file, line, column, severity, code, message, hint)."""
    return json.dumps([asdict(d) for d in diagnostics], indent=2, ensure_ascii=False)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings); notes are neither."""
    errors = warnings = 0
    for d in diagnostics:
        if d.is_error:
            errors += 1
        elif d.severity == "warning":
            warnings += 1
    return errors, warnings


def count_notes(diagnostics: Iterable[Diagnostic]) -> int:
    """How many diagnostics are notes (advice that never fails a check)."""
    return sum(d.severity == "note" for d in diagnostics)


def plural(n: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
