"""Synthetic news sources for the benchmark bank, and quotes cut from them as teachers cut them.

Sources are wire copy with the quirks real articles have: curly quotes and apostrophes, no-break
spaces, ligatures from PDF copy, spaced em dashes, page residue, sums of money written many
ways, and a line break every ~15 words. Quotes start and end on word boundaries, mostly at
sentence edges; some join two passages with an ellipsis; some are typed with straight quotes.
"""

from __future__ import annotations

import json
import random
import re
from bisect import bisect_right
from dataclasses import dataclass, field


def _words(text: str) -> list[str]:
    return text.split()


# No word below is a number word, a currency, a magnitude or holds a digit: every number in the
# text is an amount placed on purpose, always followed by a plain word.
NOUNS = _words("""agreement budget ministry council summit tariff exports imports investment factory workers
officials analysts market alliance treaty security energy pipeline shipping port farmers growth
inflation deficit surplus region talks negotiators delegation statement report survey forecast
spending subsidies contract election voters campaign parliament committee court ruling policy reform
plan proposal framework partnership chips semiconductors batteries vehicles railway harbour bridge
network satellites defence coalition opposition economy households prices wages sector industry
companies lenders banks currency profits loans refinery mine airport hospital schools""")
PLURALS = _words("""workers officials analysts farmers negotiators voters households companies lenders banks
engineers nurses teachers students residents families firms investors suppliers""")
VERBS = _words("""announced pledged promised warned reported confirmed denied signed approved rejected
proposed estimated projected expected claimed suggested acknowledged welcomed criticised praised delayed
launched expanded reduced raised questioned defended reviewed outlined""")
ADJECTIVES = _words("""new major regional national foreign domestic strong weak uncertain ambitious modest
significant early final joint bilateral historic unprecedented cautious sharp steady long-term key
senior former local federal public private financial critical""")
PREPOSITIONS = _words("for in over across under from toward within beyond")
DETERMINERS = ["the", "the", "the", "its", "their", "this", "the nation’s", "the government’s"]
NAMES = _words("""Tanaka Okafor Lindqvist Moreau Alvarez Nakamura Haddad Kowalski Mensah Ferreira Ishikawa
Brennan Castillo Novak Adeyemi""")
TITLES = ["Minister", "Ms.\u00a0", "Mr.\u00a0", "Governor", "Dr.\u00a0", "spokesperson"]
OUTLETS = """Harbour Ledger|Northern Courier|Daily Meridian|Capital Wire|Coastal Herald|Evening Standard
Review|Valley Gazette|Metro Observer|Pacific Dispatch|Civic Record""".replace("\n", " ").split("|")
KINDS = ["news"] * 6 + ["opinion", "preview", "press-release", "analysis"]
LIGATURES = {"fi": "\ufb01", "fl": "\ufb02"}
RESIDUE = ["Advertisement", "Continue reading below", "Share this article"]
SPEECH = ["said", "told reporters", "wrote", "added"]
WORD_AMOUNTS = {"seven": 7, "twelve": 12, "twenty-five": 25, "forty": 40, "ninety-nine": 99}


@dataclass(frozen=True)
class Amount:
    """A number placed in a source: its text as written, its value and how else to write it."""

    text: str
    value: float
    kind: str  # money | count | percent | year | words
    variants: tuple[str, ...]  # other ways a student may type it, each the same value


@dataclass
class Article:
    """A source being written: its tokens, which of them are amounts, which may not be quoted."""

    id: str
    title: str
    outlet: str
    kind: str
    tokens: list[str] = field(default_factory=list)
    amounts: dict[int, Amount] = field(default_factory=dict)
    barriers: set[int] = field(default_factory=set)
    starts: list[int] = field(default_factory=list)
    """Where each sentence begins: most quotes start at one."""

    def sentence_start(self, index: int) -> int:
        """The first token of the sentence holding token `index`."""
        return self.starts[max(bisect_right(self.starts, index) - 1, 0)]

    def sentence_end(self, index: int) -> int:
        """One past the last token of the sentence holding token `index`."""
        at = bisect_right(self.starts, index)
        return self.starts[at] if at < len(self.starts) else len(self.tokens)


# --- amounts -----------------------------------------------------------------------------------


def _num(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0") if value != int(value) else f"{int(value):,}"


def make_amount(rng: random.Random) -> Amount:
    """A sum of money, a count, a percentage, a year, or a number in words."""
    kind = rng.choices(["money", "count", "percent", "year", "words"], [40, 20, 20, 10, 10])[0]
    space = "\u00a0" if rng.random() < 0.3 else " "
    if kind == "money":
        sign = rng.choice(["$", "$", "$", "€", "£", "¥", "US$"])
        number = rng.choice([rng.randint(2, 950), round(rng.uniform(1, 99), 1)])
        word, scale = rng.choice([("billion", 1e9), ("million", 1e6), ("trillion", 1e12)])
        plain = f"{sign}{_num(number)} {word}"
        if sign in "$€£" and rng.random() < 0.3:
            short = {"billion": "bn", "million": "m", "trillion": "tn"}[word]
            return Amount(f"{sign}{_num(number)}{short}", number * scale, kind, (plain,))
        return Amount(
            f"{sign}{_num(number)}{space}{word}", number * scale, kind, (plain, f"{_num(number)} {word}")
        )
    if kind == "count":
        number = rng.choice([rng.randint(12, 999), rng.randint(1_000, 250_000)])
        return Amount(_num(number), number, kind, (str(number),))
    if kind == "percent":
        number = rng.choice([rng.randint(2, 98), round(rng.uniform(0.5, 30), 1)])
        text = rng.choice([f"{_num(number)}%", f"{_num(number)} percent", f"{_num(number)} per cent"])
        return Amount(text, number, kind, (f"{_num(number)}%", f"{_num(number)} percent"))
    if kind == "year":
        year = rng.randint(1990, 2040)
        return Amount(str(year), year, kind, ())
    word = rng.choice(sorted(WORD_AMOUNTS))
    return Amount(word, WORD_AMOUNTS[word], kind, (str(WORD_AMOUNTS[word]),))


def other_amount(amount: Amount, rng: random.Random) -> Amount:
    """A wrong figure of the same kind, for a distractor."""
    while True:
        other = make_amount(rng)
        if other.kind == amount.kind and other.value != amount.value and other.text != amount.text:
            return other


# --- sources -----------------------------------------------------------------------------------


def _noun_phrase(rng: random.Random) -> list[str]:
    words = rng.choice(DETERMINERS).split(" ")
    if rng.random() < 0.4:
        words.append(rng.choice(ADJECTIVES))
    return [*words, rng.choice(NOUNS)]


def _clause(rng: random.Random, article: Article) -> None:
    """Subject, verb, object, perhaps an amount, a few modifiers: appended to the article."""
    tokens = article.tokens
    tokens.extend(_noun_phrase(rng))
    tokens.append(rng.choice(VERBS))
    if rng.random() < 0.45:
        amount = make_amount(rng)
        if amount.kind == "year":
            tokens.extend([*_noun_phrase(rng), rng.choice(["by", "in", "before"])])
        article.amounts[len(tokens)] = amount
        tokens.append(amount.text)
        if amount.kind == "count":
            tokens.append(rng.choice(PLURALS))
        tokens.append(rng.choice(PREPOSITIONS))
        tokens.extend(_noun_phrase(rng))
    else:
        tokens.extend(_noun_phrase(rng))
    for _ in range(rng.choice([0, 0, 1, 1, 2])):
        tokens.append(rng.choice(PREPOSITIONS))
        tokens.extend(_noun_phrase(rng))


def _speaker(rng: random.Random) -> list[str]:
    title, name = rng.choice(TITLES), rng.choice(NAMES)
    return [title + name] if title.endswith("\u00a0") else [title, name]


def _sentence(rng: random.Random, article: Article) -> None:
    tokens = article.tokens
    start = len(tokens)
    article.starts.append(start)
    style = rng.random()
    if style < 0.15:  # quoted speech, curly quotes as published
        _clause(rng, article)
        tokens[start] = "\u201c" + tokens[start]
        tokens[-1] += ",\u201d"
        tokens.extend([*_speaker(rng), rng.choice(SPEECH)])
    elif style < 0.25:
        tokens.extend(["According", "to", *_speaker(rng)])
        tokens[-1] += ","
        _clause(rng, article)
    elif style < 0.33:  # two clauses around a spaced em dash
        _clause(rng, article)
        tokens.append("\u2014")
        _clause(rng, article)
    else:
        _clause(rng, article)
        if rng.random() < 0.1:  # scare quotes around the last word
            tokens[-1] = f"\u2018{tokens[-1]}\u2019"
    lead = 2 if tokens[start].startswith("\u201c") else 1
    tokens[start] = tokens[start][:lead].upper() + tokens[start][lead:]
    tokens[-1] += "."
    for index in range(start, len(tokens)):
        if index not in article.amounts and rng.random() < 0.01:
            for letters, ligature in LIGATURES.items():
                tokens[index] = tokens[index].replace(letters, ligature)


def make_article(index: int, words: int, rng: random.Random) -> Article:
    """One source of about `words` words."""
    title = f"{rng.choice(ADJECTIVES).capitalize()} {rng.choice(NOUNS)} talks end in {rng.choice(NOUNS)} deal"
    article = Article(f"s{index:04d}", title, rng.choice(OUTLETS), rng.choice(KINDS))
    while len(article.tokens) < words:
        _sentence(rng, article)
        if rng.random() < 0.02:
            article.barriers.add(len(article.tokens))
            article.tokens.append(rng.choice(RESIDUE))
    return article


def render_article(article: Article, rng: random.Random) -> str:
    """Front matter, then the text with a line break every ~15 words and paragraph breaks."""
    head = [
        "---",
        f"title: {json.dumps(article.title)}",
        f"outlet: {article.outlet}",
        f"kind: {article.kind}",
    ]
    if rng.random() < 0.5:
        head.append(f"published: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
    parts: list[str] = []
    on_line = 0
    width = rng.randint(12, 18)
    for index, token in enumerate(article.tokens):
        if index in article.barriers:  # page residue stands on a line of its own
            parts.append(f"\n\n{token}\n\n")
            on_line = 0
            continue
        if parts and not parts[-1].endswith("\n"):
            parts.append(" ")
        parts.append(token)
        on_line += 1
        if token.endswith((".", ".\u201d")) and rng.random() < 0.2:
            parts.append("\n\n")
            on_line = 0
        elif on_line >= width:
            parts.append(" \n" if rng.random() < 0.05 else "\n")  # a stray space before a break, as pasted
            on_line, width = 0, rng.randint(12, 18)
    body = "".join(parts).rstrip() + "\n"
    return "\n".join([*head, "---", body])


def has_word(token: str) -> bool:
    """Whether a token holds a word or number (not only punctuation, like a dash)."""
    return any(char.isalnum() for char in token)


def plain(text: str) -> str:
    """As a teacher types it: no ligatures, plain spaces, straight quotes."""
    for letters, ligature in LIGATURES.items():
        text = text.replace(ligature, letters)
    text = text.replace("\u00a0", " ").replace("\u2019", "'").replace("\u2018", "'")
    return text.replace("\u201c", '"').replace("\u201d", '"')


@dataclass(frozen=True)
class Cut:
    """A citation: the source, the quote as typed, its fragments' tokens, the amounts inside."""

    article: Article
    quote: str
    fragments: tuple[tuple[str, ...], ...]
    amounts: tuple[Amount, ...]


# --- quotes ------------------------------------------------------------------------------------


_EDGE_QUOTES = re.compile(r"^[\"']+|[\"']+(?=[.,;:]*$)")


def clean(tokens: tuple[str, ...] | list[str]) -> str:
    """Tokens as words in a choice or answer: no quotation marks around words, no dashes."""
    words = [_EDGE_QUOTES.sub("", plain(t)) for t in tokens if has_word(t)]
    return " ".join(words).rstrip(",.;:")


def _window(article: Article, start: int, length: int) -> tuple[str, ...] | None:
    """Tokens [start, start+length) if they make a quote: no page residue, words at both ends."""
    end = start + length
    if start < 0 or end > len(article.tokens) or any(start <= b < end for b in article.barriers):
        return None
    tokens = tuple(article.tokens[start:end])
    if not (has_word(tokens[0]) and has_word(tokens[-1])) or sum(map(has_word, tokens)) < 4:
        return None
    return tokens


def _type_quote(fragments: list[tuple[str, ...]], rng: random.Random) -> str:
    """Join fragments with an ellipsis, typed the way teachers type: sometimes straight quotes."""
    parts = [" ".join(f) for f in fragments]
    text = f" {rng.choice(['...', '...', '…', '[...]'])} ".join(parts)
    for letters, ligature in LIGATURES.items():
        text = text.replace(ligature, letters)
    if rng.random() < 0.5:
        text = text.replace("\u00a0", " ")
    if rng.random() < 0.4:
        text = plain(text)
    if rng.random() < 0.3:
        text = text.replace(" \u2014 ", " - ")
    return text


def cut_quote(
    article: Article,
    rng: random.Random,
    *,
    kinds: tuple[str, ...] = (),
    length: tuple[int, int] = (5, 16),
    ellipsis: float = 0.15,
) -> Cut | None:
    """A quote from the article (around an amount of one of `kinds`, if given), or None."""
    targets = sorted(i for i, a in article.amounts.items() if a.kind in kinds)
    if kinds and not targets:
        return None
    for _ in range(30):
        size = rng.randint(*length)
        at = rng.choice(targets) if targets else None
        if at is not None:
            start = at - rng.randint(0, min(size - 1, 7))
        else:
            start = rng.randrange(max(len(article.tokens) - size, 1))
        start, size = _to_sentence_edges(article, start, size, at, rng)
        first = _window(article, start, size)
        if first is None:
            continue
        fragments = [first]
        spans = [(start, start + size)]
        if rng.random() < ellipsis:
            second_start = start + size + rng.randint(2, 30)
            second_size = rng.randint(4, 10)
            second = _window(article, second_start, second_size)
            if second is not None:
                fragments.append(second)
                spans.append((second_start, second_start + second_size))
        amounts = tuple(a for i, a in sorted(article.amounts.items()) if any(s <= i < e for s, e in spans))
        return Cut(article, _type_quote(fragments, rng), tuple(fragments), amounts)
    return None


def _to_sentence_edges(
    article: Article, start: int, size: int, keep: int | None, rng: random.Random
) -> tuple[int, int]:
    """Most quotes begin where a sentence begins, and many end where it ends; `keep` stays inside."""
    end = start + size
    first = keep if keep is not None else end - 4
    last = keep + 1 if keep is not None else start + 4
    if rng.random() < 0.7:
        before, after = article.sentence_start(start), article.sentence_end(start)
        if after - start <= 3 and after <= first:
            start = after
        elif start - before <= 8:
            start = before
    if rng.random() < 0.6:
        after, before = article.sentence_end(end - 1), article.sentence_start(end - 1)
        if end - before <= 3 and before >= max(last, start + 4):
            end = before
        elif after - end <= 8:
            end = after
    return start, end - start


def evidence_entries(cuts: list[Cut]) -> list[dict[str, str]]:
    """The `evidence:` list of a question citing `cuts`."""
    return [{"source": c.article.id, "quote": c.quote} for c in cuts]
