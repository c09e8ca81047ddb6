"""Kahoot!'s quiz spreadsheet: the layout of its "Quiz template" .xlsx, its limits enforced.

Kahoot (Create > Import spreadsheet) reads the sheet of its downloadable template: a title in
B2 and instructions in B3-B4, column headings in row 8 (B: "Question - max 120 characters",
C-F: "Answer 1" to "Answer 4 - max 75 characters", G: "Time limit (sec) – 5, 10, 20, 30, 60,
90, 120, or 240 secs", H: "Correct answer(s) - choose at least one"), then one question a row
from row 9, numbered in column A, several right answers written "1,3". The layout and limits
are as the template sets them out and as R/exams' exams2kahoot writes it
(https://rdrr.io/cran/exams/src/R/exams2kahoot.R; time limits, 120 and 75 characters).

Kahoot quizzes are choice questions only: multiple choice and multiple answer (2 to 4 answers)
and true/false come through; short answer, numeric, matching and essay questions are left out,
each with a note. Anything cut to fit is said in a note.
"""

from __future__ import annotations

from collections.abc import Sequence

from quizkit.exporters.base import Exporter, ExportResult, Staging
from quizkit.exporters.lms import LossLog, package_name
from quizkit.exporters.sheets import Cell, Sheet, clean_text, fit, numbers, write_xlsx
from quizkit.model import MultipleAnswer, MultipleChoice, TrueFalse
from quizkit.selection import Form, FormItem

QUESTION_LIMIT = 120
ANSWER_LIMIT = 75
MAX_ANSWERS = 4
TIME_LIMITS = (5, 10, 20, 30, 60, 90, 120, 240)
TIME_FOR = {"true_false": 20, "multiple_choice": 30, "multiple_answer": 60}
"""Seconds to answer, by question type (each one of TIME_LIMITS)."""
HEADER_ROW = 8
HEADERS = (
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
)
LEFT_OUT = {
    kind: f"Kahoot's spreadsheet takes choice questions only: {kind.replace('_', ' ')} left out"
    for kind in ("short_answer", "numeric", "matching", "essay")
}
NO_FEEDBACK = (
    "Kahoot has no place for explanations, evidence or choice feedback: go over them with the answer key"
)
SCORING = (
    "Kahoot scores by speed, not by the bank's points, and gives a multiple-answer question full "
    "points only when every picked answer is right (no partial credit as in quizkit play)"
)


def _answers(item: FormItem, log: LossLog) -> tuple[list[str], list[int]]:
    """The answers as this form orders them (at most four) and the numbers of the right ones."""
    q = item.question
    if isinstance(q, TrueFalse):
        return ["True", "False"], [1 if q.answer else 2]
    choices = list(item.choices)
    if len(choices) > MAX_ANSWERS:
        keyed = [c for c in choices if c.correct]
        room = MAX_ANSWERS - len(keyed)
        kept = {id(c) for c in keyed} | {id(c) for c in [c for c in choices if not c.correct][:room]}
        dropped = [c.text for c in choices if id(c) not in kept]
        choices = [c for c in choices if id(c) in kept]
        shown = "; ".join(f"'{clean_text(text)}'" for text in dropped)
        log.add(q.id, f"Kahoot takes at most 4 answers: wrong choice(s) left out: {shown}")
    texts = []
    for choice in choices:
        text = clean_text(choice.text)
        if len(text) > ANSWER_LIMIT:
            log.add(q.id, f"an answer is longer than Kahoot's {ANSWER_LIMIT} characters: cut to fit")
        texts.append(fit(text, ANSWER_LIMIT))
    right = [i + 1 for i, choice in enumerate(choices) if choice.correct]
    return texts, right


def _takes(item: FormItem) -> bool:
    """Whether Kahoot can hold the question (a choice question with its keys in four answers)."""
    q = item.question
    if isinstance(q, MultipleAnswer):
        return sum(c.correct for c in q.choices) < MAX_ANSWERS
    return isinstance(q, MultipleChoice | TrueFalse)


def kahoot_sheet(form: Form, log: LossLog) -> Sheet:
    """The template's sheet filled with the form's questions that Kahoot can hold."""
    cells: dict[tuple[int, int], Cell] = {
        (2, 2): clean_text(form.bank.title),
        (3, 2): "Made by quizkit for Kahoot's spreadsheet import (Create > Import spreadsheet).",
        (4, 2): "Questions: at most 120 characters; answers: at most 75; "
        "several right answers are written 1,3.",
    }
    for column, header in enumerate(HEADERS, start=2):
        cells[(HEADER_ROW, column)] = header
    row = HEADER_ROW
    for item in form.items:
        q = item.question
        if q.type in LEFT_OUT:
            log.add(q.id, LEFT_OUT[q.type])
            continue
        if not _takes(item):
            log.add(q.id, "Kahoot takes at most 4 answers and this question has more right ones: left out")
            continue
        answers, right = _answers(item, log)
        prompt = clean_text(q.prompt)
        if len(prompt) > QUESTION_LIMIT:
            log.add(q.id, f"the question is longer than Kahoot's {QUESTION_LIMIT} characters: cut to fit")
        row += 1
        cells[(row, 1)] = row - HEADER_ROW
        cells[(row, 2)] = fit(prompt, QUESTION_LIMIT)
        for column, answer in enumerate(answers, start=3):
            cells[(row, column)] = answer
        cells[(row, 7)] = TIME_FOR[q.type]
        cells[(row, 8)] = numbers(right)
    widths = {"A": 6, "B": 60, "C": 32, "D": 32, "E": 32, "F": 32, "G": 24, "H": 24}
    return Sheet("Sheet1", cells, widths)


class KahootExporter(Exporter):
    """`<name>-kahoot.xlsx`: Kahoot! > Create > Import spreadsheet."""

    name = "kahoot"
    suffix = ".xlsx"
    binary = True
    description = "Kahoot! quiz spreadsheet (choice and true/false questions; no feedback)"
    cannot_carry = (
        "short answer, numeric, matching and essay questions",
        "explanations, evidence and feedback",
        "points (Kahoot scores by speed)",
    )

    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        log = LossLog(self.name)
        log.add(None, SCORING)
        log.add(None, NO_FEEDBACK)
        for form in forms:
            sheet = kahoot_sheet(form, log)
            write_xlsx(staging.path(package_name(self.options.name, form, "-kahoot.xlsx")), sheet)
        return ExportResult(log.losses)
