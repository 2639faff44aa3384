"""Compare a scenario's `expect:` block with a verdict."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from engine.verdict.judging import Verdict


def compare(expect: Mapping[str, Mapping[Any, Any]], verdict: Verdict) -> list[str]:
    """Each mismatch as one line: treaty outcome, expected, got, and why."""
    problems = []
    for treaty, outcomes in sorted(expect.items()):
        for outcome, wanted in sorted(outcomes.items()):
            got = verdict.status(treaty, outcome)
            if got is None:
                problems.append(f"{treaty} {outcome}: expected {wanted}, but {treaty} has no outcome {outcome}")
            elif got != wanted:
                result = next(r for r in verdict.results if r.treaty == treaty and r.outcome == outcome)
                problems.append(f"{treaty} {outcome}: expected {wanted}, got {got} — {result.explanation}")
    return problems
