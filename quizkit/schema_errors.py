"""Translate pydantic's validation errors into diagnostics a teacher can act on."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from quizkit.diagnostics import Diagnostic, field_name
from quizkit.model import QUESTION_TYPES, Choice, Evidence, Pair
from quizkit.yamlsafe import Path_


class Locator(Protocol):
    """Anything that maps a field path to (file, line, column)."""

    def value(self, path: Path_) -> tuple[str, int, int]: ...

    def key(self, path: Path_) -> tuple[str, int, int]: ...


_TYPE_WORDS = {
    "string_type": "a string",
    "bool_type": "true or false",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def pydantic_diagnostics(
    exc: ValidationError,
    where: Locator,
    base: Path_,
    model: type[BaseModel] | None,
    *,
    strip_tag: bool = False,
    extra_keys: tuple[str, ...] = (),
) -> Iterator[Diagnostic]:
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if strip_tag and loc and error["type"] not in ("union_tag_invalid", "union_tag_not_found"):
            loc = loc[1:]
        kind = error["type"]
        ctx = error.get("ctx") or {}
        if isinstance(ctx.get("field"), str):
            loc = (*loc, ctx["field"])
        path = (*base, *loc)
        value = error.get("input")
        name = str(loc[-1]) if loc else ""
        if kind == "extra_forbidden":
            allowed = [*_fields_at(model, loc[:-1]), *extra_keys]
            guess = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
            hint: str | None = (
                f"did you mean '{guess[0]}'?" if guess else f"expected one of: {', '.join(allowed)}"
            )
            yield error_at(where.key(path), "unknown-key", f"unknown key '{name}'", hint)
        elif kind == "missing":
            yield error_at(where.value(path[:-1]), "missing-key", f"missing required key '{name}'")
        elif kind == "union_tag_invalid":
            tag = str(ctx.get("tag", value))
            guess = difflib.get_close_matches(tag, QUESTION_TYPES, n=1, cutoff=0.5)
            hint = f"did you mean '{guess[0]}'?" if guess else None
            yield error_at(
                where.value((*base, "type")),
                "unknown-type",
                f"unknown question type '{tag}'; expected one of: {', '.join(QUESTION_TYPES)}",
                hint,
            )
        elif kind == "union_tag_not_found":
            yield error_at(
                where.value(base),
                "missing-key",
                f"missing required key 'type'; expected one of: {', '.join(QUESTION_TYPES)}",
            )
        elif kind == "literal_error":
            expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
            code = "unknown-skill" if "skills" in loc else "invalid-value"
            guess = difflib.get_close_matches(str(value), expected.split(", "), n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else None
            yield error_at(
                where.value(path),
                code,
                f"expected one of: {expected}; got {describe(value)}",
                hint,
            )
        elif kind in _TYPE_WORDS:
            label = field_name(loc)
            hint = None
            if kind == "string_type" and isinstance(value, bool):
                words = "yes, on or true" if value else "no, off or false"
                example = "'yes'" if value else "'no'"
                hint = (
                    f"YAML reads a bare {words} as {describe(value)}: put the word in quotes, e.g. {example}"
                )
            yield error_at(
                where.value(path),
                "wrong-type",
                f"{label} must be {_TYPE_WORDS[kind]}; got {describe(value)}",
                hint,
            )
        elif kind == "float_finite":
            if isinstance(value, int):
                shown = "a number with more than 300 digits"
            else:
                shown = ".nan" if value != value else ("-.inf" if value < 0 else ".inf")
            yield error_at(
                where.value(path),
                "invalid-value",
                f"'{name}' must be an ordinary number such as 5 or 2.5; got {shown}",
            )
        elif kind in ("too_short", "string_too_short"):
            minimum = ctx.get("min_length", 1)
            what = "item" if minimum == 1 else "items"
            got = len(value) if isinstance(value, list) else 0
            if isinstance(value, str):
                yield error_at(where.value(path), "empty-value", f"{field_name(loc)} must not be empty")
            else:
                yield error_at(
                    where.value(path),
                    "too-few",
                    f"'{name}' needs at least {minimum} {what}; got {got}",
                )
        elif kind == "string_pattern_mismatch":
            yield error_at(
                where.value(path),
                "invalid-value",
                f"'{name}' must be letters, digits, '-', '_' or '.', starting with a letter or digit; "
                f"got {describe(value)}",
            )
        elif kind in ("greater_than", "greater_than_equal"):
            bound = ctx.get("gt", ctx.get("ge"))
            relation = "greater than" if kind == "greater_than" else "at least"
            yield error_at(
                where.value(path),
                "invalid-value",
                f"'{name}' must be {relation} {bound}; got {describe(value)}",
            )
        elif kind == "string_too_long":
            yield error_at(
                where.value(path),
                "invalid-value",
                f"'{name}' must be at most {ctx.get('max_length')} characters",
            )
        else:
            yield error_at(
                where.value(path),
                kind if "-" in kind else "invalid-value",
                error["msg"].removeprefix("Value error, "),
            )


def _fields_at(model: type[BaseModel] | None, loc: tuple[Any, ...]) -> list[str]:
    nested: dict[str, type[BaseModel]] = {"choices": Choice, "evidence": Evidence, "pairs": Pair}
    names = [part for part in loc if isinstance(part, str)]
    if names and names[-1] in nested:
        model = nested[names[-1]]
    if model is None:
        return []
    return list(model.model_fields)


def describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"'{shown}'"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def error_at(position: tuple[str, int, int], code: str, message: str, hint: str | None = None) -> Diagnostic:
    file, line, column = position
    return Diagnostic(file, line, column, "error", code, message, hint)
