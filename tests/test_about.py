"""No answer leaks from "About Articles ..." lines: the student copy and play name a question's
articles only where that gives nothing away; the answer key always names them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import lxml.html
import pytest

from quizkit.about import gives_away
from quizkit.checking import require_valid_bank
from quizkit.classroom.play import Session
from quizkit.classroom.results import ResultsStore
from quizkit.classroom.terminal import PlainScreen
from quizkit.exporting import export_bank
from quizkit.model import Bank, MultipleChoice
from quizkit.selection import Selection, build_form
from tests.conftest import BANKS

LEAKS = BANKS / "about-leaks"
# per question id: what the student copy says it is about ("" for nothing)
STUDENT_ABOUT = {
    "which-other": "",  # asks which other article: "About Articles A and B" would answer it
    "who-reports-dissent": "",  # the options name the outlets: "About Article B" would answer it
    "vote-count": "Article A",  # the prompt names Article A, the only one cited
    "start-date": "Article A",  # names no article: the line tells students where to look
    "cost-hidden-by-choice": "",  # about: false
    "which-shown-by-choice": "Article B",  # about: true
}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return require_valid_bank(LEAKS)[0]


def info_lines(path: Path) -> dict[str, str]:
    tree = lxml.html.fromstring(path.read_text("utf-8"))
    return {
        section.get("aria-labelledby"): section.find_class("info")[0].text_content()
        for section in tree.iter("section")
        if section.find_class("info")
    }


def test_student_copy_names_articles_only_where_that_gives_nothing_away(tmp_path: Path) -> None:
    export_bank(LEAKS, ["html"], tmp_path, Selection(shuffle=False))
    student = info_lines(tmp_path / "about-leaks.html")
    about = {
        qid: (line.split(" · About ")[1].split(" · ")[0] if " · About " in line else "")
        for qid, line in zip(STUDENT_ABOUT, [student[f"q{n}"] for n in range(1, 7)], strict=True)
    }
    assert about == STUDENT_ABOUT
    assert student["q1"] == "1 point · Circle one answer."


def test_answer_key_always_names_the_articles_and_says_which_students_did_not_see(tmp_path: Path) -> None:
    export_bank(LEAKS, ["html"], tmp_path, Selection(shuffle=False))
    key = info_lines(tmp_path / "about-leaks-key.html")
    assert [key[f"q{n}"] for n in range(1, 7)] == [
        "1 point · About Articles A and B (not on the student copy)",
        "1 point · About Article B (not on the student copy)",
        "1 point · About Article A",
        "1 point · About Article A",
        "1 point · About Article A (not on the student copy)",
        "1 point · About Article B",
    ]


def test_play_does_not_name_the_articles_before_answering_but_does_after(bank: Bank, tmp_path: Path) -> None:
    form = build_form(bank, Selection(shuffle=False, ids=("which-other", "vote-count")))
    out = io.StringIO()
    screen = PlainScreen(out, io.StringIO("A\n7\n"), echo=True)
    store = ResultsStore(tmp_path / "r.sqlite3")
    now = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    Session(form, screen, store.start_attempt(form, "Ana", now), feedback="each").run()
    text = out.getvalue()
    first, second = text.split("Question 2 of 2")
    before, after = first.split("Answer: A")
    assert "Article A:" not in before and "Article B:" not in before
    assert "Article A gives the bridge's cost. Which other article gives it too?" in before
    assert "Article B: Bridge vote splits council" in after.replace(
        "  ", " "
    )  # the evidence, after answering
    assert "Article A: Council approves new bridge" in second.split("Answer: 7")[0].replace("  ", " ")


def _question(prompt: str, choices: list[str], sources: list[str]) -> MultipleChoice:
    return MultipleChoice.model_validate(
        {
            "id": "q",
            "type": "multiple_choice",
            "prompt": prompt,
            "choices": [{"text": text, "correct": i == 0} for i, text in enumerate(choices)],
            "evidence": [{"source": s, "quote": "a quote of words"} for s in sources],
        }
    )


@pytest.mark.parametrize(
    ("prompt", "choices", "sources", "leaks"),
    [
        # good items: the line tells students where to look and answers nothing
        ("What did the council approve?", ["A footbridge", "A road"], ["a-gazette"], False),
        ("In Article B, why did two members vote no?", ["The cost", "The site"], ["b-ledger"], False),
        (
            "Articles A and B agree on the vote. What was it?",
            ["7 to 2", "5 to 4"],
            ["a-gazette", "b-ledger"],
            False,
        ),
        ("What did Article V of the treaty say?", ["Defence", "Trade"], ["a-gazette"], False),  # no article V
        # leaks
        ("Which article gives the cost?", ["Article A", "Article B"], ["a-gazette"], True),
        ("In which of the articles is the vote split?", ["Both", "Neither"], ["b-ledger"], True),
        ("Which outlet quotes a member?", ["Both", "Neither"], ["b-ledger"], True),
        (
            "Which claims are reported by at least two of the articles?",
            ["The cost", "The date"],
            ["a-gazette"],
            True,
        ),
        ("What does only one of the three outlets report?", ["The cost", "The date"], ["a-gazette"], True),
        ("Who gives a reason for the no votes?", ["The Valley Ledger", "Nobody"], ["b-ledger"], True),
        ("Who gives the cost?", ["Only A", "A and B", "B only"], ["a-gazette"], True),
        (
            "Article A gives the vote; so does another. Which?",
            ["The Ledger", "None"],
            ["a-gazette", "b-ledger"],
            True,
        ),
    ],
)
def test_what_gives_the_answer_away(
    bank: Bank, prompt: str, choices: list[str], sources: list[str], leaks: bool
) -> None:
    labels = bank.source_labels()
    assert gives_away(_question(prompt, choices, sources), bank.sources, labels) is leaks
