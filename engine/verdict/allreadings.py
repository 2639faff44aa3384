"""`casus run --all-readings`: the answer under every combination of the readings that matter,
and of the answers to the unstated facts the result turns on.

A contested verdict says which readings (and unstated facts) it turns on; an analyst writing
it up needs the whole table (what each school of thought gets, under each thing the file
might have said), so every combination is judged with those readings pinned and those facts
answered — by the same evaluator as the run.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.evaluators.python import Evaluator
from engine.formats.scenario import Scenario
from engine.law.cases import event_cases
from engine.law.catalogue import Catalogue
from engine.verdict import unknowns
from engine.verdict.judging import Verdict, free_readings, pinned_readings, treaties_for

# Columns of one table, readings and unstated facts together: 64 rows of yes/no at most;
# more would not be a table anyone reads. Past it the table says which it leaves open.
MAX_COLUMNS = 6


@dataclass
class ReadingTable:
    treaty: str
    outcome: str
    status: str  # the verdict with the readings left open
    readings: list[str]  # TREATY.reading names it turns on (columns)
    rows: list[tuple[tuple[bool, ...], str]]  # answers (in `readings` order) -> status
    facts: list[str] = field(default_factory=list)  # unstated facts it turns on (columns after the readings)
    fact_rows: list[tuple[str, ...]] = field(default_factory=list)  # each row's answers to `facts`
    left_open: list[str] = field(default_factory=list)  # past MAX_COLUMNS: open in every row

    def to_json(self) -> dict[str, Any]:
        rows = []
        for i, (answers, s) in enumerate(self.rows):
            row: dict[str, Any] = {
                "readings": {n: "yes" if a else "no" for n, a in zip(self.readings, answers, strict=True)}
            }
            if self.facts:
                row["facts"] = dict(zip(self.facts, self.fact_rows[i], strict=True))
            row["status"] = s
            rows.append(row)
        out: dict[str, Any] = {
            "treaty": self.treaty,
            "outcome": self.outcome,
            "status": self.status,
            "readings": self.readings,
            "rows": rows,
        }
        if self.facts:
            out["facts"] = self.facts
        if self.left_open:
            out["left_open"] = self.left_open
        return out


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
    books = {b.id: b for b in treaties_for(scenario, catalogue, treaties)}
    tables: list[ReadingTable] = []
    judged: dict[str, Any] = {}
    for result in verdict.results:
        columns = [e.name for e in result.readings] + [f.key for f in result.facts]
        shown, left_open = columns[:MAX_COLUMNS], columns[MAX_COLUMNS:]
        names = [n for n in shown if n in {e.name for e in result.readings}]
        facts = [f for f in result.facts if f.key in shown]
        book = books[result.treaty]
        if result.treaty not in judged:  # the treaty's cases, judged once for all its outcomes
            pinned = pinned_readings(scenario, book, overrides)
            free = free_readings(book, scenario.date, pinned)
            groups = event_cases(book, scenario, pinned, free)
            cases = [c for g in groups for c in g.cases]
            judged[result.treaty] = (free, groups, cases, evaluator.run(book, cases))
        free, groups, cases, outcomes = judged[result.treaty]
        atom = f"outcome.{result.outcome}"
        concludes = {
            c.key: any(book.provision(p).concludes == atom for p in r.fired)
            for c, r in zip(cases, outcomes, strict=True)
        }
        event_tables = unknowns.tables(groups, concludes)
        rows: list[tuple[tuple[bool, ...], str]] = []
        fact_rows: list[tuple[str, ...]] = []
        for answers in itertools.product((True, False), repeat=len(names)):
            for fact_answers in itertools.product(*(range(len(f.answers)) for f in facts)):
                fixed = {f.key: i for f, i in zip(facts, fact_answers, strict=True)}
                statuses = unknowns.per_reading(event_tables, 1 << len(free), fixed)
                bits = {free.index(n.split(".", 1)[1]): a for n, a in zip(names, answers, strict=True)}
                chosen = [
                    s
                    for k, s in enumerate(statuses)
                    if all(bool(k >> (len(free) - 1 - i) & 1) is a for i, a in bits.items())
                ]
                rows.append((answers, unknowns.overall(chosen)))
                fact_rows.append(tuple(f.answers[i].answer for f, i in zip(facts, fact_answers, strict=True)))
        tables.append(
            ReadingTable(
                result.treaty, result.outcome, result.status, names, rows, [f.key for f in facts], fact_rows, left_open
            )
        )
    return tables
