"""Checked banks kept between runs: `play` and `export` start on a bank already proven, unchanged.

A bank that `check` passed is stored (pickled) in the user's cache folder with a record of every
file the check read: bank.yaml and each sources/*.txt, by content. It is used again only when
those files are byte for byte the same, no source file has come or gone, and quizkit itself has
not changed; anything else means a full check. Reading the cache needs neither YAML nor the
evidence checker, and no validator is ever built: that is most of what `play` does before its
first question, and a good part of a one-document `export`. `check` always checks in full.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from quizkit.banklayout import bank_paths, source_files

if TYPE_CHECKING:
    from quizkit.diagnostics import Diagnostic
    from quizkit.model import Bank

FORMAT = b"quizkit-checked-bank-1"
KEEP = 50


def checked_bank(path: Path | str, *, strict: bool = False) -> tuple[Bank, list[Diagnostic]]:
    """The bank at `path` with its warnings, from the cache when unchanged; else checked (and
    kept). A bank with errors (under `strict`, with warnings) raises BankError, exactly as
    `require_valid_bank` does: such a bank is never kept."""
    key = _key(Path(path))
    if key is not None:
        cached = _read(_entry_file(key), key)
        if cached is not None and not (strict and any(d.severity == "warning" for d in cached[1])):
            return cached
    from quizkit.checking import require_valid_bank

    bank, warnings = require_valid_bank(path, strict=strict)
    if key is not None and _key(Path(path)) == key:  # kept only if nothing changed while checking
        _write(_entry_file(key), key, (bank, warnings))
    return bank, warnings


def _key(path: Path) -> bytes | None:
    """A digest of everything the check's verdict depends on; None if the bank cannot be read."""
    digest = hashlib.sha256(FORMAT)
    try:
        folder, bank_file = bank_paths(path)
        for part in (sys.version, os.getcwd(), str(path), str(folder.resolve()), *_code_stamps()):
            digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(_file_digest(bank_file))
        for file, inside in source_files(folder):
            digest.update(f"{file.name}\0{inside}\0".encode("utf-8", "surrogateescape"))
            digest.update(_file_digest(file))
    except (OSError, RuntimeError):  # unreadable, gone, a symlink loop: the full check says what
        return None
    return digest.digest()


def _file_digest(file: Path) -> bytes:
    with file.open("rb") as data:
        return hashlib.file_digest(data, "sha256").digest()


def _code_stamps() -> list[str]:
    """quizkit's own modules and pydantic's version: a change to either may change a verdict or
    the shape of the stored objects."""
    package = Path(__file__).parent
    stamps = []
    with os.scandir(package) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(".py"):
                info = entry.stat()
                stamps.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    try:
        import pydantic_core

        stamps.append(pydantic_core.__version__)
    except ImportError:  # pragma: no cover - pydantic is a dependency
        pass
    return stamps


def _entry_file(key: bytes) -> Path:
    import platformdirs

    folder = platformdirs.user_cache_path("quizkit") / "banks"
    return folder / f"{key.hex()[:32]}.pickle"


def _read(entry: Path, key: bytes) -> tuple[Bank, list[Diagnostic]] | None:
    """The stored bank, or None when missing, from another key, or unreadable in any way."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    if not data.startswith(key):
        return None
    try:
        bank, warnings = pickle.loads(data[len(key) :])
    except Exception:  # a damaged or outdated entry only means checking again
        return None
    return bank, warnings


def _write(entry: Path, key: bytes, value: tuple[Bank, list[Diagnostic]]) -> None:
    """Store atomically (a temporary file renamed into place); a cache that cannot be written
    only means checking again next time."""
    with contextlib.suppress(OSError, pickle.PicklingError):
        entry.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        payload = key + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        fd, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".entry-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(payload)
            os.replace(temporary, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        _prune(entry.parent)


def _prune(folder: Path) -> None:
    """Keep the KEEP most recently written entries: one per bank and working folder in use."""
    entries = sorted(folder.glob("*.pickle"), key=_mtime, reverse=True)
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            old.unlink()


def _mtime(file: Path) -> float:
    try:
        return file.stat().st_mtime
    except OSError:
        return 0.0
