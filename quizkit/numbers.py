"""Amounts in text, in digits or words ("$1 trillion", "one trillion dollars", "68.5%", "the fourth")."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Literal, NamedTuple

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
    "dozen": 12,
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

_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
}
_WEAK_ORDINALS = frozenset({"first", "second"})
"""Ordinal words that are as often not numbers ("at first", "a second look")."""
_FRACTIONS = {"half": 2, "halves": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}

_WORD_NUMBER = "|".join(sorted([*_UNITS, *_TENS, "one", "hundred"], key=len, reverse=True))
_ORDINAL_WORD = "|".join(sorted(_ORDINALS, key=len, reverse=True))
_TENS_WORD = "|".join(_TENS)
_UNIT_WORD = "one|two|three|four|five|six|seven|eight|nine"
_FOLDS = [word for word in (*_UNITS, *_TENS, "hundred", "thousand") if word != "zero"]
_FOLD_WORD = "|".join(sorted(_FOLDS, key=len, reverse=True))
"""'tenfold', 'twentyfold', 'hundredfold'."""
_RATIO_WORD = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_SLASH = "|".join(f"{a}/{b}" for b in range(10, 1, -1) for a in range(1, b))
"""Fractions in digits: the smaller over the larger, up to tenths ('24/7' and '9/11' are not fractions)."""
_NUMBER = re.compile(
    rf"""
    (?P<minus>(?<![\w.,%-])-(?=[$€£¥]?\d)|\bminus\s+)?
    (?P<sign>US\$|\$|€|£|¥)?\s?
    (?:
        (?P<ratio>(?=\w+\s+(?:in|out)\s)  # "one in five"
          \b(?:(?:1|one)\s+(?:in|out\s+of)\s+(?:[2-9]|[1-9]\d|{_RATIO_WORD})
          |(?:[1-9]|{_UNIT_WORD})\s+(?:in|out\s+of)\s+(?:10|ten))\b(?![.,]\d))  # "three in ten"
      | (?P<slash>(?<![\w/.])(?=\d/)(?:{_SLASH})(?![\w/]|[.,]\d))  # "1/3", "2/5"
      | (?<!\w)(?P<digits>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)  # not the 7 of "G7"
        (?P<ordinal_suffix>(?:st|nd|rd|th)\b)?
      | (?P<fraction>\b(?P<parts>an?|one|two|three|four|five|six|seven|eight|nine)[\s-]+
          (?P<part>halves|half|thirds?|quarters?|fifths?|tenths?)\b|\bhalf\b)
      | (?P<ordinal_words>\b(?:(?:{_TENS_WORD})[\s-]+)?(?:{_ORDINAL_WORD})\b)
      | (?P<words>\b(?:{_WORD_NUMBER})  # "and" joins only after hundred: "five and seven" is two
          (?:[\s-]+(?:{_WORD_NUMBER})|(?<=hundred)\s+and\s+(?:{_WORD_NUMBER}))*\b)
      | (?P<times>\b(?:twice|thrice)\b)  # 'scored twice': two
      | (?P<fold>\b(?:{_FOLD_WORD})fold\b)  # 'increased tenfold': ten times
      | (?P<words_a>\ban?)(?=[\s-]+(?:dozen|hundred|thousand|million|billion|trillion
          |(?:dollar|euro)(?![\s-]+(?:stores?|shops?|bills?|coins?|signs?|zones?)\b))\b)  # 'a dollar': $1
    )
    (?:[\s-]*(?P<magnitude>dozen|hundred|thousand|million|billion|trillion|bn|mn|tn|[kmbt])\b)?
    (?:\s*(?:(?<=[a-z])\s+an?\s+)?(?P<percent>%(?:\s*points?\b)?|percent(?:age)?\s+points?\b|percent\b|per\s+cent\b|pp\b)
      |[\s-]*(?P<unit>dollars?|euros?|pounds?|yen)\b)?
    """,
    re.IGNORECASE | re.VERBOSE,
)

Kind = Literal["number", "ordinal", "fraction"]


class Amount(NamedTuple):
    """A value with its unit ('$', '%', ... or None) and the words it was read from.

    `kind` says how it was written: a number, an ordinal ("fourth", "4th") or a fraction
    ("half", "two thirds"); `written` is the value as written, before its magnitude
    ("300" of "$300 billion"); `start` and `end` are where it stands in the text. A named
    tuple: a text's amounts are read by the thousand, and a tuple is the quickest to make.
    """

    value: float
    unit: str | None
    text: str
    kind: Kind = "number"
    written: float | None = None
    start: int = 0
    end: int = 0

    def same_as(self, other: Amount) -> bool:
        """Equal value; units must agree where both texts name one."""
        if self.unit and other.unit and self.unit != other.unit:
            return False
        return math.isclose(self.value, other.value, rel_tol=1e-9, abs_tol=1e-12)

    @property
    def weak(self) -> bool:
        """A word that is as often not a number ("first", "second"), or a count only with a context
        ("scored twice" grounds a 2; a key "twice as many" is no figure to find)."""
        if self.kind == "ordinal":
            return self.text.lower() in _WEAK_ORDINALS
        return self.kind == "number" and self.text.lower() in ("twice", "thrice")


def find_amounts(text: str, *, weak_ordinals: bool = True) -> list[Amount]:
    """Every number in `text`. Bare 'one', 'a' and 'an' are words, not numbers.

    With `weak_ordinals` false, "first", "second" and "twice" are not read as numbers.
    """
    amounts: list[Amount] = []
    for match in _matches(text):
        amount = _read(match)
        if amount is not None and (weak_ordinals or not amount.weak):
            amounts.append(amount)
    return amounts


def iter_amounts(text: str) -> Iterator[Amount]:
    """The numbers of `find_amounts`, read one at a time: a caller may stop early."""
    for match in _matches(text):
        amount = _read(match)
        if amount is not None:
            yield amount


_NUMBER_WORDS = frozenset(
    [
        *_UNITS,
        *_TENS,
        *_ORDINALS,
        *_FRACTIONS,
        *_MAGNITUDES,
        "one",
        "halves",
        "thirds",
        "quarters",
        "fifths",
        "tenths",
        "minus",
        "twice",
        "thrice",
        *(f"{word}fold" for word in _FOLDS),
        "a",  # "a third", "an -- hundred": any spaces may follow
        "an",
    ]
)
_STARTERS = (_NUMBER_WORDS - {"a", "an"}) | {"dollar", "euro"}
"""Words of which every amount in words has one ('a' and 'an' come with 'third', 'million',
'dollar' or 'euro': 'a dollar' is $1)."""
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[a-z]+")
_LOOK_BACK = 5
"""How far before its first digit or number word an amount can start: '-US$ 5'."""


def _one_of(words: Iterable[str]) -> str:
    """A pattern for a whole word of `words`, by first letter: quicker to try than one long list."""
    groups = []
    for first, same in groupby(sorted(words), key=itemgetter(0)):
        rests = sorted((word[1:] for word in same), key=len, reverse=True)
        groups.append(f"{first}(?:{'|'.join(rests)})")
    return f"(?:{'|'.join(groups)})(?![a-z])"


_NUMBER_WORD = _one_of(_NUMBER_WORDS)
_TOKEN_START = re.compile(rf"[^a-z](?:(?<=[0-9])[0-9]*+(?P<glued>{_NUMBER_WORD})?|(?P<word>{_NUMBER_WORD}))")
"""In a text's stand-in (see `_matches`): a run of digits, with a number word right after it ('5bn'),
or a number word after a character that is no letter."""
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")
_NOT_ASCII_WORD = re.compile(r"[^\x00-\x7f](?<=\w)")
_LEAD = re.compile(r"-?(?:[Uu][Ss]\$|[$€£¥])?\s?\Z")
"""What can stand between an amount's start and its first digit or word: '-US$ ', '$', ' '."""


def may_hold_amounts(text: str) -> bool:
    """Whether `text` has a digit or a number word: without one, it has no amounts."""
    return _DIGIT.search(text) is not None or not _STARTERS.isdisjoint(_LETTERS.findall(text.lower()))


def _matches(text: str) -> Iterator[re.Match[str]]:
    """What `_NUMBER.finditer(text)` finds, tried only at digits and number words.

    Every amount starts at a digit or one of the number words ('a' and 'an' included), or at
    most _LOOK_BACK characters before one with a sign, a minus or a space; trying the full
    pattern at every position of a text is several times slower. The digits and words are
    found, past the amount found last, in the text's stand-in: a space, then the text in lower
    case, with '0' for a digit beyond ASCII and '?' for any other character beyond it.
    """
    if not may_hold_amounts(text):
        return
    if text.isascii():
        stand_in, plain = " " + text.lower(), True
    else:
        stand_in = " " + _NOT_ASCII.sub(_ascii_stand_in, text).lower()
        plain = not _NOT_ASCII_WORD.search(text)
    done = 0
    found = _TOKEN_START.search(stand_in)
    while found is not None:
        word = found.start("word")  # the stand-in's places are the text's, one on (its space first)
        if word >= 0:
            tokens: tuple[int, ...] = (word - 1,)
        elif found.start("glued") >= 0:
            tokens = (found.start() - 1, found.start("glued") - 1)  # '5bn': the digits, then the word
        else:
            tokens = (found.start() - 1,)
        for at in tokens:
            if at < done:
                continue
            for start in _starts(text, max(done, at - _LOOK_BACK), at, plain):
                match = _NUMBER.match(text, start)
                if match is not None:
                    done = match.end()
                    yield match
                    break
        # from the stand-in's `done`: the text's character before it, which a word needs to follow
        found = _TOKEN_START.search(stand_in, max(found.end(), done))


def _ascii_stand_in(char: re.Match[str]) -> str:
    """What a character beyond ASCII is in a stand-in: '0' for a digit, '?' for the rest."""
    return "0" if _DIGIT.match(char.group()) else "?"


def _starts(text: str, lo: int, at: int, plain: bool) -> Sequence[int]:
    """Where to try an amount whose first digit or word is at `at`, from `lo` on, earliest first.

    In a `plain` text (no letter or digit outside ASCII), an amount that starts before `at` has
    only a minus, a sign and a space before it (one that starts at an earlier digit or number word
    was tried already, from the same place): only those places are tried.
    """
    if plain:
        if at == lo:
            return (at,)
        if text[at - 1] == " " and (at - 1 == lo or text[at - 2] not in "-$€£¥"):
            return (at - 1, at)  # the usual case: a space, with no sign or minus before it
        first = _LEAD.search(text, lo, at).start()  # type: ignore[union-attr]  # matches at `at`
        return [i for i in range(first, at) if text[i] not in "Ss"] + [at]
    return [i for i in range(lo, at) if _may_lead(text, i)] + [at]


def _may_lead(text: str, at: int) -> bool:
    """A sign ('US$' too), a minus or a space can come before an amount's first digit or word."""
    char = text[at]
    if char in "$€£¥-" or char.isspace():
        return True
    return char in "Uu" and text[at + 1 : at + 3].lower() == "s$"


def _read(match: re.Match[str]) -> Amount | None:
    minus, sign, ratio, slash, digits, magnitude, percent, unit_word = match.group(  # one call: quicker
        "minus", "sign", "ratio", "slash", "digits", "magnitude", "percent", "unit"
    )
    kind: Kind = "number"
    if magnitude and len(magnitude) == 1 and not (sign or digits):
        magnitude = None  # "five m..." is not five million
    if digits:
        if len(digits) == 2 and _ISO_DATE.match(match.string, max(0, match.start("digits") - 5)):
            return None  # the month of '2020-01-16': the date's year and day are its figures
        value = float(digits.replace(",", ""))
        if match["ordinal_suffix"]:
            kind = "ordinal"
    elif ratio or slash:
        value, kind = _ratio(ratio or slash), "fraction"
    elif match["times"]:
        value = 2.0 if _as_read(match["times"]) == "twice" else 3.0
    elif match["fold"]:
        fold = _as_read(match["fold"]).removesuffix("fold")
        value = float(_MAGNITUDES.get(fold) or _UNITS.get(fold) or _TENS[fold])
    elif match["words_a"]:
        value = 1.0
    elif match["fraction"]:
        parts, part = _as_read(match["parts"] or ""), _as_read(match["part"] or "half")
        count = 1.0 if parts in ("", "a", "an", "one") else (_parse_words(parts) or 1.0)
        value = count / _FRACTIONS[part.rstrip("s") if part != "halves" else "halves"]
        kind = "fraction"
    elif match["ordinal_words"]:
        tens, _, last = _as_read(match["ordinal_words"]).replace("-", " ").rpartition(" ")
        value = float(_TENS.get(tens.strip(), 0) + _ORDINALS[last])
        kind = "ordinal"
    else:
        words = _as_read(match["words"])
        parsed = _parse_words(words)
        if parsed is None:
            return None
        if words == "one" and not (magnitude or unit_word or sign or percent):
            return None
        start = match.start("words")
        if words == "zero" and _NET.search(match.string, max(0, start - 8), start):
            return None  # 'net zero' emissions: a goal, not a figure
        value = parsed
    if magnitude and len(magnitude) == 1 and not sign:
        magnitude = None  # "5 m" alone is too ambiguous (metres, minutes)
    if kind == "fraction" and percent:
        kind = "number"  # 'half a percentage point' is 0.5 points
    if kind != "number" and (magnitude or sign or unit_word):
        magnitude = None  # "the fourth million" is no amount of money
    written = value
    if magnitude:
        value *= _MAGNITUDES[_as_read(magnitude)]
    if minus:
        value, written = -value, -written
    if not math.isfinite(value):
        return None  # 400 digits in a row are no number a reader means
    unit = None
    if percent:
        unit = "%"
    elif sign:
        unit = _CURRENCY_SIGNS[_as_read(sign)]
    elif unit_word:
        unit = _CURRENCY_WORDS[_as_read(unit_word)]
    whole = match.group(0)
    start = match.start() + len(whole) - len(whole.lstrip())
    end = match.start() + len(whole.rstrip())
    return Amount(value, unit, whole.strip(), kind, written, start, end)


_ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
_NET = re.compile(r"\bnet[\s-]+\Z", re.IGNORECASE)


_AS_ASCII = str.maketrans("İıſK", "iisk")
"""The letters beyond ASCII that the case-blind pattern takes for ASCII ones ('bıllion')."""


def _as_read(words: str) -> str:
    """Words the pattern matched, in lower-case ASCII: 'bıllion' (a dotless i) is 'billion'."""
    return words.lower() if words.isascii() else words.translate(_AS_ASCII).lower()


def _ratio(text: str) -> float:
    """'one in five', '3 out of 10' and '1/5' as a share: 0.2, 0.3, 0.2."""
    top, bottom = re.split(r"\s+(?:in|out\s+of)\s+|/", _as_read(text))
    a = float(top) if top.isdigit() else _parse_words(top) or 1.0
    b = float(bottom) if bottom.isdigit() else _parse_words(bottom) or 1.0
    return a / b


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
