"""Rules comparing a key with the evidence it cites: a distractor, or a 'false' statement, that the
evidence supports better than the key (the usual sign of a key moved to the wrong option)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence

from quizkit.casehints import CaseHints
from quizkit.lint.registry import Finding, LintContext, question_rule
from quizkit.lint.words import content_words, tokens
from quizkit.model import AnyQuestion, MultipleChoice, TrueFalse, letter

MIN_LEAD = 3
"""Content words a distractor must share with the evidence beyond what the key shares."""
_NEGATIONS = frozenset({"not", "no", "never", "none", "nor", "neither", "nothing", "without", "cannot"})
_ASKS_AGAINST = re.compile(
    r"\b(?:not|except|least|n't|unsupported|contradict\w*|misquot\w*|wrong|false|inaccurate|misleading|"
    r"distort\w*|exaggerat\w*|overstat\w*|upgrade\w*|differ\w*|change\w*|headline|instead|rather)\b",
    re.IGNORECASE,
)
"""A prompt that asks for what the evidence does not say, or for how a text departs from it."""
_ASKS_AGAINST_HINTS = (
    *("not", "except", "least", "n't", "unsupported", "contradict", "misquot", "wrong", "false"),
    *("inaccurate", "misleading", "distort", "exaggerat", "overstat", "upgrade", "differ", "change"),
    *("headline", "instead", "rather"),
)
"""_ASKS_AGAINST cannot match a prompt without one of these."""


def _evidence_words(question: AnyQuestion) -> set[str]:
    return {w for e in question.evidence for w in content_words(e.quote)}


@question_rule(
    "distractor-matches-evidence",
    types=(MultipleChoice, TrueFalse),
    rationale="When a distractor repeats the cited evidence and the key does not, the key was most "
    "likely moved to the wrong option (or the evidence cites the wrong passage).",
    fail="""
- id: lanes-owners
  type: multiple_choice
  prompt: What did shop owners tell the council?
  choices:
    - text: They hoped for more customers on Main Street.
      correct: true
    - text: They feared losing parking spaces, and two asked for a delay.
    - text: They backed the bus lanes.
  evidence:
    - source: council
      quote: Shop owners said they feared losing parking spaces, and two asked for a delay.
  explanation: The owners feared losing parking.
""",
    passes="""
- id: lanes-owners
  type: multiple_choice
  prompt: What did shop owners tell the council?
  choices:
    - text: They feared losing parking spaces, and two asked for a delay.
      correct: true
    - text: They hoped for more customers on Main Street.
    - text: They backed the bus lanes.
  evidence:
    - source: council
      quote: Shop owners said they feared losing parking spaces, and two asked for a delay.
  explanation: The owners feared losing parking.
""",
)
def distractor_matches_evidence(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """A distractor shares clearly more of the evidence than the key; a 'false' statement copies it."""
    if isinstance(question, TrueFalse):
        found = _copied_but_false(question)
    else:
        assert isinstance(question, MultipleChoice)
        found = _closer_distractor(question)
    if found is not None and not _asks_against(question.prompt):  # asked last: it rarely matters
        yield found


def _asks_against(prompt: str) -> bool:
    return CaseHints(prompt).any(_ASKS_AGAINST_HINTS) and _ASKS_AGAINST.search(prompt) is not None


def _closer_distractor(question: MultipleChoice) -> Finding | None:
    """A distractor made of the evidence's words that shares clearly more of them than the key."""
    key_index = next(i for i, c in enumerate(question.choices) if c.correct)
    key_words = set(content_words(question.choices[key_index].text))
    if len(key_words) < 2:
        return None  # too few words to tell anything
    evidence = _evidence_words(question)
    key_shared = len(key_words & evidence)
    if len(key_words) - key_shared < 2:
        return None  # the key stands on the evidence itself
    best: tuple[int, int] | None = None
    for index, choice in enumerate(question.choices):
        if choice.correct:
            continue
        words = set(content_words(choice.text))
        shared, novel = len(words & evidence), len(words - evidence)
        if novel > 1:
            continue  # only a distractor made (nearly) wholly of the evidence's words
        lead = MIN_LEAD + novel  # a word of its own asks for a clearer lead; fewer than MIN_LEAD never lead
        if shared >= 2 * key_shared and shared >= key_shared + lead and (best is None or shared > best[1]):
            best = (index, shared)
    if best is None:
        return None
    index, shared = best
    return Finding(
        f"choice {letter(index)} matches the evidence more closely than the keyed choice "
        f"{letter(key_index)} ({shared} of its words against {key_shared}); "
        "is the key on the right choice?",
        ("choices",),
    )


COPY_SHARE = 0.9
MIN_COPY_WORDS = 6


def _copied_but_false(question: TrueFalse) -> Finding | None:
    """A statement keyed false that repeats a cited quote word for word, with no negation added or dropped."""
    if question.answer:
        return None
    statement = tokens(question.prompt)
    if len(statement) < MIN_COPY_WORDS:
        return None
    negations = sorted(w for w in statement if w in _NEGATIONS)
    needed = max(MIN_COPY_WORDS, math.ceil(COPY_SHARE * len(statement)))
    spare = len(statement) - needed
    middle = f" {' '.join(statement[spare:needed])} "  # what any copy of `needed` words in a row covers
    for evidence in question.evidence:
        quote = tokens(evidence.quote)
        if middle not in f" {' '.join(quote)} ":
            continue
        run = _longest_common_run(statement, quote)
        if (
            run >= MIN_COPY_WORDS
            and run >= COPY_SHARE * len(statement)
            and sorted(w for w in quote if w in _NEGATIONS) == negations  # none added or dropped
        ):
            return Finding(
                "the statement is keyed false but repeats the cited quote word for word; is the key "
                "the right way round?",
                ("answer",),
            )
    return None


def _longest_common_run(a: Sequence[str], b: Sequence[str]) -> int:
    """The most words in a row that `a` and `b` share (only the places where words agree are visited)."""
    places: dict[str, list[int]] = {}
    for j, y in enumerate(b, start=1):
        places.setdefault(y, []).append(j)
    best = 0
    previous: dict[int, int] = {}
    for x in a:
        current = {j: previous.get(j - 1, 0) + 1 for j in places.get(x, ())}
        if current:
            best = max(best, *current.values())
        previous = current
    return best
