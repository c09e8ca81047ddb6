"""`quizkit report --format html`: the page's numbers, one chart per scored question with the key
marked, escaping, byte-stable output, and an axe-core audit in headless Chromium."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from quizkit.cli import main
from tests.browser import Browser, with_browser
from tests.conftest import ROOT
from tests.test_report import play

pytest.importorskip("matplotlib", reason="the HTML report draws its charts with matplotlib")

# The small bank's keys: A; A, B (2 points); t; 100000; five; B C A; then the essay (1 point).
CLASS = {
    "Ana": ["A", "A, B", "t", "100000", "five", "B C A", "A reports, B predicts."],  # 1+2+1+1+1+1 = 7
    "Ben": ["B", "A", "f", "100000", "six", "B A C", "Both report."],  # 0+1+0+1+0+1/3 = 2.33
    "Cy": ["A", "A, C", "t", "10", "5", "C A B", "B is a preview."],  # 1+(1-1)+1+0+1+0 = 3
    "<b>Dee</b>": ["C", "B", "f", "100000", "five", "B C A", "<script>alert(1)</script>"],  # 0+1+0+1+1+1 = 4
    "Eve": ["A", "A, B", "t", "100000", "five", "A B C", "?"],  # 1+2+1+1+1+0 = 6
}


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("html-report")
    db = folder / "class.sqlite3"
    for name, answers in CLASS.items():
        play(db, name, answers)
    marks = folder / "marks.csv"
    marks.write_text(
        "attempt,question,points\n1,preview-vs-report,1\n2,preview-vs-report,0.5\n", encoding="utf-8"
    )
    assert CliRunner().invoke(main, ["mark", "--from", str(marks), "--results", str(db)]).exit_code == 0
    result = CliRunner().invoke(main, ["report", "--results", str(db), "--format", "html"])
    assert result.exit_code == 0, result.output
    out = folder / "report.html"
    out.write_text(result.output, encoding="utf-8")
    return db, result.output


def test_the_scores_table_has_each_attempts_exact_numbers(page: tuple[Path, str]) -> None:
    tree = html.fromstring(page[1])
    rows = [
        [cell.text_content().strip() for cell in row.xpath("./th|./td")]
        for row in tree.xpath("//table[@class='scores']/tbody/tr")
    ]
    assert [(r[0], r[1], r[3], r[4], r[5]) for r in rows] == [
        ("<b>Dee</b>", "small", "4/7", "–", "score so far: 1 essay to mark"),
        ("Ana", "small", "8/8", "100%", "complete"),  # 7/7, and the essay marked 1 of 1
        ("Ben", "small", "2.83/8", "35%", "complete"),  # 2.33 + 0.5 of 7 + 1
        ("Cy", "small", "3/7", "–", "score so far: 1 essay to mark"),
        ("Eve", "small", "6/7", "–", "score so far: 1 essay to mark"),
    ]


def test_one_chart_per_scored_question_with_the_key_marked(page: tuple[Path, str]) -> None:
    tree = html.fromstring(page[1])
    questions = tree.xpath("//section[@class='question']")
    assert [q.xpath("string(h4)").split(" (")[0] for q in questions] == [
        "1. pledge-verb",
        "2. topics-discussed",
        "3. preview-tense",
        "4. softbank-jobs",
        "5. largest-investor",
        "6. who-said-it",
        "7. preview-vs-report",  # the essay, analysed once marked: no chart of choices
    ]
    charts = {
        q.xpath("string(h4)").split(" (")[0]: q.xpath(".//figure[@class='chart']/img") for q in questions
    }
    assert all(len(imgs) == 1 for name, imgs in charts.items() if not name.endswith("preview-vs-report"))
    assert charts["7. preview-vs-report"] == []
    pledge = charts["1. pledge-verb"][0]
    # A (key) picked by Ana, Cy, Eve; B by Ben; C by Dee
    assert pledge.get("alt") == (
        "Question 1 (pledge-verb), choices picked: A. It pledged to increase its investment to $1 trillion. "
        "(key): 3; B. It has already invested $1 trillion.: 1; C. It refused to invest & asked for tariffs.: 1"
    )
    assert charts["3. preview-tense"][0].get("alt") == (
        "Question 3 (preview-tense), choices picked: T. True (key): 3; F. False: 2"
    )
    assert charts["5. largest-investor"][0].get("alt") == (
        "Question 5 (largest-investor), answers given: five (key): 3; 5 (key): 1; six: 1"
    )
    assert charts["6. who-said-it"][0].get("alt") == (
        "Question 6 (who-said-it), answers given: every pair right (key): 2; some pairs right: 1; "
        "no pair right: 2"  # Ana and Dee; Ben (1 of 3); Cy and Eve
    )
    for imgs in charts.values():
        for img in imgs:
            src = img.get("src")
            assert src.startswith("data:image/svg+xml;base64,")  # inside the page: nothing to fetch
            svg = base64.b64decode(src.split(",", 1)[1]).decode("utf-8")
            assert "(key)" in svg  # the key is labelled in the chart itself, not only by colour
            assert "<script" not in svg


def test_text_from_students_and_banks_is_escaped_and_the_page_is_byte_stable(page: tuple[Path, str]) -> None:
    db, text = page
    assert "<b>Dee</b>" not in text and "&lt;b&gt;Dee&lt;/b&gt;" in text
    assert "&lt;invest&gt; it" in text  # pledge-verb's prompt
    again = CliRunner().invoke(main, ["report", "--results", str(db), "--format", "html"]).output
    assert again == text


def test_the_scatter_and_the_mastery_grid_carry_their_numbers(page: tuple[Path, str]) -> None:
    tree = html.fromstring(page[1])
    (scatter,) = tree.xpath("//h3[.='Facility against discrimination']/following-sibling::figure[1]/img")
    assert scatter.get("alt").startswith(
        "Facility against discrimination: question 1 (pledge-verb): facility 0.60"
    )
    grid = tree.xpath("//table[@class='grid']")[0]
    header = [th.text_content() for th in grid.xpath("./thead/tr/th")]
    assert header[0] == "Student" and "timeline-tense" in header
    column = header.index("timeline-tense")
    cells = {row.xpath("string(th)"): row.xpath("./td")[column - 1] for row in grid.xpath("./tbody/tr")}
    # timeline-tense: preview-tense (true/false) and the essay once marked.
    # Ana 1 and 1 -> 100%; Ben 0 and 0.5 -> 25%; Cy 1 (essay not marked) -> 100%
    assert (cells["Ana"].text, cells["Ana"].get("class")) == ("100%", "cell m4")
    assert (cells["Ben"].text, cells["Ben"].get("class")) == ("25%", "cell m1")
    assert cells["Cy"].text == "100%"


def test_help_does_not_import_matplotlib() -> None:
    code = "import sys; sys.argv = ['quizkit', '--help']\nfrom quizkit.cli import main\ntry:\n main()\nexcept SystemExit:\n pass\nprint('matplotlib' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip().endswith("False")


@with_browser
def test_the_page_passes_axe_in_chromium(page: tuple[Path, str], browser: Browser) -> None:
    db = page[0]
    violations = browser.axe_violations((db.parent / "report.html").as_uri())
    assert violations == [], json.dumps(violations, indent=1)
