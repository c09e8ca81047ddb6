"""Common Cartridge 1.3: golden files, the CC profile schemas, the articles, and the losses."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from quizkit.exporting import export_bank
from quizkit.selection import Selection
from tests.test_lms_common import (
    assert_valid,
    export,
    manifest_files,
    parse,
    shipped_bank_or_skip,
)

ROOT = Path(__file__).resolve().parent.parent
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def as_cc11(manifest: bytes) -> bytes:
    """Only the CC 1.1 profile XSDs are available: map the 1.3 names onto their 1.1 equivalents."""
    text = manifest.decode("utf-8")
    text = text.replace("imsccv1p3", "imsccv1p1").replace("ccv1p3", "ccv1p1")
    text = text.replace("imscc_xmlv1p3", "imscc_xmlv1p1").replace(
        "<schemaversion>1.3.0</schemaversion>", "<schemaversion>1.1.0</schemaversion>"
    )
    return text.encode("utf-8")


def test_cc_golden(small_bank: Path, tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    _, files = export(small_bank, "cc", tmp_path)
    assert len(files) == 4  # manifest, assessment, two articles
    for name, data in sorted(files.items()):
        golden(f"cc/{name}", data.decode("utf-8"))


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_cc_validates_against_the_cc_profiles(
    which: str, small_bank: Path, tmp_path: Path, lms_schemas: Path
) -> None:
    bank = small_bank if which == "small" else shipped_bank_or_skip(ROOT)
    _, files = export(bank, "cc", tmp_path)
    manifest = files["imsmanifest.xml"]
    assert b"<schemaversion>1.3.0</schemaversion>" in manifest
    assert_valid(lms_schemas / "cc13/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd", as_cc11(manifest), "imsmanifest.xml")
    (assessment,) = [n for n in files if n.endswith("/assessment_qti.xml")]
    assert_valid(lms_schemas / "cc13/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd", files[assessment], assessment)
    named = manifest_files(manifest)
    assert set(named) == set(files) - {"imsmanifest.xml"}, "the manifest names every file, and only those"


def test_cc_items_use_the_cc_profiles_and_carry_the_keys(small_bank: Path, tmp_path: Path) -> None:
    from lxml import html

    _, files = export(small_bank, "cc", tmp_path)
    (assessment,) = [n for n in files if n.endswith("/assessment_qti.xml")]
    items = {i.get("title").split(". ", 1)[1]: i for i in parse(files[assessment]).iter(f"{QTI}item")}
    profiles = {qid: item.findtext(f".//{QTI}fieldentry") for qid, item in items.items()}
    assert profiles == {
        "pledge-verb": "cc.multiple_choice.v0p1",
        "topics-discussed": "cc.multiple_response.v0p1",
        "preview-tense": "cc.true_false.v0p1",
        "softbank-jobs": "cc.fib.v0p1",
        "largest-investor": "cc.fib.v0p1",
        "who-said-it": "cc.essay.v0p1",
        "preview-vs-report": "cc.essay.v0p1",
    }

    def scored(qid: str) -> list[str]:
        conditions = items[qid].iter(f"{QTI}respcondition")
        return [
            v.text for c in conditions if c.find(f"{QTI}setvar") is not None for v in c.iter(f"{QTI}varequal")
        ]

    labels = {
        label.get("ident"): html.fragment_fromstring(
            label.findtext(f".//{QTI}mattext"), create_parent="div"
        ).text_content()
        for label in items["pledge-verb"].iter(f"{QTI}response_label")
    }
    assert [labels[i] for i in scored("pledge-verb")] == [
        "It pledged to increase its investment to $1 trillion."
    ]
    assert scored("softbank-jobs") == ["100000", "100,000"]
    assert scored("largest-investor") == ["five", "5", "five years"]
    assert scored("preview-tense") == ["true"]
    matching = html.fragment_fromstring(
        items["who-said-it"].findtext(f"{QTI}itemfeedback[@ident='general_fb']//{QTI}mattext"),
        create_parent="div",
    ).text_content()
    assert re.search(r"Key: 1-[A-D] \(President Trump\); 2-[A-D] \(The joint statement\)", matching)
    assert re.search(r"Match nothing: [A-D] \(Tokyo's foreign ministry\)", matching)
    assert "Article B ([untitled: preview of the talks]), line 12:" in matching


def test_cc_reports_numeric_matching_and_rubrics_as_losses(small_bank: Path, tmp_path: Path) -> None:
    report, _ = export(small_bank, "cc", tmp_path)
    assert [(loss.question_id, loss.message) for loss in report.losses] == [
        (
            "softbank-jobs",
            "Common Cartridge has no numeric type: exported as fill-in-the-blank accepting "
            "'100000', '100,000' exactly",
        ),
        (
            "who-said-it",
            "Common Cartridge has no matching type: exported as an essay listing both columns, "
            "marked by hand; the key is in the feedback",
        ),
        (
            "preview-vs-report",
            "a cartridge has no grader-only place for an essay's rubric, and students see the "
            "feedback: the rubric is left out (it is in the answer key)",
        ),
    ]


def test_cc_articles_are_line_numbered_pages(small_bank: Path, tmp_path: Path) -> None:
    from lxml import html

    _, files = export(small_bank, "cc", tmp_path)
    page = html.fromstring(files["web_resources/articles/A-joint-report.html"])
    assert page.findtext(".//h1") == "Article A: [untitled: report on the joint statement]"
    rows = page.xpath("//tr")
    # the front matter takes lines 1-8; the article's first line is line 9 of the file
    assert rows[0].get("id") == "L9" and rows[0][0].text == "9"
    assert rows[0][1].text.startswith("Japan has pledged to increase its investment")
    terms = dict(zip(page.xpath("//dt/text()"), page.xpath("//dd/text()"), strict=True))
    assert terms["Author"] == "Veronica Uy" and terms["File"] == "sources/a-joint-report.txt"


def test_cc_is_byte_identical_and_one_cartridge_per_version(small_bank: Path, tmp_path: Path) -> None:
    one = export_bank(small_bank, ["cc"], tmp_path / "one", Selection(), versions=2)
    two = export_bank(small_bank, ["cc"], tmp_path / "two", Selection(), versions=2)
    assert [p.name for p in one.paths] == ["small-A.imscc", "small-B.imscc"]
    assert [p.read_bytes() for p in one.paths] == [p.read_bytes() for p in two.paths]
    assert len({loss.question_id for loss in one.losses}) == len(one.losses)


def test_cc_numeric_forms_group_thousands_but_not_years() -> None:
    from quizkit.exporters.cc import numeric_forms
    from quizkit.model import Evidence, Numeric

    def numeric(answer: float, unit: str | None = None) -> Numeric:
        evidence = [Evidence(source="s", quote="q")]
        return Numeric(id="n", type="numeric", prompt="p", evidence=evidence, answer=answer, unit=unit)

    assert numeric_forms(numeric(100000)) == ("100000", "100,000")
    assert numeric_forms(numeric(2027)) == ("2027",)
    assert numeric_forms(numeric(2.5, "percent")) == ("2.5", "2.5 percent")
