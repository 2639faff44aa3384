"""One scenario under every treaty its states belong to: a table of outcomes by treaty.

The statuses come from `judge` (whichever evaluator the caller chose). The `because`
lines come from the pure-Python evaluator over the same compiled conditions and name the
clause that decided each cell: for `not_triggered`, the provision that failed and, for a
derived fact it lacked (the treaty area, say), each provision that could have concluded
it and why it did not; for `triggered`, the provisions that held and the tests that made
them hold; for `contested`, the readings it turns on. Nothing here knows any treaty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.evaluators.python import CaseResult, Evaluator, evaluate_all
from engine.formats.scenario import Scenario
from engine.formats.vocabulary import OUTCOMES
from engine.law import conditions as c
from engine.law.applicability import Applicability, not_applicable
from engine.law.cases import build_cases
from engine.law.catalogue import Catalogue
from engine.law.compiler import CompiledProvision, CompiledRulebook
from engine.law.facts import Case, applicable
from engine.verdict import why
from engine.verdict.judging import Result, judge, judged_readings, pinned_readings

PARTY_STATUSES = ("member", "suspended", "frozen")
MAX_EVENTS_EXPLAINED = 3
_LONG_LIST = re.compile(r"((?:[A-Za-z0-9_-]+, ){5})((?:[A-Za-z0-9_-]+, ){2,}[A-Za-z0-9_-]+)")


def _short(text: str) -> str:
    """Long value lists (the 35 American States) shortened to their first five."""
    return _LONG_LIST.sub(lambda m: m.group(1) + f"… ({m.group(2).count(',') + 1} more)", text)


@dataclass
class Cell:
    """One treaty x outcome: the status and the clause that decided it."""

    status: str
    provisions: list[str]
    explanation: str
    because: list[str] = field(default_factory=list)
    readings: dict[str, dict[str, Any]] = field(default_factory=dict)
    needs: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "provisions": self.provisions,
            "because": self.because,
            "explanation": self.explanation,
            "readings": self.readings,
        }
        if self.needs:
            out["needs"] = self.needs
        return out


@dataclass
class Comparison:
    scenario: str
    title: str
    date: dt.date
    treaties: list[str]
    parties: dict[str, list[str]]  # treaty -> the scenario's states that are parties on the date
    cells: dict[tuple[str, str], Cell]
    practice: list[dict[str, Any]] = field(default_factory=list)
    engine: str = ""
    # The treaties that do not apply on the date (a column each, with the reason), and the
    # outcomes each of them has; empty when --treaty chose the treaties.
    absent: Applicability = field(default_factory=lambda: Applicability([]))
    absent_outcomes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def outcomes(self) -> list[str]:
        present = {o for _, o in self.cells} | {o for os in self.absent_outcomes.values() for o in os}
        return [o for o in OUTCOMES if o in present]

    def cell(self, treaty: str, outcome: str) -> Cell | None:
        return self.cells.get((treaty, outcome))

    def status(self, treaty: str, outcome: str) -> str | None:
        found = self.cell(treaty, outcome)
        return found.status if found else None

    def to_json(self) -> dict[str, Any]:
        table = {
            o: {t: (self.cells[(t, o)].status if (t, o) in self.cells else None) for t in self.treaties}
            for o in self.outcomes
        }
        results = [
            {"treaty": t, "outcome": o, **self.cells[(t, o)].to_json()}
            for t in self.treaties
            for o in self.outcomes
            if (t, o) in self.cells
        ]
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "title": self.title,
            "date": self.date.isoformat(),
            "treaties": self.treaties,
            "parties": self.parties,
            "outcomes": self.outcomes,
            "table": table,
            "results": results,
        }
        if self.practice:
            out["practice"] = self.practice
        out.update(self.absent.json_keys())
        out["engine"] = self.engine
        return out


def treaties_of(scenario: Scenario, catalogue: Catalogue, forced: Sequence[str] = ()) -> list[str]:
    """Every treaty a state actor of the scenario is a party to on its date, plus `forced`."""
    chosen = [
        tid
        for tid, book in catalogue.items()
        if any(
            spec.kind == "state" and book.rulebook.status_on(actor, scenario.date) in PARTY_STATUSES
            for actor, spec in scenario.actors.items()
        )
    ]
    chosen.extend(t for t in [*scenario.treaties, *forced] if t not in chosen)
    return sorted(chosen)


def compare(
    scenario: Scenario,
    catalogue: Catalogue,
    evaluator: Evaluator,
    *,
    treaties: Sequence[str] = (),
    readings: Mapping[str, bool] | None = None,
) -> Comparison:
    overrides = dict(readings or {})
    chosen = treaties_of(scenario, catalogue, treaties)
    verdict = judge(scenario, catalogue, evaluator, treaties=chosen, readings=overrides) if chosen else None
    cells: dict[tuple[str, str], Cell] = {}
    parties: dict[str, list[str]] = {}
    for tid in chosen:
        book = catalogue[tid]
        parties[tid] = sorted(
            actor
            for actor, spec in scenario.actors.items()
            if spec.kind == "state" and book.rulebook.status_on(actor, scenario.date) in PARTY_STATUSES
        )
        pinned = pinned_readings(scenario, book, overrides)
        free = judged_readings(scenario, book, pinned)
        cases = build_cases(book, scenario, pinned, free)
        results = evaluate_all(book, cases)
        for result in verdict.results if verdict else []:
            if result.treaty == tid:
                cells[(tid, result.outcome)] = _cell(book, scenario.date, result, cases, results)
    practice = [p.model_dump(mode="json", exclude_none=True) for p in scenario.practice]
    # Not applicable: neither compared here nor judged by `casus run` (a treaty the file names
    # in a request or in expect: is judged there even without a party).
    judged = [*chosen, *(tid for tid, b in catalogue.items() if applicable(b.rulebook, scenario))]
    absent = (
        Applicability([]) if treaties else not_applicable((b.rulebook for b in catalogue.values()), scenario, judged)
    )
    return Comparison(
        scenario.id,
        scenario.title,
        scenario.date,
        chosen,
        parties,
        cells,
        practice,
        verdict.engine if verdict else evaluator.name,
        absent,
        {n.treaty: list(catalogue[n.treaty].rulebook.outcomes) for n in absent.listed},
    )


def _cell(
    book: CompiledRulebook, date: dt.date, result: Result, cases: Sequence[Case], results: Sequence[CaseResult]
) -> Cell:
    atom = f"outcome.{result.outcome}"
    if result.status == "triggered":
        because = _why_triggered(book, atom, cases, results)
    elif result.status == "not_triggered":
        because = _why_not(book, date, result.provisions, atom, cases, results)
    else:
        because = _reading_lines(result)
    return Cell(
        result.status,
        result.provisions,
        result.explanation,
        [_short(b) for b in because],
        {e.name: e.to_json() for e in result.readings},
        result.needs,
    )


def _reading_lines(result: Result) -> list[str]:
    """The readings a contested cell turns on, said as the statuses they give, then practice."""
    lines = [f"turns on {', '.join(e.name for e in result.readings)}: {result.in_words}"]
    for e in result.readings:
        if e.practice:
            view = e.if_yes if e.practice["answer"] == "yes" else e.if_no
            lines.append(f"practice since {e.practice['date']} ({e.name}): {view}")
    return lines


def _why_triggered(
    book: CompiledRulebook, atom: str, cases: Sequence[Case], results: Sequence[CaseResult]
) -> list[str]:
    for case, res in zip(cases, results, strict=True):
        fired = [book.provision(p) for p in res.fired]
        leads = [p for p in fired if p.concludes == atom]
        if not leads:
            continue
        concluded = res.concluded(book)
        lead = min(leads, key=lambda p: p.index)
        lines = [f"{lead.id} ({lead.source.cites}) holds for '{case.event}'"]
        for needed in _positive_atoms(lead):
            for q in sorted((p for p in fired if p.concludes == needed), key=lambda p: p.index):
                held = why.held(q.when, case.facts, concluded.__contains__)
                lines.append(f"{needed} ← {q.id} ({q.source.cites}): " + ("; ".join(held) or "holds"))
        return lines
    return []


def _why_not(
    book: CompiledRulebook,
    date: dt.date,
    blocking: Sequence[str],
    atom: str,
    cases: Sequence[Case],
    results: Sequence[CaseResult],
) -> list[str]:
    """For each event (the most permissive readings), why each blocking provision failed."""
    lines: list[str] = []
    seen_events: list[str] = []
    # The last case of each event has every free reading answered yes: what fails there
    # fails on the text itself, whatever the readings.
    last: dict[str, tuple[Case, CaseResult]] = {}
    for case, res in zip(cases, results, strict=True):
        last[case.event] = (case, res)
        if case.event not in seen_events:
            seen_events.append(case.event)
    for event in seen_events[:MAX_EVENTS_EXPLAINED]:
        case, res = last[event]
        concluded = res.concluded(book)
        for pid in blocking:
            p = book.provision(pid)
            if p.concludes != atom:
                lines.append(f"'{event}': {pid} ({p.source.cites}) applies and defeats it")
                continue
            if pid in res.applies:
                lines.append(f"'{event}': {pid} applies but is defeated by {', '.join(p.defeated_by)}")
                continue
            reasons = why.failed(p.condition, case.facts, concluded.__contains__)
            lines.append(f"'{event}': {pid} ({p.source.cites}) fails — " + ("; ".join(reasons) or "no"))
            for needed in _positive_atoms(p):
                if needed in concluded:
                    continue
                for q in book.provisions:
                    if q.concludes != needed or not q.source.valid_on(date):
                        continue
                    failed = why.failed(q.condition, case.facts, concluded.__contains__)
                    shown = failed[0] if failed else f"defeated by {', '.join(q.defeated_by)}"
                    lines.append(f"  {needed} ← {q.id} ({q.source.cites}, {q.source.title}): {shown}")
    return lines


def _positive_atoms(p: CompiledProvision) -> list[str]:
    out: list[str] = []
    for leaf in c.leaves(p.when):
        if isinstance(leaf, c.Atom) and leaf.positive and leaf.name not in out:
            out.append(leaf.name)
    return out
