"""What `--vary FIELD=V1,V2` may name: the single-valued fields of the scenario format, and
for fields with a fixed vocabulary (event kinds, statuses, yes/no, true/false) the words
they accept.

Both are checked once, before any combination is judged: a misspelt field or word is one
error naming the nearest valid one, not an invalid row per combination. Values with no fixed
vocabulary (dates, latitudes, actor ids) are left to the normal load path, which reports
them per combination, located in the file.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from engine.formats.scenario import Scenario

Path_ = tuple[str | int, ...]


class SweepError(ValueError):
    """A --vary option that cannot be applied to the file at all."""


@dataclass(frozen=True)
class Vary:
    field: str  # as the user wrote it
    path: Path_
    values: tuple[Any, ...]


def parse_value(text: str) -> Any:
    """A command-line value as YAML 1.2 would read it, except dates, which stay text as in files."""
    low = text.strip().lower()
    if low in ("null", "~", ""):
        return None
    if low in ("true", "false"):
        return low == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text.strip()


def show(value: Any) -> str:
    """A value as the user would write it on the command line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_varies(options: Sequence[str], fields: Fields) -> tuple[Vary, ...]:
    """Every --vary option, its field and its values checked against the file and the vocabulary."""
    varies: list[Vary] = []
    for option in options:
        field, sep, raw = option.partition("=")
        field = field.strip()
        if not sep or not field or not raw:
            raise SweepError(f"--vary {option!r}: write FIELD=V1,V2,... (e.g. events.0.kind=invasion,border_clash)")
        path = fields.path(field)
        if any(v.path == path for v in varies):
            raise SweepError(f"--vary {field} is given twice; give all its values in one --vary")
        values = tuple(dict.fromkeys(parse_value(v) for v in raw.split(",")))
        for value in values:
            fields.check_value(field, value, show(value))
        varies.append(Vary(field, path, values))
    return tuple(varies)


def with_values(data: Mapping[str, Any], varies: Sequence[Vary], values: Sequence[Any]) -> dict[str, Any]:
    """A copy of `data` with each varied field set; only containers on the changed paths are copied."""
    out: dict[str, Any] = dict(data)
    for vary, value in zip(varies, values, strict=True):
        node: Any = out
        for key in vary.path[:-1]:
            child = node[int(key)] if isinstance(node, list) else node.get(key)
            child = list(child) if isinstance(child, list) else dict(child or {})
            node[key] = child
            node = child
        node[vary.path[-1]] = value
    return out


class Fields:
    """Every single-valued field a --vary option may name in one file, with its type."""

    def __init__(self, data: Mapping[str, Any], vocabulary: Mapping[str, frozenset[str]]) -> None:
        self._types: dict[str, tuple[Path_, Any]] = {}
        for path, annotation in _leaves(Scenario, data, (), vocabulary):
            self._types[".".join(str(p) for p in path)] = (path, annotation)

    def path(self, field: str) -> Path_:
        """`events.0.where.status` -> ("events", 0, "where", "status"), or a SweepError naming the nearest field."""
        if field in self._types:
            return self._types[field][0]
        inside = sorted(name for name in self._types if name.startswith(field + "."))
        if inside:
            shown = ", ".join(inside[:6]) + (", ..." if len(inside) > 6 else "")
            raise SweepError(f"--vary {field}: this is a group of fields, not one value; vary one of {shown}")
        near = difflib.get_close_matches(field, list(self._types), n=1, cutoff=0.5)
        hint = f"did you mean {near[0]}?" if near else f"fields look like {', '.join(_examples(self._types))}"
        raise SweepError(f"--vary {field}: no such field in this file; {hint}")

    def check_value(self, field: str, value: Any, shown: str) -> None:
        """A value outside the field's fixed vocabulary is a SweepError naming the nearest word."""
        path, annotation = self._types[field]
        if _accepts(annotation, value):
            return
        words = vocabulary_words(annotation, path)
        if words is None:
            return  # no fixed vocabulary: the load path judges it, per combination
        near = difflib.get_close_matches(shown, list(words), n=1, cutoff=0.5)
        if near:
            raise SweepError(f"--vary {field}={shown}: not a valid {field}; did you mean {near[0]}?")
        raise SweepError(f"--vary {field}={shown}: not a valid {field}; it takes {', '.join(words)}")


def vocabulary_words(annotation: Any, path: Path_) -> tuple[str, ...] | None:
    """The words a field accepts if they are a fixed list, else None."""
    tp = _strip(annotation)
    if typing.get_origin(tp) is Literal:
        return tuple(str(a) for a in typing.get_args(tp))
    if tp is bool:
        return ("yes", "no") if path[:1] == ("readings",) else ("true", "false")
    return None


@lru_cache(maxsize=64)
def _adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def _accepts(annotation: Any, value: Any) -> bool:
    try:
        _adapter(annotation).validate_python(value)
    except ValidationError:
        return False
    except TypeError:  # an annotation pydantic cannot adapt alone: leave it to the load path
        return True
    return True


def _strip(tp: Any) -> Any:
    """Annotated[X, ...] -> X and X | None -> X: what a field holds when it holds a value."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _leaves(tp: Any, node: Any, path: Path_, vocabulary: Mapping[str, frozenset[str]]) -> Iterator[tuple[Path_, Any]]:
    inner = _strip(tp)
    origin = typing.get_origin(inner)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        for name, spec in inner.model_fields.items():
            child = node.get(name) if isinstance(node, Mapping) else None
            yield from _leaves(spec.annotation, child, (*path, name), vocabulary)
    elif origin is list:
        items = node if isinstance(node, list) else []
        for i, item in enumerate(items):
            yield from _leaves(typing.get_args(inner)[0], item, (*path, i), vocabulary)
    elif origin is dict:
        key_type, value_type = typing.get_args(inner)
        for key in _keys(path, node, key_type, vocabulary):
            child = node.get(key) if isinstance(node, Mapping) else None
            yield from _leaves(value_type, child, (*path, key), vocabulary)
    else:
        yield path, tp


def _keys(path: Path_, node: Any, key_type: Any, vocabulary: Mapping[str, frozenset[str]]) -> list[str]:
    """The keys a mapping may take: those in the file, plus every key the format allows
    there when the allowed keys are a known list (readings, expected treaties, outcomes)."""
    keys = set(node) if isinstance(node, Mapping) else set()
    if path == ("readings",):
        keys |= {f"{treaty}.{reading}" for treaty, readings in vocabulary.items() for reading in readings}
    elif path == ("expect",):
        keys |= set(vocabulary)
    words = vocabulary_words(key_type, path)
    if words is not None:
        keys |= set(words)
    return sorted(str(k) for k in keys)


def _examples(types_: Mapping[str, Any]) -> list[str]:
    wanted = ("date", "events.0.kind", "events.0.where.status")
    shown = [w for w in wanted if w in types_]
    shown += [name for name in types_ if name.startswith("readings.")][:1]
    return shown
