"""HTML handouts: what each document carries and leaves out, escaping, structure, names, the CLI."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from quizkit.checking import check_bank, require_valid_bank
from quizkit.cli import main
from quizkit.exporters.base import ExportOptions, Staging
from quizkit.exporters.html import HtmlExporter
from quizkit.handouts import about_text, answer_texts, handouts, number_text, points_text, render_handout
from quizkit.model import (
    Bank,
    Essay,
    Evidence,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
)
from quizkit.selection import Form, Selection, build_forms
from quizkit.textmatch import normalize, split_fragments

from .conftest import BANKS, SHIPPED_BANK


def banks_to_read() -> list[Path]:
    """The small fixture bank, and the shipped bank where it is complete and checks clean."""
    banks = [BANKS / "small"]
    if (SHIPPED_BANK / "bank.yaml").is_file() and check_bank(SHIPPED_BANK).ok:
        banks.append(SHIPPED_BANK)
    return banks


def export_html(bank: Path, out: Path, *, versions: int = 1, seed: int = 1) -> dict[str, str]:
    """Export a bank's HTML handouts; {file name: text}."""
    loaded, _ = require_valid_bank(bank)
    forms = build_forms(loaded, Selection(seed=seed), versions)
    staging = Staging(out)
    HtmlExporter(ExportOptions(name=loaded.name)).write(forms, staging)
    return {p.name: p.read_text(encoding="utf-8") for p in staging.commit()}


def visible_text(html: str) -> str:
    """What a reader sees: the body's text, normalised like quotes are (curly quotes, spaces)."""
    body = lxml.html.fromstring(html).find("body")
    assert body is not None
    return normalize(body.text_content())


def forms_of(bank: Path, versions: int = 1, seed: int = 1) -> list[Form]:
    loaded, _ = require_valid_bank(bank)
    return build_forms(loaded, Selection(seed=seed), versions)


def shown_in_student_copy(question: object) -> str:
    """A question's own printed words (a quote may legitimately reappear among them)."""
    parts = [getattr(question, "prompt", "")]
    if isinstance(question, MultipleChoice | MultipleAnswer):
        parts += [c.text for c in question.choices]
    if isinstance(question, Matching):
        parts += [p.left for p in question.pairs] + [p.right for p in question.pairs]
    return normalize(" ".join(parts))


@pytest.mark.parametrize("bank", banks_to_read(), ids=lambda p: p.name)
def test_student_copy_has_every_prompt_and_no_answer(bank: Path, tmp_path: Path) -> None:
    files = export_html(bank, tmp_path)
    loaded: Bank = require_valid_bank(bank)[0]
    text = visible_text(files[f"{loaded.name}.html"])
    others = " ".join(shown_in_student_copy(q) for q in loaded.questions)
    for q in loaded.questions:
        assert normalize(q.prompt) in text, q.id
        if q.explanation.strip():
            assert normalize(q.explanation) not in text, f"{q.id}: explanation printed"
        for evidence in q.evidence:
            for fragment in split_fragments(normalize(evidence.quote)):
                if fragment not in others:
                    assert fragment not in text, f"{q.id}: quote printed: {fragment!r}"
        if isinstance(q, MultipleChoice | MultipleAnswer):
            for choice in q.choices:
                if choice.feedback:
                    assert normalize(choice.feedback) not in text, f"{q.id}: feedback printed"
        if isinstance(q, Essay) and q.rubric:
            assert normalize(q.rubric) not in text, f"{q.id}: rubric printed"
    for word in ("Answer key", "(correct)", "Evidence:", "Why:", "Rubric:"):
        assert word not in text


@pytest.mark.parametrize("bank", banks_to_read(), ids=lambda p: p.name)
def test_key_has_every_answer_explanation_and_quote(bank: Path, tmp_path: Path) -> None:
    files = export_html(bank, tmp_path)
    loaded = require_valid_bank(bank)[0]
    html = files[f"{loaded.name}-key.html"]
    text = visible_text(html)
    marked = normalize(" ".join(m.text_content() for m in lxml.html.fromstring(html).iter("mark")))
    form = forms_of(bank)[0]
    for item in form.items:
        q = item.question
        assert normalize(q.explanation) in text, q.id
        for evidence in q.evidence:
            for fragment in split_fragments(normalize(evidence.quote)):
                assert fragment.casefold() in marked.casefold(), f"{q.id}: quote not highlighted"
        glance = f"{item.number} {', '.join(item.correct_letters)}"
        if isinstance(q, MultipleChoice | MultipleAnswer):
            assert glance in text, q.id
        if isinstance(q, Matching):
            pairs = " ".join(f"{i}-{x}" for i, x in enumerate(item.correct_letters, start=1))
            assert f"{item.number} {pairs}" in text, q.id
        if isinstance(q, ShortAnswer):
            assert all(normalize(a) in text for a in q.answers), q.id
        if isinstance(q, Essay) and q.rubric:
            assert normalize(q.rubric) in text, q.id


def test_key_cites_article_title_and_file_line(small_bank: Path, tmp_path: Path) -> None:
    text = visible_text(export_html(small_bank, tmp_path)["small-key.html"])
    # SoftBank's jobs are on line 13 of sources/b-preview.txt, counting its front matter
    assert "Evidence: Article B, '[untitled: preview of the talks]', line 13" in text
    assert "4 100000" in text and "true" in text  # the bank's fourth question, in the bank's order


def test_compact_key_is_the_grid_and_one_line_per_question(small_bank: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["export", str(small_bank), "--format", "html", "--key", "compact", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "small-key-compact.html",
        "small-sources.html",
        "small.html",
    ]
    tree = lxml.html.fromstring((tmp_path / "small-key-compact.html").read_text(encoding="utf-8"))
    rows = [[cell.text_content() for cell in row] for row in tree.find_class("compact-key")[0].iter("tr")][1:]
    assert [row[0] for row in rows] == [str(n) for n in range(1, 8)]  # one row per question
    assert rows[3][1] == "100000"  # softbank-jobs, the fourth question
    assert rows[3][2] == "B, line 13: “promising to generate 100,000 quality jobs”"
    assert rows[6][1].startswith(
        "Marked by hand, with the rubric below.Rubric: Full credit:"
    )  # the essay's rubric is there
    assert len(tree.find_class("glance")[0]) == 7


def test_key_both_writes_the_full_and_the_compact_key(small_bank: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["export", str(small_bank), "--format", "html", "--key", "both", "-o", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert {"small-key.html", "small-key-compact.html"} <= {p.name for p in tmp_path.iterdir()}


def test_source_packet_numbers_lines_as_in_the_file(small_bank: Path, tmp_path: Path) -> None:
    html = export_html(small_bank, tmp_path)["small-sources.html"]
    tree = lxml.html.fromstring(html)
    for label, source in forms_of(small_bank)[0].sources:
        article = tree.get_element_by_id(f"article-{label}").getparent()
        shown = [
            (int(line.find_class("ln")[0].text_content()), line.find_class("tx")[0].text_content())
            for line in article.find_class("line")
        ]
        assert shown == source.lines()
        file_lines = (small_bank / source.path).read_text(encoding="utf-8").splitlines()
        assert all(file_lines[number - 1] == text for number, text in shown)
    meta = [
        [(dt.text_content(), dt.getnext().text_content()) for dt in dl.iter("dt")]
        for dl in tree.find_class("meta")
    ]
    assert meta[0] == [
        ("Outlet", "unknown"),
        ("Author", "Veronica Uy"),
        ("Published", "unknown"),
        ("Kind", "news"),
    ]
    assert meta[1] == [
        ("Outlet", "unknown"),
        ("Author", "unknown"),
        ("Published", "unknown"),
        ("Kind", "preview"),
    ]


def test_bank_text_is_escaped_everywhere(tmp_path: Path) -> None:
    files = export_html(BANKS / "handouts-escape", tmp_path)
    assert set(files) == {"handouts-escape.html", "handouts-escape-key.html", "handouts-escape-sources.html"}
    for name, html in files.items():
        tree = lxml.html.fromstring(html)
        assert not list(tree.iter("script", "img", "i", "em", "tag")), name
        assert not [b for b in tree.iter("b") if "old" in b.text_content()], name  # <b>bold</b>
        assert "<script>" not in html and "&lt;script&gt;" in html, name
    student = visible_text(files["handouts-escape.html"])
    assert "What did the page contain? <script>alert('prompt')</script>" in student
    assert "An <img src=x onerror=alert(2)> picture" in student
    assert "Answer <em>every</em> question & cite the line." in student
    key = visible_text(files["handouts-escape-key.html"])
    assert "Feedback: Yes: <script> & friends" in key
    assert "Mentions that <tag> is markup & would vanish." in key
    sources = visible_text(files["handouts-escape-sources.html"])
    assert "Article A: Tags & <i>titles</i> in the news" in sources
    assert "The <b>Bold</b> Times" in sources


def test_documents_are_accessible_in_structure(small_bank: Path, tmp_path: Path) -> None:
    files = export_html(BANKS / "handouts-escape", tmp_path / "escape")
    files.update(export_html(small_bank, tmp_path / "small"))
    for name, html in files.items():
        tree = lxml.html.fromstring(html)
        assert tree.get("lang") == ("en-GB" if name.startswith("handouts-escape") else "en"), name
        assert len(list(tree.iter("main"))) == 1, name
        levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4", "h5", "h6")]
        assert levels[0] == 1 and levels.count(1) == 1, name
        assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), f"{name}: {levels}"
        assert tree.find("head/style") is not None, f"{name}: stylesheet not inlined"
        assert not list(tree.iter("link")), f"{name}: not self-contained"


def test_student_copy_answer_spaces_fit_the_type(small_bank: Path, tmp_path: Path) -> None:
    tree = lxml.html.fromstring(export_html(small_bank, tmp_path)["small.html"])

    def section(kind: str) -> lxml.html.HtmlElement:
        (found,) = tree.find_class(f"q-{kind}")
        return found

    circles = [li.text_content()[:4] for li in section("multiple_choice").iter("li")]
    assert circles == ["◯\u2002A.", "◯\u2002B.", "◯\u2002C."]  # a circle to mark before each letter
    boxes = [li.text_content()[:4] for li in section("multiple_answer").iter("li")]
    assert boxes == ["☐\u2002A.", "☐\u2002B.", "☐\u2002C."]  # a box: tick every one that applies
    assert section("true_false").find_class("truefalse")[0].text_content() == "◯\u2002True ◯\u2002False"
    assert len(section("numeric").find_class("answer-box")) == 1
    assert len(section("short_answer").find_class("ruled")[0]) == 2
    assert len(section("essay").find_class("ruled")[0]) == 10
    rows = section("matching").find("table/tbody")
    assert [r[0].get("class") for r in rows] == ["blank-cell"] * 3 + ["no-item"]  # a blank per left item
    assert [r[1].text_content()[:2] for r in rows] == ["1.", "2.", "3.", ""]  # the distractor's row
    assert [r[2].text_content()[:2] for r in rows] == ["A.", "B.", "C.", "D."]
    info = section("multiple_answer").find_class("info")[0].text_content()
    assert info.startswith("2 points · About Article B")


def test_versions_differ_and_the_same_seed_repeats(small_bank: Path, tmp_path: Path) -> None:
    first = export_html(small_bank, tmp_path / "one", versions=3, seed=11)
    again = export_html(small_bank, tmp_path / "two", versions=3, seed=11)
    other = export_html(small_bank, tmp_path / "three", versions=3, seed=12)
    names = [f"small-{v}{kind}.html" for v in "ABC" for kind in ("", "-key")]
    assert sorted(first) == sorted([*names, "small-sources.html"])
    assert first == again
    assert first != other
    assert len({first["small-A.html"], first["small-B.html"], first["small-C.html"]}) == 3
    assert "Version B · Answer key" in first["small-B-key.html"]
    assert "Version C" in visible_text(first["small-C.html"])


def test_paper_size_reaches_the_stylesheet(small_bank: Path, tmp_path: Path) -> None:
    forms = forms_of(small_bank)
    for paper, size in (("a4", "size: A4;"), ("letter", "size: letter;")):
        staging = Staging(tmp_path / paper)
        HtmlExporter(ExportOptions(name="small", paper=paper)).write(forms, staging)
        assert size in (staging.commit()[0]).read_text(encoding="utf-8")


def test_default_instructions_when_the_bank_has_none(small_bank: Path) -> None:
    form = forms_of(small_bank)[0]
    info = form.bank.info.model_copy(update={"instructions": None})
    plain = dataclasses.replace(form, bank=form.bank.model_copy(update={"info": info}))
    student = handouts([plain], ExportOptions(name="x"), ".html")[0]
    assert "Read the articles in the source packet first" in visible_text(render_handout(student, None))


def test_small_helpers() -> None:
    assert about_text(("A",)) == "Article A"
    assert about_text(("A", "C")) == "Articles A and C"
    assert about_text(("A", "B", "E")) == "Articles A, B and E"
    assert points_text(1) == "1 point" and points_text(2) == "2 points" and points_text(1.5) == "1.5 points"
    assert number_text(100000.0) == "100000" and number_text(0.25) == "0.25"


def test_cli_export_writes_the_handouts(
    small_bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["export", str(small_bank), "--format", "html", "--versions", "2", "-o", "out"]
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == [
        "small-A-key.html",
        "small-A.html",
        "small-B-key.html",
        "small-B.html",
        "small-sources.html",
    ]
    assert "wrote out/small-A.html" in result.output


def test_cli_writes_nothing_when_the_bank_has_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    broken = str(BANKS / "handouts-broken")
    result = CliRunner().invoke(main, ["export", broken, "--format", "html", "--format", "pdf", "-o", "out"])
    assert result.exit_code == 1
    assert "error[quote-not-found]" in result.output
    assert "nothing was done" in result.output
    assert "Traceback" not in result.output
    out = tmp_path / "out"
    assert not out.exists() or not any(out.iterdir())


def test_the_student_view_holds_no_key_at_all(small_bank: Path) -> None:
    student, key = handouts(forms_of(small_bank), ExportOptions(name="small"), ".html")[:2]
    assert (student.kind, key.kind) == ("student", "key")
    for item in student.items:
        assert (item.answer, item.answer_detail, item.explanation, item.rubric) == ("", "", "", None)
        assert item.evidence == ()
        assert not any(c.correct or c.feedback for c in item.choices)
        assert not any(p.key_letter or p.key_right for p in item.pairs)
    assert all(item.evidence for item in key.items)
    assert any(c.correct for item in key.items for c in item.choices)


def test_key_answers_in_words() -> None:
    evidence = [Evidence(source="a", quote="three words here")]
    numeric = Numeric(
        id="n", type="numeric", prompt="p", evidence=evidence, answer=2.5, tolerance=0.5, unit="%"
    )
    assert answer_texts(numeric, ()) == ("2.5", "2.5 % (accept ± 0.5)")
    essay = Essay(id="e", type="essay", prompt="p", evidence=evidence)
    assert answer_texts(essay, ()) == ("essay", "Marked by hand.")
    short = ShortAnswer(id="s", type="short_answer", prompt="p", evidence=evidence, answers=["five", "5"])
    assert answer_texts(short, ()) == ("five / 5", "five; 5")
