"""Lints across a bank's keys, and switching lints off: exact messages, and silence on good banks."""

from __future__ import annotations

from pathlib import Path

from quizkit.lint.keys import is_sceptical
from tests.lintkit import found, lint


def choice_question(qid: str, key: int, count: int = 3, kind: str = "multiple_choice") -> str:
    texts = [f"The {colour} reading of {qid}" for colour in ("red", "green", "blue", "grey")[:count]]
    lines = [f"- id: {qid}", f"  type: {kind}", f"  prompt: Which reading of {qid} is right?", "  choices:"]
    for n, text in enumerate(texts):
        lines.append(f"    - text: {text}")
        if n == key or (kind == "multiple_answer" and n < key):
            lines.append("      correct: true")
    return "\n".join(lines)


def true_false(qid: str, answer: bool) -> str:
    return f"- {{id: {qid}, type: true_false, prompt: 'Statement {qid}.', answer: {str(answer).lower()}}}"


def test_unbalanced_multiple_choice_keys(tmp_path: Path) -> None:
    questions = "\n".join(choice_question(f"q{chr(97 + n)}", 0 if n != 3 else 1) for n in range(7))
    assert found(lint(tmp_path, questions)) == [
        (
            2,
            "unbalanced-keys",
            "6 of 7 multiple-choice keys are A in bank order (A 6, B 1); students see this order "
            "whenever choices are not shuffled",
        )
    ]


def test_balanced_or_few_multiple_choice_keys_are_silent(tmp_path: Path) -> None:
    balanced = "\n".join(choice_question(f"q{chr(97 + n)}", n % 3) for n in range(9))
    three_of_six = "\n".join(choice_question(f"q{chr(97 + n)}", k) for n, k in enumerate((0, 0, 0, 1, 2, 1)))
    few = "\n".join(choice_question(f"q{chr(97 + n)}", 0) for n in range(5))
    assert lint(tmp_path / "a", balanced) == []
    assert lint(tmp_path / "b", three_of_six) == []
    assert lint(tmp_path / "c", few) == []


def test_unshuffled_keys_all_at_one_letter(tmp_path: Path) -> None:
    """Six questions printed as written on every form, all keyed A, among shuffled ones spread evenly."""
    fixed = [choice_question(f"f{n}", 0) + "\n  shuffle: false" for n in range(6)]
    shuffled = [choice_question(f"s{n}", 1 + n % 2) for n in range(8)]
    assert found(lint(tmp_path, "\n".join(fixed + shuffled))) == [
        (
            2,
            "unbalanced-keys",
            "6 of 6 keys of multiple-choice questions with `shuffle: false` are A in bank order (A 6); "
            "students see this order on every form",
        )
    ]
    spread = [choice_question(f"f{n}", n % 3) + "\n  shuffle: false" for n in range(6)]
    assert lint(tmp_path / "b", "\n".join(spread + shuffled)) == []


def test_multiple_answer_keys_always_first(tmp_path: Path) -> None:
    questions = "\n".join(
        choice_question(f"q{chr(97 + n)}", 1 + n % 2, 4, "multiple_answer") for n in range(3)
    )
    assert found(lint(tmp_path, questions)) == [
        (
            2,
            "unbalanced-keys",
            "all 3 multiple-answer questions list their keys first in bank order; students see this "
            "order whenever choices are not shuffled",
        )
    ]
    mixed = questions.replace(
        "    - text: The red reading of qb\n      correct: true", "    - text: The red reading of qb"
    )
    mixed = mixed.replace(
        "    - text: The grey reading of qb", "    - text: The grey reading of qb\n      correct: true"
    )
    assert lint(tmp_path / "b", mixed) == []


def test_true_false_all_one_way(tmp_path: Path) -> None:
    questions = "\n".join(true_false(f"q{chr(97 + n)}", False) for n in range(4))
    assert found(lint(tmp_path, questions)) == [
        (
            2,
            "unbalanced-keys",
            "all 4 true/false keys are false; a student who answers 'false' throughout gets them all",
        )
    ]
    three = "\n".join(true_false(f"q{chr(97 + n)}", False) for n in range(3))
    mixed = "\n".join(true_false(f"q{chr(97 + n)}", n == 2) for n in range(6))
    assert lint(tmp_path / "b", three) == []
    assert lint(tmp_path / "c", mixed) == []


def test_sceptical_key_message(tmp_path: Path) -> None:
    lines = []
    for n in range(5):
        lines.append(
            f"- id: q{n}\n  type: multiple_choice\n  prompt: What does it say about item {n}?\n  choices:\n"
            f"    - text: The figure that the council gave\n    - text: The article does not say\n"
            f"      correct: true\n    - text: A date that the mayor gave"
        )
    assert found(lint(tmp_path, "\n".join(lines))) == [
        (
            2,
            "sceptical-key",
            "5 of 5 options like 'does not say', 'none' or 'No' are keys (q0, q1, q2, q3, q4); "
            "students learn to pick the sceptical answer",
        )
    ]


def test_answers_that_begin_with_no_are_not_sceptical_keys(tmp_path: Path) -> None:
    """'No appointment to be had' answers the question; only 'No' alone says the article is silent."""
    lines = []
    for n, key in enumerate(["No new taxes", "No appointment to be had", "No parking on Main Street",
                             "No buses after midnight", "No vote until June"]):  # fmt: skip
        lines.append(
            f"- id: q{n}\n  type: multiple_choice\n  prompt: What did they ask for in item {n}?\n  choices:\n"
            f"    - text: A figure that the council gave\n    - text: {key}\n"
            f"      correct: true\n    - text: A date that the mayor gave"
        )
    assert lint(tmp_path, "\n".join(lines)) == []


def test_sceptical_options() -> None:
    sceptical = ["The article does not say", "Not stated", "No", "No: it never does", "Nothing",
                 "None of the articles", "Article B does not name him", "It cannot be determined",
                 "No article gives it", "Not enough information", "Neither article says",
                 "No outlet reports it", "No details are given", "No, it does not",
                 "The column does not say", "The writer never says", "Article C doesn't name her",
                 "It is not stated", "It's not made clear", "That was never reported"]  # fmt: skip
    plain = ["Noted in line 3", "Non-binding", "Nonetheless", "Neither leader", "A note", "Nobel Prize",
             "It says nothing new", "Norway", "No appointment to be had", "No new taxes",
             "It is not safe", "It was never built"]  # fmt: skip
    assert [t for t in sceptical if not is_sceptical(t)] == []
    assert [t for t in plain if is_sceptical(t)] == []


def test_ignore_for_the_bank_and_for_one_question(tmp_path: Path) -> None:
    questions = "\n".join(choice_question(f"q{chr(97 + n)}", 0) for n in range(6))
    (tmp_path / "a").mkdir()
    diagnostics = lint(tmp_path / "a", questions)
    assert [d.code for d in diagnostics] == ["unbalanced-keys"]
    ignored = questions.replace("- id: qa\n", "- id: qa\n  lint_ignore: [unbalanced-keys]\n")
    assert lint(tmp_path / "b", ignored) == []  # five left: too few to judge
    bank = tmp_path / "c"
    lint(bank, questions)
    text = (bank / "bank.yaml").read_text(encoding="utf-8")
    (bank / "bank.yaml").write_text(
        text.replace("questions:", "lint:\n  ignore: [unbalanced-keys]\nquestions:", 1)
    )
    from quizkit.checking import check_bank

    assert check_bank(bank).diagnostics == []


def test_unknown_codes_are_warned_with_a_guess(tmp_path: Path) -> None:
    questions = "- id: q\n  type: true_false\n  prompt: The council voted 7-2.\n  answer: true\n" \
        "  lint_ignore: [key-longst, no-explanation]"  # fmt: skip
    diagnostics = lint(tmp_path, questions)
    assert [(d.line, d.code, d.message, d.hint) for d in diagnostics] == [
        (
            8,
            "unknown-lint-code",
            "'key-longst' is not a lint code, so ignoring it switches nothing off",
            "did you mean 'key-longest'?",
        ),
        (
            9,
            "unknown-lint-code",
            "'no-explanation' is not a lint code, so ignoring it switches nothing off",
            diagnostics[1].hint,
        ),
    ]
    assert (diagnostics[1].hint or "").startswith("lint codes: ")
