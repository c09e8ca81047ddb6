"""Where each value and mapping key of a YAML document starts, kept in a few compact arrays.

A 100,000-question bank has some two million values; a dict from each one's path to a tuple
cost about 300 bytes a value. Here each value is one slot (about 33 bytes) in arrays laid out
in document order, and a path is found by walking down from the top, as the data itself is.
"""

from __future__ import annotations

import bisect
from array import array

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

SCALAR, SEQUENCE, MAPPING = 0, 1, 2
_SHIFT = 32
"""A position is packed as line << _SHIFT | column (a line past 2**31 is beyond any file we read)."""
_INDEXED = 16
"""Containers with more children than this get a lookup table; smaller ones are scanned."""
_NO_KEY = 0


def _pack(line: int, column: int) -> int:
    return line << _SHIFT | column


def _unpack(packed: int) -> Position:
    return packed >> _SHIFT, packed & ((1 << _SHIFT) - 1)


class Positions:
    """The value position of every node, and the key position of every mapping value."""

    def __init__(self) -> None:
        self._value = array("q")
        self._key = array("q")
        self._end = array("q")
        """Index of the first node after this node's subtree (its next sibling)."""
        self._kind = bytearray()
        self._names: list[object] = []
        """The key that names each mapping value (None for other nodes)."""
        self._tables: dict[int, array[int] | dict[object, int]] = {}
        """Children of large containers: a sequence's by index, a mapping's by key."""
        self._open: list[tuple[int, list[int]]] = []

    # --- building, in document order ---

    def start(
        self, kind: int, position: Position, key: object = None, key_at: Position | None = None
    ) -> None:
        """A node starts: a container stays open until `end`; a scalar is complete at once."""
        index = len(self._kind)
        if self._open:
            self._open[-1][1].append(index)
        self._value.append(_pack(*position))
        self._key.append(_pack(*key_at) if key_at is not None else _NO_KEY)
        self._end.append(index + 1)
        self._kind.append(kind)
        self._names.append(key)
        if kind != SCALAR:
            self._open.append((index, []))

    def end(self) -> None:
        """The innermost open container ends."""
        index, children = self._open.pop()
        self._end[index] = len(self._kind)
        if len(children) > _INDEXED:
            if self._kind[index] == SEQUENCE:
                self._tables[index] = array("q", children)
            else:
                self._tables[index] = {self._names[child]: child for child in children}

    # --- looking up ---

    def value_at(self, path: Path_) -> Position:
        """Where the value at `path` starts, or its nearest enclosing value; (1, 1) if empty."""
        node, _ = self._find(path)
        return _unpack(self._value[node]) if node >= 0 else (1, 1)

    def key_at(self, path: Path_) -> Position:
        """Where the key naming `path` starts; the value's position when there is no such key."""
        node, exact = self._find(path)
        if exact and self._key[node] != _NO_KEY:
            return _unpack(self._key[node])
        return _unpack(self._value[node]) if node >= 0 else (1, 1)

    def _find(self, path: Path_) -> tuple[int, bool]:
        """The node at `path` (True), else the nearest enclosing one (False); -1 when empty."""
        if not self._kind:
            return -1, False
        node = 0
        for part in path:
            child = self._child(node, part)
            if child < 0:
                return node, False
            node = child
        return node, True

    def _child(self, node: int, part: object) -> int:
        kind = self._kind[node]
        if kind == SCALAR:
            return -1
        table = self._tables.get(node)
        if kind == SEQUENCE:
            if not isinstance(part, int) or part < 0:
                return -1
            if isinstance(table, array):
                return table[part] if part < len(table) else -1
            child, count = node + 1, 0
            while child < self._end[node]:
                if count == part:
                    return child
                child, count = self._end[child], count + 1
            return -1
        if isinstance(table, dict):
            return table.get(part, -1)
        found, child = -1, node + 1
        while child < self._end[node]:
            if self._names[child] == part:
                found = child  # a repeated key's last value is the one the data holds
            child = self._end[child]
        return found

    def path_before(self, position: Position) -> tuple[Path_, Position] | None:
        """The path and start of the last value that starts at or before `position` (the one a
        comment on that line follows), or None."""
        target = bisect.bisect_right(self._value, _pack(*position)) - 1
        if target < 0:
            return None
        path: list[str | int] = []
        node = 0
        while node != target:
            table = self._tables.get(node)
            if isinstance(table, array):
                count = bisect.bisect_right(table, target) - 1
                child = table[count]
            else:
                child, count = node + 1, 0
                while self._end[child] <= target:
                    child, count = self._end[child], count + 1
            name = self._names[child]
            path.append(count if self._kind[node] == SEQUENCE else name)  # type: ignore[arg-type]
            node = child
        return tuple(path), _unpack(self._value[target])
