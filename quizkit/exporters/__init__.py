"""The registry of output formats. Modules load only when their format is asked for."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizkit.exporters.base import Exporter

_TARGETS: dict[str, str] = {}
_ALIASES: dict[str, str] = {}


def register(name: str, target: str, *, aliases: tuple[str, ...] = ()) -> None:
    """Register `module:Class` under a format name; names and aliases must be unique."""
    for key in (name, *aliases):
        if key in _TARGETS or key in _ALIASES:
            raise ValueError(f"output format '{key}' is registered twice")
    _TARGETS[name] = target
    for alias in aliases:
        _ALIASES[alias] = name


def format_names(*, with_aliases: bool = False) -> list[str]:
    """Registered format names, in registration order."""
    return [*_TARGETS, *(_ALIASES if with_aliases else ())]


def canonical(name: str) -> str:
    """'canvas' -> 'qti12'."""
    return _ALIASES.get(name, name)


def get_exporter(name: str) -> type[Exporter]:
    """The exporter class for a format name or alias."""
    name = canonical(name)
    module_name, _, class_name = _TARGETS[name].partition(":")
    cls: type[Exporter] = getattr(importlib.import_module(module_name), class_name)
    if cls.name != name:  # pragma: no cover - a registration mistake
        raise ValueError(f"{_TARGETS[name]} says its name is '{cls.name}', not '{name}'")
    return cls


register("html", "quizkit.exporters.html:HtmlExporter")
register("pdf", "quizkit.exporters.pdf:PdfExporter")
register("qti12", "quizkit.exporters.qti12:Qti12Exporter", aliases=("canvas",))
register("qti21", "quizkit.exporters.qti21:Qti21Exporter")
register("qti30", "quizkit.exporters.qti30:Qti30Exporter")
register("cc", "quizkit.exporters.cc:CommonCartridgeExporter")
register("moodle", "quizkit.exporters.moodle:MoodleExporter")
register("gift", "quizkit.exporters.gift:GiftExporter")
register("forms", "quizkit.exporters.forms:FormsExporter")
register("kahoot", "quizkit.exporters.kahoot:KahootExporter")
register("quizizz", "quizkit.exporters.quizizz:QuizizzExporter")
