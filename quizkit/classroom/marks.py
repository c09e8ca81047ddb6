"""Essay marks: the answers waiting for a teacher's mark, storing marks, and marks from a CSV file.

A mark is stored in the results file's `marks` table (the answer itself is never changed), in one
transaction per mark typed, or one for a whole CSV file, so a file with any problem stores nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from quizkit.classroom.results import ResultsStore, timestamp
from quizkit.classroom.resultsfile import disk_full, write_failed
from quizkit.errors import QuizkitError, ResultsError
from quizkit.safetext import spreadsheet_cell, visible

TEMPLATE_COLUMNS = ("attempt", "student", "bank", "question", "out_of", "answer", "points")
REQUIRED_COLUMNS = ("attempt", "question", "points")


@dataclass(frozen=True)
class EssayAnswer:
    """One essay answer of one attempt, with its mark if it has one."""

    attempt_id: int
    position: int
    student: str
    bank: str
    question_id: str
    prompt: str
    possible: float
    answer: str
    points: float | None


@dataclass(frozen=True)
class NewMark:
    attempt_id: int
    position: int
    points: float


class MarksError(QuizkitError):
    """A marks file with problems: each on its own line (file:line: what), then the summary."""

    def __init__(self, message: str, problems: Sequence[str]) -> None:
        super().__init__(message)
        self.problems = problems

    def show(self, file: IO[Any] | None = None) -> None:
        import click

        for problem in self.problems:
            click.echo(visible(problem), file=file, err=file is None)
        super().show(file)


def essay_answers(store: ResultsStore, bank: str | None = None) -> list[EssayAnswer]:
    """Every essay answer (of one bank, if named), by bank, student and attempt."""
    if store.empty:
        return []
    mark = "m.points" if store.version >= 2 else "NULL"
    join = (
        "LEFT JOIN marks m ON m.attempt_id = r.attempt_id AND m.position = r.position"
        if store.version >= 2
        else ""
    )
    where, args = ("AND a.bank = ?", (bank,)) if bank else ("", ())
    try:
        rows = store.connection.execute(
            "SELECT a.id, r.position, a.student, a.bank, q.question_id, q.prompt, q.points, r.answer, "
            f"{mark} FROM responses r JOIN attempts a ON a.id = r.attempt_id "
            "JOIN questions q ON q.attempt_id = r.attempt_id AND q.position = r.position "
            f"{join} WHERE q.type = 'essay' {where} "
            "ORDER BY a.bank, a.student COLLATE NOCASE, a.started, a.id, r.position",
            args,
        ).fetchall()
    except sqlite3.Error as exc:
        raise ResultsError(f"cannot read results file '{store.path}': {exc}") from exc
    return [EssayAnswer(*row) for row in rows]


def store_marks(store: ResultsStore, marks: Iterable[NewMark], when: dt.datetime) -> int:
    """Store marks (a new mark replaces an old one) in one transaction; how many were stored."""
    rows = [(m.attempt_id, m.position, m.points, timestamp(when)) for m in marks]
    try:
        with store._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO marks (attempt_id, position, points, marked) VALUES (?, ?, ?, ?)",
                rows,
            )
    except sqlite3.Error as exc:
        code = exc.sqlite_errorcode & 0xFF if isinstance(exc, sqlite3.DatabaseError) else None
        if code == sqlite3.SQLITE_READONLY:
            raise ResultsError(
                f"cannot store marks in '{store.path}': it is read-only; copy it to a folder you can "
                "write to and mark it there (`quizkit report` can still read it where it is)"
            ) from exc
        if disk_full(exc, store.path):
            raise ResultsError(
                f"cannot store marks in '{store.path}': the disk is full; marks stored before are "
                "kept; free some space, then mark again"
            ) from exc
        raise write_failed(store.path, exc, "the marks") from exc
    return len(rows)


def question_types(store: ResultsStore) -> dict[tuple[int, str], str]:
    """(attempt, question id) -> the question's type, for every question of every attempt."""
    if store.empty:
        return {}
    rows = store.connection.execute("SELECT attempt_id, question_id, type FROM questions")
    return {(attempt_id, qid): qtype for attempt_id, qid, qtype in rows}


def read_points(text: str, possible: float) -> float:
    """Points typed by a teacher: a number from 0 to `possible`, decimals allowed (2.5 or 2,5)."""
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError(f"'{text.strip()}' is not a number; give points from 0 to {_pts(possible)}")
    if value < 0:
        raise ValueError(f"{_pts(value)} is below 0; give points from 0 to {_pts(possible)}")
    if value > possible + 1e-9:
        worth = f"{_pts(possible)} point{'' if possible == 1 else 's'}"
        raise ValueError(f"{_pts(value)} is more than the question's {worth}")
    return value


def marks_template(essays: Sequence[EssayAnswer]) -> str:
    """The CSV a teacher fills in: one row per essay answer to mark, the points column empty."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TEMPLATE_COLUMNS)
    for essay in essays:
        row = (
            str(essay.attempt_id),
            essay.student,
            essay.bank,
            essay.question_id,
            _pts(essay.possible),
            essay.answer,
            "",
        )
        writer.writerow(spreadsheet_cell(cell) for cell in row)
    return out.getvalue()


def marks_from_csv(path: Path, store: ResultsStore) -> tuple[list[NewMark], int]:
    """The marks in a filled-in CSV file, and how many rows were left without points; every
    problem, by file and line, raises MarksError (so nothing is stored)."""
    essays = essay_answers(store)
    types = question_types(store)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MarksError(
            f"'{path}' is not UTF-8 text; save it from the spreadsheet as CSV UTF-8; no mark was stored", []
        ) from None
    except OSError as exc:
        raise QuizkitError(f"cannot read '{path}': {exc.strerror}") from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # as some spreadsheets save CSV
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[str] = []
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise MarksError(
            f"{path}:1: the first line must name the columns {', '.join(REQUIRED_COLUMNS)} (as "
            f"`quizkit mark --template` writes them); {', '.join(missing)} missing; no mark was stored",
            [],
        )
    column = {name: header.index(name) for name in TEMPLATE_COLUMNS if name in header}
    by_key = {(e.attempt_id, e.question_id): e for e in essays}
    attempts = {attempt_id for attempt_id, _ in types}
    marks: list[NewMark] = []
    seen: dict[tuple[int, str], int] = {}
    empty = 0
    line = reader.line_num + 1
    for row in reader:
        where, line = f"{path}:{line}", reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i].strip() if i < len(row) else "") for name, i in column.items()}
        problem, mark = _row_mark(cells, by_key, types, attempts, store.path, seen, where)
        if problem:
            problems.append(f"{where}: {problem}")
        elif mark is None:
            empty += 1
        else:
            marks.append(mark)
    if problems:
        count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
        raise MarksError(f"{path} has {count}; no mark was stored", problems)
    return marks, empty


def _row_mark(
    cells: dict[str, str],
    by_key: dict[tuple[int, str], EssayAnswer],
    types: dict[tuple[int, str], str],
    attempts: set[int],
    results: Path,
    seen: dict[tuple[int, str], int],
    where: str,
) -> tuple[str | None, NewMark | None]:
    """(a problem, None) or (None, the mark, or None for a row without points)."""
    attempt_text, question = cells["attempt"].lstrip("'"), cells["question"].lstrip("'")
    try:
        attempt_id = int(attempt_text)
    except ValueError:
        return f"attempt '{attempt_text}' is not an attempt number", None
    essay = by_key.get((attempt_id, question))
    if essay is None:
        qtype = types.get((attempt_id, question))
        if attempt_id not in attempts:
            return f"there is no attempt {attempt_id} in '{results}'", None
        if qtype is None:
            return f"attempt {attempt_id} has no question '{question}'", None
        if qtype != "essay":
            kind = qtype.replace("_", " ")
            return f"question '{question}' is {kind}, scored by quizkit; only essays are marked by hand", None
        return f"attempt {attempt_id} has no answer to essay '{question}' (it stopped before it)", None
    student = cells.get("student", "").lstrip("'")
    if student and student != essay.student:
        return f"attempt {attempt_id} is {essay.student}'s, not {student}'s", None
    if (attempt_id, question) in seen:
        first = seen[(attempt_id, question)]
        return f"attempt {attempt_id}, question '{question}' is on two rows (the first: line {first})", None
    seen[(attempt_id, question)] = int(where.rsplit(":", 1)[1])
    if not cells["points"]:
        return None, None
    try:
        points = read_points(cells["points"], essay.possible)
    except ValueError as why:
        return f"points for attempt {attempt_id}, question '{question}': {why}", None
    return None, NewMark(attempt_id, essay.position, points)


def _pts(value: float) -> str:
    from quizkit.scoring import format_points

    return format_points(value)
