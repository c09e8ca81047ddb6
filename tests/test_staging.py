"""The staging folder: named after its owner, and what ended exports left cleared by the next."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.cli import main
from quizkit.errors import ExportError
from quizkit.exporting import export_bank
from quizkit.selection import Selection
from quizkit.staging import PREFIX, Owner, Staging, current_owner, process_start, staging_owner, this_machine
from tests.conftest import BANKS

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see processes")


def ended_pid() -> int:
    """The id of a process that has ended and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", ""])
    child.wait()
    return child.pid


def leftover(out: Path, owner: Owner, name: str = "abcd1234") -> Path:
    """A staging folder as `owner` would have left it, with a half-written file in it."""
    folder = out / f"{owner.prefix}{name}"
    folder.mkdir(parents=True)
    (folder / "quiz.html").write_text("<p>half", encoding="utf-8")
    return folder


def test_the_folder_is_named_after_this_process(tmp_path: Path) -> None:
    staging = Staging(tmp_path)
    me = current_owner()
    assert staging.dir.parent == tmp_path
    assert staging.dir.name.startswith(f"{PREFIX}{this_machine()}-{os.getpid()}-{me.start}-")
    assert staging_owner(staging.dir.name) == me
    assert me.is_running()
    staging.discard()


def test_a_new_export_clears_only_folders_whose_owner_has_ended(tmp_path: Path) -> None:
    me = current_owner()
    ended = leftover(tmp_path, Owner(me.machine, ended_pid(), me.start))
    reused = leftover(tmp_path, Owner(me.machine, me.pid, me.start + 1))  # same id, another process
    parent = os.getppid()
    live = leftover(tmp_path, Owner(me.machine, parent, process_start(parent) or 0))
    mine = leftover(tmp_path, me)
    elsewhere = leftover(tmp_path, Owner("0123abcd", ended_pid(), 1))  # a shared folder, another machine
    others = [tmp_path / ".quizkit-abcd1234", tmp_path / f"{PREFIX}notes", tmp_path / "drafts"]
    for folder in others:
        folder.mkdir()
    named_like_one = tmp_path / f"{Owner(me.machine, ended_pid(), 5).prefix}abcd1234"
    named_like_one.write_text("a file, not a staging folder", encoding="utf-8")

    staging = Staging(tmp_path)
    assert not ended.exists()
    assert not reused.exists()
    kept = {live, mine, elsewhere, *others, named_like_one, staging.dir}
    assert set(tmp_path.iterdir()) == kept
    assert (live / "quiz.html").read_text(encoding="utf-8") == "<p>half"
    staging.discard()


def export(out: Path, seed: int, formats: tuple[str, ...] = ("html", "gift")) -> list[str]:
    report = export_bank(BANKS / "small", formats, out, Selection(seed=seed), versions=2)
    return [path.name for path in report.paths]


def contents(out: Path) -> dict[str, bytes]:
    """Every file in `out`, and the names of its folders (a staging folder left behind shows)."""
    return {p.name: p.read_bytes() if p.is_file() else b"<folder>" for p in out.iterdir()}


HANDOUTS = ["small-A.html", "small-A-key.html", "small-B.html", "small-B-key.html", "small-sources.html"]


@pytest.fixture
def earlier(tmp_path: Path) -> Path:
    """An output folder holding an earlier export: the HTML handouts of two versions."""
    out = tmp_path / "out"
    assert export(out, seed=1, formats=("html",)) == HANDOUTS
    return out


def test_a_successful_export_replaces_every_output(earlier: Path) -> None:
    before = contents(earlier)
    names = export(earlier, seed=2)
    after = contents(earlier)
    assert sorted(after) == sorted(names) == sorted([*before, "small.gift"])
    assert after["small-A.html"] != before["small-A.html"]  # so a test below that finds it unchanged means it


@pytest.mark.parametrize("links", [True, False], ids=["hard-links", "no-hard-links"])
@pytest.mark.parametrize("failing", range(1, 7))
def test_a_failed_move_into_place_leaves_every_output_as_it_was(
    earlier: Path, failing: int, links: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = contents(earlier)
    calls = 0
    replace = os.replace

    def fail_once(src: str | Path, dst: str | Path) -> None:
        nonlocal calls
        calls += Path(dst).parent == earlier  # not the cache of checked banks, say
        if calls == failing:
            raise OSError(errno.EIO, "Input/output error")
        replace(src, dst)

    def no_link(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "replace", fail_once)
    if not links:  # e.g. a FAT-formatted USB stick: earlier outputs are moved aside instead
        monkeypatch.setattr(os, "link", no_link)
    with pytest.raises(ExportError) as failed:
        export(earlier, seed=2)
    names = [*HANDOUTS, "small.gift"]  # in the order they move into place
    assert str(failed.value.message) == (
        f"cannot write '{earlier / names[failing - 1]}': Input/output error; nothing in '{earlier}' was changed"
    )
    assert contents(earlier) == before


def test_a_folder_in_the_way_changes_nothing(earlier: Path) -> None:
    before = contents(earlier)
    (earlier / "small.gift").mkdir()
    (earlier / "small.gift" / "notes.txt").write_text("mine", encoding="utf-8")
    command = ["export", str(BANKS / "small"), "--format", "html", "--format", "gift", "--versions", "2"]
    result = CliRunner().invoke(main, [*command, "--seed", "2", "-o", str(earlier)])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: cannot write '{earlier / 'small.gift'}': a folder of that name is in the way; "
        f"nothing in '{earlier}' was changed\n"
    )
    assert contents(earlier) == {**before, "small.gift": b"<folder>"}
    assert (earlier / "small.gift" / "notes.txt").read_text(encoding="utf-8") == "mine"


KILLED_AT = """
import os, sys
from quizkit.cli import main
calls, replace = 0, os.replace
def killed_at(src, dst):
    global calls
    calls += os.path.dirname(dst) == sys.argv[2]
    if calls == {n}:
        os.kill(os.getpid(), 9)
    replace(src, dst)
os.replace = killed_at
main(["export", sys.argv[1], "--format", "html", "--format", "gift", "--versions", "2",
      "--seed", "2", "-o", sys.argv[2]])
"""


@pytest.mark.parametrize("killed", [2, 6])
def test_an_export_killed_while_moving_files_into_place_is_undone_by_the_next(
    earlier: Path, killed: int
) -> None:
    before = contents(earlier)
    run = subprocess.run(
        [sys.executable, "-c", KILLED_AT.format(n=killed), str(BANKS / "small"), str(earlier)]
    )
    assert run.returncode == -9
    [left] = (name for name in contents(earlier) if name.startswith(PREFIX))
    assert contents(earlier) != {**before, left: b"<folder>"}  # half in place
    assert export(earlier, seed=1, formats=("gift",)) == ["small.gift"]
    after = contents(earlier)
    del after["small.gift"]
    assert after == before


FAILING_FROM = """
import errno, os, sys
from quizkit.cli import main
calls, replace = 0, os.replace
def failing(src, dst):
    global calls
    calls += os.path.dirname(dst) == sys.argv[2]
    if calls >= 3:
        raise OSError(errno.EIO, "Input/output error")
    replace(src, dst)
os.replace = failing
main(["export", sys.argv[1], "--format", "html", "--versions", "2", "--seed", "2", "-o", sys.argv[2]])
"""


def test_outputs_that_cannot_be_put_back_at_once_are_put_back_by_the_next_export(earlier: Path) -> None:
    before = contents(earlier)
    run = subprocess.run(
        [sys.executable, "-c", FAILING_FROM, str(BANKS / "small"), str(earlier)],
        capture_output=True,
        text=True,
    )
    [left] = (name for name in contents(earlier) if name.startswith(PREFIX))
    assert run.returncode == 1
    assert run.stderr == (
        f"Error: cannot write '{earlier / 'small-B.html'}': Input/output error; putting back the earlier "
        f"files failed too (Input/output error): they are kept in '{earlier / left}', and the next export "
        f"into '{earlier}' puts them back\n"
    )
    assert contents(earlier)["small-A.html"] != before["small-A.html"]
    assert export(earlier, seed=1, formats=("gift",)) == ["small.gift"]
    after = contents(earlier)
    del after["small.gift"]
    assert after == before
