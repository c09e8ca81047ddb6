"""The `claims` command: candidate teachable moments in a bank's articles."""

from __future__ import annotations

import click

from quizkit.cli_common import bank_path_argument, choice
from quizkit.safetext import visible


@click.command()
@bank_path_argument
@click.option(
    "--format",
    "output_format",
    type=choice(("text", "yaml", "json")),
    default="text",
    show_default=True,
    help="text: by article, best first; yaml: question stubs to paste into bank.yaml; json: for tools.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 1000),
    default=30,
    show_default=True,
    help="Candidates per article (and across articles).",
)
def claims(path: str, output_format: str, limit: int) -> None:
    """Candidate questions in a bank's articles: quotes, lines, skills and why each is worth asking."""
    from quizkit.authoring.claims_report import as_json, as_text, as_yaml, find_claims
    from quizkit.diagnostics import format_text

    report = find_claims(path, limit)
    for diagnostic in report.diagnostics:
        click.echo(visible(format_text(diagnostic)), err=True)
    render = {"text": as_text, "yaml": as_yaml, "json": as_json}[output_format.lower()]
    click.echo(visible(render(report)), nl=output_format == "json")
