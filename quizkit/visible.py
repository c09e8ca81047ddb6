"""Texts a student would see as nothing: only spaces and invisible characters (U+200B, a soft hyphen)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from quizkit.model import AnyQuestion, Matching, MultipleAnswer, MultipleChoice, ShortAnswer
from quizkit.yamlsafe import Path_


def blank_texts(question: AnyQuestion) -> list[tuple[Path_, str]]:
    """Where the question holds a prompt, option, matching item or accepted answer with nothing
    visible, and how a teacher names that field."""
    if all(text[:1].isalnum() or visible(text) for text in _texts(question)):
        return []  # nearly every question, found without building a path
    return [(path, _field(path)) for path, text in _shown(question) if not visible(text)]


def visible(text: str) -> bool:
    """A character that is neither white space nor an invisible format character (category Cf)."""
    if text.isprintable() and not text.isspace():
        return True  # no format character, and not only spaces
    return any(not char.isspace() and unicodedata.category(char) != "Cf" for char in text)


def _texts(question: AnyQuestion) -> list[str]:
    if isinstance(question, MultipleChoice | MultipleAnswer):
        return [question.prompt, *[choice.text for choice in question.choices]]
    if isinstance(question, Matching):
        return [question.prompt, *(p.left for p in question.pairs), *(p.right for p in question.pairs),
                *question.distractors]  # fmt: skip
    if isinstance(question, ShortAnswer):
        return [question.prompt, *question.answers]
    return [question.prompt]


def _shown(question: AnyQuestion) -> Iterator[tuple[Path_, str]]:
    yield ("prompt",), question.prompt
    if isinstance(question, MultipleChoice | MultipleAnswer):
        for index, choice in enumerate(question.choices):
            yield ("choices", index, "text"), choice.text
    elif isinstance(question, Matching):
        for index, pair in enumerate(question.pairs):
            yield ("pairs", index, "left"), pair.left
            yield ("pairs", index, "right"), pair.right
        for index, text in enumerate(question.distractors):
            yield ("distractors", index), text
    elif isinstance(question, ShortAnswer):
        for index, text in enumerate(question.answers):
            yield ("answers", index), text


def _field(path: Path_) -> str:
    """'prompt', 'choice 2', 'item 1 of 'answers'' as a teacher finds it in the file."""
    if path[0] == "choices":
        return f"choice {int(path[1]) + 1}"
    if len(path) > 1 and isinstance(path[1], int):
        return (
            f"item {path[1] + 1} of '{path[0]}'" if len(path) == 2 else f"'{path[2]}' of pair {path[1] + 1}"
        )
    return f"'{path[0]}'"
