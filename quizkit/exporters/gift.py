"""GIFT, Moodle's plain-text question format: every question type, every special character escaped.

The reference is Moodle's importer (question/format/gift/format.php) and
https://docs.moodle.org/en/GIFT_format. Idnumbers and tags travel in a `// [id:...] [tag:...]`
comment, which Moodle's importer reads (and its own GIFT export writes).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import jinja2

from quizkit.exporters.base import Exporter, ExportResult, Staging
from quizkit.exporters.lms import LossLog, number_text
from quizkit.exporters.moodle import Entry, build_entries, category_path, note_long_title
from quizkit.exporters.streams import write_file
from quizkit.model import Essay, Matching, Numeric, ShortAnswer
from quizkit.selection import Form
from quizkit.templating import environment

_SPECIAL = str.maketrans({char: "\\" + char for char in "\\~=#{}:"})
ARROW = "->"
ARROW_STANDIN = "→"


def gift_escape(text: str) -> str:
    """Backslash before `\\ ~ = # { } :`; each line break written `\\n` (a blank line ends a question)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_SPECIAL).replace("\n", "\\n")


def gift_text(text: str) -> str:
    """`gift_escape`, with `[plain]` first where Moodle would read a `[format]` or a `%weight%`."""
    escaped = gift_escape(text.strip())
    return "[plain]" + escaped if escaped.startswith(("[", "%")) else escaped


def gift_no_arrow(text: str) -> str:
    """`gift_text` for a matching item's left side or a short answer, where `->` cannot be escaped."""
    return gift_text(text.replace(ARROW, ARROW_STANDIN))


def gift_category(path: str) -> str:
    """A category path: only backslashes are escaped (Moodle reads the rest of the line as it is)."""
    return " ".join(path.split()).replace("\\", "\\\\")


def gift_tag(tag: str) -> str:
    """A tag or idnumber inside `[tag:...]`: `]` escaped, line breaks to spaces."""
    return " ".join(tag.split()).replace("]", "\\]")


@cache
def _environment() -> jinja2.Environment:
    """The shared environment (no autoescape for .gift), with the GIFT filters added to a copy."""
    env = environment().overlay(cache_size=50)
    env.filters = {
        **env.filters,
        "gift": gift_escape,
        "gift_text": gift_text,
        "gift_no_arrow": gift_no_arrow,
        "gift_category": gift_category,
        "gift_tag": gift_tag,
    }
    return env


def gift_losses(entries: Sequence[Entry], log: LossLog) -> None:
    """What GIFT has no place for, said per question."""
    for entry in entries:
        q = entry.question
        if q.points != 1:
            log.add(q.id, f"GIFT has no place for points: Moodle makes it worth 1, not {entry.points}")
        if not q.shuffle and q.type in ("multiple_choice", "multiple_answer", "matching"):
            log.add(q.id, "GIFT cannot say 'do not shuffle': Moodle's default (shuffle) applies")
        if isinstance(q, Essay) and q.rubric:
            log.add(q.id, "GIFT has no place for an essay's grader information: the rubric is left out")
        if isinstance(q, Numeric) and q.unit:
            log.add(q.id, f"GIFT has no place for the unit '{q.unit}': the answer is the number alone")
        texts = [p.left for p in q.pairs] if isinstance(q, Matching) else []
        texts += q.answers if isinstance(q, ShortAnswer) else []
        if any(ARROW in text for text in texts):
            log.add(q.id, f"GIFT cannot hold '{ARROW}' here (it marks a match): written '{ARROW_STANDIN}'")


class GiftExporter(Exporter):
    """`<name>.gift`: Question bank > Import > GIFT format."""

    name = "gift"
    suffix = ".gift"
    description = "GIFT text for Moodle (every question type; no points, shuffle settings or rubrics)"
    cannot_carry = (
        "points per question",
        "'do not shuffle'",
        "essay rubrics",
        "numeric units",
        "the articles themselves",
    )

    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        log = LossLog(self.name)
        entries = build_entries(forms, log)
        gift_losses(entries, log)
        note_long_title(forms[0].bank.title, log)
        write_file(
            staging.path(f"{self.options.name}{self.suffix}"),
            _environment().get_template("gift/quiz.gift.jinja"),
            {"category": category_path(forms[0].bank.title), "entries": entries, "number": number_text},
            xml=False,
        )
        return ExportResult(log.losses)
