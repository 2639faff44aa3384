"""The pure-Python evaluator: the same compiled conditions, evaluated directly.

It serves explanations, counterfactuals and sweeps, and is the oracle the durable_rules
engine is checked against. Provisions are visited in dependency order, so every derived
fact (and every exception) is settled before anything that tests it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from engine.law import conditions as c
from engine.law.compiler import CompiledRulebook
from engine.law.facts import Case


@dataclass(frozen=True)
class CaseResult:
    key: str
    applies: frozenset[str]  # provisions whose conditions held on the case
    fired: frozenset[str]  # of those, the ones no exception defeated

    def concluded(self, book: CompiledRulebook) -> frozenset[str]:
        return frozenset(book.provision(p).concludes for p in self.fired)


class Evaluator(Protocol):
    name: str

    def run(self, book: CompiledRulebook, cases: Sequence[Case]) -> list[CaseResult]: ...


def evaluate_case(book: CompiledRulebook, case: Case) -> CaseResult:
    applies, fired = _compiled(book)(case.facts)
    return CaseResult(case.key, frozenset(applies), frozenset(fired))


def evaluate_case_interpreted(book: CompiledRulebook, case: Case) -> CaseResult:
    """The reference semantics, walking the condition trees; the generated code must agree."""
    derived: set[str] = set()
    applies: set[str] = set()
    fired: set[str] = set()
    for p in book.provisions:
        if not c.evaluate(p.condition, case.facts, derived.__contains__):
            continue
        applies.add(p.id)
        if any(x in fired for x in p.defeated_by):
            continue
        fired.add(p.id)
        derived.add(p.concludes)
    return CaseResult(case.key, frozenset(applies), frozenset(fired))


CaseFunction = Callable[[Mapping[str, Any]], tuple[set[str], set[str]]]
# Keyed by id(book), holding the book so the id cannot be reused while the entry lives.
_CODE: dict[int, tuple[CompiledRulebook, CaseFunction]] = {}


def _compiled(book: CompiledRulebook) -> CaseFunction:
    entry = _CODE.get(id(book))
    if entry is None or entry[0] is not book:
        entry = (book, generate(book))
        if len(_CODE) > 256:  # synthetic rulebooks in tests: keep the cache bounded
            _CODE.clear()
        _CODE[id(book)] = entry
    return entry[1]


def generate(book: CompiledRulebook) -> CaseFunction:
    """Compile a whole rulebook into one straight-line Python function of the case facts.

    Walking the condition trees costs an isinstance dispatch and a generator per node;
    the generated code is the same tests in the same order (so short-circuiting, and the
    facts read, are unchanged: engine.analyses.whatif relies on which facts are read), about 5x
    faster. It is the path sweeps and the property tests spend their time on.
    """
    consts: list[Any] = []
    lines = ["def case_function(f):", "    g = f.get", "    d = set()", "    applies = set()", "    fired = set()"]
    for p in book.provisions:
        lines.append(f"    if {_expr(p.condition, consts)}:")
        lines.append(f"        applies.add({p.id!r})")
        blocked = " or ".join(f"{x!r} in fired" for x in p.defeated_by) or "False"
        lines.append(f"        if not ({blocked}):")
        lines.append(f"            fired.add({p.id!r})")
        lines.append(f"            d.add({p.concludes!r})")
    lines.append("    return applies, fired")
    namespace: dict[str, Any] = {"K": consts}
    exec(compile("\n".join(lines), f"<rulebook {book.id}>", "exec"), namespace)  # ids and names go in via repr()
    fn: CaseFunction = namespace["case_function"]
    return fn


def _expr(cond: c.Cond, consts: list[Any]) -> str:
    if isinstance(cond, c.Test):
        consts.append(frozenset(cond.value) if cond.op in ("in", "not_in") and _hashable(cond.value) else cond.value)
        k = f"K[{len(consts) - 1}]"
        get = f"g({cond.fact!r})"
        # A fact with no value fails every test (conditions.Test.holds); for eq/in against
        # non-null constants `None == v` is already false, so the cheap form is exact.
        if cond.op == "eq" and cond.value is not None:
            return f"({get} == {k})"
        if cond.op == "in" and None not in cond.value:
            return f"({get} in {k})"
        op = {"eq": "==", "ne": "!=", "in": "in", "not_in": "not in", "lt": "<", "lte": "<=", "gt": ">", "gte": ">="}
        return f"((_a := {get}) is not None and _a {op[cond.op]} {k})"
    if isinstance(cond, c.Atom):
        return f"({cond.name!r} {'in' if cond.positive else 'not in'} d)"
    if isinstance(cond, c.All):
        return "(" + " and ".join(_expr(x, consts) for x in cond.items) + ")" if cond.items else "True"
    if isinstance(cond, c.Any_):
        return "(" + " or ".join(_expr(x, consts) for x in cond.items) + ")" if cond.items else "False"
    return f"(not {_expr(cond.item, consts)})"


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class PythonEvaluator:
    name = "python"

    def run(self, book: CompiledRulebook, cases: Sequence[Case]) -> list[CaseResult]:
        return [evaluate_case(book, case) for case in cases]


def evaluate_all(book: CompiledRulebook, cases: Iterable[Case]) -> list[CaseResult]:
    return [evaluate_case(book, case) for case in cases]
