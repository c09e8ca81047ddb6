"""A short answer's typed forms that quizkit accepts, written out for formats that match exactly.

quizkit folds a typed answer (quizkit.scoring.fold_text) before comparing it; most LMS formats
compare the text as typed. Each format gets the forms it cannot reach by its own rules, and a
note says which forms still score differently from `quizkit play`.
"""

from __future__ import annotations

from collections.abc import Iterable

FULL_STOP = "."


def with_full_stop(answers: Iterable[str]) -> tuple[str, ...]:
    """Each answer, then the same answer ending in a full stop (once each, ignoring case)."""
    forms: dict[str, str] = {}
    for answer in answers:
        text = answer.strip()
        for form in (text, text if text.endswith(FULL_STOP) else text + FULL_STOP):
            forms.setdefault(form.casefold(), form)
    return tuple(forms.values())


def with_spaces(answers: Iterable[str]) -> tuple[str, ...]:
    """`with_full_stop`'s forms, each also with one space before, after, or both."""
    return tuple(
        before + form + after
        for form in with_full_stop(answers)
        for before in ("", " ")
        for after in ("", " ")
    )


QTI_SHORT_ANSWER = (
    "QTI compares a short answer as typed, ignoring case: it is also accepted with a full stop and "
    "with one space before or after, but more spaces, other punctuation, a doubled space inside "
    "or other quote marks make a right answer wrong"
)
QTI_NUMBER = (
    "a QTI number response cannot hold a digit-group comma: '{example}' scores 0 where quizkit "
    "play accepts it; tell students to type digits only"
)
CANVAS_SHORT_ANSWER = (
    "Canvas ignores case and surrounding spaces, and the answer is also accepted with a full stop, "
    "but other punctuation, a doubled space inside or other quote marks make a right answer wrong"
)
CANVAS_NUMBER = (
    "Canvas grades a number read as a plain decimal: '{example}' (with a digit-group comma) may "
    "score 0 where quizkit play accepts it; tell students to type digits only"
)
MOODLE_SHORT_ANSWER = (
    "Moodle ignores case and surrounding spaces, and the answer is also accepted with a full stop, "
    "but other punctuation, a doubled space inside or other quote marks make a right answer wrong"
)


def grouped(value: float) -> str:
    """A number as a student may type it with digit-group commas: 100000 -> '100,000'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
