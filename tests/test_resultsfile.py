"""Results files that are read-only, damaged or on a full disk: a message to act on, nothing lost."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.checking import require_valid_bank
from quizkit.classroom.results import ResultsStore
from quizkit.cli import main
from quizkit.errors import ResultsError
from quizkit.scoring import Outcome, parse_answer, score_answer
from quizkit.selection import Form, Selection, build_form
from tests.conftest import BANKS, ROOT

NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
ANSWERS = ["A", "A, B", "t", "100000", "five", "B C A", "Both report."]  # the small bank's keys, in order
RECOVER = " (the sqlite3 program's .recover command can save what is still readable)"

# Plays one attempt, answering every question, then ends as a killed process does: SQLite's
# write-ahead log (-wal) and shared memory (-shm) files stay beside the database, holding answers
# that are not in the database file itself yet.
KILLED_PLAY = textwrap.dedent(
    """
    import datetime as dt, os, sys
    sys.path.insert(0, sys.argv[3])
    from tests.test_resultsfile import attempt_at
    attempt_at(sys.argv[1], sys.argv[2])
    os._exit(0)
    """
)


@pytest.fixture(scope="module")
def form() -> Form:
    bank, _ = require_valid_bank(BANKS / "small")
    return build_form(bank, Selection(seed=1, shuffle=False))


def attempt_at(path: str | Path, student: str) -> ResultsStore:
    """A finished attempt with every answer right, stored in `path`; the store is left open."""
    bank, _ = require_valid_bank(BANKS / "small")
    form = build_form(bank, Selection(seed=1, shuffle=False))
    store = ResultsStore(path)
    attempt = store.start_attempt(form, student, NOW)
    for item, typed in zip(form.items, ANSWERS, strict=True):
        answer = parse_answer(item, typed)
        attempt.record(Outcome(item, answer, score_answer(item.question, answer), 1.0, NOW))
    attempt.finish(NOW, complete=True)
    return store


def report(path: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["report", "--results", str(path), "--format", "csv", *options])
    return result.exit_code, result.output


def play(path: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "quizkit", "play", str(BANKS / "small"), "--no-shuffle"]
    command += ["--feedback", "none", "--name", "Cy", "--results", str(path)]
    return subprocess.run(
        command,
        input="".join(a + "\n" for a in ANSWERS),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- a read-only folder or mount ---------------------------------------------------------------


def can_mount_read_only(tmp_path: Path) -> str | None:
    """Why a read-only bind mount cannot be made here (a private mount namespace), or None."""
    if shutil.which("unshare") is None:
        return "the unshare command is not installed"
    (tmp_path / "probe-src").mkdir()
    (tmp_path / "probe").mkdir()
    script = f"mount --bind {tmp_path / 'probe-src'} {tmp_path / 'probe'} && mount -o remount,ro,bind {tmp_path / 'probe'}"
    done = subprocess.run(["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True)
    if done.returncode != 0:
        return f"a read-only mount needs root (unshare and mount said: {done.stderr.strip()})"
    return None


def through_read_only_mount(folder: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`quizkit ARGS --results FILE`, FILE being `folder`'s r.sqlite3 seen through a read-only mount."""
    view = tmp_path / "read-only"
    view.mkdir(exist_ok=True)
    command = f"{sys.executable} -m quizkit {' '.join(args)} --results {view / 'r.sqlite3'}"
    script = f"mount --bind {folder} {view} && mount -o remount,ro,bind {view}; {command} < /dev/null"
    temp = tmp_path / "temp"
    temp.mkdir(exist_ok=True)
    env = {"PATH": "/usr/bin:/bin", "TMPDIR": str(temp), "HOME": str(tmp_path)}
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT, env=env
    )
    assert list(temp.iterdir()) == []  # a private copy, if one was needed, is gone
    return done


@pytest.mark.parametrize("state", ["closed", "killed", "killed-without-shm"])
def test_report_reads_a_results_file_in_a_read_only_place(state: str, tmp_path: Path) -> None:
    if why := can_mount_read_only(tmp_path):
        pytest.skip(why)
    folder = tmp_path / "results"
    folder.mkdir()
    attempt_at(folder / "r.sqlite3", "Ana").close()
    if state != "closed":  # a second attempt only in the write-ahead log
        killed = [sys.executable, "-c", KILLED_PLAY, str(folder / "r.sqlite3"), "Bea", str(ROOT)]
        subprocess.run(killed, check=True, cwd=ROOT)
        assert (folder / "r.sqlite3-wal").stat().st_size > 0
    if state == "killed-without-shm":  # as copied by someone who left the -shm behind
        (folder / "r.sqlite3-shm").unlink()
    before = files(folder)
    writable = tmp_path / "writable"
    shutil.copytree(folder, writable)
    code, expected = report(writable / "r.sqlite3")
    assert code == 0
    assert expected.count("\n") == (2 if state == "closed" else 3)

    done = through_read_only_mount(folder, tmp_path, "report", "--format", "csv")
    assert done.stderr == ""
    assert done.returncode == 0
    assert done.stdout == expected
    assert files(folder) == before

    done = through_read_only_mount(folder, tmp_path, "play", str(BANKS / "small"), "--name", "Cy")
    assert done.returncode == 1
    assert done.stderr == (
        f"Error: cannot store results in '{tmp_path / 'read-only' / 'r.sqlite3'}': its folder is read-only; "
        "give --results a file in a folder you can write to (`quizkit report` can still read a results "
        "file there)\n"
    )
    assert files(folder) == before


# --- damaged files -------------------------------------------------------------------------------


@pytest.fixture
def results(tmp_path: Path) -> Path:
    """A results file holding one attempt, closed (the database file alone holds everything)."""
    path = tmp_path / "r.sqlite3"
    attempt_at(path, "Ana").close()
    return path


def cut_to(path: Path, size: int) -> None:
    data = path.read_bytes()
    assert len(data) > size
    path.write_bytes(data[:size])


@pytest.mark.parametrize(
    "size", [50, 100, 4096, -4096], ids=["in-header", "header-only", "one-page", "last-page-lost"]
)
def test_a_truncated_results_file_is_said_to_be_damaged_and_kept(results: Path, size: int) -> None:
    whole = results.stat().st_size
    kept = whole + size if size < 0 else size
    cut_to(results, kept)
    before = results.read_bytes()
    why = f"it is cut short: {kept} bytes" if kept < 100 else f"it is cut short: {kept} of {whole} bytes"
    message = (
        f"results file '{results}' is damaged ({why}); quizkit has not changed it. Restore it from a "
        f"backup copy, or give another file with --results{RECOVER}"
    )
    assert report(results) == (1, f"Error: {message}\n")
    played = play(results)
    assert (played.returncode, played.stderr) == (1, f"Error: {message}\n")
    assert played.stdout == ""  # not a question asked: nothing was going to be stored
    assert results.read_bytes() == before
    assert sorted(p.name for p in results.parent.iterdir()) == ["r.sqlite3"]


@pytest.mark.parametrize(
    ("damage", "why"),
    [
        ("DROP TABLE responses", "its table of responses is missing"),
        (
            "ALTER TABLE questions DROP COLUMN key",
            "its table of questions does not have the columns quizkit writes",
        ),
    ],
)
def test_play_refuses_a_file_report_refuses_before_writing_anything(
    results: Path, damage: str, why: str
) -> None:
    db = sqlite3.connect(results)
    db.execute(damage)
    db.commit()
    db.close()
    before = results.read_bytes()
    message = (
        f"results file '{results}' is damaged ({why}); quizkit has not changed it. Restore it from a "
        "backup copy, or give another file with --results"
    )
    assert report(results) == (1, f"Error: {message}\n")
    played = play(results)
    assert (played.returncode, played.stderr) == (1, f"Error: {message}\n")
    assert results.read_bytes() == before


def test_overwritten_pages_are_found_before_play_writes(results: Path) -> None:
    data = bytearray(results.read_bytes())
    data[4096 * 2 : 4096 * 2 + 200] = b"\xff" * 200  # a table page, as a failing disk leaves it
    results.write_bytes(bytes(data))
    code, output = report(results)
    assert code == 1
    assert output.startswith(f"Error: results file '{results}' is damaged (SQLite's check says: Page 3: ")
    assert output.endswith(
        f"quizkit has not changed it. Restore it from a backup copy, or give another file with --results{RECOVER}\n"
    )
    played = play(results)
    assert (played.returncode, played.stderr) == (1, output)
    assert results.read_bytes() == bytes(data)


def test_a_stored_value_quizkit_did_not_write_is_named(results: Path) -> None:
    db = sqlite3.connect(results)
    db.execute("UPDATE questions SET skills = 'not a list' WHERE position = 2")
    db.commit()
    db.close()
    assert report(results) == (
        1,
        f"Error: results file '{results}' is damaged (a stored value cannot be read: Expecting value: "
        "line 1 column 1 (char 0)); quizkit has not changed it. Restore it from a backup copy, or give "
        "another file with --results\n",
    )


# --- a full disk ---------------------------------------------------------------------------------


def test_a_full_database_keeps_the_answers_stored_before(form: Form, tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    attempt_at(path, "Ana").close()
    store = ResultsStore(path)
    attempt = store.start_attempt(form, "Bea", NOW)
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own 'disk full' (SQLITE_FULL)
    stored = 0
    with pytest.raises(ResultsError) as full:
        for item, typed in zip(form.items, [*ANSWERS[:-1], "A long essay. " * 2000], strict=True):
            answer = parse_answer(item, typed)
            attempt.record(Outcome(item, answer, score_answer(item.question, answer), 1.0, NOW))
            stored += 1
    assert str(full.value) == (
        f"cannot store the answer in results file '{path}': the disk is full. The answers stored "
        "before it are kept; free some space, then play again"
    )
    assert not store.connection.in_transaction
    store.close()
    reopened = ResultsStore(path, create=False).read()
    assert [(a.student, a.answered) for a in reopened.attempts] == [("Ana", 7), ("Bea", stored)]


FILL_AND_PLAY = """
set -e
mount -t tmpfs -o size=256k tmpfs {disk}
{quizkit} play {bank} --no-shuffle --feedback none --name Ana --results {disk}/r.sqlite3 < {answers} > /dev/null
for free in 0 40 56 72; do
    cp {disk}/r.sqlite3 {tmp}/before.sqlite3
    dd if=/dev/zero of={disk}/filler bs=1k 2>/dev/null || true
    truncate -s -${{free}}k {disk}/filler
    {quizkit} play {bank} --no-shuffle --feedback none --name Bea --results {disk}/r.sqlite3 < {answers} > /dev/null 2> {tmp}/play-$free.txt || echo $? >> {tmp}/play-$free.txt
    rm {disk}/filler
    {quizkit} report --results {disk}/r.sqlite3 --format csv > {tmp}/report-$free.txt
    {quizkit} report --results {tmp}/before.sqlite3 --format csv > {tmp}/before-$free.txt
    rm {disk}/r.sqlite3
    cp {tmp}/before.sqlite3 {disk}/r.sqlite3
done
"""


def test_play_on_a_full_disk_says_so_and_loses_nothing_stored(tmp_path: Path) -> None:
    if why := can_mount_read_only(tmp_path):
        pytest.skip(why.replace("a read-only mount", "a small disk (tmpfs)"))
    (tmp_path / "disk").mkdir()
    (tmp_path / "answers.txt").write_text("".join(a + "\n" for a in ANSWERS), encoding="utf-8")
    script = FILL_AND_PLAY.format(
        disk=tmp_path / "disk",
        quizkit=f"{sys.executable} -m quizkit",
        bank=BANKS / "small",
        answers=tmp_path / "answers.txt",
        tmp=tmp_path,
    )
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    where = f"results file '{tmp_path / 'disk' / 'r.sqlite3'}'"
    told = {free: (tmp_path / f"play-{free}.txt").read_text(encoding="utf-8") for free in (0, 40, 56, 72)}
    assert told[0] == f"Error: cannot open {where}: the disk is full; free some space and start again\n1\n"
    for free in (40, 56, 72):
        assert told[free] in (
            f"Error: cannot store the {what} in {where}: the disk is full. The answers stored before it "
            "are kept; free some space, then play again\n1\n"
            for what in ("attempt", "answer")
        )
    assert "answer" in told[72]  # the attempt was stored, then an answer was not
    for free in (0, 40, 56, 72):
        before = (tmp_path / f"before-{free}.txt").read_text(encoding="utf-8").splitlines()
        after = (tmp_path / f"report-{free}.txt").read_text(encoding="utf-8").splitlines()
        assert after[: len(before)] == before  # Ana's attempt, as it was
