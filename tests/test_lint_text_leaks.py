"""Lints on typed text and leaks: YAML comments, line references, keys shown elsewhere, packet headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.checking import check_bank
from tests.lintkit import found, lint, write_example

EVIDENCE = "  evidence:\n    - {source: council, quote: cut bus journeys by ten minutes}\n  explanation: It is line 10."


def test_yaml_comment_cut_message(tmp_path: Path) -> None:
    questions = f"- id: q\n  type: true_false\n  prompt: The mayor's plan is ranked #1 by the council.\n" \
        f"  answer: false\n{EVIDENCE}"  # fmt: skip
    assert found(lint(tmp_path, questions)) == [
        (
            5,
            "yaml-comment-cut",
            "'prompt' ends at 'The mayor's plan is ranked': YAML read '#1 by the council.' as a comment; "
            "put the value in quotes to keep it",
        )
    ]


def test_yaml_comment_cut_names_a_list_item_by_its_place(tmp_path: Path) -> None:
    questions = (
        "- id: q\n  type: short_answer\n  prompt: Where was the plan ranked?\n"
        "  answers:\n    - first\n    - ranked #1\n" + EVIDENCE
    )
    assert [m for _, code, m in found(lint(tmp_path, questions)) if code == "yaml-comment-cut"] == [
        "'answers' item 2 ends at 'ranked': YAML read '#1' as a comment; put the value in quotes to keep it"
    ]


def test_yaml_comment_cut_on_a_continued_line(tmp_path: Path) -> None:
    questions = f"- id: q\n  type: true_false\n  prompt: The mayor's plan\n    is ranked #1 by the council.\n" \
        f"  answer: false\n{EVIDENCE}"  # fmt: skip
    assert [d.code for d in lint(tmp_path, questions)] == ["yaml-comment-cut"]


def test_yaml_comments_written_as_comments_are_silent(tmp_path: Path) -> None:
    questions = (
        "# the mayor's question\n- id: q  # first\n  type: true_false  # a statement\n"
        "  prompt: The mayor spoke.  # reworded in March\n  answer: true #  keyed true\n"
        "  shuffle: true #no\n" + EVIDENCE + "\n  skills: [claim-evidence] # list\n"
    )
    assert lint(tmp_path, questions) == []


def test_line_ref_mismatch_message(tmp_path: Path) -> None:
    questions = (
        "- id: q\n  type: short_answer\n  prompt: What does the mayor say (line 12)?\n"
        "  answers: [ten minutes]\n" + EVIDENCE
    )
    assert found(lint(tmp_path, questions)) == [
        (5, "line-ref-mismatch", "'line 12' is not where the cited quote is: Article A, line 10")
    ]


def test_line_ref_to_a_missing_line(tmp_path: Path) -> None:
    questions = (
        "- id: q\n  type: short_answer\n  prompt: What does the mayor say?\n  answers: [ten minutes]\n"
        "  evidence:\n    - {source: council, quote: cut bus journeys by ten minutes}\n"
        "  explanation: See Article A, lines 10-30.\n"
    )
    assert found(lint(tmp_path, questions)) == [
        (
            9,
            "line-ref-mismatch",
            "'Article A, lines 10-30': Article A has no such line (its lines are 8-12); the cited quote is on "
            "line 10",
        )
    ]


def test_line_refs_that_hold_their_words_are_silent(tmp_path: Path) -> None:
    questions = (
        "- id: q\n  type: short_answer\n  prompt: What does the mayor say (A, line 10)?\n"
        "  answers: [ten minutes]\n"
        + EVIDENCE.replace(
            "It is line 10.",
            "'Compare line 11, where shop owners feared losing parking, and \"to cost $4 million\" (line 12).'",
        )
    )
    assert lint(tmp_path, questions) == []


def test_leaked_key_message(tmp_path: Path) -> None:
    questions = """
- id: fear
  type: short_answer
  prompt: What did shop owners say they feared?
  answers: [losing parking spaces]
- id: delay
  type: true_false
  prompt: Shop owners feared losing parking spaces on Main Street.
  answer: true
"""
    assert found(lint(tmp_path, questions)) == [
        (
            20,
            "leaked-key",
            "the prompt prints 'losing parking spaces', the key of question 'fear'; on one form that "
            "gives the answer away",
        )
    ]


def test_leaked_key_names_the_key_printed_first(tmp_path: Path) -> None:
    """Two keys of one question in one prompt: the message names the first, in every run."""
    questions = """
- id: fear
  type: short_answer
  prompt: What did shop owners say they feared?
  answers: [parking spaces on Main Street, losing parking spaces]
- id: delay
  type: true_false
  prompt: Shop owners feared losing parking spaces on Main Street.
  answer: true
"""
    assert found(lint(tmp_path, questions)) == [
        (
            21,
            "leaked-key",
            "the prompt prints 'losing parking spaces', the key of question 'fear'; on one form that "
            "gives the answer away",
        )
    ]


def test_short_or_common_keys_do_not_count_as_leaks(tmp_path: Path) -> None:
    questions = """
- id: vote
  type: short_answer
  prompt: On which day did the council vote?
  answers: [Tuesday, on Tuesday]
- id: cost
  type: true_false
  prompt: On Tuesday the council said the work would cost $4 million.
  answer: true
"""
    assert lint(tmp_path, questions) == []


def test_front_matter_leak_message_and_lint_ignore(tmp_path: Path) -> None:
    questions = "- id: q\n  type: short_answer\n  prompt: Who wrote the report?\n  answers: [Dana Ortiz]\n"
    diagnostics = lint(tmp_path / "a", questions)
    assert [(d.line, d.code, d.message, d.hint) for d in diagnostics] == [
        (
            7,
            "front-matter-leak",
            "the source packet's header above Article A (author: Dana Ortiz) gives away the key 'Dana Ortiz'",
            "if that is meant, add `lint_ignore: [front-matter-leak]` to the question",
        )
    ]
    bank = write_example(tmp_path / "b", questions)
    text = (bank / "bank.yaml").read_text(encoding="utf-8")
    (bank / "bank.yaml").write_text(
        text.replace("    type:", "    lint_ignore: [front-matter-leak]\n    type:")
    )
    assert check_bank(bank).diagnostics == []


def test_header_values_the_article_prints_itself_are_no_leak(tmp_path: Path) -> None:
    questions = "- id: q\n  type: short_answer\n  prompt: What is the headline?\n  answers: [Council votes for bus lanes]\n"
    assert lint(tmp_path, questions) == []


def test_a_date_the_header_prints_is_a_leak_however_it_is_written(tmp_path: Path) -> None:
    """'Published: 2025-03-04' answers 'March 4' and '4 March 2025' as much as '2025-03-04'."""
    questions = (
        "- id: q\n  type: short_answer\n  prompt: On what date did the Gazette report the vote?\n"
        "  answers: [March 4, 4 March 2025, Mar. 4]\n"
    )
    assert [f for f in found(lint(tmp_path, questions)) if f[1] == "front-matter-leak"] == [
        (
            7,
            "front-matter-leak",
            "the source packet's header above Article A (published: 2025-03-04) gives away the key 'March 4'",
        )
    ]


def test_a_month_and_year_only_the_header_prints_is_a_leak(tmp_path: Path) -> None:
    """'Published: 2025-03-04' answers 'March 2025' when the article never says it; once it does,
    reading answers it too."""
    questions = (
        "- id: q\n  type: short_answer\n  prompt: In which month did the Gazette report the vote?\n"
        "  answers: [March 2025, Mar 2025]\n"
    )
    assert [m for _, code, m in found(lint(tmp_path / "a", questions)) if code == "front-matter-leak"] == [
        "the source packet's header above Article A (published: 2025-03-04) gives away the key 'March 2025'"
    ]
    bank = write_example(tmp_path / "b", questions)
    source = bank / "sources" / "council.txt"
    source.write_text(source.read_text(encoding="utf-8") + "The vote came in March 2025.\n", encoding="utf-8")
    assert [d for d in check_bank(bank).diagnostics if d.code == "front-matter-leak"] == []


@pytest.mark.parametrize("answers", ["[March 5]", "[4 March 2024]", "[June]", "[May 4]", "[March 2024]"])
def test_another_date_is_no_header_leak(tmp_path: Path, answers: str) -> None:
    questions = f"- id: q\n  type: short_answer\n  prompt: When will work start?\n  answers: {answers}\n"
    assert [d for d in lint(tmp_path, questions) if d.code == "front-matter-leak"] == []


CHOICE_KEY = """
- id: owners
  type: multiple_choice
  prompt: Who asked the council for a delay?
  choices:
    - {text: Two of the shop owners, correct: true}
    - {text: The mayor of the city}
    - {text: The bus drivers' union}
"""


def test_a_keyed_choice_among_another_questions_options_is_no_leak(tmp_path: Path) -> None:
    """The key's own question shows it among its options: seeing it as another option tells nothing."""
    questions = (
        CHOICE_KEY
        + """
- id: parking
  type: multiple_choice
  prompt: Who said they feared losing parking spaces?
  choices:
    - {text: The mayor of the city}
    - {text: Shop owners on Main Street, correct: true}
    - {text: Two of the shop owners}
"""
    )
    assert lint(tmp_path, questions) == []


def test_a_keyed_choice_printed_in_another_prompt_is_a_leak(tmp_path: Path) -> None:
    questions = (
        CHOICE_KEY
        + """
- id: parking
  type: true_false
  prompt: Two of the shop owners asked for a delay because they feared losing parking.
  answer: true
"""
    )
    assert found(lint(tmp_path, questions)) == [
        (
            23,
            "leaked-key",
            "the prompt prints 'Two of the shop owners', the key of question 'owners'; on one form that "
            "gives the answer away",
        )
    ]


def test_a_header_date_the_article_also_prints_is_no_leak(tmp_path: Path) -> None:
    questions = (
        "- id: q\n  type: short_answer\n  prompt: On what date did the council vote?\n  answers: [March 4]\n"
    )
    bank = write_example(tmp_path, questions)
    source = bank / "sources" / "council.txt"
    source.write_text(
        source.read_text(encoding="utf-8") + "The vote was held on March 4.\n", encoding="utf-8"
    )
    assert [d for d in check_bank(bank).diagnostics if d.code == "front-matter-leak"] == []
