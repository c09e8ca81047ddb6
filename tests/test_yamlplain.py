"""The fast path for plain YAML documents against the full builder: same values, same positions,
the same refusals, on plain banks and on hostile YAML alike."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from quizkit.positions import Path_, Positions
from quizkit.yamlplain import NotPlain, load_plain
from quizkit.yamlsafe import MAX_DEPTH, Document, YamlProblem, load_yaml
from tests.conftest import BANKS, SHIPPED_BANK


def _plain(text: str) -> tuple[Any, Positions]:
    """The fast path alone (NotPlain if it leaves the document to the full builder)."""
    positions = Positions()
    positions.count_offsets_in(text)
    loader = yaml.CSafeLoader(text)
    try:
        return load_plain(loader, positions, MAX_DEPTH), positions
    finally:
        loader.dispose()


def _typed(value: Any) -> Any:
    """The value with every scalar's type beside it: 1, 1.0 and True must not pass for each other."""
    if isinstance(value, dict):
        return [(_typed(key), _typed(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_typed(item) for item in value]
    return type(value).__name__, repr(value)


def _paths(value: Any, path: Path_ = ()) -> list[Path_]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*path, index))
    return found


def _outcome(text: str, fast: bool, encoded: bytes | None = None) -> Any:
    try:
        document = load_yaml(text, line_offset=1, fast=fast, encoded=encoded)
    except YamlProblem as problem:
        return ("refused", problem.code, problem.message, problem.line, problem.column, problem.hint)
    except Exception as exc:  # what neither path catches must at least be the same
        return ("raised", type(exc).__name__, str(exc))
    return _described(document, text)


def _described(document: Document, text: str) -> Any:
    """Everything a caller can ask of a document, asked of every value, key and position."""
    lookups = []
    for path in _paths(document.data):
        for extra in ((), ("missing",), (10**6,), (0, "deeper")):
            lookups.append((document.value_at((*path, *extra)), document.key_at((*path, *extra))))
    lines = text.split("\n")
    befores = [
        document.positions.path_before((number, column))
        for number, line in enumerate(lines, start=1)
        for column in range(0, len(line) + 3)
    ]
    befores += [document.positions.path_before(where) for where in ((0, 5), (len(lines) + 2, 1))]
    return _typed(document.data), document.duplicates, lookups, befores


def _same_both_ways(text: str) -> Any:
    """The fast path and the full builder agree, the fast path given the file's bytes or not."""
    fast, full = _outcome(text, fast=True), _outcome(text, fast=False)
    assert fast == full
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no file holds it
        return fast
    assert _outcome(text, fast=True, encoded=encoded) == full
    assert _outcome(text, fast=True, encoded=b"\xef\xbb\xbf" + encoded) == full
    return fast


PLAIN = {
    "nested": "title: T\nquestions:\n  - id: a\n    choices: [x, {text: y}]\n",
    "scalars": (
        "a: 1\nb: 1.5\nc: true\nd: no\ne: ~\nf:\ng: 0x1F\nh: 0o17\ni: 017\nj: 1_000\nk: 1:30\n"
        "l: .inf\nm: -.Inf\nn: .nan\no: 2027-03-01\np: 2027-03-01 10:00:00\nq: '1'\nr: \"true\"\n"
        "s: +12\nt: 6.02e+23\nu: yes\nv: On\nw: NULL\nx: '' \n"
    ),
    "keys": "1: one\nfalse: yes\n~: nothing\n2027-03-01: day\n'2': text\n? complex\n: value\n",
    "huge int": "n: " + "9" * 4000 + "\n",
    "block scalars": "a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: after\n",
    "explicit tags": "a: !!str 12\nb: !!int '12'\nc: !!float 1\nd: ! 12\ne: !!map {x: 1}\nf: !!seq [1]\n",
    "crlf": "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "bom": "\ufefftitle: T\nlist: [1, 2]\n",
    "bom inside a value": "a: 'x\ufeffy'\nb: [1, 2]\n",
    "wide characters": "a: “é”\nb: [ü, ß, 😀, x]\nc: {d: 'Ω'}\n",
    "empty": "",
    "comments only": "# nothing here\n",
    "explicit empty document": "---\n",
    "document end marker": "a: 1\n...\n",
    "scalar document": "just text\n",
    "list document": "- 1\n- [2, [3, {}]]\n",
    "empty containers": "a: []\nb: {}\nc: [[], {}]\n",
    "long containers": "items:\n"
    + "".join(f"  - {{n: {i}, w: {i}.5}}\n" for i in range(40))
    + "table:\n"
    + "".join(f"  k{i}: {i}\n" for i in range(40)),
    "comment after value": "a: cut here # a comment\nb: [1, 2]  # more\n",
    "nested to the limit": "a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n",
    "escaped control character": 'a: "b\\x07c"\n',
}
HOSTILE = {
    "duplicate keys": "a: 1\nb: {c: 1, c: 2}\na: 3\n",
    "duplicate keys 1 and true": "1: a\ntrue: b\n",
    "duplicate nan keys": ".nan: a\n.nan: b\n",
    "anchor and alias": "base: &b {x: [1, 2]}\ncopy: *b\nkey: &k name\n*k : 3\n",
    "anchor unused": "a: &x 1\nb: 2\n",
    "anchor on a key": "&k a: 1\nb: 2\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "undefined alias": "a: *x\n",
    "recursive alias": "a: &q [*q]\n",
    "alias bomb": "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(5)),
    "merge key": "base: {a: 1}\nx:\n  <<: {a: 1}\n",
    "custom tag": "a: !custom x\n",
    "python tag": "a: !!python/object:os.system x\n",
    "set tag": "a: !!set {x}\n",
    "omap tag": "a: !!omap [x: 1]\n",
    "binary tag": "a: !!binary aGVsbG8=\n",
    "bad int": "a: !!int x\n",
    "too many digits": "a: !!int " + "9" * 5000 + "\n",
    "equals sign": "a: =\n",
    "list as key": "? [a]\n: 1\n",
    "mapping as key": "? {a: 1}\n: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: 1\n b: 2\nc: [\n",
    "syntax error after a tag": "a: !custom x\nb: [\n",
    "tab indent": "a:\n\t- 1\n",
    "unclosed quote": "a: 'open\nb: 2\n",
    "too deep block": "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 3)) + "  " * 45 + "v: 1\n",
    "too deep flow": "a: " + "[" * (MAX_DEPTH + 1) + "1" + "]" * (MAX_DEPTH + 1) + "\n",
    "too deep empty": "a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "control character": "a: b\x07c\n",
    "empty list at the limit": "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n",  # left, though fine
    "lone carriage return": "a: 1\rb: 2\n",
    "line separator": "a: x\u2028y\nb: [1, 2]\n",
    "paragraph separator": "a: 'x\u2029y'\nb: 2\n",
    "next line": "a: x\x85y\nb: 2\n",
    "bom in the middle": "a: 1\n\ufeffb: 2\n",
}


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_plain_documents_take_the_fast_path_and_match_the_full_builder(name: str) -> None:
    text = PLAIN[name]
    data, _ = _plain(text)  # raises if the fast path refused it
    assert _typed(data) == _typed(load_yaml(text, fast=False).data)
    _same_both_ways(text)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_documents_are_left_to_the_full_builder(name: str) -> None:
    text = HOSTILE[name]
    if "\u2028" in text or "\x85" in text or "\u2029" in text or "\r" in text:
        pass  # lines counted otherwise than libyaml counts them: load_yaml never tries the fast path
    else:
        with pytest.raises((NotPlain, yaml.YAMLError)):
            _plain(text)
    _same_both_ways(text)


def test_what_the_fast_path_refuses_is_still_reported_where_it_is() -> None:
    assert _same_both_ways(HOSTILE["duplicate keys"])[1] == [
        (("b", "c"), (2, 11), (2, 5)),
        (("a",), (3, 1), (1, 1)),
    ]
    assert _same_both_ways(HOSTILE["custom tag"]) == (
        "refused",
        "yaml-syntax",
        "unsupported YAML tag '!custom'; a bank holds only plain text, numbers, lists and mappings",
        1,
        4,
        None,
    )
    # the first problem in the file is the one reported, though the parser fails later on
    assert _same_both_ways(HOSTILE["syntax error after a tag"])[1:3] == (
        "yaml-syntax",
        "unsupported YAML tag '!custom'; a bank holds only plain text, numbers, lists and mappings",
    )


def test_equal_scalars_are_converted_once_and_shared() -> None:
    data, _ = _plain("a: [2027-03-01, 2027-03-01, 12, 12, true]\n")
    assert data["a"][0] is data["a"][1]
    assert data["a"][2] is data["a"][3]


@pytest.mark.parametrize("name", ["alias bomb", "duplicate keys", "syntax error after a tag"])
def test_the_parser_makes_its_usual_events_again_once_the_fast_path_is_done(name: str) -> None:
    """The fast path has PyYAML's C parser make plain tuples while it reads; the classes are back
    after a plain document and after one it leaves to the full builder, for any other reader."""
    from yaml import _yaml

    _plain("a: [1, {b: c}]\n")
    with pytest.raises((NotPlain, yaml.YAMLError)):
        _plain(HOSTILE[name])
    for event in ("ScalarEvent", "MappingStartEvent", "MappingEndEvent", "AliasEvent"):
        assert getattr(_yaml, event) is getattr(yaml.events, event)
    assert yaml.load("a: [1, {b: c}]", Loader=yaml.CSafeLoader) == {"a": [1, {"b": "c"}]}
    events = list(yaml.parse("a: 1", Loader=yaml.CSafeLoader))
    assert [event.__class__.__name__ for event in events][2:5] == [
        "MappingStartEvent",
        "ScalarEvent",
        "ScalarEvent",
    ]


def _utf8_banks() -> list[Path]:
    """bank.yaml of every fixture bank and the shipped one that is UTF-8 (one is not, on purpose)."""
    found = []
    for folder in sorted([*BANKS.iterdir(), SHIPPED_BANK]):
        path = folder / "bank.yaml"
        try:
            path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        found.append(path)
    return found


@pytest.mark.parametrize("path", _utf8_banks(), ids=lambda p: p.parent.name)
def test_every_fixture_bank_loads_the_same_both_ways(path: Path) -> None:
    _same_both_ways(path.read_bytes().decode("utf-8-sig"))


def test_the_lean_events_are_tried_once_and_a_parser_that_ignores_them_gets_the_full_builder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """This PyYAML makes its events through the names the fast path sets (else the fast path
    would never run); a parser that did not would have every document read by the full builder,
    with the same values and positions, not fail."""
    from quizkit import yamlplain

    assert yamlplain._swappable()
    text = PLAIN["nested"]
    expected = _outcome(text, fast=False)
    monkeypatch.setattr(yamlplain, "_swappable", lambda: False)
    with pytest.raises(NotPlain):
        _plain(text)
    assert _outcome(text, fast=True) == expected
