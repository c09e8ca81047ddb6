"""IMS Common Cartridge 1.3: the quiz as a CC assessment, and each article as a web page.

One import brings both. CC's QTI profile has no numeric or matching type: numeric questions
become fill-in-the-blank questions accepting the number's usual written forms, and matching
questions become essays listing both columns, with the key in the feedback (both said as losses).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

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
from quizkit.exporters.qti12 import ItemView, item_view, quiz_title
from quizkit.exporters.streams import Package, entry_order
from quizkit.model import Essay, Matching, MultipleAnswer, MultipleChoice, Numeric, Source, letter
from quizkit.selection import Form
from quizkit.textlines import printable

CC_PROFILES = {
    "multiple_choice": "cc.multiple_choice.v0p1",
    "multiple_answer": "cc.multiple_response.v0p1",
    "true_false": "cc.true_false.v0p1",
    "short_answer": "cc.fib.v0p1",
    "numeric": "cc.fib.v0p1",
    "matching": "cc.essay.v0p1",
    "essay": "cc.essay.v0p1",
}


@dataclass(frozen=True)
class CcItem(ItemView):
    """An ItemView with what CC's QTI profile needs."""

    shuffle_allowed: bool = True

    @property
    def profile(self) -> str:
        return CC_PROFILES[self.question.type]

    @property
    def shuffle(self) -> str:
        question = self.question
        keeps = isinstance(question, MultipleChoice | MultipleAnswer) and not question.shuffle
        return "Yes" if self.shuffle_allowed and not keeps else "No"

    @property
    def accepted(self) -> tuple[str, ...]:
        """Fill-in-the-blank answers: short answers as written; numbers in their usual forms."""
        question = self.question
        if isinstance(question, Numeric):
            return numeric_forms(question)
        return tuple(getattr(question, "answers", ()))

    @property
    def matching_key(self) -> tuple[tuple[int, str, str, str], ...]:
        """Matching as an essay: (number, left, letter of the right item on this form, right item)."""
        question = self.question
        if not isinstance(question, Matching):
            return ()
        position = {ident: letter(i) for i, (ident, _) in enumerate(self.rights)}
        rights = dict(self.rights)
        return tuple(
            (n, left, position[right_id], rights[right_id])
            for n, ((_, left), (_, right_id)) in enumerate(zip(self.lefts, self.key, strict=True), start=1)
        )

    @property
    def unmatched(self) -> tuple[tuple[str, str], ...]:
        """Matching: (letter on this form, text) of the right-hand items that match nothing."""
        keyed = {right_id for _, right_id in self.key}
        return tuple((letter(i), text) for i, (ident, text) in enumerate(self.rights) if ident not in keyed)


def numeric_forms(question: Numeric) -> tuple[str, ...]:
    """'100000', '100,000' and, with a unit, '100000 jobs': the forms a blank accepts (no '2,027')."""
    plain = number_text(question.answer)
    forms = [plain]
    if float(question.answer).is_integer() and abs(question.answer) >= 10000:  # not years: 2,027
        forms.append(f"{int(question.answer):,}")
    if question.unit:
        forms += [f"{form} {question.unit}" for form in list(forms)]
    return tuple(dict.fromkeys(forms))


@dataclass(frozen=True)
class ArticlePage:
    """A source article as a web page of the cartridge."""

    label: str
    source: Source
    ident: str
    path: str

    @property
    def lines(self) -> list[tuple[int, str]]:
        """(line number in the file, text as printed) for each line of the article."""
        return [(number, printable(text)) for number, text in self.source.lines()]

    @property
    def file_name(self) -> str:
        """'sources/<file>' as in the bank (never the teacher's own folders)."""
        return "sources/" + self.source.path.replace("\\", "/").rsplit("/", 1)[-1]


def article_path(label: str, source_id: str) -> str:
    """'web_resources/articles/B-joint-statement.html': a name of quizkit's own, never the source
    file's (a stem may hold '\\..\\', '#', '?', '%' or a newline): the label, unique in the form,
    and the id as lower-case ASCII letters, digits and dashes, which mean the same as a zip entry
    on every system and as a URL in the manifest."""
    ascii_id = unicodedata.normalize("NFKD", source_id).encode("ascii", "ignore").decode("ascii")
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_id.lower()))[:40].strip("-")
    return f"web_resources/articles/{label}-{slug or 'article'}.html"


class CommonCartridgeExporter(Exporter):
    """`<name>.imscc`: a Common Cartridge 1.3 with the quiz and the source articles."""

    name = "cc"
    suffix = ".imscc"
    binary = True
    description = "IMS Common Cartridge 1.3: the quiz and the articles as web pages, in one import"
    cannot_carry = ("numeric and matching question types",)

    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        log = LossLog(self.name)
        for form in forms:
            with Package(staging.path(package_name(self.options.name, form, ".imscc"))) as package:
                self.package(form, log, package)
        return ExportResult(log.losses)

    def package(self, form: Form, log: LossLog, package: Package) -> None:
        """Write one form's cartridge: the manifest, the assessment and a page per article."""
        bank = form.bank
        sources = SourceIndex(bank)
        shuffle_allowed = not keeps_bank_order(form)
        items = [item_view(form, entry, sources, CcItem) for entry in form.items]
        items = [replace(item, shuffle_allowed=shuffle_allowed) for item in items]
        quiz_id = stable_id(bank.name, "cc-quiz", form.label or "", prefix="q")
        articles = [
            ArticlePage(
                label,
                source,
                stable_id(bank.name, "article", source.id, prefix="w"),
                article_path(label, source.id),
            )
            for label, source in form.sources
        ]
        for item in items:
            self.note_losses(item, log)
        context = {
            "form": form,
            "items": items,
            "quiz_id": quiz_id,
            "quiz_path": f"{quiz_id}/assessment_qti.xml",
            "title": quiz_title(form),
            "articles": articles,
            "language": bank.info.language,
            "ids": {
                "manifest": stable_id(bank.name, "cc-manifest", form.label or "", prefix="m"),
                "root": stable_id(bank.name, "cc-root", form.label or "", prefix="o"),
                "quiz_item": stable_id(bank.name, "cc-quiz-item", form.label or "", prefix="o"),
                "articles_item": stable_id(bank.name, "cc-articles", form.label or "", prefix="o"),
            },
        }
        pages = {article.path: article for article in articles}
        quiz_path = str(context["quiz_path"])
        for name in entry_order([MANIFEST, quiz_path, *pages]):
            if name == MANIFEST:
                package.add(name, "cc/imsmanifest.xml.jinja", context)
            elif name in pages:
                page = {"article": pages[name], "bank": bank, "language": bank.info.language}
                package.add(name, "cc/article.html.jinja", page, xml=False)
            else:
                package.add(name, "cc/assessment.xml.jinja", context)

    def note_losses(self, item: CcItem, log: LossLog) -> None:
        question = item.question
        if isinstance(question, Essay) and question.rubric:
            log.add(
                question.id,
                "a cartridge has no grader-only place for an essay's rubric, and students see the "
                "feedback: the rubric is left out (it is in the answer key)",
            )
        if isinstance(question, Numeric):
            forms = ", ".join(f"'{form}'" for form in item.accepted)
            tolerance = (
                f"; the tolerance of {number_text(question.tolerance)} is lost" if question.tolerance else ""
            )
            log.add(
                question.id,
                f"Common Cartridge has no numeric type: exported as fill-in-the-blank accepting {forms} "
                f"exactly{tolerance}",
            )
        elif isinstance(question, Matching):
            log.add(
                question.id,
                "Common Cartridge has no matching type: exported as an essay listing both columns, "
                "marked by hand; the key is in the feedback",
            )
