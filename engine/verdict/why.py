"""Why a condition held or failed on a case, in words a reader can check."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from engine.law import conditions as c


def failed(cond: c.Cond, facts: Mapping[str, Any], atoms: Callable[[str], bool]) -> list[str]:
    """The smallest set of reasons, in order, that make `cond` false (empty if it holds)."""
    if c.evaluate(cond, facts, atoms):
        return []
    if isinstance(cond, c.Test):
        actual = facts.get(cond.fact)
        shown = "not given" if actual is None else c._show(actual)
        return [f"needs {cond.describe()} (here: {shown})"]
    if isinstance(cond, c.Atom):
        return [f"needs {cond.describe()}"]
    if isinstance(cond, c.All):
        for item in cond.items:
            reasons = failed(item, facts, atoms)
            if reasons:
                return reasons
        return []
    if isinstance(cond, c.Any_):
        parts = [" and ".join(failed(item, facts, atoms)) for item in cond.items]
        return ["none of the alternatives holds: " + "; or ".join(f"({p})" for p in parts)]
    return [f"needs not ({describe(cond.item)})"]


def held(cond: c.Cond, facts: Mapping[str, Any], atoms: Callable[[str], bool]) -> list[str]:
    """The tests and atoms that made `cond` true (for an `any`, the first branch that held)."""
    if not c.evaluate(cond, facts, atoms):
        return []
    if isinstance(cond, (c.Test, c.Atom)):
        return [cond.describe()]
    if isinstance(cond, c.All):
        return [r for item in cond.items for r in held(item, facts, atoms)]
    if isinstance(cond, c.Any_):
        for item in cond.items:
            reasons = held(item, facts, atoms)
            if reasons:
                return reasons
        return []
    return [f"not ({describe(cond.item)})"]


def describe(cond: c.Cond) -> str:
    if isinstance(cond, (c.Test, c.Atom)):
        return cond.describe()
    if isinstance(cond, c.Not):
        return f"not ({describe(cond.item)})"
    joiner = " and " if isinstance(cond, c.All) else " or "
    return joiner.join(describe(i) if isinstance(i, (c.Test, c.Atom)) else f"({describe(i)})" for i in cond.items)
