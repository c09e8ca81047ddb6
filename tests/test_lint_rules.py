"""Every lint rule flags its FAIL example and passes its PASS example; the registry and the docs."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.diagnostics import format_text
from quizkit.lint import registry
from quizkit.lint.docs import updated
from quizkit.lint.registry import Rule, all_rules
from tests.lintkit import lint

RULES = all_rules()
DOCS = Path(__file__).resolve().parent.parent / "docs" / "diagnostics.md"


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_fail_example_gives_exactly_its_code(rule: Rule, tmp_path: Path) -> None:
    diagnostics = lint(tmp_path, rule.fail)
    assert diagnostics, f"{rule.code}: its FAIL example is not flagged"
    assert {d.code for d in diagnostics} == {rule.code}, [format_text(d) for d in diagnostics]
    assert {d.severity for d in diagnostics} == {rule.severity}


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_pass_example_gives_nothing(rule: Rule, tmp_path: Path) -> None:
    assert [format_text(d) for d in lint(tmp_path, rule.passes)] == []


def test_every_rule_is_declared_fully() -> None:
    codes = [r.code for r in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert rule.code == rule.code.lower() and " " not in rule.code
        assert rule.rationale.endswith(".") and "\n" not in rule.rationale
        assert rule.severity in ("warning", "note")


def test_registry_refuses_a_code_declared_twice() -> None:
    first = RULES[0]
    with pytest.raises(ValueError, match=f"lint code '{first.code}' is declared twice"):
        registry.question_rule(first.code, rationale="x.", fail="", passes="")(lambda q, c: ())


def test_docs_are_generated_from_the_rules() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert updated(text) == text, "docs/diagnostics.md is stale: run `python -m quizkit.lint.docs`"
    for rule in RULES:
        assert f"### `{rule.code}`" in text
