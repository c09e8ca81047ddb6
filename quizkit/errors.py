"""The exception hierarchy: every mistake a user can make ends in a QuizkitError."""

from __future__ import annotations

import sys
from typing import IO, Any

import click


class QuizkitError(click.ClickException):
    """Base class: a problem the user can fix; the CLI prints it without a traceback (exit 1)."""

    exit_code = 1


class BankError(QuizkitError):
    """A bank failed its check: shows the diagnostics, then one line saying nothing was done."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details

    def show(self, file: IO[Any] | None = None) -> None:
        if self.details:
            click.echo(self.details, file=file or sys.stderr)
        super().show(file)


class SelectionError(QuizkitError):
    """The selection options leave nothing to ask, or ask for more than the bank has."""


class ExportError(QuizkitError):
    """An export could not be written."""


class ResultsError(QuizkitError):
    """The results store could not be opened or read."""
