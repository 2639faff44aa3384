"""Placeholders: the `<WHAT>` values `casus new` writes and the loader refuses until filled in.

One form for every field (angle brackets around upper-case words) so that a skeleton can
never pass for a finished scenario: `<VICTIM>` is not an actor id, `<YYYY-MM-DD>` is not a
date, and each one left is reported at its own line, as a placeholder rather than as
whatever type error it would otherwise cause.
"""

from __future__ import annotations

import re
from typing import Any

from engine.formats.errors import Problem
from engine.formats.yamlsafe import Located

KeyPath = tuple[str | int, ...]

_FORM = re.compile(r"<[A-Z][A-Z0-9_-]*>")


def placeholder(name: str) -> str:
    """The placeholder text for `name`, e.g. placeholder("TITLE") == "<TITLE>"."""
    text = f"<{name}>"
    if not _FORM.fullmatch(text):
        raise ValueError(f"{name!r} is not upper-case words joined by _ or -")
    return text


def is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and _FORM.fullmatch(value) is not None


def placeholder_paths(data: Any) -> list[tuple[KeyPath, bool, str]]:
    """(path, is_key, text) of every placeholder in plain data, keys (actor ids) included."""
    found: list[tuple[KeyPath, bool, str]] = []
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if is_placeholder(key):
                    found.append(((*path, key), True, key))
                stack.append(((*path, key), item))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in enumerate(value))
        elif is_placeholder(value):
            found.append((path, False, value))
    return found


def placeholder_problems(located: Located) -> tuple[list[Problem], list[KeyPath]]:
    """A located problem for every placeholder left in, and the paths they cover."""
    problems: list[Problem] = []
    paths: list[KeyPath] = []
    for path, is_key, text in placeholder_paths(located.data):
        where = ".".join(str(x) for x in (path[:-1] if is_key else path)) or "(top level)"
        message = f"{where}: placeholder {text} not filled in; replace it with the real value"
        problems.append(located.problem(path, message, key=is_key))
        paths.append(path)
    return problems, paths
