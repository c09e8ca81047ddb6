"""Guards for the shipped japan-us-summit bank: it checks clean and covers what a lesson needs."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from quizkit.checking import CheckedBank, check_bank
from quizkit.diagnostics import format_text
from quizkit.lint.registry import rule_codes
from quizkit.model import DIFFICULTIES, QUESTION_TYPES, SKILLS, Bank

BANK_DIR = Path(__file__).resolve().parents[1] / "questions" / "japan-us-summit"
SOURCES_DIR = BANK_DIR / "sources"
SHARED_ARTICLES = Path(__file__).resolve().parents[2] / "shared" / "articles"
SOURCE_FILES = sorted(SOURCES_DIR.glob("*.txt"))


@lru_cache(maxsize=1)
def _checked() -> CheckedBank:
    return check_bank(BANK_DIR, strict=True)


@pytest.fixture
def bank() -> Bank:
    checked = _checked()
    assert checked.bank is not None, "the shipped bank did not load"
    return checked.bank


def _body(path: Path) -> bytes:
    """The article text below the front matter, exactly as stored."""
    data = path.read_bytes()
    if not data.startswith(b"---\n"):
        return data
    end = data.index(b"\n---\n", 3)
    return data[end + len(b"\n---\n") :]


def test_strict_check_is_clean_but_for_lints() -> None:
    checked = _checked()
    found = [d for d in checked.diagnostics if d.code not in rule_codes()]
    listing = "\n".join(format_text(d) for d in found)
    assert found == [], f"quizkit check --strict reports:\n{listing}"


def test_strict_check_is_clean() -> None:
    checked = _checked()
    listing = "\n".join(format_text(d) for d in checked.diagnostics)
    assert checked.diagnostics == [], f"quizkit check --strict reports:\n{listing}"


def test_every_question_type_is_used(bank: Bank) -> None:
    used = {q.type for q in bank.questions}
    assert used == set(QUESTION_TYPES)


def test_every_skill_is_tagged_at_least_twice(bank: Bank) -> None:
    counts = {skill: sum(skill in q.skills for q in bank.questions) for skill in SKILLS}
    assert all(n >= 2 for n in counts.values()), counts


def test_enough_questions(bank: Bank) -> None:
    assert len(bank.questions) >= 45


def test_every_difficulty_is_used(bank: Bank) -> None:
    assert {q.difficulty for q in bank.questions} == set(DIFFICULTIES)


def test_enough_questions_compare_articles(bank: Bank) -> None:
    comparing = [q.id for q in bank.questions if len({e.source for e in q.evidence}) >= 2]
    assert len(comparing) >= 8, comparing


def test_every_source_is_cited(bank: Bank) -> None:
    cited = {e.source.removesuffix(".txt") for q in bank.questions for e in q.evidence}
    assert cited == set(bank.sources)


def test_packet_headers_give_no_answers_away(bank: Bank) -> None:
    """Titles are the article's own headline or '[untitled]'; kind and author print 'unknown' alike."""
    assert len(bank.sources) == 5
    for source_id, source in bank.sources.items():
        title = source.meta.title
        assert title == "[untitled]" or (title and title in source.text), f"source '{source_id}': {title!r}"
        assert source.meta.kind is None, f"source '{source_id}' prints its kind: {source.meta.kind!r}"
        assert source.meta.author in (None, "unknown"), f"source '{source_id}' prints an author"


@pytest.mark.parametrize("path", SOURCE_FILES, ids=[p.stem for p in SOURCE_FILES])
def test_source_text_is_byte_identical_to_the_collected_article(path: Path) -> None:
    if not SHARED_ARTICLES.is_dir():
        pytest.skip(f"collected articles not found at {SHARED_ARTICLES}; nothing to compare with")
    originals = sorted(SHARED_ARTICLES.glob("*.txt"))
    assert len(originals) == len(SOURCE_FILES), "one source file per collected article"
    original = originals[SOURCE_FILES.index(path)]
    assert _body(path) == original.read_bytes(), f"{path.name} differs from {original.name}"


def test_teachers_guide_and_readme_count_the_bank_as_it_is(bank: Bank) -> None:
    guide = (BANK_DIR / "README.md").read_text(encoding="utf-8")
    readme = (BANK_DIR.parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"The bank has {len(bank.questions)} questions." in guide
    assert f"`questions/japan-us-summit/`: {len(bank.questions)} questions" in readme
    labels = bank.source_labels()
    articles = sorted(set(labels.values()))
    for skill in SKILLS:
        tagged = [q for q in bank.questions if skill in q.skills]
        cells = [sum(label in {labels[e.source] for e in q.evidence} for q in tagged) for label in articles]
        row = " | ".join(str(n) if n else "-" for n in cells)
        assert f"| `{skill}` | {row} | {len(tagged)} |" in guide, f"skills matrix row for {skill}"
