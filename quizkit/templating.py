"""Jinja environments over templates/: strict about missing values, escaping HTML and XML."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """A shipped folder ('templates', 'questions'): inside the wheel, or beside the package."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def _autoescape(template_name: str | None) -> bool:
    name = (template_name or "").removesuffix(".jinja")
    return name.endswith((".html", ".xml", ".htm", ".xhtml", ".imsmanifest", ".qti"))


@cache
def environment() -> jinja2.Environment:
    """The one template environment: StrictUndefined, autoescape for .html/.xml templates."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates"))),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: object) -> str:
    """Render `templates/<template>` with `context`."""
    return environment().get_template(template).render(**context)
