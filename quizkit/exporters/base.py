"""The exporter interface: each output format is one class with a few declared facts."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from quizkit.selection import Form
from quizkit.staging import Staging as Staging  # where exporters have always found it

Paper = Literal["letter", "a4"]
KeyStyle = Literal["full", "compact", "both"]
"""The answer key in full (evidence in context), compact (the grid and one line per question), or both."""
CcVersion = Literal["1.1", "1.2", "1.3"]
"""The Common Cartridge version a cartridge follows (1.1 is the one most LMSs import)."""


@dataclass(frozen=True)
class ExportOptions:
    """What every exporter may read: the base file name, the paper size, which answer keys and
    which Common Cartridge version."""

    name: str
    paper: Paper = "letter"
    key: KeyStyle = "full"
    cc_version: CcVersion = "1.1"


@dataclass(frozen=True)
class Loss:
    """Something in a question that a format cannot carry, said at export time."""

    format: str
    question_id: str | None
    message: str

    def __str__(self) -> str:
        where = f"question '{self.question_id}'" if self.question_id else "bank"
        return f"{self.format}: {where}: {self.message}"


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
