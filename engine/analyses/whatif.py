"""Counterfactuals: the fewest changes to a scenario file that flip an outcome's status.

Breadth-first over one-field edits (engine.analyses.edits), then pairs, up to `max_changes`.
Edits whose effect on every rule test is identical are tried once (the others are
listed as alternatives): that is what keeps the pair level small enough to be fast.
Every proposal is written back into the file's own text, re-loaded with the full
validation and re-judged, so nothing is reported that would not change the verdict.

With a Budget, the search stops at the next edit once the time is spent and the budget
records how far it got (treaties, edits of the current level): the flips found by then
are still verified and reported, labelled partial by the command.
"""

from __future__ import annotations

import copy
import difflib
import io
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from ruamel.yaml import YAML

from engine.analyses import readingtree
from engine.analyses.edits import Edit, apply, candidates
from engine.analyses.readingtree import world_masks
from engine.evaluators.python import PythonEvaluator
from engine.formats.budget import Budget
from engine.formats.errors import InputError
from engine.formats.scenario import Scenario, check_references
from engine.formats.yamlsafe import Located, load_yaml
from engine.law.applicability import not_applicable
from engine.law.cases import CombinationLimitError, event_worlds
from engine.law.catalogue import Catalogue, LoadedScenario, scenario_from
from engine.law.compiler import CompiledRulebook, iter_tests
from engine.law.facts import READING_PREFIX, applicable
from engine.verdict.judging import free_readings, judge, pinned_readings, treaties_for

PAIR_BUDGET = 2500  # evaluations per treaty at each level above 1: bounds the worst case
SHOWN = 5  # counterfactuals reported per outcome
NOT_APPLICABLE = "not_applicable"  # `before` of a treaty that does not apply on the scenario's date


@dataclass
class Counterfactual:
    treaty: str
    outcome: str
    before: str
    after: str
    edits: tuple[Edit, ...]
    alternatives: list[str] = field(default_factory=list)
    text: str = ""  # the whole file with the change made
    diff: str = ""

    @property
    def reason(self) -> str:
        change = " and ".join(e.words for e in self.edits)
        words = self.outcome.replace("_", " ")
        return f"if {change}, {self.treaty} {words} would be {self.after.replace('_', ' ')} (now {self.before.replace('_', ' ')})"

    def to_json(self) -> dict[str, Any]:
        return {
            "treaty": self.treaty,
            "outcome": self.outcome,
            "before": self.before,
            "after": self.after,
            "changes": len(self.edits),
            "fields": [e.field for e in self.edits],
            "reason": self.reason,
            "alternatives": self.alternatives,
            "diff": self.diff,
        }


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)  # the style of the shipped scenario files
    return yaml


class _Search:
    def __init__(
        self, data: dict[str, Any], book: CompiledRulebook, overrides: Mapping[str, bool], forced: bool, as_no: bool
    ):
        self.data = data
        self.as_no = as_no  # --assume-unstated=no: each variant reads unstated facts as no
        self.book = book
        self.overrides = overrides
        self.forced = forced
        self.tests = [t for t in sorted(set(iter_tests(book)), key=repr) if not t.fact.startswith(READING_PREFIX)]
        self.seen: dict[Any, dict[str, str]] = {}

    def run(self, edits: tuple[Edit, ...]) -> tuple[Any, dict[str, str]] | None:
        """(signature, statuses) of the scenario with `edits` made, or None if it is invalid."""
        data = copy.deepcopy(self.data)
        apply(data, edits, plain=True)
        try:
            scenario = Scenario.model_validate(data)
        except ValidationError:
            return None
        scenario._unstated_as_no = self.as_no
        vocab = {self.book.id: frozenset(self.book.rulebook.readings)}
        located = Located("", data)
        problems = [p for p in check_references(scenario, located, vocab) if "unknown treaty" not in p.message]
        if problems or not (self.forced or applicable(self.book.rulebook, scenario)):
            return None
        pinned = pinned_readings(scenario, self.book, self.overrides)
        free = free_readings(self.book, scenario.date, pinned)
        # Each event's facts under each answer to what the file leaves unstated; the readings
        # are left open here: world_masks branches on them.
        try:
            events = [event_worlds(self.book, scenario, event, pinned, free).facts for event in scenario.events]
        except CombinationLimitError:
            return None  # too many unknowns to judge: not a variant to propose
        signature = (
            tuple(free),
            tuple(sorted(pinned.items())),
            tuple(tuple(tuple(t.holds(facts) for t in self.tests) for facts in worlds) for worlds in events),
        )
        if signature in self.seen:
            return signature, self.seen[signature]
        # Each event is evaluated only on the open readings its rules read (readingtree).
        masks = [world_masks(self.book, worlds, free) for worlds in events]
        outcomes = self.book.rulebook.outcomes
        statuses: dict[str, str] = dict(zip(outcomes, readingtree.statuses(masks, len(outcomes)), strict=True))
        self.seen[signature] = statuses
        return signature, statuses


def whatif(
    loaded: LoadedScenario,
    text: str,
    catalogue: Catalogue,
    *,
    treaties: Sequence[str] = (),
    outcomes: Sequence[str] = (),
    readings: Mapping[str, bool] | None = None,
    max_changes: int = 2,
    shown: int = SHOWN,
    budget: Budget | None = None,
) -> list[Counterfactual]:
    budget = budget or Budget(0)
    overrides = dict(readings or {})
    scenario = loaded.scenario
    out: list[Counterfactual] = []
    books = treaties_for(scenario, catalogue, treaties)
    # Without --treaty, also the treaties that do not apply on the date but would near it
    # (a state joining soon after): the change that makes one apply is a flip too.
    absent = (
        []
        if treaties
        else [
            catalogue[n.treaty]
            for n in not_applicable((b.rulebook for b in catalogue.values()), scenario, (b.id for b in books)).listed
        ]
    )
    searched = [*books, *absent]
    for number, book in enumerate(searched):
        if budget.spent():
            budget.stop(f"searching {number} of {len(searched)} treaties")
            break
        search = _Search(loaded.located.data, book, overrides, bool(treaties), scenario._unstated_as_no)
        base = search.run(())
        if base is None and book not in absent:
            continue
        base_sig, base_status = base or (None, dict.fromkeys(book.rulebook.outcomes, NOT_APPLICABLE))
        wanted = [o for o in book.rulebook.outcomes if not outcomes or o in outcomes]
        found: dict[str, list[Counterfactual]] = {o: [] for o in wanted}
        # Level 1: every edit; edits with the same effect on every test form one class.
        classes: dict[Any, list[Edit]] = {}
        locked = frozenset(k for k in overrides if k.startswith(f"{book.id}."))
        edits = list(candidates(scenario, book, locked))
        where = f"{book.id} ({number + 1} of {len(searched)} treaties)"
        for tried, edit in enumerate(edits):
            if budget.spent():
                budget.stop(f"trying {tried} of {len(edits)} single changes under {where}")
                break
            budget.tell(tried, len(edits), f"{where}: single changes")
            res = search.run((edit,))
            if res is None or res[0] == base_sig:
                continue
            sig, statuses = res
            if sig in classes:
                classes[sig].append(edit)
                continue
            classes[sig] = [edit]
            _record(found, book.id, base_status, statuses, (edit,))
        reps = [group[0] for group in classes.values()]
        alternatives = {id(group[0]): [e.words for e in group[1:]] for group in classes.values()}
        for size in range(2, max_changes + 1):
            open_ = [o for o in wanted if not found[o]]
            if not open_ or budget.partial:
                break
            left = PAIR_BUDGET
            for combo in itertools.combinations(reps, size):
                if len({e.field for e in combo}) < size:
                    continue
                left -= 1
                if left < 0:
                    break
                if budget.spent():
                    budget.stop(f"trying {PAIR_BUDGET - left - 1} changes of {size} fields under {where}")
                    break
                budget.tell(PAIR_BUDGET - left, PAIR_BUDGET, f"{where}: changes of {size} fields")
                res = search.run(combo)
                if res is None:
                    continue
                _record(found, book.id, base_status, res[1], combo, only=open_)
        for outcome in wanted:
            ranked = sorted(found[outcome], key=_rank)
            for cf in ranked[: shown * 3]:
                if len(cf.edits) == 1:
                    cf.alternatives = alternatives.get(id(cf.edits[0]), [])
            out.extend(_verified(ranked, loaded, text, catalogue, treaties, overrides, shown, budget))
    return out


def _rank(cf: Counterfactual) -> tuple[int, int, int]:
    # A contested answer is settled first of all by a reading: show the pins before facts.
    def rank(e: Edit) -> int:
        return -1 if cf.before == "contested" and e.field.startswith("reading.") else e.rank

    return (len(cf.edits), sum(rank(e) for e in cf.edits), sum(e.cost for e in cf.edits))


def _record(
    found: dict[str, list[Counterfactual]],
    treaty: str,
    base: Mapping[str, str],
    statuses: Mapping[str, str],
    edits: tuple[Edit, ...],
    only: Sequence[str] | None = None,
) -> None:
    for outcome, items in found.items():
        if only is not None and outcome not in only:
            continue
        if statuses[outcome] != base[outcome]:
            items.append(Counterfactual(treaty, outcome, base[outcome], statuses[outcome], edits))


def _verified(
    ranked: Sequence[Counterfactual],
    loaded: LoadedScenario,
    text: str,
    catalogue: Catalogue,
    treaties: Sequence[str],
    overrides: Mapping[str, bool],
    shown: int,
    budget: Budget,
) -> list[Counterfactual]:
    """Write each change into the file's text, re-load and re-judge it; keep what really flips.

    Past the budget, only the smallest proposal is still verified (a re-judging each): the
    partial answer then has the smallest flip found, not a list of them."""
    out: list[Counterfactual] = []
    yaml = _yaml()
    name = str(loaded.path)
    for tried, cf in enumerate(ranked):
        if len(out) >= shown:
            break
        if tried and budget.spent():
            budget.stop(f"verifying the flips of {cf.treaty} {cf.outcome.replace('_', ' ')}")
            break
        document = yaml.load(text)
        apply(document, cf.edits, plain=False)
        stream = io.StringIO()
        yaml.dump(document, stream)
        new_text = stream.getvalue()
        try:
            changed = scenario_from(load_yaml(new_text, name), catalogue, loaded.path).scenario
        except InputError:
            continue
        changed._unstated_as_no = loaded.scenario._unstated_as_no
        verdict = judge(changed, catalogue, PythonEvaluator(), treaties=treaties, readings=overrides)
        if verdict.status(cf.treaty, cf.outcome) != cf.after:
            continue
        cf.text = new_text
        cf.diff = "".join(
            difflib.unified_diff(
                text.splitlines(keepends=True), new_text.splitlines(keepends=True), f"a/{name}", f"b/{name}"
            )
        )
        out.append(cf)
    return out


__all__ = ["Counterfactual", "whatif"]
