"""`export`: check the bank, build the forms once, and hand them to each exporter."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from quizkit.bankcache import checked_bank
from quizkit.diagnostics import Diagnostic
from quizkit.exporters import canonical, format_names, get_exporter
from quizkit.exporters.base import CcVersion, ExportOptions, KeyStyle, Loss, Paper, Staging
from quizkit.selection import Selection, build_forms


@dataclass
class ExportReport:
    """Files written, what each format could not carry, and the bank's warnings."""

    paths: list[Path] = field(default_factory=list)
    losses: list[Loss] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def export_bank(
    bank_path: Path | str,
    formats: Sequence[str],
    out_dir: Path | str,
    selection: Selection,
    *,
    versions: int = 1,
    paper: Paper = "letter",
    key: KeyStyle = "full",
    cc_version: CcVersion = "1.1",
    strict: bool = False,
) -> ExportReport:
    """Check, then write every format; with any error, nothing is written."""
    names = format_names() if "all" in formats else list(dict.fromkeys(canonical(f) for f in formats))
    with ExitStack() as running:
        # Slow set-up (PDF's worker processes loading WeasyPrint) goes on while the bank is checked.
        classes = {name: get_exporter(name) for name in names}
        prepared = {name: running.enter_context(c.prepare(paper, versions)) for name, c in classes.items()}
        bank, warnings = checked_bank(bank_path, strict=strict)
        forms = build_forms(bank, selection, versions)
        options = ExportOptions(name=bank.name, paper=paper, key=key, cc_version=cc_version)
        staging = Staging(Path(out_dir))
        report = ExportReport(warnings=warnings)
        try:
            for name, cls in classes.items():
                exporter = cls(options, prepared[name])
                report.losses.extend(exporter.write(forms, staging).losses)
            report.paths = staging.commit()
        finally:
            staging.discard()
    return report
