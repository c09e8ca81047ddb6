"""quizkit claims: each detector on a sentence that has the moment and one that has not; the
shipped bank's headline moments near the top of their article; stubs that pass check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from quizkit.authoring.claims import (
    Sentence,
    find_attribution,
    find_commitments,
    find_interpretation,
    find_loaded,
    find_preview,
    find_quantities,
    find_relative_date,
    find_residue,
)
from quizkit.authoring.claims_report import find_claims
from quizkit.checking import check_bank
from quizkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "questions" / "japan-us-summit"


def whys(found: object) -> list[str]:
    return [hit[1] for hit in found]  # type: ignore[attr-defined]


def test_quantities() -> None:
    assert whys(
        find_quantities("trade between the two nations exceeding hundreds of billions of dollars annually")
    ) == ['a vague amount ("hundreds of billions of dollars"): how much exactly, and who counted?']
    assert 'a change ("doubling"): from what baseline, and over what period?' in whys(
        find_quantities(
            "Japan is committed to doubling its defense spending by 2027 compared to my first term."
        )
    )
    assert whys(find_quantities("Japan pledged $1 trillion.")) == [
        '"$1 trillion" with no time frame: over how many years?'
    ]
    assert whys(find_quantities("The latest trade figures show a surplus of $68.5 billion in 2024.")) == [
        "figures with no named source: whose statistics are these?"
    ]
    assert whys(find_quantities("SoftBank will invest $100 billion over the next four years.")) == []
    assert whys(find_quantities("The leaders met on Friday.")) == []


def test_commitments() -> None:
    assert whys(find_commitments("Japan has invested $1 trillion in America")) == [
        '"has invested" states as done what other wording calls a promise or goal'
    ]
    assert whys(find_commitments("Japan has pledged a historic $1 trillion investment")) == [
        '"pledged" is a promise or aim, not a completed act: where on the ladder does it sit?'
    ]
    assert whys(find_commitments("The leaders met on Friday in Washington.")) == []


def test_attribution() -> None:
    assert whys(find_attribution("“Our two nations,” Trump said, per TPM.")) == [
        '"per TPM": second-hand, through an abbreviation the article never explains'
    ]
    assert whys(
        find_attribution("“It is even stronger,” Ishiba said, according to The Post Millennial.")
    ) == ['"according to The Post Millennial": second-hand, another outlet\'s reporting retold']
    assert whys(
        find_attribution(
            "High-ranking Trump administration officials revealed that they anticipate concessions."
        )
    ) == [
        'an unnamed source ("High-ranking Trump administration officials"): who is speaking, and how would we check?'
    ]
    assert whys(find_attribution("Both leaders reaffirmed a “reciprocal and beneficial” partnership.")) == [
        'quoted words ("reciprocal and beneficial") with no one named as saying or writing them'
    ]
    assert whys(find_attribution("While officials declined to comment, talks went on.")) == [
        'an unnamed source ("officials declined"): who is speaking, and how would we check?'
    ]
    assert whys(find_attribution("Prime Minister Ishiba met President Trump on Friday.")) == []


def test_loaded() -> None:
    assert whys(find_loaded("Japanese PM Drops Massive Bombshell During Meeting With Trump")) == [
        'loaded wording in the writer\'s own voice: "Bombshell", "Massive"'
    ]
    assert whys(find_loaded("He reiterated an “unwavering commitment” to Japan.")) == []
    assert whys(find_loaded("The leaders met on Friday.")) == []


def test_preview() -> None:
    assert whys(find_preview("These discussions shall likely delve into energy exports.")) == [
        '"shall likely": a prediction or plan, not a report: was it written before the event?'
    ]
    assert whys(find_preview("The leaders discussed energy exports.")) == []


def test_interpretation() -> None:
    assert whys(
        find_interpretation("They reiterated “peace in the Strait,” signaling firm opposition to change.")
    ) == [
        'the writer\'s reading added to a fact ("signaling firm opposition to ..."): is it in the source, or added?'
    ]
    assert whys(find_interpretation("They reiterated the importance of peace in the Strait.")) == []


def test_relative_date() -> None:
    assert whys(find_relative_date("This week, my administration approved the sales.")) == [
        'a relative date ("This week"): which day is that? can you pin it down?'
    ]
    assert whys(find_relative_date("On February 7, the leaders met.")) == []


def test_residue() -> None:
    def residue(text: str) -> list[str]:
        return whys(find_residue(Sentence("x", "A", 1, text, 0)))

    assert residue("buttons=(Accept !) days=(20)") == [
        "page residue (a button, banner or prompt): not part of the article"
    ]
    assert residue("Commentary") == [
        '"Commentary": a heading where the page switches from reporting to opinion'
    ]
    assert residue("TOP STORIES") == ["a stray label left from the page: is it part of the article?"]
    assert residue("Share") == ["page residue (a button, banner or prompt): not part of the article"]
    assert residue("Japan and the U.S. are close partners in the economic field.") == []
    assert residue("He declined to comment.") == []
    assert residue("Japan will accept the offer.") == []


def _top(letter: str, count: int = 10) -> list[str]:
    report = find_claims(SHIPPED)
    for article, candidates in report.articles:
        if article.letter == letter:
            return [
                f"{c.detector} {c.why} " + " | ".join(q.text for q in c.quotes) for c in candidates[:count]
            ]
    raise AssertionError(letter)


@pytest.mark.parametrize(
    ("letter", "wanted"),
    [
        ("A", "according to The Post Millennial"),
        ("A", "per\u00a0TPM"),  # a no-break space, as in the article
        ("A", "Drops Massive Bombshell"),
        ("B", "the headline's verb says done, the body's first sentence says promised"),
        ("B", '"multi-trillion" does not fit the article\'s own "$1 trillion"'),
        ("B", "Accept !"),
        ("B", "compared to my first term"),
        ("C", "unwavering commitment to the defense of Japan"),
        ("B", 'the headline names "AI", which the body never mentions'),
        ("C", "signaling firm opposition"),
        ("C", '"full support"'),
        ("D", '"Commentary": a heading where the page switches from reporting to opinion'),
        ("D", 'the article words "$1 trillion" as done on line 10 and as a promise or aim on line 9'),
        ("E", "the article reads as a preview written before the event"),
        ("E", "An official remarked"),
    ],
)
def test_shipped_bank_moments_rank_high(letter: str, wanted: str) -> None:
    assert any(wanted in line for line in _top(letter)), _top(letter)


def test_across_articles() -> None:
    report = find_claims(SHIPPED)
    found = [c.why for c in report.across]
    assert 'every article but E reports "$1 Trillion"; Article E never mentions it' in found
    assert any(why.startswith("Articles A and C share these") and "quotation" in why for why in found)
    assert (
        "every article but E mentions LNG (A: stated; B: promised; C: promised; D: stated): "
        "compare the wording, and the omission"
    ) in found
    assert (
        found[0]
        == '"$1 Trillion" in 4 articles, worded differently (A: promised; B: done; C: promised; D: promised)'
    )


def test_works_without_questions(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED / "sources", tmp_path / "sources")
    (tmp_path / "bank.yaml").write_text('title: "Draft"\nquestions: []\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["claims", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("A  bombshell (")


def test_yaml_stubs_pass_check(tmp_path: Path) -> None:
    shutil.copytree(SHIPPED / "sources", tmp_path / "sources")
    result = CliRunner().invoke(main, ["claims", str(SHIPPED), "--format", "yaml"])
    assert result.exit_code == 0, result.output
    body = "\n".join(line for line in result.output.splitlines() if not line.startswith("#"))
    (tmp_path / "bank.yaml").write_text(f'title: "Draft"\nquestions:\n{body}\n', encoding="utf-8")
    checked = check_bank(tmp_path)
    errors = [d for d in checked.diagnostics if d.is_error]
    assert errors == []
    assert checked.bank is not None and len(checked.bank.questions) > 50


def test_json_rows() -> None:
    result = CliRunner().invoke(main, ["claims", str(SHIPPED), "--format", "json"])
    rows = json.loads(result.output)
    assert {row["group"] for row in rows} == {"A", "B", "C", "D", "E", "across"}
    assert all(len([r for r in rows if r["group"] == g]) <= 30 for g in "ABCDE")


def test_no_sources(tmp_path: Path) -> None:
    (tmp_path / "bank.yaml").write_text('title: "Draft"\nquestions: []\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["claims", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path}/sources: no articles to read (sources/*.txt)" in result.output


def test_broken_article_stops_with_its_error(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.txt").write_text("Japan has pledged $1 trillion.\n", encoding="utf-8")
    (tmp_path / "sources" / "b.txt").write_bytes(b"caf\xe9\n")
    (tmp_path / "bank.yaml").write_text('title: "Draft"\nquestions: []\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["claims", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"{tmp_path}/sources/b.txt:1:4: error[not-utf8]: byte 0xe9 is not UTF-8; save the file as UTF-8\n"
        f"Error: {tmp_path}/sources: 1 error in the articles; fix them first, no candidates listed\n"
    )


WRAPPED = """Officials said the ministry pledged $4 billion to the new port, according to
the Daily Ledger, which called the plan a bombshell for the region's
shipping firms.

Leave a Comment
"""


def test_wrapped_lines_make_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "port.txt").write_text(WRAPPED, encoding="utf-8")
    report = find_claims(tmp_path)
    article, candidates = report.articles[0]
    assert [(s.line, s.text[:30]) for s in article.sentences] == [
        (1, "Officials said the ministry pl"),
        (5, "Leave a Comment"),
    ]
    loaded = next(c for c in candidates if c.detector == "loaded-language")
    assert loaded.why == 'loaded wording in the writer\'s own voice: "bombshell"'
    assert loaded.line == 1
    assert "according to the Daily Ledger" in article.sentences[0].text
    result = CliRunner().invoke(main, ["claims", str(tmp_path), "--format", "yaml"])
    body = "\n".join(line for line in result.output.splitlines() if not line.startswith("#"))
    (tmp_path / "bank.yaml").write_text(f'title: "Draft"\nquestions:\n{body}\n', encoding="utf-8")
    checked = check_bank(tmp_path)
    assert [d for d in checked.diagnostics if d.is_error] == []


HEADLINE_FIGURE = """Port gets $9 billion boost

The ministry pledged $4 billion to the new port on Monday, officials said in a statement.
"""


def test_headline_figure_not_in_body(tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "port.txt").write_text(HEADLINE_FIGURE, encoding="utf-8")
    _, candidates = find_claims(tmp_path).articles[0]
    assert candidates[0].why == 'the headline\'s figure "$9 billion" appears nowhere in the body'
    assert candidates[0].line == 1
