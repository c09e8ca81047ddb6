"""Prove each question against its sources: quotes are really there, keyed answers are grounded.

Never prints and never exits: it returns diagnostics.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from quizkit.banklayout import SOURCES_DIR
from quizkit.diagnostics import Diagnostic, Severity, display_path
from quizkit.grounding import (
    Asked,
    Quantity,
    Scale,
    evidence_quantities,
    evidence_ranges,
    is_bare,
    judge,
    key_quantities,
    numeric_amount,
    numeric_quantity,
    plainly_agrees,
    read_asked,
    read_scale,
    scaled,
)
from quizkit.model import (
    AnyQuestion,
    Bank,
    Evidence,
    Matching,
    MultipleAnswer,
    MultipleChoice,
    Numeric,
    ShortAnswer,
    TrueFalse,
)
from quizkit.numbers import Amount, find_amounts, iter_amounts, may_hold_amounts
from quizkit.schema_errors import Locator
from quizkit.textmatch import SourceText, locate_normal, normalize, source_texts, word_count
from quizkit.yamlsafe import Path_

MIN_QUOTE_WORDS = 3


class _Keyed(NamedTuple):
    """One piece of a keyed answer and where it is written."""

    text: str
    path: Path_


SWITCHABLE = ("ungrounded-number", "ungrounded-phrase")
"""Warnings of the evidence check that a bank or a question may switch off as it does a lint
(`lint_ignore: [ungrounded-number]` for a key worked out from the quoted figures); an error never."""
_SWITCHABLE = frozenset(SWITCHABLE)
_ACKNOWLEDGE = "`lint_ignore: [ungrounded-number]` to the question"


def check_evidence(
    bank: Bank,
    where: Locator,
    question_paths: dict[str, Path_],
    orphans: Sequence[tuple[Path_, Evidence]] = (),
    texts: dict[str, SourceText] | None = None,
) -> list[Diagnostic]:
    """Every citation of every question: the source exists, the quote is in it, the key is grounded.

    `orphans` are citations of questions that failed validation: checked too, so that one run
    reports every problem. `texts` are the sources' normalised texts, if built already
    (`source_texts`).
    """
    if texts is None:
        texts = source_texts(bank)
    diagnostics: list[Diagnostic] = []
    off_in_bank = _SWITCHABLE.intersection(bank.info.lint.ignore)
    for question in bank.questions:
        path = question_paths.get(question.id, ())
        found = _check_question(question, path, texts, where, bank)
        off = off_in_bank
        if question.lint_ignore:  # rarely: the question's own, of the codes it may switch off
            off = off.union(_SWITCHABLE.intersection(question.lint_ignore))
        if off:
            diagnostics.extend(d for d in found if d.code not in off or d.is_error)
        else:
            diagnostics.extend(found)
    for path, evidence in orphans:
        at = _Reporter(where, path)
        text = _resolve(evidence, texts, at, (), diagnostics, bank)
        if text is not None:
            diagnostics.extend(_check_quote(normalize(evidence.quote), text, texts, at, ("quote",)))
    return diagnostics


@dataclass(slots=True)
class _Reporter:
    """Makes diagnostics that point into one question of bank.yaml."""

    where: Locator
    path: Path_

    def __call__(
        self, sub: Path_, severity: Severity, code: str, message: str, hint: str | None = None
    ) -> Diagnostic:
        file, line, column = self.where.value((*self.path, *sub))
        return Diagnostic(file, line, column, severity, code, message, hint)


def _check_question(
    question: AnyQuestion, path: Path_, texts: dict[str, SourceText], where: Locator, bank: Bank
) -> Iterator[Diagnostic]:
    at = _Reporter(where, path)
    quotes: list[str] = []
    for index, evidence in enumerate(question.evidence):
        found: list[Diagnostic] = []
        text = _resolve(evidence, texts, at, ("evidence", index), found, bank)
        yield from found
        if text is None:
            continue
        quote = normalize(evidence.quote)
        quotes.append(quote)
        yield from _check_quote(quote, text, texts, at, ("evidence", index, "quote"))
    if not question.explanation.strip():
        yield at(
            ("id",),
            "warning",
            "no-explanation",
            f"question '{question.id}' has no explanation; students see it after answering",
        )
    yield from _check_grounding(question, quotes, at)


def _resolve(
    evidence: Evidence,
    texts: dict[str, SourceText],
    at: _Reporter,
    sub: Path_,
    found: list[Diagnostic],
    bank: Bank,
) -> SourceText | None:
    """The cited source, or None with the reason (about `sub`'s source) added to `found`."""
    ref = evidence.source
    text = None if ref.endswith(".txt") else texts.get(ref)
    if text is not None and "/" not in ref and "\\" not in ref and not ref.startswith("."):
        return text  # the usual case: cited by its id
    if "/" in ref or "\\" in ref or ref.startswith("."):
        found.append(
            at(
                (*sub, "source"),
                "error",
                "source-outside-bank",
                f"source '{ref}' is a path; a source is named by its file stem in sources/",
                f"expected one of: {', '.join(texts)}" if texts else None,
            )
        )
        return None
    text = texts.get(ref.removesuffix(".txt"))
    if text is None:
        found.append(
            at(
                (*sub, "source"),
                "error",
                "unknown-source",
                f"unknown source '{ref}'",
                _source_hint(ref, texts, bank),
            )
        )
    return text


def _source_hint(ref: str, texts: dict[str, SourceText], bank: Bank) -> str:
    file = Path(bank.path) / SOURCES_DIR / f"{ref.removesuffix('.txt')}.txt"
    try:
        exists = file.exists()
    except OSError:  # a name too long for any file ('source:' pasted a sentence) names none
        exists = False
    if exists:
        return f"{display_path(file)} exists but could not be loaded: see its own error"
    if not texts:
        return "the bank has no sources/*.txt files"
    by_label = {label: sid for sid, label in bank.source_labels().items()}
    if ref.upper() in by_label:  # the letter printed on the handouts
        sid = by_label[ref.upper()]
        return (
            f"'{ref.upper()}' is the article's letter on the handouts, which changes when a source "
            f"file is added; cite the article by its id: source: {sid}"
        )
    for sid, text in texts.items():  # `a-joint-statement.txt` cited as `joint-statement`
        if ref in sid and Path(text.source.path).stem == sid:
            return (
                f"did you mean '{sid}'? A source's id is its file name without .txt; to cite it as "
                f"'{ref}', put `id: {ref}` in the front matter of {display_path(text.source.path)}"
            )
    guess = difflib.get_close_matches(ref, list(texts), n=1, cutoff=0.6)
    if guess:
        return f"did you mean '{guess[0]}'?"
    return f"expected one of: {', '.join(texts)}"


def _check_quote(
    quote: str, text: SourceText, texts: dict[str, SourceText], report: _Reporter, sub: Path_
) -> Iterator[Diagnostic]:
    """The findings about one normalised quote in its source."""

    def at(severity: Severity, code: str, message: str, hint: str | None = None) -> Diagnostic:
        return report(sub, severity, code, message, hint)

    if "..." not in quote and _has_words(quote) and text.find(quote) is not None:
        return  # the usual case: one part, found as typed, and long enough
    location = locate_normal(quote, text)
    source_id = text.source.id
    if location.found:
        if not location.case_only and len(location.fragments) == 1 and _has_words(quote):
            return  # found after all: an ellipsis at one end, or its own quotation marks left out
        if location.case_only:
            spans = location.spans or ()
            first = spans[0]
            yield at(
                "warning",
                "quote-case-mismatch",
                f"quote found in source '{source_id}' only when case is ignored",
                f"at {display_path(text.source.path)}:{first.line}: "
                f'"{_excerpt(text.source.text[first.text_start : spans[-1].text_end])}"',
            )
        words = sum(word_count(f) for f in location.fragments)
        if words < MIN_QUOTE_WORDS:
            yield at(
                "warning",
                "quote-too-short",
                f"quote has {words} word{'s' if words != 1 else ''}; "
                f"a quote of fewer than {MIN_QUOTE_WORDS} words proves little",
            )
        return
    fragments = location.fragments
    if not fragments:
        yield at("error", "empty-value", "quote has no words")
        return
    missing = location.missing_fragment or 0
    fragment = fragments[missing]
    if missing and text.find(fragment) is not None:
        yield at(
            "error",
            "quote-out-of-order",
            f"quote part {missing + 1} of {len(fragments)} comes before part {missing} in source "
            f"'{source_id}'; the parts of a quote split by '...' must follow the article's order",
        )
        return
    if len(fragments) > 1:
        message = f"quote part {missing + 1} of {len(fragments)} not found in source '{source_id}'"
    else:
        message = f"quote not found in source '{source_id}'"
    yield at("error", "quote-not-found", message, _closest_hint(fragment, text, texts))


def _has_words(quote: str) -> bool:
    """At least MIN_QUOTE_WORDS words (as `word_count` counts them), found without counting them all."""
    return _ENOUGH_WORDS.search(quote) is not None


_ENOUGH_WORDS = re.compile(rf"\w+(?:\W+\w+){{{MIN_QUOTE_WORDS - 1}}}")
"""MIN_QUOTE_WORDS words in a row, each run of word characters whole (a non-word one follows it)."""


CLOSE_ENOUGH = 75.0
"""Below this similarity the closest passage is shown without a word-by-word comparison."""


def _closest_hint(fragment: str, text: SourceText, texts: dict[str, SourceText]) -> str:
    lines: list[str] = []
    for other in texts.values():
        if other is text:
            continue
        hit = other.find(fragment) or other.find(fragment, ignore_case=True)
        if hit is not None:
            line = other.span(*hit).line
            lines.append(
                f"found in source '{other.source.id}' at {display_path(other.source.path)}:{line}: "
                f"did you mean to cite '{other.source.id}'?"
            )
            return "\n".join(lines)
    best = closest_passage(fragment, text)
    if best is not None:
        score, start, end = best
        span = text.span(start, end)
        passage = text.normal[start:end]
        lines.append(
            f'closest ({score:.0f}%) at {display_path(text.source.path)}:{span.line}: "{_excerpt(passage)}"'
        )
        head = search_head(fragment)
        differences = describe_differences(head, passage) if score >= CLOSE_ENOUGH else []
        if differences:
            lines.append("differs: " + "; ".join(differences))
    return "\n".join(lines)


SEARCH_CHARS = 300
"""A longer quote is looked for by its first 300 characters: the fuzzy search costs their length
times the source's, and where a long quote starts to differ shows in its head as well."""
WHOLE_SCAN_CHARS = 2_000_000
"""A source longer than this is searched only around the places where the quote's words occur."""


def search_head(fragment: str) -> str:
    """The part of a fragment the closest-passage search uses: at most SEARCH_CHARS, whole words."""
    if len(fragment) <= SEARCH_CHARS:
        return fragment
    cut = fragment.rfind(" ", 0, SEARCH_CHARS + 1)
    return fragment[: cut if cut > 0 else SEARCH_CHARS]


def closest_passage(fragment: str, text: SourceText) -> tuple[float, int, int] | None:
    """The passage of the source most like the fragment: (score 0-100, start, end) in normal text."""
    from rapidfuzz import fuzz

    normal = text.normal
    if not normal:
        return None
    head = search_head(fragment)
    best: tuple[float, int, int] | None = None
    for low, high in _search_windows(head, text):
        alignment = fuzz.partial_ratio_alignment(head, normal[low:high], processor=_lower_in_place)
        if alignment is not None and (best is None or alignment.score > best[0]):
            best = (float(alignment.score), low + alignment.dest_start, low + alignment.dest_end)
    if best is None:
        return None
    score, start, end = best
    floor, ceiling = max(0, start - 40), min(len(normal), end + 40)
    while start > floor and normal[start - 1].isalnum():  # widen to whole words
        start -= 1
    while end < ceiling and normal[end].isalnum():
        end += 1
    return score, _start_on_its_line(fragment, text, start, end), end


def _lower_in_place(text: str) -> str:
    """Lower case, one character for one: 'İ' alone lowers to two ('i' and a dot above), which
    would shift every position the alignment reports after it."""
    return text.replace("İ", "i").lower()


def _start_on_its_line(fragment: str, text: SourceText, start: int, end: int) -> int:
    """Where the passage really starts: not on a word of the line before that the quote lacks.

    A fuzzy alignment of a quote whose first word differs often reaches back over the line break
    to the previous line's last word ("Trump In a move ..."); the hint must name the line where
    the matched text starts, so such leading words are dropped.
    """
    wanted = {w.lower() for w in re.findall(r"\w+", fragment)}
    for _ in range(3):
        word = re.match(r"\W*(\w+)\W*", text.normal[start:end])
        if word is None or word.end() >= end - start or word[1].lower() in wanted:
            break
        following = start + word.end()
        if text.span(start, start + 1).line == text.span(following, following + 1).line:
            break
        start = following
    return start


def _search_windows(head: str, text: SourceText, per_word: int = 100) -> list[tuple[int, int]]:
    """Where to look: the whole source, or in a very long one the stretches around the head's words."""
    size = len(text.normal)
    if size <= WHOLE_SCAN_CHARS:
        return [(0, size)]
    words = sorted({w for w in re.findall(r"\w{4,}", head.lower())}, key=len, reverse=True)[:4]
    reach = 2 * len(head)
    spans: list[tuple[int, int]] = []
    folded = text.folded
    for word in words:
        at = folded.find(word)
        for _ in range(per_word):
            if at < 0:
                break
            spans.append((max(0, at - reach), min(size, at + reach)))
            at = folded.find(word, at + 1)
    if not spans:
        return [(0, WHOLE_SCAN_CHARS)]
    merged: list[tuple[int, int]] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def describe_differences(quote: str, passage: str, limit: int = 3) -> list[str]:
    """Word-level differences, the way a proofreader would say them."""
    ours, theirs = quote.split(), passage.split()
    matcher = difflib.SequenceMatcher(
        a=[w.lower() for w in ours], b=[w.lower() for w in theirs], autojunk=False
    )
    notes: list[str] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        mine, source = " ".join(ours[a1:a2]), " ".join(theirs[b1:b2])
        if op == "replace":
            notes.append(f"quote has '{mine}' where the source has '{source}'")
        elif op == "delete":
            notes.append(f"quote adds '{mine}'")
        elif op == "insert" and 0 < a1 < len(ours):
            notes.append(f"quote leaves out '{source}'")
        if len(notes) == limit:
            break
    return notes


def _excerpt(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 4].rstrip() + " ..."


# --- grounding -------------------------------------------------------------------------------


def keyed_texts(question: AnyQuestion) -> list[_Keyed]:
    """The parts of a question's key whose numbers must appear in its evidence."""
    if isinstance(question, (MultipleChoice, MultipleAnswer)):
        return [_Keyed(c.text, ("choices", i, "text")) for i, c in enumerate(question.choices) if c.correct]
    if isinstance(question, TrueFalse):
        return [_Keyed(question.prompt, ("prompt",))] if question.answer else []
    if isinstance(question, ShortAnswer):
        return [_Keyed(a, ("answers", i)) for i, a in enumerate(question.answers)]
    if isinstance(question, Numeric):
        return [_Keyed(_number_text(question.answer, question.unit), ("answer",))]
    if isinstance(question, Matching):
        return [
            _Keyed(getattr(p, side), ("pairs", i, side))
            for i, p in enumerate(question.pairs)
            for side in ("left", "right")
        ]
    return []


def _number_text(value: float, unit: str | None) -> str:
    shown = f"{value:g}" if abs(value) < 1e15 else repr(value)
    if unit in ("%", "$"):
        return f"{shown}%" if unit == "%" else f"${shown}"
    return f"{shown} {unit}" if unit else shown


def _check_numbers(question: AnyQuestion, quotes: list[str], at: _Reporter) -> Iterator[Diagnostic]:
    """Each number in the key, with the kind and scale the question gives it, against the quotes.

    The usual key is stated plainly in the quotes: that needs only the unit and scale the question
    gives a bare number (`read_scale`), and only as many of the quotes' amounts as it takes to find
    it. The rest of what the prompt asks, and the quotes' other amounts, are read only if not.
    """
    keyed = keyed_texts(question)
    if isinstance(question, Numeric):
        scale = read_scale(question.prompt, question.unit)
        amount = numeric_amount(question.answer, keyed[0].text, scale)
        tolerance = question.tolerance * scale.magnitude  # 'in millions', tolerance 0.5: 500,000
        stated: list[list[Amount]] = [[] for _ in quotes]
        if not _plainly_stated([amount], quotes, stated, tolerance):
            key = numeric_quantity(question.answer, keyed[0].text, read_asked(question.prompt, question.unit))
            yield from _judge_numbers(question, [(keyed[0], key)], quotes, stated, at, tolerance)
        return
    found: list[tuple[_Keyed, str, list[Amount]]] = []
    for piece in keyed:
        # normalising ASCII keeps its digits and words; other text may gain some ('５' is '5')
        if may_hold_amounts(piece.text) or not piece.text.isascii():
            text = normalize(piece.text)
            amounts = [a for a in find_amounts(text, weak_ordinals=False) if not _pointing(text, a)]
            if amounts:
                found.append((piece, text, amounts))
    if not found:
        return
    true_false = isinstance(question, TrueFalse)
    given: Asked | Scale | None = Asked() if true_false else None
    if given is None and any(is_bare(a) for _, _, amounts in found for a in amounts):
        given = read_scale(question.prompt)  # a bare number takes the prompt's unit and scale
    keys = [a if given is None else scaled(a, given) for _, _, amounts in found for a in amounts]
    stated = [[] for _ in quotes]
    if _plainly_stated(keys, quotes, stated):
        return  # no need to read the key's or the evidence's context
    asked = Asked() if true_false else read_asked(question.prompt)
    wanted = [(k, q) for k, text, amounts in found for q in key_quantities(text, amounts, asked)]
    yield from _judge_numbers(question, wanted, quotes, stated, at)


_POINTER = re.compile(r"\b(?:the|these|those|all)\s+\Z", re.IGNORECASE)


def _pointing(text: str, amount: Amount) -> bool:
    """A small number in words after 'the', 'these', 'those' or 'all' points at things already named
    ('the two figures', 'all three') rather than stating a count to find in the evidence."""
    return (
        amount.kind == "number"
        and amount.value <= 12
        and amount.text.isalpha()
        and _POINTER.search(text, max(0, amount.start - 8), amount.start) is not None
    )


def _plainly_stated(
    keys: list[Amount], quotes: list[str], stated: list[list[Amount]], tolerance: float = 0.0
) -> bool:
    """Every keyed figure is stated in the quotes, in a unit that agrees (see `judge`).

    Reads the quotes' amounts into `stated` only as far as it needs: all of them where it says no.
    """
    missing = keys
    for quote, amounts in zip(quotes, stated, strict=True):
        for amount in iter_amounts(quote):
            amounts.append(amount)
            missing = [key for key in missing if not plainly_agrees(key, amount, tolerance)]
            if not missing:
                return True
    return not missing


def _judge_numbers(
    question: AnyQuestion,
    wanted: list[tuple[_Keyed, Quantity]],
    quotes: list[str],
    stated: list[list[Amount]],
    at: _Reporter,
    tolerance: float = 0.0,
) -> Iterator[Diagnostic]:
    evidence: list[Quantity] = []
    ranges: list[tuple[float, float, str | None]] = []
    by_quote: list[list[Quantity]] = []
    for quote, each in zip(quotes, stated, strict=True):
        quantities = evidence_quantities(quote, each)
        by_quote.append(quantities)
        evidence.extend(quantities)
        ranges.extend(evidence_ranges(quote, quantities))
    numeric = isinstance(question, Numeric)
    known = ""
    for keyed, key in wanted:
        found = judge(key, evidence, ranges=ranges, tolerance=tolerance, fallback=numeric)
        if found.verdict in ("contradicted", "not-found") and not known:
            known = ", ".join(dict.fromkeys(_as_written(by_quote))) or "none"
        if found.verdict == "contradicted":
            said = " and ".join(dict.fromkeys(a.text for a in found.against))
            yield at(
                keyed.path,
                "error",
                "number-contradicted",
                f"the key says {key.amount.text}, but the cited evidence says {said}",
                f"numbers in the cited quotes: {known}",
            )
        elif found.verdict == "not-found":
            hint = f"numbers in the cited quotes: {known}"
            if found.same_figure is not None:
                hint += (
                    f"\nthe cited evidence says {found.same_figure.text}: name the scale in the prompt "
                    "('How many billions of dollars ...?') or in `unit:`"
                )
            else:
                hint += "\nif the key is worked out from the quoted figures, add " + _ACKNOWLEDGE
            yield at(
                keyed.path,
                "warning",
                "ungrounded-number",
                f"the keyed answer says '{key.amount.text}', but no cited quote has that number",
                hint,
            )


def _as_written(by_quote: list[list[Quantity]]) -> Iterator[str]:
    """The quotes' figures as written, one for each place in each quote, in order: not again as
    the same time in other units ('four', not 'four years' as 48 months too)."""
    for quantities in by_quote:
        first: dict[int, str] = {}
        for q in quantities:
            first.setdefault(q.amount.start, q.amount.text)
        yield from (text for _, text in sorted(first.items()))


def _check_grounding(question: AnyQuestion, quotes: list[str], at: _Reporter) -> Iterator[Diagnostic]:
    """Keyed numbers and grounding phrases against the (normalised) quotes the question cites."""
    if not quotes:
        return  # the missing or unknown source was reported already
    yield from _check_numbers(question, quotes, at)
    if not question.grounding:
        return
    folded = [q.lower() for q in quotes]
    for index, phrase in enumerate(question.grounding):
        wanted_phrase = normalize(phrase).lower()
        if not any(wanted_phrase in q for q in folded):
            yield at(
                ("grounding", index),
                "warning",
                "ungrounded-phrase",
                f"grounding phrase '{phrase}' is not in the cited quotes",
            )
