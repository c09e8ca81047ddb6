"""IMS QTI 2.1 content packages: one assessmentItem file per question, an assessmentTest, a manifest.

The QTI 3.0 exporter (qti30.py) is the same package written with its own templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from quizkit.exporters.answerforms import (
    QTI_NUMBER,
    QTI_NUMBER_TEXT,
    QTI_SHORT_ANSWER,
    grouped,
    number_forms,
    other_writing,
    with_spaces,
)
from quizkit.exporters.base import Exporter, ExportResult, Staging
from quizkit.exporters.lms import (
    MANIFEST,
    LossLog,
    SourceIndex,
    keeps_bank_order,
    number_text,
    package_name,
    stable_id,
)
from quizkit.exporters.qti12 import ItemView, item_view, numeric_bounds, quiz_title
from quizkit.exporters.streams import Package, entry_order
from quizkit.model import MultipleAnswer, MultipleChoice, Numeric, ShortAnswer
from quizkit.selection import Form


@dataclass(frozen=True)
class Qti2Item(ItemView):
    """An ItemView with what QTI 2 and 3 response processing needs."""

    shuffle_allowed: bool = True

    @property
    def shuffle(self) -> str:
        """'true' where the delivery system may shuffle this question's choices."""
        question = self.question
        keeps = isinstance(question, MultipleChoice | MultipleAnswer) and not question.shuffle
        return "true" if self.shuffle_allowed and not keeps else "false"

    def share(self, correct: bool) -> str:
        """Partial credit per choice or pair: points split over the keyed ones (minus for a wrong pick)."""
        question = self.question
        keyed = len(self.key) or sum(c.correct for _, c in self.choices)
        value = question.points / max(keyed, 1)
        return number_text(round(value if correct else -value, 4))

    @property
    def accepted(self) -> tuple[str, ...]:
        """Short answer: each accepted answer, with and without a full stop and spaces around it.

        Once each ignoring case: the mapping ignores case.
        """
        question = self.question
        return with_spaces(question.answers) if isinstance(question, ShortAnswer) else ()

    @property
    def number_forms(self) -> tuple[str, ...]:
        """Numeric with no tolerance: the typed forms of its answer, matched as text.

        A float response cannot hold '2,027'; a string response mapped to its forms can. A number
        with a tolerance has a range that no list of forms covers, and stays a float.
        """
        question = self.question
        if not isinstance(question, Numeric) or question.tolerance:
            return ()
        return number_forms(question.answer, question.unit)

    @property
    def numeric(self) -> tuple[str, str, str]:
        """Numeric: (answer, lowest, highest) accepted, as text."""
        question = self.question
        return numeric_bounds(question) if isinstance(question, Numeric) else ("", "", "")

    @property
    def expected_length(self) -> int:
        question = self.question
        if isinstance(question, ShortAnswer):
            return max(10, *(len(a) for a in question.answers))
        return 12


class Qti21Exporter(Exporter):
    """`<name>-qti21.zip`: an IMS content package of QTI 2.1 items and a test."""

    name = "qti21"
    suffix = ".zip"
    binary = True
    description = "IMS QTI 2.1 content package (items, a test and a manifest)"
    cannot_carry = ("the source articles",)
    templates: ClassVar[str] = "qti21"
    version_label: ClassVar[str] = "QTI 2.1"

    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        log = LossLog(self.name)
        log.add(
            None,
            f"a {self.version_label} package has no place for the source articles; share them separately",
        )
        for form in forms:
            with Package(staging.path(package_name(self.options.name, form, f"-{self.name}.zip"))) as package:
                self.package(form, log, package)
        return ExportResult(log.losses)

    def package(self, form: Form, log: LossLog, package: Package) -> None:
        """Write one form's package: the manifest, the test and one file per item."""
        sources = SourceIndex(form.bank)
        shuffle_allowed = not keeps_bank_order(form)
        items = [item_view(form, entry, sources, Qti2Item) for entry in form.items]
        items = [replace(item, shuffle_allowed=shuffle_allowed) for item in items]
        test_id = stable_id(form.bank.name, "test", form.label or "", prefix="t")
        paths = {item.ident: f"items/{item.ident}.xml" for item in items}
        context = {
            "form": form,
            "items": items,
            "paths": paths,
            "test_id": test_id,
            "test_path": f"{test_id}.xml",
            "title": quiz_title(form),
            "language": form.bank.info.language,
        }
        for item in items:
            note_matching(item, log)
        by_path = {paths[item.ident]: item for item in items}
        for name in entry_order([MANIFEST, f"{test_id}.xml", *by_path]):
            if name == MANIFEST:
                package.add(name, f"{self.templates}/imsmanifest.xml.jinja", context)
            elif name in by_path:
                package.add(name, f"{self.templates}/item.xml.jinja", {**context, "item": by_path[name]})
            else:
                package.add(name, f"{self.templates}/test.xml.jinja", context)


def note_matching(item: Qti2Item, log: LossLog) -> None:
    """Say which typed forms QTI's matching scores differently from quizkit play."""
    question = item.question
    if isinstance(question, ShortAnswer):
        log.add(question.id, QTI_SHORT_ANSWER)
    elif isinstance(question, Numeric) and item.number_forms:
        written = dict.fromkeys(form.strip() for form in item.number_forms)
        forms = ", ".join(f"'{form}'" for form in written)
        log.add(question.id, QTI_NUMBER_TEXT.format(forms=forms, example=other_writing(question.answer)))
    elif isinstance(question, Numeric) and abs(question.answer) >= 1000:
        log.add(question.id, QTI_NUMBER.format(example=grouped(question.answer)))
