"""Keyed numbers against the cited evidence: grounded, contradicted, or not found.

A keyed number is judged only against quantities of the same kind in the evidence (a percent, an
amount of money, a year, an ordinal, a count of the same thing). It is *contradicted* when the
evidence states such a quantity and the key's value is none of them, and nothing suggests the
key was worked out, rounded or hedged; otherwise a number that is not there is *not found*.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations, pairwise
from typing import Literal, NamedTuple

from quizkit.casehints import CaseHints
from quizkit.numbers import Amount, find_amounts

Verdict = Literal["grounded", "contradicted", "not-found", "unjudged"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MAGNITUDE_WORDS = {"hundreds": 1e2, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}
_UNIT_MAGNITUDES = {
    **_MAGNITUDE_WORDS,
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "bn": 1e9,
    "mn": 1e6,
    "tn": 1e12,
}
_PERCENT = re.compile(r"%|\bper\s?cent(?:age)?s?\b|\bpp\b", re.IGNORECASE)
_CURRENCY = re.compile(r"(US\$|\$|€|£|¥)|\b(dollars?|euros?|pounds?|yen|usd)\b", re.IGNORECASE)
_CURRENCY_OF = {"$": "$", "us$": "$", "usd": "$", "dollar": "$", "dollars": "$", "€": "€", "euro": "€"}
_CURRENCY_OF |= {"euros": "€", "£": "£", "pound": "£", "pounds": "£", "¥": "¥", "yen": "¥"}
_MONEY = re.compile(r"\bhow much money\b|\bhow much (?:did|does|will|would) \w+ (?:pay|spend|invest)", re.I)
_ASKS_YEAR = re.compile(r"\b(?:which|what)\s+(?:calendar\s+|fiscal\s+)?year\b|\bwhen\b|\bby\s+when\b", re.I)
_HOW_MANY = re.compile(r"\b(?:how\s+many|number\s+of)\s+([^?.!,;:]{0,60})", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z']*|\S")
_STOP = _words(
    "a an the of in on at for to from by with and or but that than as is are was were be been "
    "being will would did does do has have had can could should may might must this these those "
    "it its their his her our your which who whom whose what when where why how per each every"
)
_MODIFIERS = _words(
    "more new additional other extra consecutive straight separate different further full whole "
    "hundred thousand million billion trillion hundreds thousands millions billions trillions bn "
    "mn tn"
)
_IRREGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child", "times": "time"}
_YEAR_BEFORE = _words(
    "in by since until till before after from during through year of fiscal fy early late mid "
    "spring summer autumn fall winter january february march april may june july august "
    "september october november december jan feb mar apr jun jul aug sep sept oct nov dec"
)
_FALLS = _words(
    "fell fall falls falling dropped drop drops dropping declined decline declines declining "
    "decreased decrease decreases down lost lose loses losing shrank shrink shrinks shrunk slid "
    "slide slides slipped slip slips contracted contract contracts plunged plunge tumbled tumble "
    "sank sink lower lowered reduced reduce cut cuts slumped slump negative minus narrowed narrow "
    "narrows narrowing eased ease eases easing"
)
_MORE = ("more than", "over", "above", "at least", "exceeding", "upwards of")
_LESS = ("less than", "fewer than", "under", "below", "at most", "up to", "no more than")
_ABOUT: tuple[str, ...] = (
    *("about", "around", "roughly", "approximately", "some", "close to", "an estimated", "estimated"),
    *("almost", "nearly", "just under", "just over", "approx", "approx.", "circa", "c."),
)
_WORKED = re.compile(
    r"\b(?:in\s+total|total|combined|altogether|in\s+all|including|excluding|difference|sum|together|"
    r"average|how\s+many\s+more|how\s+much\s+more|how\s+many\s+fewer|how\s+much\s+less|left|remain\w*|"
    r"ratio|times\s+(?:as|larger|more|bigger|higher|smaller)|twice|calculate|work\s+out)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\s*(?:other|more|additional|extra|further|fewer|less)\b", re.IGNORECASE)
_RANGE_JOIN = re.compile(r"\s*(?:-|to|and|through)\s*$", re.IGNORECASE)
MAX_DERIVED = 40
"""Beyond this many numbers in the evidence, a key is not tested as worked out from two of them."""


@dataclass(frozen=True, slots=True)
class Asked:
    """What a question asks for, read from its prompt (and `unit:`): the kind and scale of its key."""

    percent: bool = False
    currency: str | None = None
    money: bool = False
    year: bool = False
    noun: str | None = None
    magnitude: float = 1.0
    worked: bool = False
    """The prompt asks for arithmetic ("in total", "how many more"): the key need not be stated."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount with what it measures; `dimension` is None where that is unclear."""

    amount: Amount
    dimension: str | None
    firm: bool
    """States the quantity plainly: no 'about', 'more than', and of a clear kind."""
    hedge: str | None = None
    falls: bool = False


@dataclass(frozen=True, slots=True)
class Judgement:
    """A keyed quantity's verdict, and the evidence quantities it is judged against."""

    verdict: Verdict
    against: tuple[Amount, ...] = ()
    same_figure: Amount | None = None
    """An evidence amount with the key's figure at another scale ('300' against '$300 billion')."""


class Scale(NamedTuple):
    """The unit and scale a question gives a bare number in its key ('What percent ...?',
    'How many billions of dollars ...?'): the part of `Asked` that `scaled` reads."""

    percent: bool = False
    currency: str | None = None
    magnitude: float = 1.0


def read_scale(prompt: str, unit: str | None = None) -> Scale:
    """The unit and scale a prompt (and a numeric question's `unit:`) gives a bare number:
    `read_asked`'s, at a third of the cost, for the keys that turn out to be stated anyway."""
    text = f"{prompt} {unit or ''}"
    return _read_scale(text, CaseHints(text), unit)


def _read_scale(text: str, hints: CaseHints, unit: str | None) -> Scale:
    currency_match = _CURRENCY.search(text) if hints.any(_CURRENCY_HINTS) else None
    currency = None
    if currency_match:
        currency = _CURRENCY_OF.get((currency_match.group(1) or currency_match.group(2)).lower())
    magnitude = 1.0
    if hints.any(_MAGNITUDE_HINTS):  # a word found below is in the text
        for word in _LATIN_WORD.findall(hints.lower):
            if word in _MAGNITUDE_WORDS:
                magnitude = _MAGNITUDE_WORDS[word]
                break
        else:  # 'How many million tonnes ...?' counts in millions as 'how many millions' does
            asked = _HOW_MANY_OF.search(hints.lower)
            if asked is not None:
                magnitude = _UNIT_MAGNITUDES[asked.group(1)]
    if unit:
        for word in _LATIN_WORD.findall(unit.lower()):
            if word in _UNIT_MAGNITUDES:
                magnitude = _UNIT_MAGNITUDES[word]
    percent = hints.any(_PERCENT_HINTS) and bool(_PERCENT.search(text))
    return Scale(percent, currency, magnitude)


def read_asked(prompt: str, unit: str | None = None) -> Asked:
    """The kind of quantity a prompt (and a numeric question's `unit:`) asks for."""
    text = f"{prompt} {unit or ''}"
    hints = CaseHints(text)
    scale = _read_scale(text, hints, unit)
    how_many = _HOW_MANY.search(prompt) if hints.any(_HOW_MANY_HINTS) else None
    noun = head_noun(how_many.group(1)) if how_many else None
    if unit and not (_PERCENT.search(unit) or _CURRENCY.search(unit)):
        noun = head_noun(unit) or noun
    return Asked(
        percent=scale.percent,
        currency=scale.currency,
        money=scale.currency is not None or (hints.any(("how much",)) and bool(_MONEY.search(prompt))),
        year=noun is None and hints.any(("year", "when")) and bool(_ASKS_YEAR.search(prompt)),
        noun=noun,
        magnitude=scale.magnitude,
        worked=hints.any(_WORKED_HINTS) and bool(_WORKED.search(prompt)),
    )


_LATIN_WORD = re.compile(r"[A-Za-z]+")
_CURRENCY_HINTS = ("$", "€", "£", "¥", "dollar", "euro", "pound", "yen", "usd")
_MAGNITUDE_HINTS = ("hundred", "thousand", "million", "billion", "trillion")
_HOW_MANY_OF = re.compile(
    r"\bhow many (?:more |fewer |additional |extra )?(hundred|thousand|million|billion|trillion)\b"
)
"""A count asked in a magnitude written in the singular ('how many million metric tons')."""
_HOW_MANY_HINTS = ("many", "number")
_PERCENT_HINTS = ("%", "per", "pp")
_WORKED_HINTS = (
    *("total", "combined", "together", "all", "including", "excluding", "difference", "sum", "average"),
    *("more", "fewer", "less", "left", "remain", "ratio", "times", "twice", "calculate", "work"),
)
"""Words without one of which the pattern of the same name cannot match (in lower case)."""


def head_noun(words: str) -> str | None:
    """The thing counted, as its words joined by '+': 'new jobs in Ohio' -> 'job', 'times has' -> 'time'.

    Up to two words, ending at the first plural: 'quality jobs' -> 'quality+job'.
    """
    kept: list[str] = []
    previous = ""
    for token in _WORD.findall(words)[:5]:
        word = token.lower()
        if word == "of" and not kept and previous in _MAGNITUDE_WORDS:
            continue  # 'thousands of homes' -> 'home'
        previous = word
        if not word[0].isalpha() or word in _STOP:
            break
        if word in _MODIFIERS:
            continue
        singular = _singular(word)
        kept.append(singular)
        if singular != word or len(kept) == 2:
            break
    return "+".join(kept) or None


def _same_thing(one: str, other: str) -> bool:
    return bool(set(one.split("+")) & set(other.split("+")))


def _singular(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def evidence_quantities(text: str, amounts: list[Amount] | None = None) -> list[Quantity]:
    """The quantities a normalised quote states, each with its kind where that is clear.

    `amounts` are the quote's, if found already (`find_amounts(text)`)."""
    if amounts is None:
        amounts = find_amounts(text)
    out: list[Quantity] = []
    previous_hedge: str | None = None
    for index, amount in enumerate(amounts):
        before = text[max(0, amount.start - 40) : amount.start]
        after = text[amount.end : amount.end + 60]
        dimension = _dimension(amount, before, after, None)
        if dimension is None and amount.kind == "number" and _is_year_form(amount) and index > 0:
            previous = amounts[index - 1]
            if _is_year_form(previous) and _RANGE_JOIN.fullmatch(text[previous.end : amount.start]):
                dimension = "year"  # "2025-2027", "from 2025 to 2027"
        hedge = _hedge(before)
        between = text[amounts[index - 1].end : amount.start] if index > 0 else ""
        if hedge is None and between and _ALTERNATIVE.fullmatch(between):
            hedge = previous_hedge  # 'over 51,200 KB/50 MB': over both
        relative = _RELATIVE.match(after) is not None  # "12 other countries", "5 more ships"
        firm = dimension is not None and hedge is None and not relative and amount.kind != "fraction"
        firm = firm and not amount.weak
        falls = amount.value < 0 or bool(_FALLS & set(before.lower().split()[-3:]))
        out.append(Quantity(amount, dimension, firm, hedge, falls))
        previous_hedge = hedge
        if amount.kind == "fraction" and _RATIO.search(amount.text):
            out.extend(Quantity(part, None, False, hedge) for part in _ratio_parts(amount))
    if "ecade" in text or "entur" in text:  # as _SPANS would find, much sooner
        out.extend(_spans(text, amounts))
    return _with_durations(text, out)


_ALTERNATIVE = re.compile(r"\s*[A-Za-z]{0,5}\s*/\s*")
"""Between a figure and the same figure in another unit: '51,200 KB/50 MB'."""
_SPANS = re.compile(
    r"\b(?:(?P<half>half[\s-]+an?|an?[\s-]+half)[\s-]+|(?P<one>an?|one)[\s-]+)?"
    r"(?P<unit>decades?|century|centuries)\b(?![\s-]+(?:ago|old|long)\b)",
    re.IGNORECASE,
)
_SPAN_YEARS = {"decade": 10.0, "decades": 10.0, "century": 100.0, "centuries": 100.0}


def _spans(text: str, amounts: list[Amount]) -> list[Quantity]:
    """'a decade earlier' as 10 years, 'two decades' as 20, 'a half century' as 50: a time that
    grounds a key in years (or months), never contradicts one. 'Decades ago', 'a decade-old law',
    'this century' give no figure."""
    found = []
    ends = {a.end: a for a in amounts if a.kind == "number" and not a.unit}
    for match in _SPANS.finditer(text):
        years = _SPAN_YEARS[match["unit"].lower()]
        if match["half"]:
            count, start = 0.5, match.start()
        elif match["one"]:
            count, start = 1.0, match.start()
        elif match["unit"].lower() in ("decades", "centuries"):
            before = ends.get(match.start() - 1) if text[match.start() - 1 : match.start()] == " " else None
            if before is None:
                continue  # 'for decades': no number of them
            count, start = before.value, before.start
        else:
            continue  # 'this century'
        total = Amount(count * years, None, text[start : match.end()], "number", None, start, match.end())
        found.append(Quantity(total, "count:year", False))
    return found


_RATIO = re.compile(r"\s(?:in|out\s+of)\s|/", re.IGNORECASE)


def _ratio_parts(ratio: Amount) -> list[Amount]:
    """The two counts of 'three in ten' (3 and 10), which a key may give instead of the share."""
    pieces = _RATIO.split(ratio.text)
    return [a._replace(start=ratio.start, end=ratio.end) for piece in pieces for a in find_amounts(piece)]


_DURATION_JOIN = re.compile(r"\s*(years?|months?|weeks?|days?|hours?)\s*(?:,\s*)?(?:and\s+)?$", re.I)
_NEXT_WORD = re.compile(r"[\s-]*([A-Za-z]+)")
_DURATION_PARTS = {
    ("year", "month"): 12.0,
    ("week", "day"): 7.0,
    ("day", "hour"): 24.0,
    ("hour", "minute"): 60.0,
}


def _with_durations(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """A time written in two units ('two years and six months') also as a total in each (2.5 years,
    30 months), whose parts alone ('two' years) then never contradict a key; and any time also in
    the next unit: '21 days' is 3 weeks, which grounds a key but never contradicts one; 'four years'
    is 48 months, which may (a key of 40 months is wrong)."""
    totals: list[Quantity] = []
    parts: set[int] = set()
    for index, (first, second) in enumerate(pairwise(quantities)):
        a, b = first.amount, second.amount
        join = _DURATION_JOIN.fullmatch(text[a.end : b.start]) if a.kind == b.kind == "number" else None
        if join is None or a.unit or b.unit or second.dimension is None:
            continue
        big, small = _singular(join.group(1).lower()), second.dimension.removeprefix("count:")
        per = _DURATION_PARTS.get((big, small))
        if per is None:
            continue
        firm = first.firm and second.firm
        named = _NEXT_WORD.match(text, b.end)
        end = named.end() if named and _singular(named.group(1).lower()) == small else b.end
        for value, unit in ((a.value + b.value / per, big), (a.value * per + b.value, small)):
            total = Amount(value, None, text[a.start : end], "number", None, a.start, end)
            totals.append(Quantity(total, f"count:{unit}", firm, first.hedge))
        parts.update((index, index + 1))
    for index, q in enumerate(quantities):
        counted = q.dimension.removeprefix("count:") if q.dimension and q.amount.kind == "number" else ""
        units = _TIME_UNITS.get(counted, ())
        if units:  # shown with its unit, 'four years', where a message names it
            named = _NEXT_WORD.match(text, q.amount.end)
            whole = named is not None and _singular(named.group(1).lower()) == counted
            shown = text[q.amount.start : named.end()] if named is not None and whole else q.amount.text
        for other, factor in units:
            same = Amount(q.amount.value * factor, None, shown, "number", None, q.amount.start, q.amount.end)
            # in a smaller unit the same time exactly ('four years' is 48 months): as firm as it is;
            # in a larger one ('21 days' is 3 weeks) it grounds a key but never contradicts one
            firm = q.firm and factor > 1 and index not in parts  # 'two' of 'two years and six months' is not
            totals.append(Quantity(same, f"count:{other}", firm, q.hedge))
    if not totals:
        return quantities
    kept = [replace(q, firm=False) if i in parts else q for i, q in enumerate(quantities)]
    return kept + totals


_TIME_UNITS: dict[str, tuple[tuple[str, float], ...]] = {
    "year": (("month", 12.0),),
    "month": (("year", 1 / 12),),
    "week": (("day", 7.0),),
    "day": (("week", 1 / 7), ("hour", 24.0)),
    "hour": (("minute", 60.0), ("day", 1 / 24)),
    "minute": (("hour", 1 / 60),),
}
"""A time in one unit is the same time in the next ('21 days' is '3 weeks')."""


def key_quantities(text: str, amounts: list[Amount], asked: Asked) -> list[Quantity]:
    """The quantities a keyed text states (`amounts`, found in it), scaled and kinded by the question."""
    out: list[Quantity] = []
    for written in amounts:
        before = text[max(0, written.start - 40) : written.start]
        after = text[written.end : written.end + 60]
        amount = scaled(written, asked)
        dimension = _dimension(amount, before, after, asked)
        hedge = "worked" if asked.worked else _hedge(before)
        out.append(Quantity(amount, dimension, dimension is not None, hedge))
    return out


def is_bare(amount: Amount) -> bool:
    """A number as written, with no unit or scale of its own: the question may give it one."""
    return amount.kind == "number" and amount.unit is None and amount.written == amount.value


def scaled(amount: Amount, asked: Asked | Scale) -> Amount:
    """A keyed amount with the unit and scale the question gives a bare number ('How many billions ...?')."""
    if is_bare(amount) and (asked.percent or asked.currency or asked.magnitude != 1.0):
        unit = "%" if asked.percent else asked.currency
        value = amount.value * asked.magnitude
        return Amount(value, unit, amount.text, "number", amount.written, amount.start, amount.end)
    return amount


def numeric_amount(answer: float, text: str, asked: Asked | Scale) -> Amount:
    """A numeric question's key, in the unit and scale its prompt and unit give it."""
    unit = "%" if asked.percent else asked.currency
    return Amount(answer * asked.magnitude, unit, text, "number", answer, 0, 0)


def numeric_quantity(answer: float, text: str, asked: Asked) -> Quantity:
    """A numeric question's key, with the kind and scale its prompt and unit give it."""
    amount = numeric_amount(answer, text, asked)
    return Quantity(amount, _dimension(amount, "", "", asked), True, "worked" if asked.worked else None)


def _dimension(amount: Amount, before: str, after: str, asked: Asked | None) -> str | None:
    if amount.kind == "fraction" or amount.weak:
        return None
    if amount.unit == "%":
        return "percent"
    if amount.unit:
        return f"money:{amount.unit}"
    if asked is not None and asked.money:
        return "money:"
    if amount.kind == "ordinal":
        noun = head_noun(after) or (asked.noun if asked else None)
        return f"ordinal:{noun or ''}"
    if _is_year_form(amount):
        if asked is not None and asked.year:
            return "year"
        words = before.lower().split()  # a key's own words date it too: 'its first title since 1986'
        if (words and words[-1].strip(",") in _YEAR_BEFORE) or re.search(
            r"[A-Za-z]+\.? \d{1,2},\s*$", before
        ):
            return "year"
        return None  # "2000 troops" or "in 2000": unclear, so it never contradicts
    if after[:1] == "-" and after[1:2].isalpha():  # 'a five-year project': five years
        noun = head_noun(_LATIN_WORD.match(after, 1).group())  # type: ignore[union-attr]  # a letter follows
    else:
        noun = head_noun(after) if after.strip() else None
    if noun is None and asked is not None and not after.strip():
        noun = asked.noun
    return f"count:{noun}" if noun else None


def _is_year_form(amount: Amount) -> bool:
    return (
        amount.kind == "number"
        and amount.unit is None
        and 1800 <= amount.value < 2200
        and amount.value == amount.written
        and len(amount.text) == 4
        and amount.text.isdigit()
    )


def _hedge(before: str) -> str | None:
    tail = " " + " ".join(before.lower().split()[-3:])
    if tail.endswith(_ABOUT_ENDS) or before.endswith("~"):
        return "about"
    if tail.endswith(_LESS_ENDS):
        return "less"
    if tail.endswith(_MORE_ENDS):
        return "more"
    return None


_ABOUT_ENDS = tuple(" " + words for words in _ABOUT)
_LESS_ENDS = tuple(" " + words for words in _LESS)
_MORE_ENDS = tuple(" " + words for words in _MORE)


def judge(
    key: Quantity,
    evidence: list[Quantity],
    *,
    ranges: Sequence[tuple[float, float, str | None]] = (),
    tolerance: float = 0.0,
    fallback: bool = False,
) -> Judgement:
    """Grounded, contradicted or not found; `fallback` lets a key of unclear kind take the evidence's.

    A fraction or ordinal key that is not in the evidence is left unjudged unless the evidence
    states a quantity of its kind: "half" and "third" are often not numbers at all.
    """
    if any(_agrees(key, other, tolerance) for other in evidence) or _in_range(key, ranges):
        return Judgement("grounded")
    dimension = key.dimension
    if dimension is None and fallback:
        explicit = {
            q.dimension
            for q in evidence
            if q.firm and q.dimension and (q.dimension == "percent" or q.dimension.startswith("money:"))
        }
        if len(explicit) == 1:
            dimension = explicit.pop()
    against = tuple(
        q.amount for q in evidence if (q.firm or _far_outside(key, q)) and _comparable(dimension, q.dimension)
    )
    same_figure = next(
        (
            q.amount
            for q in evidence
            if q.amount.written is not None
            and key.amount.written is not None
            and math.isclose(abs(q.amount.written), abs(key.amount.written), rel_tol=1e-9)
            and not _distinct(dimension, q.dimension)
        ),
        None,
    )
    inside = any(_year_within(key, lo, hi) for lo, hi, _ in ranges)
    if against and not key.hedge and same_figure is None and not inside and not _worked_out(key, evidence):
        return Judgement("contradicted", against)
    if key.amount.kind in ("fraction", "ordinal") and not against:
        shares = any(q.amount.unit == "%" or q.amount.kind == "fraction" for q in evidence)
        if key.amount.kind == "ordinal" or not shares:
            return Judgement("unjudged")
    return Judgement("not-found", against, same_figure)


HEDGE_MARGIN = 1.5
"""A key this many times off a hedged figure ('about 12,000' for 21,000) is not what it hedges."""


def _far_outside(key: Quantity, other: Quantity) -> bool:
    """A hedged figure ('about 12,000', 'more than 100') of a clear kind that the key is well outside."""
    if other.hedge is None or other.dimension is None or other.amount.kind != "number" or key.hedge:
        return False
    a, b = abs(key.amount.value), abs(other.amount.value)
    too_big = a > b * HEDGE_MARGIN and other.hedge in ("about", "less")
    too_small = a * HEDGE_MARGIN < b and other.hedge in ("about", "more")
    return too_big or too_small


def _comparable(key: str | None, other: str | None) -> bool:
    if key is None or other is None:
        return False
    if key == other:
        return True
    kind, _, noun = key.partition(":")
    other_kind, _, other_noun = other.partition(":")
    if kind == "money" and other_kind == "money":
        return not noun or not other_noun
    if kind == "ordinal" and other_kind == "ordinal" and not (noun and other_noun):
        return True
    # "how many times" against "for the fourth time": a count and an ordinal of the same thing
    return (
        {kind, other_kind} <= {"count", "ordinal"}
        and bool(noun and other_noun)
        and _same_thing(noun, other_noun)
    )


def _distinct(key: str | None, other: str | None) -> bool:
    """Counts of two different things ('ships', 'planes'): a figure of one says nothing of the other."""
    if key is None or other is None or _comparable(key, other):
        return False
    return key.partition(":")[2] != "" and other.partition(":")[2] != ""


def plainly_agrees(mine: Amount, other: Amount, tolerance: float = 0.0) -> bool:
    """The evidence states the key's figure in a unit that agrees: grounded, whatever else it says.

    The first test `judge` makes (`_agrees`), for the usual case, before anything about the
    key's or the evidence's context is worked out."""
    if mine.unit and other.unit and mine.unit != other.unit:
        return False
    if mine.kind == "fraction" or other.kind == "fraction":
        return False
    return _close(mine.value, other.value) or abs(mine.value - other.value) <= tolerance


def _agrees(key: Quantity, other: Quantity, tolerance: float) -> bool:
    mine, theirs = key.amount, other.amount
    if mine.unit and theirs.unit and mine.unit != theirs.unit:
        return False
    a, b = mine.value, theirs.value
    if mine.kind == "fraction" and theirs.unit == "%":
        a *= 100
    elif theirs.kind == "fraction" and mine.unit == "%":
        b *= 100
    if (mine.kind == "fraction") != (theirs.kind == "fraction") and (mine.unit == "%" or theirs.unit == "%"):
        return abs(a - b) <= (5.0 if key.hedge or other.hedge else 1.0)
    if _close(a, b) or abs(a - b) <= tolerance:
        return True
    if _glued_scale_agrees(mine, theirs):
        return True
    if _close(abs(a), abs(b)) and (other.falls or (b < 0) == (a < 0)):
        return True
    if key.hedge == "more":
        return b >= a
    if key.hedge == "less":
        return b <= a
    if key.hedge == "about":
        return abs(a - b) <= 0.1 * abs(b)
    return False


_GLUED_SCALE = re.compile(r"\d([kmbt])$", re.IGNORECASE)
_LETTER_SCALES = {"k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
"""'4.2m', '50k': a one-letter scale straight after the digits, not read as one (it may be metres)."""


def _glued_scale_agrees(mine: Amount, theirs: Amount) -> bool:
    """One side writes a figure with a bare one-letter scale ('4.2m'), the other spells it out."""
    for short, full in ((theirs, mine), (mine, theirs)):
        glued = _GLUED_SCALE.search(short.text) if short.unit is None else None
        if glued is not None and _close(short.value * _LETTER_SCALES[glued.group(1).lower()], full.value):
            return True
    return False


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def evidence_ranges(text: str, quantities: list[Quantity]) -> list[tuple[float, float, str | None]]:
    """The ranges a quote states ("between 3 and 5", "3-5 days", "from 2% to 4%"): low, high, unit."""
    found: list[tuple[float, float, str | None]] = []
    for low, high in pairwise(quantities):
        a, b = low.amount, high.amount
        gap = text[a.end : b.start]
        if not _RANGE_JOIN.fullmatch(gap) or (gap.strip().lower() == "and" and not _opens_range(text, a)):
            continue
        first = a.value
        if a.unit is None and b.unit and a.written == a.value and b.written:
            first = a.value * b.value / b.written  # "3 to 5 billion dollars": the 3 is billions too
        if first >= b.value or _is_change(text, a) or _points(a) != _points(b):
            continue  # "2025-26", a 7-2 vote, a 3-1 win; "rose from 4.8% to 6.2%": two figures, no range
        found.append((first, b.value, b.unit or a.unit))
    return found


_RISES = _words(
    "rose rise rises rising risen grew grow grows growing grown increased increase increases increasing "
    "climbed climb climbs jumped jump jumps soared soar soars up raised raise raises gained gain gains "
    "went moved changed"
)
_CHANGES = _RISES | _FALLS


def _is_change(text: str, first: Amount) -> bool:
    """'rose from 4.8% to 6.2%', 'fell by 2% to 5.1%': a change and where it ended, not a range."""
    words = [w.strip(",") for w in text[max(0, first.start - 30) : first.start].lower().split()]
    if len(words) >= 2 and words[-1] in ("from", "by") and words[-2] in _CHANGES:
        return True
    return (
        bool(words) and words[-1] in _CHANGES and first.unit is not None
    )  # 'rose 2% to', not 'rose 2 to 3%'


def _points(amount: Amount) -> bool:
    return amount.unit == "%" and bool(re.search(r"points?\b|pp\b", amount.text, re.IGNORECASE))


def _in_range(key: Quantity, ranges: Sequence[tuple[float, float, str | None]]) -> bool:
    unit = key.amount.unit
    return any(
        lo <= key.amount.value <= hi and not (u and unit and u != unit) and not _year_within(key, lo, hi)
        for lo, hi, u in ranges
    )


def _year_within(key: Quantity, lo: float, hi: float) -> bool:
    """A year strictly inside 'from 2016 to 2023': not stated (the key is most often an end, and
    2022 for 'the year the thefts ended' is a slip), but no contradiction either."""
    years = all(v.is_integer() and 1800 <= v < 2200 for v in (lo, hi))
    return key.dimension == "year" and years and lo < key.amount.value < hi


def _opens_range(text: str, first: Amount) -> bool:
    return text[max(0, first.start - 12) : first.start].lower().rstrip().endswith("between")


def _worked_out(key: Quantity, evidence: list[Quantity]) -> bool:
    """The key could be the evidence's numbers worked out, rounded, or read at another scale."""
    target = key.amount.value
    values: list[float] = []
    stated: list[float] = []
    for q in evidence:
        if q.amount.weak:
            continue
        values.append(q.amount.value)
        stated.append(q.amount.value)
        if q.amount.written is not None and q.amount.written != q.amount.value:
            values.append(q.amount.written)
    if len(values) > MAX_DERIVED:
        return True  # too many numbers to rule out arithmetic: do not call it contradicted
    if key.dimension != "year" and any(_rounds_to(v, target) for v in values):
        return True
    if any(_close(v * 100, target) or _close(v / 100, target) for v in stated):
        return True  # a share as a percent (0.25, 25); not the 90 of 'ninety thousand' as 9,000
    if any(_close(v * f, target) or _close(v / f, target) for v in values for f in _PERIODS):
        return True  # '$10 a month' asked 'a year': $120
    for a, b in combinations(values, 2):
        results = [a + b, a - b, b - a, a * b]
        if b:
            results.append(a / b)
            results.append((a - b) / b * 100)
        if a:
            results.append(b / a)
            results.append((b - a) / a * 100)
        if any(_close(r, target) or _rounds_to(r, target) for r in results):
            return True
    return False


_PERIODS = (7.0, 12.0, 24.0, 52.0, 60.0, 365.0)
"""A figure per day, week, month or hour may be asked per week, year, day or minute."""


def _rounds_to(value: float, key: float) -> bool:
    """The key is `value` rounded to the key's own precision (2.38 -> 2.4, 312 -> 300)."""
    if key == 0 or not math.isfinite(value) or not math.isfinite(key):  # 1e308 billions is inf
        return False
    text = f"{abs(key):.10f}".rstrip("0")
    decimals = len(text.split(".")[1]) if "." in text and not text.endswith(".") else 0
    if decimals == 0:
        whole = str(int(abs(key)))
        if len(whole.rstrip("0")) < 2:
            return False  # 30 or 300 as a rounding of 25 or 312 is too coarse to excuse
        decimals = -(len(whole) - len(whole.rstrip("0")))
    step = 10.0 ** (-decimals)
    return abs(value - key) <= step / 2 + 1e-9 * max(1.0, abs(key)) and not _close(value, key)
