"""The helpers shared by the LMS exporters, and test helpers for the QTI and CC tests."""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import pytest

from quizkit.errors import ExportError
from quizkit.exporters.answerforms import typed_forms
from quizkit.exporters.lms import (
    LossLog,
    SourceIndex,
    feedback_for,
    keeps_bank_order,
    number_text,
    package_name,
    stable_id,
)
from quizkit.exporters.streams import Package, entry_order, write_template
from quizkit.exporting import ExportReport, export_bank
from quizkit.loading import load_bank
from quizkit.model import AnyQuestion, Bank
from quizkit.selection import Form, Selection, build_form, build_forms

NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


# ---- helpers used by test_qti12.py, test_qti21.py, test_qti30.py and test_cc.py ----


def export(bank: Path, fmt: str, out: Path, **options: Any) -> tuple[ExportReport, dict[str, bytes]]:
    """Export one format; the report and the files inside the (single) package."""
    report = export_bank(bank, [fmt], out, options.pop("selection", Selection()), **options)
    assert len(report.paths) == 1, report.paths
    return report, unzip(report.paths[0].read_bytes())


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def parse(data: bytes) -> Any:
    from lxml import etree

    return etree.fromstring(data)


@cache
def schema(path: Path) -> Any:
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(xsd: Path, data: bytes, name: str) -> None:
    checker = schema(xsd)
    if not checker.validate(parse(data)):
        errors = "\n".join(f"  line {e.line}: {e.message}" for e in list(checker.error_log)[:10])
        pytest.fail(f"{name} is not valid against {xsd.name}:\n{errors}")


def manifest_files(manifest: bytes) -> list[str]:
    """Every file the manifest names (resource href and file href)."""
    root = parse(manifest)
    names = [el.get("href") for el in root.iter() if el.tag.endswith("}file") or el.tag.endswith("}resource")]
    return [name for name in names if name]


def shipped_bank_or_skip(root: Path) -> Path:
    """The shipped bank, if it is written and passes `check` (it is being written right now)."""
    from quizkit.checking import check_bank

    bank = root / "questions" / "japan-us-summit"
    if not (bank / "bank.yaml").is_file():
        pytest.skip(f"the shipped bank {bank} has no bank.yaml yet")
    if not check_bank(bank).ok:
        pytest.skip("the shipped bank does not pass `quizkit check` yet (it is being written)")
    return bank


def expected_key(question: AnyQuestion) -> object:
    """What a reader should find as the key, in a form independent of the package format."""
    if question.type in ("multiple_choice", "multiple_answer"):
        return frozenset(c.text for c in question.choices if c.correct)  # type: ignore[union-attr]
    if question.type == "true_false":
        return question.answer  # type: ignore[union-attr]
    if question.type == "short_answer":
        # each answer in the forms students type (full stop, quote marks, no punctuation)
        return frozenset(a.casefold() for a in typed_forms(question.answers))  # type: ignore[union-attr]
    if question.type == "numeric":
        return (float(question.answer), float(question.tolerance))  # type: ignore[union-attr]
    if question.type == "matching":
        return frozenset((p.left, p.right) for p in question.pairs)  # type: ignore[union-attr]
    return None


def small_form(small_bank: Path, **selection: Any) -> Form:
    loaded = load_bank(small_bank).bank
    assert loaded is not None
    return build_form(loaded, Selection(**selection))


# ---- the helpers themselves ----


def test_stable_id_is_an_ncname_and_stable() -> None:
    first = stable_id("japan-us-summit", "pledge-verb")
    assert NCNAME.match(first) and first.startswith("i") and len(first) == 33
    assert stable_id("japan-us-summit", "pledge-verb") == first
    assert stable_id("other-bank", "pledge-verb") != first
    assert stable_id("japan-us-summit", "pledge-verb", prefix="q").startswith("q")
    # parts are separated: ("ab", "c") and ("a", "bc") differ
    assert stable_id("ab", "c") != stable_id("a", "bc")


@pytest.mark.parametrize(
    ("value", "text"),
    [(100000.0, "100000"), (100000, "100000"), (2.5, "2.5"), (0.1, "0.1"), (1e-05, "0.00001"), (-3.0, "-3")],
)
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text


def package_bytes(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with Package(buffer) as package:
        for name in entry_order(files):
            package.add_bytes(name, files[name])
    return buffer.getvalue()


def test_packages_are_deterministic_with_the_manifest_first() -> None:
    files = {"b/item.xml": b"<b/>", "imsmanifest.xml": b"<m/>", "a.xml": b"<a/>"}
    data = package_bytes(files)
    assert data == package_bytes(dict(reversed(list(files.items()))))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["imsmanifest.xml", "a.xml", "b/item.xml"]
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.read("b/item.xml") == b"<b/>"


def test_a_package_written_out_of_order_is_refused() -> None:
    with Package(io.BytesIO()) as package:
        package.add_bytes("imsmanifest.xml", b"<m/>")
        package.add_bytes("b.xml", b"<b/>")
        with pytest.raises(ValueError, match=re.escape("zip entry 'a.xml' is out of order after 'b.xml'")):
            package.add_bytes("a.xml", b"<a/>")


def test_a_template_is_written_in_blocks_and_checked_as_it_goes() -> None:
    template = jinja2.Template(
        "<quiz>{% for n in items %}<item n='{{ n }}'>“{{ n }}”</item>{% endfor %}</quiz>"
    )
    out = io.BytesIO()
    write_template(out, "quiz.xml", template, {"items": range(5000)}, xml=True)
    assert out.getvalue() == template.render(items=range(5000)).encode("utf-8")
    broken = jinja2.Template("<quiz>{% for n in items %}<item>{{ n }}{% endfor %}</quiz>")
    with pytest.raises(
        ExportError, match=r"^internal error: quiz.xml is not well-formed XML: Opening and ending"
    ):
        write_template(io.BytesIO(), "quiz.xml", broken, {"items": range(3)}, xml=True)
    unclosed = jinja2.Template("<quiz>{{ text }}")
    with pytest.raises(ExportError, match=r"^internal error: quiz.xml is not well-formed XML: Premature end"):
        write_template(io.BytesIO(), "quiz.xml", unclosed, {"text": "x" * 100_000}, xml=True)


def test_loss_log_says_each_loss_once() -> None:
    log = LossLog("cc")
    log.add("q1", "no numeric type")
    log.add("q1", "no numeric type")  # the same question on form B
    log.add(None, "no place for the articles")
    assert [str(loss) for loss in log.losses] == [
        "cc: question 'q1': no numeric type",
        "cc: bank: no place for the articles",
    ]


def test_feedback_carries_the_explanation_and_located_evidence(small_bank: Path) -> None:
    form = small_form(small_bank)
    bank: Bank = form.bank
    by_id = {item.question.id: item.question for item in form.items}
    feedback = feedback_for(form, by_id["pledge-verb"], SourceIndex(bank))
    assert feedback.explanation.startswith("A pledge is a promise")
    (note,) = feedback.evidence
    # line 9 of a-joint-report.txt: the front matter takes lines 1-8
    assert (note.label, note.line, note.lines) == ("A", 9, "9")
    assert note.title == "[untitled: report on the joint statement]"
    assert note.quote.startswith("Japan has pledged")
    matching = feedback_for(form, by_id["who-said-it"], SourceIndex(bank))
    assert [(n.label, n.lines) for n in matching.evidence] == [("A", "16"), ("A", "10"), ("B", "12")]


def test_package_name_adds_the_form_letter(small_bank: Path) -> None:
    loaded = load_bank(small_bank).bank
    assert loaded is not None
    single = build_form(loaded, Selection())
    form_a, form_b = build_forms(loaded, Selection(), versions=2)
    assert package_name("small", single, "-qti21.zip") == "small-qti21.zip"
    assert package_name("small", form_b, ".imscc") == "small-B.imscc"
    assert form_a.label == "A"


def test_keeps_bank_order_follows_no_shuffle(small_bank: Path) -> None:
    assert keeps_bank_order(small_form(small_bank, shuffle=False))
    assert not keeps_bank_order(small_form(small_bank, seed=1))


def _local(element: Any) -> str:
    """'correctResponse' and 'qti-correct-response' both -> 'correctresponse'."""
    from lxml import etree

    return str(etree.QName(element).localname).removeprefix("qti-").replace("-", "").lower()


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _number(text: str) -> float | None:
    """A typed number's value ('2,027.' -> 2027.0), or None where the text is not a number."""
    try:
        return float(text.rstrip(".").replace(",", ""))
    except ValueError:
        return None


def qti2_keys(files: dict[str, bytes]) -> dict[str, object]:
    """The keys of every item of a QTI 2.x or 3.0 package, by item title, in expected_key's form."""
    keys: dict[str, object] = {}
    for name, data in files.items():
        if not name.startswith("items/"):
            continue
        root = parse(data)
        elements: dict[str, list[Any]] = {}
        for element in root.iter():
            if isinstance(element.tag, str):
                elements.setdefault(_local(element), []).append(element)
        texts = {
            el.get("identifier"): _text(el)
            for el in elements.get("simplechoice", []) + elements.get("simpleassociablechoice", [])
        }
        correct = [_text(v) for c in elements.get("correctresponse", []) for v in c if _local(v) == "value"]
        declaration = elements["responsedeclaration"][0]
        base = declaration.get("baseType") or declaration.get("base-type")
        title = root.get("title")
        if "extendedtextinteraction" in elements:
            keys[title] = None
        elif "matchinteraction" in elements:
            keys[title] = frozenset(tuple(texts[i] for i in pair.split()) for pair in correct)
        elif base == "identifier" and set(correct) <= {"true", "false"} and texts.get("true") == "True":
            keys[title] = correct == ["true"]
        elif base == "identifier":
            keys[title] = frozenset(texts[i] for i in correct)
        elif base == "float":
            (low,), (high,) = (_text(e[1]) for e in elements["gte"]), (_text(e[1]) for e in elements["lte"])
            keys[title] = (float(correct[0]), (float(high) - float(low)) / 2)
        else:
            # each form is also written with spaces before or after: the same form, stripped
            forms = {e.get("mapKey", e.get("map-key")).strip().casefold() for e in elements["mapentry"]}
            numbers = {_number(form.split()[0]) for form in forms}
            if None not in numbers and numbers == {_number(correct[0])}:  # a number, as text
                keys[title] = (float(correct[0]), 0.0)  # '2027', '2,027', '2027.', with its unit
            else:  # a short answer: also with a full stop
                assert any(form.endswith(".") for form in forms), title
                keys[title] = frozenset(forms)
    return keys


def bank_keys(bank_path: Path) -> dict[str, object]:
    bank = load_bank(bank_path).bank
    assert bank is not None
    return {q.id: expected_key(q) for q in bank.questions}


@pytest.mark.parametrize("which", ["small", "shipped"])
def test_source_index_finds_the_lines_check_finds(which: str, small_bank: Path) -> None:
    """The per-line map gives exactly the lines `check`'s quote location gives, for every quote."""
    from quizkit.textmatch import SourceText, locate_quote

    root = Path(__file__).resolve().parent.parent
    bank = load_bank(small_bank if which == "small" else shipped_bank_or_skip(root)).bank
    assert bank is not None
    index = SourceIndex(bank)
    for question in bank.questions:
        for evidence in question.evidence:
            spans = locate_quote(evidence.quote, SourceText(bank.sources[evidence.source])).spans
            assert spans is not None
            assert index.lines(evidence.source, evidence.quote) == (spans[0].line, spans[-1].end_line)
    assert index.lines(next(iter(bank.sources)), "words that are in no article at all") is None


def test_a_control_character_in_the_bank_is_a_clear_error(small_bank: Path, tmp_path: Path) -> None:
    from quizkit.errors import BankError

    bank = tmp_path / "bank"
    shutil.copytree(small_bank, bank)
    text = (bank / "bank.yaml").read_text(encoding="utf-8")
    (bank / "bank.yaml").write_text(text.replace('prompt: "In Article A,', 'prompt: "In Article A \\x07,'))
    with pytest.raises(BankError) as refused:  # refused by the check, before any format is written
        export_bank(bank, ["qti21"], tmp_path / "out", Selection())
    assert refused.value.details.endswith(
        "bank.yaml:7:13: error[bad-character]: 'prompt' contains a control character (U+0007) "
        "that no quiz format can carry; delete it\n  it is written as a backslash escape in a double-quoted value"
    )
    assert not list((tmp_path / "out").glob("*.zip"))
