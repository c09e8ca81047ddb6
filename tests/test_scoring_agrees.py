"""One score everywhere: each export, judged by its own format's matching rules, scores typed answers
as `quizkit play` does, or its export note names the case it cannot carry.

Each format's rules are written out here for the subset quizkit uses: QTI 2.1/3.0 mappings (exact,
case per `caseSensitive`) and float responses (XML Schema doubles); Canvas (its grader strips and
lower-cases both sides; numbers are read as plain decimals); Moodle's shortanswer
(`compare_string_with_wildcard`: NFC, trim, case per `usecase`, `*` a wildcard) and numerical
(`qtype_numerical_answer_processor::apply_units`, English separators); GIFT, read by gift-pegjs,
is imported as Moodle questions and judged the same way, and so is a Common Cartridge, whose
blanks Moodle's converter makes shortanswer questions (usecase 0); the Google Forms script is run in the
FormApp stand-in (tests/node), which grades a typed answer as the Forms API documents it: right
when it is one of the keyed answers.

Choice, true/false and matching questions are answered by picking, not typing, in every format
but play, so only short-answer and numeric questions have typed forms to compare.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from quizkit.exporters.answerforms import MOODLE_NUMBER, typed_forms
from quizkit.exporters.forms import accepted_variants
from quizkit.exporters.lms import stable_id
from quizkit.exporters.sheets import clean_text
from quizkit.exporting import export_bank
from quizkit.model import MultipleAnswer, Numeric, ShortAnswer
from quizkit.scoring import Answer, UnreadableAnswer, fold_text, parse_answer, score_answer
from quizkit.selection import FormItem, Selection
from tests.test_forms import NODE_DIR, TYPED, node
from tests.test_lms_common import small_form, unzip

Judge = Callable[[str, str], bool]
"""(question id, typed answer) -> whether the format scores it right."""

_XSD_DOUBLE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_RUBY_DECIMAL = re.compile(r"[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_MOODLE_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?")
_MOODLE_EXPONENT = re.compile(r"(?:e|E|(?:x|\*|×)10(?:\^|\*\*))([+-]?\d+)")
_PHP_TRIM = " \t\n\r\0\x0b"


def _local(element: Any) -> str:
    return etree.QName(element).localname


def _attr(element: Any, name: str) -> str | None:
    """An attribute by its QTI 2.1 name (`mapKey`) or its QTI 3.0 name (`map-key`)."""
    kebab = re.sub(r"[A-Z]", lambda m: "-" + m.group().lower(), name)
    return element.get(name, element.get(kebab))


def qti2_judge(files: dict[str, bytes]) -> Judge:
    """QTI 2.1/3.0: a string response through the mapping, a float response between `gte` and `lte`."""
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
        low = next(e for e in root.iter() if _local(e) in ("gte", "qti-gte"))[1].text or ""
        high = next(e for e in root.iter() if _local(e) in ("lte", "qti-lte"))[1].text or ""
        return float(low) <= float(text) <= float(high)

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
    """Moodle's numerical grading: the response trimmed (PARAM_RAW_TRIMMED), then
    qtype_numerical_answer_processor::apply_units with English separators ('.' decimal, ','
    thousands) and no units, then the answer's tolerance interval."""
    response = typed.strip(_PHP_TRIM).replace(" ", "")
    response = _MOODLE_EXPONENT.sub(r"e\1", response)
    # With a '.' or several ',' every ',' is dropped; otherwise str_replace([thousandssep, decsep,
    # ','], ['', '.', '.']) drops it too, ',' being English's thousands separator.
    response = response.replace(",", "")
    found = _MOODLE_NUMBER.match(response)
    if not found:
        return False
    # Anything after the number is read as a unit: with no units and no unit penalty (quizkit's
    # export), the number alone is graded, though the answer counts as incomplete until submitted.
    return abs(float(found.group()) - answer) <= tolerance


def moodle_number_complete(typed: str) -> bool:
    """qtype_numerical_question::is_complete_response: false while the response holds a ','
    (English thousands separator) or anything after the number, which Moodle shows as
    'Incomplete answer' until submitted."""
    response = _MOODLE_EXPONENT.sub(r"e\1", typed.strip(_PHP_TRIM).replace(" ", "").replace(",", ""))
    found = _MOODLE_NUMBER.match(response)
    return "," not in typed and found is not None and found.end() == len(response)


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


def cc_judge(files: dict[str, bytes]) -> Judge:
    """A cartridge, restored by Moodle: its converter (backup/cc/entity11.quiz.class.php) makes a
    fill-in-the-blank a shortanswer that ignores case (usecase 0) and accepts each `varequal` of the
    condition that sets SCORE to 100; numeric questions come in the same way."""
    assessment = next(data for name, data in files.items() if name.endswith("/assessment_qti.xml"))
    root = etree.fromstring(assessment)
    items = {item.get("title").split(". ", 1)[1]: item for item in root.iter("{*}item")}

    def judge(question_id: str, typed: str) -> bool:
        [condition] = [
            c for c in items[question_id].iter("{*}respcondition") if c.findtext("{*}setvar") == "100"
        ]
        patterns = [v.text or "" for v in condition.iter("{*}varequal")]
        return moodle_short(typed, patterns, ignore_case=True)

    return judge


def gift_judge(path: Path) -> Judge:
    """GIFT as gift-pegjs reads it, imported by Moodle: short answers ignore case (Moodle's GIFT
    importer leaves usecase at 0), a `{#answer:tolerance}` number is a numerical question."""
    done = subprocess.run(
        [node(), str(NODE_DIR / "gift-parse.js"), str(path)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    questions = {q["title"]: q for q in json.loads(done.stdout) if q.get("title")}

    def judge(question_id: str, typed: str) -> bool:
        question = questions[question_id]
        if question["type"] == "Numerical":
            choice = question["choices"]
            assert choice["type"] == "range"
            return moodle_number(typed, choice["number"], choice["range"])
        assert question["type"] == "Short"
        patterns = [c["text"]["text"] for c in question["choices"] if c["isCorrect"]]
        return moodle_short(typed, patterns, ignore_case=True)

    return judge


def forms_judge(path: Path, form_items: list[FormItem], typed: list[str]) -> Judge:
    """The Forms script run in the FormApp stand-in with the Forms API service on; each typed
    answer graded by the stand-in against the key the script set."""
    done = subprocess.run(
        [
            node(),
            str(NODE_DIR / "run-forms-script.js"),
            str(path),
            "--forms-api",
            "--grade",
            json.dumps(typed),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    titles = {clean_text(item.question.prompt): item.question.id for item in form_items}
    grades = {
        titles[record["form"]["items"][int(index)]["title"]]: dict(zip(typed, results, strict=True))
        for index, results in record["grades"].items()
    }

    def judge(question_id: str, answer: str) -> bool:
        return bool(grades[question_id][answer])

    return judge


def play_right(item: FormItem, typed: str) -> bool:
    try:
        answer = parse_answer(item, typed)
    except UnreadableAnswer:
        return False
    return score_answer(item.question, answer).status == "right"


TYPED_SHORT: dict[str, str] = {
    "five.": "full stop",
    "5.": "full stop",
    "FIVE": "case",
    "Five": "case",
    "  Five  ": "more spaces",
    "   Five   ": "three spaces",
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
    "  100000  ": "more spaces",
    "100000.0": "decimal point",
    "one hundred thousand": "in words",
    "99999": "wrong",
}
# What each format's own rules accept, beyond what every format and play agree on; the rest is
# named in the export note.
EXPECTED_DIFFERENCES: dict[str, set[str]] = {
    "qti21": {"three spaces", "doubled space", "other punctuation", "decimal point", "in words"},
    "qti30": {"three spaces", "doubled space", "other punctuation", "decimal point", "in words"},
    "qti12": {"doubled space", "other punctuation", "digit-group comma", "in words"},
    "moodle": {"doubled space", "other punctuation", "in words"},
    "gift": {"doubled space", "other punctuation", "in words"},
    "forms": {
        "one space",
        "more spaces",
        "three spaces",
        "doubled space",
        "other punctuation",
        "case",
        "decimal point",
        "in words",
    },
    "cc": {"doubled space", "other punctuation", "decimal point", "in words"},
}
NOTE_WORDS_BY_FORMAT = {
    "forms": {
        "one space": "spaces before or after",
        "more spaces": "spaces before or after",
        "three spaces": "spaces before or after",
        "case": "other capitals",
        "decimal point": "other writing",
    },
    "cc": {"in words": "any other way"},
}
NOTE_WORDS = {
    "more spaces": "more spaces",
    "three spaces": "more spaces",
    "no punctuation": "without its punctuation",
    "straight quote": "straight quotes",
    "curly apostrophe": "curly apostrophe",
    "doubled space": "doubled space",
    "other punctuation": "other punctuation",
    "digit-group comma": "digit-group comma",
    "decimal point": "'100000.0'",
    "in words": "words",
}


TYPED_PUNCTUATED: dict[str, str] = {
    "Japan's investment in the U.S.": "as written",
    "Japan's investment in the U.S": "full stop",
    "japans investment in the us": "no punctuation",
    "JAPANS INVESTMENT IN THE US.": "no punctuation",
    "japan’s investment": "case",
    "Japan's investment": "straight quote",
    "Japan’s investment in the U.S.": "curly apostrophe",
    "Japan’s investment.": "full stop",
    "Japan's investment!": "other punctuation",
    "Japan's  investment": "doubled space",
    "Japan's investments": "wrong",
}
"""Typed answers to a question whose accepted answers have an apostrophe and abbreviation dots
(`valid-typed`: "Japan's investment in the U.S.", "Japan’s investment")."""


def _judges(
    fmt: str, small_bank: Path, out: Path, typed: list[str] | None = None
) -> tuple[Judge, list[tuple[str | None, str]]]:
    report = export_bank(small_bank, [fmt], out, Selection())
    [path] = report.paths
    notes = [(loss.question_id, loss.message) for loss in report.losses]
    if fmt == "forms":
        items = list(small_form(small_bank).items)
        return forms_judge(path, items, typed or [*TYPED_SHORT, *TYPED_NUMBER]), notes
    if fmt in ("qti21", "qti30"):
        return qti2_judge(unzip(path.read_bytes())), notes
    if fmt == "qti12":
        return canvas_judge(unzip(path.read_bytes()), small_bank.name), notes
    if fmt == "moodle":
        return moodle_judge(path.read_bytes()), notes
    if fmt == "cc":
        return cc_judge(unzip(path.read_bytes())), notes
    return gift_judge(path), notes


def _differences(
    fmt: str,
    judge: Judge,
    notes: list[tuple[str | None, str]],
    tables: dict[str, dict[str, str]],
    items: list[FormItem],
) -> set[str]:
    """The cases (of `tables`, by question id) the format scores unlike play; each must be named
    in a note on that question."""
    differences = set()
    checked = 0
    for item in items:
        question = item.question
        for typed, case in tables.get(question.id, {}).items():
            checked += 1
            if judge(question.id, typed) == play_right(item, typed):
                continue
            differences.add(case)
            word = NOTE_WORDS_BY_FORMAT.get(fmt, {}).get(case) or NOTE_WORDS[case]
            said = [message for qid, message in notes if qid == question.id]
            assert any(word in message for message in said), (fmt, question.id, typed, said)
    assert checked == sum(len(table) for table in tables.values())
    return differences


@pytest.mark.parametrize("fmt", ["qti12", "qti21", "qti30", "moodle", "gift", "forms", "cc"])
def test_typed_answers_score_as_play_scores_them_or_the_note_says_why(
    fmt: str, small_bank: Path, tmp_path: Path
) -> None:
    judge, notes = _judges(fmt, small_bank, tmp_path)
    items = list(small_form(small_bank).items)
    tables = {}
    for item in items:
        if isinstance(item.question, ShortAnswer):
            tables[item.question.id] = TYPED_SHORT
        elif isinstance(item.question, Numeric):
            tables[item.question.id] = TYPED_NUMBER
    assert len(tables) == 2
    assert _differences(fmt, judge, notes, tables, items) == EXPECTED_DIFFERENCES[fmt]


@pytest.mark.parametrize("fmt", ["moodle", "gift", "forms", "cc", "qti12", "qti21", "qti30"])
def test_answers_typed_without_their_punctuation_or_quote_marks_score_as_in_play(
    fmt: str, tmp_path: Path
) -> None:
    judge, notes = _judges(fmt, TYPED, tmp_path, list(TYPED_PUNCTUATED))
    items = list(small_form(TYPED).items)
    tables = {"ellipsis-and-apostrophe": TYPED_PUNCTUATED}
    assert _differences(fmt, judge, notes, tables, items) == {"other punctuation", "doubled space"}


@pytest.mark.parametrize("fmt", ["moodle", "gift"])
def test_moodle_scores_a_number_with_a_digit_group_comma_and_the_note_says_what_students_see(
    fmt: str, small_bank: Path, tmp_path: Path
) -> None:
    judge, notes = _judges(fmt, small_bank, tmp_path)
    assert judge("softbank-jobs", "100,000") and not moodle_number_complete("100,000")
    assert judge("softbank-jobs", "100000") and moodle_number_complete("100000")
    assert ("softbank-jobs", MOODLE_NUMBER.format(example="100,000", plain="100000")) in notes
    assert MOODLE_NUMBER.format(example="100,000", plain="100000") == (
        "Moodle scores '100,000' (with a digit-group comma) as 100000, but until the quiz is submitted "
        "shows it as 'Incomplete answer', asking for the number without the comma; in a Moodle whose "
        "language writes decimals with a comma (French, German...) the comma is read as a decimal "
        "point; tell students to type digits only"
    )


@pytest.mark.parametrize("bank", ["small", "valid-typed", "japan-us-summit"])
def test_every_form_an_export_accepts_is_a_right_answer_in_play(bank: str) -> None:
    """The typed forms Moodle, GIFT and Forms accept never include one that play marks wrong."""
    shipped = TYPED.parents[2] / "questions" / bank
    form = small_form(shipped if shipped.is_dir() else TYPED.parent / bank)
    short = [item for item in form.items if isinstance(item.question, ShortAnswer)]
    assert short
    for item in short:
        assert isinstance(item.question, ShortAnswer)
        for accepted in (*typed_forms(item.question.answers), *accepted_variants(item.question.answers)):
            assert play_right(item, accepted), (item.question.id, accepted)
    assert fold_text("Japans investment in the US") == fold_text("Japan's investment in the U.S.")


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


def play_fraction(item: FormItem, picked: tuple[int, ...]) -> float:
    """What play gives for these bank choice indices, as a fraction of the points."""
    mark = score_answer(item.question, Answer(",".join(map(str, picked)), picked))
    assert mark.earned is not None
    return mark.earned / mark.possible


def subsets(count: int) -> list[tuple[int, ...]]:
    """Every set of boxes a student can tick, none included."""
    return [pick for size in range(count + 1) for pick in itertools.combinations(range(count), size)]


@pytest.mark.parametrize("fmt", ["moodle", "gift"])
def test_multiple_answer_partial_credit_in_moodle_is_plays(
    fmt: str, small_bank: Path, tmp_path: Path
) -> None:
    """Moodle adds the ticked choices' grades and keeps the total within 0-100%
    (qtype_multichoice_multi_question::grade_response): every set of ticks scores as in play."""
    report = export_bank(small_bank, [fmt], tmp_path, Selection())
    [path] = report.paths
    [item] = [i for i in small_form(small_bank).items if isinstance(i.question, MultipleAnswer)]
    assert isinstance(item.question, MultipleAnswer)
    if fmt == "moodle":
        [question] = [
            q
            for q in etree.fromstring(path.read_bytes()).findall("question")
            if q.findtext("name/text") == item.question.id
        ]
        grades = [float(a.get("fraction") or "nan") for a in question.findall("answer")]
    else:
        done = subprocess.run(
            [node(), str(NODE_DIR / "gift-parse.js"), str(path)], capture_output=True, text=True, check=False
        )
        [parsed] = [q for q in json.loads(done.stdout) if q.get("title") == item.question.id]
        grades = [float(c["weight"]) for c in parsed["choices"]]
    assert len(grades) == len(item.question.choices) == 3
    for picked in subsets(len(grades)):
        moodle = min(max(0.0, sum(grades[i] for i in picked) / 100), 1.0)
        assert moodle == pytest.approx(play_fraction(item, picked), abs=1e-6), picked


MOODLE_TYPED_SCRIPT = Path(__file__).parent / "moodle" / "grade_typed.php"


def moodle_dir() -> Path:
    """The Moodle that QUIZKIT_MOODLE names (../shared/moodle/setup.sh makes one under
    /tmp/moodle-test/moodle), or a skip saying how to get one."""
    folder = Path(os.environ.get("QUIZKIT_MOODLE", "/nonexistent"))
    if not (folder / "config.php").is_file() or not shutil.which("php"):
        pytest.skip(
            "no Moodle to grade with: set QUIZKIT_MOODLE to an installed Moodle 4.5 folder (with "
            "config.php; ../shared/moodle/setup.sh makes one) and have php on PATH"
        )
    return folder


@pytest.mark.parametrize(("fmt", "bank"), [("moodle", "small"), ("gift", "small"), ("moodle", "valid-typed")])
def test_a_real_moodle_grades_typed_answers_as_the_rules_here_do(fmt: str, bank: str, tmp_path: Path) -> None:
    """Moodle's own question engine (import, attempt with deferred feedback, save, finish) agrees
    with moodle_short / moodle_number, and calls a number with a comma incomplete until submitted."""
    moodle = moodle_dir()
    folder = TYPED.parent / bank
    judge, _ = _judges(fmt, folder, tmp_path)
    items = list(small_form(folder).items)
    typed: dict[str, list[str]] = {}
    for item in items:
        if isinstance(item.question, ShortAnswer):
            table = TYPED_PUNCTUATED if item.question.id == "ellipsis-and-apostrophe" else TYPED_SHORT
            typed[item.question.id] = [*table, "100000 jobs"]
        elif isinstance(item.question, Numeric) and item.question.answer == 100000:
            typed[item.question.id] = [*TYPED_NUMBER, "100000.", "100,000 jobs"]
    ticks: dict[str, list[tuple[int, ...]]] = {}
    for item in items:
        if isinstance(item.question, MultipleAnswer):
            ticks[item.question.id] = subsets(len(item.question.choices))[1:]  # Moodle needs a tick
    answers_json: dict[str, list[Any]] = {qid: list(answers) for qid, answers in typed.items()}
    for item in items:
        if item.question.id in ticks:
            assert isinstance(item.question, MultipleAnswer)
            texts = [choice.text.strip() for choice in item.question.choices]
            answers_json[item.question.id] = [
                {"tick": [texts[i] for i in pick]} for pick in ticks[item.question.id]
            ]
    answers = tmp_path / "typed.json"
    answers.write_text(json.dumps(answers_json), "utf-8")
    [package] = [path for path in tmp_path.iterdir() if path.suffix in (".xml", ".gift")]
    done = subprocess.run(
        [
            "php",
            str(MOODLE_TYPED_SCRIPT),
            str(moodle),
            "xml" if fmt == "moodle" else "gift",
            str(package),
            str(answers),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    graded = json.loads(done.stdout)
    assert graded.keys() == answers_json.keys()
    numbers = {item.question.id for item in items if isinstance(item.question, Numeric)}
    by_id = {item.question.id: item for item in items}
    for question_id, picks in ticks.items():
        fractions = [result["fraction"] for result in graded.pop(question_id)]
        expected = [play_fraction(by_id[question_id], pick) for pick in picks]
        assert fractions == pytest.approx(expected, abs=1e-6), question_id
    for question_id, results in graded.items():
        for result in results:
            assert result["state"] in ("gradedright", "gradedwrong"), result
            assert (result["state"] == "gradedright") == judge(question_id, result["typed"]), result
            if question_id in numbers:
                complete = moodle_number_complete(result["typed"])
                assert result["saved_state"] == ("complete" if complete else "invalid"), result
