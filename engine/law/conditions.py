"""The condition language of provisions: all / any / not over named facts.

One compiled form serves both evaluators. Conditions are put in negation normal form
once, so `not` only ever appears on derived-fact atoms; a test on a fact with no value
(latitude not given) is false whichever way it is phrased. That is also how the
durable_rules engine behaves (a missing property matches nothing), so the two agree by
construction rather than by luck.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

OPS = ("eq", "ne", "in", "not_in", "lt", "lte", "gt", "gte")
_COMPLEMENT = {
    "eq": "ne",
    "ne": "eq",
    "in": "not_in",
    "not_in": "in",
    "lt": "gte",
    "gte": "lt",
    "lte": "gt",
    "gt": "lte",
}
_WORDS = {
    "eq": "is",
    "ne": "is not",
    "in": "is one of",
    "not_in": "is none of",
    "lt": "is before/below",
    "lte": "is at most",
    "gt": "is after/above",
    "gte": "is at least",
}


@dataclass(frozen=True)
class Test:
    """A comparison of one base fact with a constant."""

    fact: str
    op: str
    value: Any

    def negated(self) -> Test:
        return Test(self.fact, _COMPLEMENT[self.op], self.value)

    def holds(self, facts: Mapping[str, Any]) -> bool:
        actual = facts.get(self.fact)
        if actual is None:
            return False
        op, value = self.op, self.value
        if op == "eq":
            return bool(actual == value)
        if op == "ne":
            return bool(actual != value)
        if op == "in":
            return actual in value
        if op == "not_in":
            return actual not in value
        if op == "lt":
            return bool(actual < value)
        if op == "lte":
            return bool(actual <= value)
        if op == "gt":
            return bool(actual > value)
        return bool(actual >= value)

    def describe(self) -> str:
        value = self.value
        shown = ", ".join(_show(x) for x in value) if isinstance(value, tuple) else _show(value)
        return f"{self.fact} {_WORDS[self.op]} {shown}"


@dataclass(frozen=True)
class Atom:
    """A derived fact (or a provision's firing), asserted or denied."""

    name: str
    positive: bool = True

    def negated(self) -> Atom:
        return Atom(self.name, not self.positive)

    def describe(self) -> str:
        return self.name if self.positive else f"not {self.name}"


@dataclass(frozen=True)
class All:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Cond, ...]


@dataclass(frozen=True)
class Not:
    item: Cond


Cond = Test | Atom | All | Any_ | Not
TRUE = All(())


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class ConditionSyntaxError(ValueError):
    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        self.path = path
        super().__init__(message)


def parse(data: Any, path: tuple[str | int, ...] = ()) -> Cond:
    """Parse the YAML form of a condition; errors carry the path of the bad part."""
    if isinstance(data, list):
        return All(tuple(parse(item, (*path, i)) for i, item in enumerate(data)))
    if not isinstance(data, dict) or not data:
        raise ConditionSyntaxError(
            path, "a condition is a mapping: {all: [...]}, {any: [...]}, {not: ...} or {fact: value}"
        )
    if len(data) == 1:
        ((key, value),) = data.items()
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise ConditionSyntaxError((*path, key), f"`{key}` takes a non-empty list of conditions")
            items = tuple(parse(item, (*path, key, i)) for i, item in enumerate(value))
            return All(items) if key == "all" else Any_(items)
        if key == "not":
            return Not(parse(value, (*path, key)))
        return _leaf(key, value, (*path, key))
    if any(k in ("all", "any", "not") for k in data):
        raise ConditionSyntaxError(path, "`all`, `any` and `not` must stand alone in their mapping")
    return All(tuple(_leaf(k, v, (*path, k)) for k, v in data.items()))


IN_AREA = "in_area"
AREA_PREFIX = "area."  # `in_area: X` tests the base fact area.X (engine.law.areas)


def _leaf(fact: str, value: Any, path: tuple[str | int, ...]) -> Test:
    if fact == IN_AREA:
        if not isinstance(value, str) or not value:
            raise ConditionSyntaxError(path, "`in_area` takes an area id, e.g. {in_area: nato_north_atlantic}")
        return Test(AREA_PREFIX + value, "eq", True)
    if isinstance(value, dict):
        if len(value) != 1:
            raise ConditionSyntaxError(path, f"write one operator per test, e.g. {{{fact}: {{in: [a, b]}}}}")
        ((op, operand),) = value.items()
        if op not in OPS:
            raise ConditionSyntaxError((*path, op), f"unknown operator {op!r}; use one of {', '.join(OPS)}")
        if op in ("in", "not_in"):
            if isinstance(operand, str) and operand.startswith("@"):
                return Test(fact, op, operand)  # a list constant, resolved by the compiler
            if not isinstance(operand, list) or not operand:
                raise ConditionSyntaxError((*path, op), f"`{op}` takes a non-empty list (or a list constant, @name)")
            return Test(fact, op, tuple(operand))
        if isinstance(operand, (list, dict)):
            raise ConditionSyntaxError((*path, op), f"`{op}` takes a single value")
        return Test(fact, op, operand)
    if isinstance(value, list):
        raise ConditionSyntaxError(path, f"to test membership write {{{fact}: {{in: [...]}}}}")
    return Test(fact, "eq", value)


def map_tests(cond: Cond, fn: Callable[[Test], Cond]) -> Cond:
    """Rebuild a condition with every Test replaced by fn(test)."""
    if isinstance(cond, Test):
        return fn(cond)
    if isinstance(cond, All):
        return All(tuple(map_tests(c, fn) for c in cond.items))
    if isinstance(cond, Any_):
        return Any_(tuple(map_tests(c, fn) for c in cond.items))
    if isinstance(cond, Not):
        return Not(map_tests(cond.item, fn))
    return cond


def nnf(cond: Cond, negate: bool = False) -> Cond:
    """Negation normal form: `not` pushed down onto tests (complemented) and atoms."""
    if isinstance(cond, Not):
        return nnf(cond.item, not negate)
    if isinstance(cond, (Test, Atom)):
        return cond.negated() if negate else cond
    items = tuple(nnf(c, negate) for c in cond.items)
    if isinstance(cond, All):
        return Any_(items) if negate else All(items)
    return All(items) if negate else Any_(items)


def leaves(cond: Cond) -> Iterator[Test | Atom]:
    if isinstance(cond, (Test, Atom)):
        yield cond
    elif isinstance(cond, Not):
        yield from leaves(cond.item)
    else:
        for c in cond.items:
            yield from leaves(c)


def evaluate(cond: Cond, facts: Mapping[str, Any], atoms: Callable[[str], bool]) -> bool:
    """Truth of an NNF condition over base facts and derived atoms."""
    if isinstance(cond, Test):
        return cond.holds(facts)
    if isinstance(cond, Atom):
        return atoms(cond.name) == cond.positive
    if isinstance(cond, All):
        return all(evaluate(c, facts, atoms) for c in cond.items)
    if isinstance(cond, Any_):
        return any(evaluate(c, facts, atoms) for c in cond.items)
    return not evaluate(cond.item, facts, atoms)


def is_base_only(cond: Cond) -> bool:
    return not any(isinstance(leaf, Atom) for leaf in leaves(cond))


Conjunct = tuple[tuple[Cond, ...], tuple[Atom, ...]]


def dnf_over_atoms(cond: Cond, limit: int = 64) -> list[Conjunct]:
    """Disjunctive normal form in the atoms only: base-fact subformulas stay whole.

    Each conjunct becomes one engine rule (one alpha test on the case fact plus a join
    per atom), so an `any` over base facts costs nothing and an `any` over derived facts
    costs one rule per alternative.
    """
    if is_base_only(cond):
        return [((cond,), ())]
    if isinstance(cond, Atom):
        return [((), (cond,))]
    if isinstance(cond, Not):
        raise ValueError("dnf_over_atoms expects a condition in negation normal form")
    if isinstance(cond, Any_):
        base = tuple(c for c in cond.items if is_base_only(c))
        out: list[Conjunct] = [((Any_(base),), ())] if base else []
        for c in cond.items:
            if not is_base_only(c):
                out.extend(dnf_over_atoms(c, limit))
        if len(out) > limit:
            raise ValueError(f"condition expands to more than {limit} alternatives")
        return out
    assert isinstance(cond, All)
    result: list[Conjunct] = [((), ())]
    for item in cond.items:
        expanded = dnf_over_atoms(item, limit)
        result = [(b1 + b2, a1 + a2) for b1, a1 in result for b2, a2 in expanded]
        if len(result) > limit:
            raise ValueError(f"condition expands to more than {limit} alternatives")
    return result
