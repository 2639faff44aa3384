"""Load untrusted YAML into plain data, remembering where every value came from.

We never let a YAML library construct objects: ruamel.yaml only parses and composes
nodes, and we build dicts, lists and scalars ourselves. That is what makes tags
harmless, lets dates stay strings until pydantic checks them (so 2021-02-30 is a
located error, not a traceback), and bounds the work an alias bomb can cause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from engine.formats.errors import InputError, Problem

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_ALIASES = 64
MAX_NODES = 100_000

Path_ = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass
class Located:
    """Plain data plus a map from each value's path to its (line, column), 1-based."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int | None, int | None]:
        """The position of `path`, or of its nearest located ancestor."""
        table = self.key_positions if key else self.positions
        p = tuple(path)
        if key and p in table:
            return table[p]
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (None, None))

    def problem(self, path: Path_, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.file, line, col, message)


def read_text(path: Path, display: str | None = None) -> str:
    """Read a user file as UTF-8 text, refusing what is not a small text file."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _fail(name, f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise _fail(name, "is a directory, not a YAML file") from None
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except PermissionError:
        raise _fail(name, "permission denied") from None
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(name, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    if b"\x00" in raw:
        raise _fail(name, "looks like a binary file (it contains NUL bytes), not YAML")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Problem(name, line, col, "is not valid UTF-8 text; save the file as UTF-8")]) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise _fail(name, "file is empty; a scenario needs at least id, title, date, actors, events")
    return text


def load_yaml(text: str, name: str) -> Located:
    """Parse one YAML document into plain data with positions; raise InputError if unsafe."""
    yaml = YAML(typ="rt", pure=True)
    _prescan(yaml, text, name)
    try:
        nodes = list(yaml.compose_all(text))
    except MarkedYAMLError as exc:
        raise InputError([_marked(name, exc)]) from None
    except (YAMLError, RecursionError) as exc:
        raise _fail(name, f"cannot parse YAML: {exc}") from None
    if len(nodes) != 1 or nodes[0] is None:
        raise _fail(name, "expected exactly one YAML document in the file")
    located = Located(name, None)
    builder = _Builder(located)
    located.data = builder.build(nodes[0], ())
    return located


def _prescan(yaml: YAML, text: str, name: str) -> None:
    """Walk parse events (no recursion) to refuse deep nesting and alias bombs early."""
    depth = aliases = 0
    try:
        for event in yaml.parse(text):
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError([_at(name, event, f"nesting deeper than {MAX_DEPTH} levels")])
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise InputError(
                        [_at(name, event, f"more than {MAX_ALIASES} YAML aliases (*name); write the values out")]
                    )
    except MarkedYAMLError as exc:
        raise InputError([_marked(name, exc)]) from None
    except YAMLError as exc:
        raise _fail(name, f"cannot parse YAML: {exc}") from None


class _Builder:
    def __init__(self, located: Located) -> None:
        self.located = located
        self.count = 0

    def build(self, node: Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError([self._problem(node, f"more than {MAX_NODES:,} values; the file is too large")])
        self.located.positions.setdefault(path, _pos(node))
        tag = str(node.tag)
        if tag not in _STANDARD_TAGS:
            raise InputError([self._problem(node, f"tag {tag!r} is not allowed; casus reads plain YAML only")])
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise InputError([self._problem(key_node, "mapping keys must be plain strings")])
                key = str(key_node.value)
                if key == "<<":
                    raise InputError([self._problem(key_node, "merge keys (<<) are not supported")])
                if key in out:
                    raise InputError([self._problem(key_node, f"duplicate key {key!r}")])
                self.located.key_positions[(*path, key)] = _pos(key_node)
                out[key] = self.build(value_node, (*path, key))
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        return _scalar(tag, str(node.value))

    def _problem(self, node: Node, message: str) -> Problem:
        line, col = _pos(node)
        return Problem(self.located.file, line, col, message)


_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)$")


def _scalar(tag: str, value: str) -> Any:
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return value.lower() == "true"
    if tag.endswith(":int"):
        try:
            return int(value.replace("_", ""), 0) if not _INT.match(value) else int(value.replace("_", ""))
        except ValueError:
            return value
    if tag.endswith(":float"):
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    # ruamel marks folded line breaks of `>` scalars with \a; the text itself has none.
    return value.replace("\a", "")  # str and timestamp stay text; the models parse dates


def _pos(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1)


def _at(name: str, event: Any, message: str) -> Problem:
    mark = event.start_mark
    return Problem(name, mark.line + 1, mark.column + 1, message)


def _marked(name: str, exc: MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    text = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
    if mark is None:
        return Problem(name, None, None, f"invalid YAML: {text}")
    return Problem(name, mark.line + 1, mark.column + 1, f"invalid YAML: {text}")


def _fail(name: str, message: str) -> InputError:
    return InputError([Problem(name, None, None, message)])
