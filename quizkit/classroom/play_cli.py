"""`quizkit play` and `quizkit report`: parse options, wire the session to a screen and the store.

Exit status of play: 0 the quiz was finished; 130 stopped with Ctrl-C; 1 the input ended before
the last question (or a bank, option or results-file problem). Answers given are kept in every case.
"""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING, Any

import click

from quizkit.cli_common import bank_path_argument, choice, selection_options
from quizkit.gcpause import gc_paused

if TYPE_CHECKING:  # at run time these load inside the command, after --help has answered
    from quizkit.classroom.play import Screen
    from quizkit.classroom.results import Attempt, ResultsStore
    from quizkit.selection import Form

FEEDBACK_CHOICES = ("each", "end", "none")
EXIT_INTERRUPTED = 130
EXIT_INPUT_ENDED = 1


@click.command()
@bank_path_argument
@selection_options
@click.option("--name", help="The student's name, stored with the results (asked for if not given).")
@click.option(
    "--results",
    "results_file",
    type=click.Path(dir_okay=False),
    help="SQLite file for the results  [default: results.sqlite3 in the user's data folder]",
)
@click.option(
    "--feedback",
    type=choice(FEEDBACK_CHOICES),
    default="each",
    show_default=True,
    help="each: after every question; end: after the last; none: test mode, the score only.",
)
def play(path: str, name: str | None, results_file: str | None, feedback: Any, **selected: Any) -> None:
    """Take the quiz in the terminal: one question at a time, scored, with the evidence.

    Answers: a letter (B); letters for multiple answer (A, C); t or f; text; a number; for
    matching, one letter per item in turn on one line (C A B). The last line is `Score: E/P`.
    """
    try:
        sys.exit(_play(path, name, results_file, feedback, selected))
    except KeyboardInterrupt:  # outside the questions (loading, the name prompt): the session has its own
        click.echo("", err=True)
        sys.exit(EXIT_INTERRUPTED)


def _play(path: str, name: str | None, results_file: str | None, feedback: Any, selected: Any) -> int:
    from quizkit.classroom.play import Session, local_now
    from quizkit.errors import ResultsError

    with gc_paused():  # start-up allocates much and frees little: collecting only delays question 1
        form, store, screen, attempt = _start(path, name, results_file, selected)
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGHUP)}
    complete = failed = False
    try:
        result = Session(form, screen, attempt, feedback=feedback).run()
        complete = result.complete
    except BaseException:
        failed = True
        raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        try:
            attempt.finish(local_now(), complete=complete)
        except ResultsError:
            if not failed:  # else the first problem (an answer not stored) is the one to tell
                raise
        finally:
            store.close()
    if result.stop == "interrupted":
        return EXIT_INTERRUPTED
    return EXIT_INPUT_ENDED if result.stop == "input-ended" else 0


def _start(
    path: str, name: str | None, results_file: str | None, selected: Any
) -> tuple[Form, ResultsStore, Screen, Attempt]:
    """Check the bank, build the form, open the results file and the screen, store the attempt."""
    from pathlib import Path

    from quizkit.bankcache import checked_bank
    from quizkit.classroom.play import local_now
    from quizkit.classroom.results import ResultsStore, default_results_path
    from quizkit.classroom.terminal import open_screen
    from quizkit.cli import make_selection
    from quizkit.selection import build_form

    bank, _warnings = checked_bank(path)
    form = build_form(bank, make_selection(selected, default_seed=None))
    store = ResultsStore(Path(results_file) if results_file else default_results_path())
    try:
        _reconfigure_stdin()
        screen = open_screen()
        student = (name or "").strip() or _ask_name(screen)
        attempt = store.start_attempt(form, student, local_now())
    except BaseException:
        store.close()
        raise
    return form, store, screen, attempt


def _stop(signum: int, _frame: object) -> None:
    """A closed terminal (SIGHUP) or SIGTERM: end now; the attempt is marked ended as it stands."""
    raise SystemExit(128 + signum)


def _reconfigure_stdin() -> None:
    """Piped answers in a wrong encoding are read, not a traceback (they are then re-asked)."""
    if hasattr(sys.stdin, "reconfigure"):
        sys.stdin.reconfigure(errors="replace")


def _ask_name(screen: Screen) -> str:
    """Ask for a name on a terminal; with piped answers use the login name (no line is consumed)."""
    import getpass

    fallback = getpass.getuser()
    if not sys.stdin.isatty():
        return fallback
    try:
        typed = screen.ask(f"Your name (Enter for {fallback}): ").strip()
    except EOFError:
        typed = ""
    return typed[:100] or fallback


@click.command()
@click.option(
    "--results",
    "results_file",
    type=click.Path(dir_okay=False),
    help="SQLite results file  [default: results.sqlite3 in the user's data folder]",
)
@click.option("--bank", help="Only attempts at this bank (its folder name).")
@click.option(
    "--format",
    "output_format",
    type=choice(("text", "csv", "json", "html")),
    default="text",
    show_default=True,
    help="text: to read; csv: one row per attempt, for a gradebook; json: everything, for tools; "
    "html: one page with charts (redirect it to a file).",
)
def report(results_file: str | None, bank: str | None, output_format: str) -> None:
    """Attempts by student with scores (E/P), and item analysis: facility, discrimination, distractors."""
    from pathlib import Path

    from quizkit.classroom.analysis import analyse
    from quizkit.classroom.reporting import format_csv, format_json, format_text
    from quizkit.classroom.results import ResultsStore, default_results_path
    from quizkit.errors import ResultsError

    path = Path(results_file) if results_file else default_results_path()
    store = ResultsStore(path, create=False)
    try:
        if bank and bank not in store.banks():
            known = ", ".join(store.banks()) or "none yet"
            raise ResultsError(f"no attempts at bank '{bank}' in '{path}' (banks: {known})")
        analysed = analyse(store.read(bank))
    finally:
        store.close()
    if output_format == "csv":
        click.echo(format_csv(analysed), nl=False)
    elif output_format == "json":
        click.echo(format_json(analysed, str(path)))
    elif output_format == "html":
        from quizkit.classroom.reporthtml import format_html

        click.echo(format_html(analysed, str(path)), nl=False)
    else:
        click.echo(format_text(analysed, str(path)), nl=False)
