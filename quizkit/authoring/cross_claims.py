"""Moments across articles: one figure in different words, omissions, single sources, shared quotes."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from quizkit.authoring.article_claims import amount_value, verb_class
from quizkit.authoring.claims import AMOUNT, PREVIEW, QUOTED, Article, Candidate, Quote, Sentence, quote_of

SHINGLE = 6
"""Words in a row that two articles must share to count as the same quotation."""
_TOKEN = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    sentence: Sentence
    start: int
    end: int
    quoted: bool


def _figures(article: Article) -> dict[float, list[tuple[str, Sentence]]]:
    found: dict[float, list[tuple[str, Sentence]]] = defaultdict(list)
    for sentence in article.sentences:
        for match in AMOUNT.finditer(sentence.text):
            value = amount_value(match.group())
            if value is not None and value >= 1e6:
                found[value].append((match.group(), sentence))
    return found


def _wording(sentence: Sentence) -> str:
    if PREVIEW.search(sentence.text):
        return "expected"
    return verb_class(sentence.text) or "stated"


def figure_candidates(articles: list[Article]) -> Iterator[Candidate]:
    """A figure in several articles: its wording in each, who omits it, who alone gives one."""
    figures = [_figures(a) for a in articles]
    values = sorted({v for f in figures for v in f}, reverse=True)
    for value in values:
        having = [(a, f[value]) for a, f in zip(articles, figures, strict=True) if value in f]
        if len(having) >= 2:
            picks = [(article, _best(mentions)) for article, mentions in having]
            wordings = {a.letter: _wording(s) for a, (_, s) in picks}
            quotes = [_quote_at(s, text) for _, (text, s) in picks]
            shown = picks[0][1][0].strip()
            if len(set(wordings.values())) > 1:
                ladder = "; ".join(f"{letter}: {w}" for letter, w in wordings.items())
                yield Candidate(
                    "same-figure-wording",
                    "hedged-vs-definitive",
                    0.93,
                    f'"{shown}" in {len(picks)} articles, worded differently ({ladder})',
                    quotes[:5],
                    ["cross-outlet-omission"],
                )
            missing = [a.letter for a in articles if value not in figures[articles.index(a)]]
            if len(articles) >= 3 and len(missing) == 1:
                yield Candidate(
                    "omission",
                    "cross-outlet-omission",
                    0.9,
                    f'every article but {missing[0]} reports "{shown}"; '
                    f"Article {missing[0]} never mentions it",
                    quotes[:4],
                )
        elif len(articles) >= 3:
            article, mentions = having[0]
            text, sentence = _best(mentions)
            yield Candidate(
                "single-source",
                "cross-outlet-omission",
                0.55,
                f'only Article {article.letter} gives "{text.strip()}": one source, no corroboration here',
                [_quote_at(sentence, text)],
                ["numbers-context"],
            )


def _best(mentions: list[tuple[str, Sentence]]) -> tuple[str, Sentence]:
    """The mention whose wording says most about the act: a verb of doing or promising first."""
    for text, sentence in mentions:
        if verb_class(sentence.text):
            return text, sentence
    return mentions[0]


def _quote_at(sentence: Sentence, text: str) -> Quote:
    at = sentence.text.find(text)
    return quote_of(sentence, at, at + len(text))


def _tokens(article: Article) -> list[_Token]:
    tokens: list[_Token] = []
    for sentence in article.sentences:
        quoted = [m.span() for m in QUOTED.finditer(sentence.text)]
        for match in _TOKEN.finditer(sentence.text):
            inside = any(a <= match.start() < b for a, b in quoted)
            tokens.append(_Token(match.group().lower(), sentence, match.start(), match.end(), inside))
    return tokens


def shared_quote_candidates(articles: list[Article]) -> Iterator[Candidate]:
    """Words quoted in one article that stand in another too: trace the quotation to its origin."""
    tokens = [_tokens(a) for a in articles]
    index: dict[tuple[str, ...], list[tuple[int, int]]] = defaultdict(list)
    for which, words in enumerate(tokens):
        for at in range(len(words) - SHINGLE + 1):
            index[tuple(t.word for t in words[at : at + SHINGLE])].append((which, at))
    best: dict[tuple[int, int], tuple[int, int, int, bool]] = {}
    for which, words in enumerate(tokens):
        for at in range(len(words) - SHINGLE + 1):
            for other, other_at in index[tuple(t.word for t in words[at : at + SHINGLE])]:
                if other <= which:
                    continue
                length = SHINGLE
                while (
                    at + length < len(words)
                    and other_at + length < len(tokens[other])
                    and words[at + length].word == tokens[other][other_at + length].word
                ):
                    length += 1
                quoted = words[at].quoted or tokens[other][other_at].quoted
                pair = (which, other)
                if pair not in best or length > best[pair][2]:
                    best[pair] = (at, other_at, length, quoted)
    for (which, other), (at, other_at, length, quoted) in best.items():
        if not quoted and length < 2 * SHINGLE:
            continue  # a name or a stock phrase in common, not a copied passage
        one = _run_quote(tokens[which][at : at + length])
        two = _run_quote(tokens[other][other_at : other_at + length])
        if one is None or two is None:
            continue
        first, second = articles[which].letter, articles[other].letter
        yield Candidate(
            "shared-quotation",
            "trace-to-origin",
            0.92 if quoted else 0.6,
            f"Articles {first} and {second} share these {length} words"
            + (
                " in a quotation: who said or wrote them first?"
                if quoted
                else ": copied from a common source?"
            ),
            [one, two],
            ["attribution-sourcing"],
        )


def _run_quote(run: list[_Token]) -> Quote | None:
    """The words of a run, copied from their sentence (a run that crosses sentences keeps the first)."""
    sentence = run[0].sentence
    inside = [t for t in run if t.sentence is sentence]
    if len(inside) < SHINGLE:
        return None
    text = sentence.text[inside[0].start : inside[-1].end]
    return Quote(sentence.source, sentence.letter, sentence.line_at(inside[0].start), text)


ACRONYM = re.compile(r"\b((?:[A-Za-z][\w-]*\s+){1,4}[A-Za-z][\w-]*)\s+\(([A-Z]{2,6})\)")


def _terms(articles: list[Article]) -> dict[str, list[str]]:
    """Topics the articles name by an acronym, with the words it stands for (LNG, liquefied natural gas)."""
    terms: dict[str, list[str]] = {}
    for article in articles:
        for sentence in article.sentences:
            for words, short in ACRONYM.findall(sentence.text):
                letters = [w[0].upper() for w in words.split()]
                if "".join(letters[-len(short) :]) == short:
                    long = " ".join(words.split()[-len(short) :])
                    terms.setdefault(short, [short, long.lower()])
    return terms


def term_candidates(articles: list[Article]) -> Iterator[Candidate]:
    """A topic that all articles but one name: how each words it, and which leaves it out."""
    if len(articles) < 4:
        return
    for term, spellings in _terms(articles).items():
        mentions: list[tuple[Article, Sentence]] = []
        for article in articles:
            found = [s for s in article.sentences if any(_names(s.text, w) for w in spellings)]
            if found:
                mentions.append((article, found[0]))
        if len(mentions) != len(articles) - 1:
            continue
        missing = next(a.letter for a in articles if a not in [m[0] for m in mentions])
        wordings = "; ".join(f"{a.letter}: {_wording(s)}" for a, s in mentions)
        yield Candidate(
            "named-in-most",
            "cross-outlet-omission",
            0.82 if len({_wording(s) for _, s in mentions}) > 1 else 0.7,
            f"every article but {missing} mentions {term} ({wordings}): "
            "compare the wording, and the omission",
            [_quote_at(s, _first_spelling(s.text, spellings)) for _, s in mentions][:5],
            ["hedged-vs-definitive"],
        )


def _names(text: str, spelling: str) -> bool:
    if spelling.islower():
        return spelling in text.lower()
    return re.search(r"\b" + re.escape(spelling) + r"\b", text) is not None


def _first_spelling(text: str, spellings: list[str]) -> str:
    lowered = text.lower()
    at = min((lowered.find(w.lower()), w) for w in spellings if w.lower() in lowered)
    return text[at[0] : at[0] + len(at[1])]


def cross_candidates(articles: list[Article]) -> list[Candidate]:
    """Every candidate that compares articles, unranked."""
    if len(articles) < 2:
        return []
    return [*figure_candidates(articles), *term_candidates(articles), *shared_quote_candidates(articles)]
