"""Turn pydantic's validation errors into located, actionable problems."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Collection
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from engine.formats.errors import InputError, Problem
from engine.formats.yamlsafe import Located

M = TypeVar("M", bound=BaseModel)
KeyPath = tuple[str | int, ...]


def validate(model: type[M], located: Located) -> M:
    """Validate plain data from `located`; every error names its file, line and column."""
    result, problems = model_problems(model, located)
    if result is None:
        raise InputError(problems)
    return result


def model_problems(
    model: type[M], located: Located, *, skip: Collection[KeyPath] = ()
) -> tuple[M | None, list[Problem]]:
    """The model, or None and every located problem; errors at or under a `skip` path are
    left out (the caller has already said what is wrong there, e.g. a placeholder)."""
    try:
        return model.model_validate(located.data), []
    except ValidationError as exc:
        errors = [e for e in exc.errors(include_url=False) if not _under(_loc(e), skip)]
        return None, _dedupe([_problem(model, located, err) for err in errors])


def _loc(err: Any) -> tuple[Any, ...]:
    # pydantic puts validator names (function-after[...]) into the location; the file has no such key.
    return tuple(x for x in err["loc"] if not (isinstance(x, str) and x.startswith("function-")))


def _under(loc: tuple[Any, ...], paths: Collection[KeyPath]) -> bool:
    return any(loc[: len(p)] == p for p in paths)


def nearest(word: str, choices: typing.Iterable[str]) -> str | None:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


def suggestion(word: str, choices: typing.Iterable[str]) -> str:
    best = nearest(word, choices)
    return f"; did you mean {best!r}?" if best else ""


def _problem(model: type[BaseModel], located: Located, err: Any) -> Problem:
    loc = _loc(err)
    kind = err["type"]
    if loc and loc[-1] == "[key]":
        # A bad mapping key (an actor id): point at the key, not at its value.
        where = ".".join(str(x) for x in loc[:-1])
        return located.problem(loc[:-1], f"{where}: key {err.get('input')!r}: {_message(err)}", key=True)
    where = ".".join(str(x) for x in loc) or "(top level)"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1])
        key = str(loc[-1])
        hint = suggestion(key, allowed) if allowed else ""
        listing = f" (allowed here: {', '.join(sorted(allowed))})" if allowed and not hint else ""
        return located.problem(loc, f"unknown key {key!r}{hint}{listing}", key=True)
    if kind == "missing":
        return located.problem(loc[:-1], f"missing required key {str(loc[-1])!r} in {_parent(loc)}")
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        value = err.get("input")
        options = [o.strip().strip("'") for o in str(expected).replace(" or ", ",").split(",")]
        hint = suggestion(str(value), options) if isinstance(value, str) else ""
        return located.problem(loc, f"{where}: {value!r} is not one of {expected}{hint}")
    return located.problem(loc, f"{where}: {_message(err)}")


def _message(err: Any) -> str:
    message = str(err["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message


def _parent(loc: tuple[Any, ...]) -> str:
    parent = ".".join(str(x) for x in loc[:-1])
    return parent or "the top level"


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> set[str]:
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return set()
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return {f.alias or name for name, f in current.model_fields.items()}
    return set()


def _step(tp: Any, part: Any) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel) and isinstance(part, str):
        for name, f in tp.model_fields.items():
            if part in (name, f.alias):
                return f.annotation
        return None
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (list, tuple) and isinstance(part, int) and args:
        return args[0]
    if origin is dict and args:
        return args[1]
    return None


def _unwrap(tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            inner = _unwrap(arg)
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
            if typing.get_origin(inner) in (list, dict):
                return inner
    return tp


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out
