"""Pieces shared by several commands: the lazy command group and the selection options."""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click

from quizkit.safetext import visible

F = TypeVar("F", bound=Callable[..., Any])

SKILL_NAMES = (
    "headline-vs-body", "hedged-vs-definitive", "claim-evidence", "attribution-sourcing",
    "trace-to-origin", "news-vs-opinion", "fact-vs-opinion", "loaded-language",
    "numbers-context", "timeline-tense", "cross-outlet-omission", "who-is-behind",
)  # fmt: skip
# Kept here as plain strings so that `--help` need not import the model (and pydantic);
# tests/test_cli.py checks they agree with quizkit.model.SKILLS.


def choice(values: tuple[str, ...]) -> click.Choice[str]:
    """A choice of fixed words, matched ignoring case (`--paper A4`, `--format PDF`)."""
    return click.Choice(values, case_sensitive=False)


class LazyGroup(click.Group):
    """A group whose commands live in their own modules and are imported only when used."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy or {})

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; every error message is shown with its control characters visible
        (it may quote a bank, a file name or an option as typed)."""
        try:
            return self._invoke(ctx)
        except click.ClickException as exc:
            exc.message = visible(exc.message)  # type: ignore[misc]  # Final in typing only
            details = getattr(exc, "details", None)  # BankError's diagnostics
            if isinstance(details, str):
                exc.details = visible(details)  # type: ignore[attr-defined]
            raise

    def _invoke(self, ctx: click.Context) -> Any:
        """Run the command; a failure the user cannot act on still ends without a traceback."""
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:  # output piped into `head` and closed: not an error of ours
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            raise click.exceptions.Exit(1) from None
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None
        except Exception as exc:
            if os.environ.get("QUIZKIT_DEBUG"):
                raise
            raise click.ClickException(
                f"internal error: {type(exc).__name__}: {exc} (run with QUIZKIT_DEBUG=1 to see where)"
            ) from None

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first sentence, wrapped rather than cut off with '...'."""
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=200)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *self.lazy]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy:
            module_name, _, attr = self.lazy[cmd_name].partition(":")
            command: click.Command = getattr(importlib.import_module(module_name), attr)
            return command
        return super().get_command(ctx, cmd_name)


def selection_options(func: F) -> F:
    """--count, --question, --skill, --difficulty, --seed, --shuffle-questions, --no-shuffle: shared
    by export and play."""
    options = [
        click.option("--count", type=click.IntRange(min=1), help="Ask this many questions, drawn at random."),
        click.option(
            "--question",
            "ids",
            multiple=True,
            metavar="ID",
            help="Only the question with this id (repeatable).",
        ),
        click.option(
            "--skill",
            "skills",
            multiple=True,
            type=choice(SKILL_NAMES),
            help="Only questions tagged with this skill (repeatable).",
        ),
        click.option(
            "--difficulty",
            "difficulties",
            multiple=True,
            type=choice(("easy", "medium", "hard")),
            help="Only questions of this difficulty (repeatable).",
        ),
        click.option(
            "--seed", type=int, help="Seed for choosing and shuffling; the same seed gives the same quiz."
        ),
        click.option(
            "--shuffle-questions",
            is_flag=True,
            help="Put the questions in a random order (versions always have their own order).",
        ),
        click.option("--no-shuffle", is_flag=True, help="Keep the bank's order of questions and choices."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def bank_path_argument(func: F) -> F:
    """One PATH: a bank folder or its bank.yaml."""
    return click.argument("path", type=click.Path(exists=True, dir_okay=True, file_okay=True))(func)


@contextmanager
def signals_unwind() -> Iterator[None]:
    """SIGTERM and SIGHUP end the command by unwinding, so what it started is ended and removed."""

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


WHOLE_PROCESS = "whole-process"
"""The root context's `obj` when quizkit is the program itself (`run`), not called from Python."""


def finish(status: int) -> NoReturn:
    """End a command that has said all it will with `status`.

    When quizkit is the whole process, it ends at once, as mypy does: a 10,000-question bank's
    objects would otherwise be freed one by one (about 0.05 s) only for the process to end.
    Output is flushed first; the command holds no file open and nothing registered at exit
    matters then. Called from Python (tests, other programs), it exits as usual.
    """
    context = click.get_current_context(silent=True)
    if context is not None and context.find_root().obj == WHOLE_PROCESS:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)
