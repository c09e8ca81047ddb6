"""Safe, bounded YAML loading that remembers where every value and key came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from quizkit.textlines import has_other_breaks, line_starts, position
from quizkit.yamlerrors import explain_syntax_error

try:  # libyaml's C parser when present: several times faster on large banks
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 128 * 1024 * 1024
"""Large enough for a 100,000-question bank, small enough that no file exhausts memory."""
MAX_DEPTH = 40
"""A bank nests about six levels deep; anything past this is not a bank."""
MAX_FLOW_DEPTH = 200
"""libyaml recurses on `[[[[...` and can crash on tens of thousands of levels: refuse early."""
MAX_ALIAS_NODES = 100_000
"""Values built through aliases (`*name`): bounds a 'billion laughs' expansion."""

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp")
)
_BRACKETS = re.compile(r"[^\[\]{}]+")
_CONSTRUCTOR = SafeConstructor()


class YamlProblem(Exception):
    """The file is not YAML this loader accepts; `line`/`column` say where (1-based)."""

    def __init__(
        self, code: str, message: str, line: int = 1, column: int = 1, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.hint = hint
        self.code = code
        self.message = message
        self.line = line
        self.column = column


@dataclass
class Document:
    """A loaded YAML document with the position of every value and every mapping key."""

    data: Any
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    duplicates: list[tuple[Path_, Position, Position]] = field(default_factory=list)
    line_offset: int = 0

    def value_at(self, path: Path_) -> Position:
        """Where the value at `path` starts, or its nearest enclosing value."""
        while path not in self.values and path:
            path = path[:-1]
        line, column = self.values.get(path, (1, 1))
        return line + self.line_offset, column

    def key_at(self, path: Path_) -> Position:
        """Where the key that names `path` starts (falls back to the value)."""
        if path in self.keys:
            line, column = self.keys[path]
            return line + self.line_offset, column
        return self.value_at(path)


def load_yaml(text: str, line_offset: int = 0) -> Document:
    """Parse one YAML document safely: no object tags, bounded size, depth and aliases."""
    if len(text) > MAX_BYTES:
        raise YamlProblem(
            "yaml-limit",
            f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; refusing to load it",
        )
    _check_flow_depth(text)
    at = _Positions(text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = at(mark) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        opened = at(exc.context_mark) if exc.context_mark else None
        said = explain_syntax_error(text, problem, line, column, opened)
        raise YamlProblem("yaml-syntax", said.message, said.line, said.column, said.hint) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", f"invalid YAML: {exc}") from None
    document = Document(data=None, line_offset=line_offset)
    if node is None:
        return document
    builder = _Builder(document, at)
    document.data = builder.build(node, (), 0, False)
    return document


def _check_flow_depth(text: str) -> None:
    brackets = _BRACKETS.sub("", text)
    if len(brackets) < MAX_FLOW_DEPTH:
        return
    depth = deepest = 0
    for char in brackets:
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_FLOW_DEPTH:
        raise YamlProblem("yaml-limit", f"brackets nest more than {MAX_FLOW_DEPTH} levels deep")


class _Positions:
    """(line, column) of a parser mark, lines counted as everywhere else in quizkit.

    libyaml, following YAML 1.1, also starts a line at a lone '\r', U+0085, U+2028 and U+2029;
    where the text has any of those, the position is worked out again from the mark's offset.
    """

    def __init__(self, text: str) -> None:
        self.starts = line_starts(text) if has_other_breaks(text) else None

    def __call__(self, mark: yaml.Mark) -> Position:
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        return position(self.starts, mark.index)


class _Builder:
    """Turns composed nodes into plain Python values, recording positions on the way."""

    def __init__(self, document: Document, at: _Positions) -> None:
        self.document = document
        self.at = at
        self.seen: set[int] = set()
        self.alias_nodes = 0

    def build(self, node: yaml.Node, path: Path_, depth: int, via_alias: bool) -> Any:
        if depth > MAX_DEPTH:
            raise YamlProblem(
                "yaml-limit",
                f"values nest more than {MAX_DEPTH} levels deep",
                *self.at(node.start_mark),
            )
        if id(node) in self.seen:
            via_alias = True  # the same node again: an alias
        else:
            self.seen.add(id(node))
        if via_alias:
            self.alias_nodes += 1
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise YamlProblem(
                    "yaml-limit",
                    f"aliases expand to more than {MAX_ALIAS_NODES:,} values; refusing to load",
                    *self.at(node.start_mark),
                )
        mark = node.start_mark
        starts = self.at.starts  # inline for the common case: this runs once per value
        self.document.values[path] = (
            (mark.line + 1, mark.column + 1) if starts is None else position(starts, mark.index)
        )
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self._tag_problem(node)
            return [self.build(item, (*path, i), depth + 1, via_alias) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self._tag_problem(node)
            return self._mapping(node, path, depth, via_alias)
        raise self._tag_problem(node)  # pragma: no cover - composer makes only these three

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int, via_alias: bool) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                raise YamlProblem(
                    "yaml-syntax",
                    "merge keys (<<) are not supported in a bank; write the keys out",
                    *self.at(key_node.start_mark),
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(
                    "yaml-syntax",
                    "a mapping key must be a plain value, not a list or mapping",
                    *self.at(key_node.start_mark),
                )
            key = self._scalar(key_node)
            mark = key_node.start_mark
            starts = self.at.starts
            key_pos = (mark.line + 1, mark.column + 1) if starts is None else position(starts, mark.index)
            child = (*path, key)
            if key in first_seen:
                self.document.duplicates.append((child, key_pos, first_seen[key]))
            first_seen[key] = key_pos
            self.document.keys[child] = key_pos
            result[key] = self.build(value_node, child, depth + 1, via_alias)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise self._tag_problem(node)
        constructor = _CONSTRUCTOR.yaml_constructors[node.tag]
        try:
            return constructor(_CONSTRUCTOR, node)
        except (yaml.YAMLError, ValueError) as exc:
            raise YamlProblem(
                "yaml-syntax",
                f"invalid value {node.value!r}: {exc}",
                *self.at(node.start_mark),
            ) from None

    def _tag_problem(self, node: yaml.Node) -> YamlProblem:
        return YamlProblem(
            "yaml-syntax",
            f"unsupported YAML tag {node.tag!r}; a bank holds only plain text, numbers, lists and mappings",
            *self.at(node.start_mark),
        )
