"""An article as extracted from a page or pasted text: its paragraphs and what is known about it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from quizkit.errors import QuizkitError


class ExtractionError(QuizkitError):
    """A page from which no article text could be extracted, or that could not be fetched."""


@dataclass(frozen=True)
class Article:
    """The article's text, one paragraph per item, and its metadata (None where unknown)."""

    paragraphs: tuple[str, ...]
    title: str | None = None
    author: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    kind: str | None = None


_NEWS_TYPES = {"NewsArticle": "news", "ReportageNewsArticle": "news", "OpinionNewsArticle": "opinion"}
_SCHEMA_TYPE = re.compile(r'"@type"\s*:\s*\[?\s*"(OpinionNewsArticle|ReportageNewsArticle|NewsArticle)"')


def extract_article(page: bytes, url: str | None = None) -> Article:
    """The article in a web page's HTML (the text as the page has it, never rewritten)."""
    import trafilatura  # heavy: loaded only by `source add`

    # favor_precision drops what trafilatura is unsure of (sign-offs such as "Our Standards: ...",
    # a headline repeated above the body) at no cost to the body on the saved pages in the tests.
    document = trafilatura.bare_extraction(
        page,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    text = (getattr(document, "text", None) or "") if document is not None else ""
    paragraphs = tuple(line.strip() for line in text.splitlines() if line.strip())
    if not paragraphs:
        raise ExtractionError("no article text found on the page")
    outlet = _field(document, "sitename")
    return Article(
        paragraphs=paragraphs,
        title=_title(_field(document, "title"), outlet),
        author=_field(document, "author"),
        published=_field(document, "date"),
        outlet=outlet,
        url=_field(document, "url") or url,
        kind=_kind(page),
    )


def text_article(text: str, title: str | None = None) -> Article:
    """Pasted or plain text: its non-blank lines as paragraphs; the first line is the title
    unless one is given."""
    paragraphs = tuple(line.strip() for line in text.splitlines() if line.strip())
    if not paragraphs:
        raise ExtractionError("the text is empty")
    if title is None and len(paragraphs[0]) <= 200:
        title = paragraphs[0]
    return Article(paragraphs=paragraphs, title=title)


def _field(document: object, name: str) -> str | None:
    value = getattr(document, name, None)
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())  # a value in front matter is one line
    return value or None


def _title(title: str | None, outlet: str | None) -> str | None:
    """The headline without the site's name and date that some pages append ("... | DW | 19.01.2020")."""
    if title is None or outlet is None:
        return title
    parts = title.split(" | ")
    site = outlet.lower()
    for index, part in enumerate(parts[1:], start=1):
        name = part.strip().lower()
        if name and (name in site or site in name):
            return " | ".join(parts[:index])
    return title


def _kind(page: bytes) -> str | None:
    """'news' or 'opinion' where the page declares a schema.org news article type, else None."""
    found = _SCHEMA_TYPE.search(page.decode("utf-8", "replace"))
    return _NEWS_TYPES[found.group(1)] if found else None
