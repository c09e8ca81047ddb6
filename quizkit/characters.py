"""Characters no quiz format can carry: those XML 1.0 forbids (every LMS format is XML, or is read
into XML by the LMS). `check` refuses them where they are written, so that no export fails later."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from quizkit.diagnostics import Diagnostic, field_name

if TYPE_CHECKING:
    from quizkit.positions import Path_
    from quizkit.schema_errors import Locator

UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""C0 controls but tab, line feed and carriage return; U+FFFE and U+FFFF; lone surrogates (a
file name that is not UTF-8 comes to Python with them)."""
CODE = "bad-character"


def describe_character(char: str) -> str:
    """'a control character (U+0007)', 'a noncharacter (U+FFFE)'..."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # how Python holds an undecodable byte of a file name
        return f"a byte that is not UTF-8 (0x{code - 0xDC00:02X})"
    if 0xD800 <= code <= 0xDFFF:
        kind = "an unpaired surrogate"
    elif code in (0xFFFE, 0xFFFF):
        kind = "a noncharacter"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        kind = "a control character"
    else:
        kind = "a character"
    return f"{kind} (U+{code:04X})"


def uncarriable_values(data: Any, text: str, where: Locator) -> Iterator[Diagnostic]:
    """An error at each key or text value of a YAML document holding a character no quiz
    format can carry. `text` is the YAML as read: the parser refuses such characters written as
    they are, so only an escape in a double-quoted value ('\\a', '\\x07') brings one in."""
    if "\\" in text:
        yield from _walk(data, (), where)


def _walk(value: Any, path: Path_, where: Locator) -> Iterator[Diagnostic]:
    if isinstance(value, str):
        found = UNCARRIABLE.search(value)
        if found:
            yield _error(where.value(path), field_name(path), found.group())
    elif isinstance(value, dict):
        for key, item in value.items():
            found = UNCARRIABLE.search(key) if isinstance(key, str) else None
            if found:
                yield _error(where.key((*path, key)), "a key", found.group())
            yield from _walk(item, (*path, key), where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index), where)


def _error(at: tuple[str, int, int], field: str, char: str) -> Diagnostic:
    file, line, column = at
    return Diagnostic(
        file,
        line,
        column,
        "error",
        CODE,
        f"{field} contains {describe_character(char)} that no quiz format can carry; delete it",
        "it is written as a backslash escape in a double-quoted value",
    )


def file_name_problem(name: str) -> str | None:
    """Why a source's file name cannot travel with the quiz, or None."""
    found = UNCARRIABLE.search(name)
    if found is None:
        return None
    return f"the file name contains {describe_character(found.group())}; rename the file"
