"""`quizkit mark`: essay marks typed one at a time (in a pseudo-terminal) or from a CSV file, and
the scores that count them in report's text, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.cli import main
from tests.conftest import BANKS, ROOT
from tests.test_report import play
from tests.test_resultsfile import can_mount_read_only, through_read_only_mount

ESSAY = "preview-vs-report"  # the small bank's essay: question 7, worth 1 point


@pytest.fixture
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Attempts 1 (Zoe, 7/7 and an essay), 2 (ana, 2.33/7 and an essay), 3 (Zoe, stopped at 2)."""
    db = tmp_path_factory.mktemp("mark") / "class.sqlite3"
    play(db, "Zoe", ["A", "A, B", "t", "100000", "five", "B C A", "A reports, B predicts."])
    play(db, "ana", ["B", "A", "f", "100000", "six", "B A C", "Both report."])
    play(db, "Zoe", ["B", "C"])
    return db


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def marks(db: Path) -> list[tuple[int, int, float]]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT attempt_id, position, points FROM marks ORDER BY attempt_id").fetchall()


def test_the_template_lists_every_essay_to_mark_and_a_filled_copy_is_stored(
    played: Path, tmp_path: Path
) -> None:
    code, template = run("mark", "--template", "--results", str(played))
    assert code == 0
    assert template == (
        "attempt,student,bank,question,out_of,answer,points\n"
        f"2,ana,small,{ESSAY},1,Both report.,\n"
        f'1,Zoe,small,{ESSAY},1,"A reports, B predicts.",\n'
    )
    code, text = run("report", "--results", str(played))
    assert "  small  Score so far: 7/7, 1 essay to mark\n" in text
    assert "  small  Score so far: 2.33/7, 1 essay to mark\n" in text
    assert f"      7  {ESSAY}  essay to mark: Both report.\n" in text

    filled = tmp_path / "marks.csv"
    filled.write_text(template.replace(",Both report.,\n", ",Both report.,0.5\n"), encoding="utf-8")
    code, output = run("mark", "--from", str(filled), "--results", str(played))
    assert (code, output) == (0, f"Stored 1 mark from {filled}; 1 row without points left unmarked.\n")
    assert marks(played) == [(2, 7, 0.5)]

    code, text = run("report", "--results", str(played))
    assert "  small  Score: 2.83/8 (35%)\n" in text  # (2.33 + 0.5) / (7 + 1), once marked
    assert f"      7  {ESSAY}  0.5/1  essay, marked: Both report.\n" in text
    assert "  small  Score so far: 7/7, 1 essay to mark\n" in text  # Zoe's is not marked yet
    assert f"  {ESSAY} (essay): 1 answer, facility 0.50" in text  # marked essays are analysed
    code, again = run("mark", "--template", "--results", str(played))
    assert again.splitlines()[1:] == [f'1,Zoe,small,{ESSAY},1,"A reports, B predicts.",']

    rows = list(csv.DictReader(io.StringIO(run("report", "--results", str(played), "--format", "csv")[1])))
    assert [(r["student"], r["score"], r["possible"], r["percent"], r["essays_to_mark"]) for r in rows] == [
        ("ana", "2.83", "8", "35", "0"),
        ("Zoe", "7", "7", "", "1"),  # no percent until the essay is marked
        ("Zoe", "0", "7", "0", "0"),
    ]
    data = json.loads(run("report", "--results", str(played), "--format", "json")[1])
    ana = data["attempts"][0]
    assert (ana["score"], ana["possible"], ana["percent"], ana["final"], ana["essays_to_mark"]) == (
        pytest.approx(2.8333, abs=1e-3),
        8.0,
        35,
        True,
        0,
    )
    assert ana["marked_essays"] == [
        {"question": ESSAY, "answer": "Both report.", "points": 0.5, "possible": 1.0}
    ]
    assert (data["attempts"][1]["final"], data["attempts"][1]["percent"]) == (False, None)


def test_a_marks_file_with_mistakes_is_reported_line_by_line_and_stores_nothing(
    played: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "marks.csv"
    bad.write_text(
        "attempt,student,bank,question,out_of,answer,points\n"
        f"1,Zoe,small,{ESSAY},1,x,1\n"  # fine on its own
        f"2,ana,small,{ESSAY},1,x,2\n"
        f"9,ana,small,{ESSAY},1,x,1\n"
        "2,ana,small,nope,1,x,1\n"
        "2,ana,small,pledge-verb,1,x,1\n"
        f"3,Zoe,small,{ESSAY},1,x,1\n"
        f"1,Zoe,small,{ESSAY},1,x,1\n"
        "one,ana,small,x,1,x,1\n"
        f"2,Zoe,small,{ESSAY},1,x,1\n"
        f"2,ana,small,{ESSAY},1,x,lots\n"
        f"2,ana,small,{ESSAY},1,x,-1\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["mark", "--from", str(bad), "--results", str(played)])
    assert result.exit_code == 1
    assert result.output == (
        f"{bad}:3: points for attempt 2, question '{ESSAY}': 2 is more than the question's 1 point\n"
        f"{bad}:4: there is no attempt 9 in '{played}'\n"
        f"{bad}:5: attempt 2 has no question 'nope'\n"
        f"{bad}:6: question 'pledge-verb' is multiple choice, scored by quizkit; only essays are marked by hand\n"
        f"{bad}:7: attempt 3 has no answer to essay '{ESSAY}' (it stopped before it)\n"
        f"{bad}:8: attempt 1, question '{ESSAY}' is on two rows (the first: line 2)\n"
        f"{bad}:9: attempt 'one' is not an attempt number\n"
        f"{bad}:10: attempt 2 is ana's, not Zoe's\n"
        f"{bad}:11: attempt 2, question '{ESSAY}' is on two rows (the first: line 3)\n"
        f"{bad}:12: attempt 2, question '{ESSAY}' is on two rows (the first: line 3)\n"
        f"Error: {bad} has 10 problems; no mark was stored\n"
    )
    assert marks(played) == []  # line 2 was right, but nothing is stored from a file with mistakes

    bad.write_text(
        f"attempt,student,question,points\n2,ana,{ESSAY},lots\n2,ana,{ESSAY},-1\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["mark", "--from", str(bad), "--results", str(played)])
    assert result.output == (
        f"{bad}:2: points for attempt 2, question '{ESSAY}': 'lots' is not a number; give points from 0 to 1\n"
        f"{bad}:3: attempt 2, question '{ESSAY}' is on two rows (the first: line 2)\n"
        f"Error: {bad} has 2 problems; no mark was stored\n"
    )
    bad.write_text(f"attempt;question;points\n2;{ESSAY};-1\n", encoding="utf-8")  # a spreadsheet's ;
    result = CliRunner().invoke(main, ["mark", "--from", str(bad), "--results", str(played)])
    assert result.output == (
        f"{bad}:2: points for attempt 2, question '{ESSAY}': -1 is below 0; give points from 0 to 1\n"
        f"Error: {bad} has 1 problem; no mark was stored\n"
    )
    bad.write_text("who,what\n2,1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["mark", "--from", str(bad), "--results", str(played)])
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {bad}:1: the first line must name the columns attempt, question, points (as "
        "`quizkit mark --template` writes them); attempt, question, points missing; no mark was stored\n",
    )
    assert marks(played) == []
    # decimals with a comma, as a spreadsheet may write them, and a BOM
    bad.write_text(f'\ufeffattempt,question,points\n2,{ESSAY},"0,75"\n', encoding="utf-8")
    assert run("mark", "--from", str(bad), "--results", str(played)) == (0, f"Stored 1 mark from {bad}.\n")
    assert marks(played) == [(2, 7, 0.75)]


def test_a_read_only_results_file_is_reported_but_not_marked(played: Path, tmp_path: Path) -> None:
    if why := can_mount_read_only(tmp_path):
        pytest.skip(why)
    folder = tmp_path / "results"
    folder.mkdir()
    shutil.copy(played, folder / "r.sqlite3")
    done = through_read_only_mount(folder, tmp_path, "mark")
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: cannot store marks in '{tmp_path / 'read-only' / 'r.sqlite3'}': its folder is read-only; "
        "copy the file to a folder you can write to and mark it there, with --results (`quizkit report` "
        "can still read it where it is)\n"
    )
    done = through_read_only_mount(folder, tmp_path, "report", "--format", "csv")
    assert done.returncode == 0
    assert done.stdout.count("\n") == 4


def test_marking_a_version_1_file_upgrades_it(tmp_path: Path) -> None:
    from quizkit.checking import require_valid_bank
    from quizkit.selection import Selection, build_form
    from tests.test_results import version_1_file

    bank, _ = require_valid_bank(BANKS / "small")
    db = tmp_path / "old.sqlite3"
    version_1_file(db, build_form(bank, Selection(seed=1, shuffle=False)))
    with sqlite3.connect(db) as con:
        con.execute("UPDATE questions SET type = 'essay', question_id = ? WHERE attempt_id = 1", (ESSAY,))
        con.execute("UPDATE responses SET points = NULL, possible = 0, question_id = ?", (ESSAY,))
        con.execute("UPDATE attempts SET possible = 0, complete = 1")
    code, output = run("report", "--results", str(db))
    assert code == 0
    assert "  small  Score so far: 0/0, 1 essay to mark\n" in output
    filled = tmp_path / "m.csv"
    filled.write_text(f"attempt,question,points\n1,{ESSAY},1\n", encoding="utf-8")
    assert run("mark", "--from", str(filled), "--results", str(db)) == (0, f"Stored 1 mark from {filled}.\n")
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone() == (2,)
    assert "  small  Score: 1/1 (100%)\n" in run("report", "--results", str(db))[1]


# --- one essay at a time, in a pseudo-terminal ----------------------------------------------------

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal (pip install pexpect)")


def spawn(db: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "200"}
    return pexpect.spawn(
        sys.executable,
        ["-m", "quizkit", "mark", *args, "--results", str(db)],
        cwd=str(ROOT),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(60, 200),
    )


def test_marking_on_a_terminal_shows_the_rubric_and_keeps_what_was_marked(played: Path) -> None:
    child = spawn(played, str(BANKS / "small"))
    child.expect(re.escape("Essay 1 of 2 to mark: ana, attempt 2 (small, question 7)"))
    child.expect(re.escape("Question (1 point): Compare how Article A and Article B describe investment."))
    child.expect(re.escape('Rubric: Full credit: names A as a report ("pledged", "conveyed")'))
    child.expect(re.escape("Answer:\r\n    Both report."))
    prompt = re.escape("Points (0 to 1; Enter skips, q quits): ")
    child.expect(prompt)
    child.sendline("lots")
    child.expect(re.escape("'lots' is not a number; give points from 0 to 1."))
    child.expect(prompt)
    child.sendline("3")
    child.expect(re.escape("3 is more than the question's 1 point."))
    child.expect(prompt)
    child.sendline("0.5")
    child.expect(re.escape("Stored: 0.5/1."))
    child.expect(re.escape("Essay 2 of 2 to mark: Zoe, attempt 1"))
    child.expect(re.escape("A reports, B predicts."))
    child.expect(prompt)
    child.sendline("q")
    child.expect(
        re.escape(
            "Marked 1 essay; 1 still to mark (quizkit mark again to go on). "
            "`quizkit report` counts the marks in the scores."
        )
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert marks(played) == [(2, 7, 0.5)]

    child = spawn(played)  # without the bank: no rubric, and how to see it
    child.expect(re.escape("Essay 1 of 1 to mark: Zoe, attempt 1"))
    child.expect(
        re.escape("Rubric: none in the bank; give the bank folder to see it (quizkit mark questions/small)")
    )
    child.expect(re.escape("Points (0 to 1; Enter skips, q quits): "))
    child.sendline("")  # Enter skips
    child.expect(re.escape("Marked 0 essays; 1 still to mark"))
    child.expect(pexpect.EOF)
    child.close()

    child = spawn(played, str(BANKS / "small"))
    child.expect(re.escape("Points (0 to 1; Enter skips, q quits): "))
    child.sendintr()  # Ctrl-C: what was marked is kept
    child.expect(re.escape("Marked 0 essays; 1 still to mark"))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert marks(played) == [(2, 7, 0.5)]
    code, output = run("mark", "--results", str(played), str(BANKS / "small"))
    assert code == 0
    assert "Essay 1 of 1 to mark: Zoe" in output  # no input: as q
