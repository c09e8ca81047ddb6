"""`quizkit play` in a real pseudo-terminal: typing, Ctrl-C, kill -9, colour and NO_COLOR."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from tests.conftest import BANKS, ROOT

pexpect = pytest.importorskip("pexpect", reason="pexpect drives the pseudo-terminal (pip install pexpect)")

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|9[0-7]|38;[25];[0-9;]+)m")


def spawn(db: Path, *extra: str, env: dict[str, str] | None = None) -> pexpect.spawn:
    """quizkit play on the small bank, unshuffled (A is pledge-verb's key), in a 200-column pty."""
    args = ["-m", "quizkit", "play", str(BANKS / "small"), "--no-shuffle", "--results", str(db), *extra]
    child_env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    child_env.update({"TERM": "xterm-256color", "COLUMNS": "200", "LINES": "60", **(env or {})})
    return pexpect.spawn(
        sys.executable, args, cwd=str(ROOT), env=child_env, encoding="utf-8", timeout=20, dimensions=(60, 200)
    )


def responses(db: Path) -> list[tuple[int, str, str]]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT position, question_id, answer FROM responses ORDER BY position").fetchall()


def attempt(db: Path) -> tuple[str, int, float, int]:
    with sqlite3.connect(db) as con:
        row = con.execute("SELECT student, complete, score, ended IS NOT NULL FROM attempts").fetchone()
    return (row[0], row[1], row[2], row[3])


def test_typed_session_end_to_end(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    child = spawn(db, "--name", "Ana")
    child.expect("Question 1 of 7")
    child.expect("Answer: ")
    child.sendline("q")  # not a choice: explained and asked again
    child.expect(re.escape("There is no choice 'q'. Type one letter, A to C."))
    child.expect("Answer: ")
    child.sendline("b")
    child.expect("Wrong")
    child.expect("Right answer:")
    child.expect("It pledged to increase its investment")
    child.expect("Evidence, ")
    child.expect("line 9:")
    for answer in ["a b", "t", "100,000", "five", "B C A", "A reports; B previews."]:
        child.expect("Answer: ")
        child.sendline(answer)
    child.expect(re.escape("Score: 6/7 (86%)"))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [r[2] for r in responses(db)] == [
        "b",
        "a b",
        "t",
        "100,000",
        "five",
        "B C A",
        "A reports; B previews.",
    ]
    assert attempt(db) == ("Ana", 1, 6.0, 1)


def test_read_an_article_during_a_question_and_come_back_to_it(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    child = spawn(db, "--name", "Ana", env={"NO_COLOR": "1"})
    child.expect(re.escape("Answer from the articles alone."))  # the bank's instructions
    child.expect(re.escape("Open book: type :read A to read Article A (articles A, B), then answer."))
    child.expect("Question 1 of 7")
    child.expect("Answer: ")
    child.sendline(":read B")
    child.expect("Article B: ")
    child.expect(r"13\.(?:\x1b\[0m)? +A pivotal player")  # line 13 of the file, as the packet numbers it
    child.expect("Question 1 of 7")  # the same question again
    child.expect("Answer: ")
    child.sendline(":read Q")
    child.expect(re.escape("There is no Article 'Q'. Type :read and a letter: A, B."))
    child.expect("Answer: ")
    child.sendline("a")
    child.expect("Right")
    child.expect("Question 2 of 7")
    child.expect("Answer: ")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert [r[2] for r in responses(db)] == ["a"]  # reading is never an answer


def test_ctrl_c_keeps_the_attempt_and_exits_130(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    child = spawn(db, "--name", "Ben")
    child.expect("Answer: ")
    child.sendline("a")
    child.expect("Right")
    child.expect("Answer: ")
    child.sendline("a, b")
    child.expect("Question 3 of 7")
    child.expect("Answer: ")
    child.sendintr()
    child.expect("Stopped after 2 of 7 questions; your answers so far are saved.")
    child.expect(re.escape("Score: 3/7 (43%)"))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")
    assert responses(db) == [(1, "pledge-verb", "a"), (2, "topics-discussed", "a, b")]
    assert attempt(db) == ("Ben", 0, 3.0, 1)  # stopped, its end time recorded


def test_kill_9_loses_no_stored_answer(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    child = spawn(db, "--name", "Cy")
    child.expect("Answer: ")
    child.sendline("c")
    child.expect("Answer: ")
    child.sendline("b")
    child.expect("Question 3 of 7")  # the second answer was scored and shown: it is stored
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL
    assert responses(db) == [(1, "pledge-verb", "c"), (2, "topics-discussed", "b")]
    assert attempt(db) == ("Cy", 0, 1.0, 0)  # no end time: the process never got to write one


def test_colour_on_a_terminal_and_none_with_no_color(tmp_path: Path) -> None:
    for env, coloured in (({}, True), ({"NO_COLOR": "1"}, False)):
        child = spawn(tmp_path / "r.sqlite3", "--name", "Di", "--feedback", "none", env=env)
        child.expect("Answer: ")
        shown = child.before or ""
        child.sendintr()
        child.expect(pexpect.EOF)
        child.close()
        assert "Question 1 of 7" in ANSI.sub("", shown)
        assert bool(COLOUR.search(shown)) is coloured, shown[:300]


def test_bank_markup_is_printed_as_written_on_a_terminal(tmp_path: Path) -> None:
    child = spawn(tmp_path / "r.sqlite3", "--name", "Ed")
    child.expect("Answer: ")
    shown = ANSI.sub("", child.before or "")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    # the source title looks like rich markup ("[untitled: ...]"): it must print as written
    assert "Article A: [untitled: report on the joint statement]" in shown
    assert "<invest> it, or pledge it?" in shown


def test_name_is_asked_for_when_not_given(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    child = spawn(db, "--feedback", "none")
    child.expect(re.escape("Your name (Enter for "))
    child.sendline("Flo Marsh")
    child.expect("Question 1 of 7")
    child.expect("Answer: ")
    child.sendline("a")
    child.expect("Answer: ")
    child.sendeof()  # Ctrl-D: the input ends before the last question
    child.expect("Input ended after 1 of 7 questions")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1
    assert attempt(db)[:2] == ("Flo Marsh", 0)


def test_closing_the_terminal_keeps_the_attempt(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    child = spawn(db, "--name", "Gus")
    child.expect("Answer: ")
    child.sendline("a")
    child.expect("Question 2 of 7")
    child.expect("Answer: ")
    child.close(force=True)  # the terminal goes away: SIGHUP
    assert responses(db) == [(1, "pledge-verb", "a")]
    assert attempt(db) == ("Gus", 0, 1.0, 1)  # stopped, and its end time was recorded


def test_ctrl_c_the_moment_the_question_appears_still_stops(tmp_path: Path) -> None:
    # A Ctrl-C landing just before the read of the answer began used to be missed (the read then
    # waited for the next key); pressed as the question appears it did so about one time in ten.
    # Repeated, because it is a race.
    for _ in range(10):
        child = spawn(tmp_path / "r.sqlite3", "--name", "Hal", "--feedback", "none")
        child.expect("Question 1 of")
        child.sendintr()
        child.expect(pexpect.EOF, timeout=5)
        child.close()
        assert child.exitstatus == 130
