"""`quizkit preview`: the handouts as pages to keep open in a browser while writing a bank."""

from __future__ import annotations

from pathlib import Path

import click

from quizkit.cli_common import bank_path_argument
from quizkit.safetext import visible


@click.command()
@bank_path_argument
@click.option(
    "-o",
    "--output",
    "out_dir",
    type=click.Path(file_okay=False),
    help="Folder for the pages; default: a preview/ folder in the user's cache.",
)
@click.option("--watch", is_flag=True, help="Rebuild the pages whenever bank.yaml or a source changes.")
def preview(path: str, out_dir: str | None, watch: bool) -> None:
    """Student copy and answer key as HTML pages that reload themselves, with what check finds.

    With --watch, the pages are rebuilt whenever bank.yaml or a source changes, until Ctrl-C.
    """
    from quizkit.authoring.preview import build_preview, default_folder, watch_bank
    from quizkit.diagnostics import plural

    folder = Path(out_dir) if out_dir else default_folder(Path(path))

    def build() -> None:
        built = build_preview(Path(path), folder)
        click.echo(f"built: {plural(built.errors, 'error')}, {plural(built.warnings, 'warning')}")

    built = build_preview(Path(path), folder)
    for page in built.paths:
        click.echo(visible(page.resolve().as_uri()))
    click.echo(f"built: {plural(built.errors, 'error')}, {plural(built.warnings, 'warning')}")
    if watch:
        click.echo("watching bank.yaml and sources/ for changes; Ctrl-C to stop")
        watch_bank(Path(path), build)
        click.echo("stopped watching")
