"""Helpers for the lint tests: write a bank from `questions:` YAML and check it."""

from __future__ import annotations

from pathlib import Path

from quizkit.checking import check_bank
from quizkit.diagnostics import Diagnostic
from quizkit.lint.examples import example_files


def write_example(folder: Path, questions: str) -> Path:
    """A bank of `questions` (YAML entries) citing the example article; returns its folder."""
    for name, text in example_files(questions).items():
        file = folder / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return folder


def lint(folder: Path, questions: str) -> list[Diagnostic]:
    """Every diagnostic of `check` on a bank of `questions` written into `folder`."""
    return check_bank(write_example(folder, questions)).diagnostics


def found(diagnostics: list[Diagnostic]) -> list[tuple[int, str, str]]:
    """(line, code, message) of each diagnostic, for exact comparison."""
    return [(d.line, d.code, d.message) for d in diagnostics]
