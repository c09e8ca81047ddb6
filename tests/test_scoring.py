"""Answer syntax and scoring rules, against hand-computed points."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.checking import require_valid_bank
from quizkit.model import AnyQuestion, Matching, MultipleAnswer, MultipleChoice
from quizkit.scoring import (
    UnreadableAnswer,
    fold_text,
    format_points,
    how_to_answer,
    parse_answer,
    parse_number,
    percent,
    score_answer,
    score_line,
)
from quizkit.selection import Form, FormItem, Selection, build_form


@pytest.fixture(scope="module")
def form() -> Form:
    bank, _ = require_valid_bank(Path(__file__).parent / "banks" / "small")
    return build_form(bank, Selection(seed=1, shuffle=False))


def item(form: Form, question_id: str) -> FormItem:
    return next(i for i in form.items if i.question.id == question_id)


def with_points(question: AnyQuestion, points: float) -> AnyQuestion:
    return question.model_copy(update={"points": points})


def points_for(form_item: FormItem, typed: str, points: float | None = None) -> float | None:
    question = form_item.question if points is None else with_points(form_item.question, points)
    return score_answer(question, parse_answer(form_item, typed)).earned


# --- multiple choice ---------------------------------------------------------------------------


def test_multiple_choice_takes_one_letter_either_case(form: Form) -> None:
    mc = item(form, "pledge-verb")  # unshuffled: A is the key
    assert points_for(mc, "A") == 1
    assert points_for(mc, " a ") == 1
    assert points_for(mc, "b") == 0
    assert points_for(mc, "(a)") == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "No answer yet. Type one letter, A to C."),
        ("d", "There is no choice 'd'. Type one letter, A to C."),
        ("a b", "Only one choice is right. Type one letter, A to C."),
        ("pledged", "There is no choice 'pledged'. Type one letter, A to C."),
    ],
)
def test_multiple_choice_unreadable_answers_say_what_to_type(form: Form, typed: str, message: str) -> None:
    with pytest.raises(UnreadableAnswer) as caught:
        parse_answer(item(form, "pledge-verb"), typed)
    assert str(caught.value) == message


def test_letters_map_back_to_the_bank_choice_on_a_shuffled_form(form: Form) -> None:
    bank = form.bank
    shuffled = build_form(bank, Selection(seed=7))
    mc = next(i for i in shuffled.items if i.question.id == "pledge-verb")
    assert isinstance(mc.question, MultipleChoice)
    key_letter = mc.correct_letters[0]
    answer = parse_answer(mc, key_letter)
    assert answer.indices == (0,)  # the key is the bank's first choice, whatever its letter here
    assert score_answer(mc.question, answer).earned == 1


# --- multiple answer (Canvas partial credit) ---------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # topics-discussed: 2 points, keyed A and B (2 keys), C is wrong. Each key = 2/2 = 1 point.
        ("A, B", 2.0),  # 1 + 1
        ("a b", 2.0),
        ("ab", 2.0),  # compact letters
        ("A", 1.0),  # 1
        ("A,B,C", 1.0),  # 1 + 1 - 1
        ("A C", 0.0),  # 1 - 1
        ("C", 0.0),  # -1, floored at 0
        ("b,,a", 2.0),  # repeated separators
    ],
)
def test_multiple_answer_partial_credit_is_canvas_rule(form: Form, typed: str, expected: float) -> None:
    assert points_for(item(form, "topics-discussed"), typed) == expected


def test_multiple_answer_partial_credit_with_three_keys() -> None:
    # 3 points, keys A B C, distractors D E: each key earns 3/3 = 1, each distractor costs 1.
    question = MultipleAnswer.model_validate(
        {
            "id": "q",
            "type": "multiple_answer",
            "prompt": "p",
            "points": 3,
            "evidence": [{"source": "s", "quote": "a b c"}],
            "choices": [
                {"text": "a", "correct": True},
                {"text": "b", "correct": True},
                {"text": "c", "correct": True},
                {"text": "d"},
                {"text": "e"},
            ],
        }
    )
    form_item = FormItem(1, question, choice_order=(0, 1, 2, 3, 4))
    assert points_for(form_item, "A B D") == 1.0  # 1 + 1 - 1
    assert points_for(form_item, "A D E") == 0.0  # 1 - 1 - 1 = -1 -> 0
    assert points_for(form_item, "A B C D") == 2.0  # 3 - 1
    # 2 points over 3 keys: each key 2/3; A and B = 4/3, shown as 1.33
    assert points_for(form_item, "A B", points=2) == pytest.approx(4 / 3)
    assert format_points(4 / 3) == "1.33"


def test_multiple_answer_rejects_letters_beyond_the_choices(form: Form) -> None:
    with pytest.raises(UnreadableAnswer, match="There is no choice 'D'"):
        parse_answer(item(form, "topics-discussed"), "A, D")


# --- true / false ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("t", 1), ("T", 1), ("true", 1), ("True.", 1), ("yes", 1), ("Y", 1), ("f", 0), ("FALSE", 0), ("no", 0)],
)
def test_true_false_words(form: Form, typed: str, expected: int) -> None:
    assert points_for(item(form, "preview-tense"), typed) == expected  # keyed true


@pytest.mark.parametrize("typed", ["x", "1", "tf", "maybe"])
def test_true_false_unreadable(form: Form, typed: str) -> None:
    with pytest.raises(UnreadableAnswer, match=r"Type t for true or f for false \(yes and no work too\)\."):
        parse_answer(item(form, "preview-tense"), typed)


# --- numeric -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("100000", 100000),
        ("100,000", 100000),
        ("100 000", 100000),
        ("1e5", 100000),
        ("1E5", 100000),
        ("$5", 5),
        ("US$ 5", 5),
        ("5%", 5),
        ("5 percent", 5),
        ("-2.5", -2.5),
        (".5", 0.5),
        ("2.5 million", 2_500_000),
        ("five", 5),
        ("1,234,567.5", 1234567.5),
    ],
)
def test_numbers_are_read_sensibly(typed: str, value: float) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize("typed", ["1,5", "5 7", "about 5", "nan", "inf", "1e999", "12,34,567", "x"])
def test_not_numbers(typed: str) -> None:
    assert parse_number(typed) is None


def test_numeric_unit_may_be_typed() -> None:
    assert parse_number("100,000 jobs", unit="jobs") == 100000


def test_numeric_tolerance_is_inclusive(form: Form) -> None:
    numeric = item(form, "softbank-jobs")  # answer 100000, tolerance 0
    assert points_for(numeric, "100,000") == 1
    assert points_for(numeric, "100001") == 0
    loose = FormItem(1, numeric.question.model_copy(update={"answer": 2.5, "tolerance": 0.1}))
    # |2.6 - 2.5| = 0.1 <= 0.1 (despite 2.6 - 2.5 = 0.10000000000000009 in floating point)
    assert points_for(loose, "2.6") == 1
    assert points_for(loose, "2.4") == 1
    assert points_for(loose, "2.61") == 0


def test_numeric_unreadable(form: Form) -> None:
    with pytest.raises(UnreadableAnswer, match="'lots' is not a number"):
        parse_answer(item(form, "softbank-jobs"), "lots")


# --- short answer ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("five", 1),
        ("Five", 1),
        ("  FIVE  ", 1),
        ("5", 1),
        ("five years", 1),
        ("Five   Years.", 1),
        ("“five” years", 1),  # curly quotes dropped like straight ones
        ("six", 0),
        ("fiveyears", 0),
    ],
)
def test_short_answer_ignores_case_spacing_punctuation_quotes(form: Form, typed: str, expected: int) -> None:
    assert points_for(item(form, "largest-investor"), typed) == expected


def test_fold_text() -> None:
    assert fold_text("  U.S.  President’s  “plan” ") == "us presidents plan"
    assert fold_text("five-year") == "five year"
    assert fold_text("...") == ""


@pytest.mark.parametrize(
    "typed",
    [
        "\u200fمصر",  # Arabic, after a right-to-left mark
        "\u061cمصر\u061c",  # the Arabic letter mark
        "\u2067مصر\u2069",  # a right-to-left isolate, as some keyboards wrap a word
        "\u202bמצרים\u202c",  # Hebrew in a right-to-left embedding
        "\u200eמצרים\u200f",
        "\u202eמצרים\u202c",  # an override
        "\u2066מצרים\u2069",
        "\u2068\u202dמצרים\u2069",
        "\u200e\u200e  مصر  ",
    ],
)
def test_direction_marks_do_not_make_a_right_to_left_answer_wrong(form: Form, typed: str) -> None:
    question = item(form, "largest-investor").question.model_copy(update={"answers": ["مصر", "מצרים"]})
    given = parse_answer(item(form, "largest-investor"), typed)
    assert score_answer(question, given).earned == question.points
    assert fold_text(typed) in ("مصر", "מצרים")


def test_a_different_right_to_left_answer_is_still_wrong(form: Form) -> None:
    question = item(form, "largest-investor").question.model_copy(update={"answers": ["مصر"]})
    given = parse_answer(item(form, "largest-investor"), "\u200fسوريا\u200f")
    assert score_answer(question, given).earned == 0


def test_short_answer_of_only_punctuation_is_unreadable(form: Form) -> None:
    with pytest.raises(UnreadableAnswer):
        parse_answer(item(form, "largest-investor"), "?!")


# --- matching ----------------------------------------------------------------------------------


def test_matching_one_point_per_pair(form: Form) -> None:
    matching = item(form, "who-said-it")
    assert isinstance(matching.question, Matching)
    key = matching.correct_letters
    assert points_for(matching, " ".join(key)) == 1
    assert points_for(matching, ",".join(key).lower()) == 1
    assert points_for(matching, "".join(key)) == 1
    # 3 points over 3 pairs: 1 per pair. Swap the first two: only the third pair is right.
    swapped = f"{key[1]} {key[0]} {key[2]}"
    assert points_for(matching, swapped, points=3) == 1
    # 2 points over 3 pairs: 2/3 per pair; two right = 4/3
    same_first = f"{key[0]} {key[1]} {key[1]}"
    assert points_for(matching, same_first, points=2) == pytest.approx(4 / 3)


@pytest.mark.parametrize("typed", ["A B", "A B C D", "A B Z"])
def test_matching_needs_one_letter_per_item(form: Form, typed: str) -> None:
    with pytest.raises(UnreadableAnswer, match="Type 3 letters on one line"):
        parse_answer(item(form, "who-said-it"), typed)


@pytest.mark.parametrize(
    ("typed", "said"), [("cc", "2 letters for 3 items."), ("abca", "4 letters for 3 items.")]
)
def test_matching_letters_typed_together_are_counted_not_taken_as_a_choice(
    form: Form, typed: str, said: str
) -> None:
    with pytest.raises(UnreadableAnswer) as raised:
        parse_answer(item(form, "who-said-it"), typed)
    assert str(raised.value).startswith(f"{said} Type 3 letters on one line")


def test_matching_example_is_never_the_key(form: Form) -> None:
    for seed in range(30):
        shuffled = build_form(form.bank, Selection(seed=seed))
        matching = next(i for i in shuffled.items if isinstance(i.question, Matching))
        example = how_to_answer(matching).split("(e.g. ")[1].rstrip(").")
        assert tuple(example.split()) != matching.correct_letters


# --- essay and formatting ----------------------------------------------------------------------


def test_essay_is_never_scored(form: Form) -> None:
    essay = item(form, "preview-vs-report")
    mark = score_answer(essay.question, parse_answer(essay, "A reports, B predicts."))
    assert (mark.earned, mark.possible, mark.status) == (None, 0, "unscored")


def test_format_points_and_score_line() -> None:
    assert format_points(7.0) == "7"
    assert format_points(7.5) == "7.5"
    assert format_points(10) == "10"
    assert format_points(0.0) == "0"
    assert format_points(2 / 3) == "0.67"
    assert score_line(7.5, 10) == "Score: 7.5/10 (75%)"
    assert score_line(2, 3) == "Score: 2/3 (67%)"  # 66.67 rounds to 67
    assert score_line(1, 8) == "Score: 1/8 (13%)"  # 12.5 rounds half up
    assert score_line(0, 0) == "Score: 0/0"
    assert percent(0, 5) == 0
