"""PDF handouts read back as a person would: text per page, page size, fonts, repeatability."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from quizkit.checking import check_bank, require_valid_bank
from quizkit.exporters.base import ExportOptions, Staging
from quizkit.exporters.pdf import PdfExporter, PdfRenderer
from quizkit.handouts import handouts
from quizkit.model import (
    Essay,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
    TrueFalse,
    letter,
)
from quizkit.selection import Form, Selection, build_forms
from quizkit.textmatch import normalize, split_fragments

from .conftest import BANKS, SHIPPED_BANK

pytest.importorskip("weasyprint", reason="WeasyPrint is not installed")

POINTS_PER_INCH = 72


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, normalised like quotes are (curly quotes, dashes, runs of spaces)."""
    return [normalize(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def forms_of(bank: Path, versions: int = 1, seed: int = 1) -> list[Form]:
    loaded, _ = require_valid_bank(bank)
    return build_forms(loaded, Selection(seed=seed), versions)


def export_pdf(
    bank: Path, out: Path, *, versions: int = 1, seed: int = 1, paper: str = "letter"
) -> dict[str, bytes]:
    forms = forms_of(bank, versions, seed)
    staging = Staging(out)
    options = ExportOptions(name=forms[0].bank.name, paper="a4" if paper == "a4" else "letter")
    PdfExporter(options).write(forms, staging)
    return {p.name: p.read_bytes() for p in staging.commit()}


def shipped_or_small() -> Path:
    """The shipped bank where it is complete and checks clean, else the small fixture bank."""
    if (SHIPPED_BANK / "bank.yaml").is_file() and check_bank(SHIPPED_BANK).ok:
        return SHIPPED_BANK
    return BANKS / "small"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Form, dict[str, bytes]]:
    """Student copy and key of the shipped bank (one run for the whole module)."""
    bank = shipped_or_small()
    form = forms_of(bank)[0]
    renderer = PdfRenderer("letter")
    documents = handouts([form], ExportOptions(name=form.bank.name), ".pdf")
    return form, {h.kind: renderer.render(h) for h in documents[:2]}


@pytest.fixture(scope="module")
def small_versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The small bank in two versions, exported twice with the same seed."""
    folder = tmp_path_factory.mktemp("pdf")
    first = export_pdf(BANKS / "small", folder / "one", versions=2, seed=5)
    again = export_pdf(BANKS / "small", folder / "two", versions=2, seed=5)
    return first, again


def test_student_pdf_has_every_prompt_and_no_answer(shipped: tuple[Form, dict[str, bytes]]) -> None:
    form, pdfs = shipped
    text = " ".join(page_texts(pdfs["student"]))
    printed = " ".join(question_words(item.question) for item in form.items)
    for item in form.items:
        q = item.question
        assert normalize(q.prompt) in text, q.id
        if q.explanation.strip():
            assert normalize(q.explanation) not in text, f"{q.id}: explanation printed"
        if isinstance(q, MultipleChoice | MultipleAnswer):
            for choice in q.choices:
                assert normalize(choice.text) in text, q.id
                if choice.feedback:
                    assert normalize(choice.feedback) not in text, f"{q.id}: feedback printed"
        if isinstance(q, Essay) and q.rubric:
            assert normalize(q.rubric) not in text, f"{q.id}: rubric printed"
        for evidence in q.evidence:
            for fragment in split_fragments(normalize(evidence.quote)):
                if fragment not in printed:  # a quote may be asked about, in a prompt or a choice
                    assert fragment not in text, f"{q.id}: quote printed: {fragment!r}"
    assert "Evidence:" not in text and "(correct)" not in text and "Why:" not in text


def question_words(q: object) -> str:
    """The words a question itself prints on the student copy."""
    parts = [getattr(q, "prompt", "")]
    if isinstance(q, MultipleChoice | MultipleAnswer):
        parts += [c.text for c in q.choices]
    if isinstance(q, Matching):
        parts += [p.left for p in q.pairs] + [p.right for p in q.pairs]
    return normalize(" ".join(parts))


def test_key_pdf_has_every_answer_explanation_and_quote(shipped: tuple[Form, dict[str, bytes]]) -> None:
    form, pdfs = shipped
    text = " ".join(page_texts(pdfs["key"]))
    squeezed = re.sub(r"\s+", "", text).casefold()
    for item in form.items:
        q = item.question
        assert normalize(q.explanation) in text, q.id
        for evidence in q.evidence:
            for fragment in split_fragments(normalize(evidence.quote)):
                # a quote printed across lines may come back with a different space at the break
                assert re.sub(r"\s+", "", fragment).casefold() in squeezed, f"{q.id}: {fragment!r}"
        if isinstance(q, MultipleChoice | MultipleAnswer):
            assert f"{item.number} {', '.join(item.correct_letters)}" in text, q.id
            assert f"Answer: {', '.join(item.correct_letters)}" in text, q.id
        if isinstance(q, Matching):
            pairs = " ".join(f"{i}-{x}" for i, x in enumerate(item.correct_letters, start=1))
            assert f"Answer: {pairs}" in text, q.id
        if isinstance(q, ShortAnswer):
            assert all(normalize(a) in text for a in q.answers), q.id
        if isinstance(q, Essay) and q.rubric:
            assert re.sub(r"\s+", "", normalize(q.rubric)).casefold() in squeezed, q.id


def test_a_question_is_never_split_across_pages(shipped: tuple[Form, dict[str, bytes]]) -> None:
    form, pdfs = shipped
    pages = page_texts(pdfs["student"])
    assert len(pages) > 1, "the check needs a document of several pages"
    for item in form.items:
        q = item.question
        head = f"{item.number}. {normalize(q.prompt)}"
        if isinstance(q, MultipleChoice | MultipleAnswer):
            last = f"{letter(len(item.choices) - 1)}. {normalize(item.choices[-1].text)}"
        elif isinstance(q, Matching):
            last = f"{letter(len(item.rights) - 1)}. {normalize(item.rights[-1])}"
        elif isinstance(q, TrueFalse):
            last = "◯ True ◯ False"
        elif isinstance(q, Numeric):
            last = "Answer:"
        else:  # the ruled lines carry no text: the line under the prompt is the last text
            last = f"Write {'a short answer' if isinstance(q, ShortAnswer) else 'your answer'}"
        found = [i for i, page in enumerate(pages) if head in page]
        assert len(found) == 1, f"question {item.number} prompt found on pages {found}"
        rest = pages[found[0]].split(head, 1)[1]
        if item.number < len(form.items):
            end = rest.find(f"{item.number + 1}. {normalize(form.items[item.number].question.prompt)}")
        else:
            end = -1
        rest = rest if end < 0 else rest[:end]
        assert last in rest, f"question {item.number} does not end on the page it starts on"


def test_page_numbers_and_version_on_every_page(
    small_versions: tuple[dict[str, bytes], dict[str, bytes]], shipped: tuple[Form, dict[str, bytes]]
) -> None:
    first, _ = small_versions
    for name in ("small-A-key.pdf", "small-B.pdf"):
        pages = page_texts(first[name])
        for number, page in enumerate(pages, start=1):
            assert f"Page {number} of {len(pages)}" in page, name
            assert f"Version {name[6]}" in page, f"{name} page {number}"
    pages = page_texts(shipped[1]["key"])
    assert all("Answer key" in page for page in pages)


def test_versions_differ_and_the_same_seed_gives_the_same_bytes(
    small_versions: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    first, again = small_versions
    assert sorted(first) == [
        "small-A-key.pdf",
        "small-A.pdf",
        "small-B-key.pdf",
        "small-B.pdf",
        "small-sources.pdf",
    ]
    assert first == again  # byte for byte: no dates, no random ids
    assert first["small-A.pdf"] != first["small-B.pdf"]
    assert page_texts(first["small-A.pdf"]) != page_texts(first["small-B.pdf"])
    assert b"/CreationDate" not in first["small-A.pdf"]


def test_paper_size(tmp_path: Path) -> None:
    form = forms_of(BANKS / "small")[0]
    for paper, (width, height) in (("letter", (8.5, 11)), ("a4", (210 / 25.4, 297 / 25.4))):
        student = handouts([form], ExportOptions(name="small", paper=paper), ".pdf")[0]  # type: ignore[arg-type]
        reader = PdfReader(io.BytesIO(PdfRenderer(paper).render(student)))
        for page in reader.pages:
            box = page.mediabox
            assert float(box.width) == pytest.approx(width * POINTS_PER_INCH, abs=0.5), paper
            assert float(box.height) == pytest.approx(height * POINTS_PER_INCH, abs=0.5), paper


def test_source_packet_pdf_keeps_file_lines_and_typography(
    small_versions: tuple[dict[str, bytes], dict[str, bytes]],
) -> None:
    first, _ = small_versions
    reader = PdfReader(io.BytesIO(first["small-sources.pdf"]))
    raw = [page.extract_text() or "" for page in reader.pages]
    # each article starts on its own page, with the line numbers of its file
    assert "Article A:" in raw[0] and not any("Article B:" in p for p in raw[:2])
    article_b = next(i for i, p in enumerate(raw) if "Article B:" in p)
    assert article_b >= 1 and "Article A:" not in raw[article_b]
    lines = "\n".join(raw)
    assert re.search(r"^\s*9\s+Japan has pledged", lines, re.MULTILINE)
    assert re.search(r"^\s*13\s+A pivotal player in this economic discourse is SoftBank", lines, re.MULTILINE)
    # curly quotes and apostrophes come through as themselves, drawn with DejaVu
    assert "their nations’" in lines and "10 “Prime Minister Ishiba" in lines
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get_object().get("/Font") or {}).values()
        for font in [font.get_object()]
    }
    assert fonts and all("DejaVu" in name for name in fonts), fonts


def test_weasyprint_accepts_every_style_rule(caplog: pytest.LogCaptureFixture) -> None:
    """An unknown CSS property would print a WeasyPrint warning under every `quizkit export`."""
    form = forms_of(BANKS / "small")[0]
    with caplog.at_level("WARNING", logger="weasyprint"):
        renderer = PdfRenderer("a4")
        for handout in handouts([form], ExportOptions(name="small"), ".pdf"):
            renderer.render(handout)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_compact_key_pdf_is_a_few_pages_with_every_answer(shipped: tuple[Form, dict[str, bytes]]) -> None:
    form, pdfs = shipped
    options = ExportOptions(name=form.bank.name, key="compact")
    [compact] = [h for h in handouts([form], options, ".pdf") if h.kind == "compact"]
    pages = page_texts(PdfRenderer("letter").render(compact))
    full_pages = len(PdfReader(io.BytesIO(pdfs["key"])).pages)
    assert len(pages) * 4 <= full_pages or len(pages) == 1  # a fraction of the full key
    text = normalize(" ".join(pages))
    assert "Answers and evidence, one line each" in text
    for item in form.items:  # every question has its row, with its first quote's article and line
        assert re.search(rf"\b{item.number}\b", text)
    assert pages[-1].rstrip().endswith(f"Page {len(pages)} of {len(pages)}")
