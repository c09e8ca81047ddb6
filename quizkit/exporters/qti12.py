"""Canvas-flavoured QTI 1.2 packages: a manifest, the assessment and Canvas's assessment_meta.

Canvas imports the zip as a quiz ("QTI .zip file"); other systems that read QTI 1.2 take it too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from quizkit.exporters.answerforms import (
    CANVAS_NUMBER,
    CANVAS_SHORT_ANSWER,
    CANVAS_WORDS,
    grouped,
    typed_forms,
)
from quizkit.exporters.base import Exporter, ExportResult, Staging
from quizkit.exporters.lms import (
    MANIFEST,
    Feedback,
    LossLog,
    SourceIndex,
    feedback_for,
    keeps_bank_order,
    number_text,
    package_name,
    stable_id,
)
from quizkit.exporters.streams import Package
from quizkit.model import (
    AnyQuestion,
    Choice,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
)
from quizkit.selection import Form, FormItem

CANVAS_TYPES = {
    "multiple_choice": "multiple_choice_question",
    "multiple_answer": "multiple_answers_question",
    "true_false": "true_false_question",
    "short_answer": "short_answer_question",
    "numeric": "numerical_question",
    "matching": "matching_question",
    "essay": "essay_question",
}


@dataclass(frozen=True)
class ItemView:
    """One question as a QTI 1.2 item: identifiers and feedback, choices in the form's order."""

    entry: FormItem
    ident: str
    choices: tuple[tuple[str, Choice], ...]
    """(identifier, choice), in the order this form shows them; identifiers follow the bank's order."""
    lefts: tuple[tuple[str, str], ...]
    """Matching: (identifier, left-hand text) in the bank's order."""
    rights: tuple[tuple[str, str], ...]
    """Matching: (identifier, right-hand text) in this form's order, distractors included."""
    key: tuple[tuple[str, str], ...]
    """Matching: (left identifier, right identifier) for each pair."""
    feedback: Feedback

    @property
    def question(self) -> AnyQuestion:
        return self.entry.question

    @property
    def points(self) -> str:
        return number_text(self.question.points)

    @property
    def canvas_type(self) -> str:
        return CANVAS_TYPES[self.question.type]

    @property
    def choice_ids(self) -> str:
        """'c2,c1,c3': Canvas's original_answer_ids."""
        return ",".join(ident for ident, _ in self.choices)

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(ident for ident, choice in self.choices if choice.correct)

    @property
    def wrong_ids(self) -> tuple[str, ...]:
        return tuple(ident for ident, choice in self.choices if not choice.correct)

    @property
    def answer_forms(self) -> tuple[str, ...]:
        """Short answer: the accepted answers as students type them (Canvas ignores case and spaces)."""
        question = self.question
        return typed_forms(question.answers) if isinstance(question, ShortAnswer) else ()

    @property
    def with_feedback(self) -> tuple[tuple[str, Choice], ...]:
        """Choices that carry their own feedback."""
        return tuple((ident, choice) for ident, choice in self.choices if choice.feedback)


V = TypeVar("V", bound=ItemView)


def item_view(form: Form, entry: FormItem, sources: SourceIndex, cls: type[V]) -> V:
    """Identifiers (stable across exports) and feedback for one form item, as a `cls`."""
    question = entry.question
    choices: tuple[tuple[str, Choice], ...] = ()
    lefts: tuple[tuple[str, str], ...] = ()
    rights: tuple[tuple[str, str], ...] = ()
    key: tuple[tuple[str, str], ...] = ()
    if isinstance(question, MultipleChoice | MultipleAnswer):
        choices = tuple((f"c{i + 1}", question.choices[i]) for i in entry.choice_order)
    elif isinstance(question, Matching):
        lefts = tuple((f"l{i + 1}", pair.left) for i, pair in enumerate(question.pairs))
        column = question.rights  # distractors follow the pairs and match no left item
        rights = tuple((f"r{i + 1}", column[i]) for i in entry.right_order)
        key = tuple((f"l{i + 1}", f"r{i + 1}") for i in range(len(question.pairs)))
    return cls(
        entry=entry,
        ident=stable_id(form.bank.name, question.id),
        choices=choices,
        lefts=lefts,
        rights=rights,
        key=key,
        feedback=feedback_for(form, question, sources),
    )


def numeric_bounds(question: Numeric) -> tuple[str, str, str]:
    """(answer, lowest, highest) accepted, as text."""
    low, high = question.answer - question.tolerance, question.answer + question.tolerance
    return number_text(question.answer), number_text(low), number_text(high)


class Qti12Exporter(Exporter):
    """`<name>-qti12.zip`: a Canvas quiz package in QTI 1.2."""

    name = "qti12"
    suffix = ".zip"
    binary = True
    description = "Canvas quiz package (QTI 1.2); other QTI 1.2 importers read it too"
    cannot_carry = ("the source articles",)

    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        log = LossLog(self.name)
        log.add(None, "a QTI 1.2 quiz package has no place for the source articles; share them separately")
        for form in forms:
            with Package(staging.path(package_name(self.options.name, form, "-qti12.zip"))) as package:
                self.package(form, log, package)
        return ExportResult(log.losses)

    def package(self, form: Form, log: LossLog, package: Package) -> None:
        """Write one form's package: the manifest, the assessment and Canvas's metadata."""
        sources = SourceIndex(form.bank)
        items = [item_view(form, entry, sources, ItemView) for entry in form.items]
        quiz_id = stable_id(form.bank.name, "quiz", form.label or "", prefix="q")
        shuffle = self.shuffle_answers(form, log)
        context = {
            "form": form,
            "items": items,
            "quiz_id": quiz_id,
            "meta_id": stable_id(form.bank.name, "quiz-meta", form.label or "", prefix="m"),
            "title": quiz_title(form),
            "shuffle_answers": shuffle,
            "points_possible": number_text(sum(i.question.points for i in form.items)),
            "numeric_bounds": numeric_bounds,
        }
        for item in items:
            self.note_losses(item, log)
        package.add(MANIFEST, "qti12/imsmanifest.xml.jinja", context)
        package.add(f"{quiz_id}/assessment_meta.xml", "qti12/assessment_meta.xml.jinja", context)
        package.add(f"{quiz_id}/{quiz_id}.xml", "qti12/assessment.xml.jinja", context)

    def shuffle_answers(self, form: Form, log: LossLog) -> bool:
        """Canvas shuffles choices quiz-wide or not at all: off if any question keeps its order."""
        fixed = [e.question for e in form.items if e.choices and not e.question.shuffle]
        for question in fixed:
            log.add(
                question.id,
                "Canvas can only turn choice shuffling off for the whole quiz: it is off, so this "
                "question keeps its order and every question shows its choices in this export's order",
            )
        return not fixed and not keeps_bank_order(form)

    def note_losses(self, item: ItemView, log: LossLog) -> None:
        question = item.question
        if question.type == "essay" and getattr(question, "rubric", None):
            log.add(
                question.id,
                "Canvas has no grader-only place for an essay's rubric, and students see the "
                "feedback: the rubric is left out (it is in the answer key)",
            )
        if isinstance(question, Numeric) and question.unit:
            log.add(question.id, f"Canvas has no unit field: the unit '{question.unit}' is in the prompt")
        if isinstance(question, Numeric) and abs(question.answer) >= 1000:
            log.add(question.id, CANVAS_NUMBER.format(example=grouped(question.answer)))
        if isinstance(question, Numeric):
            log.add(question.id, CANVAS_WORDS)
        if isinstance(question, ShortAnswer):
            log.add(question.id, CANVAS_SHORT_ANSWER)


def quiz_title(form: Form) -> str:
    """The bank's title, with the form's letter when there are several."""
    return f"{form.title} (form {form.label})" if form.label else form.title
