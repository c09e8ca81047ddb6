"""Lints on one question's options and wording: exact messages on bad items, silence on good ones."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizkit.checking import check_bank
from quizkit.lint.options import absolute_words, refers_to_others
from quizkit.lint.stems import unemphasised_negative
from tests.lintkit import found, lint, write_example

MC = """
- id: q
  type: {type}
  prompt: {prompt}
  choices:
{choices}
"""


def choices_yaml(*texts: str, keys: tuple[int, ...] = (0,)) -> str:
    lines = []
    for i, text in enumerate(texts):
        lines.append(f"    - text: '{text}'")
        if i in keys:
            lines.append("      correct: true")
    return "\n".join(lines)


def mc(prompt: str, *texts: str, keys: tuple[int, ...] = (0,), kind: str = "multiple_choice") -> str:
    return MC.format(type=kind, prompt=prompt, choices=choices_yaml(*texts, keys=keys))


def test_key_longest_message(tmp_path: Path) -> None:
    questions = mc(
        "What did the council decide?",
        "To build bus lanes on Main Street after a vote of seven to two",
        "To delay the lanes",
        "To cut parking",
    )
    assert found(lint(tmp_path, questions)) == [
        (
            7,
            "key-longest",
            "the key (A, 62 characters) is 3.4x the longest distractor (18); "
            "students learn to pick the longest option",
        )
    ]


def test_key_longest_multiple_answer_needs_every_key_longer(tmp_path: Path) -> None:
    long_keys = mc(
        "Which does the article report? Select all.",
        "The council voted seven to two on Tuesday",
        "Shop owners feared losing parking spaces",
        "A delay",
        "A strike",
        keys=(0, 1),
        kind="multiple_answer",
    )
    assert found(lint(tmp_path / "a", long_keys)) == [
        (
            7,
            "key-longest",
            "every key (A and B, 40 characters) is 5.0x the longest distractor (8); "
            "students learn to pick the longest option",
        )
    ]
    one_short_key = mc(
        "Which does the article report? Select all.",
        "The council voted seven to two on Tuesday",
        "A vote",
        "A delay",
        "A strike",
        keys=(0, 1),
        kind="multiple_answer",
    )
    assert lint(tmp_path / "b", one_short_key) == []


@pytest.mark.parametrize(
    "texts",
    [
        ("Yes", "No", "Maybe"),  # 1.5x but three characters
        ("To build bus lanes", "To delay the bus lanes", "To cut parking spaces"),
        ("7-2 on Tuesday", "5-4", "9-0"),  # 4.7x but only 11 characters more
    ],
)
def test_key_longest_silent_without_a_clear_margin(texts: tuple[str, ...], tmp_path: Path) -> None:
    diagnostics = lint(tmp_path, mc("How did the council vote on Tuesday?", *texts))
    assert [d for d in diagnostics if d.code == "key-longest"] == []


def test_all_of_the_above_message(tmp_path: Path) -> None:
    questions = mc("Who is quoted?", "Mayor Ana Lee", "Shop owners", "All of the above", keys=(2,))
    assert found(lint(tmp_path, questions)) == [
        (
            9,
            "all-of-the-above",
            "choice C ('All of the above') refers to other options; write each option so it stands "
            "alone (use multiple_answer for 'select all')",
        )
    ]


@pytest.mark.parametrize(
    "text",
    ["All of the above", "None of the above.", "Both A and B", "A and C", "Neither A nor B", "A, B and C",
     "Neither", "Both", "all of these", "A and B only", "Both of the people above", "Each of the above",
     "All three", "All of the options listed", "None of the people listed.", "Neither of these people",
     "Both answers above", "None of those", "Neither of the two", "All of the three"],
)  # fmt: skip
def test_refers_to_others(text: str) -> None:
    assert refers_to_others(text)


@pytest.mark.parametrize(
    "text",
    ["None", "Neither article names a source", "Both leaders", "Article A and Article B", "A and a half",
     "Plan B and the budget", "All five outlets", "None: the article gives no date",
     "All of the people listed in the register", "Each of these reports names a source",
     "All three leaders", "Both sides above the river", "None of these figures is in Article B"],
)  # fmt: skip
def test_does_not_refer_to_others(text: str) -> None:
    assert not refers_to_others(text)


def test_absolute_distractor_message(tmp_path: Path) -> None:
    questions = mc(
        "What did shop owners say?",
        "They feared losing parking",
        "They never shop on Main Street",
        "Only the mayor spoke",
    )
    assert found(lint(tmp_path, questions)) == [
        (
            9,
            "absolute-distractor",
            "absolute words only in distractors: 'never' (B), 'only' (C); a test-wise student rules those out",
        )
    ]


def test_absolute_words_silent_when_the_key_has_one_or_the_prompt_asks(tmp_path: Path) -> None:
    key_too = mc(
        "What did the mayor say?",
        "Only that journeys would be shorter",
        "Never a word about journeys",
        "That buses would run less often",
    )
    asks = mc(
        "Which claim does the article make about all the shops?", "They all feared", "All closed", "Shops"
    )
    assert lint(tmp_path / "a", key_too) == []
    assert [d.code for d in lint(tmp_path / "b", asks)] == []


def test_absolute_words_silent_in_a_sentence_quoted_from_the_article(tmp_path: Path) -> None:
    """Options that are the article's own sentences, to sort into fact and judgment: 'only' is the
    article's word. The same option reworded is flagged."""
    line = "After two months the owners had only managed to meet the mayor once."

    def check(folder: Path, distractor: str) -> list[str]:
        questions = mc("Which sentence from the article states a judgment?", "The lanes are a welcome change",
                       distractor, "Work is expected to start in June")  # fmt: skip
        bank = write_example(folder, questions)
        source = bank / "sources" / "council.txt"
        source.write_text(source.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
        return [d.code for d in check_bank(bank).diagnostics]

    assert "absolute-distractor" not in check(tmp_path / "a", line)
    assert "absolute-distractor" in check(tmp_path / "b", "The owners only met the mayor once")


def test_absolute_words() -> None:
    assert absolute_words("No one said it was always so; nobody") == ["always", "nobody", "no one"]
    assert absolute_words("A small number of shops") == []
    assert absolute_words("Nearly all of them; almost always; not always; two injuries in all") == []
    assert absolute_words("Not at all, after all") == []
    assert absolute_words("An all-time low after All-party talks") == []
    assert absolute_words("All of them, nearly every day") == ["all"]


def test_absolute_words_silent_on_a_hedged_distractor(tmp_path: Path) -> None:
    questions = mc(
        "What share of the outages does the utility place in Millbrook?",
        "Roughly two-thirds",
        "About a third",
        "Nearly all",
        "Two in all",
    )
    assert lint(tmp_path, questions) == []


def test_free_last_match_is_a_note(tmp_path: Path) -> None:
    questions = """
- id: q
  type: matching
  prompt: Match each speaker with what they said.
  pairs:
    - {left: Mayor Ana Lee, right: journeys would be shorter}
    - {left: shop owners, right: parking would be lost}
    - {left: the council, right: work would start in June}
"""
    diagnostics = lint(tmp_path, questions)
    assert [(d.severity, *f) for d, f in zip(diagnostics, found(diagnostics), strict=True)] == [
        (
            "note",
            7,
            "free-last-match",
            "3 left-hand items and 3 right-hand items: the last match comes free; "
            "add an extra right-hand item under `distractors:`",
        )
    ]


def test_negative_stem_message(tmp_path: Path) -> None:
    questions = mc("Which of these does the article not report?", "The opening date", "The vote", "The cost")
    assert found(lint(tmp_path, questions)) == [
        (
            5,
            "negative-stem",
            "the prompt asks a negative question ('not') without emphasis; write it in capitals, NOT, "
            "so no student misses it",
        )
    ]


@pytest.mark.parametrize(
    "prompt",
    [
        "Which of these does the article NOT report?",
        "Which of these does the article **not** report?",
        "Which of these does the article *not* report?",
        "Which of these does the article _not_ report?",
        "All of these are in the article EXCEPT which one?",
        "Which claims are reported by at least two articles?",
        "Which outlet not only reports the vote but also quotes the mayor?",
        "Why does the article not name the firm?",
        'The mayor said "not now". Which reading is right?',
        "Which article does **not quote** the mayor?",
        "All of the following are named in Article B EXCEPT",
        "Each of these groups is counted **except**",
        "Name the person who spoke first.",
        "Every group except students was counted. How many groups were there?",
    ],
)
def test_negative_stem_silent(prompt: str) -> None:
    assert unemphasised_negative(prompt) is None


@pytest.mark.parametrize(
    ("prompt", "word"),
    [
        ("Which of these is not in the article?", "not"),
        ("All of these are in the article except which one?", "except"),
        ("Which source is the least reliable?", "least"),
        ("What doesn't the mayor say?", "doesn't"),
        ("The report gives a figure for each of these groups of staff except", "except"),
        ("All of the following are named in Article B except:", "except"),
        ("Which person does Article B never name?", "never"),
        ("Which figure does the gallery say was never established?", "never"),
        ("What did the mayor say she would never do?", "never"),
        ("Name the person Article B does not mention.", "not"),
    ],
)
def test_negative_stem_found(prompt: str, word: str) -> None:
    assert unemphasised_negative(prompt) == word


def _two_article_bank(folder: Path, questions: str) -> Path:
    """A bank citing two articles, A (council) and B (shops), with `questions`."""
    write_example(folder, questions)
    (folder / "sources" / "shops.txt").write_text("Shop owners fear the bus lanes.\n", encoding="utf-8")
    return folder


ARTICLES = """
- id: which-articles
  type: multiple_choice
  prompt: Which articles mention the bus lanes?
  choices:
    - text: A only
    - text: A and B
      correct: true
    - text: B only
"""


def test_options_naming_articles_by_letter_are_not_options_about_options(tmp_path: Path) -> None:
    """'A and B' in a question about articles names two articles; 'A only' claims nothing absolute."""
    assert check_bank(_two_article_bank(tmp_path, ARTICLES)).diagnostics == []


def test_letters_that_are_not_articles_still_refer_to_options(tmp_path: Path) -> None:
    questions = ARTICLES.replace("B only", "C only").replace("A and B", "A and C")
    assert found(check_bank(_two_article_bank(tmp_path, questions)).diagnostics) == [
        (7, "absolute-distractor", "absolute words only in distractors: 'only' (A), 'only' (C); a test-wise "
         "student rules those out"),
        (
            8,
            "all-of-the-above",
            "choice B ('A and C') refers to other options; write each option so it stands alone (use "
            "multiple_answer for 'select all')",
        ),
    ]  # fmt: skip
