"""Where a bank's files are: bank.yaml and sources/*.txt. Standard library only, so that the
checked-bank cache can find them without loading the YAML and model machinery."""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

BANK_FILE = "bank.yaml"
SOURCES_DIR = "sources"
SOURCE_SUFFIX = ".txt"

_NO_WAIT = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
"""Opening a named pipe with O_NONBLOCK returns at once instead of waiting for a writer."""


class NotRegularFile(OSError):
    """A bank file that is not a regular file: a named pipe, a device, a folder, a loop of links."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is not a regular file ({kind})")
        self.path = path
        self.kind = kind


def bank_paths(path: Path) -> tuple[Path, Path]:
    """(the bank's folder, its bank.yaml) for a path naming either (anything but a folder is
    taken for the file, so that a named pipe or a device there is refused as a bank file)."""
    if path.is_file() or (os.path.lexists(path) and not path.is_dir()):
        return path.parent, path
    return path, path / BANK_FILE


def source_files(folder: Path) -> Iterator[tuple[Path, bool]]:
    """Each sources/*.txt of the bank folder, in name order, and whether it really lies inside
    sources/ (a symbolic link may point elsewhere)."""
    sources = folder / SOURCES_DIR
    if not sources.is_dir():
        return
    try:  # what sources.glob("*.txt") lists (hidden files too), without a Path made for each
        with os.scandir(sources) as entries:
            found = sorted(
                (entry.name, _is_link(entry)) for entry in entries if entry.name.endswith(SOURCE_SUFFIX)
            )
    except PermissionError:
        return
    root = Path(os.path.realpath(sources))
    for name, link in found:
        file = sources / name
        # only a link can lead outside (anything else in sources/ is in it). realpath, unlike
        # Path.resolve on Python 3.11, does not raise on a loop of links: reading the file says
        # what is wrong with it.
        yield file, not link or Path(os.path.realpath(file)).is_relative_to(root)


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return True  # then where it leads is worked out from its path


def irregular_kind(file: Path) -> str | None:
    """What `file` is if it is not a regular file or a link to one ('a named pipe', 'a device',
    'a symbolic link that loops'...), else None. Looks, never opens."""
    try:
        info = os.stat(file)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link that loops"
        if exc.errno == errno.ENOENT and os.path.islink(file):
            return "a symbolic link to nothing"
        raise
    if stat.S_ISREG(info.st_mode):
        return None
    kind = _kind(info.st_mode)
    return f"a symbolic link to {kind}" if os.path.islink(file) else kind


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


def open_regular(file: Path) -> io.BufferedReader:
    """`file` opened for reading in binary; NotRegularFile, at once, if it is not a regular file.

    A named pipe would block a plain open() until something writes to it and a device such as
    /dev/zero never ends: both are refused before any byte is read.
    """
    kind = irregular_kind(file)
    if kind is not None:
        raise NotRegularFile(file, kind)
    fd = os.open(file, _NO_WAIT)
    try:
        info = os.fstat(fd)  # what was opened, should the file have been swapped since the stat
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(file, _kind(info.st_mode))
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
