"""Bounded work on hostile sizes: a huge quote or a huge source costs a bounded search, not a product."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rapidfuzz.fuzz

from quizkit.checking import check_bank
from quizkit.evidence import SEARCH_CHARS, WHOLE_SCAN_CHARS
from quizkit.model import Source
from quizkit.textmatch import SourceText

WORDS = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "investment",
    "trade",
    "tariff",
    "pledge",
    "summit",
]


def filler(lines: int, seed: int = 1) -> str:
    """Article-like lines of common words, deterministic."""
    out = []
    for line in range(lines):
        out.append(" ".join(WORDS[(line * 7 + i * (seed + 3)) % len(WORDS)] for i in range(14)) + ".")
    return "\n".join(out)


def write_bank(folder: Path, source: str, quote: str) -> Path:
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "a.txt").write_text(source, encoding="utf-8")
    question = {
        "id": "q",
        "type": "true_false",
        "prompt": "The article says so.",
        "answer": True,
        "explanation": "Why.",
        "evidence": [{"source": "a", "quote": quote}],
    }
    (folder / "bank.yaml").write_text(json.dumps({"title": "T", "questions": [question]}), encoding="utf-8")
    return folder


@pytest.fixture
def searches(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """(needle, haystack) lengths of every fuzzy search, the real search still doing the work."""
    seen: list[tuple[int, int]] = []
    real: Callable[..., Any] = rapidfuzz.fuzz.partial_ratio_alignment

    def spy(needle: str, haystack: str, **options: Any) -> Any:
        seen.append((len(needle), len(haystack)))
        return real(needle, haystack, **options)

    monkeypatch.setattr(rapidfuzz.fuzz, "partial_ratio_alignment", spy)
    return seen


def test_a_100000_character_quote_is_searched_by_its_head(
    tmp_path: Path, searches: list[tuple[int, int]]
) -> None:
    source = filler(1_000)
    quote = filler(1_400, seed=2).replace("\n", " ")[:100_000] + " nowhere"
    found = check_bank(write_bank(tmp_path, source, quote)).diagnostics
    assert [d.code for d in found if d.is_error] == ["quote-not-found"]
    assert found[0].hint is not None and found[0].hint.startswith("closest (")
    assert searches and max(needle for needle, _ in searches) <= SEARCH_CHARS
    assert sum(needle * haystack for needle, haystack in searches) <= SEARCH_CHARS * len(source)


def test_a_long_quote_still_says_what_differs(tmp_path: Path) -> None:
    sentence = "Japan has pledged to increase its investment in the United States to one trillion dollars"
    source = filler(50) + "\n" + sentence + " " + filler(8, seed=5).replace("\n", " ") + "\n"
    start = source.index(sentence)
    quote = source[start : start + 600].replace("pledged", "promised").replace("\n", " ").rsplit(" ", 1)[0]
    [found] = check_bank(write_bank(tmp_path, source, quote)).diagnostics
    assert found.code == "quote-not-found"
    assert found.hint is not None
    assert found.hint.splitlines()[0].startswith("closest (")
    assert ":51: " in found.hint.splitlines()[0]
    assert found.hint.splitlines()[1] == "differs: quote has 'promised' where the source has 'pledged'"


def test_a_very_long_source_is_searched_around_the_quotes_words(
    tmp_path: Path, searches: list[tuple[int, int]]
) -> None:
    body = filler(int(WHOLE_SCAN_CHARS * 1.5) // 70)
    sentence = "Ishiba conveyed his willingness to elevate Japanese investment to an unprecedented amount"
    source = body + "\n" + sentence + ".\n" + filler(100, seed=4) + "\n"
    assert len(source) > WHOLE_SCAN_CHARS
    quote = sentence.replace("willingness", "readiness")
    [found] = check_bank(write_bank(tmp_path, source, quote)).diagnostics
    line = body.count("\n") + 2
    assert found.hint is not None
    assert f"a.txt:{line}: " in found.hint
    assert sum(haystack for _, haystack in searches) <= 200 * 4 * 4 * SEARCH_CHARS  # windows, not the source


def test_the_map_back_to_the_source_grows_with_lines_not_characters() -> None:
    text = (
        filler(20_000)
        + "\nA last line \u2014 with a dash, \u201cquotes\u201d and an invisible\u00adhyphen.\n"
    )
    source_text = SourceText(Source(id="a", path="a.txt", text=text))
    start = source_text.normal.index("A last line")
    span = source_text.span(start, len(source_text.normal))
    assert text[span.text_start : span.text_end] == (
        "A last line \u2014 with a dash, \u201cquotes\u201d and an invisible\u00adhyphen."
    )
    assert span.line == 20_001
    assert len(source_text._offsets.starts) <= 20_000 + 20
