"""Kahoot and Quizizz spreadsheets, read back with python-calamine (not the library that wrote them)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from quizkit.errors import ExportError
from quizkit.exporters.kahoot import ANSWER_LIMIT, QUESTION_LIMIT, TIME_LIMITS
from quizkit.exporters.sheets import Sheet, write_xlsx
from quizkit.exporting import export_bank
from quizkit.loading import load_bank
from quizkit.selection import Selection, build_forms
from tests.test_moodle_banks import write_bank

TESTS = Path(__file__).resolve().parent
SHIPPED = TESTS.parent / "questions" / "japan-us-summit"
TYPED = TESTS / "banks" / "valid-typed"
KAHOOT_HEADERS = [
    "",
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]
QUIZIZZ_HEADERS = [
    "Question Text",
    "Question Type",
    "Option 1",
    "Option 2",
    "Option 3",
    "Option 4",
    "Option 5",
    "Correct Answer",
    "Time in seconds",
    "Image Link",
    "Answer explanation",
]


def rows(path: Path) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["Sheet1"]
    return [list(row) for row in book.get_sheet_by_index(0).to_python(skip_empty_area=False)]


def export(bank: Path, fmt: str, out: Path, **selection: Any) -> tuple[list[Path], list[str]]:
    report = export_bank(bank, [fmt], out, Selection(**{"shuffle": False, **selection}))
    return report.paths, [str(loss) for loss in report.losses]


def test_kahoot_typed_bank_exact_cells(tmp_path: Path) -> None:
    [path], notes = export(TYPED, "kahoot", tmp_path)
    assert path.name == "valid-typed-kahoot.xlsx"
    table = rows(path)
    assert table[1][1] == "Typed the way teachers type"
    assert table[7] == KAHOOT_HEADERS
    assert table[8:] == [
        [1.0, "Whose words does the article quote, and through whom?",
         "Ishiba's, as reported by The Post Millennial", "Trump's, from a press release", "", "", 30.0, "1"],
        [2.0, "The article says the announcement followed a meeting with President Donald Trump on Friday.",
         "True", "False", "", "", 20.0, "1"],
        [3.0, "What amount did the joint statement name?",
         "one trillion dollars ($1 trillion)", "$68.5 billion", "", "", 30.0, "1"],
    ]  # fmt: skip
    assert notes == [
        "kahoot: bank: Kahoot scores by speed, not by the bank's points, and gives a multiple-answer "
        "question full points only when every picked answer is right (no partial credit as in quizkit play)",
        "kahoot: bank: Kahoot has no place for explanations, evidence or choice feedback: go over them "
        "with the answer key",
        "kahoot: question 'ellipsis-and-apostrophe': Kahoot's spreadsheet takes choice questions only: "
        "short answer left out",
        "kahoot: question 'numbers-in-words': Kahoot's spreadsheet takes choice questions only: numeric left out",
        "kahoot: question 'en-dash': Kahoot's spreadsheet takes choice questions only: matching left out",
        "kahoot: question 'essay-no-key': Kahoot's spreadsheet takes choice questions only: essay left out",
    ]


def test_kahoot_shipped_bank_keeps_limits_and_keys(tmp_path: Path) -> None:
    [path], notes = export(SHIPPED, "kahoot", tmp_path, seed=3, shuffle=True)
    table = rows(path)[8:]
    [form] = build_forms(load_bank(SHIPPED).bank, Selection(seed=3), 1)
    kept = [
        item
        for item in form.items
        if item.question.type == "true_false"
        or (item.question.type in ("multiple_choice", "multiple_answer") and len(item.correct_letters) < 4)
    ]
    assert [row[0] for row in table] == [float(n) for n in range(1, len(kept) + 1)]
    for row, item in zip(table, kept, strict=True):
        q = item.question
        assert 0 < len(row[1]) <= QUESTION_LIMIT
        answers = [text for text in row[2:6] if text]
        assert 2 <= len(answers) <= 4
        assert all(len(text) <= ANSWER_LIMIT for text in answers)
        assert row[6] in TIME_LIMITS
        right = [answers[int(n) - 1] for n in row[7].split(",")]
        if q.type == "true_false":
            assert right == ["True" if q.answer else "False"]  # type: ignore[union-attr]
            continue
        keyed = [" ".join(c.text.split()) for c in item.choices if c.correct]
        assert len(right) == len(keyed)
        for shown, text in zip(right, keyed, strict=True):  # a cut answer is a prefix and an ellipsis
            assert shown == text or (shown.endswith("…") and text.startswith(shown[:-1]))
    cut = [note for note in notes if "cut to fit" in note]
    assert cut, "the shipped bank has long prompts: their cuts must be reported"
    assert any("Kahoot takes at most 4 answers: wrong choice(s) left out" in note for note in notes)
    assert any("has more right ones: left out" in note for note in notes)


def test_quizizz_typed_bank_exact_cells(tmp_path: Path) -> None:
    [path], notes = export(TYPED, "quizizz", tmp_path)
    assert path.name == "valid-typed-quizizz.xlsx"
    table = rows(path)
    assert table[0] == QUIZIZZ_HEADERS
    assert table[1][0] == "The question (required)"
    body = table[2:]
    assert [row[:10] for row in body] == [
        ["Whose words does the article quote, and through whom?", "Multiple Choice",
         "Ishiba's, as reported by The Post Millennial", "Trump's, from a press release", "", "", "", "1", 30.0, ""],
        ["The article says the announcement followed a meeting with President Donald Trump on Friday.",
         "Multiple Choice", "True", "False", "", "", "", "1", 30.0, ""],
        ["What did Ishiba convey his willingness to elevate?", "Fill-in-the-Blank",
         "Japan's investment in the U.S.", "Japan’s investment", "", "", "", "", 60.0, ""],
        ["For how many consecutive years has Japan been the largest investor in the U.S.?",
         "Fill-in-the-Blank", "5", "", "", "", "", "", 60.0, ""],
        ["What amount did the joint statement name?", "Multiple Choice",
         "one trillion dollars ($1 trillion)", "$68.5 billion", "", "", "", "1", 30.0, ""],
        ['Is "landmark" a neutral word? Explain.', "Open-Ended", "", "", "", "", "", "", 300.0, ""],
    ]  # fmt: skip
    assert body[0][10] == (
        "The quote comes second-hand, through another outlet. Evidence: Article A (“Japan pledges "
        '$1 trillion (fixture copy)”), line 16: “"With the inauguration of President '
        'Trump, the momentum for Japanese companies to invest in the United States is even stronger," '
        "Ishiba said, according to The Post Millennial.”"
    )
    assert all(row[10] for row in body)  # every question carries its explanation and evidence
    assert "Adjectives like" in body[5][10] and "rubric" not in body[5][10].lower()  # no rubric for students
    assert notes == [
        "quizizz: bank: the template has no column for points: every question is worth Quizizz's default",
        "quizizz: question 'ellipsis-and-apostrophe': Quizizz compares a typed answer with the accepted ones "
        "itself: quizkit play also accepts a trailing full stop, other punctuation and digit-group commas "
        "('2,027'), which Quizizz may mark wrong",
        "quizizz: question 'numbers-in-words': Quizizz compares a typed answer with the accepted ones itself: "
        "quizkit play also accepts a trailing full stop, other punctuation and digit-group commas ('2,027'), "
        "which Quizizz may mark wrong",
        "quizizz: question 'en-dash': Quizizz's spreadsheet has no matching questions: left out",
    ]


def test_quizizz_limits_and_numbers(tmp_path: Path) -> None:
    bank = write_bank(
        tmp_path / "limits",
        [
            {"id": "big-number", "type": "numeric", "prompt": "How many?", "answer": 2027, "tolerance": 2},
            {
                "id": "six-choices",
                "type": "multiple_answer",
                "prompt": "Pick.",
                "choices": [{"text": f"choice {n}", "correct": n in (2, 6)} for n in range(1, 7)],
            },
            {
                "id": "many-answers",
                "type": "short_answer",
                "prompt": "Name it.",
                "answers": ["a1", "a2", "a3", "a4", "a5", "a6"],
            },
        ],
    )
    [path], notes = export(bank, "quizizz", tmp_path / "out")
    body = rows(path)[2:]
    assert body[0][2:8] == ["2027", "2,027", "", "", "", ""]
    assert body[1][1:8] == ["Checkbox", "choice 1", "choice 2", "choice 3", "choice 4", "choice 6", "2,5"]
    assert body[2][2:8] == ["a1", "a2", "a3", "a4", "a5", ""]
    assert (
        "quizizz: question 'big-number': Quizizz cannot accept a range: only 2027 is right (not within 2)"
        in notes
    )
    assert (
        "quizizz: question 'six-choices': Quizizz takes at most 5 options: wrong choice(s) left out: 'choice 5'"
        in notes
    )
    assert "quizizz: question 'many-answers': Quizizz takes at most 5 accepted answers: 1 left out" in notes


@pytest.mark.parametrize("fmt", ["kahoot", "quizizz"])
def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path, fmt: str) -> None:
    bank = write_bank(
        tmp_path / "formula",
        [{"id": "formula", "type": "multiple_choice", "prompt": "=1+1",
          "choices": [{"text": "=HYPERLINK(\"http://example.com\")", "correct": True}, {"text": "@SUM(A1)"}]}],
    )  # fmt: skip
    [path], _ = export(bank, fmt, tmp_path / "out")
    first = rows(path)[8 if fmt == "kahoot" else 2]
    assert "=1+1" in first and '=HYPERLINK("http://example.com")' in first and "@SUM(A1)" in first
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


@pytest.mark.parametrize("fmt", ["kahoot", "quizizz"])
def test_same_seed_same_bytes(tmp_path: Path, fmt: str) -> None:
    [first], _ = export(SHIPPED, fmt, tmp_path / "one", seed=5, shuffle=True)
    [second], _ = export(SHIPPED, fmt, tmp_path / "two", seed=5, shuffle=True)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        core = archive.read("docProps/core.xml").decode()
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert "2000-01-01T00:00:00Z" in core


@pytest.mark.parametrize("fmt", ["kahoot", "quizizz"])
def test_versions_write_one_file_per_form(tmp_path: Path, fmt: str) -> None:
    report = export_bank(TYPED, [fmt], tmp_path, Selection(), versions=2)
    assert [path.name for path in report.paths] == [f"valid-typed-A-{fmt}.xlsx", f"valid-typed-B-{fmt}.xlsx"]


def test_control_character_is_refused_by_the_writer(tmp_path: Path) -> None:
    # check refuses such a bank first; the writer refuses too, naming the file, should one get through
    sheet = Sheet("Sheet1", {(1, 1): "Ring\x07?"}, {})
    with pytest.raises(ExportError) as caught:
        write_xlsx(tmp_path / "bell-kahoot.xlsx", sheet)
    assert caught.value.message == (
        "cannot write bell-kahoot.xlsx: the bank contains a control character that a spreadsheet "
        "cannot hold; remove control characters from bank.yaml"
    )
