"""Load untrusted YAML into plain data, remembering where every value came from.

We never let a YAML library compose or construct anything: a parser (libyaml, or
ruamel.yaml's pure-Python one; see engine.formats.yamlevents) only gives events, and we
build dicts, lists and scalars ourselves, resolving plain scalars by YAML 1.2 rules.
That is what makes tags harmless, keeps `yes`/`no` text, lets dates stay strings until
pydantic checks them (so 2021-02-30 is a located error, not a traceback), and bounds
the work an alias bomb can cause.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.formats.errors import InputError, Problem
from engine.formats.limits import COUNTED_KEYS, MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES
from engine.formats.yamlevents import ALIAS, DOCUMENT, END, MAPPING, SCALAR, SEQUENCE, Event, events

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "Located", "decode", "load_yaml", "read_text"]

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


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_text(path: Path, display: str | None = None) -> str:
    """Read a user file as text, refusing what is not a small regular file.

    The file is opened without blocking and checked on the open descriptor, so a FIFO, a
    device (/dev/zero, or a symlink to it) or a directory is refused before a byte is read,
    and at most MAX_FILE_BYTES + 1 bytes are ever read, whatever the file claims its size is.
    """
    name = display or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise _fail(name, _open_error(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
            raise _fail(name, f"is {kind}, not a regular file; casus reads YAML files only")
        if info.st_size > MAX_FILE_BYTES:
            raise _fail(name, f"file is {info.st_size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        chunks: list[bytes] = []
        left = MAX_FILE_BYTES + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _fail(name, _open_error(exc)) from None
    finally:
        os.close(fd)
    return decode(b"".join(chunks), name)


def _open_error(exc: OSError) -> str:
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; check the file's permissions"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (a link that leads back to itself); fix or remove the link"
    if exc.errno == errno.EISDIR:
        return "is a directory, not a YAML file"
    return f"cannot read the file: {exc.strerror or exc}"


# Byte-order marks, longest first (UTF-32 LE starts with the UTF-16 LE mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes, name: str) -> str:
    """The text of a file's bytes: UTF-8 (with or without a BOM), or UTF-16/32 marked by a BOM
    (what Windows editors write as "Unicode"); anything else is refused in words."""
    if len(raw) > MAX_FILE_BYTES:
        raise _fail(name, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}")
    encoding = next((enc for bom, enc in _BOMS if raw.startswith(bom)), "utf-8-sig")
    if encoding == "utf-8-sig" and b"\x00" in raw:
        if raw[1:200:2].count(0) > 0.8 * len(raw[1:200:2]) or raw[0:200:2].count(0) > 0.8 * len(raw[0:200:2]):
            raise _fail(name, "looks like UTF-16 text without a byte-order mark; save the file as UTF-8")
        raise _fail(name, "looks like a binary file (it contains NUL bytes), not YAML")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8-sig":
            raise _fail(
                name,
                f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}; save the file as UTF-8",
            ) from None
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError([Problem(name, line, col, "is not valid UTF-8 text; save the file as UTF-8")]) from None
    if encoding != "utf-8-sig":
        text = text.lstrip("\ufeff")
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        # Said for scenarios and rulebooks alike: `--rules /dev/null` is an empty rulebook.
        raise _fail(name, "file is empty (nothing but blank lines or comments)")
    return text


def load_yaml(text: str, name: str, *, pure: bool = False) -> Located:
    """Parse one YAML document into plain data with positions; raise InputError if unsafe.

    `pure` forces ruamel.yaml's pure-Python parser (the fallback where libyaml is missing);
    both give the same data and positions for every valid file.
    """
    stream = events(text, name, pure=pure)
    documents = [i for i, event in enumerate(stream) if event[0] == DOCUMENT]
    if len(documents) != 1:
        raise _fail(name, "expected exactly one YAML document in the file")
    located = Located(name, None)
    located.data, _ = _Builder(located, stream).build(documents[0] + 1, (), 0)
    _check_counts(located)
    return located


def _check_counts(located: Located) -> None:
    """Refuse a document whose events, actors or provisions pass their limit (engine.formats.limits):
    checked on the plain data, before any model sees it."""
    if not isinstance(located.data, dict):
        return
    for key, bound in COUNTED_KEYS.items():
        value = located.data.get(key)
        if isinstance(value, (list, dict)) and len(value) > bound:
            message = f"{len(value):,} {key}; casus allows {bound:,} (see the limits in the README)"
            raise InputError([located.problem((key,), message, key=True)])


STR_TAG = "tag:yaml.org,2002:str"
SEQ_TAG = "tag:yaml.org,2002:seq"
MAP_TAG = "tag:yaml.org,2002:map"

# YAML 1.2 resolution of plain scalars, as ruamel.yaml's VersionedResolver does it for 1.2
# (the tests check that the two agree): (tag, pattern, first characters).
# Only true/false are booleans; `yes`, `no`, `on`, `off` stay text.
_RESOLVERS: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...] = (
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), frozenset("tTfF")),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"""^(?:
             [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
            |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
            |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
            |[-+]?\.(?:inf|Inf|INF)
            |\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        frozenset("-+0123456789."),
    ),
    (
        "tag:yaml.org,2002:int",
        re.compile(
            r"""^(?:[-+]?0b[0-1_]+
            |[-+]?0o?[0-7_]+
            |[-+]?[0-9_]+
            |[-+]?0x[0-9a-fA-F_]+)$""",
            re.X,
        ),
        frozenset("-+0123456789"),
    ),
    ("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), frozenset("<")),
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), frozenset(("~", "n", "N", ""))),
    (
        "tag:yaml.org,2002:timestamp",
        re.compile(
            r"""^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
            |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
            (?:[Tt]|[ \t]+)[0-9][0-9]?
            :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
            (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$""",
            re.X,
        ),
        frozenset("0123456789"),
    ),
    ("tag:yaml.org,2002:value", re.compile(r"^(?:=)$"), frozenset("=")),
)


# The same rules indexed by first character: most values start with a letter and match none.
_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
for _tag, _pattern, _firsts in _RESOLVERS:
    for _first in _firsts:
        _BY_FIRST.setdefault(_first, []).append((_tag, _pattern))


def resolve_plain(value: str) -> str:
    """The tag YAML 1.2 gives a plain (unquoted, untagged) scalar."""
    for tag, pattern in _BY_FIRST.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return STR_TAG


class _Builder:
    """Plain data from the event list; an alias re-reads its anchor's events, so every value
    under it gets the positions of the anchored text, and counts towards MAX_NODES."""

    def __init__(self, located: Located, stream: list[Event]) -> None:
        self.located = located
        self.positions = located.positions
        self.events = stream
        self.count = 0
        self.anchors: dict[str, int] = {}  # anchor -> index of its node's event, as the text goes
        self.open: set[int] = set()  # anchored nodes still being read: an alias to one is a cycle
        self.targets: dict[int, int] = {}  # alias event -> the anchored event it meant when first read
        self.replaying = 0
        self.expanding: Event | None = None  # the outermost alias being read again, if any

    def build(self, i: int, path: Path_, depth: int) -> tuple[Any, int]:
        """The value whose events start at `i`, and the index just past them."""
        event = self.events[i]
        kind, line, column, anchor, tag, value, plain = event
        if kind == ALIAS:
            target = self._target(i)
            if not self.replaying:
                self.expanding = event
            self.replaying += 1  # anchors inside keep the meaning they had where they were written
            try:
                return self.build(target, path, depth)[0], i + 1
            finally:
                self.replaying -= 1
        self.count += 1
        if self.count > MAX_NODES:
            raise InputError([self._problem(event, f"more than {MAX_NODES:,} values; the file is too large")])
        if path not in self.positions:
            self.positions[path] = (line, column)
        if tag is None or tag == "!":
            if kind == SCALAR:
                tag = resolve_plain(value) if plain else STR_TAG
            else:
                tag = MAP_TAG if kind == MAPPING else SEQ_TAG
        elif tag not in _STANDARD_TAGS:
            raise InputError([self._problem(event, f"tag {tag!r} is not allowed; casus reads plain YAML only")])
        else:
            self._check_tag(event, tag)
        if anchor is not None and not self.replaying:
            self.anchors[anchor] = i
        if kind == SCALAR:
            return (value if tag == STR_TAG else _scalar(tag, value)), i + 1
        if depth >= MAX_DEPTH:  # reachable only through aliases: the parser refused deeper text
            where = self.expanding if self.replaying and self.expanding else event
            raise InputError([self._problem(where, f"nesting deeper than {MAX_DEPTH} levels (counting aliases)")])
        if anchor is not None and not self.replaying:
            self.open.add(i)
        built, end = (self._mapping if kind == MAPPING else self._sequence)(i + 1, path, depth + 1)
        self.open.discard(i)
        return built, end

    def _sequence(self, i: int, path: Path_, depth: int) -> tuple[list[Any], int]:
        out: list[Any] = []
        events = self.events
        while events[i][0] != END:
            item, i = self.build(i, (*path, len(out)), depth)
            out.append(item)
        return out, i + 1

    def _mapping(self, i: int, path: Path_, depth: int) -> tuple[dict[str, Any], int]:
        out: dict[str, Any] = {}
        events = self.events
        key_positions = self.located.key_positions
        while events[i][0] != END:
            key_event = events[i]
            if key_event[0] == ALIAS:
                key_event = events[self._target(i)]
            elif key_event[3] is not None and not self.replaying:
                self.anchors[key_event[3]] = i  # an anchored key: a later alias may use it as a key or value
            if key_event[0] != SCALAR:
                raise InputError([self._problem(key_event, "mapping keys must be plain strings")])
            key = key_event[5]
            if key == "<<":
                raise InputError([self._problem(key_event, "merge keys (<<) are not supported")])
            if key in out:
                raise InputError([self._problem(key_event, f"duplicate key {key!r}")])
            key_positions[(*path, key)] = (key_event[1], key_event[2])
            out[key], i = self.build(i + 1, (*path, key), depth)
        return out, i + 1

    def _check_tag(self, event: Event, tag: str) -> None:
        """An explicit standard tag must fit its node, as every YAML library would read it: a
        `!!bool` on a mapping, or `!!int` on `abc`, is refused instead of quietly dropped."""
        kind, value = event[0], event[5]
        short = "!!" + tag.rsplit(":", 1)[-1]
        if (kind == MAPPING and tag != MAP_TAG) or (kind == SEQUENCE and tag != SEQ_TAG):
            node = "mapping" if kind == MAPPING else "list"
            raise InputError([self._problem(event, f"tag {short} does not fit a {node}; remove the tag")])
        if kind == SCALAR and tag in (MAP_TAG, SEQ_TAG):
            raise InputError([self._problem(event, f"tag {short} does not fit a single value; remove the tag")])
        if kind != SCALAR or tag in (STR_TAG, "tag:yaml.org,2002:timestamp"):
            return
        resolved = resolve_plain(value)
        if resolved != tag and not (tag.endswith(":float") and resolved.endswith(":int")):
            message = f"{value!r} is not a {short} value; remove the tag or fix the value"
            raise InputError([self._problem(event, message)])

    def _target(self, i: int) -> int:
        """The anchored event alias `i` refers to (the latest anchor of that name before it)."""
        if self.replaying:
            return self.targets[i]
        event = self.events[i]
        name = event[3]
        target = self.anchors.get(str(name))
        if target is None:
            raise InputError([self._problem(event, f"invalid YAML: found undefined alias *{name}")])
        if target in self.open:
            message = f"alias *{name} is inside the value it names; a value cannot contain itself"
            raise InputError([self._problem(event, message)])
        self.targets[i] = target
        return target

    def _problem(self, event: Event, message: str) -> Problem:
        return Problem(self.located.file, event[1], event[2], message)


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
    return value  # str and timestamp stay text; the models parse dates


def _fail(name: str, message: str) -> InputError:
    return InputError([Problem(name, None, None, message)])
