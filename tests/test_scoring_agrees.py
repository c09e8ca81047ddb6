"""One score everywhere: each export, judged by its own format's matching rules, scores typed answers
as `quizkit play` does, or its export note names the case it cannot carry.

Each format's rules are written out here for the subset quizkit uses: QTI 2.1/3.0 mappings (exact,
case per `caseSensitive`) and float responses (XML Schema doubles); Canvas (its grader strips and
lower-cases both sides; numbers are read as plain decimals); Moodle's shortanswer
(`compare_string_with_wildcard`: NFC, trim, case per `usecase`, `*` a wildcard) and numerical
(digit-group commas dropped); GIFT is imported as Moodle questions and judged the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from quizkit.exporters.lms import stable_id
from quizkit.exporting import export_bank
from quizkit.model import Numeric, ShortAnswer
from quizkit.scoring import UnreadableAnswer, parse_answer, score_answer
from quizkit.selection import FormItem, Selection
from tests.test_lms_common import small_form, unzip

Judge = Callable[[str, str], bool]
"""(question id, typed answer) -> whether the format scores it right."""

_XSD_DOUBLE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_RUBY_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_MOODLE_NUMBER = re.compile(r"([+-]?[\d,]*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?")
_PHP_TRIM = " \t\n\r\0\x0b"


def _local(element: Any) -> str:
    return etree.QName(element).localname


def _attr(element: Any, name: str) -> str | None:
    """An attribute by its QTI 2.1 name (`mapKey`) or its QTI 3.0 name (`map-key`)."""
    kebab = re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), name)
    return element.get(name, element.get(kebab))


def qti2_judge(files: dict[str, bytes]) -> Judge:
    """QTI 2.1/3.0: a string response through the mapping, a float response through `equal`."""
    items = {}
    for name, data in files.items():
        if name.startswith("items/"):
            root = etree.fromstring(data)
            items[root.get("title")] = root

    def judge(question_id: str, typed: str) -> bool:
        root = items[question_id]
        declaration = next(
            e for e in root.iter() if _local(e).endswith(("responseDeclaration", "response-declaration"))
        )
        base_type = _attr(declaration, "baseType")
        if base_type == "string":
            entries = [e for e in declaration.iter() if _local(e) in ("mapEntry", "qti-map-entry")]
            for entry in entries:
                key = _attr(entry, "mapKey") or ""
                if _attr(entry, "caseSensitive") == "false":
                    if key.casefold() == typed.casefold():
                        return True
                elif key == typed:
                    return True
            return False
        assert base_type == "float"
        text = typed.strip()  # an XML Schema double collapses surrounding white space
        if not _XSD_DOUBLE.fullmatch(text):
            return False  # not a float: the response is NULL and scores 0
        correct = next(e for e in declaration.iter() if _local(e) in ("value", "qti-value")).text or ""
        equal = next(e for e in root.iter() if _local(e) in ("equal", "qti-equal"))
        return abs(float(text) - float(correct)) <= float(_attr(equal, "tolerance") or 0)

    return judge


def canvas_judge(files: dict[str, bytes], bank_name: str) -> Judge:
    """Canvas: short answers compared stripped and lower-cased; numbers read as plain decimals."""
    assessment = next(data for name, data in files.items() if name.count("/") == 1 and "meta" not in name)
    root = etree.fromstring(assessment)
    items = {item.get("ident"): item for item in root.iter("{*}item")}

    def judge(question_id: str, typed: str) -> bool:
        item = items[stable_id(bank_name, question_id)]
        scoring = [c for c in item.iter("{*}respcondition") if c.findtext("{*}setvar") == "100"]
        [condition] = scoring
        texts = [v.text or "" for v in condition.iter("{*}varequal")]
        if condition.find(".//{*}vargte") is None:
            return any(t.strip().lower() == typed.strip().lower() for t in texts)
        if not _RUBY_DECIMAL.fullmatch(typed.strip()):
            return False
        low = float(condition.findtext(".//{*}vargte") or "nan")
        high = float(condition.findtext(".//{*}varlte") or "nan")
        return low <= float(typed.strip()) <= high

    return judge


def moodle_short(typed: str, patterns: list[str], ignore_case: bool) -> bool:
    """Moodle's qtype_shortanswer_question::compare_string_with_wildcard, for each answer."""
    string = unicodedata.normalize("NFC", typed).strip(_PHP_TRIM)
    for pattern in patterns:
        bits = re.split(r"(?<!\\)\*+", unicodedata.normalize("NFC", pattern))
        regex = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
        if re.fullmatch(regex, string, re.IGNORECASE if ignore_case else 0):
            return True
    return False


def moodle_number(typed: str, answer: float, tolerance: float) -> bool:
    """Moodle's numerical answer processor (English: ',' groups digits, '.' is the decimal point)."""
    found = _MOODLE_NUMBER.fullmatch(typed.strip().replace(" ", ""))
    if not found or not (found.group(1).strip("+-,") or found.group(2)):
        return False
    before, decimals, exponent = found.group(1).replace(",", ""), found.group(2) or "", found.group(3)
    value = float(f"{before or '0'}.{decimals or '0'}" + (f"e{exponent}" if exponent else ""))
    return abs(value - answer) <= tolerance


def moodle_judge(data: bytes) -> Judge:
    root = etree.fromstring(data)
    questions = {q.findtext("name/text"): q for q in root.findall("question")}

    def judge(question_id: str, typed: str) -> bool:
        question = questions[question_id]
        answers = [a for a in question.findall("answer") if a.get("fraction") == "100"]
        if question.get("type") == "numerical":
            [answer] = answers
            return moodle_number(
                typed, float(answer.findtext("text") or ""), float(answer.findtext("tolerance") or 0)
            )
        assert question.get("type") == "shortanswer"
        patterns = [a.findtext("text") or "" for a in answers]
        return moodle_short(typed, patterns, ignore_case=question.findtext("usecase") == "0")

    return judge


def gift_judge(text: str) -> Judge:
    """GIFT, imported by Moodle: short answers ignore case (usecase 0), `{#answer:tolerance}` numbers."""

    def body(question_id: str) -> list[str]:
        start = text.index(f"::{question_id}::")
        lines = text[start:].split("\n")
        return [line.strip() for line in lines[1 : lines.index("}")]]

    def judge(question_id: str, typed: str) -> bool:
        lines = [line for line in body(question_id) if not line.startswith("####")]
        if lines[0].startswith("#"):
            answer, tolerance = lines[0][1:].split(":")
            return moodle_number(typed, float(answer), float(tolerance))
        patterns = [re.sub(r"\\(.)", r"\1", line[1:]) for line in lines if line.startswith("=")]
        return moodle_short(typed, patterns, ignore_case=True)

    return judge


def play_right(item: FormItem, typed: str) -> bool:
    try:
        answer = parse_answer(item, typed)
    except UnreadableAnswer:
        return False
    return score_answer(item.question, answer).status == "right"


TYPED_SHORT: dict[str, str] = {
    "five.": "full stop",
    "FIVE": "case",
    "  Five  ": "more spaces",
    " five ": "one space",
    "five years.": "full stop",
    "Five Years": "case",
    "five  years": "doubled space",
    "five!": "other punctuation",
    "six": "wrong",
}
TYPED_NUMBER: dict[str, str] = {
    "100000": "plain",
    "100,000": "digit-group comma",
    " 100000 ": "one space",
    "99999": "wrong",
}
# What each format's own rules accept, beyond what every format and play agree on; the rest is
# named in the export note.
EXPECTED_DIFFERENCES: dict[str, set[str]] = {
    "qti21": {"more spaces", "doubled space", "other punctuation", "digit-group comma"},
    "qti30": {"more spaces", "doubled space", "other punctuation", "digit-group comma"},
    "qti12": {"doubled space", "other punctuation", "digit-group comma"},
    "moodle": {"doubled space", "other punctuation"},
    "gift": {"doubled space", "other punctuation"},
}
NOTE_WORDS = {
    "more spaces": "more spaces",
    "doubled space": "doubled space",
    "other punctuation": "other punctuation",
    "digit-group comma": "digit-group comma",
}


def _judges(fmt: str, small_bank: Path, out: Path) -> tuple[Judge, list[tuple[str | None, str]]]:
    report = export_bank(small_bank, [fmt], out, Selection())
    [path] = report.paths
    notes = [(loss.question_id, loss.message) for loss in report.losses]
    if fmt in ("qti21", "qti30"):
        return qti2_judge(unzip(path.read_bytes())), notes
    if fmt == "qti12":
        return canvas_judge(unzip(path.read_bytes()), small_bank.name), notes
    if fmt == "moodle":
        return moodle_judge(path.read_bytes()), notes
    return gift_judge(path.read_text("utf-8")), notes


@pytest.mark.parametrize("fmt", ["qti12", "qti21", "qti30", "moodle", "gift"])
def test_typed_answers_score_as_play_scores_them_or_the_note_says_why(
    fmt: str, small_bank: Path, tmp_path: Path
) -> None:
    judge, notes = _judges(fmt, small_bank, tmp_path)
    form = small_form(small_bank)
    differences = set()
    checked = 0
    for item in form.items:
        question = item.question
        if isinstance(question, ShortAnswer):
            typed_forms = TYPED_SHORT
        elif isinstance(question, Numeric):
            typed_forms = TYPED_NUMBER
        else:
            continue
        for typed, case in typed_forms.items():
            checked += 1
            if judge(question.id, typed) == play_right(item, typed):
                continue
            differences.add(case)
            word = NOTE_WORDS[case]
            said = [message for qid, message in notes if qid == question.id]
            assert any(word in message for message in said), (fmt, question.id, typed, said)
    assert checked == len(TYPED_SHORT) + len(TYPED_NUMBER)
    assert differences == EXPECTED_DIFFERENCES[fmt]


def test_play_accepts_every_typed_form_of_a_right_answer(small_bank: Path) -> None:
    form = small_form(small_bank)
    by_type = {item.question.type: item for item in form.items}
    for typed, case in TYPED_SHORT.items():
        assert play_right(by_type["short_answer"], typed) == (case != "wrong"), typed
    for typed, case in TYPED_NUMBER.items():
        assert play_right(by_type["numeric"], typed) == (case != "wrong"), typed


def test_moodle_rules_as_written_here_match_moodles_code() -> None:
    """The stand-in follows Moodle: trimmed, case per usecase, '*' a wildcard and '\\*' a star."""
    assert moodle_short("  Five  ", ["five"], ignore_case=True)
    assert not moodle_short("Five", ["five"], ignore_case=False)
    assert not moodle_short("five.", ["five"], ignore_case=True)
    assert moodle_short("five big years", ["five*years"], ignore_case=True)
    assert not moodle_short("aXb", ["a\\*b"], ignore_case=True)
    assert moodle_short("a*b", ["a\\*b"], ignore_case=True)
    assert moodle_number("100,000", 100000, 0)
    assert moodle_number(" 2.5 ", 2.5, 0)
    assert not moodle_number("1OO", 100, 0)
