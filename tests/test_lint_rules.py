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


def test_words_are_the_same_however_a_text_is_split() -> None:
    """`tokens` splits plain ASCII without digits by translating it; it must find what its pattern
    finds, in texts of every kind of character a bank's ASCII text holds."""
    import random

    from quizkit.lint.words import _ASCII_TOKEN, tokens

    alphabet = "aZq mE'-_.,:;!?\"()[]/&%$#@\t\n\r\x00\x7f09"
    chooser = random.Random(7)
    texts = ["", "  ", "Don't stop", "It's 3.5% - or 1,000", "snake_case and CAPS", "a\x00b", "e.g. U.S."]
    texts += ["".join(chooser.choices(alphabet, k=chooser.randint(0, 30))) for _ in range(3000)]
    for text in texts:
        tokens.cache_clear()
        assert tokens(text) == tuple(_ASCII_TOKEN.findall(text.lower())), repr(text)
