"""Writing export files as streams: templates rendered a block at a time straight to disk, XML
checked as it is written, zip packages written entry by entry.

A 100,000-question quiz is a few hundred megabytes of XML. Nothing here holds a whole file: a
block of rendered text is encoded, written and fed to an XML parser that builds no tree, then
dropped. The bytes are those a whole-string render would give.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import jinja2

from quizkit.errors import ExportError
from quizkit.templating import environment

ZIP_TIME = (1980, 1, 1, 0, 0, 0)
MANIFEST = "imsmanifest.xml"
ENTRY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)*")
"""A package's entry names are quizkit's own: no '..' or '\\' (a path out of the package under
Windows rules), nothing a URL would read otherwise ('#', '?', '%', spaces), no control character."""
BLOCK = 512
"""Template output pieces joined before each write (a few tens of kilobytes)."""


def entry_order(names: Iterable[str]) -> list[str]:
    """The order of a package's entries: imsmanifest.xml first, then by name."""
    return sorted(names, key=lambda name: (name != MANIFEST, name))


class XmlCheck:
    """Well-formedness checked as the bytes arrive, by a parser that keeps nothing of them."""

    def __init__(self, name: str) -> None:
        from lxml import etree

        self.name = name
        self._error = etree.XMLSyntaxError
        target: Any = _Nothing()  # lxml's stubs expect a full ParserTarget; close() is all it needs
        self._parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True)

    def feed(self, data: bytes) -> None:
        try:
            self._parser.feed(data)
        except self._error as exc:
            raise _not_xml(self.name, exc) from None

    def close(self) -> None:
        """ExportError naming the file if what was fed is not well-formed XML."""
        try:
            self._parser.close()
        except self._error as exc:
            raise _not_xml(self.name, exc) from None


class _Nothing:
    """A parser target that builds nothing: the parse only proves the text well-formed."""

    def close(self) -> None:
        return None


def _not_xml(name: str, exc: Exception) -> ExportError:
    if "invalid Char" in str(exc):  # a control character typed into the bank (YAML allows "\x07")
        return ExportError(
            f"cannot write {name}: the bank contains a character that XML cannot hold ({exc}); "
            "run quizkit check to see where"
        )
    return ExportError(f"internal error: {name} is not well-formed XML: {exc}")


def write_template(
    out: IO[bytes], name: str, template: str | jinja2.Template, context: Mapping[str, Any], *, xml: bool
) -> None:
    """Render `template` (a name under templates/, or a loaded template) into `out` as UTF-8;
    with `xml`, the text is checked to be well-formed XML on the way (ExportError if not)."""
    if isinstance(template, str):
        template = environment().get_template(template)
    stream = template.stream(context)
    stream.enable_buffering(BLOCK)
    check = XmlCheck(name) if xml else None
    for block in stream:
        data = block.encode("utf-8")
        out.write(data)
        if check is not None:
            check.feed(data)
    if check is not None:
        check.close()


def write_file(path: Path, template: str | jinja2.Template, context: Mapping[str, Any], *, xml: bool) -> None:
    """`write_template` into a new file at `path` (named in messages by its file name)."""
    with path.open("wb") as out:
        write_template(out, path.name, template, context, xml=xml)


class Package:
    """A zip written straight to disk, one entry after another, whose bytes depend only on the
    entries: fixed timestamps and permissions, imsmanifest.xml first, then names in order, each
    name one that means the same on every system and as a URL (`ENTRY_NAME`)."""

    def __init__(self, target: Path | IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6)
        self._last: str | None = None

    def _open(self, name: str) -> IO[bytes]:
        if not ENTRY_NAME.fullmatch(name):
            raise ExportError(f"internal error: {name!r} is not a safe name for a file in a package")
        if self._last is not None and entry_order([self._last, name])[0] != self._last:
            raise ValueError(f"zip entry {name!r} is out of order after {self._last!r}")  # our mistake
        self._last = name
        info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3  # unix, whatever the machine, so the bytes agree everywhere
        return self._zip.open(info, "w")

    def add(
        self, name: str, template: str | jinja2.Template, context: Mapping[str, Any], *, xml: bool = True
    ) -> None:
        """An entry rendered from a template, checked as XML unless `xml` is False."""
        with self._open(name) as out:
            write_template(out, name, template, context, xml=xml)

    def add_bytes(self, name: str, data: bytes) -> None:
        with self._open(name) as out:
            out.write(data)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
