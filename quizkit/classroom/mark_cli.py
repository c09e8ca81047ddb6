"""`quizkit mark`: record marks for essays, one at a time on a terminal or from a filled-in CSV file."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path

    from quizkit.classroom.marks import EssayAnswer
    from quizkit.classroom.results import ResultsStore

EXIT_INTERRUPTED = 130


@click.command()
@click.argument("bank_path", metavar="[BANK]", required=False, type=click.Path(exists=True))
@click.option(
    "--results",
    "results_file",
    type=click.Path(dir_okay=False),
    help="SQLite results file  [default: results.sqlite3 in the user's data folder]",
)
@click.option(
    "--from",
    "from_csv",
    type=click.Path(exists=True, dir_okay=False),
    help="Store the marks in a CSV file filled in from --template (all or nothing).",
)
@click.option(
    "--template", is_flag=True, help="Print a CSV of every essay answer to mark, its points column empty."
)
def mark(bank_path: str | None, results_file: str | None, from_csv: str | None, template: bool) -> None:
    """Mark essays, so that they count in scores: one at a time (question, rubric, answer), or
    from a CSV file (--template prints one to fill in; --from stores it).

    BANK (a bank folder) limits marking to its attempts and shows its rubrics.
    """
    from pathlib import Path

    from quizkit.classroom.marks import essay_answers, marks_template
    from quizkit.classroom.results import ResultsStore, default_results_path

    if from_csv and template:
        raise click.UsageError("give --from or --template, not both")
    path = Path(results_file) if results_file else default_results_path()
    bank, rubrics = _bank_rubrics(bank_path)
    if template:
        store = ResultsStore(path, create=False)
        try:
            click.echo(marks_template([e for e in essay_answers(store, bank) if e.points is None]), nl=False)
        finally:
            store.close()
        return
    store = ResultsStore(path, marks=True)
    try:
        if from_csv:
            _from_csv(store, Path(from_csv))
        else:
            sys.exit(_interactively(store, bank, rubrics, have_bank=bank_path is not None))
    finally:
        store.close()


def _bank_rubrics(bank_path: str | None) -> tuple[str | None, dict[str, str | None]]:
    """The bank's name and its essays' rubrics (none without a bank)."""
    if bank_path is None:
        return None, {}
    from quizkit.errors import QuizkitError
    from quizkit.loading import load_bank
    from quizkit.model import Essay

    loaded = load_bank(bank_path)
    if loaded.bank is None:
        raise QuizkitError(f"cannot read the bank at '{bank_path}'; `quizkit check {bank_path}` says why")
    rubrics = {q.id: q.rubric for q in loaded.bank.questions if isinstance(q, Essay)}
    return loaded.bank.name, rubrics


def _from_csv(store: ResultsStore, csv_path: Path) -> None:
    from quizkit.classroom.marks import marks_from_csv, store_marks
    from quizkit.classroom.play import local_now

    marks, empty = marks_from_csv(csv_path, store)
    stored = store_marks(store, marks, local_now())
    left = f"; {empty} row{'s' if empty != 1 else ''} without points left unmarked" if empty else ""
    click.echo(f"Stored {stored} mark{'s' if stored != 1 else ''} from {csv_path}{left}.")


def _interactively(
    store: ResultsStore, bank: str | None, rubrics: dict[str, str | None], *, have_bank: bool
) -> int:
    """Ask for each unmarked essay's points; each mark is stored as it is given. The exit status."""
    from quizkit.classroom.marks import essay_answers

    essays = [e for e in essay_answers(store, bank) if e.points is None]
    if not essays:
        where = f" at bank '{bank}'" if bank else ""
        click.echo(f"No essay answers{where} to mark in {store.path}.")
        return 0
    marked = skipped = 0
    status = 0
    try:
        for number, essay in enumerate(essays, start=1):
            outcome = _mark_one(store, essay, number, len(essays), rubrics, have_bank)
            if outcome == "quit":
                break
            marked += outcome == "marked"
            skipped += outcome == "skipped"
    except EOFError:  # Ctrl-D, or the end of piped input: as q
        click.echo("")
    except KeyboardInterrupt:
        click.echo("")
        status = EXIT_INTERRUPTED
    left = len(essays) - marked
    click.echo(
        f"Marked {marked} essay{'s' if marked != 1 else ''}"
        + (f"; {left} still to mark (quizkit mark again to go on)" if left else "")
        + ". `quizkit report` counts the marks in the scores."
    )
    return status


def _mark_one(
    store: ResultsStore,
    essay: EssayAnswer,
    number: int,
    total: int,
    rubrics: dict[str, str | None],
    have_bank: bool,
) -> str:
    """Show one essay and store its mark: 'marked', 'skipped' or 'quit'."""
    from quizkit.classroom.marks import NewMark, read_points, store_marks
    from quizkit.classroom.play import local_now
    from quizkit.safetext import visible
    from quizkit.scoring import format_points
    from quizkit.templating import render

    screen = render(
        "mark/essay.txt.jinja",
        essay=essay,
        number=number,
        total=total,
        rubric=rubrics.get(essay.question_id),
        have_bank=have_bank,
        pts=format_points,
    )
    click.echo(visible(screen), nl=False)
    prompt = f"Points (0 to {format_points(essay.possible)}; Enter skips, q quits): "
    while True:
        typed = _ask(prompt)
        if not typed.strip():
            return "skipped"
        if typed.strip().lower() in ("q", "quit"):
            return "quit"
        try:
            points = read_points(typed, essay.possible)
        except ValueError as why:
            click.echo(visible(f"{why}."))
            continue
        store_marks(store, [NewMark(essay.attempt_id, essay.position, points)], local_now())
        click.echo(f"Stored: {format_points(points)}/{format_points(essay.possible)}.")
        return "marked"


def _ask(prompt: str) -> str:
    """A line typed (or piped, then echoed so that a log reads like the screen)."""
    click.echo(prompt, nl=False)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    if not sys.stdin.isatty():
        click.echo(line.rstrip("\n"))
    return line.rstrip("\n")
