"""Common Cartridge 1.1 (default), 1.2 and 1.3: golden files, the CC profile schemas (Moodle's own
copy for 1.1), the articles, the keys as Moodle's converter reads them, and the losses."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.cli import main
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
BANKS = ROOT / "tests" / "banks"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
MOODLE_GIT_DIR = Path(os.environ.get("MOODLE_GIT_DIR", "/work/.mirror/maiphuongbrt9a1+Moodle452/repo"))
MOODLE_CC = "server/moodle/backup/cc"


def as_cc11(manifest: bytes) -> bytes:
    """No CC 1.2/1.3 XSDs are available: map their names onto the CC 1.1 profile's (a proxy)."""
    text = manifest.decode("utf-8")
    for tag in ("v1p2", "v1p3"):
        text = text.replace(f"imscc{tag}", "imsccv1p1").replace(f"cc{tag}", "ccv1p1")
        text = text.replace(f"imscc_xml{tag}", "imscc_xmlv1p1")
    text = re.sub(r"<schemaversion>1\.[23]\.0</schemaversion>", "<schemaversion>1.1.0</schemaversion>", text)
    return text.encode("utf-8")


@pytest.fixture(scope="module")
def moodle_cc11_schemas(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The CC 1.1 schemas Moodle validates a cartridge with (backup/cc/schemas11), read from a git
    snapshot of Moodle (MOODLE_GIT_DIR); skips where there is none."""
    if not (MOODLE_GIT_DIR / "HEAD").is_file():
        pytest.skip(f"no Moodle source at {MOODLE_GIT_DIR} (set MOODLE_GIT_DIR to a git snapshot of Moodle)")
    git = ["git", f"--git-dir={MOODLE_GIT_DIR}"]
    names = subprocess.run(
        [*git, "ls-tree", "--name-only", f"HEAD:{MOODLE_CC}/schemas11"], capture_output=True, text=True
    ).stdout.split()
    if "cc11libxml2validator.xsd" not in names:
        pytest.skip(f"the Moodle source at {MOODLE_GIT_DIR} has no {MOODLE_CC}/schemas11")
    folder = tmp_path_factory.mktemp("moodle-schemas11")
    for name in names:
        shown = subprocess.run([*git, "show", f"HEAD:{MOODLE_CC}/schemas11/{name}"], capture_output=True)
        (folder / name).write_bytes(shown.stdout)
    return folder


def test_cc_golden(small_bank: Path, tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    _, files = export(small_bank, "cc", tmp_path)
    assert len(files) == 4  # manifest, assessment, two articles
    for name, data in sorted(files.items()):
        golden(f"cc/{name}", data.decode("utf-8"))


NAMES = {
    "1.1": (
        'xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"',
        'xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"',
        "http://www.imsglobal.org/profile/cc/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd",
        "http://www.imsglobal.org/profile/cc/ccv1p1/LOM/ccv1p1_lommanifest_v1p0.xsd",
        "<schemaversion>1.1.0</schemaversion>",
        'type="imsqti_xmlv1p2/imscc_xmlv1p1/assessment"',
    ),
    "1.2": (
        'xmlns="http://www.imsglobal.org/xsd/imsccv1p2/imscp_v1p1"',
        'xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p2/LOM/manifest"',
        "http://www.imsglobal.org/profile/cc/ccv1p2/ccv1p2_imscp_v1p2_v1p0.xsd",
        "http://www.imsglobal.org/profile/cc/ccv1p2/LOM/ccv1p2_lommanifest_v1p0.xsd",
        "<schemaversion>1.2.0</schemaversion>",
        'type="imsqti_xmlv1p2/imscc_xmlv1p2/assessment"',
    ),
    "1.3": (
        'xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1"',
        'xmlns:lomimscc="http://ltsc.ieee.org/xsd/imsccv1p3/LOM/manifest"',
        "http://www.imsglobal.org/profile/cc/ccv1p3/ccv1p3_imscp_v1p2_v1p0.xsd",
        "http://www.imsglobal.org/profile/cc/ccv1p3/LOM/ccv1p3_lommanifest_v1p0.xsd",
        "<schemaversion>1.3.0</schemaversion>",
        'type="imsqti_xmlv1p2/imscc_xmlv1p3/assessment"',
    ),
}


@pytest.mark.parametrize("version", ["1.1", "1.2", "1.3"])
def test_each_cc_version_names_its_own_profile(version: str, small_bank: Path, tmp_path: Path) -> None:
    options = {} if version == "1.1" else {"cc_version": version}
    _, files = export(small_bank, "cc", tmp_path, **options)
    manifest = files["imsmanifest.xml"].decode("utf-8")
    for name in NAMES[version]:
        assert name in manifest
    for other in set(NAMES) - {version}:
        assert "imscc" + "v" + other.replace(".", "p") not in manifest
    (assessment,) = [n for n in files if n.endswith("/assessment_qti.xml")]
    tag = "v" + version.replace(".", "p")
    qti_xsd = f"http://www.imsglobal.org/profile/cc/cc{tag}/cc{tag}_qtiasiv1p2p1_v1p0.xsd"
    assert f'xsi:schemaLocation="http://www.imsglobal.org/xsd/ims_qtiasiv1p2 {qti_xsd}"' in files[
        assessment
    ].decode("utf-8")
    assert b"<fieldentry>cc.exam.v0p1</fieldentry>" in files[assessment]
    # Moodle recognises a CC 1.1 cartridge by this string in the manifest's first 1024 bytes
    found = "xmlns=http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1" in re.sub(
        r"[\s'\"]", "", manifest[:1024].lower()
    )
    assert found == (version == "1.1")


@pytest.mark.parametrize("which", ["small", "awkward", "shipped"])
def test_cc11_validates_against_moodles_cc11_schemas(
    which: str, small_bank: Path, tmp_path: Path, moodle_cc11_schemas: Path
) -> None:
    """Moodle validates the manifest with schemas11/cc11libxml2validator.xsd before it converts."""
    bank = {"small": small_bank, "awkward": BANKS / "awkward"}.get(which) or shipped_bank_or_skip(ROOT)
    _, files = export(bank, "cc", tmp_path)
    manifest = files["imsmanifest.xml"]
    assert_valid(moodle_cc11_schemas / "cc11libxml2validator.xsd", manifest, "imsmanifest.xml")
    assert_valid(moodle_cc11_schemas / "ccv1p1_imscp_v1p2_v1p0.xsd", manifest, "imsmanifest.xml")
    (assessment,) = [n for n in files if n.endswith("/assessment_qti.xml")]
    assert_valid(moodle_cc11_schemas / "ccv1p1_qtiasiv1p2p1_v1p0.xsd", files[assessment], assessment)
    named = manifest_files(manifest)
    assert set(named) == set(files) - {"imsmanifest.xml"}, "the manifest names every file, and only those"


@pytest.mark.parametrize("bank", ["small", "awkward"])
@pytest.mark.parametrize("version", ["1.1", "1.2", "1.3"])
def test_cc_validates_against_the_cc_profiles(
    version: str, bank: str, tmp_path: Path, lms_schemas: Path
) -> None:
    """../shared/lms-schemas holds the CC 1.1 profile; 1.2 and 1.3 are checked against it with their
    names mapped onto 1.1's (their own XSDs are not available here)."""
    _, files = export(BANKS / bank, "cc", tmp_path, cc_version=version)
    manifest = files["imsmanifest.xml"]
    proxy = manifest if version == "1.1" else as_cc11(manifest)
    assert_valid(lms_schemas / "cc13/ccv1p1/ccv1p1_imscp_v1p2_v1p0.xsd", proxy, "imsmanifest.xml")
    (assessment,) = [n for n in files if n.endswith("/assessment_qti.xml")]
    assert_valid(lms_schemas / "cc13/ccv1p1/ccv1p1_qtiasiv1p2p1_v1p0.xsd", files[assessment], assessment)
    assert_valid(lms_schemas / "qti12/domainProfile_4/ims_qtiasiv1p2.xsd", files[assessment], assessment)


def test_an_unknown_cc_version_is_a_usage_error(small_bank: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["export", str(small_bank), "--format", "cc", "--cc-version", "1.4", "-o", str(tmp_path / "out")],
    )
    assert result.exit_code == 2
    assert "Invalid value for '--cc-version': '1.4' is not one of '1.1', '1.2', '1.3'." in result.output
    assert not (tmp_path / "out").exists()


def test_a_cc_version_without_a_cartridge_is_a_usage_error(small_bank: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["export", str(small_bank), "--format", "gift", "--cc-version", "1.3", "-o", str(tmp_path / "out")],
    )
    assert result.exit_code == 2
    assert (
        "--cc-version is the version of a Common Cartridge: add --format cc, or leave it out" in result.output
    )
    assert not (tmp_path / "out").exists()
    for formats in (["--format", "cc"], ["--format", "all"], ["--format", "gift", "--format", "cc"]):
        written = CliRunner().invoke(
            main, ["export", str(small_bank), *formats, "--cc-version", "1.3", "-o", str(tmp_path / "ok")]
        )
        assert written.exit_code == 0, written.output


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
    assert scored("softbank-jobs") == ["100000", "100000.", "100,000", "100,000."]
    assert scored("largest-investor") == ["five", "five.", "5", "5.", "five years", "five years."]
    assert scored("preview-tense") == ["true"]
    # Moodle's converter counts a multiple-response key only where it is marked case="Yes"
    keyed = items["topics-discussed"].xpath(
        ".//q:setvar[.='100']/../q:conditionvar//q:varequal[@case='Yes'][not(parent::q:not)]",
        namespaces={"q": QTI[1:-1]},
    )
    labels_ma = {
        label.get("ident"): html.fragment_fromstring(
            label.findtext(f".//{QTI}mattext"), create_parent="div"
        ).text_content()
        for label in items["topics-discussed"].iter(f"{QTI}response_label")
    }
    assert sorted(labels_ma[v.text] for v in keyed) == ["Energy exports", "Military collaboration"]
    # only the general feedback is in a continue="Yes" condition (Moodle shows those as general feedback)
    for qid, item in items.items():
        shown = [
            d.get("linkrefid")
            for c in item.iter(f"{QTI}respcondition")
            if c.get("continue") == "Yes"
            for d in c.iter(f"{QTI}displayfeedback")
        ]
        assert shown == ["general_fb"], qid
    matching = html.fragment_fromstring(
        items["who-said-it"].findtext(f"{QTI}itemfeedback[@ident='general_fb']//{QTI}mattext"),
        create_parent="div",
    ).text_content()
    assert re.search(r"Key: 1-[A-D] \(President Trump\); 2-[A-D] \(The joint statement\)", matching)
    assert re.search(r"Match nothing: [A-D] \(Tokyo's foreign ministry\)", matching)
    assert "Article B ([untitled: preview of the talks]), line 12:" in matching


def test_cc_reports_what_a_cartridge_cannot_carry(small_bank: Path, tmp_path: Path) -> None:
    report, _ = export(small_bank, "cc", tmp_path)
    assert [(loss.question_id, loss.message) for loss in report.losses] == [
        ("pledge-verb", CC_TAG_TEXT),
        (
            "topics-discussed",
            "Moodle's cartridge import gives each right choice an equal share of the points and takes "
            "nothing off for a wrong one, so ticking every box scores full marks there (quizkit play "
            "and Canvas take off for each wrong box)",
        ),
        (
            "softbank-jobs",
            "Common Cartridge has no numeric type: exported as fill-in-the-blank accepting '100000', "
            "'100000.', '100,000', '100,000.', ignoring case; a number written any other way (such as "
            "'100000.0') scores 0",
        ),
        (
            "largest-investor",
            "a cartridge's fill-in-the-blank compares the answer as typed, ignoring case: each answer is "
            "also accepted with a full stop, with straight quotes or a curly apostrophe and without its "
            "punctuation, and Moodle and Canvas ignore surrounding spaces, but other punctuation or a "
            "doubled space inside make a right answer wrong",
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


CC_TAG_TEXT = (
    "Moodle's cartridge import decodes the text's HTML once more, so text that looks like an HTML "
    "tag ('<b>', '<invest>') arrives as markup: Moodle hides it or formats with it (Canvas shows it "
    "as written; the Moodle XML and GIFT keep it in Moodle): write it without angle brackets"
)


def test_a_title_that_looks_like_html_is_a_course_name_moodle_restores(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(BANKS / "small", bank)
    yaml_path = bank / "bank.yaml"
    yaml_path.write_text(
        yaml_path.read_text("utf-8").replace(
            'title: "Small bank: pledges & previews"', 'title: "Small <b>bank</b>: x<y & a < b"', 1
        ),
        "utf-8",
    )
    report, files = export(bank, "cc", tmp_path)
    manifest = files["imsmanifest.xml"].decode("utf-8")
    assert (
        '<lomimscc:string language="en">Small \u2039b\u203abank\u2039/b\u203a: x\u2039y &amp; a \u2039 b'
        "</lomimscc:string>" in manifest
    )
    assert "<title>Small &lt;b&gt;bank&lt;/b&gt;: x&lt;y &amp; a &lt; b</title>" in manifest
    assert (
        None,
        "Moodle's restore refuses a course name that looks like HTML ('setting_invalid_text'): "
        "the cartridge's course title writes '<' and '>' as '\u2039' and '\u203a'",
    ) in [(loss.question_id, loss.message) for loss in report.losses]


def test_cc_notes_every_question_whose_text_moodle_would_read_as_html(tmp_path: Path) -> None:
    report, _ = export(BANKS / "awkward", "cc", tmp_path)
    noted = [loss.question_id for loss in report.losses if loss.message == CC_TAG_TEXT]
    assert noted == ["html-mc", "ma-one-right", "sa-many", "match-d", "essay-r", "tf-q"]


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


def test_cc_numeric_forms_are_the_forms_play_accepts() -> None:
    from quizkit.exporters.cc import numeric_forms
    from quizkit.model import Evidence, Numeric

    def numeric(answer: float, unit: str | None = None, tolerance: float = 0) -> Numeric:
        evidence = [Evidence(source="s", quote="q")]
        return Numeric(
            id="n",
            type="numeric",
            prompt="p",
            evidence=evidence,
            answer=answer,
            unit=unit,
            tolerance=tolerance,
        )

    assert numeric_forms(numeric(100000)) == ("100000", "100000.", "100,000", "100,000.")
    assert numeric_forms(numeric(2027)) == ("2027", "2027.", "2,027", "2,027.")
    assert numeric_forms(numeric(2.5, "percent")) == ("2.5", "2.5.", "2.5 percent")
    # play reads 'five' as 5 but not 'one' as 1, nor 'five years' with the unit 'years'
    assert numeric_forms(numeric(5, "years")) == ("5", "5.", "five", "five.", "5 years")
    assert numeric_forms(numeric(1)) == ("1", "1.")
    assert numeric_forms(numeric(10, tolerance=1)) == tuple(
        f for n, w in ((9, "nine"), (10, "ten"), (11, "eleven")) for f in (str(n), f"{n}.", w, f"{w}.")
    )
    assert numeric_forms(numeric(100, tolerance=50)) == ("100", "100.")


def test_cc_numeric_note_says_how_far_a_tolerance_goes(small_bank: Path, tmp_path: Path) -> None:
    from quizkit.exporters.cc import numeric_note
    from quizkit.model import Evidence, Numeric

    evidence = [Evidence(source="s", quote="q")]
    near = Numeric(id="n", type="numeric", prompt="p", evidence=evidence, answer=2, tolerance=1)
    assert numeric_note(near, ("1", "2", "3")) == (
        "Common Cartridge has no numeric type: exported as fill-in-the-blank accepting '1', '2', '3', "
        "ignoring case; the tolerance of 1 is kept only as the whole numbers 1 to 3; a number written "
        "any other way (such as '2.0') scores 0"
    )
    wide = Numeric(id="n", type="numeric", prompt="p", evidence=evidence, answer=2.5, tolerance=0.5)
    assert numeric_note(wide, ("2.5",)) == (
        "Common Cartridge has no numeric type: exported as fill-in-the-blank accepting '2.5', "
        "ignoring case; the tolerance of 0.5 is lost; a number written any other way (such as '2.50') "
        "scores 0"
    )
