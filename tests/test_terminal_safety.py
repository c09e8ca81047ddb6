"""Text from banks, sources, file names and students reaches a terminal shown, never obeyed;
CSV cells are never formulas to a spreadsheet."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.checking import require_valid_bank
from quizkit.classroom.play import Session
from quizkit.classroom.results import ResultsStore
from quizkit.classroom.terminal import PlainScreen, RichScreen
from quizkit.cli import main
from quizkit.safetext import spreadsheet_cell, visible, visible_json
from quizkit.selection import Form, Selection, build_form
from tests.conftest import BANKS
from tests.test_play import fixed_now, ticking_clock
from tests.test_report import play

FORGED_SCORE = "\x1b[1A\x1b[2K\r    small  Score: 7/7 (100%)"
"""Cursor up a line, erase it, and print a perfect score over the real one."""
FORGED_SHOWN = "\\x1b[1A\\x1b[2K\\x0d    small  Score: 7/7 (100%)"
HOSTILE = "\x1b[2J\x1b]0;owned\x07[bold]loud[/bold] \u202eevil\x9b31m\x7f"
HOSTILE_SHOWN = "\\x1b[2J\\x1b]0;owned\\x07[bold]loud[/bold] \\u202eevil\\x9b31m\\x7f"
RAW = ("\x1b[2J", "\x1b]", "\x07", "\u202e", "\x9b", "\x7f", "\r", "\x1b[1A", "\x1b[2K")


def obeyed(text: str) -> list[str]:
    """The control sequences from the hostile texts that appear raw in `text`."""
    return [sequence for sequence in RAW if sequence in text]


# --- the helper --------------------------------------------------------------------------------


def test_visible_shows_every_control_and_keeps_lines_and_tabs() -> None:
    assert visible("a\tb\nc\r\nd") == "a\tb\nc\nd"
    assert visible("\x00\x1b\r\x7f\x85\x9b") == "\\x00\\x1b\\x0d\\x7f\\x85\\x9b"
    assert visible("\u202a\u202e\u2066\u2069") == "\\u202a\\u202e\\u2066\\u2069"
    assert visible("Élodie “quoted” — 日本 \u200b") == "Élodie “quoted” — 日本 \u200b"  # text, not controls


def test_visible_json_means_the_same_to_a_tool() -> None:
    data = {"name": HOSTILE}
    shown = visible_json(json.dumps(data, ensure_ascii=False))
    assert not obeyed(shown)
    assert json.loads(shown) == data


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x.example","click")', '\'=HYPERLINK("http://x.example","click")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\\x0d=1"),
        ("Ana Lima", "Ana Lima"),
        ("7.5", "7.5"),
        ("-1", "-1"),
        ("+0.25", "+0.25"),
        ("1e5", "1e5"),
        ("", ""),
    ],
)
def test_spreadsheet_cell(cell: str, written: str) -> None:
    assert spreadsheet_cell(cell) == written


# --- quizkit report ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_results(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("hostile") / "class.sqlite3"
    wrong = ["B", "C", "f", "1", "six", "A B C", "not sure" + FORGED_SCORE]  # 0/7 and an essay
    play(db, "Eve" + FORGED_SCORE, wrong)
    play(db, '=HYPERLINK("http://x.example","click")', ["B"])
    play(db, HOSTILE, ["B"])
    return db


def report(db: Path, *args: str) -> str:
    # color=True: click would otherwise strip some escape sequences itself, but only when it
    # sees no terminal, and never a CR or a C1 control
    result = CliRunner().invoke(main, ["report", "--results", str(db), *args], color=True)
    assert result.exit_code == 0, result.output
    return result.output


def test_report_text_shows_names_and_essays_as_typed(hostile_results: Path) -> None:
    text = report(hostile_results)
    assert not obeyed(text)
    lines = text.splitlines()
    eve = lines.index("  Eve" + FORGED_SHOWN)
    assert lines[eve + 1].endswith("small  Score so far: 0/7, 1 essay to mark")
    assert lines[eve + 8] == "      7  preview-vs-report  essay to mark: not sure" + FORGED_SHOWN
    assert "  " + HOSTILE_SHOWN in lines


def test_report_csv_has_no_formulas_and_keeps_numbers(hostile_results: Path) -> None:
    output = report(hostile_results, "--format", "csv")
    assert not obeyed(output)
    rows = list(csv.DictReader(io.StringIO(output)))
    assert sorted((r["student"], r["score"], r["possible"], r["percent"]) for r in rows) == [
        ('\'=HYPERLINK("http://x.example","click")', "0", "7", "0"),
        ("Eve" + FORGED_SHOWN, "0", "7", ""),  # an essay to mark: no percent yet
        (HOSTILE_SHOWN, "0", "7", "0"),
    ]


def test_report_json_is_the_data_with_nothing_for_a_terminal(hostile_results: Path) -> None:
    output = report(hostile_results, "--format", "json")
    assert not obeyed(output)
    students = {a["student"] for a in json.loads(output)["attempts"]}
    assert students == {"Eve" + FORGED_SCORE, '=HYPERLINK("http://x.example","click")', HOSTILE}


# --- quizkit play ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_form() -> Form:
    """The small bank with hostile text in a prompt, a choice, an explanation and an article."""
    bank, _ = require_valid_bank(BANKS / "small")
    first = bank.questions[0]
    assert first.type == "multiple_choice"
    choices = [first.choices[0].model_copy(update={"text": "Pledged " + HOSTILE}), *first.choices[1:]]
    question = first.model_copy(
        update={"prompt": "Which? " + HOSTILE, "choices": choices, "explanation": "Because " + HOSTILE}
    )
    source_id = first.evidence[0].source
    source = bank.sources[source_id]
    sources = {**bank.sources, source_id: source.model_copy(update={"text": source.text + HOSTILE + "\n"})}
    title = source.meta.model_copy(update={"title": "Title " + HOSTILE})
    sources[source_id] = sources[source_id].model_copy(update={"meta": title})
    hostile = bank.model_copy(update={"questions": (question, *bank.questions[1:]), "sources": sources})
    return build_form(hostile, Selection(seed=1, shuffle=False, ids=(first.id,)))


def test_the_plain_screen_shows_bank_text_and_echoed_answers_as_they_are(
    hostile_form: Form, tmp_path: Path
) -> None:
    out = io.StringIO()
    screen = PlainScreen(out, io.StringIO("E" + HOSTILE + "\nA\n"), echo=True)
    store = ResultsStore(tmp_path / "r.sqlite3")
    attempt = store.start_attempt(hostile_form, "Ana", fixed_now())
    Session(hostile_form, screen, attempt, feedback="each", clock=ticking_clock(), now=fixed_now).run()
    text = out.getvalue()
    assert not obeyed(text)
    assert "Which? " + HOSTILE_SHOWN in text
    assert "Pledged " + HOSTILE_SHOWN in text
    assert "Because " + HOSTILE_SHOWN in text
    assert "Title " + HOSTILE_SHOWN in text
    assert "E" + HOSTILE_SHOWN + "\n" in text  # the echoed answer


def test_the_rich_screen_shows_bank_text_as_written_not_as_markup_or_escapes(
    hostile_form: Form, tmp_path: Path
) -> None:
    from rich.console import Console

    out = io.StringIO()
    screen = RichScreen(io.StringIO("E" + HOSTILE + "\nA\n"), echo=True)
    screen.console = Console(file=out, width=400, force_terminal=True, color_system="truecolor")
    store = ResultsStore(tmp_path / "r.sqlite3")
    attempt = store.start_attempt(hostile_form, "Ana", fixed_now())
    Session(hostile_form, screen, attempt, feedback="each", clock=ticking_clock(), now=fixed_now).run()
    text = out.getvalue()
    assert "\x1b[1m" in text  # rich's own styling is there...
    assert not obeyed(text)  # ...and nothing from the bank acts on the terminal
    for shown in ("Which? ", "Pledged ", "Because ", "Title ", "E"):
        assert (shown + HOSTILE_SHOWN) in _unstyled(text), shown


def _unstyled(text: str) -> str:
    """Rich's output without its own SGR style codes (ESC [ ... m)."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


# --- quizkit check and error messages ----------------------------------------------------------


@pytest.fixture
def hostile_bank(tmp_path: Path) -> Path:
    bank = shutil.copytree(BANKS / "small", tmp_path / "small")
    bank_file = bank / "bank.yaml"
    bank_file.write_text(
        bank_file.read_text().replace(
            "quote: potential energy sector exports from the U.S.",
            'quote: "potential energy \\e[2J sector exports from the U.S."',
        )
    )
    (bank / "sources" / "z-\x1b]0;owned\x07.txt").write_text("---\ntitle: [unclosed\n---\nText.\n")
    return bank


def test_check_shows_quoted_bank_text_and_file_names_as_they_are(hostile_bank: Path) -> None:
    for output_format in ("text", "json"):
        result = CliRunner().invoke(main, ["check", str(hostile_bank), "--format", output_format], color=True)
        assert result.exit_code == 1
        assert not obeyed(result.output), output_format
        if output_format == "text":
            assert "differs: quote adds '\\x1b[2J'" in result.output
            assert "/sources/z-\\x1b]0;owned\\x07.txt:1:1: error[bad-character]" in result.output
        else:
            hints = [d["hint"] or "" for d in json.loads(result.output.split("\nchecked ")[0])]
            assert any("quote adds '\x1b[2J'" in hint for hint in hints)


def test_play_and_export_refusing_a_bank_show_its_diagnostics_as_they_are(hostile_bank: Path) -> None:
    for args in (
        ["play", str(hostile_bank), "--name", "Ana"],
        ["export", str(hostile_bank), "--format", "gift"],
    ):
        result = CliRunner().invoke(main, args, color=True)
        assert result.exit_code == 1
        assert not obeyed(result.output), args[0]
        assert "differs: quote adds '\\x1b[2J'" in result.output


def test_an_error_naming_a_file_shows_its_name_as_it_is(tmp_path: Path) -> None:
    missing = tmp_path / "no-\x1b[2J-results.sqlite3"
    result = CliRunner().invoke(main, ["report", "--results", str(missing)], color=True)
    assert result.exit_code == 1
    assert not obeyed(result.output)
    assert result.output.startswith(f"Error: no results file at '{tmp_path}/no-\\x1b[2J-results.sqlite3';")
