"""Can a condition ever be true? Decided per conjunct over each fact's domain."""

from __future__ import annotations

from typing import Any

from engine.law import conditions as c
from engine.law.facts import BASE_FACTS

MAX_CONJUNCTS = 4096


def satisfiable(cond: c.Cond) -> bool | None:
    """True or False, or None when the condition is too large to decide cheaply."""
    conjuncts = _dnf(cond)
    if conjuncts is None:
        return None
    return any(_consistent(conj) for conj in conjuncts)


def _dnf(cond: c.Cond) -> list[list[c.Test | c.Atom]] | None:
    if isinstance(cond, (c.Test, c.Atom)):
        return [[cond]]
    if isinstance(cond, c.Not):
        return _dnf(c.nnf(cond))
    if isinstance(cond, c.Any_):
        out: list[list[c.Test | c.Atom]] = []
        for item in cond.items:
            sub = _dnf(item)
            if sub is None:
                return None
            out.extend(sub)
            if len(out) > MAX_CONJUNCTS:
                return None
        return out
    result: list[list[c.Test | c.Atom]] = [[]]
    for item in cond.items:
        sub = _dnf(item)
        if sub is None:
            return None
        result = [a + b for a in result for b in sub]
        if len(result) > MAX_CONJUNCTS:
            return None
    return result


def _domain(fact: str) -> set[Any] | None:
    spec = BASE_FACTS.get(fact)
    if spec is not None and spec.type == "enum":
        return set(spec.values)
    if (spec is not None and spec.type == "bool") or fact.startswith("reading."):
        return {True, False}
    return None


def _consistent(conj: list[c.Test | c.Atom]) -> bool:
    atoms: dict[str, bool] = {}
    by_fact: dict[str, list[c.Test]] = {}
    for lit in conj:
        if isinstance(lit, c.Atom):
            if atoms.setdefault(lit.name, lit.positive) != lit.positive:
                return False
        else:
            by_fact.setdefault(lit.fact, []).append(lit)
    return all(_fact_consistent(fact, tests) for fact, tests in by_fact.items())


def _fact_consistent(fact: str, tests: list[c.Test]) -> bool:
    allowed = _domain(fact)
    excluded: set[Any] = set()
    bounds: list[c.Test] = []
    for t in tests:
        if t.op == "eq":
            allowed = {t.value} if allowed is None else allowed & {t.value}
        elif t.op == "in":
            allowed = set(t.value) if allowed is None else allowed & set(t.value)
        elif t.op == "ne":
            excluded.add(t.value)
        elif t.op == "not_in":
            excluded |= set(t.value)
        else:
            bounds.append(t)
    if allowed is not None:
        return any(x not in excluded and all(b.holds({fact: x}) for b in bounds) for x in allowed)
    lo = max((b for b in bounds if b.op in ("gt", "gte")), key=lambda b: (b.value, b.op == "gt"), default=None)
    hi = min((b for b in bounds if b.op in ("lt", "lte")), key=lambda b: (b.value, b.op == "lte"), default=None)
    if lo is None or hi is None:
        return True
    if lo.value < hi.value:
        return True
    return lo.value == hi.value and lo.op == "gte" and hi.op == "lte" and lo.value not in excluded
