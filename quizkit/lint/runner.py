"""Run every lint rule on a checked bank, leaving out the codes the bank or a question switched off."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from quizkit.diagnostics import Diagnostic
from quizkit.evidence import SWITCHABLE
from quizkit.lint.registry import Finding, LintContext, Rule, all_rules, rule_codes
from quizkit.lint.words import forget
from quizkit.model import Bank
from quizkit.schema_errors import Locator
from quizkit.textmatch import SourceText
from quizkit.yamlsafe import Document, Path_


def lint_bank(
    bank: Bank,
    where: Locator,
    question_paths: dict[str, Path_],
    text: str = "",
    document: Document | None = None,
    texts: dict[str, SourceText] | None = None,
) -> list[Diagnostic]:
    """Every lint finding of the bank's (valid) questions, and a warning for each unknown ignored code.

    `texts` are the sources' normalised texts, if the evidence check built them already."""
    context = LintContext(bank, where, question_paths, text, document, built_texts=texts)
    diagnostics = list(_unknown_codes(bank, where, question_paths))
    ignored = set(bank.info.lint.ignore)
    by_path = {  # the questions that switch a rule off, by where they are
        path: question
        for question in bank.questions
        if question.lint_ignore and (path := question_paths.get(question.id))
    }
    for rule in all_rules():
        if rule.code in ignored:
            continue
        for found in rule.run(context):
            question = by_path.get(found.path[:2]) if found.question is None else None
            if question is not None and rule.code in question.lint_ignore:
                continue  # a bank rule's finding inside a question that switched it off
            diagnostics.append(_diagnostic(rule, found, context))
    forget()
    return diagnostics


def _diagnostic(rule: Rule, found: Finding, context: LintContext) -> Diagnostic:
    path = found.path
    if found.question is not None:
        path = (*context.question_paths.get(found.question, ()), *path)
    file, line, column = context.where.key(path) if path == ("questions",) else context.where.value(path)
    return Diagnostic(file, line, column, rule.severity, rule.code, found.message, found.hint)


def _unknown_codes(bank: Bank, where: Locator, question_paths: dict[str, Path_]) -> Iterator[Diagnostic]:
    """A misspelt code in `ignore` or `lint_ignore` would switch nothing off, silently: say so."""
    known = sorted(rule_codes().union(SWITCHABLE))
    places: list[tuple[Path_, str]] = [
        (("lint", "ignore", i), c) for i, c in enumerate(bank.info.lint.ignore)
    ]
    for question in bank.questions:
        if question.lint_ignore:
            base = question_paths.get(question.id, ())
            places += [((*base, "lint_ignore", i), c) for i, c in enumerate(question.lint_ignore)]
    for path, code in places:
        if code in known:
            continue
        guess = difflib.get_close_matches(code, known, n=1, cutoff=0.6)
        file, line, column = where.value(path)
        yield Diagnostic(
            file,
            line,
            column,
            "warning",
            "unknown-lint-code",
            f"'{code}' is not a lint code, so ignoring it switches nothing off",
            f"did you mean '{guess[0]}'?" if guess else f"lint codes: {', '.join(known)}",
        )
