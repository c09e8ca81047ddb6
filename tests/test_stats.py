"""`quizkit stats`: a bank at a glance, with figures worked out by hand for tests/banks/stats."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from click.testing import CliRunner, Result

from quizkit.checking import check_bank
from quizkit.cli import main
from quizkit.diagnostics import count, count_notes
from tests.conftest import BANKS

STATS = BANKS / "stats"

EXPECTED_TEXT = """\
Bridge vote
tests/banks/stats: 9 questions, 9 points, 3 articles

Questions by type
  multiple choice      3
  multiple answer      1
  true/false           2
  short answer         1
  numeric              0
  matching             1
  essay                1

Difficulty
  easy                 3
  medium               3
  hard                 3

Articles (questions citing each)
  A   Council approves new bridge                                       5
  B   Bridge vote splits council                                        5
  C   Harbor footbridge moves ahead                                     3

Skills by article (questions with the skill that cite the article; . is none)
                           A   B   C    all
  headline-vs-body         .   .   .      .
  hedged-vs-definitive     .   .   .      .
  claim-evidence           3   .   1      3
  attribution-sourcing     .   1   1      2
  trace-to-origin          .   .   .      .
  news-vs-opinion          .   .   .      .
  fact-vs-opinion          .   .   .      .
  loaded-language          1   1   .      1
  numbers-context          .   1   .      1
  timeline-tense           .   .   .      .
  cross-outlet-omission    2   1   2      2
  who-is-behind            .   .   .      .
  1 question with no skill

Key positions in bank order (what --no-shuffle and shuffle: false show)
  multiple choice (3)   A 2   B 1   C 0   D 0
  multiple answer (1)   A 1   B 0   C 1   D 0
  true/false (2)        true 1   false 1

Key length (characters of the key / mean of the distractors)
  4 choice questions: mean ratio 2.94; the key is the longest option in 2:
    start                                     8.56  (77 vs 9)
    who-objects                               1.19  (22 vs 18.5)

Check: 0 errors, 2 warnings, 0 notes
  warning  absolute-distractor                         1
  warning  key-longest                                 1
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["stats", *args])


def test_text_shows_every_figure_aligned_in_80_columns() -> None:
    result = run("tests/banks/stats")
    assert result.exit_code == 0, result.output  # two lint warnings do not stop it
    assert result.stdout == EXPECTED_TEXT
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_json_has_stable_keys_and_the_same_figures() -> None:
    result = run(str(STATS), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == [
        "path", "readable", "bank", "title", "questions", "points", "articles", "types",
        "difficulty", "skills", "without_skill", "key_positions", "key_length", "check",
    ]  # fmt: skip
    assert (data["readable"], data["bank"], data["title"], data["questions"], data["points"]) == (
        True,
        "stats",
        "Bridge vote",
        9,
        9,
    )
    assert [(a["label"], a["id"], a["questions"]) for a in data["articles"]] == [
        ("A", "a-gazette", 5),
        ("B", "b-ledger", 5),
        ("C", "c-bulletin", 3),
    ]
    assert data["types"] == {
        "multiple_choice": 3,
        "multiple_answer": 1,
        "true_false": 2,
        "short_answer": 1,
        "numeric": 0,
        "matching": 1,
        "essay": 1,
    }
    assert data["difficulty"] == {"easy": 3, "medium": 3, "hard": 3}
    assert len(data["skills"]) == 12
    assert data["skills"]["claim-evidence"] == {"questions": 3, "articles": {"A": 3, "B": 0, "C": 1}}
    assert data["skills"]["cross-outlet-omission"] == {"questions": 2, "articles": {"A": 2, "B": 1, "C": 2}}
    assert data["without_skill"] == 1
    assert data["key_positions"] == {
        "multiple_choice": {"questions": 3, "positions": {"A": 2, "B": 1, "C": 0, "D": 0}},
        "multiple_answer": {"questions": 1, "positions": {"A": 1, "B": 0, "C": 1, "D": 0}},
        "true_false": {"questions": 2, "true": 1, "false": 1},
    }
    assert data["key_length"] == {
        "questions": [
            {
                "id": "vote",
                "type": "multiple_choice",
                "key": 6,
                "distractors": 6,
                "ratio": 1.0,
                "longest": False,
            },
            {
                "id": "cost",
                "type": "multiple_choice",
                "key": 10,
                "distractors": 10,
                "ratio": 1.0,
                "longest": False,
            },
            {
                "id": "start",
                "type": "multiple_choice",
                "key": 77,
                "distractors": 9,
                "ratio": 8.56,
                "longest": True,
            },
            {
                "id": "who-objects",
                "type": "multiple_answer",
                "key": 22,
                "distractors": 18.5,
                "ratio": 1.19,
                "longest": True,
            },
        ],
        "mean_ratio": 2.94,
        "key_longest": 2,
    }
    assert data["check"] == {
        "errors": 0,
        "warnings": 2,
        "notes": 0,
        "codes": [
            {"code": "absolute-distractor", "severity": "warning", "count": 1},
            {"code": "key-longest", "severity": "warning", "count": 1},
        ],
    }


def test_a_bank_with_errors_still_shows_its_figures_and_exits_1() -> None:
    faulty = BANKS / "faulty-evidence"
    result = run(str(faulty))
    assert result.exit_code == 1
    assert result.stdout.startswith("Every evidence mistake\ntests/banks/faulty-evidence: 10 questions, ")
    # the same check as `quizkit check`, counted by code
    checked = check_bank(faulty).diagnostics
    errors, warnings = count(checked)
    assert errors >= 1
    assert f"\nCheck: {errors} errors, {warnings} warnings, {count_notes(checked)} notes\n" in result.stdout
    for code, n in Counter(d.code for d in checked if d.is_error).items():
        assert re.search(rf"\n  error    {re.escape(code)} +{n}\n", result.stdout), code
    assert result.stdout.endswith(
        "\nThe figures count only the questions that could be read; to see the errors:\n"
        "  quizkit check tests/banks/faulty-evidence\n"
    )
    data = json.loads(run(str(faulty), "--format", "json").stdout)
    assert data["readable"] is True and data["check"]["errors"] == errors


def test_a_bank_that_cannot_be_read_says_why_and_exits_1() -> None:
    result = run(str(BANKS / "faulty-yaml"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "error[yaml-syntax]" in result.stderr
    assert result.stderr.endswith(
        "tests/banks/faulty-yaml: 1 error; no figures: the bank could not be read\n"
    )
    data = json.loads(run(str(BANKS / "faulty-yaml"), "--format", "json").stdout)
    assert data == {
        "path": "tests/banks/faulty-yaml",
        "readable": False,
        "check": {
            "errors": 1,
            "warnings": 0,
            "notes": 0,
            "codes": [{"code": "yaml-syntax", "severity": "error", "count": 1}],
        },
    }


def test_many_articles_wrap_the_skill_matrix_into_blocks(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    questions = []
    for i in range(15):
        (tmp_path / "sources" / f"s{i:02d}.txt").write_text(f"Story {i} says the bridge cost {i} dollars.\n")
        questions.append(
            f"  - id: q{i}\n    type: true_false\n    prompt: Story {i} gives a cost.\n    answer: true\n"
            f"    skills: [numbers-context]\n    explanation: It does.\n"
            f"    evidence:\n      - source: s{i:02d}\n        quote: Story {i} says the bridge cost\n"
        )
    (tmp_path / "bank.yaml").write_text("title: Many\nquestions:\n" + "".join(questions))
    result = run(str(tmp_path))
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines[2:]) <= 80  # the second line is the bank's (long) path
    headers = [line for line in lines if line.strip().startswith("A   B")]
    assert headers == ["                           A   B   C   D   E   F   G   H   I   J   K   L"]
    assert "                           M   N   O    all" in lines
    assert "  numbers-context          1   1   1     15" in lines
    assert "  true/false (15)       true 15  false 0" in lines


def test_control_characters_in_a_title_are_shown_not_obeyed(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.txt").write_text(
        '---\ntitle: "Bridge \\e[2J news"\n---\nThe council voted 7 to 2 on Tuesday.\n'
    )
    (tmp_path / "bank.yaml").write_text(
        'title: "Vote \\e]0;owned\\a"\nquestions:\n  - id: q\n    type: true_false\n'
        "    prompt: The vote was 7 to 2.\n    answer: true\n    explanation: It was.\n"
        "    evidence:\n      - source: a\n        quote: The council voted 7 to 2 on Tuesday.\n"
    )
    result = run(str(tmp_path))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert result.stdout.startswith("Vote \\x1b]0;owned\\x07\n")
    assert "  A   Bridge \\x1b[2J news" in result.stdout
    data = run(str(tmp_path), "--format", "json").stdout
    assert "\x1b" not in data and json.loads(data)["title"] == "Vote \x1b]0;owned\x07"
