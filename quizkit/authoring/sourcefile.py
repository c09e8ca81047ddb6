"""Writing an article into a bank as sources/<id>.txt: YAML front matter, then one paragraph a line."""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from quizkit.authoring.article import Article
from quizkit.banklayout import SOURCE_SUFFIX, SOURCES_DIR, bank_paths
from quizkit.errors import QuizkitError

_MAX_ID = 60
_FEW_WORDS = 100
"""Fewer words than this, and the page probably did not hold the whole article."""
_NOT_FOUND = (
    ("title", "no title on the page: the source is named after the file"),
    ("author", "no author on the page: left as unknown"),
    ("published", "no publication date on the page: left as unknown"),
    ("outlet", "no outlet or site name on the page: left as unknown"),
    ("url", "no address (URL) on the page: left as unknown"),
)


@dataclass(frozen=True)
class AddedSource:
    """What `add_source` wrote, and the notes for the teacher (what the page did not say)."""

    path: Path
    source_id: str
    notes: tuple[str, ...]


def slugify(text: str) -> str:
    """A source id from a title: lower-case ASCII words joined by '-', at most 60 characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", "").replace("\u2019", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > _MAX_ID:
            break
        slug = candidate
    return slug or "article"


def source_text(article: Article, source_id: str, retrieved: dt.date) -> str:
    """The file's content: front matter (values quoted by the YAML dumper), a blank-free body."""
    fields: dict[str, str] = {"id": source_id}
    for name in ("title", "outlet", "author", "published", "url"):
        value = getattr(article, name)
        if value:
            fields[name] = value
    fields["retrieved"] = retrieved.isoformat()
    if article.kind:
        fields["kind"] = article.kind
    header = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=10**6)
    return "---\n" + header + "---\n" + "\n".join(article.paragraphs) + "\n"


def add_source(
    bank: Path, article: Article, *, source_id: str | None, fallback: str, force: bool, today: dt.date
) -> AddedSource:
    """Write `article` into the bank's sources/ folder; refuse to replace a file unless `force`."""
    folder, _ = bank_paths(bank)
    if not folder.is_dir():
        raise QuizkitError(f"no bank folder '{bank}'; create it first (mkdir -p {bank}/{SOURCES_DIR})")
    sources = folder / SOURCES_DIR
    chosen = source_id or slugify(article.title or fallback)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,79}", chosen):
        raise QuizkitError(
            f"'{chosen}' cannot be a source id: use letters, digits, '-', '_' and '.', starting with a letter"
            " or digit"
        )
    target = sources / f"{chosen}{SOURCE_SUFFIX}"
    if os.path.lexists(target) and not force:
        raise QuizkitError(
            f"{target} already exists; add --force to replace it, or --id NAME to add it under another name"
        )
    notes = tuple(message for name, message in _NOT_FOUND if not getattr(article, name))
    words = sum(len(p.split()) for p in article.paragraphs)
    if words < _FEW_WORDS:
        notes += (
            f"only {words} words of article text found: the page may load its article with JavaScript or"
            f" keep it behind a paywall; compare {target} with the page",
        )
    sources.mkdir(exist_ok=True)
    content = source_text(article, chosen, today)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(content, encoding="utf-8")
    os.replace(partial, target)  # nothing half-written is left under the source's name
    return AddedSource(target, chosen, notes)
