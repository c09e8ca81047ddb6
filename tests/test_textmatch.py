"""Normalisation, quote location and the map back to the original text and its lines."""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest

from quizkit import numbers, textmatch
from quizkit.model import Source
from quizkit.numbers import find_amounts
from quizkit.textmatch import SourceText, locate_quote, normalize, quote_context
from tests.conftest import BANKS, ROOT


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("Japan\u2019s \u201cunprecedented\u201d", 'Japan\'s "unprecedented"'),
        ("President\u00a0 Donald\u2009Trump", "President Donald Trump"),
        ("money\u2014$300", "money-$300"),
        ("money \u2013 $300", "money-$300"),
        ("money -- $300", "money-$300"),
        ("x - - y", "x-y"),
        ("multi-trillion-dollar", "multi-trillion-dollar"),
        ("wait\u2026 what", "wait... what"),
        ("  line\n  break\r\n\tand tab  ", "line break and tab"),
        ("\ufb01nance", "finance"),  # NFKC: the ligature is two letters
    ],
)
def test_normalize(typed: str, normal: str) -> None:
    assert normalize(typed) == normal


def all_sources() -> list[Path]:
    """Every readable UTF-8 source (fixtures for the unreadable and not-utf8 errors left out)."""
    paths = sorted(ROOT.glob("questions/*/sources/*.txt")) + sorted(BANKS.glob("*/sources/*.txt"))
    return [p for p in paths if p.is_file() and _is_utf8(p)]


def _is_utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_nfkc_of_a_text_is_that_of_each_of_its_lines() -> None:
    """The shortcut for common compatibility characters gives NFKC exactly, combining marks and all."""
    alphabet = [
        *"ab \n\u00a0\u2009\u202f\u2026\ufb01\ufb02\u00bd\u00bc\u00be",
        *"\u0301\u0327\u0308\u1100\u1161\u11a8\u2122\u2033\uff21\u0130\u00e9\u212b\u2460",
    ]
    chooser = random.Random(7)
    for _ in range(20_000):
        text = "".join(chooser.choice(alphabet) for _ in range(chooser.randint(0, 24)))
        by_line = "\n".join(unicodedata.normalize("NFKC", line) for line in text.split("\n"))
        assert textmatch._nfkc(text) == by_line == unicodedata.normalize("NFKC", text), repr(text)


@pytest.mark.parametrize("path", all_sources(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_character_maps_back_exactly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    source_text = SourceText(Source(id="s", path=str(path), text=text))
    source_text.span(0, 1)  # builds the map
    assert not source_text.approximate


def article() -> Source:
    text = (
        "Headline\n\n"
        "Japan has pledged to increase its investment\u00a0in the U.S. to $1 trillion.\n"
        "\u201cIt is historic,\u201d the official said\u2014per Reuters. Another sentence.\n"
    )
    return Source(id="a", path="a.txt", text=text, first_line=5)


def test_lines_are_file_lines_front_matter_included() -> None:
    text = SourceText(article())
    location = locate_quote('"It is historic," the official said', text)
    assert location.spans is not None
    assert [s.line for s in location.spans] == [8]


def test_quote_must_start_and_end_on_word_boundaries() -> None:
    text = SourceText(article())
    assert locate_quote("pledge", text).spans is None  # "pledged"
    assert locate_quote("apan has pledged", text).spans is None
    assert locate_quote("Japan has pledged", text).spans is not None


def test_fragments_in_order_and_case_only_matches() -> None:
    text = SourceText(article())
    assert locate_quote("Japan has pledged ... $1 trillion", text).spans is not None
    assert locate_quote("$1 trillion ... Japan has pledged", text).spans is None
    lowered = locate_quote("japan has pledged", text)
    assert lowered.spans is not None and lowered.case_only


def test_context_runs_to_the_end_of_the_sentence_past_abbreviations() -> None:
    source = Source(
        id="s",
        path="s.txt",
        text="First one. Talks between U.S. President Donald J. Trump and Mr. Ishiba ended. Next.\n",
    )
    context = quote_context("Talks between U.S. President", source)
    assert context is not None
    assert "".join(text for text, _ in context.segments) == (
        "Talks between U.S. President Donald J. Trump and Mr. Ishiba ended."
    )
    closing = quote_context(
        "I conveyed my willingness",
        Source(id="q", path="q.txt", text="\u201cI conveyed my willingness.\u201d Then more."),
    )
    assert closing is not None
    assert "".join(text for text, _ in closing.segments) == "\u201cI conveyed my willingness.\u201d"


def test_invisible_characters_in_a_source_do_not_hide_a_quote() -> None:
    source = Source(
        id="s",
        path="s.txt",
        text="He said invest\u00adment would rise. The council \u200bvoted to approve it.\n",
    )
    text = SourceText(source)
    assert locate_quote("said investment would rise", text).found
    assert locate_quote("The council voted to approve", text).found
    context = quote_context("said investment would rise", source)
    assert context is not None
    assert ("said invest\u00adment would rise", True) in context.segments
    assert not text.approximate


def test_direction_marks_in_a_source_or_quote_do_not_hide_it() -> None:
    source = Source(
        id="s",
        path="s.txt",
        text="قال الوزير \u200fإن الاتفاق\u200f تاريخي. He said \u2067שלום\u2069 twice.\n",
    )
    text = SourceText(source)
    assert locate_quote("قال الوزير إن الاتفاق تاريخي", text).found
    assert locate_quote("\u202bHe said שלום twice\u202c", text).found
    assert not text.approximate


def test_a_quote_in_quotation_marks_of_its_own_is_found() -> None:
    text = SourceText(article())
    assert locate_quote('"Japan has pledged to increase"', text).found
    assert locate_quote("\u201cJapan has pledged to increase\u201d", text).found
    assert locate_quote('"It is historic,"', text).found  # marks that are the article's own


def test_context_marks_the_quote_inside_its_sentence_in_the_original_text() -> None:
    context = quote_context("the official said - per Reuters", article())
    assert context is not None
    assert context.line == 8
    assert context.segments == (
        ("\u201cIt is historic,\u201d ", False),
        ("the official said\u2014per Reuters", True),
        (".", False),
    )


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("$1 trillion", [(1e12, "$")]),
        ("one trillion dollars", [(1e12, "$")]),
        ("nearly a billion dollars", [(1e9, "$")]),
        ("$68.5 billion, down from $71.6 billion in 2023", [(68.5e9, "$"), (71.6e9, "$"), (2023, None)]),
        ("for five consecutive years", [(5, None)]),
        ("one of the world's largest", []),
        ("100,000 quality jobs", [(100_000, None)]),
        ("twenty-five percent", [(25, "%")]),
        ("a hundred days", [(100, None)]),
        ("multi-trillion-dollar", []),
        ("US$5bn", [(5e9, "$")]),
        ("between five and seven years", [(5, None), (7, None)]),
        ("one hundred and five", [(105, None)]),
        ("The G7 leaders pledged $5 billion", [(5e9, "$")]),
        ("COVID-19 and the F-35", [(19, None), (35, None)]),
    ],
)
def test_amounts(text: str, values: list[tuple[float, str | None]]) -> None:
    assert [(a.value, a.unit) for a in find_amounts(text)] == values


def test_amounts_compare_by_value_and_unit() -> None:
    [dollars] = find_amounts("$1 trillion")
    [words] = find_amounts("one trillion dollars")
    [bare] = find_amounts("1 trillion")
    [percent] = find_amounts("1 trillion percent")
    assert dollars.same_as(words) and dollars.same_as(bare)
    assert not dollars.same_as(percent)


def test_amounts_with_letters_the_pattern_takes_for_ascii_ones() -> None:
    """A case-blind pattern takes 'ı', 'İ', 'ſ' and the Kelvin sign for 'i', 's' and 'k': such
    words are read as the words they match, never a crash."""
    found = find_amounts("5 bıllion lira, 3 dollarſ and US$2 BİLLION")
    assert [(a.value, a.unit, a.text) for a in found] == [
        (5e9, None, "5 bıllion"),
        (3.0, "$", "3 dollarſ"),
        (2e9, "$", "US$2 BİLLION"),
    ]


def test_amounts_are_found_where_the_full_pattern_would_find_them() -> None:
    """find_amounts tries its pattern only near digits and number words: the same matches, faster."""
    pieces = ["a", "an", "one", "two", "hundred", "and", "five", "third", "a third", "half", "$", "US$"]
    pieces += ["-", "minus", "5", "0.5", "%", "percent", "billion", "bn", "4th", "fourth", "twenty-first"]
    pieces += [" ", "  ", "G7", "x", "the", "€", "2,000", "1990s", "-$5", "per cent", "dozen", "(", "\t"]
    pieces += ["5bn", "Five", "Ninety-Nine", "us$", "£", "\u00a0", "é", "one in five", "1/3", "x5", ","]
    chooser = random.Random(3)
    texts = ["Prices rose 2.6% in March and fell -0.5% in April, to US$ 5bn.", "COVID-19 and the F-35"]
    for _ in range(3_000):
        texts.append(" ".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 12))))
        texts.append("".join(chooser.choice(pieces) for _ in range(chooser.randint(1, 8))))
    for text in texts:
        expected = [match.span() for match in numbers._NUMBER.finditer(text)]
        assert [match.span() for match in numbers._matches(text)] == expected, text
