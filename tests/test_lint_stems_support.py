"""Lints on grammar, two-claim statements and keys the evidence does not back: exact messages, and silence."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.checking import check_bank
from tests.lintkit import found, lint, write_example
from tests.test_lint_options import mc


def tf(prompt: str, answer: bool = False) -> str:
    return f"- id: q\n  type: true_false\n  prompt: '{prompt}'\n  answer: {str(answer).lower()}\n"


def test_double_barrelled_message(tmp_path: Path) -> None:
    questions = tf("The council voted for the lanes, and the mayor said work would start in May.")
    assert found(lint(tmp_path, questions)) == [
        (
            5,
            "double-barrelled",
            "the statement joins two claims with 'and': it is false if either one is; make each "
            "claim its own question",
        )
    ]


@pytest.mark.parametrize(
    "prompt",
    [
        "The article quotes Mayor Ana Lee and names the street.",
        "Shop owners feared losing parking; and two asked for a delay.",
        "The council voted 7-2 and the mayor spoke.",
        "Enrollment fell by three points and the district spent more.",
        "The board voted 6-1 and spent the money on roofs.",
        "Three children have measles and all three attend Linden Park.",
        "Two shop owners spoke and both oppose the lanes.",
        "The under-14s beat Northgate 3-1 and won the regional cup.",
        "Amazon runs a bigger cloud business than Microsoft and emits more carbon.",
        "Jo Grady leads the union and Chi Onwurah is a Labour MP.",
        "The firm aims to cut emissions by 2030 and Amazon wants to reach net zero by 2040.",
        "The council set out its plan on Thursday and the mayor was an early backer.",
        "The union says open-ended contracts grew and short contracts shrank.",
        "Officials said Japan pledged $550 billion and Trump welcomed the deal.",
    ],
)
def test_double_barrelled_found(prompt: str, tmp_path: Path) -> None:
    assert [d.code for d in lint(tmp_path, tf(prompt))] == ["double-barrelled"]


@pytest.mark.parametrize(
    "prompt",
    [
        "The council voted for bus lanes and parking spaces on Main Street.",
        "Both the mayor and the shop owners are quoted.",
        "The article reports trade and investment figures.",
        'The mayor said the lanes were "safe and fast".',
        "Work will cost between $3 million and $4 million.",
        "The article quotes the mayor and two shop owners.",
        "The article cites figures and quotes from officials.",
        "Parents said the cut fell hardest on art and music classes.",
        "Spending rose on roads and bridges.",
        "The council voted for bus lanes and all three parking plans.",
        "The mayor met shop owners and two bus drivers.",
        "The council voted 7-2 on lanes and support for the buses.",
        "The mayor said shops and cafes were struggling.",
        "The council plans to build bus lanes and bike paths.",
        "Costs and delays rose after the vote.",
        "The union leads strikes and protests across the country.",
        "Wages for nurses and teachers were frozen.",
        "The council voted for bus lanes and three parking plans.",
        "The report found rents and prices were rising.",
        "Article B reports that Microsoft and Amazon have both come under fire from tech workers.",
        "The council said Lee and Ortiz will speak on Tuesday.",
    ],
)
def test_double_barrelled_silent(prompt: str, tmp_path: Path) -> None:
    assert [d.code for d in lint(tmp_path, tf(prompt, answer=True)) if d.code == "double-barrelled"] == []


def test_grammatical_cue_article_message(tmp_path: Path) -> None:
    questions = mc(
        "The article's second line is an", "account of a vote", "quotation", "opinion", "list of names"
    )
    assert found(lint(tmp_path, questions)) == [
        (
            5,
            "grammatical-cue",
            "'an' before the options fits only choices A and C; students can rule out the others by "
            "grammar alone",
        )
    ]


@pytest.mark.parametrize(
    ("prompt", "texts", "message"),
    [
        (
            "In the article, the mayor is described as an",
            ("MP who backs the lanes", "union leader", "spokesperson for shop owners"),
            "'an' before the options fits only choice A; students can rule out the others by grammar alone",
        ),
        (
            "The report comes from a",
            ("UN agency", "NHS trust", "BBC team"),
            "'a' before the options fits only choices A and C; students can rule out the others by "
            "grammar alone",
        ),
    ],
)
def test_grammatical_cue_reads_abbreviations_letter_by_letter(
    prompt: str, texts: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    diagnostics = lint(tmp_path, mc(prompt, *texts))
    assert [d.message for d in diagnostics if d.code == "grammatical-cue"] == [message]


def test_grammatical_cue_verb_and_count(tmp_path: Path) -> None:
    verb = mc("The people the article quotes are", "shop owners", "a bus driver", "council members")
    assert [m for _, _, m in found(lint(tmp_path / "a", verb))] == [
        "'are' before the options fits only choices A and C; students can rule out the others by grammar alone"
    ]
    count = mc("Which two people does the article quote?", "Ana Lee", "Dana Ortiz", "A driver", keys=(0,),
               kind="multiple_answer")  # fmt: skip
    assert [m for _, _, m in found(lint(tmp_path / "b", count))] == [
        "the prompt asks for two but 1 choices are keyed"
    ]


@pytest.mark.parametrize(
    ("prompt", "texts"),
    [
        ("The second line is a", ("report of a vote", "quotation", "list")),  # 'quotation' fits 'a'
        ("The source of the figure is an", ("FBI report", "EU agency", "hourly count")),  # unclear sounds
        ("The article is a", ("university report", "news report", "one-sided column")),
        ("The mayor is described as an", ("MP", "economist", "NHS manager")),
        ("The report comes from a", ("UN agency", "charity", "NASA team", "SIM card maker")),
        ("What is the second line?", ("An account", "A quotation", "A list")),
        ("The mayor's words are", ("reported", "quoted", "invented")),
        ("On what did he spend the money, according to Article A?", ("Gambling", "A new car", "Club kit")),
        ("Which outlet wrote Article A", ("An outlet", "A radio station", "The Herald")),
    ],
)
def test_grammatical_cue_silent(prompt: str, texts: tuple[str, ...], tmp_path: Path) -> None:
    diagnostics = lint(tmp_path, mc(prompt, *texts))
    assert [d.message for d in diagnostics if d.code == "grammatical-cue"] == []


SUPPORT = """
- id: q
  type: multiple_choice
  prompt: What did shop owners tell the council?
  choices:
    - text: {first}
      correct: true
    - text: {second}
    - text: They backed the bus lanes.
  evidence:
    - source: council
      quote: Shop owners said they feared losing parking spaces, and two asked for a delay.
  explanation: The owners feared losing parking.
"""


def test_distractor_matches_evidence_message(tmp_path: Path) -> None:
    questions = SUPPORT.format(
        first="They hoped for more customers on Main Street.",
        second="They feared losing parking spaces, and two asked for a delay.",
    )
    assert found(lint(tmp_path, questions)) == [
        (
            7,
            "distractor-matches-evidence",
            "choice B matches the evidence more closely than the keyed choice A (7 of its words against 0); "
            "is the key on the right choice?",
        )
    ]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("They feared losing parking.", "They feared losing parking spaces, and two asked for a delay."),
        ("Two of them asked for a delay.", "They feared losing parking spaces and asked for a vote."),
        ("A delay, for fear of lost parking.", "They said they feared losing trade and asked for a delay."),
    ],
)
def test_distractor_matches_evidence_silent(first: str, second: str, tmp_path: Path) -> None:
    diagnostics = lint(tmp_path, SUPPORT.format(first=first, second=second))
    assert [d.message for d in diagnostics if d.code == "distractor-matches-evidence"] == []


def test_true_false_keyed_false_but_copied(tmp_path: Path) -> None:
    questions = (
        "- id: q\n  type: true_false\n  prompt: Shop owners said they feared losing parking spaces.\n"
        "  answer: false\n  evidence:\n    - source: council\n"
        "      quote: Shop owners said they feared losing parking spaces\n  explanation: It says so.\n"
    )
    assert found(lint(tmp_path / "a", questions)) == [
        (
            6,
            "distractor-matches-evidence",
            "the statement is keyed false but repeats the cited quote word for word; is the key the "
            "right way round?",
        )
    ]
    negated = questions.replace("prompt: Shop owners said they", "prompt: Shop owners said they never")
    assert lint(tmp_path / "b", questions.replace("answer: false", "answer: true")) == []
    assert [d.code for d in lint(tmp_path / "c", negated)] == []
    # a quote with a negation of its own, copied with it, is still a copy
    write_example(
        tmp_path / "d",
        negated.replace(
            "      quote: Shop owners said they feared", "      quote: Shop owners said they never feared"
        ),
    )
    source = tmp_path / "d" / "sources" / "council.txt"
    source.write_text(
        source.read_text(encoding="utf-8") + "Shop owners said they never feared losing parking spaces.\n"
    )
    assert [d.code for d in check_bank(tmp_path / "d").diagnostics] == ["distractor-matches-evidence"]
