"""Writing .xlsx files whose bytes depend only on their cells: fixed dates, every text a text.

openpyxl is imported only when a spreadsheet is written. Two of its habits are undone here:
it stamps the workbook and each zip entry with the time of writing (so the same quiz gave
different bytes each time), and it stores a string starting with '=' as a formula (so a choice
such as "= half the cost" would be computed by the spreadsheet instead of shown).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from quizkit.errors import ExportError
from quizkit.exporters.streams import ZIP_TIME

FIXED_DATE = dt.datetime(2000, 1, 1)
"""The workbook's created and modified dates, the same on every export."""
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters an .xlsx cannot hold (openpyxl refuses them)."""

Cell = str | int | None


@dataclass(frozen=True)
class Sheet:
    """One worksheet: its name and its cells, by (row, column), both counted from 1."""

    title: str
    cells: dict[tuple[int, int], Cell]
    widths: Mapping[str, float]
    """Column widths by letter, for a teacher reading the file in a spreadsheet program."""


def clean_text(text: str) -> str:
    """Line breaks and runs of spaces to one space (the platforms show one line), ends trimmed."""
    return " ".join(text.split())


def write_xlsx(path: Path, sheet: Sheet) -> None:
    """Write `sheet` as the only worksheet of a new workbook at `path`."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet.title
    for (row, column), value in sorted(sheet.cells.items()):
        if value is None:
            continue
        if isinstance(value, str) and _ILLEGAL.search(value):
            raise ExportError(
                f"cannot write {path.name}: the bank contains a control character that a "
                "spreadsheet cannot hold; remove control characters from bank.yaml"
            )
        cell = ws.cell(row=row, column=column, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, never a formula
    for letter, width in sheet.widths.items():
        ws.column_dimensions[letter].width = width
    book.properties.creator = "quizkit"
    book.properties.created = FIXED_DATE
    book.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    _restamp(buffer.getvalue(), path)


def _restamp(data: bytes, path: Path) -> None:
    """Copy the zip's entries, in order, with a fixed timestamp and permissions."""
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(path, "w") as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(entry), compresslevel=6)


def fit(text: str, limit: int) -> str:
    """`text` if it fits in `limit` characters, else cut at a word and ended with '…'."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def numbers(values: Sequence[int]) -> str:
    """[1, 3] -> '1,3': the answer numbers as both templates write several."""
    return ",".join(str(value) for value in values)
