"""Static checks of a rulebook: a catalogue of rules with ids, like a linter's.

Each check family is one module; each check is a function registered with `@check`,
whose docstring gives a passing and a failing example. `run(path)` reads a raw file:
the name and cycle checks (C005-C008) work on it even when the compiler would refuse
it, and the fact-space checks (C001-C004) run once it compiles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.formats.errors import InputError
from engine.formats.modelcheck import validate
from engine.formats.rulebook import Rulebook
from engine.formats.yamlsafe import Located, load_yaml, read_text
from engine.law import conditions as c
from engine.law.compiler import CompiledRulebook, compile_rulebook


@dataclass(frozen=True)
class Finding:
    check: str  # C001 ...
    provision: str | None
    message: str
    line: int | None = None
    facts: dict[str, Any] | None = None  # a witness from the fact space, where there is one

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"check": self.check, "provision": self.provision, "message": self.message}
        if self.line is not None:
            out["line"] = self.line
        if self.facts is not None:
            out["facts"] = {k: _show(v) for k, v in self.facts.items()}
        return out


def _show(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


@dataclass
class Subject:
    """What a check looks at: the validated model, its located source, and (if it compiles) the compiled form."""

    path: str
    rulebook: Rulebook
    located: Located
    compiled: CompiledRulebook | None = None
    space: Any = None  # engine.checks.space.Space, built on first use

    def line_of(self, *path: str | int) -> int | None:
        return self.located.where(tuple(path))[0]

    def provision_line(self, pid: str) -> int | None:
        for i, p in enumerate(self.rulebook.provisions):
            if p.id == pid:
                return self.line_of("provisions", i, "id")
        return None


CheckFn = Callable[[Subject], list[Finding]]


@dataclass(frozen=True)
class Check:
    id: str
    name: str
    summary: str
    needs_compiled: bool
    fn: CheckFn = field(compare=False)

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()


REGISTRY: dict[str, Check] = {}


def check(id_: str, name: str, summary: str, *, compiled: bool = True) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        REGISTRY[id_] = Check(id_, name, summary, compiled, fn)
        return fn

    return register


@dataclass
class Report:
    path: str
    treaty: str
    results: dict[str, list[Finding]]  # check id -> findings (empty: passed)
    skipped: dict[str, str]  # check id -> why it did not run
    compiled: CompiledRulebook | None

    @property
    def failed(self) -> bool:
        return any(self.results.values())


def load_subject(path: Path) -> Subject:
    """Read and validate the file's structure; raises InputError if it is not a rulebook at all."""
    located = load_yaml(read_text(path), str(path))
    rulebook = validate(Rulebook, located)
    problems = []
    for i, p in enumerate(rulebook.provisions):
        try:
            c.parse(p.when)
        except c.ConditionSyntaxError as exc:
            problems.append(located.problem(("provisions", i, "when", *exc.path), f"{p.id}: {exc}"))
    if problems:
        raise InputError(problems)
    return Subject(str(path), rulebook, located)


def run(subject: Subject, only: list[str] | None = None) -> Report:
    """Run every check on a subject; InputError only if the file is broken beyond the checks."""
    chosen = [REGISTRY[k] for k in sorted(REGISTRY) if only is None or k in only]
    results: dict[str, list[Finding]] = {}
    skipped: dict[str, str] = {}
    for chk in chosen:
        if not chk.needs_compiled:
            results[chk.id] = chk.fn(subject)
    if any(results.values()):
        for chk in chosen:
            if chk.needs_compiled:
                skipped[chk.id] = "the rulebook does not compile until the C005-C008 findings are fixed"
        return Report(subject.path, subject.rulebook.id, results, skipped, None)
    # The name and cycle checks passed, so the compiler's remaining refusals are the
    # file's own errors (duplicate ids, values outside the vocabulary ...): bad input.
    subject.compiled = compile_rulebook(subject.rulebook, subject.located, strict=False)
    for chk in chosen:
        if chk.needs_compiled:
            results[chk.id] = chk.fn(subject)
    return Report(subject.path, subject.rulebook.id, results, skipped, subject.compiled)


def check_file(path: Path) -> Report:
    return run(load_subject(path))


# Registration: the check modules import Finding and `check` from here, so they come last.
from engine.checks import bound, conflicts, cycles, names, reach  # noqa: E402, F401

__all__ = [
    "REGISTRY",
    "Check",
    "Finding",
    "InputError",
    "Report",
    "Subject",
    "check",
    "check_file",
    "load_subject",
    "run",
]
