"""QTI 2.1 content packages: golden files, the official schemas, and citolab's converter as reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from quizkit.exporting import export_bank
from quizkit.selection import Selection
from tests.test_lms_common import (
    assert_valid,
    bank_keys,
    export,
    manifest_files,
    parse,
    qti2_keys,
    shipped_bank_or_skip,
    unzip,
)

ROOT = Path(__file__).resolve().parent.parent


def test_qti21_golden(small_bank: Path, tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    _, files = export(small_bank, "qti21", tmp_path)
    assert len(files) == 9  # manifest, test, seven items
    for name, data in sorted(files.items()):
        golden(f"qti21/{name}", data.decode("utf-8"))


@pytest.mark.parametrize("which", ["small", "awkward", "shipped"])
def test_qti21_validates_against_the_official_schemas(
    which: str, small_bank: Path, tmp_path: Path, lms_schemas: Path
) -> None:
    bank = {"small": small_bank, "awkward": ROOT / "tests" / "banks" / "awkward"}.get(
        which
    ) or shipped_bank_or_skip(ROOT)
    _, files = export(bank, "qti21", tmp_path)
    assert_valid(lms_schemas / "qti21/imscp_v1p1.xsd", files["imsmanifest.xml"], "imsmanifest.xml")
    for name, data in files.items():
        if name != "imsmanifest.xml":
            assert_valid(lms_schemas / "qti21/qtiv2p1/imsqti_v2p1.xsd", data, name)
    named = manifest_files(files["imsmanifest.xml"])
    assert set(named) == set(files) - {"imsmanifest.xml"}, "the manifest names every file, and only those"
    assert qti2_keys(files) == {qid: key for qid, key in bank_keys(bank).items() if qid in qti2_keys(files)}


def test_qti21_items_carry_scoring_and_evidence(small_bank: Path, tmp_path: Path) -> None:
    _, files = export(small_bank, "qti21", tmp_path)
    keys = qti2_keys(files)
    assert keys == bank_keys(small_bank)
    by_title = {parse(d).get("title"): d.decode() for n, d in files.items() if n.startswith("items/")}
    assert 'caseSensitive="false"' in by_title["largest-investor"]
    assert '<mapEntry mapKey="100,000" mappedValue="1" caseSensitive="false"/>' in by_title["softbank-jobs"]
    assert '<mapEntry mapKey="l1 r1" mappedValue="0.3333"/>' in by_title["who-said-it"]
    assert '<rubricBlock view="scorer">' in by_title["preview-vs-report"]
    assert "line 16: “President Trump reiterated" in by_title["who-said-it"]
    assert "&lt;invest&gt;" in by_title["pledge-verb"]
    # per-choice feedback is keyed on the response
    assert 'identifier="c2" showHide="show"' in by_title["pledge-verb"]


def test_qti21_citolab_upgrade_to_qti30_keeps_the_keys(small_bank: Path, tmp_path: Path) -> None:
    qti_convert = pytest.importorskip(
        "qti_convert", reason="citolab-qti-convert is not installed (pip install -e '.[dev]')"
    )
    report, files = export(small_bank, "qti21", tmp_path)
    upgraded = tmp_path / "upgraded.zip"
    qti_convert.upgrade_package(str(report.paths[0]), str(upgraded))
    converted = unzip(upgraded.read_bytes())
    assert b"qti-assessment-item" in converted[next(n for n in converted if n.startswith("items/"))]
    assert qti2_keys(converted) == qti2_keys(files) == bank_keys(small_bank)


def test_qti21_is_byte_identical_and_reports_the_articles(small_bank: Path, tmp_path: Path) -> None:
    first = export_bank(small_bank, ["qti21"], tmp_path / "one", Selection())
    second = export_bank(small_bank, ["qti21"], tmp_path / "two", Selection())
    assert first.paths[0].read_bytes() == second.paths[0].read_bytes()
    assert [(loss.question_id, loss.message) for loss in first.losses] == [
        (None, "a QTI 2.1 package has no place for the source articles; share them separately"),
        (
            "softbank-jobs",
            "QTI matches this number as typed text: it accepts '100000', '100000.', '100,000', "
            "'100,000.', with up to "
            "two spaces around, but other ways of writing it (such as '100000.0' or words) score 0 "
            "where quizkit play accepts them",
        ),
        (
            "largest-investor",
            "QTI compares a short answer as typed, ignoring case: it is also accepted with a full "
            "stop, with straight quotes or a curly apostrophe, without its punctuation and with up "
            "to two spaces before or after, but more spaces, other punctuation or a doubled space "
            "inside make a right answer wrong",
        ),
    ]


def test_qti21_no_shuffle_keeps_choices_in_order(small_bank: Path, tmp_path: Path) -> None:
    _, files = export(small_bank, "qti21", tmp_path, selection=Selection(shuffle=False))
    bodies = [d.decode() for n, d in files.items() if n.startswith("items/")]
    assert not any('shuffle="true"' in body for body in bodies)
