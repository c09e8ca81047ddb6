"""Checked banks kept between runs: `play` and `export` start on a bank already proven, unchanged.

A bank that `check` passed is stored as JSON in the user's cache folder, signed together with a
digest of every file the check read (bank.yaml and each sources/*.txt, by content) and of quizkit
itself (quizkit.cachefiles). It is used again only when those files are byte for byte the same,
no source file has come or gone, quizkit has not changed, the signature holds, and the JSON is a
valid bank by the same models bank.yaml is validated with; anything else means a full check. So
an entry can neither run code (it is data) nor change a result (it cannot be forged or edited
without the user's key). Reading the cache needs neither YAML nor the evidence checker: that is
most of what `play` does before its first question, and a good part of a one-document `export`.
`check` always checks in full.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from quizkit.banklayout import bank_paths, open_regular, source_files
from quizkit.cachefiles import cache_folder, own_folder, read_signed, write_signed_pieces

if TYPE_CHECKING:
    from quizkit.diagnostics import Diagnostic
    from quizkit.model import Bank

FORMAT = b"quizkit-checked-bank-2"
KEEP = 50
SUFFIX = ".json"
ENTRY_NAME = re.compile(r"[0-9a-f]{32}\.(?:json|pickle)")


class Stamp(NamedTuple):
    """What a verdict depends on: a digest of the bank's files and of quizkit, and their size."""

    digest: bytes
    size: int


def checked_bank(path: Path | str, *, strict: bool = False) -> tuple[Bank, list[Diagnostic]]:
    """The bank at `path` with its warnings, from the cache when unchanged; else checked (and
    kept). A bank with errors (under `strict`, with warnings) raises BankError, exactly as
    `require_valid_bank` does: such a bank is never kept."""
    stamp = _key(Path(path))
    if stamp is not None:
        cached = _read(stamp)
        if cached is not None and not (strict and any(d.severity == "warning" for d in cached[1])):
            return cached
    from quizkit.checking import require_valid_bank

    bank, warnings = require_valid_bank(path, strict=strict)
    if stamp is not None and _key(Path(path)) == stamp:  # kept only if nothing changed while checking
        _write(stamp, (bank, warnings))
    return bank, warnings


def _key(path: Path) -> Stamp | None:
    """A digest of everything the check's verdict depends on; None if the bank cannot be read."""
    digest = hashlib.sha256(FORMAT)
    size = 0
    try:
        folder, bank_file = bank_paths(path)
        for part in (sys.version, os.getcwd(), str(path), str(folder.resolve()), *_code_stamps()):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        size += _add_file(digest, bank_file)
        for file, inside in source_files(folder):
            digest.update(f"{file.name}\0{inside}\0".encode("utf-8", "surrogateescape"))
            size += _add_file(digest, file)
    except (OSError, RuntimeError):  # unreadable, gone, a symlink loop: the full check says what
        return None
    return Stamp(digest.digest(), size)


def _add_file(digest: hashlib._Hash, file: Path) -> int:
    """Add the file's own digest to `digest`; its size in bytes."""
    with open_regular(file) as data:  # never waits on a named pipe nor reads a device for ever
        file_digest = hashlib.file_digest(data, "sha256")
        digest.update(file_digest.digest())
        return data.tell()


def _code_stamps() -> list[str]:
    """quizkit's own modules and pydantic's version: a change to either may change a verdict or
    the shape of the stored objects."""
    stamps = []
    folders = [Path(__file__).parent]
    for folder in folders:  # the package and its subpackages (quizkit.lint's rules decide verdicts)
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py"):
                    info = entry.stat()
                    stamps.append(f"{entry.path}:{info.st_size}:{info.st_mtime_ns}")
                elif entry.is_dir(follow_symlinks=False) and entry.name != "__pycache__":
                    folders.append(Path(entry.path))
    try:
        import pydantic_core

        stamps.append(pydantic_core.__version__)
    except ImportError:  # pragma: no cover - pydantic is a dependency
        pass
    return stamps


def _entry_file(key: bytes) -> Path:
    return cache_folder("banks") / f"{key.hex()[:32]}{SUFFIX}"


def _limit(stamp: Stamp) -> int:
    """The most bytes an entry may have: its JSON is about the size of the files it stands for
    (defaults written out, some characters escaped); anything much larger is not read."""
    return 8 * stamp.size + (1 << 20)


def _purpose(stamp: Stamp) -> bytes:
    return FORMAT + b"\0" + stamp.digest


def _read(stamp: Stamp) -> tuple[Bank, list[Diagnostic]] | None:
    """The stored bank, or None when missing, from other files, not signed by this user's key,
    or not a bank: any of those only means checking again."""
    payload = read_signed(_entry_file(stamp.digest), _purpose(stamp), _limit(stamp))
    if payload is None:
        return None
    import json

    from quizkit.diagnostics import Diagnostic
    from quizkit.model import Bank
    from quizkit.modeldata import build

    try:
        data = json.loads(payload)
        if type(data) is not dict or data.keys() != {"bank", "warnings"}:
            return None
        return build(Bank, data["bank"]), build(list[Diagnostic], data["warnings"])
    except (ValueError, RecursionError):  # not JSON, or not a bank (modeldata.Mismatch)
        return None


def _write(stamp: Stamp, value: tuple[Bank, list[Diagnostic]]) -> None:
    """Store the checked bank; one that cannot be written only means checking again next time."""
    entry = _entry_file(stamp.digest)
    try:
        written = write_signed_pieces(entry, _purpose(stamp), json_pieces(*value), _limit(stamp))
    except (ValueError, TypeError):  # e.g. an unpaired surrogate: such a bank is simply not kept
        return
    if written:
        _prune(entry.parent)


def json_pieces(bank: Bank, warnings: list[Diagnostic]) -> Iterator[bytes]:
    """`{"bank": ..., "warnings": [...]}` as UTF-8 JSON, a question at a time: a large bank is
    never held a second time as one dict or one string."""
    import dataclasses
    import json

    def dump(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    rest = bank.model_dump(exclude={"questions"})
    yield b'{"bank":{'
    for index, name in enumerate(type(bank).model_fields):
        yield f"{',' if index else ''}{dump(name)}:".encode()
        if name != "questions":
            yield dump(rest[name]).encode()
            continue
        yield b"["
        for number, question in enumerate(bank.questions):
            yield f"{',' if number else ''}{dump(question.model_dump())}".encode()
        yield b"]"
    yield f'}},"warnings":{dump([dataclasses.asdict(w) for w in warnings])}}}'.encode()


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently written entries: one per bank and working folder in use. Only
    files named as entries are removed, and only in a folder of the user's own."""
    if not own_folder(folder):
        return
    try:
        with os.scandir(folder) as found:
            names = [entry.name for entry in found if ENTRY_NAME.fullmatch(entry.name)]
    except OSError:
        return
    stale = [folder / name for name in names if name.endswith(".pickle")]  # left by earlier versions
    entries = sorted((folder / n for n in names if n.endswith(SUFFIX)), key=_mtime, reverse=True)
    for old in stale + entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(file: Path) -> float:
    try:
        return file.lstat().st_mtime
    except OSError:
        return 0.0
