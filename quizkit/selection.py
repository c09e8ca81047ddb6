"""Choose, order and shuffle questions into Forms, from one explicit random.Random(seed)."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from quizkit.about import shows_about
from quizkit.errors import SelectionError
from quizkit.model import (
    AnyQuestion,
    Bank,
    Choice,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Source,
    letter,
)


@dataclass(frozen=True)
class Selection:
    """What to ask: filters, how many, in which order. The same seed gives the same forms."""

    count: int | None = None
    ids: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    difficulties: tuple[str, ...] = ()
    seed: int = 1
    shuffle: bool = True
    """Shuffle choices (and, with several versions, questions); False keeps the bank's order."""
    shuffle_questions: bool = False
    """Shuffle the questions of a single form too; a teacher's order (easy first, essay last)
    is kept unless asked."""


@dataclass(frozen=True)
class FormItem:
    """A question as it stands on one form: its number and the order of its choices."""

    number: int
    question: AnyQuestion
    choice_order: tuple[int, ...] = ()
    right_order: tuple[int, ...] = ()
    """Matching: indices into `question.rights` (pairs, then distractors) in the order shown."""

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The choices in the order this form shows them (letters A, B, C... follow it)."""
        q = self.question
        if not isinstance(q, MultipleChoice | MultipleAnswer):
            return ()
        return tuple(q.choices[i] for i in self.choice_order)

    @property
    def rights(self) -> tuple[str, ...]:
        """A matching question's right-hand items (distractors too), in the order this form shows them."""
        q = self.question
        if not isinstance(q, Matching):
            return ()
        column = q.rights
        return tuple(column[i] for i in self.right_order)

    @property
    def correct_letters(self) -> tuple[str, ...]:
        """Letters of the keyed choices on this form; for matching, the letter for each left item."""
        q = self.question
        if isinstance(q, Matching):
            position = {pair_index: i for i, pair_index in enumerate(self.right_order)}
            return tuple(letter(position[i]) for i in range(len(q.pairs)))
        return tuple(letter(i) for i, choice in enumerate(self.choices) if choice.correct)


@dataclass(frozen=True)
class Form:
    """One printed or played version of a quiz: an immutable list of items."""

    bank: Bank
    items: tuple[FormItem, ...]
    seed: int
    label: str | None = None
    source_labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def title(self) -> str:
        return self.bank.title

    @property
    def total_points(self) -> float:
        """Points that count towards the score (essays are marked by hand and left out)."""
        return sum(i.question.points for i in self.items if i.question.type != "essay")

    @property
    def sources(self) -> tuple[tuple[str, Source], ...]:
        """(label, source) for every article of the bank, in label order."""
        by_label = sorted(self.source_labels.items(), key=lambda kv: (len(kv[1]), kv[1]))
        return tuple((label, self.bank.sources[sid]) for sid, label in by_label)

    def labels_for(self, question: AnyQuestion) -> tuple[str, ...]:
        """The labels of the articles a question cites ('A', 'C')."""
        return tuple(self.source_labels[s] for s in question.sources if s in self.source_labels)

    def shows_about(self, question: AnyQuestion) -> bool:
        """Whether students may see which articles a question is about before answering it."""
        return shows_about(question, self.bank.sources, self.source_labels)


def select_questions(bank: Bank, selection: Selection, rng: random.Random) -> list[AnyQuestion]:
    """The questions that pass the filters, `count` of them drawn at random, in bank order."""
    if not bank.questions:
        raise SelectionError(f"'{bank.name}' has no questions yet; add some to its bank.yaml")
    known = {q.id for q in bank.questions}
    unknown = [i for i in selection.ids if i not in known]
    if unknown:
        raise SelectionError(f"no question with id {', '.join(repr(i) for i in unknown)} in '{bank.name}'")
    chosen = [
        q
        for q in bank.questions
        if (not selection.ids or q.id in selection.ids)
        and (not selection.skills or set(selection.skills) & set(q.skills))
        and (not selection.difficulties or q.difficulty in selection.difficulties)
    ]
    if not chosen:
        raise SelectionError(_nothing_left(bank, selection))
    if selection.count is not None:
        if selection.count > len(chosen):
            raise SelectionError(
                f"--count {selection.count} asks for more questions than the "
                f"{len(chosen)} that match in '{bank.name}'"
            )
        keep = set(map(id, rng.sample(chosen, selection.count)))
        chosen = [q for q in chosen if id(q) in keep]
    return chosen


def _nothing_left(bank: Bank, selection: Selection) -> str:
    filters = (
        [f"--question {i}" for i in selection.ids]
        + [f"--skill {s}" for s in selection.skills]
        + [f"--difficulty {d}" for d in selection.difficulties]
    )
    return f"no question in '{bank.name}' matches {' '.join(filters)}"


def build_forms(bank: Bank, selection: Selection, versions: int = 1) -> list[Form]:
    """Forms A, B, C... with the same questions, each in its own order (one form: no label, the
    bank's order of questions unless `shuffle_questions`)."""
    if versions < 1:
        raise SelectionError(f"--versions must be at least 1; got {versions}")
    rng = random.Random(selection.seed)
    questions = select_questions(bank, selection, rng)
    labels = MappingProxyType(bank.source_labels())
    extras = random.Random(f"distractors-{selection.seed}")
    forms = []
    for version in range(versions):
        order = list(questions)
        if selection.shuffle and (versions > 1 or selection.shuffle_questions):
            rng.shuffle(order)
        items = tuple(_item(n, q, selection.shuffle, rng, extras) for n, q in enumerate(order, start=1))
        label = letter(version) if versions > 1 else None
        forms.append(Form(bank, items, selection.seed, label, labels))
    return forms


def build_form(bank: Bank, selection: Selection) -> Form:
    """A single form."""
    return build_forms(bank, selection, 1)[0]


def _item(
    number: int, question: AnyQuestion, shuffle: bool, rng: random.Random, extras: random.Random
) -> FormItem:
    choice_order: tuple[int, ...] = ()
    right_order: tuple[int, ...] = ()
    if isinstance(question, MultipleChoice | MultipleAnswer):
        order = list(range(len(question.choices)))
        if shuffle and question.shuffle:
            rng.shuffle(order)
        choice_order = tuple(order)
    elif isinstance(question, Matching):
        right_order = _right_order(question, shuffle, rng, extras)
    return FormItem(number, question, choice_order, right_order)


def _right_order(
    question: Matching, shuffle: bool, rng: random.Random, extras: random.Random
) -> tuple[int, ...]:
    """Indices into `question.rights` as shown; never with every answer beside its item."""
    pairs = len(question.pairs)
    column = question.rights
    if shuffle:
        order = list(range(pairs))
        rng.shuffle(order)
        if order == sorted(order):
            order = order[1:] + order[:1]
        # Distractors go in at random places from a stream of their own, so that adding one
        # leaves every other question of the form as it was.
        for index in range(pairs, len(column)):
            order.insert(extras.randint(0, len(order)), index)
    else:  # the bank's order would line the answers up: sort them instead
        order = sorted(range(len(column)), key=lambda i: column[i].casefold())
        if order[:pairs] == list(range(pairs)):
            order = order[1:] + order[:1]
    return tuple(order)
