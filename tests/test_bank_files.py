"""Bank files that are not regular files (named pipes, devices, loops of links, folders) are
refused at once, by check, export and play alike, naming the file; links to text files are not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import BANKS, ROOT
from tests.test_play import ALL_RIGHT

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and links need a POSIX system")

COMMANDS = {
    "check": ["check", "small"],
    "export": ["export", "small", "--format", "gift", "-o", "out"],
    "play": ["play", "small", "--no-shuffle", "--name", "Ana", "--results", "r.sqlite3"],
}


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    copy = tmp_path / "small"
    shutil.copytree(BANKS / "small", copy)
    return copy


def quizkit(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command in its own process, in `cwd` with a cache of its own; a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-m", "quizkit", *args],
        input="".join(f"{a}\n" for a in ALL_RIGHT),
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "XDG_CACHE_HOME": str(cwd / "cache"), "PYTHONPATH": str(ROOT)},
        timeout=20,
    )


def fifo(path: Path) -> None:
    os.mkfifo(path)


def device(path: Path) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    path.symlink_to("/dev/zero")


def loop(path: Path) -> None:
    path.symlink_to(path.name)


def folder(path: Path) -> None:
    path.mkdir()


def dangling(path: Path) -> None:
    path.symlink_to("gone.txt")


CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "named-pipe": (fifo, "a named pipe"),
    "link-to-dev-zero": (device, "a symbolic link to a device"),
    "link-loop": (loop, "a symbolic link that loops"),
    "folder": (folder, "a folder"),
    "dangling-link": (dangling, "a symbolic link to nothing"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case", list(CASES))
def test_a_source_that_is_not_a_regular_file_is_refused(
    case: str, command: str, bank: Path, tmp_path: Path
) -> None:
    make, kind = CASES[case]
    make(bank / "sources" / "x.txt")
    done = quizkit(COMMANDS[command], tmp_path)
    message = (
        f"small/sources/x.txt:1:1: error[not-regular-file]: 'x.txt' is not a regular file ({kind}); "
        "a source must be a text file"
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert message in (done.stdout if command == "check" else done.stderr)
    assert "internal error" not in done.stdout + done.stderr
    if command == "export":
        assert "Error: small: 1 error; nothing was done" in done.stderr
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_bank_file_that_is_a_named_pipe_is_refused(command: str, bank: Path, tmp_path: Path) -> None:
    (bank / "bank.yaml").unlink()
    os.mkfifo(bank / "bank.yaml")
    done = quizkit(COMMANDS[command], tmp_path)
    assert done.returncode == 1
    message = (
        "small/bank.yaml:1:1: error[not-regular-file]: 'bank.yaml' is not a regular file (a named pipe); "
        "a bank file must be a text file"
    )
    assert message in (done.stdout if command == "check" else done.stderr)


def test_a_link_to_a_source_inside_the_bank_is_a_source(bank: Path, tmp_path: Path) -> None:
    sources = bank / "sources"
    (sources / "b-preview.txt").rename(bank / "preview.txt")
    (sources / "b-preview.txt").symlink_to(Path("..") / "preview.txt")
    # The link points out of sources/: the rule that a source stays in the bank's sources/ holds.
    done = quizkit(COMMANDS["check"], tmp_path)
    assert done.returncode == 1
    assert (
        "small/sources/b-preview.txt:1:1: error[source-outside-bank]: "
        "source 'b-preview.txt' links outside the bank's sources/ folder"
    ) in done.stdout
    # A link within sources/ is fine, for check and for play (through the checked-bank cache too).
    (sources / "b-preview.txt").unlink()
    (bank / "preview.txt").rename(sources / "kept.text")
    (sources / "b-preview.txt").symlink_to("kept.text")
    assert quizkit(COMMANDS["check"], tmp_path).stdout.splitlines()[-1] == (
        "checked 1 bank: 7 questions, 2 sources; 0 errors, 0 warnings"
    )
    for _ in range(2):
        played = quizkit(COMMANDS["play"], tmp_path)
        assert played.returncode == 0, played.stderr
        assert played.stdout.splitlines()[-1] == "Score: 7/7 (100%)"
