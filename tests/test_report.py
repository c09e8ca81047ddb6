"""Item analysis against hand-computed values, and `quizkit report` as text, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quizkit.classroom.analysis import FLAG_MIN_ANSWERS, analyse, point_biserial
from quizkit.classroom.reporting import format_text
from quizkit.classroom.results import AttemptRecord, ItemRecord, ResponseRecord, Results, ResultsStore
from quizkit.cli import main
from quizkit.model import letter
from tests.conftest import BANKS, ROOT


def attempt(i: int, student: str, score: float, possible: float = 3, complete: bool = True) -> AttemptRecord:
    return AttemptRecord(
        i,
        student,
        "news",
        "News",
        1,
        None,
        3,
        f"2026-03-0{i}T09:00:00+00:00",
        None,
        complete,
        score,
        possible,
        3,
    )


def item(
    attempt_id: int, position: int, qid: str, qtype: str, key: Any, skills: tuple[str, ...]
) -> ItemRecord:
    choices = ("first", "second", "third") if qtype != "true_false" else ()
    return ItemRecord(attempt_id, position, qid, qtype, f"prompt {qid}", skills, 1.0, choices, key)


def response(
    attempt_id: int, position: int, qid: str, points: float, parsed: dict[str, Any]
) -> ResponseRecord:
    return ResponseRecord(attempt_id, qid, position, "typed", parsed, points == 1, points, 1.0, 5.0, "t")


def times(results: Results, copies: int) -> Results:
    """The same class `copies` times over: the same facility, discrimination and shares."""
    size = len(results.attempts)
    attempts = [
        replace(a, id=a.id + k * size, student=f"{a.student}.{k}")
        for k in range(copies)
        for a in results.attempts
    ]
    items = [replace(i, attempt_id=i.attempt_id + k * size) for k in range(copies) for i in results.items]
    responses = [
        replace(r, attempt_id=r.attempt_id + k * size) for k in range(copies) for r in results.responses
    ]
    return Results(attempts, items, responses)


def class_of_four() -> Results:
    """Four complete attempts at three 1-point questions.

    q1 multiple choice, key = bank choice 0 (A); q2 multiple choice, key = bank choice 0 (A);
    q3 true/false, key true.

        student  q1      q2      q3        total
        S1       1 (A)   1 (A)   1 (true)  3
        S2       1 (A)   0 (C)   1 (true)  2
        S3       0 (B)   1 (A)   0 (false) 1
        S4       0 (B)   0 (C)   1 (true)  1
    """
    table = {
        1: [(1, {"choices": [0]}), (1, {"choices": [0]}), (1, {"value": True})],
        2: [(1, {"choices": [0]}), (0, {"choices": [2]}), (1, {"value": True})],
        3: [(0, {"choices": [1]}), (1, {"choices": [0]}), (0, {"value": False})],
        4: [(0, {"choices": [1]}), (0, {"choices": [2]}), (1, {"value": True})],
    }
    questions = [
        ("q1", "multiple_choice", [0], ("claim-evidence",)),
        ("q2", "multiple_choice", [0], ("claim-evidence",)),
        ("q3", "true_false", True, ("timeline-tense",)),
    ]
    attempts = [attempt(i, f"S{i}", sum(p for p, _ in rows)) for i, rows in table.items()]
    items = [item(a, n, *q) for a in table for n, q in enumerate(questions, start=1)]
    responses = [
        response(a, n, questions[n - 1][0], points, parsed)
        for a, rows in table.items()
        for n, (points, parsed) in enumerate(rows, start=1)
    ]
    return Results(attempts, items, responses)


def test_item_statistics_match_the_hand_computation() -> None:
    bank = analyse(class_of_four()).banks[0]
    q1, q2, q3 = bank.items
    # Facility = mean item score: q1 2/4 = 0.5; q2 2/4 = 0.5; q3 3/4 = 0.75.
    assert (q1.facility, q2.facility, q3.facility) == (0.5, 0.5, 0.75)

    # Discrimination of q1: x = item scores, y = rest score = (total - item) / 2 points left.
    #   x = [1, 1, 0, 0]       mean 0.5    dx = [.5, .5, -.5, -.5]
    #   y = [2/2, 1/2, 1/2, 1/2] = [1, .5, .5, .5]   mean .625   dy = [.375, -.125, -.125, -.125]
    #   Sxy = .1875 - .0625 + .0625 + .0625 = .25;  Sxx = 1;  Syy = .140625 + 3 * .015625 = .1875
    #   r = .25 / sqrt(1 * .1875) = 0.5774 (1/sqrt(3))
    assert q1.discrimination == pytest.approx(1 / math.sqrt(3))
    # q2: x = [1, 0, 1, 0], y = [2/2, 2/2, 0/2, 1/2] = [1, 1, 0, .5]   mean .625
    #   dx = [.5, -.5, .5, -.5]; dy = [.375, .375, -.625, -.125]
    #   Sxy = .1875 - .1875 - .3125 + .0625 = -.25; Sxx = 1; Syy = .140625*2 + .390625 + .015625 = .6875
    #   r = -.25 / sqrt(.6875) = -0.3015
    assert q2.discrimination == pytest.approx(-0.25 / math.sqrt(0.6875))
    # q3: x = [1, 1, 0, 1] (mean .75), y = [2/2, 1/2, 1/2, 0/2] = [1, .5, .5, 0] (mean .5)
    #   dx = [.25, .25, -.75, .25]; dy = [.5, 0, 0, -.5]; Sxy = .125 + 0 + 0 - .125 = 0 -> r = 0
    assert q3.discrimination == pytest.approx(0)

    # Choices, in bank order: q1 A (key) 2, B 2, C 0; q2 A (key) 2, B 0, C 2; q3 true 3, false 1.
    assert [(o.letter, o.count, o.keyed) for o in q1.options] == [
        ("A", 2, True),
        ("B", 2, False),
        ("C", 0, False),
    ]
    assert [(o.letter, o.count, o.keyed) for o in q2.options] == [
        ("A", 2, True),
        ("B", 0, False),
        ("C", 2, False),
    ]
    assert [(o.text, o.count, o.keyed) for o in q3.options] == [("True", 3, True), ("False", 1, False)]

    # Only q2 looks broken: its discrimination is negative. No distractor beats a key (2 = 2 is a tie).
    # But four answers are too few to judge a key by: the flag is withheld, and said to be.
    assert q1.flags == () and q3.flags == ()
    assert q2.flags == () and q2.withheld and not q1.withheld
    # The same class three times over (12 answers): the same figures, and now the flag.
    q1, q2, q3 = analyse(times(class_of_four(), 3)).banks[0].items
    assert q2.discrimination == pytest.approx(-0.25 / math.sqrt(0.6875))
    assert q2.flags == (
        "negative discrimination (-0.30): students who did well overall did worse here; check the key",
    )
    assert not q2.withheld
    assert q1.flags == () and q3.flags == ()

    # Mastery = mean item score per skill: claim-evidence (q1, q2) = 4 right of 8 = 0.5;
    # timeline-tense (q3) = 3 of 4 = 0.75.
    assert [(s.skill, s.responses, s.mastery) for s in bank.skills] == [
        ("claim-evidence", 8, 0.5),
        ("timeline-tense", 4, 0.75),
    ]


def test_point_biserial_needs_three_answers_and_spread() -> None:
    assert point_biserial([(1, 1), (0, 0)]) is None
    assert point_biserial([(1, 0.5), (1, 0.2), (1, 0.9)]) is None  # everyone right: no spread
    # x = [1, 0, 0], y = [.9, .3, .6]: mean x 1/3, mean y .6; dx = [2/3, -1/3, -1/3]; dy = [.3, -.3, 0]
    # Sxy = .2 + .1 + 0 = .3; Sxx = 4/9 + 1/9 + 1/9 = 2/3; Syy = .09 + .09 = .18
    # r = .3 / sqrt(2/3 * .18) = .3 / sqrt(.12) = 0.8660
    assert point_biserial([(1, 0.9), (0, 0.3), (0, 0.6)]) == pytest.approx(0.3 / math.sqrt(0.12))


def test_partial_credit_counts_as_its_fraction_and_a_popular_distractor_is_flagged() -> None:
    # A 2-point multiple answer question (keys A and B) answered by three students:
    #   A, B -> 2/2 = 1;  A, C -> 0/2 = 0 (1 - 1);  A -> 1/2 = 0.5.   Facility = 1.5 / 3 = 0.5
    # Picks: A 3, B 1, C 1. The least-picked key (B, 1) ties with C: no flag.
    # A fourth student picks C alone (0 points): C 2 > B 1 -> flagged.
    rows = [([0, 1], 2.0), ([0, 2], 0.0), ([0], 1.0), ([2], 0.0)]
    attempts = [attempt(i, f"S{i}", pts, possible=2) for i, (_, pts) in enumerate(rows, start=1)]
    items = [
        ItemRecord(i, 1, "ma", "multiple_answer", "p", ("claim-evidence",), 2.0, ("a", "b", "c"), [0, 1])
        for i in range(1, 5)
    ]
    responses = [
        ResponseRecord(i, "ma", 1, "x", {"choices": picks}, pts == 2, pts, 2.0, 1.0, "t")
        for i, (picks, pts) in enumerate(rows, start=1)
    ]
    three = analyse(Results(attempts[:3], items[:3], responses[:3])).banks[0].items[0]
    assert three.facility == pytest.approx(0.5)
    assert three.discrimination is None  # no other question: no rest score
    assert three.flags == ()
    four = analyse(Results(attempts, items, responses)).banks[0].items[0]
    assert four.facility == pytest.approx(1.5 / 4)
    assert [(o.letter, o.count) for o in four.options] == [("A", 3), ("B", 1), ("C", 2)]
    assert four.flags == () and four.withheld  # 4 answers: too few to judge
    twelve = analyse(times(Results(attempts, items, responses), 3)).banks[0].items[0]
    assert [(o.letter, o.count) for o in twelve.options] == [("A", 9), ("B", 3), ("C", 6)]
    assert twelve.flags == (
        "choice C (not keyed) was picked more often than the key (6 vs 3); check the key and the wording",
    )


# --- the command, on attempts really played ----------------------------------------------------


def play(db: Path, name: str, answers: list[str]) -> None:
    args = ["play", str(BANKS / "small"), "--no-shuffle", "--feedback", "none", "--name", name]
    done = subprocess.run(
        [sys.executable, "-m", "quizkit", *args, "--results", str(db)],
        input="".join(a + "\n" for a in answers),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode in (0, 1), done.stderr


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three attempts at the small bank, unshuffled (keys: A; A,B; t; 100000; five; B C A; essay)."""
    db = tmp_path_factory.mktemp("report") / "class.sqlite3"
    play(db, "Zoe", ["A", "A, B", "t", "100000", "five", "B C A", "A reports, B predicts."])  # 7/7
    play(db, "ana", ["B", "A", "f", "100000", "six", "B A C", "Both report."])  # 0+1+0+1+0+1/3 = 2.33
    play(db, "Zoe", ["B", "C"])  # stopped: 0/7
    return db


def report(*args: str) -> str:
    result = CliRunner().invoke(main, ["report", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_report_text_lists_attempts_by_student_with_scores(played: Path) -> None:
    text = report("--results", str(played))
    assert text.startswith(f"Results in {played}: 3 attempts by 2 students\n")
    lines = text.splitlines()
    ana = lines.index("  ana")
    assert lines[ana + 1].startswith("    Started ")
    assert lines[ana + 1].endswith("  small  Score so far: 2.33/7, 1 essay to mark")
    assert lines[ana + 2 : ana + 9] == [  # unshuffled: the form's letters are the bank's
        "      1  pledge-verb  0/1  picked B (bank B); key A (bank A)",
        "      2  topics-discussed  1/2  picked A (bank A); key A, B (bank A, B)",
        "      3  preview-tense  0/1  answered false; key true",
        "      4  softbank-jobs  1/1  answered '100000'",
        "      5  largest-investor  0/1  answered 'six'",
        "      6  who-said-it  0.33/1  matched B A C (bank A C B); key B C A (bank A B C)",
        "      7  preview-vs-report  essay to mark: Both report.",
    ]
    zoe = lines.index("  Zoe")
    assert ana < zoe  # names sorted ignoring case
    assert "small  Score so far: 7/7, 1 essay to mark" in lines[zoe + 1]
    assert lines[zoe + 9].endswith("Score: 0/7 (0%), stopped after 2 of 7 questions")
    # pledge-verb: A (key) once, B twice -> facility 1/3; 3 answers are too few for a flag
    assert "  pledge-verb (multiple choice): 3 answers, facility 0.33, discrimination" in text
    assert "      A* 1   B 2   C 0\n" in text
    assert "! choice B" not in text
    assert "      ? not flagged yet: 3 answers are too few to judge the key (flags wait for 10)\n" in text
    assert 'a question is flagged ("check the key") from 10 answers on\n' in text
    # who-said-it: 1 + 1/3 over 2 answers = 0.67
    assert "  who-said-it (matching): 2 answers, facility 0.67" in text
    assert "preview-vs-report (essay)" not in text  # essays are marked by hand, not analysed


def test_answers_are_lettered_as_on_the_students_form_and_questions_listed_in_bank_order(
    tmp_path: Path,
) -> None:
    from quizkit.checking import require_valid_bank
    from quizkit.scoring import Outcome, parse_answer, score_answer
    from quizkit.selection import Selection, build_form

    bank, _ = require_valid_bank(BANKS / "small")
    form = build_form(bank, Selection(seed=4, shuffle_questions=True))
    order = [i.question.id for i in form.items]
    assert order != [q.id for q in bank.questions]  # this seed shuffles the questions
    pledge = next(i for i in form.items if i.question.id == "pledge-verb")
    assert pledge.choice_order == (2, 1, 0)  # this form shows the bank's choices C, B, A
    store = ResultsStore(tmp_path / "r.sqlite3")
    attempt = store.start_attempt(form, "Ana", dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC))
    for item in form.items:
        typed = {"pledge-verb": "a", "topics-discussed": "b c", "who-said-it": "a b c", "softbank-jobs": "5"}
        answer = parse_answer(item, typed.get(item.question.id, "t"))
        attempt.record(
            Outcome(item, answer, score_answer(item.question, answer), 1.0, dt.datetime.now(dt.UTC))
        )
    store.close()
    text = report("--results", str(tmp_path / "r.sqlite3"))
    number = order.index("pledge-verb") + 1
    assert f"      {number}  pledge-verb  0/1  picked A (bank C); key C (bank A)" in text
    number = order.index("topics-discussed") + 1
    topics = next(i for i in form.items if i.question.id == "topics-discussed")
    b, c = topics.choice_order[1], topics.choice_order[2]
    assert f"  picked B, C (bank {letter(b)}, {letter(c)})" in text
    analysed = [line.split(" (")[0].strip() for line in text.splitlines() if " answer, facility " in line]
    assert analysed == [q.id for q in bank.questions if q.type != "essay"]  # the bank's order


def test_times_are_shown_in_the_teachers_time_zone_named(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    try:
        results = class_of_four()
        attempts = [
            replace(results.attempts[0], started="2026-03-02T09:30:00+00:00"),
            replace(results.attempts[1], started="2026-07-02T09:30:00+00:00"),
            replace(results.attempts[2], started="2026-03-02T12:30:00+03:00"),  # played elsewhere
            *results.attempts[3:],
        ]
        text = format_text(analyse(Results(attempts, results.items, results.responses)), "r")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    lines = text.splitlines()
    assert lines[lines.index("  S1") + 1].startswith("    Started 2026-03-02 10:30 CET  news  Score: 3/3")
    assert lines[lines.index("  S2") + 1].startswith("    Started 2026-07-02 11:30 CEST  news")
    assert lines[lines.index("  S3") + 1].startswith("    Started 2026-03-02 10:30 CET  news")


def test_the_flag_threshold_is_the_one_the_readme_states() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"at least {FLAG_MIN_ANSWERS} answers" in readme


def test_report_csv_is_one_row_per_attempt(played: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(report("--results", str(played), "--format", "csv"))))
    assert [(r["student"], r["score"], r["possible"], r["percent"], r["complete"]) for r in rows] == [
        ("ana", "2.33", "7", "", "yes"),  # an essay to mark: no percent yet
        ("Zoe", "7", "7", "", "yes"),
        ("Zoe", "0", "7", "0", "no"),
    ]
    assert list(rows[0])[:6] == ["student", "bank", "started", "score", "possible", "percent"]
    assert {r["bank"] for r in rows} == {"small"}


def test_report_json_for_tools(played: Path) -> None:
    data = json.loads(report("--results", str(played), "--format", "json"))
    assert [a["student"] for a in data["attempts"]] == ["ana", "Zoe", "Zoe"]
    assert data["attempts"][0]["essays"] == [{"question": "preview-vs-report", "answer": "Both report."}]
    (bank,) = data["banks"]
    questions = {q["id"]: q for q in bank["questions"]}
    assert questions["topics-discussed"]["facility"] == 0.5  # 2/2 and 1/2 (A only)
    assert questions["preview-tense"]["options"] == [
        {"letter": "T", "text": "True", "count": 1, "keyed": True},
        {"letter": "F", "text": "False", "count": 1, "keyed": False},
    ]
    assert {s["skill"] for s in bank["skills"]} >= {"claim-evidence", "timeline-tense"}


def test_report_bank_filter_and_mistakes(played: Path, tmp_path: Path) -> None:
    assert "pledge-verb" in report("--results", str(played), "--bank", "small")
    result = CliRunner().invoke(main, ["report", "--results", str(played), "--bank", "nope"])
    assert result.exit_code == 1
    assert result.output == f"Error: no attempts at bank 'nope' in '{played}' (banks: small)\n"
    result = CliRunner().invoke(main, ["report", "--results", str(tmp_path / "missing.sqlite3")])
    assert result.exit_code == 1
    assert "Error: no results file at" in result.output
    assert not (tmp_path / "missing.sqlite3").exists()
    ResultsStore(tmp_path / "empty.sqlite3").close()
    assert (
        report("--results", str(tmp_path / "empty.sqlite3"))
        == f"No attempts in {tmp_path / 'empty.sqlite3'} yet.\n"
    )
