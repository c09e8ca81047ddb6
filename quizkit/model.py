"""The bank model: pydantic types for banks, sources and the seven question types.

No I/O and no output formatting here: loading builds these, exporters read them.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from quizkit.textlines import split_lines

SKILLS: tuple[str, ...] = (
    "headline-vs-body",
    "hedged-vs-definitive",
    "claim-evidence",
    "attribution-sourcing",
    "trace-to-origin",
    "news-vs-opinion",
    "fact-vs-opinion",
    "loaded-language",
    "numbers-context",
    "timeline-tense",
    "cross-outlet-omission",
    "who-is-behind",
)
Skill = Literal[
    "headline-vs-body",
    "hedged-vs-definitive",
    "claim-evidence",
    "attribution-sourcing",
    "trace-to-origin",
    "news-vs-opinion",
    "fact-vs-opinion",
    "loaded-language",
    "numbers-context",
    "timeline-tense",
    "cross-outlet-omission",
    "who-is-behind",
]
Difficulty = Literal["easy", "medium", "hard"]
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")
QUESTION_TYPES: tuple[str, ...] = (
    "multiple_choice",
    "multiple_answer",
    "true_false",
    "short_answer",
    "numeric",
    "matching",
    "essay",
)


def _number_only(value: object) -> object:
    """A number as YAML wrote it (1 stays 1, 1.5 stays 1.5); true/false and text are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("float_type", "Input should be a valid number")
    if not math.isfinite(value) if value.__class__ is float else abs(value) > sys.float_info.max:
        # YAML's .inf and .nan, or an integer past any float: no student can type them, none compares
        raise PydanticCustomError("float_finite", "Input should be a finite number")
    return value


Number = Annotated[int | float, BeforeValidator(_number_only)]
# A choice or answer written as a bare number (`text: 2027`) is still text: these fields leave
# strict mode for pydantic-core's own coercion of numbers to text (`coerce_numbers_to_str`, as
# str() writes them; true/false stay refused), with no call into Python for each text.
Text = Annotated[str, Field(min_length=1, strict=False)]
Identifier = Annotated[
    str, Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", strict=False)
]


class Strict(BaseModel):
    """Unknown keys are errors; nothing downstream mutates a model.

    Validators are built when first used (defer_build), not on import: `play` on a bank kept by
    quizkit.bankcache reads it with quizkit.modeldata, and so never pays for building them.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, defer_build=True, coerce_numbers_to_str=True
    )


def _field_error(code: str, field: str, message: str) -> PydanticCustomError:
    """A model-level rule broken by one field: the loader points at that field."""
    return PydanticCustomError(code, message, {"field": field})


class Evidence(Strict):
    """A quote from a source that proves the question's key."""

    source: Text
    quote: Text


class Choice(Strict):
    """One choice of a multiple-choice or multiple-answer question."""

    text: Text
    correct: bool = False
    feedback: str | None = None


class Pair(Strict):
    """One left-right pair of a matching question."""

    left: Text
    right: Text


class QuestionBase(Strict):
    """Fields every question has."""

    id: Identifier
    prompt: Text
    evidence: list[Evidence] = Field(min_length=1)
    explanation: str = ""
    skills: list[Skill] = Field(default_factory=list)
    difficulty: Difficulty = "medium"
    points: Number = Field(default=1, gt=0)
    grounding: list[Text] = Field(default_factory=list)
    shuffle: bool = True
    lint_ignore: list[Text] = Field(default_factory=list)
    """Lint codes switched off for this question (as `# noqa: CODE` is in ruff)."""
    about: bool | None = None
    """Whether students see which articles the question is about before answering; unset, they
    do unless the prompt or an option names articles (see quizkit/about.py)."""

    @property
    def sources(self) -> list[str]:
        """The cited source ids, in order of first citation."""
        return list(dict.fromkeys(e.source for e in self.evidence))


class MultipleChoice(QuestionBase):
    """Exactly one choice is correct."""

    type: Literal["multiple_choice"]
    choices: list[Choice] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_correct(self) -> MultipleChoice:
        keyed = sum(c.correct for c in self.choices)
        if keyed == 0:
            raise _field_error(
                "no-correct-choice",
                "choices",
                "no choice is marked `correct: true`; expected exactly one",
            )
        if keyed > 1:
            raise _field_error(
                "multiple-correct-choices",
                "choices",
                "{count} choices are marked correct; a multiple_choice question has exactly one "
                "(use type: multiple_answer for several)".replace("{count}", str(keyed)),
            )
        _no_duplicate_choices(self.choices)
        return self


class MultipleAnswer(QuestionBase):
    """At least one choice is correct and at least one is not."""

    type: Literal["multiple_answer"]
    choices: list[Choice] = Field(min_length=2)

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleAnswer:
        keyed = sum(c.correct for c in self.choices)
        if keyed == 0:
            raise _field_error(
                "no-correct-choice",
                "choices",
                "no choice is marked `correct: true`; expected at least one",
            )
        if keyed == len(self.choices):
            raise _field_error(
                "all-choices-correct",
                "choices",
                "every choice is marked correct; a multiple_answer question needs at least one wrong choice",
            )
        _no_duplicate_choices(self.choices)
        return self


def _no_duplicate_choices(choices: list[Choice]) -> None:
    seen: set[str] = set()
    for choice in choices:
        folded = " ".join(choice.text.split()).casefold()
        if folded in seen:
            raise _field_error("duplicate-choice", "choices", f"choice '{choice.text}' appears twice")
        seen.add(folded)


class TrueFalse(QuestionBase):
    """The prompt is a statement; the answer says whether it is true."""

    type: Literal["true_false"]
    answer: bool


class ShortAnswer(QuestionBase):
    """Free text matched against accepted answers, ignoring case, spacing and punctuation."""

    type: Literal["short_answer"]
    answers: list[Text] = Field(min_length=1)


class Numeric(QuestionBase):
    """A number, right within a tolerance."""

    type: Literal["numeric"]
    answer: Number
    tolerance: Number = Field(default=0, ge=0)
    unit: str | None = None


class Matching(QuestionBase):
    """Left-hand items to be matched with right-hand items; at least three pairs."""

    type: Literal["matching"]
    pairs: list[Pair] = Field(min_length=3)
    distractors: list[Text] = Field(default_factory=list)
    """Extra right-hand items that match no left-hand item, so the last match does not come free."""

    @property
    def rights(self) -> list[str]:
        """The right-hand column in bank order: each pair's right item, then the distractors."""
        return [pair.right for pair in self.pairs] + list(self.distractors)

    @model_validator(mode="after")
    def _distinct_sides(self) -> Matching:
        for side in ("left", "right"):
            seen: set[str] = set()
            for pair in self.pairs:
                text = getattr(pair, side)
                if text in seen:
                    raise _field_error("duplicate-pair", "pairs", f"{side}-hand item '{text}' appears twice")
                seen.add(text)
        rights = {pair.right for pair in self.pairs}
        for text in self.distractors:
            if text in rights:
                raise _field_error(
                    "duplicate-pair",
                    "distractors",
                    f"distractor '{text}' is also a right-hand item of a pair",
                )
            rights.add(text)
        return self


class Essay(QuestionBase):
    """A written answer, marked by the teacher against the rubric; not auto-scored."""

    type: Literal["essay"]
    rubric: Annotated[str | None, Field(strict=False)] = None


Question = Annotated[
    MultipleChoice | MultipleAnswer | TrueFalse | ShortAnswer | Numeric | Matching | Essay,
    Field(discriminator="type"),
]
QUESTION_CLASSES: dict[str, type[QuestionBase]] = {
    "multiple_choice": MultipleChoice,
    "multiple_answer": MultipleAnswer,
    "true_false": TrueFalse,
    "short_answer": ShortAnswer,
    "numeric": Numeric,
    "matching": Matching,
    "essay": Essay,
}
AnyQuestion = MultipleChoice | MultipleAnswer | TrueFalse | ShortAnswer | Numeric | Matching | Essay


class SourceMeta(Strict):
    """A source file's front matter."""

    id: Identifier | None = None
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    url: str | None = None
    retrieved: str | None = None
    kind: str | None = None

    @field_validator("published", "retrieved", mode="before")
    @classmethod
    def _date_to_text(cls, value: object) -> object:
        if isinstance(value, dt.date):
            return value.isoformat()
        return value


class Source(BaseModel):
    """An article: its text exactly as on disk, and where that text starts in the file."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    id: str
    path: str
    text: str
    first_line: int = 1
    meta: SourceMeta = Field(default_factory=SourceMeta)

    @property
    def title(self) -> str:
        return self.meta.title or self.id

    def lines(self) -> list[tuple[int, str]]:
        """(line number in the file, text) for every line of the article, as `grep -n` counts them."""
        return [(self.first_line + i, line) for i, line in enumerate(split_lines(self.text))]


class LintConfig(Strict):
    """The bank's `lint:` settings."""

    ignore: list[Text] = Field(default_factory=list)
    """Lint codes switched off for the whole bank."""


class BankInfo(Strict):
    """The top level of bank.yaml, questions aside."""

    title: Text
    description: str | None = None
    instructions: str | None = None
    author: str | None = None
    language: str = "en"
    lint: LintConfig = Field(default_factory=LintConfig)


class Bank(BaseModel):
    """A loaded bank: its name (the folder), its questions and its sources by id."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    name: str
    path: str
    info: BankInfo
    questions: tuple[AnyQuestion, ...]
    sources: dict[str, Source]

    @property
    def title(self) -> str:
        return self.info.title

    def source_labels(self) -> dict[str, str]:
        """Articles are labelled A, B, C... in file-name order, the same in every output."""
        ordered = sorted(self.sources.values(), key=lambda s: s.path)
        return {source.id: letter(i) for i, source in enumerate(ordered)}


def letter(index: int) -> str:
    """0 -> 'A', 25 -> 'Z', 26 -> 'AA': labels for articles, choices and forms."""
    text = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        text = chr(ord("A") + rem) + text
    return text


class BankFile(BankInfo):
    """bank.yaml as written: the bank's fields and its questions (for the JSON Schema)."""

    questions: list[Question] = Field(min_length=1)


def bank_file_schema() -> dict[str, object]:
    """The JSON Schema of bank.yaml."""
    schema = BankFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "quizkit bank.yaml"
    return schema
