"""Rules about how a question is worded: negative stems, grammatical cues, double-barrelled statements."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizkit.lint.registry import Finding, LintContext, question_rule
from quizkit.model import AnyQuestion, MultipleAnswer, MultipleChoice
from quizkit.textmatch import normalize

_NEGATIVE = re.compile(
    r"\b(not|except|least|cannot|can't|doesn't|don't|isn't|aren't|wasn't|weren't|didn't)\b",
    re.IGNORECASE,
)
_ASKS = re.compile(r"\b(which|what|who|where|when|select|choose|pick|identify)\b", re.IGNORECASE)
_EMPHASIS = re.compile(
    r"\*\*(.+?)\*\*|\*(.+?)\*|(?<!\w)_(.+?)_(?!\w)|<(?:b|strong|em|i|u)>(.+?)</", re.DOTALL
)


def _emphasised_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _EMPHASIS.finditer(text)]


def unemphasised_negative(prompt: str) -> str | None:
    """The first negative word ('not', 'except', 'least') that picks the answer, if it is not emphasised."""
    prompt = normalize(prompt)
    ask = _ASKS.search(prompt)
    if ask is None:
        return None
    spans = _emphasised_spans(prompt)
    for match in _NEGATIVE.finditer(prompt):
        word = match.group()
        if match.start() < ask.start() and word.lower() not in ("except", "least"):
            continue
        if re.search(r"\b(?:at|the very) $", prompt[: match.start()].lower()) or (
            word.lower() == "not" and re.match(r"\s+only\b", prompt[match.end() :])
        ):
            continue  # 'at least', 'not only ... but'
        if word.lower() not in ("except", "least") and not _selects(prompt, ask.end(), match.start()):
            continue
        if word.isupper() or any(a <= match.start() and match.end() <= b for a, b in spans):
            continue
        return word
    return None


def _selects(prompt: str, ask_end: int, at: int) -> bool:
    """'Which of these is not ...' / 'What does the article not say?': the negative is in the
    clause that asks, not in a quotation or a later sentence."""
    between = prompt[ask_end:at]
    return not re.search(r"[.?!;:\"\u201c\u201d]", between) and len(between.split()) <= 8


@question_rule(
    "negative-stem",
    types=(MultipleChoice, MultipleAnswer),
    rationale="Students read past a small 'not' or 'except' and answer the opposite question; if a "
    "stem must be negative, the negative word is emphasised (NOT, **not**, *not*, _not_).",
    fail="""
- id: lanes-not-said
  type: multiple_choice
  prompt: Which of these does the article not report?
  choices:
    - text: The lanes' opening date
      correct: true
    - text: The council's vote
    - text: The street where the lanes go
""",
    passes="""
- id: lanes-not-said
  type: multiple_choice
  prompt: Which of these does the article NOT report?
  choices:
    - text: The lanes' opening date
      correct: true
    - text: The council's vote
    - text: The street where the lanes go
""",
)
def negative_stem(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """A negative stem without emphasis."""
    word = unemphasised_negative(question.prompt)
    if word is not None:
        yield Finding(
            f"the prompt asks a negative question ('{word}') without emphasis; write "
            f"{word.upper()} or **{word}** so no student misses it",
            ("prompt",),
        )
