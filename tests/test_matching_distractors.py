"""Matching distractors: extra right-hand items that match nothing, in every output that can carry them."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import lxml.etree as etree
import lxml.html
import pytest

from quizkit.checking import require_valid_bank
from quizkit.classroom.play import given_lines
from quizkit.classroom.results import ResultsStore
from quizkit.exporting import export_bank
from quizkit.handouts import item_view
from quizkit.model import Bank, Matching
from quizkit.scoring import Outcome, how_to_answer, parse_answer, score_answer
from quizkit.selection import FormItem, Selection, build_form, build_forms
from tests.conftest import BANKS

DISTRACTOR = "Tokyo's foreign ministry"
NOW = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return require_valid_bank(BANKS / "small")[0]


def matching(bank: Bank, selection: Selection) -> FormItem:
    return next(i for i in build_form(bank, selection).items if isinstance(i.question, Matching))


def test_the_right_column_holds_the_distractors_and_never_lines_up(bank: Bank) -> None:
    for seed in range(40):
        for form in build_forms(bank, Selection(seed=seed), versions=2):
            item = next(i for i in form.items if isinstance(i.question, Matching))
            assert sorted(item.rights) == sorted([p.right for p in item.question.pairs] + [DISTRACTOR])
            assert item.right_order[:3] != (0, 1, 2)  # no answer beside its own item all the way down
    placed = {matching(bank, Selection(seed=seed)).rights.index(DISTRACTOR) for seed in range(40)}
    assert placed == {0, 1, 2, 3}  # the distractor is not always last


def test_unshuffled_right_column_is_alphabetical_with_the_distractor(bank: Bank) -> None:
    item = matching(bank, Selection(shuffle=False))
    assert item.rights == ("An unnamed official", "President Trump", "The joint statement", DISTRACTOR)
    assert item.correct_letters == ("B", "C", "A")


def test_a_distractor_leaves_every_other_question_of_the_form_as_it_was(bank: Bank) -> None:
    question = next(q for q in bank.questions if isinstance(q, Matching))
    plain = bank.model_copy(
        update={
            "questions": tuple(
                q.model_copy(update={"distractors": []}) if q is question else q for q in bank.questions
            )
        }
    )
    for seed in (1, 2, 3):
        with_extra = build_forms(bank, Selection(seed=seed), versions=3)
        without = build_forms(plain, Selection(seed=seed), versions=3)
        for a, b in zip(with_extra, without, strict=True):
            assert [(i.question.id, i.choice_order) for i in a.items] == [
                (i.question.id, i.choice_order) for i in b.items
            ]


def test_play_letters_cover_the_distractor_and_score_per_pair(bank: Bank) -> None:
    item = matching(bank, Selection(shuffle=False))  # A unnamed, B Trump, C joint statement, D distractor
    assert how_to_answer(item) == "Type 3 letters on one line, one for each item 1 to 3 in turn (e.g. C B A)."
    answer = parse_answer(item, "B D A")
    assert answer.indices == (0, 3, 2)
    mark = score_answer(item.question, answer)
    assert (mark.earned, mark.right_choices, mark.wrong_choices) == (pytest.approx(2 / 3), 2, 1)
    assert given_lines(item, answer)[1] == (
        "2.",
        f'"strongly welcomed such investments" (about Trump) -> D. {DISTRACTOR}',
    )
    with pytest.raises(ValueError, match="There is no choice 'E'"):
        parse_answer(item, "B E A")


def test_results_record_the_distractor_among_the_choices(bank: Bank, tmp_path: Path) -> None:
    form = build_form(bank, Selection(shuffle=False))
    store = ResultsStore(tmp_path / "r.sqlite3")
    attempt = store.start_attempt(form, "Ana", NOW)
    item = next(i for i in form.items if isinstance(i.question, Matching))
    answer = parse_answer(item, "D C A")
    attempt.record(Outcome(item, answer, score_answer(item.question, answer), 3.0, NOW))
    choices, key = store.connection.execute(
        "SELECT choices, key FROM questions WHERE question_id = 'who-said-it'"
    ).fetchone()
    assert json.loads(choices) == [
        "President Trump",
        "The joint statement",
        "An unnamed official",
        DISTRACTOR,
    ]
    assert json.loads(key) == [0, 1, 2]
    parsed = store.connection.execute("SELECT parsed FROM responses").fetchone()[0]
    assert json.loads(parsed) == {"pairs": [3, 1, 2]}


def test_the_key_names_the_distractor_and_the_student_copy_does_not_say_which(bank: Bank) -> None:
    form = build_form(bank, Selection(shuffle=False))
    item = next(i for i in form.items if isinstance(i.question, Matching))
    key = item_view(form, item, {})
    assert key.unmatched == (("D", DISTRACTOR),)
    student = item_view(form, item)
    assert student.unmatched == ()
    assert [(p.number, p.right_letter, p.right) for p in student.pairs][-1] == (0, "D", DISTRACTOR)
    assert (
        student.hint
        == "Write the letter of the matching item in each blank. Some lettered items match nothing."
    )


def test_handout_key_prints_what_matches_nothing(tmp_path: Path) -> None:
    report = export_bank(BANKS / "small", ["html"], tmp_path, Selection(shuffle=False))
    key = next(p for p in report.paths if p.name == "small-key.html")
    tree = lxml.html.fromstring(key.read_text("utf-8"))
    (line,) = tree.find_class("unmatched")
    assert line.text_content() == f"Distractors (match nothing): D.\u2002{DISTRACTOR}"


def _zip_texts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(
    ("fmt", "tag", "attr"),
    [
        ("qti21", "simpleAssociableChoice", "identifier"),
        ("qti30", "qti-simple-associable-choice", "identifier"),
    ],
)
def test_qti2_and_3_put_the_distractor_in_the_target_set(
    fmt: str, tag: str, attr: str, tmp_path: Path
) -> None:
    report = export_bank(BANKS / "small", [fmt], tmp_path, Selection(seed=1))
    for name, data in _zip_texts(report.paths[0]).items():
        if b"directedPair" not in data and b"directed-pair" not in data:
            continue
        root = etree.fromstring(data)
        sets = [
            s
            for s in root.iter()
            if isinstance(s.tag, str) and s.tag.endswith(("simpleMatchSet", "qti-simple-match-set"))
        ]
        targets = [(c.get(attr), c.text) for c in sets[1] if c.tag.endswith(tag)]
        assert len(targets) == 4 and ("r4", DISTRACTOR) in targets, name
        keyed = [
            v.text for v in root.iter() if isinstance(v.tag, str) and v.tag.endswith(("}value", "qti-value"))
        ]
        assert keyed[:3] == ["l1 r1", "l2 r2", "l3 r3"]  # the distractor is in no pair of the key


def test_canvas_lists_the_distractor_under_every_left_item(tmp_path: Path) -> None:
    report = export_bank(BANKS / "small", ["qti12"], tmp_path, Selection(seed=1))
    [assessment] = [
        data
        for name, data in _zip_texts(report.paths[0]).items()
        if name.endswith(".xml") and "/" in name and "meta" not in name
    ]
    text = assessment.decode("utf-8")
    assert len(re.findall(r'<response_label ident="r4">', text)) == 3
    assert text.count("<mattext>Tokyo&#39;s foreign ministry</mattext>") == 3
