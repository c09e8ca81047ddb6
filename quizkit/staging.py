"""An export's private folder inside the output folder, moving its files into place all or none,
and clearing what a killed export left.

Each staging folder is named after the process that owns it (machine, process id and the
process's start time), so a later export can tell a folder whose owner has ended from one that
a running export is still writing, even after the process id has been reused.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import shutil
import socket
import stat
import sys
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from quizkit.errors import ExportError

PREFIX = ".quizkit-staging-"
_NAME = re.compile(
    r"\.quizkit-staging-(?P<machine>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})-(?P<start>[0-9]{1,20})-[a-z0-9]{8}"
)
_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
_UNDO, _EARLIER, _ABSENT = ".undo", "earlier", "absent"  # output names never start with a dot


class Staging:
    """A private folder for one export run; files move into place only when all succeeded."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            clear_abandoned(out_dir)
            self.dir = make_staging_dir(out_dir)
        except OSError as exc:
            raise ExportError(f"cannot write to '{out_dir}': {exc.strerror}") from None
        self.names: list[str] = []

    def path(self, name: str) -> Path:
        """A path to write `name` to; it lands in the output folder on commit."""
        if "/" in name or "\\" in name or name.startswith("."):
            raise ExportError(f"invalid output file name '{name}'")  # pragma: no cover - our own names
        if name in self.names:
            raise ExportError(f"two outputs are both named '{name}'")
        self.names.append(name)
        return self.dir / name

    def write_text(self, name: str, text: str) -> Path:
        path = self.path(name)
        path.write_text(text, encoding="utf-8", newline="\n")
        return path

    def write_bytes(self, name: str, data: bytes) -> Path:
        path = self.path(name)
        path.write_bytes(data)
        return path

    def commit(self) -> list[Path]:
        """Move every staged file into the output folder: all of them, or, on a failure, none.

        Before a file replaces an output, the earlier output is kept in the staging folder (a
        hard link, or the file itself moved), or a marker says there was none; on a failure those
        are put back. Renaming that record away is the one step that makes the whole run final.
        """
        undo = self.dir / _UNDO
        target = self.out_dir
        try:
            (undo / _EARLIER).mkdir(parents=True)
            (undo / _ABSENT).mkdir()
            for name in self.names:
                target = self.out_dir / name
                _place(self.dir / name, target, undo)
        except OSError as exc:
            raise self._undone(f"cannot write '{target}': {exc.strerror}") from None
        except BaseException:  # a signal arriving: the outputs go back as they were
            with suppress(OSError):
                put_back(self.dir)
            raise
        os.rename(undo, self.dir / ".done")  # from here on, nothing is put back
        self.discard()
        return [self.out_dir / name for name in self.names]

    def _undone(self, problem: str) -> ExportError:
        """The error to raise, once the outputs are back as they were (or said not to be)."""
        try:
            put_back(self.dir)
        except OSError as exc:
            return ExportError(
                f"{problem}; putting back the earlier files failed too ({exc.strerror}): they are "
                f"kept in '{self.dir}', and the next export into '{self.out_dir}' puts them back"
            )
        return ExportError(f"{problem}; nothing in '{self.out_dir}' was changed")

    def discard(self) -> None:
        """Remove the staging folder, once any outputs a failed commit replaced are back."""
        try:
            put_back(self.dir)
        except OSError:
            return  # kept, with what it holds, for the next export to put back
        shutil.rmtree(self.dir, ignore_errors=True)


def _place(staged: Path, target: Path, undo: Path) -> None:
    """Move one file into place, first recording the earlier output (or that there was none)."""
    name = target.name
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        (undo / _ABSENT / name).touch()
    else:
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(errno.EISDIR, "a folder of that name is in the way")
        try:
            os.link(target, undo / _EARLIER / name, follow_symlinks=False)
        except (OSError, NotImplementedError):  # no hard links here: the earlier file moves aside
            os.rename(target, undo / _EARLIER / name)
    os.replace(staged, target)


def put_back(staging_dir: Path) -> None:
    """Undo a commit that did not finish: earlier outputs back in place, new ones removed.

    Safe to repeat, and to run after the committing process was killed at any point.
    """
    undo = staging_dir / _UNDO
    out_dir = staging_dir.parent
    try:
        earlier = os.listdir(undo / _EARLIER)
        absent = os.listdir(undo / _ABSENT)
    except FileNotFoundError:
        return  # no commit began, or it finished
    for name in earlier:
        kept, target = undo / _EARLIER / name, out_dir / name
        if not _same_file(kept, target):
            os.replace(kept, target)
    for name in absent:
        if not os.path.lexists(staging_dir / name):  # it was moved into place
            with suppress(FileNotFoundError):
                os.unlink(out_dir / name)
        os.unlink(undo / _ABSENT / name)
    shutil.rmtree(undo)


def _same_file(a: Path, b: Path) -> bool:
    try:
        first, second = os.lstat(a), os.lstat(b)
    except FileNotFoundError:
        return False
    return (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)


@dataclass(frozen=True)
class Owner:
    """The process a staging folder belongs to."""

    machine: str
    pid: int
    start: int

    @property
    def prefix(self) -> str:
        return f"{PREFIX}{self.machine}-{self.pid}-{self.start}-"

    def is_running(self) -> bool:
        """True unless this process has certainly ended (on another machine: assumed running)."""
        if self.machine != this_machine():
            return True  # a shared folder: that machine's processes cannot be seen from here
        start = process_start(self.pid)
        if start is not None:
            return start == self.start  # another start time: the id was reused, the owner ended
        if sys.platform == "win32":
            return True  # os.kill would end the process there, not test it
        try:  # no /proc, or one that hides other users' processes
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True  # it exists, as another user's process
        return True


def current_owner() -> Owner:
    """This process, as staging folder names record it."""
    return Owner(this_machine(), os.getpid(), process_start(os.getpid()) or 0)


@cache
def this_machine() -> str:
    """8 hex digits for this machine, boot and process namespace (containers each have their
    own): process ids are only comparable within all three."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        namespace = os.readlink("/proc/self/ns/pid")
    except OSError:
        boot = namespace = ""
    return hashlib.sha256(f"{socket.gethostname()}\0{boot}\0{namespace}".encode()).hexdigest()[:8]


def process_start(pid: int) -> int | None:
    """When process `pid` started, in clock ticks since boot; None where /proc cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # the name, in parentheses, may hold spaces
    try:
        return int(fields[19])  # field 22 of proc(5); the list starts at field 3
    except (IndexError, ValueError):
        return None


def staging_owner(name: str) -> Owner | None:
    """The owner a folder name records, or None if it is not a staging folder's name."""
    match = _NAME.fullmatch(name)
    if match is None:
        return None
    return Owner(match["machine"], int(match["pid"]), int(match["start"]))


def make_staging_dir(out_dir: Path) -> Path:
    """A new, empty staging folder in `out_dir`, owned by this process."""
    owner = current_owner()
    for _ in range(100):
        path = out_dir / (owner.prefix + _random_part())
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:
            continue
        return path
    raise ExportError(f"cannot create a staging folder in '{out_dir}'")  # pragma: no cover


def abandoned_staging(out_dir: Path) -> Iterator[Path]:
    """Staging folders in `out_dir` whose owner has ended."""
    try:
        entries = list(os.scandir(out_dir))
    except OSError:
        return
    for entry in entries:
        owner = staging_owner(entry.name)
        if owner is not None and entry.is_dir(follow_symlinks=False) and not owner.is_running():
            yield Path(entry.path)


def clear_abandoned(out_dir: Path) -> None:
    """Remove what exports that ended without cleaning up (killed, the power cut) left in `out_dir`.

    Each folder is first renamed to a name of this process's own: of two exports clearing the
    same folder, one wins the rename and the other leaves it; if this one ends mid-way, the next
    export sees the folder as abandoned again.
    """
    owner = current_owner()
    for stale in abandoned_staging(out_dir):
        claimed = out_dir / (owner.prefix + _random_part())
        try:
            os.rename(stale, claimed)
            put_back(claimed)  # killed while moving its files into place: none of them stays
        except OSError:
            continue  # another export claimed it first, or it cannot be undone now: leave it
        shutil.rmtree(claimed, ignore_errors=True)


def _random_part() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(8))
