"""Odd input a careless or hostile teacher could write: each ends in diagnostics, never an internal error."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from quizkit.checking import check_bank
from quizkit.diagnostics import format_text


def write_bank(folder: Path, source: str, question: dict[str, Any]) -> Path:
    """A bank of one question whose only source is `source`."""
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "a.txt").write_text(source, encoding="utf-8")
    question = {"id": "q", "explanation": "Why.", **question}
    (folder / "bank.yaml").write_text(json.dumps({"title": "T", "questions": [question]}), encoding="utf-8")
    return folder


def shown(folder: Path) -> list[str]:
    """The diagnostics as `check` prints them, the folder left out."""
    return [format_text(d).replace(f"{folder}/", "") for d in check_bank(folder).diagnostics]


def test_a_dotted_capital_i_before_the_closest_passage_keeps_the_hint_on_it(tmp_path: Path) -> None:
    """'İ' lowers to two characters; the closest-passage search read past the end of the source
    and `check` stopped with "internal error: IndexError: string index out of range"."""
    source = "İİİİİİİİİİİİİİİİİİİİ opened\n"
    quote = "opened the bridge today"
    question = {"type": "true_false", "prompt": "Is it so?", "answer": True}
    write_bank(tmp_path, source, {**question, "evidence": [{"source": "a", "quote": quote}]})
    assert shown(tmp_path) == [
        "bank.yaml:1:164: error[quote-not-found]: quote not found in source 'a'\n"
        '  closest (41%) at sources/a.txt:1: "opened"'
    ]


def which_many(folder: Path, prompt: str, keyed: int) -> list[str]:
    """A multiple-answer question asking `prompt`, with `keyed` of its four choices keyed."""
    choices = [
        {"text": text, "correct": i < keyed} for i, text in enumerate(("Bridge", "Road", "Port", "Dam"))
    ]
    quote = "The mayor opened the bridge."
    question = {"type": "multiple_answer", "prompt": prompt, "choices": choices}
    write_bank(folder, quote + "\n", {**question, "evidence": [{"source": "a", "quote": quote}]})
    return shown(folder)


def test_which_with_a_dotless_i_in_its_number_is_not_read_as_a_count(tmp_path: Path) -> None:
    """'Which fıve' (a dotless i) matched the case-blind 'which five' and `check` stopped with
    "internal error: KeyError: 'fıve'"; only ASCII 'which two ... five' are counted."""
    assert which_many(tmp_path / "dotless", "Which fıve did the mayor open?", 2) == []
    assert which_many(tmp_path / "capitals", "Which TWO did the mayor open?", 3) == [
        "bank.yaml:1:102: warning[grammatical-cue]: the prompt asks for two but 3 choices are keyed"
    ]


def line_refs(folder: Path, prompt: str) -> list[str]:
    """An essay prompt `prompt` citing line 2 of a two-line article."""
    quote = "The mayor opened the bridge."
    question = {"type": "essay", "prompt": prompt, "evidence": [{"source": "a", "quote": quote}]}
    write_bank(folder, f"Budget news\n{quote}\n", question)
    return shown(folder)


def test_a_line_number_of_thousands_of_digits_is_no_such_line(tmp_path: Path) -> None:
    """Python reads at most 4300 digits as an integer: `check` stopped with "internal error:
    ValueError: Exceeds the limit (4300 digits)"."""
    digits = "9" * 5000
    assert line_refs(tmp_path, f"Does line {digits} say so?") == [
        f"bank.yaml:1:92: warning[line-ref-mismatch]: 'line {digits}': Article A has no such line "
        "(its lines are 1-2); the cited quote is on line 2"
    ]


def test_a_line_reference_belongs_to_the_article_named_last_before_it(tmp_path: Path) -> None:
    """Found once per text and looked up per reference: a prompt of thousands of 'line 1' took
    `check` minutes when each reference searched the text before it again."""
    assert line_refs(tmp_path, "Does Article A, line 3 say so? And line 1?") == [
        "bank.yaml:1:92: warning[line-ref-mismatch]: 'Article A, line 3': Article A has no such line "
        "(its lines are 1-2); the cited quote is on line 2",
        "bank.yaml:1:92: warning[line-ref-mismatch]: 'line 1' is not where the cited quote is: "
        "Article A, line 2",
    ]


def test_a_distractor_with_no_visible_text_is_not_compared_by_length(tmp_path: Path) -> None:
    """A distractor of only a zero-width space is 0 characters long once made plain; key-longest
    divided by it and `check` stopped with "internal error: ZeroDivisionError: division by zero"."""
    quote = "The mayor opened the bridge."
    choices = [{"text": "The new bridge over the river Wear", "correct": True}, {"text": "\u200b"}]
    question = {"type": "multiple_choice", "prompt": "What did the mayor open?", "choices": choices}
    write_bank(tmp_path, quote + "\n", {**question, "evidence": [{"source": "a", "quote": quote}]})
    assert shown(tmp_path) == [  # the blank choice is an error of its own; no lint trips over it
        "bank.yaml:1:216: error[empty-value]: choice 2 has no visible characters; students would see nothing there"
    ]


def test_a_quote_longer_than_its_source_is_not_found_without_searching(tmp_path: Path) -> None:
    """A quote of a million characters is not looked for in a one-line source: it was compiled into
    a case-blind pattern first, about a second per megabyte and source."""
    quote = "The Mayor opened the bridge. " * 40_000
    question = {"type": "true_false", "prompt": "Is it so?", "answer": True}
    write_bank(
        tmp_path,
        "The mayor opened the bridge.\n",
        {**question, "evidence": [{"source": "a", "quote": quote}]},
    )
    [found] = shown(tmp_path)
    assert found.splitlines()[:2] == [
        "bank.yaml:1:164: error[quote-not-found]: quote not found in source 'a'",
        '  closest (100%) at sources/a.txt:1: "The mayor opened the bridge."',
    ]
