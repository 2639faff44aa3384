"""The pure-Python evaluator: the same compiled conditions, evaluated directly.

It serves explanations, counterfactuals and sweeps, and is the oracle the durable_rules
engine is checked against. Provisions are visited in dependency order, so every derived
fact (and every exception) is settled before anything that tests it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from engine import conditions as c
from engine.compiler import CompiledRulebook
from engine.facts import Case


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


class PythonEvaluator:
    name = "python"

    def run(self, book: CompiledRulebook, cases: Sequence[Case]) -> list[CaseResult]:
        return [evaluate_case(book, case) for case in cases]


def evaluate_all(book: CompiledRulebook, cases: Iterable[Case]) -> list[CaseResult]:
    return [evaluate_case(book, case) for case in cases]
