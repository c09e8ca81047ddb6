"""`quizkit source add`: an article from a saved page, a URL or text, into a bank's sources/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from quizkit.safetext import visible


@click.group()
def source() -> None:
    """Add articles to a bank's sources/ folder."""


@source.command()
@click.argument("bank", type=click.Path(exists=True, file_okay=True))
@click.argument("page")
@click.option("--id", "source_id", help="The source's id (file name); default: from the title.")
@click.option("--force", is_flag=True, help="Replace a source of the same id.")
def add(bank: str, page: str, source_id: str | None, force: bool) -> None:
    """Extract an article (a saved .html page, a URL, a .txt file or - for pasted text) into BANK."""
    from quizkit.authoring.fetching import read_page
    from quizkit.authoring.sourcefile import add_source
    from quizkit.diagnostics import plural

    article, fallback = read_page(page)
    added = add_source(
        Path(bank), article, source_id=source_id, fallback=fallback, force=force, today=dt.date.today()
    )
    for note in added.notes:
        click.echo(visible(f"note: {note}"), err=True)
    click.echo(visible(f"wrote {added.path} ({plural(len(article.paragraphs), 'paragraph')})"))
