"""Check a rulebook and compile its provisions into the form both evaluators run.

Everything a rulebook author can get wrong is caught here, with the file, line and
provision: unknown facts (with the nearest name), values outside a fact's vocabulary,
undefined readings, dangling exceptions, cycles, and provisions that can never fire.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from engine.formats import vocabulary as v
from engine.formats.errors import InputError, Problem
from engine.formats.modelcheck import suggestion
from engine.formats.rulebook import Provision, Rulebook
from engine.formats.yamlsafe import Located
from engine.law import conditions as c
from engine.law.areas import area_ids
from engine.law.facts import BASE_FACTS, READING_PREFIX, FactSpec, to_date
from engine.law.satisfiable import satisfiable


@dataclass(frozen=True)
class CompiledProvision:
    id: str
    index: int  # position in the file; used only to report, never to decide
    when: c.Cond  # NNF, as written (for explanations)
    validity: c.Cond  # NNF tests on `date`
    condition: c.Cond  # validity and when, NNF: what the engines evaluate
    concludes: str  # derived fact name, or "outcome.<name>"
    defeated_by: tuple[str, ...]
    needs_request: str | None
    level: int
    source: Provision

    @property
    def outcome(self) -> str | None:
        return self.source.concludes.outcome


@dataclass(frozen=True)
class CompiledRulebook:
    rulebook: Rulebook
    provisions: tuple[CompiledProvision, ...]  # dependency order: level, then file order
    derived: frozenset[str]
    readings_used: frozenset[str]

    @property
    def id(self) -> str:
        return self.rulebook.id

    @cached_property
    def _by_id(self) -> dict[str, CompiledProvision]:
        # Verdicts look provisions up per case and per outcome: a scan made sweeps O(n^2).
        return {p.id: p for p in self.provisions}

    def provision(self, pid: str) -> CompiledProvision:
        return self._by_id[pid]

    def for_outcome(self, outcome: str) -> list[CompiledProvision]:
        return [p for p in self.provisions if p.concludes == f"outcome.{outcome}"]

    @cached_property
    def tests_by_fact(self) -> dict[str, tuple[c.Test, ...]]:
        """Every test of the rulebook on each base fact: what tells an unstated fact's values apart."""
        found: dict[str, list[c.Test]] = {}
        for test in iter_tests(self):
            found.setdefault(test.fact, []).append(test)
        return {fact: tuple(dict.fromkeys(tests)) for fact, tests in found.items()}

    def readings_on(self, date: dt.date) -> list[str]:
        """Readings that provisions valid on `date` depend on, in a fixed order."""
        used: set[str] = set()
        for p in self.provisions:
            if p.source.valid_on(date):
                used |= _readings_in(p.when)
        return sorted(used)


def compile_rulebook(rulebook: Rulebook, located: Located, *, strict: bool = True) -> CompiledRulebook:
    """Compile, refusing every error; `strict=False` keeps provisions that can never fire
    (engine.checks reports them as findings instead of refusing the whole file)."""
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    for i, p in enumerate(rulebook.provisions):
        if p.id in ids:
            problems.append(located.problem(("provisions", i, "id"), f"duplicate provision id {p.id!r}"))
        ids[p.id] = i
    derived = {p.concludes.fact for p in rulebook.provisions if p.concludes.fact}
    for name in derived:
        if name in BASE_FACTS:
            where = next(i for i, p in enumerate(rulebook.provisions) if p.concludes.fact == name)
            problems.append(
                located.problem(
                    ("provisions", where, "concludes", "fact"),
                    f"{name!r} is a base fact; a provision cannot conclude it",
                )
            )
    for state in rulebook.membership:
        if not v.is_state_code(state):
            problems.append(located.problem(("membership", state), v.state_code_problem(state), key=True))
    for state, intervals in rulebook.membership.items():
        ordered = sorted(intervals, key=lambda x: x.from_)
        for a, b in itertools.pairwise(ordered):
            if a.to is None or a.to >= b.from_:
                problems.append(
                    located.problem(
                        ("membership", state), f"{state}: membership intervals overlap at {b.from_}", key=True
                    )
                )

    parsed: dict[str, tuple[c.Cond, c.Cond]] = {}
    for i, p in enumerate(rulebook.provisions):
        path = ("provisions", i)
        if p.concludes.outcome and p.concludes.outcome not in rulebook.outcomes:
            problems.append(
                located.problem(
                    (*path, "concludes", "outcome"),
                    f"{p.id}: outcome {p.concludes.outcome!r} is not listed under `outcomes`",
                )
            )
        for j, target in enumerate(p.defeats):
            if target not in ids:
                hint = suggestion(target, ids)
                problems.append(
                    located.problem((*path, "defeats", j), f"{p.id} defeats {target!r}, which is not a provision{hint}")
                )
            elif target == p.id:
                problems.append(located.problem((*path, "defeats", j), f"{p.id} cannot defeat itself"))
        if p.valid_from and p.valid_to and p.valid_to < p.valid_from:
            problems.append(
                located.problem((*path, "valid_to"), f"{p.id}: valid_to is before valid_from; it can never apply")
            )
        try:
            raw = c.parse(p.when)
        except c.ConditionSyntaxError as exc:
            problems.append(located.problem((*path, "when", *exc.path), f"{p.id}: {exc}"))
            continue
        atoms = derived | {f"outcome.{o}" for o in rulebook.outcomes}
        checker = _TestChecker(rulebook, atoms, located, (*path, "when"), p)
        when = c.nnf(c.map_tests(raw, checker.resolve))
        problems.extend(checker.problems)
        parsed[p.id] = (when, _validity(p))
    if problems:
        raise InputError(problems)

    defeated_by: dict[str, list[str]] = {p.id: [] for p in rulebook.provisions}
    for p in rulebook.provisions:
        for target in p.defeats:
            defeated_by[target].append(p.id)
    concluders: dict[str, list[str]] = {}
    for p in rulebook.provisions:
        concluders.setdefault(p.concludes.atom, []).append(p.id)
    deps = {
        p.id: sorted(
            {q for atom in _atoms_in(parsed[p.id][0]) for q in concluders.get(atom, [])} | set(defeated_by[p.id])
        )
        for p in rulebook.provisions
    }
    cycle = _find_cycle(deps)
    if cycle:
        first = ids[cycle[0]]
        raise InputError(
            [
                located.problem(
                    ("provisions", first, "id"), "provisions depend on each other in a cycle: " + " -> ".join(cycle)
                )
            ]
        )
    levels: dict[str, int] = {}

    def level(pid: str) -> int:
        if pid not in levels:
            levels[pid] = 0 if not deps[pid] else 1 + max(level(q) for q in deps[pid])
        return levels[pid]

    compiled = []
    for i, p in enumerate(rulebook.provisions):
        when, validity = parsed[p.id]
        compiled.append(
            CompiledProvision(
                id=p.id,
                index=i,
                when=when,
                validity=validity,
                condition=c.All((validity, when)) if validity != c.TRUE else when,
                concludes=p.concludes.atom,
                defeated_by=tuple(sorted(defeated_by[p.id])),
                needs_request=p.needs_request,
                level=level(p.id),
                source=p,
            )
        )
    compiled.sort(key=lambda x: (x.level, x.index))
    result = CompiledRulebook(
        rulebook=rulebook,
        provisions=tuple(compiled),
        derived=frozenset(derived),
        readings_used=frozenset(r for p in compiled for r in _readings_in(p.when)),
    )
    if strict:
        _check_can_fire(result, located)
    return result


def _validity(p: Provision) -> c.Cond:
    tests: list[c.Cond] = []
    if p.valid_from:
        tests.append(c.Test("date", "gte", p.valid_from))
    if p.valid_to:
        tests.append(c.Test("date", "lte", p.valid_to))
    return c.All(tuple(tests)) if tests else c.TRUE


class _TestChecker:
    """Resolves each parsed test against the fact vocabulary, collecting problems."""

    def __init__(
        self, rulebook: Rulebook, derived: set[str], located: Located, path: tuple[Any, ...], p: Provision
    ) -> None:
        self.rulebook = rulebook
        self.derived = derived
        self.located = located
        self.path = path
        self.p = p
        self.problems: list[Problem] = []

    def _err(self, fact: str, message: str) -> c.Cond:
        where = _find_key(self.p.when, fact)
        self.problems.append(self.located.problem((*self.path, *where), f"{self.p.id}: {message}", key=True))
        return c.TRUE

    def resolve(self, test: c.Test) -> c.Cond:
        name = test.fact
        value = self._constant(test.value)
        if value is _MISSING:
            return self._err(name, f"unknown constant {test.value!r}; define it under `constants`")
        if test.op in ("in", "not_in") and not (isinstance(value, tuple) and value):
            return self._err(name, f"`{test.op}` needs a non-empty list; {test.value!r} is not one")
        if test.op not in ("in", "not_in") and isinstance(value, tuple):
            return self._err(name, f"{test.value!r} is a list; compare with `in` or `not_in`")
        test = c.Test(name, test.op, value)
        if name in self.derived:
            if test.op not in ("eq", "ne") or not isinstance(test.value, bool):
                return self._err(name, f"{name!r} is a derived fact: test it as `{name}: true` or `{name}: false`")
            return c.Atom(name, (test.op == "eq") == test.value)
        if name.startswith(READING_PREFIX):
            reading = name[len(READING_PREFIX) :]
            if reading not in self.rulebook.readings:
                hint = suggestion(reading, self.rulebook.readings)
                return self._err(name, f"reading {reading!r} is not defined under `readings`{hint}")
            value = _yes_no(test.value)
            if test.op not in ("eq", "ne") or not isinstance(value, bool):
                return self._err(name, f"readings are yes/no: write `{name}: yes` or `{name}: no`")
            return c.Test(name, test.op, value)
        if name.startswith(c.AREA_PREFIX):
            return self._area(name, test)
        spec = BASE_FACTS.get(name)
        if spec is None:
            hint = suggestion(name, [*BASE_FACTS, *self.derived])
            return self._err(name, f"unknown fact {name!r}{hint}")
        return self._typed(spec, test)

    def _constant(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("@"):
            found = self.rulebook.constants.get(value[1:], _MISSING)
            return tuple(found) if isinstance(found, list) else found
        if isinstance(value, tuple):
            return tuple(self._constant(x) for x in value)
        return value

    def _area(self, name: str, test: c.Test) -> c.Cond:
        """`in_area: X` names an area this treaty ships in rules/areas/<treaty>.geojson."""
        area = name[len(c.AREA_PREFIX) :]
        known = area_ids(self.rulebook.id)
        if area not in known:
            listed = ", ".join(sorted(known)) or "none"
            hint = suggestion(area, known)
            return self._err(c.IN_AREA, f"unknown area {area!r}{hint} ({self.rulebook.id} areas: {listed})")
        if test.op not in ("eq", "ne") or not isinstance(test.value, bool):
            return self._err(c.IN_AREA, f"{name!r} is yes/no: write `in_area: {area}`")
        return test

    def _typed(self, spec: FactSpec, test: c.Test) -> c.Cond:
        values = test.value if isinstance(test.value, tuple) else (test.value,)
        ordered = test.op in ("lt", "lte", "gt", "gte")
        if spec.type in ("enum", "bool", "state") and ordered:
            return self._err(spec.name, f"{spec.name!r} cannot be compared with `{test.op}`; use eq, ne, in or not_in")
        if spec.type == "enum":
            for x in values:
                if x not in spec.values:
                    return self._err(spec.name, f"{x!r} is not a value of {spec.name}{suggestion(str(x), spec.values)}")
        elif spec.type == "bool":
            if not all(isinstance(x, bool) for x in values):
                return self._err(spec.name, f"{spec.name!r} is yes/no: compare it with true or false")
        elif spec.type == "number":
            if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in values):
                return self._err(spec.name, f"{spec.name!r} is a number")
        elif spec.type == "date":
            try:
                converted = tuple(to_date(x) for x in values)
            except ValueError:
                return self._err(spec.name, f"{spec.name!r} takes dates written YYYY-MM-DD")
            return c.Test(spec.name, test.op, converted if isinstance(test.value, tuple) else converted[0])
        elif spec.type == "state":
            for x in values:
                if not (isinstance(x, str) and (v.is_state_code(x) or x in ("none", "unknown"))):
                    return self._err(spec.name, f"{x!r} is not a state code (or none/unknown): use {v.KINDS_OF_CODE}")
        return test


_MISSING = object()


def _yes_no(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in ("yes", "no", "true", "false"):
        return value.lower() in ("yes", "true")
    return value


def _find_key(data: Any, key: str, path: tuple[Any, ...] = ()) -> tuple[Any, ...]:
    """Path of the first mapping key equal to `key` inside raw condition data."""
    if isinstance(data, dict):
        for k, val in data.items():
            if k == key:
                return (*path, k)
            found = _find_key(val, key, (*path, k))
            if found:
                return found
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found = _find_key(item, key, (*path, i))
            if found:
                return found
    return ()


def _atoms_in(cond: c.Cond) -> set[str]:
    return {leaf.name for leaf in c.leaves(cond) if isinstance(leaf, c.Atom)}


def _readings_in(cond: c.Cond) -> set[str]:
    return {
        leaf.fact[len(READING_PREFIX) :]
        for leaf in c.leaves(cond)
        if isinstance(leaf, c.Test) and leaf.fact.startswith(READING_PREFIX)
    }


def _find_cycle(deps: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in deps[node]:
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(deps):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def _check_can_fire(book: CompiledRulebook, located: Located) -> None:
    """Refuse provisions whose own condition is contradictory (e.g. two kinds at once)."""
    problems = []
    for p in book.provisions:
        if satisfiable(p.condition) is False:
            problems.append(
                located.problem(
                    ("provisions", p.index, "when"), f"{p.id} can never fire: its conditions contradict each other"
                )
            )
    if problems:
        raise InputError(problems)


def iter_tests(book: CompiledRulebook) -> Iterator[c.Test]:
    for p in book.provisions:
        for leaf in c.leaves(p.condition):
            if isinstance(leaf, c.Test):
                yield leaf
