"""Normalised text and quote location: where a quote stands in a source, line by line."""

from __future__ import annotations

import bisect
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from quizkit.model import Bank, Source
from quizkit.textlines import line_of, line_starts

_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        "\u2026": "...",
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),  # invisible: soft hyphen, zero width
        # direction marks and embeddings: a right-to-left answer typed with them is the same words
        **dict.fromkeys("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", None),
    }
)
_STRAIGHT = {chr(code): piece or "" for code, piece in _TRANSLATE.items()}
_CURLY = re.compile("[" + re.escape("".join(_STRAIGHT)) + "]")
_PLAIN_OR_WORD = re.compile(r"(?<!\S)(?P<plain>[!-,.-~]+(?: [!-,.-~]+)*)(?!\S)|(?P<word>\S+)")
"""A run of ASCII words without dashes, one space apart (normalising leaves it as it is), or a word."""
_DASHES = re.compile(r"-[- ]*")
"""A run of dashes and the single spaces after it (white space is already one space)."""
_ELLIPSIS = re.compile(r"\s*(?:\[\s*\.\.\.\s*\]|\.\.\.)\s*")
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """NFKC; curly quotes straight; '…' to '...'; white space to one space; the dash family to '-'.

    Invisible characters go: soft hyphens, zero-width characters, direction marks and embeddings.

    A run of dashes with the spaces around it becomes one '-': "money—$300", "money – $300"
    and "money -- $300" are the same words to a reader.
    """
    if not text.isascii():  # ASCII is NFKC already and has none of the curly characters
        text = _straight(_nfkc(text))
    text = " ".join(text.split())
    if "-" not in text:
        return text
    return _DASHES.sub("-", text).replace(" -", "-")  # the space before a run goes too


def _nfkc(text: str) -> str:
    """NFKC, a line at a time: a line break never combines with its neighbours, and a long text is
    mostly lines that are NFKC already, which `unicodedata` returns at once.

    An article is often NFKC but for a few common characters (a no-break space, '…', 'ﬁ'): those
    are put in their NFKC form first, which leaves the text's NFKC as it was (both decompose
    alike), and a text that is then NFKC as a whole is not gone through line by line.
    """
    if "\n" not in text:
        return unicodedata.normalize("NFKC", text)
    for char, form in _COMMON_COMPATIBLE:
        if char in text:
            text = text.replace(char, form)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return "\n".join([unicodedata.normalize("NFKC", line) for line in text.split("\n")])


_COMMON_COMPATIBLE = tuple(
    (char, unicodedata.normalize("NFKC", char))
    for char in "\u00a0\u2009\u202f\u2026\ufb01\ufb02\u00bd\u00bc\u00be"
)
"""Characters of news text that NFKC changes (no-break and thin spaces, '…', the fi and fl
ligatures, ½ ¼ ¾), with their NFKC forms."""


def _straight(text: str) -> str:
    """Curly quotes, dashes and '…' as plain ASCII; invisible characters dropped."""
    if len(text) < 200:
        return _CURLY.sub(_straight_one, text) if _CURLY.search(text) else text
    for char, piece in _STRAIGHT.items():  # no piece holds a character of the table
        if char in text:
            text = text.replace(char, piece)
    return text


def _straight_one(match: re.Match[str]) -> str:
    return _STRAIGHT[match.group()]


def split_fragments(quote: str) -> list[str]:
    """A normalised quote split at its ellipses ('...', '[...]') into the parts that must appear."""
    if "..." not in quote:  # every ellipsis has three dots
        return [quote] if quote.strip() else []
    return [part for part in _ELLIPSIS.split(quote) if part.strip()]


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class Span:
    """Where a fragment stands: offsets in the normalised text, and in the source text."""

    start: int
    end: int
    text_start: int
    text_end: int
    line: int
    end_line: int


class _OffsetMap:
    """Normalised offset -> original offset, kept as runs: a 28 MB article needs a few per line, not
    one number per character. A run maps one for one (step 1) or all to one place (step 0)."""

    def __init__(self, normal: str, ratio: float | None = None, limit: int = 0) -> None:
        self.normal = normal
        self.size = len(normal)
        self.ratio = ratio
        """Set where the map could only be estimated: offset * ratio."""
        self.limit = limit
        self.starts = array("q")
        self.origins = array("q")
        self.steps = bytearray()
        self.length = 0

    def add(self, origin: int, length: int, step: int = 0, *, space: bool = False) -> None:
        """The next `length` normalised characters come from `origin` (on, if step is 1).

        With `space`, a space comes first: it needs no run of its own (see `at`).
        """
        if space:
            self.length += 1
        if step == 0 and length == 1:
            step = 1  # one character: either reading is the same
        if self.steps and self.steps[-1] == 1 and step == 1:
            previous = self.origins[-1] + (self.length - self.starts[-1])
            if previous == origin:
                self.length += length
                return
        self.starts.append(self.length)
        self.origins.append(origin)
        self.steps.append(step)
        self.length += length

    def at(self, offset: int) -> int:
        if self.ratio is not None:
            return min(int(offset * self.ratio), self.limit)
        if self.normal[offset] == " ":  # a space stands where the next word starts
            offset += 1
        run = bisect.bisect_right(self.starts, offset) - 1
        origin: int = self.origins[run]
        return origin + self.steps[run] * (offset - self.starts[run])


class SourceText:
    """A source's normalised text, with a map back to the original text and its file lines."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.normal = normalize(source.text)
        self.approximate = False
        """True where the map back to the original text could only be estimated."""

    @cached_property
    def folded(self) -> str:
        return self.normal.lower()

    @cached_property
    def _offsets(self) -> _OffsetMap:
        """For each normalised character, the offset of the original character it came from."""
        text = self.source.text
        out = _OffsetMap(self.normal)
        pieces: list[str] = []
        last = ""  # the last normalised character written
        for run in _PLAIN_OR_WORD.finditer(text):
            word, base = run.group(), run.start()
            if run.lastgroup == "plain":  # most text: one character for one, a line at a time
                space = bool(last) and last != "-"
                if space:
                    pieces.append(" ")
                pieces.append(word)
                out.add(base, len(word), step=1, space=space)
                last = word[-1]
                continue
            pending_space = bool(last)
            for offset, char in enumerate(word, base):
                piece = unicodedata.normalize("NFKC", char).translate(_TRANSLATE)
                if not piece:
                    continue  # a soft hyphen or zero-width character: a reader does not see it
                if piece.isspace():
                    pending_space = bool(last)
                    continue
                if piece == "-" and last == "-":
                    pending_space = False
                    continue  # a run of dashes is one dash
                if pending_space and piece != "-" and last != "-":
                    pieces.append(" ")
                    out.add(offset, 1)
                pending_space = False
                pieces.append(piece)
                out.add(offset, len(piece))
                last = piece[-1]
        if "".join(pieces) != self.normal:  # rare: NFKC combined characters across a boundary
            self.approximate = True
            ratio = len(text) / max(len(self.normal), 1)
            return _OffsetMap(self.normal, ratio=ratio, limit=len(text) - 1)
        return out

    @cached_property
    def _line_starts(self) -> list[int]:
        return line_starts(self.source.text)

    def line_of(self, text_offset: int) -> int:
        """The file line (1-based, front matter counted) of an offset in the source text."""
        return self.source.first_line + line_of(self._line_starts, text_offset) - 1

    def span(self, start: int, end: int) -> Span:
        offsets = self._offsets
        if not offsets.size:
            return Span(start, end, 0, 0, self.source.first_line, self.source.first_line)
        text_start = offsets.at(min(start, offsets.size - 1))
        text_end = offsets.at(min(max(end - 1, start), offsets.size - 1)) + 1
        return Span(start, end, text_start, text_end, self.line_of(text_start), self.line_of(text_end - 1))

    def find(self, fragment: str, start: int = 0, *, ignore_case: bool = False) -> tuple[int, int] | None:
        """The first whole-word occurrence of a normalised fragment at or after `start`."""
        if len(fragment) > len(self.normal) - start:
            return None  # nor is a pattern of a quote longer than the source worth compiling
        if ignore_case:
            pattern = re.compile(re.escape(fragment), re.IGNORECASE)
            for match in pattern.finditer(self.normal, start):
                if self._on_word_edges(match.start(), match.end()):
                    return match.start(), match.end()
            return None
        at = self.normal.find(fragment, start)
        while at != -1:
            end = at + len(fragment)
            if self._on_word_edges(at, end):
                return at, end
            at = self.normal.find(fragment, at + 1)
        return None

    def _on_word_edges(self, start: int, end: int) -> bool:
        text = self.normal
        if start > 0 and text[start].isalnum() and text[start - 1].isalnum():
            return False
        return not (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())


@dataclass(frozen=True, slots=True)
class QuoteLocation:
    """Where each fragment of a quote stands in the normalised text (None where one is missing)."""

    hits: tuple[tuple[int, int], ...] | None
    text: SourceText
    case_only: bool = False
    missing_fragment: int | None = None
    fragments: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.hits is not None

    @property
    def spans(self) -> tuple[Span, ...] | None:
        """The fragments in the original text, with their file lines (built on first use)."""
        if self.hits is None:
            return None
        return tuple(self.text.span(a, b) for a, b in self.hits)


def locate_quote(quote: str, text: SourceText) -> QuoteLocation:
    """Find a quote's fragments in order: exactly, else ignoring case.

    A quote wrapped in quotation marks of its own ('"voted to approve"') is looked for
    without them too, where the marks are not part of the article's text.
    """
    return locate_normal(normalize(quote), text)


def locate_normal(normal: str, text: SourceText) -> QuoteLocation:
    """`locate_quote` for a quote normalised already."""
    location = _locate(normal, text)
    if location.hits is None and len(normal) > 2 and normal[0] == normal[-1] and normal[0] in "\"'":
        unwrapped = _locate(normal[1:-1].strip(), text)
        if unwrapped.hits is not None:
            return unwrapped
    return location


def _locate(normal: str, text: SourceText) -> QuoteLocation:
    fragments = tuple(split_fragments(normal))
    if not fragments:
        return QuoteLocation(None, text, missing_fragment=0, fragments=fragments)
    for ignore_case in (False, True):
        found: list[tuple[int, int]] = []
        start = 0
        for fragment in fragments:
            hit = text.find(fragment, start, ignore_case=ignore_case)
            if hit is None:
                break
            found.append(hit)
            start = hit[1]
        if len(found) == len(fragments):
            return QuoteLocation(tuple(found), text, case_only=ignore_case, fragments=fragments)
        missing = len(found)
    return QuoteLocation(None, text, missing_fragment=missing, fragments=fragments)


@dataclass(frozen=True, slots=True)
class Context:
    """A quote inside its sentences: (text, highlighted) segments and the lines they cover."""

    line: int
    end_line: int
    segments: tuple[tuple[str, bool], ...]


_SENTENCE_END = re.compile(r"(?P<stop>[.!?][\"'\u201d\u2019)]*)(?P<gap>\s+)|(?P<gap_line>\n)")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.)+$"  # U.S., D.C., Donald J.
    r"|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Prof|No|vs|etc|Inc|Corp|Co|Ltd|Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec)\.$"
)


def _sentence_breaks(raw: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(end of a sentence, start of the next) for each break: '.', '!' or '?' then space, or a new line.

    A full stop after an abbreviation ("U.S.", "Mr.") or before a lower-case word is no break.
    """
    for match in _SENTENCE_END.finditer(raw, start, len(raw) if end is None else end):
        if match["gap_line"] is not None:
            yield match.start(), match.end()
            continue
        stop_end = match.end("stop")
        following = raw[match.end() : match.end() + 1]
        if "\n" not in match["gap"] and (
            following.islower()
            or (raw[match.start()] == "." and _ABBREVIATION.search(raw, 0, match.start() + 1))
        ):
            continue
        yield stop_end, match.end()


@lru_cache(maxsize=4096)
def source_text(source: Source) -> SourceText:
    """The normalised text of a source, built once however many quotes are looked up in it."""
    return SourceText(source)


def source_texts(bank: Bank) -> dict[str, SourceText]:
    """Every source's normalised text by id: the evidence check and the lints read the same ones."""
    return {sid: SourceText(source) for sid, source in bank.sources.items()}


def quote_context(quote: str, source: Source) -> Context | None:
    """The sentence(s) around a quote, the quoted words marked, in the original text."""
    text = source_text(source)
    location = locate_quote(quote, text)
    if location.spans is None:
        return None
    raw = source.text
    first, last = location.spans[0], location.spans[-1]
    begin = 0
    for _, next_start in _sentence_breaks(raw, 0, first.text_start):
        begin = next_start
    finish = next((stop for stop, _ in _sentence_breaks(raw, last.text_end)), len(raw))
    finish = max(finish, last.text_end)
    segments: list[tuple[str, bool]] = []
    cursor = begin
    for span in location.spans:
        if span.text_start > cursor:
            segments.append((raw[cursor : span.text_start], False))
        segments.append((raw[span.text_start : span.text_end], True))
        cursor = span.text_end
    if finish > cursor:
        segments.append((raw[cursor:finish], False))
    return Context(text.line_of(begin), text.line_of(max(finish - 1, begin)), tuple(segments))
