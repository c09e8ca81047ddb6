"""A large synthetic bank that a correct `quizkit check` passes with no diagnostic at all.

    python -m benchmarks.generate_bank OUT_DIR --questions 10000 --sources 1000 --words 800 --seed 1

Sources read like wire copy (curly quotes, no-break spaces, ligatures, page residue, a line break
every ~15 words); every question cites quotes cut from them on word boundaries (some with an
ellipsis, some typed with straight quotes), and every number in a keyed answer is copied from its
quotes. The same seed gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.bank_text import (
    ADJECTIVES,
    NOUNS,
    PLURALS,
    VERBS,
    Amount,
    Article,
    Cut,
    clean,
    cut_quote,
    evidence_entries,
    has_word,
    make_article,
    other_amount,
    plain,
    render_article,
)
from quizkit.lint.leaks import distinctive
from quizkit.lint.words import STOP_WORDS, tokens

STAMP = ".generated.json"
VERSION = 5
"""Bumped whenever the same parameters would give different files, so stale banks are remade."""
SKILLS = (
    "headline-vs-body", "hedged-vs-definitive", "claim-evidence", "attribution-sourcing",
    "trace-to-origin", "news-vs-opinion", "fact-vs-opinion", "loaded-language",
    "numbers-context", "timeline-tense", "cross-outlet-omission", "who-is-behind",
)  # fmt: skip
TYPES = {  # realistic shares: mostly multiple choice, few matching
    "multiple_choice": 40,
    "multiple_answer": 12,
    "true_false": 15,
    "short_answer": 10,
    "numeric": 10,
    "matching": 6,
    "essay": 7,
}


@dataclass(frozen=True)
class Params:
    """What a generated bank depends on (stored beside it, so a benchmark can reuse it)."""

    questions: int
    sources: int
    words: int
    seed: int


# --- questions ---------------------------------------------------------------------------------


class QuestionMaker:
    """Writes questions of each type whose keyed answers stand on the quotes they cite."""

    def __init__(self, articles: list[Article], rng: random.Random) -> None:
        self.articles = articles
        self.rng = rng

    def cuts(self, *, kinds: tuple[str, ...] = (), length: tuple[int, int] = (5, 16)) -> list[Cut]:
        """One or two citations; the first one around an amount of `kinds` when given."""
        rng = self.rng
        while True:
            article = rng.choice(self.articles)
            first = cut_quote(article, rng, kinds=kinds, length=length)
            if first is not None:
                break
        cuts = [first]
        if rng.random() < 0.3:
            other = article if rng.random() < 0.5 else rng.choice(self.articles)
            second = cut_quote(other, rng)
            if second is not None and second.quote != first.quote:
                cuts.append(second)
        return cuts

    def ref(self, article: Article) -> str:
        return self.rng.choice(
            [f"the {article.outlet} article", f"\u201c{article.title}\u201d", f"the {article.outlet}"]
        )

    def noun(self, cut: Cut) -> str:
        found = [t for f in cut.fragments for t in f if t in NOUNS]
        return self.rng.choice(found) if found else "deal"

    def phrase(self, cuts: list[Cut], *, amount: bool = False) -> tuple[str, ...]:
        """A run of 3-7 tokens inside one fragment (holding an amount, if asked and possible)."""
        rng = self.rng
        fragments = [f for c in cuts for f in c.fragments]
        if amount:
            with_amount = [f for f in fragments if any(_is_amount(t, cuts) for t in f)]
            fragments = with_amount or fragments
        fragment = rng.choice(fragments)
        size = min(rng.randint(3, 7), len(fragment))
        spots = [i for i, t in enumerate(fragment) if _is_amount(t, cuts)] if amount else []
        start = (
            max(0, min(rng.choice(spots) - rng.randint(0, size - 1), len(fragment) - size))
            if spots
            else (rng.randint(0, len(fragment) - size))
        )
        run = fragment[start : start + size]
        return run if sum(map(has_word, run)) >= 2 else fragment

    def altered(self, run: tuple[str, ...], cuts: list[Cut]) -> str:
        """The run with one word or figure changed: a plausible misreading."""
        rng = self.rng
        tokens = list(run)
        spots = [i for i, t in enumerate(tokens) if has_word(t)]
        index = rng.choice(spots)
        amount = _amount_of(tokens[index], cuts)
        if amount is not None:
            tokens[index] = other_amount(amount, rng).text
        else:
            word = plain(tokens[index]).strip("\"'.,;:")
            pool = next((p for p in (NOUNS, PLURALS, VERBS, ADJECTIVES) if word in p), NOUNS)
            tokens[index] = rng.choice([w for w in pool if w != word])
        return clean(tokens)

    def distinct(self, first: str, make: Callable[[], str], count: int) -> list[str]:
        """`count` texts from `make` that differ from `first` and each other (ignoring case and
        kinds of space, as check compares choices)."""
        seen = {_folded(first)}
        found: list[str] = []
        for _ in range(1000):
            if len(found) == count:
                return found
            text = make()
            if text and _folded(text) not in seen:
                seen.add(_folded(text))
                found.append(text)
        raise RuntimeError(f"cannot make {count} distinct variants of {first!r}")

    # One method per question type: each returns the type's fields and its citations.

    def multiple_choice(self) -> tuple[dict[str, Any], list[Cut]]:
        rng = self.rng
        cuts = self.cuts(kinds=("money", "count", "percent", "year", "words") if rng.random() < 0.7 else ())
        ref, noun = self.ref(cuts[0].article), self.noun(cuts[0])
        if cuts[0].amounts:
            amount = rng.choice(cuts[0].amounts)
            form = rng.choice(["{}", "It reports {}.", "{}, according to the article"])
            key = form.format(_display(amount, rng))
            wrong = self.distinct(key, lambda: form.format(other_amount(amount, rng).text), 3)
            prompt = f"What figure does {ref} give in its passage on the {noun}?"
        else:
            run = self.phrase(cuts)
            key = clean(run)
            wrong = self.distinct(key, lambda: self.altered(run, cuts), 3)
            prompt = f"Which words does {ref} use about the {noun}?"
        choices: list[dict[str, Any]] = [{"text": key, "correct": True}]
        if rng.random() < 0.3:
            choices[0]["feedback"] = "Right: that is what the passage says."
        choices += [{"text": text} for text in wrong]
        rng.shuffle(choices)
        return {"prompt": prompt, "choices": choices}, cuts

    def multiple_answer(self) -> tuple[dict[str, Any], list[Cut]]:
        rng = self.rng
        cuts = self.cuts(length=(8, 16))
        runs = [self.phrase(cuts) for _ in range(2)]
        keys = list({clean(r).casefold(): clean(r) for r in reversed(runs)}.values())
        wrong = self.distinct(keys[0], lambda: self.altered(rng.choice(runs), cuts), 4)
        wrong = [w for w in wrong if w.casefold() not in {k.casefold() for k in keys}][:2]
        choices = [{"text": k, "correct": True} for k in keys] + [{"text": w} for w in wrong]
        rng.shuffle(choices)
        prompt = f"Which of these phrases appear in {self.ref(cuts[0].article)}? Select all that apply."
        return {"prompt": prompt, "choices": choices}, cuts

    def true_false(self) -> tuple[dict[str, Any], list[Cut]]:
        rng = self.rng
        cuts = self.cuts(kinds=("money", "percent", "count") if rng.random() < 0.6 else ())
        run = self.phrase(cuts, amount=True)
        answer = rng.random() < 0.5
        words = clean(run) if answer else self.altered(run, cuts)
        prompt = f"{_capital(self.ref(cuts[0].article))} prints the words \u201c{words}\u201d."
        return {"prompt": prompt, "answer": answer}, cuts

    def short_answer(self) -> tuple[dict[str, Any], list[Cut]]:
        rng = self.rng
        cuts = self.cuts(kinds=("money", "percent", "count", "words") if rng.random() < 0.6 else ())
        ref = self.ref(cuts[0].article)
        if cuts[0].amounts:
            amount = rng.choice(cuts[0].amounts)
            answers = list(dict.fromkeys([_display(amount, rng), *amount.variants]))
            prompt = (
                f"What figure does {ref} give in its passage on the {self.noun(cuts[0])}? Digits are fine."
            )
            return {"prompt": prompt, "answers": answers}, cuts
        fragment = cuts[0].fragments[0]
        nouns = [i for i, t in enumerate(fragment) if t in NOUNS]
        if not nouns:
            return self.short_answer()
        gap = rng.choice(nouns)
        blanked = clean([*fragment[:gap], "_____", *fragment[gap + 1 :]])
        prompt = f"Fill in the missing word from {ref}: \u201c{blanked}\u201d"
        return {"prompt": prompt, "answers": [fragment[gap], fragment[gap].capitalize()]}, cuts

    def numeric(self) -> tuple[dict[str, Any], list[Cut]]:
        rng = self.rng
        cuts = self.cuts(kinds=("count", "percent", "year", "words"))
        amount = rng.choice([a for a in cuts[0].amounts if a.kind in ("count", "percent", "year", "words")])
        value: float = int(amount.value) if amount.value == int(amount.value) else amount.value
        ref = self.ref(cuts[0].article)
        fields: dict[str, Any] = {"answer": value}
        if amount.kind == "percent":
            fields["prompt"] = f"What percentage does {ref} report? Write the number only."
            fields["unit"] = "percent"
        elif amount.kind == "year":
            fields["prompt"] = f"Which year does {ref} name in its passage on the {self.noun(cuts[0])}?"
        else:
            fields["prompt"] = f"How many does {ref} count in its passage on the {self.noun(cuts[0])}?"
        if rng.random() < 0.2:
            fields["tolerance"] = 0.5
        return {"prompt": fields.pop("prompt"), **fields}, cuts

    def matching(self) -> tuple[dict[str, Any], list[Cut]]:
        while True:
            cuts = self.cuts(length=(14, 20))
            fragment = cuts[0].fragments[0]
            count = 4 if len(fragment) >= 18 and self.rng.random() < 0.5 else 3
            pairs = [{"left": clean(fragment[i : i + 2]), "right": clean(fragment[i + 2 : i + 4])}
                     for i in range(0, 4 * count, 4)]  # fmt: skip
            extra = clean(fragment[4 * count : 4 * count + 2])  # so that the last match is not free
            lefts = {p["left"].casefold() for p in pairs}
            rights = {p["right"].casefold() for p in pairs}
            if (
                len(lefts) == len(rights) == count
                and all(p["left"] and p["right"] for p in pairs)
                and extra
                and extra.casefold() not in rights
            ):
                prompt = f"Match the start of each phrase with how {self.ref(cuts[0].article)} continues it."
                return {"prompt": prompt, "pairs": pairs, "distractors": [extra]}, cuts

    def essay(self) -> tuple[dict[str, Any], list[Cut]]:
        cuts = self.cuts()
        ref, noun = self.ref(cuts[0].article), self.noun(cuts[0])
        fields: dict[str, Any] = {
            "prompt": f"Using the quoted passage, explain what {ref} claims about the {noun}, and how."
        }
        if self.rng.random() < 0.7:
            fields["rubric"] = (
                "Full marks: quotes the passage, names who is speaking, separates claim from fact."
            )
        return fields, cuts


def _is_amount(token: str, cuts: list[Cut]) -> bool:
    return _amount_of(token, cuts) is not None


def _amount_of(token: str, cuts: list[Cut]) -> Amount | None:
    return next((a for c in cuts for a in c.amounts if a.text == token), None)


def _display(amount: Amount, rng: random.Random) -> str:
    """The figure as a teacher copies it: usually with plain spaces."""
    return amount.text if rng.random() < 0.2 else amount.text.replace("\u00a0", " ")


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _capital(text: str) -> str:
    lead = 2 if text.startswith("\u201c") else 1
    return text[:lead].upper() + text[lead:]


class LeakGuard:
    """Keeps the bank free of leaked keys, as a well-written bank is: no question prints another's key.

    Random phrases cut from the same articles sometimes coincide; a question whose shown texts
    print an earlier key, or whose key an earlier question prints, is drawn again. Keys and
    texts are compared as quizkit's `leaked-key` lint compares them (words between spaces).
    """

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], list[str]] = {}
        """Each distinctive key's words, joined, under its most telling pair of words."""
        self.shown: dict[tuple[str, str], list[str]] = {}
        """Each shown text's words, joined, under every pair of adjacent words it has."""

    def take(self, question: dict[str, Any]) -> bool:
        """Record the question and return True, or return False if it would leak a key either way."""
        keys = [w for w in map(tokens, _keys_of(question)) if len(w) >= 2 and distinctive(w)]
        shown = [tokens(text) for text in _shown_of(question)]
        for words in shown:
            joined = _joined(words)
            for pair in itertools.pairwise(words):
                if any(key in joined for key in self.keys.get(pair, ())):
                    return False
        for words in keys:
            rarest = min(itertools.pairwise(words), key=lambda pair: len(self.shown.get(pair, ())))
            if any(_joined(words) in text for text in self.shown.get(rarest, ())):
                return False
        for words in keys:
            self.keys.setdefault(_anchor(words), []).append(_joined(words))
        for words in shown:
            joined = _joined(words)
            for pair in set(itertools.pairwise(words)):
                self.shown.setdefault(pair, []).append(joined)
        return True


def _keys_of(question: dict[str, Any]) -> list[str]:
    if "choices" in question:
        return [c["text"] for c in question["choices"] if c.get("correct")]
    return list(question.get("answers", ()))


def _shown_of(question: dict[str, Any]) -> list[str]:
    texts = [question["prompt"], *(c["text"] for c in question.get("choices", ()))]
    texts += [p[side] for p in question.get("pairs", ()) for side in ("left", "right")]
    return texts + list(question.get("distractors", ()))


def _joined(words: tuple[str, ...]) -> str:
    return f" {' '.join(words)} "


def _anchor(words: tuple[str, ...]) -> tuple[str, str]:
    """The adjacent pair with the most words that are not stop words (a short list to search)."""
    return max(itertools.pairwise(words), key=lambda pair: sum(w not in STOP_WORDS for w in pair))


def make_question(number: int, maker: QuestionMaker) -> dict[str, Any]:
    """One question of a type drawn in realistic proportions, with its bookkeeping fields."""
    rng = maker.rng
    kind = rng.choices(list(TYPES), list(TYPES.values()))[0]
    fields, cuts = getattr(maker, kind)()
    question: dict[str, Any] = {
        "id": f"q{number:05d}",
        "type": kind,
        **fields,
        "evidence": evidence_entries(cuts),
    }
    if rng.random() < 0.1:
        words = [t for t in cuts[0].fragments[0] if t.isalpha()]
        if words:
            question["grounding"] = [rng.choice(words).lower()]
    excerpt = clean(cuts[0].fragments[0][:8])
    question["explanation"] = (
        f"The passage reads \u201c{excerpt} \u2026\u201d; the answer rests on those words, "
        "not on the headline."
    )
    question["skills"] = sorted(rng.sample(SKILLS, rng.choice([1, 1, 2])))
    question["difficulty"] = rng.choices(["easy", "medium", "hard"], [35, 45, 20])[0]
    if kind in ("multiple_answer", "matching", "essay") and rng.random() < 0.5:
        question["points"] = 2
    return question


# --- writing -----------------------------------------------------------------------------------


def generate(out: Path, params: Params) -> None:
    """Write bank.yaml and sources/ into `out` (a folder this generator made, or a new one)."""
    _prepare(out)
    rng = random.Random(params.seed)
    articles = [make_article(i + 1, params.words, rng) for i in range(params.sources)]
    (out / "sources").mkdir(parents=True, exist_ok=True)
    for article in articles:
        text = render_article(article, rng)
        (out / "sources" / f"{article.id}.txt").write_text(text, encoding="utf-8", newline="\n")
    maker = QuestionMaker(articles, rng)
    guard = LeakGuard()
    questions: list[dict[str, Any]] = []
    for number in range(1, params.questions + 1):
        question = make_question(number, maker)
        while not guard.take(question):
            question = make_question(number, maker)
        questions.append(question)
    bank = {
        "title": f"Synthetic benchmark bank ({params.questions} questions)",
        "description": "Generated by benchmarks/generate_bank.py; every quote is cut from its source.",
        "instructions": "Answer from the articles alone.",
        "questions": questions,
    }
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(bank, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)
    (out / "bank.yaml").write_text(text, encoding="utf-8", newline="\n")
    (out / STAMP).write_text(json.dumps({"version": VERSION, **asdict(params)}) + "\n", encoding="utf-8")


def _prepare(out: Path) -> None:
    """Refuse to write into a folder this generator did not make; clear one it did."""
    if out.exists() and any(out.iterdir()):
        if not (out / STAMP).is_file():
            raise FileExistsError(f"{out} is not empty and was not made by this generator")
        shutil.rmtree(out / "sources", ignore_errors=True)
        (out / "bank.yaml").unlink(missing_ok=True)
        (out / STAMP).unlink()
    out.mkdir(parents=True, exist_ok=True)


def stamp_of(out: Path) -> Params | None:
    """The parameters a folder was generated with by this version of the generator, or None."""
    try:
        stamp = json.loads((out / STAMP).read_text(encoding="utf-8"))
        return Params(**stamp) if stamp.pop("version", None) == VERSION else None
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate_bank", description=__doc__.split("\n")[0]
    )
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=1_000)
    parser.add_argument("--words", type=int, default=800, help="words per source (about)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    params = Params(args.questions, args.sources, args.words, args.seed)
    started = time.perf_counter()
    try:
        generate(args.out, params)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"wrote {params.sources} sources and {params.questions} questions to {args.out} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
