"""Rules about answers given away: a key printed in another question, or in the packet's headers."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from quizkit.lint.registry import Finding, LintContext, bank_rule, question_rule
from quizkit.lint.words import STOP_WORDS, is_number, plain, tokens
from quizkit.model import AnyQuestion, MultipleAnswer, MultipleChoice, ShortAnswer
from quizkit.visible import shown_texts
from quizkit.yamlsafe import Path_

MIN_LEAK_WORDS = 3
"""Content words a key needs before it counts as distinctive (or two beside a number)."""


@dataclass(frozen=True)
class _Key:
    question: str
    text: str
    joined: str
    """Its words between spaces: found in a text's words joined the same way, on word edges."""
    option: bool = False
    """A keyed choice: its own question prints it among the options, so another's options add nothing."""


def key_texts(question: AnyQuestion) -> list[str]:
    """The texts a student must not be shown elsewhere: keyed choices and accepted short answers."""
    return [text for _, text in keys_at(question)]


def keys_at(question: AnyQuestion) -> list[tuple[Path_, str]]:
    """Each of `key_texts`, with where it is in the question."""
    if isinstance(question, MultipleChoice | MultipleAnswer):
        return [(("choices", i, "text"), c.text) for i, c in enumerate(question.choices) if c.correct]
    if isinstance(question, ShortAnswer):
        return [(("answers", i), answer) for i, answer in enumerate(question.answers)]
    return []


_FILLER_WORDS = (
    "according article articles report reports reported says said say writes wrote words passage "
    "text figure figures uses use used gives given it per cent percent percentage us usd dollar dollars "
    "thousand million billion trillion"
)
_FILLER = frozenset(_FILLER_WORDS.split())
"""Words a question wraps around any key ('2012, according to the article'): they make nothing distinctive."""


_EMPTY = STOP_WORDS | _FILLER
"""Words that carry no meaning of a key's own."""


def distinctive(words: Sequence[str]) -> bool:
    """Enough meaning for a key printed elsewhere to give it away (leaked-key looks only for such keys)."""
    meaning = [w for w in words if w not in _EMPTY]
    if len(meaning) >= MIN_LEAK_WORDS:
        return True
    numbers = len([w for w in meaning if is_number(w)])
    return numbers >= 1 and len(meaning) - numbers >= 2


@bank_rule(
    "leaked-key",
    rationale="A key printed in another question's prompt or options gives the answer to anyone "
    "who meets both on one form (a key of three words that carry meaning, or two and a number: a name "
    "alone, 'Paris Agreement', recurs in good questions about one story).",
    fail="""
- id: lanes-fear
  type: short_answer
  prompt: What did shop owners say they feared?
  answers: [losing parking spaces]
- id: lanes-delay
  type: multiple_choice
  prompt: Shop owners feared losing parking spaces. What did two of them ask for?
  choices:
    - {text: A delay, correct: true}
    - {text: A vote}
    - {text: A grant}
""",
    passes="""
- id: lanes-fear
  type: short_answer
  prompt: What did shop owners say they feared?
  answers: [losing parking spaces]
- id: lanes-delay
  type: multiple_choice
  prompt: Two shop owners made a request. What did they ask for?
  choices:
    - {text: A delay, correct: true}
    - {text: A vote}
    - {text: A grant}
""",
)
def leaked_key(context: LintContext) -> Iterator[Finding]:
    """One question's key printed in another question's prompt or options."""
    index: dict[tuple[str, str], list[_Key]] = {}
    for question in context.bank.questions:
        for text in key_texts(question):
            words = tokens(text)
            if len(words) >= 2 and distinctive(words):
                at = _anchor(words)
                option = isinstance(question, MultipleChoice | MultipleAnswer)
                key = _Key(question.id, text, f" {' '.join(words)} ", option)
                index.setdefault((words[at], words[at + 1]), []).append(key)
    if not index:
        return
    anchors = set(index)
    # a keyed choice in another question's options gives nothing away (see below), so options are
    # read only for the other keys' pairs: when every key is a choice, only the prompts are read
    answers = {pair for pair, keys in index.items() if not all(key.option for key in keys)}
    for question in context.bank.questions:
        if "leaked-key" in question.lint_ignore:
            continue
        told: set[str] = set()
        shown = shown_texts(question) if answers else [(("prompt",), question.prompt)]
        for sub, text in shown:
            words = tokens(text)
            found = (anchors if sub[0] == "prompt" else answers).intersection(itertools.pairwise(words))
            if not found:
                continue
            if not told:
                told.add(question.id)
                path = context.question_paths.get(question.id, ())
            joined = f" {' '.join(words)} "
            if not any(key.joined in joined for pair in found for key in index[pair]):
                continue  # the usual case: a key's telling pair of words without the rest of the key
            for pair in dict.fromkeys(p for p in itertools.pairwise(words) if p in found):  # text order
                for key in index[pair]:
                    if (
                        key.question in told
                        or key.joined not in joined
                        or (key.option and sub[0] != "prompt")
                    ):
                        continue
                    told.add(key.question)
                    yield Finding(
                        f"{_field(sub)} prints '{key.text.strip()}', the key of question '{key.question}'; "
                        "on one form that gives the answer away",
                        (*path, *sub),
                    )


def _anchor(words: tuple[str, ...]) -> int:
    """Where a key's most telling two words start: the adjacent pair with the most content words,
    then the most letters.

    Indexing keys by it (not by their first words, often 'the' or 'it reports') keeps each
    lookup's list of candidates short, however many questions the bank has."""

    content = [w not in _EMPTY for w in words]

    def telling(i: int) -> tuple[int, int]:
        return content[i] + content[i + 1], len(words[i]) + len(words[i + 1])

    return max(range(len(words) - 1), key=telling)


def _field(sub: Path_) -> str:
    if sub[0] == "prompt":
        return "the prompt"
    if sub[0] == "choices":
        return f"choice {chr(ord('A') + int(sub[1]))}"
    return "a matching item"


_NAMED = re.compile(r"\b[Aa]rticles?\s+((?:[A-Z](?:,\s*|\s+and\s+|\s+or\s+)?)+)\b")


@dataclass(frozen=True)
class _Header:
    label: str
    field: str
    value: str
    words: tuple[str, ...]
    in_article: bool
    """The article's own text has it too (a byline, the headline): printing it adds nothing."""
    word_set: frozenset[str] = frozenset()
    """Its words, to compare with a key's."""
    month_in_article: bool = True
    """A date's month and year are in the article's text ('in January 2020'): a key of only those
    is answered by reading."""


_ROLES = {
    "author": frozenset(["author", "wrote", "written", "writer", "byline", "reporter", "journalist"]),
    "outlet": frozenset(["outlet", "publisher", "newspaper", "website"]),
    "published": frozenset(["published", "date"]),
    "title": frozenset(["headline", "title"]),
}


def _labels_named(text: str, known: dict[str, str]) -> list[str]:
    return [x for m in _NAMED.finditer(text) for x in re.findall(r"[A-Z]", m.group(1)) if x in known]


_ROLE_WORDS = frozenset().union(*_ROLES.values())


@dataclass(frozen=True)
class _Packet:
    """The source packet's header lines, worked out once per bank."""

    headers: dict[str, list[_Header]]
    """Each source's header lines as the packet prints them ('unknown' ones left out)."""
    own_words: dict[str, frozenset[str]]
    """Each source's words that its headers print and its article does not."""
    vocabulary: frozenset[str]
    """Those words of every source."""


def _packet(context: LintContext) -> _Packet:
    found: _Packet | None = context.memo.get("packet")
    if found is None:
        found = context.memo["packet"] = _read_packet(context)
    return found


def _read_packet(context: LintContext) -> _Packet:
    headers: dict[str, list[_Header]] = {}
    own_words: dict[str, frozenset[str]] = {}
    for source_id, source in context.bank.sources.items():
        body = context.texts[source_id].folded
        meta = source.meta
        label = context.labels[source_id]
        found = headers[source_id] = []
        for field, value in (("title", source.title), ("outlet", meta.outlet), ("author", meta.author),
                             ("published", meta.published), ("kind", meta.kind)):  # fmt: skip
            if value and value.strip().lower() != "unknown":
                in_article = plain(value).lower() in body
                words = tokens(value)
                said = _date_words(value) if field == "published" else ()
                if said and _says_date(body, *said[:2]):
                    in_article = True  # the article itself says 'January 28'
                month_in_article = not said or f"{said[0]} {said[2]}" in body
                word_set = frozenset((*words, *said))
                found.append(_Header(label, field, value, words, in_article, word_set, month_in_article))
        own_words[source_id] = frozenset(w for h in found if not h.in_article for w in h.word_set)
    return _Packet(headers, own_words, frozenset().union(*own_words.values()))


def _says_date(body: str, month: str, day: str) -> bool:
    """The article's text says 'January 28' or '28 January'."""
    if f"{month} {day}" not in body and f"{day} {month}" not in body:
        return False  # as the pattern below would find, much sooner
    return re.search(rf"\b{month} {day}\b|\b{day} {month}\b", body) is not None


def _sources_named(key: str, context: LintContext) -> list[str]:
    """The sources a key names ('Article B'), if it names any."""
    by_label = context.by_label
    return list(dict.fromkeys(by_label[x] for x in _labels_named(key, by_label))) if "rticle" in key else []


def _sources_asked(question: AnyQuestion, context: LintContext) -> list[str]:
    """The sources a question cites, then those its prompt or options name."""
    by_label = context.by_label
    wanted = [s.removesuffix(".txt") for s in question.sources]
    for _, text in shown_texts(question):
        if "rticle" in text:
            wanted += [by_label[x] for x in _labels_named(text, by_label)]
    return list(dict.fromkeys(wanted))


def _leaks(
    key_words: tuple[str, ...], key: str, header: _Header, shown: set[str], shown_words: tuple[str, ...]
) -> bool:
    """The header prints the key, or names what the key says a value shown in the question is."""
    header_words = header.words
    if not header_words:
        return False
    roles = _ROLES.get(header.field, frozenset())
    if (
        shown.issuperset(header_words)
        and roles.intersection(key_words)
        and _contains(shown_words, header_words)
    ):
        return True  # 'Who is "Veronica Uy"?' - 'the writer', under 'Author: Veronica Uy'
    if header.in_article or header.word_set.isdisjoint(key_words):
        return False
    if header.field == "published" and _same_date(key_words, header.value, header.month_in_article):
        return True  # 'January 28' under 'Published: 2026-01-28'
    meaning = [w for w in key_words if w not in STOP_WORDS and not is_number(w)]
    if (
        len(meaning) >= 2 or (meaning and key.strip()[:1].isupper() and key.strip() in header.value)
    ) and _contains(header_words, key_words):
        return True  # the whole key is in the header: a name, a heading, two words or more
    meaning = [w for w in header_words if w not in STOP_WORDS]
    return 0 < len(meaning) <= 3 and _contains(key_words, header_words)  # 'Kind: preview' - 'a preview'


_MONTHS = (
    *("january", "february", "march", "april", "may", "june"),
    *("july", "august", "september", "october", "november", "december"),
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _date_words(value: str) -> tuple[str, ...]:
    """A header date as an article writes it: '2026-01-28' -> ('january', '28', '2026')."""
    found = _ISO_DATE.match(value.strip())
    if found is None or not 1 <= int(found[2]) <= 12:
        return ()
    return _MONTHS[int(found[2]) - 1], str(int(found[3])), found[1]


def _same_date(key_words: Sequence[str], value: str, month_in_article: bool = True) -> bool:
    """The key names the header's date by month and day ('Jan. 28', '28 January 2026'), its year if
    any; or, where the article does not say them, by month and year alone ('January 2026')."""
    date = _date_words(value)
    if not date:
        return False
    month, day, year = date
    for i, word in enumerate(key_words):
        if word[:3] == month[:3] and month.startswith(word):
            near = {*key_words[max(0, i - 1) : i], *key_words[i + 1 : i + 2]}
            years = {w for w in key_words if len(w) == 4 and w.isdigit()}
            if day in near and years <= {year}:
                return True
            days = [w for w in key_words if w.isdigit() and len(w) <= 2]
            if not month_in_article and years == {year} and not days:
                return True
    return False


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    size = len(needle)
    if not size:
        return False
    first = needle[0]
    return any(
        haystack[i] == first and tuple(haystack[i : i + size]) == tuple(needle)
        for i in range(len(haystack) - size + 1)
    )


@question_rule(
    "front-matter-leak",
    types=(MultipleChoice, MultipleAnswer, ShortAnswer),  # the questions with key texts
    rationale="The source packet prints each article's title, outlet, author, date and kind above "
    "it; a key found there (and not in the article) is answered by the header, not by reading.",
    fail="""
- id: lanes-writer
  type: short_answer
  prompt: Who wrote the report on the bus lanes?
  answers: [Dana Ortiz]
""",
    passes="""
- id: lanes-speaker
  type: short_answer
  prompt: Who said the lanes would cut bus journeys?
  answers: [Ana Lee, Mayor Ana Lee]
""",
)
def front_matter_leak(question: AnyQuestion, context: LintContext) -> Iterator[Finding]:
    """A key that the packet's header lines print."""
    keys = keys_at(question)
    if not keys:
        return
    packet = _packet(context)
    asked: list[str] | None = None
    shown_words: tuple[str, ...] = ()
    shown: set[str] = set()
    for key_path, key in keys:
        key_words = tokens(key)
        roles = not _ROLE_WORDS.isdisjoint(key_words)
        if not roles and packet.vocabulary.isdisjoint(key_words):
            continue  # no header of any article has a word of this key
        sources = _sources_named(key, context)
        if not sources:  # the headers above the articles the question cites or names
            sources = asked = _sources_asked(question, context) if asked is None else asked
        if not roles:
            if all(packet.own_words.get(s, frozenset()).isdisjoint(key_words) for s in sources):
                continue  # as _leaks would find: a key naming no role needs a word of a header of its own
        elif not shown_words:
            shown_words = tuple(w for _, text in shown_texts(question) for w in tokens(text))
            shown = set(shown_words)
        for header in [h for s in sources for h in packet.headers.get(s, ())]:
            if not roles and (header.in_article or header.word_set.isdisjoint(key_words)):
                continue
            if _leaks(key_words, key, header, shown, shown_words):
                yield Finding(
                    f"the source packet's header above Article {header.label} ({header.field}: "
                    f"{header.value}) gives away the key '{_short(key)}'",
                    key_path,
                    "if that is meant, add `lint_ignore: [front-matter-leak]` to the question",
                )
                return


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 4].rstrip() + " ..."
