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
        bytecode_cache=bytecode_cache("documents"),
    )


class SignedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept between runs (compiling a document's templates costs more than
    rendering them). Compiled code is code, so an entry is loaded only when signed with the
    user's key (quizkit.cachefiles) for this environment and template: a file put in the cache
    folder by anyone else is never run. Jinja then checks it against its template's source, so
    an edited template is compiled afresh."""

    LIMIT = 4 * 1024 * 1024

    def __init__(self, environment_name: str) -> None:
        self.environment_name = environment_name

    def _entry(self, bucket: jinja2.bccache.Bucket) -> tuple[Path, bytes]:
        from quizkit.cachefiles import cache_folder

        purpose = f"jinja-bytecode\0{self.environment_name}\0{bucket.key}".encode()
        return cache_folder("templates", self.environment_name) / f"{bucket.key}.cache", purpose

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from quizkit.cachefiles import read_signed

        file, purpose = self._entry(bucket)
        payload = read_signed(file, purpose, self.LIMIT)
        if payload is not None:
            bucket.bytecode_from_string(payload)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        from quizkit.cachefiles import write_signed

        file, purpose = self._entry(bucket)
        write_signed(file, purpose, bucket.bytecode_to_string())


def bytecode_cache(environment_name: str) -> jinja2.BytecodeCache:
    """In the user's cache folder (~/.cache/quizkit/templates/<environment_name>), one folder
    per environment, as its options shape the compiled code."""
    return SignedBytecodeCache(environment_name)


def render(template: str, **context: object) -> str:
    """Render `templates/<template>` with `context`."""
    return environment().get_template(template).render(**context)
