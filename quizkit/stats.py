"""`quizkit stats`: a bank at a glance for planning a lesson.

Questions by type and difficulty, skills by article, where the keys stand in bank order, how
long keys are against their distractors, and what `quizkit check` finds, by code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quizkit.checking import check_bank
from quizkit.diagnostics import Diagnostic, count, count_notes, display_path, plural
from quizkit.model import (
    DIFFICULTIES,
    QUESTION_TYPES,
    SKILLS,
    AnyQuestion,
    Bank,
    MultipleAnswer,
    MultipleChoice,
    TrueFalse,
    letter,
)
from quizkit.scoring import format_points
from quizkit.templating import render
from quizkit.textmatch import normalize

SEVERITIES = ("error", "warning", "note")


@dataclass(frozen=True)
class Article:
    """An article as every output labels it."""

    label: str
    id: str
    title: str
    questions: int
    """How many questions cite it."""


@dataclass(frozen=True)
class KeyLength:
    """One choice question's key length against its distractors (characters, normalised)."""

    id: str
    type: str
    key: float
    """The key's length; for multiple answer, the mean length of its keys."""
    distractors: float
    """The mean length of its distractors."""
    longest: bool
    """A key is longer than every distractor."""

    @property
    def ratio(self) -> float:
        return self.key / self.distractors


@dataclass(frozen=True)
class CodeCount:
    """How often `check` reports one code."""

    code: str
    severity: str
    count: int


@dataclass(frozen=True)
class BankStats:
    """Everything `quizkit stats` shows about one bank."""

    path: str
    name: str
    title: str
    questions: int
    points: float
    articles: tuple[Article, ...]
    types: dict[str, int]
    difficulty: dict[str, int]
    skills: dict[str, dict[str, int]]
    """skill -> article label -> questions with that skill citing that article."""
    skill_totals: dict[str, int]
    """skill -> questions with that skill."""
    without_skill: int
    choice_positions: dict[str, dict[str, int]]
    """multiple_choice / multiple_answer -> letter in bank order -> keys at that letter."""
    choice_questions: dict[str, int]
    true_false: dict[str, int]
    key_lengths: tuple[KeyLength, ...]
    errors: int
    warnings: int
    notes: int
    codes: tuple[CodeCount, ...]

    @property
    def mean_ratio(self) -> float | None:
        if not self.key_lengths:
            return None
        return sum(k.ratio for k in self.key_lengths) / len(self.key_lengths)

    @property
    def key_longest(self) -> int:
        return sum(k.longest for k in self.key_lengths)


@dataclass(frozen=True)
class StatsResult:
    """The figures, or None when the bank could not be read at all, with what check found."""

    path: str
    stats: BankStats | None
    diagnostics: list[Diagnostic]


def bank_stats(path: Path | str) -> StatsResult:
    """Check the bank at `path` as `quizkit check` does, then count what a teacher plans with."""
    checked = check_bank(path)
    shown = display_path(checked.path)
    if checked.bank is None:
        return StatsResult(shown, None, checked.diagnostics)
    return StatsResult(shown, compute_stats(checked.bank, checked.diagnostics, shown), checked.diagnostics)


def compute_stats(bank: Bank, diagnostics: list[Diagnostic], path: str) -> BankStats:
    """The figures for a loaded bank (its questions as they could be read) and its diagnostics."""
    labels = bank.source_labels()
    questions = bank.questions
    cited = [[labels[s] for s in q.sources if s in labels] for q in questions]
    by_label = {label: sid for sid, label in labels.items()}
    ordered = sorted(by_label, key=lambda label: (len(label), label))
    citations = Counter(label for found in cited for label in found)
    articles = tuple(
        Article(label, by_label[label], bank.sources[by_label[label]].title, citations[label])
        for label in ordered
    )
    skills = {skill: dict.fromkeys(ordered, 0) for skill in SKILLS}
    for question, found in zip(questions, cited, strict=True):
        for skill in question.skills:
            for label in found:
                skills[skill][label] += 1
    errors, warnings = count(diagnostics)
    return BankStats(
        path=path,
        name=bank.name,
        title=bank.title,
        questions=len(questions),
        points=sum(q.points for q in questions if q.type != "essay"),
        articles=articles,
        types={t: sum(q.type == t for q in questions) for t in QUESTION_TYPES},
        difficulty={d: sum(q.difficulty == d for q in questions) for d in DIFFICULTIES},
        skills=skills,
        skill_totals={skill: sum(skill in q.skills for q in questions) for skill in SKILLS},
        without_skill=sum(not q.skills for q in questions),
        choice_positions={
            kind: _positions([q for q in questions if q.type == kind]) for kind in _CHOICE_TYPES
        },
        choice_questions={kind: sum(q.type == kind for q in questions) for kind in _CHOICE_TYPES},
        true_false={
            "true": sum(isinstance(q, TrueFalse) and q.answer for q in questions),
            "false": sum(isinstance(q, TrueFalse) and not q.answer for q in questions),
        },
        key_lengths=tuple(k for q in questions if (k := _key_length(q)) is not None),
        errors=errors,
        warnings=warnings,
        notes=count_notes(diagnostics),
        codes=_codes(diagnostics),
    )


_CHOICE_TYPES = ("multiple_choice", "multiple_answer")


def _positions(questions: list[AnyQuestion]) -> dict[str, int]:
    """Keys at each letter in bank order, A up to the most choices any of the questions has."""
    widest = max(
        (len(q.choices) for q in questions if isinstance(q, MultipleChoice | MultipleAnswer)), default=0
    )
    counts = dict.fromkeys((letter(i) for i in range(widest)), 0)
    for q in questions:
        if isinstance(q, MultipleChoice | MultipleAnswer):
            for i, choice in enumerate(q.choices):
                if choice.correct:
                    counts[letter(i)] += 1
    return counts


def _key_length(q: AnyQuestion) -> KeyLength | None:
    if not isinstance(q, MultipleChoice | MultipleAnswer):
        return None
    keys = [len(normalize(c.text)) for c in q.choices if c.correct]
    wrong = [len(normalize(c.text)) for c in q.choices if not c.correct]
    if not keys or not wrong:  # a question check has refused: nothing to compare
        return None
    return KeyLength(q.id, q.type, sum(keys) / len(keys), sum(wrong) / len(wrong), max(keys) > max(wrong))


def _codes(diagnostics: list[Diagnostic]) -> tuple[CodeCount, ...]:
    """Codes by severity (errors first), then most frequent, then by name."""
    counts = Counter((d.severity, d.code) for d in diagnostics)
    rows = [CodeCount(code, severity, n) for (severity, code), n in counts.items()]
    return tuple(sorted(rows, key=lambda r: (SEVERITIES.index(r.severity), -r.count, r.code)))


def stats_json(result: StatsResult) -> dict[str, Any]:
    """The figures with stable keys, as README's `quizkit stats --format json` describes them."""
    s = result.stats
    if s is None:
        return {"path": result.path, "readable": False, "check": _check_json(result.diagnostics)}
    return {
        "path": s.path,
        "readable": True,
        "bank": s.name,
        "title": s.title,
        "questions": s.questions,
        "points": s.points,
        "articles": [
            {"label": a.label, "id": a.id, "title": a.title, "questions": a.questions} for a in s.articles
        ],
        "types": s.types,
        "difficulty": s.difficulty,
        "skills": {
            skill: {"questions": s.skill_totals[skill], "articles": s.skills[skill]} for skill in SKILLS
        },
        "without_skill": s.without_skill,
        "key_positions": {
            **{
                kind: {"questions": s.choice_questions[kind], "positions": s.choice_positions[kind]}
                for kind in _CHOICE_TYPES
            },
            "true_false": {"questions": sum(s.true_false.values()), **s.true_false},
        },
        "key_length": {
            "questions": [
                {
                    "id": k.id,
                    "type": k.type,
                    "key": round(k.key, 2),
                    "distractors": round(k.distractors, 2),
                    "ratio": round(k.ratio, 2),
                    "longest": k.longest,
                }
                for k in s.key_lengths
            ],
            "mean_ratio": None if s.mean_ratio is None else round(s.mean_ratio, 2),
            "key_longest": s.key_longest,
        },
        "check": _check_json(result.diagnostics),
    }


def _check_json(diagnostics: list[Diagnostic]) -> dict[str, Any]:
    errors, warnings = count(diagnostics)
    return {
        "errors": errors,
        "warnings": warnings,
        "notes": count_notes(diagnostics),
        "codes": [{"code": c.code, "severity": c.severity, "count": c.count} for c in _codes(diagnostics)],
    }


TYPE_NAMES = {
    "multiple_choice": "multiple choice",
    "multiple_answer": "multiple answer",
    "true_false": "true/false",
    "short_answer": "short answer",
    "numeric": "numeric",
    "matching": "matching",
    "essay": "essay",
}
_WIDTH = 80
_SKILL_COLUMN = 24  # two spaces, then the skill name
_ALL_COLUMN = 7
_LABEL_COLUMN = 4


def stats_text(stats: BankStats) -> str:
    """The figures as aligned text for an 80-column terminal (templates/stats/stats.txt.jinja)."""
    labels = [a.label for a in stats.articles]
    per_block = max(1, (_WIDTH - _SKILL_COLUMN - _ALL_COLUMN) // _LABEL_COLUMN)
    blocks = [labels[i : i + per_block] for i in range(0, len(labels), per_block)]
    longest = sorted((k for k in stats.key_lengths if k.longest), key=lambda k: (-k.ratio, k.id))
    return render(
        "stats/stats.txt.jinja",
        stats=stats,
        blocks=blocks,
        longest=longest,
        type_names=TYPE_NAMES,
        plural=plural,
        columns=_columns,
        num=_one_decimal,
        points=f"{format_points(stats.points)} point{'' if stats.points == 1 else 's'}",
    )


def _columns(counts: Iterable[tuple[str, int]]) -> str:
    """'A 26  B 1   C 0': each count left-aligned in a column of its own."""
    return " ".join(f"{name} {n:<3d}" for name, n in counts).rstrip()


def _one_decimal(value: float) -> str:
    """76.333 -> '76.3', 51.0 -> '51'."""
    return f"{value:.1f}".removesuffix(".0")
