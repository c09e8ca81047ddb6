"""The benchmark bank generator: its banks pass `check --strict` untouched, and a seed fixes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.generate_bank import LeakGuard, Params, generate, stamp_of
from quizkit.checking import check_bank
from quizkit.diagnostics import format_text

SMALL = Params(questions=50, sources=10, words=300, seed=1)


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generated_bank_passes_strict_check_with_no_diagnostic(tmp_path: Path) -> None:
    generate(tmp_path, SMALL)
    checked = check_bank(tmp_path, strict=True)
    assert checked.bank is not None
    assert [format_text(d) for d in checked.diagnostics] == []
    assert len(checked.bank.questions) == 50
    assert len(checked.bank.sources) == 10
    types = {q.type for q in checked.bank.questions}
    assert {"multiple_choice", "true_false", "numeric"} <= types


def test_generated_bank_is_deterministic_per_seed(tmp_path: Path) -> None:
    generate(tmp_path / "a", SMALL)
    generate(tmp_path / "b", SMALL)
    generate(tmp_path / "c", Params(**{**SMALL.__dict__, "seed": 2}))
    first = _files(tmp_path / "a")
    assert first == _files(tmp_path / "b")
    assert first["bank.yaml"] != _files(tmp_path / "c")["bank.yaml"]
    assert stamp_of(tmp_path / "a") == SMALL


def test_generator_refuses_a_folder_it_did_not_make(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(FileExistsError, match="not made by this generator"):
        generate(tmp_path, SMALL)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def _choice_question(prompt: str, key: str, *others: str) -> dict[str, object]:
    choices = [{"text": key, "correct": True}, *({"text": t} for t in others)]
    return {"prompt": prompt, "choices": choices}


def test_leak_guard_draws_again_a_question_that_would_leak_a_key_either_way() -> None:
    guard = LeakGuard()
    assert guard.take(_choice_question("What of the new bus lanes?", "harbour promised seven ships", "a"))
    printing_it = _choice_question(
        "Which words?", "council delayed national loans", "the harbour promised seven ships"
    )
    assert not guard.take(printing_it)  # an earlier key in one of its choices
    printed = {"prompt": "Fill in the gap.", "answers": ["new bus lanes"]}
    assert not guard.take(printed)  # its key is in an earlier prompt
    assert guard.take(_choice_question("Which words?", "council delayed national loans", "harbour ships"))
    assert guard.take({"prompt": "Fill in the gap.", "answers": ["of the new"]})  # one word of meaning
