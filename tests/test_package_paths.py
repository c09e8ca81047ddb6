"""Every file a package's manifest or items name is in the package, read as a URL, and every
entry name is quizkit's own, safe on every system, whatever the bank's file names."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from quizkit.errors import ExportError
from quizkit.exporters.cc import article_path
from quizkit.exporters.streams import Package
from tests.conftest import BANKS
from tests.test_lms_common import export, parse

HOSTILE_NAMES = [
    "c..\\..\\..\\evil #1?q=%41\n.txt",  # a path out of the package under Windows rules, and a URL's # ? %
    "d/../..%2e%2e.txt".replace("/", "%2F"),
    "e-Ünïcödé 日本 «report».txt",
    "f-CON.txt",  # a device name on Windows
]
SAFE_ENTRY = r"[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)*"


@pytest.fixture
def hostile_bank(tmp_path: Path) -> Path:
    """The small bank with articles whose ids come from hostile file names (no front matter)."""
    if sys.platform == "win32":
        pytest.skip("these file names cannot be made on Windows")
    bank = shutil.copytree(BANKS / "small", tmp_path / "small")
    for name in HOSTILE_NAMES:
        (bank / "sources" / name).write_text("An article with no front matter, about nothing at all.\n")
    return bank


def references(files: dict[str, bytes]) -> list[tuple[str, str]]:
    """(the file that refers, the href) for every href in the manifest and the XML files."""
    found = []
    for name, data in files.items():
        if not name.endswith(".xml"):
            continue
        for element in parse(data).iter():
            for attribute, value in element.attrib.items():
                if attribute == "href" or attribute.endswith("}href"):
                    found.append((name, value))
    return found


def assert_every_reference_resolves(files: dict[str, bytes]) -> None:
    refs = references(files)
    assert any(name == "imsmanifest.xml" for name, _ in refs)
    for name, href in refs:
        parts = urlsplit(href)
        assert not (parts.scheme or parts.netloc or parts.query or parts.fragment), (name, href)
        folder = "" if name == "imsmanifest.xml" else str(PurePosixPath(name).parent)
        target = (
            str(PurePosixPath(folder, unquote(parts.path)))
            if folder not in ("", ".")
            else unquote(parts.path)
        )
        assert target in files, f"{name} refers to {href!r}, which is not in the package"


@pytest.mark.parametrize("fmt", ["cc", "qti12", "qti21", "qti30"])
def test_every_reference_resolves_and_every_entry_name_is_safe(
    hostile_bank: Path, tmp_path: Path, fmt: str
) -> None:
    import re

    _, files = export(hostile_bank, fmt, tmp_path / "out")
    for name in files:
        assert re.fullmatch(SAFE_ENTRY, name), name
    assert_every_reference_resolves(files)
    if fmt == "cc":
        pages = sorted(n for n in files if n.startswith("web_resources/articles/"))
        assert pages == [
            "web_resources/articles/A-joint-report.html",
            "web_resources/articles/B-preview.html",
            "web_resources/articles/C-c-evil-1-q-41.html",
            "web_resources/articles/D-d-2f-2f-2e-2e.html",
            "web_resources/articles/E-e-unicode-report.html",
            "web_resources/articles/F-f-con.html",
        ]


def test_a_page_name_is_the_label_and_a_slug_of_the_id() -> None:
    assert article_path("B", "joint-statement") == "web_resources/articles/B-joint-statement.html"
    assert article_path("AA", "Reuters_2025.02.07") == "web_resources/articles/AA-reuters-2025-02-07.html"
    assert article_path("C", "日本") == "web_resources/articles/C-article.html"
    assert article_path("D", "x" * 100) == f"web_resources/articles/D-{'x' * 40}.html"


@pytest.mark.parametrize(
    "name", ["a\\..\\b.xml", "../b.xml", "a b.xml", "a#b.xml", "a%41.xml", "a\nb.xml", "/a.xml"]
)
def test_no_package_is_written_with_an_unsafe_entry_name(name: str) -> None:
    with Package(io.BytesIO()) as package:
        package.add_bytes("imsmanifest.xml", b"<manifest/>")
        with pytest.raises(ExportError, match="is not a safe name for a file in a package"):
            package.add_bytes(name, b"<x/>")
