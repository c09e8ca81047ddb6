"""Lint rules: what each declares (code, severity, rationale, examples) and the registry of them."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any, Literal

from quizkit.diagnostics import Severity
from quizkit.model import AnyQuestion, Bank
from quizkit.textlines import split_lines
from quizkit.textmatch import SourceText, source_texts
from quizkit.yamlsafe import Document, Path_

if TYPE_CHECKING:
    from quizkit.schema_errors import Locator

FAMILIES = ("options", "stems", "keys", "support", "leaks", "text")
"""The modules of quizkit.lint that hold rules, one per family, in documentation order."""


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: a message, the field it is about, and the question it belongs to.

    `path` is relative to the question (`("choices", 2, "text")`; `()` is the question itself)
    when `question` is set, else a path from the top of bank.yaml (`("questions",)`).
    """

    message: str
    path: Path_ = ()
    hint: str | None = None
    question: str | None = None


@dataclass
class LintContext:
    """What a rule sees: the loaded bank, where its fields are, and bank.yaml's text as read."""

    bank: Bank
    where: Locator
    question_paths: dict[str, Path_]
    text: str = ""
    document: Document | None = None
    """The parsed bank.yaml with the position of every value."""
    memo: dict[str, Any] = field(default_factory=dict)
    """What a rule works out once per bank (an index, each source's header lines), by name."""
    built_texts: dict[str, SourceText] | None = None
    """The sources' normalised texts, if the evidence check built them already."""

    @cached_property
    def texts(self) -> dict[str, SourceText]:
        """Each source's normalised text by id."""
        return self.built_texts if self.built_texts is not None else source_texts(self.bank)

    @cached_property
    def labels(self) -> dict[str, str]:
        """Article letters by source id, as every output prints them."""
        return self.bank.source_labels()

    @cached_property
    def by_label(self) -> dict[str, str]:
        """Source ids by article letter."""
        return {label: sid for sid, label in self.labels.items()}

    def questions_of(self, types: tuple[type, ...]) -> Sequence[AnyQuestion]:
        """The bank's questions of these classes (all of them for none), in bank order."""
        if not types:
            return self.bank.questions
        found: list[AnyQuestion] | None = self.memo.get(f"questions {types}")
        if found is None:
            found = [q for q in self.bank.questions if isinstance(q, types)]
            self.memo[f"questions {types}"] = found
        return found

    @cached_property
    def lines(self) -> list[str]:
        """bank.yaml's lines, as read (only a line feed ends one, as everywhere in quizkit)."""
        return split_lines(self.text)


QuestionCheck = Callable[[AnyQuestion, LintContext], Iterable[Finding]]
BankCheck = Callable[[LintContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """One lint: a stable code, its default severity, why it matters, and what it flags and passes.

    `fail` and `passes` are bank.yaml `questions:` entries (YAML); the tests run them against the
    example article in quizkit.lint.examples: `fail` must give exactly this code, `passes` nothing.
    """

    code: str
    severity: Severity
    rationale: str
    fail: str
    passes: str
    scope: Literal["question", "bank"]
    check_question: QuestionCheck | None = None
    check_bank: BankCheck | None = None
    types: tuple[type, ...] = field(default=())
    """Question classes the rule applies to (empty: all)."""

    def run(self, context: LintContext) -> Iterator[Finding]:
        """Every finding of this rule in the bank, each tied to its question where it has one."""
        if self.check_bank is not None:
            yield from self.check_bank(context)
            return
        assert self.check_question is not None
        check, ignored = self.check_question, self.code
        for question in context.questions_of(self.types):
            if ignored in question.lint_ignore:
                continue
            for found in check(question, context):
                yield Finding(found.message, found.path, found.hint, question.id)


_RULES: dict[str, Rule] = {}


def _register(rule: Rule) -> None:
    if rule.code in _RULES:
        raise ValueError(f"lint code '{rule.code}' is declared twice")
    _RULES[rule.code] = rule


def question_rule(
    code: str,
    *,
    rationale: str,
    fail: str,
    passes: str,
    types: tuple[type, ...] = (),
    severity: Severity = "warning",
) -> Callable[[QuestionCheck], QuestionCheck]:
    """Declare a rule that looks at one question at a time."""

    def declare(check: QuestionCheck) -> QuestionCheck:
        _register(
            Rule(code, severity, rationale, fail, passes, "question", check_question=check, types=types)
        )
        return check

    return declare


def bank_rule(
    code: str, *, rationale: str, fail: str, passes: str, severity: Severity = "warning"
) -> Callable[[BankCheck], BankCheck]:
    """Declare a rule that looks across the whole bank (key patterns, leaks between questions)."""

    def declare(check: BankCheck) -> BankCheck:
        _register(Rule(code, severity, rationale, fail, passes, "bank", check_bank=check))
        return check

    return declare


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, family by family, in declaration order."""
    for family in FAMILIES:
        importlib.import_module(f"quizkit.lint.{family}")
    order = {f"quizkit.lint.{family}": index for index, family in enumerate(FAMILIES)}
    declared = list(_RULES.values())  # in import order, which a test may have changed
    return tuple(
        sorted(declared, key=lambda rule: (order.get(_module(rule), len(order)), declared.index(rule)))
    )


def _module(rule: Rule) -> str:
    check = rule.check_question or rule.check_bank
    return check.__module__ if check is not None else ""


def rule_codes() -> frozenset[str]:
    return frozenset(rule.code for rule in all_rules())
