"""The staging folder: named after its owner, and what ended exports left cleared by the next."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizkit.staging import PREFIX, Owner, Staging, current_owner, process_start, staging_owner, this_machine

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
