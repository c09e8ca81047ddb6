"""QTI 3.0 content packages: golden files, the official CP profile, citolab's downgrade as reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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
QTI3 = "http://www.imsglobal.org/xsd/imsqtiasi_v3p0"


def citolab() -> Any:
    return pytest.importorskip(
        "qti_convert", reason="citolab-qti-convert is not installed (pip install -e '.[dev]')"
    )


def test_qti30_golden(small_bank: Path, tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    _, files = export(small_bank, "qti30", tmp_path)
    assert len(files) == 9
    for name, data in sorted(files.items()):
        golden(f"qti30/{name}", data.decode("utf-8"))


@pytest.mark.parametrize("which", ["small", "awkward", "shipped"])
def test_qti30_manifest_validates_and_downgrade_validates_as_qti21(
    which: str, small_bank: Path, tmp_path: Path, lms_schemas: Path
) -> None:
    """The 3.0 item XSD is not available here: items are checked through citolab's downgrade."""
    bank = {"small": small_bank, "awkward": ROOT / "tests" / "banks" / "awkward"}.get(
        which
    ) or shipped_bank_or_skip(ROOT)
    report, files = export(bank, "qti30", tmp_path)
    assert_valid(
        lms_schemas / "qti30/qtiv3p0/imsqtiv3p0_imscpv1p2_v1p0.xsd",
        files["imsmanifest.xml"],
        "imsmanifest.xml",
    )
    named = manifest_files(files["imsmanifest.xml"])
    assert set(named) == set(files) - {"imsmanifest.xml"}
    for name, data in files.items():
        if name != "imsmanifest.xml":
            assert parse(data).nsmap[None] == QTI3, name
    downgraded = tmp_path / "qti21.zip"
    citolab().downgrade_package(str(report.paths[0]), str(downgraded))
    files21 = unzip(downgraded.read_bytes())
    for name, data in files21.items():
        if name.endswith(".xml") and name != "imsmanifest.xml":  # the converter adds a stylesheet
            assert_valid(lms_schemas / "qti21/qtiv2p1/imsqti_v2p1.xsd", data, f"downgraded {name}")
    assert_valid(lms_schemas / "qti21/imscp_v1p1.xsd", files21["imsmanifest.xml"], "downgraded manifest")
    keys = bank_keys(bank)
    assert qti2_keys(files21) == qti2_keys(files) == {k: v for k, v in keys.items() if k in qti2_keys(files)}


def test_qti30_matches_citolab_upgrade_of_our_qti21(small_bank: Path, tmp_path: Path) -> None:
    report21, _ = export(small_bank, "qti21", tmp_path / "21")
    upgraded = tmp_path / "upgraded.zip"
    citolab().upgrade_package(str(report21.paths[0]), str(upgraded))
    _, files30 = export(small_bank, "qti30", tmp_path / "30")
    assert qti2_keys(unzip(upgraded.read_bytes())) == qti2_keys(files30) == bank_keys(small_bank)


def test_qti30_items_use_qti3_names(small_bank: Path, tmp_path: Path) -> None:
    _, files = export(small_bank, "qti30", tmp_path, selection=Selection(seed=3))
    by_title = {parse(d).get("title"): d.decode() for n, d in files.items() if n.startswith("items/")}
    assert '<qti-rubric-block use="scoring" view="scorer">' in by_title["preview-vs-report"]
    assert 'external-scored="human"' in by_title["preview-vs-report"]
    assert (
        '<qti-map-entry map-key="100,000" mapped-value="1" case-sensitive="false"/>'
        in by_title["softbank-jobs"]
    )
    assert 'case-sensitive="false"' in by_title["largest-investor"]
    assert "<qti-content-body>" in by_title["who-said-it"]
