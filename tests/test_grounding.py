"""Keyed numbers against the cited evidence: good items pass, wrong keys are errors, the rest warn."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from quizkit.checking import check_bank
from quizkit.cli import main
from quizkit.diagnostics import Diagnostic


def _question(kind: str, prompt: str, key: Any, **extra: Any) -> dict[str, Any]:
    question: dict[str, Any] = {"id": "q", "type": kind, "prompt": prompt, "explanation": "Why."}
    if kind == "numeric":
        question["answer"] = key
    elif kind == "short_answer":
        question["answers"] = key
    elif kind == "true_false":
        question["answer"] = key
    elif kind == "multiple_choice":
        question["choices"] = [{"text": key, "correct": True}, {"text": "It was not reported"}]
    elif kind == "matching":
        question["pairs"] = key
    question.update(extra)
    return question


def check_one(folder: Path, question: dict[str, Any], quote: str) -> list[Diagnostic]:
    """Check a bank of one question citing `quote`, which is the whole of its source."""
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources" / "report.txt").write_text(quote + "\n", encoding="utf-8")
    question = {**question, "evidence": [{"source": "report", "quote": quote}]}
    bank = {"title": "Grounding", "questions": [question]}
    (folder / "bank.yaml").write_text(json.dumps(bank, indent=2), encoding="utf-8")
    return check_bank(folder).diagnostics


GROUNDING = {"number-contradicted", "ungrounded-number"}
MC = "multiple_choice"
SA = "short_answer"
NUM = "numeric"
TF = "true_false"

# (question, quote, codes expected): realistic items a teacher would write, all keyed rightly.
GOOD: list[tuple[dict[str, Any], str, set[str]]] = [
    (
        _question(NUM, "By how many percent did consumer prices rise in March?", 2.6),
        "Consumer prices rose 2.6% in March from a year earlier.",
        set(),
    ),
    (
        _question(SA, "For the how-many-th time did the two leaders meet?", ["fourth", "4th"]),
        "The two leaders met for the fourth time on Friday.",
        set(),
    ),
    (
        _question(SA, "Which meeting of the two leaders was this?", ["the 4th", "fourth"]),
        "The two leaders met for the 4th time on Friday.",
        set(),
    ),
    (
        _question(NUM, "How many billions of dollars will Japan invest in new factories?", 300),
        "Japan will invest $300 billion in new factories, the minister said.",
        set(),
    ),
    (
        _question(NUM, "How much will Japan invest in new factories?", 300, unit="billion dollars"),
        "Japan will invest $300 billion in new factories, the minister said.",
        set(),
    ),
    (
        _question(NUM, "How many million metric tons of CO2 does the company expect to release?", 16),
        "The company expects to release 16 million metric tons of CO2 in 2020.",
        set(),
    ),
    (
        _question(
            NUM, "How many years earlier than Amazon does Microsoft plan to reach its goal?", 10, unit="years"
        ),
        "Microsoft plans to become net zero carbon a decade earlier than Amazon.",
        set(),
    ),
    (
        _question(NUM, "For how many months did the ban last?", 240),
        "The ban lasted two decades before judges struck it down.",
        set(),
    ),
    (
        _question(SA, "On what date did the company publish its plan?", ["16 January 2020", "2020-01-16"]),
        "The company published its plan on January 16, 2020.",
        set(),
    ),
    (
        _question(
            MC, "Why can the figures not be compared directly?", "The two figures are for different years"
        ),
        "The firm expects to release 16 million tons in 2020; it emitted 44 million tons in 2018.",
        set(),
    ),
    (
        _question(NUM, "What share of voters backed the plan?", 1, unit="%"),
        "Only one percent of voters backed the plan.",
        set(),
    ),
    (
        _question(MC, "Which of the outlets reported the vote?", "All three"),
        "The Herald, the Ledger and the Post all reported the vote.",
        set(),
    ),
    (
        _question(MC, "For how long was the island a mining site?", "About fifty years"),
        "For a half century in the late 19th and early 20th centuries, the island was the site of a mine.",
        set(),
    ),
    (
        _question(MC, "Which of these means the same as the article's words?", "Ten times as many birds"),
        "Within a year, land-bird populations had increased tenfold.",
        set(),
    ),
    (
        _question(
            SA, "How much money does a parent need today, in her example?", ["a dollar", "$1", "one dollar"]
        ),
        "But if you need a dollar today to feed your children, you cannot wait.",
        set(),
    ),
    (
        _question(MC, "What did the airline promise?", "To reach net zero by 2050"),
        "The airline promised to be carbon neutral by 2050.",
        set(),
    ),
    (
        _question(NUM, "How many more billion dollars did the fund raise in May?", 2),
        "The fund raised $2 billion more in May than in April.",
        set(),
    ),
    (
        _question(NUM, "In billions of dollars, how large was the trade deficit with Japan?", 68.5),
        "The deficit with Japan was $68.5 billion last year.",
        set(),
    ),
    (
        _question(NUM, "What was the unemployment rate in May?", 3.5, unit="%"),
        "Unemployment rose to 3.5 percent in May.",
        set(),
    ),
    (
        _question(NUM, "By how many percentage points did the bank raise its rate?", 0.25),
        "The central bank raised its rate by 0.25 percentage points on Wednesday.",
        set(),
    ),
    (
        _question(NUM, "How many days will the talks last?", 4),
        "The talks will last between 3 and 5 days, diplomats said.",
        set(),
    ),
    (
        _question(MC, "How long will the talks last?", "Between three and five days"),
        "The talks will last between 3 and 5 days, diplomats said.",
        set(),
    ),
    (
        _question(MC, "What share of voters backed the plan?", "About half"),
        "Half of the voters backed the plan, the poll found.",
        set(),
    ),
    (
        _question(NUM, "What percentage of voters backed the plan?", 50),
        "Half of the voters backed the plan, the poll found.",
        set(),
    ),
    (
        _question(SA, "What share of the budget goes to defence?", ["a third", "one third", "33%"]),
        "A third of the budget goes to defence.",
        set(),
    ),
    (
        _question(NUM, "By how many percent did exports fall in January?", 0.5),
        "Exports fell 0.5% in January.",
        set(),
    ),
    (
        _question(SA, "By how many percent did exports fall in January?", ["0.5", "-0.5", "0.5%", "-0.5%"]),
        "Exports fell 0.5% in January.",
        set(),
    ),
    (
        _question(NUM, "What was the change in exports in January, in percent?", -0.5),
        "Exports fell 0.5% in January.",
        set(),
    ),
    (
        _question(NUM, "In which year is the plant due to open?", 2027),
        "The plant is due to open in 2027, the company said.",
        set(),
    ),
    (
        _question(MC, "When is the plant due to open?", "In 2027"),
        "The plant is due to open in 2027, the company said.",
        set(),
    ),
    (
        _question(NUM, "How many new jobs will the plant create?", 4000),
        "The plant will create 4,000 new jobs in Ohio.",
        set(),
    ),
    (
        _question(NUM, "How many jobs will the plant create?", 4000),
        "The plant will create about 4,000 jobs, the governor said.",
        set(),
    ),
    (
        _question(MC, "How many people were arrested?", "More than 100"),
        "Police said 120 people were arrested after the march.",
        set(),
    ),
    (
        _question(TF, "Japan pledged to raise its investment to $1 trillion.", True),
        "Japan pledged to raise its investment to $1 trillion.",
        set(),
    ),
    (
        _question(MC, "How much did Japan pledge?", "one trillion dollars"),
        "Japan has pledged $1 trillion over four years, officials said.",
        set(),
    ),
    (
        _question(
            SA, "Of which century did the president call it the biggest deal?", ["twenty-first", "21st"]
        ),
        "It is the biggest deal of the twenty-first century, the president said.",
        set(),
    ),
    (
        _question(NUM, "How many times have the two leaders met?", 4),
        "The two leaders met for the fourth time on Friday.",
        set(),
    ),
    (
        _question(
            "matching",
            "Match each item with its figure.",
            [
                {"left": "Japan's pledge", "right": "$1 trillion"},
                {"left": "Tariff on steel", "right": "25%"},
                {"left": "Jobs promised", "right": "100,000"},
            ],
        ),
        "Japan pledged $1 trillion, steel faces a 25% tariff and 100,000 jobs are promised.",
        set(),
    ),
    (
        _question(NUM, "How many countries signed the pact?", 12),
        "A dozen countries signed the pact in Rome.",
        set(),
    ),
    (
        _question(NUM, "In which year was the agreement signed?", 2019),
        "The agreement was signed on September 25, 2019, in New York.",
        set(),
    ),
    (
        _question(NUM, "To one decimal place, by what percent did wages rise?", 2.4, tolerance=0.05),
        "Wages rose 2.38% last year, the ministry said.",
        set(),
    ),
    (
        _question(SA, "Which group's leaders met in Italy?", ["Group of Seven", "G7"]),
        "Leaders of the Group of Seven met in Italy.",
        set(),
    ),
    (
        _question(MC, "How many ships were seen near the islands?", "Five"),
        "Five ships and 12 planes were seen near the islands.",
        set(),
    ),
    (
        _question(NUM, "How many planes were seen near the islands?", 12),
        "Five ships and 12 planes were seen near the islands.",
        set(),
    ),
    (
        _question(MC, "What happened to the yen?", "It fell to its lowest level since 1990"),
        "The yen fell to its lowest level since 1990 on Monday.",
        set(),
    ),
    # Worked out, rounded or read at another scale: not stated, so a warning, never an error.
    (
        _question(NUM, "By how many percentage points did unemployment rise?", 0.5),
        "Unemployment rose from 3.5% to 4% in a year.",
        {"ungrounded-number"},
    ),
    (
        _question(NUM, "By how many billions of dollars did the deficit grow?", 3.1),
        "The deficit grew to $71.6 billion from $68.5 billion.",
        {"ungrounded-number"},
    ),
    (
        _question(NUM, "How many times larger was the 2024 deficit than the 2023 one?", 2),
        "The deficit doubled to $80 billion in 2024 from $40 billion in 2023.",
        {"ungrounded-number"},
    ),
    (
        _question(NUM, "To one decimal place, by what percent did wages rise?", 2.4),
        "Wages rose 2.38% last year, the ministry said.",
        {"ungrounded-number"},
    ),
    (
        _question(NUM, "How much did Japan pledge, in dollars?", 300),
        "Japan will invest $300 billion in new factories, the minister said.",
        {"ungrounded-number"},
    ),
    (
        _question(NUM, "How many countries signed the pact?", 12),
        "The pact was signed in Rome on Friday by every member.",
        {"ungrounded-number"},
    ),
    (
        _question(MC, "How many outlets report the pledge?", "Two of them"),
        "Japan pledged $1 trillion, and 3 officials confirmed it.",
        {"ungrounded-number"},
    ),
    (
        _question(NUM, "How many countries have now signed the pact, including Japan?", 13),
        "Japan signed the pact, and 12 other countries signed alongside it.",
        {"ungrounded-number"},
    ),
    (
        _question(NUM, "In which year will the plan end, if it runs for three years from 2025?", 2028),
        "The plan starts in 2025 and runs for three years.",
        {"ungrounded-number"},
    ),
    (
        _question(MC, "How much did the district spend on building repairs last year?", "$4.2 million"),
        "The district spent 4.2m on building repairs last year, its annual report shows.",
        set(),
    ),
    (
        _question(SA, "How many people signed the petition?", ["50k", "fifty thousand"]),
        "The petition gathered 50,000 signatures in a week.",
        set(),
    ),
    (
        _question(NUM, "How many thousands of homes lost power on Sunday night?", 13),
        "The storm knocked out power to about 12,000 homes on Sunday night.",
        {"ungrounded-number"},
    ),
    (
        _question(NUM, "How many people attended the hearing?", 150),
        "More than 100 people attended the hearing on Monday.",
        {"ungrounded-number"},
    ),
    (
        _question(NUM, "By how many percentage points did the share fall?", 0.5),
        "The share fell half a percentage point in March.",
        set(),
    ),
    (
        _question(MC, "How much will each household pay a year?", "$120"),
        "Each household will pay $10 a month.",
        {"ungrounded-number"},
    ),
]

# (question, quote, message of the error): a key the evidence contradicts.
BAD: list[tuple[dict[str, Any], str, str]] = [
    (
        _question(NUM, "By how many percentage points did the share fall?", 5),
        "The share fell half a percentage point in March.",
        "the key says 5, but the cited evidence says half a percentage point",
    ),
    (
        _question(NUM, "How many thousands of homes lost power on Sunday night?", 21),
        "The storm knocked out power to about 12,000 homes on Sunday night.",
        "the key says 21, but the cited evidence says 12,000",
    ),
    (
        _question(NUM, "How many people attended the hearing?", 40),
        "More than 100 people attended the hearing on Monday.",
        "the key says 40, but the cited evidence says 100",
    ),
    (
        _question(NUM, "By how many percent did consumer prices rise in March?", 2.4),
        "Consumer prices rose 2.6% in March from a year earlier.",
        "the key says 2.4, but the cited evidence says 2.6%",
    ),
    (
        _question(NUM, "By how many percent did exports fall in January?", 5),
        "Exports fell 0.5% in January.",
        "the key says 5, but the cited evidence says 0.5%",
    ),
    (
        _question(NUM, "What did exports do in January?", 5),
        "Exports fell 0.5% in January.",
        "the key says 5, but the cited evidence says 0.5%",
    ),
    (
        _question(NUM, "In which year is the plant due to open?", 2028),
        "The plant is due to open in 2027, the company said.",
        "the key says 2028, but the cited evidence says 2027",
    ),
    (
        _question(MC, "When is the plant due to open?", "In 2028"),
        "The plant is due to open in 2027, the company said.",
        "the key says 2028, but the cited evidence says 2027",
    ),
    (
        _question(MC, "How much did Japan pledge?", "$2 trillion"),
        "Japan has pledged $1 trillion, officials said.",
        "the key says $2 trillion, but the cited evidence says $1 trillion",
    ),
    (
        _question(TF, "Japan pledged to raise its investment to $2 trillion.", True),
        "Japan pledged to raise its investment to $1 trillion.",
        "the key says $2 trillion, but the cited evidence says $1 trillion",
    ),
    (
        _question(SA, "For the how-many-th time did the two leaders meet?", ["fifth", "5th"]),
        "The two leaders met for the fourth time on Friday.",
        "the key says fifth, but the cited evidence says fourth",
    ),
    (
        _question(NUM, "How many times have the two leaders met?", 5),
        "The two leaders met for the fourth time on Friday.",
        "the key says 5, but the cited evidence says fourth",
    ),
    (
        _question(NUM, "How many new jobs will the plant create?", 5000),
        "The plant will create 4,000 new jobs in Ohio.",
        "the key says 5000, but the cited evidence says 4,000",
    ),
    (
        _question(NUM, "How many ships were seen near the islands?", 6),
        "Five ships and 12 planes were seen near the islands.",
        "the key says 6, but the cited evidence says Five",
    ),
    (
        _question(NUM, "How many billions of dollars will Japan invest in new factories?", 400),
        "Japan will invest $300 billion in new factories, the minister said.",
        "the key says 400, but the cited evidence says $300 billion",
    ),
    (
        _question(NUM, "What was the unemployment rate in May?", 3.2, unit="%"),
        "Unemployment rose to 3.5 percent in May.",
        "the key says 3.2%, but the cited evidence says 3.5 percent",
    ),
    (
        _question(
            "matching",
            "Match each item with its figure.",
            [
                {"left": "Japan's pledge", "right": "$1 trillion"},
                {"left": "Tariff on steel", "right": "30%"},
                {"left": "Jobs promised", "right": "100,000"},
            ],
        ),
        "Japan pledged $1 trillion, steel faces a 25% tariff and 100,000 jobs are promised.",
        "the key says 30%, but the cited evidence says 25%",
    ),
    (
        _question(NUM, "By how many percentage points did the bank raise its rate?", 0.5),
        "The central bank raised its rate by 0.25 percentage points on Wednesday.",
        "the key says 0.5, but the cited evidence says 0.25 percentage points",
    ),
    (
        _question(NUM, "What percentage of voters backed the plan?", 62),
        "Only 58% of voters backed the plan, the poll found.",
        "the key says 62, but the cited evidence says 58%",
    ),
    (
        _question(SA, "By how much did exports fall in January?", ["4 percent"]),
        "Exports fell 0.4% in January.",
        "the key says 4 percent, but the cited evidence says 0.4%",
    ),
    (
        _question(NUM, "By how many percent did the economy grow in the first quarter?", 1.5),
        "The economy grew 1.2% in the first quarter and 0.9% in the second.",
        "the key says 1.5, but the cited evidence says 1.2% and 0.9%",
    ),
    (
        _question(NUM, "How many people were arrested after the march?", 150),
        "Police said 120 people were arrested after the march.",
        "the key says 150, but the cited evidence says 120",
    ),
    (
        _question(MC, "What happened to exports in January?", "They fell 5%"),
        "Exports fell 0.5% in January.",
        "the key says 5%, but the cited evidence says 0.5%",
    ),
    (
        _question(NUM, "In which year did the talks begin?", 2018),
        "Talks began in 2019 and ended in 2021.",
        "the key says 2018, but the cited evidence says 2019 and 2021",
    ),
    (
        _question(SA, "What share of the budget goes to defence?", ["45%"]),
        "Defence takes 33% of the budget.",
        "the key says 45%, but the cited evidence says 33%",
    ),
]


def grounding(found: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in found if d.code in GROUNDING]


def _label(question: dict[str, Any], quote: str) -> str:
    return f"{question['prompt'][:40]} / {quote[:30]}"


@pytest.mark.parametrize(("question", "quote", "codes"), GOOD, ids=[_label(q, t) for q, t, _ in GOOD])
def test_a_good_key_is_never_an_error(
    tmp_path: Path, question: dict[str, Any], quote: str, codes: set[str]
) -> None:
    found = check_one(tmp_path, question, quote)
    assert {d.code for d in found if d.code in GROUNDING} == codes, [d.message for d in found]
    assert not any(d.is_error for d in found)


@pytest.mark.parametrize(("question", "quote", "message"), BAD, ids=[_label(q, t) for q, t, _ in BAD])
def test_a_contradicted_key_is_an_error(
    tmp_path: Path, question: dict[str, Any], quote: str, message: str
) -> None:
    found = check_one(tmp_path, question, quote)
    errors = [(d.severity, d.code, d.message) for d in found if d.is_error]
    assert errors[:1] == [("error", "number-contradicted", message)]


def test_the_error_points_at_the_key_and_lists_the_quotes_numbers(tmp_path: Path) -> None:
    question = _question(NUM, "By how many percent did consumer prices rise in March?", 2.4)
    [found] = grounding(
        check_one(tmp_path, question, "Consumer prices rose 2.6% in March, after 2.2% in February.")
    )
    assert (found.line, found.column) == (9, 17)  # the `answer:` value
    assert found.message == "the key says 2.4, but the cited evidence says 2.6% and 2.2%"
    assert found.hint == "numbers in the cited quotes: 2.6%, 2.2%"


def test_a_number_at_another_scale_is_named_in_the_hint(tmp_path: Path) -> None:
    question = _question(NUM, "How much did Japan pledge, in dollars?", 300)
    [found] = grounding(check_one(tmp_path, question, "Japan will invest $300 billion in new factories."))
    assert (found.severity, found.code) == ("warning", "ungrounded-number")
    assert found.message == "the keyed answer says '300', but no cited quote has that number"
    assert found.hint == (
        "numbers in the cited quotes: $300 billion\n"
        "the cited evidence says $300 billion: name the scale in the prompt "
        "('How many billions of dollars ...?') or in `unit:`"
    )


def test_a_negative_key_against_a_rise_is_only_a_warning(tmp_path: Path) -> None:
    question = _question(NUM, "What was the change in exports in January, in percent?", -0.5)
    [found] = grounding(check_one(tmp_path, question, "Exports rose 0.5% in January."))
    assert (found.severity, found.code) == ("warning", "ungrounded-number")


def test_a_wrong_numeric_key_fails_check_and_export_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = tmp_path / "bank"
    check_one(
        bank, _question(NUM, "By how many percent did exports fall?", 5), "Exports fell 0.5% in January."
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    runner = CliRunner()
    checked = runner.invoke(main, ["check", "bank"])
    assert checked.exit_code == 1
    assert (
        "bank/bank.yaml:9:17: error[number-contradicted]: the key says 5, but the cited evidence says 0.5%"
        in checked.output
    )
    for fmt in ("html", "qti12"):
        exported = runner.invoke(main, ["export", "bank", "--format", fmt, "-o", "out"])
        assert exported.exit_code == 1, exported.output
        assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        (".inf", ".inf"),
        ("-.inf", "-.inf"),
        (".nan", ".nan"),
        ("1" + "0" * 400, "a number with more than 300 digits"),
        ("-" + "9" * 320, "a number with more than 300 digits"),
    ],
)
def test_infinity_and_nan_are_not_numbers(tmp_path: Path, written: str, shown: str) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "report.txt").write_text("Exports fell 0.5% in January.\n", encoding="utf-8")
    (tmp_path / "bank.yaml").write_text(
        "title: T\nquestions:\n  - id: q\n    type: numeric\n    prompt: By how much?\n"
        f"    answer: {written}\n    explanation: x\n    evidence:\n"
        "      - source: report\n        quote: Exports fell 0.5% in January.\n",
        encoding="utf-8",
    )
    found = [(d.line, d.code, d.message) for d in check_bank(tmp_path).diagnostics]
    assert found == [
        (6, "invalid-value", f"'answer' must be an ordinary number such as 5 or 2.5; got {shown}")
    ]


def test_a_dotless_i_in_a_scale_is_read_as_the_word(tmp_path: Path) -> None:
    """'bıllion' (typed with a Turkish keyboard's dotless i) is 'billion' to the case-blind pattern:
    read as it, where `check` stopped with an internal error."""
    quote = "The city spent 5 bıllion lira on the new bridge."
    question = _question(NUM, "How much did the city spend on the bridge, in billions of lira?", 5)
    assert grounding(check_one(tmp_path, question, quote)) == []
    question = _question(NUM, "How much did the city spend on the bridge, in billions of lira?", 7)
    [found] = grounding(check_one(tmp_path, question, quote))
    assert (found.code, found.message, found.hint) == (
        "ungrounded-number",
        "the keyed answer says '7', but no cited quote has that number",
        "numbers in the cited quotes: 5 bıllion\nif the key is worked out from the quoted figures, add "
        "`lint_ignore: [ungrounded-number]` to the question",
    )


def test_a_key_too_large_once_scaled_is_judged(tmp_path: Path) -> None:
    """1e308 billions is past any float: still contradicted by '$5 billion', where a 'roughly'
    question stopped `check` with "internal error: OverflowError: cannot convert float infinity"."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "report.txt").write_text(
        "The city spent $5 billion on the new bridge.\n", encoding="utf-8"
    )
    (tmp_path / "bank.yaml").write_text(
        "title: T\nquestions:\n  - id: q\n    type: numeric\n"
        "    prompt: Roughly how many billions of dollars did the city spend on the bridge?\n"
        "    answer: 1.0e+308\n    explanation: x\n    evidence:\n"
        "      - source: report\n        quote: The city spent $5 billion on the new bridge.\n",
        encoding="utf-8",
    )
    found = [(d.line, d.code, d.message) for d in check_bank(tmp_path).diagnostics]
    assert found == [
        (6, "number-contradicted", "the key says 1e+308, but the cited evidence says $5 billion")
    ]


WORKED_OUT = "The fund will invest $1 billion over the next four years."


def test_a_key_worked_out_from_the_quote_can_be_acknowledged(tmp_path: Path) -> None:
    """0.25 a year from '$1 billion over four years' is no figure the quote states: a warning, which
    `--strict` makes an error, until the teacher says the key is worked out, for the question or the bank."""
    prompt = "On average, how many billions of dollars a year will the fund invest?"
    [found] = grounding(check_one(tmp_path / "a", _question(NUM, prompt, 0.25), WORKED_OUT))
    assert found.code == "ungrounded-number"
    acknowledged = _question(NUM, prompt, 0.25, lint_ignore=["ungrounded-number"])
    assert check_one(tmp_path / "b", acknowledged, WORKED_OUT) == []
    assert CliRunner().invoke(main, ["check", "--strict", str(tmp_path / "b")]).exit_code == 0
    bank = tmp_path / "c"
    check_one(bank, _question(NUM, prompt, 0.25), WORKED_OUT)
    data = json.loads((bank / "bank.yaml").read_text(encoding="utf-8"))
    (bank / "bank.yaml").write_text(json.dumps({**data, "lint": {"ignore": ["ungrounded-number"]}}))
    assert check_bank(bank).diagnostics == []


def test_an_error_cannot_be_switched_off(tmp_path: Path) -> None:
    """A contradicted key stays an error whatever the question switches off."""
    question = _question(NUM, "How many billions of dollars will the fund invest?", 2,
                         lint_ignore=["ungrounded-number", "number-contradicted"])  # fmt: skip
    found = check_one(tmp_path, question, WORKED_OUT)
    assert sorted((d.code, d.severity) for d in found) == [
        ("number-contradicted", "error"),
        ("unknown-lint-code", "warning"),
    ]


def test_a_decade_grounds_a_time_in_years_but_never_contradicts_one(tmp_path: Path) -> None:
    quote = "Microsoft plans to become net zero carbon a decade earlier than Amazon."
    question = _question(NUM, "How many years earlier than Amazon does Microsoft plan it?", 12, unit="years")
    [found] = grounding(check_one(tmp_path, question, quote))
    assert (found.code, found.message) == (
        "ungrounded-number",
        "the keyed answer says '12 years', but no cited quote has that number",
    )
    assert found.hint is not None and found.hint.startswith("numbers in the cited quotes: a decade\n")


def test_a_time_in_years_contradicts_a_key_in_months(tmp_path: Path) -> None:
    """'four years' is exactly 48 months; '21 days' is 3 weeks but a key of 2 weeks is only unfound."""
    quote = "The fund will invest $1 billion over the next four years."
    question = _question(NUM, "Over how many months will the fund invest the money?", 40, unit="months")
    [found] = grounding(check_one(tmp_path / "a", question, quote))
    assert (found.code, found.message) == (
        "number-contradicted",
        "the key says 40 months, but the cited evidence says four years",
    )
    question = _question(NUM, "Over how many months will the fund invest the money?", 48, unit="months")
    assert grounding(check_one(tmp_path / "b", question, quote)) == []
    weeks = _question(NUM, "How many weeks did the strike last?", 2, unit="weeks")
    [found] = grounding(check_one(tmp_path / "c", weeks, "The strike lasted 21 days."))
    assert found.code == "ungrounded-number"


def test_a_count_in_words_is_still_judged_when_it_states_one(tmp_path: Path) -> None:
    """'the two figures' points at figures already named; 'Two people were hurt' states a count."""
    question = _question(MC, "What happened in the crash?", "Two people were hurt")
    [found] = grounding(check_one(tmp_path, question, "Three people were hurt in the crash."))
    assert (found.code, found.message) == (
        "number-contradicted",
        "the key says Two, but the cited evidence says Three",
    )


def test_a_hyphenated_time_is_a_time(tmp_path: Path) -> None:
    """'a five-year project' lasts five years: 60 months grounds, 50 months is contradicted."""
    quote = "The foundation is launching a new five-year project on the colonial past."
    good = _question(NUM, "For how many months will the project run?", 60, unit="months")
    assert grounding(check_one(tmp_path / "a", good, quote)) == []
    bad = _question(NUM, "For how many months will the project run?", 50, unit="months")
    [found] = grounding(check_one(tmp_path / "b", bad, quote))
    assert (found.code, found.message) == (
        "number-contradicted",
        "the key says 50 months, but the cited evidence says five-year",
    )


def test_a_figure_in_two_units_keeps_its_hedge(tmp_path: Path) -> None:
    """'over 51,200 KB/50 MB': a key of 60 MB is inside 'over 50 MB', not against it."""
    quote = "Files are left alone if the file size is over 51,200 KB/50 MB."
    question = _question(MC, "Which file would the ransomware leave unencrypted?", "A 60 MB archive")
    assert [d.code for d in grounding(check_one(tmp_path, question, quote))] == ["ungrounded-number"]
