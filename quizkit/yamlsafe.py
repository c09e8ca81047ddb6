"""Safe, bounded YAML loading that remembers where every value and key came from."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from quizkit.characters import CODE as BAD_CHARACTER
from quizkit.characters import UNCARRIABLE, describe_character
from quizkit.positions import MAPPING, SCALAR, SEQUENCE, Position, Positions
from quizkit.positions import Path_ as Path_
from quizkit.textlines import has_other_breaks, line_starts, position
from quizkit.yamlerrors import explain_syntax_error
from quizkit.yamlplain import MAP, SCALAR_TAGS, SEQ, STR, NotPlain, load_plain

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

_MERGE = "tag:yaml.org,2002:merge"
_OPENING = frozenset(b"[{")
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_CONSTRUCTOR = SafeConstructor()
_KINDS: dict[type[Event], type[Node]] = {SequenceStartEvent: SequenceNode, MappingStartEvent: MappingNode}


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


class Document:
    """A loaded YAML document with the position of every value and every mapping key."""

    def __init__(self, data: Any = None, line_offset: int = 0) -> None:
        self.data = data
        self.positions = Positions()
        self.duplicates: list[tuple[Path_, Position, Position]] = []
        """(path, where the repeated key is, where it was first) for each key given twice."""
        self.line_offset = line_offset

    def value_at(self, path: Path_) -> Position:
        """Where the value at `path` starts, or its nearest enclosing value."""
        line, column = self.positions.value_at(path)
        return line + self.line_offset, column

    def key_at(self, path: Path_) -> Position:
        """Where the key that names `path` starts (falls back to the value)."""
        line, column = self.positions.key_at(path)
        return line + self.line_offset, column


def load_yaml(
    text: str, line_offset: int = 0, *, fast: bool = True, encoded: bytes | None = None
) -> Document:
    """Parse one YAML document safely: no object tags, bounded size, depth and aliases.

    A document of plain values takes quizkit/yamlplain.py's fast path (unless `fast` is False,
    as the tests that compare the two ask); any other is built by _Builder, which refuses it or
    builds the same values and positions. `encoded` is the file the text was decoded from, if at
    hand: when it is the text in UTF-8, the parser reads it as it is, rather than the text being
    encoded again (twice, for a large bank).
    """
    if len(text) > MAX_BYTES:
        raise YamlProblem(
            "yaml-limit",
            f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; refusing to load it",
        )
    if encoded is not None and encoded.startswith(b"\xef\xbb\xbf"):
        encoded = None  # the byte order mark is not part of the text
    _check_flow_depth(text, encoded)
    at = _MarkPosition(text)
    if fast and at.starts is None and not text.startswith("\ufeff"):  # as libyaml counts lines
        document = Document(line_offset=line_offset)
        document.positions.count_offsets_in(text)
        loader = _Loader(text if encoded is None else encoded)
        try:
            document.data = load_plain(loader, document.positions, MAX_DEPTH)
            return document
        except (NotPlain, yaml.YAMLError):
            pass  # loaded again below, which says what is wrong and where
        finally:
            loader.dispose()
    document = Document(line_offset=line_offset)
    loader = _Loader(text)
    try:
        document.data = _Builder(loader, document, at).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = at(mark) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            problem = f"{exc.problem} ({exc.context})"
        opened = at(exc.context_mark) if exc.context_mark else None
        said = explain_syntax_error(text, problem, line, column, opened)
        raise YamlProblem("yaml-syntax", said.message, said.line, said.column, said.hint) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, written as it is
        raise _character_problem(text, exc) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("yaml-syntax", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    return document


def _character_problem(text: str, exc: yaml.reader.ReaderError) -> YamlProblem:
    """Where the character is (libyaml gives an offset in UTF-8 bytes), and what it is."""
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    offset = exc.position
    if not (0 <= offset < len(text) and text[offset] == char):
        offset = len(text.encode("utf-8")[: exc.position].decode("utf-8", "replace"))
    line, column = position(line_starts(text), offset)
    what = describe_character(char)
    if UNCARRIABLE.fullmatch(char):
        return YamlProblem(
            BAD_CHARACTER, f"this line contains {what} that no quiz format can carry; delete it", line, column
        )
    return YamlProblem(
        BAD_CHARACTER, f"this line contains {what} that YAML does not allow; delete it", line, column
    )


def _check_flow_depth(text: str, encoded: bytes | None) -> None:
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    # in UTF-8 no other character has a byte that is a bracket: deleting every other byte is quick
    if encoded is None:
        encoded = text.encode("utf-8", "surrogatepass")
    brackets = encoded.translate(None, _NOT_BRACKETS)
    depth = deepest = 0
    for char in brackets:
        depth += 1 if char in _OPENING else -1
        deepest = max(deepest, depth)
    if deepest > MAX_FLOW_DEPTH:
        raise YamlProblem("yaml-limit", f"brackets nest more than {MAX_FLOW_DEPTH} levels deep")


class _MarkPosition:
    """(line, column) of a parser mark, lines counted as everywhere else in quizkit.

    libyaml, following YAML 1.1, also starts a line at a lone '\r', U+0085, U+2028 and U+2029;
    where the text has any of those, the position is worked out again from the mark's offset.
    """

    def __init__(self, text: str) -> None:
        self.starts = line_starts(text) if has_other_breaks(text) else None

    def __call__(self, mark: Any) -> Position:
        if self.starts is None:
            return mark.line + 1, mark.column + 1
        return position(self.starts, mark.index)


class _Builder:
    """Builds plain Python values straight from the parser's events, recording positions on the way.

    No tree of nodes is ever built (for a large bank it took several times the memory of the
    values themselves). The composer's rules are kept: one document, anchors defined once and
    before use; an alias builds its anchor's value again, counted against MAX_ALIAS_NODES.
    """

    def __init__(self, loader: _Loader, document: Document, at: _MarkPosition) -> None:
        self.loader = loader
        self.at = at
        self.positions = document.positions
        self.duplicates = document.duplicates
        self.anchors: dict[str, list[Event]] = {}
        """The events of each anchored value, to build again where it is aliased."""
        self.recording: dict[str, list[Event]] = {}
        """Anchored values still being read."""
        self.replaying: list[Iterator[Event]] = []
        self.alias_nodes = 0
        self.resolver = Resolver()

    def document(self) -> Any:
        """The stream's one document, or None if it has none."""
        self._next()  # stream start
        if isinstance(self.loader.peek_event(), StreamEndEvent):
            return None
        self._next()  # document start
        first = self._next()
        data = self.build(first, (), 0, False, None, None)
        self._next()  # document end
        if not isinstance(self.loader.peek_event(), StreamEndEvent):
            raise ComposerError(
                "expected a single document in the stream",
                _mark(first),
                "but found another document",
                _mark(self._parsed()),
            )
        return data

    def _next(self) -> Event:
        """The next event: from an alias being built again, else from the parser (and recorded)."""
        while self.replaying:
            event = next(self.replaying[-1], None)
            if event is not None:
                return event
            self.replaying.pop()  # pragma: no cover - a replay is popped when its value ends
        event = self._parsed()
        for events in self.recording.values():
            events.append(event)
        return event

    def _parsed(self) -> Event:
        event = self.loader.get_event()
        if event is None:  # pragma: no cover - the parser raises before running out
            raise ComposerError(None, None, "unexpected end of the file", None)
        return event

    def build(
        self, event: Event, path: Path_, depth: int, via_alias: bool, key: object, key_at: Position | None
    ) -> Any:
        """The value that starts with `event`, every event up to its end read."""
        if isinstance(event, AliasEvent):
            return self._alias(event, path, depth, key, key_at)
        assert isinstance(event, NodeEvent)
        position = self._at(event)
        if depth > MAX_DEPTH:
            raise YamlProblem("yaml-limit", f"values nest more than {MAX_DEPTH} levels deep", *position)
        if via_alias:
            self.alias_nodes += 1
            if self.alias_nodes > MAX_ALIAS_NODES:
                raise YamlProblem(
                    "yaml-limit",
                    f"aliases expand to more than {MAX_ALIAS_NODES:,} values; refusing to load",
                    *position,
                )
        anchor = event.anchor if not self.replaying else None
        if anchor is not None:
            self._define(anchor, event)
        if isinstance(event, ScalarEvent):
            self.positions.start(SCALAR, position, key, key_at)
            value = self._scalar(event)
        elif isinstance(event, SequenceStartEvent):
            if self._tag(event) != SEQ:
                raise self._tag_problem(event, self._tag(event))
            self.positions.start(SEQUENCE, position, key, key_at)
            value = self._sequence(path, depth, via_alias)
            self.positions.close()
        elif isinstance(event, MappingStartEvent):
            if self._tag(event) != MAP:
                raise self._tag_problem(event, self._tag(event))
            self.positions.start(MAPPING, position, key, key_at)
            value = self._mapping(path, depth, via_alias)
            self.positions.close()
        else:  # pragma: no cover - the parser gives only these where a value belongs
            raise ComposerError(None, None, f"unexpected {type(event).__name__}", _mark(event))
        if anchor is not None:
            self.anchors[anchor] = self.recording.pop(anchor)
        return value

    def _define(self, anchor: str, event: NodeEvent) -> None:
        defined = self.anchors.get(anchor) or self.recording.get(anchor)
        if defined:
            raise ComposerError(
                "found duplicate anchor; first occurrence", _mark(defined[0]), "second occurrence",
                _mark(event),
            )  # fmt: skip
        self.recording[anchor] = [event]

    def _alias(self, event: AliasEvent, path: Path_, depth: int, key: object, key_at: Position | None) -> Any:
        """The anchored value built again, from its recorded events."""
        if event.anchor in self.recording:  # an alias inside its own anchor: endless nesting
            raise YamlProblem(
                "yaml-limit",
                f"values nest more than {MAX_DEPTH} levels deep",
                *self._at(self.recording[event.anchor][0]),
            )
        events = self.anchors.get(event.anchor or "")
        if events is None:
            raise ComposerError(None, None, "found undefined alias", _mark(event))
        replay = iter(events)
        self.replaying.append(replay)
        value = self.build(next(replay), path, depth, True, key, key_at)
        self.replaying.pop()
        return value

    def _sequence(self, path: Path_, depth: int, via_alias: bool) -> list[Any]:
        result: list[Any] = []
        while True:
            event = self._next()
            if isinstance(event, SequenceEndEvent):
                return result
            result.append(self.build(event, (*path, len(result)), depth + 1, via_alias, None, None))

    def _mapping(self, path: Path_, depth: int, via_alias: bool) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first_seen: dict[Any, Position] = {}
        while True:
            event = self._next()
            if isinstance(event, MappingEndEvent):
                return result
            key_event = self._key_event(event)
            key_pos = self._at(key_event)
            if self._tag(key_event) == _MERGE:
                raise YamlProblem(
                    "yaml-syntax", "merge keys (<<) are not supported in a bank; write the keys out", *key_pos
                )
            if not isinstance(key_event, ScalarEvent):
                raise YamlProblem(
                    "yaml-syntax", "a mapping key must be a plain value, not a list or mapping", *key_pos
                )
            key = self._scalar(key_event)
            if isinstance(key, str):
                key = sys.intern(key)  # the same few keys in every question: one copy each
            child = (*path, key)
            if key in first_seen:
                self.duplicates.append((child, key_pos, first_seen[key]))
            first_seen[key] = key_pos
            result[key] = self.build(self._next(), child, depth + 1, via_alias, key, key_pos)

    def _key_event(self, event: Event) -> NodeEvent:
        """A key's own event: an alias stands for its anchor's first event."""
        if isinstance(event, AliasEvent):
            events = self.anchors.get(event.anchor or "") or self.recording.get(event.anchor or "")
            if events is None:
                raise ComposerError(None, None, "found undefined alias", _mark(event))
            event = events[0]
        elif isinstance(event, NodeEvent) and event.anchor is not None and not self.replaying:
            self._define(event.anchor, event)
            if isinstance(event, ScalarEvent):
                self.anchors[event.anchor] = self.recording.pop(event.anchor)
        assert isinstance(event, NodeEvent)
        return event

    def _tag(self, event: NodeEvent) -> str:
        """The event's tag, resolved as the composer resolves it when none is written."""
        tag: str | None = getattr(event, "tag", None)
        if tag is None or tag == "!":
            kind = _KINDS.get(type(event), ScalarNode)
            value = event.value if isinstance(event, ScalarEvent) else None
            implicit = getattr(event, "implicit", None)
            return str(self.resolver.resolve(kind, value, implicit))  # type: ignore[no-untyped-call]
        return tag

    def _scalar(self, event: ScalarEvent) -> Any:
        tag = self._tag(event)
        if tag == STR:
            return event.value
        if tag not in SCALAR_TAGS:
            raise self._tag_problem(event, tag)
        node = ScalarNode(tag, event.value, _mark(event), None, event.style)
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except (yaml.YAMLError, ValueError) as exc:
            raise YamlProblem(
                "yaml-syntax",
                f"invalid value {event.value!r}: {exc}",
                *self._at(event),
            ) from None

    def _at(self, event: Event) -> Position:
        """Where an event starts, as (line, column) counted from 1."""
        mark = _mark(event)
        starts = self.at.starts  # inline for the common case: this runs once per value
        return (mark.line + 1, mark.column + 1) if starts is None else position(starts, mark.index)

    def _tag_problem(self, event: NodeEvent, tag: str) -> YamlProblem:
        return YamlProblem(
            "yaml-syntax",
            f"unsupported YAML tag {tag!r}; a bank holds only plain text, numbers, lists and mappings",
            *self._at(event),
        )


def _mark(event: Event) -> Any:
    """Where an event starts (the stubs allow None; the parser always sets it)."""
    return event.start_mark
