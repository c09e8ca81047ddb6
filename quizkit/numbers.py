"""Amounts in text, in digits or words ("$1 trillion", "one trillion dollars", "68.5%")."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_MAGNITUDES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
    "t": 1e12,
}
_CURRENCY_SIGNS = {"$": "$", "us$": "$", "€": "€", "£": "£", "¥": "¥"}
_CURRENCY_WORDS = {
    "dollar": "$",
    "dollars": "$",
    "euro": "€",
    "euros": "€",
    "pound": "£",
    "pounds": "£",
    "yen": "¥",
}

_WORD_NUMBER = "|".join(sorted([*_UNITS, *_TENS, "one", "hundred"], key=len, reverse=True))
_NUMBER = re.compile(
    rf"""
    (?P<sign>US\$|\$|€|£|¥)?\s?
    (?:
        (?<!\w)(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)  # not the 7 of "G7"
      | (?P<words>\b(?:{_WORD_NUMBER})  # "and" joins only after hundred: "five and seven" is two
          (?:[\s-]+(?:{_WORD_NUMBER})|(?<=hundred)\s+and\s+(?:{_WORD_NUMBER}))*\b)
      | (?P<words_a>\ban?)(?=[\s-]+(?:hundred|thousand|million|billion|trillion)\b)
    )
    (?:[\s-]*(?P<magnitude>hundred|thousand|million|billion|trillion|bn|mn|tn|[kmbt])\b)?
    (?:\s*(?P<percent>%|percent\b|per\s+cent\b)|[\s-]*(?P<unit>dollars?|euros?|pounds?|yen)\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Amount:
    """A value with its unit ('$', '%', ... or None) and the words it was read from."""

    value: float
    unit: str | None
    text: str

    def same_as(self, other: Amount) -> bool:
        """Equal value; units must agree where both texts name one."""
        if self.unit and other.unit and self.unit != other.unit:
            return False
        return math.isclose(self.value, other.value, rel_tol=1e-9, abs_tol=1e-12)


def find_amounts(text: str) -> list[Amount]:
    """Every number in `text`. Bare 'one', 'a' and 'an' are words, not numbers."""
    amounts: list[Amount] = []
    for match in _NUMBER.finditer(text):
        magnitude = match["magnitude"]
        if magnitude and len(magnitude) == 1 and not (match["sign"] or match["digits"]):
            magnitude = None  # "five m..." is not five million
        if match["digits"]:
            value = float(match["digits"].replace(",", ""))
        elif match["words_a"]:
            value = 1.0
        else:
            words = match["words"].lower()
            parsed = _parse_words(words)
            if parsed is None:
                continue
            if words == "one" and not (magnitude or match["unit"] or match["sign"]):
                continue
            value = parsed
        if magnitude and len(magnitude) == 1 and not match["sign"]:
            magnitude = None  # "5 m" alone is too ambiguous (metres, minutes)
        if magnitude:
            value *= _MAGNITUDES[magnitude.lower()]
        unit = None
        if match["percent"]:
            unit = "%"
        elif match["sign"]:
            unit = _CURRENCY_SIGNS[match["sign"].lower()]
        elif match["unit"]:
            unit = _CURRENCY_WORDS[match["unit"].lower()]
        amounts.append(Amount(value, unit, match.group(0).strip()))
    return amounts


def _parse_words(words: str) -> float | None:
    """'twenty-five' -> 25, 'one hundred and five' -> 105."""
    total = 0
    current = 0
    for word in re.split(r"[\s-]+", words):
        if word == "and":
            continue
        if word == "one":
            current += 1
        elif word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        else:  # pragma: no cover - the pattern admits only the words above
            return None
    return float(total + current)
