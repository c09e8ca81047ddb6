"""Where each value and mapping key of a YAML document starts, kept in a few compact arrays.

A 100,000-question bank has some two million values; a dict from each one's path to a tuple
cost about 300 bytes a value. Here each value is one slot (about 33 bytes) in arrays laid out
in document order, and a path is found by walking down from the top, as the data itself is.
"""

from __future__ import annotations

import bisect
from array import array

from quizkit.textlines import line_starts
from quizkit.textlines import position as line_and_column

Path_ = tuple[str | int, ...]
Position = tuple[int, int]

SCALAR, SEQUENCE, MAPPING = 0, 1, 2
_SHIFT = 32
"""A position is packed as line << _SHIFT | column (a line past 2**31 is beyond any file we read)."""
_INDEXED = 16
"""Containers with more children than this get a lookup table; smaller ones are scanned."""
NO_KEY = 0
"""The packed key position of a node that no key names."""


def pack(line: int, column: int) -> int:
    """A position as one integer (lines and columns count from 1, so no position packs to 0)."""
    return line << _SHIFT | column


class Positions:
    """The value position of every node, and the key position of every mapping value.

    The arrays hold one slot per node in document order; `start` and `close` fill them. The
    loader's fast path (quizkit/yamlplain.py) keeps only where each key and value starts, as its
    offset in the text (see `count_offsets_in`), and hands them over with the values (`defer`):
    the arrays are laid out from those when a position is first asked for.
    """

    def __init__(self) -> None:
        self.value = array("q")
        """Where each node starts, packed by `pack` (or its offset in the text, plus one)."""
        self.key = array("q")
        """Where the key naming each mapping value starts, stored as `value` is (0: no key)."""
        self.end = array("q")
        """Index of the first node after this node's subtree (its next sibling)."""
        self.kind = bytearray()
        self.names: list[object] = []
        """The key that names each mapping value (None for other nodes)."""
        self._tables: dict[int, array[int] | dict[object, int] | None] = {}
        """Children of large containers, made when first looked up: a sequence's by index, a
        mapping's by key (None for a container small enough to scan)."""
        self._open: list[int] = []
        self._text: str | None = None
        """The text, when positions are stored as offsets into it."""
        self._starts: list[int] = []
        self._deferred: tuple[object, array[int]] | None = None
        """A document's values and the marks to lay out beside them when first looked up."""

    # --- building, in document order ---

    def count_offsets_in(self, text: str) -> None:
        """`value` and `key` will hold offsets into `text` plus one, which cost less to store
        than a line and a column; those are worked out from the offset when asked for. The
        text's lines must be counted as the parser counts them (breaks '\n' and '\r\n' only)."""
        self._text = text

    def defer(self, data: object, marks: array[int]) -> None:
        """The positions of the document `data`, laid out when first looked up (a bank with
        nothing to report never looks one up). `marks` holds the offset plus one of each key and
        each value as the parser met them: a mapping's key, then its value; a container, then
        what it holds. `data` must hold no key twice."""
        self._deferred = (data, marks)

    def _lay_out(self) -> None:
        """Fill the arrays from the deferred values and marks, walking both in document order."""
        assert self._deferred is not None
        data, marks = self._deferred
        self._deferred = None
        if not marks:  # no document at all
            return
        following = iter(marks).__next__
        value, key, end, kind, names = self.value, self.key, self.end, self.kind, self.names

        def visit(item: object, name: object, key_at: int) -> None:
            index = len(kind)
            value.append(following())
            key.append(key_at)
            end.append(index + 1)
            names.append(name)
            if isinstance(item, dict):
                kind.append(MAPPING)
                for child_name, child in item.items():
                    visit(child, child_name, following())
                end[index] = len(kind)
            elif isinstance(item, list):
                kind.append(SEQUENCE)
                for child in item:
                    visit(child, None, NO_KEY)
                end[index] = len(kind)
            else:
                kind.append(SCALAR)

        visit(data, None, NO_KEY)

    def start(
        self, kind: int, position: Position, key: object = None, key_at: Position | None = None
    ) -> None:
        """A node starts: a container stays open until `close`; a scalar is complete at once."""
        index = len(self.kind)
        self.value.append(pack(*position))
        self.key.append(pack(*key_at) if key_at is not None else NO_KEY)
        self.end.append(index + 1)
        self.kind.append(kind)
        self.names.append(key)
        if kind != SCALAR:
            self._open.append(index)

    def close(self) -> None:
        """The innermost open container ends."""
        self.end[self._open.pop()] = len(self.kind)

    # --- looking up ---

    def value_at(self, path: Path_) -> Position:
        """Where the value at `path` starts, or its nearest enclosing value; (1, 1) if empty."""
        node, _ = self._find(path)
        return self._position(self.value[node]) if node >= 0 else (1, 1)

    def key_at(self, path: Path_) -> Position:
        """Where the key naming `path` starts; the value's position when there is no such key."""
        node, exact = self._find(path)
        if exact and self.key[node] != NO_KEY:
            return self._position(self.key[node])
        return self._position(self.value[node]) if node >= 0 else (1, 1)

    def _position(self, stored: int) -> Position:
        if self._text is None:
            return stored >> _SHIFT, stored & ((1 << _SHIFT) - 1)
        return line_and_column(self._line_starts(), stored - 1)

    def _stored(self, where: Position) -> int:
        """`where` as `value` stores positions, for comparing with them: a column past the end
        of its line counts as the line's end."""
        if self._text is None:
            return pack(*where)
        starts = self._line_starts()
        line, column = where
        if line < 1:
            return 0
        if line > len(starts):
            return len(self._text) + 1
        offset = starts[line - 1] + column - 1
        if line < len(starts):
            offset = min(offset, starts[line] - 1)
        return offset + 1

    def _line_starts(self) -> list[int]:
        if not self._starts and self._text is not None:
            self._starts = line_starts(self._text)
        return self._starts

    def _find(self, path: Path_) -> tuple[int, bool]:
        """The node at `path` (True), else the nearest enclosing one (False); -1 when empty."""
        if self._deferred is not None:
            self._lay_out()
        if not self.kind:
            return -1, False
        node = 0
        for part in path:
            child = self._child(node, part)
            if child < 0:
                return node, False
            node = child
        return node, True

    def _child(self, node: int, part: object) -> int:
        kind = self.kind[node]
        if kind == SCALAR:
            return -1
        table = self._table(node)
        if kind == SEQUENCE:
            if not isinstance(part, int) or part < 0:
                return -1
            if isinstance(table, array):
                return table[part] if part < len(table) else -1
            child, count = node + 1, 0
            while child < self.end[node]:
                if count == part:
                    return child
                child, count = self.end[child], count + 1
            return -1
        if isinstance(table, dict):
            return table.get(part, -1)
        found, child = -1, node + 1
        while child < self.end[node]:
            if self.names[child] == part:
                found = child  # a repeated key's last value is the one the data holds
            child = self.end[child]
        return found

    def _table(self, node: int) -> array[int] | dict[object, int] | None:
        """The children of a large container, by index or by key, made on first use."""
        if node in self._tables:
            return self._tables[node]
        children = []
        child, end = node + 1, self.end[node]
        while child < end:
            children.append(child)
            child = self.end[child]
        table: array[int] | dict[object, int] | None = None
        if len(children) > _INDEXED:
            if self.kind[node] == SEQUENCE:
                table = array("q", children)
            else:
                table = {self.names[child]: child for child in children}
        self._tables[node] = table
        return table

    def path_before(self, position: Position) -> tuple[Path_, Position] | None:
        """The path and start of the last value that starts at or before `position` (the one a
        comment on that line follows), or None."""
        if self._deferred is not None:
            self._lay_out()
        target = bisect.bisect_right(self.value, self._stored(position)) - 1
        if target < 0:
            return None
        path: list[str | int] = []
        node = 0
        while node != target:
            table = self._table(node)
            if isinstance(table, array):
                count = bisect.bisect_right(table, target) - 1
                child = table[count]
            else:
                child, count = node + 1, 0
                while self.end[child] <= target:
                    child, count = self.end[child], count + 1
            name = self.names[child]
            path.append(count if self.kind[node] == SEQUENCE else name)  # type: ignore[arg-type]
            node = child
        return tuple(path), self._position(self.value[target])
