"""One meaning of "line": every output numbers an article's lines as `grep -n` does."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html

from quizkit.checking import check_bank
from quizkit.cli import main
from quizkit.model import Source
from quizkit.textlines import split_lines

# Everything str.splitlines() takes for a line break that grep, editors and quizkit do not.
ODD_BREAKS = "\x0c\r\u2028\u2029\x85\x0b\x1c\x1d\x1e"
ARTICLE = (
    "---\n"
    "title: Odd breaks\n"
    "outlet: 'The\u2028Gazette'\n"
    "---\n"
    "Page one ends here.\x0cPage two starts here.\n"
    "An old Mac file\rkept a bare return.\n"
    "A line\u2028separator and a paragraph\u2029separator.\n"
    "Next\x85line, a vertical\x0btab, and\x1cfile\x1dgroup\x1erecord separators.\n"
    "Windows ends this line.\r\n"
    "The council said the mayor pledged ten million dollars to the park.\n"
)
QUOTE = "the mayor pledged ten million dollars"
BANK = """\
title: Odd breaks
questions:
  - id: pledge
    type: true_false
    prompt: The mayor pledged money to the park.
    answer: true
    evidence:
      - source: odd
        quote: the mayor pledged ten million dollars
    explanation: The council says so.
  - id: windows
    type: true_false
    prompt: One line of the article ends as Windows ends lines.
    answer: true
    evidence:
      - source: odd
        quote: Windows ends this line. The council said
    explanation: Its line ends in a carriage return and a line feed.
"""


@pytest.fixture
def odd_bank(tmp_path: Path) -> Path:
    bank = tmp_path / "odd"
    (bank / "sources").mkdir(parents=True)
    (bank / "bank.yaml").write_text(BANK, encoding="utf-8")
    (bank / "sources" / "odd.txt").write_bytes(ARTICLE.encode("utf-8"))
    return bank


def grep_lines(file: Path) -> list[tuple[int, str]]:
    """(number, text) of every line of `file` as `grep -n ''` prints them."""
    grep = shutil.which("grep")
    if grep is None:
        pytest.skip("grep is not installed")
    out = subprocess.run([grep, "-n", "", str(file)], capture_output=True, check=True, timeout=20).stdout
    rows = []
    for record in out.decode("utf-8").split("\n")[:-1]:
        number, _, text = record.partition(":")
        rows.append((int(number), text.removesuffix("\r")))
    return rows


def test_split_lines_ends_lines_at_newline_only() -> None:
    assert split_lines("") == []
    assert split_lines("a") == ["a"]
    assert split_lines("a\n") == ["a"]
    assert split_lines("a\n\nb") == ["a", "", "b"]
    assert split_lines("a\r\nb\r\n") == ["a", "b"]
    assert split_lines(f"a{ODD_BREAKS}b\n") == [f"a{ODD_BREAKS}b"]
    assert split_lines("a\r\nb", keepends=True) == ["a\r\n", "b"]
    assert "".join(split_lines(ARTICLE, keepends=True)) == ARTICLE


def test_every_output_numbers_lines_as_grep_does(odd_bank: Path, tmp_path: Path) -> None:
    file = odd_bank / "sources" / "odd.txt"
    grepped = grep_lines(file)
    target = next(number for number, text in grepped if QUOTE in text)
    assert target == 10
    body = [(n, t) for n, t in grepped if n > 4]  # front matter is lines 1-4
    # Printed, a separator or another control character inside a line is a space: same line, same words.
    printed = [(n, re.sub("[\x0b\x0c\r\x1c-\x1e\x85\u2028\u2029]", " ", t)) for n, t in body]
    assert printed[1] == (6, "An old Mac file kept a bare return.")

    checked = check_bank(odd_bank)
    assert checked.ok, checked.diagnostics
    assert checked.bank is not None
    source: Source = checked.bank.sources["odd"]
    assert source.first_line == 5
    assert source.lines() == body

    out = tmp_path / "out"
    done = CliRunner().invoke(
        main,
        ["export", str(odd_bank), "--format", "html", "--format", "cc", "--format", "moodle", "-o", str(out)],
    )
    assert done.exit_code == 0, done.output

    # The source packet: each numbered line is the file's line of that number.
    packet = html.fromstring((out / "odd-sources.html").read_bytes())
    rows = [
        (int(p.find_class("ln")[0].text_content()), p.find_class("tx")[0].text_content())
        for p in packet.find_class("line")
    ]
    assert rows == printed

    # The answer key cites the line the quote is on.
    key = html.fromstring((out / "odd-key.html").read_bytes()).text_content()
    assert f"Article A, ‘Odd breaks’, line {target}" in " ".join(key.split())

    # Common Cartridge: the article's web page numbers its rows the same, and feedback cites them.
    with zipfile.ZipFile(out / "odd.imscc") as package:
        (page_name,) = [n for n in package.namelist() if n.startswith("web_resources/articles/")]
        page = html.fromstring(package.read(page_name))
        (assessment_name,) = [n for n in package.namelist() if n.endswith("assessment_qti.xml")]
        assessment = package.read(assessment_name).decode("utf-8")
    cc_rows = [(int(tr.find_class("n")[0].text_content()), tr[1].text_content()) for tr in page.iter("tr")]
    assert cc_rows == printed
    assert page.get_element_by_id(f"L{target}")[1].text_content().find(QUOTE) >= 0
    assert f"line {target}:" in assessment

    # Moodle feedback.
    assert f", line {target}:</p>" in (out / "odd-moodle.xml").read_text(encoding="utf-8")


def test_play_cites_the_grep_line(odd_bank: Path, tmp_path: Path) -> None:
    from quizkit.classroom.play import Session
    from quizkit.classroom.results import ResultsStore
    from quizkit.classroom.terminal import PlainScreen
    from quizkit.selection import Selection, build_form

    checked = check_bank(odd_bank)
    assert checked.bank is not None
    form = build_form(checked.bank, Selection(seed=1, shuffle=False))
    out = io.StringIO()
    screen = PlainScreen(out, io.StringIO("t\nt\n"), echo=True)
    store = ResultsStore(tmp_path / "results.sqlite3")
    attempt = store.start_attempt(form, "Ana", dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC))
    Session(form, screen, attempt, feedback="each").run()
    shown = out.getvalue()
    assert re.findall(r"line (\d+): The council said the mayor pledged", shown.replace("*", "")) == ["10"]
    # A quote running over a Windows line ending reads as one line, with no stray carriage return.
    assert "line 9: Windows ends this line. The council said the mayor pledged" in shown.replace("*", "")
    assert "\r" not in shown


@pytest.mark.parametrize(
    "break_",
    ["\u2028", "\u2029", "\x85", "\r"],
    ids=["line-separator", "paragraph-separator", "next-line", "bare-cr"],
)
def test_bank_yaml_positions_count_newlines_only(break_: str, odd_bank: Path) -> None:
    # libyaml (YAML 1.1) starts a new line at each of these; the diagnostic must not drift.
    text = BANK.replace(
        "title: Odd breaks", f"title: 'Odd{break_}breaks'\ndescription: 'a{break_}b{break_}c'"
    )
    text = text.replace("answer: true", "answer: maybe", 1)
    (odd_bank / "bank.yaml").write_bytes(text.encode("utf-8"))
    grepped = grep_lines(odd_bank / "bank.yaml")
    line = next(n for n, t in grepped if "answer: maybe" in t)
    assert line == 7
    checked = check_bank(odd_bank)
    problems = [(d.line, d.column, d.code) for d in checked.diagnostics]
    assert problems == [(line, 13, "wrong-type")]


def test_a_byte_that_is_not_utf8_is_at_the_column_an_editor_shows(odd_bank: Path) -> None:
    before = "\u00c9t\u00e9 \u2028: "  # 7 characters, 11 bytes
    (odd_bank / "sources" / "odd.txt").write_bytes(f"Line one.\n{before}".encode() + b"\xff.\n")
    checked = check_bank(odd_bank)
    found = [
        (d.file.rsplit("/", 1)[-1], d.line, d.column, d.code)
        for d in checked.diagnostics
        if d.code == "not-utf8"
    ]
    assert found == [("odd.txt", 2, 8, "not-utf8")]
