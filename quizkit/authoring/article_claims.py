"""Teachable moments that take a whole article: headline against body, a preview, its own figures."""

from __future__ import annotations

import re
from collections.abc import Iterator

from quizkit.authoring.claims import (
    AMOUNT,
    DEFINITIVE,
    GLUED_NAME,
    HEDGED,
    POSSESSED_SUM,
    PREVIEW,
    SENTENCE_DETECTORS,
    SPEECH,
    Article,
    Candidate,
    Sentence,
    find_residue,
    quote_of,
)

REPORTED = re.compile(
    r"\b(?:said|announced|agreed|reaffirmed|confirmed|signed|released|stated|reiterated|discussed|"
    r"emphasized|emphasised|highlighted|affirmed|secured|invited|concurred|addressed|presented)\b",
    re.IGNORECASE,
)
STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "its",
        "it",
        "this",
        "that",
        "these",
        "those",
        "his",
        "her",
        "their",
        "our",
        "your",
        "my",
        "during",
        "amid",
        "after",
        "before",
        "over",
        "into",
        "about",
        "while",
        "who",
    ]
)
MAGNITUDE = {"trillion": 1e12, "billion": 1e9, "million": 1e6}


def sentence_candidates(article: Article) -> Iterator[Candidate]:
    """Each sentence through each detector; a headline's findings count for a little more."""
    headlines = {id(s) for s in article.headlines}
    paragraphs: dict[int, str] = {}
    for s in article.sentences:
        paragraphs[s.paragraph] = f"{paragraphs.get(s.paragraph, '')} {s.text}"
    residue: list[tuple[float, Sentence, int, int]] = []
    for sentence in article.sentences:
        for name, skill, detect in SENTENCE_DETECTORS:
            for score, why, start, end in detect(sentence.text):
                if "with no one named" in why and SPEECH.search(paragraphs[sentence.paragraph]):
                    continue  # the speaker is named in another sentence of the paragraph
                bonus = 0.05 if id(sentence) in headlines else 0.0
                yield Candidate(name, skill, score + bonus, why, [quote_of(sentence, start, end)])
        for score, why, start, end in find_residue(sentence):
            if "opinion" in why:
                yield Candidate(
                    "page-residue", "news-vs-opinion", score, why, [quote_of(sentence, start, end)]
                )
            else:
                residue.append((score, sentence, start, end))
    if residue:  # one question: which of these lines are not part of the article?
        yield Candidate(
            "page-residue",
            "who-is-behind",
            max(score for score, *_ in residue) + 0.03 * (len(residue) - 1),
            f"{len(residue)} line{'s' if len(residue) > 1 else ''} of page residue (buttons, banners, "
            "prompts, labels): not part of the article",
            [quote_of(s, a, b) for _, s, a, b in residue],
        )
    last = article.sentences[-1:] if article.sentences else ()
    for sentence in last:
        glued = GLUED_NAME.search(sentence.text)
        if glued:
            yield Candidate(
                "page-residue",
                "who-is-behind",
                0.6,
                f'a name ("{glued.group(1)}") glued to the last sentence: a byline? who wrote this?',
                [quote_of(sentence, glued.start(1), glued.end(1))],
            )


def verb_class(text: str) -> str | None:
    """'done' for wording that states an act as completed, 'promised' for a pledge or aim, else None."""
    if DEFINITIVE.search(text) or POSSESSED_SUM.search(text):
        return "done"
    if HEDGED.search(text):
        return "promised"
    return None


def headline_candidates(article: Article) -> Iterator[Candidate]:
    """The headline against the first sentences of the body: a stronger verb, a word the body lacks."""
    body = [s for s in article.sentences if s not in article.headlines]
    if not article.headlines or not body:
        return
    lede = body[0]
    body_words = {w.lower().replace(".", "") for s in body for w in re.findall(r"[A-Za-z][\w.’'-]*", s.text)}
    for s in body:  # "Prime Minister" stands for "PM"
        names = re.findall(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+", s.text)
        for name in names:
            initials = "".join(w[0] for w in name.split()).lower()
            body_words.update(initials[i : i + 2] for i in range(len(initials) - 1))
    for headline in [h for h in article.headlines if len(h.text.split()) > 2]:
        head_class, lede_class = verb_class(headline.text), verb_class(lede.text)
        if head_class and lede_class and head_class != lede_class:
            yield Candidate(
                "headline-vs-body",
                "headline-vs-body",
                0.98,
                f"the headline's verb says {'done' if head_class == 'done' else 'promised'}, "
                f"the body's first sentence says {lede_class}",
                [quote_of(headline), quote_of(lede, *_verb_span(lede.text))],
                ["hedged-vs-definitive"],
            )
        body_amounts = {amount_value(m.group()) for s in body for m in AMOUNT.finditer(s.text)}
        for figure in AMOUNT.finditer(headline.text):
            if amount_value(figure.group()) not in body_amounts:
                yield Candidate(
                    "headline-vs-body",
                    "headline-vs-body",
                    0.9,
                    f'the headline\'s figure "{figure.group().strip()}" appears nowhere in the body',
                    [quote_of(headline, *figure.span())],
                    ["numbers-context"],
                )
        missing = [
            word
            for word in re.findall(r"[A-Za-z][\w’'-]*", headline.text)
            if word.lower() not in STOP and len(word) > 1 and not _mentioned(word.lower(), body_words)
        ]
        if any(word.isupper() for word in missing):
            named = ", ".join(f'"{w}"' for w in missing if w.isupper())
            yield Candidate(
                "headline-vs-body",
                "headline-vs-body",
                0.85,
                f"the headline names {named}, which the body never mentions",
                [quote_of(headline)],
            )
        following = [h for h in article.headlines if h.line > headline.line and len(h.text.split()) > 2]
        if following and not AMOUNT.search(headline.text) and AMOUNT.search(following[0].text):
            yield Candidate(
                "headline-vs-body",
                "headline-vs-body",
                0.8,
                "a headline that teases without saying what happened; the next line says it",
                [quote_of(headline), quote_of(following[0])],
                ["loaded-language"],
            )


def _mentioned(word: str, words: set[str]) -> bool:
    """Whether the body has the word, or (for a long word) one with the same first five letters."""
    if len(word) < 5:
        return word in words
    return any(w.startswith(word[:5]) for w in words)


def _verb_span(text: str) -> tuple[int, int]:
    match = DEFINITIVE.search(text) or POSSESSED_SUM.search(text) or HEDGED.search(text)
    return match.span() if match else (0, 0)


def preview_candidates(article: Article) -> Iterator[Candidate]:
    """An article whose verbs mostly look ahead: a preview written before the event."""
    ahead = [s for s in article.sentences if PREVIEW.search(s.text)]
    reported = [s for s in article.sentences if REPORTED.search(s.text) and not PREVIEW.search(s.text)]
    if len(ahead) >= 3 and len(ahead) >= len(reported):
        yield Candidate(
            "preview",
            "timeline-tense",
            0.97,
            f"{len(ahead)} sentences look ahead ({', '.join(_preview_words(ahead))}): "
            "the article reads as a preview written before the event",
            [quote_of(s, *PREVIEW.search(s.text).span()) for s in ahead[:2]],  # type: ignore[union-attr]
        )


def _preview_words(sentences: list[Sentence]) -> list[str]:
    found = [m.group() for s in sentences if (m := PREVIEW.search(s.text))]
    return [f'"{word}"' for word in dict.fromkeys(found)][:3]


def figure_candidates(article: Article) -> Iterator[Candidate]:
    """The article against its own figures: 'multi-trillion' beside $1 trillion, a billion beside it."""
    amounts: list[tuple[float, str, Sentence]] = []
    for sentence in article.sentences:
        for match in AMOUNT.finditer(sentence.text):
            value = amount_value(match.group())
            if value is not None:
                amounts.append((value, match.group(), sentence))
    if not amounts:
        return
    largest = max(amounts, key=lambda a: a[0])
    for sentence in article.sentences:
        multi = re.search(r"\bmulti-?(trillion|billion|million)", sentence.text, re.IGNORECASE)
        if multi:
            scale = MAGNITUDE[multi.group(1).lower()]
            own = [a for a in amounts if scale <= a[0] < 2 * scale]
            if own:
                yield Candidate(
                    "internal-consistency",
                    "numbers-context",
                    0.96,
                    f'"{multi.group()}" does not fit the article\'s own "{own[0][1]}"',
                    [quote_of(sentence, *multi.span()), quote_of(own[0][2], *_span(own[0][2], own[0][1]))],
                    ["claim-evidence"],
                )
    yield from _both_ways([a for a in amounts if a[2] not in article.headlines])
    for value, text, sentence in amounts:
        if value and largest[0] / value >= 500 and largest[2] is not sentence:
            yield Candidate(
                "magnitude",
                "numbers-context",
                0.72,
                f'"{text}" beside the article\'s "{largest[1]}": about 1/{round(largest[0] / value):,} of it',
                [
                    quote_of(sentence, *_span(sentence, text)),
                    quote_of(largest[2], *_span(largest[2], largest[1])),
                ],
            )


def _both_ways(amounts: list[tuple[float, str, Sentence]]) -> Iterator[Candidate]:
    """One figure that the article words both as done and as promised."""
    by_value: dict[float, dict[str, tuple[str, Sentence]]] = {}
    for value, text, sentence in amounts:
        wording = verb_class(sentence.text)
        if wording:
            by_value.setdefault(value, {}).setdefault(wording, (text, sentence))
    for ways in by_value.values():
        if len(ways) == 2:
            (done, said), (promised, pledged) = ways["done"], ways["promised"]
            if said.line == pledged.line:
                continue  # one paragraph: the headline detector or the sentence itself says it
            yield Candidate(
                "hedged-vs-definitive",
                "hedged-vs-definitive",
                0.93,
                f'the article words "{done.strip()}" as done on line {said.line} and as a promise or aim '
                f"on line {pledged.line}",
                [quote_of(said, *_span(said, done)), quote_of(pledged, *_span(pledged, promised))],
                ["numbers-context"],
            )


def _span(sentence: Sentence, text: str) -> tuple[int, int]:
    at = sentence.text.find(text)
    return (at, at + len(text)) if at >= 0 else (0, 0)


def amount_value(text: str) -> float | None:
    """The value of a money or count phrase ('$1 trillion' -> 1e12, 'nearly a billion dollars' -> 1e9)."""
    lowered = text.lower()
    if "%" in lowered or "percent" in lowered or "per cent" in lowered:
        return None
    number = re.search(r"\d[\d,]*(?:\.\d+)?", lowered)
    value = float(number.group().replace(",", "")) if number else 1.0
    for word, scale in MAGNITUDE.items():
        if word in lowered:
            return value * scale
    return value if "$" in lowered else None


def article_candidates(article: Article) -> list[Candidate]:
    """Every candidate found in one article, unranked."""
    return [
        *sentence_candidates(article),
        *headline_candidates(article),
        *preview_candidates(article),
        *figure_candidates(article),
    ]
