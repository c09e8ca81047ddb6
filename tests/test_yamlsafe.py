"""Loading YAML straight from the parser's events: values, positions, anchors and refusals."""

from __future__ import annotations

import pytest

from quizkit.yamlsafe import YamlProblem, load_yaml


def test_values_and_positions_of_a_nested_document() -> None:
    document = load_yaml("title: T\nquestions:\n  - id: a\n    choices: [x, {text: y}]\n", line_offset=0)
    assert document.data == {"title": "T", "questions": [{"id": "a", "choices": ["x", {"text": "y"}]}]}
    assert document.value_at(("title",)) == (1, 8)
    assert document.key_at(("title",)) == (1, 1)
    assert document.value_at(("questions", 0)) == (3, 5)
    assert document.key_at(("questions", 0, "choices")) == (4, 5)
    assert document.value_at(("questions", 0, "choices", 1, "text")) == (4, 25)
    # a path that is not there: its nearest enclosing value
    assert document.value_at(("questions", 0, "choices", 7)) == (4, 14)
    assert document.value_at(("questions", 0, "nope", "deeper")) == (3, 5)
    # a key lookup of a list item falls back to the item itself
    assert document.key_at(("questions", 0)) == (3, 5)


def test_long_lists_and_mappings_are_looked_up_by_index_and_key() -> None:
    items = "".join(f"  - {{n: {i}}}\n" for i in range(100))
    keys = "".join(f"  k{i}: {i}\n" for i in range(100))
    document = load_yaml(f"items:\n{items}table:\n{keys}  k7: again\n", line_offset=2)
    assert document.value_at(("items", 0, "n")) == (4, 9)
    assert document.value_at(("items", 99, "n")) == (103, 9)
    assert document.value_at(("items", 100)) == (4, 3)  # no 101st item: the list
    assert document.key_at(("table", "k50")) == (155, 3)
    # a key given twice: the data holds the second value, and so do the positions
    assert document.data["table"]["k7"] == "again"
    assert document.key_at(("table", "k7")) == (205, 3)
    assert [(path, at, first) for path, at, first in document.duplicates] == [
        (("table", "k7"), (203, 3), (110, 3))
    ]


def test_duplicate_keys_in_a_short_mapping_keep_the_last_value_and_say_where_the_first_was() -> None:
    document = load_yaml("a: 1\nb: {c: 1, c: 2}\na: 3\n")
    assert document.data == {"a": 3, "b": {"c": 2}}
    assert document.value_at(("b", "c")) == (2, 14)
    assert document.duplicates == [(("b", "c"), (2, 11), (2, 5)), (("a",), (3, 1), (1, 1))]


def test_an_alias_builds_its_anchor_again_with_the_anchors_positions() -> None:
    document = load_yaml("base: &b {x: [1, 2]}\ncopy: *b\nkey: &k name\n*k : 3\n")
    assert document.data == {"base": {"x": [1, 2]}, "copy": {"x": [1, 2]}, "key": "name", "name": 3}
    assert document.data["copy"] is not document.data["base"]
    assert document.value_at(("copy", "x", 1)) == (1, 18)
    assert document.key_at(("name",)) == (3, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: *x\n", ("yaml-syntax", "invalid YAML: found undefined alias", 1, 4)),
        ("a: &x 1\nb: &x 2\n", ("yaml-syntax", "invalid YAML: second occurrence (found duplicate anchor; "
                                "first occurrence)", 2, 4)),
        ("a: 1\n---\nb: 2\n", ("yaml-syntax", "invalid YAML: but found another document (expected a single "
                               "document in the stream)", 2, 1)),
        ("a: &q [*q]\n", ("yaml-limit", "values nest more than 40 levels deep", 1, 4)),
        ("<<: {a: 1}\n", ("yaml-syntax", "merge keys (<<) are not supported in a bank; write the keys out", 1, 1)),
        ("? [a]\n: 1\n", ("yaml-syntax", "a mapping key must be a plain value, not a list or mapping", 1, 3)),
        ("a: !!int x\n", ("yaml-syntax", "invalid value 'x': invalid literal for int() with base 10: 'x'", 1, 4)),
    ],
)  # fmt: skip
def test_what_the_composer_refuses_is_refused_where_it_is(
    text: str, expected: tuple[str, str, int, int]
) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(text)
    problem = caught.value
    assert (problem.code, problem.message, problem.line, problem.column) == expected


def test_empty_documents() -> None:
    assert load_yaml("").data is None
    assert load_yaml("").value_at(("anything",)) == (1, 1)
    assert load_yaml("---\n").data is None
