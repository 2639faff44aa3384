"""ATOP-style coding of a rulebook: its obligations and their conditions, read off its provisions.

The Alliance Treaty Obligations and Provisions project (ATOP) codes each alliance by the
obligations it creates (defence, offence, neutrality, non-aggression, consultation) and by
whether an obligation is conditional on where the attack happens, who attacks, the ally not
having provoked it, and so on. This module derives the same kind of coding from a casus
rulebook, never from a table written per treaty:

1. An outcome on a date is expanded into one condition over base facts and readings: the
   provisions valid that day that conclude it, with every derived fact replaced by the
   provisions concluding it and every exception (`defeats`) by its negation. A provision's
   `needs_request` becomes the victim's request as a further condition.
2. The outcome is an *obligation* on that date if this condition can be true at all.
3. It is *conditional on* a feature (location, adversary, ...) if some value of the facts that
   describe that feature makes it impossible whatever else is true: NATO's defence is
   conditional on location because no NATO defence follows an attack in the South Atlantic.
   A feature whose facts can only widen the obligation (a request as an alternative way to
   consultation) does not make it conditional.
4. Each of 1-3 is decided under every assignment of the readings the condition depends on.
   The same answer under all of them gives `yes` or `no`; different answers give `contested`
   and name the readings, as a verdict does. A reading settled by a subsequent agreement of
   the parties on or before the date takes its agreed answer, as in a verdict.

Which facts describe which feature is the one judgement in the mapping (FEATURE_FACTS); it
is documented in docs/atop.md.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from engine.law import conditions as c
from engine.law.compiler import CompiledProvision, CompiledRulebook
from engine.law.facts import BASE_FACTS, READING_PREFIX, REQUEST_FACT
from engine.law.satisfiable import satisfiable
from engine.verdict.judging import settled_readings

Code = Literal["yes", "no", "contested", "unknown"]
FALSE: c.Cond = c.Any_(())
TRUE: c.Cond = c.TRUE

# casus outcome -> ATOP obligation. collective_deployment (sending an organisation's standing
# forces) has no ATOP counterpart and is not coded; casus models no offence, neutrality or
# non-aggression outcome, so those columns are reported as not modelled.
OBLIGATIONS = {"collective_defence": "defense", "consultation": "consul"}
NOT_MODELLED = ("offense", "neutral", "nonagg")

# The judgement: which base facts describe each ATOP condition (docs/atop.md says why).
# Facts named by prefix (area.) cover every shipped area polygon.
FEATURE_FACTS: dict[str, tuple[str, ...]] = {
    "location": ("region", "latitude", "longitude", "administered_by", "administered_by_victim", "area."),
    "adversary": ("attacker",),
    "nonprovocation": ("provoked_by_victim",),
    "request": (
        "victim_requested_consultation",
        "victim_requested_assistance",
        "victim_requested_deployment",
        "host_requested_deployment",
        "member_requested_consultation",
        "member_requested_deployment",
    ),
    "conflict": ("victim_joined_war",),
}
FEATURES = tuple(FEATURE_FACTS)
MAX_READINGS = 10  # 1,024 assignments; no shipped rulebook's outcome depends on more than 6
FRESH_STATE = "ZZZ"  # an ISO user-assigned code no rulebook names: "any other state"


@dataclass(frozen=True)
class Coded:
    """One ATOP variable: its code and the readings that make it contested."""

    code: Code
    readings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Obligation:
    name: str  # ATOP obligation: defense | consul
    outcome: str  # the casus outcome it is read from
    present: Coded
    conditions: dict[str, Coded]
    provisions: tuple[str, ...]  # provisions valid on the date that conclude the outcome


@dataclass(frozen=True)
class AtopRow:
    """A rulebook's ATOP-style coding over a span of dates in which it does not change."""

    treaty: str
    start: dt.date
    end: dt.date | None  # last day, inclusive; None: open
    members: tuple[str, ...]
    obligations: tuple[Obligation, ...]
    readings: tuple[str, ...] = field(default=())
    # ATOP's member-level coding in brief: one party's obligation narrower than the others'
    # (the rulebook's suspended_obligations in force), e.g. "USA: adversary (defense)".
    party_limits: tuple[str, ...] = field(default=())

    def obligation(self, name: str) -> Obligation | None:
        return next((o for o in self.obligations if o.name == name), None)

    def same_coding(self, other: AtopRow) -> bool:
        return (self.members, self.obligations, self.party_limits) == (
            other.members,
            other.obligations,
            other.party_limits,
        )


# -- 1. expansion ------------------------------------------------------------------------


class _Expander:
    """Outcomes and derived facts of one rulebook on one date, as conditions over base facts."""

    def __init__(self, book: CompiledRulebook, date: dt.date) -> None:
        self.book = book
        self.date = date
        self.valid = [p for p in book.provisions if p.source.valid_on(date)]
        self._memo: dict[str, c.Cond] = {}

    def concluding(self, atom: str) -> list[CompiledProvision]:
        return [p for p in self.valid if p.concludes == atom]

    def atom(self, name: str) -> c.Cond:
        if name not in self._memo:
            # Rulebooks are acyclic (the compiler refuses cycles), so this recursion ends.
            self._memo[name] = _any([self.fires(p) for p in self.concluding(name)])
        return self._memo[name]

    def fires(self, p: CompiledProvision) -> c.Cond:
        parts = [self.condition(p.when)]
        if p.needs_request:
            parts.append(c.Test(REQUEST_FACT[p.needs_request], "eq", True))
        for pid in p.defeated_by:
            exception = next((q for q in self.valid if q.id == pid), None)
            if exception is not None:
                parts.append(c.nnf(c.Not(self.fires(exception))))
        return _all(parts)

    def condition(self, cond: c.Cond) -> c.Cond:
        if isinstance(cond, c.Atom):
            expanded = self.atom(cond.name)
            return expanded if cond.positive else c.nnf(c.Not(expanded))
        if isinstance(cond, c.Test):
            if cond.fact == "date":
                return TRUE if cond.holds({"date": self.date}) else FALSE
            return cond
        if isinstance(cond, c.Not):
            return c.nnf(c.Not(self.condition(cond.item)))
        items = [self.condition(x) for x in cond.items]
        return _all(items) if isinstance(cond, c.All) else _any(items)


def _all(items: Iterable[c.Cond]) -> c.Cond:
    kept: list[c.Cond] = []
    for x in items:
        if x == FALSE:
            return FALSE
        if x != TRUE:
            kept.append(x)
    return kept[0] if len(kept) == 1 else c.All(tuple(kept))


def _any(items: Iterable[c.Cond]) -> c.Cond:
    kept: list[c.Cond] = []
    for x in items:
        if x == TRUE:
            return TRUE
        if x != FALSE:
            kept.append(x)
    return kept[0] if len(kept) == 1 else c.Any_(tuple(kept))


def fix(cond: c.Cond, values: Mapping[str, Any]) -> c.Cond:
    """The condition with the facts in `values` replaced by their values, simplified."""
    if isinstance(cond, c.Test):
        if cond.fact in values:
            return TRUE if cond.holds(values) else FALSE
        return cond
    if isinstance(cond, (c.All, c.Any_)):
        items = [fix(x, values) for x in cond.items]
        return _all(items) if isinstance(cond, c.All) else _any(items)
    return cond


def facts_in(cond: c.Cond) -> set[str]:
    return {leaf.fact for leaf in c.leaves(cond) if isinstance(leaf, c.Test)}


# -- 2-3. possible, conditional ------------------------------------------------------------


def _possible(cond: c.Cond) -> bool | None:
    if cond == TRUE:
        return True
    if cond == FALSE:
        return False
    return satisfiable(cond)


def _is_feature_fact(fact: str, feature: str) -> bool:
    return any(fact == f or (f.endswith(".") and fact.startswith(f)) for f in FEATURE_FACTS[feature])


def _candidates(fact: str, cond: c.Cond) -> list[Any]:
    """The values of `fact` worth trying: each class of values the condition tells apart."""
    spec = BASE_FACTS.get(fact)
    tested = [leaf for leaf in c.leaves(cond) if isinstance(leaf, c.Test) and leaf.fact == fact]
    if (spec is not None and spec.type == "bool") or fact.startswith(c.AREA_PREFIX):
        return [True, False]
    if spec is not None and spec.type == "enum":
        return list(spec.values)
    if spec is not None and spec.type == "state":
        named: list[Any] = []
        for t in tested:
            named.extend(t.value if isinstance(t.value, tuple) else (t.value,))
        return [*dict.fromkeys(named), FRESH_STATE]
    # Numbers: each tested constant and a value either side of it.
    points: list[float] = []
    for t in tested:
        if isinstance(t.value, (int, float)):
            points.extend((t.value - 0.5, t.value, t.value + 0.5))
    return sorted(set(points))


def _conditional(cond: c.Cond, feature: str) -> bool | None:
    """Some value of the feature's facts rules the outcome out, whatever else holds."""
    unknown = False
    for values in _trials(cond, feature):
        possible = _possible(fix(cond, values))
        if possible is False:
            return True
        unknown = unknown or possible is None
    return None if unknown else False


def _trials(cond: c.Cond, feature: str) -> list[dict[str, Any]]:
    """The assignments of the feature's facts to try: each fact's values one at a time, all
    its yes/no facts false together (no request of any kind), and for location each region
    outside every named area and every named state's territory ("elsewhere"): facts like
    region and territory_of are independent to the solver, so one at a time a clause such as
    SEATO's "the entire territories of the Asian parties" would keep any region possible."""
    facts = sorted(f for f in facts_in(cond) if _is_feature_fact(f, feature))
    if not facts:
        return []
    trials: list[dict[str, Any]] = [{fact: value} for fact in facts for value in _candidates(fact, cond)]
    bools = [f for f in facts if f.startswith(c.AREA_PREFIX) or _type(f) == "bool"]
    if len(bools) > 1:
        trials.append(dict.fromkeys(bools, False))
    if feature == "location":
        elsewhere: dict[str, Any] = dict.fromkeys(bools, False)
        elsewhere |= {f: FRESH_STATE for f in ("territory_of", "administered_by")}
        regions = _candidates("region", cond) if "region" in facts else [None]
        for region in regions:
            trials.append(elsewhere if region is None else {**elsewhere, "region": region})
    return trials


def _type(fact: str) -> str | None:
    spec = BASE_FACTS.get(fact)
    return spec.type if spec is not None else None


def _combine(answers: Mapping[tuple[tuple[str, bool], ...], bool | None], readings: Sequence[str]) -> Coded:
    """One code from the answer under each reading assignment."""
    values = set(answers.values())
    if None in values:
        return Coded("unknown")
    if values == {True}:
        return Coded("yes")
    if values == {False}:
        return Coded("no")
    # Name the readings whose answer changes the code: those that differ between two
    # assignments that give different codes and differ in that reading only.
    deciding: set[str] = set()
    for assignment, answer in answers.items():
        for i, (name, value) in enumerate(assignment):
            flipped = (*assignment[:i], (name, not value), *assignment[i + 1 :])
            if flipped in answers and answers[flipped] != answer:
                deciding.add(name)
    return Coded("contested", tuple(sorted(deciding or set(readings))))


def code_outcome(book: CompiledRulebook, outcome: str, date: dt.date) -> Obligation:
    expander = _Expander(book, date)
    settled = {READING_PREFIX + name: note.answer for name, note in settled_readings(book, date).items()}
    cond = fix(expander.atom(f"outcome.{outcome}"), settled)
    readings = sorted(f for f in facts_in(cond) if f.startswith(READING_PREFIX))[:MAX_READINGS]
    assignments = [
        tuple(zip(readings, vals, strict=True)) for vals in itertools.product((False, True), repeat=len(readings))
    ]
    present: dict[tuple[tuple[str, bool], ...], bool | None] = {}
    per_feature: dict[str, dict[tuple[tuple[str, bool], ...], bool | None]] = {f: {} for f in FEATURES}
    for assignment in assignments:
        fixed = fix(cond, dict(assignment))
        possible = _possible(fixed)
        present[assignment] = possible
        for feature in FEATURES:
            # An obligation that cannot arise on this reading is conditional on nothing.
            per_feature[feature][assignment] = False if possible is False else _conditional(fixed, feature)

    def coded(answers: Mapping[tuple[tuple[str, bool], ...], bool | None]) -> Coded:
        result = _combine(answers, readings)
        return Coded(result.code, tuple(r[len(READING_PREFIX) :] for r in result.readings))

    return Obligation(
        name=OBLIGATIONS[outcome],
        outcome=outcome,
        present=coded(present),
        conditions={f: coded(per_feature[f]) for f in FEATURES},
        provisions=tuple(p.id for p in expander.concluding(f"outcome.{outcome}")),
    )


# -- 4. rows by date ---------------------------------------------------------------------


def code_on(
    book: CompiledRulebook, date: dt.date, memo: dict[tuple[Any, ...], tuple[Obligation, ...]] | None = None
) -> AtopRow | None:
    """The coding on `date`, or None if the treaty has no parties that day. `memo` (one per
    rulebook) reuses the obligations of an earlier date on which the same law applied."""
    members = tuple(sorted(book.rulebook.members_on(date)))
    if not members:
        return None
    key = _law_on(book, date)
    obligations = memo.get(key) if memo is not None else None
    if obligations is None:
        obligations = tuple(
            code_outcome(book, outcome, date) for outcome in book.rulebook.outcomes if outcome in OBLIGATIONS
        )
        if memo is not None:
            memo[key] = obligations
    readings = sorted({r for o in obligations for coded in (o.present, *o.conditions.values()) for r in coded.readings})
    return AtopRow(book.id, date, None, members, obligations, tuple(readings), party_limits(book, date))


def party_limits(book: CompiledRulebook, date: dt.date) -> tuple[str, ...]:
    """Each party whose obligation is narrower than the others' on `date`, and how: only
    against named adversaries, or not towards one party."""
    out = []
    for s in book.rulebook.suspended_obligations:
        if not s.on(date):
            continue
        how = "adversary" if s.only_against else f"not to {s.owed_to}" if s.owed_to else "none"
        which = "/".join(OBLIGATIONS[o] for o in s.outcomes if o in OBLIGATIONS)
        out.append(f"{s.owed_by}: {how}" + (f" ({which})" if which else ""))
    return tuple(sorted(out))


def _law_on(book: CompiledRulebook, date: dt.date) -> tuple[Any, ...]:
    """What the coding on `date` depends on besides the members: the provisions in force, the
    answers of the rulebook's tests on the date, and the readings settled by then."""
    valid = tuple(p.id for p in book.provisions if p.source.valid_on(date))
    date_tests = tuple(t.holds({"date": date}) for t in book.tests_by_fact.get("date", ()))
    settled = tuple(sorted((name, note.answer) for name, note in settled_readings(book, date).items()))
    return valid, date_tests, settled


def boundaries(book: CompiledRulebook) -> list[dt.date]:
    """Every date on which the coding can change, in order: membership, a provision's
    validity, a date a condition tests, a reading settled by the parties' agreement, a
    party's obligation suspended or restored."""
    rulebook = book.rulebook
    days: set[dt.date] = set()
    for test in book.tests_by_fact.get("date", ()):
        for value in test.value if isinstance(test.value, tuple) else (test.value,):
            if isinstance(value, dt.date):
                days.update((value, value + dt.timedelta(days=1)))
    for reading in rulebook.readings.values():
        days.update(note.date for note in reading.practice if note.kind == "subsequent_agreement")
    for s in rulebook.suspended_obligations:
        days.add(s.from_)
        if s.to is not None:
            days.add(s.to + dt.timedelta(days=1))
    for intervals in rulebook.membership.values():
        for interval in intervals:
            days.add(interval.from_)
            if interval.to is not None:
                days.add(interval.to + dt.timedelta(days=1))
    for p in rulebook.provisions:
        if p.valid_from is not None:
            days.add(p.valid_from)
        if p.valid_to is not None:
            days.add(p.valid_to + dt.timedelta(days=1))
    return sorted(days)


def phases(book: CompiledRulebook) -> Iterator[AtopRow]:
    """The coding over the treaty's whole life: one row per span in which it does not change."""
    days = boundaries(book)
    memo: dict[tuple[Any, ...], tuple[Obligation, ...]] = {}
    current: AtopRow | None = None
    for day in days:
        row = code_on(book, day, memo)
        if current is not None and (row is None or not row.same_coding(current)):
            yield _ended(current, day - dt.timedelta(days=1))
            current = None
        if row is not None and current is None:
            current = row
    if current is not None:
        yield current


def _ended(row: AtopRow, last: dt.date) -> AtopRow:
    return AtopRow(row.treaty, row.start, last, row.members, row.obligations, row.readings, row.party_limits)


def coding(books: Sequence[CompiledRulebook], date: dt.date | None) -> list[AtopRow]:
    """Rows for the rulebooks: on `date` (those in force that day), or every phase of each."""
    rows: list[AtopRow] = []
    for book in books:
        if date is None:
            rows.extend(phases(book))
        else:
            row = code_on(book, date)
            if row is not None:
                rows.append(_ended(row, date))  # the coding on that one day
    return rows
