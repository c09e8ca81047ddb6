"""Teacher-only text (the bank's description, an essay's rubric) never reaches students in a package."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from quizkit.cli import main
from tests.conftest import BANKS

DESCRIPTION = "A fixture with one question of each type"  # the small bank's description
INSTRUCTIONS = "Answer from the articles alone"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str]:
    bank = BANKS / "small"
    out = tmp_path_factory.mktemp("audience")
    formats = ["--format=qti12", "--format=qti21", "--format=qti30", "--format=cc", "--format=gift"]
    result = CliRunner().invoke(main, ["export", str(bank), "-o", str(out), *formats])
    assert result.exit_code == 0, result.output
    texts = {}
    for file in out.iterdir():
        if file.suffix in (".zip", ".imscc"):
            with zipfile.ZipFile(file) as package:
                for name in package.namelist():
                    texts[f"{file.name}:{name}"] = package.read(name).decode("utf-8")
        else:
            texts[file.name] = file.read_text(encoding="utf-8")
    return texts, result.stderr


def test_the_bank_description_is_in_no_package(exported: tuple[dict[str, str], str]) -> None:
    texts, _ = exported
    assert [name for name, text in texts.items() if DESCRIPTION in text] == []


def test_the_instructions_reach_students(exported: tuple[dict[str, str], str]) -> None:
    texts, _ = exported
    for package in ("small-qti12.zip", "small-qti21.zip", "small-qti30.zip"):
        assert any(name.startswith(package) and INSTRUCTIONS in text for name, text in texts.items()), package


def test_no_rubric_in_feedback_students_see(exported: tuple[dict[str, str], str]) -> None:
    texts, notes = exported
    for name, text in texts.items():
        if name.startswith(("small-qti12.zip", "small.imscc")):
            assert "Full credit" not in text, name
    assert "Canvas has no grader-only place for an essay's rubric" in notes
    assert "a cartridge has no grader-only place for an essay's rubric" in notes


def test_qti_2_and_3_keep_the_rubric_for_the_scorer_only(exported: tuple[dict[str, str], str]) -> None:
    texts, _ = exported
    for name, text in texts.items():
        if name.startswith(("small-qti21.zip", "small-qti30.zip")) and "Full credit" in text:
            assert 'view="scorer"' in text, name
