"""Canvas QTI export of a large bank: quizkit against text2qti, on the same questions, in one run.

    .venv/bin/pip install -e '.[bench]'        # text2qti, for this comparison only
    .venv/bin/python -m benchmarks.bench_qti [--questions 5000] [--repeat 3] [--keep DIR]

Generates a bank (multiple choice mostly, some multiple answer, true/false and short answer,
every question citing a quote cut from its article) and the same questions in text2qti's
Markdown, with the same explanation and evidence as feedback. Times quizkit's export of the
already-checked bank (build_forms + the qti12 exporter, zip written) against text2qti's
parse + package (Quiz + QTI.save), each the best of --repeat runs, then each command line
once, end to end. The goal: quizkit at most 0.4x text2qti's time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

GOAL = 0.4
WORDS = (  # noqa: SIM905 - a sentence of words reads better than 84 quoted strings
    "minister agreed talks trade summit alliance security energy export officials leaders "
    "statement investment tariffs partnership cooperation region defense growth market industry "
    "jobs plans support visit treaty islands pressure policy concerns analysts report economy "
    "manufacturing technology semiconductors shipping gas deal tensions meeting press conference "
    "welcomed promised pledged warned argued suggested announced expected reaffirmed signalled "
    "denied confirmed urged quickly broadly firmly openly largely mostly sharply briefly closely "
    "jointly formally early late new strong weak firm close broad wide steady careful cautious "
    "bold modest major minor key"
).split()


@dataclass
class Question:
    """One generated question, in a neutral form both writers share."""

    qid: str
    kind: str
    prompt: str
    choices: list[tuple[str, bool]] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    answer: bool = True
    source: str = ""
    quote: str = ""
    line: int = 0
    explanation: str = ""


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def unique_prompt(rng: random.Random, seen: set[str]) -> str:
    """A prompt no other question has (text2qti refuses duplicates; no digits, which check grounds)."""
    while True:
        words = [rng.choice(WORDS) for _ in range(4)]
        prompt = f"Which words does the {words[0]} {words[1]} article use about {words[2]} {words[3]}?"
        if prompt not in seen:
            seen.add(prompt)
            return prompt


def generate(count: int, seed: int) -> tuple[dict[str, list[str]], list[Question]]:
    """Articles (id -> lines) and questions citing them; the same seed gives the same bank."""
    rng = random.Random(seed)
    articles = {
        f"article-{i:02d}": [sentence(rng, rng.randint(14, 24)) for _ in range(60)] for i in range(40)
    }
    ids = sorted(articles)
    questions = []
    prompts: set[str] = set()
    for n in range(count):
        source = rng.choice(ids)
        index = rng.randrange(60)
        words = articles[source][index].rstrip(".").split()
        start = rng.randrange(0, len(words) - 8)
        quote = " ".join(words[start : start + 8])
        roll = rng.random()
        kind = (
            "multiple_choice"
            if roll < 0.85
            else "multiple_answer"
            if roll < 0.9
            else "true_false"
            if roll < 0.95
            else "short_answer"
        )
        q = Question(
            qid=f"q{n:05d}",
            kind=kind,
            prompt=unique_prompt(rng, prompts),
            source=source,
            quote=quote,
            line=index + 6,  # five lines of front matter, then the text
            explanation=f"The article says it in so many words: {sentence(rng, 10)}",
        )
        texts = list(dict.fromkeys(" ".join(rng.choice(WORDS) for _ in range(5)) for _ in range(8)))[:4]
        if kind == "multiple_choice":
            q.choices = [(t, i == 0) for i, t in enumerate(texts)]
        elif kind == "multiple_answer":
            q.choices = [(t, i < 2) for i, t in enumerate(texts)]
        elif kind == "true_false":
            q.answer = rng.random() < 0.5
        else:
            q.answers = [rng.choice(WORDS), rng.choice(WORDS) + " " + rng.choice(WORDS)]
            q.answers = list(dict.fromkeys(q.answers))
        questions.append(q)
    return articles, questions


def write_bank(folder: Path, articles: dict[str, list[str]], questions: list[Question]) -> None:
    """bank.yaml and sources/*.txt, strings written as JSON (which YAML reads as it is)."""
    (folder / "sources").mkdir(parents=True)
    for i, (sid, lines) in enumerate(sorted(articles.items())):
        front = f"---\ntitle: Wire report {i + 1}\noutlet: Benchmark Wire\nkind: news\n---\n"
        (folder / "sources" / f"{sid}.txt").write_text(front + "\n".join(lines) + "\n", encoding="utf-8")
    out = ["title: Benchmark bank", "questions:"]
    for q in questions:
        out += [f"  - id: {q.qid}", f"    type: {q.kind}", f"    prompt: {json.dumps(q.prompt)}"]
        if q.choices:
            out.append("    choices:")
            for text, correct in q.choices:
                out.append(f"      - text: {json.dumps(text)}")
                if correct:
                    out.append("        correct: true")
        elif q.kind == "true_false":
            out.append(f"    answer: {'true' if q.answer else 'false'}")
        else:
            out.append(f"    answers: {json.dumps(q.answers)}")
        out += [
            "    evidence:",
            f"      - source: {q.source}",
            f"        quote: {json.dumps(q.quote)}",
            f"    explanation: {json.dumps(q.explanation)}",
            "    skills: [claim-evidence]",
        ]
    (folder / "bank.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")


def write_text2qti(path: Path, articles: dict[str, list[str]], questions: list[Question]) -> None:
    """The same questions in text2qti's Markdown, the evidence in the general feedback."""
    labels = {
        sid: chr(ord("A") + i) if i < 26 else f"A{chr(ord('A') + i - 26)}"
        for i, sid in enumerate(sorted(articles))
    }
    out = ["Quiz title: Benchmark bank", "Quiz description: The same questions as the quizkit bank.", ""]
    for n, q in enumerate(questions, start=1):
        title = f"Wire report {sorted(articles).index(q.source) + 1}"
        feedback = (
            f"{q.explanation} Evidence: Article {labels[q.source]} ({title}), line {q.line}: “{q.quote}”"
        )
        out += [f"{n}.  {q.prompt}", f"... {feedback}"]
        if q.kind == "multiple_choice":
            out += [f"{'*' if c else ''}{chr(97 + i)}) {t}" for i, (t, c) in enumerate(q.choices)]
        elif q.kind == "multiple_answer":
            out += [f"[{'*' if c else ' '}] {t}" for t, c in q.choices]
        elif q.kind == "true_false":
            out += [f"{'*' if q.answer else ''}a) True", f"{'' if q.answer else '*'}b) False"]
        else:
            out += [f"*   {a}" for a in q.answers]
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def timed(run: Callable[[], None]) -> tuple[float, float]:
    """(wall, CPU) seconds of one run. The machine is shared: CPU time shows the work itself."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--questions", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the bank and Markdown here and keep them")
    args = parser.parse_args(argv)
    try:
        from text2qti.config import Config
        from text2qti.qti import QTI
        from text2qti.quiz import Quiz
    except ImportError:
        print("text2qti is not installed: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2

    from quizkit.checking import require_valid_bank
    from quizkit.exporters.base import ExportOptions, Staging
    from quizkit.exporters.qti12 import Qti12Exporter
    from quizkit.selection import Selection, build_forms

    work = Path(tempfile.mkdtemp(prefix="bench-qti-"))
    root = args.keep or work
    try:
        articles, questions = generate(args.questions, args.seed)
        bank_dir, markdown = root / "bench", root / "bench.md"
        if bank_dir.exists():
            shutil.rmtree(bank_dir)
        write_bank(bank_dir, articles, questions)
        write_text2qti(markdown, articles, questions)
        kinds = {k: sum(q.kind == k for q in questions) for k in dict.fromkeys(q.kind for q in questions)}
        print(
            f"{len(questions)} questions ({', '.join(f'{v} {k}' for k, v in kinds.items())}), "
            f"{len(articles)} articles"
        )

        start = time.perf_counter()
        bank, warnings = require_valid_bank(bank_dir)
        print(
            f"quizkit check (not part of the export figure): {time.perf_counter() - start:.2f} s, "
            f"{len(warnings)} warnings"
        )

        def quizkit_export() -> None:
            forms = build_forms(bank, Selection(seed=1))
            staging = Staging(work / "out")
            Qti12Exporter(ExportOptions(name="bench")).write(forms, staging)
            staging.discard()

        text = markdown.read_text(encoding="utf-8")

        def text2qti_export() -> None:
            quiz = Quiz(text, config=Config(), source_name=str(markdown))
            QTI(quiz).save(work / "text2qti.zip")

        runs: dict[str, list[tuple[float, float]]] = {"quizkit": [], "text2qti": []}
        for _ in range(args.repeat):  # alternate, so that load from elsewhere hits both alike
            runs["quizkit"].append(timed(quizkit_export))
            runs["text2qti"].append(timed(text2qti_export))
        (ours_wall, ours_cpu), (theirs_wall, theirs_cpu) = (
            (min(w for w, _ in runs[name]), min(c for _, c in runs[name])) for name in ("quizkit", "text2qti")
        )
        ratio = ours_wall / theirs_wall
        print(f"best of {args.repeat}:                       wall      CPU")
        print(f"quizkit  build_forms + qti12 export: {ours_wall:6.2f} s  {ours_cpu:6.2f} s")
        print(f"text2qti Quiz + QTI.save:            {theirs_wall:6.2f} s  {theirs_cpu:6.2f} s")
        met = "met" if ratio <= GOAL else "NOT met"
        print(
            f"ratio quizkit / text2qti: {ratio:.2f} wall, {ours_cpu / theirs_cpu:.2f} CPU "
            f"(goal <= {GOAL}: {met})"
        )

        bindir = Path(sys.executable).parent
        env = {**os.environ, "HOME": str(work)}  # text2qti's CLI writes a config file in HOME
        cli = [
            (
                "quizkit export --format canvas",
                [
                    str(bindir / "quizkit"),
                    "export",
                    str(bank_dir),
                    "--format",
                    "canvas",
                    "-o",
                    str(work / "cli"),
                ],
                root,
            ),
            ("text2qti bench.md", [str(bindir / "text2qti"), str(markdown)], root),
        ]
        for label, command, cwd in cli:
            start = time.perf_counter()
            done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
            elapsed = time.perf_counter() - start
            status = (
                "" if done.returncode == 0 else f"  (exit {done.returncode}: {done.stderr.strip()[-200:]})"
            )
            print(f"end to end, {label}: {elapsed:6.2f} s{status}")
        return 0 if ratio <= GOAL else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
