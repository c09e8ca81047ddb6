"""Jinja environments over templates/: strict about missing values, escaping HTML and XML."""

from __future__ import annotations

import contextlib
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
        bytecode_cache=bytecode_cache("documents"),
    )


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs (compiling a document's templates costs more than
    rendering them); a cache that cannot be written only means compiling again next time."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache(environment_name: str) -> jinja2.BytecodeCache | None:
    """In the user's cache folder (~/.cache/quizkit/templates/<environment_name>), one folder
    per environment, as its options shape the compiled code; Jinja checks each entry against
    its template's source, so an edited template is compiled afresh."""
    import platformdirs

    folder = platformdirs.user_cache_path("quizkit") / "templates" / environment_name
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _QuietBytecodeCache(str(folder))


def render(template: str, **context: object) -> str:
    """Render `templates/<template>` with `context`."""
    return environment().get_template(template).render(**context)
