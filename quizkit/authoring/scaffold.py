"""`quizkit new`: a bank folder to start from, with one commented example of each question type."""

from __future__ import annotations

import json
from pathlib import Path

from quizkit.banklayout import BANK_FILE, SOURCES_DIR
from quizkit.diagnostics import display_path
from quizkit.errors import QuizkitError
from quizkit.templating import render

SCHEMA_FILE = "bank.schema.json"


def new_bank(folder: Path) -> list[Path]:
    """Create `folder` with bank.yaml, an empty sources/ and the JSON Schema for editors."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise QuizkitError(f"'{display_path(folder)}' already exists and is not empty; choose a new name")
    from quizkit.model import bank_file_schema

    title = folder.resolve().name.replace("-", " ").replace("_", " ").strip().capitalize() or "New bank"
    examples = render("new/examples.yaml.jinja")
    text = render(
        "new/bank.yaml.jinja",
        title=json.dumps(title, ensure_ascii=False),
        path=display_path(folder),
        examples=comment_out(examples),
    )
    (folder / SOURCES_DIR).mkdir(parents=True, exist_ok=True)
    bank_file = folder / BANK_FILE
    bank_file.write_text(text, encoding="utf-8")
    schema = folder / SCHEMA_FILE
    schema.write_text(json.dumps(bank_file_schema(), indent=2) + "\n", encoding="utf-8")
    return [bank_file, folder / SOURCES_DIR, schema]


def comment_out(yaml_text: str) -> str:
    """Each line commented so that deleting its '# ' gives the line back (as editors toggle it)."""
    lines = []
    for line in yaml_text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            lines.append(line)
            continue
        indent = min(len(line) - len(line.lstrip(" ")), 2)
        lines.append(f"{line[:indent]}# {line[indent:]}")
    return "\n".join(lines) + "\n"
