"""What a teacher meets in the first hour: messages and options that say what to do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.checking import check_bank
from quizkit.cli import main
from quizkit.diagnostics import format_text
from tests.conftest import BANKS, SHIPPED_BANK


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def cite(tmp_path: Path, source: str) -> list[str]:
    """The small bank with its first citation changed to `source`; the diagnostics as printed."""
    bank = tmp_path / "small"
    shutil.copytree(BANKS / "small", bank)
    text = (bank / "bank.yaml").read_text(encoding="utf-8")
    (bank / "bank.yaml").write_text(text.replace("source: joint-report", f"source: {source}", 1), "utf-8")
    return [format_text(d) for d in check_bank(bank).diagnostics if d.code == "unknown-source"]


def test_an_article_letter_is_not_an_id_and_the_message_says_which_id(tmp_path: Path) -> None:
    [shown] = cite(tmp_path, "b")
    assert shown.endswith(
        "error[unknown-source]: unknown source 'b'\n"
        "  'B' is the article's letter on the handouts, which changes when a source file is added; "
        "cite the article by its id: source: preview"
    )


def test_a_sentence_pasted_as_a_source_is_an_unknown_source(tmp_path: Path) -> None:
    """A name too long for a file (here 340 characters) is looked up like any other; `check`
    stopped with "internal error: OSError: [Errno 36] File name too long"."""
    [shown] = cite(tmp_path, "the joint report " * 20)
    assert shown.endswith(
        f"error[unknown-source]: unknown source '{'the joint report ' * 19}the joint report'\n"
        "  expected one of: joint-report, preview"
    )


def test_a_file_stem_cited_without_its_prefix_points_to_front_matter_ids(tmp_path: Path) -> None:
    bank = tmp_path / "small"
    shutil.copytree(BANKS / "small", bank)
    article = bank / "sources" / "a-joint-report.txt"
    article.write_text(article.read_text("utf-8").replace("id: joint-report\n", ""), "utf-8")
    shown = [format_text(d) for d in check_bank(bank).diagnostics if d.code == "unknown-source"]
    assert shown[0].endswith(
        "error[unknown-source]: unknown source 'joint-report'\n"
        "  did you mean 'a-joint-report'? A source's id is its file name without .txt; to cite it as "
        f"'joint-report', put `id: joint-report` in the front matter of {article}"
    )


def test_checking_the_sources_folder_names_the_folder_and_the_bank_to_check() -> None:
    code, out, _ = run("check", "tests/banks/small/sources")
    assert code == 1
    assert out.splitlines()[:2] == [
        "tests/banks/small/sources: error[no-bank]: no bank.yaml in 'tests/banks/small/sources'",
        "  this is the sources/ folder of a bank; check the bank's own folder: quizkit check tests/banks/small",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--format", "JSON", "tests/banks/small"),
        ("export", "tests/banks/small", "--format", "HTML", "--paper", "A4", "--difficulty", "Easy"),
        ("report", "--format", "CSV"),
    ],
)
def test_option_words_are_matched_ignoring_case(args: tuple[str, ...], tmp_path: Path) -> None:
    extra = ["-o", str(tmp_path)] if args[0] == "export" else []
    extra += ["--results", str(tmp_path / "none.sqlite3")] if args[0] == "report" else []
    code, _, err = run(*args, *extra)
    assert "Invalid value" not in err
    assert code in (0, 1)  # report: no results file yet is a plain error, not a usage error


def test_top_level_help_gives_each_command_its_whole_first_sentence() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "..." not in out.split("Commands:")[1]
    assert "structure, quotes and\n           grounding." in out  # the column fits 'preview'


def test_check_format_option_is_explained() -> None:
    _, out, _ = run("check", "--help")
    assert "text: one diagnostic per line" in out


HEAD = "title: t\nquestions:\n  - id: a\n"
TAB = "replace the tab at the start of line {n} with spaces, so that the line starts in the same column as the lines it belongs with"
LINED_UP = (
    "in YAML the keys of one mapping, and the '- ' of the items of one list, start in the same column; "
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("\ttype: essay\n", (4, 1, "line 4 starts with a tab; YAML indents with spaces only", TAB.format(n=4))),
        ("    prompt: x\n\t  type: essay\n", (5, 1, "line 5 starts with a tab; YAML indents with spaces only", TAB.format(n=5))),
        (
            "    type: essay\n - id: b\n",
            (5, 2, "line 5 is not lined up with the lines above it",
             LINED_UP + "line 5 starts in column 2, the lines above it in columns 5, 3, 1"),
        ),
        (
            "    type: essay\n     prompt: hi\n",
            (5, 6, "line 5 is not lined up with the lines above it",
             LINED_UP + "line 5 starts in column 6, the lines above it in columns 5, 3, 1"),
        ),
        (
            "    type: essay\n   prompt: hi\n",
            (5, 4, "line 5 is not lined up with the lines above it",
             LINED_UP + "line 5 starts in column 4, the lines above it in columns 5, 3, 1"),
        ),
        (
            "    prompt: Why it matters: the verb\n",
            (4, 13, "the text of 'prompt' on line 4 has ': ' in it, which YAML reads as the start of another key",
             "put the whole text in single quotes: prompt: 'Why it matters: the verb'"),
        ),
        (
            "    prompt: \"Why this\n    type: essay\n",
            (4, 13, "the quote opened on line 4 is never closed",
             "end the text with the same quote mark it starts with; inside '...' write '' for a '"),
        ),
    ],
)  # fmt: skip
def test_yaml_mistakes_are_said_plainly_at_the_line_to_edit(
    tmp_path: Path, body: str, expected: tuple[int, int, str, str]
) -> None:
    (tmp_path / "bank.yaml").write_text(HEAD + body, encoding="utf-8")
    [d] = check_bank(tmp_path).diagnostics
    assert (d.line, d.column, d.message, d.hint) == expected
    assert d.code == "yaml-syntax"


def test_a_bare_no_in_a_list_of_answers_says_it_became_false(tmp_path: Path) -> None:
    bank = tmp_path / "small"
    shutil.copytree(BANKS / "small", bank)
    text = (bank / "bank.yaml").read_text(encoding="utf-8")
    start = text.index("answers:")
    end = text.index("\n", start)
    (bank / "bank.yaml").write_text(text[:start] + "answers: [five, no]" + text[end:], encoding="utf-8")
    [d] = [d for d in check_bank(bank).diagnostics if d.code == "wrong-type"]
    assert (d.message, d.hint) == (
        "item 2 of 'answers' must be a string; got false",
        "YAML reads a bare no, off or false as false: put the word in quotes, e.g. 'no'",
    )


def test_closest_passage_names_the_line_where_the_matched_text_starts(tmp_path: Path) -> None:
    # Article D of the shipped bank: line 19 is a subheading ("... Development"), line 20 its paragraph
    (tmp_path / "sources").mkdir()
    shutil.copy(SHIPPED_BANK / "sources" / "d-reaffirms.txt", tmp_path / "sources" / "d.txt")
    (tmp_path / "bank.yaml").write_text(
        "title: t\nquestions:\n  - id: q\n    type: essay\n    prompt: p\n    evidence:\n"
        "      - source: reaffirms\n        quote: thiss summit also marked a critical step forward\n",
        encoding="utf-8",
    )
    [d] = [d for d in check_bank(tmp_path).diagnostics if d.code == "quote-not-found"]
    assert d.hint is not None
    first = d.hint.splitlines()[0]
    assert (
        first.startswith("closest (") and ':20: "This summit also marked a critical step forward"' in first
    ), first


ARTICLE = """Japan pledges $1 trillion in U.S. investment
Japan has pledged to increase its investment in the United States to $1 trillion, officials said on Friday.
The prime minister said Japan would also buy more American liquefied natural gas.
SoftBank, a Japanese company, has promised 100,000 new jobs in the United States.
Analysts said the pledge was ambitious.
"""


def test_new_makes_a_bank_that_checks_once_an_article_is_added(tmp_path: Path) -> None:
    bank = tmp_path / "my-bank"
    code, out, _ = run("new", str(bank))
    assert code == 0
    assert (bank / "bank.yaml").is_file() and (bank / "sources").is_dir()
    assert json.loads((bank / "bank.schema.json").read_text(encoding="utf-8"))["title"] == "quizkit bank.yaml"
    assert "Next: save an article's text as" in out
    text = (bank / "bank.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=bank.schema.json\n")
    assert 'title: "My bank"' in text

    code, out, _ = run("check", str(bank))
    assert code == 1 and "error[no-sources]: the bank has no articles yet" in out

    (bank / "sources" / "my-article.txt").write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run("check", str(bank))
    assert code == 0, out
    assert "warning[empty-bank]: the bank has no questions yet" in out
    code, _, err = run("export", str(bank), "--format", "html", "-o", str(tmp_path / "out"))
    assert code == 1 and "'my-bank' has no questions yet; add some to its bank.yaml" in err


def test_new_bank_examples_are_one_of_each_type_and_clean_when_uncommented(tmp_path: Path) -> None:
    bank = tmp_path / "b"
    assert run("new", str(bank))[0] == 0
    (bank / "sources" / "my-article.txt").write_text(ARTICLE, encoding="utf-8")
    text = (bank / "bank.yaml").read_text(encoding="utf-8")
    uncommented = "\n".join(
        line.replace("# ", "", 1) if line.startswith("  # ") else line for line in text.splitlines()
    )
    (bank / "bank.yaml").write_text(uncommented, encoding="utf-8")
    checked = check_bank(bank, strict=True)
    assert checked.diagnostics == []  # no error, no warning, no lint
    assert checked.bank is not None
    assert sorted(q.type for q in checked.bank.questions) == sorted(
        ["multiple_choice", "multiple_answer", "true_false", "short_answer", "numeric", "matching", "essay"]
    )


def test_new_refuses_a_folder_that_has_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "notes.txt").write_text("mine", encoding="utf-8")
    code, _, err = run("new", str(tmp_path / "b"))
    assert code == 1
    assert "already exists and is not empty; choose a new name" in err
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["notes.txt"]
