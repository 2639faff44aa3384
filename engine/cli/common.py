"""What several commands share: options, the catalogue, the evaluator, error reporting."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from engine.cli import console
from engine.cli.app import EXIT_BAD_INPUT
from engine.formats.errors import CasusError, InputError, Problem


class Format(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class EngineChoice(StrEnum):
    durable = "durable"
    python = "python"


ReadingOption = Annotated[
    list[str] | None,
    typer.Option("--reading", "-r", help="Pin an open reading, e.g. CSTO.non_state_aggression=yes (repeatable)."),
]
TreatyOption = Annotated[
    list[str] | None,
    typer.Option("--treaty", "-t", help="Judge under this treaty even if no party is involved (repeatable)."),
]
RulesOption = Annotated[
    list[Path] | None,
    typer.Option("--rules", help="An extra rulebook YAML file to load beside the shipped ones (repeatable)."),
]


class Unstated(StrEnum):
    unknown = "unknown"
    no = "no"


AssumeUnstatedOption = Annotated[
    Unstated,
    typer.Option(
        "--assume-unstated",
        help="A fact the file leaves out (attribution, a group's base or sponsor, latitude ...): unknown "
        "(judged under each value that matters; contested where they differ) or no (format v1: absent means no).",
    ),
]


def assume_unstated(scenario: Any, choice: Unstated) -> Any:
    """The loaded scenario, read as --assume-unstated asks (engine.law.facts.event_facts)."""
    scenario._unstated_as_no = choice is Unstated.no
    return scenario


EngineOption = Annotated[
    EngineChoice,
    typer.Option(
        "--engine",
        envvar="CASUS_ENGINE",
        help="durable: the durable_rules engine; python: the pure-Python evaluator (also CASUS_ENGINE=python).",
    ),
]

# The consoles live in engine.cli.console (with the width policy and `--width`); every
# command reaches them as common.out / common.err.
out = console.out
err = console.err


@dataclass
class Outcome:
    """Collects a batch's problems so that one bad file never stops the others."""

    bad_input: bool = False
    failed: bool = False
    problems: list[Problem] = field(default_factory=list)

    def report(self, exc: InputError) -> None:
        from engine.formats.errors import shown

        self.bad_input = True
        for line in shown(exc.problems):
            err.print(line, style="red", markup=False)

    def code(self, default: int = 0) -> int:
        if self.bad_input:
            return EXIT_BAD_INPUT
        return 1 if self.failed else default


def parse_readings(values: list[str] | None) -> dict[str, bool]:
    out_: dict[str, bool] = {}
    for raw in values or []:
        name, sep, value = raw.partition("=")
        value = value.strip().lower()
        if not sep or value not in ("yes", "no", "true", "false") or "." not in name:
            fail(f"--reading {raw!r}: write TREATY.reading=yes or TREATY.reading=no")
        out_[name.strip()] = value in ("yes", "true")
    return out_


def check_readings(catalogue: object, pinned: dict[str, bool]) -> None:
    from engine.formats.modelcheck import suggestion

    vocab = catalogue.vocabulary()  # type: ignore[attr-defined]
    for name in pinned:
        treaty, _, reading = name.partition(".")
        if treaty not in vocab:
            fail(f"--reading {name}: unknown treaty {treaty!r}{suggestion(treaty, vocab)}")
        if reading not in vocab[treaty]:
            fail(f"--reading {name}: {treaty} has no reading {reading!r}{suggestion(reading, vocab[treaty])}")


def catalogue_with(rules: list[Path] | None):  # type: ignore[no-untyped-def]
    from engine.law.catalogue import shipped

    try:
        base = shipped()
        if not rules:
            return base
        catalogue = base.with_rulebooks(rules)
        _check_engine_limits(base, catalogue)
        for tid, book in catalogue.items():
            if base.get(tid) not in (None, book):  # never in silence: the verdicts change with it
                message = f"warning: the {tid} rulebook from --rules replaces the shipped {tid} rulebook"
                err.print(message, style="yellow", markup=False)
        return catalogue
    except InputError as exc:
        Outcome().report(exc)
        raise typer.Exit(EXIT_BAD_INPUT) from None


def _check_engine_limits(base: Any, catalogue: Any) -> None:
    """A user rulebook past a durable_rules limit is refused here, whichever engine was asked
    for: both must be able to run every rulebook, and the C core would hang or crash on it."""
    from engine.evaluators.durable import compile_ruleset
    from engine.formats.errors import RulebookLimitError

    for tid, book in catalogue.items():
        if base.get(tid) is book:
            continue  # shipped rulebooks are checked by the test suite
        try:
            compile_ruleset(book)
        except RulebookLimitError as exc:
            fail(f"rulebook {exc}")


def engine_problems(path: Path, book: Any) -> list[Problem]:
    """Why durable_rules cannot run a user rulebook (engine.evaluators.durable_limits), as
    located problems; [] if it can. validate, check and run all refuse such a rulebook."""
    from engine.evaluators.durable import compile_ruleset
    from engine.formats.errors import RulebookLimitError

    try:
        compile_ruleset(book)
    except RulebookLimitError as exc:
        return [
            Problem(str(path), None, None, f"durable_rules cannot run this rulebook: {line}")
            for line in str(exc).splitlines()
        ]
    return []


def refuse_what_the_engine_cannot_run(path: Path) -> None:
    """InputError if the rulebook at `path` is past a durable_rules limit. A rulebook that does
    not compile at all is left to the caller, whose checks say why (a cycle, a dangling name)."""
    from engine.law.catalogue import load_rulebook

    try:
        book = load_rulebook(path)
    except InputError:
        return
    problems = engine_problems(path, book)
    if problems:
        raise InputError(problems)


def nearest_treaty(word: str, catalogue: Iterable[str]) -> str | None:
    """The known treaty id closest to `word`. Ids are upper case: matching the upper-cased
    word also catches `nato`."""
    from engine.formats.modelcheck import nearest

    return nearest(word.upper(), catalogue)


def check_treaties(catalogue: Mapping[str, Any], treaties: list[str] | None) -> list[str]:
    """The --treaty ids, each known to the catalogue; an unknown one is bad input (exit 2)."""
    for t in treaties or []:
        if t not in catalogue:
            close = nearest_treaty(t, catalogue)
            hint = f"; did you mean {close!r}?" if close else ""
            fail(f"--treaty {t}: unknown treaty{hint}; known: {', '.join(catalogue)}")
    return list(treaties or [])


def evaluator(choice: EngineChoice):  # type: ignore[no-untyped-def]
    if choice is EngineChoice.python:
        from engine.evaluators.python import PythonEvaluator

        return PythonEvaluator()
    from engine.evaluators.durable import DurableEvaluator

    try:
        return DurableEvaluator()
    except CasusError as exc:
        fail(str(exc))


def echo_json(document: Any, *, indent: int | None = 2) -> None:
    """Write a JSON document to stdout; characters a terminal would obey (C1 controls,
    bidirectional overrides) are \\u escapes, which read back as the same data."""
    import json

    from engine.formats.printable import json_printable

    typer.echo(json_printable(json.dumps(document, indent=indent, ensure_ascii=False)))


def require_engine(why: str = "") -> None:
    """Stop with one line if durable_rules cannot be loaded: said up front, before worker
    processes start or a long run begins, never discovered as crashes half-way."""
    from engine.evaluators.durable import load_engine

    try:
        load_engine()
    except CasusError as exc:
        fail(f"{exc}{why}")


def fail(message: str) -> None:
    err.print(f"error: {message}", style="red", markup=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """The files to read: each file as given (a broken or looping link too, so that reading it
    says what is wrong), each directory's YAML files; a missing path or a directory without
    YAML files is reported here, and the rest still run."""
    import os

    from engine.law.catalogue import scenario_files

    for p in paths:
        if not os.path.lexists(p):
            err.print(f"{p}: no such file or directory", style="red", markup=False)
        elif p.is_dir():
            found = scenario_files([p])
            if not found:
                err.print(f"{p}: no .yaml or .yml files in this directory", style="red", markup=False)
            yield from found
        else:
            yield p
