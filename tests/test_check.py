"""`quizkit check`: every diagnostic code, its exact message, its file and line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.checking import check_bank
from quizkit.cli import main
from quizkit.diagnostics import Diagnostic
from quizkit.model import Matching
from quizkit.visible import blank_texts, visible
from tests.conftest import BANKS, ROOT

Row = tuple[str, int, int, str, str, str]


def rows(diagnostics: list[Diagnostic]) -> list[Row]:
    """(file relative to its bank, line, column, severity, code, message) per diagnostic."""
    out = []
    for d in diagnostics:
        path = Path(d.file)
        name = f"sources/{path.name}" if path.parent.name == "sources" else path.name
        out.append((name, d.line, d.column, d.severity, d.code, d.message))
    return out


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # diagnostics name files relative to the working folder


@pytest.mark.parametrize("bank", ["small", "valid-typed"])
def test_valid_banks_pass_without_a_word(bank: str) -> None:
    # valid-typed has straight quotes for curly ones, plain spaces for no-break spaces,
    # line breaks and double spaces inside quotes, "…" and "[...]" between fragments.
    checked = check_bank(BANKS / bank, strict=True)
    assert checked.diagnostics == []
    assert checked.ok


STRUCTURE: list[Row] = [
    (
        "bank.yaml",
        8,
        7,
        "error",
        "multiple-correct-choices",
        "2 choices are marked correct; a multiple_choice question has exactly one (use type: multiple_answer for several)",
    ),
    (
        "bank.yaml",
        20,
        7,
        "error",
        "no-correct-choice",
        "no choice is marked `correct: true`; expected exactly one",
    ),
    ("bank.yaml", 31, 9, "error", "unknown-key", "unknown key 'corect'"),
    ("bank.yaml", 37, 9, "error", "duplicate-id", "question id 'typo-key' is used twice"),
    (
        "bank.yaml",
        46,
        11,
        "error",
        "unknown-type",
        "unknown question type 'multiple_choise'; expected one of: multiple_choice, multiple_answer, true_false, short_answer, numeric, matching, essay",
    ),
    ("bank.yaml", 48, 5, "error", "missing-key", "missing required key 'evidence'"),
    ("bank.yaml", 57, 15, "error", "too-few", "'evidence' needs at least 1 item; got 0"),
    ("bank.yaml", 62, 13, "error", "wrong-type", "'answer' must be true or false; got 'maybe'"),
    ("bank.yaml", 63, 13, "error", "wrong-type", "'points' must be a number; got 'many'"),
    ("bank.yaml", 72, 17, "error", "invalid-value", "expected one of: easy, medium, hard; got 'meduim'"),
    (
        "bank.yaml",
        73,
        14,
        "error",
        "unknown-skill",
        "expected one of: headline-vs-body, hedged-vs-definitive, claim-evidence, attribution-sourcing, trace-to-origin, news-vs-opinion, fact-vs-opinion, loaded-language, numbers-context, timeline-tense, cross-outlet-omission, who-is-behind; got 'hedged-vs-definitve'",
    ),
    (
        "bank.yaml",
        82,
        7,
        "error",
        "all-choices-correct",
        "every choice is marked correct; a multiple_answer question needs at least one wrong choice",
    ),
    ("bank.yaml", 92, 7, "error", "too-few", "'pairs' needs at least 3 items; got 2"),
    ("bank.yaml", 98, 5, "error", "missing-key", "missing required key 'prompt'"),
    (
        "bank.yaml",
        108,
        17,
        "error",
        "source-outside-bank",
        "source '../../../etc/passwd' is a path; a source is named by its file stem in sources/",
    ),
    ("bank.yaml", 115, 17, "error", "unknown-source", "unknown source 'joint-statment'"),
    ("bank.yaml", 122, 7, "error", "duplicate-choice", "choice 'Pledged' appears twice"),
    ("bank.yaml", 131, 5, "error", "duplicate-key", "key 'prompt' appears twice in the same mapping"),
    ("bank.yaml", 138, 13, "error", "empty-value", "'prompt' must not be empty"),
    (
        "bank.yaml",
        143,
        5,
        "error",
        "wrong-type",
        "expected a question (a mapping with id, type, prompt...); got 'just a string'",
    ),
    (
        "bank.yaml",
        144,
        5,
        "error",
        "missing-key",
        "missing required key 'type'; expected one of: multiple_choice, multiple_answer, true_false, short_answer, numeric, matching, essay",
    ),
]

EVIDENCE: list[Row] = [
    ("bank.yaml", 10, 16, "error", "quote-not-found", "quote not found in source 'joint-statement'"),
    ("bank.yaml", 18, 16, "error", "quote-not-found", "quote not found in source 'joint-statement'"),
    ("bank.yaml", 26, 16, "error", "quote-not-found", "quote not found in source 'joint-statement'"),
    (
        "bank.yaml",
        33,
        16,
        "error",
        "quote-out-of-order",
        "quote part 2 of 2 comes before part 1 in source 'joint-statement'; the parts of a quote split by '...' must follow the article's order",
    ),
    (
        "bank.yaml",
        40,
        16,
        "warning",
        "quote-case-mismatch",
        "quote found in source 'joint-statement' only when case is ignored",
    ),
    (
        "bank.yaml",
        47,
        16,
        "warning",
        "quote-too-short",
        "quote has 2 words; a quote of fewer than 3 words proves little",
    ),
    (
        "bank.yaml",
        53,
        15,
        "error",
        "number-contradicted",
        "the key says $2 trillion, but the cited evidence says $1 trillion",
    ),
    (
        "bank.yaml",
        64,
        17,
        "warning",
        "ungrounded-phrase",
        "grounding phrase 'face to face' is not in the cited quotes",
    ),
    (
        "bank.yaml",
        69,
        9,
        "warning",
        "no-explanation",
        "question 'no-explanation' has no explanation; students see it after answering",
    ),
    ("bank.yaml", 81, 16, "error", "empty-value", "quote has no words"),
]

SOURCES: list[Row] = [
    ("bank.yaml", 7, 17, "error", "unknown-source", "unknown source 'unclosed'"),
    (
        "sources/bad-yaml.txt",
        3,
        1,
        "error",
        "yaml-syntax",
        "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
    ),
    (
        "sources/dir-source.txt",
        1,
        1,
        "error",
        "not-regular-file",
        "'dir-source.txt' is not a regular file (a folder); a source must be a text file",
    ),
    ("sources/latin.txt", 1, 29, "error", "not-utf8", "byte 0xff is not UTF-8; save the file as UTF-8"),
    (
        "sources/second.txt",
        1,
        1,
        "error",
        "duplicate-source",
        "source id 'first' is also used by tests/banks/faulty-sources/sources/first.txt",
    ),
    ("sources/typo.txt", 3, 1, "error", "unknown-key", "unknown key 'kidn'"),
    (
        "sources/unclosed.txt",
        1,
        1,
        "error",
        "front-matter",
        "front matter starts with '---' but has no closing '---' line",
    ),
]


@pytest.mark.parametrize(
    ("bank", "expected"),
    [("faulty-structure", STRUCTURE), ("faulty-evidence", EVIDENCE), ("faulty-sources", SOURCES)],
)
def test_every_mistake_is_reported_at_its_line(bank: str, expected: list[Row]) -> None:
    assert rows(check_bank(BANKS / bank).diagnostics) == expected


def hints(bank: str) -> dict[tuple[int, str], str | None]:
    return {(d.line, d.code): d.hint for d in check_bank(BANKS / bank).diagnostics}


def test_structure_hints_suggest_the_fix() -> None:
    found = hints("faulty-structure")
    assert found[(31, "unknown-key")] == "did you mean 'correct'?"
    assert found[(46, "unknown-type")] == "did you mean 'multiple_choice'?"
    assert found[(72, "invalid-value")] == "did you mean 'medium'?"
    assert found[(73, "unknown-skill")] == "did you mean 'hedged-vs-definitive'?"
    assert found[(115, "unknown-source")] == "did you mean 'joint-statement'?"
    assert found[(108, "source-outside-bank")] == "expected one of: bombshell, joint-statement"
    assert found[(37, "duplicate-id")] == "first used at line 26; ids must be unique in a bank"
    assert found[(131, "duplicate-key")] == "first at line 130; the second would silently replace it"


def test_quote_hints_show_the_closest_passage_and_what_differs() -> None:
    found = hints("faulty-evidence")
    assert found[(10, "quote-not-found")] == (
        "closest (93%) at tests/banks/faulty-evidence/sources/joint-statement.txt:6: "
        '"Japan has pledged to increase its investment in the United States"\n'
        "differs: quote has 'invested' where the source has 'pledged'"
    )
    assert found[(18, "quote-not-found")] == (
        "closest (95%) at tests/banks/faulty-evidence/sources/joint-statement.txt:8: "
        '"the world\'s largest investor in the U.S. for five consecutive years"\n'
        "differs: quote has 'six' where the source has 'five'"
    )
    assert found[(26, "quote-not-found")] == (
        "found in source 'bombshell' at tests/banks/faulty-evidence/sources/bombshell.txt:36: "
        "did you mean to cite 'bombshell'?"
    )
    assert found[(53, "number-contradicted")] == "numbers in the cited quotes: $1 trillion"
    assert found[(40, "quote-case-mismatch")] == (
        "at tests/banks/faulty-evidence/sources/joint-statement.txt:6: "
        '"Japan has pledged to increase its investment"'
    )


@pytest.mark.parametrize(
    ("bank", "expected"),
    [
        ("faulty-yaml", ("bank.yaml", 5, 13, "error", "yaml-syntax",
                         "the text of 'prompt' on line 5 has ': ' in it, which YAML reads as the start of another key")),
        ("faulty-aliases", ("bank.yaml", 2, 57, "error", "yaml-limit",
                            "aliases expand to more than 100,000 values; refusing to load")),

        ("no-bank", ("no-bank", 0, 0, "error", "no-bank", "no bank.yaml in 'tests/banks/no-bank'")),
        ("faulty-not-utf8", ("bank.yaml", 1, 11, "error", "not-utf8",
                             "byte 0xe9 is not UTF-8; save the file as UTF-8")),
    ],
)  # fmt: skip
def test_a_bank_that_cannot_load_says_why(bank: str, expected: Row) -> None:
    assert rows(check_bank(BANKS / bank).diagnostics) == [expected]


def test_a_bank_with_no_questions_and_no_articles_is_a_new_bank() -> None:
    assert rows(check_bank(BANKS / "empty-bank").diagnostics) == [
        (
            "bank.yaml",
            2,
            12,
            "warning",
            "empty-bank",
            "the bank has no questions yet; nothing can be exported or played",
        ),
        ("sources", 0, 0, "error", "no-sources", "the bank has no articles yet"),
    ]


def write_bank(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bank.yaml").write_text(text, encoding="utf-8")
    return folder


def only(folder: Path) -> tuple[int, int, str, str]:
    [d] = check_bank(folder).diagnostics
    return d.line, d.column, d.code, d.message


def test_deep_flow_nesting_is_refused_before_the_parser_sees_it(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "b", "title: t\nquestions: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert only(bank) == (1, 1, "yaml-limit", "brackets nest more than 200 levels deep")


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    lines = ["title: t", "questions:"] + [" " * (2 * i + 2) + f"k{i}:" for i in range(60)]
    bank = write_bank(tmp_path / "b", "\n".join(lines) + " x\n")
    line, _, code, message = only(bank)
    assert (code, message) == ("yaml-limit", "values nest more than 40 levels deep")
    assert line == 43  # the mapping that starts the 41st level


def test_recursive_alias_is_refused(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "b", "title: t\nquestions: &q [*q]\n")
    _, _, code, _ = only(bank)
    assert code == "yaml-limit"


def test_object_tags_are_refused(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "b", "title: !!python/object/apply:os.system ['echo hi']\nquestions: []\n")
    assert only(bank) == (
        1, 8, "yaml-syntax",
        "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'; "
        "a bank holds only plain text, numbers, lists and mappings",
    )  # fmt: skip


def test_too_large_a_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import quizkit.yamlsafe

    monkeypatch.setattr(quizkit.yamlsafe, "MAX_BYTES", 1000)  # the real cap is 128 MiB
    bank = write_bank(tmp_path / "b", "title: t\n" + "# padding\n" * 200)
    assert only(bank) == (1, 1, "yaml-limit", "file is larger than 0 MiB; refusing to load it")


def test_top_level_must_be_a_mapping(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "b", "- just\n- a list\n")
    assert only(bank) == (1, 1, "wrong-type", "expected a mapping with title and questions; got a list")


def test_missing_questions_key(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "b", "title: t\n")
    assert only(bank) == (1, 1, "missing-key", "missing required key 'questions'")


def test_unknown_top_level_key(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "b", "title: t\ntitel: u\nquestions: []\n")
    assert [d.code for d in check_bank(bank).diagnostics] == ["unknown-key", "empty-bank"]


def test_a_symlinked_source_leaving_the_bank_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("The secret text of another folder.\n")
    bank = write_bank(tmp_path / "b", "title: t\nquestions: []\n")
    (bank / "sources").mkdir()
    (bank / "sources" / "leak.txt").symlink_to(outside)
    codes = [d.code for d in check_bank(bank).diagnostics]
    assert "source-outside-bank" in codes


# --- the command line ----------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_exit_codes() -> None:
    assert run("check", "tests/banks/small")[0] == 0
    assert run("check", "tests/banks/faulty-structure")[0] == 1
    assert run("check", "tests/banks/does-not-exist")[0] == 2
    assert run("check", "--bogus", "tests/banks/small")[0] == 2
    assert run("check")[0] == 2


def test_warnings_pass_unless_strict(tmp_path: Path) -> None:
    bank = write_bank(tmp_path / "b", (BANKS / "small" / "bank.yaml").read_text())
    (bank / "sources").symlink_to(BANKS / "small" / "sources")
    text = (
        (bank / "bank.yaml")
        .read_text()
        .replace(
            "    explanation: A pledge is a promise; the money is not yet spent. Look for the verb.\n", ""
        )
    )
    (bank / "bank.yaml").write_text(text)
    code, out, _ = run("check", str(bank))
    assert code == 0, out
    assert "warning[no-explanation]" in out
    code, out, _ = run("check", "--strict", str(bank))
    assert code == 1
    assert "error[no-explanation]" in out


def test_text_output_reads_like_a_compiler() -> None:
    code, out, _ = run("check", "tests/banks/faulty-evidence")
    assert code == 1
    assert out.splitlines()[:3] == [
        "tests/banks/faulty-evidence/bank.yaml:10:16: error[quote-not-found]: "
        "quote not found in source 'joint-statement'",
        "  closest (93%) at tests/banks/faulty-evidence/sources/joint-statement.txt:6: "
        '"Japan has pledged to increase its investment in the United States"',
        "  differs: quote has 'invested' where the source has 'pledged'",
    ]
    assert out.splitlines()[-1] == "checked 1 bank: 10 questions, 2 sources; 6 errors, 4 warnings"


@pytest.mark.parametrize(
    "args",
    [
        ["check", "tests/banks/faulty-evidence"],
        ["check", "--format", "json", "tests/banks/faulty-structure"],
        ["stats", "tests/banks/stats"],
    ],
)
def test_the_program_ends_at_once_with_all_its_output_and_status(args: list[str]) -> None:
    """`quizkit` as its own process ends without freeing the bank, after flushing what it printed."""
    code, out, err = run(*args)
    done = subprocess.run(
        [sys.executable, "-m", "quizkit", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (code, out, err)
    assert out


@pytest.mark.parametrize(("entry", "at_exit"), [("run", False), ("main", True)])
def test_only_the_program_skips_the_work_of_exiting(entry: str, at_exit: bool) -> None:
    """`run` (the installed program) ends the process at once; `main`, called from Python, exits as usual."""
    code = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('cleaned up'))\n"
        f"from quizkit.cli import {entry}\n"
        "sys.argv = ['quizkit', 'check', 'tests/banks/small']\n"
        f"{entry}()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("checked 1 bank:")
    assert ("cleaned up" in done.stdout) is at_exit


def test_json_output_is_an_array_of_diagnostics() -> None:
    code, out, err = run("check", "--format", "json", "tests/banks/faulty-structure")
    assert code == 1
    data = json.loads(out)
    assert len(data) == len(STRUCTURE)
    first = data[0]
    assert {k: first[k] for k in ("file", "line", "column", "severity", "code")} == {
        "file": "tests/banks/faulty-structure/bank.yaml",
        "line": 8,
        "column": 7,
        "severity": "error",
        "code": "multiple-correct-choices",
    }
    assert "2 errors" not in err and "21 errors" in err  # the summary goes to stderr


def test_check_walks_a_folder_of_banks(tmp_path: Path) -> None:
    code, out, _ = run("check", "tests/banks/small", "tests/banks/valid-typed")
    assert code == 0
    assert out.splitlines()[-1] == "checked 2 banks: 14 questions, 4 sources; 0 errors, 0 warnings"


def test_no_traceback_for_any_fixture_bank() -> None:
    for bank in sorted(BANKS.iterdir()):
        result = CliRunner().invoke(main, ["check", str(bank)])
        assert result.exit_code in (0, 1), bank
        assert result.exception is None or isinstance(result.exception, SystemExit), bank
        assert "Traceback" not in result.output


def test_schema_is_json_schema_of_the_bank_file() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "quizkit bank.yaml"
    assert set(schema["required"]) == {"title", "questions"}
    assert schema["additionalProperties"] is False


def test_shared_option_lists_agree_with_the_model() -> None:
    from quizkit.cli import FORMATS
    from quizkit.cli_common import SKILL_NAMES
    from quizkit.exporters import format_names
    from quizkit.model import SKILLS

    assert SKILL_NAMES == SKILLS
    assert set(FORMATS) == {*format_names(with_aliases=True), "all"}


def test_numbered_ids_and_a_misspelled_top_level_key_still_check_every_question(tmp_path: Path) -> None:
    bank = write_bank(
        tmp_path / "b",
        "title: Numbered\n"
        "questons: []\n"
        "questions:\n"
        "  - id: 1\n"
        "    type: true_false\n"
        "    prompt: Japan pledged.\n"
        "    answer: true\n"
        "    evidence:\n"
        "      - source: joint-report\n"
        "        quote: Japan has invested to increase its investment\n"
        "    explanation: x\n"
        "  - id: 1\n"
        "    type: essay\n"
        "    prompt: Again.\n"
        "    evidence: [{source: joint-report, quote: Japan has pledged to increase}]\n"
        "    explanation: x\n",
    )
    (bank / "sources").symlink_to(BANKS / "small" / "sources")
    found = [(d.line, d.code, d.message) for d in check_bank(bank).diagnostics]
    assert found == [
        (2, "unknown-key", "unknown key 'questons'"),
        (10, "quote-not-found", "quote not found in source 'joint-report'"),
        (12, "duplicate-id", "question id '1' is used twice"),
    ]


def council_article(bank: Path) -> None:
    """The one article the questions written inline here cite, as sources/council.txt."""
    (bank / "sources").mkdir()
    (bank / "sources" / "council.txt").write_text("The council voted to approve the new bus lanes.\n")


def test_a_long_id_and_an_empty_list_item_are_named_as_a_teacher_reads_them(tmp_path: Path) -> None:
    bank = write_bank(
        tmp_path / "b",
        "title: t\nquestions:\n"
        f"  - id: {'a' * 81}\n"
        "    type: short_answer\n"
        "    prompt: What did the council approve?\n"
        "    answers: ['', bus lanes]\n"
        "    evidence: [{source: council, quote: voted to approve the new bus lanes}]\n",
    )
    council_article(bank)
    assert [(d.line, d.column, d.code, d.message) for d in check_bank(bank).diagnostics] == [
        (3, 9, "invalid-value", "'id' must be at most 80 characters"),
        (6, 15, "empty-value", "item 1 of 'answers' must not be empty"),
    ]


def test_a_text_with_nothing_visible_is_as_empty_as_no_text(tmp_path: Path) -> None:
    bank = write_bank(
        tmp_path / "b",
        "title: t\nquestions:\n"
        "  - id: blank-choice\n"
        "    type: multiple_choice\n"
        "    prompt: What did the council approve?\n"
        "    choices:\n"
        "      - {text: New bus lanes, correct: true}\n"
        '      - {text: "\\u200b"}\n'
        '      - {text: " "}\n'
        '      - {text: "\\"A delay\\""}\n'
        '      - {text: "$5 million"}\n'
        "    evidence: [{source: council, quote: voted to approve the new bus lanes}]\n"
        "    explanation: The council voted for the lanes.\n"
        "  - id: blank-answer\n"
        "    type: short_answer\n"
        '    prompt: "\\u00ad "\n'
        '    answers: [bus lanes, "\\ufeff"]\n'
        "    evidence: [{source: council, quote: voted to approve the new bus lanes}]\n"
        "    explanation: The council voted for the lanes.\n",
    )
    council_article(bank)
    found = [(d.line, d.code, d.message) for d in check_bank(bank).diagnostics if d.is_error]
    assert found == [
        (8, "empty-value", "choice 2 has no visible characters; students would see nothing there"),
        (9, "empty-value", "choice 3 has no visible characters; students would see nothing there"),
        (16, "empty-value", "'prompt' has no visible characters; students would see nothing there"),
        (
            17,
            "empty-value",
            "item 2 of 'answers' has no visible characters; students would see nothing there",
        ),
    ]


def test_a_blank_matching_item_is_named_by_its_pair() -> None:
    question = Matching.model_validate(
        {
            "id": "m",
            "type": "matching",
            "prompt": "Match each outlet with its claim.",
            "pairs": [
                {"left": "A", "right": "pledged"},
                {"left": "B", "right": "\u2060 "},
                {"left": "C", "right": "1"},
            ],
            "distractors": ["invested", "\u00ad"],
            "evidence": [{"source": "a", "quote": "one two three"}],
        }
    )
    assert blank_texts(question) == [
        (("pairs", 1, "right"), "'right' of pair 2"),
        (("distractors", 1), "item 2 of 'distractors'"),
    ]
    assert visible("\u200b\u00e9") and visible("$5") and not visible("\u200b \ufeff")


def test_a_figure_written_many_times_is_one_warning(tmp_path: Path) -> None:
    bank = write_bank(
        tmp_path / "b",
        "title: t\nquestions:\n"
        "  - id: lanes\n"
        "    type: true_false\n"
        f"    prompt: The council approved {'12 ' * 50}lanes.\n"
        "    answer: true\n"
        "    evidence: [{source: council, quote: voted to approve the new bus lanes}]\n"
        "    explanation: The council voted for the lanes.\n",
    )
    council_article(bank)
    assert [(d.code, d.message) for d in check_bank(bank).diagnostics] == [
        ("ungrounded-number", "the keyed answer says '12', but no cited quote has that number")
    ]
