"""`casus run --all-readings`: the answer under every combination of the readings that matter.

A contested verdict says which readings it turns on; an analyst writing it up needs the
whole table (what each school of thought gets), so every combination of the readings an
outcome turns on is judged with those readings pinned — by the same evaluator as the run.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine.evaluators.python import Evaluator
from engine.formats.scenario import Scenario
from engine.law.catalogue import Catalogue
from engine.verdict.judging import Verdict, judge

MAX_READINGS = 6  # 64 combinations: more would not be a table anyone reads


@dataclass
class ReadingTable:
    treaty: str
    outcome: str
    status: str  # the verdict with the readings left open
    readings: list[str]  # TREATY.reading names it turns on
    rows: list[tuple[tuple[bool, ...], str]]  # answers (in `readings` order) -> status

    def to_json(self) -> dict[str, Any]:
        return {
            "treaty": self.treaty,
            "outcome": self.outcome,
            "status": self.status,
            "readings": self.readings,
            "rows": [
                {
                    "readings": {n: "yes" if a else "no" for n, a in zip(self.readings, answers, strict=True)},
                    "status": s,
                }
                for answers, s in self.rows
            ],
        }


def reading_tables(
    scenario: Scenario,
    catalogue: Catalogue,
    evaluator: Evaluator,
    verdict: Verdict,
    *,
    treaties: Sequence[str] = (),
    readings: Mapping[str, bool] | None = None,
) -> list[ReadingTable]:
    overrides = dict(readings or {})
    tables: list[ReadingTable] = []
    cache: dict[tuple[tuple[str, bool], ...], Verdict] = {}
    for result in verdict.results:
        names = [e.name for e in result.readings][:MAX_READINGS]
        rows: list[tuple[tuple[bool, ...], str]] = []
        for answers in itertools.product((True, False), repeat=len(names)):
            pins = tuple(sorted(zip(names, answers, strict=True)))
            if pins not in cache:
                cache[pins] = judge(
                    scenario, catalogue, evaluator, treaties=treaties, readings={**overrides, **dict(pins)}
                )
            rows.append((answers, cache[pins].status(result.treaty, result.outcome) or "not_triggered"))
        tables.append(ReadingTable(result.treaty, result.outcome, result.status, names, rows))
    return tables
