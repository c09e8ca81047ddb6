"""The exception hierarchy: every mistake a user can make ends in a QuizkitError."""

from __future__ import annotations

import click


class QuizkitError(click.ClickException):
    """Base class: a problem the user can fix; the CLI prints it without a traceback (exit 1)."""

    exit_code = 1


class BankError(QuizkitError):
    """A bank could not be loaded or failed its check (diagnostics were printed)."""


class SelectionError(QuizkitError):
    """The selection options leave nothing to ask, or ask for more than the bank has."""


class ExportError(QuizkitError):
    """An export could not be written."""


class ResultsError(QuizkitError):
    """The results store could not be opened or read."""
