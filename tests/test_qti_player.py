"""The QTI packages in a real player: Citolab's qti-components (QTI 3) in headless Chromium.

tests/node/qti-player.mjs loads each item of the shipped bank's QTI 3.0 package, and two of each
type of its QTI 2.1 package converted to 3.0 with @citolab/qti-convert, answers through the
player's own interface (clicks choices, types text, clicks the matching grid), presses Submit and
reports the score and the feedback dialogs open. Each must agree with `quizkit play`'s scoring, show the explanation after
every submission (an empty one too) and, for a choice question, the feedback of each picked choice.

Two questions are added to a copy of the shipped bank for answers students type that the bank's
own keys do not exercise: a short answer whose key is "willingness" and a number whose key is 2027
(both quoted from the bank's articles).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from quizkit.exporters.answerforms import grouped
from quizkit.exporters.lms import number_text, stable_id
from quizkit.exporting import export_bank
from quizkit.loading import load_bank
from quizkit.model import (
    AnyQuestion,
    Essay,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
    TrueFalse,
)
from quizkit.scoring import Answer, UnreadableAnswer, parse_answer, score_answer
from quizkit.selection import Form, FormItem, Selection, build_form
from tests.test_lms_common import shipped_bank_or_skip

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / "tests" / "node"
DRIVER = NODE_DIR / "qti-player.mjs"
NODE = shutil.which("node")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NEEDED = ("@citolab/qti-components", "@citolab/qti-convert", "puppeteer-core")

EXTRA_QUESTIONS = """
  - id: statement-word
    type: short_answer
    prompt: >-
      Article C quotes the joint statement. Which word does the statement use for what Ishiba
      conveyed about investing, before any article turns it into a pledge?
    answers: [willingness]
    evidence:
      - source: joint-statement-report
        quote: Prime Minister Ishiba conveyed his willingness to cooperate together
    explanation: The statement speaks of willingness, not of a pledge or a done deal.
    skills: [trace-to-origin]
    difficulty: easy

  - id: defense-year
    type: numeric
    prompt: By which year, according to Article B, has Japan agreed to double its defense spending?
    answer: 2027
    evidence:
      - source: has-invested
        quote: Japan has agreed to double its defense spending by 2027
    explanation: Article B gives the year twice, once in its own words and once in Trump's.
    skills: [numbers-context]
    difficulty: easy
"""


def _skip_reason() -> str | None:
    if NODE is None:
        return "node is not installed (apt-get install nodejs)"
    if CHROMIUM is None:
        return "Chromium is not installed (apt-get install chromium)"
    missing = [name for name in NEEDED if not (NODE_DIR / "node_modules" / name).is_dir()]
    if missing:
        return f"node packages missing: {', '.join(missing)} (npm install --prefix tests/node)"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=_skip_reason() or "")


@dataclass(frozen=True)
class Case:
    """One submission: what the driver does and what quizkit says it earns."""

    question: AnyQuestion
    name: str
    answer: dict[str, Any]
    score: float
    feedback: frozenset[str] = field(default_factory=frozenset)


def _bank_with_extras(tmp: Path) -> Path:
    bank = tmp / "japan-us-summit"
    shutil.copytree(shipped_bank_or_skip(ROOT), bank)
    path = bank / "bank.yaml"
    path.write_text(path.read_text("utf-8").rstrip("\n") + "\n" + EXTRA_QUESTIONS, "utf-8")
    return bank


def _choice_index(ident: str) -> int:
    return int(ident[1:]) - 1  # c3 is the bank's third choice, l2 and r2 its second pair


def _typed(item: FormItem, text: str) -> float:
    """quizkit play's score for a typed answer (0 where play cannot read it)."""
    try:
        answer = parse_answer(item, text)
    except UnreadableAnswer:
        return 0.0
    return score_answer(item.question, answer).earned or 0.0


def _picked(question: MultipleChoice | MultipleAnswer, picks: list[int], name: str) -> Case:
    ids = [f"c{i + 1}" for i in picks]
    earned = score_answer(question, Answer(",".join(ids), tuple(sorted(picks)))).earned or 0.0
    shown = {f"c{i + 1}" for i in picks if question.choices[i].feedback}
    return Case(question, name, {"choices": ids}, earned, frozenset({"EXPLANATION", *shown}))


def cases_for(item: FormItem) -> list[Case]:
    """Right, wrong and empty answers to one question, and typed forms of a right answer."""
    q = item.question
    cases = [Case(q, "empty", {}, 0.0, frozenset({"EXPLANATION"}))]
    if isinstance(q, MultipleChoice):
        right = next(i for i, c in enumerate(q.choices) if c.correct)
        wrong = next(i for i, c in enumerate(q.choices) if not c.correct)
        cases += [_picked(q, [right], "right"), _picked(q, [wrong], "wrong")]
    elif isinstance(q, MultipleAnswer):
        keyed = [i for i, c in enumerate(q.choices) if c.correct]
        other = [i for i, c in enumerate(q.choices) if not c.correct]
        cases += [_picked(q, keyed, "right"), _picked(q, [keyed[0], *other[:1]], "mixed")]
    elif isinstance(q, TrueFalse):
        for name, value in (("right", q.answer), ("wrong", not q.answer)):
            earned = 0.0 if name == "wrong" else q.points
            cases.append(Case(q, name, {"choices": [str(value).lower()]}, earned, frozenset({"EXPLANATION"})))
    elif isinstance(q, Matching):
        n = len(q.pairs)
        right = [[f"l{i + 1}", f"r{i + 1}"] for i in range(n)]
        wrong = [[f"l{i + 1}", f"r{(i + 1) % n + 1}"] for i in range(n)]
        for name, pairs in (("right", right), ("wrong", wrong)):
            chosen = tuple(_choice_index(r) for _, r in pairs)
            earned = score_answer(q, Answer(name, chosen)).earned or 0.0
            cases.append(Case(q, name, {"pairs": pairs}, earned, frozenset({"EXPLANATION"})))
    elif isinstance(q, ShortAnswer | Numeric):
        if isinstance(q, ShortAnswer):
            key = q.answers[0]
            texts = {
                "right": key,
                "wrong": "xyzzy",
                "full stop": f"{key}.",
                "spaces": f"  {key.capitalize()}  ",
            }
        else:
            key = number_text(q.answer)
            texts = {
                "right": key,
                "wrong": number_text(q.answer + q.tolerance + 1),
                "spaces": f" {key} ",
                "full stop": f"{key}.",
            }
            if abs(q.answer) >= 1000:
                texts["digit-group comma"] = grouped(q.answer)
        for name, text in texts.items():
            cases.append(Case(q, name, {"text": text}, _typed(item, text), frozenset({"EXPLANATION"})))
    elif isinstance(q, Essay):
        text = "Article C, because it quotes the statement."
        cases.append(Case(q, "typed", {"text": text}, 0.0, frozenset({"EXPLANATION"})))  # marked by hand
    return cases


def _extract(zip_path: Path, into: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    return into


CONVERTED_PER_TYPE = 2
"""The converted 2.1 package plays this many questions of each type, and every typed answer: the
converter rewrites each construct the same way in every item, and the suite stays quick."""


def played_in(label: str, cases: list[Case]) -> list[Case]:
    """Every case for the QTI 3.0 package; for the converted 2.1 one, a few questions of each type."""
    if label == "qti30":
        return cases
    chosen: dict[str, list[str]] = {}
    for case in cases:
        ids = chosen.setdefault(case.question.type, [])
        if case.question.id not in ids and len(ids) < CONVERTED_PER_TYPE:
            ids.append(case.question.id)
    typed = ("full stop", "spaces", "digit-group comma")
    return [c for c in cases if c.question.id in chosen[c.question.type] or c.name in typed]


@dataclass(frozen=True)
class Played:
    """Every case, and what the player did with it, for each package."""

    form: Form
    cases: dict[str, list[Case]]
    results: dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Played:
    tmp = tmp_path_factory.mktemp("qti-player")
    bank = _bank_with_extras(tmp)
    loaded = load_bank(bank).bank
    assert loaded is not None
    form = build_form(loaded, Selection())
    report = export_bank(bank, ["qti30", "qti21"], tmp / "out", Selection())
    zips = {path.name.rsplit("-", 1)[1].removesuffix(".zip"): path for path in report.paths}
    packages = {
        "qti30": {"dir": str(_extract(zips["qti30"], tmp / "qti30"))},
        "qti21": {"dir": str(_extract(zips["qti21"], tmp / "qti21")), "convert": True},
    }
    cases = [case for item in form.items for case in cases_for(item)]
    shots = Path(os.environ["QUIZKIT_PLAYER_SHOTS"]) if os.environ.get("QUIZKIT_PLAYER_SHOTS") else None
    spec_cases = [
        {
            "package": label,
            "item": f"items/{stable_id(loaded.name, case.question.id)}.xml",
            "answer": case.answer,
            **({"screenshot": str(shots / f"{label}-{case.question.id}-{case.name}.png")} if shots else {}),
        }
        for label in packages
        for case in played_in(label, cases)
    ]
    spec = tmp / "spec.json"
    spec.write_text(json.dumps({"chromium": CHROMIUM, "packages": packages, "cases": spec_cases}), "utf-8")
    run = subprocess.run(
        [NODE or "node", str(DRIVER), str(spec)], capture_output=True, text=True, timeout=600, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    results = json.loads(run.stdout)["results"]
    by_package = {label: [r for r in results if r["package"] == label] for label in packages}
    found = Played(form, {label: played_in(label, cases) for label in packages}, by_package)
    if shots:  # what was seen, to read beside the screenshots
        lines = [f"{label}: {line}" for label in packages for line in disagreements(found, label)]
        (shots / "disagreements.txt").write_text("".join(f"{line}\n" for line in lines), "utf-8")
        (shots / "results.json").write_text(json.dumps(results, indent=1), "utf-8")
    return found


def disagreements(played: Played, label: str) -> list[str]:
    """Each case where the player's score, feedback or errors differ from what quizkit expects."""
    found = []
    for case, result in zip(played.cases[label], played.results[label], strict=True):
        where = f"{case.question.id} ({case.question.type}), {case.name} {json.dumps(case.answer)}"
        if result.get("failed"):
            found.append(f"{where}: the driver failed: {result['failed']}")
            continue
        if result["errors"]:
            found.append(f"{where}: the player reported {result['errors']}")
        if result["score"] is None or abs(result["score"] - case.score) > 0.001:
            found.append(f"{where}: the player scored {result['score']}, quizkit {case.score}")
        if frozenset(result["feedback"]) != case.feedback:
            found.append(
                f"{where}: the player showed {sorted(result['feedback'])}, expected {sorted(case.feedback)}"
            )
    return found


@pytest.mark.parametrize("label", ["qti30", "qti21"])
def test_the_player_scores_every_answer_as_quizkit_does_and_shows_its_feedback(
    played: Played, label: str
) -> None:
    assert disagreements(played, label) == []


def test_the_cases_cover_every_question_type_and_the_typed_forms(played: Played) -> None:
    kinds = {(case.question.type, case.name) for case in played.cases["qti21"]}
    for kind in (
        "multiple_choice",
        "multiple_answer",
        "true_false",
        "short_answer",
        "numeric",
        "matching",
        "essay",
    ):
        assert (kind, "empty") in kinds
    assert {
        ("short_answer", "full stop"),
        ("short_answer", "spaces"),
        ("numeric", "digit-group comma"),
    } <= kinds
    typed = {case.answer.get("text") for case in played.cases["qti21"]}
    assert {"willingness.", "  Nuclear  ", "2,027"} <= typed
    # play itself scores those typed forms right: the player must too
    right = {case.answer["text"]: case.score for case in played.cases["qti21"] if "text" in case.answer}
    assert right["willingness."] == right["  Nuclear  "] == right["2,027"] == 1


def test_a_picked_choice_with_feedback_shows_its_own_dialog(played: Played) -> None:
    """The per-choice feedback is really shown: the dialog's text is the choice's feedback."""
    for case, result in zip(played.cases["qti30"], played.results["qti30"], strict=True):
        question = case.question
        if isinstance(question, MultipleAnswer) and case.name == "mixed":
            for ident, text in zip(result["feedback"], result["texts"], strict=True):
                if ident != "EXPLANATION":
                    feedback = question.choices[_choice_index(ident)].feedback or ""
                    assert " ".join(feedback.split()) in text
            return
    pytest.fail("no multiple-answer question was played")
