"""What one event concludes under every combination of the open readings, evaluating only
the combinations that differ in a reading the rules actually read.

judging.judge evaluates all 2^n combinations of n open readings as cases. The generated
Python code reads facts one `get` at a time, so an evaluation that never asks for a reading
has the same result whichever way it is answered: the readings are asked for lazily and the
search branches only on those asked (an event the rules reject on its kind reads none: one
evaluation instead of 64). Combinations are numbered as facts.reading_combinations orders
them, the first reading being the high bit, as judging._result counts them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

from engine.evaluators.python import evaluate_case
from engine.law.compiler import CompiledRulebook
from engine.law.facts import READING_PREFIX, Case


def outcome_masks(book: CompiledRulebook, facts: Mapping[str, Any], free: Sequence[str]) -> tuple[int, ...]:
    """(every combination's bit, then per outcome of the rulebook the combinations that conclude it)."""
    n = len(free)
    everything = (1 << (1 << n)) - 1
    atoms = [f"outcome.{o}" for o in book.rulebook.outcomes]
    masks = [0] * len(atoms)
    position = {READING_PREFIX + r: k for k, r in enumerate(free)}
    pending: list[tuple[dict[int, bool], int]] = [({}, everything)]
    while pending:
        assigned, covered = pending.pop()
        try:
            result = evaluate_case(book, Case("sweep", "", (), _Lazy(facts, free, position, assigned)))  # type: ignore[arg-type]
        except _Open as need:
            k = need.position
            pending.append(({**assigned, k: False}, covered & _where(n, k, False)))
            pending.append(({**assigned, k: True}, covered & _where(n, k, True)))
            continue
        concluded = result.concluded(book)
        for i, atom in enumerate(atoms):
            if atom in concluded:
                masks[i] |= covered
    return (everything, *masks)


def world_masks(book: CompiledRulebook, worlds: Sequence[Mapping[str, Any]], free: Sequence[str]) -> tuple[int, ...]:
    """One event's masks over the answers to its unstated facts (one fact dict per world):
    (every combination's bit, per outcome the combinations that conclude it under every
    answer, then per outcome those that conclude it under some answer)."""
    found = [outcome_masks(book, facts, free) for facts in worlds]
    everything = found[0][0]
    n = len(book.rulebook.outcomes)
    surely = [everything] * n
    maybe = [0] * n
    for m in found:
        for i in range(n):
            surely[i] &= m[1 + i]
            maybe[i] |= m[1 + i]
    return (everything, *surely, *maybe)


def statuses(masks: Sequence[tuple[int, ...]], outcomes: int) -> tuple[str, ...]:
    """Each outcome's status from its events' masks, judging's rule (engine.verdict.unknowns):
    an outcome surely holds under a reading combination if some event concludes it there
    under every answer to its unstated facts, and may hold if under some answer; triggered
    if it surely holds under every combination, not triggered if it may hold under none,
    contested otherwise. Masks of outcome_masks (no unstated facts) are both at once."""
    if not masks:
        return ("not_triggered",) * outcomes
    everything = masks[0][0]
    found = []
    for k in range(1, outcomes + 1):
        surely = maybe = 0
        for m in masks:
            surely |= m[k]
            maybe |= m[k + outcomes] if len(m) > outcomes + 1 else m[k]
        found.append("triggered" if surely == everything else "not_triggered" if maybe == 0 else "contested")
    return tuple(found)


@lru_cache(maxsize=512)
def _where(n: int, k: int, value: bool) -> int:
    """The combinations of n readings in which reading k is answered `value`."""
    shift = n - 1 - k
    return sum(1 << c for c in range(1 << n) if bool(c >> shift & 1) is value)


class _Open(Exception):
    def __init__(self, position: int) -> None:
        self.position = position


class _Lazy(dict[str, Any]):
    """Case facts whose unassigned open readings are asked for: reading one raises _Open."""

    def __init__(
        self, facts: Mapping[str, Any], free: Sequence[str], position: Mapping[str, int], assigned: Mapping[int, bool]
    ) -> None:
        super().__init__(facts)
        for k, value in assigned.items():
            self[READING_PREFIX + free[k]] = value
        self.open = {name: k for name, k in position.items() if k not in assigned}

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        if key in self.open:
            raise _Open(self.open[key])
        return super().get(key, default)
