"""Whether a question may say which articles it is about before it is answered.

The student copy and play show "About Articles A and E", built from a question's evidence. When
a question asks students to tell the articles apart ("Which other article ...?", an option
"Article B", an outlet's name, a letter), that line gives the answer away or rules options out,
so it is not shown before answering. A question's `about:` setting overrides the guess either
way; the answer key always names the articles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from quizkit.model import AnyQuestion, Matching, MultipleAnswer, MultipleChoice, Source

# "which article", "which other outlet", "which of the articles", "how many outlets",
# "at least two of the five articles", "only one of the outlets"
_ASKS_WHICH = re.compile(
    r"\b(?:which|how\s+many)(?:\s+(?:other|one|two|three|of|the|these|those|five|four|news))*"
    r"\s+(?:articles?|outlets?|publications?|newspapers?)\b"
    r"|\b(?:one|two|three|four|five|several|both|all|none|each|any|most)\s+of\s+the"
    r"(?:\s+(?:two|three|four|five|six|other))?\s+(?:articles|outlets|publications|newspapers)\b",
    re.IGNORECASE,
)
# "Article B", "articles A and C", "Articles A, B and E"
_ARTICLE_LETTER = re.compile(r"\b(?i:articles?)\s+([A-Z]{1,2}\b(?:\s*(?:,|and|&|or)\s*[A-Z]{1,2}\b)*)")
# an option that is only letters: "B", "A and E", "B, C, and D only"
_LETTERS_ONLY = re.compile(
    r"(?:(?i:only)\s+)?[A-Z]{1,2}(?:\s*(?:,|and|&|or|\+)\s*[A-Z]{1,2})*(?:\s+only)?\.?"
)
_MIN_NAME = 4  # shorter outlet names ("AP") are too likely to occur by chance


def shows_about(question: AnyQuestion, sources: Mapping[str, Source], labels: Mapping[str, str]) -> bool:
    """True when the question may name its articles before it is answered."""
    if question.about is not None:
        return question.about
    return not gives_away(question, sources, labels)


def gives_away(question: AnyQuestion, sources: Mapping[str, Source], labels: Mapping[str, str]) -> bool:
    """Whether naming the cited articles would tell students more than the question itself does.

    Never when the prompt already names every cited article ("In Article B, ..." about B alone).
    Otherwise it does when the question is about telling articles apart: it asks which article
    or outlet, an option names an article (by letter, title or outlet), or the prompt names some
    articles but not every cited one ("Article A says ...; which other article ...?").
    """
    names = _names(sources, labels)
    named = _named(question.prompt, names, labels)
    cited = {labels[s] for s in question.sources if s in labels}
    if cited <= named:
        return False
    options = _options(question)
    return (
        bool(named)
        or any(_ASKS_WHICH.search(text) for text in (question.prompt, *options))
        or any(_named(option, names, labels) or _letters_only(option, labels) for option in options)
    )


def _names(sources: Mapping[str, Source], labels: Mapping[str, str]) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, label) for each article's title and outlet, matched on folded text."""
    found = []
    for sid, source in sources.items():
        for name in (source.meta.title, source.meta.outlet):
            if name and len(name.strip()) >= _MIN_NAME and sid in labels:
                folded = re.escape(" ".join(name.split()).casefold())
                found.append((re.compile(r"(?<!\w)" + folded + r"(?!\w)"), labels[sid]))
    return found


def _named(text: str, names: list[tuple[re.Pattern[str], str]], labels: Mapping[str, str]) -> set[str]:
    """The labels of the articles a text names: 'Article B', or a title or outlet."""
    known = set(labels.values())
    letters = {ref for m in _ARTICLE_LETTER.finditer(text) for ref in re.findall(r"[A-Z]{1,2}", m.group(1))}
    named = letters & known
    folded = " ".join(text.split()).casefold()
    named |= {label for pattern, label in names if pattern.search(folded)}
    return named


def _letters_only(option: str, labels: Mapping[str, str]) -> bool:
    """An option that is nothing but article letters: 'B', 'A and E', 'C only'."""
    if not _LETTERS_ONLY.fullmatch(option.strip()):
        return False
    letters = set(re.findall(r"\b[A-Z]{1,2}\b", option))
    return bool(letters) and letters <= set(labels.values())


def _options(question: AnyQuestion) -> list[str]:
    """What a student reads besides the prompt: choices, or both columns of a matching question."""
    if isinstance(question, MultipleChoice | MultipleAnswer):
        return [c.text for c in question.choices]
    if isinstance(question, Matching):
        return [p.left for p in question.pairs] + question.rights
    return []
