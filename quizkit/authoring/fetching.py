"""Reading a page to add: a saved HTML file, a text file, pasted text, or a URL (quizkit's only
network use, and only when a URL is given)."""

from __future__ import annotations

import sys
import urllib.error
import urllib.request
from pathlib import Path

from quizkit.authoring.article import Article, ExtractionError, extract_article, text_article

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_TIMEOUT = 30


def read_page(page: str) -> tuple[Article, str]:
    """The article at `page` (a path, a URL or '-' for standard input) and a name to fall back on
    for its id."""
    if page == "-":
        return text_article(sys.stdin.read()), "pasted"
    if page.startswith(("http://", "https://")):
        return extract_article(fetch(page), url=page), page.rstrip("/").rsplit("/", 1)[-1]
    path = Path(page)
    if not path.is_file():
        raise ExtractionError(f"no such file: '{page}' (give a saved page, a .txt file, a URL or -)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read '{page}': {exc.strerror}") from None
    if path.suffix.lower() in _HTML_SUFFIXES:
        try:
            return extract_article(data), path.stem
        except ExtractionError as exc:
            raise ExtractionError(f"{page}: {exc}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractionError(f"'{page}' is not UTF-8 text; save it as UTF-8 or as a web page") from None
    try:
        return text_article(text), path.stem
    except ExtractionError as exc:
        raise ExtractionError(f"{page}: {exc}") from None


def fetch(url: str) -> bytes:
    """The page at `url`, or an error naming the URL and what went wrong."""
    request = urllib.request.Request(url, headers={"User-Agent": "quizkit (+source add)"})
    try:
        with urllib.request.urlopen(request, timeout=_TIMEOUT) as response:
            data: bytes = response.read()
    except urllib.error.HTTPError as exc:
        raise ExtractionError(f"could not fetch {url}: the server answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ExtractionError(f"could not fetch {url}: {reason}") from None
    return data
