"""Keyed numbers written the many ways news stories write them: right keys pass, wrong ones are caught."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_grounding import GROUNDING, MC, NUM, SA, TF, _label, _question, check_one

# (question, quote, diagnostics expected as (code, message)): each right key passes, each wrong
# one is named.
CASES: list[tuple[dict[str, Any], str, list[tuple[str, str]]]] = [
    (
        _question(
            SA, "About what share of schools reported low rates?", ["one in five", "1 in 5", "a fifth"]
        ),
        "About one in five schools reported rates under 85%.",
        [],
    ),
    (
        _question(SA, "About what share of schools reported low rates?", ["20%", "20 percent", "one fifth"]),
        "About one in five schools reported rates under 85%.",
        [],
    ),
    (
        _question(NUM, "What percentage of adults say they trust the news?", 30),
        "Only three in ten adults say they trust the news.",
        [],
    ),
    (
        _question(SA, "About what share of schools reported low rates?", ["a quarter"]),
        "About one in five schools reported rates under 85%.",
        [("ungrounded-number", "the keyed answer says 'a quarter', but no cited quote has that number")],
    ),
    (
        _question(NUM, "How many of every 10 adults say they trust the news?", 3),
        "Only three in ten adults say they trust the news.",
        [],
    ),
    (
        _question(NUM, "How many of every 10 adults say they trust the news?", 4),
        "Only three in ten adults say they trust the news.",
        [("ungrounded-number", "the keyed answer says '4', but no cited quote has that number")],
    ),
    (
        _question(SA, "What share of families could not get an appointment?", ["a third", "1/3"]),
        "A third say they simply could not get an appointment.",
        [],
    ),
    (
        _question(SA, "What share of families could not get an appointment?", ["1/4"]),
        "A third say they simply could not get an appointment.",
        [("ungrounded-number", "the keyed answer says '1/4', but no cited quote has that number")],
    ),
    (
        _question(MC, "What does the service promise?", "Help 24/7"),
        "The line offers help 24/7, the charity said.",
        [],
    ),
    (
        _question(SA, "How long was he jailed for?", ["2 years and 6 months", "2.5 years", "30 months"]),
        "He was sentenced on Wednesday to two years and six months in prison.",
        [],
    ),
    (
        _question(NUM, "For how many months was he jailed?", 30),
        "He was sentenced on Wednesday to two years and six months in prison.",
        [],
    ),
    (
        _question(NUM, "For how many months was he jailed?", 20),
        "He was sentenced on Wednesday to two years and six months in prison.",
        [("number-contradicted", "the key says 20, but the cited evidence says two years and six months")],
    ),
    (
        _question(SA, "How long was he jailed for?", ["7 years"]),
        "He was sentenced on Wednesday to two years and six months in prison.",
        [
            (
                "number-contradicted",
                "the key says 7, but the cited evidence says two years and six months",
            )
        ],
    ),
    (
        _question(NUM, "What share of kindergartners were vaccinated in 2025-26?", 91, unit="percent"),
        "Statewide, 90.1% of kindergartners were vaccinated in the 2025-26 school year.",
        [("number-contradicted", "the key says 91 percent, but the cited evidence says 90.1%")],
    ),
    (
        _question(MC, "By what score did the team win the final?", "2-1"),
        "The team beat Northgate 3-1 in the final.",
        [("ungrounded-number", "the keyed answer says '2', but no cited quote has that number")],
    ),
    (
        _question(MC, "By what score did the team win the final?", "3-1"),
        "The team beat Northgate 3-1 in the final.",
        [],
    ),
    (
        _question(NUM, "What share of kindergartners have a belief exemption now?", 5.5, unit="percent"),
        "Exemptions for personal beliefs rose from 4.8% to 6.2% of kindergartners.",
        [("number-contradicted", "the key says 5.5 percent, but the cited evidence says 4.8% and 6.2%")],
    ),
    (
        _question(NUM, "What percentage of rural schools had no nurse?", 9, unit="percent"),
        "Between 8% and 10% of rural schools had no school nurse on staff.",
        [],
    ),
    (
        _question(NUM, "In which year did the thefts end?", 2023),
        "The thefts took place over seven years, from 2016 to 2023, the court heard.",
        [],
    ),
    (
        _question(NUM, "In which year did the thefts end?", 2022),
        "The thefts took place over seven years, from 2016 to 2023, the court heard.",
        [("ungrounded-number", "the keyed answer says '2022', but no cited quote has that number")],
    ),
    (
        _question(NUM, "In which year did the thefts end?", 2024),
        "The thefts took place over seven years, from 2016 to 2023, the court heard.",
        [("number-contradicted", "the key says 2024, but the cited evidence says 2016 and 2023")],
    ),
    (
        _question(NUM, "By how many points did the rate fall?", 3.4, unit="percentage points"),
        "The rate fell 3.1 percentage points to 88.4%.",
        [
            (
                "number-contradicted",
                "the key says 3.4 percentage points, but the cited evidence says 3.1 percentage points "
                "and 88.4%",
            )
        ],
    ),
    (
        _question(NUM, "What share of the loans went unpaid, in percent?", 4),
        "Unpaid loans rose by 2% to 7% of the total.",
        [("number-contradicted", "the key says 4, but the cited evidence says 2% and 7%")],
    ),
    (
        _question(NUM, "What was the rate after the fall, in percent?", 88.4),
        "The rate fell 3.1 percentage points to 88.4%.",
        [],
    ),
    (
        _question(NUM, "By how many percent might prices rise?", 4),
        "Prices could rise 3 to 5 percent next year, the bank said.",
        [],
    ),
    (
        _question(TF, "The under-14s won their first title since 1986.", True),
        "The under-14 team won the regional cup, their first title since 1996.",
        [("number-contradicted", "the key says 1986, but the cited evidence says 1996")],
    ),
    (
        _question(TF, "It was the club's first title since 1996.", True),
        "The under-14 team won the regional cup, their first title since 1996.",
        [],
    ),
    (
        _question(NUM, "How many dollars must he repay?", 9000),
        "He must repay ninety thousand dollars within six months.",
        [("number-contradicted", "the key says 9000, but the cited evidence says ninety thousand dollars")],
    ),
    (
        _question(SA, "How much must he repay?", ["$90,000", "ninety thousand dollars", "$90k"]),
        "He must repay ninety thousand dollars within six months.",
        [],
    ),
    (
        _question(NUM, "What share of the players are girls, in percent?", 25),
        "A share of 0.25 of the players are girls.",
        [("ungrounded-number", "the keyed answer says '25', but no cited quote has that number")],
    ),
    (
        _question(NUM, "How many goals did she score?", 2),
        "Striker Leah Grant, 13, scored twice.",
        [],
    ),
    (
        _question(NUM, "How many goals did she score?", 3),
        "Striker Leah Grant, 13, scored twice.",
        [("ungrounded-number", "the keyed answer says '3', but no cited quote has that number")],
    ),
    (
        _question(MC, "How did sales change?", "They doubled: twice as many were sold"),
        "Sales doubled in March.",
        [],
    ),
    (
        _question(NUM, "About how much did the plan cost, in millions of dollars?", 4, tolerance=0.5),
        "The plan cost $4.2 million.",
        [],
    ),
    (
        _question(NUM, "About how much did the plan cost, in millions of dollars?", 5, tolerance=0.5),
        "The plan cost $4.2 million.",
        [("number-contradicted", "the key says 5, but the cited evidence says $4.2 million")],
    ),
    (
        _question(SA, "How long must the students stay home?", ["21 days", "three weeks", "3 weeks"]),
        "The school has asked 40 students to stay home for 21 days.",
        [],
    ),
    (
        _question(SA, "How long must the students stay home?", ["4 weeks"]),
        "The school has asked 40 students to stay home for 21 days.",
        [("ungrounded-number", "the keyed answer says '4', but no cited quote has that number")],
    ),
    (
        _question(NUM, "By how much did the deficit change, in billions of dollars?", -2.5),
        "The deficit narrowed by $2.5 billion.",
        [],
    ),
    (
        _question(NUM, "By how much did the deficit change, in billions of dollars?", -2.5),
        "The deficit widened by $2.5 billion.",
        [("ungrounded-number", "the keyed answer says '-2.5', but no cited quote has that number")],
    ),
    (
        _question(NUM, "How many days might the repairs take?", 4),
        "The repairs will take 3-5 days, the utility said.",
        [],
    ),
]


@pytest.mark.parametrize(("question", "quote", "expected"), CASES, ids=[_label(q, t) for q, t, _ in CASES])
def test_a_key_is_judged_as_a_reader_would(
    tmp_path: Path, question: dict[str, Any], quote: str, expected: list[tuple[str, str]]
) -> None:
    found = check_one(tmp_path, question, quote)
    assert [(d.code, d.message) for d in found if d.code in GROUNDING] == expected
