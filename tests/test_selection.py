"""Choosing and shuffling questions into forms: one seed, one result."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.checking import require_valid_bank
from quizkit.cli import main
from quizkit.errors import SelectionError
from quizkit.model import Bank, Matching, MultipleChoice
from quizkit.selection import Selection, build_forms
from tests.conftest import BANKS, SHIPPED_BANK


@pytest.fixture(scope="module")
def bank() -> Bank:
    return require_valid_bank(SHIPPED_BANK)[0]


def order(bank: Bank, selection: Selection, versions: int = 1) -> list[list[tuple[str, tuple[int, ...]]]]:
    return [
        [(i.question.id, i.choice_order or i.right_order) for i in form.items]
        for form in build_forms(bank, selection, versions)
    ]


def test_same_seed_same_forms_other_seed_other_forms(bank: Bank) -> None:
    assert order(bank, Selection(seed=7), 3) == order(bank, Selection(seed=7), 3)
    assert order(bank, Selection(seed=7), 3) != order(bank, Selection(seed=8), 3)


def test_versions_ask_the_same_questions_in_their_own_order(bank: Bank) -> None:
    forms = build_forms(bank, Selection(seed=3, count=10), 3)
    assert [f.label for f in forms] == ["A", "B", "C"]
    asked = [sorted(i.question.id for i in f.items) for f in forms]
    assert asked[0] == asked[1] == asked[2]
    assert len({tuple(i.question.id for i in f.items) for f in forms}) == 3


def test_no_shuffle_keeps_the_bank_order(bank: Bank) -> None:
    [form] = build_forms(bank, Selection(shuffle=False))
    assert [i.question.id for i in form.items] == [q.id for q in bank.questions]
    for item in form.items:
        if isinstance(item.question, MultipleChoice):
            assert item.choice_order == tuple(range(len(item.question.choices)))


def test_one_form_keeps_the_teachers_question_order_and_shuffles_choices(bank: Bank) -> None:
    [form] = build_forms(bank, Selection(seed=5))
    assert [i.question.id for i in form.items] == [q.id for q in bank.questions]
    choices = [i.choice_order for i in form.items if isinstance(i.question, MultipleChoice)]
    assert any(order != tuple(sorted(order)) for order in choices)


def test_shuffle_questions_asks_for_a_random_order(bank: Bank) -> None:
    [form] = build_forms(bank, Selection(seed=5, shuffle_questions=True))
    ids = [i.question.id for i in form.items]
    assert ids != [q.id for q in bank.questions]
    assert sorted(ids) == sorted(q.id for q in bank.questions)


def test_shuffle_questions_from_the_command_line(tmp_path: Path) -> None:
    def first_prompt(*extra: str) -> str:
        result = CliRunner().invoke(
            main,
            ["export", str(BANKS / "small"), "--format", "html", "-o", str(tmp_path), "--seed", "2", *extra],
        )
        assert result.exit_code == 0, result.output
        html = (tmp_path / "small.html").read_text(encoding="utf-8")
        return html.split('id="q1">')[1][:80]

    assert "what did Japan do about the $1 trillion" in first_prompt()  # the bank's first question
    assert "what did Japan do about the $1 trillion" not in first_prompt("--shuffle-questions")


def test_matching_never_lines_the_answers_up(bank: Bank) -> None:
    for seed in range(30):
        for form in build_forms(bank, Selection(seed=seed)):
            for item in form.items:
                if isinstance(item.question, Matching):
                    assert item.right_order != tuple(range(len(item.question.pairs)))


def test_a_question_can_keep_its_choice_order() -> None:
    small = require_valid_bank(BANKS / "small")[0]
    keep = small.model_copy(
        update={"questions": tuple(q.model_copy(update={"shuffle": False}) for q in small.questions)}
    )
    for seed in range(10):
        for item in build_forms(keep, Selection(seed=seed))[0].items:
            if item.choice_order:
                assert item.choice_order == tuple(sorted(item.choice_order))


def test_filters(bank: Bank) -> None:
    [form] = build_forms(bank, Selection(skills=("loaded-language",), difficulties=("easy", "medium")))
    assert form.items
    for item in form.items:
        assert "loaded-language" in item.question.skills
        assert item.question.difficulty in ("easy", "medium")
    ids = ("b-headline-vs-lede", "a-bombshell-withheld")
    [form] = build_forms(bank, Selection(ids=ids))
    assert sorted(i.question.id for i in form.items) == sorted(ids)


def test_selection_mistakes_are_clear(bank: Bank) -> None:
    with pytest.raises(SelectionError, match=r"--count 500 asks for more questions than the \d+ that match"):
        build_forms(bank, Selection(count=500))
    with pytest.raises(SelectionError, match="no question with id 'nope' in 'japan-us-summit'"):
        build_forms(bank, Selection(ids=("nope",)))
    with pytest.raises(
        SelectionError,
        match="no question in 'japan-us-summit' matches --question b-headline-vs-lede --skill who-is-behind",
    ):
        build_forms(bank, Selection(ids=("b-headline-vs-lede",), skills=("who-is-behind",)))


def test_export_notes_name_every_question_a_limit_touches_once() -> None:
    from quizkit.cli import summarize_losses
    from quizkit.exporters.base import Loss

    losses = [
        Loss("gift", None, "the articles are not in the file"),
        Loss("gift", "q1", "no place for points"),
        Loss("gift", "q2", "no place for points"),
        Loss("gift", "q1", "no place for points"),  # a second version of the same form
        Loss("moodle", "q3", "short answers ignore case only"),
    ]
    assert summarize_losses(losses) == [
        "gift: the articles are not in the file",
        "gift: 2 questions (q1, q2): no place for points",
        "moodle: question 'q3': short answers ignore case only",
    ]
