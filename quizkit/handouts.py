"""Printable handouts: the student copy, answer key and source packet of each form, as HTML.

One set of templates (templates/html/) serves both the HTML and the PDF exporter; this module
turns Forms into plain view objects, names the documents and renders them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from quizkit.exporters.base import ExportOptions
from quizkit.model import (
    AnyQuestion,
    Essay,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
    Source,
    TrueFalse,
    letter,
)
from quizkit.selection import Form, FormItem
from quizkit.templating import render
from quizkit.textlines import printable
from quizkit.textmatch import quote_context

Kind = Literal["student", "key", "compact", "sources"]
"""compact: the answer key as the grid and one line of evidence per question."""
EvidenceCache = dict[str, tuple["EvidenceView", ...]]

DEFAULT_INSTRUCTIONS = (
    "Read the articles in the source packet first. Answer every question from the articles alone; "
    "each question says which article it is about, unless that would give the answer away. "
    "Where you are asked to cite, give the article letter and the line number (for example: B, line 3)."
)

_HINTS: dict[str, str] = {
    "multiple_choice": "Circle one answer.",
    "multiple_answer": "Tick every answer that applies.",
    "true_false": "Circle True or False.",
    "short_answer": "Write a short answer.",
    "numeric": "Write a number in the box.",
    "matching": "Write the letter of the matching item in each blank.",
    "essay": "Write your answer in full sentences.",
}

_RULED_LINES: dict[str, int] = {"short_answer": 2, "essay": 10}

_META_FIELDS: tuple[tuple[str, str], ...] = (
    ("outlet", "Outlet"),
    ("author", "Author"),
    ("published", "Published"),
    ("kind", "Kind"),
)
_OPTIONAL_META: tuple[tuple[str, str], ...] = (("url", "Address"), ("retrieved", "Retrieved"))


@dataclass(frozen=True)
class ChoiceView:
    """A lettered choice; `correct` and `feedback` appear in the key only."""

    letter: str
    text: str
    correct: bool
    feedback: str | None


@dataclass(frozen=True)
class PairView:
    """A matching row: the numbered left item, the lettered right item shown beside it, the key.

    A question with distractors has more right items than left ones: its last rows have a right
    item only (`number` 0, `left` empty).
    """

    number: int
    left: str
    right_letter: str
    right: str
    key_letter: str
    key_right: str


@dataclass(frozen=True)
class EvidenceView:
    """A quote inside its sentence, with where it stands: article label, title and line."""

    label: str
    title: str
    cite: str
    lines: str
    """'line 9' or 'lines 9–10'; '' where the quote could not be placed."""
    segments: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class ItemView:
    """One question as printed on one form."""

    number: int
    id: str
    type: str
    prompt: str
    points: str
    about: str
    hint: str
    choices: tuple[ChoiceView, ...]
    pairs: tuple[PairView, ...]
    unmatched: tuple[tuple[str, str], ...]
    """Key only: (letter, text) of the right-hand items that match nothing (distractors)."""
    ruled_lines: int
    unit: str | None
    answer: str
    answer_detail: str
    explanation: str
    rubric: str | None
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True)
class SourceView:
    """An article of the source packet: label, title, front matter and numbered file lines."""

    label: str
    title: str
    meta: tuple[tuple[str, str], ...]
    lines: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Handout:
    """Everything one document's template needs."""

    kind: Kind
    filename: str
    title: str
    doc_title: str
    lang: str
    running: str
    form_label: str | None
    instructions: str
    total_points: str
    question_count: int
    has_essay: bool
    items: tuple[ItemView, ...]
    sources: tuple[SourceView, ...]


def handouts(
    forms: Sequence[Form],
    options: ExportOptions,
    suffix: str,
    kinds: Collection[Kind] = ("student", "key", "sources"),
) -> list[Handout]:
    """Student copy and key for each form, then one source packet, named as DESIGN.md section 5 says."""
    documents: list[Handout] = []
    evidence: EvidenceCache = {}  # a question's evidence reads the same on every form
    for form in forms:
        base = f"{options.name}-{form.label}" if form.label else options.name
        if "student" in kinds:
            student = tuple(item_view(form, item) for item in form.items)
            documents.append(_handout("student", f"{base}{suffix}", form, student))
        if "key" in kinds:
            key = tuple(item_view(form, item, evidence) for item in form.items)
            if options.key in ("full", "both"):
                documents.append(_handout("key", f"{base}-key{suffix}", form, key))
            if options.key in ("compact", "both"):
                documents.append(_handout("compact", f"{base}-key-compact{suffix}", form, key))
    if "sources" in kinds:
        documents.append(_handout("sources", f"{options.name}-sources{suffix}", forms[0], ()))
    return documents


def _handout(kind: Kind, filename: str, form: Form, items: tuple[ItemView, ...]) -> Handout:
    version = f"Version {form.label}" if form.label and kind != "sources" else None
    part = {"student": None, "key": "Answer key", "compact": "Answer key", "sources": "Source packet"}[kind]
    running = " · ".join(p for p in (version, part) if p)
    info = form.bank.info
    return Handout(
        kind=kind,
        filename=filename,
        title=form.title,
        doc_title=" · ".join(p for p in (form.title, part, version) if p),
        lang=info.language,
        running=running,
        form_label=form.label,
        instructions=info.instructions or DEFAULT_INSTRUCTIONS,
        total_points=points_text(form.total_points),
        question_count=len(form.items),
        has_essay=any(isinstance(i.question, Essay) for i in form.items),
        items=items,
        sources=tuple(source_view(label, source) for label, source in form.sources)
        if kind == "sources"
        else (),
    )


def render_handout(handout: Handout, css: str | None) -> str:
    """The document's HTML; `css` is inlined when given (the PDF exporter passes it separately)."""
    return render(f"html/{handout.kind}.html.jinja", doc=handout, css=css)


def stylesheet(paper: str) -> str:
    """The print stylesheet for a paper size ('letter' or 'a4')."""
    return render("html/handout.css.jinja", paper=paper)


def item_view(form: Form, item: FormItem, evidence: EvidenceCache | None = None) -> ItemView:
    """A form item as printed: for the key when an evidence cache is given, else for students.

    The student copy's view holds no key, feedback, explanation or evidence at all, so no
    template mistake can print them.
    """
    q = item.question
    key = evidence is not None
    letters = item.correct_letters if key else ()
    choices = tuple(
        ChoiceView(letter(i), c.text, key and c.correct, c.feedback if key else None)
        for i, c in enumerate(item.choices)
    )
    pairs: tuple[PairView, ...] = ()
    unmatched: tuple[tuple[str, str], ...] = ()
    hint = _HINTS[q.type]
    if isinstance(q, Matching):
        pairs = _pair_views(q, item.rights, letters if key else ())
        if key:
            matched = set(letters)
            unmatched = tuple((letter(i), r) for i, r in enumerate(item.rights) if letter(i) not in matched)
        if q.distractors:
            hint += " Some lettered items match nothing."
    answer, detail = answer_texts(q, letters) if key else ("", "")
    if evidence is not None and q.id not in evidence:
        evidence[q.id] = tuple(evidence_views(form, q))
    return ItemView(
        number=item.number,
        id=q.id,
        type=q.type,
        prompt=q.prompt,
        points=points_text(q.points),
        about=_about(form, q, key),
        hint=hint,
        choices=choices,
        pairs=pairs,
        unmatched=unmatched,
        ruled_lines=_RULED_LINES.get(q.type, 0),
        unit=q.unit if isinstance(q, Numeric) else None,
        answer=answer,
        answer_detail=detail,
        explanation=q.explanation if key else "",
        rubric=q.rubric if key and isinstance(q, Essay) else None,
        evidence=evidence[q.id] if evidence is not None else (),
    )


def _pair_views(q: Matching, rights: tuple[str, ...], letters: tuple[str, ...]) -> tuple[PairView, ...]:
    """One row per right-hand item; the left column runs out first when there are distractors."""
    rows = []
    for i, right in enumerate(rights):
        pair = q.pairs[i] if i < len(q.pairs) else None
        rows.append(
            PairView(
                number=i + 1 if pair else 0,
                left=pair.left if pair else "",
                right_letter=letter(i),
                right=right,
                key_letter=letters[i] if pair and letters else "",
                key_right=pair.right if pair and letters else "",
            )
        )
    return tuple(rows)


def _about(form: Form, q: AnyQuestion, key: bool) -> str:
    """'Articles A and C' for the key; for students only where it gives nothing away."""
    shown = form.shows_about(q)
    if not key:
        return about_text(form.labels_for(q)) if shown else ""
    about = about_text(form.labels_for(q))
    return about if shown or not about else f"{about} (not on the student copy)"


def answer_texts(q: AnyQuestion, letters: tuple[str, ...]) -> tuple[str, str]:
    """The key's answer: short for the one-glance grid, and in words for the question's entry."""
    if isinstance(q, MultipleChoice | MultipleAnswer):
        short = ", ".join(letters)
        return short, short
    if isinstance(q, TrueFalse):
        word = "true" if q.answer else "false"
        return word, word.capitalize()
    if isinstance(q, Numeric):
        value = number_text(q.answer)
        detail = value + (f" {q.unit}" if q.unit else "")
        if q.tolerance:
            detail += f" (accept ± {number_text(q.tolerance)})"
        return value, detail
    if isinstance(q, ShortAnswer):
        return " / ".join(q.answers), "; ".join(q.answers)
    if isinstance(q, Matching):
        short = " ".join(f"{i}-{key}" for i, key in enumerate(letters, start=1))
        return short, short
    if isinstance(q, Essay) and q.rubric:
        return "essay: see rubric", "Marked by hand, with the rubric below."
    return "essay", "Marked by hand."


def evidence_views(form: Form, q: AnyQuestion) -> list[EvidenceView]:
    """Each citation as its sentence with the quoted words marked, and where it stands."""
    views = []
    for evidence in q.evidence:
        source = form.bank.sources[evidence.source]
        label = form.source_labels.get(evidence.source, "?")
        context = quote_context(evidence.quote, source)
        if context is None:  # checked banks always locate their quotes; print the quote anyway
            segments: tuple[tuple[str, bool], ...] = ((evidence.quote, True),)
            lines = ""
        else:
            segments = context.segments
            lines = (
                f"line {context.line}"
                if context.line == context.end_line
                else f"lines {context.line}–{context.end_line}"
            )
        cite = f"Article {label}, ‘{source.title}’" + (f", {lines}" if lines else "")
        views.append(EvidenceView(label, source.title, cite, lines, segments))
    return views


def source_view(label: str, source: Source) -> SourceView:
    """An article with its front matter ('unknown' where not given) and its file lines."""
    meta = source.meta
    rows = [(name, getattr(meta, key) or "unknown") for key, name in _META_FIELDS]
    rows += [(name, value) for key, name in _OPTIONAL_META if (value := getattr(meta, key))]
    lines = tuple((number, printable(text)) for number, text in source.lines())
    return SourceView(label, source.title, tuple((name, printable(value)) for name, value in rows), lines)


def about_text(labels: tuple[str, ...]) -> str:
    """'Article A', 'Articles A and C', 'Articles A, B and C'."""
    if not labels:
        return ""
    if len(labels) == 1:
        return f"Article {labels[0]}"
    return f"Articles {', '.join(labels[:-1])} and {labels[-1]}"


def points_text(points: float) -> str:
    """'1 point', '2 points', '1.5 points'."""
    return f"{number_text(points)} point{'' if points == 1 else 's'}"


def number_text(value: float) -> str:
    """100000.0 -> '100000'; 2.5 -> '2.5' (never '1e+05')."""
    if float(value).is_integer():
        return str(int(value))
    return format(value, "f").rstrip("0").rstrip(".")
