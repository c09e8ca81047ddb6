"""The quiz session: one question at a time over a Form, with input, output and storage injected.

The session never prints or reads by itself: it hands views to a Screen and answers to a
Recorder, so tests drive it with a list of answers and the CLI with a terminal or a pipe.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from quizkit.model import (
    Essay,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
    TrueFalse,
    letter,
)
from quizkit.scoring import (
    Answer,
    Outcome,
    Status,
    UnreadableAnswer,
    format_points,
    how_to_answer,
    parse_answer,
    percent,
    score_answer,
)
from quizkit.selection import Form, FormItem
from quizkit.textlines import one_line
from quizkit.textmatch import quote_context

Feedback = Literal["each", "end", "none"]
FEEDBACK_MODES: tuple[Feedback, ...] = ("each", "end", "none")
Stop = Literal["done", "interrupted", "input-ended"]
Line = tuple[str, str]
"""A line of an answer: its label ('B.', '1.', or '') and its text."""

TYPE_LABELS = {
    "multiple_choice": "multiple choice",
    "multiple_answer": "multiple answer: select all that apply",
    "true_false": "true or false",
    "short_answer": "short answer",
    "numeric": "number",
    "matching": "matching",
    "essay": "essay: marked by your teacher",
}
PARTIAL_CREDIT_RULE = (
    "Each right choice you select earns {share} point{s}, each wrong one you select takes "
    "{share} away, and the question never scores below 0."
)


class Screen(Protocol):
    """Where the session shows views and reads answers."""

    def show(self, view: str, **context: Any) -> None:
        """Show templates/play/<view>.txt.jinja with `context`."""

    def ask(self, prompt: str) -> str:
        """One line of input; EOFError at the end of input, KeyboardInterrupt on Ctrl-C."""


class Recorder(Protocol):
    """Where each answer is stored the moment it is given."""

    def record(self, outcome: Outcome) -> None: ...


@dataclass(frozen=True)
class QuestionView:
    """A question as the student sees it."""

    number: int
    count: int
    question_id: str
    type: str
    type_label: str
    points: str
    points_word: str
    articles: tuple[tuple[str, str], ...]
    prompt: str
    choices: tuple[tuple[str, str], ...]
    lefts: tuple[tuple[int, str], ...]
    rights: tuple[tuple[str, str], ...]
    unit: str | None
    how: str


@dataclass(frozen=True)
class Quote:
    """A quote in its sentence: (text, quoted?) segments, and the line of the file it starts on."""

    line: int | None
    segments: tuple[tuple[str, bool], ...]


@dataclass(frozen=True)
class EvidenceView:
    """The quotes a question cites from one article, with the article's label and title."""

    label: str
    title: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class FeedbackView:
    """What the student learns after answering: right or wrong, the key, why, and the evidence."""

    number: int
    question_id: str
    prompt: str
    status: Status
    earned: str
    possible: str
    given: tuple[Line, ...]
    correct: tuple[Line, ...]
    choice_feedback: tuple[str, ...]
    rule: str | None
    explanation: str
    evidence: tuple[EvidenceView, ...]


@dataclass(frozen=True)
class SkillScore:
    skill: str
    earned: str
    possible: str
    percent: int | None


@dataclass(frozen=True)
class SummaryView:
    """The end of a session: score, score per skill, time taken, questions to review."""

    stop: Stop
    feedback: Feedback
    answered: int
    count: int
    earned: str
    possible: str
    percent: int | None
    answered_earned: str
    answered_possible: str
    skills: tuple[SkillScore, ...]
    elapsed: str
    review: tuple[tuple[int, str, str], ...]
    unanswered: tuple[tuple[int, str], ...]
    essays: int


@dataclass(frozen=True)
class ArticleView:
    """An article to read during the quiz: its label, title and lines, numbered as in the packet."""

    label: str
    title: str
    lines: tuple[tuple[int, str], ...]


@dataclass
class SessionResult:
    """What happened: every answer given, and how the session ended."""

    form: Form
    outcomes: list[Outcome] = field(default_factory=list)
    stop: Stop = "done"
    elapsed: float = 0.0

    @property
    def complete(self) -> bool:
        return self.stop == "done"

    @property
    def earned(self) -> float:
        return sum(o.mark.earned or 0.0 for o in self.outcomes)

    @property
    def possible(self) -> float:
        return self.form.total_points


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


class Session:
    """Ask each question of a form in turn, score it, store it, and explain it."""

    def __init__(
        self,
        form: Form,
        screen: Screen,
        recorder: Recorder,
        *,
        feedback: Feedback = "each",
        clock: Callable[[], float] = time.monotonic,
        now: Callable[[], dt.datetime] = local_now,
    ) -> None:
        self.form = form
        self.screen = screen
        self.recorder = recorder
        self.feedback = feedback
        self.clock = clock
        self.now = now

    def run(self) -> SessionResult:
        """Play the whole form; Ctrl-C or the end of input stops it, keeping what was answered."""
        result = SessionResult(self.form)
        started = self.clock()
        self.screen.show("intro", **intro_context(self.form, self.feedback))
        try:
            for item in self.form.items:
                result.outcomes.append(self._play(item))
            if self.feedback == "end":
                self.screen.show("review_header")
                for outcome in result.outcomes:
                    self.screen.show("feedback", fb=feedback_view(self.form, outcome), heading=True)
        except KeyboardInterrupt:
            result.stop = "interrupted"
        except EOFError:
            result.stop = "input-ended"
        result.elapsed = self.clock() - started
        self.screen.show("summary", s=summary_view(result, self.feedback))
        return result

    def _play(self, item: FormItem) -> Outcome:
        shown = self.clock()
        self.screen.show("question", q=question_view(self.form, item))
        answer = self._read(item)
        outcome = Outcome(item, answer, score_answer(item.question, answer), self.clock() - shown, self.now())
        self.recorder.record(outcome)
        if self.feedback == "each":
            self.screen.show("feedback", fb=feedback_view(self.form, outcome), heading=False)
        elif outcome.mark.earned is None:
            self.screen.show("saved")
        return outcome

    def _read(self, item: FormItem) -> Answer:
        """Ask until the answer can be read; unreadable answers are explained, never scored.
        `:read B` shows Article B (the quiz is open-book), then the same question again."""
        while True:
            typed = self.screen.ask("Answer: ")
            if typed.strip().startswith(":"):
                self._command(typed.strip(), item)
                continue
            try:
                return parse_answer(item, typed)
            except UnreadableAnswer as problem:
                self.screen.show("unreadable", message=str(problem))

    def _command(self, typed: str, item: FormItem) -> None:
        word, _, rest = typed.partition(" ")
        articles = dict(self.form.sources)
        labels = ", ".join(articles)
        if word.lower() not in (":read", ":r"):
            shown = word if len(word) <= 20 else word[:20] + "..."
            self.screen.show(
                "unreadable", message=f"There is no command '{shown}'. Type :read A to read Article A."
            )
            return
        label = rest.strip().upper()
        source = articles.get(label)
        if source is None:
            asked = f"There is no Article '{rest.strip()}'. " if label else ""
            self.screen.show("unreadable", message=f"{asked}Type :read and a letter: {labels}.")
            return
        self.screen.show("article", a=ArticleView(label, source.title, tuple(source.lines())))
        self.screen.show("question", q=question_view(self.form, item))


def intro_context(form: Form, feedback: Feedback) -> dict[str, Any]:
    """What the quiz's opening screen shows: title, size, feedback mode, instructions, articles."""
    return {
        "title": form.title,
        "count": len(form.items),
        "points": format_points(form.total_points),
        "feedback": feedback,
        "instructions": form.bank.info.instructions,
        "labels": [label for label, _ in form.sources],
    }


def question_view(form: Form, item: FormItem) -> QuestionView:
    q = item.question
    by_id = dict(form.source_labels)
    articles = (
        tuple((by_id[s], form.bank.sources[s].title) for s in q.sources if s in by_id)
        if form.shows_about(q)
        else ()
    )
    scored = not isinstance(q, Essay)
    lefts = tuple((i, p.left) for i, p in enumerate(q.pairs, start=1)) if isinstance(q, Matching) else ()
    return QuestionView(
        number=item.number,
        count=len(form.items),
        question_id=q.id,
        type=q.type,
        type_label=TYPE_LABELS[q.type],
        points=format_points(q.points) if scored else "not scored",
        points_word=("point" if q.points == 1 else "points") if scored else "",
        articles=articles,
        prompt=q.prompt,
        choices=tuple((letter(i), c.text) for i, c in enumerate(item.choices)),
        lefts=lefts,
        rights=tuple((letter(i), text) for i, text in enumerate(item.rights)),
        unit=q.unit if isinstance(q, Numeric) else None,
        how=how_to_answer(item),
    )


def feedback_view(form: Form, outcome: Outcome) -> FeedbackView:
    """Built only when shown: quote contexts are found per question, never all up front."""
    item, mark, q = outcome.item, outcome.mark, outcome.item.question
    chosen_feedback: tuple[str, ...] = ()
    rule = None
    if isinstance(q, MultipleChoice | MultipleAnswer):
        chosen_feedback = tuple(
            q.choices[i].feedback or "" for i in outcome.answer.indices if q.choices[i].feedback
        )
    if isinstance(q, MultipleAnswer):
        keyed = sum(c.correct for c in q.choices)
        share = q.points / keyed
        rule = PARTIAL_CREDIT_RULE.format(share=format_points(share), s="" if share == 1 else "s")
    return FeedbackView(
        number=item.number,
        question_id=q.id,
        prompt=q.prompt,
        status=mark.status,
        earned=format_points(mark.earned or 0.0),
        possible=format_points(mark.possible),
        given=given_lines(item, outcome.answer),
        correct=correct_lines(item),
        choice_feedback=chosen_feedback,
        rule=rule,
        explanation=q.explanation,
        evidence=evidence_views(form, item),
    )


def evidence_views(form: Form, item: FormItem) -> tuple[EvidenceView, ...]:
    """The cited quotes in their sentences, grouped by article in the order first cited."""
    quotes: dict[str, list[Quote]] = {}
    for evidence in item.question.evidence:
        source = form.bank.sources.get(evidence.source)
        if source is None:
            continue
        context = quote_context(evidence.quote, source)
        if context is None:  # a checked bank always finds its quotes; show the quote as written
            quote = Quote(None, ((evidence.quote, True),))
        else:
            segments = tuple((one_line(text), hit) for text, hit in context.segments)
            quote = Quote(context.line, segments)
        quotes.setdefault(evidence.source, []).append(quote)
    return tuple(
        EvidenceView(form.source_labels.get(sid, "?"), form.bank.sources[sid].title, tuple(found))
        for sid, found in quotes.items()
    )


def given_lines(item: FormItem, answer: Answer) -> tuple[Line, ...]:
    """The answer as given, with the choice texts it stands for."""
    q = item.question
    if isinstance(q, MultipleChoice | MultipleAnswer):
        shown = {bank_index: i for i, bank_index in enumerate(item.choice_order)}
        return tuple((f"{letter(shown[i])}.", q.choices[i].text) for i in answer.indices)
    if isinstance(q, Matching):
        shown = {bank_index: i for i, bank_index in enumerate(item.right_order)}
        return tuple(
            (f"{n}.", f"{pair.left} -> {letter(shown[chosen])}. {q.rights[chosen]}")
            for n, (pair, chosen) in enumerate(zip(q.pairs, answer.indices, strict=True), start=1)
        )
    if isinstance(q, TrueFalse):
        return (("", "True" if answer.value else "False"),)
    return (("", answer.typed.strip()),)


def correct_lines(item: FormItem) -> tuple[Line, ...]:
    """The keyed answer, written the way this form shows it."""
    q = item.question
    if isinstance(q, MultipleChoice | MultipleAnswer):
        return tuple((f"{letter(i)}.", c.text) for i, c in enumerate(item.choices) if c.correct)
    if isinstance(q, Matching):
        letters = item.correct_letters
        return tuple(
            (f"{n}.", f"{pair.left} -> {letters[n - 1]}. {pair.right}")
            for n, pair in enumerate(q.pairs, start=1)
        )
    if isinstance(q, TrueFalse):
        return (("", "True" if q.answer else "False"),)
    if isinstance(q, Numeric):
        text = format_number(q.answer) + (f" {q.unit}" if q.unit else "")
        if q.tolerance:
            text += f" (answers within {format_number(q.tolerance)} of it count)"
        return (("", text),)
    if isinstance(q, ShortAnswer):
        first, *others = q.answers
        return (("", first + (f" (also accepted: {', '.join(others)})" if others else "")),)
    return ()


def format_number(value: float) -> str:
    """100000.0 -> '100,000'; 2.5 -> '2.5'."""
    return f"{value:,.12g}" if abs(value) < 1e15 else f"{value:g}"


def summary_view(result: SessionResult, feedback: Feedback) -> SummaryView:
    form = result.form
    scored = [o for o in result.outcomes if o.mark.earned is not None]
    skills: dict[str, list[float]] = {}
    for outcome in scored:
        for skill in outcome.item.question.skills:
            tally = skills.setdefault(skill, [0.0, 0.0])
            tally[0] += outcome.mark.earned or 0.0
            tally[1] += outcome.mark.possible
    answered = {o.item.number for o in result.outcomes}
    answered_possible = sum(o.mark.possible for o in scored)
    return SummaryView(
        stop=result.stop,
        feedback=feedback,
        answered=len(result.outcomes),
        count=len(form.items),
        earned=format_points(result.earned),
        possible=format_points(result.possible),
        percent=percent(result.earned, result.possible),
        answered_earned=format_points(result.earned),
        answered_possible=format_points(answered_possible),
        skills=tuple(
            SkillScore(skill, format_points(e), format_points(p), percent(e, p))
            for skill, (e, p) in sorted(skills.items())
        ),
        elapsed=format_duration(result.elapsed),
        review=tuple(
            (o.item.number, o.item.question.id, o.mark.status) for o in scored if o.mark.status != "right"
        ),
        unanswered=tuple((i.number, i.question.id) for i in form.items if i.number not in answered),
        essays=sum(o.mark.earned is None for o in result.outcomes),
    )


def format_duration(seconds: float) -> str:
    """'48 s', '3 min 05 s', '1 h 02 min'."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
