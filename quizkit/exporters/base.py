"""The exporter interface: each output format is one class with a few declared facts."""

from __future__ import annotations

import os
import shutil
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from quizkit.errors import ExportError
from quizkit.selection import Form

Paper = Literal["letter", "a4"]


@dataclass(frozen=True)
class ExportOptions:
    """What every exporter may read: the base file name and the paper size."""

    name: str
    paper: Paper = "letter"


@dataclass(frozen=True)
class Loss:
    """Something in a question that a format cannot carry, said at export time."""

    format: str
    question_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"question '{self.question_id}'" if self.question_id else "bank"
        return f"{self.format}: {where}: {self.message}"


class Staging:
    """A private folder for one export run; files move into place only when all succeeded."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            self.dir = Path(tempfile.mkdtemp(prefix=".quizkit-", dir=out_dir))
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
        """Rename every staged file into the output folder (each rename is atomic)."""
        placed = []
        for name in self.names:
            target = self.out_dir / name
            os.replace(self.dir / name, target)
            placed.append(target)
        self.discard()
        return placed

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


@dataclass
class ExportResult:
    """What an exporter wrote and what it could not carry."""

    losses: list[Loss] = field(default_factory=list)


class Exporter(ABC):
    """One output format. Subclasses declare their facts and implement `write`."""

    name: ClassVar[str]
    """The --format name."""
    suffix: ClassVar[str]
    """The main file's ending, with its dot: '.html', '.zip'."""
    binary: ClassVar[bool] = False
    description: ClassVar[str] = ""
    cannot_carry: ClassVar[tuple[str, ...]] = ()
    """What this format has no place for at all (said once per export)."""

    def __init__(self, options: ExportOptions, prepared: Any = None) -> None:
        self.options = options
        self.prepared = prepared
        """What `prepare` set going for this export, if anything."""

    @classmethod
    def prepare(cls, paper: Paper, versions: int) -> AbstractContextManager[Any]:
        """Slow set-up to start before the bank is checked, given to `__init__` as `prepared`
        and ended when the export ends (PDF starts its worker processes here). None by default."""
        return nullcontext()

    @abstractmethod
    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        """Write every form into `staging`; report what could not be carried."""
