"""`preview`: the student copy and answer key as HTML pages that reload themselves, with the
check's findings on top (a bank with errors gets a page listing them instead of the handout)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from quizkit.banklayout import SOURCE_SUFFIX, SOURCES_DIR, bank_paths
from quizkit.checking import check_bank
from quizkit.diagnostics import count, display_path, format_text, plural
from quizkit.exporters.base import ExportOptions
from quizkit.handouts import handouts, stylesheet
from quizkit.selection import Selection, build_forms
from quizkit.templating import render

REFRESH_SECONDS = 2
_PARTS = (("student", "", "student copy"), ("key", "-key", "answer key"))


@dataclass(frozen=True)
class Preview:
    """The pages written and what the check said about the bank."""

    paths: tuple[Path, ...]
    errors: int
    warnings: int


def default_folder(bank: Path) -> Path:
    """Where previews go unless told: a folder per bank in the user's cache."""
    from quizkit.cachefiles import cache_folder

    folder, _ = bank_paths(bank)
    return cache_folder("preview", folder.resolve().name or "bank")


def build_preview(bank: Path, out_dir: Path) -> Preview:
    """Check the bank and write `<name>.html` and `<name>-key.html` into `out_dir`."""
    checked = check_bank(bank)
    errors, warnings = count(checked.diagnostics)
    name = checked.path.resolve().name or "bank"
    context = {
        "bank": display_path(checked.path),
        "built": dt.datetime.now().strftime("%H:%M:%S"),
        "summary": f"{plural(errors, 'error')}, {plural(warnings, 'warning')}",
        "diagnostics": [format_text(d) for d in checked.diagnostics],
        "errors": errors,
        "refresh": REFRESH_SECONDS,
    }
    pages: dict[str, str] = {}
    if checked.ok and checked.bank is not None and checked.bank.questions:
        forms = build_forms(checked.bank, Selection(seed=1, shuffle=False))
        css = stylesheet("letter")
        options = ExportOptions(name=name)
        for handout in handouts(forms, options, ".html", kinds=("student", "key")):
            pages[handout.filename] = render(
                f"preview/{handout.kind}.html.jinja", doc=handout, css=css, **context
            )
    else:
        for _, suffix, part in _PARTS:
            pages[f"{name}{suffix}.html"] = render(
                "preview/errors.html.jinja", part=part, waiting=errors == 0, **context
            )
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for filename, html in pages.items():
        target = out_dir / filename
        partial = out_dir / f".{filename}.partial"
        partial.write_text(html, encoding="utf-8")
        os.replace(partial, target)  # the browser never reloads a half-written page
        paths.append(target)
    return Preview(tuple(paths), errors, warnings)


def watch_bank(bank: Path, rebuild: Callable[[], None]) -> None:
    """Call `rebuild` whenever bank.yaml or a source of the bank changes, until Ctrl-C."""
    import watchfiles

    folder, bank_file = bank_paths(bank)
    folder = folder.resolve()
    bank_file = bank_file.resolve()

    def relevant(_: watchfiles.Change, path: str) -> bool:
        changed = Path(path)
        if changed == bank_file:
            return True
        return changed.parent == folder / SOURCES_DIR and changed.suffix == SOURCE_SUFFIX

    try:
        for _ in watchfiles.watch(folder, watch_filter=relevant):
            rebuild()
    except KeyboardInterrupt:  # Ctrl-C, while waiting or while rebuilding, is how a watch ends
        return
