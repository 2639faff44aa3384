"""YAML text -> one flat list of parse events, checked against the limits as they stream in.

Two parsers give the same events: libyaml through PyYAML's C extension (the six shipped
rulebooks load in ~14 ms, against ~190 ms with the fallback and ~1 s with the round-trip
composer casus used before), and ruamel.yaml's pure-Python parser where PyYAML was built
without libyaml. Only *events* are taken from either:
nothing is composed or constructed, so no tag ever makes an object, and nesting depth and
alias counts are refused here, before any recursion or expansion could cost anything.
Tags are resolved later, by engine.formats.yamlsafe, with YAML 1.2 rules of our own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.formats.errors import InputError, Problem
from engine.formats.limits import MAX_ALIASES, MAX_DEPTH

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "Event", "events", "has_libyaml", "parser_name"]

# Kinds of the normalised events; END closes the innermost open SEQUENCE or MAPPING.
SCALAR, ALIAS, SEQUENCE, MAPPING, END, DOCUMENT = range(6)


# One event: (kind, line, column, anchor, tag, value, plain), line and column 1-based.
# anchor: the anchor a node defines, or for ALIAS the one it refers to; tag: the explicit
# tag, or None / "!" when the YAML leaves it implicit; value: a scalar's text; plain: an
# unquoted scalar, the only kind that resolves to null/bool/int/float. A plain tuple, not a
# NamedTuple: a rulebook has thousands of events, and building them is the hot loop.
Event = tuple[int, int, int, str | None, str | None, str, bool]

# Event class names are the same in PyYAML and ruamel.yaml; the stream/document markers
# other than DocumentStart carry nothing we need.
_KINDS = {
    "ScalarEvent": SCALAR,
    "AliasEvent": ALIAS,
    "SequenceStartEvent": SEQUENCE,
    "MappingStartEvent": MAPPING,
    "SequenceEndEvent": END,
    "MappingEndEvent": END,
    "DocumentStartEvent": DOCUMENT,
}


def has_libyaml() -> bool:
    try:
        from yaml import _yaml  # noqa: F401
    except ImportError:
        return False
    return True


def parser_name(pure: bool = False) -> str:
    """Which parser `events` uses: "libyaml", or "ruamel" (pure Python)."""
    return "ruamel" if pure or not has_libyaml() else "libyaml"


def events(text: str, name: str, *, pure: bool = False) -> list[Event]:
    """Every event of `text`, or InputError located at the first problem.

    Refuses nesting deeper than MAX_DEPTH and more than MAX_ALIASES aliases while parsing,
    so a hostile file costs at most one linear scan.
    """
    if parser_name(pure) == "libyaml":
        from yaml._yaml import CParser

        parser = CParser(text)
        try:
            return _checked(parser.get_event, text, name, _libyaml_errors())
        finally:
            parser.dispose()
    from ruamel.yaml import YAML

    # typ="safe" rather than "rt": the round-trip scanner gathers comments (half its time)
    # and marks folded line breaks with \a inside values.
    stream = iter(YAML(typ="safe", pure=True).parse(text))
    return _checked(lambda: next(stream, None), text, name, _ruamel_errors())


def _libyaml_errors() -> tuple[type[Exception], type[Exception], type[Exception]]:
    from yaml.error import MarkedYAMLError, YAMLError
    from yaml.reader import ReaderError

    return MarkedYAMLError, ReaderError, YAMLError


def _ruamel_errors() -> tuple[type[Exception], type[Exception], type[Exception]]:
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    return MarkedYAMLError, ReaderError, YAMLError


def _checked(next_event: Callable[[], Any], text: str, name: str, errors: tuple[type[Exception], ...]) -> list[Event]:
    """Pull events until the stream ends (None, or StreamEndEvent), refusing past the limits."""
    marked, reader, other = errors
    out: list[Event] = []
    add = out.append
    depth = aliases = 0
    kinds: dict[type, int | None] = {}  # event class -> kind, learnt as they come
    try:
        while (raw := next_event()) is not None:
            cls = type(raw)
            if cls not in kinds:
                if cls.__name__ == "StreamEndEvent":
                    break
                kinds[cls] = _KINDS.get(cls.__name__)
            kind = kinds[cls]
            if kind is None:
                continue
            mark = raw.start_mark
            line, column = mark.line + 1, mark.column + 1
            if kind == SCALAR:
                tag = raw.tag
                add((SCALAR, line, column, raw.anchor, None if tag is None else str(tag), raw.value, raw.implicit[0]))
            elif kind == END:
                depth -= 1
                add((END, line, column, None, None, "", False))
            elif kind == ALIAS:
                aliases += 1
                if aliases > MAX_ALIASES:
                    message = f"more than {MAX_ALIASES} YAML aliases (*name); write the values out"
                    raise InputError([Problem(name, line, column, message)])
                add((ALIAS, line, column, raw.anchor, None, "", False))
            elif kind == DOCUMENT:
                add((DOCUMENT, line, column, None, None, "", False))
            else:
                depth += 1
                if depth > MAX_DEPTH:
                    raise InputError([Problem(name, line, column, f"nesting deeper than {MAX_DEPTH} levels")])
                tag = raw.tag
                add((kind, line, column, raw.anchor, None if tag is None else str(tag), "", False))
    except marked as exc:
        raise InputError([_marked(name, exc)]) from None
    except reader as exc:
        raise InputError([_unreadable(name, text, exc)]) from None
    except (other, RecursionError) as exc:
        raise InputError([Problem(name, None, None, f"cannot parse YAML: {exc}")]) from None
    return out


def _marked(name: str, exc: Any) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    text = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
    if "maximum nesting depth" in text and mark is not None:
        # libyaml's scanner reads flow brackets ahead of the events and stops at its own
        # limit (1,000 levels) first; the file is refused for the same reason as ours.
        return Problem(name, mark.line + 1, mark.column + 1, f"nesting deeper than {MAX_DEPTH} levels")
    if mark is None:
        return Problem(name, None, None, f"invalid YAML: {text}")
    return Problem(name, mark.line + 1, mark.column + 1, f"invalid YAML: {text}")


def _unreadable(name: str, text: str, exc: Any) -> Problem:
    """A character YAML does not allow (a control character): located by its index in the text."""
    char = exc.character
    code = ord(char) if isinstance(char, str) else int(char)
    index = text.find(chr(code)) if 0 <= code <= 0x10FFFF else -1
    if index < 0:
        index = max(0, min(int(exc.position), len(text)))
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(name, line, column, f"character U+{code:04X} is not allowed in YAML; remove it")
