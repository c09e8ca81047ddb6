"""Rules about the text as typed: hand-written line references, values cut short by a YAML comment."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from quizkit.lint.registry import Finding, LintContext, bank_rule, question_rule
from quizkit.lint.words import content_words
from quizkit.model import AnyQuestion, Essay, MultipleAnswer, MultipleChoice
from quizkit.textmatch import locate_quote
from quizkit.yamlsafe import Path_

_PROSE = frozenset(
    {"prompt", "text", "feedback", "explanation", "rubric", "quote", "title", "description",
     "instructions", "left", "right"}
)  # fmt: skip
_PROSE_LISTS = frozenset({"answers", "grounding", "distractors"})


def _value_at(data: Any, path: Path_) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _is_prose(path: Path_) -> bool:
    if not path:
        return False
    last = path[-1]
    return (isinstance(last, str) and last in _PROSE) or (
        len(path) >= 2 and isinstance(path[-2], str) and path[-2] in _PROSE_LISTS
    )


@bank_rule(
    "yaml-comment-cut",
    rationale="In an unquoted YAML value, ' #' starts a comment: 'Ranked #1' becomes 'Ranked' with no "
    "error, and students see text cut short.",
    fail="""
- id: lanes-rank
  type: true_false
  prompt: The article calls Main Street the city's route #1 for buses.
  answer: false
  evidence:
    - {source: council, quote: build bus lanes on Main Street}
  explanation: The article does not rank the city's routes.
""",
    passes="""
- id: lanes-rank
  type: true_false
  prompt: "The article calls Main Street the city's route #1 for buses."
  answer: false  # the article never ranks routes
  evidence:
    - {source: council, quote: build bus lanes on Main Street}
  explanation: The article does not rank the city's routes.
""",
)
def yaml_comment_cut(context: LintContext) -> Iterator[Finding]:
    """An unquoted value followed on its line by ' #...', which YAML read as a comment."""
    document = context.document
    if document is None or " #" not in context.text:
        return
    offset = document.line_offset
    for number, line in enumerate(context.lines, start=1):
        at = line.find(" #")
        if at == -1 or line.lstrip().startswith("#"):
            continue
        found = document.positions.path_before((number - offset, at + 1))
        if found is None:
            continue
        path, (start_line, start_column) = found
        value = _value_at(document.data, path)
        typed = context.lines[start_line - 1 + offset][start_column - 1 :][:1] if start_line else ""
        if not isinstance(value, str) or typed in ("'", '"', "|", ">") or not _is_prose(path):
            continue
        head = line[:at].strip()
        if start_line == number - offset:
            head = line[start_column - 1 : at].strip()
        if not head or not value.endswith(head):
            continue
        rest = line[at + 1 :]
        if line[at - 1 : at] == " " and rest[1:2] in (" ", ""):
            continue  # '  # a note': written as a comment
        named = f"'{path[-1]}'" if not isinstance(path[-1], int) else f"'{path[-2]}' item {path[-1] + 1}"
        yield Finding(
            f"{named} ends at '{_tail(value)}': YAML read '{rest.strip()}' as a comment; put the "
            "value in quotes to keep it",
            path,
            "if it is meant as a comment, put two spaces before the '#'",
        )


def _tail(value: str, width: int = 30) -> str:
    return value if len(value) <= width else "..." + value[-width:].lstrip()


_LINE_REF = re.compile(
    r"(?:\b(?:[Aa]rticle\s+)?(?P<label>[A-Z])(?:'s|’s)?,?\s+)?"
    r"\b[Ll]ines?\s+(?P<first>\d+)(?:\s*(?:-|–|—|to|and|or)\s*(?P<last>\d+))?"
)
_LINE_HINT = re.compile(r"ine(?<=[Ll]ine)s?\s+\d")
"""'line 12', 'Lines 3': _LINE_REF can match only where this does (written to start at 'ine', which
the regular expression engine finds fastest)."""
_ARTICLE = re.compile(r"\b[Aa]rticle\s+(?P<label>[A-Z])\b")
_QUOTED = re.compile(r"[\"“]([^\"”]{3,})[\"”]")
_GENERIC = frozenset(content_words("article line lines says say said quote quoted word words text"))


class _Refs:
    """What the line references of one question are checked against."""

    def __init__(self, question: AnyQuestion, context: LintContext) -> None:
        self.question = question
        self.context = context
        self.by_label = context.by_label
        self.articles: dict[str, tuple[list[int], list[str]]] = {}
        """Per text, where each 'Article X' in it ends and its letter: found once, not per reference."""

    def named_before(self, text: str, end: int) -> str | None:
        """The letter of the last 'Article X' that ends by `end` in `text`."""
        found = self.articles.get(text)
        if found is None:
            named = list(_ARTICLE.finditer(text))
            found = self.articles[text] = ([m.end() for m in named], [m["label"] for m in named])
        ends, labels = found
        count = bisect_right(ends, end)
        return labels[count - 1] if count else None

    @cached_property
    def cited(self) -> dict[str, list[tuple[int, int]]]:
        """The lines each cited source's quotes cover, by source id."""
        found: dict[str, list[tuple[int, int]]] = {}
        for evidence in self.question.evidence:
            text = self.context.texts.get(evidence.source.removesuffix(".txt"))
            spans = locate_quote(evidence.quote, text).spans if text is not None else None
            if text is not None and spans:
                found.setdefault(text.source.id, []).append((spans[0].line, spans[-1].end_line))
        return found


def _fields(question: AnyQuestion) -> Iterator[tuple[Path_, str]]:
    yield ("prompt",), question.prompt
    if isinstance(question, MultipleChoice | MultipleAnswer):
        for index, choice in enumerate(question.choices):
            if choice.feedback:
                yield ("choices", index, "feedback"), choice.feedback
    yield ("explanation",), question.explanation
    if isinstance(question, Essay) and question.rubric:
        yield ("rubric",), question.rubric


def _sentence(text: str, start: int, end: int) -> str:
    before = max(text.rfind(". ", 0, start), text.rfind("; ", 0, start))
    after = min((i for i in (text.find(". ", end), text.find("; ", end)) if i != -1), default=len(text))
    return text[before + 1 : after]


@question_rule(
    "line-ref-mismatch",
    rationale="A hand-typed 'line 12' sends students to the wrong place once the article's lines "
    "move (front matter added, a paragraph split); the cited quote knows where it really is.",
    fail="""
- id: lanes-mayor
  type: short_answer
  prompt: By how many minutes does the mayor (line 12) say the lanes will cut bus journeys?
  answers: [ten, "10"]
  evidence:
    - {source: council, quote: cut bus journeys by ten minutes}
  explanation: The mayor's words are reported, not quoted.
""",
    passes="""
- id: lanes-mayor
  type: short_answer
  prompt: By how many minutes does the mayor (line 10) say the lanes will cut bus journeys?
  answers: [ten, "10"]
  evidence:
    - {source: council, quote: cut bus journeys by ten minutes}
  explanation: The mayor's words are reported, not quoted.
""",
)
def line_ref_mismatch(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """A typed line reference that is not where the cited quote is."""
    refs: _Refs | None = None
    for path, text in _fields(question):
        if not _LINE_HINT.search(text):  # most texts cite no line
            continue
        for match in _LINE_REF.finditer(text):
            refs = refs or _Refs(question, context)
            problem = _check_ref(match, text, refs)
            if problem is not None:
                yield Finding(problem, path)


def _check_ref(match: re.Match[str], text: str, refs: _Refs) -> str | None:
    source_id = _source_of(match, text, refs)
    if source_id is None:
        return None
    source = refs.context.bank.sources[source_id]
    label = refs.context.labels[source_id]
    first = _line_number(match["first"])
    last = _line_number(match["last"]) if match["last"] else first
    numbered = dict(source.lines())
    cited = refs.cited.get(source_id, [])
    if first not in numbered or last not in numbered or last < first:
        lines = [n for n in numbered]
        span = f"{lines[0]}-{lines[-1]}" if lines else "none"
        where = f"; the cited quote is on {_places(cited)}" if cited else ""
        return f"'{match.group().strip()}': Article {label} has no such line (its lines are {span}){where}"
    if any(a <= last and first <= b for a, b in cited):
        return None
    if _mentions_line(_sentence(text, match.start(), match.end()), range(first, last + 1), numbered):
        return None
    if not cited:
        return None  # nothing to compare with: an uncited line the text describes in its own words
    return f"'{match.group().strip()}' is not where the cited quote is: Article {label}, {_places(cited)}"


def _places(cited: list[tuple[int, int]]) -> str:
    """'line 12', 'lines 12-13 and 20'."""
    places = [str(a) if a == b else f"{a}-{b}" for a, b in sorted(set(cited))]
    return f"line {places[0]}" if len(places) == 1 else f"lines {', '.join(places[:-1])} and {places[-1]}"


def _line_number(digits: str) -> int:
    """The line a reference names; past any article's lines when it has more than nine digits."""
    return int(digits) if len(digits) <= 9 else 10**9


def _source_of(match: re.Match[str], text: str, refs: _Refs) -> str | None:
    """The source a reference means: its own letter, the article named last before it, or the one cited."""
    label = match["label"]
    if label is None:
        label = refs.named_before(text, match.start())
    if label is not None:
        return refs.by_label.get(label)
    cited = refs.question.sources
    return cited[0].removesuffix(".txt") if len(cited) == 1 and cited[0] in refs.context.texts else None


def _mentions_line(sentence: str, numbers: range, lines: dict[int, str]) -> bool:
    """The sentence quotes words of the line, or shares two distinctive words with it."""
    target = " ".join(lines[n] for n in numbers)
    folded = target.lower()
    if any(q.strip().lower() in folded for q in _QUOTED.findall(sentence)):
        return True
    ours = set(content_words(_LINE_REF.sub(" ", sentence))) - _GENERIC
    return len(ours & set(content_words(target))) >= 2
