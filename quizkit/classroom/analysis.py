"""Item analysis of stored results: facility, discrimination, distractors, mastery per skill.

Definitions (the README states them for teachers):
- an item score is the share of the question's points earned (partial credit counts as its
  fraction); an essay takes part once marked, its unmarked answers do not;
- facility is the mean item score over every stored answer to the question;
- discrimination is the point-biserial correlation (Pearson's r) between the item score and the
  rest score: the share of points earned on the attempt's other answered, scored questions.
  It needs three answers and some spread in both; otherwise it is not given;
- choices are counted in the bank's order (letters A, B, C... as in bank.yaml), whatever letter
  each form showed;
- a question is flagged when its discrimination is negative, or a wrong choice was picked more
  often than the key (for multiple answer: than the least-picked keyed choice), once it has
  FLAG_MIN_ANSWERS answers; with fewer, a flag is withheld and the report says so;
- questions are listed in the bank's order (where each stood in bank.yaml when last played);
- a skill's mastery is the mean item score over every answer to a question with that skill.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from quizkit.classroom.results import AttemptRecord, ItemRecord, ResponseRecord, Results
from quizkit.model import letter

FLAG_MIN_ANSWERS = 10
"""Answers a question needs before it is flagged: with fewer, one student's pick moves a choice's
share by more than 10 points, and a correlation of fewer than 10 pairs is mostly noise (its
standard error, about 1/sqrt(n - 1), is above 0.33)."""


@dataclass(frozen=True)
class OptionCount:
    """How often one choice (or true/false) was picked."""

    letter: str
    text: str
    count: int
    keyed: bool


@dataclass(frozen=True)
class ItemStats:
    """One question across every stored answer to it."""

    question_id: str
    type: str
    prompt: str
    responses: int
    facility: float | None
    discrimination: float | None
    options: tuple[OptionCount, ...]
    flags: tuple[str, ...]
    outcomes: tuple[OptionCount, ...] = ()
    """Without choices: the answers given, most frequent first (short answer, numeric), or how
    many matched every pair, some or none (matching); `keyed` marks full points."""
    withheld: bool = False
    """A flag would be raised, but there are fewer than FLAG_MIN_ANSWERS answers to judge by."""


@dataclass(frozen=True)
class SkillStats:
    skill: str
    responses: int
    mastery: float


@dataclass(frozen=True)
class MasteryRow:
    """One student's mastery of each skill of a bank (None: no answer to a question with it)."""

    student: str
    cells: tuple[float | None, ...]


@dataclass(frozen=True)
class BankReport:
    """Item analysis for one bank."""

    name: str
    title: str
    attempts: int
    complete: int
    items: tuple[ItemStats, ...]
    skills: tuple[SkillStats, ...]
    grid: tuple[MasteryRow, ...] = ()
    """Student x skill mastery, skills in the order of `skills`."""


@dataclass(frozen=True)
class AnswerSummary:
    """One answer of an attempt, with choices both as the student's form lettered them and as the
    bank does (`shown`: form letters, None where the file does not say; `picked`: bank letters)."""

    number: int
    question_id: str
    type: str
    typed: str
    picked: tuple[str, ...]
    shown: tuple[str, ...] | None
    key: tuple[str, ...]
    key_shown: tuple[str, ...] | None
    value: object
    points: float | None
    possible: float


@dataclass(frozen=True)
class AttemptSummary:
    """An attempt as the report lists it, with its answers and the essay answers waiting to be marked."""

    record: AttemptRecord
    percent: int | None
    """None until every essay answer is marked."""
    essays: tuple[tuple[str, str], ...]
    """The essay answers still to mark: (question id, answer)."""
    answers: tuple[AnswerSummary, ...] = ()
    score: float = 0.0
    """Points earned, marked essays included."""
    possible: float = 0.0
    """Points possible: the scored questions', and each marked essay's."""

    @property
    def to_mark(self) -> int:
        return len(self.essays)


@dataclass(frozen=True)
class StudentReport:
    name: str
    attempts: tuple[AttemptSummary, ...]


@dataclass(frozen=True)
class Report:
    students: tuple[StudentReport, ...]
    banks: tuple[BankReport, ...]

    @property
    def attempts(self) -> list[AttemptSummary]:
        return [a for s in self.students for a in s.attempts]


def analyse(results: Results) -> Report:
    """The whole report: attempts by student, then item analysis bank by bank."""
    from quizkit.scoring import percent

    essays: dict[int, list[tuple[str, str]]] = defaultdict(list)
    answers: dict[int, list[AnswerSummary]] = defaultdict(list)
    items = {(i.attempt_id, i.position): i for i in results.items}
    for response in results.responses:
        if response.points is None:
            essays[response.attempt_id].append((response.question_id, response.answer))
        item = items.get((response.attempt_id, response.position))
        if item is not None:
            answers[response.attempt_id].append(summarise_answer(item, response))
    by_student: dict[str, list[AttemptSummary]] = {}
    for attempt in results.attempts:
        marked = [a for a in answers[attempt.id] if a.type == "essay" and a.points is not None]
        score = attempt.score + sum(a.points or 0.0 for a in marked)
        possible = attempt.possible + sum(a.possible for a in marked)
        by_student.setdefault(attempt.student, []).append(
            AttemptSummary(
                attempt,
                None if essays[attempt.id] else percent(score, possible),
                tuple(essays[attempt.id]),
                tuple(answers[attempt.id]),
                score,
                possible,
            )
        )
    students = tuple(StudentReport(name, tuple(attempts)) for name, attempts in by_student.items())
    banks = sorted({a.bank for a in results.attempts})
    return Report(students, tuple(analyse_bank(results, bank) for bank in banks))


def summarise_answer(item: ItemRecord, response: ResponseRecord) -> AnswerSummary:
    """An answer in the bank's letters and, where the file says how the form ordered them, the form's."""
    key: list[int] = []
    picked: list[int] = []
    if item.type in ("multiple_choice", "multiple_answer"):
        picked = list(response.parsed.get("choices", []))
        key = list(item.key or [])
    elif item.type == "matching":
        picked = list(response.parsed.get("pairs", []))
        key = list(range(len(picked)))

    def on_form(indices: list[int]) -> tuple[str, ...] | None:
        if item.shown is None or any(i not in item.shown for i in indices):
            return None
        return tuple(letter(item.shown.index(i)) for i in indices)

    return AnswerSummary(
        number=response.position,
        question_id=response.question_id,
        type=item.type,
        typed=response.answer,
        picked=tuple(letter(i) for i in picked),
        shown=on_form(picked),
        key=tuple(letter(i) for i in key),
        key_shown=on_form(key),
        value=response.parsed.get("value"),
        points=response.points,
        possible=response.possible,
    )


def bank_order(items: Sequence[ItemRecord]) -> list[ItemRecord]:
    """Each question once (its latest snapshot), in the bank's order: where it stood in bank.yaml
    when last played; questions from files that did not record it follow, in the order first met."""
    latest: dict[str, ItemRecord] = {}
    for item in items:
        latest[item.question_id] = item
    first_met = {qid: n for n, qid in enumerate(latest)}
    return sorted(
        latest.values(),
        key=lambda i: (i.bank_position is None, i.bank_position or 0, first_met[i.question_id]),
    )


def analyse_bank(results: Results, bank: str) -> BankReport:
    attempts = [a for a in results.attempts if a.bank == bank]
    ids = {a.id for a in attempts}
    responses = [r for r in results.responses if r.attempt_id in ids and r.points is not None]
    latest = {i.question_id: i for i in bank_order([i for i in results.items if i.attempt_id in ids])}
    rest = _rest_scores(responses)
    by_question: dict[str, list[ResponseRecord]] = defaultdict(list)
    for response in responses:
        by_question[response.question_id].append(response)
    items = tuple(
        item_stats(item, by_question.get(qid, []), rest)
        for qid, item in latest.items()
        if item.type != "essay" or qid in by_question  # an essay once some answers are marked
    )
    skills: dict[str, list[float]] = defaultdict(list)
    student_of = {a.id: a.student for a in attempts}
    by_student: dict[tuple[str, str], list[float]] = defaultdict(list)
    for response in responses:
        item_record = latest.get(response.question_id)
        for skill in item_record.skills if item_record else ():
            skills[skill].append(item_score(response))
            by_student[(student_of[response.attempt_id], skill)].append(item_score(response))
    names = sorted(skills)
    students = sorted({a.student for a in attempts}, key=lambda s: (s.casefold(), s))
    grid = tuple(
        MasteryRow(
            student,
            tuple(sum(v) / len(v) if (v := by_student.get((student, skill))) else None for skill in names),
        )
        for student in students
    )
    return BankReport(
        name=bank,
        title=max(attempts, key=lambda a: a.id).bank_title if attempts else bank,
        attempts=len(attempts),
        complete=sum(a.complete for a in attempts),
        items=items,
        skills=tuple(SkillStats(s, len(v), sum(v) / len(v)) for s, v in sorted(skills.items())),
        grid=grid,
    )


def item_score(response: ResponseRecord) -> float:
    """The share of the question's points earned: 1 right, 0 wrong, a fraction for partial credit."""
    if not response.possible:
        return 0.0
    return (response.points or 0.0) / response.possible


def _rest_scores(responses: Sequence[ResponseRecord]) -> dict[tuple[int, str], float | None]:
    """For each answer, the share of points earned on the attempt's other answered questions."""
    earned: dict[int, float] = defaultdict(float)
    possible: dict[int, float] = defaultdict(float)
    for r in responses:
        earned[r.attempt_id] += r.points or 0.0
        possible[r.attempt_id] += r.possible
    rest: dict[tuple[int, str], float | None] = {}
    for r in responses:
        other = possible[r.attempt_id] - r.possible
        rest[(r.attempt_id, r.question_id)] = (
            (earned[r.attempt_id] - (r.points or 0.0)) / other if other > 0 else None
        )
    return rest


def item_stats(
    item: ItemRecord, responses: Sequence[ResponseRecord], rest: dict[tuple[int, str], float | None]
) -> ItemStats:
    scores = [item_score(r) for r in responses]
    facility = sum(scores) / len(scores) if scores else None
    pairs = [(item_score(r), rest[(r.attempt_id, r.question_id)]) for r in responses]
    discrimination = point_biserial([(x, y) for x, y in pairs if y is not None])
    options = option_counts(item, responses)
    flags: list[str] = []
    if discrimination is not None and discrimination < 0:
        flags.append(
            f"negative discrimination ({discrimination:.2f}): students who did well overall "
            "did worse here; check the key"
        )
    keyed = [o for o in options if o.keyed]
    if keyed:
        bar = min(o.count for o in keyed)
        for option in options:
            if not option.keyed and option.count > bar:
                flags.append(
                    f"choice {option.letter} (not keyed) was picked more often than the key "
                    f"({option.count} vs {bar}); check the key and the wording"
                )
    withheld = bool(flags) and len(responses) < FLAG_MIN_ANSWERS
    return ItemStats(
        question_id=item.question_id,
        type=item.type,
        prompt=item.prompt,
        responses=len(responses),
        facility=facility,
        discrimination=discrimination,
        options=options,
        outcomes=() if options else outcome_counts(item, responses),
        flags=() if withheld else tuple(flags),
        withheld=withheld,
    )


def option_counts(item: ItemRecord, responses: Sequence[ResponseRecord]) -> tuple[OptionCount, ...]:
    """Picks per choice in bank order (multiple choice and answer), or per value (true/false)."""
    if item.type in ("multiple_choice", "multiple_answer"):
        counts = [0] * len(item.choices)
        for r in responses:
            for index in r.parsed.get("choices", []):
                if 0 <= index < len(counts):
                    counts[index] += 1
        keyed = set(item.key or [])
        return tuple(
            OptionCount(letter(i), text, counts[i], i in keyed) for i, text in enumerate(item.choices)
        )
    if item.type == "true_false":
        values = [r.parsed.get("value") for r in responses]
        return (
            OptionCount("T", "True", values.count(True), item.key is True),
            OptionCount("F", "False", values.count(False), item.key is False),
        )
    return ()


def outcome_counts(item: ItemRecord, responses: Sequence[ResponseRecord]) -> tuple[OptionCount, ...]:
    """For a question without choices: answers given (up to 6, the rest as 'other'), or for
    matching how many matched all pairs, some, none; `keyed` marks answers with full points."""
    if item.type == "matching":
        scores = [item_score(r) for r in responses]
        return (
            OptionCount("", "every pair right", sum(s >= 1 - 1e-9 for s in scores), True),
            OptionCount("", "some pairs right", sum(1e-9 < s < 1 - 1e-9 for s in scores), False),
            OptionCount("", "no pair right", sum(s <= 1e-9 for s in scores), False),
        )
    if item.type not in ("short_answer", "numeric"):
        return ()
    given: dict[str, list[bool]] = defaultdict(list)
    for r in responses:
        given[" ".join(r.answer.split()).casefold()].append(item_score(r) >= 1 - 1e-9)
    ranked = sorted(given.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    shown = [OptionCount("", text, len(marks), all(marks)) for text, marks in ranked[:6]]
    rest = sum(len(marks) for _, marks in ranked[6:])
    return tuple(shown + ([OptionCount("", "(other answers)", rest, False)] if rest else []))


def point_biserial(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Pearson's r of (item score, rest score); None with fewer than 3 pairs or no spread."""
    n = len(pairs)
    if n < 3:
        return None
    mean_x = sum(x for x, _ in pairs) / n
    mean_y = sum(y for _, y in pairs) / n
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    sxx = sum((x - mean_x) ** 2 for x, _ in pairs)
    syy = sum((y - mean_y) ** 2 for _, y in pairs)
    if sxx < 1e-12 or syy < 1e-12:
        return None
    return sxy / math.sqrt(sxx * syy)
