"""GIFT: golden file, escaping rules, and every question read back by gift-pegjs (a parser someone else wrote)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from quizkit.exporters.answerforms import typed_forms
from quizkit.exporters.base import Loss
from quizkit.exporters.gift import gift_category, gift_escape, gift_tag, gift_text
from quizkit.exporting import export_bank
from quizkit.loading import load_bank
from quizkit.model import Bank
from quizkit.selection import Selection
from tests.test_moodle_banks import NASTY, TRICKY_QUESTIONS, write_bank

TESTS = Path(__file__).resolve().parent
NODE_DIR = TESTS / "node"
SHIPPED = TESTS.parent / "questions" / "japan-us-summit"
GIFT_TYPES = {
    "multiple_choice": "MC",
    "multiple_answer": "MC",
    "true_false": "TF",
    "short_answer": "Short",
    "numeric": "Numerical",
    "matching": "Matching",
    "essay": "Essay",
}
# gift-pegjs 1.0.2 leaves its escape placeholders in a matching item's right-hand side (its
# PlainText rule skips the decoding its other rules do); Moodle's importer decodes them there.
PLACEHOLDERS = {
    "&&092;": "\\",
    "&&058;": ":",
    "&&035;": "#",
    "&&061;": "=",
    "&&123;": "{",
    "&&125;": "}",
    "&&126;": "~",
    "&&010": "\n",
}


def export(bank: Path, out: Path, **selection: Any) -> tuple[Path, list[Loss]]:
    report = export_bank(bank, ["gift"], out, Selection(**selection))
    [path] = report.paths
    assert path.name == f"{bank.name}.gift"
    return path, report.losses


def parse_gift(path: Path) -> list[dict[str, Any]]:
    """The questions gift-pegjs reads from `path` (skips where node or gift-pegjs is missing)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (make os-deps installs it)")
    if not (NODE_DIR / "node_modules" / "gift-pegjs").is_dir():
        pytest.skip("gift-pegjs is not installed: npm install --prefix tests/node")
    run = subprocess.run(
        [node, str(NODE_DIR / "gift-parse.js"), str(path)], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    parsed: list[dict[str, Any]] = json.loads(run.stdout)
    return parsed


def decoded(text: str) -> str:
    for placeholder, char in PLACEHOLDERS.items():
        text = text.replace(placeholder, char)
    return text


def one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def check_read_back(parsed: list[dict[str, Any]], bank: Bank) -> None:
    """Every question parsed, as the right type, with its key, its text intact, its id and tags."""
    category, *items = parsed
    assert category["type"] == "Category"
    assert [item["title"] for item in items] == [q.id for q in bank.questions]
    for item, question in zip(items, bank.questions, strict=True):
        assert item["type"] == GIFT_TYPES[question.type], question.id
        assert item["stem"] == {"format": "plain", "text": one_line(question.prompt)}
        assert item["tags"] == [*question.skills, f"difficulty:{question.difficulty}"]
        assert item["id"] and item["id"].startswith("i")
        feedback = item["globalFeedback"]["text"]
        assert question.explanation.strip().split("\n")[0] in feedback
        assert "Evidence: Article " in feedback
        if question.type == "multiple_choice":
            assert [c["isCorrect"] for c in item["choices"]] == [c.correct for c in question.choices]
            assert [c["text"]["text"] for c in item["choices"]] == [c.text.strip() for c in question.choices]
            assert [c["feedback"] and c["feedback"]["text"] for c in item["choices"]] == [
                c.feedback and c.feedback.strip() for c in question.choices
            ]
        elif question.type == "multiple_answer":
            weights = [c["weight"] for c in item["choices"]]
            assert [w > 0 for w in weights] == [c.correct for c in question.choices]
            assert sum(w for w in weights if w > 0) == pytest.approx(100, abs=0.01)
            assert [c["text"]["text"] for c in item["choices"]] == [c.text.strip() for c in question.choices]
        elif question.type == "true_false":
            assert item["isTrue"] is question.answer
        elif question.type == "short_answer":
            assert [c["text"]["text"] for c in item["choices"]] == [
                a.replace("*", "\\*").replace("->", "→") for a in typed_forms(question.answers)
            ]
        elif question.type == "numeric":
            assert item["choices"] == {
                "type": "range",
                "number": question.answer,
                "range": question.tolerance,
            }
        elif question.type == "matching":
            assert [(p["subquestion"]["text"], decoded(p["subanswer"])) for p in item["matchPairs"]] == [
                (p.left.replace("->", "→"), p.right) for p in question.pairs
            ] + [("", right) for right in question.distractors]


def test_gift_golden_small_bank(small_bank: Path, tmp_path: Path, golden: Callable[[str, str], None]) -> None:
    path, _ = export(small_bank, tmp_path)
    golden("gift/small.gift", path.read_text("utf-8"))


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("a ~ b = c # d { e } f : g", "a \\~ b \\= c \\# d \\{ e \\} f \\: g"),
        ("C:\\new", "C\\:\\\\new"),
        ("one\ntwo\r\nthree\rfour", "one\\ntwo\\nthree\\nfour"),
        ("& < > \" '", "& < > \" '"),
        ("\\n is not a line break", "\\\\n is not a line break"),
    ],
)
def test_gift_escape(text: str, escaped: str) -> None:
    assert gift_escape(text) == escaped


def test_gift_text_guards_what_moodle_would_misread() -> None:
    assert gift_text("[html] <b>") == "[plain][html] <b>"
    assert gift_text("%50% more") == "[plain]%50% more"
    assert gift_text("  plain: text ") == "plain\\: text"
    assert gift_category("$course$/top/a\\b: c") == "$course$/top/a\\\\b: c"
    assert gift_tag("odd]tag\nhere") == "odd\\]tag here"


def test_gift_reads_back_with_gift_pegjs(small_bank: Path, tmp_path: Path) -> None:
    path, _ = export(small_bank, tmp_path)
    bank = load_bank(small_bank).bank
    assert bank is not None
    parsed = parse_gift(path)
    check_read_back(parsed, bank)
    assert parsed[0]["title"] == "$course$/top/Small bank: pledges & previews"
    assert [c["weight"] for c in parsed[2]["choices"]] == [50, 50, -50]


def test_special_characters_survive(tmp_path: Path) -> None:
    bank_path = write_bank(tmp_path / "tricky", TRICKY_QUESTIONS)
    path, losses = export(bank_path, tmp_path / "out")
    text = path.read_text("utf-8")
    assert "\n\n" not in text.split("\n\n// [id:")[1]  # no blank line inside a question (it would end it)
    bank = load_bank(bank_path).bank
    assert bank is not None
    parsed = parse_gift(path)
    check_read_back(parsed, bank)
    assert parsed[1]["stem"]["text"] == one_line(NASTY)
    assert parsed[0]["title"] == "$course$/top/Tricky: a//b & <c>"
    assert [c["weight"] for c in parsed[2]["choices"]] == [33.33333] * 3 + [-33.33333]
    expected = [
        ("tricky-mc", "GIFT cannot say 'do not shuffle'"),
        ("tricky-short", "Moodle ignores case and surrounding spaces"),
        ("tricky-short", "GIFT cannot hold '->' here (it marks a match)"),
        ("tricky-numeric", "GIFT has no place for the unit '°C & <more>'"),
        ("tricky-numeric", "Moodle reads a number in digits only"),
        ("tricky-matching", "GIFT has no place for points: Moodle makes it worth 1, not 3"),
        ("tricky-matching", "GIFT cannot say 'do not shuffle'"),
        ("tricky-matching", "GIFT cannot hold '->' here (it marks a match)"),
        ("tricky-essay", "GIFT has no place for an essay's grader information"),
    ]
    found = [(loss.question_id, loss.message) for loss in losses if loss.question_id]
    assert len(found) == len(expected)
    for question_id, start in expected:
        assert any(q == question_id and m.startswith(start) for q, m in found), (question_id, start)


def test_shipped_bank_reads_back(tmp_path: Path) -> None:
    path, _ = export(SHIPPED, tmp_path)
    bank = load_bank(SHIPPED).bank
    assert bank is not None
    check_read_back(parse_gift(path), bank)


def test_points_loss_names_the_points(small_bank: Path, tmp_path: Path) -> None:
    _, losses = export(small_bank, tmp_path)
    assert (
        "gift: question 'topics-discussed': GIFT has no place for points: Moodle makes it worth 1, not 2"
        in [str(loss) for loss in losses]
    )
