"""The results store: its schema, files that are not ours, and several quizzes writing at once."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from quizkit.checking import require_valid_bank
from quizkit.classroom.results import APPLICATION_ID, SCHEMA_VERSION, ResultsStore
from quizkit.errors import ResultsError
from quizkit.scoring import Outcome, parse_answer, score_answer
from quizkit.selection import Form, Selection, build_form
from tests.conftest import BANKS, ROOT

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def form() -> Form:
    bank, _ = require_valid_bank(BANKS / "small")
    return build_form(bank, Selection(seed=1, shuffle=False))


def test_a_new_file_gets_the_versioned_schema_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "r.sqlite3"
    ResultsStore(path).close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"attempts", "questions", "responses", "marks"}
    columns = [r[1] for r in con.execute("PRAGMA table_info(attempts)")]
    assert columns == [
        "id", "student", "bank", "bank_title", "seed", "form", "question_count",
        "started", "ended", "complete", "score", "possible",
    ]  # fmt: skip
    columns = [r[1] for r in con.execute("PRAGMA table_info(responses)")]
    assert columns == [
        "attempt_id", "question_id", "position", "answer", "parsed", "correct",
        "points", "possible", "seconds", "at",
    ]  # fmt: skip
    columns = [r[1] for r in con.execute("PRAGMA table_info(questions)")]
    assert columns[-2:] == ["bank_position", "shown"]
    columns = [r[1] for r in con.execute("PRAGMA table_info(marks)")]
    assert columns == ["attempt_id", "position", "points", "marked"]


def version_1_file(path: Path, form: Form) -> None:
    """A results file as quizkit wrote it before schema 2 (no place in the bank, no marks)."""
    ResultsStore(path).close()
    con = sqlite3.connect(path)
    con.execute("DROP TABLE marks")
    con.execute("ALTER TABLE questions DROP COLUMN shown")
    con.execute("ALTER TABLE questions DROP COLUMN bank_position")
    con.execute("PRAGMA user_version = 1")
    con.execute(
        "INSERT INTO attempts (student, bank, bank_title, seed, form, question_count, started, possible) "
        "VALUES ('Old', 'small', 'Small', 1, NULL, 1, '2026-03-02T09:30:00+00:00', 1)"
    )
    con.execute(
        "INSERT INTO questions VALUES (1, 1, 'pledge-verb', 'multiple_choice', 'p', '[]', 1, "
        '\'["a", "b", "c"]\', \'[0]\')'
    )
    con.execute(
        "INSERT INTO responses VALUES (1, 'pledge-verb', 1, 'b', '{\"choices\": [1]}', 0, 0, 1, 2.0, "
        "'2026-03-02T09:31:00+00:00')"
    )
    con.commit()
    con.close()


def test_a_version_1_file_is_read_as_it_is_and_upgraded_by_the_first_write(
    form: Form, tmp_path: Path
) -> None:
    path = tmp_path / "old.sqlite3"
    version_1_file(path, form)
    before = path.read_bytes()
    store = ResultsStore(path, create=False)
    old = store.read()
    store.close()
    assert path.read_bytes() == before  # reading never upgrades
    assert [(i.question_id, i.bank_position, i.shown) for i in old.items] == [("pledge-verb", None, None)]
    assert [(r.answer, r.points, r.marked) for r in old.responses] == [("b", 0.0, None)]

    store = ResultsStore(path)  # play opens it to write: upgraded
    store.start_attempt(form, "New", NOW)
    store.close()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM marks").fetchone() == (0,)
    con.close()
    both = ResultsStore(path, create=False).read()
    assert [a.student for a in both.attempts] == ["New", "Old"]
    new_items = [i for i in both.items if i.attempt_id == 2]
    assert [(i.question_id, i.bank_position) for i in new_items][:2] == [
        ("pledge-verb", 0),
        ("topics-discussed", 1),
    ]
    assert new_items[0].shown == (0, 1, 2)  # unshuffled
    assert new_items[5].shown == (2, 0, 1, 3)  # matching, unshuffled: right-hand items sorted, distractor too


def test_each_answer_is_stored_as_typed_and_parsed_in_bank_terms(form: Form, tmp_path: Path) -> None:
    store = ResultsStore(tmp_path / "r.sqlite3")
    shuffled = build_form(form.bank, Selection(seed=11))
    attempt = store.start_attempt(shuffled, "Ana", NOW)
    item = next(i for i in shuffled.items if i.question.id == "topics-discussed")
    typed = " ".join(item.correct_letters).lower()
    answer = parse_answer(item, typed)
    attempt.record(Outcome(item, answer, score_answer(item.question, answer), 4.25, NOW))
    row = store.connection.execute(
        "SELECT question_id, position, answer, parsed, correct, points, possible, seconds, at FROM responses"
    ).fetchone()
    assert row == (
        "topics-discussed",
        item.number,
        typed,
        '{"choices": [0, 1]}',  # the bank's first two choices, whatever their letters on this form
        1,
        2.0,
        2.0,
        4.25,
        "2026-03-02T09:30:00+00:00",
    )
    assert store.connection.execute("SELECT score, possible, seed FROM attempts").fetchone() == (2.0, 7.0, 11)
    results = store.read()
    assert results.attempts[0].answered == 1
    assert [i.question_id for i in results.items] == [i.question.id for i in shuffled.items]


def test_a_text_file_is_not_a_results_file(tmp_path: Path) -> None:
    path = tmp_path / "grades.sqlite3"
    path.write_text("name,score\nAna,5\n" * 100)
    with pytest.raises(ResultsError) as caught:
        ResultsStore(path)
    assert str(caught.value) == (
        f"'{path}' is not a quizkit results file: it is not an SQLite database "
        "(file is not a database); choose another file with --results"
    )
    assert path.read_text().startswith("name,score")


def test_another_programs_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()
    with pytest.raises(ResultsError, match="it is an SQLite database with other tables"):
        ResultsStore(path)
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA user_version").fetchone()[0] == 0
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["notes"]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    ResultsStore(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(
        ResultsError, match=r"written by a newer quizkit \(schema 3; this one reads up to 2\)"
    ):
        ResultsStore(path)


def test_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match="is a folder; give a file name"):
        ResultsStore(tmp_path)
    with pytest.raises(ResultsError, match="no results file at"):
        ResultsStore(tmp_path / "none.sqlite3", create=False)
    assert not (tmp_path / "none.sqlite3").exists()


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys, time
    from quizkit.checking import require_valid_bank
    from quizkit.classroom.results import ResultsStore
    from quizkit.scoring import Outcome, parse_answer, score_answer
    from quizkit.selection import Selection, build_form

    bank, _ = require_valid_bank(sys.argv[2])
    form = build_form(bank, Selection(seed=1, shuffle=False))
    item = form.items[0]
    answer = parse_answer(item, "a")
    mark = score_answer(item.question, answer)
    store = ResultsStore(sys.argv[1])
    while time.time() < float(sys.argv[4]):  # start together
        time.sleep(0.005)
    for n in range(int(sys.argv[3])):
        attempt = store.start_attempt(form, sys.argv[5], dt.datetime.now().astimezone())
        attempt.record(Outcome(item, answer, mark, 0.1, dt.datetime.now().astimezone()))
        attempt.finish(dt.datetime.now().astimezone(), complete=False)
    """
)


def test_two_quizzes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    import time

    path = tmp_path / "shared.sqlite3"
    start = str(time.time() + 1.5)
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(BANKS / "small"), "60", start, name],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Ana", "Ben", "Cy")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    con = sqlite3.connect(path)
    assert con.execute(
        "SELECT student, count(*) FROM attempts GROUP BY student ORDER BY student"
    ).fetchall() == [
        ("Ana", 60),
        ("Ben", 60),
        ("Cy", 60),
    ]
    assert con.execute("SELECT count(*), sum(points) FROM responses").fetchone() == (180, 180.0)
    assert con.execute("SELECT count(*) FROM questions").fetchone() == (180 * 7,)
