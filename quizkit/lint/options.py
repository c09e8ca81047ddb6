"""Rules about a question's options: lengths, 'all of the above', absolute words, free matches."""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Iterator

from quizkit.casehints import CaseHints
from quizkit.lint.registry import Finding, LintContext, question_rule
from quizkit.lint.words import plain, tokens
from quizkit.model import AnyQuestion, Matching, MultipleAnswer, MultipleChoice, letter

LONGEST_RATIO = 1.5
LONGEST_MARGIN = 12
"""Characters: 'Yes' against 'No' is 1.5x but no cue."""


def _letters(indices: list[int]) -> str:
    names = [letter(i) for i in indices]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@question_rule(
    "key-longest",
    types=(MultipleChoice, MultipleAnswer),
    rationale="Test-wise students pick the longest option: writers qualify the key and leave "
    "distractors short. Make the options about the same length.",
    fail="""
- id: lanes-vote
  type: multiple_choice
  prompt: What did the council decide on Tuesday?
  choices:
    - text: To build bus lanes on Main Street, by a vote of seven to two
      correct: true
    - text: To delay the bus lanes
    - text: To cut parking
""",
    passes="""
- id: lanes-vote
  type: multiple_choice
  prompt: What did the council decide on Tuesday?
  choices:
    - text: To build bus lanes on Main Street
      correct: true
    - text: To delay the bus lanes until June
    - text: To ask shop owners about parking
""",
)
def key_longest(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """The key is the longest option by a clear margin."""
    assert isinstance(question, MultipleChoice | MultipleAnswer)
    choices = question.choices
    shortest_key, longest_wrong = sys.maxsize, 0  # a valid question has a key and a distractor
    for choice in choices:
        length = len(plain(choice.text))
        if choice.correct:
            shortest_key = min(shortest_key, length)
        elif length > longest_wrong:
            longest_wrong = length
    if (
        longest_wrong > 0  # a distractor with no visible text ('\u200b') has no length to compare
        and shortest_key >= LONGEST_RATIO * longest_wrong
        and shortest_key - longest_wrong >= LONGEST_MARGIN
    ):
        keys = [i for i, c in enumerate(choices) if c.correct]
        which = "the key" if len(keys) == 1 else "every key"
        yield Finding(
            f"{which} ({_letters(keys)}, {shortest_key} characters) is {shortest_key / longest_wrong:.1f}x "
            f"the longest distractor ({longest_wrong}); students learn to pick the longest option",
            ("choices", keys[0], "text"),
        )


_EVERY = r"(?:all|none|both|neither|any|each)"
_OF_THE_ABOVE = re.compile(
    rf"\b{_EVERY} of (?:the )?(?:above|preceding|previous)\b"
    rf"|\b{_EVERY} of (?:these|them|those|(?:the|these|those) (?:options|choices|answers))\s*[.!]?$"
    rf"|\b{_EVERY} of (?:the|these|those) (?:\w+ )?(?:above|listed)\s*[.!]?$"  # 'None of the people listed'
    rf"|\b{_EVERY} of (?:these|those) \w+\s*[.!]?$"  # 'Neither of these people'
    rf"|\b{_EVERY} of the (?:two|three|four|five|six)\s*[.!]?$"  # 'Neither of the two'
)
_LETTER_COMBINATION = re.compile(
    r"^(?:(?:both|either|neither|only|options?|choices?|answers?) )*"
    r"[A-H](?:,? (?:and|or|nor|&) [A-H]|, [A-H])+(?: only| both| are correct| are right)?\.?$",
    re.IGNORECASE,
)
_BARE = re.compile(
    r"^(?:both|neither|all of them|none of them|both of them|neither of them"
    r"|(?:all|both|none|each) (?:\w+ )?above|all (?:two|three|four|five|six)(?: of them)?)\.?$"
)
"""A whole option about the others: 'Neither', 'Both answers above', 'All three'."""


def refers_to_others(text: str) -> bool:
    """'All of the above', 'None of these', 'Both A and B', 'A and C', 'Neither': an option about options."""
    normal = plain(text).strip()
    folded = normal.lower()
    if " of " in folded:
        if _OF_THE_ABOVE.search(folded):
            return True
    elif len(folded) > 40:
        return False  # no 'all of the above', too long to be 'Both A and B' or 'Neither'
    if folded.startswith(("both", "neither", "all", "none", "each")) and _BARE.match(folded):
        return True
    if not any(joint in folded for joint in _JOINTS):
        return False  # as _LETTER_COMBINATION would find, much sooner: no two letters joined
    # letters must be capitals as written ("A and B"), not words ("a and b" is no option text)
    return bool(_LETTER_COMBINATION.match(normal)) and not re.search(r"\b[a-h]\b", _strip_words(normal))


_JOINTS = (", ", " and ", " or ", " nor ", " & ")
"""What _LETTER_COMBINATION needs between two letters (in lower case)."""


def _strip_words(text: str) -> str:
    return re.sub(r"\b(?:both|either|neither|only|options?|choices?|answers?|and|or|nor|are|correct|right)\b",
                  "", text, flags=re.IGNORECASE)  # fmt: skip


@question_rule(
    "all-of-the-above",
    types=(MultipleChoice, MultipleAnswer),
    rationale="'All of the above', 'none of the above' and 'both A and B' reward partial knowledge "
    "(two true options give the answer) and break when choices are shuffled.",
    fail="""
- id: lanes-who
  type: multiple_choice
  prompt: Who is quoted about the bus lanes?
  choices:
    - text: Mayor Ana Lee
    - text: Shop owners
    - text: Both A and B
      correct: true
""",
    passes="""
- id: lanes-who
  type: multiple_answer
  prompt: Who is quoted about the bus lanes? Select all that apply.
  choices:
    - text: Mayor Ana Lee
      correct: true
    - text: Shop owners
      correct: true
    - text: The bus drivers' union
""",
)
def all_of_the_above(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """An option that refers to other options."""
    assert isinstance(question, MultipleChoice | MultipleAnswer)
    articles: set[int] | None = None  # worked out only for a question with such an option
    for index, choice in enumerate(question.choices):
        if not refers_to_others(choice.text):
            continue
        articles = _article_options(question, context) if articles is None else articles
        if index not in articles:
            yield Finding(
                f"choice {letter(index)} ('{choice.text.strip()}') refers to other options; "
                "write each option so it stands alone (use multiple_answer for 'select all')",
                ("choices", index, "text"),
            )


_LABEL_WORDS = frozenset(
    ["article", "articles", "outlet", "outlets", "source", "sources", "only", "both", "and", "or"]
)
_ABOUT_ARTICLES = re.compile(r"\b(?:articles?|outlets?|sources?)\b", re.IGNORECASE)


def _article_options(question: MultipleChoice | MultipleAnswer, context: LintContext) -> set[int]:
    """The options that only name articles by their letters ('A and D', 'C only', 'Article B') in a
    question about articles: their letters are articles, not options."""
    if not _ABOUT_ARTICLES.search(question.prompt):
        return set()
    labels = context.by_label
    found = set()
    for index, choice in enumerate(question.choices):
        words = re.findall(r"[A-Za-z]+", choice.text)
        letters = [w for w in words if w.lower() not in _LABEL_WORDS]
        if letters and all(len(w) == 1 and w in labels for w in letters):
            found.add(index)
    return found if len(found) >= 2 else set()


ABSOLUTES = ("always", "never", "only", "all", "none", "every", "everyone", "everything", "nobody", "no one")
_ABSOLUTE_WORDS = frozenset(a for a in ABSOLUTES if " " not in a)


_ABSOLUTE = re.compile(
    r"\b(?:always|never|only|all|none|every|everyone|everything|nobody|no one)\b", re.IGNORECASE
)


_ABSOLUTE_HINTS = ("always", "never", "only", "all", "none", "every", "nobody", "no one")
"""_ABSOLUTE cannot match a text without one of these."""


_SOFTENERS = frozenset({"nearly", "almost", "not", "virtually", "practically"})
"""'nearly all', 'almost always', 'not always': hedged, not absolute."""
_ALL_COMPOUND = re.compile(r"\ball-\w+", re.IGNORECASE)
"""'an all-time low', 'all-party talks': one word, no claim about every case."""
_ALL_IDIOMS = frozenset({"in", "at", "after"})
"""'two injuries in all', 'not at all', 'after all': no claim about every case."""


def absolute_words(text: str) -> list[str]:
    """The absolute words ('always', 'never', 'only', 'no one'...) in a text, in order."""
    if not (CaseHints(text).any(_ABSOLUTE_HINTS) and _ABSOLUTE.search(text)):
        return []
    if "all-" in text.lower():
        text = _ALL_COMPOUND.sub(" ", text)
    words = tokens(text)
    found = [
        w
        for before, w in zip(("", *words), words, strict=False)
        if w in _ABSOLUTE_WORDS and before not in _SOFTENERS and not (w == "all" and before in _ALL_IDIOMS)
    ]
    found += ["no one" for a, b in itertools.pairwise(words) if a == "no" and b == "one"]
    return found


@question_rule(
    "absolute-distractor",
    types=(MultipleChoice, MultipleAnswer),
    rationale="Absolute words ('always', 'never', 'only', 'all', 'none') in distractors but not in "
    "the key let a test-wise student rule those options out without reading the article (an option "
    "that is a sentence of a cited article, word for word, keeps the article's words).",
    fail="""
- id: lanes-owners
  type: multiple_choice
  prompt: What did shop owners say about the bus lanes?
  choices:
    - text: They feared losing parking spaces
      correct: true
    - text: They always oppose new roads
    - text: They backed the lanes
""",
    passes="""
- id: lanes-owners
  type: multiple_choice
  prompt: What did shop owners say about the bus lanes?
  choices:
    - text: They feared losing parking spaces
      correct: true
    - text: They expected more customers
    - text: They backed the lanes
""",
)
def absolute_distractor(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """Absolute words appear only in distractors."""
    assert isinstance(question, MultipleChoice | MultipleAnswer)
    joined = "\n".join([c.text for c in question.choices])
    if not (CaseHints(joined).any(_ABSOLUTE_HINTS) and _ABSOLUTE.search(joined)):
        return
    in_prompt = set(absolute_words(question.prompt))
    articles = _article_options(question, context)  # 'A only': which articles, not a claim about all cases
    found: list[tuple[int, str]] = []
    for index, choice in enumerate(question.choices):
        words = [w for w in absolute_words(choice.text) if w not in in_prompt]
        if not words or refers_to_others(choice.text) or index in articles:
            continue
        if choice.correct:
            return
        if not _quoted_from_sources(choice.text, question, context):
            found.append((index, words[0]))
    if found:
        listed = ", ".join(f"'{word}' ({letter(index)})" for index, word in found)
        yield Finding(
            f"absolute words only in distractors: {listed}; a test-wise student rules those out",
            ("choices", found[0][0], "text"),
        )


MIN_QUOTED_WORDS = 5


def _quoted_from_sources(text: str, question: AnyQuestion, context: LintContext) -> bool:
    """The option is a sentence of a cited article, word for word ('they had only managed to catch
    one'): its absolute word is the article's, for students to weigh, not a writer's overstatement."""
    folded = plain(text).strip().rstrip(".").lower()
    if len(folded.split()) < MIN_QUOTED_WORDS:
        return False
    texts = context.texts
    cited = (s.removesuffix(".txt") for s in question.sources)
    return any(folded in texts[sid].folded for sid in cited if sid in texts)


@question_rule(
    "free-last-match",
    types=(Matching,),
    severity="note",
    rationale="With as many right-hand items as left-hand ones the last match comes free; an extra "
    "right-hand item (`distractors:`) makes every match count.",
    fail="""
- id: lanes-who-said
  type: matching
  prompt: Match each speaker with what the article reports they said.
  pairs:
    - {left: Mayor Ana Lee, right: the lanes would cut journeys}
    - {left: shop owners, right: they feared losing parking}
    - {left: the council, right: work would cost $4 million}
""",
    passes="""
- id: lanes-who-said
  type: matching
  prompt: Match each speaker with what the article reports they said.
  pairs:
    - {left: Mayor Ana Lee, right: the lanes would cut journeys}
    - {left: shop owners, right: they feared losing parking}
    - {left: the council, right: work would cost $4 million}
  distractors: [buses would run all night]
""",
)
def free_last_match(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """A matching question with no extra right-hand item."""
    assert isinstance(question, Matching)
    if not question.distractors:
        count = len(question.pairs)
        yield Finding(
            f"{count} left-hand items and {count} right-hand items: the last match comes free; "
            "add an extra right-hand item under `distractors:`",
            ("pairs",),
        )
