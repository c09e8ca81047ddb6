"""The common case of loading YAML, in one tight loop: a document of plain values and nothing else.

A bank is mappings, lists, text, numbers and true/false. For such a document this loop reads the
parser's events once, with no call per value, and builds the same values and positions as
quizkit/yamlsafe.py's builder (noting only where each key and value starts: the positions are
laid out from those and the values when first asked for). Anything else (an anchor or alias, a
tag it does not know, a key given twice, nesting past the limit, a value that does not convert,
a syntax error) raises NotPlain, and the caller loads the document again with that builder,
which says what is wrong where it is.
"""

from __future__ import annotations

import sys
import threading
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from yaml.constructor import SafeConstructor
from yaml.events import StreamEndEvent
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from quizkit.positions import Positions

STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp"))
"""The tags a plain value may resolve to besides text; every other tag is refused."""
_WILDCARD = tuple(Resolver.yaml_implicit_resolvers.get(None, []))
_IMPLICIT: dict[str, tuple[tuple[str, Any], ...]] = {
    first: (*resolvers, *_WILDCARD)
    for first, resolvers in Resolver.yaml_implicit_resolvers.items()
    if first is not None
}
"""PyYAML's implicit resolvers by a plain value's first character ('' for an empty value), as
Resolver.resolve tries them: a value starting with any other character is text."""
_CONSTRUCTOR = SafeConstructor()


class NotPlain(Exception):
    """The document has something this loop leaves to the full builder."""


# PyYAML's C parser makes each event by calling the classes of yaml.events, which it looks up in
# its module by name: an object with an __init__ of five or seven attributes, about half the cost
# of reading a large bank. While this loop reads, those names stand for constructors of plain
# tuples, told apart by their length (the loop reads no event but its own, and puts the classes
# back before anything else parses; a start or end of stream or document keeps its class).
_SCALAR = 7  # (anchor, tag, implicit, value, start mark, end mark, style), as ScalarEvent takes them
_MAPPING_START = 6  # (anchor, tag, implicit, start mark, end mark, flow style)
_SEQUENCE_START = 5  # the same, less the flow style
_END = 0  # the end of a mapping or a list
_LEAN: dict[str, Callable[..., tuple[Any, ...]]] = {
    "ScalarEvent": lambda *event: event,
    "MappingStartEvent": lambda *event: event,
    "SequenceStartEvent": lambda anchor, tag, implicit, start, end, _: (anchor, tag, implicit, start, end),
    "MappingEndEvent": lambda start, end: (),
    "SequenceEndEvent": lambda start, end: (),
    "AliasEvent": lambda anchor, start, end: (anchor,),
}
_C_PARSER: Any
try:
    from yaml import _yaml as _C_PARSER
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _C_PARSER = None
_READING = threading.Lock()


def load_plain(loader: Any, positions: Positions, max_depth: int) -> Any:
    """The document's value; where its keys and values start goes to `positions` (which must be
    empty and count offsets in the text: Positions.count_offsets_in).

    `loader` is a fresh PyYAML C loader (CSafeLoader) over the text. The parser's offsets must be
    those of the text: no byte order mark at its start (the parser does not count it).
    """
    if not _swappable():
        raise NotPlain  # pragma: no cover - another PyYAML: the full builder reads the document
    with _lean_events():
        return _load(loader, positions, max_depth)


@contextmanager
def _lean_events() -> Iterator[None]:
    """PyYAML's C parser makes the events of _LEAN as plain tuples inside the block."""
    with _READING:
        classes = [(name, getattr(_C_PARSER, name)) for name in _LEAN]
        try:
            for name, make in _LEAN.items():
                setattr(_C_PARSER, name, make)
            yield
        finally:
            for name, kind in classes:
                setattr(_C_PARSER, name, kind)


@cache
def _swappable() -> bool:
    """Whether PyYAML's C parser makes its events through the names _lean_events sets (it looks
    them up in its module for each event, in every release so far), tried once on a small
    document; where it does not, every document goes to the full builder."""
    if _C_PARSER is None or not all(hasattr(_C_PARSER, name) for name in _LEAN):
        return False  # pragma: no cover - PyYAML without libyaml, or another PyYAML
    parser = _C_PARSER.CParser("a: [1]\n")
    try:
        with _lean_events():
            events = [parser.get_event() for _ in range(10)]
    finally:
        parser.dispose()
    return all(event.__class__ is tuple for event in events[2:8])  # from the mapping's start to its end


def _load(loader: Any, positions: Positions, max_depth: int) -> Any:
    get = loader.get_event
    marks = array("q")
    mark_at = marks.append
    converted: dict[tuple[str, str], Any] = {}
    keys: dict[str, Any] = {}
    """Each plain key as the parser gave it, and its value: one copy of the same few keys that
    every question repeats."""
    get()  # the stream's start
    if get().__class__ is StreamEndEvent:  # no document at all
        return None
    # the innermost open container, its key being read (mappings), and the containers around it
    container: Any = None
    in_mapping = want_key = False
    key: Any = None
    stack: list[tuple[Any, bool, Any]] = []
    root: Any = None
    while True:
        event = get()
        size = len(event)
        if size == _SCALAR:
            anchor, tag, implicit, value, mark, _, _ = event
            if anchor is not None:
                raise NotPlain
            mark_at(mark.index + 1)
            if want_key:
                if tag is None and implicit[0]:  # a plain key, as nearly every key is
                    known = keys.get(value)
                    if known is None:
                        known = keys[value] = _plain_key(converted, value)
                    value = known
                else:
                    value = _value(converted, tag, implicit[0], value)
                if value in container:
                    raise NotPlain  # a key given twice: the full builder reports it
                key, want_key = value, False
                continue
            if tag is None or tag == "!":  # `_value`, written out: this runs for every value
                if implicit[0]:  # plain, not quoted: it may be a number, true, null...
                    for resolved, pattern in _IMPLICIT.get(value[:1], _WILDCARD):
                        if pattern.match(value):
                            value = _convert(converted, resolved, value)
                            break
            elif tag != STR:
                value = _convert(converted, tag, value)
            if in_mapping:
                container[key] = value
                want_key = True
            elif container is None:
                root = value
                break
            else:
                container.append(value)
        elif size in (_MAPPING_START, _SEQUENCE_START):
            anchor, tag, _, mark, *_ = event
            if want_key or anchor is not None or len(stack) >= max_depth:
                raise NotPlain  # a list or mapping as a key; an anchor; the depth limit reached
            mapping = size == _MAPPING_START
            if tag is not None and tag != "!" and tag != (MAP if mapping else SEQ):
                raise NotPlain
            mark_at(mark.index + 1)
            opened: Any = {} if mapping else []
            if in_mapping:
                container[key] = opened
            elif container is None:
                root = opened
            else:
                container.append(opened)
            stack.append((container, in_mapping, key))
            container, in_mapping, want_key = opened, mapping, mapping
        elif size == _END:
            container, in_mapping, key = stack.pop()
            want_key = in_mapping
            if not stack:
                break
        else:  # an alias: (anchor,)
            raise NotPlain
    get()  # the document's end
    if get().__class__ is not StreamEndEvent:
        raise NotPlain  # a second document
    positions.defer(root, marks)
    return root


def _plain_key(converted: dict[tuple[str, str], Any], text: str) -> Any:
    """A plain key's value: text (one copy, shared by every mapping that has the key), or a
    number, true/false, null or date."""
    value = _value(converted, None, True, text)
    return sys.intern(value) if value.__class__ is str else value


def _value(converted: dict[tuple[str, str], Any], tag: str | None, plain: bool, text: str) -> Any:
    """A scalar's value by its tag, or by PyYAML's implicit resolvers if it is plain and has none."""
    if tag is None or tag == "!":
        if not plain:
            return text
        for resolved, pattern in _IMPLICIT.get(text[:1], _WILDCARD):
            if pattern.match(text):
                return _convert(converted, resolved, text)
        return text
    return text if tag == STR else _convert(converted, tag, text)


def _convert(converted: dict[tuple[str, str], Any], tag: str, text: str) -> Any:
    """A number, true/false, null or date by PyYAML's own rules; each distinct one converted once
    (all are immutable, so sharing them is safe)."""
    try:
        return converted[tag, text]
    except KeyError:
        pass
    if tag not in SCALAR_TAGS:
        raise NotPlain
    try:
        value = _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, text))
    except Exception:  # the full builder says why it does not convert
        raise NotPlain from None
    converted[tag, text] = value
    return value
