"""Plain JSON data back into the model, every field checked against its declared type.

For data quizkit wrote itself and signed (the checked-bank cache): building pydantic's validators
costs more than a cached `play` may spend before its first question, so this reads the models'
annotations once into a reader per model instead. It admits exactly the shapes the models declare
(the right keys, each value of its field's type, nothing else) and builds each model as pickle
does (`__setstate__`); the rules a bank must meet beyond that were proven when it was checked,
and the signature shows the data is that bank.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel

Reader = Callable[[Any], Any]


class Mismatch(ValueError):
    """The data does not have the shape the model declares."""


def build(annotation: Any, value: Any) -> Any:
    """`value` (from json.loads) as an instance of `annotation`; Mismatch if it is not one."""
    return reader(annotation)(value)


_readers: dict[type, Reader] = {}


def reader(annotation: Any) -> Reader:
    """A function that reads a value of `annotation` (models' readers are made once)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Annotated:
        return reader(args[0])
    if origin is Union or origin is types.UnionType:
        return _union_reader(args)
    if origin is Literal:
        return _literal_reader(args)
    if origin is list:
        return _list_reader(reader(args[0]), list)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return _list_reader(reader(args[0]), tuple)
    if origin is dict:
        return _dict_reader(reader(args[0]), reader(args[1]))
    if annotation in (str, bool, int, float, type(None)):
        return _exact_reader(annotation)
    if isinstance(annotation, type) and (
        issubclass(annotation, BaseModel) or dataclasses.is_dataclass(annotation)
    ):
        if annotation not in _readers:
            _readers[annotation] = _class_reader(annotation)
        return _readers[annotation]
    raise TypeError(f"cannot read {annotation!r}")


def _exact_reader(kind: type) -> Reader:
    def read(value: Any) -> Any:
        if type(value) is not kind:  # exact: true is not a number, 1 is not a float
            raise Mismatch(f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    return read


def _literal_reader(allowed: tuple[Any, ...]) -> Reader:
    options = {(type(a), a) for a in allowed}

    def read(value: Any) -> Any:
        if (type(value), value) not in options:
            raise Mismatch(f"expected one of {allowed}, got {type(value).__name__}")
        return value

    return read


def _list_reader(item: Reader, kind: type) -> Reader:
    def read(value: Any) -> Any:
        if type(value) is not list:
            raise Mismatch(f"expected a list, got {type(value).__name__}")
        return kind(item(v) for v in value)

    return read


def _dict_reader(key: Reader, item: Reader) -> Reader:
    def read(value: Any) -> Any:
        if type(value) is not dict:
            raise Mismatch(f"expected a mapping, got {type(value).__name__}")
        return {key(k): item(v) for k, v in value.items()}

    return read


def _union_reader(options: tuple[Any, ...]) -> Reader:
    tag = _tag(options)
    if tag is not None:  # models told apart by a one-value Literal field, like `type`
        name, by_tag = tag

        def read_tagged(value: Any) -> Any:
            chosen = by_tag.get(value.get(name)) if type(value) is dict else None
            if chosen is None:
                raise Mismatch(f"no model has this '{name}'")
            return chosen(value)

        return read_tagged
    readers = [reader(option) for option in options]

    def read(value: Any) -> Any:
        for option in readers:
            try:
                return option(value)
            except Mismatch:
                continue
        raise Mismatch(f"expected one of {options}, got {type(value).__name__}")

    return read


def _tag(options: tuple[Any, ...]) -> tuple[str, dict[object, Reader]] | None:
    """The field whose one-value Literal tells a union's models apart, with a reader per value."""
    if not all(isinstance(o, type) and issubclass(o, BaseModel) for o in options):
        return None
    for name in options[0].model_fields:
        values = [_one_literal(option.model_fields.get(name)) for option in options]
        if all(v is not None for v in values) and len(set(values)) == len(values):
            return name, {v: reader(option) for v, option in zip(values, options, strict=True)}
    return None


def _one_literal(info: Any) -> object | None:
    annotation = getattr(info, "annotation", None)
    args = typing.get_args(annotation)
    return args[0] if typing.get_origin(annotation) is Literal and len(args) == 1 else None


def _class_reader(cls: type) -> Reader:
    if issubclass(cls, BaseModel):
        fields = {name: reader(info.annotation) for name, info in cls.model_fields.items()}
    else:
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = {f.name: reader(hints[f.name]) for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    names = fields.keys()

    def values(value: Any) -> dict[str, Any]:
        if type(value) is not dict or value.keys() != names:
            raise Mismatch(f"expected the fields of {cls.__name__}")
        return {name: read(value[name]) for name, read in fields.items()}

    if not issubclass(cls, BaseModel):
        return lambda value: cls(**values(value))

    def read_model(value: Any) -> Any:
        model = cls.__new__(cls)
        fields_values = values(value)
        model.__setstate__(
            {
                "__dict__": fields_values,
                "__pydantic_fields_set__": set(fields_values),
                "__pydantic_extra__": None,
                "__pydantic_private__": None,
            }
        )
        return model

    return read_model
