"""The results store: attempts and their responses in SQLite, one short transaction per answer.

WAL mode and a busy timeout let several quizzes write to the same file at once; committing each
response as it is given means a killed process or a closed terminal loses nothing answered.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizkit.classroom.resultsfile import APPLICATION_ID as APPLICATION_ID
from quizkit.classroom.resultsfile import SCHEMA_VERSION as SCHEMA_VERSION
from quizkit.classroom.resultsfile import (
    damaged,
    open_results,
    schema_version,
    transaction,
    unreadable,
    write_failed,
)
from quizkit.errors import ResultsError
from quizkit.model import (
    AnyQuestion,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
    TrueFalse,
)
from quizkit.scoring import Outcome
from quizkit.selection import Form


def default_results_path() -> Path:
    """The user's data folder: ~/.local/share/quizkit/results.sqlite3 on Linux."""
    import platformdirs

    return platformdirs.user_data_path("quizkit") / "results.sqlite3"


def timestamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


class ResultsStore:
    """An open results file. `create=False` (for reports) never creates or changes one; `marks`
    opens an existing one to store essay marks in."""

    def __init__(self, path: Path | str, *, create: bool = True, marks: bool = False) -> None:
        self.path = Path(path)
        self.connection, self.empty, self._copy = open_results(
            self.path, create=create and not marks, marks=marks
        )
        self.version = SCHEMA_VERSION if self.empty else schema_version(self.connection)

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return transaction(self.connection)

    def close(self) -> None:
        self.connection.close()
        if self._copy is not None:  # a read-only place's answers, read from a private copy
            shutil.rmtree(self._copy, ignore_errors=True)

    def start_attempt(self, form: Form, student: str, started: dt.datetime) -> Attempt:
        """Store a new attempt and the questions of its form (in one transaction)."""
        try:
            with self._transaction() as db:
                cursor = db.execute(
                    "INSERT INTO attempts (student, bank, bank_title, seed, form, question_count, "
                    "started, possible) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        student,
                        form.bank.name,
                        form.title,
                        form.seed,
                        form.label,
                        len(form.items),
                        timestamp(started),
                        form.total_points,
                    ),
                )
                attempt_id = cursor.lastrowid
                assert attempt_id is not None
                in_bank = {q.id: i for i, q in enumerate(form.bank.questions)}
                db.executemany(
                    "INSERT INTO questions (attempt_id, position, question_id, type, prompt, skills, "
                    "points, choices, key, bank_position, shown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            attempt_id,
                            item.number,
                            item.question.id,
                            item.question.type,
                            item.question.prompt,
                            json.dumps(item.question.skills),
                            item.question.points,
                            json.dumps(_options(item.question), ensure_ascii=False),
                            json.dumps(_key(item.question), ensure_ascii=False),
                            in_bank.get(item.question.id),
                            json.dumps(list(item.choice_order or item.right_order)),
                        )
                        for item in form.items
                    ],
                )
        except sqlite3.Error as exc:
            raise write_failed(self.path, exc, "the attempt") from exc
        return Attempt(self, attempt_id)

    def read(self, bank: str | None = None) -> Results:
        """Every attempt (of one bank, if named), with its questions and responses."""
        if self.empty:
            return Results((), (), ())
        where, args = ("WHERE a.bank = ?", (bank,)) if bank else ("", ())
        db = self.connection
        since_2 = self.version >= 2
        placed = "q.bank_position, q.shown" if since_2 else "NULL, NULL"
        # a marked essay is worth its question's points (its response was stored as worth 0)
        marked = "m.points, m.marked, q.points" if since_2 else "NULL, NULL, NULL"
        marks = (
            "LEFT JOIN marks m ON m.attempt_id = r.attempt_id AND m.position = r.position "
            "LEFT JOIN questions q ON q.attempt_id = r.attempt_id AND q.position = r.position"
        )
        marks = marks if since_2 else ""
        try:
            attempts = tuple(
                _attempt_record(row)
                for row in db.execute(
                    "SELECT a.id, a.student, a.bank, a.bank_title, a.seed, a.form, a.question_count, "
                    "a.started, a.ended, a.complete, a.score, a.possible, "
                    "(SELECT count(*) FROM responses r WHERE r.attempt_id = a.id) "
                    f"FROM attempts a {where} ORDER BY a.student COLLATE NOCASE, a.started, a.id",
                    args,
                )
            )
            items = tuple(
                _item_record(row)
                for row in db.execute(
                    "SELECT q.attempt_id, q.position, q.question_id, q.type, q.prompt, q.skills, "
                    f"q.points, q.choices, q.key, {placed} "
                    f"FROM questions q JOIN attempts a ON a.id = q.attempt_id {where} "
                    "ORDER BY q.attempt_id, q.position",
                    args,
                )
            )
            responses = tuple(
                _response_record(row)
                for row in db.execute(
                    "SELECT r.attempt_id, r.question_id, r.position, r.answer, r.parsed, r.correct, "
                    f"r.points, r.possible, r.seconds, r.at, {marked} "
                    f"FROM responses r JOIN attempts a ON a.id = r.attempt_id {marks} {where} "
                    "ORDER BY r.attempt_id, r.position",
                    args,
                )
            )
        except sqlite3.DatabaseError as exc:
            if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise unreadable(self.path, exc) from exc
            raise ResultsError(f"cannot read results file '{self.path}': {exc}") from exc
        except sqlite3.Error as exc:
            raise ResultsError(f"cannot read results file '{self.path}': {exc}") from exc
        except (ValueError, TypeError) as exc:  # a value quizkit did not write (not JSON, a wrong row)
            raise damaged(self.path, f"a stored value cannot be read: {exc}", pages=False) from exc
        return Results(attempts, items, responses)

    def banks(self) -> list[str]:
        if self.empty:
            return []
        return [row[0] for row in self.connection.execute("SELECT DISTINCT bank FROM attempts ORDER BY bank")]


class Attempt:
    """One attempt being played: each answer is committed as it is given."""

    def __init__(self, store: ResultsStore, attempt_id: int) -> None:
        self.store = store
        self.id = attempt_id

    def record(self, outcome: Outcome) -> None:
        """Store one answer and add its points to the attempt's score, in one transaction."""
        mark = outcome.mark
        question = outcome.item.question
        correct = None if mark.earned is None else int(mark.status == "right")
        try:
            with self.store._transaction() as db:
                db.execute(
                    "INSERT INTO responses (attempt_id, question_id, position, answer, parsed, correct, "
                    "points, possible, seconds, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        self.id,
                        question.id,
                        outcome.item.number,
                        outcome.answer.typed,
                        json.dumps(outcome.answer.to_json(question), ensure_ascii=False),
                        correct,
                        mark.earned,
                        mark.possible,
                        round(outcome.seconds, 3),
                        timestamp(outcome.at),
                    ),
                )
                db.execute(
                    "UPDATE attempts SET score = score + ? WHERE id = ?", (mark.earned or 0.0, self.id)
                )
        except sqlite3.Error as exc:
            raise write_failed(self.store.path, exc, "the answer") from exc

    def finish(self, ended: dt.datetime, *, complete: bool) -> None:
        """Mark the attempt ended (complete or stopped early)."""
        try:
            with self.store._transaction() as db:
                db.execute(
                    "UPDATE attempts SET ended = ?, complete = ? WHERE id = ?",
                    (timestamp(ended), int(complete), self.id),
                )
        except sqlite3.Error as exc:
            raise write_failed(self.store.path, exc, "the end of the attempt") from exc


def _attempt_record(row: Sequence[Any]) -> AttemptRecord:
    i, student, bank, title, seed, form, count, started, ended, complete, score, possible, answered = row
    return AttemptRecord(
        i, student, bank, title, seed, form, count, started, ended, bool(complete), score, possible, answered
    )


def _item_record(row: Sequence[Any]) -> ItemRecord:
    attempt_id, position, question_id, qtype, prompt, skills, points, choices, key, in_bank, shown = row
    if in_bank is not None and not isinstance(in_bank, int):
        raise TypeError(f"a question's place in its bank is {in_bank!r}")
    return ItemRecord(
        attempt_id,
        position,
        question_id,
        qtype,
        prompt,
        tuple(json.loads(skills)),
        points,
        tuple(json.loads(choices)),
        json.loads(key),
        in_bank,
        None if shown is None else tuple(int(i) for i in json.loads(shown)),
    )


def _response_record(row: Sequence[Any]) -> ResponseRecord:
    attempt_id, question_id, position, answer, parsed, correct, points, possible, seconds, at = row[:10]
    mark, marked, worth = row[10:]
    return ResponseRecord(
        attempt_id,
        question_id,
        position,
        answer,
        json.loads(parsed),
        None if correct is None else bool(correct),
        points if points is not None else mark,
        worth if mark is not None and points is None else possible,
        seconds,
        at,
        marked,
    )


def _options(question: AnyQuestion) -> list[str]:
    """The texts a distractor count refers to: choices, or a matching question's right-hand items."""
    if isinstance(question, MultipleChoice | MultipleAnswer):
        return [c.text for c in question.choices]
    if isinstance(question, Matching):
        return question.rights
    return []


def _key(question: AnyQuestion) -> Any:
    """The keyed answer in the bank's terms, as JSON."""
    if isinstance(question, MultipleChoice | MultipleAnswer):
        return [i for i, c in enumerate(question.choices) if c.correct]
    if isinstance(question, Matching):
        return list(range(len(question.pairs)))
    if isinstance(question, TrueFalse | Numeric):
        return question.answer
    if isinstance(question, ShortAnswer):
        return list(question.answers)
    return None


@dataclass(frozen=True)
class AttemptRecord:
    """A row of `attempts`, with how many questions were answered."""

    id: int
    student: str
    bank: str
    bank_title: str
    seed: int
    form: str | None
    question_count: int
    started: str
    ended: str | None
    complete: bool
    score: float
    possible: float
    answered: int


@dataclass(frozen=True)
class ItemRecord:
    """A question as it stood on an attempt's form."""

    attempt_id: int
    position: int
    question_id: str
    type: str
    prompt: str
    skills: tuple[str, ...]
    points: float
    choices: tuple[str, ...]
    key: Any
    bank_position: int | None = None
    """Where the question stood in its bank (0 first); None in files from before schema 2."""
    shown: tuple[int, ...] | None = None
    """Bank choice (or matching right-hand item) indices in the order the form showed them;
    None in files from before schema 2."""


@dataclass(frozen=True)
class ResponseRecord:
    """A row of `responses`; `parsed` holds bank choice or pair indices, or the value given.
    An essay's `points` are the teacher's mark, once marked (`marked` says when)."""

    attempt_id: int
    question_id: str
    position: int
    answer: str
    parsed: dict[str, Any]
    correct: bool | None
    points: float | None
    possible: float
    seconds: float
    at: str
    marked: str | None = None


@dataclass(frozen=True)
class Results:
    """Everything a report reads."""

    attempts: Sequence[AttemptRecord]
    items: Sequence[ItemRecord]
    responses: Sequence[ResponseRecord]
