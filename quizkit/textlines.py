"""What a line is, everywhere in quizkit: text up to a '\\n', as `grep -n` and editors count them.

Python's str.splitlines also ends a line at a form feed, a lone '\\r', U+0085, U+2028, U+2029
and a few control characters, and YAML 1.1 (libyaml) counts some of those as line breaks too.
A teacher checks a line number with an editor or `grep -n`, so only '\\n' ends a line here; a
'\\r' just before it is part of the line ending (Windows files), and any other character is
text on the line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

_LINE_END = re.compile("\r?\n")
_SHOWN_AS_SPACE = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029]")
_LONE_CR = re.compile("\r(?!\n)")


def split_lines(text: str, *, keepends: bool = False) -> list[str]:
    """The lines of `text`; with `keepends`, each keeps its '\\n' (joined, they give `text` back)."""
    pieces = text.split("\n")
    last = pieces.pop()  # after the final '\n' (empty if the text ends with one)
    if keepends:
        lines = [piece + "\n" for piece in pieces]
    else:
        lines = [piece[:-1] if piece.endswith("\r") else piece for piece in pieces]
    if last:
        lines.append(last)
    return lines


def one_line(text: str) -> str:
    """`text` with each line ending ('\n' or '\r\n') made a space, to show lines run on."""
    return _LINE_END.sub(" ", text)


def printable(line: str) -> str:
    """A line as a printed page shows it: a page, line or record separator, a lone '\r' or another
    control character inside it becomes a space (fonts have no glyph for them, and a break there
    would look like a line of its own without a number)."""
    return _SHOWN_AS_SPACE.sub(" ", line)


def line_starts(text: str) -> list[int]:
    """The offset in `text` where each line starts: 0, then just after each '\\n'."""
    return [0, *(match.end() for match in re.finditer("\n", text))]


def line_of(starts: Sequence[int], offset: int) -> int:
    """The line (1-based) holding the character at `offset`, given the text's `line_starts`."""
    return bisect_right(starts, offset)


def position(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """(line, column), both 1-based, of the character at `offset`."""
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def has_other_breaks(text: str) -> bool:
    """True if a YAML parser would count lines in `text` differently (a lone '\\r', U+0085,
    U+2028 or U+2029 in it)."""
    if "\x85" in text or "\u2028" in text or "\u2029" in text:
        return True
    return "\r" in text and _LONE_CR.search(text) is not None  # `in` is many times quicker
