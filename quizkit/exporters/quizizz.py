"""Quizizz (Wayground)'s quiz spreadsheet: the layout of its "Quiz Template" .xlsx.

Quizizz (Create > Import from spreadsheet) reads its template's one sheet: column headings in
row 1 (A "Question Text", B "Question Type", C-G "Option 1" to "Option 5", H "Correct Answer",
I "Time in seconds", J "Image Link", K "Answer explanation"), a row of instructions under them,
then one question a row from row 3. The question types are "Multiple Choice", "Checkbox",
"Fill-in-the-Blank", "Open-Ended", "Poll" and "Draw"; the correct answer is an option number
(1-5), several for a checkbox written "1,3", and blank for fill-in-the-blank (whose options are
the accepted answers) and open-ended questions; the time is optional (30 seconds by default).
The layout is the template's as the open-source tools that write it for teachers reproduce it
(headings, the instruction row, "1,3" for a checkbox); it was checked against those, not by an
import into Quizizz itself.

Matching has no column layout here and is left out with a note; a numeric question becomes a
fill-in-the-blank one with the number written as students type it; an essay is open-ended.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizkit.exporters.base import Exporter, ExportResult, Staging
from quizkit.exporters.lms import LossLog, SourceIndex, feedback_for, number_text, package_name
from quizkit.exporters.sheets import Cell, Sheet, clean_text, numbers, write_xlsx
from quizkit.model import Essay, Matching, MultipleAnswer, MultipleChoice, Numeric, ShortAnswer, TrueFalse
from quizkit.selection import Form, FormItem
from quizkit.templating import render

MAX_OPTIONS = 5
HEADERS = (
    "Question Text",
    "Question Type",
    "Option 1",
    "Option 2",
    "Option 3",
    "Option 4",
    "Option 5",
    "Correct Answer",
    "Time in seconds",
    "Image Link",
    "Answer explanation",
)
INSTRUCTIONS = (
    "The question (required)",
    "Multiple Choice, Checkbox, Fill-in-the-Blank or Open-Ended",
    "Option 1 (fill-in-the-blank: an accepted answer)",
    "Option 2",
    "Option 3 (optional)",
    "Option 4 (optional)",
    "Option 5 (optional)",
    "The right option's number (1-5), several as 1,3; blank for fill-in-the-blank and open-ended",
    "Seconds to answer (optional)",
    "Image link (optional)",
    "Shown after answering (optional)",
)
TIME_FOR = {"Multiple Choice": 30, "Checkbox": 60, "Fill-in-the-Blank": 60, "Open-Ended": 300}
TYPED_MATCHING = (
    "Quizizz compares a typed answer with the accepted ones itself: quizkit play also accepts a "
    "trailing full stop, other punctuation and digit-group commas ('2,027'), which Quizizz may mark wrong"
)
POINTS = "the template has no column for points: every question is worth Quizizz's default"


def _choices(item: FormItem, log: LossLog) -> tuple[str, list[str], str]:
    """(question type, options, correct answer) for a choice or true/false question."""
    q = item.question
    if isinstance(q, TrueFalse):
        return "Multiple Choice", ["True", "False"], "1" if q.answer else "2"
    choices = list(item.choices)
    if len(choices) > MAX_OPTIONS:
        keyed = [c for c in choices if c.correct]
        wrong = [c for c in choices if not c.correct][: MAX_OPTIONS - len(keyed)]
        kept = {id(c) for c in [*keyed, *wrong]}
        dropped = "; ".join(f"'{clean_text(c.text)}'" for c in choices if id(c) not in kept)
        log.add(q.id, f"Quizizz takes at most 5 options: wrong choice(s) left out: {dropped}")
        choices = [c for c in choices if id(c) in kept]
    kind = "Checkbox" if isinstance(q, MultipleAnswer) else "Multiple Choice"
    right = [i + 1 for i, c in enumerate(choices) if c.correct]
    if any(c.feedback for c in item.choices):
        log.add(q.id, "Quizizz has no place for feedback on each choice: only the explanation is kept")
    return kind, [clean_text(c.text) for c in choices], numbers(right)


def _typed(item: FormItem, log: LossLog) -> list[str]:
    """The accepted answers of a short-answer or numeric question, at most five."""
    q = item.question
    if isinstance(q, Numeric):
        accepted = [number_text(q.answer)]
        if abs(q.answer) >= 1000 and float(q.answer).is_integer():
            accepted.append(f"{int(q.answer):,}")
        if q.tolerance:
            log.add(
                q.id,
                f"Quizizz cannot accept a range: only {accepted[0]} is right"
                f" (not within {number_text(q.tolerance)})",
            )
        if q.unit:
            log.add(
                q.id, f"the unit '{q.unit}' is not in the accepted answer: students type the number alone"
            )
    else:
        assert isinstance(q, ShortAnswer)
        accepted = list(dict.fromkeys(clean_text(answer) for answer in q.answers))
    if len(accepted) > MAX_OPTIONS:
        log.add(q.id, f"Quizizz takes at most 5 accepted answers: {len(accepted) - MAX_OPTIONS} left out")
    log.add(q.id, TYPED_MATCHING)
    return accepted[:MAX_OPTIONS]


def quizizz_sheet(form: Form, log: LossLog, sources: SourceIndex) -> Sheet:
    """The template's sheet filled with the form's questions that Quizizz can hold."""
    cells: dict[tuple[int, int], Cell] = {}
    for column, (header, note) in enumerate(zip(HEADERS, INSTRUCTIONS, strict=True), start=1):
        cells[(1, column)] = header
        cells[(2, column)] = note
    row = 2
    for item in form.items:
        q = item.question
        answer = ""
        options: list[str] = []
        if isinstance(q, Matching):
            log.add(q.id, "Quizizz's spreadsheet has no matching questions: left out")
            continue
        if isinstance(q, MultipleChoice | MultipleAnswer | TrueFalse):
            kind, options, answer = _choices(item, log)
        elif isinstance(q, Essay):
            kind = "Open-Ended"
        else:
            kind, options = "Fill-in-the-Blank", _typed(item, log)
        row += 1
        cells[(row, 1)] = clean_text(q.prompt)
        cells[(row, 2)] = kind
        for column, option in enumerate(options, start=3):
            cells[(row, column)] = option
        cells[(row, 8)] = answer or None
        cells[(row, 9)] = TIME_FOR[kind]
        cells[(row, 11)] = clean_text(
            render("platforms/feedback.txt.jinja", fb=feedback_for(form, q, sources))
        )
    widths = {"A": 60, "B": 18, **dict.fromkeys("CDEFG", 30), "H": 16, "I": 12, "J": 12, "K": 80}
    return Sheet("Sheet1", cells, widths)


class QuizizzExporter(Exporter):
    """`<name>-quizizz.xlsx`: Quizizz (Wayground) > Create > Import from spreadsheet."""

    name = "quizizz"
    suffix = ".xlsx"
    binary = True
    description = "Quizizz (Wayground) quiz spreadsheet (no matching; explanation and evidence kept)"
    cannot_carry = ("matching questions", "points", "feedback on each choice", "numeric ranges")

    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        log = LossLog(self.name)
        log.add(None, POINTS)
        sources = SourceIndex(forms[0].bank)
        for form in forms:
            sheet = quizizz_sheet(form, log, sources)
            write_xlsx(staging.path(package_name(self.options.name, form, "-quizizz.xlsx")), sheet)
        return ExportResult(log.losses)
