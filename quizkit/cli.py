"""The command line: each command parses options, calls one library function and prints.

Only click is imported at start-up; every command imports what it needs when it runs.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click
from click.core import ParameterSource

# quizkit uses no pydantic plugins; looking for them scans the metadata of every installed
# package when the first model is built: about 50 ms of every command's start.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from quizkit import __version__
from quizkit.cli_common import (
    WHOLE_PROCESS,
    LazyGroup,
    bank_path_argument,
    choice,
    finish,
    selection_options,
    signals_unwind,
)
from quizkit.safetext import visible, visible_json

FORMATS = (
    *("html", "pdf", "qti12", "canvas", "qti21", "qti30", "cc", "moodle", "gift"),
    *("forms", "kahoot", "quizizz", "all"),
)
# The exporter registry's names (and 'all'); tests/test_cli.py checks they agree.


@click.group(
    cls=LazyGroup,
    lazy={
        "play": "quizkit.classroom.play_cli:play",
        "report": "quizkit.classroom.play_cli:report",
        "mark": "quizkit.classroom.mark_cli:mark",
        "claims": "quizkit.authoring.claims_cli:claims",
        "source": "quizkit.authoring.source_cli:source",
        "preview": "quizkit.authoring.preview_cli:preview",
    },
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="quizkit")
def main() -> None:
    """Evidence-checked media-literacy quizzes from news articles.

    Every question cites a quote from an article; `check` proves the quote is in the article
    and the keyed answer is supported by it, before anything is printed, played or exported.
    """


def run() -> None:
    """The `quizkit` program (and `python -m quizkit`): `main`, as the whole process (see `finish`)."""
    main(obj=WHOLE_PROCESS)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "--format",
    "output_format",
    type=choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: one diagnostic per line, like a compiler; json: an array of objects, for tools.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check(paths: tuple[str, ...], output_format: str, strict: bool) -> None:
    """Validate banks (folders or bank.yaml files): structure, quotes and grounding."""
    from quizkit.gcpause import gc_paused, no_collection_at_exit

    with gc_paused():  # importing makes many objects and frees few
        from quizkit.checking import check_bank, find_banks
        from quizkit.diagnostics import count, count_notes, format_json, format_text, plural
    no_collection_at_exit()
    results = [check_bank(path, strict=strict) for path in find_banks(paths)]
    diagnostics = [d for r in results for d in r.diagnostics]
    errors, warnings = count(diagnostics)
    if output_format == "json":
        click.echo(visible_json(format_json(diagnostics)))
    else:
        for diagnostic in diagnostics:
            click.echo(visible(format_text(diagnostic)))
    questions = sum(len(r.bank.questions) for r in results if r.bank)
    sources = sum(len(r.bank.sources) for r in results if r.bank)
    summary = (
        f"checked {plural(len(results), 'bank')}: {plural(questions, 'question')}, "
        f"{plural(sources, 'source')}; {plural(errors, 'error')}, {plural(warnings, 'warning')}"
    )
    notes = count_notes(diagnostics)
    if notes:
        summary += f", {plural(notes, 'note')}"
    if output_format == "json":  # the summary goes to stderr; on a terminal, set it apart from the JSON
        click.echo(f"\n{summary}" if sys.stderr.isatty() else summary, err=True)
    else:
        click.echo(summary)
    finish(1 if errors else 0)


@main.command()
@bank_path_argument
@click.option(
    "--format",
    "output_format",
    type=choice(("text", "json")),
    default="text",
    show_default=True,
    help="text: aligned tables for reading; json: an object with stable keys, for tools.",
)
def stats(path: str, output_format: str) -> None:
    """The bank at a glance: types, difficulty, skills by article, key positions and lengths, lints."""
    import json

    from quizkit.diagnostics import format_text, plural
    from quizkit.stats import bank_stats, stats_json, stats_text

    result = bank_stats(path)
    errors = sum(d.is_error for d in result.diagnostics)
    if output_format == "json":
        click.echo(visible_json(json.dumps(stats_json(result), indent=2, ensure_ascii=False)))
    elif result.stats is None:
        for diagnostic in result.diagnostics:
            click.echo(visible(format_text(diagnostic)), err=True)
        click.echo(
            visible(f"{result.path}: {plural(errors, 'error')}; no figures: the bank could not be read"),
            err=True,
        )
    else:
        click.echo(visible(stats_text(result.stats)), nl=False)
    finish(1 if errors else 0)


@main.command()
@click.argument("name", type=click.Path(file_okay=False))
def new(name: str) -> None:
    """Start a bank: a folder with bank.yaml (an example of each question type) and sources/."""
    from pathlib import Path

    from quizkit.authoring.scaffold import new_bank
    from quizkit.diagnostics import display_path

    folder = Path(name)
    for path in new_bank(folder):
        click.echo(visible(f"created {display_path(path)}{'/' if path.is_dir() else ''}"))
    shown = display_path(folder)
    click.echo(
        visible(
            f"Next: save an article's text as {shown}/sources/ARTICLE-ID.txt, uncomment an example "
            f"in {shown}/bank.yaml and make it about your article, then run: quizkit check {shown}"
        )
    )


@main.command()
def schema() -> None:
    """Print the JSON Schema of bank.yaml (for editor completion and checking)."""
    import json

    from quizkit.model import bank_file_schema

    click.echo(json.dumps(bank_file_schema(), indent=2))


@main.command()
@bank_path_argument
@click.option(
    "--format",
    "formats",
    multiple=True,
    required=True,
    type=choice(FORMATS),
    help="Output format (repeatable); 'canvas' is qti12; 'all' is every format.",
)
@click.option(
    "-o", "--output", "out_dir", type=click.Path(file_okay=False), default="exports", show_default=True
)
@selection_options
@click.option(
    "--versions",
    type=click.IntRange(1, 100),
    default=1,
    show_default=True,
    help="Forms A, B, C... (after Z: AA, AB...)",
)
@click.option("--paper", type=choice(("letter", "a4")), default="letter", show_default=True)
@click.option(
    "--key",
    "key_style",
    type=choice(("full", "compact", "both")),
    default="full",
    show_default=True,
    help="Answer key: full (evidence in context), compact (grid and one line each, -key-compact), or both.",
)
@click.option(
    "--cc-version",
    type=click.Choice(("1.1", "1.2", "1.3")),
    default="1.1",
    show_default=True,
    help="Common Cartridge version for --format cc (1.1 imports in the most LMSs, Moodle included).",
)
@click.option("--strict", is_flag=True, help="Refuse to export a bank with warnings.")
def export(
    path: str,
    formats: tuple[str, ...],
    out_dir: str,
    versions: int,
    paper: Any,
    key_style: Any,
    cc_version: Any,
    strict: bool,
    **selected: Any,
) -> None:
    """Check a bank, then write handouts or LMS packages to the output folder."""
    from quizkit.diagnostics import format_text
    from quizkit.exporting import export_bank

    source = click.get_current_context().get_parameter_source("cc_version")
    if source is not ParameterSource.DEFAULT and not {"cc", "all"} & set(formats):
        raise click.UsageError(
            "--cc-version is the version of a Common Cartridge: add --format cc, or leave it out"
        )

    with signals_unwind():  # `kill` ends the PDF workers and removes the staging folder
        report = export_bank(
            path,
            formats,
            out_dir,
            make_selection(selected, default_seed=1),
            versions=versions,
            paper=paper,
            key=key_style,
            cc_version=cc_version,
            strict=strict,
        )
    for warning in report.warnings:
        click.echo(visible(format_text(warning)), err=True)
    for line in summarize_losses(report.losses):
        click.echo(visible(f"note: {line}"), err=True)
    for written in report.paths:
        click.echo(visible(f"wrote {written}"))


def summarize_losses(losses: Any) -> list[str]:
    """One line per format and limit, naming every question it touches, in first-seen order."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for loss in losses:
        ids = grouped.setdefault((loss.format, loss.message), [])
        if loss.question_id and loss.question_id not in ids:
            ids.append(loss.question_id)
    lines = []
    for (fmt, message), ids in grouped.items():
        if not ids:
            lines.append(f"{fmt}: {message}")
        elif len(ids) == 1:
            lines.append(f"{fmt}: question '{ids[0]}': {message}")
        else:
            lines.append(f"{fmt}: {len(ids)} questions ({', '.join(ids)}): {message}")
    return lines


def make_selection(selected: dict[str, Any], *, default_seed: int | None) -> Any:
    """The Selection for the shared options (a random seed where none is given and no default)."""
    import random

    from quizkit.selection import Selection

    seed = selected.get("seed")
    if seed is None:
        seed = default_seed if default_seed is not None else random.SystemRandom().randrange(1, 10**6)
    return Selection(
        count=selected.get("count"),
        ids=tuple(selected.get("ids") or ()),
        skills=tuple(selected.get("skills") or ()),
        difficulties=tuple(selected.get("difficulties") or ()),
        seed=seed,
        shuffle=not selected.get("no_shuffle", False),
        shuffle_questions=bool(selected.get("shuffle_questions", False)),
    )
