"""What a student sees of a question, and the texts there that show nothing (only spaces, U+200B)."""

from __future__ import annotations

import unicodedata

from quizkit.diagnostics import field_name
from quizkit.model import AnyQuestion, Matching, MultipleAnswer, MultipleChoice, ShortAnswer
from quizkit.yamlsafe import Path_


def shown_texts(question: AnyQuestion) -> list[tuple[Path_, str]]:
    """What a student sees of a question: its prompt, choices and matching items."""
    shown: list[tuple[Path_, str]] = [(("prompt",), question.prompt)]
    if isinstance(question, MultipleChoice | MultipleAnswer):
        shown += [(("choices", index, "text"), choice.text) for index, choice in enumerate(question.choices)]
    elif isinstance(question, Matching):
        for index, pair in enumerate(question.pairs):
            shown += [(("pairs", index, "left"), pair.left), (("pairs", index, "right"), pair.right)]
        shown += [(("distractors", index), text) for index, text in enumerate(question.distractors)]
    return shown


def blank_texts(question: AnyQuestion) -> list[tuple[Path_, str]]:
    """Where a shown text or an accepted answer has nothing visible, and how a teacher names it."""
    texts = shown_texts(question)
    if isinstance(question, ShortAnswer):
        texts += [(("answers", index), text) for index, text in enumerate(question.answers)]
    return [(path, _field(path)) for path, text in texts if not visible(text)]


def visible(text: str) -> bool:
    """A character that is neither white space nor an invisible format character (category Cf)."""
    if text.isprintable() and not text.isspace():
        return True  # no format character, and not only spaces
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in text)


def _field(path: Path_) -> str:
    """'choice 3' and "'right' of pair 2", where the field's own name says less."""
    if path[0] == "choices":
        return f"choice {int(path[1]) + 1}"
    if path[0] == "pairs":
        return f"'{path[2]}' of pair {int(path[1]) + 1}"
    return field_name(path)
