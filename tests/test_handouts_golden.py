"""Golden HTML handouts of the small fixture bank: any change to the output shows as a diff.

After an intended change: `make golden`, then review `git diff tests/golden/html`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizkit.checking import require_valid_bank
from quizkit.exporters.base import ExportOptions, Staging
from quizkit.exporters.html import HtmlExporter
from quizkit.selection import Selection, build_forms

from .conftest import BANKS


@pytest.fixture(scope="module")
def small_handouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    bank, _ = require_valid_bank(BANKS / "small")
    staging = Staging(tmp_path_factory.mktemp("golden"))
    HtmlExporter(ExportOptions(name="small")).write(build_forms(bank, Selection(seed=1)), staging)
    return {p.name: p.read_text(encoding="utf-8") for p in staging.commit()}


@pytest.mark.parametrize("name", ["small.html", "small-key.html", "small-sources.html"])
def test_html_handout_golden(
    name: str, small_handouts: dict[str, str], golden: Callable[[str, str | bytes], None]
) -> None:
    golden(f"html/{name}", small_handouts[name])


def test_golden_files_are_the_three_documents(small_handouts: dict[str, str]) -> None:
    assert sorted(small_handouts) == ["small-key.html", "small-sources.html", "small.html"]
    assert all(Path(name).suffix == ".html" for name in small_handouts)
