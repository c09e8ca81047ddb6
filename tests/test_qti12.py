"""Canvas QTI 1.2 export: golden files, the official schema, a reader someone else wrote."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quizkit.cli import main
from quizkit.selection import Selection
from tests.test_lms_common import (
    assert_valid,
    expected_key,
    export,
    manifest_files,
    parse,
    shipped_bank_or_skip,
    small_form,
)

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
ROOT = Path(__file__).resolve().parent.parent


def assessment_of(files: dict[str, bytes]) -> tuple[str, bytes]:
    (name,) = [n for n in files if n.endswith(".xml") and "/" in n and not n.endswith("assessment_meta.xml")]
    return name, files[name]


def test_qti12_golden(small_bank: Path, tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    _, files = export(small_bank, "qti12", tmp_path)
    assert len(files) == 3
    for name, data in sorted(files.items()):
        golden(f"qti12/{name}", data.decode("utf-8"))


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_qti12_validates_against_the_official_schema(
    which: str, small_bank: Path, tmp_path: Path, lms_schemas: Path
) -> None:
    bank = small_bank if which == "small" else shipped_bank_or_skip(ROOT)
    _, files = export(bank, "qti12", tmp_path)
    name, assessment = assessment_of(files)
    assert_valid(lms_schemas / "qti12/domainProfile_4/ims_qtiasiv1p2.xsd", assessment, name)
    assert_valid(lms_schemas / "qti21/imscp_v1p1.xsd", files["imsmanifest.xml"], "imsmanifest.xml")
    named = manifest_files(files["imsmanifest.xml"])
    assert name in named and any(n.endswith("assessment_meta.xml") for n in named)
    assert set(named) <= set(files), f"named in the manifest but missing: {set(named) - set(files)}"
    parse(files[next(n for n in files if n.endswith("assessment_meta.xml"))])  # well-formed


def test_qti12_is_byte_identical_for_the_same_seed(small_bank: Path, tmp_path: Path) -> None:
    first, _ = export(small_bank, "qti12", tmp_path / "one")
    second, _ = export(small_bank, "qti12", tmp_path / "two")
    assert first.paths[0].read_bytes() == second.paths[0].read_bytes()


def test_qti12_identifiers_do_not_depend_on_the_seed(small_bank: Path, tmp_path: Path) -> None:
    idents = []
    for seed in (1, 2):
        _, files = export(small_bank, "qti12", tmp_path / str(seed), selection=Selection(seed=seed))
        _, assessment = assessment_of(files)
        idents.append(sorted(item.get("ident") for item in parse(assessment).iter(f"{QTI}item")))
    assert idents[0] == idents[1]


def test_qti12_text_survives_escaping(small_bank: Path, tmp_path: Path) -> None:
    from lxml import html

    _, files = export(small_bank, "qti12", tmp_path)
    items = {
        item.get("title").split(". ", 1)[1]: item
        for item in parse(assessment_of(files)[1]).iter(f"{QTI}item")
    }
    prompt_html = items["pledge-verb"].find(f"{QTI}presentation/{QTI}material/{QTI}mattext").text
    assert html.fragment_fromstring(prompt_html, create_parent="div").text_content() == (
        "In Article A, what did Japan do about the $1 trillion: <invest> it, or pledge it?"
    )
    choices = [
        html.fragment_fromstring(m.text, create_parent="div").text_content()
        for m in items["pledge-verb"].iter(f"{QTI}mattext")
        if m.getparent().getparent().tag == f"{QTI}response_label"
    ]
    assert "It refused to invest & asked for tariffs." in choices
    feedback = items["who-said-it"].find(f"{QTI}itemfeedback[@ident='general_fb']//{QTI}mattext").text
    text = html.fragment_fromstring(feedback, create_parent="div").text_content()
    assert "Article A ([untitled: report on the joint statement]), line 16:" in text
    assert "unwavering commitment to the defense of Japan" in text


def test_qti12_reports_what_canvas_cannot_carry(small_bank: Path, tmp_path: Path) -> None:
    report, files = export(small_bank, "qti12", tmp_path)
    messages = [(loss.question_id, loss.message) for loss in report.losses]
    assert [m for q, m in messages if q is None] == [
        "a QTI 1.2 quiz package has no place for the source articles; share them separately"
    ]
    assert any(q == "preview-vs-report" and "rubric" in m for q, m in messages)
    meta = parse(files[next(n for n in files if n.endswith("assessment_meta.xml"))])
    assert meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}shuffle_answers") == "true"


def test_qti12_fixed_choice_order_turns_shuffling_off_quiz_wide(small_bank: Path, tmp_path: Path) -> None:
    bank = tmp_path / "fixed"
    shutil.copytree(small_bank, bank)
    text = (bank / "bank.yaml").read_text()
    (bank / "bank.yaml").write_text(
        text.replace("  - id: pledge-verb\n", "  - id: pledge-verb\n    shuffle: false\n", 1)
    )
    report, files = export(bank, "qti12", tmp_path / "out")
    meta = parse(files[next(n for n in files if n.endswith("assessment_meta.xml"))])
    assert meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}shuffle_answers") == "false"
    assert [loss.question_id for loss in report.losses if "shuffling" in loss.message] == ["pledge-verb"]


def test_qti12_writes_one_package_per_version(small_bank: Path, tmp_path: Path) -> None:
    from quizkit.exporting import export_bank

    report = export_bank(small_bank, ["canvas"], tmp_path, Selection(), versions=2)
    assert sorted(p.name for p in report.paths) == ["small-A-qti12.zip", "small-B-qti12.zip"]
    assert len([loss for loss in report.losses if loss.question_id is None]) == 1


def test_qti12_export_from_the_command_line(small_bank: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", str(small_bank), "--format", "canvas", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "small-qti12.zip").is_file()
    assert "note: qti12: a QTI 1.2 quiz package has no place for the source articles" in result.output


def qti2txt_command() -> str:
    found = os.environ.get("QTI2TXT") or shutil.which("qti2txt")
    if not found:
        pytest.skip(
            "qti2txt (a Canvas QTI reader on PyPI; needs Python 3.13) is not installed; "
            "install it in a Python 3.13 venv and set QTI2TXT=/path/to/venv/bin/qti2txt"
        )
    return found


def read_with_qti2txt(package: Path, out: Path) -> list[dict[str, Any]]:
    result = subprocess.run(
        [qti2txt_command(), "-f", str(package), "-o", str(out)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    with (out / "question_details.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _literal(text: str) -> Any:
    import ast

    return ast.literal_eval(text) if text else None


def _clean(text: str) -> str:
    """Text as qti2txt leaves it: markdown escapes gone, no space before punctuation."""
    return re.sub(r"\s+([.,;:?])", r"\1", " ".join(text.replace("\\", "").split()))


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_qti12_reads_back_with_qti2txt(which: str, small_bank: Path, tmp_path: Path) -> None:
    qti2txt_command()
    bank = small_bank if which == "small" else shipped_bank_or_skip(ROOT)
    report, _ = export(bank, "qti12", tmp_path / "out")
    rows = read_with_qti2txt(report.paths[0], tmp_path / "read")
    form = small_form(bank)
    assert len(rows) == len(form.items)
    for row, entry in zip(rows, form.items, strict=True):
        q = entry.question
        key = expected_key(q)
        assert _clean(row["question_text"]) == _clean(q.prompt)
        if q.type in ("multiple_choice", "multiple_answer", "true_false"):
            choices = {c["ident"]: _clean(c["text"]) for c in _literal(row["choices"])}
            keyed = {choices[ident] for ident in _literal(row["correct_choices"])}
            if q.type == "true_false":
                assert keyed == {"True" if key else "False"}
            else:
                assert keyed == {_clean(text) for text in key}  # type: ignore[attr-defined]
        elif q.type == "short_answer":
            assert {a.casefold() for a in _literal(row["correct_answers"])} == key
        elif q.type == "numeric":
            (answer,) = _literal(row["correct_answers"])
            assert (answer["exact"], answer["margin"]) == key
        elif q.type == "matching":
            pairs = {tuple(_clean(s) for s in p.split(" -> ")) for p in _literal(row["correct_answers"])}
            assert pairs == {(_clean(a), _clean(b)) for a, b in key}  # type: ignore[attr-defined]
        assert "Evidence" in row["feedback_general"]
