"""libyaml's syntax errors said in a teacher's words, at the line to edit, with the fix.

libyaml names what its parser expected ("did not find expected '-' indicator"); a teacher needs
to know which line to change and how: a tab, a line out of step with its neighbours, a colon
inside a value, a quote never closed. The raw text shows which it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizkit.textlines import split_lines

_KEY_VALUE = re.compile(r"^(?P<indent>\s*(?:-\s+)?)(?P<key>[A-Za-z_][\w-]*):\s+(?P<value>.*)$")
_INDENT_PROBLEMS = (
    "did not find expected '-' indicator",
    "did not find expected key",
    "expected <block end>",
)


@dataclass(frozen=True)
class Explained:
    """Where to edit and what to say."""

    line: int
    column: int
    message: str
    hint: str | None


def explain_syntax_error(
    text: str, problem: str, line: int, column: int, opened: tuple[int, int] | None = None
) -> Explained:
    """The plain account of a syntax error libyaml reported at line:column (1-based).

    `opened` is where the construct the parser was reading began (libyaml's context mark): for
    an unclosed quote, the line the quote opened on.
    """
    lines = split_lines(text)
    tab = _first_tab_indent(lines, line)
    if tab is not None:
        return Explained(
            tab,
            1,
            f"line {tab} starts with a tab; YAML indents with spaces only",
            f"replace the tab at the start of line {tab} with spaces, so that the line starts in the "
            "same column as the lines it belongs with",
        )
    if "while scanning a quoted scalar" in problem and opened is not None:
        return Explained(
            opened[0],
            opened[1],
            f"the quote opened on line {opened[0]} is never closed",
            "end the text with the same quote mark it starts with; inside '...' write '' for a '",
        )
    if "mapping values are not allowed" in problem:
        return _colon_or_indent(lines, line, column)
    if any(p in problem for p in _INDENT_PROBLEMS):
        return _out_of_step(lines, line)
    if "cannot start any token" in problem:
        return Explained(
            line,
            column,
            f"line {line}: a value cannot start with this character unless it is quoted",
            "put the whole value in single quotes ('like this', with '' for a ' inside)",
        )
    return Explained(line, column, f"invalid YAML: {problem}", None)


def _first_tab_indent(lines: list[str], upto: int) -> int | None:
    """The first line, up to the error's, whose indentation holds a tab."""
    for number, text in enumerate(lines[:upto], start=1):
        indent = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in indent and text.strip():
            return number
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _content_column(text: str) -> int:
    """Where a line's key starts: after its indentation and any '- ' of a list item."""
    stripped = text.lstrip(" ")
    dash = len(stripped) - len(stripped.removeprefix("-").lstrip(" ")) if stripped.startswith("- ") else 0
    return _indent(text) + dash


def _content_before(lines: list[str], line: int) -> int | None:
    """The nearest line before `line` (1-based) that is neither blank nor a comment."""
    for number in range(line - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _colon_or_indent(lines: list[str], line: int, column: int) -> Explained:
    """'mapping values are not allowed': a ': ' inside a value, or a key indented too far."""
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    before = _content_before(lines, line)
    if before is not None and _indent(text) > _content_column(lines[before - 1]):
        above = _KEY_VALUE.match(lines[before - 1])
        if above and above["value"].strip():  # the line continues the value above, then has a key
            return _out_of_step(lines, line)
    match = _KEY_VALUE.match(text)
    if match and ": " in match["value"] + " ":
        value = match["value"].rstrip()
        quoted = "'" + value.replace("'", "''") + "'"
        return Explained(
            line,
            len(match["indent"]) + len(match["key"]) + 3,
            f"the text of '{match['key']}' on line {line} has ': ' in it, which YAML reads as "
            "the start of another key",
            f"put the whole text in single quotes: {match['key']}: {quoted}",
        )
    return Explained(
        line,
        column,
        f"line {line}: YAML read ': ' here as the start of a key",
        "a value containing ': ' or ' #' must be quoted: write it in single quotes "
        "('like: this', with '' for a ' inside)",
    )


def _out_of_step(lines: list[str], line: int) -> Explained:
    """A line indented differently from the lines it belongs with."""
    culprit = line
    before = _content_before(lines, line)
    if 0 < line <= len(lines) and before is not None and not _odd(lines, line) and _odd(lines, before):
        culprit = before  # libyaml noticed only on the next line
    text = lines[culprit - 1] if 0 < culprit <= len(lines) else ""
    columns = _columns_above(lines, culprit)
    where = ", ".join(str(c) for c in columns[:3])
    hint = (
        "in YAML the keys of one mapping, and the '- ' of the items of one list, start in the same "
        f"column; line {culprit} starts in column {_indent(text) + 1}"
    )
    if where:
        hint += f", the lines above it in column{'s' if len(columns) > 1 else ''} {where}"
    return Explained(
        culprit,
        _indent(text) + 1,
        f"line {culprit} is not lined up with the lines above it",
        hint,
    )


def _odd(lines: list[str], line: int) -> bool:
    """Whether a line's indentation matches no line above it and opens no new block."""
    text = lines[line - 1]
    before = _content_before(lines, line)
    if before is None:
        return False
    above = lines[before - 1]
    opens = above.rstrip().endswith(":") or above.lstrip().startswith("- ")
    if opens and _indent(text) > _indent(above):
        return False
    return _indent(text) + 1 not in _columns_above(lines, line)


def _columns_above(lines: list[str], line: int) -> list[int]:
    """The columns (1-based) that the content lines above `line` start in, nearest first."""
    columns: list[int] = []
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        column = _indent(text) + 1
        if column not in columns:
            columns.append(column)
    return columns
