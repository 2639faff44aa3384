"""Facts a scenario file does not state, and the few values of each worth trying.

A key the file leaves out (`attribution`, `based_in`, `latitude` ...) leaves a base fact
unknown. The verdict is then computed under each value the fact could take, as under each
answer to an open reading. Most values are alike to a rulebook: its tests on the fact
cannot tell them apart. So the values are partitioned by what every test on the fact says
of them, and one value per class is tried: `attribution` under NATO's rules is two classes
(confirmed, or anything less), a latitude is one class per interval between the
rulebook's thresholds, a fact no test reads is no class at all (nothing to try).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.law.conditions import Test


@dataclass(frozen=True)
class Unstated:
    """One thing a file leaves out, as it bears on one event: the answers worth trying.

    `key` says where the file would state it (`events.<id>.attribution`,
    `actors.<id>.based_in`); the same key on two events is the same unknown. Each answer
    sets one or more base facts (`options`): a sponsor decides both `state_sponsored` and
    `sponsor_status`.
    """

    key: str
    fact: str  # the base fact it decides, as the rulebooks name it
    question: str  # "whether HAM was based abroad (outside ISR)"
    answers: tuple[str, ...]  # "yes"/"no", or the values of each class ("alleged or disputed")
    options: tuple[Mapping[str, Any], ...]  # the facts each answer sets
    boolean: bool = False  # answered yes/no: worded "if so" / "if not"


def signature(tests: Sequence[Test], fact: str, value: Any) -> tuple[bool, ...]:
    """What every test on `fact` says of `value`: two values with one signature are alike."""
    facts = {fact: value}
    return tuple(t.holds(facts) for t in tests)


def value_classes(tests: Sequence[Test], fact: str, candidates: Sequence[Any]) -> list[list[Any]]:
    """The candidates grouped by signature, in the order first met."""
    groups: dict[tuple[bool, ...], list[Any]] = {}
    for value in candidates:
        groups.setdefault(signature(tests, fact, value), []).append(value)
    return list(groups.values())


def number_candidates(tests: Sequence[Test], low: float | None = None, high: float | None = None) -> list[float]:
    """One value per threshold and per interval between thresholds (and beyond both ends),
    kept within [low, high]: every class of values the tests can tell apart has one."""
    thresholds: set[float] = set()
    for t in tests:
        for x in t.value if isinstance(t.value, tuple) else (t.value,):
            if isinstance(x, (int, float)) and not isinstance(x, bool):
                thresholds.add(float(x))
    ordered = sorted(thresholds)
    if not ordered:
        return [0.0 if low is None else max(low, min(0.0, high if high is not None else 0.0))]
    out = [ordered[0] - 1.0]
    for a, b in itertools.pairwise(ordered):
        out += [a, (a + b) / 2]
    out += [ordered[-1], ordered[-1] + 1.0]
    if low is not None:
        out = [max(low, x) for x in out]
    if high is not None:
        out = [min(high, x) for x in out]
    return sorted(set(out))


def number_words(group: Sequence[float], candidates: Sequence[float], tests: Sequence[Test]) -> str:
    """Words for a class of numbers: the span of the candidates it covers ("above 23.43")."""
    thresholds = sorted(
        {float(x) for t in tests for x in (t.value if isinstance(t.value, tuple) else (t.value,)) if _number(x)}
    )
    lo, hi = min(group), max(group)
    parts = []
    if lo > candidates[0]:
        below = max((t for t in thresholds if t <= lo), default=None)
        if below is not None:
            parts.append(f"at least {_n(below)}" if below == lo else f"above {_n(below)}")
    if hi < candidates[-1]:
        above = min((t for t in thresholds if t >= hi), default=None)
        if above is not None:
            parts.append(f"at most {_n(above)}" if above == hi else f"below {_n(above)}")
    return " and ".join(parts) or "any value"


def _number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _n(x: float) -> str:
    return f"{x:g}"


def enum_words(group: Sequence[Any]) -> str:
    return " or ".join(_word(x) for x in group)


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
