"""Load a bank folder (bank.yaml + sources/*.txt) into the model, keeping every position."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from quizkit.banklayout import (
    SOURCES_DIR,
    NotRegularFile,
    bank_paths,
    irregular_kind,
    open_regular,
    source_files,
)
from quizkit.characters import CODE as BAD_CHARACTER
from quizkit.characters import file_name_problem, uncarriable_values
from quizkit.diagnostics import Diagnostic, display_path
from quizkit.gcpause import gc_paused
from quizkit.model import (
    QUESTION_CLASSES,
    AnyQuestion,
    Bank,
    BankInfo,
    Evidence,
    Question,
    Source,
    SourceMeta,
)
from quizkit.schema_errors import describe, error_at, pydantic_diagnostics
from quizkit.visible import blank_texts
from quizkit.yamlsafe import Document, Path_, YamlProblem, load_yaml


@dataclass
class Where:
    """Maps a field of the bank (a path like ('questions', 3, 'prompt')) to file:line:column."""

    path: str | Path
    """The file as diagnostics name it; a Path is put in that form only when one needs it."""
    document: Document

    @cached_property
    def file(self) -> str:
        return self.path if isinstance(self.path, str) else display_path(self.path)

    def value(self, path: Path_) -> tuple[str, int, int]:
        return (self.file, *self.document.value_at(path))

    def key(self, path: Path_) -> tuple[str, int, int]:
        return (self.file, *self.document.key_at(path))


@dataclass
class LoadedBank:
    """The result of loading: the bank (None if it could not be built) and what went wrong."""

    path: Path
    bank: Bank | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    where: Where | None = None
    question_paths: dict[str, Path_] = field(default_factory=dict)
    orphan_evidence: list[tuple[Path_, Evidence]] = field(default_factory=list)
    """Citations of questions that failed validation: their quotes are still checked."""
    text: str = ""
    """bank.yaml as read, for the lints that look at how a value was typed."""


@cache
def _question_adapter() -> TypeAdapter[AnyQuestion]:
    return TypeAdapter(Question)


def load_bank(path: Path | str) -> LoadedBank:
    """Load the bank at `path` (its folder or its bank.yaml), collecting every problem."""
    folder, bank_file = bank_paths(Path(path))
    loaded = LoadedBank(path=folder, bank=None)
    shown = display_path(bank_file)
    if not os.path.lexists(bank_file):  # a named pipe or a folder there is reported as such
        loaded.diagnostics.append(_no_bank(folder, bank_file))
        return loaded
    with gc_paused():
        document = _read_yaml(bank_file, shown, loaded)
        if document is None:
            return loaded
        where = Where(shown, document)
        loaded.where = where
        loaded.diagnostics.extend(_duplicate_keys(where))
        loaded.diagnostics.extend(uncarriable_values(document.data, loaded.text, where))
        sources = load_sources(folder, loaded.diagnostics)
        info, questions = _validate(document.data, where, loaded)
    if not sources and not questions and not any(d.is_error for d in loaded.diagnostics):
        loaded.diagnostics.append(_no_sources(folder))
    if info is None:  # reported already; build the bank anyway so its questions are checked too
        if not isinstance(document.data, dict):
            return loaded
        title = document.data.get("title")
        info = BankInfo.model_construct(title=title if isinstance(title, str) and title else folder.name)
    loaded.bank = Bank.model_construct(
        name=folder.resolve().name,
        path=str(folder),
        info=info,
        questions=tuple(questions),
        sources=sources,
    )
    return loaded


def _no_bank(folder: Path, bank_file: Path) -> Diagnostic:
    """Why there is no bank here, reported on the folder (the missing file has no lines)."""
    hint = f"a bank folder holds {bank_file.name} and a {SOURCES_DIR}/ folder of articles"
    if folder.name == SOURCES_DIR and (folder.parent / bank_file.name).is_file():
        hint = (
            f"this is the {SOURCES_DIR}/ folder of a bank; check the bank's own folder: "
            f"quizkit check {display_path(folder.parent)}"
        )
    return Diagnostic(
        display_path(folder),
        0,
        0,
        "error",
        "no-bank",
        f"no {bank_file.name} in '{display_path(folder)}'",
        hint,
    )


def _no_sources(folder: Path) -> Diagnostic:
    """A new bank: no article yet to write questions about."""
    sources = folder / SOURCES_DIR
    return Diagnostic(
        display_path(sources),
        0,
        0,
        "error",
        "no-sources",
        "the bank has no articles yet",
        f"save each article's text as {display_path(sources / 'ARTICLE-ID.txt')}, one file per article "
        "(copy the text exactly; quizkit proves every quote against it)",
    )


def _read_text(file: Path, diagnostics: list[Diagnostic], what: str) -> str | None:
    """The file's text; None, with the reason in `diagnostics`, if it cannot be read as UTF-8 text.
    `what` names the file's role in the bank ('a source')."""
    read = _read_raw(file, diagnostics, what)
    return read[1] if read is not None else None


def _read_raw(file: Path, diagnostics: list[Diagnostic], what: str) -> tuple[bytes, str] | None:
    """The file's bytes and its text, as _read_text reads it."""
    try:
        with open_regular(file) as data:
            raw = data.read()
    except NotRegularFile as exc:
        diagnostics.append(_not_regular(display_path(file), file, exc.kind, what))
        return None
    except OSError as exc:
        reason = f"cannot read: {exc.strerror}"
        diagnostics.append(Diagnostic(display_path(file), 1, 1, "error", "unreadable", reason))
        return None
    try:
        return raw, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[start : exc.start].decode("utf-8")) + 1  # in characters, as editors count
        diagnostics.append(
            Diagnostic(
                display_path(file),
                line,
                column,
                "error",
                "not-utf8",
                f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8",
            )
        )
        return None


def _not_regular(shown: str, file: Path, kind: str, what: str) -> Diagnostic:
    return Diagnostic(
        shown,
        1,
        1,
        "error",
        "not-regular-file",
        f"'{file.name}' is not a regular file ({kind}); {what} must be a text file",
    )


def _read_yaml(file: Path, shown: str, loaded: LoadedBank) -> Document | None:
    read = _read_raw(file, loaded.diagnostics, "a bank file")
    if read is None:
        return None
    raw, text = read
    loaded.text = text
    try:
        return load_yaml(text, encoded=raw)
    except YamlProblem as problem:
        loaded.diagnostics.append(
            Diagnostic(
                shown, problem.line, problem.column, "error", problem.code, problem.message, problem.hint
            )
        )
        return None


def _duplicate_keys(where: Where) -> Iterator[Diagnostic]:
    for path, (line, column), (first_line, _) in where.document.duplicates:
        yield Diagnostic(
            where.file,
            line,
            column,
            "error",
            "duplicate-key",
            f"key '{path[-1]}' appears twice in the same mapping",
            f"first at line {first_line}; the second would silently replace it",
        )


def _validate(data: Any, where: Where, loaded: LoadedBank) -> tuple[BankInfo | None, list[AnyQuestion]]:
    diagnostics = loaded.diagnostics
    if not isinstance(data, dict):
        diagnostics.append(
            error_at(
                where.value(()),
                "wrong-type",
                f"expected a mapping with title and questions; got {describe(data)}",
            )
        )
        return None, []
    top = {k: v for k, v in data.items() if k != "questions"}
    info: BankInfo | None = None
    try:
        info = BankInfo.model_validate(top)
    except ValidationError as exc:
        diagnostics.extend(pydantic_diagnostics(exc, where, (), BankInfo, extra_keys=("questions",)))
    raw_questions = data.get("questions")
    if "questions" not in data:
        diagnostics.append(error_at(where.value(()), "missing-key", "missing required key 'questions'"))
        return info, []
    if raw_questions is None:  # `questions:` with only commented examples under it: a new bank
        raw_questions = []
    if not isinstance(raw_questions, list):
        diagnostics.append(
            error_at(
                where.value(("questions",)),
                "wrong-type",
                f"'questions' must be a list; got {describe(raw_questions)}",
            )
        )
        return info, []
    if not raw_questions:
        file, line, column = where.value(("questions",))
        diagnostics.append(
            Diagnostic(
                file,
                line,
                column,
                "warning",
                "empty-bank",
                "the bank has no questions yet; nothing can be exported or played",
                "add questions under 'questions:', each citing a quote from an article in sources/",
            )
        )
    questions: list[AnyQuestion] = []
    first_index: dict[str, int] = {}
    """Where each id was first used, by question index (its line is looked up only if needed)."""
    validate = _question_adapter().validator.validate_python  # without TypeAdapter's wrapper around it
    for index, raw in enumerate(raw_questions):
        qpath: Path_ = ("questions", index)
        if not isinstance(raw, dict):
            diagnostics.append(
                error_at(
                    where.value(qpath),
                    "wrong-type",
                    f"expected a question (a mapping with id, type, prompt...); got {describe(raw)}",
                )
            )
            continue
        qid = raw.get("id")
        if isinstance(qid, int) and not isinstance(qid, bool):
            qid = str(qid)  # `id: 7` is the question "7", as the model reads it
        duplicate = False
        if isinstance(qid, str):
            if qid in first_index:
                duplicate = True
                first_line = where.value(("questions", first_index[qid], "id"))[1]
                diagnostics.append(
                    error_at(
                        where.value((*qpath, "id")),
                        "duplicate-id",
                        f"question id '{qid}' is used twice",
                        f"first used at line {first_line}; ids must be unique in a bank",
                    )
                )
            else:
                first_index[qid] = index
        try:
            question: AnyQuestion = validate(raw)
        except ValidationError as exc:
            model = _question_model(raw.get("type"))
            diagnostics.extend(pydantic_diagnostics(exc, where, qpath, model, strip_tag=True))
            loaded.orphan_evidence.extend(_evidence_of(raw, qpath))
            continue
        if duplicate:
            loaded.orphan_evidence.extend(_evidence_of(raw, qpath))
            continue
        for sub, name in blank_texts(question):  # such a question is still checked in full
            diagnostics.append(
                error_at(
                    where.value((*qpath, *sub)),
                    "empty-value",
                    f"{name} has no visible characters; students would see nothing there",
                )
            )
        questions.append(question)
        loaded.question_paths[question.id] = qpath
    return info, questions


def _evidence_of(raw: dict[str, Any], qpath: Path_) -> list[tuple[Path_, Evidence]]:
    """The well-formed citations of a question that failed validation, to check them anyway."""
    found = []
    items = raw.get("evidence")
    for index, item in enumerate(items if isinstance(items, list) else []):
        try:
            found.append(((*qpath, "evidence", index), Evidence.model_validate(item)))
        except ValidationError:
            continue  # already reported with the question
    return found


def _question_model(type_name: object) -> type[BaseModel] | None:
    """The model class for a `type:` value, to suggest its keys in 'did you mean' hints."""
    return QUESTION_CLASSES.get(type_name) if isinstance(type_name, str) else None


# --- sources -----------------------------------------------------------------------------------


def load_sources(folder: Path, diagnostics: list[Diagnostic]) -> dict[str, Source]:
    """Every sources/*.txt of the bank folder: front matter (optional) and the text exactly as on disk."""
    sources: dict[str, Source] = {}
    for file, inside in source_files(folder):
        bad_name = file_name_problem(file.name)
        if bad_name is not None:  # the name is the source's id and goes into every package
            diagnostics.append(Diagnostic(display_path(file), 1, 1, "error", BAD_CHARACTER, bad_name))
            continue
        try:
            kind = irregular_kind(file)
        except OSError:
            kind = None  # reading it says what is wrong
        if kind is not None:  # before the check below: a link to /dev/zero is a device, wherever it is
            diagnostics.append(_not_regular(display_path(file), file, kind, "a source"))
            continue
        if not inside:
            diagnostics.append(
                Diagnostic(
                    display_path(file),
                    1,
                    1,
                    "error",
                    "source-outside-bank",
                    f"source '{file.name}' links outside the bank's {SOURCES_DIR}/ folder",
                )
            )
            continue
        source = load_source(file, diagnostics)
        if source is None:
            continue
        if source.id in sources:
            diagnostics.append(
                Diagnostic(
                    display_path(file),
                    1,
                    1,
                    "error",
                    "duplicate-source",
                    f"source id '{source.id}' is also used by {display_path(sources[source.id].path)}",
                )
            )
            continue
        sources[source.id] = source
    return sources


def load_source(file: Path, diagnostics: list[Diagnostic]) -> Source | None:
    """One article: `---` front matter `---`, then the text; line numbers stay those of the file."""
    text = _read_text(file, diagnostics, "a source")
    if text is None:
        return None
    meta = SourceMeta()
    first_line = 1
    first_end = text.find("\n") + 1 or len(text)
    if text[:first_end].rstrip("\r\n") == "---":
        closing = _closing_line(text, first_end)
        if closing is None:
            diagnostics.append(
                Diagnostic(
                    display_path(file),
                    1,
                    1,
                    "error",
                    "front-matter",
                    "front matter starts with '---' but has no closing '---' line",
                )
            )
            return None
        end, header_end, body_start = closing
        header = text[first_end:header_end]
        try:
            document = load_yaml(header, line_offset=1)
        except YamlProblem as problem:
            diagnostics.append(
                Diagnostic(
                    display_path(file),
                    problem.line + 1,
                    problem.column,
                    "error",
                    problem.code,
                    problem.message,
                    problem.hint,
                )
            )
            return None
        where = Where(file, document)  # its display form only for a diagnostic
        data = document.data if document.data is not None else {}
        if not isinstance(data, dict):
            diagnostics.append(
                error_at(
                    where.value(()),
                    "front-matter",
                    f"front matter must be a mapping (title: ..., outlet: ...); got {describe(data)}",
                )
            )
            return None
        diagnostics.extend(_duplicate_keys(where))
        diagnostics.extend(uncarriable_values(data, header, where))
        try:
            meta = SourceMeta.model_validate(data)
        except ValidationError as exc:
            diagnostics.extend(pydantic_diagnostics(exc, where, (), SourceMeta))
            return None
        text = text[body_start:]
        first_line = end + 2
    return Source(id=meta.id or file.stem, path=str(file), text=text, first_line=first_line, meta=meta)


def _closing_line(text: str, start: int) -> tuple[int, int, int] | None:
    """The front matter's closing line ('---' or '...', as `split_lines` counts lines) at or after
    offset `start`: (its index, counted from 0, where it starts, where the next line starts)."""
    index = 1
    while start < len(text):
        stop = text.find("\n", start) + 1 or len(text)
        if text[start:stop].rstrip("\r\n") in ("---", "..."):
            return index, start, stop
        start, index = stop, index + 1
    return None
