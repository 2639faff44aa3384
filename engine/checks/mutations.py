"""Valid input broken one value at a time, for the mutation properties (P15, P16).

JUNK is what a value is replaced with; `_leaves` lists where, and `_mutate` breaks one
place: deletes the key, adds a misspelt key beside it, or replaces the value (`_HOW`
picks which). RulebookText is a rulebook as data and YAML text that re-dumps only the
part a mutation touches; BrokenRulebook is the result, with what was broken.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from engine.checks import strategies

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["2021-02-30", "yes", "unknown", "ZZZ", "", "-1", "state", "1900-01-01"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [path] + [p for k, x in data.items() for p in _leaves(x, (*path, k))]
    if isinstance(data, list):
        return [path] + [p for i, x in enumerate(data) for p in _leaves(x, (*path, i))]
    return [path]


def _mutate(data: Any, path: tuple[Any, ...], junk: Any, how: int) -> Any:
    if not path:
        return junk
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    if how == 0 and isinstance(parent, dict):
        del parent[path[-1]]
    elif how == 1 and isinstance(parent, dict):
        parent[f"{path[-1]}x"] = junk  # an unknown (misspelt) key beside the real one
    else:
        parent[path[-1]] = junk
    return data


@dataclass(frozen=True)
class BrokenRulebook:
    """A rulebook's YAML text with one value broken, and what was broken (the counterexample)."""

    text: str
    what: str


class RulebookText:
    """A rulebook as plain data, its YAML text in sections, and that text with one value broken.

    Dumping YAML (ruamel.yaml's pure-Python emitter) was nine tenths of P16: the whole
    rulebook for every example, though one value changed. The text is the concatenation
    of the top-level sections, a list section's items one by one, each dumped once here;
    a broken text re-dumps only the section or item it touches, and is the same, byte for
    byte, as dumping the whole (tests/test_properties.py checks that).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.paths = st.sampled_from(_leaves(data))
        self._sections = {key: self._section(key, value) for key, value in data.items()}

    @staticmethod
    def _section(key: Any, value: Any) -> list[str]:
        if isinstance(value, list) and value and isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
            return [f"{key}:\n", *(strategies.to_yaml([item]) for item in value)]
        return [strategies.to_yaml({key: value})]

    def broken(self, path: tuple[Any, ...], junk: Any, how: int) -> BrokenRulebook:
        what = _describe(self.data, path, junk, how)
        if not path:
            return BrokenRulebook(_text_of(junk), what)
        data = _mutate(_copy_along(self.data, path), path, junk, how)
        parts: list[str] = []
        for key, value in data.items():
            if key != path[0] and key in self._sections:
                parts += self._sections[key]
            elif key == path[0] and len(path) > 1 and len(self._sections[key]) > 1:
                section = self._sections[key][:]
                section[1 + path[1]] = strategies.to_yaml([value[path[1]]])  # only this item changed
                parts += section
            else:
                parts += self._section(key, value)
        return BrokenRulebook("".join(parts), what)


_PLAIN_KEY = re.compile(r"[a-z_]+")


def _copy_along(data: Any, path: tuple[Any, ...]) -> Any:
    """`data` with the containers down to the parent of `path` copied, so `_mutate` leaves it intact."""
    root = copy.copy(data)
    node = root
    for key in path[:-1]:
        node[key] = copy.copy(node[key])
        node = node[key]
    return root


def _text_of(data: Any) -> str:
    return strategies.to_yaml(data) if isinstance(data, dict) else json.dumps(data, default=str)


def _describe(data: Any, path: tuple[Any, ...], junk: Any, how: int) -> str:
    if not path:
        return f"the whole file replaced by {junk!r}"
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    where = ".".join(map(str, path))
    if how == 0 and isinstance(parent, dict):
        return f"{where} deleted"
    if how == 1 and isinstance(parent, dict):
        return f"{where}x: {junk!r} added beside {where}"
    return f"{where} replaced by {junk!r}"


_HOW = st.integers(0, 3)
