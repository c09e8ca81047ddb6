"""Text that did not come from quizkit, made safe to print: terminals, JSON, spreadsheets.

A bank, a source file, a file name or a student's answer may hold control characters. Printed
raw, an escape sequence can rewrite what a terminal shows (forge a score, erase lines) and a
right-to-left override can reorder it. Every such text is passed through `visible` where it
leaves quizkit for a terminal: each control character is shown as an escape (`\\x1b`), and
line breaks and tabs stay what they are. Standard library only: the CLI imports it at start-up.
"""

from __future__ import annotations

import re

_SHOWN = {
    **{
        code: f"\\x{code:02x}"
        for code in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0))
        if code not in (0x09, 0x0A)
    },
    # the bidirectional embeddings, overrides and isolates, which reorder the text around them
    **{code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
_IN_JSON = {code: f"\\u{code:04x}" for code in _SHOWN if code >= 0x7F}
"""What json.dumps leaves as it is (it escapes C0 itself); a JSON string means the same with
these written as \\u escapes."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def visible(text: str) -> str:
    """`text` with every control character written as an escape (ESC as `\\x1b`), so that it
    prints as itself on a terminal; newlines (a CR LF is a newline) and tabs are kept."""
    return text.replace("\r\n", "\n").translate(_SHOWN)


def visible_json(dumped: str) -> str:
    """JSON text (from json.dumps) with DEL, C1 and direction controls written as \\u escapes:
    the same data for a tool, nothing a terminal acts on."""
    return dumped.translate(_IN_JSON)


def spreadsheet_cell(value: str) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP: text that starts with = + - @,
    a tab or a CR gets a leading apostrophe); numbers stay numbers, and controls are shown."""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        value = "'" + value
    return visible(value)
