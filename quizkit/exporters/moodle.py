"""Moodle XML: a category, then each question with the grades, tags and idnumber Moodle reads.

There is no official XSD for Moodle XML; the reference is Moodle's own importer
(question/format/xml/format.php) and https://docs.moodle.org/en/Moodle_XML_format.
The pieces both Moodle formats share (grades, tags, the category path) live here; gift.py uses them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from quizkit.exporters.answerforms import (
    MOODLE_NUMBER,
    MOODLE_SHORT_ANSWER,
    MOODLE_WORDS,
    grouped,
    typed_forms,
)
from quizkit.exporters.base import Exporter, ExportResult, Staging
from quizkit.exporters.lms import (
    Feedback,
    LossLog,
    SourceIndex,
    feedback_for,
    number_text,
    stable_id,
)
from quizkit.exporters.sheets import fit
from quizkit.exporters.streams import write_file
from quizkit.model import AnyQuestion, Matching, MultipleAnswer, MultipleChoice, Numeric, ShortAnswer
from quizkit.selection import Form

ALLOWED_PERCENTS: tuple[str, ...] = (
    "100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
    "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5",
)  # fmt: skip
"""The grades Moodle's importer accepts for an answer (and their negatives), in percent."""

_EXACT = 1e-4
ARTICLES_NOT_CARRIED = (
    "the articles are not in the file: give students the source packet "
    "(--format html or pdf); feedback cites its article letters and line numbers"
)


def nearest_percent(exact: float) -> str:
    """The accepted grade nearest `exact` (a positive percentage)."""
    return min(ALLOWED_PERCENTS, key=lambda allowed: abs(float(allowed) - exact))


@dataclass(frozen=True)
class Shares:
    """A multiple-answer question's grades: each correct choice's share and each wrong one's."""

    right: str
    wrong: str
    problem: str | None


def answer_shares(correct: int) -> Shares:
    """Each correct choice earns 100% / correct and each wrong one picked loses as much (Moodle
    adds the picked choices' grades and keeps the total between 0 and 100%), as quizkit play and
    Canvas score a multiple-answer question."""
    right = nearest_percent(100 / correct)
    problem = None
    if abs(float(right) - 100 / correct) > _EXACT:
        problem = (
            f"Moodle accepts only certain grades: each of the {correct} correct choices is worth "
            f"{right}% (not {100 / correct:.4g}%), and each wrong one picked costs as much"
        )
    return Shares(right, f"-{right}", problem)


@dataclass(frozen=True)
class Entry:
    """One question as both Moodle formats write it."""

    question: AnyQuestion
    idnumber: str
    tags: tuple[str, ...]
    points: str
    feedback: Feedback
    grades: tuple[str, ...]
    """Each choice's grade in percent, in the bank's order (choice questions only)."""
    answers: tuple[str, ...]
    """Accepted short answers as students type them (answerforms.typed_forms), '*' escaped (a bare
    '*' is a wildcard)."""


MOST_NAME_CHARS = 200
"""Moodle keeps a category's name in 255 characters, and its cartridge import names the quiz's
category "Quiz Bank '<title>'": a longer title fails the whole import ('value too long')."""
LONG_TITLE = (
    "the bank's title is longer than the {limit} characters Moodle keeps in a category's or "
    "course's name: cut to '{cut}'"
)


MOST_MATCH_CHARS = 255
"""Moodle keeps a matching question's right-hand item in 255 characters."""
LONG_MATCH = (
    "a right-hand item is longer than the {limit} characters Moodle keeps for a matching answer: "
    "Moodle's import stops at this question with a database error ('value too long'); shorten it"
)


def moodle_name(title: str) -> str:
    """The title on one line, cut at a word to fit Moodle's name fields."""
    return fit(" ".join(title.split()), MOST_NAME_CHARS)


def note_long_title(title: str, log: LossLog) -> None:
    """Say so when `moodle_name` cut the title."""
    if moodle_name(title) != " ".join(title.split()):
        log.add(None, LONG_TITLE.format(limit=MOST_NAME_CHARS, cut=moodle_name(title)))


def category_path(title: str) -> str:
    """`$course$/top/<title>`, a '/' in the title doubled as Moodle's category paths require."""
    return "$course$/top/" + moodle_name(title).replace("/", "//")


def question_tags(question: AnyQuestion) -> tuple[str, ...]:
    """The skills, then `difficulty:<level>`."""
    return (*question.skills, f"difficulty:{question.difficulty}")


def build_entries(forms: Sequence[Form], log: LossLog) -> list[Entry]:
    """The forms' questions once each, in bank order; losses both Moodle formats share go to `log`."""
    form = forms[0]
    bank = form.bank
    order = {question.id: i for i, question in enumerate(bank.questions)}
    questions = sorted((item.question for item in form.items), key=lambda q: order[q.id])
    if len(forms) > 1:
        log.add(
            None,
            f"{len(forms)} versions asked for, one question bank written: Moodle shuffles "
            "questions and choices per attempt instead",
        )
    if bank.info.instructions:
        log.add(None, "the bank's instructions have no place in a question bank: put them in the quiz intro")
    log.add(None, ARTICLES_NOT_CARRIED)
    sources = SourceIndex(bank)
    return [_entry(form, question, sources, log) for question in questions]


def _entry(form: Form, question: AnyQuestion, sources: SourceIndex, log: LossLog) -> Entry:
    grades: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    if isinstance(question, MultipleChoice):
        grades = tuple("100" if c.correct else "0" for c in question.choices)
    elif isinstance(question, MultipleAnswer):
        correct = sum(c.correct for c in question.choices)
        shares = answer_shares(correct)
        if shares.problem:
            log.add(question.id, shares.problem)
        grades = tuple(shares.right if c.correct else shares.wrong for c in question.choices)
    elif isinstance(question, ShortAnswer):
        answers = tuple(answer.replace("*", "\\*") for answer in typed_forms(question.answers))
        log.add(question.id, MOODLE_SHORT_ANSWER)
    elif isinstance(question, Matching) and any(len(right) > MOST_MATCH_CHARS for right in question.rights):
        log.add(question.id, LONG_MATCH.format(limit=MOST_MATCH_CHARS))
    elif isinstance(question, Numeric) and abs(question.answer) >= 1000:
        log.add(
            question.id,
            MOODLE_NUMBER.format(example=grouped(question.answer), plain=number_text(question.answer)),
        )
    if isinstance(question, Numeric):
        log.add(question.id, MOODLE_WORDS)
    return Entry(
        question=question,
        idnumber=stable_id(form.bank.name, question.id),
        tags=question_tags(question),
        points=number_text(question.points),
        feedback=feedback_for(form, question, sources),
        grades=grades,
        answers=answers,
    )


class MoodleExporter(Exporter):
    """`<name>-moodle.xml`: Question bank > Import > Moodle XML format."""

    name = "moodle"
    suffix = ".xml"
    description = "Moodle XML question bank (every question type, feedback with the evidence)"
    cannot_carry = ("the articles themselves (feedback cites the source packet's letters and lines)",)

    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        log = LossLog(self.name)
        entries = build_entries(forms, log)
        bank = forms[0].bank
        note_long_title(bank.title, log)
        write_file(
            staging.path(f"{self.options.name}-moodle{self.suffix}"),
            "moodle/quiz.xml.jinja",
            {
                "category": category_path(bank.title),
                "description": bank.info.description or "",
                "entries": entries,
                "number": number_text,
            },
            xml=True,
        )
        return ExportResult(log.losses)
