"""Words as the lints compare them: lower-case tokens, stop words dropped, endings lightly stripped."""

from __future__ import annotations

import re
from functools import cache

from quizkit.textmatch import normalize

_TOKEN = re.compile(r"[^\W_]+(?:[.,:][0-9]+)*")
_ASCII_TOKEN = re.compile(_TOKEN.pattern, re.ASCII)
"""_TOKEN for text whose only other characters are not word characters (faster to test)."""
_STOP_WORDS = """
    a about above after again against all also am an and any are aren't as at be because been before
    being below between both but by can could did do does doing don't down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not of off on once only or other our ours ourselves out
    over own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves s t
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "ed", "es", "ly", "s", "e")


@cache
def plain(text: str) -> str:
    """A text normalised as quotes are (quizkit.textmatch.normalize), kept: several rules read each text.

    Plain ASCII needs only its white space folded, which is much cheaper.
    """
    return " ".join(text.split()) if text.isascii() else normalize(text)


@cache
def tokens(text: str) -> tuple[str, ...]:
    """Lower-case words and numbers of a text, normalised as quotes are ("Japan's" -> "japan", "s").

    Kept for the texts of a large bank, which several rules read. A text of ASCII, curly quotes,
    currency signs, dashes and no-break spaces needs no normalising: normalising changes only what
    is never part of a token."""
    if text.isascii():
        lowered = text.lower()
        spaced = lowered.translate(_LETTERS_APART)
        if "\0" not in spaced:  # no digit: the words are the runs of letters
            return tuple(spaced.split())
        return tuple(_ASCII_TOKEN.findall(lowered))
    if _TOKENS_AS_TYPED.fullmatch(text):
        return tuple(_ASCII_TOKEN.findall(text.lower()))
    return tuple(_TOKEN.findall(plain(text).lower()))


_LETTERS_APART = str.maketrans(
    {
        **{chr(code): " " for code in range(128) if not "a" <= chr(code) <= "z"},
        **dict.fromkeys("0123456789", "\0"),
    }
)
"""Lower-case ASCII with every character but a letter made a space, and a digit '\\0' (a text with
one is tokenised by _ASCII_TOKEN: '3.5' and '1,000' are one token each)."""


_TOKENS_AS_TYPED = re.compile(
    "[\x00-\x7f\u00a0\u00a3\u00a5\u20ac\u2013\u2014\u2018\u2019\u201c\u201d\u2026]*"
)
"""Text whose tokens are those of its normalised form (see `tokens`): ASCII, no-break space, £ ¥ €,
en and em dashes, curly quotes, '…'."""


@cache
def stem(word: str) -> str:
    """A light stem: 'pledged', 'pledges' and 'pledge' all become 'pledg'; numbers stay as written."""
    if not word.isalpha():
        return word.replace(",", "")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                word += "y"
            break
    return word


@cache
def content_words(text: str) -> tuple[str, ...]:
    """The stems of a text's words that carry meaning (no stop words), numbers included."""
    return tuple([stem(t) for t in tokens(text) if t not in STOP_WORDS])


def is_number(token: str) -> bool:
    return token[:1].isdigit()


def forget() -> None:
    """Drop the kept texts once a bank is linted: they are kept without a limit (a plain cache is cheaper to
    read than an LRU one), and a large bank's would only slow later collections."""
    for cached in (plain, tokens, content_words, stem):
        cached.cache_clear()
