"""IMS Common Cartridge 1.1, 1.2 or 1.3: the quiz as a CC assessment, and each article as a web page.

One import brings both. Version 1.1 is the default: Moodle and Sakai read no later version, and
Canvas and Blackboard read it too (README: which version each platform imports). Each version
has its own namespaces, schema locations and resource types (`CcProfile`); the QTI inside is the
same CC QTI 1.2 profile.

CC's QTI profile has no numeric or matching type: numeric questions become fill-in-the-blank
questions accepting the number's usual written forms, and matching questions become essays
listing both columns, with the key in the feedback (both said as losses). The response
conditions are written the way Moodle's converter reads them (backup/cc/entity11.quiz.class.php):
a multiple-answer key marks its choices `case="Yes"`, a choice's feedback sits in a condition of
its own after the scoring one, and only the general feedback is in a `continue="Yes"` condition.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace

from quizkit.exporters.answerforms import grouped, typed_forms, with_full_stop
from quizkit.exporters.base import CcVersion, Exporter, ExportResult, Staging
from quizkit.exporters.lms import (
    MANIFEST,
    LossLog,
    SourceIndex,
    keeps_bank_order,
    number_text,
    package_name,
    stable_id,
)
from quizkit.exporters.moodle import moodle_name, note_long_title
from quizkit.exporters.qti12 import ItemView, item_view
from quizkit.exporters.streams import Package, entry_order
from quizkit.model import (
    Essay,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
    Source,
    letter,
)
from quizkit.scoring import parse_number
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
NUMBER_WORDS: tuple[str, ...] = ("zero", "one", "two", "three", "four", "five", "six", "seven")
NUMBER_WORDS += ("eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen")
NUMBER_WORDS += ("sixteen", "seventeen", "eighteen", "nineteen", "twenty")
MOST_ENUMERATED = 21
"""A tolerance is written out as whole numbers only when it spans this many or fewer."""
MOST_POINTS = 99
"""The most points Moodle's cartridge import reads from `cc_weighting` (more become 1)."""
CC_SHORT_ANSWER = (
    "a cartridge's fill-in-the-blank compares the answer as typed, ignoring case: each answer is "
    "also accepted with a full stop, with straight quotes or a curly apostrophe and without its "
    "punctuation, and Moodle and Canvas ignore surrounding spaces, but other punctuation or a "
    "doubled space inside make a right answer wrong"
)
CC_MULTIPLE_ANSWER = (
    "Moodle's cartridge import gives each right choice an equal share of the points and takes "
    "nothing off for a wrong one, so ticking every box scores full marks there (quizkit play and "
    "Canvas take off for each wrong box)"
)
COURSE_TITLE_NOTE = (
    "Moodle's restore refuses a course name that looks like HTML ('setting_invalid_text'): the "
    "cartridge's course title writes '<' and '>' as '‹' and '›'"
)
CC_TAG_TEXT = (
    "Moodle's cartridge import decodes the text's HTML once more, so text that looks like an HTML "
    "tag ('<b>', '<invest>') arrives as markup: Moodle hides it or formats with it (Canvas shows it "
    "as written; the Moodle XML and GIFT keep it in Moodle): write it without angle brackets"
)
TAG_LIKE = re.compile(r"<[A-Za-z/!?]")
"""The start of what an HTML reader takes for a tag or comment, not for text."""
CC_WILDCARD = "Moodle reads '*' in an accepted answer as 'any text': the answer accepts more than it says"


@dataclass(frozen=True)
class CcProfile:
    """The names one Common Cartridge version gives its manifest, its metadata and its resources."""

    version: CcVersion

    @property
    def tag(self) -> str:
        """'v1p1' for 1.1: the part every CC name carries."""
        return "v" + self.version.replace(".", "p")

    @property
    def schemaversion(self) -> str:
        return f"{self.version}.0"

    @property
    def namespace(self) -> str:
        return f"http://www.imsglobal.org/xsd/imscc{self.tag}/imscp_v1p1"

    @property
    def manifest_xsd(self) -> str:
        return f"http://www.imsglobal.org/profile/cc/cc{self.tag}/cc{self.tag}_imscp_v1p2_v1p0.xsd"

    @property
    def lom_namespace(self) -> str:
        return f"http://ltsc.ieee.org/xsd/imscc{self.tag}/LOM/manifest"

    @property
    def lom_xsd(self) -> str:
        return f"http://www.imsglobal.org/profile/cc/cc{self.tag}/LOM/cc{self.tag}_lommanifest_v1p0.xsd"

    @property
    def assessment_type(self) -> str:
        return f"imsqti_xmlv1p2/imscc_xml{self.tag}/assessment"

    @property
    def qti_xsd(self) -> str:
        return f"http://www.imsglobal.org/profile/cc/cc{self.tag}/cc{self.tag}_qtiasiv1p2p1_v1p0.xsd"


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
        """Fill-in-the-blank answers: short answers in the forms students type them (as for Moodle
        XML); numbers in their usual forms."""
        question = self.question
        if isinstance(question, Numeric):
            return numeric_forms(question)
        if isinstance(question, ShortAnswer):
            return typed_forms(question.answers)
        return ()

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


def numeric_values(question: Numeric) -> tuple[float, ...]:
    """The answer, or every whole number within the tolerance when that is a short list."""
    answer, tolerance = question.answer, question.tolerance
    whole = float(answer).is_integer() and float(tolerance).is_integer()
    if tolerance and whole and 2 * tolerance + 1 <= MOST_ENUMERATED:
        return tuple(float(v) for v in range(int(answer - tolerance), int(answer + tolerance) + 1))
    return (float(answer),)


def numeric_forms(question: Numeric) -> tuple[str, ...]:
    """Each value as digits ('5', '100000'), with digit-group commas ('100,000'), as a word
    ('five'), with the unit ('5 years') and with a full stop ('5.'): only forms `quizkit play`
    reads as that value, so the cartridge never accepts what play marks wrong."""
    forms: list[str] = []
    for value in numeric_values(question):
        plain = number_text(value)
        spelled = [plain, grouped(value)] if abs(value) >= 1000 else [plain]
        if value.is_integer() and 0 <= value < len(NUMBER_WORDS):
            spelled.append(NUMBER_WORDS[int(value)])
        candidates = list(with_full_stop(spelled))
        if question.unit:
            candidates += [f"{form} {question.unit}" for form in spelled]
        forms += [form for form in candidates if parse_number(form, question.unit) == value]
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
    """`<name>.imscc`: a Common Cartridge (1.1 unless told) with the quiz and the source articles."""

    name = "cc"
    suffix = ".imscc"
    binary = True
    description = "IMS Common Cartridge (1.1, or --cc-version): the quiz and the articles as web pages"
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
        note_long_title(form.title, log)
        short = moodle_name(form.title)
        title = f"{short} (form {form.label})" if form.label else short
        if "<" in title:
            log.add(None, COURSE_TITLE_NOTE)
        context = {
            "form": form,
            "items": items,
            "quiz_id": quiz_id,
            "quiz_path": f"{quiz_id}/assessment_qti.xml",
            "title": title,
            "course_title": course_title(title),
            "articles": articles,
            "language": bank.info.language,
            "cc": CcProfile(self.options.cc_version),
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
        points = question.points
        if not float(points).is_integer() or points > MOST_POINTS:
            moodle = int(points) if points <= MOST_POINTS else 1
            log.add(
                question.id,
                f"Moodle's cartridge import reads whole points from 0 to {MOST_POINTS} only: "
                f"{number_text(points)} points become {moodle} there",
            )
        if isinstance(question, Essay) and question.rubric:
            log.add(
                question.id,
                "a cartridge has no grader-only place for an essay's rubric, and students see the "
                "feedback: the rubric is left out (it is in the answer key)",
            )
        if any(TAG_LIKE.search(text) for text in shown_texts(question.model_dump(exclude={"rubric"}))):
            log.add(question.id, CC_TAG_TEXT)
        if isinstance(question, MultipleAnswer):
            log.add(question.id, CC_MULTIPLE_ANSWER)
        if isinstance(question, ShortAnswer):
            log.add(question.id, CC_SHORT_ANSWER)
        if isinstance(question, ShortAnswer | Numeric) and any("*" in form for form in item.accepted):
            log.add(question.id, CC_WILDCARD)
        if isinstance(question, Numeric):
            log.add(question.id, numeric_note(question, item.accepted))
        elif isinstance(question, Matching):
            log.add(
                question.id,
                "Common Cartridge has no matching type: exported as an essay listing both columns, "
                "marked by hand; the key is in the feedback",
            )


def shown_texts(value: object) -> list[str]:
    """Every string in a question's fields, evidence quotes included (the feedback shows them)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in shown_texts(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in shown_texts(item)]
    return []


def course_title(title: str) -> str:
    """The title as a course name Moodle's restore takes: its text check strips anything like a tag."""
    return title.replace("<", "\u2039").replace(">", "\u203a")


def numeric_note(question: Numeric, forms: Sequence[str]) -> str:
    """What a numeric question becomes in a cartridge, and which typed numbers it misses."""
    accepted = ", ".join(f"'{form}'" for form in forms)
    values = numeric_values(question)
    if not question.tolerance:
        tolerance = ""
    elif len(values) > 1:
        tolerance = (
            f"; the tolerance of {number_text(question.tolerance)} is kept only as the whole numbers "
            f"{number_text(values[0])} to {number_text(values[-1])}"
        )
    else:
        tolerance = f"; the tolerance of {number_text(question.tolerance)} is lost"
    plain = number_text(question.answer)
    other = f"{plain}.0" if float(question.answer).is_integer() else f"{plain}0"
    return (
        f"Common Cartridge has no numeric type: exported as fill-in-the-blank accepting {accepted}, "
        f"ignoring case{tolerance}; a number written any other way (such as '{other}') scores 0"
    )
