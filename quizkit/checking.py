"""`check`: load a bank, prove its evidence, and gather every diagnostic in file order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quizkit.banklayout import BANK_FILE
from quizkit.diagnostics import (
    Diagnostic,
    apply_strict,
    count,
    display_path,
    format_text,
    plural,
    sort_diagnostics,
)
from quizkit.errors import BankError
from quizkit.evidence import check_evidence
from quizkit.gcpause import gc_paused
from quizkit.lint import lint_bank
from quizkit.loading import load_bank
from quizkit.model import Bank
from quizkit.textmatch import source_texts


@dataclass
class CheckedBank:
    """A bank and everything `check` found in it."""

    path: Path
    bank: Bank | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.bank is not None and not any(d.is_error for d in self.diagnostics)


def find_banks(paths: Iterable[Path | str]) -> list[Path]:
    """Bank folders named by `paths`: a bank folder, a bank.yaml, or a folder holding banks."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() or (path / BANK_FILE).is_file():
            found.append(path)
            continue
        nested = sorted(p.parent for p in path.rglob(BANK_FILE)) if path.is_dir() else []
        found.extend(nested or [path])  # no bank at all: load_bank says so, with the path
    return list(dict.fromkeys(found))


def check_bank(path: Path | str, *, strict: bool = False) -> CheckedBank:
    """Load the bank at `path`, prove every citation and lint its questions; never raises for a bad bank."""
    with gc_paused():  # the bank, its indexes and its findings all live until the check ends
        loaded = load_bank(path)
        diagnostics = list(loaded.diagnostics)
        bank, where = loaded.bank, loaded.where
        if bank is not None and where is not None:
            texts = source_texts(bank)  # normalised once, read by the evidence check and the lints
            diagnostics.extend(
                check_evidence(bank, where, loaded.question_paths, loaded.orphan_evidence, texts)
            )
            diagnostics.extend(
                lint_bank(bank, where, loaded.question_paths, loaded.text, where.document, texts)
            )
    return CheckedBank(loaded.path, loaded.bank, sort_diagnostics(apply_strict(diagnostics, strict)))


def require_valid_bank(path: Path | str, *, strict: bool = False) -> tuple[Bank, list[Diagnostic]]:
    """The bank, ready for export or play, with its warnings; BankError if it has errors."""
    checked = check_bank(path, strict=strict)
    if not checked.ok or checked.bank is None:
        errors, _ = count(checked.diagnostics)
        listing = "\n".join(format_text(d) for d in checked.diagnostics if d.is_error)
        raise BankError(f"{display_path(checked.path)}: {plural(errors, 'error')}; nothing was done", listing)
    return checked.bank, checked.diagnostics
