"""Helpers shared by the LMS exporters (QTI, Common Cartridge, Moodle, GIFT).

The public API is small:

- `stable_id(*parts, prefix="i")`: an identifier derived from the bank name and question ids,
  the same on every export. Canvas matches it on re-import and updates the quiz; Moodle never
  updates on import (it adds copies, and a copy whose idnumber is taken keeps none).
  Valid as an XML NCName, a QTI identifier and a Canvas ident.
- `feedback_for(form, question, sources)`: a `Feedback` (the explanation and an `EvidenceNote`
  per cited quote, with its article label, title and file lines) for the feedback a student
  sees after answering. `sources` is a `SourceIndex`, made once per export.
- `LossLog(format)`: collects `Loss`es once per question and message (forms repeat questions).
- `number_text(x)`: 100000.0 -> '100000', 2.5 -> '2.5' (points, numeric answers).
- `package_name(name, form, ending)`: 'summit' + '-qti21.zip', or 'summit-A-qti21.zip' for form A.
- `keeps_bank_order(form)`: True when no question's choices were shuffled (`--no-shuffle`), so an
  LMS should not shuffle them either.

Writing the files themselves (streamed, checked, zipped) is streams.py's business.

How feedback reads is each format's template's business: these helpers return data, not text.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field

from quizkit.exporters.base import Loss
from quizkit.exporters.streams import MANIFEST as MANIFEST
from quizkit.model import AnyQuestion, Bank
from quizkit.selection import Form
from quizkit.textlines import split_lines
from quizkit.textmatch import SourceText, normalize, split_fragments


def stable_id(*parts: str, prefix: str = "i") -> str:
    """`prefix` + 32 hex digits of a SHA-256 over `parts`: stable, and an NCName (starts with a letter)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{prefix}{digest}"


def number_text(value: float) -> str:
    """A number as a person writes it: no '.0' on whole numbers, no exponent."""
    if float(value).is_integer():
        return str(int(value))
    return format(value, "f").rstrip("0").rstrip(".") if "e" in repr(value) else repr(value)


def package_name(name: str, form: Form, ending: str) -> str:
    """`<name><ending>`, with '-' and the form's letter between when there are several forms."""
    return f"{name}-{form.label}{ending}" if form.label else f"{name}{ending}"


def keeps_bank_order(form: Form) -> bool:
    """True when every choice question shows its choices in the bank's order (as --no-shuffle does)."""
    return all(item.choice_order == tuple(sorted(item.choice_order)) for item in form.items)


@dataclass(frozen=True)
class EvidenceNote:
    """One cited quote, as a student sees it after answering."""

    label: str
    """The article's letter ('A'), the same in every output."""
    title: str
    quote: str
    """The quote as the bank writes it."""
    line: int | None
    end_line: int | None

    @property
    def lines(self) -> str:
        """'3' or '3-4' (empty if the quote was not located)."""
        if self.line is None:
            return ""
        if self.end_line is None or self.end_line == self.line:
            return str(self.line)
        return f"{self.line}-{self.end_line}"


@dataclass(frozen=True)
class Feedback:
    """What a student sees after answering: why the key is right, and the evidence."""

    explanation: str
    evidence: tuple[EvidenceNote, ...]


class SourceIndex:
    """Each source's normalised text and a map from it to file lines, built once per export.

    `check` has already located every quote; this finds the lines again the same way
    (exactly, else ignoring case; ellipsis fragments in order), with a per-line map instead
    of a per-character one, so that thousands of questions cost milliseconds.
    """

    def __init__(self, bank: Bank) -> None:
        self.bank = bank
        self._texts: dict[str, tuple[SourceText, list[int], list[int]]] = {}
        self._labels = bank.source_labels()

    def _indexed(self, source_id: str) -> tuple[SourceText, list[int], list[int]]:
        found = self._texts.get(source_id)
        if found is None:
            source = self.bank.sources[source_id]
            text = SourceText(source)
            starts: list[int] = []
            lines: list[int] = []
            cursor = 0
            for number, line in enumerate(split_lines(source.text), start=source.first_line):
                normal = normalize(line)
                if normal:
                    starts.append(cursor)
                    lines.append(number)
                    cursor += len(normal) + 1
            if cursor - 1 != len(text.normal):  # NFKC joined characters across lines: no map
                starts, lines = [], []
            found = self._texts[source_id] = (text, starts, lines)
        return found

    def lines(self, source_id: str, quote: str) -> tuple[int, int] | None:
        """The first and last file line of a quote in a source, or None if it is not there."""
        text, starts, lines = self._indexed(source_id)
        fragments = split_fragments(normalize(quote))
        for ignore_case in (False, True):
            hits: list[tuple[int, int]] = []
            for fragment in fragments:
                hit = text.find(fragment, hits[-1][1] if hits else 0, ignore_case=ignore_case)
                if hit is None:
                    break
                hits.append(hit)
            if fragments and len(hits) == len(fragments):
                first, last = hits[0][0], hits[-1][1] - 1
                if not starts:
                    span = text.span(first, last + 1)
                    return span.line, span.end_line
                return lines[bisect_right(starts, first) - 1], lines[bisect_right(starts, last) - 1]
        return None

    def label(self, source_id: str) -> str:
        return self._labels[source_id]


def feedback_for(form: Form, question: AnyQuestion, sources: SourceIndex) -> Feedback:
    """The explanation and each cited quote with its article label, title and lines."""
    notes = []
    for evidence in question.evidence:
        found = sources.lines(evidence.source, evidence.quote)
        notes.append(
            EvidenceNote(
                label=form.source_labels.get(evidence.source, sources.label(evidence.source)),
                title=form.bank.sources[evidence.source].title,
                quote=evidence.quote,
                line=found[0] if found else None,
                end_line=found[1] if found else None,
            )
        )
    return Feedback(question.explanation, tuple(notes))


@dataclass
class LossLog:
    """The losses of one export, each said once per question and message."""

    format: str
    losses: list[Loss] = field(default_factory=list)
    _seen: set[tuple[str | None, str]] = field(default_factory=set)

    def add(self, question_id: str | None, message: str) -> None:
        """Record a loss (`question_id` None: it concerns the whole export)."""
        if (question_id, message) not in self._seen:
            self._seen.add((question_id, message))
            self.losses.append(Loss(self.format, question_id, message))
