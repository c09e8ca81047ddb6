"""Teachable moments in one article: sentences, the single-article detectors, and ranking."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from quizkit.model import Source
from quizkit.textmatch import _sentence_breaks

MAX_QUOTE_WORDS = 32
"""A longer sentence is quoted as the words around what was found, cut at spaces."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article as in the file (a line break read as a space), with its file line."""

    source: str
    letter: str
    line: int
    text: str
    paragraph: int
    """The paragraph it belongs to, counted from 0."""
    later_lines: tuple[tuple[int, int], ...] = ()
    """(offset in `text`, file line) where a sentence wrapped over lines goes on to the next one."""

    def line_at(self, offset: int) -> int:
        """The file line of the character at `offset` in the sentence."""
        line = self.line
        for start, later in self.later_lines:
            if offset >= start:
                line = later
        return line


@dataclass(frozen=True, slots=True)
class Quote:
    """Words copied exactly from an article, with where they stand."""

    source: str
    letter: str
    line: int
    text: str


@dataclass(slots=True)
class Candidate:
    """A candidate question: what was found, its evidence, the skill, and why it is worth asking."""

    detector: str
    skill: str
    score: float
    why: str
    quotes: list[Quote]
    extra_skills: list[str] = field(default_factory=list)

    @property
    def letter(self) -> str:
        return self.quotes[0].letter

    @property
    def line(self) -> int:
        return self.quotes[0].line

    @property
    def skills(self) -> list[str]:
        return list(dict.fromkeys([self.skill, *self.extra_skills]))


@dataclass(frozen=True, slots=True)
class Article:
    """A source with its letter, its sentences and its headline lines (short lines before the body)."""

    source: Source
    letter: str
    sentences: tuple[Sentence, ...]
    headlines: tuple[Sentence, ...]


def split_article(source: Source, letter: str) -> Article:
    """The article's sentences, split at the packet's sentence breaks within each paragraph.

    A paragraph is a line, or several where the text was wrapped: a long line that stops
    mid-sentence goes on on the next line.
    """
    sentences: list[Sentence] = []
    for paragraph, block in enumerate(_paragraphs(source.lines())):
        text = " ".join(part for _, _, part in block)
        start = 0
        breaks = [*_sentence_breaks(text), (len(text), len(text))]
        for stop, following in breaks:
            raw = text[start:stop]
            piece = raw.strip()
            if piece:
                at = start + len(raw) - len(raw.lstrip())
                lines = [(offset - at, line) for line, offset, _ in block if at < offset < at + len(piece)]
                first = next(line for line, offset, _ in reversed(block) if offset <= at)
                sentences.append(Sentence(source.id, letter, first, piece, paragraph, tuple(lines)))
            start = following
    headlines: list[Sentence] = []
    for sentence in sentences:  # title-like lines before the first paragraph of prose
        if sentence.paragraph > 3 or _is_prose(sentence.text):
            break
        headlines.append(sentence)
    return Article(source, letter, tuple(sentences), tuple(headlines))


WRAPPED_WORDS = 10
"""A line of at least this many words that ends on a lower-case word or a comma was wrapped: the
next line goes on (a line that starts in lower case always goes on the one before)."""


def _paragraphs(lines: list[tuple[int, str]]) -> list[list[tuple[int, int, str]]]:
    """Non-blank lines grouped into paragraphs: (file line, offset in the joined text, text)."""
    blocks: list[list[tuple[int, int, str]]] = []
    joined = 0
    previous = ""
    for line, raw in lines:
        text = raw.strip()
        if not text:
            previous = ""
            continue
        last_word = previous.split()[-1] if previous else ""
        wrapped = previous and (
            (
                len(previous.split()) >= WRAPPED_WORDS
                and (last_word[0].islower() or last_word.endswith(","))
                and not last_word.endswith((".", "!", "?", ":", '"', "”", ")"))
            )
            or text[0].islower()
        )
        if wrapped:
            blocks[-1].append((line, joined + 1, text))
            joined += 1 + len(text)
        else:
            blocks.append([(line, 0, text)])
            joined = len(text)
        previous = text
    return blocks


def _is_prose(text: str) -> bool:
    return text.rstrip()[-1:] in ".!?\"”'’" and len(text.split()) > 6


def quote_of(sentence: Sentence, start: int = 0, end: int | None = None) -> Quote:
    """The sentence, or in a long one the words around text[start:end], cut at spaces."""
    words = list(re.finditer(r"\S+", sentence.text))
    if len(words) <= MAX_QUOTE_WORDS:
        return Quote(sentence.source, sentence.letter, sentence.line, sentence.text)
    end = start if end is None else end
    first = next((i for i, w in enumerate(words) if w.end() > start), 0)
    last = next((i for i, w in enumerate(words) if w.end() >= end), len(words) - 1)
    spare = max(MAX_QUOTE_WORDS - (last - first + 1), 0)
    first = max(first - spare // 2, 0)
    last = min(max(last, first + MAX_QUOTE_WORDS - 1), len(words) - 1)
    first = max(min(first, last - MAX_QUOTE_WORDS + 1), 0)
    first_char = words[first].start()
    text = sentence.text[first_char : words[last].end()].strip(" ,;:")
    return Quote(sentence.source, sentence.letter, sentence.line_at(first_char), text)


def _words(*items: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(items) + r")\b", re.IGNORECASE)


# --- the detectors: each looks at one sentence and yields (score, why, start, end) -----------------

Hit = tuple[float, str, int, int]
AMOUNT = re.compile(
    r"(?:US)?\$\s?\d[\d,.]*(?:\s*(?:trillion|billion|million|bn|m)\b)?"
    r"|\b\d[\d,.]*\s*(?:trillion|billion|million|percent|per cent)\b|\b\d[\d,.]*%"
    r"|\b(?:a|one|two|three|nearly a|almost a)\s+(?:trillion|billion|million)\s+dollars\b",
    re.IGNORECASE,
)
VAGUE = _words(
    r"(?:hundreds|thousands|millions|billions|trillions|tens) of (?:billions of |millions of )?\w+",
    r"multi-?(?:billion|trillion|million)(?:-dollar)?",
    r"a lot of (?:money|cash)",
    r"(?:nearly|almost|roughly|about|more than|over|some) (?:a|one) (?:billion|trillion|million)",
    r"record (?:shipments|levels?|amounts?|numbers?)",
    r"significantly (?:increase|boost|raise|expand)",
    r"dozens of \w+",
)
BASELINE = _words(
    r"doubl(?:e|es|ed|ing)",
    r"tripl(?:e|es|ed|ing)",
    r"compared (?:to|with)",
    r"(?:up|down) from",
    r"(?:increase|rise|growth|jump|drop|fall)s? (?:of|by)",
    r"(?:\d+|\w+) times (?:more|as)",
)
TIME_FRAME = _words(
    r"(?:each|per|a|every) (?:year|month|week|day)",
    r"annually",
    r"over (?:the )?(?:next |past |last )?(?:\w+ )?(?:years?|months?|decades?)",
    r"by (?:19|20)\d\d",
    r"in (?:19|20)\d\d",
    r"(?:19|20)\d\d",
    r"since",
    r"(?:this|last|next) (?:year|month|week)",
)
STATISTIC = _words(
    r"figures?", r"data", r"statistics", r"surveys?", r"polls?", r"estimates?", r"show(?:s|ed)?"
)
NAMED_SOURCE = _words(
    r"according to", r"said", r"says", r"per", r"bureau", r"department", r"office", r"agency", r"ministry"
)


def find_quantities(text: str) -> Iterator[Hit]:
    """A figure without what it needs: a vague amount, a change with no baseline, a sum with no period."""
    for match in VAGUE.finditer(text):
        yield 0.8, f'a vague amount ("{match.group()}"): how much exactly, and who counted?', *match.span()
    baseline = BASELINE.search(text)
    if baseline and (AMOUNT.search(text) or _words("defen[cs]e spending", "budget", "spending").search(text)):
        yield (
            0.8,
            f'a change ("{baseline.group()}"): from what baseline, and over what period?',
            *baseline.span(),
        )
    amount = AMOUNT.search(text)
    if amount and STATISTIC.search(text) and not NAMED_SOURCE.search(text):
        yield 0.75, "figures with no named source: whose statistics are these?", *amount.span()
    if (
        amount
        and re.search(r"trillion|billion", amount.group(), re.IGNORECASE)
        and not TIME_FRAME.search(text)
    ):
        yield 0.55, f'"{amount.group().strip()}" with no time frame: over how many years?', *amount.span()


HEDGED = _words(
    r"pledg(?:e|es|ed|ing)",
    r"aim(?:s|ed|ing)? (?:to|for)",
    r"willing(?:ness)?",
    r"committed to",
    r"commit(?:s|ted)? to",
    r"promis(?:e|es|ed|ing)",
    r"vow(?:s|ed)?",
    r"plans? (?:to|for)",
    r"intends? to",
    r"seeks? to",
    r"goal",
    r"target",
    r"ambition",
)
DEFINITIVE = _words(
    r"ha(?:s|ve) (?:already )?invested", r"invested", r"ha(?:s|ve) spent", r"completed", r"delivered"
)
POSSESSED_SUM = re.compile(r"\w+[’']s \$[\d.,]+ (?:trillion|billion|million) investment", re.IGNORECASE)


def find_commitments(text: str) -> Iterator[Hit]:
    """How sure the wording is about an act: a pledge or goal, against money already invested."""
    amount = AMOUNT.search(text) or VAGUE.search(text)
    definitive = DEFINITIVE.search(text) or POSSESSED_SUM.search(text)
    hedged = HEDGED.search(text)
    if definitive and amount:
        done = definitive.group().strip(" ’'")
        yield (
            0.85,
            f'"{done}" states as done what other wording calls a promise or goal',
            *definitive.span(),
        )
    if hedged and amount:
        yield (
            0.7,
            f'"{hedged.group()}" is a promise or aim, not a completed act: where on the ladder does it sit?',
            *hedged.span(),
        )
    elif hedged:
        yield 0.4, f'"{hedged.group()}": an intention reported, not a result', *hedged.span()


QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
SPEECH = _words(
    r"said", r"says", r"say", r"stated", r"stating", r"told", r"added", r"remarked", r"confirmed",
    r"according to", r"read", r"per", r"announced", r"wrote", r"declared", r"noted", r"asked",
)  # fmt: skip
ANONYMOUS = _words(
    r"(?:an?|the|one|two|several|some) (?:senior |high-ranking |unnamed |anonymous )?(?:\w+ )?officials?"
    r"(?: from [\w ]+?)? (?:said|says|told|revealed|remarked|declined|highlighted|confirmed|noted)",
    r"(?:high-ranking|senior|unnamed|anonymous) [\w ]{0,40}?officials?",
    r"(?<!the )(?<!The )(?<!some )(?<!two )officials (?:said|say|told|revealed|declined|confirmed|noted)",
    r"sources? (?:familiar|close|say|said)",
    r"people familiar",
    r"analysts (?:believe|say|said|expect)",
    r"experts (?:believe|say|said)",
    r"it is (?:understood|believed)",
    r"observers (?:say|note)",
)
SECOND_HAND = re.compile(
    r"\b(?:according to|per|as reported by|reported by|told)\s+"
    r"((?:the |The )?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*)"
)
PRIMARY_DOCUMENTS = _words("statement", "report", "release", "transcript", "document", "communiqu[eé]")


def find_attribution(text: str) -> Iterator[Hit]:
    """Who says it: quotations and their speakers, anonymous sources, what came second-hand."""
    for match in SECOND_HAND.finditer(text):
        name = match.group(1).strip().rstrip(".")
        if PRIMARY_DOCUMENTS.search(text[match.start() : match.end() + 30]) and "statement" in text.lower():
            yield (
                0.6,
                f'credited to a document ("{match.group().strip()}"): trace it to the original',
                *match.span(),
            )
        elif name.isupper() and len(name) <= 6:
            yield (
                0.9,
                f'"{match.group().rstrip(".")}": second-hand, through an abbreviation '
                "the article never explains",
                *match.span(),
            )
        else:
            yield (
                0.85,
                f'"{match.group().rstrip(".")}": second-hand, another outlet\'s reporting retold',
                *match.span(),
            )
    for match in ANONYMOUS.finditer(text):
        yield (
            0.8,
            f'an unnamed source ("{match.group()}"): who is speaking, and how would we check?',
            *match.span(),
        )
    quoted = QUOTED.search(text)
    if quoted and not SPEECH.search(text) and not SECOND_HAND.search(text):
        words = _opening(quoted.group(1))
        yield 0.75, f'quoted words ("{words}") with no one named as saying or writing them', *quoted.span()
    elif quoted and len(quoted.group(1).split()) >= 6:
        words = _opening(quoted.group(1))
        yield (
            0.45,
            f'a direct quotation ("{words}"): who is named as its speaker, first- or second-hand?',
            *quoted.span(),
        )


def _opening(words: str, count: int = 4) -> str:
    """The first words of a quotation, to name it in a line of text."""
    split = words.split()
    return " ".join(split[:count]).rstrip(",.;:") + (" ..." if len(split) > count else "")


LOADED_WORDS: dict[str, float] = {
    r"bombshells?": 0.95,
    r"staggering": 0.9,
    r"stunning": 0.9,
    r"shocking": 0.9,
    r"slams?": 0.9,
    r"blasts?": 0.85,
    r"explosive": 0.85,
    r"massive": 0.8,
    r"aggression": 0.8,
    r"aggressive": 0.75,
    r"landmark": 0.75,
    r"historic": 0.75,
    r"powerhouse": 0.7,
    r"lucrative": 0.7,
    r"unleash(?:es|ed|ing)?": 0.7,
    r"strategic win": 0.7,
    r"clear indication": 0.7,
    r"level the playing field": 0.7,
    r"quality jobs": 0.65,
    r"bold": 0.6,
    r"ambitious": 0.55,
    r"unwavering": 0.5,
    r"pivotal": 0.45,
    r"critical": 0.4,
    r"significant": 0.35,
    r"substantial": 0.4,
    r"major": 0.35,
    r"far-reaching": 0.5,
    r"powerful": 0.5,
}
LOADED = re.compile(r"\b(" + "|".join(LOADED_WORDS) + r")\b", re.IGNORECASE)
_LOADED_ORDER = [
    (re.compile(r"^(?:" + word + r")$", re.IGNORECASE), weight) for word, weight in LOADED_WORDS.items()
]


def loaded_weight(word: str) -> float:
    return next((weight for pattern, weight in _LOADED_ORDER if pattern.match(word)), 0.0)


def find_loaded(text: str) -> Iterator[Hit]:
    """Sensational or evaluative words in the writer's own voice (not inside a quotation)."""
    quoted = [m.span() for m in QUOTED.finditer(text)]
    found = [m for m in LOADED.finditer(text) if not any(a <= m.start() < b for a, b in quoted)]
    if not found:
        return
    found.sort(key=lambda m: -loaded_weight(m.group()))
    words = ", ".join(f'"{m.group()}"' for m in found[:3])
    score = loaded_weight(found[0].group()) + 0.05 * (len(found) - 1)
    yield min(score, 0.95), f"loaded wording in the writer's own voice: {words}", *found[0].span()


PREVIEW = _words(
    r"(?:is|are|was|were) expected to",
    r"(?:is|are) set to",
    r"shall(?: likely)?",
    r"will likely",
    r"(?:is|are) anticipated",
    r"anticipated",
    r"anticipate",
    r"(?:is|are) poised to",
    r"poised to",
    r"(?:is|are) scheduled to",
    r"next week",
    r"upcoming",
    r"lays the groundwork",
    r"as \w+ and \w+ convene",
)
FUTURE = _words(r"will")


def find_preview(text: str) -> Iterator[Hit]:
    """Wording of what is to come: a preview's prediction, not a report of what happened."""
    match = PREVIEW.search(text)
    if match:
        yield (
            0.6,
            f'"{match.group()}": a prediction or plan, not a report: was it written before the event?',
            *match.span(),
        )
    elif (will := FUTURE.search(text)) is not None:
        yield 0.3, '"will": a forecast stated as certain', *will.span()


GLOSS = re.compile(
    r",[”\"’']?\s+(?:further\s+)?(?:signal(?:l)?ing|underscoring|highlighting|showcasing|marking|reinforcing|"
    r"cementing|solidifying|demonstrating|reflecting|signifying|attributing)\b[^,.;]*",
    re.IGNORECASE,
)
RELATIVE_DATE = _words(
    r"(?:this|next|last) (?:week|month|year)",
    r"yesterday",
    r"tomorrow",
    r"on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)",
)


def find_interpretation(text: str) -> Iterator[Hit]:
    """The writer's reading tacked onto a fact (", signaling ...", ", underscoring ...")."""
    match = GLOSS.search(text)
    if match:
        gloss = " ".join(match.group().lstrip(",”\"’' ").split()[:4])
        yield (
            0.6,
            f'the writer\'s reading added to a fact ("{gloss} ..."): is it in the source, or added?',
            *match.span(),
        )


def find_relative_date(text: str) -> Iterator[Hit]:
    """A date that depends on when the piece was written ("this week", "on Friday")."""
    match = RELATIVE_DATE.search(text)
    if match:
        yield (
            0.5,
            f'a relative date ("{match.group()}"): which day is that? can you pin it down?',
            *match.span(),
        )


RESIDUE = _words(
    r"cookies?", r"leave a comment", r"share your thoughts", r"subscribe", r"sign up", r"newsletter",
    r"advertisement", r"learn more", r"read more", r"click here", r"related (?:stories|articles)",
    r"follow us", r"scroll down", r"log in", r"buttons", r"share this", r"\d+ comments",
)  # fmt: skip
BUTTON = _words(r"accept", r"comments?", r"share", r"print", r"e-?mail", r"reply", r"menu", r"close", r"next")
"""Words that are a button when they stand almost alone ("Accept !", "Share"), not in a sentence."""
OPINION_HEADING = re.compile(r"^(?:Commentary|Opinion|Analysis|Editorial|Op-Ed|Perspective|Viewpoint)$", re.I)


def find_residue(sentence: Sentence) -> Iterator[Hit]:
    """Text scraped in with the article: buttons, cookie notices, comment prompts, stray labels."""
    text = sentence.text
    if OPINION_HEADING.match(text.strip()):
        yield (
            0.95,
            f'"{text.strip()}": a heading where the page switches from reporting to opinion',
            0,
            len(text),
        )
        return
    words = len(text.split())
    residue = RESIDUE.search(text) or (BUTTON.search(text) if words <= 3 else None)
    if residue and (words <= 12 or "=(" in text):
        yield 0.9, "page residue (a button, banner or prompt): not part of the article", *residue.span()
    elif (
        "=(" in text
        or (words <= 2 and not text.rstrip().endswith((".", "?", "!")))
        or (words <= 6 and text.isupper() and any(c.isalpha() for c in text))
    ):
        yield 0.7, "a stray label left from the page: is it part of the article?", 0, len(text)


GLUED_NAME = re.compile(r"[.!?”\"]\s+((?:[A-Z][a-z]+\s){1,2}[A-Z][a-z]+)\s*$")


SENTENCE_DETECTORS: tuple[tuple[str, str, Callable[[str], Iterator[Hit]]], ...] = (
    ("quantity", "numbers-context", find_quantities),
    ("hedged-vs-definitive", "hedged-vs-definitive", find_commitments),
    ("attribution", "attribution-sourcing", find_attribution),
    ("loaded-language", "loaded-language", find_loaded),
    ("preview", "timeline-tense", find_preview),
    ("interpretation", "fact-vs-opinion", find_interpretation),
    ("relative-date", "timeline-tense", find_relative_date),
)
