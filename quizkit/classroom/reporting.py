"""`quizkit report` output: text for reading (a template), CSV for a gradebook, JSON for tools."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any

from quizkit.classroom.analysis import FLAG_MIN_ANSWERS, AnswerSummary, AttemptSummary, Report
from quizkit.safetext import spreadsheet_cell, visible, visible_json
from quizkit.scoring import format_points
from quizkit.templating import render

CSV_COLUMNS = (
    "student",
    "bank",
    "started",
    "score",
    "possible",
    "percent",
    "complete",
    "ended",
    "essays_to_mark",
)


def format_text(report: Report, source: str) -> str:
    """The report as a teacher reads it: attempts by student, then item analysis per bank; names,
    answers and bank text with their control characters shown, not acted on."""
    return visible(
        render(
            "report/report.txt.jinja",
            report=report,
            source=source,
            pts=format_points,
            local=local_time,
            describe=describe,
            min_answers=FLAG_MIN_ANSWERS,
        )
    )


def local_time(stamp: str) -> str:
    """A stored time (ISO 8601 with its offset) in this computer's time zone, the zone named:
    '2026-03-02 10:30 CET'."""
    moment = dt.datetime.fromisoformat(stamp).astimezone()  # a time without offset is taken as local
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname()}"


def describe(answer: AnswerSummary) -> str:
    """What the student answered, choices lettered as on their form and in the bank:
    'picked C (bank B); key A (bank C)'."""
    right = answer.points is not None and answer.points >= answer.possible - 1e-9
    if answer.type in ("multiple_choice", "multiple_answer", "matching"):
        verb, sep = ("matched", " ") if answer.type == "matching" else ("picked", ", ")
        text = f"{verb} {_letters(answer.picked, answer.shown, sep, answer.typed)}"
        if not right:
            text += f"; key {_letters(answer.key, answer.key_shown, sep, None)}"
        return text
    if answer.type == "true_false":
        given, other = ("true", "false") if answer.value else ("false", "true")
        return f"answered {given}" if right else f"answered {given}; key {other}"
    return f"answered '{answer.typed}'"


def _letters(bank: tuple[str, ...], shown: tuple[str, ...] | None, sep: str, typed: str | None) -> str:
    if not bank:
        return "nothing"
    if shown is None:  # a file from before quizkit kept each form's order
        return f"bank {sep.join(bank)}" + (f" (typed '{typed}')" if typed is not None else "")
    return f"{sep.join(shown)} (bank {sep.join(bank)})"


def format_csv(report: Report) -> str:
    """One row per attempt, ready for a gradebook; no cell is a formula to a spreadsheet. The
    percent is left empty until every essay of the attempt is marked."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for summary in report.attempts:
        a = summary.record
        row = (
            a.student,
            a.bank,
            a.started,
            format_points(summary.score),
            format_points(summary.possible),
            "" if summary.percent is None else str(summary.percent),
            "yes" if a.complete else "no",
            a.ended or "",
            str(summary.to_mark),
        )
        writer.writerow(spreadsheet_cell(cell) for cell in row)
    return out.getvalue()


def format_json(report: Report, source: str) -> str:
    """Everything in the report, for tools."""
    data = {
        "results": source,
        "attempts": [_attempt(s) for s in report.attempts],
        "banks": [
            {
                "name": bank.name,
                "title": bank.title,
                "attempts": bank.attempts,
                "complete": bank.complete,
                "questions": [
                    {
                        "id": item.question_id,
                        "type": item.type,
                        "prompt": item.prompt,
                        "responses": item.responses,
                        "facility": _round(item.facility),
                        "discrimination": _round(item.discrimination),
                        "options": [
                            {"letter": o.letter, "text": o.text, "count": o.count, "keyed": o.keyed}
                            for o in item.options
                        ],
                        "flags": list(item.flags),
                    }
                    for item in bank.items
                ],
                "skills": [
                    {"skill": s.skill, "responses": s.responses, "mastery": _round(s.mastery)}
                    for s in bank.skills
                ],
            }
            for bank in report.banks
        ],
    }
    return visible_json(json.dumps(data, indent=2, ensure_ascii=False))


def _attempt(summary: AttemptSummary) -> dict[str, Any]:
    a = summary.record
    return {
        "id": a.id,
        "student": a.student,
        "bank": a.bank,
        "bank_title": a.bank_title,
        "seed": a.seed,
        "form": a.form,
        "started": a.started,
        "ended": a.ended,
        "complete": a.complete,
        "questions": a.question_count,
        "answered": a.answered,
        "score": summary.score,
        "possible": summary.possible,
        "percent": summary.percent,
        "final": not summary.essays,
        "essays_to_mark": summary.to_mark,
        "essays": [{"question": qid, "answer": text} for qid, text in summary.essays],
        "marked_essays": [
            {"question": e.question_id, "answer": e.typed, "points": e.points, "possible": e.possible}
            for e in summary.answers
            if e.type == "essay" and e.points is not None
        ],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
