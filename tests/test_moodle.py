"""Moodle XML: golden file, read back with lxml (every type) and with moodle-xml-parser (multichoice).

Moodle publishes no XSD for this format, so there is no schema to validate against: the checks are
well-formedness and reading every field back the way Moodle's importer reads it.
"""

from __future__ import annotations

import html
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from quizkit.exporters.base import Loss
from quizkit.exporters.moodle import ALLOWED_PERCENTS, answer_shares, nearest_percent
from quizkit.exporting import export_bank
from quizkit.loading import load_bank
from quizkit.model import Bank
from quizkit.selection import Selection
from tests.test_moodle_banks import NASTY, TRICKY_QUESTIONS, write_bank

SHIPPED = Path(__file__).resolve().parent.parent / "questions" / "japan-us-summit"
MOODLE_TYPES = {
    "multiple_choice": "multichoice",
    "multiple_answer": "multichoice",
    "true_false": "truefalse",
    "short_answer": "shortanswer",
    "numeric": "numerical",
    "matching": "matching",
    "essay": "essay",
}


def export(bank: Path, out: Path, **selection: Any) -> tuple[bytes, list[Loss]]:
    report = export_bank(bank, ["moodle"], out, Selection(**selection))
    [path] = report.paths
    assert path.name == f"{bank.name}-moodle.xml"
    return path.read_bytes(), report.losses


def questions(data: bytes) -> dict[str, etree._Element]:
    """Every question but the category, by name."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    assert root.tag == "quiz"
    return {q.findtext("name/text"): q for q in root.findall("question") if q.get("type") != "category"}


def html_text(markup: str | None) -> str:
    """What a student reads in an HTML field: <br> as a line break, tags dropped, entities decoded."""
    text = re.sub(r"<br>\n?", "\n", (markup or "").strip())
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def test_moodle_golden_small_bank(
    small_bank: Path, tmp_path: Path, golden: Callable[[str, str], None]
) -> None:
    data, _ = export(small_bank, tmp_path)
    golden("moodle/small-moodle.xml", data.decode("utf-8"))


def test_every_type_reads_back_with_its_key(small_bank: Path, tmp_path: Path) -> None:
    data, _ = export(small_bank, tmp_path)
    read = questions(data)
    bank = load_bank(small_bank).bank
    assert bank is not None
    assert list(read) == [q.id for q in bank.questions]
    for question in bank.questions:
        assert read[question.id].get("type") == MOODLE_TYPES[question.type]
    mc = read["pledge-verb"]
    assert mc.findtext("single") == "true"
    assert [a.get("fraction") for a in mc.findall("answer")] == ["100", "0", "0"]
    assert html_text(mc.findtext("answer/text")) == "It pledged to increase its investment to $1 trillion."
    assert html_text(mc.findtext("questiontext/text")).startswith(
        "In Article A, what did Japan do about the $1"
    )
    assert "<invest>" in html_text(mc.findtext("questiontext/text"))
    assert html_text(mc.findall("answer")[2].findtext("text")) == "It refused to invest & asked for tariffs."
    ma = read["topics-discussed"]
    assert ma.findtext("single") == "false"
    assert [a.get("fraction") for a in ma.findall("answer")] == ["50", "50", "-50"]
    assert ma.findtext("defaultgrade") == "2"
    tf = read["preview-tense"]
    assert {a.findtext("text"): a.get("fraction") for a in tf.findall("answer")} == {
        "true": "100",
        "false": "0",
    }
    short = read["largest-investor"]
    assert short.findtext("usecase") == "0"
    assert [(a.findtext("text"), a.get("fraction")) for a in short.findall("answer")] == [
        ("five", "100"),
        ("five.", "100"),
        ("5", "100"),
        ("5.", "100"),
        ("five years", "100"),
        ("five years.", "100"),
    ]
    numeric = read["softbank-jobs"]
    assert numeric.findtext("answer/text") == "100000"
    assert numeric.findtext("answer/tolerance") == "0"
    matching = read["who-said-it"]
    assert [
        (html_text(s.findtext("text")), s.findtext("answer/text")) for s in matching.findall("subquestion")
    ] == [
        ('"unwavering commitment to the defense of Japan"', "President Trump"),
        ('"strongly welcomed such investments" (about Trump)', "The joint statement"),
        ('"welcomes Japanese investments that bolster American industries"', "An unnamed official"),
        ("", "Tokyo's foreign ministry"),  # a distractor: Moodle's subquestion with no text
    ]
    essay = read["preview-vs-report"]
    assert essay.findtext("responseformat") == "editor"
    assert html_text(essay.findtext("graderinfo/text")).startswith(
        'Full credit: names A as a report ("pledged"'
    )


def test_feedback_carries_explanation_and_evidence(small_bank: Path, tmp_path: Path) -> None:
    data, _ = export(small_bank, tmp_path)
    feedback = html_text(questions(data)["softbank-jobs"].findtext("generalfeedback/text"))
    assert feedback == (
        "The figure is a promise reported by the article, not a count of jobs created.\n"
        "Evidence: Article B, “[untitled: preview of the talks]”, line 13:\n"
        "“promising to generate 100,000 quality jobs”"
    )
    choice_feedback = questions(data)["pledge-verb"].findall("answer/feedback/text")
    assert html_text(choice_feedback[0].text) == 'Right: "pledged" is a promise about the future.'


def test_tags_idnumbers_and_category(small_bank: Path, tmp_path: Path) -> None:
    data, _ = export(small_bank, tmp_path)
    root = etree.fromstring(data)
    assert root[0].get("type") == "category"
    assert root[0].findtext("category/text") == "$course$/top/Small bank: pledges & previews"
    essay = questions(data)["preview-vs-report"]
    assert [t.text for t in essay.findall("tags/tag/text")] == [
        "timeline-tense",
        "cross-outlet-omission",
        "difficulty:hard",
    ]
    ids = [q.findtext("idnumber") for q in questions(data).values()]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"i[0-9a-f]{32}", i or "") for i in ids)


def test_idnumbers_and_bytes_are_stable_across_exports(small_bank: Path, tmp_path: Path) -> None:
    first, _ = export(small_bank, tmp_path / "a", seed=1)
    again, _ = export(small_bank, tmp_path / "b", seed=1)
    other_seed, _ = export(small_bank, tmp_path / "c", seed=99)
    subset, _ = export(small_bank, tmp_path / "d", count=3, seed=5)
    assert first == again
    ids = {name: q.findtext("idnumber") for name, q in questions(first).items()}
    assert ids == {name: q.findtext("idnumber") for name, q in questions(other_seed).items()}
    assert {name: q.findtext("idnumber") for name, q in questions(subset).items()}.items() <= ids.items()


def test_special_characters_survive(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "tricky", TRICKY_QUESTIONS)
    data, losses = export(bank, tmp_path / "out")
    assert b"]]>" not in data.replace(b"]]></text>", b"")  # the prompt's "]]>" did not end a CDATA section
    read = questions(data)
    assert etree.fromstring(data)[0].findtext("category/text") == "$course$/top/Tricky: a//b & <c>"
    mc = read["tricky-mc"]
    assert html_text(mc.findtext("questiontext/text")) == one_line(NASTY)
    assert [html_text(a.findtext("text")) for a in mc.findall("answer")] == [
        "[html] <b>not bold</b> & = half",
        "%50% more ~ less",
        "C:\\new\\table #1 {x}",
    ]
    assert html_text(mc.findtext("answer/feedback/text")) == "Right # {yes}: \\o/"
    assert mc.findtext("shuffleanswers") == "false"
    assert [a.get("fraction") for a in read["tricky-ma"].findall("answer")] == ["33.33333"] * 3 + [
        "-33.33333"
    ]
    assert read["tricky-ma"].findtext("shuffleanswers") == "true"
    tf = read["tricky-tf"]
    assert {a.findtext("text"): a.get("fraction") for a in tf.findall("answer")} == {
        "true": "0",
        "false": "100",
    }
    # Moodle reads a bare * in a short answer as a wildcard; \* is a literal asterisk. Each answer
    # also comes as quizkit play reads it: without its punctuation ('*' and '-' dropped).
    assert [a.findtext("text") for a in read["tricky-short"].findall("answer")] == [
        "a\\*b",
        "a\\*b.",
        "ab",
        "ab.",
        "x -> y",
        "x -> y.",
        "x-> y",
        "x-> y.",
        "x > y",
        "x > y.",
        "T",
        "T.",
    ]
    numeric = read["tricky-numeric"]
    assert (numeric.findtext("answer/text"), numeric.findtext("answer/tolerance")) == ("-2.5", "0.25")
    assert numeric.findtext("units/unit/unit_name") == "°C & <more>"
    matching = read["tricky-matching"]
    assert [
        (html_text(s.findtext("text")), s.findtext("answer/text")) for s in matching.findall("subquestion")
    ] == [
        ("one -> 1", "uno: {1}"),
        ("two = 2", "dos ~ #2"),
        ("[three] & 3", "tres \\ 3"),
    ]
    assert (matching.findtext("defaultgrade"), matching.findtext("shuffleanswers")) == ("3", "false")
    assert (
        html_text(read["tricky-essay"].findtext("graderinfo/text")) == "Line one & <b>two</b>\nline = two {}"
    )
    assert html_text(read["tricky-essay"].findtext("questiontext/text")) == "Explain <why>:"
    assert [loss.question_id for loss in losses] == [None, "tricky-short", "tricky-numeric"]


def test_every_fraction_is_one_moodle_accepts(tmp_path: Path) -> None:
    allowed = {0.0} | {sign * float(p) for p in ALLOWED_PERCENTS for sign in (1, -1)}
    for bank in (write_bank(tmp_path / "tricky", TRICKY_QUESTIONS), SHIPPED):
        data, _ = export(bank, tmp_path / bank.name)
        fractions = [
            float(a.get("fraction", "")) for q in questions(data).values() for a in q.findall("answer")
        ]
        assert fractions and set(fractions) <= allowed


def test_inexact_share_takes_the_nearest_grade_and_says_so(tmp_path: Path) -> None:
    many = {
        "id": "eleven-right",
        "type": "multiple_answer",
        "prompt": "Pick all but the last.",
        "choices": [{"text": f"choice {i}", "correct": i < 11} for i in range(12)],
    }
    data, losses = export(write_bank(tmp_path / "many", [many]), tmp_path / "out")
    assert [a.get("fraction") for a in questions(data)["eleven-right"].findall("answer")] == ["10"] * 11 + [
        "-10"
    ]
    assert [str(loss) for loss in losses if loss.question_id] == [
        "moodle: question 'eleven-right': Moodle accepts only certain grades: "
        "each of the 11 correct choices is worth 10% (not 9.091%), and each wrong one picked costs as much"
    ]


@pytest.mark.parametrize(
    ("correct", "right", "penalty", "exact"),
    [(1, "100", "-100", True), (2, "50", "-50", True), (3, "33.33333", "-33.33333", True),
     (6, "16.66667", "-16.66667", True), (9, "11.11111", "-11.11111", True),
     (11, "10", "-10", False), (12, "10", "-10", False)],
)  # fmt: skip
def test_answer_shares(correct: int, right: str, penalty: str, exact: bool) -> None:
    """A wrong choice picked costs what a right one earns, as in quizkit play and Canvas."""
    shares = answer_shares(correct)
    assert (shares.right, shares.wrong, shares.problem is None) == (right, penalty, exact)


def test_nearest_percent() -> None:
    assert nearest_percent(100 / 3) == "33.33333"
    assert nearest_percent(100 / 12) == "10"
    assert nearest_percent(100 / 30) == "5"


def test_versions_write_one_bank_and_say_so(small_bank: Path, tmp_path: Path) -> None:
    report = export_bank(small_bank, ["moodle"], tmp_path, Selection(), versions=3)
    assert [p.name for p in report.paths] == ["small-moodle.xml"]
    assert any(loss.question_id is None and "3 versions" in loss.message for loss in report.losses)


def _moodle_xml_parser() -> Any:
    return pytest.importorskip(
        "moodle_xml_parser.parser", reason="moodle-xml-parser is not installed (pip install -e '.[dev]')"
    )


def _check_with_moodle_xml_parser(data: bytes, bank: Bank) -> int:
    """moodle-xml-parser (written by someone else) reads every multichoice with its key and points."""
    parsed = _moodle_xml_parser().parse_bytes(data)
    by_id = {q.id: q for q in bank.questions}
    for item in parsed["multichoice"]:
        question = by_id[item.name]
        assert item.single == (question.type == "multiple_choice")
        assert item.default_grade == question.points
        assert [o.answer for o in item.options] == [c.text for c in question.choices]
        scores = [o.score_fraction for o in item.options]
        assert [score > 0 for score in scores] == [c.correct for c in question.choices]
        assert sum(s for s in scores if s > 0) == pytest.approx(100, abs=0.01)
        assert question.explanation.split("\n")[0][:40] in item.general_feedback
    return len(parsed["multichoice"])


def test_moodle_xml_parser_reads_the_keys_of_the_small_bank(small_bank: Path, tmp_path: Path) -> None:
    data, _ = export(small_bank, tmp_path)
    bank = load_bank(small_bank).bank
    assert bank is not None
    assert _check_with_moodle_xml_parser(data, bank) == 2


def test_shipped_bank_reads_back(tmp_path: Path) -> None:
    bank = load_bank(SHIPPED).bank
    assert bank is not None
    data, _ = export(SHIPPED, tmp_path)
    read = questions(data)
    assert list(read) == [q.id for q in bank.questions]
    for question in bank.questions:
        assert read[question.id].get("type") == MOODLE_TYPES[question.type]
        assert html_text(read[question.id].findtext("questiontext/text")) == one_line(question.prompt)
        assert "Evidence: Article " in html_text(read[question.id].findtext("generalfeedback/text"))
    choice_questions = sum(q.type in ("multiple_choice", "multiple_answer") for q in bank.questions)
    assert _check_with_moodle_xml_parser(data, bank) == choice_questions > 0


def _long_title_bank(tmp_path: Path) -> Path:
    bank = tmp_path / "bank"
    shutil.copytree(Path(__file__).parent / "banks" / "small", bank)
    yaml_path = bank / "bank.yaml"
    title = "Small bank: " + "pledges and previews / " * 12
    text = yaml_path.read_text("utf-8").replace(
        'title: "Small bank: pledges & previews"', f'title: "{title}"', 1
    )
    yaml_path.write_text(text, "utf-8")
    return bank


@pytest.mark.parametrize("fmt", ["moodle", "gift", "cc"])
def test_a_title_too_long_for_a_moodle_category_is_cut_at_a_word_and_noted(fmt: str, tmp_path: Path) -> None:
    report = export_bank(_long_title_bank(tmp_path), [fmt], tmp_path / "out", Selection())
    cut = "Small bank: " + "pledges and previews / " * 7 + "pledges and previews /…"
    assert len(cut) <= 200
    assert (
        None,
        "the bank's title is longer than the 200 characters Moodle keeps in a category's or course's "
        f"name: cut to '{cut}'",
    ) in [(loss.question_id, loss.message) for loss in report.losses]
    [path] = report.paths
    if fmt == "cc":
        with zipfile.ZipFile(path) as archive:
            assert f"<title>{cut}</title>" in archive.read("imsmanifest.xml").decode("utf-8")
    else:
        assert "$course$/top/" + cut.replace("/", "//") in path.read_text("utf-8")


def test_a_matching_answer_too_long_for_moodle_is_noted(tmp_path: Path) -> None:
    bank = tmp_path / "bank"
    shutil.copytree(Path(__file__).parent / "banks" / "small", bank)
    yaml_path = bank / "bank.yaml"
    long_right = "President Trump " + "and his advisers " * 15
    text = yaml_path.read_text("utf-8").replace("right: President Trump", f"right: {long_right}", 1)
    yaml_path.write_text(text, "utf-8")
    report = export_bank(bank, ["moodle"], tmp_path / "out", Selection())
    assert (
        "who-said-it",
        "a right-hand item is longer than the 255 characters Moodle keeps for a matching answer: "
        "Moodle's import stops at this question with a database error ('value too long'); shorten it",
    ) in [(loss.question_id, loss.message) for loss in report.losses]
