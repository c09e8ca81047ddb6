"""A short answer's typed forms that quizkit accepts, written out for formats that match exactly.

quizkit folds a typed answer (quizkit.scoring.fold_text) before comparing it; most LMS formats
compare the text as typed. Each format gets the forms it cannot reach by its own rules, and a
note says which forms still score differently from `quizkit play`.
"""

from __future__ import annotations

from collections.abc import Iterable

from quizkit.exporters.lms import number_text
from quizkit.scoring import without_punctuation
from quizkit.textmatch import normalize

FULL_STOP = "."
CURLY_APOSTROPHE = "\u2019"
"""What phones type for an apostrophe (smart punctuation)."""


def with_full_stop(answers: Iterable[str]) -> tuple[str, ...]:
    """Each answer, then the same answer ending in a full stop (once each, ignoring case)."""
    forms: dict[str, str] = {}
    for answer in answers:
        text = answer.strip()
        for form in (text, text if text.endswith(FULL_STOP) else text + FULL_STOP):
            forms.setdefault(form.casefold(), form)
    return tuple(forms.values())


SPACES = ("", " ", "  ")
"""The runs of spaces a typed answer may carry before or after it, as QTI maps them."""


def with_spaces(answers: Iterable[str]) -> tuple[str, ...]:
    """`typed_forms`, each also with up to two spaces before, after, or both."""
    return around(typed_forms(answers))


def around(forms: Iterable[str]) -> tuple[str, ...]:
    """Each form, and each with every run of `SPACES` before and after it."""
    return tuple(before + form + after for form in forms for before in SPACES for after in SPACES)


def number_forms(value: float, unit: str | None) -> tuple[str, ...]:
    """A number as students type it: '2027' and '2,027', with or without its unit, each also with a
    full stop, spaces around."""
    written = dict.fromkeys((number_text(value), grouped(value)))
    with_unit = [f"{form} {unit}" for form in written] if unit else []
    return around(with_full_stop([*written, *with_unit]))


def other_writing(value: float) -> str:
    """A way of writing the number that a text match misses: '2027.0', '2.50'."""
    plain = number_text(value)
    return f"{plain}.0" if float(value).is_integer() else f"{plain}0"


def typed_forms(answers: Iterable[str]) -> tuple[str, ...]:
    """Each answer as written, without a final full stop, with straight quotes, with a curly
    apostrophe and without its punctuation, each also with a full stop (once each, ignoring case):
    what students type for a right answer, spacing aside."""
    written: list[str] = []
    for answer in answers:
        text = answer.strip()
        straight = normalize(text)
        for form in (text, straight, straight.replace("'", CURLY_APOSTROPHE)):
            written.extend((form, form.rstrip(FULL_STOP)))
        written.append(without_punctuation(text))
    return with_full_stop(form for form in written if form.strip(FULL_STOP))


def case_forms(text: str) -> tuple[str, ...]:
    """`text` as written, in lower case, with a capital first letter and in capitals."""
    lower = text.lower()
    forms = (text, lower, lower[:1].upper() + lower[1:], text.upper())
    return tuple(dict.fromkeys(forms))


QTI_SHORT_ANSWER = (
    "QTI compares a short answer as typed, ignoring case: it is also accepted with a full stop, "
    "with straight quotes or a curly apostrophe, without its punctuation and with up to two spaces "
    "before or after, but more spaces, other punctuation or a doubled space inside make a right "
    "answer wrong"
)
QTI_NUMBER_TEXT = (
    "QTI matches this number as typed text: it accepts {forms}, with up to two spaces around, "
    "but other ways of writing it (such as '{example}' or words) score 0 where quizkit play "
    "accepts them"
)
QTI_NUMBER = (
    "a QTI number response cannot hold a digit-group comma: '{example}' scores 0 where quizkit "
    "play accepts it; tell students to type digits only"
)
CANVAS_SHORT_ANSWER = (
    "Canvas ignores case and surrounding spaces, and each answer is also accepted with a full stop, "
    "with straight quotes or a curly apostrophe and without its punctuation, but other punctuation "
    "or a doubled space inside make a right answer wrong"
)
CANVAS_NUMBER = (
    "Canvas grades a number read as a plain decimal: '{example}' (with a digit-group comma) may "
    "score 0 where quizkit play accepts it; tell students to type digits only"
)
MOODLE_SHORT_ANSWER = (
    "Moodle ignores case and surrounding spaces, and each answer is also accepted with a full stop, "
    "with straight quotes or a curly apostrophe and without its punctuation, but other punctuation "
    "or a doubled space inside make a right answer wrong"
)
CANVAS_WORDS = (
    "Canvas grades a number in digits: written in words, as quizkit play also accepts it, it scores 0"
)
MOODLE_WORDS = (
    "Moodle reads a number in digits only: written in words, as quizkit play also accepts it, it scores 0"
)
MOODLE_NUMBER = (
    "Moodle scores '{example}' (with a digit-group comma) as {plain}, but until the quiz is "
    "submitted shows it as 'Incomplete answer', asking for the number without the comma; in a "
    "Moodle whose language writes decimals with a comma (French, German...) the comma is read as "
    "a decimal point; tell students to type digits only"
)


def grouped(value: float) -> str:
    """A number as a student may type it with digit-group commas: 100000 -> '100,000'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
