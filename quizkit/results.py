"""The results store: attempts and their responses in SQLite, one short transaction per answer.

WAL mode and a busy timeout let several quizzes write to the same file at once; committing each
response as it is given means a killed process or a closed terminal loses nothing answered.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

SCHEMA_VERSION = 1
APPLICATION_ID = 0x517A4B31  # "QzK1": marks the file as a quizkit results file
BUSY_TIMEOUT_MS = 10_000

_SCHEMA = (
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        student TEXT NOT NULL,
        bank TEXT NOT NULL,
        bank_title TEXT NOT NULL,
        seed INTEGER NOT NULL,
        form TEXT,
        question_count INTEGER NOT NULL,
        started TEXT NOT NULL,
        ended TEXT,
        complete INTEGER NOT NULL DEFAULT 0,
        score REAL NOT NULL DEFAULT 0,
        possible REAL NOT NULL
    )
    """,
    """
    CREATE TABLE questions (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id),
        position INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        type TEXT NOT NULL,
        prompt TEXT NOT NULL,
        skills TEXT NOT NULL,
        points REAL NOT NULL,
        choices TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (attempt_id, position)
    )
    """,
    """
    CREATE TABLE responses (
        attempt_id INTEGER NOT NULL REFERENCES attempts(id),
        question_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        answer TEXT NOT NULL,
        parsed TEXT NOT NULL,
        correct INTEGER,
        points REAL,
        possible REAL NOT NULL,
        seconds REAL NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (attempt_id, position)
    )
    """,
    "CREATE INDEX attempts_by_bank ON attempts (bank, student)",
)


def default_results_path() -> Path:
    """The user's data folder: ~/.local/share/quizkit/results.sqlite3 on Linux."""
    import platformdirs

    return platformdirs.user_data_path("quizkit") / "results.sqlite3"


def timestamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


class ResultsStore:
    """An open results file. `create=False` (for reports) never creates or changes one."""

    def __init__(self, path: Path | str, *, create: bool = True) -> None:
        self.path = Path(path)
        if self.path.is_dir():
            raise ResultsError(f"results file '{self.path}' is a folder; give a file name")
        if not create and not self.path.exists():
            raise ResultsError(
                f"no results file at '{self.path}'; `quizkit play` stores results there "
                "(use --results FILE for another file)"
            )
        if create:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ResultsError(f"cannot create the folder for '{self.path}': {exc.strerror}") from exc
        try:
            self.connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise ResultsError(f"cannot open results file '{self.path}': {exc}") from exc
        try:
            self.empty = self._prepare(create)
        except BaseException:
            self.connection.close()
            raise

    def _prepare(self, create: bool) -> bool:
        """Check the file is ours (creating the tables in a new one); True if it has no tables."""
        db = self.connection
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            with self._transaction("BEGIN"):  # one consistent snapshot, even mid-creation
                ours = self._is_ours()
            if not ours:
                if not create:
                    return True
                with self._transaction():
                    if not self._is_ours():  # another quiz may have created it meanwhile
                        for statement in _SCHEMA:
                            db.execute(statement)
                        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self._use_wal()
            db.execute("PRAGMA synchronous = NORMAL")  # in WAL mode a commit survives a killed process
        except sqlite3.OperationalError as exc:  # locked for too long, read-only, disk I/O...
            raise ResultsError(f"cannot open results file '{self.path}': {exc}") from exc
        except sqlite3.DatabaseError as exc:
            raise self._not_ours(f"it is not an SQLite database ({exc})") from exc
        return False

    def _is_ours(self) -> bool:
        db = self.connection
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if app_id == APPLICATION_ID:
            if version > SCHEMA_VERSION:
                raise ResultsError(
                    f"results file '{self.path}' was written by a newer quizkit "
                    f"(schema {version}; this one reads up to {SCHEMA_VERSION}); upgrade quizkit"
                )
            return True
        if app_id != 0:
            raise self._not_ours(f"its application id is {app_id:#x}")
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise self._not_ours("it is an SQLite database with other tables")
        return False

    def _not_ours(self, why: str) -> ResultsError:
        return ResultsError(
            f"'{self.path}' is not a quizkit results file: {why}; choose another file with --results"
        )

    def _use_wal(self) -> None:
        """WAL mode (kept in the file): readers and one writer at a time never block each other."""
        db = self.connection
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError:  # another quiz holds a lock: the switch waits for none
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    @contextmanager
    def _transaction(self, begin: str = "BEGIN IMMEDIATE") -> Iterator[sqlite3.Connection]:
        db = self.connection
        db.execute(begin)
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        self.connection.close()

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
                db.executemany(
                    "INSERT INTO questions (attempt_id, position, question_id, type, prompt, skills, "
                    "points, choices, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                        )
                        for item in form.items
                    ],
                )
        except sqlite3.Error as exc:
            raise ResultsError(f"cannot write to results file '{self.path}': {exc}") from exc
        return Attempt(self, attempt_id)

    def read(self, bank: str | None = None) -> Results:
        """Every attempt (of one bank, if named), with its questions and responses."""
        if self.empty:
            return Results((), (), ())
        where, args = ("WHERE a.bank = ?", (bank,)) if bank else ("", ())
        db = self.connection
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
                    "q.points, q.choices, q.key "
                    f"FROM questions q JOIN attempts a ON a.id = q.attempt_id {where} "
                    "ORDER BY q.attempt_id, q.position",
                    args,
                )
            )
            responses = tuple(
                _response_record(row)
                for row in db.execute(
                    "SELECT r.attempt_id, r.question_id, r.position, r.answer, r.parsed, r.correct, "
                    "r.points, r.possible, r.seconds, r.at "
                    f"FROM responses r JOIN attempts a ON a.id = r.attempt_id {where} "
                    "ORDER BY r.attempt_id, r.position",
                    args,
                )
            )
        except sqlite3.Error as exc:
            raise ResultsError(f"cannot read results file '{self.path}': {exc}") from exc
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
            raise ResultsError(f"cannot store the answer in results file '{self.store.path}': {exc}") from exc

    def finish(self, ended: dt.datetime, *, complete: bool) -> None:
        """Mark the attempt ended (complete or stopped early)."""
        try:
            with self.store._transaction() as db:
                db.execute(
                    "UPDATE attempts SET ended = ?, complete = ? WHERE id = ?",
                    (timestamp(ended), int(complete), self.id),
                )
        except sqlite3.Error as exc:
            raise ResultsError(f"cannot write to results file '{self.store.path}': {exc}") from exc


def _attempt_record(row: Sequence[Any]) -> AttemptRecord:
    i, student, bank, title, seed, form, count, started, ended, complete, score, possible, answered = row
    return AttemptRecord(
        i, student, bank, title, seed, form, count, started, ended, bool(complete), score, possible, answered
    )


def _item_record(row: Sequence[Any]) -> ItemRecord:
    attempt_id, position, question_id, qtype, prompt, skills, points, choices, key = row
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
    )


def _response_record(row: Sequence[Any]) -> ResponseRecord:
    attempt_id, question_id, position, answer, parsed, correct, points, possible, seconds, at = row
    return ResponseRecord(
        attempt_id,
        question_id,
        position,
        answer,
        json.loads(parsed),
        None if correct is None else bool(correct),
        points,
        possible,
        seconds,
        at,
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


@dataclass(frozen=True)
class ResponseRecord:
    """A row of `responses`; `parsed` holds bank choice or pair indices, or the value given."""

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


@dataclass(frozen=True)
class Results:
    """Everything a report reads."""

    attempts: Sequence[AttemptRecord]
    items: Sequence[ItemRecord]
    responses: Sequence[ResponseRecord]
