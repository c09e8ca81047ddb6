"""A well-written bank gets no lint at all; a bank with one planted flaw per rule gets exactly those."""

from __future__ import annotations

import bisect
from pathlib import Path

import pytest

from quizkit.checking import check_bank
from quizkit.diagnostics import format_text
from quizkit.lint.registry import rule_codes
from quizkit.loading import load_bank

BANKS = Path(__file__).resolve().parent / "banks"

PLANTED = {
    (None, "unbalanced-keys"),
    (None, "sceptical-key"),
    ("decision-day", "key-longest"),
    ("vote-margin", "absolute-distractor"),
    ("jobs-source", "all-of-the-above"),
    ("visits-comparison", "distractor-matches-evidence"),
    ("savings-use", "grammatical-cue"),
    ("quoted-people", "negative-stem"),
    ("okafor-vote", "double-barrelled"),
    ("column-names-figure", "leaked-key"),
    ("director-name", "yaml-comment-cut"),
    ("cut-percent", "line-ref-mismatch"),
    ("who-says-what", "free-last-match"),
    ("column-writer", "front-matter-leak"),
}


PLANTED_STORM = {
    (None, "sceptical-key"),
    ("p-contradicted", "number-contradicted"),
    ("p-wrong-option", "distractor-matches-evidence"),
    ("p-longest", "key-longest"),
    ("p-all-above", "all-of-the-above"),
    ("p-negative", "negative-stem"),
    ("p-absolute", "absolute-distractor"),
    ("p-an-blank", "grammatical-cue"),
    ("p-double", "double-barrelled"),
    ("p-leak-b", "leaked-key"),
    ("p-line-ref", "line-ref-mismatch"),
    ("p-comment-cut", "yaml-comment-cut"),
    ("p-front-matter", "front-matter-leak"),
    ("p-free-match", "free-last-match"),
}

PLANTED_EVERY_KIND = {
    # the measles and court banks plant one flaw of every kind, each under the same question id
    (None, "sceptical-key"),
    (None, "unbalanced-keys"),
    ("p-contradicted", "number-contradicted"),
    ("p-ungrounded", "ungrounded-number"),
    ("p-longest", "key-longest"),
    ("p-all-above", "all-of-the-above"),
    ("p-absolute", "absolute-distractor"),
    ("p-negative", "negative-stem"),
    ("p-an-blank", "grammatical-cue"),
    ("p-double", "double-barrelled"),
    ("p-leak-b", "leaked-key"),
    ("p-line-ref", "line-ref-mismatch"),
    ("p-comment-cut", "yaml-comment-cut"),
    ("p-front-matter", "front-matter-leak"),
    ("p-free-match", "free-last-match"),
    ("p-wrong-option", "distractor-matches-evidence"),
}


@pytest.mark.parametrize("name", ["lint-good", "lint-good-storm", "lint-good-measles", "lint-good-court"])
def test_a_well_written_bank_gets_no_lint_at_all(name: str) -> None:
    checked = check_bank(BANKS / name)
    assert checked.bank is not None and len(checked.bank.questions) >= 20
    assert {q.type for q in checked.bank.questions} >= {
        "multiple_choice", "multiple_answer", "true_false", "short_answer", "numeric", "matching", "essay"
    }  # fmt: skip
    assert [format_text(d) for d in checked.diagnostics] == []


@pytest.mark.parametrize(
    ("name", "planted"),
    [
        ("lint-planted", PLANTED),
        ("lint-planted-storm", PLANTED_STORM),
        ("lint-planted-measles", PLANTED_EVERY_KIND),
        ("lint-planted-court", PLANTED_EVERY_KIND),
    ],
)
def test_each_planted_flaw_is_flagged_on_its_question_and_nothing_else(
    name: str, planted: set[tuple[str | None, str]]
) -> None:
    folder = BANKS / name
    loaded = load_bank(folder)
    assert loaded.where is not None and loaded.bank is not None
    starts = sorted((loaded.where.value(path)[1], qid) for qid, path in loaded.question_paths.items())
    lines = [line for line, _ in starts]
    questions_line = loaded.where.key(("questions",))[1]

    def question_at(line: int) -> str | None:
        if line == questions_line:
            return None
        return starts[bisect.bisect_right(lines, line) - 1][1]

    diagnostics = check_bank(folder).diagnostics
    found = {(question_at(d.line), d.code) for d in diagnostics}
    assert found == planted, [format_text(d) for d in diagnostics]
    assert len(diagnostics) == len(planted)
    if name in ("lint-planted", "lint-planted-measles", "lint-planted-court"):
        assert {code for _, code in planted} >= rule_codes(), "every rule has a planted flaw"
