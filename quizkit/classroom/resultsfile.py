"""Opening a results file: play and report accept the same files (undamaged, quizkit's own), and
report reads one even where nothing can be written (a read-only folder, mount or medium).

Every problem names the file and says what to do; a file quizkit cannot use is left as it is.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from quizkit.errors import ResultsError

SCHEMA_VERSION = 2
APPLICATION_ID = 0x517A4B31  # "QzK1": marks the file as a quizkit results file
BUSY_TIMEOUT_MS = 10_000

SCHEMA = (
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
MIGRATIONS = {
    # version 2: where each question stands in the bank and how its form ordered the choices
    # (so a report letters them as the student saw them), and the teacher's marks for essays
    2: (
        "ALTER TABLE questions ADD COLUMN bank_position INTEGER",
        "ALTER TABLE questions ADD COLUMN shown TEXT",
        """
        CREATE TABLE marks (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id),
            position INTEGER NOT NULL,
            points REAL NOT NULL,
            marked TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position)
        )
        """,
    ),
}
"""Statements that take a file from the version before to this one. A new file is made the same
way (version 1, then each step), so new and upgraded files have the same tables and columns."""

_READONLY, _CORRUPT, _CANTOPEN = sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_CANTOPEN
_FULL, _NOTADB = sqlite3.SQLITE_FULL, sqlite3.SQLITE_NOTADB  # primary result codes: sqlite.org/rescode.html
_MAGIC = b"SQLite format 3\x00"
_NEARLY_FULL = 1 << 20  # bytes free below which an I/O error is taken for a full disk


@contextmanager
def transaction(db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[sqlite3.Connection]:
    """One transaction; on a failure it is rolled back, unless SQLite already did (a full disk)."""
    db.execute(begin)
    try:
        yield db
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def open_results(
    path: Path, *, create: bool, marks: bool = False
) -> tuple[sqlite3.Connection, bool, Path | None]:
    """The checked connection, whether the file has no tables yet, and a private copy to delete
    when done (read-only places only). `create=False` (for reports) never creates or changes one;
    `marks` opens an existing file to store marks in (upgrading an older one)."""
    if path.is_dir():
        raise ResultsError(f"results file '{path}' is a folder; give a file name")
    if not create and not path.exists():
        raise ResultsError(
            f"no results file at '{path}'; `quizkit play` stores results there "
            "(use --results FILE for another file)"
        )
    if marks:
        if not os.access(path.absolute().parent, os.W_OK) or not os.access(path, os.W_OK):
            where = "its folder is" if not os.access(path.absolute().parent, os.W_OK) else "it is"
            raise ResultsError(
                f"cannot store marks in '{path}': {where} read-only; copy the file to a folder you can "
                "write to and mark it there, with --results (`quizkit report` can still read it where it is)"
            )
        db = _connect(str(path), path)
        return db, _checked(db, path, create=False, upgrade=True), None
    if create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ResultsError(f"cannot create the folder for '{path}': {exc.strerror}") from exc
        if not os.access(path.absolute().parent, os.W_OK):  # SQLite writes its -wal and -shm there
            raise ResultsError(
                f"cannot store results in '{path}': its folder is read-only; give --results a file "
                "in a folder you can write to (`quizkit report` can still read a results file there)"
            )
        db = _connect(str(path), path)
        return db, _checked(db, path, create=True), None
    return _open_to_read(path)


def _open_to_read(path: Path) -> tuple[sqlite3.Connection, bool, Path | None]:
    """Read-only, so that a report never changes the file; where SQLite cannot keep its shared
    memory file beside the database (a read-only folder or mount), read it as it stands, or, when
    its write-ahead log holds answers not yet in the file itself, a private copy of both."""
    uri = path.absolute().as_uri()
    try:
        db = _connect(f"{uri}?mode=ro", path, uri=True)
        return db, _checked(db, path, create=False, first_try=True), None
    except _CannotShareMemory:
        pass
    wal = path.with_name(path.name + "-wal")
    if not wal.exists() or wal.stat().st_size == 0:  # the file alone holds every answer
        db = _connect(f"{uri}?mode=ro&immutable=1", path, uri=True)
        return db, _checked(db, path, create=False), None
    copy = Path(tempfile.mkdtemp(prefix="quizkit-results-")) / "results.sqlite3"
    try:
        shutil.copyfile(path, copy)
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        db = _connect(str(copy), path)
        return db, _checked(db, path, create=False), copy.parent
    except OSError as exc:
        shutil.rmtree(copy.parent, ignore_errors=True)
        raise ResultsError(f"cannot read results file '{path}': {exc.strerror}") from None
    except BaseException:
        shutil.rmtree(copy.parent, ignore_errors=True)
        raise


class _CannotShareMemory(Exception):
    """A read-only connection could not open the database's -shm file: try another way."""


def _connect(target: str, path: Path, *, uri: bool = False) -> sqlite3.Connection:
    try:
        return sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, uri=uri)
    except sqlite3.Error as exc:
        raise ResultsError(f"cannot open results file '{path}': {exc}") from exc


def _checked(
    db: sqlite3.Connection, path: Path, *, create: bool, first_try: bool = False, upgrade: bool = False
) -> bool:
    """Check the file (creating the tables in a new one, if `create`; bringing an older one up to
    this version if `create` or `upgrade`); True if it has no tables. `first_try`: a read-only
    connection that may fail for want of a writable folder."""
    try:
        return _prepare(db, path, create, upgrade or create)
    except sqlite3.Error as exc:
        db.close()
        code = exc.sqlite_errorcode & 0xFF if isinstance(exc, sqlite3.DatabaseError) else None
        if first_try and code in (_CANTOPEN, _READONLY):
            raise _CannotShareMemory from exc
        if code in (_CORRUPT, _NOTADB):
            raise unreadable(path, exc) from exc
        if disk_full(exc, path):
            raise ResultsError(
                f"cannot open results file '{path}': the disk is full; free some space and start again"
            ) from exc
        raise ResultsError(f"cannot open results file '{path}': {exc}") from exc
    except BaseException:
        db.close()
        raise


def _prepare(db: sqlite3.Connection, path: Path, create: bool, upgrade: bool) -> bool:
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    with transaction(db, "BEGIN"):  # one consistent snapshot, even mid-creation
        ours = _is_ours(db, path)
        if ours:
            check_whole(db, path)
    if not ours:
        if not create:
            return True
        with transaction(db):
            if not _is_ours(db, path):  # another quiz may have created it meanwhile
                for statement in SCHEMA:
                    db.execute(statement)
                for version in range(2, SCHEMA_VERSION + 1):
                    for statement in MIGRATIONS[version]:
                        db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    elif upgrade and schema_version(db) < SCHEMA_VERSION:
        with transaction(db):  # the first write to an older file upgrades it, once
            for version in range(schema_version(db) + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[version]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version}")
    if upgrade:
        _use_wal(db)
        db.execute("PRAGMA synchronous = NORMAL")  # in WAL mode a commit survives a killed process
    return False


def _is_ours(db: sqlite3.Connection, path: Path) -> bool:
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if app_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise ResultsError(
                f"results file '{path}' was written by a newer quizkit "
                f"(schema {version}; this one reads up to {SCHEMA_VERSION}); upgrade quizkit"
            )
        return True
    if app_id != 0:
        raise not_ours(path, f"its application id is {app_id:#x}")
    tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if tables:
        raise not_ours(path, "it is an SQLite database with other tables")
    return False


def schema_version(db: sqlite3.Connection) -> int:
    """The file's `PRAGMA user_version` (a new file's tables are made at SCHEMA_VERSION)."""
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def check_whole(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a quizkit file that lost a table or column, or whose pages SQLite finds damaged."""
    for table, columns in _tables(max(schema_version(db), 1)).items():
        found = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        if not found:
            raise damaged(path, f"its table of {table} is missing", pages=False)
        if found != columns:
            raise damaged(path, f"its table of {table} does not have the columns quizkit writes", pages=False)
    problems = [row[0] for row in db.execute("PRAGMA quick_check(1)")]
    if problems != ["ok"]:
        detail = " ".join(problems[0].replace("*** in database main ***", "").split())
        raise damaged(path, f"SQLite's check says: {detail}")


@cache
def _tables(version: int) -> dict[str, list[str]]:
    """Each table's columns in a file of this schema version."""
    db = sqlite3.connect(":memory:")
    for statement in SCHEMA:
        db.execute(statement)
    for step in range(2, version + 1):
        for statement in MIGRATIONS[step]:
            db.execute(statement)
    names = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    tables = {name: [row[1] for row in db.execute(f"PRAGMA table_info({name})")] for name in names}
    db.close()
    return tables


def _use_wal(db: sqlite3.Connection) -> None:
    """WAL mode (kept in the file): readers and one writer at a time never block each other."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        try:
            db.execute("PRAGMA journal_mode = WAL")
        except sqlite3.OperationalError:  # another quiz holds a lock: the switch waits for none
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def not_ours(path: Path, why: str) -> ResultsError:
    return ResultsError(f"'{path}' is not a quizkit results file: {why}; choose another file with --results")


def damaged(path: Path, why: str, *, pages: bool = True) -> ResultsError:
    """A quizkit results file that cannot be used as it is: it is left untouched. `pages`: the
    damage is in the file's pages (cut short, overwritten), which SQLite's .recover can read round."""
    why = _cut_short(path) or why
    recover = " (the sqlite3 program's .recover command can save what is still readable)" if pages else ""
    return ResultsError(
        f"results file '{path}' is damaged ({why}); quizkit has not changed it. Restore it from a "
        f"backup copy, or give another file with --results{recover}"
    )


def unreadable(path: Path, exc: sqlite3.Error) -> ResultsError:
    """What SQLite's 'not a database' or 'malformed' means for this file: damaged, or not ours."""
    try:
        with open(path, "rb") as file:
            head = file.read(100)
    except OSError:
        head = b""
    if 0 < len(head) < 100 and head[:16] == _MAGIC[: len(head)]:
        return damaged(path, f"it is cut short: {len(head)} bytes")
    if head.startswith(_MAGIC) and int.from_bytes(head[68:72], "big") == APPLICATION_ID:
        return damaged(path, str(exc))
    if head.startswith(_MAGIC):
        return not_ours(path, f"it is a damaged SQLite database ({exc})")
    return not_ours(path, f"it is not an SQLite database ({exc})")


def _cut_short(path: Path) -> str | None:
    """'it is cut short: N of M bytes' where the file is shorter than its own header says."""
    try:
        with open(path, "rb") as file:
            head = file.read(100)
        size = path.stat().st_size
    except OSError:
        return None
    if len(head) < 100 or not head.startswith(_MAGIC) or head[24:28] != head[92:96]:
        return None  # no header, or its page count is not kept up to date
    page_size = int.from_bytes(head[16:18], "big")
    expected = (65536 if page_size == 1 else page_size) * int.from_bytes(head[28:32], "big")
    return f"it is cut short: {size} of {expected} bytes" if size < expected else None


def write_failed(path: Path, exc: sqlite3.Error, what: str) -> ResultsError:
    """The error for `what` ('the answer') not stored; a full disk said as such."""
    code = exc.sqlite_errorcode & 0xFF if isinstance(exc, sqlite3.DatabaseError) else None
    if disk_full(exc, path):
        return ResultsError(
            f"cannot store {what} in results file '{path}': the disk is full. The answers stored "
            "before it are kept; free some space, then play again"
        )
    if code in (_CORRUPT, _NOTADB):
        return unreadable(path, exc)
    return ResultsError(f"cannot store {what} in results file '{path}': {exc}")


def disk_full(exc: sqlite3.Error, path: Path) -> bool:
    """SQLite says the disk is full, or cannot write its files beside a database on a full disk."""
    code = exc.sqlite_errorcode & 0xFF if isinstance(exc, sqlite3.DatabaseError) else None
    if code == _FULL:
        return True
    if code != sqlite3.SQLITE_IOERR:
        return False
    try:
        space = os.statvfs(path.absolute().parent)
    except (OSError, AttributeError):  # not a POSIX system
        return False
    return space.f_bavail * space.f_frsize < _NEARLY_FULL
