"""Accessibility audit of the HTML handouts: axe-core run inside headless Chromium."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quizkit.checking import check_bank
from quizkit.exporting import export_bank
from quizkit.selection import Selection

from .browser import Browser, needs_browser
from .conftest import BANKS, SHIPPED_BANK

pytestmark = needs_browser


@pytest.fixture(scope="module")
def handout_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The HTML handouts of the shipped bank (where it is complete) and of the small bank."""
    out = tmp_path_factory.mktemp("a11y")
    banks = [BANKS / "small"]
    if (SHIPPED_BANK / "bank.yaml").is_file() and check_bank(SHIPPED_BANK).ok:
        banks.append(SHIPPED_BANK)
    paths: list[Path] = []
    for bank in banks:
        report = export_bank(bank, ["html"], out / bank.name, Selection(seed=3), versions=2, key="both")
        paths.extend(p for p in report.paths if not p.name.startswith(f"{bank.name}-B"))
    return paths


@pytest.mark.parametrize("kind", ["student", "key", "compact", "sources"])
def test_handouts_have_no_axe_violations(browser: Browser, handout_files: list[Path], kind: str) -> None:
    chosen = [p for p in handout_files if _kind(p) == kind]
    assert chosen, f"no {kind} handout was written"
    for path in chosen:
        violations = browser.axe_violations(path.as_uri())
        assert violations == [], f"{path.name}: " + json.dumps(violations, indent=1)


def _kind(path: Path) -> str:
    stem = path.stem
    if stem.endswith("-sources"):
        return "sources"
    if stem.endswith("-key-compact"):
        return "compact"
    return "key" if stem.endswith("-key") else "student"


def test_axe_audit_catches_a_broken_page(browser: Browser, tmp_path: Path) -> None:
    """The audit is real: a page with faint text and no language fails it."""
    page = tmp_path / "broken.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main><h1>Broken</h1>"
        '<p style="color:#ccc">faint text</p><img src="x.png"></main></body></html>',
        encoding="utf-8",
    )
    found = {v["id"] for v in browser.axe_violations(page.as_uri())}
    assert {"html-has-lang", "color-contrast", "image-alt"} <= found
