"""`quizkit report --format html`: one self-contained page (charts as SVG images inside it)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from quizkit.classroom.analysis import FLAG_MIN_ANSWERS, BankReport, ItemStats, Report
from quizkit.classroom.reporting import local_time
from quizkit.scoring import format_points
from quizkit.templating import render


@dataclass(frozen=True)
class Chart:
    """An SVG chart as a data URI, with the text that says what it shows."""

    uri: str
    alt: str


def format_html(report: Report, source: str) -> str:
    """The report as a page: scores, a chart per question, facility against discrimination,
    and a skill x student mastery grid; text from banks and students escaped by the template."""
    banks = [_bank_view(bank) for bank in report.banks]
    return render(
        "report/report.html.jinja",
        report=report,
        source=source,
        banks=banks,
        pts=format_points,
        local=local_time,
        shade=shade,
        min_answers=FLAG_MIN_ANSWERS,
    )


def _bank_view(bank: BankReport) -> dict[str, object]:
    from quizkit.classroom.charts import Point, scatter_chart

    numbered = list(enumerate(bank.items, start=1))
    plotted = [(n, i) for n, i in numbered if i.facility is not None and i.discrimination is not None]
    points = [Point(str(n), i.facility or 0.0, i.discrimination or 0.0) for n, i in plotted]
    alt = "Facility against discrimination: " + "; ".join(
        f"question {n} ({i.question_id}): facility {i.facility:.2f}, discrimination {i.discrimination:.2f}"
        for n, i in plotted
    )
    left_out = [f"{n} ({i.question_id})" for n, i in numbered if (n, i) not in plotted]
    if left_out:
        alt += ". Not plotted (no discrimination yet): " + ", ".join(left_out)
    scatter = _chart(scatter_chart(points, f"{bank.name}-scatter"), alt) if points else None
    return {
        "bank": bank,
        "questions": [(n, item, _item_chart(n, item, bank.name)) for n, item in numbered],
        "scatter": scatter,
        "left_out": left_out,
    }


def _item_chart(number: int, item: ItemStats, bank: str) -> Chart | None:
    from quizkit.classroom.charts import Bar, choice_chart

    if item.options:
        bars = [Bar(f"{o.letter}. {o.text}", o.count, o.keyed) for o in item.options]
    elif item.outcomes:
        bars = [Bar(o.text, o.count, o.keyed) for o in item.outcomes]
    else:
        return None
    what = "choices picked" if item.options else "answers given"
    alt = f"Question {number} ({item.question_id}), {what}: " + "; ".join(
        f"{b.label}{' (key)' if b.keyed else ''}: {b.count}" for b in bars
    )
    return _chart(choice_chart(bars, f"{bank}-{item.question_id}"), alt)


def _chart(svg: str, alt: str) -> Chart:
    return Chart("data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii"), alt)


def shade(mastery: float | None) -> str:
    """The grid cell's class: m0 (under 20%) to m4 (80% and over); 'none' without answers."""
    if mastery is None:
        return "none"
    return f"m{min(4, int(mastery * 5))}"
