"""Reading a typed answer and scoring it: one module for the answer syntax and the scoring rules.

Parsed answers are kept in the bank's terms (choice and pair indices as in bank.yaml), because a
form shuffles the letters: the results store and the item analysis compare answers across forms.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from quizkit.model import (
    AnyQuestion,
    Essay,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
    TrueFalse,
    letter,
)
from quizkit.numbers import find_amounts
from quizkit.selection import FormItem
from quizkit.textmatch import normalize

Status = Literal["right", "partial", "wrong", "unscored"]
JsonValue = bool | float | str | list[int] | None

_SEPARATORS = re.compile(r"[\s,;]+")
_TRUE = frozenset({"t", "true", "y", "yes"})  # as YAML reads `answer: yes` in a bank
_FALSE = frozenset({"f", "false", "n", "no"})
_CURRENCY = re.compile(r"^(?:us\$|usd|\$|€|£|¥)\s*|\s*(?:usd|dollars?|euros?|pounds?|yen)$")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DIGIT_GROUP_SPACE = re.compile(r"(?<=\d)[ _](?=\d{3}(?!\d))")
_FLOAT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?")


class UnreadableAnswer(ValueError):
    """An answer that cannot be read: the message says what to type instead."""


@dataclass(frozen=True)
class Answer:
    """A readable answer: the text as typed and what it means in the bank's terms.

    `indices` are bank choice indices (multiple choice and multiple answer), or for matching the
    bank pair index chosen for each left-hand item in turn; `value` is the true/false, numeric or
    text answer.
    """

    typed: str
    indices: tuple[int, ...] = ()
    value: bool | float | str | None = None

    def to_json(self, question: AnyQuestion) -> dict[str, JsonValue]:
        """The `parsed` column of the results store."""
        if isinstance(question, MultipleChoice | MultipleAnswer):
            return {"choices": list(self.indices)}
        if isinstance(question, Matching):
            return {"pairs": list(self.indices)}
        return {"value": self.value}


@dataclass(frozen=True)
class Mark:
    """Points earned out of points possible; `earned` is None for an essay (marked by hand)."""

    earned: float | None
    possible: float
    right_choices: int = 0
    wrong_choices: int = 0

    @property
    def status(self) -> Status:
        if self.earned is None:
            return "unscored"
        if self.earned >= self.possible - 1e-9:
            return "right"
        return "partial" if self.earned > 1e-9 else "wrong"


@dataclass(frozen=True)
class Outcome:
    """One answered question: the answer, its mark, when it was given and how long it took."""

    item: FormItem
    answer: Answer
    mark: Mark
    seconds: float
    at: dt.datetime


def how_to_answer(item: FormItem) -> str:
    """The one-line instruction shown under a question (and repeated after an unreadable answer)."""
    q = item.question
    if isinstance(q, MultipleChoice):
        return f"Type one letter, {_letter_range(len(item.choices))}."
    if isinstance(q, MultipleAnswer):
        return (
            f"Type the letters of every right choice, {_letter_range(len(item.choices))}, "
            "separated by commas or spaces (e.g. A, C)."
        )
    if isinstance(q, TrueFalse):
        return "Type t for true or f for false (yes and no work too)."
    if isinstance(q, Numeric):
        return "Type a number (e.g. 1500, 1,500, 2.5 or 1e6)."
    if isinstance(q, ShortAnswer):
        return "Type your answer: a word or a few words."
    if isinstance(q, Matching):
        count = len(q.pairs)
        example = " ".join(_not_the_key(item.correct_letters))
        return f"Type {count} letters on one line, one for each item 1 to {count} in turn (e.g. {example})."
    return "Type your answer on one line and press Enter; it is saved for your teacher."


def _not_the_key(key: tuple[str, ...]) -> list[str]:
    """An example answer to a matching question that is never its key."""
    letters = sorted(key)
    example = letters[::-1]
    return example if tuple(example) != key else letters[1:] + letters[:1]


def _letter_range(count: int) -> str:
    return f"{letter(0)} to {letter(count - 1)}"


def parse_answer(item: FormItem, typed: str) -> Answer:
    """Read a typed answer to `item`; UnreadableAnswer says what to type instead."""
    q = item.question
    text = typed.strip()
    if not text:
        raise UnreadableAnswer(f"No answer yet. {how_to_answer(item)}")
    if isinstance(q, MultipleChoice):
        letters = _letters(text, len(item.choices), item)
        if len(letters) != 1:
            raise UnreadableAnswer(f"Only one choice is right. {how_to_answer(item)}")
        return Answer(typed, (item.choice_order[letters[0]],))
    if isinstance(q, MultipleAnswer):
        picked = list(dict.fromkeys(_letters(text, len(item.choices), item)))
        return Answer(typed, tuple(sorted(item.choice_order[i] for i in picked)))
    if isinstance(q, TrueFalse):
        word = text.lower().rstrip(".!")
        if word in _TRUE or word in _FALSE:
            return Answer(typed, value=word in _TRUE)
        raise UnreadableAnswer(f"'{text}' is neither true nor false. {how_to_answer(item)}")
    if isinstance(q, Numeric):
        number = parse_number(text, q.unit)
        if number is None:
            raise UnreadableAnswer(f"'{text}' is not a number. {how_to_answer(item)}")
        return Answer(typed, value=number)
    if isinstance(q, Matching):
        letters = _letters(text, len(item.rights), item)
        if len(letters) != len(q.pairs):
            raise UnreadableAnswer(
                f"{len(letters)} letter{'s' if len(letters) != 1 else ''} for {len(q.pairs)} items. "
                f"{how_to_answer(item)}"
            )
        return Answer(typed, tuple(item.right_order[i] for i in letters))
    if isinstance(q, ShortAnswer):
        if not fold_text(text):
            raise UnreadableAnswer(how_to_answer(item))
        return Answer(typed, value=fold_text(text))
    return Answer(typed, value=text)


def _letters(text: str, count: int, item: FormItem) -> list[int]:
    """Letters separated by commas or spaces ('a, c', 'C A B'); 'AC' too when letters are single."""
    tokens = [t.strip("().") for t in _SEPARATORS.split(text) if t.strip("().")]
    valid = {letter(i): i for i in range(count)}
    if (
        len(tokens) == 1
        and count <= 26
        and len(tokens[0]) > 1
        and all(char.upper() in valid for char in tokens[0])
    ):
        tokens = list(tokens[0])  # 'cc' for three items is two letters, not a choice called 'cc'
    picked: list[int] = []
    for token in tokens:
        index = valid.get(token.upper())
        if index is None:
            shown = token if len(token) <= 20 else token[:20] + "..."
            raise UnreadableAnswer(f"There is no choice '{shown}'. {how_to_answer(item)}")
        picked.append(index)
    return picked


def parse_number(text: str, unit: str | None = None) -> float | None:
    """'100,000', '1e5', '$5', '5%', '2.5 million', 'five' -> a number; None if it is not one."""
    s = normalize(text).lower()
    if unit and s.endswith(unit.lower()):
        s = s[: -len(unit)].strip()
    s = s.removesuffix("%").removesuffix("percent").removesuffix("per cent").strip()
    s = _DIGIT_GROUP_SPACE.sub("", _CURRENCY.sub("", s).strip())
    if _GROUPED.fullmatch(s):
        s = s.replace(",", "")
    if _FLOAT.fullmatch(s):
        value = float(s)
        return value if math.isfinite(value) else None
    amounts = find_amounts(normalize(text))
    if len(amounts) == 1 and len(amounts[0].text) >= len(normalize(text).rstrip(".")) - 1:
        return amounts[0].value
    return None


def without_punctuation(text: str) -> str:
    """`text` normalised, case kept: straight quotes, punctuation dropped, dashes and runs of
    spaces made one space ("U.S." -> "US", "don’t" -> "dont")."""
    return _drop_punctuation(normalize(text))


def fold_text(text: str) -> str:
    """For short answers: normalised, lower case, punctuation dropped (dashes become spaces)."""
    return _drop_punctuation(normalize(text).lower())


def _drop_punctuation(text: str) -> str:
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Pd":
            kept.append(" ")
        elif not category.startswith("P"):
            kept.append(char)
    return " ".join("".join(kept).split())


def score_answer(question: AnyQuestion, answer: Answer) -> Mark:
    """Points for an answer, by the rules in the README (partial credit as Canvas gives it)."""
    points = question.points
    if isinstance(question, Essay):
        return Mark(None, 0)
    if isinstance(question, MultipleChoice):
        return Mark(points if question.choices[answer.indices[0]].correct else 0.0, points)
    if isinstance(question, MultipleAnswer):
        # Canvas: each keyed choice picked earns points/keyed, each other choice picked loses as
        # much, and the total is never below zero.
        keyed = sum(c.correct for c in question.choices)
        picked_right = sum(question.choices[i].correct for i in answer.indices)
        picked_wrong = len(answer.indices) - picked_right
        earned = max(0.0, points * (picked_right - picked_wrong) / keyed)
        return Mark(earned, points, picked_right, picked_wrong)
    if isinstance(question, Matching):
        matched = sum(chosen == i for i, chosen in enumerate(answer.indices))
        return Mark(points * matched / len(question.pairs), points, matched, len(question.pairs) - matched)
    if isinstance(question, TrueFalse):
        return Mark(points if answer.value == question.answer else 0.0, points)
    if isinstance(question, Numeric):
        assert isinstance(answer.value, float)
        slack = question.tolerance + 1e-9 * max(1.0, abs(question.answer))  # float rounding only
        return Mark(points if abs(answer.value - question.answer) <= slack else 0.0, points)
    given = fold_text(str(answer.value))
    accepted = any(given == fold_text(a) for a in question.answers)
    return Mark(points if accepted else 0.0, points)


def format_points(value: float) -> str:
    """7.0 -> '7', 7.5 -> '7.5', 2/3 -> '0.67': no needless decimals."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def percent(earned: float, possible: float) -> int | None:
    """The whole percentage, rounded half up; None when nothing was possible."""
    if possible <= 0:
        return None
    return math.floor(100 * earned / possible + 0.5 + 1e-9)


def score_line(earned: float, possible: float) -> str:
    """'Score: 7.5/10 (75%)': the last line of every session."""
    share = percent(earned, possible)
    tail = f" ({share}%)" if share is not None else ""
    return f"Score: {format_points(earned)}/{format_points(possible)}{tail}"
