"""A sweep's rows from caches: what `casus run` says of each edited file, without validating
and judging a whole file per combination.

A row depends on few things, and each is computed once per distinct input:

* validity. The load path's problems are the model's and the placeholders', each about one
  value (a date out of range), plus the references', which read a known set of fields. So
  a combination's message is cached by the values of the fields that have a value refused
  on its own and of the fields the references read; it is the load path's own message when
  a value is refused alone, and the references' alone otherwise.
* the validated parts: each event once per distinct tuple of its varied values, the rest of
  the scenario once per distinct tuple of the other varied values that matter.
* each event's results under a treaty: one bit mask per outcome over the open-reading
  combinations, once per distinct (event, judged fields); and again by the facts themselves,
  so that values that change no fact (an event's date, its id) reuse the evaluation. The
  cases of all reading combinations go to the evaluator in one call.
* the statuses: once per distinct tuple of the events' masks (judging._result's rule).

Which fields a cache is keyed by is declared below, next to the code that reads them
(engine.law.facts, engine.verdict.judging, engine.formats.scenario.reference_problems);
tests/test_sweep.py checks rows against the normal load-and-judge path.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.analyses import readingtree
from engine.analyses.readingtree import world_masks
from engine.analyses.sweepfields import Vary, with_values
from engine.evaluators.python import Evaluator, PythonEvaluator
from engine.formats.errors import InputError, Problem
from engine.formats.modelcheck import validate
from engine.formats.scenario import Event, Scenario, reference_problems
from engine.formats.yamlsafe import Located
from engine.law.cases import CombinationLimitError, event_worlds
from engine.law.catalogue import Catalogue, scenario_from
from engine.law.compiler import CompiledRulebook
from engine.law.facts import READING_PREFIX, Case, reading_combinations
from engine.verdict.judging import free_readings, pinned_readings, treaties_for

INVALID = "invalid"
CRASHED = "crashed"
ABSENT = "-"  # the treaty does not apply to this variant

# Top-level fields a verdict's statuses read: facts.applicable and facts.event_facts (date,
# actors, requests, unsc_authorisation, treaties, expect) and judging.pinned_readings
# (readings). id, title, summary, sources, practice and notes never change a status.
JUDGED = frozenset({"date", "actors", "requests", "unsc_authorisation", "readings", "treaties", "expect"})
# Of those, what facts.applicable reads to decide which treaties apply.
APPLICABILITY = frozenset({"date", "actors", "requests", "treaties", "expect"})
# What scenario.reference_problems reads: these top-level fields (readings only by name,
# which a --vary path fixes), and these fields of each event.
REFERENCED = frozenset({"actors", "requests", "practice", "treaties", "expect"})
EVENT_REFERENCED = frozenset(
    {("id",), ("by",), ("against",), ("kind",), ("where", "territory_of"), ("where", "administered_by")}
)
CACHE_LIMIT = 200_000  # entries per cache: a huge sweep of all-distinct keys keeps flat memory

Key = Callable[[Sequence[Any]], tuple[Any, ...]]
# (all combinations' bits, per outcome the combinations that surely conclude it, then those
# that may: they differ where the file leaves a fact unstated; readingtree.world_masks)
Masks = tuple[int, ...]


@dataclass(slots=True)  # not frozen: that costs half a microsecond per row, and rows are only read
class Row:
    index: int
    values: tuple[Any, ...]
    statuses: tuple[str, ...]  # one per column
    also: tuple[str, ...] = ()  # treaties that apply to this variant but are not columns
    error: str | None = None


@dataclass(frozen=True)
class _Plan:
    """The treaties that apply to some combinations, each with its events' mask caches."""

    books: tuple[tuple[CompiledRulebook, list[dict[Any, Masks]]], ...]
    also: tuple[str, ...]  # those that are not columns


def key_of(indices: Sequence[int]) -> Key:
    """The values at `indices`, as a tuple: what a cache is keyed by."""
    if not indices:
        return lambda values: ()
    if len(indices) == 1:
        (i,) = indices
        return lambda values: (values[i],)
    return operator.itemgetter(*indices)  # type: ignore[return-value]  # a tuple for two or more


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    if len(cache) >= CACHE_LIMIT:
        cache.clear()
    cache[key] = value
    return value


class CachedJudge:
    """Rows of one file's combinations, equal to loading and judging each edited file."""

    def __init__(
        self,
        located: Located,
        path: Path,
        catalogue: Catalogue,
        evaluator: Evaluator,
        varies: Sequence[Vary],
        columns: Sequence[tuple[str, str]],
        forced: Sequence[str],
        *,
        unstated_as_no: bool = False,
    ) -> None:
        self.located, self.path, self.catalogue, self.evaluator = located, path, catalogue, evaluator
        self.unstated_as_no = unstated_as_no  # --assume-unstated=no, set on each variant as on a loaded file
        self.varies, self.columns, self.forced = tuple(varies), tuple(columns), tuple(forced)
        self.vocabulary = catalogue.vocabulary()
        data = located.data
        n_events = len(data["events"])
        top = [j for j, v in enumerate(varies) if v.path[0] != "events"]
        per_event = [[j for j, v in enumerate(varies) if v.path[:2] == ("events", i)] for i in range(n_events)]
        self._judged_varies = [j for j in top if varies[j].path[0] in JUDGED]
        self._judged_key = key_of(self._judged_varies)
        self._applicable_key = key_of([j for j in top if varies[j].path[0] in APPLICABILITY])
        self._event_varies = per_event
        self._event_keys = [key_of(js) for js in per_event]
        referenced = [j for j in top if varies[j].path[0] in REFERENCED]
        referenced += [j for js in per_event for j in js if varies[j].path[2:] in EVENT_REFERENCED]
        self._bad = [self._refused_alone(v) for v in varies]
        self._bad_varies = [j for j, bad in enumerate(self._bad) if bad]
        self._validity_key = key_of(sorted(set(referenced) | set(self._bad_varies)))
        self._column_of = {col: k for k, col in enumerate(self.columns)}
        self._column_treaties = {t for t, _ in self.columns}
        self._base_scenario: dict[Any, Scenario] = {}
        self._events: list[dict[Any, Event]] = [{} for _ in range(n_events)]
        self._errors: dict[Any, str | None] = {}
        self._plans: dict[Any, _Plan] = {}
        self._masks: dict[tuple[str, int], dict[Any, Masks]] = {}
        self._masks_by_facts: dict[Any, Masks] = {}
        self._cells: dict[Any, tuple[str, ...]] = {}
        self._free: dict[Any, tuple[str, ...]] = {}

    # --- one combination ---

    def row(self, index: int, values: tuple[Any, ...]) -> Row:
        vkey = self._validity_key(values)
        error = self._errors[vkey] if vkey in self._errors else _remember(self._errors, vkey, self._error(values))
        if error is not None:
            return Row(index, values, (INVALID,) * len(self.columns), (), error)
        akey = self._applicable_key(values)
        plan = self._plans.get(akey)
        if plan is None:
            plan = _remember(self._plans, akey, self._plan(values))
        judged = self._judged_key(values)
        event_keys = [(judged, key(values)) for key in self._event_keys]
        found: list[Masks] = []
        try:
            for book, caches in plan.books:
                for i, cache in enumerate(caches):
                    masks = cache.get(event_keys[i])
                    if masks is None:
                        masks = _remember(cache, event_keys[i], self._event_masks(book, i, values))
                    found.append(masks)
        except CombinationLimitError as exc:  # `casus run` refuses this variant with the same words
            return Row(index, values, (INVALID,) * len(self.columns), (), "; ".join(str(p) for p in exc.problems))
        key = (akey, tuple(found))
        cells = self._cells.get(key)
        if cells is None:
            cells = _remember(self._cells, key, self._statuses(plan, found))
        return Row(index, values, cells, plan.also)

    def _plan(self, values: Sequence[Any]) -> _Plan:
        books = treaties_for(self._scenario(values), self.catalogue, self.forced)
        caches = tuple(
            (book, [self._masks.setdefault((book.id, i), {}) for i in range(len(self._events))]) for book in books
        )
        also = tuple(sorted(book.id for book in books if book.id not in self._column_treaties))
        return _Plan(caches, also)

    def _statuses(self, plan: _Plan, found: Sequence[Masks]) -> tuple[str, ...]:
        """Each column's status, judging._result's way, from each event's masks."""
        cells = [ABSENT] * len(self.columns)
        n = len(self._events)
        for b, (book, _) in enumerate(plan.books):
            statuses = readingtree.statuses(found[b * n : (b + 1) * n], len(book.rulebook.outcomes))
            if book.id in self._column_treaties:
                for outcome, status in zip(book.rulebook.outcomes, statuses, strict=True):
                    cells[self._column_of[(book.id, outcome)]] = status
        return tuple(cells)

    # --- validity: the load path's messages, computed once per distinct input ---

    def _refused_alone(self, vary: Vary) -> frozenset[Any]:
        """The values the load path refuses even with every other field as in the file."""
        return frozenset(x for x in vary.values if self.load_error(with_values(self.located.data, [vary], [x])))

    def _error(self, values: Sequence[Any]) -> str | None:
        data = with_values(self.located.data, self.varies, values)
        if any(values[j] in self._bad[j] for j in self._bad_varies):
            return self.load_error(data)
        # No value is refused alone, so the model and the placeholders find nothing wrong
        # (their problems are each a single value's) and only the references can: the rest
        # of scenario_problems, without validating the whole file.
        problems = reference_problems(data, self.located, self.vocabulary)
        problems.sort(key=Problem.sort_key)
        return "; ".join(str(p) for p in problems) or None

    def load_error(self, data: dict[str, Any]) -> str | None:
        """What the normal load path says of this edit of the file, if it refuses it."""
        try:
            scenario_from(self._located(data), self.catalogue, self.path)
        except InputError as exc:
            return "; ".join(str(p) for p in exc.problems)
        return None

    def _located(self, data: dict[str, Any]) -> Located:
        # The file's positions still locate every varied path: values replace values.
        return Located(self.located.file, data, self.located.positions, self.located.key_positions)

    # --- the validated parts ---

    def _scenario(self, values: Sequence[Any]) -> Scenario:
        """The scenario with the judged top-level values set (its events are the file's)."""
        key = self._judged_key(values)
        found = self._base_scenario.get(key)
        if found is None:
            js = self._judged_varies
            data = with_values(self.located.data, [self.varies[j] for j in js], [values[j] for j in js])
            found = validate(Scenario, self._located(data))
            found._unstated_as_no = self.unstated_as_no
            _remember(self._base_scenario, key, found)
        return found

    def _event(self, i: int, values: Sequence[Any]) -> Event:
        key = self._event_keys[i](values)
        cache = self._events[i]
        found = cache.get(key)
        if found is None:
            js = self._event_varies[i]
            data = with_values(self.located.data, [self.varies[j] for j in js], [values[j] for j in js])
            found = _remember(cache, key, Event.model_validate(data["events"][i]))
        return found

    # --- evaluation ---

    def _event_masks(self, book: CompiledRulebook, i: int, values: Sequence[Any]) -> Masks:
        scenario, event = self._scenario(values), self._event(i, values)
        pinned = pinned_readings(scenario, book, {})
        free = self._free_readings(book, scenario.date, pinned)
        # The facts under each answer to what the file leaves unstated (pinned readings included).
        worlds = event_worlds(book, scenario, event, pinned, free).facts
        by_facts = (book.id, tuple(tuple(facts.items()) for facts in worlds), free)
        found = self._masks_by_facts.get(by_facts)
        if found is None:
            found = _remember(self._masks_by_facts, by_facts, self._evaluate(book, worlds, free))
        return found

    def _evaluate(self, book: CompiledRulebook, worlds: Sequence[dict[str, Any]], free: tuple[str, ...]) -> Masks:
        if isinstance(self.evaluator, PythonEvaluator):
            return world_masks(book, worlds, free)
        # Any other engine gets every world's reading combinations as cases, in one call.
        combos = reading_combinations(free)
        cases = [
            Case(f"sweep#{w * len(combos) + c}", "sweep", combo, {**facts, **{READING_PREFIX + r: x for r, x in combo}})
            for w, facts in enumerate(worlds)
            for c, combo in enumerate(combos)
        ]
        concluded = [{book.provision(p).concludes for p in r.fired} for r in self.evaluator.run(book, cases)]
        everything = (1 << len(combos)) - 1
        outcomes = [f"outcome.{o}" for o in book.rulebook.outcomes]
        surely, maybe = [everything] * len(outcomes), [0] * len(outcomes)
        for w in range(len(worlds)):
            part = concluded[w * len(combos) : (w + 1) * len(combos)]
            for i, atom in enumerate(outcomes):
                mask = sum(1 << c for c, atoms in enumerate(part) if atom in atoms)
                surely[i] &= mask
                maybe[i] |= mask
        return (everything, *surely, *maybe)

    def _free_readings(self, book: CompiledRulebook, date: dt.date, pinned: dict[str, bool]) -> tuple[str, ...]:
        """The open readings of judging.judge_treaty: those in play on the date and not pinned."""
        key = (book.id, date, tuple(pinned))
        found = self._free.get(key)
        if found is None:
            found = tuple(free_readings(book, date, pinned))
            _remember(self._free, key, found)
        return found
