"""Google Forms: a Google Apps Script that a teacher runs once to build the quiz as a Google Form.

Google Forms has no file import, so quizkit writes `<name>-forms.gs`, which builds the form in
the teacher's own account when run at script.google.com; quizkit itself needs no network and no
credentials. The script follows the Apps Script reference
(https://developers.google.com/apps-script/reference/forms): `FormApp.create(title)`,
`setIsQuiz(true)`, multiple choice and true/false as `addMultipleChoiceItem`, multiple answer as
`addCheckboxItem`, each choice made with `createChoice(value, isCorrect)`, `setPoints(Integer)`
and `setFeedbackForCorrect`/`setFeedbackForIncorrect(QuizFeedback)`; matching as one keyed
`addListItem` dropdown per left-hand item under a section header; essays as
`addParagraphTextItem` with general feedback. FormApp cannot key a text item, so short-answer
and numeric questions are `addTextItem`s whose key the script sets through the advanced Forms
service when the teacher has switched it on (`Forms.Forms.batchUpdate` with an `updateItem`
request setting `questionItem.question.grading`: `pointValue`, `correctAnswers.answers[].value`,
`generalFeedback.text`, as https://developers.google.com/forms/api/reference/rest/v1/forms/batchUpdate
defines them); otherwise they are left for the teacher to mark, and the script logs which.

Bank text reaches the script only as one JSON literal (ASCII, `</` escaped), never pasted into code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from typing import Any

from quizkit.exporters.answerforms import case_forms, typed_forms
from quizkit.exporters.base import Exporter, ExportResult, Staging
from quizkit.exporters.lms import LossLog, SourceIndex, feedback_for, number_text, package_name
from quizkit.exporters.sheets import clean_text
from quizkit.exporters.streams import write_file
from quizkit.model import Essay, Matching, MultipleAnswer, MultipleChoice, Numeric, ShortAnswer, TrueFalse
from quizkit.selection import Form, FormItem
from quizkit.templating import render

MAX_RANGE = 21
"""A numeric range is written out as whole numbers when it holds at most this many."""
DOCUMENTED_MATCH = (
    "Google documents only that a typed answer is right when it matches one of the keyed answers, "
    "not whether capitals or spaces count: "
)
TYPED_MATCHING = DOCUMENTED_MATCH + (
    "quizkit keys each accepted answer as written, with straight quotes, with a curly apostrophe "
    "and without its punctuation, each with and without a full stop, in lower case, in capitals and "
    "with a capital first letter; other punctuation, other capitals, a doubled space inside, spaces "
    "before or after, or a number in words may be marked wrong where quizkit play accepts them"
)
NUMBER_MATCHING = DOCUMENTED_MATCH + (
    "quizkit keys the number in digits, also with thousands commas (1,000), with a full stop and "
    "with one space before, after or both; more spaces before or after, a number in words or other "
    "writing (1e3, $1000) may be marked wrong where quizkit play accepts them"
)
NO_SERVICE = (
    "short-answer and numeric questions get their key only when the Google Forms API service is "
    "added to the script before it runs (see the script's first lines); otherwise you mark them by hand"
)
CHECKBOX_SCORING = (
    "Google Forms gives a checkbox question its points only when exactly the right boxes are ticked "
    "(no partial credit as in quizkit play)"
)
ARTICLES = (
    "the articles are not in the form: give students the source packet (--format html or pdf); "
    "feedback cites its article letters and line numbers"
)


def js_literal(value: object) -> str:
    """`value` as JSON that is also safe JavaScript source: ASCII only, no `</`."""
    return json.dumps(value, ensure_ascii=True, indent=1).replace("</", "<\\/")


def whole_points(question_id: str, points: float, log: LossLog) -> int:
    """Google Forms points are whole numbers: `points` rounded, with a note if that changed it."""
    whole = math.floor(points + 0.5)
    if whole != points:
        log.add(
            question_id, f"Google Forms points are whole numbers: worth {whole}, not {number_text(points)}"
        )
    return whole


def split_points(total: int, parts: int) -> list[int]:
    """`total` split over `parts` whole numbers as evenly as can be, larger shares first; one
    point each when there are fewer points than parts (no item worth nothing)."""
    if total < parts:
        return [1] * parts
    share, extra = divmod(total, parts)
    return [share + 1 if i < extra else share for i in range(parts)]


def accepted_variants(answers: Sequence[str]) -> list[str]:
    """The answers as students type them (answerforms.typed_forms), each in answerforms.case_forms,
    once each."""
    return list(dict.fromkeys(case for form in typed_forms(answers) for case in case_forms(form)))


def number_variants(question: Numeric, log: LossLog) -> list[str]:
    """The numbers a student may type for a numeric question: with and without thousands commas,
    each also with a full stop and with one space before, after or both."""
    values: list[float] = [question.answer]
    if question.tolerance:
        low, high = question.answer - question.tolerance, question.answer + question.tolerance
        finite = math.isfinite(low) and math.isfinite(high)  # 1e308 within 1e308 is not
        first, last = (math.ceil(low - 1e-9), math.floor(high + 1e-9)) if finite else (0, MAX_RANGE)
        if float(question.answer).is_integer() and last - first < MAX_RANGE:  # counted, not listed
            values = [float(n) for n in range(first, last + 1)]
            log.add(
                question.id,
                "Google Forms cannot accept a range: the whole numbers in it are keyed, not decimals",
            )
        else:
            log.add(
                question.id,
                f"Google Forms cannot accept a range: only {number_text(question.answer)} is keyed "
                f"(not within {number_text(question.tolerance)})",
            )
    out: list[str] = []
    for value in values:
        texts = [number_text(value)]
        if float(value).is_integer() and abs(value) >= 1000:
            texts.append(f"{int(value):,}")
        out.extend(
            variant for text in texts for variant in (text, text + ".", f" {text}", f"{text} ", f" {text} ")
        )
    if question.unit:
        log.add(question.id, f"the unit '{question.unit}' is not in the key: students type the number alone")
    return out


def _feedback(form: Form, item: FormItem, sources: SourceIndex, log: LossLog) -> str:
    if any(choice.feedback for choice in item.choices):
        log.add(
            item.question.id, "Google Forms has no feedback per choice: the explanation and evidence are kept"
        )
    return render("platforms/feedback.txt.jinja", fb=feedback_for(form, item.question, sources)).strip()


def question_data(form: Form, item: FormItem, sources: SourceIndex, log: LossLog) -> dict[str, Any]:
    """What the script builds for one question."""
    q = item.question
    data: dict[str, Any] = {
        "id": q.id,
        "title": clean_text(q.prompt),
        "points": whole_points(q.id, q.points, log),
        "feedback": _feedback(form, item, sources, log),
    }
    if isinstance(q, MultipleChoice | MultipleAnswer):
        data["kind"] = "checkbox" if isinstance(q, MultipleAnswer) else "choice"
        data["choices"] = [{"value": clean_text(c.text), "correct": c.correct} for c in item.choices]
        if isinstance(q, MultipleAnswer):
            log.add(None, CHECKBOX_SCORING)
    elif isinstance(q, TrueFalse):
        data["kind"] = "choice"
        data["choices"] = [
            {"value": "True", "correct": q.answer},
            {"value": "False", "correct": not q.answer},
        ]
    elif isinstance(q, Matching):
        data["kind"] = "matching"
        data["help"] = "Choose the match for each item below. Some choices match nothing."
        shares = split_points(data["points"], len(q.pairs))
        if sum(shares) != data["points"]:
            log.add(
                q.id,
                f"Google Forms points are whole numbers: one point per item, worth {sum(shares)} "
                f"in all, not {data['points']}",
            )
        elif len(set(shares)) > 1:
            shown = ", ".join(map(str, shares))
            log.add(q.id, f"Google Forms points are whole numbers: the items are worth {shown}")
        rights = item.rights
        data["rows"] = [
            {
                "title": clean_text(pair.left),
                "points": share,
                "choices": [{"value": clean_text(text), "correct": text == pair.right} for text in rights],
            }
            for pair, share in zip(q.pairs, shares, strict=True)
        ]
    elif isinstance(q, ShortAnswer | Numeric):
        data["kind"] = "text"
        if isinstance(q, Numeric):
            data["answers"] = number_variants(q, log)
            log.add(q.id, NUMBER_MATCHING)
        else:
            data["answers"] = accepted_variants(q.answers)
            log.add(q.id, TYPED_MATCHING)
        log.add(None, NO_SERVICE)
    else:
        assert isinstance(q, Essay)
        data["kind"] = "paragraph"
        if q.rubric:
            log.add(q.id, "the rubric is for teachers and a form shows its text to students: left out")
    return data


class FormsExporter(Exporter):
    """`<name>-forms.gs`: paste into script.google.com and run buildQuiz."""

    name = "forms"
    suffix = ".gs"
    description = "Google Apps Script that builds the quiz as a Google Form (quiz mode, keys, feedback)"
    cannot_carry = ("feedback per choice", "essay rubrics", "the articles themselves")

    def write(self, forms: Sequence[Form], staging: Staging) -> ExportResult:
        log = LossLog(self.name)
        log.add(None, ARTICLES)
        sources = SourceIndex(forms[0].bank)
        bank = forms[0].bank
        for form in forms:
            title = clean_text(bank.title) + (f" (form {form.label})" if form.label else "")
            data = {
                "title": title,
                "description": (bank.info.instructions or "").strip(),
                "questions": [question_data(form, item, sources, log) for item in form.items],
            }
            write_file(
                staging.path(package_name(self.options.name, form, "-forms.gs")),
                "forms/quiz.gs.jinja",
                {"data": js_literal(data)},
                xml=False,
            )
        return ExportResult(log.losses)
