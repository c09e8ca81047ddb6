"""The quiz session driven through its plain screen, and `quizkit play` with piped answers."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.checking import require_valid_bank
from quizkit.classroom.play import Feedback, Session, SessionResult
from quizkit.classroom.results import ResultsStore
from quizkit.classroom.terminal import PlainScreen, RichScreen
from quizkit.cli import main
from quizkit.selection import Form, Selection, build_form
from tests.conftest import BANKS, ROOT

# Answers to the small bank, unshuffled: pledge-verb (A is keyed), topics-discussed (A, B keyed,
# 2 points), preview-tense (true), softbank-jobs (100000), largest-investor (five), who-said-it
# (matching), preview-vs-report (essay).
ALL_RIGHT = ["A", "A, B", "t", "100,000", "five", "B C A", "A reports; B predicts."]


@pytest.fixture(scope="module")
def form() -> Form:
    bank, _ = require_valid_bank(BANKS / "small")
    return build_form(bank, Selection(seed=1, shuffle=False))


def ticking_clock() -> Callable[[], float]:
    """A clock that moves one second each time it is read: times in transcripts are stable."""
    now = [0.0]

    def clock() -> float:
        now[0] += 1.0
        return now[0]

    return clock


def fixed_now() -> dt.datetime:
    return dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def run(
    form: Form, answers: list[str], tmp_path: Path, feedback: Feedback = "each"
) -> tuple[SessionResult, str, ResultsStore]:
    out = io.StringIO()
    screen = PlainScreen(out, io.StringIO("".join(a + "\n" for a in answers)), echo=True)
    store = ResultsStore(tmp_path / "results.sqlite3")
    attempt = store.start_attempt(form, "Ana", fixed_now())
    session = Session(form, screen, attempt, feedback=feedback, clock=ticking_clock(), now=fixed_now)
    result = session.run()
    attempt.finish(fixed_now(), complete=result.complete)
    return result, out.getvalue(), store


def test_matching_key_of_the_unshuffled_form(form: Form) -> None:
    # ALL_RIGHT relies on it: the right-hand items sorted alphabetically (An unnamed official,
    # President Trump, The joint statement), so the key is B C A.
    matching = next(i for i in form.items if i.question.id == "who-said-it")
    assert matching.correct_letters == ("B", "C", "A")


def test_all_right_scores_every_point(form: Form, tmp_path: Path) -> None:
    result, text, _ = run(form, ALL_RIGHT, tmp_path)
    assert result.complete
    assert (result.earned, result.possible) == (7, 7)  # 1 + 2 + 1 + 1 + 1 + 1; the essay is not scored
    assert text.splitlines()[-1] == "Score: 7/7 (100%)"
    assert "Nothing to review" in text
    assert "not scored: your teacher marks this" in text.lower()


@pytest.mark.parametrize("feedback", ["each", "end", "none"])
def test_play_transcript_golden(
    form: Form, tmp_path: Path, golden: Callable[[str, str], None], feedback: Feedback
) -> None:
    # A wrong choice, partial credit (A only: 1/2), a bad answer asked again, a wrong pair order.
    answers = ["b", "A", "maybe", "t", "1e5", "Five years.", "A B C", "A is a report."]
    _, text, _ = run(form, answers, tmp_path, feedback)
    golden(f"play/small-{feedback}.txt", text)


def test_each_feedback_shows_key_explanation_and_evidence_with_line(form: Form, tmp_path: Path) -> None:
    _, text, _ = run(form, ["b", *ALL_RIGHT[1:]], tmp_path)
    first = text.split("Question 2 of 7")[0]
    assert "✗ Wrong: 0/1" in first
    assert "Right answer:\n  A. It pledged to increase its investment to $1 trillion." in first
    assert "Tempting: some headlines say so" in first  # the feedback of the choice picked
    assert "Why: A pledge is a promise" in first
    # the quote in its sentence, its article's label and title, and the line in the file
    assert (
        "Evidence, Article A: [untitled: report on the joint statement]\n"
        "  line 9: **Japan has pledged to increase its investment in the United States" in first
    )


def test_partial_credit_is_shown_as_points_with_the_rule(form: Form, tmp_path: Path) -> None:
    _, text, _ = run(form, ["a", "b, c", *ALL_RIGHT[2:]], tmp_path)
    second = text.split("Question 2 of 7")[1].split("Question 3 of 7")[0]
    assert "✗ Wrong: 0/2" in second  # B right (+1), C wrong (-1): 0
    _, text, _ = run(form, ["a", "b", *ALL_RIGHT[2:]], tmp_path)
    second = text.split("Question 2 of 7")[1].split("Question 3 of 7")[0]
    assert "◐ Partly right: 1/2" in second
    assert "Each right choice you select earns 1 point, each wrong one you select takes 1 away" in second
    assert text.splitlines()[-1] == "Score: 6/7 (86%)"
    assert "To review: 2 (topics-discussed, partly right)" in text


def test_full_marks_on_multiple_answer_show_no_partial_credit_rule(form: Form, tmp_path: Path) -> None:
    _, text, _ = run(form, ALL_RIGHT, tmp_path)
    second = text.split("Question 2 of 7")[1].split("Question 3 of 7")[0]
    assert "✓ Right: 2/2" in second
    assert "Partial credit" not in second


def test_picked_choice_feedback_is_labelled(form: Form, tmp_path: Path) -> None:
    _, text, _ = run(form, ["b", *ALL_RIGHT[1:]], tmp_path)
    first = text.split("Question 2 of 7")[0]
    assert "✗ Wrong: 0/1\nFeedback on your choice:\n  Tempting: some headlines say so" in first


@pytest.mark.parametrize("feedback", ["each", "end", "none"])
def test_the_essay_rubric_is_never_shown_to_the_student(
    form: Form, tmp_path: Path, feedback: Feedback
) -> None:
    essay = next(i.question for i in form.items if i.question.type == "essay")
    assert essay.rubric
    _, text, _ = run(form, ALL_RIGHT, tmp_path, feedback=feedback)
    assert "Rubric" not in text
    assert essay.rubric not in text
    assert "Full credit:" not in text


def test_unreadable_answers_are_asked_again_and_never_stored(form: Form, tmp_path: Path) -> None:
    answers = ["E", "A", "A, B", "maybe", "t", *ALL_RIGHT[3:]]
    result, text, store = run(form, answers, tmp_path)
    assert "There is no choice 'E'. Type one letter, A to C." in text
    assert "'maybe' is neither true nor false. Type t for true or f for false (yes and no work too)." in text
    assert result.complete and result.earned == 7
    rows = store.connection.execute("SELECT position, answer FROM responses ORDER BY position").fetchall()
    assert [r[1] for r in rows] == ALL_RIGHT  # only the readable answers, one per question


def test_input_ending_early_keeps_what_was_answered(form: Form, tmp_path: Path) -> None:
    result, text, store = run(form, ["a", "c"], tmp_path)
    assert result.stop == "input-ended"
    assert len(result.outcomes) == 2
    assert "Input ended after 2 of 7 questions; your answers so far are saved." in text
    assert "On the questions answered: 1/3" in text
    assert "Not answered: 3 (preview-tense)" in text
    assert text.splitlines()[-1] == "Score: 1/7 (14%)"
    (complete, score) = store.connection.execute("SELECT complete, score FROM attempts").fetchone()
    assert (complete, score) == (0, 1.0)


class InterruptingInput(io.StringIO):
    """Answers, then Ctrl-C (KeyboardInterrupt) where the next line would be read."""

    def readline(self, size: int | None = -1) -> str:
        line = super().readline()
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_ends_cleanly_with_the_partial_score(form: Form, tmp_path: Path) -> None:
    out = io.StringIO()
    store = ResultsStore(tmp_path / "r.sqlite3")
    attempt = store.start_attempt(form, "Ana", fixed_now())
    screen = PlainScreen(out, InterruptingInput("a\na b\n"), echo=True)
    result = Session(form, screen, attempt, clock=ticking_clock()).run()
    assert result.stop == "interrupted"
    assert "Stopped after 2 of 7 questions; your answers so far are saved." in out.getvalue()
    assert out.getvalue().splitlines()[-1] == "Score: 3/7 (43%)"
    assert store.connection.execute("SELECT count(*) FROM responses").fetchone()[0] == 2


def test_end_feedback_comes_after_the_last_question_only(form: Form, tmp_path: Path) -> None:
    _, text, _ = run(form, ALL_RIGHT, tmp_path, "end")
    before, after = text.split("Your answers, the right answers and the evidence")
    assert "Right answer:" not in before and "Evidence," not in before
    assert after.count("Right answer:") == 6  # every question but the essay has a key
    assert 'Your answer:\n  1. "unwavering commitment to the defense of Japan" -> B. President Trump' in after


def test_no_feedback_is_test_mode(form: Form, tmp_path: Path) -> None:
    _, text, _ = run(form, ["b", *ALL_RIGHT[1:]], tmp_path, "none")
    for revealing in ("Right answer", "Wrong", "Evidence", "To review", "By skill"):
        assert revealing not in text
    assert text.splitlines()[-1] == "Score: 6/7 (86%)"


def test_summary_has_skills_time_and_review(form: Form, tmp_path: Path) -> None:
    _, text, _ = run(form, ["b", *ALL_RIGHT[1:]], tmp_path)
    summary = text.rsplit("-" * 60, 1)[1]
    assert "  hedged-vs-definitive: 0/1 (0%)" in summary
    assert "  claim-evidence: 2/2 (100%)" in summary
    assert "To review: 1 (pledge-verb)" in summary
    assert "1 essay answer saved for your teacher (not scored)." in summary
    assert "Time: " in summary


def test_bank_text_is_printed_as_written(form: Form, tmp_path: Path) -> None:
    _, text, _ = run(form, ALL_RIGHT, tmp_path)
    assert "what did Japan do about the $1 trillion: <invest> it, or pledge it?" in text
    assert "C. It refused to invest & asked for tariffs." in text
    assert "{select all}" in text


@pytest.mark.parametrize("feedback", ["each", "end"])
def test_rich_screen_shows_the_same_text_as_plain(form: Form, tmp_path: Path, feedback: Feedback) -> None:
    """Markup never leaks ('[green]'), bank text is never taken for markup, nothing is lost."""
    from rich.console import Console

    answers = ["b", "A", "maybe", "t", "1e5", "Five years.", "A B C", "A [bold]is[/bold] a report."]
    _, plain, _ = run(form, answers, tmp_path, feedback)
    out = io.StringIO()
    screen = RichScreen(io.StringIO("".join(a + "\n" for a in answers)), echo=True)
    screen.console = Console(file=out, width=400, color_system=None, highlight=False, emoji=False)
    store = ResultsStore(tmp_path / "rich.sqlite3")
    attempt = store.start_attempt(form, "Ana", fixed_now())
    Session(form, screen, attempt, feedback=feedback, clock=ticking_clock(), now=fixed_now).run()

    def comparable(text: str, rule: str) -> list[str]:
        return [line.rstrip() for line in text.replace("**", "").splitlines() if line.strip().strip(rule)]

    assert comparable(out.getvalue(), "─") == comparable(plain, "-")
    assert "[bold]is[/bold]" in out.getvalue()


# --- the command, with answers piped in --------------------------------------------------------


def quizkit(
    args: list[str], stdin: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quizkit", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
    )


def test_piped_answers_play_the_whole_quiz(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    answers = "".join(f"{a}\n" for a in ["zz", *ALL_RIGHT])
    done = quizkit(
        ["play", str(BANKS / "small"), "--no-shuffle", "--name", "Ana", "--results", str(db)], answers
    )
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout  # no ANSI codes on a pipe
    assert "There is no choice 'zz'. Type one letter, A to C." in done.stdout
    assert "Answer: zz\n" in done.stdout  # piped answers are echoed, so the log reads well
    assert done.stdout.splitlines()[-1] == "Score: 7/7 (100%)"
    con = sqlite3.connect(db)
    assert con.execute("SELECT student, complete, score, possible FROM attempts").fetchall() == [
        ("Ana", 1, 7.0, 7.0)
    ]
    assert con.execute("SELECT count(*) FROM responses").fetchone() == (7,)


def test_piped_input_ending_early_exits_1_and_keeps_answers(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    args = [
        "play",
        str(BANKS / "small"),
        "--no-shuffle",
        "--seed",
        "3",
        "--name",
        "Ben",
        "--results",
        str(db),
    ]
    done = quizkit(args, "a\nb\n")
    assert done.returncode == 1
    assert "Input ended after 2 of 7 questions" in done.stdout
    assert done.stdout.splitlines()[-1].startswith("Score: ")
    con = sqlite3.connect(db)
    assert con.execute("SELECT count(*), min(position), max(position) FROM responses").fetchone() == (2, 1, 2)
    assert con.execute("SELECT complete, ended IS NOT NULL, seed FROM attempts").fetchone() == (0, 1, 3)


def test_same_seed_same_quiz(tmp_path: Path) -> None:
    runs = [
        quizkit(
            ["play", str(BANKS / "small"), "--seed", "5", "--name", "A", "--results", str(tmp_path / "r")], ""
        )
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout
    assert "Question 1 of 7" in runs[0].stdout


@pytest.fixture
def broken_bank(tmp_path: Path) -> Iterator[Path]:
    bank = tmp_path / "broken"
    shutil.copytree(BANKS / "small", bank)
    yaml_file = bank / "bank.yaml"
    text = yaml_file.read_text()
    assert 'quote: "Japan has pledged' in text
    yaml_file.write_text(text.replace('quote: "Japan has pledged', 'quote: "Japan has invested'))
    yield bank


def test_a_bank_with_errors_refuses_to_play(broken_bank: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["play", str(broken_bank), "--name", "A", "--results", str(tmp_path / "r.sqlite3")], input="a\n"
    )
    assert result.exit_code == 1
    assert "error[quote-not-found]" in result.output
    assert "1 error; nothing was done" in result.output
    assert "Question 1" not in result.output
    assert not (tmp_path / "r.sqlite3").exists()


def test_a_results_file_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("these are my notes, not a database\n" * 20)
    result = CliRunner().invoke(main, ["play", str(BANKS / "small"), "--name", "A", "--results", str(junk)])
    assert result.exit_code == 1
    assert f"Error: '{junk}' is not a quizkit results file: it is not an SQLite database" in result.output
    assert junk.read_text().startswith("these are my notes")


def test_count_and_skill_select_questions(tmp_path: Path) -> None:
    db = tmp_path / "r.sqlite3"
    done = quizkit(
        [
            "play",
            str(BANKS / "small"),
            "--skill",
            "claim-evidence",
            "--no-shuffle",
            "--name",
            "A",
            "--results",
            str(db),
        ],
        "a b\n",
    )
    assert done.returncode == 0, done.stderr
    assert "Question 1 of 1" in done.stdout
    assert done.stdout.splitlines()[-1] == "Score: 2/2 (100%)"


def test_default_results_file_is_in_the_user_data_folder(tmp_path: Path) -> None:
    done = quizkit(
        ["play", str(BANKS / "small"), "--count", "1", "--skill", "timeline-tense", "--difficulty", "medium",
         "--name", "A"],
        "t\n",
        env={"XDG_DATA_HOME": str(tmp_path / "data")},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "quizkit" / "results.sqlite3").is_file()
