"""A real Moodle restores quizkit's default Common Cartridge with every key, and imports the Moodle
XML and GIFT of the shipped bank without a warning.

This needs the Moodle 4.5 that ../shared/moodle/setup.sh stands up under /tmp/moodle-test (or
QUIZKIT_MOODLE; PHP 8.2,
PostgreSQL 15, Moodle's own restore and question engine) and the scripts beside it; CI has none, so
every test here skips with the reason. The restore runs through ../shared/moodle/cc_import.php;
tests/moodle/grade_course.php then grades each restored question through Moodle's question engine.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from quizkit.bankcache import checked_bank
from quizkit.exporters.answerforms import typed_forms
from quizkit.exporters.cc import TAG_LIKE, numeric_forms
from quizkit.exporting import export_bank
from quizkit.model import Choice, MultipleAnswer, MultipleChoice, Numeric, ShortAnswer, TrueFalse
from quizkit.selection import Form, Selection, build_forms
from tests.test_lms_common import shipped_bank_or_skip
from tests.test_scoring_agrees import TYPED_SHORT, play_right

ROOT = Path(__file__).resolve().parent.parent
MOODLE = Path(os.environ.get("QUIZKIT_MOODLE", "/tmp/moodle-test/moodle"))
"""The Moodle that setup.sh installs, or the one QUIZKIT_MOODLE names (as test_scoring_agrees.py)."""
SCRIPTS = ROOT.parent / "shared" / "moodle"
GRADER = ROOT / "tests" / "moodle" / "grade_course.php"
MOODLE_TYPES = {
    "multiple_choice": ("multichoice", 1),
    "multiple_answer": ("multichoice", 0),
    "true_false": ("truefalse", None),
    "short_answer": ("shortanswer", None),
    "numeric": ("shortanswer", None),
    "essay": ("essay", None),
    "matching": ("essay", None),
}
# What the export note says Moodle's shortanswer cannot match (see test_scoring_agrees.py).
NOTED = {"doubled space", "other punctuation"}


@pytest.fixture(scope="module")
def moodle() -> Iterator[Path]:
    """The Moodle under /tmp/moodle-test, its database running for the module's tests."""
    if not (MOODLE / "config.php").is_file():
        pytest.skip(
            f"no Moodle at {MOODLE}: stand one up with ../shared/moodle/setup.sh (its README says how)"
        )
    if not (SCRIPTS / "cc_import.php").is_file():
        pytest.skip(f"the Moodle import scripts are not at {SCRIPTS} (they live in ../shared/moodle)")
    if shutil.which("php") is None or shutil.which("pg_ctlcluster") is None:
        pytest.skip(
            "PHP or PostgreSQL's pg_ctlcluster is not installed (../shared/moodle/setup.sh installs them)"
        )
    running = subprocess.run(["pg_ctlcluster", "15", "main", "status"], capture_output=True).returncode == 0
    if not running:
        subprocess.run(["pg_ctlcluster", "15", "main", "start"], check=True)
    yield MOODLE
    if not running:
        subprocess.run(["pg_ctlcluster", "15", "main", "stop"], check=True)


BANKS = ROOT / "tests" / "banks"


@pytest.fixture(scope="module", params=["shipped", "small", "lint-good", "awkward"])
def shipped(request: pytest.FixtureRequest) -> tuple[Path, Form]:
    """A bank and its one form: the shipped bank, and fixtures with every type and awkward text."""
    bank_path = shipped_bank_or_skip(ROOT) if request.param == "shipped" else BANKS / request.param
    bank, _ = checked_bank(bank_path)
    [form] = build_forms(bank, Selection(), 1)
    return bank_path, form


def php(*args: str) -> str:
    done = subprocess.run(["php", *args], capture_output=True, text=True, cwd=SCRIPTS, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def import_questions(moodle: Path, fmt: str, path: Path, out: Path) -> dict[str, Any]:
    """What ../shared/moodle/import_questions.php read back after importing a Moodle XML or GIFT file."""
    tag = "xml" if fmt == "moodle" else "gift"
    php(
        "import_questions.php",
        f"--moodle={moodle}",
        f"--format={tag}",
        f"--file={path}",
        f"--out={out}",
        f"--tag={tag}",
    )
    result: dict[str, Any] = json.loads((out / f"{tag}-questions.json").read_text("utf-8"))
    return result


def typed_near_misses(question: Any) -> list[str]:
    """Right answers typed as a student types them, and near misses, for one blank."""
    first = question.answers[0] if isinstance(question, ShortAnswer) else numeric_forms(question)[0]
    return [first, first.upper(), f"  {first}  ", f"{first}.", f"{first}!", first.replace(" ", "  "), "zzz"]


@pytest.fixture(scope="module")
def restored(
    moodle: Path, shipped: tuple[Path, Form], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The default cartridge restored into a new course, and every question graded by Moodle."""
    bank_path, form = shipped
    out = tmp_path_factory.mktemp("moodle-cc")
    [cartridge] = export_bank(bank_path, ["cc"], out / "export", Selection()).paths
    php("cc_import.php", f"--moodle={moodle}", f"--file={cartridge}", f"--out={out}", "--tag=cc")
    restore = json.loads((out / "cc-restore.json").read_text("utf-8"))
    assert "exception" not in restore, restore.get("exception")
    typed = {
        f"{item.number}. {item.question.id}": typed_near_misses(item.question)
        for item in form.items
        if isinstance(item.question, ShortAnswer | Numeric)
    }
    (out / "typed.json").write_text(json.dumps(typed), "utf-8")
    graded = php(
        str(GRADER),
        f"--moodle={moodle}",
        f"--course={restore['course']['id']}",
        f"--typed={out / 'typed.json'}",
    )
    questions = {q["name"].split(". ", 1)[1]: q for q in json.loads(graded)["questions"]}
    return {"restore": restore, "questions": questions}


def text_of(html_text: str) -> str:
    from lxml import html

    return " ".join(html.fragment_fromstring(html_text, create_parent="div").text_content().split())


def test_moodle_restores_the_default_cartridge_as_a_quiz_and_pages(
    restored: dict[str, Any], shipped: tuple[Path, Form]
) -> None:
    _, form = shipped
    restore = restored["restore"]
    assert restore["detected_format"] == "imscc11"
    assert restore["restored"] and restore["precheck_ok"]
    assert restore["printed"] == ""
    modules = [m for s in restore["sections"] for m in s["modules"]]
    quizzes = [m for m in modules if m["modname"] == "quiz"]
    assert len(quizzes) == 1 and quizzes[0]["slots"] == len(form.items)
    pages = [m["name"] for m in modules if m["modname"] == "page"]
    assert pages == [f"Article {label}: {source.title}" for label, source in form.sources]
    contents = [m["content_chars"] for m in modules if m["modname"] == "page"]
    assert all(chars > len(source.text) for chars, (_, source) in zip(contents, form.sources, strict=True))
    expected = Counter(MOODLE_TYPES[item.question.type][0] for item in form.items)
    assert restore["qtype_counts"] == dict(expected)


def test_every_question_comes_through_moodle_with_its_key(
    restored: dict[str, Any], shipped: tuple[Path, Form]
) -> None:
    _, form = shipped
    questions = restored["questions"]
    assert len(questions) == len(form.items)
    for item in form.items:
        question = item.question
        moodle = questions[question.id]
        qtype, single = MOODLE_TYPES[question.type]
        assert (moodle["qtype"], moodle.get("single")) == (qtype, single), question.id
        # Moodle reads whole points from 0 to 99 only (the export note says so).
        assert moodle["defaultmark"] == (int(question.points) if question.points <= 99 else 1), question.id
        answers = {
            text_of(a["answer"]) if qtype == "multichoice" else a["answer"]: a for a in moodle["answers"]
        }
        if isinstance(question, MultipleChoice | MultipleAnswer):
            keyed = [c for c in question.choices if c.correct]
            share = 1 / len(keyed)
            assert {text: round(a["fraction"], 6) for text, a in answers.items()} == {
                as_moodle_shows(c.text): round(share, 6) if c.correct else 0.0 for c in question.choices
            }, question.id
            assert all(answers[as_moodle_shows(c.text)]["feedback"] for c in question.choices if _feedback(c))
        elif isinstance(question, TrueFalse):
            assert {a: v["fraction"] for a, v in answers.items()} == {
                "True": float(question.answer),
                "False": float(not question.answer),
            }
        elif isinstance(question, ShortAnswer):
            assert moodle["usecase"] == 0
            assert {a: v["fraction"] for a, v in answers.items()} == dict.fromkeys(
                typed_forms(question.answers), 1.0
            )
        elif isinstance(question, Numeric):
            assert moodle["usecase"] == 0
            assert {a: v["fraction"] for a, v in answers.items()} == dict.fromkeys(
                numeric_forms(question), 1.0
            )
        correct = moodle["grading"]["correct"]
        if qtype == "essay":
            assert correct == {"state": "needs grading by hand"}, question.id
        else:
            assert correct["state"] == "gradedright" and correct["fraction"] > 0.9999, question.id


def as_moodle_shows(text: str) -> str:
    """A choice's text as Moodle's cartridge import keeps it: read as HTML once more (the export
    note says so for text that looks like a tag)."""
    return text_of(text) if TAG_LIKE.search(text) else " ".join(text.split())


def _feedback(choice: Choice) -> bool:
    return bool(choice.feedback)


def test_moodle_keeps_choice_feedback_out_of_the_general_feedback(
    restored: dict[str, Any], shipped: tuple[Path, Form]
) -> None:
    _, form = shipped
    for item in form.items:
        question = item.question
        if isinstance(question, MultipleChoice | MultipleAnswer):
            general = text_of(restored["questions"][question.id]["generalfeedback"])
            for choice in question.choices:
                if choice.feedback:
                    assert " ".join(choice.feedback.split())[:60] not in general, question.id


def test_typed_answers_score_in_moodle_as_in_play_or_the_note_says_why(
    restored: dict[str, Any], shipped: tuple[Path, Form]
) -> None:
    _, form = shipped
    checked = 0
    for item in form.items:
        if not isinstance(item.question, ShortAnswer | Numeric):
            continue
        for result in restored["questions"][item.question.id]["grading"]["typed"]:
            typed, moodle_right = result["typed"], result["fraction"] == 1
            checked += 1
            if moodle_right != play_right(item, typed):
                assert "  " in typed.strip() or typed.endswith("!"), (item.question.id, typed)
    assert checked == 7 * sum(isinstance(i.question, ShortAnswer | Numeric) for i in form.items)
    assert {"doubled space", "other punctuation"} <= set(TYPED_SHORT.values())


def test_multiple_answer_all_boxes_ticked_scores_full_marks_in_moodle_as_the_note_says(
    restored: dict[str, Any], shipped: tuple[Path, Form]
) -> None:
    _, form = shipped
    for item in form.items:
        if isinstance(item.question, MultipleAnswer):
            assert restored["questions"][item.question.id]["grading"]["all_ticked"]["fraction"] > 0.9999


@pytest.mark.parametrize("version", ["1.2", "1.3"])
def test_moodle_refuses_a_cc_12_or_13_cartridge_as_the_readme_says(
    version: str, moodle: Path, shipped: tuple[Path, Form], tmp_path: Path
) -> None:
    bank_path, _ = shipped
    [cartridge] = export_bank(bank_path, ["cc"], tmp_path / "export", Selection(), cc_version=version).paths
    printed = php(
        "cc_import.php", f"--moodle={moodle}", f"--file={cartridge}", f"--out={tmp_path}", "--tag=cc"
    )
    assert printed.startswith(
        "cc: detected format 'unknown'; the web UI says: Unknown backup format: The selected file is "
        "not a valid Moodle backup file and can't be restored."
    )


@pytest.mark.parametrize("fmt", ["moodle", "gift"])
def test_moodle_imports_the_moodle_xml_and_gift_without_a_warning(
    fmt: str, moodle: Path, shipped: tuple[Path, Form], tmp_path: Path
) -> None:
    bank_path, form = shipped
    [path] = export_bank(bank_path, [fmt], tmp_path / "export", Selection()).paths
    result = import_questions(moodle, fmt, path, tmp_path)
    count = len(form.items)
    assert result["import_ok"] and "exception" not in result
    assert result["messages"] == [
        "success: Parsing questions from import file.",
        f"success: Importing {count} questions from file",
    ]
    assert result["question_count"] == count
    states = Counter(q["grading"]["state"] for q in result["questions"])
    hand_marked = sum(item.question.type == "essay" for item in form.items)
    assert states == {
        "gradedright": count - hand_marked,
        "no correct response (manually graded type)": hand_marked,
    }


@pytest.mark.parametrize("fmt", ["moodle", "gift", "cc"])
def test_a_bank_with_a_long_title_imports_into_moodle(fmt: str, moodle: Path, tmp_path: Path) -> None:
    """Moodle keeps a category name in 255 characters: a longer title once failed every import."""
    from tests.test_moodle import _long_title_bank

    [path] = export_bank(_long_title_bank(tmp_path), [fmt], tmp_path / "export", Selection()).paths
    if fmt == "cc":
        php("cc_import.php", f"--moodle={moodle}", f"--file={path}", f"--out={tmp_path}", "--tag=cc")
        restore = json.loads((tmp_path / "cc-restore.json").read_text("utf-8"))
        assert "exception" not in restore, restore.get("exception")
        assert restore["restored"]
        return
    result = import_questions(moodle, fmt, path, tmp_path)
    assert "exception" not in result, result.get("exception")
    assert result["question_count"] == 7
