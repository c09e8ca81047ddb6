"""A bank whose text is made of the characters Moodle XML and GIFT must escape (shared by their tests)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

from quizkit.checking import check_bank

SMALL = Path(__file__).resolve().parent / "banks" / "small"
QUOTE = {
    "source": "joint-report",
    "quote": "Japan has pledged to increase its investment in the United States",
}

# Every character the brief names, a backslash, line breaks, and what would end a CDATA section.
NASTY = "All of & < > \" ' ~ = # { } : and a backslash \\ here,\nthen a new line\r\nand ]]> too."

TRICKY_QUESTIONS: list[dict[str, Any]] = [
    {
        "id": "tricky-mc",
        "type": "multiple_choice",
        "prompt": NASTY,
        "choices": [
            {"text": "[html] <b>not bold</b> & = half", "correct": True, "feedback": "Right # {yes}: \\o/"},
            {"text": "%50% more ~ less", "feedback": "[plain] starts like a format"},
            {"text": "C:\\new\\table #1 {x}"},
        ],
        "shuffle": False,
    },
    {
        "id": "tricky-ma",
        "type": "multiple_answer",
        "prompt": "Pick the three = signs {a, b, c}:",
        "choices": [
            {"text": "a = 1", "correct": True},
            {"text": "b ~ 2", "correct": True},
            {"text": "c # 3", "correct": True},
            {"text": "d } 4"},
        ],
    },
    {"id": "tricky-tf", "type": "true_false", "prompt": "GIFT writes true as {T}: true?", "answer": False},
    {
        "id": "tricky-short",
        "type": "short_answer",
        "prompt": "Type a*b, x -> y, or T:",
        "answers": ["a*b", "x -> y", "T"],
    },
    {
        "id": "tricky-numeric",
        "type": "numeric",
        "prompt": "How cold: -2.5 give or take 0.25?",
        "answer": -2.5,
        "tolerance": 0.25,
        "unit": "°C & <more>",
    },
    {
        "id": "tricky-matching",
        "type": "matching",
        "prompt": "Match: left -> right",
        "pairs": [
            {"left": "one -> 1", "right": "uno: {1}"},
            {"left": "two = 2", "right": "dos ~ #2"},
            {"left": "[three] & 3", "right": "tres \\ 3"},
        ],
        "points": 3,
        "shuffle": False,
    },
    {
        "id": "tricky-essay",
        "type": "essay",
        "prompt": "Explain <why>:",
        "rubric": "Line one & <b>two</b>\nline = two {}",
    },
]


def write_bank(folder: Path, questions: list[dict[str, Any]], **info: Any) -> Path:
    """A bank in `folder` with the small bank's two articles and these questions (each citing article A)."""
    shutil.copytree(SMALL / "sources", folder / "sources")
    bank = {"title": info.pop("title", "Tricky: a/b & <c>"), **info, "questions": []}
    for question in questions:
        bank["questions"].append({"evidence": [QUOTE], "explanation": "Because & < > # {}.", **question})
    (folder / "bank.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), "utf-8")
    return folder


def test_tricky_bank_passes_check(tmp_path: Path) -> None:
    result = check_bank(write_bank(tmp_path / "tricky", TRICKY_QUESTIONS))
    assert result.bank is not None
    assert [d for d in result.diagnostics if d.severity == "error"] == []
    assert result.bank.questions[0].prompt == NASTY
