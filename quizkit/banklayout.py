"""Where a bank's files are: bank.yaml and sources/*.txt. Standard library only, so that the
checked-bank cache can find them without loading the YAML and model machinery."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

BANK_FILE = "bank.yaml"
SOURCES_DIR = "sources"
SOURCE_SUFFIX = ".txt"


def bank_paths(path: Path) -> tuple[Path, Path]:
    """(the bank's folder, its bank.yaml) for a path naming either."""
    if path.is_file():
        return path.parent, path
    return path, path / BANK_FILE


def source_files(folder: Path) -> Iterator[tuple[Path, bool]]:
    """Each sources/*.txt of the bank folder, in name order, and whether it really lies inside
    sources/ (a symbolic link may point elsewhere)."""
    sources = folder / SOURCES_DIR
    if not sources.is_dir():
        return
    root = sources.resolve()
    for file in sorted(sources.glob(f"*{SOURCE_SUFFIX}")):
        yield file, file.resolve().is_relative_to(root)
