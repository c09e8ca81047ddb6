"""The Google Forms script: parsed by node, run against a FormApp stand-in written from the Apps
Script reference (tests/node/formapp-standin.js), and every question checked as built."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from quizkit.exporters.forms import accepted_variants, js_literal, split_points
from quizkit.exporters.lms import SourceIndex, feedback_for
from quizkit.exporters.sheets import clean_text
from quizkit.exporting import export_bank
from quizkit.loading import load_bank
from quizkit.model import Essay, Matching, MultipleAnswer, MultipleChoice, Numeric, ShortAnswer, TrueFalse
from quizkit.selection import Selection, build_forms
from quizkit.templating import render
from tests.test_moodle_banks import NASTY, TRICKY_QUESTIONS, write_bank

TESTS = Path(__file__).resolve().parent
NODE_DIR = TESTS / "node"
SHIPPED = TESTS.parent / "questions" / "japan-us-summit"
TYPED = TESTS / "banks" / "valid-typed"


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.skip("node is not installed (make os-deps installs it)")
    return found


def export(bank: Path, out: Path, **selection: Any) -> tuple[Path, list[str]]:
    report = export_bank(bank, ["forms"], out, Selection(**selection))
    [path] = report.paths
    assert path.name == f"{bank.name}-forms.gs"
    return path, [str(loss) for loss in report.losses]


def run(script: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node(), str(NODE_DIR / "run-forms-script.js"), str(script), *flags],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def built(script: Path, *flags: str) -> dict[str, Any]:
    done = run(script, *flags)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def parses(script: Path, tmp_path: Path) -> None:
    """`node --check`: the file parses as a modern JavaScript script (Apps Script's V8 runtime)."""
    copy = tmp_path / "check.js"
    shutil.copyfile(script, copy)
    done = subprocess.run([node(), "--check", str(copy)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("bank_path", [SHIPPED, TESTS / "banks" / "small", TESTS / "banks" / "awkward"])
def test_every_question_of_a_bank_is_built_with_points_key_and_feedback(
    bank_path: Path, tmp_path: Path
) -> None:
    script, _ = export(bank_path, tmp_path, seed=4)
    parses(script, tmp_path)
    result = built(script, "--forms-api")
    form = result["form"]
    bank = load_bank(bank_path).bank
    [quiz] = build_forms(bank, Selection(seed=4), 1)
    sources = SourceIndex(bank)
    assert form["title"] == bank.title
    assert form["isQuiz"] is True
    items = iter(form["items"])
    for entry in quiz.items:
        q = entry.question
        text = render("platforms/feedback.txt.jinja", fb=feedback_for(quiz, q, sources)).strip()
        assert "Evidence: Article " in text
        item = next(items)
        if isinstance(q, Matching):
            assert (item["type"], item["title"]) == ("SectionHeaderItem", clean_text(q.prompt))
            shares = split_points(int(q.points), len(q.pairs))
            for pair, share in zip(q.pairs, shares, strict=True):
                row = next(items)
                assert (row["type"], row["title"], row["points"]) == (
                    "ListItem",
                    clean_text(pair.left),
                    share,
                )
                assert [c["value"] for c in row["choices"]] == [clean_text(r) for r in entry.rights]
                assert [c["value"] for c in row["choices"] if c["correct"]] == [clean_text(pair.right)]
                assert row["correct"] == row["incorrect"] == text
            continue
        assert item["title"] == clean_text(q.prompt)
        points = math.floor(q.points + 0.5)  # Forms points are whole numbers (noted)
        assert item["points"] == points
        if isinstance(q, MultipleChoice | MultipleAnswer):
            kind = "CheckboxItem" if isinstance(q, MultipleAnswer) else "MultipleChoiceItem"
            assert item["type"] == kind
            assert item["choices"] == [
                {"value": clean_text(c.text), "correct": c.correct} for c in entry.choices
            ]
            assert item["correct"] == item["incorrect"] == text
        elif isinstance(q, TrueFalse):
            assert item["type"] == "MultipleChoiceItem"
            assert item["choices"] == [
                {"value": "True", "correct": q.answer},
                {"value": "False", "correct": not q.answer},
            ]
            assert item["correct"] == item["incorrect"] == text
        elif isinstance(q, ShortAnswer | Numeric):
            assert item["type"] == "TextItem"
            assert item["general"] == item["keyFeedback"] == text
            assert item["keyPoints"] == points
            expected = accepted_variants(q.answers) if isinstance(q, ShortAnswer) else None
            if expected is not None:
                assert item["key"] == expected
            else:
                assert isinstance(q, Numeric)
                assert f"{q.answer:g}" in item["key"]
        else:
            assert isinstance(q, Essay)
            assert (item["type"], item["general"]) == ("ParagraphTextItem", text)
    assert next(items, None) is None
    keyed = sum(isinstance(e.question, ShortAnswer | Numeric) for e in quiz.items)
    assert result["log"][0] == f"Answer keys set on {keyed} short-answer questions."
    assert result["log"][1] == f"Form built: {len(quiz.items)} questions."


def test_without_the_forms_service_text_questions_are_left_to_mark_and_the_log_says_which(
    tmp_path: Path,
) -> None:
    script, _ = export(TYPED, tmp_path, shuffle=False)
    result = built(script)
    text_items = [i for i in result["form"]["items"] if i["type"] == "TextItem"]
    assert [i.get("key") for i in text_items] == [None, None]
    assert result["log"] == [
        "Mark by hand (no answer key without the Google Forms API service): "
        "What did Ishiba convey his willingness to elevate?",
        "Mark by hand (no answer key without the Google Forms API service): "
        "For how many consecutive years has Japan been the largest investor in the U.S.?",
        "Form built: 7 questions.",
        "Edit it here: https://docs.google.com/forms/d/1FAKEformID/edit",
        "Send students this link: https://docs.google.com/forms/d/e/1FAKEformID/viewform",
    ]


def test_typed_bank_keys_and_notes(tmp_path: Path) -> None:
    script, notes = export(TYPED, tmp_path, shuffle=False)
    items = built(script, "--forms-api")["form"]["items"]
    by_title = {item["title"]: item for item in items}
    # Each answer as written, without its final full stop, with straight quotes, with a curly
    # apostrophe and without its punctuation, each with and without a full stop, in each case form.
    assert by_title["What did Ishiba convey his willingness to elevate?"]["key"] == [
        "Japan's investment in the U.S.",
        "japan's investment in the u.s.",
        "Japan's investment in the u.s.",
        "JAPAN'S INVESTMENT IN THE U.S.",
        "Japan's investment in the U.S",
        "japan's investment in the u.s",
        "Japan's investment in the u.s",
        "JAPAN'S INVESTMENT IN THE U.S",
        "Japan’s investment in the U.S.",
        "japan’s investment in the u.s.",
        "Japan’s investment in the u.s.",
        "JAPAN’S INVESTMENT IN THE U.S.",
        "Japan’s investment in the U.S",
        "japan’s investment in the u.s",
        "Japan’s investment in the u.s",
        "JAPAN’S INVESTMENT IN THE U.S",
        "Japans investment in the US",
        "japans investment in the us",
        "Japans investment in the us",
        "JAPANS INVESTMENT IN THE US",
        "Japans investment in the US.",
        "japans investment in the us.",
        "Japans investment in the us.",
        "JAPANS INVESTMENT IN THE US.",
        "Japan’s investment",
        "japan’s investment",
        "JAPAN’S INVESTMENT",
        "Japan’s investment.",
        "japan’s investment.",
        "JAPAN’S INVESTMENT.",
        "Japan's investment",
        "japan's investment",
        "JAPAN'S INVESTMENT",
        "Japan's investment.",
        "japan's investment.",
        "JAPAN'S INVESTMENT.",
        "Japans investment",
        "japans investment",
        "JAPANS INVESTMENT",
        "Japans investment.",
        "japans investment.",
        "JAPANS INVESTMENT.",
    ]
    assert by_title["For how many consecutive years has Japan been the largest investor in the U.S.?"][
        "key"
    ] == ["5", "5.", " 5", "5 ", " 5 "]
    header = by_title["Match each figure with what it measures."]
    assert (header["type"], header["helpText"]) == (
        "SectionHeaderItem",
        "Choose the match for each item below. Some choices match nothing.",
    )
    assert [by_title[left]["points"] for left in ("$68.5 billion", "$71.6 billion", "$1 trillion")] == [
        1,
        1,
        1,
    ]
    typed_note = (
        "Google documents only that a typed answer is right when it matches one of the keyed answers, not "
        "whether capitals or spaces count: quizkit keys each accepted answer as written, with straight quotes, "
        "with a curly apostrophe and without its punctuation, each with and without a full stop, in lower "
        "case, in capitals and with a capital first letter; other punctuation, other capitals, a "
        "doubled space inside, spaces before or after, or a number in words may be marked wrong where "
        "quizkit play accepts them"
    )
    assert notes == [
        "forms: bank: the articles are not in the form: give students the source packet (--format html or "
        "pdf); feedback cites its article letters and line numbers",
        f"forms: question 'ellipsis-and-apostrophe': {typed_note}",
        "forms: bank: short-answer and numeric questions get their key only when the Google Forms API "
        "service is added to the script before it runs (see the script's first lines); otherwise you mark "
        "them by hand",
        "forms: question 'numbers-in-words': Google documents only that a typed answer is right when it "
        "matches one of the keyed answers, not whether capitals or spaces count: quizkit keys the number in "
        "digits, also with thousands commas (1,000), with a full stop and with one space before, after or "
        "both; more spaces before or after, a number in words or other writing (1e3, $1000) may be marked "
        "wrong where quizkit play accepts them",
        "forms: question 'en-dash': Google Forms points are whole numbers: one point per item, worth 3 in "
        "all, not 1",
        "forms: question 'essay-no-key': the rubric is for teachers and a form shows its text to students: "
        "left out",
    ]


def test_ranges_points_and_thousands(tmp_path: Path) -> None:
    bank = write_bank(
        tmp_path / "numbers",
        [
            {"id": "year", "type": "numeric", "prompt": "Which year?", "answer": 2027, "tolerance": 1},
            {"id": "rate", "type": "numeric", "prompt": "What rate?", "answer": 2.5, "tolerance": 0.5},
            {"id": "half", "type": "true_false", "prompt": "Half a point.", "answer": False, "points": 2.5},
        ],
    )
    script, notes = export(bank, tmp_path / "out")
    items = built(script, "--forms-api")["form"]["items"]
    assert items[0]["key"] == [
        variant
        for year in ("2026", "2,026", "2027", "2,027", "2028", "2,028")
        for variant in (year, f"{year}.", f" {year}", f"{year} ", f" {year} ")
    ]
    assert items[0]["key"][5:10] == ["2,026", "2,026.", " 2,026", "2,026 ", " 2,026 "]
    assert items[1]["key"] == ["2.5", "2.5.", " 2.5", "2.5 ", " 2.5 "]
    assert items[2]["points"] == 3
    assert (
        "forms: question 'year': Google Forms cannot accept a range: the whole numbers in it are keyed, not decimals"
        in notes
    )
    assert (
        "forms: question 'rate': Google Forms cannot accept a range: only 2.5 is keyed (not within 0.5)"
        in notes
    )
    assert "forms: question 'half': Google Forms points are whole numbers: worth 3, not 2.5" in notes


def test_hostile_text_reaches_the_form_unchanged(tmp_path: Path) -> None:
    hostile = NASTY + " </script> `${x}` \u2028\u2029 \\u0041 */ // <!--"
    questions = [
        *TRICKY_QUESTIONS,
        {"id": "hostile", "type": "multiple_choice", "prompt": hostile,
         "choices": [{"text": hostile, "correct": True}, {"text": "'); FormApp.create('x"}]},
    ]  # fmt: skip
    bank = write_bank(tmp_path / "tricky", questions)
    script, _ = export(bank, tmp_path / "out", shuffle=False)
    source = script.read_text("utf-8")
    assert source.isascii() and "</script>" not in source
    parses(script, tmp_path)
    items = built(script, "--forms-api")["form"]["items"]
    last = items[-1]
    assert last["title"] == clean_text(hostile)
    assert [c["value"] for c in last["choices"]] == [clean_text(hostile), "'); FormApp.create('x"]


def test_js_literal_is_ascii_json() -> None:
    text = js_literal({"a": "</script>\u2028é"})
    assert text.isascii() and "</" not in text
    assert json.loads(text) == {"a": "</script>\u2028é"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("item.createChoice(choice.value, choice.correct)", "choice.value"), "not a Choice"),
        (("addChoices(form.addMultipleChoiceItem(), question, question.choices);",
          "const other = form.addCheckboxItem(); form.addMultipleChoiceItem()"
          ".setChoices(question.choices.map((c) => other.createChoice(c.value, c.correct)));"),
         "a choice created by another item"),
        (("setFeedbackForCorrect(feedback(text))", "setFeedbackForRight(feedback(text))"),
         "has no method or property 'setFeedbackForRight'"),
        (("item.setPoints(question.points)", "item.setPoints(question.points + 0.5)"), "setPoints: argument 1 is not a Integer"),
        (("form.setIsQuiz(true);", ""), "the form is not a quiz"),
        (("setText(text).build()", "build()"), "no text was set"),
        (('updateMask: "questionItem.question.grading"', 'updateMask: "grading"'), "unexpected updateMask grading"),
    ],
)  # fmt: skip
def test_the_stand_in_refuses_what_the_reference_does_not_allow(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    script, _ = export(TYPED, tmp_path, shuffle=False)
    source = script.read_text("utf-8")
    assert change[0] in source
    broken = tmp_path / "broken.gs"
    broken.write_text(source.replace(change[0], change[1]), "utf-8")
    done = run(broken, "--forms-api")
    assert done.returncode == 1
    assert message in done.stderr


def test_same_seed_same_bytes_and_one_script_per_version(tmp_path: Path) -> None:
    first, _ = export(SHIPPED, tmp_path / "one", seed=9)
    second, _ = export(SHIPPED, tmp_path / "two", seed=9)
    assert first.read_bytes() == second.read_bytes()
    report = export_bank(TYPED, ["forms"], tmp_path / "versions", Selection(), versions=2)
    assert [path.name for path in report.paths] == ["valid-typed-A-forms.gs", "valid-typed-B-forms.gs"]
    assert built(report.paths[1])["form"]["title"] == "Typed the way teachers type (form B)"


def test_the_hostile_bank_builds_in_the_stand_in(tmp_path: Path) -> None:
    from tests.test_hostile_text import HOSTILE, write_hostile_bank

    bank = write_hostile_bank(tmp_path / "hostile")
    script, _ = export(bank, tmp_path / "out", shuffle=False)
    parses(script, tmp_path)
    result = built(script, "--forms-api")
    assert result["form"]["title"] == clean_text(HOSTILE)
    assert result["form"]["description"] == HOSTILE.strip()
    titles = [item["title"] for item in result["form"]["items"]]
    loaded = load_bank(bank).bank
    for question in loaded.questions:
        assert clean_text(question.prompt) in titles


def test_a_range_too_wide_to_list_keys_the_answer_alone(tmp_path: Path) -> None:
    """The whole numbers of a range are counted before they are listed: 1e308 within 1e308 stopped
    the export with "internal error: OverflowError", and 2027 within ten million listed twenty
    million numbers to keep 21 at most."""
    bank = write_bank(
        tmp_path / "wide",
        [
            {"id": "huge", "type": "numeric", "prompt": "How much?", "answer": 1e308, "tolerance": 1e308},
            {"id": "wide", "type": "numeric", "prompt": "Which year?", "answer": 2027, "tolerance": 10**7},
        ],
    )
    script, notes = export(bank, tmp_path / "out")
    items = built(script, "--forms-api")["form"]["items"]
    huge = f"{int(1e308)}"  # the float as written in full, the way number_text shows it
    assert [item["key"][:2] for item in items] == [[huge, f"{huge}."], ["2027", "2027."]]
    assert [note for note in notes if "range" in note] == [
        f"forms: question 'huge': Google Forms cannot accept a range: only {huge} is keyed (not within {huge})",
        "forms: question 'wide': Google Forms cannot accept a range: only 2027 is keyed (not within 10000000)",
    ]
