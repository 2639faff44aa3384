"""Facts -> engine -> verdict: one result per treaty and outcome, with its reasons.

The status comes from the chosen evaluator; the words of the explanation come from the
compiled conditions evaluated in Python, so they are identical whichever engine ran.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from engine.evaluators.python import CaseResult, Evaluator
from engine.formats.rulebook import PracticeNote
from engine.formats.scenario import Scenario
from engine.law.applicability import Applicability, not_applicable
from engine.law.cases import EventCases, event_cases, live_readings
from engine.law.catalogue import Catalogue
from engine.law.compiler import CompiledProvision, CompiledRulebook
from engine.law.facts import Case, applicable
from engine.verdict import unknowns, why, wording
from engine.verdict.unknowns import FactEffect


@dataclass
class ReadingEffect:
    name: str  # TREATY.reading
    question: str
    yes: str  # status under the reading answered yes
    no: str
    practice: dict[str, Any] | None
    # Words (engine/verdict/wording.py): the clauses completing "if ...", and the result once
    # this reading is answered ("if <if_yes>: triggered").
    if_yes: str = ""
    if_no: str = ""
    given_yes: str = ""
    given_no: str = ""

    def question_words(self) -> wording.Question:
        return wording.Question(self.if_yes, self.if_no)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"question": self.question, "yes": self.yes, "no": self.no}
        if self.practice:
            out["practice"] = self.practice
        return out


@dataclass
class Result:
    treaty: str
    outcome: str
    status: str
    provisions: list[str]
    explanation: str
    readings: list[ReadingEffect] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    pinned: dict[str, bool] = field(default_factory=dict)
    citations: dict[str, str] = field(default_factory=dict)
    # A contested result in plain words: "if <reading>: triggered; if not: not triggered".
    in_words: str = ""
    facts: list[FactEffect] = field(default_factory=list)  # unstated facts it turns on

    # Where obligations differ by pair (a suspended obligation): the parties bound to act
    # for the victim; None where every party is.
    bound: list[str] | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "treaty": self.treaty,
            "outcome": self.outcome,
            "status": self.status,
            "provisions": self.provisions,
            "explanation": self.explanation,
            "readings": {r.name: r.to_json() for r in self.readings},
        }
        if self.facts:
            out["facts"] = [f.to_json() for f in self.facts]
        if self.needs:
            out["needs"] = self.needs
        out["events"] = self.events
        out["citations"] = self.citations
        if self.bound is not None:
            out["bound"] = self.bound
        if self.pinned:
            out["pinned_readings"] = {k: "yes" if v else "no" for k, v in self.pinned.items()}
        return out


@dataclass
class Verdict:
    scenario: str
    date: dt.date
    results: list[Result]
    practice: list[dict[str, Any]] = field(default_factory=list)
    engine: str = ""
    # The treaties that do not apply on the date (left empty when --treaty chose the treaties).
    absent: Applicability = field(default_factory=lambda: Applicability([]))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "scenario": self.scenario,
            "date": self.date.isoformat(),
            "results": [r.to_json() for r in self.results],
        }
        if self.practice:
            out["practice"] = self.practice
        out.update(self.absent.json_keys())
        out["engine"] = self.engine
        return out

    def status(self, treaty: str, outcome: str) -> str | None:
        for r in self.results:
            if r.treaty == treaty and r.outcome == outcome:
                return r.status
        return None


def treaties_for(scenario: Scenario, catalogue: Catalogue, forced: Sequence[str] = ()) -> list[CompiledRulebook]:
    if forced:
        return [catalogue[t] for t in forced]
    return [book for book in catalogue.values() if applicable(book.rulebook, scenario)]


def pinned_readings(scenario: Scenario, book: CompiledRulebook, overrides: Mapping[str, bool]) -> dict[str, bool]:
    # A reading all the parties settled by subsequent agreement (VCLT Art. 31(3)) is answered
    # from that date; the scenario's readings and the command line may still pin it.
    out = {name: note.answer for name, note in settled_readings(book, scenario.date).items()}
    for source in (scenario.readings, overrides):
        for name, value in source.items():
            treaty, _, reading = name.partition(".")
            if treaty == book.id and reading in book.rulebook.readings:
                out[reading] = value
    return out


def settled_readings(book: CompiledRulebook, date: dt.date) -> dict[str, PracticeNote]:
    """The readings settled by a subsequent agreement of all the parties on or before `date`."""
    out = {}
    for name, reading in book.rulebook.readings.items():
        note = reading.settled_on(date)
        if note is not None:
            out[name] = note
    return out


def judge(
    scenario: Scenario,
    catalogue: Catalogue,
    evaluator: Evaluator,
    *,
    treaties: Sequence[str] = (),
    readings: Mapping[str, bool] | None = None,
) -> Verdict:
    results: list[Result] = []
    books = treaties_for(scenario, catalogue, treaties)
    for book in books:
        results.extend(judge_treaty(scenario, book, evaluator, readings or {}))
    practice = [p.model_dump(mode="json", exclude_none=True) for p in scenario.practice]
    absent = (
        Applicability([])
        if treaties
        else not_applicable((b.rulebook for b in catalogue.values()), scenario, (b.id for b in books))
    )
    return Verdict(scenario.id, scenario.date, results, practice, evaluator.name, absent)


def free_readings(book: CompiledRulebook, date: dt.date, pinned: Mapping[str, bool]) -> list[str]:
    """The readings left open on `date`: each one doubles the cases judged. All of them: the
    bound is on readings and unstated facts together (engine.law.cases.MAX_COMBINATIONS),
    and past it judging stops with a message, never with a silent cut."""
    return [r for r in book.readings_on(date) if r not in pinned]


def judged_readings(scenario: Scenario, book: CompiledRulebook, pinned: Mapping[str, bool]) -> list[str]:
    """The open readings a verdict branches on: those in force on the date that some
    provision could still read on the file's events (engine.law.cases.live_readings). The
    others cannot change a case, so leaving them out changes no status, only the cost.
    Comparisons use this list too; the proof trees of `explain` show every open reading."""
    return live_readings(book, scenario, dict(pinned), free_readings(book, scenario.date, pinned))


def judge_treaty(
    scenario: Scenario, book: CompiledRulebook, evaluator: Evaluator, overrides: Mapping[str, bool]
) -> list[Result]:
    pinned = pinned_readings(scenario, book, overrides)
    free = judged_readings(scenario, book, pinned)
    groups = event_cases(book, scenario, pinned, free)
    cases = [case for group in groups for case in group.cases]
    outcomes = evaluator.run(book, cases)
    return [
        _result(scenario, book, outcome, groups, cases, outcomes, free, pinned) for outcome in book.rulebook.outcomes
    ]


def _result(
    scenario: Scenario,
    book: CompiledRulebook,
    outcome: str,
    groups: Sequence[EventCases],
    cases: Sequence[Case],
    outcomes: Sequence[CaseResult],
    free: Sequence[str],
    pinned: dict[str, bool],
) -> Result:
    atom = f"outcome.{outcome}"
    concludes: dict[str, bool] = {}
    hits: list[tuple[Case, CaseResult]] = []
    for case, res in zip(cases, outcomes, strict=True):
        concludes[case.key] = any(book.provision(p).concludes == atom for p in res.fired)
        if concludes[case.key]:
            hits.append((case, res))
    # The status under each reading combination, whatever the file leaves unstated
    # (engine.verdict.unknowns); without unstated facts, each is triggered or not.
    tables = unknowns.tables(groups, concludes)
    by_combo = unknowns.per_reading(tables, 2 ** len(free))
    status = _aggregate(by_combo)
    effects = _reading_effects(book, free, by_combo, scenario.date) if status == "contested" else []
    fact_effects = unknowns.fact_effects(tables, free, book.id) if status == "contested" else []
    in_words = _in_words(free, by_combo, effects) if effects else ""
    candidates = book.for_outcome(outcome)
    if status == "not_triggered":
        provisions = _blocking(book, candidates, outcomes, scenario.date)
    else:
        provisions = _supporting(book, [r for _, r in hits], atom)
    needs = _needs(book, hits, atom)
    events = sorted({case.event for case, _ in hits})
    explanation = _explain(book, outcome, status, provisions, cases, outcomes, hits, effects, needs, in_words)
    if fact_effects:
        explanation += " " + " ".join(f"{f.words()[0].upper()}{f.words()[1:]}." for f in fact_effects)
    explanation += _settled_words(scenario, book, provisions, pinned)
    bound, bound_words = _bound(scenario, book, hits, outcome) if status != "not_triggered" else (None, "")
    explanation += bound_words
    citations = {pid: f"{book.provision(pid).source.cites} — {book.provision(pid).source.title}" for pid in provisions}
    pinned_q = {f"{book.id}.{k}": v for k, v in sorted(pinned.items())}
    result = Result(
        book.id,
        outcome,
        status,
        provisions,
        explanation,
        effects,
        needs,
        events,
        pinned_q,
        citations,
        in_words,
        fact_effects,
    )
    result.bound = bound
    return result


def _bound(
    scenario: Scenario, book: CompiledRulebook, hits: Sequence[tuple[Case, CaseResult]], outcome: str
) -> tuple[list[str] | None, str]:
    """Who is bound to act for the victims of the events that trigger the outcome, where a
    party's obligation to a victim is suspended (ANZUS: the United States towards New
    Zealand since 1986) or confined to some attackers (SEATO: the United States against
    communist aggression only), and the sentence that says so."""
    rulebook = book.rulebook
    pairs = sorted({(str(case.facts["victim"]), _behind(scenario, case.facts.get("attacker"))) for case, _ in hits})
    victims = sorted({v for v, _ in pairs})
    lists = [b for b in (rulebook.bound_to_act(v, scenario.date, a, outcome) for v, a in pairs) if b is not None]
    if not lists:
        return None, ""
    bound = sorted(set(lists[0]).intersection(*lists[1:]))
    suspended = [
        f"{s.owed_by}'s obligation is confined to attacks by {', '.join(s.only_against)}"
        if s.only_against
        else f"{s.owed_by}'s obligation to {s.owed_to or 'the victim'} is suspended since {s.from_.isoformat()}"
        for s in rulebook.suspended_obligations
        if any(s.applies(v, scenario.date, a, outcome) for v, a in pairs)
    ]
    who = ", ".join(bound) or "no party"
    return bound, f" Bound to act for {', '.join(victims)}: {who} ({'; '.join(suspended)})."


def _behind(scenario: Scenario, attacker: object) -> str:
    """The state behind an attacker: itself, or the sponsor of a non-state group."""
    if not isinstance(attacker, str):
        return "unknown"
    actor = scenario.actors.get(attacker)
    if actor is not None and actor.kind == "non_state" and actor.sponsor:
        return actor.sponsor
    return attacker


def _settled_words(
    scenario: Scenario, book: CompiledRulebook, provisions: Sequence[str], pinned: Mapping[str, bool]
) -> str:
    """Cite each subsequent agreement that answered a reading the deciding provisions test
    (unless the scenario pinned that reading itself)."""
    from engine.law import conditions as c

    tested = {
        leaf.fact.split(".", 1)[1]
        for pid in provisions
        for leaf in c.leaves(book.provision(pid).when)
        if isinstance(leaf, c.Test) and leaf.fact.startswith("reading.")
    }
    words = ""
    for name, note in sorted(settled_readings(book, scenario.date).items()):
        if name in tested and f"{book.id}.{name}" not in scenario.readings and pinned.get(name) == note.answer:
            act = note.cites or note.summary.rstrip(".")
            words += (
                f" {book.id}.{name} is answered {'yes' if note.answer else 'no'} since {note.date.isoformat()}"
                f" by subsequent agreement of all the parties (VCLT Art. 31(3)): {act}."
            )
    return words


def _aggregate(values: Sequence[str]) -> str:
    """One status from the statuses under each reading combination (engine.verdict.unknowns)."""
    return unknowns.overall(values)


def _reading_effects(
    book: CompiledRulebook, free: Sequence[str], by_combo: Sequence[str], date: dt.date
) -> list[ReadingEffect]:
    effects = []
    for i, name in enumerate(free):
        bit = 1 << (len(free) - 1 - i)  # itertools.product order: first reading is the high bit
        matters = any(by_combo[k] != by_combo[k ^ bit] for k in range(len(by_combo)))
        if not matters:
            continue
        yes = _aggregate([by_combo[k] for k in range(len(by_combo)) if k & bit])
        no = _aggregate([by_combo[k] for k in range(len(by_combo)) if not k & bit])
        reading = book.rulebook.readings[name]
        note = reading.practice_on(date)
        practice = (
            {
                "date": note.date.isoformat(),
                "answer": "yes" if note.answer else "no",
                "summary": note.summary,
                "sources": note.sources,
            }
            if note
            else None
        )
        words = wording.reading_question(name, reading.if_yes, reading.if_no)
        effects.append(
            ReadingEffect(f"{book.id}.{name}", reading.question, yes, no, practice, words.if_yes, words.if_no)
        )
    return effects


def _in_words(free: Sequence[str], by_combo: Sequence[str], effects: list[ReadingEffect]) -> str:
    """The contested result said over the readings that matter; fills each effect's given_* words."""
    names = [e.name.split(".", 1)[1] for e in effects]
    bits = [1 << (len(free) - 1 - free.index(n)) for n in names]
    table: dict[tuple[bool, ...], str] = {}
    for k, status in enumerate(by_combo):  # the readings left out do not change the answer
        table[tuple(bool(k & b) for b in bits)] = status
    questions = [e.question_words() for e in effects]
    for i, e in enumerate(effects):
        e.given_yes = wording.under_answer(questions, table, i, True)
        e.given_no = wording.under_answer(questions, table, i, False)
    return wording.combination(questions, table)


def _supporting(book: CompiledRulebook, results: Sequence[CaseResult], atom: str) -> list[str]:
    """The provisions that fired for the outcome, then the ones their conditions relied on."""
    chosen: list[str] = []
    for res in results:
        queue = [p for p in sorted(res.fired, key=_order(book)) if book.provision(p).concludes == atom]
        while queue:
            pid = queue.pop(0)
            if pid in chosen:
                continue
            chosen.append(pid)
            needed = {leaf.name for leaf in _positive_atoms(book.provision(pid))}
            queue.extend(q for q in sorted(res.fired, key=_order(book)) if book.provision(q).concludes in needed)
    return chosen


def _positive_atoms(p: CompiledProvision) -> list[Any]:
    from engine.law import conditions as c

    return [leaf for leaf in c.leaves(p.condition) if isinstance(leaf, c.Atom) and leaf.positive]


def _order(book: CompiledRulebook) -> Any:
    # By id, not by position in the file: reordering a rulebook must not change a verdict.
    return lambda pid: pid


def _blocking(
    book: CompiledRulebook, candidates: Sequence[CompiledProvision], outcomes: Sequence[CaseResult], date: dt.date
) -> list[str]:
    in_force = [p for p in candidates if p.source.valid_on(date)] or list(candidates)
    out = sorted(p.id for p in in_force)
    for p in sorted(in_force, key=lambda p: p.id):
        for res in outcomes:
            if p.id in res.applies:
                out.extend(x for x in p.defeated_by if x in res.fired and x not in out)
    return out


def _needs(book: CompiledRulebook, hits: Sequence[tuple[Case, CaseResult]], atom: str) -> list[str]:
    needs: set[str] = set()
    for case, res in hits:
        case_needs = set()
        for pid in res.fired:
            p = book.provision(pid)
            if p.concludes != atom:
                continue
            if p.needs_request is None or case.facts.get(f"victim_requested_{p.needs_request}"):
                return []
            case_needs.add(f"request by {case.facts['victim']}")
        needs |= case_needs
    return sorted(needs)


def _explain(
    book: CompiledRulebook,
    outcome: str,
    status: str,
    provisions: Sequence[str],
    cases: Sequence[Case],
    outcomes: Sequence[CaseResult],
    hits: Sequence[tuple[Case, CaseResult]],
    effects: Sequence[ReadingEffect],
    needs: Sequence[str],
    in_words: str = "",
) -> str:
    words = outcome.replace("_", " ")
    parts: list[str] = []
    if status == "triggered":
        case, res = hits[0]
        lead = provisions[0]
        p = book.provision(lead)
        reasons = why.held(p.when, case.facts, lambda a: a in res.concluded(book))
        parts.append(
            f"{book.id} {words} is triggered by event '{case.event}': {lead} ({p.source.cites}) applies — {p.source.summary.strip()}"
        )
        if reasons:
            parts.append("Its conditions hold: " + "; ".join(reasons) + ".")
    elif status == "contested":
        if in_words:
            parts.append(f"{book.id} {words} depends on how the law is read: {in_words}.")
        else:  # no reading matters: only facts the file leaves out (added after, engine.verdict.unknowns)
            parts.append(f"{book.id} {words} depends on facts the file does not state.")
        for e in effects:
            line = f"{e.name} asks: {e.question}"
            if e.practice:
                view = e.if_yes if e.practice["answer"] == "yes" else e.if_no
                line += f" The organisation's practice since {e.practice['date']} takes the view that {view}."
            parts.append(line)
        if provisions:
            parts.append("Provisions in play: " + ", ".join(provisions) + ".")
    else:
        parts.append(f"{book.id} {words} is not triggered.")
        by_key = {r.key: r for r in outcomes}
        for pid in provisions:
            p = book.provision(pid)
            if p.concludes != f"outcome.{outcome}":
                parts.append(f"{pid} ({p.source.cites}) applies and defeats it.")
                continue
            for case in cases:
                res = by_key[case.key]
                if pid in res.applies:
                    blockers = ", ".join(x for x in p.defeated_by if x in res.fired)
                    parts.append(f"{pid} applies to '{case.event}' but is defeated by {blockers}.")
                    break
                concluded = res.concluded(book)
                reasons = why.failed(p.condition, case.facts, concluded.__contains__)
                parts.append(
                    f"{pid} ({p.source.cites}) does not apply to '{case.event}': {reasons[0] if reasons else 'no'}."
                )
                break
    if needs:
        parts.append(
            "The treaty makes the victim's request a condition; none is recorded: needs " + ", ".join(needs) + "."
        )
    return " ".join(parts)
